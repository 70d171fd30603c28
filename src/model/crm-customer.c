/* crm-customer.c: one person who may buy a car
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-customer"

#include "config.h"

#include "crm-customer.h"
#include "crm-model-enum-types.h"
#include "crm-model-private.h"

struct _CrmCustomer
{
  GObject       parent_instance;

  gint64        id;
  char         *name;
  char        **phones;       /* never NULL, primary first */
  char         *wechat;
  CrmGender     gender;
  char         *city;
  CrmChannel    channel;
  CrmGrade      grade;
  gint64        budget_min;
  gint64        budget_max;
  CrmTimeframe  timeframe;
  char        **tags;         /* never NULL */
  GVariant     *model_ids;    /* "ax", never NULL, never floating */
  char         *models_label;
  gint64        owner_id;
  char         *owner_name;
  char         *birthday;
  char         *notes;
  gint64        created_at;
  gint64        updated_at;
  gint64        updated_by;
  gint64        version;
  gint64        last_contact_at;
  gint64        next_followup_at;
};

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_PHONES,
  PROP_PHONE,
  PROP_WECHAT,
  PROP_GENDER,
  PROP_CITY,
  PROP_CHANNEL,
  PROP_GRADE,
  PROP_BUDGET_MIN,
  PROP_BUDGET_MAX,
  PROP_TIMEFRAME,
  PROP_TAGS,
  PROP_MODEL_IDS,
  PROP_MODELS_LABEL,
  PROP_OWNER_ID,
  PROP_OWNER_NAME,
  PROP_BIRTHDAY,
  PROP_NOTES,
  PROP_CREATED_AT,
  PROP_UPDATED_AT,
  PROP_UPDATED_BY,
  PROP_VERSION,
  PROP_LAST_CONTACT_AT,
  PROP_NEXT_FOLLOWUP_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CrmCustomer, crm_customer, G_TYPE_OBJECT)

static const char * const empty_strv[] = { NULL };

static GVariant *
new_empty_model_ids (void)
{
  return g_variant_ref_sink (g_variant_new_array (G_VARIANT_TYPE_INT64, NULL, 0));
}

/* Optional text fields treat "" as "not given", so that an emptied entry in
 * the editor compares equal to a field that was never filled in. */
static inline const char *
empty_to_null (const char *str)
{
  return (str != NULL && str[0] != '\0') ? str : NULL;
}

static void
set_int64 (CrmCustomer *self,
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
set_string (CrmCustomer  *self,
            char        **field,
            const char   *value,
            guint         prop_id)
{
  if (g_strcmp0 (*field, value) != 0)
    {
      g_free (*field);
      *field = g_strdup (value);
      g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
    }
}

/* A NULL list and an empty list are the same list. */
static gboolean
set_strv (CrmCustomer         *self,
          char              ***field,
          const char * const  *value,
          guint                prop_id)
{
  if (value == NULL)
    value = empty_strv;

  if (g_strv_equal ((const char * const *) *field, value))
    return FALSE;

  g_strfreev (*field);
  *field = g_strdupv ((char **) value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);

  return TRUE;
}

static void
crm_customer_finalize (GObject *object)
{
  CrmCustomer *self = (CrmCustomer *)object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->phones, g_strfreev);
  g_clear_pointer (&self->wechat, g_free);
  g_clear_pointer (&self->city, g_free);
  g_clear_pointer (&self->tags, g_strfreev);
  g_clear_pointer (&self->model_ids, g_variant_unref);
  g_clear_pointer (&self->models_label, g_free);
  g_clear_pointer (&self->owner_name, g_free);
  g_clear_pointer (&self->birthday, g_free);
  g_clear_pointer (&self->notes, g_free);

  G_OBJECT_CLASS (crm_customer_parent_class)->finalize (object);
}

