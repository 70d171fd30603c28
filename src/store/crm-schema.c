/* crm-schema.c: schema versions and forward migrations
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * These migrations are SQLite's: SQLite DDL (INTEGER PRIMARY KEY, WITHOUT
 * ROWID, triggers with IS NOT and scalar max()) and backfills in SQLite's
 * words (INSERT OR IGNORE, group_concat). They are the history of every
 * SQLite file already out there, so they are left as they ran and are
 * not held to the common dialect of crm-db.h; a PostgreSQL database gets
 * a schema of its own from its backend. */
#define G_LOG_DOMAIN "crm-schema"

#include "config.h"

#include <glib/gi18n.h>

#include "crm-error.h"
#include "crm-pinyin.h"
#include "crm-schema.h"
#include "crm-store.h"

typedef gboolean (*MigrationFunc) (CrmDb *db, GError **error);

/* Version 1: the first schema: staff, catalogue, customers, deals with
 * their stage history, activities. Enum values are stored as their codes. */
static const char migration_1_sql[] =
  "CREATE TABLE meta ("
  "  key TEXT PRIMARY KEY,"
  "  value TEXT"
  ");"
  "CREATE TABLE staff ("
  "  id INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL CHECK (length(trim(name)) > 0),"
  "  role TEXT NOT NULL CHECK (role IN ('sales', 'reception', 'manager')),"
  "  active INTEGER NOT NULL DEFAULT 1,"
  "  created_at INTEGER NOT NULL"
  ");"
  "CREATE TABLE vehicle_model ("
  "  id INTEGER PRIMARY KEY,"
  "  brand TEXT NOT NULL,"
  "  series TEXT NOT NULL,"
  "  trim TEXT NOT NULL DEFAULT '',"
  "  guide_price INTEGER NOT NULL DEFAULT 0 CHECK (guide_price >= 0)"
  ");"
  "CREATE TABLE stage ("
  "  code TEXT PRIMARY KEY,"
  "  position INTEGER NOT NULL UNIQUE,"
  "  is_open INTEGER NOT NULL"
  ");"
  "INSERT INTO stage (code, position, is_open) VALUES"
  "  ('new-lead', 0, 1), ('invited', 1, 1), ('visited', 2, 1),"
  "  ('test-drive', 3, 1), ('negotiation', 4, 1), ('ordered', 5, 1),"
  "  ('delivered', 6, 0), ('lost', 7, 0), ('invalid', 8, 0);"
  "CREATE TABLE customer ("
  "  id INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL CHECK (length(trim(name)) > 0),"
  "  wechat TEXT,"
  "  gender TEXT NOT NULL DEFAULT 'unknown',"
  "  city TEXT,"
  "  channel TEXT NOT NULL DEFAULT 'unknown',"
  "  grade TEXT NOT NULL DEFAULT 'N',"
  "  budget_min INTEGER NOT NULL DEFAULT 0,"
  "  budget_max INTEGER NOT NULL DEFAULT 0,"
  "  timeframe TEXT NOT NULL DEFAULT 'unknown',"
  "  tags TEXT,"
  "  owner_id INTEGER REFERENCES staff (id),"
  "  birthday TEXT,"
  "  notes TEXT,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  deleted_at INTEGER"
  ");"
  "CREATE TABLE customer_phone ("
  "  customer_id INTEGER NOT NULL REFERENCES customer (id) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL,"
  "  number TEXT NOT NULL,"
  "  PRIMARY KEY (customer_id, position)"
  ");"
  "CREATE INDEX customer_phone_number ON customer_phone (number);"
  "CREATE TABLE customer_model ("
  "  customer_id INTEGER NOT NULL REFERENCES customer (id) ON DELETE CASCADE,"
  "  model_id INTEGER NOT NULL REFERENCES vehicle_model (id),"
  "  PRIMARY KEY (customer_id, model_id)"
  ");"
  "CREATE TABLE deal ("
  "  id INTEGER PRIMARY KEY,"
  "  customer_id INTEGER NOT NULL REFERENCES customer (id),"
  "  model_id INTEGER REFERENCES vehicle_model (id),"
  "  stage TEXT NOT NULL REFERENCES stage (code),"
  "  stage_entered_at INTEGER NOT NULL,"
  "  expected_close INTEGER,"
  "  lost_reason TEXT,"
  "  lost_note TEXT,"
  "  owner_id INTEGER REFERENCES staff (id),"
  "  created_at INTEGER NOT NULL"
  ");"
  "CREATE INDEX deal_customer ON deal (customer_id);"
  "CREATE INDEX deal_stage ON deal (stage, stage_entered_at);"
  "CREATE TABLE stage_history ("
  "  id INTEGER PRIMARY KEY,"
  "  deal_id INTEGER NOT NULL REFERENCES deal (id),"
  "  from_stage TEXT REFERENCES stage (code),"
  "  to_stage TEXT NOT NULL REFERENCES stage (code),"
  "  at INTEGER NOT NULL,"
  "  staff_id INTEGER REFERENCES staff (id)"
  ");"
  "CREATE INDEX stage_history_deal ON stage_history (deal_id, at);"
  "CREATE TABLE activity ("
  "  id INTEGER PRIMARY KEY,"
  "  customer_id INTEGER NOT NULL REFERENCES customer (id),"
  "  deal_id INTEGER REFERENCES deal (id),"
  "  kind TEXT NOT NULL,"
  "  planned_at INTEGER,"
  "  done_at INTEGER,"
  "  outcome TEXT NOT NULL DEFAULT 'none',"
  "  note TEXT,"
  "  staff_id INTEGER REFERENCES staff (id),"
  "  created_at INTEGER NOT NULL,"
  "  CHECK (planned_at IS NOT NULL OR done_at IS NOT NULL)"
  ");"
  "CREATE INDEX activity_customer ON activity (customer_id);";

