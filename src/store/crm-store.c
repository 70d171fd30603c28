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
#include <glib-unix.h>
#include <glib/gstdio.h>
#include "crm-db.h"
#include <string.h>

#include "crm-model-enum-types.h"
#include "crm-store-enum-types.h"
#include "crm-error.h"
#include "crm-phone.h"
#include "crm-pinyin.h"
#include "crm-db-pg.h"
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
  PROP_ONLINE,
  PROP_BUSY_ELSEWHERE,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CrmStore, crm_store, G_TYPE_OBJECT)

/* The domain stores: each is only its pointer back to the store */
#define DEFINE_DOMAIN_STORE(TypeName, type_name)                          \
  struct _##TypeName { CrmDomainStore parent_instance; };                 \
  G_DEFINE_FINAL_TYPE (TypeName, type_name, G_TYPE_OBJECT)                \
  static void type_name##_class_init (TypeName##Class *klass) { }         \
  static void type_name##_init (TypeName *self) { }

DEFINE_DOMAIN_STORE (CrmStaffStore, crm_staff_store)
DEFINE_DOMAIN_STORE (CrmCustomerStore, crm_customer_store)
DEFINE_DOMAIN_STORE (CrmDealStore, crm_deal_store)
DEFINE_DOMAIN_STORE (CrmFollowupStore, crm_followup_store)
DEFINE_DOMAIN_STORE (CrmLeadStore, crm_lead_store)
DEFINE_DOMAIN_STORE (CrmCalendarStore, crm_calendar_store)
DEFINE_DOMAIN_STORE (CrmKpiStore, crm_kpi_store)
DEFINE_DOMAIN_STORE (CrmStockStore, crm_stock_store)

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
static void set_offline (CrmStore *self, gboolean offline);
static gboolean listen_again_cb (gpointer user_data);

void
crm_store_set_busy_elsewhere (CrmStore   *self,
                              const char *host)
{
  if (g_strcmp0 (self->busy_elsewhere, host) == 0)
    return;
  g_free (self->busy_elsewhere);
  self->busy_elsewhere = g_strdup (host);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY_ELSEWHERE]);
}

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
 * @bulk: %TRUE before one transaction that writes many rows (an import),
 *   %FALSE after it
 *
 * Lets the engine tune itself for a bulk writer (see crm_db_set_bulk()
 * and the backend: SQLite keeps its statement journals in memory, a
 * quarter of an import's time).
 */
void
crm_store_set_bulk (CrmStore *self,
                    gboolean  bulk)
{
  g_return_if_fail (CRM_IS_STORE (self));

  crm_db_set_bulk (self->db, bulk);
}

/* The server went away (the listener's socket or a statement said so):
 * no saving until it is back; its statements and ours fail the same way,
 * so the store's connection is made anew too. The first try at once,
 * then with back-off (listen_again_cb). */
static void
connection_lost (CrmStore *self)
{
  g_message ("The connection to the showroom server was lost; connecting again");
  g_clear_handle_id (&self->listener_watch, g_source_remove);
  g_clear_object (&self->listener);
  set_offline (self, TRUE);
  self->listen_retry_seconds = 0;
  if (self->listen_retry_source == 0 && self->reconnecting == NULL)
    self->listen_retry_source = g_timeout_add (200, listen_again_cb, self);
}

gboolean
crm_store_begin (CrmStore  *self,
                 GError   **error)
{
  gboolean ok;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);

  if (self->depth == 0)
    {
      if (self->offline)
        {
          g_set_error (error, CRM_ERROR, CRM_ERROR_OFFLINE,
                       _("The showroom server cannot be reached, so nothing can be saved now. "
                         "Keep what you typed: Showroom connects again by itself, then save."));
          return FALSE;
        }
      if (self->damaged)
        {
          g_set_error (error, CRM_ERROR, CRM_ERROR_CORRUPT,
                       _("The showroom database is damaged, so Showroom no longer saves "
                         "changes to it. Restore the newest good backup."));
          return FALSE;
        }
      /* Another desktop's long write said it holds the lock: wait it out
       * (its banner is up) rather than give up after the usual 5 s */
      if ((self->busy_elsewhere != NULL) != self->long_lock_wait)
        {
          self->long_lock_wait = self->busy_elsewhere != NULL;
          if (CRM_IS_DB_PG (self->db))
            crm_db_exec (self->db, self->long_lock_wait ? "SET lock_timeout = '600s'" : "SET lock_timeout = '5s'",
                         NULL);
          else
            crm_db_sqlite_wait_longer (CRM_DB_SQLITE (self->db), self->long_lock_wait, 600 * 1000);
        }
      ok = crm_db_begin_write (self->db, error);
      /* The lock is ours: the statements after it keep the usual limit */
      if (ok && self->long_lock_wait && CRM_IS_DB_PG (self->db))
        crm_db_exec (self->db, "SET LOCAL lock_timeout = '5s'", NULL);
      if (!ok)
        {
          /* The store's own connection broke while the listener's did
           * not (yet): offline now, and connecting again */
          if (CRM_IS_DB_PG (self->db) && !crm_db_pg_is_connected (CRM_DB_PG (self->db)) &&
              self->listener != NULL)
            connection_lost (self);
          return FALSE;
        }
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
  crm_store_forget_cached (self);
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
  crm_store_forget_cached (self);
  g_array_set_size (self->pending, 0);
  g_hash_table_remove_all (self->dirty_summary);
  g_hash_table_remove_all (self->dirty_index);
  self->index_stale = FALSE;
}

/* The key space of the jobs' locks: the first of two 32-bit keys, as
 * the showroom's write lock is one 64-bit key (the two never meet) */
#define JOB_LOCK_CLASS "1397247831"

/**
 * crm_store_try_job:
 *
 * Asks to run a showroom-wide @job (the public pool's deadlines, the
 * birthday sweep) on this desktop. On a server, where every desktop wakes
 * for the same deadline, only one gets it until crm_store_end_job()
 * (`pg_try_advisory_lock`): the others go on without waiting, since the
 * one running it does the work for all. The job still reads what is due
 * inside its write transaction, so even two that both ran it would do
 * each thing once. A file is one desktop's: always %TRUE.
 *
 * Returns: whether to run @job now; then call crm_store_end_job()
 */
gboolean
crm_store_try_job (CrmStore    *self,
                   CrmStoreJob  job)
{
  static const char sql[] =
    "SELECT CASE WHEN pg_try_advisory_lock (" JOB_LOCK_CLASS ", CAST (?1 AS integer))"
    " THEN 1 ELSE 0 END";

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);

  if (!CRM_IS_DB_PG (self->db))
    return TRUE;
  return crm_store_query_int64 (self, sql, CRM_PARAMS (CRM_INT64 (job)), 0) == 1;
}

