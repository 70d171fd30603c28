/* crm-lead-traffic.c: CrmLeadStore's traffic log (来店登记) and intent grading
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Part of CrmLeadStore (crm-lead-store.h).
 */
#define G_LOG_DOMAIN "crm-lead-store"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "crm-model-enum-types.h"
#include "crm-store-enum-types.h"
#include "crm-error.h"
#include "crm-schema.h"
#include "crm-store-private.h"

/* ------------------------------------------------------------------ */
/* Traffic log (来店登记)                                               */

/**
 * crm_lead_store_log_visit:
 * @customer_id: the customer, or 0 for a walk-in who left no details
 * @repeat: for anonymous traffic: a repeat visit; ignored for a customer,
 *   whose earlier visits decide
 * @people: how many came together (counted as walk-ins on a first visit)
 * @at: when, or 0 for now
 *
 * Returns: the visit's id, or 0 with @error set
 */
gint64
crm_lead_store_log_visit (CrmLeadStore  *domain,
                          gint64         customer_id,
                          gboolean       repeat,
                          int            people,
                          gint64         staff_id,
                          gint64         at,
                          GError       **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char earlier[] =
    "SELECT 1 FROM traffic_log WHERE customer_id = ?1 AND at <= ?2 LIMIT 1";
  static const char sql[] =
    "INSERT INTO traffic_log (at, customer_id, visit, people, staff_id) VALUES (?1, ?2, ?3, ?4, ?5)";
  CRM_AUTO_STMT stmt = NULL;
  gint64 id = 0;
  gboolean ok;

  g_return_val_if_fail (CRM_IS_STORE (self), 0);

  if (people < 1 || people > 50)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                   _("Enter how many people came, from 1 to 50."));
      return 0;
    }

  if (!crm_store_begin (self, error))
    return 0;

  ok = crm_store_check_staff (self, staff_id, error);
  if (ok && customer_id > 0)
    {
      CRM_AUTO_STMT e = NULL;

      ok = crm_store_customer_exists (self, customer_id, error) &&
           (e = crm_store_prepare (self, earlier, error)) != NULL;
      if (ok)
        {
          crm_db_stmt_bind_int64 (e, 1, customer_id);
          crm_db_stmt_bind_int64 (e, 2, at > 0 ? at : crm_store_now (self));
          repeat = crm_db_stmt_step (e) == CRM_DB_ROW;
        }
    }
  if (ok && (stmt = crm_store_prepare (self, sql, error)) != NULL)
    {
      crm_db_stmt_bind_int64 (stmt, 1, at > 0 ? at : crm_store_now (self));
      crm_store_bind_id_or_null (stmt, 2, customer_id);
      crm_db_stmt_bind_text_static (stmt, 3, repeat ? "repeat" : "first");
      crm_db_stmt_bind_int (stmt, 4, people);
      crm_store_bind_id_or_null (stmt, 5, staff_id);
      ok = crm_store_step_done (self, stmt, error);
      id = crm_db_last_insert_id (self->db);
      crm_store_queue_change (self, CRM_ENTITY_SHOWROOM, 0);
    }
  else
    ok = FALSE;

  if (!crm_store_finish_write (self, ok, error))
    return 0;
  return id;
}

/**
 * crm_lead_store_traffic_stats:
 * @from: start (inclusive, Unix seconds)
 * @until: end (exclusive)
 *
 * 留档率 registration rate = first visits linked to a customer record ÷
 * people on first visits; repeat-visit rate = repeat visits ÷ all visits.
 */
