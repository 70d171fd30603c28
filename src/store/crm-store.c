/* crm-store.c: the showroom's SQLite database
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every read and write of the showroom goes through here: no SQL lives
 * anywhere else. Statements are prepared once and bound, never built from
 * input. Writes run in BEGIN IMMEDIATE transactions that nest; "changed" is
 * emitted after the outermost COMMIT, so a view never sees a change that
 * could still be rolled back.
 */
#define G_LOG_DOMAIN "crm-store"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include "crm-db.h"
#include <string.h>

#include "crm-model-enum-types.h"
#include "crm-store-enum-types.h"
#include "crm-error.h"
#include "crm-phone.h"
#include "crm-pinyin.h"
#include "crm-db-sqlite.h"
#include "crm-schema.h"
#include "crm-search-index.h"
#include "crm-store.h"
#include "crm-store-private.h"

#define DEFAULT_BUSY_TIMEOUT_MS 5000
#define SUMMARY_FULL_REFRESH    2000
#define MAX_PENDING_CHANGES     256

enum {
  PROP_0,
  PROP_PATH,
  PROP_CLOCK,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CrmStore, crm_store, G_TYPE_OBJECT)

/* ------------------------------------------------------------------ */
/* Statements                                                          */

CrmDbStmt *
crm_store_prepare (CrmStore    *self,
         const char  *sql,
         GError     **error)
{
  CrmDbStmt *stmt = g_hash_table_lookup (self->statements, sql);

  if (stmt != NULL)
    return stmt;

  stmt = crm_db_prepare_persistent (self->db, sql, error);
  if (stmt == NULL)
    return NULL;

  g_hash_table_insert (self->statements, (gpointer) sql, stmt);
  return stmt;
}

/* Resets a cached statement when it leaves scope */
void
crm_store_stmt_done (CrmDbStmt **stmt)
{
  if (*stmt != NULL)
    {
      crm_db_stmt_reset (*stmt);
      crm_db_stmt_clear_bindings (*stmt);
    }
}



gboolean
crm_store_exec (CrmStore    *self,
             const char  *sql,
             GError     **error)
{
  return crm_db_exec (self->db, sql, error);
}

gboolean
crm_store_step_done (CrmStore      *self,
           CrmDbStmt  *stmt,
           GError       **error)
{
  int rc = crm_db_stmt_step (stmt);

  if (rc != CRM_DB_DONE && rc != CRM_DB_ROW)
    {
      crm_db_set_error (self->db, error, rc);
      return FALSE;
    }
  return TRUE;
}

void
crm_store_bind_text_or_null (CrmDbStmt *stmt,
                   int           index,
                   const char   *text)
{
  if (text != NULL && text[0] != '\0')
    crm_db_stmt_bind_text (stmt, index, text);
  else
    crm_db_stmt_bind_null (stmt, index);
}

void
crm_store_bind_id_or_null (CrmDbStmt *stmt,
                 int           index,
                 gint64        id)
{
  if (id > 0)
    crm_db_stmt_bind_int64 (stmt, index, id);
  else
    crm_db_stmt_bind_null (stmt, index);
}

void
crm_store_bind_code (CrmDbStmt *stmt,
           int           index,
           GType         type,
           int           value)
{
  crm_db_stmt_bind_text_static (stmt, index, crm_enum_to_code (type, value));
}

int
crm_store_column_code (CrmDbStmt *stmt,
             int           column,
             GType         type)
{
  int value = 0;

  crm_enum_from_code (type, (const char *) crm_db_stmt_column_text (stmt, column), &value);
  return value;
}

const char *
crm_store_column_text (CrmDbStmt *stmt,
             int           column)
{
  return (const char *) crm_db_stmt_column_text (stmt, column);
}

/* ------------------------------------------------------------------ */
/* Transactions and change announcements                               */

void
crm_store_queue_change (CrmStore  *self,
              CrmEntity  entity,
              gint64     id)
{
  PendingChange change = { entity, id };

  if (entity == CRM_ENTITY_CUSTOMER)
    {
      if (id == 0 || g_hash_table_size (self->dirty_index) > 1000)
        self->index_stale = TRUE;
      else
        {
          gint64 *key = g_new (gint64, 1);
          *key = id;
          g_hash_table_add (self->dirty_index, key);
        }
    }

  for (guint i = 0; i < self->pending->len; i++)
    {
      PendingChange *p = &g_array_index (self->pending, PendingChange, i);

      if (p->entity == entity && (p->id == id || p->id == 0))
        return;
    }

  /* A bulk change (an import, the demo) is announced as "everything of
   * this kind changed" rather than as 100,000 signals. */
  if (self->pending->len >= MAX_PENDING_CHANGES)
    {
      guint j = 0;

      for (guint i = 0; i < self->pending->len; i++)
        {
          PendingChange *p = &g_array_index (self->pending, PendingChange, i);

          if (p->entity != entity)
            g_array_index (self->pending, PendingChange, j++) = *p;
        }
      g_array_set_size (self->pending, j);
      change.id = 0;
    }

  g_array_append_val (self->pending, change);
}

static void
emit_pending (CrmStore *self)
{
  g_autoptr(GArray) pending = self->pending;

  self->pending = g_array_new (FALSE, FALSE, sizeof (PendingChange));

  for (guint i = 0; i < pending->len; i++)
    {
      PendingChange *p = &g_array_index (pending, PendingChange, i);

      g_signal_emit (self, signals[CHANGED], 0, p->entity, p->id);
    }
}

static gboolean refresh_summaries (CrmStore *self, GError **error);

/* After a commit: the search index follows what is now stored */
static void
apply_index_changes (CrmStore *self)
{
  static const char sql[] = "SELECT search_key FROM customer WHERE id = ?1 AND deleted_at IS NULL";
  CrmDbStmt *stmt;
  GHashTableIter iter;
  gpointer key;

  if (g_hash_table_size (self->dirty_index) == 0 && !self->index_stale)
    return;

  g_mutex_lock (&self->index_lock);
  self->generation++;

  if (self->index_stale)
    g_clear_pointer (&self->index, crm_search_index_free);

  if (self->index != NULL && (stmt = crm_store_prepare (self, sql, NULL)) != NULL)
    {
      g_hash_table_iter_init (&iter, self->dirty_index);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        {
          gint64 id = *(gint64 *) key;

          crm_db_stmt_bind_int64 (stmt, 1, id);
          if (crm_db_stmt_step (stmt) == CRM_DB_ROW)
            crm_search_index_set (self->index, id, (const char *) crm_db_stmt_column_text (stmt, 0));
          else
            crm_search_index_set (self->index, id, NULL);
          crm_db_stmt_reset (stmt);
        }
    }

  g_mutex_unlock (&self->index_lock);
  g_hash_table_remove_all (self->dirty_index);
  self->index_stale = FALSE;
}

/**
 * crm_store_set_bulk:
 * @bulk: %TRUE before one transaction that writes many rows (an import)
 *
 * Inside a transaction each statement keeps its own undo (the statement
 * journal) in case it fails halfway; when triggers make it touch many pages
 * that journal outgrows 64 KB and goes to a temporary file, written and
 * thrown away once per row (a quarter of an import's time). A bulk writer
 * keeps statement journals and temporary trees in memory; %FALSE goes back
 * to temporary files.
 */
void
crm_store_set_bulk (CrmStore *self,
                    gboolean  bulk)
{
  g_return_if_fail (CRM_IS_STORE (self));

  crm_store_exec (self, bulk ? "PRAGMA temp_store = MEMORY" : "PRAGMA temp_store = DEFAULT", NULL);
}

gboolean
crm_store_begin (CrmStore  *self,
                 GError   **error)
{
  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);

  if (self->depth == 0)
    {
      if (!crm_db_begin_write (self->db, error))
        return FALSE;
      self->doomed = FALSE;
    }

  self->depth++;
  return TRUE;
}

gboolean
crm_store_commit (CrmStore  *self,
                  GError   **error)
{
  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->depth > 0, FALSE);

  if (--self->depth > 0)
    return TRUE;

  if (self->doomed)
    {
      crm_store_rollback (self);
      g_set_error (error, CRM_ERROR, CRM_ERROR_FAILED,
                   _("An earlier step failed, so none of the changes were saved."));
      return FALSE;
    }

  if (!refresh_summaries (self, error) || !crm_db_commit (self->db, error))
    {
      self->depth = 1;
      crm_store_rollback (self);
      return FALSE;
    }

  apply_index_changes (self);
  emit_pending (self);
  return TRUE;
}

void
crm_store_rollback (CrmStore *self)
{
  g_return_if_fail (CRM_IS_STORE (self));

  if (self->depth > 1)
    {
      /* The outer transaction decides; it can only roll back now */
      self->depth--;
      self->doomed = TRUE;
      return;
    }

  self->depth = 0;
  self->doomed = FALSE;
  crm_db_rollback (self->db);
  g_array_set_size (self->pending, 0);
  g_hash_table_remove_all (self->dirty_summary);
  g_hash_table_remove_all (self->dirty_index);
  self->index_stale = FALSE;
}

/* Last and next contact are kept on the customer row (see migration 2).
 * They are recomputed once per transaction for the customers it touched. */
static gboolean
refresh_summaries (CrmStore  *self,
                   GError   **error)
{
  GHashTableIter iter;
  gpointer key;

  if (g_hash_table_size (self->dirty_summary) == 0)
    return TRUE;

  if (g_hash_table_size (self->dirty_summary) > SUMMARY_FULL_REFRESH)
    {
      static const char sql[] =
        "UPDATE customer SET"
        "  last_contact_at = (SELECT max(done_at) FROM activity a WHERE a.customer_id = customer.id),"
        "  next_followup_at = (SELECT min(planned_at) FROM activity a"
        "                      WHERE a.customer_id = customer.id AND a.done_at IS NULL)";

      g_hash_table_remove_all (self->dirty_summary);
      crm_store_queue_change (self, CRM_ENTITY_CUSTOMER, 0);
      return crm_store_exec (self, sql, error);
    }
  else
    {
      static const char sql[] =
        "UPDATE customer SET"
        "  last_contact_at = (SELECT max(done_at) FROM activity a WHERE a.customer_id = ?1),"
        "  next_followup_at = (SELECT min(planned_at) FROM activity a"
        "                      WHERE a.customer_id = ?1 AND a.done_at IS NULL)"
        " WHERE id = ?1";
      CrmDbStmt *stmt = crm_store_prepare (self, sql, error);

      if (stmt == NULL)
        return FALSE;

      g_hash_table_iter_init (&iter, self->dirty_summary);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        {
          gint64 id = *(gint64 *) key;

          crm_db_stmt_bind_int64 (stmt, 1, id);
          if (!crm_store_step_done (self, stmt, error))
            {
              crm_db_stmt_reset (stmt);
              return FALSE;
            }
          crm_db_stmt_reset (stmt);
          crm_store_queue_change (self, CRM_ENTITY_CUSTOMER, id);
        }
      g_hash_table_remove_all (self->dirty_summary);
    }

  return TRUE;
}