static void
crm_customer_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  CrmCustomer *self = CRM_CUSTOMER (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_PHONES:
      g_value_set_boxed (value, self->phones);
      break;

    case PROP_PHONE:
      g_value_set_string (value, crm_customer_get_phone (self));
      break;

    case PROP_WECHAT:
      g_value_set_string (value, self->wechat);
      break;

    case PROP_GENDER:
      g_value_set_enum (value, self->gender);
      break;

    case PROP_CITY:
      g_value_set_string (value, self->city);
      break;

    case PROP_CHANNEL:
      g_value_set_enum (value, self->channel);
      break;

    case PROP_GRADE:
      g_value_set_enum (value, self->grade);
      break;

    case PROP_BUDGET_MIN:
      g_value_set_int64 (value, self->budget_min);
      break;

    case PROP_BUDGET_MAX:
      g_value_set_int64 (value, self->budget_max);
      break;

    case PROP_TIMEFRAME:
      g_value_set_enum (value, self->timeframe);
      break;

    case PROP_TAGS:
      g_value_set_boxed (value, self->tags);
      break;

    case PROP_MODEL_IDS:
      g_value_set_variant (value, self->model_ids);
      break;

    case PROP_MODELS_LABEL:
      g_value_set_string (value, self->models_label);
      break;

    case PROP_OWNER_ID:
      g_value_set_int64 (value, self->owner_id);
      break;

    case PROP_OWNER_NAME:
      g_value_set_string (value, self->owner_name);
      break;

    case PROP_BIRTHDAY:
      g_value_set_string (value, self->birthday);
      break;

    case PROP_NOTES:
      g_value_set_string (value, self->notes);
      break;

    case PROP_CREATED_AT:
      g_value_set_int64 (value, self->created_at);
      break;

    case PROP_UPDATED_AT:
      g_value_set_int64 (value, self->updated_at);
      break;

    case PROP_UPDATED_BY:
      g_value_set_int64 (value, self->updated_by);
      break;

    case PROP_VERSION:
      g_value_set_int64 (value, self->version);
      break;

    case PROP_LAST_CONTACT_AT:
      g_value_set_int64 (value, self->last_contact_at);
      break;

    case PROP_NEXT_FOLLOWUP_AT:
      g_value_set_int64 (value, self->next_followup_at);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_customer_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  CrmCustomer *self = CRM_CUSTOMER (object);

  switch (prop_id)
    {
    case PROP_ID:
      crm_customer_set_id (self, g_value_get_int64 (value));
      break;

    case PROP_NAME:
      crm_customer_set_name (self, g_value_get_string (value));
      break;

    case PROP_PHONES:
      crm_customer_set_phones (self, g_value_get_boxed (value));
      break;

    case PROP_WECHAT:
      crm_customer_set_wechat (self, g_value_get_string (value));
      break;

    case PROP_GENDER:
      crm_customer_set_gender (self, g_value_get_enum (value));
      break;

    case PROP_CITY:
      crm_customer_set_city (self, g_value_get_string (value));
      break;

    case PROP_CHANNEL:
      crm_customer_set_channel (self, g_value_get_enum (value));
      break;

    case PROP_GRADE:
      crm_customer_set_grade (self, g_value_get_enum (value));
      break;

    case PROP_BUDGET_MIN:
      crm_customer_set_budget_min (self, g_value_get_int64 (value));
      break;

    case PROP_BUDGET_MAX:
      crm_customer_set_budget_max (self, g_value_get_int64 (value));
      break;

    case PROP_TIMEFRAME:
      crm_customer_set_timeframe (self, g_value_get_enum (value));
      break;

    case PROP_TAGS:
      crm_customer_set_tags (self, g_value_get_boxed (value));
      break;

    case PROP_MODEL_IDS:
      crm_customer_set_model_ids (self, g_value_get_variant (value));
      break;

    case PROP_MODELS_LABEL:
      crm_customer_set_models_label (self, g_value_get_string (value));
      break;

    case PROP_OWNER_ID:
      crm_customer_set_owner_id (self, g_value_get_int64 (value));
      break;

    case PROP_OWNER_NAME:
      crm_customer_set_owner_name (self, g_value_get_string (value));
      break;

    case PROP_BIRTHDAY:
      crm_customer_set_birthday (self, g_value_get_string (value));
      break;

    case PROP_NOTES:
      crm_customer_set_notes (self, g_value_get_string (value));
      break;

    case PROP_CREATED_AT:
      crm_customer_set_created_at (self, g_value_get_int64 (value));
      break;

    case PROP_UPDATED_AT:
      crm_customer_set_updated_at (self, g_value_get_int64 (value));
      break;

    case PROP_UPDATED_BY:
      crm_customer_set_updated_by (self, g_value_get_int64 (value));
      break;

    case PROP_VERSION:
      crm_customer_set_version (self, g_value_get_int64 (value));
      break;

    case PROP_LAST_CONTACT_AT:
      crm_customer_set_last_contact_at (self, g_value_get_int64 (value));
      break;

    case PROP_NEXT_FOLLOWUP_AT:
      crm_customer_set_next_followup_at (self, g_value_get_int64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
enum_pspec (const char *name,
            GType       enum_type,
            int         default_value)
{
  return g_param_spec_enum (name, NULL, NULL,
                            enum_type, default_value,
                            (G_PARAM_READWRITE |
                             G_PARAM_EXPLICIT_NOTIFY |
                             G_PARAM_STATIC_STRINGS));
}

static GParamSpec *
strv_pspec (const char *name)
{
  return g_param_spec_boxed (name, NULL, NULL,
                             G_TYPE_STRV,
                             (G_PARAM_READWRITE |
                              G_PARAM_EXPLICIT_NOTIFY |
                              G_PARAM_STATIC_STRINGS));
}

static void
crm_customer_class_init (CrmCustomerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = crm_customer_finalize;
  object_class->get_property = crm_customer_get_property;
  object_class->set_property = crm_customer_set_property;

  properties[PROP_ID] = crm_model_int64_pspec ("id");
  properties[PROP_NAME] = crm_model_string_pspec ("name");
  properties[PROP_PHONES] = strv_pspec ("phones");
  properties[PROP_PHONE] =
    g_param_spec_string ("phone", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));
  properties[PROP_WECHAT] = crm_model_string_pspec ("wechat");
  properties[PROP_GENDER] = enum_pspec ("gender", CRM_TYPE_GENDER, CRM_GENDER_UNKNOWN);
  properties[PROP_CITY] = crm_model_string_pspec ("city");
  properties[PROP_CHANNEL] = enum_pspec ("channel", CRM_TYPE_CHANNEL, CRM_CHANNEL_UNKNOWN);
  properties[PROP_GRADE] = enum_pspec ("grade", CRM_TYPE_GRADE, CRM_GRADE_N);
  properties[PROP_BUDGET_MIN] = crm_model_int64_pspec ("budget-min");
  properties[PROP_BUDGET_MAX] = crm_model_int64_pspec ("budget-max");
  properties[PROP_TIMEFRAME] = enum_pspec ("timeframe", CRM_TYPE_TIMEFRAME, CRM_TIMEFRAME_UNKNOWN);
  properties[PROP_TAGS] = strv_pspec ("tags");
  /* The default is NULL, not an empty array, so that g_object_set() with
   * NULL passes validation; the setter turns NULL into an empty array. */
  properties[PROP_MODEL_IDS] =
    g_param_spec_variant ("model-ids", NULL, NULL,
                          G_VARIANT_TYPE ("ax"),
                          NULL,
                          (G_PARAM_READWRITE |
                           G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));
  properties[PROP_MODELS_LABEL] = crm_model_string_pspec ("models-label");
  properties[PROP_OWNER_ID] = crm_model_int64_pspec ("owner-id");
  properties[PROP_OWNER_NAME] = crm_model_string_pspec ("owner-name");
  properties[PROP_BIRTHDAY] = crm_model_string_pspec ("birthday");
  properties[PROP_NOTES] = crm_model_string_pspec ("notes");
  properties[PROP_CREATED_AT] = crm_model_int64_pspec ("created-at");
  properties[PROP_UPDATED_AT] = crm_model_int64_pspec ("updated-at");
  properties[PROP_UPDATED_BY] = crm_model_int64_pspec ("updated-by");
  properties[PROP_VERSION] = crm_model_int64_pspec ("version");
  properties[PROP_LAST_CONTACT_AT] = crm_model_int64_pspec ("last-contact-at");
  properties[PROP_NEXT_FOLLOWUP_AT] = crm_model_int64_pspec ("next-followup-at");

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
crm_customer_init (CrmCustomer *self)
{
  self->phones = g_new0 (char *, 1);
  self->tags = g_new0 (char *, 1);
  self->model_ids = new_empty_model_ids ();
  self->gender = CRM_GENDER_UNKNOWN;
  self->channel = CRM_CHANNEL_UNKNOWN;
  self->grade = CRM_GRADE_N;
  self->timeframe = CRM_TIMEFRAME_UNKNOWN;
}

/**
 * crm_customer_new:
 *
 * Returns: (transfer full): a new customer with nothing filled in
 */
CrmCustomer *
crm_customer_new (void)
{
  return g_object_new (CRM_TYPE_CUSTOMER, NULL);
}

/**
 * crm_customer_assign:
 * @self: a customer, perhaps shown somewhere
 * @from: the same customer as read again
 *
 * Gives @self every value of @from, notifying what changed: a row that
 * shows @self follows (a list's row read in the background).
 */
void
crm_customer_assign (CrmCustomer *self,
                     CrmCustomer *from)
{
  g_autofree GParamSpec **specs = NULL;
  guint n_specs = 0;

  g_return_if_fail (CRM_IS_CUSTOMER (self));
  g_return_if_fail (CRM_IS_CUSTOMER (from));

  specs = g_object_class_list_properties (G_OBJECT_GET_CLASS (from), &n_specs);
  g_object_freeze_notify (G_OBJECT (self));
  for (guint i = 0; i < n_specs; i++)
    if ((specs[i]->flags & G_PARAM_WRITABLE) != 0 && (specs[i]->flags & G_PARAM_CONSTRUCT_ONLY) == 0)
      {
        g_auto(GValue) value = G_VALUE_INIT;

        g_value_init (&value, specs[i]->value_type);
        g_object_get_property (G_OBJECT (from), specs[i]->name, &value);
        g_object_set_property (G_OBJECT (self), specs[i]->name, &value);
      }
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * crm_customer_copy:
 * @self: a #CrmCustomer
 *
 * Makes an independent copy carrying every property of @self, for an editor
 * to change without touching the object shown elsewhere.
 *
 * Returns: (transfer full): a new #CrmCustomer
 */
CrmCustomer *
crm_customer_copy (CrmCustomer *self)
{
  CrmCustomer *copy;

  g_return_val_if_fail (CRM_IS_CUSTOMER (self), NULL);

  copy = crm_customer_new ();

  /* Nobody can be listening to @copy yet, so fields are filled directly.
   * A property added to the struct must be added here too; the test
   * "/model/customer/copy" compares every property. */
  copy->id = self->id;
  copy->name = g_strdup (self->name);
  g_strfreev (copy->phones);
  copy->phones = g_strdupv (self->phones);
  copy->wechat = g_strdup (self->wechat);
  copy->gender = self->gender;
  copy->city = g_strdup (self->city);
  copy->channel = self->channel;
  copy->grade = self->grade;
  copy->budget_min = self->budget_min;
  copy->budget_max = self->budget_max;
  copy->timeframe = self->timeframe;
  g_strfreev (copy->tags);
  copy->tags = g_strdupv (self->tags);
  /* GVariants are immutable, so the copy may share it. */
  g_variant_unref (copy->model_ids);
  copy->model_ids = g_variant_ref (self->model_ids);
  copy->models_label = g_strdup (self->models_label);
  copy->owner_id = self->owner_id;
  copy->owner_name = g_strdup (self->owner_name);
  copy->birthday = g_strdup (self->birthday);
  copy->notes = g_strdup (self->notes);
  copy->created_at = self->created_at;
  copy->updated_at = self->updated_at;
  copy->updated_by = self->updated_by;
  copy->version = self->version;
  copy->last_contact_at = self->last_contact_at;
  copy->next_followup_at = self->next_followup_at;

  return copy;
}

gint64
crm_customer_get_id (CrmCustomer *self)
{
  g_return_val_if_fail (CRM_IS_CUSTOMER (self), 0);

  return self->id;
}

void
crm_customer_set_id (CrmCustomer *self,
                     gint64       id)
{
  g_return_if_fail (CRM_IS_CUSTOMER (self));

  set_int64 (self, &self->id, id, PROP_ID);
}

const char *
crm_customer_get_name (CrmCustomer *self)
{
  g_return_val_if_fail (CRM_IS_CUSTOMER (self), NULL);

  return self->name;
}

void
crm_customer_set_name (CrmCustomer *self,
                       const char  *name)
{
  g_return_if_fail (CRM_IS_CUSTOMER (self));

  set_string (self, &self->name, name, PROP_NAME);
}

/**
 * crm_customer_get_phones:
 * @self: a #CrmCustomer
 *
 * Returns: (transfer none) (array zero-terminated=1) (not nullable): the
 *   customer's normalised numbers, primary first; empty when there is none
 */
const char * const *
crm_customer_get_phones (CrmCustomer *self)
{
  g_return_val_if_fail (CRM_IS_CUSTOMER (self), NULL);

  return (const char * const *) self->phones;
}

/**
 * crm_customer_set_phones:
 * @self: a #CrmCustomer
 * @phones: (nullable) (array zero-terminated=1): normalised numbers, primary
 *   first; %NULL is the same as an empty list
 *
 * Notifies "phones", and "phone" too when the primary number changes.
 */
void
crm_customer_set_phones (CrmCustomer        *self,
                         const char * const *phones)
{
  g_autofree char *old_phone = NULL;

  g_return_if_fail (CRM_IS_CUSTOMER (self));

  old_phone = g_strdup (self->phones[0]);

  if (set_strv (self, &self->phones, phones, PROP_PHONES) &&
      g_strcmp0 (old_phone, self->phones[0]) != 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PHONE]);
}

/**
 * crm_customer_get_phone:
 * @self: a #CrmCustomer
 *
 * Returns: (transfer none) (nullable): the primary number, or %NULL
 */
const char *
crm_customer_get_phone (CrmCustomer *self)
{
  g_return_val_if_fail (CRM_IS_CUSTOMER (self), NULL);

  return self->phones[0];
}

const char *
crm_customer_get_wechat (CrmCustomer *self)
{
  g_return_val_if_fail (CRM_IS_CUSTOMER (self), NULL);

  return self->wechat;
}

void
crm_customer_set_wechat (CrmCustomer *self,
                         const char  *wechat)
{
  g_return_if_fail (CRM_IS_CUSTOMER (self));

  set_string (self, &self->wechat, empty_to_null (wechat), PROP_WECHAT);
}

CrmGender
crm_customer_get_gender (CrmCustomer *self)
{
  g_return_val_if_fail (CRM_IS_CUSTOMER (self), CRM_GENDER_UNKNOWN);

  return self->gender;
}

void
crm_customer_set_gender (CrmCustomer *self,
                         CrmGender    gender)
{
  g_return_if_fail (CRM_IS_CUSTOMER (self));
  g_return_if_fail ((guint) gender < CRM_N_GENDERS);

  if (self->gender != gender)
    {
      self->gender = gender;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GENDER]);
    }
}

const char *
crm_customer_get_city (CrmCustomer *self)
{
  g_return_val_if_fail (CRM_IS_CUSTOMER (self), NULL);

  return self->city;
}

void
crm_customer_set_city (CrmCustomer *self,
                       const char  *city)
{
  g_return_if_fail (CRM_IS_CUSTOMER (self));

  set_string (self, &self->city, empty_to_null (city), PROP_CITY);
}

CrmChannel
crm_customer_get_channel (CrmCustomer *self)
{
  g_return_val_if_fail (CRM_IS_CUSTOMER (self), CRM_CHANNEL_UNKNOWN);

  return self->channel;
}

void
crm_customer_set_channel (CrmCustomer *self,
                          CrmChannel   channel)
{
  g_return_if_fail (CRM_IS_CUSTOMER (self));
  g_return_if_fail ((guint) channel < CRM_N_CHANNELS);

  if (self->channel != channel)
    {
      self->channel = channel;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHANNEL]);
    }
}

