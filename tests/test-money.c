/* test-money.c: rounding to the fen and amounts in Chinese capitals
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The 大写 cases come from the People's Bank of China's rules for filling
 * in bills (正确填写票据和结算凭证的基本规定), section 4, whose examples are
 * quoted with their number; where the rules allow two forms the first one
 * listed is expected (the choice is explained at the top of crm-money.c).
 */
#include "config.h"

#include <locale.h>

#include "crm-money.h"

#define assert_capital(fen, expected)                                       \
  G_STMT_START {                                                            \
    g_autofree char *got_ = crm_money_to_chinese_capital (fen);             \
    g_assert_cmpstr (got_, ==, (expected));                                 \
  } G_STMT_END

static void
test_div_round (void)
{
  /* Half up on the last unit */
  g_assert_cmpint (crm_money_div_round (0, 3), ==, 0);
  g_assert_cmpint (crm_money_div_round (5, 10), ==, 1);
  g_assert_cmpint (crm_money_div_round (4, 10), ==, 0);
  g_assert_cmpint (crm_money_div_round (14, 10), ==, 1);
  g_assert_cmpint (crm_money_div_round (15, 10), ==, 2);
  g_assert_cmpint (crm_money_div_round (25, 10), ==, 3);   /* not to even */
  g_assert_cmpint (crm_money_div_round (100, 3), ==, 33);
  g_assert_cmpint (crm_money_div_round (200, 3), ==, 67);
  /* Half away from zero below zero, so −x rounds to −(x rounded) */
  g_assert_cmpint (crm_money_div_round (-5, 10), ==, -1);
  g_assert_cmpint (crm_money_div_round (-4, 10), ==, 0);
  g_assert_cmpint (crm_money_div_round (-15, 10), ==, -2);
  g_assert_cmpint (crm_money_div_round (-200, 3), ==, -67);
  /* An odd denominator: 1,130 ÷ 113 = 10 exactly; 1,186 ÷ 113 = 10.49… */
  g_assert_cmpint (crm_money_div_round (1130, 113), ==, 10);
  g_assert_cmpint (crm_money_div_round (1186, 113), ==, 10);
  g_assert_cmpint (crm_money_div_round (1187, 113), ==, 11);   /* 10.504… */
}

static void
test_without_vat (void)
{
  /* ¥189,800 ÷ 1.13 = ¥167,964.6017… → ¥167,964.60 */
  g_assert_cmpint (crm_money_without_vat (18980000, 1300), ==, 16796460);
  /* ¥339,000 ÷ 1.13 = ¥300,000 exactly */
  g_assert_cmpint (crm_money_without_vat (33900000, 1300), ==, 30000000);
  /* ¥100,002 ÷ 1.13 = ¥88,497.345 13… → ¥88,497.35 */
  g_assert_cmpint (crm_money_without_vat (10000200, 1300), ==, 8849735);
  /* ¥1.13 → ¥1; 1 fen ÷ 1.13 = 0.88… → 1 fen; no VAT: unchanged */
  g_assert_cmpint (crm_money_without_vat (113, 1300), ==, 100);
  g_assert_cmpint (crm_money_without_vat (1, 1300), ==, 1);
  g_assert_cmpint (crm_money_without_vat (18980000, 0), ==, 18980000);
  /* 16 %, the rate from May 2018 to March 2019: ¥116 → ¥100 */
  g_assert_cmpint (crm_money_without_vat (11600, 1600), ==, 10000);
}

/* The cases the issue names */
static void
test_capital_edges (void)
{
  assert_capital (0, "零元整");
  /* 壹拾, not a bare 拾: see crm-money.c */
  assert_capital (1000, "壹拾元整");
  assert_capital (10000500, "壹拾万零伍元整");
  /* 1,000,000.50: 元 ends a run of zeros and 角 is not zero (4.3): the
   * form with 零, as the rule lists it first */
  assert_capital (100000050, "壹佰万元零伍角");
  assert_capital (18980000, "壹拾捌万玖仟捌佰元整");
}

