/* test-stock.c: the catalogue's trims and dated prices, the cars in stock
 * by VIN, reservations, the stock list's filters, ageing and stock health
 * on a hand-built stock, the stock import, the migration that brought them
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs on both backends (tests/meson.build), with TZ=Asia/Shanghai. "Now"
 * is the fixtures' Tuesday 24 November 2026, 10:00 in Guangzhou
 * (crm_test_now ()). The expected figures were worked out by hand from
 * the rows inserted, not by running SQL.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "crm-db-pg.h"
#include "crm-db-sqlite.h"
#include "crm-error.h"
#include "crm-model-enum-types.h"
#include "crm-schema.h"
#include "crm-stock-import.h"
#include "crm-store-enum-types.h"
#include "crm-test-util.h"
#include "crm-vin.h"

#define DAY (24 * 60 * 60)

typedef struct
{
  CrmTestShowroom sr;
  CrmStockStore  *stock;
  gint64          camry_g;     /* 凯美瑞 2.0G 豪华版, a trim of sr.model1 */
  gint64          camry_s;     /* 凯美瑞 2.0S 锋尚版 */
  gint64          levin;       /* 雷凌 1.5L CVT 进取版, of sr.model2 */
  gint64          g_white;     /* 珍珠白 of camry_g */
  gint64          g_black;     /* 曜石黑 of camry_g */
  gint64          s_grey;      /* 铂金灰 of camry_s */
  gint64          l_white;     /* 珍珠白 of levin */
  gint64          l_blue;      /* 炫动蓝 of levin */
  guint           serial;      /* for make_vin () */
} Fixture;

/* A valid VIN: GAC Toyota's maker code, a model code, the check digit
 * worked out, the model year 2026 (T), the plant and @serial */
static void
make_vin (char  vin[18],
          guint serial)
{
  g_snprintf (vin, 18, "LVGBE40K0TG%06u", serial % 1000000);
  vin[8] = crm_vin_check_digit (vin);
  g_assert_true (crm_vin_is_valid (vin));
}

