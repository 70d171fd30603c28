/* crm-phone.c: Chinese phone numbers, normalised and shown
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#define G_LOG_DOMAIN "crm-phone"

#include <string.h>

#include <glib/gi18n.h>

#include "crm-error.h"
#include "crm-phone.h"

/*
 * Rules (mainland China first, since that is who calls a showroom):
 *
 *  - Spaces, '-', '.', '(', ')' and their full-width forms (U+3000, U+FF0D,
 *    U+FF08/09, U+FF0E), no-break spaces, typographic dashes and invisible
 *    format characters (bidi marks that phones add to copied numbers) are
 *    dropped;
 *    full-width digits and '+' (Chinese input methods) count as ASCII.
 *  - Mobile: 11 digits, "1" then 3–9.  A leading "+86", "0086" or "86" is
 *    dropped, and so is a "0" dialled in front of a mobile (a habit from
 *    calling out-of-town mobiles from a landline).
 *  - Landline: "0", the area code, the local number.  010 and 02X are
 *    three-digit area codes followed by 8 digits; the other area codes are
 *    four digits (0XXX) followed by 7 or 8 digits.  "+86 10 6552 9988"
 *    (no trunk 0 after the country code) becomes "01065529988".
 *  - Abroad: "+" or "00" then a country code other than 86: "+" and 8 to 15
 *    digits (E.164).
 */

#define MIN_INTERNATIONAL_DIGITS 8
#define MAX_INTERNATIONAL_DIGITS 15
#define MOBILE_DIGITS 11

/* Country codes of one and two digits (ITU-T E.164 assignments); every
 * other code has three.  Only used to put a space after the code. */
static const char two_digit_codes[][3] = {
  "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43",
  "44", "45", "46", "47", "48", "49", "51", "52", "53", "54", "55", "56",
  "57", "58", "60", "61", "62", "63", "64", "65", "66", "81", "82", "84",
  "86", "90", "91", "92", "93", "94", "95", "98",
};

static gboolean
is_separator (gunichar c)
{
  switch (c)
    {
    case ' ':
    case '\t':
    case '-':
    case '.':
    case '(':
    case ')':
    case 0x00A0: /* no-break space */
    case 0x2010: /* hyphen */
    case 0x2011: /* non-breaking hyphen */
    case 0x2012: /* figure dash */
    case 0x2013: /* en dash */
    case 0x2014: /* em dash */
    case 0x2212: /* minus sign */
    case 0x200B: /* zero-width space */
    case 0x200C: /* zero-width non-joiner */
    case 0x200D: /* zero-width joiner */
    case 0x202A: /* U+202A–U+202E: bidi marks, which phones wrap */
    case 0x202B: /* around copied numbers */
    case 0x202C:
    case 0x202D:
    case 0x202E:
    case 0x2060: /* word joiner */
    case 0xFEFF: /* zero-width no-break space */
    case 0x3000: /* ideographic space */
    case 0xFF08: /* full-width ( */
    case 0xFF09: /* full-width ) */
    case 0xFF0D: /* full-width - */
    case 0xFF0E: /* full-width . */
      return TRUE;

    default:
      return FALSE;
    }
}

/* The ASCII digit @c stands for, or 0 */
static char
digit_of (gunichar c)
{
  if (c >= '0' && c <= '9')
    return (char) c;
  if (c >= 0xFF10 && c <= 0xFF19)
    return (char) ('0' + (c - 0xFF10));
  return 0;
}

static inline gboolean
is_mobile_digits (const char *digits,
                  gsize       len)
{
  return len == MOBILE_DIGITS && digits[0] == '1' && digits[1] >= '3' && digits[1] <= '9';
}

/* Length of the area code including the trunk 0 ("010" → 3, "0755" → 4) */
static inline gsize
area_code_length (const char *digits)
{
  return digits[1] == '1' || digits[1] == '2' ? 3 : 4;
}

static gboolean
is_landline_digits (const char *digits,
                    gsize       len)
{
  gsize area;

  if (len < 3 || digits[0] != '0' || digits[1] == '0')
    return FALSE;

  /* 01X: only 010 exists */
  if (digits[1] == '1' && digits[2] != '0')
    return FALSE;

  area = area_code_length (digits);
  if (area == 3)
    return len == 3 + 8;
  return len == 4 + 7 || len == 4 + 8;
}

static gsize
country_code_length (const char *digits,
                     gsize       len)
{
  if (len < 1)
    return 0;
  if (digits[0] == '1' || digits[0] == '7')
    return 1;
  if (len < 2)
    return 0;
  for (guint i = 0; i < G_N_ELEMENTS (two_digit_codes); i++)
    if (digits[0] == two_digit_codes[i][0] && digits[1] == two_digit_codes[i][1])
      return 2;
  return len >= 3 ? 3 : 0;
}

/* The trimmed input, valid UTF-8, for quoting in a message */
static char *
quoted_input (const char *input)
{
  g_autofree char *valid = g_utf8_make_valid (input, -1);

  return g_strdup (g_strstrip (valid));
}

