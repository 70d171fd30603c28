/* crm-lead-store.c: CrmLeadStore, leads in — assignment, the public pool (公海), notices, traffic, grading
 * log (来店登记) and intent grading
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A lead without an owner is in the public pool. Every change of owner
 * writes an assignment_log row (from, to, by whom, why), and what the
 * people involved should hear about goes into lead_notice, which the
 * rep's list shows (and a reminder service may turn into notifications).
 *
 * Only reading and writing here: who gets a lead, when one returns to the
 * pool and how many a rep may claim are decided in src/services/
 * (crm-assignment.c, crm-pool.c, crm-leads.c), inside one transaction
 * that holds both what they read and what they write.
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


void
crm_assignment_free (CrmAssignment *assignment)
{
  if (assignment == NULL)
    return;
  g_free (assignment->reason);
  g_free (assignment);
}

/* ------------------------------------------------------------------ */
/* Rules                                                               */



/* ------------------------------------------------------------------ */
/* Who may get a lead                                                  */

/**
 * crm_lead_store_check_assignee:
 * @staff_id: who would hold a customer, or 0 for the public pool
 *
 * Returns: %TRUE when @staff_id is 0 or someone who works here; else
 *   %FALSE with a #CRM_ERROR_INVALID_INPUT saying why
 */
gboolean
crm_lead_store_check_assignee (CrmLeadStore  *domain,
                               gint64         staff_id,
                               GError       **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);

  return crm_store_check_staff (self, staff_id, error);
}

static void
candidate_clear (gpointer data)
{
  g_clear_pointer (&((CrmLeadCandidate *) data)->brands, g_strfreev);
}

/**
 * crm_lead_store_list_candidates:
 * @with_load: also read each rep's open leads and last assignment
 * @with_brands: also read the brands each rep takes
 *
 * Reads the reps who may get a lead by the rule: sales staff, active and
 * on duty, in id order, with the channels they take.
 *
 * Returns: (transfer full) (element-type CrmLeadCandidate): the reps (the
 *   array frees their brands), or %NULL with @error set
 */
GArray *
crm_lead_store_list_candidates (CrmLeadStore  *domain,
                                gboolean       with_load,
                                gboolean       with_brands,
                                GError       **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char with_load_sql[] =
    "SELECT s.id,"
    "  (SELECT count(*) FROM customer c WHERE c.owner_id = s.id AND c.deleted_at IS NULL"
    "     AND c.grade IN ('H', 'A')),"
    "  coalesce((SELECT max(at) FROM assignment_log l WHERE l.to_staff = s.id), 0)"
    " FROM staff s WHERE s.active AND s.on_duty AND s.role = 'sales' ORDER BY s.id";
  static const char without_sql[] =
    "SELECT s.id, 0, 0 FROM staff s WHERE s.active AND s.on_duty AND s.role = 'sales' ORDER BY s.id";
  g_autoptr(GArray) candidates = NULL;
  CRM_AUTO_STMT stmt = NULL;

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);

  if ((stmt = crm_store_prepare (self, with_load ? with_load_sql : without_sql, error)) == NULL)
    return NULL;

  candidates = g_array_new (FALSE, TRUE, sizeof (CrmLeadCandidate));
  g_array_set_clear_func (candidates, candidate_clear);
  while (crm_db_stmt_step (stmt) == CRM_DB_ROW)
    {
      CrmLeadCandidate c = { 0, };

      c.id = crm_db_stmt_column_int64 (stmt, 0);
      c.open_leads = crm_db_stmt_column_int64 (stmt, 1);
      c.last_assigned = crm_db_stmt_column_int64 (stmt, 2);
      g_array_append_val (candidates, c);
    }

  for (guint i = 0; i < candidates->len; i++)
    {
      CrmLeadCandidate *c = &g_array_index (candidates, CrmLeadCandidate, i);

      c->channels = crm_staff_store_get_channels (crm_store_get_staff_store (self), c->id);
      if (with_brands)
        c->brands = crm_staff_store_get_brands (crm_store_get_staff_store (self), c->id);
    }
  return g_steal_pointer (&candidates);
}

/**
 * crm_lead_store_get_owner:
 * @owner_id: (out): who holds the customer, 0 for the public pool
 * @channel: (out) (optional): where the lead came from
 *
 * Returns: %FALSE with @error set when the customer does not exist or was
 *   deleted
 */
