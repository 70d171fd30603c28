/* crm-stock-import.c: a stock list (库存表) from a spreadsheet (CSV)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A dealer system's stock export or a list typed in Excel: read as the
 * lead importer reads a file (crm-csv.h: UTF-8 with or without BOM,
 * GB18030/GBK, UTF-16; the header found among the first records by its
 * words), every row checked against the catalogue before anything is
 * written: the VIN (its reason when it is wrong), the model, trim and
 * colour, the arrival date, the cost, the status. A stock list is all
 * or nothing: one row with an error and nothing is imported, every
 * error listed with its line, so the file is corrected and imported
 * again whole. Cars whose VIN is already in stock are left as they are
 * (a dealer system exports its whole stock every time).
 *
 * Written in one short transaction on the showroom, not staged like the
 * leads (crm-store-staging.c): a showroom's stock is a few hundred to a
 * few thousand cars, every check that reads (the catalogue, the VINs)
 * is done before the write lock is taken, and the lock is held only for
 * the inserts, a hundred cars a statement (crm_stock_store_insert_many():
 * 5,000 cars hold it about 0.06 s on a file, 0.1 s on a server).
 */
#define G_LOG_DOMAIN "crm-stock-import"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "crm-error.h"
#include "crm-format.h"
#include "crm-stock-import.h"
#include "crm-vin.h"

struct _CrmStockImport
{
  CrmCsvSheet sheet;   /* its mapping: a CrmStockImportField per column */
};

/* Header words (crm_csv_match_header()); the trim before the model, so
 * 车型配置 is the trim */
static const CrmCsvHeaderWords header_words[] = {
  { CRM_STOCK_IMPORT_FIELD_VIN, { "车架号", "车架号码", "vin码", "车辆识别代号", "车辆识别码", "底盘号",
                                  "vin", "vinno", "vincode", "chassisno", NULL } },
  { CRM_STOCK_IMPORT_FIELD_TRIM, { "配置", "车款", "版本", "型号", "配置名称", "车型配置", "trim",
                                   "version", "grade", "variant", NULL } },
  { CRM_STOCK_IMPORT_FIELD_MODEL, { "车型", "车系", "车型名称", "品牌车型", "model", "series", NULL } },
  { CRM_STOCK_IMPORT_FIELD_COLOUR, { "颜色", "车身颜色", "外观颜色", "外饰颜色", "车色", "colour", "color",
                                     "exteriorcolour", "exteriorcolor", NULL } },
  { CRM_STOCK_IMPORT_FIELD_ARRIVAL, { "入库日期", "到库日期", "到店日期", "到货日期", "入库时间", "到店时间",
                                      "入库", "arrival", "arrived", "arrivaldate", "instockdate", NULL } },
  { CRM_STOCK_IMPORT_FIELD_COST, { "成本", "采购价", "采购成本", "进价", "进货价", "车辆成本", "cost",
                                   "purchaseprice", "costprice", NULL } },
  { CRM_STOCK_IMPORT_FIELD_LOCATION, { "库位", "存放位置", "存放地点", "停放位置", "仓库", "位置",
                                       "location", "yard", "warehouse", NULL } },
  { CRM_STOCK_IMPORT_FIELD_STATUS, { "状态", "库存状态", "车辆状态", "status", "state", NULL } },
};

/* The statuses a stock list gives a car for sale, as dealer systems
 * write them */
static const struct {
  CrmStockStatus status;
  const char    *words[8];
} status_words[] = {
  { CRM_STOCK_IN_STOCK, { "在库", "库存", "现车", "在店", "instock", "in-stock", "stock", NULL } },
  { CRM_STOCK_IN_TRANSIT, { "在途", "运输中", "已发运", "发运", "intransit", "in-transit", "transit", NULL } },
  { CRM_STOCK_ORDERED, { "工厂订单", "已订购", "订单", "待发运", "ordered", "order", NULL } },
};

