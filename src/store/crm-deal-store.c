/* crm-deal-store.c: CrmDealStore, deals through the stages, the board, Lost requests
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One of the store's domain stores (see crm-store.h); the store's
 * internals are in crm-store-private.h.
 */
#define G_LOG_DOMAIN "crm-deal-store"

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

void
crm_deal_query_init (CrmDealQuery *query)
{
  memset (query, 0, sizeof *query);
  query->stage = -1;
  query->owner_id = -1;
  query->grade = -1;
  query->channel = -1;
  query->lost_reason = -1;
}

void
crm_deal_query_clear (CrmDealQuery *query)
{
  g_clear_pointer (&query->search, g_free);
}

void
crm_deal_query_copy (const CrmDealQuery *src,
                     CrmDealQuery       *dest)
{
  *dest = *src;
  dest->search = g_strdup (src->search);
}

/* ------------------------------------------------------------------ */
/* Settings kept in the database                                       */

/* ------------------------------------------------------------------ */
/* Deals with what the board shows                                     */

#define DEAL_COLUMNS \
  "SELECT d.id, d.customer_id, d.model_id, m.series || ' ' || m.trim, d.stage," \
  "  d.stage_entered_at, d.expected_close, d.lost_reason, d.lost_note, d.owner_id," \
  "  d.created_at, d.price, coalesce(m.guide_price, 0), c.next_followup_at," \
  "  c.last_contact_at, c.name, s.name, c.grade," \
  "  (SELECT r.requested_at FROM lost_request r WHERE r.deal_id = d.id AND r.status = 'pending')," \
  "  (SELECT r.comment FROM lost_request r WHERE r.deal_id = d.id AND r.status = 'returned'" \
  "     AND r.decided_at >= d.stage_entered_at ORDER BY r.decided_at DESC LIMIT 1)" \
  " FROM deal d JOIN customer c ON c.id = d.customer_id" \
  " LEFT JOIN vehicle_model m ON m.id = d.model_id" \
  " LEFT JOIN staff s ON s.id = d.owner_id"

static CrmDeal *
deal_from_row (CrmDbStmt *stmt)
{
  return g_object_new (CRM_TYPE_DEAL,
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
                       "price", crm_db_stmt_column_int64 (stmt, 11),
                       "guide-price", crm_db_stmt_column_int64 (stmt, 12),
                       "next-followup-at", crm_db_stmt_column_int64 (stmt, 13),
                       "last-contact-at", crm_db_stmt_column_int64 (stmt, 14),
                       "customer-name", crm_store_column_text (stmt, 15),
                       "owner-name", crm_store_column_text (stmt, 16),
                       "customer-grade", crm_store_column_code (stmt, 17, CRM_TYPE_GRADE),
                       "lost-requested-at", crm_db_stmt_column_int64 (stmt, 18),
                       "request-comment", crm_store_column_text (stmt, 19),
                       NULL);
}

/* ------------------------------------------------------------------ */
/* What the gates look at                                              */

/* ------------------------------------------------------------------ */
/* Closing as Lost, and the requests for it                            */

static gboolean
set_lost_fields (CrmStore       *self,
                 gint64          deal_id,
                 CrmLostReason   reason,
                 const char     *note,
                 GError        **error)
{
  static const char sql[] = "UPDATE deal SET lost_reason = ?2, lost_note = ?3 WHERE id = ?1";
  CRM_AUTO_STMT stmt = crm_store_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;

  crm_db_stmt_bind_int64 (stmt, 1, deal_id);
  if (reason != CRM_LOST_REASON_NONE)
    crm_store_bind_code (stmt, 2, CRM_TYPE_LOST_REASON, reason);
  crm_store_bind_text_or_null (stmt, 3, note);
  return crm_store_step_done (self, stmt, error);
}

static gboolean
check_lost_input (CrmLostReason   reason,
                  const char     *note,
                  GError        **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (note ? note : ""));

  if (reason == CRM_LOST_REASON_NONE)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                   _("Choose why the customer was lost."));
      return FALSE;
    }
  if (trimmed[0] == '\0')
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                   _("Write a note on what happened: the manager reads it, and whoever calls the customer again."));
      return FALSE;
    }
  return TRUE;
}

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
 * crm_deal_store_insert:
 * @deal: the new deal; its stage is where it starts
 * @staff_id: who created it (recorded in the stage history), or 0
 *
 * Returns: the new id, or 0 with @error set
 */