gboolean
crm_lead_store_get_owner (CrmLeadStore  *domain,
                          gint64         customer_id,
                          gint64        *owner_id,
                          CrmChannel    *channel,
                          GError       **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] =
    "SELECT coalesce(owner_id, 0), channel FROM customer WHERE id = ?1 AND deleted_at IS NULL";
  CRM_AUTO_STMT stmt = NULL;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);
  g_return_val_if_fail (owner_id != NULL, FALSE);

  stmt = crm_store_select_row (self, sql, customer_id,
                               _("This customer does not exist or was deleted."), error);
  if (stmt == NULL)
    return FALSE;
  *owner_id = crm_db_stmt_column_int64 (stmt, 0);
  if (channel)
    *channel = crm_store_column_code (stmt, 1, CRM_TYPE_CHANNEL);
  return TRUE;
}

/**
 * crm_lead_store_dup_brand:
 *
 * Returns: (transfer full) (nullable): the brand of the first model the
 *   customer is interested in
 */
char *
crm_lead_store_dup_brand (CrmLeadStore *domain,
                          gint64        customer_id)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  /* position: the order the models were picked in (schema version 12) */
  static const char sql[] =
    "SELECT m.brand FROM customer_model cm JOIN vehicle_model m ON m.id = cm.model_id"
    " WHERE cm.customer_id = ?1 ORDER BY cm.position LIMIT 1";
  CRM_AUTO_STMT stmt = NULL;

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);

  if ((stmt = crm_store_prepare (self, sql, NULL)) == NULL)
    return NULL;
  crm_db_stmt_bind_int64 (stmt, 1, customer_id);
  if (crm_db_stmt_step (stmt) != CRM_DB_ROW)
    return NULL;
  return g_strdup ((const char *) crm_db_stmt_column_text (stmt, 0));
}

/* Bookkeeping of the rules (where round robin stands, how far the pool
 * deadlines got): written inside the rule's transaction, announced to
 * nobody — no view shows it */
static gboolean
set_bookkeeping (CrmStore    *self,
                 const char  *key,
                 const char  *value,
                 GError     **error)
{
  static const char set_sql[] =
    "INSERT INTO meta (key, value) VALUES (?1, ?2)"
    " ON CONFLICT (key) DO UPDATE SET value = excluded.value";
  static const char del_sql[] = "DELETE FROM meta WHERE key = ?1";
  CRM_AUTO_STMT stmt = crm_store_prepare (self, value ? set_sql : del_sql, error);

  if (stmt == NULL)
    return FALSE;
  crm_db_stmt_bind_text_static (stmt, 1, key);
  if (value != NULL)
    crm_db_stmt_bind_text (stmt, 2, value);
  return crm_store_step_done (self, stmt, error);
}

/**
 * crm_lead_store_get_round_robin_last:
 *
 * Returns: the rep who got the last lead by round robin, or 0
 */
gint64
crm_lead_store_get_round_robin_last (CrmLeadStore *domain)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  g_return_val_if_fail (CRM_IS_STORE (self), 0);

  return crm_store_get_meta_int (self, "leads.round-robin-last", G_MAXINT, 0);
}

gboolean
crm_lead_store_set_round_robin_last (CrmLeadStore  *domain,
                                     gint64         staff_id,
                                     GError       **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  char text[24];

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);

  g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, staff_id);
  if (!crm_store_begin (self, error))
    return FALSE;
  return crm_store_finish_write (self, set_bookkeeping (self, "leads.round-robin-last", text, error),
                                 error);
}

/* ------------------------------------------------------------------ */
/* Writing assignments                                                 */

/**
 * crm_lead_store_add_notice:
 * @staff_id: who should hear about it, or 0
 * @for_managers: the managers should hear about it
 * @kind: one of the CRM_NOTICE_ strings
 */
