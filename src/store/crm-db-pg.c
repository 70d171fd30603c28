/* crm-db-pg.c: the PostgreSQL backend of the connection seam
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The only file of Showroom that calls PQ* (libpq, Debian's libpq-dev):
 * a showroom of several desktops keeps its database on a PostgreSQL 15
 * server. Statements go to the server with their parameters as text and
 * untyped, so the server infers each parameter's type from where it
 * stands (a flag bound 0 or 1 becomes a boolean, an id a bigint) as
 * SQLite's dynamic typing would; a statement kept for the life of the
 * connection is prepared on the server once (PQprepare) the first time
 * it runs. A result comes back whole. Its values come as text, or in
 * binary when every column is an integer, a truth value or text (see
 * stmt_describe): the Customers list reads its order as up to 100,000
 * ids, and parsing them from text cost more than the server took to
 * find them.
 *
 * Times are integer UTC seconds on both engines, truth values are
 * boolean here (read back as 1 and 0), ids are identity columns (the
 * last one read with lastval()). The schema is a baseline of its own
 * (crm-schema-pg.c), not SQLite's history.
 */
#define G_LOG_DOMAIN "crm-db"

#include "config.h"

#include <glib/gi18n.h>
#include <libpq-fe.h>
#include <stdlib.h>
#include <string.h>

#include "crm-db-pg.h"
#include "crm-error.h"

/* The oldest server Showroom speaks to (its baseline uses 15's SQL) */
#define MIN_SERVER_VERSION 150000

/* Type oids (pg_type.h is a server header) */
#define BOOLOID 16
#define INT8OID 20
#define INT2OID 21
#define INT4OID 23
#define TEXTOID 25
#define VARCHAROID 1043

struct _CrmDbPg
{
  CrmDb     parent_instance;

  PGconn   *conn;
  char     *uri;
  char     *last_error;
  char     *sqlstate;
  gint64    changes;
  guint     next_statement;
  guint     generation;     /* bumped on every (re)connection */
  gboolean  query_only;
  /* SQL text → how it is sent (StmtShape) */
  GHashTable *shapes;
};

G_DEFINE_FINAL_TYPE (CrmDbPg, crm_db_pg, CRM_TYPE_DB)

/* What the server said of a statement's text, asked once per text */
typedef struct
{
  Oid        *param_types;  /* n_params of them */
  int         result_format; /* 0 text, 1 binary */
} StmtShape;

typedef struct
{
  CrmDbStmt   parent;
  CrmDbPg    *db;
  char       *sql;
  char       *name;         /* the server-side statement when persistent */
  guint       prepared_in;  /* the connection generation it was prepared in */
  char       *ids_name;     /* the same for its ids in one value (read_ids) */
  guint       ids_prepared_in;
  int         n_params;
  guint8     *used;         /* whether $N appears in the text, per N */
  char      **values;
  PGresult   *res;
  int         row;
  int         n_rows;
  int         n_fields;
  gboolean    binary;       /* res holds binary values */
  gboolean    ids;          /* res holds the ids in one value */
  int         ids_len;      /* how many, */
  int         ids_read;     /* how many of them were handed out */
  char      (*numbers)[24]; /* a binary integer read as text, per column */
} PgStmt;

static void
stmt_shape_free (gpointer data)
{
  StmtShape *shape = data;

  g_free (shape->param_types);
  g_free (shape);
}

/* ------------------------------------------------------------------ */
/* Results                                                             */

static void
remember_error (CrmDbPg        *self,
                const PGresult *res)
{
  const char *message = res != NULL ? PQresultErrorMessage (res) : NULL;
  const char *state = res != NULL ? PQresultErrorField (res, PG_DIAG_SQLSTATE) : NULL;

  if (message == NULL || *message == '\0')
    message = self->conn != NULL ? PQerrorMessage (self->conn) : "";

  g_free (self->last_error);
  self->last_error = g_strstrip (g_strdup (message));
  g_free (self->sqlstate);
  self->sqlstate = g_strdup (state);
}

/* SQLSTATE classes, in the engine's place (Appendix A of the manual) */
static CrmDbResult
map_failure (CrmDbPg *self)
{
  const char *state = self->sqlstate;

  if (self->conn == NULL || PQstatus (self->conn) == CONNECTION_BAD)
    return CRM_DB_OFFLINE;
  if (state == NULL)
    return CRM_DB_ERROR;
  if (g_str_has_prefix (state, "23"))
    return CRM_DB_CONSTRAINT;
  if (g_str_has_prefix (state, "08") || g_str_has_prefix (state, "57P"))
    return CRM_DB_OFFLINE;
  if (g_str_equal (state, "40001") || g_str_equal (state, "40P01") ||
      g_str_equal (state, "55P03"))
    return CRM_DB_BUSY;
  if (g_str_equal (state, "25006") || g_str_has_prefix (state, "42501"))
    return CRM_DB_READ_ONLY;
  if (g_str_equal (state, "53100"))
    return CRM_DB_FULL;
  if (g_str_has_prefix (state, "58"))
    return CRM_DB_IO_ERROR;
  if (g_str_equal (state, "XX001") || g_str_equal (state, "XX002"))
    return CRM_DB_CORRUPT;
  if (g_str_equal (state, "57014"))
    return CRM_DB_INTERRUPT;
  return CRM_DB_ERROR;
}

static gboolean
result_ok (PGresult *res)
{
  ExecStatusType status = res != NULL ? PQresultStatus (res) : PGRES_FATAL_ERROR;

  return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
}

static void
count_changes (CrmDbPg  *self,
               PGresult *res)
{
  const char *status = PQcmdStatus (res);

  if (g_str_has_prefix (status, "INSERT") || g_str_has_prefix (status, "UPDATE") ||
      g_str_has_prefix (status, "DELETE"))
    self->changes = g_ascii_strtoll (PQcmdTuples (res), NULL, 10);
}

/* ------------------------------------------------------------------ */
/* Statements                                                          */

static void
stmt_set_value (PgStmt *stmt,
                int     index,
                char   *value)
{
  /* As SQLite: a parameter the text does not use is ignored (a query
   * built from pieces binds every value it may use) */
  if (index < 1 || index > stmt->n_params)
    {
      g_free (value);
      return;
    }
  g_free (stmt->values[index - 1]);
  stmt->values[index - 1] = value;
}

