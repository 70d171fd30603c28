/* bench-calendar.c: the test-drive calendar's two budgets
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   bench-calendar conflicts [DB]  a conflict check against 100,000 bookings
 *                                  (budget 5 ms); builds DB when missing
 *   bench-calendar draw            lay out and draw a week of 2,000 bookings
 *                                  (budget 50 ms); needs a display (Xvfb)
 *
 * Prints the median and the worst of many runs. Run by
 * build-aux/benchmark-calendar.sh.
 */
#include <adwaita.h>
#include <glib/gstdio.h>
#include <stdlib.h>

#include "crm-calendar-view.h"
#include "crm-store.h"

#define N_BOOKINGS  100000
#define N_CARS      40
#define N_CUSTOMERS 1000
#define SLOT        (40 * 60)   /* 30 minutes and the 10-minute buffer */
#define START_DAY   1795449600  /* 2026-11-24 00:00 in Asia/Shanghai */

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static int
compare_start (gconstpointer a,
               gconstpointer b)
{
  gint64 x = crm_test_drive_get_start_at (*(CrmTestDrive * const *) a);
  gint64 y = crm_test_drive_get_start_at (*(CrmTestDrive * const *) b);
  return x < y ? -1 : x > y;
}

static void
report (const char *what,
        GArray     *ms,
        double      budget)
{
  double median, worst;

  g_array_sort (ms, compare_double);
  median = g_array_index (ms, double, ms->len / 2);
  worst = g_array_index (ms, double, ms->len - 1);
  g_print ("%s: median %.3f ms, worst %.3f ms over %u runs (budget %.0f ms) %s\n",
           what, median, worst, ms->len, budget, median <= budget ? "OK" : "OVER BUDGET");
}

static void
fill (CrmStore *store)
{
  g_autoptr(GPtrArray) staff = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) cars = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) customers = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;
  CrmCalendarSettings rules;
  gint64 t0 = g_get_monotonic_time ();
  guint made = 0;

  for (int i = 0; i <= N_CARS; i++)
    {
      CrmStaff *member = crm_staff_new ();
      g_autofree char *name = g_strdup_printf ("销售%02d", i);
      crm_staff_set_name (member, name);
      crm_staff_set_role (member, i == 0 ? CRM_ROLE_MANAGER : CRM_ROLE_SALES);
      g_ptr_array_add (staff, member);
    }
  if (!crm_store_setup_showroom (store, "基准展厅", staff, &error))
    g_error ("%s", error->message);

  /* Open every day 9:00–18:00; the bench books one car per rep */
  crm_staff_store_get_calendar_settings (crm_store_get_staff_store (store), &rules);

  if (!crm_store_begin (store, &error))
    g_error ("%s", error->message);
  for (int i = 0; i < N_CARS; i++)
    {
      g_autoptr(CrmVehicle) v = crm_vehicle_new ();
      g_autofree char *plate = g_strdup_printf ("粤A·B%04d", i);
      gint64 id;

      crm_vehicle_set_plate (v, plate);
      crm_vehicle_set_colour (v, "白色");
      if ((id = crm_calendar_store_insert_vehicle (crm_store_get_calendar_store (store), v, &error)) == 0)
        g_error ("%s", error->message);
      g_array_append_val (cars, id);
    }
  for (int i = 0; i < N_CUSTOMERS; i++)
    {
      g_autoptr(CrmCustomer) c = crm_customer_new ();
      g_autofree char *name = g_strdup_printf ("客户%04d", i);
      g_autofree char *phone = g_strdup_printf ("1380000%04d", i);
      const char *phones[] = { phone, NULL };
      gint64 id;

      crm_customer_set_name (c, name);
      crm_customer_set_phones (c, phones);
      if ((id = crm_customer_store_insert (crm_store_get_customer_store (store), c, &error)) == 0)
        g_error ("%s", error->message);
      g_array_append_val (customers, id);
    }

  /* 13 drives a day per car, 40 cars, day after day */
  for (int day = 0; made < N_BOOKINGS; day++)
    for (int car = 0; car < N_CARS && made < N_BOOKINGS; car++)
      for (int slot = 0; slot < 13 && made < N_BOOKINGS; slot++)
        {
          g_autoptr(CrmTestDrive) td = crm_test_drive_new ();
          gint64 start = START_DAY + (gint64) day * 86400 + 9 * 3600 + slot * SLOT;

          crm_test_drive_set_customer_id (td, g_array_index (customers, gint64, made % N_CUSTOMERS));
          crm_test_drive_set_vehicle_id (td, g_array_index (cars, gint64, car));
          crm_test_drive_set_staff_id (td, crm_staff_get_id (g_ptr_array_index (staff, car + 1)));
          crm_test_drive_set_start_at (td, start);
          crm_test_drive_set_end_at (td, start + 30 * 60);
          if (crm_calendar_store_insert (crm_store_get_calendar_store (store), td, &error) == 0)
            g_error ("booking %u: %s", made, error->message);
          made++;
        }
  if (!crm_store_commit (store, &error))
    g_error ("%s", error->message);
  g_print ("built %u bookings in %.1f s\n", made, (g_get_monotonic_time () - t0) / 1e6);
}