gboolean
crm_lead_store_add_notice (CrmLeadStore  *domain,
                           gint64         staff_id,
                           gboolean       for_managers,
                           gint64         customer_id,
                           const char    *kind,
                           GError       **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] =
    "INSERT INTO lead_notice (staff_id, for_managers, customer_id, kind, at)"
    " VALUES (?1, ?2, ?3, ?4, ?5)";
  CRM_AUTO_STMT stmt = NULL;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);
  g_return_val_if_fail (kind != NULL, FALSE);

  if (!crm_store_begin (self, error))
    return FALSE;
  if ((stmt = crm_store_prepare (self, sql, error)) == NULL)
    return crm_store_finish_write (self, FALSE, error);
  crm_store_bind_id_or_null (stmt, 1, staff_id);
  crm_db_stmt_bind_int (stmt, 2, for_managers);
  crm_db_stmt_bind_int64 (stmt, 3, customer_id);
  crm_db_stmt_bind_text_static (stmt, 4, kind);
  crm_db_stmt_bind_int64 (stmt, 5, crm_store_now (self));
  return crm_store_finish_write (self, crm_store_step_done (self, stmt, error), error);
}

/* Changes the owner inside an open transaction and records why */
static gboolean
set_owner (CrmStore    *self,
           gint64       customer_id,
           gint64       from,
           gint64       to,
           gint64       by,
           const char  *reason,
           gint64       due,
           GError     **error)
{
  static const char upd[] =
    "UPDATE customer SET owner_id = ?2, assigned_at = ?3, first_contact_due_at = ?4,"
    "  pool_warned_at = NULL, updated_at = ?5 WHERE id = ?1";
  static const char deals[] =
    "UPDATE deal SET owner_id = ?2 WHERE customer_id = ?1"
    "  AND stage NOT IN ('delivered', 'lost', 'invalid')";
  static const char log[] =
    "INSERT INTO assignment_log (customer_id, from_staff, to_staff, by_staff, reason, at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
  gint64 now = crm_store_now (self);
  CRM_AUTO_STMT u = crm_store_prepare (self, upd, error);
  CRM_AUTO_STMT d = u ? crm_store_prepare (self, deals, error) : NULL;
  CRM_AUTO_STMT l = d ? crm_store_prepare (self, log, error) : NULL;

  if (l == NULL)
    return FALSE;

  crm_db_stmt_bind_int64 (u, 1, customer_id);
  crm_store_bind_id_or_null (u, 2, to);
  if (to > 0)
    crm_db_stmt_bind_int64 (u, 3, now);
  else
    crm_db_stmt_bind_null (u, 3);
  crm_store_bind_id_or_null (u, 4, due);
  crm_db_stmt_bind_int64 (u, 5, now);
  if (!crm_store_step_done (self, u, error))
    return FALSE;

  crm_db_stmt_bind_int64 (d, 1, customer_id);
  crm_store_bind_id_or_null (d, 2, to);
  if (!crm_store_step_done (self, d, error))
    return FALSE;

  crm_db_stmt_bind_int64 (l, 1, customer_id);
  crm_store_bind_id_or_null (l, 2, from);
  crm_store_bind_id_or_null (l, 3, to);
  crm_store_bind_id_or_null (l, 4, by);
  crm_db_stmt_bind_text_static (l, 5, reason);
  crm_db_stmt_bind_int64 (l, 6, now);
  if (!crm_store_step_done (self, l, error))
    return FALSE;

  if (to > 0 && to != by &&
      !crm_lead_store_add_notice (crm_store_get_lead_store (self), to, FALSE, customer_id, CRM_NOTICE_ASSIGNED, error))
    return FALSE;

  crm_store_queue_change (self, CRM_ENTITY_CUSTOMER, customer_id);
  return TRUE;
}

/**
 * crm_lead_store_write_assignment:
 * @from_staff: the owner before (recorded), 0 for the pool
 * @to_staff: the new owner, 0 for the pool
 * @by_staff: who decided, 0 for the rules
 * @reason: one of the CRM_ASSIGN_REASON_ strings
 * @first_contact_due: when the new owner must have contacted the lead, or 0
 *
 * Writes a change of owner decided elsewhere: the customer and their open
 * deals, the assignment log, and the notice for the new owner. Checks
 * nothing but that the new owner works here: a rule that decided on what
 * it read calls this inside the same transaction.
 */
gboolean
crm_lead_store_write_assignment (CrmLeadStore  *domain,
                                 gint64         customer_id,
                                 gint64         from_staff,
                                 gint64         to_staff,
                                 gint64         by_staff,
                                 const char    *reason,
                                 gint64         first_contact_due,
                                 GError       **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  gboolean ok;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);
  g_return_val_if_fail (reason != NULL, FALSE);

  if (!crm_store_begin (self, error))
    return FALSE;
  ok = crm_store_check_staff (self, to_staff, error) &&
       set_owner (self, customer_id, from_staff, to_staff, by_staff, reason, first_contact_due, error);
  return crm_store_finish_write (self, ok, error);
}

