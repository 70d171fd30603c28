/* crm-staff-store.c: CrmStaffStore, the team, the model catalogue and the rules a manager sets
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One of the store's domain stores (see crm-store.h); the store's
 * internals are in crm-store-private.h.
 */
#define G_LOG_DOMAIN "crm-staff-store"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "crm-model-enum-types.h"
#include "crm-store-enum-types.h"
#include "crm-error.h"
#include "crm-phone.h"
#include "crm-pinyin.h"
#include "crm-schema.h"
#include "crm-search-index.h"
#include "crm-store.h"
#include "crm-store-private.h"

/* ------------------------------------------------------------------ */
/* Staff                                                               */

gint64
crm_staff_store_insert (CrmStaffStore  *domain,
                        CrmStaff       *staff,
                        GError        **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] =
    "INSERT INTO staff (name, role, active, created_at) VALUES (?1, ?2, ?3, ?4)";
  g_autofree char *name = NULL;
  gint64 id;

  g_return_val_if_fail (CRM_IS_STORE (self), 0);
  g_return_val_if_fail (CRM_IS_STAFF (staff), 0);

  name = crm_store_dup_trimmed (crm_staff_get_name (staff));
  if (name[0] == '\0')
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                   _("Enter the staff member’s name."));
      return 0;
    }

  id = crm_store_insert_one (self, CRM_ENTITY_STAFF, sql,
                             CRM_PARAMS (CRM_TEXT (name),
                                         CRM_CODE (CRM_TYPE_ROLE, crm_staff_get_role (staff)),
                                         CRM_INT64 (crm_staff_get_active (staff)),
                                         CRM_INT64 (crm_store_now (self))),
                             error);
  if (id == 0)
    return 0;

  crm_staff_set_id (staff, id);
  crm_staff_set_name (staff, name);
  return id;
}

static CrmStaff *
staff_from_row (CrmDbStmt *stmt)
{
  CrmStaff *staff = crm_staff_new ();

  crm_staff_set_id (staff, crm_db_stmt_column_int64 (stmt, 0));
  crm_staff_set_name (staff, crm_store_column_text (stmt, 1));
  crm_staff_set_role (staff, crm_store_column_code (stmt, 2, CRM_TYPE_ROLE));
  crm_staff_set_active (staff, crm_db_stmt_column_int (stmt, 3));
  return staff;
}

static int compare_staff (gconstpointer a, gconstpointer b, gpointer user_data);

/* The staff and the catalogue change rarely and are read by every view
 * (each a round trip to a server): kept by the store outside transactions
 * until a commit here or heard of (crm_store_forget_cached()); handed out
 * as copies, so nobody changes what the next caller gets. */
static CrmStaff *
copy_staff (CrmStaff *member)
{
  CrmStaff *copy = crm_staff_new ();

  crm_staff_set_id (copy, crm_staff_get_id (member));
  crm_staff_set_name (copy, crm_staff_get_name (member));
  crm_staff_set_role (copy, crm_staff_get_role (member));
  crm_staff_set_active (copy, crm_staff_get_active (member));
  return copy;
}

static GPtrArray *
cached_staff (CrmStore *self)
{
  static const char sql[] =
    "SELECT id, name, role, active FROM staff"
    " ORDER BY CASE role WHEN 'manager' THEN 0 WHEN 'sales' THEN 1 ELSE 2 END, name";
  g_autoptr(GListModel) all = NULL;
  GPtrArray *staff;

  if (self->staff_cache != NULL)
    return self->staff_cache;
  all = crm_store_list_objects_or_null (self, sql, CRM_TYPE_STAFF, (CrmStoreRowFunc) staff_from_row);
  if (all == NULL)
    return NULL;
  g_list_store_sort (G_LIST_STORE (all), compare_staff, NULL);
  staff = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < g_list_model_get_n_items (all); i++)
    g_ptr_array_add (staff, g_list_model_get_item (all, i));
  self->staff_cache = staff;
  return staff;
}

