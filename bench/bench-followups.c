/* bench-followups.c: My Day, the next wake-up and reminder delivery lag
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   bench-followups DATABASE [RUNS]
 *
 * On a big showroom (100,000 customers, 1,000,000 follow-ups) times what
 * My Day costs when it opens or refreshes: the three lists (ids of the
 * overdue, today and next-7-days follow-ups, up to 200 each, plus their
 * totals), the first screenful of activity objects, the manager's
 * per-consultant counts, and the reminder timer's next wake-up. Medians
 * and maxima over RUNS for every consultant, then the idle-deal query.
 *
 * Then the reminder delivery lag, with the real clock and a real timer:
 * plans a follow-up a few seconds ahead, lets the scheduler arm its one
 * timer, and measures wall time from the planned second to the moment
 * the reminder went out. The follow-ups it plans are marked done after.
 */
#include <glib.h>
#include <locale.h>
#include <stdlib.h>

#include "crm-cadence.h"
#include "crm-reminders.h"

#define DAY (24 * 60 * 60)
#define LIMIT 200
#define VISIBLE_ROWS 20
#define LAG_SAMPLES 5

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static double
median (GArray *values)
{
  qsort (values->data, values->len, sizeof (double), compare_double);
  return g_array_index (values, double, values->len / 2);
}

static double
maximum (GArray *values)
{
  qsort (values->data, values->len, sizeof (double), compare_double);
  return g_array_index (values, double, values->len - 1);
}

static void
day_bounds (gint64  now,
            gint64 *start,
            gint64 *end)
{
  g_autoptr(GDateTime) t = g_date_time_new_from_unix_local (now);
  g_autoptr(GDateTime) midnight = g_date_time_new_local (g_date_time_get_year (t), g_date_time_get_month (t),
                                                         g_date_time_get_day_of_month (t), 0, 0, 0);
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (midnight, 1);

  *start = g_date_time_to_unix (midnight);
  *end = g_date_time_to_unix (tomorrow);
}

/* What My Day pays: lists, totals, first rows, wake-up */
static double
time_my_day (CrmStore   *store,
             CrmCadence *cadence,
             gint64      staff_id,
             gboolean    manager,
             gint64      now,
             guint      *n_rows,
             double     *idle_ms)
{
  gint64 idle_start;
  gint64 start_us = g_get_monotonic_time ();
  gint64 day_start, day_end;
  const gint64 from[3] = { G_MININT64, 0, 0 };
  gint64 ranges[3][2];

  day_bounds (now, &day_start, &day_end);
  ranges[0][0] = from[0];    ranges[0][1] = day_start;
  ranges[1][0] = day_start;  ranges[1][1] = day_end;
  ranges[2][0] = day_end;    ranges[2][1] = day_end + 7 * DAY;

  *n_rows = 0;
  for (int s = 0; s < 3; s++)
    {
      g_autoptr(GArray) ids = crm_followup_store_query_open_ids (crm_store_get_followup_store (store), staff_id, ranges[s][0],
                                                                 ranges[s][1], LIMIT, NULL);
      if (ids->len >= LIMIT)
        crm_followup_store_count_open (crm_store_get_followup_store (store), staff_id, ranges[s][0], ranges[s][1]);
      *n_rows += ids->len;
      for (guint i = 0; i < MIN (ids->len, VISIBLE_ROWS); i++)
        {
          g_autoptr(CrmActivity) a = crm_followup_store_get (crm_store_get_followup_store (store), g_array_index (ids, gint64, i), NULL);
          g_autoptr(CrmCustomer) c = crm_customer_store_get (crm_store_get_customer_store (store), crm_activity_get_customer_id (a), NULL);
        }
    }
  if (manager)
    g_array_unref (crm_followup_store_count_by_staff (crm_store_get_followup_store (store), day_start, day_end));
  crm_followup_store_get_next_planned_at (crm_store_get_followup_store (store), staff_id, now);

  /* The idle-deal flag at the end of the page */
  idle_start = g_get_monotonic_time ();
  g_array_unref (crm_followup_store_query_idle_deal_ids (crm_store_get_followup_store (store), staff_id, crm_cadence_idle_since (cadence, now), NULL));
  *idle_ms = (g_get_monotonic_time () - idle_start) / 1000.0;

  return (idle_start - start_us) / 1000.0;
}

static gint64 due_wall_us;

static void
on_due_cb (CrmReminders *reminders,
           guint         n,
           gpointer      user_data)
{
  due_wall_us = g_get_real_time ();
}

