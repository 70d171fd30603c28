/* crm-vin.c: vehicle identification numbers (VIN, 车架号), checked
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GB 16735 (China) and ISO 3779 give a VIN 17 characters, digits and
 * capital letters without I, O and Q (they read as 1 and 0). China, like
 * North America, makes position 9 a check digit over the other sixteen:
 * each letter is transliterated to a digit, each character multiplied by
 * its position's weight, the sum taken modulo 11, and a remainder of 10
 * written X. A car sold in China carries a valid check digit whatever
 * its maker's country, so every VIN is checked.
 */
#include "config.h"

#define G_LOG_DOMAIN "crm-vin"

#include <string.h>

#include <glib/gi18n.h>

#include "crm-error.h"
#include "crm-vin.h"

#define CHECK_DIGIT_POSITION 9

/* Longer input is cut short in messages: a pasted paragraph is not a VIN */
#define MAX_SHOWN_CHARS 40

/* The transliteration of letters; 0 marks I, O and Q, which VINs never use */
static const guint8 letter_values[26] = {
  1, 2, 3, 4, 5, 6, 7, 8, 0,   /* A–I */
  1, 2, 3, 4, 5, 0, 7, 0, 9,   /* J–R */
  2, 3, 4, 5, 6, 7, 8, 9,      /* S–Z */
};

static const guint8 weights[CRM_VIN_LENGTH] = {
  8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2,
};

/* -1 for a character a VIN cannot hold */
static int
char_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'A' && c <= 'Z' && letter_values[c - 'A'] != 0)
    return letter_values[c - 'A'];
  return -1;
}

static gboolean
is_blank (gunichar c)
{
  return g_unichar_isspace (c) || c == 0x200B /* zero-width space */ ||
         c == 0xFEFF /* BOM, at the start of a CSV */ || c == 0x3000;
}

/* Full-width letters and digits (from Chinese input methods) become ASCII,
 * lower case becomes upper case; anything else is returned as it is. */
static gunichar
fold (gunichar c)
{
  if (c >= 0xFF10 && c <= 0xFF19)
    c = '0' + (c - 0xFF10);
  else if (c >= 0xFF21 && c <= 0xFF3A)
    c = 'A' + (c - 0xFF21);
  else if (c >= 0xFF41 && c <= 0xFF5A)
    c = 'a' + (c - 0xFF41);
  if (c >= 'a' && c <= 'z')
    c = c - 'a' + 'A';
  return c;
}

static char *
shown_input (const char *input)
{
  g_autofree char *valid = g_utf8_make_valid (input, -1);
  char *stripped = g_strstrip (valid);

  if (g_utf8_strlen (stripped, -1) > MAX_SHOWN_CHARS)
    {
      g_autofree char *cut = g_utf8_substring (stripped, 0, MAX_SHOWN_CHARS);
      return g_strconcat (cut, "…", NULL);
    }
  return g_strdup (stripped);
}

/* The digit (0–9 or X) position 9 of @vin must hold; @vin is 17 valid
 * characters */
static char
compute_check_digit (const char *vin)
{
  guint sum = 0;

  for (guint i = 0; i < CRM_VIN_LENGTH; i++)
    {
      int value = char_value (vin[i]);

      g_assert (value >= 0);
      sum += (guint) value * weights[i];
    }

  return sum % 11 == 10 ? 'X' : (char) ('0' + sum % 11);
}

/**
 * crm_vin_normalize:
 * @input: a VIN as typed, pasted or read from a stock list
 * @error: %CRM_ERROR_INVALID_INPUT with a translated message saying what is
 *   wrong: the length (and the count), a character a VIN never holds (which
 *   one and where), or the check digit (the one expected and the one found)
 *
 * Spaces around @input are dropped, lower-case and full-width letters and
 * digits are taken as the capitals and digits they stand for. Spaces inside
 * a VIN are refused, not dropped: VINs are not printed in groups, and a
 * space inside is more likely a character left out.
 *
 * Returns: (transfer full): the 17-character VIN in capitals, or %NULL with
 *   @error set
 */