/**
 * crm_staff_store_get:
 *
 * Returns: (transfer full) (nullable): the staff member, or %NULL with
 *   CRM_ERROR_NOT_FOUND
 */
CrmStaff *
crm_staff_store_get (CrmStaffStore  *domain,
                     gint64          id,
                     GError        **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] = "SELECT id, name, role, active FROM staff WHERE id = ?1";

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);

  /* Outside a transaction, from the staff read already */
  if (self->depth == 0 && cached_staff (self) != NULL)
    {
      for (guint i = 0; i < self->staff_cache->len; i++)
        if (crm_staff_get_id (g_ptr_array_index (self->staff_cache, i)) == id)
          return copy_staff (g_ptr_array_index (self->staff_cache, i));
      g_set_error_literal (error, CRM_ERROR, CRM_ERROR_NOT_FOUND,
                           _("This staff member is not in the showroom’s database."));
      return NULL;
    }

  return crm_store_get_object (self, sql, id, _("This staff member is not in the showroom’s database."),
                               (CrmStoreRowFunc) staff_from_row, error);
}

static int
role_rank (CrmRole role)
{
  return role == CRM_ROLE_MANAGER ? 0 : role == CRM_ROLE_SALES ? 1 : 2;
}

/* The name's pinyin sort key, kept on the object while it lives */
static const char *
staff_sort_key (CrmStaff *member)
{
  const char *key = g_object_get_data (G_OBJECT (member), "crm-sort-key");

  if (key == NULL)
    {
      char *made = crm_pinyin_collation_key (crm_staff_get_name (member) ? crm_staff_get_name (member) : "");

      g_object_set_data_full (G_OBJECT (member), "crm-sort-key", made, g_free);
      key = made;
    }
  return key;
}

static int
compare_staff (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  CrmStaff *x = (CrmStaff *) a;
  CrmStaff *y = (CrmStaff *) b;
  int by_role = role_rank (crm_staff_get_role (x)) - role_rank (crm_staff_get_role (y));
  int by_name;

  if (by_role != 0)
    return by_role;
  by_name = g_strcmp0 (staff_sort_key (x), staff_sort_key (y));
  return by_name != 0 ? by_name : (crm_staff_get_id (x) > crm_staff_get_id (y)) - (crm_staff_get_id (x) < crm_staff_get_id (y));
}

/**
 * crm_staff_store_list:
 * @active_only: leave out staff who left
 *
 * Staff are few (a showroom has tens), so this is a plain list store.
 *
 * Returns: (transfer full): a #GListModel of #CrmStaff, by role then name
 */
GListModel *
crm_staff_store_list (CrmStaffStore *domain,
                      gboolean       active_only)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] =
    "SELECT id, name, role, active FROM staff"
    " WHERE active OR NOT ?1"
    " ORDER BY CASE role WHEN 'manager' THEN 0 WHEN 'sales' THEN 1 ELSE 2 END, name";

  GListModel *staff;

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);

  if (self->depth == 0 && cached_staff (self) != NULL)
    {
      GListStore *copies = g_list_store_new (CRM_TYPE_STAFF);

      for (guint i = 0; i < self->staff_cache->len; i++)
        {
          CrmStaff *member = g_ptr_array_index (self->staff_cache, i);

          if (!active_only || crm_staff_get_active (member))
            {
              g_autoptr(CrmStaff) copy = copy_staff (member);

              g_list_store_append (copies, copy);
            }
        }
      return G_LIST_MODEL (copies);
    }

  staff = crm_store_list_objects (self, sql, CRM_PARAMS (CRM_INT64 (active_only)),
                                  CRM_TYPE_STAFF, (CrmStoreRowFunc) staff_from_row);
  /* By role, then by name as a Chinese reader looks for it: by pinyin
   * (陈 chen before 程 cheng), not by character code */
  g_list_store_sort (G_LIST_STORE (staff), compare_staff, NULL);
  return staff;
}

