/* crm-deal.c: one purchase a customer may make, moving through the funnel
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-deal"

#include "config.h"

#include "crm-deal.h"
#include "crm-model-enum-types.h"
#include "crm-model-private.h"

struct _CrmDeal
{
  GObject        parent_instance;

  gint64         id;
  gint64         customer_id;
  gint64         model_id;
  char          *model_name;
  CrmStage       stage;
  gint64         stage_entered_at;
  gint64         expected_close;
  CrmLostReason  lost_reason;
  char          *lost_note;
  gint64         owner_id;
  gint64         created_at;

  /* Filled by the store for the board */
  gint64         price;
  gint64         guide_price;
  gint64         next_followup_at;
  gint64         last_contact_at;
  gint64         lost_requested_at;
  char          *customer_name;
  char          *owner_name;
  char          *request_comment;
  CrmGrade       customer_grade;
};

enum {
  PROP_0,
  PROP_ID,
  PROP_CUSTOMER_ID,
  PROP_MODEL_ID,
  PROP_MODEL_NAME,
  PROP_STAGE,
  PROP_STAGE_ENTERED_AT,
  PROP_EXPECTED_CLOSE,
  PROP_LOST_REASON,
  PROP_LOST_NOTE,
  PROP_OWNER_ID,
  PROP_CREATED_AT,
  PROP_PRICE,
  PROP_GUIDE_PRICE,
  PROP_NEXT_FOLLOWUP_AT,
  PROP_LAST_CONTACT_AT,
  PROP_LOST_REQUESTED_AT,
  PROP_CUSTOMER_NAME,
  PROP_OWNER_NAME,
  PROP_REQUEST_COMMENT,
  PROP_CUSTOMER_GRADE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CrmDeal, crm_deal, G_TYPE_OBJECT)

static void
set_int64 (CrmDeal *self,
           gint64  *field,
           gint64   value,
           guint    prop_id)
{
  if (*field != value)
    {
      *field = value;
      g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
    }
}

static void
crm_deal_finalize (GObject *object)
{
  CrmDeal *self = (CrmDeal *)object;

  g_clear_pointer (&self->model_name, g_free);
  g_clear_pointer (&self->lost_note, g_free);
  g_clear_pointer (&self->customer_name, g_free);
  g_clear_pointer (&self->owner_name, g_free);
  g_clear_pointer (&self->request_comment, g_free);

  G_OBJECT_CLASS (crm_deal_parent_class)->finalize (object);
}