static gboolean
stop_cb (gpointer loop)
{
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmClock) clock = crm_clock_new ();
  g_autoptr(CrmStore) store = NULL;
  g_autoptr(GListModel) staff = NULL;
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) lags = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(CrmCadence) cadence = NULL;
  int runs = argc > 2 ? atoi (argv[2]) : 20;
  gint64 now, rep = 0;

  setlocale (LC_ALL, "");
  if (argc < 2)
    {
      g_printerr ("usage: bench-followups DATABASE [RUNS]\n");
      return 2;
    }

  store = crm_store_open (argv[1], clock, &error);
  if (store == NULL)
    g_error ("%s", error->message);
  now = crm_clock_get_now (clock);
  g_print ("%u follow-ups still to do in the database\n",
           crm_followup_store_count_open (crm_store_get_followup_store (store), -1, G_MININT64, G_MAXINT64));

  cadence = crm_cadence_load (store);
  staff = crm_staff_store_list (crm_store_get_staff_store (store), TRUE);
  for (guint i = 0; i < g_list_model_get_n_items (staff); i++)
    {
      g_autoptr(CrmStaff) member = g_list_model_get_item (staff, i);
      g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) idle_times = g_array_new (FALSE, FALSE, sizeof (double));
      gboolean manager = crm_staff_get_role (member) == CRM_ROLE_MANAGER;
      guint rows = 0;

      if (crm_staff_get_role (member) == CRM_ROLE_RECEPTION)
        continue;
      if (!manager && rep == 0)
        rep = crm_staff_get_id (member);
      for (int r = 0; r < runs + 1; r++)
        {
          double idle_ms = 0;
          double ms = time_my_day (store, cadence, manager ? -1 : crm_staff_get_id (member), manager,
                                   now, &rows, &idle_ms);
          if (r > 0)   /* the first run warms the page cache */
            {
              g_array_append_val (times, ms);
              g_array_append_val (all, ms);
              g_array_append_val (idle_times, idle_ms);
            }
        }
      g_print ("%-6s (%s, %u rows): My Day lists + next wake-up median %.2f ms (max %.2f);"
               " idle-deal flag median %.2f ms\n",
               crm_staff_get_name (member), manager ? "whole team" : "consultant", rows,
               median (times), maximum (times), median (idle_times));
    }
  g_print ("My Day lists + next wake-up, all: median %.2f ms, max %.2f ms (limit 20 ms)\n",
           median (all), maximum (all));

  {
    g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
    guint n = 0;

    for (int r = 0; r < 5; r++)
      {
        gint64 t0 = g_get_monotonic_time ();
        g_autoptr(GArray) ids = crm_followup_store_query_idle_deal_ids (crm_store_get_followup_store (store), rep, crm_cadence_idle_since (cadence, now), NULL);
        double ms = (g_get_monotonic_time () - t0) / 1000.0;
        g_array_append_val (times, ms);
        n = ids->len;
      }
    g_print ("Idle deals of one consultant (%u): median %.2f ms\n", n, median (times));
    g_array_set_size (times, 0);
    for (int r = 0; r < 3; r++)
      {
        gint64 t0 = g_get_monotonic_time ();
        g_autoptr(GArray) ids = crm_followup_store_query_idle_deal_ids (crm_store_get_followup_store (store), -1, crm_cadence_idle_since (cadence, now), NULL);
        double ms = (g_get_monotonic_time () - t0) / 1000.0;
        g_array_append_val (times, ms);
        n = ids->len;
      }
    g_print ("Idle deals of the whole showroom (%u, once a day for escalation): median %.2f ms\n",
             n, median (times));
  }

  /* Delivery lag: the real timer, the real clock */
  {
    g_autoptr(CrmReminders) reminders = crm_reminders_new (NULL, store, NULL);
    g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
    g_autoptr(GArray) customer_ids = NULL;
    CrmCustomerQuery query;

    crm_customer_query_init (&query);
    query.owner_id = rep;
    customer_ids = crm_customer_store_query_ids (crm_store_get_customer_store (store), &query, NULL, &error);
    crm_customer_query_clear (&query);
    g_signal_connect (reminders, "due", G_CALLBACK (on_due_cb), NULL);
    crm_reminders_set_staff (reminders, rep, FALSE);
    crm_reminders_start (reminders);

    for (int i = 0; i < LAG_SAMPLES; i++)
      {
        g_autoptr(CrmActivity) a = crm_activity_new ();
        gint64 planned = g_get_real_time () / G_USEC_PER_SEC + 2;
        gint64 id;
        double lag;

        /* Plan it while the loop runs, as a person would */
        crm_activity_set_customer_id (a, g_array_index (customer_ids, gint64, i));
        crm_activity_set_kind (a, CRM_ACTIVITY_CALL);
        crm_activity_set_planned_at (a, planned);
        crm_activity_set_staff_id (a, rep);
        crm_activity_set_purpose (a, "bench");
        id = crm_followup_store_insert (crm_store_get_followup_store (store), a, &error);
        if (id == 0)
          g_error ("%s", error->message);

        due_wall_us = 0;
        g_timeout_add_seconds (5, stop_cb, loop);
        while (due_wall_us == 0)
          g_main_context_iteration (NULL, TRUE);
        lag = (due_wall_us - planned * G_USEC_PER_SEC) / 1000.0;
        g_array_append_val (lags, lag);
        g_print ("reminder %d: planned %" G_GINT64_FORMAT ", went out %.1f ms after its second\n",
                 i + 1, planned, lag);
        crm_followup_store_complete (crm_store_get_followup_store (store), id, CRM_OUTCOME_REACHED, NULL, planned, NULL);
      }
    g_print ("Reminder delivery lag: median %.1f ms, max %.1f ms (limit 1000 ms)\n",
             median (lags), maximum (lags));
    crm_reminders_stop (reminders);
  }

  return 0;
}