gboolean
crm_store_check_staff (CrmStore  *self,
             gint64     id,
             GError   **error)
{
  static const char sql[] = "SELECT active FROM staff WHERE id = ?1";
  CRM_AUTO_STMT stmt = NULL;

  if (id <= 0)
    return TRUE;

  if ((stmt = crm_store_prepare (self, sql, error)) == NULL)
    return FALSE;

  crm_db_stmt_bind_int64 (stmt, 1, id);
  if (crm_db_stmt_step (stmt) != CRM_DB_ROW)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                   _("The staff member chosen is not in this showroom."));
      return FALSE;
    }
  if (!crm_db_stmt_column_int (stmt, 0))
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                   _("The staff member chosen no longer works in this showroom."));
      return FALSE;
    }
  return TRUE;
}

/* Whether @staff_id is a sales manager (who also gets the notices and
 * requests meant for managers) */
gboolean
crm_store_staff_is_manager (CrmStore *self,
                            gint64    staff_id)
{
  static const char sql[] = "SELECT 1 FROM staff WHERE id = ?1 AND role = 'manager'";

  if (self->depth == 0 && cached_staff (self) != NULL)
    {
      for (guint i = 0; i < self->staff_cache->len; i++)
        if (crm_staff_get_id (g_ptr_array_index (self->staff_cache, i)) == staff_id)
          return crm_staff_get_role (g_ptr_array_index (self->staff_cache, i)) == CRM_ROLE_MANAGER;
      return FALSE;
    }
  return crm_store_row_exists (self, sql, CRM_PARAMS (CRM_INT64 (staff_id)));
}

/* ------------------------------------------------------------------ */
/* Vehicle models                                                      */

gint64
crm_staff_store_insert_vehicle_model (CrmStaffStore    *domain,
                                      CrmVehicleModel  *model,
                                      GError          **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] =
    "INSERT INTO vehicle_model (brand, series, trim, guide_price) VALUES (?1, ?2, ?3, ?4)";
  g_autofree char *brand = NULL;
  g_autofree char *series = NULL;
  g_autofree char *trim = NULL;
  gint64 id;

  g_return_val_if_fail (CRM_IS_STORE (self), 0);
  g_return_val_if_fail (CRM_IS_VEHICLE_MODEL (model), 0);

  brand = crm_store_dup_trimmed (crm_vehicle_model_get_brand (model));
  series = crm_store_dup_trimmed (crm_vehicle_model_get_series (model));
  trim = crm_store_dup_trimmed (crm_vehicle_model_get_trim (model));

  if (brand[0] == '\0' || series[0] == '\0')
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                   _("A vehicle model needs its brand and series."));
      return 0;
    }
  if (crm_vehicle_model_get_guide_price (model) < 0)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                   _("The guide price cannot be negative."));
      return 0;
    }

  id = crm_store_insert_one (self, CRM_ENTITY_VEHICLE_MODEL, sql,
                             CRM_PARAMS (CRM_TEXT (brand),
                                         CRM_TEXT (series),
                                         CRM_TEXT (trim),
                                         CRM_INT64 (crm_vehicle_model_get_guide_price (model))),
                             error);
  if (id == 0)
    return 0;

  crm_vehicle_model_set_id (model, id);
  return id;
}

static CrmVehicleModel *
vehicle_model_from_row (CrmDbStmt *stmt)
{
  CrmVehicleModel *model = crm_vehicle_model_new ();

  crm_vehicle_model_set_id (model, crm_db_stmt_column_int64 (stmt, 0));
  crm_vehicle_model_set_brand (model, crm_store_column_text (stmt, 1));
  crm_vehicle_model_set_series (model, crm_store_column_text (stmt, 2));
  crm_vehicle_model_set_trim (model, crm_store_column_text (stmt, 3));
  crm_vehicle_model_set_guide_price (model, crm_db_stmt_column_int64 (stmt, 4));
  return model;
}

/**
 * crm_staff_store_list_vehicle_models:
 *
 * Returns: (transfer full): a #GListModel of #CrmVehicleModel
 */
