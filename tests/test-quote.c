/* test-quote.c: the arithmetic of a quote, worked by hand
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every expected figure is in fen and was worked out by hand (the
 * arithmetic is in the comments) or, for the annuities, with exact
 * fractions; none is read back from the code under test.
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gi18n.h>

#include "crm-test-util.h"
#include "crm-enums.h"
#include "crm-error.h"
#include "crm-finance.h"
#include "crm-model-enum-types.h"
#include "crm-money.h"
#include "crm-purchase-tax.h"
#include "crm-quote.h"

static GDate *
day (int year,
     int month,
     int mday)
{
  return g_date_new_dmy ((GDateDay) mday, (GDateMonth) month, (GDateYear) year);
}

static CrmPurchaseTax
tax_on (int      year,
        int      month,
        int      mday,
        gint64   invoiced_fen,
        gboolean new_energy)
{
  g_autoptr(GError) error = NULL;
  GDate *date = day (year, month, mday);
  CrmPurchaseTax tax;

  g_assert_true (crm_purchase_tax_compute (NULL, 0, date, invoiced_fen, new_energy, &tax, &error));
  g_assert_no_error (error);
  g_date_free (date);
  return tax;
}

/* ------------------------------------------------------------------------
 * Purchase tax
 * ------------------------------------------------------------------------ */

static void
test_tax_petrol (void)
{
  /* ¥189,800 invoiced: ÷ 1.13 = ¥167,964.6017… → ¥167,964.60 taxable;
   * × 10 % = ¥16,796.460 → ¥16,796.46. A petrol car pays the same on
   * both sides of the new-energy change. */
  CrmPurchaseTax before = tax_on (2025, 12, 31, 18980000, FALSE);
  CrmPurchaseTax after = tax_on (2026, 1, 1, 18980000, FALSE);

  g_assert_cmpint (before.taxable_fen, ==, 16796460);
  g_assert_cmpint (before.full_tax_fen, ==, 1679646);
  g_assert_cmpint (before.relief_fen, ==, 0);
  g_assert_cmpint (before.tax_fen, ==, 1679646);
  g_assert_cmpint (after.tax_fen, ==, 1679646);
  g_assert_cmpuint (before.rule->nev_relief_bp, ==, 10000);
  g_assert_cmpuint (after.rule->nev_relief_bp, ==, 5000);
}

/* The two roundings, as the invoice and the tax office make them */
static void
test_tax_rounding (void)
{
  /* ¥100,002: ÷ 1.13 = ¥88,497.3451… → ¥88,497.35 (the invoice);
   * × 10 % = ¥8,849.735 → ¥8,849.74 (half up). One rounding of
   * ¥100,002 ÷ 1.13 × 10 % = ¥8,849.7345… would give ¥8,849.73. */
  CrmPurchaseTax tax = tax_on (2025, 6, 1, 10000200, FALSE);

  g_assert_cmpint (tax.taxable_fen, ==, 8849735);
  g_assert_cmpint (tax.tax_fen, ==, 884974);

  /* ¥0 pays nothing; ¥0.01 is ¥0.01 taxable (0.88… fen rounds up) and
   * 0.1 fen of tax rounds to nothing */
  tax = tax_on (2025, 6, 1, 0, FALSE);
  g_assert_cmpint (tax.tax_fen, ==, 0);
  tax = tax_on (2025, 6, 1, 1, FALSE);
  g_assert_cmpint (tax.taxable_fen, ==, 1);
  g_assert_cmpint (tax.tax_fen, ==, 0);
}

/* A quote dated across the change of 2026-01-01 gives different figures */
static void
test_tax_new_energy_across_change (void)
{
  CrmPurchaseTax before;
  CrmPurchaseTax after;

  /* ¥359,800 (the figures a published example gives for a ¥359,800 car:
   * ¥1,840 in 2024–2025, ¥16,840 from 2026):
   * ÷ 1.13 = ¥318,407.0796… → ¥318,407.08; × 10 % = ¥31,840.708 →
   * ¥31,840.71 full tax.
   * 2025-12-31: exempt, at most ¥30,000: pays ¥1,840.71.
   * 2026-01-01: halved would let off ¥15,920.355 (pay ¥15,920.36 rounded
   * half up, let off ¥15,920.35), above the ¥15,000 cap: pays ¥16,840.71. */
  before = tax_on (2025, 12, 31, 35980000, TRUE);
  after = tax_on (2026, 1, 1, 35980000, TRUE);
  g_assert_cmpint (before.full_tax_fen, ==, 3184071);
  g_assert_cmpint (before.relief_fen, ==, 3000000);
  g_assert_cmpint (before.tax_fen, ==, 184071);
  g_assert_cmpint (after.full_tax_fen, ==, 3184071);
  g_assert_cmpint (after.relief_fen, ==, 1500000);
  g_assert_cmpint (after.tax_fen, ==, 1684071);
  g_assert_cmpint (after.tax_fen - before.tax_fen, ==, 1500000);

  /* ¥200,000: ÷ 1.13 = ¥176,991.1504… → ¥176,991.15; × 10 % =
   * ¥17,699.115 → ¥17,699.12. 2025: all of it let off (under ¥30,000):
   * pays ¥0. 2026: half, ¥8,849.56, under the cap: pays ¥8,849.56. */
  before = tax_on (2025, 12, 31, 20000000, TRUE);
  after = tax_on (2026, 1, 1, 20000000, TRUE);
  g_assert_cmpint (before.full_tax_fen, ==, 1769912);
  g_assert_cmpint (before.tax_fen, ==, 0);
  g_assert_cmpint (before.relief_fen, ==, 1769912);
  g_assert_cmpint (after.relief_fen, ==, 884956);
  g_assert_cmpint (after.tax_fen, ==, 884956);

  /* ¥500,000 (the published example: "about ¥14,247" in 2024–2025):
   * ÷ 1.13 = ¥442,477.876… → ¥442,477.88; × 10 % = ¥44,247.788 →
   * ¥44,247.79; less ¥30,000 = ¥14,247.79; from 2026 less ¥15,000 =
   * ¥29,247.79 */
  g_assert_cmpint (tax_on (2024, 1, 1, 50000000, TRUE).tax_fen, ==, 1424779);
  g_assert_cmpint (tax_on (2027, 12, 31, 50000000, TRUE).tax_fen, ==, 2924779);
}