void
crm_lead_store_traffic_stats (CrmLeadStore    *domain,
                              gint64           from,
                              gint64           until,
                              CrmTrafficStats *stats)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] =
    "SELECT coalesce(sum(CASE WHEN visit = 'first' THEN people END), 0),"
    "       count(CASE WHEN visit = 'first' AND customer_id IS NOT NULL THEN 1 END),"
    "       count(*),"
    "       count(CASE WHEN visit = 'repeat' THEN 1 END)"
    " FROM traffic_log WHERE at >= ?1 AND at < ?2";
  CRM_AUTO_STMT stmt = NULL;

  g_return_if_fail (CRM_IS_STORE (self));

  memset (stats, 0, sizeof *stats);
  if ((stmt = crm_store_prepare (self, sql, NULL)) == NULL)
    return;
  crm_db_stmt_bind_int64 (stmt, 1, from);
  crm_db_stmt_bind_int64 (stmt, 2, until);
  if (crm_db_stmt_step (stmt) != CRM_DB_ROW)
    return;
  stats->walk_ins = crm_db_stmt_column_int64 (stmt, 0);
  stats->registered = crm_db_stmt_column_int64 (stmt, 1);
  stats->visits = crm_db_stmt_column_int64 (stmt, 2);
  stats->repeat_visits = crm_db_stmt_column_int64 (stmt, 3);
  stats->registration_rate = stats->walk_ins ? (double) stats->registered / stats->walk_ins : 0;
  stats->repeat_rate = stats->visits ? (double) stats->repeat_visits / stats->visits : 0;
}

/* ------------------------------------------------------------------ */
/* Grading                                                             */

/**
 * crm_lead_store_channel_conversion:
 * @rates: (out): per #CrmChannel, customers with a deal ordered or
 *   delivered ÷ customers from that channel; -1 with fewer than 20
 *   customers (too few to tell)
 */
void
crm_lead_store_channel_conversion (CrmLeadStore *domain,
                              double    rates[CRM_N_CHANNELS])
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] =
    "SELECT channel, count(*),"
    "  count(CASE WHEN EXISTS (SELECT 1 FROM deal d WHERE d.customer_id = c.id"
    "                          AND d.stage IN " WON_STAGES ") THEN 1 END)"
    " FROM customer c WHERE deleted_at IS NULL GROUP BY channel";
  CRM_AUTO_STMT stmt = NULL;

  for (int i = 0; i < CRM_N_CHANNELS; i++)
    rates[i] = -1;

  g_return_if_fail (CRM_IS_STORE (self));

  if ((stmt = crm_store_prepare (self, sql, NULL)) == NULL)
    return;
  while (crm_db_stmt_step (stmt) == CRM_DB_ROW)
    {
      int channel = crm_store_column_code (stmt, 0, CRM_TYPE_CHANNEL);
      gint64 total = crm_db_stmt_column_int64 (stmt, 1);

      if (total >= 20)
        rates[channel] = (double) crm_db_stmt_column_int64 (stmt, 2) / total;
    }
}

/**
 * crm_lead_store_get_facts:
 *
 * Gathers what the grade is proposed from: the customer's timeframe and
 * budget, the guide price of the first model of interest, visits (the
 * traffic log, visit follow-ups, a deal that reached Visited), test drive
 * (set by hand, a done test-drive follow-up or a deal that reached Test
 * drive), trade-in and financing, and the channel's
 * conversion in this showroom.
 */