GListModel *
crm_staff_store_list_vehicle_models (CrmStaffStore *domain)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] =
    "SELECT id, brand, series, trim, guide_price FROM vehicle_model"
    " ORDER BY brand, series, guide_price";
  GListStore *copies;

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);

  if (self->depth > 0)
    return crm_store_list_objects (self, sql, NULL, 0, CRM_TYPE_VEHICLE_MODEL,
                                   (CrmStoreRowFunc) vehicle_model_from_row);
  if (self->models_cache == NULL)
    {
      g_autoptr(GListModel) all = crm_store_list_objects_or_null (self, sql, CRM_TYPE_VEHICLE_MODEL,
                                                                  (CrmStoreRowFunc) vehicle_model_from_row);

      if (all == NULL)
        return crm_store_list_objects (self, sql, NULL, 0, CRM_TYPE_VEHICLE_MODEL,
                                       (CrmStoreRowFunc) vehicle_model_from_row);
      self->models_cache = g_ptr_array_new_with_free_func (g_object_unref);
      for (guint i = 0; i < g_list_model_get_n_items (all); i++)
        g_ptr_array_add (self->models_cache, g_list_model_get_item (all, i));
    }
  copies = g_list_store_new (CRM_TYPE_VEHICLE_MODEL);
  for (guint i = 0; i < self->models_cache->len; i++)
    {
      CrmVehicleModel *model = g_ptr_array_index (self->models_cache, i);
      g_autoptr(CrmVehicleModel) copy = crm_vehicle_model_new ();

      crm_vehicle_model_set_id (copy, crm_vehicle_model_get_id (model));
      crm_vehicle_model_set_brand (copy, crm_vehicle_model_get_brand (model));
      crm_vehicle_model_set_series (copy, crm_vehicle_model_get_series (model));
      crm_vehicle_model_set_trim (copy, crm_vehicle_model_get_trim (model));
      crm_vehicle_model_set_guide_price (copy, crm_vehicle_model_get_guide_price (model));
      g_list_store_append (copies, copy);
    }
  return G_LIST_MODEL (copies);
}

/**
 * crm_staff_store_get_calendar_settings:
 * @settings: (out caller-allocates): filled with the showroom's rules
 */
void
crm_staff_store_get_calendar_settings (CrmStaffStore       *domain,
                                       CrmCalendarSettings *settings)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  g_return_if_fail (CRM_IS_STORE (self));
  g_return_if_fail (settings != NULL);

  settings->open_minute = crm_store_get_meta_int (self, "calendar-open-minute", 24 * 60, 9 * 60);
  settings->close_minute = crm_store_get_meta_int (self, "calendar-close-minute", 24 * 60, 18 * 60);
  settings->slot_minutes = crm_store_get_meta_int (self, "calendar-slot-minutes", 24 * 60, 30);
  settings->buffer_minutes = crm_store_get_meta_int (self, "calendar-buffer-minutes", 24 * 60, 10);
  /* A showroom that never set weekend hours keeps the same hours every day */
  settings->weekend_open_minute = crm_store_get_meta_int (self, "calendar-weekend-open-minute", 24 * 60, settings->open_minute);
  settings->weekend_close_minute = crm_store_get_meta_int (self, "calendar-weekend-close-minute", 24 * 60, settings->close_minute);
}

