/* test-phone.c: normalising, checking and showing phone numbers
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "crm-error.h"
#include "crm-phone.h"

typedef struct
{
  const char *input;
  const char *expected;
} Case;

static const Case mobiles[] = {
  { "13800138000", "13800138000" },
  { "138 0013 8000", "13800138000" },
  { "138-0013-8000", "13800138000" },
  { "138.0013.8000", "13800138000" },
  { "(138) 0013 8000", "13800138000" },
  { "  138 0013 8000  ", "13800138000" },
  { "138\t0013\t8000", "13800138000" },
  { "+86 138 0013 8000", "13800138000" },
  { "+8613800138000", "13800138000" },
  { "+86-138-0013-8000", "13800138000" },
  { "(+86) 138 0013 8000", "13800138000" },
  { "0086 138 0013 8000", "13800138000" },
  { "008613800138000", "13800138000" },
  { "86 138 0013 8000", "13800138000" },
  { "8613800138000", "13800138000" },
  { "013800138000", "13800138000" },           /* 0 dialled before a mobile */
  { "14712345678", "14712345678" },
  { "15912345678", "15912345678" },
  { "16612345678", "16612345678" },
  { "17712345678", "17712345678" },
  { "18612345678", "18612345678" },
  { "19912345678", "19912345678" },
  /* Full-width forms from Chinese input methods */
  { "１３８００１３８０００", "13800138000" },
  { "１３８　００１３　８０００", "13800138000" },   /* U+3000 */
  { "１３８－００１３－８０００", "13800138000" },   /* U+FF0D */
  { "＋８６ １３８ ００１３ ８０００", "13800138000" }, /* U+FF0B */
  { "（１３８）００１３．８０００", "13800138000" },   /* U+FF08/09/0E */
  { "138\xc2\xa0" "0013\xe2\x80\x93" "8000", "13800138000" }, /* NBSP, en dash */
  { "\xe2\x80\xad" "+86 138 0013 8000" "\xe2\x80\xac", "13800138000" }, /* U+202D … U+202C */
  { "\xef\xbb\xbf" "13800138000", "13800138000" },            /* BOM from a CSV */
};

static const Case landlines[] = {
  { "010 6552 9988", "01065529988" },
  { "010-65529988", "01065529988" },
  { "(010) 6552-9988", "01065529988" },
  { "01065529988", "01065529988" },
  { "+86 10 6552 9988", "01065529988" },
  { "+86 (0)10 6552 9988", "01065529988" },
  { "+86 010 6552 9988", "01065529988" },
  { "0086 10 6552 9988", "01065529988" },
  { "86 10 6552 9988", "01065529988" },
  { "020 8123 4567", "02081234567" },
  { "021-6123-4567", "02161234567" },
  { "029 8765 4321", "02987654321" },
  { "0755-8123-4567", "075581234567" },
  { "0755 8123 4567", "075581234567" },
  { "+86 755 8123 4567", "075581234567" },
  { "0571 812 3456", "05718123456" },
  { "0571-8123456", "05718123456" },
  { "０１０　６５５２　９９８８", "01065529988" },
};

static const Case internationals[] = {
  { "+852 9123 4567", "+85291234567" },
  { "+85291234567", "+85291234567" },
  { "00852 9123 4567", "+85291234567" },
  { "+853 6612 3456", "+85366123456" },
  { "+886 912 345 678", "+886912345678" },
  { "+1 (415) 555-0100", "+14155550100" },
  { "+44 20 7946 0958", "+442079460958" },
  { "+49 30 123456", "+4930123456" },
  { "+65 6123 4567", "+6561234567" },
  { "＋８５２ ９１２３ ４５６７", "+85291234567" },
  { "+123456789012345", "+123456789012345" },   /* 15 digits, the most */
};

