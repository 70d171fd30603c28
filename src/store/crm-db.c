/* crm-db.c: the connection seam under the store
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The engine-neutral half: dispatch to the backend, the one transaction
 * helper, and the mapping of results to messages a person can act on.
 */
#define G_LOG_DOMAIN "crm-db"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "crm-db.h"
#include "crm-error.h"

/* How often crm_db_write() tries again when the database stays locked
 * past the engine's own wait (SQLite's busy timeout), or the server
 * asks for a retry (PostgreSQL serialization failures) */
#define WRITE_ATTEMPTS   3
#define WRITE_BACKOFF_US (50 * 1000)

G_DEFINE_ABSTRACT_TYPE (CrmDb, crm_db, G_TYPE_OBJECT)

static void
crm_db_class_init (CrmDbClass *klass)
{
}

static void
crm_db_init (CrmDb *self)
{
}

CrmDbDialect
crm_db_get_dialect (CrmDb *self)
{
  g_return_val_if_fail (CRM_IS_DB (self), CRM_DB_DIALECT_SQLITE);
  return CRM_DB_GET_CLASS (self)->dialect;
}

/* ------------------------------------------------------------------ */
/* Statements                                                          */

static CrmDbStmt *
prepare (CrmDb       *self,
         const char  *sql,
         gboolean     persistent,
         GError     **error)
{
  g_autofree char *translated = NULL;
  CrmDbResult result = CRM_DB_OK;
  CrmDbStmt *stmt;

  g_return_val_if_fail (CRM_IS_DB (self), NULL);
  g_return_val_if_fail (sql != NULL, NULL);

  if (CRM_DB_GET_CLASS (self)->translate_sql != NULL)
    translated = CRM_DB_GET_CLASS (self)->translate_sql (self, sql);

  stmt = CRM_DB_GET_CLASS (self)->prepare (self, translated ? translated : sql,
                                           persistent, &result);
  if (stmt == NULL)
    crm_db_set_error (self, error, result);
  return stmt;
}

/**
 * crm_db_prepare:
 * @self: a #CrmDb
 * @sql: one statement in the SQL both engines speak
 * @error: where to say why it cannot be prepared
 *
 * Returns: (transfer full) (nullable): a statement for crm_db_stmt_free()
 */
CrmDbStmt *
crm_db_prepare (CrmDb       *self,
                const char  *sql,
                GError     **error)
{
  return prepare (self, sql, FALSE, error);
}

/**
 * crm_db_prepare_persistent:
 *
 * Like crm_db_prepare(), for a statement kept and reused for the life of
 * the connection (the engine may plan it once for good).
 *
 * Returns: (transfer full) (nullable): a statement for crm_db_stmt_free()
 */
CrmDbStmt *
crm_db_prepare_persistent (CrmDb       *self,
                           const char  *sql,
                           GError     **error)
{
  return prepare (self, sql, TRUE, error);
}

/**
 * crm_db_exec:
 * @self: a #CrmDb
 * @sql: one or more statements without parameters
 * @error: where to say why they failed
 *
 * Returns: %TRUE when every statement ran
 */
gboolean
crm_db_exec (CrmDb       *self,
             const char  *sql,
             GError     **error)
{
  g_autofree char *translated = NULL;
  CrmDbResult result;

  g_return_val_if_fail (CRM_IS_DB (self), FALSE);
  g_return_val_if_fail (sql != NULL, FALSE);

  if (CRM_DB_GET_CLASS (self)->translate_sql != NULL)
    translated = CRM_DB_GET_CLASS (self)->translate_sql (self, sql);

  result = CRM_DB_GET_CLASS (self)->exec (self, translated ? translated : sql);
  if (result != CRM_DB_OK)
    {
      crm_db_set_error (self, error, result);
      return FALSE;
    }
  return TRUE;
}

