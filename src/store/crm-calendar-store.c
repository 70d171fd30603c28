/* crm-calendar-store.c: CrmCalendarStore, the test-drive fleet and bookings, their reminders
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The conflict rules live here, next to the data, so every way in (the
 * dialog, a drag in the calendar, an .ics import) is checked the same way
 * and inside the write transaction that stores the booking: two desks
 * booking the same car at the same moment cannot both succeed.
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

#define MINUTE 60

/* Bookings that still hold their car and rep */
#define ACTIVE_SQL "status NOT IN ('cancelled', 'no-show')"

/* ------------------------------------------------------------------ */
/* Calendar rules                                                      */


/**
 * crm_calendar_settings_get_hours:
 * @weekday: 1 = Monday … 7 = Sunday, as g_date_time_get_day_of_week()
 * @open_minute: (out): opening time that day, minutes after local midnight
 * @close_minute: (out): closing time that day
 */
void
crm_calendar_settings_get_hours (const CrmCalendarSettings *settings,
                                 int                        weekday,
                                 int                       *open_minute,
                                 int                       *close_minute)
{
  gboolean weekend = weekday == G_DATE_SATURDAY || weekday == G_DATE_SUNDAY;

  g_return_if_fail (settings != NULL);

  *open_minute = weekend ? settings->weekend_open_minute : settings->open_minute;
  *close_minute = weekend ? settings->weekend_close_minute : settings->close_minute;
}

/* ------------------------------------------------------------------ */
/* Fleet                                                               */

static gboolean
validate_vehicle (CrmStore    *self,
                  CrmVehicle  *vehicle,
                  GError     **error)
{
  static const char sql[] =
    "SELECT 1 FROM vehicle WHERE plate = ?1 AND id <> ?2";
  g_autofree char *plate = g_strstrip (g_strdup (crm_vehicle_get_plate (vehicle) ?
                                                 crm_vehicle_get_plate (vehicle) : ""));
  CRM_AUTO_STMT stmt = NULL;

  if (plate[0] == '\0')
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                   _("A test-drive car needs its number plate."));
      return FALSE;
    }
  if (crm_vehicle_get_mileage (vehicle) < 0)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                   _("The mileage cannot be negative."));
      return FALSE;
    }

  if ((stmt = crm_store_prepare (self, sql, error)) == NULL)
    return FALSE;
  crm_db_stmt_bind_text (stmt, 1, plate);
  crm_db_stmt_bind_int64 (stmt, 2, crm_vehicle_get_id (vehicle));
  if (crm_db_stmt_step (stmt) == CRM_DB_ROW)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_DUPLICATE,
                   _("The fleet already has a car with the plate %s."), plate);
      return FALSE;
    }
  return TRUE;
}

static void
bind_vehicle (CrmDbStmt *stmt,
              CrmVehicle   *vehicle)
{
  g_autofree char *plate = g_strstrip (g_strdup (crm_vehicle_get_plate (vehicle)));

  crm_db_stmt_bind_text (stmt, 1, plate);
  crm_store_bind_id_or_null (stmt, 2, crm_vehicle_get_model_id (vehicle));
  crm_db_stmt_bind_text (stmt, 3, crm_vehicle_get_colour (vehicle) ? crm_vehicle_get_colour (vehicle) : "");
  crm_store_bind_code (stmt, 4, CRM_TYPE_VEHICLE_STATUS, crm_vehicle_get_status (vehicle));
  crm_db_stmt_bind_int (stmt, 5, crm_vehicle_get_mileage (vehicle));
}

gint64
crm_calendar_store_insert_vehicle (CrmCalendarStore  *domain,
                                   CrmVehicle        *vehicle,
                                   GError           **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] =
    "INSERT INTO vehicle (plate, model_id, colour, status, mileage) VALUES (?1, ?2, ?3, ?4, ?5)";
  CRM_AUTO_STMT stmt = NULL;
  gint64 id;

  g_return_val_if_fail (CRM_IS_STORE (self), 0);
  g_return_val_if_fail (CRM_IS_VEHICLE (vehicle), 0);

  if (!crm_store_begin (self, error))
    return 0;
  if (!validate_vehicle (self, vehicle, error) ||
      (stmt = crm_store_prepare (self, sql, error)) == NULL)
    {
      crm_store_rollback (self);
      return 0;
    }

  bind_vehicle (stmt, vehicle);
  if (!crm_store_step_done (self, stmt, error))
    {
      crm_store_rollback (self);
      return 0;
    }

  id = crm_db_last_insert_id (self->db);
  crm_store_queue_change (self, CRM_ENTITY_VEHICLE, id);
  if (!crm_store_commit (self, error))
    return 0;

  crm_vehicle_set_id (vehicle, id);
  return id;
}