static void
stmt_bind_int64 (CrmDbStmt *stmt,
                 int        index,
                 gint64     value)
{
  stmt_set_value ((PgStmt *) stmt, index, g_strdup_printf ("%" G_GINT64_FORMAT, value));
}

static void
stmt_bind_text (CrmDbStmt  *stmt,
                int         index,
                const char *text,
                gboolean    copy)
{
  stmt_set_value ((PgStmt *) stmt, index, g_strdup (text));
}

static void
stmt_bind_null (CrmDbStmt *stmt,
                int        index)
{
  stmt_set_value ((PgStmt *) stmt, index, NULL);
}

static int
stmt_parameter_count (CrmDbStmt *stmt)
{
  return ((PgStmt *) stmt)->n_params;
}

/* Result columns whose binary form the reads below decode: big-endian
 * integers, a byte for a truth value, text as it is (libpq ends every
 * value with a NUL byte, binary ones too) */
static gboolean
binary_type (Oid type)
{
  return type == INT8OID || type == INT4OID || type == INT2OID || type == BOOLOID ||
         type == TEXTOID || type == VARCHAROID;
}

/* How a statement is sent. Its parameters go untyped, mostly, so the
 * server takes the type of the column or value a parameter meets (a
 * flag bound 0 or 1 into a boolean, an id into a bigint), as SQLite's
 * dynamic typing does. Two cases need a type: a number the server would
 * take for an integer (?1 + 3599 makes ?1 a 32-bit integer, which times
 * after 2038 and the INT64 sentinels overflow) goes as a bigint; a
 * parameter the text does not use (a query built from pieces binds
 * every value it may use) as text. Its result comes in binary when every
 * column is of a type binary_type() knows (a list of ids, counts, names),
 * else as text (sums are numeric, whose binary form is not worth
 * decoding here). The server is asked once per text (PQdescribePrepared,
 * for a statement with parameters: those without are few, and small)
 * and the answer kept. */
static const StmtShape *
stmt_describe (PgStmt      *stmt,
               const char  *sql,
               PGresult   **failure)
{
  CrmDbPg *self = stmt->db;
  StmtShape *shape = g_hash_table_lookup (self->shapes, sql);
  PGresult *res;

  if (shape != NULL)
    return shape;

  shape = g_new0 (StmtShape, 1);
  shape->param_types = g_new0 (Oid, MAX (stmt->n_params, 1));
  for (int i = 0; i < stmt->n_params; i++)
    shape->param_types[i] = stmt->used[i] ? 0 : TEXTOID;

  if (stmt->n_params > 0)
    {
      res = PQprepare (self->conn, "", sql, stmt->n_params, shape->param_types);
      if (!result_ok (res))
        {
          *failure = res;
          stmt_shape_free (shape);
          return NULL;
        }
      PQclear (res);
      res = PQdescribePrepared (self->conn, "");
      if (!result_ok (res))
        {
          *failure = res;
          stmt_shape_free (shape);
          return NULL;
        }
      for (int i = 0; i < stmt->n_params && i < PQnparams (res); i++)
        if (PQparamtype (res, i) == INT2OID || PQparamtype (res, i) == INT4OID)
          shape->param_types[i] = INT8OID;
      shape->result_format = PQnfields (res) > 0;
      for (int i = 0; i < PQnfields (res); i++)
        if (!binary_type (PQftype (res, i)))
          shape->result_format = 0;
      PQclear (res);
    }

  g_hash_table_insert (self->shapes, g_strdup (sql), shape);
  return shape;
}

/* Runs @sql (the statement's text, or a text around it with the same
 * parameters) with the statement's values: prepared on the server as
 * @name in the connection's generation (@prepared_in) when it has one.
 * @result_format: -1 for the text's own (stmt_describe()), else 0 or 1 */
static PGresult *
execute_sql (PgStmt     *stmt,
             const char *sql,
             const char *name,
             guint      *prepared_in,
             int         result_format)
{
  CrmDbPg *self = stmt->db;
  const char * const *values = (const char * const *) stmt->values;
  PGresult *failure = NULL;
  const StmtShape *shape = stmt_describe (stmt, sql, &failure);

  if (shape == NULL)
    return failure;
  if (result_format < 0)
    result_format = shape->result_format;

  if (name == NULL)
    return PQexecParams (self->conn, sql, stmt->n_params, shape->param_types, values, NULL, NULL,
                         result_format);

  if (*prepared_in != self->generation)
    {
      PGresult *res = PQprepare (self->conn, name, sql, stmt->n_params, shape->param_types);

      if (!result_ok (res))
        return res;
      PQclear (res);
      *prepared_in = self->generation;
    }
  return PQexecPrepared (self->conn, name, stmt->n_params, values, NULL, NULL, result_format);
}

/* SHOWROOM_TRACE_MAIN_SQL=1: every statement the main thread waits for,
 * on stderr with how long it took (the views should wait for none) */
static void
trace_main (const char *sql,
            gint64      start)
{
  static int enabled = -1;

  if (enabled < 0)
    enabled = g_getenv ("SHOWROOM_TRACE_MAIN_SQL") != NULL;
  if (enabled && g_main_context_is_owner (g_main_context_default ()))
    g_printerr ("showroom-main-sql: %4" G_GINT64_FORMAT " ms %.100s\n",
                (g_get_monotonic_time () - start) / 1000, sql);
}

static PGresult *
stmt_execute (PgStmt *stmt)
{
  gint64 start = g_get_monotonic_time ();
  PGresult *res = execute_sql (stmt, stmt->sql, stmt->name, &stmt->prepared_in, -1);

  trace_main (stmt->sql, start);
  return res;
}

static CrmDbResult
stmt_step (CrmDbStmt *base)
{
  PgStmt *stmt = (PgStmt *) base;

  if (stmt->res == NULL)
    {
      PGresult *res = stmt_execute (stmt);

      if (!result_ok (res))
        {
          remember_error (stmt->db, res);
          PQclear (res);
          return map_failure (stmt->db);
        }
      stmt->res = res;
      stmt->row = -1;
      stmt->n_rows = PQresultStatus (res) == PGRES_TUPLES_OK ? PQntuples (res) : 0;
      stmt->n_fields = PQnfields (res);
      stmt->binary = stmt->n_fields > 0 && PQfformat (res, 0) == 1;
      count_changes (stmt->db, res);
    }

  if (stmt->row < stmt->n_rows)
    stmt->row++;
  return stmt->row < stmt->n_rows ? CRM_DB_ROW : CRM_DB_DONE;
}

