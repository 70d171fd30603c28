/* crm-format.c: money and times as a showroom reads them
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Money is integer fen everywhere; it becomes text only here. Chinese
 * showrooms speak of prices in 万 (ten thousand yuan), so budgets are
 * shown and typed that way too ("15万", "15–20万").
 */
#define G_LOG_DOMAIN "crm-format"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "crm-error.h"
#include "crm-finance.h"
#include "crm-format.h"

#define FEN_PER_YUAN 100
#define FEN_PER_WAN  (10000 * FEN_PER_YUAN)

/**
 * crm_format_money:
 * @fen: an amount in fen
 *
 * Returns: (transfer full): "¥189,800" (fen shown only when not whole yuan)
 */
char *
crm_format_money (gint64 fen)
{
  g_autoptr(GString) digits = NULL;
  gboolean negative = fen < 0;
  guint64 abs_fen = negative ? (guint64) (-(fen + 1)) + 1 : (guint64) fen;
  guint64 yuan = abs_fen / FEN_PER_YUAN;
  guint cents = abs_fen % FEN_PER_YUAN;
  g_autofree char *plain = g_strdup_printf ("%" G_GUINT64_FORMAT, yuan);
  gsize len = strlen (plain);

  digits = g_string_new (negative ? "-¥" : "¥");
  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (digits, ',');
      g_string_append_c (digits, plain[i]);
    }
  if (cents != 0)
    g_string_append_printf (digits, ".%02u", cents);

  return g_string_free (g_steal_pointer (&digits), FALSE);
}

/**
 * crm_format_money_short:
 *
 * Returns: (transfer full): the amount in 万 when it is at least 10,000
 *   yuan ("18.98万" / "189.8k" style per locale), else as crm_format_money()
 */
char *
crm_format_money_short (gint64 fen)
{
  if (fen >= FEN_PER_WAN)
    {
      double wan = (double) fen / FEN_PER_WAN;
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_formatd (buf, sizeof buf, "%.2f", wan);
      /* drop trailing zeros: 15.00 → 15, 18.90 → 18.9 */
      for (char *end = buf + strlen (buf) - 1; end > buf && (*end == '0' || *end == '.'); end--)
        {
          gboolean dot = *end == '.';
          *end = '\0';
          if (dot)
            break;
        }
      /* Translators: an amount in units of ten thousand yuan (万), e.g. "18.9万" */
      return g_strdup_printf (_("%s万"), buf);
    }
  return crm_format_money (fen);
}

/**
 * crm_format_budget:
 *
 * Returns: (transfer full): "15–20万", "from 15万", "up to 20万" or ""
 */
char *
crm_format_budget (gint64 min_fen,
                   gint64 max_fen)
{
  g_autofree char *lo = min_fen > 0 ? crm_format_money_short (min_fen) : NULL;
  g_autofree char *hi = max_fen > 0 ? crm_format_money_short (max_fen) : NULL;

  if (lo && hi)
    return g_strdup_printf ("%s – %s", lo, hi);
  if (lo)
    /* Translators: a budget with only a lower end */
    return g_strdup_printf (_("from %s"), lo);
  if (hi)
    /* Translators: a budget with only an upper end */
    return g_strdup_printf (_("up to %s"), hi);
  return g_strdup ("");
}

/**
 * crm_parse_money:
 * @text: "189800", "189,800", "¥189800.50", "18.98万", "19w", "" (= 0)
 * @fen: (out): the amount in fen
 *
 * Returns: %FALSE with CRM_ERROR_INVALID_INPUT when @text is not an amount
 */