gint64
crm_deal_store_insert (CrmDealStore  *domain,
                       CrmDeal       *deal,
                       gint64         staff_id,
                       GError       **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
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
 * crm_deal_store_move:
 * @to: the new stage
 * @staff_id: who moved it
 *
 * Moves a deal and records the move in the stage history (never rewritten).
 */
gboolean
crm_deal_store_move (CrmDealStore  *domain,
                     gint64         deal_id,
                     CrmStage       to,
                     gint64         staff_id,
                     GError       **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  return crm_deal_store_move_at (crm_store_get_deal_store (self), deal_id, to, staff_id, 0, error);
}

/* Who made the deal's last move, for a conflict's message */
static char *
dup_last_mover (CrmStore *self,
                gint64    deal_id)
{
  static const char sql[] =
    "SELECT s.name FROM stage_history h JOIN staff s ON s.id = h.staff_id"
    " WHERE h.deal_id = ?1 ORDER BY h.at DESC, h.id DESC LIMIT 1";
  CRM_AUTO_STMT stmt = crm_store_prepare (self, sql, NULL);

  if (stmt == NULL)
    return NULL;
  crm_db_stmt_bind_int64 (stmt, 1, deal_id);
  if (crm_db_stmt_step (stmt) != CRM_DB_ROW)
    return NULL;
  return g_strdup (crm_store_column_text (stmt, 0));
}

/* A move, from @expected (or from wherever the deal is, when -1) */
static gboolean
move_deal (CrmStore  *self,
           gint64     deal_id,
           int        expected,
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

  if (at <= 0)
    at = crm_store_now (self);

  if (!crm_store_begin (self, error))
    return FALSE;

  get = crm_store_select_row (self, get_sql, deal_id, _("This deal does not exist."), error);
  ok = get != NULL;
  if (ok)
    from = crm_store_column_code (get, 0, CRM_TYPE_STAGE);

  /* What the person decided on (the gates, the card's column) was read
   * before the write lock: another desktop may have moved it since */
  if (ok && expected >= 0 && from != expected)
    {
      g_autofree char *who = dup_last_mover (self, deal_id);

      if (who != NULL)
        /* Translators: "王丽 moved this deal to “Lost” in the meantime; …" */
        g_set_error (error, CRM_ERROR, CRM_ERROR_CONFLICT,
                     _("%s moved this deal to “%s” in the meantime, so it was left there."),
                     who, crm_stage_get_label (from));
      else
        g_set_error (error, CRM_ERROR, CRM_ERROR_CONFLICT,
                     _("This deal was moved to “%s” in the meantime, so it was left there."),
                     crm_stage_get_label (from));
      ok = FALSE;
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
  /* A deal lost or invalid lets go of the car reserved for it */
  if (ok && (to == CRM_STAGE_LOST || to == CRM_STAGE_INVALID))
    ok = crm_store_release_deal_stock (self, deal_id, error);

  if (ok)
    crm_store_queue_change (self, CRM_ENTITY_DEAL, deal_id);

  return crm_store_finish_write (self, ok, error);
}

/**
 * crm_deal_store_move_at:
 * @at: when the move happened (UTC seconds), 0 for now
 *
 * Like crm_deal_store_move(), for moves recorded after the fact (imports,
 * the demo showroom).
 */
gboolean
crm_deal_store_move_at (CrmDealStore  *domain,
                        gint64         deal_id,
                        CrmStage       to,
                        gint64         staff_id,
                        gint64         at,
                        GError       **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);
  return move_deal (self, deal_id, -1, to, staff_id, at, error);
}

/**
 * crm_deal_store_move_from:
 * @from: the stage the person saw the deal in
 *
 * A person's move (the board): when another desktop moved the deal since
 * it was read, nothing moves and the error (CRM_ERROR_CONFLICT) says who
 * moved it where; the board shows the deal there by then.
 */
gboolean
crm_deal_store_move_from (CrmDealStore  *domain,
                          gint64         deal_id,
                          CrmStage       from,
                          CrmStage       to,
                          gint64         staff_id,
                          GError       **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);
  return move_deal (self, deal_id, from, to, staff_id, 0, error);
}