const char *
crm_stock_import_field_get_label (CrmStockImportField field)
{
  switch (field)
    {
    case CRM_STOCK_IMPORT_FIELD_VIN:      return C_("stock import", "VIN");
    case CRM_STOCK_IMPORT_FIELD_MODEL:    return C_("stock import", "Model");
    case CRM_STOCK_IMPORT_FIELD_TRIM:     return C_("stock import", "Trim");
    case CRM_STOCK_IMPORT_FIELD_COLOUR:   return C_("stock import", "Colour");
    case CRM_STOCK_IMPORT_FIELD_ARRIVAL:  return C_("stock import", "Arrival date");
    case CRM_STOCK_IMPORT_FIELD_COST:     return C_("stock import", "Cost");
    case CRM_STOCK_IMPORT_FIELD_LOCATION: return C_("stock import", "Location");
    case CRM_STOCK_IMPORT_FIELD_STATUS:   return C_("stock import", "Status");
    case CRM_STOCK_IMPORT_FIELD_IGNORE:
    default:                              return _("Do not import");
    }
}

/**
 * crm_stock_import_parse_date:
 * @text: "2026-11-24", "2026/11/24", "2026.11.24", "20261124",
 *   "2026年11月24日", a time after it left out
 * @date: (out caller-allocates): the day
 *
 * Returns: %FALSE when @text is not a day written year first
 */
gboolean
crm_stock_import_parse_date (const char *text,
                             GDate      *date)
{
  g_autofree char *day = g_strstrip (g_strdup (text != NULL ? text : ""));
  guint parts[3] = { 0, };
  guint n_parts = 0;
  const char *p = day;
  char *cut;

  g_date_clear (date, 1);
  /* "2026-11-24 09:30", "2026-11-24T09:30:00" */
  if ((cut = strpbrk (day, " T")) != NULL)
    *cut = '\0';

  if (strlen (day) == 8 && strspn (day, "0123456789") == 8)
    {
      guint64 number = g_ascii_strtoull (day, NULL, 10);

      parts[0] = number / 10000, parts[1] = number / 100 % 100, parts[2] = number % 100;
      n_parts = 3;
      p = "";
    }
  while (*p != '\0')
    {
      guint digits = 0;

      if (!g_ascii_isdigit (*p))
        {
          /* Between the numbers: - / . 年 月, and 日 at the end */
          if (*p == '-' || *p == '/' || *p == '.')
            p++;
          else if (g_str_has_prefix (p, "年") || g_str_has_prefix (p, "月") || g_str_has_prefix (p, "日"))
            p += strlen ("年");
          else
            return FALSE;
          continue;
        }
      if (n_parts == 3)
        return FALSE;
      for (; g_ascii_isdigit (*p); p++)
        {
          if (++digits > 4)
            return FALSE;
          parts[n_parts] = parts[n_parts] * 10 + (*p - '0');
        }
      n_parts++;
    }

  if (n_parts != 3 || parts[0] < 1900 || parts[0] > 9999 ||
      !g_date_valid_dmy (parts[2], parts[1], parts[0]))
    return FALSE;
  g_date_set_dmy (date, parts[2], parts[1], parts[0]);
  return TRUE;
}

