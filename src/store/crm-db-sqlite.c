/* crm-db-sqlite.c: the SQLite backend of the connection seam
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The only file of Showroom that calls sqlite3_*. One desktop's showroom
 * lives in one SQLite file in WAL mode; a worker thread reads through a
 * second, read-only connection (crm_db_open_reader()).
 */
#define G_LOG_DOMAIN "crm-db"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "crm-db-sqlite.h"
#include "crm-error.h"

/* PRAGMA application_id of every Showroom database: "SHOW" */
#define APPLICATION_ID 0x53484F57

struct _CrmDbSqlite
{
  CrmDb    parent_instance;

  sqlite3 *db;
  char    *path;
  int      busy_timeout_ms;
};

G_DEFINE_FINAL_TYPE (CrmDbSqlite, crm_db_sqlite, CRM_TYPE_DB)

typedef struct
{
  CrmDbStmt     parent;
  sqlite3_stmt *stmt;
} SqliteStmt;

/* ------------------------------------------------------------------ */
/* Results                                                             */

static CrmDbResult
map_result (int rc)
{
  switch (rc & 0xff)
    {
    case SQLITE_OK:         return CRM_DB_OK;
    case SQLITE_ROW:        return CRM_DB_ROW;
    case SQLITE_DONE:       return CRM_DB_DONE;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:     return CRM_DB_BUSY;
    case SQLITE_CONSTRAINT: return CRM_DB_CONSTRAINT;
    case SQLITE_READONLY:
    case SQLITE_PERM:       return CRM_DB_READ_ONLY;
    case SQLITE_FULL:       return CRM_DB_FULL;
    case SQLITE_IOERR:      return CRM_DB_IO_ERROR;
    case SQLITE_CORRUPT:    return CRM_DB_CORRUPT;
    case SQLITE_NOTADB:     return CRM_DB_NOT_A_DB;
    case SQLITE_CANTOPEN:   return CRM_DB_CANT_OPEN;
    case SQLITE_INTERRUPT:  return CRM_DB_INTERRUPT;
    default:                return CRM_DB_ERROR;
    }
}

/* ------------------------------------------------------------------ */
/* Statements                                                          */

static void
stmt_bind_int64 (CrmDbStmt *stmt,
                 int        index,
                 gint64     value)
{
  sqlite3_bind_int64 (((SqliteStmt *) stmt)->stmt, index, value);
}

static void
stmt_bind_text (CrmDbStmt  *stmt,
                int         index,
                const char *text,
                gboolean    copy)
{
  sqlite3_bind_text (((SqliteStmt *) stmt)->stmt, index, text, -1,
                     copy ? SQLITE_TRANSIENT : SQLITE_STATIC);
}

static void
stmt_bind_null (CrmDbStmt *stmt,
                int        index)
{
  sqlite3_bind_null (((SqliteStmt *) stmt)->stmt, index);
}

static int
stmt_parameter_count (CrmDbStmt *stmt)
{
  return sqlite3_bind_parameter_count (((SqliteStmt *) stmt)->stmt);
}

static CrmDbResult
stmt_step (CrmDbStmt *stmt)
{
  return map_result (sqlite3_step (((SqliteStmt *) stmt)->stmt));
}

static gint64
stmt_column_int64 (CrmDbStmt *stmt,
                   int        column)
{
  return sqlite3_column_int64 (((SqliteStmt *) stmt)->stmt, column);
}

static const char *
stmt_column_text (CrmDbStmt *stmt,
                  int        column)
{
  return (const char *) sqlite3_column_text (((SqliteStmt *) stmt)->stmt, column);
}

static gboolean
stmt_column_is_null (CrmDbStmt *stmt,
                     int        column)
{
  return sqlite3_column_type (((SqliteStmt *) stmt)->stmt, column) == SQLITE_NULL;
}

static void
stmt_reset (CrmDbStmt *stmt)
{
  sqlite3_reset (((SqliteStmt *) stmt)->stmt);
}

static void
stmt_clear_bindings (CrmDbStmt *stmt)
{
  sqlite3_clear_bindings (((SqliteStmt *) stmt)->stmt);
}