static gint64
add_trim (Fixture    *f,
          gint64      model_id,
          const char *name)
{
  g_autoptr(GError) error = NULL;
  gint64 id = crm_stock_store_add_trim (f->stock, model_id, name, FALSE, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static gint64
add_colour (Fixture    *f,
            gint64      trim_id,
            const char *name)
{
  g_autoptr(GError) error = NULL;
  gint64 id = crm_stock_store_add_colour (f->stock, trim_id, name, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  crm_test_setup_showroom (&f->sr, data);
  f->stock = crm_store_get_stock_store (f->sr.store);
  f->camry_g = add_trim (f, f->sr.model1, "2.0G 豪华版");
  f->camry_s = add_trim (f, f->sr.model1, "2.0S 锋尚版");
  f->levin = add_trim (f, f->sr.model2, "1.5L CVT 进取版");
  f->g_white = add_colour (f, f->camry_g, "珍珠白");
  f->g_black = add_colour (f, f->camry_g, "曜石黑");
  f->s_grey = add_colour (f, f->camry_s, "铂金灰");
  f->l_white = add_colour (f, f->levin, "珍珠白");
  f->l_blue = add_colour (f, f->levin, "炫动蓝");
  f->serial = 1;
  g_array_set_size (f->sr.changes, 0);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  crm_test_teardown (&f->sr, data);
}

/* A car of @trim and @colour in @status, arrived @age_days days before
 * now (ignored unless it arrived), at @cost_yuan */
static gint64
add_car (Fixture        *f,
         gint64          trim,
         gint64          colour,
         CrmStockStatus  status,
         int             age_days,
         gint64          cost_yuan)
{
  g_autoptr(GError) error = NULL;
  CrmStockCar car;
  gint64 id;

  crm_stock_car_init (&car);
  make_vin (car.vin, f->serial++);
  car.trim_id = trim;
  car.colour_id = colour;
  car.status = status == CRM_STOCK_ORDERED || status == CRM_STOCK_IN_TRANSIT ? status : CRM_STOCK_IN_STOCK;
  car.arrived_at = crm_test_now () - (gint64) age_days * DAY;
  car.cost_fen = cost_yuan * 100;
  g_strlcpy (car.location, "一号库", sizeof car.location);
  id = crm_stock_store_insert (f->stock, &car, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  /* Sold and delivered cars went the way a showroom's go */
  if (status == CRM_STOCK_SOLD || status == CRM_STOCK_DELIVERED)
    g_assert_true (crm_stock_store_set_status (f->stock, id, CRM_STOCK_SOLD, &error));
  if (status == CRM_STOCK_DELIVERED)
    g_assert_true (crm_stock_store_set_status (f->stock, id, CRM_STOCK_DELIVERED, &error));
  g_assert_no_error (error);
  return id;
}

static void
get_car (Fixture     *f,
         gint64       id,
         CrmStockCar *car)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (crm_stock_store_get (f->stock, id, car, &error));
  g_assert_no_error (error);
}

static gint64
count_cars (Fixture *f)
{
  return crm_test_file_int (f->sr.path, "SELECT count(*) FROM stock_car");
}

/* A customer with a deal of @model_id in @stage */
static gint64
add_deal (Fixture    *f,
          const char *name,
          gint64      model_id,
          CrmStage    stage)
{
  static guint phone = 0;
  g_autofree char *number = g_strdup_printf ("1390000%04u", ++phone);
  gint64 customer = crm_test_add_customer (f->sr.store, name, number, NULL);
  g_autoptr(CrmDeal) deal = crm_deal_new ();

  crm_deal_set_customer_id (deal, customer);
  crm_deal_set_model_id (deal, model_id);
  crm_deal_set_stage (deal, stage);
  crm_deal_set_owner_id (deal, f->sr.sales1);
  return crm_test_insert_deal (f->sr.store, deal, f->sr.sales1);
}

/* ------------------------------------------------------------------------
 * VINs
 * ------------------------------------------------------------------------ */

/* A wrong VIN is refused by the store with its reason, and nothing is
 * stored; a right one is stored as the VIN is written */
static void
test_vin_refused (Fixture       *f,
                  gconstpointer  data)
{
  static const struct {
    const char *vin;
    const char *reason;
  } wrong[] = {
    { "LVGBE40K5TG00001", "A VIN has 17 characters; “LVGBE40K5TG00001” has 16" },
    { "LVGBE40KOTG000001", "never use the letter O (position 9)" },
    { "LVGBE40K-TG000001", "“-” at position 9 is not a letter or digit" },
    { "LVGBE40K TG000001", "a space at position 9" },
    { "", "Enter the VIN" },
  };
  g_autoptr(GError) error = NULL;
  char good[18];
  char wrong_digit[18];
  char typed[40];
  CrmStockCar car;
  CrmStockCar stored;
  gint64 id;

  make_vin (good, 4242);
  for (guint i = 0; i < G_N_ELEMENTS (wrong); i++)
    {
      crm_stock_car_init (&car);
      g_strlcpy (car.vin, wrong[i].vin, sizeof car.vin);
      car.trim_id = f->camry_g;
      car.colour_id = f->g_white;
      g_assert_cmpint (crm_stock_store_insert (f->stock, &car, &error), ==, 0);
      g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
      crm_test_assert_contains (error->message, wrong[i].reason);
      g_clear_error (&error);
    }

  /* One character typed wrong: the check digit says so, and which it
   * should be */
  g_strlcpy (wrong_digit, good, sizeof wrong_digit);
  wrong_digit[8] = good[8] == '7' ? '8' : '7';
  crm_stock_car_init (&car);
  g_strlcpy (car.vin, wrong_digit, sizeof car.vin);
  car.trim_id = f->camry_g;
  car.colour_id = f->g_white;
  g_assert_cmpint (crm_stock_store_insert (f->stock, &car, &error), ==, 0);
  g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
  crm_test_assert_contains (error->message, "check digit (position 9) should be");
  g_clear_error (&error);
  g_assert_cmpint (count_cars (f), ==, 0);
  crm_test_expect_changes (&f->sr, "%s", "");

  /* As a stock list or a person writes it: in lower case */
  g_strlcpy (typed, good, sizeof typed);
  for (char *p = typed; *p; p++)
    *p = g_ascii_tolower (*p);
  crm_stock_car_init (&car);
  g_strlcpy (car.vin, typed, sizeof car.vin);
  car.trim_id = f->camry_g;
  car.colour_id = f->g_white;
  id = crm_stock_store_insert (f->stock, &car, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (car.vin, ==, good);
  g_assert_cmpint (car.model_id, ==, f->sr.model1);
  get_car (f, id, &stored);
  g_assert_cmpstr (stored.vin, ==, good);
  g_assert_cmpint (stored.status, ==, CRM_STOCK_IN_STOCK);
  /* Arrived now when nothing else was said */
  g_assert_cmpint (stored.arrived_at, ==, crm_test_now ());
  g_assert_cmpint (crm_stock_store_find_by_vin (f->stock, typed), ==, id);
  crm_test_expect_changes (&f->sr, "stock:%" G_GINT64_FORMAT, id);

  /* The same VIN again: the car it is is named */
  crm_stock_car_init (&car);
  g_strlcpy (car.vin, good, sizeof car.vin);
  car.trim_id = f->levin;
  car.colour_id = f->l_blue;
  g_assert_cmpint (crm_stock_store_insert (f->stock, &car, &error), ==, 0);
  g_assert_error (error, CRM_ERROR, CRM_ERROR_DUPLICATE);
  crm_test_assert_contains (error->message, good);
  crm_test_assert_contains (error->message, "凯美瑞 2.0G 豪华版, 珍珠白");
  crm_test_assert_contains (error->message, "In stock");
  g_clear_error (&error);

  /* A colour the trim does not come in, a trim not in the catalogue */
  make_vin (car.vin, 4243);
  car.trim_id = f->camry_g;
  car.colour_id = f->l_blue;
  g_assert_cmpint (crm_stock_store_insert (f->stock, &car, &error), ==, 0);
  g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
  crm_test_assert_contains (error->message, "凯美瑞 2.0G 豪华版");
  g_clear_error (&error);
  car.trim_id = 9999;
  g_assert_cmpint (crm_stock_store_insert (f->stock, &car, &error), ==, 0);
  g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  /* A car cannot arrive tomorrow */
  car.trim_id = f->camry_g;
  car.colour_id = f->g_black;
  car.arrived_at = crm_test_now () + DAY;
  g_assert_cmpint (crm_stock_store_insert (f->stock, &car, &error), ==, 0);
  g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  /* … nor be mistyped into the database behind the store's back */
  if (!crm_test_backend_is_postgresql ())
    {
      g_autofree char *message = NULL;

      g_assert_false (crm_test_file_try_exec (f->sr.path, "UPDATE stock_car SET vin = 'SHORT'", &message));
      crm_test_assert_contains (message, "CHECK");
    }
  g_assert_cmpint (count_cars (f), ==, 1);
}

/* ------------------------------------------------------------------------
 * The catalogue
 * ------------------------------------------------------------------------ */

static GDate
day (int year,
     int month,
     int mday)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, mday, month, year);
  return date;
}

static gint64
price_on (Fixture *f,
          gint64   trim,
          GDate    date)
{
  g_autoptr(GError) error = NULL;
  gint64 fen = crm_stock_store_get_guide_price (f->stock, trim, &date, &error);

  g_assert_no_error (error);
  return fen;
}

/* A trim's guide price applies from its day until the next one's: a
 * quote dated before the maker's price cut gets the old price */
static void
test_guide_price (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) prices = NULL;
  GDate from = day (2025, 1, 1);
  GDate cut = day (2026, 10, 1);
  GDate before = day (2024, 12, 31);

  /* None yet */
  g_assert_cmpint (crm_stock_store_get_guide_price (f->stock, f->camry_g, &cut, &error), ==, 0);
  g_assert_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND);
  crm_test_assert_contains (error->message, "凯美瑞 2.0G 豪华版 has no guide price yet");
  g_clear_error (&error);

  /* ¥179,800 from New Year 2025, cut to ¥175,800 on 1 October 2026 */
  g_assert_true (crm_stock_store_set_guide_price (f->stock, f->camry_g, &cut, 17580000, &error));
  g_assert_true (crm_stock_store_set_guide_price (f->stock, f->camry_g, &from, 17980000, &error));
  g_assert_true (crm_stock_store_set_guide_price (f->stock, f->camry_s, &from, 18980000, &error));
  g_assert_no_error (error);
  crm_test_expect_changes (&f->sr, "vehicle-model:0 vehicle-model:0 vehicle-model:0");

  g_assert_cmpint (price_on (f, f->camry_g, day (2025, 1, 1)), ==, 17980000);
  g_assert_cmpint (price_on (f, f->camry_g, day (2026, 9, 30)), ==, 17980000);
  g_assert_cmpint (price_on (f, f->camry_g, day (2026, 10, 1)), ==, 17580000);
  g_assert_cmpint (price_on (f, f->camry_g, day (2027, 3, 15)), ==, 17580000);
  /* The other trim's price did not change */
  g_assert_cmpint (price_on (f, f->camry_s, day (2026, 10, 1)), ==, 18980000);

  /* Before the first price: said from when there is one */
  g_assert_cmpint (crm_stock_store_get_guide_price (f->stock, f->camry_g, &before, &error), ==, 0);
  g_assert_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND);
  crm_test_assert_contains (error->message, "no guide price on 2024-12-31");
  crm_test_assert_contains (error->message, "applies from 2025-01-01");
  g_clear_error (&error);

  prices = crm_stock_store_list_guide_prices (f->stock, f->camry_g, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (prices->len, ==, 2);
  g_assert_cmpint (g_date_compare (&g_array_index (prices, CrmGuidePrice, 0).from, &from), ==, 0);
  g_assert_cmpint (g_array_index (prices, CrmGuidePrice, 0).guide_price_fen, ==, 17980000);
  g_assert_cmpint (g_date_compare (&g_array_index (prices, CrmGuidePrice, 1).from, &cut), ==, 0);
  g_assert_cmpint (g_array_index (prices, CrmGuidePrice, 1).guide_price_fen, ==, 17580000);

  /* The same day again replaces the price; a cut taken back */
  g_assert_true (crm_stock_store_set_guide_price (f->stock, f->camry_g, &cut, 17680000, &error));
  g_assert_cmpint (price_on (f, f->camry_g, day (2026, 10, 2)), ==, 17680000);
  g_assert_true (crm_stock_store_delete_guide_price (f->stock, f->camry_g, &cut, &error));
  g_assert_no_error (error);
  g_assert_cmpint (price_on (f, f->camry_g, day (2026, 10, 2)), ==, 17980000);
  g_assert_false (crm_stock_store_delete_guide_price (f->stock, f->camry_g, &cut, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* No price of nothing, no price of a trim not there */
  g_assert_false (crm_stock_store_set_guide_price (f->stock, f->camry_g, &cut, 0, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (crm_stock_store_set_guide_price (f->stock, 9999, &cut, 100, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (crm_test_file_int (f->sr.path, "SELECT count(*) FROM catalogue_price"), ==, 2);
}

/* Trims and colours: unique names, renamed, and kept while a car is of
 * them */
static void
test_catalogue (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) trims = NULL;
  g_autoptr(GArray) colours = NULL;
  CrmCatalogueTrim trim;
  GDate from = day (2026, 1, 1);
  gint64 car;
  gint64 spare;

  trims = crm_stock_store_list_trims (f->stock, f->sr.model1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (trims->len, ==, 2);
  g_assert_cmpstr (g_array_index (trims, CrmCatalogueTrim, 0).name, ==, "2.0G 豪华版");
  g_assert_cmpstr (g_array_index (trims, CrmCatalogueTrim, 1).name, ==, "2.0S 锋尚版");
  g_clear_pointer (&trims, g_array_unref);
  trims = crm_stock_store_list_trims (f->stock, 0, &error);
  g_assert_cmpuint (trims->len, ==, 3);

  /* Names are unique in their model and trim; the same name elsewhere is fine */
  g_assert_cmpint (crm_stock_store_add_trim (f->stock, f->sr.model1, " 2.0G 豪华版 ", FALSE, &error), ==, 0);
  g_assert_error (error, CRM_ERROR, CRM_ERROR_DUPLICATE);
  crm_test_assert_contains (error->message, "凯美瑞 already has a trim “2.0G 豪华版”");
  g_clear_error (&error);
  g_assert_cmpint (crm_stock_store_add_colour (f->stock, f->camry_g, "珍珠白", &error), ==, 0);
  g_assert_error (error, CRM_ERROR, CRM_ERROR_DUPLICATE);
  g_clear_error (&error);
  g_assert_cmpint (crm_stock_store_add_trim (f->stock, f->sr.model1, "   ", FALSE, &error), ==, 0);
  g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_cmpint (crm_stock_store_add_trim (f->stock, f->sr.model1,
                                             "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一", FALSE, &error), ==, 0);
  g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_cmpint (crm_stock_store_add_trim (f->stock, 9999, "X", FALSE, &error), ==, 0);
  g_assert_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* A new-energy trim, renamed */
  spare = crm_stock_store_add_trim (f->stock, f->sr.model1, "双擎 2.5HG", TRUE, &error);
  g_assert_no_error (error);
  g_assert_true (crm_stock_store_get_trim (f->stock, spare, &trim, &error));
  g_assert_true (trim.new_energy);
  g_assert_cmpint (trim.model_id, ==, f->sr.model1);
  g_strlcpy (trim.name, "双擎 2.5HG 豪华版", sizeof trim.name);
  g_assert_true (crm_stock_store_update_trim (f->stock, &trim, &error));
  g_assert_no_error (error);
  g_strlcpy (trim.name, "2.0S 锋尚版", sizeof trim.name);
  g_assert_false (crm_stock_store_update_trim (f->stock, &trim, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_DUPLICATE);
  g_clear_error (&error);
  g_assert_true (crm_stock_store_get_trim (f->stock, spare, &trim, &error));
  g_assert_cmpstr (trim.name, ==, "双擎 2.5HG 豪华版");
  add_colour (f, spare, "冰川白");
  g_assert_true (crm_stock_store_set_guide_price (f->stock, spare, &from, 21980000, &error));
  /* add, update, colour, price: the catalogue changed, each time */
  crm_test_expect_changes (&f->sr, "vehicle-model:0 vehicle-model:0 vehicle-model:0 vehicle-model:0");

  g_assert_true (crm_stock_store_rename_colour (f->stock, f->g_black, "墨晶黑", &error));
  g_assert_false (crm_stock_store_rename_colour (f->stock, f->g_black, "珍珠白", &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_DUPLICATE);
  g_clear_error (&error);
  colours = crm_stock_store_list_colours (f->stock, f->camry_g, &error);
  g_assert_cmpuint (colours->len, ==, 2);
  g_assert_cmpstr (g_array_index (colours, CrmCatalogueColour, 1).name, ==, "墨晶黑");

  /* In stock: neither the trim nor the colour can go */
  car = add_car (f, f->camry_g, f->g_black, CRM_STOCK_IN_STOCK, 3, 150000);
  g_assert_false (crm_stock_store_delete_colour (f->stock, f->g_black, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_RULE);
  crm_test_assert_contains (error->message, "1 car in stock is 凯美瑞 2.0G 豪华版");
  g_clear_error (&error);
  g_assert_false (crm_stock_store_delete_trim (f->stock, f->camry_g, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_RULE);
  g_clear_error (&error);
  g_assert_true (crm_stock_store_delete (f->stock, car, &error));
  g_assert_true (crm_stock_store_delete_colour (f->stock, f->g_black, &error));
  g_assert_no_error (error);

  /* An unused trim goes with its colours and prices */
  g_assert_true (crm_stock_store_delete_trim (f->stock, spare, &error));
  g_assert_no_error (error);
  g_assert_cmpint (crm_test_file_int (f->sr.path, "SELECT count(*) FROM catalogue_colour"), ==, 4);
  g_assert_cmpint (crm_test_file_int (f->sr.path, "SELECT count(*) FROM catalogue_price"), ==, 0);
  g_assert_false (crm_stock_store_delete_trim (f->stock, spare, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND);
}

/* ------------------------------------------------------------------------
 * Reservations and status
 * ------------------------------------------------------------------------ */

static void
assert_car (Fixture        *f,
            gint64          id,
            CrmStockStatus  status,
            gint64          deal)
{
  CrmStockCar car;

  get_car (f, id, &car);
  g_assert_cmpstr (crm_enum_to_code (CRM_TYPE_STOCK_STATUS, car.status), ==,
                   crm_enum_to_code (CRM_TYPE_STOCK_STATUS, status));
  g_assert_cmpint (car.deal_id, ==, deal);
}

/* One car per deal, one deal per car, only open deals; a lost deal lets
 * its car go */
static void
test_reserve (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 zhang = add_deal (f, "张伟", f->sr.model1, CRM_STAGE_NEGOTIATION);
  gint64 li = add_deal (f, "李强", f->sr.model1, CRM_STAGE_ORDERED);
  gint64 lost = add_deal (f, "王芳", f->sr.model1, CRM_STAGE_LOST);
  gint64 car = add_car (f, f->camry_g, f->g_white, CRM_STOCK_IN_STOCK, 10, 160000);
  gint64 other = add_car (f, f->camry_g, f->g_black, CRM_STOCK_IN_STOCK, 12, 160000);
  gint64 coming = add_car (f, f->camry_s, f->s_grey, CRM_STOCK_IN_TRANSIT, 0, 170000);
  gint64 sold = add_car (f, f->camry_s, f->s_grey, CRM_STOCK_SOLD, 30, 170000);
  CrmStockCar stored;

  g_array_set_size (f->sr.changes, 0);
  g_assert_true (crm_stock_store_reserve (f->stock, car, zhang, &error));
  g_assert_no_error (error);
  assert_car (f, car, CRM_STOCK_RESERVED, zhang);
  g_assert_cmpint (crm_stock_store_find_for_deal (f->stock, zhang), ==, car);
  crm_test_expect_changes (&f->sr, "stock:%" G_GINT64_FORMAT, car);

  /* Again for the same deal: nothing to do */
  g_assert_true (crm_stock_store_reserve (f->stock, car, zhang, &error));
  g_assert_no_error (error);

  /* The car is taken: who has it is said */
  g_assert_false (crm_stock_store_reserve (f->stock, car, li, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_CONFLICT);
  crm_test_assert_contains (error->message, "张伟");
  g_clear_error (&error);

  /* The deal has its car */
  g_assert_false (crm_stock_store_reserve (f->stock, other, zhang, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_CONFLICT);
  get_car (f, car, &stored);
  crm_test_assert_contains (error->message, stored.vin);
  g_clear_error (&error);
  assert_car (f, other, CRM_STOCK_IN_STOCK, 0);

  /* Only open deals, only cars not sold */
  g_assert_false (crm_stock_store_reserve (f->stock, other, lost, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_RULE);
  crm_test_assert_contains (error->message, "Lost");
  g_clear_error (&error);
  g_assert_false (crm_stock_store_reserve (f->stock, sold, li, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_RULE);
  g_clear_error (&error);
  g_assert_false (crm_stock_store_reserve (f->stock, other, 9999, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND);
  g_clear_error (&error);
  crm_test_expect_changes (&f->sr, "%s", "");

  /* A car on its way is reserved and stays on its way; it arrives
   * reserved */
  g_assert_true (crm_stock_store_reserve (f->stock, coming, li, &error));
  assert_car (f, coming, CRM_STOCK_IN_TRANSIT, li);
  g_assert_true (crm_stock_store_set_status (f->stock, coming, CRM_STOCK_IN_STOCK, &error));
  g_assert_no_error (error);
  assert_car (f, coming, CRM_STOCK_RESERVED, li);
  get_car (f, coming, &stored);
  g_assert_cmpint (stored.arrived_at, ==, crm_test_now ());

  /* Released: back in stock, free for another deal */
  g_assert_true (crm_stock_store_release (f->stock, car, &error));
  g_assert_no_error (error);
  assert_car (f, car, CRM_STOCK_IN_STOCK, 0);
  g_assert_true (crm_stock_store_reserve (f->stock, other, zhang, &error));
  g_assert_no_error (error);

  /* The deal lost: its car goes back to the stock with the move */
  g_array_set_size (f->sr.changes, 0);
  g_assert_true (crm_deal_store_move (crm_store_get_deal_store (f->sr.store), zhang, CRM_STAGE_LOST,
                                      f->sr.manager, &error));
  g_assert_no_error (error);
  assert_car (f, other, CRM_STOCK_IN_STOCK, 0);
  crm_test_expect_changes (&f->sr, "deal:%" G_GINT64_FORMAT " stock:0", zhang);

  /* Sold with its deal: it stays with it */
  g_assert_true (crm_stock_store_set_status (f->stock, coming, CRM_STOCK_SOLD, &error));
  assert_car (f, coming, CRM_STOCK_SOLD, li);
  g_assert_false (crm_stock_store_release (f->stock, coming, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_RULE);
  g_clear_error (&error);
  g_assert_true (crm_deal_store_move (crm_store_get_deal_store (f->sr.store), li, CRM_STAGE_LOST,
                                      f->sr.manager, &error));
  assert_car (f, coming, CRM_STOCK_SOLD, li);

  /* The database holds one car per deal whatever a program does */
  if (!crm_test_backend_is_postgresql ())
    {
      g_autofree char *sql = g_strdup_printf ("UPDATE stock_car SET deal_id = %" G_GINT64_FORMAT
                                              " WHERE id = %" G_GINT64_FORMAT, li, car);
      g_autofree char *message = NULL;

      g_assert_false (crm_test_file_try_exec (f->sr.path, sql, &message));
      crm_test_assert_contains (message, "UNIQUE");
    }
}

/* Two desktops: two stores on one database, each in its own thread,
 * reserve the same cars for deals of their own, one from each end */
typedef struct
{
  const char *path;
  GArray     *cars;
  GArray     *deals;
  gboolean    backwards;
  guint       won;
  guint       refused;
  GError     *error;
} Desktop;

static gpointer
reserve_all (gpointer data)
{
  Desktop *desktop = data;
  g_autoptr(CrmStore) store = crm_test_open_desktop (desktop->path, &desktop->error);
  guint n = desktop->cars->len;

  for (guint i = 0; store != NULL && desktop->error == NULL && i < n; i++)
    {
      guint k = desktop->backwards ? n - 1 - i : i;
      g_autoptr(GError) error = NULL;
      gboolean won = crm_stock_store_reserve (crm_store_get_stock_store (store),
                                              g_array_index (desktop->cars, gint64, k),
                                              g_array_index (desktop->deals, gint64, k), &error);

      desktop->won += won;
      desktop->refused += g_error_matches (error, CRM_ERROR, CRM_ERROR_CONFLICT);
      if (error != NULL && !g_error_matches (error, CRM_ERROR, CRM_ERROR_CONFLICT))
        desktop->error = g_steal_pointer (&error);
      /* Let the other desktop in between */
      g_usleep (g_random_int_range (0, 300));
    }
  return NULL;
}

static void
test_reserve_race (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GArray) cars = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) deals_a = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) deals_b = g_array_new (FALSE, FALSE, sizeof (gint64));
  Desktop desktops[2] = {
    { f->sr.path, cars, deals_a, FALSE, },
    { f->sr.path, cars, deals_b, TRUE, },
  };
  guint n = 30;

  for (guint i = 0; i < n; i++)
    {
      gint64 car = add_car (f, f->levin, f->l_white, CRM_STOCK_IN_STOCK, i, 100000);
      gint64 a = add_deal (f, "甲", f->sr.model2, CRM_STAGE_NEGOTIATION);
      gint64 b = add_deal (f, "乙", f->sr.model2, CRM_STAGE_NEGOTIATION);

      g_array_append_val (cars, car);
      g_array_append_val (deals_a, a);
      g_array_append_val (deals_b, b);
    }

  crm_test_run_threads (reserve_all, desktops, sizeof desktops[0], G_N_ELEMENTS (desktops));
  g_assert_no_error (desktops[0].error);
  g_assert_no_error (desktops[1].error);
  g_test_message ("first desktop reserved %u, second %u", desktops[0].won, desktops[1].won);

  /* Each car went to one deal, the other desktop was told */
  g_assert_cmpuint (desktops[0].won + desktops[1].won, ==, n);
  g_assert_cmpuint (desktops[0].refused + desktops[1].refused, ==, n);
  for (guint i = 0; i < n; i++)
    {
      CrmStockCar car;

      get_car (f, g_array_index (cars, gint64, i), &car);
      g_assert_cmpint (car.status, ==, CRM_STOCK_RESERVED);
      g_assert_true (car.deal_id == g_array_index (deals_a, gint64, i) ||
                     car.deal_id == g_array_index (deals_b, gint64, i));
    }
  g_assert_cmpint (crm_test_file_int (f->sr.path, "SELECT count(DISTINCT deal_id) FROM stock_car"), ==, n);
}

/* A car goes forward: ordered, in transit, in stock, sold, delivered */
static void
test_status (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 car = add_car (f, f->levin, f->l_blue, CRM_STOCK_ORDERED, 0, 100000);
  CrmStockCar stored;

  get_car (f, car, &stored);
  g_assert_cmpint (stored.arrived_at, ==, 0);

  g_assert_false (crm_stock_store_set_status (f->stock, car, CRM_STOCK_SOLD, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_RULE);
  crm_test_assert_contains (error->message, "A car “Ordered from factory” cannot become “Sold”");
  g_clear_error (&error);
  g_assert_false (crm_stock_store_set_status (f->stock, car, CRM_STOCK_RESERVED, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_RULE);
  crm_test_assert_contains (error->message, "Reserve the car for a deal");
  g_clear_error (&error);

  g_assert_true (crm_stock_store_set_status (f->stock, car, CRM_STOCK_IN_TRANSIT, &error));
  g_assert_no_error (error);
  g_assert_false (crm_stock_store_set_status (f->stock, car, CRM_STOCK_ORDERED, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_RULE);
  g_clear_error (&error);
  get_car (f, car, &stored);
  g_assert_cmpint (stored.arrived_at, ==, 0);

  g_assert_true (crm_stock_store_set_status (f->stock, car, CRM_STOCK_IN_STOCK, &error));
  get_car (f, car, &stored);
  g_assert_cmpint (stored.status, ==, CRM_STOCK_IN_STOCK);
  g_assert_cmpint (stored.arrived_at, ==, crm_test_now ());

  /* The same status again changes nothing */
  g_array_set_size (f->sr.changes, 0);
  g_assert_true (crm_stock_store_set_status (f->stock, car, CRM_STOCK_IN_STOCK, &error));
  crm_test_expect_changes (&f->sr, "%s", "");

  g_assert_false (crm_stock_store_set_status (f->stock, car, CRM_STOCK_DELIVERED, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_RULE);
  g_clear_error (&error);
  g_assert_true (crm_stock_store_set_status (f->stock, car, CRM_STOCK_SOLD, &error));
  g_assert_false (crm_stock_store_delete (f->stock, car, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_RULE);
  g_clear_error (&error);
  g_assert_true (crm_stock_store_set_status (f->stock, car, CRM_STOCK_DELIVERED, &error));
  g_assert_no_error (error);
  for (int s = 0; s < CRM_N_STOCK_STATUSES; s++)
    if (s != CRM_STOCK_DELIVERED)
      {
        g_assert_false (crm_stock_store_set_status (f->stock, car, s, &error));
        g_assert_error (error, CRM_ERROR, CRM_ERROR_RULE);
        g_clear_error (&error);
      }
  get_car (f, car, &stored);
  g_assert_cmpint (stored.status, ==, CRM_STOCK_DELIVERED);

  /* Reserved cars go back in stock only by their release */
  {
    gint64 deal = add_deal (f, "赵敏", f->sr.model2, CRM_STAGE_NEGOTIATION);
    gint64 other = add_car (f, f->levin, f->l_white, CRM_STOCK_IN_STOCK, 5, 100000);

    g_assert_true (crm_stock_store_reserve (f->stock, other, deal, &error));
    g_assert_false (crm_stock_store_set_status (f->stock, other, CRM_STOCK_IN_STOCK, &error));
    g_assert_error (error, CRM_ERROR, CRM_ERROR_RULE);
    crm_test_assert_contains (error->message, "Release the car");
    g_clear_error (&error);
    g_assert_false (crm_stock_store_delete (f->stock, other, &error));
    g_assert_error (error, CRM_ERROR, CRM_ERROR_RULE);
    crm_test_assert_contains (error->message, "赵敏");
    g_clear_error (&error);
  }

  /* Edited: the VIN normalised again, the status kept */
  get_car (f, car, &stored);
  stored.cost_fen = 9876500;
  g_strlcpy (stored.location, "  展厅  ", sizeof stored.location);
  for (char *p = stored.vin; *p; p++)
    *p = g_ascii_tolower (*p);
  g_assert_true (crm_stock_store_update (f->stock, &stored, &error));
  g_assert_no_error (error);
  get_car (f, car, &stored);
  g_assert_cmpint (stored.cost_fen, ==, 9876500);
  g_assert_cmpstr (stored.location, ==, "展厅");
  g_assert_true (crm_vin_is_valid (stored.vin));
  g_assert_cmpint (stored.status, ==, CRM_STOCK_DELIVERED);
}

/* ------------------------------------------------------------------------
 * The stock list and ageing
 * ------------------------------------------------------------------------ */

static GArray *
query (Fixture             *f,
       const CrmStockQuery *q)
{
  g_autoptr(GError) error = NULL;
  GArray *ids = crm_stock_store_query_ids (f->stock, q, NULL, 0, NULL, &error);

  g_assert_no_error (error);
  return ids;
}

static void
test_query (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  CrmStockQuery q;
  /* Oldest arrival first, the cars not arrived last */
  gint64 g_white_old = add_car (f, f->camry_g, f->g_white, CRM_STOCK_IN_STOCK, 100, 150000);
  gint64 l_white = add_car (f, f->levin, f->l_white, CRM_STOCK_IN_STOCK, 50, 100000);
  gint64 s_grey = add_car (f, f->camry_s, f->s_grey, CRM_STOCK_IN_STOCK, 46, 170000);
  gint64 g_black = add_car (f, f->camry_g, f->g_black, CRM_STOCK_IN_STOCK, 45, 150000);
  gint64 l_blue_sold = add_car (f, f->levin, f->l_blue, CRM_STOCK_SOLD, 30, 100000);
  gint64 g_white_new = add_car (f, f->camry_g, f->g_white, CRM_STOCK_IN_STOCK, 0, 150000);
  gint64 l_blue_coming = add_car (f, f->levin, f->l_blue, CRM_STOCK_IN_TRANSIT, 0, 100000);
  gint64 g_white_ordered = add_car (f, f->camry_g, f->g_white, CRM_STOCK_ORDERED, 0, 150000);
  gint64 deal = add_deal (f, "周杰", f->sr.model1, CRM_STAGE_NEGOTIATION);

  g_assert_true (crm_stock_store_reserve (f->stock, g_black, deal, &error));
  g_assert_no_error (error);

  crm_stock_query_init (&q);
  {
    g_autoptr(GArray) all = query (f, &q);
    crm_test_assert_ids (all, g_white_old, l_white, s_grey, g_black, l_blue_sold, g_white_new,
                         l_blue_coming, g_white_ordered);
  }
  q.model_id = f->sr.model1;
  {
    g_autoptr(GArray) camry = query (f, &q);
    crm_test_assert_ids (camry, g_white_old, s_grey, g_black, g_white_new, g_white_ordered);
  }
  q.trim_id = f->camry_g;
  {
    g_autoptr(GArray) trim = query (f, &q);
    crm_test_assert_ids (trim, g_white_old, g_black, g_white_new, g_white_ordered);
  }
  /* 珍珠白 is a colour of two trims: the filter by name takes both */
  q.model_id = q.trim_id = 0;
  q.colour = g_strdup ("珍珠白");
  {
    g_autoptr(GArray) white = query (f, &q);
    crm_test_assert_ids (white, g_white_old, l_white, g_white_new, g_white_ordered);
  }
  g_clear_pointer (&q.colour, g_free);
  q.status_mask = CRM_STOCK_STATUS_BIT (CRM_STOCK_IN_STOCK) | CRM_STOCK_STATUS_BIT (CRM_STOCK_RESERVED);
  {
    g_autoptr(GArray) yard = query (f, &q);
    crm_test_assert_ids (yard, g_white_old, l_white, s_grey, g_black, g_white_new);
  }
  q.status_mask = CRM_STOCK_STATUS_BIT (CRM_STOCK_IN_TRANSIT) | CRM_STOCK_STATUS_BIT (CRM_STOCK_SOLD);
  {
    g_autoptr(GArray) other = query (f, &q);
    crm_test_assert_ids (other, l_blue_sold, l_blue_coming);
  }

  /* At least 46 days in stock: 100, 50 and 46 days; not the one of 45 */
  q.status_mask = 0;
  q.min_age_days = 46;
  {
    g_autoptr(GArray) old = query (f, &q);
    crm_test_assert_ids (old, g_white_old, l_white, s_grey);
  }
  q.min_age_days = 45;
  q.model_id = f->sr.model1;
  q.colour = g_strdup ("曜石黑");
  {
    g_autoptr(GArray) combined = query (f, &q);
    crm_test_assert_ids (combined, g_black);
  }
  crm_stock_query_clear (&q);

  /* Page by page, each after the last: the same cars in the same order */
  crm_stock_query_init (&q);
  {
    g_autoptr(GArray) pages = g_array_new (FALSE, FALSE, sizeof (gint64));
    CrmStockCursor cursor;
    gboolean first = TRUE;
    guint n_pages = 0;

    for (;;)
      {
        g_autoptr(GArray) page = crm_stock_store_query_ids (f->stock, &q, first ? NULL : &cursor, 3,
                                                            &cursor, &error);

        g_assert_no_error (error);
        first = FALSE;
        if (page->len == 0)
          break;
        g_assert_cmpuint (page->len, <=, 3);
        g_array_append_vals (pages, page->data, page->len);
        n_pages++;
      }
    g_assert_cmpuint (n_pages, ==, 3);
    crm_test_assert_ids (pages, g_white_old, l_white, s_grey, g_black, l_blue_sold, g_white_new,
                         l_blue_coming, g_white_ordered);
  }
}

/* Ages are days of the showroom's calendar, not of the desktop's (this
 * test runs with TZ=Asia/Shanghai; the showroom here is in London) */
static void
test_ageing_zone (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimeZone) london = g_time_zone_new_identifier ("Europe/London");
  g_autoptr(GDateTime) arrival = g_date_time_new (london, 2026, 11, 30, 23, 30, 0);
  g_autoptr(GDateTime) later = g_date_time_new (london, 2026, 12, 1, 0, 30, 0);
  CrmStockQuery q;
  CrmStockCar car;
  gint64 id;

  g_assert_true (crm_store_set_time_zone (f->sr.store, "Europe/London", &error));
  g_assert_no_error (error);
  crm_clock_set_now (f->sr.clock, g_date_time_to_unix (later));

  crm_stock_car_init (&car);
  make_vin (car.vin, 77);
  car.trim_id = f->levin;
  car.colour_id = f->l_white;
  car.arrived_at = g_date_time_to_unix (arrival);
  id = crm_stock_store_insert (f->stock, &car, &error);
  g_assert_no_error (error);

  /* One day in London, the same day (07:30 and 08:30) in Shanghai */
  get_car (f, id, &car);
  g_assert_cmpint (crm_stock_car_get_age_days (&car, crm_store_get_time_zone (f->sr.store),
                                               g_date_time_to_unix (later)), ==, 1);
  crm_stock_query_init (&q);
  q.min_age_days = 1;
  {
    g_autoptr(GArray) ids = query (f, &q);
    crm_test_assert_ids (ids, id);
  }
  q.min_age_days = 2;
  {
    g_autoptr(GArray) ids = query (f, &q);
    g_assert_cmpuint (ids->len, ==, 0);
  }

  /* 45 days later it is 46 days in stock: older than the threshold */
  {
    g_autoptr(GDateTime) day45 = g_date_time_add_days (later, 44);
    g_autoptr(GDateTime) day46 = g_date_time_add_days (later, 45);
    CrmStockHealth health;

    crm_clock_set_now (f->sr.clock, g_date_time_to_unix (day45));
    g_assert_true (crm_stock_store_health (f->stock, &health, &error));
    g_assert_cmpint (crm_stock_car_get_age_days (&car, london, g_date_time_to_unix (day45)), ==, 45);
    g_assert_cmpuint (health.total.over_threshold, ==, 0);
    crm_stock_health_clear (&health);

    crm_clock_set_now (f->sr.clock, g_date_time_to_unix (day46));
    g_assert_true (crm_stock_store_health (f->stock, &health, &error));
    g_assert_cmpuint (health.total.over_threshold, ==, 1);
    crm_stock_health_clear (&health);
  }
}

/* ------------------------------------------------------------------------
 * Stock health
 * ------------------------------------------------------------------------ */

/* A deal of @model first ordered at @at (Guangzhou's wall clock) */
static void
add_sale (Fixture *f,
          gint64   model,
          int      month,
          int      mday,
          int      hour,
          int      minute)
{
  g_autoptr(GError) error = NULL;
  gint64 deal = add_deal (f, "买家", model, CRM_STAGE_NEW_LEAD);

  g_assert_true (crm_deal_store_move_at (crm_store_get_deal_store (f->sr.store), deal, CRM_STAGE_ORDERED,
                                         0, crm_test_local_unix (2026, month, mday, hour, minute), &error));
  g_assert_no_error (error);
}

static const CrmStockHealthRow *
model_row (const CrmStockHealth *health,
           gint64                model)
{
  for (guint i = 0; i < health->models->len; i++)
    if (g_array_index (health->models, CrmStockHealthRow, i).model_id == model)
      return &g_array_index (health->models, CrmStockHealthRow, i);
  g_assert_not_reached ();
}

/* 库存系数 and ageing on a hand-built stock. Now is 24 November 2026: the
 * sales window is August, September and October (Guangzhou time).
 *
 *   凯美瑞 (model1): in stock 10, 46, 50, 95 days at ¥160,000; one
 *     reserved, 20 days, ¥165,000; two in transit at ¥158,000; one
 *     ordered (¥159,000) and one sold (¥170,000), neither counted.
 *     In stock 5 (reserved 1), in transit 2, value 4 × 160,000 + 165,000
 *     + 2 × 158,000 = ¥1,121,000; older than 45 days: 46, 50, 95 → 3;
 *     older than 90: 95 → 1. Sales 2 + 3 + 1 = 6 → 2 a month;
 *     库存系数 (5 + 2) ÷ 2 = 3.5.
 *   雷凌 (model2): in stock 0, 91, 120 days at ¥100,000: value ¥300,000,
 *     older than 45: 2, than 90: 2. Sales 3 → 1 a month; 3 ÷ 1 = 3.0.
 *   威兰达 (a third model): no stock, 2 sales → 0 ÷ ⅔ = 0.
 *   A deal without a model: 1 sale, the showroom's only.
 *   Showroom: in stock 8, in transit 2, value ¥1,421,000, older than 45
 *     days 5, than 90 days 3; sales 6 + 3 + 2 + 1 = 12 → 4 a month;
 *     库存系数 (8 + 2) ÷ 4 = 2.5.
 * Sales just outside the window: 31 July 23:30, 1 November 00:10 and
 * 20 November; just inside: 1 August 00:30 (31 July 16:30 UTC). */
static void
test_health (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 third = crm_test_add_model (f->sr.store, "威兰达", "2.0L 两驱领先版", 17580000);
  gint64 reserved;
  CrmStockHealth health;
  const CrmStockHealthRow *row;

  add_car (f, f->camry_g, f->g_white, CRM_STOCK_IN_STOCK, 10, 160000);
  add_car (f, f->camry_g, f->g_white, CRM_STOCK_IN_STOCK, 46, 160000);
  add_car (f, f->camry_s, f->s_grey, CRM_STOCK_IN_STOCK, 50, 160000);
  add_car (f, f->camry_g, f->g_black, CRM_STOCK_IN_STOCK, 95, 160000);
  reserved = add_car (f, f->camry_g, f->g_black, CRM_STOCK_IN_STOCK, 20, 165000);
  add_car (f, f->camry_g, f->g_white, CRM_STOCK_IN_TRANSIT, 0, 158000);
  add_car (f, f->camry_s, f->s_grey, CRM_STOCK_IN_TRANSIT, 0, 158000);
  add_car (f, f->camry_g, f->g_white, CRM_STOCK_ORDERED, 0, 159000);
  add_car (f, f->camry_g, f->g_white, CRM_STOCK_SOLD, 60, 170000);
  add_car (f, f->levin, f->l_white, CRM_STOCK_IN_STOCK, 0, 100000);
  add_car (f, f->levin, f->l_blue, CRM_STOCK_IN_STOCK, 91, 100000);
  add_car (f, f->levin, f->l_white, CRM_STOCK_IN_STOCK, 120, 100000);
  g_assert_true (crm_stock_store_reserve (f->stock, reserved,
                                          add_deal (f, "预订", f->sr.model1, CRM_STAGE_NEGOTIATION), &error));
  g_assert_no_error (error);

  add_sale (f, f->sr.model1, 8, 1, 0, 30);
  add_sale (f, f->sr.model1, 8, 20, 15, 0);
  add_sale (f, f->sr.model1, 9, 3, 11, 0);
  add_sale (f, f->sr.model1, 9, 15, 11, 0);
  add_sale (f, f->sr.model1, 9, 30, 23, 59);
  add_sale (f, f->sr.model1, 10, 31, 18, 0);
  add_sale (f, f->sr.model2, 8, 8, 10, 0);
  add_sale (f, f->sr.model2, 9, 9, 10, 0);
  add_sale (f, f->sr.model2, 10, 10, 10, 0);
  add_sale (f, third, 8, 12, 10, 0);
  add_sale (f, third, 10, 12, 10, 0);
  add_sale (f, 0, 9, 1, 10, 0);
  /* outside */
  add_sale (f, f->sr.model1, 7, 31, 23, 30);
  add_sale (f, f->sr.model1, 11, 1, 0, 10);
  add_sale (f, f->sr.model2, 11, 20, 10, 0);

  g_assert_true (crm_stock_store_health (f->stock, &health, &error));
  g_assert_no_error (error);
  g_assert_cmpint (health.ageing_days, ==, 45);
  g_assert_cmpint (health.sales_start, ==, crm_test_local_unix (2026, 8, 1, 0, 0));
  g_assert_cmpint (health.sales_end, ==, crm_test_local_unix (2026, 11, 1, 0, 0));
  g_assert_cmpuint (health.models->len, ==, 3);

  row = model_row (&health, f->sr.model1);
  g_assert_cmpuint (row->ordered, ==, 1);
  g_assert_cmpuint (row->in_transit, ==, 2);
  g_assert_cmpuint (row->in_stock, ==, 5);
  g_assert_cmpuint (row->reserved, ==, 1);
  g_assert_cmpint (row->value_fen, ==, 112100000);
  g_assert_cmpuint (row->over_threshold, ==, 3);
  g_assert_cmpuint (row->over_overdue, ==, 1);
  g_assert_cmpuint (row->sales, ==, 6);
  g_assert_cmpfloat_with_epsilon (row->coefficient, 3.5, 1e-9);

  row = model_row (&health, f->sr.model2);
  g_assert_cmpuint (row->in_stock, ==, 3);
  g_assert_cmpint (row->value_fen, ==, 30000000);
  g_assert_cmpuint (row->over_threshold, ==, 2);
  g_assert_cmpuint (row->over_overdue, ==, 2);
  g_assert_cmpuint (row->sales, ==, 3);
  g_assert_cmpfloat_with_epsilon (row->coefficient, 3.0, 1e-9);

  row = model_row (&health, third);
  g_assert_cmpuint (row->in_stock, ==, 0);
  g_assert_cmpuint (row->sales, ==, 2);
  g_assert_cmpfloat_with_epsilon (row->coefficient, 0.0, 1e-9);

  g_assert_cmpuint (health.total.in_stock, ==, 8);
  g_assert_cmpuint (health.total.in_transit, ==, 2);
  g_assert_cmpuint (health.total.ordered, ==, 1);
  g_assert_cmpuint (health.total.reserved, ==, 1);
  g_assert_cmpint (health.total.value_fen, ==, 142100000);
  g_assert_cmpuint (health.total.over_threshold, ==, 5);
  g_assert_cmpuint (health.total.over_overdue, ==, 3);
  g_assert_cmpuint (health.total.sales, ==, 12);
  g_assert_cmpfloat_with_epsilon (health.total.coefficient, 2.5, 1e-9);
  g_assert_true (health.total.coefficient > CRM_STOCK_COEFFICIENT_WARNING);
  crm_stock_health_clear (&health);

  /* The showroom's threshold is a rule: at 15 days the reserved car of
   * 20 days counts too */
  g_assert_true (crm_stock_store_set_ageing_days (f->stock, 15, &error));
  g_assert_no_error (error);
  g_assert_cmpint (crm_test_file_int (f->sr.path, "SELECT CAST (value AS integer) FROM meta"
                                                  " WHERE key = 'stock.ageing-days'"), ==, 15);
  g_assert_true (crm_stock_store_health (f->stock, &health, &error));
  g_assert_cmpint (health.ageing_days, ==, 15);
  g_assert_cmpuint (model_row (&health, f->sr.model1)->over_threshold, ==, 4);
  g_assert_cmpuint (health.total.over_threshold, ==, 6);
  crm_stock_health_clear (&health);
  g_assert_false (crm_stock_store_set_ageing_days (f->stock, 0, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  /* Nothing sold, nothing in stock: no coefficient, not a division by 0 */
  crm_clock_set_now (f->sr.clock, crm_test_local_unix (2030, 1, 15, 10, 0));
  g_assert_true (crm_stock_store_health (f->stock, &health, &error));
  g_assert_cmpuint (health.total.sales, ==, 0);
  g_assert_cmpfloat (health.total.coefficient, <, 0);
  crm_stock_health_clear (&health);
}

/* ------------------------------------------------------------------------
 * The stock import
 * ------------------------------------------------------------------------ */

static CrmStockImport *
open_list (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", name, NULL);
  CrmStockImport *import = crm_stock_import_new_from_file (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (import);
  return import;
}

static void
assert_problems (const CrmStockImportSummary *summary,
                 const guint                 *lines,
                 const char * const          *words,
                 guint                        n)
{
  for (guint i = 0; i < summary->problems->len; i++)
    g_test_message ("%s", ((CrmCsvProblem *) g_ptr_array_index (summary->problems, i))->message);
  g_assert_cmpuint (summary->problems->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      CrmCsvProblem *problem = g_ptr_array_index (summary->problems, i);
      g_autofree char *prefix = g_strdup_printf ("Line %u: ", lines[i]);

      g_assert_cmpuint (problem->line, ==, lines[i]);
      crm_test_assert_has_prefix (problem->message, prefix);
      crm_test_assert_contains (problem->message, words[i]);
    }
}

static void
test_import_dates (void)
{
  static const struct { const char *text; int y, m, d; } good[] = {
    { "2026-11-24", 2026, 11, 24 }, { "2026/1/5", 2026, 1, 5 }, { "2026.01.05", 2026, 1, 5 },
    { "2026年1月5日", 2026, 1, 5 }, { "20260105", 2026, 1, 5 }, { " 2026-11-24 09:30 ", 2026, 11, 24 },
    { "2026-11-24T09:30:00", 2026, 11, 24 }, { "2024-02-29", 2024, 2, 29 },
  };
  static const char * const bad[] = {
    "24/11/2026", "2026-02-30", "2025-02-29", "abc", "", "2026-11", "2026-11-24-1", "1899-12-31",
    "2026-011-024x", "２０２６-11-24", "2026—11—24",
  };
  GDate date;

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_test_message ("%s", good[i].text);
      g_assert_true (crm_stock_import_parse_date (good[i].text, &date));
      g_assert_cmpint (g_date_get_year (&date), ==, good[i].y);
      g_assert_cmpint (g_date_get_month (&date), ==, good[i].m);
      g_assert_cmpint (g_date_get_day (&date), ==, good[i].d);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_test_message ("%s", bad[i]);
      g_assert_false (crm_stock_import_parse_date (bad[i], &date));
    }
}

/* A dealer system's export in GBK, a title line above its header: a dry
 * run leaves the database as it was to the byte, then the cars go in as
 * the file says, once */
static void
test_import_list (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(CrmStockImport) import = open_list ("stock-list-gbk.csv");
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  CrmCsvSheet *sheet = crm_stock_import_get_sheet (import);
  CrmStockImportSummary summary;
  CrmStockQuery q;
  static const CrmStockImportField expected[] = {
    CRM_STOCK_IMPORT_FIELD_IGNORE, CRM_STOCK_IMPORT_FIELD_VIN, CRM_STOCK_IMPORT_FIELD_MODEL,
    CRM_STOCK_IMPORT_FIELD_TRIM, CRM_STOCK_IMPORT_FIELD_COLOUR, CRM_STOCK_IMPORT_FIELD_ARRIVAL,
    CRM_STOCK_IMPORT_FIELD_COST, CRM_STOCK_IMPORT_FIELD_LOCATION, CRM_STOCK_IMPORT_FIELD_STATUS,
  };
  static const struct {
    const char     *vin;
    CrmStockStatus  status;
    int             month, day;   /* arrival, 0 for none */
    gint64          cost;
    const char     *location;
  } cars[] = {
    /* Oldest arrival first, then the cars not arrived */
    { "LVGBE40K1TG000102", CRM_STOCK_IN_STOCK, 9, 5, 16500000, "展厅" },
    { "LVGBE40KXTG000101", CRM_STOCK_IN_STOCK, 10, 1, 16000000, "一号库" },
    { "LVGBE40K5TG000104", CRM_STOCK_IN_STOCK, 11, 20, 9800000, "二号库" },
    { "LVGBE40K3TG000103", CRM_STOCK_IN_TRANSIT, 0, 0, 9800000, "" },
    { "LVGBE40K7TG000105", CRM_STOCK_ORDERED, 0, 0, 0, "" },
  };

  g_assert_cmpstr (sheet->encoding, ==, "GB18030");
  g_assert_cmpuint (sheet->lines_before_data, ==, 2);
  g_assert_cmpuint (sheet->n_columns, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpint (g_array_index (sheet->mapping, int, i), ==, expected[i]);

  before = crm_test_db_fingerprint (f->sr.path);
  g_assert_true (crm_stock_import_run (import, f->sr.store, TRUE, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.rows, ==, 5);
  g_assert_cmpuint (summary.added, ==, 5);
  g_assert_cmpuint (summary.without_cost, ==, 1);
  g_assert_cmpuint (summary.invalid, ==, 0);
  g_assert_cmpuint (summary.problems->len, ==, 0);
  crm_stock_import_summary_clear (&summary);
  after = crm_test_db_fingerprint (f->sr.path);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpint (count_cars (f), ==, 0);

  g_assert_true (crm_stock_import_run (import, f->sr.store, FALSE, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.added, ==, 5);
  crm_stock_import_summary_clear (&summary);

  crm_stock_query_init (&q);
  ids = query (f, &q);
  g_assert_cmpuint (ids->len, ==, G_N_ELEMENTS (cars));
  for (guint i = 0; i < G_N_ELEMENTS (cars); i++)
    {
      CrmStockCar car;

      get_car (f, g_array_index (ids, gint64, i), &car);
      g_assert_cmpstr (car.vin, ==, cars[i].vin);
      g_assert_cmpint (car.status, ==, cars[i].status);
      g_assert_cmpint (car.arrived_at, ==, cars[i].month ? crm_test_local_unix (2026, cars[i].month, cars[i].day, 0, 0) : 0);
      g_assert_cmpint (car.cost_fen, ==, cars[i].cost);
      g_assert_cmpstr (car.location, ==, cars[i].location);
    }

  /* A list written as it was checked: a VIN another desktop added in
   * between stops all of it */
  {
    g_autoptr(GArray) more = g_array_new (FALSE, FALSE, sizeof (CrmStockCar));
    CrmStockCar car;

    get_car (f, g_array_index (ids, gint64, 0), &car);
    make_vin (car.vin, 900);
    g_array_append_val (more, car);
    get_car (f, g_array_index (ids, gint64, 1), &car);
    g_array_append_val (more, car);
    g_assert_false (crm_stock_store_insert_many (f->stock, more, &error));
    g_assert_error (error, CRM_ERROR, CRM_ERROR_CONFLICT);
    g_clear_error (&error);
    g_assert_cmpint (count_cars (f), ==, 5);

    g_array_index (more, CrmStockCar, 1).vin[8] = 'Z';
    g_assert_false (crm_stock_store_insert_many (f->stock, more, &error));
    g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
    g_clear_error (&error);
    g_array_set_size (more, 1);
    g_assert_true (crm_stock_store_insert_many (f->stock, more, &error));
    g_assert_no_error (error);
    g_assert_cmpint (count_cars (f), ==, 6);
  }

  /* The same list again: every car is there already, left as it is */
  g_assert_true (crm_stock_import_run (import, f->sr.store, FALSE, &summary, &error));
  g_assert_cmpuint (summary.added, ==, 0);
  g_assert_cmpuint (summary.already_in_stock, ==, 5);
  crm_stock_import_summary_clear (&summary);
  g_assert_cmpint (count_cars (f), ==, 6);
}

/* Every wrong row said with its line and why; one is enough for nothing
 * to be imported, in a dry run or not */
static void
test_import_bad_rows (Fixture       *f,
                      gconstpointer  data)
{
  static const guint lines[] = { 3, 4, 5, 6, 7, 8, 9, 10, 11 };
  static const char * const words[] = {
    "check digit (position 9) should be 0, not 5",
    "A VIN has 17 characters; “LVGBE40K0TG00010” has 16",
    "the catalogue has no trim “2.5Q 旗舰版” of “凯美瑞”",
    "雷凌 1.5L CVT 进取版 does not come in “红色” (the catalogue has 珍珠白、炫动蓝)",
    "“2026-13-01” is not a date",
    "“abc” is not an amount",
    "the VIN LVGBE40K9TG000106 is also on line 2",
    "“已售” is not the status of a car for sale",
    "a car in stock needs the day it arrived",
  };
  g_autoptr(CrmStockImport) import = open_list ("stock-bad-rows.csv");
  static const char no_vin_csv[] = "车型,配置,颜色\n凯美瑞,2.0G 豪华版,珍珠白\n";
  g_autoptr(CrmStockImport) no_vin = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  CrmStockImportSummary summary;

  /* The last row's car is in stock already: not an error */
  f->serial = 120;
  add_car (f, f->levin, f->l_white, CRM_STOCK_IN_STOCK, 3, 98000);
  g_assert_cmpstr (crm_stock_import_get_sheet (import)->encoding, ==, "UTF-8 (BOM)");

  before = crm_test_db_fingerprint (f->sr.path);
  for (int dry_run = 1; dry_run >= 0; dry_run--)
    {
      g_assert_false (crm_stock_import_run (import, f->sr.store, dry_run, &summary, &error));
      g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
      crm_test_assert_contains (error->message, "9 rows have errors, so nothing was imported");
      g_clear_error (&error);
      g_assert_cmpuint (summary.rows, ==, 11);
      g_assert_cmpuint (summary.invalid, ==, 9);
      g_assert_cmpuint (summary.already_in_stock, ==, 1);
      g_assert_cmpuint (summary.added, ==, 0);
      assert_problems (&summary, lines, words, G_N_ELEMENTS (lines));
      crm_stock_import_summary_clear (&summary);

      g_free (after);
      after = crm_test_db_fingerprint (f->sr.path);
      g_assert_cmpstr (after, ==, before);
      g_assert_cmpint (count_cars (f), ==, 1);
    }

  /* Without the columns it needs, nothing is read */
  no_vin = crm_stock_import_new_from_data (no_vin_csv, strlen (no_vin_csv), &error);
  g_assert_no_error (error);
  g_assert_false (crm_stock_import_run (no_vin, f->sr.store, FALSE, &summary, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
  crm_test_assert_contains (error->message, "VIN, the trim and the colour");
  crm_stock_import_summary_clear (&summary);
}

/* ------------------------------------------------------------------------
 * The migration that brought the catalogue and the stock
 * ------------------------------------------------------------------------ */

static gint64
schema_version (const char *path)
{
  return crm_test_backend_is_postgresql ()
         ? crm_test_file_int (path, "SELECT CAST (value AS integer) FROM meta WHERE key = 'schema-version'")
         : crm_test_file_int (path, "PRAGMA user_version");
}

static gint64
count_tables (const char *path,
              const char *names)
{
  g_autofree char *sql = g_strdup_printf (crm_test_backend_is_postgresql ()
                                          ? "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
                                            " AND tablename IN (%s)"
                                          : "SELECT count(*) FROM sqlite_schema WHERE type = 'table'"
                                            " AND name IN (%s)", names);

  return crm_test_file_int (path, sql);
}

/* A showroom of the version before, on either engine, upgraded when it
 * is opened: its data kept, the new tables there and working, the rule's
 * default written, the server's new tables announcing their changes */
static void
test_migrate (CrmTestShowroom *s,
              gconstpointer    data)
{
  static const char tables[] = "'catalogue_trim', 'catalogue_colour', 'catalogue_price', 'stock_car'";
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmDb) db = NULL;
  g_autoptr(GListModel) models = NULL;
  g_autoptr(CrmVehicleModel) model = NULL;
  g_autofree char *name = NULL;
  CrmStockStore *stock;
  CrmStockHealth health;
  CrmStockCar car;
  GDate from = day (2026, 1, 1);
  gint64 trim;
  gint64 colour;

  /* The showroom as version 15 left it */
  if (crm_test_backend_is_postgresql ())
    {
      /* The fixture's database is a copy of the current schema's */
      crm_test_pg_drop_database (s->path);
      g_free (s->path);
      s->path = crm_test_pg_new_empty_database ();
      db = crm_db_pg_open (s->path, CRM_STORE_SCHEMA_VERSION, &error);
      g_assert_no_error (error);
      g_assert_true (crm_schema_pg_migrate_to (db, 0, CRM_SCHEMA_VERSION_STOCK - 1, &error));
    }
  else
    {
      db = crm_db_sqlite_open (s->path, CRM_STORE_SCHEMA_VERSION, 5000, &error);
      g_assert_no_error (error);
      g_assert_true (crm_schema_migrate_to (db, 0, CRM_SCHEMA_VERSION_STOCK - 1, &error));
    }
  g_assert_no_error (error);
  g_assert_true (crm_db_exec (db, "INSERT INTO meta (key, value) VALUES ('showroom-name', '老展厅');"
                                  "INSERT INTO staff (name, role, created_at) VALUES ('刘经理', 'manager', 1);"
                                  "INSERT INTO vehicle_model (brand, series, trim, guide_price)"
                                  "  VALUES ('广汽丰田', '凯美瑞', '2.0G 豪华版', 17980000)", &error));
  g_assert_no_error (error);
  g_clear_object (&db);
  g_assert_cmpint (schema_version (s->path), ==, CRM_SCHEMA_VERSION_STOCK - 1);
  g_assert_cmpint (count_tables (s->path, tables), ==, 0);

  crm_test_showroom_open_store (s);
  g_assert_cmpint (schema_version (s->path), ==, CRM_STORE_SCHEMA_VERSION);
  g_assert_cmpint (count_tables (s->path, tables), ==, 4);
  /* A file is kept as it was before the upgrade */
  if (!crm_test_backend_is_postgresql ())
    {
      g_autofree char *expected = g_strdup_printf ("showroom.db.before-v%d-", CRM_SCHEMA_VERSION_STOCK);

      crm_test_assert_contains (crm_store_get_backup_path (s->store), expected);
    }

  /* What it held is there */
  name = crm_store_dup_showroom_name (s->store);
  g_assert_cmpstr (name, ==, "老展厅");
  models = crm_staff_store_list_vehicle_models (crm_store_get_staff_store (s->store));
  g_assert_cmpuint (g_list_model_get_n_items (models), ==, 1);
  model = g_list_model_get_item (models, 0);

  /* The rule's default, and the new tables at work on the old model */
  stock = crm_store_get_stock_store (s->store);
  g_assert_cmpint (crm_test_file_int (s->path, "SELECT CAST (value AS integer) FROM meta"
                                               " WHERE key = 'stock.ageing-days'"), ==, 45);
  g_assert_cmpint (crm_stock_store_get_ageing_days (stock), ==, 45);
  trim = crm_stock_store_add_trim (stock, crm_vehicle_model_get_id (model), "2.0G 豪华版", FALSE, &error);
  g_assert_no_error (error);
  colour = crm_stock_store_add_colour (stock, trim, "珍珠白", &error);
  g_assert_true (crm_stock_store_set_guide_price (stock, trim, &from, 17980000, &error));
  crm_stock_car_init (&car);
  make_vin (car.vin, 1);
  car.trim_id = trim;
  car.colour_id = colour;
  car.arrived_at = crm_test_now () - 50 * DAY;
  car.cost_fen = 16000000;
  g_assert_cmpint (crm_stock_store_insert (stock, &car, &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (car.model_id, ==, crm_vehicle_model_get_id (model));
  g_assert_true (crm_stock_store_health (stock, &health, &error));
  g_assert_cmpuint (health.total.over_threshold, ==, 1);
  crm_stock_health_clear (&health);

  /* The server tells the other desktops of every change to the new
   * tables: three triggers each (insert, update, delete) */
  if (crm_test_backend_is_postgresql ())
    g_assert_cmpint (crm_test_file_int (s->path, "SELECT count(*) FROM pg_trigger t"
                                                 " JOIN pg_class c ON c.oid = t.tgrelid"
                                                 " WHERE t.tgname LIKE '%_notify_%'"
                                                 " AND c.relname IN ('catalogue_trim', 'catalogue_colour',"
                                                 "   'catalogue_price', 'stock_car')"), ==, 12);
  else
    {
      g_autofree char *broken = crm_test_file_rows (s->path, "PRAGMA foreign_key_check");

      g_assert_cmpstr (broken, ==, "");
    }
}

/* ------------------------------------------------------------------------ */

int
main (int   argc,
      char *argv[])
{
  crm_test_init (&argc, &argv);

#define ADD(path, func) g_test_add ((path), Fixture, NULL, fixture_setup, (func), fixture_teardown)
  ADD ("/stock/vin-refused", test_vin_refused);
  ADD ("/stock/guide-price", test_guide_price);
  ADD ("/stock/catalogue", test_catalogue);
  ADD ("/stock/reserve", test_reserve);
  ADD ("/stock/reserve-race", test_reserve_race);
  ADD ("/stock/status", test_status);
  ADD ("/stock/query", test_query);
  ADD ("/stock/ageing-zone", test_ageing_zone);
  ADD ("/stock/health", test_health);
  ADD ("/stock/import/list", test_import_list);
  ADD ("/stock/import/bad-rows", test_import_bad_rows);
#undef ADD
  g_test_add_func ("/stock/import/dates", test_import_dates);
  g_test_add ("/stock/migrate", CrmTestShowroom, NULL, crm_test_setup_no_store, test_migrate,
              crm_test_teardown);

  return g_test_run ();
}
