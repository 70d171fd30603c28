/* test-time-zone.c: one showroom, one clock
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A showroom in Asia/Shanghai run from a desktop whose clock is UTC (the
 * process's TZ is set to UTC before anything asks for the local zone):
 * opening hours, cadence dates, first-contact deadlines, test-drive hours,
 * "today" and month boundaries must follow the showroom's rule in the
 * database, and move when the rule names another zone. Each check would
 * see the desktop's eight hours of difference if the code asked the
 * desktop's zone.
 */
#include "config.h"

#include <time.h>

#include "crm-assignment.h"
#include "crm-cadence.h"
#include "crm-demo.h"
#include "crm-error.h"
#include "crm-format.h"
#include "crm-kpi.h"
#include "crm-reminders.h"
#include "crm-test-util.h"

#define HOUR (60 * 60)
#define DAY  (24 * HOUR)

/* @hour:@minute on that day in @zone */
static gint64
at_in (const char *zone,
       int         year,
       int         month,
       int         day,
       int         hour,
       int         minute)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (zone);
  g_autoptr(GDateTime) dt = NULL;

  g_assert_nonnull (tz);
  dt = g_date_time_new (tz, year, month, day, hour, minute, 0);
  return g_date_time_to_unix (dt);
}

#define BJ(y, mo, d, h, mi) at_in ("Asia/Shanghai", (y), (mo), (d), (h), (mi))