/**
 * crm_db_translate_sql:
 * @self: a #CrmDb
 * @sql: text in the neutral dialect (see crm-db.h)
 *
 * What crm_db_prepare() and crm_db_exec() give the engine for @sql: the
 * dialect hook's result, for tests and for scripts run in an engine's
 * own shell.
 *
 * Returns: (transfer full): the engine's text
 */
char *
crm_db_translate_sql (CrmDb      *self,
                      const char *sql)
{
  char *translated = NULL;

  g_return_val_if_fail (CRM_IS_DB (self), NULL);
  g_return_val_if_fail (sql != NULL, NULL);

  if (CRM_DB_GET_CLASS (self)->translate_sql != NULL)
    translated = CRM_DB_GET_CLASS (self)->translate_sql (self, sql);
  return translated != NULL ? translated : g_strdup (sql);
}

/* Rows changed by the last INSERT, UPDATE or DELETE */
gint64
crm_db_changes (CrmDb *self)
{
  g_return_val_if_fail (CRM_IS_DB (self), 0);
  return CRM_DB_GET_CLASS (self)->changes (self);
}

gint64
crm_db_last_insert_id (CrmDb *self)
{
  g_return_val_if_fail (CRM_IS_DB (self), 0);
  return CRM_DB_GET_CLASS (self)->last_insert_id (self);
}

/* The engine's own words about the last failure, for logs and details */
const char *
crm_db_get_error_message (CrmDb *self)
{
  g_return_val_if_fail (CRM_IS_DB (self), "");
  return CRM_DB_GET_CLASS (self)->error_message (self, CRM_DB_ERROR);
}

/**
 * crm_db_set_error:
 * @self: (nullable): the connection that failed, for the engine's detail
 * @error: where to put the CRM_ERROR
 * @result: what the engine said
 *
 * Turns an engine result into a CRM_ERROR with a message a person can act
 * on, in their language.
 */
void
crm_db_set_error (CrmDb        *self,
                  GError      **error,
                  CrmDbResult   result)
{
  const char *detail = "";

  if (self != NULL)
    detail = CRM_DB_GET_CLASS (self)->error_message (self, result);

  switch (result)
    {
    case CRM_DB_BUSY:
      g_set_error (error, CRM_ERROR, CRM_ERROR_LOCKED,
                   _("The showroom database is in use by another program. "
                     "Close the other program or wait a moment, then try again."));
      break;

    case CRM_DB_READ_ONLY:
      g_set_error (error, CRM_ERROR, CRM_ERROR_READ_ONLY,
                   _("The showroom database cannot be written: the file or its folder is read-only. "
                     "Nothing was changed."));
      break;

    case CRM_DB_NOT_A_DB:
      g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_A_DATABASE,
                   _("This file is not a Showroom database."));
      break;

    case CRM_DB_CORRUPT:
      g_set_error (error, CRM_ERROR, CRM_ERROR_CORRUPT,
                   _("The showroom database file is damaged (%s). "
                     "Restore it from a backup copy."), detail);
      break;

    case CRM_DB_FULL:
      g_set_error (error, CRM_ERROR, CRM_ERROR_FAILED,
                   _("The disk is full. Nothing was changed; free some space and try again."));
      break;

    case CRM_DB_IO_ERROR:
      g_set_error (error, CRM_ERROR, CRM_ERROR_FAILED,
                   _("Showroom could not write to the disk (%s). Nothing was changed; "
                     "check that the disk is connected and writable, then try again."), detail);
      break;

    case CRM_DB_CANT_OPEN:
      g_set_error (error, CRM_ERROR, CRM_ERROR_READ_ONLY,
                   _("The showroom database cannot be opened (%s)."), detail);
      break;

    case CRM_DB_CONSTRAINT:
      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                   _("The change breaks a rule of the database (%s). Nothing was changed."),
                   detail);
      break;

    case CRM_DB_OFFLINE:
      g_set_error (error, CRM_ERROR, CRM_ERROR_OFFLINE,
                   _("The connection to the showroom server was lost (%s). Nothing was changed; "
                     "Showroom connects again by itself."), detail);
      break;

    case CRM_DB_INTERRUPT:
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Cancelled");
      break;

    case CRM_DB_OK:
    case CRM_DB_ROW:
    case CRM_DB_DONE:
    case CRM_DB_ERROR:
    default:
      g_set_error (error, CRM_ERROR, CRM_ERROR_FAILED,
                   _("The showroom database reported an error: %s"), detail);
      break;
    }
}

