/* crm-leads.h: taking a new customer in; the leads deadlines
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "crm-store.h"

G_BEGIN_DECLS

gint64 crm_leads_create (CrmStore     *store,
                         CrmCustomer  *customer,
                         gint64        model_id,
                         gint64        staff_id,
                         GError      **error);

/* What one deadlines run looks at, at most, of each kind: short enough for
 * a write transaction that other desktops wait for */
#define CRM_LEADS_DEADLINES_BATCH 100

guint  crm_leads_run_deadlines      (CrmStore     *store,
                                     gint64       *next_at,
                                     GError      **error);
guint  crm_leads_run_deadlines_full (CrmStore     *store,
                                     guint         batch,
                                     gint64       *next_at,
                                     GArray       *changed_ids,
                                     GError      **error);
gint64   crm_leads_get_next_deadline  (CrmStore     *store);
gboolean crm_leads_is_due             (CrmStore     *store);

G_END_DECLS
