/* crm-purchase-tax.h: vehicle purchase tax (车辆购置税) by dated rules
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * CrmPurchaseTaxRule:
 * @year: first day the rule applies (a calendar day in China): year …
 * @month: … month …
 * @day: … and day; the rule holds until the next rule's first day
 * @vat_bp: the VAT rate contained in the invoiced price, in basis points
 *   (1300 = 13 %)
 * @rate_bp: the purchase tax rate, in basis points (1000 = 10 %)
 * @nev_relief_bp: the share of the tax a new-energy vehicle is let off, in
 *   basis points: 10000 exempt, 5000 halved, 0 none
 * @nev_relief_cap_fen: the most a new-energy passenger car is let off, in
 *   fen; 0 for no cap
 *
 * One period of the tax law. Rates are settings: a showroom's rules can
 * hold their own table (when the law changes before Showroom does), which
 * the functions here take instead of the built-in one.
 */
typedef struct
{
  GDateYear  year;
  GDateMonth month;
  GDateDay   day;
  guint      vat_bp;
  guint      rate_bp;
  guint      nev_relief_bp;
  gint64     nev_relief_cap_fen;
} CrmPurchaseTaxRule;

/**
 * CrmPurchaseTax:
 * @taxable_fen: the taxable price (计税价格): the invoiced price without VAT,
 *   as the vehicle sales invoice prints it
 * @full_tax_fen: the tax before any relief
 * @relief_fen: what a new-energy vehicle is let off
 * @tax_fen: what the buyer pays: @full_tax_fen − @relief_fen
 * @rule: the rule that applied (the rule's own, not a copy)
 */
typedef struct
{
  gint64                    taxable_fen;
  gint64                    full_tax_fen;
  gint64                    relief_fen;
  gint64                    tax_fen;
  const CrmPurchaseTaxRule *rule;
} CrmPurchaseTax;

const CrmPurchaseTaxRule *crm_purchase_tax_default_rules (guint                     *n_rules);
const CrmPurchaseTaxRule *crm_purchase_tax_rule_lookup   (const CrmPurchaseTaxRule  *rules,
                                                          guint                      n_rules,
                                                          const GDate               *date);
gboolean                  crm_purchase_tax_compute       (const CrmPurchaseTaxRule  *rules,
                                                          guint                      n_rules,
                                                          const GDate               *date,
                                                          gint64                     invoiced_fen,
                                                          gboolean                   new_energy,
                                                          CrmPurchaseTax            *tax,
                                                          GError                   **error);

G_END_DECLS
