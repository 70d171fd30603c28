/* test-format.c: money and times as a showroom reads them
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs untranslated (LC_ALL=C.UTF-8) in Guangzhou's time zone
 * (TZ=Asia/Shanghai), which main() makes sure of when run by hand.
 */
#include "config.h"

#include <locale.h>
#include <time.h>

#include "crm-error.h"
#include "crm-finance.h"
#include "crm-format.h"

/* ------------------------------------------------------------------------
 * Helpers
 * ------------------------------------------------------------------------ */

static GTimeZone *shanghai;

static gint64
at (int year,
    int month,
    int day,
    int hour,
    int minute)
{
  g_autoptr(GDateTime) dt = g_date_time_new (shanghai, year, month, day, hour, minute, 0);

  g_assert_nonnull (dt);
  return g_date_time_to_unix (dt);
}

#define assert_formatted(call, expected)                                    \
  G_STMT_START {                                                            \
    g_autofree char *got_ = (call);                                         \
    g_assert_cmpstr (got_, ==, (expected));                                 \
  } G_STMT_END

/* ------------------------------------------------------------------------
 * Money
 * ------------------------------------------------------------------------ */

static void
test_money (void)
{
  assert_formatted (crm_format_money (0), "¥0");
  assert_formatted (crm_format_money (100), "¥1");
  assert_formatted (crm_format_money (5), "¥0.05");
  assert_formatted (crm_format_money (50), "¥0.50");
  assert_formatted (crm_format_money (99900), "¥999");
  assert_formatted (crm_format_money (100000), "¥1,000");
  assert_formatted (crm_format_money (18980000), "¥189,800");
  assert_formatted (crm_format_money (18980050), "¥189,800.50");
  assert_formatted (crm_format_money (18980001), "¥189,800.01");
  assert_formatted (crm_format_money (100000000), "¥1,000,000");
  assert_formatted (crm_format_money (123456789012), "¥1,234,567,890.12");
  assert_formatted (crm_format_money (-18980000), "-¥189,800");
  assert_formatted (crm_format_money (-150), "-¥1.50");
  assert_formatted (crm_format_money (-1), "-¥0.01");
  assert_formatted (crm_format_money (G_MAXINT64), "¥92,233,720,368,547,758.07");
  assert_formatted (crm_format_money (G_MININT64), "-¥92,233,720,368,547,758.08");
}

/* A plan in one line; the figures are the hand-worked ones of
 * test-quote.c */
static void
test_finance_plan (void)
{
  CrmFinancePlan full = { 20164451, 0, 0, 0, 0, 0 };
  CrmFinancePlan loan = { 13000000, 3000000, 36, 450, 0, 0 };
  CrmFinancePlan interest_free = { 13000000, 3000000, 36, 0, 450, 0 };
  CrmFinancePlan low = { 13000000, 3000000, 36, 199, 251, 0 };
  CrmFinancePlan month = { 9030000, 0, 1, 450, 0, 0 };
  CrmFinanceResult result;

  g_assert_true (crm_finance_compute (&full, &result, NULL));
  assert_formatted (crm_format_finance_plan (&full, &result), "Full payment: ¥201,644.51");
  g_assert_true (crm_finance_compute (&loan, &result, NULL));
  assert_formatted (crm_format_finance_plan (&loan, &result),
                    "¥30,000 down, ¥2,974.69 a month for 36 months at 4.5% a year");
  g_assert_true (crm_finance_compute (&interest_free, &result, NULL));
  assert_formatted (crm_format_finance_plan (&interest_free, &result),
                    "¥30,000 down, ¥2,777.78 a month for 36 months at 0% a year; the maker pays ¥7,088.93 of the interest");
  g_assert_true (crm_finance_compute (&low, &result, NULL));
  assert_formatted (crm_format_finance_plan (&low, &result),
                    "¥30,000 down, ¥2,863.82 a month for 36 months at 1.99% a year; the maker pays ¥3,991.35 of the interest");
  /* ¥90,300 × 1.00375 = ¥90,638.625 → ¥90,638.63 */
  g_assert_true (crm_finance_compute (&month, &result, NULL));
  assert_formatted (crm_format_finance_plan (&month, &result),
                    "¥0 down, ¥90,638.63 a month for 1 month at 4.5% a year");
}

