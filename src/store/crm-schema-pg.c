/* crm-schema-pg.c: the schema of a showroom on a PostgreSQL server
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A server database starts from this baseline, the schema of SQLite's
 * version 11 written in PostgreSQL's words: identity columns, booleans
 * for flags, triggers as PL/pgSQL functions, the sort keys in the "C"
 * collation (byte order, as SQLite compares them, whatever the server's
 * locale). SQLite's history of ten migrations is not replayed. Each later
 * schema version is one migration in crm-schema.c for SQLite and one in
 * pg_migrations[] here, in the same commit.
 */
#define G_LOG_DOMAIN "crm-schema"

#include "config.h"

#include "crm-schema.h"
#include "crm-store.h"

/* The version the baseline is at */
#define BASELINE_VERSION 11

static const char baseline_sql[] =
  "CREATE TABLE meta ("
  "  key text PRIMARY KEY,"
  "  value text"
  ");"
  "CREATE TABLE staff ("
  "  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
  "  name text NOT NULL CHECK (length(trim(name)) > 0),"
  "  role text NOT NULL CHECK (role IN ('sales', 'reception', 'manager')),"
  "  active boolean NOT NULL DEFAULT TRUE,"
  "  created_at bigint NOT NULL,"
  "  on_duty boolean NOT NULL DEFAULT TRUE"
  ");"
  "CREATE TABLE vehicle_model ("
  "  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
  "  brand text NOT NULL,"
  "  series text NOT NULL,"
  "  trim text NOT NULL DEFAULT '',"
  "  guide_price bigint NOT NULL DEFAULT 0 CHECK (guide_price >= 0)"
  ");"
  "CREATE TABLE stage ("
  "  code text PRIMARY KEY,"
  "  position integer NOT NULL UNIQUE,"
  "  is_open boolean NOT NULL"
  ");"
  "INSERT INTO stage (code, position, is_open) VALUES"
  "  ('new-lead', 0, TRUE), ('invited', 1, TRUE), ('visited', 2, TRUE),"
  "  ('test-drive', 3, TRUE), ('negotiation', 4, TRUE), ('ordered', 5, TRUE),"
  "  ('delivered', 6, FALSE), ('lost', 7, FALSE), ('invalid', 8, FALSE);"
  "CREATE TABLE customer ("
  "  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
  "  name text NOT NULL CHECK (length(trim(name)) > 0),"
  "  wechat text,"
  "  gender text NOT NULL DEFAULT 'unknown',"
  "  city text,"
  "  channel text NOT NULL DEFAULT 'unknown',"
  "  grade text NOT NULL DEFAULT 'N',"
  "  budget_min bigint NOT NULL DEFAULT 0,"
  "  budget_max bigint NOT NULL DEFAULT 0,"
  "  timeframe text NOT NULL DEFAULT 'unknown',"
  "  tags text,"
  "  owner_id bigint REFERENCES staff (id),"
  "  birthday text,"
  "  notes text,"
  "  created_at bigint NOT NULL,"
  "  updated_at bigint NOT NULL,"
  "  deleted_at bigint,"
  "  search_key text COLLATE \"C\" NOT NULL DEFAULT '',"
  "  sort_key text COLLATE \"C\" NOT NULL DEFAULT '',"
  "  last_contact_at bigint,"
  "  next_followup_at bigint,"
  "  assigned_at bigint,"
  "  first_contact_due_at bigint,"
  "  pool_warned_at bigint"
  ");"
  "CREATE TABLE customer_phone ("
  "  customer_id bigint NOT NULL REFERENCES customer (id) ON DELETE CASCADE,"
  "  position integer NOT NULL,"
  "  number text COLLATE \"C\" NOT NULL,"
  "  PRIMARY KEY (customer_id, position)"
  ");"
  "CREATE TABLE customer_model ("
  "  customer_id bigint NOT NULL REFERENCES customer (id) ON DELETE CASCADE,"
  "  model_id bigint NOT NULL REFERENCES vehicle_model (id),"
  "  PRIMARY KEY (customer_id, model_id)"
  ");"
  "CREATE TABLE deal ("
  "  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
  "  customer_id bigint NOT NULL REFERENCES customer (id),"
  "  model_id bigint REFERENCES vehicle_model (id),"
  "  stage text NOT NULL REFERENCES stage (code),"
  "  stage_entered_at bigint NOT NULL,"
  "  expected_close bigint,"
  "  lost_reason text,"
  "  lost_note text,"
  "  owner_id bigint REFERENCES staff (id),"
  "  created_at bigint NOT NULL,"
  "  price bigint NOT NULL DEFAULT 0 CHECK (price >= 0),"
  "  channel text NOT NULL DEFAULT 'unknown',"
  "  live boolean NOT NULL DEFAULT TRUE,"
  "  reach integer NOT NULL DEFAULT 0,"
  "  first_ordered_at bigint"
  ");"
  "CREATE TABLE stage_history ("
  "  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
  "  deal_id bigint NOT NULL REFERENCES deal (id),"
  "  from_stage text REFERENCES stage (code),"
  "  to_stage text NOT NULL REFERENCES stage (code),"
  "  at bigint NOT NULL,"
  "  staff_id bigint REFERENCES staff (id),"
  "  stay_start bigint"
  ");"
  "CREATE TABLE activity ("
  "  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
  "  customer_id bigint NOT NULL REFERENCES customer (id),"
  "  deal_id bigint REFERENCES deal (id),"
  "  kind text NOT NULL,"
  "  planned_at bigint,"
  "  done_at bigint,"
  "  outcome text NOT NULL DEFAULT 'none',"
  "  note text,"
  "  staff_id bigint REFERENCES staff (id),"
  "  created_at bigint NOT NULL,"
  "  purpose text,"
  "  care text,"
  "  CHECK (planned_at IS NOT NULL OR done_at IS NOT NULL)"
  ");"
  "CREATE TABLE stage_rule ("
  "  stage text NOT NULL REFERENCES stage (code),"
  "  rule text NOT NULL,"
  "  enabled boolean NOT NULL DEFAULT TRUE,"
  "  PRIMARY KEY (stage, rule)"
  ");"
  "INSERT INTO stage_rule (stage, rule, enabled) VALUES"
  "  ('test-drive', 'test-drive-recorded', TRUE),"
  "  ('ordered', 'price-agreed', TRUE),"
  "  ('delivered', 'from-ordered', TRUE),"
  "  ('lost', 'reason-and-note', TRUE),"
  "  ('invalid', 'from-early-stage', TRUE);"
  "CREATE TABLE lost_request ("
  "  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
  "  deal_id bigint NOT NULL REFERENCES deal (id),"
  "  reason text NOT NULL,"
  "  note text NOT NULL,"
  "  requested_by bigint REFERENCES staff (id),"
  "  requested_at bigint NOT NULL,"
  "  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'returned')),"
  "  decided_by bigint REFERENCES staff (id),"
  "  decided_at bigint,"
  "  comment text"
  ");"
  "CREATE TABLE escalation ("
  "  deal_id bigint NOT NULL REFERENCES deal (id),"
  "  day text NOT NULL,"
  "  sent_at bigint NOT NULL,"
  "  PRIMARY KEY (deal_id, day)"
  ");"
  "CREATE TABLE assignment_log ("
  "  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
  "  customer_id bigint NOT NULL REFERENCES customer (id),"
  "  from_staff bigint REFERENCES staff (id),"
  "  to_staff bigint REFERENCES staff (id),"
  "  by_staff bigint REFERENCES staff (id),"
  "  reason text NOT NULL,"
  "  at bigint NOT NULL"
  ");"
  "CREATE TABLE assignment_channel ("
  "  staff_id bigint NOT NULL REFERENCES staff (id),"
  "  channel text NOT NULL,"
  "  PRIMARY KEY (staff_id, channel)"
  ");"
  "CREATE TABLE assignment_brand ("
  "  staff_id bigint NOT NULL REFERENCES staff (id),"
  "  brand text NOT NULL,"
  "  PRIMARY KEY (staff_id, brand)"
  ");"
  "CREATE TABLE lead_notice ("
  "  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
  "  staff_id bigint REFERENCES staff (id),"
  "  for_managers boolean NOT NULL DEFAULT FALSE,"
  "  customer_id bigint NOT NULL REFERENCES customer (id),"
  "  kind text NOT NULL,"
  "  at bigint NOT NULL,"
  "  seen_at bigint,"
  "  notified_at bigint"
  ");"
  "CREATE TABLE traffic_log ("
  "  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
  "  at bigint NOT NULL,"
  "  customer_id bigint REFERENCES customer (id),"
  "  visit text NOT NULL CHECK (visit IN ('first', 'repeat')),"
  "  people integer NOT NULL DEFAULT 1 CHECK (people > 0),"
  "  staff_id bigint REFERENCES staff (id),"
  "  note text"
  ");"
  /* Facts are summed and coalesced with numbers: integers, not flags */
  "CREATE TABLE customer_facts ("
  "  customer_id bigint PRIMARY KEY REFERENCES customer (id) ON DELETE CASCADE,"
  "  test_drive integer NOT NULL DEFAULT 0,"
  "  trade_in integer NOT NULL DEFAULT 0,"
  "  financing_approved integer NOT NULL DEFAULT 0,"
  "  score integer"
  ");"
  "CREATE TABLE grade_history ("
  "  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
  "  customer_id bigint NOT NULL REFERENCES customer (id),"
  "  from_grade text,"
  "  to_grade text NOT NULL,"
  "  proposed_grade text,"
  "  score integer,"
  "  reason text,"
  "  staff_id bigint REFERENCES staff (id),"
  "  at bigint NOT NULL"
  ");"
  "CREATE TABLE vehicle ("
  "  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
  "  plate text NOT NULL UNIQUE CHECK (length(trim(plate)) > 0),"
  "  model_id bigint REFERENCES vehicle_model (id),"
  "  colour text NOT NULL DEFAULT '',"
  "  status text NOT NULL DEFAULT 'available'"
  "    CHECK (status IN ('available', 'in-service', 'retired')),"
  "  mileage bigint NOT NULL DEFAULT 0 CHECK (mileage >= 0)"
  ");"
  "CREATE TABLE test_drive ("
  "  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
  "  customer_id bigint NOT NULL REFERENCES customer (id),"
  "  vehicle_id bigint NOT NULL REFERENCES vehicle (id),"
  "  staff_id bigint NOT NULL REFERENCES staff (id),"
  "  deal_id bigint REFERENCES deal (id),"
  "  start_at bigint NOT NULL,"
  "  end_at bigint NOT NULL,"
  "  status text NOT NULL DEFAULT 'booked',"
  "  feedback text,"
  "  reminder_at bigint,"
  "  uid text,"
  "  created_at bigint NOT NULL,"
  "  reminded_for bigint,"
  "  CHECK (end_at > start_at)"
  ");"
  "CREATE TABLE followup_hour ("
  "  hour bigint NOT NULL,"
  "  staff_id bigint NOT NULL,"
  "  planned bigint NOT NULL,"
  "  on_time bigint NOT NULL,"
  "  PRIMARY KEY (hour, staff_id)"
  ");"
  "CREATE TABLE stay_hour ("
  "  hour bigint NOT NULL,"
  "  stage text NOT NULL,"
  "  stays bigint NOT NULL,"
  "  seconds bigint NOT NULL,"
  "  PRIMARY KEY (hour, stage)"
  ");"
  /* The indexes of SQLite's version 11, by the same names */
  "CREATE INDEX customer_phone_number ON customer_phone (number);"
  "CREATE INDEX deal_customer ON deal (customer_id);"
  "CREATE INDEX deal_stage ON deal (stage, stage_entered_at);"
  "CREATE INDEX stage_history_deal ON stage_history (deal_id, at);"
  "CREATE INDEX activity_customer ON activity (customer_id);"
  "CREATE INDEX customer_sort_name ON customer (sort_key, id) WHERE deleted_at IS NULL;"
  "CREATE INDEX customer_created ON customer (created_at) WHERE deleted_at IS NULL;"
  "CREATE INDEX customer_owner ON customer (owner_id) WHERE deleted_at IS NULL;"
  "CREATE UNIQUE INDEX lost_request_pending ON lost_request (deal_id) WHERE status = 'pending';"
  "CREATE INDEX lost_request_deal ON lost_request (deal_id, status, decided_at);"
  "CREATE INDEX deal_owner_stage ON deal (owner_id, stage);"
  "CREATE INDEX activity_customer_kind ON activity (customer_id, kind) WHERE done_at IS NOT NULL;"
  "CREATE INDEX activity_open_staff ON activity (staff_id, planned_at) WHERE done_at IS NULL;"
  "CREATE INDEX activity_deal_done ON activity (deal_id, done_at);"
  "CREATE INDEX customer_owner_next ON customer (owner_id, next_followup_at) WHERE deleted_at IS NULL;"
  "CREATE INDEX customer_next ON customer (next_followup_at) WHERE deleted_at IS NULL;"
  "CREATE INDEX customer_first_contact ON customer (first_contact_due_at)"
  "  WHERE first_contact_due_at IS NOT NULL AND deleted_at IS NULL;"
  "CREATE INDEX customer_owner_grade ON customer (owner_id, grade) WHERE deleted_at IS NULL;"
  "CREATE INDEX customer_pool_clock ON customer ((coalesce(last_contact_at, assigned_at, created_at)))"
  "  WHERE owner_id IS NOT NULL AND deleted_at IS NULL;"
  "CREATE INDEX assignment_log_customer ON assignment_log (customer_id, at);"
  "CREATE INDEX assignment_log_to ON assignment_log (to_staff, at);"
  "CREATE INDEX lead_notice_staff ON lead_notice (staff_id, at);"
  "CREATE INDEX traffic_log_at ON traffic_log (at);"
  "CREATE INDEX grade_history_customer ON grade_history (customer_id, at);"
  "CREATE INDEX test_drive_vehicle ON test_drive (vehicle_id, start_at);"
  "CREATE INDEX test_drive_staff ON test_drive (staff_id, start_at);"
  "CREATE INDEX test_drive_start ON test_drive (start_at);"
  "CREATE INDEX test_drive_customer ON test_drive (customer_id);"
  "CREATE INDEX lead_notice_unnotified ON lead_notice (staff_id)"
  "  WHERE notified_at IS NULL AND seen_at IS NULL;"
  "CREATE INDEX deal_kpi_created ON deal (created_at, owner_id, live, channel, reach);"
  "CREATE INDEX deal_kpi_ordered ON deal (first_ordered_at, owner_id, live, created_at, price)"
  "  WHERE first_ordered_at IS NOT NULL;"
  "CREATE INDEX deal_kpi_closed ON deal (stage, stage_entered_at, owner_id, live, lost_reason,"
  "  first_ordered_at);"
  "CREATE INDEX stage_history_kpi_stays ON stage_history (from_stage, at, stay_start, deal_id);"
  "CREATE INDEX activity_planned ON activity (planned_at, staff_id, done_at);"
  "CREATE INDEX lead_notice_managers ON lead_notice (at) WHERE for_managers;"
  "CREATE INDEX lead_notice_managers_unseen ON lead_notice (at) WHERE for_managers AND seen_at IS NULL;"
  "CREATE INDEX lead_notice_unseen ON lead_notice (staff_id) WHERE seen_at IS NULL;"
  "CREATE INDEX customer_grade_sort ON customer (grade, sort_key, id) WHERE deleted_at IS NULL;"
  "CREATE INDEX customer_channel_sort ON customer (channel, sort_key, id) WHERE deleted_at IS NULL;"
  "CREATE INDEX customer_owner_sort ON customer (owner_id, sort_key, id) WHERE deleted_at IS NULL;"
  "CREATE INDEX customer_last_contact ON customer (last_contact_at) WHERE deleted_at IS NULL;"
  "CREATE INDEX deal_board ON deal (stage, model_id, live, owner_id, channel, lost_reason,"
  "  stage_entered_at, customer_id);"
  "CREATE INDEX deal_entered ON deal (stage_entered_at);"
  "CREATE INDEX activity_open ON activity (planned_at, staff_id) WHERE done_at IS NULL;"
  "CREATE INDEX deal_kpi_lost ON deal (lost_reason, stage_entered_at, owner_id, live, first_ordered_at)"
  "  WHERE stage = 'lost';"
  /* The dashboard's figures, kept by triggers as SQLite's are (see
   * migration 8 and 11 in crm-schema.c). A new deal takes its customer's
   * channel and liveness before it is written. */
  "CREATE FUNCTION deal_kpi_insert () RETURNS trigger LANGUAGE plpgsql AS $$"
  "BEGIN"
  "  SELECT coalesce(c.channel, 'unknown'), c.deleted_at IS NULL"
  "    INTO NEW.channel, NEW.live FROM customer c WHERE c.id = NEW.customer_id;"
  "  IF NOT FOUND THEN NEW.channel := 'unknown'; NEW.live := TRUE; END IF;"
  "  RETURN NEW;"
  "END $$;"
  "CREATE TRIGGER deal_kpi_insert BEFORE INSERT ON deal"
  "  FOR EACH ROW EXECUTE FUNCTION deal_kpi_insert ();"
  "CREATE FUNCTION customer_kpi_update () RETURNS trigger LANGUAGE plpgsql AS $$"
  "BEGIN"
  "  UPDATE deal SET channel = NEW.channel, live = NEW.deleted_at IS NULL WHERE customer_id = NEW.id;"
  "  RETURN NULL;"
  "END $$;"
  "CREATE TRIGGER customer_kpi_update AFTER UPDATE OF channel, deleted_at ON customer"
  "  FOR EACH ROW WHEN (OLD.channel IS DISTINCT FROM NEW.channel"
  "    OR (OLD.deleted_at IS NULL) <> (NEW.deleted_at IS NULL))"
  "  EXECUTE FUNCTION customer_kpi_update ();"
  /* A move's stay starts at the move before it; the stay is added to its
   * hour, and the deal's furthest step and first order updated */
  "CREATE FUNCTION stage_history_kpi_insert () RETURNS trigger LANGUAGE plpgsql AS $$"
  "DECLARE step integer := CASE NEW.to_stage WHEN 'invited' THEN 1 WHEN 'visited' THEN 2"
  "    WHEN 'test-drive' THEN 3 WHEN 'negotiation' THEN 4 WHEN 'ordered' THEN 5"
  "    WHEN 'delivered' THEN 6 ELSE 0 END;"
  "BEGIN"
  "  IF NEW.from_stage IS NOT NULL AND NEW.stay_start IS NULL THEN"
  "    SELECT p.at INTO NEW.stay_start FROM stage_history p"
  "      WHERE p.deal_id = NEW.deal_id AND p.id < NEW.id ORDER BY p.at DESC, p.id DESC LIMIT 1;"
  "    IF NEW.stay_start IS NOT NULL THEN"
  "      INSERT INTO stay_hour (hour, stage, stays, seconds)"
  "      VALUES (NEW.at / 3600, NEW.from_stage, 1, NEW.at - NEW.stay_start)"
  "      ON CONFLICT (hour, stage) DO UPDATE SET"
  "        stays = stay_hour.stays + 1, seconds = stay_hour.seconds + excluded.seconds;"
  "    END IF;"
  "  END IF;"
  "  UPDATE deal SET"
  "    reach = greatest(reach, step),"
  "    first_ordered_at = CASE WHEN NEW.to_stage = 'ordered'"
  "      AND (first_ordered_at IS NULL OR NEW.at < first_ordered_at)"
  "      THEN NEW.at ELSE first_ordered_at END"
  "  WHERE id = NEW.deal_id AND (reach < step"
  "    OR (NEW.to_stage = 'ordered' AND (first_ordered_at IS NULL OR NEW.at < first_ordered_at)));"
  "  RETURN NEW;"
  "END $$;"
  "CREATE TRIGGER stage_history_kpi_insert BEFORE INSERT ON stage_history"
  "  FOR EACH ROW EXECUTE FUNCTION stage_history_kpi_insert ();"
  /* Follow-ups per hour and staff member: planned, and done within the
   * hour's grace */
  "CREATE FUNCTION activity_kpi () RETURNS trigger LANGUAGE plpgsql AS $$"
  "BEGIN"
  "  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.planned_at IS NOT NULL THEN"
  "    UPDATE followup_hour SET planned = planned - 1,"
  "      on_time = on_time - CASE WHEN OLD.done_at IS NOT NULL"
  "        AND OLD.done_at <= OLD.planned_at + 3600 THEN 1 ELSE 0 END"
  "    WHERE hour = OLD.planned_at / 3600 AND staff_id = coalesce(OLD.staff_id, 0);"
  "  END IF;"
  "  IF TG_OP IN ('UPDATE', 'INSERT') AND NEW.planned_at IS NOT NULL THEN"
  "    INSERT INTO followup_hour (hour, staff_id, planned, on_time)"
  "    VALUES (NEW.planned_at / 3600, coalesce(NEW.staff_id, 0), 1,"
  "      CASE WHEN NEW.done_at IS NOT NULL AND NEW.done_at <= NEW.planned_at + 3600 THEN 1 ELSE 0 END)"
  "    ON CONFLICT (hour, staff_id) DO UPDATE SET"
  "      planned = followup_hour.planned + 1, on_time = followup_hour.on_time + excluded.on_time;"
  "  END IF;"
  "  RETURN NULL;"
  "END $$;"
  "CREATE TRIGGER activity_kpi_insert AFTER INSERT ON activity"
  "  FOR EACH ROW WHEN (NEW.planned_at IS NOT NULL) EXECUTE FUNCTION activity_kpi ();"
  "CREATE TRIGGER activity_kpi_delete AFTER DELETE ON activity"
  "  FOR EACH ROW WHEN (OLD.planned_at IS NOT NULL) EXECUTE FUNCTION activity_kpi ();"
  "CREATE TRIGGER activity_kpi_update AFTER UPDATE OF planned_at, done_at, staff_id ON activity"
  "  FOR EACH ROW EXECUTE FUNCTION activity_kpi ();"
  /* The showroom's rules with their defaults, as SQLite's migrations
   * write them */
  "INSERT INTO meta (key, value) VALUES"
  "  ('reps-close-lost', '0'), ('reactivation-days', '90'),"
  "  ('cadence-days-H', '1'), ('cadence-days-A', '3'), ('cadence-days-B', '7'),"
  "  ('cadence-days-C', '14'), ('cadence-days-N', '1'),"
  "  ('cadence-first-contact-minutes', '120'),"
  "  ('cadence-lead-plan-days', '1,3,7,15,30'),"
  "  ('cadence-idle-days', '3'),"
  "  ('cadence-opening-hours', '09:00-18:00'),"
  "  ('cadence-service-months', '6'),"
  "  ('cadence-service-km', '5000'),"
  "  ('leads.assign-mode', 'round-robin'),"
  "  ('leads.assign-by-channel', '0'),"
  "  ('leads.first-contact-minutes', '120'),"
  "  ('leads.open-from', '540'),"
  "  ('leads.open-until', '1080'),"
  "  ('leads.pool-days', '15'),"
  "  ('leads.pool-warn-days', '3'),"
  "  ('leads.pool-hold-limit', '500'),"
  "  ('calendar-open-minute', '540'), ('calendar-close-minute', '1080'),"
  "  ('calendar-slot-minutes', '30'), ('calendar-buffer-minutes', '10');";

