/* crm-vehicle.c: a test-drive car of the showroom's fleet
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-vehicle"

#include "config.h"

#include <glib/gi18n.h>

#include "crm-vehicle.h"
#include "crm-model-enum-types.h"

struct _CrmVehicle
{
  GObject parent_instance;

  gint64 id;
  char *plate;
  gint64 model_id;
  char *model_name;
  char *colour;
  CrmVehicleStatus status;
  int mileage;
};

enum {
  PROP_0,
  PROP_ID,
  PROP_PLATE,
  PROP_MODEL_ID,
  PROP_MODEL_NAME,
  PROP_COLOUR,
  PROP_STATUS,
  PROP_MILEAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CrmVehicle, crm_vehicle, G_TYPE_OBJECT)

const char *
crm_vehicle_status_get_label (CrmVehicleStatus status)
{
  switch (status)
    {
    case CRM_VEHICLE_AVAILABLE:
      return C_("vehicle status", "Available");
    case CRM_VEHICLE_IN_SERVICE:
      return C_("vehicle status", "In service");
    case CRM_VEHICLE_RETIRED:
      return C_("vehicle status", "Retired");
    default:
      return "";
    }
}


static void
crm_vehicle_finalize (GObject *object)
{
  CrmVehicle *self = (CrmVehicle *) object;

  g_clear_pointer (&self->plate, g_free);
  g_clear_pointer (&self->model_name, g_free);
  g_clear_pointer (&self->colour, g_free);

  G_OBJECT_CLASS (crm_vehicle_parent_class)->finalize (object);
}

static void
crm_vehicle_get_property (GObject    *object,
    guint       prop_id,
    GValue     *value,
    GParamSpec *pspec)
{
  CrmVehicle *self = CRM_VEHICLE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_PLATE:
      g_value_set_string (value, self->plate);
      break;

    case PROP_MODEL_ID:
      g_value_set_int64 (value, self->model_id);
      break;

    case PROP_MODEL_NAME:
      g_value_set_string (value, self->model_name);
      break;

    case PROP_COLOUR:
      g_value_set_string (value, self->colour);
      break;

    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;

    case PROP_MILEAGE:
      g_value_set_int (value, self->mileage);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_vehicle_set_property (GObject      *object,
    guint         prop_id,
    const GValue *value,
    GParamSpec   *pspec)
{
  CrmVehicle *self = CRM_VEHICLE (object);

  switch (prop_id)
    {
    case PROP_ID:
      crm_vehicle_set_id (self, g_value_get_int64 (value));
      break;

    case PROP_PLATE:
      crm_vehicle_set_plate (self, g_value_get_string (value));
      break;

    case PROP_MODEL_ID:
      crm_vehicle_set_model_id (self, g_value_get_int64 (value));
      break;

    case PROP_MODEL_NAME:
      crm_vehicle_set_model_name (self, g_value_get_string (value));
      break;

    case PROP_COLOUR:
      crm_vehicle_set_colour (self, g_value_get_string (value));
      break;

    case PROP_STATUS:
      crm_vehicle_set_status (self, g_value_get_enum (value));
      break;

    case PROP_MILEAGE:
      crm_vehicle_set_mileage (self, g_value_get_int (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_vehicle_class_init (CrmVehicleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = crm_vehicle_finalize;
  object_class->get_property = crm_vehicle_get_property;
  object_class->set_property = crm_vehicle_set_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, G_MININT64, G_MAXINT64, 0, (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_PLATE] =
    g_param_spec_string ("plate", NULL, NULL, NULL, (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_MODEL_ID] =
    g_param_spec_int64 ("model-id", NULL, NULL, G_MININT64, G_MAXINT64, 0, (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_MODEL_NAME] =
    g_param_spec_string ("model-name", NULL, NULL, NULL, (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_COLOUR] =
    g_param_spec_string ("colour", NULL, NULL, NULL, (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, CRM_TYPE_VEHICLE_STATUS, CRM_VEHICLE_AVAILABLE, (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_MILEAGE] =
    g_param_spec_int ("mileage", NULL, NULL, 0, G_MAXINT, 0, (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
crm_vehicle_init (CrmVehicle *self)
{
  self->status = CRM_VEHICLE_AVAILABLE;
}

/**
 * crm_vehicle_new:
 *
 * Returns: (transfer full): a new, empty Vehicle
 */