/**
 * crm_lead_store_assign_customer:
 * @to_staff: the new owner, 0 for the public pool
 * @by_staff: who decided (a manager), 0 for the system
 * @reason: one of the CRM_ASSIGN_REASON_ strings
 *
 * Returns: %TRUE when the owner was changed and the change recorded
 */
gboolean
crm_lead_store_assign_customer (CrmLeadStore  *domain,
                                gint64         customer_id,
                                gint64         to_staff,
                                gint64         by_staff,
                                const char    *reason,
                                GError       **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  gint64 owner = 0;
  gboolean ok;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);
  g_return_val_if_fail (reason != NULL, FALSE);

  if (!crm_store_begin (self, error))
    return FALSE;
  ok = crm_lead_store_get_owner (crm_store_get_lead_store (self), customer_id, &owner, NULL, error) &&
       crm_store_check_staff (self, to_staff, error);
  if (ok && owner != to_staff)
    ok = set_owner (self, customer_id, owner, to_staff, by_staff, reason, 0, error);
  return crm_store_finish_write (self, ok, error);
}

/**
 * crm_lead_store_assign_bulk:
 * @customer_ids: ids (gint64)
 * @to_staff: the new owner, or 0 to release them all to the pool
 *
 * A manager's bulk assignment or release, all or nothing.
 *
 * Returns: how many changed owner (0 on error, with @error set)
 */
guint
crm_lead_store_assign_bulk (CrmLeadStore  *domain,
                            GArray        *customer_ids,
                            gint64         to_staff,
                            gint64         by_staff,
                            GError       **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  const char *reason = to_staff > 0 ? CRM_ASSIGN_REASON_MANUAL : CRM_ASSIGN_REASON_POOL_RELEASE;
  guint changed = 0;
  gboolean ok;

  g_return_val_if_fail (CRM_IS_STORE (self), 0);
  g_return_val_if_fail (customer_ids != NULL, 0);

  if (!crm_store_begin (self, error))
    return 0;
  ok = crm_store_check_staff (self, to_staff, error);
  for (guint i = 0; ok && i < customer_ids->len; i++)
    {
      gint64 id = g_array_index (customer_ids, gint64, i);
      gint64 owner = 0;

      ok = crm_lead_store_get_owner (crm_store_get_lead_store (self), id, &owner, NULL, error);
      if (ok && owner != to_staff)
        {
          ok = set_owner (self, id, owner, to_staff, by_staff, reason, 0, error);
          changed++;
        }
    }
  if (!crm_store_finish_write (self, ok, error))
    return 0;
  return changed;
}

/**
 * crm_lead_store_staff_leave:
 * @staff_id: the rep who leaves
 * @to_staff: who takes their customers, or 0 for the pool
 *
 * Marks the rep as gone (not active, off duty) and hands every customer
 * they held on, recorded one by one.
 *
 * Returns: how many customers were handed on; 0 with @error on failure
 */
guint
crm_lead_store_staff_leave (CrmLeadStore  *domain,
                            gint64         staff_id,
                            gint64         to_staff,
                            gint64         by_staff,
                            GError       **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char held[] =
    "SELECT id FROM customer WHERE owner_id = ?1 AND deleted_at IS NULL ORDER BY id";
  static const char leave[] = "UPDATE staff SET active = FALSE, on_duty = FALSE WHERE id = ?1";
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint changed = 0;
  gboolean ok;

  g_return_val_if_fail (CRM_IS_STORE (self), 0);

  if (to_staff == staff_id)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                   _("Choose someone else to take over the customers."));
      return 0;
    }

  if (!crm_store_begin (self, error))
    return 0;
  ok = crm_store_check_staff (self, to_staff, error);
  if (ok)
    {
      CRM_AUTO_STMT stmt = crm_store_prepare (self, held, error);

      ok = stmt != NULL;
      if (ok)
        {
          crm_db_stmt_bind_int64 (stmt, 1, staff_id);
          while (crm_db_stmt_step (stmt) == CRM_DB_ROW)
            {
              gint64 id = crm_db_stmt_column_int64 (stmt, 0);
              g_array_append_val (ids, id);
            }
        }
    }
  for (guint i = 0; ok && i < ids->len; i++)
    {
      ok = set_owner (self, g_array_index (ids, gint64, i), staff_id, to_staff, by_staff,
                      CRM_ASSIGN_REASON_STAFF_LEFT, 0, error);
      changed++;
    }
  if (ok)
    {
      CRM_AUTO_STMT stmt = crm_store_prepare (self, leave, error);

      ok = stmt != NULL;
      if (ok)
        {
          crm_db_stmt_bind_int64 (stmt, 1, staff_id);
          ok = crm_store_step_done (self, stmt, error);
          crm_store_queue_change (self, CRM_ENTITY_STAFF, staff_id);
        }
    }
  if (!crm_store_finish_write (self, ok, error))
    return 0;
  return changed;
}

