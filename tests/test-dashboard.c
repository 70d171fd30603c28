/* test-dashboard.c: the dashboard's charts, drill-down and exports under Xvfb
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Any warning or critical fails the test (they are made fatal below).
 */
#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "crm-chart.h"
#include "crm-dashboard-page.h"
#include "crm-demo.h"
#include "crm-drill-window.h"
#include "crm-test-util.h"

#define NOW 1795665600 /* 2026-11-26 12:00 in Asia/Shanghai */

typedef struct
{
  char             *dir;
  CrmStore         *store;
  CrmContext       *context;
  GtkWindow        *window;
  CrmDashboardPage *page;
} Fixture;

static gboolean
timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

static void
spin (guint ms)
{
  gboolean timed_out = FALSE;

  g_timeout_add (ms, timeout_cb, &timed_out);
  while (!timed_out)
    g_main_context_iteration (NULL, TRUE);
}

static void
wait_loaded (CrmDashboardPage *page)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (crm_dashboard_page_get_loading (page) || crm_dashboard_page_get_report (page) == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  spin (50);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmClock) clock = crm_clock_new_fixed (NOW);
  g_autoptr(GSettings) settings = g_settings_new ("io.github.showroomcrm.Showroom");
  g_autofree char *path = NULL;
  GtkWidget *scrolled;

  f->dir = g_dir_make_tmp ("showroom-dashboard-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "showroom.db", NULL);
  f->store = crm_store_open (path, clock, &error);
  g_assert_no_error (error);
  crm_demo_generate (f->store, 600, 4000, 7, &error);
  g_assert_no_error (error);
  f->context = crm_context_new (f->store, settings);

  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 1100, 900);
  f->page = g_object_new (CRM_TYPE_DASHBOARD_PAGE, NULL);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (f->page));
  gtk_window_set_child (f->window, scrolled);
  crm_dashboard_page_set_context (f->page, f->context);
  gtk_window_present (f->window);
  wait_loaded (f->page);
  spin (300);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  gtk_window_destroy (f->window);
  spin (50);
  g_clear_object (&f->context);
  g_clear_object (&f->store);
  dir = g_dir_open (f->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
}

/* How many pixels differ from the top-left one (the background) */
static guint
drawn_pixels (GdkTexture *texture)
{
  int w = gdk_texture_get_width (texture), h = gdk_texture_get_height (texture);
  g_autofree guchar *data = g_malloc ((gsize) w * h * 4);
  guint n = 0;

  gdk_texture_download (texture, data, w * 4);
  for (int i = 1; i < w * h; i++)
    if (memcmp (data + i * 4, data, 4) != 0)
      n++;
  return n;
}

static void
check_charts (Fixture *f)
{
  for (CrmChartKind kind = 0; kind < CRM_N_CHARTS; kind++)
    {
      CrmChart *chart = crm_dashboard_page_get_chart (f->page, kind);
      g_autoptr(GdkTexture) texture = crm_chart_render_texture (chart);

      g_test_message ("chart %d: %s", kind, crm_chart_get_title (chart));
      g_assert_nonnull (texture);
      g_assert_cmpint (gdk_texture_get_width (texture), >=, 280);
      /* bars, lines and labels, not an empty rectangle */
      g_assert_cmpuint (drawn_pixels (texture), >, 2000);
      g_assert_cmpuint (crm_chart_get_n_items (chart), >, 0);
      gtk_test_accessible_assert_property (chart, GTK_ACCESSIBLE_PROPERTY_LABEL, crm_chart_get_title (chart));
      gtk_test_accessible_assert_property (chart, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                           crm_chart_get_summary (chart));
      /* the table holds the same items under a header row */
      g_assert_cmpuint (crm_chart_get_table (chart)->len, ==, crm_chart_get_n_items (chart) + 1);
    }
}

static void
test_charts_render (Fixture       *f,
                    gconstpointer  data)
{
  CrmKpiReport *report = crm_dashboard_page_get_report (f->page);
  CrmChart *funnel = crm_dashboard_page_get_chart (f->page, CRM_CHART_FUNNEL);
  g_autofree char *tooltip = NULL;
  g_autofree char *leads = NULL;
  int item;

  g_assert_cmpuint (report->funnel[CRM_KPI_STEP_LEADS], >, 20);
  g_assert_cmpuint (report->orders, >, 0);
  check_charts (f);

  /* What the pointer shows over the first bar: the exact count */
  item = crm_chart_get_item_at (funnel, 100, 12 + 15);
  g_assert_cmpint (item, ==, 0);
  tooltip = crm_chart_dup_tooltip (funnel, item);
  leads = g_strdup_printf ("%u", report->funnel[CRM_KPI_STEP_LEADS]);
  crm_test_assert_contains (tooltip, leads);

  /* The same in the dark */
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  spin (100);
  check_charts (f);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  /* Table views show */
  crm_dashboard_page_show_table (f->page, CRM_CHART_FUNNEL, TRUE);
  spin (50);
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (funnel)));
  crm_dashboard_page_show_table (f->page, CRM_CHART_FUNNEL, FALSE);
  spin (50);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (funnel)));
}