static gpointer
set_error_not_a_number (GError     **error,
                        const char  *input)
{
  g_autofree char *shown = quoted_input (input);

  g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
               _("“%s” is not a phone number: use digits only, like 138 0013 8000"),
               shown);
  return NULL;
}

/* Checks a number dialled inside China (no country code) */
static char *
normalize_domestic (const char  *input,
                    const char  *digits,
                    gsize        len,
                    GError     **error)
{
  g_autofree char *shown = NULL;
  gsize area;

  if (digits[0] == '1')
    {
      if (len != MOBILE_DIGITS)
        {
          shown = quoted_input (input);
          /* Translators: %s is what was typed, %d how many digits it has */
          g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                       _("A mobile number has 11 digits; “%s” has %d"),
                       shown, (int) len);
          return NULL;
        }

      if (!is_mobile_digits (digits, len))
        {
          shown = quoted_input (input);
          g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                       _("“%s” is not a mobile number: mobile numbers start with 13 to 19"),
                       shown);
          return NULL;
        }

      return g_strndup (digits, len);
    }

  if (digits[0] == '0')
    {
      /* A 0 dialled before a mobile */
      if (is_mobile_digits (digits + 1, len - 1))
        return g_strndup (digits + 1, len - 1);

      if (is_landline_digits (digits, len))
        return g_strndup (digits, len);

      shown = quoted_input (input);
      area = area_code_length (digits);

      if (len <= area)
        {
          g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                       _("“%s” is too short for a phone number"),
                       shown);
        }
      else if (digits[1] == '0' || (digits[1] == '1' && digits[2] != '0'))
        {
          g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                       _("“%s” is not a phone number: a landline starts with its area code, like 010 or 0755"),
                       shown);
        }
      else
        {
          g_autofree char *code = g_strndup (digits, area);

          /* Translators: the first %s is an area code such as 010, the
           * second what was typed, %d how many digits follow the code */
          if (area == 3)
            g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                         _("After the area code %s come 8 digits; “%s” has %d"),
                         code, shown, (int) (len - area));
          else
            g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                         _("After the area code %s come 7 or 8 digits; “%s” has %d"),
                         code, shown, (int) (len - area));
        }
      return NULL;
    }

  /* 2–9: a local number without its area code, or garbage */
  if (len == 7 || len == 8)
    {
      g_set_error_literal (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                           _("Landline numbers need the area code, like 010 6552 9988"));
      return NULL;
    }

  shown = quoted_input (input);
  g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
               _("“%s” is not a phone number: a mobile number starts with 1 and has 11 digits, a landline starts with the area code, like 010 6552 9988"),
               shown);
  return NULL;
}

/* @digits follow the country code 86 */
static char *
normalize_china (const char  *input,
                 const char  *digits,
                 gsize        len,
                 GError     **error)
{
  g_autofree char *with_trunk = NULL;

  if (len == 0)
    {
      g_autofree char *shown = quoted_input (input);

      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                   _("“%s” has a country code but no number after it"),
                   shown);
      return NULL;
    }

  /* "+86 10 6552 9988": Beijing, not a mobile (mobiles never start with 10) */
  if (digits[0] == '0' || (digits[0] == '1' && !(len > 1 && digits[1] == '0')))
    return normalize_domestic (input, digits, len, error);

  with_trunk = g_strconcat ("0", digits, NULL);
  return normalize_domestic (input, with_trunk, len + 1, error);
}

static char *
normalize_international (const char  *input,
                         const char  *digits,
                         gsize        len,
                         GError     **error)
{
  g_autofree char *shown = NULL;

  if (len >= 2 && digits[0] == '8' && digits[1] == '6')
    return normalize_china (input, digits + 2, len - 2, error);

  if (len > 0 && digits[0] == '0')
    {
      shown = quoted_input (input);
      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                   _("“%s” is not a phone number: after the “+” comes the country code, like +852 for Hong Kong"),
                   shown);
      return NULL;
    }

  if (len < MIN_INTERNATIONAL_DIGITS || len > MAX_INTERNATIONAL_DIGITS)
    {
      shown = quoted_input (input);
      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                   _("An international number has 8 to 15 digits after the “+”, country code included; “%s” has %d"),
                   shown, (int) len);
      return NULL;
    }

  return g_strconcat ("+", digits, NULL);
}

/**
 * crm_phone_normalize:
 * @input: what a person typed
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the normalised number, or %NULL with @error set
 */
