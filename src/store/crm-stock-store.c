/* crm-stock-store.c: CrmStockStore, the cars in stock: by VIN, reserved for deals, aged, counted
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every car for sale is one stock_car row, by its VIN (checked and
 * normalised by crm_vin_normalize()), of a catalogue trim and colour.
 * What a write checks it checks inside its write transaction (the
 * showroom's write lock on both engines), so two desktops reserving the
 * same car take turns and the second is told who has it; the unique
 * indexes on the VIN and on the deal are the floor under those checks.
 *
 * Ages are days of the showroom's calendar (crm_store_get_time_zone()):
 * a filter "at least N days" becomes one bound on arrived_at, worked out
 * here, so the list's query stays a walk of the arrival index.
 */
#define G_LOG_DOMAIN "crm-stock-store"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "crm-error.h"
#include "crm-money.h"
#include "crm-store-enum-types.h"
#include "crm-model-enum-types.h"
#include "crm-store-private.h"
#include "crm-vin.h"

/* A car not arrived sorts after every arrival (the expression of the
 * index stock_car_arrival, word for word) */
#define ARRIVAL_KEY "coalesce(c.arrived_at, 9223372036854775807)"

/* The statuses of a car still the showroom's to sell */
#define UNSOLD "('ordered', 'in-transit', 'in-stock', 'reserved')"

/* The query's status mask: bit 1 << CrmStockStatus */
G_STATIC_ASSERT (CRM_STOCK_ORDERED == 0 && CRM_STOCK_IN_TRANSIT == 1 && CRM_STOCK_IN_STOCK == 2 &&
                 CRM_STOCK_RESERVED == 3 && CRM_STOCK_SOLD == 4 && CRM_STOCK_DELIVERED == 5);
#define STATUS_BIT \
  "CASE c.status WHEN 'ordered' THEN 1 WHEN 'in-transit' THEN 2 WHEN 'in-stock' THEN 4" \
  " WHEN 'reserved' THEN 8 WHEN 'sold' THEN 16 ELSE 32 END"

#define CAR_COLUMNS \
  "SELECT c.id, c.vin, c.model_id, c.trim_id, c.colour_id, c.status, coalesce(c.arrived_at, 0)," \
  " c.cost, c.location, coalesce(c.deal_id, 0), c.updated_at FROM stock_car c"

void
crm_stock_query_init (CrmStockQuery *query)
{
  memset (query, 0, sizeof *query);
}

void
crm_stock_query_clear (CrmStockQuery *query)
{
  g_clear_pointer (&query->colour, g_free);
}

void
crm_stock_health_clear (CrmStockHealth *health)
{
  g_clear_pointer (&health->models, g_array_unref);
}

static void
read_car (CrmDbStmt *stmt,
          gpointer   element)
{
  CrmStockCar *car = element;

  car->id = crm_db_stmt_column_int64 (stmt, 0);
  g_strlcpy (car->vin, crm_store_column_text (stmt, 1), sizeof car->vin);
  car->model_id = crm_db_stmt_column_int64 (stmt, 2);
  car->trim_id = crm_db_stmt_column_int64 (stmt, 3);
  car->colour_id = crm_db_stmt_column_int64 (stmt, 4);
  car->status = crm_store_column_code (stmt, 5, CRM_TYPE_STOCK_STATUS);
  car->arrived_at = crm_db_stmt_column_int64 (stmt, 6);
  car->cost_fen = crm_db_stmt_column_int64 (stmt, 7);
  crm_store_column_name (stmt, 8, car->location);
  car->deal_id = crm_db_stmt_column_int64 (stmt, 9);
  car->updated_at = crm_db_stmt_column_int64 (stmt, 10);
}

/* The car's row inside the caller's transaction, for a check */
static gboolean
read_car_by_id (CrmStore     *self,
                gint64        id,
                CrmStockCar  *car,
                GError      **error)
{
  static const char sql[] = CAR_COLUMNS " WHERE c.id = ?1";
  CRM_AUTO_STMT stmt = crm_store_select_row (self, sql, id, _("This car is not in stock."), error);

  if (stmt != NULL)
    read_car (stmt, car);
  return stmt != NULL;
}

/* "LVGBE40K5SG012345 (凯美瑞 2.0G 豪华版, 珍珠白)", for messages */
static char *
dup_car_title (CrmStore          *self,
               const CrmStockCar *car)
{
  static const char sql[] = "SELECT name FROM catalogue_colour WHERE id = ?1";
  g_autofree char *trim = crm_store_dup_trim_title (self, car->trim_id);
  CRM_AUTO_STMT stmt = crm_store_select_row (self, sql, car->colour_id, "", NULL);

  return g_strdup_printf ("%s (%s, %s)", car->vin, trim, stmt ? crm_store_column_text (stmt, 0) : "?");
}

/* What a person typed, made what is stored: the VIN normalised, the
 * trim's model taken, the colour one of the trim's, the arrival set for
 * a car in stock, the location cut of its blanks. Inside the write
 * transaction: the VIN is checked against every other car. */
