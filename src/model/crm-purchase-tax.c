/* crm-purchase-tax.c: vehicle purchase tax (车辆购置税) by dated rules
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The tax (车辆购置税法, 2019) is 10 % of the taxable price, which for a
 * car bought from a dealer is the price paid without VAT: the vehicle
 * sales invoice (机动车销售统一发票) prints the price with VAT (价税合计)
 * and without it, to the fen, and the tax office takes the latter. So:
 *
 *   taxable = invoiced price after discount ÷ (1 + 13 %), rounded to the fen
 *   tax     = taxable × 10 %, rounded to the fen
 *
 * Both roundings are half up on the fen. Rounding twice, as the invoice and
 * the tax office do, differs from rounding price ÷ 1.13 × 10 % once by a
 * fen now and then: ¥100,002.00 gives a taxable ¥88,497.35 and a tax of
 * ¥8,849.74, where one rounding would give ¥8,849.73. The customer pays the
 * tax office's figure, so that is the one quoted.
 *
 * New-energy vehicles (财政部 税务总局 工业和信息化部公告2023年第10号, on
 * continuing and optimising the purchase tax relief): bought (by the
 * invoice's date) from 2024-01-01 to 2025-12-31 they are exempt, at most
 * ¥30,000 per new-energy passenger car; from 2026-01-01 to 2027-12-31 the
 * tax is halved, at most ¥15,000 relief per car. The relief is applied to
 * the tax: the halved tax is rounded half up on the fen (what the buyer
 * pays is rounded like every other figure), then the relief is capped.
 * The caps are for passenger cars (at most 9 seats), which is what a
 * showroom sells; other new-energy vehicles are outside this table.
 */
#include "config.h"

#define G_LOG_DOMAIN "crm-purchase-tax"

#include <glib/gi18n.h>

#include "crm-error.h"
#include "crm-money.h"
#include "crm-purchase-tax.h"

/* The law as of the 2023 announcement. The table starts in 2023: a quote
 * is dated today or later, and the earlier cuts for small engines (half
 * tax from June to December 2022 for cars up to 2.0 litres and ¥300,000)
 * depend on more than a price. After 2027 the relief ends unless a new
 * announcement extends it; the showroom's rules can then add a row. */
static const CrmPurchaseTaxRule default_rules[] = {
  /* VAT 13 % since 2019-04-01; new-energy vehicles exempt without a cap
   * until the end of 2023 (announcement 2022 No. 27) */
  { 2023, G_DATE_JANUARY, 1, 1300, 1000, 10000, 0 },
  { 2024, G_DATE_JANUARY, 1, 1300, 1000, 10000, 3000000 },
  { 2026, G_DATE_JANUARY, 1, 1300, 1000, 5000, 1500000 },
  { 2028, G_DATE_JANUARY, 1, 1300, 1000, 0, 0 },
};

static guint
rule_start (const CrmPurchaseTaxRule *rule)
{
  return (guint) rule->year * 10000 + (guint) rule->month * 100 + rule->day;
}

/**
 * crm_purchase_tax_default_rules:
 * @n_rules: (out): how many rules there are
 *
 * Returns: (transfer none) (array length=n_rules): the built-in rules, the
 *   law as Showroom knows it, oldest first
 */
const CrmPurchaseTaxRule *
crm_purchase_tax_default_rules (guint *n_rules)
{
  g_return_val_if_fail (n_rules != NULL, NULL);

  *n_rules = G_N_ELEMENTS (default_rules);
  return default_rules;
}

/**
 * crm_purchase_tax_rule_lookup:
 * @rules: (array length=n_rules) (nullable): rules in any order; %NULL for
 *   the built-in ones
 * @n_rules: how many
 * @date: the day of purchase (the invoice's date; a quote's date stands in)
 *
 * The rule in force on @date is the one with the latest first day not after
 * @date; of two with the same first day the later in @rules wins, so a
 * showroom can correct a built-in rule by appending its own.
 *
 * Returns: (transfer none) (nullable): the rule in force, or %NULL when
 *   none had started by @date
 */