gboolean
crm_staff_store_set_calendar_settings (CrmStaffStore              *domain,
                                       const CrmCalendarSettings  *settings,
                                       GError                    **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] =
    "INSERT INTO meta (key, value) VALUES (?1, ?2)"
    " ON CONFLICT (key) DO UPDATE SET value = excluded.value";
  const struct { const char *key; int value; } rows[] = {
    { "calendar-open-minute", settings->open_minute },
    { "calendar-close-minute", settings->close_minute },
    { "calendar-slot-minutes", settings->slot_minutes },
    { "calendar-buffer-minutes", settings->buffer_minutes },
    { "calendar-weekend-open-minute", settings->weekend_open_minute },
    { "calendar-weekend-close-minute", settings->weekend_close_minute },
  };
  gboolean ok = TRUE;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);

  if (settings->open_minute < 0 || settings->close_minute > 24 * 60 ||
      settings->close_minute - settings->open_minute < settings->slot_minutes ||
      settings->weekend_open_minute < 0 || settings->weekend_close_minute > 24 * 60 ||
      settings->weekend_close_minute - settings->weekend_open_minute < settings->slot_minutes)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                   _("The showroom must open before it closes, with room for at least one test drive."));
      return FALSE;
    }
  if (settings->slot_minutes < 10 || settings->slot_minutes > CRM_TEST_DRIVE_MAX_MINUTES)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                   _("A test drive lasts between 10 minutes and 4 hours."));
      return FALSE;
    }
  if (settings->buffer_minutes < 0 || settings->buffer_minutes > 120)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                   _("The buffer between test drives is between 0 and 120 minutes."));
      return FALSE;
    }

  if (!crm_store_begin (self, error))
    return FALSE;

  for (guint i = 0; ok && i < G_N_ELEMENTS (rows); i++)
    {
      CRM_AUTO_STMT stmt = crm_store_prepare (self, sql, error);
      char value[16];

      if (stmt == NULL)
        {
          ok = FALSE;
          break;
        }
      g_snprintf (value, sizeof value, "%d", rows[i].value);
      crm_db_stmt_bind_text_static (stmt, 1, rows[i].key);
      crm_db_stmt_bind_text (stmt, 2, value);
      ok = crm_store_step_done (self, stmt, error);
    }

  if (ok)
    crm_store_queue_change (self, CRM_ENTITY_SHOWROOM, 0);
  return crm_store_finish_write (self, ok, error);
}

gint64
crm_staff_store_find_by_name (CrmStaffStore *domain,
                              const char    *name)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] = "SELECT id FROM staff WHERE name = ?1 AND active ORDER BY id LIMIT 1";
  CRM_AUTO_STMT stmt = NULL;

  g_return_val_if_fail (CRM_IS_STORE (self), 0);

  if (name == NULL || (stmt = crm_store_prepare (self, sql, NULL)) == NULL)
    return 0;
  crm_db_stmt_bind_text (stmt, 1, name);
  return crm_db_stmt_step (stmt) == CRM_DB_ROW ? crm_db_stmt_column_int64 (stmt, 0) : 0;
}

/**
 * crm_staff_store_get_lead_rules:
 *
 * Fills @rules with the showroom's rules (defaults for missing keys).
 */
void
crm_staff_store_get_lead_rules (CrmStaffStore *domain,
                                CrmLeadRules  *rules)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  g_autofree char *mode = NULL;
  int value = CRM_ASSIGN_MODE_ROUND_ROBIN;

  g_return_if_fail (CRM_IS_STORE (self));
  g_return_if_fail (rules != NULL);

  mode = crm_store_dup_meta (self, "leads.assign-mode");
  if (mode != NULL)
    crm_enum_from_code (CRM_TYPE_ASSIGN_MODE, mode, &value);
  rules->mode = value;
  rules->by_channel = crm_store_get_meta_int (self, "leads.assign-by-channel", G_MAXINT, 0) != 0;
  rules->by_brand = crm_store_get_meta_int (self, "leads.assign-by-brand", G_MAXINT, 0) != 0;
  rules->first_contact_minutes = crm_store_get_meta_int (self, "leads.first-contact-minutes", G_MAXINT, 120);
  rules->open_from = crm_store_get_meta_int (self, "leads.open-from", G_MAXINT, 9 * 60);
  rules->open_until = crm_store_get_meta_int (self, "leads.open-until", G_MAXINT, 18 * 60);
  rules->pool_days = crm_store_get_meta_int (self, "leads.pool-days", G_MAXINT, 15);
  for (int g = 0; g < CRM_N_GRADES; g++)
    {
      g_autofree char *key = g_strdup_printf ("leads.pool-days-%s", crm_enum_to_code (CRM_TYPE_GRADE, g));

      rules->pool_days_grade[g] = g == CRM_GRADE_N ? 0 : crm_store_get_meta_int (self, key, G_MAXINT, 0);
    }
  rules->pool_warn_days = crm_store_get_meta_int (self, "leads.pool-warn-days", G_MAXINT, 3);
  rules->pool_hold_limit = crm_store_get_meta_int (self, "leads.pool-hold-limit", G_MAXINT, 500);
}

