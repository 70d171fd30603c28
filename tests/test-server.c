/* test-server.c: connecting to a showroom server, and what is said when
 * it cannot be done
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * On the test PostgreSQL server (suite postgresql): its own administrator
 * signs in without a password, every other role with one; TLS on
 * 127.0.0.1 with a certificate for "localhost" signed by the run's own
 * authority (build-aux/pg-test-server.sh). */
#include "config.h"

#include "crm-error.h"
#include "crm-test-util.h"

static char *
tcp_uri (const char *user,
         const char *database,
         const char *host,
         const char *extra)
{
  return g_strdup_printf ("postgresql://%s@%s:%d/%s%s%s", user, host, crm_test_pg_tcp_port (), database,
                          extra ? "?" : "", extra ? extra : "");
}

static CrmStore *
open_expecting (const char *uri,
                GQuark      domain,
                int         code,
                const char *words)
{
  g_autoptr(GError) error = NULL;
  CrmStore *store = crm_store_open (uri, NULL, &error);

  if (domain == 0)
    {
      g_assert_no_error (error);
      g_assert_nonnull (store);
      return store;
    }
  g_assert_null (store);
  g_assert_error (error, domain, code);
  g_test_message ("%s: %s", uri, error->message);
  if (words != NULL)
    crm_test_assert_contains (error->message, words);
  return NULL;
}

/* A clerk's role with a password: none, a wrong one, the right one */
static void
test_server_password (CrmTestShowroom *s,
                      gconstpointer    data)
{
  g_autofree char *database = NULL;
  g_autofree char *uri = NULL;
  g_autoptr(CrmStore) store = NULL;

  crm_test_file_exec (s->path, "DO $$ BEGIN"
                               "  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'clerk') THEN"
                               "    CREATE ROLE clerk LOGIN PASSWORD 'secret 秘密';"
                               "  END IF; END $$;");
  database = g_strdup (strstr (s->path, ":///") + 4);
  *strchr (database, '?') = '\0';
  crm_test_file_exec (s->path, "GRANT ALL ON ALL TABLES IN SCHEMA public TO clerk;"
                               "GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO clerk");
  uri = tcp_uri ("clerk", database, "127.0.0.1", "sslmode=require");

  open_expecting (uri, CRM_ERROR, CRM_ERROR_AUTHENTICATION, NULL);
  crm_store_set_server_password (uri, "wrong");
  open_expecting (uri, CRM_ERROR, CRM_ERROR_AUTHENTICATION, NULL);
  crm_store_set_server_password (uri, "secret 秘密");
  store = open_expecting (uri, 0, 0, NULL);
  /* The password is in no address the store keeps */
  g_assert_null (strstr (crm_store_get_path (store), "secret"));
  g_assert_cmpint (crm_test_add_customer (store, "办事员", "13511112222", NULL), >, 0);
  g_clear_object (&store);
  crm_store_set_server_password (uri, NULL);
  open_expecting (uri, CRM_ERROR, CRM_ERROR_AUTHENTICATION, NULL);
}

/* verify-full: the server's certificate is checked against the
 * showroom's authority and the name it was made for */
static void
test_server_tls (CrmTestShowroom *s,
                 gconstpointer    data)
{
  g_autofree char *database = g_strdup (strstr (s->path, ":///") + 4);
  g_autofree char *ca = g_build_filename (crm_test_pg_dir (), "tls", "ca.crt", NULL);
  g_autofree char *other_ca = g_build_filename (crm_test_pg_dir (), "tls", "other-ca.crt", NULL);
  g_autofree char *good = NULL;
  g_autofree char *wrong_ca = NULL;
  g_autofree char *wrong_name = NULL;
  g_autofree char *extra = NULL;
  g_autoptr(CrmStore) store = NULL;

  *strchr (database, '?') = '\0';
  extra = g_strdup_printf ("sslmode=verify-full&sslrootcert=%s", ca);
  good = tcp_uri ("showroom", database, "localhost", extra);
  store = open_expecting (good, 0, 0, NULL);
  g_assert_cmpint (crm_test_add_customer (store, "加密", "13522223333", NULL), >, 0);
  g_clear_object (&store);

  g_free (extra);
  extra = g_strdup_printf ("sslmode=verify-full&sslrootcert=%s", other_ca);
  wrong_ca = tcp_uri ("showroom", database, "localhost", extra);
  open_expecting (wrong_ca, CRM_ERROR, CRM_ERROR_TLS, "TLS");

  /* The certificate names localhost, not 127.0.0.1 */
  g_free (extra);
  extra = g_strdup_printf ("sslmode=verify-full&sslrootcert=%s", ca);
  wrong_name = tcp_uri ("showroom", database, "127.0.0.1", extra);
  open_expecting (wrong_name, CRM_ERROR, CRM_ERROR_TLS, "TLS");
}