void
crm_db_stmt_bind_int64 (CrmDbStmt *stmt,
                        int        index,
                        gint64     value)
{
  stmt->klass->bind_int64 (stmt, index, value);
}

/* Binds a copy of @text (NULL binds NULL) */
void
crm_db_stmt_bind_text (CrmDbStmt  *stmt,
                       int         index,
                       const char *text)
{
  stmt->klass->bind_text (stmt, index, text, TRUE);
}

/* Binds @text without a copy: it must live until the statement is reset */
void
crm_db_stmt_bind_text_static (CrmDbStmt  *stmt,
                              int         index,
                              const char *text)
{
  stmt->klass->bind_text (stmt, index, text, FALSE);
}

void
crm_db_stmt_bind_null (CrmDbStmt *stmt,
                       int        index)
{
  stmt->klass->bind_null (stmt, index);
}

int
crm_db_stmt_parameter_count (CrmDbStmt *stmt)
{
  return stmt->klass->parameter_count (stmt);
}

/**
 * crm_db_stmt_step:
 *
 * Returns: %CRM_DB_ROW while there are rows, %CRM_DB_DONE at the end, or
 *   the failure
 */
CrmDbResult
crm_db_stmt_step (CrmDbStmt *stmt)
{
  return stmt->klass->step (stmt);
}

gint64
crm_db_stmt_column_int64 (CrmDbStmt *stmt,
                          int        column)
{
  return stmt->klass->column_int64 (stmt, column);
}

/* Valid until the next step or reset; NULL for SQL NULL */
const char *
crm_db_stmt_column_text (CrmDbStmt *stmt,
                         int        column)
{
  return stmt->klass->column_text (stmt, column);
}

gboolean
crm_db_stmt_column_is_null (CrmDbStmt *stmt,
                            int        column)
{
  return stmt->klass->column_is_null (stmt, column);
}

/**
 * crm_db_stmt_read_ids:
 * @stmt: a query whose rows are an id each (its first column, an
 *   integer), in the order wanted
 * @ids: (element-type gint64): where the ids read are appended
 * @max_rows: how many to read at most in this call
 *
 * Reads the ids of a list's query as crm_db_stmt_step() and
 * crm_db_stmt_column_int64() would, @max_rows at a time, so the caller
 * can hand out a first page or stop between calls. A server backend may
 * fetch them all with the first call, as one value (see crm-db-pg.c):
 * 100,000 rows of one id cost its protocol more than finding them.
 * Not to be mixed with crm_db_stmt_step() until crm_db_stmt_reset().
 *
 * Returns: %CRM_DB_ROW when more may follow, %CRM_DB_DONE after the
 *   last, or the failure
 */