gboolean
crm_store_finish_write (CrmStore  *self,
              gboolean   ok,
              GError   **error)
{
  if (!ok)
    {
      crm_store_rollback (self);
      return FALSE;
    }
  return crm_store_commit (self, error);
}

/* ------------------------------------------------------------------ */
/* Opening                                                             */

/* A consistent copy, taken before a migration so a failed or unwanted
 * upgrade can be undone by hand. */
static gboolean
backup_before_migration (CrmStore  *self,
                         int        version,
                         GError   **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autoptr(GError) local_error = NULL;

  g_free (self->backup_path);
  self->backup_path = g_strdup_printf ("%s.before-v%d-%s", self->path, version + 1, stamp);

  if (!crm_db_copy_to (self->db, self->backup_path, &local_error))
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_FAILED,
                   _("Could not keep a copy of the database before upgrading it (%s). "
                     "The database was not upgraded."),
                   local_error->message);
      g_clear_pointer (&self->backup_path, g_free);
      return FALSE;
    }

  return TRUE;
}

static gboolean
open_database (CrmStore  *self,
               GError   **error)
{
  int version;

  self->db = crm_db_sqlite_open (self->path, CRM_STORE_SCHEMA_VERSION,
                                 self->busy_timeout_ms, error);
  if (self->db == NULL)
    return FALSE;

  version = crm_db_get_schema_version (self->db);

  if (version > 0 && version < CRM_STORE_SCHEMA_VERSION &&
      !backup_before_migration (self, version, error))
    return FALSE;

  if (version < CRM_STORE_SCHEMA_VERSION &&
      !crm_schema_migrate (self->db, version, error))
    return FALSE;

  return TRUE;
}

/* ------------------------------------------------------------------ */
/* GObject                                                             */

static void
crm_store_finalize (GObject *object)
{
  CrmStore *self = (CrmStore *) object;

  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_object (&self->reader);
  g_clear_object (&self->db);
  g_mutex_clear (&self->reader_lock);
  g_mutex_clear (&self->index_lock);
  g_clear_pointer (&self->index, crm_search_index_free);
  g_clear_pointer (&self->dirty_index, g_hash_table_unref);
  g_clear_pointer (&self->base_ids, g_array_unref);
  crm_customer_query_clear (&self->base_query);
  g_clear_pointer (&self->pending, g_array_unref);
  g_clear_pointer (&self->dirty_summary, g_hash_table_unref);
  g_clear_object (&self->clock);
  g_free (self->path);
  g_free (self->backup_path);

  G_OBJECT_CLASS (crm_store_parent_class)->finalize (object);
}

static void
crm_store_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  CrmStore *self = CRM_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    case PROP_CLOCK:
      g_value_set_object (value, self->clock);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_store_class_init (CrmStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = crm_store_finalize;
  object_class->get_property = crm_store_get_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CLOCK] =
    g_param_spec_object ("clock", NULL, NULL, CRM_TYPE_CLOCK,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CrmStore::changed:
   * @entity: a #CrmEntity
   * @id: the row that changed, or 0 when many rows of that kind changed
   *
   * Emitted after a transaction that changed something has been committed.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, CRM_TYPE_ENTITY, G_TYPE_INT64);
}

static void
finalize_statement (gpointer stmt)
{
  crm_db_stmt_free (stmt);
}

static void
crm_store_init (CrmStore *self)
{
  self->statements = g_hash_table_new_full (NULL, NULL, NULL, finalize_statement);
  self->pending = g_array_new (FALSE, FALSE, sizeof (PendingChange));
  self->dirty_summary = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_mutex_init (&self->reader_lock);
  g_mutex_init (&self->index_lock);
  self->dirty_index = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
}

/* ------------------------------------------------------------------ */
/* Public API: opening                                                 */

/**
 * crm_store_get_default_path:
 *
 * Returns: (transfer full): the database in the user data folder
 */
char *
crm_store_get_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "showroom", "showroom.db", NULL);
}

/**
 * crm_store_open_full:
 * @path: the database file; created when it does not exist
 * @clock: (nullable): where "now" comes from; a real clock when %NULL
 * @busy_timeout_ms: how long to wait for another program's lock
 * @error: a CRM_ERROR saying why the file cannot be used
 *
 * Opens the database, refusing files that are not Showroom databases or
 * come from a newer Showroom, and upgrades an older one (keeping a copy).
 *
 * Returns: (transfer full): the store, or %NULL with @error set
 */
CrmStore *
crm_store_open_full (const char  *path,
                     CrmClock    *clock,
                     int          busy_timeout_ms,
                     GError     **error)
{
  g_autoptr(CrmStore) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (clock == NULL || CRM_IS_CLOCK (clock), NULL);

  self = g_object_new (CRM_TYPE_STORE, NULL);
  self->path = g_canonicalize_filename (path, NULL);
  self->clock = clock ? g_object_ref (clock) : crm_clock_new ();
  self->busy_timeout_ms = busy_timeout_ms;

  if (!open_database (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

CrmStore *
crm_store_open (const char  *path,
                CrmClock    *clock,
                GError     **error)
{
  return crm_store_open_full (path, clock, DEFAULT_BUSY_TIMEOUT_MS, error);
}

const char *
crm_store_get_path (CrmStore *self)
{
  g_return_val_if_fail (CRM_IS_STORE (self), NULL);
  return self->path;
}

CrmClock *
crm_store_get_clock (CrmStore *self)
{
  g_return_val_if_fail (CRM_IS_STORE (self), NULL);
  return self->clock;
}

/**
 * crm_store_get_backup_path:
 *
 * Returns: (nullable): the copy kept before this open upgraded the file
 */
const char *
crm_store_get_backup_path (CrmStore *self)
{
  g_return_val_if_fail (CRM_IS_STORE (self), NULL);
  return self->backup_path;
}

gint64
crm_store_now (CrmStore *self)
{
  return crm_clock_get_now (self->clock);
}

/* ------------------------------------------------------------------ */
/* The showroom                                                        */

char *
crm_store_dup_meta (CrmStore   *self,
                    const char *key)
{
  static const char sql[] = "SELECT value FROM meta WHERE key = ?1";
  CRM_AUTO_STMT stmt = NULL;

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);

  if ((stmt = crm_store_prepare (self, sql, NULL)) == NULL)
    return NULL;

  crm_db_stmt_bind_text_static (stmt, 1, key);
  if (crm_db_stmt_step (stmt) == CRM_DB_ROW)
    return g_strdup (crm_store_column_text (stmt, 0));

  return NULL;
}

static gboolean
set_meta_in_transaction (CrmStore    *self,
                         const char  *key,
                         const char  *value,
                         GError     **error)
{
  static const char sql[] = "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)";
  CRM_AUTO_STMT stmt = crm_store_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;

  crm_db_stmt_bind_text_static (stmt, 1, key);
  crm_store_bind_text_or_null (stmt, 2, value);
  if (!crm_store_step_done (self, stmt, error))
    return FALSE;

  crm_store_queue_change (self, CRM_ENTITY_SHOWROOM, 0);
  return TRUE;
}

gboolean
crm_store_set_meta (CrmStore    *self,
                    const char  *key,
                    const char  *value,
                    GError     **error)
{
  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  if (!crm_store_begin (self, error))
    return FALSE;
  return crm_store_finish_write (self, set_meta_in_transaction (self, key, value, error), error);
}

/**
 * crm_store_needs_setup:
 *
 * Returns: %TRUE when the database has no showroom yet (first start)
 */
gboolean
crm_store_needs_setup (CrmStore *self)
{
  g_autofree char *name = crm_store_dup_showroom_name (self);

  return name == NULL;
}

gboolean
crm_store_is_demo (CrmStore *self)
{
  g_autofree char *demo = crm_store_dup_meta (self, "demo-seed");

  return demo != NULL;
}

char *
crm_store_dup_showroom_name (CrmStore *self)
{
  return crm_store_dup_meta (self, "showroom-name");
}

/**
 * crm_store_setup_showroom:
 * @showroom_name: the showroom's name, as the staff say it
 * @staff: (element-type CrmStaff): the first staff, at least one manager
 *
 * The first-start set-up, in one transaction. The staff objects get their ids.
 */
gboolean
crm_store_setup_showroom (CrmStore    *self,
                          const char  *showroom_name,
                          GPtrArray   *staff,
                          GError     **error)
{
  g_autofree char *name = NULL;
  gboolean has_manager = FALSE;
  gboolean ok = TRUE;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);
  g_return_val_if_fail (staff != NULL, FALSE);

  name = g_strstrip (g_strdup (showroom_name ? showroom_name : ""));
  if (name[0] == '\0')
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                   _("Enter the showroom’s name."));
      return FALSE;
    }

  for (guint i = 0; i < staff->len; i++)
    has_manager |= crm_staff_get_role (g_ptr_array_index (staff, i)) == CRM_ROLE_MANAGER;

  if (!has_manager)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                   _("Add at least one sales manager: managers set the showroom’s rules."));
      return FALSE;
    }

  if (!crm_store_begin (self, error))
    return FALSE;

  ok = set_meta_in_transaction (self, "showroom-name", name, error);
  for (guint i = 0; ok && i < staff->len; i++)
    ok = crm_store_insert_staff (self, g_ptr_array_index (staff, i), error) > 0;

  return crm_store_finish_write (self, ok, error);
}

/* ------------------------------------------------------------------ */
/* Staff                                                               */

static char *
dup_trimmed (const char *text)
{
  return g_strstrip (g_strdup (text ? text : ""));
}

gint64
crm_store_insert_staff (CrmStore  *self,
                        CrmStaff  *staff,
                        GError   **error)
{
  static const char sql[] =
    "INSERT INTO staff (name, role, active, created_at) VALUES (?1, ?2, ?3, ?4)";
  g_autofree char *name = NULL;
  CRM_AUTO_STMT stmt = NULL;
  gint64 id;

  g_return_val_if_fail (CRM_IS_STORE (self), 0);
  g_return_val_if_fail (CRM_IS_STAFF (staff), 0);

  name = dup_trimmed (crm_staff_get_name (staff));
  if (name[0] == '\0')
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                   _("Enter the staff member’s name."));
      return 0;
    }

  if (!crm_store_begin (self, error))
    return 0;

  if ((stmt = crm_store_prepare (self, sql, error)) == NULL)
    {
      crm_store_rollback (self);
      return 0;
    }

  crm_db_stmt_bind_text (stmt, 1, name);
  crm_store_bind_code (stmt, 2, CRM_TYPE_ROLE, crm_staff_get_role (staff));
  crm_db_stmt_bind_int (stmt, 3, crm_staff_get_active (staff));
  crm_db_stmt_bind_int64 (stmt, 4, crm_store_now (self));

  if (!crm_store_step_done (self, stmt, error))
    {
      crm_store_rollback (self);
      return 0;
    }

  id = crm_db_last_insert_id (self->db);
  crm_store_queue_change (self, CRM_ENTITY_STAFF, id);

  if (!crm_store_commit (self, error))
    return 0;

  crm_staff_set_id (staff, id);
  crm_staff_set_name (staff, name);
  return id;
}

