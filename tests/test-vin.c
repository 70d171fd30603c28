/* test-vin.c: VINs checked as GB 16735 and ISO 3779 have them
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The valid VINs are real ones, published: the classic example of the
 * check digit, cars decoded by NHTSA's vPIC (whose decoder checks
 * position 9), and Chinese-built cars from a court's auction notice, a
 * traffic-fine lookup and published decodes. Each was checked here; three
 * are worked by hand below.
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gi18n.h>

#include "crm-error.h"
#include "crm-test-util.h"
#include "crm-vin.h"

/*
 * Transliteration: A1 B2 C3 D4 E5 F6 G7 H8 J1 K2 L3 M4 N5 P7 R9 S2 T3 U4
 * V5 W6 X7 Y8 Z9; weights 8 7 6 5 4 3 2 10 0 9 8 7 6 5 4 3 2.
 *
 * LFV3A28KXE3063746 (FAW-Volkswagen, an Audi A4L of 2014 in a court's
 * auction notice):
 *   L3·8 + F6·7 + V5·6 + 3·5 + A1·4 + 2·3 + 8·2 + K2·10 + X·0
 *   + E5·9 + 3·8 + 0·7 + 6·6 + 3·5 + 7·4 + 4·3 + 6·2
 *   = 24 + 42 + 30 + 15 + 4 + 6 + 16 + 20 + 0 + 45 + 24 + 0 + 36 + 15
 *     + 28 + 12 + 12 = 329 = 29·11 + 10  →  X
 *
 * LSVCY6C49MN027789 (SAIC Volkswagen, model year M = 2021):
 *   L3·8 + S2·7 + V5·6 + C3·5 + Y8·4 + 6·3 + C3·2 + 4·10 + 9·0
 *   + M4·9 + N5·8 + 0·7 + 2·6 + 7·5 + 7·4 + 8·3 + 9·2
 *   = 24 + 14 + 30 + 15 + 32 + 18 + 6 + 40 + 0 + 36 + 40 + 0 + 12 + 35
 *     + 28 + 24 + 18 = 372 = 33·11 + 9  →  9
 *
 * 1M8GDM9AXKP042788 (the example every description of the check digit
 * uses):
 *   1·8 + M4·7 + 8·6 + G7·5 + D4·4 + M4·3 + 9·2 + A1·10 + X·0
 *   + K2·9 + P7·8 + 0·7 + 4·6 + 2·5 + 7·4 + 8·3 + 8·2
 *   = 8 + 28 + 48 + 35 + 16 + 12 + 18 + 10 + 0 + 18 + 56 + 0 + 24 + 10
 *     + 28 + 24 + 16 = 351 = 31·11 + 10  →  X
 */
static const char * const valid_vins[] = {
  "1M8GDM9AXKP042788",
  "LFV3A28KXE3063746",   /* FAW-VW Audi A4L, check digit X */
  "LFV3A24G1D3084615",   /* FAW-VW, Shanghai plates */
  "LFV2A28V0G5040585",   /* FAW-VW */
  "LSVCY6C49MN027789",   /* SAIC Volkswagen */
  "LBV5S1106ESH78688",   /* BMW Brilliance, Shenyang */
  "LRBFX2SA0JD026226",   /* SAIC-GM Buick Envision */
  "LPSED3KA2NL078778",   /* Polestar 2, Luqiao */
  "LPSEG3KA9NL084441",   /* Polestar 2 */
  "UU6JA69691D713820",   /* a worked example in Chinese: sum 350, 350 mod 11 = 9 */
  "5YJSA1H12FFP71790",   /* Tesla Model S, vPIC */
  "SCFEBBELXDGD17560",   /* Aston Martin V8 Vantage, vPIC, check digit X */
  "JH4KA2650HC000268",   /* Acura Legend, vPIC, check digit 0 */
  "1FV3GFBC0YHA74039",   /* Freightliner FL60, vPIC */
};

static void
test_valid (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (valid_vins); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *vin = crm_vin_normalize (valid_vins[i], &error);

      g_test_message ("%s", valid_vins[i]);
      g_assert_no_error (error);
      g_assert_cmpstr (vin, ==, valid_vins[i]);
      g_assert_true (crm_vin_is_valid (valid_vins[i]));
      g_assert_cmpint (crm_vin_check_digit (valid_vins[i]), ==, valid_vins[i][8]);
    }
}

