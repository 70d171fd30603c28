/* crm-pool.c: the public pool (公海) — claims within the holding limit,
 * the warning before a cold lead returns, its release
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A held customer's pool clock is their last contact (else when they were
 * assigned, else created). Past the pool limit of their grade without a
 * follow-up they return to the pool, unless they bought (a deal ordered or
 * delivered); their rep is warned some days before. Each grade's customers
 * are walked on their own, with their own limit and cursors; a grade
 * change moves its new grade's cursors back when they had passed the
 * customer (crm_lead_store_rewind_pool_cursors()).
 *
 * Each deadline walks the held customers in (pool clock, id) order from
 * where it stopped last time (a cursor kept in the database, written in
 * the same transaction as the releases), so a showroom opened after days
 * closed catches up in batches that each read only what they handle —
 * the customers who bought are stepped over once, not re-read by every
 * batch.
 */
#define G_LOG_DOMAIN "crm-pool"

#include "config.h"

#include <glib/gi18n.h>

#include "crm-assignment.h"
#include "crm-error.h"
#include "crm-pool.h"

#define DAY (24 * 60 * 60)

/**
 * crm_lead_rules_pool_days:
 *
 * Returns: how many days a customer of @grade is held without a follow-up
 *   before returning to the public pool (0: never)
 */
int
crm_lead_rules_pool_days (const CrmLeadRules *rules,
                          CrmGrade            grade)
{
  g_return_val_if_fail (rules != NULL, 0);

  if (rules->pool_days <= 0)
    return 0;
  if (grade >= 0 && grade < CRM_N_GRADES && rules->pool_days_grade[grade] > 0)
    return rules->pool_days_grade[grade];
  return rules->pool_days;
}

/**
 * crm_pool_set_graded_limits:
 *
 * A new showroom's public-pool limits by grade, as a 4S floor works: a
 * customer who buys within the week (H) goes back after 5 days without a
 * follow-up, A after 10, B after the showroom's limit, C after 30.
 */
gboolean
crm_pool_set_graded_limits (CrmStore  *store,
                            GError   **error)
{
  CrmLeadRules rules;

  g_return_val_if_fail (CRM_IS_STORE (store), FALSE);

  crm_staff_store_get_lead_rules (crm_store_get_staff_store (store), &rules);
  rules.pool_days_grade[CRM_GRADE_H] = 5;
  rules.pool_days_grade[CRM_GRADE_A] = 10;
  rules.pool_days_grade[CRM_GRADE_B] = 0;
  rules.pool_days_grade[CRM_GRADE_C] = 30;
  return crm_staff_store_set_lead_rules (crm_store_get_staff_store (store), &rules, error);
}

/**
 * crm_pool_claim:
 * @staff_id: the rep who claims
 *
 * A rep takes a customer from the public pool, within their holding
 * limit. The limit, the customer's owner and what the rep holds are read
 * in the write transaction that records the claim, so two desktops
 * claiming at once cannot both take one customer nor together go past
 * the limit.
 *
 * Returns: %TRUE when the rep now holds the customer; else %FALSE with
 *   @error set (#CRM_ERROR_INVALID_INPUT: no longer in the pool, or the
 *   limit is reached)
 */
gboolean
crm_pool_claim (CrmStore  *store,
                gint64     customer_id,
                gint64     staff_id,
                GError   **error)
{
  CrmLeadRules rules;
  gint64 owner = 0;
  gboolean ok;

  g_return_val_if_fail (CRM_IS_STORE (store), FALSE);

  if (!crm_store_begin (store, error))
    return FALSE;

  crm_staff_store_get_lead_rules (crm_store_get_staff_store (store), &rules);
  ok = crm_lead_store_check_assignee (crm_store_get_lead_store (store), staff_id, error) &&
       crm_lead_store_get_owner (crm_store_get_lead_store (store), customer_id, &owner, NULL, error);
  if (ok && (staff_id <= 0 || owner != 0))
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                   _("This customer is no longer in the public pool."));
      ok = FALSE;
    }
  if (ok && rules.pool_hold_limit > 0 && crm_lead_store_count_held (crm_store_get_lead_store (store), staff_id) >= rules.pool_hold_limit)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                   g_dngettext (GETTEXT_PACKAGE,
                                "You already hold %d customer, the most the showroom allows. "
                                "Let one go before claiming another.",
                                "You already hold %d customers, the most the showroom allows. "
                                "Let one go before claiming another.",
                                rules.pool_hold_limit),
                   rules.pool_hold_limit);
      ok = FALSE;
    }
  if (ok)
    ok = crm_lead_store_write_assignment (crm_store_get_lead_store (store), customer_id, 0, staff_id, staff_id, CRM_ASSIGN_REASON_POOL_CLAIM,
                                     crm_lead_rules_deadline (&rules, crm_store_get_time_zone (store),
                                                              crm_clock_get_now (crm_store_get_clock (store))),
                                     error);
  return crm_store_finish_write (store, ok, error);
}