static gboolean
stmt_has_value (PgStmt *stmt,
                int     column)
{
  return stmt->res != NULL && stmt->row >= 0 && stmt->row < stmt->n_rows &&
         column >= 0 && column < stmt->n_fields &&
         !PQgetisnull (stmt->res, stmt->row, column);
}

/* An integer column of a binary result (see binary_type()) */
static gint64
binary_int64 (PgStmt *stmt,
              int     column,
              Oid     type)
{
  const char *value = PQgetvalue (stmt->res, stmt->row, column);

  switch (type)
    {
    case INT8OID:
      {
        guint64 v;

        memcpy (&v, value, sizeof v);
        return (gint64) GUINT64_FROM_BE (v);
      }
    case INT4OID:
      {
        guint32 v;

        memcpy (&v, value, sizeof v);
        return (gint32) GUINT32_FROM_BE (v);
      }
    case INT2OID:
      {
        guint16 v;

        memcpy (&v, value, sizeof v);
        return (gint16) GUINT16_FROM_BE (v);
      }
    case BOOLOID:
      return value[0] != 0;
    default:
      g_assert_not_reached ();
    }
}

static gint64
stmt_column_int64 (CrmDbStmt *base,
                   int        column)
{
  PgStmt *stmt = (PgStmt *) base;
  const char *value;
  Oid type;

  if (!stmt_has_value (stmt, column))
    return 0;
  type = PQftype (stmt->res, column);
  if (stmt->binary && type != TEXTOID && type != VARCHAROID)
    return binary_int64 (stmt, column, type);
  value = PQgetvalue (stmt->res, stmt->row, column);
  if (type == BOOLOID)
    return value[0] == 't';
  /* numeric (sum() of bigints) and floats as SQLite reads them: the
   * integer part */
  return g_ascii_strtoll (value, NULL, 10);
}

static const char *
stmt_column_text (CrmDbStmt *base,
                  int        column)
{
  PgStmt *stmt = (PgStmt *) base;
  const char *value;
  Oid type;

  if (!stmt_has_value (stmt, column))
    return NULL;
  type = PQftype (stmt->res, column);
  if (type == BOOLOID)
    {
      if (stmt->binary)
        return PQgetvalue (stmt->res, stmt->row, column)[0] != 0 ? "1" : "0";
      return PQgetvalue (stmt->res, stmt->row, column)[0] == 't' ? "1" : "0";
    }
  if (stmt->binary && type != TEXTOID && type != VARCHAROID)
    {
      /* as SQLite gives an integer as text; kept until the next step,
       * one buffer per column */
      if (stmt->numbers == NULL)
        stmt->numbers = g_malloc_n (stmt->n_fields, sizeof *stmt->numbers);
      g_snprintf (stmt->numbers[column], sizeof stmt->numbers[column], "%" G_GINT64_FORMAT,
                  binary_int64 (stmt, column, type));
      return stmt->numbers[column];
    }
  value = PQgetvalue (stmt->res, stmt->row, column);
  return value;
}

static gboolean
stmt_column_is_null (CrmDbStmt *base,
                     int        column)
{
  PgStmt *stmt = (PgStmt *) base;

  return !stmt_has_value (stmt, column);
}

/* A list's ids as one value: the server packs each id's 8 bytes
 * (int8send, big-endian) into one bytea, in the order of the query's
 * rows, and this end unpacks them. Row by row, 100,000 ids took 15 ms
 * to arrive (binary) where the server found them in 7; as one value,
 * 11 ms, reading included. The aggregate reads a sorted subquery, which
 * PostgreSQL's manual says "will usually work" to order an aggregate's
 * input; here nothing stands between the two that could reorder rows
 * (one subquery, no join or grouping, and string_agg has no parallel
 * form in 15), and test-store-list checks every order of the Customers
 * list on the server against a plain ORDER BY. */
#define IDS_SQL "SELECT string_agg (int8send (ids.id), ''::bytea) FROM (%s) AS ids (id)"

static CrmDbResult
stmt_read_ids (CrmDbStmt *base,
               GArray    *ids,
               guint      max_rows)
{
  PgStmt *stmt = (PgStmt *) base;
  const char *data;
  guint start, n;

  /* after crm_db_stmt_step(): on, row by row */
  if (stmt->res != NULL && !stmt->ids)
    {
      for (n = 0; n < max_rows; n++)
        {
          CrmDbResult rc = stmt_step (base);
          gint64 id;

          if (rc != CRM_DB_ROW)
            return rc;
          id = stmt_column_int64 (base, 0);
          g_array_append_val (ids, id);
        }
      return CRM_DB_ROW;
    }

  if (stmt->res == NULL)
    {
      g_autofree char *sql = g_strdup_printf (IDS_SQL, stmt->sql);
      PGresult *res;

      if (stmt->name != NULL && stmt->ids_name == NULL)
        stmt->ids_name = g_strdup_printf ("crm_%u", ++stmt->db->next_statement);
      res = execute_sql (stmt, sql, stmt->ids_name, &stmt->ids_prepared_in, 1);
      if (!result_ok (res))
        {
          remember_error (stmt->db, res);
          PQclear (res);
          return map_failure (stmt->db);
        }
      stmt->res = res;
      stmt->ids = TRUE;
      stmt->ids_read = 0;
      stmt->ids_len = PQntuples (res) == 1 && !PQgetisnull (res, 0, 0)
                        ? PQgetlength (res, 0, 0) / (int) sizeof (gint64) : 0;
    }

  if (stmt->ids_read >= stmt->ids_len)
    return CRM_DB_DONE;
  data = PQgetvalue (stmt->res, 0, 0);
  n = MIN (max_rows, (guint) (stmt->ids_len - stmt->ids_read));
  start = ids->len;
  g_array_set_size (ids, start + n);
  for (guint i = 0; i < n; i++)
    {
      guint64 v;

      memcpy (&v, data + (gsize) (stmt->ids_read + i) * sizeof v, sizeof v);
      g_array_index (ids, gint64, start + i) = (gint64) GUINT64_FROM_BE (v);
    }
  stmt->ids_read += n;
  return stmt->ids_read < stmt->ids_len ? CRM_DB_ROW : CRM_DB_DONE;
}

