/* crm-finance.c: car loans (等额本息) and full payment, in fen
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A loan of P fen over n months at an annual rate of b basis points is
 * repaid in equal instalments (等额本息), the annuity
 *
 *   M = P · r · (1 + r)^n / ((1 + r)^n − 1),   r = b / 10,000 / 12
 *
 * rounded half up on the fen; at 0 % it is P / n, rounded the same way.
 * Each month the interest is the balance × r, rounded half up on the fen,
 * and the rest of the instalment repays the balance. The last instalment
 * is what clears the balance with its interest, so it absorbs the
 * rounding of all the others and the instalments add up exactly to the
 * principal and the interest charged.
 *
 * M is decided in integers. With r = b / D (D = 120,000) and
 * N = (D + b)^n, M = P·b·N / (D·(N − D^n)), a fraction whose terms run to
 * about 2,000 bits for ten years. A double gives the guess (its error is
 * far below a fen), and the guess k is kept only when
 *
 *   (2k − 1) · D·(N − D^n)  ≤  2·P·b·N  <  (2k + 1) · D·(N − D^n)
 *
 * holds in exact arithmetic (the small multiple-precision integers below);
 * otherwise k moves a fen at a time until it does. So the double never
 * decides a fen, however close M lies to a half.
 */
#include "config.h"

#define G_LOG_DOMAIN "crm-finance"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "crm-error.h"
#include "crm-finance.h"
#include "crm-money.h"

/* Monthly rate denominator: basis points over twelve months */
#define RATE_DENOMINATOR ((gint64) CRM_BASIS_POINTS * 12)

/* Annual rates up to 100 % */
#define MAX_RATE_BP CRM_BASIS_POINTS

/* (D + b)^n with D + b < 2^17 and n ≤ 120 is under 2,040 bits; times
 * 2·P·b (< 2^53) or (2k + 1)·D (< 2^57): under 2,100 bits */
#define BIG_LIMBS 72

typedef struct
{
  guint   len;               /* limbs in use; 0 is zero */
  guint32 limb[BIG_LIMBS];   /* least significant first */
} Big;

static void
big_set (Big     *x,
         guint64  value)
{
  x->len = 0;
  while (value != 0)
    {
      x->limb[x->len++] = (guint32) value;
      value >>= 32;
    }
}

static void
big_mul_u32 (Big     *x,
             guint32  m)
{
  guint64 carry = 0;

  for (guint i = 0; i < x->len; i++)
    {
      guint64 t = (guint64) x->limb[i] * m + carry;

      x->limb[i] = (guint32) t;
      carry = t >> 32;
    }
  if (carry != 0)
    {
      g_assert (x->len < BIG_LIMBS);
      x->limb[x->len++] = (guint32) carry;
    }
  if (m == 0)
    x->len = 0;
}

/* out = x · m; @out is not @x */
static void
big_mul_u64 (Big       *out,
             const Big *x,
             guint64    m)
{
  guint32 lo = (guint32) m;
  guint32 hi = (guint32) (m >> 32);
  Big high;
  guint64 carry = 0;
  guint len;

  *out = *x;
  big_mul_u32 (out, lo);
  if (hi == 0 || x->len == 0)
    return;

  high = *x;
  big_mul_u32 (&high, hi);

  /* out += high << 32 */
  len = MAX (out->len, high.len + 1);
  g_assert (len <= BIG_LIMBS);
  for (guint i = out->len; i < len; i++)
    out->limb[i] = 0;
  out->len = len;
  for (guint i = 1; i < len; i++)
    {
      guint64 t = (guint64) out->limb[i] + (i - 1 < high.len ? high.limb[i - 1] : 0) + carry;

      out->limb[i] = (guint32) t;
      carry = t >> 32;
    }
  if (carry != 0)
    {
      g_assert (out->len < BIG_LIMBS);
      out->limb[out->len++] = (guint32) carry;
    }
}