/* Version 2: search-as-you-type and the follow-up summary. The customer
 * row carries its search text (name, pinyin readings, phone digits, WeChat)
 * and the times of its last and next contact, so the Customers view sorts
 * and filters 100,000 rows without touching the activity table. */
static const char migration_2_sql[] =
  "ALTER TABLE customer ADD COLUMN search_key TEXT NOT NULL DEFAULT '';"
  "ALTER TABLE customer ADD COLUMN sort_key TEXT NOT NULL DEFAULT '';"
  "ALTER TABLE customer ADD COLUMN last_contact_at INTEGER;"
  "ALTER TABLE customer ADD COLUMN next_followup_at INTEGER;"
  "CREATE INDEX customer_sort_name ON customer (sort_key, id) WHERE deleted_at IS NULL;"
  "CREATE INDEX customer_created ON customer (created_at) WHERE deleted_at IS NULL;"
  "CREATE INDEX customer_owner ON customer (owner_id) WHERE deleted_at IS NULL;"
  "CREATE INDEX activity_open ON activity (planned_at) WHERE done_at IS NULL;"
  "UPDATE customer SET"
  "  last_contact_at = (SELECT max(done_at) FROM activity a WHERE a.customer_id = customer.id),"
  "  next_followup_at = (SELECT min(planned_at) FROM activity a"
  "                      WHERE a.customer_id = customer.id AND a.done_at IS NULL);";

/* Version 4: follow-ups nobody forgets. A planned follow-up says why
 * (purpose); care follow-ups after delivery say which kind (care); My Day
 * and the reminder timer read open follow-ups per person in time order;
 * the idle check reads a deal's last done follow-up; escalations sent are
 * remembered once per deal and day. The cadence rules are showroom rules
 * and live in meta (edited in Preferences). */
static const char migration_4_sql[] =
  "ALTER TABLE activity ADD COLUMN purpose TEXT;"
  "ALTER TABLE activity ADD COLUMN care TEXT;"
  "CREATE INDEX activity_open_staff ON activity (staff_id, planned_at) WHERE done_at IS NULL;"
  "CREATE INDEX activity_deal_done ON activity (deal_id, done_at);"
  "CREATE INDEX customer_owner_next ON customer (owner_id, next_followup_at) WHERE deleted_at IS NULL;"
  "CREATE INDEX customer_next ON customer (next_followup_at) WHERE deleted_at IS NULL;"
  "CREATE TABLE escalation ("
  "  deal_id INTEGER NOT NULL REFERENCES deal (id),"
  "  day TEXT NOT NULL,"
  "  sent_at INTEGER NOT NULL,"
  "  PRIMARY KEY (deal_id, day)"
  ");"
  "INSERT OR IGNORE INTO meta (key, value) VALUES"
  "  ('cadence-days-H', '1'), ('cadence-days-A', '3'), ('cadence-days-B', '7'),"
  "  ('cadence-days-C', '14'), ('cadence-days-N', '1'),"
  "  ('cadence-first-contact-minutes', '120'),"
  "  ('cadence-lead-plan-days', '1,3,7,15,30'),"
  "  ('cadence-idle-days', '3'),"
  "  ('cadence-opening-hours', '09:00-18:00'),"
  "  ('cadence-service-months', '6'),"
  "  ('cadence-service-km', '5000');";

char *
crm_schema_customer_search_key (const char *name,
                                const char *phones_joined,
                                const char *wechat)
{
  g_autofree char *pinyin = crm_pinyin_search_key (name ? name : "");
  g_autofree char *wechat_down = wechat ? g_utf8_strdown (wechat, -1) : NULL;

  return g_strjoin (" ", pinyin,
                    phones_joined ? phones_joined : "",
                    wechat_down ? wechat_down : "",
                    NULL);
}

/* Version 6: the test-drive calendar. The fleet of test-drive cars, the
 * bookings (indexed by car and by rep with their start, so a conflict check
 * is two short index range scans), and the showroom's calendar rules in the
 * meta table: opening hours (minutes after local midnight), the default
 * slot and the buffer between two drives of one car or one rep. */
static const char migration_6_sql[] =
  "CREATE TABLE vehicle ("
  "  id INTEGER PRIMARY KEY,"
  "  plate TEXT NOT NULL UNIQUE CHECK (length(trim(plate)) > 0),"
  "  model_id INTEGER REFERENCES vehicle_model (id),"
  "  colour TEXT NOT NULL DEFAULT '',"
  "  status TEXT NOT NULL DEFAULT 'available'"
  "    CHECK (status IN ('available', 'in-service', 'retired')),"
  "  mileage INTEGER NOT NULL DEFAULT 0 CHECK (mileage >= 0)"
  ");"
  "CREATE TABLE test_drive ("
  "  id INTEGER PRIMARY KEY,"
  "  customer_id INTEGER NOT NULL REFERENCES customer (id),"
  "  vehicle_id INTEGER NOT NULL REFERENCES vehicle (id),"
  "  staff_id INTEGER NOT NULL REFERENCES staff (id),"
  "  deal_id INTEGER REFERENCES deal (id),"
  "  start_at INTEGER NOT NULL,"
  "  end_at INTEGER NOT NULL,"
  "  status TEXT NOT NULL DEFAULT 'booked',"
  "  feedback TEXT,"
  "  reminder_at INTEGER,"
  "  uid TEXT,"
  "  created_at INTEGER NOT NULL,"
  "  CHECK (end_at > start_at)"
  ");"
  "CREATE INDEX test_drive_vehicle ON test_drive (vehicle_id, start_at);"
  "CREATE INDEX test_drive_staff ON test_drive (staff_id, start_at);"
  "CREATE INDEX test_drive_start ON test_drive (start_at);"
  "CREATE INDEX test_drive_customer ON test_drive (customer_id);"
  "INSERT OR IGNORE INTO meta (key, value) VALUES"
  "  ('calendar-open-minute', '540'), ('calendar-close-minute', '1080'),"
  "  ('calendar-slot-minutes', '30'), ('calendar-buffer-minutes', '10');";

