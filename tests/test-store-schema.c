/* test-store-schema.c: opening the database file (new, foreign, locked,
 * read-only), transactions and migrations from old schemas
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every test works on its own database in its own temporary folder, with a
 * fixed clock (crm-test-util.h). Tests look at the file with sqlite3
 * directly where the store has no API for what they check.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <grp.h>
#include <sys/wait.h>
#include <locale.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "crm-error.h"
#include "crm-store.h"
#include "crm-test-util.h"

typedef CrmTestShowroom Fixture;

#define HOUR (60 * 60)
#define DAY  (24 * HOUR)

/* "SHOW": written by the test on purpose rather than taken from the
 * store's header, so a change of the constant is caught */
#define SHOWROOM_APPLICATION_ID 0x53484F57
#define CURRENT_SCHEMA_VERSION  CRM_STORE_SCHEMA_VERSION

/* ------------------------------------------------------------------------
 * Opening
 * ------------------------------------------------------------------------ */

static void
test_open_new (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *journal = NULL;
  g_autofree char *tables = NULL;
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);

  g_assert_false (g_file_test (f->path, G_FILE_TEST_EXISTS));
  crm_test_showroom_open_store (f);
  g_assert_true (g_file_test (f->path, G_FILE_TEST_IS_REGULAR));

  g_assert_cmpstr (crm_store_get_path (f->store), ==, f->path);
  crm_test_assert_cmpptr (crm_store_get_clock (f->store), ==, f->clock);
  g_assert_null (crm_store_get_backup_path (f->store));
  g_assert_true (crm_store_needs_setup (f->store));
  g_assert_false (crm_store_is_demo (f->store));
  g_assert_cmpint (crm_customer_store_count (crm_store_get_customer_store (f->store)), ==, 0);

  /* Looked at by another connection while the store is open */
  g_assert_cmpint (crm_test_file_int (f->path, "PRAGMA user_version"), ==, CURRENT_SCHEMA_VERSION);
  g_assert_cmpint (crm_test_file_int (f->path, "PRAGMA application_id"), ==, SHOWROOM_APPLICATION_ID);
  journal = crm_test_file_rows (f->path, "PRAGMA journal_mode");
  g_assert_cmpstr (journal, ==, "wal\n");
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));

  /* Every table of the foundation is there (later features add more) */
  tables = crm_test_file_rows (f->path,
                               "SELECT group_concat(name, ' ') FROM (SELECT name FROM sqlite_schema"
                               " WHERE type = 'table' AND name IN ('activity', 'customer', 'customer_model',"
                               " 'customer_phone', 'deal', 'meta', 'staff', 'stage', 'stage_history',"
                               " 'vehicle_model', 'stage_rule', 'lost_request', 'escalation', 'vehicle', 'test_drive') ORDER BY name)");
  g_assert_cmpstr (tables, ==,
                   "activity customer customer_model customer_phone deal escalation lost_request meta "
                   "staff stage stage_history stage_rule test_drive vehicle vehicle_model\n");
  g_assert_cmpint (crm_test_file_int (f->path, "SELECT count(*) FROM stage"), ==, 9);
  g_assert_cmpint (crm_test_file_int (f->path,
                                      "SELECT count(*) FROM pragma_table_info('customer')"
                                      " WHERE name IN ('search_key', 'sort_key', 'last_contact_at', 'next_followup_at')"),
                   ==, 4);

  /* Opening it again neither migrates nor keeps a copy */
  crm_test_showroom_close_store (f);
  crm_test_showroom_open_store (f);
  g_assert_null (crm_store_get_backup_path (f->store));
  g_assert_cmpint (crm_test_file_int (f->path, "PRAGMA user_version"), ==, CURRENT_SCHEMA_VERSION);
}

static void
test_open_creates_folder (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmStore) store = NULL;
  g_autofree char *path = g_build_filename (f->dir, "a", "b", "showroom.db", NULL);

  store = crm_store_open (path, f->clock, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_clear_object (&store);
  g_assert_cmpint (crm_test_file_int (path, "PRAGMA user_version"), ==, CURRENT_SCHEMA_VERSION);
}

