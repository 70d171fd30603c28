/* crm-customer-store.h: customers: the book, its search and its lists
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One of the domain stores a #CrmStore hands out
 * (crm_store_get_customer_store()); it reads and writes through the store's
 * connection and transactions.
 */
#pragma once

#include "crm-store-types.h"

G_BEGIN_DECLS

#define CRM_TYPE_CUSTOMER_STORE (crm_customer_store_get_type ())
G_DECLARE_FINAL_TYPE (CrmCustomerStore, crm_customer_store, CRM, CUSTOMER_STORE, GObject)

gint64       crm_customer_store_insert                (CrmCustomerStore        *self,
                                                       CrmCustomer             *customer,
                                                       GError                 **error);
gboolean     crm_customer_store_update                (CrmCustomerStore        *self,
                                                       CrmCustomer             *customer,
                                                       GError                 **error);
CrmCustomer *crm_customer_store_get                   (CrmCustomerStore        *self,
                                                       gint64                   id,
                                                       GError                 **error);
GPtrArray   *crm_customer_store_get_many              (CrmCustomerStore        *self,
                                                       const gint64            *ids,
                                                       guint                    n_ids);
gboolean     crm_customer_store_delete                (CrmCustomerStore        *self,
                                                       gint64                   id,
                                                       GError                 **error);
gboolean     crm_customer_store_restore               (CrmCustomerStore        *self,
                                                       gint64                   id,
                                                       GError                 **error);
gint64       crm_customer_store_find_by_phone         (CrmCustomerStore        *self,
                                                       const char              *normalized,
                                                       gint64                   except_id);
gint64       crm_customer_store_count                 (CrmCustomerStore        *self);
GArray      *crm_customer_store_query_ids             (CrmCustomerStore        *self,
                                                       const CrmCustomerQuery  *query,
                                                       GCancellable            *cancellable,
                                                       GError                 **error);
void         crm_customer_store_query_ids_async       (CrmCustomerStore        *self,
                                                       const CrmCustomerQuery  *query,
                                                       GCancellable            *cancellable,
                                                       GAsyncReadyCallback      callback,
                                                       gpointer                 user_data);
void         crm_customer_store_query_ids_paged_async (CrmCustomerStore        *self,
                                                       const CrmCustomerQuery  *query,
                                                       guint                    first_page,
                                                       CrmStoreIdsFunc          first_page_func,
                                                       gpointer                 first_page_data,
                                                       GDestroyNotify           first_page_destroy,
                                                       GCancellable            *cancellable,
                                                       GAsyncReadyCallback      callback,
                                                       gpointer                 user_data);
GArray      *crm_customer_store_query_ids_finish      (CrmCustomerStore        *self,
                                                       GAsyncResult            *result,
                                                       GError                 **error);
void         crm_customer_store_prepare_search_async  (CrmCustomerStore        *self,
                                                       GCancellable            *cancellable,
                                                       GAsyncReadyCallback      callback,
                                                       gpointer                 user_data);
gboolean     crm_customer_store_prepare_search_finish (CrmCustomerStore        *self,
                                                       GAsyncResult            *result,
                                                       GError                 **error);
void         crm_customer_store_reload                (CrmCustomerStore        *self);
void         crm_customer_store_announce              (CrmCustomerStore        *self,
                                                       GArray                  *customer_ids);

G_END_DECLS
