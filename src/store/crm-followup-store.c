/* crm-followup-store.c: CrmFollowupStore, activities, open follow-ups, idle deals, escalations, care
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The queries behind My Day, the reminder timer and the idle-deal flag.
 * Open follow-ups are read through the partial indexes of migration 3
 * ((staff_id, planned_at) and (planned_at) WHERE done_at IS NULL), so a
 * rep's day and the next wake-up cost a short index range whatever the
 * size of the activity table.
 */
#define G_LOG_DOMAIN "crm-followup-store"

#include "config.h"

#include <glib/gi18n.h>

#include "crm-model-enum-types.h"
#include "crm-store-enum-types.h"
#include "crm-error.h"
#include "crm-store-private.h"

/* ------------------------------------------------------------------ */
/* Activities                                                          */

static gboolean
validate_activity (CrmStore     *self,
                   CrmActivity  *activity,
                   GError      **error)
{
  if (crm_activity_get_planned_at (activity) <= 0 && crm_activity_get_done_at (activity) <= 0)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                   _("A follow-up needs a planned time or the time it was done."));
      return FALSE;
    }

  return crm_store_customer_exists (self, crm_activity_get_customer_id (activity), error) &&
         crm_store_check_staff (self, crm_activity_get_staff_id (activity), error);
}

void
crm_store_mark_summary_dirty (CrmStore *self,
                    gint64    customer_id)
{
  gint64 *key = g_new (gint64, 1);

  *key = customer_id;
  g_hash_table_add (self->dirty_summary, key);
}

static void
bind_activity (CrmDbStmt *stmt,
               CrmActivity  *activity)
{
  crm_db_stmt_bind_int64 (stmt, 1, crm_activity_get_customer_id (activity));
  crm_store_bind_id_or_null (stmt, 2, crm_activity_get_deal_id (activity));
  crm_store_bind_code (stmt, 3, CRM_TYPE_ACTIVITY_KIND, crm_activity_get_kind (activity));
  crm_store_bind_id_or_null (stmt, 4, crm_activity_get_planned_at (activity));
  crm_store_bind_id_or_null (stmt, 5, crm_activity_get_done_at (activity));
  crm_store_bind_code (stmt, 6, CRM_TYPE_OUTCOME, crm_activity_get_outcome (activity));
  crm_store_bind_text_or_null (stmt, 7, crm_activity_get_note (activity));
  crm_store_bind_id_or_null (stmt, 8, crm_activity_get_staff_id (activity));
  crm_store_bind_text_or_null (stmt, 10, crm_activity_get_purpose (activity));
}

#define ACTIVITY_COLUMNS \
  "a.id, a.customer_id, a.deal_id, a.kind, a.planned_at, a.done_at, a.outcome," \
  " a.note, a.staff_id, s.name, a.purpose"

static CrmActivity *
activity_from_row (CrmDbStmt *stmt)
{
  return g_object_new (CRM_TYPE_ACTIVITY,
                       "id", crm_db_stmt_column_int64 (stmt, 0),
                       "customer-id", crm_db_stmt_column_int64 (stmt, 1),
                       "deal-id", crm_db_stmt_column_int64 (stmt, 2),
                       "kind", crm_store_column_code (stmt, 3, CRM_TYPE_ACTIVITY_KIND),
                       "planned-at", crm_db_stmt_column_int64 (stmt, 4),
                       "done-at", crm_db_stmt_column_int64 (stmt, 5),
                       "outcome", crm_store_column_code (stmt, 6, CRM_TYPE_OUTCOME),
                       "note", crm_store_column_text (stmt, 7),
                       "staff-id", crm_db_stmt_column_int64 (stmt, 8),
                       "staff-name", crm_store_column_text (stmt, 9),
                       "purpose", crm_store_column_text (stmt, 10),
                       NULL);
}

static GArray *
collect_ids (CrmStore      *self,
             CrmDbStmt  *stmt,
             GError       **error)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  while ((rc = crm_db_stmt_step (stmt)) == CRM_DB_ROW)
    {
      gint64 id = crm_db_stmt_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }

  if (rc != CRM_DB_DONE)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_FAILED,
                   _("The showroom database reported an error: %s"),
                   crm_db_get_error_message (self->db));
      g_array_unref (ids);
      return NULL;
    }
  return ids;
}

/* The cached statement for one member of staff's rows (@staff_sql, ?1
 * bound to @staff_id) or, for -1, everyone's (@all_sql); the caller
 * binds the rest from ?2 on */