/**
 * crm_store_end_job:
 *
 * Lets other desktops run @job again (after crm_store_try_job() said yes).
 */
void
crm_store_end_job (CrmStore    *self,
                   CrmStoreJob  job)
{
  static const char sql[] =
    "SELECT CASE WHEN pg_advisory_unlock (" JOB_LOCK_CLASS ", CAST (?1 AS integer))"
    " THEN 1 ELSE 0 END";

  g_return_if_fail (CRM_IS_STORE (self));

  if (CRM_IS_DB_PG (self->db))
    crm_store_query_int64 (self, sql, CRM_PARAMS (CRM_INT64 (job)), 0);
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

/**
 * crm_store_finish_write:
 * @ok: whether every step of the transaction worked
 *
 * Ends a transaction begun with crm_store_begin(): commits it when @ok,
 * else rolls it back (and leaves @error alone: the failed step set it).
 *
 * Returns: whether the changes were committed
 */
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

  /* A showroom on a server: its schema starts from a baseline of its own,
   * and PostgreSQL's DDL is transactional, so an upgrade that fails
   * leaves the version before it (no copy to keep) */
  if (crm_db_pg_is_uri (self->path))
    {
      self->db = crm_db_pg_open (self->path, CRM_STORE_SCHEMA_VERSION, error);
      if (self->db == NULL)
        return FALSE;
      version = crm_db_get_schema_version (self->db);
      return version >= CRM_STORE_SCHEMA_VERSION ||
             crm_schema_pg_migrate (self->db, MAX (version, 0), error);
    }

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
crm_store_dispose (GObject *object)
{
  CrmStore *self = (CrmStore *) object;

  crm_store_stop_reads (self);
  g_clear_handle_id (&self->busy_source, g_source_remove);
  g_clear_handle_id (&self->others_source, g_source_remove);
  g_clear_handle_id (&self->listener_watch, g_source_remove);
  g_clear_handle_id (&self->heard_source, g_source_remove);
  g_clear_handle_id (&self->listen_retry_source, g_source_remove);
  g_clear_object (&self->listener);
  if (self->reconnecting != NULL)
    g_cancellable_cancel (self->reconnecting);
  g_clear_object (&self->reconnecting);
  for (guint i = 0; i < G_N_ELEMENTS (self->monitors); i++)
    {
      if (self->monitors[i] != NULL)
        g_signal_handlers_disconnect_by_data (self->monitors[i], self);
      g_clear_object (&self->monitors[i]);
    }

  for (guint i = 0; i < CRM_N_DOMAIN_STORES; i++)
    g_clear_object (&self->domains[i]);

  G_OBJECT_CLASS (crm_store_parent_class)->dispose (object);
}

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
  g_clear_pointer (&self->heard, g_array_unref);
  g_clear_pointer (&self->dirty_summary, g_hash_table_unref);
  g_clear_object (&self->clock);
  g_free (self->path);
  g_free (self->backup_path);
  g_free (self->busy_elsewhere);
  g_clear_pointer (&self->meta_cache, g_hash_table_unref);
  g_clear_pointer (&self->staff_cache, g_ptr_array_unref);
  g_clear_pointer (&self->models_cache, g_ptr_array_unref);
  g_clear_pointer (&self->stages_cache, g_array_unref);

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

    case PROP_ONLINE:
      g_value_set_boolean (value, !self->offline);
      break;

    case PROP_BUSY_ELSEWHERE:
      g_value_set_string (value, self->busy_elsewhere);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_store_class_init (CrmStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = crm_store_dispose;
  object_class->finalize = crm_store_finalize;
  object_class->get_property = crm_store_get_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CLOCK] =
    g_param_spec_object ("clock", NULL, NULL, CRM_TYPE_CLOCK,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * CrmStore:online:
   *
   * %FALSE while the showroom's server cannot be reached: nothing can be
   * saved (crm_store_begin() says why) until the store has connected
   * again by itself. A file is always online.
   */
  properties[PROP_ONLINE] =
    g_param_spec_boolean ("online", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * CrmStore:busy-elsewhere:
   *
   * The host whose long write (a big import) holds the showroom's write
   * lock: saves wait until it is over. %NULL when there is none.
   */
  properties[PROP_BUSY_ELSEWHERE] =
    g_param_spec_string ("busy-elsewhere", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
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
  GType domain_types[] = {
    CRM_TYPE_STAFF_STORE,
    CRM_TYPE_CUSTOMER_STORE,
    CRM_TYPE_DEAL_STORE,
    CRM_TYPE_FOLLOWUP_STORE,
    CRM_TYPE_LEAD_STORE,
    CRM_TYPE_CALENDAR_STORE,
    CRM_TYPE_KPI_STORE,
    CRM_TYPE_STOCK_STORE,
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (domain_types) == CRM_N_DOMAIN_STORES);
  for (guint i = 0; i < CRM_N_DOMAIN_STORES; i++)
    {
      self->domains[i] = g_object_new (domain_types[i], NULL);
      ((CrmDomainStore *) self->domains[i])->store = self;
    }
  self->statements = g_hash_table_new_full (NULL, NULL, NULL, finalize_statement);
  self->pending = g_array_new (FALSE, FALSE, sizeof (PendingChange));
  self->heard = g_array_new (FALSE, FALSE, sizeof (PendingChange));
  self->dirty_summary = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_mutex_init (&self->reader_lock);
  crm_store_init_reads (self);
  self->background_reads = -1;
  self->meta_cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
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
 * crm_store_is_server:
 * @location: a file's path or a server's address
 *
 * Returns: whether @location is a showroom on a PostgreSQL server
 *   (postgresql://…) rather than a file
 */
gboolean
crm_store_is_server (const char *location)
{
  return crm_db_pg_is_uri (location);
}

/**
 * crm_store_canonical_location:
 * @location: a file's path (relative or not) or a server's address
 *
 * Returns: (transfer full): the one spelling of @location that names it
 *   (an absolute path; an address as it is)
 */
char *
crm_store_canonical_location (const char *location)
{
  g_return_val_if_fail (location != NULL, NULL);
  return crm_db_pg_is_uri (location) ? g_strdup (location) : g_canonicalize_filename (location, NULL);
}

/**
 * crm_store_set_server_password:
 * @uri: a server's address, without its password
 * @password: (nullable): the password, or %NULL to forget it
 *
 * Every connection this process makes to @uri uses @password. It stays
 * in memory: never written to a file, the settings or the address.
 */
void
crm_store_set_server_password (const char *uri,
                               const char *password)
{
  crm_db_pg_set_password (uri, password);
}

/* Whether a password for @uri is in this process's memory */
gboolean
crm_store_has_server_password (const char *uri)
{
  return crm_db_pg_has_password (uri);
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
  self->path = crm_store_canonical_location (path);
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

/* What was read of the rules, the staff and the catalogue may have
 * changed: a commit here, or one heard of */
void
crm_store_forget_cached (CrmStore *self)
{
  g_hash_table_remove_all (self->meta_cache);
  self->meta_complete = FALSE;
  g_clear_pointer (&self->staff_cache, g_ptr_array_unref);
  g_clear_pointer (&self->models_cache, g_ptr_array_unref);
  g_clear_pointer (&self->stages_cache, g_array_unref);
}

/**
 * crm_store_warm_up:
 *
 * Reads the rules, the staff and the catalogue now (a few statements), so
 * the first window does not wait for them one by one: on a server, call
 * it in the thread that opened the store, before the window takes it.
 */
void
crm_store_warm_up (CrmStore *self)
{
  static const char sql[] = "SELECT key, value FROM meta";
  CRM_AUTO_STMT stmt = NULL;
  int rc;

  g_return_if_fail (CRM_IS_STORE (self));
  g_return_if_fail (self->depth == 0);

  if ((stmt = crm_store_prepare (self, sql, NULL)) != NULL)
    {
      g_hash_table_remove_all (self->meta_cache);
      while ((rc = crm_db_stmt_step (stmt)) == CRM_DB_ROW)
        g_hash_table_insert (self->meta_cache, g_strdup (crm_store_column_text (stmt, 0)),
                             g_strdup (crm_store_column_text (stmt, 1)));
      self->meta_complete = rc == CRM_DB_DONE;
    }
  /* Each kept by the store as it is read */
  g_object_unref (crm_staff_store_list (crm_store_get_staff_store (self), FALSE));
  g_object_unref (crm_staff_store_list_vehicle_models (crm_store_get_staff_store (self)));
  g_array_unref (crm_deal_store_list_board_stages (crm_store_get_deal_store (self)));
}

char *
crm_store_dup_meta (CrmStore   *self,
                    const char *key)
{
  static const char sql[] = "SELECT value FROM meta WHERE key = ?1";
  CRM_AUTO_STMT stmt = NULL;
  char *value = NULL;
  gpointer cached;
  int rc;

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);

  /* The rules and settings are read again and again (each a round trip
   * to a server): kept until a commit, here or heard of, may have changed
   * them. Never inside a transaction: a rule checked under the write lock
   * is read as it is now. */
  if (self->depth == 0 && g_hash_table_lookup_extended (self->meta_cache, key, NULL, &cached))
    return g_strdup (cached);
  if (self->depth == 0 && self->meta_complete)
    return NULL;

  if ((stmt = crm_store_prepare (self, sql, NULL)) == NULL)
    return NULL;

  crm_db_stmt_bind_text_static (stmt, 1, key);
  rc = crm_db_stmt_step (stmt);
  if (rc == CRM_DB_ROW)
    value = g_strdup (crm_store_column_text (stmt, 0));
  else if (rc != CRM_DB_DONE)
    return NULL;

  if (self->depth == 0)
    g_hash_table_insert (self->meta_cache, g_strdup (key), g_strdup (value));
  return value;
}

static gboolean
set_meta_in_transaction (CrmStore    *self,
                         const char  *key,
                         const char  *value,
                         GError     **error)
{
  static const char sql[] =
    "INSERT INTO meta (key, value) VALUES (?1, ?2)"
    " ON CONFLICT (key) DO UPDATE SET value = excluded.value";
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
    ok = crm_staff_store_insert (crm_store_get_staff_store (self), g_ptr_array_index (staff, i), error) > 0;

  return crm_store_finish_write (self, ok, error);
}

/* A number kept in the meta table, @fallback when it is missing or not a
 * whole number from 0 to @max */
int
crm_store_get_meta_int (CrmStore   *self,
                        const char *key,
                        int         max,
                        int         fallback)
{
  g_autofree char *text = crm_store_dup_meta (self, key);
  gint64 value;

  if (text == NULL || !g_ascii_string_to_signed (text, 10, 0, max, &value, NULL))
    return fallback;
  return (int) value;
}

/* The first column of every row of @stmt, as text */
GStrv
crm_store_collect_strings (CrmDbStmt *stmt)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  while (stmt != NULL && crm_db_stmt_step (stmt) == CRM_DB_ROW)
    g_strv_builder_add (builder, crm_db_stmt_column_text (stmt, 0));
  return g_strv_builder_end (builder);
}

/* Input text without surrounding blanks; "" for NULL */
char *
crm_store_dup_trimmed (const char *text)
{
  return g_strstrip (g_strdup (text ? text : ""));
}

/* ------------------------------------------------------------------ */
/* The domain stores                                                   */

/**
 * crm_store_get_staff_store:
 *
 * Returns: (transfer none): the store's CrmStaffStore
 */
CrmStaffStore *
crm_store_get_staff_store (CrmStore *self)
{
  g_return_val_if_fail (CRM_IS_STORE (self), NULL);
  return (CrmStaffStore *) self->domains[CRM_DOMAIN_STAFF];
}

/**
 * crm_store_get_customer_store:
 *
 * Returns: (transfer none): the store's CrmCustomerStore
 */
CrmCustomerStore *
crm_store_get_customer_store (CrmStore *self)
{
  g_return_val_if_fail (CRM_IS_STORE (self), NULL);
  return (CrmCustomerStore *) self->domains[CRM_DOMAIN_CUSTOMER];
}

/**
 * crm_store_get_deal_store:
 *
 * Returns: (transfer none): the store's CrmDealStore
 */
CrmDealStore *
crm_store_get_deal_store (CrmStore *self)
{
  g_return_val_if_fail (CRM_IS_STORE (self), NULL);
  return (CrmDealStore *) self->domains[CRM_DOMAIN_DEAL];
}

/**
 * crm_store_get_followup_store:
 *
 * Returns: (transfer none): the store's CrmFollowupStore
 */
CrmFollowupStore *
crm_store_get_followup_store (CrmStore *self)
{
  g_return_val_if_fail (CRM_IS_STORE (self), NULL);
  return (CrmFollowupStore *) self->domains[CRM_DOMAIN_FOLLOWUP];
}

/**
 * crm_store_get_lead_store:
 *
 * Returns: (transfer none): the store's CrmLeadStore
 */
CrmLeadStore *
crm_store_get_lead_store (CrmStore *self)
{
  g_return_val_if_fail (CRM_IS_STORE (self), NULL);
  return (CrmLeadStore *) self->domains[CRM_DOMAIN_LEAD];
}

/**
 * crm_store_get_calendar_store:
 *
 * Returns: (transfer none): the store's CrmCalendarStore
 */
CrmCalendarStore *
crm_store_get_calendar_store (CrmStore *self)
{
  g_return_val_if_fail (CRM_IS_STORE (self), NULL);
  return (CrmCalendarStore *) self->domains[CRM_DOMAIN_CALENDAR];
}

/**
 * crm_store_get_kpi_store:
 *
 * Returns: (transfer none): the store's CrmKpiStore
 */
CrmKpiStore *
crm_store_get_kpi_store (CrmStore *self)
{
  g_return_val_if_fail (CRM_IS_STORE (self), NULL);
  return (CrmKpiStore *) self->domains[CRM_DOMAIN_KPI];
}

/**
 * crm_store_get_stock_store:
 *
 * Returns: (transfer none): the store's CrmStockStore
 */
CrmStockStore *
crm_store_get_stock_store (CrmStore *self)
{
  g_return_val_if_fail (CRM_IS_STORE (self), NULL);
  return (CrmStockStore *) self->domains[CRM_DOMAIN_STOCK];
}

/* ------------------------------------------------------------------ */
/* Checks, backups and restoring                                       */

/**
 * crm_store_check_file:
 * @path: a showroom database file, often a backup
 * @depth: %CRM_STORE_CHECK_FULL for a backup about to be restored
 * @version: (out) (optional): the file's data version
 * @error: a CRM_ERROR in plain words: not a database, cut off, another
 *   program's, from a newer Showroom, empty, damaged
 *
 * Reads @path and tells whether it is a whole Showroom database this
 * version can use. Nothing is written to the file or beside it. Takes
 * seconds on a big showroom: call it from a worker thread.
 *
 * Returns: %TRUE when the file can be used
 */
gboolean
crm_store_check_file (const char     *path,
                      CrmStoreCheck   depth,
                      int            *version,
                      GError        **error)
{
  g_autoptr(CrmDb) db = NULL;
  int v;

  g_return_val_if_fail (path != NULL, FALSE);

  db = crm_db_sqlite_open_read_only (path, CRM_STORE_SCHEMA_VERSION, error);
  if (db == NULL)
    return FALSE;

  v = crm_db_get_schema_version (db);
  if (v < 1)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_A_DATABASE,
                   _("“%s” holds no showroom."), path);
      return FALSE;
    }
  if (!crm_db_check (db, depth == CRM_STORE_CHECK_FULL ? CRM_DB_CHECK_FULL : CRM_DB_CHECK_QUICK, error))
    return FALSE;

  if (version != NULL)
    *version = v;
  return TRUE;
}

/**
 * crm_store_check:
 * @depth: %CRM_STORE_CHECK_QUICK after start-up (0.9 s on 100,000
 *   customers), %CRM_STORE_CHECK_FULL on a backup (8.5 s)
 *
 * Checks the store's file through a read-only connection of its own, so
 * it may run in a worker thread while the store is in use.
 *
 * Returns: %TRUE when the check found nothing wrong
 */
gboolean
crm_store_check (CrmStore       *self,
                 CrmStoreCheck   depth,
                 GError        **error)
{
  g_autoptr(CrmDb) reader = NULL;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);

  reader = crm_db_open_reader (self->db, error);
  if (reader == NULL)
    return FALSE;
  return crm_db_check (reader, depth == CRM_STORE_CHECK_FULL ? CRM_DB_CHECK_FULL : CRM_DB_CHECK_QUICK,
                       error);
}

/**
 * crm_store_backup_to:
 * @path: the new file; replaced if it exists
 *
 * A consistent copy of the showroom as it is now, taken through a
 * read-only connection of its own: it may run in a worker thread while
 * the store (and other desktops) keep writing.
 *
 * Returns: %TRUE when @path holds the copy
 */
gboolean
crm_store_backup_to (CrmStore    *self,
                     const char  *path,
                     GError     **error)
{
  g_autoptr(CrmDb) reader = NULL;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  reader = crm_db_open_reader (self->db, error);
  if (reader == NULL)
    return FALSE;
  g_unlink (path);
  return crm_db_copy_to (reader, path, error);
}

/* ------------------------------------------------------------------ */
/* Commits made elsewhere                                              */

/* Another connection committed when the data version moved: the search
 * index is read again and every view is told that anything may have
 * changed. Own commits do not move it (and are announced already). */
static gboolean
check_others_cb (gpointer user_data)
{
  CrmStore *self = user_data;
  gint64 version;

  self->others_source = 0;
  /* Inside a transaction of our own: once it is over */
  if (crm_db_in_transaction (self->db))
    {
      self->others_source = g_timeout_add (100, check_others_cb, self);
      return G_SOURCE_REMOVE;
    }

  /* A long write whose program went away left its notice behind */
  if (self->busy_elsewhere != NULL)
    {
      g_autofree char *host = crm_store_read_busy_file (self);

      crm_store_set_busy_elsewhere (self, host);
    }

  version = crm_db_get_data_version (self->db);
  if (version < 0 || version == self->data_version)
    return G_SOURCE_REMOVE;
  self->data_version = version;

  g_mutex_lock (&self->index_lock);
  self->generation++;
  g_clear_pointer (&self->index, crm_search_index_free);
  g_mutex_unlock (&self->index_lock);

  crm_store_forget_cached (self);
  for (int entity = CRM_ENTITY_SHOWROOM; entity <= CRM_ENTITY_LAST; entity++)
    g_signal_emit (self, signals[CHANGED], 0, (CrmEntity) entity, (gint64) 0);
  return G_SOURCE_REMOVE;
}

static void
on_file_changed_cb (GFileMonitor      *monitor,
                    GFile             *file,
                    GFile             *other,
                    GFileMonitorEvent  event,
                    gpointer           user_data)
{
  CrmStore *self = user_data;

  if (monitor == self->monitors[2])
    {
      g_autofree char *host = crm_store_read_busy_file (self);

      crm_store_set_busy_elsewhere (self, host);
      return;
    }
  if (event != G_FILE_MONITOR_EVENT_CHANGED && event != G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT &&
      event != G_FILE_MONITOR_EVENT_CREATED)
    return;
  if (self->others_source == 0)
    self->others_source = g_idle_add (check_others_cb, self);
}

/* What another desktop or process committed on the server, announced
 * as it was: a customer's search entry read again, then "changed" for
 * each row (or kind of row) heard of */
static gboolean
emit_heard_cb (gpointer user_data)
{
  CrmStore *self = user_data;
  g_autoptr(GArray) heard = NULL;

  self->heard_source = 0;
  if (crm_db_in_transaction (self->db))
    {
      self->heard_source = g_timeout_add (100, emit_heard_cb, self);
      return G_SOURCE_REMOVE;
    }

  heard = g_steal_pointer (&self->heard);
  self->heard = g_array_new (FALSE, FALSE, sizeof (PendingChange));
  for (guint i = 0; i < heard->len; i++)
    {
      PendingChange *p = &g_array_index (heard, PendingChange, i);

      if (p->entity != CRM_ENTITY_CUSTOMER)
        continue;
      if (p->id == 0)
        self->index_stale = TRUE;
      else
        g_hash_table_add (self->dirty_index, g_memdup2 (&p->id, sizeof p->id));
    }
  apply_index_changes (self);

  for (guint i = 0; i < heard->len; i++)
    if (g_array_index (heard, PendingChange, i).entity == CRM_ENTITY_SHOWROOM ||
        g_array_index (heard, PendingChange, i).entity == CRM_ENTITY_STAFF ||
        g_array_index (heard, PendingChange, i).entity == CRM_ENTITY_VEHICLE_MODEL)
      crm_store_forget_cached (self);
  for (guint i = 0; i < heard->len; i++)
    {
      PendingChange *p = &g_array_index (heard, PendingChange, i);

      g_signal_emit (self, signals[CHANGED], 0, p->entity, p->id);
    }
  return G_SOURCE_REMOVE;
}

static void
hear (CrmStore  *self,
      CrmEntity  entity,
      gint64     id)
{
  for (guint i = 0; i < self->heard->len; i++)
    {
      PendingChange *p = &g_array_index (self->heard, PendingChange, i);

      if (p->entity == entity && (p->id == id || p->id == 0))
        return;
    }
  g_array_append_val (self->heard, ((PendingChange) { entity, id }));
  if (self->heard_source == 0)
    self->heard_source = g_idle_add (emit_heard_cb, self);
}

static void
hear_everything (CrmStore *self)
{
  for (int entity = CRM_ENTITY_SHOWROOM; entity <= CRM_ENTITY_LAST; entity++)
    hear (self, entity, 0);
}

static gboolean listen_to_server (CrmStore *self, CrmDb *listener, GError **error);

static void
set_offline (CrmStore *self,
             gboolean  offline)
{
  if (self->offline == offline)
    return;
  self->offline = offline;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ONLINE]);
}