/* Desktop notifications of test drives and lead notices: reminded_for is
 * the reminder_at a booking's reminder went out for (so a booking moved to
 * another time is reminded again), notified_at when a lead notice became a
 * desktop notification (it stays listed until seen_at) */
static const char migration_7_sql[] =
  "ALTER TABLE test_drive ADD COLUMN reminded_for INTEGER;"
  "ALTER TABLE lead_notice ADD COLUMN notified_at INTEGER;"
  "CREATE INDEX lead_notice_unnotified ON lead_notice (staff_id)"
  "  WHERE notified_at IS NULL AND seen_at IS NULL;";

static gboolean
exec_sql (CrmDb     *db,
          const char  *sql,
          GError     **error)
{
  return crm_db_exec (db, sql, error);
}

static gboolean
migration_1 (CrmDb  *db,
             GError  **error)
{
  return exec_sql (db, migration_1_sql, error);
}

/* The pinyin readings come from the Unihan table compiled into the
 * program, so the search keys are filled in here rather than in SQL. */
static gboolean
migration_2 (CrmDb  *db,
             GError  **error)
{
  CrmDbStmt *select = NULL;
  CrmDbStmt *update = NULL;
  gboolean ret = FALSE;
  int rc;

  if (!exec_sql (db, migration_2_sql, error))
    return FALSE;

  select = crm_db_prepare (db,
                           "SELECT c.id, c.name, c.wechat,"
                           "  (SELECT group_concat(number, ' ') FROM customer_phone p"
                           "   WHERE p.customer_id = c.id)"
                           " FROM customer c",
                           error);
  if (select != NULL)
    update = crm_db_prepare (db,
                             "UPDATE customer SET search_key = ?2, sort_key = ?3 WHERE id = ?1",
                             error);
  if (update == NULL)
    goto out;

  while ((rc = crm_db_stmt_step (select)) == CRM_DB_ROW)
    {
      const char *name = (const char *) crm_db_stmt_column_text (select, 1);
      const char *wechat = (const char *) crm_db_stmt_column_text (select, 2);
      const char *phones = (const char *) crm_db_stmt_column_text (select, 3);
      g_autofree char *key = crm_schema_customer_search_key (name, phones, wechat);
      g_autofree char *sort = crm_pinyin_sort_key (name ? name : "");

      crm_db_stmt_bind_int64 (update, 1, crm_db_stmt_column_int64 (select, 0));
      crm_db_stmt_bind_text (update, 2, key);
      crm_db_stmt_bind_text (update, 3, sort);
      rc = crm_db_stmt_step (update);
      crm_db_stmt_reset (update);
      if (rc != CRM_DB_DONE)
        {
          crm_db_set_error (db, error, rc);
          goto out;
        }
    }

  if (rc != CRM_DB_DONE)
    {
      crm_db_set_error (db, error, rc);
      goto out;
    }

  ret = TRUE;

out:
  crm_db_stmt_free (select);
  crm_db_stmt_free (update);
  return ret;
}

/* Version 3: the pipeline's rules. The price agreed on a deal, the stage
 * gates a manager can switch (SOP), requests to close a deal as Lost
 * (战败申请) waiting for a manager, and the showroom's settings for them. */
static const char migration_3_sql[] =
  "ALTER TABLE deal ADD COLUMN price INTEGER NOT NULL DEFAULT 0 CHECK (price >= 0);"
  "CREATE TABLE stage_rule ("
  "  stage TEXT NOT NULL REFERENCES stage (code),"
  "  rule TEXT NOT NULL,"
  "  enabled INTEGER NOT NULL DEFAULT 1,"
  "  PRIMARY KEY (stage, rule)"
  ");"
  "INSERT INTO stage_rule (stage, rule, enabled) VALUES"
  "  ('test-drive', 'test-drive-recorded', 1),"
  "  ('ordered', 'price-agreed', 1),"
  "  ('delivered', 'from-ordered', 1),"
  "  ('lost', 'reason-and-note', 1),"
  "  ('invalid', 'from-early-stage', 1);"
  "CREATE TABLE lost_request ("
  "  id INTEGER PRIMARY KEY,"
  "  deal_id INTEGER NOT NULL REFERENCES deal (id),"
  "  reason TEXT NOT NULL,"
  "  note TEXT NOT NULL,"
  "  requested_by INTEGER REFERENCES staff (id),"
  "  requested_at INTEGER NOT NULL,"
  "  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'returned')),"
  "  decided_by INTEGER REFERENCES staff (id),"
  "  decided_at INTEGER,"
  "  comment TEXT"
  ");"
  "CREATE UNIQUE INDEX lost_request_pending ON lost_request (deal_id) WHERE status = 'pending';"
  "CREATE INDEX lost_request_deal ON lost_request (deal_id, status, decided_at);"
  "CREATE INDEX deal_owner_stage ON deal (owner_id, stage);"
  "CREATE INDEX activity_customer_kind ON activity (customer_id, kind) WHERE done_at IS NOT NULL;"
  "INSERT OR IGNORE INTO meta (key, value) VALUES"
  "  ('reps-close-lost', '0'), ('reactivation-days', '90');";
/* Version 5: leads in. Who got which lead and why (assignment_log), what
 * a rep or manager is told (lead_notice: new lead, pool warning, missed
 * first contact), the showroom traffic log, intent grade history and the
 * grading facts of a customer. The assignment and pool rules are meta
 * keys "leads.*" with their defaults written here. */
