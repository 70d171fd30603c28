/* crm-deal-list.c: the deals of one board column (or the archive) as a GListModel
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reads its deals a page at a time, in the column's order (longest in
 * their stage first): the count and the guide prices in all come from one
 * aggregate query, the cards from the first "limit" deals, grown by the
 * view as the person scrolls. On 1,000,000 customers a board column has
 * tens of thousands of deals and the archive most of the showroom's: the
 * board reads a few dozen rows per column instead. GTK 4.8's list view
 * makes up to 200 rows at once, so the model also shows only "limit".
 *
 * The deals read so far (a prefix of the column's order) are kept with
 * their guide price and entry time. A change to one deal is applied in
 * place — found by binary search on the entry time, removed or inserted —
 * so a move shows in both columns without re-reading them; where the list
 * cannot tell whether a deal it has not read was one of its own, it counts
 * again (one query on a covering index) once the main loop is idle.
 *
 * With search words the list reads all its matching deals at once (the
 * search index answers per customer, not in SQL).
 */
#define G_LOG_DOMAIN "crm-deal-list"

#include "config.h"

#include "crm-deal-list.h"

#define CACHE_SIZE 256

struct _CrmDealList
{
  GObject       parent_instance;

  CrmStore     *store;
  CrmDealQuery  query;
  GArray       *ids;       /* gint64, the deals read so far, in order */
  GArray       *prices;    /* gint64 guide price of each */
  GArray       *entered;   /* gint64 stage_entered_at of each */
  guint         count;     /* how many match in all */
  gint64        total;
  gboolean      all_read;  /* ids holds every match (search words) */
  guint         limit;     /* how many of the ids the model may show */
  guint         n_shown;   /* how many it shows, as last announced */
  GHashTable   *cache;     /* id → CrmDeal */
  guint         refresh_source;
  guint         recount_source;
};

enum {
  PROP_0,
  PROP_N_ITEMS,
  PROP_COUNT,
  PROP_TOTAL_VALUE,
  N_PROPS
};

#define DEFAULT_LIMIT 20

static GParamSpec *properties[N_PROPS];

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CrmDealList, crm_deal_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
get_item_type (GListModel *model)
{
  return CRM_TYPE_DEAL;
}

static guint
visible (CrmDealList *self)
{
  return MIN (self->ids->len, self->limit);
}

/* Whether the deals read are all there are */
static gboolean
complete (CrmDealList *self)
{
  return self->all_read || self->ids->len >= self->count;
}

static guint
get_n_items (GListModel *model)
{
  return CRM_DEAL_LIST (model)->n_shown;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  CrmDealList *self = CRM_DEAL_LIST (model);
  CrmDeal *deal;
  gint64 id;

  if (position >= self->n_shown)
    return NULL;

  id = g_array_index (self->ids, gint64, position);
  deal = g_hash_table_lookup (self->cache, &id);
  if (deal != NULL)
    return g_object_ref (deal);

  deal = crm_deal_store_get (crm_store_get_deal_store (self->store), id, NULL);
  if (deal == NULL)
    {
      deal = crm_deal_new ();
      crm_deal_set_id (deal, id);
      return deal;
    }

  /* The cards on screen are a few dozen; a full cache just starts over */
  if (g_hash_table_size (self->cache) >= CACHE_SIZE)
    g_hash_table_remove_all (self->cache);
  g_hash_table_insert (self->cache, g_memdup2 (&id, sizeof id), g_object_ref (deal));
  return deal;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
set_total (CrmDealList *self,
           gint64       total)
{
  if (self->total != total)
    {
      self->total = total;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL_VALUE]);
    }
}

static void
set_count (CrmDealList *self,
           guint        count)
{
  if (self->count != count)
    {
      self->count = count;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNT]);
    }
}

static guint
find (CrmDealList *self,
      gint64       id)
{
  for (guint i = 0; i < self->ids->len; i++)
    if (g_array_index (self->ids, gint64, i) == id)
      return i;
  return G_MAXUINT;
}

