/* crm-customers-page.h: the customer book
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "crm-context.h"
#include "crm-customer-list.h"

G_BEGIN_DECLS

#define CRM_TYPE_CUSTOMERS_PAGE (crm_customers_page_get_type ())
G_DECLARE_FINAL_TYPE (CrmCustomersPage, crm_customers_page, CRM, CUSTOMERS_PAGE, AdwBin)

void             crm_customers_page_set_context  (CrmCustomersPage *self,
                                                  CrmContext       *context);
CrmCustomerList *crm_customers_page_get_list     (CrmCustomersPage *self);
void             crm_customers_page_new_customer (CrmCustomersPage *self);
void             crm_customers_page_focus_search (CrmCustomersPage *self);
GtkColumnView   *crm_customers_page_get_view     (CrmCustomersPage *self);
gboolean         crm_customers_page_delete_selected (CrmCustomersPage *self);
GtkEditable     *crm_customers_page_get_search_entry (CrmCustomersPage *self);
GtkSingleSelection *crm_customers_page_get_selection (CrmCustomersPage *self);

G_END_DECLS
