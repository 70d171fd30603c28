/* crm-deal-query.c: CrmDealStore's board queries: a column's page, count and total, a deal's place
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One of the store's domain stores (see crm-store.h); the store's
 * internals are in crm-store-private.h. The list model over these
 * queries is crm-deal-list.c.
 */
#define G_LOG_DOMAIN "crm-deal-store"

#include "config.h"

#include <string.h>

#include "crm-model-enum-types.h"
#include "crm-store-enum-types.h"
#include "crm-search-index.h"
#include "crm-store.h"
#include "crm-store-private.h"

/* A board column is one stage, walked in order on the deal_stage index
 * (no sort); the archive is the closed stages, walked on deal_entered.
 * The other filters bind NULL or -1 when unused and drop out. Cards run
 * oldest in stage first — the deals that stall are the ones to see.
 * The deal's own copies of its customer's channel and liveness (kept by
 * the triggers of schema version 8) spare a customer row per card: only
 * a grade filter looks at the customer. */
#define DEAL_IDS_FILTERS \
  "   AND d.live" \
  "   AND (?3 < 0 OR coalesce(d.owner_id, 0) = ?3)" \
  "   AND (CAST (?4 AS TEXT) IS NULL OR EXISTS (SELECT 1 FROM customer c WHERE c.id = d.customer_id AND c.grade = ?4))" \
  "   AND (CAST (?5 AS TEXT) IS NULL OR d.channel = ?5)" \
  "   AND (?6 = 0 OR d.model_id = ?6)" \
  "   AND (CAST (?7 AS TEXT) IS NULL OR d.lost_reason = ?7)" \
  "   AND (?8 = 0 OR (d.stage = 'lost' AND d.stage_entered_at <= ?8))"

#define STAGE_WHERE " WHERE d.stage = ?1 AND ?2 = ?2" DEAL_IDS_FILTERS
#define ARCHIVE_WHERE \
  " WHERE (CAST (?1 AS TEXT) IS NULL OR d.stage = ?1)" \
  "   AND (?2 = 0 OR d.stage IN ('delivered', 'lost', 'invalid'))" \
  DEAL_IDS_FILTERS

/* One page of a column: the deals after (?9, ?10) in (entry time, id)
 * order, at most ?11 of them */
#define PAGE_SELECT \
  "SELECT d.id, coalesce(m.guide_price, 0), d.stage_entered_at, d.customer_id"
#define PAGE_AFTER \
  "   AND d.stage_entered_at >= ?9 AND (d.stage_entered_at > ?9 OR d.id > ?10)" \
  " ORDER BY d.stage_entered_at, d.id LIMIT ?11"

static const char stage_page_sql[] =
  PAGE_SELECT " FROM deal d INDEXED BY deal_stage LEFT JOIN vehicle_model m ON m.id = d.model_id"
  STAGE_WHERE PAGE_AFTER;

static const char archive_page_sql[] =
  PAGE_SELECT " FROM deal d INDEXED BY deal_entered LEFT JOIN vehicle_model m ON m.id = d.model_id"
  ARCHIVE_WHERE PAGE_AFTER;

/* How many deals a column has and their guide prices in all: counted per
 * model on the covering deal_board index, priced after */
#define TOTALS_SQL(where) \
  "SELECT coalesce(sum(g.n), 0), coalesce(sum(g.n * coalesce(m.guide_price, 0)), 0) FROM" \
  " (SELECT d.model_id AS model_id, count(*) AS n FROM deal d INDEXED BY deal_board" where \
  "  GROUP BY d.model_id) g LEFT JOIN vehicle_model m ON m.id = g.model_id"

static const char stage_totals_sql[] = TOTALS_SQL (STAGE_WHERE);
static const char archive_totals_sql[] = TOTALS_SQL (ARCHIVE_WHERE);

/* How many deals come before (?9, ?10) */
#define BEFORE_SQL(where) \
  "SELECT count(*) FROM deal d INDEXED BY deal_board" where \
  "   AND d.stage_entered_at <= ?9 AND (d.stage_entered_at < ?9 OR d.id < ?10)"

