/* crm-test-drive.c: one booked test drive
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-test-drive"

#include "config.h"

#include <glib/gi18n.h>

#include "crm-test-drive.h"
#include "crm-model-enum-types.h"

struct _CrmTestDrive
{
  GObject parent_instance;

  gint64 id;
  gint64 customer_id;
  gint64 vehicle_id;
  gint64 staff_id;
  gint64 deal_id;
  gint64 start_at;
  gint64 end_at;
  CrmTestDriveStatus status;
  char *feedback;
  gint64 reminder_at;
  char *customer_name;
  char *vehicle_label;
  char *staff_name;
};

enum {
  PROP_0,
  PROP_ID,
  PROP_CUSTOMER_ID,
  PROP_VEHICLE_ID,
  PROP_STAFF_ID,
  PROP_DEAL_ID,
  PROP_START_AT,
  PROP_END_AT,
  PROP_STATUS,
  PROP_FEEDBACK,
  PROP_REMINDER_AT,
  PROP_CUSTOMER_NAME,
  PROP_VEHICLE_LABEL,
  PROP_STAFF_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CrmTestDrive, crm_test_drive, G_TYPE_OBJECT)

const char *
crm_test_drive_status_get_label (CrmTestDriveStatus status)
{
  switch (status)
    {
    case CRM_TEST_DRIVE_BOOKED:
      return C_("test drive status", "Booked");
    case CRM_TEST_DRIVE_CONFIRMED:
      return C_("test drive status", "Confirmed");
    case CRM_TEST_DRIVE_CHECKED_IN:
      return C_("test drive status", "Checked in");
    case CRM_TEST_DRIVE_COMPLETED:
      return C_("test drive status", "Completed");
    case CRM_TEST_DRIVE_NO_SHOW:
      return C_("test drive status", "No-show");
    case CRM_TEST_DRIVE_CANCELLED:
      return C_("test drive status", "Cancelled");
    default:
      return "";
    }
}

/**
 * crm_test_drive_status_is_active:
 *
 * Returns: %TRUE when a booking in @status holds its car and its rep
 *   (cancelled and no-show bookings free the slot)
 */
gboolean
crm_test_drive_status_is_active (CrmTestDriveStatus status)
{
  return status != CRM_TEST_DRIVE_CANCELLED && status != CRM_TEST_DRIVE_NO_SHOW;
}

/**
 * crm_test_drive_status_can_change:
 *
 * The lifecycle: booked → confirmed → checked in → completed; booked or
 * confirmed → no-show or cancelled; checked in → cancelled (the customer
 * changed their mind at the desk). Completed, no-show and cancelled are final.
 *
 * Returns: %TRUE when a booking may go from @from to @to
 */
gboolean
crm_test_drive_status_can_change (CrmTestDriveStatus from,
                                  CrmTestDriveStatus to)
{
  switch (from)
    {
    case CRM_TEST_DRIVE_BOOKED:
      return to == CRM_TEST_DRIVE_CONFIRMED || to == CRM_TEST_DRIVE_CHECKED_IN ||
             to == CRM_TEST_DRIVE_NO_SHOW || to == CRM_TEST_DRIVE_CANCELLED;
    case CRM_TEST_DRIVE_CONFIRMED:
      return to == CRM_TEST_DRIVE_CHECKED_IN || to == CRM_TEST_DRIVE_NO_SHOW ||
             to == CRM_TEST_DRIVE_CANCELLED;
    case CRM_TEST_DRIVE_CHECKED_IN:
      return to == CRM_TEST_DRIVE_COMPLETED || to == CRM_TEST_DRIVE_CANCELLED;
    case CRM_TEST_DRIVE_COMPLETED:
    case CRM_TEST_DRIVE_NO_SHOW:
    case CRM_TEST_DRIVE_CANCELLED:
    default:
      return FALSE;
    }
}


static void
crm_test_drive_finalize (GObject *object)
{
  CrmTestDrive *self = (CrmTestDrive *) object;

  g_clear_pointer (&self->feedback, g_free);
  g_clear_pointer (&self->customer_name, g_free);
  g_clear_pointer (&self->vehicle_label, g_free);
  g_clear_pointer (&self->staff_name, g_free);

  G_OBJECT_CLASS (crm_test_drive_parent_class)->finalize (object);
}