const CrmPurchaseTaxRule *
crm_purchase_tax_rule_lookup (const CrmPurchaseTaxRule *rules,
                              guint                     n_rules,
                              const GDate              *date)
{
  const CrmPurchaseTaxRule *found = NULL;
  guint day;

  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  if (rules == NULL)
    rules = crm_purchase_tax_default_rules (&n_rules);

  day = (guint) g_date_get_year (date) * 10000 + (guint) g_date_get_month (date) * 100 +
        g_date_get_day (date);

  for (guint i = 0; i < n_rules; i++)
    {
      guint start = rule_start (&rules[i]);

      if (start <= day && (found == NULL || start >= rule_start (found)))
        found = &rules[i];
    }

  return found;
}

/**
 * crm_purchase_tax_compute:
 * @rules: (array length=n_rules) (nullable): the rules, %NULL for the
 *   built-in ones (see crm_purchase_tax_rule_lookup())
 * @n_rules: how many
 * @date: the day of purchase; the quote's date stands in for the invoice's
 * @invoiced_fen: the invoiced price after discount, VAT included
 * @new_energy: whether the car is a new-energy vehicle (battery electric,
 *   plug-in hybrid or range extender, fuel cell) on the government's list
 * @tax: (out caller-allocates): the figures
 * @error: %CRM_ERROR_INVALID_INPUT for a price out of range or a date no
 *   rule covers
 *
 * Works out the purchase tax as the top of crm-purchase-tax.c describes.
 *
 * Returns: %TRUE with @tax filled in, %FALSE with @error set
 */
gboolean
crm_purchase_tax_compute (const CrmPurchaseTaxRule  *rules,
                          guint                      n_rules,
                          const GDate               *date,
                          gint64                     invoiced_fen,
                          gboolean                   new_energy,
                          CrmPurchaseTax            *tax,
                          GError                   **error)
{
  const CrmPurchaseTaxRule *rule;
  gint64 relief = 0;

  g_return_val_if_fail (date != NULL && g_date_valid (date), FALSE);
  g_return_val_if_fail (tax != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (invoiced_fen < 0 || invoiced_fen > CRM_MONEY_MAX_FEN)
    {
      g_set_error_literal (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                           invoiced_fen < 0 ? _("The invoiced price cannot be below zero")
                                            : _("The invoiced price is too large"));
      return FALSE;
    }

  rule = crm_purchase_tax_rule_lookup (rules, n_rules, date);
  if (rule == NULL)
    {
      char day[16];

      g_date_strftime (day, sizeof day, "%Y-%m-%d", date);
      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                   /* Translators: %s is a date, 2022-12-31 */
                   _("No purchase tax rate is set for %s"), day);
      return FALSE;
    }
  if (rule->vat_bp > CRM_BASIS_POINTS || rule->rate_bp > CRM_BASIS_POINTS ||
      rule->nev_relief_bp > CRM_BASIS_POINTS || rule->nev_relief_cap_fen < 0)
    {
      g_set_error_literal (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                           _("The purchase tax rule is not valid: a rate is over 100 percent or a cap is below zero"));
      return FALSE;
    }

  tax->rule = rule;
  tax->taxable_fen = crm_money_without_vat (invoiced_fen, rule->vat_bp);
  tax->full_tax_fen = crm_money_div_round (tax->taxable_fen * rule->rate_bp, CRM_BASIS_POINTS);

  if (new_energy && rule->nev_relief_bp > 0)
    {
      gint64 payable = crm_money_div_round (tax->full_tax_fen * (CRM_BASIS_POINTS - rule->nev_relief_bp),
                                            CRM_BASIS_POINTS);

      relief = tax->full_tax_fen - payable;
      if (rule->nev_relief_cap_fen > 0 && relief > rule->nev_relief_cap_fen)
        relief = rule->nev_relief_cap_fen;
    }

  tax->relief_fen = relief;
  tax->tax_fen = tax->full_tax_fen - relief;

  return TRUE;
}
