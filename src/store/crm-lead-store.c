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

/* The two kinds of unnotified notices, each read from its own index: one's
 * own (lead_notice_unnotified) and, for a manager, the notices for managers
 * (lead_notice_managers_unseen). One query with an OR walked every unseen notice. */
#define UNNOTIFIED_OWN_SQL \
  " FROM lead_notice n INDEXED BY lead_notice_unnotified JOIN customer c ON c.id = n.customer_id" \
  " WHERE n.staff_id = ?1 AND n.notified_at IS NULL AND n.seen_at IS NULL AND c.deleted_at IS NULL"
#define UNNOTIFIED_MANAGERS_SQL \
  " FROM lead_notice n INDEXED BY lead_notice_managers_unseen JOIN customer c ON c.id = n.customer_id" \
  " WHERE n.for_managers AND n.staff_id IS NOT ?1" \
  "   AND n.notified_at IS NULL AND n.seen_at IS NULL AND c.deleted_at IS NULL AND ?2"

/* Deals in these stages keep their customer out of the pool */
#define WON_STAGES "('ordered', 'delivered')"

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
crm_lead_store_check_assignee (CrmLeadStore *domain,
                          gint64     staff_id,
                          GError   **error)
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
crm_lead_store_list_candidates (CrmLeadStore *domain,
                                gboolean   with_load,
                                gboolean   with_brands,
                                GError   **error)
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
crm_lead_store_get_owner (CrmLeadStore *domain,
                          gint64       customer_id,
                          gint64      *owner_id,
                          CrmChannel  *channel,
                          GError     **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] =
    "SELECT coalesce(owner_id, 0), channel FROM customer WHERE id = ?1 AND deleted_at IS NULL";
  CRM_AUTO_STMT stmt = NULL;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);
  g_return_val_if_fail (owner_id != NULL, FALSE);

  if ((stmt = crm_store_prepare (self, sql, error)) == NULL)
    return FALSE;
  crm_db_stmt_bind_int64 (stmt, 1, customer_id);
  if (crm_db_stmt_step (stmt) != CRM_DB_ROW)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND,
                   _("This customer does not exist or was deleted."));
      return FALSE;
    }
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
                          gint64    customer_id)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] =
    "SELECT m.brand FROM customer_model cm JOIN vehicle_model m ON m.id = cm.model_id"
    " WHERE cm.customer_id = ?1 ORDER BY cm.rowid LIMIT 1";
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
  static const char set_sql[] = "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)";
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
crm_lead_store_set_round_robin_last (CrmLeadStore *domain,
                                gint64     staff_id,
                                GError   **error)
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
crm_lead_store_add_notice (CrmLeadStore *domain,
                           gint64       staff_id,
                           gboolean     for_managers,
                           gint64       customer_id,
                           const char  *kind,
                           GError     **error)
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
crm_lead_store_write_assignment (CrmLeadStore *domain,
                            gint64       customer_id,
                            gint64       from_staff,
                            gint64       to_staff,
                            gint64       by_staff,
                            const char  *reason,
                            gint64       first_contact_due,
                            GError     **error)
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
crm_lead_store_assign_customer (CrmLeadStore *domain,
                           gint64       customer_id,
                           gint64       to_staff,
                           gint64       by_staff,
                           const char  *reason,
                           GError     **error)
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
crm_lead_store_assign_bulk (CrmLeadStore *domain,
                       GArray    *customer_ids,
                       gint64     to_staff,
                       gint64     by_staff,
                       GError   **error)
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
 * Marks the rep as gone (active = 0, off duty) and hands every customer
 * they held on, recorded one by one.
 *
 * Returns: how many customers were handed on; 0 with @error on failure
 */
guint
crm_lead_store_staff_leave (CrmLeadStore *domain,
                       gint64     staff_id,
                       gint64     to_staff,
                       gint64     by_staff,
                       GError   **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char held[] =
    "SELECT id FROM customer WHERE owner_id = ?1 AND deleted_at IS NULL ORDER BY id";
  static const char leave[] = "UPDATE staff SET active = 0, on_duty = 0 WHERE id = ?1";
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
                      gint64    staff_id)
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
crm_lead_store_clear_contacted_first_contacts (CrmLeadStore *domain,
                                          GError   **error)
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
crm_lead_store_list_missed_first_contacts (CrmLeadStore *domain,
                                      gint64     now,
                                      guint      limit,
                                      GError   **error)
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
crm_lead_store_clear_first_contact_due (CrmLeadStore *domain,
                                   gint64     customer_id,
                                   GError   **error)
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
                                      gint64    after)
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

