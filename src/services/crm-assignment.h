/* crm-assignment.h: who gets a lead
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "crm-store.h"

G_BEGIN_DECLS

gint64 crm_lead_rules_deadline               (const CrmLeadRules  *rules,
                                              GTimeZone           *zone,
                                              gint64               from);

gint64 crm_assignment_pick                   (const CrmLeadRules  *rules,
                                              GArray              *candidates,
                                              CrmChannel           channel,
                                              const char          *brand,
                                              gint64               exclude,
                                              gint64               last);

guint  crm_assignment_assign_new_leads       (CrmStore            *store,
                                              GArray              *customer_ids,
                                              gint64               by_staff,
                                              GError             **error);
guint  crm_assignment_assign_new_leads_full  (CrmStore            *store,
                                              CrmStore            *showroom,
                                              GArray              *customer_ids,
                                              gint64               by_staff,
                                              GError             **error);
guint    crm_assignment_assign_new_leads_arrived (CrmStore  *store,
                                                  CrmStore  *showroom,
                                                  GArray    *customer_ids,
                                                  GArray    *arrived,
                                                  gint64     by_staff,
                                                  GError   **error);
gint64 crm_assignment_assign_by_rule         (CrmStore            *store,
                                              gint64               customer_id,
                                              gint64               by_staff,
                                              GError             **error);
guint  crm_assignment_reassign_missed        (CrmStore            *store,
                                              const CrmLeadRules  *rules,
                                              guint                limit,
                                              gboolean            *more,
                                              GArray              *changed_ids,
                                              GError             **error);

G_END_DECLS
