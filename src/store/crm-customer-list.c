/* crm-customer-list.c: the customers matching a query, as a GListModel
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Holds only the ids the query returned (8 bytes a customer) and creates a
 * CrmCustomer when a row asks for it, keeping the few hundred most recently
 * used. The query runs in a worker thread; when its answer lands the list
 * reports only the range that differs, so a view keeps its scroll position
 * and selection when one customer changes.
 *
 * On a server (crm_store_reads_in_background()) the rows are read in a
 * worker thread too: a row asked for is handed out at once as an empty
 * customer with its id, and filled in place when its batch is read (the
 * view's cells follow the customer's notifications); a customer changed
 * elsewhere is read again into the object its row shows.
 */
#define G_LOG_DOMAIN "crm-customer-list"

#include "config.h"

#include "crm-customer-list.h"
#include "crm-model-enum-types.h"
#include "crm-store-enum-types.h"

#define CACHE_SIZE 384
/* Rows handed over before the whole list is read: as many as a window
 * 1,400 px tall shows, and few enough that GTK builds them quickly */
#define FIRST_PAGE 40

struct _CrmCustomerList
{
  GObject           parent_instance;

  CrmStore         *store;
  gulong            changed_id;
  CrmCustomerQuery  query;

  GArray           *ids;          /* gint64, in the order shown */
  GHashTable       *cache;        /* id → CrmCustomer */
  GQueue            cache_order;  /* ids, most recent at head */
  GHashTable       *dirty;        /* ids changed since the last refresh */
  gboolean          dirty_all;

  GCancellable     *cancellable;
  guint             refresh_source;
  GArray           *pending_ids;     /* the whole list, after a first page */
  guint             pending_source;
  guint             loading : 1;
  guint             search_prepared : 1;
  guint             first_page_shown : 1;

  /* Rows read in the background (on a server) */
  GHashTable       *waiting;      /* id → CrmCustomer to fill */
  GHashTable       *wanted;       /* ids to read, not asked for yet */
  guint             fetch_source;
  GCancellable     *fetch_cancellable;
  guint             fetching : 1;
};

enum {
  PROP_0,
  PROP_STORE,
  PROP_SEARCH,
  PROP_GRADE,
  PROP_CHANNEL,
  PROP_OWNER_ID,
  PROP_SORT,
  PROP_DESCENDING,
  PROP_LOADING,
  PROP_N_ITEMS,
  N_PROPS
};