static void
test_capital_rules (void)
{
  /* 4.1: a zero between digits is written */
  assert_capital (140950, "壹仟肆佰零玖元伍角");
  /* 4.2: a run of zeros is one 零 */
  assert_capital (600714, "陆仟零柒元壹角肆分");
  /* 4.3: 万 or 元 ends the zeros, 仟 or 角 is not zero: the first form */
  assert_capital (168032, "壹仟陆佰捌拾元零叁角贰分");
  assert_capital (10700053, "壹拾万柒仟元零伍角叁分");
  /* 4.4: 角 zero, 分 not: 零 after 元 */
  assert_capital (1640902, "壹万陆仟肆佰零玖元零贰分");
  assert_capital (32504, "叁佰贰拾伍元零肆分");
  /* 2: 整 after 元, none after 角 (ours) or 分 */
  assert_capital (100, "壹元整");
  assert_capital (150, "壹元伍角");
  assert_capital (155, "壹元伍角伍分");
}

static void
test_capital_fen_only (void)
{
  assert_capital (1, "壹分");
  assert_capital (5, "伍分");
  assert_capital (10, "壹角");
  assert_capital (50, "伍角");
  assert_capital (15, "壹角伍分");
  assert_capital (99, "玖角玖分");
  /* Whole yuan with 分 only */
  assert_capital (101, "壹元零壹分");
  assert_capital (1005, "壹拾元零伍分");
}

static void
test_capital_places (void)
{
  assert_capital (1100, "壹拾壹元整");
  assert_capital (2000, "贰拾元整");
  assert_capital (101000, "壹仟零壹拾元整");
  assert_capital (100100, "壹仟零壹元整");
  assert_capital (1000000, "壹万元整");
  assert_capital (1001000, "壹万零壹拾元整");
  assert_capital (1070000, "壹万零柒佰元整");
  assert_capital (100000000, "壹佰万元整");
  /* 万 ends the zeros, 仟 is not zero: no 零 (4.3, the first form) */
  assert_capital (1000700000, "壹仟万柒仟元整");
  assert_capital (1000070000000, "壹佰亿零柒拾万元整");
  assert_capital (100700000000, "壹拾亿零柒佰万元整");
}

static void
test_capital_yi (void)
{
  assert_capital (10000000000, "壹亿元整");
  assert_capital (10000000500, "壹亿零伍元整");
  assert_capital (10001000000, "壹亿零壹万元整");
  /* 亿 then 仟万: no 零 (4.3 at 亿 as at 万) */
  assert_capital (11000000000, "壹亿壹仟万元整");
  assert_capital (123456789012, "壹拾贰亿叁仟肆佰伍拾陆万柒仟捌佰玖拾元零壹角贰分");
  /* 万亿: the part above 亿 is itself a number */
  assert_capital (G_GINT64_CONSTANT (100000000000000), "壹万亿元整");
  assert_capital (G_GINT64_CONSTANT (123450000000000), "壹万贰仟叁佰肆拾伍亿元整");
  assert_capital (G_GINT64_CONSTANT (1000000000000000000), "壹亿亿元整");
  /* The largest gint64: ¥92,233,720,368,547,758.07 */
  assert_capital (G_MAXINT64,
                  "玖亿贰仟贰佰叁拾叁万柒仟贰佰零叁亿陆仟捌佰伍拾肆万柒仟柒佰伍拾捌元零柒分");
}

/* Below zero: 负 in front (see crm-money.c) */
static void
test_capital_negative (void)
{
  assert_capital (-1, "负壹分");
  assert_capital (-1050, "负壹拾元零伍角");
  assert_capital (-18980000, "负壹拾捌万玖仟捌佰元整");
  assert_capital (G_MININT64,
                  "负玖亿贰仟贰佰叁拾叁万柒仟贰佰零叁亿陆仟捌佰伍拾肆万柒仟柒佰伍拾捌元零捌分");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  setlocale (LC_ALL, "C.UTF-8");

  g_test_add_func ("/money/div-round", test_div_round);
  g_test_add_func ("/money/without-vat", test_without_vat);
  g_test_add_func ("/money/capital/edges", test_capital_edges);
  g_test_add_func ("/money/capital/rules", test_capital_rules);
  g_test_add_func ("/money/capital/fen-only", test_capital_fen_only);
  g_test_add_func ("/money/capital/places", test_capital_places);
  g_test_add_func ("/money/capital/yi", test_capital_yi);
  g_test_add_func ("/money/capital/negative", test_capital_negative);

  return g_test_run ();
}
