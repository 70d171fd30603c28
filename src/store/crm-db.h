/* crm-db.h: the connection seam under the store
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * CrmDb is one connection to a showroom database. The store and its
 * domain files speak only to it — prepare, bind, step, read columns, one
 * transaction helper with retry, the schema version — and never to an
 * engine's own API, so a second engine (PostgreSQL through libpq) is one
 * more subclass, not a rewrite. Only crm-db-<engine>.c includes the
 * engine's header. Store internal: nothing above src/store/ includes this.
 *
 * The dialect. Domain SQL (src/store/ outside crm-db-<engine>.c and the
 * migrations of crm-schema.c) is written once, in what SQLite 3.40 and
 * PostgreSQL 15 both accept, plus a few neutral spellings that each
 * backend's translate_sql() maps to its own, when crm_db_prepare() and
 * crm_db_exec() hand the text to the engine:
 *
 *  - ?N placeholders, numbered from 1 (a bare ? is not used). They are
 *    SQLite's own; a backend whose engine numbers them otherwise maps
 *    them (PostgreSQL: ?N → $N, CRM_DB_SQL_DOLLAR_PARAMETERS).
 *  - string_agg (expr, sep): the text aggregate. PostgreSQL's name;
 *    SQLite 3.40 calls it group_concat. expr must be text
 *    (CAST (x AS TEXT) for a number: PostgreSQL does not convert). The
 *    order of the pieces is the engine's; both keep the order of a
 *    sorted subquery that feeds the aggregate (string_agg (x, sep
 *    ORDER BY y) needs SQLite 3.44).
 *  - greatest (a, b, …) and least (a, b, …): the scalar maximum and
 *    minimum of two or more values; SQLite spells them max() and min().
 *    No argument may be NULL: SQLite then gives NULL, PostgreSQL ignores
 *    it. (The one-argument max() and min() are the aggregates on both.)
 *  - INDEXED BY index after a table name in FROM, JOIN or UPDATE: a hint
 *    that fixes SQLite's choice of index (its planner needs it on some
 *    queries). SQLite keeps it; every other backend drops it
 *    (CRM_DB_SQL_DROP_INDEX_HINTS), so a hint may change how fast a
 *    query runs, never what it returns.
 *
 * Truth values: a flag column (staff.active, deal.live …) is used as a
 * condition (WHERE s.active, never s.active = 1) and written TRUE, FALSE
 * or a parameter bound 0 or 1 with crm_db_stmt_bind_int64(); a flag or a
 * condition selected as a column (EXISTS, a comparison) reads as 1 or 0
 * through crm_db_stmt_column_int64(). SQLite stores them as 1 and 0; a
 * backend with a boolean type does the mapping both ways (PostgreSQL:
 * the parameter goes untyped, t/f comes back). A truth value used as a
 * number — summed, coalesced with one, set beside numbers in a UNION —
 * is written CASE WHEN … THEN 1 ELSE 0 END: PostgreSQL has no boolean
 * arithmetic.
 *
 * Parameters go to PostgreSQL untyped, and it takes each one's type from
 * where it stands. Where nothing fixes it — a parameter only tested with
 * IS NULL — the text says it: CAST (?1 AS TEXT) IS NULL OR c.grade = ?1.
 * A LIMIT is never negative (no bound: G_MAXINT64; SQLite's LIMIT -1 is
 * an error on PostgreSQL).
 *
 * Everything else stays in the common subset: INSERT … ON CONFLICT
 * (cols) DO NOTHING/DO UPDATE, not INSERT OR IGNORE/REPLACE; IS [NOT]
 * DISTINCT FROM between values, not IS [NOT]; an alias on every subquery
 * in FROM (PostgreSQL 15 wants one); a CROSS JOIN's condition in WHERE,
 * not ON; CASE, not instr() or iif(); no rowid (one is left, in
 * crm_lead_store_dup_brand(), until a column keeps that order); engine
 * settings (PRAGMA) only inside a backend. crm_db_translate_sql() shows
 * what a backend makes of a text.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * CrmDbResult:
 *
 * What a step or a call gave, in the engine's place: each backend maps its
 * own result codes to these, and crm_db_set_error() turns them into a
 * CRM_ERROR a person can act on.
 */
typedef enum
{
  CRM_DB_OK,
  CRM_DB_ROW,         /* a step gave a row */
  CRM_DB_DONE,        /* a step ran to the end */
  CRM_DB_BUSY,        /* another connection holds the lock */
  CRM_DB_CONSTRAINT,  /* a UNIQUE, CHECK, NOT NULL or foreign key rule */
  CRM_DB_READ_ONLY,
  CRM_DB_FULL,
  CRM_DB_IO_ERROR,    /* the disk refused a read or write */
  CRM_DB_CORRUPT,
  CRM_DB_NOT_A_DB,
  CRM_DB_CANT_OPEN,
  CRM_DB_INTERRUPT,
  CRM_DB_OFFLINE,     /* the connection to the server is gone */
  CRM_DB_ERROR,
} CrmDbResult;

