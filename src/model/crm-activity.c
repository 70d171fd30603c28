/* crm-activity.c: one follow-up with a customer, planned and/or done
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-activity"

#include "config.h"

#include "crm-activity.h"
#include "crm-model-enum-types.h"
#include "crm-model-private.h"

struct _CrmActivity
{
  GObject          parent_instance;

  gint64           id;
  gint64           customer_id;
  gint64           deal_id;
  CrmActivityKind  kind;
  gint64           planned_at;
  gint64           done_at;
  CrmOutcome       outcome;
  char            *note;
  char            *purpose;
  gint64           staff_id;
  char            *staff_name;
};

enum {
  PROP_0,
  PROP_ID,
  PROP_CUSTOMER_ID,
  PROP_DEAL_ID,
  PROP_KIND,
  PROP_PLANNED_AT,
  PROP_DONE_AT,
  PROP_IS_DONE,
  PROP_OUTCOME,
  PROP_NOTE,
  PROP_PURPOSE,
  PROP_STAFF_ID,
  PROP_STAFF_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CrmActivity, crm_activity, G_TYPE_OBJECT)

static void
set_int64 (CrmActivity *self,
           gint64      *field,
           gint64       value,
           guint        prop_id)
{
  if (*field != value)
    {
      *field = value;
      g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
    }
}

static void
crm_activity_finalize (GObject *object)
{
  CrmActivity *self = (CrmActivity *)object;

  g_clear_pointer (&self->note, g_free);
  g_clear_pointer (&self->purpose, g_free);
  g_clear_pointer (&self->staff_name, g_free);

  G_OBJECT_CLASS (crm_activity_parent_class)->finalize (object);
}

static void
crm_activity_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  CrmActivity *self = CRM_ACTIVITY (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_CUSTOMER_ID:
      g_value_set_int64 (value, self->customer_id);
      break;

    case PROP_DEAL_ID:
      g_value_set_int64 (value, self->deal_id);
      break;

    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;

    case PROP_PLANNED_AT:
      g_value_set_int64 (value, self->planned_at);
      break;

    case PROP_DONE_AT:
      g_value_set_int64 (value, self->done_at);
      break;

    case PROP_IS_DONE:
      g_value_set_boolean (value, crm_activity_get_is_done (self));
      break;

    case PROP_OUTCOME:
      g_value_set_enum (value, self->outcome);
      break;

    case PROP_NOTE:
      g_value_set_string (value, self->note);
      break;
    case PROP_PURPOSE:
      g_value_set_string (value, self->purpose);
      break;

    case PROP_STAFF_ID:
      g_value_set_int64 (value, self->staff_id);
      break;

    case PROP_STAFF_NAME:
      g_value_set_string (value, self->staff_name);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_activity_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  CrmActivity *self = CRM_ACTIVITY (object);

  switch (prop_id)
    {
    case PROP_ID:
      crm_activity_set_id (self, g_value_get_int64 (value));
      break;

    case PROP_CUSTOMER_ID:
      crm_activity_set_customer_id (self, g_value_get_int64 (value));
      break;

    case PROP_DEAL_ID:
      crm_activity_set_deal_id (self, g_value_get_int64 (value));
      break;

    case PROP_KIND:
      crm_activity_set_kind (self, g_value_get_enum (value));
      break;

    case PROP_PLANNED_AT:
      crm_activity_set_planned_at (self, g_value_get_int64 (value));
      break;

    case PROP_DONE_AT:
      crm_activity_set_done_at (self, g_value_get_int64 (value));
      break;

    case PROP_OUTCOME:
      crm_activity_set_outcome (self, g_value_get_enum (value));
      break;

    case PROP_NOTE:
      crm_activity_set_note (self, g_value_get_string (value));
      break;
    case PROP_PURPOSE:
      crm_activity_set_purpose (self, g_value_get_string (value));
      break;

    case PROP_STAFF_ID:
      crm_activity_set_staff_id (self, g_value_get_int64 (value));
      break;

    case PROP_STAFF_NAME:
      crm_activity_set_staff_name (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_activity_class_init (CrmActivityClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = crm_activity_finalize;
  object_class->get_property = crm_activity_get_property;
  object_class->set_property = crm_activity_set_property;

  properties[PROP_ID] = crm_model_int64_pspec ("id");
  properties[PROP_CUSTOMER_ID] = crm_model_int64_pspec ("customer-id");
  properties[PROP_DEAL_ID] = crm_model_int64_pspec ("deal-id");
  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL,
                       CRM_TYPE_ACTIVITY_KIND,
                       CRM_ACTIVITY_CALL,
                       (G_PARAM_READWRITE |
                        G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS));
  properties[PROP_PLANNED_AT] = crm_model_int64_pspec ("planned-at");
  properties[PROP_DONE_AT] = crm_model_int64_pspec ("done-at");
  properties[PROP_IS_DONE] =
    g_param_spec_boolean ("is-done", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE |
                           G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));
  properties[PROP_OUTCOME] =
    g_param_spec_enum ("outcome", NULL, NULL,
                       CRM_TYPE_OUTCOME,
                       CRM_OUTCOME_NONE,
                       (G_PARAM_READWRITE |
                        G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS));
  properties[PROP_NOTE] = crm_model_string_pspec ("note");
  properties[PROP_PURPOSE] = crm_model_string_pspec ("purpose");
  properties[PROP_STAFF_ID] = crm_model_int64_pspec ("staff-id");
  properties[PROP_STAFF_NAME] = crm_model_string_pspec ("staff-name");

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
crm_activity_init (CrmActivity *self)
{
  self->kind = CRM_ACTIVITY_CALL;
  self->outcome = CRM_OUTCOME_NONE;
}

/**
 * crm_activity_new:
 *
 * Returns: (transfer full): a new call, neither planned nor done
 */