gboolean
crm_parse_money (const char  *text,
                 gint64      *fen,
                 GError     **error)
{
  g_autoptr(GString) number = g_string_new (NULL);
  gboolean wan = FALSE;
  gboolean seen_dot = FALSE;
  guint decimals = 0;
  const char *p;
  gint64 whole = 0;
  gint64 frac = 0;

  g_return_val_if_fail (fen != NULL, FALSE);

  for (p = text ? text : ""; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || c == ',' || c == 0xFF0C /* ， */ || c == 0xA5 /* ¥ */ ||
          c == 0xFFE5 /* ￥ */ || c == 0x5143 /* 元 */)
        continue;
      if ((c == 0x4E07 /* 万 */ || c == 'w' || c == 'W') && *g_utf8_next_char (p) == '\0')
        {
          wan = TRUE;
          continue;
        }
      if (c >= 0xFF10 && c <= 0xFF19)
        c = '0' + (c - 0xFF10);
      if (c == '.' && !seen_dot)
        {
          seen_dot = TRUE;
          continue;
        }
      if (c < '0' || c > '9')
        {
          g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                       _("“%s” is not an amount: write it like 189800 or 18.98万"), text);
          return FALSE;
        }
      if (number->len >= 12)
        {
          g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                       _("“%s” is too large an amount"), text);
          return FALSE;
        }
      if (seen_dot)
        {
          if (decimals >= 4)
            continue;
          frac = frac * 10 + (c - '0');
          decimals++;
        }
      else
        whole = whole * 10 + (c - '0');
      g_string_append_unichar (number, c);
    }

  if (number->len == 0)
    {
      if (seen_dot || wan)
        {
          g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                       _("“%s” is not an amount: write it like 189800 or 18.98万"), text);
          return FALSE;
        }
      *fen = 0;
      return TRUE;
    }

  {
    gint64 unit = wan ? FEN_PER_WAN : FEN_PER_YUAN;
    gint64 scale = 1;

    for (guint i = 0; i < decimals; i++)
      scale *= 10;
    *fen = whole * unit + (frac * unit) / scale;
  }
  return TRUE;
}

/* 450 → "4.5%", 399 → "3.99%", 0 → "0%": figures, the same in every
 * language the program speaks */
static char *
format_rate (guint rate_bp)
{
  if (rate_bp % 100 == 0)
    return g_strdup_printf ("%u%%", rate_bp / 100);
  if (rate_bp % 10 == 0)
    return g_strdup_printf ("%u.%u%%", rate_bp / 100, rate_bp % 100 / 10);
  return g_strdup_printf ("%u.%02u%%", rate_bp / 100, rate_bp % 100);
}

/**
 * crm_format_finance_plan:
 * @plan: a way of paying
 * @result: its figures, from crm_finance_compute()
 *
 * One line for a quote's finance plans side by side, or a deal's card:
 * "Full payment: ¥201,644.51", "¥60,000 down, ¥2,974.69 a month for 36
 * months at 4.5% a year" and, where the maker pays part of the interest,
 * how much (贴息).
 *
 * Returns: (transfer full): the plan in words
 */
char *
crm_format_finance_plan (const CrmFinancePlan   *plan,
                         const CrmFinanceResult *result)
{
  g_autofree char *down = NULL;
  g_autofree char *monthly = NULL;
  g_autofree char *rate = NULL;

  g_return_val_if_fail (plan != NULL, NULL);
  g_return_val_if_fail (result != NULL, NULL);

  if (plan->months == 0)
    {
      g_autofree char *total = crm_format_money (result->total_cost_fen);

      /* Translators: %s is what the customer pays, ¥201,644.51 */
      return g_strdup_printf (_("Full payment: %s"), total);
    }

  down = crm_format_money (result->down_payment_fen);
  monthly = crm_format_money (result->monthly_fen);
  rate = format_rate (plan->rate_bp);

  if (result->subsidy_fen > 0)
    {
      g_autofree char *subsidy = crm_format_money (result->subsidy_fen);

      /* Translators: the down payment, the monthly instalment, the number
       * of months, the annual rate (4.5%), and the interest the maker pays
       * for the customer (厂家贴息) */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s down, %s a month for %u month at %s a year; the maker pays %s of the interest",
                                           "%s down, %s a month for %u months at %s a year; the maker pays %s of the interest",
                                           plan->months),
                              down, monthly, plan->months, rate, subsidy);
    }

  /* Translators: the down payment, the monthly instalment, the number of
   * months and the annual rate (4.5%) */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s down, %s a month for %u month at %s a year",
                                       "%s down, %s a month for %u months at %s a year",
                                       plan->months),
                          down, monthly, plan->months, rate);
}