static gboolean
check_car (CrmStore     *self,
           CrmStockCar  *car,
           GError      **error)
{
  static const char trim_sql[] = "SELECT model_id FROM catalogue_trim WHERE id = ?1";
  static const char colour_sql[] = "SELECT 1 FROM catalogue_colour WHERE id = ?1 AND trim_id = ?2";
  static const char vin_sql[] = "SELECT id FROM stock_car WHERE vin = ?1 AND id <> ?2";
  g_autofree char *vin = NULL;
  char location[CRM_STOCK_NAME_SIZE];
  gint64 other;
  gint64 now = crm_store_now (self);

  if ((vin = crm_vin_normalize (car->vin, error)) == NULL ||
      !crm_store_copy_name (location, car->location, TRUE, _("location"), error))
    return FALSE;
  g_strlcpy (car->vin, vin, sizeof car->vin);
  g_strlcpy (car->location, location, sizeof car->location);

  if (car->cost_fen < 0 || car->cost_fen > CRM_MONEY_MAX_FEN)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                   _("A car’s cost is between nothing and ¥1,000,000,000."));
      return FALSE;
    }

  if ((car->model_id = crm_store_query_int64 (self, trim_sql, CRM_PARAMS (CRM_INT64 (car->trim_id)), 0)) == 0)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT, _("Choose the car’s trim from the catalogue."));
      return FALSE;
    }
  if (!crm_store_row_exists (self, colour_sql, CRM_PARAMS (CRM_INT64 (car->colour_id), CRM_INT64 (car->trim_id))))
    {
      g_autofree char *title = crm_store_dup_trim_title (self, car->trim_id);

      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                   _("Choose a colour %s comes in."), title);
      return FALSE;
    }

  /* A car ordered or on its way has not arrived; one in stock has, by
   * now at the latest */
  if (car->status == CRM_STOCK_ORDERED || car->status == CRM_STOCK_IN_TRANSIT)
    car->arrived_at = 0;
  else if (car->arrived_at <= 0)
    car->arrived_at = now;
  else if (crm_time_days_between (crm_store_get_time_zone (self), now, car->arrived_at) > 0)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                   _("The car cannot have arrived after today."));
      return FALSE;
    }

  other = crm_store_query_int64 (self, vin_sql, CRM_PARAMS (CRM_TEXT (car->vin), CRM_INT64 (car->id)), 0);
  if (other > 0)
    {
      CrmStockCar existing;
      g_autofree char *title = NULL;

      if (!read_car_by_id (self, other, &existing, error))
        return FALSE;
      title = dup_car_title (self, &existing);
      /* Translators: "The VIN … is already in stock: LVG… (凯美瑞 2.0G 豪华版, 珍珠白), In stock." */
      g_set_error (error, CRM_ERROR, CRM_ERROR_DUPLICATE, _("The VIN %s is already in stock: %s, %s."),
                   car->vin, title, crm_stock_status_get_label (existing.status));
      return FALSE;
    }
  return TRUE;
}

/* Writes the car as check_car() made it, with @sql: an INSERT or an
 * UPDATE of the same eight values, and the status (a new car) or the id
 * (a car stored) as ?9 */
static gboolean
write_car (CrmStore     *self,
           const char   *sql,
           CrmStockCar  *car,
           GError      **error)
{
  CRM_AUTO_STMT stmt = NULL;

  car->updated_at = crm_store_now (self);
  if (!check_car (self, car, error) || (stmt = crm_store_prepare (self, sql, error)) == NULL)
    return FALSE;
  crm_store_bind_params (stmt, CRM_PARAMS (CRM_TEXT (car->vin), CRM_INT64 (car->model_id),
                                           CRM_INT64 (car->trim_id), CRM_INT64 (car->colour_id),
                                           CRM_ID_OR_NULL (car->arrived_at), CRM_INT64 (car->cost_fen),
                                           CRM_TEXT (car->location), CRM_INT64 (car->updated_at),
                                           car->id == 0 ? CRM_CODE (CRM_TYPE_STOCK_STATUS, car->status)
                                                        : CRM_INT64 (car->id)));
  if (!crm_store_step_changed (self, stmt, _("This car is not in stock."), error))
    return FALSE;
  if (car->id == 0)
    car->id = crm_db_last_insert_id (self->db);
  crm_store_queue_change (self, CRM_ENTITY_STOCK, car->id);
  return TRUE;
}

/**
 * crm_stock_store_insert:
 * @car: a new car (crm_stock_car_init()): its VIN, trim, colour, status
 *   (ordered, in transit or in stock), arrival (in stock: 0 for now),
 *   cost and location; on success its id, normalised VIN and model are
 *   set
 *
 * Returns: the car's id, or 0 with @error set: CRM_ERROR_INVALID_INPUT
 *   with the VIN's fault (its length, a character, the check digit) or
 *   another field's, CRM_ERROR_DUPLICATE for a VIN already in stock
 */
