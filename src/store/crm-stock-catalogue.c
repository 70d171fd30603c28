/* crm-stock-catalogue.c: CrmStockStore, the catalogue's trims, colours and dated guide prices
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A catalogue model (vehicle_model, the staff store's) has trims (配置);
 * a trim comes in colours and has a guide price from a day on, until the
 * day its next price applies from: the maker's price changes are kept,
 * so a quote dated before a change still finds the price of its day.
 * Days are the showroom's calendar days, stored as yyyymmdd numbers
 * (they compare as days do on both engines, whatever the collation).
 */
#define G_LOG_DOMAIN "crm-stock-store"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "crm-error.h"
#include "crm-money.h"
#include "crm-store-private.h"

/* ------------------------------------------------------------------ */
/* Names                                                               */

/**
 * crm_store_copy_name:
 * @name: (out caller-allocates): CRM_STOCK_NAME_SIZE bytes
 * @text: (nullable): as typed or read from a file
 * @may_be_empty: whether nothing is a value (a car's location)
 * @what: what the name is, for the message ("trim", …), translated
 *
 * Returns: %TRUE with @text without the blanks around it in @name, or
 *   %FALSE with CRM_ERROR_INVALID_INPUT when it is empty (and may not be)
 *   or longer than CRM_STOCK_NAME_MAX_CHARS characters
 */
gboolean
crm_store_copy_name (char        *name,
                     const char  *text,
                     gboolean     may_be_empty,
                     const char  *what,
                     GError     **error)
{
  g_autofree char *trimmed = crm_store_dup_trimmed (text);

  if (!g_utf8_validate (trimmed, -1, NULL))
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT, _("The %s is not valid text."), what);
      return FALSE;
    }
  if (trimmed[0] == '\0' && !may_be_empty)
    {
      /* Translators: %s is what is missing: "trim", "colour" */
      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT, _("Enter the %s’s name."), what);
      return FALSE;
    }
  if (g_utf8_strlen (trimmed, -1) > CRM_STOCK_NAME_MAX_CHARS)
    {
      /* Translators: %s is what is too long ("trim", "location"), %d a number */
      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT, _("The %s has at most %d characters."),
                   what, CRM_STOCK_NAME_MAX_CHARS);
      return FALSE;
    }
  g_strlcpy (name, trimmed, CRM_STOCK_NAME_SIZE);
  return TRUE;
}

/* A name read back, cut at a character if another program stored a
 * longer one */
void
crm_store_column_name (CrmDbStmt *stmt,
                       int        column,
                       char      *name)
{
  const char *end = NULL;

  g_strlcpy (name, crm_store_column_text (stmt, column) ? crm_store_column_text (stmt, column) : "",
             CRM_STOCK_NAME_SIZE);
  if (!g_utf8_validate (name, -1, &end))
    *(char *) end = '\0';
}

/**
 * crm_store_dup_trim_title:
 *
 * Returns: (transfer full): "凯美瑞 2.0G 豪华版", the model's series and the
 *   trim's name, for messages; "?" when there is no such trim
 */
char *
crm_store_dup_trim_title (CrmStore *self,
                          gint64    trim_id)
{
  static const char sql[] =
    "SELECT m.series, t.name FROM catalogue_trim t JOIN vehicle_model m ON m.id = t.model_id"
    " WHERE t.id = ?1";
  CRM_AUTO_STMT stmt = crm_store_select_row (self, sql, trim_id, "", NULL);

  if (stmt == NULL)
    return g_strdup ("?");
  return g_strdup_printf ("%s %s", crm_store_column_text (stmt, 0), crm_store_column_text (stmt, 1));
}

/* A row of the catalogue below a model, inside the caller's
 * transaction. Announced as "the catalogue changed" (vehicle-model:0),
 * as the server announces it to the other desktops. */
static gint64
insert_catalogue_row (CrmStore        *self,
                      const char      *sql,
                      const CrmParam  *params,
                      guint            n_params,
                      GError         **error)
{
  CRM_AUTO_STMT stmt = crm_store_prepare (self, sql, error);

  if (stmt == NULL)
    return 0;
  crm_store_bind_params (stmt, params, n_params);
  if (!crm_store_step_done (self, stmt, error))
    return 0;
  crm_store_queue_change (self, CRM_ENTITY_VEHICLE_MODEL, 0);
  return crm_db_last_insert_id (self->db);
}