static void
crm_deal_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  CrmDeal *self = CRM_DEAL (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_CUSTOMER_ID:
      g_value_set_int64 (value, self->customer_id);
      break;

    case PROP_MODEL_ID:
      g_value_set_int64 (value, self->model_id);
      break;

    case PROP_MODEL_NAME:
      g_value_set_string (value, self->model_name);
      break;

    case PROP_STAGE:
      g_value_set_enum (value, self->stage);
      break;

    case PROP_STAGE_ENTERED_AT:
      g_value_set_int64 (value, self->stage_entered_at);
      break;

    case PROP_EXPECTED_CLOSE:
      g_value_set_int64 (value, self->expected_close);
      break;

    case PROP_LOST_REASON:
      g_value_set_enum (value, self->lost_reason);
      break;

    case PROP_LOST_NOTE:
      g_value_set_string (value, self->lost_note);
      break;

    case PROP_OWNER_ID:
      g_value_set_int64 (value, self->owner_id);
      break;

    case PROP_CREATED_AT:
      g_value_set_int64 (value, self->created_at);
      break;

    case PROP_PRICE:
      g_value_set_int64 (value, self->price);
      break;

    case PROP_GUIDE_PRICE:
      g_value_set_int64 (value, self->guide_price);
      break;

    case PROP_NEXT_FOLLOWUP_AT:
      g_value_set_int64 (value, self->next_followup_at);
      break;

    case PROP_LAST_CONTACT_AT:
      g_value_set_int64 (value, self->last_contact_at);
      break;

    case PROP_LOST_REQUESTED_AT:
      g_value_set_int64 (value, self->lost_requested_at);
      break;

    case PROP_CUSTOMER_NAME:
      g_value_set_string (value, self->customer_name);
      break;

    case PROP_OWNER_NAME:
      g_value_set_string (value, self->owner_name);
      break;

    case PROP_REQUEST_COMMENT:
      g_value_set_string (value, self->request_comment);
      break;

    case PROP_CUSTOMER_GRADE:
      g_value_set_enum (value, self->customer_grade);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_deal_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  CrmDeal *self = CRM_DEAL (object);

  switch (prop_id)
    {
    case PROP_ID:
      crm_deal_set_id (self, g_value_get_int64 (value));
      break;

    case PROP_CUSTOMER_ID:
      crm_deal_set_customer_id (self, g_value_get_int64 (value));
      break;

    case PROP_MODEL_ID:
      crm_deal_set_model_id (self, g_value_get_int64 (value));
      break;

    case PROP_MODEL_NAME:
      crm_deal_set_model_name (self, g_value_get_string (value));
      break;

    case PROP_STAGE:
      crm_deal_set_stage (self, g_value_get_enum (value));
      break;

    case PROP_STAGE_ENTERED_AT:
      crm_deal_set_stage_entered_at (self, g_value_get_int64 (value));
      break;

    case PROP_EXPECTED_CLOSE:
      crm_deal_set_expected_close (self, g_value_get_int64 (value));
      break;

    case PROP_LOST_REASON:
      crm_deal_set_lost_reason (self, g_value_get_enum (value));
      break;

    case PROP_LOST_NOTE:
      crm_deal_set_lost_note (self, g_value_get_string (value));
      break;

    case PROP_OWNER_ID:
      crm_deal_set_owner_id (self, g_value_get_int64 (value));
      break;

    case PROP_CREATED_AT:
      crm_deal_set_created_at (self, g_value_get_int64 (value));
      break;

    case PROP_PRICE:
      crm_deal_set_price (self, g_value_get_int64 (value));
      break;

    case PROP_GUIDE_PRICE:
      crm_deal_set_guide_price (self, g_value_get_int64 (value));
      break;

    case PROP_NEXT_FOLLOWUP_AT:
      crm_deal_set_next_followup_at (self, g_value_get_int64 (value));
      break;

    case PROP_LAST_CONTACT_AT:
      crm_deal_set_last_contact_at (self, g_value_get_int64 (value));
      break;

    case PROP_LOST_REQUESTED_AT:
      crm_deal_set_lost_requested_at (self, g_value_get_int64 (value));
      break;

    case PROP_CUSTOMER_NAME:
      crm_deal_set_customer_name (self, g_value_get_string (value));
      break;

    case PROP_OWNER_NAME:
      crm_deal_set_owner_name (self, g_value_get_string (value));
      break;

    case PROP_REQUEST_COMMENT:
      crm_deal_set_request_comment (self, g_value_get_string (value));
      break;

    case PROP_CUSTOMER_GRADE:
      crm_deal_set_customer_grade (self, g_value_get_enum (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_deal_class_init (CrmDealClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = crm_deal_finalize;
  object_class->get_property = crm_deal_get_property;
  object_class->set_property = crm_deal_set_property;

  properties[PROP_ID] = crm_model_int64_pspec ("id");
  properties[PROP_CUSTOMER_ID] = crm_model_int64_pspec ("customer-id");
  properties[PROP_MODEL_ID] = crm_model_int64_pspec ("model-id");
  properties[PROP_MODEL_NAME] = crm_model_string_pspec ("model-name");
  properties[PROP_STAGE] =
    g_param_spec_enum ("stage", NULL, NULL,
                       CRM_TYPE_STAGE,
                       CRM_STAGE_NEW_LEAD,
                       (G_PARAM_READWRITE |
                        G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS));
  properties[PROP_STAGE_ENTERED_AT] = crm_model_int64_pspec ("stage-entered-at");
  properties[PROP_EXPECTED_CLOSE] = crm_model_int64_pspec ("expected-close");
  properties[PROP_LOST_REASON] =
    g_param_spec_enum ("lost-reason", NULL, NULL,
                       CRM_TYPE_LOST_REASON,
                       CRM_LOST_REASON_NONE,
                       (G_PARAM_READWRITE |
                        G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS));
  properties[PROP_LOST_NOTE] = crm_model_string_pspec ("lost-note");
  properties[PROP_OWNER_ID] = crm_model_int64_pspec ("owner-id");
  properties[PROP_CREATED_AT] = crm_model_int64_pspec ("created-at");
  properties[PROP_PRICE] = crm_model_int64_pspec ("price");
  properties[PROP_GUIDE_PRICE] = crm_model_int64_pspec ("guide-price");
  properties[PROP_NEXT_FOLLOWUP_AT] = crm_model_int64_pspec ("next-followup-at");
  properties[PROP_LAST_CONTACT_AT] = crm_model_int64_pspec ("last-contact-at");
  properties[PROP_LOST_REQUESTED_AT] = crm_model_int64_pspec ("lost-requested-at");
  properties[PROP_CUSTOMER_NAME] = crm_model_string_pspec ("customer-name");
  properties[PROP_OWNER_NAME] = crm_model_string_pspec ("owner-name");
  properties[PROP_REQUEST_COMMENT] = crm_model_string_pspec ("request-comment");
  properties[PROP_CUSTOMER_GRADE] =
    g_param_spec_enum ("customer-grade", NULL, NULL, CRM_TYPE_GRADE, CRM_GRADE_N,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
crm_deal_init (CrmDeal *self)
{
  self->stage = CRM_STAGE_NEW_LEAD;
  self->lost_reason = CRM_LOST_REASON_NONE;
}

/**
 * crm_deal_new:
 *
 * Returns: (transfer full): a new deal at the "new lead" stage
 */
CrmDeal *
crm_deal_new (void)
{
  return g_object_new (CRM_TYPE_DEAL, NULL);
}

gint64
crm_deal_get_id (CrmDeal *self)
{
  g_return_val_if_fail (CRM_IS_DEAL (self), 0);

  return self->id;
}

void
crm_deal_set_id (CrmDeal *self,
                 gint64   id)
{
  g_return_if_fail (CRM_IS_DEAL (self));

  set_int64 (self, &self->id, id, PROP_ID);
}

gint64
crm_deal_get_customer_id (CrmDeal *self)
{
  g_return_val_if_fail (CRM_IS_DEAL (self), 0);

  return self->customer_id;
}

void
crm_deal_set_customer_id (CrmDeal *self,
                          gint64   id)
{
  g_return_if_fail (CRM_IS_DEAL (self));

  set_int64 (self, &self->customer_id, id, PROP_CUSTOMER_ID);
}

gint64
crm_deal_get_model_id (CrmDeal *self)
{
  g_return_val_if_fail (CRM_IS_DEAL (self), 0);

  return self->model_id;
}

void
crm_deal_set_model_id (CrmDeal *self,
                       gint64   id)
{
  g_return_if_fail (CRM_IS_DEAL (self));

  set_int64 (self, &self->model_id, id, PROP_MODEL_ID);
}

const char *
crm_deal_get_model_name (CrmDeal *self)
{
  g_return_val_if_fail (CRM_IS_DEAL (self), NULL);

  return self->model_name;
}

void
crm_deal_set_model_name (CrmDeal    *self,
                         const char *name)
{
  g_return_if_fail (CRM_IS_DEAL (self));

  if (g_strcmp0 (self->model_name, name) != 0)
    {
      g_free (self->model_name);
      self->model_name = g_strdup (name);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL_NAME]);
    }
}

CrmStage
crm_deal_get_stage (CrmDeal *self)
{
  g_return_val_if_fail (CRM_IS_DEAL (self), CRM_STAGE_NEW_LEAD);

  return self->stage;
}

/**
 * crm_deal_set_stage:
 * @self: a #CrmDeal
 * @stage: the new stage
 *
 * Only records the stage: "stage-entered-at" is set separately by whoever
 * moves the deal, since it knows the clock.
 */
void
crm_deal_set_stage (CrmDeal  *self,
                    CrmStage  stage)
{
  g_return_if_fail (CRM_IS_DEAL (self));
  g_return_if_fail ((guint) stage < CRM_N_STAGES);

  if (self->stage != stage)
    {
      self->stage = stage;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STAGE]);
    }
}

gint64
crm_deal_get_stage_entered_at (CrmDeal *self)
{
  g_return_val_if_fail (CRM_IS_DEAL (self), 0);

  return self->stage_entered_at;
}

void
crm_deal_set_stage_entered_at (CrmDeal *self,
                               gint64   t)
{
  g_return_if_fail (CRM_IS_DEAL (self));

  set_int64 (self, &self->stage_entered_at, t, PROP_STAGE_ENTERED_AT);
}

gint64
crm_deal_get_expected_close (CrmDeal *self)
{
  g_return_val_if_fail (CRM_IS_DEAL (self), 0);

  return self->expected_close;
}

void
crm_deal_set_expected_close (CrmDeal *self,
                             gint64   t)
{
  g_return_if_fail (CRM_IS_DEAL (self));

  set_int64 (self, &self->expected_close, t, PROP_EXPECTED_CLOSE);
}

CrmLostReason
crm_deal_get_lost_reason (CrmDeal *self)
{
  g_return_val_if_fail (CRM_IS_DEAL (self), CRM_LOST_REASON_NONE);

  return self->lost_reason;
}

void
crm_deal_set_lost_reason (CrmDeal       *self,
                          CrmLostReason  reason)
{
  g_return_if_fail (CRM_IS_DEAL (self));
  g_return_if_fail ((guint) reason < CRM_N_LOST_REASONS);

  if (self->lost_reason != reason)
    {
      self->lost_reason = reason;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOST_REASON]);
    }
}