gboolean
crm_lead_store_get_facts (CrmLeadStore  *domain,
                          gint64         customer_id,
                          CrmLeadFacts  *facts,
                          GError       **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] =
    "SELECT c.timeframe, c.budget_max, c.channel,"
    "  coalesce((SELECT max(m.guide_price) FROM customer_model cm"
    "            JOIN vehicle_model m ON m.id = cm.model_id WHERE cm.customer_id = c.id), 0),"
    "  (SELECT count(*) FROM traffic_log t WHERE t.customer_id = c.id),"
    "  (SELECT count(*) FROM activity a WHERE a.customer_id = c.id AND a.kind = 'visit'"
    "     AND a.done_at IS NOT NULL),"
    "  coalesce(f.test_drive, 0),"
    "  coalesce(f.trade_in, 0), coalesce(f.financing_approved, 0),"
    "  EXISTS (SELECT 1 FROM activity a WHERE a.customer_id = c.id"
    "     AND a.kind = 'test-drive' AND a.done_at IS NOT NULL) OR"
    "  EXISTS (SELECT 1 FROM stage_history h JOIN deal d ON d.id = h.deal_id"
    "     WHERE d.customer_id = c.id AND h.to_stage = 'test-drive'),"
    "  EXISTS (SELECT 1 FROM stage_history h JOIN deal d ON d.id = h.deal_id"
    "     WHERE d.customer_id = c.id AND h.to_stage IN ('visited', 'test-drive', 'negotiation',"
    "                                                   'ordered', 'delivered'))"
    " FROM customer c LEFT JOIN customer_facts f ON f.customer_id = c.id"
    " WHERE c.id = ?1 AND c.deleted_at IS NULL";
  CRM_AUTO_STMT stmt = NULL;
  double rates[CRM_N_CHANNELS];

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);
  g_return_val_if_fail (facts != NULL, FALSE);

  stmt = crm_store_select_row (self, sql, customer_id,
                               _("This customer does not exist or was deleted."), error);
  if (stmt == NULL)
    return FALSE;

  memset (facts, 0, sizeof *facts);
  facts->timeframe = crm_store_column_code (stmt, 0, CRM_TYPE_TIMEFRAME);
  facts->budget_max = crm_db_stmt_column_int64 (stmt, 1);
  facts->channel = crm_store_column_code (stmt, 2, CRM_TYPE_CHANNEL);
  facts->model_price = crm_db_stmt_column_int64 (stmt, 3);
  /* A deal that reached Visited means at least one visit */
  facts->visits = MAX (MAX (crm_db_stmt_column_int (stmt, 4), crm_db_stmt_column_int (stmt, 5)),
                       crm_db_stmt_column_int (stmt, 10) ? 1 : 0);
  facts->test_drive_logged = crm_db_stmt_column_int (stmt, 9);
  facts->test_drive = crm_db_stmt_column_int (stmt, 6) || facts->test_drive_logged;
  facts->trade_in = crm_db_stmt_column_int (stmt, 7);
  facts->financing_approved = crm_db_stmt_column_int (stmt, 8);

  crm_lead_store_channel_conversion (crm_store_get_lead_store (self), rates);
  facts->channel_conversion = rates[facts->channel];
  return TRUE;
}

gboolean
crm_lead_store_set_facts (CrmLeadStore  *domain,
                          gint64         customer_id,
                          gboolean       test_drive,
                          gboolean       trade_in,
                          gboolean       financing_approved,
                          GError       **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] =
    "INSERT INTO customer_facts (customer_id, test_drive, trade_in, financing_approved)"
    " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (customer_id) DO UPDATE SET"
    " test_drive = ?2, trade_in = ?3, financing_approved = ?4";
  CRM_AUTO_STMT stmt = NULL;
  gboolean ok;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);

  if (!crm_store_begin (self, error))
    return FALSE;
  ok = crm_store_customer_exists (self, customer_id, error) &&
       (stmt = crm_store_prepare (self, sql, error)) != NULL;
  if (ok)
    {
      crm_db_stmt_bind_int64 (stmt, 1, customer_id);
      crm_db_stmt_bind_int (stmt, 2, test_drive ? 1 : 0);
      crm_db_stmt_bind_int (stmt, 3, trade_in ? 1 : 0);
      crm_db_stmt_bind_int (stmt, 4, financing_approved ? 1 : 0);
      ok = crm_store_step_done (self, stmt, error);
      crm_store_queue_change (self, CRM_ENTITY_CUSTOMER, customer_id);
    }
  return crm_store_finish_write (self, ok, error);
}

/**
 * crm_lead_store_record_grade:
 * @grade: the grade the rep confirms
 * @proposed: the grade the rules proposed
 * @score: the lead score, 0–100
 * @reason: why the rep chose another grade than proposed (required then)
 *
 * Sets the customer's grade and score and keeps the change in the grade
 * history.
 */