static int
bench_conflicts (const char *path)
{
  g_autoptr(CrmClock) clock = crm_clock_new_fixed (START_DAY);
  g_autoptr(CrmStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GRand) rand = g_rand_new_with_seed (5);
  g_autoptr(GPtrArray) any = NULL;
  g_autoptr(GListModel) cars = NULL;
  gboolean existed = g_file_test (path, G_FILE_TEST_EXISTS);
  guint refused = 0;

  store = crm_store_open (path, clock, &error);
  if (store == NULL)
    g_error ("%s", error->message);
  if (!existed)
    fill (store);

  cars = crm_calendar_store_list_vehicles (crm_store_get_calendar_store (store), TRUE);
  any = crm_calendar_store_list (crm_store_get_calendar_store (store), START_DAY, START_DAY + 86400);
  g_assert (any->len > 0);

  /* Warm up: the first checks prepare the statements and load the time
   * zone and the locale's time formats (a clash message is formatted) */
  crm_calendar_store_check (crm_store_get_calendar_store (store), g_ptr_array_index (any, 0), NULL);
  {
    g_autoptr(CrmTestDrive) copy = crm_test_drive_new ();
    CrmTestDrive *first = g_ptr_array_index (any, 0);

    crm_test_drive_set_customer_id (copy, crm_test_drive_get_customer_id (first));
    crm_test_drive_set_vehicle_id (copy, crm_test_drive_get_vehicle_id (first));
    crm_test_drive_set_staff_id (copy, crm_test_drive_get_staff_id (first));
    crm_test_drive_set_start_at (copy, crm_test_drive_get_start_at (first));
    crm_test_drive_set_end_at (copy, crm_test_drive_get_end_at (first));
    crm_calendar_store_check (crm_store_get_calendar_store (store), copy, NULL);
  }

  for (int i = 0; i < 2000; i++)
    {
      g_autoptr(CrmTestDrive) td = crm_test_drive_new ();
      CrmTestDrive *model = g_ptr_array_index (any, g_rand_int_range (rand, 0, any->len));
      g_autoptr(CrmVehicle) car = g_list_model_get_item (cars, g_rand_int_range (rand, 0, N_CARS));
      int day = g_rand_int_range (rand, 0, 250);   /* the last 58 days are free */
      gint64 start = START_DAY + (gint64) day * 86400 + 9 * 3600 + g_rand_int_range (rand, 0, 32) * 15 * 60;
      gint64 t0;

      crm_test_drive_set_customer_id (td, crm_test_drive_get_customer_id (model));
      crm_test_drive_set_staff_id (td, crm_test_drive_get_staff_id (model));
      crm_test_drive_set_vehicle_id (td, crm_vehicle_get_id (car));
      crm_test_drive_set_start_at (td, start);
      crm_test_drive_set_end_at (td, start + 30 * 60);

      t0 = g_get_monotonic_time ();
      if (crm_calendar_store_check (crm_store_get_calendar_store (store), td, NULL) != CRM_BOOKING_OK)
        refused++;
      {
        double elapsed = (g_get_monotonic_time () - t0) / 1000.0;
        g_array_append_val (ms, elapsed);
      }
    }
  g_print ("%u of %u checks refused (as expected in a full calendar)\n", refused, ms->len);
  report ("conflict check, 100,000 bookings", ms, 5);
  return 0;
}