static void
stmt_reset (CrmDbStmt *base)
{
  PgStmt *stmt = (PgStmt *) base;

  g_clear_pointer (&stmt->res, PQclear);
  g_clear_pointer (&stmt->numbers, g_free);
  stmt->row = -1;
  stmt->n_rows = 0;
  stmt->n_fields = 0;
  stmt->binary = FALSE;
  stmt->ids = FALSE;
  stmt->ids_len = 0;
  stmt->ids_read = 0;
}

static void
stmt_clear_bindings (CrmDbStmt *base)
{
  PgStmt *stmt = (PgStmt *) base;

  for (int i = 0; i < stmt->n_params; i++)
    g_clear_pointer (&stmt->values[i], g_free);
}

/* A statement prepared on the server as @name, gone with its PgStmt */
static void
deallocate (CrmDbPg    *db,
            const char *name,
            guint       prepared_in)
{
  if (name != NULL && prepared_in == db->generation &&
      db->conn != NULL && PQstatus (db->conn) == CONNECTION_OK)
    {
      /* DEALLOCATE fails inside an aborted transaction; the statement
       * then goes with the connection */
      if (PQtransactionStatus (db->conn) == PQTRANS_IDLE ||
          PQtransactionStatus (db->conn) == PQTRANS_INTRANS)
        {
          g_autofree char *sql = g_strdup_printf ("DEALLOCATE %s", name);

          PQclear (PQexec (db->conn, sql));
        }
    }
}

static void
stmt_free (CrmDbStmt *base)
{
  PgStmt *stmt = (PgStmt *) base;

  stmt_reset (base);
  stmt_clear_bindings (base);
  deallocate (stmt->db, stmt->name, stmt->prepared_in);
  deallocate (stmt->db, stmt->ids_name, stmt->ids_prepared_in);
  g_object_unref (stmt->db);
  g_free (stmt->values);
  g_free (stmt->used);
  g_free (stmt->name);
  g_free (stmt->ids_name);
  g_free (stmt->sql);
  g_free (stmt);
}

static const CrmDbStmtClass pg_stmt_class = {
  .bind_int64 = stmt_bind_int64,
  .bind_text = stmt_bind_text,
  .bind_null = stmt_bind_null,
  .parameter_count = stmt_parameter_count,
  .step = stmt_step,
  .column_int64 = stmt_column_int64,
  .column_text = stmt_column_text,
  .column_is_null = stmt_column_is_null,
  .read_ids = stmt_read_ids,
  .reset = stmt_reset,
  .clear_bindings = stmt_clear_bindings,
  .free = stmt_free,
};

/* The highest $N of @sql outside literals, quoted names and comments;
 * @used (if given, 1-based, up to @max_used) marks each N that occurs */
static int
scan_parameters (const char *sql,
                 guint8     *used,
                 int         max_used)
{
  int n = 0;

  for (const char *p = sql; *p != '\0'; p++)
    {
      if (*p == '\'' || *p == '"')
        {
          char quote = *p;

          for (p++; *p != '\0' && *p != quote; p++)
            ;
          if (*p == '\0')
            break;
        }
      else if (p[0] == '-' && p[1] == '-')
        {
          while (*p != '\0' && *p != '\n')
            p++;
          if (*p == '\0')
            break;
        }
      else if (p[0] == '/' && p[1] == '*')
        {
          const char *end = strstr (p + 2, "*/");

          if (end == NULL)
            break;
          p = end + 1;
        }
      else if (*p == '$' && g_ascii_isdigit (p[1]))
        {
          int index = (int) g_ascii_strtoll (p + 1, (char **) &p, 10);

          n = MAX (n, index);
          if (used != NULL && index >= 1 && index <= max_used)
            used[index - 1] = TRUE;
          p--;
        }
    }
  return n;
}

/* ------------------------------------------------------------------ */
/* Connection                                                          */

static CrmDbStmt *
crm_db_pg_prepare (CrmDb       *db,
                   const char  *sql,
                   gboolean     persistent,
                   CrmDbResult *result)
{
  CrmDbPg *self = CRM_DB_PG (db);
  PgStmt *stmt;

  if (self->conn == NULL)
    {
      *result = CRM_DB_OFFLINE;
      return NULL;
    }

  stmt = g_new0 (PgStmt, 1);
  stmt->parent.klass = &pg_stmt_class;
  stmt->db = g_object_ref (self);
  stmt->sql = g_strdup (sql);
  stmt->n_params = scan_parameters (sql, NULL, 0);
  stmt->used = g_new0 (guint8, MAX (stmt->n_params, 1));
  scan_parameters (sql, stmt->used, stmt->n_params);
  stmt->values = g_new0 (char *, MAX (stmt->n_params, 1));
  stmt->row = -1;
  if (persistent)
    stmt->name = g_strdup_printf ("crm_%u", ++self->next_statement);
  return (CrmDbStmt *) stmt;
}

static CrmDbResult
crm_db_pg_exec (CrmDb      *db,
                const char *sql)
{
  CrmDbPg *self = CRM_DB_PG (db);
  PGresult *res;

  gint64 start = g_get_monotonic_time ();

  if (self->conn == NULL)
    return CRM_DB_OFFLINE;

  res = PQexec (self->conn, sql);
  trace_main (sql, start);
  if (!result_ok (res))
    {
      remember_error (self, res);
      PQclear (res);
      return map_failure (self);
    }
  count_changes (self, res);
  PQclear (res);
  return CRM_DB_OK;
}

/* The showroom's write lock: one writer at a time, as SQLite's BEGIN
 * IMMEDIATE has it, so every rule a write transaction checks before it
 * writes (no double booking, one owner per lead, round robin, claim
 * limits, a showroom-wide job run once) holds with twenty desktops
 * writing at once. Readers never wait (MVCC). Each statement after the
 * lock sees what the writers before committed (READ COMMITTED). Waiting
 * longer than lock_timeout gives CRM_DB_BUSY, as SQLite's busy timeout
 * does. Advisory locks are per database: "SHOW" */