/* Live updates. Every committed change is announced on the channel
 * "showroom" with the payload "entity:id" (the nick of a CrmEntity; id 0
 * when a statement changed more than one row). Statement-level triggers
 * with a transition table notify once per statement, not per row, and
 * the server folds identical payloads of one transaction into one, so an
 * import of 100,000 customers sends "customer:0" once. NOTIFY is sent at
 * COMMIT: a rolled-back change is never announced. The derived tables
 * (followup_hour, stay_hour) change only with the rows they count. */
/* One function per id column: static SQL, planned once per session
 * (a format()ed EXECUTE was parsed and planned at every statement) */
#define NOTIFY_FUNCTION(column, min_id) \
  "CREATE FUNCTION showroom_notify_" column " () RETURNS trigger LANGUAGE plpgsql AS $$" \
  "DECLARE n bigint; one bigint;" \
  "BEGIN" \
  "  SELECT count(*), " min_id " INTO n, one FROM changed_rows;" \
  "  IF n > 0 THEN" \
  "    PERFORM pg_notify ('showroom', TG_ARGV[0] || ':' ||" \
  "      CASE WHEN n = 1 THEN coalesce(one, 0) ELSE 0 END);" \
  "  END IF;" \
  "  RETURN NULL;" \
  "END $$;"