/**
 * CrmDbDialect:
 *
 * Which engine a connection speaks to: for the few places that must
 * differ (the schema's migrations, backups of a file).
 */
typedef enum
{
  CRM_DB_DIALECT_SQLITE,
  CRM_DB_DIALECT_POSTGRESQL,
} CrmDbDialect;

/**
 * CrmDbCheckDepth:
 * @CRM_DB_CHECK_QUICK: the structure of every page (SQLite: quick_check,
 *   0.9 s on the 100,000-customer file)
 * @CRM_DB_CHECK_FULL: that, and every index against its table (SQLite:
 *   integrity_check, 8.5 s there): for backups, never on the start-up path
 */
typedef enum
{
  CRM_DB_CHECK_QUICK,
  CRM_DB_CHECK_FULL,
} CrmDbCheckDepth;

typedef struct _CrmDbStmt CrmDbStmt;
typedef struct _CrmDbStmtClass CrmDbStmtClass;

/* A prepared statement. Backends embed this first in their own struct;
 * the class pointer lets the hot calls (bind, step, column) dispatch
 * without a GObject type check. */
struct _CrmDbStmt
{
  const CrmDbStmtClass *klass;
};

struct _CrmDbStmtClass
{
  void         (*bind_int64)      (CrmDbStmt *stmt, int index, gint64 value);
  void         (*bind_text)       (CrmDbStmt *stmt, int index, const char *text, gboolean copy);
  void         (*bind_null)       (CrmDbStmt *stmt, int index);
  int          (*parameter_count) (CrmDbStmt *stmt);
  CrmDbResult  (*step)            (CrmDbStmt *stmt);
  gint64       (*column_int64)    (CrmDbStmt *stmt, int column);
  const char  *(*column_text)     (CrmDbStmt *stmt, int column);
  gboolean     (*column_is_null)  (CrmDbStmt *stmt, int column);
  /* optional: crm_db_stmt_read_ids() in the backend's own way */
  CrmDbResult  (*read_ids)        (CrmDbStmt *stmt, GArray *ids, guint max_rows);
  void         (*reset)           (CrmDbStmt *stmt);
  void         (*clear_bindings)  (CrmDbStmt *stmt);
  void         (*free)            (CrmDbStmt *stmt);
};

#define CRM_TYPE_DB (crm_db_get_type ())
G_DECLARE_DERIVABLE_TYPE (CrmDb, crm_db, CRM, DB, GObject)

struct _CrmDbClass
{
  GObjectClass parent_class;

  CrmDbDialect  dialect;

  CrmDbStmt   *(*prepare)            (CrmDb       *self,
                                      const char  *sql,
                                      gboolean     persistent,
                                      CrmDbResult *result);
  CrmDbResult  (*exec)               (CrmDb       *self,
                                      const char  *sql);
  CrmDbResult  (*begin_write)        (CrmDb       *self);
  gboolean     (*in_transaction)     (CrmDb       *self);
  gint64       (*changes)            (CrmDb       *self);
  gint64       (*last_insert_id)     (CrmDb       *self);
  const char  *(*error_message)      (CrmDb       *self,
                                      CrmDbResult  result);
  int          (*get_schema_version) (CrmDb       *self);
  gboolean     (*set_schema_version) (CrmDb       *self,
                                      int          version,
                                      GError     **error);
  CrmDb       *(*open_reader)        (CrmDb       *self,
                                      GError     **error);
  gboolean     (*copy_to)            (CrmDb       *self,
                                      const char  *path,
                                      GError     **error);
  /* The dialect hook (see the top of this file): @sql in the engine's
   * own spelling, or %NULL when the engine takes it as it is. */
  char        *(*translate_sql)      (CrmDb       *self,
                                      const char  *sql);
  /* Optional: tune the engine for one transaction that writes many rows */
  void         (*set_bulk)           (CrmDb       *self,
                                      gboolean     bulk);
  /* Backups: check the file, replace the whole database with a copy */
  gboolean     (*check)              (CrmDb           *self,
                                      CrmDbCheckDepth  depth,
                                      GError         **error);
  gboolean     (*restore_from)       (CrmDb       *self,
                                      const char  *path,
                                      GError     **error);
  /* Refuse every write on this connection (a damaged file) */
  void         (*set_query_only)     (CrmDb       *self,
                                      gboolean     query_only);
  /* Optional: a number that changes when another connection (another
   * process, another desktop) commits; -1 when the engine cannot tell */
  gint64       (*data_version)       (CrmDb       *self);
};

CrmDbDialect crm_db_get_dialect         (CrmDb        *self);

/* Statements */
CrmDbStmt   *crm_db_prepare             (CrmDb        *self,
                                         const char   *sql,
                                         GError      **error);
CrmDbStmt   *crm_db_prepare_persistent  (CrmDb        *self,
                                         const char   *sql,
                                         GError      **error);
gboolean     crm_db_exec                (CrmDb        *self,
                                         const char   *sql,
                                         GError      **error);