gboolean
crm_calendar_store_update_vehicle (CrmCalendarStore  *domain,
                                   CrmVehicle        *vehicle,
                                   GError           **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] =
    "UPDATE vehicle SET plate = ?1, model_id = ?2, colour = ?3, status = ?4, mileage = ?5"
    " WHERE id = ?6";
  CRM_AUTO_STMT stmt = NULL;
  gboolean ok;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);
  g_return_val_if_fail (CRM_IS_VEHICLE (vehicle), FALSE);

  if (!crm_store_begin (self, error))
    return FALSE;

  ok = validate_vehicle (self, vehicle, error) &&
       (stmt = crm_store_prepare (self, sql, error)) != NULL;
  if (ok)
    {
      bind_vehicle (stmt, vehicle);
      crm_db_stmt_bind_int64 (stmt, 6, crm_vehicle_get_id (vehicle));
      ok = crm_store_step_changed (self, stmt, _("This car is not in the fleet."), error);
    }
  if (ok)
    crm_store_queue_change (self, CRM_ENTITY_VEHICLE, crm_vehicle_get_id (vehicle));
  return crm_store_finish_write (self, ok, error);
}

#define VEHICLE_COLUMNS \
  "v.id, v.plate, v.model_id, v.colour, v.status, v.mileage," \
  " coalesce(m.series, '')"

static CrmVehicle *
vehicle_from_row (CrmDbStmt *stmt)
{
  CrmVehicle *vehicle = crm_vehicle_new ();

  crm_vehicle_set_id (vehicle, crm_db_stmt_column_int64 (stmt, 0));
  crm_vehicle_set_plate (vehicle, crm_store_column_text (stmt, 1));
  crm_vehicle_set_model_id (vehicle, crm_db_stmt_column_int64 (stmt, 2));
  crm_vehicle_set_colour (vehicle, crm_store_column_text (stmt, 3));
  crm_vehicle_set_status (vehicle, crm_store_column_code (stmt, 4, CRM_TYPE_VEHICLE_STATUS));
  crm_vehicle_set_mileage (vehicle, crm_db_stmt_column_int (stmt, 5));
  crm_vehicle_set_model_name (vehicle, crm_store_column_text (stmt, 6));
  return vehicle;
}

CrmVehicle *
crm_calendar_store_get_vehicle (CrmCalendarStore  *domain,
                                gint64             id,
                                GError           **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] =
    "SELECT " VEHICLE_COLUMNS " FROM vehicle v LEFT JOIN vehicle_model m ON m.id = v.model_id"
    " WHERE v.id = ?1";

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);

  return crm_store_get_object (self, sql, id, _("This car is not in the fleet."),
                               (CrmStoreRowFunc) vehicle_from_row, error);
}

/**
 * crm_calendar_store_list_vehicles:
 * @bookable_only: only cars that are not retired
 *
 * Returns: (transfer full): a #GListModel of #CrmVehicle, by plate
 */
GListModel *
crm_calendar_store_list_vehicles (CrmCalendarStore *domain,
                                  gboolean          bookable_only)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] =
    "SELECT " VEHICLE_COLUMNS " FROM vehicle v LEFT JOIN vehicle_model m ON m.id = v.model_id"
    " WHERE ?1 = 0 OR v.status <> 'retired'"
    " ORDER BY v.plate";

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);

  return crm_store_list_objects (self, sql, CRM_PARAMS (CRM_INT64 (bookable_only ? 1 : 0)),
                                 CRM_TYPE_VEHICLE, (CrmStoreRowFunc) vehicle_from_row);
}

gint64
crm_calendar_store_find_vehicle_by_plate (CrmCalendarStore *domain,
                                          const char       *plate)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] = "SELECT id FROM vehicle WHERE plate = ?1";
  CRM_AUTO_STMT stmt = NULL;

  g_return_val_if_fail (CRM_IS_STORE (self), 0);

  if (plate == NULL || (stmt = crm_store_prepare (self, sql, NULL)) == NULL)
    return 0;
  crm_db_stmt_bind_text (stmt, 1, plate);
  return crm_db_stmt_step (stmt) == CRM_DB_ROW ? crm_db_stmt_column_int64 (stmt, 0) : 0;
}

/* ------------------------------------------------------------------ */
/* Conflict rules                                                      */

static char *
format_time (gint64 t)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (t);

  return g_date_time_format (dt, "%H:%M");
}

static char *
format_day_time (gint64 t)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (t);

  /* Translators: a day and a time in a message, e.g. "24 Nov 10:30" */
  return g_date_time_format (dt, _("%-d %b %H:%M"));
}

/* Minutes after midnight, and the day it belongs to, by the showroom's
 * clock: opening hours are the showroom's, not the desktop's */
static int
local_minute (CrmStore *self,
              gint64    t,
              int      *day_key,
              int      *weekday)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (t);
  g_autoptr(GDateTime) dt = g_date_time_to_timezone (utc, crm_store_get_time_zone (self));

  if (day_key != NULL)
    *day_key = g_date_time_get_year (dt) * 400 + g_date_time_get_day_of_year (dt);
  if (weekday != NULL)
    *weekday = g_date_time_get_day_of_week (dt);
  return g_date_time_get_hour (dt) * 60 + g_date_time_get_minute (dt);
}

/* The first active booking of a car (column "vehicle_id") or a rep
 * ("staff_id") that comes within @buffer of [start, end). Bookings are at
 * most CRM_TEST_DRIVE_MAX_MINUTES long, so the start_at range bounds the
 * index scan to a few rows whatever the size of the table. */