/* Where @kind's walk goes on from: its cursor, from the start when the
 * clock went back, never before @not_before */
static void
cursor_for (CrmStore            *store,
            CrmPoolCursorKind    kind,
            CrmGrade             grade,
            gint64               until,
            const CrmPoolCursor *not_before,
            CrmPoolCursor       *cursor)
{
  crm_lead_store_get_pool_cursor (crm_store_get_lead_store (store), kind, grade, cursor);
  if (cursor->clock > until)
    cursor->clock = cursor->id = G_MININT64;
  if (not_before != NULL &&
      (cursor->clock < not_before->clock ||
       (cursor->clock == not_before->clock && cursor->id < not_before->id)))
    *cursor = *not_before;
}

/* The customers past @until after @kind's cursor, at most @limit; the
 * cursor is moved on past them (to @until itself when they were all) */
static GArray *
next_due (CrmStore            *store,
          CrmPoolCursorKind    kind,
          CrmGrade             grade,
          gint64               until,
          const CrmPoolCursor *not_before,
          guint                limit,
          gboolean            *more,
          GError             **error)
{
  g_autoptr(GArray) rows = NULL;
  CrmPoolCursor cursor;

  cursor_for (store, kind, grade, until, not_before, &cursor);
  if ((rows = crm_lead_store_list_pool_due (crm_store_get_lead_store (store), grade, until, &cursor, limit,
                                            error)) == NULL)
    return NULL;

  if (rows->len >= limit)
    {
      CrmPoolDue *last = &g_array_index (rows, CrmPoolDue, rows->len - 1);

      cursor.clock = last->clock;
      cursor.id = last->id;
      if (more != NULL)
        *more = TRUE;
    }
  else
    {
      cursor.clock = until;
      cursor.id = G_MAXINT64;
    }
  if (!crm_lead_store_set_pool_cursor (crm_store_get_lead_store (store), kind, grade, &cursor, error))
    return NULL;
  return g_steal_pointer (&rows);
}

static gboolean
any_due (CrmStore            *store,
         CrmPoolCursorKind    kind,
         CrmGrade             grade,
         gint64               until,
         const CrmPoolCursor *not_before)
{
  g_autoptr(GArray) rows = NULL;
  CrmPoolCursor cursor;

  cursor_for (store, kind, grade, until, not_before, &cursor);
  rows = crm_lead_store_list_pool_due (crm_store_get_lead_store (store), grade, until, &cursor, 1, NULL);
  return rows == NULL || rows->len > 0;
}

/**
 * crm_pool_is_due:
 * @rules: the showroom's rules
 *
 * Reads (without writing) whether a pool warning or release is due now:
 * a customer whose clock passed a limit and was not looked at yet. Two
 * index lookups, so the scheduler can ask on the main thread.
 *
 * Returns: %TRUE when crm_pool_release_due() or crm_pool_warn_due() has
 *   something to do (or the database could not be read)
 */
gboolean
crm_pool_is_due (CrmStore           *store,
                 const CrmLeadRules *rules)
{
  gint64 now;

  g_return_val_if_fail (CRM_IS_STORE (store), FALSE);
  g_return_val_if_fail (rules != NULL, FALSE);

  if (rules->pool_days <= 0)
    return FALSE;

  now = crm_clock_get_now (crm_store_get_clock (store));
  for (CrmGrade grade = 0; grade < CRM_N_GRADES; grade++)
    {
      int days = crm_lead_rules_pool_days (rules, grade);
      CrmPoolCursor release;

      release.clock = now - (gint64) days * DAY;
      release.id = G_MAXINT64;
      if (any_due (store, CRM_POOL_CURSOR_RELEASE, grade, release.clock, NULL))
        return TRUE;
      if (rules->pool_warn_days > 0 &&
          any_due (store, CRM_POOL_CURSOR_WARNING, grade, now - (gint64) (days - rules->pool_warn_days) * DAY,
                   &release))
        return TRUE;
    }
  return FALSE;
}

/**
 * crm_pool_release_due:
 * @rules: the showroom's rules, read in the caller's transaction
 * @limit: look at most at this many customers
 * @more: (inout): set to %TRUE when there may be more to look at
 * @changed_ids: (element-type gint64) (nullable): the customers released
 *   are appended here
 *
 * Returns the customers held past the pool limit without a follow-up to
 * the pool (those who bought stay), and tells their reps. Call inside
 * the write transaction that read @rules.
 *
 * Returns: how many were released (0 on error, with @error set)
 */