char        *crm_db_translate_sql       (CrmDb        *self,
                                         const char   *sql);
gint64       crm_db_changes             (CrmDb        *self);
gint64       crm_db_last_insert_id      (CrmDb        *self);
const char  *crm_db_get_error_message   (CrmDb        *self);
void         crm_db_set_error           (CrmDb        *self,
                                         GError      **error,
                                         CrmDbResult   result);

void         crm_db_stmt_bind_int64     (CrmDbStmt    *stmt,
                                         int           index,
                                         gint64        value);
void         crm_db_stmt_bind_text      (CrmDbStmt    *stmt,
                                         int           index,
                                         const char   *text);
void         crm_db_stmt_bind_text_static (CrmDbStmt  *stmt,
                                         int           index,
                                         const char   *text);
void         crm_db_stmt_bind_null      (CrmDbStmt    *stmt,
                                         int           index);
int          crm_db_stmt_parameter_count (CrmDbStmt   *stmt);
CrmDbResult  crm_db_stmt_step           (CrmDbStmt    *stmt);
gint64       crm_db_stmt_column_int64   (CrmDbStmt    *stmt,
                                         int           column);
const char  *crm_db_stmt_column_text    (CrmDbStmt    *stmt,
                                         int           column);
gboolean     crm_db_stmt_column_is_null (CrmDbStmt    *stmt,
                                         int           column);
CrmDbResult  crm_db_stmt_read_ids       (CrmDbStmt    *stmt,
                                         GArray       *ids,
                                         guint         max_rows);
void         crm_db_stmt_reset          (CrmDbStmt    *stmt);
void         crm_db_stmt_clear_bindings (CrmDbStmt    *stmt);
void         crm_db_stmt_free           (CrmDbStmt    *stmt);

#define crm_db_stmt_bind_int(s,i,v)  crm_db_stmt_bind_int64 ((s), (i), (gint64) (v))
#define crm_db_stmt_column_int(s,c)  ((int) crm_db_stmt_column_int64 ((s), (c)))

/* Transactions: the one way to open and close them. A write transaction
 * takes the write lock at once (SQLite: BEGIN IMMEDIATE), so a read never
 * has to be upgraded under another writer. */
gboolean     crm_db_begin_write         (CrmDb        *self,
                                         GError      **error);
gboolean     crm_db_commit              (CrmDb        *self,
                                         GError      **error);
void         crm_db_rollback            (CrmDb        *self);
gboolean     crm_db_in_transaction      (CrmDb        *self);

/**
 * CrmDbWriteFunc:
 * @db: the connection, inside a write transaction
 * @user_data: what crm_db_write() was given
 * @error: where to say why the work failed
 *
 * Returns: %TRUE to commit, %FALSE (with @error) to roll back
 */
typedef gboolean (*CrmDbWriteFunc) (CrmDb     *db,
                                    gpointer   user_data,
                                    GError   **error);

gboolean     crm_db_write               (CrmDb          *self,
                                         CrmDbWriteFunc  func,
                                         gpointer        user_data,
                                         GError        **error);

/* The schema, a copy, a second connection for worker threads */
int          crm_db_get_schema_version  (CrmDb        *self);
gboolean     crm_db_set_schema_version  (CrmDb        *self,
                                         int           version,
                                         GError      **error);
CrmDb       *crm_db_open_reader         (CrmDb        *self,
                                         GError      **error);
gboolean     crm_db_copy_to             (CrmDb        *self,
                                         const char   *path,
                                         GError      **error);
void         crm_db_set_bulk            (CrmDb        *self,
                                         gboolean      bulk);
gint64       crm_db_get_data_version    (CrmDb        *self);
gboolean     crm_db_check               (CrmDb           *self,
                                         CrmDbCheckDepth  depth,
                                         GError         **error);
gboolean     crm_db_restore_from        (CrmDb        *self,
                                         const char   *path,
                                         GError      **error);
void         crm_db_set_query_only      (CrmDb        *self,
                                         gboolean      query_only);

/* For backends: the one pass over SQL text their translate_sql() makes.
 * It skips string literals, quoted names and comments, so only the SQL
 * itself is rewritten. */

/**
 * CrmDbSqlRename:
 * @name: a function name in the neutral spelling, lower case
 * @replacement: the engine's name for it
 *
 * A function call `name (` to spell `replacement (`.
 */
typedef struct
{
  const char *name;
  const char *replacement;
} CrmDbSqlRename;

typedef enum
{
  CRM_DB_SQL_DROP_INDEX_HINTS   = 1 << 0,  /* remove "INDEXED BY index" */
  CRM_DB_SQL_DOLLAR_PARAMETERS  = 1 << 1,  /* ?N → $N */
} CrmDbSqlFlags;

char        *crm_db_sql_rewrite         (const char           *sql,
                                         const CrmDbSqlRename *renames,
                                         gsize                 n_renames,
                                         CrmDbSqlFlags         flags);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrmDbStmt, crm_db_stmt_free)

G_END_DECLS