static const char *invalids[] = {
  "",
  "   ",
  "　",
  "-()",
  "abc",
  "138-0013-800a",
  "１３８ｘ",
  "tel:13800138000",
  "138 0013 8000 / 139 0013 9000",
  "138 0013 8000 转 8001",
  "12800138000",                  /* mobile with a wrong prefix */
  "10086123456",
  "11012345678",
  "1380013800",                   /* 10 digits */
  "138001380001",                 /* 12 digits */
  "12345",
  "1",
  "6552 9988",                    /* no area code */
  "6552998",
  "010 6552 998",                 /* local part too short */
  "010 6552 99881",               /* too long */
  "020 812 3456",
  "0755 123 45",
  "0755 8123 45678",
  "011 1234 5678",                /* 01X other than 010 */
  "0",
  "010",
  "0755",
  "95588",
  "400 800 1234",
  "123456789012",
  "+",
  "+86",
  "+86 128 0013 8000",
  "+86 138 0013 800",
  "+86 10 6552 998",
  "+0 123 4567 890",
  "+852 1234",                    /* 7 digits */
  "+1234567890123456",            /* 16 digits */
  "00852",
  "138+0013 8000",
  "++86 138 0013 8000",
  "\xff\xfe",
  ("138\xff" "00138000"),
};

static const Case formats[] = {
  { "13800138000", "138 0013 8000" },
  { "19912345678", "199 1234 5678" },
  { "01065529988", "010 6552 9988" },
  { "02081234567", "020 8123 4567" },
  { "075581234567", "0755 8123 4567" },
  { "05718123456", "0571 812 3456" },
  { "+85291234567", "+852 9123 4567" },
  { "+85366123456", "+853 6612 3456" },
  { "+14155550100", "+1 415 555 0100" },
  { "+442079460958", "+44 20 7946 0958" },
  { "+886912345678", "+886 912 345 678" },
  { "+4930123456", "+49 3012 3456" },
  { "+6561234567", "+65 6123 4567" },
  { "+8613800138000", "+86 138 0013 8000" },
  { "+79161234567", "+7 916 123 4567" },
  { "+123456789012345", "+1 23 4567 8901 2345" },
  /* Anything else comes back as it is */
  { "", "" },
  { "abc", "abc" },
  { "12345", "12345" },
  { "1380013800", "1380013800" },
  { "12800138000", "12800138000" },
  { "0100", "0100" },
  { "+123", "+123" },
  { "+85291234567x", "+85291234567x" },
  { "138 0013 8000", "138 0013 8000" },
};

static const Case digit_cases[] = {
  { "138-0013 8000", "13800138000" },
  { "+86 (10) 6552", "86106552" },
  { "１３８", "138" },
  { "王 5", "5" },
  { "138", "138" },
  { "0", "0" },
  { "a1b2c3", "123" },
  { "\xff" "1\xe4", "1" },
  { "", NULL },
  { "abc", NULL },
  { "+-() ", NULL },
  { "王先生", NULL },
};

static void
check_valid (const Case *cases,
             gsize       n_cases)
{
  for (gsize i = 0; i < n_cases; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *normalized = NULL;

      g_test_message ("input: “%s”", cases[i].input);
      normalized = crm_phone_normalize (cases[i].input, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (normalized, ==, cases[i].expected);

      /* NULL error location is allowed */
      g_clear_pointer (&normalized, g_free);
      normalized = crm_phone_normalize (cases[i].input, NULL);
      g_assert_cmpstr (normalized, ==, cases[i].expected);
    }
}

static void
test_normalize_mobile (void)
{
  check_valid (mobiles, G_N_ELEMENTS (mobiles));
}

static void
test_normalize_landline (void)
{
  check_valid (landlines, G_N_ELEMENTS (landlines));
}

static void
test_normalize_international (void)
{
  check_valid (internationals, G_N_ELEMENTS (internationals));
}

static void
test_normalize_invalid (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (invalids); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *normalized = NULL;

      g_test_message ("input: “%s”", invalids[i]);
      normalized = crm_phone_normalize (invalids[i], &error);
      g_assert_null (normalized);
      g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
      g_assert_nonnull (error->message);
      g_assert_cmpstr (error->message, !=, "");
      g_assert_true (g_utf8_validate (error->message, -1, NULL));

      g_assert_null (crm_phone_normalize (invalids[i], NULL));
    }
}

static void
assert_message_contains (const char *input,
                         const char *fragment)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *normalized = crm_phone_normalize (input, &error);

  g_assert_null (normalized);
  g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
  if (strstr (error->message, fragment) == NULL)
    g_error ("message for “%s” is “%s”, expected it to contain “%s”",
             input, error->message, fragment);
}