/**
 * crm_lead_store_get_oldest_pool_clock:
 * @after: a time
 *
 * Returns: the earliest pool clock (last contact, else assignment, else
 *   creation) of a held customer after @after, or 0
 */
gint64
crm_lead_store_get_oldest_pool_clock (CrmLeadStore *domain,
                                 gint64    after)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] =
    "SELECT min(" POOL_CLOCK ") FROM customer WHERE" POOL_WHERE " AND " POOL_CLOCK " > ?1";

  g_return_val_if_fail (CRM_IS_STORE (self), 0);

  return select_min (self, sql, after);
}

static const char *
pool_cursor_key (CrmPoolCursorKind kind)
{
  return kind == CRM_POOL_CURSOR_RELEASE ? "leads.pool-release-after" : "leads.pool-warning-after";
}

/**
 * crm_lead_store_get_pool_cursor:
 * @cursor: (out): how far the deadline got; both fields %G_MININT64 when
 *   it never ran (or the rules changed since)
 */
void
crm_lead_store_get_pool_cursor (CrmLeadStore *domain,
                           CrmPoolCursorKind  kind,
                           CrmPoolCursor     *cursor)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  g_autofree char *value = NULL;
  char *end = NULL;

  g_return_if_fail (CRM_IS_STORE (self));
  g_return_if_fail (cursor != NULL);

  cursor->clock = cursor->id = G_MININT64;
  if ((value = crm_store_dup_meta (self, pool_cursor_key (kind))) == NULL)
    return;
  cursor->clock = g_ascii_strtoll (value, &end, 10);
  cursor->id = *end == ' ' ? g_ascii_strtoll (end + 1, NULL, 10) : G_MAXINT64;
}

gboolean
crm_lead_store_set_pool_cursor (CrmLeadStore *domain,
                           CrmPoolCursorKind    kind,
                           const CrmPoolCursor *cursor,
                           GError             **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  char text[48];

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);
  g_return_val_if_fail (cursor != NULL, FALSE);

  g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT " %" G_GINT64_FORMAT, cursor->clock, cursor->id);
  if (!crm_store_begin (self, error))
    return FALSE;
  return crm_store_finish_write (self, set_bookkeeping (self, pool_cursor_key (kind), text, error), error);
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
crm_lead_store_list_pool_due (CrmLeadStore *domain,
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
  "  coalesce(pool_warned_at >= " POOL_CLOCK ", 0)" \
  " FROM customer WHERE" POOL_WHERE
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
      append_pool_due (stmt, rows);
    }
  return g_steal_pointer (&rows);
}

/**
 * crm_lead_store_mark_pool_warned:
 * @at: when the rep was warned
 */
gboolean
crm_lead_store_mark_pool_warned (CrmLeadStore *domain,
                            gint64     customer_id,
                            gint64     at,
                            GError   **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] = "UPDATE customer SET pool_warned_at = ?2 WHERE id = ?1";
  CRM_AUTO_STMT stmt = NULL;
  gboolean ok;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);

  if (!crm_store_begin (self, error))
    return FALSE;
  ok = (stmt = crm_store_prepare (self, sql, error)) != NULL;
  if (ok)
    {
      crm_db_stmt_bind_int64 (stmt, 1, customer_id);
      crm_db_stmt_bind_int64 (stmt, 2, at);
      ok = crm_store_step_done (self, stmt, error);
      crm_store_queue_change (self, CRM_ENTITY_CUSTOMER, customer_id);
    }
  return crm_store_finish_write (self, ok, error);
}

/**
 * crm_lead_store_list_assignments:
 *
 * Returns: (transfer full) (element-type CrmAssignment): the customer's
 *   assignment history, oldest first
 */
GPtrArray *
crm_lead_store_list_assignments (CrmLeadStore *domain,
                            gint64    customer_id)
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

/**
 * crm_lead_store_list_notices:
 * @staff_id: the person; a manager also sees the notices for managers
 *
 * Returns: (transfer full): a #GListModel of #CrmLeadNotice, newest first,
 *   at most 200
 */