gint64
crm_lead_store_count_held (CrmLeadStore *domain,
                           gint64        staff_id)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] =
    "SELECT count(*) FROM customer WHERE owner_id = ?1 AND deleted_at IS NULL";
  CRM_AUTO_STMT stmt = NULL;

  g_return_val_if_fail (CRM_IS_STORE (self), 0);

  if ((stmt = crm_store_prepare (self, sql, NULL)) == NULL)
    return 0;
  crm_db_stmt_bind_int64 (stmt, 1, staff_id);
  return crm_db_stmt_step (stmt) == CRM_DB_ROW ? crm_db_stmt_column_int64 (stmt, 0) : 0;
}

gint64
crm_lead_store_count_pool (CrmLeadStore *domain)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] =
    "SELECT count(*) FROM customer WHERE owner_id IS NULL AND deleted_at IS NULL";
  CRM_AUTO_STMT stmt = NULL;

  g_return_val_if_fail (CRM_IS_STORE (self), 0);

  if ((stmt = crm_store_prepare (self, sql, NULL)) == NULL)
    return 0;
  return crm_db_stmt_step (stmt) == CRM_DB_ROW ? crm_db_stmt_column_int64 (stmt, 0) : 0;
}

/* ------------------------------------------------------------------ */
/* Deadlines: first contact, pool warning, pool release               */

/**
 * crm_lead_store_clear_contacted_first_contacts:
 *
 * Ends the first-contact clock of every lead contacted since it was
 * assigned.
 */
gboolean
crm_lead_store_clear_contacted_first_contacts (CrmLeadStore  *domain,
                                               GError       **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] =
    "UPDATE customer SET first_contact_due_at = NULL"
    " WHERE first_contact_due_at IS NOT NULL AND deleted_at IS NULL"
    "   AND last_contact_at >= assigned_at";

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);

  if (!crm_store_begin (self, error))
    return FALSE;
  return crm_store_finish_write (self, crm_store_exec (self, sql, error), error);
}

/**
 * crm_lead_store_list_missed_first_contacts:
 * @now: the time
 * @limit: at most this many
 *
 * Returns: (transfer full) (element-type gint64): the leads not contacted
 *   by their first-contact deadline, the earliest deadline first; %NULL
 *   with @error set on failure
 */
GArray *
crm_lead_store_list_missed_first_contacts (CrmLeadStore  *domain,
                                           gint64         now,
                                           guint          limit,
                                           GError       **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] =
    "SELECT id FROM customer WHERE first_contact_due_at <= ?1"
    "  AND first_contact_due_at IS NOT NULL AND deleted_at IS NULL"
    "  AND (last_contact_at IS NULL OR last_contact_at < assigned_at) ORDER BY first_contact_due_at"
    " LIMIT ?2";
  CRM_AUTO_STMT stmt = NULL;
  GArray *ids;

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);

  if ((stmt = crm_store_prepare (self, sql, error)) == NULL)
    return NULL;
  crm_db_stmt_bind_int64 (stmt, 1, now);
  crm_db_stmt_bind_int64 (stmt, 2, limit);
  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  while (crm_db_stmt_step (stmt) == CRM_DB_ROW)
    {
      gint64 id = crm_db_stmt_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  return ids;
}

/**
 * crm_lead_store_clear_first_contact_due:
 *
 * Stops the first-contact clock of one lead (nobody else could take it).
 */