/* ------------------------------------------------------------------ */
/* Trims and colours: a name unique below its parent                    */

/* A level of the catalogue below a model (its trims, a trim's colours):
 * the SQL and the messages that differ, the rest is add_named() and
 * rename_named(). Each statement takes ?1 the parent or the row, ?2 the
 * name, ?3 (trims only) the new-energy flag. */
typedef struct
{
  const char *parent_sql;       /* a row when the parent is there */
  const char *parent_of_sql;    /* a row's parent */
  const char *taken_sql;        /* a row (the parent's name) when ?2 is taken in ?1 by another than ?3 */
  const char *insert_sql;
  const char *update_sql;
  guint       n_values;         /* 2, or 3 with the flag */
  const char *what;             /* for crm_store_copy_name() */
  const char *parent_missing;
  const char *missing;
  const char *taken;            /* "%s already has a trim “%s”." */
} Level;

static const Level trims = {
  "SELECT 1 FROM vehicle_model WHERE id = ?1",
  "SELECT model_id FROM catalogue_trim WHERE id = ?1",
  "SELECT m.series FROM catalogue_trim t JOIN vehicle_model m ON m.id = t.model_id"
  " WHERE t.model_id = ?1 AND t.name = ?2 AND t.id <> ?3",
  "INSERT INTO catalogue_trim (model_id, name, new_energy) VALUES (?1, ?2, ?3)",
  "UPDATE catalogue_trim SET name = ?2, new_energy = ?3 WHERE id = ?1",
  3,
  N_("trim"),
  N_("This model is not in the catalogue."),
  N_("This trim is not in the catalogue."),
  /* Translators: "凯美瑞 already has a trim “2.0G 豪华版”." */
  N_("%s already has a trim “%s”."),
};

static const Level colours = {
  "SELECT 1 FROM catalogue_trim WHERE id = ?1",
  "SELECT trim_id FROM catalogue_colour WHERE id = ?1",
  "SELECT m.series || ' ' || t.name FROM catalogue_colour k"
  " JOIN catalogue_trim t ON t.id = k.trim_id JOIN vehicle_model m ON m.id = t.model_id"
  " WHERE k.trim_id = ?1 AND k.name = ?2 AND k.id <> ?3",
  "INSERT INTO catalogue_colour (trim_id, name) VALUES (?1, ?2)",
  "UPDATE catalogue_colour SET name = ?2 WHERE id = ?1",
  2,
  N_("colour"),
  N_("This trim is not in the catalogue."),
  N_("This colour is not in the catalogue."),
  /* Translators: "凯美瑞 2.0G 豪华版 already comes in “珍珠白”." */
  N_("%s already comes in “%s”."),
};

static gboolean
check_name_free (CrmStore     *self,
                 const Level  *level,
                 gint64        parent_id,
                 gint64        id,
                 const char   *name,
                 GError      **error)
{
  CRM_AUTO_STMT stmt = crm_store_prepare (self, level->taken_sql, error);

  if (stmt == NULL)
    return FALSE;
  crm_store_bind_params (stmt, CRM_PARAMS (CRM_INT64 (parent_id), CRM_TEXT (name), CRM_INT64 (id)));
  if (crm_db_stmt_step (stmt) != CRM_DB_ROW)
    return TRUE;
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
  g_set_error (error, CRM_ERROR, CRM_ERROR_DUPLICATE, _(level->taken), crm_store_column_text (stmt, 0), name);
#pragma GCC diagnostic pop
  return FALSE;
}

/* A new trim or colour named @name below @parent_id */
static gint64
add_named (CrmStore     *self,
           const Level  *level,
           gint64        parent_id,
           const char   *name,
           gboolean      flag,
           GError      **error)
{
  char clean[CRM_STOCK_NAME_SIZE];
  gint64 id = 0;
  gboolean ok;

  if (!crm_store_copy_name (clean, name, FALSE, _(level->what), error) ||
      !crm_store_begin (self, error))
    return 0;

  ok = crm_store_row_exists (self, level->parent_sql, CRM_PARAMS (CRM_INT64 (parent_id)));
  if (!ok)
    g_set_error_literal (error, CRM_ERROR, CRM_ERROR_NOT_FOUND, _(level->parent_missing));
  ok = ok && check_name_free (self, level, parent_id, 0, clean, error) &&
       (id = insert_catalogue_row (self, level->insert_sql,
                                   (const CrmParam[]) { CRM_INT64 (parent_id), CRM_TEXT (clean),
                                                        CRM_INT64 (flag ? 1 : 0) },
                                   level->n_values, error)) > 0;
  return crm_store_finish_write (self, ok, error) ? id : 0;
}