GListModel *
crm_lead_store_list_notices (CrmLeadStore *domain,
                             gint64    staff_id,
                             gboolean  unseen_only)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  /* Each part newest first straight from an index: one's own notices from
   * (staff_id, at), a manager's also from the notices for managers (at),
   * instead of sorting the whole table (50 ms with 70,000 notices) */
#define NOTICE_COLUMNS "SELECT n.id, n.customer_id, c.name, n.kind, n.at, n.seen_at IS NOT NULL" \
                       " FROM lead_notice n JOIN customer c ON c.id = n.customer_id"
#define NOTICE_MANAGERS_COLUMNS "SELECT n.id, n.customer_id, c.name, n.kind, n.at, n.seen_at IS NOT NULL" \
                                " FROM lead_notice n INDEXED BY lead_notice_managers" \
                                " JOIN customer c ON c.id = n.customer_id"
  static const char own_sql[] =
    NOTICE_COLUMNS
    " WHERE n.staff_id = ?1 AND (n.seen_at IS NULL OR NOT ?2) AND c.deleted_at IS NULL"
    " ORDER BY n.at DESC, n.id DESC LIMIT 200";
  static const char manager_sql[] =
    "SELECT * FROM (" NOTICE_COLUMNS
    "  WHERE n.staff_id = ?1 AND (n.seen_at IS NULL OR NOT ?2) AND c.deleted_at IS NULL"
    "  ORDER BY n.at DESC, n.id DESC LIMIT 200)"
    " UNION ALL "
    "SELECT * FROM (" NOTICE_MANAGERS_COLUMNS
    "  WHERE n.for_managers AND n.staff_id IS NOT ?1 AND (n.seen_at IS NULL OR NOT ?2)"
    "    AND c.deleted_at IS NULL"
    "  ORDER BY n.at DESC, n.id DESC LIMIT 200)"
    " ORDER BY 5 DESC, 1 DESC LIMIT 200";
#undef NOTICE_COLUMNS
#undef NOTICE_MANAGERS_COLUMNS
  GListStore *list = g_list_store_new (CRM_TYPE_LEAD_NOTICE);
  CRM_AUTO_STMT stmt = NULL;

  g_return_val_if_fail (CRM_IS_STORE (self), G_LIST_MODEL (list));

  if ((stmt = crm_store_prepare (self, crm_store_staff_is_manager (self, staff_id) ? manager_sql : own_sql, NULL)) == NULL)
    return G_LIST_MODEL (list);
  crm_db_stmt_bind_int64 (stmt, 1, staff_id);
  crm_db_stmt_bind_int (stmt, 2, unseen_only);
  while (crm_db_stmt_step (stmt) == CRM_DB_ROW)
    {
      g_autoptr(CrmLeadNotice) notice = crm_lead_notice_new ();

      crm_lead_notice_set_id (notice, crm_db_stmt_column_int64 (stmt, 0));
      crm_lead_notice_set_customer_id (notice, crm_db_stmt_column_int64 (stmt, 1));
      crm_lead_notice_set_customer_name (notice, crm_store_column_text (stmt, 2));
      crm_lead_notice_set_kind (notice, crm_store_column_text (stmt, 3));
      crm_lead_notice_set_at (notice, crm_db_stmt_column_int64 (stmt, 4));
      crm_lead_notice_set_seen (notice, crm_db_stmt_column_int (stmt, 5));
      g_list_store_append (list, notice);
    }
  return G_LIST_MODEL (list);
}

/**
 * crm_lead_store_count_unseen_notices:
 * @staff_id: the person; a manager also counts the notices for managers
 * @at_most: where to stop counting
 *
 * Returns: how many notices @staff_id has not seen yet, at most @at_most
 */
guint
crm_lead_store_count_unseen_notices (CrmLeadStore *domain,
                                     gint64    staff_id,
                                     guint     at_most)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] =
    "SELECT (SELECT count(*) FROM (SELECT 1 FROM lead_notice n JOIN customer c ON c.id = n.customer_id"
    "         WHERE n.staff_id = ?1 AND n.seen_at IS NULL AND c.deleted_at IS NULL LIMIT ?3))"
    "     + (SELECT count(*) FROM (SELECT 1 FROM lead_notice n INDEXED BY lead_notice_managers_unseen"
    "         JOIN customer c ON c.id = n.customer_id"
    "         WHERE ?2 AND n.for_managers AND n.staff_id IS NOT ?1 AND n.seen_at IS NULL"
    "           AND c.deleted_at IS NULL LIMIT ?3))";
  CRM_AUTO_STMT stmt = NULL;
  gint64 count = 0;

  g_return_val_if_fail (CRM_IS_STORE (self), 0);

  if ((stmt = crm_store_prepare (self, sql, NULL)) == NULL)
    return 0;
  crm_db_stmt_bind_int64 (stmt, 1, staff_id);
  crm_db_stmt_bind_int (stmt, 2, crm_store_staff_is_manager (self, staff_id));
  crm_db_stmt_bind_int64 (stmt, 3, at_most);
  if (crm_db_stmt_step (stmt) == CRM_DB_ROW)
    count = crm_db_stmt_column_int64 (stmt, 0);
  return MIN (count, (gint64) at_most);
}