static const char migration_5_sql[] =
  "ALTER TABLE staff ADD COLUMN on_duty INTEGER NOT NULL DEFAULT 1;"
  "ALTER TABLE customer ADD COLUMN assigned_at INTEGER;"
  "ALTER TABLE customer ADD COLUMN first_contact_due_at INTEGER;"
  "ALTER TABLE customer ADD COLUMN pool_warned_at INTEGER;"
  "CREATE INDEX customer_first_contact ON customer (first_contact_due_at)"
  "  WHERE first_contact_due_at IS NOT NULL AND deleted_at IS NULL;"
  "CREATE INDEX customer_owner_grade ON customer (owner_id, grade) WHERE deleted_at IS NULL;"
  "CREATE INDEX customer_pool_clock ON customer (coalesce(last_contact_at, assigned_at, created_at))"
  "  WHERE owner_id IS NOT NULL AND deleted_at IS NULL;"
  "CREATE TABLE assignment_log ("
  "  id INTEGER PRIMARY KEY,"
  "  customer_id INTEGER NOT NULL REFERENCES customer (id),"
  "  from_staff INTEGER REFERENCES staff (id),"
  "  to_staff INTEGER REFERENCES staff (id),"
  "  by_staff INTEGER REFERENCES staff (id),"
  "  reason TEXT NOT NULL,"
  "  at INTEGER NOT NULL"
  ");"
  "CREATE INDEX assignment_log_customer ON assignment_log (customer_id, at);"
  "CREATE INDEX assignment_log_to ON assignment_log (to_staff, at);"
  "CREATE TABLE assignment_channel ("
  "  staff_id INTEGER NOT NULL REFERENCES staff (id),"
  "  channel TEXT NOT NULL,"
  "  PRIMARY KEY (staff_id, channel)"
  ");"
  "CREATE TABLE lead_notice ("
  "  id INTEGER PRIMARY KEY,"
  "  staff_id INTEGER REFERENCES staff (id),"
  "  for_managers INTEGER NOT NULL DEFAULT 0,"
  "  customer_id INTEGER NOT NULL REFERENCES customer (id),"
  "  kind TEXT NOT NULL,"
  "  at INTEGER NOT NULL,"
  "  seen_at INTEGER"
  ");"
  "CREATE INDEX lead_notice_staff ON lead_notice (staff_id, at);"
  "CREATE TABLE traffic_log ("
  "  id INTEGER PRIMARY KEY,"
  "  at INTEGER NOT NULL,"
  "  customer_id INTEGER REFERENCES customer (id),"
  "  visit TEXT NOT NULL CHECK (visit IN ('first', 'repeat')),"
  "  people INTEGER NOT NULL DEFAULT 1 CHECK (people > 0),"
  "  staff_id INTEGER REFERENCES staff (id),"
  "  note TEXT"
  ");"
  "CREATE INDEX traffic_log_at ON traffic_log (at);"
  "CREATE TABLE customer_facts ("
  "  customer_id INTEGER PRIMARY KEY REFERENCES customer (id) ON DELETE CASCADE,"
  "  test_drive INTEGER NOT NULL DEFAULT 0,"
  "  trade_in INTEGER NOT NULL DEFAULT 0,"
  "  financing_approved INTEGER NOT NULL DEFAULT 0,"
  "  score INTEGER"
  ");"
  "CREATE TABLE grade_history ("
  "  id INTEGER PRIMARY KEY,"
  "  customer_id INTEGER NOT NULL REFERENCES customer (id),"
  "  from_grade TEXT,"
  "  to_grade TEXT NOT NULL,"
  "  proposed_grade TEXT,"
  "  score INTEGER,"
  "  reason TEXT,"
  "  staff_id INTEGER REFERENCES staff (id),"
  "  at INTEGER NOT NULL"
  ");"
  "CREATE INDEX grade_history_customer ON grade_history (customer_id, at);"
  "INSERT OR IGNORE INTO meta (key, value) VALUES"
  "  ('leads.assign-mode', 'round-robin'),"
  "  ('leads.assign-by-channel', '0'),"
  "  ('leads.first-contact-minutes', '120'),"
  "  ('leads.open-from', '540'),"
  "  ('leads.open-until', '1080'),"
  "  ('leads.pool-days', '15'),"
  "  ('leads.pool-warn-days', '3'),"
  "  ('leads.pool-hold-limit', '500');";

static gboolean
migration_3 (CrmDb  *db,
             GError  **error)
{
  return exec_sql (db, migration_3_sql, error);
}

static gboolean
migration_4 (CrmDb  *db,
             GError  **error)
{
  return exec_sql (db, migration_4_sql, error);
}

static gboolean
migration_5 (CrmDb  *db,
             GError  **error)
{
  return exec_sql (db, migration_5_sql, error);
}

static gboolean
migration_6 (CrmDb  *db,
             GError  **error)
{
  return exec_sql (db, migration_6_sql, error);
}

static gboolean
migration_7 (CrmDb  *db,
             GError  **error)
{
  return exec_sql (db, migration_7_sql, error);
}

/* Version 8: the dashboard's aggregates. A 90-day report on 100,000
 * customers must not visit a customer row or walk a deal's history per
 * lead, so each deal carries what the dashboard asks of it, kept by
 * triggers (whatever writes the tables, the figures stay right): the
 * customer's channel and whether the customer is deleted, the furthest
 * funnel step its stage history ever reached (1 Invited … 6 Delivered,
 * Lost and Invalid add nothing) and the time of its first move to
 * Ordered; each move records when the stay it ends began; follow-ups
 * are counted per hour of their planned time and per staff member
 * (planned, done within the hour of grace), so punctuality over 90 days
 * adds up a few thousand rows instead of half a million. Covering indexes
 * then answer each query from one index range. */