static gboolean listen_again_cb (gpointer user_data);

static void
retry_later (CrmStore *self)
{
  self->listen_retry_seconds = CLAMP (self->listen_retry_seconds * 2, 1, 30);
  self->listen_retry_source = g_timeout_add_seconds (self->listen_retry_seconds, listen_again_cb, self);
}

/* In a worker thread, so no window waits on the network: a listener,
 * and a new connection for the store when its own broke */
typedef struct
{
  char    *uri;
  gboolean main_broken;
  gboolean first;        /* the first listener, not a reconnection */
  CrmDb   *listener;
  CrmDb   *main;
} Reconnect;

static void
reconnect_free (gpointer data)
{
  Reconnect *r = data;

  g_free (r->uri);
  g_clear_object (&r->listener);
  g_clear_object (&r->main);
  g_free (r);
}

static void
reconnect_thread (GTask        *task,
                  gpointer      source,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  Reconnect *r = task_data;
  GError *error = NULL;

  if ((r->listener = crm_db_pg_open (r->uri, CRM_STORE_SCHEMA_VERSION, &error)) == NULL ||
      !crm_db_pg_listen (CRM_DB_PG (r->listener), "showroom", &error) ||
      (r->main_broken && (r->main = crm_db_pg_open (r->uri, CRM_STORE_SCHEMA_VERSION, &error)) == NULL))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_reconnected_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  CrmStore *self = CRM_STORE (source);
  Reconnect *r = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (g_task_had_error (G_TASK (result)) && g_cancellable_is_cancelled (self->reconnecting))
    return;
  g_clear_object (&self->reconnecting);

  if (!g_task_propagate_boolean (G_TASK (result), &error) ||
      !listen_to_server (self, r->listener, &error))
    {
      if (r->first)
        g_message ("Changes by other desktops will show once the server answers: %s", error->message);
      else
        g_debug ("Still no connection to the server: %s", error->message);
      retry_later (self);
      return;
    }
  /* Listening from the start: nothing was missed that the views read */
  if (r->first)
    return;

  /* The store's own connection again, the worker threads' reader anew */
  /* Never under a transaction of the store's own (one left open by the
   * broken connection is gone with it) */
  if (self->depth > 0)
    {
      g_clear_object (&self->listener);
      g_clear_handle_id (&self->listener_watch, g_source_remove);
      retry_later (self);
      return;
    }
  if (r->main != NULL)
    {
      crm_db_pg_take_connection (CRM_DB_PG (self->db), CRM_DB_PG (r->main));
      self->long_lock_wait = FALSE;   /* a new session: the usual limit */
    }
  g_mutex_lock (&self->reader_lock);
  g_clear_object (&self->reader);
  g_mutex_unlock (&self->reader_lock);
  crm_store_drop_workers (self);

  self->listen_retry_seconds = 0;
  set_offline (self, FALSE);
  /* Whatever was committed while nobody listened */
  hear_everything (self);
}