/* Names compared as people type them: case and blanks aside */
static char *
name_key (const char *text)
{
  g_autofree char *down = g_utf8_strdown (text != NULL ? text : "", -1);
  GString *key = g_string_new (NULL);

  for (const char *p = down; *p; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      g_string_append_unichar (key, g_utf8_get_char (p));
  return g_string_free (key, FALSE);
}

static gboolean
key_is (const char *key,
        const char *a,
        const char *b,
        const char *c)
{
  g_autofree char *joined = g_strconcat (a, b, c, NULL);
  g_autofree char *other = name_key (joined);

  return g_str_equal (key, other);
}

/* The catalogue read once, before the rows */
typedef struct
{
  GListModel *models;    /* CrmVehicleModel */
  GArray     *trims;     /* CrmCatalogueTrim */
  GArray     *colours;   /* CrmCatalogueColour */
} Catalogue;

static void
catalogue_clear (Catalogue *catalogue)
{
  g_clear_object (&catalogue->models);
  g_clear_pointer (&catalogue->trims, g_array_unref);
  g_clear_pointer (&catalogue->colours, g_array_unref);
}

static CrmVehicleModel *
model_of (Catalogue *catalogue,
          gint64     model_id)
{
  for (guint i = 0; i < g_list_model_get_n_items (catalogue->models); i++)
    {
      g_autoptr(CrmVehicleModel) model = g_list_model_get_item (catalogue->models, i);

      if (crm_vehicle_model_get_id (model) == model_id)
        return model;
    }
  return NULL;
}

/* A model cell names the model by its series, brand and series, or its
 * whole name as the catalogue lists it */
static gboolean
model_matches (CrmVehicleModel *model,
               const char      *key)
{
  const char *brand = crm_vehicle_model_get_brand (model);
  const char *series = crm_vehicle_model_get_series (model);
  const char *trim = crm_vehicle_model_get_trim (model);

  return key_is (key, series, "", "") || key_is (key, brand, series, "") ||
         key_is (key, series, trim, "") || key_is (key, brand, series, trim);
}

/* The trim a row names, by its model (when a column names it) and its
 * name; without a model the trim cell may name both ("凯美瑞 2.0G 豪华版").
 * Returns: how many trims match (the first in @trim) */
static guint
find_trim (Catalogue        *catalogue,
           const char       *model_text,
           const char       *trim_text,
           CrmCatalogueTrim *trim)
{
  g_autofree char *model_key = model_text ? name_key (model_text) : NULL;
  g_autofree char *trim_key = name_key (trim_text);
  guint found = 0;

  for (guint i = 0; i < catalogue->trims->len; i++)
    {
      CrmCatalogueTrim *t = &g_array_index (catalogue->trims, CrmCatalogueTrim, i);
      CrmVehicleModel *model = model_of (catalogue, t->model_id);
      gboolean match;

      if (model == NULL || (model_key != NULL && !model_matches (model, model_key)))
        continue;
      match = key_is (trim_key, t->name, "", "") ||
              (model_key == NULL && (key_is (trim_key, crm_vehicle_model_get_series (model), t->name, "") ||
                                     key_is (trim_key, crm_vehicle_model_get_brand (model),
                                             crm_vehicle_model_get_series (model), t->name)));
      if (match && found++ == 0)
        *trim = *t;
    }
  return found;
}

/* The colour of @trim a cell names, 0 for none; @offered gets the ones
 * the trim comes in */
static gint64
find_colour (Catalogue  *catalogue,
             gint64      trim_id,
             const char *text,
             GString    *offered)
{
  g_autofree char *key = name_key (text);
  gint64 found = 0;

  for (guint i = 0; i < catalogue->colours->len; i++)
    {
      CrmCatalogueColour *c = &g_array_index (catalogue->colours, CrmCatalogueColour, i);

      if (c->trim_id != trim_id)
        continue;
      g_string_append_printf (offered, "%s%s", offered->len ? "、" : "", c->name);
      if (found == 0 && key_is (key, c->name, "", ""))
        found = c->id;
    }
  return found;
}

static gboolean
parse_status (const char     *text,
              CrmStockStatus *status)
{
  g_autofree char *key = name_key (text);

  for (guint i = 0; i < G_N_ELEMENTS (status_words); i++)
    for (guint j = 0; status_words[i].words[j] != NULL; j++)
      if (g_str_equal (key, status_words[i].words[j]))
        {
          *status = status_words[i].status;
          return TRUE;
        }
  for (int s = CRM_STOCK_ORDERED; s <= CRM_STOCK_IN_STOCK; s++)
    {
      g_autofree char *label = name_key (crm_stock_status_get_label (s));

      if (g_str_equal (key, label))
        {
          *status = s;
          return TRUE;
        }
    }
  return FALSE;
}

/* The cells of one row, NULL where empty */
typedef struct
{
  char *cells[CRM_N_STOCK_IMPORT_FIELDS];
} Row;

static void
row_clear (Row *row)
{
  for (guint f = 0; f < CRM_N_STOCK_IMPORT_FIELDS; f++)
    g_clear_pointer (&row->cells[f], g_free);
}

/* The arrival and the status a row gives: none means in stock when an
 * arrival is given, in transit when not. Returns: %FALSE when a problem
 * was listed */
static gboolean
check_arrival (const Row   *row,
               guint        line,
               GTimeZone   *zone,
               gint64       now,
               CrmStockCar *car,
               GPtrArray   *problems)
{
  GDate day, today;
  const char *arrival = row->cells[CRM_STOCK_IMPORT_FIELD_ARRIVAL];
  const char *status = row->cells[CRM_STOCK_IMPORT_FIELD_STATUS];

  if (arrival != NULL && !crm_stock_import_parse_date (arrival, &day))
    {
      crm_csv_add_problem (problems, line, _("Line %u: “%s” is not a date; write it like 2026-11-24."),
                           line, arrival);
      return FALSE;
    }
  if (arrival != NULL)
    car->arrived_at = crm_time_from_date (zone, &day);

  car->status = arrival != NULL ? CRM_STOCK_IN_STOCK : CRM_STOCK_IN_TRANSIT;
  if (status != NULL && !parse_status (status, &car->status))
    {
      crm_csv_add_problem (problems, line,
                           _("Line %u: “%s” is not the status of a car for sale (ordered from the factory, "
                             "in transit, in stock)."), line, status);
      return FALSE;
    }
  if (car->status != CRM_STOCK_IN_STOCK)
    {
      car->arrived_at = 0;
      return TRUE;
    }
  if (arrival == NULL)
    {
      crm_csv_add_problem (problems, line,
                           _("Line %u: a car in stock needs the day it arrived: its age is counted from it."),
                           line);
      return FALSE;
    }
  crm_time_get_date (zone, now, &today);
  if (g_date_compare (&day, &today) > 0)
    {
      crm_csv_add_problem (problems, line, _("Line %u: the car cannot have arrived after today (%s)."),
                           line, arrival);
      return FALSE;
    }
  return TRUE;
}

/* The catalogue's trim and colour a row names. Returns: %FALSE when a
 * problem was listed */
static gboolean
check_catalogue (Catalogue   *catalogue,
                 const Row   *row,
                 guint        line,
                 CrmStockCar *car,
                 GPtrArray   *problems)
{
  const char *model = row->cells[CRM_STOCK_IMPORT_FIELD_MODEL];
  const char *trim_text = row->cells[CRM_STOCK_IMPORT_FIELD_TRIM];
  const char *colour = row->cells[CRM_STOCK_IMPORT_FIELD_COLOUR];
  g_autoptr(GString) offered = g_string_new (NULL);
  g_autofree char *title = NULL;
  CrmCatalogueTrim trim;
  guint found;

  if (trim_text == NULL || colour == NULL)
    {
      crm_csv_add_problem (problems, line, trim_text == NULL ? _("Line %u: no trim.") : _("Line %u: no colour."),
                           line);
      return FALSE;
    }
  found = find_trim (catalogue, model, trim_text, &trim);
  if (found == 0)
    {
      if (model != NULL)
        crm_csv_add_problem (problems, line, _("Line %u: the catalogue has no trim “%s” of “%s”."),
                             line, trim_text, model);
      else
        crm_csv_add_problem (problems, line, _("Line %u: the catalogue has no trim “%s”."), line, trim_text);
      return FALSE;
    }
  if (found > 1)
    {
      crm_csv_add_problem (problems, line,
                           _("Line %u: more than one model has a trim “%s”; name the model in a column of its own."),
                           line, trim_text);
      return FALSE;
    }
  car->trim_id = trim.id;
  car->model_id = trim.model_id;
  car->colour_id = find_colour (catalogue, trim.id, colour, offered);
  if (car->colour_id != 0)
    return TRUE;

  title = g_strdup_printf ("%s %s", crm_vehicle_model_get_series (model_of (catalogue, trim.model_id)), trim.name);
  if (offered->len > 0)
    /* Translators: "Line 7: 凯美瑞 2.0G 豪华版 does not come in “红色” (the catalogue has 珍珠白、曜石黑)." */
    crm_csv_add_problem (problems, line, _("Line %u: %s does not come in “%s” (the catalogue has %s)."),
                         line, title, colour, offered->str);
  else
    crm_csv_add_problem (problems, line, _("Line %u: %s has no colours in the catalogue yet."), line, title);
  return FALSE;
}

/* A row made a car, or a problem listed. Returns: %FALSE for a problem */
static gboolean
check_row (CrmStore    *store,
           Catalogue   *catalogue,
           const Row   *row,
           guint        line,
           CrmStockCar *car,
           gboolean    *cost_known,
           GPtrArray   *problems)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *vin = NULL;
  const char *vin_text = row->cells[CRM_STOCK_IMPORT_FIELD_VIN];
  const char *location = row->cells[CRM_STOCK_IMPORT_FIELD_LOCATION];

  crm_stock_car_init (car);
  if (vin_text == NULL)
    {
      crm_csv_add_problem (problems, line, _("Line %u: no VIN."), line);
      return FALSE;
    }
  if ((vin = crm_vin_normalize (vin_text, &local_error)) == NULL)
    {
      crm_csv_add_problem (problems, line, _("Line %u: %s"), line, local_error->message);
      return FALSE;
    }
  g_strlcpy (car->vin, vin, sizeof car->vin);

  if (!check_catalogue (catalogue, row, line, car, problems) ||
      !check_arrival (row, line, crm_store_get_time_zone (store), crm_clock_get_now (crm_store_get_clock (store)),
                      car, problems))
    return FALSE;

  if (!crm_parse_money (row->cells[CRM_STOCK_IMPORT_FIELD_COST], &car->cost_fen, &local_error))
    {
      crm_csv_add_problem (problems, line, _("Line %u: %s"), line, local_error->message);
      return FALSE;
    }
  *cost_known = row->cells[CRM_STOCK_IMPORT_FIELD_COST] != NULL;

  if (location != NULL && g_utf8_strlen (location, -1) > CRM_STOCK_NAME_MAX_CHARS)
    {
      crm_csv_add_problem (problems, line, _("Line %u: the location has more than %d characters."),
                           line, CRM_STOCK_NAME_MAX_CHARS);
      return FALSE;
    }
  g_strlcpy (car->location, location != NULL ? location : "", sizeof car->location);
  return TRUE;
}