gint64
crm_stock_store_insert (CrmStockStore  *domain,
                        CrmStockCar    *car,
                        GError        **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] =
    "INSERT INTO stock_car (vin, model_id, trim_id, colour_id, arrived_at, cost, location,"
    " created_at, updated_at, status) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9)";

  g_return_val_if_fail (CRM_IS_STORE (self), 0);
  g_return_val_if_fail (car != NULL, 0);

  if (car->status != CRM_STOCK_ORDERED && car->status != CRM_STOCK_IN_TRANSIT &&
      car->status != CRM_STOCK_IN_STOCK)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                   _("A car comes into stock ordered from the factory, in transit or in stock; "
                     "reserve it for a deal or sell it once it is there."));
      return 0;
    }

  car->id = 0;
  car->deal_id = 0;
  if (!crm_store_begin (self, error))
    return 0;
  if (crm_store_finish_write (self, write_car (self, sql, car, error), error))
    return car->id;
  car->id = 0;
  return 0;
}

/* Rows of one INSERT in crm_stock_store_insert_many(): 10 values each,
 * far below SQLite's and PostgreSQL's limits on parameters */
#define BATCH 100

static char *
insert_many_sql (guint n_rows)
{
  GString *sql = g_string_new ("INSERT INTO stock_car (vin, model_id, trim_id, colour_id, arrived_at, cost,"
                               " location, created_at, updated_at, status) VALUES ");

  for (guint r = 0; r < n_rows; r++)
    {
      guint p = r * 10;

      g_string_append_printf (sql, "%s(?%u, ?%u, ?%u, ?%u, ?%u, ?%u, ?%u, ?%u, ?%u, ?%u)", r ? ", " : "",
                              p + 1, p + 2, p + 3, p + 4, p + 5, p + 6, p + 7, p + 8, p + 9, p + 10);
    }
  return g_string_free (sql, FALSE);
}

/* What a car of a list must be to go in without a look at the database:
 * the catalogue and the VIN's uniqueness are the database's keys */
static gboolean
check_new_car (const CrmStockCar  *car,
               GError            **error)
{
  gboolean arrived = car->status == CRM_STOCK_IN_STOCK;

  if (crm_vin_is_valid (car->vin) && car->model_id > 0 &&
      (arrived || car->status == CRM_STOCK_ORDERED || car->status == CRM_STOCK_IN_TRANSIT) &&
      arrived == (car->arrived_at > 0) && car->cost_fen >= 0 && car->cost_fen <= CRM_MONEY_MAX_FEN &&
      g_utf8_validate (car->location, -1, NULL) && g_utf8_strlen (car->location, -1) <= CRM_STOCK_NAME_MAX_CHARS)
    return TRUE;
  /* Translators: %s is a VIN */
  g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT, _("The car %s is not one a stock list adds."), car->vin);
  return FALSE;
}

/**
 * crm_stock_store_insert_many:
 * @cars: (element-type CrmStockCar): new cars, each with its normalised
 *   VIN, its model, trim and colour, ordered, in transit or in stock
 *   (with its arrival), as an importer has checked them
 *
 * Adds a stock list in one transaction, a hundred cars a statement: a
 * round trip per hundred cars on a server, not several per car, so the
 * showroom's write lock is held briefly. The catalogue and the VINs are
 * held by the database's keys: a car whose VIN another desktop added
 * meanwhile, or whose trim or colour went out of the catalogue, stops
 * the whole list (CRM_ERROR_CONFLICT), and nothing is added.
 */
gboolean
crm_stock_store_insert_many (CrmStockStore  *domain,
                             GArray         *cars,
                             GError        **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(CrmDbStmt) full = NULL;
  gint64 now;
  gboolean ok = TRUE;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);
  g_return_val_if_fail (cars != NULL, FALSE);

  for (guint i = 0; i < cars->len; i++)
    if (!check_new_car (&g_array_index (cars, CrmStockCar, i), error))
      return FALSE;
  if (cars->len == 0)
    return TRUE;

  now = crm_store_now (self);
  if (!crm_store_begin (self, error))
    return FALSE;
  for (guint start = 0; ok && start < cars->len; start += BATCH)
    {
      guint n = MIN (BATCH, cars->len - start);
      g_autoptr(GArray) params = g_array_sized_new (FALSE, FALSE, sizeof (CrmParam), n * 10);

      /* Every full batch runs the same statement */
      if (full == NULL || n < BATCH)
        {
          g_autofree char *sql = insert_many_sql (n);

          g_clear_pointer (&full, crm_db_stmt_free);
          if ((full = crm_db_prepare (self->db, sql, &local_error)) == NULL)
            break;
        }
      for (guint i = start; i < start + n; i++)
        {
          const CrmStockCar *car = &g_array_index (cars, CrmStockCar, i);
          const CrmParam row[] = {
            CRM_TEXT (car->vin), CRM_INT64 (car->model_id), CRM_INT64 (car->trim_id),
            CRM_INT64 (car->colour_id), CRM_ID_OR_NULL (car->arrived_at), CRM_INT64 (car->cost_fen),
            CRM_TEXT (car->location), CRM_INT64 (now), CRM_INT64 (now),
            CRM_CODE (CRM_TYPE_STOCK_STATUS, car->status),
          };

          g_array_append_vals (params, row, G_N_ELEMENTS (row));
        }
      crm_store_bind_params (full, (const CrmParam *) params->data, params->len);
      ok = crm_store_step_done (self, full, &local_error);
      crm_db_stmt_reset (full);
    }
  if (ok && local_error == NULL)
    {
      crm_store_queue_change (self, CRM_ENTITY_STOCK, 0);
      return crm_store_finish_write (self, TRUE, error);
    }

  crm_store_rollback (self);
  if (g_error_matches (local_error, CRM_ERROR, CRM_ERROR_INVALID_INPUT))
    g_set_error_literal (error, CRM_ERROR, CRM_ERROR_CONFLICT,
                         _("A car of the list is in stock already, or its trim or colour is no longer in "
                           "the catalogue (another desktop changed them meanwhile). Nothing was added; "
                           "import the list again."));
  else
    g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

