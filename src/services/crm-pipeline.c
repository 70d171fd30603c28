/* crm-pipeline.c: moving deals through the showroom's stages, by its rules
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The gates (SOP) are rows of the stage_rule table a manager switches on
 * and off; this file says what each one means. A move that breaks a rule
 * changes nothing and says what is missing.
 */
#define G_LOG_DOMAIN "crm-pipeline"

#include "config.h"

#include <glib/gi18n.h>

#include "crm-error.h"
#include "crm-pipeline.h"

#define DAY (24 * 60 * 60)

/**
 * crm_pipeline_check_move:
 * @message: (out) (optional) (transfer full): what is missing, for people
 *
 * Returns: %CRM_GATE_OPEN when @deal may enter @to now
 */
CrmGate
crm_pipeline_check_move (CrmStore  *store,
                         CrmDeal   *deal,
                         CrmStage   to,
                         char     **message)
{
  CrmStage from = crm_deal_get_stage (deal);
  CrmGate gate = CRM_GATE_OPEN;
  const char *text = NULL;

  g_return_val_if_fail (CRM_IS_STORE (store), CRM_GATE_CLOSED);
  g_return_val_if_fail (CRM_IS_DEAL (deal), CRM_GATE_CLOSED);

  if (from == to)
    {
      gate = CRM_GATE_SAME_STAGE;
      text = _("The deal is already in this stage.");
    }
  else if (!crm_stage_is_open (from))
    {
      gate = CRM_GATE_CLOSED;
      text = _("The deal is closed. Reopen it from the archive first.");
    }
  else if (to == CRM_STAGE_TEST_DRIVE &&
           crm_staff_store_get_stage_rule (crm_store_get_staff_store (store), to, CRM_STAGE_RULE_TEST_DRIVE_RECORDED) &&
           !crm_deal_store_has_test_drive (crm_store_get_deal_store (store), crm_deal_get_customer_id (deal)))
    {
      gate = CRM_GATE_NEEDS_TEST_DRIVE;
      text = _("A test drive must be recorded before the deal moves to Test drive.");
    }
  else if (to == CRM_STAGE_ORDERED &&
           crm_staff_store_get_stage_rule (crm_store_get_staff_store (store), to, CRM_STAGE_RULE_PRICE_AGREED) &&
           crm_deal_get_price (deal) <= 0)
    {
      gate = CRM_GATE_NEEDS_PRICE;
      text = _("The price agreed with the customer must be entered before the deal moves to Ordered.");
    }
  else if (to == CRM_STAGE_DELIVERED &&
           crm_staff_store_get_stage_rule (crm_store_get_staff_store (store), to, CRM_STAGE_RULE_FROM_ORDERED) &&
           from != CRM_STAGE_ORDERED)
    {
      gate = CRM_GATE_NEEDS_ORDERED;
      text = _("Only an ordered deal can be delivered: move it to Ordered first.");
    }
  else if (to == CRM_STAGE_LOST &&
           crm_staff_store_get_stage_rule (crm_store_get_staff_store (store), to, CRM_STAGE_RULE_REASON_AND_NOTE))
    {
      gate = CRM_GATE_NEEDS_REASON;
      text = _("A lost deal needs its reason and a note.");
    }
  else if (to == CRM_STAGE_INVALID &&
           crm_staff_store_get_stage_rule (crm_store_get_staff_store (store), to, CRM_STAGE_RULE_FROM_EARLY_STAGE) &&
           from != CRM_STAGE_NEW_LEAD && from != CRM_STAGE_INVITED)
    {
      gate = CRM_GATE_NOT_FROM_HERE;
      text = _("Only a new or invited lead can be marked invalid; a customer who came to the showroom is a real lead.");
    }

  if (message != NULL)
    *message = g_strdup (text);
  return gate;
}

/**
 * crm_pipeline_move:
 * @gate: (out) (optional): why the move was refused
 *
 * Moves a deal when the showroom's rules allow it. Moving to Lost needs
 * crm_pipeline_close_lost() (a reason and a note) unless that gate is off.
 */
gboolean
crm_pipeline_move (CrmStore  *store,
                   gint64     deal_id,
                   CrmStage   to,
                   gint64     staff_id,
                   CrmGate   *gate,
                   GError   **error)
{
  g_autoptr(CrmDeal) deal = NULL;
  g_autofree char *message = NULL;
  CrmGate result;

  g_return_val_if_fail (CRM_IS_STORE (store), FALSE);

  if (gate)
    *gate = CRM_GATE_OPEN;

  deal = crm_deal_store_get (crm_store_get_deal_store (store), deal_id, error);
  if (deal == NULL)
    return FALSE;

  result = crm_pipeline_check_move (store, deal, to, &message);
  if (gate)
    *gate = result;

  if (result != CRM_GATE_OPEN)
    {
      g_set_error_literal (error, CRM_ERROR, CRM_ERROR_RULE, message);
      return FALSE;
    }

  return crm_deal_store_move_from (crm_store_get_deal_store (store), deal_id, crm_deal_get_stage (deal), to,
                                   staff_id, error);
}

/**
 * crm_pipeline_close_lost:
 * @staff: who closes it
 * @requested: (out) (optional): set when it became a request for a manager
 *
 * A manager closes the deal as Lost at once; a sales consultant's move
 * becomes a request (战败申请) unless the showroom lets reps close Lost
 * directly.
 */
gboolean
crm_pipeline_close_lost (CrmStore       *store,
                         gint64          deal_id,
                         CrmLostReason   reason,
                         const char     *note,
                         CrmStaff       *staff,
                         gboolean       *requested,
                         GError        **error)
{
  gint64 staff_id = staff ? crm_staff_get_id (staff) : 0;
  gboolean manager = staff != NULL && crm_staff_get_role (staff) == CRM_ROLE_MANAGER;
  g_autoptr(CrmDeal) deal = NULL;

  g_return_val_if_fail (CRM_IS_STORE (store), FALSE);

  if (requested)
    *requested = FALSE;

  deal = crm_deal_store_get (crm_store_get_deal_store (store), deal_id, error);
  if (deal == NULL)
    return FALSE;
  if (!crm_stage_is_open (crm_deal_get_stage (deal)))
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_RULE,
                   _("The deal is closed. Reopen it from the archive first."));
      return FALSE;
    }

  if (manager || crm_staff_store_get_setting_int (crm_store_get_staff_store (store), "reps-close-lost", 0))
    return crm_deal_store_close_lost (crm_store_get_deal_store (store), deal_id, reason, note, staff_id, error);

  if (requested)
    *requested = TRUE;
  return crm_deal_store_request_lost (crm_store_get_deal_store (store), deal_id, reason, note, staff_id, error);
}

/**
 * crm_pipeline_is_overdue:
 * @idle_limit_days: the showroom's idle limit ("cadence-idle-days" setting)
 *
 * Returns: whether the deal's next follow-up is past due, or nobody
 *   followed the customer up within the idle limit and nothing is planned
 */
gboolean
crm_pipeline_is_overdue (CrmDeal  *deal,
                         gint64    now,
                         int       idle_limit_days)
{
  gint64 next = crm_deal_get_next_followup_at (deal);
  gint64 last = crm_deal_get_last_contact_at (deal);
  gint64 idle = (gint64) idle_limit_days * DAY;

  if (!crm_stage_is_open (crm_deal_get_stage (deal)))
    return FALSE;
  if (next > 0 && next < now)
    return TRUE;
  return MAX (last, crm_deal_get_stage_entered_at (deal)) < now - idle && next == 0;
}