static CrmStaff *
staff_from_row (CrmDbStmt *stmt)
{
  CrmStaff *staff = crm_staff_new ();

  crm_staff_set_id (staff, crm_db_stmt_column_int64 (stmt, 0));
  crm_staff_set_name (staff, crm_store_column_text (stmt, 1));
  crm_staff_set_role (staff, crm_store_column_code (stmt, 2, CRM_TYPE_ROLE));
  crm_staff_set_active (staff, crm_db_stmt_column_int (stmt, 3));
  return staff;
}

/**
 * crm_store_get_staff:
 *
 * Returns: (transfer full) (nullable): the staff member, or %NULL with
 *   CRM_ERROR_NOT_FOUND
 */
CrmStaff *
crm_store_get_staff (CrmStore  *self,
                     gint64     id,
                     GError   **error)
{
  static const char sql[] = "SELECT id, name, role, active FROM staff WHERE id = ?1";
  CRM_AUTO_STMT stmt = NULL;

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);

  if ((stmt = crm_store_prepare (self, sql, error)) == NULL)
    return NULL;

  crm_db_stmt_bind_int64 (stmt, 1, id);
  if (crm_db_stmt_step (stmt) == CRM_DB_ROW)
    return staff_from_row (stmt);

  g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND,
               _("This staff member is not in the showroom’s database."));
  return NULL;
}

/**
 * crm_store_list_staff:
 * @active_only: leave out staff who left
 *
 * Staff are few (a showroom has tens), so this is a plain list store.
 *
 * Returns: (transfer full): a #GListModel of #CrmStaff, by role then name
 */
GListModel *
crm_store_list_staff (CrmStore *self,
                      gboolean  active_only)
{
  static const char sql[] =
    "SELECT id, name, role, active FROM staff"
    " WHERE active OR NOT ?1"
    " ORDER BY CASE role WHEN 'manager' THEN 0 WHEN 'sales' THEN 1 ELSE 2 END, name";
  GListStore *list = g_list_store_new (CRM_TYPE_STAFF);
  CRM_AUTO_STMT stmt = NULL;

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);

  if ((stmt = crm_store_prepare (self, sql, NULL)) == NULL)
    return G_LIST_MODEL (list);

  crm_db_stmt_bind_int (stmt, 1, active_only);
  while (crm_db_stmt_step (stmt) == CRM_DB_ROW)
    {
      g_autoptr(CrmStaff) staff = staff_from_row (stmt);
      g_list_store_append (list, staff);
    }

  return G_LIST_MODEL (list);
}

gboolean
crm_store_check_staff (CrmStore  *self,
             gint64     id,
             GError   **error)
{
  static const char sql[] = "SELECT active FROM staff WHERE id = ?1";
  CRM_AUTO_STMT stmt = NULL;

  if (id <= 0)
    return TRUE;

  if ((stmt = crm_store_prepare (self, sql, error)) == NULL)
    return FALSE;

  crm_db_stmt_bind_int64 (stmt, 1, id);
  if (crm_db_stmt_step (stmt) != CRM_DB_ROW)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                   _("The staff member chosen is not in this showroom."));
      return FALSE;
    }
  if (!crm_db_stmt_column_int (stmt, 0))
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                   _("The staff member chosen no longer works in this showroom."));
      return FALSE;
    }
  return TRUE;
}

/* Whether @staff_id is a sales manager (who also gets the notices and
 * requests meant for managers) */
gboolean
crm_store_staff_is_manager (CrmStore *self,
                            gint64    staff_id)
{
  static const char sql[] = "SELECT 1 FROM staff WHERE id = ?1 AND role = 'manager'";
  CRM_AUTO_STMT stmt = crm_store_prepare (self, sql, NULL);

  if (stmt == NULL)
    return FALSE;
  crm_db_stmt_bind_int64 (stmt, 1, staff_id);
  return crm_db_stmt_step (stmt) == CRM_DB_ROW;
}

/* ------------------------------------------------------------------ */
/* Vehicle models                                                      */

gint64
crm_store_insert_vehicle_model (CrmStore         *self,
                                CrmVehicleModel  *model,
                                GError          **error)
{
  static const char sql[] =
    "INSERT INTO vehicle_model (brand, series, trim, guide_price) VALUES (?1, ?2, ?3, ?4)";
  g_autofree char *brand = NULL;
  g_autofree char *series = NULL;
  g_autofree char *trim = NULL;
  CRM_AUTO_STMT stmt = NULL;
  gint64 id;

  g_return_val_if_fail (CRM_IS_STORE (self), 0);
  g_return_val_if_fail (CRM_IS_VEHICLE_MODEL (model), 0);

  brand = dup_trimmed (crm_vehicle_model_get_brand (model));
  series = dup_trimmed (crm_vehicle_model_get_series (model));
  trim = dup_trimmed (crm_vehicle_model_get_trim (model));

  if (brand[0] == '\0' || series[0] == '\0')
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                   _("A vehicle model needs its brand and series."));
      return 0;
    }
  if (crm_vehicle_model_get_guide_price (model) < 0)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                   _("The guide price cannot be negative."));
      return 0;
    }

  if (!crm_store_begin (self, error))
    return 0;
  if ((stmt = crm_store_prepare (self, sql, error)) == NULL)
    {
      crm_store_rollback (self);
      return 0;
    }

  crm_db_stmt_bind_text (stmt, 1, brand);
  crm_db_stmt_bind_text (stmt, 2, series);
  crm_db_stmt_bind_text (stmt, 3, trim);
  crm_db_stmt_bind_int64 (stmt, 4, crm_vehicle_model_get_guide_price (model));
  if (!crm_store_step_done (self, stmt, error))
    {
      crm_store_rollback (self);
      return 0;
    }

  id = crm_db_last_insert_id (self->db);
  crm_store_queue_change (self, CRM_ENTITY_VEHICLE_MODEL, id);
  if (!crm_store_commit (self, error))
    return 0;

  crm_vehicle_model_set_id (model, id);
  return id;
}

/**
 * crm_store_list_vehicle_models:
 *
 * Returns: (transfer full): a #GListModel of #CrmVehicleModel
 */
GListModel *
crm_store_list_vehicle_models (CrmStore *self)
{
  static const char sql[] =
    "SELECT id, brand, series, trim, guide_price FROM vehicle_model"
    " ORDER BY brand, series, guide_price";
  GListStore *list = g_list_store_new (CRM_TYPE_VEHICLE_MODEL);
  CRM_AUTO_STMT stmt = NULL;

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);

  if ((stmt = crm_store_prepare (self, sql, NULL)) == NULL)
    return G_LIST_MODEL (list);

  while (crm_db_stmt_step (stmt) == CRM_DB_ROW)
    {
      g_autoptr(CrmVehicleModel) model = crm_vehicle_model_new ();

      crm_vehicle_model_set_id (model, crm_db_stmt_column_int64 (stmt, 0));
      crm_vehicle_model_set_brand (model, crm_store_column_text (stmt, 1));
      crm_vehicle_model_set_series (model, crm_store_column_text (stmt, 2));
      crm_vehicle_model_set_trim (model, crm_store_column_text (stmt, 3));
      crm_vehicle_model_set_guide_price (model, crm_db_stmt_column_int64 (stmt, 4));
      g_list_store_append (list, model);
    }

  return G_LIST_MODEL (list);
}

/* ------------------------------------------------------------------ */
/* Customers                                                           */

/* Checks a customer as a person filled it in; on success @phones_out holds
 * the normalised numbers. */
static gboolean
validate_customer (CrmStore     *self,
                   CrmCustomer  *customer,
                   GPtrArray   **phones_out,
                   char        **name_out,
                   GError      **error)
{
  g_autoptr(GPtrArray) phones = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *name = dup_trimmed (crm_customer_get_name (customer));
  const char * const *input = crm_customer_get_phones (customer);
  const char *birthday = crm_customer_get_birthday (customer);
  const char *wechat = crm_customer_get_wechat (customer);
  gint64 budget_min = crm_customer_get_budget_min (customer);
  gint64 budget_max = crm_customer_get_budget_max (customer);

  if (name[0] == '\0')
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                   _("Enter the customer’s name."));
      return FALSE;
    }
  if (g_utf8_strlen (name, -1) > 60)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                   _("The name is too long: at most 60 characters."));
      return FALSE;
    }

  for (guint i = 0; input != NULL && input[i] != NULL; i++)
    {
      g_autofree char *normalized = NULL;
      gint64 other;

      if (input[i][0] == '\0')
        continue;

      normalized = crm_phone_normalize (input[i], error);
      if (normalized == NULL)
        return FALSE;

      /* The same number typed twice is kept once */
      for (guint j = 0; j < phones->len && normalized != NULL; j++)
        if (g_str_equal (g_ptr_array_index (phones, j), normalized))
          g_clear_pointer (&normalized, g_free);
      if (normalized == NULL)
        continue;

      other = crm_store_find_customer_by_phone (self, normalized, crm_customer_get_id (customer));
      if (other > 0)
        {
          g_autoptr(CrmCustomer) owner = crm_store_get_customer (self, other, NULL);
          g_autofree char *shown = crm_phone_format (normalized);

          g_set_error (error, CRM_ERROR, CRM_ERROR_DUPLICATE,
                       _("%s already belongs to the customer %s."),
                       shown, owner ? crm_customer_get_name (owner) : "?");
          return FALSE;
        }

      g_ptr_array_add (phones, g_steal_pointer (&normalized));
    }

  if (phones->len == 0 && (wechat == NULL || wechat[0] == '\0'))
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                   _("Enter a phone number or a WeChat ID, so the customer can be reached."));
      return FALSE;
    }

  if (budget_min < 0 || budget_max < 0 || (budget_max > 0 && budget_min > budget_max))
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                   _("The budget range is not valid: the lower end must not be above the upper end."));
      return FALSE;
    }

  if (birthday != NULL && birthday[0] != '\0')
    {
      int y, m, d;
      char extra;

      if (sscanf (birthday, "%4d-%2d-%2d%c", &y, &m, &d, &extra) != 3 ||
          !g_date_valid_dmy (d, m, y) || y < 1900)
        {
          g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                       _("The birthday “%s” is not a date; write it like 1985-03-12."),
                       birthday);
          return FALSE;
        }
    }

  if (!crm_store_check_staff (self, crm_customer_get_owner_id (customer), error))
    return FALSE;

  *phones_out = g_steal_pointer (&phones);
  *name_out = g_steal_pointer (&name);
  return TRUE;
}