static void
stmt_free (CrmDbStmt *stmt)
{
  sqlite3_finalize (((SqliteStmt *) stmt)->stmt);
  g_free (stmt);
}

static const CrmDbStmtClass sqlite_stmt_class = {
  .bind_int64 = stmt_bind_int64,
  .bind_text = stmt_bind_text,
  .bind_null = stmt_bind_null,
  .parameter_count = stmt_parameter_count,
  .step = stmt_step,
  .column_int64 = stmt_column_int64,
  .column_text = stmt_column_text,
  .column_is_null = stmt_column_is_null,
  .reset = stmt_reset,
  .clear_bindings = stmt_clear_bindings,
  .free = stmt_free,
};

/* ------------------------------------------------------------------ */
/* Connection                                                          */

static CrmDbStmt *
crm_db_sqlite_prepare (CrmDb       *db,
                       const char  *sql,
                       gboolean     persistent,
                       CrmDbResult *result)
{
  CrmDbSqlite *self = CRM_DB_SQLITE (db);
  sqlite3_stmt *raw = NULL;
  SqliteStmt *stmt;
  int rc;

  rc = sqlite3_prepare_v3 (self->db, sql, -1, persistent ? SQLITE_PREPARE_PERSISTENT : 0,
                           &raw, NULL);
  if (rc != SQLITE_OK)
    {
      *result = map_result (rc);
      return NULL;
    }

  stmt = g_new0 (SqliteStmt, 1);
  stmt->parent.klass = &sqlite_stmt_class;
  stmt->stmt = raw;
  return (CrmDbStmt *) stmt;
}

static CrmDbResult
crm_db_sqlite_exec (CrmDb      *db,
                    const char *sql)
{
  return map_result (sqlite3_exec (CRM_DB_SQLITE (db)->db, sql, NULL, NULL, NULL));
}

static CrmDbResult
crm_db_sqlite_begin_write (CrmDb *db)
{
  /* IMMEDIATE: the write lock now, or SQLITE_BUSY after the busy timeout;
   * a deferred transaction that upgrades later can fail with
   * SQLITE_BUSY_SNAPSHOT, which no timeout saves */
  return crm_db_sqlite_exec (db, "BEGIN IMMEDIATE");
}

static gboolean
crm_db_sqlite_in_transaction (CrmDb *db)
{
  return sqlite3_get_autocommit (CRM_DB_SQLITE (db)->db) == 0;
}

static gint64
crm_db_sqlite_changes (CrmDb *db)
{
  return sqlite3_changes (CRM_DB_SQLITE (db)->db);
}

static gint64
crm_db_sqlite_last_insert_id (CrmDb *db)
{
  return sqlite3_last_insert_rowid (CRM_DB_SQLITE (db)->db);
}

static const char *
crm_db_sqlite_error_message (CrmDb       *db,
                             CrmDbResult  result)
{
  CrmDbSqlite *self = CRM_DB_SQLITE (db);

  return self->db != NULL ? sqlite3_errmsg (self->db) : "";
}

static gboolean
pragma_int (sqlite3     *db,
            const char  *sql,
            int         *out)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return rc == SQLITE_ROW;
}

static int
crm_db_sqlite_get_schema_version (CrmDb *db)
{
  int version = -1;

  if (!pragma_int (CRM_DB_SQLITE (db)->db, "PRAGMA user_version", &version))
    return -1;
  return version;
}

/* PRAGMA data_version: changes when another connection commits */
static gint64
crm_db_sqlite_data_version (CrmDb *db)
{
  int version = -1;

  if (!pragma_int (CRM_DB_SQLITE (db)->db, "PRAGMA data_version", &version))
    return -1;
  return version;
}

static gboolean
crm_db_sqlite_set_schema_version (CrmDb   *db,
                                  int      version,
                                  GError **error)
{
  g_autofree char *pragma = NULL;

  /* PRAGMA takes no bound parameters; the numbers are ours, not input */
  pragma = g_strdup_printf ("PRAGMA user_version = %d; PRAGMA application_id = %d;",
                            version, APPLICATION_ID);
  return crm_db_exec (db, pragma, error);
}