char *
crm_vin_normalize (const char  *input,
                   GError     **error)
{
  g_autoptr(GString) vin = g_string_new (NULL);
  g_autofree char *shown = NULL;
  const char *start;
  const char *end;
  glong n_chars = 0;
  char expected;

  g_return_val_if_fail (input != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_utf8_validate (input, -1, NULL))
    {
      shown = shown_input (input);
      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                   _("“%s” is not a VIN: a VIN has 17 letters and digits"), shown);
      return NULL;
    }

  /* Trim */
  start = input;
  while (*start && is_blank (g_utf8_get_char (start)))
    start = g_utf8_next_char (start);
  end = start + strlen (start);
  while (end > start)
    {
      const char *prev = g_utf8_prev_char (end);

      if (!is_blank (g_utf8_get_char (prev)))
        break;
      end = prev;
    }

  if (start == end)
    {
      g_set_error_literal (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                           _("Enter the VIN: 17 letters and digits"));
      return NULL;
    }

  for (const char *p = start; p < end; p = g_utf8_next_char (p), n_chars++)
    {
      gunichar c = fold (g_utf8_get_char (p));

      if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')))
        {
          char what[8] = { 0 };

          g_unichar_to_utf8 (g_utf8_get_char (p), what);
          shown = shown_input (input);
          if (g_unichar_isspace (c))
            g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                         /* Translators: %s is what was typed, %d a position from 1 to 17 */
                         _("“%s” is not a VIN: it has a space at position %d; a VIN is written without spaces"),
                         shown, (int) n_chars + 1);
          else
            g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                         /* Translators: the first %s is what was typed, the second the
                          * character that is wrong, %d its position from 1 */
                         _("“%s” is not a VIN: “%s” at position %d is not a letter or digit"),
                         shown, what, (int) n_chars + 1);
          return NULL;
        }
      g_string_append_c (vin, (char) c);
    }

  if (vin->len != CRM_VIN_LENGTH)
    {
      shown = shown_input (input);
      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                   /* Translators: %s is what was typed, %d how many characters it has */
                   _("A VIN has 17 characters; “%s” has %d"),
                   shown, (int) vin->len);
      return NULL;
    }

  for (guint i = 0; i < vin->len; i++)
    {
      char c = vin->str[i];

      if (c == 'I' || c == 'O' || c == 'Q')
        {
          shown = shown_input (input);
          g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                       /* Translators: %s is what was typed, the first %c a letter (I, O
                        * or Q), %d its position from 1 to 17, the second %c the digit it
                        * is taken for (1 or 0) */
                       _("“%s” is not a VIN: VINs never use the letter %c (position %d), which is easily taken for %c"),
                       shown, c, (int) i + 1, c == 'I' ? '1' : '0');
          return NULL;
        }
    }

  expected = compute_check_digit (vin->str);
  if (vin->str[CHECK_DIGIT_POSITION - 1] != expected)
    {
      shown = shown_input (input);
      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                   /* Translators: %s is what was typed; the first %c is the check digit
                    * the other 16 characters call for (0–9 or X), the second the one
                    * written in position 9 */
                   _("“%s” is not a valid VIN: its check digit (position 9) should be %c, not %c; a character is probably mistyped"),
                   shown, expected, vin->str[CHECK_DIGIT_POSITION - 1]);
      return NULL;
    }

  return g_string_free (g_steal_pointer (&vin), FALSE);
}

/**
 * crm_vin_check_digit:
 * @vin: 17 characters, digits and capitals without I, O and Q (position 9
 *   is not read)
 *
 * Returns: the check digit position 9 must hold ('0'–'9' or 'X'), or '\0'
 *   when @vin is not 17 such characters
 */
char
crm_vin_check_digit (const char *vin)
{
  g_return_val_if_fail (vin != NULL, '\0');

  if (strlen (vin) != CRM_VIN_LENGTH)
    return '\0';
  for (guint i = 0; i < CRM_VIN_LENGTH; i++)
    if (i != CHECK_DIGIT_POSITION - 1 && char_value (vin[i]) < 0)
      return '\0';
  if (char_value (vin[CHECK_DIGIT_POSITION - 1]) < 0)
    {
      /* Any valid character stands in for the digit: its weight is 0 */
      char copy[CRM_VIN_LENGTH + 1];

      memcpy (copy, vin, sizeof copy);
      copy[CHECK_DIGIT_POSITION - 1] = '0';
      return compute_check_digit (copy);
    }

  return compute_check_digit (vin);
}

/**
 * crm_vin_is_valid:
 * @vin: (nullable): a VIN as stored (normalised by crm_vin_normalize())
 *
 * Returns: %TRUE when @vin is 17 capitals and digits without I, O and Q
 *   whose check digit is right
 */
gboolean
crm_vin_is_valid (const char *vin)
{
  char expected;

  if (vin == NULL)
    return FALSE;

  expected = crm_vin_check_digit (vin);
  return expected != '\0' && vin[CHECK_DIGIT_POSITION - 1] == expected;
}