gboolean
crm_staff_store_set_lead_rules (CrmStaffStore       *domain,
                                const CrmLeadRules  *rules,
                                GError             **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  struct { const char *key; int value; } numbers[] = {
    { "leads.assign-by-channel", rules->by_channel ? 1 : 0 },
    { "leads.assign-by-brand", rules->by_brand ? 1 : 0 },
    { "leads.first-contact-minutes", rules->first_contact_minutes },
    { "leads.open-from", rules->open_from },
    { "leads.open-until", rules->open_until },
    { "leads.pool-days", rules->pool_days },
    { "leads.pool-warn-days", rules->pool_warn_days },
    { "leads.pool-hold-limit", rules->pool_hold_limit },
  };

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);

  if (rules->open_from < 0 || rules->open_until > 24 * 60 || rules->open_from >= rules->open_until)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                   _("The showroom must open before it closes."));
      return FALSE;
    }
  if (rules->pool_days > 0 && rules->pool_warn_days >= rules->pool_days)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                   _("The warning must come before the lead returns to the pool."));
      return FALSE;
    }
  for (int g = 0; g < CRM_N_GRADES; g++)
    if (rules->pool_days > 0 && rules->pool_days_grade[g] > 0 && rules->pool_warn_days >= rules->pool_days_grade[g])
      {
        g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                     _("The warning must come before the lead returns to the pool: "
                       "every grade’s limit is longer than the warning."));
        return FALSE;
      }

  if (!crm_store_begin (self, error))
    return FALSE;

  if (!crm_store_set_meta (self, "leads.assign-mode",
                           crm_enum_to_code (CRM_TYPE_ASSIGN_MODE, rules->mode), error))
    {
      crm_store_rollback (self);
      return FALSE;
    }
  /* New limits: the next deadlines run looks at every customer again;
   * a grade that follows the showroom's limit has no key of its own */
  for (int g = 0; g < CRM_N_GRADES; g++)
    {
      const char *code = crm_enum_to_code (CRM_TYPE_GRADE, g);
      g_autofree char *release = g_strdup_printf ("leads.pool-release-after-%s", code);
      g_autofree char *warning = g_strdup_printf ("leads.pool-warning-after-%s", code);
      g_autofree char *days_key = g_strdup_printf ("leads.pool-days-%s", code);
      g_autofree char *days = rules->pool_days_grade[g] > 0 && g != CRM_GRADE_N
                              ? g_strdup_printf ("%d", rules->pool_days_grade[g]) : NULL;

      if (!crm_store_set_meta (self, release, NULL, error) ||
          !crm_store_set_meta (self, warning, NULL, error) ||
          !crm_store_set_meta (self, days_key, days, error))
        {
          crm_store_rollback (self);
          return FALSE;
        }
    }
  for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
    {
      char text[24];

      g_snprintf (text, sizeof text, "%d", MAX (numbers[i].value, 0));
      if (!crm_store_set_meta (self, numbers[i].key, text, error))
        {
          crm_store_rollback (self);
          return FALSE;
        }
    }
  return crm_store_commit (self, error);
}

gboolean
crm_staff_store_get_on_duty (CrmStaffStore *domain,
                             gint64         staff_id)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] = "SELECT on_duty AND active FROM staff WHERE id = ?1";
  CRM_AUTO_STMT stmt = NULL;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);

  if ((stmt = crm_store_prepare (self, sql, NULL)) == NULL)
    return FALSE;
  crm_db_stmt_bind_int64 (stmt, 1, staff_id);
  return crm_db_stmt_step (stmt) == CRM_DB_ROW && crm_db_stmt_column_int (stmt, 0);
}