/* Where a deal entered at @entered with @id goes: oldest first, then id */
static guint
insertion_point (CrmDealList *self,
                 gint64       entered,
                 gint64       id)
{
  guint lo = 0, hi = self->ids->len;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;
      gint64 e = g_array_index (self->entered, gint64, mid);
      gint64 i = g_array_index (self->ids, gint64, mid);

      if (e < entered || (e == entered && i < id))
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* Reads the next @n deals after those read so far */
static gboolean
read_more (CrmDealList  *self,
           guint         n,
           GError      **error)
{
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GArray) prices = NULL;
  g_autoptr(GArray) entered = NULL;
  guint len = self->ids->len;

  ids = crm_deal_store_query_page (crm_store_get_deal_store (self->store), &self->query,
                                   len > 0 ? g_array_index (self->entered, gint64, len - 1) : G_MININT64,
                                   len > 0 ? g_array_index (self->ids, gint64, len - 1) : 0,
                                   n, &prices, &entered, error);
  if (ids == NULL)
    return FALSE;

  g_array_append_vals (self->ids, ids->data, ids->len);
  g_array_append_vals (self->prices, prices->data, prices->len);
  g_array_append_vals (self->entered, entered->data, entered->len);
  return TRUE;
}

/* Reads on until the model's window is full (or the deals run out) */
static void
fill_window (CrmDealList *self)
{
  g_autoptr(GError) error = NULL;
  guint want = MIN (self->limit, self->count);

  if (self->all_read || self->ids->len >= want)
    return;
  if (!read_more (self, want - self->ids->len, &error))
    g_warning ("Could not list deals: %s", error->message);
}

/* Announces what the model shows now: the deals read, up to the limit.
 * Every change is announced as it is made, one deal at a time, so that
 * the model is consistent at each signal and a view rebuilds only the
 * cards that changed. */
static void
sync_shown (CrmDealList *self)
{
  guint target = visible (self);
  guint old = self->n_shown;

  if (target == old)
    return;
  self->n_shown = target;
  if (target > old)
    g_list_model_items_changed (G_LIST_MODEL (self), old, 0, target - old);
  else
    g_list_model_items_changed (G_LIST_MODEL (self), target, old - target, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

/* The deal at @position has left the arrays */
static void
shown_removed (CrmDealList *self,
               guint        position)
{
  if (position < self->n_shown)
    {
      self->n_shown--;
      g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
    }
}

/* A deal has entered the arrays at @position */
static void
shown_inserted (CrmDealList *self,
                guint        position)
{
  if (position < self->n_shown || (position == self->n_shown && self->n_shown < self->limit))
    {
      self->n_shown++;
      g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
    }
}

/**
 * crm_deal_list_refresh:
 *
 * Runs the query again and reports what changed.
 */
gboolean
crm_deal_list_refresh (CrmDealList  *self,
                       GError      **error)
{
  CrmDealStore *deals = crm_store_get_deal_store (self->store);
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GArray) prices = NULL;
  g_autoptr(GArray) entered = NULL;
  guint old_shown = self->n_shown;
  gboolean all_read = self->query.search != NULL && self->query.search[0] != '\0';
  guint count = 0;
  gint64 total = 0;

  g_return_val_if_fail (CRM_IS_DEAL_LIST (self), FALSE);

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  g_clear_handle_id (&self->recount_source, g_source_remove);

  if (all_read)
    {
      ids = crm_deal_store_query_ids (deals, &self->query, &prices, &entered, error);
      if (ids == NULL)
        return FALSE;
      count = ids->len;
      for (guint i = 0; i < prices->len; i++)
        total += g_array_index (prices, gint64, i);
    }
  else
    {
      if (!crm_deal_store_query_totals (deals, &self->query, &count, &total, error))
        return FALSE;
      ids = crm_deal_store_query_page (deals, &self->query, G_MININT64, 0, MIN (self->limit, count),
                                       &prices, &entered, error);
      if (ids == NULL)
        return FALSE;
    }

  g_array_unref (self->ids);
  g_array_unref (self->prices);
  g_array_unref (self->entered);
  self->ids = g_steal_pointer (&ids);
  self->prices = g_steal_pointer (&prices);
  self->entered = g_steal_pointer (&entered);
  self->all_read = all_read;
  g_hash_table_remove_all (self->cache);

  self->n_shown = visible (self);
  if (old_shown > 0 || self->n_shown > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_shown, self->n_shown);
  if (old_shown != self->n_shown)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  set_count (self, count);
  set_total (self, total);
  return TRUE;
}

static gboolean
refresh_cb (gpointer user_data)
{
  CrmDealList *self = user_data;
  g_autoptr(GError) error = NULL;

  self->refresh_source = 0;
  if (!crm_deal_list_refresh (self, &error))
    g_warning ("Could not list deals: %s", error->message);
  return G_SOURCE_REMOVE;
}

static void
queue_refresh (CrmDealList *self)
{
  if (self->refresh_source == 0)
    self->refresh_source = g_idle_add (refresh_cb, self);
}

/* The count and the total again, for changes the list could not account
 * for by itself */
static gboolean
recount_cb (gpointer user_data)
{
  CrmDealList *self = user_data;
  g_autoptr(GError) error = NULL;
  guint count;
  gint64 total;

  self->recount_source = 0;
  if (!crm_deal_store_query_totals (crm_store_get_deal_store (self->store), &self->query,
                                    &count, &total, &error))
    {
      g_warning ("Could not count deals: %s", error->message);
      return G_SOURCE_REMOVE;
    }
  set_count (self, count);
  set_total (self, total);
  fill_window (self);
  sync_shown (self);
  return G_SOURCE_REMOVE;
}

static void
queue_recount (CrmDealList *self)
{
  if (self->recount_source == 0 && self->refresh_source == 0)
    self->recount_source = g_idle_add (recount_cb, self);
}

/* One deal changed: take it out, put it in, or show it anew */
static void
update_deal (CrmDealList *self,
             gint64       id)
{
  g_autoptr(CrmDeal) deal = crm_deal_store_get (crm_store_get_deal_store (self->store), id, NULL);
  guint position = find (self, id);
  gboolean matches = deal != NULL && crm_deal_store_matches (crm_store_get_deal_store (self->store), deal, &self->query);
  gboolean was_complete = complete (self);

  if (position != G_MAXUINT)
    {
      gint64 price = g_array_index (self->prices, gint64, position);

      if (matches && crm_deal_get_stage_entered_at (deal) == g_array_index (self->entered, gint64, position))
        {
          gint64 new_price = crm_deal_get_guide_price (deal);

          g_hash_table_insert (self->cache, g_memdup2 (&id, sizeof id), g_object_ref (deal));
          g_array_index (self->prices, gint64, position) = new_price;
          set_total (self, self->total - price + new_price);
          if (position < self->n_shown)
            g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 1);
          return;
        }

      g_hash_table_remove (self->cache, &id);
      g_array_remove_index (self->ids, position);
      g_array_remove_index (self->prices, position);
      g_array_remove_index (self->entered, position);
      self->count--;
      self->total -= price;
      shown_removed (self, position);
    }

  if (matches)
    {
      gint64 entered = crm_deal_get_stage_entered_at (deal);
      guint at = insertion_point (self, entered, id);
      gint64 price = crm_deal_get_guide_price (deal);

      /* Past the deals read it is read with the next page, unless
       * they were all there are */
      if (at < self->ids->len || was_complete)
        {
          g_array_insert_val (self->ids, at, id);
          g_array_insert_val (self->prices, at, price);
          g_array_insert_val (self->entered, at, entered);
          g_hash_table_insert (self->cache, g_memdup2 (&id, sizeof id), g_object_ref (deal));
          shown_inserted (self, at);
        }
      if (position != G_MAXUINT || was_complete)
        {
          self->count++;
          self->total += price;
        }
    }

  /* A deal the list had not read may have been one of its own, or not */
  if (position == G_MAXUINT && !was_complete)
    queue_recount (self);

  fill_window (self);
  sync_shown (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL_VALUE]);
}

