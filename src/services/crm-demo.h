/* crm-demo.h: a deterministic demo showroom
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "crm-store.h"

G_BEGIN_DECLS

#define CRM_DEMO_CUSTOMERS  2000
#define CRM_DEMO_ACTIVITIES 16000
#define CRM_DEMO_SEED       20261126

gboolean crm_demo_generate (CrmStore  *store,
                            guint      n_customers,
                            guint      n_activities,
                            guint32    seed,
                            GError   **error);

G_END_DECLS