static gboolean
find_clash (CrmStore  *self,
            gboolean   by_vehicle,
            gint64     owner_id,
            gint64     except_id,
            gint64     start,
            gint64     end,
            gint64     buffer,
            gint64    *clash_start,
            gint64    *clash_end,
            char     **clash_name,
            GError   **error)
{
  static const char vehicle_sql[] =
    "SELECT t.start_at, t.end_at, c.name FROM test_drive t JOIN customer c ON c.id = t.customer_id"
    " WHERE t.vehicle_id = ?1 AND t.id <> ?2 AND t.start_at > ?3 AND t.start_at < ?4"
    "   AND t.end_at > ?5 AND t." ACTIVE_SQL
    " ORDER BY t.start_at LIMIT 1";
  static const char staff_sql[] =
    "SELECT t.start_at, t.end_at, c.name FROM test_drive t JOIN customer c ON c.id = t.customer_id"
    " WHERE t.staff_id = ?1 AND t.id <> ?2 AND t.start_at > ?3 AND t.start_at < ?4"
    "   AND t.end_at > ?5 AND t." ACTIVE_SQL
    " ORDER BY t.start_at LIMIT 1";
  CRM_AUTO_STMT stmt = crm_store_prepare (self, by_vehicle ? vehicle_sql : staff_sql, error);

  *clash_name = NULL;
  if (stmt == NULL)
    return FALSE;

  crm_db_stmt_bind_int64 (stmt, 1, owner_id);
  crm_db_stmt_bind_int64 (stmt, 2, except_id);
  crm_db_stmt_bind_int64 (stmt, 3, start - buffer - CRM_TEST_DRIVE_MAX_MINUTES * MINUTE);
  crm_db_stmt_bind_int64 (stmt, 4, end + buffer);
  crm_db_stmt_bind_int64 (stmt, 5, start - buffer);
  if (crm_db_stmt_step (stmt) != CRM_DB_ROW)
    return FALSE;

  *clash_start = crm_db_stmt_column_int64 (stmt, 0);
  *clash_end = crm_db_stmt_column_int64 (stmt, 1);
  *clash_name = g_strdup (crm_store_column_text (stmt, 2));
  return TRUE;
}

static CrmBookingConflict
check_booking (CrmStore            *self,
               gint64               except_id,
               gint64               customer_id,
               gint64               vehicle_id,
               gint64               staff_id,
               gint64               start,
               gint64               end,
               const CrmCalendarSettings *rules,
               GError             **error)
{
  g_autoptr(CrmVehicle) vehicle = NULL;
  g_autofree char *clash_name = NULL;
  gint64 buffer = (gint64) rules->buffer_minutes * MINUTE;
  gint64 clash_start = 0, clash_end = 0;
  int start_day, end_day, start_minute, end_minute, weekday, open_minute, close_minute;

  if (customer_id <= 0 || !crm_store_customer_exists (self, customer_id, NULL))
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                   _("Choose the customer who comes for the test drive."));
      return CRM_BOOKING_INVALID;
    }
  if (staff_id <= 0)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                   _("Choose the sales consultant who goes on the test drive."));
      return CRM_BOOKING_INVALID;
    }
  if (!crm_store_check_staff (self, staff_id, error))
    return CRM_BOOKING_INVALID;
  if (end <= start)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                   _("A test drive must end after it starts."));
      return CRM_BOOKING_INVALID;
    }
  if (end - start > CRM_TEST_DRIVE_MAX_MINUTES * MINUTE)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                   _("A test drive lasts between 10 minutes and 4 hours."));
      return CRM_BOOKING_INVALID;
    }

  vehicle = crm_calendar_store_get_vehicle (crm_store_get_calendar_store (self), vehicle_id, NULL);
  if (vehicle == NULL)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                   _("Choose the car for the test drive."));
      return CRM_BOOKING_INVALID;
    }
  if (crm_vehicle_get_status (vehicle) != CRM_VEHICLE_AVAILABLE)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                   crm_vehicle_get_status (vehicle) == CRM_VEHICLE_IN_SERVICE
                   ? _("The car %s is in service and cannot be booked.")
                   : _("The car %s is retired from the test-drive fleet."),
                   crm_vehicle_get_plate (vehicle));
      return CRM_BOOKING_VEHICLE_UNAVAILABLE;
    }

  start_minute = local_minute (self, start, &start_day, &weekday);
  end_minute = local_minute (self, end, &end_day, NULL);
  crm_calendar_settings_get_hours (rules, weekday, &open_minute, &close_minute);
  if (end_minute == 0 && end_day != start_day)
    end_minute = 24 * 60, end_day = start_day;
  if (start_day != end_day || start_minute < open_minute || end_minute > close_minute)
    {
      g_autofree char *open = g_strdup_printf ("%02d:%02d", open_minute / 60, open_minute % 60);
      g_autofree char *close = g_strdup_printf ("%02d:%02d", close_minute / 60, close_minute % 60);

      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                   _("The showroom is open from %s to %s; the test drive must fit in these hours."),
                   open, close);
      return CRM_BOOKING_OUTSIDE_HOURS;
    }

  if (find_clash (self, TRUE, vehicle_id, except_id, start, end, buffer,
                  &clash_start, &clash_end, &clash_name, error))
    {
      g_autofree char *from = format_time (clash_start);
      g_autofree char *to = format_time (clash_end);

      if (clash_start < end && clash_end > start)
        {
          g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                       _("The car %s is already booked from %s to %s (%s)."),
                       crm_vehicle_get_plate (vehicle), from, to, clash_name);
          return CRM_BOOKING_VEHICLE_BOOKED;
        }
      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The car %s needs %d minute between test drives; it is booked from %s to %s (%s).",
                                "The car %s needs %d minutes between test drives; it is booked from %s to %s (%s).",
                                rules->buffer_minutes),
                   crm_vehicle_get_plate (vehicle), rules->buffer_minutes, from, to, clash_name);
      return CRM_BOOKING_VEHICLE_BUFFER;
    }
  else if (error != NULL && *error != NULL)
    return CRM_BOOKING_INVALID;

  if (find_clash (self, FALSE, staff_id, except_id, start, end, buffer,
                  &clash_start, &clash_end, &clash_name, error))
    {
      g_autoptr(CrmStaff) staff = crm_staff_store_get (crm_store_get_staff_store (self), staff_id, NULL);
      g_autofree char *from = format_time (clash_start);
      g_autofree char *to = format_time (clash_end);
      const char *staff_name = staff ? crm_staff_get_name (staff) : "";

      if (clash_start < end && clash_end > start)
        {
          g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                       _("%s is already on a test drive from %s to %s (%s)."),
                       staff_name, from, to, clash_name);
          return CRM_BOOKING_REP_BOOKED;
        }
      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                   g_dngettext (GETTEXT_PACKAGE,
                                "%s needs %d minute between test drives; they are on one from %s to %s (%s).",
                                "%s needs %d minutes between test drives; they are on one from %s to %s (%s).",
                                rules->buffer_minutes),
                   staff_name, rules->buffer_minutes, from, to, clash_name);
      return CRM_BOOKING_REP_BUFFER;
    }
  else if (error != NULL && *error != NULL)
    return CRM_BOOKING_INVALID;

  return CRM_BOOKING_OK;
}

