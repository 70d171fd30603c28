/* crm-store-notify.c: what the reminders service turns into desktop
 * notifications besides follow-ups — test-drive reminders and lead notices
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A booking's reminder is due at test_drive.reminder_at (30 minutes before
 * its start, moved with the booking) while it is still booked or confirmed
 * and has not started. When its notification goes out, reminded_for takes
 * the reminder_at it was for, so a booking moved afterwards is reminded
 * again at its new time and never twice for the same one.
 *
 * A lead_notice row becomes a notification once (notified_at); it stays in
 * the header list until it is seen (seen_at), as before.
 */
#define G_LOG_DOMAIN "crm-store-notify"

#include "config.h"

#include "crm-store-private.h"

/* A booking made less than 30 minutes before it starts has no reminder:
 * whoever made it is at this desktop now */
#define REMINDER_PENDING_SQL \
  " t.staff_id = ?1 AND t.status IN ('booked', 'confirmed') AND t.reminder_at IS NOT NULL" \
  " AND t.reminded_for IS NOT t.reminder_at AND t.start_at > ?2 AND t.reminder_at >= t.created_at"

/**
 * crm_store_get_next_test_drive_reminder:
 * @staff_id: whose bookings
 * @now: bookings that start later than this
 *
 * Returns: the earliest reminder time of @staff_id's bookings not reminded
 *   yet (it may be @now or earlier: due), or 0 when there is none
 */
gint64
crm_store_get_next_test_drive_reminder (CrmStore *self,
                                        gint64    staff_id,
                                        gint64    now)
{
  static const char sql[] =
    "SELECT min(t.reminder_at) FROM test_drive t WHERE" REMINDER_PENDING_SQL;
  CRM_AUTO_STMT stmt = NULL;

  g_return_val_if_fail (CRM_IS_STORE (self), 0);

  if ((stmt = crm_store_prepare (self, sql, NULL)) == NULL)
    return 0;
  crm_db_stmt_bind_int64 (stmt, 1, staff_id);
  crm_db_stmt_bind_int64 (stmt, 2, now);
  if (crm_db_stmt_step (stmt) != CRM_DB_ROW)
    return 0;
  return crm_db_stmt_column_int64 (stmt, 0);
}

/**
 * crm_store_query_due_test_drive_reminders:
 * @staff_id: whose bookings
 * @now: the reminders due at or before this, of bookings starting later
 *
 * Returns: (transfer full) (element-type gint64): booking ids by start
 *   time, or %NULL on error
 */
GArray *
crm_store_query_due_test_drive_reminders (CrmStore  *self,
                                          gint64     staff_id,
                                          gint64     now,
                                          GError   **error)
{
  static const char sql[] =
    "SELECT t.id FROM test_drive t WHERE" REMINDER_PENDING_SQL " AND t.reminder_at <= ?2"
    " ORDER BY t.start_at, t.id";
  CRM_AUTO_STMT stmt = NULL;
  GArray *ids;
  int rc;

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);

  if ((stmt = crm_store_prepare (self, sql, error)) == NULL)
    return NULL;
  crm_db_stmt_bind_int64 (stmt, 1, staff_id);
  crm_db_stmt_bind_int64 (stmt, 2, now);
  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  while ((rc = crm_db_stmt_step (stmt)) == CRM_DB_ROW)
    {
      gint64 id = crm_db_stmt_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  if (rc != CRM_DB_DONE)
    {
      crm_store_step_done (self, stmt, error);
      g_array_unref (ids);
      return NULL;
    }
  return ids;
}

/**
 * crm_store_mark_test_drives_reminded:
 * @ids: (element-type gint64): bookings whose reminder went out
 *
 * Returns: %TRUE when written
 */
gboolean
crm_store_mark_test_drives_reminded (CrmStore  *self,
                                     GArray    *ids,
                                     GError   **error)
{
  static const char sql[] = "UPDATE test_drive SET reminded_for = reminder_at WHERE id = ?1";
  gboolean ok = TRUE;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);
  g_return_val_if_fail (ids != NULL, FALSE);

  if (ids->len == 0)
    return TRUE;
  if (!crm_store_begin (self, error))
    return FALSE;
  for (guint i = 0; ok && i < ids->len; i++)
    {
      CRM_AUTO_STMT stmt = crm_store_prepare (self, sql, error);
      gint64 id = g_array_index (ids, gint64, i);

      ok = stmt != NULL;
      if (ok)
        {
          crm_db_stmt_bind_int64 (stmt, 1, id);
          ok = crm_store_step_done (self, stmt, error);
          crm_store_queue_change (self, CRM_ENTITY_TEST_DRIVE, id);
        }
    }
  return crm_store_finish_write (self, ok, error);
}

/**
 * crm_store_snooze_test_drive_reminder:
 * @until: when to remind again; must be before the booking starts
 *
 * Moves the booking's reminder (moving the booking sets it again).
 *
 * Returns: %TRUE when the reminder was moved
 */
gboolean
crm_store_snooze_test_drive_reminder (CrmStore  *self,
                                      gint64     id,
                                      gint64     until,
                                      GError   **error)
{
  static const char sql[] =
    "UPDATE test_drive SET reminder_at = ?2 WHERE id = ?1 AND start_at > ?2";
  CRM_AUTO_STMT stmt = NULL;
  gboolean ok;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);

  if (!crm_store_begin (self, error))
    return FALSE;
  ok = (stmt = crm_store_prepare (self, sql, error)) != NULL;
  if (ok)
    {
      crm_db_stmt_bind_int64 (stmt, 1, id);
      crm_db_stmt_bind_int64 (stmt, 2, until);
      ok = crm_store_step_done (self, stmt, error);
      crm_store_queue_change (self, CRM_ENTITY_TEST_DRIVE, id);
    }
  return crm_store_finish_write (self, ok, error);
}

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

/**
 * crm_store_list_unnotified_lead_notices:
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
crm_store_list_unnotified_lead_notices (CrmStore *self,
                                        gint64    staff_id,
                                        guint    *n_total)
{
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
 * crm_store_mark_lead_notices_notified:
 * @staff_id: the person at this desktop (announced as a change of them)
 * @up_to_id: the newest notice that was told (by itself or in a summary)
 *
 * Marks @staff_id's unnotified notices up to @up_to_id as notified.
 *
 * Returns: %TRUE when written
 */
gboolean
crm_store_mark_lead_notices_notified (CrmStore  *self,
                                      gint64     staff_id,
                                      gint64     up_to_id,
                                      GError   **error)
{
  /* Each kind on its index, as crm_store_list_unnotified_lead_notices() */
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