static CrmDbStmt *
prepare_for_staff (CrmStore    *self,
                   gint64       staff_id,
                   const char  *staff_sql,
                   const char  *all_sql,
                   GError     **error)
{
  CrmDbStmt *stmt = crm_store_prepare (self, staff_id >= 0 ? staff_sql : all_sql, error);

  if (stmt != NULL && staff_id >= 0)
    crm_db_stmt_bind_int64 (stmt, 1, staff_id);
  return stmt;
}

/**
 * crm_followup_store_get:
 *
 * Returns: (transfer full) (nullable): the follow-up, or %NULL with
 *   CRM_ERROR_NOT_FOUND
 */
CrmActivity *
crm_followup_store_get (CrmFollowupStore  *domain,
                        gint64             id,
                        GError           **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] =
    "SELECT " ACTIVITY_COLUMNS
    " FROM activity a LEFT JOIN staff s ON s.id = a.staff_id WHERE a.id = ?1";

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);

  return crm_store_get_object (self, sql, id, _("This follow-up no longer exists."),
                               (CrmStoreRowFunc) activity_from_row, error);
}

/**
 * crm_followup_store_get_many:
 * @ids: follow-up ids
 * @n_ids: how many (at most 32)
 *
 * Reads up to 32 follow-ups in one statement (a list's rows in one round
 * trip to a server).
 *
 * Returns: (transfer full) (element-type CrmActivity): those that exist,
 *   in no particular order, or %NULL with @error set
 */
GPtrArray *
crm_followup_store_get_many (CrmFollowupStore  *domain,
                             const gint64      *ids,
                             guint              n_ids,
                             GError           **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] =
    "SELECT " ACTIVITY_COLUMNS
    " FROM activity a LEFT JOIN staff s ON s.id = a.staff_id WHERE a.id" CRM_STORE_MANY_IN;

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);

  return crm_store_get_many (self, sql, ids, n_ids, (CrmStoreRowFunc) activity_from_row, error);
}

/**
 * crm_followup_store_query_open_ids:
 * @staff_id: whose follow-ups, or -1 for everyone's
 * @from: earliest planned time (inclusive); G_MININT64 for no bound
 * @to: latest planned time (exclusive); G_MAXINT64 for no bound
 * @limit: at most this many ids; 0 for all
 *
 * The follow-ups still to do, soonest first.
 *
 * Returns: (transfer full) (element-type gint64): activity ids
 */
GArray *
crm_followup_store_query_open_ids (CrmFollowupStore  *domain,
                                   gint64             staff_id,
                                   gint64             from,
                                   gint64             to,
                                   guint              limit,
                                   GError           **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char staff_sql[] =
    "SELECT id FROM activity"
    " WHERE staff_id = ?1 AND done_at IS NULL AND planned_at >= ?2 AND planned_at < ?3"
    " ORDER BY planned_at, id LIMIT ?4";
  static const char all_sql[] =
    /* INDEXED BY: the dashboard's covering index on planned_at would
     * walk every follow-up ever planned; this partial index holds only
     * those still to do */
    "SELECT id FROM activity INDEXED BY activity_open"
    " WHERE done_at IS NULL AND planned_at >= ?2 AND planned_at < ?3"
    " ORDER BY planned_at, id LIMIT ?4";
  CRM_AUTO_STMT stmt = NULL;

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);

  if ((stmt = prepare_for_staff (self, staff_id, staff_sql, all_sql, error)) == NULL)
    return NULL;
  crm_db_stmt_bind_int64 (stmt, 2, from);
  crm_db_stmt_bind_int64 (stmt, 3, to);
  crm_db_stmt_bind_int64 (stmt, 4, limit > 0 ? (gint64) limit : G_MAXINT64);
  return collect_ids (self, stmt, error);
}

/**
 * crm_followup_store_count_open:
 * @staff_id: whose, or -1 for everyone's
 *
 * Returns: how many follow-ups to do are planned in [@from, @to)
 */
guint
crm_followup_store_count_open (CrmFollowupStore *domain,
                               gint64            staff_id,
                               gint64            from,
                               gint64            to)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char staff_sql[] =
    "SELECT count(*) FROM activity"
    " WHERE staff_id = ?1 AND done_at IS NULL AND planned_at >= ?2 AND planned_at < ?3";
  static const char all_sql[] =
    "SELECT count(*) FROM activity INDEXED BY activity_open"
    " WHERE done_at IS NULL AND planned_at >= ?2 AND planned_at < ?3";
  CRM_AUTO_STMT stmt = NULL;

  g_return_val_if_fail (CRM_IS_STORE (self), 0);

  if ((stmt = prepare_for_staff (self, staff_id, staff_sql, all_sql, NULL)) == NULL)
    return 0;
  crm_db_stmt_bind_int64 (stmt, 2, from);
  crm_db_stmt_bind_int64 (stmt, 3, to);
  if (crm_db_stmt_step (stmt) != CRM_DB_ROW)
    return 0;
  return (guint) crm_db_stmt_column_int64 (stmt, 0);
}

