/* crm-store-migrate.c: a showroom file moved to a server
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * When a showroom grows from one desktop to several, its SQLite file is
 * copied to an empty PostgreSQL database: every table, every row with its
 * id, the history with it. The file is opened read-only and never
 * changed; the server gets everything in one transaction, or nothing.
 */
#define G_LOG_DOMAIN "crm-store"

#include "config.h"

#include <glib/gi18n.h>

#include "crm-db-pg.h"
#include "crm-db-sqlite.h"
#include "crm-error.h"
#include "crm-store-private.h"

/* Every table of the schema, parents before the tables that point at
 * them. followup_hour and stay_hour are copied as they are, with the
 * triggers that keep them switched off while rows arrive. */
static const char * const tables[] = {
  "meta", "staff", "vehicle_model", "catalogue_trim", "catalogue_colour", "catalogue_price",
  "stage", "stage_rule",
  "customer", "customer_phone", "customer_model", "customer_facts",
  "deal", "stage_history", "activity", "lost_request", "escalation",
  "assignment_log", "assignment_channel", "assignment_brand",
  "lead_notice", "traffic_log", "grade_history",
  "vehicle", "test_drive", "followup_hour", "stay_hour", "stock_car",
};

static gboolean
is_copied (const char *table)
{
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    if (g_str_equal (tables[i], table))
      return TRUE;
  return FALSE;
}

static gint64
count_rows (CrmDb       *db,
            const char  *table,
            GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", table);
  g_autoptr(CrmDbStmt) stmt = crm_db_prepare (db, sql, error);
  CrmDbResult rc;

  if (stmt == NULL)
    return -1;
  if ((rc = crm_db_stmt_step (stmt)) != CRM_DB_ROW)
    {
      crm_db_set_error (db, error, rc);
      return -1;
    }
  return crm_db_stmt_column_int64 (stmt, 0);
}

/* A database that holds anything of a showroom is never written over */
static gboolean
check_empty (CrmDb   *db,
             GError **error)
{
  static const char sql[] =
    "SELECT (SELECT count(*) FROM staff), (SELECT count(*) FROM customer),"
    "  (SELECT count(*) FROM deal), (SELECT count(*) FROM vehicle_model),"
    "  (SELECT count(*) FROM vehicle)";
  g_autoptr(CrmDbStmt) stmt = crm_db_prepare (db, sql, error);
  CrmDbResult rc;

  if (stmt == NULL)
    return FALSE;
  if ((rc = crm_db_stmt_step (stmt)) != CRM_DB_ROW)
    {
      crm_db_set_error (db, error, rc);
      return FALSE;
    }
  for (int i = 0; i < 5; i++)
    if (crm_db_stmt_column_int64 (stmt, i) > 0)
      {
        g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                     _("The database on the server already holds a showroom (%lld staff, %lld "
                       "customers). Showroom copies a file only into an empty database; nothing was changed."),
                     (long long) crm_db_stmt_column_int64 (stmt, 0),
                     (long long) crm_db_stmt_column_int64 (stmt, 1));
        return FALSE;
      }
  return TRUE;
}

/* The server's tables are the ones this copy knows (a table added to the
 * schema and not to tables[] would be lost) */
static gboolean
check_tables (CrmDb   *db,
              GError **error)
{
  static const char sql[] =
    "SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = 'public' ORDER BY 1";
  g_autoptr(CrmDbStmt) stmt = crm_db_prepare (db, sql, error);
  guint n = 0;

  if (stmt == NULL)
    return FALSE;
  while (crm_db_stmt_step (stmt) == CRM_DB_ROW)
    {
      const char *table = crm_db_stmt_column_text (stmt, 0);

      if (!is_copied (table))
        {
          g_set_error (error, CRM_ERROR, CRM_ERROR_FAILED,
                       _("The table “%s” on the server is not one Showroom knows how to copy. "
                         "Nothing was copied."), table);
          return FALSE;
        }
      n++;
    }
  if (n != G_N_ELEMENTS (tables))
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_FAILED,
                   _("The database on the server lacks tables of a showroom (%u of %u). "
                     "Nothing was copied."), n, (guint) G_N_ELEMENTS (tables));
      return FALSE;
    }
  return TRUE;
}

/* The columns of @table on the server, comma-separated, as both engines
 * name them */
