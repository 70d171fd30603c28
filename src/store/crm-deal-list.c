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
 *
 * On a server (crm_store_reads_in_background()) every read runs in a
 * worker thread, so the board never waits on the network: a refresh
 * reads the count, the first page and its cards in one job; a page more,
 * a recount and the deals that changed are jobs of their own. Each job
 * carries the list's generation: the answer to a question since replaced
 * (a new filter, a refresh) is dropped. A deal that changes while a
 * refresh is under way asks for another refresh, as the first one may
 * have read before the change.
 */
#define G_LOG_DOMAIN "crm-deal-list"

#include "config.h"

#include "crm-deal-list.h"
#include "crm-error.h"
#include "crm-store-private.h"

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

  /* Reading in worker threads (on a server) */
  gboolean      background;
  GCancellable *cancellable;    /* every job under way */
  guint         generation;     /* bumped when the jobs' answers go stale */
  guint         refreshing : 1; /* a refresh under way */
  guint         refresh_again : 1;
  guint         paging : 1;     /* a page more under way */
  guint         recounting : 1;
  guint         updating : 1;   /* the changed deals being read */
  GHashTable   *stale;          /* ids of deals changed, to read */
};

enum {
  PROP_0,
  PROP_N_ITEMS,
  PROP_COUNT,
  PROP_TOTAL_VALUE,
  PROP_LOADING,
  N_PROPS
};

#define DEFAULT_LIMIT 20

static GParamSpec *properties[N_PROPS];

static void list_model_iface_init (GListModelInterface *iface);
static void mark_stale (CrmDealList *self, gint64 id);
static void start_refresh (CrmDealList *self);
static void start_page (CrmDealList *self);
static void start_recount (CrmDealList *self);
static void apply_deal (CrmDealList *self, gint64 id, CrmDeal *deal);

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

  /* The jobs read each card with its page; one the cache let go of is
   * read again in the background and shown when it comes */
  if (self->background)
    {
      deal = crm_deal_new ();
      crm_deal_set_id (deal, id);
      mark_stale (self, id);
      return deal;
    }

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
  if (self->background)
    {
      start_page (self);
      return;
    }
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

/* A refresh's answer: the deals read, and the column's count and total */
static void
install (CrmDealList *self,
         GArray      *ids,
         GArray      *prices,
         GArray      *entered,
         gboolean     all_read,
         guint        count,
         gint64       total)
{
  guint old_shown = self->n_shown;

  g_array_unref (self->ids);
  g_array_unref (self->prices);
  g_array_unref (self->entered);
  self->ids = ids;
  self->prices = prices;
  self->entered = entered;
  self->all_read = all_read;
  g_hash_table_remove_all (self->cache);

  self->n_shown = visible (self);
  if (old_shown > 0 || self->n_shown > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_shown, self->n_shown);
  if (old_shown != self->n_shown)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  set_count (self, count);
  set_total (self, total);
}

/* The answers of the jobs under way would be stale */
static void
forget_jobs (CrmDealList *self)
{
  g_cancellable_cancel (self->cancellable);
  g_object_unref (self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->generation++;
  self->paging = FALSE;
  self->recounting = FALSE;
  self->updating = FALSE;
  self->refresh_again = FALSE;
  g_hash_table_remove_all (self->stale);
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
  gboolean all_read = self->query.search != NULL && self->query.search[0] != '\0';
  guint count = 0;
  gint64 total = 0;
  gboolean was_loading;

  g_return_val_if_fail (CRM_IS_DEAL_LIST (self), FALSE);

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  g_clear_handle_id (&self->recount_source, g_source_remove);
  was_loading = crm_deal_list_is_loading (self);
  forget_jobs (self);
  self->refreshing = FALSE;
  if (was_loading)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);

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

  install (self, g_steal_pointer (&ids), g_steal_pointer (&prices), g_steal_pointer (&entered),
           all_read, count, total);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Reading in worker threads                                           */

typedef enum
{
  JOB_REFRESH,   /* count, total, first page and its cards */
  JOB_PAGE,      /* the next page and its cards */
  JOB_RECOUNT,   /* count and total */
  JOB_DEALS,     /* these deals as they are now */
} JobKind;

typedef struct
{
  JobKind      kind;
  guint        generation;
  CrmDealQuery query;
  gint64       after_entered;
  gint64       after_id;
  guint        limit;
  GArray      *deal_ids;      /* JOB_DEALS */

  /* The answer */
  guint        count;
  gint64       total;
  GArray      *ids;
  GArray      *prices;
  GArray      *entered;
  GArray      *customers;
  GPtrArray   *deals;
} DealJob;

static void
deal_job_free (gpointer data)
{
  DealJob *job = data;

  crm_deal_query_clear (&job->query);
  g_clear_pointer (&job->deal_ids, g_array_unref);
  g_clear_pointer (&job->ids, g_array_unref);
  g_clear_pointer (&job->prices, g_array_unref);
  g_clear_pointer (&job->entered, g_array_unref);
  g_clear_pointer (&job->customers, g_array_unref);
  g_clear_pointer (&job->deals, g_ptr_array_unref);
  g_free (job);
}

/* @ids' deals, 32 to a statement */
static GPtrArray *
read_deals (CrmDealStore  *deals,
            GArray        *ids,
            GError       **error)
{
  g_autoptr(GPtrArray) read = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < ids->len; i += CRM_DEAL_STORE_MANY)
    {
      g_autoptr(GPtrArray) some = crm_deal_store_get_many (deals, &g_array_index (ids, gint64, i),
                                                           MIN (ids->len - i, CRM_DEAL_STORE_MANY), error);
      if (some == NULL)
        return NULL;
      g_ptr_array_extend_and_steal (read, g_steal_pointer (&some));
    }
  return g_steal_pointer (&read);
}

