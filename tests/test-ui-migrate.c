/* test-ui-migrate.c: a showroom file moved to the server through the
 * page in the app (win.move-to-server), driven as a person would
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under Xvfb in a private D-Bus session with GTK_A11Y=test, on the
 * test PostgreSQL server (suite postgresql). The real application opens
 * the demo showroom's file in its window; the page copies it to a fresh
 * database on the server, refuses one that holds a showroom, and rolls
 * back when cancelled. One case per process: each registers the
 * application, as Showroom itself does once.
 */
#include <adwaita.h>
#include <libpq-fe.h>

#include "crm-application.h"
#include "crm-connect-dialog.h"
#include "crm-demo.h"
#include "crm-test-ui.h"
#include "crm-test-util.h"
#include "crm-window.h"

#define NOW 1795665600 /* 2026-11-26 12:00 in Asia/Shanghai */

typedef struct
{
  char           *dir;
  char           *file;     /* the showroom this desktop uses */
  char           *uri;      /* a fresh database on the test server */
  CrmApplication *app;
  CrmWindow      *window;   /* the file's; NULL once it has closed */
} Fixture;

/* The demo showroom in a file, as a desktop on its own keeps it */
static void
write_demo (const char *path)
{
  g_autoptr(CrmClock) clock = crm_clock_new_fixed (NOW);
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmStore) store = crm_store_open (path, clock, &error);

  g_assert_no_error (error);
  g_assert_true (crm_demo_generate (store, 120, 480, 7, &error));
  g_assert_no_error (error);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.showroomcrm.Showroom");
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("showroom-ui-migrate-XXXXXX", &error);
  g_assert_no_error (error);
  f->file = g_build_filename (f->dir, "showroom.db", NULL);
  write_demo (f->file);
  f->uri = crm_test_pg_new_database ();

  /* No background reminders: no notification server here */
  g_settings_set_boolean (settings, "reminders-enabled", FALSE);
  g_settings_set_int64 (settings, "current-staff-id", 0);
  f->app = crm_application_new ();
  g_assert_true (g_application_register (G_APPLICATION (f->app), NULL, &error));
  g_assert_no_error (error);

  f->window = CRM_WINDOW (crm_application_open_path (f->app, f->file));
  g_assert_true (CRM_IS_WINDOW (f->window));
  g_object_add_weak_pointer (G_OBJECT (f->window), (gpointer *) &f->window);
  g_assert_cmpstr (crm_window_get_state (f->window), ==, "main");
  crm_test_ui_spin (200);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GList) windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (f->app)));

  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_destroy (l->data);
  if (f->window != NULL)
    g_object_remove_weak_pointer (G_OBJECT (f->window), (gpointer *) &f->window);
  crm_test_ui_spin (100);
  g_clear_object (&f->app);

  crm_test_pg_drop_database (f->uri);
  g_clear_pointer (&f->uri, g_free);
  crm_test_rm_rf (f->dir);
  g_clear_pointer (&f->dir, g_free);
  g_clear_pointer (&f->file, g_free);
}

/* The name of the test database, as a person types it */
static char *
database_name (Fixture *f)
{
  g_autoptr(GUri) parsed = g_uri_parse (f->uri, G_URI_FLAGS_ENCODED_QUERY, NULL);

  g_assert_nonnull (parsed);
  return g_strdup (g_uri_get_path (parsed) + 1);
}

/* The database as the first desktop to connect leaves it (the schema,
 * the rules' defaults), as a fingerprint of every row */
static char *
server_fingerprint (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmStore) store = crm_store_open (f->uri, NULL, &error);

  g_assert_no_error (error);
  g_clear_object (&store);
  return crm_test_db_fingerprint (f->uri);
}

static CrmConnectDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (CRM_IS_CONNECT_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return CRM_CONNECT_DIALOG (window);
    }
  return NULL;
}