/**
 * crm_calendar_store_check:
 * @test_drive: the booking as it would be stored (its id, if any, is
 *   ignored in the clash search so a booking does not clash with itself)
 *
 * Checks every rule: customer, rep, car status, opening hours, car and rep
 * already booked, and the buffer between drives.
 *
 * Returns: %CRM_BOOKING_OK, or the reason with @error saying it in words
 */
CrmBookingConflict
crm_calendar_store_check (CrmCalendarStore  *domain,
                          CrmTestDrive      *test_drive,
                          GError           **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  CrmCalendarSettings rules;

  g_return_val_if_fail (CRM_IS_STORE (self), CRM_BOOKING_INVALID);
  g_return_val_if_fail (CRM_IS_TEST_DRIVE (test_drive), CRM_BOOKING_INVALID);

  crm_staff_store_get_calendar_settings (crm_store_get_staff_store (self), &rules);
  return check_booking (self,
                        crm_test_drive_get_id (test_drive),
                        crm_test_drive_get_customer_id (test_drive),
                        crm_test_drive_get_vehicle_id (test_drive),
                        crm_test_drive_get_staff_id (test_drive),
                        crm_test_drive_get_start_at (test_drive),
                        crm_test_drive_get_end_at (test_drive),
                        &rules, error);
}

/**
 * crm_calendar_store_next_free_slots:
 * @n_slots: how many to find
 *
 * Free starts for the same car, rep and length from the booking's start
 * on, in steps of a quarter hour, within the next fortnight.
 *
 * Returns: (transfer full): a #GArray of gint64 start times (maybe empty)
 */
GArray *
crm_calendar_store_next_free_slots (CrmCalendarStore *domain,
                                    CrmTestDrive     *test_drive,
                                    guint             n_slots)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  GArray *slots = g_array_new (FALSE, FALSE, sizeof (gint64));
  CrmCalendarSettings rules;
  gint64 length, start, limit;
  const gint64 step = 15 * MINUTE;

  g_return_val_if_fail (CRM_IS_STORE (self), slots);
  g_return_val_if_fail (CRM_IS_TEST_DRIVE (test_drive), slots);

  crm_staff_store_get_calendar_settings (crm_store_get_staff_store (self), &rules);
  length = crm_test_drive_get_end_at (test_drive) - crm_test_drive_get_start_at (test_drive);
  if (length <= 0)
    length = rules.slot_minutes * MINUTE;
  start = crm_test_drive_get_start_at (test_drive);
  start = MAX (start, crm_store_now (self));
  start = (start + step - 1) / step * step;
  limit = start + 14 * 24 * 60 * MINUTE;

  for (; start < limit && slots->len < n_slots; start += step)
    {
      int weekday, open_minute, close_minute;
      int day_minute = local_minute (self, start, NULL, &weekday);

      /* Skip the closed hours in one jump: to midnight after closing,
       * then (the next day's hours may differ) to that day's opening */
      crm_calendar_settings_get_hours (&rules, weekday, &open_minute, &close_minute);
      if (day_minute + length / MINUTE > close_minute)
        {
          start += (gint64) (24 * 60 - day_minute) * MINUTE - step;
          continue;
        }
      if (day_minute < open_minute)
        {
          start += (gint64) (open_minute - day_minute) * MINUTE - step;
          continue;
        }
      if (check_booking (self, crm_test_drive_get_id (test_drive),
                         crm_test_drive_get_customer_id (test_drive),
                         crm_test_drive_get_vehicle_id (test_drive),
                         crm_test_drive_get_staff_id (test_drive),
                         start, start + length, &rules, NULL) == CRM_BOOKING_OK)
        g_array_append_val (slots, start);
    }

  return slots;
}