/* In a worker thread, on a store of its own */
static gpointer
run_job (CrmStore      *worker,
         gpointer       data,
         GCancellable  *cancellable,
         GError       **error)
{
  DealJob *job = data;
  CrmDealStore *deals = crm_store_get_deal_store (worker);
  gboolean all = job->query.search != NULL && job->query.search[0] != '\0';

  switch (job->kind)
    {
    case JOB_REFRESH:
      if (all)
        {
          job->ids = crm_deal_store_query_all (deals, &job->query, &job->prices, &job->entered,
                                               &job->customers, error);
          return job->ids != NULL ? job : NULL;
        }
      if (!crm_deal_store_query_totals (deals, &job->query, &job->count, &job->total, error))
        return NULL;
      job->after_entered = G_MININT64;
      job->after_id = 0;
      job->limit = MIN (job->limit, job->count);
      G_GNUC_FALLTHROUGH;

    case JOB_PAGE:
      job->ids = crm_deal_store_query_page (deals, &job->query, job->after_entered, job->after_id,
                                            job->limit, &job->prices, &job->entered, error);
      if (job->ids == NULL)
        return NULL;
      job->deals = read_deals (deals, job->ids, error);
      return job->deals != NULL ? job : NULL;

    case JOB_RECOUNT:
      return crm_deal_store_query_totals (deals, &job->query, &job->count, &job->total, error) ? job : NULL;

    case JOB_DEALS:
      job->deals = read_deals (deals, job->deal_ids, error);
      return job->deals != NULL ? job : NULL;

    default:
      g_assert_not_reached ();
    }
}

static void on_job_done_cb (GObject *source, GAsyncResult *result, gpointer user_data);

static void
run_in_background (CrmDealList *self,
                   DealJob     *job)
{
  job->generation = self->generation;
  crm_deal_query_copy (&self->query, &job->query);
  /* The job's data is kept by the task: the answer is written into it */
  crm_store_read_async (self->store, run_job, job, deal_job_free, NULL,
                        self->cancellable, on_job_done_cb, g_object_ref (self));
}

static DealJob *
new_job (JobKind kind)
{
  DealJob *job = g_new0 (DealJob, 1);

  job->kind = kind;
  return job;
}

