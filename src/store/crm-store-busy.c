/* crm-store-busy.c: a long write announced to every other desktop
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A big import is prepared aside and published in one write transaction
 * (crm-store-staging.c): on a file that holds the write lock a few
 * seconds, on a server tens of seconds for 100,000 rows. Every other
 * desktop's save waits meanwhile rather than fail; so that the wait is
 * never a mystery, the publisher says so first and every desktop shows
 * it ("busy-elsewhere") until it is done:
 *
 *   on a file, a small file beside the database ("…-busy": the host, the
 *   process and when), followed by the file monitor that already follows
 *   the database; one whose process is gone, or older than ten minutes,
 *   is ignored;
 *   on a server, "busy:1:host" and "busy:0:host" on the showroom's
 *   NOTIFY channel, sent outside the transaction so they arrive at once;
 *   a start never followed by an end (the publisher lost) is forgotten
 *   after ten minutes.
 */
#define G_LOG_DOMAIN "crm-store"

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>

#include <glib/gstdio.h>

#include "crm-db-pg.h"
#include "crm-store.h"
#include "crm-store-private.h"

#define STALE_SECONDS (10 * 60)

static char *
busy_path (CrmStore *self)
{
  return g_strconcat (self->path, "-busy", NULL);
}

/**
 * crm_store_announce_busy:
 * @busy: whether a long write starts (%TRUE) or is over
 *
 * Tells every other desktop that a long write holds the showroom's write
 * lock, or no longer does. Best effort: a write goes ahead unannounced
 * when the announcement cannot be made.
 */
void
crm_store_announce_busy (CrmStore *self,
                         gboolean  busy)
{
  g_autoptr(GError) error = NULL;
  const char *host = g_get_host_name ();

  g_return_if_fail (CRM_IS_STORE (self));

  if (CRM_IS_DB_PG (self->db))
    {
      g_autofree char *sql = NULL;
      g_autofree char *quoted = NULL;
      GString *literal = g_string_new ("'");

      /* The host name as an SQL literal */
      for (const char *p = host; *p != '\0'; p++)
        {
          if (*p == '\'')
            g_string_append_c (literal, '\'');
          g_string_append_c (literal, *p);
        }
      g_string_append_c (literal, '\'');
      quoted = g_string_free (literal, FALSE);
      sql = g_strdup_printf ("SELECT pg_notify ('showroom', 'busy:%d:' || %s)", busy ? 1 : 0, quoted);
      if (!crm_db_exec (self->db, sql, &error))
        g_message ("Could not tell the other desktops about a long write: %s", error->message);
      return;
    }

  {
    g_autofree char *path = busy_path (self);

    if (busy)
      {
        g_autofree char *contents = g_strdup_printf ("%s\n%d\n%" G_GINT64_FORMAT "\n", host, (int) getpid (),
                                                     g_get_real_time () / G_USEC_PER_SEC);

        if (!g_file_set_contents (path, contents, -1, &error))
          g_message ("Could not tell the other programs about a long write: %s", error->message);
      }
    else if (g_unlink (path) != 0 && errno != ENOENT)
      g_message ("Could not remove %s: %s", path, g_strerror (errno));
  }
}

/* The host named in the file beside the database, when its write is
 * still under way */
char *
crm_store_read_busy_file (CrmStore *self)
{
  g_autofree char *path = busy_path (self);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  gint64 since;
  int pid;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return NULL;
  lines = g_strsplit (contents, "\n", 4);
  if (g_strv_length (lines) < 3)
    return NULL;
  pid = (int) g_ascii_strtoll (lines[1], NULL, 10);
  since = g_ascii_strtoll (lines[2], NULL, 10);
  if (g_get_real_time () / G_USEC_PER_SEC - since > STALE_SECONDS)
    return NULL;
  /* A process of this host that is gone left it behind */
  if (g_strcmp0 (lines[0], g_get_host_name ()) == 0 && pid > 0 && kill (pid, 0) != 0 && errno == ESRCH)
    return NULL;
  return g_strdup (lines[0]);
}

/* Ten minutes after a start heard of, whatever became of it */
static gboolean
forget_busy_cb (gpointer user_data)
{
  CrmStore *self = user_data;

  self->busy_source = 0;
  crm_store_set_busy_elsewhere (self, NULL);
  return G_SOURCE_REMOVE;
}

/* "busy:1:host" or "busy:0:host", heard on the server's channel */
void
crm_store_hear_busy (CrmStore   *self,
                     const char *payload)
{
  gboolean busy;
  const char *host;

  if (!g_str_has_prefix (payload, "busy:") || strlen (payload) < 7)
    return;
  busy = payload[5] == '1';
  host = payload + 7;
  g_clear_handle_id (&self->busy_source, g_source_remove);
  if (busy)
    self->busy_source = g_timeout_add_seconds (STALE_SECONDS, forget_busy_cb, self);
  crm_store_set_busy_elsewhere (self, busy ? host : NULL);
}

/**
 * crm_store_get_busy_elsewhere:
 *
 * Returns: (nullable): the host whose long write holds the showroom's
 *   write lock (saves wait until it is over), or %NULL
 */
const char *
crm_store_get_busy_elsewhere (CrmStore *self)
{
  g_return_val_if_fail (CRM_IS_STORE (self), NULL);
  return self->busy_elsewhere;
}
