/* crm-assignment.c: who gets a lead — round robin, fewest open leads,
 * by channel and by brand; the first-contact limit
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The decisions only; the store reads the reps and writes the result.
 * Each rule that writes reads what it decides on (the rules, the reps on
 * duty, where round robin stands, the lead's owner) inside the write
 * transaction it writes in: the store starts the outermost one with
 * BEGIN IMMEDIATE, so two desktops running a rule at once take turns and
 * the second sees what the first wrote — a lead is never handed out twice
 * and round robin never serves one rep twice in a row by accident.
 */
#define G_LOG_DOMAIN "crm-assignment"

#include "config.h"

#include "crm-assignment.h"
#include "crm-format.h"


/**
 * crm_lead_rules_deadline:
 * @zone: the showroom's time zone (crm_store_get_time_zone())
 * @from: when the lead was assigned
 *
 * Adds the first-contact limit to @from counting only opening hours (in
 * the showroom's zone, whatever the desktop's): a lead that arrives at 17:30 with a two-hour limit and closing at
 * 18:00 is due at 10:30 the next morning.
 *
 * Returns: the deadline, or 0 when there is no limit
 */
gint64
crm_lead_rules_deadline (const CrmLeadRules *rules,
                         GTimeZone          *zone,
                         gint64              from)
{
  gint64 remaining;
  gint64 t = from;

  g_return_val_if_fail (rules != NULL, 0);
  g_return_val_if_fail (zone != NULL, 0);

  if (rules->first_contact_minutes <= 0 || rules->open_from >= rules->open_until)
    return 0;

  remaining = (gint64) rules->first_contact_minutes * 60;
  for (int guard = 0; guard < 3660; guard++)
    {
      gint64 open = crm_time_on_day (zone, t, 0, rules->open_from);
      gint64 close = crm_time_on_day (zone, t, 0, rules->open_until);

      if (t < open)
        t = open;
      if (t < close)
        {
          if (t + remaining <= close)
            return t + remaining;
          remaining -= close - t;
        }
      /* On to the next morning (by the calendar: a zone with summer
       * time has days of 23 and 25 hours) */
      t = crm_time_on_day (zone, t, 1, rules->open_from);
    }
  return t;
}

static gboolean
takes_channel (GArray           *candidates,
               CrmLeadCandidate *c,
               CrmChannel        channel,
               gboolean          by_channel)
{
  if (!by_channel)
    return TRUE;
  /* When no rep on duty takes this channel, everyone does */
  for (guint i = 0; i < candidates->len; i++)
    if (g_array_index (candidates, CrmLeadCandidate, i).channels & (1u << channel))
      return (c->channels & (1u << channel)) != 0;
  return TRUE;
}

static gboolean
takes_brand (GArray           *candidates,
             CrmLeadCandidate *c,
             const char       *brand,
             gboolean          by_brand)
{
  if (!by_brand || brand == NULL)
    return TRUE;
  /* When no rep on duty takes this brand, everyone does */
  for (guint i = 0; i < candidates->len; i++)
    {
      GStrv brands = g_array_index (candidates, CrmLeadCandidate, i).brands;

      if (brands != NULL && g_strv_contains ((const char * const *) brands, brand))
        return c->brands != NULL && g_strv_contains ((const char * const *) c->brands, brand);
    }
  return TRUE;
}

/**
 * crm_assignment_pick:
 * @candidates: (element-type CrmLeadCandidate): the reps on duty in id
 *   order, as crm_lead_store_list_candidates() reads them
 * @channel: the lead's channel
 * @brand: (nullable): the brand of the lead's model of interest
 * @exclude: a rep who must not get it (the one who missed it), or 0
 * @last: the rep round robin served last, or 0
 *
 * Round robin: the next rep after @last in id order; fewest open: the
 * fewest H/A customers, ties to whoever waited longest. Either way only
 * reps who take the lead's channel and brand, when the rules ask for it
 * and someone on duty does.
 *
 * Returns: the rep, or 0 for nobody (the rule is "none", nobody fits)
 */
