/* crm-activity-store.c: activities (follow-ups): writing and listing a customer's
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
/* Activities                                                          */

static gboolean
validate_activity (CrmStore     *self,
                   CrmActivity  *activity,
                   GError      **error)
{
  if (crm_activity_get_planned_at (activity) <= 0 && crm_activity_get_done_at (activity) <= 0)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                   _("A follow-up needs a planned time or the time it was done."));
      return FALSE;
    }

  return crm_store_customer_exists (self, crm_activity_get_customer_id (activity), error) &&
         crm_store_check_staff (self, crm_activity_get_staff_id (activity), error);
}

void
crm_store_mark_summary_dirty (CrmStore *self,
                    gint64    customer_id)
{
  gint64 *key = g_new (gint64, 1);

  *key = customer_id;
  g_hash_table_add (self->dirty_summary, key);
}

static void
bind_activity (CrmDbStmt *stmt,
               CrmActivity  *activity)
{
  crm_db_stmt_bind_int64 (stmt, 1, crm_activity_get_customer_id (activity));
  crm_store_bind_id_or_null (stmt, 2, crm_activity_get_deal_id (activity));
  crm_store_bind_code (stmt, 3, CRM_TYPE_ACTIVITY_KIND, crm_activity_get_kind (activity));
  crm_store_bind_id_or_null (stmt, 4, crm_activity_get_planned_at (activity));
  crm_store_bind_id_or_null (stmt, 5, crm_activity_get_done_at (activity));
  crm_store_bind_code (stmt, 6, CRM_TYPE_OUTCOME, crm_activity_get_outcome (activity));
  crm_store_bind_text_or_null (stmt, 7, crm_activity_get_note (activity));
  crm_store_bind_id_or_null (stmt, 8, crm_activity_get_staff_id (activity));
  crm_store_bind_text_or_null (stmt, 10, crm_activity_get_purpose (activity));
}

/**
 * crm_store_insert_activity:
 *
 * Records a follow-up (planned, done, or both) and updates the customer's
 * last and next contact.
 *
 * Returns: the new id, or 0 with @error set
 */
gint64
crm_store_insert_activity (CrmStore     *self,
                           CrmActivity  *activity,
                           GError      **error)
{
  static const char sql[] =
    "INSERT INTO activity (customer_id, deal_id, kind, planned_at, done_at, outcome, note,"
    "  staff_id, created_at, purpose)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
  CRM_AUTO_STMT stmt = NULL;
  gint64 id;

  g_return_val_if_fail (CRM_IS_STORE (self), 0);
  g_return_val_if_fail (CRM_IS_ACTIVITY (activity), 0);

  if (!crm_store_begin (self, error))
    return 0;

  if (!validate_activity (self, activity, error) ||
      (stmt = crm_store_prepare (self, sql, error)) == NULL)
    {
      crm_store_rollback (self);
      return 0;
    }

  bind_activity (stmt, activity);
  crm_db_stmt_bind_int64 (stmt, 9, crm_store_now (self));
  if (!crm_store_step_done (self, stmt, error))
    {
      crm_store_rollback (self);
      return 0;
    }

  id = crm_db_last_insert_id (self->db);
  crm_store_mark_summary_dirty (self, crm_activity_get_customer_id (activity));
  crm_store_queue_change (self, CRM_ENTITY_ACTIVITY, id);

  if (!crm_store_commit (self, error))
    return 0;

  crm_activity_set_id (activity, id);
  return id;
}

