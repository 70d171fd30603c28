/* crm-kpi-store.c: CrmKpiStore, the aggregate queries behind the dashboard
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every query takes the same four parameters: ?1 the start of the range
 * and ?2 its end (UTC seconds, end excluded), ?3 the deal owner (0 for the
 * whole showroom) and ?4 "now". The services layer (crm-kpi.c) turns the
 * rows into the dashboard's figures; the SQL text is also handed out by
 * crm_store_kpi_dump_sql() so the benchmark can run the very same queries
 * in the sqlite3 shell.
 */
#define G_LOG_DOMAIN "crm-kpi-store"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "crm-model-enum-types.h"
#include "crm-store-enum-types.h"
#include "crm-db-sqlite.h"
#include "crm-error.h"
#include "crm-schema.h"
#include "crm-store-private.h"

/* The deal's columns channel, live, reach and first_ordered_at and the
 * move's stay_start are kept by the triggers of schema version 8 (see
 * crm-schema.c): each query reads one index range. */

#define SCOPE "(?3 = 0 OR d.owner_id = ?3)"

static const char leads_sql[] =
  "SELECT d.created_at, coalesce(d.owner_id, 0), d.channel, d.reach FROM deal d"
  " WHERE d.created_at >= ?1 AND d.created_at < ?2 AND d.live AND " SCOPE;

static const char orders_sql[] =
  "SELECT d.id, coalesce(d.owner_id, 0), d.created_at, d.first_ordered_at, d.price FROM deal d"
  " WHERE d.first_ordered_at >= ?1 AND d.first_ordered_at < ?2 AND d.live AND " SCOPE
  " ORDER BY d.first_ordered_at, d.id";

static const char lost_sql[] =
  "SELECT coalesce(d.lost_reason, 'none'), count(*),"
  "  sum(CASE WHEN d.first_ordered_at >= ?1 AND d.first_ordered_at < ?2 THEN 1 ELSE 0 END)"
  " FROM deal d INDEXED BY deal_kpi_lost"
  " WHERE d.stage = 'lost' AND d.stage_entered_at >= ?1 AND d.stage_entered_at < ?2"
  "  AND d.live AND " SCOPE
  " GROUP BY d.lost_reason";

/* Follow-ups due: whole hours of the range that ended more than an hour
 * ago come from the per-hour counts; the rest (a range edge inside an
 * hour, the last two hours) from the follow-ups themselves */
#define GRACE G_STRINGIFY (CRM_KPI_GRACE_SECONDS)
#define FIRST_HOUR "((?1 + 3599) / 3600)"
/* greatest/least: the scalar max and min (the dialect hook, crm-db.h) */
#define STOP_HOUR "greatest(" FIRST_HOUR ", least(?2 / 3600, ?4 / 3600 - 1))"
#define RAW_FOLLOWUP \
  "SELECT 1, CASE WHEN a.done_at IS NOT NULL AND a.done_at <= a.planned_at + " GRACE \
  "   THEN 1 ELSE 0 END" \
  " FROM activity a WHERE (a.done_at IS NOT NULL OR a.planned_at + " GRACE " <= ?4)" \
  "  AND (?3 = 0 OR a.staff_id = ?3) AND "

static const char followups_sql[] =
  "SELECT coalesce(sum(f.due), 0), coalesce(sum(f.on_time), 0) FROM ("
  " SELECT h.planned AS due, h.on_time AS on_time FROM followup_hour h"
  "  WHERE h.hour >= " FIRST_HOUR " AND h.hour < " STOP_HOUR
  "   AND (?3 = 0 OR h.staff_id = ?3)"
  /* one bound each way, or SQLite may pick the looser one for the index */
  " UNION ALL " RAW_FOLLOWUP "a.planned_at >= ?1 AND a.planned_at < least(?2, " FIRST_HOUR " * 3600)"
  " UNION ALL " RAW_FOLLOWUP "a.planned_at >= " STOP_HOUR " * 3600 AND a.planned_at < ?2"
  ") f";

/* A stay ends with a move; it began with the move recorded before. For
 * the whole showroom, whole hours of the range come from the per-hour
 * sums (stay_hour) and its edges inside an hour from the moves; for one
 * consultant (the deal's owner now) all from the moves. */