static char *
dup_columns (CrmDb       *db,
             const char  *table,
             int         *n_columns,
             GError     **error)
{
  static const char sql[] =
    "SELECT column_name FROM information_schema.columns"
    " WHERE table_schema = 'public' AND table_name = ?1 ORDER BY ordinal_position";
  g_autoptr(CrmDbStmt) stmt = crm_db_prepare (db, sql, error);
  g_autoptr(GString) columns = g_string_new (NULL);

  if (stmt == NULL)
    return NULL;
  crm_db_stmt_bind_text (stmt, 1, table);
  *n_columns = 0;
  while (crm_db_stmt_step (stmt) == CRM_DB_ROW)
    {
      g_string_append_printf (columns, "%s%s", columns->len ? ", " : "",
                              crm_db_stmt_column_text (stmt, 0));
      (*n_columns)++;
    }
  return g_string_free (g_steal_pointer (&columns), FALSE);
}

typedef struct
{
  CrmDb                  *source;
  GCancellable           *cancellable;
  gint64                  n_source[G_N_ELEMENTS (tables)];
  CrmStoreMigrateProgress progress;
  gint64                  rows_before;   /* of the tables before this one */
  CrmStoreMigrateFunc     func;
  gpointer                user_data;
} Copy;

static void
report (Copy *copy)
{
  if (copy->func != NULL)
    copy->func (&copy->progress, copy->user_data);
}

/* Every few thousand rows of a table: how far, and whether to go on */
static gboolean
on_rows_sent (gint64   n_rows,
              gpointer user_data)
{
  Copy *copy = user_data;

  if (g_cancellable_is_cancelled (copy->cancellable))
    return FALSE;
  copy->progress.table_rows = n_rows;
  copy->progress.rows_done = copy->rows_before + n_rows;
  report (copy);
  return TRUE;
}

static gboolean
copy_all (CrmDb    *db,
          gpointer  user_data,
          GError  **error)
{
  Copy *copy = user_data;

  /* What a new database starts with (the rules' defaults) gives way to
   * the file's, children first */
  for (guint i = G_N_ELEMENTS (tables); i > 0; i--)
    {
      g_autofree char *sql = g_strdup_printf ("DELETE FROM %s", tables[i - 1]);

      if (!crm_db_exec (db, sql, error))
        return FALSE;
    }

  copy->rows_before = 0;
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      const char *table = tables[i];
      g_autofree char *columns = NULL;
      g_autofree char *sql = NULL;
      g_autoptr(CrmDbStmt) source = NULL;
      gint64 n_source = copy->n_source[i];
      gint64 n_copied, n_target;
      int n_columns = 0;

      if (g_cancellable_set_error_if_cancelled (copy->cancellable, error))
        return FALSE;
      copy->progress.table = table;
      copy->progress.table_index = i;
      copy->progress.table_rows = 0;
      copy->progress.table_done = FALSE;
      copy->progress.rows_done = copy->rows_before;
      report (copy);

      if ((columns = dup_columns (db, table, &n_columns, error)) == NULL)
        return FALSE;

      /* The rows as they are, triggers and all: the copy's own counts
       * (followup_hour, stay_hour) and the notices nobody listens to yet */
      sql = g_strdup_printf ("ALTER TABLE %s DISABLE TRIGGER USER", table);
      if (!crm_db_exec (db, sql, error))
        return FALSE;
      g_free (sql);

      sql = g_strdup_printf ("SELECT %s FROM %s", columns, table);
      if ((source = crm_db_prepare (copy->source, sql, error)) == NULL ||
          !crm_db_pg_copy_rows (CRM_DB_PG (db), table, columns, source, n_columns,
                                on_rows_sent, copy, &n_copied, error))
        return FALSE;
      g_free (sql);

      sql = g_strdup_printf ("ALTER TABLE %s ENABLE TRIGGER USER", table);
      if (!crm_db_exec (db, sql, error) ||
          (n_target = count_rows (db, table, error)) < 0)
        return FALSE;

      if (n_target != n_source || n_copied != n_source)
        {
          g_set_error (error, CRM_ERROR, CRM_ERROR_FAILED,
                       _("The table “%s” has %lld rows in the file but %lld on the server. "
                         "Nothing was copied."), table, (long long) n_source, (long long) n_target);
          return FALSE;
        }
      copy->rows_before += n_source;
      copy->progress.table_rows = n_source;
      copy->progress.table_done = TRUE;
      copy->progress.rows_done = copy->rows_before;
      report (copy);
    }

  /* New rows go on after the highest id copied */
  {
    static const char sql[] =
      "SELECT table_name FROM information_schema.columns"
      " WHERE table_schema = 'public' AND column_name = 'id' AND is_identity = 'YES'";
    g_autoptr(CrmDbStmt) stmt = crm_db_prepare (db, sql, error);
    g_autoptr(GPtrArray) with_ids = g_ptr_array_new_with_free_func (g_free);

    if (stmt == NULL)
      return FALSE;
    while (crm_db_stmt_step (stmt) == CRM_DB_ROW)
      g_ptr_array_add (with_ids, g_strdup (crm_db_stmt_column_text (stmt, 0)));
    for (guint i = 0; i < with_ids->len; i++)
      {
        const char *table = g_ptr_array_index (with_ids, i);
        g_autofree char *setval = g_strdup_printf ("SELECT setval (pg_get_serial_sequence ('%s', 'id'),"
                                                   " coalesce ((SELECT max(id) FROM %s), 0) + 1, false)",
                                                   table, table);

        if (!crm_db_exec (db, setval, error))
          return FALSE;
      }
  }

  /* meta came from the file, which keeps its version elsewhere */
  return crm_db_set_schema_version (db, CRM_STORE_SCHEMA_VERSION, error);
}

