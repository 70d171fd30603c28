/* crm-followup-list.c: follow-ups to do in a time range, as a GListModel
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Holds the ids of the open follow-ups of one person (or everyone) planned
 * in [from, to) and makes a CrmActivity only when a row asks for it (kept
 * in a small cache until the next refresh). Follows the store: a change to
 * follow-ups re-runs the query once, from an idle callback.
 *
 * On a server (crm_store_reads_in_background()) the query runs in a worker
 * thread and reads the rows' follow-ups and their customers with it, 32 to
 * a statement: the rows are made from what was read, with no round trip
 * on the main thread (crm_followup_list_get_customer()).
 */
#define G_LOG_DOMAIN "crm-followup-list"

#include "config.h"

#include "crm-followup-list.h"

#define CACHE_SIZE 256

struct _CrmFollowupList
{
  GObject     parent_instance;

  CrmStore   *store;
  gint64      staff_id;
  gint64      from;
  gint64      to;
  guint       limit;
  GArray     *ids;
  guint       total;
  GHashTable *cache;   /* id → CrmActivity */
  guint       refresh_id;
  gulong      changed_id;

  /* Reading in a worker thread */
  GHashTable   *customers;    /* id → CrmCustomer, of the rows read */
  GCancellable *cancellable;
  guint         reading : 1;
  guint         read_again : 1;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CrmFollowupList, crm_followup_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
crm_followup_list_get_item_type (GListModel *model)
{
  return CRM_TYPE_ACTIVITY;
}

static guint
crm_followup_list_get_n_items (GListModel *model)
{
  return CRM_FOLLOWUP_LIST (model)->ids->len;
}

static gpointer
crm_followup_list_get_item (GListModel *model,
                            guint       position)
{
  CrmFollowupList *self = CRM_FOLLOWUP_LIST (model);
  CrmActivity *activity;
  gint64 id;

  if (position >= self->ids->len)
    return NULL;

  id = g_array_index (self->ids, gint64, position);
  activity = g_hash_table_lookup (self->cache, &id);
  if (activity == NULL)
    {
      gint64 *key;

      activity = crm_followup_store_get (crm_store_get_followup_store (self->store), id, NULL);
      if (activity == NULL)
        {
          /* Gone since the query ran; a refresh is on its way */
          activity = crm_activity_new ();
          crm_activity_set_id (activity, id);
        }
      if (g_hash_table_size (self->cache) >= CACHE_SIZE)
        g_hash_table_remove_all (self->cache);
      key = g_new (gint64, 1);
      *key = id;
      g_hash_table_insert (self->cache, key, activity);
    }
  return g_object_ref (activity);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = crm_followup_list_get_item_type;
  iface->get_n_items = crm_followup_list_get_n_items;
  iface->get_item = crm_followup_list_get_item;
}

static gboolean
refresh_idle_cb (gpointer user_data)
{
  CrmFollowupList *self = user_data;

  self->refresh_id = 0;
  crm_followup_list_refresh (self);
  return G_SOURCE_REMOVE;
}

static void
on_store_changed_cb (CrmStore        *store,
                     CrmEntity        entity,
                     gint64           id,
                     CrmFollowupList *self)
{
  if (entity != CRM_ENTITY_ACTIVITY && entity != CRM_ENTITY_CUSTOMER)
    return;
  if (self->refresh_id == 0)
    self->refresh_id = g_idle_add (refresh_idle_cb, self);
}

static void
crm_followup_list_dispose (GObject *object)
{
  CrmFollowupList *self = CRM_FOLLOWUP_LIST (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->store != NULL)
    g_clear_signal_handler (&self->changed_id, self->store);
  g_clear_object (&self->store);
  g_hash_table_remove_all (self->cache);
  g_hash_table_remove_all (self->customers);

  G_OBJECT_CLASS (crm_followup_list_parent_class)->dispose (object);
}

static void
crm_followup_list_finalize (GObject *object)
{
  CrmFollowupList *self = CRM_FOLLOWUP_LIST (object);

  g_clear_pointer (&self->ids, g_array_unref);
  g_clear_pointer (&self->cache, g_hash_table_unref);
  g_clear_pointer (&self->customers, g_hash_table_unref);

  G_OBJECT_CLASS (crm_followup_list_parent_class)->finalize (object);
}

static void
crm_followup_list_class_init (CrmFollowupListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = crm_followup_list_dispose;
  object_class->finalize = crm_followup_list_finalize;
}

static void
crm_followup_list_init (CrmFollowupList *self)
{
  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->cache = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  self->customers = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  self->staff_id = -1;
  self->from = G_MININT64;
  self->to = G_MININT64;
}

/**
 * crm_followup_list_new:
 *
 * Returns: (transfer full): an empty list; give it a range
 */
CrmFollowupList *
crm_followup_list_new (CrmStore *store)
{
  CrmFollowupList *self;

  g_return_val_if_fail (CRM_IS_STORE (store), NULL);

  self = g_object_new (CRM_TYPE_FOLLOWUP_LIST, NULL);
  self->store = g_object_ref (store);
  self->changed_id = g_signal_connect (store, "changed", G_CALLBACK (on_store_changed_cb), self);
  return self;
}

/**
 * crm_followup_list_set_range:
 * @staff_id: whose follow-ups, -1 for everyone's
 * @limit: at most this many rows (0 = all); crm_followup_list_get_total()
 *   still counts them all
 */
void
crm_followup_list_set_range (CrmFollowupList *self,
                             gint64           staff_id,
                             gint64           from,
                             gint64           to,
                             guint            limit)
{
  g_return_if_fail (CRM_IS_FOLLOWUP_LIST (self));

  self->staff_id = staff_id;
  self->from = from;
  self->to = to;
  self->limit = limit;
  crm_followup_list_refresh (self);
}

typedef struct
{
  gint64     staff_id;
  gint64     from;
  gint64     to;
  guint      limit;
  GArray    *ids;
  guint      total;
  GPtrArray *activities;
  GPtrArray *customers;
} ReadJob;

static void
read_job_free (gpointer data)
{
  ReadJob *job = data;

  g_clear_pointer (&job->ids, g_array_unref);
  g_clear_pointer (&job->activities, g_ptr_array_unref);
  g_clear_pointer (&job->customers, g_ptr_array_unref);
  g_free (job);
}

/* In a worker thread: the ids, the count, and every row's follow-up and
 * customer, 32 to a statement */
static gpointer
read_thread (CrmStore      *worker,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  ReadJob *job = data;
  CrmFollowupStore *followups = crm_store_get_followup_store (worker);
  g_autoptr(GArray) customer_ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  job->ids = crm_followup_store_query_open_ids (followups, job->staff_id, job->from, job->to, job->limit, error);
  if (job->ids == NULL)
    return NULL;
  job->total = job->ids->len;
  if (job->limit > 0 && job->ids->len >= job->limit)
    job->total = crm_followup_store_count_open (followups, job->staff_id, job->from, job->to);

  job->activities = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < job->ids->len; i += 32)
    {
      g_autoptr(GPtrArray) some = crm_followup_store_get_many (followups, &g_array_index (job->ids, gint64, i),
                                                               MIN (job->ids->len - i, 32), error);
      if (some == NULL)
        return NULL;
      g_ptr_array_extend_and_steal (job->activities, g_steal_pointer (&some));
    }
  for (guint i = 0; i < job->activities->len; i++)
    {
      gint64 id = crm_activity_get_customer_id (g_ptr_array_index (job->activities, i));

      g_array_append_val (customer_ids, id);
    }
  job->customers = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < customer_ids->len; i += 32)
    {
      g_autoptr(GPtrArray) some = crm_customer_store_get_many (crm_store_get_customer_store (worker),
                                                               &g_array_index (customer_ids, gint64, i),
                                                               MIN (customer_ids->len - i, 32));
      g_ptr_array_extend_and_steal (job->customers, g_steal_pointer (&some));
    }
  return job;
}