/* A change of one car: what it decides on (the car as stored) is read
 * inside the write transaction it writes in, so another desktop's change
 * is never decided on from an old copy. @change writes, or returns %TRUE
 * without writing when there is nothing to do. */
typedef gboolean (*CarChange) (CrmStore     *self,
                               CrmStockCar  *stored,
                               gpointer      data,
                               GError      **error);

static gboolean
change_car (CrmStore   *self,
            gint64      id,
            CarChange   change,
            gpointer    data,
            GError    **error)
{
  CrmStockCar stored;
  gboolean ok;

  if (!crm_store_begin (self, error))
    return FALSE;
  ok = read_car_by_id (self, id, &stored, error) && change (self, &stored, data, error);
  return crm_store_finish_write (self, ok, error);
}

static gboolean
update_car (CrmStore     *self,
            CrmStockCar  *stored,
            gpointer      data,
            GError      **error)
{
  static const char sql[] =
    "UPDATE stock_car SET vin = ?1, model_id = ?2, trim_id = ?3, colour_id = ?4, arrived_at = ?5,"
    " cost = ?6, location = ?7, updated_at = ?8 WHERE id = ?9";
  CrmStockCar *car = data;

  car->status = stored->status;
  car->deal_id = stored->deal_id;
  return write_car (self, sql, car, error);
}

/**
 * crm_stock_store_update:
 * @car: a car read with crm_stock_store_get(), its VIN, trim, colour,
 *   arrival, cost or location changed (its status and deal are changed
 *   by crm_stock_store_set_status() and crm_stock_store_reserve() only)
 */
gboolean
crm_stock_store_update (CrmStockStore  *domain,
                        CrmStockCar    *car,
                        GError        **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);
  g_return_val_if_fail (car != NULL && car->id > 0, FALSE);

  return change_car (self, car->id, update_car, car, error);
}

/* The deal a car is reserved for belongs to: "This car belongs to 张伟’s
 * deal …" */
static void
set_deal_error (CrmStore    *self,
                gint64       deal_id,
                CrmError     code,
                const char  *format,
                GError     **error)
{
  static const char sql[] =
    "SELECT cu.name FROM deal d JOIN customer cu ON cu.id = d.customer_id WHERE d.id = ?1";
  CRM_AUTO_STMT stmt = crm_store_select_row (self, sql, deal_id, "", NULL);

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
  g_set_error (error, CRM_ERROR, code, format,
               stmt != NULL ? crm_store_column_text (stmt, 0) : "?");
#pragma GCC diagnostic pop
}

static gboolean
delete_car (CrmStore     *self,
            CrmStockCar  *stored,
            gpointer      data,
            GError      **error)
{
  static const char sql[] = "DELETE FROM stock_car WHERE id = ?1";

  if (stored->deal_id != 0)
    {
      /* Translators: %s is a customer's name */
      set_deal_error (self, stored->deal_id, CRM_ERROR_RULE,
                      _("This car belongs to %s’s deal; release it from the deal first."), error);
      return FALSE;
    }
  if (stored->status == CRM_STOCK_SOLD || stored->status == CRM_STOCK_DELIVERED)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_RULE, _("A car sold stays in the records."));
      return FALSE;
    }
  return crm_store_write_one (self, CRM_ENTITY_STOCK, stored->id, sql, CRM_PARAMS (CRM_INT64 (stored->id)),
                              error);
}

/**
 * crm_stock_store_delete:
 *
 * Takes a car entered by mistake out of stock. Refused (CRM_ERROR_RULE)
 * for a car reserved (naming the deal's customer), sold or delivered: it
 * belongs to a deal.
 */
gboolean
crm_stock_store_delete (CrmStockStore  *domain,
                        gint64          id,
                        GError        **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);

  return change_car (self, id, delete_car, NULL, error);
}

/**
 * crm_stock_store_get:
 * @car: (out caller-allocates): filled
 */
gboolean
crm_stock_store_get (CrmStockStore  *domain,
                     gint64          id,
                     CrmStockCar    *car,
                     GError        **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);
  g_return_val_if_fail (car != NULL, FALSE);

  return read_car_by_id (self, id, car, error);
}