static void
test_range_and_scope (Fixture       *f,
                      gconstpointer  data)
{
  CrmKpiReport *report;
  GDate from, to;
  gint64 rep_id;
  guint leads;

  crm_dashboard_page_set_range (f->page, CRM_KPI_RANGE_LAST_90_DAYS, NULL, NULL);
  g_assert_true (crm_dashboard_page_get_loading (f->page));
  wait_loaded (f->page);
  report = crm_dashboard_page_get_report (f->page);
  g_assert_cmpint (report->end - report->start, ==, 90 * 86400);
  leads = report->funnel[0];
  /* (the report, and its reps, are replaced by each refresh) */
  rep_id = ((CrmKpiRep *) g_ptr_array_index (report->reps, 0))->staff_id;
  crm_dashboard_page_set_scope (f->page, rep_id);
  wait_loaded (f->page);
  report = crm_dashboard_page_get_report (f->page);
  g_assert_cmpint (report->owner_id, ==, rep_id);
  g_assert_cmpuint (report->funnel[0], <, leads);

  g_date_clear (&from, 1);
  g_date_clear (&to, 1);
  g_date_set_dmy (&from, 1, G_DATE_NOVEMBER, 2026);
  g_date_set_dmy (&to, 15, G_DATE_NOVEMBER, 2026);
  crm_dashboard_page_set_range (f->page, CRM_KPI_RANGE_CUSTOM, &from, &to);
  wait_loaded (f->page);
  report = crm_dashboard_page_get_report (f->page);
  g_assert_cmpint (report->end - report->start, ==, 15 * 86400);
  spin (100);
  check_charts (f);
}

static void
test_drill_down (Fixture       *f,
                 gconstpointer  data)
{
  CrmKpiReport *report = crm_dashboard_page_get_report (f->page);
  GtkWindow *window;
  GListModel *model;
  g_autoptr(CrmCustomer) first = NULL;

  /* The demo gives each customer one deal: customers = deals */
  window = crm_dashboard_page_drill (f->page, CRM_CHART_FUNNEL, CRM_KPI_STEP_VISITED);
  g_assert_nonnull (window);
  model = crm_drill_window_get_model (CRM_DRILL_WINDOW (window));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, report->funnel[CRM_KPI_STEP_VISITED]);
  first = g_list_model_get_item (model, 0);
  g_assert_cmpint (crm_customer_get_id (first), >, 0);
  spin (100);
  gtk_window_destroy (window);

  window = crm_dashboard_page_drill (f->page, CRM_CHART_CHANNELS, 0);
  g_assert_nonnull (window);
  model = crm_drill_window_get_model (CRM_DRILL_WINDOW (window));
  {
    CrmChart *channels = crm_dashboard_page_get_chart (f->page, CRM_CHART_CHANNELS);
    CrmChannel channel = crm_chart_get_item_drill (channels, 0);
    g_assert_cmpuint (g_list_model_get_n_items (model), ==, report->channel_leads[channel]);
  }
  gtk_window_destroy (window);

  window = crm_dashboard_page_drill (f->page, CRM_CHART_LEADERBOARD, 0);
  g_assert_nonnull (window);
  model = crm_drill_window_get_model (CRM_DRILL_WINDOW (window));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==,
                    ((CrmKpiRep *) g_ptr_array_index (report->reps, 0))->leads);
  gtk_window_destroy (window);

  /* Time in stage has nothing behind it */
  g_assert_null (crm_dashboard_page_drill (f->page, CRM_CHART_STAGES, 0));
}

static void
test_exports (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *png = g_build_filename (f->dir, "funnel.png", NULL);
  g_autofree char *pdf = g_build_filename (f->dir, "report.pdf", NULL);
  g_autofree char *csv = g_build_filename (f->dir, "numbers.csv", NULL);
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (crm_chart_save_png (crm_dashboard_page_get_chart (f->page, CRM_CHART_FUNNEL), png, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (png, &contents, &length, &error));
  g_assert_cmpuint (length, >, 1000);
  g_assert_cmpmem (contents, 8, "\x89PNG\r\n\x1a\n", 8);
  g_clear_pointer (&contents, g_free);

  g_assert_true (crm_dashboard_page_export_pdf (f->page, pdf, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (pdf, &contents, &length, &error));
  g_assert_cmpuint (length, >, 10000);
  g_assert_cmpmem (contents, 5, "%PDF-", 5);
  g_clear_pointer (&contents, g_free);

  g_assert_true (crm_dashboard_page_export_csv (f->page, csv, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (csv, &contents, &length, &error));
  g_assert_cmpmem (contents, 3, "\xEF\xBB\xBF", 3);
  crm_test_assert_contains (contents, "\r\nConversion funnel,Leads,");

  /* To look at them: DASHBOARD_TEST_OUTPUT=DIR keeps a copy */
  if (g_getenv ("DASHBOARD_TEST_OUTPUT") != NULL)
    {
      const char *files[] = { png, pdf, csv };

      for (guint i = 0; i < G_N_ELEMENTS (files); i++)
        {
          g_autofree char *base = g_path_get_basename (files[i]);
          g_autofree char *dest = g_build_filename (g_getenv ("DASHBOARD_TEST_OUTPUT"), base, NULL);
          g_autoptr(GFile) from = g_file_new_for_path (files[i]);
          g_autoptr(GFile) to = g_file_new_for_path (dest);

          g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, NULL);
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);

#define ADD(path, func) g_test_add ((path), Fixture, NULL, fixture_setup, (func), fixture_teardown)
  ADD ("/dashboard/charts-render", test_charts_render);
  ADD ("/dashboard/range-and-scope", test_range_and_scope);
  ADD ("/dashboard/drill-down", test_drill_down);
  ADD ("/dashboard/exports", test_exports);
#undef ADD

  return g_test_run ();
}