static void
test_open_empty_file (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (f->path, "", 0, &error));
  g_assert_no_error (error);

  crm_test_showroom_open_store (f);
  g_assert_true (crm_store_needs_setup (f->store));
  g_assert_cmpint (crm_test_file_int (f->path, "PRAGMA user_version"), ==, CURRENT_SCHEMA_VERSION);
  g_assert_cmpint (crm_test_file_int (f->path, "PRAGMA application_id"), ==, SHOWROOM_APPLICATION_ID);
}

static void
assert_no_sidecar_files (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autofree char *journal = g_strconcat (path, "-journal", NULL);

  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (shm, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (journal, G_FILE_TEST_EXISTS));
}

static void
test_open_not_a_database (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmStore) store = NULL;
  g_autofree char *contents = NULL;

  g_assert_true (g_file_set_contents (f->path, "hello", -1, NULL));

  store = crm_store_open (f->path, f->clock, &error);
  g_assert_error (error, CRM_ERROR, CRM_ERROR_NOT_A_DATABASE);
  g_assert_null (store);

  g_assert_true (g_file_get_contents (f->path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "hello");
  assert_no_sidecar_files (f->path);
}

static void
test_open_other_program (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmStore) store = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *other = g_build_filename (f->dir, "other.db", NULL);
  sqlite3 *db;

  /* Some program's notes: an ordinary SQLite file */
  db = crm_test_raw_open (f->path);
  crm_test_raw_exec (db, "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT);"
                     "INSERT INTO notes (text) VALUES ('买菜'), ('交电费');");
  sqlite3_close (db);
  before = crm_test_file_checksum (f->path);

  store = crm_store_open (f->path, f->clock, &error);
  g_assert_error (error, CRM_ERROR, CRM_ERROR_NOT_A_DATABASE);
  g_assert_null (store);
  after = crm_test_file_checksum (f->path);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpint (crm_test_file_int (f->path, "SELECT count(*) FROM notes"), ==, 2);
  g_assert_cmpint (crm_test_file_int (f->path, "PRAGMA user_version"), ==, 0);

  /* A program that marks its files with its own application id, no tables */
  g_clear_error (&error);
  g_clear_pointer (&before, g_free);
  g_clear_pointer (&after, g_free);
  db = crm_test_raw_open (other);
  crm_test_raw_exec (db, "PRAGMA application_id = 1196444237; PRAGMA user_version = 3;");
  sqlite3_close (db);
  before = crm_test_file_checksum (other);

  store = crm_store_open (other, f->clock, &error);
  g_assert_error (error, CRM_ERROR, CRM_ERROR_NOT_A_DATABASE);
  g_assert_null (store);
  after = crm_test_file_checksum (other);
  g_assert_cmpstr (after, ==, before);
}

static void
test_open_too_new (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmStore) store = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  sqlite3 *db;

  crm_test_showroom_open_store (f);
  crm_test_add_staff (f->store, "刘经理", CRM_ROLE_MANAGER, TRUE);
  crm_test_showroom_close_store (f);

  /* What a future Showroom would leave behind */
  db = crm_test_raw_open (f->path);
  crm_test_raw_exec (db, "PRAGMA user_version = 99;");
  sqlite3_close (db);
  g_assert_cmpint (crm_test_file_int (f->path, "PRAGMA user_version"), ==, 99);
  before = crm_test_file_checksum (f->path);

  store = crm_store_open (f->path, f->clock, &error);
  g_assert_error (error, CRM_ERROR, CRM_ERROR_TOO_NEW);
  g_assert_null (store);

  after = crm_test_file_checksum (f->path);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpint (crm_test_file_int (f->path, "PRAGMA user_version"), ==, 99);
  g_assert_cmpint (crm_test_file_int (f->path, "SELECT count(*) FROM staff"), ==, 1);
}