static const char stage_before_sql[] = BEFORE_SQL (STAGE_WHERE);
static const char archive_before_sql[] = BEFORE_SQL (ARCHIVE_WHERE);

/* ?1 to ?8 of the column statements */
static void
bind_deal_query (CrmStore           *self,
                 CrmDbStmt          *stmt,
                 const CrmDealQuery *query)
{
  if (query->stage >= 0)
    crm_store_bind_code (stmt, 1, CRM_TYPE_STAGE, query->stage);
  crm_db_stmt_bind_int (stmt, 2, query->archive);
  crm_db_stmt_bind_int64 (stmt, 3, query->owner_id);
  if (query->grade >= 0)
    crm_store_bind_code (stmt, 4, CRM_TYPE_GRADE, query->grade);
  if (query->channel >= 0)
    crm_store_bind_code (stmt, 5, CRM_TYPE_CHANNEL, query->channel);
  crm_db_stmt_bind_int64 (stmt, 6, query->model_id);
  if (query->lost_reason >= 0)
    crm_store_bind_code (stmt, 7, CRM_TYPE_LOST_REASON, query->lost_reason);
  if (query->reactivation_due)
    crm_db_stmt_bind_int64 (stmt, 8, crm_store_now (self) -
                            (gint64) crm_staff_store_get_setting_int (crm_store_get_staff_store (self),
                                                                      "reactivation-days", 90) * 86400);
  else
    crm_db_stmt_bind_int64 (stmt, 8, 0);
}

/* Steps an aggregate's one row */
static gboolean
step_aggregate (CrmStore   *self,
                CrmDbStmt  *stmt,
                GError    **error)
{
  int rc = crm_db_stmt_step (stmt);

  if (rc != CRM_DB_ROW)
    {
      crm_db_set_error (self->db, error, rc);
      return FALSE;
    }
  return TRUE;
}

/* One column statement of @query's kind, prepared and bound */
static CrmDbStmt *
prepare_deal_query (CrmStore           *self,
                    const CrmDealQuery *query,
                    const char         *stage_sql,
                    const char         *archive_sql,
                    GError            **error)
{
  CrmDbStmt *stmt = crm_store_prepare (self, query->stage >= 0 ? stage_sql : archive_sql, error);

  if (stmt != NULL)
    bind_deal_query (self, stmt, query);
  return stmt;
}

static GArray *read_page (CrmStore *self, const CrmDealQuery *query, gint64 after_entered, gint64 after_id,
                          gint64 limit, GArray **prices, GArray **entered, GArray **customers,
                          GError **error);

/**
 * crm_deal_store_query_page:
 * @after_entered: with @after_id, where the page starts: after the deal
 *   that entered its stage then (G_MININT64 for the first page)
 * @after_id: the id of that deal (0 for the first page)
 * @limit: how many deals at most
 * @prices: (out) (optional) (transfer full): the guide price of each deal
 * @entered: (out) (optional) (transfer full): when each entered its stage
 *
 * Reads the deals of a board column (or the archive) in their order,
 * longest in their stage first, one page at a time. @query's search words
 * are not applied: see crm_deal_store_query_ids().
 *
 * Returns: (transfer full) (element-type gint64): the page's deal ids
 */
GArray *
crm_deal_store_query_page (CrmDealStore        *domain,
                           const CrmDealQuery  *query,
                           gint64               after_entered,
                           gint64               after_id,
                           gint64               limit,
                           GArray             **prices,
                           GArray             **entered,
                           GError             **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  return read_page (self, query, after_entered, after_id, limit, prices, entered, NULL, error);
}