CrmGrade
crm_customer_get_grade (CrmCustomer *self)
{
  g_return_val_if_fail (CRM_IS_CUSTOMER (self), CRM_GRADE_N);

  return self->grade;
}

void
crm_customer_set_grade (CrmCustomer *self,
                        CrmGrade     grade)
{
  g_return_if_fail (CRM_IS_CUSTOMER (self));
  g_return_if_fail ((guint) grade < CRM_N_GRADES);

  if (self->grade != grade)
    {
      self->grade = grade;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GRADE]);
    }
}

gint64
crm_customer_get_budget_min (CrmCustomer *self)
{
  g_return_val_if_fail (CRM_IS_CUSTOMER (self), 0);

  return self->budget_min;
}

void
crm_customer_set_budget_min (CrmCustomer *self,
                             gint64       fen)
{
  g_return_if_fail (CRM_IS_CUSTOMER (self));

  set_int64 (self, &self->budget_min, fen, PROP_BUDGET_MIN);
}

gint64
crm_customer_get_budget_max (CrmCustomer *self)
{
  g_return_val_if_fail (CRM_IS_CUSTOMER (self), 0);

  return self->budget_max;
}

void
crm_customer_set_budget_max (CrmCustomer *self,
                             gint64       fen)
{
  g_return_if_fail (CRM_IS_CUSTOMER (self));

  set_int64 (self, &self->budget_max, fen, PROP_BUDGET_MAX);
}

