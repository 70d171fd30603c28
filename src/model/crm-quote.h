/* crm-quote.h: a quote's lines added up: on-the-road price and gross
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "crm-enums.h"

G_BEGIN_DECLS

#define CRM_TYPE_QUOTE_LINE (crm_quote_line_get_type ())

/* More than any quote sheet holds; keeps the sums far from overflowing */
#define CRM_QUOTE_MAX_LINES 1000

/**
 * CrmQuoteLine:
 * @kind: what the line is
 * @amount_fen: what the line adds to the quote, as the customer sees it:
 *   at or above zero, below zero for the credits (a discount, the trade-in
 *   offer, a trade-in subsidy; crm_quote_line_kind_is_credit())
 * @cost_fen: what the line costs the showroom, for the manager's gross:
 *   the line earns @amount_fen − @cost_fen. The insurer's premium for an
 *   insurance line (the commission is the rest); for the trade-in, minus
 *   what the showroom expects to sell the car for; for a trade-in subsidy
 *   the maker pays back, the subsidy itself. Not read for the vehicle and
 *   discount lines (the car's cost is passed to crm_quote_total()) nor for
 *   the taxes, which the showroom only collects.
 *
 * A plain value, copied with the struct; boxed for GValues and list models.
 */
typedef struct
{
  CrmQuoteLineKind kind;
  gint64           amount_fen;
  gint64           cost_fen;
} CrmQuoteLine;

/**
 * CrmQuoteTotal:
 * @invoiced_fen: the vehicle's price after discounts, as invoiced (开票价);
 *   the purchase tax is worked out on it
 * @on_the_road_fen: the on-the-road price (落地价): every line but the
 *   trade-in offer, which is how part of it is paid, not a price
 * @trade_in_fen: the trade-in offer (at or below zero)
 * @to_pay_fen: what the customer still pays: @on_the_road_fen +
 *   @trade_in_fen; below zero when the old car is worth more
 * @gross_fen: the manager's gross profit on the deal, VAT excluded from the
 *   car's price and cost: invoiced price − cost, plus what every other line
 *   earns, plus the income not on the quote (factory rebates, the lender's
 *   commission)
 */
typedef struct
{
  gint64 invoiced_fen;
  gint64 on_the_road_fen;
  gint64 trade_in_fen;
  gint64 to_pay_fen;
  gint64 gross_fen;
} CrmQuoteTotal;

GType         crm_quote_line_get_type (void) G_GNUC_CONST;
CrmQuoteLine *crm_quote_line_copy     (const CrmQuoteLine  *line);
void          crm_quote_line_free     (CrmQuoteLine        *line);

gboolean      crm_quote_total         (const CrmQuoteLine  *lines,
                                       guint                n_lines,
                                       guint                vat_bp,
                                       gint64               vehicle_cost_fen,
                                       gint64               other_income_fen,
                                       CrmQuoteTotal       *total,
                                       GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrmQuoteLine, crm_quote_line_free)

G_END_DECLS