enum {
  REFRESHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void list_model_iface_init (GListModelInterface *iface);
static void want_row (CrmCustomerList *self, gint64 id, CrmCustomer *customer);

G_DEFINE_FINAL_TYPE_WITH_CODE (CrmCustomerList, crm_customer_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static void
cache_clear (CrmCustomerList *self)
{
  g_hash_table_remove_all (self->cache);
  while (!g_queue_is_empty (&self->cache_order))
    g_free (g_queue_pop_head (&self->cache_order));
}

static void
cache_drop (CrmCustomerList *self,
            gint64           id)
{
  if (g_hash_table_remove (self->cache, &id))
    {
      for (GList *l = self->cache_order.head; l; l = l->next)
        if (*(gint64 *) l->data == id)
          {
            g_free (l->data);
            g_queue_delete_link (&self->cache_order, l);
            break;
          }
    }
}

static void
cache_add (CrmCustomerList *self,
           gint64           id,
           CrmCustomer     *customer)
{
  gint64 *key = g_new (gint64, 1);

  *key = id;
  g_hash_table_insert (self->cache, key, g_object_ref (customer));
  g_queue_push_head (&self->cache_order, g_memdup2 (key, sizeof *key));

  while (g_queue_get_length (&self->cache_order) > CACHE_SIZE)
    {
      g_autofree gint64 *old = g_queue_pop_tail (&self->cache_order);
      g_hash_table_remove (self->cache, old);
    }
}

/* GListModel */

static GType
get_item_type (GListModel *model)
{
  return CRM_TYPE_CUSTOMER;
}

static guint
get_n_items (GListModel *model)
{
  return CRM_CUSTOMER_LIST (model)->ids->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  CrmCustomerList *self = CRM_CUSTOMER_LIST (model);
  g_autoptr(GError) error = NULL;
  CrmCustomer *customer;
  gint64 id;

  if (position >= self->ids->len)
    return NULL;

  id = g_array_index (self->ids, gint64, position);
  customer = g_hash_table_lookup (self->cache, &id);
  if (customer != NULL)
    return g_object_ref (customer);

  if (crm_store_reads_in_background (self->store))
    {
      customer = crm_customer_new ();
      crm_customer_set_id (customer, id);
      cache_add (self, id, customer);
      want_row (self, id, customer);
      return customer;
    }

  /* The rows a view asks for next come with this one: one statement for
   * a screenful (a round trip each would cost on a server) */
  {
    gint64 batch[32];
    guint n = 0;
    g_autoptr(GPtrArray) read = NULL;

    for (guint p = position; p < self->ids->len && n < G_N_ELEMENTS (batch); p++)
      {
        gint64 next = g_array_index (self->ids, gint64, p);

        if (p == position || g_hash_table_lookup (self->cache, &next) == NULL)
          batch[n++] = next;
      }
    read = crm_customer_store_get_many (crm_store_get_customer_store (self->store), batch, n);
    for (guint i = 0; i < read->len; i++)
      {
        CrmCustomer *c = g_ptr_array_index (read, i);

        cache_add (self, crm_customer_get_id (c), c);
      }
    customer = g_hash_table_lookup (self->cache, &id);
    if (customer != NULL)
      return g_object_ref (customer);
  }

  customer = crm_customer_store_get (crm_store_get_customer_store (self->store), id, &error);
  if (customer == NULL)
    {
      /* Deleted since the last refresh; the refresh on its way removes
       * the row. An empty placeholder keeps the model's promise. */
      customer = crm_customer_new ();
      crm_customer_set_id (customer, id);
      return customer;
    }

  cache_add (self, id, customer);
  return customer;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

/* Reading rows in the background */

typedef struct
{
  GArray    *ids;
  GPtrArray *read;
} FetchJob;

static void
fetch_job_free (gpointer data)
{
  FetchJob *job = data;

  g_clear_pointer (&job->ids, g_array_unref);
  g_clear_pointer (&job->read, g_ptr_array_unref);
  g_free (job);
}

/* In a worker thread */
static gpointer
fetch_thread (CrmStore      *worker,
              gpointer       data,
              GCancellable  *cancellable,
              GError       **error)
{
  FetchJob *job = data;
  CrmCustomerStore *customers = crm_store_get_customer_store (worker);

  job->read = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < job->ids->len; i += 32)
    {
      g_autoptr(GPtrArray) some = crm_customer_store_get_many (customers, &g_array_index (job->ids, gint64, i),
                                                               MIN (job->ids->len - i, 32));
      g_ptr_array_extend_and_steal (job->read, g_steal_pointer (&some));
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
    }
  return job;
}

static gboolean start_fetch_cb (gpointer user_data);

static void
on_fetched_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(CrmCustomerList) self = user_data;
  g_autoptr(GError) error = NULL;
  FetchJob *job = crm_store_read_get_data (result);

  if (crm_store_read_finish (CRM_STORE (source), result, &error) == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_message ("Could not read customers: %s", error->message);
      if (self->store != NULL)
        self->fetching = FALSE;
      return;
    }
  if (self->store == NULL)
    return;
  self->fetching = FALSE;

  for (guint i = 0; i < job->read->len; i++)
    {
      CrmCustomer *read = g_ptr_array_index (job->read, i);
      gint64 id = crm_customer_get_id (read);
      CrmCustomer *shown = g_hash_table_lookup (self->waiting, &id);

      if (shown != NULL)
        crm_customer_assign (shown, read);
    }
  /* Those not read are gone: the refresh on its way takes their rows */
  for (guint i = 0; i < job->ids->len; i++)
    if (!g_hash_table_contains (self->wanted, &g_array_index (job->ids, gint64, i)))
      g_hash_table_remove (self->waiting, &g_array_index (job->ids, gint64, i));

  if (g_hash_table_size (self->wanted) > 0 && self->fetch_source == 0)
    self->fetch_source = g_idle_add (start_fetch_cb, self);
}

/* One batch at a time, made of every row asked for meanwhile */
static gboolean
start_fetch_cb (gpointer user_data)
{
  CrmCustomerList *self = user_data;
  GHashTableIter iter;
  gpointer key;
  FetchJob *job;

  self->fetch_source = 0;
  if (self->fetching || g_hash_table_size (self->wanted) == 0)
    return G_SOURCE_REMOVE;

  job = g_new0 (FetchJob, 1);
  job->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_hash_table_iter_init (&iter, self->wanted);
  while (job->ids->len < 128 && g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_array_append_val (job->ids, *(gint64 *) key);
      g_hash_table_iter_remove (&iter);
    }
  self->fetching = TRUE;
  if (self->fetch_cancellable == NULL)
    self->fetch_cancellable = g_cancellable_new ();
  crm_store_read_async (self->store, fetch_thread, job, fetch_job_free, NULL,
                        self->fetch_cancellable, on_fetched_cb, g_object_ref (self));
  return G_SOURCE_REMOVE;
}

/* @customer, the object a row shows, is to be (re)read as @id is now */
static void
want_row (CrmCustomerList *self,
          gint64           id,
          CrmCustomer     *customer)
{
  g_hash_table_insert (self->waiting, g_memdup2 (&id, sizeof id), g_object_ref (customer));
  g_hash_table_add (self->wanted, g_memdup2 (&id, sizeof id));
  if (self->fetch_source == 0 && !self->fetching)
    self->fetch_source = g_idle_add (start_fetch_cb, self);
}

/**
 * crm_customer_list_is_reading_rows:
 *
 * Returns: whether rows asked for are still being read (in the
 *   background, on a server)
 */
gboolean
crm_customer_list_is_reading_rows (CrmCustomerList *self)
{
  g_return_val_if_fail (CRM_IS_CUSTOMER_LIST (self), FALSE);
  return self->fetching || self->fetch_source != 0 || g_hash_table_size (self->wanted) > 0;
}

/* Refreshing */

static void
apply_ids (CrmCustomerList *self,
           GArray          *new_ids)
{
  g_autoptr(GArray) old_ids = self->ids;
  guint old_len = old_ids->len;
  guint new_len = new_ids->len;
  guint prefix = 0;
  guint suffix = 0;
  guint removed, added;

  self->ids = g_array_ref (new_ids);

  while (prefix < old_len && prefix < new_len &&
         g_array_index (old_ids, gint64, prefix) == g_array_index (new_ids, gint64, prefix))
    prefix++;

  while (suffix < old_len - prefix && suffix < new_len - prefix &&
         g_array_index (old_ids, gint64, old_len - 1 - suffix) ==
         g_array_index (new_ids, gint64, new_len - 1 - suffix))
    suffix++;

  removed = old_len - prefix - suffix;
  added = new_len - prefix - suffix;

  if (self->dirty_all)
    {
      cache_clear (self);
      if (old_len > 0 || new_len > 0)
        g_list_model_items_changed (G_LIST_MODEL (self), 0, old_len, new_len);
    }
  else
    {
      GHashTableIter iter;
      gpointer key;

      g_hash_table_iter_init (&iter, self->dirty);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        {
          CrmCustomer *shown;

          /* In the background the row's own object is read again: its
           * cells follow, and nothing blank shows meanwhile */
          if (crm_store_reads_in_background (self->store) &&
              (shown = g_hash_table_lookup (self->cache, key)) != NULL)
            {
              want_row (self, *(gint64 *) key, shown);
              g_hash_table_iter_remove (&iter);
            }
          else
            cache_drop (self, *(gint64 *) key);
        }

      if (removed > 0 || added > 0)
        g_list_model_items_changed (G_LIST_MODEL (self), prefix, removed, added);

      /* Rows that stayed where they were but whose data changed */
      if (g_hash_table_size (self->dirty) > 0)
        {
          for (guint i = 0; i < new_len; i++)
            {
              if (i == prefix)
                {
                  i += added;
                  if (i >= new_len)
                    break;
                }
              if (g_hash_table_contains (self->dirty, &g_array_index (new_ids, gint64, i)))
                g_list_model_items_changed (G_LIST_MODEL (self), i, 1, 1);
            }
        }
    }

  g_hash_table_remove_all (self->dirty);
  self->dirty_all = FALSE;

  if (old_len != new_len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static void
set_loading (CrmCustomerList *self,
             gboolean         loading)
{
  if (self->loading != !!loading)
    {
      self->loading = !!loading;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
    }
}

static void
finish_refresh (CrmCustomerList *self,
                GArray          *ids)
{
  apply_ids (self, ids);
  set_loading (self, FALSE);
  g_signal_emit (self, signals[REFRESHED], 0);

  /* The rows are in: now build the search index off the main thread, so
   * the first word typed does not pay for it */
  if (!self->search_prepared)
    {
      self->search_prepared = TRUE;
      crm_customer_store_prepare_search_async (crm_store_get_customer_store (self->store), NULL, NULL, NULL);
    }
}

static gboolean
apply_pending_cb (gpointer user_data)
{
  CrmCustomerList *self = user_data;
  g_autoptr(GArray) ids = g_steal_pointer (&self->pending_ids);

  self->pending_source = 0;
  finish_refresh (self, ids);
  return G_SOURCE_REMOVE;
}

static void
query_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(CrmCustomerList) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;

  ids = crm_customer_store_query_ids_finish (crm_store_get_customer_store (CRM_STORE (object)), result, &error);
  if (ids == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_warning ("Could not list customers: %s", error->message);
          set_loading (self, FALSE);
        }
      return;
    }

  g_clear_object (&self->cancellable);
  /* After a first page, the whole list waits until the main loop is idle:
   * the first rows are drawn before the list grows */
  if (self->first_page_shown)
    {
      self->first_page_shown = FALSE;
      g_clear_pointer (&self->pending_ids, g_array_unref);
      self->pending_ids = g_steal_pointer (&ids);
      self->pending_source = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, apply_pending_cb, self, NULL);
      return;
    }
  finish_refresh (self, ids);
}