static void start_read (CrmFollowupList *self);

static void
install (CrmFollowupList *self,
         GArray          *ids,
         guint            total)
{
  guint removed = self->ids->len;

  self->total = total;
  g_array_unref (self->ids);
  self->ids = ids;
  g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, self->ids->len);
}

static void
on_read_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(CrmFollowupList) self = user_data;
  g_autoptr(GError) error = NULL;
  ReadJob *job = crm_store_read_get_data (result);

  if (crm_store_read_finish (CRM_STORE (source), result, &error) == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_message ("Could not list follow-ups: %s", error->message);
          self->reading = FALSE;
        }
      return;
    }
  self->reading = FALSE;
  if (self->store == NULL)
    return;
  /* Asked again meanwhile (another range, a change): that answer counts */
  if (self->read_again)
    {
      start_read (self);
      return;
    }

  g_hash_table_remove_all (self->cache);
  g_hash_table_remove_all (self->customers);
  for (guint i = 0; i < job->activities->len; i++)
    {
      CrmActivity *activity = g_ptr_array_index (job->activities, i);

      g_hash_table_insert (self->cache, g_memdup2 (&(gint64) { crm_activity_get_id (activity) }, sizeof (gint64)),
                           g_object_ref (activity));
    }
  for (guint i = 0; i < job->customers->len; i++)
    {
      CrmCustomer *customer = g_ptr_array_index (job->customers, i);

      g_hash_table_insert (self->customers, g_memdup2 (&(gint64) { crm_customer_get_id (customer) }, sizeof (gint64)),
                           g_object_ref (customer));
    }
  install (self, g_steal_pointer (&job->ids), job->total);
}