/**
 * crm_format_on_the_road:
 * @fen: a quote's on-the-road price (#CrmQuoteTotal)
 *
 * Returns: (transfer full): "On-the-road price ¥201,644.51" (落地价)
 */
char *
crm_format_on_the_road (gint64 fen)
{
  g_autofree char *money = crm_format_money (fen);

  /* Translators: %s is an amount: the car with purchase tax, insurance,
   * plates, accessories and fees (落地价) */
  return g_strdup_printf (_("On-the-road price %s"), money);
}

static GDateTime *
local_time (gint64 t)
{
  return g_date_time_new_from_unix_local (t);
}

/* @t in the desktop's zone by @format, or "" for no time (0) */
static char *
format_local (gint64      t,
              const char *format)
{
  g_autoptr(GDateTime) dt = NULL;

  if (t <= 0)
    return g_strdup ("");
  dt = local_time (t);
  return g_date_time_format (dt, format);
}

char *
crm_format_date (gint64 unix_seconds)
{
  /* Translators: a date, see g_date_time_format(); Chinese: %Y年%-m月%-d日 */
  return format_local (unix_seconds, _("%b %-d, %Y"));
}

char *
crm_format_datetime (gint64 unix_seconds)
{
  /* Translators: a date and 24-hour time; Chinese: %Y年%-m月%-d日 %H:%M */
  return format_local (unix_seconds, _("%b %-d, %Y %H:%M"));
}

/* A date near now: the year only when it is not this year's */
static char *
format_near (gint64   now,
             gint64   t,
             gboolean with_time)
{
  g_autoptr(GDateTime) a = local_time (now);
  g_autoptr(GDateTime) b = local_time (t);

  if (g_date_time_get_year (a) != g_date_time_get_year (b))
    return with_time ? crm_format_datetime (t) : crm_format_date (t);

  if (with_time)
    /* Translators: a date in this year with a 24-hour time; Chinese: %-m月%-d日 %H:%M */
    return g_date_time_format (b, _("%b %-d, %H:%M"));
  /* Translators: a date in this year; Chinese: %-m月%-d日 */
  return g_date_time_format (b, _("%b %-d"));
}

static int
days_between (gint64 now,
              gint64 t)
{
  g_autoptr(GDateTime) a = local_time (now);
  g_autoptr(GDateTime) b = local_time (t);
  g_autoptr(GDate) da = g_date_new_dmy (g_date_time_get_day_of_month (a),
                                        g_date_time_get_month (a),
                                        g_date_time_get_year (a));
  g_autoptr(GDate) db = g_date_new_dmy (g_date_time_get_day_of_month (b),
                                        g_date_time_get_month (b),
                                        g_date_time_get_year (b));

  return g_date_days_between (da, db);
}

/**
 * crm_format_relative:
 *
 * Returns: (transfer full): a past time as a rep says it: "Today 14:30",
 *   "Yesterday 09:10", "3 days ago", or the date
 */
char *
crm_format_relative (gint64 now,
                     gint64 t)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *hm = NULL;
  int days;

  if (t <= 0)
    return g_strdup ("");

  dt = local_time (t);
  hm = g_date_time_format (dt, "%H:%M");
  days = days_between (now, t);

  if (days == 0)
    return g_strdup_printf (_("Today %s"), hm);
  if (days == -1)
    return g_strdup_printf (_("Yesterday %s"), hm);
  if (days == 1)
    return g_strdup_printf (_("Tomorrow %s"), hm);
  if (days < 0 && days > -7)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day ago", "%d days ago", -days), -days);
  if (days > 0 && days < 7)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "In %d day", "In %d days", days), days);

  return format_near (now, t, FALSE);
}

