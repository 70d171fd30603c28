/* crm-drill-window.h: the customers behind a number of the dashboard
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "crm-context.h"

G_BEGIN_DECLS

#define CRM_TYPE_DRILL_WINDOW (crm_drill_window_get_type ())
G_DECLARE_FINAL_TYPE (CrmDrillWindow, crm_drill_window, CRM, DRILL_WINDOW, AdwWindow)

GtkWindow  *crm_drill_window_new       (CrmContext *context,
                                        const char *title,
                                        const char *subtitle,
                                        GArray     *customer_ids);
GListModel *crm_drill_window_get_model (CrmDrillWindow *self);

G_END_DECLS
