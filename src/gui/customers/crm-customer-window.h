/* crm-customer-window.h: one customer, every field, deals and timeline
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "crm-context.h"

G_BEGIN_DECLS

#define CRM_TYPE_CUSTOMER_WINDOW (crm_customer_window_get_type ())
G_DECLARE_FINAL_TYPE (CrmCustomerWindow, crm_customer_window, CRM, CUSTOMER_WINDOW, AdwWindow)

GtkWindow  *crm_customer_window_new             (GtkApplication    *application,
                                                 CrmContext        *context,
                                                 gint64             customer_id);
CrmContext *crm_customer_window_get_context     (CrmCustomerWindow *self);
gint64      crm_customer_window_get_customer_id (CrmCustomerWindow *self);
gboolean    crm_customer_window_save_now        (CrmCustomerWindow *self);
const char *crm_customer_window_get_message     (CrmCustomerWindow *self);

void        crm_customer_window_open              (GtkApplication    *application,
                                                   CrmContext        *context,
                                                   gint64             customer_id);

G_END_DECLS