/**
 * crm_db_sqlite_wait_longer:
 * @longer: wait @longer_ms for the write lock, or the usual time again
 *
 * Another program said its long write holds the lock: a writer here waits
 * it out rather than fail after the usual busy timeout.
 */
void
crm_db_sqlite_wait_longer (CrmDbSqlite *self,
                           gboolean     longer,
                           int          longer_ms)
{
  g_return_if_fail (CRM_IS_DB_SQLITE (self));

  if (self->db != NULL)
    sqlite3_busy_timeout (self->db, longer ? MAX (longer_ms, self->busy_timeout_ms) : self->busy_timeout_ms);
}

static sqlite3 *
open_connection (const char  *path,
                 int          flags,
                 int          busy_timeout_ms,
                 int         *rc_out)
{
  sqlite3 *db = NULL;
  int rc = sqlite3_open_v2 (path, &db, flags, NULL);

  if (rc == SQLITE_OK)
    {
      sqlite3_extended_result_codes (db, TRUE);
      sqlite3_busy_timeout (db, busy_timeout_ms);
    }
  *rc_out = rc;
  return db;
}

static CrmDb *
crm_db_sqlite_open_reader (CrmDb   *db,
                           GError **error)
{
  CrmDbSqlite *self = CRM_DB_SQLITE (db);
  g_autoptr(CrmDbSqlite) reader = g_object_new (CRM_TYPE_DB_SQLITE, NULL);
  int rc;

  reader->path = g_strdup (self->path);
  reader->busy_timeout_ms = self->busy_timeout_ms;
  reader->db = open_connection (self->path, SQLITE_OPEN_READONLY, self->busy_timeout_ms, &rc);

  /* The reader scans whole tables (lists, the search index): a page cache
   * smaller than SQLite's 2 MB default loses nothing there and keeps the
   * memory a big showroom costs down */
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (reader->db, "PRAGMA cache_size = -512", NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      crm_db_set_error (CRM_DB (reader), error, map_result (rc));
      return NULL;
    }
  return CRM_DB (g_steal_pointer (&reader));
}

/* Pages copied per step of the online backup: 256 pages of 4 KB, 1 MB */
#define BACKUP_STEP_PAGES 256

static int
exec_raw (sqlite3    *db,
          const char *sql)
{
  return sqlite3_exec (db, sql, NULL, NULL, NULL);
}

/* Starts a read transaction now (a bare BEGIN waits for the first read) */
static int
begin_snapshot (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  int rc = exec_raw (db, "BEGIN");

  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (db, "SELECT count(*) FROM sqlite_schema", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt) == SQLITE_ROW ? SQLITE_OK : sqlite3_errcode (db);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_OK && sqlite3_get_autocommit (db) == 0)
    exec_raw (db, "ROLLBACK");
  return rc;
}

/* Copies @src into @dest with SQLite's online backup API, a few pages at a
 * time. Each step takes the locks only while it runs; a busy destination
 * is waited for between steps. */
static int
backup_pages (sqlite3 *dest,
              sqlite3 *src)
{
  sqlite3_backup *backup = sqlite3_backup_init (dest, "main", src, "main");
  int rc;

  if (backup == NULL)
    return sqlite3_errcode (dest);

  do
    {
      rc = sqlite3_backup_step (backup, BACKUP_STEP_PAGES);
      if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
        sqlite3_sleep (20);
    }
  while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);

  sqlite3_backup_finish (backup);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* SQLite's online backup API: a consistent copy while others may write.
 *
 * The source is copied in small steps, which SQLite would start over
 * whenever another connection commits in between: on a showroom in use,
 * possibly for ever. A read transaction held on the source for the whole
 * copy pins one snapshot instead, so the copy is of one moment and never
 * restarts. In WAL mode that blocks no writer (it only keeps the WAL from
 * being reset until the copy is done). The copy is a plain rollback-journal
 * file: one file to carry to a USB disk or a network share, no -wal. */