static const char notify_function_sql[] =
  NOTIFY_FUNCTION ("id", "min(id)")
  NOTIFY_FUNCTION ("customer_id", "min(customer_id)")
  NOTIFY_FUNCTION ("deal_id", "min(deal_id)")
  NOTIFY_FUNCTION ("staff_id", "min(staff_id)")
  NOTIFY_FUNCTION ("none", "NULL::bigint");

typedef struct
{
  const char *table;
  const char *entity;   /* a nick of CrmEntity */
  const char *id;       /* the column with the entity's id; "none": id 0 */
} NotifiedTable;

/* The baseline's tables; a migration's new tables bring their own list */
static const NotifiedTable notified_tables[] = {
  { "meta", "showroom", "key" },
  { "stage_rule", "showroom", "rule" },
  { "staff", "staff", "id" },
  { "assignment_channel", "staff", "staff_id" },
  { "assignment_brand", "staff", "staff_id" },
  { "vehicle_model", "vehicle-model", "id" },
  { "customer", "customer", "id" },
  { "customer_phone", "customer", "customer_id" },
  { "customer_model", "customer", "customer_id" },
  { "customer_facts", "customer", "customer_id" },
  { "grade_history", "customer", "customer_id" },
  { "assignment_log", "customer", "customer_id" },
  { "lead_notice", "customer", "customer_id" },
  { "traffic_log", "customer", "customer_id" },
  { "deal", "deal", "id" },
  { "stage_history", "deal", "deal_id" },
  { "lost_request", "deal", "deal_id" },
  { "activity", "activity", "id" },
  { "escalation", "escalation", "deal_id" },
  { "vehicle", "vehicle", "id" },
  { "test_drive", "test-drive", "id" },
};