/**
 * crm_followup_store_count_by_staff:
 * @day_start: start of today (local midnight, UTC seconds)
 * @day_end: start of tomorrow
 *
 * For the manager's My Day: every active member of staff with their
 * overdue (planned before @day_start), due today and upcoming counts.
 *
 * Returns: (transfer full) (element-type CrmFollowupCounts): one per person,
 *   in the order of crm_staff_store_list()
 */
GArray *
crm_followup_store_count_by_staff (CrmFollowupStore *domain,
                                   gint64            day_start,
                                   gint64            day_end)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  g_autoptr(GListModel) staff = NULL;
  GArray *counts;

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);

  staff = crm_staff_store_list (crm_store_get_staff_store (self), TRUE);
  counts = g_array_new (FALSE, TRUE, sizeof (CrmFollowupCounts));
  for (guint i = 0; i < g_list_model_get_n_items (staff); i++)
    {
      g_autoptr(CrmStaff) member = g_list_model_get_item (staff, i);
      CrmFollowupCounts c = { 0, };

      c.staff_id = crm_staff_get_id (member);
      c.overdue = crm_followup_store_count_open (crm_store_get_followup_store (self), c.staff_id, G_MININT64, day_start);
      c.today = crm_followup_store_count_open (crm_store_get_followup_store (self), c.staff_id, day_start, day_end);
      c.upcoming = crm_followup_store_count_open (crm_store_get_followup_store (self), c.staff_id, day_end, G_MAXINT64);
      g_array_append_val (counts, c);
    }
  return counts;
}

/**
 * crm_followup_store_get_next_planned_at:
 * @staff_id: whose, or -1 for everyone's
 * @after: only follow-ups planned strictly later than this
 *
 * Returns: the planned time of the next follow-up to do after @after, or 0
 */
gint64
crm_followup_store_get_next_planned_at (CrmFollowupStore *domain,
                                        gint64            staff_id,
                                        gint64            after)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char staff_sql[] =
    "SELECT min(planned_at) FROM activity"
    " WHERE staff_id = ?1 AND done_at IS NULL AND planned_at > ?2";
  static const char all_sql[] =
    "SELECT min(planned_at) FROM activity INDEXED BY activity_open WHERE done_at IS NULL AND planned_at > ?2";
  CRM_AUTO_STMT stmt = NULL;

  g_return_val_if_fail (CRM_IS_STORE (self), 0);

  if ((stmt = prepare_for_staff (self, staff_id, staff_sql, all_sql, NULL)) == NULL)
    return 0;
  crm_db_stmt_bind_int64 (stmt, 2, after);
  if (crm_db_stmt_step (stmt) != CRM_DB_ROW)
    return 0;
  return crm_db_stmt_column_int64 (stmt, 0);
}

/**
 * crm_followup_store_get_open_id:
 *
 * Returns: the customer's next follow-up to do (soonest), or 0
 */
gint64
crm_followup_store_get_open_id (CrmFollowupStore *domain,
                                gint64            customer_id)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] =
    "SELECT id FROM activity WHERE customer_id = ?1 AND done_at IS NULL AND care IS NULL"
    " ORDER BY planned_at, id LIMIT 1";

  g_return_val_if_fail (CRM_IS_STORE (self), 0);

  return crm_store_query_int64 (self, sql, CRM_PARAMS (CRM_INT64 (customer_id)), 0);
}

static gboolean
update_open_activity (CrmStore    *self,
                      const char  *sql,
                      gint64       id,
                      gint64       t,
                      int          outcome,
                      const char  *note,
                      GError     **error)
{
  static const char customer_sql[] = "SELECT customer_id FROM activity WHERE id = ?1";
  CRM_AUTO_STMT owner = NULL;
  CRM_AUTO_STMT stmt = NULL;
  gboolean ok;

  if (!crm_store_begin (self, error))
    return FALSE;

  ok = (owner = crm_store_prepare (self, customer_sql, error)) != NULL &&
       (stmt = crm_store_prepare (self, sql, error)) != NULL;
  if (ok)
    {
      crm_db_stmt_bind_int64 (owner, 1, id);
      if (crm_db_stmt_step (owner) != CRM_DB_ROW)
        {
          g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND,
                       _("This follow-up no longer exists."));
          ok = FALSE;
        }
    }

  if (ok)
    {
      crm_db_stmt_bind_int64 (stmt, 1, id);
      crm_db_stmt_bind_int64 (stmt, 2, t);
      if (outcome >= 0)
        {
          crm_store_bind_code (stmt, 3, CRM_TYPE_OUTCOME, outcome);
          crm_store_bind_text_or_null (stmt, 4, note);
        }
      ok = crm_store_step_changed (self, stmt, _("This follow-up was already done."), error);
    }

  if (ok)
    {
      crm_store_mark_summary_dirty (self, crm_db_stmt_column_int64 (owner, 0));
      crm_store_queue_change (self, CRM_ENTITY_ACTIVITY, id);
    }

  return crm_store_finish_write (self, ok, error);
}