CrmTimeframe
crm_customer_get_timeframe (CrmCustomer *self)
{
  g_return_val_if_fail (CRM_IS_CUSTOMER (self), CRM_TIMEFRAME_UNKNOWN);

  return self->timeframe;
}

void
crm_customer_set_timeframe (CrmCustomer  *self,
                            CrmTimeframe  timeframe)
{
  g_return_if_fail (CRM_IS_CUSTOMER (self));
  g_return_if_fail ((guint) timeframe < CRM_N_TIMEFRAMES);

  if (self->timeframe != timeframe)
    {
      self->timeframe = timeframe;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEFRAME]);
    }
}

/**
 * crm_customer_get_tags:
 * @self: a #CrmCustomer
 *
 * Returns: (transfer none) (array zero-terminated=1) (not nullable): the
 *   interest tags; empty when there is none
 */
const char * const *
crm_customer_get_tags (CrmCustomer *self)
{
  g_return_val_if_fail (CRM_IS_CUSTOMER (self), NULL);

  return (const char * const *) self->tags;
}

/**
 * crm_customer_set_tags:
 * @self: a #CrmCustomer
 * @tags: (nullable) (array zero-terminated=1): interest tags; %NULL is the
 *   same as an empty list
 */
void
crm_customer_set_tags (CrmCustomer        *self,
                       const char * const *tags)
{
  g_return_if_fail (CRM_IS_CUSTOMER (self));

  set_strv (self, &self->tags, tags, PROP_TAGS);
}