/* The notify triggers of @tables: one per statement and kind of change */
static void
append_notify_triggers (GString             *sql,
                        const NotifiedTable *tables,
                        guint                n_tables)
{
  static const char * const events[][3] = {
    { "insert", "INSERT", "NEW" },
    { "update", "UPDATE", "NEW" },
    { "delete", "DELETE", "OLD" },
  };

  for (guint i = 0; i < n_tables; i++)
    for (guint e = 0; e < G_N_ELEMENTS (events); e++)
      {
        const char *id = tables[i].id;

        if (g_str_equal (id, "key") || g_str_equal (id, "rule"))
          id = "none";
        g_string_append_printf (sql,
                                "CREATE TRIGGER %s_notify_%s AFTER %s ON %s"
                                " REFERENCING %s TABLE AS changed_rows"
                                " FOR EACH STATEMENT EXECUTE FUNCTION showroom_notify_%s ('%s');",
                                tables[i].table, events[e][0], events[e][1],
                                tables[i].table, events[e][2],
                                id, tables[i].entity);
      }
}

/* The notify functions and the triggers of every table above; meta and
 * stage_rule have text keys, announced as id 0 */
static char *
notify_triggers_sql (void)
{
  GString *sql = g_string_new (notify_function_sql);

  append_notify_triggers (sql, notified_tables, G_N_ELEMENTS (notified_tables));
  return g_string_free (sql, FALSE);
}