/**
 * crm_deal_store_list_for_customer:
 *
 * Returns: (transfer full): a #GListModel of #CrmDeal, newest first
 */
GListModel *
crm_deal_store_list_for_customer (CrmDealStore *domain,
                                  gint64        customer_id)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  /* The board's columns, so that one row reader serves: a customer has a
   * handful of deals, and the deal's customer row always exists */
  static const char sql[] =
    DEAL_COLUMNS " WHERE d.customer_id = ?1 ORDER BY d.created_at DESC, d.id DESC";

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);

  return crm_store_list_objects (self, sql, CRM_PARAMS (CRM_INT64 (customer_id)),
                                 CRM_TYPE_DEAL, (CrmStoreRowFunc) deal_from_row);
}

gint64
crm_deal_store_count_stage_history (CrmDealStore *domain,
                                    gint64        deal_id)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] = "SELECT count(*) FROM stage_history WHERE deal_id = ?1";

  g_return_val_if_fail (CRM_IS_STORE (self), 0);

  return crm_store_query_int64 (self, sql, CRM_PARAMS (CRM_INT64 (deal_id)), 0);
}

/**
 * crm_deal_store_list_board_stages:
 *
 * Returns: (transfer full) (element-type CrmStage): the open stages in the
 *   showroom's order, as the stage table lists them
 */
GArray *
crm_deal_store_list_board_stages (CrmDealStore *domain)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] = "SELECT code FROM stage WHERE is_open ORDER BY position";
  GArray *stages = g_array_new (FALSE, FALSE, sizeof (CrmStage));
  CRM_AUTO_STMT stmt = NULL;
  int rc;

  g_return_val_if_fail (CRM_IS_STORE (self), stages);

  /* Kept with the staff and catalogue, outside transactions */
  if (self->depth == 0 && self->stages_cache != NULL)
    {
      g_array_append_vals (stages, self->stages_cache->data, self->stages_cache->len);
      return stages;
    }
  if ((stmt = crm_store_prepare (self, sql, NULL)) == NULL)
    return stages;

  while ((rc = crm_db_stmt_step (stmt)) == CRM_DB_ROW)
    {
      CrmStage stage = crm_store_column_code (stmt, 0, CRM_TYPE_STAGE);
      g_array_append_val (stages, stage);
    }
  if (rc == CRM_DB_DONE && self->depth == 0)
    {
      g_clear_pointer (&self->stages_cache, g_array_unref);
      self->stages_cache = g_array_copy (stages);
    }
  return stages;
}

/**
 * crm_deal_store_get:
 *
 * Returns: (transfer full) (nullable): the deal with what the board shows
 *   of its customer, or %NULL with CRM_ERROR_NOT_FOUND
 */
CrmDeal *
crm_deal_store_get (CrmDealStore  *domain,
                    gint64         id,
                    GError       **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] = DEAL_COLUMNS " WHERE d.id = ?1";

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);

  return crm_store_get_object (self, sql, id, _("This deal does not exist."),
                               (CrmStoreRowFunc) deal_from_row, error);
}

/**
 * crm_deal_store_get_many:
 * @ids: deal ids
 * @n_ids: how many (at most 32)
 *
 * Reads up to 32 deals in one statement: a board column's cards in one
 * round trip to a server instead of one per card.
 *
 * Returns: (transfer full) (element-type CrmDeal): the deals of @ids that
 *   exist, in no particular order
 */
GPtrArray *
crm_deal_store_get_many (CrmDealStore *domain,
                         const gint64 *ids,
                         guint         n_ids,
                         GError      **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] = DEAL_COLUMNS " WHERE d.id" CRM_STORE_MANY_IN;

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);

  return crm_store_get_many (self, sql, ids, n_ids, (CrmStoreRowFunc) deal_from_row, error);
}

/**
 * crm_deal_store_has_test_drive:
 *
 * Returns: whether a test drive of @customer_id has been recorded as done
 */
gboolean
crm_deal_store_has_test_drive (CrmDealStore *domain,
                               gint64        customer_id)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] =
    "SELECT 1 FROM activity WHERE customer_id = ?1 AND kind = 'test-drive'"
    " AND done_at IS NOT NULL LIMIT 1";

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);

  return crm_store_row_exists (self, sql, CRM_PARAMS (CRM_INT64 (customer_id)));
}

