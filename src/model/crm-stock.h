/* crm-stock.h: the catalogue's trims and colours, and the cars in stock
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Four things are called "car" in a showroom; these are two of them:
 *
 *  - a catalogue model (#CrmVehicleModel, table vehicle_model) with its
 *    trims (配置, #CrmCatalogueTrim, catalogue_trim), each trim's colours
 *    (#CrmCatalogueColour, catalogue_colour) and dated guide prices
 *    (#CrmGuidePrice, catalogue_price);
 *  - a car in stock (库存), one real car by its VIN (#CrmStockCar,
 *    stock_car), for sale.
 *
 * The test-drive fleet is #CrmVehicle (table vehicle); a customer's own
 * car is not kept yet.
 */
#pragma once

#include <glib-object.h>

#include "crm-enums.h"

G_BEGIN_DECLS

/* The showroom's ageing threshold when its rule was never set (days in
 * stock after which a car is flagged, the meta key "stock.ageing-days") */
#define CRM_STOCK_DEFAULT_AGEING_DAYS 45
/* Cars in stock longer than this are overdue stock (超期库存) */
#define CRM_STOCK_OVERDUE_DAYS 90
/* The stock coefficient (库存系数) above which dealer associations warn */
#define CRM_STOCK_COEFFICIENT_WARNING 1.5

/* Names in the catalogue and a car's location: at most this many
 * characters, kept in the struct (values, nothing to free) */
#define CRM_STOCK_NAME_MAX_CHARS 30
#define CRM_STOCK_NAME_SIZE (CRM_STOCK_NAME_MAX_CHARS * 4 + 1)

/**
 * CrmCatalogueTrim:
 * @id: its id (0 until stored)
 * @model_id: the catalogue model (vehicle_model) it is a trim of
 * @name: as the maker's price list names it ("2.0G 豪华版")
 * @new_energy: a new-energy vehicle (the purchase tax's relief)
 */
typedef struct
{
  gint64    id;
  gint64    model_id;
  char      name[CRM_STOCK_NAME_SIZE];
  gboolean  new_energy;
} CrmCatalogueTrim;

/**
 * CrmCatalogueColour:
 * @id: its id (0 until stored)
 * @trim_id: the trim it is offered in
 * @name: "珍珠白"
 */
typedef struct
{
  gint64  id;
  gint64  trim_id;
  char    name[CRM_STOCK_NAME_SIZE];
} CrmCatalogueColour;

/**
 * CrmGuidePrice:
 * @from: the first day the price applies (the showroom's calendar); it
 *   holds until the day the next price of the trim applies from
 * @guide_price_fen: the maker's guide price (厂商指导价), in fen
 */
typedef struct
{
  GDate  from;
  gint64 guide_price_fen;
} CrmGuidePrice;

/**
 * CrmStockCar:
 * @id: its id (0 until stored)
 * @vin: the VIN (车架号), 17 characters, check digit right
 * @model_id: the catalogue model; the store takes it from the trim
 * @trim_id: the trim (配置)
 * @colour_id: a colour of that trim
 * @status: where the car stands
 * @arrived_at: when it arrived in the showroom's stock (UTC seconds),
 *   0 while ordered or in transit
 * @cost_fen: what it cost the showroom (采购成本), 0 when not known
 * @location: where it stands (库位: "展厅", "二号库"), may be empty
 * @deal_id: the deal it is reserved for, then sold and delivered to (0
 *   for none); a deal has one car at most
 * @updated_at: when it last changed
 *
 * A value: copied with the struct. crm_stock_car_init() gives a new car.
 */
typedef struct
{
  gint64          id;
  char            vin[18];
  gint64          model_id;
  gint64          trim_id;
  gint64          colour_id;
  CrmStockStatus  status;
  gint64          arrived_at;
  gint64          cost_fen;
  char            location[CRM_STOCK_NAME_SIZE];
  gint64          deal_id;
  gint64          updated_at;
} CrmStockCar;

void  crm_stock_car_init          (CrmStockCar       *car);
int   crm_stock_car_get_age_days  (const CrmStockCar *car,
                                   GTimeZone         *zone,
                                   gint64             now);

G_END_DECLS