CrmVehicle *
crm_vehicle_new (void)
{
  return g_object_new (CRM_TYPE_VEHICLE, NULL);
}

gint64 
crm_vehicle_get_id (CrmVehicle *self)
{
  g_return_val_if_fail (CRM_IS_VEHICLE (self), 0);

  return self->id;
}

void
crm_vehicle_set_id (CrmVehicle *self,
    gint64 id)
{
  g_return_if_fail (CRM_IS_VEHICLE (self));

  if (self->id != id)
    {
      self->id = id;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
    }
}

const char *
crm_vehicle_get_plate (CrmVehicle *self)
{
  g_return_val_if_fail (CRM_IS_VEHICLE (self), NULL);

  return self->plate;
}

void
crm_vehicle_set_plate (CrmVehicle *self,
    const char *plate)
{
  g_return_if_fail (CRM_IS_VEHICLE (self));

  if (g_strcmp0 (self->plate, plate) != 0)
    {
      g_free (self->plate);
      self->plate = g_strdup (plate);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLATE]);
    }
}

gint64 
crm_vehicle_get_model_id (CrmVehicle *self)
{
  g_return_val_if_fail (CRM_IS_VEHICLE (self), 0);

  return self->model_id;
}

void
crm_vehicle_set_model_id (CrmVehicle *self,
    gint64 model_id)
{
  g_return_if_fail (CRM_IS_VEHICLE (self));

  if (self->model_id != model_id)
    {
      self->model_id = model_id;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL_ID]);
    }
}

const char *
crm_vehicle_get_model_name (CrmVehicle *self)
{
  g_return_val_if_fail (CRM_IS_VEHICLE (self), NULL);

  return self->model_name;
}

void
crm_vehicle_set_model_name (CrmVehicle *self,
    const char *model_name)
{
  g_return_if_fail (CRM_IS_VEHICLE (self));

  if (g_strcmp0 (self->model_name, model_name) != 0)
    {
      g_free (self->model_name);
      self->model_name = g_strdup (model_name);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL_NAME]);
    }
}

const char *
crm_vehicle_get_colour (CrmVehicle *self)
{
  g_return_val_if_fail (CRM_IS_VEHICLE (self), NULL);

  return self->colour;
}

void
crm_vehicle_set_colour (CrmVehicle *self,
    const char *colour)
{
  g_return_if_fail (CRM_IS_VEHICLE (self));

  if (g_strcmp0 (self->colour, colour) != 0)
    {
      g_free (self->colour);
      self->colour = g_strdup (colour);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COLOUR]);
    }
}

CrmVehicleStatus 
crm_vehicle_get_status (CrmVehicle *self)
{
  g_return_val_if_fail (CRM_IS_VEHICLE (self), CRM_VEHICLE_AVAILABLE);

  return self->status;
}

void
crm_vehicle_set_status (CrmVehicle *self,
    CrmVehicleStatus status)
{
  g_return_if_fail (CRM_IS_VEHICLE (self));

  if (self->status != status)
    {
      self->status = status;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
    }
}

int 
crm_vehicle_get_mileage (CrmVehicle *self)
{
  g_return_val_if_fail (CRM_IS_VEHICLE (self), 0);

  return self->mileage;
}

void
crm_vehicle_set_mileage (CrmVehicle *self,
    int mileage)
{
  g_return_if_fail (CRM_IS_VEHICLE (self));

  if (self->mileage != mileage)
    {
      self->mileage = mileage;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MILEAGE]);
    }
}