/**
 * crm_store_migrate_to:
 * @path: a showroom's SQLite file, at this version's schema
 * @uri: an empty PostgreSQL database (postgresql://…)
 * @cancellable: (nullable): stops the copy, from any thread; the server
 *   is then left as it was
 * @func: (nullable): told how far the copy got, in this thread
 * @error: a CRM_ERROR saying why nothing was copied, or
 *   G_IO_ERROR_CANCELLED
 *
 * Copies the whole showroom to the server in one transaction, ids kept,
 * each table's rows counted on both sides. The file is only read, in one
 * read transaction: what another program saves meanwhile is not half
 * copied. A database that already holds a showroom is refused. May take
 * minutes on a big showroom: run it in a worker thread.
 *
 * Returns: whether the server now holds the showroom
 */
gboolean
crm_store_migrate_to (const char           *path,
                      const char           *uri,
                      GCancellable         *cancellable,
                      CrmStoreMigrateFunc   func,
                      gpointer              user_data,
                      GError              **error)
{
  g_autoptr(CrmDb) source = NULL;
  g_autoptr(CrmStore) target = NULL;
  g_autoptr(GError) local_error = NULL;
  Copy copy = { NULL, };
  gulong cancel_id = 0;
  gboolean ok;
  int version;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (uri != NULL, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);

  if (!crm_db_pg_is_uri (uri))
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                   _("“%s” is not the address of a PostgreSQL database (postgresql://…)."), uri);
      return FALSE;
    }

  if ((source = crm_db_sqlite_open_read_only (path, CRM_STORE_SCHEMA_VERSION, error)) == NULL)
    return FALSE;
  version = crm_db_get_schema_version (source);
  if (version <= 0)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_A_DATABASE,
                   _("“%s” holds no showroom. Nothing was copied."), path);
      return FALSE;
    }
  if (version < CRM_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                   _("The showroom file was saved by an older version of Showroom (data version %d). "
                     "Open it once in this version to bring it up to date, then copy it. "
                     "Nothing was copied."), version);
      return FALSE;
    }

  /* One snapshot of the file for the counts and the copy */
  if (!crm_db_exec (source, "BEGIN", error))
    return FALSE;
  copy.source = source;
  copy.cancellable = cancellable;
  copy.func = func;
  copy.user_data = user_data;
  copy.progress.n_tables = G_N_ELEMENTS (tables);
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      if ((copy.n_source[i] = count_rows (source, tables[i], error)) < 0)
        return FALSE;
      copy.progress.rows_total += copy.n_source[i];
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
      (target = crm_store_open (uri, NULL, error)) == NULL ||
      !check_tables (target->db, error) ||
      !check_empty (target->db, error))
    return FALSE;

  if (cancellable != NULL)
    cancel_id = crm_db_pg_cancel_on (CRM_DB_PG (target->db), cancellable);
  ok = crm_db_write (target->db, copy_all, &copy, &local_error);
  if (cancel_id != 0)
    g_cancellable_disconnect (cancellable, cancel_id);
  crm_db_exec (source, "ROLLBACK", NULL);

  if (!ok)
    {
      /* Stopped on the way, wherever it was (the server's "canceling
       * statement", a copy stopped between rows): rolled back */
      if (g_cancellable_is_cancelled (cancellable))
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                             _("The copy was stopped. Nothing was copied to the server."));
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  /* Statistics for the planner now, not when autovacuum comes round: the
   * desktops that connect next plan their queries on them. Not needed
   * for the copy to count, so a failure is only logged. */
  {
    g_autoptr(GError) analyze_error = NULL;

    if (!crm_db_exec (target->db, "ANALYZE", &analyze_error))
      g_message ("The copy is complete, but ANALYZE failed: %s", analyze_error->message);
  }
  return TRUE;
}