gboolean
crm_staff_store_set_on_duty (CrmStaffStore  *domain,
                             gint64          staff_id,
                             gboolean        on_duty,
                             GError        **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] = "UPDATE staff SET on_duty = ?2 WHERE id = ?1";

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);

  return crm_store_write_one (self, CRM_ENTITY_STAFF, staff_id, sql,
                              CRM_PARAMS (CRM_INT64 (staff_id),
                                          CRM_INT64 (on_duty ? 1 : 0)),
                              error);
}

/**
 * crm_staff_store_list_brands:
 *
 * Returns: (transfer full): the brands of the model catalogue, sorted
 */
GStrv
crm_staff_store_list_brands (CrmStaffStore *domain)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] = "SELECT DISTINCT brand FROM vehicle_model ORDER BY brand";
  CRM_AUTO_STMT stmt = NULL;

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);

  stmt = crm_store_prepare (self, sql, NULL);
  return crm_store_collect_strings (stmt);
}

/**
 * crm_staff_store_get_brands:
 *
 * Returns: (transfer full): the brands a rep takes when assignment goes by
 *   brand (empty: none set)
 */
GStrv
crm_staff_store_get_brands (CrmStaffStore *domain,
                            gint64         staff_id)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] = "SELECT brand FROM assignment_brand WHERE staff_id = ?1 ORDER BY brand";
  CRM_AUTO_STMT stmt = NULL;

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);

  if ((stmt = crm_store_prepare (self, sql, NULL)) != NULL)
    crm_db_stmt_bind_int64 (stmt, 1, staff_id);
  return crm_store_collect_strings (stmt);
}

/**
 * crm_staff_store_set_brand:
 * @takes: whether the rep takes leads of @brand
 */
gboolean
crm_staff_store_set_brand (CrmStaffStore  *domain,
                           gint64          staff_id,
                           const char     *brand,
                           gboolean        takes,
                           GError        **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char ins[] =
    "INSERT INTO assignment_brand (staff_id, brand) VALUES (?1, ?2)"
    " ON CONFLICT (staff_id, brand) DO NOTHING";
  static const char del[] = "DELETE FROM assignment_brand WHERE staff_id = ?1 AND brand = ?2";
  CRM_AUTO_STMT stmt = NULL;
  gboolean ok;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);
  g_return_val_if_fail (brand != NULL, FALSE);

  if (!crm_store_begin (self, error))
    return FALSE;
  ok = crm_store_check_staff (self, staff_id, error) &&
       (stmt = crm_store_prepare (self, takes ? ins : del, error)) != NULL;
  if (ok)
    {
      crm_db_stmt_bind_int64 (stmt, 1, staff_id);
      crm_db_stmt_bind_text_static (stmt, 2, brand);
      ok = crm_store_step_done (self, stmt, error);
      crm_store_queue_change (self, CRM_ENTITY_STAFF, staff_id);
    }
  return crm_store_finish_write (self, ok, error);
}

/**
 * crm_staff_store_get_channels:
 *
 * Returns: the channels a rep takes when assignment goes by channel, as a
 *   mask of 1 << #CrmChannel (0: none set)
 */
guint
crm_staff_store_get_channels (CrmStaffStore *domain,
                              gint64         staff_id)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] = "SELECT channel FROM assignment_channel WHERE staff_id = ?1";
  CRM_AUTO_STMT stmt = NULL;
  guint mask = 0;

  g_return_val_if_fail (CRM_IS_STORE (self), 0);

  if ((stmt = crm_store_prepare (self, sql, NULL)) == NULL)
    return 0;
  crm_db_stmt_bind_int64 (stmt, 1, staff_id);
  while (crm_db_stmt_step (stmt) == CRM_DB_ROW)
    mask |= 1u << crm_store_column_code (stmt, 0, CRM_TYPE_CHANNEL);
  return mask;
}