/* ------------------------------------------------------------------ */
/* Bookings                                                            */

/* The customer's newest open deal, for a booking that names none */
static gint64
open_deal_for_customer (CrmStore *self,
                        gint64    customer_id)
{
  static const char sql[] =
    "SELECT d.id FROM deal d JOIN stage s ON s.code = d.stage"
    " WHERE d.customer_id = ?1 AND s.is_open ORDER BY d.created_at DESC, d.id DESC LIMIT 1";
  CRM_AUTO_STMT stmt = crm_store_prepare (self, sql, NULL);

  if (stmt == NULL)
    return 0;
  crm_db_stmt_bind_int64 (stmt, 1, customer_id);
  return crm_db_stmt_step (stmt) == CRM_DB_ROW ? crm_db_stmt_column_int64 (stmt, 0) : 0;
}

static gint64
insert_test_drive_locked (CrmStore      *self,
                          CrmTestDrive  *test_drive,
                          const char    *uid,
                          GError       **error)
{
  static const char sql[] =
    "INSERT INTO test_drive (customer_id, vehicle_id, staff_id, deal_id, start_at, end_at,"
    "  status, feedback, reminder_at, uid, created_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
  CRM_AUTO_STMT stmt = NULL;
  gint64 deal_id = crm_test_drive_get_deal_id (test_drive);
  gint64 reminder_at;
  gint64 id;

  if (crm_calendar_store_check (crm_store_get_calendar_store (self), test_drive, error) != CRM_BOOKING_OK)
    return 0;
  if ((stmt = crm_store_prepare (self, sql, error)) == NULL)
    return 0;

  if (deal_id <= 0)
    deal_id = open_deal_for_customer (self, crm_test_drive_get_customer_id (test_drive));

  crm_db_stmt_bind_int64 (stmt, 1, crm_test_drive_get_customer_id (test_drive));
  crm_db_stmt_bind_int64 (stmt, 2, crm_test_drive_get_vehicle_id (test_drive));
  crm_db_stmt_bind_int64 (stmt, 3, crm_test_drive_get_staff_id (test_drive));
  crm_store_bind_id_or_null (stmt, 4, deal_id);
  crm_db_stmt_bind_int64 (stmt, 5, crm_test_drive_get_start_at (test_drive));
  crm_db_stmt_bind_int64 (stmt, 6, crm_test_drive_get_end_at (test_drive));
  crm_store_bind_code (stmt, 7, CRM_TYPE_TEST_DRIVE_STATUS, crm_test_drive_get_status (test_drive));
  crm_store_bind_text_or_null (stmt, 8, crm_test_drive_get_feedback (test_drive));
  /* The rep's reminder, for the reminders service to pick up: 30 minutes
   * ahead, or at once for a drive booked closer to its start than that
   * (a reminder time before the booking was made is never sent) */
  reminder_at = MAX (crm_test_drive_get_start_at (test_drive) - CRM_TEST_DRIVE_REMINDER_LEAD, crm_store_now (self));
  crm_db_stmt_bind_int64 (stmt, 9, reminder_at);
  crm_store_bind_text_or_null (stmt, 10, uid);
  crm_db_stmt_bind_int64 (stmt, 11, crm_store_now (self));
  if (!crm_store_step_done (self, stmt, error))
    return 0;

  id = crm_db_last_insert_id (self->db);
  crm_test_drive_set_deal_id (test_drive, deal_id);
  crm_test_drive_set_reminder_at (test_drive, reminder_at);
  crm_store_queue_change (self, CRM_ENTITY_TEST_DRIVE, id);
  return id;
}

/**
 * crm_calendar_store_insert:
 *
 * Books a test drive after checking every rule inside the write
 * transaction. The booking gets its id, its deal (the customer's newest
 * open deal when none is set) and its reminder time (30 minutes before).
 *
 * Returns: the new id, or 0 with @error set to the exact reason
 */
gint64
crm_calendar_store_insert (CrmCalendarStore  *domain,
                           CrmTestDrive      *test_drive,
                           GError           **error)
{
  g_return_val_if_fail (CRM_IS_TEST_DRIVE (test_drive), 0);

  /* Booked by its consultant: nobody else to tell */
  return crm_calendar_store_insert_by (domain, test_drive, crm_test_drive_get_staff_id (test_drive), error);
}

