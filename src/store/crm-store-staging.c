/* crm-store-staging.c: a big write prepared aside, then published at once
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An import of 100,000 leads took SQLite's write lock for its whole run
 * (about nine seconds): past the five-second busy timeout, so another
 * desktop's or process's save failed with "database is locked". Now the
 * import writes into a staging store, a SQLite file of its own with the
 * showroom's schema and a copy of the rules, staff and catalogue it reads,
 * through the same domain stores as any other write, while the showroom
 * stays free for everyone. Then crm_store_publish_staging() takes the
 * write lock once and copies the staged rows in with a few INSERT …
 * SELECT statements, each id moved past the showroom's highest, and the
 * showroom's own triggers computing what they compute. Readers never
 * wait (WAL); writers wait for the publication only. A showroom on a
 * server is staged in a local file just the same, its rules, staff and
 * catalogue read from the server, and the staged rows go over with COPY:
 * no round trip per row, and the server's write lock held only while
 * they go in (its triggers run on each row: about 0.15 ms a lead).
 *
 * What an import writes, and so what is published: customers with their
 * phones and models, their deals with the first stage in the history,
 * the assignment log, the consultants' notices, and where round robin
 * stands. A table added to what an import writes must be added to
 * published[] below: before anything is published, every other table of
 * the staging store must hold only what was copied into it, or nothing
 * is published (check_staged()).
 */
#define G_LOG_DOMAIN "crm-store"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "crm-db-pg.h"
#include "crm-error.h"
#include "crm-phone.h"
#include "crm-store-private.h"

/* What the staging store reads and must find as the showroom has it */
static const char *const copied[] = {
  "meta", "staff", "vehicle_model", "stage", "stage_rule", "assignment_channel", "assignment_brand", NULL,
};

typedef enum
{
  KEEP,
  CUSTOMER_ID,
  DEAL_ID,
  OWN_ID,
} Shift;

typedef struct
{
  const char *table;
  const char *column;
  Shift       shift;
} Moved;

/* Tables published, parents first, and their columns holding the id of a
 * staged row (moved by that table's offset); every other column is kept */
static const char *const published[] = {
  "customer", "customer_phone", "customer_model", "deal", "stage_history", "assignment_log", "lead_notice", NULL,
};

static const Moved moved[] = {
  { "customer", "id", CUSTOMER_ID },
  { "customer_phone", "customer_id", CUSTOMER_ID },
  { "customer_model", "customer_id", CUSTOMER_ID },
  { "deal", "id", DEAL_ID },
  { "deal", "customer_id", CUSTOMER_ID },
  { "stage_history", "id", OWN_ID },
  { "stage_history", "deal_id", DEAL_ID },
  { "assignment_log", "id", OWN_ID },
  { "assignment_log", "customer_id", CUSTOMER_ID },
  { "lead_notice", "id", OWN_ID },
  { "lead_notice", "customer_id", CUSTOMER_ID },
};

static const char *
staging_key (void)
{
  return "crm-store-staging-path";
}

/* A file name as an SQL string literal */
static char *
quote (const char *text)
{
  GString *quoted = g_string_new ("'");

  for (const char *p = text; *p; p++)
    {
      if (*p == '\'')
        g_string_append_c (quoted, '\'');
      g_string_append_c (quoted, *p);
    }
  g_string_append_c (quoted, '\'');
  return g_string_free (quoted, FALSE);
}

/* The columns of @table in the staging file, and the same columns as
 * the server gives them: its booleans as 0 and 1, as SQLite keeps them */