/* A trim or colour named anew (and flagged anew), below the same parent */
static gboolean
rename_named (CrmStore     *self,
              const Level  *level,
              gint64        id,
              const char   *name,
              gboolean      flag,
              GError      **error)
{
  char clean[CRM_STOCK_NAME_SIZE];
  gint64 parent_id;
  gboolean ok;

  if (!crm_store_copy_name (clean, name, FALSE, _(level->what), error) ||
      !crm_store_begin (self, error))
    return FALSE;

  parent_id = crm_store_query_int64 (self, level->parent_of_sql, CRM_PARAMS (CRM_INT64 (id)), 0);
  ok = parent_id > 0;
  if (!ok)
    g_set_error_literal (error, CRM_ERROR, CRM_ERROR_NOT_FOUND, _(level->missing));
  ok = ok && check_name_free (self, level, parent_id, id, clean, error) &&
       crm_store_write_one (self, CRM_ENTITY_VEHICLE_MODEL, 0, level->update_sql,
                            (const CrmParam[]) { CRM_INT64 (id), CRM_TEXT (clean), CRM_INT64 (flag ? 1 : 0) },
                            level->n_values, error);
  return crm_store_finish_write (self, ok, error);
}

/**
 * crm_stock_store_add_trim:
 * @model_id: the catalogue model (crm_staff_store_list_vehicle_models())
 * @name: as the maker's price list names it; unique in the model
 * @new_energy: whether the trim is a new-energy vehicle
 *
 * Returns: the new trim's id, or 0 with @error set
 */
gint64
crm_stock_store_add_trim (CrmStockStore  *domain,
                          gint64          model_id,
                          const char     *name,
                          gboolean        new_energy,
                          GError        **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);

  g_return_val_if_fail (CRM_IS_STORE (self), 0);

  return add_named (self, &trims, model_id, name, new_energy, error);
}

/**
 * crm_stock_store_update_trim:
 * @trim: its id, new name and new-energy flag (its model stays)
 */
gboolean
crm_stock_store_update_trim (CrmStockStore           *domain,
                             const CrmCatalogueTrim  *trim,
                             GError                 **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);
  g_return_val_if_fail (trim != NULL, FALSE);

  return rename_named (self, &trims, trim->id, trim->name, trim->new_energy, error);
}

/* Refuses to take out of the catalogue what a car in stock is: the car
 * would lose its trim or colour */
static gboolean
check_unused (CrmStore    *self,
              const char  *sql,
              gint64       id,
              gint64       trim_id,
              const char  *what,
              GError     **error)
{
  gint64 cars = crm_store_query_int64 (self, sql, CRM_PARAMS (CRM_INT64 (id)), 0);
  g_autofree char *title = NULL;

  if (cars == 0)
    return TRUE;
  title = crm_store_dup_trim_title (self, trim_id);
  g_set_error (error, CRM_ERROR, CRM_ERROR_RULE,
               /* Translators: "3 cars in stock are 凯美瑞 2.0G 豪华版 of this colour: …";
                * the first %s is a trim, the second "trim" or "colour" */
               g_dngettext (GETTEXT_PACKAGE,
                            "%d car in stock is %s of this %s: it stays in the catalogue while the car does.",
                            "%d cars in stock are %s of this %s: it stays in the catalogue while they do.",
                            cars),
               (int) cars, title, what);
  return FALSE;
}

/**
 * crm_stock_store_delete_trim:
 *
 * Takes a trim out of the catalogue with its colours and prices. Refused
 * (CRM_ERROR_RULE) while a car in stock, sold or delivered is of it.
 */
gboolean
crm_stock_store_delete_trim (CrmStockStore  *domain,
                             gint64          trim_id,
                             GError        **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char cars_sql[] = "SELECT count(*) FROM stock_car WHERE trim_id = ?1";
  static const char sql[] = "DELETE FROM catalogue_trim WHERE id = ?1";
  CRM_AUTO_STMT stmt = NULL;
  gboolean ok;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);

  if (!crm_store_begin (self, error))
    return FALSE;
  ok = check_unused (self, cars_sql, trim_id, trim_id, _("trim"), error) &&
       (stmt = crm_store_prepare (self, sql, error)) != NULL;
  if (ok)
    {
      crm_db_stmt_bind_int64 (stmt, 1, trim_id);
      ok = crm_store_step_changed (self, stmt, _("This trim is not in the catalogue."), error);
    }
  if (ok)
    crm_store_queue_change (self, CRM_ENTITY_VEHICLE_MODEL, 0);
  return crm_store_finish_write (self, ok, error);
}