/**
 * crm_stock_store_find_by_vin:
 * @vin: as typed (normalised first)
 *
 * Returns: the car with that VIN, 0 for none (or no VIN)
 */
gint64
crm_stock_store_find_by_vin (CrmStockStore *domain,
                             const char    *vin)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] = "SELECT id FROM stock_car WHERE vin = ?1";
  g_autofree char *normal = NULL;

  g_return_val_if_fail (CRM_IS_STORE (self), 0);

  if (vin == NULL || (normal = crm_vin_normalize (vin, NULL)) == NULL)
    return 0;
  return crm_store_query_int64 (self, sql, CRM_PARAMS (CRM_TEXT (normal)), 0);
}

/**
 * crm_stock_store_find_for_deal:
 *
 * Returns: the car reserved for (or sold to) @deal_id, 0 for none
 */
gint64
crm_stock_store_find_for_deal (CrmStockStore *domain,
                               gint64         deal_id)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] = "SELECT id FROM stock_car WHERE deal_id = ?1";

  g_return_val_if_fail (CRM_IS_STORE (self), 0);

  return crm_store_query_int64 (self, sql, CRM_PARAMS (CRM_INT64 (deal_id)), 0);
}

static gboolean
move_car (CrmStore     *self,
          CrmStockCar  *stored,
          gpointer      data,
          GError      **error)
{
  static const char sql[] =
    "UPDATE stock_car SET status = ?2, updated_at = ?3,"
    " arrived_at = CASE WHEN ?2 IN ('ordered', 'in-transit') THEN arrived_at ELSE coalesce(arrived_at, ?3) END"
    " WHERE id = ?1";
  CrmStockStatus status = GPOINTER_TO_INT (data);

  if (stored->status == status)
    return TRUE;
  if (status == CRM_STOCK_RESERVED)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_RULE, _("Reserve the car for a deal instead."));
      return FALSE;
    }
  if (stored->status == CRM_STOCK_RESERVED && status == CRM_STOCK_IN_STOCK)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_RULE, _("Release the car from its deal instead."));
      return FALSE;
    }
  if (!crm_stock_status_can_become (stored->status, status))
    {
      /* Translators: "A car “In stock” cannot become “In transit”." */
      g_set_error (error, CRM_ERROR, CRM_ERROR_RULE, _("A car “%s” cannot become “%s”."),
                   crm_stock_status_get_label (stored->status), crm_stock_status_get_label (status));
      return FALSE;
    }

  /* It arrives for the deal it was reserved for on the way */
  if (status == CRM_STOCK_IN_STOCK && stored->deal_id != 0)
    status = CRM_STOCK_RESERVED;
  return crm_store_write_one (self, CRM_ENTITY_STOCK, stored->id, sql,
                              CRM_PARAMS (CRM_INT64 (stored->id), CRM_CODE (CRM_TYPE_STOCK_STATUS, status),
                                          CRM_INT64 (crm_store_now (self))),
                              error);
}

/**
 * crm_stock_store_set_status:
 * @status: where the car goes: on from the factory order, in transit, in
 *   stock, sold, delivered (crm_stock_status_can_become())
 *
 * A car ordered or in transit that is reserved for a deal becomes
 * reserved when it arrives; a car arriving gets today as its arrival
 * unless it has one. Reserving and releasing are
 * crm_stock_store_reserve() and crm_stock_store_release().
 */
gboolean
crm_stock_store_set_status (CrmStockStore   *domain,
                            gint64           id,
                            CrmStockStatus   status,
                            GError         **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);
  g_return_val_if_fail ((guint) status < CRM_N_STOCK_STATUSES, FALSE);

  return change_car (self, id, move_car, GINT_TO_POINTER (status), error);
}

/* Whether @deal_id may have @stored reserved: an open deal without a car */
static gboolean
check_deal_free (CrmStore     *self,
                 CrmStockCar  *stored,
                 gint64        deal_id,
                 GError      **error)
{
  static const char stage_sql[] = "SELECT stage FROM deal WHERE id = ?1";
  static const char car_sql[] = "SELECT vin FROM stock_car WHERE deal_id = ?1 AND id <> ?2";
  CRM_AUTO_STMT stage = crm_store_select_row (self, stage_sql, deal_id, _("This deal does not exist."), error);
  CRM_AUTO_STMT other = NULL;
  CrmStage at;

  if (stage == NULL)
    return FALSE;
  at = crm_store_column_code (stage, 0, CRM_TYPE_STAGE);
  if (!crm_stage_is_open (at))
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_RULE,
                   _("Only an open deal has a car reserved; this one is “%s”."), crm_stage_get_label (at));
      return FALSE;
    }
  if ((other = crm_store_prepare (self, car_sql, error)) == NULL)
    return FALSE;
  crm_store_bind_params (other, CRM_PARAMS (CRM_INT64 (deal_id), CRM_INT64 (stored->id)));
  if (crm_db_stmt_step (other) == CRM_DB_ROW)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_CONFLICT,
                   _("This deal already has the car %s; release that one first."),
                   crm_store_column_text (other, 0));
      return FALSE;
    }
  return TRUE;
}