static void
test_on_the_road (void)
{
  assert_formatted (crm_format_on_the_road (20164451), "On-the-road price ¥201,644.51");
  assert_formatted (crm_format_on_the_road (18980000), "On-the-road price ¥189,800");
}

static void
test_money_short (void)
{
  /* From 10,000 yuan on: in 万, at most two decimals, no trailing zeros */
  assert_formatted (crm_format_money_short (18980000), "18.98万");
  assert_formatted (crm_format_money_short (18900000), "18.9万");
  assert_formatted (crm_format_money_short (15000000), "15万");
  assert_formatted (crm_format_money_short (1000000), "1万");
  assert_formatted (crm_format_money_short (10050000), "10.05万");
  assert_formatted (crm_format_money_short (12345678), "12.35万");
  assert_formatted (crm_format_money_short (100000000), "100万");
  assert_formatted (crm_format_money_short (31980000), "31.98万");
  assert_formatted (crm_format_money_short (1000000000000), "1000000万");

  /* Below it: the whole amount */
  assert_formatted (crm_format_money_short (999999), "¥9,999.99");
  assert_formatted (crm_format_money_short (500000), "¥5,000");
  assert_formatted (crm_format_money_short (0), "¥0");
  assert_formatted (crm_format_money_short (-18980000), "-¥189,800");
}

static void
test_budget (void)
{
  assert_formatted (crm_format_budget (15000000, 20000000), "15万 – 20万");
  assert_formatted (crm_format_budget (18980000, 21980000), "18.98万 – 21.98万");
  assert_formatted (crm_format_budget (15000000, 0), "from 15万");
  assert_formatted (crm_format_budget (0, 20000000), "up to 20万");
  assert_formatted (crm_format_budget (500000, 800000), "¥5,000 – ¥8,000");
  assert_formatted (crm_format_budget (0, 0), "");
  assert_formatted (crm_format_budget (-100, -100), "");
}

typedef struct
{
  const char *text;
  gint64      fen;
} ParseCase;

static void
test_parse_money (void)
{
  static const ParseCase cases[] = {
    { "189800", 18980000 },
    { "189,800", 18980000 },
    { "¥189,800.50", 18980050 },
    { "¥189800", 18980000 },
    { "￥189,800", 18980000 },                 /* full-width yen */
    { "189800元", 18980000 },
    { " 189 800 ", 18980000 },
    { "189，800", 18980000 },                  /* full-width comma */
    { "１８９８００", 18980000 },              /* full-width digits */
    { "18.98万", 18980000 },
    { "18.9万", 18900000 },
    { "15万", 15000000 },
    { "0.5万", 500000 },
    { "19w", 19000000 },
    { "19W", 19000000 },
    { "18.98w", 18980000 },
    { "0.01", 1 },
    { "1.5", 150 },
    { ".5", 50 },
    { "0", 0 },
    { "", 0 },
    { "   ", 0 },
  };
  static const char * const invalid[] = {
    "abc",
    "1.2.3",
    "12a",
    "w19",
    "万",
    ".",
    "19万元万",
    "-5",
    "1e5",
    "9999999999999",   /* 13 digits: too large */
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 fen = -1;

      g_test_message ("parse “%s”", cases[i].text);
      g_assert_true (crm_parse_money (cases[i].text, &fen, &error));
      g_assert_no_error (error);
      g_assert_cmpint (fen, ==, cases[i].fen);
    }

  {
    g_autoptr(GError) error = NULL;
    gint64 fen = -1;

    g_assert_true (crm_parse_money (NULL, &fen, &error));
    g_assert_no_error (error);
    g_assert_cmpint (fen, ==, 0);
  }

  for (gsize i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 fen = -1;

      g_test_message ("parse “%s”", invalid[i]);
      g_assert_false (crm_parse_money (invalid[i], &fen, &error));
      g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
      g_assert_cmpint (fen, ==, -1);
    }
}