static void
read_trim (CrmDbStmt *stmt,
           gpointer   element)
{
  CrmCatalogueTrim *trim = element;

  *trim = (CrmCatalogueTrim) {
    .id = crm_db_stmt_column_int64 (stmt, 0),
    .model_id = crm_db_stmt_column_int64 (stmt, 1),
    .new_energy = crm_db_stmt_column_int64 (stmt, 3) != 0,
  };
  crm_store_column_name (stmt, 2, trim->name);
}

#define TRIM_COLUMNS "SELECT t.id, t.model_id, t.name, t.new_energy FROM catalogue_trim t"

/**
 * crm_stock_store_get_trim:
 * @trim: (out caller-allocates): filled
 */
gboolean
crm_stock_store_get_trim (CrmStockStore     *domain,
                          gint64             trim_id,
                          CrmCatalogueTrim  *trim,
                          GError           **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] = TRIM_COLUMNS " WHERE t.id = ?1";
  CRM_AUTO_STMT stmt = NULL;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);
  g_return_val_if_fail (trim != NULL, FALSE);

  stmt = crm_store_select_row (self, sql, trim_id, _("This trim is not in the catalogue."), error);
  if (stmt != NULL)
    read_trim (stmt, trim);
  return stmt != NULL;
}

/**
 * crm_stock_store_list_trims:
 * @model_id: a catalogue model, 0 for every model's
 *
 * Returns: (transfer full) (element-type CrmCatalogueTrim): by model, then
 *   in the order they were added; %NULL with @error set
 */
GArray *
crm_stock_store_list_trims (CrmStockStore  *domain,
                            gint64          model_id,
                            GError        **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] = TRIM_COLUMNS " WHERE ?1 = 0 OR t.model_id = ?1 ORDER BY t.model_id, t.id";

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);

  return crm_store_collect_values (self, sql, CRM_PARAMS (CRM_INT64 (model_id)),
                                   sizeof (CrmCatalogueTrim), read_trim, error);
}

/* ------------------------------------------------------------------ */
/* Colours                                                             */

/**
 * crm_stock_store_add_colour:
 * @trim_id: the trim it is offered in
 * @name: "珍珠白"; unique in the trim
 *
 * Returns: the new colour's id, or 0 with @error set
 */
gint64
crm_stock_store_add_colour (CrmStockStore  *domain,
                            gint64          trim_id,
                            const char     *name,
                            GError        **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);

  g_return_val_if_fail (CRM_IS_STORE (self), 0);

  return add_named (self, &colours, trim_id, name, FALSE, error);
}

gboolean
crm_stock_store_rename_colour (CrmStockStore  *domain,
                               gint64          colour_id,
                               const char     *name,
                               GError        **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);

  return rename_named (self, &colours, colour_id, name, FALSE, error);
}

/**
 * crm_stock_store_delete_colour:
 *
 * Refused (CRM_ERROR_RULE) while a car in stock, sold or delivered is of
 * that colour.
 */
gboolean
crm_stock_store_delete_colour (CrmStockStore  *domain,
                               gint64          colour_id,
                               GError        **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char trim_sql[] = "SELECT trim_id FROM catalogue_colour WHERE id = ?1";
  static const char cars_sql[] = "SELECT count(*) FROM stock_car WHERE colour_id = ?1";
  static const char sql[] = "DELETE FROM catalogue_colour WHERE id = ?1";
  gint64 trim_id;
  gboolean ok;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);

  if (!crm_store_begin (self, error))
    return FALSE;
  trim_id = crm_store_query_int64 (self, trim_sql, CRM_PARAMS (CRM_INT64 (colour_id)), 0);
  ok = trim_id > 0;
  if (!ok)
    g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND, _("This colour is not in the catalogue."));
  ok = ok && check_unused (self, cars_sql, colour_id, trim_id, _("colour"), error) &&
       crm_store_write_one (self, CRM_ENTITY_VEHICLE_MODEL, 0, sql,
                            CRM_PARAMS (CRM_INT64 (colour_id)), error);
  return crm_store_finish_write (self, ok, error);
}