/* x −= y, where x ≥ y */
static void
big_sub (Big       *x,
         const Big *y)
{
  gint64 borrow = 0;

  g_assert (x->len >= y->len);
  for (guint i = 0; i < x->len; i++)
    {
      gint64 t = (gint64) x->limb[i] - (i < y->len ? y->limb[i] : 0) - borrow;

      borrow = t < 0;
      x->limb[i] = (guint32) (t + (borrow ? G_GINT64_CONSTANT (1) << 32 : 0));
    }
  g_assert (borrow == 0);
  while (x->len > 0 && x->limb[x->len - 1] == 0)
    x->len--;
}

static int
big_cmp (const Big *a,
         const Big *b)
{
  if (a->len != b->len)
    return a->len < b->len ? -1 : 1;
  for (guint i = a->len; i-- > 0;)
    if (a->limb[i] != b->limb[i])
      return a->limb[i] < b->limb[i] ? -1 : 1;
  return 0;
}

/* The annuity in fen, rounded half up, for rate_bp > 0 */
static gint64
annuity_payment (gint64 principal,
                 guint  rate_bp,
                 guint  months)
{
  Big x, y, dn, test;
  double r = (double) rate_bp / (double) RATE_DENOMINATOR;
  double growth = expm1 ((double) months * log1p (r));   /* (1 + r)^n − 1 */
  gint64 k = (gint64) floor ((double) principal * r * (growth + 1.0) / growth + 0.5);

  g_assert (rate_bp > 0 && months > 0 && principal > 0);

  /* y = D·(N − D^n), x = 2·P·b·N */
  big_set (&y, 1);
  big_set (&dn, 1);
  for (guint i = 0; i < months; i++)
    {
      big_mul_u32 (&y, (guint32) (RATE_DENOMINATOR + rate_bp));
      big_mul_u32 (&dn, (guint32) RATE_DENOMINATOR);
    }
  big_mul_u64 (&x, &y, 2 * (guint64) principal * rate_bp);
  big_sub (&y, &dn);
  big_mul_u32 (&y, (guint32) RATE_DENOMINATOR);

  /* k too small: M ≥ k + ½ */
  for (;;)
    {
      big_mul_u64 (&test, &y, 2 * (guint64) k + 1);
      if (big_cmp (&x, &test) < 0)
        break;
      k++;
    }
  /* k too large: M < k − ½ */
  for (;;)
    {
      if (k == 0)
        break;
      big_mul_u64 (&test, &y, 2 * (guint64) k - 1);
      if (big_cmp (&x, &test) >= 0)
        break;
      k--;
    }

  return k;
}

/* The schedule of @principal at the instalment @monthly; FALSE when the
 * rounding leaves nothing for the last instalment */
static gboolean
run_schedule (gint64  principal,
              guint   rate_bp,
              guint   months,
              gint64  monthly,
              gint64 *last,
              gint64 *interest)
{
  gint64 balance = principal;
  gint64 charged = 0;
  gint64 month_interest;

  for (guint i = 1; i < months; i++)
    {
      month_interest = crm_money_div_round (balance * rate_bp, RATE_DENOMINATOR);
      charged += month_interest;
      balance -= monthly - month_interest;
    }
  month_interest = crm_money_div_round (balance * rate_bp, RATE_DENOMINATOR);
  *last = balance + month_interest;
  *interest = charged + month_interest;

  return *last > 0;
}

/**
 * crm_finance_annuity_payment:
 * @principal_fen: the loan, 1 … %CRM_MONEY_MAX_FEN
 * @rate_bp: the annual rate in basis points, 0 … 10,000
 * @months: 1 … %CRM_FINANCE_MAX_MONTHS
 *
 * The monthly instalment of an equal-instalment loan (等额本息), rounded half
 * up on the fen; exact whatever the numbers (see the top of crm-finance.c).
 *
 * Returns: the instalment in fen
 */
gint64
crm_finance_annuity_payment (gint64 principal_fen,
                             guint  rate_bp,
                             guint  months)
{
  g_return_val_if_fail (principal_fen > 0 && principal_fen <= CRM_MONEY_MAX_FEN, 0);
  g_return_val_if_fail (rate_bp <= MAX_RATE_BP, 0);
  g_return_val_if_fail (months > 0 && months <= CRM_FINANCE_MAX_MONTHS, 0);

  if (rate_bp == 0)
    return crm_money_div_round (principal_fen, months);

  return annuity_payment (principal_fen, rate_bp, months);
}