const char *
crm_deal_get_lost_note (CrmDeal *self)
{
  g_return_val_if_fail (CRM_IS_DEAL (self), NULL);

  return self->lost_note;
}

/**
 * crm_deal_set_lost_note:
 * @self: a #CrmDeal
 * @note: (nullable): why the deal was lost, in the consultant's words;
 *   "" is stored as %NULL
 */
void
crm_deal_set_lost_note (CrmDeal    *self,
                        const char *note)
{
  g_return_if_fail (CRM_IS_DEAL (self));

  if (note != NULL && note[0] == '\0')
    note = NULL;

  if (g_strcmp0 (self->lost_note, note) != 0)
    {
      g_free (self->lost_note);
      self->lost_note = g_strdup (note);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOST_NOTE]);
    }
}

gint64
crm_deal_get_owner_id (CrmDeal *self)
{
  g_return_val_if_fail (CRM_IS_DEAL (self), 0);

  return self->owner_id;
}

void
crm_deal_set_owner_id (CrmDeal *self,
                       gint64   id)
{
  g_return_if_fail (CRM_IS_DEAL (self));

  set_int64 (self, &self->owner_id, id, PROP_OWNER_ID);
}

gint64
crm_deal_get_created_at (CrmDeal *self)
{
  g_return_val_if_fail (CRM_IS_DEAL (self), 0);

  return self->created_at;
}

