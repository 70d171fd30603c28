/* crm-leads.h: taking a new customer in
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "crm-store.h"

G_BEGIN_DECLS

gint64 crm_leads_create (CrmStore     *store,
                         CrmCustomer  *customer,
                         gint64        model_id,
                         gint64        staff_id,
                         GError      **error);

G_END_DECLS
