/* crm-staff.c: one person working in the showroom
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-staff"

#include "config.h"

#include "crm-staff.h"
#include "crm-model-enum-types.h"

struct _CrmStaff
{
  GObject  parent_instance;

  gint64   id;
  char    *name;
  CrmRole  role;
  guint    active : 1;
};

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_ROLE,
  PROP_ACTIVE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CrmStaff, crm_staff, G_TYPE_OBJECT)

static void
crm_staff_finalize (GObject *object)
{
  CrmStaff *self = (CrmStaff *)object;

  g_clear_pointer (&self->name, g_free);

  G_OBJECT_CLASS (crm_staff_parent_class)->finalize (object);
}

static void
crm_staff_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  CrmStaff *self = CRM_STAFF (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_ROLE:
      g_value_set_enum (value, self->role);
      break;

    case PROP_ACTIVE:
      g_value_set_boolean (value, self->active);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_staff_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  CrmStaff *self = CRM_STAFF (object);

  switch (prop_id)
    {
    case PROP_ID:
      crm_staff_set_id (self, g_value_get_int64 (value));
      break;

    case PROP_NAME:
      crm_staff_set_name (self, g_value_get_string (value));
      break;

    case PROP_ROLE:
      crm_staff_set_role (self, g_value_get_enum (value));
      break;

    case PROP_ACTIVE:
      crm_staff_set_active (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_staff_class_init (CrmStaffClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = crm_staff_finalize;
  object_class->get_property = crm_staff_get_property;
  object_class->set_property = crm_staff_set_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_ROLE] =
    g_param_spec_enum ("role", NULL, NULL,
                       CRM_TYPE_ROLE,
                       CRM_ROLE_SALES,
                       (G_PARAM_READWRITE |
                        G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS));

  /* Staff who left are kept (their customers' history names them) but are
   * no longer offered as owners. */
  properties[PROP_ACTIVE] =
    g_param_spec_boolean ("active", NULL, NULL,
                          TRUE,
                          (G_PARAM_READWRITE |
                           G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
crm_staff_init (CrmStaff *self)
{
  self->role = CRM_ROLE_SALES;
  self->active = TRUE;
}

/**
 * crm_staff_new:
 *
 * Returns: (transfer full): a new, active sales consultant with no name
 */
CrmStaff *
crm_staff_new (void)
{
  return g_object_new (CRM_TYPE_STAFF, NULL);
}

gint64
crm_staff_get_id (CrmStaff *self)
{
  g_return_val_if_fail (CRM_IS_STAFF (self), 0);

  return self->id;
}

void
crm_staff_set_id (CrmStaff *self,
                  gint64    id)
{
  g_return_if_fail (CRM_IS_STAFF (self));

  if (self->id != id)
    {
      self->id = id;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
    }
}

const char *
crm_staff_get_name (CrmStaff *self)
{
  g_return_val_if_fail (CRM_IS_STAFF (self), NULL);

  return self->name;
}

void
crm_staff_set_name (CrmStaff   *self,
                    const char *name)
{
  g_return_if_fail (CRM_IS_STAFF (self));

  if (g_strcmp0 (self->name, name) != 0)
    {
      g_free (self->name);
      self->name = g_strdup (name);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
    }
}

CrmRole
crm_staff_get_role (CrmStaff *self)
{
  g_return_val_if_fail (CRM_IS_STAFF (self), CRM_ROLE_SALES);

  return self->role;
}

void
crm_staff_set_role (CrmStaff *self,
                    CrmRole   role)
{
  g_return_if_fail (CRM_IS_STAFF (self));
  g_return_if_fail ((guint) role < CRM_N_ROLES);

  if (self->role != role)
    {
      self->role = role;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROLE]);
    }
}

gboolean
crm_staff_get_active (CrmStaff *self)
{
  g_return_val_if_fail (CRM_IS_STAFF (self), FALSE);

  return self->active;
}

void
crm_staff_set_active (CrmStaff *self,
                      gboolean  active)
{
  g_return_if_fail (CRM_IS_STAFF (self));

  active = !!active;

  if (self->active != active)
    {
      self->active = active;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
    }
}