static gboolean
listen_again_cb (gpointer user_data)
{
  CrmStore *self = user_data;
  g_autoptr(GTask) task = NULL;
  Reconnect *r;

  self->listen_retry_source = 0;
  if (self->reconnecting != NULL)
    return G_SOURCE_REMOVE;

  r = g_new0 (Reconnect, 1);
  r->uri = g_strdup (self->path);
  /* The store's connection may look whole until its next statement
   * fails: when the listener's broke, it is made anew too */
  r->main_broken = TRUE;
  self->reconnecting = g_cancellable_new ();
  task = g_task_new (self, self->reconnecting, on_reconnected_cb, NULL);
  g_task_set_task_data (task, r, reconnect_free);
  g_task_run_in_thread (task, reconnect_thread);
  return G_SOURCE_REMOVE;
}

/**
 * crm_store_is_listening:
 *
 * Returns: whether commits by others are followed now: on a file once
 *   crm_store_watch_others() was called, on a server once its listening
 *   connection (opened in a worker thread) is up
 */
gboolean
crm_store_is_listening (CrmStore *self)
{
  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);
  return self->monitors[0] != NULL || self->listener != NULL;
}

gboolean
crm_store_is_online (CrmStore *self)
{
  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);
  return !self->offline;
}

/**
 * crm_store_reconnect:
 *
 * Tries to reach the server now rather than at the next retry (the
 * banner's button). Nothing for a file or a store that is online.
 */