#define WRITE_LOCK_KEY "1397247831"

static gboolean crm_db_pg_in_transaction (CrmDb *db);

static CrmDbResult
crm_db_pg_begin_write (CrmDb *db)
{
  CrmDbResult result = crm_db_pg_exec (db, "BEGIN; SELECT pg_advisory_xact_lock (" WRITE_LOCK_KEY ")");

  if (result != CRM_DB_OK && crm_db_pg_in_transaction (db))
    crm_db_pg_exec (db, "ROLLBACK");
  return result;
}

static gboolean
crm_db_pg_in_transaction (CrmDb *db)
{
  CrmDbPg *self = CRM_DB_PG (db);
  PGTransactionStatusType status;

  if (self->conn == NULL)
    return FALSE;
  status = PQtransactionStatus (self->conn);
  return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE;
}

static gint64
crm_db_pg_changes (CrmDb *db)
{
  return CRM_DB_PG (db)->changes;
}

/* The id the last INSERT into a table with an identity column took, in
 * this session (triggers here insert into no table with one) */
static gint64
crm_db_pg_last_insert_id (CrmDb *db)
{
  CrmDbPg *self = CRM_DB_PG (db);
  PGresult *res;
  gint64 id = 0;

  if (self->conn == NULL)
    return 0;
  res = PQexec (self->conn, "SELECT lastval()");
  if (PQresultStatus (res) == PGRES_TUPLES_OK && PQntuples (res) == 1)
    id = g_ascii_strtoll (PQgetvalue (res, 0, 0), NULL, 10);
  else
    remember_error (self, res);
  PQclear (res);
  return id;
}

static const char *
crm_db_pg_error_message (CrmDb       *db,
                         CrmDbResult  result)
{
  CrmDbPg *self = CRM_DB_PG (db);

  return self->last_error != NULL ? self->last_error : "";
}

/* One value of one row, or %NULL */
static char *
query_value (CrmDbPg    *self,
             const char *sql)
{
  PGresult *res = PQexec (self->conn, sql);
  char *value = NULL;

  if (PQresultStatus (res) == PGRES_TUPLES_OK && PQntuples (res) > 0 && !PQgetisnull (res, 0, 0))
    value = g_strdup (PQgetvalue (res, 0, 0));
  else if (!result_ok (res))
    remember_error (self, res);
  PQclear (res);
  return value;
}

/* The version is a row of meta, as every rule is; 0 for an empty
 * database, -1 when it cannot be read */
static int
crm_db_pg_get_schema_version (CrmDb *db)
{
  CrmDbPg *self = CRM_DB_PG (db);
  g_autofree char *meta = NULL;
  g_autofree char *version = NULL;

  if (self->conn == NULL)
    return -1;
  meta = query_value (self, "SELECT to_regclass('meta') IS NOT NULL");
  if (meta == NULL)
    return -1;
  if (!g_str_equal (meta, "t"))
    return 0;
  version = query_value (self, "SELECT value FROM meta WHERE key = 'schema-version'");
  return version != NULL ? (int) g_ascii_strtoll (version, NULL, 10) : 0;
}

static gboolean
crm_db_pg_set_schema_version (CrmDb   *db,
                              int      version,
                              GError **error)
{
  g_autofree char *sql = NULL;

  /* The numbers are ours, not input */
  sql = g_strdup_printf ("INSERT INTO meta (key, value) VALUES ('schema-version', '%d'),"
                         " ('application', 'showroom')"
                         " ON CONFLICT (key) DO UPDATE SET value = excluded.value", version);
  return crm_db_exec (db, sql, error);
}

/* Passwords given for a server address: in this process's memory only,
 * never in the address, a file or the settings (the keyring keeps one
 * if its owner asked, see crm-server-secret.c). Every connection to the
 * address takes it: the reader, the listener, a worker's store. */
static GMutex passwords_lock;
static GHashTable *passwords;

void
crm_db_pg_set_password (const char *uri,
                        const char *password)
{
  g_return_if_fail (uri != NULL);

  g_mutex_lock (&passwords_lock);
  if (passwords == NULL)
    passwords = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (password != NULL)
    g_hash_table_insert (passwords, g_strdup (uri), g_strdup (password));
  else
    g_hash_table_remove (passwords, uri);
  g_mutex_unlock (&passwords_lock);
}

gboolean
crm_db_pg_has_password (const char *uri)
{
  gboolean found;

  g_mutex_lock (&passwords_lock);
  found = passwords != NULL && g_hash_table_contains (passwords, uri);
  g_mutex_unlock (&passwords_lock);
  return found;
}

static PGconn *
connect_blocking (const char *uri)
{
  const char *keywords[] = { "dbname", "application_name", "client_encoding", "connect_timeout",
                             "password", NULL };
  const char *values[] = { uri, "Showroom", "UTF8", "10", NULL, NULL };
  g_autofree char *password = NULL;

  g_mutex_lock (&passwords_lock);
  if (passwords != NULL)
    password = g_strdup (g_hash_table_lookup (passwords, uri));
  g_mutex_unlock (&passwords_lock);
  if (password != NULL)
    values[4] = password;
  else
    keywords[4] = NULL;

  return PQconnectdbParams (keywords, values, TRUE);
}

static CrmDbPg *
db_new (const char *uri,
        PGconn     *conn)
{
  CrmDbPg *self = g_object_new (CRM_TYPE_DB_PG, NULL);

  self->uri = g_strdup (uri);
  self->conn = conn;
  self->generation = 1;
  self->shapes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, stmt_shape_free);
  return self;
}

static gboolean
set_up_session (CrmDbPg  *self,
                GError  **error)
{
  /* Times are integers, but a text → number cast or an error message
   * must not depend on the server's locale; the showroom's clock is a
   * rule in the database, never the session's time zone */
  /* plan_cache_mode: a statement kept for the life of the connection is
   * planned for the tables as they are at each run. A generic plan made
   * when a table was nearly empty (a new showroom, the start of an
   * import in one transaction) keeps scanning it whole as it grows: an
   * import of 3,000 leads took 16.8 s with it, 1.9 s without. */
  if (!crm_db_exec (CRM_DB (self), "SET TIME ZONE 'UTC'; SET extra_float_digits = 0;"
                    " SET search_path = public, pg_catalog;"
                    " SET plan_cache_mode = force_custom_plan; SET lock_timeout = '5s'", error))
    return FALSE;
  if (self->query_only &&
      !crm_db_exec (CRM_DB (self), "SET default_transaction_read_only = on", error))
    return FALSE;
  return TRUE;
}