/**
 * crm_calendar_store_insert_by:
 * @by_staff: who booked it (reception, a manager, the consultant), or 0
 *
 * crm_calendar_store_insert() by a person: when that is not the
 * consultant who goes on the drive, the consultant is told at once (a
 * lead notice, which their desktop pops up), not only 30 minutes before.
 *
 * Returns: the new id, or 0 with @error set
 */
gint64
crm_calendar_store_insert_by (CrmCalendarStore  *domain,
                              CrmTestDrive      *test_drive,
                              gint64             by_staff,
                              GError           **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  gint64 id;

  g_return_val_if_fail (CRM_IS_STORE (self), 0);
  g_return_val_if_fail (CRM_IS_TEST_DRIVE (test_drive), 0);

  crm_test_drive_set_id (test_drive, 0);
  if (!crm_store_begin (self, error))
    return 0;
  id = insert_test_drive_locked (self, test_drive, NULL, error);
  if (id != 0 && by_staff != crm_test_drive_get_staff_id (test_drive) &&
      !crm_lead_store_add_notice (crm_store_get_lead_store (self), crm_test_drive_get_staff_id (test_drive), FALSE,
                                  crm_test_drive_get_customer_id (test_drive), CRM_NOTICE_TEST_DRIVE_BOOKED, error))
    id = 0;
  if (!crm_store_finish_write (self, id != 0, error))
    return 0;

  crm_test_drive_set_id (test_drive, id);
  return id;
}

#define TEST_DRIVE_COLUMNS \
  "t.id, t.customer_id, t.vehicle_id, t.staff_id, t.deal_id, t.start_at, t.end_at, t.status," \
  " t.feedback, t.reminder_at, c.name, v.plate || ' · ' || coalesce(m.series, ''), s.name"
#define TEST_DRIVE_FROM \
  " FROM test_drive t JOIN customer c ON c.id = t.customer_id" \
  " JOIN vehicle v ON v.id = t.vehicle_id LEFT JOIN vehicle_model m ON m.id = v.model_id" \
  " JOIN staff s ON s.id = t.staff_id"

static CrmTestDrive *
test_drive_from_row (CrmDbStmt *stmt)
{
  CrmTestDrive *td = crm_test_drive_new ();

  crm_test_drive_set_id (td, crm_db_stmt_column_int64 (stmt, 0));
  crm_test_drive_set_customer_id (td, crm_db_stmt_column_int64 (stmt, 1));
  crm_test_drive_set_vehicle_id (td, crm_db_stmt_column_int64 (stmt, 2));
  crm_test_drive_set_staff_id (td, crm_db_stmt_column_int64 (stmt, 3));
  crm_test_drive_set_deal_id (td, crm_db_stmt_column_int64 (stmt, 4));
  crm_test_drive_set_start_at (td, crm_db_stmt_column_int64 (stmt, 5));
  crm_test_drive_set_end_at (td, crm_db_stmt_column_int64 (stmt, 6));
  crm_test_drive_set_status (td, crm_store_column_code (stmt, 7, CRM_TYPE_TEST_DRIVE_STATUS));
  crm_test_drive_set_feedback (td, crm_store_column_text (stmt, 8));
  crm_test_drive_set_reminder_at (td, crm_db_stmt_column_int64 (stmt, 9));
  crm_test_drive_set_customer_name (td, crm_store_column_text (stmt, 10));
  crm_test_drive_set_vehicle_label (td, crm_store_column_text (stmt, 11));
  crm_test_drive_set_staff_name (td, crm_store_column_text (stmt, 12));
  return td;
}

CrmTestDrive *
crm_calendar_store_get (CrmCalendarStore  *domain,
                        gint64             id,
                        GError           **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] = "SELECT " TEST_DRIVE_COLUMNS TEST_DRIVE_FROM " WHERE t.id = ?1";

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);

  return crm_store_get_object (self, sql, id, _("This test drive does not exist."),
                               (CrmStoreRowFunc) test_drive_from_row, error);
}

/**
 * crm_calendar_store_list:
 * @from: start of the range (UTC seconds)
 * @to: end of the range
 *
 * Every booking that overlaps [@from, @to), cancelled ones included, by
 * start time.
 *
 * Returns: (transfer container) (element-type CrmTestDrive): the bookings
 */
GPtrArray *
crm_calendar_store_list (CrmCalendarStore *domain,
                         gint64            from,
                         gint64            to)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] =
    "SELECT " TEST_DRIVE_COLUMNS TEST_DRIVE_FROM
    " WHERE t.start_at >= ?1 AND t.start_at < ?2 AND t.end_at > ?3"
    " ORDER BY t.start_at, t.id";
  GPtrArray *list = g_ptr_array_new_with_free_func (g_object_unref);
  CRM_AUTO_STMT stmt = NULL;

  g_return_val_if_fail (CRM_IS_STORE (self), list);

  if ((stmt = crm_store_prepare (self, sql, NULL)) == NULL)
    return list;
  crm_db_stmt_bind_int64 (stmt, 1, from - CRM_TEST_DRIVE_MAX_MINUTES * MINUTE);
  crm_db_stmt_bind_int64 (stmt, 2, to);
  crm_db_stmt_bind_int64 (stmt, 3, from);
  while (crm_db_stmt_step (stmt) == CRM_DB_ROW)
    g_ptr_array_add (list, test_drive_from_row (stmt));
  return list;
}