static void
test_tax_new_energy_edges (void)
{
  CrmPurchaseTax tax;

  /* ¥339,000 is where the ¥30,000 cap begins: ÷ 1.13 = ¥300,000 exactly,
   * tax ¥30,000, all let off */
  tax = tax_on (2025, 7, 1, 33900000, TRUE);
  g_assert_cmpint (tax.full_tax_fen, ==, 3000000);
  g_assert_cmpint (tax.tax_fen, ==, 0);
  /* ¥339,001: ÷ 1.13 = ¥300,000.884… → ¥300,000.88; tax ¥30,000.088 →
   * ¥30,000.09; pays 9 fen */
  tax = tax_on (2025, 7, 1, 33900100, TRUE);
  g_assert_cmpint (tax.taxable_fen, ==, 30000088);
  g_assert_cmpint (tax.tax_fen, ==, 9);

  /* Halving an odd number of fen, rounded on what the buyer pays:
   * ¥150,001 ÷ 1.13 = ¥132,744.2477… → ¥132,744.25; × 10 % =
   * ¥13,274.425 → ¥13,274.43 (half up); half is ¥6,637.215 → pays
   * ¥6,637.22, let off ¥6,637.21 */
  tax = tax_on (2026, 3, 1, 15000100, TRUE);
  g_assert_cmpint (tax.taxable_fen, ==, 13274425);
  g_assert_cmpint (tax.full_tax_fen, ==, 1327443);
  g_assert_cmpint (tax.tax_fen, ==, 663722);
  g_assert_cmpint (tax.relief_fen, ==, 663721);

  /* 2023: exempt without a cap; 2028 on: no relief (the announcement
   * ends with 2027) */
  g_assert_cmpint (tax_on (2023, 6, 1, 50000000, TRUE).tax_fen, ==, 0);
  g_assert_cmpint (tax_on (2028, 1, 1, 35980000, TRUE).tax_fen, ==, 3184071);
  g_assert_cmpint (tax_on (2027, 12, 31, 35980000, TRUE).tax_fen, ==, 1684071);
}

