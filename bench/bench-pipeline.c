/* bench-pipeline.c: the board on a big showroom
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   bench-pipeline DATABASE [MOVES]      (under Xvfb, GSK_RENDERER=cairo)
 *
 * Opens the main window on the Customers view and lets it settle, then
 * measures: the time to build and show a Pipeline board (all its column
 * queries, its cards and its first frame), the memory that board holds
 * (resident memory after minus before), and for MOVES moves the time until
 * the move shows in both columns (the model update) and until the frame
 * that draws it.
 */
#include <adwaita.h>
#include <stdlib.h>
#include <string.h>

#include "crm-pipeline-page.h"
#include "crm-window.h"

static gboolean painted;

static void
on_after_paint_cb (GdkFrameClock *clock,
                   gpointer       user_data)
{
  painted = TRUE;
}

static void
wait_for_frame (GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);

  painted = FALSE;
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint_cb), NULL);
  gtk_widget_queue_draw (widget);
  while (!painted)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handlers_disconnect_by_func (clock, on_after_paint_cb, NULL);
}

static gboolean
stop_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
settle (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, stop_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static long
rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmRSS:");
  return line ? strtol (line + 6, NULL, 10) : -1;
}

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

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmStore) store = NULL;
  g_autoptr(CrmContext) context = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GArray) model_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) frame_ms = g_array_new (FALSE, FALSE, sizeof (double));
  CrmWindow *window;
  CrmPipelinePage *board;
  GtkWidget *board_window;
  CrmDealList *leads;
  long before, after;
  gint64 t0, built;
  guint open_deals = 0;
  /* An even number: every move is undone, so the file ends as it began
   * (bar the stage history, which keeps every move) */
  int moves = argc > 2 ? atoi (argv[2]) : 40;

  if (argc < 2 || moves < 2)
    {
      g_printerr ("usage: bench-pipeline DATABASE [MOVES ≥ 2]\n");
      return 2;
    }
  moves += moves % 2;

  gtk_init ();
  adw_init ();

  store = crm_store_open (argv[1], NULL, &error);
  if (store == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  settings = g_settings_new ("io.github.showroomcrm.Showroom");
  context = crm_context_new (store, settings);

  g_setenv ("SHOWROOM_VIEW", "customers", TRUE);
  window = crm_window_new (NULL, context);
  gtk_window_set_default_size (GTK_WINDOW (window), 1366, 768);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_frame (GTK_WIDGET (window));
  settle (2000);

  /* A board of its own, built from nothing and shown in a window that is
   * already on screen, as the view appears in the main window */
  board_window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (board_window), 1366, 768);
  gtk_window_set_child (GTK_WINDOW (board_window), gtk_label_new (""));
  gtk_window_present (GTK_WINDOW (board_window));
  wait_for_frame (board_window);
  settle (300);
  before = rss_kb ();

  t0 = g_get_monotonic_time ();
  board = g_object_new (CRM_TYPE_PIPELINE_PAGE, NULL);
  crm_pipeline_page_set_context (board, context);
  built = g_get_monotonic_time ();
  gtk_window_set_child (GTK_WINDOW (board_window), GTK_WIDGET (board));
  wait_for_frame (board_window);
  g_print ("show the Pipeline board: %.1f ms (of which the column queries and widgets %.1f ms)\n",
           (g_get_monotonic_time () - t0) / 1000.0, (built - t0) / 1000.0);

  for (int s = CRM_STAGE_NEW_LEAD; s <= CRM_STAGE_ORDERED; s++)
    open_deals += crm_deal_list_get_count (crm_pipeline_page_get_list (board, s));
  g_print ("open deals on the board: %u\n", open_deals);

  settle (500);
  after = rss_kb ();
  g_print ("memory held by the board: %.1f MB (resident %.1f MB → %.1f MB)\n",
           (after - before) / 1024.0, before / 1024.0, after / 1024.0);

  /* Moves New lead → Invited and back (Undo), each drawn. First as a person
   * makes them: on a board at rest, whose frame clock has been idle since
   * the last frame (a click or key press comes at any moment, and GTK draws
   * the next frame at once when none was drawn in the last refresh period).
   * Then back to back, each move right after the frame of the one before:
   * that frame waits for the rest of the 60 Hz refresh period. */
  leads = crm_pipeline_page_get_list (board, CRM_STAGE_NEW_LEAD);
  for (int pass = 0; pass < 2; pass++)
    {
      g_array_set_size (model_ms, 0);
      g_array_set_size (frame_ms, 0);
      for (int i = 0; i < moves; i++)
        {
          g_autoptr(CrmDeal) deal = g_list_model_get_item (G_LIST_MODEL (leads), 0);
          double ms;

          if (pass == 0)
            settle (400);
          t0 = g_get_monotonic_time ();
          if (i % 2 == 0)
            {
              if (!crm_pipeline_page_move (board, crm_deal_get_id (deal), CRM_STAGE_INVITED))
                g_error ("move refused: %s", crm_pipeline_page_get_message (board));
            }
          else
            crm_pipeline_page_undo (board);
          ms = (g_get_monotonic_time () - t0) / 1000.0;
          g_array_append_val (model_ms, ms);
          wait_for_frame (board_window);
          ms = (g_get_monotonic_time () - t0) / 1000.0;
          g_array_append_val (frame_ms, ms);
        }
      double model_median = median (model_ms);
      double frame_median = median (frame_ms);   /* sorts frame_ms */
      /* the smallest value at or above 90 % of the moves */
      double frame_p90 = g_array_index (frame_ms, double, (frame_ms->len * 9 + 9) / 10 - 1);

      g_print ("move shown in both columns, %s (%d moves): median %.2f ms in the models, "
               "%.1f ms to the drawn frame (90th percentile %.1f ms)\n",
               pass == 0 ? "on a board at rest" : "back to back", moves,
               model_median, frame_median, frame_p90);
    }

  gtk_window_destroy (GTK_WINDOW (board_window));
  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
