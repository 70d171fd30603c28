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

#include "crm-error.h"
#include "crm-money.h"
#include "crm-purchase-tax.h"

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

  return g_test_run ();
}