static char *
join_tags (CrmCustomer *customer)
{
  const char * const *tags = crm_customer_get_tags (customer);

  if (tags == NULL || tags[0] == NULL)
    return NULL;
  return g_strjoinv ("\n", (char **) tags);
}

static gboolean
write_customer_children (CrmStore     *self,
                         gint64        id,
                         CrmCustomer  *customer,
                         GPtrArray    *phones,
                         GError      **error)
{
  static const char del_phones[] = "DELETE FROM customer_phone WHERE customer_id = ?1";
  static const char ins_phone[] =
    "INSERT INTO customer_phone (customer_id, position, number) VALUES (?1, ?2, ?3)";
  static const char del_models[] = "DELETE FROM customer_model WHERE customer_id = ?1";
  static const char ins_model[] =
    "INSERT INTO customer_model (customer_id, model_id) VALUES (?1, ?2)";
  GVariant *models = crm_customer_get_model_ids (customer);
  gsize n_models = 0;
  const gint64 *model_ids = NULL;
  CrmDbStmt *stmt;

  if ((stmt = crm_store_prepare (self, del_phones, error)) == NULL)
    return FALSE;
  crm_db_stmt_bind_int64 (stmt, 1, id);
  if (!crm_store_step_done (self, stmt, error))
    return crm_db_stmt_reset (stmt), FALSE;
  crm_db_stmt_reset (stmt);

  if ((stmt = crm_store_prepare (self, ins_phone, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < phones->len; i++)
    {
      crm_db_stmt_bind_int64 (stmt, 1, id);
      crm_db_stmt_bind_int (stmt, 2, i);
      crm_db_stmt_bind_text_static (stmt, 3, g_ptr_array_index (phones, i));
      if (!crm_store_step_done (self, stmt, error))
        return crm_db_stmt_reset (stmt), FALSE;
      crm_db_stmt_reset (stmt);
    }

  if ((stmt = crm_store_prepare (self, del_models, error)) == NULL)
    return FALSE;
  crm_db_stmt_bind_int64 (stmt, 1, id);
  if (!crm_store_step_done (self, stmt, error))
    return crm_db_stmt_reset (stmt), FALSE;
  crm_db_stmt_reset (stmt);

  if (models != NULL)
    model_ids = g_variant_get_fixed_array (models, &n_models, sizeof (gint64));

  if ((stmt = crm_store_prepare (self, ins_model, error)) == NULL)
    return FALSE;
  for (gsize i = 0; i < n_models; i++)
    {
      int rc;

      crm_db_stmt_bind_int64 (stmt, 1, id);
      crm_db_stmt_bind_int64 (stmt, 2, model_ids[i]);
      rc = crm_db_stmt_step (stmt);
      crm_db_stmt_reset (stmt);
      if (rc == CRM_DB_CONSTRAINT)
        {
          g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                       _("A vehicle model chosen is not in the showroom’s catalogue."));
          return FALSE;
        }
      if (rc != CRM_DB_DONE)
        {
          crm_db_set_error (self->db, error, rc);
          return FALSE;
        }
    }

  return TRUE;
}

static char *
customer_search_key (const char *name,
                     GPtrArray  *phones,
                     const char *wechat)
{
  g_autoptr(GString) joined = g_string_new (NULL);

  for (guint i = 0; i < phones->len; i++)
    {
      if (i > 0)
        g_string_append_c (joined, ' ');
      g_string_append (joined, g_ptr_array_index (phones, i));
    }

  return crm_schema_customer_search_key (name, joined->str, wechat);
}

static void
bind_customer_fields (CrmDbStmt *stmt,
                      CrmCustomer  *customer,
                      const char   *name,
                      GPtrArray    *phones)
{
  g_autofree char *tags = join_tags (customer);
  g_autofree char *search = customer_search_key (name, phones, crm_customer_get_wechat (customer));
  g_autofree char *sort = crm_pinyin_sort_key (name);

  crm_db_stmt_bind_text (stmt, 1, name);
  crm_store_bind_text_or_null (stmt, 2, crm_customer_get_wechat (customer));
  crm_store_bind_code (stmt, 3, CRM_TYPE_GENDER, crm_customer_get_gender (customer));
  crm_store_bind_text_or_null (stmt, 4, crm_customer_get_city (customer));
  crm_store_bind_code (stmt, 5, CRM_TYPE_CHANNEL, crm_customer_get_channel (customer));
  crm_store_bind_code (stmt, 6, CRM_TYPE_GRADE, crm_customer_get_grade (customer));
  crm_db_stmt_bind_int64 (stmt, 7, crm_customer_get_budget_min (customer));
  crm_db_stmt_bind_int64 (stmt, 8, crm_customer_get_budget_max (customer));
  crm_store_bind_code (stmt, 9, CRM_TYPE_TIMEFRAME, crm_customer_get_timeframe (customer));
  crm_store_bind_text_or_null (stmt, 10, tags);
  crm_store_bind_id_or_null (stmt, 11, crm_customer_get_owner_id (customer));
  crm_store_bind_text_or_null (stmt, 12, crm_customer_get_birthday (customer));
  crm_store_bind_text_or_null (stmt, 13, crm_customer_get_notes (customer));
  crm_db_stmt_bind_text (stmt, 14, search);
  crm_db_stmt_bind_text (stmt, 15, sort);
}

/**
 * crm_store_insert_customer:
 * @customer: the new customer; gets its id, times and normalised phones
 *
 * Returns: the new id, or 0 with @error set (nothing stored)
 */
gint64
crm_store_insert_customer (CrmStore     *self,
                           CrmCustomer  *customer,
                           GError      **error)
{
  static const char sql[] =
    "INSERT INTO customer (name, wechat, gender, city, channel, grade, budget_min, budget_max,"
    "  timeframe, tags, owner_id, birthday, notes, search_key, sort_key, created_at, updated_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?16)";
  g_autoptr(GPtrArray) phones = NULL;
  g_autofree char *name = NULL;
  CRM_AUTO_STMT stmt = NULL;
  gint64 created = crm_customer_get_created_at (customer);
  gint64 id;

  g_return_val_if_fail (CRM_IS_STORE (self), 0);
  g_return_val_if_fail (CRM_IS_CUSTOMER (customer), 0);

  if (!crm_store_begin (self, error))
    return 0;

  if (!validate_customer (self, customer, &phones, &name, error) ||
      (stmt = crm_store_prepare (self, sql, error)) == NULL)
    {
      crm_store_rollback (self);
      return 0;
    }

  if (created <= 0)
    created = crm_store_now (self);

  bind_customer_fields (stmt, customer, name, phones);
  crm_db_stmt_bind_int64 (stmt, 16, created);

  if (!crm_store_step_done (self, stmt, error))
    {
      crm_store_rollback (self);
      return 0;
    }

  id = crm_db_last_insert_id (self->db);

  if (!write_customer_children (self, id, customer, phones, error))
    {
      crm_store_rollback (self);
      return 0;
    }

  crm_store_queue_change (self, CRM_ENTITY_CUSTOMER, id);
  if (!crm_store_commit (self, error))
    return 0;

  g_ptr_array_add (phones, NULL);
  crm_customer_set_id (customer, id);
  crm_customer_set_name (customer, name);
  crm_customer_set_phones (customer, (const char * const *) phones->pdata);
  crm_customer_set_created_at (customer, created);
  crm_customer_set_updated_at (customer, created);
  return id;
}

/**
 * crm_store_update_customer:
 *
 * Writes every field of @customer. Nothing changes when a field is not
 * valid; the error says which.
 */
gboolean
crm_store_update_customer (CrmStore     *self,
                           CrmCustomer  *customer,
                           GError      **error)
{
  static const char sql[] =
    "UPDATE customer SET name = ?1, wechat = ?2, gender = ?3, city = ?4, channel = ?5,"
    "  grade = ?6, budget_min = ?7, budget_max = ?8, timeframe = ?9, tags = ?10,"
    "  owner_id = ?11, birthday = ?12, notes = ?13, search_key = ?14, sort_key = ?15,"
    "  updated_at = ?16"
    " WHERE id = ?17 AND deleted_at IS NULL";
  g_autoptr(GPtrArray) phones = NULL;
  g_autofree char *name = NULL;
  CRM_AUTO_STMT stmt = NULL;
  gint64 id = crm_customer_get_id (customer);
  gint64 updated = crm_store_now (self);

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);
  g_return_val_if_fail (CRM_IS_CUSTOMER (customer), FALSE);

  if (!crm_store_begin (self, error))
    return FALSE;

  if (!validate_customer (self, customer, &phones, &name, error) ||
      (stmt = crm_store_prepare (self, sql, error)) == NULL)
    {
      crm_store_rollback (self);
      return FALSE;
    }

  bind_customer_fields (stmt, customer, name, phones);
  crm_db_stmt_bind_int64 (stmt, 16, updated);
  crm_db_stmt_bind_int64 (stmt, 17, id);

  if (!crm_store_step_done (self, stmt, error))
    {
      crm_store_rollback (self);
      return FALSE;
    }

  if (crm_db_changes (self->db) == 0)
    {
      crm_store_rollback (self);
      g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND,
                   _("This customer was deleted in the meantime; the change was not saved."));
      return FALSE;
    }

  if (!write_customer_children (self, id, customer, phones, error))
    {
      crm_store_rollback (self);
      return FALSE;
    }

  crm_store_queue_change (self, CRM_ENTITY_CUSTOMER, id);
  if (!crm_store_commit (self, error))
    return FALSE;

  g_ptr_array_add (phones, NULL);
  crm_customer_set_name (customer, name);
  crm_customer_set_phones (customer, (const char * const *) phones->pdata);
  crm_customer_set_updated_at (customer, updated);
  return TRUE;
}

/**
 * crm_store_get_customer:
 *
 * Returns: (transfer full) (nullable): a new object with the stored
 *   customer, or %NULL with CRM_ERROR_NOT_FOUND
 */
