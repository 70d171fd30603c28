/* crm-leads.c: taking a new customer in
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-leads"

#include "config.h"

#include "crm-leads.h"

/**
 * crm_leads_create:
 * @customer: the new customer (gets its id)
 * @model_id: the model of interest, or 0
 * @staff_id: who took the lead in (recorded in the stage history)
 *
 * Stores a new customer with a deal in the New lead stage, both or
 * neither. A customer with an owner is recorded as assigned by @staff_id;
 * one without goes to a rep by the showroom's assignment rule (or stays
 * in the public pool when the rule is "none" or nobody is on duty).
 *
 * Returns: the customer's id, or 0 with @error set
 */
gint64
crm_leads_create (CrmStore     *store,
                  CrmCustomer  *customer,
                  gint64        model_id,
                  gint64        staff_id,
                  GError      **error)
{
  g_autoptr(CrmDeal) deal = crm_deal_new ();
  gint64 owner;

  g_return_val_if_fail (CRM_IS_STORE (store), 0);
  g_return_val_if_fail (CRM_IS_CUSTOMER (customer), 0);

  if (model_id > 0)
    crm_customer_set_model_ids (customer,
                                g_variant_new_fixed_array (G_VARIANT_TYPE_INT64, &model_id, 1,
                                                           sizeof (gint64)));

  if (!crm_store_begin (store, error))
    return 0;

  owner = crm_customer_get_owner_id (customer);
  crm_customer_set_owner_id (customer, 0);
  if (crm_store_insert_customer (store, customer, error) == 0)
    {
      crm_customer_set_owner_id (customer, owner);
      goto fail;
    }

  crm_deal_set_customer_id (deal, crm_customer_get_id (customer));
  crm_deal_set_model_id (deal, model_id);
  crm_deal_set_stage (deal, CRM_STAGE_NEW_LEAD);
  if (crm_store_insert_deal (store, deal, staff_id, error) == 0)
    goto fail;

  if (owner > 0)
    {
      if (!crm_store_assign_customer (store, crm_customer_get_id (customer), owner, staff_id,
                                      CRM_ASSIGN_REASON_MANUAL, error))
        goto fail;
    }
  else
    {
      g_autoptr(GError) local_error = NULL;

      owner = crm_store_assign_by_rule (store, crm_customer_get_id (customer), staff_id, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          goto fail;
        }
    }
  crm_customer_set_owner_id (customer, owner);

  if (!crm_store_commit (store, error))
    return 0;
  return crm_customer_get_id (customer);

fail:
  crm_store_rollback (store);
  return 0;
}