/**
 * crm_customer_get_model_ids:
 * @self: a #CrmCustomer
 *
 * Returns: (transfer none) (not nullable): an "ax" array of catalogue ids
 */
GVariant *
crm_customer_get_model_ids (CrmCustomer *self)
{
  g_return_val_if_fail (CRM_IS_CUSTOMER (self), NULL);

  return self->model_ids;
}

/**
 * crm_customer_set_model_ids:
 * @self: a #CrmCustomer
 * @ids: (nullable): an "ax" array of catalogue ids; a floating reference is
 *   sunk; %NULL is the same as an empty array
 */
void
crm_customer_set_model_ids (CrmCustomer *self,
                            GVariant    *ids)
{
  g_autoptr(GVariant) new_ids = NULL;

  g_return_if_fail (CRM_IS_CUSTOMER (self));
  g_return_if_fail (ids == NULL || g_variant_is_of_type (ids, G_VARIANT_TYPE ("ax")));

  /* Sinking first means a floating @ids is consumed even when unchanged. */
  if (ids != NULL)
    new_ids = g_variant_ref_sink (ids);
  else
    new_ids = new_empty_model_ids ();

  if (g_variant_equal (self->model_ids, new_ids))
    return;

  g_variant_unref (self->model_ids);
  self->model_ids = g_steal_pointer (&new_ids);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL_IDS]);
}