CrmActivity *
crm_activity_new (void)
{
  return g_object_new (CRM_TYPE_ACTIVITY, NULL);
}

gint64
crm_activity_get_id (CrmActivity *self)
{
  g_return_val_if_fail (CRM_IS_ACTIVITY (self), 0);

  return self->id;
}

void
crm_activity_set_id (CrmActivity *self,
                     gint64       id)
{
  g_return_if_fail (CRM_IS_ACTIVITY (self));

  set_int64 (self, &self->id, id, PROP_ID);
}

gint64
crm_activity_get_customer_id (CrmActivity *self)
{
  g_return_val_if_fail (CRM_IS_ACTIVITY (self), 0);

  return self->customer_id;
}

void
crm_activity_set_customer_id (CrmActivity *self,
                              gint64       id)
{
  g_return_if_fail (CRM_IS_ACTIVITY (self));

  set_int64 (self, &self->customer_id, id, PROP_CUSTOMER_ID);
}

gint64
crm_activity_get_deal_id (CrmActivity *self)
{
  g_return_val_if_fail (CRM_IS_ACTIVITY (self), 0);

  return self->deal_id;
}

void
crm_activity_set_deal_id (CrmActivity *self,
                          gint64       id)
{
  g_return_if_fail (CRM_IS_ACTIVITY (self));

  set_int64 (self, &self->deal_id, id, PROP_DEAL_ID);
}

CrmActivityKind
crm_activity_get_kind (CrmActivity *self)
{
  g_return_val_if_fail (CRM_IS_ACTIVITY (self), CRM_ACTIVITY_CALL);

  return self->kind;
}

void
crm_activity_set_kind (CrmActivity     *self,
                       CrmActivityKind  kind)
{
  g_return_if_fail (CRM_IS_ACTIVITY (self));
  g_return_if_fail ((guint) kind < CRM_N_ACTIVITY_KINDS);

  if (self->kind != kind)
    {
      self->kind = kind;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND]);
    }
}

gint64
crm_activity_get_planned_at (CrmActivity *self)
{
  g_return_val_if_fail (CRM_IS_ACTIVITY (self), 0);

  return self->planned_at;
}

void
crm_activity_set_planned_at (CrmActivity *self,
                             gint64       t)
{
  g_return_if_fail (CRM_IS_ACTIVITY (self));

  set_int64 (self, &self->planned_at, t, PROP_PLANNED_AT);
}