static gboolean
reserve_car (CrmStore     *self,
             CrmStockCar  *stored,
             gpointer      data,
             GError      **error)
{
  static const char sql[] =
    "UPDATE stock_car SET deal_id = ?2, updated_at = ?3,"
    " status = CASE status WHEN 'in-stock' THEN 'reserved' ELSE status END"
    " WHERE id = ?1 AND deal_id IS NULL AND status IN ('ordered', 'in-transit', 'in-stock')";
  gint64 deal_id = *(gint64 *) data;
  CRM_AUTO_STMT stmt = NULL;

  if (stored->deal_id == deal_id)
    return TRUE;
  if (stored->deal_id != 0)
    {
      /* Translators: "This car is reserved for 张伟’s deal." */
      set_deal_error (self, stored->deal_id, CRM_ERROR_CONFLICT, _("This car is reserved for %s’s deal."),
                      error);
      return FALSE;
    }
  if (stored->status != CRM_STOCK_ORDERED && stored->status != CRM_STOCK_IN_TRANSIT &&
      stored->status != CRM_STOCK_IN_STOCK)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_RULE, _("A car “%s” cannot be reserved."),
                   crm_stock_status_get_label (stored->status));
      return FALSE;
    }
  if (!check_deal_free (self, stored, deal_id, error) ||
      (stmt = crm_store_prepare (self, sql, error)) == NULL)
    return FALSE;

  crm_store_bind_params (stmt, CRM_PARAMS (CRM_INT64 (stored->id), CRM_INT64 (deal_id),
                                           CRM_INT64 (crm_store_now (self))));
  if (!crm_store_step_changed (self, stmt, _("This car was reserved for another deal in the meantime."), error))
    return FALSE;
  crm_store_queue_change (self, CRM_ENTITY_STOCK, stored->id);
  return TRUE;
}

/**
 * crm_stock_store_reserve:
 * @deal_id: an open deal, without a car yet
 *
 * Reserves the car for the deal: one car per deal, one deal per car. A
 * car in stock becomes reserved; one ordered or in transit keeps its
 * status and becomes reserved when it arrives. Checked and written under
 * the showroom's write lock: of two desktops reserving the same car one
 * wins, the other gets CRM_ERROR_CONFLICT naming the customer who has
 * it. Reserving a car again for its own deal does nothing.
 */
gboolean
crm_stock_store_reserve (CrmStockStore  *domain,
                         gint64          id,
                         gint64          deal_id,
                         GError        **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);

  return change_car (self, id, reserve_car, &deal_id, error);
}

static gboolean
release_car (CrmStore     *self,
             CrmStockCar  *stored,
             gpointer      data,
             GError      **error)
{
  static const char sql[] =
    "UPDATE stock_car SET deal_id = NULL, updated_at = ?2,"
    " status = CASE status WHEN 'reserved' THEN 'in-stock' ELSE status END WHERE id = ?1";

  if (stored->deal_id == 0)
    return TRUE;
  if (stored->status == CRM_STOCK_SOLD || stored->status == CRM_STOCK_DELIVERED)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_RULE, _("A car sold stays with its deal."));
      return FALSE;
    }
  return crm_store_write_one (self, CRM_ENTITY_STOCK, stored->id, sql,
                              CRM_PARAMS (CRM_INT64 (stored->id), CRM_INT64 (crm_store_now (self))), error);
}

/**
 * crm_stock_store_release:
 *
 * Frees a car from the deal it was reserved for: back in stock (or on its
 * way still). A car sold stays with its deal (CRM_ERROR_RULE); a car
 * reserved for nobody is left as it is.
 */
gboolean
crm_stock_store_release (CrmStockStore  *domain,
                         gint64          id,
                         GError        **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);

  return change_car (self, id, release_car, NULL, error);
}

/* A deal lost or invalid gives its car back to the stock (inside the
 * move's transaction); a car sold to it stays */
