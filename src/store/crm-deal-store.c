/* crm-deal-store.c: deals: creating, moving through the stages, stage history
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
/* Deals                                                               */

static gboolean
insert_history (CrmStore  *self,
                gint64     deal_id,
                int        from,
                CrmStage   to,
                gint64     at,
                gint64     staff_id,
                GError   **error)
{
  static const char sql[] =
    "INSERT INTO stage_history (deal_id, from_stage, to_stage, at, staff_id)"
    " VALUES (?1, ?2, ?3, ?4, ?5)";
  CRM_AUTO_STMT stmt = crm_store_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;

  crm_db_stmt_bind_int64 (stmt, 1, deal_id);
  if (from >= 0)
    crm_store_bind_code (stmt, 2, CRM_TYPE_STAGE, from);
  crm_store_bind_code (stmt, 3, CRM_TYPE_STAGE, to);
  crm_db_stmt_bind_int64 (stmt, 4, at);
  crm_store_bind_id_or_null (stmt, 5, staff_id);
  return crm_store_step_done (self, stmt, error);
}

gboolean
crm_store_customer_exists (CrmStore  *self,
                 gint64     id,
                 GError   **error)
{
  static const char sql[] = "SELECT 1 FROM customer WHERE id = ?1 AND deleted_at IS NULL";
  CRM_AUTO_STMT stmt = crm_store_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;

  crm_db_stmt_bind_int64 (stmt, 1, id);
  if (crm_db_stmt_step (stmt) != CRM_DB_ROW)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND,
                   _("This customer does not exist or was deleted."));
      return FALSE;
    }
  return TRUE;
}

/**
 * crm_store_insert_deal:
 * @deal: the new deal; its stage is where it starts
 * @staff_id: who created it (recorded in the stage history), or 0
 *
 * Returns: the new id, or 0 with @error set
 */
gint64
crm_store_insert_deal (CrmStore  *self,
                       CrmDeal   *deal,
                       gint64     staff_id,
                       GError   **error)
{
  static const char sql[] =
    /* channel and live written here, so the dashboard's insert trigger
     * (schema version 8) has nothing to correct */
    "INSERT INTO deal (customer_id, model_id, stage, stage_entered_at, expected_close,"
    "  lost_reason, lost_note, owner_id, created_at, channel, live)"
    " SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, coalesce(c.channel, 'unknown'), c.deleted_at IS NULL"
    " FROM customer c WHERE c.id = ?1";
  CRM_AUTO_STMT stmt = NULL;
  gint64 created = crm_deal_get_created_at (deal);
  gint64 entered = crm_deal_get_stage_entered_at (deal);
  gint64 id;
  gboolean ok;

  g_return_val_if_fail (CRM_IS_STORE (self), 0);
  g_return_val_if_fail (CRM_IS_DEAL (deal), 0);

  if (created <= 0)
    created = crm_store_now (self);
  if (entered <= 0)
    entered = created;

  if (!crm_store_begin (self, error))
    return 0;

  ok = crm_store_customer_exists (self, crm_deal_get_customer_id (deal), error) &&
       crm_store_check_staff (self, crm_deal_get_owner_id (deal), error) &&
       (stmt = crm_store_prepare (self, sql, error)) != NULL;

  if (ok)
    {
      crm_db_stmt_bind_int64 (stmt, 1, crm_deal_get_customer_id (deal));
      crm_store_bind_id_or_null (stmt, 2, crm_deal_get_model_id (deal));
      crm_store_bind_code (stmt, 3, CRM_TYPE_STAGE, crm_deal_get_stage (deal));
      crm_db_stmt_bind_int64 (stmt, 4, entered);
      crm_store_bind_id_or_null (stmt, 5, crm_deal_get_expected_close (deal));
      if (crm_deal_get_lost_reason (deal) != CRM_LOST_REASON_NONE)
        crm_store_bind_code (stmt, 6, CRM_TYPE_LOST_REASON, crm_deal_get_lost_reason (deal));
      crm_store_bind_text_or_null (stmt, 7, crm_deal_get_lost_note (deal));
      crm_store_bind_id_or_null (stmt, 8, crm_deal_get_owner_id (deal));
      crm_db_stmt_bind_int64 (stmt, 9, created);
      ok = crm_store_step_done (self, stmt, error);
    }

  if (!ok)
    {
      crm_store_rollback (self);
      return 0;
    }

  id = crm_db_last_insert_id (self->db);
  if (!insert_history (self, id, -1, crm_deal_get_stage (deal), entered, staff_id, error))
    {
      crm_store_rollback (self);
      return 0;
    }

  crm_store_queue_change (self, CRM_ENTITY_DEAL, id);
  if (!crm_store_commit (self, error))
    return 0;

  crm_deal_set_id (deal, id);
  crm_deal_set_created_at (deal, created);
  crm_deal_set_stage_entered_at (deal, entered);
  return id;
}

/**
 * crm_store_move_deal:
 * @to: the new stage
 * @staff_id: who moved it
 *
 * Moves a deal and records the move in the stage history (never rewritten).
 */
