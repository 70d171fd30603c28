/* crm-traffic-dialog.h: the showroom traffic log (来店登记)
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "crm-context.h"

G_BEGIN_DECLS

#define CRM_TYPE_TRAFFIC_DIALOG (crm_traffic_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CrmTrafficDialog, crm_traffic_dialog, CRM, TRAFFIC_DIALOG, AdwWindow)

CrmTrafficDialog *crm_traffic_dialog_new (GtkWindow  *parent,
                                          CrmContext *context);

G_END_DECLS
