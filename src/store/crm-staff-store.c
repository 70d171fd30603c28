/* crm-staff-store.c: staff and the vehicle model catalogue
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Part of the store (see crm-store-private.h).
 */
#define G_LOG_DOMAIN "crm-store"

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
crm_store_insert_staff (CrmStore  *self,
                        CrmStaff  *staff,
                        GError   **error)
{
  static const char sql[] =
    "INSERT INTO staff (name, role, active, created_at) VALUES (?1, ?2, ?3, ?4)";
  g_autofree char *name = NULL;
  CRM_AUTO_STMT stmt = NULL;
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

  if (!crm_store_begin (self, error))
    return 0;

  if ((stmt = crm_store_prepare (self, sql, error)) == NULL)
    {
      crm_store_rollback (self);
      return 0;
    }

  crm_db_stmt_bind_text (stmt, 1, name);
  crm_store_bind_code (stmt, 2, CRM_TYPE_ROLE, crm_staff_get_role (staff));
  crm_db_stmt_bind_int (stmt, 3, crm_staff_get_active (staff));
  crm_db_stmt_bind_int64 (stmt, 4, crm_store_now (self));

  if (!crm_store_step_done (self, stmt, error))
    {
      crm_store_rollback (self);
      return 0;
    }

  id = crm_db_last_insert_id (self->db);
  crm_store_queue_change (self, CRM_ENTITY_STAFF, id);

  if (!crm_store_commit (self, error))
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

/**
 * crm_store_get_staff:
 *
 * Returns: (transfer full) (nullable): the staff member, or %NULL with
 *   CRM_ERROR_NOT_FOUND
 */
CrmStaff *
crm_store_get_staff (CrmStore  *self,
                     gint64     id,
                     GError   **error)
{
  static const char sql[] = "SELECT id, name, role, active FROM staff WHERE id = ?1";
  CRM_AUTO_STMT stmt = NULL;

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);

  if ((stmt = crm_store_prepare (self, sql, error)) == NULL)
    return NULL;

  crm_db_stmt_bind_int64 (stmt, 1, id);
  if (crm_db_stmt_step (stmt) == CRM_DB_ROW)
    return staff_from_row (stmt);

  g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND,
               _("This staff member is not in the showroom’s database."));
  return NULL;
}

/**
 * crm_store_list_staff:
 * @active_only: leave out staff who left
 *
 * Staff are few (a showroom has tens), so this is a plain list store.
 *
 * Returns: (transfer full): a #GListModel of #CrmStaff, by role then name
 */
GListModel *
crm_store_list_staff (CrmStore *self,
                      gboolean  active_only)
{
  static const char sql[] =
    "SELECT id, name, role, active FROM staff"
    " WHERE active OR NOT ?1"
    " ORDER BY CASE role WHEN 'manager' THEN 0 WHEN 'sales' THEN 1 ELSE 2 END, name";
  GListStore *list = g_list_store_new (CRM_TYPE_STAFF);
  CRM_AUTO_STMT stmt = NULL;

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);

  if ((stmt = crm_store_prepare (self, sql, NULL)) == NULL)
    return G_LIST_MODEL (list);

  crm_db_stmt_bind_int (stmt, 1, active_only);
  while (crm_db_stmt_step (stmt) == CRM_DB_ROW)
    {
      g_autoptr(CrmStaff) staff = staff_from_row (stmt);
      g_list_store_append (list, staff);
    }

  return G_LIST_MODEL (list);
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
  CRM_AUTO_STMT stmt = crm_store_prepare (self, sql, NULL);

  if (stmt == NULL)
    return FALSE;
  crm_db_stmt_bind_int64 (stmt, 1, staff_id);
  return crm_db_stmt_step (stmt) == CRM_DB_ROW;
}

/* ------------------------------------------------------------------ */
/* Vehicle models                                                      */

gint64
crm_store_insert_vehicle_model (CrmStore         *self,
                                CrmVehicleModel  *model,
                                GError          **error)
{
  static const char sql[] =
    "INSERT INTO vehicle_model (brand, series, trim, guide_price) VALUES (?1, ?2, ?3, ?4)";
  g_autofree char *brand = NULL;
  g_autofree char *series = NULL;
  g_autofree char *trim = NULL;
  CRM_AUTO_STMT stmt = NULL;
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

  if (!crm_store_begin (self, error))
    return 0;
  if ((stmt = crm_store_prepare (self, sql, error)) == NULL)
    {
      crm_store_rollback (self);
      return 0;
    }

  crm_db_stmt_bind_text (stmt, 1, brand);
  crm_db_stmt_bind_text (stmt, 2, series);
  crm_db_stmt_bind_text (stmt, 3, trim);
  crm_db_stmt_bind_int64 (stmt, 4, crm_vehicle_model_get_guide_price (model));
  if (!crm_store_step_done (self, stmt, error))
    {
      crm_store_rollback (self);
      return 0;
    }

  id = crm_db_last_insert_id (self->db);
  crm_store_queue_change (self, CRM_ENTITY_VEHICLE_MODEL, id);
  if (!crm_store_commit (self, error))
    return 0;

  crm_vehicle_model_set_id (model, id);
  return id;
}

/**
 * crm_store_list_vehicle_models:
 *
 * Returns: (transfer full): a #GListModel of #CrmVehicleModel
 */
GListModel *
crm_store_list_vehicle_models (CrmStore *self)
{
  static const char sql[] =
    "SELECT id, brand, series, trim, guide_price FROM vehicle_model"
    " ORDER BY brand, series, guide_price";
  GListStore *list = g_list_store_new (CRM_TYPE_VEHICLE_MODEL);
  CRM_AUTO_STMT stmt = NULL;

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);

  if ((stmt = crm_store_prepare (self, sql, NULL)) == NULL)
    return G_LIST_MODEL (list);

  while (crm_db_stmt_step (stmt) == CRM_DB_ROW)
    {
      g_autoptr(CrmVehicleModel) model = crm_vehicle_model_new ();

      crm_vehicle_model_set_id (model, crm_db_stmt_column_int64 (stmt, 0));
      crm_vehicle_model_set_brand (model, crm_store_column_text (stmt, 1));
      crm_vehicle_model_set_series (model, crm_store_column_text (stmt, 2));
      crm_vehicle_model_set_trim (model, crm_store_column_text (stmt, 3));
      crm_vehicle_model_set_guide_price (model, crm_db_stmt_column_int64 (stmt, 4));
      g_list_store_append (list, model);
    }

  return G_LIST_MODEL (list);
}