/* The first rows of a long list while the rest is still being read: shown
 * only in a list that shows nothing yet (the first load); the whole list
 * then extends it (query_cb), and "refreshed" and the end of "loading"
 * wait for that. */
static void
first_page_cb (GArray   *ids,
               gpointer  user_data)
{
  CrmCustomerList *self = user_data;

  if (self->ids->len > 0 || ids->len == 0)
    return;

  g_array_unref (self->ids);
  self->ids = g_array_ref (ids);
  self->first_page_shown = TRUE;
  g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, ids->len);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static gboolean
refresh_cb (gpointer user_data)
{
  CrmCustomerList *self = user_data;

  self->refresh_source = 0;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  /* a whole list still waiting behind its first page is superseded */
  g_clear_handle_id (&self->pending_source, g_source_remove);
  g_clear_pointer (&self->pending_ids, g_array_unref);
  self->first_page_shown = FALSE;

  set_loading (self, TRUE);
  crm_customer_store_query_ids_paged_async (crm_store_get_customer_store (self->store), &self->query,
                                            self->ids->len == 0 ? FIRST_PAGE : 0,
                                            first_page_cb, g_object_ref (self), g_object_unref,
                                            self->cancellable, query_cb, g_object_ref (self));
  return G_SOURCE_REMOVE;
}