#define STAY_STOP_HOUR "greatest(" FIRST_HOUR ", ?2 / 3600)"
#define RAW_STAY \
  "SELECT h.from_stage AS stage, 1 AS stays, h.at - h.stay_start AS seconds FROM stage_history h" \
  " WHERE h.from_stage IN ('new-lead', 'invited', 'visited', 'test-drive', 'negotiation'," \
  "   'ordered', 'delivered', 'lost', 'invalid') AND h.stay_start IS NOT NULL AND "

static const char stays_sql[] =
  "SELECT s.stage, sum(s.stays), sum(s.seconds) FROM ("
  " SELECT r.stage AS stage, r.stays AS stays, r.seconds AS seconds FROM stay_hour r"
  "  WHERE ?3 = 0 AND r.hour >= " FIRST_HOUR " AND r.hour < " STAY_STOP_HOUR
  " UNION ALL " RAW_STAY "?3 = 0 AND h.at >= ?1 AND h.at < least(?2, " FIRST_HOUR " * 3600)"
  " UNION ALL " RAW_STAY "?3 = 0 AND h.at >= " STAY_STOP_HOUR " * 3600 AND h.at < ?2"
  " UNION ALL " RAW_STAY "?3 <> 0 AND h.at >= ?1 AND h.at < ?2"
  "  AND EXISTS (SELECT 1 FROM deal d WHERE d.id = h.deal_id AND d.owner_id = ?3)"
  ") s GROUP BY s.stage";

static const char overdue_sql[] =
  "SELECT coalesce(a.staff_id, 0), count(*) FROM activity a"
  " WHERE a.done_at IS NULL AND a.planned_at < ?4 AND (?3 = 0 OR a.staff_id = ?3)"
  " GROUP BY 1";

static const char drill_sql[] =
  "SELECT d.customer_id FROM deal d"
  " WHERE d.created_at >= ?1 AND d.created_at < ?2 AND d.live AND " SCOPE
  "  AND (CAST (?5 AS TEXT) IS NULL OR d.channel = ?5)"
  "  AND (?6 < 0 OR coalesce(d.owner_id, 0) = ?6)"
  "  AND d.reach >= ?7"
  " GROUP BY d.customer_id ORDER BY max(d.created_at) DESC, d.customer_id";

/* The queries over the trend's window, then those over the range */
static const char * const window_sql[] = { leads_sql, orders_sql };
static const char * const range_sql[] = { lost_sql, stays_sql, followups_sql, overdue_sql };

static void
bind_range (CrmDbStmt *stmt,
            gint64        start,
            gint64        end,
            gint64        owner_id,
            gint64        now)
{
  int n = crm_db_stmt_parameter_count (stmt);

  /* a query may not use every parameter */
  if (n >= 1)
    crm_db_stmt_bind_int64 (stmt, 1, start);
  if (n >= 2)
    crm_db_stmt_bind_int64 (stmt, 2, end);
  if (n >= 3)
    crm_db_stmt_bind_int64 (stmt, 3, owner_id);
  if (n >= 4)
    crm_db_stmt_bind_int64 (stmt, 4, now);
}

static gboolean
finish_rows_on (CrmDb    *db,
                int       rc,
                GError  **error)
{
  if (rc != CRM_DB_DONE)
    {
      crm_db_set_error (db, error, rc);
      return FALSE;
    }
  return TRUE;
}

static gboolean
finish_rows (CrmStore  *self,
             int        rc,
             GError   **error)
{
  return finish_rows_on (self->db, rc, error);
}

/* Reads one row of a range query into the array element at @row */
typedef void (*ReadRowFunc) (CrmDbStmt *stmt,
                             gpointer   row);

/* The KPI tables are all "run one range query, keep each row as a
 * struct": only the struct and how a row fills it differ. On @db, a
 * connection of a worker's own, or on the store's (%NULL) */
