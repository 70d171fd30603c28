/* crm-staff-store.h: staff and the rules a manager sets: the team, the model catalogue, stage gates, lead assignment, opening hours
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One of the domain stores a #CrmStore hands out
 * (crm_store_get_staff_store()); it reads and writes through the store's
 * connection and transactions.
 */
#pragma once

#include "crm-store-types.h"

G_BEGIN_DECLS

#define CRM_TYPE_STAFF_STORE (crm_staff_store_get_type ())
G_DECLARE_FINAL_TYPE (CrmStaffStore, crm_staff_store, CRM, STAFF_STORE, GObject)

gint64      crm_staff_store_insert                (CrmStaffStore              *self,
                                                   CrmStaff                   *staff,
                                                   GError                    **error);
CrmStaff   *crm_staff_store_get                   (CrmStaffStore              *self,
                                                   gint64                      id,
                                                   GError                    **error);
GListModel *crm_staff_store_list                  (CrmStaffStore              *self,
                                                   gboolean                    active_only);
gint64      crm_staff_store_insert_vehicle_model  (CrmStaffStore              *self,
                                                   CrmVehicleModel            *model,
                                                   GError                    **error);
GListModel *crm_staff_store_list_vehicle_models   (CrmStaffStore              *self);
int         crm_staff_store_get_setting_int       (CrmStaffStore              *self,
                                                   const char                 *key,
                                                   int                         fallback);
gboolean    crm_staff_store_set_setting_int       (CrmStaffStore              *self,
                                                   const char                 *key,
                                                   int                         value,
                                                   GError                    **error);
gboolean    crm_staff_store_get_stage_rule        (CrmStaffStore              *self,
                                                   CrmStage                    stage,
                                                   CrmStageRule                rule);
gboolean    crm_staff_store_set_stage_rule        (CrmStaffStore              *self,
                                                   CrmStage                    stage,
                                                   CrmStageRule                rule,
                                                   gboolean                    enabled,
                                                   GError                    **error);
void        crm_staff_store_get_lead_rules        (CrmStaffStore              *self,
                                                   CrmLeadRules               *rules);
gboolean    crm_staff_store_set_lead_rules        (CrmStaffStore              *self,
                                                   const CrmLeadRules         *rules,
                                                   GError                    **error);
gboolean    crm_staff_store_get_on_duty           (CrmStaffStore              *self,
                                                   gint64                      staff_id);
gboolean    crm_staff_store_set_on_duty           (CrmStaffStore              *self,
                                                   gint64                      staff_id,
                                                   gboolean                    on_duty,
                                                   GError                    **error);
guint       crm_staff_store_get_channels          (CrmStaffStore              *self,
                                                   gint64                      staff_id);
gboolean    crm_staff_store_set_channels          (CrmStaffStore              *self,
                                                   gint64                      staff_id,
                                                   guint                       channel_mask,
                                                   GError                    **error);
GStrv       crm_staff_store_list_brands           (CrmStaffStore              *self);
GStrv       crm_staff_store_get_brands            (CrmStaffStore              *self,
                                                   gint64                      staff_id);
gboolean    crm_staff_store_set_brand             (CrmStaffStore              *self,
                                                   gint64                      staff_id,
                                                   const char                 *brand,
                                                   gboolean                    takes,
                                                   GError                    **error);
void        crm_staff_store_get_calendar_settings (CrmStaffStore              *self,
                                                   CrmCalendarSettings        *settings);
gboolean    crm_staff_store_set_calendar_settings (CrmStaffStore              *self,
                                                   const CrmCalendarSettings  *settings,
                                                   GError                    **error);
gint64      crm_staff_store_find_by_name          (CrmStaffStore              *self,
                                                   const char                 *name);

G_END_DECLS