static void
read_colour (CrmDbStmt *stmt,
             gpointer   element)
{
  CrmCatalogueColour *colour = element;

  colour->id = crm_db_stmt_column_int64 (stmt, 0);
  colour->trim_id = crm_db_stmt_column_int64 (stmt, 1);
  crm_store_column_name (stmt, 2, colour->name);
}

/**
 * crm_stock_store_list_colours:
 * @trim_id: a trim, 0 for every trim's
 *
 * Returns: (transfer full) (element-type CrmCatalogueColour): by trim,
 *   then in the order they were added; %NULL with @error set
 */
GArray *
crm_stock_store_list_colours (CrmStockStore  *domain,
                              gint64          trim_id,
                              GError        **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] =
    "SELECT id, trim_id, name FROM catalogue_colour WHERE ?1 = 0 OR trim_id = ?1 ORDER BY trim_id, id";

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);

  return crm_store_collect_values (self, sql, CRM_PARAMS (CRM_INT64 (trim_id)),
                                   sizeof (CrmCatalogueColour), read_colour, error);
}

/* ------------------------------------------------------------------ */
/* Guide prices                                                        */

/* 2026-11-01 as 20261101 */
static gint64
day_number (const GDate *date)
{
  return (gint64) g_date_get_year (date) * 10000 + g_date_get_month (date) * 100 + g_date_get_day (date);
}

static void
date_from_number (gint64  number,
                  GDate  *date)
{
  g_date_clear (date, 1);
  if (g_date_valid_dmy (number % 100, (number / 100) % 100, number / 10000))
    g_date_set_dmy (date, number % 100, (number / 100) % 100, number / 10000);
}

static char *
format_day (const GDate *date)
{
  char text[16];

  g_date_strftime (text, sizeof text, "%Y-%m-%d", date);
  return g_strdup (text);
}

/**
 * crm_stock_store_set_guide_price:
 * @from: the first day the price applies (the showroom's calendar)
 * @guide_price_fen: the maker's guide price
 *
 * Sets the trim's price from @from on, until its next price applies; a
 * price already set from that day is replaced.
 */
gboolean
crm_stock_store_set_guide_price (CrmStockStore  *domain,
                                 gint64          trim_id,
                                 const GDate    *from,
                                 gint64          guide_price_fen,
                                 GError        **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char trim_sql[] = "SELECT 1 FROM catalogue_trim WHERE id = ?1";
  static const char sql[] =
    "INSERT INTO catalogue_price (trim_id, valid_from, guide_price) VALUES (?1, ?2, ?3)"
    " ON CONFLICT (trim_id, valid_from) DO UPDATE SET guide_price = excluded.guide_price";
  gboolean ok;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);
  g_return_val_if_fail (from != NULL && g_date_valid (from), FALSE);

  if (guide_price_fen <= 0 || guide_price_fen > CRM_MONEY_MAX_FEN)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                   _("A guide price is more than nothing and at most ¥1,000,000,000."));
      return FALSE;
    }
  if (!crm_store_begin (self, error))
    return FALSE;
  ok = crm_store_row_exists (self, trim_sql, CRM_PARAMS (CRM_INT64 (trim_id)));
  if (!ok)
    g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND, _("This trim is not in the catalogue."));
  ok = ok && crm_store_write_one (self, CRM_ENTITY_VEHICLE_MODEL, 0, sql,
                                  CRM_PARAMS (CRM_INT64 (trim_id), CRM_INT64 (day_number (from)),
                                              CRM_INT64 (guide_price_fen)),
                                  error);
  return crm_store_finish_write (self, ok, error);
}

gboolean
crm_stock_store_delete_guide_price (CrmStockStore  *domain,
                                    gint64          trim_id,
                                    const GDate    *from,
                                    GError        **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] = "DELETE FROM catalogue_price WHERE trim_id = ?1 AND valid_from = ?2";
  CRM_AUTO_STMT stmt = NULL;
  gboolean ok;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);
  g_return_val_if_fail (from != NULL && g_date_valid (from), FALSE);

  if (!crm_store_begin (self, error))
    return FALSE;
  ok = (stmt = crm_store_prepare (self, sql, error)) != NULL;
  if (ok)
    {
      crm_store_bind_params (stmt, CRM_PARAMS (CRM_INT64 (trim_id), CRM_INT64 (day_number (from))));
      ok = crm_store_step_changed (self, stmt, _("The trim has no price from that day."), error);
    }
  if (ok)
    crm_store_queue_change (self, CRM_ENTITY_VEHICLE_MODEL, 0);
  return crm_store_finish_write (self, ok, error);
}