static gboolean
crm_db_sqlite_copy_to (CrmDb       *db,
                       const char  *path,
                       GError     **error)
{
  CrmDbSqlite *self = CRM_DB_SQLITE (db);
  gboolean own_snapshot = FALSE;
  sqlite3 *copy = NULL;
  int rc;

  if (sqlite3_get_autocommit (self->db))
    {
      rc = begin_snapshot (self->db);
      own_snapshot = rc == SQLITE_OK;
    }
  else
    rc = SQLITE_OK;

  if (rc == SQLITE_OK)
    rc = sqlite3_open_v2 (path, &copy, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (rc == SQLITE_OK)
    rc = backup_pages (copy, self->db);
  if (rc == SQLITE_OK)
    rc = exec_raw (copy, "PRAGMA journal_mode = DELETE");
  sqlite3_close (copy);
  if (own_snapshot)
    exec_raw (self->db, "COMMIT");

  if (rc != SQLITE_OK)
    {
      g_set_error (error, CRM_ERROR, rc == SQLITE_FULL ? CRM_ERROR_FAILED :
                   (rc & 0xff) == SQLITE_CORRUPT ? CRM_ERROR_CORRUPT : CRM_ERROR_FAILED,
                   _("Could not copy the showroom database (%s)."),
                   sqlite3_errstr (rc));
      g_unlink (path);
      return FALSE;
    }
  return TRUE;
}

/* quick_check reads every page and checks the b-trees; integrity_check
 * also that every index matches its table. Both stop after a few faults:
 * one is enough to know. */
static gboolean
crm_db_sqlite_check (CrmDb            *db,
                     CrmDbCheckDepth   depth,
                     GError          **error)
{
  CrmDbSqlite *self = CRM_DB_SQLITE (db);
  const char *sql = depth == CRM_DB_CHECK_FULL ? "PRAGMA integrity_check(3)" : "PRAGMA quick_check(3)";
  g_autoptr(GString) faults = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *line = (const char *) sqlite3_column_text (stmt, 0);

      /* The first fault comes after a "*** in database main ***" line */
      if (line != NULL && g_str_has_prefix (line, "*** ") && strchr (line, '\n') != NULL)
        line = strchr (line, '\n') + 1;
      if (g_strcmp0 (line, "ok") != 0)
        g_string_append_printf (faults, "%s%s", faults->len ? "; " : "", line ? line : "");
      rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    {
      if ((rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB || (rc & 0xff) == SQLITE_IOERR)
        g_string_append (faults, sqlite3_errstr (rc));
      else
        {
          crm_db_set_error (db, error, map_result (rc));
          return FALSE;
        }
    }

  if (faults->len > 0)
    {
      g_message ("%s: %s", self->path, faults->str);
      g_set_error (error, CRM_ERROR, CRM_ERROR_CORRUPT,
                   _("Part of the showroom database is damaged: the check of the file found "
                     "errors (%s)."), faults->str);
      return FALSE;
    }
  return TRUE;
}

/* The backup API the other way round: the copy's pages become this
 * database's in one write transaction, which readers (and other desktops
 * using the file) see whole. The copy must have the same page size as a
 * database in WAL mode; Showroom's are all 4 KB. */
static gboolean
crm_db_sqlite_restore_from (CrmDb       *db,
                            const char  *path,
                            GError     **error)
{
  CrmDbSqlite *self = CRM_DB_SQLITE (db);
  sqlite3 *src = NULL;
  int rc;

  rc = sqlite3_open_v2 (path, &src, SQLITE_OPEN_READONLY, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_busy_timeout (src, self->busy_timeout_ms);
      rc = begin_snapshot (src);
    }
  if (rc == SQLITE_OK)
    {
      /* The whole copy in one step: the destination's write lock is held
       * once, and no reader of this file ever sees half of it */
      sqlite3_backup *backup = sqlite3_backup_init (self->db, "main", src, "main");

      if (backup == NULL)
        rc = sqlite3_errcode (self->db);
      else
        {
          do
            rc = sqlite3_backup_step (backup, -1);
          while ((rc == SQLITE_BUSY || rc == SQLITE_LOCKED) && (sqlite3_sleep (50), TRUE));
          sqlite3_backup_finish (backup);
          if (rc == SQLITE_DONE)
            rc = SQLITE_OK;
        }
      exec_raw (src, "COMMIT");
    }
  sqlite3_close (src);

  if (rc != SQLITE_OK)
    {
      g_set_error (error, CRM_ERROR, (rc & 0xff) == SQLITE_BUSY ? CRM_ERROR_LOCKED : CRM_ERROR_FAILED,
                   _("Could not put the backup in place (%s). The showroom database was not changed."),
                   sqlite3_errstr (rc));
      return FALSE;
    }
  return TRUE;
}

static void
crm_db_sqlite_set_query_only (CrmDb    *db,
                              gboolean  query_only)
{
  crm_db_sqlite_exec (db, query_only ? "PRAGMA query_only = ON" : "PRAGMA query_only = OFF");
}

/* ------------------------------------------------------------------ */
/* Dialect                                                             */

/* The neutral spellings of crm-db.h in SQLite 3.40's words. Placeholders
 * (?N) and INDEXED BY hints are SQLite's own and stay. */
static const CrmDbSqlRename sqlite_renames[] = {
  { "string_agg", "group_concat" },
  { "greatest", "max" },
  { "least", "min" },
};

/**
 * crm_db_sqlite_translate_sql:
 * @sql: text in the neutral dialect of crm-db.h
 *
 * What the SQLite backend prepares for @sql; also for scripts run in the
 * sqlite3 shell.
 *
 * Returns: (transfer full): SQLite's text
 */
char *
crm_db_sqlite_translate_sql (const char *sql)
{
  char *translated = crm_db_sql_rewrite (sql, sqlite_renames, G_N_ELEMENTS (sqlite_renames), 0);

  return translated != NULL ? translated : g_strdup (sql);
}

static char *
crm_db_sqlite_translate (CrmDb      *db,
                         const char *sql)
{
  return crm_db_sql_rewrite (sql, sqlite_renames, G_N_ELEMENTS (sqlite_renames), 0);
}

/* Inside a transaction each statement keeps its own undo (the statement
 * journal) in case it fails halfway; when triggers make it touch many
 * pages that journal outgrows 64 KB and goes to a temporary file, written
 * and thrown away once per row (a quarter of an import's time). A bulk
 * writer keeps statement journals and temporary trees in memory; %FALSE
 * goes back to temporary files. */
static void
crm_db_sqlite_set_bulk (CrmDb    *db,
                        gboolean  bulk)
{
  crm_db_sqlite_exec (db, bulk ? "PRAGMA temp_store = MEMORY" : "PRAGMA temp_store = DEFAULT");
}

static void
crm_db_sqlite_finalize (GObject *object)
{
  CrmDbSqlite *self = CRM_DB_SQLITE (object);

  if (self->db != NULL)
    sqlite3_close_v2 (self->db);
  g_free (self->path);

  G_OBJECT_CLASS (crm_db_sqlite_parent_class)->finalize (object);
}

static void
crm_db_sqlite_class_init (CrmDbSqliteClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  CrmDbClass *db_class = CRM_DB_CLASS (klass);

  object_class->finalize = crm_db_sqlite_finalize;

  db_class->prepare = crm_db_sqlite_prepare;
  db_class->exec = crm_db_sqlite_exec;
  db_class->begin_write = crm_db_sqlite_begin_write;
  db_class->in_transaction = crm_db_sqlite_in_transaction;
  db_class->changes = crm_db_sqlite_changes;
  db_class->last_insert_id = crm_db_sqlite_last_insert_id;
  db_class->error_message = crm_db_sqlite_error_message;
  db_class->get_schema_version = crm_db_sqlite_get_schema_version;
  db_class->set_schema_version = crm_db_sqlite_set_schema_version;
  db_class->open_reader = crm_db_sqlite_open_reader;
  db_class->copy_to = crm_db_sqlite_copy_to;
  db_class->data_version = crm_db_sqlite_data_version;
  db_class->translate_sql = crm_db_sqlite_translate;
  db_class->set_bulk = crm_db_sqlite_set_bulk;
  db_class->check = crm_db_sqlite_check;
  db_class->restore_from = crm_db_sqlite_restore_from;
  db_class->set_query_only = crm_db_sqlite_set_query_only;
}

static void
crm_db_sqlite_init (CrmDbSqlite *self)
{
}

/* ------------------------------------------------------------------ */
/* Opening                                                             */

static guint32
read_be32 (const guchar *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

/* A file whose header says it has more pages than it holds was cut off
 * (a copy to a full USB disk, a download that stopped). SQLite trusts the
 * header's page count only while the change counter (24) matches the
 * "version valid for" number (92); a WAL beside the file may still hold
 * the missing pages of an interrupted checkpoint, so then it is left to
 * SQLite. */
static gboolean
is_truncated (const char   *path,
              const guchar *header,
              goffset       size)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  GStatBuf st;
  guint32 page_size = ((guint32) header[16] << 8) | header[17];
  guint32 n_pages = read_be32 (header + 28);

  if (page_size == 1)
    page_size = 65536;
  if (n_pages == 0 || read_be32 (header + 24) != read_be32 (header + 92))
    return FALSE;
  if (g_stat (wal, &st) == 0 && st.st_size > 0)
    return FALSE;
  return (guint64) size < (guint64) page_size * n_pages;
}

static gboolean
looks_like_sqlite (const char  *path,
                   GError     **error)
{
  static const char magic[16] = "SQLite format 3";
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) in = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) local_error = NULL;
  guchar header[100] = { 0 };
  gsize n_read = 0;

  in = g_file_read (file, NULL, &local_error);
  if (in == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        return TRUE;
      g_set_error (error, CRM_ERROR, CRM_ERROR_READ_ONLY,
                   _("The showroom database “%s” cannot be read: %s"),
                   path, local_error->message);
      return FALSE;
    }

  if (!g_input_stream_read_all (G_INPUT_STREAM (in), header, sizeof header, &n_read, NULL, &local_error) ||
      (info = g_file_input_stream_query_info (in, G_FILE_ATTRIBUTE_STANDARD_SIZE, NULL, &local_error)) == NULL)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_READ_ONLY,
                   _("The showroom database “%s” cannot be read: %s"),
                   path, local_error->message);
      return FALSE;
    }

  if (n_read != 0 && (n_read < sizeof magic || memcmp (header, magic, sizeof magic) != 0))
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_A_DATABASE,
                   _("“%s” is not a Showroom database. Nothing in it was changed."),
                   path);
      return FALSE;
    }

  if (n_read != 0 && (n_read < sizeof header || is_truncated (path, header, g_file_info_get_size (info))))
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_CORRUPT,
                   _("The showroom database “%s” is incomplete: the file is shorter than it "
                     "should be, as if a copy of it had stopped halfway. Nothing in it was changed."),
                   path);
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_writable (const char  *path,
                GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  gboolean exists = g_file_test (path, G_FILE_TEST_EXISTS);

  /* WAL needs to create the -wal and -shm files beside the database */
  if ((exists && g_access (path, W_OK) != 0) || g_access (dir, W_OK) != 0)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_READ_ONLY,
                   _("The showroom database “%s” is read-only: Showroom needs to write "
                     "to the file and its folder. Nothing was changed."),
                   path);
      return FALSE;
    }
  return TRUE;
}

