/* crm-customer-merge.h: two people, one customer
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "crm-customer.h"

G_BEGIN_DECLS

/**
 * CrmCustomerField:
 *
 * The fields of a customer a person edits, for merging two saves
 */
typedef enum
{
  CRM_CUSTOMER_FIELD_NAME,
  CRM_CUSTOMER_FIELD_PHONES,
  CRM_CUSTOMER_FIELD_WECHAT,
  CRM_CUSTOMER_FIELD_GENDER,
  CRM_CUSTOMER_FIELD_CITY,
  CRM_CUSTOMER_FIELD_CHANNEL,
  CRM_CUSTOMER_FIELD_GRADE,
  CRM_CUSTOMER_FIELD_BUDGET_MIN,
  CRM_CUSTOMER_FIELD_BUDGET_MAX,
  CRM_CUSTOMER_FIELD_TIMEFRAME,
  CRM_CUSTOMER_FIELD_TAGS,
  CRM_CUSTOMER_FIELD_MODELS,
  CRM_CUSTOMER_FIELD_OWNER,
  CRM_CUSTOMER_FIELD_BIRTHDAY,
  CRM_CUSTOMER_FIELD_NOTES,
  CRM_N_CUSTOMER_FIELDS,
} CrmCustomerField;

const char  *crm_customer_field_get_label (CrmCustomerField  field);
gboolean     crm_customer_field_equal     (CrmCustomer      *a,
                                           CrmCustomer      *b,
                                           CrmCustomerField  field);
void         crm_customer_field_copy      (CrmCustomer      *to,
                                           CrmCustomer      *from,
                                           CrmCustomerField  field);

CrmCustomer *crm_customer_merge           (CrmCustomer      *base,
                                           CrmCustomer      *mine,
                                           CrmCustomer      *theirs,
                                           GArray           *conflicts);

G_END_DECLS