static gboolean
server_columns (CrmStore    *self,
                CrmStore    *staging,
                const char  *table,
                GString     *names,
                GString     *selected,
                GString     *marks,
                int         *n_columns,
                GError     **error)
{
  static const char sql[] =
    "SELECT data_type FROM information_schema.columns"
    " WHERE table_schema = 'public' AND table_name = ?1 AND column_name = ?2";
  g_autofree char *list = g_strdup_printf ("SELECT name FROM pragma_table_info ('%s') ORDER BY cid", table);
  g_autoptr(CrmDbStmt) columns = crm_db_prepare (staging->db, list, error);
  g_autoptr(CrmDbStmt) type = columns ? crm_db_prepare (self->db, sql, error) : NULL;

  if (type == NULL)
    return FALSE;
  *n_columns = 0;
  while (crm_db_stmt_step (columns) == CRM_DB_ROW)
    {
      const char *column = crm_db_stmt_column_text (columns, 0);
      gboolean boolean;

      crm_db_stmt_bind_text (type, 1, table);
      crm_db_stmt_bind_text (type, 2, column);
      boolean = crm_db_stmt_step (type) == CRM_DB_ROW &&
                g_strcmp0 (crm_db_stmt_column_text (type, 0), "boolean") == 0;
      crm_db_stmt_reset (type);

      (*n_columns)++;
      g_string_append_printf (names, "%s%s", names->len ? ", " : "", column);
      g_string_append_printf (marks, "%s?%d", marks->len ? ", " : "", *n_columns);
      if (boolean)
        g_string_append_printf (selected, "%sCAST (%s AS integer)", selected->len ? ", " : "", column);
      else
        g_string_append_printf (selected, "%s%s", selected->len ? ", " : "", column);
    }
  return TRUE;
}

/* What the staging store reads, from the server into the file */
static gboolean
copy_from_server (CrmStore  *self,
                  CrmStore  *staging,
                  GError   **error)
{
  guint n = G_N_ELEMENTS (copied) - 1;

  if (!crm_store_begin (staging, error))
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *sql = g_strdup_printf ("DELETE FROM %s", copied[n - 1 - i]);

      if (!crm_db_exec (staging->db, sql, error))
        {
          crm_store_rollback (staging);
          return FALSE;
        }
    }
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GString) names = g_string_new (NULL);
      g_autoptr(GString) selected = g_string_new (NULL);
      g_autoptr(GString) marks = g_string_new (NULL);
      g_autoptr(CrmDbStmt) read = NULL;
      g_autoptr(CrmDbStmt) write = NULL;
      g_autofree char *select_sql = NULL;
      g_autofree char *insert_sql = NULL;
      int n_columns = 0;
      CrmDbResult rc;

      if (!server_columns (self, staging, copied[i], names, selected, marks, &n_columns, error))
        {
          crm_store_rollback (staging);
          return FALSE;
        }
      select_sql = g_strdup_printf ("SELECT %s FROM %s", selected->str, copied[i]);
      insert_sql = g_strdup_printf ("INSERT INTO %s (%s) VALUES (%s)", copied[i], names->str, marks->str);
      if ((read = crm_db_prepare (self->db, select_sql, error)) == NULL ||
          (write = crm_db_prepare (staging->db, insert_sql, error)) == NULL)
        {
          crm_store_rollback (staging);
          return FALSE;
        }
      while ((rc = crm_db_stmt_step (read)) == CRM_DB_ROW)
        {
          CrmDbResult written;

          for (int c = 0; c < n_columns; c++)
            if (crm_db_stmt_column_is_null (read, c))
              crm_db_stmt_bind_null (write, c + 1);
            else
              crm_db_stmt_bind_text (write, c + 1, crm_db_stmt_column_text (read, c));
          written = crm_db_stmt_step (write);
          crm_db_stmt_reset (write);
          if (written != CRM_DB_DONE)
            {
              crm_db_set_error (staging->db, error, written);
              crm_store_rollback (staging);
              return FALSE;
            }
        }
      if (rc != CRM_DB_DONE)
        {
          crm_db_set_error (self->db, error, rc);
          crm_store_rollback (staging);
          return FALSE;
        }
    }
  return crm_store_commit (staging, error);
}

/* The staging store's rows are read once, by the publication: of the
 * indexes on customers and deals only those its own writes look things
 * up by are worth keeping up to date (the showroom's own are, as the rows
 * go in). Dropping the others makes the import's writes about a third
 * cheaper. */