static void
type_into (GtkWidget  *dialog,
           const char *title,
           const char *text)
{
  GtkWidget *row = crm_test_ui_find (dialog, title, FALSE);

  g_assert_true (ADW_IS_ENTRY_ROW (row));
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

static void
click (GtkWidget  *root,
       const char *label)
{
  GtkWidget *button = crm_test_ui_find (root, label, FALSE);

  g_assert_true (GTK_IS_BUTTON (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

/* Main menu → Move This Showroom to a Server…, the test server typed in,
 * and Move */
static CrmConnectDialog *
move_to_test_server (Fixture *f)
{
  g_autofree char *port = g_strdup_printf ("%d", crm_test_pg_tcp_port ());
  g_autofree char *database = database_name (f);
  CrmConnectDialog *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.move-to-server", NULL));
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Move This Showroom to a Server");
  g_assert_cmpstr (crm_connect_dialog_get_state (dialog), ==, "form");

  /* The server's socket folder stands for its host name */
  type_into (GTK_WIDGET (dialog), "Server", crm_test_pg_dir ());
  type_into (GTK_WIDGET (dialog), "Port", port);
  type_into (GTK_WIDGET (dialog), "Database", database);
  type_into (GTK_WIDGET (dialog), "User Name", "showroom");
  click (GTK_WIDGET (dialog), "_Move");
  return dialog;
}

static gboolean
dialog_settled (gpointer data)
{
  return g_strcmp0 (crm_connect_dialog_get_state (data), "busy") != 0;
}

/* The label showing @text under @root, or NULL */
static GtkWidget *
find_label (gpointer    root,
            const char *text)
{
  return crm_test_ui_find (GTK_WIDGET (root), text, TRUE);
}

static gint64
count (const char *location,
       const char *table)
{
  /* meta: the server keeps the schema's version and owner there too */
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s%s", table,
                                          g_str_equal (table, "meta")
                                            ? " WHERE key NOT IN ('schema-version', 'application')" : "");

  return crm_test_file_int (location, sql);
}

static CrmWindow *
server_window (Fixture *f)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (f->app)); l != NULL; l = l->next)
    {
      CrmContext *context;
      const char *path;

      if (!CRM_IS_WINDOW (l->data) || (context = crm_window_get_context (l->data)) == NULL)
        continue;
      path = crm_store_get_path (crm_context_get_store (context));
      if (crm_store_is_server (path))
        return l->data;
    }
  return NULL;
}

static gboolean
switched_to_server (gpointer data)
{
  Fixture *f = data;

  return f->window == NULL && server_window (f) != NULL;
}

/* The demo showroom copied into a fresh database: every table counted
 * the same on both sides and shown so, and the window then works on the
 * server's showroom instead of the file */