gboolean
crm_lead_store_record_grade (CrmLeadStore  *domain,
                             gint64         customer_id,
                             CrmGrade       grade,
                             CrmGrade       proposed,
                             int            score,
                             const char    *reason,
                             gint64         staff_id,
                             GError       **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char old[] = "SELECT grade FROM customer WHERE id = ?1";
  static const char upd[] = "UPDATE customer SET grade = ?2, updated_at = ?3 WHERE id = ?1";
  static const char facts[] =
    "INSERT INTO customer_facts (customer_id, score) VALUES (?1, ?2)"
    " ON CONFLICT (customer_id) DO UPDATE SET score = ?2";
  static const char hist[] =
    "INSERT INTO grade_history (customer_id, from_grade, to_grade, proposed_grade, score,"
    "  reason, staff_id, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
  g_autofree char *why = g_strstrip (g_strdup (reason ? reason : ""));
  g_autofree char *from = NULL;
  gint64 now;
  gboolean ok;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);

  if (grade != proposed && why[0] == '\0')
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                   _("Say why you chose another grade than the one proposed."));
      return FALSE;
    }
  if (score < 0 || score > 100)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                   _("The lead score must be between 0 and 100."));
      return FALSE;
    }

  now = crm_store_now (self);
  if (!crm_store_begin (self, error))
    return FALSE;

  ok = crm_store_customer_exists (self, customer_id, error) &&
       crm_store_check_staff (self, staff_id, error);
  if (ok)
    {
      CRM_AUTO_STMT s = crm_store_prepare (self, old, error);

      ok = s != NULL;
      if (ok)
        {
          crm_db_stmt_bind_int64 (s, 1, customer_id);
          if (crm_db_stmt_step (s) == CRM_DB_ROW)
            from = g_strdup (crm_store_column_text (s, 0));
        }
    }
  if (ok)
    {
      CRM_AUTO_STMT s = crm_store_prepare (self, upd, error);

      ok = s != NULL;
      if (ok)
        {
          crm_db_stmt_bind_int64 (s, 1, customer_id);
          crm_store_bind_code (s, 2, CRM_TYPE_GRADE, grade);
          crm_db_stmt_bind_int64 (s, 3, now);
          ok = crm_store_step_done (self, s, error);
        }
    }
  if (ok)
    {
      CRM_AUTO_STMT s = crm_store_prepare (self, facts, error);

      ok = s != NULL;
      if (ok)
        {
          crm_db_stmt_bind_int64 (s, 1, customer_id);
          crm_db_stmt_bind_int (s, 2, score);
          ok = crm_store_step_done (self, s, error);
        }
    }
  if (ok)
    {
      CRM_AUTO_STMT s = crm_store_prepare (self, hist, error);

      ok = s != NULL;
      if (ok)
        {
          crm_db_stmt_bind_int64 (s, 1, customer_id);
          crm_store_bind_text_or_null (s, 2, from);
          crm_store_bind_code (s, 3, CRM_TYPE_GRADE, grade);
          crm_store_bind_code (s, 4, CRM_TYPE_GRADE, proposed);
          crm_db_stmt_bind_int (s, 5, score);
          crm_store_bind_text_or_null (s, 6, why);
          crm_store_bind_id_or_null (s, 7, staff_id);
          crm_db_stmt_bind_int64 (s, 8, now);
          ok = crm_store_step_done (self, s, error);
        }
    }
  /* A new grade is a new limit in the public pool */
  if (ok && g_strcmp0 (from, crm_enum_to_code (CRM_TYPE_GRADE, grade)) != 0)
    ok = crm_lead_store_rewind_pool_cursors (domain, customer_id, error);
  if (ok)
    crm_store_queue_change (self, CRM_ENTITY_CUSTOMER, customer_id);
  return crm_store_finish_write (self, ok, error);
}

guint
crm_lead_store_count_grade_history (CrmLeadStore *domain,
                                    gint64        customer_id)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] = "SELECT count(*) FROM grade_history WHERE customer_id = ?1";
  CRM_AUTO_STMT stmt = NULL;

  g_return_val_if_fail (CRM_IS_STORE (self), 0);

  if ((stmt = crm_store_prepare (self, sql, NULL)) == NULL)
    return 0;
  crm_db_stmt_bind_int64 (stmt, 1, customer_id);
  return crm_db_stmt_step (stmt) == CRM_DB_ROW ? crm_db_stmt_column_int (stmt, 0) : 0;
}