static const char migration_8_sql[] =
  "ALTER TABLE deal ADD COLUMN channel TEXT NOT NULL DEFAULT 'unknown';"
  "ALTER TABLE deal ADD COLUMN live INTEGER NOT NULL DEFAULT 1;"
  "ALTER TABLE deal ADD COLUMN reach INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE deal ADD COLUMN first_ordered_at INTEGER;"
  "ALTER TABLE stage_history ADD COLUMN stay_start INTEGER;"
  "UPDATE deal SET"
  "  channel = coalesce((SELECT c.channel FROM customer c WHERE c.id = deal.customer_id), 'unknown'),"
  "  live = coalesce((SELECT c.deleted_at IS NULL FROM customer c WHERE c.id = deal.customer_id), 1),"
  "  reach = (SELECT coalesce(max(CASE h.to_stage WHEN 'invited' THEN 1 WHEN 'visited' THEN 2"
  "     WHEN 'test-drive' THEN 3 WHEN 'negotiation' THEN 4 WHEN 'ordered' THEN 5"
  "     WHEN 'delivered' THEN 6 ELSE 0 END), 0) FROM stage_history h WHERE h.deal_id = deal.id),"
  "  first_ordered_at = (SELECT min(h.at) FROM stage_history h"
  "     WHERE h.deal_id = deal.id AND h.to_stage = 'ordered');"
  "UPDATE stage_history SET stay_start = (SELECT p.at FROM stage_history p"
  "  WHERE p.deal_id = stage_history.deal_id AND p.id < stage_history.id"
  "  ORDER BY p.at DESC, p.id DESC LIMIT 1)"
  " WHERE from_stage IS NOT NULL;"
  "CREATE TRIGGER deal_kpi_insert AFTER INSERT ON deal"
  " WHEN NEW.channel IS NOT coalesce((SELECT c.channel FROM customer c WHERE c.id = NEW.customer_id), 'unknown')"
  "   OR NEW.live IS NOT coalesce((SELECT c.deleted_at IS NULL FROM customer c WHERE c.id = NEW.customer_id), 1)"
  " BEGIN"
  "  UPDATE deal SET"
  "    channel = coalesce((SELECT c.channel FROM customer c WHERE c.id = NEW.customer_id), 'unknown'),"
  "    live = coalesce((SELECT c.deleted_at IS NULL FROM customer c WHERE c.id = NEW.customer_id), 1)"
  "  WHERE id = NEW.id;"
  " END;"
  "CREATE TRIGGER customer_kpi_update AFTER UPDATE OF channel, deleted_at ON customer"
  " WHEN OLD.channel IS NOT NEW.channel OR (OLD.deleted_at IS NULL) <> (NEW.deleted_at IS NULL) BEGIN"
  "  UPDATE deal SET channel = NEW.channel, live = NEW.deleted_at IS NULL WHERE customer_id = NEW.id;"
  " END;"
  "CREATE TRIGGER stage_history_kpi_insert AFTER INSERT ON stage_history BEGIN"
  "  UPDATE stage_history SET stay_start = (SELECT p.at FROM stage_history p"
  "    WHERE p.deal_id = NEW.deal_id AND p.id < NEW.id ORDER BY p.at DESC, p.id DESC LIMIT 1)"
  "  WHERE id = NEW.id AND NEW.from_stage IS NOT NULL;"
  "  UPDATE deal SET"
  "    reach = max(reach, CASE NEW.to_stage WHEN 'invited' THEN 1 WHEN 'visited' THEN 2"
  "      WHEN 'test-drive' THEN 3 WHEN 'negotiation' THEN 4 WHEN 'ordered' THEN 5"
  "      WHEN 'delivered' THEN 6 ELSE 0 END),"
  "    first_ordered_at = CASE WHEN NEW.to_stage = 'ordered'"
  "      AND (first_ordered_at IS NULL OR NEW.at < first_ordered_at)"
  "      THEN NEW.at ELSE first_ordered_at END"
  /* only when something changes: a new lead's first row rewrites no index */
  "  WHERE id = NEW.deal_id AND (reach < CASE NEW.to_stage WHEN 'invited' THEN 1 WHEN 'visited' THEN 2"
  "      WHEN 'test-drive' THEN 3 WHEN 'negotiation' THEN 4 WHEN 'ordered' THEN 5"
  "      WHEN 'delivered' THEN 6 ELSE 0 END"
  "    OR (NEW.to_stage = 'ordered' AND (first_ordered_at IS NULL OR NEW.at < first_ordered_at)));"
  " END;"
  "CREATE INDEX deal_kpi_created ON deal (created_at, owner_id, live, channel, reach);"
  "CREATE INDEX deal_kpi_ordered ON deal (first_ordered_at, owner_id, live, created_at, price)"
  "  WHERE first_ordered_at IS NOT NULL;"
  "CREATE INDEX deal_kpi_closed ON deal (stage, stage_entered_at, owner_id, live, lost_reason,"
  "  first_ordered_at);"
  "CREATE INDEX stage_history_kpi_stays ON stage_history (from_stage, at, stay_start, deal_id);"
  "CREATE INDEX activity_planned ON activity (planned_at, staff_id, done_at);"
  "CREATE TABLE followup_hour ("
  "  hour INTEGER NOT NULL,"
  "  staff_id INTEGER NOT NULL,"
  "  planned INTEGER NOT NULL,"
  "  on_time INTEGER NOT NULL,"
  "  PRIMARY KEY (hour, staff_id)"
  ") WITHOUT ROWID;"
  "INSERT INTO followup_hour (hour, staff_id, planned, on_time)"
  "  SELECT planned_at / 3600, coalesce(staff_id, 0), count(*),"
  "    sum(done_at IS NOT NULL AND done_at <= planned_at + 3600)"
  "  FROM activity WHERE planned_at IS NOT NULL GROUP BY 1, 2;"
  "CREATE TRIGGER activity_kpi_insert AFTER INSERT ON activity"
  " WHEN NEW.planned_at IS NOT NULL BEGIN"
  "  INSERT INTO followup_hour (hour, staff_id, planned, on_time)"
  "  VALUES (NEW.planned_at / 3600, coalesce(NEW.staff_id, 0), 1,"
  "          NEW.done_at IS NOT NULL AND NEW.done_at <= NEW.planned_at + 3600)"
  "  ON CONFLICT (hour, staff_id) DO UPDATE SET"
  "    planned = planned + 1, on_time = on_time + excluded.on_time;"
  " END;"
  "CREATE TRIGGER activity_kpi_delete AFTER DELETE ON activity"
  " WHEN OLD.planned_at IS NOT NULL BEGIN"
  "  UPDATE followup_hour SET planned = planned - 1,"
  "    on_time = on_time - (OLD.done_at IS NOT NULL AND OLD.done_at <= OLD.planned_at + 3600)"
  "  WHERE hour = OLD.planned_at / 3600 AND staff_id = coalesce(OLD.staff_id, 0);"
  " END;"
  "CREATE TRIGGER activity_kpi_update AFTER UPDATE OF planned_at, done_at, staff_id ON activity BEGIN"
  "  UPDATE followup_hour SET planned = planned - 1,"
  "    on_time = on_time - (OLD.done_at IS NOT NULL AND OLD.done_at <= OLD.planned_at + 3600)"
  "  WHERE OLD.planned_at IS NOT NULL"
  "    AND hour = OLD.planned_at / 3600 AND staff_id = coalesce(OLD.staff_id, 0);"
  "  INSERT INTO followup_hour (hour, staff_id, planned, on_time)"
  "  SELECT NEW.planned_at / 3600, coalesce(NEW.staff_id, 0), 1,"
  "         NEW.done_at IS NOT NULL AND NEW.done_at <= NEW.planned_at + 3600"
  "  WHERE NEW.planned_at IS NOT NULL"
  "  ON CONFLICT (hour, staff_id) DO UPDATE SET"
  "    planned = planned + 1, on_time = on_time + excluded.on_time;"
  " END;";

