/* crm-stock.c: the catalogue's trims and colours, and the cars in stock
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-stock"

#include "config.h"

#include <string.h>

#include "crm-clock.h"
#include "crm-stock.h"

/**
 * crm_stock_car_init:
 * @car: (out caller-allocates): a car as a new one starts: arrived in
 *   stock, nothing else known
 */
void
crm_stock_car_init (CrmStockCar *car)
{
  g_return_if_fail (car != NULL);

  memset (car, 0, sizeof *car);
  car->status = CRM_STOCK_IN_STOCK;
}

/**
 * crm_stock_car_get_age_days:
 * @zone: the showroom's time zone (crm_store_get_time_zone())
 * @now: the showroom's "now"
 *
 * The stock age (库龄): the days of the showroom's calendar since the car
 * arrived, 0 on its day of arrival, whatever the desktop's zone.
 *
 * Returns: the age in days, or -1 for a car that has not arrived
 */
int
crm_stock_car_get_age_days (const CrmStockCar *car,
                            GTimeZone         *zone,
                            gint64             now)
{
  g_return_val_if_fail (car != NULL, -1);
  g_return_val_if_fail (zone != NULL, -1);

  if (car->arrived_at <= 0)
    return -1;
  return MAX (crm_time_days_between (zone, car->arrived_at, now), 0);
}