/**
 * crm_followup_store_complete:
 * @outcome: how it went
 * @note: (nullable): what was said; %NULL keeps the planned note
 * @done_at: when it was done
 *
 * Marks a planned follow-up done. Fails with CRM_ERROR_NOT_FOUND when it
 * does not exist or is done already (a second click on a notification).
 */
gboolean
crm_followup_store_complete (CrmFollowupStore  *domain,
                             gint64             id,
                             CrmOutcome         outcome,
                             const char        *note,
                             gint64             done_at,
                             GError           **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] =
    "UPDATE activity SET done_at = ?2, outcome = ?3, note = coalesce(?4, note)"
    " WHERE id = ?1 AND done_at IS NULL";

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);
  g_return_val_if_fail (done_at > 0, FALSE);

  return update_open_activity (self, sql, id, done_at, outcome, note, error);
}

/**
 * crm_followup_store_reschedule:
 *
 * Moves a follow-up still to do to @planned_at (snooze).
 */
gboolean
crm_followup_store_reschedule (CrmFollowupStore  *domain,
                               gint64             id,
                               gint64             planned_at,
                               GError           **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] =
    "UPDATE activity SET planned_at = ?2 WHERE id = ?1 AND done_at IS NULL";

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);
  g_return_val_if_fail (planned_at > 0, FALSE);

  return update_open_activity (self, sql, id, planned_at, -1, NULL, error);
}

/**
 * crm_followup_store_insert_care:
 * @care: "birthday", "anniversary", "service", "after-sales"
 *
 * Plans an after-sales follow-up, marked with its kind of care so that the
 * same care is not planned twice.
 *
 * Returns: the new id, or 0 with @error set
 */
gint64
crm_followup_store_insert_care (CrmFollowupStore  *domain,
                                CrmActivity       *activity,
                                const char        *care,
                                GError           **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] = "UPDATE activity SET care = ?2 WHERE id = ?1";
  CRM_AUTO_STMT stmt = NULL;
  gint64 id;

  g_return_val_if_fail (CRM_IS_STORE (self), 0);
  g_return_val_if_fail (care != NULL, 0);

  if (!crm_store_begin (self, error))
    return 0;

  id = crm_followup_store_insert (crm_store_get_followup_store (self), activity, error);
  if (id == 0 || (stmt = crm_store_prepare (self, sql, error)) == NULL)
    {
      crm_store_rollback (self);
      return 0;
    }
  crm_db_stmt_bind_int64 (stmt, 1, id);
  crm_db_stmt_bind_text_static (stmt, 2, care);
  if (!crm_store_finish_write (self, crm_store_step_done (self, stmt, error), error))
    return 0;
  return id;
}

/**
 * crm_followup_store_get_care:
 *
 * Returns: (transfer full) (nullable): the kind of care of a follow-up
 *   planned by crm_followup_store_insert_care(), or %NULL
 */
char *
crm_followup_store_get_care (CrmFollowupStore *domain,
                             gint64            activity_id)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] = "SELECT care FROM activity WHERE id = ?1";
  CRM_AUTO_STMT stmt = NULL;

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);

  if ((stmt = crm_store_prepare (self, sql, NULL)) == NULL)
    return NULL;
  crm_db_stmt_bind_int64 (stmt, 1, activity_id);
  if (crm_db_stmt_step (stmt) != CRM_DB_ROW)
    return NULL;
  return g_strdup (crm_store_column_text (stmt, 0));
}

/**
 * crm_followup_store_has_open_care:
 *
 * Returns: whether @customer_id already has a @care follow-up to do
 */
gboolean
crm_followup_store_has_open_care (CrmFollowupStore *domain,
                                  gint64            customer_id,
                                  const char       *care)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] =
    "SELECT 1 FROM activity WHERE customer_id = ?1 AND care = ?2 AND done_at IS NULL";

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);

  return crm_store_row_exists (self, sql, CRM_PARAMS (CRM_INT64 (customer_id), CRM_TEXT (care)));
}