static void
test_open_locked (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmStore) store = NULL;
  g_autofree char *fixture_sql = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 start, elapsed;
  sqlite3 *other;

  /* A Showroom database as an older version left it (rollback journal):
   * another program holding it exclusively keeps even readers out */
  g_assert_true (g_file_get_contents (g_test_get_filename (G_TEST_DIST, "data", "showroom-v1.sql", NULL),
                                      &fixture_sql, NULL, NULL));
  other = crm_test_raw_open (f->path);
  crm_test_raw_exec (other, fixture_sql);
  before = crm_test_file_checksum (f->path);

  crm_test_raw_exec (other, "BEGIN EXCLUSIVE; INSERT INTO meta (key, value) VALUES ('held', 'by other');");

  start = g_get_monotonic_time ();
  store = crm_store_open_full (f->path, f->clock, 100, &error);
  elapsed = g_get_monotonic_time () - start;
  g_assert_error (error, CRM_ERROR, CRM_ERROR_LOCKED);
  g_assert_null (store);
  /* The busy timeout given was used, not the default of seconds */
  g_assert_cmpint (elapsed, <, 3 * G_USEC_PER_SEC);

  crm_test_raw_exec (other, "ROLLBACK;");
  sqlite3_close (other);

  after = crm_test_file_checksum (f->path);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpint (crm_test_file_int (f->path, "PRAGMA user_version"), ==, 1);

  /* Once the other program lets go, the same file opens and upgrades */
  g_clear_error (&error);
  store = crm_store_open_full (f->path, f->clock, 100, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_cmpint (crm_customer_store_count (crm_store_get_customer_store (store)), ==, 5);
}

static void
test_open_locked_wal (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmCustomer) customer = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  sqlite3 *other;

  /* A current Showroom database is in WAL mode: another program holding
   * the write lock does not keep readers out, so the store opens and shows
   * what is there; its first write waits busy_timeout_ms and then fails
   * with LOCKED, changing nothing. */
  crm_test_showroom_open_store (f);
  crm_test_add_customer (f->store, "张三", "13800138000", NULL);
  crm_test_showroom_close_store (f);
  before = crm_test_file_checksum (f->path);

  other = crm_test_raw_open (f->path);
  crm_test_raw_exec (other, "BEGIN EXCLUSIVE; INSERT INTO meta (key, value) VALUES ('held', 'by other');");

  f->store = crm_store_open_full (f->path, f->clock, 100, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->store);
  g_assert_null (crm_store_get_backup_path (f->store));
  g_assert_cmpint (crm_customer_store_count (crm_store_get_customer_store (f->store)), ==, 1);

  customer = crm_test_customer_new ("李四", "13912345678", NULL);
  g_assert_cmpint (crm_customer_store_insert (crm_store_get_customer_store (f->store), customer, &error), ==, 0);
  g_assert_error (error, CRM_ERROR, CRM_ERROR_LOCKED);

  crm_test_raw_exec (other, "ROLLBACK;");
  sqlite3_close (other);
  crm_test_showroom_close_store (f);
  after = crm_test_file_checksum (f->path);
  g_assert_cmpstr (after, ==, before);
}

