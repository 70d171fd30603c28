/* crm-context.c: what every window and page is handed
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Holds the store (and through it the clock), this desktop's settings and
 * who is using this desktop. There is one context per open database.
 */
#define G_LOG_DOMAIN "crm-context"

#include "config.h"

#include "crm-context.h"
#include "crm-lead-scheduler.h"

struct _CrmContext
{
  GObject    parent_instance;

  CrmStore  *store;
  GSettings *settings;
  CrmStaff  *current_staff;
  /* (weak) the one scheduler of this database's leads deadlines, shared
   * by its windows and the background reminders while any holds it */
  CrmLeadScheduler *lead_scheduler;
};

enum {
  PROP_0,
  PROP_STORE,
  PROP_SETTINGS,
  PROP_CURRENT_STAFF,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CrmContext, crm_context, G_TYPE_OBJECT)

static void
crm_context_dispose (GObject *object)
{
  CrmContext *self = (CrmContext *) object;

  g_clear_weak_pointer (&self->lead_scheduler);
  g_clear_object (&self->current_staff);
  g_clear_object (&self->settings);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (crm_context_parent_class)->dispose (object);
}

static void
crm_context_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  CrmContext *self = CRM_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_CURRENT_STAFF:
      g_value_set_object (value, self->current_staff);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_context_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  CrmContext *self = CRM_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_context_class_init (CrmContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = crm_context_dispose;
  object_class->get_property = crm_context_get_property;
  object_class->set_property = crm_context_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, CRM_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CURRENT_STAFF] =
    g_param_spec_object ("current-staff", NULL, NULL, CRM_TYPE_STAFF,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
crm_context_init (CrmContext *self)
{
}

/**
 * crm_context_new:
 * @settings: (nullable): this desktop's settings; %NULL in core tests
 *
 * Returns: (transfer full): a new context
 */
CrmContext *
crm_context_new (CrmStore  *store,
                 GSettings *settings)
{
  g_return_val_if_fail (CRM_IS_STORE (store), NULL);
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  /* What other processes commit (the importer, another window) shows too */
  crm_store_watch_others (store);
  return g_object_new (CRM_TYPE_CONTEXT, "store", store, "settings", settings, NULL);
}

CrmStore *
crm_context_get_store (CrmContext *self)
{
  g_return_val_if_fail (CRM_IS_CONTEXT (self), NULL);
  return self->store;
}

CrmClock *
crm_context_get_clock (CrmContext *self)
{
  g_return_val_if_fail (CRM_IS_CONTEXT (self), NULL);
  return crm_store_get_clock (self->store);
}

GSettings *
crm_context_get_settings (CrmContext *self)
{
  g_return_val_if_fail (CRM_IS_CONTEXT (self), NULL);
  return self->settings;
}

/**
 * crm_context_get_current_staff:
 *
 * Returns: (transfer none) (nullable): who uses this desktop
 */
CrmStaff *
crm_context_get_current_staff (CrmContext *self)
{
  g_return_val_if_fail (CRM_IS_CONTEXT (self), NULL);
  return self->current_staff;
}

gboolean
crm_context_is_manager (CrmContext *self)
{
  g_return_val_if_fail (CRM_IS_CONTEXT (self), FALSE);
  return self->current_staff != NULL &&
         crm_staff_get_role (self->current_staff) == CRM_ROLE_MANAGER;
}

/**
 * crm_context_set_current_staff_id:
 *
 * Makes @staff_id the person using this desktop, and remembers it in this
 * desktop's settings.
 */
gboolean
crm_context_set_current_staff_id (CrmContext  *self,
                                  gint64       staff_id,
                                  GError     **error)
{
  g_autoptr(CrmStaff) staff = NULL;

  g_return_val_if_fail (CRM_IS_CONTEXT (self), FALSE);

  staff = crm_staff_store_get (crm_store_get_staff_store (self->store), staff_id, error);
  if (staff == NULL)
    return FALSE;

  g_set_object (&self->current_staff, staff);
  if (self->settings != NULL)
    g_settings_set_int64 (self->settings, "current-staff-id", staff_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT_STAFF]);
  return TRUE;
}

/**
 * crm_context_restore_identity:
 *
 * Picks who uses this desktop from the settings. A demo database opens as
 * its first manager.
 *
 * Returns: %TRUE when someone was chosen; %FALSE means ask
 */
gboolean
crm_context_restore_identity (CrmContext *self)
{
  gint64 id = 0;

  g_return_val_if_fail (CRM_IS_CONTEXT (self), FALSE);

  if (self->settings != NULL)
    id = g_settings_get_int64 (self->settings, "current-staff-id");

  if (id > 0)
    {
      g_autoptr(CrmStaff) staff = crm_staff_store_get (crm_store_get_staff_store (self->store), id, NULL);

      if (staff != NULL && crm_staff_get_active (staff))
        return crm_context_set_current_staff_id (self, id, NULL);
    }

  if (crm_store_is_demo (self->store))
    {
      g_autoptr(GListModel) staff = crm_staff_store_list (crm_store_get_staff_store (self->store), TRUE);

      for (guint i = 0; i < g_list_model_get_n_items (staff); i++)
        {
          g_autoptr(CrmStaff) member = g_list_model_get_item (staff, i);

          if (crm_staff_get_role (member) == CRM_ROLE_MANAGER)
            return crm_context_set_current_staff_id (self, crm_staff_get_id (member), NULL);
        }
    }

  return FALSE;
}

/**
 * crm_context_dup_lead_scheduler:
 *
 * The scheduler of this database's leads deadlines (first contact, public
 * pool), made on first use and shared by everyone who asks while any of
 * them holds it: a window and the background reminders of the same
 * database run one timer, not two.
 *
 * Returns: (transfer full): the scheduler
 */
CrmLeadScheduler *
crm_context_dup_lead_scheduler (CrmContext *self)
{
  CrmLeadScheduler *scheduler;

  g_return_val_if_fail (CRM_IS_CONTEXT (self), NULL);

  if (self->lead_scheduler != NULL)
    return g_object_ref (self->lead_scheduler);

  scheduler = crm_lead_scheduler_new (self->store);
  g_set_weak_pointer (&self->lead_scheduler, scheduler);
  return scheduler;
}