gboolean
crm_deal_store_set_price (CrmDealStore  *domain,
                          gint64         deal_id,
                          gint64         price,
                          GError       **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] = "UPDATE deal SET price = ?2 WHERE id = ?1";
  CRM_AUTO_STMT stmt = NULL;
  gboolean ok;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);

  if (price < 0)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT, _("A price cannot be negative."));
      return FALSE;
    }

  if (!crm_store_begin (self, error))
    return FALSE;

  ok = (stmt = crm_store_prepare (self, sql, error)) != NULL;
  if (ok)
    {
      crm_db_stmt_bind_int64 (stmt, 1, deal_id);
      crm_db_stmt_bind_int64 (stmt, 2, price);
      ok = crm_store_step_changed (self, stmt, _("This deal does not exist."), error);
    }
  if (ok)
    crm_store_queue_change (self, CRM_ENTITY_DEAL, deal_id);

  return crm_store_finish_write (self, ok, error);
}

/**
 * crm_deal_store_change_price:
 * @loaded: the price the person saw when they started typing
 *
 * A person's change of the agreed price: when another desktop saved a
 * price since @loaded was read, nothing is written (CRM_ERROR_CONFLICT),
 * never an unseen overwrite.
 */
gboolean
crm_deal_store_change_price (CrmDealStore  *domain,
                             gint64         deal_id,
                             gint64         loaded,
                             gint64         price,
                             GError       **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] = "SELECT price FROM deal WHERE id = ?1";
  CRM_AUTO_STMT get = NULL;
  gboolean ok;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);

  if (!crm_store_begin (self, error))
    return FALSE;

  get = crm_store_select_row (self, sql, deal_id, _("This deal does not exist."), error);
  ok = get != NULL;
  if (ok && crm_db_stmt_column_int64 (get, 0) != loaded)
    {
      g_set_error_literal (error, CRM_ERROR, CRM_ERROR_CONFLICT,
                           _("Someone else changed the agreed price in the meantime, so yours was not "
                             "saved. Look at the new price and enter yours again if it still applies."));
      ok = FALSE;
    }
  ok = ok && crm_deal_store_set_price (domain, deal_id, price, error);
  return crm_store_finish_write (self, ok, error);
}

/**
 * crm_deal_store_set_lost_reason:
 *
 * Records why a deal was lost without moving it (imports, the demo; a
 * person closes a deal with crm_deal_store_close_lost()).
 */
gboolean
crm_deal_store_set_lost_reason (CrmDealStore   *domain,
                                gint64          deal_id,
                                CrmLostReason   reason,
                                const char     *note,
                                GError        **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);

  if (!crm_store_begin (self, error))
    return FALSE;
  if (!set_lost_fields (self, deal_id, reason, note, error))
    {
      crm_store_rollback (self);
      return FALSE;
    }
  crm_store_queue_change (self, CRM_ENTITY_DEAL, deal_id);
  return crm_store_commit (self, error);
}

/**
 * crm_deal_store_close_lost:
 *
 * Closes a deal as Lost with its reason and note (a manager, or a rep
 * when the showroom lets reps close Lost directly).
 */
gboolean
crm_deal_store_close_lost (CrmDealStore   *domain,
                           gint64          deal_id,
                           CrmLostReason   reason,
                           const char     *note,
                           gint64          staff_id,
                           GError        **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char settle_sql[] =
    "UPDATE lost_request SET status = 'approved', decided_by = ?2, decided_at = ?3"
    " WHERE deal_id = ?1 AND status = 'pending'";
  CRM_AUTO_STMT stmt = NULL;
  gboolean ok;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);

  if (!check_lost_input (reason, note, error) || !crm_store_begin (self, error))
    return FALSE;

  ok = set_lost_fields (self, deal_id, reason, note, error) &&
       crm_deal_store_move (crm_store_get_deal_store (self), deal_id, CRM_STAGE_LOST, staff_id, error) &&
       (stmt = crm_store_prepare (self, settle_sql, error)) != NULL;
  if (ok)
    {
      crm_db_stmt_bind_int64 (stmt, 1, deal_id);
      crm_store_bind_id_or_null (stmt, 2, staff_id);
      crm_db_stmt_bind_int64 (stmt, 3, crm_store_now (self));
      ok = crm_store_step_done (self, stmt, error);
    }

  return crm_store_finish_write (self, ok, error);
}

