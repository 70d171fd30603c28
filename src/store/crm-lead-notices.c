/* crm-lead-notices.c: CrmLeadStore's notices: who was given which lead, what is about to go to the pool
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

/* The two kinds of unnotified notices, each read from its own index: one's
 * own (lead_notice_unnotified) and, for a manager, the notices for managers
 * (lead_notice_managers_unseen). One query with an OR walked every unseen notice. */
#define UNNOTIFIED_OWN_SQL \
  " FROM lead_notice n INDEXED BY lead_notice_unnotified JOIN customer c ON c.id = n.customer_id" \
  " WHERE n.staff_id = ?1 AND n.notified_at IS NULL AND n.seen_at IS NULL AND c.deleted_at IS NULL"
#define UNNOTIFIED_MANAGERS_SQL \
  " FROM lead_notice n INDEXED BY lead_notice_managers_unseen JOIN customer c ON c.id = n.customer_id" \
  " WHERE n.for_managers AND n.staff_id IS DISTINCT FROM ?1" \
  "   AND n.notified_at IS NULL AND n.seen_at IS NULL AND c.deleted_at IS NULL AND ?2"

/* Stamps @column of someone's notices (and, for a manager, of the notices
 * for managers) up to @up_to_id: two UPDATEs, each on its own partial
 * index. In both statements ?1 is the person, ?2 the last id, ?3 now. */
static gboolean
stamp_notices (CrmStore    *self,
               gint64       staff_id,
               gint64       up_to_id,
               const char  *own_sql,
               const char  *managers_sql,
               GError     **error)
{
  gboolean manager = crm_store_staff_is_manager (self, staff_id);
  gboolean ok = TRUE;

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

/* The notice a row of (id, customer id, customer name, kind, at) stands
 * for */
static CrmLeadNotice *
notice_from_row (CrmDbStmt *stmt)
{
  CrmLeadNotice *notice = crm_lead_notice_new ();

  crm_lead_notice_set_id (notice, crm_db_stmt_column_int64 (stmt, 0));
  crm_lead_notice_set_customer_id (notice, crm_db_stmt_column_int64 (stmt, 1));
  crm_lead_notice_set_customer_name (notice, crm_store_column_text (stmt, 2));
  crm_lead_notice_set_kind (notice, crm_store_column_text (stmt, 3));
  crm_lead_notice_set_at (notice, crm_db_stmt_column_int64 (stmt, 4));
  return notice;
}

/* The same with whether it was seen, in a sixth column */
static CrmLeadNotice *
seen_notice_from_row (CrmDbStmt *stmt)
{
  CrmLeadNotice *notice = notice_from_row (stmt);

  crm_lead_notice_set_seen (notice, crm_db_stmt_column_int (stmt, 5));
  return notice;
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
                             gint64        staff_id,
                             gboolean      unseen_only)
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
    "  ORDER BY n.at DESC, n.id DESC LIMIT 200) own"
    " UNION ALL "
    "SELECT * FROM (" NOTICE_MANAGERS_COLUMNS
    "  WHERE n.for_managers AND n.staff_id IS DISTINCT FROM ?1 AND (n.seen_at IS NULL OR NOT ?2)"
    "    AND c.deleted_at IS NULL"
    "  ORDER BY n.at DESC, n.id DESC LIMIT 200) managers"
    " ORDER BY 5 DESC, 1 DESC LIMIT 200";
#undef NOTICE_COLUMNS
#undef NOTICE_MANAGERS_COLUMNS

  g_return_val_if_fail (CRM_IS_STORE (self), G_LIST_MODEL (g_list_store_new (CRM_TYPE_LEAD_NOTICE)));

  return crm_store_list_objects (self, crm_store_staff_is_manager (self, staff_id) ? manager_sql : own_sql,
                                 CRM_PARAMS (CRM_INT64 (staff_id), CRM_INT64 (unseen_only)),
                                 CRM_TYPE_LEAD_NOTICE, (CrmStoreRowFunc) seen_notice_from_row);
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
                                     gint64        staff_id,
                                     guint         at_most)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] =
    "SELECT (SELECT count(*) FROM (SELECT 1 FROM lead_notice n JOIN customer c ON c.id = n.customer_id"
    "         WHERE n.staff_id = ?1 AND n.seen_at IS NULL AND c.deleted_at IS NULL LIMIT ?3) own)"
    "     + (SELECT count(*) FROM (SELECT 1 FROM lead_notice n INDEXED BY lead_notice_managers_unseen"
    "         JOIN customer c ON c.id = n.customer_id"
    "         WHERE ?2 AND n.for_managers AND n.staff_id IS DISTINCT FROM ?1 AND n.seen_at IS NULL"
    "           AND c.deleted_at IS NULL LIMIT ?3) managers)";
  gint64 count;

  g_return_val_if_fail (CRM_IS_STORE (self), 0);

  count = crm_store_query_int64 (self, sql,
                                 CRM_PARAMS (CRM_INT64 (staff_id),
                                             CRM_INT64 (crm_store_staff_is_manager (self, staff_id)),
                                             CRM_INT64 (at_most)),
                                 0);
  return MIN (count, (gint64) at_most);
}