/* Every row checked; the cars to add in @cars */
static void
check_rows (CrmStockImport        *self,
            CrmStore              *store,
            Catalogue             *catalogue,
            GArray                *cars,
            CrmStockImportSummary *summary)
{
  g_autoptr(CrmCsvReader) reader = crm_csv_reader_new (self->sheet.text + self->sheet.data_start,
                                                       self->sheet.delimiter);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  int columns[CRM_N_STOCK_IMPORT_FIELDS];
  GPtrArray *fields;
  guint record_line;

  crm_csv_sheet_columns (&self->sheet, columns, CRM_N_STOCK_IMPORT_FIELDS);
  while (crm_csv_reader_next (reader, &fields, &record_line))
    {
      guint line = self->sheet.lines_before_data + record_line;
      Row row = { { NULL, } };
      CrmStockCar car;
      gboolean cost_known = FALSE;
      guint earlier;

      if (crm_csv_fields_are_blank (fields))
        continue;
      summary->rows++;
      for (guint f = 1; f < CRM_N_STOCK_IMPORT_FIELDS; f++)
        row.cells[f] = crm_csv_cell (fields, columns[f]);

      if (!check_row (store, catalogue, &row, line, &car, &cost_known, summary->problems))
        summary->invalid++;
      else if ((earlier = GPOINTER_TO_UINT (g_hash_table_lookup (seen, car.vin))) != 0)
        {
          crm_csv_add_problem (summary->problems, line, _("Line %u: the VIN %s is also on line %u."),
                               line, car.vin, earlier);
          summary->invalid++;
        }
      else if (crm_stock_store_find_by_vin (crm_store_get_stock_store (store), car.vin) != 0)
        summary->already_in_stock++;
      else
        {
          g_hash_table_insert (seen, g_strdup (car.vin), GUINT_TO_POINTER (line));
          g_array_append_val (cars, car);
          summary->without_cost += !cost_known;
        }
      row_clear (&row);
    }
}