/* Whose file it is and which version wrote it: read, never written */
static gboolean
check_identity (CrmDbSqlite  *self,
                int           max_schema_version,
                GError      **error)
{
  const char *path = self->path;
  int application_id = 0;
  int version = 0;
  int n_tables = 0;

  if (!pragma_int (self->db, "PRAGMA application_id", &application_id) ||
      !pragma_int (self->db, "PRAGMA user_version", &version) ||
      !pragma_int (self->db, "SELECT count(*) FROM sqlite_schema", &n_tables))
    {
      crm_db_set_error (CRM_DB (self), error, map_result (sqlite3_errcode (self->db)));
      return FALSE;
    }

  if (application_id != APPLICATION_ID && (version != 0 || n_tables != 0))
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_A_DATABASE,
                   _("“%s” is a database of another program, not a Showroom database. "
                     "Nothing in it was changed."),
                   path);
      return FALSE;
    }

  if (version > max_schema_version)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_TOO_NEW,
                   _("This showroom database was saved by a newer version of Showroom "
                     "(data version %d; this version knows up to %d). "
                     "Update Showroom to open it; the file was not changed."),
                   version, max_schema_version);
      return FALSE;
    }

  return TRUE;
}

/**
 * crm_db_sqlite_open:
 * @path: the database file; created when it does not exist
 * @max_schema_version: the newest schema this program knows
 * @busy_timeout_ms: how long to wait for another program's lock
 * @error: a CRM_ERROR saying why the file cannot be used
 *
 * Opens a Showroom SQLite file for reading and writing. A file that is not
 * an SQLite database, belongs to another program or comes from a newer
 * Showroom is refused before anything is written to it; then the
 * connection is set up (WAL, foreign keys, full sync).
 *
 * Returns: (transfer full): the connection, or %NULL with @error set
 */