static gboolean
migration_8 (CrmDb  *db,
             GError  **error)
{
  return exec_sql (db, migration_8_sql, error);
}

/* Version 9: assignment by brand speciality. A showroom group's reps may
 * each sell some of its brands; with the rule on, a lead interested in a
 * model of one brand goes to a rep who takes that brand (when any does). */
static const char migration_9_sql[] =
  "CREATE TABLE assignment_brand ("
  "  staff_id INTEGER NOT NULL REFERENCES staff (id),"
  "  brand TEXT NOT NULL,"
  "  PRIMARY KEY (staff_id, brand)"
  ");";

static gboolean
migration_9 (CrmDb  *db,
             GError  **error)
{
  return exec_sql (db, migration_9_sql, error);
}

/* Version 10: a manager's notices (all of them, and the unseen ones) and
 * everyone's unseen ones are read from indexes. Without them the notices button walked and sorted every
 * notice ever written (7 ms with 70,000) while the window was being built
 * and after every change. */
static const char migration_10_sql[] =
  "CREATE INDEX lead_notice_managers ON lead_notice (at) WHERE for_managers;"
  "CREATE INDEX lead_notice_managers_unseen ON lead_notice (at) WHERE for_managers AND seen_at IS NULL;"
  "CREATE INDEX lead_notice_unseen ON lead_notice (staff_id) WHERE seen_at IS NULL;";

static gboolean
migration_10 (CrmDb  *db,
              GError  **error)
{
  return exec_sql (db, migration_10_sql, error);
}

/* Version 11: a showroom ten times the size. The Customers list's orders
 * by grade, channel, consultant and last contact walk an index each (no
 * sort of the whole table before the first row, see
 * crm-customer-query.c); a board column counts its deals and their guide
 * prices on a covering index and reads only the cards it shows, the
 * archive walks the deals by the time they entered their stage (see
 * crm-deal-list.c). The dashboard reads the stays in each stage per hour
 * from stay_hour, kept by a trigger as followup_hour is (754,000 stays in
 * 90 days took 235 ms to add up), its overdue follow-ups from an index
 * that holds their staff member, and the lost deals per reason from an
 * index in that order (no sort). */
static const char migration_11_sql[] =
  "CREATE INDEX customer_grade_sort ON customer (grade, sort_key, id) WHERE deleted_at IS NULL;"
  "CREATE INDEX customer_channel_sort ON customer (channel, sort_key, id) WHERE deleted_at IS NULL;"
  "CREATE INDEX customer_owner_sort ON customer (owner_id, sort_key, id) WHERE deleted_at IS NULL;"
  "CREATE INDEX customer_last_contact ON customer (last_contact_at) WHERE deleted_at IS NULL;"
  "CREATE INDEX deal_board ON deal (stage, model_id, live, owner_id, channel, lost_reason,"
  "  stage_entered_at, customer_id);"
  "CREATE INDEX deal_entered ON deal (stage_entered_at);"
  "DROP INDEX activity_open;"
  "CREATE INDEX activity_open ON activity (planned_at, staff_id) WHERE done_at IS NULL;"
  "CREATE INDEX deal_kpi_lost ON deal (lost_reason, stage_entered_at, owner_id, live, first_ordered_at)"
  "  WHERE stage = 'lost';"
  "CREATE TABLE stay_hour ("
  "  hour INTEGER NOT NULL,"
  "  stage TEXT NOT NULL,"
  "  stays INTEGER NOT NULL,"
  "  seconds INTEGER NOT NULL,"
  "  PRIMARY KEY (hour, stage)"
  ") WITHOUT ROWID;"
  "INSERT INTO stay_hour (hour, stage, stays, seconds)"
  "  SELECT at / 3600, from_stage, count(*), sum(at - stay_start) FROM stage_history"
  "  WHERE from_stage IS NOT NULL AND stay_start IS NOT NULL GROUP BY 1, 2;"
  /* A move's stay_start is set once, by stage_history_kpi_insert */
  "CREATE TRIGGER stage_history_stay_hour AFTER UPDATE OF stay_start ON stage_history"
  " WHEN OLD.stay_start IS NULL AND NEW.stay_start IS NOT NULL AND NEW.from_stage IS NOT NULL BEGIN"
  "  INSERT INTO stay_hour (hour, stage, stays, seconds)"
  "  VALUES (NEW.at / 3600, NEW.from_stage, 1, NEW.at - NEW.stay_start)"
  "  ON CONFLICT (hour, stage) DO UPDATE SET"
  "    stays = stays + 1, seconds = seconds + excluded.seconds;"
  " END;";