gint64
crm_assignment_pick (const CrmLeadRules *rules,
                     GArray             *candidates,
                     CrmChannel          channel,
                     const char         *brand,
                     gint64              exclude,
                     gint64              last)
{
  CrmLeadCandidate *best = NULL;

  g_return_val_if_fail (rules != NULL, 0);
  g_return_val_if_fail (candidates != NULL, 0);

  if (rules->mode == CRM_ASSIGN_MODE_NONE || candidates->len == 0)
    return 0;

  if (rules->mode == CRM_ASSIGN_MODE_ROUND_ROBIN)
    {
      guint start = 0;

      while (start < candidates->len && g_array_index (candidates, CrmLeadCandidate, start).id <= last)
        start++;
      if (start == candidates->len)
        start = 0;

      for (guint k = 0; k < candidates->len && best == NULL; k++)
        {
          CrmLeadCandidate *c = &g_array_index (candidates, CrmLeadCandidate,
                                                (start + k) % candidates->len);

          if (c->id != exclude && takes_channel (candidates, c, channel, rules->by_channel) &&
              takes_brand (candidates, c, brand, rules->by_brand))
            best = c;
        }
    }
  else
    {
      for (guint i = 0; i < candidates->len; i++)
        {
          CrmLeadCandidate *c = &g_array_index (candidates, CrmLeadCandidate, i);

          if (c->id == exclude || !takes_channel (candidates, c, channel, rules->by_channel) ||
              !takes_brand (candidates, c, brand, rules->by_brand))
            continue;
          if (best == NULL || c->open_leads < best->open_leads ||
              (c->open_leads == best->open_leads && c->last_assigned < best->last_assigned))
            best = c;
        }
    }

  return best ? best->id : 0;
}

/* The rep @rules give lead @id of @channel, other than @exclude (0 when
 * nobody fits); its brand is read only when the rules go by brand */
static gint64
pick_for_lead (CrmStore           *store,
               const CrmLeadRules *rules,
               GArray             *candidates,
               gint64              id,
               CrmChannel          channel,
               gint64              exclude,
               gint64              last)
{
  g_autofree char *brand = NULL;

  if (rules->by_brand)
    brand = crm_lead_store_dup_brand (crm_store_get_lead_store (store), id);
  return crm_assignment_pick (rules, candidates, channel, brand, exclude, last);
}

/* The rep just served is the last to get the next tie */
static void
served (GArray *candidates,
        gint64  rep,
        gint64 *newest)
{
  for (guint k = 0; k < candidates->len; k++)
    {
      CrmLeadCandidate *c = &g_array_index (candidates, CrmLeadCandidate, k);

      if (c->id == rep)
        c->last_assigned = ++*newest;
    }
}

/**
 * crm_assignment_assign_new_leads:
 * @customer_ids: (element-type gint64): leads to give out
 * @by_staff: who took them in (recorded), or 0
 *
 * Gives each lead still in the public pool to a rep on duty by the
 * showroom's rule and starts its first-contact clock, all in one
 * transaction (an import gives out thousands) that also reads the rule,
 * the reps and where round robin stands. A lead someone already holds is
 * left alone: a lead is handed out once, even when two desktops run this
 * at once. Leads stay in the pool when the rule is "none" or no rep is on
 * duty.
 *
 * Returns: how many were assigned (0 on error, with @error set)
 */
guint
crm_assignment_assign_new_leads (CrmStore  *store,
                                 GArray    *customer_ids,
                                 gint64     by_staff,
                                 GError   **error)
{
  return crm_assignment_assign_new_leads_full (store, store, customer_ids, by_staff, error);
}

/**
 * crm_assignment_assign_new_leads_full:
 * @showroom: where the consultants' load and last assignments are read:
 *   the showroom, when @store is a staging store (crm_store_open_staging())
 *
 * crm_assignment_assign_new_leads() for leads written to a staging store.
 *
 * Returns: how many were assigned (0 on error, with @error set)
 */