CrmDb *
crm_db_sqlite_open (const char  *path,
                    int          max_schema_version,
                    int          busy_timeout_ms,
                    GError     **error)
{
  g_autoptr(CrmDbSqlite) self = NULL;
  g_autofree char *dir = NULL;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, CRM_ERROR, CRM_ERROR_READ_ONLY,
                   _("The folder for the showroom database cannot be created: %s"),
                   g_strerror (saved_errno));
      return NULL;
    }

  if (!looks_like_sqlite (path, error) || !check_writable (path, error))
    return NULL;

  self = g_object_new (CRM_TYPE_DB_SQLITE, NULL);
  self->path = g_strdup (path);
  self->busy_timeout_ms = busy_timeout_ms;
  self->db = open_connection (path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                              busy_timeout_ms, &rc);
  if (rc != SQLITE_OK)
    {
      crm_db_set_error (CRM_DB (self), error, map_result (rc));
      return NULL;
    }

  if (!check_identity (self, max_schema_version, error))
    return NULL;

  if (!crm_db_exec (CRM_DB (self), "PRAGMA journal_mode = WAL", error) ||
      !crm_db_exec (CRM_DB (self), "PRAGMA foreign_keys = ON", error) ||
      !crm_db_exec (CRM_DB (self), "PRAGMA synchronous = FULL", error))
    return NULL;

  return CRM_DB (g_steal_pointer (&self));
}