typedef gboolean (*PgMigrationFunc) (CrmDb *db, GError **error);

/* Version 12: the order a customer's models were picked in (SQLite's
 * step is migration 12 in crm-schema.c) */
static gboolean
pg_migration_12 (CrmDb   *db,
                 GError **error)
{
  return crm_db_exec (db, "ALTER TABLE customer_model ADD COLUMN position integer NOT NULL DEFAULT 0",
                      error);
}

/* Version 13: the customer's version and who saved it last */
static gboolean
pg_migration_13 (CrmDb   *db,
                 GError **error)
{
  return crm_db_exec (db, "ALTER TABLE customer ADD COLUMN version bigint NOT NULL DEFAULT 1;"
                          "ALTER TABLE customer ADD COLUMN updated_by bigint REFERENCES staff (id)",
                      error);
}

/* Version 14: no double booking, for every writer: a car or a
 * consultant in two overlapping drives (neither cancelled nor missed) is
 * refused by EXCLUDE constraints over the time range (btree_gist, a
 * trusted extension the database's owner may create) */
static gboolean
pg_migration_14 (CrmDb   *db,
                 GError **error)
{
  return crm_db_exec (db,
                      "CREATE EXTENSION IF NOT EXISTS btree_gist;"
                      "ALTER TABLE test_drive ADD CONSTRAINT test_drive_car_free EXCLUDE USING gist"
                      "  (vehicle_id WITH =, int8range (start_at, end_at) WITH &&)"
                      "  WHERE (status NOT IN ('cancelled', 'no-show'));"
                      "ALTER TABLE test_drive ADD CONSTRAINT test_drive_consultant_free EXCLUDE USING gist"
                      "  (staff_id WITH =, int8range (start_at, end_at) WITH &&)"
                      "  WHERE (status NOT IN ('cancelled', 'no-show'))",
                      error);
}