guint
crm_assignment_assign_new_leads_full (CrmStore  *store,
                                      CrmStore  *showroom,
                                      GArray    *customer_ids,
                                      gint64     by_staff,
                                      GError   **error)
{
  return crm_assignment_assign_new_leads_arrived (store, showroom, customer_ids, NULL, by_staff, error);
}

/**
 * crm_assignment_assign_new_leads_arrived:
 * @arrived: (element-type gint64) (nullable): when each lead arrived (a
 *   platform's submission time), 0 for now: its first-contact clock
 *   starts then
 *
 * crm_assignment_assign_new_leads_full() for leads that arrived earlier.
 *
 * Returns: how many were assigned (0 on error, with @error set)
 */
guint
crm_assignment_assign_new_leads_arrived (CrmStore  *store,
                                         CrmStore  *showroom,
                                         GArray    *customer_ids,
                                         GArray    *arrived,
                                         gint64     by_staff,
                                         GError   **error)
{
  g_autoptr(GArray) candidates = NULL;
  CrmLeadRules rules;
  gint64 due, last_rep, newest = 0;
  guint assigned = 0;
  gboolean ok = TRUE;

  g_return_val_if_fail (CRM_IS_STORE (store), 0);
  g_return_val_if_fail (customer_ids != NULL, 0);

  if (customer_ids->len == 0)
    return 0;

  if (!crm_store_begin (store, error))
    return 0;

  crm_staff_store_get_lead_rules (crm_store_get_staff_store (store), &rules);
  if (rules.mode == CRM_ASSIGN_MODE_NONE)
    {
      crm_store_commit (store, NULL);
      return 0;
    }

  due = crm_lead_rules_deadline (&rules, crm_store_get_time_zone (store), crm_clock_get_now (crm_store_get_clock (store)));
  last_rep = crm_lead_store_get_round_robin_last (crm_store_get_lead_store (store));
  candidates = crm_lead_store_list_candidates (crm_store_get_lead_store (showroom), rules.mode == CRM_ASSIGN_MODE_FEWEST_OPEN,
                                               rules.by_brand, error);
  ok = candidates != NULL;
  for (guint i = 0; ok && i < candidates->len; i++)
    newest = MAX (newest, g_array_index (candidates, CrmLeadCandidate, i).last_assigned);

  for (guint i = 0; ok && i < customer_ids->len; i++)
    {
      gint64 id = g_array_index (customer_ids, gint64, i);
      CrmChannel channel = CRM_CHANNEL_UNKNOWN;
      gint64 owner = 0;
      gint64 rep;

      ok = crm_lead_store_get_owner (crm_store_get_lead_store (store), id, &owner, &channel, error);
      if (!ok || owner != 0)
        continue;

      rep = pick_for_lead (store, &rules, candidates, id, channel, 0, last_rep);
      if (rep == 0)
        continue;

      ok = crm_lead_store_write_assignment (crm_store_get_lead_store (store), id, 0, rep, by_staff, CRM_ASSIGN_REASON_RULE,
                                            arrived != NULL && g_array_index (arrived, gint64, i) > 0
                                              ? crm_lead_rules_deadline (&rules, crm_store_get_time_zone (store),
                                                                         g_array_index (arrived, gint64, i))
                                              : due,
                                            error);
      assigned++;
      last_rep = rep;
      served (candidates, rep, &newest);
    }

  if (ok && assigned > 0)
    ok = crm_lead_store_set_round_robin_last (crm_store_get_lead_store (store), last_rep, error);
  return crm_store_finish_write (store, ok, error) ? assigned : 0;
}

/**
 * crm_assignment_assign_by_rule:
 * @by_staff: who took the lead in (recorded), or 0
 *
 * Gives one lead to a rep by the rule; see
 * crm_assignment_assign_new_leads().
 *
 * Returns: the rep's id; 0 when nobody was assigned (or on error)
 */