guint
crm_pool_release_due (CrmStore            *store,
                      const CrmLeadRules  *rules,
                      guint                limit,
                      gboolean            *more,
                      GArray              *changed_ids,
                      GError             **error)
{
  g_autoptr(GArray) rows = NULL;
  gint64 now;
  guint changed = 0, looked = 0;
  gboolean ok = TRUE;

  g_return_val_if_fail (CRM_IS_STORE (store), 0);
  g_return_val_if_fail (rules != NULL, 0);

  if (rules->pool_days <= 0)
    return 0;

  now = crm_clock_get_now (crm_store_get_clock (store));
  if (!crm_store_begin (store, error))
    return 0;
  for (CrmGrade grade = 0; ok && grade < CRM_N_GRADES && looked < limit; grade++)
    {
      g_clear_pointer (&rows, g_array_unref);
      ok = (rows = next_due (store, CRM_POOL_CURSOR_RELEASE, grade,
                             now - (gint64) crm_lead_rules_pool_days (rules, grade) * DAY, NULL,
                             limit - looked, more, error)) != NULL;
      looked += ok ? rows->len : 0;
      for (guint i = 0; ok && i < rows->len; i++)
        {
          CrmPoolDue *row = &g_array_index (rows, CrmPoolDue, i);

          if (row->won)
            continue;
          ok = crm_lead_store_write_assignment (crm_store_get_lead_store (store), row->id, row->owner_id, 0, 0, CRM_ASSIGN_REASON_POOL_RELEASE,
                                           0, error) &&
               crm_lead_store_add_notice (crm_store_get_lead_store (store), row->owner_id, FALSE, row->id, CRM_NOTICE_POOL_RELEASED, error);
          if (ok && changed_ids != NULL)
            g_array_append_val (changed_ids, row->id);
          changed++;
        }
    }
  return crm_store_finish_write (store, ok, error) ? changed : 0;
}

/**
 * crm_pool_warn_due:
 * @rules: the showroom's rules, read in the caller's transaction
 * @limit: look at most at this many customers
 * @more: (inout): set to %TRUE when there may be more to look at
 * @changed_ids: (element-type gint64) (nullable): the customers warned
 *   about are appended here
 *
 * Warns reps, once per customer and pool clock, of a customer who will
 * return to the pool in the warning days unless followed up. A customer
 * already due for release is released, not warned first (after days
 * closed, a warning that comes with the release tells nothing). Call
 * inside the write transaction that read @rules, after
 * crm_pool_release_due().
 *
 * Returns: how many were warned about (0 on error, with @error set)
 */
guint
crm_pool_warn_due (CrmStore            *store,
                   const CrmLeadRules  *rules,
                   guint                limit,
                   gboolean            *more,
                   GArray              *changed_ids,
                   GError             **error)
{
  g_autoptr(GArray) rows = NULL;
  gint64 now;
  guint changed = 0, looked = 0;
  gboolean ok = TRUE;

  g_return_val_if_fail (CRM_IS_STORE (store), 0);
  g_return_val_if_fail (rules != NULL, 0);

  if (rules->pool_days <= 0 || rules->pool_warn_days <= 0)
    return 0;

  now = crm_clock_get_now (crm_store_get_clock (store));
  if (!crm_store_begin (store, error))
    return 0;
  for (CrmGrade grade = 0; ok && grade < CRM_N_GRADES && looked < limit; grade++)
    {
      int days = crm_lead_rules_pool_days (rules, grade);
      CrmPoolCursor release = { now - (gint64) days * DAY, G_MAXINT64 };

      g_clear_pointer (&rows, g_array_unref);
      ok = (rows = next_due (store, CRM_POOL_CURSOR_WARNING, grade,
                             now - (gint64) (days - rules->pool_warn_days) * DAY, &release,
                             limit - looked, more, error)) != NULL;
      looked += ok ? rows->len : 0;
      for (guint i = 0; ok && i < rows->len; i++)
        {
          CrmPoolDue *row = &g_array_index (rows, CrmPoolDue, i);

          if (row->won || row->warned)
            continue;
          ok = crm_lead_store_add_notice (crm_store_get_lead_store (store), row->owner_id, FALSE, row->id, CRM_NOTICE_POOL_WARNING, error) &&
               crm_lead_store_mark_pool_warned (crm_store_get_lead_store (store), row->id, now, error);
          if (ok && changed_ids != NULL)
            g_array_append_val (changed_ids, row->id);
          changed++;
        }
    }
  return crm_store_finish_write (store, ok, error) ? changed : 0;
}
