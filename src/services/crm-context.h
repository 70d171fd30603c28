/* crm-context.h: what every window and page is handed
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "crm-lead-scheduler.h"
#include "crm-store.h"

G_BEGIN_DECLS

#define CRM_TYPE_CONTEXT (crm_context_get_type ())
G_DECLARE_FINAL_TYPE (CrmContext, crm_context, CRM, CONTEXT, GObject)

CrmContext *crm_context_new                  (CrmStore   *store,
                                              GSettings  *settings);
CrmStore   *crm_context_get_store            (CrmContext *self);
CrmClock   *crm_context_get_clock            (CrmContext *self);
GSettings  *crm_context_get_settings         (CrmContext *self);
CrmStaff   *crm_context_get_current_staff    (CrmContext *self);
gboolean    crm_context_set_current_staff_id (CrmContext *self,
                                              gint64      staff_id,
                                              GError    **error);
gboolean    crm_context_restore_identity     (CrmContext *self);
gboolean    crm_context_is_manager           (CrmContext *self);
CrmLeadScheduler *crm_context_dup_lead_scheduler (CrmContext *self);

G_END_DECLS