static gboolean
drop_lookup_indexes (CrmStore  *staging,
                     GError   **error)
{
  static const char *const kept[] = { "deal_customer", NULL };
  g_autoptr(CrmDbStmt) stmt =
    crm_db_prepare (staging->db, "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
                                 " AND tbl_name IN ('customer', 'deal')", error);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  if (stmt == NULL)
    return FALSE;
  while (crm_db_stmt_step (stmt) == CRM_DB_ROW)
    if (!g_strv_contains (kept, crm_db_stmt_column_text (stmt, 0)))
      g_ptr_array_add (names, g_strdup (crm_db_stmt_column_text (stmt, 0)));
  g_clear_pointer (&stmt, crm_db_stmt_free);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *sql = g_strdup_printf ("DROP INDEX %s", (char *) g_ptr_array_index (names, i));

      if (!crm_db_exec (staging->db, sql, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * crm_store_open_staging:
 *
 * A store to prepare a big write in (crm_store_publish_staging()): a new
 * SQLite file beside nothing else, with the showroom's schema and a copy
 * of its rules, staff, stages and catalogue, on @self's clock. Only for a
 * showroom in a file.
 *
 * Returns: (transfer full): the staging store, or %NULL with @error set
 */
CrmStore *
crm_store_open_staging (CrmStore  *self,
                        GError   **error)
{
  g_autoptr(CrmStore) staging = NULL;
  g_autofree char *path = NULL;
  g_autofree char *attach = NULL;
  g_autofree char *quoted = NULL;
  int fd;

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);

  fd = g_file_open_tmp ("showroom-staging-XXXXXX.db", &path, error);
  if (fd < 0)
    return NULL;
  close (fd);
  g_unlink (path);

  if ((staging = crm_store_open (path, self->clock, error)) == NULL)
    return NULL;
  g_object_set_data_full (G_OBJECT (staging), staging_key (), g_strdup (path), g_free);
  if (!drop_lookup_indexes (staging, error))
    {
      crm_store_discard_staging (g_steal_pointer (&staging));
      return NULL;
    }

  if (CRM_IS_DB_PG (self->db))
    {
      if (!crm_db_exec (staging->db, "PRAGMA journal_mode = MEMORY; PRAGMA synchronous = NORMAL", error) ||
          !copy_from_server (self, staging, error))
        {
          crm_store_discard_staging (g_steal_pointer (&staging));
          return NULL;
        }
      return g_steal_pointer (&staging);
    }

  /* A scratch file: no journal on it (a rollback still works, from
   * memory), and one sync, when its rows are committed, so the showroom's
   * connection, which publishes them, reads them from the file */
  quoted = quote (self->path);
  attach = g_strdup_printf ("PRAGMA journal_mode = MEMORY; PRAGMA synchronous = NORMAL;"
                            " ATTACH %s AS showroom", quoted);
  if (!crm_db_exec (staging->db, attach, error))
    {
      crm_store_discard_staging (g_steal_pointer (&staging));
      return NULL;
    }

  if (!crm_store_begin (staging, error))
    {
      crm_store_discard_staging (g_steal_pointer (&staging));
      return NULL;
    }
  /* A new file's defaults give way to the showroom's, children first */
  for (guint i = 0; i < 2 * (G_N_ELEMENTS (copied) - 1); i++)
    {
      guint n = G_N_ELEMENTS (copied) - 1;
      g_autofree char *sql = i < n ? g_strdup_printf ("DELETE FROM main.%s", copied[n - 1 - i])
                                   : g_strdup_printf ("INSERT INTO main.%s SELECT * FROM showroom.%s",
                                                      copied[i - n], copied[i - n]);

      if (!crm_db_exec (staging->db, sql, error))
        {
          crm_store_rollback (staging);
          crm_store_discard_staging (g_steal_pointer (&staging));
          return NULL;
        }
    }
  if (!crm_store_commit (staging, error) ||
      !crm_db_exec (staging->db, "DETACH showroom", error))
    {
      crm_store_discard_staging (g_steal_pointer (&staging));
      return NULL;
    }

  return g_steal_pointer (&staging);
}

/**
 * crm_store_discard_staging:
 * @staging: (transfer full): from crm_store_open_staging()
 *
 * Closes the staging store and removes its file.
 */
void
crm_store_discard_staging (CrmStore *staging)
{
  g_autofree char *path = NULL;

  if (staging == NULL)
    return;
  path = g_strdup (g_object_get_data (G_OBJECT (staging), staging_key ()));
  g_object_unref (staging);
  if (path != NULL)
    {
      g_autofree char *wal = g_strconcat (path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (path, "-shm", NULL);

      g_unlink (path);
      g_unlink (wal);
      g_unlink (shm);
    }
}

/* "a, b + 100, c": the columns of @table, each holding a staged id moved */
static char *
select_list (CrmStore    *self,
             const char  *table,
             const gint64 offsets[],
             char       **columns,
             GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT name FROM pragma_table_info ('%s') ORDER BY cid", table);
  g_autoptr(CrmDbStmt) stmt = crm_db_prepare (self->db, sql, error);
  g_autoptr(GString) names = g_string_new (NULL);
  g_autoptr(GString) values = g_string_new (NULL);

  if (stmt == NULL)
    return NULL;
  while (crm_db_stmt_step (stmt) == CRM_DB_ROW)
    {
      const char *column = crm_db_stmt_column_text (stmt, 0);
      Shift shift = KEEP;

      for (guint i = 0; i < G_N_ELEMENTS (moved); i++)
        if (g_str_equal (moved[i].table, table) && g_str_equal (moved[i].column, column))
          shift = moved[i].shift;

      g_string_append_printf (names, "%s%s", names->len ? ", " : "", column);
      if (shift == KEEP)
        g_string_append_printf (values, "%s%s", values->len ? ", " : "", column);
      else
        g_string_append_printf (values, "%s%s + %" G_GINT64_FORMAT, values->len ? ", " : "",
                                column, offsets[shift]);
    }
  *columns = g_string_free (g_steal_pointer (&names), FALSE);
  return g_string_free (g_steal_pointer (&values), FALSE);
}

/* Numbers staged that a customer of the showroom took while the staging
 * store was being filled */
static gboolean
check_numbers_free (CrmStore  *self,
                    GError   **error)
{
  static const char sql[] =
    "SELECT s.number FROM staging.customer_phone s"
    " JOIN main.customer_phone p ON p.number = s.number AND p.live = 1 LIMIT 1";
  g_autoptr(CrmDbStmt) stmt = crm_db_prepare (self->db, sql, error);

  if (stmt == NULL)
    return FALSE;
  if (crm_db_stmt_step (stmt) == CRM_DB_ROW)
    {
      g_autofree char *shown = crm_phone_format (crm_db_stmt_column_text (stmt, 0));

      g_set_error (error, CRM_ERROR, CRM_ERROR_DUPLICATE,
                   _("While the file was being read, %s was given to a customer on another desktop, "
                     "so nothing was imported. Import the file again: that row is then recognised."),
                   shown);
      return FALSE;
    }
  return TRUE;
}

static gint64
max_id (CrmStore   *self,
        const char *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT coalesce (max (id), 0) FROM %s", table);
  g_autoptr(CrmDbStmt) stmt = crm_db_prepare (self->db, sql, NULL);

  if (stmt == NULL || crm_db_stmt_step (stmt) != CRM_DB_ROW)
    return -1;
  return crm_db_stmt_column_int64 (stmt, 0);
}

/* Whether @table's own ids are moved (its rows are new rows) */
static gboolean
has_own_id (const char *table)
{
  for (guint m = 0; m < G_N_ELEMENTS (moved); m++)
    if (g_str_equal (moved[m].table, table) && moved[m].shift == OWN_ID)
      return TRUE;
  return FALSE;
}

static gboolean
set_own_offset (CrmStore    *self,
                const char  *table,
                gboolean     own_id,
                gint64      *offsets,
                GError     **error)
{
  offsets[OWN_ID] = own_id ? max_id (self, table) : 0;
  if (offsets[OWN_ID] < 0)
    {
      crm_db_set_error (self->db, error, CRM_DB_ERROR);
      return FALSE;
    }
  return TRUE;
}

/* What a publication starts with, on either engine: what the caller does
 * on the showroom itself (an import's merges into customers it already
 * had), under the same lock, then where the new ids start */
static gboolean
begin_publication (CrmStore             *self,
                   CrmStorePublishFunc   before,
                   gpointer              user_data,
                   gint64               *offsets,
                   GError              **error)
{
  if (before != NULL && !before (self, user_data, error))
    return FALSE;
  if ((offsets[CUSTOMER_ID] = max_id (self, "customer")) < 0 ||
      (offsets[DEAL_ID] = max_id (self, "deal")) < 0)
    {
      crm_db_set_error (self->db, error, CRM_DB_ERROR);
      return FALSE;
    }
  return TRUE;
}

/* What a publication ends with, on either engine: where round robin
 * stands after the staged assignments, and the news of what came in */
static gboolean
end_publication (CrmStore  *self,
                 CrmStore  *staging,
                 GError   **error)
{
  g_autoptr(CrmDbStmt) stmt =
    crm_db_prepare (staging->db, "SELECT value FROM meta WHERE key = 'leads.round-robin-last'", NULL);

  if (stmt != NULL && crm_db_stmt_step (stmt) == CRM_DB_ROW &&
      !crm_store_set_meta (self, "leads.round-robin-last", crm_db_stmt_column_text (stmt, 0), error))
    return FALSE;

  crm_store_queue_change (self, CRM_ENTITY_CUSTOMER, 0);
  crm_store_queue_change (self, CRM_ENTITY_DEAL, 0);
  crm_store_queue_change (self, CRM_ENTITY_STAFF, 0);   /* their notices */
  return TRUE;
}

static gboolean
publish_rows (CrmStore                *self,
              CrmStore                *staging,
              CrmStorePublishFunc      before,
              gpointer                 user_data,
              GError                 **error)
{
  gint64 offsets[OWN_ID + 1] = { 0, };

  if (!check_numbers_free (self, error) ||
      !begin_publication (self, before, user_data, offsets, error))
    return FALSE;

  for (guint i = 0; published[i] != NULL; i++)
    {
      const char *table = published[i];
      g_autofree char *columns = NULL;
      g_autofree char *values = NULL;
      g_autofree char *sql = NULL;

      gboolean own_id = has_own_id (table);

      if (!set_own_offset (self, table, own_id, offsets, error))
        return FALSE;
      if ((values = select_list (self, table, offsets, &columns, error)) == NULL)
        return FALSE;
      sql = g_strdup_printf ("INSERT INTO main.%s (%s) SELECT %s FROM staging.%s ORDER BY rowid",
                             table, columns, values, table);
      if (!crm_db_exec (self->db, sql, error))
        return FALSE;
    }

  return end_publication (self, staging, error);
}

/* The same, on a server: the staged rows go over with COPY (each table's
 * notify trigger fires once), and each identity goes on past them */
static gboolean
publish_rows_to_server (CrmStore            *self,
                        CrmStore            *staging,
                        CrmStorePublishFunc  before,
                        gpointer             user_data,
                        GError             **error)
{
  gint64 offsets[OWN_ID + 1] = { 0, };

  if (!begin_publication (self, before, user_data, offsets, error))
    return FALSE;

  for (guint i = 0; published[i] != NULL; i++)
    {
      const char *table = published[i];
      g_autofree char *columns = NULL;
      g_autofree char *values = NULL;
      g_autofree char *sql = NULL;
      g_autoptr(CrmDbStmt) source = NULL;
      gboolean own_id = has_own_id (table);
      gint64 copied_rows = 0;
      int n_columns = 0;

      if (!set_own_offset (self, table, own_id, offsets, error))
        return FALSE;
      /* The file's columns, which the server's tables have too */
      if ((values = select_list (staging, table, offsets, &columns, error)) == NULL)
        return FALSE;
      for (const char *p = columns; *p; p++)
        n_columns += *p == ',';
      n_columns++;

      sql = g_strdup_printf ("SELECT %s FROM %s ORDER BY rowid", values, table);
      if ((source = crm_db_prepare (staging->db, sql, error)) == NULL)
        return FALSE;
      if (!crm_db_pg_copy_rows (CRM_DB_PG (self->db), table, columns, source, n_columns, NULL, NULL,
                                &copied_rows, error))
        {
          /* The one rule a staged row can break there: a number another
           * desktop gave a customer meanwhile */
          if (error != NULL && g_str_equal (table, "customer_phone") &&
              g_error_matches (*error, CRM_ERROR, CRM_ERROR_INVALID_INPUT))
            {
              g_clear_error (error);
              g_set_error_literal (error, CRM_ERROR, CRM_ERROR_DUPLICATE,
                                   _("While the file was being read, a number in it was given to a customer "
                                     "on another desktop, so nothing was imported. Import the file again: "
                                     "that row is then recognised."));
            }
          return FALSE;
        }
      if (own_id || g_str_equal (table, "customer") || g_str_equal (table, "deal"))
        {
          g_autofree char *setval = g_strdup_printf ("SELECT setval (pg_get_serial_sequence ('%s', 'id'),"
                                                     " coalesce ((SELECT max(id) FROM %s), 0) + 1, false)",
                                                     table, table);

          if (!crm_db_exec (self->db, setval, error))
            return FALSE;
        }
    }

  return end_publication (self, staging, error);
}

/* Rows written to a table that is neither copied nor published would be
 * lost without a word: refuse instead (a table an import newly writes) */
static gboolean
check_staged (CrmStore  *staging,
              GError   **error)
{
  g_autoptr(CrmDbStmt) tables =
    crm_db_prepare (staging->db, "SELECT name FROM sqlite_master WHERE type = 'table'"
                                 " AND name NOT LIKE 'sqlite_%'", error);

  if (tables == NULL)
    return FALSE;
  while (crm_db_stmt_step (tables) == CRM_DB_ROW)
    {
      const char *table = crm_db_stmt_column_text (tables, 0);
      g_autofree char *sql = NULL;
      g_autoptr(CrmDbStmt) count = NULL;

      if (g_strv_contains ((const char * const *) copied, table) ||
          g_strv_contains ((const char * const *) published, table))
        continue;
      sql = g_strdup_printf ("SELECT count(*) FROM %s", table);
      if ((count = crm_db_prepare (staging->db, sql, error)) == NULL)
        return FALSE;
      if (crm_db_stmt_step (count) == CRM_DB_ROW && crm_db_stmt_column_int64 (count, 0) > 0)
        {
          g_set_error (error, CRM_ERROR, CRM_ERROR_FAILED,
                       "Rows staged in %s, which is not published: nothing was imported", table);
          return FALSE;
        }
    }
  return TRUE;
}

/**
 * crm_store_publish_staging:
 * @staging: from crm_store_open_staging(), filled; left as it was
 * @before: (nullable) (scope call): run on @self first, in the same
 *   transaction
 *
 * Copies what was written to @staging into the showroom in one write
 * transaction: the only time the write lock is held. Nothing is copied
 * when a staged phone number was taken in the showroom meanwhile
 * (CRM_ERROR_DUPLICATE) or @before fails.
 *
 * Returns: whether the staged rows are in the showroom
 */
gboolean
crm_store_publish_staging (CrmStore             *self,
                           CrmStore             *staging,
                           CrmStorePublishFunc   before,
                           gpointer              user_data,
                           GError              **error)
{
  g_autofree char *attach = NULL;
  g_autofree char *quoted = NULL;
  const char *path;
  gboolean ok;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);
  g_return_val_if_fail (CRM_IS_STORE (staging), FALSE);
  g_return_val_if_fail (self->depth == 0, FALSE);

  path = g_object_get_data (G_OBJECT (staging), staging_key ());
  g_return_val_if_fail (path != NULL, FALSE);

  if (!check_staged (staging, error))
    return FALSE;

  /* Every other desktop shows that saves wait for this one */
  if (CRM_IS_DB_PG (self->db))
    {
      crm_store_announce_busy (self, TRUE);
      ok = crm_store_begin (self, error);
      if (ok)
        {
          ok = publish_rows_to_server (self, staging, before, user_data, error);
          ok = crm_store_finish_write (self, ok, error);
        }
      crm_store_announce_busy (self, FALSE);
      return ok;
    }

  quoted = quote (path);
  attach = g_strdup_printf ("ATTACH %s AS staging", quoted);
  if (!crm_db_exec (self->db, attach, error))
    return FALSE;

  crm_store_announce_busy (self, TRUE);
  if (!crm_store_begin (self, error))
    {
      crm_store_announce_busy (self, FALSE);
      crm_db_exec (self->db, "DETACH staging", NULL);
      return FALSE;
    }
  ok = publish_rows (self, staging, before, user_data, error);
  ok = crm_store_finish_write (self, ok, error);
  crm_store_announce_busy (self, FALSE);

  crm_db_exec (self->db, "DETACH staging", NULL);
  return ok;
}
