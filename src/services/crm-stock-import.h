/* crm-stock-import.h: a stock list (库存表) from a spreadsheet (CSV)
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "crm-csv.h"
#include "crm-store.h"

G_BEGIN_DECLS

typedef enum
{
  CRM_STOCK_IMPORT_FIELD_IGNORE,
  CRM_STOCK_IMPORT_FIELD_VIN,
  CRM_STOCK_IMPORT_FIELD_MODEL,
  CRM_STOCK_IMPORT_FIELD_TRIM,
  CRM_STOCK_IMPORT_FIELD_COLOUR,
  CRM_STOCK_IMPORT_FIELD_ARRIVAL,
  CRM_STOCK_IMPORT_FIELD_COST,
  CRM_STOCK_IMPORT_FIELD_LOCATION,
  CRM_STOCK_IMPORT_FIELD_STATUS,
} CrmStockImportField;

#define CRM_N_STOCK_IMPORT_FIELDS 9

/**
 * CrmStockImportSummary:
 * @rows: data records read (blank lines not counted)
 * @added: cars added (in a dry run: cars that would be)
 * @already_in_stock: rows whose VIN is in the showroom's stock already,
 *   left as they are
 * @without_cost: cars added without a cost (their value is not known)
 * @invalid: rows with an error: when there is any, nothing is imported
 * @problems: (element-type CrmCsvProblem): the errors, by line
 * @write_us: how long the showroom's write lock was held
 */
typedef struct
{
  guint      rows;
  guint      added;
  guint      already_in_stock;
  guint      without_cost;
  guint      invalid;
  GPtrArray *problems;
  gint64     write_us;
} CrmStockImportSummary;

typedef struct _CrmStockImport CrmStockImport;

CrmStockImport      *crm_stock_import_new_from_data   (const char             *data,
                                                       gsize                   length,
                                                       GError                **error);
CrmStockImport      *crm_stock_import_new_from_file   (const char             *path,
                                                       GError                **error);
void                 crm_stock_import_free            (CrmStockImport         *self);
CrmCsvSheet         *crm_stock_import_get_sheet       (CrmStockImport         *self);
gboolean             crm_stock_import_run             (CrmStockImport         *self,
                                                       CrmStore               *store,
                                                       gboolean                dry_run,
                                                       CrmStockImportSummary  *summary,
                                                       GError                **error);
void                 crm_stock_import_summary_clear   (CrmStockImportSummary  *summary);

const char          *crm_stock_import_field_get_label (CrmStockImportField     field);
gboolean             crm_stock_import_parse_date      (const char             *text,
                                                       GDate                  *date);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrmStockImport, crm_stock_import_free)

G_END_DECLS
