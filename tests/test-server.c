/* test-server.c: connecting to a showroom server, and what is said when
 * it cannot be done
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * On the test PostgreSQL server (suite postgresql): its own administrator
 * signs in without a password, every other role with one; TLS on
 * 127.0.0.1 with a certificate for "localhost" signed by the run's own
 * authority (build-aux/pg-test-server.sh). */
#include "config.h"

#include "crm-customer-list.h"
#include "crm-deal-list.h"
#include "crm-demo.h"
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
  crm_test_watch_others (s->store);
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

/* ------------------------------------------------------------------------
 * A slow network: the window never waits on it
 * ------------------------------------------------------------------------ */

/* A TCP relay to the test server that holds every chunk @delay_ms in each
 * direction: a server far away, as a showroom's branch sees its group's */
typedef struct
{
  GSocketListener *listener;
  guint16          port;
  int              delay_ms;
  GCancellable    *cancellable;
  GThread         *accepting;
} SlowRelay;

typedef struct
{
  GSocket *from;
  GSocket *to;
  int      delay_ms;
} Pump;

static gpointer
pump_thread (gpointer data)
{
  Pump *pump = data;
  char buffer[65536];
  gssize n;

  while ((n = g_socket_receive (pump->from, buffer, sizeof buffer, NULL, NULL)) > 0)
    {
      gssize sent = 0;

      g_usleep ((gulong) pump->delay_ms * 1000);
      while (sent < n)
        {
          gssize m = g_socket_send (pump->to, buffer + sent, (gsize) (n - sent), NULL, NULL);

          if (m <= 0)
            goto out;
          sent += m;
        }
    }
out:
  g_socket_shutdown (pump->to, FALSE, TRUE, NULL);
  g_object_unref (pump->from);
  g_object_unref (pump->to);
  g_free (pump);
  return NULL;
}

static void
start_pump (GSocket *from,
            GSocket *to,
            int      delay_ms)
{
  Pump *pump = g_new0 (Pump, 1);

  pump->from = g_object_ref (from);
  pump->to = g_object_ref (to);
  pump->delay_ms = delay_ms;
  g_thread_unref (g_thread_new ("relay", pump_thread, pump));
}

static gpointer
relay_thread (gpointer data)
{
  SlowRelay *relay = data;

  for (;;)
    {
      g_autoptr(GSocketConnection) in = NULL;
      g_autoptr(GSocketClient) client = NULL;
      g_autoptr(GSocketConnection) out = NULL;

      in = g_socket_listener_accept (relay->listener, NULL, relay->cancellable, NULL);
      if (in == NULL)
        return NULL;
      client = g_socket_client_new ();
      out = g_socket_client_connect_to_host (client, "127.0.0.1", (guint16) crm_test_pg_tcp_port (), NULL, NULL);
      if (out == NULL)
        continue;
      /* The connections live on in their sockets, held by the pumps */
      g_object_set_data_full (G_OBJECT (g_socket_connection_get_socket (in)), "connection",
                              g_object_ref (in), g_object_unref);
      g_object_set_data_full (G_OBJECT (g_socket_connection_get_socket (out)), "connection",
                              g_object_ref (out), g_object_unref);
      start_pump (g_socket_connection_get_socket (in), g_socket_connection_get_socket (out), relay->delay_ms);
      start_pump (g_socket_connection_get_socket (out), g_socket_connection_get_socket (in), relay->delay_ms);
    }
}

static SlowRelay *
slow_relay_start (int delay_ms)
{
  SlowRelay *relay = g_new0 (SlowRelay, 1);
  g_autoptr(GError) error = NULL;

  relay->listener = g_socket_listener_new ();
  relay->delay_ms = delay_ms;
  relay->cancellable = g_cancellable_new ();
  relay->port = g_socket_listener_add_any_inet_port (relay->listener, NULL, &error);
  g_assert_no_error (error);
  relay->accepting = g_thread_new ("relay-accept", relay_thread, relay);
  return relay;
}

/* Stops taking connections (those open end with their sockets) */
static void
slow_relay_stop (SlowRelay *relay)
{
  g_cancellable_cancel (relay->cancellable);
  g_thread_join (relay->accepting);
  g_socket_listener_close (relay->listener);
  g_object_unref (relay->listener);
  g_object_unref (relay->cancellable);
  g_free (relay);
}

/* The longest the main loop went without a turn, in ms, while @done says
 * the views are still reading */
typedef gboolean (*DoneFunc) (gpointer data);

typedef struct
{
  gint64 last;
  gint64 longest;
} Ticks;

static gboolean
tick_cb (gpointer data)
{
  Ticks *ticks = data;
  gint64 now = g_get_monotonic_time ();

  ticks->longest = MAX (ticks->longest, now - ticks->last);
  ticks->last = now;
  return G_SOURCE_CONTINUE;
}

typedef struct
{
  CrmDealList     *deals[4];
  CrmCustomerList *customers;
} Views;

