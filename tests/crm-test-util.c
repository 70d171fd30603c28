/* crm-test-util.c: one showroom fixture for every core test
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <libpq-fe.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "crm-model-enum-types.h"
#include "crm-store-enum-types.h"
#include "crm-error.h"
#include "crm-test-util.h"

/* ------------------------------------------------------------------------
 * Time
 * ------------------------------------------------------------------------ */

/* Local time in Guangzhou, whatever the desktop's zone */
gint64
crm_test_local_unix (int year,
                     int month,
                     int day,
                     int hour,
                     int minute)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Asia/Shanghai");
  g_autoptr(GDateTime) dt = NULL;

  g_assert_nonnull (tz);
  dt = g_date_time_new (tz, year, month, day, hour, minute, 0);
  g_assert_nonnull (dt);
  return g_date_time_to_unix (dt);
}

/* Tuesday 24 November 2026, 10:00 in Guangzhou: the clock of the fixtures
 * of crm_test_setup_* () */
gint64
crm_test_now (void)
{
  return crm_test_local_unix (2026, 11, 24, 10, 0);
}

/* ------------------------------------------------------------------------
 * Files and raw SQLite
 * ------------------------------------------------------------------------ */

void
crm_test_rm_rf (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr(GDir) dir = NULL;
      const char *name;

      g_chmod (path, 0700);
      dir = g_dir_open (path, 0, NULL);
      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          crm_test_rm_rf (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

char *
crm_test_file_checksum (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return g_strdup ("<missing>");
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

sqlite3 *
crm_test_raw_open (const char *path)
{
  sqlite3 *db = NULL;
  int rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);

  if (rc != SQLITE_OK)
    g_error ("Cannot open %s: %s", path, sqlite3_errstr (rc));
  sqlite3_busy_timeout (db, 5000);
  return db;
}

void
crm_test_raw_exec (sqlite3    *db,
                   const char *sql)
{
  char *message = NULL;
  int rc = sqlite3_exec (db, sql, NULL, NULL, &message);

  if (rc != SQLITE_OK)
    g_error ("“%s” failed: %s", sql, message ? message : sqlite3_errstr (rc));
}

gint64
crm_test_raw_int (sqlite3    *db,
                  const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;
  int rc;

  rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    g_error ("“%s” failed: %s", sql, sqlite3_errmsg (db));
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    g_error ("“%s” returned no row: %s", sql, sqlite3_errmsg (db));
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

/* All rows of a query, columns joined by '|', rows by '\n' */
char *
crm_test_raw_rows (sqlite3    *db,
                   const char *sql)
{
  g_autoptr(GString) out = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    g_error ("“%s” failed: %s", sql, sqlite3_errmsg (db));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      for (int i = 0; i < sqlite3_column_count (stmt); i++)
        {
          const char *text = (const char *) sqlite3_column_text (stmt, i);

          if (i > 0)
            g_string_append_c (out, '|');
          g_string_append (out, text ? text : "NULL");
        }
      g_string_append_c (out, '\n');
    }
  g_assert_cmpint (rc, ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* ------------------------------------------------------------------------
 * The PostgreSQL backend
 * ------------------------------------------------------------------------ */

gboolean
crm_test_backend_is_postgresql (void)
{
  return g_strcmp0 (g_getenv ("SHOWROOM_TEST_BACKEND"), "postgresql") == 0;
}

gboolean
crm_test_skip_unless_sqlite (const char *why)
{
  if (!crm_test_backend_is_postgresql ())
    return FALSE;
  g_test_skip (why);
  return TRUE;
}

/* The server's socket folder, from the state file build-aux/pg-test-server.sh
 * wrote; a run on PostgreSQL without a server fails, never skips */
static const char *
pg_socket_dir (void)
{
  static char *dir;

  if (dir == NULL)
    {
      const char *state = g_getenv ("SHOWROOM_TEST_PG");
      g_autofree char *contents = NULL;

      if (state == NULL || !g_file_get_contents (state, &contents, NULL, NULL))
        g_error ("No test PostgreSQL server: SHOWROOM_TEST_PG names no state file (%s). "
                 "Start one with build-aux/pg-test-server.sh start STATE.", state ? state : "unset");
      if (strchr (contents, '\n') != NULL)
        *strchr (contents, '\n') = '\0';
      dir = g_strdup (g_strstrip (contents));
    }
  return dir;
}

/* The folder of the server's socket and certificates (tls/ca.crt) */
const char *
crm_test_pg_dir (void)
{
  return pg_socket_dir ();
}

/* The server's TCP port on 127.0.0.1 (TLS) */
int
crm_test_pg_tcp_port (void)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_true (g_file_get_contents (g_getenv ("SHOWROOM_TEST_PG"), &contents, NULL, NULL));
  lines = g_strsplit (contents, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), >=, 2);
  return (int) g_ascii_strtoll (lines[1], NULL, 10);
}

char *
crm_test_pg_uri (const char *database)
{
  g_autofree char *host = g_uri_escape_string (pg_socket_dir (), NULL, FALSE);

  return g_strdup_printf ("postgresql:///%s?host=%s&port=%d&user=showroom", database, host,
                          crm_test_pg_tcp_port ());
}

static PGconn *
pg_connect (const char *database)
{
  g_autofree char *uri = crm_test_pg_uri (database);
  PGconn *conn = PQconnectdb (uri);

  if (PQstatus (conn) != CONNECTION_OK)
    g_error ("The test PostgreSQL server does not answer (%s): %s", uri, PQerrorMessage (conn));
  return conn;
}

static PGresult *
pg_exec (PGconn     *conn,
         const char *sql)
{
  PGresult *res = PQexec (conn, sql);

  if (PQresultStatus (res) != PGRES_COMMAND_OK && PQresultStatus (res) != PGRES_TUPLES_OK)
    g_error ("“%s” failed: %s", sql, PQresultErrorMessage (res));
  return res;
}

static char *
pg_database_name (const char *uri)
{
  const char *start = uri + strlen ("postgresql:///");
  const char *end = strchr (start, '?');

  return g_strndup (start, end ? (gsize) (end - start) : strlen (start));
}

/* A database of its own for one test, copied from a template at the
 * current schema version. The template is made once per server and
 * version, by whichever test comes first (under an advisory lock). */
char *
crm_test_pg_new_database (void)
{
  static guint counter;
  g_autofree char *template = g_strdup_printf ("showroom_template_v%d", CRM_STORE_SCHEMA_VERSION);
  g_autofree char *name = g_strdup_printf ("test_%d_%u", (int) getpid (), ++counter);
  g_autofree char *sql = NULL;
  PGconn *conn = pg_connect ("postgres");

  PQclear (pg_exec (conn, "SELECT pg_advisory_lock (7161)"));
  sql = g_strdup_printf ("SELECT 1 FROM pg_database WHERE datname = '%s'", template);
  {
    PGresult *res = pg_exec (conn, sql);
    gboolean exists = PQntuples (res) == 1;

    PQclear (res);
    if (!exists)
      {
        g_autofree char *build = g_strdup_printf ("showroom_template_build_%d", (int) getpid ());
        g_autofree char *build_uri = crm_test_pg_uri (build);
        g_autoptr(GError) error = NULL;
        CrmStore *store;

        g_free (sql);
        sql = g_strdup_printf ("DROP DATABASE IF EXISTS %s; ", build);
        PQclear (pg_exec (conn, sql));
        g_free (sql);
        sql = g_strdup_printf ("CREATE DATABASE %s", build);
        PQclear (pg_exec (conn, sql));
        store = crm_store_open (build_uri, NULL, &error);
        g_assert_no_error (error);
        g_object_unref (store);
        g_free (sql);
        sql = g_strdup_printf ("ALTER DATABASE %s RENAME TO %s", build, template);
        PQclear (pg_exec (conn, sql));
        g_free (sql);
        sql = g_strdup_printf ("ALTER DATABASE %s IS_TEMPLATE true", template);
        PQclear (pg_exec (conn, sql));
      }
  }
  PQclear (pg_exec (conn, "SELECT pg_advisory_unlock (7161)"));

  g_free (sql);
  sql = g_strdup_printf ("CREATE DATABASE %s TEMPLATE %s", name, template);
  PQclear (pg_exec (conn, sql));
  PQfinish (conn);
  return crm_test_pg_uri (name);
}

/* A database with nothing in it, for a test that builds an old schema */
char *
crm_test_pg_new_empty_database (void)
{
  static guint counter;
  g_autofree char *name = g_strdup_printf ("test_empty_%d_%u", (int) getpid (), ++counter);
  g_autofree char *sql = g_strdup_printf ("CREATE DATABASE %s", name);
  PGconn *conn = pg_connect ("postgres");

  PQclear (pg_exec (conn, sql));
  PQfinish (conn);
  return crm_test_pg_uri (name);
}

void
crm_test_pg_drop_database (const char *uri)
{
  g_autofree char *name = pg_database_name (uri);
  g_autofree char *sql = g_strdup_printf ("DROP DATABASE IF EXISTS %s WITH (FORCE)", name);
  PGconn *conn = pg_connect ("postgres");

  PQclear (pg_exec (conn, sql));
  PQfinish (conn);
}

/* All rows, as crm_test_raw_rows () gives them (t/f as 1/0) */
static char *
pg_rows (const char *uri,
         const char *sql)
{
  g_autofree char *name = pg_database_name (uri);
  g_autoptr(GString) out = g_string_new (NULL);
  PGconn *conn = pg_connect (name);
  PGresult *res = pg_exec (conn, sql);

  for (int row = 0; row < PQntuples (res); row++)
    {
      for (int i = 0; i < PQnfields (res); i++)
        {
          const char *text = PQgetisnull (res, row, i) ? "NULL" : PQgetvalue (res, row, i);

          if (PQftype (res, i) == 16 /* bool */)
            text = g_str_equal (text, "t") ? "1" : g_str_equal (text, "f") ? "0" : text;
          if (i > 0)
            g_string_append_c (out, '|');
          g_string_append (out, text);
        }
      g_string_append_c (out, '\n');
    }
  PQclear (res);
  PQfinish (conn);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Runs @sql (statements in the engine's own words) on the file or the
 * test server's database, behind the store's back */
void
crm_test_file_exec (const char *path,
                    const char *sql)
{
  if (g_str_has_prefix (path, "postgresql:"))
    {
      g_autofree char *name = pg_database_name (path);
      PGconn *conn = pg_connect (name);

      PQclear (pg_exec (conn, sql));
      PQfinish (conn);
    }
  else
    {
      sqlite3 *db = crm_test_raw_open (path);

      crm_test_raw_exec (db, sql);
      sqlite3_close (db);
    }
}

/* As crm_test_file_exec (), for a statement the database may refuse:
 * %FALSE with the engine's message then */
gboolean
crm_test_file_try_exec (const char  *path,
                        const char  *sql,
                        char       **message)
{
  gboolean ok;

  if (g_str_has_prefix (path, "postgresql:"))
    {
      g_autofree char *name = pg_database_name (path);
      PGconn *conn = pg_connect (name);
      PGresult *res = PQexec (conn, sql);

      ok = PQresultStatus (res) == PGRES_COMMAND_OK || PQresultStatus (res) == PGRES_TUPLES_OK;
      if (!ok && message != NULL)
        *message = g_strdup (PQresultErrorMessage (res));
      PQclear (res);
      PQfinish (conn);
    }
  else
    {
      sqlite3 *db = crm_test_raw_open (path);
      char *error = NULL;

      ok = sqlite3_exec (db, sql, NULL, NULL, &error) == SQLITE_OK;
      if (!ok && message != NULL)
        *message = g_strdup (error);
      sqlite3_free (error);
      sqlite3_close (db);
    }
  return ok;
}

gint64
crm_test_file_int (const char *path,
                   const char *sql)
{
  sqlite3 *db;

  if (g_str_has_prefix (path, "postgresql:"))
    {
      g_autofree char *rows = pg_rows (path, sql);

      g_assert_true (*rows != '\0');
      return g_ascii_strtoll (rows, NULL, 10);
    }

  db = crm_test_raw_open (path);
  {
    gint64 value = crm_test_raw_int (db, sql);

    sqlite3_close (db);
    return value;
  }
}

char *
crm_test_file_rows (const char *path,
                    const char *sql)
{
  sqlite3 *db;

  if (g_str_has_prefix (path, "postgresql:"))
    return pg_rows (path, sql);
  db = crm_test_raw_open (path);
  char *rows = crm_test_raw_rows (db, sql);

  sqlite3_close (db);
  return rows;
}

/* Moves everything committed from the WAL into the database file, so the
 * file's checksum says whether anything was committed since. */
char *
crm_test_db_fingerprint (const char *path)
{
  sqlite3 *db;
  sqlite3_stmt *stmt = NULL;

  /* On a server: every row of every table, in a fixed order */
  if (g_str_has_prefix (path, "postgresql:"))
    {
      g_autofree char *tables = pg_rows (path, "SELECT tablename FROM pg_tables"
                                               " WHERE schemaname = 'public' ORDER BY tablename");
      g_auto(GStrv) names = g_strsplit (tables, "\n", -1);
      g_autoptr(GString) all = g_string_new (NULL);

      for (guint i = 0; names[i] != NULL && *names[i] != '\0'; i++)
        {
          g_autofree char *sql = g_strdup_printf ("SELECT '%s', count(*), md5(coalesce(string_agg(t::text, ','"
                                                  " ORDER BY t::text), '')) FROM %s t", names[i], names[i]);
          g_autofree char *rows = pg_rows (path, sql);

          g_string_append (all, rows);
        }
      return g_compute_checksum_for_string (G_CHECKSUM_SHA256, all->str, all->len);
    }

  db = crm_test_raw_open (path);

  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA wal_checkpoint(TRUNCATE)", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  /* busy = 0: the checkpoint ran to the end */
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return crm_test_file_checksum (path);
}

/* ------------------------------------------------------------------------
 * The showroom fixture
 * ------------------------------------------------------------------------ */

static void
on_store_changed_cb (CrmStore  *store,
                     CrmEntity  entity,
                     gint64     id,
                     gpointer   user_data)
{
  CrmTestShowroom *s = user_data;
  CrmTestChange change = { entity, id };

  g_array_append_val (s->changes, change);
}

/* A new temporary folder and a fixed clock at @now; no store yet */
void
crm_test_showroom_init (CrmTestShowroom *s,
                        gint64           now)
{
  g_autoptr(GError) error = NULL;

  memset (s, 0, sizeof *s);
  s->dir = g_dir_make_tmp ("showroom-test-XXXXXX", &error);
  g_assert_no_error (error);
  s->path = crm_test_backend_is_postgresql () ? crm_test_pg_new_database ()
                                              : g_build_filename (s->dir, "showroom.db", NULL);
  s->clock = crm_clock_new_fixed (now);
  s->changes = g_array_new (FALSE, FALSE, sizeof (CrmTestChange));
}

/* Opens (or creates) the store at s->path; its changes are recorded for
 * crm_test_expect_changes () */
void
crm_test_showroom_open_store (CrmTestShowroom *s)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (s->store);
  s->store = crm_store_open (s->path, s->clock, &error);
  g_assert_no_error (error);
  g_assert_true (CRM_IS_STORE (s->store));
  /* The same answers at once on both engines; the tests of the reads in
   * worker threads (a server's) ask for them */
  crm_store_set_background_reads (s->store, FALSE);
  crm_test_showroom_watch_changes (s);
}

/* Records the changes of s->store, when a test opened it itself */
void
crm_test_showroom_watch_changes (CrmTestShowroom *s)
{
  g_assert_true (CRM_IS_STORE (s->store));
  g_assert_cmpuint (s->changed_id, ==, 0);
  s->changed_id = g_signal_connect (s->store, "changed", G_CALLBACK (on_store_changed_cb), s);
}

/* Drops the store and asserts that nothing else holds it */
void
crm_test_showroom_close_store (CrmTestShowroom *s)
{
  if (s->store == NULL)
    return;

  g_clear_signal_handler (&s->changed_id, s->store);
  g_object_add_weak_pointer (G_OBJECT (s->store), (gpointer *) &s->store);
  g_object_unref (s->store);

  /* A worker thread of an async query may still drop its reference */
  for (guint i = 0; s->store != NULL && i < 500; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      if (s->store != NULL)
        g_usleep (10 * 1000);
    }
  g_assert_null (s->store);
}

/* Closes the store and removes the folder with everything in it */
void
crm_test_showroom_clear (CrmTestShowroom *s)
{
  crm_test_showroom_close_store (s);
  g_clear_object (&s->clock);
  g_clear_pointer (&s->changes, g_array_unref);
  if (s->dir != NULL)
    {
      crm_test_rm_rf (s->dir);
      g_assert_false (g_file_test (s->dir, G_FILE_TEST_EXISTS));
    }
  if (s->path != NULL && g_str_has_prefix (s->path, "postgresql:"))
    crm_test_pg_drop_database (s->path);
  g_clear_pointer (&s->dir, g_free);
  g_clear_pointer (&s->path, g_free);
}

/* Sets the showroom up as the first-run assistant does, with @staff; the
 * ids of the staff land in @ids (may be NULL) in the same order */
void
crm_test_showroom_setup_staff (CrmTestShowroom    *s,
                               const char         *showroom_name,
                               const CrmTestStaff *staff,
                               guint               n_staff,
                               gint64             *ids)
{
  g_autoptr(GPtrArray) members = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (s->store);
  for (guint i = 0; i < n_staff; i++)
    {
      CrmStaff *member = crm_staff_new ();

      crm_staff_set_name (member, staff[i].name);
      crm_staff_set_role (member, staff[i].role);
      g_ptr_array_add (members, member);
    }

  g_assert_true (crm_store_setup_showroom (s->store, showroom_name, members, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < n_staff; i++)
    {
      gint64 id = crm_staff_get_id (g_ptr_array_index (members, i));

      g_assert_cmpint (id, >, 0);
      if (ids != NULL)
        ids[i] = id;
    }
}

/* The standard cast: 天河展厅 with four staff and two models */
void
crm_test_showroom_setup_cast (CrmTestShowroom *s)
{
  static const CrmTestStaff staff[] = {
    { "刘经理", CRM_ROLE_MANAGER },
    { "李娜", CRM_ROLE_SALES },
    { "王丽", CRM_ROLE_SALES },
    { "吴佳怡", CRM_ROLE_RECEPTION },
  };
  gint64 ids[G_N_ELEMENTS (staff)];

  crm_test_showroom_setup_staff (s, "天河展厅", staff, G_N_ELEMENTS (staff), ids);
  s->manager = ids[0];
  s->sales1 = ids[1];
  s->sales2 = ids[2];
  s->reception = ids[3];

  s->model1 = crm_test_add_model (s->store, "凯美瑞", "2.0G 豪华版", 17980000);
  s->model2 = crm_test_add_model (s->store, "雷凌", "1.5L CVT 进取版", 11380000);

  g_array_set_size (s->changes, 0);
}

/* A folder and a clock, no store: for tests of opening */
void
crm_test_setup_no_store (CrmTestShowroom *s,
                         gconstpointer    data)
{
  crm_test_showroom_init (s, crm_test_now ());
}

/* A new, empty store that has not been set up */
void
crm_test_setup_empty_store (CrmTestShowroom *s,
                            gconstpointer    data)
{
  crm_test_setup_no_store (s, data);
  crm_test_showroom_open_store (s);
}

/* A store set up with the standard cast */
void
crm_test_setup_showroom (CrmTestShowroom *s,
                         gconstpointer    data)
{
  crm_test_setup_empty_store (s, data);
  crm_test_showroom_setup_cast (s);
}

void
crm_test_teardown (CrmTestShowroom *s,
                   gconstpointer    data)
{
  crm_test_showroom_clear (s);
}

void
crm_test_run_threads (GThreadFunc func,
                      gpointer    jobs,
                      gsize       job_size,
                      guint       n_jobs)
{
  g_autoptr(GPtrArray) threads = g_ptr_array_new ();

  for (guint i = 0; i < n_jobs; i++)
    g_ptr_array_add (threads, g_thread_new ("desktop", func, (char *) jobs + i * job_size));
  for (guint i = 0; i < n_jobs; i++)
    g_thread_join (g_ptr_array_index (threads, i));
}

/* Another desktop on the database at @path, its clock at crm_test_now () */
CrmStore *
crm_test_open_desktop (const char  *path,
                       GError     **error)
{
  g_autoptr(CrmClock) clock = crm_clock_new_fixed (crm_test_now ());

  return crm_store_open (path, clock, error);
}

/* ------------------------------------------------------------------------
 * Rows
 * ------------------------------------------------------------------------ */

gint64
crm_test_add_staff (CrmStore   *store,
                    const char *name,
                    CrmRole     role,
                    gboolean    active)
{
  g_autoptr(CrmStaff) staff = crm_staff_new ();
  g_autoptr(GError) error = NULL;
  gint64 id;

  crm_staff_set_name (staff, name);
  crm_staff_set_role (staff, role);
  crm_staff_set_active (staff, active);
  id = crm_staff_store_insert (crm_store_get_staff_store (store), staff, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (crm_staff_get_id (staff), ==, id);
  return id;
}

/* A 广汽丰田 model; @trim may be NULL, @guide_price 0 (unknown) */
gint64
crm_test_add_model (CrmStore   *store,
                    const char *series,
                    const char *trim,
                    gint64      guide_price)
{
  g_autoptr(CrmVehicleModel) model = crm_vehicle_model_new ();
  g_autoptr(GError) error = NULL;
  gint64 id;

  crm_vehicle_model_set_brand (model, "广汽丰田");
  crm_vehicle_model_set_series (model, series);
  if (trim != NULL)
    crm_vehicle_model_set_trim (model, trim);
  if (guide_price != 0)
    crm_vehicle_model_set_guide_price (model, guide_price);
  id = crm_staff_store_insert_vehicle_model (crm_store_get_staff_store (store), model, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

/* A customer not yet stored; @phone and @wechat may be NULL */
CrmCustomer *
crm_test_customer_new (const char *name,
                       const char *phone,
                       const char *wechat)
{
  CrmCustomer *customer = crm_customer_new ();

  crm_customer_set_name (customer, name);
  if (phone != NULL)
    {
      const char *phones[] = { phone, NULL };
      crm_customer_set_phones (customer, phones);
    }
  crm_customer_set_wechat (customer, wechat);
  return customer;
}

gint64
crm_test_insert_customer (CrmStore    *store,
                          CrmCustomer *customer)
{
  g_autoptr(GError) error = NULL;
  gint64 id;

  id = crm_customer_store_insert (crm_store_get_customer_store (store), customer, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

gint64
crm_test_add_customer (CrmStore   *store,
                       const char *name,
                       const char *phone,
                       const char *wechat)
{
  g_autoptr(CrmCustomer) customer = crm_test_customer_new (name, phone, wechat);

  return crm_test_insert_customer (store, customer);
}

CrmCustomer *
crm_test_get_customer (CrmStore *store,
                       gint64    id)
{
  g_autoptr(GError) error = NULL;
  CrmCustomer *customer = crm_customer_store_get (crm_store_get_customer_store (store), id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (customer);
  return customer;
}

/* Inserts @deal as done by @staff_id */
gint64
crm_test_insert_deal (CrmStore *store,
                      CrmDeal  *deal,
                      gint64    staff_id)
{
  g_autoptr(GError) error = NULL;
  gint64 id;

  id = crm_deal_store_insert (crm_store_get_deal_store (store), deal, staff_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

/* A deal of @owner_id's, inserted by @owner_id, at @stage */
gint64
crm_test_add_deal (CrmStore *store,
                   gint64    customer_id,
                   gint64    owner_id,
                   CrmStage  stage)
{
  g_autoptr(CrmDeal) deal = crm_deal_new ();

  crm_deal_set_customer_id (deal, customer_id);
  crm_deal_set_stage (deal, stage);
  crm_deal_set_owner_id (deal, owner_id);
  return crm_test_insert_deal (store, deal, owner_id);
}

gint64
crm_test_insert_activity (CrmStore    *store,
                          CrmActivity *activity)
{
  g_autoptr(GError) error = NULL;
  gint64 id;

  id = crm_followup_store_insert (crm_store_get_followup_store (store), activity, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

/* A call planned at @planned_at and/or done at @done_at (0: not) */
gint64
crm_test_add_call (CrmStore *store,
                   gint64    customer_id,
                   gint64    planned_at,
                   gint64    done_at)
{
  g_autoptr(CrmActivity) activity = crm_activity_new ();

  crm_activity_set_customer_id (activity, customer_id);
  crm_activity_set_kind (activity, CRM_ACTIVITY_CALL);
  crm_activity_set_planned_at (activity, planned_at);
  crm_activity_set_done_at (activity, done_at);
  return crm_test_insert_activity (store, activity);
}

/* A white test-drive car with 1,200 km on it */
gint64
crm_test_add_vehicle (CrmStore         *store,
                      const char       *plate,
                      gint64            model_id,
                      CrmVehicleStatus  status)
{
  g_autoptr(CrmVehicle) v = crm_vehicle_new ();
  g_autoptr(GError) error = NULL;
  gint64 id;

  crm_vehicle_set_plate (v, plate);
  crm_vehicle_set_model_id (v, model_id);
  crm_vehicle_set_colour (v, "白色");
  crm_vehicle_set_status (v, status);
  crm_vehicle_set_mileage (v, 1200);
  id = crm_calendar_store_insert_vehicle (crm_store_get_calendar_store (store), v, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

CrmTestDrive *
crm_test_booking_new (gint64 customer_id,
                      gint64 vehicle_id,
                      gint64 staff_id,
                      gint64 start,
                      int    minutes)
{
  CrmTestDrive *td = crm_test_drive_new ();

  crm_test_drive_set_customer_id (td, customer_id);
  crm_test_drive_set_vehicle_id (td, vehicle_id);
  crm_test_drive_set_staff_id (td, staff_id);
  crm_test_drive_set_start_at (td, start);
  crm_test_drive_set_end_at (td, start + minutes * 60);
  return td;
}

/* A test drive booked from @start for @minutes; it must be accepted */
gint64
crm_test_book (CrmStore *store,
               gint64    customer_id,
               gint64    vehicle_id,
               gint64    staff_id,
               gint64    start,
               int       minutes)
{
  g_autoptr(CrmTestDrive) td = crm_test_booking_new (customer_id, vehicle_id, staff_id, start, minutes);
  g_autoptr(GError) error = NULL;
  gint64 id = crm_calendar_store_insert (crm_store_get_calendar_store (store), td, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

/* ------------------------------------------------------------------------
 * Checks that print what they saw
 * ------------------------------------------------------------------------ */

void
crm_test_assert_customer_missing (CrmStore *store,
                                  gint64    id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmCustomer) customer = crm_customer_store_get (crm_store_get_customer_store (store), id, &error);

  g_assert_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND);
  g_assert_null (customer);
}

/* "1 2 3" */
char *
crm_test_model_ids_to_string (GVariant *ids)
{
  g_autoptr(GString) out = g_string_new (NULL);
  gsize n = 0;
  const gint64 *values;

  g_assert_nonnull (ids);
  g_assert_true (g_variant_is_of_type (ids, G_VARIANT_TYPE ("ax")));
  values = g_variant_get_fixed_array (ids, &n, sizeof (gint64));
  for (gsize i = 0; i < n; i++)
    g_string_append_printf (out, "%s%" G_GINT64_FORMAT, i ? " " : "", values[i]);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* "a|b|c" */
char *
crm_test_strv_to_string (const char * const *strv)
{
  g_assert_nonnull (strv);
  return g_strjoinv ("|", (char **) strv);
}

void
crm_test_assert_customer_equal (CrmCustomer *a,
                                CrmCustomer *b)
{
  g_autofree char *phones_a = crm_test_strv_to_string (crm_customer_get_phones (a));
  g_autofree char *phones_b = crm_test_strv_to_string (crm_customer_get_phones (b));
  g_autofree char *tags_a = crm_test_strv_to_string (crm_customer_get_tags (a));
  g_autofree char *tags_b = crm_test_strv_to_string (crm_customer_get_tags (b));
  g_autofree char *models_a = crm_test_model_ids_to_string (crm_customer_get_model_ids (a));
  g_autofree char *models_b = crm_test_model_ids_to_string (crm_customer_get_model_ids (b));

  g_assert_cmpint (crm_customer_get_id (a), ==, crm_customer_get_id (b));
  g_assert_cmpstr (crm_customer_get_name (a), ==, crm_customer_get_name (b));
  g_assert_cmpstr (phones_a, ==, phones_b);
  g_assert_cmpstr (crm_customer_get_wechat (a), ==, crm_customer_get_wechat (b));
  g_assert_cmpint (crm_customer_get_gender (a), ==, crm_customer_get_gender (b));
  g_assert_cmpstr (crm_customer_get_city (a), ==, crm_customer_get_city (b));
  g_assert_cmpint (crm_customer_get_channel (a), ==, crm_customer_get_channel (b));
  g_assert_cmpint (crm_customer_get_grade (a), ==, crm_customer_get_grade (b));
  g_assert_cmpint (crm_customer_get_budget_min (a), ==, crm_customer_get_budget_min (b));
  g_assert_cmpint (crm_customer_get_budget_max (a), ==, crm_customer_get_budget_max (b));
  g_assert_cmpint (crm_customer_get_timeframe (a), ==, crm_customer_get_timeframe (b));
  g_assert_cmpstr (tags_a, ==, tags_b);
  g_assert_cmpstr (models_a, ==, models_b);
  g_assert_cmpstr (crm_customer_get_models_label (a), ==, crm_customer_get_models_label (b));
  g_assert_cmpint (crm_customer_get_owner_id (a), ==, crm_customer_get_owner_id (b));
  g_assert_cmpstr (crm_customer_get_owner_name (a), ==, crm_customer_get_owner_name (b));
  g_assert_cmpstr (crm_customer_get_birthday (a), ==, crm_customer_get_birthday (b));
  g_assert_cmpstr (crm_customer_get_notes (a), ==, crm_customer_get_notes (b));
  g_assert_cmpint (crm_customer_get_created_at (a), ==, crm_customer_get_created_at (b));
  g_assert_cmpint (crm_customer_get_updated_at (a), ==, crm_customer_get_updated_at (b));
  g_assert_cmpint (crm_customer_get_last_contact_at (a), ==, crm_customer_get_last_contact_at (b));
  g_assert_cmpint (crm_customer_get_next_followup_at (a), ==, crm_customer_get_next_followup_at (b));
}

/* The changes announced since the last call, as "entity:id" words sorted by
 * entity then id (the store does not promise an order within a commit) */
static int
compare_changes (gconstpointer a,
                 gconstpointer b)
{
  const CrmTestChange *ca = a;
  const CrmTestChange *cb = b;

  if (ca->entity != cb->entity)
    return ca->entity < cb->entity ? -1 : 1;
  return ca->id < cb->id ? -1 : ca->id > cb->id;
}

void
crm_test_expect_changes (CrmTestShowroom *s,
                         const char      *format,
                         ...)
{
  g_autoptr(GString) got = g_string_new (NULL);
  g_autofree char *expected = NULL;
  va_list args;

  va_start (args, format);
  expected = g_strdup_vprintf (format, args);
  va_end (args);

  g_array_sort (s->changes, compare_changes);
  for (guint i = 0; i < s->changes->len; i++)
    {
      CrmTestChange *c = &g_array_index (s->changes, CrmTestChange, i);

      g_string_append_printf (got, "%s%s:%" G_GINT64_FORMAT, i ? " " : "",
                              crm_enum_to_code (CRM_TYPE_ENTITY, c->entity), c->id);
    }
  g_array_set_size (s->changes, 0);

  g_assert_cmpstr (got->str, ==, expected);
}

char *
crm_test_ids_to_string (GArray *ids)
{
  g_autoptr(GString) out = g_string_new (NULL);

  g_assert_nonnull (ids);
  for (guint i = 0; i < ids->len; i++)
    g_string_append_printf (out, "%s%" G_GINT64_FORMAT, i ? " " : "", g_array_index (ids, gint64, i));
  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
crm_test_ids_of (const gint64 *ids,
                 gsize         n)
{
  g_autoptr(GArray) array = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_array_append_vals (array, ids, n);
  return crm_test_ids_to_string (array);
}

GArray *
crm_test_query_customer_ids (CrmStore        *store,
                             const char      *search,
                             int              grade,
                             int              channel,
                             gint64           owner_id,
                             CrmCustomerSort  sort,
                             gboolean         descending)
{
  g_autoptr(GError) error = NULL;
  CrmCustomerQuery query;
  GArray *ids;

  crm_customer_query_init (&query);
  query.search = g_strdup (search);
  query.grade = grade;
  query.channel = channel;
  query.owner_id = owner_id;
  query.sort = sort;
  query.descending = descending;
  ids = crm_customer_store_query_ids (crm_store_get_customer_store (store), &query, NULL, &error);
  crm_customer_query_clear (&query);
  g_assert_no_error (error);
  g_assert_nonnull (ids);
  return ids;
}

GArray *
crm_test_search_customer_ids (CrmStore   *store,
                              const char *search)
{
  return crm_test_query_customer_ids (store, search, -1, -1, -1, CRM_CUSTOMER_SORT_NAME, FALSE);
}

void
crm_test_init (int    *argc,
               char ***argv)
{
  g_setenv ("TZ", "Asia/Shanghai", TRUE);
  tzset ();
  setlocale (LC_ALL, "");
  g_test_init (argc, argv, NULL);
}

void
crm_test_use_built_translations (const char *locale)
{
  const char *localedir = g_getenv ("SHOWROOM_LOCALEDIR");
  g_autofree char *mo = NULL;
  g_autofree char *language = g_strndup (locale, strcspn (locale, "."));

  /* meson test builds the translations and sets the variable; deps.sh
   * makes the locale: none of them missing is a skip */
  g_assert_nonnull (localedir);
  mo = g_build_filename (localedir, language, "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);
  g_assert_true (g_file_test (mo, G_FILE_TEST_EXISTS));
  g_assert_nonnull (setlocale (LC_ALL, locale));
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

/* crm_store_watch_others(), and until it listens (a server's listening
 * connection opens in a worker thread) */
void
crm_test_watch_others (CrmStore *store)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  crm_store_watch_others (store);
  while (!crm_store_is_listening (store) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (crm_store_is_listening (store));
}

/* The ids the Customers list shows for @search in its default order: the
 * best matches first (CrmCustomerQuery:rank) */
GArray *
crm_test_ranked_search_ids (CrmStore   *store,
                            const char *search)
{
  g_autoptr(GError) error = NULL;
  CrmCustomerQuery query;
  GArray *ids;

  crm_customer_query_init (&query);
  query.search = g_strdup (search);
  query.rank = TRUE;
  ids = crm_customer_store_query_ids (crm_store_get_customer_store (store), &query, NULL, &error);
  crm_customer_query_clear (&query);
  g_assert_no_error (error);
  return ids;
}