static gboolean
collect_rows (CrmStore     *self,
              CrmDb        *db,
              const char   *sql,
              gint64        start,
              gint64        end,
              gint64        owner_id,
              gint64        now,
              guint         element_size,
              ReadRowFunc   read_row,
              GArray      **rows,
              GError      **error)
{
  CRM_AUTO_STMT cached = NULL;
  g_autoptr(CrmDbStmt) owned = NULL;
  CrmDbStmt *stmt;
  int rc;

  if (db == NULL)
    {
      cached = crm_store_prepare (self, sql, error);
      stmt = cached;
    }
  else
    {
      owned = crm_db_prepare (db, sql, error);
      stmt = owned;
    }
  if (stmt == NULL)
    return FALSE;
  bind_range (stmt, start, end, owner_id, now);

  *rows = g_array_new (FALSE, TRUE, element_size);
  while ((rc = crm_db_stmt_step (stmt)) == CRM_DB_ROW)
    {
      g_array_set_size (*rows, (*rows)->len + 1);
      read_row (stmt, (*rows)->data + (gsize) ((*rows)->len - 1) * element_size);
    }
  if (!finish_rows_on (db != NULL ? db : self->db, rc, error))
    {
      g_clear_pointer (rows, g_array_unref);
      return FALSE;
    }
  return TRUE;
}

static void
read_lead_row (CrmDbStmt *stmt,
               gpointer   data)
{
  CrmKpiLeadRow *row = data;

  row->created_at = crm_db_stmt_column_int64 (stmt, 0);
  row->owner_id = crm_db_stmt_column_int64 (stmt, 1);
  row->channel = crm_store_column_code (stmt, 2, CRM_TYPE_CHANNEL);
  row->reach = crm_db_stmt_column_int (stmt, 3);
}

static void
read_order_row (CrmDbStmt *stmt,
                gpointer   data)
{
  CrmKpiOrderRow *row = data;

  row->deal_id = crm_db_stmt_column_int64 (stmt, 0);
  row->owner_id = crm_db_stmt_column_int64 (stmt, 1);
  row->created_at = crm_db_stmt_column_int64 (stmt, 2);
  row->ordered_at = crm_db_stmt_column_int64 (stmt, 3);
  row->price = crm_db_stmt_column_int64 (stmt, 4);
}

static void
read_overdue_row (CrmDbStmt *stmt,
                  gpointer   data)
{
  CrmKpiOverdueRow *row = data;

  row->staff_id = crm_db_stmt_column_int64 (stmt, 0);
  row->overdue = crm_db_stmt_column_int (stmt, 1);
}

/**
 * crm_kpi_store_leads:
 * @rows: (out) (transfer full) (element-type CrmKpiLeadRow): the leads
 *   of the range
 *
 * Deals created in the range, of customers not deleted, with how far each
 * got at any time up to now.
 */
gboolean
crm_kpi_store_leads (CrmKpiStore  *domain,
                     gint64        start,
                     gint64        end,
                     gint64        owner_id,
                     GArray      **rows,
                     GError      **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);
  g_return_val_if_fail (rows != NULL, FALSE);

  return collect_rows (self, NULL, leads_sql, start, end, owner_id, 0,
                       sizeof (CrmKpiLeadRow), read_lead_row, rows, error);
}

/**
 * crm_kpi_store_orders:
 * @rows: (out) (transfer full) (element-type CrmKpiOrderRow): in order of
 *   the time ordered
 *
 * The deals whose first move to Ordered falls in the range.
 */
gboolean
crm_kpi_store_orders (CrmKpiStore  *domain,
                      gint64        start,
                      gint64        end,
                      gint64        owner_id,
                      GArray      **rows,
                      GError      **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);
  g_return_val_if_fail (rows != NULL, FALSE);

  return collect_rows (self, NULL, orders_sql, start, end, owner_id, 0,
                       sizeof (CrmKpiOrderRow), read_order_row, rows, error);
}

/**
 * crm_kpi_store_counts:
 *
 * Lost deals and their reasons, the stays in each stage that ended in the
 * range, and the follow-ups due in it.
 */
