/* crm-pool-dialog.h: the public pool (公海)
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "crm-context.h"

G_BEGIN_DECLS

#define CRM_TYPE_POOL_DIALOG (crm_pool_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CrmPoolDialog, crm_pool_dialog, CRM, POOL_DIALOG, AdwWindow)

CrmPoolDialog *crm_pool_dialog_new (GtkWindow  *parent,
                                    CrmContext *context);

G_END_DECLS
