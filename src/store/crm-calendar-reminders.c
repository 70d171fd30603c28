/* crm-calendar-reminders.c: CrmCalendarStore's test-drive reminders
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Part of CrmCalendarStore (crm-calendar-store.h).
 */
#define G_LOG_DOMAIN "crm-calendar-store"

#include "config.h"

#include <glib/gi18n.h>
#include "crm-db.h"
#include <string.h>

#include "crm-model-enum-types.h"
#include "crm-store-enum-types.h"
#include "crm-error.h"
#include "crm-store.h"
#include "crm-store-private.h"

/* A booking made less than 30 minutes before it starts has no reminder:
 * whoever made it is at this desktop now */
#define REMINDER_PENDING_SQL \
  " t.staff_id = ?1 AND t.status IN ('booked', 'confirmed') AND t.reminder_at IS NOT NULL" \
  " AND t.reminded_for IS DISTINCT FROM t.reminder_at AND t.start_at > ?2 AND t.reminder_at >= t.created_at"

/**
 * crm_calendar_store_get_next_reminder:
 * @staff_id: whose bookings
 * @now: bookings that start later than this
 *
 * Returns: the earliest reminder time of @staff_id's bookings not reminded
 *   yet (it may be @now or earlier: due), or 0 when there is none
 */
gint64
crm_calendar_store_get_next_reminder (CrmCalendarStore *domain,
                                      gint64            staff_id,
                                      gint64            now)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] =
    "SELECT min(t.reminder_at) FROM test_drive t WHERE" REMINDER_PENDING_SQL;

  g_return_val_if_fail (CRM_IS_STORE (self), 0);

  return crm_store_query_int64 (self, sql,
                                CRM_PARAMS (CRM_INT64 (staff_id), CRM_INT64 (now)), 0);
}

/**
 * crm_calendar_store_query_due_reminders:
 * @staff_id: whose bookings
 * @now: the reminders due at or before this, of bookings starting later
 *
 * Returns: (transfer full) (element-type gint64): booking ids by start
 *   time, or %NULL on error
 */
GArray *
crm_calendar_store_query_due_reminders (CrmCalendarStore  *domain,
                                        gint64             staff_id,
                                        gint64             now,
                                        GError           **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
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
 * crm_calendar_store_mark_reminded:
 * @ids: (element-type gint64): bookings whose reminder went out
 *
 * Returns: %TRUE when written
 */
gboolean
crm_calendar_store_mark_reminded (CrmCalendarStore  *domain,
                                  GArray            *ids,
                                  GError           **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
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
 * crm_calendar_store_snooze_reminder:
 * @until: when to remind again; must be before the booking starts
 *
 * Moves the booking's reminder (moving the booking sets it again).
 *
 * Returns: %TRUE when the reminder was moved
 */
gboolean
crm_calendar_store_snooze_reminder (CrmCalendarStore  *domain,
                                    gint64             id,
                                    gint64             until,
                                    GError           **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] =
    "UPDATE test_drive SET reminder_at = ?2 WHERE id = ?1 AND start_at > ?2";

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);

  return crm_store_write_one (self, CRM_ENTITY_TEST_DRIVE, id, sql,
                              CRM_PARAMS (CRM_INT64 (id),
                                          CRM_INT64 (until)),
                              error);
}