gboolean
crm_kpi_store_counts (CrmKpiStore   *domain,
                      gint64         start,
                      gint64         end,
                      gint64         owner_id,
                      gint64         now,
                      CrmKpiCounts  *counts,
                      GError       **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  CRM_AUTO_STMT lost = NULL;
  CRM_AUTO_STMT stays = NULL;
  CRM_AUTO_STMT followups = NULL;
  int rc;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);
  g_return_val_if_fail (counts != NULL, FALSE);

  memset (counts, 0, sizeof *counts);

  if ((lost = crm_store_prepare (self, lost_sql, error)) == NULL ||
      (stays = crm_store_prepare (self, stays_sql, error)) == NULL ||
      (followups = crm_store_prepare (self, followups_sql, error)) == NULL)
    return FALSE;

  bind_range (lost, start, end, owner_id, now);
  while ((rc = crm_db_stmt_step (lost)) == CRM_DB_ROW)
    {
      CrmLostReason reason = crm_store_column_code (lost, 0, CRM_TYPE_LOST_REASON);
      guint n = crm_db_stmt_column_int (lost, 1);

      counts->by_reason[reason] += n;
      counts->n_lost += n;
      counts->n_lost_and_won += crm_db_stmt_column_int (lost, 2);
    }
  if (!finish_rows (self, rc, error))
    return FALSE;

  bind_range (stays, start, end, owner_id, now);
  while ((rc = crm_db_stmt_step (stays)) == CRM_DB_ROW)
    {
      CrmStage stage = crm_store_column_code (stays, 0, CRM_TYPE_STAGE);

      counts->stays[stage] += crm_db_stmt_column_int (stays, 1);
      counts->stay_seconds[stage] += crm_db_stmt_column_int64 (stays, 2);
    }
  if (!finish_rows (self, rc, error))
    return FALSE;

  bind_range (followups, start, end, owner_id, now);
  rc = crm_db_stmt_step (followups);
  if (rc == CRM_DB_ROW)
    {
      counts->followups_due = crm_db_stmt_column_int (followups, 0);
      counts->followups_on_time = crm_db_stmt_column_int (followups, 1);
      rc = crm_db_stmt_step (followups);
    }
  return finish_rows (self, rc, error);
}

/**
 * crm_kpi_store_overdue:
 * @rows: (out) (transfer full) (element-type CrmKpiOverdueRow): per staff
 *
 * Follow-ups planned before @now and not done, whoever they belong to
 * (or only @owner_id's).
 */
gboolean
crm_kpi_store_overdue (CrmKpiStore  *domain,
                       gint64        owner_id,
                       gint64        now,
                       GArray      **rows,
                       GError      **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);
  g_return_val_if_fail (rows != NULL, FALSE);

  return collect_rows (self, NULL, overdue_sql, 0, 0, owner_id, now,
                       sizeof (CrmKpiOverdueRow), read_overdue_row, rows, error);
}

/* The leads of the trend's window, read by a worker on a connection of
 * its own while the caller reads the rest */
typedef struct
{
  CrmStore *store;
  gint64    start;
  gint64    end;
  gint64    owner_id;
  GArray   *leads;
  GError   *error;
} WindowJob;

static gpointer
window_thread (gpointer data)
{
  WindowJob *job = data;
  g_autoptr(CrmDb) reader = crm_db_open_reader (job->store->db, &job->error);

  if (reader != NULL)
    collect_rows (job->store, reader, leads_sql, job->start, job->end, job->owner_id, 0,
                  sizeof (CrmKpiLeadRow), read_lead_row, &job->leads, &job->error);
  return NULL;
}

/**
 * crm_kpi_store_read:
 * @window_start: where the trend's window starts (leads and orders are
 *   read over it)
 * @window_end: where it ends
 * @start: the range of the counts
 * @end: its end
 * @leads: (out) (transfer full): as crm_kpi_store_leads() over the window
 * @orders: (out) (transfer full): as crm_kpi_store_orders() over the window
 * @counts: (out): as crm_kpi_store_counts() over the range
 * @overdue: (out) (transfer full): as crm_kpi_store_overdue()
 *
 * Everything the dashboard reads, on two cores at once: the leads by a
 * worker on a read-only connection of its own, the orders, the counts and
 * the overdue follow-ups here. (On 1,000,000 customers each half takes
 * about as long as the other.) Inside a write transaction, whose changes
 * another connection cannot see, all of it is read here.
 */
