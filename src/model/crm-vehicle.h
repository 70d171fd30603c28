/* crm-vehicle.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "crm-enums.h"

G_BEGIN_DECLS

typedef enum
{
  CRM_VEHICLE_AVAILABLE,   /*< nick=available >*/
  CRM_VEHICLE_IN_SERVICE,  /*< nick=in-service >*/
  CRM_VEHICLE_RETIRED,     /*< nick=retired >*/
} CrmVehicleStatus;

#define CRM_N_VEHICLE_STATUSES 3

const char *crm_vehicle_status_get_label (CrmVehicleStatus status);


#define CRM_TYPE_VEHICLE (crm_vehicle_get_type ())
G_DECLARE_FINAL_TYPE (CrmVehicle, crm_vehicle, CRM, VEHICLE, GObject)

CrmVehicle *crm_vehicle_new (void);
gint64 crm_vehicle_get_id (CrmVehicle *self);
void crm_vehicle_set_id (CrmVehicle *self,
    gint64 id);
const char *crm_vehicle_get_plate (CrmVehicle *self);
void crm_vehicle_set_plate (CrmVehicle *self,
    const char *plate);
gint64 crm_vehicle_get_model_id (CrmVehicle *self);
void crm_vehicle_set_model_id (CrmVehicle *self,
    gint64 model_id);
const char *crm_vehicle_get_model_name (CrmVehicle *self);
void crm_vehicle_set_model_name (CrmVehicle *self,
    const char *model_name);
const char *crm_vehicle_get_colour (CrmVehicle *self);
void crm_vehicle_set_colour (CrmVehicle *self,
    const char *colour);
CrmVehicleStatus crm_vehicle_get_status (CrmVehicle *self);
void crm_vehicle_set_status (CrmVehicle *self,
    CrmVehicleStatus status);
int crm_vehicle_get_mileage (CrmVehicle *self);
void crm_vehicle_set_mileage (CrmVehicle *self,
    int mileage);

G_END_DECLS