/* A page, and (with @customers) each deal's customer */
static GArray *
read_page (CrmStore            *self,
           const CrmDealQuery  *query,
           gint64               after_entered,
           gint64               after_id,
           gint64               limit,
           GArray             **prices,
           GArray             **entered,
           GArray             **customers,
           GError             **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) price_array = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) entered_array = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) customer_array = g_array_new (FALSE, FALSE, sizeof (gint64));
  CRM_AUTO_STMT stmt = NULL;
  int rc;

  stmt = prepare_deal_query (self, query, stage_page_sql, archive_page_sql, error);
  if (stmt == NULL)
    return NULL;
  crm_db_stmt_bind_int64 (stmt, 9, after_entered);
  crm_db_stmt_bind_int64 (stmt, 10, after_id);
  crm_db_stmt_bind_int64 (stmt, 11, limit);

  while ((rc = crm_db_stmt_step (stmt)) == CRM_DB_ROW)
    {
      gint64 id = crm_db_stmt_column_int64 (stmt, 0);
      gint64 price = crm_db_stmt_column_int64 (stmt, 1);
      gint64 at = crm_db_stmt_column_int64 (stmt, 2);
      gint64 customer = crm_db_stmt_column_int64 (stmt, 3);

      g_array_append_val (ids, id);
      g_array_append_val (price_array, price);
      g_array_append_val (entered_array, at);
      g_array_append_val (customer_array, customer);
    }

  if (rc != CRM_DB_DONE)
    {
      crm_db_set_error (self->db, error, rc);
      return NULL;
    }

  if (prices)
    *prices = g_steal_pointer (&price_array);
  if (entered)
    *entered = g_steal_pointer (&entered_array);
  if (customers)
    *customers = g_steal_pointer (&customer_array);
  return g_steal_pointer (&ids);
}

/**
 * crm_deal_store_query_totals:
 * @count: (out): how many deals match @query (search words aside)
 * @total: (out): their guide prices in all, in fen
 */
gboolean
crm_deal_store_query_totals (CrmDealStore        *domain,
                             const CrmDealQuery  *query,
                             guint               *count,
                             gint64              *total,
                             GError             **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  CRM_AUTO_STMT stmt = NULL;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);
  g_return_val_if_fail (query != NULL, FALSE);

  stmt = prepare_deal_query (self, query, stage_totals_sql, archive_totals_sql, error);
  if (stmt == NULL)
    return FALSE;
  if (!step_aggregate (self, stmt, error))
    return FALSE;
  *count = crm_db_stmt_column_int64 (stmt, 0);
  *total = crm_db_stmt_column_int64 (stmt, 1);
  return TRUE;
}

/**
 * crm_deal_store_query_position:
 *
 * Returns: how many of @query's deals (search words aside) come before
 *   the one that entered its stage at @entered with @id, or -1 on error
 */
gint64
crm_deal_store_query_position (CrmDealStore        *domain,
                               const CrmDealQuery  *query,
                               gint64               entered,
                               gint64               id,
                               GError             **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  CRM_AUTO_STMT stmt = NULL;

  g_return_val_if_fail (CRM_IS_STORE (self), -1);
  g_return_val_if_fail (query != NULL, -1);

  stmt = prepare_deal_query (self, query, stage_before_sql, archive_before_sql, error);
  if (stmt == NULL)
    return -1;
  crm_db_stmt_bind_int64 (stmt, 9, entered);
  crm_db_stmt_bind_int64 (stmt, 10, id);
  if (!step_aggregate (self, stmt, error))
    return -1;
  return crm_db_stmt_column_int64 (stmt, 0);
}

/**
 * crm_deal_store_query_all:
 * @prices: (out) (transfer full): the guide price of each deal
 * @entered: (out) (transfer full): when each entered its stage
 * @customers: (out) (transfer full): each deal's customer
 *
 * All of @query's deals at once, in their order, search words aside (a
 * worker thread's read; crm_deal_store_filter_search() applies them).
 *
 * Returns: (transfer full) (element-type gint64): the deal ids
 */
GArray *
crm_deal_store_query_all (CrmDealStore        *domain,
                          const CrmDealQuery  *query,
                          GArray             **prices,
                          GArray             **entered,
                          GArray             **customers,
                          GError             **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  return read_page (self, query, G_MININT64, 0, G_MAXINT64, prices, entered, customers, error);
}

