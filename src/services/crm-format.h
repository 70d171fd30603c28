/* crm-format.h: money and times as a showroom reads them
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "crm-clock.h"
#include "crm-finance.h"

G_BEGIN_DECLS

char    *crm_format_money         (gint64       fen);
char    *crm_format_money_short   (gint64       fen);
char    *crm_format_budget        (gint64       min_fen,
                                   gint64       max_fen);
gboolean crm_parse_money          (const char  *text,
                                   gint64      *fen,
                                   GError     **error);
char    *crm_format_finance_plan  (const CrmFinancePlan   *plan,
                                   const CrmFinanceResult *result);
char    *crm_format_on_the_road   (gint64       fen);
char    *crm_format_date          (gint64       unix_seconds);
char    *crm_format_datetime      (gint64       unix_seconds);
char    *crm_format_relative      (gint64       now,
                                   gint64       unix_seconds);
char    *crm_format_due           (gint64       now,
                                   gint64       unix_seconds,
                                   gboolean    *overdue);

/* The showroom's clock (crm_store_get_time_zone()); crm_time_in_zone(),
 * crm_time_on_day() and crm_time_day_start() are in crm-clock.h */
gboolean   crm_time_zone_differs  (GTimeZone   *showroom,
                                   gint64       unix_seconds);
char      *crm_format_showroom_time (GTimeZone *showroom,
                                   gint64       unix_seconds);
char      *crm_format_showroom_day  (GTimeZone *showroom,
                                   gint64       unix_seconds);

G_END_DECLS