static void
on_store_changed_cb (CrmDealList *self,
                     CrmEntity    entity,
                     gint64       id,
                     CrmStore    *store)
{
  gboolean searching = self->all_read;

  switch (entity)
    {
    case CRM_ENTITY_DEAL:
      if (id == 0 || searching)
        queue_refresh (self);
      else if (self->refresh_source == 0)
        update_deal (self, id);
      break;

    case CRM_ENTITY_CUSTOMER:
      /* A customer's name, grade or next follow-up shows on their cards */
      if (id == 0 || searching || self->query.grade >= 0 || self->query.channel >= 0)
        queue_refresh (self);
      else
        {
          GHashTableIter iter;
          gpointer key, value;
          g_autoptr(GArray) stale = g_array_new (FALSE, FALSE, sizeof (gint64));

          g_hash_table_iter_init (&iter, self->cache);
          while (g_hash_table_iter_next (&iter, &key, &value))
            if (crm_deal_get_customer_id (value) == id)
              g_array_append_val (stale, *(gint64 *) key);

          for (guint i = 0; i < stale->len; i++)
            update_deal (self, g_array_index (stale, gint64, i));
        }
      break;

    case CRM_ENTITY_STAFF:
    case CRM_ENTITY_VEHICLE_MODEL:
      queue_refresh (self);
      break;

    case CRM_ENTITY_SHOWROOM:
    case CRM_ENTITY_ACTIVITY:
    default:
      break;
    }
}

static void
crm_deal_list_dispose (GObject *object)
{
  CrmDealList *self = (CrmDealList *) object;

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  g_clear_handle_id (&self->recount_source, g_source_remove);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_func (self->store, on_store_changed_cb, self);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (crm_deal_list_parent_class)->dispose (object);
}