gboolean
crm_lead_store_clear_first_contact_due (CrmLeadStore  *domain,
                                        gint64         customer_id,
                                        GError       **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] = "UPDATE customer SET first_contact_due_at = NULL WHERE id = ?1";
  CRM_AUTO_STMT stmt = NULL;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);

  if (!crm_store_begin (self, error))
    return FALSE;
  if ((stmt = crm_store_prepare (self, sql, error)) == NULL)
    return crm_store_finish_write (self, FALSE, error);
  crm_db_stmt_bind_int64 (stmt, 1, customer_id);
  return crm_store_finish_write (self, crm_store_step_done (self, stmt, error), error);
}

static gint64
select_min (CrmStore   *self,
            const char *sql,
            gint64      arg)
{
  CRM_AUTO_STMT stmt = crm_store_prepare (self, sql, NULL);

  if (stmt == NULL)
    return 0;
  crm_db_stmt_bind_int64 (stmt, 1, arg);
  if (crm_db_stmt_step (stmt) == CRM_DB_ROW && !crm_db_stmt_column_is_null (stmt, 0))
    return crm_db_stmt_column_int64 (stmt, 0);
  return 0;
}

/**
 * crm_lead_store_get_next_first_contact_due:
 * @after: a time
 *
 * Returns: the earliest first-contact deadline after @after, or 0
 */
gint64
crm_lead_store_get_next_first_contact_due (CrmLeadStore *domain,
                                           gint64        after)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] =
    "SELECT min(first_contact_due_at) FROM customer WHERE first_contact_due_at > ?1"
    "  AND deleted_at IS NULL";

  g_return_val_if_fail (CRM_IS_STORE (self), 0);

  return select_min (self, sql, after);
}

/* A held customer's pool clock: the expression the customer_pool_clock
 * index is built on (schema version 5), so every pool query uses it */
#define POOL_CLOCK "coalesce(last_contact_at, assigned_at, created_at)"
#define POOL_WHERE " owner_id IS NOT NULL AND deleted_at IS NULL"

/* Each grade has its own pool limit (the rules): its held customers are
 * walked on their own, on the customer_pool_grade index (schema 18), each
 * walk with its own cursor */

/**
 * crm_lead_store_get_oldest_pool_clock:
 * @after: a time
 *
 * Returns: the earliest pool clock (last contact, else assignment, else
 *   creation) of a held customer after @after, or 0
 */
gint64
crm_lead_store_get_oldest_pool_clock (CrmLeadStore *domain,
                                      CrmGrade      grade,
                                      gint64        after)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] =
    "SELECT min(" POOL_CLOCK ") FROM customer WHERE grade = ?2 AND" POOL_WHERE " AND " POOL_CLOCK " > ?1";
  CRM_AUTO_STMT stmt = NULL;

  g_return_val_if_fail (CRM_IS_STORE (self), 0);

  if ((stmt = crm_store_prepare (self, sql, NULL)) == NULL)
    return 0;
  crm_db_stmt_bind_int64 (stmt, 1, after);
  crm_store_bind_code (stmt, 2, CRM_TYPE_GRADE, grade);
  return crm_db_stmt_step (stmt) == CRM_DB_ROW ? crm_db_stmt_column_int64 (stmt, 0) : 0;
}

static char *
pool_cursor_key (CrmPoolCursorKind kind,
                 CrmGrade          grade)
{
  return g_strdup_printf ("%s-%s", kind == CRM_POOL_CURSOR_RELEASE ? "leads.pool-release-after"
                                                                   : "leads.pool-warning-after",
                          crm_enum_to_code (CRM_TYPE_GRADE, grade));
}

/**
 * crm_lead_store_get_pool_cursor:
 * @cursor: (out): how far the deadline got; both fields %G_MININT64 when
 *   it never ran (or the rules changed since)
 */
void
crm_lead_store_get_pool_cursor (CrmLeadStore      *domain,
                                CrmPoolCursorKind  kind,
                                CrmGrade           grade,
                                CrmPoolCursor     *cursor)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  g_autofree char *value = NULL;
  g_autofree char *key = pool_cursor_key (kind, grade);
  char *end = NULL;

  g_return_if_fail (CRM_IS_STORE (self));
  g_return_if_fail (cursor != NULL);

  cursor->clock = cursor->id = G_MININT64;
  if ((value = crm_store_dup_meta (self, key)) == NULL)
    return;
  cursor->clock = g_ascii_strtoll (value, &end, 10);
  cursor->id = *end == ' ' ? g_ascii_strtoll (end + 1, NULL, 10) : G_MAXINT64;
}

