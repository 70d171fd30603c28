/* crm-finance.h: car loans (等额本息) and full payment, in fen
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Car loans in China run at most 5 years; 10 leaves room for other rules */
#define CRM_FINANCE_MAX_MONTHS 120

/**
 * CrmFinancePlan:
 * @price_fen: what is being paid for (the on-the-road price, or what is
 *   left after a trade-in)
 * @down_payment_fen: the down payment (首付); ignored for full payment
 * @months: the number of monthly instalments; 0 for full payment (全款)
 * @rate_bp: the annual rate the customer pays, in basis points (450 =
 *   4.50 %, 0 for an interest-free loan), charged monthly at a twelfth
 * @subsidy_bp: the maker's interest subsidy (厂家贴息) in basis points: the
 *   lender is paid @rate_bp + @subsidy_bp, the maker pays the difference;
 *   0 when there is none. A 0 % loan on a lender's 4.5 % is @rate_bp 0,
 *   @subsidy_bp 450.
 * @fees_fen: the finance fees the customer pays besides (service fee,
 *   mortgage registration …)
 *
 * One way of paying, as the quote shows it side by side with others. A
 * zero-filled plan is a valid full payment.
 */
typedef struct
{
  gint64 price_fen;
  gint64 down_payment_fen;
  guint  months;
  guint  rate_bp;
  guint  subsidy_bp;
  gint64 fees_fen;
} CrmFinancePlan;

/**
 * CrmFinanceResult:
 * @down_payment_fen: the down payment (首付); the whole price for full
 *   payment
 * @principal_fen: the loan: price − down payment
 * @monthly_fen: the monthly instalment (月供), the annuity rounded half up
 *   on the fen; instalments 1 to months − 1 are this
 * @last_fen: the last instalment, which clears the loan to the fen and so
 *   absorbs the rounding
 * @repaid_fen: all instalments together
 * @interest_fen: what the customer pays in interest: @repaid_fen −
 *   @principal_fen
 * @subsidy_fen: the interest the maker pays for the customer (贴息)
 * @total_cost_fen: what the car costs the customer this way: down payment +
 *   instalments + fees
 */
typedef struct
{
  gint64 down_payment_fen;
  gint64 principal_fen;
  gint64 monthly_fen;
  gint64 last_fen;
  gint64 repaid_fen;
  gint64 interest_fen;
  gint64 subsidy_fen;
  gint64 total_cost_fen;
} CrmFinanceResult;

gint64   crm_finance_annuity_payment (gint64                 principal_fen,
                                      guint                  rate_bp,
                                      guint                  months);
gboolean crm_finance_compute         (const CrmFinancePlan  *plan,
                                      CrmFinanceResult      *result,
                                      GError               **error);

G_END_DECLS
