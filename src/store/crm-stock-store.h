/* crm-stock-store.h: the catalogue's trims, colours and guide prices; the cars in stock
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One of the domain stores a #CrmStore hands out
 * (crm_store_get_stock_store()); it reads and writes through the store's
 * connection and transactions. The catalogue's models are the staff
 * store's (crm_staff_store_list_vehicle_models()); their trims, colours
 * and prices are here (crm-stock-catalogue.c), with the cars in stock
 * (crm-stock-store.c). See crm-stock.h for which "car" is which.
 */
#pragma once

#include "crm-store-types.h"

G_BEGIN_DECLS

#define CRM_TYPE_STOCK_STORE (crm_stock_store_get_type ())
G_DECLARE_FINAL_TYPE (CrmStockStore, crm_stock_store, CRM, STOCK_STORE, GObject)

/* The catalogue: a model's trims (配置), their colours and guide prices */
gint64    crm_stock_store_add_trim           (CrmStockStore          *self,
                                              gint64                  model_id,
                                              const char             *name,
                                              gboolean                new_energy,
                                              GError                **error);
gboolean  crm_stock_store_update_trim        (CrmStockStore          *self,
                                              const CrmCatalogueTrim *trim,
                                              GError                **error);
gboolean  crm_stock_store_delete_trim        (CrmStockStore          *self,
                                              gint64                  trim_id,
                                              GError                **error);
gboolean  crm_stock_store_get_trim           (CrmStockStore          *self,
                                              gint64                  trim_id,
                                              CrmCatalogueTrim       *trim,
                                              GError                **error);
GArray   *crm_stock_store_list_trims         (CrmStockStore          *self,
                                              gint64                  model_id,
                                              GError                **error);
gint64    crm_stock_store_add_colour         (CrmStockStore          *self,
                                              gint64                  trim_id,
                                              const char             *name,
                                              GError                **error);
gboolean  crm_stock_store_rename_colour      (CrmStockStore          *self,
                                              gint64                  colour_id,
                                              const char             *name,
                                              GError                **error);
gboolean  crm_stock_store_delete_colour      (CrmStockStore          *self,
                                              gint64                  colour_id,
                                              GError                **error);
GArray   *crm_stock_store_list_colours       (CrmStockStore          *self,
                                              gint64                  trim_id,
                                              GError                **error);
gboolean  crm_stock_store_set_guide_price    (CrmStockStore          *self,
                                              gint64                  trim_id,
                                              const GDate            *from,
                                              gint64                  guide_price_fen,
                                              GError                **error);
gboolean  crm_stock_store_delete_guide_price (CrmStockStore          *self,
                                              gint64                  trim_id,
                                              const GDate            *from,
                                              GError                **error);
GArray   *crm_stock_store_list_guide_prices  (CrmStockStore          *self,
                                              gint64                  trim_id,
                                              GError                **error);
gint64    crm_stock_store_get_guide_price    (CrmStockStore          *self,
                                              gint64                  trim_id,
                                              const GDate            *date,
                                              GError                **error);

/* The showroom's ageing threshold (a rule in the database) */
int       crm_stock_store_get_ageing_days    (CrmStockStore          *self);
gboolean  crm_stock_store_set_ageing_days    (CrmStockStore          *self,
                                              int                     days,
                                              GError                **error);

/* Cars in stock (库存), by VIN */
gint64    crm_stock_store_insert             (CrmStockStore          *self,
                                              CrmStockCar            *car,
                                              GError                **error);
gboolean  crm_stock_store_insert_many        (CrmStockStore          *self,
                                              GArray                 *cars,
                                              GError                **error);
gboolean  crm_stock_store_update             (CrmStockStore          *self,
                                              CrmStockCar            *car,
                                              GError                **error);
gboolean  crm_stock_store_delete             (CrmStockStore          *self,
                                              gint64                  id,
                                              GError                **error);
gboolean  crm_stock_store_get                (CrmStockStore          *self,
                                              gint64                  id,
                                              CrmStockCar            *car,
                                              GError                **error);
gint64    crm_stock_store_find_by_vin        (CrmStockStore          *self,
                                              const char             *vin);
gint64    crm_stock_store_find_for_deal      (CrmStockStore          *self,
                                              gint64                  deal_id);
gboolean  crm_stock_store_set_status         (CrmStockStore          *self,
                                              gint64                  id,
                                              CrmStockStatus          status,
                                              GError                **error);
gboolean  crm_stock_store_reserve            (CrmStockStore          *self,
                                              gint64                  id,
                                              gint64                  deal_id,
                                              GError                **error);
gboolean  crm_stock_store_release            (CrmStockStore          *self,
                                              gint64                  id,
                                              GError                **error);
GArray   *crm_stock_store_query_ids          (CrmStockStore          *self,
                                              const CrmStockQuery    *query,
                                              const CrmStockCursor   *after,
                                              guint                   limit,
                                              CrmStockCursor         *last,
                                              GError                **error);
gboolean  crm_stock_store_health             (CrmStockStore          *self,
                                              CrmStockHealth         *health,
                                              GError                **error);

G_END_DECLS