gint64
crm_assignment_assign_by_rule (CrmStore  *store,
                               gint64     customer_id,
                               gint64     by_staff,
                               GError   **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GError *local_error = NULL;
  gint64 owner = 0;
  gboolean ok;

  g_return_val_if_fail (CRM_IS_STORE (store), 0);

  g_array_append_val (ids, customer_id);
  /* The owner read back in the transaction that wrote it */
  if (!crm_store_begin (store, error))
    return 0;
  if (crm_assignment_assign_new_leads (store, ids, by_staff, &local_error) > 0)
    crm_lead_store_get_owner (crm_store_get_lead_store (store), customer_id, &owner, NULL, &local_error);
  ok = local_error == NULL;
  if (!ok)
    g_propagate_error (error, local_error);
  return crm_store_finish_write (store, ok, error) ? owner : 0;
}

/**
 * crm_assignment_reassign_missed:
 * @rules: the showroom's rules, read in the caller's transaction
 * @limit: at most this many leads
 * @more: (inout): set to %TRUE when @limit leads were due (more may be)
 * @changed_ids: (element-type gint64) (nullable): the leads dealt with
 *   are appended here
 *
 * A lead not contacted by its first-contact deadline goes to another rep
 * by the rule, with a new deadline; when nobody else is on duty its clock
 * stops and the manager decides. The managers are told either way. Call
 * inside the write transaction that read @rules.
 *
 * Returns: how many leads were dealt with (0 on error, with @error set)
 */
guint
crm_assignment_reassign_missed (CrmStore            *store,
                                const CrmLeadRules  *rules,
                                guint                limit,
                                gboolean            *more,
                                GArray              *changed_ids,
                                GError             **error)
{
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GArray) candidates = NULL;
  gint64 now;
  guint changed = 0;
  gboolean ok;

  g_return_val_if_fail (CRM_IS_STORE (store), 0);
  g_return_val_if_fail (rules != NULL, 0);

  now = crm_clock_get_now (crm_store_get_clock (store));
  if (!crm_store_begin (store, error))
    return 0;
  ok = (ids = crm_lead_store_list_missed_first_contacts (crm_store_get_lead_store (store), now, limit, error)) != NULL;
  if (ok && ids->len >= limit && more != NULL)
    *more = TRUE;
  if (ok && ids->len > 0)
    ok = (candidates = crm_lead_store_list_candidates (crm_store_get_lead_store (store), rules->mode == CRM_ASSIGN_MODE_FEWEST_OPEN,
                                                      rules->by_brand, error)) != NULL;

  for (guint i = 0; ok && i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      CrmChannel channel = CRM_CHANNEL_UNKNOWN;
      gint64 owner = 0;
      gint64 rep;

      ok = crm_lead_store_get_owner (crm_store_get_lead_store (store), id, &owner, &channel, error);
      if (!ok)
        break;
      rep = pick_for_lead (store, rules, candidates, id, channel, owner,
                           crm_lead_store_get_round_robin_last (crm_store_get_lead_store (store)));
      if (rep > 0)
        ok = crm_lead_store_write_assignment (crm_store_get_lead_store (store), id, owner, rep, 0, CRM_ASSIGN_REASON_FIRST_CONTACT,
                                         crm_lead_rules_deadline (rules, crm_store_get_time_zone (store), now), error) &&
             crm_lead_store_set_round_robin_last (crm_store_get_lead_store (store), rep, error);
      else
        /* Nobody else on duty: the manager decides */
        ok = crm_lead_store_clear_first_contact_due (crm_store_get_lead_store (store), id, error);
      if (ok)
        ok = crm_lead_store_add_notice (crm_store_get_lead_store (store), 0, TRUE, id, CRM_NOTICE_FIRST_CONTACT_MISSED, error);
      if (ok && changed_ids != NULL)
        g_array_append_val (changed_ids, id);
      changed++;
    }

  return crm_store_finish_write (store, ok, error) ? changed : 0;
}