/* What is shown can be typed back */
static void
test_parse_money_round_trip (void)
{
  static const gint64 amounts[] = { 0, 1, 99, 100, 18980000, 18980050, 123456789012 };

  for (gsize i = 0; i < G_N_ELEMENTS (amounts); i++)
    {
      g_autofree char *text = crm_format_money (amounts[i]);
      g_autofree char *short_text = crm_format_money_short (amounts[i]);
      g_autoptr(GError) error = NULL;
      gint64 fen = -1;

      g_assert_true (crm_parse_money (text, &fen, &error));
      g_assert_no_error (error);
      g_assert_cmpint (fen, ==, amounts[i]);

      /* The short form may have dropped digits, but never more than the
       * last 万 decimal */
      fen = -1;
      g_assert_true (crm_parse_money (short_text, &fen, &error));
      g_assert_no_error (error);
      g_assert_cmpint (ABS (fen - amounts[i]), <=, 5000);
    }
}

/* ------------------------------------------------------------------------
 * Times
 * ------------------------------------------------------------------------ */

static void
test_date (void)
{
  assert_formatted (crm_format_date (at (2026, 11, 24, 14, 30)), "Nov 24, 2026");
  /* Just after midnight in Guangzhou is still the previous day in UTC */
  assert_formatted (crm_format_date (at (2026, 11, 24, 0, 5)), "Nov 24, 2026");
  assert_formatted (crm_format_date (at (2027, 1, 3, 9, 0)), "Jan 3, 2027");
  assert_formatted (crm_format_datetime (at (2026, 11, 24, 9, 5)), "Nov 24, 2026 09:05");
  assert_formatted (crm_format_datetime (at (2026, 11, 24, 23, 59)), "Nov 24, 2026 23:59");
  assert_formatted (crm_format_date (0), "");
  assert_formatted (crm_format_datetime (0), "");
}

static void
test_relative (void)
{
  gint64 now = at (2026, 11, 24, 14, 30);

  assert_formatted (crm_format_relative (now, now), "Today 14:30");
  assert_formatted (crm_format_relative (now, at (2026, 11, 24, 13, 30)), "Today 13:30");
  /* Local days, not 24-hour spans, and not UTC days */
  assert_formatted (crm_format_relative (now, at (2026, 11, 24, 0, 5)), "Today 00:05");
  assert_formatted (crm_format_relative (now, at (2026, 11, 23, 23, 59)), "Yesterday 23:59");
  assert_formatted (crm_format_relative (now, at (2026, 11, 23, 9, 10)), "Yesterday 09:10");
  assert_formatted (crm_format_relative (now, at (2026, 11, 25, 10, 0)), "Tomorrow 10:00");
  assert_formatted (crm_format_relative (now, at (2026, 11, 22, 18, 0)), "2 days ago");
  assert_formatted (crm_format_relative (now, at (2026, 11, 21, 9, 0)), "3 days ago");
  assert_formatted (crm_format_relative (now, at (2026, 11, 18, 9, 0)), "6 days ago");
  /* Further away: the date, with the year only when it is another year */
  assert_formatted (crm_format_relative (now, at (2026, 11, 17, 9, 0)), "Nov 17");
  assert_formatted (crm_format_relative (now, at (2026, 11, 27, 9, 0)), "In 3 days");
  assert_formatted (crm_format_relative (now, at (2026, 12, 8, 9, 0)), "Dec 8");
  assert_formatted (crm_format_relative (now, at (2025, 11, 24, 14, 30)), "Nov 24, 2025");
  assert_formatted (crm_format_relative (now, at (2027, 1, 3, 9, 0)), "Jan 3, 2027");
  assert_formatted (crm_format_relative (now, 0), "");

  /* Across a month and a year */
  now = at (2026, 12, 1, 8, 0);
  assert_formatted (crm_format_relative (now, at (2026, 11, 30, 20, 0)), "Yesterday 20:00");
  now = at (2027, 1, 1, 0, 30);
  assert_formatted (crm_format_relative (now, at (2026, 12, 31, 23, 45)), "Yesterday 23:45");
  assert_formatted (crm_format_relative (now, at (2026, 12, 30, 10, 0)), "2 days ago");
}