static void
test_tax_rules (void)
{
  g_autoptr(GError) error = NULL;
  guint n_rules = 0;
  const CrmPurchaseTaxRule *defaults = crm_purchase_tax_default_rules (&n_rules);
  GDate *date;
  CrmPurchaseTax tax;
  /* The showroom's own table: the built-in rules, with 2026 corrected as
   * if the exemption had been extended, and a made-up 5 % from 2030 */
  CrmPurchaseTaxRule custom[8];
  guint n_custom = n_rules;

  g_assert_cmpuint (n_rules, >=, 4);
  g_assert_cmpuint (n_rules + 2, <=, G_N_ELEMENTS (custom));
  memcpy (custom, defaults, n_rules * sizeof *defaults);
  custom[n_custom++] = (CrmPurchaseTaxRule) { 2026, G_DATE_JANUARY, 1, 1300, 1000, 10000, 3000000 };
  custom[n_custom++] = (CrmPurchaseTaxRule) { 2030, G_DATE_JULY, 1, 1300, 500, 0, 0 };

  date = day (2026, 1, 1);
  g_assert_true (crm_purchase_tax_compute (custom, n_custom, date, 35980000, TRUE, &tax, &error));
  g_assert_no_error (error);
  g_assert_cmpint (tax.tax_fen, ==, 184071);
  g_assert_true (tax.rule == &custom[n_rules]);
  g_date_free (date);

  /* ¥189,800 at 5 %: ¥167,964.60 × 5 % = ¥8,398.23 */
  date = day (2030, 7, 1);
  g_assert_true (crm_purchase_tax_compute (custom, n_custom, date, 18980000, FALSE, &tax, &error));
  g_assert_cmpint (tax.tax_fen, ==, 839823);
  g_date_free (date);
  /* the day before still the 2028 rule */
  date = day (2030, 6, 30);
  g_assert_true (crm_purchase_tax_compute (custom, n_custom, date, 18980000, FALSE, &tax, &error));
  g_assert_cmpint (tax.tax_fen, ==, 1679646);
  g_date_free (date);

  /* The order of the table does not matter, but for two rules starting on
   * the same day, where the later one wins */
  {
    CrmPurchaseTaxRule reversed[8];
    const CrmPurchaseTaxRule *rule;

    for (guint i = 0; i < n_custom; i++)
      reversed[i] = custom[n_custom - 1 - i];
    date = day (2029, 5, 5);
    rule = crm_purchase_tax_rule_lookup (reversed, n_custom, date);
    g_assert_nonnull (rule);
    g_assert_cmpuint (rule->year, ==, 2028);
    g_date_set_dmy (date, 5, G_DATE_MAY, 2027);
    rule = crm_purchase_tax_rule_lookup (reversed, n_custom, date);
    g_assert_cmpuint (rule->year, ==, 2026);
    g_assert_cmpuint (rule->nev_relief_bp, ==, 5000);   /* the built-in one, now later */
    g_date_free (date);
  }

  /* Before any rule */
  date = day (2022, 12, 31);
  g_assert_null (crm_purchase_tax_rule_lookup (NULL, 0, date));
  g_assert_false (crm_purchase_tax_compute (NULL, 0, date, 18980000, FALSE, &tax, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
  g_assert_cmpstr (error->message, ==, "No purchase tax rate is set for 2022-12-31");
  g_clear_error (&error);

  /* Prices out of range */
  g_date_set_dmy (date, 1, G_DATE_JANUARY, 2026);
  g_assert_false (crm_purchase_tax_compute (NULL, 0, date, -1, FALSE, &tax, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (crm_purchase_tax_compute (NULL, 0, date, CRM_MONEY_MAX_FEN + 1, FALSE, &tax, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  /* A rule out of range in the showroom's table */
  custom[0] = (CrmPurchaseTaxRule) { 2020, G_DATE_JANUARY, 1, 1300, 10001, 0, 0 };
  g_date_set_dmy (date, 1, G_DATE_JANUARY, 2021);
  g_assert_false (crm_purchase_tax_compute (custom, 1, date, 18980000, FALSE, &tax, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
  g_date_free (date);
}

/* ------------------------------------------------------------------------
 * Finance
 * ------------------------------------------------------------------------ */

typedef struct
{
  gint64 principal;
  guint  rate_bp;
  guint  months;
  gint64 expected;
} Annuity;

/* Instalments from exact fractions (M = P·b·N / (D·(N − D^n)), rounded half
 * up), not from a double: three realistic ones within 0.0001 fen of a half,
 * and loans of one month whose annuity is exactly a half */
static const Annuity annuities[] = {
  { 10000000, 450, 36, 297469 },     /* ¥100,000, 4.5 %, 3 years: 2,974.6924… */
  { 8000000, 288, 24, 343425 },      /* 3,434.2521… */
  { 15000000, 399, 60, 276180 },     /* 2,761.8014… */
  { 20000000, 500, 12, 1712150 },    /* 17,121.4963… */
  { 12345678, 475, 48, 282916 },     /* 2,829.1624… */
  { 13000000, 350, 60, 236493 },     /* 2,364.9268… */
  { 10000000, 1, 36, 277821 },       /* 0.01 %: 2,778.2060… */
  { 9000000, 450, 1, 9033750 },      /* one month: P × 1.00375 */
  { 10000000, 10000, 120, 833389 },  /* 100 % over 10 years: 8,333.8948… */
  { 5388000, 399, 24, 233949 },      /* 2,339.4949997… down */
  { 5116400, 399, 24, 222156 },      /* 2,221.5649993… down */
  { 5047900, 450, 36, 150160 },      /* 1,501.5950007… up */
  { 5079600, 288, 12, 429933 },      /* 4,299.3250009… up */
  /* 400 × 1.00375 = 401.5 exactly: up. Rounding the double (401.4999…
   * or 401.5000…) gives 401 here, 2,007 and 4,416 below: the integer
   * check is what makes these right */
  { 400, 450, 1, 402 },
  { 1200, 450, 1, 1205 },            /* 1,204.5 */
  { 2000, 450, 1, 2008 },            /* 2,007.5 */
  { 4400, 450, 1, 4417 },            /* 4,416.5 */
  { 10000000, 0, 36, 277778 },       /* 0 %: 277,777.77… */
  { 10000000, 0, 3, 3333333 },       /* 0 %: 3,333,333.33… */
  { 20000000, 0, 3, 6666667 },       /* 0 %: 6,666,666.66… */
};

static void
test_annuity (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (annuities); i++)
    {
      const Annuity *a = &annuities[i];

      g_test_message ("%" G_GINT64_FORMAT " fen at %u bp over %u months",
                      a->principal, a->rate_bp, a->months);
      g_assert_cmpint (crm_finance_annuity_payment (a->principal, a->rate_bp, a->months), ==,
                       a->expected);
    }
}

static CrmFinanceResult
finance (gint64 price,
         gint64 down,
         guint  months,
         guint  rate_bp,
         guint  subsidy_bp,
         gint64 fees)
{
  g_autoptr(GError) error = NULL;
  CrmFinancePlan plan = { price, down, months, rate_bp, subsidy_bp, fees };
  CrmFinanceResult result;

  g_assert_true (crm_finance_compute (&plan, &result, &error));
  g_assert_no_error (error);
  /* Whatever the plan, the figures agree with each other */
  g_assert_cmpint (result.down_payment_fen + result.principal_fen, ==, price);
  g_assert_cmpint (result.repaid_fen, ==, result.principal_fen + result.interest_fen);
  if (months > 0)
    g_assert_cmpint (result.repaid_fen, ==,
                     result.monthly_fen * (gint64) (months - 1) + result.last_fen);
  g_assert_cmpint (result.total_cost_fen, ==,
                   result.down_payment_fen + result.repaid_fen + fees);
  return result;
}

static void
test_loan (void)
{
  /* ¥130,000 with ¥30,000 down: ¥100,000 over 36 months at 4.5 % a year,
   * ¥1,500 in fees.
   *   r = 4.5 % ÷ 12 = 0.375 % a month
   *   (1 + r)^36 = 1.00375^36 = 1.1442478322…
   *   M = 100,000 × 0.00375 × 1.1442478322 ÷ 0.1442478322 = 2,974.6924…
   *     → ¥2,974.69 a month (half up on the fen)
   *   month 1: interest 100,000 × 0.00375 = ¥375.00, repaid ¥2,599.69,
   *     balance ¥97,400.31; and so on, each month's interest rounded
   *   month 36 clears the balance: ¥2,974.78
   *   repaid 35 × 2,974.69 + 2,974.78 = ¥107,088.93: interest ¥7,088.93
   *   total cost 30,000 + 107,088.93 + 1,500 = ¥138,588.93 */
  CrmFinanceResult r = finance (13000000, 3000000, 36, 450, 0, 150000);

  g_assert_cmpint (r.down_payment_fen, ==, 3000000);
  g_assert_cmpint (r.principal_fen, ==, 10000000);
  g_assert_cmpint (r.monthly_fen, ==, 297469);
  g_assert_cmpint (r.last_fen, ==, 297478);
  g_assert_cmpint (r.repaid_fen, ==, 10708893);
  g_assert_cmpint (r.interest_fen, ==, 708893);
  g_assert_cmpint (r.subsidy_fen, ==, 0);
  g_assert_cmpint (r.total_cost_fen, ==, 13858893);

  /* ¥80,000 over 24 months at 2.88 %: 3,434.2521… → ¥3,434.25;
   * the last ¥3,434.31; repaid ¥82,422.06 */
  r = finance (8000000, 0, 24, 288, 0, 0);
  g_assert_cmpint (r.monthly_fen, ==, 343425);
  g_assert_cmpint (r.last_fen, ==, 343431);
  g_assert_cmpint (r.interest_fen, ==, 242206);

  /* ¥200,000 over 12 months at 5 %: 17,121.4963… → ¥17,121.50, which is
   * rounded up, so the last is less: ¥17,121.45 */
  r = finance (20000000, 0, 12, 500, 0, 0);
  g_assert_cmpint (r.monthly_fen, ==, 1712150);
  g_assert_cmpint (r.last_fen, ==, 1712145);
  g_assert_cmpint (r.repaid_fen, ==, 20545795);

  /* One month: ¥90,000 × 1.00375 */
  r = finance (9000000, 0, 1, 450, 0, 0);
  g_assert_cmpint (r.monthly_fen, ==, 9033750);
  g_assert_cmpint (r.last_fen, ==, 9033750);
  g_assert_cmpint (r.interest_fen, ==, 33750);
}

/* The maker's interest subsidy (厂家贴息) */
static void
test_subsidy (void)
{
  /* 0 % on a lender's 4.5 %: ¥100,000 ÷ 36 = 2,777.777… → ¥2,777.78 for
   * 35 months, the last 100,000 − 35 × 2,777.78 = ¥2,777.70; no interest;
   * the maker pays the ¥7,088.93 the customer would have (above) */
  CrmFinanceResult r = finance (10000000, 0, 36, 0, 450, 0);

  g_assert_cmpint (r.monthly_fen, ==, 277778);
  g_assert_cmpint (r.last_fen, ==, 277770);
  g_assert_cmpint (r.interest_fen, ==, 0);
  g_assert_cmpint (r.repaid_fen, ==, 10000000);
  g_assert_cmpint (r.subsidy_fen, ==, 708893);

  /* 1.99 % to the customer on the lender's 4.5 % (2.51 points of 贴息):
   * 2,863.8189… → ¥2,863.82, last ¥2,863.88, interest ¥3,097.58; the
   * maker pays 7,088.93 − 3,097.58 = ¥3,991.35 */
  r = finance (10000000, 0, 36, 199, 251, 0);
  g_assert_cmpint (r.monthly_fen, ==, 286382);
  g_assert_cmpint (r.last_fen, ==, 286388);
  g_assert_cmpint (r.interest_fen, ==, 309758);
  g_assert_cmpint (r.subsidy_fen, ==, 399135);

  /* 0 % without a subsidy (the maker's own finance company) */
  r = finance (10000000, 0, 36, 0, 0, 0);
  g_assert_cmpint (r.monthly_fen, ==, 277778);
  g_assert_cmpint (r.subsidy_fen, ==, 0);
}

static void
test_full_payment (void)
{
  /* A zero-filled plan is full payment of nothing */
  CrmFinancePlan empty = { 0, };
  CrmFinanceResult r;
  g_autoptr(GError) error = NULL;

  g_assert_true (crm_finance_compute (&empty, &r, &error));
  g_assert_cmpint (r.total_cost_fen, ==, 0);

  /* Full payment: the down payment and the rate are not read */
  r = finance (20164451, 5000000, 0, 450, 0, 0);
  g_assert_cmpint (r.down_payment_fen, ==, 20164451);
  g_assert_cmpint (r.principal_fen, ==, 0);
  g_assert_cmpint (r.monthly_fen, ==, 0);
  g_assert_cmpint (r.total_cost_fen, ==, 20164451);
  r = finance (20164451, 0, 0, 0, 0, 30000);
  g_assert_cmpint (r.total_cost_fen, ==, 20194451);
}

static void
assert_plan_refused (gint64      price,
                     gint64      down,
                     guint       months,
                     guint       rate_bp,
                     guint       subsidy_bp,
                     const char *message)
{
  g_autoptr(GError) error = NULL;
  CrmFinancePlan plan = { price, down, months, rate_bp, subsidy_bp, 0 };
  CrmFinanceResult result;

  g_assert_false (crm_finance_compute (&plan, &result, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
  g_assert_cmpstr (error->message, ==, message);
  g_assert_cmpint (result.monthly_fen, ==, 0);
}

static void
test_finance_refused (void)
{
  assert_plan_refused (-1, 0, 0, 0, 0, "The price and the fees must be amounts from zero up");
  assert_plan_refused (CRM_MONEY_MAX_FEN + 1, 0, 36, 450, 0,
                       "The price and the fees must be amounts from zero up");
  assert_plan_refused (10000000, 10000001, 36, 450, 0,
                       "The down payment must be between zero and the price");
  assert_plan_refused (10000000, -1, 36, 450, 0,
                       "The down payment must be between zero and the price");
  assert_plan_refused (10000000, 10000000, 36, 450, 0,
                       "The down payment covers the whole price: choose full payment");
  assert_plan_refused (10000000, 0, 121, 450, 0, "A loan runs at most 120 months");
  assert_plan_refused (10000000, 0, 36, 10001, 0,
                       "The interest rate must be between 0 and 100 percent a year");
  assert_plan_refused (10000000, 0, 36, 9000, 1001,
                       "The interest rate must be between 0 and 100 percent a year");
  /* ¥1 over 36 months at 4.5 %: 3 fen a month (2.97… rounded) would repay
   * 105 fen in 35 months, leaving the last below zero */
  assert_plan_refused (100, 0, 36, 450, 0,
                       "The loan is too small to be repaid in 36 monthly instalments");
}

/* The schedule always adds up, and the last instalment stays within a few
 * fen of the others at the rates car loans have */
static void
test_schedule_adds_up (void)
{
  static const guint rates[] = { 0, 1, 199, 288, 350, 399, 450, 475, 599, 888, 1200 };
  static const guint terms[] = { 1, 2, 3, 6, 12, 18, 24, 36, 48, 60, 84, 120 };

  for (gint64 principal = 100000; principal <= 100000000; principal = principal * 7 + 1)
    for (guint i = 0; i < G_N_ELEMENTS (rates); i++)
      for (guint j = 0; j < G_N_ELEMENTS (terms); j++)
        {
          CrmFinanceResult r = finance (principal, 0, terms[j], rates[i], 0, 0);

          g_assert_cmpint (r.last_fen, >, 0);
          g_assert_cmpint (ABS (r.last_fen - r.monthly_fen), <=, (gint64) terms[j]);
        }
}

/* ------------------------------------------------------------------------
 * The quote
 * ------------------------------------------------------------------------ */

#define LINE(kind, amount, cost) { CRM_QUOTE_LINE_##kind, (amount), (cost) }

/* A petrol car listed at ¥189,800, ¥12,000 off, the trade-in of the
 * customer's old car, the maker's trade-in subsidy: */
static const CrmQuoteLine example_lines[] = {
  LINE (VEHICLE, 18980000, 0),
  LINE (DISCOUNT, -1200000, 0),
  /* on ¥177,800: ÷ 1.13 = ¥157,345.13; × 10 % = ¥15,734.513 → ¥15,734.51 */
  LINE (PURCHASE_TAX, 1573451, 1573451),
  LINE (COMPULSORY_INSURANCE, 95000, 90250),      /* commission ¥47.50 */
  LINE (VEHICLE_TAX, 36000, 36000),
  LINE (COMMERCIAL_INSURANCE, 480000, 408000),    /* commission ¥720 */
  LINE (PLATE_FEE, 50000, 20000),                 /* earns ¥300 */
  LINE (ACCESSORIES, 300000, 120000),             /* earns ¥1,800 */
  LINE (EXTENDED_WARRANTY, 250000, 150000),       /* earns ¥1,000 */
  LINE (FINANCE_FEE, 100000, 0),                  /* earns ¥1,000 */
  LINE (TRADE_IN, -6000000, -6300000),            /* offered ¥60,000, sells for ¥63,000 */
  LINE (TRADE_IN_SUBSIDY, -500000, -500000),      /* the maker pays it back */
};

static void
test_total (void)
{
  g_autoptr(GError) error = NULL;
  CrmQuoteTotal total;
  CrmPurchaseTax tax = tax_on (2026, 3, 15, 17780000, FALSE);

  g_assert_cmpint (tax.tax_fen, ==, example_lines[2].amount_fen);

  /* The car cost ¥170,000 with VAT; ¥4,000 of rebates are expected */
  g_assert_true (crm_quote_total (example_lines, G_N_ELEMENTS (example_lines), 1300,
                                  17000000, 400000, &total, &error));
  g_assert_no_error (error);

  /* 189,800 − 12,000 */
  g_assert_cmpint (total.invoiced_fen, ==, 17780000);
  /* 177,800 + 15,734.51 + 950 + 360 + 4,800 + 500 + 3,000 + 2,500 + 1,000
   * − 5,000 = ¥201,644.51 (the trade-in is not a price) */
  g_assert_cmpint (total.on_the_road_fen, ==, 20164451);
  g_assert_cmpint (total.trade_in_fen, ==, -6000000);
  /* 201,644.51 − 60,000 */
  g_assert_cmpint (total.to_pay_fen, ==, 14164451);
  /* The car: 157,345.13 − 170,000 ÷ 1.13 (150,442.4778… → 150,442.48)
   * = ¥6,902.65; the lines: 47.50 + 720 + 300 + 1,800 + 1,000 + 1,000
   * + 3,000 + 0 = ¥7,867.50; rebates ¥4,000: ¥18,770.15 */
  g_assert_cmpint (total.gross_fen, ==, 1877015);
}

static void
test_total_minimal (void)
{
  g_autoptr(GError) error = NULL;
  CrmQuoteTotal total;
  const CrmQuoteLine car[] = { LINE (VEHICLE, 11300000, 0) };
  /* The trade-in worth more than the car: the showroom pays the difference */
  const CrmQuoteLine swap[] = {
    LINE (VEHICLE, 11300000, 0),
    LINE (TRADE_IN, -12000000, -12500000),
  };

  /* ¥113,000 ÷ 1.13 = ¥100,000; cost ¥101,700 ÷ 1.13 = ¥90,000 */
  g_assert_true (crm_quote_total (car, 1, 1300, 10170000, 0, &total, &error));
  g_assert_cmpint (total.on_the_road_fen, ==, 11300000);
  g_assert_cmpint (total.to_pay_fen, ==, 11300000);
  g_assert_cmpint (total.gross_fen, ==, 1000000);
  /* Sold below cost: a negative gross */
  g_assert_true (crm_quote_total (car, 1, 1300, 12430000, 0, &total, &error));
  g_assert_cmpint (total.gross_fen, ==, -1000000);

  g_assert_true (crm_quote_total (swap, 2, 1300, 10170000, 0, &total, &error));
  g_assert_no_error (error);
  g_assert_cmpint (total.on_the_road_fen, ==, 11300000);
  g_assert_cmpint (total.to_pay_fen, ==, -700000);
  g_assert_cmpint (total.gross_fen, ==, 1000000 + 500000);
}

static void
assert_total_refused (const CrmQuoteLine *lines,
                      guint               n_lines,
                      const char         *message)
{
  g_autoptr(GError) error = NULL;
  CrmQuoteTotal total;

  g_assert_false (crm_quote_total (lines, n_lines, 1300, 0, 0, &total, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
  g_assert_cmpstr (error->message, ==, message);
}

static void
test_total_refused (void)
{
  const CrmQuoteLine no_car[] = { LINE (ACCESSORIES, 100, 0) };
  const CrmQuoteLine two_cars[] = { LINE (VEHICLE, 100, 0), LINE (VEHICLE, 100, 0) };
  const CrmQuoteLine positive_discount[] = { LINE (VEHICLE, 100, 0), LINE (DISCOUNT, 10, 0) };
  const CrmQuoteLine negative_accessories[] = { LINE (VEHICLE, 100, 0), LINE (ACCESSORIES, -10, 0) };
  const CrmQuoteLine too_much_off[] = { LINE (VEHICLE, 100, 0), LINE (DISCOUNT, -101, 0) };
  const CrmQuoteLine huge[] = { LINE (VEHICLE, CRM_MONEY_MAX_FEN + 1, 0) };
  const CrmQuoteLine unknown[] = { LINE (VEHICLE, 100, 0), { (CrmQuoteLineKind) 99, 0, 0 } };
  g_autoptr(GError) error = NULL;
  CrmQuoteTotal total;

  assert_total_refused (NULL, 0, "The quote has no vehicle price");
  assert_total_refused (no_car, 1, "The quote has no vehicle price");
  assert_total_refused (two_cars, 2, "The quote has more than one vehicle price");
  assert_total_refused (positive_discount, 2,
                        "“Discount” takes money off the quote: its amount cannot be above zero");
  assert_total_refused (negative_accessories, 2, "The amount of “Accessories” cannot be below zero");
  assert_total_refused (too_much_off, 2, "The discount is larger than the vehicle price");
  assert_total_refused (huge, 1, "The amount of “Vehicle price” is too large");
  assert_total_refused (unknown, 2, "The quote has a line of an unknown kind");

  g_assert_false (crm_quote_total (example_lines, 1, 1300, -1, 0, &total, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
}

static void
test_line_kinds (void)
{
  g_autoptr(CrmQuoteLine) copy = crm_quote_line_copy (&example_lines[10]);
  g_auto(GValue) value = G_VALUE_INIT;
  const CrmQuoteLine *held;

  g_assert_cmpint (copy->kind, ==, CRM_QUOTE_LINE_TRADE_IN);
  g_assert_cmpint (copy->amount_fen, ==, -6000000);
  g_assert_cmpint (copy->cost_fen, ==, -6300000);

  g_value_init (&value, CRM_TYPE_QUOTE_LINE);
  g_value_set_boxed (&value, copy);
  held = g_value_get_boxed (&value);
  g_assert_true (held != copy);
  g_assert_cmpint (held->amount_fen, ==, -6000000);

  /* Codes for the database */
  g_assert_cmpstr (crm_enum_to_code (CRM_TYPE_QUOTE_LINE_KIND, CRM_QUOTE_LINE_PURCHASE_TAX), ==,
                   "purchase-tax");
  g_assert_cmpstr (crm_enum_to_code (CRM_TYPE_QUOTE_LINE_KIND, CRM_QUOTE_LINE_TRADE_IN_SUBSIDY), ==,
                   "trade-in-subsidy");

  for (guint kind = 0; kind < CRM_N_QUOTE_LINE_KINDS; kind++)
    {
      gboolean credit = kind == CRM_QUOTE_LINE_DISCOUNT || kind == CRM_QUOTE_LINE_TRADE_IN ||
                        kind == CRM_QUOTE_LINE_TRADE_IN_SUBSIDY;
      int back = -1;

      g_assert_nonnull (crm_quote_line_kind_get_label (kind));
      g_assert_cmpint (crm_quote_line_kind_is_credit (kind), ==, credit);
      g_assert_true (crm_enum_from_code (CRM_TYPE_QUOTE_LINE_KIND,
                                         crm_enum_to_code (CRM_TYPE_QUOTE_LINE_KIND, (int) kind),
                                         &back));
      g_assert_cmpint (back, ==, kind);
    }
  g_assert_cmpstr (crm_quote_line_kind_get_label (CRM_QUOTE_LINE_VEHICLE_TAX), ==,
                   "Vehicle and vessel tax");
}

/* ------------------------------------------------------------------------
 * A whole quote, recalculated as the quote builder will
 * ------------------------------------------------------------------------ */

typedef struct
{
  CrmPurchaseTax   tax;
  CrmQuoteTotal    total;
  CrmFinanceResult plans[3];
} Quote;

static void
recalculate (const GDate *date,
             gint64       list_price,
             gint64       discount,
             gboolean     new_energy,
             Quote       *quote)
{
  g_autoptr(GError) error = NULL;
  CrmQuoteLine lines[] = {
    LINE (VEHICLE, list_price, 0),
    LINE (DISCOUNT, -discount, 0),
    LINE (PURCHASE_TAX, 0, 0),
    LINE (COMPULSORY_INSURANCE, 95000, 90250),
    LINE (COMMERCIAL_INSURANCE, 520000, 440000),
    LINE (PLATE_FEE, 50000, 20000),
  };
  CrmFinancePlan plans[3] = { { 0, }, };

  g_assert_true (crm_purchase_tax_compute (NULL, 0, date, list_price - discount, new_energy,
                                           &quote->tax, &error));
  lines[2].amount_fen = lines[2].cost_fen = quote->tax.tax_fen;
  g_assert_true (crm_quote_total (lines, G_N_ELEMENTS (lines), quote->tax.rule->vat_bp,
                                  list_price - discount - 1000000, 0, &quote->total, &error));
  g_assert_no_error (error);

  /* Full payment; 30 % down over 3 years at 4.5 %; 50 % down, 2 years 0 % */
  plans[0].price_fen = quote->total.to_pay_fen;
  plans[1] = (CrmFinancePlan) { quote->total.to_pay_fen, quote->total.to_pay_fen * 3 / 10, 36, 450, 0, 0 };
  plans[2] = (CrmFinancePlan) { quote->total.to_pay_fen, quote->total.to_pay_fen / 2, 24, 0, 450, 0 };
  for (guint i = 0; i < G_N_ELEMENTS (plans); i++)
    {
      g_assert_true (crm_finance_compute (&plans[i], &quote->plans[i], &error));
      g_assert_no_error (error);
    }
}

/* The same new-energy quote on 2025-12-31 and 2026-01-01 */
static void
test_quote_across_change (void)
{
  GDate *before_date = day (2025, 12, 31);
  GDate *after_date = day (2026, 1, 1);
  Quote before;
  Quote after;

  /* ¥369,800 less ¥10,000: the ¥359,800 car above */
  recalculate (before_date, 36980000, 1000000, TRUE, &before);
  recalculate (after_date, 36980000, 1000000, TRUE, &after);

  g_assert_cmpint (before.tax.tax_fen, ==, 184071);
  g_assert_cmpint (after.tax.tax_fen, ==, 1684071);
  /* 359,800 + 1,840.71 + 950 + 5,200 + 500 = ¥368,290.71 */
  g_assert_cmpint (before.total.on_the_road_fen, ==, 36829071);
  /* 359,800 + 16,840.71 + 950 + 5,200 + 500 = ¥383,290.71 */
  g_assert_cmpint (after.total.on_the_road_fen, ==, 38329071);
  g_assert_cmpint (after.total.on_the_road_fen - before.total.on_the_road_fen, ==, 1500000);
  /* The gross does not change: the tax is the state's */
  g_assert_cmpint (after.total.gross_fen, ==, before.total.gross_fen);
  /* Every plan costs the customer more */
  for (guint i = 0; i < 3; i++)
    g_assert_cmpint (after.plans[i].total_cost_fen, >, before.plans[i].total_cost_fen);
  /* Full payment: exactly the on-the-road price */
  g_assert_cmpint (before.plans[0].total_cost_fen, ==, 36829071);
  g_assert_cmpint (after.plans[0].total_cost_fen, ==, 38329071);

  g_date_free (before_date);
  g_date_free (after_date);
}

/* The quote sheet's words in Chinese, from the build's translations (when
 * they are there: the test builds before them when run by hand) */
static void
test_translated (void)
{
  const CrmQuoteLine positive_discount[] = { LINE (VEHICLE, 100, 0), LINE (DISCOUNT, 10, 0) };
  g_autoptr(GError) error = NULL;
  CrmQuoteTotal total;

  crm_test_use_built_translations ("zh_CN.UTF-8");

  g_assert_cmpstr (crm_quote_line_kind_get_label (CRM_QUOTE_LINE_PURCHASE_TAX), ==, "购置税");
  g_assert_cmpstr (crm_quote_line_kind_get_label (CRM_QUOTE_LINE_COMPULSORY_INSURANCE), ==, "交强险");
  g_assert_cmpstr (crm_quote_line_kind_get_label (CRM_QUOTE_LINE_VEHICLE_TAX), ==, "车船税");
  g_assert_cmpstr (crm_quote_line_kind_get_label (CRM_QUOTE_LINE_COMMERCIAL_INSURANCE), ==, "商业险");
  g_assert_cmpstr (crm_quote_line_kind_get_label (CRM_QUOTE_LINE_PLATE_FEE), ==, "上牌费");
  g_assert_cmpstr (crm_quote_line_kind_get_label (CRM_QUOTE_LINE_ACCESSORIES), ==, "精品");
  g_assert_cmpstr (crm_quote_line_kind_get_label (CRM_QUOTE_LINE_EXTENDED_WARRANTY), ==, "延保");
  g_assert_cmpstr (crm_quote_line_kind_get_label (CRM_QUOTE_LINE_TRADE_IN), ==, "置换");

  g_assert_false (crm_quote_total (positive_discount, 2, 1300, 0, 0, &total, &error));
  g_assert_cmpstr (error->message, ==, "“优惠”是从报价中扣减的金额，不能大于零");

  setlocale (LC_ALL, "C.UTF-8");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* Messages are checked untranslated */
  setlocale (LC_ALL, "C.UTF-8");

  g_test_add_func ("/quote/tax/petrol", test_tax_petrol);
  g_test_add_func ("/quote/tax/rounding", test_tax_rounding);
  g_test_add_func ("/quote/tax/new-energy-across-change", test_tax_new_energy_across_change);
  g_test_add_func ("/quote/tax/new-energy-edges", test_tax_new_energy_edges);
  g_test_add_func ("/quote/tax/rules", test_tax_rules);
  g_test_add_func ("/quote/finance/annuity", test_annuity);
  g_test_add_func ("/quote/finance/loan", test_loan);
  g_test_add_func ("/quote/finance/subsidy", test_subsidy);
  g_test_add_func ("/quote/finance/full-payment", test_full_payment);
  g_test_add_func ("/quote/finance/refused", test_finance_refused);
  g_test_add_func ("/quote/finance/schedule-adds-up", test_schedule_adds_up);
  g_test_add_func ("/quote/total", test_total);
  g_test_add_func ("/quote/total/minimal", test_total_minimal);
  g_test_add_func ("/quote/total/refused", test_total_refused);
  g_test_add_func ("/quote/line-kinds", test_line_kinds);
  g_test_add_func ("/quote/across-change", test_quote_across_change);
  g_test_add_func ("/quote/translated", test_translated);

  return g_test_run ();
}
