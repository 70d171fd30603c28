/* fuzz-csv.c: libFuzzer target for the lead import (CSV)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Drives the real import path as the Import Leads dialog does: decoding
 * (UTF-8 with or without BOM, UTF-16, GB18030), the delimiter, the
 * header search and column guessing, the preview, then crm_import_run()
 * as a dry run on a showroom with staff, a catalogue and customers (so
 * duplicates, merging and assignment run too), which rolls back. The
 * import's options come from a hash of the input, so the same input always
 * takes the same path.
 */
#define G_LOG_DOMAIN "fuzz-csv"

#include "crm-import.h"
#include "fuzz-common.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init ();
  fuzz_showroom ();
  return 0;
}

static guint32
hash_bytes (const uint8_t *data,
            size_t         size)
{
  guint32 h = 2166136261u;

  for (size_t i = 0; i < size; i++)
    h = (h ^ data[i]) * 16777619u;
  return h;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  CrmTestShowroom *s = fuzz_showroom ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmImport) import = NULL;
  g_autoptr(GPtrArray) preview = NULL;
  CrmImportSummary summary = { 0, };
  guint32 h = hash_bytes (data, size);
  guint n_columns;
  gboolean have_name = FALSE, have_phone = FALSE;

  import = crm_import_new_from_data ((const char *) data, size, &error);
  if (import == NULL)
    {
      g_assert_nonnull (error);
      return 0;
    }
  g_assert_no_error (error);
  g_assert_true (g_utf8_validate (crm_import_get_encoding (import), -1, NULL));

  n_columns = crm_import_get_n_columns (import);
  for (guint i = 0; i < n_columns; i++)
    {
      CrmImportField field = crm_import_get_mapping (import, i);

      g_assert_true (g_utf8_validate (crm_import_get_header (import, i), -1, NULL));
      g_assert_cmpint (field, <, CRM_N_IMPORT_FIELDS);
      have_name |= field == CRM_IMPORT_FIELD_NAME;
      have_phone |= field == CRM_IMPORT_FIELD_PHONE;
    }

  preview = crm_import_get_preview (import, 8);
  for (guint r = 0; r < preview->len; r++)
    g_assert_cmpuint (g_strv_length (g_ptr_array_index (preview, r)), ==, n_columns);

  /* What a person does in the dialog when the guess found no name or
   * phone column: picks them (here: the first two columns) */
  if ((!have_name || !have_phone) && n_columns >= 2 && (h & 1))
    {
      crm_import_set_mapping (import, 0, CRM_IMPORT_FIELD_NAME);
      crm_import_set_mapping (import, 1, CRM_IMPORT_FIELD_PHONE);
    }
  crm_import_set_duplicates (import, (h & 2) ? CRM_IMPORT_DUPLICATES_MERGE : CRM_IMPORT_DUPLICATES_SKIP);
  crm_import_set_assign (import, (h & 4) != 0);
  crm_import_set_staff_id (import, (h & 8) ? s->reception : s->manager);
  crm_import_set_default_channel (import, (h >> 4) % CRM_N_CHANNELS);

  if (crm_import_run (import, s->store, TRUE, NULL, NULL, NULL, &summary, &error))
    {
      g_assert_no_error (error);
      /* Every row ends in exactly one of these */
      g_assert_cmpuint (summary.rows, ==, summary.created + summary.merged + summary.skipped_in_file +
                                          summary.skipped_existing + summary.invalid);
      g_assert_cmpuint (summary.assigned, <=, summary.created);
    }
  else
    g_assert_nonnull (error);

  if (g_getenv ("FUZZ_VERBOSE") != NULL)
    g_printerr ("%s: %u rows, %u created, %u merged, %u skipped, %u invalid%s%s\n",
                crm_import_get_encoding (import), summary.rows, summary.created, summary.merged,
                summary.skipped_in_file + summary.skipped_existing, summary.invalid,
                error ? ": " : "", error ? error->message : "");
  crm_import_summary_clear (&summary);
  g_array_set_size (s->changes, 0);
  return 0;
}