CrmCustomer *
crm_store_get_customer (CrmStore  *self,
                        gint64     id,
                        GError   **error)
{
  static const char sql[] =
    "SELECT c.id, c.name, c.wechat, c.gender, c.city, c.channel, c.grade,"
    "  c.budget_min, c.budget_max, c.timeframe, c.tags, c.owner_id, s.name,"
    "  c.birthday, c.notes, c.created_at, c.updated_at, c.last_contact_at,"
    "  c.next_followup_at,"
    "  (SELECT group_concat(number, ' ') FROM"
    "     (SELECT number FROM customer_phone WHERE customer_id = c.id ORDER BY position)),"
    "  (SELECT group_concat(model_id, ' ') FROM customer_model WHERE customer_id = c.id),"
    "  (SELECT group_concat(m.series, ', ') FROM customer_model cm"
    "     JOIN vehicle_model m ON m.id = cm.model_id WHERE cm.customer_id = c.id)"
    " FROM customer c LEFT JOIN staff s ON s.id = c.owner_id"
    " WHERE c.id = ?1 AND c.deleted_at IS NULL";
  CRM_AUTO_STMT stmt = NULL;
  CrmCustomer *customer;
  const char *text;

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);

  if ((stmt = crm_store_prepare (self, sql, error)) == NULL)
    return NULL;

  crm_db_stmt_bind_int64 (stmt, 1, id);
  if (crm_db_stmt_step (stmt) != CRM_DB_ROW)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND,
                   _("This customer does not exist or was deleted."));
      return NULL;
    }

  customer = g_object_new (CRM_TYPE_CUSTOMER,
                           "id", crm_db_stmt_column_int64 (stmt, 0),
                           "name", crm_store_column_text (stmt, 1),
                           "wechat", crm_store_column_text (stmt, 2),
                           "gender", crm_store_column_code (stmt, 3, CRM_TYPE_GENDER),
                           "city", crm_store_column_text (stmt, 4),
                           "channel", crm_store_column_code (stmt, 5, CRM_TYPE_CHANNEL),
                           "grade", crm_store_column_code (stmt, 6, CRM_TYPE_GRADE),
                           "budget-min", crm_db_stmt_column_int64 (stmt, 7),
                           "budget-max", crm_db_stmt_column_int64 (stmt, 8),
                           "timeframe", crm_store_column_code (stmt, 9, CRM_TYPE_TIMEFRAME),
                           "owner-id", crm_db_stmt_column_int64 (stmt, 11),
                           "owner-name", crm_store_column_text (stmt, 12),
                           "birthday", crm_store_column_text (stmt, 13),
                           "notes", crm_store_column_text (stmt, 14),
                           "created-at", crm_db_stmt_column_int64 (stmt, 15),
                           "updated-at", crm_db_stmt_column_int64 (stmt, 16),
                           "last-contact-at", crm_db_stmt_column_int64 (stmt, 17),
                           "next-followup-at", crm_db_stmt_column_int64 (stmt, 18),
                           "models-label", crm_store_column_text (stmt, 21),
                           NULL);

  if ((text = crm_store_column_text (stmt, 10)) != NULL)
    {
      g_auto(GStrv) tags = g_strsplit (text, "\n", -1);
      crm_customer_set_tags (customer, (const char * const *) tags);
    }

  if ((text = crm_store_column_text (stmt, 19)) != NULL)
    {
      g_auto(GStrv) phones = g_strsplit (text, " ", -1);
      crm_customer_set_phones (customer, (const char * const *) phones);
    }

  if ((text = crm_store_column_text (stmt, 20)) != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (text, " ", -1);
      g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

      for (guint i = 0; parts[i] != NULL; i++)
        {
          gint64 model_id = g_ascii_strtoll (parts[i], NULL, 10);
          g_array_append_val (ids, model_id);
        }
      crm_customer_set_model_ids (customer,
                                  g_variant_new_fixed_array (G_VARIANT_TYPE_INT64,
                                                             ids->data, ids->len,
                                                             sizeof (gint64)));
    }

  return customer;
}

static gboolean
set_deleted (CrmStore  *self,
             gint64     id,
             gboolean   deleted,
             GError   **error)
{
  static const char del_sql[] =
    "UPDATE customer SET deleted_at = ?2 WHERE id = ?1 AND deleted_at IS NULL";
  static const char restore_sql[] =
    "UPDATE customer SET deleted_at = NULL WHERE id = ?1 AND deleted_at IS NOT NULL";
  CRM_AUTO_STMT stmt = NULL;

  if (!crm_store_begin (self, error))
    return FALSE;

  if (!deleted)
    {
      static const char taken_sql[] =
        "SELECT p.number, c.name FROM customer_phone p"
        " JOIN customer_phone q ON q.number = p.number AND q.customer_id != p.customer_id"
        " JOIN customer c ON c.id = q.customer_id AND c.deleted_at IS NULL"
        " WHERE p.customer_id = ?1 LIMIT 1";
      CRM_AUTO_STMT taken = crm_store_prepare (self, taken_sql, error);

      if (taken == NULL)
        {
          crm_store_rollback (self);
          return FALSE;
        }
      crm_db_stmt_bind_int64 (taken, 1, id);
      if (crm_db_stmt_step (taken) == CRM_DB_ROW)
        {
          g_autofree char *shown = crm_phone_format (crm_store_column_text (taken, 0));

          g_set_error (error, CRM_ERROR, CRM_ERROR_DUPLICATE,
                       _("This customer cannot be brought back: %s now belongs to the customer %s."),
                       shown, crm_store_column_text (taken, 1));
          crm_store_rollback (self);
          return FALSE;
        }
    }

  if ((stmt = crm_store_prepare (self, deleted ? del_sql : restore_sql, error)) == NULL)
    {
      crm_store_rollback (self);
      return FALSE;
    }

  crm_db_stmt_bind_int64 (stmt, 1, id);
  if (deleted)
    crm_db_stmt_bind_int64 (stmt, 2, crm_store_now (self));

  if (!crm_store_step_done (self, stmt, error))
    {
      crm_store_rollback (self);
      return FALSE;
    }

  if (crm_db_changes (self->db) == 0)
    {
      crm_store_rollback (self);
      g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND,
                   deleted ? _("This customer does not exist or was already deleted.")
                           : _("This customer cannot be restored: it is not deleted."));
      return FALSE;
    }

  crm_store_queue_change (self, CRM_ENTITY_CUSTOMER, id);
  return crm_store_commit (self, error);
}

/**
 * crm_store_delete_customer:
 *
 * Deletes a customer so that crm_store_restore_customer() can bring it
 * back whole (Undo): the row is marked, its deals and history stay.
 */
gboolean
crm_store_delete_customer (CrmStore  *self,
                           gint64     id,
                           GError   **error)
{
  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);
  return set_deleted (self, id, TRUE, error);
}

gboolean
crm_store_restore_customer (CrmStore  *self,
                            gint64     id,
                            GError   **error)
{
  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);
  return set_deleted (self, id, FALSE, error);
}

/**
 * crm_store_find_customer_by_phone:
 * @normalized: a number as crm_phone_normalize() returns it
 * @except_id: a customer to leave out (the one being edited), or 0
 *
 * Returns: the id of the customer who has this number, or 0
 */
gint64
crm_store_find_customer_by_phone (CrmStore   *self,
                                  const char *normalized,
                                  gint64      except_id)
{
  static const char sql[] =
    "SELECT p.customer_id FROM customer_phone p JOIN customer c ON c.id = p.customer_id"
    " WHERE p.number = ?1 AND c.deleted_at IS NULL AND c.id != ?2 LIMIT 1";
  CRM_AUTO_STMT stmt = NULL;

  g_return_val_if_fail (CRM_IS_STORE (self), 0);

  if (normalized == NULL || (stmt = crm_store_prepare (self, sql, NULL)) == NULL)
    return 0;

  crm_db_stmt_bind_text_static (stmt, 1, normalized);
  crm_db_stmt_bind_int64 (stmt, 2, except_id);
  if (crm_db_stmt_step (stmt) == CRM_DB_ROW)
    return crm_db_stmt_column_int64 (stmt, 0);
  return 0;
}

/* The one number a fixed query without parameters answers, 0 on error */
gint64
crm_store_query_int (CrmStore   *self,
                     const char *sql)
{
  CRM_AUTO_STMT stmt = NULL;

  if ((stmt = crm_store_prepare (self, sql, NULL)) == NULL || crm_db_stmt_step (stmt) != CRM_DB_ROW)
    return 0;
  return crm_db_stmt_column_int64 (stmt, 0);
}

gint64
crm_store_count_customers (CrmStore *self)
{
  static const char sql[] = "SELECT count(*) FROM customer WHERE deleted_at IS NULL";

  g_return_val_if_fail (CRM_IS_STORE (self), 0);
  return crm_store_query_int (self, sql);
}

/* ------------------------------------------------------------------ */
/* The customer list query                                             */

void
crm_customer_query_init (CrmCustomerQuery *query)
{
  memset (query, 0, sizeof *query);
  query->grade = -1;
  query->channel = -1;
  query->owner_id = -1;
  query->sort = CRM_CUSTOMER_SORT_NAME;
}

void
crm_customer_query_clear (CrmCustomerQuery *query)
{
  g_clear_pointer (&query->search, g_free);
}

void
crm_customer_query_copy (const CrmCustomerQuery *src,
                         CrmCustomerQuery       *dest)
{
  *dest = *src;
  dest->search = g_strdup (src->search);
}

#define MAX_SEARCH_TERMS 4

/* One fixed statement per order: the WHERE is the same for all, every
 * value is bound. An unused filter binds NULL/-1 and drops out. The
 * search words are not here: see crm-search-index.c. */
#define CUSTOMER_IDS_WHERE \
  "SELECT c.id FROM customer c" \
  " WHERE c.deleted_at IS NULL" \
  "   AND (?1 IS NULL OR c.grade = ?1)" \
  "   AND (?2 IS NULL OR c.channel = ?2)" \
  "   AND (?3 < 0 OR coalesce(c.owner_id, 0) = ?3)"

#define GRADE_RANK "instr('HABCN', c.grade)"
#define OWNER_NAME "coalesce((SELECT s.name FROM staff s WHERE s.id = c.owner_id), '')"

