/* crm-grading.c: intent grade (意向级别) and lead score from the facts
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The rules and weights are explained to showroom staff in
 * help/C/lead-grading.page; keep the two in step.
 */
#define G_LOG_DOMAIN "crm-grading"

#include "config.h"

#include "crm-grading.h"

/* Budget as a share of the model's guide price, in percent; -1 unknown */
static int
budget_fit (const CrmLeadFacts *facts)
{
  if (facts->budget_max <= 0 || facts->model_price <= 0)
    return -1;
  return (int) MIN (facts->budget_max * 100 / facts->model_price, 1000);
}

static guint
strong_signals (const CrmLeadFacts *facts)
{
  int fit = budget_fit (facts);

  return (facts->test_drive ? 1 : 0) +
         (facts->financing_approved ? 1 : 0) +
         (fit >= 90 ? 1 : 0) +
         (facts->visits >= 2 ? 1 : 0);
}

/**
 * crm_grading_propose:
 *
 * The purchase timeframe gives the grade (within 7 days H, 15 days A,
 * 30 days B, later C, unknown N). Two or more strong signals (test drive
 * done, financing approved, budget at least 90 % of the guide price, two
 * or more visits) raise it one step; a budget under 70 % of the price
 * lowers it one step. Without a timeframe, a customer with two strong
 * signals is graded B, else N.
 */
CrmGrade
crm_grading_propose (const CrmLeadFacts *facts)
{
  static const CrmGrade ladder[] = { CRM_GRADE_H, CRM_GRADE_A, CRM_GRADE_B, CRM_GRADE_C };
  int fit = budget_fit (facts);
  guint strong = strong_signals (facts);
  int step;

  g_return_val_if_fail (facts != NULL, CRM_GRADE_N);

  switch (facts->timeframe)
    {
    case CRM_TIMEFRAME_WEEK:      step = 0; break;
    case CRM_TIMEFRAME_FORTNIGHT: step = 1; break;
    case CRM_TIMEFRAME_MONTH:     step = 2; break;
    case CRM_TIMEFRAME_QUARTER:
    case CRM_TIMEFRAME_LATER:     step = 3; break;
    case CRM_TIMEFRAME_UNKNOWN:
    default:
      return strong >= 2 ? CRM_GRADE_B : CRM_GRADE_N;
    }

  if (strong >= 2)
    step--;
  if (fit >= 0 && fit < 70)
    step++;
  return ladder[CLAMP (step, 0, 3)];
}

/**
 * crm_grading_score:
 *
 * 0–100: timeframe up to 35 (7 days 35, 15 days 28, 30 days 20, 2–3
 * months 10, later 5), budget against price up to 15 (≥ 100 % 15, ≥ 90 %
 * 10, ≥ 70 % 5, unknown 5), visits up to 10 (one 5, two or more 10), test
 * drive 15, trade-in 5, financing approved 10, and the channel's past
 * conversion in this showroom up to 10 (10 × rate ÷ 20 %, capped; 5 when
 * too few leads to tell).
 */
int
crm_grading_score (const CrmLeadFacts *facts)
{
  int fit = budget_fit (facts);
  int score = 0;

  g_return_val_if_fail (facts != NULL, 0);

  switch (facts->timeframe)
    {
    case CRM_TIMEFRAME_WEEK:      score += 35; break;
    case CRM_TIMEFRAME_FORTNIGHT: score += 28; break;
    case CRM_TIMEFRAME_MONTH:     score += 20; break;
    case CRM_TIMEFRAME_QUARTER:   score += 10; break;
    case CRM_TIMEFRAME_LATER:     score += 5; break;
    case CRM_TIMEFRAME_UNKNOWN:
    default:
      break;
    }

  if (fit < 0)
    score += 5;
  else if (fit >= 100)
    score += 15;
  else if (fit >= 90)
    score += 10;
  else if (fit >= 70)
    score += 5;

  score += facts->visits >= 2 ? 10 : facts->visits == 1 ? 5 : 0;
  score += facts->test_drive ? 15 : 0;
  score += facts->trade_in ? 5 : 0;
  score += facts->financing_approved ? 10 : 0;

  if (facts->channel_conversion < 0)
    score += 5;
  else
    score += (int) MIN (10.0, facts->channel_conversion / 0.20 * 10.0 + 0.5);

  return CLAMP (score, 0, 100);
}