gboolean
crm_store_release_deal_stock (CrmStore  *self,
                              gint64     deal_id,
                              GError   **error)
{
  static const char sql[] =
    "UPDATE stock_car SET deal_id = NULL, updated_at = ?2,"
    " status = CASE status WHEN 'reserved' THEN 'in-stock' ELSE status END"
    " WHERE deal_id = ?1 AND status IN " UNSOLD;
  CRM_AUTO_STMT stmt = crm_store_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;
  crm_store_bind_params (stmt, CRM_PARAMS (CRM_INT64 (deal_id), CRM_INT64 (crm_store_now (self))));
  if (!crm_store_step_done (self, stmt, error))
    return FALSE;
  if (crm_db_changes (self->db) > 0)
    crm_store_queue_change (self, CRM_ENTITY_STOCK, 0);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* The stock list                                                      */

/* The first moment a car arriving then is younger than @days: a car is
 * at least @days in stock when it arrived before (0 for no bound) */
static gint64
arrived_before (CrmStore *self,
                guint     days)
{
  if (days == 0)
    return 0;
  return crm_time_on_day (crm_store_get_time_zone (self), crm_store_now (self), 1 - (int) days, 0);
}

/**
 * crm_stock_store_query_ids:
 * @after: (nullable): where the last page ended; %NULL for the first
 * @limit: the most ids to give, 0 for all
 * @last: (out) (optional): where this page ends, for the next call
 *
 * The cars the filters let through, oldest arrival first (the stock
 * that costs most), then the cars not arrived, each by id: a page at a
 * time after @after (keyset, on the index of arrivals), for a list that
 * makes its rows when they are shown.
 *
 * Returns: (transfer full) (element-type gint64): ids, or %NULL with
 *   @error set
 */
GArray *
crm_stock_store_query_ids (CrmStockStore         *domain,
                           const CrmStockQuery   *query,
                           const CrmStockCursor  *after,
                           guint                  limit,
                           CrmStockCursor        *last,
                           GError               **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] =
    "SELECT c.id, " ARRIVAL_KEY " FROM stock_car c"
    " WHERE (?1 = 0 OR c.model_id = ?1) AND (?2 = 0 OR c.trim_id = ?2)"
    "  AND (CAST (?3 AS TEXT) IS NULL OR c.colour_id IN (SELECT k.id FROM catalogue_colour k WHERE k.name = ?3))"
    "  AND (?4 = 0 OR (?4 & " STATUS_BIT ") <> 0)"
    "  AND (?5 = 0 OR c.arrived_at < ?5)"
    "  AND (" ARRIVAL_KEY ", c.id) > (?6, ?7)"
    " ORDER BY " ARRIVAL_KEY ", c.id LIMIT ?8";
  CRM_AUTO_STMT stmt = NULL;
  g_autoptr(GArray) ids = NULL;
  CrmStockCursor end = { -1, 0 };
  CrmDbResult rc;

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  if (after != NULL)
    end = *after;
  if ((stmt = crm_store_prepare (self, sql, error)) == NULL)
    return NULL;
  crm_store_bind_params (stmt, CRM_PARAMS (CRM_INT64 (query->model_id), CRM_INT64 (query->trim_id),
                                           CRM_TEXT_OR_NULL (query->colour),
                                           CRM_INT64 (query->status_mask),
                                           CRM_INT64 (arrived_before (self, query->min_age_days)),
                                           CRM_INT64 (end.arrival_key), CRM_INT64 (end.id),
                                           CRM_INT64 (limit > 0 ? (gint64) limit : G_MAXINT64)));

  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  while ((rc = crm_db_stmt_step (stmt)) == CRM_DB_ROW)
    {
      end.id = crm_db_stmt_column_int64 (stmt, 0);
      end.arrival_key = crm_db_stmt_column_int64 (stmt, 1);
      g_array_append_val (ids, end.id);
    }
  if (rc != CRM_DB_DONE)
    {
      crm_db_set_error (self->db, error, rc);
      return NULL;
    }
  if (last != NULL)
    *last = end;
  return g_steal_pointer (&ids);
}

/* ------------------------------------------------------------------ */
/* Stock health                                                        */

/* The cars not sold per model: counts, value and ages (?1: arrived
 * before this, older than the threshold; ?2: older than 90 days) */
static const char health_sql[] =
  "SELECT c.model_id,"
  "  sum(CASE WHEN c.status = 'ordered' THEN 1 ELSE 0 END),"
  "  sum(CASE WHEN c.status = 'in-transit' THEN 1 ELSE 0 END),"
  "  sum(CASE WHEN c.status IN ('in-stock', 'reserved') THEN 1 ELSE 0 END),"
  "  sum(CASE WHEN c.status = 'reserved' THEN 1 ELSE 0 END),"
  "  sum(CASE WHEN c.status <> 'ordered' THEN c.cost ELSE 0 END),"
  "  sum(CASE WHEN c.status IN ('in-stock', 'reserved') AND c.arrived_at < ?1 THEN 1 ELSE 0 END),"
  "  sum(CASE WHEN c.status IN ('in-stock', 'reserved') AND c.arrived_at < ?2 THEN 1 ELSE 0 END)"
  " FROM stock_car c WHERE c.status IN " UNSOLD
  " GROUP BY c.model_id ORDER BY c.model_id";

/* A sale is a deal's first move to Ordered, as the dashboard counts
 * orders (crm-kpi-store.c) */
static const char sales_sql[] =
  "SELECT coalesce(d.model_id, 0), count(*) FROM deal d"
  " WHERE d.first_ordered_at >= ?1 AND d.first_ordered_at < ?2 AND d.live"
  " GROUP BY coalesce(d.model_id, 0) ORDER BY 1";

static CrmStockHealthRow *
health_row (GArray *rows,
            gint64  model_id)
{
  CrmStockHealthRow row = { .model_id = model_id, .coefficient = -1 };
  guint i;

  for (i = 0; i < rows->len; i++)
    {
      CrmStockHealthRow *at = &g_array_index (rows, CrmStockHealthRow, i);

      if (at->model_id == model_id)
        return at;
      if (at->model_id > model_id)
        break;
    }
  g_array_insert_val (rows, i, row);
  return &g_array_index (rows, CrmStockHealthRow, i);
}