gboolean
crm_lead_store_set_pool_cursor (CrmLeadStore         *domain,
                                CrmPoolCursorKind     kind,
                                CrmGrade              grade,
                                const CrmPoolCursor  *cursor,
                                GError              **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  g_autofree char *key = pool_cursor_key (kind, grade);
  char text[48];

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);
  g_return_val_if_fail (cursor != NULL, FALSE);

  g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT " %" G_GINT64_FORMAT, cursor->clock, cursor->id);
  if (!crm_store_begin (self, error))
    return FALSE;
  return crm_store_finish_write (self, set_bookkeeping (self, key, text, error), error);
}

/**
 * crm_lead_store_rewind_pool_cursors:
 *
 * A held customer's grade changed: their grade's walks may have passed
 * their pool clock already (a C-grade customer made H is due sooner than
 * the H walk reached). Each walk of their grade that did is moved back to
 * just before them, so their new limit counts. Call in the transaction
 * that changed the grade.
 */
gboolean
crm_lead_store_rewind_pool_cursors (CrmLeadStore  *domain,
                                    gint64         customer_id,
                                    GError       **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] =
    "SELECT grade, " POOL_CLOCK " FROM customer WHERE id = ?1 AND" POOL_WHERE;
  CRM_AUTO_STMT stmt = NULL;
  CrmGrade grade;
  gint64 clock;
  gboolean ok = TRUE;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);

  if ((stmt = crm_store_prepare (self, sql, error)) == NULL)
    return FALSE;
  crm_db_stmt_bind_int64 (stmt, 1, customer_id);
  if (crm_db_stmt_step (stmt) != CRM_DB_ROW)
    return TRUE;   /* in the pool, or gone: nothing of theirs is walked */
  grade = crm_store_column_code (stmt, 0, CRM_TYPE_GRADE);
  clock = crm_db_stmt_column_int64 (stmt, 1);

  for (int kind = CRM_POOL_CURSOR_RELEASE; ok && kind <= CRM_POOL_CURSOR_WARNING; kind++)
    {
      CrmPoolCursor cursor;

      crm_lead_store_get_pool_cursor (domain, kind, grade, &cursor);
      if (cursor.clock > clock || (cursor.clock == clock && cursor.id >= customer_id))
        {
          cursor.clock = clock;
          cursor.id = customer_id - 1;
          ok = crm_lead_store_set_pool_cursor (domain, kind, grade, &cursor, error);
        }
    }
  return ok;
}

static void
append_pool_due (CrmDbStmt *stmt,
                 GArray    *rows)
{
  while (crm_db_stmt_step (stmt) == CRM_DB_ROW)
    {
      CrmPoolDue row;

      row.id = crm_db_stmt_column_int64 (stmt, 0);
      row.owner_id = crm_db_stmt_column_int64 (stmt, 1);
      row.clock = crm_db_stmt_column_int64 (stmt, 2);
      row.won = crm_db_stmt_column_int (stmt, 3);
      row.warned = crm_db_stmt_column_int (stmt, 4);
      g_array_append_val (rows, row);
    }
}

/**
 * crm_lead_store_list_pool_due:
 * @until: the latest pool clock wanted
 * @after: where the last call stopped
 * @limit: at most this many
 *
 * Reads the held customers whose pool clock is at most @until, ordered
 * by (pool clock, id) and strictly after @after, whether they bought or
 * not: a caller that moves @after on to the last row read never reads a
 * customer twice, so catching up on many days costs what is due, once.
 * Both reads walk the customer_pool_clock index (whose entries end with
 * the id): the ties at @after's clock, then the later clocks.
 *
 * Returns: (transfer full) (element-type CrmPoolDue): the customers, or
 *   %NULL with @error set
 */