static void
queue_refresh (CrmCustomerList *self)
{
  if (self->refresh_source == 0)
    self->refresh_source = g_idle_add_full (G_PRIORITY_DEFAULT, refresh_cb, self, NULL);
}

static void
on_store_changed_cb (CrmCustomerList *self,
                     CrmEntity        entity,
                     gint64           id,
                     CrmStore        *store)
{
  switch (entity)
    {
    case CRM_ENTITY_CUSTOMER:
      if (id == 0)
        self->dirty_all = TRUE;
      else
        {
          gint64 *key = g_new (gint64, 1);
          *key = id;
          g_hash_table_add (self->dirty, key);
        }
      queue_refresh (self);
      break;

    case CRM_ENTITY_STAFF:
    case CRM_ENTITY_VEHICLE_MODEL:
      /* Names shown in every row may have changed */
      self->dirty_all = TRUE;
      queue_refresh (self);
      break;

    case CRM_ENTITY_SHOWROOM:
    case CRM_ENTITY_DEAL:
    case CRM_ENTITY_ACTIVITY:
    default:
      /* Activities reach the list through the customer's summary,
       * which the store announces as a customer change. */
      break;
    }
}

/* GObject */

static void
crm_customer_list_dispose (GObject *object)
{
  CrmCustomerList *self = (CrmCustomerList *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  g_clear_handle_id (&self->pending_source, g_source_remove);
  g_clear_pointer (&self->pending_ids, g_array_unref);
  g_clear_handle_id (&self->fetch_source, g_source_remove);
  if (self->fetch_cancellable != NULL)
    g_cancellable_cancel (self->fetch_cancellable);
  g_clear_object (&self->fetch_cancellable);
  if (self->store != NULL)
    g_clear_signal_handler (&self->changed_id, self->store);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (crm_customer_list_parent_class)->dispose (object);
}

static void
crm_customer_list_finalize (GObject *object)
{
  CrmCustomerList *self = (CrmCustomerList *) object;

  cache_clear (self);
  g_clear_pointer (&self->cache, g_hash_table_unref);
  g_clear_pointer (&self->dirty, g_hash_table_unref);
  g_clear_pointer (&self->waiting, g_hash_table_unref);
  g_clear_pointer (&self->wanted, g_hash_table_unref);
  g_clear_pointer (&self->ids, g_array_unref);
  crm_customer_query_clear (&self->query);

  G_OBJECT_CLASS (crm_customer_list_parent_class)->finalize (object);
}

static void
crm_customer_list_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  CrmCustomerList *self = CRM_CUSTOMER_LIST (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_SEARCH:
      g_value_set_string (value, self->query.search);
      break;
    case PROP_GRADE:
      g_value_set_int (value, self->query.grade);
      break;
    case PROP_CHANNEL:
      g_value_set_int (value, self->query.channel);
      break;
    case PROP_OWNER_ID:
      g_value_set_int64 (value, self->query.owner_id);
      break;
    case PROP_SORT:
      g_value_set_enum (value, self->query.sort);
      break;
    case PROP_DESCENDING:
      g_value_set_boolean (value, self->query.descending);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->ids->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_customer_list_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  CrmCustomerList *self = CRM_CUSTOMER_LIST (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      self->changed_id = g_signal_connect_object (self->store, "changed",
                                                  G_CALLBACK (on_store_changed_cb),
                                                  self, G_CONNECT_SWAPPED);
      queue_refresh (self);
      break;
    case PROP_SEARCH:
      crm_customer_list_set_search (self, g_value_get_string (value));
      break;
    case PROP_GRADE:
      crm_customer_list_set_grade (self, g_value_get_int (value));
      break;
    case PROP_CHANNEL:
      crm_customer_list_set_channel (self, g_value_get_int (value));
      break;
    case PROP_OWNER_ID:
      crm_customer_list_set_owner_id (self, g_value_get_int64 (value));
      break;
    case PROP_SORT:
      crm_customer_list_set_sort (self, g_value_get_enum (value), self->query.descending);
      break;
    case PROP_DESCENDING:
      crm_customer_list_set_sort (self, self->query.sort, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_customer_list_class_init (CrmCustomerListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = crm_customer_list_dispose;
  object_class->finalize = crm_customer_list_finalize;
  object_class->get_property = crm_customer_list_get_property;
  object_class->set_property = crm_customer_list_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, CRM_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEARCH] =
    g_param_spec_string ("search", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_GRADE] =
    g_param_spec_int ("grade", NULL, NULL, -1, CRM_N_GRADES - 1, -1,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CHANNEL] =
    g_param_spec_int ("channel", NULL, NULL, -1, CRM_N_CHANNELS - 1, -1,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_OWNER_ID] =
    g_param_spec_int64 ("owner-id", NULL, NULL, -1, G_MAXINT64, -1,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SORT] =
    g_param_spec_enum ("sort", NULL, NULL, CRM_TYPE_CUSTOMER_SORT, CRM_CUSTOMER_SORT_NAME,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DESCENDING] =
    g_param_spec_boolean ("descending", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CrmCustomerList::refreshed:
   *
   * Emitted when the answer of a query has been applied.
   */
  signals[REFRESHED] =
    g_signal_new ("refreshed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
crm_customer_list_init (CrmCustomerList *self)
{
  crm_customer_query_init (&self->query);
  self->query.rank = TRUE;   /* name order, the default: a search ranks */
  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->cache = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  self->dirty = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->waiting = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  self->wanted = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_queue_init (&self->cache_order);
}

/* Public API */

/**
 * crm_customer_list_new:
 *
 * Returns: (transfer full): every customer, by name; it fills itself from
 *   a worker thread (see #CrmCustomerList::refreshed)
 */
CrmCustomerList *
crm_customer_list_new (CrmStore *store)
{
  g_return_val_if_fail (CRM_IS_STORE (store), NULL);
  return g_object_new (CRM_TYPE_CUSTOMER_LIST, "store", store, NULL);
}

CrmStore *
crm_customer_list_get_store (CrmCustomerList *self)
{
  g_return_val_if_fail (CRM_IS_CUSTOMER_LIST (self), NULL);
  return self->store;
}

const char *
crm_customer_list_get_search (CrmCustomerList *self)
{
  g_return_val_if_fail (CRM_IS_CUSTOMER_LIST (self), NULL);
  return self->query.search;
}

void
crm_customer_list_set_search (CrmCustomerList *self,
                              const char      *search)
{
  g_return_if_fail (CRM_IS_CUSTOMER_LIST (self));

  if (search != NULL && search[0] == '\0')
    search = NULL;

  if (g_strcmp0 (self->query.search, search) == 0)
    return;

  g_free (self->query.search);
  self->query.search = g_strdup (search);
  queue_refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH]);
}

int
crm_customer_list_get_grade (CrmCustomerList *self)
{
  g_return_val_if_fail (CRM_IS_CUSTOMER_LIST (self), -1);
  return self->query.grade;
}

void
crm_customer_list_set_grade (CrmCustomerList *self,
                             int              grade)
{
  g_return_if_fail (CRM_IS_CUSTOMER_LIST (self));
  g_return_if_fail (grade >= -1 && grade < CRM_N_GRADES);

  if (self->query.grade == grade)
    return;

  self->query.grade = grade;
  queue_refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GRADE]);
}

int
crm_customer_list_get_channel (CrmCustomerList *self)
{
  g_return_val_if_fail (CRM_IS_CUSTOMER_LIST (self), -1);
  return self->query.channel;
}

void
crm_customer_list_set_channel (CrmCustomerList *self,
                               int              channel)
{
  g_return_if_fail (CRM_IS_CUSTOMER_LIST (self));
  g_return_if_fail (channel >= -1 && channel < CRM_N_CHANNELS);

  if (self->query.channel == channel)
    return;

  self->query.channel = channel;
  queue_refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHANNEL]);
}

