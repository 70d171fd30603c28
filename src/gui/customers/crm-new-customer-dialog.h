/* crm-new-customer-dialog.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "crm-context.h"

G_BEGIN_DECLS

#define CRM_TYPE_NEW_CUSTOMER_DIALOG (crm_new_customer_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CrmNewCustomerDialog, crm_new_customer_dialog, CRM, NEW_CUSTOMER_DIALOG, AdwWindow)

CrmNewCustomerDialog *crm_new_customer_dialog_new       (GtkWindow  *parent,
                                                         CrmContext *context);
CrmNewCustomerDialog *crm_new_customer_dialog_new_quick (GtkWindow  *parent,
                                                         CrmContext *context);

G_END_DECLS