void
crm_store_reconnect (CrmStore *self)
{
  g_return_if_fail (CRM_IS_STORE (self));

  if (!self->offline || self->reconnecting != NULL)
    return;
  g_clear_handle_id (&self->listen_retry_source, g_source_remove);
  self->listen_retry_seconds = 0;
  listen_again_cb (self);
}

static gboolean
on_listener_ready_cb (int          fd,
                      GIOCondition condition,
                      gpointer     user_data)
{
  CrmStore *self = user_data;
  g_autoptr(GPtrArray) payloads = NULL;
  GEnumClass *entities = g_type_class_ref (CRM_TYPE_ENTITY);
  int own = crm_db_pg_get_backend_pid (CRM_DB_PG (self->db));
  gboolean ok = TRUE;

  payloads = crm_db_pg_take_notifications (CRM_DB_PG (self->listener), &ok);
  for (guint i = 0; i < payloads->len; i++)
    {
      /* "pid entity:id"; this store's own commits are announced already */
      const char *payload = g_ptr_array_index (payloads, i);
      char *rest = NULL;
      int pid = (int) g_ascii_strtoll (payload, &rest, 10);
      const char *colon = strchr (rest, ':');
      g_autofree char *nick = NULL;
      GEnumValue *value;

      if (pid == own || colon == NULL)
        continue;
      if (g_str_has_prefix (rest + 1, "busy:"))
        {
          crm_store_hear_busy (self, rest + 1);
          continue;
        }
      nick = g_strndup (rest + 1, colon - rest - 1);
      value = g_enum_get_value_by_nick (entities, nick);
      if (value != NULL)
        hear (self, value->value, g_ascii_strtoll (colon + 1, NULL, 10));
    }
  g_type_class_unref (entities);

  if (ok)
    return G_SOURCE_CONTINUE;

  /* This watch ends here (G_SOURCE_REMOVE), not through its id */
  self->listener_watch = 0;
  connection_lost (self);
  return G_SOURCE_REMOVE;
}