static CrmDb *
crm_db_pg_open_reader (CrmDb   *db,
                       GError **error)
{
  CrmDbPg *self = CRM_DB_PG (db);
  g_autoptr(CrmDbPg) reader = NULL;
  PGconn *conn = connect_blocking (self->uri);

  reader = db_new (self->uri, conn);
  if (PQstatus (conn) != CONNECTION_OK)
    {
      remember_error (reader, NULL);
      crm_db_set_error (CRM_DB (reader), error, CRM_DB_OFFLINE);
      return NULL;
    }
  reader->query_only = TRUE;
  if (!set_up_session (reader, error))
    return NULL;
  return CRM_DB (g_steal_pointer (&reader));
}

static gboolean
crm_db_pg_copy_to (CrmDb       *db,
                   const char  *path,
                   GError     **error)
{
  g_set_error_literal (error, CRM_ERROR, CRM_ERROR_FAILED,
                       _("A showroom on a server is backed up on the server (with pg_dump), "
                         "not by Showroom on a desktop."));
  return FALSE;
}

static gboolean
crm_db_pg_check (CrmDb            *db,
                 CrmDbCheckDepth   depth,
                 GError          **error)
{
  /* The server checks its own pages (data checksums); a desktop can only
   * tell that it answers */
  return crm_db_exec (db, "SELECT 1", error);
}

static gboolean
crm_db_pg_restore_from (CrmDb       *db,
                        const char  *path,
                        GError     **error)
{
  return crm_db_pg_copy_to (db, path, error);
}

static void
crm_db_pg_set_query_only (CrmDb    *db,
                          gboolean  query_only)
{
  CrmDbPg *self = CRM_DB_PG (db);

  self->query_only = query_only;
  crm_db_pg_exec (db, query_only ? "SET default_transaction_read_only = on"
                                 : "SET default_transaction_read_only = off");
}

/* ------------------------------------------------------------------ */
/* Dialect                                                             */

/* The neutral spellings of crm-db.h in PostgreSQL's words: string_agg,
 * greatest and least are its own names; ?N becomes $N; INDEXED BY hints
 * (SQLite's planner) go */
static char *
crm_db_pg_translate (CrmDb      *db,
                     const char *sql)
{
  return crm_db_sql_rewrite (sql, NULL, 0,
                             CRM_DB_SQL_DROP_INDEX_HINTS | CRM_DB_SQL_DOLLAR_PARAMETERS);
}

/* ------------------------------------------------------------------ */
/* Notifications                                                       */

/**
 * crm_db_pg_listen:
 * @self: a connection that only listens (it runs no other statement)
 * @channel: a channel name of ours (not input)
 *
 * Returns: whether the server listens for us now
 */
gboolean
crm_db_pg_listen (CrmDbPg     *self,
                  const char  *channel,
                  GError     **error)
{
  g_autofree char *sql = NULL;

  g_return_val_if_fail (CRM_IS_DB_PG (self), FALSE);

  sql = g_strdup_printf ("LISTEN %s", channel);
  return crm_db_exec (CRM_DB (self), sql, error);
}

/**
 * crm_db_pg_take_notifications:
 * @self: a listening connection whose socket is readable
 * @connection_ok: (out): %FALSE when the connection is gone
 *
 * Returns: (transfer full) (element-type utf8): the payloads that arrived
 */
GPtrArray *
crm_db_pg_take_notifications (CrmDbPg  *self,
                              gboolean *connection_ok)
{
  GPtrArray *payloads = g_ptr_array_new_with_free_func (g_free);
  PGnotify *notify;

  g_return_val_if_fail (CRM_IS_DB_PG (self), payloads);

  *connection_ok = self->conn != NULL && PQconsumeInput (self->conn) == 1 &&
                   PQstatus (self->conn) == CONNECTION_OK;
  if (self->conn == NULL)
    return payloads;

  while ((notify = PQnotifies (self->conn)) != NULL)
    {
      g_ptr_array_add (payloads, g_strdup_printf ("%d %s", notify->be_pid, notify->extra));
      PQfreemem (notify);
    }
  return payloads;
}

/* ------------------------------------------------------------------ */
/* Bulk copy                                                           */

/* A value in COPY's text format: backslash, tab, newline and CR escaped */
static void
append_copy_value (GString    *line,
                   const char *value)
{
  if (value == NULL)
    {
      g_string_append (line, "\\N");
      return;
    }
  for (const char *p = value; *p != '\0'; p++)
    switch (*p)
      {
      case '\\': g_string_append (line, "\\\\"); break;
      case '\t': g_string_append (line, "\\t"); break;
      case '\n': g_string_append (line, "\\n"); break;
      case '\r': g_string_append (line, "\\r"); break;
      default: g_string_append_c (line, *p); break;
      }
}

/* How often a long copy says how far it got (and may be stopped) */
#define COPY_PROGRESS_ROWS 2000

static void
on_cancelled_cb (GCancellable *cancellable,
                 gpointer      user_data)
{
  char message[256];

  if (!PQcancel (user_data, message, sizeof message))
    g_debug ("The server was not asked to stop: %s", message);
}

/**
 * crm_db_pg_cancel_on:
 * @cancellable: cancelled from any thread
 *
 * Asks the server to stop the statement running on this connection when
 * @cancellable is cancelled (libpq's PQcancel, safe from another thread):
 * a statement waiting on a lock or a slow network stops at once, with
 * G_IO_ERROR_CANCELLED. Disconnect with g_cancellable_disconnect().
 *
 * Returns: the handler id, or 0 (no connection, or already cancelled)
 */
gulong
crm_db_pg_cancel_on (CrmDbPg      *self,
                     GCancellable *cancellable)
{
  PGcancel *cancel;

  g_return_val_if_fail (CRM_IS_DB_PG (self), 0);
  g_return_val_if_fail (G_IS_CANCELLABLE (cancellable), 0);

  if (self->conn == NULL || (cancel = PQgetCancel (self->conn)) == NULL)
    return 0;
  return g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled_cb), cancel,
                                (GDestroyNotify) PQfreeCancel);
}