/* Version 15: one live customer per phone number (SQLite's step, with
 * the reasons, is migration 15 in crm-schema.c) */
static gboolean
pg_migration_15 (CrmDb   *db,
                 GError **error)
{
  return crm_db_exec (db,
                      "ALTER TABLE customer_phone ADD COLUMN live boolean NOT NULL DEFAULT true;"
                      "UPDATE customer_phone p SET live = false FROM customer c"
                      "  WHERE c.id = p.customer_id AND c.deleted_at IS NOT NULL;"
                      "UPDATE customer_phone p SET live = false WHERE live AND EXISTS"
                      "  (SELECT 1 FROM customer_phone o WHERE o.number = p.number AND o.live"
                      "   AND (o.customer_id < p.customer_id"
                      "        OR (o.customer_id = p.customer_id AND o.position < p.position)));"
                      "CREATE UNIQUE INDEX customer_phone_live ON customer_phone (number) WHERE live;"
                      "CREATE FUNCTION customer_phone_live () RETURNS trigger LANGUAGE plpgsql AS $$"
                      " BEGIN"
                      "  UPDATE customer_phone SET live = (NEW.deleted_at IS NULL) WHERE customer_id = NEW.id;"
                      "  RETURN NULL;"
                      " END $$;"
                      "CREATE TRIGGER customer_phone_live AFTER UPDATE OF deleted_at ON customer FOR EACH ROW"
                      "  WHEN ((OLD.deleted_at IS NULL) <> (NEW.deleted_at IS NULL))"
                      "  EXECUTE FUNCTION customer_phone_live ()",
                      error);
}