/**
 * crm_followup_store_query_delivered_customer_ids:
 *
 * Customers with a delivered deal and a birthday on file whose next
 * birthday greeting is not planned yet: those to plan (each gets one
 * every year; at a start with nothing new this is an empty list, not a
 * look at every owner).
 *
 * Returns: (transfer full) (element-type gint64): customer ids
 */
GArray *
crm_followup_store_query_delivered_customer_ids (CrmFollowupStore  *domain,
                                                 GError           **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] =
    "SELECT DISTINCT c.id FROM customer c JOIN deal d ON d.customer_id = c.id"
    " WHERE d.stage = 'delivered' AND c.birthday IS NOT NULL AND c.deleted_at IS NULL"
    "   AND NOT EXISTS (SELECT 1 FROM activity a WHERE a.customer_id = c.id"
    "                   AND a.care = 'birthday' AND a.done_at IS NULL)"
    " ORDER BY c.id";
  CRM_AUTO_STMT stmt = NULL;

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);

  if ((stmt = crm_store_prepare (self, sql, error)) == NULL)
    return NULL;
  return collect_ids (self, stmt, error);
}

/* A deal is idle when its follow-up cadence broke: nobody contacted the
 * customer about it since @idle_since, and nothing is planned for it that
 * is less than the idle limit overdue. A C-grade deal planned in ten days
 * is not idle; a deal whose follow-up is three days overdue, or that has
 * none planned and no contact for three days, is. */
#define NOT_TOUCHED_SINCE_AT(since) \
  " NOT EXISTS (SELECT 1 FROM activity b WHERE b.deal_id = d.id" \
  "   AND (b.done_at >= " since " OR (b.done_at IS NULL AND b.planned_at >= " since ")))"
#define NOT_TOUCHED_SINCE NOT_TOUCHED_SINCE_AT ("?2")

/**
 * crm_followup_store_query_idle_deal_ids:
 * @staff_id: whose deals (the deal's owner), or -1 for everyone's
 * @idle_since: the cut-off: now minus the showroom's idle limit
 *
 * Open deals whose follow-up cadence broke (see above): the deals the
 * showroom is about to lose by silence. Found from two small sets rather
 * than by scanning every open deal: follow-ups overdue since before
 * @idle_since (the partial index on open follow-ups), and customers with
 * nothing planned (the index on their next follow-up).
 *
 * Returns: (transfer full) (element-type gint64): deal ids, ascending
 */
GArray *
crm_followup_store_query_idle_deal_ids (CrmFollowupStore  *domain,
                                        gint64             staff_id,
                                        gint64             idle_since,
                                        GError           **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char staff_sql[] =
    "SELECT d.id FROM activity a JOIN deal d ON d.id = a.deal_id JOIN stage s ON s.code = d.stage"
    " WHERE a.staff_id = ?1 AND a.done_at IS NULL AND a.planned_at < ?2 AND s.is_open"
    "  AND d.owner_id = ?1 AND" NOT_TOUCHED_SINCE
    " UNION"
    /* CROSS JOIN keeps SQLite on the customer index rather than every deal
     * of the owner; its condition goes in WHERE, as PostgreSQL takes no ON
     * after CROSS JOIN */
    " SELECT d.id FROM customer c CROSS JOIN deal d"
    " WHERE d.customer_id = c.id"
    "  AND c.owner_id = ?1 AND c.deleted_at IS NULL AND c.next_followup_at IS NULL"
    "  AND +d.owner_id = ?1 AND d.created_at < ?2"
    "  AND (SELECT is_open FROM stage WHERE code = d.stage) AND" NOT_TOUCHED_SINCE
    " ORDER BY 1";
  static const char all_sql[] =
    "SELECT d.id FROM activity a INDEXED BY activity_open JOIN deal d ON d.id = a.deal_id JOIN stage s ON s.code = d.stage"
    " JOIN customer c ON c.id = d.customer_id"
    " WHERE a.done_at IS NULL AND a.planned_at < ?2 AND s.is_open AND c.deleted_at IS NULL"
    "  AND" NOT_TOUCHED_SINCE
    " UNION"
    " SELECT d.id FROM customer c CROSS JOIN deal d"
    " WHERE d.customer_id = c.id"
    "  AND c.deleted_at IS NULL AND c.next_followup_at IS NULL AND d.created_at < ?2"
    "  AND (SELECT is_open FROM stage WHERE code = d.stage) AND" NOT_TOUCHED_SINCE
    " ORDER BY 1";
  CRM_AUTO_STMT stmt = NULL;

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);

  if ((stmt = prepare_for_staff (self, staff_id, staff_sql, all_sql, error)) == NULL)
    return NULL;
  crm_db_stmt_bind_int64 (stmt, 2, idle_since);
  return collect_ids (self, stmt, error);
}