gboolean
crm_lead_store_mark_notices_seen (CrmLeadStore *domain,
                                  gint64     staff_id,
                                  GError   **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  /* Two statements, each on its index: one's own, then (a manager) the
   * notices for managers */
  static const char own_sql[] =
    "UPDATE lead_notice INDEXED BY lead_notice_unseen SET seen_at = ?2"
    " WHERE staff_id = ?1 AND seen_at IS NULL";
  static const char managers_sql[] =
    "UPDATE lead_notice INDEXED BY lead_notice_managers_unseen SET seen_at = ?2"
    " WHERE for_managers AND seen_at IS NULL";
  gboolean manager;
  gboolean ok = TRUE;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);

  manager = crm_store_staff_is_manager (self, staff_id);
  if (!crm_store_begin (self, error))
    return FALSE;
  for (int i = 0; ok && i < (manager ? 2 : 1); i++)
    {
      CRM_AUTO_STMT stmt = crm_store_prepare (self, i == 0 ? own_sql : managers_sql, error);

      ok = stmt != NULL;
      if (ok)
        {
          crm_db_stmt_bind_int64 (stmt, 1, staff_id);
          crm_db_stmt_bind_int64 (stmt, 2, crm_store_now (self));
          ok = crm_store_step_done (self, stmt, error);
        }
    }
  if (ok)
    crm_store_queue_change (self, CRM_ENTITY_STAFF, staff_id);
  return crm_store_finish_write (self, ok, error);
}

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
crm_lead_store_log_visit (CrmLeadStore *domain,
                     gint64     customer_id,
                     gboolean   repeat,
                     int        people,
                     gint64     staff_id,
                     gint64     at,
                     GError   **error)
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
crm_lead_store_traffic_stats (CrmLeadStore *domain,
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
crm_lead_store_get_facts (CrmLeadStore *domain,
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

  if ((stmt = crm_store_prepare (self, sql, error)) == NULL)
    return FALSE;
  crm_db_stmt_bind_int64 (stmt, 1, customer_id);
  if (crm_db_stmt_step (stmt) != CRM_DB_ROW)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND,
                   _("This customer does not exist or was deleted."));
      return FALSE;
    }

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
crm_lead_store_set_facts (CrmLeadStore *domain,
                          gint64     customer_id,
                          gboolean   test_drive,
                          gboolean   trade_in,
                          gboolean   financing_approved,
                          GError   **error)
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
crm_lead_store_record_grade (CrmLeadStore *domain,
                        gint64       customer_id,
                        CrmGrade     grade,
                        CrmGrade     proposed,
                        int          score,
                        const char  *reason,
                        gint64       staff_id,
                        GError     **error)
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
  if (ok)
    crm_store_queue_change (self, CRM_ENTITY_CUSTOMER, customer_id);
  return crm_store_finish_write (self, ok, error);
}

guint
crm_lead_store_count_grade_history (CrmLeadStore *domain,
                               gint64    customer_id)
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

/**
 * crm_lead_store_list_unnotified_notices:
 * @staff_id: the person at this desktop; a manager also gets the notices
 *   for managers
 * @n_total: (out) (optional): how many there are in all
 *
 * The unseen notices no desktop notification was sent for yet.
 *
 * Returns: (transfer full): a #GListModel of #CrmLeadNotice, newest first,
 *   at most 200
 */