gboolean
crm_kpi_store_read (CrmKpiStore   *domain,
                    gint64         window_start,
                    gint64         window_end,
                    gint64         start,
                    gint64         end,
                    gint64         owner_id,
                    gint64         now,
                    GArray       **leads,
                    GArray       **orders,
                    CrmKpiCounts  *counts,
                    GArray       **overdue,
                    GError       **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  WindowJob job = { self, window_start, window_end, owner_id, NULL, NULL };
  GThread *worker = NULL;
  gboolean ok;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);

  *leads = *orders = *overdue = NULL;
  if (!crm_db_in_transaction (self->db))
    worker = g_thread_try_new ("kpi-window", window_thread, &job, NULL);

  if (worker == NULL)
    window_thread (&job);

  ok = crm_kpi_store_orders (domain, window_start, window_end, owner_id, orders, error) &&
       crm_kpi_store_counts (domain, start, end, owner_id, now, counts, error) &&
       crm_kpi_store_overdue (domain, owner_id, now, overdue, error);

  if (worker != NULL)
    g_thread_join (worker);

  if (ok && job.error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&job.error));
      ok = FALSE;
    }
  g_clear_error (&job.error);
  if (!ok)
    {
      g_clear_pointer (&job.leads, g_array_unref);
      g_clear_pointer (orders, g_array_unref);
      g_clear_pointer (overdue, g_array_unref);
      return FALSE;
    }
  *leads = job.leads;
  return TRUE;
}

/**
 * crm_kpi_store_customer_ids:
 * @reach: the furthest step the lead must have reached (0 for every
 *   lead; as in #CrmKpiLeadRow)
 * @channel: -1 for any, else a #CrmChannel
 * @rep_id: -1 for anyone's leads, 0 for leads without owner, else a staff id
 *
 * The customers behind a number of the cohort: the leads of the range
 * (newest first), each customer once.
 *
 * Returns: (transfer full) (element-type gint64): customer ids, or %NULL
 *   with @error set
 */
GArray *
crm_kpi_store_customer_ids (CrmKpiStore  *domain,
                            gint64        start,
                            gint64        end,
                            gint64        owner_id,
                            int           reach,
                            int           channel,
                            gint64        rep_id,
                            GError      **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  CRM_AUTO_STMT stmt = NULL;
  GArray *ids;
  int rc;

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);

  if ((stmt = crm_store_prepare (self, drill_sql, error)) == NULL)
    return NULL;
  bind_range (stmt, start, end, owner_id, 0);
  if (channel >= 0)
    crm_store_bind_code (stmt, 5, CRM_TYPE_CHANNEL, channel);
  else
    crm_db_stmt_bind_null (stmt, 5);
  crm_db_stmt_bind_int64 (stmt, 6, rep_id);
  crm_db_stmt_bind_int (stmt, 7, reach);

  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  while ((rc = crm_db_stmt_step (stmt)) == CRM_DB_ROW)
    {
      gint64 id = crm_db_stmt_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  if (!finish_rows (self, rc, error))
    {
      g_array_unref (ids);
      return NULL;
    }
  return ids;
}

/**
 * crm_store_kpi_dump_sql:
 * @window_start: where the trend's window starts (leads and orders are
 *   read over it)
 * @window_end: where it ends
 *
 * The dashboard's queries as a script for the sqlite3 shell, with the
 * parameters set as the store binds them (for the benchmark), in
 * SQLite's dialect as the SQLite backend prepares them.
 *
 * Returns: (transfer full): the script
 */
char *
crm_store_kpi_dump_sql (gint64 start,
                        gint64 end,
                        gint64 window_start,
                        gint64 window_end,
                        gint64 owner_id,
                        gint64 now)
{
  GString *script = g_string_new (".parameter init\n");

  for (guint pass = 0; pass < 2; pass++)
    {
      const char * const *sql = pass == 0 ? window_sql : range_sql;
      guint n = pass == 0 ? G_N_ELEMENTS (window_sql) : G_N_ELEMENTS (range_sql);

      g_string_append_printf (script,
                              ".parameter set ?1 %" G_GINT64_FORMAT "\n"
                              ".parameter set ?2 %" G_GINT64_FORMAT "\n"
                              ".parameter set ?3 %" G_GINT64_FORMAT "\n"
                              ".parameter set ?4 %" G_GINT64_FORMAT "\n",
                              pass == 0 ? window_start : start,
                              pass == 0 ? window_end : end, owner_id, now);
      for (guint i = 0; i < n; i++)
        {
          g_autofree char *text = crm_db_sqlite_translate_sql (sql[i]);

          g_string_append_printf (script, "%s;\n", text);
        }
    }
  return g_string_free (script, FALSE);
}