static const char * const customer_id_queries[CRM_N_CUSTOMER_SORTS][2] = {
  [CRM_CUSTOMER_SORT_NAME] = {
    CUSTOMER_IDS_WHERE " ORDER BY c.sort_key, c.id",
    CUSTOMER_IDS_WHERE " ORDER BY c.sort_key DESC, c.id DESC" },
  [CRM_CUSTOMER_SORT_GRADE] = {
    CUSTOMER_IDS_WHERE " ORDER BY " GRADE_RANK ", c.sort_key, c.id",
    CUSTOMER_IDS_WHERE " ORDER BY " GRADE_RANK " DESC, c.sort_key, c.id" },
  [CRM_CUSTOMER_SORT_OWNER] = {
    CUSTOMER_IDS_WHERE " ORDER BY " OWNER_NAME ", c.sort_key, c.id",
    CUSTOMER_IDS_WHERE " ORDER BY " OWNER_NAME " DESC, c.sort_key, c.id" },
  [CRM_CUSTOMER_SORT_CHANNEL] = {
    CUSTOMER_IDS_WHERE " ORDER BY c.channel, c.sort_key, c.id",
    CUSTOMER_IDS_WHERE " ORDER BY c.channel DESC, c.sort_key, c.id" },
  [CRM_CUSTOMER_SORT_LAST_CONTACT] = {
    CUSTOMER_IDS_WHERE " ORDER BY c.last_contact_at IS NULL, c.last_contact_at, c.id",
    CUSTOMER_IDS_WHERE " ORDER BY c.last_contact_at IS NULL, c.last_contact_at DESC, c.id" },
  [CRM_CUSTOMER_SORT_NEXT_FOLLOWUP] = {
    CUSTOMER_IDS_WHERE " ORDER BY c.next_followup_at IS NULL, c.next_followup_at, c.id",
    CUSTOMER_IDS_WHERE " ORDER BY c.next_followup_at IS NULL, c.next_followup_at DESC, c.id" },
  [CRM_CUSTOMER_SORT_CREATED] = {
    CUSTOMER_IDS_WHERE " ORDER BY c.created_at, c.id",
    CUSTOMER_IDS_WHERE " ORDER BY c.created_at DESC, c.id DESC" },
};

/* A word of the search box as it is matched against search_key: lower
 * case; a phone fragment typed with spaces or dashes as digits only. */
static char *
normalize_term (const char *term)
{
  gboolean phone_like = TRUE;
  gboolean has_digit = FALSE;

  for (const char *p = term; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        has_digit = TRUE;
      else if (*p != '-' && *p != '+' && *p != '(' && *p != ')')
        phone_like = FALSE;
    }

  if (phone_like && has_digit)
    return crm_phone_digits (term);

  return g_utf8_strdown (term, -1);
}

/* A long list read in a worker thread hands its first rows to the main
 * context while it reads on (see crm_store_query_customer_ids_paged_async) */
typedef struct
{
  CrmCustomerQuery  query;
  guint             first_page;
  CrmStoreIdsFunc   first_page_func;
  gpointer          first_page_data;
  GDestroyNotify    first_page_destroy;
  GTask            *task;        /* while the worker runs */
} QueryTask;

typedef struct
{
  GTask  *task;
  GArray *ids;
} FirstPage;

static void
first_page_free (gpointer data)
{
  FirstPage *page = data;

  g_object_unref (page->task);
  g_array_unref (page->ids);
  g_free (page);
}

static gboolean
first_page_cb (gpointer data)
{
  FirstPage *page = data;
  QueryTask *query_task = g_task_get_task_data (page->task);

  if (!g_cancellable_is_cancelled (g_task_get_cancellable (page->task)))
    query_task->first_page_func (page->ids, query_task->first_page_data);
  return G_SOURCE_REMOVE;
}

static void
post_first_page (QueryTask *query_task,
                 GArray    *ids)
{
  FirstPage *page = g_new0 (FirstPage, 1);

  page->task = g_object_ref (query_task->task);
  page->ids = g_array_copy (ids);
  g_main_context_invoke_full (g_task_get_context (query_task->task), G_PRIORITY_DEFAULT,
                              first_page_cb, page, first_page_free);
}

static GArray *
run_sql_query (CrmDb                *db,
               CrmDbStmt           *stmt,
               const CrmCustomerQuery *query,
               QueryTask              *paged,
               GCancellable           *cancellable,
               GError                **error)
{
  g_autoptr(GArray) ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), 1024);
  guint n_rows = 0;
  int rc;

  if (query->grade >= 0)
    crm_db_stmt_bind_text_static (stmt, 1, crm_enum_to_code (CRM_TYPE_GRADE, query->grade));
  if (query->channel >= 0)
    crm_db_stmt_bind_text_static (stmt, 2, crm_enum_to_code (CRM_TYPE_CHANNEL, query->channel));
  crm_db_stmt_bind_int64 (stmt, 3, query->owner_id);

  while ((rc = crm_db_stmt_step (stmt)) == CRM_DB_ROW)
    {
      gint64 id = crm_db_stmt_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
      if (paged != NULL && n_rows + 1 == paged->first_page)
        post_first_page (paged, ids);
      if (++n_rows % 4096 == 0 && g_cancellable_is_cancelled (cancellable))
        {
          rc = CRM_DB_INTERRUPT;
          break;
        }
    }

  crm_db_stmt_reset (stmt);
  crm_db_stmt_clear_bindings (stmt);

  if (rc == CRM_DB_INTERRUPT)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Cancelled");
      return NULL;
    }
  if (rc != CRM_DB_DONE)
    {
      crm_db_set_error (db, error, rc);
      return NULL;
    }

  return g_steal_pointer (&ids);
}

/* The words of the search box, as the index matches them */
static GPtrArray *
search_terms (const char *search)
{
  GPtrArray *terms = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) text = NULL;
  g_auto(GStrv) words = NULL;

  if (search == NULL)
    return terms;

  /* Full-width spaces from a Chinese input method separate words too */
  text = g_string_new (search);
  g_string_replace (text, "\u3000", " ", 0);
  words = g_strsplit_set (text->str, " \t\n", -1);
  for (guint i = 0; words[i] != NULL && terms->len < MAX_SEARCH_TERMS; i++)
    {
      char *term = words[i][0] ? normalize_term (words[i]) : NULL;

      if (term != NULL && term[0] != '\0')
        g_ptr_array_add (terms, term);
      else
        g_free (term);
    }
  return terms;
}

static gboolean
same_shape (const CrmCustomerQuery *a,
            const CrmCustomerQuery *b)
{
  return a->grade == b->grade && a->channel == b->channel && a->owner_id == b->owner_id &&
         a->sort == b->sort && a->descending == b->descending;
}

/* The ids in order for the filters other than search: SQL, remembered
 * until customers change, so typing in the search box costs no query. */
static GArray *
base_ids (CrmStore               *self,
          CrmDb                *db,
          CrmDbStmt           *stmt,
          const CrmCustomerQuery *query,
          QueryTask              *paged,
          GCancellable           *cancellable,
          GError                **error)
{
  GArray *ids = NULL;
  guint64 generation;

  g_mutex_lock (&self->index_lock);
  generation = self->generation;
  if (self->base_ids != NULL && self->base_generation == generation &&
      same_shape (&self->base_query, query))
    ids = g_array_ref (self->base_ids);
  g_mutex_unlock (&self->index_lock);

  if (ids != NULL)
    return ids;

  ids = run_sql_query (db, stmt, query, paged, cancellable, error);
  if (ids == NULL)
    return NULL;

  g_mutex_lock (&self->index_lock);
  if (self->generation == generation)
    {
      g_clear_pointer (&self->base_ids, g_array_unref);
      self->base_ids = g_array_ref (ids);
      self->base_generation = generation;
      crm_customer_query_clear (&self->base_query);
      crm_customer_query_copy (query, &self->base_query);
    }
  g_mutex_unlock (&self->index_lock);

  return ids;
}

static gboolean
ensure_index_locked (CrmStore  *self,
                     CrmDb   *db,
                     GError   **error)
{
  if (self->index != NULL)
    return TRUE;

  self->index = crm_search_index_new ();
  if (!crm_search_index_load (self->index, db, error))
    {
      g_clear_pointer (&self->index, crm_search_index_free);
      return FALSE;
    }
  return TRUE;
}

static GArray *
run_customer_id_query (CrmStore               *self,
                       CrmDb                *db,
                       CrmDbStmt           *stmt,
                       const CrmCustomerQuery *query,
                       QueryTask              *paged,
                       GCancellable           *cancellable,
                       GError                **error)
{
  g_autoptr(GPtrArray) terms = search_terms (query->search);
  g_autoptr(GArray) ids = NULL;
  g_autofree guint8 *matches = NULL;
  GArray *found;
  gsize n_bits = 0;

  /* A first page only when the SQL order is the answer (no search words) */
  ids = base_ids (self, db, stmt, query, terms->len == 0 ? paged : NULL, cancellable, error);
  if (ids == NULL || terms->len == 0)
    return g_steal_pointer (&ids);

  g_ptr_array_add (terms, NULL);
  g_mutex_lock (&self->index_lock);
  if (ensure_index_locked (self, db, error))
    matches = crm_search_index_match (self->index, (const char * const *) terms->pdata, &n_bits);
  g_mutex_unlock (&self->index_lock);

  if (matches == NULL)
    return NULL;

  found = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);

      if (crm_search_index_contains (matches, n_bits, id))
        g_array_append_val (found, id);
    }
  return found;
}

/**
 * crm_store_match_customers:
 * @n_bits: (out): the size of the bitmap
 *
 * Returns: (transfer full) (nullable): a bitmap of the customer ids whose
 *   search text matches every word of @search
 */
guint8 *
crm_store_match_customers (CrmStore    *self,
                           const char  *search,
                           gsize       *n_bits,
                           GError     **error)
{
  g_autoptr(GPtrArray) terms = search_terms (search);
  guint8 *matches = NULL;

  if (terms->len == 0)
    g_ptr_array_add (terms, g_strdup (""));
  g_ptr_array_add (terms, NULL);

  g_mutex_lock (&self->index_lock);
  if (ensure_index_locked (self, self->db, error))
    matches = crm_search_index_match (self->index, (const char * const *) terms->pdata, n_bits);
  g_mutex_unlock (&self->index_lock);
  return matches;
}

/**
 * crm_store_prepare_search:
 *
 * Builds the search index now (it is otherwise built by the first search).
 * Safe to call from a worker thread through crm_store_prepare_search_async().
 */
static void
prepare_search_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  CrmStore *self = source_object;
  g_autoptr(GError) error = NULL;
  gboolean ok = FALSE;

  g_mutex_lock (&self->reader_lock);
  if (self->reader == NULL)
    self->reader = crm_db_open_reader (self->db, &error);
  if (self->reader != NULL)
    {
      g_mutex_lock (&self->index_lock);
      ok = ensure_index_locked (self, self->reader, &error);
      g_mutex_unlock (&self->index_lock);
    }
  g_mutex_unlock (&self->reader_lock);

  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

void
crm_store_prepare_search_async (CrmStore            *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CRM_IS_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, crm_store_prepare_search_async);
  g_task_run_in_thread (task, prepare_search_thread);
}

gboolean
crm_store_prepare_search_finish (CrmStore      *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * crm_store_query_customer_ids:
 *
 * Runs the Customers view's query on the main connection.
 *
 * Returns: (transfer full) (element-type gint64): the matching ids in order
 */
GArray *
crm_store_query_customer_ids (CrmStore               *self,
                              const CrmCustomerQuery *query,
                              GCancellable           *cancellable,
                              GError                **error)
{
  CrmDbStmt *stmt;

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);
  g_return_val_if_fail ((guint) query->sort < CRM_N_CUSTOMER_SORTS, NULL);

  stmt = crm_store_prepare (self, customer_id_queries[query->sort][query->descending ? 1 : 0], error);
  if (stmt == NULL)
    return NULL;

  return run_customer_id_query (self, self->db, stmt, query, NULL, cancellable, error);
}

