/* crm-deal-store.h: deals: the pipeline, stage history, lost requests
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One of the domain stores a #CrmStore hands out
 * (crm_store_get_deal_store()); it reads and writes through the store's
 * connection and transactions.
 */
#pragma once

#include "crm-store-types.h"

G_BEGIN_DECLS

#define CRM_TYPE_DEAL_STORE (crm_deal_store_get_type ())
G_DECLARE_FINAL_TYPE (CrmDealStore, crm_deal_store, CRM, DEAL_STORE, GObject)

gint64      crm_deal_store_insert              (CrmDealStore        *self,
                                                CrmDeal             *deal,
                                                gint64               staff_id,
                                                GError             **error);
gboolean    crm_deal_store_move                (CrmDealStore        *self,
                                                gint64               deal_id,
                                                CrmStage             to,
                                                gint64               staff_id,
                                                GError             **error);
gboolean    crm_deal_store_move_at             (CrmDealStore        *self,
                                                gint64               deal_id,
                                                CrmStage             to,
                                                gint64               staff_id,
                                                gint64               at,
                                                GError             **error);
gboolean    crm_deal_store_move_from           (CrmDealStore        *self,
                                                gint64               deal_id,
                                                CrmStage             from,
                                                CrmStage             to,
                                                gint64               staff_id,
                                                GError             **error);
GListModel *crm_deal_store_list_for_customer   (CrmDealStore        *self,
                                                gint64               customer_id);
gint64      crm_deal_store_count_stage_history (CrmDealStore        *self,
                                                gint64               deal_id);
GArray     *crm_deal_store_list_board_stages   (CrmDealStore        *self);
CrmDeal    *crm_deal_store_get                 (CrmDealStore        *self,
                                                gint64               id,
                                                GError             **error);
/* How many deals crm_deal_store_get_many() reads at once */
#define CRM_DEAL_STORE_MANY 32
GPtrArray  *crm_deal_store_get_many            (CrmDealStore        *self,
                                                const gint64        *ids,
                                                guint                n_ids,
                                                GError             **error);
GArray     *crm_deal_store_query_all           (CrmDealStore        *self,
                                                const CrmDealQuery  *query,
                                                GArray             **prices,
                                                GArray             **entered,
                                                GArray             **customers,
                                                GError             **error);
gboolean    crm_deal_store_filter_search       (CrmDealStore        *self,
                                                const char          *search,
                                                GArray              *ids,
                                                GArray              *prices,
                                                GArray              *entered,
                                                GArray              *customers,
                                                GError             **error);
GArray     *crm_deal_store_query_ids           (CrmDealStore        *self,
                                                const CrmDealQuery  *query,
                                                GArray             **prices,
                                                GArray             **entered,
                                                GError             **error);
GArray     *crm_deal_store_query_page          (CrmDealStore        *self,
                                                const CrmDealQuery  *query,
                                                gint64               after_entered,
                                                gint64               after_id,
                                                gint64               limit,
                                                GArray             **prices,
                                                GArray             **entered,
                                                GError             **error);
gboolean    crm_deal_store_query_totals        (CrmDealStore        *self,
                                                const CrmDealQuery  *query,
                                                guint               *count,
                                                gint64              *total,
                                                GError             **error);
gint64      crm_deal_store_query_position      (CrmDealStore        *self,
                                                const CrmDealQuery  *query,
                                                gint64               entered,
                                                gint64               id,
                                                GError             **error);
gboolean    crm_deal_store_matches             (CrmDealStore        *self,
                                                CrmDeal             *deal,
                                                const CrmDealQuery  *query);
gboolean    crm_deal_store_has_test_drive      (CrmDealStore        *self,
                                                gint64               customer_id);
gboolean    crm_deal_store_set_price           (CrmDealStore        *self,
                                                gint64               deal_id,
                                                gint64               price,
                                                GError             **error);
gboolean    crm_deal_store_change_price        (CrmDealStore        *self,
                                                gint64               deal_id,
                                                gint64               loaded,
                                                gint64               price,
                                                GError             **error);
gboolean    crm_deal_store_close_lost          (CrmDealStore        *self,
                                                gint64               deal_id,
                                                CrmLostReason        reason,
                                                const char          *note,
                                                gint64               staff_id,
                                                GError             **error);
gboolean    crm_deal_store_set_lost_reason     (CrmDealStore        *self,
                                                gint64               deal_id,
                                                CrmLostReason        reason,
                                                const char          *note,
                                                GError             **error);
gboolean    crm_deal_store_request_lost        (CrmDealStore        *self,
                                                gint64               deal_id,
                                                CrmLostReason        reason,
                                                const char          *note,
                                                gint64               staff_id,
                                                GError             **error);
gboolean    crm_deal_store_decide_lost         (CrmDealStore        *self,
                                                gint64               deal_id,
                                                gboolean             approve,
                                                const char          *comment,
                                                gint64               staff_id,
                                                GError             **error);
GListModel *crm_deal_store_list_lost_requests  (CrmDealStore        *self);
guint       crm_deal_store_count_lost_requests (CrmDealStore        *self);
gboolean    crm_deal_store_get_lost_request    (CrmDealStore        *self,
                                                gint64               deal_id,
                                                CrmLostReason       *reason,
                                                char               **note);
gboolean    crm_deal_store_reopen              (CrmDealStore        *self,
                                                gint64               deal_id,
                                                gint64               staff_id,
                                                GError             **error);

G_END_DECLS