/**
 * crm_deal_store_request_lost:
 *
 * A rep asks to close a deal as Lost (战败申请); the deal stays where it is
 * until a manager decides.
 */
gboolean
crm_deal_store_request_lost (CrmDealStore   *domain,
                             gint64          deal_id,
                             CrmLostReason   reason,
                             const char     *note,
                             gint64          staff_id,
                             GError        **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] =
    "INSERT INTO lost_request (deal_id, reason, note, requested_by, requested_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5)";
  CRM_AUTO_STMT stmt = NULL;
  gboolean ok;
  int rc;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);

  if (!check_lost_input (reason, note, error) || !crm_store_begin (self, error))
    return FALSE;

  ok = (stmt = crm_store_prepare (self, sql, error)) != NULL;
  if (ok)
    {
      g_autofree char *trimmed = g_strstrip (g_strdup (note));

      crm_db_stmt_bind_int64 (stmt, 1, deal_id);
      crm_store_bind_code (stmt, 2, CRM_TYPE_LOST_REASON, reason);
      crm_db_stmt_bind_text (stmt, 3, trimmed);
      crm_store_bind_id_or_null (stmt, 4, staff_id);
      crm_db_stmt_bind_int64 (stmt, 5, crm_store_now (self));
      rc = crm_db_stmt_step (stmt);
      if (rc == CRM_DB_CONSTRAINT)
        {
          g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                       _("A request to close this deal as Lost is already waiting for a manager."));
          ok = FALSE;
        }
      else if (rc != CRM_DB_DONE)
        {
          crm_db_set_error (self->db, error, rc);
          ok = FALSE;
        }
    }
  if (ok)
    crm_store_queue_change (self, CRM_ENTITY_DEAL, deal_id);

  return crm_store_finish_write (self, ok, error);
}

/**
 * crm_deal_store_decide_lost:
 * @approve: close the deal as Lost with the rep's reason, or send it back
 * @comment: (nullable): the manager's word to the rep (needed to send back)
 */
gboolean
crm_deal_store_decide_lost (CrmDealStore  *domain,
                            gint64         deal_id,
                            gboolean       approve,
                            const char    *comment,
                            gint64         staff_id,
                            GError       **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char get_sql[] =
    "SELECT reason, note FROM lost_request WHERE deal_id = ?1 AND status = 'pending'";
  static const char set_sql[] =
    "UPDATE lost_request SET status = ?2, decided_by = ?3, decided_at = ?4, comment = ?5"
    " WHERE deal_id = ?1 AND status = 'pending'";
  g_autofree char *note = NULL;
  g_autofree char *trimmed = g_strstrip (g_strdup (comment ? comment : ""));
  CRM_AUTO_STMT get = NULL;
  CRM_AUTO_STMT set = NULL;
  CrmLostReason reason = CRM_LOST_REASON_NONE;
  gboolean ok;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);

  if (!approve && trimmed[0] == '\0')
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                   _("Tell the sales consultant why the deal stays open."));
      return FALSE;
    }

  if (!crm_store_begin (self, error))
    return FALSE;

  get = crm_store_select_row (self, get_sql, deal_id,
                              _("No request to close this deal as Lost is waiting."), error);
  ok = get != NULL;
  if (ok)
    {
      reason = crm_store_column_code (get, 0, CRM_TYPE_LOST_REASON);
      note = g_strdup (crm_store_column_text (get, 1));
    }

  ok = ok && (set = crm_store_prepare (self, set_sql, error)) != NULL;
  if (ok)
    {
      crm_db_stmt_bind_int64 (set, 1, deal_id);
      crm_db_stmt_bind_text_static (set, 2, approve ? "approved" : "returned");
      crm_store_bind_id_or_null (set, 3, staff_id);
      crm_db_stmt_bind_int64 (set, 4, crm_store_now (self));
      crm_store_bind_text_or_null (set, 5, trimmed);
      ok = crm_store_step_done (self, set, error);
    }

  if (ok && approve)
    ok = set_lost_fields (self, deal_id, reason, note, error) &&
         crm_deal_store_move (crm_store_get_deal_store (self), deal_id, CRM_STAGE_LOST, staff_id, error);
  if (ok)
    crm_store_queue_change (self, CRM_ENTITY_DEAL, deal_id);

  return crm_store_finish_write (self, ok, error);
}