const char *
crm_customer_get_models_label (CrmCustomer *self)
{
  g_return_val_if_fail (CRM_IS_CUSTOMER (self), NULL);

  return self->models_label;
}

void
crm_customer_set_models_label (CrmCustomer *self,
                               const char  *label)
{
  g_return_if_fail (CRM_IS_CUSTOMER (self));

  set_string (self, &self->models_label, label, PROP_MODELS_LABEL);
}

gint64
crm_customer_get_owner_id (CrmCustomer *self)
{
  g_return_val_if_fail (CRM_IS_CUSTOMER (self), 0);

  return self->owner_id;
}

void
crm_customer_set_owner_id (CrmCustomer *self,
                           gint64       staff_id)
{
  g_return_if_fail (CRM_IS_CUSTOMER (self));

  set_int64 (self, &self->owner_id, staff_id, PROP_OWNER_ID);
}

const char *
crm_customer_get_owner_name (CrmCustomer *self)
{
  g_return_val_if_fail (CRM_IS_CUSTOMER (self), NULL);

  return self->owner_name;
}

void
crm_customer_set_owner_name (CrmCustomer *self,
                             const char  *name)
{
  g_return_if_fail (CRM_IS_CUSTOMER (self));

  set_string (self, &self->owner_name, name, PROP_OWNER_NAME);
}