static void
test_check_digit (void)
{
  /* The hand-worked ones above */
  g_assert_cmpint (crm_vin_check_digit ("LFV3A28KXE3063746"), ==, 'X');
  g_assert_cmpint (crm_vin_check_digit ("LSVCY6C49MN027789"), ==, '9');
  g_assert_cmpint (crm_vin_check_digit ("1M8GDM9AXKP042788"), ==, 'X');
  /* Position 9 is not read (its weight is 0), whatever it holds */
  g_assert_cmpint (crm_vin_check_digit ("1M8GDM9A0KP042788"), ==, 'X');
  g_assert_cmpint (crm_vin_check_digit ("1M8GDM9A?KP042788"), ==, 'X');
  /* 1M8GDM9AXKP042788 with position 8 A → B adds 10 (B2·10 − A1·10):
   * 361 = 32·11 + 9 */
  g_assert_cmpint (crm_vin_check_digit ("1M8GDM9BXKP042788"), ==, '9');
  /* Not VINs at all */
  g_assert_cmpint (crm_vin_check_digit ("1M8GDM9AXKP04278"), ==, '\0');
  g_assert_cmpint (crm_vin_check_digit ("1M8GDM9AXKP0427888"), ==, '\0');
  g_assert_cmpint (crm_vin_check_digit ("1M8GDM9AXKP04278O"), ==, '\0');
  g_assert_cmpint (crm_vin_check_digit ("1m8gdm9axkp042788"), ==, '\0');
  g_assert_cmpint (crm_vin_check_digit (""), ==, '\0');

  g_assert_false (crm_vin_is_valid (NULL));
  g_assert_false (crm_vin_is_valid (""));
  g_assert_false (crm_vin_is_valid ("1m8gdm9axkp042788"));   /* stored VINs are capitals */
  g_assert_false (crm_vin_is_valid ("1M8GDM9A9KP042788"));
}

