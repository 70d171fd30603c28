/* test-calendar.c: the test-drive fleet, the booking rules, the lifecycle
 * and iCalendar in and out
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every test has its own database in a temporary folder, a fixed clock
 * (Tuesday 24 November 2026, 08:00 in Guangzhou) and a showroom with two
 * reps, two models and three cars.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "crm-model-enum-types.h"
#include "crm-error.h"
#include "crm-ical.h"
#include "crm-leads.h"
#include "crm-reminders.h"
#include "crm-store.h"
#include "crm-test-util.h"

#define MINUTE 60
#define HOUR   (60 * MINUTE)
#define DAY    (24 * HOUR)

static gint64 test_now;

typedef struct
{
  CrmTestShowroom sr;
  gint64    manager, sales1, sales2;
  gint64    model1, model2;
  gint64    car1, car2, car_service, car_retired;
  gint64    customer1, customer2, customer3;
} Fixture;

/* November 2026 in Guangzhou */
static gint64
local_unix (int day,
            int hour,
            int minute)
{
  return crm_test_local_unix (2026, 11, day, hour, minute);
}

/* A lead of sales1's, created by the manager, interested in model1 */
static gint64
add_customer (Fixture    *f,
              const char *name,
              const char *phone)
{
  g_autoptr(CrmCustomer) c = crm_test_customer_new (name, phone, NULL);
  g_autoptr(GError) error = NULL;
  gint64 id;

  crm_customer_set_owner_id (c, f->sales1);
  id = crm_leads_create (f->sr.store, c, f->model1, f->manager, &error);
  g_assert_no_error (error);
  return id;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  static const CrmTestStaff staff[] = {
    { "刘经理", CRM_ROLE_MANAGER },
    { "李娜", CRM_ROLE_SALES },
    { "王丽", CRM_ROLE_SALES },
  };
  gint64 ids[G_N_ELEMENTS (staff)];

  crm_test_showroom_init (&f->sr, test_now);
  crm_test_showroom_open_store (&f->sr);
  crm_test_showroom_setup_staff (&f->sr, "天河展厅", staff, G_N_ELEMENTS (staff), ids);
  f->manager = ids[0];
  f->sales1 = ids[1];
  f->sales2 = ids[2];

  f->model1 = crm_test_add_model (f->sr.store, "凯美瑞", NULL, 0);
  f->model2 = crm_test_add_model (f->sr.store, "雷凌", NULL, 0);

  f->car1 = crm_test_add_vehicle (f->sr.store, "粤A·D1001", f->model1, CRM_VEHICLE_AVAILABLE);
  f->car2 = crm_test_add_vehicle (f->sr.store, "粤A·D1002", f->model2, CRM_VEHICLE_AVAILABLE);
  f->car_service = crm_test_add_vehicle (f->sr.store, "粤A·D1003", f->model1, CRM_VEHICLE_IN_SERVICE);
  f->car_retired = crm_test_add_vehicle (f->sr.store, "粤A·D1004", f->model2, CRM_VEHICLE_RETIRED);

  f->customer1 = add_customer (f, "张伟", "13800138001");
  f->customer2 = add_customer (f, "欧阳娜", "13800138002");
  f->customer3 = add_customer (f, "陈静", "13800138003");
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  crm_test_showroom_clear (&f->sr);
}

static gint64
book (Fixture *f,
      gint64   customer,
      gint64   vehicle,
      gint64   staff,
      gint64   start,
      int      minutes)
{
  return crm_test_book (f->sr.store, customer, vehicle, staff, start, minutes);
}

/* Asserts that the booking is refused for @expected, that the message
 * contains @needle, and that nothing was stored */
static void
assert_refused (Fixture            *f,
                gint64              customer,
                gint64              vehicle,
                gint64              staff,
                gint64              start,
                int                 minutes,
                CrmBookingConflict  expected,
                const char         *needle)
{
  g_autoptr(CrmTestDrive) td = crm_test_booking_new (customer, vehicle, staff, start, minutes);
  g_autoptr(GPtrArray) before = crm_calendar_store_list (crm_store_get_calendar_store (f->sr.store), start - DAY, start + DAY);
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (crm_calendar_store_check (crm_store_get_calendar_store (f->sr.store), td, &error), ==, expected);
  g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
  if (needle != NULL)
    crm_test_assert_contains (error->message, needle);
  g_clear_error (&error);

  g_assert_cmpint (crm_calendar_store_insert (crm_store_get_calendar_store (f->sr.store), td, &error), ==, 0);
  g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
  after = crm_calendar_store_list (crm_store_get_calendar_store (f->sr.store), start - DAY, start + DAY);
  g_assert_cmpuint (after->len, ==, before->len);
}

/* ------------------------------------------------------------------ */