static void
test_write_locked (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmCustomer) customer = NULL;
  g_autoptr(CrmCustomer) stored = NULL;
  g_autoptr(CrmCustomer) edited = NULL;
  g_autoptr(CrmCustomer) after = NULL;
  g_autofree char *before_sum = NULL;
  g_autofree char *after_sum = NULL;
  gint64 id;
  sqlite3 *other;

  f->store = crm_store_open_full (f->path, f->clock, 100, &error);
  g_assert_no_error (error);
  crm_test_showroom_watch_changes (f);
  id = crm_test_add_customer (f->store, "张三", "13800138000", NULL);
  stored = crm_test_get_customer (f->store, id);
  g_array_set_size (f->changes, 0);
  before_sum = crm_test_db_fingerprint (f->path);

  other = crm_test_raw_open (f->path);
  crm_test_raw_exec (other, "BEGIN EXCLUSIVE; INSERT INTO meta (key, value) VALUES ('held', 'by other');");

  /* Reading still works (WAL) */
  g_assert_cmpint (crm_customer_store_count (crm_store_get_customer_store (f->store)), ==, 1);

  customer = crm_test_customer_new ("李四", "13912345678", NULL);
  g_assert_cmpint (crm_customer_store_insert (crm_store_get_customer_store (f->store), customer, &error), ==, 0);
  g_assert_error (error, CRM_ERROR, CRM_ERROR_LOCKED);
  g_assert_cmpint (crm_customer_get_id (customer), ==, 0);
  g_clear_error (&error);

  edited = crm_customer_copy (stored);
  crm_customer_set_name (edited, "张三丰");
  g_assert_false (crm_customer_store_update (crm_store_get_customer_store (f->store), edited, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_LOCKED);
  g_clear_error (&error);

  g_assert_false (crm_customer_store_delete (crm_store_get_customer_store (f->store), id, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_LOCKED);
  g_clear_error (&error);

  g_assert_false (crm_store_begin (f->store, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_LOCKED);
  g_clear_error (&error);

  crm_test_raw_exec (other, "ROLLBACK;");
  sqlite3_close (other);

  /* Nothing half-written, nothing announced */
  crm_test_expect_changes (f, "%s", "");
  after_sum = crm_test_db_fingerprint (f->path);
  g_assert_cmpstr (after_sum, ==, before_sum);
  g_assert_cmpint (crm_customer_store_count (crm_store_get_customer_store (f->store)), ==, 1);
  after = crm_test_get_customer (f->store, id);
  crm_test_assert_customer_equal (after, stored);

  /* The store was not left inside a transaction: the same insert works now */
  id = crm_customer_store_insert (crm_store_get_customer_store (f->store), customer, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  crm_test_expect_changes (f, "customer:%" G_GINT64_FORMAT, id);
  g_assert_cmpint (crm_customer_store_count (crm_store_get_customer_store (f->store)), ==, 2);
}

static void
test_open_read_only (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmStore) store = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  crm_test_showroom_open_store (f);
  crm_test_add_staff (f->store, "刘经理", CRM_ROLE_MANAGER, TRUE);
  crm_test_showroom_close_store (f);
  before = crm_test_file_checksum (f->path);

  g_assert_cmpint (g_chmod (f->path, 0444), ==, 0);
  g_assert_cmpint (g_chmod (f->dir, 0555), ==, 0);

  if (g_access (f->path, W_OK) == 0 || g_access (f->dir, W_OK) == 0)
    {
      /* Root (CI) writes whatever the permissions say: the open is tried
       * in a child that has become nobody, for whom they hold */
      int status = 0;
      pid_t pid = fork ();

      g_assert_cmpint (pid, >=, 0);
      if (pid == 0)
        {
          if (setgroups (0, NULL) != 0 || setgid (65534) != 0 || setuid (65534) != 0)
            _exit (3);
          if (g_access (f->path, W_OK) == 0 || g_access (f->dir, W_OK) == 0)
            _exit (4);
          gboolean refused;

          store = crm_store_open (f->path, f->clock, &error);
          refused = store == NULL && g_error_matches (error, CRM_ERROR, CRM_ERROR_READ_ONLY);
          if (!refused)
            g_printerr ("opened as nobody: %s\n", error ? error->message : "no error");
          /* Nothing left behind, for memcheck's count of the child */
          g_clear_object (&store);
          g_clear_error (&error);
          g_clear_pointer (&before, g_free);
          _exit (refused ? 0 : 1);
        }
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_assert_true (WIFEXITED (status));
      /* 0: refused as read-only; 1: opened or another error; 3, 4: not nobody */
      g_assert_cmpint (WEXITSTATUS (status), ==, 0);
    }
  else
    {
      store = crm_store_open (f->path, f->clock, &error);
      g_assert_error (error, CRM_ERROR, CRM_ERROR_READ_ONLY);
      g_assert_null (store);
    }

  g_chmod (f->dir, 0700);
  g_chmod (f->path, 0600);
  after = crm_test_file_checksum (f->path);
  g_assert_cmpstr (after, ==, before);
}

/* ------------------------------------------------------------------------
 * Transactions
 * ------------------------------------------------------------------------ */

static void
test_transaction_doomed (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmCustomer) good = crm_test_customer_new ("张三", "13800138000", NULL);
  g_autoptr(CrmCustomer) bad = crm_test_customer_new ("", "13912345678", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 good_id;

  crm_test_add_customer (f->store, "王五", "18600001111", NULL);
  g_array_set_size (f->changes, 0);
  before = crm_test_db_fingerprint (f->path);

  g_assert_true (crm_store_begin (f->store, &error));
  g_assert_no_error (error);

  good_id = crm_customer_store_insert (crm_store_get_customer_store (f->store), good, &error);
  g_assert_no_error (error);
  g_assert_cmpint (good_id, >, 0);
  /* Inside the transaction the new row is visible … */
  g_assert_cmpint (crm_customer_store_count (crm_store_get_customer_store (f->store)), ==, 2);

  g_assert_cmpint (crm_customer_store_insert (crm_store_get_customer_store (f->store), bad, &error), ==, 0);
  g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  crm_test_expect_changes (f, "%s", "");

  /* … but the transaction cannot be committed any more */
  g_assert_false (crm_store_commit (f->store, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_FAILED);
  g_clear_error (&error);

  crm_test_expect_changes (f, "%s", "");
  g_assert_cmpint (crm_customer_store_count (crm_store_get_customer_store (f->store)), ==, 1);
  crm_test_assert_customer_missing (f->store, good_id);
  g_assert_cmpint (crm_customer_store_find_by_phone (crm_store_get_customer_store (f->store), "13800138000", 0), ==, 0);
  after = crm_test_db_fingerprint (f->path);
  g_assert_cmpstr (after, ==, before);

  /* The store is out of the transaction: the next write stands alone */
  good_id = crm_test_add_customer (f->store, "张三", "13800138000", NULL);
  crm_test_expect_changes (f, "customer:%" G_GINT64_FORMAT, good_id);
  g_assert_cmpint (crm_customer_store_count (crm_store_get_customer_store (f->store)), ==, 2);
}

static void
test_transaction_rollback (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 a, b, c;

  before = crm_test_db_fingerprint (f->path);

  g_assert_true (crm_store_begin (f->store, &error));
  a = crm_test_add_customer (f->store, "张三", "13800138000", NULL);
  b = crm_test_add_customer (f->store, "李四", "13912345678", NULL);
  crm_test_add_call (f->store, a, 0, crm_test_now () - HOUR);
  g_assert_cmpint (crm_customer_store_count (crm_store_get_customer_store (f->store)), ==, 2);
  crm_store_rollback (f->store);

  crm_test_expect_changes (f, "%s", "");
  g_assert_cmpint (crm_customer_store_count (crm_store_get_customer_store (f->store)), ==, 0);
  crm_test_assert_customer_missing (f->store, a);
  crm_test_assert_customer_missing (f->store, b);
  after = crm_test_db_fingerprint (f->path);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpint (crm_test_file_int (f->path, "SELECT count(*) FROM activity"), ==, 0);

  /* Nothing of the rolled-back transaction is announced later either */
  c = crm_test_add_customer (f->store, "王五", "18600001111", NULL);
  crm_test_expect_changes (f, "customer:%" G_GINT64_FORMAT, c);

  /* Nested: the inner commit announces nothing, the outer one all */
  g_assert_true (crm_store_begin (f->store, &error));
  g_assert_true (crm_store_begin (f->store, &error));
  a = crm_test_add_customer (f->store, "张三", "13800138000", NULL);
  g_assert_true (crm_store_commit (f->store, &error));
  g_assert_no_error (error);
  crm_test_expect_changes (f, "%s", "");
  b = crm_test_add_customer (f->store, "李四", "13912345678", NULL);
  crm_test_expect_changes (f, "%s", "");
  g_assert_true (crm_store_commit (f->store, &error));
  g_assert_no_error (error);
  crm_test_expect_changes (f, "customer:%" G_GINT64_FORMAT " customer:%" G_GINT64_FORMAT, a, b);
  g_assert_cmpint (crm_customer_store_count (crm_store_get_customer_store (f->store)), ==, 3);
}

/* ------------------------------------------------------------------------
 * Migrations
 * ------------------------------------------------------------------------ */

static void
load_v1_fixture (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  sqlite3 *db;

  g_file_get_contents (g_test_get_filename (G_TEST_DIST, "data", "showroom-v1.sql", NULL),
                       &sql, NULL, &error);
  g_assert_no_error (error);

  db = crm_test_raw_open (path);
  crm_test_raw_exec (db, sql);
  g_assert_cmpint (crm_test_raw_int (db, "PRAGMA user_version"), ==, 1);
  g_assert_cmpint (crm_test_raw_int (db, "PRAGMA application_id"), ==, SHOWROOM_APPLICATION_ID);
  sqlite3_close (db);
}

static void
test_migrate_v1 (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmCustomer) zhang = NULL;
  g_autoptr(CrmCustomer) shan = NULL;
  g_autoptr(CrmCustomer) chen = NULL;
  g_autoptr(CrmCustomer) li = NULL;
  g_autoptr(CrmCustomer) dup = NULL;
  g_autoptr(GListModel) deals = NULL;
  g_autoptr(GListModel) activities = NULL;
  g_autoptr(CrmDeal) deal = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autofree char *backup = NULL;
  g_autofree char *prefix = g_strconcat ("showroom.db", ".before-v2-", NULL);
  g_autofree char *phones = NULL;
  g_autofree char *tags = NULL;
  g_autofree char *models = NULL;
  g_autofree char *name = NULL;
  g_autofree char *rows = NULL;
  const char *entry;
  guint n_backups = 0;
  sqlite3 *db;

  load_v1_fixture (f->path);
  crm_test_showroom_open_store (f);

  /* Upgraded in place */
  g_assert_cmpint (crm_test_file_int (f->path, "PRAGMA user_version"), ==, CURRENT_SCHEMA_VERSION);
  g_assert_cmpint (crm_test_file_int (f->path, "PRAGMA application_id"), ==, SHOWROOM_APPLICATION_ID);
  rows = crm_test_file_rows (f->path, "PRAGMA journal_mode");
  g_assert_cmpstr (rows, ==, "wal\n");
  g_clear_pointer (&rows, g_free);

  /* … after keeping a copy of the version 1 file beside it */
  g_assert_nonnull (crm_store_get_backup_path (f->store));
  dir = g_dir_open (f->dir, 0, &error);
  g_assert_no_error (error);
  while ((entry = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (entry, prefix) && !g_str_has_suffix (entry, "-wal") &&
        !g_str_has_suffix (entry, "-shm") && !g_str_has_suffix (entry, "-journal"))
      {
        g_free (backup);
        backup = g_build_filename (f->dir, entry, NULL);
        n_backups++;
      }
  g_assert_cmpuint (n_backups, ==, 1);
  g_assert_cmpstr (backup, ==, crm_store_get_backup_path (f->store));

  db = crm_test_raw_open (backup);
  g_assert_cmpint (crm_test_raw_int (db, "PRAGMA user_version"), ==, 1);
  g_assert_cmpint (crm_test_raw_int (db, "SELECT count(*) FROM customer"), ==, 6);
  g_assert_cmpint (crm_test_raw_int (db, "SELECT count(*) FROM activity"), ==, 6);
  g_assert_cmpint (crm_test_raw_int (db, "SELECT count(*) FROM pragma_table_info('customer') WHERE name = 'search_key'"),
                   ==, 0);
  sqlite3_close (db);

  /* The stays of version 11's per-hour sums are those of the moves kept */
  g_assert_cmpint (crm_test_file_int (f->path, "SELECT coalesce(sum(stays), 0) FROM stay_hour"), ==,
                   crm_test_file_int (f->path, "SELECT count(*) FROM stage_history"
                                               " WHERE from_stage IS NOT NULL AND stay_start IS NOT NULL"));

  /* The data survived */
  name = crm_store_dup_showroom_name (f->store);
  g_assert_cmpstr (name, ==, "广汽丰田 天河4S店");
  g_assert_false (crm_store_needs_setup (f->store));
  g_assert_cmpint (crm_customer_store_count (crm_store_get_customer_store (f->store)), ==, 5);
  crm_test_assert_customer_missing (f->store, 6);

  zhang = crm_test_get_customer (f->store, 1);
  g_assert_cmpstr (crm_customer_get_name (zhang), ==, "张三");
  phones = crm_test_strv_to_string (crm_customer_get_phones (zhang));
  g_assert_cmpstr (phones, ==, "13800138000|02081234567");
  g_assert_cmpstr (crm_customer_get_wechat (zhang), ==, "ZhangSan_88");
  g_assert_cmpint (crm_customer_get_gender (zhang), ==, CRM_GENDER_MALE);
  g_assert_cmpint (crm_customer_get_channel (zhang), ==, CRM_CHANNEL_AUTOHOME);
  g_assert_cmpint (crm_customer_get_grade (zhang), ==, CRM_GRADE_H);
  g_assert_cmpint (crm_customer_get_budget_min (zhang), ==, 15000000);
  g_assert_cmpint (crm_customer_get_budget_max (zhang), ==, 20000000);
  g_assert_cmpint (crm_customer_get_timeframe (zhang), ==, CRM_TIMEFRAME_WEEK);
  tags = crm_test_strv_to_string (crm_customer_get_tags (zhang));
  g_assert_cmpstr (tags, ==, "SUV|混动");
  models = crm_test_model_ids_to_string (crm_customer_get_model_ids (zhang));
  g_assert_cmpstr (models, ==, "1 2");
  g_assert_cmpint (crm_customer_get_owner_id (zhang), ==, 2);
  g_assert_cmpstr (crm_customer_get_owner_name (zhang), ==, "李娜");
  g_assert_cmpstr (crm_customer_get_birthday (zhang), ==, "1985-03-12");
  g_assert_cmpstr (crm_customer_get_notes (zhang), ==, "想要白色");
  g_assert_cmpint (crm_customer_get_created_at (zhang), ==, 1789000000);
  g_assert_cmpint (crm_customer_get_updated_at (zhang), ==, 1789000500);

  /* The follow-up summary computed from the activities */
  g_assert_cmpint (crm_customer_get_last_contact_at (zhang), ==, 1789600000);
  g_assert_cmpint (crm_customer_get_next_followup_at (zhang), ==, 1789900000);
  shan = crm_test_get_customer (f->store, 2);
  g_assert_cmpint (crm_customer_get_last_contact_at (shan), ==, 1789650000);
  g_assert_cmpint (crm_customer_get_next_followup_at (shan), ==, 0);
  chen = crm_test_get_customer (f->store, 5);
  g_assert_cmpint (crm_customer_get_last_contact_at (chen), ==, 0);
  g_assert_cmpint (crm_customer_get_next_followup_at (chen), ==, 1789800000);
  li = crm_test_get_customer (f->store, 3);
  g_assert_cmpint (crm_customer_get_last_contact_at (li), ==, 0);
  g_assert_cmpint (crm_customer_get_next_followup_at (li), ==, 0);

  /* Deals and their history */
  deals = crm_deal_store_list_for_customer (crm_store_get_deal_store (f->store), 1);
  g_assert_cmpuint (g_list_model_get_n_items (deals), ==, 1);
  deal = g_list_model_get_item (deals, 0);
  g_assert_cmpint (crm_deal_get_stage (deal), ==, CRM_STAGE_VISITED);
  g_assert_cmpint (crm_deal_get_stage_entered_at (deal), ==, 1789600000);
  g_assert_cmpstr (crm_deal_get_model_name (deal), ==, "凯美瑞 2.0G 豪华版");
  g_assert_cmpint (crm_deal_store_count_stage_history (crm_store_get_deal_store (f->store), 1), ==, 3);
  g_assert_cmpint (crm_deal_store_count_stage_history (crm_store_get_deal_store (f->store), 2), ==, 2);
  g_clear_object (&deals);
  g_clear_object (&deal);
  deals = crm_deal_store_list_for_customer (crm_store_get_deal_store (f->store), 2);
  deal = g_list_model_get_item (deals, 0);
  g_assert_cmpint (crm_deal_get_stage (deal), ==, CRM_STAGE_LOST);
  g_assert_cmpint (crm_deal_get_lost_reason (deal), ==, CRM_LOST_REASON_PRICE);
  g_assert_cmpstr (crm_deal_get_lost_note (deal), ==, "嫌贵，去看了别家");

  activities = crm_followup_store_list_for_customer (crm_store_get_followup_store (f->store), 1);
  g_assert_cmpuint (g_list_model_get_n_items (activities), ==, 4);

  /* Search keys were filled in for the old rows */
  {
    g_autoptr(GArray) by_initials = crm_test_search_customer_ids (f->store, "zs");
    g_autoptr(GArray) by_pinyin = crm_test_search_customer_ids (f->store, "zhangsan");
    g_autoptr(GArray) by_phone = crm_test_search_customer_ids (f->store, "0013");
    g_autoptr(GArray) by_landline = crm_test_search_customer_ids (f->store, "8123");
    g_autoptr(GArray) by_char = crm_test_search_customer_ids (f->store, "张");
    g_autoptr(GArray) by_family_reading = crm_test_search_customer_ids (f->store, "shantianfang");
    g_autoptr(GArray) by_other_reading = crm_test_search_customer_ids (f->store, "dtf");
    g_autoptr(GArray) by_wechat = crm_test_search_customer_ids (f->store, "WANGFANG_sz");
    g_autoptr(GArray) deleted = crm_test_search_customer_ids (f->store, "zhaoliu");
    g_autoptr(GArray) by_name = crm_test_search_customer_ids (f->store, NULL);

    crm_test_assert_ids (by_initials, 1);
    crm_test_assert_ids (by_pinyin, 1);
    crm_test_assert_ids (by_phone, 1);
    crm_test_assert_ids (by_landline, 1);
    crm_test_assert_ids (by_char, 1);
    crm_test_assert_ids (by_family_reading, 2);
    crm_test_assert_ids (by_other_reading, 2);
    crm_test_assert_ids (by_wechat, 4);
    g_assert_cmpuint (deleted->len, ==, 0);
    /* … and sort keys: 陈晓明 李四 单田芳 王芳 张三 */
    crm_test_assert_ids (by_name, 5, 3, 2, 4, 1);
  }

  /* The phone index still guards against duplicates */
  dup = crm_test_customer_new ("张三的朋友", "138 0013 8000", NULL);
  g_assert_cmpint (crm_customer_store_insert (crm_store_get_customer_store (f->store), dup, &error), ==, 0);
  g_assert_error (error, CRM_ERROR, CRM_ERROR_DUPLICATE);
  g_clear_error (&error);

  /* Opening the upgraded file again neither migrates nor copies */
  crm_test_showroom_close_store (f);
  crm_test_showroom_open_store (f);
  g_assert_null (crm_store_get_backup_path (f->store));
  g_clear_pointer (&dir, g_dir_close);
  dir = g_dir_open (f->dir, 0, NULL);
  n_backups = 0;
  while ((entry = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (entry, prefix) && !g_str_has_suffix (entry, "-wal") &&
        !g_str_has_suffix (entry, "-shm") && !g_str_has_suffix (entry, "-journal"))
      n_backups++;
  g_assert_cmpuint (n_backups, ==, 1);
}

/* ------------------------------------------------------------------------ */

int
main (int   argc,
      char *argv[])
{
  crm_test_init (&argc, &argv);

#define ADD(path, setup, func) \
  g_test_add (path, Fixture, NULL, setup, func, crm_test_teardown)

  ADD ("/store/open/new", crm_test_setup_no_store, test_open_new);
  ADD ("/store/open/creates-folder", crm_test_setup_no_store, test_open_creates_folder);
  ADD ("/store/open/empty-file", crm_test_setup_no_store, test_open_empty_file);
  ADD ("/store/open/not-a-database", crm_test_setup_no_store, test_open_not_a_database);
  ADD ("/store/open/other-program", crm_test_setup_no_store, test_open_other_program);
  ADD ("/store/open/too-new", crm_test_setup_no_store, test_open_too_new);
  ADD ("/store/open/locked", crm_test_setup_no_store, test_open_locked);
  ADD ("/store/open/locked-wal", crm_test_setup_no_store, test_open_locked_wal);
  ADD ("/store/open/read-only", crm_test_setup_no_store, test_open_read_only);
  ADD ("/store/write/locked", crm_test_setup_no_store, test_write_locked);
  ADD ("/store/transaction/doomed", crm_test_setup_showroom, test_transaction_doomed);
  ADD ("/store/transaction/rollback", crm_test_setup_showroom, test_transaction_rollback);
  ADD ("/store/migrate/v1", crm_test_setup_no_store, test_migrate_v1);
#undef ADD

  return g_test_run ();
}