/* Nobody listens there, no such host, no such database */
static void
test_server_unreachable (CrmTestShowroom *s,
                         gconstpointer    data)
{
  g_autofree char *nobody_home = NULL;
  int port;

  /* A port that was free a moment ago */
  {
    g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, 0, NULL);
    g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
    g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
    g_autoptr(GSocketAddress) bound = NULL;

    g_assert_true (g_socket_bind (socket, any, TRUE, NULL));
    bound = g_socket_get_local_address (socket, NULL);
    port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  }
  nobody_home = g_strdup_printf ("postgresql://showroom@127.0.0.1:%d/showroom?connect_timeout=5", port);
  open_expecting (nobody_home, CRM_ERROR, CRM_ERROR_OFFLINE, "refused");
  open_expecting ("postgresql://showroom@no-such-host.invalid/showroom?connect_timeout=5",
                  CRM_ERROR, CRM_ERROR_OFFLINE, NULL);
  {
    g_autofree char *missing = crm_test_pg_uri ("no_such_showroom");

    open_expecting (missing, CRM_ERROR, CRM_ERROR_NOT_FOUND, "no_such_showroom");
  }
}

/* A database of a newer Showroom, or of another program: refused, and
 * nothing in it written */
static void
test_server_refuses (CrmTestShowroom *s,
                     gconstpointer    data)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *other = NULL;

  crm_test_file_exec (s->path, "UPDATE meta SET value = '99' WHERE key = 'schema-version'");
  before = crm_test_db_fingerprint (s->path);
  open_expecting (s->path, CRM_ERROR, CRM_ERROR_TOO_NEW, "99");
  after = crm_test_db_fingerprint (s->path);
  g_assert_cmpstr (after, ==, before);

  other = crm_test_pg_new_database ();
  crm_test_file_exec (other, "DROP TABLE meta CASCADE");
  open_expecting (other, CRM_ERROR, CRM_ERROR_NOT_A_DATABASE, NULL);
  crm_test_pg_drop_database (other);
}

static void
on_online_cb (CrmStore   *store,
              GParamSpec *pspec,
              GArray     *seen)
{
  gboolean online = crm_store_is_online (store);

  g_array_append_val (seen, online);
}

static void
on_changed_cb (CrmStore  *store,
               CrmEntity  entity,
               gint64     id,
               gpointer   user_data)
{
  (*(guint *) user_data)++;
}

static void
wait_until (gboolean (*done) (gpointer), gpointer data, guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (!done (data) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE) || (g_usleep (5000), TRUE);
}

static gboolean
is_offline (gpointer store)
{
  return !crm_store_is_online (store);
}

static gboolean
is_online (gpointer store)
{
  return crm_store_is_online (store);
}

static gboolean
heard_something (gpointer count)
{
  return *(guint *) count > 0;
}

/* The connection breaks (the server restarted, or its connections were
 * cut): the store says it is offline and refuses to save, connects again
 * by itself, says so, and hears other desktops' changes again */