/* Version 16: the Customers list's orders by last contact, next
 * follow-up and date created walk an index of (date, id), as SQLite's
 * (date) indexes are, rowid included: with the date alone the server
 * sorted all 100,000 customers for each of these orders, on disk past
 * work_mem (4 to 6 times the file's time; see crm-customer-query.c). The
 * indexes keep their names and their other readers (the pool clock, My
 * Day's next wake-up, the dashboard's leads) lose nothing by the id. */
static gboolean
pg_migration_16 (CrmDb   *db,
                 GError **error)
{
  return crm_db_exec (db,
                      "DROP INDEX customer_last_contact;"
                      "CREATE INDEX customer_last_contact ON customer (last_contact_at, id)"
                      "  WHERE deleted_at IS NULL;"
                      "DROP INDEX customer_next;"
                      "CREATE INDEX customer_next ON customer (next_followup_at, id) WHERE deleted_at IS NULL;"
                      "DROP INDEX customer_created;"
                      "CREATE INDEX customer_created ON customer (created_at, id) WHERE deleted_at IS NULL",
                      error);
}

/* Version 17: the catalogue's trims, colours and dated guide prices, and
 * the cars in stock by VIN (SQLite's step, with the reasons, is
 * migration 17 in crm-schema.c). A change to the catalogue is announced
 * as "vehicle-model:0", one to the stock as "stock:id". */
