/* bench-backup.c: the longest main-loop stall while a big showroom is
 * backed up and in use
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   ./_build/src/showroom --generate-demo /tmp/x.db --customers 100000 --activities 1000000
 *   ./_build/bench/bench-backup /tmp/x.db
 *
 * The backup (copy + full integrity check + rotation) runs as the window
 * runs it, crm_backup_run_async(); meanwhile the main loop ticks every
 * millisecond and writes to the showroom every 200 ms, as a person
 * working would. Prints the backup's time and the longest gap between
 * two ticks (the longest the window would have been frozen).
 */
#include "config.h"

#include <glib/gstdio.h>

#include "crm-backup.h"

typedef struct
{
  GMainLoop *loop;
  CrmStore  *store;
  gint64     last_tick;
  gint64     longest;
  gint64     longest_write;
  guint      writes;
  char      *path;
} Bench;

static gboolean
tick_cb (gpointer user_data)
{
  Bench *b = user_data;
  gint64 now = g_get_monotonic_time ();

  if (b->last_tick != 0)
    b->longest = MAX (b->longest, now - b->last_tick);
  b->last_tick = now;
  return G_SOURCE_CONTINUE;
}

static gboolean
write_cb (gpointer user_data)
{
  Bench *b = user_data;
  g_autofree char *value = g_strdup_printf ("%u", b->writes++);
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  if (!crm_store_set_meta (b->store, "bench-backup", value, &error))
    g_printerr ("write failed: %s\n", error->message);
  b->longest_write = MAX (b->longest_write, g_get_monotonic_time () - start);
  return G_SOURCE_CONTINUE;
}

static void
on_done_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Bench *b = user_data;
  g_autoptr(GError) error = NULL;

  b->path = crm_backup_run_finish (result, &error);
  if (b->path == NULL)
    g_printerr ("backup failed: %s\n", error->message);
  g_main_loop_quit (b->loop);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = NULL;
  Bench b = { 0 };
  gint64 start;
  GStatBuf st;

  if (argc != 2)
    {
      g_printerr ("usage: %s SHOWROOM.db\n", argv[0]);
      return 2;
    }

  b.store = crm_store_open (argv[1], NULL, &error);
  if (b.store == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  folder = g_dir_make_tmp ("bench-backup-XXXXXX", &error);
  b.loop = g_main_loop_new (NULL, FALSE);

  g_timeout_add (1, tick_cb, &b);
  g_timeout_add (200, write_cb, &b);
  start = g_get_monotonic_time ();
  crm_backup_run_async (b.store, folder, NULL, on_done_cb, &b);
  g_main_loop_run (b.loop);

  if (b.path == NULL)
    return 1;
  g_stat (b.path, &st);
  g_print ("backup: %.1f s for %.0f MB (copy + integrity check)\n",
           (g_get_monotonic_time () - start) / 1e6, st.st_size / 1e6);
  g_print ("writes during the backup: %u, the slowest %.1f ms\n", b.writes, b.longest_write / 1e3);
  g_print ("longest main-loop stall: %.1f ms\n", b.longest / 1e3);

  g_unlink (b.path);
  g_rmdir (folder);
  g_main_loop_unref (b.loop);
  g_object_unref (b.store);
  return 0;
}
