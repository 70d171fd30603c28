/* bench-quote.c: a whole quote recalculated, as on every keystroke
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   bench-quote [RUNS]
 *
 * One recalculation is what the quote builder does when the consultant
 * types a digit of the discount: the purchase tax of the new price, the
 * quote's totals, three finance plans side by side (5 years at 4.5 %,
 * 3 years at 0 % with the maker's subsidy — two schedules —, 2 years at
 * 2.88 %) and the total in Chinese capitals for the printout. Each run
 * changes the discount by a yuan, alternates petrol and new-energy and
 * crosses the 2026 rate change, so nothing is the same twice. Prints the
 * median, the 99th percentile and the slowest of RUNS (default 20,000)
 * recalculations, timed one by one; the budget is 1 ms.
 */
#include <glib.h>
#include <locale.h>
#include <stdlib.h>
#include <time.h>

#include "crm-finance.h"
#include "crm-money.h"
#include "crm-purchase-tax.h"
#include "crm-quote.h"

#define BUDGET_US 1000.0

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static double
now_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

/* Returns something of the result so the work cannot be left out */
static gint64
recalculate (const GDate *date,
             gint64       discount,
             gboolean     new_energy)
{
  CrmQuoteLine lines[] = {
    { CRM_QUOTE_LINE_VEHICLE, 25980000, 0 },
    { CRM_QUOTE_LINE_DISCOUNT, -discount, 0 },
    { CRM_QUOTE_LINE_PURCHASE_TAX, 0, 0 },
    { CRM_QUOTE_LINE_COMPULSORY_INSURANCE, 95000, 90250 },
    { CRM_QUOTE_LINE_VEHICLE_TAX, 36000, 36000 },
    { CRM_QUOTE_LINE_COMMERCIAL_INSURANCE, 520000, 440000 },
    { CRM_QUOTE_LINE_PLATE_FEE, 50000, 20000 },
    { CRM_QUOTE_LINE_ACCESSORIES, 380000, 150000 },
    { CRM_QUOTE_LINE_EXTENDED_WARRANTY, 250000, 150000 },
    { CRM_QUOTE_LINE_FINANCE_FEE, 150000, 0 },
    { CRM_QUOTE_LINE_TRADE_IN, -4500000, -4800000 },
    { CRM_QUOTE_LINE_TRADE_IN_SUBSIDY, -500000, -500000 },
  };
  CrmPurchaseTax tax;
  CrmQuoteTotal total;
  CrmFinancePlan plans[3];
  CrmFinanceResult results[3];
  g_autofree char *capital = NULL;
  gint64 sum = 0;

  if (!crm_purchase_tax_compute (NULL, 0, date, 25980000 - discount, new_energy, &tax, NULL))
    g_error ("purchase tax refused");
  lines[2].amount_fen = lines[2].cost_fen = tax.tax_fen;
  if (!crm_quote_total (lines, G_N_ELEMENTS (lines), tax.rule->vat_bp, 23500000, 600000, &total, NULL))
    g_error ("total refused");

  plans[0] = (CrmFinancePlan) { total.to_pay_fen, total.to_pay_fen * 3 / 10, 60, 450, 0, 150000 };
  plans[1] = (CrmFinancePlan) { total.to_pay_fen, total.to_pay_fen / 2, 36, 0, 450, 0 };
  plans[2] = (CrmFinancePlan) { total.to_pay_fen, total.to_pay_fen / 5, 24, 288, 0, 0 };
  for (guint i = 0; i < G_N_ELEMENTS (plans); i++)
    {
      if (!crm_finance_compute (&plans[i], &results[i], NULL))
        g_error ("plan %u refused", i);
      sum += results[i].total_cost_fen + results[i].subsidy_fen;
    }

  capital = crm_money_to_chinese_capital (total.on_the_road_fen);
  return sum + total.gross_fen + (gint64) strlen (capital);
}

int
main (int   argc,
      char *argv[])
{
  int runs = argc > 1 ? atoi (argv[1]) : 20000;
  g_autofree double *times = NULL;
  GDate *dates[2];
  gint64 check = 0;
  double started, total_us = 0;
  double median, p99, slowest;

  setlocale (LC_ALL, "");

  if (runs < 100)
    {
      g_printerr ("Usage: %s [RUNS ≥ 100]\n", argv[0]);
      return 1;
    }

  times = g_new (double, runs);
  dates[0] = g_date_new_dmy (31, G_DATE_DECEMBER, 2025);
  dates[1] = g_date_new_dmy (1, G_DATE_JANUARY, 2026);

  /* Warm-up: page in the code and the tables */
  for (int i = 0; i < 200; i++)
    check += recalculate (dates[i % 2], 1000000 + i * 100, i % 3 == 0);

  for (int i = 0; i < runs; i++)
    {
      started = now_us ();
      check += recalculate (dates[i % 2], 1000000 + (i % 200000) * 100, (i / 2) % 2 == 0);
      times[i] = now_us () - started;
      total_us += times[i];
    }

  qsort (times, runs, sizeof (double), compare_double);
  median = times[runs / 2];
  p99 = times[(int) (runs * 0.99)];
  slowest = times[runs - 1];

  g_print ("quote recalculation (tax + total + 3 finance plans + 大写), %d runs:\n", runs);
  g_print ("  median %.1f µs, p99 %.1f µs, slowest %.1f µs, mean %.1f µs (budget %.0f µs)\n",
           median, p99, slowest, total_us / runs, BUDGET_US);
  g_print ("  %s (checksum %" G_GINT64_FORMAT ")\n",
           p99 <= BUDGET_US ? "within budget" : "OVER BUDGET", check);

  g_date_free (dates[0]);
  g_date_free (dates[1]);
  return p99 <= BUDGET_US ? 0 : 1;
}