/**
 * crm_stock_import_run:
 * @dry_run: check and count everything, write nothing
 * @summary: (out caller-allocates): what happened, row by row
 *
 * Checks every row, then (unless @dry_run) adds the cars in one
 * transaction. A row with an error stops the whole import: nothing is
 * written, the rows' problems are in @summary and @error says how many.
 *
 * Returns: %TRUE when the cars were added (or, in a dry run, would be)
 */
gboolean
crm_stock_import_run (CrmStockImport         *self,
                      CrmStore               *store,
                      gboolean                dry_run,
                      CrmStockImportSummary  *summary,
                      GError                **error)
{
  g_autoptr(GArray) cars = g_array_new (FALSE, FALSE, sizeof (CrmStockCar));
  int columns[CRM_N_STOCK_IMPORT_FIELDS];
  Catalogue catalogue = { NULL, };
  gint64 started;
  gboolean ok;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (CRM_IS_STORE (store), FALSE);
  g_return_val_if_fail (summary != NULL, FALSE);

  *summary = (CrmStockImportSummary) { .problems = crm_csv_problems_new () };
  crm_csv_sheet_columns (&self->sheet, columns, CRM_N_STOCK_IMPORT_FIELDS);
  if (columns[CRM_STOCK_IMPORT_FIELD_VIN] < 0 || columns[CRM_STOCK_IMPORT_FIELD_TRIM] < 0 ||
      columns[CRM_STOCK_IMPORT_FIELD_COLOUR] < 0)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                   _("Choose the columns that hold the VIN, the trim and the colour."));
      return FALSE;
    }

  catalogue.models = crm_staff_store_list_vehicle_models (crm_store_get_staff_store (store));
  if ((catalogue.trims = crm_stock_store_list_trims (crm_store_get_stock_store (store), 0, error)) == NULL ||
      (catalogue.colours = crm_stock_store_list_colours (crm_store_get_stock_store (store), 0, error)) == NULL)
    {
      catalogue_clear (&catalogue);
      return FALSE;
    }
  check_rows (self, store, &catalogue, cars, summary);
  catalogue_clear (&catalogue);

  if (summary->invalid > 0)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                   g_dngettext (GETTEXT_PACKAGE,
                                "%u row has an error, so nothing was imported: correct it and import the file again.",
                                "%u rows have errors, so nothing was imported: correct them and import the file again.",
                                summary->invalid),
                   summary->invalid);
      return FALSE;
    }
  summary->added = cars->len;
  if (dry_run || cars->len == 0)
    return TRUE;

  started = g_get_monotonic_time ();
  ok = crm_stock_store_insert_many (crm_store_get_stock_store (store), cars, error);
  summary->write_us = g_get_monotonic_time () - started;
  if (!ok)
    summary->added = 0;
  return ok;
}