static void
crm_test_drive_get_property (GObject    *object,
    guint       prop_id,
    GValue     *value,
    GParamSpec *pspec)
{
  CrmTestDrive *self = CRM_TEST_DRIVE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_CUSTOMER_ID:
      g_value_set_int64 (value, self->customer_id);
      break;

    case PROP_VEHICLE_ID:
      g_value_set_int64 (value, self->vehicle_id);
      break;

    case PROP_STAFF_ID:
      g_value_set_int64 (value, self->staff_id);
      break;

    case PROP_DEAL_ID:
      g_value_set_int64 (value, self->deal_id);
      break;

    case PROP_START_AT:
      g_value_set_int64 (value, self->start_at);
      break;

    case PROP_END_AT:
      g_value_set_int64 (value, self->end_at);
      break;

    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;

    case PROP_FEEDBACK:
      g_value_set_string (value, self->feedback);
      break;

    case PROP_REMINDER_AT:
      g_value_set_int64 (value, self->reminder_at);
      break;

    case PROP_CUSTOMER_NAME:
      g_value_set_string (value, self->customer_name);
      break;

    case PROP_VEHICLE_LABEL:
      g_value_set_string (value, self->vehicle_label);
      break;

    case PROP_STAFF_NAME:
      g_value_set_string (value, self->staff_name);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_test_drive_set_property (GObject      *object,
    guint         prop_id,
    const GValue *value,
    GParamSpec   *pspec)
{
  CrmTestDrive *self = CRM_TEST_DRIVE (object);

  switch (prop_id)
    {
    case PROP_ID:
      crm_test_drive_set_id (self, g_value_get_int64 (value));
      break;

    case PROP_CUSTOMER_ID:
      crm_test_drive_set_customer_id (self, g_value_get_int64 (value));
      break;

    case PROP_VEHICLE_ID:
      crm_test_drive_set_vehicle_id (self, g_value_get_int64 (value));
      break;

    case PROP_STAFF_ID:
      crm_test_drive_set_staff_id (self, g_value_get_int64 (value));
      break;

    case PROP_DEAL_ID:
      crm_test_drive_set_deal_id (self, g_value_get_int64 (value));
      break;

    case PROP_START_AT:
      crm_test_drive_set_start_at (self, g_value_get_int64 (value));
      break;

    case PROP_END_AT:
      crm_test_drive_set_end_at (self, g_value_get_int64 (value));
      break;

    case PROP_STATUS:
      crm_test_drive_set_status (self, g_value_get_enum (value));
      break;

    case PROP_FEEDBACK:
      crm_test_drive_set_feedback (self, g_value_get_string (value));
      break;

    case PROP_REMINDER_AT:
      crm_test_drive_set_reminder_at (self, g_value_get_int64 (value));
      break;

    case PROP_CUSTOMER_NAME:
      crm_test_drive_set_customer_name (self, g_value_get_string (value));
      break;

    case PROP_VEHICLE_LABEL:
      crm_test_drive_set_vehicle_label (self, g_value_get_string (value));
      break;

    case PROP_STAFF_NAME:
      crm_test_drive_set_staff_name (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_test_drive_class_init (CrmTestDriveClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = crm_test_drive_finalize;
  object_class->get_property = crm_test_drive_get_property;
  object_class->set_property = crm_test_drive_set_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, G_MININT64, G_MAXINT64, 0, (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_CUSTOMER_ID] =
    g_param_spec_int64 ("customer-id", NULL, NULL, G_MININT64, G_MAXINT64, 0, (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_VEHICLE_ID] =
    g_param_spec_int64 ("vehicle-id", NULL, NULL, G_MININT64, G_MAXINT64, 0, (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_STAFF_ID] =
    g_param_spec_int64 ("staff-id", NULL, NULL, G_MININT64, G_MAXINT64, 0, (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_DEAL_ID] =
    g_param_spec_int64 ("deal-id", NULL, NULL, G_MININT64, G_MAXINT64, 0, (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_START_AT] =
    g_param_spec_int64 ("start-at", NULL, NULL, G_MININT64, G_MAXINT64, 0, (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_END_AT] =
    g_param_spec_int64 ("end-at", NULL, NULL, G_MININT64, G_MAXINT64, 0, (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, CRM_TYPE_TEST_DRIVE_STATUS, CRM_TEST_DRIVE_BOOKED, (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_FEEDBACK] =
    g_param_spec_string ("feedback", NULL, NULL, NULL, (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_REMINDER_AT] =
    g_param_spec_int64 ("reminder-at", NULL, NULL, G_MININT64, G_MAXINT64, 0, (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_CUSTOMER_NAME] =
    g_param_spec_string ("customer-name", NULL, NULL, NULL, (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_VEHICLE_LABEL] =
    g_param_spec_string ("vehicle-label", NULL, NULL, NULL, (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_STAFF_NAME] =
    g_param_spec_string ("staff-name", NULL, NULL, NULL, (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
crm_test_drive_init (CrmTestDrive *self)
{
  self->status = CRM_TEST_DRIVE_BOOKED;
}

/**
 * crm_test_drive_new:
 *
 * Returns: (transfer full): a new, empty TestDrive
 */
CrmTestDrive *
crm_test_drive_new (void)
{
  return g_object_new (CRM_TYPE_TEST_DRIVE, NULL);
}

gint64 
crm_test_drive_get_id (CrmTestDrive *self)
{
  g_return_val_if_fail (CRM_IS_TEST_DRIVE (self), 0);

  return self->id;
}

void
crm_test_drive_set_id (CrmTestDrive *self,
    gint64 id)
{
  g_return_if_fail (CRM_IS_TEST_DRIVE (self));

  if (self->id != id)
    {
      self->id = id;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
    }
}

gint64 
crm_test_drive_get_customer_id (CrmTestDrive *self)
{
  g_return_val_if_fail (CRM_IS_TEST_DRIVE (self), 0);

  return self->customer_id;
}

void
crm_test_drive_set_customer_id (CrmTestDrive *self,
    gint64 customer_id)
{
  g_return_if_fail (CRM_IS_TEST_DRIVE (self));

  if (self->customer_id != customer_id)
    {
      self->customer_id = customer_id;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CUSTOMER_ID]);
    }
}

gint64 
crm_test_drive_get_vehicle_id (CrmTestDrive *self)
{
  g_return_val_if_fail (CRM_IS_TEST_DRIVE (self), 0);

  return self->vehicle_id;
}

void
crm_test_drive_set_vehicle_id (CrmTestDrive *self,
    gint64 vehicle_id)
{
  g_return_if_fail (CRM_IS_TEST_DRIVE (self));

  if (self->vehicle_id != vehicle_id)
    {
      self->vehicle_id = vehicle_id;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VEHICLE_ID]);
    }
}

gint64 
crm_test_drive_get_staff_id (CrmTestDrive *self)
{
  g_return_val_if_fail (CRM_IS_TEST_DRIVE (self), 0);

  return self->staff_id;
}

void
crm_test_drive_set_staff_id (CrmTestDrive *self,
    gint64 staff_id)
{
  g_return_if_fail (CRM_IS_TEST_DRIVE (self));

  if (self->staff_id != staff_id)
    {
      self->staff_id = staff_id;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STAFF_ID]);
    }
}

gint64 
crm_test_drive_get_deal_id (CrmTestDrive *self)
{
  g_return_val_if_fail (CRM_IS_TEST_DRIVE (self), 0);

  return self->deal_id;
}

void
crm_test_drive_set_deal_id (CrmTestDrive *self,
    gint64 deal_id)
{
  g_return_if_fail (CRM_IS_TEST_DRIVE (self));

  if (self->deal_id != deal_id)
    {
      self->deal_id = deal_id;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEAL_ID]);
    }
}

gint64 
crm_test_drive_get_start_at (CrmTestDrive *self)
{
  g_return_val_if_fail (CRM_IS_TEST_DRIVE (self), 0);

  return self->start_at;
}

void
crm_test_drive_set_start_at (CrmTestDrive *self,
    gint64 start_at)
{
  g_return_if_fail (CRM_IS_TEST_DRIVE (self));

  if (self->start_at != start_at)
    {
      self->start_at = start_at;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_START_AT]);
    }
}

gint64 
crm_test_drive_get_end_at (CrmTestDrive *self)
{
  g_return_val_if_fail (CRM_IS_TEST_DRIVE (self), 0);

  return self->end_at;
}

void
crm_test_drive_set_end_at (CrmTestDrive *self,
    gint64 end_at)
{
  g_return_if_fail (CRM_IS_TEST_DRIVE (self));

  if (self->end_at != end_at)
    {
      self->end_at = end_at;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_END_AT]);
    }
}

CrmTestDriveStatus 
crm_test_drive_get_status (CrmTestDrive *self)
{
  g_return_val_if_fail (CRM_IS_TEST_DRIVE (self), CRM_TEST_DRIVE_BOOKED);

  return self->status;
}

void
crm_test_drive_set_status (CrmTestDrive *self,
    CrmTestDriveStatus status)
{
  g_return_if_fail (CRM_IS_TEST_DRIVE (self));

  if (self->status != status)
    {
      self->status = status;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
    }
}

const char *
crm_test_drive_get_feedback (CrmTestDrive *self)
{
  g_return_val_if_fail (CRM_IS_TEST_DRIVE (self), NULL);

  return self->feedback;
}

void
crm_test_drive_set_feedback (CrmTestDrive *self,
    const char *feedback)
{
  g_return_if_fail (CRM_IS_TEST_DRIVE (self));

  if (g_strcmp0 (self->feedback, feedback) != 0)
    {
      g_free (self->feedback);
      self->feedback = g_strdup (feedback);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FEEDBACK]);
    }
}

gint64 
crm_test_drive_get_reminder_at (CrmTestDrive *self)
{
  g_return_val_if_fail (CRM_IS_TEST_DRIVE (self), 0);

  return self->reminder_at;
}

void
crm_test_drive_set_reminder_at (CrmTestDrive *self,
    gint64 reminder_at)
{
  g_return_if_fail (CRM_IS_TEST_DRIVE (self));

  if (self->reminder_at != reminder_at)
    {
      self->reminder_at = reminder_at;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REMINDER_AT]);
    }
}

const char *
crm_test_drive_get_customer_name (CrmTestDrive *self)
{
  g_return_val_if_fail (CRM_IS_TEST_DRIVE (self), NULL);

  return self->customer_name;
}

void
crm_test_drive_set_customer_name (CrmTestDrive *self,
    const char *customer_name)
{
  g_return_if_fail (CRM_IS_TEST_DRIVE (self));

  if (g_strcmp0 (self->customer_name, customer_name) != 0)
    {
      g_free (self->customer_name);
      self->customer_name = g_strdup (customer_name);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CUSTOMER_NAME]);
    }
}

const char *
crm_test_drive_get_vehicle_label (CrmTestDrive *self)
{
  g_return_val_if_fail (CRM_IS_TEST_DRIVE (self), NULL);

  return self->vehicle_label;
}

void
crm_test_drive_set_vehicle_label (CrmTestDrive *self,
    const char *vehicle_label)
{
  g_return_if_fail (CRM_IS_TEST_DRIVE (self));

  if (g_strcmp0 (self->vehicle_label, vehicle_label) != 0)
    {
      g_free (self->vehicle_label);
      self->vehicle_label = g_strdup (vehicle_label);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VEHICLE_LABEL]);
    }
}

const char *
crm_test_drive_get_staff_name (CrmTestDrive *self)
{
  g_return_val_if_fail (CRM_IS_TEST_DRIVE (self), NULL);

  return self->staff_name;
}

void
crm_test_drive_set_staff_name (CrmTestDrive *self,
    const char *staff_name)
{
  g_return_if_fail (CRM_IS_TEST_DRIVE (self));

  if (g_strcmp0 (self->staff_name, staff_name) != 0)
    {
      g_free (self->staff_name);
      self->staff_name = g_strdup (staff_name);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STAFF_NAME]);
    }
}
