/* crm-customer-list.h: the customers matching a query, as a GListModel
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "crm-store.h"

G_BEGIN_DECLS

#define CRM_TYPE_CUSTOMER_LIST (crm_customer_list_get_type ())
G_DECLARE_FINAL_TYPE (CrmCustomerList, crm_customer_list, CRM, CUSTOMER_LIST, GObject)

CrmCustomerList *crm_customer_list_new            (CrmStore        *store);
CrmStore        *crm_customer_list_get_store      (CrmCustomerList *self);
const char      *crm_customer_list_get_search     (CrmCustomerList *self);
void             crm_customer_list_set_search     (CrmCustomerList *self,
                                                   const char      *search);
int              crm_customer_list_get_grade      (CrmCustomerList *self);
void             crm_customer_list_set_grade      (CrmCustomerList *self,
                                                   int              grade);
int              crm_customer_list_get_channel    (CrmCustomerList *self);
void             crm_customer_list_set_channel    (CrmCustomerList *self,
                                                   int              channel);
gint64           crm_customer_list_get_owner_id   (CrmCustomerList *self);
void             crm_customer_list_set_owner_id   (CrmCustomerList *self,
                                                   gint64           owner_id);
CrmCustomerSort  crm_customer_list_get_sort       (CrmCustomerList *self);
gboolean         crm_customer_list_get_descending (CrmCustomerList *self);
void             crm_customer_list_set_sort       (CrmCustomerList *self,
                                                   CrmCustomerSort  sort,
                                                   gboolean         descending);
gboolean         crm_customer_list_get_loading    (CrmCustomerList *self);
gboolean         crm_customer_list_refresh_sync   (CrmCustomerList *self,
                                                   GError         **error);
guint            crm_customer_list_find           (CrmCustomerList *self,
                                                   gint64           customer_id);
guint            crm_customer_list_get_n_cached   (CrmCustomerList *self);

gboolean          crm_customer_list_is_reading_rows (CrmCustomerList *self);

G_END_DECLS
