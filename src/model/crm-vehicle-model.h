/* crm-vehicle-model.h: one entry of the showroom's model catalogue
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define CRM_TYPE_VEHICLE_MODEL (crm_vehicle_model_get_type ())
G_DECLARE_FINAL_TYPE (CrmVehicleModel, crm_vehicle_model, CRM, VEHICLE_MODEL, GObject)

/* Properties: "id" (gint64), "brand", "series", "trim" (strings),
 * "guide-price" (gint64, fen), "name" (read-only: "series trim", notified
 * when series or trim change) */
CrmVehicleModel *crm_vehicle_model_new             (void);
gint64           crm_vehicle_model_get_id          (CrmVehicleModel *self);
void             crm_vehicle_model_set_id          (CrmVehicleModel *self,
                                                    gint64           id);
const char      *crm_vehicle_model_get_brand       (CrmVehicleModel *self);
void             crm_vehicle_model_set_brand       (CrmVehicleModel *self,
                                                    const char      *brand);
const char      *crm_vehicle_model_get_series      (CrmVehicleModel *self);
void             crm_vehicle_model_set_series      (CrmVehicleModel *self,
                                                    const char      *series);
const char      *crm_vehicle_model_get_trim        (CrmVehicleModel *self);
void             crm_vehicle_model_set_trim        (CrmVehicleModel *self,
                                                    const char      *trim);
gint64           crm_vehicle_model_get_guide_price (CrmVehicleModel *self);
void             crm_vehicle_model_set_guide_price (CrmVehicleModel *self,
                                                    gint64           fen);
char            *crm_vehicle_model_dup_name        (CrmVehicleModel *self);

G_END_DECLS