static void
query_ids_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  CrmStore *self = source_object;
  QueryTask *query_task = task_data;
  CrmCustomerQuery *query = &query_task->query;
  g_autoptr(GError) error = NULL;
  CrmDbStmt *stmt = NULL;
  GArray *ids = NULL;

  g_mutex_lock (&self->reader_lock);

  if (self->reader == NULL)
    self->reader = crm_db_open_reader (self->db, &error);

  if (self->reader != NULL)
    stmt = crm_db_prepare (self->reader,
                           customer_id_queries[query->sort][query->descending ? 1 : 0],
                           &error);

  if (stmt != NULL)
    {
      query_task->task = task;
      ids = run_customer_id_query (self, self->reader, stmt, query,
                                   query_task->first_page_func ? query_task : NULL, cancellable, &error);
      query_task->task = NULL;
    }

  crm_db_stmt_free (stmt);
  g_mutex_unlock (&self->reader_lock);

  if (ids != NULL)
    g_task_return_pointer (task, ids, (GDestroyNotify) g_array_unref);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

static void
query_task_free (gpointer data)
{
  QueryTask *query_task = data;

  crm_customer_query_clear (&query_task->query);
  if (query_task->first_page_destroy != NULL)
    query_task->first_page_destroy (query_task->first_page_data);
  g_free (query_task);
}

/**
 * crm_store_query_customer_ids_async:
 *
 * The same query in a worker thread on a read-only connection of its own,
 * so typing in the search box never waits for 100,000 rows.
 */
void
crm_store_query_customer_ids_async (CrmStore               *self,
                                    const CrmCustomerQuery *query,
                                    GCancellable           *cancellable,
                                    GAsyncReadyCallback     callback,
                                    gpointer                user_data)
{
  crm_store_query_customer_ids_paged_async (self, query, 0, NULL, NULL, NULL,
                                            cancellable, callback, user_data);
}

/**
 * crm_store_query_customer_ids_paged_async:
 * @first_page: how many ids make the first page
 * @first_page_func: (nullable): called in the caller's main context with
 *   the first @first_page ids while the rest of a long list is still being
 *   read (only when the order of the SQL query is the answer, that is
 *   without search words, and the list has that many); not called once
 *   @cancellable is cancelled
 *
 * As crm_store_query_customer_ids_async(), handing a first page of a
 * long list (100,000 customers take tens of milliseconds) to the list
 * as soon as it is read, so the first rows can be drawn sooner.
 */
void
crm_store_query_customer_ids_paged_async (CrmStore               *self,
                                          const CrmCustomerQuery *query,
                                          guint                   first_page,
                                          CrmStoreIdsFunc         first_page_func,
                                          gpointer                first_page_data,
                                          GDestroyNotify          first_page_destroy,
                                          GCancellable           *cancellable,
                                          GAsyncReadyCallback     callback,
                                          gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  QueryTask *query_task = g_new0 (QueryTask, 1);

  g_return_if_fail (CRM_IS_STORE (self));
  g_return_if_fail (query != NULL);

  crm_customer_query_copy (query, &query_task->query);
  query_task->first_page = first_page;
  query_task->first_page_func = first_page > 0 ? first_page_func : NULL;
  query_task->first_page_data = first_page_data;
  query_task->first_page_destroy = first_page_destroy;
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, crm_store_query_customer_ids_async);
  g_task_set_task_data (task, query_task, query_task_free);
  g_task_run_in_thread (task, query_ids_thread);
}

GArray *
crm_store_query_customer_ids_finish (CrmStore      *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* Deals                                                               */

static gboolean
insert_history (CrmStore  *self,
                gint64     deal_id,
                int        from,
                CrmStage   to,
                gint64     at,
                gint64     staff_id,
                GError   **error)
{
  static const char sql[] =
    "INSERT INTO stage_history (deal_id, from_stage, to_stage, at, staff_id)"
    " VALUES (?1, ?2, ?3, ?4, ?5)";
  CRM_AUTO_STMT stmt = crm_store_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;

  crm_db_stmt_bind_int64 (stmt, 1, deal_id);
  if (from >= 0)
    crm_store_bind_code (stmt, 2, CRM_TYPE_STAGE, from);
  crm_store_bind_code (stmt, 3, CRM_TYPE_STAGE, to);
  crm_db_stmt_bind_int64 (stmt, 4, at);
  crm_store_bind_id_or_null (stmt, 5, staff_id);
  return crm_store_step_done (self, stmt, error);
}

gboolean
crm_store_customer_exists (CrmStore  *self,
                 gint64     id,
                 GError   **error)
{
  static const char sql[] = "SELECT 1 FROM customer WHERE id = ?1 AND deleted_at IS NULL";
  CRM_AUTO_STMT stmt = crm_store_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;

  crm_db_stmt_bind_int64 (stmt, 1, id);
  if (crm_db_stmt_step (stmt) != CRM_DB_ROW)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND,
                   _("This customer does not exist or was deleted."));
      return FALSE;
    }
  return TRUE;
}

/**
 * crm_store_insert_deal:
 * @deal: the new deal; its stage is where it starts
 * @staff_id: who created it (recorded in the stage history), or 0
 *
 * Returns: the new id, or 0 with @error set
 */
gint64
crm_store_insert_deal (CrmStore  *self,
                       CrmDeal   *deal,
                       gint64     staff_id,
                       GError   **error)
{
  static const char sql[] =
    /* channel and live written here, so the dashboard's insert trigger
     * (schema version 8) has nothing to correct */
    "INSERT INTO deal (customer_id, model_id, stage, stage_entered_at, expected_close,"
    "  lost_reason, lost_note, owner_id, created_at, channel, live)"
    " SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, coalesce(c.channel, 'unknown'), c.deleted_at IS NULL"
    " FROM customer c WHERE c.id = ?1";
  CRM_AUTO_STMT stmt = NULL;
  gint64 created = crm_deal_get_created_at (deal);
  gint64 entered = crm_deal_get_stage_entered_at (deal);
  gint64 id;
  gboolean ok;

  g_return_val_if_fail (CRM_IS_STORE (self), 0);
  g_return_val_if_fail (CRM_IS_DEAL (deal), 0);

  if (created <= 0)
    created = crm_store_now (self);
  if (entered <= 0)
    entered = created;

  if (!crm_store_begin (self, error))
    return 0;

  ok = crm_store_customer_exists (self, crm_deal_get_customer_id (deal), error) &&
       crm_store_check_staff (self, crm_deal_get_owner_id (deal), error) &&
       (stmt = crm_store_prepare (self, sql, error)) != NULL;

  if (ok)
    {
      crm_db_stmt_bind_int64 (stmt, 1, crm_deal_get_customer_id (deal));
      crm_store_bind_id_or_null (stmt, 2, crm_deal_get_model_id (deal));
      crm_store_bind_code (stmt, 3, CRM_TYPE_STAGE, crm_deal_get_stage (deal));
      crm_db_stmt_bind_int64 (stmt, 4, entered);
      crm_store_bind_id_or_null (stmt, 5, crm_deal_get_expected_close (deal));
      if (crm_deal_get_lost_reason (deal) != CRM_LOST_REASON_NONE)
        crm_store_bind_code (stmt, 6, CRM_TYPE_LOST_REASON, crm_deal_get_lost_reason (deal));
      crm_store_bind_text_or_null (stmt, 7, crm_deal_get_lost_note (deal));
      crm_store_bind_id_or_null (stmt, 8, crm_deal_get_owner_id (deal));
      crm_db_stmt_bind_int64 (stmt, 9, created);
      ok = crm_store_step_done (self, stmt, error);
    }

  if (!ok)
    {
      crm_store_rollback (self);
      return 0;
    }

  id = crm_db_last_insert_id (self->db);
  if (!insert_history (self, id, -1, crm_deal_get_stage (deal), entered, staff_id, error))
    {
      crm_store_rollback (self);
      return 0;
    }

  crm_store_queue_change (self, CRM_ENTITY_DEAL, id);
  if (!crm_store_commit (self, error))
    return 0;

  crm_deal_set_id (deal, id);
  crm_deal_set_created_at (deal, created);
  crm_deal_set_stage_entered_at (deal, entered);
  return id;
}

/**
 * crm_store_move_deal:
 * @to: the new stage
 * @staff_id: who moved it
 *
 * Moves a deal and records the move in the stage history (never rewritten).
 */
gboolean
crm_store_move_deal (CrmStore  *self,
                     gint64     deal_id,
                     CrmStage   to,
                     gint64     staff_id,
                     GError   **error)
{
  return crm_store_move_deal_at (self, deal_id, to, staff_id, 0, error);
}

/**
 * crm_store_move_deal_at:
 * @at: when the move happened (UTC seconds), 0 for now
 *
 * Like crm_store_move_deal(), for moves recorded after the fact (imports,
 * the demo showroom).
 */
gboolean
crm_store_move_deal_at (CrmStore  *self,
                        gint64     deal_id,
                        CrmStage   to,
                        gint64     staff_id,
                        gint64     at,
                        GError   **error)
{
  static const char get_sql[] = "SELECT stage FROM deal WHERE id = ?1";
  static const char set_sql[] =
    "UPDATE deal SET stage = ?2, stage_entered_at = ?3 WHERE id = ?1";
  CRM_AUTO_STMT get = NULL;
  CRM_AUTO_STMT set = NULL;
  int from = -1;
  gboolean ok;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);

  if (at <= 0)
    at = crm_store_now (self);

  if (!crm_store_begin (self, error))
    return FALSE;

  ok = (get = crm_store_prepare (self, get_sql, error)) != NULL;
  if (ok)
    {
      crm_db_stmt_bind_int64 (get, 1, deal_id);
      if (crm_db_stmt_step (get) == CRM_DB_ROW)
        from = crm_store_column_code (get, 0, CRM_TYPE_STAGE);
      else
        {
          g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND, _("This deal does not exist."));
          ok = FALSE;
        }
    }

  ok = ok && crm_store_check_staff (self, staff_id, error) &&
       (set = crm_store_prepare (self, set_sql, error)) != NULL;
  if (ok)
    {
      crm_db_stmt_bind_int64 (set, 1, deal_id);
      crm_store_bind_code (set, 2, CRM_TYPE_STAGE, to);
      crm_db_stmt_bind_int64 (set, 3, at);
      ok = crm_store_step_done (self, set, error) &&
           insert_history (self, deal_id, from, to, at, staff_id, error);
    }

  if (ok)
    crm_store_queue_change (self, CRM_ENTITY_DEAL, deal_id);

  return crm_store_finish_write (self, ok, error);
}

