/* crm-import.h: leads from a spreadsheet (CSV) export
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "crm-csv.h"
#include "crm-store.h"

G_BEGIN_DECLS

typedef enum
{
  CRM_IMPORT_FIELD_IGNORE,
  CRM_IMPORT_FIELD_NAME,
  CRM_IMPORT_FIELD_PHONE,
  CRM_IMPORT_FIELD_CHANNEL,
  CRM_IMPORT_FIELD_MODEL,
  CRM_IMPORT_FIELD_NOTE,
  CRM_IMPORT_FIELD_CITY,
  CRM_IMPORT_FIELD_WECHAT,
  CRM_IMPORT_FIELD_SUBMITTED,
} CrmImportField;

#define CRM_N_IMPORT_FIELDS 9

typedef enum
{
  CRM_IMPORT_DUPLICATES_SKIP,
  CRM_IMPORT_DUPLICATES_MERGE,
} CrmImportDuplicates;

/* A row's problem: its line and what is wrong (crm-csv.h) */
typedef CrmCsvProblem CrmImportProblem;

/**
 * CrmImportSummary:
 * @rows: data records read (blank lines not counted)
 * @created: new customers (each with a deal in New lead)
 * @merged: rows merged into a customer (in the database or earlier in the file)
 * @skipped_in_file: rows skipped because another row has the same number:
 *   an earlier one, or with a submission time column, a later submission
 * @skipped_existing: rows skipped because the number belongs to a customer
 * @invalid: rows not imported because of an error (see @problems)
 * @unknown_channel: rows whose channel name was not recognised (imported
 *   with the default channel; listed in @problems)
 * @assigned: new customers given to a rep by the assignment rule
 * @problems: (element-type CrmImportProblem): line-numbered reasons
 */
/* What a lead list can hold: a platform export is a few megabytes */
#define CRM_IMPORT_MAX_FILE_BYTES (64 * 1024 * 1024)
#define CRM_IMPORT_MAX_NOTE_CHARS 2000

typedef struct
{
  guint      rows;
  guint      created;
  guint      merged;
  guint      skipped_in_file;
  guint      skipped_existing;
  guint      invalid;
  guint      unknown_channel;
  guint      assigned;
  GPtrArray *problems;
  gint64     publish_us;   /* how long the showroom's write lock was held, staged imports */
} CrmImportSummary;

typedef struct _CrmImport CrmImport;

/* Called from the thread running the import, every few hundred rows */
typedef void (*CrmImportProgress) (double fraction, guint rows, gpointer user_data);

CrmImport          *crm_import_new_from_data       (const char        *data,
                                                    gsize              length,
                                                    GError           **error);
CrmImport          *crm_import_new_from_file       (const char        *path,
                                                    GError           **error);
void                crm_import_free                (CrmImport         *self);

const CrmCsvSheet  *crm_import_get_sheet           (CrmImport         *self);
const char         *crm_import_get_encoding        (CrmImport         *self);
char                crm_import_get_delimiter       (CrmImport         *self);
guint               crm_import_get_n_columns       (CrmImport         *self);
const char         *crm_import_get_header          (CrmImport         *self,
                                                    guint              column);
GPtrArray          *crm_import_get_preview         (CrmImport         *self,
                                                    guint              max_rows);
CrmImportField      crm_import_get_mapping         (CrmImport         *self,
                                                    guint              column);
void                crm_import_set_mapping         (CrmImport         *self,
                                                    guint              column,
                                                    CrmImportField     field);
void                crm_import_set_default_channel (CrmImport         *self,
                                                    CrmChannel         channel);
void                crm_import_set_duplicates      (CrmImport         *self,
                                                    CrmImportDuplicates duplicates);
void                crm_import_set_assign          (CrmImport         *self,
                                                    gboolean           assign);
void                crm_import_set_staff_id        (CrmImport         *self,
                                                    gint64             staff_id);

gboolean            crm_import_run                 (CrmImport         *self,
                                                    CrmStore          *store,
                                                    gboolean           dry_run,
                                                    GCancellable      *cancellable,
                                                    CrmImportProgress  progress,
                                                    gpointer           user_data,
                                                    CrmImportSummary  *summary,
                                                    GError           **error);

void                crm_import_summary_clear       (CrmImportSummary  *summary);

CrmImportField      crm_import_guess_field         (const char        *header);
gboolean            crm_import_parse_channel       (const char        *text,
                                                    CrmChannel        *channel);
const char         *crm_import_field_get_label     (CrmImportField     field);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrmImport, crm_import_free)

gboolean            crm_import_parse_time          (const char        *text,
                                                    GTimeZone         *zone,
                                                    gint64            *time);

G_END_DECLS