static void
on_notify_cb (GObject    *object,
              GParamSpec *pspec,
              gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static void
test_model_vehicle (void)
{
  CrmVehicle *v = crm_vehicle_new ();
  guint count = 0;

  g_signal_connect (v, "notify", G_CALLBACK (on_notify_cb), &count);
  crm_vehicle_set_plate (v, "粤A·12345");
  crm_vehicle_set_plate (v, "粤A·12345");
  g_assert_cmpuint (count, ==, 1);
  crm_vehicle_set_status (v, CRM_VEHICLE_IN_SERVICE);
  crm_vehicle_set_status (v, CRM_VEHICLE_IN_SERVICE);
  g_assert_cmpuint (count, ==, 2);
  crm_vehicle_set_mileage (v, 5000);
  crm_vehicle_set_mileage (v, 5000);
  g_assert_cmpuint (count, ==, 3);
  g_object_set (v, "colour", "珍珠白", "model-id", (gint64) 3, NULL);
  g_assert_cmpuint (count, ==, 5);
  g_assert_cmpstr (crm_vehicle_get_colour (v), ==, "珍珠白");
  g_assert_cmpstr (crm_vehicle_status_get_label (CRM_VEHICLE_IN_SERVICE), ==, "In service");
  g_assert_finalize_object (v);
}

static void
test_model_test_drive (void)
{
  CrmTestDrive *td = crm_test_drive_new ();
  guint count = 0;

  g_assert_cmpint (crm_test_drive_get_status (td), ==, CRM_TEST_DRIVE_BOOKED);
  g_signal_connect (td, "notify", G_CALLBACK (on_notify_cb), &count);
  crm_test_drive_set_start_at (td, 100);
  crm_test_drive_set_start_at (td, 100);
  crm_test_drive_set_status (td, CRM_TEST_DRIVE_CONFIRMED);
  crm_test_drive_set_status (td, CRM_TEST_DRIVE_CONFIRMED);
  crm_test_drive_set_feedback (td, "很满意");
  crm_test_drive_set_feedback (td, "很满意");
  crm_test_drive_set_customer_name (td, "张伟");
  g_assert_cmpuint (count, ==, 4);
  g_assert_finalize_object (td);
}

static void
test_lifecycle_table (void)
{
  /* The allowed moves, and nothing else */
  static const struct { CrmTestDriveStatus from, to; } allowed[] = {
    { CRM_TEST_DRIVE_BOOKED, CRM_TEST_DRIVE_CONFIRMED },
    { CRM_TEST_DRIVE_BOOKED, CRM_TEST_DRIVE_CHECKED_IN },
    { CRM_TEST_DRIVE_BOOKED, CRM_TEST_DRIVE_NO_SHOW },
    { CRM_TEST_DRIVE_BOOKED, CRM_TEST_DRIVE_CANCELLED },
    { CRM_TEST_DRIVE_CONFIRMED, CRM_TEST_DRIVE_CHECKED_IN },
    { CRM_TEST_DRIVE_CONFIRMED, CRM_TEST_DRIVE_NO_SHOW },
    { CRM_TEST_DRIVE_CONFIRMED, CRM_TEST_DRIVE_CANCELLED },
    { CRM_TEST_DRIVE_CHECKED_IN, CRM_TEST_DRIVE_COMPLETED },
    { CRM_TEST_DRIVE_CHECKED_IN, CRM_TEST_DRIVE_CANCELLED },
  };
  guint n_allowed = 0;

  for (int from = 0; from < CRM_N_TEST_DRIVE_STATUSES; from++)
    for (int to = 0; to < CRM_N_TEST_DRIVE_STATUSES; to++)
      {
        gboolean expected = FALSE;

        for (guint i = 0; i < G_N_ELEMENTS (allowed); i++)
          if (allowed[i].from == (CrmTestDriveStatus) from && allowed[i].to == (CrmTestDriveStatus) to)
            expected = TRUE;
        g_assert_cmpint (crm_test_drive_status_can_change (from, to), ==, expected);
        n_allowed += expected;
      }
  g_assert_cmpuint (n_allowed, ==, G_N_ELEMENTS (allowed));
}

static void
test_settings (Fixture       *f,
               gconstpointer  data)
{
  CrmCalendarSettings s, bad;
  g_autoptr(GError) error = NULL;

  crm_staff_store_get_calendar_settings (crm_store_get_staff_store (f->sr.store), &s);
  g_assert_cmpint (s.open_minute, ==, 9 * 60);
  g_assert_cmpint (s.close_minute, ==, 18 * 60);
  g_assert_cmpint (s.slot_minutes, ==, 30);
  g_assert_cmpint (s.buffer_minutes, ==, 10);

  bad = s;
  bad.close_minute = bad.open_minute;
  g_assert_false (crm_staff_store_set_calendar_settings (crm_store_get_staff_store (f->sr.store), &bad, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  s.open_minute = 8 * 60 + 30;
  s.close_minute = 20 * 60;
  s.buffer_minutes = 15;
  g_assert_true (crm_staff_store_set_calendar_settings (crm_store_get_staff_store (f->sr.store), &s, &error));
  g_assert_no_error (error);
  crm_staff_store_get_calendar_settings (crm_store_get_staff_store (f->sr.store), &s);
  g_assert_cmpint (s.open_minute, ==, 8 * 60 + 30);
  g_assert_cmpint (s.close_minute, ==, 20 * 60);
  g_assert_cmpint (s.buffer_minutes, ==, 15);

  /* The new hours rule the bookings: 19:00 is open now */
  book (f, f->customer1, f->car1, f->sales1, local_unix (24, 19, 0), 30);
}

static void
test_fleet (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GListModel) all = crm_calendar_store_list_vehicles (crm_store_get_calendar_store (f->sr.store), FALSE);
  g_autoptr(GListModel) bookable = crm_calendar_store_list_vehicles (crm_store_get_calendar_store (f->sr.store), TRUE);
  g_autoptr(CrmVehicle) dup = crm_vehicle_new ();
  g_autoptr(CrmVehicle) car = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (g_list_model_get_n_items (all), ==, 4);
  g_assert_cmpuint (g_list_model_get_n_items (bookable), ==, 3);

  crm_vehicle_set_plate (dup, " 粤A·D1001 ");
  g_assert_cmpint (crm_calendar_store_insert_vehicle (crm_store_get_calendar_store (f->sr.store), dup, &error), ==, 0);
  g_assert_error (error, CRM_ERROR, CRM_ERROR_DUPLICATE);
  g_clear_error (&error);

  car = crm_calendar_store_get_vehicle (crm_store_get_calendar_store (f->sr.store), f->car1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (crm_vehicle_get_model_name (car), ==, "凯美瑞");
  crm_vehicle_set_mileage (car, 2500);
  crm_vehicle_set_status (car, CRM_VEHICLE_IN_SERVICE);
  g_assert_true (crm_calendar_store_update_vehicle (crm_store_get_calendar_store (f->sr.store), car, &error));
  g_assert_no_error (error);
  g_clear_object (&car);
  car = crm_calendar_store_get_vehicle (crm_store_get_calendar_store (f->sr.store), f->car1, &error);
  g_assert_cmpint (crm_vehicle_get_mileage (car), ==, 2500);
  g_assert_cmpint (crm_vehicle_get_status (car), ==, CRM_VEHICLE_IN_SERVICE);
}

static void
test_conflict_vehicle (Fixture       *f,
                       gconstpointer  data)
{
  gint64 t = local_unix (24, 10, 0);

  book (f, f->customer1, f->car1, f->sales1, t, 30);
  /* Same car, other rep, overlapping */
  assert_refused (f, f->customer2, f->car1, f->sales2, t + 15 * MINUTE, 30,
                  CRM_BOOKING_VEHICLE_BOOKED, "粤A·D1001");
  /* Exactly the same slot */
  assert_refused (f, f->customer2, f->car1, f->sales2, t, 30, CRM_BOOKING_VEHICLE_BOOKED, "10:00");
  /* Enclosing it */
  assert_refused (f, f->customer2, f->car1, f->sales2, t - 30 * MINUTE, 90,
                  CRM_BOOKING_VEHICLE_BOOKED, "张伟");
  /* Other car, same time, other rep: fine */
  book (f, f->customer2, f->car2, f->sales2, t, 30);
}

/* A writer other than Showroom (or two desktops racing past the check)
 * still cannot double-book: the database refuses an overlapping drive of
 * a car or a consultant, on both engines, and takes a cancelled one's
 * slot or a back-to-back one */
static void
test_conflict_held_by_database (Fixture       *f,
                                gconstpointer  data)
{
  gint64 t = local_unix (24, 10, 0);
  gint64 booked = book (f, f->customer1, f->car1, f->sales1, t, 30);
  g_autofree char *message = NULL;
  g_autofree char *sql = NULL;

#define INSERT_DRIVE(customer, car, rep, start, end, status) \
  g_strdup_printf ("INSERT INTO test_drive (customer_id, vehicle_id, staff_id, start_at, end_at, status," \
                   " created_at) VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %" \
                   G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", '%s', %" G_GINT64_FORMAT ")", \
                   (gint64) (customer), (gint64) (car), (gint64) (rep), (gint64) (start), (gint64) (end), \
                   status, (gint64) test_now)

  /* The same car, another consultant, overlapping */
  sql = INSERT_DRIVE (f->customer2, f->car1, f->sales2, t + 10 * MINUTE, t + 40 * MINUTE, "booked");
  g_assert_false (crm_test_file_try_exec (f->sr.path, sql, &message));
  crm_test_assert_contains (message, "test_drive_car_free");
  g_clear_pointer (&message, g_free);
  g_free (sql);
  /* The same consultant, another car */
  sql = INSERT_DRIVE (f->customer2, f->car2, f->sales1, t - 20 * MINUTE, t + 5 * MINUTE, "booked");
  g_assert_false (crm_test_file_try_exec (f->sr.path, sql, &message));
  crm_test_assert_contains (message, "test_drive_consultant_free");
  g_clear_pointer (&message, g_free);
  g_free (sql);
  /* Moving another drive onto it is refused too */
  sql = INSERT_DRIVE (f->customer2, f->car1, f->sales2, t + 2 * HOUR, t + 2 * HOUR + 30 * MINUTE, "booked");
  g_assert_true (crm_test_file_try_exec (f->sr.path, sql, NULL));
  g_free (sql);
  sql = g_strdup_printf ("UPDATE test_drive SET start_at = %" G_GINT64_FORMAT ", end_at = %" G_GINT64_FORMAT
                         " WHERE id <> %" G_GINT64_FORMAT, t + 20 * MINUTE, t + 50 * MINUTE, booked);
  g_assert_false (crm_test_file_try_exec (f->sr.path, sql, NULL));
  g_free (sql);
  /* Back to back, and over a cancelled drive: fine */
  sql = INSERT_DRIVE (f->customer3, f->car1, f->sales2, t + 30 * MINUTE, t + HOUR, "booked");
  g_assert_true (crm_test_file_try_exec (f->sr.path, sql, &message));
  g_free (sql);
  sql = g_strdup_printf ("UPDATE test_drive SET status = 'cancelled' WHERE id = %" G_GINT64_FORMAT, booked);
  g_assert_true (crm_test_file_try_exec (f->sr.path, sql, NULL));
  g_free (sql);
  sql = INSERT_DRIVE (f->customer2, f->car2, f->sales1, t, t + 30 * MINUTE, "booked");
  g_assert_true (crm_test_file_try_exec (f->sr.path, sql, NULL));
#undef INSERT_DRIVE
  g_assert_cmpint (crm_test_file_int (f->sr.path, "SELECT count(*) FROM test_drive"), ==, 4);
}

static void
test_conflict_rep (Fixture       *f,
                   gconstpointer  data)
{
  gint64 t = local_unix (24, 10, 0);

  book (f, f->customer1, f->car1, f->sales1, t, 30);
  assert_refused (f, f->customer2, f->car2, f->sales1, t + 10 * MINUTE, 30,
                  CRM_BOOKING_REP_BOOKED, "李娜");
}

static void
test_conflict_buffer (Fixture       *f,
                      gconstpointer  data)
{
  gint64 t = local_unix (24, 10, 0);

  book (f, f->customer1, f->car1, f->sales1, t, 30);
  /* 10:35 on the same car: inside the 10-minute buffer after 10:30 */
  assert_refused (f, f->customer2, f->car1, f->sales2, t + 35 * MINUTE, 30,
                  CRM_BOOKING_VEHICLE_BUFFER, "10");
  /* Ending 9:55 before a 10:00 drive of the same rep */
  assert_refused (f, f->customer2, f->car2, f->sales1, t - 35 * MINUTE, 30,
                  CRM_BOOKING_REP_BUFFER, "李娜");
  /* 10:40 is just outside the buffer */
  book (f, f->customer2, f->car1, f->sales2, t + 40 * MINUTE, 30);
  /* and 9:20–9:50 ends exactly one buffer before */
  book (f, f->customer3, f->car2, f->sales1, t - 40 * MINUTE, 30);
}

static void
test_conflict_hours (Fixture       *f,
                     gconstpointer  data)
{
  assert_refused (f, f->customer1, f->car1, f->sales1, local_unix (24, 8, 30), 30,
                  CRM_BOOKING_OUTSIDE_HOURS, "09:00");
  assert_refused (f, f->customer1, f->car1, f->sales1, local_unix (24, 17, 45), 30,
                  CRM_BOOKING_OUTSIDE_HOURS, "18:00");
  assert_refused (f, f->customer1, f->car1, f->sales1, local_unix (24, 23, 0), 120,
                  CRM_BOOKING_OUTSIDE_HOURS, NULL);
  /* The edges themselves are open */
  book (f, f->customer1, f->car1, f->sales1, local_unix (24, 9, 0), 30);
  book (f, f->customer2, f->car2, f->sales2, local_unix (24, 17, 30), 30);
}

/* Saturday and Sunday may keep other hours than the week (28 and 29
 * November 2026 are a Saturday and a Sunday) */
static void
test_weekend_hours (Fixture       *f,
                    gconstpointer  data)
{
  CrmCalendarSettings s, bad;
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmTestDrive) want = NULL;
  g_autoptr(GArray) slots = NULL;
  int open, close;

  /* Never set: the week's hours every day */
  crm_staff_store_get_calendar_settings (crm_store_get_staff_store (f->sr.store), &s);
  g_assert_cmpint (s.weekend_open_minute, ==, 9 * 60);
  g_assert_cmpint (s.weekend_close_minute, ==, 18 * 60);

  s.weekend_open_minute = 10 * 60;
  s.weekend_close_minute = 20 * 60;
  g_assert_true (crm_staff_store_set_calendar_settings (crm_store_get_staff_store (f->sr.store), &s, &error));
  g_assert_no_error (error);
  crm_staff_store_get_calendar_settings (crm_store_get_staff_store (f->sr.store), &s);
  g_assert_cmpint (s.weekend_open_minute, ==, 10 * 60);
  g_assert_cmpint (s.weekend_close_minute, ==, 20 * 60);
  crm_calendar_settings_get_hours (&s, G_DATE_SATURDAY, &open, &close);
  g_assert_cmpint (open, ==, 10 * 60);
  g_assert_cmpint (close, ==, 20 * 60);
  crm_calendar_settings_get_hours (&s, G_DATE_FRIDAY, &open, &close);
  g_assert_cmpint (open, ==, 9 * 60);
  g_assert_cmpint (close, ==, 18 * 60);

  bad = s;
  bad.weekend_close_minute = bad.weekend_open_minute + 10;
  g_assert_false (crm_staff_store_set_calendar_settings (crm_store_get_staff_store (f->sr.store), &bad, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  /* Bookings follow the day's hours */
  assert_refused (f, f->customer1, f->car1, f->sales1, local_unix (28, 9, 30), 30,
                  CRM_BOOKING_OUTSIDE_HOURS, "10:00");
  assert_refused (f, f->customer1, f->car1, f->sales1, local_unix (27, 19, 0), 30,
                  CRM_BOOKING_OUTSIDE_HOURS, "18:00");
  book (f, f->customer1, f->car1, f->sales1, local_unix (28, 19, 0), 30);
  book (f, f->customer2, f->car2, f->sales2, local_unix (29, 19, 30), 30);
  book (f, f->customer3, f->car2, f->sales1, local_unix (27, 9, 0), 30);

  /* After Friday's closing the next free start is Saturday's opening */
  want = crm_test_booking_new (f->customer2, f->car1, f->sales2, local_unix (27, 17, 45), 30);
  slots = crm_calendar_store_next_free_slots (crm_store_get_calendar_store (f->sr.store), want, 1);
  g_assert_cmpuint (slots->len, ==, 1);
  g_assert_cmpint (g_array_index (slots, gint64, 0), ==, local_unix (28, 10, 0));
}

static void
test_conflict_vehicle_status (Fixture       *f,
                              gconstpointer  data)
{
  gint64 t = local_unix (24, 11, 0);

  assert_refused (f, f->customer1, f->car_service, f->sales1, t, 30,
                  CRM_BOOKING_VEHICLE_UNAVAILABLE, "in service");
  assert_refused (f, f->customer1, f->car_retired, f->sales1, t, 30,
                  CRM_BOOKING_VEHICLE_UNAVAILABLE, "retired");
  assert_refused (f, 0, f->car1, f->sales1, t, 30, CRM_BOOKING_INVALID, NULL);
  assert_refused (f, f->customer1, f->car1, 0, t, 30, CRM_BOOKING_INVALID, NULL);
  assert_refused (f, f->customer1, f->car1, f->sales1, t, 0, CRM_BOOKING_INVALID, NULL);
}

static void
test_cancelled_frees_slot (Fixture       *f,
                           gconstpointer  data)
{
  gint64 t = local_unix (24, 10, 0);
  gint64 id = book (f, f->customer1, f->car1, f->sales1, t, 30);
  g_autoptr(GError) error = NULL;

  assert_refused (f, f->customer2, f->car1, f->sales2, t, 30, CRM_BOOKING_VEHICLE_BOOKED, NULL);
  g_assert_true (crm_calendar_store_set_status (crm_store_get_calendar_store (f->sr.store), id, CRM_TEST_DRIVE_CANCELLED, NULL,
                                                  f->manager, &error));
  g_assert_no_error (error);
  book (f, f->customer2, f->car1, f->sales2, t, 30);
}

static void
test_next_free_slots (Fixture       *f,
                      gconstpointer  data)
{
  gint64 t = local_unix (24, 10, 0);
  g_autoptr(CrmTestDrive) want = crm_test_booking_new (f->customer2, f->car1, f->sales2, t, 30);
  g_autoptr(GArray) slots = NULL;

  book (f, f->customer1, f->car1, f->sales1, t, 30);
  book (f, f->customer3, f->car1, f->sales1, t + 40 * MINUTE, 60);
  /* The car is busy 10:00–10:30 and 10:40–11:40; with the buffer the first
   * free 30-minute start is 11:50 → 12:00 on the quarter-hour grid */
  slots = crm_calendar_store_next_free_slots (crm_store_get_calendar_store (f->sr.store), want, 3);
  g_assert_cmpuint (slots->len, ==, 3);
  g_assert_cmpint (g_array_index (slots, gint64, 0), ==, local_unix (24, 12, 0));
  g_assert_cmpint (g_array_index (slots, gint64, 1), ==, local_unix (24, 12, 15));
  for (guint i = 0; i < slots->len; i++)
    {
      g_autoptr(CrmTestDrive) at = crm_test_booking_new (f->customer2, f->car1, f->sales2,
                                                         g_array_index (slots, gint64, i), 30);
      g_assert_cmpint (crm_calendar_store_check (crm_store_get_calendar_store (f->sr.store), at, NULL), ==, CRM_BOOKING_OK);
    }

  /* Late in the day the next slots are the next morning */
  g_clear_pointer (&slots, g_array_unref);
  book (f, f->customer1, f->car1, f->sales1, local_unix (24, 17, 0), 60);
  crm_test_drive_set_start_at (want, local_unix (24, 17, 0));
  crm_test_drive_set_end_at (want, local_unix (24, 17, 30));
  slots = crm_calendar_store_next_free_slots (crm_store_get_calendar_store (f->sr.store), want, 1);
  g_assert_cmpuint (slots->len, ==, 1);
  g_assert_cmpint (g_array_index (slots, gint64, 0), ==, local_unix (25, 9, 0));
}

static void
test_move_and_resize (Fixture       *f,
                      gconstpointer  data)
{
  gint64 t = local_unix (24, 10, 0);
  gint64 a = book (f, f->customer1, f->car1, f->sales1, t, 30);
  gint64 b = book (f, f->customer2, f->car1, f->sales2, t + 60 * MINUTE, 30);
  g_autoptr(CrmTestDrive) td = NULL;
  g_autoptr(GError) error = NULL;

  /* Moving b onto a: refused, b unchanged */
  g_assert_false (crm_calendar_store_move (crm_store_get_calendar_store (f->sr.store), b, f->car1, t + 15 * MINUTE, t + 45 * MINUTE, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
  crm_test_assert_contains (error->message, "粤A·D1001");
  g_clear_error (&error);
  td = crm_calendar_store_get (crm_store_get_calendar_store (f->sr.store), b, &error);
  g_assert_cmpint (crm_test_drive_get_start_at (td), ==, t + 60 * MINUTE);
  g_clear_object (&td);

  /* Resizing a into b's buffer: refused */
  g_assert_false (crm_calendar_store_move (crm_store_get_calendar_store (f->sr.store), a, f->car1, t, t + 55 * MINUTE, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  /* Resizing past closing time: refused */
  g_assert_false (crm_calendar_store_move (crm_store_get_calendar_store (f->sr.store), b, f->car1, t + 60 * MINUTE, local_unix (24, 18, 30), &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  /* Resizing a to 50 minutes ends exactly one buffer before b: fine, and a
   * booking does not clash with itself */
  g_assert_true (crm_calendar_store_move (crm_store_get_calendar_store (f->sr.store), a, f->car1, t, t + 50 * MINUTE, &error));
  g_assert_no_error (error);

  /* Moving b to the other car at a's time: the rep is free, the car too */
  g_assert_true (crm_calendar_store_move (crm_store_get_calendar_store (f->sr.store), b, f->car2, t, t + 30 * MINUTE, &error));
  g_assert_no_error (error);
  td = crm_calendar_store_get (crm_store_get_calendar_store (f->sr.store), b, &error);
  g_assert_cmpint (crm_test_drive_get_vehicle_id (td), ==, f->car2);
  g_assert_cmpint (crm_test_drive_get_reminder_at (td), ==, t - 30 * MINUTE);
  g_clear_object (&td);

  /* A completed drive does not move */
  g_assert_true (crm_calendar_store_set_status (crm_store_get_calendar_store (f->sr.store), a, CRM_TEST_DRIVE_CHECKED_IN, NULL, 0, &error));
  g_assert_true (crm_calendar_store_set_status (crm_store_get_calendar_store (f->sr.store), a, CRM_TEST_DRIVE_COMPLETED, "不错", 0, &error));
  g_assert_no_error (error);
  g_assert_false (crm_calendar_store_move (crm_store_get_calendar_store (f->sr.store), a, f->car1, t + 2 * HOUR, t + 3 * HOUR, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
}

static void
test_lifecycle_complete (Fixture       *f,
                         gconstpointer  data)
{
  gint64 t = local_unix (24, 10, 0);
  gint64 id = book (f, f->customer1, f->car1, f->sales1, t, 30);
  g_autoptr(CrmTestDrive) td = crm_calendar_store_get (crm_store_get_calendar_store (f->sr.store), id, NULL);
  g_autoptr(GListModel) deals = NULL;
  g_autoptr(GListModel) activities = NULL;
  g_autoptr(GError) error = NULL;
  CrmDeal *deal;
  gint64 history_before;
  gboolean found = FALSE;

  g_assert_cmpint (crm_test_drive_get_status (td), ==, CRM_TEST_DRIVE_BOOKED);
  g_assert_cmpint (crm_test_drive_get_deal_id (td), >, 0);
  g_assert_cmpint (crm_test_drive_get_reminder_at (td), ==, t - 30 * MINUTE);
  g_assert_cmpstr (crm_test_drive_get_customer_name (td), ==, "张伟");
  g_assert_cmpstr (crm_test_drive_get_staff_name (td), ==, "李娜");
  g_assert_cmpstr (crm_test_drive_get_vehicle_label (td), ==, "粤A·D1001 · 凯美瑞");
  history_before = crm_deal_store_count_stage_history (crm_store_get_deal_store (f->sr.store), crm_test_drive_get_deal_id (td));

  /* Booked cannot jump to completed */
  g_assert_false (crm_calendar_store_set_status (crm_store_get_calendar_store (f->sr.store), id, CRM_TEST_DRIVE_COMPLETED, "x", 0, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  g_assert_true (crm_calendar_store_set_status (crm_store_get_calendar_store (f->sr.store), id, CRM_TEST_DRIVE_CONFIRMED, NULL, f->sales1, &error));
  g_assert_true (crm_calendar_store_set_status (crm_store_get_calendar_store (f->sr.store), id, CRM_TEST_DRIVE_CHECKED_IN, NULL, f->sales1, &error));
  g_assert_true (crm_calendar_store_set_status (crm_store_get_calendar_store (f->sr.store), id, CRM_TEST_DRIVE_COMPLETED,
                                                  "  喜欢混动的油耗，嫌后排窄  ", f->sales1, &error));
  g_assert_no_error (error);

  g_clear_object (&td);
  td = crm_calendar_store_get (crm_store_get_calendar_store (f->sr.store), id, NULL);
  g_assert_cmpint (crm_test_drive_get_status (td), ==, CRM_TEST_DRIVE_COMPLETED);
  g_assert_cmpstr (crm_test_drive_get_feedback (td), ==, "喜欢混动的油耗，嫌后排窄");

  deals = crm_deal_store_list_for_customer (crm_store_get_deal_store (f->sr.store), f->customer1);
  deal = g_list_model_get_item (deals, 0);
  g_assert_cmpint (crm_deal_get_stage (deal), ==, CRM_STAGE_TEST_DRIVE);
  g_assert_cmpint (crm_deal_store_count_stage_history (crm_store_get_deal_store (f->sr.store), crm_deal_get_id (deal)), ==, history_before + 1);
  g_object_unref (deal);

  activities = crm_followup_store_list_for_customer (crm_store_get_followup_store (f->sr.store), f->customer1);
  for (guint i = 0; i < g_list_model_get_n_items (activities); i++)
    {
      g_autoptr(CrmActivity) a = g_list_model_get_item (activities, i);
      if (crm_activity_get_kind (a) == CRM_ACTIVITY_TEST_DRIVE && crm_activity_get_done_at (a) > 0)
        found = TRUE;
    }
  g_assert_true (found);

  /* Final: no way back */
  g_assert_false (crm_calendar_store_set_status (crm_store_get_calendar_store (f->sr.store), id, CRM_TEST_DRIVE_BOOKED, NULL, 0, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
}

static void
test_lifecycle_no_show (Fixture       *f,
                        gconstpointer  data)
{
  gint64 t = local_unix (24, 10, 0);
  gint64 id = book (f, f->customer2, f->car1, f->sales2, t, 30);
  g_autoptr(GListModel) activities = NULL;
  g_autoptr(GError) error = NULL;
  guint planned = 0;

  g_assert_true (crm_calendar_store_set_status (crm_store_get_calendar_store (f->sr.store), id, CRM_TEST_DRIVE_NO_SHOW, NULL, f->manager, &error));
  g_assert_no_error (error);

  activities = crm_followup_store_list_for_customer (crm_store_get_followup_store (f->sr.store), f->customer2);
  for (guint i = 0; i < g_list_model_get_n_items (activities); i++)
    {
      g_autoptr(CrmActivity) a = g_list_model_get_item (activities, i);

      if (crm_activity_get_done_at (a) == 0 && crm_activity_get_planned_at (a) > 0)
        {
          planned++;
          g_assert_cmpint (crm_activity_get_staff_id (a), ==, f->sales2);
          g_assert_cmpint (crm_activity_get_kind (a), ==, CRM_ACTIVITY_CALL);
          g_assert_cmpint (crm_activity_get_planned_at (a), >=, t + 30 * MINUTE);
        }
    }
  g_assert_cmpuint (planned, ==, 1);

  /* The slot is free again */
  book (f, f->customer3, f->car1, f->sales1, t, 30);
}

static void
test_ical_export (Fixture       *f,
                  gconstpointer  data)
{
  gint64 t = local_unix (24, 14, 30);
  gint64 id = book (f, f->customer2, f->car1, f->sales2, t, 45);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *ics = NULL;

  g_ptr_array_add (list, crm_calendar_store_get (crm_store_get_calendar_store (f->sr.store), id, NULL));
  ics = crm_ical_export_test_drives (f->sr.store, list);
  crm_test_assert_contains (ics, "BEGIN:VTIMEZONE");
  crm_test_assert_contains (ics, "DTSTART;TZID=");
  crm_test_assert_contains (ics, "Asia/Shanghai");
  crm_test_assert_contains (ics, "T143000");
  crm_test_assert_contains (ics, "欧阳娜");
  crm_test_assert_contains (ics, "X-SHOWROOM-PLATE:粤A·D1001");

  back = crm_ical_parse_test_drives (f->sr.store, ics, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (back->len, ==, 1);
  g_assert_cmpint (crm_test_drive_get_start_at (g_ptr_array_index (back, 0)), ==, t);
  g_assert_cmpint (crm_test_drive_get_end_at (g_ptr_array_index (back, 0)), ==, t + 45 * MINUTE);
  g_assert_cmpint (crm_test_drive_get_vehicle_id (g_ptr_array_index (back, 0)), ==, f->car1);
  g_assert_cmpint (crm_test_drive_get_customer_id (g_ptr_array_index (back, 0)), ==, f->customer2);
  g_assert_cmpint (crm_test_drive_get_staff_id (g_ptr_array_index (back, 0)), ==, f->sales2);
}

static void
test_ical_round_trip (Fixture       *f,
                      gconstpointer  data)
{
  gint64 day = local_unix (25, 0, 0);
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *ics = NULL;
  gint64 a, b;

  a = book (f, f->customer1, f->car1, f->sales1, local_unix (25, 10, 0), 30);
  b = book (f, f->customer2, f->car2, f->sales2, local_unix (25, 15, 0), 60);
  list = crm_calendar_store_list (crm_store_get_calendar_store (f->sr.store), day, day + DAY);
  g_assert_cmpuint (list->len, ==, 2);
  ics = crm_ical_export_test_drives (f->sr.store, list);

  /* Importing while the originals stand clashes: nothing imported */
  g_assert_cmpuint (crm_ical_import_test_drives (f->sr.store, ics, &error), ==, 0);
  g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
  crm_test_assert_contains (error->message, "粤A·D1001");
  g_clear_error (&error);
  g_clear_pointer (&after, g_ptr_array_unref);
  after = crm_calendar_store_list (crm_store_get_calendar_store (f->sr.store), day, day + DAY);
  g_assert_cmpuint (after->len, ==, 2);

  /* Cancel only the second: the first event still clashes, so the import
   * must not add the second one either (never half) */
  g_assert_true (crm_calendar_store_set_status (crm_store_get_calendar_store (f->sr.store), b, CRM_TEST_DRIVE_CANCELLED, NULL, 0, &error));
  g_assert_cmpuint (crm_ical_import_test_drives (f->sr.store, ics, &error), ==, 0);
  g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_clear_pointer (&after, g_ptr_array_unref);
  after = crm_calendar_store_list (crm_store_get_calendar_store (f->sr.store), day, day + DAY);
  g_assert_cmpuint (after->len, ==, 2);

  /* Cancel both: the import books both again, same cars, times, people */
  g_assert_true (crm_calendar_store_set_status (crm_store_get_calendar_store (f->sr.store), a, CRM_TEST_DRIVE_CANCELLED, NULL, 0, &error));
  g_assert_cmpuint (crm_ical_import_test_drives (f->sr.store, ics, &error), ==, 2);
  g_assert_no_error (error);
  g_clear_pointer (&after, g_ptr_array_unref);
  after = crm_calendar_store_list (crm_store_get_calendar_store (f->sr.store), day, day + DAY);
  g_assert_cmpuint (after->len, ==, 4);
  for (guint i = 0; i < list->len; i++)
    {
      CrmTestDrive *orig = g_ptr_array_index (list, i);
      gboolean found = FALSE;

      for (guint j = 0; j < after->len; j++)
        {
          CrmTestDrive *td = g_ptr_array_index (after, j);

          if (crm_test_drive_get_id (td) != crm_test_drive_get_id (orig) &&
              crm_test_drive_get_status (td) == CRM_TEST_DRIVE_BOOKED &&
              crm_test_drive_get_start_at (td) == crm_test_drive_get_start_at (orig) &&
              crm_test_drive_get_end_at (td) == crm_test_drive_get_end_at (orig) &&
              crm_test_drive_get_vehicle_id (td) == crm_test_drive_get_vehicle_id (orig) &&
              crm_test_drive_get_staff_id (td) == crm_test_drive_get_staff_id (orig) &&
              crm_test_drive_get_customer_id (td) == crm_test_drive_get_customer_id (orig))
            found = TRUE;
        }
      g_assert_true (found);
    }
}

static void
test_ical_malformed (Fixture       *f,
                     gconstpointer  data)
{
  static const char * const bad[] = {
    "hello, this is not a calendar",
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n",
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART:2026112\r\n"
    "DTEND:20261124T103000Z\r\nX-SHOWROOM-PLATE:粤A·D1001\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART:20261124T020000Z\r\n"
    "DTEND:20261124T023000Z\r\nX-SHOWROOM-PLATE:粤Z·99999\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART:20261124T020000Z\r\n"
    "DTEND:20261124T023000Z\r\nX-SHOWROOM-PLATE:粤A·D1001\r\n"
    "X-SHOWROOM-CUSTOMER-PHONE:13900000000\r\nX-SHOWROOM-REP:李娜\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) all = NULL;

      g_assert_cmpuint (crm_ical_import_test_drives (f->sr.store, bad[i], &error), ==, 0);
      g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
      g_assert_cmpstr (error->message, !=, "");
      all = crm_calendar_store_list (crm_store_get_calendar_store (f->sr.store), 0, G_MAXINT64 / 2);
      g_assert_cmpuint (all->len, ==, 0);
    }

  /* A plate of 100,000 characters is quoted by its first 40 */
  {
    g_autoptr(GString) huge = g_string_new ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:z\r\n"
                                            "DTSTART:20261124T020000Z\r\nDTEND:20261124T023000Z\r\n"
                                            "X-SHOWROOM-PLATE:");
    g_autoptr(GError) error = NULL;

    for (guint i = 0; i < 10000; i++)
      g_string_append (huge, "粤A·D12345");
    g_string_append (huge, "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");
    g_assert_cmpuint (crm_ical_import_test_drives (f->sr.store, huge->str, &error), ==, 0);
    g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
    g_test_message ("%s", error->message);
    g_assert_cmpuint (g_utf8_strlen (error->message, -1), <, 160);
    crm_test_assert_contains (error->message, "(粤A·D12345粤A·D12345粤A·D12345粤A·D12345粤A·D…)");
  }

  /* A good UTC event with a known phone and rep goes in */
  {
    static const char good[] =
      "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:y\r\n"
      "DTSTAMP:20261120T000000Z\r\nDTSTART:20261124T020000Z\r\nDTEND:20261124T023000Z\r\n"
      "X-SHOWROOM-PLATE:粤A·D1001\r\nX-SHOWROOM-CUSTOMER-PHONE:138 0013 8003\r\n"
      "X-SHOWROOM-REP:李娜\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) all = NULL;

    g_assert_cmpuint (crm_ical_import_test_drives (f->sr.store, good, &error), ==, 1);
    g_assert_no_error (error);
    all = crm_calendar_store_list (crm_store_get_calendar_store (f->sr.store), 0, G_MAXINT64 / 2);
    g_assert_cmpuint (all->len, ==, 1);
    g_assert_cmpint (crm_test_drive_get_start_at (g_ptr_array_index (all, 0)), ==, local_unix (24, 10, 0));
    g_assert_cmpint (crm_test_drive_get_customer_id (g_ptr_array_index (all, 0)), ==, f->customer3);
  }
}

/* For tests/test-ics-python.py: a day of two bookings written as .ics */
/* The reminders service waits for the earliest of the rep's next follow-up
 * and next test-drive reminder (30 minutes before a booking), reminds of a
 * booking once, again after it moved, never after it was cancelled, and
 * not of another rep's bookings */
static void
test_reminders_scheduler (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(CrmReminders) reminders = crm_reminders_new (NULL, f->sr.store, NULL);
  g_autoptr(CrmActivity) call = crm_activity_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) due = NULL;
  gint64 td, other;

  crm_activity_set_customer_id (call, f->customer2);
  crm_activity_set_kind (call, CRM_ACTIVITY_CALL);
  crm_activity_set_planned_at (call, local_unix (24, 10, 15));
  crm_activity_set_staff_id (call, f->sales1);
  crm_followup_store_insert (crm_store_get_followup_store (f->sr.store), call, &error);
  g_assert_no_error (error);
  td = book (f, f->customer1, f->car1, f->sales1, local_unix (24, 10, 0), 30);
  other = book (f, f->customer3, f->car2, f->sales2, local_unix (24, 9, 0), 30);
  g_assert_cmpint (other, >, 0);

  /* 08:00: the booking's reminder at 09:30 comes before the 10:15 call */
  crm_reminders_set_staff (reminders, f->sales1, FALSE);
  crm_reminders_start (reminders);
  g_assert_cmpint (crm_reminders_get_next_wakeup (reminders), ==, local_unix (24, 9, 30));

  /* Moved to 11:00: the call at 10:15 is first, then the reminder at 10:30 */
  g_assert_true (crm_calendar_store_move (crm_store_get_calendar_store (f->sr.store), td, f->car1, local_unix (24, 11, 0),
                                            local_unix (24, 11, 30), &error));
  g_assert_no_error (error);
  crm_reminders_check_now (reminders, FALSE);
  g_assert_cmpint (crm_reminders_get_next_wakeup (reminders), ==, local_unix (24, 10, 15));
  crm_clock_set_now (f->sr.clock, local_unix (24, 10, 15));
  g_assert_cmpuint (crm_reminders_check_now (reminders, FALSE), ==, 1);
  g_assert_cmpint (crm_reminders_get_next_wakeup (reminders), ==, local_unix (24, 10, 30));

  /* Not early, then once */
  crm_clock_set_now (f->sr.clock, local_unix (24, 10, 29));
  g_assert_cmpuint (crm_reminders_check_test_drives (reminders, FALSE), ==, 0);
  crm_clock_set_now (f->sr.clock, local_unix (24, 10, 30));
  g_assert_cmpuint (crm_reminders_check_test_drives (reminders, FALSE), ==, 1);
  g_assert_cmpuint (crm_reminders_check_test_drives (reminders, FALSE), ==, 0);
  crm_reminders_check_now (reminders, FALSE);
  g_assert_cmpint (crm_reminders_get_next_wakeup (reminders), ==, 0);

  /* Moved to the afternoon: reminded again, at its new time */
  g_assert_true (crm_calendar_store_move (crm_store_get_calendar_store (f->sr.store), td, f->car1, local_unix (24, 14, 0),
                                            local_unix (24, 14, 30), &error));
  crm_reminders_check_now (reminders, FALSE);
  g_assert_cmpint (crm_reminders_get_next_wakeup (reminders), ==, local_unix (24, 13, 30));

  /* Snoozed ten minutes */
  crm_clock_set_now (f->sr.clock, local_unix (24, 13, 30));
  g_assert_cmpuint (crm_reminders_check_test_drives (reminders, FALSE), ==, 1);
  g_assert_true (crm_calendar_store_snooze_reminder (crm_store_get_calendar_store (f->sr.store), td, local_unix (24, 13, 40), &error));
  crm_reminders_check_now (reminders, FALSE);
  g_assert_cmpint (crm_reminders_get_next_wakeup (reminders), ==, local_unix (24, 13, 40));
  /* …but not past its start */
  g_assert_true (crm_calendar_store_snooze_reminder (crm_store_get_calendar_store (f->sr.store), td, local_unix (24, 14, 5), &error));
  crm_reminders_check_now (reminders, FALSE);
  g_assert_cmpint (crm_reminders_get_next_wakeup (reminders), ==, local_unix (24, 13, 40));

  /* Cancelled: nothing to wait for */
  g_assert_true (crm_calendar_store_set_status (crm_store_get_calendar_store (f->sr.store), td, CRM_TEST_DRIVE_CANCELLED, NULL,
                                                  f->sales1, &error));
  g_assert_no_error (error);
  crm_reminders_check_now (reminders, FALSE);
  g_assert_cmpint (crm_reminders_get_next_wakeup (reminders), ==, 0);
  crm_reminders_stop (reminders);

  /* Missed while Showroom was not running: shown at start, if the drive
   * has not begun; the other rep's booking is not ours */
  crm_clock_set_now (f->sr.clock, local_unix (24, 15, 0));
  td = book (f, f->customer1, f->car1, f->sales1, local_unix (24, 16, 0), 30);
  /* Booked at 15:10 for 15:20, less than 30 minutes ahead (reception may
   * have booked it for the consultant): reminded at once */
  crm_clock_set_now (f->sr.clock, local_unix (24, 15, 10));
  other = book (f, f->customer3, f->car2, f->sales1, local_unix (24, 15, 20), 30);
  g_assert_cmpint (other, >, td);
  due = crm_calendar_store_query_due_reminders (crm_store_get_calendar_store (f->sr.store), f->sales1, local_unix (24, 15, 10), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (due->len, ==, 1);
  g_assert_cmpint (g_array_index (due, gint64, 0), ==, other);
  g_clear_pointer (&due, g_array_unref);
  crm_clock_set_now (f->sr.clock, local_unix (24, 15, 45));
  due = crm_calendar_store_query_due_reminders (crm_store_get_calendar_store (f->sr.store), f->sales1, local_unix (24, 15, 45), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (due->len, ==, 1);
  g_assert_cmpint (g_array_index (due, gint64, 0), ==, td);
  g_clear_pointer (&due, g_array_unref);
  crm_reminders_start (reminders);
  due = crm_calendar_store_query_due_reminders (crm_store_get_calendar_store (f->sr.store), f->sales1, local_unix (24, 15, 45), &error);
  g_assert_cmpuint (due->len, ==, 0);
  g_assert_cmpint (crm_reminders_get_next_wakeup (reminders), ==, 0);
  g_assert_cmpint (crm_calendar_store_get_next_reminder (crm_store_get_calendar_store (f->sr.store), f->sales2, local_unix (24, 8, 0)),
                   ==, local_unix (24, 8, 30));
  g_assert_cmpint (crm_calendar_store_get_next_reminder (crm_store_get_calendar_store (f->sr.store), f->sales2, local_unix (24, 9, 0)),
                   ==, 0);
  crm_reminders_stop (reminders);
  g_assert_finalize_object (g_steal_pointer (&reminders));
}

/* A booking made by someone else (reception, a manager) tells its
 * consultant at once; one the consultant made for themself does not */
static void
test_booked_for_consultant (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(CrmTestDrive) by_manager = crm_test_booking_new (f->customer1, f->car1, f->sales1, local_unix (25, 10, 0), 30);
  g_autoptr(CrmTestDrive) by_self = crm_test_booking_new (f->customer2, f->car2, f->sales1, local_unix (25, 11, 0), 30);
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM lead_notice WHERE kind = 'test-drive-booked'"
                                          " AND staff_id = %lld", (long long) f->sales1);

  g_assert_cmpint (crm_calendar_store_insert_by (crm_store_get_calendar_store (f->sr.store), by_manager, f->manager, &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (crm_test_file_int (f->sr.path, sql), ==, 1);
  g_assert_cmpint (crm_test_file_int (f->sr.path, "SELECT customer_id FROM lead_notice WHERE kind = 'test-drive-booked'"),
                   ==, f->customer1);

  g_assert_cmpint (crm_calendar_store_insert_by (crm_store_get_calendar_store (f->sr.store), by_self, f->sales1, &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (crm_test_file_int (f->sr.path, sql), ==, 1);
}

static int
write_ics (const char *path)
{
  Fixture f = { 0 };
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *ics = NULL;

  fixture_setup (&f, NULL);
  book (&f, f.customer1, f.car1, f.sales1, local_unix (24, 10, 0), 30);
  book (&f, f.customer2, f.car2, f.sales2, local_unix (24, 15, 0), 60);
  list = crm_calendar_store_list (crm_store_get_calendar_store (f.sr.store), local_unix (24, 0, 0), local_unix (25, 0, 0));
  ics = crm_ical_export_test_drives (f.sr.store, list);
  if (!g_file_set_contents (path, ics, -1, &error))
    g_error ("%s", error->message);
  g_clear_pointer (&list, g_ptr_array_unref);
  fixture_teardown (&f, NULL);
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  test_now = local_unix (24, 8, 0);
  if (argc == 3 && g_str_equal (argv[1], "--write-ics"))
    return write_ics (argv[2]);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/calendar/model/vehicle", test_model_vehicle);
  g_test_add_func ("/calendar/model/test-drive", test_model_test_drive);
  g_test_add_func ("/calendar/lifecycle/table", test_lifecycle_table);
#define ADD(path, func) g_test_add ("/calendar/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("settings", test_settings);
  ADD ("fleet", test_fleet);
  ADD ("conflict/vehicle", test_conflict_vehicle);
  ADD ("conflict/rep", test_conflict_rep);
  ADD ("conflict/held-by-database", test_conflict_held_by_database);
  ADD ("conflict/buffer", test_conflict_buffer);
  ADD ("conflict/opening-hours", test_conflict_hours);
  ADD ("conflict/vehicle-status", test_conflict_vehicle_status);
  ADD ("conflict/cancelled-frees-slot", test_cancelled_frees_slot);
  ADD ("conflict/next-free-slots", test_next_free_slots);
  ADD ("conflict/weekend-hours", test_weekend_hours);
  ADD ("conflict/move-and-resize", test_move_and_resize);
  ADD ("lifecycle/complete", test_lifecycle_complete);
  ADD ("lifecycle/no-show", test_lifecycle_no_show);
  ADD ("ical/export", test_ical_export);
  ADD ("ical/round-trip", test_ical_round_trip);
  ADD ("ical/malformed", test_ical_malformed);
  ADD ("reminders/scheduler", test_reminders_scheduler);
  ADD ("reminders/booked-for-consultant", test_booked_for_consultant);
#undef ADD

  return g_test_run ();
}