static void
start_read (CrmFollowupList *self)
{
  ReadJob *job;

  self->read_again = self->reading;
  if (self->reading)
    return;
  self->reading = TRUE;
  job = g_new0 (ReadJob, 1);
  job->staff_id = self->staff_id;
  job->from = self->from;
  job->to = self->to;
  job->limit = self->limit;
  if (self->cancellable == NULL)
    self->cancellable = g_cancellable_new ();
  crm_store_read_async (self->store, read_thread, job, read_job_free, NULL, self->cancellable, on_read_cb,
                        g_object_ref (self));
}

/**
 * crm_followup_list_get_customer:
 *
 * Returns: (transfer none) (nullable): the customer of a row, as read with
 *   the rows in the background (on a server); %NULL when not read so
 */
CrmCustomer *
crm_followup_list_get_customer (CrmFollowupList *self,
                                gint64           customer_id)
{
  g_return_val_if_fail (CRM_IS_FOLLOWUP_LIST (self), NULL);
  return g_hash_table_lookup (self->customers, &customer_id);
}

/**
 * crm_followup_list_is_reading:
 *
 * Returns: whether a read in a worker thread is under way
 */
gboolean
crm_followup_list_is_reading (CrmFollowupList *self)
{
  g_return_val_if_fail (CRM_IS_FOLLOWUP_LIST (self), FALSE);
  return self->reading || self->refresh_id != 0;
}

void
crm_followup_list_refresh (CrmFollowupList *self)
{
  g_autoptr(GArray) ids = NULL;
  guint removed;

  g_return_if_fail (CRM_IS_FOLLOWUP_LIST (self));

  if (crm_store_reads_in_background (self->store))
    {
      start_read (self);
      return;
    }

  ids = crm_followup_store_query_open_ids (crm_store_get_followup_store (self->store), self->staff_id, self->from, self->to,
                                           self->limit, NULL);
  if (ids == NULL)
    ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->total = ids->len;
  if (self->limit > 0 && ids->len >= self->limit)
    self->total = crm_followup_store_count_open (crm_store_get_followup_store (self->store), self->staff_id, self->from, self->to);

  removed = self->ids->len;
  g_hash_table_remove_all (self->cache);
  g_array_unref (self->ids);
  self->ids = g_steal_pointer (&ids);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, self->ids->len);
}

/**
 * crm_followup_list_get_total:
 *
 * Returns: how many follow-ups are in the range, beyond the limit too
 */
guint
crm_followup_list_get_total (CrmFollowupList *self)
{
  g_return_val_if_fail (CRM_IS_FOLLOWUP_LIST (self), 0);
  return self->total;
}
