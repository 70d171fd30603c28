/* crm-deal-list.h: the deals of one board column (or the archive) as a GListModel
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "crm-store.h"

G_BEGIN_DECLS

#define CRM_TYPE_DEAL_LIST (crm_deal_list_get_type ())
G_DECLARE_FINAL_TYPE (CrmDealList, crm_deal_list, CRM, DEAL_LIST, GObject)

CrmDealList *crm_deal_list_new             (CrmStore           *store,
                                            const CrmDealQuery *query);
void         crm_deal_list_set_query       (CrmDealList        *self,
                                            const CrmDealQuery *query);
gboolean     crm_deal_list_refresh         (CrmDealList        *self,
                                            GError            **error);
gint64       crm_deal_list_get_total_value (CrmDealList        *self);
guint        crm_deal_list_find            (CrmDealList        *self,
                                            gint64              deal_id);
guint        crm_deal_list_get_count       (CrmDealList        *self);
void         crm_deal_list_show_at_least   (CrmDealList        *self,
                                            guint               n);
gboolean     crm_deal_list_is_loading      (CrmDealList        *self);
gboolean     crm_deal_list_is_reading      (CrmDealList        *self);

G_END_DECLS