/**
 * crm_calendar_store_move:
 *
 * Moves or resizes a booked or confirmed test drive, possibly to another
 * car, under the same rules as a new booking.
 */
gboolean
crm_calendar_store_move (CrmCalendarStore  *domain,
                         gint64             id,
                         gint64             vehicle_id,
                         gint64             start_at,
                         gint64             end_at,
                         GError           **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] =
    "UPDATE test_drive SET vehicle_id = ?2, start_at = ?3, end_at = ?4, reminder_at = ?5"
    " WHERE id = ?1";
  g_autoptr(CrmTestDrive) td = NULL;
  CRM_AUTO_STMT stmt = NULL;
  gboolean ok;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);

  if (!crm_store_begin (self, error))
    return FALSE;

  ok = (td = crm_calendar_store_get (crm_store_get_calendar_store (self), id, error)) != NULL;
  if (ok && crm_test_drive_get_status (td) != CRM_TEST_DRIVE_BOOKED &&
      crm_test_drive_get_status (td) != CRM_TEST_DRIVE_CONFIRMED)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                   _("Only a booked or confirmed test drive can be moved; this one is %s."),
                   crm_test_drive_status_get_label (crm_test_drive_get_status (td)));
      ok = FALSE;
    }
  if (ok)
    {
      crm_test_drive_set_vehicle_id (td, vehicle_id);
      crm_test_drive_set_start_at (td, start_at);
      crm_test_drive_set_end_at (td, end_at);
      ok = crm_calendar_store_check (crm_store_get_calendar_store (self), td, error) == CRM_BOOKING_OK &&
           (stmt = crm_store_prepare (self, sql, error)) != NULL;
    }
  if (ok)
    {
      crm_db_stmt_bind_int64 (stmt, 1, id);
      crm_db_stmt_bind_int64 (stmt, 2, vehicle_id);
      crm_db_stmt_bind_int64 (stmt, 3, start_at);
      crm_db_stmt_bind_int64 (stmt, 4, end_at);
      crm_db_stmt_bind_int64 (stmt, 5, MAX (start_at - CRM_TEST_DRIVE_REMINDER_LEAD, crm_store_now (self)));
      ok = crm_store_step_done (self, stmt, error);
    }
  if (ok)
    crm_store_queue_change (self, CRM_ENTITY_TEST_DRIVE, id);
  return crm_store_finish_write (self, ok, error);
}

static gboolean
stage_before_test_drive (CrmStore *self,
                         gint64    deal_id,
                         gboolean *open,
                         gint64   *entered_at)
{
  static const char sql[] =
    "SELECT s.position < (SELECT position FROM stage WHERE code = 'test-drive'), s.is_open,"
    "  d.stage_entered_at"
    " FROM deal d JOIN stage s ON s.code = d.stage WHERE d.id = ?1";
  CRM_AUTO_STMT stmt = crm_store_prepare (self, sql, NULL);

  *open = FALSE;
  if (stmt == NULL)
    return FALSE;
  crm_db_stmt_bind_int64 (stmt, 1, deal_id);
  if (crm_db_stmt_step (stmt) != CRM_DB_ROW)
    return FALSE;
  *open = crm_db_stmt_column_int (stmt, 1) != 0;
  *entered_at = crm_db_stmt_column_int64 (stmt, 2);
  return crm_db_stmt_column_int (stmt, 0) != 0;
}

/**
 * crm_calendar_store_set_status:
 * @feedback: what the customer said (completed), or %NULL
 * @staff_id: who records the change (stage history), or 0
 *
 * Moves a booking along its lifecycle (see
 * crm_test_drive_status_can_change()). Completing it records the feedback,
 * logs the drive in the customer's timeline and moves the customer's open
 * deal to the Test drive stage when it is not there yet; a no-show plans a
 * call for the booking's rep. All in one transaction.
 */