void
crm_deal_set_created_at (CrmDeal *self,
                         gint64   t)
{
  g_return_if_fail (CRM_IS_DEAL (self));

  set_int64 (self, &self->created_at, t, PROP_CREATED_AT);
}

gint64
crm_deal_get_price (CrmDeal *self)
{
  g_return_val_if_fail (CRM_IS_DEAL (self), 0);
  return self->price;
}

void
crm_deal_set_price (CrmDeal *self,
            gint64   value)
{
  g_return_if_fail (CRM_IS_DEAL (self));
  set_int64 (self, &self->price, value, PROP_PRICE);
}

gint64
crm_deal_get_guide_price (CrmDeal *self)
{
  g_return_val_if_fail (CRM_IS_DEAL (self), 0);
  return self->guide_price;
}

void
crm_deal_set_guide_price (CrmDeal *self,
                  gint64   value)
{
  g_return_if_fail (CRM_IS_DEAL (self));
  set_int64 (self, &self->guide_price, value, PROP_GUIDE_PRICE);
}

gint64
crm_deal_get_next_followup_at (CrmDeal *self)
{
  g_return_val_if_fail (CRM_IS_DEAL (self), 0);
  return self->next_followup_at;
}

void
crm_deal_set_next_followup_at (CrmDeal *self,
                       gint64   value)
{
  g_return_if_fail (CRM_IS_DEAL (self));
  set_int64 (self, &self->next_followup_at, value, PROP_NEXT_FOLLOWUP_AT);
}