static void
start_refresh (CrmDealList *self)
{
  gboolean was_loading = crm_deal_list_is_loading (self);
  DealJob *job;

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  g_clear_handle_id (&self->recount_source, g_source_remove);
  forget_jobs (self);
  self->refreshing = TRUE;
  job = new_job (JOB_REFRESH);
  job->limit = self->limit;
  run_in_background (self, job);
  if (!was_loading)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
start_page (CrmDealList *self)
{
  guint len = self->ids->len;
  DealJob *job;

  if (self->paging || self->refreshing)
    return;
  self->paging = TRUE;
  job = new_job (JOB_PAGE);
  job->after_entered = len > 0 ? g_array_index (self->entered, gint64, len - 1) : G_MININT64;
  job->after_id = len > 0 ? g_array_index (self->ids, gint64, len - 1) : 0;
  job->limit = MIN (self->limit, self->count) - len;
  run_in_background (self, job);
}

static void
start_recount (CrmDealList *self)
{
  if (self->recounting || self->refreshing)
    return;
  self->recounting = TRUE;
  run_in_background (self, new_job (JOB_RECOUNT));
}

/* The changed deals, read again 32 at a time */
static void
start_update (CrmDealList *self)
{
  GHashTableIter iter;
  gpointer key;
  DealJob *job;

  if (self->updating || self->refreshing || g_hash_table_size (self->stale) == 0)
    return;
  self->updating = TRUE;
  job = new_job (JOB_DEALS);
  job->deal_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_hash_table_iter_init (&iter, self->stale);
  while (job->deal_ids->len < CRM_DEAL_STORE_MANY * 4 && g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_array_append_val (job->deal_ids, *(gint64 *) key);
      g_hash_table_iter_remove (&iter);
    }
  run_in_background (self, job);
}

static void
mark_stale (CrmDealList *self,
            gint64       id)
{
  if (self->refreshing)
    {
      self->refresh_again = TRUE;
      return;
    }
  if (!g_hash_table_contains (self->stale, &id))
    g_hash_table_add (self->stale, g_memdup2 (&id, sizeof id));
  start_update (self);
}

static void
cache_deals (CrmDealList *self,
             GPtrArray   *deals)
{
  for (guint i = 0; i < deals->len; i++)
    {
      CrmDeal *deal = g_ptr_array_index (deals, i);
      gint64 id = crm_deal_get_id (deal);

      g_hash_table_insert (self->cache, g_memdup2 (&id, sizeof id), g_object_ref (deal));
    }
}

static void
job_failed (CrmDealList *self,
            DealJob     *job,
            GError      *error)
{
  /* The server gone: the banner says so, and its return refreshes */
  if (g_error_matches (error, CRM_ERROR, CRM_ERROR_OFFLINE))
    g_debug ("Could not list deals: %s", error->message);
  else
    g_warning ("Could not list deals: %s", error->message);
}

static void
finish_refresh (CrmDealList *self,
                DealJob     *job)
{
  gboolean all_read = job->customers != NULL;
  guint count = job->count;
  gint64 total = job->total;
  g_autoptr(GError) error = NULL;

  if (all_read)
    {
      if (!crm_deal_store_filter_search (crm_store_get_deal_store (self->store), job->query.search,
                                         job->ids, job->prices, job->entered, job->customers, &error))
        {
          job_failed (self, job, error);
          return;
        }
      count = job->ids->len;
      for (guint i = 0; i < job->prices->len; i++)
        total += g_array_index (job->prices, gint64, i);
    }
  install (self, g_steal_pointer (&job->ids), g_steal_pointer (&job->prices),
           g_steal_pointer (&job->entered), all_read, count, total);
  if (job->deals != NULL)
    cache_deals (self, job->deals);
  else
    /* The cards of the deals found, read next */
    for (guint i = 0; i < self->n_shown; i++)
      {
        gint64 id = g_array_index (self->ids, gint64, i);

        if (!g_hash_table_contains (self->stale, &id))
          g_hash_table_add (self->stale, g_memdup2 (&id, sizeof id));
      }
}

static void
finish_page (CrmDealList *self,
             DealJob     *job)
{
  guint len = self->ids->len;

  /* Deals came and went meanwhile: the page follows another one now */
  if ((len > 0 ? g_array_index (self->entered, gint64, len - 1) : G_MININT64) != job->after_entered ||
      (len > 0 ? g_array_index (self->ids, gint64, len - 1) : 0) != job->after_id)
    {
      fill_window (self);
      return;
    }
  g_array_append_vals (self->ids, job->ids->data, job->ids->len);
  g_array_append_vals (self->prices, job->prices->data, job->prices->len);
  g_array_append_vals (self->entered, job->entered->data, job->entered->len);
  cache_deals (self, job->deals);
  sync_shown (self);
}

static void
finish_deals (CrmDealList *self,
              DealJob     *job)
{
  for (guint i = 0; i < job->deal_ids->len; i++)
    {
      gint64 id = g_array_index (job->deal_ids, gint64, i);
      CrmDeal *deal = NULL;

      for (guint j = 0; j < job->deals->len && deal == NULL; j++)
        if (crm_deal_get_id (g_ptr_array_index (job->deals, j)) == id)
          deal = g_ptr_array_index (job->deals, j);
      apply_deal (self, id, deal);
    }
}

static void
on_job_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(CrmDealList) self = user_data;
  g_autoptr(GError) error = NULL;
  DealJob *job = crm_store_read_get_data (result);
  gboolean ok = crm_store_read_finish (CRM_STORE (source), result, &error) != NULL;
  gboolean was_loading = crm_deal_list_is_loading (self);

  /* Closed, or asked again since: the answer is stale */
  if (self->store == NULL || job->generation != self->generation)
    return;

  switch (job->kind)
    {
    case JOB_REFRESH:
      self->refreshing = FALSE;
      break;
    case JOB_PAGE:
      self->paging = FALSE;
      break;
    case JOB_RECOUNT:
      self->recounting = FALSE;
      break;
    case JOB_DEALS:
    default:
      self->updating = FALSE;
      break;
    }

  if (!ok)
    job_failed (self, job, error);
  else
    switch (job->kind)
      {
      case JOB_REFRESH:
        finish_refresh (self, job);
        break;
      case JOB_PAGE:
        finish_page (self, job);
        break;
      case JOB_RECOUNT:
        set_count (self, job->count);
        set_total (self, job->total);
        fill_window (self);
        sync_shown (self);
        break;
      case JOB_DEALS:
      default:
        finish_deals (self, job);
        break;
      }

  if (job->kind == JOB_REFRESH && self->refresh_again)
    start_refresh (self);
  else
    start_update (self);

  if (was_loading != crm_deal_list_is_loading (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static gboolean
refresh_cb (gpointer user_data)
{
  CrmDealList *self = user_data;
  g_autoptr(GError) error = NULL;

  self->refresh_source = 0;
  if (self->background)
    start_refresh (self);
  else if (!crm_deal_list_refresh (self, &error))
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
  if (self->background)
    {
      start_recount (self);
      return G_SOURCE_REMOVE;
    }
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
/* One deal changed: take it out, put it in, or show it anew. @deal is
 * the deal as it is now, %NULL when it is gone. */
static void
apply_deal (CrmDealList *self,
            gint64       id,
            CrmDeal     *deal)
{
  guint position = find (self, id);
  gboolean matches = deal != NULL && crm_deal_store_matches (crm_store_get_deal_store (self->store), deal, &self->query);
  gboolean was_complete = complete (self);

  if (deal != NULL && crm_deal_get_id (deal) != id)
    return;

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

/* One deal changed: read it (now, or in the background) and apply it */
static void
update_deal (CrmDealList *self,
             gint64       id)
{
  g_autoptr(CrmDeal) deal = NULL;

  if (self->background)
    {
      mark_stale (self, id);
      return;
    }
  deal = crm_deal_store_get (crm_store_get_deal_store (self->store), id, NULL);
  apply_deal (self, id, deal);
}

static void
on_store_changed_cb (CrmDealList *self,
                     CrmEntity    entity,
                     gint64       id,
                     CrmStore    *store)
{
  gboolean searching = self->all_read;

  /* A refresh under way may have read before this change */
  if (self->refreshing &&
      (entity == CRM_ENTITY_DEAL || entity == CRM_ENTITY_CUSTOMER ||
       entity == CRM_ENTITY_STAFF || entity == CRM_ENTITY_VEHICLE_MODEL))
    {
      self->refresh_again = TRUE;
      return;
    }
  /* The channel filter reads a customer per deal: a job of its own */
  if (self->background && self->query.channel >= 0)
    searching = TRUE;

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
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
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
  g_clear_pointer (&self->stale, g_hash_table_unref);
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
    case PROP_LOADING:
      g_value_set_boolean (value, crm_deal_list_is_loading (self));
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
  /**
   * CrmDealList:loading:
   *
   * Whether the first answer of a refresh in a worker thread is still to
   * come (the count and the cards are those of before, or none).
   */
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
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
  self->stale = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->cancellable = g_cancellable_new ();
}

/**
 * crm_deal_list_new:
 * @query: what the list shows (copied)
 *
 * Returns: (transfer full): the list, filled (on a server: being filled,
 *   see #CrmDealList:loading)
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
  self->background = crm_store_reads_in_background (store);

  if (self->background)
    start_refresh (self);
  else if (!crm_deal_list_refresh (self, &error))
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
  if (self->background)
    start_refresh (self);
  else if (!crm_deal_list_refresh (self, &error))
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

/**
 * crm_deal_list_is_loading:
 *
 * Returns: whether a refresh in a worker thread is under way: the count
 *   and the cards shown are those of before (or none yet)
 */
gboolean
crm_deal_list_is_loading (CrmDealList *self)
{
  g_return_val_if_fail (CRM_IS_DEAL_LIST (self), FALSE);
  return self->refreshing;
}

/**
 * crm_deal_list_is_reading:
 *
 * Returns: whether any read is under way or waiting (for tests: the list
 *   is settled when this is %FALSE)
 */
gboolean
crm_deal_list_is_reading (CrmDealList *self)
{
  g_return_val_if_fail (CRM_IS_DEAL_LIST (self), FALSE);
  return self->refreshing || self->paging || self->recounting || self->updating ||
         self->refresh_source != 0 || self->recount_source != 0 || g_hash_table_size (self->stale) > 0;
}