static void
test_normalize_messages (void)
{
  /* Untranslated messages (C locale) name the problem and quote the input */
  assert_message_contains ("138-0013-800a", "“138-0013-800a”");
  assert_message_contains ("138-0013-800a", "digits only");
  assert_message_contains (" 1380013800 ", "“1380013800”");
  assert_message_contains ("1380013800", "11 digits");
  assert_message_contains ("1380013800", "has 10");
  assert_message_contains ("138001380001", "has 12");
  assert_message_contains ("12800138000", "13 to 19");
  assert_message_contains ("6552 9988", "area code");
  assert_message_contains ("010 6552 998", "010");
  assert_message_contains ("010 6552 998", "has 7");
  assert_message_contains ("0755 123 45", "0755");
  assert_message_contains ("0755 123 45", "7 or 8");
  assert_message_contains ("+852 1234", "has 7");
  assert_message_contains ("+1234567890123456", "has 16");
  assert_message_contains ("", "like 138 0013 8000");
  assert_message_contains ("\xff\xfe", "is not a phone number");
}

static void
test_format (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autofree char *formatted = crm_phone_format (formats[i].input);

      g_assert_cmpstr (formatted, ==, formats[i].expected);
    }
}

/* What is shown can be typed back in */
static void
test_format_round_trip (void)
{
  const Case *groups[] = { mobiles, landlines, internationals };
  gsize sizes[] = { G_N_ELEMENTS (mobiles), G_N_ELEMENTS (landlines), G_N_ELEMENTS (internationals) };

  for (gsize g = 0; g < G_N_ELEMENTS (groups); g++)
    {
      for (gsize i = 0; i < sizes[g]; i++)
        {
          g_autoptr(GError) error = NULL;
          g_autofree char *formatted = crm_phone_format (groups[g][i].expected);
          g_autofree char *again = crm_phone_normalize (formatted, &error);

          g_assert_no_error (error);
          g_assert_cmpstr (again, ==, groups[g][i].expected);
        }
    }
}

static void
test_is_mobile (void)
{
  g_assert_true (crm_phone_is_mobile ("13800138000"));
  g_assert_true (crm_phone_is_mobile ("19912345678"));
  g_assert_true (crm_phone_is_mobile ("14712345678"));
  g_assert_false (crm_phone_is_mobile ("12800138000"));
  g_assert_false (crm_phone_is_mobile ("10086123456"));
  g_assert_false (crm_phone_is_mobile ("1380013800"));
  g_assert_false (crm_phone_is_mobile ("138001380001"));
  g_assert_false (crm_phone_is_mobile ("01065529988"));
  g_assert_false (crm_phone_is_mobile ("075581234567"));
  g_assert_false (crm_phone_is_mobile ("+85291234567"));
  g_assert_false (crm_phone_is_mobile ("+8613800138000"));
  g_assert_false (crm_phone_is_mobile ("138 0013 8000"));
  g_assert_false (crm_phone_is_mobile ("1380013800a"));
  g_assert_false (crm_phone_is_mobile (""));
}

static void
test_digits (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (digit_cases); i++)
    {
      g_autofree char *digits = crm_phone_digits (digit_cases[i].input);

      g_assert_cmpstr (digits, ==, digit_cases[i].expected);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* Messages are checked untranslated */
  setlocale (LC_ALL, "C.UTF-8");

  g_test_add_func ("/phone/normalize/mobile", test_normalize_mobile);
  g_test_add_func ("/phone/normalize/landline", test_normalize_landline);
  g_test_add_func ("/phone/normalize/international", test_normalize_international);
  g_test_add_func ("/phone/normalize/invalid", test_normalize_invalid);
  g_test_add_func ("/phone/normalize/messages", test_normalize_messages);
  g_test_add_func ("/phone/format", test_format);
  g_test_add_func ("/phone/format/round-trip", test_format_round_trip);
  g_test_add_func ("/phone/is-mobile", test_is_mobile);
  g_test_add_func ("/phone/digits", test_digits);

  return g_test_run ();
}