/**
 * crm_store_list_deals_for_customer:
 *
 * Returns: (transfer full): a #GListModel of #CrmDeal, newest first
 */
GListModel *
crm_store_list_deals_for_customer (CrmStore *self,
                                   gint64    customer_id)
{
  static const char sql[] =
    "SELECT d.id, d.customer_id, d.model_id, m.series || ' ' || m.trim, d.stage,"
    "  d.stage_entered_at, d.expected_close, d.lost_reason, d.lost_note, d.owner_id,"
    "  d.created_at"
    " FROM deal d LEFT JOIN vehicle_model m ON m.id = d.model_id"
    " WHERE d.customer_id = ?1 ORDER BY d.created_at DESC, d.id DESC";
  GListStore *list = g_list_store_new (CRM_TYPE_DEAL);
  CRM_AUTO_STMT stmt = NULL;

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);

  if ((stmt = crm_store_prepare (self, sql, NULL)) == NULL)
    return G_LIST_MODEL (list);

  crm_db_stmt_bind_int64 (stmt, 1, customer_id);
  while (crm_db_stmt_step (stmt) == CRM_DB_ROW)
    {
      g_autoptr(CrmDeal) deal = g_object_new (CRM_TYPE_DEAL,
                                              "id", crm_db_stmt_column_int64 (stmt, 0),
                                              "customer-id", crm_db_stmt_column_int64 (stmt, 1),
                                              "model-id", crm_db_stmt_column_int64 (stmt, 2),
                                              "model-name", crm_store_column_text (stmt, 3),
                                              "stage", crm_store_column_code (stmt, 4, CRM_TYPE_STAGE),
                                              "stage-entered-at", crm_db_stmt_column_int64 (stmt, 5),
                                              "expected-close", crm_db_stmt_column_int64 (stmt, 6),
                                              "lost-reason", crm_store_column_code (stmt, 7, CRM_TYPE_LOST_REASON),
                                              "lost-note", crm_store_column_text (stmt, 8),
                                              "owner-id", crm_db_stmt_column_int64 (stmt, 9),
                                              "created-at", crm_db_stmt_column_int64 (stmt, 10),
                                              NULL);
      g_list_store_append (list, deal);
    }

  return G_LIST_MODEL (list);
}

gint64
crm_store_count_stage_history (CrmStore *self,
                               gint64    deal_id)
{
  static const char sql[] = "SELECT count(*) FROM stage_history WHERE deal_id = ?1";
  CRM_AUTO_STMT stmt = NULL;

  g_return_val_if_fail (CRM_IS_STORE (self), 0);

  if ((stmt = crm_store_prepare (self, sql, NULL)) == NULL)
    return 0;
  crm_db_stmt_bind_int64 (stmt, 1, deal_id);
  if (crm_db_stmt_step (stmt) != CRM_DB_ROW)
    return 0;
  return crm_db_stmt_column_int64 (stmt, 0);
}

/* ------------------------------------------------------------------ */
/* Activities                                                          */

static gboolean
validate_activity (CrmStore     *self,
                   CrmActivity  *activity,
                   GError      **error)
{
  if (crm_activity_get_planned_at (activity) <= 0 && crm_activity_get_done_at (activity) <= 0)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                   _("A follow-up needs a planned time or the time it was done."));
      return FALSE;
    }

  return crm_store_customer_exists (self, crm_activity_get_customer_id (activity), error) &&
         crm_store_check_staff (self, crm_activity_get_staff_id (activity), error);
}

void
crm_store_mark_summary_dirty (CrmStore *self,
                    gint64    customer_id)
{
  gint64 *key = g_new (gint64, 1);

  *key = customer_id;
  g_hash_table_add (self->dirty_summary, key);
}

static void
bind_activity (CrmDbStmt *stmt,
               CrmActivity  *activity)
{
  crm_db_stmt_bind_int64 (stmt, 1, crm_activity_get_customer_id (activity));
  crm_store_bind_id_or_null (stmt, 2, crm_activity_get_deal_id (activity));
  crm_store_bind_code (stmt, 3, CRM_TYPE_ACTIVITY_KIND, crm_activity_get_kind (activity));
  crm_store_bind_id_or_null (stmt, 4, crm_activity_get_planned_at (activity));
  crm_store_bind_id_or_null (stmt, 5, crm_activity_get_done_at (activity));
  crm_store_bind_code (stmt, 6, CRM_TYPE_OUTCOME, crm_activity_get_outcome (activity));
  crm_store_bind_text_or_null (stmt, 7, crm_activity_get_note (activity));
  crm_store_bind_id_or_null (stmt, 8, crm_activity_get_staff_id (activity));
  crm_store_bind_text_or_null (stmt, 10, crm_activity_get_purpose (activity));
}

/**
 * crm_store_insert_activity:
 *
 * Records a follow-up (planned, done, or both) and updates the customer's
 * last and next contact.
 *
 * Returns: the new id, or 0 with @error set
 */
gint64
crm_store_insert_activity (CrmStore     *self,
                           CrmActivity  *activity,
                           GError      **error)
{
  static const char sql[] =
    "INSERT INTO activity (customer_id, deal_id, kind, planned_at, done_at, outcome, note,"
    "  staff_id, created_at, purpose)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
  CRM_AUTO_STMT stmt = NULL;
  gint64 id;

  g_return_val_if_fail (CRM_IS_STORE (self), 0);
  g_return_val_if_fail (CRM_IS_ACTIVITY (activity), 0);

  if (!crm_store_begin (self, error))
    return 0;

  if (!validate_activity (self, activity, error) ||
      (stmt = crm_store_prepare (self, sql, error)) == NULL)
    {
      crm_store_rollback (self);
      return 0;
    }

  bind_activity (stmt, activity);
  crm_db_stmt_bind_int64 (stmt, 9, crm_store_now (self));
  if (!crm_store_step_done (self, stmt, error))
    {
      crm_store_rollback (self);
      return 0;
    }

  id = crm_db_last_insert_id (self->db);
  crm_store_mark_summary_dirty (self, crm_activity_get_customer_id (activity));
  crm_store_queue_change (self, CRM_ENTITY_ACTIVITY, id);

  if (!crm_store_commit (self, error))
    return 0;

  crm_activity_set_id (activity, id);
  return id;
}

gboolean
crm_store_update_activity (CrmStore     *self,
                           CrmActivity  *activity,
                           GError      **error)
{
  static const char sql[] =
    "UPDATE activity SET customer_id = ?1, deal_id = ?2, kind = ?3, planned_at = ?4,"
    "  done_at = ?5, outcome = ?6, note = ?7, staff_id = ?8, purpose = ?10"
    " WHERE id = ?9";
  CRM_AUTO_STMT stmt = NULL;
  gboolean ok;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);
  g_return_val_if_fail (CRM_IS_ACTIVITY (activity), FALSE);

  if (!crm_store_begin (self, error))
    return FALSE;

  ok = validate_activity (self, activity, error) &&
       (stmt = crm_store_prepare (self, sql, error)) != NULL;

  /* A follow-up moved to another customer changes both summaries */
  if (ok)
    {
      static const char owner_sql[] = "SELECT customer_id FROM activity WHERE id = ?1";
      CRM_AUTO_STMT owner = crm_store_prepare (self, owner_sql, error);

      ok = owner != NULL;
      if (ok)
        {
          crm_db_stmt_bind_int64 (owner, 1, crm_activity_get_id (activity));
          if (crm_db_stmt_step (owner) == CRM_DB_ROW)
            crm_store_mark_summary_dirty (self, crm_db_stmt_column_int64 (owner, 0));
        }
    }

  if (ok)
    {
      bind_activity (stmt, activity);
      crm_db_stmt_bind_int64 (stmt, 9, crm_activity_get_id (activity));
      ok = crm_store_step_done (self, stmt, error);
      if (ok && crm_db_changes (self->db) == 0)
        {
          g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND, _("This follow-up no longer exists."));
          ok = FALSE;
        }
    }

  if (ok)
    {
      crm_store_mark_summary_dirty (self, crm_activity_get_customer_id (activity));
      crm_store_queue_change (self, CRM_ENTITY_ACTIVITY, crm_activity_get_id (activity));
    }

  return crm_store_finish_write (self, ok, error);
}

/**
 * crm_store_list_activities_for_customer:
 *
 * Returns: (transfer full): a #GListModel of #CrmActivity for the timeline:
 *   planned ones first (soonest first), then done ones, newest first
 */
GListModel *
crm_store_list_activities_for_customer (CrmStore *self,
                                        gint64    customer_id)
{
  static const char sql[] =
    "SELECT a.id, a.customer_id, a.deal_id, a.kind, a.planned_at, a.done_at, a.outcome,"
    "  a.note, a.staff_id, s.name, a.purpose"
    " FROM activity a LEFT JOIN staff s ON s.id = a.staff_id"
    " WHERE a.customer_id = ?1"
    " ORDER BY a.done_at IS NOT NULL,"
    "   CASE WHEN a.done_at IS NULL THEN a.planned_at END,"
    "   a.done_at DESC, a.id DESC";
  GListStore *list = g_list_store_new (CRM_TYPE_ACTIVITY);
  CRM_AUTO_STMT stmt = NULL;

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);

  if ((stmt = crm_store_prepare (self, sql, NULL)) == NULL)
    return G_LIST_MODEL (list);

  crm_db_stmt_bind_int64 (stmt, 1, customer_id);
  while (crm_db_stmt_step (stmt) == CRM_DB_ROW)
    {
      g_autoptr(CrmActivity) activity =
        g_object_new (CRM_TYPE_ACTIVITY,
                      "id", crm_db_stmt_column_int64 (stmt, 0),
                      "customer-id", crm_db_stmt_column_int64 (stmt, 1),
                      "deal-id", crm_db_stmt_column_int64 (stmt, 2),
                      "kind", crm_store_column_code (stmt, 3, CRM_TYPE_ACTIVITY_KIND),
                      "planned-at", crm_db_stmt_column_int64 (stmt, 4),
                      "done-at", crm_db_stmt_column_int64 (stmt, 5),
                      "outcome", crm_store_column_code (stmt, 6, CRM_TYPE_OUTCOME),
                      "note", crm_store_column_text (stmt, 7),
                      "staff-id", crm_db_stmt_column_int64 (stmt, 8),
                      "staff-name", crm_store_column_text (stmt, 9),
                      "purpose", crm_store_column_text (stmt, 10),
                      NULL);
      g_list_store_append (list, activity);
    }

  return G_LIST_MODEL (list);
}