static void
read_price (CrmDbStmt *stmt,
            gpointer   element)
{
  CrmGuidePrice *price = element;

  date_from_number (crm_db_stmt_column_int64 (stmt, 0), &price->from);
  price->guide_price_fen = crm_db_stmt_column_int64 (stmt, 1);
}

/**
 * crm_stock_store_list_guide_prices:
 *
 * Returns: (transfer full) (element-type CrmGuidePrice): the trim's
 *   prices, earliest first; %NULL with @error set
 */
GArray *
crm_stock_store_list_guide_prices (CrmStockStore  *domain,
                                   gint64          trim_id,
                                   GError        **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] =
    "SELECT valid_from, guide_price FROM catalogue_price WHERE trim_id = ?1 ORDER BY valid_from";

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);

  return crm_store_collect_values (self, sql, CRM_PARAMS (CRM_INT64 (trim_id)),
                                   sizeof (CrmGuidePrice), read_price, error);
}

/**
 * crm_stock_store_get_guide_price:
 * @date: the day of the quote (the showroom's calendar)
 *
 * The guide price of the trim on @date: the one from the latest day not
 * after @date.
 *
 * Returns: the price in fen, or 0 with CRM_ERROR_NOT_FOUND when the trim
 *   had no price yet on @date (the message says from when it has one)
 */
gint64
crm_stock_store_get_guide_price (CrmStockStore  *domain,
                                 gint64          trim_id,
                                 const GDate    *date,
                                 GError        **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] =
    "SELECT guide_price FROM catalogue_price WHERE trim_id = ?1 AND valid_from <= ?2"
    " ORDER BY valid_from DESC LIMIT 1";
  static const char first_sql[] = "SELECT min(valid_from) FROM catalogue_price WHERE trim_id = ?1";
  g_autofree char *title = NULL;
  g_autofree char *day = NULL;
  gint64 price;
  gint64 first;

  g_return_val_if_fail (CRM_IS_STORE (self), 0);
  g_return_val_if_fail (date != NULL && g_date_valid (date), 0);

  price = crm_store_query_int64 (self, sql, CRM_PARAMS (CRM_INT64 (trim_id), CRM_INT64 (day_number (date))), 0);
  if (price > 0)
    return price;

  title = crm_store_dup_trim_title (self, trim_id);
  day = format_day (date);
  first = crm_store_query_int64 (self, first_sql, CRM_PARAMS (CRM_INT64 (trim_id)), 0);
  if (first > 0)
    {
      GDate first_date;
      g_autofree char *first_day = NULL;

      date_from_number (first, &first_date);
      first_day = format_day (&first_date);
      /* Translators: "凯美瑞 2.0G 豪华版 has no guide price on 2025-12-31: its
       * first price applies from 2026-01-01." */
      g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND,
                   _("%s has no guide price on %s: its first price applies from %s."),
                   title, day, first_day);
    }
  else
    g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND, _("%s has no guide price yet."), title);
  return 0;
}

/* ------------------------------------------------------------------ */
/* The showroom's rule                                                 */

/**
 * crm_stock_store_get_ageing_days:
 *
 * Returns: the days in stock after which a car is flagged as ageing (the
 *   meta key "stock.ageing-days"; CRM_STOCK_DEFAULT_AGEING_DAYS when not
 *   set)
 */
int
crm_stock_store_get_ageing_days (CrmStockStore *domain)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  int days;

  g_return_val_if_fail (CRM_IS_STORE (self), CRM_STOCK_DEFAULT_AGEING_DAYS);

  days = crm_store_get_meta_int (self, "stock.ageing-days", 3650, CRM_STOCK_DEFAULT_AGEING_DAYS);
  return days > 0 ? days : CRM_STOCK_DEFAULT_AGEING_DAYS;
}

gboolean
crm_stock_store_set_ageing_days (CrmStockStore  *domain,
                                 int             days,
                                 GError        **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  char text[16];

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);

  if (days < 1 || days > 365)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                   _("The ageing threshold is between 1 and 365 days."));
      return FALSE;
    }
  g_snprintf (text, sizeof text, "%d", days);
  return crm_store_set_meta (self, "stock.ageing-days", text, error);
}
