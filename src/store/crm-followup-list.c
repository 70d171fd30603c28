/* crm-followup-list.c: follow-ups to do in a time range, as a GListModel
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Holds the ids of the open follow-ups of one person (or everyone) planned
 * in [from, to) and makes a CrmActivity only when a row asks for it (kept
 * in a small cache until the next refresh). Follows the store: a change to
 * follow-ups re-runs the query once, from an idle callback.
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
  if (self->store != NULL)
    g_clear_signal_handler (&self->changed_id, self->store);
  g_clear_object (&self->store);
  g_hash_table_remove_all (self->cache);

  G_OBJECT_CLASS (crm_followup_list_parent_class)->dispose (object);
}

static void
crm_followup_list_finalize (GObject *object)
{
  CrmFollowupList *self = CRM_FOLLOWUP_LIST (object);

  g_clear_pointer (&self->ids, g_array_unref);
  g_clear_pointer (&self->cache, g_hash_table_unref);

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

void
crm_followup_list_refresh (CrmFollowupList *self)
{
  g_autoptr(GArray) ids = NULL;
  guint removed;

  g_return_if_fail (CRM_IS_FOLLOWUP_LIST (self));

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