/**
 * crm_db_pg_copy_rows:
 * @self: a connection inside a transaction
 * @table: a table of ours (not input)
 * @columns: its columns, comma-separated (not input)
 * @source: a statement whose rows give those columns in that order
 * @n_columns: how many
 * @func: (nullable): told the rows sent every few thousand rows; it may
 *   stop the copy
 * @n_rows: (out): how many rows were copied
 *
 * COPY FROM STDIN, fed by @source: one statement for the whole table
 * (its notify triggers fire once). Identity columns take the values
 * given, as OVERRIDING SYSTEM VALUE does. A copy @func stops ends with
 * G_IO_ERROR_CANCELLED and leaves the transaction to be rolled back.
 *
 * Returns: whether every row arrived
 */
gboolean
crm_db_pg_copy_rows (CrmDbPg     *self,
                     const char  *table,
                     const char  *columns,
                     CrmDbStmt   *source,
                     int          n_columns,
                     CrmDbPgCopyFunc func,
                     gpointer     user_data,
                     gint64      *n_rows,
                     GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("COPY %s (%s) FROM STDIN", table, columns);
  g_autoptr(GString) line = g_string_new (NULL);
  PGresult *res;
  CrmDbResult rc;
  gboolean ok = TRUE;

  g_return_val_if_fail (CRM_IS_DB_PG (self), FALSE);

  *n_rows = 0;
  res = PQexec (self->conn, sql);
  if (PQresultStatus (res) != PGRES_COPY_IN)
    {
      remember_error (self, res);
      PQclear (res);
      crm_db_set_error (CRM_DB (self), error, map_failure (self));
      return FALSE;
    }
  PQclear (res);

  while ((rc = crm_db_stmt_step (source)) == CRM_DB_ROW)
    {
      g_string_truncate (line, 0);
      for (int i = 0; i < n_columns; i++)
        {
          if (i > 0)
            g_string_append_c (line, '\t');
          append_copy_value (line, crm_db_stmt_column_is_null (source, i)
                                     ? NULL : crm_db_stmt_column_text (source, i));
        }
      g_string_append_c (line, '\n');
      if (PQputCopyData (self->conn, line->str, (int) line->len) != 1)
        {
          ok = FALSE;
          break;
        }
      (*n_rows)++;
      if (func != NULL && *n_rows % COPY_PROGRESS_ROWS == 0 && !func (*n_rows, user_data))
        {
          PQputCopyEnd (self->conn, "cancelled");
          while ((res = PQgetResult (self->conn)) != NULL)
            PQclear (res);
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Cancelled");
          return FALSE;
        }
    }

  if (rc != CRM_DB_DONE && ok)
    {
      PQputCopyEnd (self->conn, "the source could not be read");
      while ((res = PQgetResult (self->conn)) != NULL)
        PQclear (res);
      g_set_error (error, CRM_ERROR, CRM_ERROR_FAILED,
                   _("The showroom file could not be read while copying it (%s). "
                     "Nothing was copied to the server."), table);
      return FALSE;
    }

  if (!ok || PQputCopyEnd (self->conn, NULL) != 1)
    {
      remember_error (self, NULL);
      crm_db_set_error (CRM_DB (self), error, map_failure (self));
      return FALSE;
    }

  while ((res = PQgetResult (self->conn)) != NULL)
    {
      if (!result_ok (res))
        {
          remember_error (self, res);
          ok = FALSE;
        }
      PQclear (res);
    }
  if (!ok)
    crm_db_set_error (CRM_DB (self), error, map_failure (self));
  return ok;
}

/* ------------------------------------------------------------------ */
/* GObject                                                             */

static void
crm_db_pg_finalize (GObject *object)
{
  CrmDbPg *self = CRM_DB_PG (object);

  g_clear_pointer (&self->conn, PQfinish);
  g_clear_pointer (&self->shapes, g_hash_table_unref);
  g_free (self->uri);
  g_free (self->last_error);
  g_free (self->sqlstate);

  G_OBJECT_CLASS (crm_db_pg_parent_class)->finalize (object);
}

static void
crm_db_pg_class_init (CrmDbPgClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  CrmDbClass *db_class = CRM_DB_CLASS (klass);

  object_class->finalize = crm_db_pg_finalize;

  db_class->dialect = CRM_DB_DIALECT_POSTGRESQL;
  db_class->prepare = crm_db_pg_prepare;
  db_class->exec = crm_db_pg_exec;
  db_class->begin_write = crm_db_pg_begin_write;
  db_class->in_transaction = crm_db_pg_in_transaction;
  db_class->changes = crm_db_pg_changes;
  db_class->last_insert_id = crm_db_pg_last_insert_id;
  db_class->error_message = crm_db_pg_error_message;
  db_class->get_schema_version = crm_db_pg_get_schema_version;
  db_class->set_schema_version = crm_db_pg_set_schema_version;
  db_class->open_reader = crm_db_pg_open_reader;
  db_class->copy_to = crm_db_pg_copy_to;
  db_class->translate_sql = crm_db_pg_translate;
  db_class->check = crm_db_pg_check;
  db_class->restore_from = crm_db_pg_restore_from;
  db_class->set_query_only = crm_db_pg_set_query_only;
}

static void
crm_db_pg_init (CrmDbPg *self)
{
}

/* ------------------------------------------------------------------ */
/* Opening                                                             */

gboolean
crm_db_pg_is_uri (const char *location)
{
  return location != NULL &&
         (g_str_has_prefix (location, "postgresql://") || g_str_has_prefix (location, "postgres://"));
}

/* Why a connection failed, in words a person can act on. libpq's own
 * message (English, or the server's language) goes in the parentheses. */