/* One connection per store that only listens: the main connection runs
 * statements synchronously, so it cannot wait on its socket. @listener:
 * one opened already (in a worker thread), or %NULL to open it here. */
static gboolean
listen_to_server (CrmStore  *self,
                  CrmDb     *opened,
                  GError   **error)
{
  g_autoptr(CrmDb) listener = opened ? g_object_ref (opened)
                                     : crm_db_pg_open (self->path, CRM_STORE_SCHEMA_VERSION, error);

  /* One opened in a worker thread listens already */
  if (listener == NULL || (opened == NULL && !crm_db_pg_listen (CRM_DB_PG (listener), "showroom", error)))
    return FALSE;
  self->listener = g_steal_pointer (&listener);
  self->listener_watch = g_unix_fd_add (crm_db_pg_get_socket (CRM_DB_PG (self->listener)),
                                        G_IO_IN | G_IO_HUP | G_IO_ERR, on_listener_ready_cb, self);
  return TRUE;
}

/**
 * crm_store_watch_others:
 *
 * Follows what other processes commit to the same file (the command-line
 * importer, a second window's process, a reminders service): a
 * #GFileMonitor on the database and its write-ahead log wakes a look at
 * SQLite's data version (no polling timer), and when another connection
 * has committed, "changed" is emitted for every kind of row with id 0,
 * within a second. For the store a window shows; a worker's store does not
 * need it.
 */
void
crm_store_watch_others (CrmStore *self)
{
  g_autofree char *wal = NULL;
  g_autofree char *busy = NULL;
  const char *paths[3];

  g_return_if_fail (CRM_IS_STORE (self));

  if (self->monitors[0] != NULL || self->listener != NULL || self->listen_retry_source != 0 ||
      self->reconnecting != NULL || self->path == NULL)
    return;

  /* On a server: NOTIFY, sent at commit by the schema's triggers, heard
   * on a connection of its own, opened in a worker thread (a connection
   * is several round trips the window need not wait for) */
  if (CRM_IS_DB_PG (self->db))
    {
      g_autoptr(GTask) task = NULL;
      Reconnect *r = g_new0 (Reconnect, 1);

      r->uri = g_strdup (self->path);
      r->first = TRUE;
      self->reconnecting = g_cancellable_new ();
      task = g_task_new (self, self->reconnecting, on_reconnected_cb, NULL);
      g_task_set_task_data (task, r, reconnect_free);
      g_task_run_in_thread (task, reconnect_thread);
      return;
    }

  wal = g_strconcat (self->path, "-wal", NULL);
  busy = g_strconcat (self->path, "-busy", NULL);
  paths[0] = self->path;
  paths[1] = wal;
  paths[2] = busy;
  {
    g_autofree char *host = crm_store_read_busy_file (self);

    crm_store_set_busy_elsewhere (self, host);
  }
  self->data_version = crm_db_get_data_version (self->db);
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(GFile) file = g_file_new_for_path (paths[i]);
      g_autoptr(GError) error = NULL;

      self->monitors[i] = g_file_monitor_file (file, G_FILE_MONITOR_NONE, NULL, &error);
      if (self->monitors[i] == NULL)
        {
          g_message ("Changes by other programs will not show: %s", error->message);
          continue;
        }
      /* Well below GIO's 800 ms: a commit elsewhere shows within a second */
      g_file_monitor_set_rate_limit (self->monitors[i], 100);
      g_signal_connect (self->monitors[i], "changed", G_CALLBACK (on_file_changed_cb), self);
    }
}