gint64
crm_customer_list_get_owner_id (CrmCustomerList *self)
{
  g_return_val_if_fail (CRM_IS_CUSTOMER_LIST (self), -1);
  return self->query.owner_id;
}

/**
 * crm_customer_list_set_owner_id:
 * @owner_id: -1 for everyone's customers, 0 for those without an owner
 */
void
crm_customer_list_set_owner_id (CrmCustomerList *self,
                                gint64           owner_id)
{
  g_return_if_fail (CRM_IS_CUSTOMER_LIST (self));

  if (owner_id < -1)
    owner_id = -1;
  if (self->query.owner_id == owner_id)
    return;

  self->query.owner_id = owner_id;
  queue_refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OWNER_ID]);
}

CrmCustomerSort
crm_customer_list_get_sort (CrmCustomerList *self)
{
  g_return_val_if_fail (CRM_IS_CUSTOMER_LIST (self), CRM_CUSTOMER_SORT_NAME);
  return self->query.sort;
}

gboolean
crm_customer_list_get_descending (CrmCustomerList *self)
{
  g_return_val_if_fail (CRM_IS_CUSTOMER_LIST (self), FALSE);
  return self->query.descending;
}

void
crm_customer_list_set_sort (CrmCustomerList *self,
                            CrmCustomerSort  sort,
                            gboolean         descending)
{
  g_return_if_fail (CRM_IS_CUSTOMER_LIST (self));
  g_return_if_fail ((guint) sort < CRM_N_CUSTOMER_SORTS);

  descending = !!descending;
  if (self->query.sort == sort && self->query.descending == descending)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  /* The default order ranks a search: the best matches first */
  self->query.rank = sort == CRM_CUSTOMER_SORT_NAME && !descending;
  if (self->query.sort != sort)
    {
      self->query.sort = sort;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SORT]);
    }
  if (self->query.descending != descending)
    {
      self->query.descending = descending;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESCENDING]);
    }
  queue_refresh (self);
  g_object_thaw_notify (G_OBJECT (self));
}