static void
set_connect_error (const char  *uri,
                   const char  *message,
                   GError     **error)
{
  g_autofree char *detail = g_strstrip (g_strdup (message ? message : ""));

  if (strstr (detail, "password authentication failed") != NULL ||
      strstr (detail, "no password supplied") != NULL ||
      strstr (detail, "fe_sendauth") != NULL)
    g_set_error (error, CRM_ERROR, CRM_ERROR_AUTHENTICATION,
                 _("The server did not accept the user name and password. Check them and try again."));
  else if (strstr (detail, "could not translate host name") != NULL)
    g_set_error (error, CRM_ERROR, CRM_ERROR_OFFLINE,
                 _("The server’s name is not known on this network. Check the host name (%s)."), detail);
  else if (strstr (detail, "Connection refused") != NULL)
    g_set_error (error, CRM_ERROR, CRM_ERROR_OFFLINE,
                 _("The server refused the connection: it may be stopped, or listen on another port (%s)."),
                 detail);
  else if (strstr (detail, "SSL") != NULL || strstr (detail, "certificate") != NULL ||
           strstr (detail, "TLS") != NULL)
    g_set_error (error, CRM_ERROR, CRM_ERROR_TLS,
                 _("A secure (TLS) connection to the server could not be made, so nothing was sent. "
                   "Ask whoever runs the server to check its certificate (%s)."), detail);
  else if (strstr (detail, "does not exist") != NULL)
    g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND,
                 _("The server has no such database or user (%s)."), detail);
  else if (strstr (detail, "timeout") != NULL || strstr (detail, "timed out") != NULL)
    g_set_error (error, CRM_ERROR, CRM_ERROR_OFFLINE,
                 _("The server did not answer in time (%s)."), detail);
  else
    g_set_error (error, CRM_ERROR, CRM_ERROR_OFFLINE,
                 _("Could not connect to the showroom server (%s)."), detail);
}

/* Whose database it is and which version wrote it: read, never written */
static gboolean
check_identity (CrmDbPg  *self,
                int       max_schema_version,
                GError  **error)
{
  g_autofree char *n_tables = NULL;
  g_autofree char *application = NULL;
  int version;

  n_tables = query_value (self, "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = 'public'");
  if (n_tables == NULL)
    {
      crm_db_set_error (CRM_DB (self), error, map_failure (self));
      return FALSE;
    }
  if (g_str_equal (n_tables, "0"))
    return TRUE;

  version = crm_db_pg_get_schema_version (CRM_DB (self));
  if (version > 0)
    application = query_value (self, "SELECT value FROM meta WHERE key = 'application'");
  if (version <= 0 || g_strcmp0 (application, "showroom") != 0)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_A_DATABASE,
                   _("The database on the server belongs to another program, not to Showroom. "
                     "Nothing in it was changed."));
      return FALSE;
    }

  if (version > max_schema_version)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_TOO_NEW,
                   _("This showroom database was saved by a newer version of Showroom "
                     "(data version %d; this version knows up to %d). "
                     "Update Showroom to open it; the database was not changed."),
                   version, max_schema_version);
      return FALSE;
    }
  return TRUE;
}

/**
 * crm_db_pg_open:
 * @uri: a postgresql:// URI (libpq's connection string)
 * @max_schema_version: the newest schema this program knows
 * @error: a CRM_ERROR saying why the server cannot be used
 *
 * Connects to a showroom database on a PostgreSQL server. A server older
 * than 15, a database of another program or of a newer Showroom is
 * refused before anything is written to it.
 *
 * Returns: (transfer full): the connection, or %NULL with @error set
 */
CrmDb *
crm_db_pg_open (const char  *uri,
                int          max_schema_version,
                GError     **error)
{
  g_autoptr(CrmDbPg) self = NULL;
  PGconn *conn;

  g_return_val_if_fail (uri != NULL, NULL);

  conn = connect_blocking (uri);
  if (PQstatus (conn) != CONNECTION_OK)
    {
      set_connect_error (uri, PQerrorMessage (conn), error);
      PQfinish (conn);
      return NULL;
    }

  self = db_new (uri, conn);
  if (PQserverVersion (conn) < MIN_SERVER_VERSION)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_TOO_OLD,
                   _("The server runs PostgreSQL %d; Showroom needs version 15 or newer."),
                   PQserverVersion (conn) / 10000);
      return NULL;
    }

  if (!set_up_session (self, error) ||
      !check_identity (self, max_schema_version, error))
    return NULL;

  return CRM_DB (g_steal_pointer (&self));
}

/* Whether the connection to the server stands (as far as libpq knows:
 * a statement or the listener's socket finds out when it broke) */
gboolean
crm_db_pg_is_connected (CrmDbPg *self)
{
  g_return_val_if_fail (CRM_IS_DB_PG (self), FALSE);
  return self->conn != NULL && PQstatus (self->conn) == CONNECTION_OK;
}

/**
 * crm_db_pg_take_connection:
 * @self: a connection that broke
 * @fresh: a connection to the same server made since (in a worker
 *   thread, so the window never waits on the network); left empty
 *
 * Puts @fresh's connection in the place of @self's broken one: the
 * statements kept by the store prepare themselves again on it.
 */
void
crm_db_pg_take_connection (CrmDbPg *self,
                           CrmDbPg *fresh)
{
  g_return_if_fail (CRM_IS_DB_PG (self));
  g_return_if_fail (CRM_IS_DB_PG (fresh));

  g_clear_pointer (&self->conn, PQfinish);
  self->conn = g_steal_pointer (&fresh->conn);
  self->generation++;
  if (self->query_only)
    crm_db_pg_exec (CRM_DB (self), "SET default_transaction_read_only = on");
}

const char *
crm_db_pg_get_uri (CrmDbPg *self)
{
  g_return_val_if_fail (CRM_IS_DB_PG (self), NULL);
  return self->uri;
}

int
crm_db_pg_get_socket (CrmDbPg *self)
{
  g_return_val_if_fail (CRM_IS_DB_PG (self), -1);
  return self->conn != NULL ? PQsocket (self->conn) : -1;
}

int
crm_db_pg_get_server_version (CrmDbPg *self)
{
  g_return_val_if_fail (CRM_IS_DB_PG (self), 0);
  return self->conn != NULL ? PQserverVersion (self->conn) : 0;
}

/* The backend process of this connection: notifications it caused
 * carry it */
int
crm_db_pg_get_backend_pid (CrmDbPg *self)
{
  g_return_val_if_fail (CRM_IS_DB_PG (self), 0);
  return self->conn != NULL ? PQbackendPID (self->conn) : 0;
}
