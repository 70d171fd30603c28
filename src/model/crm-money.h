/* crm-money.h: amounts in fen, rounded and written in Chinese capitals
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CRM_FEN_PER_YUAN 100

/* The largest amount the quote arithmetic takes: ¥1,000,000,000 (10亿元).
 * Far above any car, and low enough that amount × 10,000 (a rate in basis
 * points) fits in 64 bits without a check at every step. */
#define CRM_MONEY_MAX_FEN ((gint64) 100000000000)

/* 10,000 basis points make 100 % */
#define CRM_BASIS_POINTS 10000

gint64 crm_money_div_round             (gint64 numerator,
                                        gint64 denominator);
gint64 crm_money_without_vat           (gint64 fen,
                                        guint  vat_bp);
char  *crm_money_to_chinese_capital    (gint64 fen);

G_END_DECLS
