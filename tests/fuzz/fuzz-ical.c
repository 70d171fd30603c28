/* fuzz-ical.c: libFuzzer target for the iCalendar (.ics) import
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Drives crm_ical_import_test_drives() as the calendar's Import does: the
 * file parsed by libical, each event's times (zoned, UTC, floating, with
 * or without the VTIMEZONE), car, customer and rep looked up in the
 * showroom, then the bookings checked and written, all in a transaction
 * that is rolled back, so every input meets the same showroom: one car
 * "粤A·D1001", customers 13800138000 and 13900139000, rep 李娜.
 */
#define G_LOG_DOMAIN "fuzz-ical"

#include "crm-ical.h"
#include "fuzz-common.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init ();
  fuzz_showroom ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  CrmTestShowroom *s = fuzz_showroom ();
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(GError) error = NULL;
  guint n;

  g_assert_true (crm_store_begin (s->store, &error));
  n = crm_ical_import_test_drives (s->store, text, &error);
  if (n == 0)
    g_assert_nonnull (error);
  else
    g_assert_no_error (error);
  crm_store_rollback (s->store);
  if (g_getenv ("FUZZ_VERBOSE") != NULL)
    g_printerr ("%u bookings%s%s\n", n, error ? ": " : "", error ? error->message : "");

  g_array_set_size (s->changes, 0);
  return 0;
}
