/* crm-window.h: the main window of one showroom database
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "crm-context.h"

G_BEGIN_DECLS

#define CRM_TYPE_WINDOW (crm_window_get_type ())
G_DECLARE_FINAL_TYPE (CrmWindow, crm_window, CRM, WINDOW, AdwApplicationWindow)

CrmWindow  *crm_window_new          (GtkApplication *application,
                                     CrmContext     *context);
CrmContext *crm_window_get_context  (CrmWindow      *self);
void        crm_window_show_error   (CrmWindow      *self,
                                     const char     *path,
                                     const GError   *error);
void        crm_window_add_toast    (CrmWindow      *self,
                                     AdwToast       *toast);
const char *crm_window_get_state    (CrmWindow      *self);
GtkWidget  *crm_window_get_customers_page (CrmWindow  *self);
GtkWidget  *crm_window_get_setup_page     (CrmWindow  *self);
GtkWidget  *crm_window_get_pipeline_page  (CrmWindow  *self);
void        crm_window_show_view          (CrmWindow  *self,
                                           const char *name);
GtkWidget  *crm_window_get_my_day_page    (CrmWindow  *self);
void        crm_window_show_my_day        (CrmWindow  *self);
void        crm_window_show_calendar_day  (CrmWindow  *self,
                                           gint64      at);

G_END_DECLS
