/* crm-followup-list.h: follow-ups to do in a time range, as a GListModel
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "crm-store.h"

G_BEGIN_DECLS

#define CRM_TYPE_FOLLOWUP_LIST (crm_followup_list_get_type ())
G_DECLARE_FINAL_TYPE (CrmFollowupList, crm_followup_list, CRM, FOLLOWUP_LIST, GObject)

CrmFollowupList *crm_followup_list_new       (CrmStore        *store);
void             crm_followup_list_set_range (CrmFollowupList *self,
                                              gint64           staff_id,
                                              gint64           from,
                                              gint64           to,
                                              guint            limit);
void             crm_followup_list_refresh   (CrmFollowupList *self);
guint            crm_followup_list_get_total (CrmFollowupList *self);

CrmCustomer     *crm_followup_list_get_customer (CrmFollowupList *self,
                                                 gint64           customer_id);
gboolean         crm_followup_list_is_reading   (CrmFollowupList *self);

G_END_DECLS
