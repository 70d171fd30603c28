/* crm-vehicle-model.c: one entry of the showroom's model catalogue
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-vehicle-model"

#include "config.h"

#include "crm-vehicle-model.h"

struct _CrmVehicleModel
{
  GObject  parent_instance;

  gint64   id;
  char    *brand;
  char    *series;
  char    *trim;
  gint64   guide_price;   /* fen */
};

enum {
  PROP_0,
  PROP_ID,
  PROP_BRAND,
  PROP_SERIES,
  PROP_TRIM,
  PROP_GUIDE_PRICE,
  PROP_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CrmVehicleModel, crm_vehicle_model, G_TYPE_OBJECT)

static char *
compose_name (const char *series,
              const char *trim)
{
  gboolean has_series = series != NULL && series[0] != '\0';
  gboolean has_trim = trim != NULL && trim[0] != '\0';

  if (has_series && has_trim)
    return g_strconcat (series, " ", trim, NULL);
  else if (has_series)
    return g_strdup (series);
  else if (has_trim)
    return g_strdup (trim);
  else
    return g_strdup ("");
}

/* Replaces *field with a copy of @value and notifies @pspec, plus "name"
 * if the composed name changed with it. */
static void
set_name_part (CrmVehicleModel  *self,
               char            **field,
               const char       *value,
               GParamSpec       *pspec)
{
  g_autofree char *old_name = NULL;
  g_autofree char *new_name = NULL;

  g_assert (CRM_IS_VEHICLE_MODEL (self));

  if (g_strcmp0 (*field, value) == 0)
    return;

  old_name = compose_name (self->series, self->trim);

  g_free (*field);
  *field = g_strdup (value);

  new_name = compose_name (self->series, self->trim);

  g_object_notify_by_pspec (G_OBJECT (self), pspec);

  if (g_strcmp0 (old_name, new_name) != 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

static void
crm_vehicle_model_finalize (GObject *object)
{
  CrmVehicleModel *self = (CrmVehicleModel *)object;

  g_clear_pointer (&self->brand, g_free);
  g_clear_pointer (&self->series, g_free);
  g_clear_pointer (&self->trim, g_free);

  G_OBJECT_CLASS (crm_vehicle_model_parent_class)->finalize (object);
}

static void
crm_vehicle_model_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  CrmVehicleModel *self = CRM_VEHICLE_MODEL (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_BRAND:
      g_value_set_string (value, self->brand);
      break;

    case PROP_SERIES:
      g_value_set_string (value, self->series);
      break;

    case PROP_TRIM:
      g_value_set_string (value, self->trim);
      break;

    case PROP_GUIDE_PRICE:
      g_value_set_int64 (value, self->guide_price);
      break;

    case PROP_NAME:
      g_value_take_string (value, crm_vehicle_model_dup_name (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_vehicle_model_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  CrmVehicleModel *self = CRM_VEHICLE_MODEL (object);

  switch (prop_id)
    {
    case PROP_ID:
      crm_vehicle_model_set_id (self, g_value_get_int64 (value));
      break;

    case PROP_BRAND:
      crm_vehicle_model_set_brand (self, g_value_get_string (value));
      break;

    case PROP_SERIES:
      crm_vehicle_model_set_series (self, g_value_get_string (value));
      break;

    case PROP_TRIM:
      crm_vehicle_model_set_trim (self, g_value_get_string (value));
      break;

    case PROP_GUIDE_PRICE:
      crm_vehicle_model_set_guide_price (self, g_value_get_int64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_vehicle_model_class_init (CrmVehicleModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = crm_vehicle_model_finalize;
  object_class->get_property = crm_vehicle_model_get_property;
  object_class->set_property = crm_vehicle_model_set_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  properties[PROP_BRAND] =
    g_param_spec_string ("brand", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_SERIES] =
    g_param_spec_string ("series", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_TRIM] =
    g_param_spec_string ("trim", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  /* Prices are whole fen so that sums never drift. */
  properties[PROP_GUIDE_PRICE] =
    g_param_spec_int64 ("guide-price", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  /* Never NULL: "" until a series or trim is set. */
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL,
                         "",
                         (G_PARAM_READABLE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
crm_vehicle_model_init (CrmVehicleModel *self)
{
}

/**
 * crm_vehicle_model_new:
 *
 * Returns: (transfer full): a new, empty catalogue entry
 */
CrmVehicleModel *
crm_vehicle_model_new (void)
{
  return g_object_new (CRM_TYPE_VEHICLE_MODEL, NULL);
}

gint64
crm_vehicle_model_get_id (CrmVehicleModel *self)
{
  g_return_val_if_fail (CRM_IS_VEHICLE_MODEL (self), 0);

  return self->id;
}

void
crm_vehicle_model_set_id (CrmVehicleModel *self,
                          gint64           id)
{
  g_return_if_fail (CRM_IS_VEHICLE_MODEL (self));

  if (self->id != id)
    {
      self->id = id;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
    }
}

const char *
crm_vehicle_model_get_brand (CrmVehicleModel *self)
{
  g_return_val_if_fail (CRM_IS_VEHICLE_MODEL (self), NULL);

  return self->brand;
}

void
crm_vehicle_model_set_brand (CrmVehicleModel *self,
                             const char      *brand)
{
  g_return_if_fail (CRM_IS_VEHICLE_MODEL (self));

  if (g_strcmp0 (self->brand, brand) != 0)
    {
      g_free (self->brand);
      self->brand = g_strdup (brand);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BRAND]);
    }
}

const char *
crm_vehicle_model_get_series (CrmVehicleModel *self)
{
  g_return_val_if_fail (CRM_IS_VEHICLE_MODEL (self), NULL);

  return self->series;
}

void
crm_vehicle_model_set_series (CrmVehicleModel *self,
                              const char      *series)
{
  g_return_if_fail (CRM_IS_VEHICLE_MODEL (self));

  set_name_part (self, &self->series, series, properties[PROP_SERIES]);
}

const char *
crm_vehicle_model_get_trim (CrmVehicleModel *self)
{
  g_return_val_if_fail (CRM_IS_VEHICLE_MODEL (self), NULL);

  return self->trim;
}

void
crm_vehicle_model_set_trim (CrmVehicleModel *self,
                            const char      *trim)
{
  g_return_if_fail (CRM_IS_VEHICLE_MODEL (self));

  set_name_part (self, &self->trim, trim, properties[PROP_TRIM]);
}

gint64
crm_vehicle_model_get_guide_price (CrmVehicleModel *self)
{
  g_return_val_if_fail (CRM_IS_VEHICLE_MODEL (self), 0);

  return self->guide_price;
}

void
crm_vehicle_model_set_guide_price (CrmVehicleModel *self,
                                   gint64           fen)
{
  g_return_if_fail (CRM_IS_VEHICLE_MODEL (self));

  if (self->guide_price != fen)
    {
      self->guide_price = fen;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GUIDE_PRICE]);
    }
}

/**
 * crm_vehicle_model_dup_name:
 * @self: a #CrmVehicleModel
 *
 * The name shown for the model: "series trim", or the series alone when
 * there is no trim (the trim alone when there is no series).
 *
 * Returns: (transfer full) (not nullable): the name, "" if neither is set
 */
char *
crm_vehicle_model_dup_name (CrmVehicleModel *self)
{
  g_return_val_if_fail (CRM_IS_VEHICLE_MODEL (self), NULL);

  return compose_name (self->series, self->trim);
}
