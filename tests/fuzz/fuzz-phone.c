/* fuzz-phone.c: libFuzzer target for phone numbers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a person types or a spreadsheet holds goes through
 * crm_phone_normalize(); what comes out is stored, indexed for duplicates
 * and shown through crm_phone_format(). Beyond not crashing, the checks
 * are the promises the rest of the code relies on: a normalised number is
 * digits (with a leading "+" abroad), normalising it again or its shown
 * form gives it back, and a mobile is 11 digits.
 */
#define G_LOG_DOMAIN "fuzz-phone"

#include <string.h>

#include "crm-phone.h"
#include "fuzz-common.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init ();
  return 0;
}

static void
assert_normalized (const char *number)
{
  g_assert_nonnull (number);
  g_assert_cmpstr (number, !=, "");
  for (const char *p = number; *p; p++)
    if (!(g_ascii_isdigit (*p) || (p == number && *p == '+')))
      g_error ("“%s” is not a normalised number", number);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = NULL;
  g_autofree char *normalized = NULL;
  g_autofree char *digits = NULL;
  g_autofree char *shown_raw = NULL;
  g_autoptr(GError) error = NULL;

  /* Typed text and decoded CSV cells are UTF-8 */
  if (!g_utf8_validate ((const char *) data, size, NULL))
    return 0;
  text = g_strndup ((const char *) data, size);

  normalized = crm_phone_normalize (text, &error);
  if (normalized != NULL)
    {
      g_autofree char *again = NULL;
      g_autofree char *shown = NULL;
      g_autofree char *from_shown = NULL;

      g_assert_no_error (error);
      assert_normalized (normalized);

      again = crm_phone_normalize (normalized, NULL);
      g_assert_cmpstr (again, ==, normalized);

      shown = crm_phone_format (normalized);
      g_assert_true (g_utf8_validate (shown, -1, NULL));
      from_shown = crm_phone_normalize (shown, NULL);
      g_assert_cmpstr (from_shown, ==, normalized);

      if (crm_phone_is_mobile (normalized))
        g_assert_cmpuint (strlen (normalized), ==, 11);
    }
  else
    {
      g_assert_nonnull (error);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
    }

  digits = crm_phone_digits (text);
  if (digits != NULL)
    {
      g_assert_cmpstr (digits, !=, "");
      for (const char *p = digits; *p; p++)
        g_assert_true (g_ascii_isdigit (*p));
    }

  /* Formatting is also handed numbers stored before normalisation */
  shown_raw = crm_phone_format (text);
  g_assert_true (g_utf8_validate (shown_raw, -1, NULL));
  crm_phone_is_mobile (text);
  return 0;
}