GListModel *
crm_lead_store_list_unnotified_notices (CrmLeadStore *domain,
                                        gint64    staff_id,
                                        guint    *n_total)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] =
    "SELECT * FROM (SELECT n.id, n.customer_id, c.name, n.kind, n.at" UNNOTIFIED_OWN_SQL
    "               ORDER BY n.id DESC LIMIT 200)"
    " UNION ALL "
    "SELECT * FROM (SELECT n.id, n.customer_id, c.name, n.kind, n.at" UNNOTIFIED_MANAGERS_SQL
    "               ORDER BY n.id DESC LIMIT 200)"
    " ORDER BY 1 DESC LIMIT 200";
  static const char count_sql[] =
    "SELECT (SELECT count(*)" UNNOTIFIED_OWN_SQL ") + (SELECT count(*)" UNNOTIFIED_MANAGERS_SQL ")";
  GListStore *list = g_list_store_new (CRM_TYPE_LEAD_NOTICE);
  CRM_AUTO_STMT stmt = NULL;
  CRM_AUTO_STMT count = NULL;
  gboolean manager;

  if (n_total != NULL)
    *n_total = 0;
  g_return_val_if_fail (CRM_IS_STORE (self), G_LIST_MODEL (list));

  if (staff_id <= 0 || (stmt = crm_store_prepare (self, sql, NULL)) == NULL)
    return G_LIST_MODEL (list);
  manager = crm_store_staff_is_manager (self, staff_id);
  crm_db_stmt_bind_int64 (stmt, 1, staff_id);
  crm_db_stmt_bind_int (stmt, 2, manager);
  while (crm_db_stmt_step (stmt) == CRM_DB_ROW)
    {
      g_autoptr(CrmLeadNotice) notice = crm_lead_notice_new ();

      crm_lead_notice_set_id (notice, crm_db_stmt_column_int64 (stmt, 0));
      crm_lead_notice_set_customer_id (notice, crm_db_stmt_column_int64 (stmt, 1));
      crm_lead_notice_set_customer_name (notice, crm_store_column_text (stmt, 2));
      crm_lead_notice_set_kind (notice, crm_store_column_text (stmt, 3));
      crm_lead_notice_set_at (notice, crm_db_stmt_column_int64 (stmt, 4));
      g_list_store_append (list, notice);
    }
  if (n_total != NULL && (count = crm_store_prepare (self, count_sql, NULL)) != NULL)
    {
      crm_db_stmt_bind_int64 (count, 1, staff_id);
      crm_db_stmt_bind_int (count, 2, manager);
      if (crm_db_stmt_step (count) == CRM_DB_ROW)
        *n_total = (guint) crm_db_stmt_column_int64 (count, 0);
    }
  return G_LIST_MODEL (list);
}

/**
 * crm_lead_store_mark_notices_notified:
 * @staff_id: the person at this desktop (announced as a change of them)
 * @up_to_id: the newest notice that was told (by itself or in a summary)
 *
 * Marks @staff_id's unnotified notices up to @up_to_id as notified.
 *
 * Returns: %TRUE when written
 */
gboolean
crm_lead_store_mark_notices_notified (CrmLeadStore *domain,
                                      gint64     staff_id,
                                      gint64     up_to_id,
                                      GError   **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  /* Each kind on its index, as crm_lead_store_list_unnotified_notices(crm_store_get_lead_store ()) */
  static const char own_sql[] =
    "UPDATE lead_notice INDEXED BY lead_notice_unnotified SET notified_at = ?3"
    " WHERE staff_id = ?1 AND id <= ?2 AND notified_at IS NULL AND seen_at IS NULL";
  static const char managers_sql[] =
    "UPDATE lead_notice INDEXED BY lead_notice_managers_unseen SET notified_at = ?3"
    " WHERE for_managers AND id <= ?2 AND notified_at IS NULL AND seen_at IS NULL";
  gboolean manager;
  gboolean ok = TRUE;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);

  manager = crm_store_staff_is_manager (self, staff_id);
  if (!crm_store_begin (self, error))
    return FALSE;
  for (int i = 0; ok && i < (manager ? 2 : 1); i++)
    {
      CRM_AUTO_STMT stmt = crm_store_prepare (self, i == 0 ? own_sql : managers_sql, error);

      ok = stmt != NULL;
      if (ok)
        {
          crm_db_stmt_bind_int64 (stmt, 1, staff_id);
          crm_db_stmt_bind_int64 (stmt, 2, up_to_id);
          crm_db_stmt_bind_int64 (stmt, 3, crm_store_now (self));
          ok = crm_store_step_done (self, stmt, error);
        }
    }
  if (ok)
    crm_store_queue_change (self, CRM_ENTITY_STAFF, staff_id);
  return crm_store_finish_write (self, ok, error);
}