gboolean
crm_store_move_deal (CrmStore  *self,
                     gint64     deal_id,
                     CrmStage   to,
                     gint64     staff_id,
                     GError   **error)
{
  return crm_store_move_deal_at (self, deal_id, to, staff_id, 0, error);
}

/**
 * crm_store_move_deal_at:
 * @at: when the move happened (UTC seconds), 0 for now
 *
 * Like crm_store_move_deal(), for moves recorded after the fact (imports,
 * the demo showroom).
 */
gboolean
crm_store_move_deal_at (CrmStore  *self,
                        gint64     deal_id,
                        CrmStage   to,
                        gint64     staff_id,
                        gint64     at,
                        GError   **error)
{
  static const char get_sql[] = "SELECT stage FROM deal WHERE id = ?1";
  static const char set_sql[] =
    "UPDATE deal SET stage = ?2, stage_entered_at = ?3 WHERE id = ?1";
  CRM_AUTO_STMT get = NULL;
  CRM_AUTO_STMT set = NULL;
  int from = -1;
  gboolean ok;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);

  if (at <= 0)
    at = crm_store_now (self);

  if (!crm_store_begin (self, error))
    return FALSE;

  ok = (get = crm_store_prepare (self, get_sql, error)) != NULL;
  if (ok)
    {
      crm_db_stmt_bind_int64 (get, 1, deal_id);
      if (crm_db_stmt_step (get) == CRM_DB_ROW)
        from = crm_store_column_code (get, 0, CRM_TYPE_STAGE);
      else
        {
          g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND, _("This deal does not exist."));
          ok = FALSE;
        }
    }

  ok = ok && crm_store_check_staff (self, staff_id, error) &&
       (set = crm_store_prepare (self, set_sql, error)) != NULL;
  if (ok)
    {
      crm_db_stmt_bind_int64 (set, 1, deal_id);
      crm_store_bind_code (set, 2, CRM_TYPE_STAGE, to);
      crm_db_stmt_bind_int64 (set, 3, at);
      ok = crm_store_step_done (self, set, error) &&
           insert_history (self, deal_id, from, to, at, staff_id, error);
    }

  if (ok)
    crm_store_queue_change (self, CRM_ENTITY_DEAL, deal_id);

  return crm_store_finish_write (self, ok, error);
}

/**
 * crm_store_list_deals_for_customer:
 *
 * Returns: (transfer full): a #GListModel of #CrmDeal, newest first
 */
GListModel *
crm_store_list_deals_for_customer (CrmStore *self,
                                   gint64    customer_id)
{
  static const char sql[] =
    "SELECT d.id, d.customer_id, d.model_id, m.series || ' ' || m.trim, d.stage,"
    "  d.stage_entered_at, d.expected_close, d.lost_reason, d.lost_note, d.owner_id,"
    "  d.created_at"
    " FROM deal d LEFT JOIN vehicle_model m ON m.id = d.model_id"
    " WHERE d.customer_id = ?1 ORDER BY d.created_at DESC, d.id DESC";
  GListStore *list = g_list_store_new (CRM_TYPE_DEAL);
  CRM_AUTO_STMT stmt = NULL;

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);

  if ((stmt = crm_store_prepare (self, sql, NULL)) == NULL)
    return G_LIST_MODEL (list);

  crm_db_stmt_bind_int64 (stmt, 1, customer_id);
  while (crm_db_stmt_step (stmt) == CRM_DB_ROW)
    {
      g_autoptr(CrmDeal) deal = g_object_new (CRM_TYPE_DEAL,
                                              "id", crm_db_stmt_column_int64 (stmt, 0),
                                              "customer-id", crm_db_stmt_column_int64 (stmt, 1),
                                              "model-id", crm_db_stmt_column_int64 (stmt, 2),
                                              "model-name", crm_store_column_text (stmt, 3),
                                              "stage", crm_store_column_code (stmt, 4, CRM_TYPE_STAGE),
                                              "stage-entered-at", crm_db_stmt_column_int64 (stmt, 5),
                                              "expected-close", crm_db_stmt_column_int64 (stmt, 6),
                                              "lost-reason", crm_store_column_code (stmt, 7, CRM_TYPE_LOST_REASON),
                                              "lost-note", crm_store_column_text (stmt, 8),
                                              "owner-id", crm_db_stmt_column_int64 (stmt, 9),
                                              "created-at", crm_db_stmt_column_int64 (stmt, 10),
                                              NULL);
      g_list_store_append (list, deal);
    }

  return G_LIST_MODEL (list);
}

gint64
crm_store_count_stage_history (CrmStore *self,
                               gint64    deal_id)
{
  static const char sql[] = "SELECT count(*) FROM stage_history WHERE deal_id = ?1";
  CRM_AUTO_STMT stmt = NULL;

  g_return_val_if_fail (CRM_IS_STORE (self), 0);

  if ((stmt = crm_store_prepare (self, sql, NULL)) == NULL)
    return 0;
  crm_db_stmt_bind_int64 (stmt, 1, deal_id);
  if (crm_db_stmt_step (stmt) != CRM_DB_ROW)
    return 0;
  return crm_db_stmt_column_int64 (stmt, 0);
}