static void
set_zone (CrmTestShowroom *f,
          const char      *zone)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (crm_store_set_time_zone (f->store, zone, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (g_time_zone_get_identifier (crm_store_get_time_zone (f->store)), ==, zone);
}

static void
assert_desktop_is_utc (void)
{
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();

  g_assert_cmpint (g_time_zone_get_offset (local, 0), ==, 0);
}

static void
test_rule (CrmTestShowroom *f,
           gconstpointer    data)
{
  g_autoptr(GError) error = NULL;
  GTimeZone *before;

  assert_desktop_is_utc ();

  /* No row: the default, whatever the desktop's zone */
  g_assert_null (crm_store_dup_time_zone_rule (f->store));
  before = crm_store_get_time_zone (f->store);
  g_assert_cmpstr (g_time_zone_get_identifier (before), ==, "Asia/Shanghai");
  g_assert_true (crm_store_get_time_zone (f->store) == before);
  crm_test_expect_changes (f, "%s", "");

  /* A new rule is stored, announced, and read at once */
  set_zone (f, "Europe/Berlin");
  crm_test_expect_changes (f, "showroom:0");
  {
    g_autofree char *rule = crm_store_dup_time_zone_rule (f->store);
    g_assert_cmpstr (rule, ==, "Europe/Berlin");
  }
  /* The zone handed out before stays usable */
  g_assert_cmpstr (g_time_zone_get_identifier (before), ==, "Asia/Shanghai");

  /* A zone nobody knows is refused and nothing changes */
  g_assert_false (crm_store_set_time_zone (f->store, "Mars/Olympus_Mons", &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (crm_store_set_time_zone (f->store, "", &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  crm_test_expect_changes (f, "%s", "");
  g_assert_cmpstr (g_time_zone_get_identifier (crm_store_get_time_zone (f->store)), ==, "Europe/Berlin");

  /* Written as a plain meta row (as another program would): the store
   * reads it again once the change is announced */
  g_assert_true (crm_store_set_meta (f->store, "showroom.time-zone", "Asia/Urumqi", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (g_time_zone_get_identifier (crm_store_get_time_zone (f->store)), ==, "Asia/Urumqi");
  crm_test_expect_changes (f, "showroom:0");

  /* A row this computer cannot read falls back to the default */
  g_assert_true (crm_store_set_meta (f->store, "showroom.time-zone", "Nowhere/Else", &error));
  g_assert_cmpstr (g_time_zone_get_identifier (crm_store_get_time_zone (f->store)), ==, "Asia/Shanghai");
  crm_test_expect_changes (f, "showroom:0");

  /* NULL goes back to the default */
  set_zone (f, "Europe/Berlin");
  crm_test_expect_changes (f, "showroom:0");
  g_assert_true (crm_store_set_time_zone (f->store, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (crm_store_dup_time_zone_rule (f->store));
  g_assert_cmpstr (g_time_zone_get_identifier (crm_store_get_time_zone (f->store)), ==, "Asia/Shanghai");
  crm_test_expect_changes (f, "showroom:0");

  /* … also for a second connection to the same showroom */
  set_zone (f, "Asia/Urumqi");
  {
    g_autoptr(CrmStore) other = crm_store_open (f->path, f->clock, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (g_time_zone_get_identifier (crm_store_get_time_zone (other)), ==, "Asia/Urumqi");
  }
}

static void
test_cadence (CrmTestShowroom *f,
              gconstpointer    data)
{
  g_autoptr(CrmCadence) c = crm_cadence_load (f->store);
  CrmCadenceInput input = { CRM_GRADE_H, CRM_STAGE_NEGOTIATION, 0, 1, CRM_OUTCOME_REACHED, 0 };
  CrmActivityKind kind;
  gint64 planned;
  g_autofree char *purpose = NULL;

  assert_desktop_is_utc ();

  /* Tuesday 19:00 in Guangzhou is 11:00 UTC: closed, on to 9:00 Wednesday */
  g_assert_cmpint (crm_cadence_fit_opening_hours (c, BJ (2026, 11, 24, 19, 0)), ==, BJ (2026, 11, 25, 9, 0));
  g_assert_cmpint (crm_cadence_fit_opening_hours (c, BJ (2026, 11, 24, 10, 0)), ==, BJ (2026, 11, 24, 10, 0));
  /* A lead at 17:30 with two hours: 10:30 the next morning */
  g_assert_cmpint (crm_cadence_first_contact (c, BJ (2026, 11, 24, 17, 30)), ==, BJ (2026, 11, 25, 10, 30));
  /* Grade H at 10:00: the same time tomorrow */
  input.now = BJ (2026, 11, 24, 10, 0);
  crm_cadence_propose (c, &input, &kind, &planned, &purpose);
  g_assert_cmpint (planned, ==, BJ (2026, 11, 25, 10, 0));
  /* Birthday greetings at 10:00 Beijing, not 10:00 UTC */
  g_assert_cmpint (crm_cadence_next_birthday (c, "1990-11-30", BJ (2026, 11, 24, 10, 0)), ==,
                   BJ (2026, 11, 30, 10, 0));

  /* The rule moves them: Urumqi is two hours behind Beijing */
  set_zone (f, "Asia/Urumqi");
  g_clear_pointer (&c, crm_cadence_free);
  c = crm_cadence_load (f->store);
  g_assert_cmpint (crm_cadence_fit_opening_hours (c, BJ (2026, 11, 24, 19, 0)), ==, BJ (2026, 11, 24, 19, 0));
  g_assert_cmpint (crm_cadence_fit_opening_hours (c, BJ (2026, 11, 24, 10, 0)), ==, BJ (2026, 11, 24, 11, 0));
  g_clear_pointer (&purpose, g_free);
  crm_cadence_propose (c, &input, &kind, &planned, &purpose);
  /* 8:00 in Urumqi plus a day, then to opening: 9:00 Urumqi is 11:00 Beijing */
  g_assert_cmpint (planned, ==, BJ (2026, 11, 25, 11, 0));
  g_assert_cmpint (crm_cadence_next_birthday (c, "1990-11-30", BJ (2026, 11, 24, 10, 0)), ==,
                   at_in ("Asia/Urumqi", 2026, 11, 30, 10, 0));
}

static void
test_first_contact (CrmTestShowroom *f,
                    gconstpointer    data)
{
  CrmLeadRules rules;

  crm_staff_store_get_lead_rules (crm_store_get_staff_store (f->store), &rules);
  g_assert_cmpint (rules.first_contact_minutes, ==, 120);
  g_assert_cmpint (crm_lead_rules_deadline (&rules, crm_store_get_time_zone (f->store), BJ (2026, 11, 24, 17, 30)),
                   ==, BJ (2026, 11, 25, 10, 30));
  g_assert_cmpint (crm_lead_rules_deadline (&rules, crm_store_get_time_zone (f->store), BJ (2026, 11, 24, 7, 0)),
                   ==, BJ (2026, 11, 24, 11, 0));

  set_zone (f, "Europe/Berlin");
  /* 17:30 Beijing is 10:30 in Berlin: open, done by 12:30 Berlin */
  g_assert_cmpint (crm_lead_rules_deadline (&rules, crm_store_get_time_zone (f->store), BJ (2026, 11, 24, 17, 30)),
                   ==, at_in ("Europe/Berlin", 2026, 11, 24, 12, 30));
}

static void
test_test_drive_hours (CrmTestShowroom *f,
                       gconstpointer    data)
{
  gint64 customer = crm_test_add_customer (f->store, "赵敏", "13800138111", NULL);
  gint64 car = crm_test_add_vehicle (f->store, "粤A·T0001", f->model1, CRM_VEHICLE_AVAILABLE);
  g_autoptr(CrmTestDrive) morning = crm_test_booking_new (customer, car, f->sales1, BJ (2026, 11, 25, 10, 0), 30);
  g_autoptr(CrmTestDrive) evening = crm_test_booking_new (customer, car, f->sales1, BJ (2026, 11, 25, 19, 0), 30);
  g_autoptr(GArray) slots = NULL;
  CrmCalendarStore *calendar = crm_store_get_calendar_store (f->store);

  /* 10:00 Beijing is 02:00 UTC: open; 19:00 Beijing (11:00 UTC) is not */
  g_assert_cmpint (crm_calendar_store_check (calendar, morning, NULL), ==, CRM_BOOKING_OK);
  g_assert_cmpint (crm_calendar_store_check (calendar, evening, NULL), ==, CRM_BOOKING_OUTSIDE_HOURS);
  /* The next free time after the evening is the next opening */
  slots = crm_calendar_store_next_free_slots (calendar, evening, 1);
  g_assert_cmpuint (slots->len, ==, 1);
  g_assert_cmpint (g_array_index (slots, gint64, 0), ==, BJ (2026, 11, 26, 9, 0));

  set_zone (f, "Europe/Berlin");
  /* 10:00 Beijing is 03:00 in Berlin; 19:00 Beijing is noon there */
  g_assert_cmpint (crm_calendar_store_check (calendar, morning, NULL), ==, CRM_BOOKING_OUTSIDE_HOURS);
  g_assert_cmpint (crm_calendar_store_check (calendar, evening, NULL), ==, CRM_BOOKING_OK);
}

static void
test_kpi (CrmTestShowroom *f,
          gconstpointer    data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmKpiReport) report = NULL;
  g_autofree char *period = NULL;
  gint64 now = crm_test_now ();
  gint64 start, end;

  assert_desktop_is_utc ();

  g_assert_true (crm_kpi_range_bounds (CRM_KPI_RANGE_THIS_MONTH, crm_store_get_time_zone (f->store), now,
                                       NULL, NULL, &start, &end));
  g_assert_cmpint (start, ==, BJ (2026, 11, 1, 0, 0));
  g_assert_cmpint (end, ==, BJ (2026, 12, 1, 0, 0));
  g_assert_true (crm_kpi_range_bounds (CRM_KPI_RANGE_THIS_WEEK, crm_store_get_time_zone (f->store), now,
                                       NULL, NULL, &start, &end));
  g_assert_cmpint (start, ==, BJ (2026, 11, 23, 0, 0));

  /* The trend's weeks start on Monday at midnight in Beijing */
  report = crm_kpi_compute (f->store, start, end, 0, now, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->trend->len, >, 0);
  for (guint i = 0; i < report->trend->len; i++)
    {
      CrmKpiTrendPoint *p = &g_array_index (report->trend, CrmKpiTrendPoint, i);

      g_assert_cmpint (p->start, ==, BJ (2026, 11, 23, 0, 0) - (gint64) (report->trend->len - 1 - i) * 7 * DAY);
    }
  period = crm_kpi_format_period (report->zone, start, end);
  g_assert_cmpstr (period, ==, "2026-11-23 – 2026-11-29");
  /* … and as people read it (the CSV keeps the ISO form) */
  {
    g_autofree char *shown = crm_kpi_format_period_for_display (report->zone, start, end);
    g_autofree char *across = crm_kpi_format_period_for_display (report->zone, BJ (2026, 11, 30, 0, 0),
                                                                 BJ (2026, 12, 7, 0, 0));
    g_autofree char *years = crm_kpi_format_period_for_display (report->zone, BJ (2026, 12, 28, 0, 0),
                                                                BJ (2027, 1, 4, 0, 0));
    g_autofree char *day = crm_kpi_format_period_for_display (report->zone, BJ (2026, 11, 24, 0, 0),
                                                              BJ (2026, 11, 25, 0, 0));

    g_assert_cmpstr (shown, ==, "Nov 23 – 29, 2026");
    g_assert_cmpstr (across, ==, "Nov 30 – Dec 6, 2026");
    g_assert_cmpstr (years, ==, "Dec 28, 2026 – Jan 3, 2027");
    g_assert_cmpstr (day, ==, "Nov 24, 2026");
  }

  /* Late in the evening of 30 November UTC it is already December in
   * Beijing */
  g_assert_true (crm_kpi_range_bounds (CRM_KPI_RANGE_THIS_MONTH, crm_store_get_time_zone (f->store),
                                       BJ (2026, 12, 1, 2, 0), NULL, NULL, &start, &end));
  g_assert_cmpint (start, ==, BJ (2026, 12, 1, 0, 0));

  set_zone (f, "Asia/Urumqi");
  g_assert_true (crm_kpi_range_bounds (CRM_KPI_RANGE_THIS_MONTH, crm_store_get_time_zone (f->store), now,
                                       NULL, NULL, &start, &end));
  g_assert_cmpint (start, ==, BJ (2026, 11, 1, 2, 0));
  g_assert_cmpint (end, ==, BJ (2026, 12, 1, 2, 0));
  g_assert_true (crm_kpi_range_bounds (CRM_KPI_RANGE_THIS_MONTH, crm_store_get_time_zone (f->store),
                                       BJ (2026, 12, 1, 1, 0), NULL, NULL, &start, &end));
  g_assert_cmpint (start, ==, BJ (2026, 11, 1, 2, 0));
}

static void
test_reminders_today (CrmTestShowroom *f,
                      gconstpointer    data)
{
  /* 06:00 on Tuesday in Guangzhou is still Monday in UTC (and in Berlin) */
  gint64 now = BJ (2026, 11, 24, 6, 0);

  crm_clock_set_now (f->clock, now);
  {
    g_autoptr(CrmReminders) reminders = crm_reminders_new (NULL, f->store, NULL);
    g_autofree char *swept = NULL;

    crm_reminders_start (reminders);
    /* What fell due since the start of the showroom's today */
    g_assert_cmpint (crm_reminders_get_last_check (reminders), ==, BJ (2026, 11, 24, 0, 0) - 1);
    swept = crm_store_dup_meta (f->store, "care.birthdays-swept-on");
    g_assert_cmpstr (swept, ==, "2026-11-24");
    crm_reminders_stop (reminders);
  }

  set_zone (f, "Europe/Berlin");
  {
    g_autoptr(CrmReminders) reminders = crm_reminders_new (NULL, f->store, NULL);
    g_autofree char *swept = NULL;

    crm_reminders_start (reminders);
    g_assert_cmpint (crm_reminders_get_last_check (reminders), ==, at_in ("Europe/Berlin", 2026, 11, 23, 0, 0) - 1);
    swept = crm_store_dup_meta (f->store, "care.birthdays-swept-on");
    g_assert_cmpstr (swept, ==, "2026-11-23");
    crm_reminders_stop (reminders);
  }
}

/* The demo showroom plans its calls and drives in the showroom's hours */
static void
check_demo (CrmTestShowroom *f,
            const char      *zone)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (zone);
  int offset = g_time_zone_get_offset (tz, g_time_zone_find_interval (tz, G_TIME_TYPE_UNIVERSAL, crm_test_now ()));
  g_autofree char *outside = NULL;
  g_autofree char *inside = NULL;
  g_autofree char *first_drive = NULL;

  g_assert_true (crm_demo_generate (f->store, 80, 400, 20261124, &error));
  g_assert_no_error (error);

  /* Open follow-ups: in the showroom's day, 9:00 to 19:00 by its clock
   * (a missed drive at closing time is called an hour after it) */
  outside = g_strdup_printf ("SELECT count(*) FROM activity WHERE done_at IS NULL AND planned_at IS NOT NULL"
                             " AND ((planned_at + %d) %% 86400 < 32400 OR (planned_at + %d) %% 86400 > 68400)",
                             offset, offset);
  inside = g_strdup_printf ("SELECT count(*) FROM activity WHERE done_at IS NULL AND planned_at IS NOT NULL"
                            " AND (planned_at + %d) %% 86400 BETWEEN 32400 AND 68400", offset);
  g_assert_cmpint (crm_test_file_int (f->path, outside), ==, 0);
  g_assert_cmpint (crm_test_file_int (f->path, inside), >, 20);

  /* Today's first drive of the morning at 10:00 in the showroom */
  first_drive = g_strdup_printf ("SELECT count(*) FROM test_drive WHERE start_at = %" G_GINT64_FORMAT,
                                 at_in (zone, 2026, 11, 24, 10, 0));
  g_assert_cmpint (crm_test_file_int (f->path, first_drive), >=, 1);
}

static void
test_demo (CrmTestShowroom *f,
           gconstpointer    data)
{
  assert_desktop_is_utc ();
  check_demo (f, "Asia/Shanghai");
}

static void
test_demo_elsewhere (CrmTestShowroom *f,
                     gconstpointer    data)
{
  set_zone (f, "Asia/Urumqi");
  check_demo (f, "Asia/Urumqi");
}

static void
test_format (void)
{
  g_autoptr(GTimeZone) bj = g_time_zone_new_identifier ("Asia/Shanghai");
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autofree char *named = NULL;
  g_autofree char *same = NULL;
  g_autofree char *day = NULL;

  /* The desktop (UTC) reads otherwise than the showroom: the zone is named */
  g_assert_true (crm_time_zone_differs (bj, crm_test_now ()));
  g_assert_false (crm_time_zone_differs (utc, crm_test_now ()));
  named = crm_format_showroom_time (bj, BJ (2026, 11, 24, 10, 0));
  g_assert_cmpstr (named, ==, "Showroom time (Asia/Shanghai): Tue Nov 24, 10:00");
  same = crm_format_showroom_time (utc, crm_test_now ());
  g_assert_null (same);
  day = crm_format_showroom_day (bj, BJ (2026, 11, 24, 6, 0));
  g_assert_cmpstr (day, ==, "Showroom time (Asia/Shanghai): today is Tuesday, November 24");

  g_assert_cmpint (crm_time_day_start (bj, BJ (2026, 11, 24, 6, 0)), ==, BJ (2026, 11, 24, 0, 0));
  g_assert_cmpint (crm_time_on_day (bj, BJ (2026, 11, 24, 23, 0), 1, 9 * 60), ==, BJ (2026, 11, 25, 9, 0));
}

int
main (int   argc,
      char *argv[])
{
  crm_test_init (&argc, &argv);
  /* The desktop's clock is UTC; the showroom stays in Guangzhou */
  g_setenv ("TZ", "UTC", TRUE);
  tzset ();
  /* English messages whatever the environment: the format test reads them */
  g_setenv ("LANGUAGE", "C", TRUE);

  g_test_add_func ("/time-zone/format", test_format);
#define ADD(path, setup, func) \
  g_test_add ((path), CrmTestShowroom, NULL, (setup), (func), crm_test_teardown)
  ADD ("/time-zone/rule", crm_test_setup_showroom, test_rule);
  ADD ("/time-zone/cadence", crm_test_setup_showroom, test_cadence);
  ADD ("/time-zone/first-contact", crm_test_setup_showroom, test_first_contact);
  ADD ("/time-zone/test-drive-hours", crm_test_setup_showroom, test_test_drive_hours);
  ADD ("/time-zone/kpi", crm_test_setup_showroom, test_kpi);
  ADD ("/time-zone/reminders-today", crm_test_setup_showroom, test_reminders_today);
  ADD ("/time-zone/demo", crm_test_setup_empty_store, test_demo);
  ADD ("/time-zone/demo-elsewhere", crm_test_setup_empty_store, test_demo_elsewhere);
#undef ADD

  return g_test_run ();
}