gboolean
crm_calendar_store_set_status (CrmCalendarStore    *domain,
                               gint64               id,
                               CrmTestDriveStatus   status,
                               const char          *feedback,
                               gint64               staff_id,
                               GError             **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] = "UPDATE test_drive SET status = ?2, feedback = coalesce(?3, feedback) WHERE id = ?1";
  g_autoptr(CrmTestDrive) td = NULL;
  CRM_AUTO_STMT stmt = NULL;
  gboolean ok;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);

  if (!crm_store_begin (self, error))
    return FALSE;

  ok = (td = crm_calendar_store_get (crm_store_get_calendar_store (self), id, error)) != NULL;
  if (ok && !crm_test_drive_status_can_change (crm_test_drive_get_status (td), status))
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                   /* Translators: "A Completed test drive cannot become Booked." */
                   _("A test drive that is %s cannot become %s."),
                   crm_test_drive_status_get_label (crm_test_drive_get_status (td)),
                   crm_test_drive_status_get_label (status));
      ok = FALSE;
    }
  if (ok)
    ok = (stmt = crm_store_prepare (self, sql, error)) != NULL;
  if (ok)
    {
      g_autofree char *note = feedback ? g_strstrip (g_strdup (feedback)) : NULL;

      crm_db_stmt_bind_int64 (stmt, 1, id);
      crm_store_bind_code (stmt, 2, CRM_TYPE_TEST_DRIVE_STATUS, status);
      crm_store_bind_text_or_null (stmt, 3, note);
      ok = crm_store_step_done (self, stmt, error);
    }

  if (ok && status == CRM_TEST_DRIVE_COMPLETED)
    {
      g_autoptr(CrmActivity) activity = crm_activity_new ();
      gint64 deal_id = crm_test_drive_get_deal_id (td);
      /* Recorded after the fact (the desk catches up at closing time): the
       * drive happened when it ended */
      gint64 done = MIN (crm_store_now (self), crm_test_drive_get_end_at (td));
      gboolean open = FALSE;
      gint64 entered_at = 0;

      if (deal_id <= 0)
        deal_id = open_deal_for_customer (self, crm_test_drive_get_customer_id (td));

      crm_activity_set_customer_id (activity, crm_test_drive_get_customer_id (td));
      crm_activity_set_deal_id (activity, deal_id);
      crm_activity_set_kind (activity, CRM_ACTIVITY_TEST_DRIVE);
      crm_activity_set_done_at (activity, done);
      crm_activity_set_outcome (activity, CRM_OUTCOME_REACHED);
      crm_activity_set_note (activity, feedback);
      crm_activity_set_staff_id (activity, crm_test_drive_get_staff_id (td));
      ok = crm_followup_store_insert (crm_store_get_followup_store (self), activity, error) != 0;

      if (ok && deal_id > 0 && stage_before_test_drive (self, deal_id, &open, &entered_at) && open)
        /* Never before the deal entered its current stage: the history stays in order */
        ok = crm_deal_store_move_at (crm_store_get_deal_store (self), deal_id, CRM_STAGE_TEST_DRIVE,
                                     staff_id > 0 ? staff_id : crm_test_drive_get_staff_id (td),
                                     MAX (done, entered_at), error);
    }
  else if (ok && status == CRM_TEST_DRIVE_NO_SHOW)
    {
      g_autoptr(CrmActivity) activity = crm_activity_new ();
      g_autofree char *when = format_day_time (crm_test_drive_get_start_at (td));
      g_autofree char *note = g_strdup_printf (_("Did not come to the test drive of %s (%s); call to book again."),
                                               when, crm_test_drive_get_vehicle_label (td));
      gint64 due = MAX (crm_store_now (self), crm_test_drive_get_end_at (td)) + 60 * MINUTE;

      crm_activity_set_customer_id (activity, crm_test_drive_get_customer_id (td));
      crm_activity_set_deal_id (activity, crm_test_drive_get_deal_id (td));
      crm_activity_set_kind (activity, CRM_ACTIVITY_CALL);
      crm_activity_set_planned_at (activity, due);
      crm_activity_set_note (activity, note);
      crm_activity_set_staff_id (activity, crm_test_drive_get_staff_id (td));
      ok = crm_followup_store_insert (crm_store_get_followup_store (self), activity, error) != 0;
    }

  if (ok)
    crm_store_queue_change (self, CRM_ENTITY_TEST_DRIVE, id);
  return crm_store_finish_write (self, ok, error);
}

/**
 * crm_calendar_store_import:
 * @test_drives: (element-type CrmTestDrive): bookings to add
 *
 * Adds every booking or none: the first one that breaks a rule stops the
 * import, rolls everything back and says which booking and why.
 */
gboolean
crm_calendar_store_import (CrmCalendarStore  *domain,
                           GPtrArray         *test_drives,
                           GError           **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  gboolean ok = TRUE;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);
  g_return_val_if_fail (test_drives != NULL, FALSE);

  if (!crm_store_begin (self, error))
    return FALSE;

  for (guint i = 0; ok && i < test_drives->len; i++)
    {
      CrmTestDrive *td = g_ptr_array_index (test_drives, i);
      g_autoptr(GError) local_error = NULL;

      gint64 id;

      crm_test_drive_set_id (td, 0);
      id = insert_test_drive_locked (self, td, NULL, &local_error);
      crm_test_drive_set_id (td, id);
      if (id == 0)
        {
          g_autofree char *when = format_day_time (crm_test_drive_get_start_at (td));

          g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                       _("Nothing was imported. Booking %u (%s, %s): %s"),
                       i + 1, when,
                       crm_test_drive_get_customer_name (td) ? crm_test_drive_get_customer_name (td) : "",
                       local_error->message);
          ok = FALSE;
        }
    }

  if (!crm_store_finish_write (self, ok, error))
    {
      for (guint i = 0; i < test_drives->len; i++)
        crm_test_drive_set_id (g_ptr_array_index (test_drives, i), 0);
      return FALSE;
    }
  return TRUE;
}