/**
 * crm_deal_store_filter_search:
 * @search: (nullable): search words
 * @ids: the deals, with their @prices, @entered and @customers
 *
 * Keeps the deals whose customer matches every word of @search (the
 * search index answers per customer, not in SQL).
 */
gboolean
crm_deal_store_filter_search (CrmDealStore  *domain,
                              const char    *search,
                              GArray        *ids,
                              GArray        *prices,
                              GArray        *entered,
                              GArray        *customers,
                              GError       **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  g_autofree guint8 *matches = NULL;
  gsize n_bits = 0;
  guint j = 0;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);

  if (search == NULL || search[0] == '\0')
    return TRUE;
  matches = crm_store_match_customers (self, search, &n_bits, error);
  if (matches == NULL)
    return FALSE;

  for (guint i = 0; i < ids->len; i++)
    if (crm_search_index_contains (matches, n_bits, g_array_index (customers, gint64, i)))
      {
        g_array_index (ids, gint64, j) = g_array_index (ids, gint64, i);
        g_array_index (prices, gint64, j) = g_array_index (prices, gint64, i);
        g_array_index (entered, gint64, j) = g_array_index (entered, gint64, i);
        g_array_index (customers, gint64, j) = g_array_index (customers, gint64, i);
        j++;
      }
  g_array_set_size (ids, j);
  g_array_set_size (prices, j);
  g_array_set_size (entered, j);
  g_array_set_size (customers, j);
  return TRUE;
}

/**
 * crm_deal_store_query_ids:
 * @prices: (out) (optional) (transfer full): the guide price of each deal
 * @entered: (out) (optional) (transfer full): when each entered its stage
 *
 * All of @query's deals at once, its search words applied.
 *
 * Returns: (transfer full) (element-type gint64): the matching deal ids,
 *   longest in their stage first
 */
GArray *
crm_deal_store_query_ids (CrmDealStore        *domain,
                          const CrmDealQuery  *query,
                          GArray             **prices,
                          GArray             **entered,
                          GError             **error)
{
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GArray) price_array = NULL;
  g_autoptr(GArray) entered_array = NULL;
  g_autoptr(GArray) customers = NULL;

  g_return_val_if_fail (query != NULL, NULL);

  ids = crm_deal_store_query_all (domain, query, &price_array, &entered_array, &customers, error);
  if (ids == NULL ||
      !crm_deal_store_filter_search (domain, query->search, ids, price_array, entered_array, customers, error))
    return NULL;

  if (prices)
    *prices = g_steal_pointer (&price_array);
  if (entered)
    *entered = g_steal_pointer (&entered_array);
  return g_steal_pointer (&ids);
}

/**
 * crm_deal_store_matches:
 *
 * Whether @deal (as crm_deal_store_get() returns it) passes @query's
 * filters other than the search words; for updating a board column one
 * deal at a time.
 */
gboolean
crm_deal_store_matches (CrmDealStore       *domain,
                        CrmDeal            *deal,
                        const CrmDealQuery *query)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  g_autoptr(CrmCustomer) customer = NULL;

  if (query->stage >= 0 && crm_deal_get_stage (deal) != (CrmStage) query->stage)
    return FALSE;
  if (query->archive && crm_stage_is_open (crm_deal_get_stage (deal)))
    return FALSE;
  if (query->owner_id >= 0 && crm_deal_get_owner_id (deal) != query->owner_id)
    return FALSE;
  if (query->grade >= 0 && crm_deal_get_customer_grade (deal) != (CrmGrade) query->grade)
    return FALSE;
  if (query->model_id > 0 && crm_deal_get_model_id (deal) != query->model_id)
    return FALSE;
  if (query->lost_reason >= 0 && crm_deal_get_lost_reason (deal) != (CrmLostReason) query->lost_reason)
    return FALSE;
  if (query->channel >= 0)
    {
      customer = crm_customer_store_get (crm_store_get_customer_store (self), crm_deal_get_customer_id (deal), NULL);
      if (customer == NULL || crm_customer_get_channel (customer) != (CrmChannel) query->channel)
        return FALSE;
    }
  return TRUE;
}