/**
 * crm_followup_store_deal_is_idle:
 * @idle_since: now minus the showroom's idle limit
 *
 * For the pipeline board's flag on one card.
 *
 * Returns: whether the open deal's follow-up cadence broke (see
 *   crm_followup_store_query_idle_deal_ids())
 */
gboolean
crm_followup_store_deal_is_idle (CrmFollowupStore *domain,
                                 gint64            deal_id,
                                 gint64            idle_since)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] =
    "SELECT 1 FROM deal d JOIN stage s ON s.code = d.stage"
    " WHERE d.id = ?1 AND s.is_open AND d.created_at < ?2 AND" NOT_TOUCHED_SINCE;
  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);

  return crm_store_row_exists (self, sql, CRM_PARAMS (CRM_INT64 (deal_id), CRM_INT64 (idle_since)));
}

/**
 * crm_followup_store_customer_has_idle_deal:
 *
 * Returns: whether one of the customer's open deals is idle
 */
gboolean
crm_followup_store_customer_has_idle_deal (CrmFollowupStore *domain,
                                           gint64            customer_id,
                                           gint64            idle_since)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] =
    "SELECT 1 FROM deal d JOIN stage s ON s.code = d.stage"
    " WHERE d.customer_id = ?1 AND s.is_open AND d.created_at < ?2 AND" NOT_TOUCHED_SINCE;
  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);

  return crm_store_row_exists (self, sql, CRM_PARAMS (CRM_INT64 (customer_id), CRM_INT64 (idle_since)));
}

/**
 * crm_followup_store_customers_with_idle_deal:
 * @ids: customer ids
 * @n_ids: how many (at most 32)
 *
 * crm_followup_store_customer_has_idle_deal() for a screenful of
 * customers in one statement.
 *
 * Returns: (transfer full) (element-type gint64): those of @ids with an
 *   idle open deal, or %NULL with @error set
 */
GArray *
crm_followup_store_customers_with_idle_deal (CrmFollowupStore  *domain,
                                             const gint64      *ids,
                                             guint              n_ids,
                                             gint64             idle_since,
                                             GError           **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] =
    "SELECT DISTINCT d.customer_id FROM deal d JOIN stage s ON s.code = d.stage"
    " WHERE s.is_open AND d.created_at < ?33 AND" NOT_TOUCHED_SINCE_AT ("?33")
    "   AND d.customer_id" CRM_STORE_MANY_IN;
  g_autoptr(GArray) idle = g_array_new (FALSE, FALSE, sizeof (gint64));
  CRM_AUTO_STMT stmt = NULL;
  int rc;

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);
  g_return_val_if_fail (n_ids <= CRM_STORE_MANY, NULL);

  if ((stmt = crm_store_prepare (self, sql, error)) == NULL)
    return NULL;
  for (guint i = 0; i < CRM_STORE_MANY; i++)
    crm_db_stmt_bind_int64 (stmt, (int) i + 1, i < n_ids ? ids[i] : 0);
  crm_db_stmt_bind_int64 (stmt, 33, idle_since);
  while ((rc = crm_db_stmt_step (stmt)) == CRM_DB_ROW)
    {
      gint64 id = crm_db_stmt_column_int64 (stmt, 0);

      g_array_append_val (idle, id);
    }
  if (rc != CRM_DB_DONE)
    {
      crm_db_set_error (self->db, error, rc);
      return NULL;
    }
  return g_steal_pointer (&idle);
}

/**
 * crm_followup_store_get_deal_summary:
 * @customer_id: (out) (optional): the deal's customer
 * @owner_id: (out) (optional): its owner, 0 for none
 * @stage: (out) (optional): its stage
 *
 * Returns: whether the deal exists
 */
gboolean
crm_followup_store_get_deal_summary (CrmFollowupStore *domain,
                                     gint64            deal_id,
                                     gint64           *customer_id,
                                     gint64           *owner_id,
                                     CrmStage         *stage)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] = "SELECT customer_id, owner_id, stage FROM deal WHERE id = ?1";
  CRM_AUTO_STMT stmt = NULL;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);

  if ((stmt = crm_store_prepare (self, sql, NULL)) == NULL)
    return FALSE;
  crm_db_stmt_bind_int64 (stmt, 1, deal_id);
  if (crm_db_stmt_step (stmt) != CRM_DB_ROW)
    return FALSE;
  if (customer_id)
    *customer_id = crm_db_stmt_column_int64 (stmt, 0);
  if (owner_id)
    *owner_id = crm_db_stmt_column_int64 (stmt, 1);
  if (stage)
    *stage = crm_store_column_code (stmt, 2, CRM_TYPE_STAGE);
  return TRUE;
}