static void
test_move (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *file_before = crm_test_file_checksum (f->file);
  g_autofree char *names = NULL;
  g_auto(GStrv) tables = NULL;
  g_autoptr(GSettings) settings = g_settings_new ("io.github.showroomcrm.Showroom");
  g_autofree char *last = NULL;
  CrmConnectDialog *dialog;
  CrmWindow *window;
  CrmStore *store;
  gint64 total = 0;

  g_assert_cmpint (count (f->uri, "customer"), ==, 0);
  dialog = move_to_test_server (f);
  g_assert_cmpstr (crm_connect_dialog_get_state (dialog), ==, "busy");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (crm_test_ui_find_type (GTK_WIDGET (dialog),
                                                                              GTK_TYPE_PROGRESS_BAR)),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Copying the Showroom");
  crm_test_ui_wait_until (dialog_settled, dialog, 60);
  g_assert_cmpstr (crm_connect_dialog_get_state (dialog), ==, "copied");

  /* Every table of the server holds what the file does, and the page
   * shows each count */
  names = crm_test_file_rows (f->uri, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1");
  tables = g_strsplit (g_strstrip (names), "\n", -1);
  g_assert_cmpuint (g_strv_length (tables), ==, 28);
  for (guint i = 0; tables[i] != NULL; i++)
    {
      g_autofree char *all = g_strdup_printf ("SELECT count(*) FROM %s", tables[i]);
      g_autofree char *shown = g_strdup_printf ("%'" G_GINT64_FORMAT, crm_test_file_int (f->file, all));
      GtkWidget *row = crm_test_ui_find_subtitle (GTK_WIDGET (dialog), tables[i]);

      g_test_message ("%s: %s", tables[i], shown);
      g_assert_cmpint (count (f->uri, tables[i]), ==, count (f->file, tables[i]));
      g_assert_nonnull (row);
      g_assert_nonnull (find_label (row, shown));
      total += crm_test_file_int (f->file, all);
    }
  g_assert_cmpint (count (f->uri, "customer"), ==, 120);
  g_assert_nonnull (crm_test_ui_find (GTK_WIDGET (dialog), "Customers", FALSE));
  {
    /* In the locale's digits (gtk_test_init () sets en_US: 3,455) */
    g_autofree char *summary = g_strdup_printf ("%'" G_GINT64_FORMAT " rows in 28 tables were copied, and "
                                                "each table counts the same on the server as in the file. "
                                                "The file was not changed: %s", total, f->file);
    g_autofree char *file_after = crm_test_file_checksum (f->file);

    g_assert_nonnull (find_label (dialog, summary));
    g_assert_cmpstr (file_after, ==, file_before);
  }

  /* This window gives way to the server's showroom */
  click (GTK_WIDGET (dialog), "_Open the Server Showroom");
  crm_test_ui_wait_until (switched_to_server, f, 20);
  g_assert_null (find_dialog ());
  window = server_window (f);
  store = crm_context_get_store (crm_window_get_context (window));
  {
    g_autofree char *database = database_name (f);
    g_autofree char *prefix = g_strdup_printf ("postgresql://showroom@/%s?", database);
    g_autoptr(GArray) ids = crm_test_query_customer_ids (store, NULL, -1, -1, -1, CRM_CUSTOMER_SORT_NAME, FALSE);

    crm_test_assert_has_prefix (crm_store_get_path (store), prefix);
    g_assert_cmpuint (ids->len, ==, 120);
  }
  g_assert_cmpstr (crm_window_get_state (window), ==, "main");
  g_assert_nonnull (find_label (window, "This desktop now works on the showroom on the server. "
                                        "The file was kept as it was."));
  /* … and the next start opens it too */
  last = g_settings_get_string (settings, "last-database");
  g_assert_cmpstr (last, ==, crm_store_get_path (store));
  /* A showroom on a server has nothing to move */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.move-to-server", NULL);
  g_assert_null (find_dialog ());
}

static gboolean
back_to_form (gpointer data)
{
  return g_strcmp0 (crm_connect_dialog_get_state (data), "form") == 0;
}

/* The demo showroom on the server already, with a change made there */
static char *
showroom_on_server (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (crm_store_migrate_to (f->file, f->uri, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  crm_test_file_exec (f->uri, "UPDATE customer SET name = '改过' WHERE id = 1");
  return crm_test_db_fingerprint (f->uri);
}

/* A database that holds a showroom is refused, says so, and nothing
 * changes: not the server, not the file, not the window */
static void
test_refuses_non_empty (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *server_before = showroom_on_server (f);
  g_autofree char *file_before = crm_test_file_checksum (f->file);
  CrmConnectDialog *dialog = move_to_test_server (f);
  g_autofree char *database = database_name (f);
  g_autofree char *message = NULL;
  g_autofree char *after = NULL;

  crm_test_ui_wait_until (back_to_form, dialog, 30);
  message = g_strdup_printf ("The database on the server already holds a showroom (%" G_GINT64_FORMAT
                             " staff, 120 customers). Showroom copies a file only into an empty "
                             "database; nothing was changed.", count (f->file, "staff"));
  g_assert_nonnull (find_label (dialog, message));
  /* What was typed is still there, to try another database */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (crm_test_ui_find (GTK_WIDGET (dialog), "Database", FALSE))),
                   ==, database);

  after = crm_test_db_fingerprint (f->uri);
  g_assert_cmpstr (after, ==, server_before);
  g_free (after);
  after = crm_test_file_checksum (f->file);
  g_assert_cmpstr (after, ==, file_before);
  g_assert_nonnull (f->window);
  g_assert_null (server_window (f));
  g_assert_cmpstr (crm_store_get_path (crm_context_get_store (crm_window_get_context (f->window))), ==, f->file);
}

typedef struct
{
  CrmConnectDialog *dialog;
  const char       *text;
} ProgressText;

static gboolean
progress_shows (gpointer data)
{
  ProgressText *p = data;
  GtkWidget *bar = crm_test_ui_find_type (GTK_WIDGET (p->dialog), GTK_TYPE_PROGRESS_BAR);

  return g_strcmp0 (gtk_progress_bar_get_text (GTK_PROGRESS_BAR (bar)), p->text) == 0;
}

/* Cancel while the copy waits on the server (another session holds a
 * table it comes to): it stops at once, and the server's database is as
 * it was */
static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *server_before = server_fingerprint (f);
  g_autofree char *server_after = NULL;
  g_autofree char *file_before = crm_test_file_checksum (f->file);
  g_autofree char *file_after = NULL;
  ProgressText at_vehicle = { NULL, "Test-drive cars (table 24 of 28)" };
  CrmConnectDialog *dialog;
  PGconn *locker;
  PGresult *res;

  /* ROW EXCLUSIVE lets the copy empty the table but not alter it */
  locker = PQconnectdb (f->uri);
  g_assert_cmpint (PQstatus (locker), ==, CONNECTION_OK);
  res = PQexec (locker, "BEGIN; LOCK TABLE vehicle IN ROW EXCLUSIVE MODE");
  g_assert_cmpint (PQresultStatus (res), ==, PGRES_COMMAND_OK);
  PQclear (res);

  dialog = move_to_test_server (f);
  at_vehicle.dialog = dialog;
  crm_test_ui_wait_until (progress_shows, &at_vehicle, 30);
  /* The tables before it are copied (in the one transaction) and shown */
  g_assert_nonnull (crm_test_ui_find (GTK_WIDGET (dialog), "Grade history", FALSE));
  g_assert_null (crm_test_ui_find (GTK_WIDGET (dialog), "Test drives", FALSE));
  crm_test_ui_spin (300);
  g_assert_cmpstr (crm_connect_dialog_get_state (dialog), ==, "busy");

  click (GTK_WIDGET (dialog), "_Cancel");
  /* Without a cancel request to the server it would wait for the lock
   * until the store's lock_timeout (5 s) */
  crm_test_ui_wait_until (back_to_form, dialog, 3);
  g_assert_nonnull (find_label (dialog, "The copy was stopped. Nothing was copied to the server."));
  g_assert_nonnull (find_dialog ());

  PQclear (PQexec (locker, "ROLLBACK"));
  PQfinish (locker);
  server_after = crm_test_db_fingerprint (f->uri);
  g_assert_cmpstr (server_after, ==, server_before);
  g_assert_cmpint (count (f->uri, "customer"), ==, 0);
  file_after = crm_test_file_checksum (f->file);
  g_assert_cmpstr (file_after, ==, file_before);
  g_assert_nonnull (f->window);
  g_assert_null (server_window (f));
}

int
main (int   argc,
      char *argv[])
{
  static const struct
  {
    const char *path;
    void      (*func) (Fixture *, gconstpointer);
  } cases[] = {
    { "/ui/migrate/move", test_move },
    { "/ui/migrate/refuses-non-empty", test_refuses_non_empty },
    { "/ui/migrate/cancel", test_cancel },
  };

  crm_test_ui_init (&argc, &argv);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_test_add (cases[i].path, Fixture, NULL, fixture_setup, cases[i].func, fixture_teardown);
  return g_test_run ();
}