gboolean
crm_lead_store_mark_notices_seen (CrmLeadStore  *domain,
                                  gint64         staff_id,
                                  GError       **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  /* One's own, then (a manager) the notices for managers */
  static const char own_sql[] =
    "UPDATE lead_notice INDEXED BY lead_notice_unseen SET seen_at = ?3"
    " WHERE staff_id = ?1 AND id <= ?2 AND seen_at IS NULL";
  static const char managers_sql[] =
    "UPDATE lead_notice INDEXED BY lead_notice_managers_unseen SET seen_at = ?3"
    " WHERE for_managers AND id <= ?2 AND seen_at IS NULL";

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);

  return stamp_notices (self, staff_id, G_MAXINT64, own_sql, managers_sql, error);
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
                                        gint64        staff_id,
                                        guint        *n_total)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] =
    "SELECT * FROM (SELECT n.id, n.customer_id, c.name, n.kind, n.at" UNNOTIFIED_OWN_SQL
    "               ORDER BY n.id DESC LIMIT 200) own"
    " UNION ALL "
    "SELECT * FROM (SELECT n.id, n.customer_id, c.name, n.kind, n.at" UNNOTIFIED_MANAGERS_SQL
    "               ORDER BY n.id DESC LIMIT 200) managers"
    " ORDER BY 1 DESC LIMIT 200";
  static const char count_sql[] =
    "SELECT (SELECT count(*)" UNNOTIFIED_OWN_SQL ") + (SELECT count(*)" UNNOTIFIED_MANAGERS_SQL ")";
  GListModel *list;
  gboolean manager;

  if (n_total != NULL)
    *n_total = 0;
  g_return_val_if_fail (CRM_IS_STORE (self), G_LIST_MODEL (g_list_store_new (CRM_TYPE_LEAD_NOTICE)));

  if (staff_id <= 0)
    return G_LIST_MODEL (g_list_store_new (CRM_TYPE_LEAD_NOTICE));
  manager = crm_store_staff_is_manager (self, staff_id);
  list = crm_store_list_objects (self, sql, CRM_PARAMS (CRM_INT64 (staff_id), CRM_INT64 (manager)),
                                 CRM_TYPE_LEAD_NOTICE, (CrmStoreRowFunc) notice_from_row);
  if (n_total != NULL)
    *n_total = (guint) crm_store_query_int64 (self, count_sql,
                                              CRM_PARAMS (CRM_INT64 (staff_id), CRM_INT64 (manager)), 0);
  return list;
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
crm_lead_store_mark_notices_notified (CrmLeadStore  *domain,
                                      gint64         staff_id,
                                      gint64         up_to_id,
                                      GError       **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  /* Each kind on its index, as crm_lead_store_list_unnotified_notices() */
  static const char own_sql[] =
    "UPDATE lead_notice INDEXED BY lead_notice_unnotified SET notified_at = ?3"
    " WHERE staff_id = ?1 AND id <= ?2 AND notified_at IS NULL AND seen_at IS NULL";
  static const char managers_sql[] =
    "UPDATE lead_notice INDEXED BY lead_notice_managers_unseen SET notified_at = ?3"
    " WHERE for_managers AND id <= ?2 AND notified_at IS NULL AND seen_at IS NULL";

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);

  return stamp_notices (self, staff_id, up_to_id, own_sql, managers_sql, error);
}