gboolean
crm_store_update_activity (CrmStore     *self,
                           CrmActivity  *activity,
                           GError      **error)
{
  static const char sql[] =
    "UPDATE activity SET customer_id = ?1, deal_id = ?2, kind = ?3, planned_at = ?4,"
    "  done_at = ?5, outcome = ?6, note = ?7, staff_id = ?8, purpose = ?10"
    " WHERE id = ?9";
  CRM_AUTO_STMT stmt = NULL;
  gboolean ok;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);
  g_return_val_if_fail (CRM_IS_ACTIVITY (activity), FALSE);

  if (!crm_store_begin (self, error))
    return FALSE;

  ok = validate_activity (self, activity, error) &&
       (stmt = crm_store_prepare (self, sql, error)) != NULL;

  /* A follow-up moved to another customer changes both summaries */
  if (ok)
    {
      static const char owner_sql[] = "SELECT customer_id FROM activity WHERE id = ?1";
      CRM_AUTO_STMT owner = crm_store_prepare (self, owner_sql, error);

      ok = owner != NULL;
      if (ok)
        {
          crm_db_stmt_bind_int64 (owner, 1, crm_activity_get_id (activity));
          if (crm_db_stmt_step (owner) == CRM_DB_ROW)
            crm_store_mark_summary_dirty (self, crm_db_stmt_column_int64 (owner, 0));
        }
    }

  if (ok)
    {
      bind_activity (stmt, activity);
      crm_db_stmt_bind_int64 (stmt, 9, crm_activity_get_id (activity));
      ok = crm_store_step_done (self, stmt, error);
      if (ok && crm_db_changes (self->db) == 0)
        {
          g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND, _("This follow-up no longer exists."));
          ok = FALSE;
        }
    }

  if (ok)
    {
      crm_store_mark_summary_dirty (self, crm_activity_get_customer_id (activity));
      crm_store_queue_change (self, CRM_ENTITY_ACTIVITY, crm_activity_get_id (activity));
    }

  return crm_store_finish_write (self, ok, error);
}

/**
 * crm_store_list_activities_for_customer:
 *
 * Returns: (transfer full): a #GListModel of #CrmActivity for the timeline:
 *   planned ones first (soonest first), then done ones, newest first
 */
GListModel *
crm_store_list_activities_for_customer (CrmStore *self,
                                        gint64    customer_id)
{
  static const char sql[] =
    "SELECT a.id, a.customer_id, a.deal_id, a.kind, a.planned_at, a.done_at, a.outcome,"
    "  a.note, a.staff_id, s.name, a.purpose"
    " FROM activity a LEFT JOIN staff s ON s.id = a.staff_id"
    " WHERE a.customer_id = ?1"
    " ORDER BY a.done_at IS NOT NULL,"
    "   CASE WHEN a.done_at IS NULL THEN a.planned_at END,"
    "   a.done_at DESC, a.id DESC";
  GListStore *list = g_list_store_new (CRM_TYPE_ACTIVITY);
  CRM_AUTO_STMT stmt = NULL;

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);

  if ((stmt = crm_store_prepare (self, sql, NULL)) == NULL)
    return G_LIST_MODEL (list);

  crm_db_stmt_bind_int64 (stmt, 1, customer_id);
  while (crm_db_stmt_step (stmt) == CRM_DB_ROW)
    {
      g_autoptr(CrmActivity) activity =
        g_object_new (CRM_TYPE_ACTIVITY,
                      "id", crm_db_stmt_column_int64 (stmt, 0),
                      "customer-id", crm_db_stmt_column_int64 (stmt, 1),
                      "deal-id", crm_db_stmt_column_int64 (stmt, 2),
                      "kind", crm_store_column_code (stmt, 3, CRM_TYPE_ACTIVITY_KIND),
                      "planned-at", crm_db_stmt_column_int64 (stmt, 4),
                      "done-at", crm_db_stmt_column_int64 (stmt, 5),
                      "outcome", crm_store_column_code (stmt, 6, CRM_TYPE_OUTCOME),
                      "note", crm_store_column_text (stmt, 7),
                      "staff-id", crm_db_stmt_column_int64 (stmt, 8),
                      "staff-name", crm_store_column_text (stmt, 9),
                      "purpose", crm_store_column_text (stmt, 10),
                      NULL);
      g_list_store_append (list, activity);
    }

  return G_LIST_MODEL (list);
}
