/* crm-quote.c: a quote's lines added up: on-the-road price and gross
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Lines are added as they stand; nothing here rounds, since every line is
 * already in fen (the purchase tax from crm-purchase-tax.c, the finance
 * from crm-finance.c). The one division is taking the VAT out of the car's
 * price and cost for the gross, each rounded half up on the fen as the
 * invoices print them.
 */
#include "config.h"

#define G_LOG_DOMAIN "crm-quote"

#include <glib/gi18n.h>

#include "crm-error.h"
#include "crm-money.h"
#include "crm-quote.h"

G_DEFINE_BOXED_TYPE (CrmQuoteLine, crm_quote_line, crm_quote_line_copy, crm_quote_line_free)

/* What the showroom earns on a line other than the car itself */
static gint64
line_income (const CrmQuoteLine *line)
{
  switch (line->kind)
    {
    case CRM_QUOTE_LINE_VEHICLE:
    case CRM_QUOTE_LINE_DISCOUNT:
      /* in the car's margin */
    case CRM_QUOTE_LINE_PURCHASE_TAX:
    case CRM_QUOTE_LINE_VEHICLE_TAX:
      /* collected for the state */
      return 0;

    case CRM_QUOTE_LINE_COMPULSORY_INSURANCE:
    case CRM_QUOTE_LINE_COMMERCIAL_INSURANCE:
    case CRM_QUOTE_LINE_PLATE_FEE:
    case CRM_QUOTE_LINE_ACCESSORIES:
    case CRM_QUOTE_LINE_EXTENDED_WARRANTY:
    case CRM_QUOTE_LINE_TRADE_IN:
    case CRM_QUOTE_LINE_TRADE_IN_SUBSIDY:
    case CRM_QUOTE_LINE_FINANCE_FEE:
      return line->amount_fen - line->cost_fen;

    default:
      g_assert_not_reached ();
    }
}

/**
 * crm_quote_line_copy:
 * @line: a line
 *
 * Returns: (transfer full): a copy of @line, freed with crm_quote_line_free()
 */
CrmQuoteLine *
crm_quote_line_copy (const CrmQuoteLine *line)
{
  g_return_val_if_fail (line != NULL, NULL);

  return g_memdup2 (line, sizeof *line);
}

/**
 * crm_quote_line_free:
 * @line: (nullable): a line from crm_quote_line_copy()
 */
void
crm_quote_line_free (CrmQuoteLine *line)
{
  g_free (line);
}

/**
 * crm_quote_total:
 * @lines: (array length=n_lines): the quote's lines, exactly one of them
 *   the vehicle's price, in any order
 * @n_lines: how many, at most %CRM_QUOTE_MAX_LINES
 * @vat_bp: the VAT rate in the car's price and cost, in basis points (the
 *   purchase tax rule of the quote's date has it)
 * @vehicle_cost_fen: what the car cost the showroom, VAT included, as the
 *   maker invoiced it
 * @other_income_fen: what the deal earns that is not on the quote: factory
 *   rebates expected for the car, the lender's commission
 * @total: (out caller-allocates): the totals
 * @error: %CRM_ERROR_INVALID_INPUT with a translated message when the lines
 *   do not make a quote: no vehicle price or two, an amount with the wrong
 *   sign for its kind, a discount above the price, amounts out of range
 *
 * Adds up a quote: the invoiced price, the on-the-road price (落地价), what
 * is left to pay after the trade-in and, for the manager, the gross (see
 * #CrmQuoteTotal).
 *
 * Returns: %TRUE with @total filled in, %FALSE with @error set
 */