static void
crm_deal_list_finalize (GObject *object)
{
  CrmDealList *self = (CrmDealList *) object;

  g_clear_pointer (&self->ids, g_array_unref);
  g_clear_pointer (&self->prices, g_array_unref);
  g_clear_pointer (&self->entered, g_array_unref);
  g_clear_pointer (&self->cache, g_hash_table_unref);
  crm_deal_query_clear (&self->query);

  G_OBJECT_CLASS (crm_deal_list_parent_class)->finalize (object);
}

static void
crm_deal_list_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  CrmDealList *self = CRM_DEAL_LIST (object);

  switch (prop_id)
    {
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->n_shown);
      break;
    case PROP_COUNT:
      g_value_set_uint (value, self->count);
      break;
    case PROP_TOTAL_VALUE:
      g_value_set_int64 (value, self->total);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_deal_list_class_init (CrmDealListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = crm_deal_list_dispose;
  object_class->finalize = crm_deal_list_finalize;
  object_class->get_property = crm_deal_list_get_property;

  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_COUNT] =
    g_param_spec_uint ("count", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TOTAL_VALUE] =
    g_param_spec_int64 ("total-value", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
crm_deal_list_init (CrmDealList *self)
{
  crm_deal_query_init (&self->query);
  self->limit = DEFAULT_LIMIT;
  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->prices = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->entered = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->cache = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
}

/**
 * crm_deal_list_new:
 * @query: what the list shows (copied)
 *
 * Returns: (transfer full): the list, filled
 */
CrmDealList *
crm_deal_list_new (CrmStore           *store,
                   const CrmDealQuery *query)
{
  CrmDealList *self;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (CRM_IS_STORE (store), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  self = g_object_new (CRM_TYPE_DEAL_LIST, NULL);
  self->store = g_object_ref (store);
  crm_deal_query_copy (query, &self->query);
  g_signal_connect_swapped (store, "changed", G_CALLBACK (on_store_changed_cb), self);

  if (!crm_deal_list_refresh (self, &error))
    g_warning ("Could not list deals: %s", error->message);
  return self;
}

/**
 * crm_deal_list_set_query:
 *
 * Shows another query (new filters); refreshes at once.
 */
void
crm_deal_list_set_query (CrmDealList        *self,
                         const CrmDealQuery *query)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (CRM_IS_DEAL_LIST (self));

  crm_deal_query_clear (&self->query);
  crm_deal_query_copy (query, &self->query);
  if (!crm_deal_list_refresh (self, &error))
    g_warning ("Could not list deals: %s", error->message);
}

gint64
crm_deal_list_get_total_value (CrmDealList *self)
{
  g_return_val_if_fail (CRM_IS_DEAL_LIST (self), 0);
  return self->total;
}

/**
 * crm_deal_list_find:
 *
 * Returns: the position of the deal among all the list's deals (the model
 *   may not show it yet, see crm_deal_list_show_at_least()), or G_MAXUINT
 */
guint
crm_deal_list_find (CrmDealList *self,
                    gint64       deal_id)
{
  CrmDealStore *deals;
  g_autoptr(CrmDeal) deal = NULL;
  gint64 position;

  g_return_val_if_fail (CRM_IS_DEAL_LIST (self), G_MAXUINT);

  position = find (self, deal_id);
  if (position != G_MAXUINT || complete (self))
    return position;

  /* Not read yet: where it stands, if it is one of the list's */
  deals = crm_store_get_deal_store (self->store);
  deal = crm_deal_store_get (deals, deal_id, NULL);
  if (deal == NULL || !crm_deal_store_matches (deals, deal, &self->query))
    return G_MAXUINT;
  position = crm_deal_store_query_position (deals, &self->query,
                                           crm_deal_get_stage_entered_at (deal), deal_id, NULL);
  return position >= 0 ? (guint) position : G_MAXUINT;
}

/* How many deals match, shown or not */
guint
crm_deal_list_get_count (CrmDealList *self)
{
  g_return_val_if_fail (CRM_IS_DEAL_LIST (self), 0);
  return self->count;
}

/**
 * crm_deal_list_show_at_least:
 *
 * Lets the model show @n deals (or all there are): the view asks for more
 * as the person scrolls towards the end.
 */
void
crm_deal_list_show_at_least (CrmDealList *self,
                             guint        n)
{
  g_return_if_fail (CRM_IS_DEAL_LIST (self));

  if (n <= self->limit)
    return;

  self->limit = n;
  fill_window (self);
  sync_shown (self);
}
