/* crm-debug.c: hooks for the benchmark and the README screenshots
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Driven by environment variables, so the shipped program behaves the same
 * for everyone who does not set them:
 *   SHOWROOM_BENCH=1            print "showroom-bench: first-frame <µs> …" and,
 *                               a second later, "showroom-bench: vmhwm <kB>", then quit
 *   SHOWROOM_SCREENSHOT=FILE    save the active window as PNG once the
 *                               customers are drawn, then quit
 *   SHOWROOM_OPEN_CUSTOMER=ID   open that customer's window first (for screenshots)
 *   SHOWROOM_STALLS=MS          from start-up on, print "showroom-stall: <ms>"
 *                               whenever the main loop went longer than MS
 *                               without a turn (a window that waited)
 */
#define G_LOG_DOMAIN "crm-debug"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "crm-debug.h"

static long
peak_rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmHWM:");
  return line ? strtol (line + 6, NULL, 10) : -1;
}

/**
 * crm_debug_save_window:
 *
 * Renders @window's contents (without the window manager's frame) to PNG.
 */
void
crm_debug_save_window (GtkWindow  *window,
                       const char *path)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (GTK_WIDGET (window));
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  int width = gtk_widget_get_width (GTK_WIDGET (window));
  int height = gtk_widget_get_height (GTK_WIDGET (window));
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (window));

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL || renderer == NULL)
    {
      g_warning ("Nothing to save of the window");
      return;
    }

  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (!gdk_texture_save_to_png (texture, path))
    g_warning ("Could not write %s", path);
}

static gboolean
screenshot_cb (gpointer user_data)
{
  GApplication *app = g_application_get_default ();
  GtkWindow *window = app ? gtk_application_get_active_window (GTK_APPLICATION (app)) : NULL;

  if (window != NULL)
    crm_debug_save_window (window, g_getenv ("SHOWROOM_SCREENSHOT"));
  if (app != NULL)
    g_application_quit (app);
  return G_SOURCE_REMOVE;
}

static gboolean
bench_exit_cb (gpointer user_data)
{
  GApplication *app = g_application_get_default ();

  g_print ("showroom-bench: vmhwm %ld\n", peak_rss_kb ());
  if (app != NULL)
    g_application_quit (app);
  return G_SOURCE_REMOVE;
}

static gint64 last_turn;
static int stall_limit_ms;

static gboolean
stall_tick_cb (gpointer user_data)
{
  gint64 now = g_get_monotonic_time ();
  gint64 gap_ms = (now - last_turn) / 1000;

  if (gap_ms > stall_limit_ms)
    g_printerr ("showroom-stall: %" G_GINT64_FORMAT " ms\n", gap_ms);
  last_turn = now;
  return G_SOURCE_CONTINUE;
}

/* SHOWROOM_STALLS: from now on (the application's start-up) */
void
crm_debug_watch_stalls (void)
{
  if (g_getenv ("SHOWROOM_STALLS") != NULL && stall_limit_ms == 0)
    {
      stall_limit_ms = MAX (1, atoi (g_getenv ("SHOWROOM_STALLS")));
      last_turn = g_get_monotonic_time ();
      g_timeout_add (5, stall_tick_cb, NULL);
    }
}

/**
 * crm_debug_first_frame:
 * @widget: the Customers view, just drawn with its first rows
 */
void
crm_debug_first_frame (GtkWidget *widget)
{
  const char *customer = g_getenv ("SHOWROOM_OPEN_CUSTOMER");
  GtkRoot *root = gtk_widget_get_root (widget);

  if (g_getenv ("SHOWROOM_BENCH") != NULL)
    g_timeout_add (1000, bench_exit_cb, NULL);

  /* The main window's actions; any other root has none of them */
  if (customer != NULL && GTK_IS_WINDOW (root))
    {
      GtkApplication *app = gtk_window_get_application (GTK_WINDOW (root));

      if (app != NULL &&
          gtk_widget_activate_action (GTK_WIDGET (root), "win.show-customer", "x",
                                      (gint64) g_ascii_strtoll (customer, NULL, 10)) &&
          /* SHOWROOM_CUSTOMER_ACTION=customer.grade: that window's action */
          g_getenv ("SHOWROOM_CUSTOMER_ACTION") != NULL)
        gtk_widget_activate_action (GTK_WIDGET (gtk_application_get_active_window (app)),
                                    g_getenv ("SHOWROOM_CUSTOMER_ACTION"), NULL);
    }

  /* SHOWROOM_ACTION=win.quick-capture (or win.traffic, win.public-pool,
   * win.preferences) opens that dialog; SHOWROOM_IMPORT_FILE=FILE.csv the
   * import at its mapping step, SHOWROOM_IMPORT_CHECK=1 straight on to the
   * check (a dry run) */
  if (g_getenv ("SHOWROOM_ACTION") != NULL && root != NULL)
    {
      /* SHOWROOM_ACTION_TARGET=text: for an action that takes a string
       * (win.connect-server) */
      if (g_getenv ("SHOWROOM_ACTION_TARGET") != NULL)
        gtk_widget_activate_action (GTK_WIDGET (root), g_getenv ("SHOWROOM_ACTION"), "s",
                                    g_getenv ("SHOWROOM_ACTION_TARGET"));
      else
        gtk_widget_activate_action (GTK_WIDGET (root), g_getenv ("SHOWROOM_ACTION"), NULL);
    }
  if (g_getenv ("SHOWROOM_IMPORT_FILE") != NULL && root != NULL)
    gtk_widget_activate_action (GTK_WIDGET (root), "win.import-file", "(sb)",
                                g_getenv ("SHOWROOM_IMPORT_FILE"),
                                (gboolean) (g_getenv ("SHOWROOM_IMPORT_CHECK") != NULL));

  if (g_getenv ("SHOWROOM_SCREENSHOT") != NULL)
    g_timeout_add (customer ? 1500 : 800, screenshot_cb, NULL);
}