gboolean
crm_quote_total (const CrmQuoteLine  *lines,
                 guint                n_lines,
                 guint                vat_bp,
                 gint64               vehicle_cost_fen,
                 gint64               other_income_fen,
                 CrmQuoteTotal       *total,
                 GError             **error)
{
  CrmQuoteTotal sum = { 0, };
  guint n_vehicles = 0;
  gint64 income = 0;

  g_return_val_if_fail (lines != NULL || n_lines == 0, FALSE);
  g_return_val_if_fail (n_lines <= CRM_QUOTE_MAX_LINES, FALSE);
  g_return_val_if_fail (vat_bp <= CRM_BASIS_POINTS, FALSE);
  g_return_val_if_fail (total != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (vehicle_cost_fen < 0 || vehicle_cost_fen > CRM_MONEY_MAX_FEN ||
      other_income_fen < -CRM_MONEY_MAX_FEN || other_income_fen > CRM_MONEY_MAX_FEN)
    {
      g_set_error_literal (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                           _("The vehicle’s cost or the income outside the quote is out of range"));
      return FALSE;
    }

  for (guint i = 0; i < n_lines; i++)
    {
      const CrmQuoteLine *line = &lines[i];

      if ((guint) line->kind >= CRM_N_QUOTE_LINE_KINDS)
        {
          g_set_error_literal (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                               _("The quote has a line of an unknown kind"));
          return FALSE;
        }
      if (line->amount_fen < -CRM_MONEY_MAX_FEN || line->amount_fen > CRM_MONEY_MAX_FEN ||
          line->cost_fen < -CRM_MONEY_MAX_FEN || line->cost_fen > CRM_MONEY_MAX_FEN)
        {
          g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                       /* Translators: %s is a quote line, such as Accessories */
                       _("The amount of “%s” is too large"),
                       crm_quote_line_kind_get_label (line->kind));
          return FALSE;
        }
      if (crm_quote_line_kind_is_credit (line->kind) ? line->amount_fen > 0 : line->amount_fen < 0)
        {
          g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                       crm_quote_line_kind_is_credit (line->kind)
                         /* Translators: %s is a quote line, such as Discount */
                         ? _("“%s” takes money off the quote: its amount cannot be above zero")
                         /* Translators: %s is a quote line, such as Accessories */
                         : _("The amount of “%s” cannot be below zero"),
                       crm_quote_line_kind_get_label (line->kind));
          return FALSE;
        }

      switch (line->kind)
        {
        case CRM_QUOTE_LINE_VEHICLE:
          n_vehicles++;
          sum.invoiced_fen += line->amount_fen;
          break;

        case CRM_QUOTE_LINE_DISCOUNT:
          sum.invoiced_fen += line->amount_fen;
          break;

        case CRM_QUOTE_LINE_TRADE_IN:
          sum.trade_in_fen += line->amount_fen;
          break;

        case CRM_QUOTE_LINE_PURCHASE_TAX:
        case CRM_QUOTE_LINE_COMPULSORY_INSURANCE:
        case CRM_QUOTE_LINE_VEHICLE_TAX:
        case CRM_QUOTE_LINE_COMMERCIAL_INSURANCE:
        case CRM_QUOTE_LINE_PLATE_FEE:
        case CRM_QUOTE_LINE_ACCESSORIES:
        case CRM_QUOTE_LINE_EXTENDED_WARRANTY:
        case CRM_QUOTE_LINE_TRADE_IN_SUBSIDY:
        case CRM_QUOTE_LINE_FINANCE_FEE:
        default:
          break;
        }

      if (line->kind != CRM_QUOTE_LINE_TRADE_IN)
        sum.on_the_road_fen += line->amount_fen;
      income += line_income (line);
    }

  if (n_vehicles != 1)
    {
      g_set_error_literal (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                           n_vehicles == 0 ? _("The quote has no vehicle price")
                                           : _("The quote has more than one vehicle price"));
      return FALSE;
    }
  if (sum.invoiced_fen < 0)
    {
      g_set_error_literal (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                           _("The discount is larger than the vehicle price"));
      return FALSE;
    }

  sum.to_pay_fen = sum.on_the_road_fen + sum.trade_in_fen;
  sum.gross_fen = crm_money_without_vat (sum.invoiced_fen, vat_bp) -
                  crm_money_without_vat (vehicle_cost_fen, vat_bp) +
                  income + other_income_fen;

  *total = sum;
  return TRUE;
}