gboolean
crm_customer_list_get_loading (CrmCustomerList *self)
{
  g_return_val_if_fail (CRM_IS_CUSTOMER_LIST (self), FALSE);
  return self->loading || self->refresh_source != 0;
}

/**
 * crm_customer_list_refresh_sync:
 *
 * Runs the query now on the calling thread (tests, benchmarks, the
 * command line) and applies it as an asynchronous refresh would.
 */
gboolean
crm_customer_list_refresh_sync (CrmCustomerList  *self,
                                GError          **error)
{
  g_autoptr(GArray) ids = NULL;

  g_return_val_if_fail (CRM_IS_CUSTOMER_LIST (self), FALSE);

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  ids = crm_customer_store_query_ids (crm_store_get_customer_store (self->store), &self->query, NULL, error);
  if (ids == NULL)
    return FALSE;

  apply_ids (self, ids);
  set_loading (self, FALSE);
  g_signal_emit (self, signals[REFRESHED], 0);
  return TRUE;
}

/**
 * crm_customer_list_find:
 *
 * Returns: the position of the customer, or %GTK_INVALID_LIST_POSITION
 *   (G_MAXUINT) when the list does not hold it
 */
guint
crm_customer_list_find (CrmCustomerList *self,
                        gint64           customer_id)
{
  g_return_val_if_fail (CRM_IS_CUSTOMER_LIST (self), G_MAXUINT);

  for (guint i = 0; i < self->ids->len; i++)
    if (g_array_index (self->ids, gint64, i) == customer_id)
      return i;
  return G_MAXUINT;
}

/* For tests: how many item objects are alive in the cache */
guint
crm_customer_list_get_n_cached (CrmCustomerList *self)
{
  g_return_val_if_fail (CRM_IS_CUSTOMER_LIST (self), 0);
  return g_hash_table_size (self->cache);
}