gint64
crm_deal_get_last_contact_at (CrmDeal *self)
{
  g_return_val_if_fail (CRM_IS_DEAL (self), 0);
  return self->last_contact_at;
}

void
crm_deal_set_last_contact_at (CrmDeal *self,
                      gint64   value)
{
  g_return_if_fail (CRM_IS_DEAL (self));
  set_int64 (self, &self->last_contact_at, value, PROP_LAST_CONTACT_AT);
}

gint64
crm_deal_get_lost_requested_at (CrmDeal *self)
{
  g_return_val_if_fail (CRM_IS_DEAL (self), 0);
  return self->lost_requested_at;
}

void
crm_deal_set_lost_requested_at (CrmDeal *self,
                        gint64   value)
{
  g_return_if_fail (CRM_IS_DEAL (self));
  set_int64 (self, &self->lost_requested_at, value, PROP_LOST_REQUESTED_AT);
}

const char *
crm_deal_get_customer_name (CrmDeal *self)
{
  g_return_val_if_fail (CRM_IS_DEAL (self), NULL);
  return self->customer_name;
}

void
crm_deal_set_customer_name (CrmDeal    *self,
                    const char *value)
{
  g_return_if_fail (CRM_IS_DEAL (self));

  if (value != NULL && value[0] == '\0')
    value = NULL;
  if (g_strcmp0 (self->customer_name, value) != 0)
    {
      g_free (self->customer_name);
      self->customer_name = g_strdup (value);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CUSTOMER_NAME]);
    }
}

const char *
crm_deal_get_owner_name (CrmDeal *self)
{
  g_return_val_if_fail (CRM_IS_DEAL (self), NULL);
  return self->owner_name;
}

void
crm_deal_set_owner_name (CrmDeal    *self,
                 const char *value)
{
  g_return_if_fail (CRM_IS_DEAL (self));

  if (value != NULL && value[0] == '\0')
    value = NULL;
  if (g_strcmp0 (self->owner_name, value) != 0)
    {
      g_free (self->owner_name);
      self->owner_name = g_strdup (value);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OWNER_NAME]);
    }
}

const char *
crm_deal_get_request_comment (CrmDeal *self)
{
  g_return_val_if_fail (CRM_IS_DEAL (self), NULL);
  return self->request_comment;
}

void
crm_deal_set_request_comment (CrmDeal    *self,
                      const char *value)
{
  g_return_if_fail (CRM_IS_DEAL (self));

  if (value != NULL && value[0] == '\0')
    value = NULL;
  if (g_strcmp0 (self->request_comment, value) != 0)
    {
      g_free (self->request_comment);
      self->request_comment = g_strdup (value);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REQUEST_COMMENT]);
    }
}

CrmGrade
crm_deal_get_customer_grade (CrmDeal *self)
{
  g_return_val_if_fail (CRM_IS_DEAL (self), CRM_GRADE_N);
  return self->customer_grade;
}

void
crm_deal_set_customer_grade (CrmDeal  *self,
                             CrmGrade  grade)
{
  g_return_if_fail (CRM_IS_DEAL (self));
  g_return_if_fail ((guint) grade < CRM_N_GRADES);

  if (self->customer_grade != grade)
    {
      self->customer_grade = grade;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CUSTOMER_GRADE]);
    }
}