gboolean
crm_staff_store_set_channels (CrmStaffStore  *domain,
                              gint64          staff_id,
                              guint           channel_mask,
                              GError        **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char del[] = "DELETE FROM assignment_channel WHERE staff_id = ?1";
  static const char ins[] = "INSERT INTO assignment_channel (staff_id, channel) VALUES (?1, ?2)";
  gboolean ok;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);

  if (!crm_store_begin (self, error))
    return FALSE;
  ok = crm_store_check_staff (self, staff_id, error);
  if (ok)
    {
      CRM_AUTO_STMT stmt = crm_store_prepare (self, del, error);

      ok = stmt != NULL;
      if (ok)
        {
          crm_db_stmt_bind_int64 (stmt, 1, staff_id);
          ok = crm_store_step_done (self, stmt, error);
        }
    }
  for (int channel = 0; ok && channel < CRM_N_CHANNELS; channel++)
    {
      CRM_AUTO_STMT stmt = NULL;

      if (!(channel_mask & (1u << channel)))
        continue;
      ok = (stmt = crm_store_prepare (self, ins, error)) != NULL;
      if (ok)
        {
          crm_db_stmt_bind_int64 (stmt, 1, staff_id);
          crm_store_bind_code (stmt, 2, CRM_TYPE_CHANNEL, channel);
          ok = crm_store_step_done (self, stmt, error);
        }
    }
  if (ok)
    crm_store_queue_change (self, CRM_ENTITY_STAFF, staff_id);
  return crm_store_finish_write (self, ok, error);
}

int
crm_staff_store_get_setting_int (CrmStaffStore *domain,
                                 const char    *key,
                                 int            fallback)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  g_autofree char *value = crm_store_dup_meta (self, key);

  if (value == NULL)
    return fallback;
  return (int) g_ascii_strtoll (value, NULL, 10);
}

gboolean
crm_staff_store_set_setting_int (CrmStaffStore  *domain,
                                 const char     *key,
                                 int             value,
                                 GError        **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  g_autofree char *text = g_strdup_printf ("%d", value);

  return crm_store_set_meta (self, key, text, error);
}

gboolean
crm_staff_store_get_stage_rule (CrmStaffStore *domain,
                                CrmStage       stage,
                                CrmStageRule   rule)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] = "SELECT enabled FROM stage_rule WHERE stage = ?1 AND rule = ?2";
  CRM_AUTO_STMT stmt = NULL;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);

  if ((stmt = crm_store_prepare (self, sql, NULL)) == NULL)
    return FALSE;

  crm_store_bind_code (stmt, 1, CRM_TYPE_STAGE, stage);
  crm_store_bind_code (stmt, 2, CRM_TYPE_STAGE_RULE, rule);
  return crm_db_stmt_step (stmt) == CRM_DB_ROW && crm_db_stmt_column_int (stmt, 0) != 0;
}

gboolean
crm_staff_store_set_stage_rule (CrmStaffStore  *domain,
                                CrmStage        stage,
                                CrmStageRule    rule,
                                gboolean        enabled,
                                GError        **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] =
    "INSERT INTO stage_rule (stage, rule, enabled) VALUES (?1, ?2, ?3)"
    " ON CONFLICT (stage, rule) DO UPDATE SET enabled = excluded.enabled";
  CRM_AUTO_STMT stmt = NULL;
  gboolean ok;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);

  if (!crm_store_begin (self, error))
    return FALSE;

  ok = (stmt = crm_store_prepare (self, sql, error)) != NULL;
  if (ok)
    {
      crm_store_bind_code (stmt, 1, CRM_TYPE_STAGE, stage);
      crm_store_bind_code (stmt, 2, CRM_TYPE_STAGE_RULE, rule);
      crm_db_stmt_bind_int (stmt, 3, enabled);
      ok = crm_store_step_done (self, stmt, error);
    }
  if (ok)
    crm_store_queue_change (self, CRM_ENTITY_SHOWROOM, 0);

  return crm_store_finish_write (self, ok, error);
}