gint64
crm_activity_get_done_at (CrmActivity *self)
{
  g_return_val_if_fail (CRM_IS_ACTIVITY (self), 0);

  return self->done_at;
}

/**
 * crm_activity_set_done_at:
 * @self: a #CrmActivity
 * @t: when the activity was done, in UTC seconds; 0 when it is not done
 *
 * Notifies "done-at", and "is-done" too when the activity becomes done or
 * not done.
 */
void
crm_activity_set_done_at (CrmActivity *self,
                          gint64       t)
{
  gboolean was_done;

  g_return_if_fail (CRM_IS_ACTIVITY (self));

  if (self->done_at == t)
    return;

  was_done = self->done_at != 0;
  self->done_at = t;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DONE_AT]);

  if (was_done != (t != 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IS_DONE]);
}

gboolean
crm_activity_get_is_done (CrmActivity *self)
{
  g_return_val_if_fail (CRM_IS_ACTIVITY (self), FALSE);

  return self->done_at != 0;
}

CrmOutcome
crm_activity_get_outcome (CrmActivity *self)
{
  g_return_val_if_fail (CRM_IS_ACTIVITY (self), CRM_OUTCOME_NONE);

  return self->outcome;
}

void
crm_activity_set_outcome (CrmActivity *self,
                          CrmOutcome   outcome)
{
  g_return_if_fail (CRM_IS_ACTIVITY (self));
  g_return_if_fail ((guint) outcome < CRM_N_OUTCOMES);

  if (self->outcome != outcome)
    {
      self->outcome = outcome;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OUTCOME]);
    }
}

const char *
crm_activity_get_note (CrmActivity *self)
{
  g_return_val_if_fail (CRM_IS_ACTIVITY (self), NULL);

  return self->note;
}

/**
 * crm_activity_set_note:
 * @self: a #CrmActivity
 * @note: (nullable): what was said or agreed; "" is stored as %NULL
 */
void
crm_activity_set_note (CrmActivity *self,
                       const char  *note)
{
  g_return_if_fail (CRM_IS_ACTIVITY (self));

  if (note != NULL && note[0] == '\0')
    note = NULL;

  if (g_strcmp0 (self->note, note) != 0)
    {
      g_free (self->note);
      self->note = g_strdup (note);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOTE]);
    }
}

gint64
crm_activity_get_staff_id (CrmActivity *self)
{
  g_return_val_if_fail (CRM_IS_ACTIVITY (self), 0);

  return self->staff_id;
}

void
crm_activity_set_staff_id (CrmActivity *self,
                           gint64       id)
{
  g_return_if_fail (CRM_IS_ACTIVITY (self));

  set_int64 (self, &self->staff_id, id, PROP_STAFF_ID);
}

const char *
crm_activity_get_staff_name (CrmActivity *self)
{
  g_return_val_if_fail (CRM_IS_ACTIVITY (self), NULL);

  return self->staff_name;
}

void
crm_activity_set_staff_name (CrmActivity *self,
                             const char  *name)
{
  g_return_if_fail (CRM_IS_ACTIVITY (self));

  if (g_strcmp0 (self->staff_name, name) != 0)
    {
      g_free (self->staff_name);
      self->staff_name = g_strdup (name);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STAFF_NAME]);
    }
}

const char *
crm_activity_get_purpose (CrmActivity *self)
{
  g_return_val_if_fail (CRM_IS_ACTIVITY (self), NULL);

  return self->purpose;
}

/**
 * crm_activity_set_purpose:
 * @purpose: (nullable): why the follow-up is planned ("confirm the test
 *   drive"); "" is stored as %NULL
 */
void
crm_activity_set_purpose (CrmActivity *self,
                          const char  *purpose)
{
  g_return_if_fail (CRM_IS_ACTIVITY (self));

  if (purpose != NULL && purpose[0] == '\0')
    purpose = NULL;

  if (g_strcmp0 (self->purpose, purpose) != 0)
    {
      g_free (self->purpose);
      self->purpose = g_strdup (purpose);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PURPOSE]);
    }
}
