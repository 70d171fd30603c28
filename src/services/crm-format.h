/* crm-format.h: money and times as a showroom reads them
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char    *crm_format_money         (gint64       fen);
char    *crm_format_money_short   (gint64       fen);
char    *crm_format_budget        (gint64       min_fen,
                                   gint64       max_fen);
gboolean crm_parse_money          (const char  *text,
                                   gint64      *fen,
                                   GError     **error);
char    *crm_format_date          (gint64       unix_seconds);
char    *crm_format_datetime      (gint64       unix_seconds);
char    *crm_format_relative      (gint64       now,
                                   gint64       unix_seconds);
char    *crm_format_due           (gint64       now,
                                   gint64       unix_seconds,
                                   gboolean    *overdue);

G_END_DECLS