char *
crm_phone_normalize (const char  *input,
                     GError     **error)
{
  g_autoptr(GString) digits = NULL;
  gboolean plus = FALSE;
  const char *p;

  g_return_val_if_fail (input != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_utf8_validate (input, -1, NULL))
    return set_error_not_a_number (error, input);

  digits = g_string_sized_new (16);

  for (p = input; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      char d = digit_of (c);

      if (d != 0)
        g_string_append_c (digits, d);
      else if (is_separator (c))
        continue;
      else if ((c == '+' || c == 0xFF0B) && digits->len == 0 && !plus)
        plus = TRUE;
      else
        return set_error_not_a_number (error, input);
    }

  if (digits->len == 0)
    {
      if (plus)
        return set_error_not_a_number (error, input);

      g_set_error_literal (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                           _("Enter a phone number, like 138 0013 8000"));
      return NULL;
    }

  if (plus)
    return normalize_international (input, digits->str, digits->len, error);

  if (digits->len >= 2 && digits->str[0] == '0' && digits->str[1] == '0')
    return normalize_international (input, digits->str + 2, digits->len - 2, error);

  /* "86" without "+": only when too long to be anything dialled at home */
  if (digits->len >= 12 && digits->str[0] == '8' && digits->str[1] == '6')
    return normalize_china (input, digits->str + 2, digits->len - 2, error);

  return normalize_domestic (input, digits->str, digits->len, error);
}

static void
append_groups (GString    *out,
               const char *digits,
               gsize       len)
{
  gsize first = len % 4;
  gsize i = 0;

  if (len <= 5)
    {
      g_string_append_len (out, digits, len);
      return;
    }

  /* Groups of four from the right ("9123 4567", "812 3456"), except that a
   * lone leading digit reads badly: 9 digits become 3-3-3 ("912 345 678"). */
  if (first == 1)
    {
      for (; i < 9; i += 3)
        {
          if (i > 0)
            g_string_append_c (out, ' ');
          g_string_append_len (out, digits + i, 3);
        }
    }
  else
    {
      i = first != 0 ? first : 4;
      g_string_append_len (out, digits, i);
    }

  for (; i < len; i += 4)
    {
      g_string_append_c (out, ' ');
      g_string_append_len (out, digits + i, 4);
    }
}

static gboolean
all_digits (const char *s)
{
  if (*s == '\0')
    return FALSE;
  for (; *s; s++)
    if (!g_ascii_isdigit (*s))
      return FALSE;
  return TRUE;
}

/**
 * crm_phone_format:
 * @normalized: a number from crm_phone_normalize()
 *
 * Returns: (transfer full): @normalized grouped for reading, or a copy of
 *   it when it is not a number crm_phone_normalize() makes
 */
char *
crm_phone_format (const char *normalized)
{
  GString *out;
  gsize len;

  g_return_val_if_fail (normalized != NULL, NULL);

  len = strlen (normalized);

  if (crm_phone_is_mobile (normalized))
    return g_strdup_printf ("%.3s %.4s %.4s", normalized, normalized + 3, normalized + 7);

  if (all_digits (normalized) && is_landline_digits (normalized, len))
    {
      gsize area = area_code_length (normalized);

      out = g_string_sized_new (len + 3);
      g_string_append_len (out, normalized, area);
      g_string_append_c (out, ' ');
      append_groups (out, normalized + area, len - area);
      return g_string_free (out, FALSE);
    }

  if (normalized[0] == '+' && all_digits (normalized + 1) &&
      len - 1 >= MIN_INTERNATIONAL_DIGITS && len - 1 <= MAX_INTERNATIONAL_DIGITS)
    {
      const char *digits = normalized + 1;
      gsize cc = country_code_length (digits, len - 1);
      const char *rest = digits + cc;
      gsize rest_len = len - 1 - cc;

      out = g_string_sized_new (len + 5);
      g_string_append_c (out, '+');
      g_string_append_len (out, digits, cc);
      g_string_append_c (out, ' ');

      /* North America (+1) and Russia (+7) write 3-3-4 */
      if (cc == 1 && rest_len == 10)
        g_string_append_printf (out, "%.3s %.3s %.4s", rest, rest + 3, rest + 6);
      else
        append_groups (out, rest, rest_len);

      return g_string_free (out, FALSE);
    }

  return g_strdup (normalized);
}

/**
 * crm_phone_is_mobile:
 * @normalized: a number from crm_phone_normalize()
 *
 * Returns: whether @normalized is a mainland China mobile number
 */
gboolean
crm_phone_is_mobile (const char *normalized)
{
  g_return_val_if_fail (normalized != NULL, FALSE);

  return all_digits (normalized) && is_mobile_digits (normalized, strlen (normalized));
}

/**
 * crm_phone_digits:
 * @input: any text
 *
 * Returns: (transfer full) (nullable): the digits of @input, full-width
 *   digits as ASCII, or %NULL when there is none
 */
char *
crm_phone_digits (const char *input)
{
  GString *out;
  const char *p;

  g_return_val_if_fail (input != NULL, NULL);

  out = g_string_sized_new (16);
  for (p = input; *p; )
    {
      gunichar c;
      char d;

      if ((guchar) *p < 0x80)
        {
          if (g_ascii_isdigit (*p))
            g_string_append_c (out, *p);
          p++;
          continue;
        }

      c = g_utf8_get_char_validated (p, -1);
      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          /* Invalid UTF-8: skip a byte at a time */
          p++;
          continue;
        }

      d = digit_of (c);
      if (d != 0)
        g_string_append_c (out, d);
      p = g_utf8_next_char (p);
    }

  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }

  return g_string_free (out, FALSE);
}