static gboolean
migration_11 (CrmDb  *db,
              GError  **error)
{
  return exec_sql (db, migration_11_sql, error);
}

/* Version 12: the order a customer's models of interest were picked in
 * (the first is the one a lead is assigned by), a column of its own on
 * both backends instead of SQLite's rowid. Existing rows keep their
 * rowid order. The same step for PostgreSQL is in crm-schema-pg.c. */
static const char migration_12_sql[] =
  "ALTER TABLE customer_model ADD COLUMN position INTEGER NOT NULL DEFAULT 0;"
  "UPDATE customer_model SET position = (SELECT count(*) FROM customer_model o"
  "  WHERE o.customer_id = customer_model.customer_id AND o.rowid < customer_model.rowid);";

static gboolean
migration_12 (CrmDb  *db,
              GError  **error)
{
  return exec_sql (db, migration_12_sql, error);
}

/* Version 13: two people, one customer. Each save of a customer's form
 * raises its version and says who saved it; a save made against an older
 * version is refused and merged field by field (crm_customer_merge()),
 * never a silent overwrite. New customers start at version 1. The same
 * step for PostgreSQL is in crm-schema-pg.c. */
static const char migration_13_sql[] =
  "ALTER TABLE customer ADD COLUMN version INTEGER NOT NULL DEFAULT 1;"
  "ALTER TABLE customer ADD COLUMN updated_by INTEGER REFERENCES staff (id);";

static gboolean
migration_13 (CrmDb  *db,
              GError  **error)
{
  return exec_sql (db, migration_13_sql, error);
}

/* Version 14: no double booking, held by the database for every writer
 * (Showroom checks it first, with the buffer between drives and a
 * message that offers free times; this is the floor under that check).
 * A car or a consultant in two drives that overlap, neither cancelled
 * nor missed, is refused. A drive lasts at most 240 minutes
 * (CRM_TEST_DRIVE_MAX_MINUTES), which bounds the index range. On
 * PostgreSQL the same rule is two EXCLUDE constraints (crm-schema-pg.c). */
#define OVERLAP_CHECK(column, message) \
  "  SELECT RAISE (ABORT, '" message "') WHERE NEW.status NOT IN ('cancelled', 'no-show') AND EXISTS" \
  "   (SELECT 1 FROM test_drive t WHERE t." column " = NEW." column " AND t.id <> NEW.id" \
  "    AND t.status NOT IN ('cancelled', 'no-show')" \
  "    AND t.start_at > NEW.start_at - 240 * 60 AND t.start_at < NEW.end_at AND t.end_at > NEW.start_at);"

static const char migration_14_sql[] =
  "CREATE TRIGGER test_drive_no_overlap_insert BEFORE INSERT ON test_drive BEGIN"
  OVERLAP_CHECK ("vehicle_id", "test_drive_car_free")
  OVERLAP_CHECK ("staff_id", "test_drive_consultant_free")
  " END;"
  "CREATE TRIGGER test_drive_no_overlap_update"
  " BEFORE UPDATE OF vehicle_id, staff_id, start_at, end_at, status ON test_drive BEGIN"
  OVERLAP_CHECK ("vehicle_id", "test_drive_car_free")
  OVERLAP_CHECK ("staff_id", "test_drive_consultant_free")
  " END;";

static gboolean
migration_14 (CrmDb  *db,
              GError  **error)
{
  return exec_sql (db, migration_14_sql, error);
}

/* Version 15: one live customer per phone number, held by the database
 * for every writer (Showroom checks it first, inside the write
 * transaction, with a message that names the other customer). A number
 * is "live" while its customer is not deleted; a trigger keeps that in
 * step with customer.deleted_at, so deleting a customer frees the number
 * and bringing one back takes it again, or is refused. A number two live
 * customers shared before this rule stays live for the older one only.
 * The same step for PostgreSQL is in crm-schema-pg.c. */
static const char migration_15_sql[] =
  "ALTER TABLE customer_phone ADD COLUMN live INTEGER NOT NULL DEFAULT 1;"
  "UPDATE customer_phone SET live = 0"
  "  WHERE customer_id IN (SELECT id FROM customer WHERE deleted_at IS NOT NULL);"
  "UPDATE customer_phone SET live = 0 WHERE live = 1 AND EXISTS"
  "  (SELECT 1 FROM customer_phone o WHERE o.number = customer_phone.number AND o.live = 1"
  "   AND (o.customer_id < customer_phone.customer_id"
  "        OR (o.customer_id = customer_phone.customer_id AND o.position < customer_phone.position)));"
  "CREATE UNIQUE INDEX customer_phone_live ON customer_phone (number) WHERE live = 1;"
  "CREATE TRIGGER customer_phone_live AFTER UPDATE OF deleted_at ON customer"
  "  WHEN (OLD.deleted_at IS NULL) != (NEW.deleted_at IS NULL) BEGIN"
  "  UPDATE customer_phone SET live = (NEW.deleted_at IS NULL) WHERE customer_id = NEW.id;"
  " END;";

static gboolean
migration_15 (CrmDb  *db,
              GError  **error)
{
  return exec_sql (db, migration_15_sql, error);
}

/* Version 16: PostgreSQL's indexes for the Customers list's dated
 * orders take the id as their last column (crm-schema-pg.c). SQLite's
 * have it already: an index ends in the rowid, which is the id. The
 * step is here so that a version means the same on both backends (a
 * file at 16 copies to a server at 16, see crm-store-migrate.c). */