static gboolean
views_done (Views *views)
{
  for (guint i = 0; i < G_N_ELEMENTS (views->deals); i++)
    if (views->deals[i] != NULL && crm_deal_list_is_reading (views->deals[i]))
      return FALSE;
  return !crm_customer_list_get_loading (views->customers) &&
         !crm_customer_list_is_reading_rows (views->customers);
}

/* Opens a board's columns and a customer list on @store and asks for a
 * screenful of rows: returns the longest the main loop waited meanwhile */
static gint64
open_views (CrmStore *store,
            gint64   *took_ms)
{
  static const CrmStage stages[] = { CRM_STAGE_NEW_LEAD, CRM_STAGE_INVITED, CRM_STAGE_TEST_DRIVE,
                                     CRM_STAGE_VISITED };
  Ticks ticks = { g_get_monotonic_time (), 0 };
  gint64 start = g_get_monotonic_time ();
  gint64 deadline = start + 120 * G_USEC_PER_SEC;
  guint source = g_timeout_add (5, tick_cb, &ticks);
  Views views = { { NULL } };
  CrmDealQuery query;

  views.customers = crm_customer_list_new (store);
  for (guint i = 0; i < G_N_ELEMENTS (stages); i++)
    {
      crm_deal_query_init (&query);
      query.stage = stages[i];
      views.deals[i] = crm_deal_list_new (store, &query);
      crm_deal_query_clear (&query);
      tick_cb (&ticks);
    }
  while (!views_done (&views) && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, TRUE);
      /* The view draws the first rows as they come */
      for (guint i = 0; i < MIN (g_list_model_get_n_items (G_LIST_MODEL (views.customers)), 30); i++)
        g_object_unref (g_list_model_get_item (G_LIST_MODEL (views.customers), i));
    }
  *took_ms = (g_get_monotonic_time () - start) / 1000;
  g_assert_true (views_done (&views));
  g_source_remove (source);

  /* What was read is whole */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (views.customers)), ==, 300);
  {
    g_autoptr(CrmCustomer) first = g_list_model_get_item (G_LIST_MODEL (views.customers), 0);
    g_assert_nonnull (crm_customer_get_name (first));
  }
  g_assert_cmpuint (crm_deal_list_get_count (views.deals[0]), >, 0);
  {
    g_autoptr(CrmDeal) card = g_list_model_get_item (G_LIST_MODEL (views.deals[0]), 0);
    g_assert_cmpint (crm_deal_get_customer_id (card), >, 0);
  }

  for (guint i = 0; i < G_N_ELEMENTS (views.deals); i++)
    g_clear_object (&views.deals[i]);
  g_clear_object (&views.customers);
  return ticks.longest / 1000;
}

/* 80 ms each way (a 160 ms round trip): the board and the customer list
 * fill from worker threads while the main loop keeps turning; read on
 * the main thread, as on a file, the same views hold it for several round
 * trips at a time (which shows the relay does slow them down) */
static void
test_server_slow_network (CrmTestShowroom *s,
                          gconstpointer    data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmStore) far = NULL;
  g_autofree char *database = NULL;
  g_autofree char *uri = NULL;
  SlowRelay *relay;
  gint64 longest, took;

  g_assert_true (crm_demo_generate (s->store, 300, 600, 42, &error));
  g_assert_no_error (error);

  relay = slow_relay_start (80);
  database = g_strdup (strstr (s->path, ":///") + 4);
  *strchr (database, '?') = '\0';
  uri = g_strdup_printf ("postgresql://showroom@127.0.0.1:%u/%s?sslmode=require", relay->port, database);
  far = crm_store_open (uri, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (crm_store_reads_in_background (far));

  longest = open_views (far, &took);
  g_test_message ("in the background: the main loop waited %" G_GINT64_FORMAT " ms at most, "
                  "the views took %" G_GINT64_FORMAT " ms", longest, took);
  g_assert_cmpint (longest, <, 150);

  crm_store_set_background_reads (far, FALSE);
  longest = open_views (far, &took);
  g_test_message ("on the main thread: the main loop waited %" G_GINT64_FORMAT " ms at most, "
                  "the views took %" G_GINT64_FORMAT " ms", longest, took);
  g_assert_cmpint (longest, >=, 300);

  g_clear_object (&far);
  slow_relay_stop (relay);
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

  g_test_add ("/server/slow-network", CrmTestShowroom, NULL, crm_test_setup_empty_store,
              test_server_slow_network, crm_test_teardown);
  g_test_add ("/server/connections-cut", CrmTestShowroom, NULL, crm_test_setup_no_store,
              test_server_connections_cut, crm_test_teardown);
  /* Only where the run lets this test restart the server (meson: alone,
   * with SHOWROOM_PG_SERVER) */
  if (g_getenv ("SHOWROOM_PG_SERVER") != NULL)
    g_test_add ("/server/restart", CrmTestShowroom, NULL, crm_test_setup_no_store, test_server_restart,
                crm_test_teardown);

  return g_test_run ();
}