static gboolean
pg_migration_17 (CrmDb   *db,
                 GError **error)
{
  static const NotifiedTable new_tables[] = {
    { "catalogue_trim", "vehicle-model", "none" },
    { "catalogue_colour", "vehicle-model", "none" },
    { "catalogue_price", "vehicle-model", "none" },
    { "stock_car", "stock", "id" },
  };
  g_autoptr(GString) sql = g_string_new (
    "CREATE TABLE catalogue_trim ("
    "  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
    "  model_id bigint NOT NULL REFERENCES vehicle_model (id),"
    "  name text NOT NULL CHECK (length(trim(name)) > 0),"
    "  new_energy boolean NOT NULL DEFAULT FALSE,"
    "  UNIQUE (model_id, name),"
    "  UNIQUE (id, model_id)"
    ");"
    "CREATE TABLE catalogue_colour ("
    "  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
    "  trim_id bigint NOT NULL REFERENCES catalogue_trim (id) ON DELETE CASCADE,"
    "  name text NOT NULL CHECK (length(trim(name)) > 0),"
    "  UNIQUE (trim_id, name),"
    "  UNIQUE (id, trim_id)"
    ");"
    "CREATE TABLE catalogue_price ("
    "  trim_id bigint NOT NULL REFERENCES catalogue_trim (id) ON DELETE CASCADE,"
    "  valid_from integer NOT NULL CHECK (valid_from BETWEEN 19000101 AND 99991231),"
    "  guide_price bigint NOT NULL CHECK (guide_price > 0),"
    "  PRIMARY KEY (trim_id, valid_from)"
    ");"
    "CREATE TABLE stock_car ("
    "  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
    "  vin text COLLATE \"C\" NOT NULL UNIQUE CHECK (length(vin) = 17),"
    "  model_id bigint NOT NULL,"
    "  trim_id bigint NOT NULL,"
    "  colour_id bigint NOT NULL,"
    "  status text NOT NULL CHECK (status IN ('ordered', 'in-transit', 'in-stock', 'reserved',"
    "    'sold', 'delivered')),"
    "  arrived_at bigint,"
    "  cost bigint NOT NULL DEFAULT 0 CHECK (cost >= 0),"
    "  location text NOT NULL DEFAULT '',"
    "  deal_id bigint REFERENCES deal (id),"
    "  created_at bigint NOT NULL,"
    "  updated_at bigint NOT NULL,"
    "  FOREIGN KEY (trim_id, model_id) REFERENCES catalogue_trim (id, model_id),"
    "  FOREIGN KEY (colour_id, trim_id) REFERENCES catalogue_colour (id, trim_id),"
    "  CHECK (status <> 'reserved' OR deal_id IS NOT NULL),"
    "  CHECK (status NOT IN ('in-stock', 'reserved') OR arrived_at IS NOT NULL)"
    ");"
    "CREATE UNIQUE INDEX stock_car_deal ON stock_car (deal_id) WHERE deal_id IS NOT NULL;"
    "CREATE INDEX stock_car_arrival ON stock_car ((coalesce(arrived_at, 9223372036854775807)), id);"
    "CREATE INDEX stock_car_model ON stock_car (model_id, status);"
    "CREATE INDEX stock_car_trim ON stock_car (trim_id, colour_id);"
    "INSERT INTO meta (key, value) VALUES ('stock.ageing-days', '45') ON CONFLICT (key) DO NOTHING;");

  append_notify_triggers (sql, new_tables, G_N_ELEMENTS (new_tables));
  return crm_db_exec (db, sql->str, error);
}

/* Version 18: the public pool's walk per grade (migration 18 in crm-schema.c) */
static gboolean
pg_migration_18 (CrmDb   *db,
                 GError **error)
{
  return crm_db_exec (db,
                      "CREATE INDEX customer_pool_grade ON customer"
                      " (grade, (coalesce(last_contact_at, assigned_at, created_at)), id)",
                      error);
}

/* Schema versions after the baseline, one per version from
 * BASELINE_VERSION + 1 */
static const PgMigrationFunc pg_migrations[] = {
  pg_migration_12,
  pg_migration_13,
  pg_migration_14,
  pg_migration_15,
  pg_migration_16,
  pg_migration_17,
  pg_migration_18,
};
#define N_PG_MIGRATIONS G_N_ELEMENTS (pg_migrations)

G_STATIC_ASSERT (BASELINE_VERSION + N_PG_MIGRATIONS == CRM_STORE_SCHEMA_VERSION);

static gboolean
create_baseline (CrmDb    *db,
                 gpointer  user_data,
                 GError  **error)
{
  g_autofree char *notify_sql = notify_triggers_sql ();

  return crm_db_exec (db, baseline_sql, error) &&
         crm_db_exec (db, notify_sql, error) &&
         crm_db_set_schema_version (db, BASELINE_VERSION, error);
}

static gboolean
migrate_one (CrmDb    *db,
             gpointer  user_data,
             GError  **error)
{
  int version = GPOINTER_TO_INT (user_data);

  return pg_migrations[version - BASELINE_VERSION - 1] (db, error) &&
         crm_db_set_schema_version (db, version, error);
}

/**
 * crm_schema_pg_migrate:
 * @db: a connection to a PostgreSQL database
 * @from_version: its version: 0 for an empty database
 *
 * Creates the baseline in an empty database, then brings it to
 * CRM_STORE_SCHEMA_VERSION, each step in one transaction (PostgreSQL's
 * DDL is transactional: a failed step leaves the version before it).
 *
 * Returns: whether the database is at the current version
 */
gboolean
crm_schema_pg_migrate (CrmDb   *db,
                       int      from_version,
                       GError **error)
{
  return crm_schema_pg_migrate_to (db, from_version, CRM_STORE_SCHEMA_VERSION, error);
}

/* Up to @to_version only (at least the baseline's): the tests of a
 * migration start from the version before it */
gboolean
crm_schema_pg_migrate_to (CrmDb   *db,
                          int      from_version,
                          int      to_version,
                          GError **error)
{
  g_return_val_if_fail (to_version >= BASELINE_VERSION && to_version <= CRM_STORE_SCHEMA_VERSION, FALSE);

  if (from_version == 0)
    {
      if (!crm_db_write (db, create_baseline, NULL, error))
        return FALSE;
      from_version = BASELINE_VERSION;
    }

  for (int version = from_version + 1; version <= to_version; version++)
    if (!crm_db_write (db, migrate_one, GINT_TO_POINTER (version), error))
      return FALSE;

  return TRUE;
}