/**
 * crm_format_due:
 * @overdue: (out) (optional): set when @t is in the past
 *
 * Returns: (transfer full): a planned time: "Today 15:00", "Tomorrow 10:00",
 *   "Overdue 2 days", or the date and time
 */
char *
crm_format_due (gint64    now,
                gint64    t,
                gboolean *overdue)
{
  int days;

  if (overdue)
    *overdue = t > 0 && t < now;

  if (t <= 0)
    return g_strdup ("");

  days = days_between (now, t);
  if (days < 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Overdue %d day", "Overdue %d days", -days), -days);
  if (days <= 1)
    return crm_format_relative (now, t);

  return format_near (now, t, TRUE);
}

/* ------------------------------------------------------------------ */
/* The showroom's clock                                                */

/**
 * crm_time_zone_differs:
 * @showroom: the showroom's zone
 *
 * Returns: %TRUE when the desktop's clock does not read as the
 *   showroom's at @unix_seconds (then a time shown for planning names the
 *   showroom's zone)
 */
gboolean
crm_time_zone_differs (GTimeZone *showroom,
                       gint64     unix_seconds)
{
  g_autoptr(GTimeZone) desktop = g_time_zone_new_local ();
  g_autoptr(GDateTime) here = g_date_time_new_from_unix_utc (unix_seconds);
  g_autoptr(GDateTime) a = g_date_time_to_timezone (here, desktop);
  g_autoptr(GDateTime) b = g_date_time_to_timezone (here, showroom);

  g_return_val_if_fail (showroom != NULL, FALSE);
  return g_date_time_get_utc_offset (a) != g_date_time_get_utc_offset (b);
}

/**
 * crm_format_showroom_time:
 * @showroom: the showroom's zone
 *
 * Returns: (transfer full) (nullable): "Showroom time (Asia/Shanghai):
 *   Tue 10:00" for a time shown in the desktop's zone, or %NULL when the
 *   desktop's clock reads the same as the showroom's
 */
char *
crm_format_showroom_time (GTimeZone *showroom,
                          gint64     unix_seconds)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *when = NULL;

  g_return_val_if_fail (showroom != NULL, NULL);

  if (!crm_time_zone_differs (showroom, unix_seconds))
    return NULL;
  dt = crm_time_in_zone (showroom, unix_seconds);
  /* Translators: a day and time, see g_date_time_format(); Chinese: %-m月%-d日 %a %H:%M */
  when = g_date_time_format (dt, _("%a %b %-d, %H:%M"));
  /* Translators: the first %s is a time zone (Asia/Shanghai), the second a day and time */
  return g_strdup_printf (_("Showroom time (%s): %s"), g_time_zone_get_identifier (showroom), when);
}

/**
 * crm_format_showroom_day:
 * @showroom: the showroom's zone
 *
 * Returns: (transfer full) (nullable): "Showroom time (Asia/Shanghai):
 *   today is Tuesday, November 24", or %NULL when the desktop's clock
 *   reads the same as the showroom's
 */
char *
crm_format_showroom_day (GTimeZone *showroom,
                         gint64     unix_seconds)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *day = NULL;

  g_return_val_if_fail (showroom != NULL, NULL);

  if (!crm_time_zone_differs (showroom, unix_seconds))
    return NULL;
  dt = crm_time_in_zone (showroom, unix_seconds);
  /* Translators: a day, see g_date_time_format(); Chinese: %-m月%-d日 %A */
  day = g_date_time_format (dt, _("%A, %B %-d"));
  /* Translators: the first %s is a time zone (Asia/Shanghai), the second a day */
  return g_strdup_printf (_("Showroom time (%s): today is %s"), g_time_zone_get_identifier (showroom), day);
}
