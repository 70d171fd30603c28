/* crm-money.c: amounts in fen, rounded and written in Chinese capitals
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Chinese capitals (大写金额) follow the People's Bank of China's 正确填写
 * 票据和结算凭证的基本规定 (the rules for filling in bills and settlement
 * vouchers), sections 2 and 4:
 *
 *  - 零壹贰叁肆伍陆柒捌玖, 拾佰仟万亿, 元角分; "整" after 元 when there is
 *    no 角 or 分; none after 分; after 角 it may be left out, and here it is.
 *  - (4.1, 4.2) Zeros between digits are written 零, a run of them one 零:
 *    ¥6,007.14 → 陆仟零柒元壹角肆分.
 *  - (4.4) 角 zero but 分 not: 零 after 元: ¥325.04 → 叁佰贰拾伍元零肆分.
 *  - (4.3) Where the 万 or 元 place ends a run of zeros and the next place
 *    (仟 or 角) is not zero, 零 may be written or left out. The rule gives
 *    two forms for each example; we always write the first it lists:
 *    ¥1,680.32 → 壹仟陆佰捌拾元零叁角贰分 and ¥107,000.53 →
 *    壹拾万柒仟元零伍角叁分, that is no 零 before 仟 after 万 (nor before
 *    仟万 after 亿), and 零 after 元 before 角. This is also how the amounts
 *    are said (十万七千, 一百万元零五角), so ¥1,000,000.50 is 壹佰万元零伍角.
 *
 * A leading ten is written 壹拾, never 拾 alone: ¥10 is 壹拾元整. The rule's
 * own examples write 壹拾万, banks refuse a bare 拾 on cheques, and the
 * reason is the rule's: a 拾元 can be made 叁拾元 with one stroke in front,
 * as its section 6 asks for 壹拾 in dates for the same reason.
 *
 * Negative amounts are written with 负 in front (负壹拾元零伍角), as Chinese
 * accounting software writes them; bills never carry one, so a printed
 * quote should not need it (a trade-in worth more than the new car is the
 * one way a total can be negative).
 */
#include "config.h"

#define G_LOG_DOMAIN "crm-money"

#include "crm-money.h"

static const char * const digit_chars[10] = {
  "零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖",
};

/* Units of the places inside a group of four: 个, 拾, 佰, 仟 */
static const char * const place_chars[4] = { "", "拾", "佰", "仟" };

#define WAN G_GUINT64_CONSTANT (10000)
#define YI  G_GUINT64_CONSTANT (100000000)

/* 1 … 9999; zeros inside make one 零, zeros at the end none */
static void
append_group (GString *out,
              guint    n)
{
  gboolean zero_pending = FALSE;
  gboolean started = FALSE;

  g_assert (n > 0 && n < 10000);

  for (int place = 3; place >= 0; place--)
    {
      guint divisor = place == 3 ? 1000 : place == 2 ? 100 : place == 1 ? 10 : 1;
      guint digit = (n / divisor) % 10;

      if (digit == 0)
        {
          zero_pending = started;
          continue;
        }
      if (zero_pending)
        g_string_append (out, digit_chars[0]);
      g_string_append (out, digit_chars[digit]);
      g_string_append (out, place_chars[place]);
      zero_pending = FALSE;
      started = TRUE;
    }
}

/* 1 … 99,999,999 */
static void
append_below_yi (GString *out,
                 guint64  n)
{
  guint high = (guint) (n / WAN);
  guint low = (guint) (n % WAN);

  g_assert (n > 0 && n < YI);

  if (high > 0)
    {
      append_group (out, high);
      g_string_append (out, "万");
    }
  if (low > 0)
    {
      /* 壹万零伍 but 壹拾万柒仟 (see the top of the file) */
      if (high > 0 && low < 1000)
        g_string_append (out, digit_chars[0]);
      append_group (out, low);
    }
}

/* Any n > 0: the part above 亿 is itself a number (壹万贰仟亿, 壹亿亿) */
static void
append_yuan (GString *out,
             guint64  n)
{
  guint64 high = n / YI;
  guint64 low = n % YI;

  g_assert (n > 0);

  if (high > 0)
    {
      append_yuan (out, high);
      g_string_append (out, "亿");
    }
  if (low > 0)
    {
      if (high > 0 && low < YI / 10)
        g_string_append (out, digit_chars[0]);
      append_below_yi (out, low);
    }
}

