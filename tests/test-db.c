/* test-db.c: the connection seam (CrmDb) on its SQLite backend, and
 * (/db/read-ids, /db/values) on the backend under test
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gstdio.h>
#include <string.h>

#include "crm-db-pg.h"
#include "crm-db-sqlite.h"
#include "crm-error.h"
#include "crm-test-util.h"

typedef struct
{
  char  *dir;
  char  *path;
  CrmDb *db;
} Fixture;

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("showroom-db-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "seam.db", NULL);
  /* A short busy timeout: the lock test waits for it three times */
  f->db = crm_db_sqlite_open (f->path, 1, 20, &error);
  g_assert_no_error (error);
  g_assert_cmpint (crm_db_get_schema_version (f->db), ==, 0);
  /* A file with tables must carry Showroom's mark (set with the version),
   * or the next open takes it for another program's database */
  g_assert_true (crm_db_exec (f->db, "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)", &error));
  g_assert_true (crm_db_set_schema_version (f->db, 1, &error));
  g_assert_no_error (error);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_assert_finalize_object (f->db);
  for (const char *suffix = ""; suffix != NULL; suffix = *suffix ? (suffix[1] == 'w' ? "-shm" : NULL) : "-wal")
    {
      g_autofree char *file = g_strconcat (f->path, suffix, NULL);
      g_unlink (file);
    }
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static gint64
count_rows (CrmDb *db)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmDbStmt) stmt = crm_db_prepare (db, "SELECT count(*) FROM t", &error);

  g_assert_no_error (error);
  g_assert_cmpint (crm_db_stmt_step (stmt), ==, CRM_DB_ROW);
  return crm_db_stmt_column_int64 (stmt, 0);
}

typedef struct
{
  guint       calls;
  const char *name;
} Insert;

static gboolean
insert_name (CrmDb    *db,
             gpointer  user_data,
             GError  **error)
{
  Insert *insert = user_data;
  g_autoptr(CrmDbStmt) stmt = crm_db_prepare (db, "INSERT INTO t (name) VALUES (?1)", error);
  CrmDbResult rc;

  insert->calls++;
  if (stmt == NULL)
    return FALSE;
  crm_db_stmt_bind_text (stmt, 1, insert->name);
  rc = crm_db_stmt_step (stmt);
  if (rc != CRM_DB_DONE)
    {
      crm_db_set_error (db, error, rc);
      return FALSE;
    }
  return TRUE;
}

/* Binding, stepping and reading columns; NULL and text round trips */
static void
test_db_statements (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmDbStmt) insert = crm_db_prepare_persistent (f->db, "INSERT INTO t (name) VALUES (?1)", &error);
  g_autoptr(CrmDbStmt) select = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (crm_db_stmt_parameter_count (insert), ==, 1);
  crm_db_stmt_bind_text (insert, 1, "张三");
  g_assert_cmpint (crm_db_stmt_step (insert), ==, CRM_DB_DONE);
  g_assert_cmpint (crm_db_changes (f->db), ==, 1);
  g_assert_cmpint (crm_db_last_insert_id (f->db), ==, 1);
  crm_db_stmt_reset (insert);

  /* The same name again breaks the UNIQUE rule: a constraint, in words */
  g_assert_cmpint (crm_db_stmt_step (insert), ==, CRM_DB_CONSTRAINT);
  crm_db_set_error (f->db, &error, CRM_DB_CONSTRAINT);
  g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  select = crm_db_prepare (f->db, "SELECT id, name, NULL FROM t WHERE id = ?1", &error);
  g_assert_no_error (error);
  crm_db_stmt_bind_int64 (select, 1, 1);
  g_assert_cmpint (crm_db_stmt_step (select), ==, CRM_DB_ROW);
  g_assert_cmpint (crm_db_stmt_column_int64 (select, 0), ==, 1);
  g_assert_cmpstr (crm_db_stmt_column_text (select, 1), ==, "张三");
  g_assert_true (crm_db_stmt_column_is_null (select, 2));
  g_assert_false (crm_db_stmt_column_is_null (select, 1));
  g_assert_cmpint (crm_db_stmt_step (select), ==, CRM_DB_DONE);

  /* SQL the engine refuses: no statement, an error that says so */
  g_assert_null (crm_db_prepare (f->db, "SELECT nothing FROM nowhere", &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_FAILED);
}