/**
 * crm_deal_store_list_lost_requests:
 *
 * Returns: (transfer full): a #GListModel of #CrmDeal waiting for a
 *   manager's decision, oldest request first (few: a plain list)
 */
GListModel *
crm_deal_store_list_lost_requests (CrmDealStore *domain)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  /* Driven from the few pending requests, not from the deals */
  static const char sql[] =
    DEAL_COLUMNS
    " JOIN lost_request q ON q.deal_id = d.id AND q.status = 'pending'"
    " WHERE d.id IN (SELECT deal_id FROM lost_request WHERE status = 'pending')"
    "   AND c.deleted_at IS NULL ORDER BY q.requested_at";

  g_return_val_if_fail (CRM_IS_STORE (self), G_LIST_MODEL (g_list_store_new (CRM_TYPE_DEAL)));

  return crm_store_list_objects (self, sql, NULL, 0, CRM_TYPE_DEAL, (CrmStoreRowFunc) deal_from_row);
}

guint
crm_deal_store_count_lost_requests (CrmDealStore *domain)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] = "SELECT count(*) FROM lost_request WHERE status = 'pending'";

  g_return_val_if_fail (CRM_IS_STORE (self), 0);
  return (guint) crm_store_query_int (self, sql);
}

/**
 * crm_deal_store_get_lost_request:
 * @reason: (out): the reason the rep gave
 * @note: (out) (transfer full): the rep's note
 *
 * Returns: whether a request is pending for @deal_id
 */
gboolean
crm_deal_store_get_lost_request (CrmDealStore   *domain,
                                 gint64          deal_id,
                                 CrmLostReason  *reason,
                                 char          **note)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] =
    "SELECT reason, note FROM lost_request WHERE deal_id = ?1 AND status = 'pending'";
  CRM_AUTO_STMT stmt = NULL;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);

  if ((stmt = crm_store_prepare (self, sql, NULL)) == NULL)
    return FALSE;
  crm_db_stmt_bind_int64 (stmt, 1, deal_id);
  if (crm_db_stmt_step (stmt) != CRM_DB_ROW)
    return FALSE;

  *reason = crm_store_column_code (stmt, 0, CRM_TYPE_LOST_REASON);
  *note = g_strdup (crm_store_column_text (stmt, 1));
  return TRUE;
}

/**
 * crm_deal_store_reopen:
 *
 * Takes a Lost, Invalid or Delivered deal back to the open stage it was
 * closed from (recorded in the stage history like any move).
 */
gboolean
crm_deal_store_reopen (CrmDealStore  *domain,
                       gint64         deal_id,
                       gint64         staff_id,
                       GError       **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] =
    "SELECT h.from_stage FROM stage_history h"
    " JOIN deal d ON d.id = h.deal_id AND h.to_stage = d.stage"
    " WHERE h.deal_id = ?1 ORDER BY h.at DESC, h.id DESC LIMIT 1";
  CRM_AUTO_STMT stmt = NULL;
  g_autoptr(CrmDeal) deal = NULL;
  int from = CRM_STAGE_NEW_LEAD;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);

  deal = crm_deal_store_get (crm_store_get_deal_store (self), deal_id, error);
  if (deal == NULL)
    return FALSE;
  if (crm_stage_is_open (crm_deal_get_stage (deal)))
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT, _("This deal is still open."));
      return FALSE;
    }

  if ((stmt = crm_store_prepare (self, sql, error)) == NULL)
    return FALSE;
  crm_db_stmt_bind_int64 (stmt, 1, deal_id);
  if (crm_db_stmt_step (stmt) == CRM_DB_ROW && !crm_db_stmt_column_is_null (stmt, 0))
    from = crm_store_column_code (stmt, 0, CRM_TYPE_STAGE);
  if (!crm_stage_is_open (from))
    from = CRM_STAGE_NEW_LEAD;

  return crm_deal_store_move (crm_store_get_deal_store (self), deal_id, from, staff_id, error);
}