/**
 * crm_store_set_damaged:
 *
 * A check found the file damaged: from now on the store refuses every
 * write (crm_store_begin() says why), so nothing more is written to it.
 */
void
crm_store_set_damaged (CrmStore *self)
{
  g_return_if_fail (CRM_IS_STORE (self));

  self->damaged = TRUE;
  crm_db_set_query_only (self->db, TRUE);
}

gboolean
crm_store_is_damaged (CrmStore *self)
{
  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);
  return self->damaged;
}

static gboolean
copy_raw (const char  *from,
          const char  *to,
          GError     **error)
{
  g_autoptr(GFile) source = g_file_new_for_path (from);
  g_autoptr(GFile) target = g_file_new_for_path (to);

  return g_file_copy (source, target, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, error);
}

/* The file as it is, and the -wal beside it that may hold its last
 * transactions: for a file SQLite cannot read whole */
static gboolean
keep_aside_raw (const char  *path,
                const char  *aside,
                GError     **error)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *aside_wal = g_strconcat (aside, "-wal", NULL);

  if (!copy_raw (path, aside, error))
    return FALSE;
  if (g_file_test (wal, G_FILE_TEST_EXISTS) && !copy_raw (wal, aside_wal, error))
    return FALSE;
  return TRUE;
}

static void
unlink_with_journals (const char *path)
{
  static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      g_unlink (file);
    }
}

static gboolean
rename_file (const char  *from,
             const char  *to,
             GError     **error)
{
  if (g_rename (from, to) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, CRM_ERROR, CRM_ERROR_FAILED,
                   _("Could not move “%s” to “%s”: %s"), from, to, g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}

/* A working copy of the backup beside the target, upgraded to this
 * version's schema if it is older: the backup itself is only read */
static gboolean
stage_backup (const char  *backup,
              int          version,
              const char  *stage,
              GError     **error)
{
  g_autoptr(CrmDb) source = NULL;

  unlink_with_journals (stage);
  source = crm_db_sqlite_open_read_only (backup, CRM_STORE_SCHEMA_VERSION, error);
  if (source == NULL || !crm_db_copy_to (source, stage, error))
    return FALSE;

  if (version < CRM_STORE_SCHEMA_VERSION)
    {
      g_autoptr(CrmStore) upgraded = crm_store_open (stage, NULL, error);

      if (upgraded == NULL)
        return FALSE;
      if (upgraded->backup_path != NULL)
        g_unlink (upgraded->backup_path);
    }
  return TRUE;
}

/**
 * crm_store_restore_file:
 * @path: the showroom database to replace; it may be in use, damaged,
 *   or no database at all
 * @backup: the backup to put in its place; only read
 * @aside_path: (out) (optional) (transfer full): where the file that was
 *   at @path is kept (%NULL when there was none)
 * @error: why nothing was replaced
 *
 * Checks @backup whole (crm_store_check_file(), full) and only then keeps
 * the current file aside (@path.before-restore-DATE) and puts the backup
 * in place, upgraded to this version if it is older. A file SQLite can
 * write is replaced in place in one transaction, which other connections
 * (this program's, another desktop's) see whole; a file it cannot read
 * (not a database, cut off) is moved aside whole and the backup takes its
 * name. On any failure before the replacement the file at @path is
 * untouched. Takes seconds: call it from a worker thread.
 *
 * Returns: %TRUE when @path holds the backup
 */
gboolean
crm_store_restore_file (const char  *path,
                        const char  *backup,
                        char       **aside_path,
                        GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *stage = g_strconcat (path, ".restoring", NULL);
  g_autofree char *aside = g_strdup_printf ("%s.before-restore-%s", path, stamp);
  g_autoptr(CrmDb) target = NULL;
  int version = 0;
  gboolean ok;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (backup != NULL, FALSE);

  if (!crm_store_check_file (backup, CRM_STORE_CHECK_FULL, &version, &local_error))
    {
      g_set_error (error, CRM_ERROR, local_error->code,
                   _("This backup cannot be restored. %s Nothing was changed."), local_error->message);
      return FALSE;
    }

  if (!stage_backup (backup, version, stage, error))
    {
      unlink_with_journals (stage);
      return FALSE;
    }

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_clear_pointer (&aside, g_free);
      ok = rename_file (stage, path, error);
    }
  else if ((target = crm_db_sqlite_open (path, G_MAXINT, DEFAULT_BUSY_TIMEOUT_MS, NULL)) != NULL &&
           crm_db_get_schema_version (target) >= 0)
    {
      /* Readable enough to take a consistent copy, or else kept byte for byte */
      if (!crm_db_copy_to (target, aside, NULL) && !keep_aside_raw (path, aside, error))
        ok = FALSE;
      else
        ok = crm_db_restore_from (target, stage, error) &&
             crm_db_check (target, CRM_DB_CHECK_QUICK, error);
    }
  else
    {
      g_autofree char *wal = g_strconcat (path, "-wal", NULL);
      g_autofree char *aside_wal = g_strconcat (aside, "-wal", NULL);
      g_autofree char *shm = g_strconcat (path, "-shm", NULL);

      g_clear_object (&target);
      ok = rename_file (path, aside, error) &&
           (!g_file_test (wal, G_FILE_TEST_EXISTS) || rename_file (wal, aside_wal, error));
      if (ok)
        {
          g_unlink (shm);
          ok = rename_file (stage, path, error);
        }
    }

  g_clear_object (&target);
  unlink_with_journals (stage);
  if (ok && aside_path != NULL)
    *aside_path = g_steal_pointer (&aside);
  return ok;
}

/* ------------------------------------------------------------------ */
/* The showroom's time zone                                            */

/* One showroom, one clock: opening hours, cadence dates, "today" and
 * month boundaries are counted in the showroom's zone, a rule in the
 * meta table shared by every desktop, never in the desktop's own zone.
 * A missing row means the default, so neither backend needs a migration.
 *
 * The zone is kept on the store (object data, so it goes with it) and
 * read again after a change of the showroom's rules has been announced:
 * an emission hook on "changed" marks it stale before any handler runs,
 * so a handler that re-plans on CRM_ENTITY_SHOWROOM already sees the new
 * zone, whether this program, another process or another desktop wrote
 * it. A zone once handed out stays alive as long as the store, so the
 * pointer crm_store_get_time_zone() returns cannot go away under a caller
 * whose own writes announce a change. */

