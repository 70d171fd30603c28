/* crm-lead-scheduler.h: runs the leads deadlines when they fall
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "crm-store.h"

G_BEGIN_DECLS

#define CRM_TYPE_LEAD_SCHEDULER (crm_lead_scheduler_get_type ())
G_DECLARE_FINAL_TYPE (CrmLeadScheduler, crm_lead_scheduler, CRM, LEAD_SCHEDULER, GObject)

CrmLeadScheduler *crm_lead_scheduler_new          (CrmStore         *store);
gint64            crm_lead_scheduler_get_next_at  (CrmLeadScheduler *self);
gboolean          crm_lead_scheduler_is_running   (CrmLeadScheduler *self);

G_END_DECLS