/**
 * crm_followup_store_record_escalation:
 * @day: the local date, "YYYY-MM-DD"
 * @already: (out): set when this deal was escalated on @day before
 *
 * Remembers that the managers were told about an idle deal today, so they
 * are told once per deal and day however many desktops run.
 */
gboolean
crm_followup_store_record_escalation (CrmFollowupStore  *domain,
                                      gint64             deal_id,
                                      const char        *day,
                                      gboolean          *already,
                                      GError           **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] =
    "INSERT INTO escalation (deal_id, day, sent_at) VALUES (?1, ?2, ?3)"
    " ON CONFLICT (deal_id, day) DO NOTHING";
  CRM_AUTO_STMT stmt = NULL;
  gboolean ok;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);
  g_return_val_if_fail (day != NULL && already != NULL, FALSE);

  if (!crm_store_begin (self, error))
    return FALSE;

  ok = (stmt = crm_store_prepare (self, sql, error)) != NULL;
  if (ok)
    {
      crm_db_stmt_bind_int64 (stmt, 1, deal_id);
      crm_db_stmt_bind_text_static (stmt, 2, day);
      crm_db_stmt_bind_int64 (stmt, 3, crm_store_now (self));
      ok = crm_store_step_done (self, stmt, error);
    }
  if (ok)
    {
      *already = crm_db_changes (self->db) == 0;
      if (!*already)
        crm_store_queue_change (self, CRM_ENTITY_ESCALATION, deal_id);
    }
  return crm_store_finish_write (self, ok, error);
}

/**
 * crm_followup_store_count_done_for_deal:
 *
 * Returns: how many follow-ups of the deal are done (for the new-lead plan)
 */
guint
crm_followup_store_count_done_for_deal (CrmFollowupStore *domain,
                                        gint64            deal_id)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] =
    "SELECT count(*) FROM activity WHERE deal_id = ?1 AND done_at IS NOT NULL";

  g_return_val_if_fail (CRM_IS_STORE (self), 0);

  return (guint) crm_store_query_int64 (self, sql, CRM_PARAMS (CRM_INT64 (deal_id)), 0);
}

/**
 * crm_followup_store_deal_has_care:
 *
 * Returns: whether after-sales care was planned for the deal already
 */
gboolean
crm_followup_store_deal_has_care (CrmFollowupStore *domain,
                                  gint64            deal_id)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] =
    "SELECT 1 FROM activity WHERE deal_id = ?1 AND care IS NOT NULL LIMIT 1";

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);

  return crm_store_row_exists (self, sql, CRM_PARAMS (CRM_INT64 (deal_id)));
}

/**
 * crm_followup_store_insert:
 *
 * Records a follow-up (planned, done, or both) and updates the customer's
 * last and next contact.
 *
 * Returns: the new id, or 0 with @error set
 */
gint64
crm_followup_store_insert (CrmFollowupStore  *domain,
                           CrmActivity       *activity,
                           GError           **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] =
    "INSERT INTO activity (customer_id, deal_id, kind, planned_at, done_at, outcome, note,"
    "  staff_id, created_at, purpose)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
  CRM_AUTO_STMT stmt = NULL;
  gint64 id;

  g_return_val_if_fail (CRM_IS_STORE (self), 0);
  g_return_val_if_fail (CRM_IS_ACTIVITY (activity), 0);

  if (!crm_store_begin (self, error))
    return 0;

  if (!validate_activity (self, activity, error) ||
      (stmt = crm_store_prepare (self, sql, error)) == NULL)
    {
      crm_store_rollback (self);
      return 0;
    }

  bind_activity (stmt, activity);
  crm_db_stmt_bind_int64 (stmt, 9, crm_store_now (self));
  if (!crm_store_step_done (self, stmt, error))
    {
      crm_store_rollback (self);
      return 0;
    }

  id = crm_db_last_insert_id (self->db);
  crm_store_mark_summary_dirty (self, crm_activity_get_customer_id (activity));
  crm_store_queue_change (self, CRM_ENTITY_ACTIVITY, id);

  if (!crm_store_commit (self, error))
    return 0;

  crm_activity_set_id (activity, id);
  return id;
}

