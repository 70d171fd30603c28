/* test-keyring.c: a server's password kept in the desktop keyring
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs inside a private D-Bus session (build-aux/run-tests.sh), where it
 * starts its own gnome-keyring-daemon with a fresh login keyring in a
 * temporary home, unlocked by a test password, and talks to it through
 * libsecret as Showroom does. A missing daemon fails the test. */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>

#include "crm-server-secret.h"
#include "crm-test-util.h"

typedef struct
{
  char      *home;
  GPid       daemon;
  GMainLoop *loop;
  GAsyncResult *result;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *runtime = NULL;
  g_autofree char *out = NULL;
  const char *argv[] = { "gnome-keyring-daemon", "--unlock", "--components=secrets", "--replace",
                         "--foreground", NULL };
  int in_fd = -1;

  g_assert_nonnull (g_getenv ("DBUS_SESSION_BUS_ADDRESS"));
  f->home = g_dir_make_tmp ("showroom-keyring-XXXXXX", &error);
  g_assert_no_error (error);
  runtime = g_build_filename (f->home, "run", NULL);
  g_assert_cmpint (g_mkdir (runtime, 0700), ==, 0);
  /* The keyring daemon keeps its files under the home it is given */
  g_setenv ("HOME", f->home, TRUE);
  g_unsetenv ("XDG_DATA_HOME");
  g_setenv ("XDG_RUNTIME_DIR", runtime, TRUE);

  g_assert_true (g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                                           NULL, NULL, &f->daemon, &in_fd, NULL, NULL, &error));
  g_assert_no_error (error);
  /* The login keyring's password on stdin: a new keyring, unlocked */
  g_assert_cmpint (write (in_fd, "test password", 13), ==, 13);
  close (in_fd);

  /* Ready when the Secret Service is on the bus */
  {
    g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
    gboolean owned = FALSE;

    g_assert_no_error (error);
    for (guint i = 0; i < 200 && !owned; i++)
      {
        g_autoptr(GVariant) reply =
          g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", "org.freedesktop.secrets"),
                                       G_VARIANT_TYPE ("(b)"), 0, -1, NULL, NULL);

        if (reply != NULL)
          g_variant_get (reply, "(b)", &owned);
        if (!owned)
          g_usleep (50 * 1000);
      }
    g_assert_true (owned);
  }
  f->loop = g_main_loop_new (NULL, FALSE);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->daemon > 0)
    {
      kill (f->daemon, SIGTERM);
      g_spawn_close_pid (f->daemon);
    }
  g_clear_object (&f->result);
  g_clear_pointer (&f->loop, g_main_loop_unref);
  crm_test_rm_rf (f->home);
  g_free (f->home);
}

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Fixture *f = user_data;

  g_set_object (&f->result, result);
  g_main_loop_quit (f->loop);
}

static char *
lookup (Fixture    *f,
        const char *uri)
{
  g_autoptr(GError) error = NULL;
  char *password;

  crm_server_secret_lookup (uri, NULL, done_cb, f);
  g_main_loop_run (f->loop);
  password = crm_server_secret_lookup_finish (f->result, &error);
  g_assert_no_error (error);
  return password;
}

/* Kept, found again for its address only, forgotten; and not in plain
 * text in any file under the home */
static void
test_keyring_round_trip (Fixture       *f,
                         gconstpointer  data)
{
  const char *uri = "postgresql://li.na@showroom.example:5432/tianhe?sslmode=verify-full";
  const char *other = "postgresql://wang.li@showroom.example:5432/tianhe?sslmode=verify-full";
  const char *secret = "展厅 secret 2026!";
  g_autoptr(GError) error = NULL;
  g_autofree char *found = NULL;
  g_autofree char *missing = NULL;
  g_autofree char *gone = NULL;

  crm_server_secret_store (uri, secret, NULL, done_cb, f);
  g_main_loop_run (f->loop);
  g_assert_true (crm_server_secret_store_finish (f->result, &error));
  g_assert_no_error (error);

  found = lookup (f, uri);
  g_assert_cmpstr (found, ==, secret);
  missing = lookup (f, other);
  g_assert_null (missing);

  /* The keyring's files hold it encrypted */
  {
    g_autofree char *keyrings = g_build_filename (f->home, ".local", "share", "keyrings", NULL);
    g_autoptr(GDir) dir = g_dir_open (keyrings, 0, &error);
    const char *name;
    guint n = 0;

    g_assert_no_error (error);
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *path = g_build_filename (keyrings, name, NULL);
        g_autofree char *contents = NULL;
        gsize length = 0;

        g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
        g_assert_null (g_strstr_len (contents, length, "secret 2026"));
        n++;
      }
    g_assert_cmpuint (n, >, 0);
  }

  crm_server_secret_clear (uri, NULL, done_cb, f);
  g_main_loop_run (f->loop);
  g_assert_true (crm_server_secret_clear_finish (f->result, &error));
  g_assert_no_error (error);
  gone = lookup (f, uri);
  g_assert_null (gone);
}

int
main (int   argc,
      char *argv[])
{
  crm_test_init (&argc, &argv);

  g_test_add ("/keyring/round-trip", Fixture, NULL, fixture_setup, test_keyring_round_trip, fixture_teardown);

  return g_test_run ();
}
