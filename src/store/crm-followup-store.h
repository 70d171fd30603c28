/* crm-followup-store.h: follow-ups: activities, My Day, idle deals, escalation, after-sales care
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One of the domain stores a #CrmStore hands out
 * (crm_store_get_followup_store()); it reads and writes through the store's
 * connection and transactions.
 */
#pragma once

#include "crm-store-types.h"

G_BEGIN_DECLS

#define CRM_TYPE_FOLLOWUP_STORE (crm_followup_store_get_type ())
G_DECLARE_FINAL_TYPE (CrmFollowupStore, crm_followup_store, CRM, FOLLOWUP_STORE, GObject)

gint64       crm_followup_store_insert                       (CrmFollowupStore  *self,
                                                              CrmActivity       *activity,
                                                              GError           **error);
gboolean     crm_followup_store_update                       (CrmFollowupStore  *self,
                                                              CrmActivity       *activity,
                                                              GError           **error);
gboolean     crm_followup_store_delete_planned               (CrmFollowupStore  *self,
                                                              gint64             id,
                                                              GError           **error);
GListModel  *crm_followup_store_list_for_customer            (CrmFollowupStore  *self,
                                                              gint64             customer_id);
CrmActivity *crm_followup_store_get                          (CrmFollowupStore  *self,
                                                              gint64             id,
                                                              GError           **error);
GPtrArray  *crm_followup_store_get_many              (CrmFollowupStore  *self,
                                                      const gint64      *ids,
                                                      guint              n_ids,
                                                      GError           **error);
GArray      *crm_followup_store_query_open_ids               (CrmFollowupStore  *self,
                                                              gint64             staff_id,
                                                              gint64             from,
                                                              gint64             to,
                                                              guint              limit,
                                                              GError           **error);
guint        crm_followup_store_count_open                   (CrmFollowupStore  *self,
                                                              gint64             staff_id,
                                                              gint64             from,
                                                              gint64             to);
GArray      *crm_followup_store_count_by_staff               (CrmFollowupStore  *self,
                                                              gint64             day_start,
                                                              gint64             day_end);
gint64       crm_followup_store_get_next_planned_at          (CrmFollowupStore  *self,
                                                              gint64             staff_id,
                                                              gint64             after);
gint64       crm_followup_store_get_open_id                  (CrmFollowupStore  *self,
                                                              gint64             customer_id);
gboolean     crm_followup_store_complete                     (CrmFollowupStore  *self,
                                                              gint64             id,
                                                              CrmOutcome         outcome,
                                                              const char        *note,
                                                              gint64             done_at,
                                                              GError           **error);
gboolean     crm_followup_store_reschedule                   (CrmFollowupStore  *self,
                                                              gint64             id,
                                                              gint64             planned_at,
                                                              GError           **error);
gint64       crm_followup_store_insert_care                  (CrmFollowupStore  *self,
                                                              CrmActivity       *activity,
                                                              const char        *care,
                                                              GError           **error);
char        *crm_followup_store_get_care                     (CrmFollowupStore  *self,
                                                              gint64             activity_id);
gboolean     crm_followup_store_has_open_care                (CrmFollowupStore  *self,
                                                              gint64             customer_id,
                                                              const char        *care);
GArray      *crm_followup_store_query_delivered_customer_ids (CrmFollowupStore  *self,
                                                              GError           **error);
GArray      *crm_followup_store_query_idle_deal_ids          (CrmFollowupStore  *self,
                                                              gint64             staff_id,
                                                              gint64             idle_since,
                                                              GError           **error);
gboolean     crm_followup_store_deal_is_idle                 (CrmFollowupStore  *self,
                                                              gint64             deal_id,
                                                              gint64             idle_since);
GArray      *crm_followup_store_customers_with_idle_deal     (CrmFollowupStore  *self,
                                                              const gint64      *ids,
                                                              guint              n_ids,
                                                              gint64             idle_since,
                                                              GError           **error);
gboolean     crm_followup_store_customer_has_idle_deal       (CrmFollowupStore  *self,
                                                              gint64             customer_id,
                                                              gint64             idle_since);
gboolean     crm_followup_store_get_deal_summary             (CrmFollowupStore  *self,
                                                              gint64             deal_id,
                                                              gint64            *customer_id,
                                                              gint64            *owner_id,
                                                              CrmStage          *stage);
gboolean     crm_followup_store_record_escalation            (CrmFollowupStore  *self,
                                                              gint64             deal_id,
                                                              const char        *day,
                                                              gboolean          *already,
                                                              GError           **error);
guint        crm_followup_store_count_done_for_deal          (CrmFollowupStore  *self,
                                                              gint64             deal_id);
gboolean     crm_followup_store_deal_has_care                (CrmFollowupStore  *self,
                                                              gint64             deal_id);

G_END_DECLS