#define TIME_ZONE_KEY "showroom.time-zone"

typedef struct
{
  GMutex     lock;
  gboolean   stale;
  GTimeZone *zone;
  GPtrArray *retired;   /* GTimeZone, replaced by a newer rule */
} TimeZoneCache;

static GQuark
time_zone_quark (void)
{
  return g_quark_from_static_string ("crm-store-time-zone");
}

static void
time_zone_cache_free (gpointer data)
{
  TimeZoneCache *cache = data;

  g_clear_pointer (&cache->zone, g_time_zone_unref);
  g_clear_pointer (&cache->retired, g_ptr_array_unref);
  g_mutex_clear (&cache->lock);
  g_free (cache);
}

static gboolean
time_zone_changed_hook (GSignalInvocationHint *hint,
                        guint                  n_values,
                        const GValue          *values,
                        gpointer               user_data)
{
  GObject *instance = g_value_get_object (&values[0]);
  TimeZoneCache *cache;

  if (n_values < 2 || g_value_get_enum (&values[1]) != CRM_ENTITY_SHOWROOM || !CRM_IS_STORE (instance))
    return TRUE;
  if ((cache = g_object_get_qdata (instance, time_zone_quark ())) != NULL)
    {
      g_mutex_lock (&cache->lock);
      cache->stale = TRUE;
      g_mutex_unlock (&cache->lock);
    }
  return TRUE;
}

static TimeZoneCache *
time_zone_cache (CrmStore *self)
{
  static gsize hooked;
  G_LOCK_DEFINE_STATIC (create);
  TimeZoneCache *cache;

  if (g_once_init_enter (&hooked))
    {
      g_signal_add_emission_hook (signals[CHANGED], 0, time_zone_changed_hook, NULL, NULL);
      g_once_init_leave (&hooked, 1);
    }

  G_LOCK (create);
  if ((cache = g_object_get_qdata (G_OBJECT (self), time_zone_quark ())) == NULL)
    {
      cache = g_new0 (TimeZoneCache, 1);
      g_mutex_init (&cache->lock);
      cache->stale = TRUE;
      cache->retired = g_ptr_array_new_with_free_func ((GDestroyNotify) g_time_zone_unref);
      g_object_set_qdata_full (G_OBJECT (self), time_zone_quark (), cache, time_zone_cache_free);
    }
  G_UNLOCK (create);
  return cache;
}

/* The default zone, even where the system has no tzdata: China keeps
 * UTC+8 all year */
static GTimeZone *
default_time_zone (void)
{
  GTimeZone *zone = g_time_zone_new_identifier (CRM_STORE_DEFAULT_TIME_ZONE);

  return zone != NULL ? zone : g_time_zone_new_offset (8 * 60 * 60);
}

/**
 * crm_store_get_time_zone:
 *
 * The showroom's time zone: the rule in the database, or
 * %CRM_STORE_DEFAULT_TIME_ZONE when none was set (or it names a zone this
 * system does not know). Read again after the rule changes.
 *
 * Returns: (transfer none): the zone, valid as long as the store
 */
GTimeZone *
crm_store_get_time_zone (CrmStore *self)
{
  TimeZoneCache *cache;
  GTimeZone *zone;

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);

  cache = time_zone_cache (self);
  g_mutex_lock (&cache->lock);
  if (cache->stale || cache->zone == NULL)
    {
      g_autofree char *rule = crm_store_dup_meta (self, TIME_ZONE_KEY);
      GTimeZone *fresh = NULL;

      if (rule != NULL && *rule != '\0' && (fresh = g_time_zone_new_identifier (rule)) == NULL)
        g_debug ("Unknown showroom time zone “%s”: using %s", rule, CRM_STORE_DEFAULT_TIME_ZONE);
      if (fresh == NULL)
        fresh = default_time_zone ();

      if (cache->zone != NULL &&
          g_strcmp0 (g_time_zone_get_identifier (cache->zone), g_time_zone_get_identifier (fresh)) == 0)
        g_time_zone_unref (fresh);
      else
        {
          if (cache->zone != NULL)
            g_ptr_array_add (cache->retired, cache->zone);
          cache->zone = fresh;
        }
      cache->stale = FALSE;
    }
  zone = cache->zone;
  g_mutex_unlock (&cache->lock);
  return zone;
}

/**
 * crm_store_dup_time_zone_rule:
 *
 * Returns: (transfer full) (nullable): the zone's identifier as the
 *   showroom's rule names it ("Asia/Shanghai"), or %NULL when the rule was
 *   never set (the default applies)
 */
char *
crm_store_dup_time_zone_rule (CrmStore *self)
{
  g_return_val_if_fail (CRM_IS_STORE (self), NULL);
  return crm_store_dup_meta (self, TIME_ZONE_KEY);
}

/**
 * crm_store_set_time_zone:
 * @identifier: (nullable): a tz database name such as "Asia/Shanghai";
 *   %NULL goes back to the default
 *
 * Sets the showroom's time zone in one write transaction; "changed" for
 * %CRM_ENTITY_SHOWROOM follows the commit.
 *
 * Returns: %TRUE when the rule was stored; else %FALSE with @error set
 *   (#CRM_ERROR_INVALID_INPUT: this system knows no such zone)
 */
gboolean
crm_store_set_time_zone (CrmStore    *self,
                         const char  *identifier,
                         GError     **error)
{
  TimeZoneCache *cache;
  gboolean ok;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);

  if (identifier != NULL)
    {
      g_autoptr(GTimeZone) zone = *identifier ? g_time_zone_new_identifier (identifier) : NULL;

      if (zone == NULL)
        {
          g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                       _("“%s” is not a time zone this computer knows."), identifier);
          return FALSE;
        }
    }

  if (!crm_store_begin (self, error))
    return FALSE;
  ok = crm_store_finish_write (self, set_meta_in_transaction (self, TIME_ZONE_KEY, identifier, error), error);

  /* Read again at once, not only after the announcement */
  cache = time_zone_cache (self);
  g_mutex_lock (&cache->lock);
  cache->stale = TRUE;
  g_mutex_unlock (&cache->lock);
  return ok;
}