/**
 * crm_money_div_round:
 * @numerator: any amount
 * @denominator: greater than 0
 *
 * Divides and rounds half up on the last unit (half away from zero for a
 * negative @numerator): every rounding to the fen in Showroom goes through
 * here. The caller keeps @numerator from overflowing (see
 * %CRM_MONEY_MAX_FEN).
 *
 * Returns: @numerator ÷ @denominator, rounded half up
 */
gint64
crm_money_div_round (gint64 numerator,
                     gint64 denominator)
{
  gint64 quotient;
  gint64 remainder;

  g_return_val_if_fail (denominator > 0, 0);
  g_return_val_if_fail (denominator <= G_MAXINT64 / 2, 0);

  quotient = numerator / denominator;
  remainder = numerator % denominator;

  if (remainder > 0 && 2 * remainder >= denominator)
    quotient++;
  else if (remainder < 0 && -2 * remainder >= denominator)
    quotient--;

  return quotient;
}

/**
 * crm_money_without_vat:
 * @fen: a price with VAT, −%CRM_MONEY_MAX_FEN … %CRM_MONEY_MAX_FEN
 * @vat_bp: the VAT rate in basis points (1300 = 13 %)
 *
 * Returns: @fen without its VAT, @fen ÷ (1 + rate), rounded half up on the
 *   fen as an invoice prints it
 */
gint64
crm_money_without_vat (gint64 fen,
                       guint  vat_bp)
{
  g_return_val_if_fail (fen >= -CRM_MONEY_MAX_FEN && fen <= CRM_MONEY_MAX_FEN, 0);
  g_return_val_if_fail (vat_bp <= CRM_BASIS_POINTS, 0);

  return crm_money_div_round (fen * CRM_BASIS_POINTS, CRM_BASIS_POINTS + vat_bp);
}

/**
 * crm_money_to_chinese_capital:
 * @fen: an amount in fen; any #gint64
 *
 * Writes @fen as the capitals (大写金额) printed under the figures on a
 * quote, an invoice or a cheque: 189,800.00 → 壹拾捌万玖仟捌佰元整,
 * 100,005.00 → 壹拾万零伍元整, 1,000,000.50 → 壹佰万元零伍角, 0 → 零元整,
 * 0.05 → 伍分. The rules and the choices among the forms the People's Bank
 * of China allows are at the top of crm-money.c. A negative amount gets 负
 * in front. The characters are the same in every language.
 *
 * Returns: (transfer full): the amount in Chinese capitals
 */
char *
crm_money_to_chinese_capital (gint64 fen)
{
  GString *out = g_string_new (NULL);
  /* G_MININT64 has no positive counterpart in a gint64 */
  guint64 magnitude = fen < 0 ? (guint64) (-(fen + 1)) + 1 : (guint64) fen;
  guint64 yuan = magnitude / CRM_FEN_PER_YUAN;
  guint jiao = (guint) (magnitude / 10 % 10);
  guint fen_digit = (guint) (magnitude % 10);

  if (magnitude == 0)
    {
      g_string_append (out, "零元整");
      return g_string_free (out, FALSE);
    }

  if (fen < 0)
    g_string_append (out, "负");

  if (yuan > 0)
    {
      append_yuan (out, yuan);
      g_string_append (out, "元");
    }

  if (jiao == 0 && fen_digit == 0)
    {
      g_string_append (out, "整");
      return g_string_free (out, FALSE);
    }

  /* 4.4 (角 is zero) and our choice under 4.3 (元 is zero) */
  if (yuan > 0 && (jiao == 0 || yuan % 10 == 0))
    g_string_append (out, digit_chars[0]);
  if (jiao > 0)
    {
      g_string_append (out, digit_chars[jiao]);
      g_string_append (out, "角");
    }
  if (fen_digit > 0)
    {
      g_string_append (out, digit_chars[fen_digit]);
      g_string_append (out, "分");
    }

  return g_string_free (out, FALSE);
}