/**
 * crm_db_sqlite_open_read_only:
 * @path: a database file that must exist: a backup, a file to check
 * @max_schema_version: the newest schema this program knows
 * @error: a CRM_ERROR saying why the file cannot be used
 *
 * Opens a Showroom SQLite file only to read it, with the checks of
 * crm_db_sqlite_open() (not a database, cut off, another program's, from
 * a newer Showroom). Nothing is written to the file or beside it.
 *
 * Returns: (transfer full): the connection, or %NULL with @error set
 */
CrmDb *
crm_db_sqlite_open_read_only (const char  *path,
                              int          max_schema_version,
                              GError     **error)
{
  g_autoptr(CrmDbSqlite) self = NULL;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND,
                   _("The file “%s” does not exist."), path);
      return NULL;
    }
  if (!looks_like_sqlite (path, error))
    return NULL;

  self = g_object_new (CRM_TYPE_DB_SQLITE, NULL);
  self->path = g_strdup (path);
  self->busy_timeout_ms = 5000;
  self->db = open_connection (path, SQLITE_OPEN_READONLY, self->busy_timeout_ms, &rc);
  if (rc != SQLITE_OK)
    {
      crm_db_set_error (CRM_DB (self), error, map_result (rc));
      return NULL;
    }

  /* A file in WAL mode whose -shm cannot be made (a read-only folder)
   * is read as it is on disk */
  if (!check_identity (self, max_schema_version, NULL) &&
      (sqlite3_errcode (self->db) & 0xff) == SQLITE_CANTOPEN)
    {
      g_autofree char *escaped = g_uri_escape_string (path, "/", FALSE);
      g_autofree char *uri = g_strconcat ("file:", escaped, "?immutable=1", NULL);

      sqlite3_close_v2 (self->db);
      self->db = open_connection (uri, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, self->busy_timeout_ms, &rc);
      if (rc != SQLITE_OK)
        {
          crm_db_set_error (CRM_DB (self), error, map_result (rc));
          return NULL;
        }
    }

  if (!check_identity (self, max_schema_version, error))
    return NULL;

  return CRM_DB (g_steal_pointer (&self));
}