static void
test_normalize (void)
{
  static const struct
  {
    const char *input;
    const char *expected;
  } cases[] = {
    { "lfv3a28kxe3063746", "LFV3A28KXE3063746" },
    { "  LFV3A28KXE3063746\n", "LFV3A28KXE3063746" },
    { "\tLsvCy6c49mN027789 ", "LSVCY6C49MN027789" },
    /* Full-width, as a Chinese input method types it, with an
     * ideographic space around */
    { "\xe3\x80\x80ＬＦＶ３Ａ２８ＫＸＥ３０６３７４６\xe3\x80\x80", "LFV3A28KXE3063746" },
    { "ｌｆｖ３ａ２８ｋｘｅ３０６３７４６", "LFV3A28KXE3063746" },
    /* A byte-order mark from a CSV file */
    { "\xef\xbb\xbf" "LFV3A28KXE3063746", "LFV3A28KXE3063746" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *vin = crm_vin_normalize (cases[i].input, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (vin, ==, cases[i].expected);
    }
}

static void
assert_refused (const char *input,
                const char *message)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *vin = crm_vin_normalize (input, &error);

  g_assert_null (vin);
  g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
  g_assert_cmpstr (error->message, ==, message);
}

/* Messages name the reason; checked untranslated (C locale) */
static void
test_invalid (void)
{
  assert_refused ("", "Enter the VIN: 17 letters and digits");
  assert_refused ("   ", "Enter the VIN: 17 letters and digits");
  assert_refused ("LFV3A28KXE306374",
                  "A VIN has 17 characters; “LFV3A28KXE306374” has 16");
  assert_refused (" LFV3A28KXE30637466 ",
                  "A VIN has 17 characters; “LFV3A28KXE30637466” has 18");
  assert_refused ("12345",
                  "A VIN has 17 characters; “12345” has 5");
  /* I, O and Q, with where they are and what they are taken for */
  assert_refused ("LFV3A28KXE3O63746",
                  "“LFV3A28KXE3O63746” is not a VIN: VINs never use the letter O (position 12), which is easily taken for 0");
  assert_refused ("iFV3A28KXE3063746",
                  "“iFV3A28KXE3063746” is not a VIN: VINs never use the letter I (position 1), which is easily taken for 1");
  assert_refused ("LFV3A28KXE306374Q",
                  "“LFV3A28KXE306374Q” is not a VIN: VINs never use the letter Q (position 17), which is easily taken for 0");
  /* The check digit: one character changed or two swapped */
  assert_refused ("LFV3A28K9E3063746",
                  "“LFV3A28K9E3063746” is not a valid VIN: its check digit (position 9) should be X, not 9; a character is probably mistyped");
  /* 3 → 5 in position 14 adds 2·5 = 10: 339 = 30·11 + 9 */
  assert_refused ("LFV3A28KXE3065746",
                  "“LFV3A28KXE3065746” is not a valid VIN: its check digit (position 9) should be 9, not X; a character is probably mistyped");
  /* positions 16 and 17 swapped (4·3 + 6·2 → 6·3 + 4·2 adds 2):
   * 331 = 30·11 + 1 */
  assert_refused ("LFV3A28KXE3063764",
                  "“LFV3A28KXE3063764” is not a valid VIN: its check digit (position 9) should be 1, not X; a character is probably mistyped");
  assert_refused ("1M8GDM9A9KP042788",
                  "“1M8GDM9A9KP042788” is not a valid VIN: its check digit (position 9) should be X, not 9; a character is probably mistyped");
  /* Spaces and other characters inside */
  assert_refused ("LFV3A28K XE3063746",
                  "“LFV3A28K XE3063746” is not a VIN: it has a space at position 9; a VIN is written without spaces");
  assert_refused ("LFV-3A28KXE3063746",
                  "“LFV-3A28KXE3063746” is not a VIN: “-” at position 4 is not a letter or digit");
  assert_refused ("LFV3A28KXE306374车",
                  "“LFV3A28KXE306374车” is not a VIN: “车” at position 17 is not a letter or digit");
  /* Invalid UTF-8 is shown with replacement characters, not passed on */
  assert_refused ("LFV3A28KXE306374\xff",
                  "“LFV3A28KXE306374\xef\xbf\xbd” is not a VIN: a VIN has 17 letters and digits");
}

/* A paste of a whole line of a stock list is cut short in the message */
static void
test_long_input (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *vin = NULL;
  g_autofree char *input = g_strnfill (500, 'A');

  vin = crm_vin_normalize (input, &error);
  g_assert_null (vin);
  g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
  g_assert_true (g_str_has_suffix (error->message, "…” has 500"));
  g_assert_cmpuint (strlen (error->message), <, 120);
}

/* The messages in Chinese, from the build's translations (when they are
 * there: the test builds before the .mo files when run by hand) */
static void
test_translated (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *vin = NULL;

  crm_test_use_built_translations ("zh_CN.UTF-8");

  vin = crm_vin_normalize ("LFV3A28K9E3063746", &error);
  g_assert_null (vin);
  g_assert_cmpstr (error->message, ==,
                   "“LFV3A28K9E3063746”不是有效的车架号：第 9 位校验位应为 X，而不是 9，可能有字符输错");
  g_clear_error (&error);

  vin = crm_vin_normalize ("LFV3A28KXE3O63746", &error);
  g_assert_null (vin);
  g_assert_cmpstr (error->message, ==,
                   "“LFV3A28KXE3O63746”不是有效的车架号：车架号不使用字母 O（第 12 位），它容易被看成 0");
  g_clear_error (&error);

  vin = crm_vin_normalize ("LFV3A28KXE306374", &error);
  g_assert_null (vin);
  g_assert_cmpstr (error->message, ==, "车架号（VIN）应为 17 位；“LFV3A28KXE306374”有 16 位");

  setlocale (LC_ALL, "C.UTF-8");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* Messages are checked untranslated, except in /vin/translated */
  setlocale (LC_ALL, "C.UTF-8");

  g_test_add_func ("/vin/valid", test_valid);
  g_test_add_func ("/vin/check-digit", test_check_digit);
  g_test_add_func ("/vin/normalize", test_normalize);
  g_test_add_func ("/vin/invalid", test_invalid);
  g_test_add_func ("/vin/long-input", test_long_input);
  g_test_add_func ("/vin/translated", test_translated);

  return g_test_run ();
}