GArray *
crm_lead_store_list_pool_due (CrmLeadStore         *domain,
                              CrmGrade              grade,
                              gint64                until,
                              const CrmPoolCursor  *after,
                              guint                 limit,
                              GError              **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
#define POOL_DUE_COLUMNS \
  "SELECT id, owner_id, " POOL_CLOCK "," \
  "  EXISTS (SELECT 1 FROM deal d WHERE d.customer_id = customer.id" \
  "          AND d.stage IN ('ordered', 'delivered'))," \
  "  CASE WHEN pool_warned_at >= " POOL_CLOCK " THEN 1 ELSE 0 END" \
  " FROM customer WHERE grade = ?4 AND" POOL_WHERE
  static const char ties_sql[] =
    POOL_DUE_COLUMNS " AND " POOL_CLOCK " = ?1 AND id > ?2 ORDER BY id LIMIT ?3";
  static const char later_sql[] =
    POOL_DUE_COLUMNS " AND " POOL_CLOCK " > ?1 AND " POOL_CLOCK " <= ?2"
    " ORDER BY " POOL_CLOCK ", id LIMIT ?3";
#undef POOL_DUE_COLUMNS
  g_autoptr(GArray) rows = NULL;

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);
  g_return_val_if_fail (after != NULL, NULL);

  rows = g_array_new (FALSE, FALSE, sizeof (CrmPoolDue));
  if (after->clock > until || limit == 0)
    return g_steal_pointer (&rows);

  if (after->clock > G_MININT64 && after->id < G_MAXINT64)
    {
      CRM_AUTO_STMT stmt = crm_store_prepare (self, ties_sql, error);

      if (stmt == NULL)
        return NULL;
      crm_db_stmt_bind_int64 (stmt, 1, after->clock);
      crm_db_stmt_bind_int64 (stmt, 2, after->id);
      crm_db_stmt_bind_int64 (stmt, 3, limit);
      crm_store_bind_code (stmt, 4, CRM_TYPE_GRADE, grade);
      append_pool_due (stmt, rows);
    }
  if (rows->len < limit)
    {
      CRM_AUTO_STMT stmt = crm_store_prepare (self, later_sql, error);

      if (stmt == NULL)
        return NULL;
      crm_db_stmt_bind_int64 (stmt, 1, after->clock);
      crm_db_stmt_bind_int64 (stmt, 2, until);
      crm_db_stmt_bind_int64 (stmt, 3, limit - rows->len);
      crm_store_bind_code (stmt, 4, CRM_TYPE_GRADE, grade);
      append_pool_due (stmt, rows);
    }
  return g_steal_pointer (&rows);
}

/**
 * crm_lead_store_mark_pool_warned:
 * @at: when the rep was warned
 */
gboolean
crm_lead_store_mark_pool_warned (CrmLeadStore  *domain,
                                 gint64         customer_id,
                                 gint64         at,
                                 GError       **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] = "UPDATE customer SET pool_warned_at = ?2 WHERE id = ?1";

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);

  return crm_store_write_one (self, CRM_ENTITY_CUSTOMER, customer_id, sql,
                              CRM_PARAMS (CRM_INT64 (customer_id),
                                          CRM_INT64 (at)),
                              error);
}

/**
 * crm_lead_store_list_assignments:
 *
 * Returns: (transfer full) (element-type CrmAssignment): the customer's
 *   assignment history, oldest first
 */
GPtrArray *
crm_lead_store_list_assignments (CrmLeadStore *domain,
                                 gint64        customer_id)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] =
    "SELECT coalesce(from_staff, 0), coalesce(to_staff, 0), coalesce(by_staff, 0), reason, at"
    " FROM assignment_log WHERE customer_id = ?1 ORDER BY at, id";
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) crm_assignment_free);
  CRM_AUTO_STMT stmt = NULL;

  g_return_val_if_fail (CRM_IS_STORE (self), list);

  if ((stmt = crm_store_prepare (self, sql, NULL)) == NULL)
    return list;
  crm_db_stmt_bind_int64 (stmt, 1, customer_id);
  while (crm_db_stmt_step (stmt) == CRM_DB_ROW)
    {
      CrmAssignment *a = g_new0 (CrmAssignment, 1);

      a->customer_id = customer_id;
      a->from_staff = crm_db_stmt_column_int64 (stmt, 0);
      a->to_staff = crm_db_stmt_column_int64 (stmt, 1);
      a->by_staff = crm_db_stmt_column_int64 (stmt, 2);
      a->reason = g_strdup (crm_store_column_text (stmt, 3));
      a->at = crm_db_stmt_column_int64 (stmt, 4);
      g_ptr_array_add (list, a);
    }
  return list;
}
