/* crm-lead-notice.c: something the leads rules tell a person
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A row of lead_notice: a new lead assigned to a consultant, a pool
 * warning or release, a missed first contact (for managers). Kinds are
 * the CRM_NOTICE_ strings of crm-store.h.
 */
#define G_LOG_DOMAIN "crm-lead-notice"

#include "config.h"

#include "crm-lead-notice.h"

struct _CrmLeadNotice
{
  GObject   parent_instance;

  gint64    id;
  gint64    customer_id;
  char     *customer_name;
  char     *kind;
  gint64    at;
  gboolean  seen;
};

enum {
  PROP_0,
  PROP_ID,
  PROP_CUSTOMER_ID,
  PROP_CUSTOMER_NAME,
  PROP_KIND,
  PROP_AT,
  PROP_SEEN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CrmLeadNotice, crm_lead_notice, G_TYPE_OBJECT)

static void
crm_lead_notice_finalize (GObject *object)
{
  CrmLeadNotice *self = (CrmLeadNotice *) object;

  g_clear_pointer (&self->customer_name, g_free);
  g_clear_pointer (&self->kind, g_free);

  G_OBJECT_CLASS (crm_lead_notice_parent_class)->finalize (object);
}

static void
crm_lead_notice_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CrmLeadNotice *self = CRM_LEAD_NOTICE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_CUSTOMER_ID:
      g_value_set_int64 (value, self->customer_id);
      break;

    case PROP_CUSTOMER_NAME:
      g_value_set_string (value, self->customer_name);
      break;

    case PROP_KIND:
      g_value_set_string (value, self->kind);
      break;

    case PROP_AT:
      g_value_set_int64 (value, self->at);
      break;

    case PROP_SEEN:
      g_value_set_boolean (value, self->seen);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_lead_notice_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  CrmLeadNotice *self = CRM_LEAD_NOTICE (object);

  switch (prop_id)
    {
    case PROP_ID:
      crm_lead_notice_set_id (self, g_value_get_int64 (value));
      break;

    case PROP_CUSTOMER_ID:
      crm_lead_notice_set_customer_id (self, g_value_get_int64 (value));
      break;

    case PROP_CUSTOMER_NAME:
      crm_lead_notice_set_customer_name (self, g_value_get_string (value));
      break;

    case PROP_KIND:
      crm_lead_notice_set_kind (self, g_value_get_string (value));
      break;

    case PROP_AT:
      crm_lead_notice_set_at (self, g_value_get_int64 (value));
      break;

    case PROP_SEEN:
      crm_lead_notice_set_seen (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_lead_notice_class_init (CrmLeadNoticeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = crm_lead_notice_finalize;
  object_class->get_property = crm_lead_notice_get_property;
  object_class->set_property = crm_lead_notice_set_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_CUSTOMER_ID] =
    g_param_spec_int64 ("customer-id", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_CUSTOMER_NAME] =
    g_param_spec_string ("customer-name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_KIND] =
    g_param_spec_string ("kind", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_AT] =
    g_param_spec_int64 ("at", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_SEEN] =
    g_param_spec_boolean ("seen", NULL, NULL, FALSE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
crm_lead_notice_init (CrmLeadNotice *self)
{
}

CrmLeadNotice *
crm_lead_notice_new (void)
{
  return g_object_new (CRM_TYPE_LEAD_NOTICE, NULL);
}

gint64
crm_lead_notice_get_id (CrmLeadNotice *self)
{
  g_return_val_if_fail (CRM_IS_LEAD_NOTICE (self), 0);
  return self->id;
}

void
crm_lead_notice_set_id (CrmLeadNotice *self,
                        gint64 value)
{
  g_return_if_fail (CRM_IS_LEAD_NOTICE (self));

  if (self->id == value)
    return;
  self->id = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

gint64
crm_lead_notice_get_customer_id (CrmLeadNotice *self)
{
  g_return_val_if_fail (CRM_IS_LEAD_NOTICE (self), 0);
  return self->customer_id;
}

void
crm_lead_notice_set_customer_id (CrmLeadNotice *self,
                                 gint64 value)
{
  g_return_if_fail (CRM_IS_LEAD_NOTICE (self));

  if (self->customer_id == value)
    return;
  self->customer_id = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CUSTOMER_ID]);
}

const char *
crm_lead_notice_get_customer_name (CrmLeadNotice *self)
{
  g_return_val_if_fail (CRM_IS_LEAD_NOTICE (self), NULL);
  return self->customer_name;
}

void
crm_lead_notice_set_customer_name (CrmLeadNotice *self,
                                   const char * value)
{
  g_return_if_fail (CRM_IS_LEAD_NOTICE (self));

  if (g_strcmp0 (self->customer_name, value) == 0)
    return;
  g_free (self->customer_name);
  self->customer_name = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CUSTOMER_NAME]);
}

const char *
crm_lead_notice_get_kind (CrmLeadNotice *self)
{
  g_return_val_if_fail (CRM_IS_LEAD_NOTICE (self), NULL);
  return self->kind;
}

void
crm_lead_notice_set_kind (CrmLeadNotice *self,
                          const char * value)
{
  g_return_if_fail (CRM_IS_LEAD_NOTICE (self));

  if (g_strcmp0 (self->kind, value) == 0)
    return;
  g_free (self->kind);
  self->kind = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND]);
}

gint64
crm_lead_notice_get_at (CrmLeadNotice *self)
{
  g_return_val_if_fail (CRM_IS_LEAD_NOTICE (self), 0);
  return self->at;
}

void
crm_lead_notice_set_at (CrmLeadNotice *self,
                        gint64 value)
{
  g_return_if_fail (CRM_IS_LEAD_NOTICE (self));

  if (self->at == value)
    return;
  self->at = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AT]);
}

gboolean
crm_lead_notice_get_seen (CrmLeadNotice *self)
{
  g_return_val_if_fail (CRM_IS_LEAD_NOTICE (self), FALSE);
  return self->seen;
}

void
crm_lead_notice_set_seen (CrmLeadNotice *self,
                          gboolean value)
{
  g_return_if_fail (CRM_IS_LEAD_NOTICE (self));

  value = !!value;
  if (self->seen == value)
    return;
  self->seen = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEEN]);
}