void
crm_stock_import_summary_clear (CrmStockImportSummary *summary)
{
  g_clear_pointer (&summary->problems, g_ptr_array_unref);
  memset (summary, 0, sizeof *summary);
}

CrmStockImport *
crm_stock_import_new_from_data (const char  *data,
                                gsize        length,
                                GError     **error)
{
  g_autoptr(CrmStockImport) self = g_new0 (CrmStockImport, 1);

  if (!crm_csv_sheet_init (&self->sheet, data, length, header_words, G_N_ELEMENTS (header_words),
                           CRM_N_STOCK_IMPORT_FIELDS, error))
    return NULL;
  return g_steal_pointer (&self);
}

CrmStockImport *
crm_stock_import_new_from_file (const char  *path,
                                GError     **error)
{
  g_autoptr(GMappedFile) file = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  file = g_mapped_file_new (path, FALSE, error);
  return file != NULL ? crm_stock_import_new_from_data (g_mapped_file_get_contents (file),
                                                        g_mapped_file_get_length (file), error)
                      : NULL;
}

void
crm_stock_import_free (CrmStockImport *self)
{
  if (self != NULL)
    crm_csv_sheet_clear (&self->sheet);
  g_free (self);
}

/**
 * crm_stock_import_get_sheet:
 *
 * Returns: (transfer none): the file as read: its encoding, columns,
 *   header and the field each column is imported as (a
 *   #CrmStockImportField; change it with crm_csv_sheet_set_mapping())
 */
CrmCsvSheet *
crm_stock_import_get_sheet (CrmStockImport *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return &self->sheet;
}
