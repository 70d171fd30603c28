/* crm-leads.c: taking a new customer in; the leads deadlines (first
 * contact, pool warning, pool release) in one transaction
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-leads"

#include "config.h"

#include "crm-assignment.h"
#include "crm-leads.h"
#include "crm-pool.h"

#define DAY (24 * 60 * 60)

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
  if (crm_customer_store_insert (crm_store_get_customer_store (store), customer, error) == 0)
    {
      crm_customer_set_owner_id (customer, owner);
      goto fail;
    }

  crm_deal_set_customer_id (deal, crm_customer_get_id (customer));
  crm_deal_set_model_id (deal, model_id);
  crm_deal_set_stage (deal, CRM_STAGE_NEW_LEAD);
  if (crm_deal_store_insert (crm_store_get_deal_store (store), deal, staff_id, error) == 0)
    goto fail;

  if (owner > 0)
    {
      if (!crm_lead_store_assign_customer (crm_store_get_lead_store (store), crm_customer_get_id (customer), owner, staff_id,
                                      CRM_ASSIGN_REASON_MANUAL, error))
        goto fail;
    }
  else
    {
      g_autoptr(GError) local_error = NULL;

      owner = crm_assignment_assign_by_rule (store, crm_customer_get_id (customer), staff_id,
                                             &local_error);
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

static void
earliest (gint64 *next,
          gint64  candidate)
{
  if (candidate > 0 && (*next == 0 || candidate < *next))
    *next = candidate;
}

/**
 * crm_leads_get_next_deadline:
 *
 * Reads (without writing) when the next first-contact limit, pool warning
 * or pool release falls, so a change to the customers can move the
 * scheduler's timer without running the deadlines.
 *
 * Returns: that time, or 0 when nothing is pending
 */
gint64
crm_leads_get_next_deadline (CrmStore *store)
{
  CrmLeadRules rules;
  gint64 now, next = 0;

  g_return_val_if_fail (CRM_IS_STORE (store), 0);

  crm_staff_store_get_lead_rules (crm_store_get_staff_store (store), &rules);
  now = crm_clock_get_now (crm_store_get_clock (store));
  if (rules.first_contact_minutes > 0)
    earliest (&next, crm_lead_store_get_next_first_contact_due (crm_store_get_lead_store (store), now));
  /* Each grade's limit of its own */
  for (CrmGrade grade = 0; rules.pool_days > 0 && grade < CRM_N_GRADES; grade++)
    {
      int days = crm_lead_rules_pool_days (&rules, grade);
      gint64 release_in = (gint64) days * DAY;
      gint64 warn_in = (gint64) (days - rules.pool_warn_days) * DAY;
      CrmLeadStore *leads = crm_store_get_lead_store (store);
      gint64 oldest;

      if ((oldest = crm_lead_store_get_oldest_pool_clock (leads, grade, now - release_in)) > 0)
        earliest (&next, oldest + release_in);
      if (rules.pool_warn_days > 0 && (oldest = crm_lead_store_get_oldest_pool_clock (leads, grade, now - warn_in)) > 0)
        earliest (&next, oldest + warn_in);
    }
  return next;
}

/**
 * crm_leads_is_due:
 *
 * Reads (without writing) whether a deadline is due now: a first contact
 * missed, a pool warning or release. A few index lookups: the scheduler
 * asks on the main thread and hands the work to a worker only when there
 * is some.
 *
 * Returns: %TRUE when crm_leads_run_deadlines() has something to do
 */
gboolean
crm_leads_is_due (CrmStore *store)
{
  CrmLeadRules rules;

  g_return_val_if_fail (CRM_IS_STORE (store), FALSE);

  crm_staff_store_get_lead_rules (crm_store_get_staff_store (store), &rules);
  if (rules.first_contact_minutes > 0)
    {
      g_autoptr(GArray) missed =
        crm_lead_store_list_missed_first_contacts (crm_store_get_lead_store (store), crm_clock_get_now (crm_store_get_clock (store)), 1, NULL);

      if (missed == NULL || missed->len > 0)
        return TRUE;
    }
  return crm_pool_is_due (store, &rules);
}

/**
 * crm_leads_run_deadlines:
 * @next_at: (out) (optional): when the next deadline falls (0: none), for
 *   a one-shot timer
 *
 * crm_leads_run_deadlines_full() with batches of
 * %CRM_LEADS_DEADLINES_BATCH.
 *
 * Returns: how many customers were warned, reassigned or released
 */
guint
crm_leads_run_deadlines (CrmStore  *store,
                         gint64    *next_at,
                         GError   **error)
{
  return crm_leads_run_deadlines_full (store, CRM_LEADS_DEADLINES_BATCH, next_at, NULL, error);
}

/**
 * crm_leads_run_deadlines_full:
 * @batch: look at most at this many customers of each kind
 * @next_at: (out) (optional): when the next deadline falls (0: none);
 *   now when more is due
 * @changed_ids: (element-type gint64) (nullable): the customers changed
 *   are appended here (for a store on another connection to announce)
 *
 * Does what is due now, in one write transaction that also reads the
 * rules and the customers it decides on: a lead not contacted by its
 * first-contact deadline goes to another rep by the rule (managers are
 * told); a lead without follow-up for the pool limit returns to the pool;
 * a rep is warned before that. Run at start and at @next_at. When more
 * than @batch customers of a kind are due, @next_at is now: the next run
 * goes on where this one stopped, so the whole catch-up reads each
 * customer due once.
 *
 * Returns: how many customers were warned, reassigned or released
 */
guint
crm_leads_run_deadlines_full (CrmStore  *store,
                              guint      batch,
                              gint64    *next_at,
                              GArray    *changed_ids,
                              GError   **error)
{
  GError *local_error = NULL;
  CrmLeadRules rules;
  gboolean more = FALSE;
  guint changed = 0;
  gboolean ok;

  g_return_val_if_fail (CRM_IS_STORE (store), 0);
  g_return_val_if_fail (batch > 0, 0);

  /* Another desktop of the showroom is at it: what it does shows here as
   * its changes come in; look again in a minute in case it stopped */
  if (!crm_store_try_job (store, CRM_STORE_JOB_LEAD_DEADLINES))
    {
      if (next_at != NULL)
        *next_at = crm_clock_get_now (crm_store_get_clock (store)) + 60;
      return 0;
    }

  if (!crm_store_begin (store, error))
    {
      crm_store_end_job (store, CRM_STORE_JOB_LEAD_DEADLINES);
      return 0;
    }

  crm_staff_store_get_lead_rules (crm_store_get_staff_store (store), &rules);
  if (crm_lead_store_clear_contacted_first_contacts (crm_store_get_lead_store (store), &local_error) && rules.first_contact_minutes > 0)
    changed += crm_assignment_reassign_missed (store, &rules, batch, &more, changed_ids, &local_error);
  if (local_error == NULL)
    changed += crm_pool_release_due (store, &rules, batch, &more, changed_ids, &local_error);
  if (local_error == NULL)
    changed += crm_pool_warn_due (store, &rules, batch, &more, changed_ids, &local_error);

  ok = local_error == NULL;
  if (!ok)
    g_propagate_error (error, local_error);
  ok = crm_store_finish_write (store, ok, error);
  crm_store_end_job (store, CRM_STORE_JOB_LEAD_DEADLINES);
  if (!ok)
    return 0;

  if (next_at != NULL)
    *next_at = more ? crm_clock_get_now (crm_store_get_clock (store)) : crm_leads_get_next_deadline (store);
  return changed;
}