gboolean
crm_followup_store_update (CrmFollowupStore  *domain,
                           CrmActivity       *activity,
                           GError           **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] =
    "UPDATE activity SET customer_id = ?1, deal_id = ?2, kind = ?3, planned_at = ?4,"
    "  done_at = ?5, outcome = ?6, note = ?7, staff_id = ?8, purpose = ?10"
    " WHERE id = ?9";
  CRM_AUTO_STMT stmt = NULL;
  gboolean ok;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);
  g_return_val_if_fail (CRM_IS_ACTIVITY (activity), FALSE);

  if (!crm_store_begin (self, error))
    return FALSE;

  ok = validate_activity (self, activity, error) &&
       (stmt = crm_store_prepare (self, sql, error)) != NULL;

  /* A follow-up moved to another customer changes both summaries */
  if (ok)
    {
      static const char owner_sql[] = "SELECT customer_id FROM activity WHERE id = ?1";
      CRM_AUTO_STMT owner = crm_store_prepare (self, owner_sql, error);

      ok = owner != NULL;
      if (ok)
        {
          crm_db_stmt_bind_int64 (owner, 1, crm_activity_get_id (activity));
          if (crm_db_stmt_step (owner) == CRM_DB_ROW)
            crm_store_mark_summary_dirty (self, crm_db_stmt_column_int64 (owner, 0));
        }
    }

  if (ok)
    {
      bind_activity (stmt, activity);
      crm_db_stmt_bind_int64 (stmt, 9, crm_activity_get_id (activity));
      ok = crm_store_step_changed (self, stmt, _("This follow-up no longer exists."), error);
    }

  if (ok)
    {
      crm_store_mark_summary_dirty (self, crm_activity_get_customer_id (activity));
      crm_store_queue_change (self, CRM_ENTITY_ACTIVITY, crm_activity_get_id (activity));
    }

  return crm_store_finish_write (self, ok, error);
}

/**
 * crm_followup_store_delete_planned:
 *
 * Takes back a follow-up planned and not done (the Undo of a log that
 * planned it). A done one is history and stays.
 */
gboolean
crm_followup_store_delete_planned (CrmFollowupStore  *domain,
                                   gint64             id,
                                   GError           **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char owner_sql[] = "SELECT customer_id FROM activity WHERE id = ?1 AND done_at IS NULL";
  static const char sql[] = "DELETE FROM activity WHERE id = ?1 AND done_at IS NULL";
  CRM_AUTO_STMT owner = NULL;
  CRM_AUTO_STMT stmt = NULL;
  gint64 customer_id = 0;
  gboolean ok;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);

  if (!crm_store_begin (self, error))
    return FALSE;
  ok = (owner = crm_store_prepare (self, owner_sql, error)) != NULL;
  if (ok)
    {
      crm_db_stmt_bind_int64 (owner, 1, id);
      if (crm_db_stmt_step (owner) == CRM_DB_ROW)
        customer_id = crm_db_stmt_column_int64 (owner, 0);
    }
  ok = ok && (stmt = crm_store_prepare (self, sql, error)) != NULL;
  if (ok)
    {
      crm_db_stmt_bind_int64 (stmt, 1, id);
      ok = crm_store_step_changed (self, stmt, _("This follow-up was done or taken back meanwhile."), error);
    }
  if (ok)
    {
      crm_store_mark_summary_dirty (self, customer_id);
      crm_store_queue_change (self, CRM_ENTITY_ACTIVITY, id);
    }
  return crm_store_finish_write (self, ok, error);
}

/**
 * crm_followup_store_list_for_customer:
 *
 * Returns: (transfer full): a #GListModel of #CrmActivity for the timeline:
 *   planned ones first (soonest first), then done ones, newest first
 */
GListModel *
crm_followup_store_list_for_customer (CrmFollowupStore *domain,
                                      gint64            customer_id)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] =
    "SELECT a.id, a.customer_id, a.deal_id, a.kind, a.planned_at, a.done_at, a.outcome,"
    "  a.note, a.staff_id, s.name, a.purpose"
    " FROM activity a LEFT JOIN staff s ON s.id = a.staff_id"
    " WHERE a.customer_id = ?1"
    " ORDER BY a.done_at IS NOT NULL,"
    "   CASE WHEN a.done_at IS NULL THEN a.planned_at END,"
    "   a.done_at DESC, a.id DESC";

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);

  return crm_store_list_objects (self, sql, CRM_PARAMS (CRM_INT64 (customer_id)),
                                 CRM_TYPE_ACTIVITY, (CrmStoreRowFunc) activity_from_row);
}