CrmDbResult
crm_db_stmt_read_ids (CrmDbStmt *stmt,
                      GArray    *ids,
                      guint      max_rows)
{
  if (stmt->klass->read_ids != NULL)
    return stmt->klass->read_ids (stmt, ids, max_rows);

  for (guint n = 0; n < max_rows; n++)
    {
      CrmDbResult rc = crm_db_stmt_step (stmt);
      gint64 id;

      if (rc != CRM_DB_ROW)
        return rc;
      id = crm_db_stmt_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  return CRM_DB_ROW;
}

/* Ready to run again; the parameters stay bound */
void
crm_db_stmt_reset (CrmDbStmt *stmt)
{
  stmt->klass->reset (stmt);
}

void
crm_db_stmt_clear_bindings (CrmDbStmt *stmt)
{
  stmt->klass->clear_bindings (stmt);
}

void
crm_db_stmt_free (CrmDbStmt *stmt)
{
  if (stmt != NULL)
    stmt->klass->free (stmt);
}

/* ------------------------------------------------------------------ */
/* Transactions                                                        */

gboolean
crm_db_begin_write (CrmDb   *self,
                    GError **error)
{
  CrmDbResult result;

  g_return_val_if_fail (CRM_IS_DB (self), FALSE);

  result = CRM_DB_GET_CLASS (self)->begin_write (self);
  if (result != CRM_DB_OK)
    {
      crm_db_set_error (self, error, result);
      return FALSE;
    }
  return TRUE;
}

gboolean
crm_db_commit (CrmDb   *self,
               GError **error)
{
  return crm_db_exec (self, "COMMIT", error);
}

/* Rolls back the open transaction, if one is open */
void
crm_db_rollback (CrmDb *self)
{
  g_return_if_fail (CRM_IS_DB (self));

  if (crm_db_in_transaction (self))
    CRM_DB_GET_CLASS (self)->exec (self, "ROLLBACK");
}

gboolean
crm_db_in_transaction (CrmDb *self)
{
  g_return_val_if_fail (CRM_IS_DB (self), FALSE);
  return CRM_DB_GET_CLASS (self)->in_transaction (self);
}

/**
 * crm_db_write:
 * @self: a #CrmDb outside a transaction
 * @func: the work, run inside one write transaction
 * @user_data: for @func
 * @error: where to say why nothing was saved
 *
 * Runs @func in a write transaction and commits it, or rolls everything
 * back when @func or the commit fails. When the database was locked by
 * another writer past the engine's own wait, the whole transaction —
 * @func reading its state again — is tried again a few times, so a rule
 * that reads what it decides on never acts on a stale read.
 *
 * Returns: %TRUE when the work was committed
 */
gboolean
crm_db_write (CrmDb           *self,
              CrmDbWriteFunc   func,
              gpointer         user_data,
              GError         **error)
{
  g_return_val_if_fail (CRM_IS_DB (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (!crm_db_in_transaction (self), FALSE);

  for (guint attempt = 1; ; attempt++)
    {
      g_autoptr(GError) local_error = NULL;

      if (crm_db_begin_write (self, &local_error) &&
          func (self, user_data, &local_error) &&
          crm_db_commit (self, &local_error))
        return TRUE;

      crm_db_rollback (self);

      if (attempt >= WRITE_ATTEMPTS ||
          !g_error_matches (local_error, CRM_ERROR, CRM_ERROR_LOCKED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      g_debug ("Database locked, trying the write again (%u)", attempt);
      g_usleep (WRITE_BACKOFF_US * attempt);
    }
}

/* ------------------------------------------------------------------ */
/* Schema, copies, readers                                             */

/* 0 for a new, empty database */
int
crm_db_get_schema_version (CrmDb *self)
{
  g_return_val_if_fail (CRM_IS_DB (self), -1);
  return CRM_DB_GET_CLASS (self)->get_schema_version (self);
}

/* Inside the migration's transaction */
gboolean
crm_db_set_schema_version (CrmDb   *self,
                           int      version,
                           GError **error)
{
  g_return_val_if_fail (CRM_IS_DB (self), FALSE);
  return CRM_DB_GET_CLASS (self)->set_schema_version (self, version, error);
}

/**
 * crm_db_open_reader:
 *
 * A second, read-only connection to the same database, for queries run
 * in a worker thread (a connection is used by one thread at a time).
 *
 * Returns: (transfer full) (nullable): the reader
 */
CrmDb *
crm_db_open_reader (CrmDb   *self,
                    GError **error)
{
  g_return_val_if_fail (CRM_IS_DB (self), NULL);
  return CRM_DB_GET_CLASS (self)->open_reader (self, error);
}

/**
 * crm_db_set_bulk:
 * @self: a #CrmDb
 * @bulk: %TRUE before one transaction that writes many rows (an import),
 *   %FALSE after it
 *
 * Lets the engine trade memory for speed while a bulk writer runs; an
 * engine with nothing to tune ignores it.
 */
void
crm_db_set_bulk (CrmDb    *self,
                 gboolean  bulk)
{
  g_return_if_fail (CRM_IS_DB (self));

  if (CRM_DB_GET_CLASS (self)->set_bulk != NULL)
    CRM_DB_GET_CLASS (self)->set_bulk (self, bulk);
}

/* A consistent copy of the whole database in a new file at @path */
gboolean
crm_db_copy_to (CrmDb       *self,
                const char  *path,
                GError     **error)
{
  g_return_val_if_fail (CRM_IS_DB (self), FALSE);
  return CRM_DB_GET_CLASS (self)->copy_to (self, path, error);
}

/**
 * crm_db_get_data_version:
 *
 * Returns: a number that changes whenever another connection commits
 *   (not when this one does), or -1 when the backend cannot tell
 */
gint64
crm_db_get_data_version (CrmDb *self)
{
  g_return_val_if_fail (CRM_IS_DB (self), -1);

  if (CRM_DB_GET_CLASS (self)->data_version == NULL)
    return -1;
  return CRM_DB_GET_CLASS (self)->data_version (self);
}

/**
 * crm_db_check:
 * @depth: how thorough; %CRM_DB_CHECK_FULL takes seconds on a big
 *   showroom: call it from a worker thread on a connection of its own
 * @error: %CRM_ERROR_CORRUPT in plain words when the file is damaged
 *
 * Reads the whole file and checks its structure. Writes nothing.
 *
 * Returns: %TRUE when the check found nothing wrong
 */
gboolean
crm_db_check (CrmDb            *self,
              CrmDbCheckDepth   depth,
              GError          **error)
{
  g_return_val_if_fail (CRM_IS_DB (self), FALSE);
  return CRM_DB_GET_CLASS (self)->check (self, depth, error);
}

/**
 * crm_db_restore_from:
 * @path: a checked copy of a showroom database (see crm_store_check_file())
 *
 * Replaces everything in the database with the contents of @path in one
 * step that other connections see whole, as if one transaction had
 * rewritten it: they read the old showroom or the new one, never a mix.
 *
 * Returns: %TRUE when the database now holds the copy
 */
gboolean
crm_db_restore_from (CrmDb       *self,
                     const char  *path,
                     GError     **error)
{
  g_return_val_if_fail (CRM_IS_DB (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  return CRM_DB_GET_CLASS (self)->restore_from (self, path, error);
}

/* A damaged file gets no more writes from this connection */
void
crm_db_set_query_only (CrmDb    *self,
                       gboolean  query_only)
{
  g_return_if_fail (CRM_IS_DB (self));
  CRM_DB_GET_CLASS (self)->set_query_only (self, query_only);
}

/* ------------------------------------------------------------------ */
/* Dialect helpers for backends                                        */

static gboolean
is_name_start (char c)
{
  return g_ascii_isalpha (c) || c == '_' || (guchar) c >= 0x80;
}

static gboolean
is_name_char (char c)
{
  return is_name_start (c) || g_ascii_isdigit (c) || c == '$';
}

/* Where the quoted text or comment that starts at @p ends (just past it),
 * or @p itself when nothing quoted starts there */
static const char *
skip_quoted (const char *p)
{
  if (*p == '\'' || *p == '"')
    {
      char quote = *p++;

      /* a doubled quote is one quote inside */
      for (; *p != '\0'; p++)
        if (*p == quote && *++p != quote)
          return p;
      return p;
    }
  if (p[0] == '-' && p[1] == '-')
    {
      while (*p != '\0' && *p != '\n')
        p++;
      return p;
    }
  if (p[0] == '/' && p[1] == '*')
    {
      const char *end = strstr (p + 2, "*/");

      return end != NULL ? end + 2 : p + strlen (p);
    }
  return p;
}

static const char *
skip_space (const char *p)
{
  while (g_ascii_isspace (*p))
    p++;
  return p;
}

static gboolean
word_is (const char *word,
         gsize       len,
         const char *keyword)
{
  return strlen (keyword) == len && g_ascii_strncasecmp (word, keyword, len) == 0;
}

/**
 * crm_db_sql_rewrite:
 * @sql: text in the neutral dialect
 * @renames: (array length=n_renames) (nullable): function calls to respell
 * @n_renames: how many
 * @flags: what else to change
 *
 * The one pass over SQL text a backend's translate_sql() makes: renames
 * the functions in @renames where they are called (`name (`, not
 * `t.name`), drops `INDEXED BY index` with %CRM_DB_SQL_DROP_INDEX_HINTS,
 * turns `?N` into `$N` with %CRM_DB_SQL_DOLLAR_PARAMETERS. String
 * literals, quoted names and comments are copied as they are.
 *
 * Returns: (transfer full) (nullable): the new text, or %NULL when
 *   nothing changed
 */
char *
crm_db_sql_rewrite (const char           *sql,
                    const CrmDbSqlRename *renames,
                    gsize                 n_renames,
                    CrmDbSqlFlags         flags)
{
  g_autoptr(GString) out = NULL;
  const char *copied = sql;   /* what is in @out (or needs no change) */
  const char *p = sql;
  char prev = '\0';           /* the last character before @p that is not space */

  g_return_val_if_fail (sql != NULL, NULL);

  while (*p != '\0')
    {
      const char *end = skip_quoted (p);

      if (end != p)
        {
          if (*p == '\'' || *p == '"')
            prev = *p;
          p = end;
          continue;
        }

      if ((flags & CRM_DB_SQL_DOLLAR_PARAMETERS) && *p == '?' && g_ascii_isdigit (p[1]))
        {
          if (out == NULL)
            out = g_string_sized_new (strlen (sql) + 16);
          g_string_append_len (out, copied, p - copied);
          g_string_append_c (out, '$');
          copied = ++p;
          prev = '?';
          continue;
        }

      if (is_name_start (*p) && (p == sql || !is_name_char (p[-1])))
        {
          const char *word = p;
          gsize len;
          const char *after;

          while (is_name_char (*p))
            p++;
          len = p - word;
          after = skip_space (p);

          if ((flags & CRM_DB_SQL_DROP_INDEX_HINTS) && word_is (word, len, "indexed"))
            {
              const char *by = after;
              const char *index;

              while (is_name_char (*after))
                after++;
              index = skip_space (after);
              if (word_is (by, after - by, "by") && is_name_start (*index))
                {
                  const char *start = word;

                  while (is_name_char (*index))
                    index++;
                  /* the hint and the space before it */
                  while (start > copied && g_ascii_isspace (start[-1]))
                    start--;
                  if (out == NULL)
                    out = g_string_sized_new (strlen (sql));
                  g_string_append_len (out, copied, start - copied);
                  copied = p = index;
                  prev = index[-1];
                  continue;
                }
            }

          if (*after == '(' && prev != '.')
            for (gsize i = 0; i < n_renames; i++)
              if (word_is (word, len, renames[i].name))
                {
                  if (out == NULL)
                    out = g_string_sized_new (strlen (sql) + 16);
                  g_string_append_len (out, copied, word - copied);
                  g_string_append (out, renames[i].replacement);
                  copied = p;
                  break;
                }

          prev = p[-1];
          continue;
        }

      if (!g_ascii_isspace (*p))
        prev = *p;
      p++;
    }

  if (out == NULL)
    return NULL;
  g_string_append (out, copied);
  return g_string_free (g_steal_pointer (&out), FALSE);
}