const char *
crm_customer_get_birthday (CrmCustomer *self)
{
  g_return_val_if_fail (CRM_IS_CUSTOMER (self), NULL);

  return self->birthday;
}

/**
 * crm_customer_set_birthday:
 * @self: a #CrmCustomer
 * @iso_date: (nullable): "YYYY-MM-DD"; %NULL or "" when not known
 *
 * The date is stored as given: checking it is the editor's job, where a
 * mistake can be reported to the person typing it.
 */
void
crm_customer_set_birthday (CrmCustomer *self,
                           const char  *iso_date)
{
  g_return_if_fail (CRM_IS_CUSTOMER (self));

  set_string (self, &self->birthday, empty_to_null (iso_date), PROP_BIRTHDAY);
}

const char *
crm_customer_get_notes (CrmCustomer *self)
{
  g_return_val_if_fail (CRM_IS_CUSTOMER (self), NULL);

  return self->notes;
}

void
crm_customer_set_notes (CrmCustomer *self,
                        const char  *notes)
{
  g_return_if_fail (CRM_IS_CUSTOMER (self));

  set_string (self, &self->notes, empty_to_null (notes), PROP_NOTES);
}

gint64
crm_customer_get_created_at (CrmCustomer *self)
{
  g_return_val_if_fail (CRM_IS_CUSTOMER (self), 0);

  return self->created_at;
}

void
crm_customer_set_created_at (CrmCustomer *self,
                             gint64       t)
{
  g_return_if_fail (CRM_IS_CUSTOMER (self));

  set_int64 (self, &self->created_at, t, PROP_CREATED_AT);
}

/* Who saved the customer last (a staff id, 0 = unknown) */
gint64
crm_customer_get_updated_by (CrmCustomer *self)
{
  g_return_val_if_fail (CRM_IS_CUSTOMER (self), 0);

  return self->updated_by;
}

void
crm_customer_set_updated_by (CrmCustomer *self,
                             gint64       staff_id)
{
  g_return_if_fail (CRM_IS_CUSTOMER (self));

  set_int64 (self, &self->updated_by, staff_id, PROP_UPDATED_BY);
}

/* The row's version when it was read: a save made against an older one
 * is refused as a conflict (0: not read from the store, not checked) */
gint64
crm_customer_get_version (CrmCustomer *self)
{
  g_return_val_if_fail (CRM_IS_CUSTOMER (self), 0);

  return self->version;
}

void
crm_customer_set_version (CrmCustomer *self,
                          gint64       version)
{
  g_return_if_fail (CRM_IS_CUSTOMER (self));

  set_int64 (self, &self->version, version, PROP_VERSION);
}

gint64
crm_customer_get_updated_at (CrmCustomer *self)
{
  g_return_val_if_fail (CRM_IS_CUSTOMER (self), 0);

  return self->updated_at;
}

void
crm_customer_set_updated_at (CrmCustomer *self,
                             gint64       t)
{
  g_return_if_fail (CRM_IS_CUSTOMER (self));

  set_int64 (self, &self->updated_at, t, PROP_UPDATED_AT);
}

gint64
crm_customer_get_last_contact_at (CrmCustomer *self)
{
  g_return_val_if_fail (CRM_IS_CUSTOMER (self), 0);

  return self->last_contact_at;
}

void
crm_customer_set_last_contact_at (CrmCustomer *self,
                                  gint64       t)
{
  g_return_if_fail (CRM_IS_CUSTOMER (self));

  set_int64 (self, &self->last_contact_at, t, PROP_LAST_CONTACT_AT);
}

gint64
crm_customer_get_next_followup_at (CrmCustomer *self)
{
  g_return_val_if_fail (CRM_IS_CUSTOMER (self), 0);

  return self->next_followup_at;
}

void
crm_customer_set_next_followup_at (CrmCustomer *self,
                                   gint64       t)
{
  g_return_if_fail (CRM_IS_CUSTOMER (self));

  set_int64 (self, &self->next_followup_at, t, PROP_NEXT_FOLLOWUP_AT);
}