static void
lose_and_recover (CrmTestShowroom *s,
                  void           (*cut) (CrmTestShowroom *s))
{
  g_autoptr(GArray) seen = g_array_new (FALSE, FALSE, sizeof (gboolean));
  g_autoptr(CrmClock) clock = crm_clock_new_fixed (crm_test_now ());
  g_autoptr(CrmStore) other = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmCustomer) customer = NULL;
  guint heard = 0;
  gint64 start;

  crm_test_showroom_open_store (s);
  crm_store_watch_others (s->store);
  g_signal_connect (s->store, "notify::online", G_CALLBACK (on_online_cb), seen);
  g_assert_true (crm_store_is_online (s->store));
  g_assert_cmpint (crm_test_add_customer (s->store, "断线前", "13600000001", NULL), >, 0);

  cut (s);
  wait_until (is_offline, s->store, 5000);
  g_assert_false (crm_store_is_online (s->store));

  /* Nothing saved while offline, and the reason says so (the reconnection
   * may already be done: then the save goes through) */
  customer = crm_test_customer_new ("断线中", "13600000002", NULL);
  if (crm_customer_store_insert (crm_store_get_customer_store (s->store), customer, &error) == 0)
    g_assert_error (error, CRM_ERROR, CRM_ERROR_OFFLINE);
  g_clear_error (&error);

  start = g_get_monotonic_time ();
  wait_until (is_online, s->store, 10000);
  g_assert_true (crm_store_is_online (s->store));
  g_test_message ("online again after %.0f ms", (g_get_monotonic_time () - start) / 1000.0);
  g_assert_cmpuint (seen->len, >=, 2);
  g_assert_false (g_array_index (seen, gboolean, 0));
  g_assert_true (g_array_index (seen, gboolean, seen->len - 1));

  /* Saves again, and hears another desktop again */
  g_assert_cmpint (crm_test_add_customer (s->store, "重连后", "13600000003", NULL), >, 0);
  other = crm_store_open (s->path, clock, &error);
  g_assert_no_error (error);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_signal_connect (s->store, "changed", G_CALLBACK (on_changed_cb), &heard);
  crm_test_add_customer (other, "另一台", "13600000004", NULL);
  wait_until (heard_something, &heard, 3000);
  g_assert_cmpuint (heard, >, 0);
  g_signal_handlers_disconnect_by_func (s->store, on_changed_cb, &heard);
  g_signal_handlers_disconnect_by_func (s->store, on_online_cb, seen);
}

static void
cut_connections (CrmTestShowroom *s)
{
  g_autofree char *database = g_strdup (strstr (s->path, ":///") + 4);
  g_autofree char *admin = crm_test_pg_uri ("postgres");
  g_autofree char *sql = NULL;

  *strchr (database, '?') = '\0';
  sql = g_strdup_printf ("SELECT pg_terminate_backend (pid) FROM pg_stat_activity WHERE datname = '%s'"
                         " AND pid <> pg_backend_pid ()", database);
  crm_test_file_exec (admin, sql);
}

static void
restart_server (CrmTestShowroom *s)
{
  g_autoptr(GError) error = NULL;
  int status = 0;
  const char *argv[] = { "/bin/sh", g_getenv ("SHOWROOM_PG_SERVER"), "restart", g_getenv ("SHOWROOM_TEST_PG"),
                         NULL };

  g_assert_nonnull (argv[1]);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, 0, NULL, NULL, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

static void
test_server_connections_cut (CrmTestShowroom *s,
                             gconstpointer    data)
{
  lose_and_recover (s, cut_connections);
}

/* Alone in its run (meson: is_parallel false): the whole server goes */
static void
test_server_restart (CrmTestShowroom *s,
                     gconstpointer    data)
{
  lose_and_recover (s, restart_server);
}

int
main (int   argc,
      char *argv[])
{
  crm_test_init (&argc, &argv);

  g_test_add ("/server/password", CrmTestShowroom, NULL, crm_test_setup_no_store, test_server_password,
              crm_test_teardown);
  g_test_add ("/server/tls", CrmTestShowroom, NULL, crm_test_setup_no_store, test_server_tls,
              crm_test_teardown);
  g_test_add ("/server/unreachable", CrmTestShowroom, NULL, crm_test_setup_no_store, test_server_unreachable,
              crm_test_teardown);
  g_test_add ("/server/refuses", CrmTestShowroom, NULL, crm_test_setup_no_store, test_server_refuses,
              crm_test_teardown);

  g_test_add ("/server/connections-cut", CrmTestShowroom, NULL, crm_test_setup_no_store,
              test_server_connections_cut, crm_test_teardown);
  /* Only where the run lets this test restart the server (meson: alone,
   * with SHOWROOM_PG_SERVER) */
  if (g_getenv ("SHOWROOM_PG_SERVER") != NULL)
    g_test_add ("/server/restart", CrmTestShowroom, NULL, crm_test_setup_no_store, test_server_restart,
                crm_test_teardown);

  return g_test_run ();
}