static int
bench_draw (void)
{
  g_autoptr(GPtrArray) bookings = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GDateTime) day = g_date_time_new_from_unix_local (START_DAY);
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);
  g_autoptr(GListStore) vehicles = g_list_store_new (CRM_TYPE_VEHICLE);
  cairo_surface_t *surface;
  GtkWidget *window, *view;
  int width = 1400, height = 900;

  adw_init ();
  for (int i = 0; i < 2000; i++)
    {
      CrmTestDrive *td = crm_test_drive_new ();
      g_autofree char *name = g_strdup_printf ("客户%04d", i);
      gint64 start = START_DAY - 86400 + g_rand_int_range (rand, 0, 7) * 86400 + 9 * 3600 +
                     g_rand_int_range (rand, 0, 34) * 15 * 60;

      crm_test_drive_set_id (td, i + 1);
      crm_test_drive_set_start_at (td, start);
      crm_test_drive_set_end_at (td, start + (g_rand_boolean (rand) ? 30 : 60) * 60);
      crm_test_drive_set_status (td, g_rand_int_range (rand, 0, CRM_N_TEST_DRIVE_STATUSES));
      crm_test_drive_set_customer_name (td, name);
      crm_test_drive_set_vehicle_label (td, "粤A·D5821 · 凯美瑞");
      crm_test_drive_set_staff_name (td, "李娜");
      g_ptr_array_add (bookings, td);
    }
  /* The store hands bookings over sorted by start */
  g_ptr_array_sort (bookings, compare_start);

  window = gtk_window_new ();
  view = crm_calendar_view_new ();
  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  crm_calendar_view_set_now (CRM_CALENDAR_VIEW (view), START_DAY + 10 * 3600);
  crm_calendar_view_set_date (CRM_CALENDAR_VIEW (view), day);
  crm_calendar_view_set_vehicles (CRM_CALENDAR_VIEW (view), G_LIST_MODEL (vehicles));
  crm_calendar_view_set_bookings (CRM_CALENDAR_VIEW (view), bookings);
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (view) || gtk_widget_get_width (view) < 100)
    g_main_context_iteration (NULL, TRUE);
  for (int i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);

  width = gtk_widget_get_width (view);
  height = gtk_widget_get_height (view);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);

  for (int run = 0; run < 30; run++)
    {
      GtkSnapshot *snapshot = gtk_snapshot_new ();
      GskRenderNode *node;
      cairo_t *cr = cairo_create (surface);
      gint64 t0 = g_get_monotonic_time ();

      /* Lay out from scratch, snapshot, render the nodes to pixels */
      crm_calendar_view_layout_now (CRM_CALENDAR_VIEW (view));
      GTK_WIDGET_GET_CLASS (view)->snapshot (view, snapshot);
      node = gtk_snapshot_free_to_node (snapshot);
      if (node != NULL)
        gsk_render_node_draw (node, cr);
      cairo_surface_flush (surface);
      {
        double elapsed = (g_get_monotonic_time () - t0) / 1000.0;
        g_array_append_val (ms, elapsed);
      }
      g_clear_pointer (&node, gsk_render_node_unref);
      cairo_destroy (cr);
    }

  g_print ("week view %dx%d px\n", width, height);
  report ("week view, 2,000 bookings: layout + snapshot + draw", ms, 50);
  cairo_surface_destroy (surface);
  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "Asia/Shanghai", TRUE);
  if (argc >= 2 && g_str_equal (argv[1], "conflicts"))
    return bench_conflicts (argc >= 3 ? argv[2] : "_bench/calendar.db");
  if (argc >= 2 && g_str_equal (argv[1], "draw"))
    {
      gtk_init ();
      return bench_draw ();
    }
  g_printerr ("usage: bench-calendar conflicts [DB] | draw\n");
  return 2;
}