/* 库存系数: the stock the showroom paid for ÷ a month's sales */
static void
set_coefficient (CrmStockHealthRow *row)
{
  guint units = row->in_transit + row->in_stock;

  row->coefficient = row->sales > 0 ? units / (row->sales / 3.0) : -1;
}

/* [the first of the month three months back, the first of this month) */
static void
sales_window (GTimeZone *zone,
              gint64     now,
              gint64    *start,
              gint64    *end)
{
  g_autoptr(GDateTime) local = crm_time_in_zone (zone, now);
  g_autoptr(GDateTime) month = g_date_time_new (zone, g_date_time_get_year (local),
                                                g_date_time_get_month (local), 1, 0, 0, 0);
  g_autoptr(GDateTime) first = g_date_time_add_months (month, -3);

  *start = g_date_time_to_unix (first);
  *end = g_date_time_to_unix (month);
}

/**
 * crm_stock_store_health:
 * @health: (out caller-allocates): cleared with crm_stock_health_clear()
 *
 * Stock health as the dashboard shows it, now, per catalogue model and
 * for the showroom: cars ordered, in transit and in stock, their value
 * (the cost of the cars in transit and in stock: the showroom has paid
 * for both), how many are older than the ageing threshold and than 90
 * days, and the stock coefficient (库存系数): cars in transit and in stock
 * ÷ the average monthly sales of the three whole months before this one,
 * in the showroom's calendar. A sale is a deal's first move to Ordered.
 */
gboolean
crm_stock_store_health (CrmStockStore   *domain,
                        CrmStockHealth  *health,
                        GError         **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  CRM_AUTO_STMT stock = NULL;
  CRM_AUTO_STMT sales = NULL;
  GTimeZone *zone;
  gint64 now;
  CrmDbResult rc;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);
  g_return_val_if_fail (health != NULL, FALSE);

  memset (health, 0, sizeof *health);
  zone = crm_store_get_time_zone (self);
  now = crm_store_now (self);
  health->ageing_days = crm_stock_store_get_ageing_days (domain);
  health->models = g_array_new (FALSE, TRUE, sizeof (CrmStockHealthRow));
  health->total.coefficient = -1;
  sales_window (zone, now, &health->sales_start, &health->sales_end);

  if ((stock = crm_store_prepare (self, health_sql, error)) == NULL ||
      (sales = crm_store_prepare (self, sales_sql, error)) == NULL)
    goto fail;

  /* "Older than N days": at least N + 1 */
  crm_store_bind_params (stock, CRM_PARAMS (CRM_INT64 (arrived_before (self, health->ageing_days + 1)),
                                            CRM_INT64 (arrived_before (self, CRM_STOCK_OVERDUE_DAYS + 1))));
  while ((rc = crm_db_stmt_step (stock)) == CRM_DB_ROW)
    {
      CrmStockHealthRow *row = health_row (health->models, crm_db_stmt_column_int64 (stock, 0));

      row->ordered = crm_db_stmt_column_int64 (stock, 1);
      row->in_transit = crm_db_stmt_column_int64 (stock, 2);
      row->in_stock = crm_db_stmt_column_int64 (stock, 3);
      row->reserved = crm_db_stmt_column_int64 (stock, 4);
      row->value_fen = crm_db_stmt_column_int64 (stock, 5);
      row->over_threshold = crm_db_stmt_column_int64 (stock, 6);
      row->over_overdue = crm_db_stmt_column_int64 (stock, 7);
    }
  if (rc != CRM_DB_DONE)
    goto fail_rc;

  crm_store_bind_params (sales, CRM_PARAMS (CRM_INT64 (health->sales_start), CRM_INT64 (health->sales_end)));
  while ((rc = crm_db_stmt_step (sales)) == CRM_DB_ROW)
    {
      gint64 model_id = crm_db_stmt_column_int64 (sales, 0);
      guint n = crm_db_stmt_column_int64 (sales, 1);

      health->total.sales += n;
      /* A deal without a model counts for the showroom only */
      if (model_id != 0)
        health_row (health->models, model_id)->sales = n;
    }
  if (rc != CRM_DB_DONE)
    goto fail_rc;

  for (guint i = 0; i < health->models->len; i++)
    {
      CrmStockHealthRow *row = &g_array_index (health->models, CrmStockHealthRow, i);

      set_coefficient (row);
      health->total.ordered += row->ordered;
      health->total.in_transit += row->in_transit;
      health->total.in_stock += row->in_stock;
      health->total.reserved += row->reserved;
      health->total.value_fen += row->value_fen;
      health->total.over_threshold += row->over_threshold;
      health->total.over_overdue += row->over_overdue;
    }
  set_coefficient (&health->total);
  return TRUE;

fail_rc:
  crm_db_set_error (self->db, error, rc);
fail:
  crm_stock_health_clear (health);
  return FALSE;
}
