/* crm-phone.h: Chinese phone numbers, normalised and shown
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * crm_phone_normalize:
 * @input: what a person typed: "+86 138-0013-8000", "(010) 6552 9988", …
 * @error: CRM_ERROR_INVALID_INPUT with a translated message naming the problem
 *
 * Mainland mobiles become 11 digits ("13800138000"); mainland landlines keep
 * their area code with the leading 0 ("01065529988", 10–12 digits); other
 * countries become "+" and digits ("+85291234567"). Spaces, dashes, dots and
 * parentheses are dropped; "+86", "0086" and "86" prefixes on mobiles too.
 *
 * Returns: (transfer full): the normalised number, or NULL with @error set
 */
char    *crm_phone_normalize (const char *input,
                              GError    **error);

/* Grouped for reading: "138 0013 8000", "010 6552 9988", "0755 8123 4567",
 * "+852 9123 4567". Anything else is returned unchanged. */
char    *crm_phone_format    (const char *normalized);

gboolean crm_phone_is_mobile (const char *normalized);

/* The digits of @input only (for search-as-you-type on a phone fragment);
 * NULL when @input holds no digit. */
char    *crm_phone_digits    (const char *input);

G_END_DECLS