static void
test_due (void)
{
  gint64 now = at (2026, 11, 24, 14, 30);
  gboolean overdue;

  overdue = TRUE;
  assert_formatted (crm_format_due (now, at (2026, 11, 24, 16, 0), &overdue), "Today 16:00");
  g_assert_false (overdue);

  overdue = FALSE;
  assert_formatted (crm_format_due (now, at (2026, 11, 24, 9, 0), &overdue), "Today 09:00");
  g_assert_true (overdue);

  overdue = TRUE;
  assert_formatted (crm_format_due (now, at (2026, 11, 25, 10, 0), &overdue), "Tomorrow 10:00");
  g_assert_false (overdue);

  overdue = FALSE;
  assert_formatted (crm_format_due (now, at (2026, 11, 23, 17, 0), &overdue), "Overdue 1 day");
  g_assert_true (overdue);

  overdue = FALSE;
  assert_formatted (crm_format_due (now, at (2026, 11, 22, 10, 0), &overdue), "Overdue 2 days");
  g_assert_true (overdue);

  overdue = FALSE;
  assert_formatted (crm_format_due (now, at (2026, 11, 14, 10, 0), &overdue), "Overdue 10 days");
  g_assert_true (overdue);

  overdue = TRUE;
  assert_formatted (crm_format_due (now, at (2026, 11, 27, 10, 0), &overdue), "Nov 27, 10:00");
  g_assert_false (overdue);

  overdue = TRUE;
  assert_formatted (crm_format_due (at (2026, 12, 28, 9, 0), at (2027, 1, 5, 10, 0), &overdue),
                    "Jan 5, 2027 10:00");
  g_assert_false (overdue);

  /* Planned before New Year, due check on New Year's Day: one day late */
  overdue = FALSE;
  assert_formatted (crm_format_due (at (2027, 1, 1, 9, 0), at (2026, 12, 31, 16, 0), &overdue),
                    "Overdue 1 day");
  g_assert_true (overdue);

  overdue = TRUE;
  assert_formatted (crm_format_due (now, 0, &overdue), "");
  g_assert_false (overdue);

  /* @overdue is optional */
  assert_formatted (crm_format_due (now, at (2026, 11, 22, 10, 0), NULL), "Overdue 2 days");
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_setenv ("TZ", "Asia/Shanghai", TRUE);
  tzset ();
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  shanghai = g_time_zone_new_identifier ("Asia/Shanghai");
  g_assert_nonnull (shanghai);

  g_test_add_func ("/format/money", test_money);
  g_test_add_func ("/format/money-short", test_money_short);
  g_test_add_func ("/format/finance-plan", test_finance_plan);
  g_test_add_func ("/format/on-the-road", test_on_the_road);
  g_test_add_func ("/format/budget", test_budget);
  g_test_add_func ("/format/parse-money", test_parse_money);
  g_test_add_func ("/format/parse-money/round-trip", test_parse_money_round_trip);
  g_test_add_func ("/format/date", test_date);
  g_test_add_func ("/format/relative", test_relative);
  g_test_add_func ("/format/due", test_due);

  return g_test_run ();
}