/* crm_db_write(): commits what the work did, rolls back all of it when
 * the work fails, and gives up on a lock held elsewhere after its tries */
static void
test_db_write (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmDb) other = NULL;
  Insert first = { 0, "李四" };
  Insert again = { 0, "李四" };
  Insert locked = { 0, "王五" };

  g_assert_true (crm_db_write (f->db, insert_name, &first, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (first.calls, ==, 1);
  g_assert_false (crm_db_in_transaction (f->db));
  g_assert_cmpint (count_rows (f->db), ==, 1);

  /* A failing step: nothing kept, not retried (it is not a lock) */
  g_assert_false (crm_db_write (f->db, insert_name, &again, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_cmpuint (again.calls, ==, 1);
  g_assert_false (crm_db_in_transaction (f->db));
  g_assert_cmpint (count_rows (f->db), ==, 1);

  /* Another connection holds the write lock: tried three times, then the
   * person is told the database is in use; the work never ran */
  other = crm_db_sqlite_open (f->path, 1, 20, &error);
  g_assert_no_error (error);
  g_assert_true (crm_db_begin_write (other, &error));
  g_assert_no_error (error);
  g_assert_false (crm_db_write (f->db, insert_name, &locked, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_LOCKED);
  g_clear_error (&error);
  g_assert_cmpuint (locked.calls, ==, 0);
  crm_db_rollback (other);

  /* With the lock gone it goes through */
  g_assert_true (crm_db_write (f->db, insert_name, &locked, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (locked.calls, ==, 1);
  g_assert_cmpint (count_rows (f->db), ==, 2);
  g_assert_finalize_object (g_steal_pointer (&other));
}

/* The schema version, a reader on the same file, a consistent copy */
static void
test_db_version_reader_copy (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmDb) reader = NULL;
  g_autoptr(CrmDb) copy = NULL;
  g_autofree char *copy_path = g_build_filename (f->dir, "copy.db", NULL);
  Insert one = { 0, "赵六" };

  g_assert_cmpint (crm_db_get_schema_version (f->db), ==, 1);
  g_assert_true (crm_db_begin_write (f->db, &error));
  g_assert_true (crm_db_set_schema_version (f->db, 2, &error));
  g_assert_true (crm_db_commit (f->db, &error));
  g_assert_no_error (error);
  g_assert_cmpint (crm_db_get_schema_version (f->db), ==, 2);
  g_assert_true (crm_db_write (f->db, insert_name, &one, &error));

  reader = crm_db_open_reader (f->db, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (reader), ==, 1);
  /* The reader is read-only */
  g_assert_false (crm_db_exec (reader, "DELETE FROM t", &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_READ_ONLY);
  g_clear_error (&error);

  g_assert_true (crm_db_copy_to (f->db, copy_path, &error));
  g_assert_no_error (error);
  copy = crm_db_sqlite_open (copy_path, 2, 20, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (copy), ==, 1);
  g_assert_cmpint (crm_db_get_schema_version (copy), ==, 2);

  /* A file of a newer schema is refused before anything is written */
  g_assert_null (crm_db_sqlite_open (copy_path, 1, 20, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_TOO_NEW);

  g_assert_finalize_object (g_steal_pointer (&reader));
  g_assert_finalize_object (g_steal_pointer (&copy));
  g_unlink (copy_path);
  for (const char *s = "-wal"; s != NULL; s = s[1] == 'w' ? "-shm" : NULL)
    {
      g_autofree char *file = g_strconcat (copy_path, s, NULL);
      g_unlink (file);
    }
}

/* The one pass a backend's dialect hook makes over SQL text */
static void
test_db_sql_rewrite (void)
{
  static const CrmDbSqlRename renames[] = {
    { "string_agg", "group_concat" },
    { "greatest", "max" },
  };
  static const struct {
    const char    *sql;
    CrmDbSqlFlags  flags;
    const char    *expected;   /* NULL: unchanged */
  } cases[] = {
    { "SELECT string_agg(name, ', '), GREATEST (1, 2) FROM t", 0,
      "SELECT group_concat(name, ', '), max (1, 2) FROM t" },
    /* not in literals, quoted names or comments, not a column, not a
     * qualified name, not part of a longer name */
    { "SELECT 'greatest(1)', \"greatest\"(x), greatest, t.greatest(1), my_greatest(2)"
      " -- greatest(3)\n /* string_agg(x) */ FROM t", 0, NULL },
    { "SELECT 'it''s greatest(1)', greatest(1, 2)", 0, "SELECT 'it''s greatest(1)', max(1, 2)" },
    { "SELECT id FROM t INDEXED BY t_name WHERE name = ?1", 0, NULL },
    { "SELECT id FROM t INDEXED BY t_name WHERE name = ?1", CRM_DB_SQL_DROP_INDEX_HINTS,
      "SELECT id FROM t WHERE name = ?1" },
    { "UPDATE t indexed  by\n t_name SET name = 'INDEXED BY x' WHERE id = 1",
      CRM_DB_SQL_DROP_INDEX_HINTS, "UPDATE t SET name = 'INDEXED BY x' WHERE id = 1" },
    { "SELECT indexed FROM t", CRM_DB_SQL_DROP_INDEX_HINTS, NULL },
    { "SELECT a FROM t WHERE a = ?1 AND b = '?2' AND c = ?12", CRM_DB_SQL_DOLLAR_PARAMETERS,
      "SELECT a FROM t WHERE a = $1 AND b = '?2' AND c = $12" },
    { "SELECT x1e5, 1e5 FROM t", CRM_DB_SQL_DOLLAR_PARAMETERS | CRM_DB_SQL_DROP_INDEX_HINTS, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *rewritten = crm_db_sql_rewrite (cases[i].sql, renames,
                                                       G_N_ELEMENTS (renames), cases[i].flags);

      g_test_message ("%s", cases[i].sql);
      g_assert_cmpstr (rewritten, ==, cases[i].expected);
    }
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* The one text value @sql selects, its space-separated pieces sorted:
 * the order string_agg() gives them is the engine's */
static char *
select_pieces_sorted (CrmDb      *db,
                      const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmDbStmt) stmt = crm_db_prepare (db, sql, &error);
  g_auto(GStrv) pieces = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (crm_db_stmt_step (stmt), ==, CRM_DB_ROW);
  pieces = g_strsplit (crm_db_stmt_column_text (stmt, 0), " ", -1);
  g_qsort_with_data (pieces, g_strv_length (pieces), sizeof (char *), compare_strings, NULL);
  return g_strjoinv (" ", pieces);
}

/* The neutral spellings of crm-db.h run on SQLite; the same text with the
 * index hints dropped (as another backend prepares it) gives the same */
static void
test_db_dialect_sqlite (Fixture       *f,
                        gconstpointer  data)
{
  static const char agg_sql[] =
    "SELECT string_agg(CAST(id AS TEXT) || ':' || name, ' ') FROM t INDEXED BY t_name"
    " WHERE name IS DISTINCT FROM 'x'";
  static const char scalar_sql[] = "SELECT greatest(?1, 3), least(?1, 3), max(id), min(id) FROM t";
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmDbStmt) stmt = NULL;
  g_autofree char *translated = crm_db_translate_sql (f->db, agg_sql);
  g_autofree char *unhinted = crm_db_sql_rewrite (translated, NULL, 0, CRM_DB_SQL_DROP_INDEX_HINTS);
  g_autofree char *joined = NULL;
  g_autofree char *joined_unhinted = NULL;

  g_assert_cmpstr (translated, ==,
                   "SELECT group_concat(CAST(id AS TEXT) || ':' || name, ' ') FROM t INDEXED BY t_name"
                   " WHERE name IS DISTINCT FROM 'x'");
  g_assert_nonnull (unhinted);
  g_assert_null (strstr (unhinted, "INDEXED"));

  /* crm_db_exec() goes through the hook too */
  g_assert_true (crm_db_exec (f->db,
                              "CREATE INDEX t_name ON t (name);"
                              "INSERT INTO t (name) VALUES ('b'), ('a'), ('x')"
                              "  ON CONFLICT (name) DO NOTHING;"
                              "INSERT INTO t (name) VALUES ('a') ON CONFLICT (name) DO NOTHING;"
                              "CREATE TABLE u AS SELECT greatest(2, 5) AS hi, least(2, 5) AS lo",
                              &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (f->db), ==, 3);

  joined = select_pieces_sorted (f->db, agg_sql);
  g_assert_cmpstr (joined, ==, "1:b 2:a");
  joined_unhinted = select_pieces_sorted (f->db, unhinted);
  g_assert_cmpstr (joined_unhinted, ==, joined);

  stmt = crm_db_prepare (f->db, scalar_sql, &error);
  g_assert_no_error (error);
  crm_db_stmt_bind_int64 (stmt, 1, 5);
  g_assert_cmpint (crm_db_stmt_step (stmt), ==, CRM_DB_ROW);
  g_assert_cmpint (crm_db_stmt_column_int64 (stmt, 0), ==, 5);
  g_assert_cmpint (crm_db_stmt_column_int64 (stmt, 1), ==, 3);
  g_assert_cmpint (crm_db_stmt_column_int64 (stmt, 2), ==, 3);
  g_assert_cmpint (crm_db_stmt_column_int64 (stmt, 3), ==, 1);
  g_clear_pointer (&stmt, crm_db_stmt_free);

  stmt = crm_db_prepare (f->db, "SELECT hi, lo FROM u", &error);
  g_assert_no_error (error);
  g_assert_cmpint (crm_db_stmt_step (stmt), ==, CRM_DB_ROW);
  g_assert_cmpint (crm_db_stmt_column_int64 (stmt, 0), ==, 5);
  g_assert_cmpint (crm_db_stmt_column_int64 (stmt, 1), ==, 2);
}

/* The fixture's file, or a database of its own on the test server */
static CrmDb *
backend_db (Fixture  *f,
            char    **uri)
{
  g_autoptr(GError) error = NULL;
  CrmDb *db;

  *uri = NULL;
  if (!crm_test_backend_is_postgresql ())
    return g_object_ref (f->db);

  *uri = crm_test_pg_new_database ();
  db = crm_db_pg_open (*uri, CRM_STORE_SCHEMA_VERSION, &error);
  g_assert_no_error (error);
  return db;
}

static void
backend_db_close (CrmDb *db,
                  char  *uri)
{
  g_object_unref (db);
  if (uri != NULL)
    crm_test_pg_drop_database (uri);
  g_free (uri);
}

/* A table of 10,000 rows whose ids pass 2^32 */
#define PROBE_ROWS 10000
#define PROBE_ID(i) ((gint64) (i) * 1000003 + G_GINT64_CONSTANT (5000000000))

static void
create_probe (CrmDb *db)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = crm_db_exec (db,
                    "CREATE TABLE probe (id BIGINT PRIMARY KEY, k INTEGER NOT NULL,"
                    "  name TEXT NOT NULL, flag BOOLEAN NOT NULL);"
                    "WITH RECURSIVE s (i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < 9999)"
                    " INSERT INTO probe (id, k, name, flag)"
                    " SELECT CAST (i AS BIGINT) * 1000003 + 5000000000, i % 7, 'n' || CAST (i AS TEXT), i % 2 = 1"
                    " FROM s",
                    &error);
  g_assert_no_error (error);
  g_assert_true (ok);
}

/* What stepping row by row gives */
static GArray *
step_ids (CrmDb      *db,
          const char *sql,
          gint64      k)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmDbStmt) stmt = crm_db_prepare (db, sql, &error);
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  CrmDbResult rc;

  g_assert_no_error (error);
  crm_db_stmt_bind_int64 (stmt, 1, k);
  while ((rc = crm_db_stmt_step (stmt)) == CRM_DB_ROW)
    {
      gint64 id = crm_db_stmt_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  g_assert_cmpint (rc, ==, CRM_DB_DONE);
  return ids;
}

static void
assert_same_ids (GArray *a,
                 GArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    g_assert_cmpint (g_array_index (a, gint64, i), ==, g_array_index (b, gint64, i));
}

/* A list's ids read in chunks: the order and the values stepping gives,
 * on a statement kept (prepared on the server) and on a passing one,
 * again after a reset, after a first step, and none */
static void
test_db_read_ids (Fixture       *f,
                  gconstpointer  data)
{
  static const char sql[] = "SELECT id FROM probe WHERE k <> ?1 ORDER BY name DESC, id";
  g_autoptr(GError) error = NULL;
  char *uri;
  CrmDb *db = backend_db (f, &uri);
  g_autoptr(GArray) expected = NULL;
  CrmDbStmt *stmts[2];

  create_probe (db);
  expected = step_ids (db, sql, 5);
  /* n9999 first (k = 3); every k but 5 */
  g_assert_cmpuint (expected->len, ==, PROBE_ROWS - PROBE_ROWS / 7);
  g_assert_cmpint (g_array_index (expected, gint64, 0), ==, PROBE_ID (9999));

  stmts[0] = crm_db_prepare_persistent (db, sql, &error);
  g_assert_no_error (error);
  stmts[1] = crm_db_prepare (db, sql, &error);
  g_assert_no_error (error);

  for (guint s = 0; s < G_N_ELEMENTS (stmts); s++)
    for (guint run = 0; run < 2; run++)
      {
        g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
        g_autoptr(GArray) k3 = NULL;
        CrmDbResult rc;
        guint calls = 0;

        crm_db_stmt_bind_int64 (stmts[s], 1, 5);
        do
          {
            guint before = ids->len;

            rc = crm_db_stmt_read_ids (stmts[s], ids, 1000);
            calls++;
            g_assert_cmpuint (ids->len - before, <=, 1000);
          }
        while (rc == CRM_DB_ROW);
        g_assert_cmpint (rc, ==, CRM_DB_DONE);
        g_assert_cmpuint (calls, >=, expected->len / 1000);
        assert_same_ids (ids, expected);
        crm_db_stmt_reset (stmts[s]);

        /* Another value, all at once */
        g_array_set_size (ids, 0);
        k3 = step_ids (db, sql, 3);
        crm_db_stmt_bind_int64 (stmts[s], 1, 3);
        g_assert_cmpint (crm_db_stmt_read_ids (stmts[s], ids, G_MAXUINT), ==, CRM_DB_DONE);
        assert_same_ids (ids, k3);
        crm_db_stmt_reset (stmts[s]);

        /* Read on after a first step: the rows after it */
        g_array_set_size (ids, 0);
        crm_db_stmt_bind_int64 (stmts[s], 1, 5);
        g_assert_cmpint (crm_db_stmt_step (stmts[s]), ==, CRM_DB_ROW);
        g_assert_cmpint (crm_db_stmt_column_int64 (stmts[s], 0), ==, PROBE_ID (9999));
        g_assert_cmpint (crm_db_stmt_read_ids (stmts[s], ids, G_MAXUINT), ==, CRM_DB_DONE);
        g_assert_cmpuint (ids->len, ==, expected->len - 1);
        g_assert_cmpint (g_array_index (ids, gint64, 0), ==, g_array_index (expected, gint64, 1));
        crm_db_stmt_reset (stmts[s]);
      }

  /* No rows */
  {
    g_autoptr(CrmDbStmt) none = crm_db_prepare (db, "SELECT id FROM probe WHERE k = ?1 ORDER BY id", &error);
    g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

    g_assert_no_error (error);
    crm_db_stmt_bind_int64 (none, 1, 99);
    g_assert_cmpint (crm_db_stmt_read_ids (none, ids, 10), ==, CRM_DB_DONE);
    g_assert_cmpuint (ids->len, ==, 0);
  }

  crm_db_stmt_free (stmts[0]);
  crm_db_stmt_free (stmts[1]);
  backend_db_close (db, uri);
}

/* Integers of each width, truth values and text read back the same on
 * both backends, as numbers and as text (a server sends some in binary) */
static void
test_db_values (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  char *uri;
  CrmDb *db = backend_db (f, &uri);
  g_autoptr(CrmDbStmt) stmt = NULL;

  create_probe (db);
  stmt = crm_db_prepare (db,
                         "SELECT id, k - 10, CAST (k AS SMALLINT), flag, name, NULL, count(*) OVER ()"
                         " FROM probe WHERE id = ?1",
                         &error);
  g_assert_no_error (error);
  crm_db_stmt_bind_int64 (stmt, 1, PROBE_ID (9999));
  g_assert_cmpint (crm_db_stmt_step (stmt), ==, CRM_DB_ROW);
  g_assert_cmpint (crm_db_stmt_column_int64 (stmt, 0), ==, PROBE_ID (9999));
  g_assert_cmpstr (crm_db_stmt_column_text (stmt, 0), ==, "14999029997");
  g_assert_cmpint (crm_db_stmt_column_int64 (stmt, 1), ==, -7);
  g_assert_cmpstr (crm_db_stmt_column_text (stmt, 1), ==, "-7");
  g_assert_cmpint (crm_db_stmt_column_int64 (stmt, 2), ==, 3);
  g_assert_cmpstr (crm_db_stmt_column_text (stmt, 2), ==, "3");
  g_assert_cmpint (crm_db_stmt_column_int64 (stmt, 3), ==, 1);
  g_assert_cmpstr (crm_db_stmt_column_text (stmt, 3), ==, "1");
  g_assert_cmpstr (crm_db_stmt_column_text (stmt, 4), ==, "n9999");
  g_assert_true (crm_db_stmt_column_is_null (stmt, 5));
  g_assert_null (crm_db_stmt_column_text (stmt, 5));
  g_assert_cmpint (crm_db_stmt_column_int64 (stmt, 5), ==, 0);
  g_assert_cmpint (crm_db_stmt_column_int64 (stmt, 6), ==, 1);
  /* two texts at once stay apart */
  g_assert_cmpstr (crm_db_stmt_column_text (stmt, 0), !=, crm_db_stmt_column_text (stmt, 1));
  g_assert_cmpint (crm_db_stmt_step (stmt), ==, CRM_DB_DONE);
  g_clear_pointer (&stmt, crm_db_stmt_free);
  backend_db_close (db, uri);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/db/statements", Fixture, NULL, setup, test_db_statements, teardown);
  g_test_add ("/db/write", Fixture, NULL, setup, test_db_write, teardown);
  g_test_add ("/db/version-reader-copy", Fixture, NULL, setup, test_db_version_reader_copy, teardown);
  g_test_add_func ("/db/sql-rewrite", test_db_sql_rewrite);
  g_test_add ("/db/dialect-sqlite", Fixture, NULL, setup, test_db_dialect_sqlite, teardown);
  g_test_add ("/db/read-ids", Fixture, NULL, setup, test_db_read_ids, teardown);
  g_test_add ("/db/values", Fixture, NULL, setup, test_db_values, teardown);

  return g_test_run ();
}