/**
 * crm_finance_compute:
 * @plan: how the customer pays
 * @result: (out caller-allocates): the figures
 * @error: %CRM_ERROR_INVALID_INPUT with a translated message when @plan
 *   cannot be: amounts out of range, a down payment above the price or
 *   covering all of it, a term or rate out of range, a loan too small for
 *   its number of instalments
 *
 * Works out a plan: full payment, or a loan repaid in equal monthly
 * instalments (rounding at the top of crm-finance.c), with what the maker's
 * interest subsidy (贴息) is worth: the interest at @rate_bp + @subsidy_bp
 * less the interest at @rate_bp, on the same loan.
 *
 * Returns: %TRUE with @result filled in, %FALSE with @error set
 */
gboolean
crm_finance_compute (const CrmFinancePlan  *plan,
                     CrmFinanceResult      *result,
                     GError               **error)
{
  gint64 principal;

  g_return_val_if_fail (plan != NULL, FALSE);
  g_return_val_if_fail (result != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  memset (result, 0, sizeof *result);

  if (plan->price_fen < 0 || plan->price_fen > CRM_MONEY_MAX_FEN ||
      plan->fees_fen < 0 || plan->fees_fen > CRM_MONEY_MAX_FEN)
    {
      g_set_error_literal (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                           _("The price and the fees must be amounts from zero up"));
      return FALSE;
    }

  if (plan->months == 0)
    {
      result->down_payment_fen = plan->price_fen;
      result->total_cost_fen = plan->price_fen + plan->fees_fen;
      return TRUE;
    }

  if (plan->down_payment_fen < 0 || plan->down_payment_fen > plan->price_fen)
    {
      g_set_error_literal (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                           _("The down payment must be between zero and the price"));
      return FALSE;
    }
  if (plan->down_payment_fen == plan->price_fen)
    {
      g_set_error_literal (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                           _("The down payment covers the whole price: choose full payment"));
      return FALSE;
    }
  if (plan->months > CRM_FINANCE_MAX_MONTHS)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                   /* Translators: %d is the longest term, 120 */
                   _("A loan runs at most %d months"), CRM_FINANCE_MAX_MONTHS);
      return FALSE;
    }
  if (plan->rate_bp > MAX_RATE_BP || plan->subsidy_bp > MAX_RATE_BP - plan->rate_bp)
    {
      g_set_error_literal (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                           _("The interest rate must be between 0 and 100 percent a year"));
      return FALSE;
    }

  principal = plan->price_fen - plan->down_payment_fen;
  result->down_payment_fen = plan->down_payment_fen;
  result->principal_fen = principal;
  result->monthly_fen = crm_finance_annuity_payment (principal, plan->rate_bp, plan->months);

  if (!run_schedule (principal, plan->rate_bp, plan->months, result->monthly_fen,
                     &result->last_fen, &result->interest_fen))
    {
      memset (result, 0, sizeof *result);
      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The loan is too small to be repaid in %u monthly instalment",
                                "The loan is too small to be repaid in %u monthly instalments",
                                plan->months),
                   plan->months);
      return FALSE;
    }
  if (plan->months == 1)
    result->monthly_fen = result->last_fen;

  result->repaid_fen = principal + result->interest_fen;
  result->total_cost_fen = plan->down_payment_fen + result->repaid_fen + plan->fees_fen;

  if (plan->subsidy_bp > 0)
    {
      guint lender_bp = plan->rate_bp + plan->subsidy_bp;
      gint64 lender_monthly = crm_finance_annuity_payment (principal, lender_bp, plan->months);
      gint64 lender_last;
      gint64 lender_interest;

      /* The interest is what the lender charges even where its schedule
       * would leave a last instalment of nothing (a loan of a few fen) */
      (void) run_schedule (principal, lender_bp, plan->months, lender_monthly,
                           &lender_last, &lender_interest);
      result->subsidy_fen = lender_interest - result->interest_fen;
    }

  return TRUE;
}