static gboolean
migration_16 (CrmDb  *db,
              GError  **error)
{
  return TRUE;
}

/* Version 17: the catalogue and the stock. A catalogue model
 * (vehicle_model: what customers are interested in, what a deal and a
 * test-drive car are of) has trims (配置), each with its colours and its
 * guide prices, each price from a day of the showroom's calendar
 * (yyyymmdd) until the next: a quote takes the price of its day. Every
 * car for sale is a stock_car by its VIN, of one trim and one of its
 * colours (the composite keys hold a car's model, trim and colour
 * together), reserved for one deal at most. The ageing threshold is a
 * rule in meta. The same step for PostgreSQL is in crm-schema-pg.c. */
static const char migration_17_sql[] =
  "CREATE TABLE catalogue_trim ("
  "  id INTEGER PRIMARY KEY,"
  "  model_id INTEGER NOT NULL REFERENCES vehicle_model (id),"
  "  name TEXT NOT NULL CHECK (length(trim(name)) > 0),"
  "  new_energy INTEGER NOT NULL DEFAULT 0,"
  "  UNIQUE (model_id, name),"
  "  UNIQUE (id, model_id)"
  ");"
  "CREATE TABLE catalogue_colour ("
  "  id INTEGER PRIMARY KEY,"
  "  trim_id INTEGER NOT NULL REFERENCES catalogue_trim (id) ON DELETE CASCADE,"
  "  name TEXT NOT NULL CHECK (length(trim(name)) > 0),"
  "  UNIQUE (trim_id, name),"
  "  UNIQUE (id, trim_id)"
  ");"
  "CREATE TABLE catalogue_price ("
  "  trim_id INTEGER NOT NULL REFERENCES catalogue_trim (id) ON DELETE CASCADE,"
  "  valid_from INTEGER NOT NULL CHECK (valid_from BETWEEN 19000101 AND 99991231),"
  "  guide_price INTEGER NOT NULL CHECK (guide_price > 0),"
  "  PRIMARY KEY (trim_id, valid_from)"
  ");"
  "CREATE TABLE stock_car ("
  "  id INTEGER PRIMARY KEY,"
  "  vin TEXT NOT NULL UNIQUE CHECK (length(vin) = 17),"
  "  model_id INTEGER NOT NULL,"
  "  trim_id INTEGER NOT NULL,"
  "  colour_id INTEGER NOT NULL,"
  "  status TEXT NOT NULL CHECK (status IN ('ordered', 'in-transit', 'in-stock', 'reserved',"
  "    'sold', 'delivered')),"
  "  arrived_at INTEGER,"
  "  cost INTEGER NOT NULL DEFAULT 0 CHECK (cost >= 0),"
  "  location TEXT NOT NULL DEFAULT '',"
  "  deal_id INTEGER REFERENCES deal (id),"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  FOREIGN KEY (trim_id, model_id) REFERENCES catalogue_trim (id, model_id),"
  "  FOREIGN KEY (colour_id, trim_id) REFERENCES catalogue_colour (id, trim_id),"
  "  CHECK (status <> 'reserved' OR deal_id IS NOT NULL),"
  "  CHECK (status NOT IN ('in-stock', 'reserved') OR arrived_at IS NOT NULL)"
  ");"
  "CREATE UNIQUE INDEX stock_car_deal ON stock_car (deal_id) WHERE deal_id IS NOT NULL;"
  "CREATE INDEX stock_car_arrival ON stock_car (coalesce(arrived_at, 9223372036854775807), id);"
  "CREATE INDEX stock_car_model ON stock_car (model_id, status);"
  "CREATE INDEX stock_car_trim ON stock_car (trim_id, colour_id);"
  "INSERT OR IGNORE INTO meta (key, value) VALUES ('stock.ageing-days', '45');";

static gboolean
migration_17 (CrmDb  *db,
              GError  **error)
{
  return exec_sql (db, migration_17_sql, error);
}

/* Version 18: the public pool's deadline comes from the customer's grade:
 * each grade's held customers are walked on their own, in pool-clock order */
static gboolean
migration_18 (CrmDb  *db,
              GError  **error)
{
  return exec_sql (db,
                   "CREATE INDEX customer_pool_grade ON customer"
                   " (grade, coalesce(last_contact_at, assigned_at, created_at))",
                   error);
}

static const MigrationFunc migrations[] = {
  migration_1,
  migration_2,
  migration_3,
  migration_4,
  migration_5,
  migration_6,
  migration_7,
  migration_8,
  migration_9,
  migration_10,
  migration_11,
  migration_12,
  migration_13,
  migration_14,
  migration_15,
  migration_16,
  migration_17,
  migration_18,
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == CRM_STORE_SCHEMA_VERSION);

/* One migration and the version it reaches, in one write transaction */
static gboolean
migrate_one (CrmDb    *db,
             gpointer  user_data,
             GError  **error)
{
  int version = GPOINTER_TO_INT (user_data);

  return migrations[version - 1] (db, error) &&
         crm_db_set_schema_version (db, version, error);
}

gboolean
crm_schema_migrate (CrmDb   *db,
                    int      from_version,
                    GError **error)
{
  return crm_schema_migrate_to (db, from_version, CRM_STORE_SCHEMA_VERSION, error);
}

/* Up to @to_version only: the tests of a migration start from the
 * version before it */
gboolean
crm_schema_migrate_to (CrmDb   *db,
                       int      from_version,
                       int      to_version,
                       GError **error)
{
  g_return_val_if_fail (to_version <= CRM_STORE_SCHEMA_VERSION, FALSE);

  for (int version = from_version + 1; version <= to_version; version++)
    {
      if (!crm_db_write (db, migrate_one, GINT_TO_POINTER (version), error))
        return FALSE;
      g_debug ("Database migrated to schema version %d", version);
    }

  return TRUE;
}
