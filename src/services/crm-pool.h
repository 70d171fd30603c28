/* crm-pool.h: the public pool (公海) — claims, warnings, releases
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "crm-store.h"

G_BEGIN_DECLS

int      crm_lead_rules_pool_days (const CrmLeadRules *rules,
                                   CrmGrade            grade);
gboolean crm_pool_set_graded_limits (CrmStore     *store,
                                     GError      **error);
gboolean crm_pool_claim       (CrmStore            *store,
                               gint64               customer_id,
                               gint64               staff_id,
                               GError             **error);
gboolean crm_pool_is_due      (CrmStore            *store,
                               const CrmLeadRules  *rules);
guint    crm_pool_release_due (CrmStore            *store,
                               const CrmLeadRules  *rules,
                               guint                limit,
                               gboolean            *more,
                               GArray              *changed_ids,
                               GError             **error);
guint    crm_pool_warn_due    (CrmStore            *store,
                               const CrmLeadRules  *rules,
                               guint                limit,
                               gboolean            *more,
                               GArray              *changed_ids,
                               GError             **error);

G_END_DECLS
