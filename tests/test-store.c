/* test-store.c: the SQLite store, the customer list model, leads and the
 * demo showroom
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every test works on its own database in its own temporary folder, with a
 * fixed clock. Tests look at the file with sqlite3 directly where the store
 * has no API for what they check (schema version, journal mode, whether a
 * failed write left the file as it was).
 */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <sqlite3.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "crm-customer-list.h"
#include "crm-demo.h"
#include "crm-model-enum-types.h"
#include "crm-store-enum-types.h"
#include "crm-error.h"
#include "crm-leads.h"
#include "crm-pinyin.h"
#include "crm-store.h"

/* "SHOW": written by the test on purpose rather than taken from the
 * store's header, so a change of the constant is caught */
#define SHOWROOM_APPLICATION_ID 0x53484F57
#define CURRENT_SCHEMA_VERSION  CRM_STORE_SCHEMA_VERSION

#define HOUR (60 * 60)
#define DAY  (24 * HOUR)

/* 2026-11-24 10:00 in Guangzhou, set in main() */
static gint64 test_now;

/* ------------------------------------------------------------------------
 * Files and raw SQLite
 * ------------------------------------------------------------------------ */

static gint64
local_unix (int year,
            int month,
            int day,
            int hour,
            int minute)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Asia/Shanghai");
  g_autoptr(GDateTime) dt = NULL;

  g_assert_nonnull (tz);
  dt = g_date_time_new (tz, year, month, day, hour, minute, 0);
  g_assert_nonnull (dt);
  return g_date_time_to_unix (dt);
}

static void
rm_rf (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr(GDir) dir = NULL;
      const char *name;

      g_chmod (path, 0700);
      dir = g_dir_open (path, 0, NULL);
      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          rm_rf (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

static char *
file_checksum (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return g_strdup ("<missing>");
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

static sqlite3 *
raw_open (const char *path)
{
  sqlite3 *db = NULL;
  int rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);

  if (rc != SQLITE_OK)
    g_error ("Cannot open %s: %s", path, sqlite3_errstr (rc));
  sqlite3_busy_timeout (db, 5000);
  return db;
}

static void
raw_exec (sqlite3    *db,
          const char *sql)
{
  char *message = NULL;
  int rc = sqlite3_exec (db, sql, NULL, NULL, &message);

  if (rc != SQLITE_OK)
    g_error ("“%s” failed: %s", sql, message ? message : sqlite3_errstr (rc));
}

static gint64
raw_int (sqlite3    *db,
         const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;
  int rc;

  rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    g_error ("“%s” failed: %s", sql, sqlite3_errmsg (db));
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    g_error ("“%s” returned no row: %s", sql, sqlite3_errmsg (db));
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

/* All rows of a query, columns joined by '|', rows by '\n' */
static char *
raw_rows (sqlite3    *db,
          const char *sql)
{
  g_autoptr(GString) out = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    g_error ("“%s” failed: %s", sql, sqlite3_errmsg (db));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      for (int i = 0; i < sqlite3_column_count (stmt); i++)
        {
          const char *text = (const char *) sqlite3_column_text (stmt, i);

          if (i > 0)
            g_string_append_c (out, '|');
          g_string_append (out, text ? text : "NULL");
        }
      g_string_append_c (out, '\n');
    }
  g_assert_cmpint (rc, ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gint64
file_int (const char *path,
          const char *sql)
{
  sqlite3 *db = raw_open (path);
  gint64 value = raw_int (db, sql);

  sqlite3_close (db);
  return value;
}

static char *
file_rows (const char *path,
           const char *sql)
{
  sqlite3 *db = raw_open (path);
  char *rows = raw_rows (db, sql);

  sqlite3_close (db);
  return rows;
}

/* Moves everything committed from the WAL into the database file, so the
 * file's checksum says whether anything was committed since. */
static char *
db_fingerprint (const char *path)
{
  sqlite3 *db = raw_open (path);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA wal_checkpoint(TRUNCATE)", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  /* busy = 0: the checkpoint ran to the end */
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return file_checksum (path);
}

/* ------------------------------------------------------------------------
 * Fixture
 * ------------------------------------------------------------------------ */

typedef struct
{
  CrmEntity entity;
  gint64    id;
} Change;

typedef struct
{
  char     *dir;
  char     *path;
  CrmClock *clock;
  CrmStore *store;
  GArray   *changes;   /* Change */
  gulong    changed_id;

  /* The showroom of setup_showroom () */
  gint64    manager;   /* 刘经理 */
  gint64    sales1;    /* 李娜 */
  gint64    sales2;    /* 王丽 */
  gint64    reception; /* 吴佳怡 */
  gint64    model1;    /* 凯美瑞 2.0G 豪华版 */
  gint64    model2;    /* 雷凌 1.5L CVT 进取版 */
} Fixture;

static void
on_store_changed_cb (CrmStore  *store,
                     CrmEntity  entity,
                     gint64     id,
                     gpointer   user_data)
{
  Fixture *f = user_data;
  Change change = { entity, id };

  g_array_append_val (f->changes, change);
}

static void
fixture_open_store (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (f->store);
  f->store = crm_store_open (f->path, f->clock, &error);
  g_assert_no_error (error);
  g_assert_true (CRM_IS_STORE (f->store));
  f->changed_id = g_signal_connect (f->store, "changed", G_CALLBACK (on_store_changed_cb), f);
}

static void
fixture_close_store (Fixture *f)
{
  if (f->store == NULL)
    return;

  g_clear_signal_handler (&f->changed_id, f->store);
  g_object_add_weak_pointer (G_OBJECT (f->store), (gpointer *) &f->store);
  g_object_unref (f->store);

  /* A worker thread of an async query may still drop its reference */
  for (guint i = 0; f->store != NULL && i < 500; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      if (f->store != NULL)
        g_usleep (10 * 1000);
    }
  g_assert_null (f->store);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("showroom-test-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "showroom.db", NULL);
  f->clock = crm_clock_new_fixed (test_now);
  f->changes = g_array_new (FALSE, FALSE, sizeof (Change));
}

static void
fixture_setup_open (Fixture       *f,
                    gconstpointer  data)
{
  fixture_setup (f, data);
  fixture_open_store (f);
}

static gint64 add_staff (CrmStore *store, const char *name, CrmRole role, gboolean active);
static gint64 add_model (CrmStore *store, const char *series, const char *trim, gint64 price);

/* A showroom with four staff and two models */
static void
fixture_setup_showroom (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GPtrArray) staff = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  const char *names[] = { "刘经理", "李娜", "王丽", "吴佳怡" };
  const CrmRole roles[] = { CRM_ROLE_MANAGER, CRM_ROLE_SALES, CRM_ROLE_SALES, CRM_ROLE_RECEPTION };

  fixture_setup_open (f, data);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      CrmStaff *member = crm_staff_new ();

      crm_staff_set_name (member, names[i]);
      crm_staff_set_role (member, roles[i]);
      g_ptr_array_add (staff, member);
    }

  g_assert_true (crm_store_setup_showroom (f->store, "天河展厅", staff, &error));
  g_assert_no_error (error);

  f->manager = crm_staff_get_id (g_ptr_array_index (staff, 0));
  f->sales1 = crm_staff_get_id (g_ptr_array_index (staff, 1));
  f->sales2 = crm_staff_get_id (g_ptr_array_index (staff, 2));
  f->reception = crm_staff_get_id (g_ptr_array_index (staff, 3));
  g_assert_cmpint (f->manager, >, 0);

  f->model1 = add_model (f->store, "凯美瑞", "2.0G 豪华版", 17980000);
  f->model2 = add_model (f->store, "雷凌", "1.5L CVT 进取版", 11380000);

  g_array_set_size (f->changes, 0);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  fixture_close_store (f);
  g_clear_object (&f->clock);
  g_clear_pointer (&f->changes, g_array_unref);
  rm_rf (f->dir);
  g_assert_false (g_file_test (f->dir, G_FILE_TEST_EXISTS));
  g_free (f->dir);
  g_free (f->path);
}

/* ------------------------------------------------------------------------
 * Helpers
 * ------------------------------------------------------------------------ */

static gint64
add_staff (CrmStore   *store,
           const char *name,
           CrmRole     role,
           gboolean    active)
{
  g_autoptr(CrmStaff) staff = crm_staff_new ();
  g_autoptr(GError) error = NULL;
  gint64 id;

  crm_staff_set_name (staff, name);
  crm_staff_set_role (staff, role);
  crm_staff_set_active (staff, active);
  id = crm_store_insert_staff (store, staff, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (crm_staff_get_id (staff), ==, id);
  return id;
}

static gint64
add_model (CrmStore   *store,
           const char *series,
           const char *trim,
           gint64      price)
{
  g_autoptr(CrmVehicleModel) model = crm_vehicle_model_new ();
  g_autoptr(GError) error = NULL;
  gint64 id;

  crm_vehicle_model_set_brand (model, "广汽丰田");
  crm_vehicle_model_set_series (model, series);
  crm_vehicle_model_set_trim (model, trim);
  crm_vehicle_model_set_guide_price (model, price);
  id = crm_store_insert_vehicle_model (store, model, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static CrmCustomer *
make_customer (const char *name,
               const char *phone,
               const char *wechat)
{
  CrmCustomer *customer = crm_customer_new ();

  crm_customer_set_name (customer, name);
  if (phone != NULL)
    {
      const char *phones[] = { phone, NULL };
      crm_customer_set_phones (customer, phones);
    }
  crm_customer_set_wechat (customer, wechat);
  return customer;
}

static gint64
add_customer (CrmStore   *store,
              const char *name,
              const char *phone,
              const char *wechat)
{
  g_autoptr(CrmCustomer) customer = make_customer (name, phone, wechat);
  g_autoptr(GError) error = NULL;
  gint64 id;

  id = crm_store_insert_customer (store, customer, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static gint64
add_activity (CrmStore *store,
              gint64    customer_id,
              gint64    planned_at,
              gint64    done_at)
{
  g_autoptr(CrmActivity) activity = crm_activity_new ();
  g_autoptr(GError) error = NULL;
  gint64 id;

  crm_activity_set_customer_id (activity, customer_id);
  crm_activity_set_kind (activity, CRM_ACTIVITY_CALL);
  crm_activity_set_planned_at (activity, planned_at);
  crm_activity_set_done_at (activity, done_at);
  id = crm_store_insert_activity (store, activity, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static CrmCustomer *
get_customer (CrmStore *store,
              gint64    id)
{
  g_autoptr(GError) error = NULL;
  CrmCustomer *customer = crm_store_get_customer (store, id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (customer);
  return customer;
}

static void
assert_customer_missing (CrmStore *store,
                         gint64    id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmCustomer) customer = crm_store_get_customer (store, id, &error);

  g_assert_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND);
  g_assert_null (customer);
}

static char *
model_ids_to_string (GVariant *ids)
{
  g_autoptr(GString) out = g_string_new (NULL);
  gsize n = 0;
  const gint64 *values;

  g_assert_nonnull (ids);
  g_assert_true (g_variant_is_of_type (ids, G_VARIANT_TYPE ("ax")));
  values = g_variant_get_fixed_array (ids, &n, sizeof (gint64));
  for (gsize i = 0; i < n; i++)
    g_string_append_printf (out, "%s%" G_GINT64_FORMAT, i ? " " : "", values[i]);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
strv_to_string (const char * const *strv)
{
  g_assert_nonnull (strv);
  return g_strjoinv ("|", (char **) strv);
}

static void
assert_customer_equal (CrmCustomer *a,
                       CrmCustomer *b)
{
  g_autofree char *phones_a = strv_to_string (crm_customer_get_phones (a));
  g_autofree char *phones_b = strv_to_string (crm_customer_get_phones (b));
  g_autofree char *tags_a = strv_to_string (crm_customer_get_tags (a));
  g_autofree char *tags_b = strv_to_string (crm_customer_get_tags (b));
  g_autofree char *models_a = model_ids_to_string (crm_customer_get_model_ids (a));
  g_autofree char *models_b = model_ids_to_string (crm_customer_get_model_ids (b));

  g_assert_cmpint (crm_customer_get_id (a), ==, crm_customer_get_id (b));
  g_assert_cmpstr (crm_customer_get_name (a), ==, crm_customer_get_name (b));
  g_assert_cmpstr (phones_a, ==, phones_b);
  g_assert_cmpstr (crm_customer_get_wechat (a), ==, crm_customer_get_wechat (b));
  g_assert_cmpint (crm_customer_get_gender (a), ==, crm_customer_get_gender (b));
  g_assert_cmpstr (crm_customer_get_city (a), ==, crm_customer_get_city (b));
  g_assert_cmpint (crm_customer_get_channel (a), ==, crm_customer_get_channel (b));
  g_assert_cmpint (crm_customer_get_grade (a), ==, crm_customer_get_grade (b));
  g_assert_cmpint (crm_customer_get_budget_min (a), ==, crm_customer_get_budget_min (b));
  g_assert_cmpint (crm_customer_get_budget_max (a), ==, crm_customer_get_budget_max (b));
  g_assert_cmpint (crm_customer_get_timeframe (a), ==, crm_customer_get_timeframe (b));
  g_assert_cmpstr (tags_a, ==, tags_b);
  g_assert_cmpstr (models_a, ==, models_b);
  g_assert_cmpstr (crm_customer_get_models_label (a), ==, crm_customer_get_models_label (b));
  g_assert_cmpint (crm_customer_get_owner_id (a), ==, crm_customer_get_owner_id (b));
  g_assert_cmpstr (crm_customer_get_owner_name (a), ==, crm_customer_get_owner_name (b));
  g_assert_cmpstr (crm_customer_get_birthday (a), ==, crm_customer_get_birthday (b));
  g_assert_cmpstr (crm_customer_get_notes (a), ==, crm_customer_get_notes (b));
  g_assert_cmpint (crm_customer_get_created_at (a), ==, crm_customer_get_created_at (b));
  g_assert_cmpint (crm_customer_get_updated_at (a), ==, crm_customer_get_updated_at (b));
  g_assert_cmpint (crm_customer_get_last_contact_at (a), ==, crm_customer_get_last_contact_at (b));
  g_assert_cmpint (crm_customer_get_next_followup_at (a), ==, crm_customer_get_next_followup_at (b));
}

/* The changes announced since the last call, as "entity:id" words sorted by
 * entity then id (the store does not promise an order within a commit) */
static int
compare_changes (gconstpointer a,
                 gconstpointer b)
{
  const Change *ca = a;
  const Change *cb = b;

  if (ca->entity != cb->entity)
    return ca->entity < cb->entity ? -1 : 1;
  return ca->id < cb->id ? -1 : ca->id > cb->id;
}

static void expect_changes (Fixture *f, const char *format, ...) G_GNUC_PRINTF (2, 3);

static void
expect_changes (Fixture    *f,
                const char *format,
                ...)
{
  g_autoptr(GString) got = g_string_new (NULL);
  g_autofree char *expected = NULL;
  va_list args;

  va_start (args, format);
  expected = g_strdup_vprintf (format, args);
  va_end (args);

  g_array_sort (f->changes, compare_changes);
  for (guint i = 0; i < f->changes->len; i++)
    {
      Change *c = &g_array_index (f->changes, Change, i);

      g_string_append_printf (got, "%s%s:%" G_GINT64_FORMAT, i ? " " : "",
                              crm_enum_to_code (CRM_TYPE_ENTITY, c->entity), c->id);
    }
  g_array_set_size (f->changes, 0);

  g_assert_cmpstr (got->str, ==, expected);
}

static char *
ids_to_string (GArray *ids)
{
  g_autoptr(GString) out = g_string_new (NULL);

  g_assert_nonnull (ids);
  for (guint i = 0; i < ids->len; i++)
    g_string_append_printf (out, "%s%" G_GINT64_FORMAT, i ? " " : "", g_array_index (ids, gint64, i));
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
ids_of (const gint64 *ids,
        gsize         n)
{
  g_autoptr(GArray) array = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_array_append_vals (array, ids, n);
  return ids_to_string (array);
}

/* assert_ids (GArray *got, id, id, …): exactly these ids in this order */
#define assert_ids(got, ...)                                                \
  G_STMT_START {                                                            \
    const gint64 expected_[] = { __VA_ARGS__ };                             \
    g_autofree char *got_str_ = ids_to_string (got);                        \
    g_autofree char *expected_str_ = ids_of (expected_, G_N_ELEMENTS (expected_)); \
    g_assert_cmpstr (got_str_, ==, expected_str_);                          \
  } G_STMT_END

static GArray *
query_ids (CrmStore        *store,
           const char      *search,
           int              grade,
           int              channel,
           gint64           owner_id,
           CrmCustomerSort  sort,
           gboolean         descending)
{
  g_autoptr(GError) error = NULL;
  CrmCustomerQuery query;
  GArray *ids;

  crm_customer_query_init (&query);
  query.search = g_strdup (search);
  query.grade = grade;
  query.channel = channel;
  query.owner_id = owner_id;
  query.sort = sort;
  query.descending = descending;
  ids = crm_store_query_customer_ids (store, &query, NULL, &error);
  crm_customer_query_clear (&query);
  g_assert_no_error (error);
  g_assert_nonnull (ids);
  return ids;
}

static GArray *
search_ids (CrmStore   *store,
            const char *search)
{
  return query_ids (store, search, -1, -1, -1, CRM_CUSTOMER_SORT_NAME, FALSE);
}

/* ------------------------------------------------------------------------
 * Opening
 * ------------------------------------------------------------------------ */

static void
test_open_new (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *journal = NULL;
  g_autofree char *tables = NULL;
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);

  g_assert_false (g_file_test (f->path, G_FILE_TEST_EXISTS));
  fixture_open_store (f);
  g_assert_true (g_file_test (f->path, G_FILE_TEST_IS_REGULAR));

  g_assert_cmpstr (crm_store_get_path (f->store), ==, f->path);
  g_assert_true (crm_store_get_clock (f->store) == f->clock);
  g_assert_null (crm_store_get_backup_path (f->store));
  g_assert_true (crm_store_needs_setup (f->store));
  g_assert_false (crm_store_is_demo (f->store));
  g_assert_cmpint (crm_store_count_customers (f->store), ==, 0);

  /* Looked at by another connection while the store is open */
  g_assert_cmpint (file_int (f->path, "PRAGMA user_version"), ==, CURRENT_SCHEMA_VERSION);
  g_assert_cmpint (file_int (f->path, "PRAGMA application_id"), ==, SHOWROOM_APPLICATION_ID);
  journal = file_rows (f->path, "PRAGMA journal_mode");
  g_assert_cmpstr (journal, ==, "wal\n");
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));

  /* Every table of the foundation is there (later features add more) */
  tables = file_rows (f->path,
                      "SELECT group_concat(name, ' ') FROM (SELECT name FROM sqlite_schema"
                      " WHERE type = 'table' AND name IN ('activity', 'customer', 'customer_model',"
                      " 'customer_phone', 'deal', 'meta', 'staff', 'stage', 'stage_history',"
                      " 'vehicle_model', 'stage_rule', 'lost_request', 'escalation', 'vehicle', 'test_drive') ORDER BY name)");
  g_assert_cmpstr (tables, ==,
                   "activity customer customer_model customer_phone deal escalation lost_request meta "
                   "staff stage stage_history stage_rule test_drive vehicle vehicle_model\n");
  g_assert_cmpint (file_int (f->path, "SELECT count(*) FROM stage"), ==, 9);
  g_assert_cmpint (file_int (f->path,
                             "SELECT count(*) FROM pragma_table_info('customer')"
                             " WHERE name IN ('search_key', 'sort_key', 'last_contact_at', 'next_followup_at')"),
                   ==, 4);

  /* Opening it again neither migrates nor keeps a copy */
  fixture_close_store (f);
  fixture_open_store (f);
  g_assert_null (crm_store_get_backup_path (f->store));
  g_assert_cmpint (file_int (f->path, "PRAGMA user_version"), ==, CURRENT_SCHEMA_VERSION);
}

static void
test_open_creates_folder (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmStore) store = NULL;
  g_autofree char *path = g_build_filename (f->dir, "a", "b", "showroom.db", NULL);

  store = crm_store_open (path, f->clock, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_clear_object (&store);
  g_assert_cmpint (file_int (path, "PRAGMA user_version"), ==, CURRENT_SCHEMA_VERSION);
}

static void
test_open_empty_file (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (f->path, "", 0, &error));
  g_assert_no_error (error);

  fixture_open_store (f);
  g_assert_true (crm_store_needs_setup (f->store));
  g_assert_cmpint (file_int (f->path, "PRAGMA user_version"), ==, CURRENT_SCHEMA_VERSION);
  g_assert_cmpint (file_int (f->path, "PRAGMA application_id"), ==, SHOWROOM_APPLICATION_ID);
}

static void
assert_no_sidecar_files (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autofree char *journal = g_strconcat (path, "-journal", NULL);

  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (shm, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (journal, G_FILE_TEST_EXISTS));
}

static void
test_open_not_a_database (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmStore) store = NULL;
  g_autofree char *contents = NULL;

  g_assert_true (g_file_set_contents (f->path, "hello", -1, NULL));

  store = crm_store_open (f->path, f->clock, &error);
  g_assert_error (error, CRM_ERROR, CRM_ERROR_NOT_A_DATABASE);
  g_assert_null (store);

  g_assert_true (g_file_get_contents (f->path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "hello");
  assert_no_sidecar_files (f->path);
}

static void
test_open_other_program (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmStore) store = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *other = g_build_filename (f->dir, "other.db", NULL);
  sqlite3 *db;

  /* Some program's notes: an ordinary SQLite file */
  db = raw_open (f->path);
  raw_exec (db, "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT);"
                "INSERT INTO notes (text) VALUES ('买菜'), ('交电费');");
  sqlite3_close (db);
  before = file_checksum (f->path);

  store = crm_store_open (f->path, f->clock, &error);
  g_assert_error (error, CRM_ERROR, CRM_ERROR_NOT_A_DATABASE);
  g_assert_null (store);
  after = file_checksum (f->path);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpint (file_int (f->path, "SELECT count(*) FROM notes"), ==, 2);
  g_assert_cmpint (file_int (f->path, "PRAGMA user_version"), ==, 0);

  /* A program that marks its files with its own application id, no tables */
  g_clear_error (&error);
  g_clear_pointer (&before, g_free);
  g_clear_pointer (&after, g_free);
  db = raw_open (other);
  raw_exec (db, "PRAGMA application_id = 1196444237; PRAGMA user_version = 3;");
  sqlite3_close (db);
  before = file_checksum (other);

  store = crm_store_open (other, f->clock, &error);
  g_assert_error (error, CRM_ERROR, CRM_ERROR_NOT_A_DATABASE);
  g_assert_null (store);
  after = file_checksum (other);
  g_assert_cmpstr (after, ==, before);
}

static void
test_open_too_new (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmStore) store = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  sqlite3 *db;

  fixture_open_store (f);
  add_staff (f->store, "刘经理", CRM_ROLE_MANAGER, TRUE);
  fixture_close_store (f);

  /* What a future Showroom would leave behind */
  db = raw_open (f->path);
  raw_exec (db, "PRAGMA user_version = 99;");
  sqlite3_close (db);
  g_assert_cmpint (file_int (f->path, "PRAGMA user_version"), ==, 99);
  before = file_checksum (f->path);

  store = crm_store_open (f->path, f->clock, &error);
  g_assert_error (error, CRM_ERROR, CRM_ERROR_TOO_NEW);
  g_assert_null (store);

  after = file_checksum (f->path);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpint (file_int (f->path, "PRAGMA user_version"), ==, 99);
  g_assert_cmpint (file_int (f->path, "SELECT count(*) FROM staff"), ==, 1);
}

static void
test_open_locked (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmStore) store = NULL;
  g_autofree char *fixture_sql = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 start, elapsed;
  sqlite3 *other;

  /* A Showroom database as an older version left it (rollback journal):
   * another program holding it exclusively keeps even readers out */
  g_assert_true (g_file_get_contents (g_test_get_filename (G_TEST_DIST, "data", "showroom-v1.sql", NULL),
                                      &fixture_sql, NULL, NULL));
  other = raw_open (f->path);
  raw_exec (other, fixture_sql);
  before = file_checksum (f->path);

  raw_exec (other, "BEGIN EXCLUSIVE; INSERT INTO meta (key, value) VALUES ('held', 'by other');");

  start = g_get_monotonic_time ();
  store = crm_store_open_full (f->path, f->clock, 100, &error);
  elapsed = g_get_monotonic_time () - start;
  g_assert_error (error, CRM_ERROR, CRM_ERROR_LOCKED);
  g_assert_null (store);
  /* The busy timeout given was used, not the default of seconds */
  g_assert_cmpint (elapsed, <, 3 * G_USEC_PER_SEC);

  raw_exec (other, "ROLLBACK;");
  sqlite3_close (other);

  after = file_checksum (f->path);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpint (file_int (f->path, "PRAGMA user_version"), ==, 1);

  /* Once the other program lets go, the same file opens and upgrades */
  g_clear_error (&error);
  store = crm_store_open_full (f->path, f->clock, 100, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_cmpint (crm_store_count_customers (store), ==, 5);
}

static void
test_open_locked_wal (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmCustomer) customer = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  sqlite3 *other;

  /* A current Showroom database is in WAL mode: another program holding
   * the write lock does not keep readers out, so the store opens and shows
   * what is there; its first write waits busy_timeout_ms and then fails
   * with LOCKED, changing nothing. */
  fixture_open_store (f);
  add_customer (f->store, "张三", "13800138000", NULL);
  fixture_close_store (f);
  before = file_checksum (f->path);

  other = raw_open (f->path);
  raw_exec (other, "BEGIN EXCLUSIVE; INSERT INTO meta (key, value) VALUES ('held', 'by other');");

  f->store = crm_store_open_full (f->path, f->clock, 100, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->store);
  g_assert_null (crm_store_get_backup_path (f->store));
  g_assert_cmpint (crm_store_count_customers (f->store), ==, 1);

  customer = make_customer ("李四", "13912345678", NULL);
  g_assert_cmpint (crm_store_insert_customer (f->store, customer, &error), ==, 0);
  g_assert_error (error, CRM_ERROR, CRM_ERROR_LOCKED);

  raw_exec (other, "ROLLBACK;");
  sqlite3_close (other);
  fixture_close_store (f);
  after = file_checksum (f->path);
  g_assert_cmpstr (after, ==, before);
}

static void
test_write_locked (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmCustomer) customer = NULL;
  g_autoptr(CrmCustomer) stored = NULL;
  g_autoptr(CrmCustomer) edited = NULL;
  g_autoptr(CrmCustomer) after = NULL;
  g_autofree char *before_sum = NULL;
  g_autofree char *after_sum = NULL;
  gint64 id;
  sqlite3 *other;

  f->store = crm_store_open_full (f->path, f->clock, 100, &error);
  g_assert_no_error (error);
  f->changed_id = g_signal_connect (f->store, "changed", G_CALLBACK (on_store_changed_cb), f);
  id = add_customer (f->store, "张三", "13800138000", NULL);
  stored = get_customer (f->store, id);
  g_array_set_size (f->changes, 0);
  before_sum = db_fingerprint (f->path);

  other = raw_open (f->path);
  raw_exec (other, "BEGIN EXCLUSIVE; INSERT INTO meta (key, value) VALUES ('held', 'by other');");

  /* Reading still works (WAL) */
  g_assert_cmpint (crm_store_count_customers (f->store), ==, 1);

  customer = make_customer ("李四", "13912345678", NULL);
  g_assert_cmpint (crm_store_insert_customer (f->store, customer, &error), ==, 0);
  g_assert_error (error, CRM_ERROR, CRM_ERROR_LOCKED);
  g_assert_cmpint (crm_customer_get_id (customer), ==, 0);
  g_clear_error (&error);

  edited = crm_customer_copy (stored);
  crm_customer_set_name (edited, "张三丰");
  g_assert_false (crm_store_update_customer (f->store, edited, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_LOCKED);
  g_clear_error (&error);

  g_assert_false (crm_store_delete_customer (f->store, id, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_LOCKED);
  g_clear_error (&error);

  g_assert_false (crm_store_begin (f->store, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_LOCKED);
  g_clear_error (&error);

  raw_exec (other, "ROLLBACK;");
  sqlite3_close (other);

  /* Nothing half-written, nothing announced */
  expect_changes (f, "%s", "");
  after_sum = db_fingerprint (f->path);
  g_assert_cmpstr (after_sum, ==, before_sum);
  g_assert_cmpint (crm_store_count_customers (f->store), ==, 1);
  after = get_customer (f->store, id);
  assert_customer_equal (after, stored);

  /* The store was not left inside a transaction: the same insert works now */
  id = crm_store_insert_customer (f->store, customer, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  expect_changes (f, "customer:%" G_GINT64_FORMAT, id);
  g_assert_cmpint (crm_store_count_customers (f->store), ==, 2);
}

static void
test_open_read_only (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmStore) store = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  fixture_open_store (f);
  add_staff (f->store, "刘经理", CRM_ROLE_MANAGER, TRUE);
  fixture_close_store (f);
  before = file_checksum (f->path);

  g_assert_cmpint (g_chmod (f->path, 0444), ==, 0);
  g_assert_cmpint (g_chmod (f->dir, 0555), ==, 0);

  if (g_access (f->path, W_OK) == 0 || g_access (f->dir, W_OK) == 0)
    {
      g_chmod (f->dir, 0700);
      g_chmod (f->path, 0600);
      g_test_skip ("Running as root (or with CAP_DAC_OVERRIDE): file permissions do not stop "
                   "writes, so a read-only database cannot be made with chmod");
      return;
    }

  store = crm_store_open (f->path, f->clock, &error);
  g_assert_error (error, CRM_ERROR, CRM_ERROR_READ_ONLY);
  g_assert_null (store);

  g_chmod (f->dir, 0700);
  g_chmod (f->path, 0600);
  after = file_checksum (f->path);
  g_assert_cmpstr (after, ==, before);
}

/* ------------------------------------------------------------------------
 * The showroom and its staff
 * ------------------------------------------------------------------------ */

static GPtrArray *
make_staff_list (const char *first, ...) G_GNUC_NULL_TERMINATED;

/* make_staff_list (name, role, name, role, …, NULL) */
static GPtrArray *
make_staff_list (const char *first,
                 ...)
{
  GPtrArray *staff = g_ptr_array_new_with_free_func (g_object_unref);
  va_list args;

  va_start (args, first);
  for (const char *name = first; name != NULL; name = va_arg (args, const char *))
    {
      CrmStaff *member = crm_staff_new ();

      crm_staff_set_name (member, name);
      crm_staff_set_role (member, va_arg (args, int));
      g_ptr_array_add (staff, member);
    }
  va_end (args);
  return staff;
}

static void
test_setup_showroom (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) staff = NULL;
  g_autoptr(GPtrArray) no_manager = NULL;
  g_autoptr(GPtrArray) bad_name = NULL;
  g_autoptr(GListModel) list = NULL;
  g_autoptr(CrmStaff) got = NULL;
  g_autofree char *name = NULL;
  g_autofree char *before = db_fingerprint (f->path);
  g_autofree char *after = NULL;
  const char *expected_order[] = { "刘经理", "李娜", "王丽", "吴佳怡" };
  gint64 ids[4];

  staff = make_staff_list ("王丽", CRM_ROLE_SALES, "吴佳怡", CRM_ROLE_RECEPTION,
                           "  刘经理 ", CRM_ROLE_MANAGER, "李娜", CRM_ROLE_SALES, NULL);
  no_manager = make_staff_list ("王丽", CRM_ROLE_SALES, "吴佳怡", CRM_ROLE_RECEPTION, NULL);
  bad_name = make_staff_list ("刘经理", CRM_ROLE_MANAGER, "  ", CRM_ROLE_SALES, NULL);

  /* Refused: no name, a blank name, no manager, a staff member without name */
  g_assert_false (crm_store_setup_showroom (f->store, "", staff, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (crm_store_setup_showroom (f->store, NULL, staff, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (crm_store_setup_showroom (f->store, " \t ", staff, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (crm_store_setup_showroom (f->store, "天河展厅", no_manager, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (crm_store_setup_showroom (f->store, "天河展厅", bad_name, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  /* … and nothing of them was written: not the name, not the manager that
   * came before the nameless one */
  g_assert_true (crm_store_needs_setup (f->store));
  list = crm_store_list_staff (f->store, FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 0);
  g_clear_object (&list);
  expect_changes (f, "%s", "");
  after = db_fingerprint (f->path);
  g_assert_cmpstr (after, ==, before);
  for (guint i = 0; i < no_manager->len; i++)
    g_assert_cmpint (crm_staff_get_id (g_ptr_array_index (no_manager, i)), ==, 0);

  g_assert_true (crm_store_setup_showroom (f->store, "  天河展厅  ", staff, &error));
  g_assert_no_error (error);
  g_assert_false (crm_store_needs_setup (f->store));
  g_assert_false (crm_store_is_demo (f->store));
  name = crm_store_dup_showroom_name (f->store);
  g_assert_cmpstr (name, ==, "天河展厅");

  for (guint i = 0; i < staff->len; i++)
    {
      ids[i] = crm_staff_get_id (g_ptr_array_index (staff, i));
      g_assert_cmpint (ids[i], >, 0);
      for (guint j = 0; j < i; j++)
        g_assert_cmpint (ids[i], !=, ids[j]);
    }
  /* The name as stored, trimmed */
  g_assert_cmpstr (crm_staff_get_name (g_ptr_array_index (staff, 2)), ==, "刘经理");
  expect_changes (f, "showroom:0 staff:%" G_GINT64_FORMAT " staff:%" G_GINT64_FORMAT
                  " staff:%" G_GINT64_FORMAT " staff:%" G_GINT64_FORMAT,
                  ids[0], ids[1], ids[2], ids[3]);

  got = crm_store_get_staff (f->store, ids[2], &error);
  g_assert_no_error (error);
  g_assert_cmpint (crm_staff_get_id (got), ==, ids[2]);
  g_assert_cmpstr (crm_staff_get_name (got), ==, "刘经理");
  g_assert_cmpint (crm_staff_get_role (got), ==, CRM_ROLE_MANAGER);
  g_assert_true (crm_staff_get_active (got));
  g_clear_object (&got);

  got = crm_store_get_staff (f->store, 4242, &error);
  g_assert_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND);
  g_assert_null (got);
  g_clear_error (&error);

  /* Managers first, then sales, then reception */
  list = crm_store_list_staff (f->store, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 4);
  g_assert_true (g_list_model_get_item_type (list) == CRM_TYPE_STAFF);
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(CrmStaff) member = g_list_model_get_item (list, i);
      g_assert_cmpstr (crm_staff_get_name (member), ==, expected_order[i]);
    }
  g_clear_object (&list);
}

static void
test_staff (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmStaff) blank = crm_staff_new ();
  g_autoptr(CrmStaff) got = NULL;
  g_autoptr(GListModel) active = NULL;
  g_autoptr(GListModel) all = NULL;
  g_autoptr(CrmCustomer) customer = NULL;
  gint64 left;

  crm_staff_set_name (blank, "   ");
  g_assert_cmpint (crm_store_insert_staff (f->store, blank, &error), ==, 0);
  g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
  g_assert_cmpint (crm_staff_get_id (blank), ==, 0);
  g_clear_error (&error);
  expect_changes (f, "%s", "");

  left = add_staff (f->store, "赵磊", CRM_ROLE_SALES, FALSE);
  expect_changes (f, "staff:%" G_GINT64_FORMAT, left);

  got = crm_store_get_staff (f->store, left, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (crm_staff_get_name (got), ==, "赵磊");
  g_assert_cmpint (crm_staff_get_role (got), ==, CRM_ROLE_SALES);
  g_assert_false (crm_staff_get_active (got));

  active = crm_store_list_staff (f->store, TRUE);
  all = crm_store_list_staff (f->store, FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (active), ==, 4);
  g_assert_cmpuint (g_list_model_get_n_items (all), ==, 5);

  /* Staff who left can no longer be given customers */
  customer = make_customer ("张三", "13800138000", NULL);
  crm_customer_set_owner_id (customer, left);
  g_assert_cmpint (crm_store_insert_customer (f->store, customer, &error), ==, 0);
  g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
  g_assert_cmpint (crm_store_count_customers (f->store), ==, 0);
}

/* ------------------------------------------------------------------------
 * Customers
 * ------------------------------------------------------------------------ */

static void
test_customer_round_trip (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmCustomer) customer = crm_customer_new ();
  g_autoptr(CrmCustomer) got = NULL;
  g_autoptr(CrmCustomer) imported = NULL;
  g_autoptr(CrmCustomer) imported_got = NULL;
  g_autofree char *phones = NULL;
  g_autofree char *tags = NULL;
  g_autofree char *models = NULL;
  /* Typed every which way; the last one is the second again */
  const char *typed_phones[] = { "+86 138-0013-8000", "", "(010) 6552 9988", "010-65529988", NULL };
  const char *in_tags[] = { "SUV", "混动", "七座", NULL };
  gint64 model_ids[] = { f->model1, f->model2 };
  gint64 id;

  crm_customer_set_name (customer, "  张三  ");
  crm_customer_set_phones (customer, typed_phones);
  crm_customer_set_wechat (customer, "ZhangSan_1985");
  crm_customer_set_gender (customer, CRM_GENDER_MALE);
  crm_customer_set_city (customer, "广州");
  crm_customer_set_channel (customer, CRM_CHANNEL_DONGCHEDI);
  crm_customer_set_grade (customer, CRM_GRADE_A);
  crm_customer_set_budget_min (customer, 15000000);
  crm_customer_set_budget_max (customer, 20000000);
  crm_customer_set_timeframe (customer, CRM_TIMEFRAME_FORTNIGHT);
  crm_customer_set_tags (customer, in_tags);
  crm_customer_set_model_ids (customer, g_variant_new_fixed_array (G_VARIANT_TYPE_INT64, model_ids, 2,
                                                                   sizeof (gint64)));
  crm_customer_set_owner_id (customer, f->sales1);
  crm_customer_set_birthday (customer, "1985-03-12");
  crm_customer_set_notes (customer, "周末来看车\n带家人一起");

  id = crm_store_insert_customer (f->store, customer, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  expect_changes (f, "customer:%" G_GINT64_FORMAT, id);

  /* The object handed in learns what was stored */
  g_assert_cmpint (crm_customer_get_id (customer), ==, id);
  g_assert_cmpstr (crm_customer_get_name (customer), ==, "张三");
  phones = strv_to_string (crm_customer_get_phones (customer));
  g_assert_cmpstr (phones, ==, "13800138000|01065529988");
  g_assert_cmpint (crm_customer_get_created_at (customer), ==, test_now);
  g_assert_cmpint (crm_customer_get_updated_at (customer), ==, test_now);
  g_clear_pointer (&phones, g_free);

  got = get_customer (f->store, id);
  g_assert_cmpint (crm_customer_get_id (got), ==, id);
  g_assert_cmpstr (crm_customer_get_name (got), ==, "张三");
  phones = strv_to_string (crm_customer_get_phones (got));
  g_assert_cmpstr (phones, ==, "13800138000|01065529988");
  g_assert_cmpstr (crm_customer_get_phone (got), ==, "13800138000");
  g_assert_cmpstr (crm_customer_get_wechat (got), ==, "ZhangSan_1985");
  g_assert_cmpint (crm_customer_get_gender (got), ==, CRM_GENDER_MALE);
  g_assert_cmpstr (crm_customer_get_city (got), ==, "广州");
  g_assert_cmpint (crm_customer_get_channel (got), ==, CRM_CHANNEL_DONGCHEDI);
  g_assert_cmpint (crm_customer_get_grade (got), ==, CRM_GRADE_A);
  g_assert_cmpint (crm_customer_get_budget_min (got), ==, 15000000);
  g_assert_cmpint (crm_customer_get_budget_max (got), ==, 20000000);
  g_assert_cmpint (crm_customer_get_timeframe (got), ==, CRM_TIMEFRAME_FORTNIGHT);
  tags = strv_to_string (crm_customer_get_tags (got));
  g_assert_cmpstr (tags, ==, "SUV|混动|七座");
  models = model_ids_to_string (crm_customer_get_model_ids (got));
  {
    g_autofree char *expected = g_strdup_printf ("%" G_GINT64_FORMAT " %" G_GINT64_FORMAT,
                                                 f->model1, f->model2);
    g_assert_cmpstr (models, ==, expected);
  }
  g_assert_cmpstr (crm_customer_get_models_label (got), ==, "凯美瑞, 雷凌");
  g_assert_cmpint (crm_customer_get_owner_id (got), ==, f->sales1);
  g_assert_cmpstr (crm_customer_get_owner_name (got), ==, "李娜");
  g_assert_cmpstr (crm_customer_get_birthday (got), ==, "1985-03-12");
  g_assert_cmpstr (crm_customer_get_notes (got), ==, "周末来看车\n带家人一起");
  g_assert_cmpint (crm_customer_get_created_at (got), ==, test_now);
  g_assert_cmpint (crm_customer_get_updated_at (got), ==, test_now);
  g_assert_cmpint (crm_customer_get_last_contact_at (got), ==, 0);
  g_assert_cmpint (crm_customer_get_next_followup_at (got), ==, 0);

  /* A customer brought in from elsewhere keeps its creation time; one with
   * a WeChat ID only and nothing else is enough */
  imported = make_customer ("Mary 陈", NULL, "MaryChen88");
  crm_customer_set_created_at (imported, test_now - 30 * DAY);
  id = crm_store_insert_customer (f->store, imported, &error);
  g_assert_no_error (error);
  imported_got = get_customer (f->store, id);
  g_assert_cmpint (crm_customer_get_created_at (imported_got), ==, test_now - 30 * DAY);
  g_assert_cmpint (crm_customer_get_updated_at (imported_got), ==, test_now - 30 * DAY);
  g_assert_null (crm_customer_get_phone (imported_got));
  g_assert_cmpuint (g_strv_length ((char **) crm_customer_get_phones (imported_got)), ==, 0);
  g_assert_cmpuint (g_strv_length ((char **) crm_customer_get_tags (imported_got)), ==, 0);
  g_assert_cmpint (crm_customer_get_owner_id (imported_got), ==, 0);
  g_assert_null (crm_customer_get_owner_name (imported_got));
  g_assert_null (crm_customer_get_birthday (imported_got));
  g_assert_cmpint (crm_customer_get_grade (imported_got), ==, CRM_GRADE_N);
  g_assert_cmpint (crm_customer_get_channel (imported_got), ==, CRM_CHANNEL_UNKNOWN);
  g_clear_pointer (&models, g_free);
  models = model_ids_to_string (crm_customer_get_model_ids (imported_got));
  g_assert_cmpstr (models, ==, "");

  g_assert_cmpint (crm_store_count_customers (f->store), ==, 2);
}

/* The same number typed twice with another one between them: stored once.
 * Run in a subprocess, because a crash here must not take the other
 * tests down with it. */
static void
test_customer_phone_typed_twice (Fixture       *f,
                                 gconstpointer  data)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CrmCustomer) customer = crm_customer_new ();
      g_autoptr(CrmCustomer) got = NULL;
      g_autofree char *phones = NULL;
      const char *typed[] = { "13800138000", "(010) 6552 9988", "138 0013 8000", NULL };
      gint64 id;

      crm_customer_set_name (customer, "张三");
      crm_customer_set_phones (customer, typed);
      id = crm_store_insert_customer (f->store, customer, &error);
      g_assert_no_error (error);
      g_assert_cmpint (id, >, 0);
      got = get_customer (f->store, id);
      phones = strv_to_string (crm_customer_get_phones (got));
      g_assert_cmpstr (phones, ==, "13800138000|01065529988");
      return;
    }

  g_test_trap_subprocess (NULL, 0, (GTestSubprocessFlags) 0);
  if (!g_test_trap_has_passed ())
    g_test_fail_printf ("Storing a customer with the numbers “13800138000”, “(010) 6552 9988”, "
                        "“138 0013 8000” failed or crashed (see the child's status above)");
}

static void
test_customer_update_delete_restore (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmCustomer) customer = crm_customer_new ();
  g_autoptr(CrmCustomer) got = NULL;
  g_autoptr(CrmCustomer) restored = NULL;
  g_autoptr(CrmCustomer) gone = NULL;
  g_autofree char *phones = NULL;
  g_autofree char *models = NULL;
  g_autofree char *expected_models = NULL;
  const char *first_phones[] = { "13800138000", NULL };
  const char *new_phones[] = { "139-1234-5678", "+86 138 0013 8000", NULL };
  const char *first_tags[] = { "SUV", NULL };
  gint64 first_models[] = { f->model1 };
  gint64 new_models[] = { f->model2 };
  gint64 id;

  crm_customer_set_name (customer, "张三");
  crm_customer_set_phones (customer, first_phones);
  crm_customer_set_wechat (customer, "zs1985");
  crm_customer_set_city (customer, "广州");
  crm_customer_set_tags (customer, first_tags);
  crm_customer_set_model_ids (customer, g_variant_new_fixed_array (G_VARIANT_TYPE_INT64, first_models, 1,
                                                                   sizeof (gint64)));
  crm_customer_set_owner_id (customer, f->sales1);
  crm_customer_set_birthday (customer, "1985-03-12");
  crm_customer_set_notes (customer, "first");
  id = crm_store_insert_customer (f->store, customer, &error);
  g_assert_no_error (error);
  expect_changes (f, "customer:%" G_GINT64_FORMAT, id);

  /* Every field changes; an hour later */
  crm_clock_advance (f->clock, HOUR);
  crm_customer_set_name (customer, " 张三丰 ");
  crm_customer_set_phones (customer, new_phones);
  crm_customer_set_wechat (customer, NULL);
  crm_customer_set_gender (customer, CRM_GENDER_FEMALE);
  crm_customer_set_city (customer, "佛山");
  crm_customer_set_channel (customer, CRM_CHANNEL_REFERRAL);
  crm_customer_set_grade (customer, CRM_GRADE_H);
  crm_customer_set_budget_min (customer, 30000000);
  crm_customer_set_budget_max (customer, 0);
  crm_customer_set_timeframe (customer, CRM_TIMEFRAME_WEEK);
  crm_customer_set_tags (customer, NULL);
  crm_customer_set_model_ids (customer, g_variant_new_fixed_array (G_VARIANT_TYPE_INT64, new_models, 1,
                                                                   sizeof (gint64)));
  crm_customer_set_owner_id (customer, 0);
  crm_customer_set_birthday (customer, NULL);
  crm_customer_set_notes (customer, NULL);

  g_assert_true (crm_store_update_customer (f->store, customer, &error));
  g_assert_no_error (error);
  expect_changes (f, "customer:%" G_GINT64_FORMAT, id);
  g_assert_cmpstr (crm_customer_get_name (customer), ==, "张三丰");
  g_assert_cmpint (crm_customer_get_updated_at (customer), ==, test_now + HOUR);

  got = get_customer (f->store, id);
  g_assert_cmpstr (crm_customer_get_name (got), ==, "张三丰");
  phones = strv_to_string (crm_customer_get_phones (got));
  g_assert_cmpstr (phones, ==, "13912345678|13800138000");
  g_assert_null (crm_customer_get_wechat (got));
  g_assert_cmpint (crm_customer_get_gender (got), ==, CRM_GENDER_FEMALE);
  g_assert_cmpstr (crm_customer_get_city (got), ==, "佛山");
  g_assert_cmpint (crm_customer_get_channel (got), ==, CRM_CHANNEL_REFERRAL);
  g_assert_cmpint (crm_customer_get_grade (got), ==, CRM_GRADE_H);
  g_assert_cmpint (crm_customer_get_budget_min (got), ==, 30000000);
  g_assert_cmpint (crm_customer_get_budget_max (got), ==, 0);
  g_assert_cmpint (crm_customer_get_timeframe (got), ==, CRM_TIMEFRAME_WEEK);
  g_assert_cmpuint (g_strv_length ((char **) crm_customer_get_tags (got)), ==, 0);
  models = model_ids_to_string (crm_customer_get_model_ids (got));
  expected_models = g_strdup_printf ("%" G_GINT64_FORMAT, f->model2);
  g_assert_cmpstr (models, ==, expected_models);
  g_assert_cmpstr (crm_customer_get_models_label (got), ==, "雷凌");
  g_assert_cmpint (crm_customer_get_owner_id (got), ==, 0);
  g_assert_null (crm_customer_get_owner_name (got));
  g_assert_null (crm_customer_get_birthday (got));
  g_assert_null (crm_customer_get_notes (got));
  g_assert_cmpint (crm_customer_get_created_at (got), ==, test_now);
  g_assert_cmpint (crm_customer_get_updated_at (got), ==, test_now + HOUR);

  /* The old number is free again, the new one taken */
  g_assert_cmpint (crm_store_find_customer_by_phone (f->store, "13912345678", 0), ==, id);
  g_assert_cmpint (crm_store_find_customer_by_phone (f->store, "13800138000", 0), ==, id);
  g_assert_cmpint (crm_store_find_customer_by_phone (f->store, "13800138000", id), ==, 0);

  /* Delete … */
  crm_clock_advance (f->clock, HOUR);
  g_assert_true (crm_store_delete_customer (f->store, id, &error));
  g_assert_no_error (error);
  expect_changes (f, "customer:%" G_GINT64_FORMAT, id);
  assert_customer_missing (f->store, id);
  g_assert_cmpint (crm_store_count_customers (f->store), ==, 0);
  {
    g_autoptr(GArray) ids = search_ids (f->store, NULL);
    g_assert_cmpuint (ids->len, ==, 0);
  }
  g_assert_cmpint (crm_store_find_customer_by_phone (f->store, "13912345678", 0), ==, 0);

  g_assert_false (crm_store_delete_customer (f->store, id, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (crm_store_update_customer (f->store, customer, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND);
  g_clear_error (&error);
  expect_changes (f, "%s", "");

  /* … and restore: all of it comes back, as it was before the delete */
  g_assert_true (crm_store_restore_customer (f->store, id, &error));
  g_assert_no_error (error);
  expect_changes (f, "customer:%" G_GINT64_FORMAT, id);
  restored = get_customer (f->store, id);
  assert_customer_equal (restored, got);
  g_assert_cmpint (crm_store_count_customers (f->store), ==, 1);

  g_assert_false (crm_store_restore_customer (f->store, id, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (crm_store_delete_customer (f->store, 9999, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (crm_store_restore_customer (f->store, 9999, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND);
  g_clear_error (&error);

  gone = crm_store_get_customer (f->store, 9999, &error);
  g_assert_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND);
  g_assert_null (gone);
  expect_changes (f, "%s", "");
}

typedef void (*SpoilFunc) (CrmCustomer *customer, Fixture *f);

static void spoil_name_empty (CrmCustomer *c, Fixture *f) { crm_customer_set_name (c, ""); }
static void spoil_name_blank (CrmCustomer *c, Fixture *f) { crm_customer_set_name (c, " \t "); }
static void
spoil_name_too_long (CrmCustomer *c, Fixture *f)
{
  g_autoptr(GString) name = g_string_new (NULL);

  for (guint i = 0; i < 61; i++)
    g_string_append (name, "张");
  crm_customer_set_name (c, name->str);
}
static void
spoil_phone_malformed (CrmCustomer *c, Fixture *f)
{
  const char *phones[] = { "138-0013-800a", NULL };
  crm_customer_set_phones (c, phones);
}
static void
spoil_phone_second_malformed (CrmCustomer *c, Fixture *f)
{
  const char *phones[] = { "13800138000", "12345", NULL };
  crm_customer_set_phones (c, phones);
}
static void
spoil_no_contact (CrmCustomer *c, Fixture *f)
{
  crm_customer_set_phones (c, NULL);
  crm_customer_set_wechat (c, "");
}
static void
spoil_blank_phone_no_wechat (CrmCustomer *c, Fixture *f)
{
  const char *phones[] = { "", NULL };
  crm_customer_set_phones (c, phones);
  crm_customer_set_wechat (c, NULL);
}
static void spoil_owner_unknown (CrmCustomer *c, Fixture *f) { crm_customer_set_owner_id (c, 4242); }
static void
spoil_budget_inverted (CrmCustomer *c, Fixture *f)
{
  crm_customer_set_budget_min (c, 20000000);
  crm_customer_set_budget_max (c, 15000000);
}
static void spoil_budget_negative (CrmCustomer *c, Fixture *f) { crm_customer_set_budget_min (c, -100); }
static void spoil_birthday_invalid (CrmCustomer *c, Fixture *f) { crm_customer_set_birthday (c, "1985-13-40"); }
static void spoil_birthday_feb30 (CrmCustomer *c, Fixture *f) { crm_customer_set_birthday (c, "1985-02-30"); }
static void spoil_birthday_text (CrmCustomer *c, Fixture *f) { crm_customer_set_birthday (c, "3月12日"); }
static void
spoil_model_unknown (CrmCustomer *c, Fixture *f)
{
  gint64 ids[] = { f->model1, 4242 };
  crm_customer_set_model_ids (c, g_variant_new_fixed_array (G_VARIANT_TYPE_INT64, ids, 2, sizeof (gint64)));
}

static const struct {
  const char *what;
  SpoilFunc   spoil;
} spoilers[] = {
  { "empty name", spoil_name_empty },
  { "blank name", spoil_name_blank },
  { "name of 61 characters", spoil_name_too_long },
  { "malformed phone", spoil_phone_malformed },
  { "second phone malformed", spoil_phone_second_malformed },
  { "no phone, no WeChat", spoil_no_contact },
  { "blank phone, no WeChat", spoil_blank_phone_no_wechat },
  { "unknown owner", spoil_owner_unknown },
  { "budget min > max", spoil_budget_inverted },
  { "negative budget", spoil_budget_negative },
  { "birthday 1985-13-40", spoil_birthday_invalid },
  { "birthday 1985-02-30", spoil_birthday_feb30 },
  { "birthday not a date", spoil_birthday_text },
  { "unknown vehicle model", spoil_model_unknown },
};

static CrmCustomer *
make_valid_customer (Fixture *f)
{
  CrmCustomer *customer = make_customer ("李四", "13912345678", "lisi_bmw");
  gint64 ids[] = { f->model1 };

  crm_customer_set_owner_id (customer, f->sales2);
  crm_customer_set_budget_min (customer, 10000000);
  crm_customer_set_budget_max (customer, 12000000);
  crm_customer_set_birthday (customer, "1990-01-31");
  crm_customer_set_model_ids (customer, g_variant_new_fixed_array (G_VARIANT_TYPE_INT64, ids, 1, sizeof (gint64)));
  return customer;
}

static void
test_customer_invalid (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(CrmCustomer) kept = NULL;
  g_autoptr(CrmCustomer) kept_before = NULL;
  gint64 kept_id;

  /* One customer already there, to be spoiled by updates */
  kept = make_valid_customer (f);
  kept_id = crm_store_insert_customer (f->store, kept, NULL);
  g_assert_cmpint (kept_id, >, 0);
  kept_before = get_customer (f->store, kept_id);
  g_array_set_size (f->changes, 0);

  for (gsize i = 0; i < G_N_ELEMENTS (spoilers); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CrmCustomer) fresh = make_valid_customer (f);
      g_autoptr(CrmCustomer) edited = crm_customer_copy (kept_before);
      g_autoptr(CrmCustomer) kept_after = NULL;
      g_autofree char *before = db_fingerprint (f->path);
      g_autofree char *after = NULL;
      const char *phones[] = { "18612345678", NULL };

      g_test_message ("spoiled by: %s", spoilers[i].what);

      /* A new customer: refused, with the code for a person's mistake */
      crm_customer_set_phones (fresh, phones);
      spoilers[i].spoil (fresh, f);
      g_assert_cmpint (crm_store_insert_customer (f->store, fresh, &error), ==, 0);
      g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
      g_assert_nonnull (error->message);
      g_assert_cmpstr (error->message, !=, "");
      g_assert_cmpint (crm_customer_get_id (fresh), ==, 0);
      g_clear_error (&error);

      /* An edit of a stored customer: refused, the stored one unchanged */
      crm_clock_advance (f->clock, 60);
      spoilers[i].spoil (edited, f);
      g_assert_false (crm_store_update_customer (f->store, edited, &error));
      g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
      g_clear_error (&error);

      kept_after = get_customer (f->store, kept_id);
      assert_customer_equal (kept_after, kept_before);
      g_assert_cmpint (crm_store_count_customers (f->store), ==, 1);
      g_assert_cmpint (crm_store_find_customer_by_phone (f->store, "18612345678", 0), ==, 0);
      expect_changes (f, "%s", "");
      after = db_fingerprint (f->path);
      g_assert_cmpstr (after, ==, before);
    }

  g_assert_cmpint (file_int (f->path, "SELECT count(*) FROM customer"), ==, 1);
  g_assert_cmpint (file_int (f->path, "SELECT count(*) FROM customer_phone"), ==, 1);
  g_assert_cmpint (file_int (f->path, "SELECT count(*) FROM customer_model"), ==, 1);
}

static void
test_customer_duplicate_phone (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmCustomer) second = NULL;
  g_autoptr(CrmCustomer) stored_second = NULL;
  g_autoptr(CrmCustomer) edited = NULL;
  g_autoptr(CrmCustomer) after = NULL;
  g_autoptr(CrmCustomer) first = NULL;
  g_autofree char *before_sum = NULL;
  g_autofree char *after_sum = NULL;
  const char *taken[] = { "15011112222", "+86 138 0013 8000", NULL };
  const char *own_again[] = { "138-0013-8000", NULL };
  gint64 zhang, li;

  zhang = add_customer (f->store, "张三", "13800138000", NULL);
  li = add_customer (f->store, "李四", "13912345678", NULL);
  g_array_set_size (f->changes, 0);
  before_sum = db_fingerprint (f->path);

  /* The same number typed another way belongs to 张三 already */
  second = make_customer ("张三的朋友", "+86 138-0013-8000", NULL);
  g_assert_cmpint (crm_store_insert_customer (f->store, second, &error), ==, 0);
  g_assert_error (error, CRM_ERROR, CRM_ERROR_DUPLICATE);
  g_assert_nonnull (strstr (error->message, "张三"));
  g_clear_error (&error);

  /* 李四 cannot take it either, not even as a second number */
  stored_second = get_customer (f->store, li);
  edited = crm_customer_copy (stored_second);
  crm_customer_set_phones (edited, taken);
  g_assert_false (crm_store_update_customer (f->store, edited, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_DUPLICATE);
  g_clear_error (&error);
  after = get_customer (f->store, li);
  assert_customer_equal (after, stored_second);

  expect_changes (f, "%s", "");
  after_sum = db_fingerprint (f->path);
  g_assert_cmpstr (after_sum, ==, before_sum);
  g_assert_cmpint (crm_store_count_customers (f->store), ==, 2);
  g_assert_cmpint (crm_store_find_customer_by_phone (f->store, "13800138000", 0), ==, zhang);
  g_assert_cmpint (crm_store_find_customer_by_phone (f->store, "15011112222", 0), ==, 0);

  /* 张三 keeps his own number when he is edited */
  first = get_customer (f->store, zhang);
  crm_customer_set_phones (first, own_again);
  crm_customer_set_city (first, "广州");
  g_assert_true (crm_store_update_customer (f->store, first, &error));
  g_assert_no_error (error);
  g_clear_object (&first);
  first = get_customer (f->store, zhang);
  g_assert_cmpstr (crm_customer_get_phone (first), ==, "13800138000");
  g_assert_cmpstr (crm_customer_get_city (first), ==, "广州");

  /* Once 张三 is deleted his number may be given to someone else */
  g_assert_true (crm_store_delete_customer (f->store, zhang, &error));
  g_assert_no_error (error);
  g_clear_object (&second);
  second = make_customer ("张三的朋友", "13800138000", NULL);
  g_assert_cmpint (crm_store_insert_customer (f->store, second, &error), >, 0);
  g_assert_no_error (error);
}

/* Undo of a delete after the number went to someone else meanwhile: two
 * live customers must never share a number, so the restore is refused
 * with DUPLICATE and the customer stays deleted */
static void
test_customer_restore_taken_number (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 zhang, friend;

  zhang = add_customer (f->store, "张三", "13800138000", NULL);
  g_assert_true (crm_store_delete_customer (f->store, zhang, &error));
  friend = add_customer (f->store, "张三的朋友", "13800138000", NULL);
  g_assert_cmpint (crm_store_find_customer_by_phone (f->store, "13800138000", 0), ==, friend);
  g_array_set_size (f->changes, 0);
  before = db_fingerprint (f->path);

  g_assert_false (crm_store_restore_customer (f->store, zhang, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_DUPLICATE);
  g_assert_nonnull (strstr (error->message, "张三的朋友"));

  assert_customer_missing (f->store, zhang);
  g_assert_cmpint (crm_store_count_customers (f->store), ==, 1);
  g_assert_cmpint (crm_store_find_customer_by_phone (f->store, "13800138000", 0), ==, friend);
  expect_changes (f, "%s", "");
  after = db_fingerprint (f->path);
  g_assert_cmpstr (after, ==, before);
}

/* ------------------------------------------------------------------------
 * Transactions
 * ------------------------------------------------------------------------ */

static void
test_transaction_doomed (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmCustomer) good = make_customer ("张三", "13800138000", NULL);
  g_autoptr(CrmCustomer) bad = make_customer ("", "13912345678", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 good_id;

  add_customer (f->store, "王五", "18600001111", NULL);
  g_array_set_size (f->changes, 0);
  before = db_fingerprint (f->path);

  g_assert_true (crm_store_begin (f->store, &error));
  g_assert_no_error (error);

  good_id = crm_store_insert_customer (f->store, good, &error);
  g_assert_no_error (error);
  g_assert_cmpint (good_id, >, 0);
  /* Inside the transaction the new row is visible … */
  g_assert_cmpint (crm_store_count_customers (f->store), ==, 2);

  g_assert_cmpint (crm_store_insert_customer (f->store, bad, &error), ==, 0);
  g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  expect_changes (f, "%s", "");

  /* … but the transaction cannot be committed any more */
  g_assert_false (crm_store_commit (f->store, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_FAILED);
  g_clear_error (&error);

  expect_changes (f, "%s", "");
  g_assert_cmpint (crm_store_count_customers (f->store), ==, 1);
  assert_customer_missing (f->store, good_id);
  g_assert_cmpint (crm_store_find_customer_by_phone (f->store, "13800138000", 0), ==, 0);
  after = db_fingerprint (f->path);
  g_assert_cmpstr (after, ==, before);

  /* The store is out of the transaction: the next write stands alone */
  good_id = add_customer (f->store, "张三", "13800138000", NULL);
  expect_changes (f, "customer:%" G_GINT64_FORMAT, good_id);
  g_assert_cmpint (crm_store_count_customers (f->store), ==, 2);
}

static void
test_transaction_rollback (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 a, b, c;

  before = db_fingerprint (f->path);

  g_assert_true (crm_store_begin (f->store, &error));
  a = add_customer (f->store, "张三", "13800138000", NULL);
  b = add_customer (f->store, "李四", "13912345678", NULL);
  add_activity (f->store, a, 0, test_now - HOUR);
  g_assert_cmpint (crm_store_count_customers (f->store), ==, 2);
  crm_store_rollback (f->store);

  expect_changes (f, "%s", "");
  g_assert_cmpint (crm_store_count_customers (f->store), ==, 0);
  assert_customer_missing (f->store, a);
  assert_customer_missing (f->store, b);
  after = db_fingerprint (f->path);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpint (file_int (f->path, "SELECT count(*) FROM activity"), ==, 0);

  /* Nothing of the rolled-back transaction is announced later either */
  c = add_customer (f->store, "王五", "18600001111", NULL);
  expect_changes (f, "customer:%" G_GINT64_FORMAT, c);

  /* Nested: the inner commit announces nothing, the outer one all */
  g_assert_true (crm_store_begin (f->store, &error));
  g_assert_true (crm_store_begin (f->store, &error));
  a = add_customer (f->store, "张三", "13800138000", NULL);
  g_assert_true (crm_store_commit (f->store, &error));
  g_assert_no_error (error);
  expect_changes (f, "%s", "");
  b = add_customer (f->store, "李四", "13912345678", NULL);
  expect_changes (f, "%s", "");
  g_assert_true (crm_store_commit (f->store, &error));
  g_assert_no_error (error);
  expect_changes (f, "customer:%" G_GINT64_FORMAT " customer:%" G_GINT64_FORMAT, a, b);
  g_assert_cmpint (crm_store_count_customers (f->store), ==, 3);
}

/* ------------------------------------------------------------------------
 * Migrations
 * ------------------------------------------------------------------------ */

static void
load_v1_fixture (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  sqlite3 *db;

  g_file_get_contents (g_test_get_filename (G_TEST_DIST, "data", "showroom-v1.sql", NULL),
                       &sql, NULL, &error);
  g_assert_no_error (error);

  db = raw_open (path);
  raw_exec (db, sql);
  g_assert_cmpint (raw_int (db, "PRAGMA user_version"), ==, 1);
  g_assert_cmpint (raw_int (db, "PRAGMA application_id"), ==, SHOWROOM_APPLICATION_ID);
  sqlite3_close (db);
}

static void
test_migrate_v1 (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmCustomer) zhang = NULL;
  g_autoptr(CrmCustomer) shan = NULL;
  g_autoptr(CrmCustomer) chen = NULL;
  g_autoptr(CrmCustomer) li = NULL;
  g_autoptr(CrmCustomer) dup = NULL;
  g_autoptr(GListModel) deals = NULL;
  g_autoptr(GListModel) activities = NULL;
  g_autoptr(CrmDeal) deal = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autofree char *backup = NULL;
  g_autofree char *prefix = g_strconcat ("showroom.db", ".before-v2-", NULL);
  g_autofree char *phones = NULL;
  g_autofree char *tags = NULL;
  g_autofree char *models = NULL;
  g_autofree char *name = NULL;
  g_autofree char *rows = NULL;
  const char *entry;
  guint n_backups = 0;
  sqlite3 *db;

  load_v1_fixture (f->path);
  fixture_open_store (f);

  /* Upgraded in place */
  g_assert_cmpint (file_int (f->path, "PRAGMA user_version"), ==, CURRENT_SCHEMA_VERSION);
  g_assert_cmpint (file_int (f->path, "PRAGMA application_id"), ==, SHOWROOM_APPLICATION_ID);
  rows = file_rows (f->path, "PRAGMA journal_mode");
  g_assert_cmpstr (rows, ==, "wal\n");
  g_clear_pointer (&rows, g_free);

  /* … after keeping a copy of the version 1 file beside it */
  g_assert_nonnull (crm_store_get_backup_path (f->store));
  dir = g_dir_open (f->dir, 0, &error);
  g_assert_no_error (error);
  while ((entry = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (entry, prefix) && !g_str_has_suffix (entry, "-wal") &&
        !g_str_has_suffix (entry, "-shm") && !g_str_has_suffix (entry, "-journal"))
      {
        g_free (backup);
        backup = g_build_filename (f->dir, entry, NULL);
        n_backups++;
      }
  g_assert_cmpuint (n_backups, ==, 1);
  g_assert_cmpstr (backup, ==, crm_store_get_backup_path (f->store));

  db = raw_open (backup);
  g_assert_cmpint (raw_int (db, "PRAGMA user_version"), ==, 1);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM customer"), ==, 6);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM activity"), ==, 6);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM pragma_table_info('customer') WHERE name = 'search_key'"),
                   ==, 0);
  sqlite3_close (db);

  /* The data survived */
  name = crm_store_dup_showroom_name (f->store);
  g_assert_cmpstr (name, ==, "广汽丰田 天河4S店");
  g_assert_false (crm_store_needs_setup (f->store));
  g_assert_cmpint (crm_store_count_customers (f->store), ==, 5);
  assert_customer_missing (f->store, 6);

  zhang = get_customer (f->store, 1);
  g_assert_cmpstr (crm_customer_get_name (zhang), ==, "张三");
  phones = strv_to_string (crm_customer_get_phones (zhang));
  g_assert_cmpstr (phones, ==, "13800138000|02081234567");
  g_assert_cmpstr (crm_customer_get_wechat (zhang), ==, "ZhangSan_88");
  g_assert_cmpint (crm_customer_get_gender (zhang), ==, CRM_GENDER_MALE);
  g_assert_cmpint (crm_customer_get_channel (zhang), ==, CRM_CHANNEL_AUTOHOME);
  g_assert_cmpint (crm_customer_get_grade (zhang), ==, CRM_GRADE_H);
  g_assert_cmpint (crm_customer_get_budget_min (zhang), ==, 15000000);
  g_assert_cmpint (crm_customer_get_budget_max (zhang), ==, 20000000);
  g_assert_cmpint (crm_customer_get_timeframe (zhang), ==, CRM_TIMEFRAME_WEEK);
  tags = strv_to_string (crm_customer_get_tags (zhang));
  g_assert_cmpstr (tags, ==, "SUV|混动");
  models = model_ids_to_string (crm_customer_get_model_ids (zhang));
  g_assert_cmpstr (models, ==, "1 2");
  g_assert_cmpint (crm_customer_get_owner_id (zhang), ==, 2);
  g_assert_cmpstr (crm_customer_get_owner_name (zhang), ==, "李娜");
  g_assert_cmpstr (crm_customer_get_birthday (zhang), ==, "1985-03-12");
  g_assert_cmpstr (crm_customer_get_notes (zhang), ==, "想要白色");
  g_assert_cmpint (crm_customer_get_created_at (zhang), ==, 1789000000);
  g_assert_cmpint (crm_customer_get_updated_at (zhang), ==, 1789000500);

  /* The follow-up summary computed from the activities */
  g_assert_cmpint (crm_customer_get_last_contact_at (zhang), ==, 1789600000);
  g_assert_cmpint (crm_customer_get_next_followup_at (zhang), ==, 1789900000);
  shan = get_customer (f->store, 2);
  g_assert_cmpint (crm_customer_get_last_contact_at (shan), ==, 1789650000);
  g_assert_cmpint (crm_customer_get_next_followup_at (shan), ==, 0);
  chen = get_customer (f->store, 5);
  g_assert_cmpint (crm_customer_get_last_contact_at (chen), ==, 0);
  g_assert_cmpint (crm_customer_get_next_followup_at (chen), ==, 1789800000);
  li = get_customer (f->store, 3);
  g_assert_cmpint (crm_customer_get_last_contact_at (li), ==, 0);
  g_assert_cmpint (crm_customer_get_next_followup_at (li), ==, 0);

  /* Deals and their history */
  deals = crm_store_list_deals_for_customer (f->store, 1);
  g_assert_cmpuint (g_list_model_get_n_items (deals), ==, 1);
  deal = g_list_model_get_item (deals, 0);
  g_assert_cmpint (crm_deal_get_stage (deal), ==, CRM_STAGE_VISITED);
  g_assert_cmpint (crm_deal_get_stage_entered_at (deal), ==, 1789600000);
  g_assert_cmpstr (crm_deal_get_model_name (deal), ==, "凯美瑞 2.0G 豪华版");
  g_assert_cmpint (crm_store_count_stage_history (f->store, 1), ==, 3);
  g_assert_cmpint (crm_store_count_stage_history (f->store, 2), ==, 2);
  g_clear_object (&deals);
  g_clear_object (&deal);
  deals = crm_store_list_deals_for_customer (f->store, 2);
  deal = g_list_model_get_item (deals, 0);
  g_assert_cmpint (crm_deal_get_stage (deal), ==, CRM_STAGE_LOST);
  g_assert_cmpint (crm_deal_get_lost_reason (deal), ==, CRM_LOST_REASON_PRICE);
  g_assert_cmpstr (crm_deal_get_lost_note (deal), ==, "嫌贵，去看了别家");

  activities = crm_store_list_activities_for_customer (f->store, 1);
  g_assert_cmpuint (g_list_model_get_n_items (activities), ==, 4);

  /* Search keys were filled in for the old rows */
  {
    g_autoptr(GArray) by_initials = search_ids (f->store, "zs");
    g_autoptr(GArray) by_pinyin = search_ids (f->store, "zhangsan");
    g_autoptr(GArray) by_phone = search_ids (f->store, "0013");
    g_autoptr(GArray) by_landline = search_ids (f->store, "8123");
    g_autoptr(GArray) by_char = search_ids (f->store, "张");
    g_autoptr(GArray) by_family_reading = search_ids (f->store, "shantianfang");
    g_autoptr(GArray) by_other_reading = search_ids (f->store, "dtf");
    g_autoptr(GArray) by_wechat = search_ids (f->store, "WANGFANG_sz");
    g_autoptr(GArray) deleted = search_ids (f->store, "zhaoliu");
    g_autoptr(GArray) by_name = search_ids (f->store, NULL);

    assert_ids (by_initials, 1);
    assert_ids (by_pinyin, 1);
    assert_ids (by_phone, 1);
    assert_ids (by_landline, 1);
    assert_ids (by_char, 1);
    assert_ids (by_family_reading, 2);
    assert_ids (by_other_reading, 2);
    assert_ids (by_wechat, 4);
    g_assert_cmpuint (deleted->len, ==, 0);
    /* … and sort keys: 陈晓明 李四 单田芳 王芳 张三 */
    assert_ids (by_name, 5, 3, 2, 4, 1);
  }

  /* The phone index still guards against duplicates */
  dup = make_customer ("张三的朋友", "138 0013 8000", NULL);
  g_assert_cmpint (crm_store_insert_customer (f->store, dup, &error), ==, 0);
  g_assert_error (error, CRM_ERROR, CRM_ERROR_DUPLICATE);
  g_clear_error (&error);

  /* Opening the upgraded file again neither migrates nor copies */
  fixture_close_store (f);
  fixture_open_store (f);
  g_assert_null (crm_store_get_backup_path (f->store));
  g_clear_pointer (&dir, g_dir_close);
  dir = g_dir_open (f->dir, 0, NULL);
  n_backups = 0;
  while ((entry = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (entry, prefix) && !g_str_has_suffix (entry, "-wal") &&
        !g_str_has_suffix (entry, "-shm") && !g_str_has_suffix (entry, "-journal"))
      n_backups++;
  g_assert_cmpuint (n_backups, ==, 1);
}

/* ------------------------------------------------------------------------
 * Search, filters and sort orders
 * ------------------------------------------------------------------------ */

typedef struct
{
  gint64 zhang;   /* 张三    13800138000            H autohome  sales1 */
  gint64 li;      /* 李四    13912345678 LiSi_BMW   A douyin    sales2 */
  gint64 wang;    /* 王五    18600001111            B autohome  —      */
  gint64 zhao;    /* 赵六    13700139999            C walk-in   sales1 */
  gint64 shan;    /* 单田芳  15011112222            N referral  —      */
  gint64 mary;    /* Mary 陈 —           MaryChen88 H website   sales2 */
} SearchSet;

static gint64
add_full (Fixture    *f,
          const char *name,
          const char *phone,
          const char *wechat,
          CrmGrade    grade,
          CrmChannel  channel,
          gint64      owner,
          gint64      created)
{
  g_autoptr(CrmCustomer) customer = make_customer (name, phone, wechat);
  g_autoptr(GError) error = NULL;
  gint64 id;

  crm_customer_set_grade (customer, grade);
  crm_customer_set_channel (customer, channel);
  crm_customer_set_owner_id (customer, owner);
  crm_customer_set_created_at (customer, created);
  id = crm_store_insert_customer (f->store, customer, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static void
build_search_set (Fixture   *f,
                  SearchSet *s)
{
  s->zhang = add_full (f, "张三", "13800138000", NULL, CRM_GRADE_H, CRM_CHANNEL_AUTOHOME,
                       f->sales1, test_now - 5 * DAY);
  s->li = add_full (f, "李四", "13912345678", "LiSi_BMW", CRM_GRADE_A, CRM_CHANNEL_DOUYIN,
                    f->sales2, test_now - 4 * DAY);
  s->wang = add_full (f, "王五", "18600001111", NULL, CRM_GRADE_B, CRM_CHANNEL_AUTOHOME,
                      0, test_now - 3 * DAY);
  s->zhao = add_full (f, "赵六", "13700139999", NULL, CRM_GRADE_C, CRM_CHANNEL_WALK_IN,
                      f->sales1, test_now - 2 * DAY);
  s->shan = add_full (f, "单田芳", "15011112222", NULL, CRM_GRADE_N, CRM_CHANNEL_REFERRAL,
                      0, test_now - 1 * DAY);
  s->mary = add_full (f, "Mary 陈", NULL, "MaryChen88", CRM_GRADE_H, CRM_CHANNEL_WEBSITE,
                      f->sales2, test_now);
  g_array_set_size (f->changes, 0);
}

static const char *
printable (const char *text)
{
  return text ? text : "(null)";
}

#define assert_search(store, text, ...)                                     \
  G_STMT_START {                                                            \
    g_autoptr(GArray) found_ = search_ids ((store), (text));                \
    g_test_message ("search “%s”", printable (text));                       \
    assert_ids (found_, __VA_ARGS__);                                       \
  } G_STMT_END

#define assert_search_empty(store, text)                                    \
  G_STMT_START {                                                            \
    g_autoptr(GArray) found_ = search_ids ((store), (text));                \
    g_autofree char *found_str_ = ids_to_string (found_);                   \
    g_test_message ("search “%s”", printable (text));                       \
    g_assert_cmpstr (found_str_, ==, "");                                   \
  } G_STMT_END

static void
test_search (Fixture       *f,
             gconstpointer  data)
{
  SearchSet s;

  build_search_set (f, &s);

  /* Everything, by name: lisi marychen shantianfang wangwu zhangsan zhaoliu */
  assert_search (f->store, NULL, s.li, s.mary, s.shan, s.wang, s.zhang, s.zhao);
  assert_search (f->store, "", s.li, s.mary, s.shan, s.wang, s.zhang, s.zhao);
  assert_search (f->store, "   ", s.li, s.mary, s.shan, s.wang, s.zhang, s.zhao);

  /* Phone fragments, anywhere in the number, typed any way */
  assert_search (f->store, "0013", s.zhang, s.zhao);
  assert_search (f->store, "138-0013", s.zhang);
  assert_search (f->store, "(138)0013", s.zhang);
  assert_search (f->store, "8000", s.zhang);
  assert_search (f->store, "13800138000", s.zhang);
  assert_search (f->store, "1111", s.shan, s.wang);
  assert_search_empty (f->store, "138-0013-8001");

  /* Names: initials, full pinyin, characters, every reading of 单 */
  assert_search (f->store, "zs", s.zhang);
  assert_search (f->store, "ZS", s.zhang);
  assert_search (f->store, "zhangsan", s.zhang);
  assert_search (f->store, "ZhangSan", s.zhang);
  assert_search (f->store, "zhang", s.zhang);
  assert_search (f->store, "张", s.zhang);
  assert_search (f->store, "张三", s.zhang);
  assert_search (f->store, "芳", s.shan);
  assert_search (f->store, "stf", s.shan);
  assert_search (f->store, "shantianfang", s.shan);
  assert_search (f->store, "dantianfang", s.shan);
  assert_search (f->store, "陈", s.mary);
  assert_search (f->store, "mary", s.mary);

  /* Every word must match */
  assert_search (f->store, "zs 138", s.zhang);
  assert_search (f->store, "138 zs", s.zhang);
  assert_search (f->store, "  zs   0013 ", s.zhang);
  assert_search (f->store, "zs\u3000" "138", s.zhang);   /* full-width space */
  assert_search (f->store, "ls 139", s.li);
  assert_search_empty (f->store, "zs 139");
  assert_search_empty (f->store, "张 李");

  /* No match */
  assert_search_empty (f->store, "xyz");
  assert_search_empty (f->store, "刘");
  assert_search_empty (f->store, "99999999");

  /* WeChat IDs, whatever the case */
  assert_search (f->store, "lisi_bmw", s.li);
  assert_search (f->store, "LISI_BMW", s.li);
  assert_search (f->store, "bmw", s.li);
  assert_search (f->store, "MARYCHEN88", s.mary);

  /* Search and filter together */
  {
    g_autoptr(GArray) ids = query_ids (f->store, "0013", -1, CRM_CHANNEL_WALK_IN, -1,
                                       CRM_CUSTOMER_SORT_NAME, FALSE);
    assert_ids (ids, s.zhao);
  }

  /* A deleted customer is found no more, a restored one again */
  g_assert_true (crm_store_delete_customer (f->store, s.zhang, NULL));
  assert_search_empty (f->store, "zs");
  assert_search (f->store, "0013", s.zhao);
  g_assert_true (crm_store_restore_customer (f->store, s.zhang, NULL));
  assert_search (f->store, "zs", s.zhang);

  /* An edited customer is found by the new name and number only */
  {
    g_autoptr(CrmCustomer) c = get_customer (f->store, s.zhang);
    const char *phones[] = { "17712345678", NULL };

    crm_customer_set_name (c, "张三丰");
    crm_customer_set_phones (c, phones);
    g_assert_true (crm_store_update_customer (f->store, c, NULL));
  }
  assert_search (f->store, "zsf", s.zhang);
  assert_search (f->store, "1771234", s.zhang);
  assert_search (f->store, "0013", s.zhao);
}

static void
test_filters (Fixture       *f,
              gconstpointer  data)
{
  SearchSet s;

  build_search_set (f, &s);

#define Q(grade, channel, owner) \
  query_ids (f->store, NULL, (grade), (channel), (owner), CRM_CUSTOMER_SORT_NAME, FALSE)
  {
    g_autoptr(GArray) h = Q (CRM_GRADE_H, -1, -1);
    g_autoptr(GArray) n = Q (CRM_GRADE_N, -1, -1);
    g_autoptr(GArray) autohome = Q (-1, CRM_CHANNEL_AUTOHOME, -1);
    g_autoptr(GArray) yiche = Q (-1, CRM_CHANNEL_YICHE, -1);
    g_autoptr(GArray) sales1 = Q (-1, -1, f->sales1);
    g_autoptr(GArray) sales2 = Q (-1, -1, f->sales2);
    g_autoptr(GArray) no_owner = Q (-1, -1, 0);
    g_autoptr(GArray) manager = Q (-1, -1, f->manager);
    g_autoptr(GArray) h_sales2 = Q (CRM_GRADE_H, -1, f->sales2);
    g_autoptr(GArray) h_autohome_sales1 = Q (CRM_GRADE_H, CRM_CHANNEL_AUTOHOME, f->sales1);
    g_autoptr(GArray) h_autohome_no_owner = Q (CRM_GRADE_H, CRM_CHANNEL_AUTOHOME, 0);

    assert_ids (h, s.mary, s.zhang);
    assert_ids (n, s.shan);
    assert_ids (autohome, s.wang, s.zhang);
    g_assert_cmpuint (yiche->len, ==, 0);
    assert_ids (sales1, s.zhang, s.zhao);
    assert_ids (sales2, s.li, s.mary);
    assert_ids (no_owner, s.shan, s.wang);
    g_assert_cmpuint (manager->len, ==, 0);
    assert_ids (h_sales2, s.mary);
    assert_ids (h_autohome_sales1, s.zhang);
    g_assert_cmpuint (h_autohome_no_owner->len, ==, 0);
  }
#undef Q
}

static guint
index_of (GArray *ids,
          gint64  id)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == id)
      return i;
  g_assert_not_reached ();
}

/* The channels of the customers in @ids, one word per run of equal ones */
static char *
channel_runs (CrmStore *store,
              GArray   *ids)
{
  g_autoptr(GString) out = g_string_new (NULL);
  int last = -1;

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(CrmCustomer) c = get_customer (store, g_array_index (ids, gint64, i));
      int channel = crm_customer_get_channel (c);

      if (channel != last)
        g_string_append_printf (out, "%s%s", out->len ? " " : "",
                                crm_enum_to_code (CRM_TYPE_CHANNEL, channel));
      last = channel;
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
test_sort_orders (Fixture       *f,
                  gconstpointer  data)
{
  SearchSet s;

  build_search_set (f, &s);

  /* Last contact: 赵六 2 h ago, 张三 10 h ago, 李四 30 h ago, others never.
   * Next follow-up: 单田芳 in 3 h, 王五 tomorrow, others nothing open. */
  add_activity (f->store, s.zhang, 0, test_now - 10 * HOUR);
  add_activity (f->store, s.li, 0, test_now - 30 * HOUR);
  add_activity (f->store, s.zhao, test_now - 3 * HOUR, test_now - 2 * HOUR);
  add_activity (f->store, s.wang, test_now + DAY, 0);
  add_activity (f->store, s.shan, test_now + 3 * HOUR, 0);
  add_activity (f->store, s.mary, test_now - DAY, test_now - DAY);   /* done: not next */

#define SORTED(sort, desc) query_ids (f->store, NULL, -1, -1, -1, (sort), (desc))
  {
    g_autoptr(GArray) name = SORTED (CRM_CUSTOMER_SORT_NAME, FALSE);
    g_autoptr(GArray) name_desc = SORTED (CRM_CUSTOMER_SORT_NAME, TRUE);
    g_autoptr(GArray) grade = SORTED (CRM_CUSTOMER_SORT_GRADE, FALSE);
    g_autoptr(GArray) grade_desc = SORTED (CRM_CUSTOMER_SORT_GRADE, TRUE);
    g_autoptr(GArray) created = SORTED (CRM_CUSTOMER_SORT_CREATED, FALSE);
    g_autoptr(GArray) created_desc = SORTED (CRM_CUSTOMER_SORT_CREATED, TRUE);
    g_autoptr(GArray) last = SORTED (CRM_CUSTOMER_SORT_LAST_CONTACT, FALSE);
    g_autoptr(GArray) last_desc = SORTED (CRM_CUSTOMER_SORT_LAST_CONTACT, TRUE);
    g_autoptr(GArray) next = SORTED (CRM_CUSTOMER_SORT_NEXT_FOLLOWUP, FALSE);
    g_autoptr(GArray) next_desc = SORTED (CRM_CUSTOMER_SORT_NEXT_FOLLOWUP, TRUE);
    g_autoptr(GArray) owner = SORTED (CRM_CUSTOMER_SORT_OWNER, FALSE);
    g_autoptr(GArray) owner_desc = SORTED (CRM_CUSTOMER_SORT_OWNER, TRUE);
    g_autoptr(GArray) channel = SORTED (CRM_CUSTOMER_SORT_CHANNEL, FALSE);
    g_autoptr(GArray) channel_desc = SORTED (CRM_CUSTOMER_SORT_CHANNEL, TRUE);

    /* By pinyin, as a phone book: lisi marychen shantianfang wangwu zhangsan zhaoliu */
    assert_ids (name, s.li, s.mary, s.shan, s.wang, s.zhang, s.zhao);
    assert_ids (name_desc, s.zhao, s.zhang, s.wang, s.shan, s.mary, s.li);

    /* H < A < B < C < N, by name within a grade */
    assert_ids (grade, s.mary, s.zhang, s.li, s.wang, s.zhao, s.shan);
    assert_ids (grade_desc, s.shan, s.zhao, s.wang, s.li, s.mary, s.zhang);

    assert_ids (created, s.zhang, s.li, s.wang, s.zhao, s.shan, s.mary);
    assert_ids (created_desc, s.mary, s.shan, s.zhao, s.wang, s.li, s.zhang);

    /* Never contacted last, both ways */
    assert_ids (last, s.li, s.mary, s.zhang, s.zhao, s.wang, s.shan);
    assert_ids (last_desc, s.zhao, s.zhang, s.mary, s.li, s.wang, s.shan);

    /* Nothing planned last, both ways */
    assert_ids (next, s.shan, s.wang, s.zhang, s.li, s.zhao, s.mary);
    assert_ids (next_desc, s.wang, s.shan, s.zhang, s.li, s.zhao, s.mary);

    /* Without owner first, then 李娜's, then 王丽's; by name within */
    assert_ids (owner, s.shan, s.wang, s.zhang, s.zhao, s.li, s.mary);
    assert_ids (owner_desc, s.li, s.mary, s.zhang, s.zhao, s.shan, s.wang);

    /* Channels: each channel in one run, by name within it; descending
     * reverses the order of the channels, not the names within */
    {
      g_autofree char *runs = channel_runs (f->store, channel);
      g_autofree char *runs_desc = channel_runs (f->store, channel_desc);
      g_auto(GStrv) groups = g_strsplit (runs, " ", -1);
      g_auto(GStrv) groups_desc = g_strsplit (runs_desc, " ", -1);

      g_assert_cmpuint (channel->len, ==, 6);
      g_assert_cmpuint (channel_desc->len, ==, 6);
      g_assert_cmpuint (g_strv_length (groups), ==, 5);
      g_assert_cmpuint (g_strv_length (groups_desc), ==, 5);
      for (guint i = 0; i < 5; i++)
        {
          g_assert_cmpstr (groups[i], ==, groups_desc[4 - i]);
          for (guint j = 0; j < i; j++)
            g_assert_cmpstr (groups[i], !=, groups[j]);
        }
      /* 王五 (wangwu) before 张三 (zhangsan) in the autohome run, both ways */
      g_assert_cmpuint (index_of (channel, s.zhang), ==, index_of (channel, s.wang) + 1);
      g_assert_cmpuint (index_of (channel_desc, s.zhang), ==, index_of (channel_desc, s.wang) + 1);
    }
  }
#undef SORTED
}

/* ------------------------------------------------------------------------
 * Change notification
 * ------------------------------------------------------------------------ */

static void
test_changed_signals (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmCustomer) customer = make_customer ("张三", "13800138000", NULL);
  g_autoptr(CrmCustomer) bad = make_customer ("", "13912345678", NULL);
  g_autoptr(CrmActivity) activity = crm_activity_new ();
  g_autoptr(CrmDeal) deal = crm_deal_new ();
  gint64 id, other, activity_id, activity_id2, deal_id, staff_id, model_id;

  id = crm_store_insert_customer (f->store, customer, &error);
  g_assert_no_error (error);
  expect_changes (f, "customer:%" G_GINT64_FORMAT, id);

  crm_customer_set_city (customer, "广州");
  g_assert_true (crm_store_update_customer (f->store, customer, &error));
  expect_changes (f, "customer:%" G_GINT64_FORMAT, id);

  g_assert_true (crm_store_delete_customer (f->store, id, &error));
  expect_changes (f, "customer:%" G_GINT64_FORMAT, id);

  g_assert_true (crm_store_restore_customer (f->store, id, &error));
  expect_changes (f, "customer:%" G_GINT64_FORMAT, id);

  /* An activity is announced with its customer, whose summary changed */
  crm_activity_set_customer_id (activity, id);
  crm_activity_set_done_at (activity, test_now - HOUR);
  activity_id = crm_store_insert_activity (f->store, activity, &error);
  g_assert_no_error (error);
  expect_changes (f, "customer:%" G_GINT64_FORMAT " activity:%" G_GINT64_FORMAT, id, activity_id);

  crm_activity_set_note (activity, "打过电话");
  g_assert_true (crm_store_update_activity (f->store, activity, &error));
  expect_changes (f, "customer:%" G_GINT64_FORMAT " activity:%" G_GINT64_FORMAT, id, activity_id);

  /* Failed writes announce nothing */
  g_assert_cmpint (crm_store_insert_customer (f->store, bad, &error), ==, 0);
  g_clear_error (&error);
  g_assert_false (crm_store_delete_customer (f->store, 4242, &error));
  g_clear_error (&error);
  expect_changes (f, "%s", "");

  /* In an explicit transaction: nothing before the commit, each row once */
  g_assert_true (crm_store_begin (f->store, &error));
  other = add_customer (f->store, "李四", "13912345678", NULL);
  activity_id = add_activity (f->store, other, test_now + DAY, 0);
  activity_id2 = add_activity (f->store, other, test_now + 2 * DAY, 0);
  expect_changes (f, "%s", "");
  g_assert_true (crm_store_commit (f->store, &error));
  g_assert_no_error (error);
  expect_changes (f, "customer:%" G_GINT64_FORMAT " activity:%" G_GINT64_FORMAT
                  " activity:%" G_GINT64_FORMAT, other, activity_id, activity_id2);

  /* Rolled back: nothing at all, not now and not with the next commit */
  g_assert_true (crm_store_begin (f->store, &error));
  add_customer (f->store, "王五", "18600001111", NULL);
  add_activity (f->store, id, test_now + DAY, 0);
  crm_store_rollback (f->store);
  expect_changes (f, "%s", "");
  g_assert_true (crm_store_set_meta (f->store, "note", "x", &error));
  expect_changes (f, "showroom:0");

  /* The other kinds */
  staff_id = add_staff (f->store, "赵磊", CRM_ROLE_SALES, TRUE);
  expect_changes (f, "staff:%" G_GINT64_FORMAT, staff_id);
  model_id = add_model (f->store, "汉兰达", "2.5L", 31980000);
  expect_changes (f, "vehicle-model:%" G_GINT64_FORMAT, model_id);
  crm_deal_set_customer_id (deal, id);
  deal_id = crm_store_insert_deal (f->store, deal, staff_id, &error);
  g_assert_no_error (error);
  expect_changes (f, "deal:%" G_GINT64_FORMAT, deal_id);
  g_assert_true (crm_store_move_deal (f->store, deal_id, CRM_STAGE_INVITED, staff_id, &error));
  expect_changes (f, "deal:%" G_GINT64_FORMAT, deal_id);
}

/* ------------------------------------------------------------------------
 * Activities and the follow-up summary
 * ------------------------------------------------------------------------ */

static void
assert_summary (CrmStore *store,
                gint64    customer_id,
                gint64    last_contact,
                gint64    next_followup)
{
  g_autoptr(CrmCustomer) customer = get_customer (store, customer_id);

  g_assert_cmpint (crm_customer_get_last_contact_at (customer), ==, last_contact);
  g_assert_cmpint (crm_customer_get_next_followup_at (customer), ==, next_followup);
}

static void
test_activity_summary (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmActivity) overdue = crm_activity_new ();
  g_autoptr(CrmActivity) empty = crm_activity_new ();
  g_autoptr(CrmActivity) missing = crm_activity_new ();
  g_autoptr(GListModel) timeline = NULL;
  gint64 zhang, li, soon, later;
  gint64 expected_order[5];

  zhang = add_customer (f->store, "张三", "13800138000", NULL);
  li = add_customer (f->store, "李四", "13912345678", NULL);
  assert_summary (f->store, zhang, 0, 0);

  /* Done ones: the latest is the last contact, whatever order they come in */
  expected_order[3] = add_activity (f->store, zhang, 0, test_now - 3 * DAY);
  assert_summary (f->store, zhang, test_now - 3 * DAY, 0);
  expected_order[2] = add_activity (f->store, zhang, test_now - DAY - HOUR, test_now - DAY);
  assert_summary (f->store, zhang, test_now - DAY, 0);
  expected_order[4] = add_activity (f->store, zhang, 0, test_now - 5 * DAY);
  assert_summary (f->store, zhang, test_now - DAY, 0);

  /* Planned ones: the earliest still open is the next follow-up */
  later = add_activity (f->store, zhang, test_now + 2 * DAY, 0);
  assert_summary (f->store, zhang, test_now - DAY, test_now + 2 * DAY);
  soon = add_activity (f->store, zhang, test_now + DAY, 0);
  assert_summary (f->store, zhang, test_now - DAY, test_now + DAY);

  crm_activity_set_customer_id (overdue, zhang);
  crm_activity_set_kind (overdue, CRM_ACTIVITY_WECHAT);
  crm_activity_set_planned_at (overdue, test_now - 2 * HOUR);
  crm_activity_set_staff_id (overdue, f->sales1);
  g_assert_cmpint (crm_store_insert_activity (f->store, overdue, &error), >, 0);
  g_assert_no_error (error);
  assert_summary (f->store, zhang, test_now - DAY, test_now - 2 * HOUR);

  /* The other customer is untouched */
  assert_summary (f->store, li, 0, 0);

  /* Done now: it becomes the last contact, the next one moves on */
  crm_activity_set_done_at (overdue, test_now);
  crm_activity_set_outcome (overdue, CRM_OUTCOME_REACHED);
  g_assert_true (crm_store_update_activity (f->store, overdue, &error));
  g_assert_no_error (error);
  assert_summary (f->store, zhang, test_now, test_now + DAY);

  /* Moved later: the next follow-up follows */
  {
    g_autoptr(CrmActivity) moved = crm_activity_new ();

    crm_activity_set_id (moved, soon);
    crm_activity_set_customer_id (moved, zhang);
    crm_activity_set_planned_at (moved, test_now + 3 * DAY);
    g_assert_true (crm_store_update_activity (f->store, moved, &error));
    g_assert_no_error (error);
    assert_summary (f->store, zhang, test_now, test_now + 2 * DAY);
  }

  /* The timeline: planned first (soonest first), then done (newest first) */
  expected_order[0] = later;
  expected_order[1] = soon;
  timeline = crm_store_list_activities_for_customer (f->store, zhang);
  g_assert_cmpuint (g_list_model_get_n_items (timeline), ==, 6);
  {
    g_autoptr(CrmActivity) a0 = g_list_model_get_item (timeline, 0);
    g_autoptr(CrmActivity) a1 = g_list_model_get_item (timeline, 1);
    g_autoptr(CrmActivity) a2 = g_list_model_get_item (timeline, 2);
    g_autoptr(CrmActivity) a3 = g_list_model_get_item (timeline, 3);
    g_autoptr(CrmActivity) a4 = g_list_model_get_item (timeline, 4);
    g_autoptr(CrmActivity) a5 = g_list_model_get_item (timeline, 5);

    g_assert_cmpint (crm_activity_get_id (a0), ==, expected_order[0]);
    g_assert_cmpint (crm_activity_get_id (a1), ==, expected_order[1]);
    g_assert_cmpint (crm_activity_get_id (a2), ==, crm_activity_get_id (overdue));
    g_assert_cmpint (crm_activity_get_id (a3), ==, expected_order[2]);
    g_assert_cmpint (crm_activity_get_id (a4), ==, expected_order[3]);
    g_assert_cmpint (crm_activity_get_id (a5), ==, expected_order[4]);

    /* The stored fields come back */
    g_assert_cmpint (crm_activity_get_kind (a2), ==, CRM_ACTIVITY_WECHAT);
    g_assert_cmpint (crm_activity_get_outcome (a2), ==, CRM_OUTCOME_REACHED);
    g_assert_cmpint (crm_activity_get_planned_at (a2), ==, test_now - 2 * HOUR);
    g_assert_cmpint (crm_activity_get_done_at (a2), ==, test_now);
    g_assert_true (crm_activity_get_is_done (a2));
    g_assert_cmpint (crm_activity_get_staff_id (a2), ==, f->sales1);
    g_assert_cmpstr (crm_activity_get_staff_name (a2), ==, "李娜");
    g_assert_false (crm_activity_get_is_done (a0));
  }

  /* Refused: no time at all, an unknown customer, an unknown staff member,
   * an activity that does not exist */
  crm_activity_set_customer_id (empty, zhang);
  g_assert_cmpint (crm_store_insert_activity (f->store, empty, &error), ==, 0);
  g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  crm_activity_set_customer_id (missing, 4242);
  crm_activity_set_planned_at (missing, test_now);
  g_assert_cmpint (crm_store_insert_activity (f->store, missing, &error), ==, 0);
  g_assert_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND);
  g_clear_error (&error);
  crm_activity_set_customer_id (missing, zhang);
  crm_activity_set_staff_id (missing, 4242);
  g_assert_cmpint (crm_store_insert_activity (f->store, missing, &error), ==, 0);
  g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  crm_activity_set_staff_id (missing, 0);
  crm_activity_set_id (missing, 4242);
  g_assert_false (crm_store_update_activity (f->store, missing, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_cmpint (file_int (f->path, "SELECT count(*) FROM activity"), ==, 6);
  assert_summary (f->store, zhang, test_now, test_now + 2 * DAY);
}

/* A follow-up recorded on the wrong customer and moved to the right one:
 * both customers' summaries must follow */
static void
test_activity_summary_move_customer (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmActivity) activity = crm_activity_new ();
  gint64 zhang, li;

  zhang = add_customer (f->store, "张三", "13800138000", NULL);
  li = add_customer (f->store, "李四", "13912345678", NULL);

  crm_activity_set_customer_id (activity, zhang);
  crm_activity_set_planned_at (activity, test_now + DAY);
  g_assert_cmpint (crm_store_insert_activity (f->store, activity, &error), >, 0);
  g_assert_no_error (error);
  assert_summary (f->store, zhang, 0, test_now + DAY);
  g_array_set_size (f->changes, 0);

  crm_activity_set_customer_id (activity, li);
  g_assert_true (crm_store_update_activity (f->store, activity, &error));
  g_assert_no_error (error);

  assert_summary (f->store, li, 0, test_now + DAY);
  assert_summary (f->store, zhang, 0, 0);
  expect_changes (f, "customer:%" G_GINT64_FORMAT " customer:%" G_GINT64_FORMAT
                  " activity:%" G_GINT64_FORMAT, zhang, li, crm_activity_get_id (activity));
}

/* ------------------------------------------------------------------------
 * Deals
 * ------------------------------------------------------------------------ */

static void
test_deals (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmDeal) deal = crm_deal_new ();
  g_autoptr(CrmDeal) orphan = crm_deal_new ();
  g_autoptr(GListModel) deals = NULL;
  g_autoptr(CrmDeal) got = NULL;
  g_autofree char *history = NULL;
  g_autofree char *expected = NULL;
  gint64 zhang, deal_id;

  zhang = add_customer (f->store, "张三", "13800138000", NULL);

  crm_deal_set_customer_id (deal, zhang);
  crm_deal_set_model_id (deal, f->model1);
  crm_deal_set_owner_id (deal, f->sales1);
  crm_deal_set_stage (deal, CRM_STAGE_NEW_LEAD);
  crm_deal_set_expected_close (deal, test_now + 30 * DAY);
  deal_id = crm_store_insert_deal (f->store, deal, f->reception, &error);
  g_assert_no_error (error);
  g_assert_cmpint (deal_id, >, 0);
  g_assert_cmpint (crm_deal_get_id (deal), ==, deal_id);
  g_assert_cmpint (crm_deal_get_created_at (deal), ==, test_now);
  g_assert_cmpint (crm_deal_get_stage_entered_at (deal), ==, test_now);
  g_assert_cmpint (crm_store_count_stage_history (f->store, deal_id), ==, 1);

  deals = crm_store_list_deals_for_customer (f->store, zhang);
  g_assert_cmpuint (g_list_model_get_n_items (deals), ==, 1);
  got = g_list_model_get_item (deals, 0);
  g_assert_cmpint (crm_deal_get_id (got), ==, deal_id);
  g_assert_cmpint (crm_deal_get_customer_id (got), ==, zhang);
  g_assert_cmpint (crm_deal_get_model_id (got), ==, f->model1);
  g_assert_cmpstr (crm_deal_get_model_name (got), ==, "凯美瑞 2.0G 豪华版");
  g_assert_cmpint (crm_deal_get_stage (got), ==, CRM_STAGE_NEW_LEAD);
  g_assert_cmpint (crm_deal_get_expected_close (got), ==, test_now + 30 * DAY);
  g_assert_cmpint (crm_deal_get_owner_id (got), ==, f->sales1);
  g_clear_object (&got);
  g_clear_object (&deals);

  /* A day later it moves on: one more history row */
  crm_clock_advance (f->clock, DAY);
  g_assert_true (crm_store_move_deal (f->store, deal_id, CRM_STAGE_INVITED, f->sales1, &error));
  g_assert_no_error (error);
  g_assert_cmpint (crm_store_count_stage_history (f->store, deal_id), ==, 2);
  g_assert_true (crm_store_move_deal_at (f->store, deal_id, CRM_STAGE_VISITED, f->sales1,
                                         test_now + DAY + HOUR, &error));
  g_assert_no_error (error);
  g_assert_cmpint (crm_store_count_stage_history (f->store, deal_id), ==, 3);

  deals = crm_store_list_deals_for_customer (f->store, zhang);
  got = g_list_model_get_item (deals, 0);
  g_assert_cmpint (crm_deal_get_stage (got), ==, CRM_STAGE_VISITED);
  g_assert_cmpint (crm_deal_get_stage_entered_at (got), ==, test_now + DAY + HOUR);
  g_assert_cmpint (crm_deal_get_created_at (got), ==, test_now);

  history = file_rows (f->path,
                       "SELECT coalesce(from_stage, '-'), to_stage, at - (SELECT min(at) FROM stage_history),"
                       " staff_id FROM stage_history ORDER BY id");
  expected = g_strdup_printf ("-|new-lead|0|%" G_GINT64_FORMAT "\n"
                              "new-lead|invited|86400|%" G_GINT64_FORMAT "\n"
                              "invited|visited|90000|%" G_GINT64_FORMAT "\n",
                              f->reception, f->sales1, f->sales1);
  g_assert_cmpstr (history, ==, expected);

  /* Refused: an unknown deal, an unknown customer, an unknown owner */
  g_assert_false (crm_store_move_deal (f->store, 4242, CRM_STAGE_ORDERED, f->sales1, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (crm_store_count_stage_history (f->store, 4242), ==, 0);

  crm_deal_set_customer_id (orphan, 4242);
  g_assert_cmpint (crm_store_insert_deal (f->store, orphan, 0, &error), ==, 0);
  g_assert_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND);
  g_clear_error (&error);

  crm_deal_set_customer_id (orphan, zhang);
  crm_deal_set_owner_id (orphan, 4242);
  g_assert_cmpint (crm_store_insert_deal (f->store, orphan, 0, &error), ==, 0);
  g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  /* A deleted customer takes no new deals */
  g_assert_true (crm_store_delete_customer (f->store, zhang, NULL));
  crm_deal_set_owner_id (orphan, 0);
  g_assert_cmpint (crm_store_insert_deal (f->store, orphan, 0, &error), ==, 0);
  g_assert_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_cmpint (file_int (f->path, "SELECT count(*) FROM deal"), ==, 1);
  g_assert_cmpint (file_int (f->path, "SELECT count(*) FROM stage_history"), ==, 3);
}

/* ------------------------------------------------------------------------
 * Leads
 * ------------------------------------------------------------------------ */

static void
test_leads_create (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmCustomer) lead = make_customer ("张三", "138 0013 8000", NULL);
  g_autoptr(CrmCustomer) nameless = make_customer ("", "13912345678", NULL);
  g_autoptr(CrmCustomer) dup = make_customer ("张三的朋友", "13800138000", NULL);
  g_autoptr(CrmCustomer) bad_staff = make_customer ("王五", "18600001111", NULL);
  g_autoptr(CrmCustomer) got = NULL;
  g_autoptr(GListModel) deals = NULL;
  g_autoptr(CrmDeal) deal = NULL;
  g_autofree char *models = NULL;
  g_autofree char *expected_models = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 id;

  crm_customer_set_owner_id (lead, f->sales1);
  crm_customer_set_channel (lead, CRM_CHANNEL_DOUYIN);
  id = crm_leads_create (f->store, lead, f->model2, f->reception, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (crm_customer_get_id (lead), ==, id);

  got = get_customer (f->store, id);
  g_assert_cmpstr (crm_customer_get_phone (got), ==, "13800138000");
  g_assert_cmpint (crm_customer_get_channel (got), ==, CRM_CHANNEL_DOUYIN);
  models = model_ids_to_string (crm_customer_get_model_ids (got));
  expected_models = g_strdup_printf ("%" G_GINT64_FORMAT, f->model2);
  g_assert_cmpstr (models, ==, expected_models);

  deals = crm_store_list_deals_for_customer (f->store, id);
  g_assert_cmpuint (g_list_model_get_n_items (deals), ==, 1);
  deal = g_list_model_get_item (deals, 0);
  g_assert_cmpint (crm_deal_get_stage (deal), ==, CRM_STAGE_NEW_LEAD);
  g_assert_cmpint (crm_deal_get_model_id (deal), ==, f->model2);
  g_assert_cmpint (crm_deal_get_owner_id (deal), ==, f->sales1);
  g_assert_cmpint (crm_deal_get_created_at (deal), ==, test_now);
  g_assert_cmpint (crm_store_count_stage_history (f->store, crm_deal_get_id (deal)), ==, 1);
  g_assert_cmpint (file_int (f->path, "SELECT staff_id FROM stage_history"), ==, f->reception);
  g_clear_pointer (&models, g_free);
  {
    g_autofree char *expected = g_strdup_printf ("customer:%" G_GINT64_FORMAT " deal:%" G_GINT64_FORMAT,
                                                 id, crm_deal_get_id (deal));
    expect_changes (f, "%s", expected);
  }

  /* Neither customer nor deal when the customer is refused … */
  before = db_fingerprint (f->path);
  g_assert_cmpint (crm_leads_create (f->store, nameless, f->model1, f->reception, &error), ==, 0);
  g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_cmpint (crm_leads_create (f->store, dup, 0, f->reception, &error), ==, 0);
  g_assert_error (error, CRM_ERROR, CRM_ERROR_DUPLICATE);
  g_clear_error (&error);

  /* … nor when the deal is (taken in by someone not on the staff) */
  g_assert_cmpint (crm_leads_create (f->store, bad_staff, f->model1, 4242, &error), ==, 0);
  g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  expect_changes (f, "%s", "");
  after = db_fingerprint (f->path);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpint (crm_store_count_customers (f->store), ==, 1);
  g_assert_cmpint (crm_store_find_customer_by_phone (f->store, "18600001111", 0), ==, 0);
  g_assert_cmpint (file_int (f->path, "SELECT count(*) FROM deal"), ==, 1);
  g_assert_cmpint (file_int (f->path, "SELECT count(*) FROM stage_history"), ==, 1);

  /* The store is usable afterwards */
  g_clear_object (&bad_staff);
  bad_staff = make_customer ("王五", "18600001111", NULL);
  g_assert_cmpint (crm_leads_create (f->store, bad_staff, 0, f->reception, &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (crm_store_count_customers (f->store), ==, 2);
}

/* ------------------------------------------------------------------------
 * The customer list model
 * ------------------------------------------------------------------------ */

#define DEMO_SEED 20261124

typedef struct
{
  guint position;
  guint removed;
  guint added;
} ItemsChanged;

static void
on_items_changed_cb (GListModel *model,
                     guint       position,
                     guint       removed,
                     guint       added,
                     gpointer    user_data)
{
  GArray *log = user_data;
  ItemsChanged change = { position, removed, added };

  g_array_append_val (log, change);
}

static char *
items_changed_to_string (GArray *log)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < log->len; i++)
    {
      ItemsChanged *c = &g_array_index (log, ItemsChanged, i);
      g_string_append_printf (out, "%s(%u,%u,%u)", i ? " " : "", c->position, c->removed, c->added);
    }
  g_array_set_size (log, 0);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

#define assert_items_changed(log, expected)                                 \
  G_STMT_START {                                                            \
    g_autofree char *got_ = items_changed_to_string (log);                  \
    g_assert_cmpstr (got_, ==, (expected));                                 \
  } G_STMT_END

static void
on_flag_cb (gpointer  instance,
            gboolean *flag)
{
  *flag = TRUE;
}

static gboolean
on_timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

static void
wait_for_refreshed (CrmCustomerList *list)
{
  gboolean refreshed = FALSE;
  gboolean timed_out = FALSE;
  gulong handler = g_signal_connect (list, "refreshed", G_CALLBACK (on_flag_cb), &refreshed);
  guint timeout = g_timeout_add_seconds (20, on_timeout_cb, &timed_out);

  while (!refreshed && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  g_signal_handler_disconnect (list, handler);
  if (!timed_out)
    g_source_remove (timeout);
  g_assert_false (timed_out);
  g_assert_true (refreshed);
}

static void
assert_list_matches_query (CrmCustomerList *list,
                           GArray          *ids)
{
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, ids->len);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(CrmCustomer) item = g_list_model_get_item (G_LIST_MODEL (list), i);

      g_assert_nonnull (item);
      g_assert_cmpint (crm_customer_get_id (item), ==, g_array_index (ids, gint64, i));
    }
}

static void
generate_demo (CrmStore *store,
               guint     n_customers,
               guint     n_activities,
               guint32   seed)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (crm_demo_generate (store, n_customers, n_activities, seed, &error));
  g_assert_no_error (error);
}

/* The position of a customer whose name can get a space without moving:
 * the pinyin sort key ignores spaces */
static guint
find_renamable (CrmCustomerList  *list,
                guint             from,
                char            **new_name)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (list));

  for (guint i = from; i < n; i++)
    {
      g_autoptr(CrmCustomer) item = g_list_model_get_item (G_LIST_MODEL (list), i);
      const char *name = crm_customer_get_name (item);
      const char *second = g_utf8_next_char (name);
      g_autofree char *renamed = NULL;
      g_autofree char *old_key = crm_pinyin_sort_key (name);
      g_autofree char *new_key = NULL;

      renamed = g_strdup_printf ("%.*s %s", (int) (second - name), name, second);
      new_key = crm_pinyin_sort_key (renamed);
      if (g_str_equal (old_key, new_key))
        {
          *new_name = g_steal_pointer (&renamed);
          return i;
        }
    }
  g_assert_not_reached ();
}

typedef struct
{
  guint refreshed;
  guint n_items_at_refreshed;
} ListEvents;

static void
on_refreshed_cb (CrmCustomerList *list,
                 ListEvents      *events)
{
  events->refreshed++;
  events->n_items_at_refreshed = g_list_model_get_n_items (G_LIST_MODEL (list));
}

static void
wait_refreshed (ListEvents *events)
{
  gint64 start = g_get_monotonic_time ();

  while (events->refreshed == 0 && g_get_monotonic_time () - start < 10 * G_USEC_PER_SEC)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (events->refreshed, ==, 1);
}

/* A long list shows its first rows before the rest is read; the rest
 * extends it, and only then is it "refreshed" and done loading */
static void
test_list_first_page (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(CrmCustomerList) list = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GArray) log = g_array_new (FALSE, FALSE, sizeof (ItemsChanged));
  ListEvents events = { 0, 0 };
  ItemsChanged *change;

  generate_demo (f->store, 500, 1000, DEMO_SEED);
  list = crm_customer_list_new (f->store);
  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed_cb), log);
  g_signal_connect (list, "refreshed", G_CALLBACK (on_refreshed_cb), &events);
  wait_refreshed (&events);

  g_assert_cmpuint (events.n_items_at_refreshed, ==, 500);
  g_assert_false (crm_customer_list_get_loading (list));
  /* first the first 40 rows, then the other 460 after them */
  g_assert_cmpuint (log->len, ==, 2);
  change = &g_array_index (log, ItemsChanged, 0);
  g_assert_cmpuint (change->position, ==, 0);
  g_assert_cmpuint (change->removed, ==, 0);
  g_assert_cmpuint (change->added, ==, 40);
  change = &g_array_index (log, ItemsChanged, 1);
  g_assert_cmpuint (change->position, ==, 40);
  g_assert_cmpuint (change->removed, ==, 0);
  g_assert_cmpuint (change->added, ==, 460);

  /* in the order of the whole list */
  ids = query_ids (f->store, NULL, -1, -1, -1, CRM_CUSTOMER_SORT_NAME, FALSE);
  for (guint i = 0; i < 500; i += 37)
    {
      g_autoptr(CrmCustomer) item = g_list_model_get_item (G_LIST_MODEL (list), i);

      g_assert_cmpint (crm_customer_get_id (item), ==, g_array_index (ids, gint64, i));
    }

  /* A list that already shows rows changes in one piece */
  g_array_set_size (log, 0);
  events.refreshed = 0;
  crm_customer_list_set_sort (list, CRM_CUSTOMER_SORT_NAME, TRUE);
  wait_refreshed (&events);
  g_assert_cmpuint (log->len, ==, 1);

  /* A search answers in one piece: the SQL order is not the answer */
  g_array_set_size (log, 0);
  events.refreshed = 0;
  {
    g_autoptr(CrmCustomerList) searched = crm_customer_list_new (f->store);

    crm_customer_list_set_search (searched, "1");
    g_signal_connect (searched, "items-changed", G_CALLBACK (on_items_changed_cb), log);
    g_signal_connect (searched, "refreshed", G_CALLBACK (on_refreshed_cb), &events);
    wait_refreshed (&events);
    g_assert_cmpuint (events.n_items_at_refreshed, >, 40);
    g_assert_cmpuint (log->len, ==, 1);
  }
}

static void
test_list_basics (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmCustomerList) list = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GArray) log = g_array_new (FALSE, FALSE, sizeof (ItemsChanged));
  g_autoptr(CrmCustomer) first = NULL;
  g_autoptr(CrmCustomer) first_again = NULL;
  g_autoptr(CrmCustomer) last = NULL;
  g_autoptr(CrmCustomer) last_again = NULL;
  g_autoptr(CrmCustomer) renamed_item = NULL;
  g_autoptr(CrmCustomer) customer = NULL;
  g_autofree char *new_name = NULL;
  guint n_wang = 0;
  guint pos;
  gint64 id;

  generate_demo (f->store, 500, 2000, DEMO_SEED);
  g_assert_cmpint (crm_store_count_customers (f->store), ==, 500);

  list = crm_customer_list_new (f->store);
  g_assert_true (crm_customer_list_get_store (list) == f->store);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (list)) == CRM_TYPE_CUSTOMER);
  g_assert_true (crm_customer_list_refresh_sync (list, &error));
  g_assert_no_error (error);
  g_assert_false (crm_customer_list_get_loading (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 500);

  /* Items are made when asked for, and kept in a bounded cache */
  g_assert_cmpuint (crm_customer_list_get_n_cached (list), ==, 0);
  first = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_cmpuint (crm_customer_list_get_n_cached (list), ==, 1);
  first_again = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_true (first == first_again);
  g_assert_cmpuint (crm_customer_list_get_n_cached (list), ==, 1);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), 500));

  ids = query_ids (f->store, NULL, -1, -1, -1, CRM_CUSTOMER_SORT_NAME, FALSE);
  g_assert_cmpuint (ids->len, ==, 500);
  for (guint i = 0; i < 500; i++)
    {
      g_autoptr(CrmCustomer) item = g_list_model_get_item (G_LIST_MODEL (list), i);

      g_assert_cmpint (crm_customer_get_id (item), ==, g_array_index (ids, gint64, i));
      g_assert_cmpstr (crm_customer_get_name (item), !=, NULL);
      if (strstr (crm_customer_get_name (item), "王") != NULL)
        n_wang++;
      g_assert_cmpuint (crm_customer_list_get_n_cached (list), <=, 384);
    }
  g_assert_cmpuint (crm_customer_list_get_n_cached (list), <=, 384);
  g_assert_cmpuint (crm_customer_list_get_n_cached (list), >, 0);
  last = g_list_model_get_item (G_LIST_MODEL (list), 499);
  last_again = g_list_model_get_item (G_LIST_MODEL (list), 499);
  g_assert_true (last == last_again);
  g_assert_cmpuint (crm_customer_list_find (list, g_array_index (ids, gint64, 123)), ==, 123);
  g_assert_cmpuint (crm_customer_list_find (list, 999999), ==, G_MAXUINT);

  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed_cb), log);

  /* A rename that keeps the position: that one row changes, nothing else */
  pos = find_renamable (list, 250, &new_name);
  id = g_array_index (ids, gint64, pos);
  customer = get_customer (f->store, id);
  crm_customer_set_name (customer, new_name);
  g_assert_true (crm_store_update_customer (f->store, customer, &error));
  g_assert_no_error (error);
  g_assert_true (crm_customer_list_refresh_sync (list, &error));
  g_assert_no_error (error);
  {
    g_autofree char *expected = g_strdup_printf ("(%u,1,1)", pos);
    assert_items_changed (log, expected);
  }
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 500);
  renamed_item = g_list_model_get_item (G_LIST_MODEL (list), pos);
  g_assert_cmpint (crm_customer_get_id (renamed_item), ==, id);
  g_assert_cmpstr (crm_customer_get_name (renamed_item), ==, new_name);

  /* A delete removes exactly its row; a restore brings it back there */
  id = g_array_index (ids, gint64, 100);
  g_assert_true (crm_store_delete_customer (f->store, id, &error));
  g_assert_true (crm_customer_list_refresh_sync (list, &error));
  assert_items_changed (log, "(100,1,0)");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 499);
  g_assert_cmpuint (crm_customer_list_find (list, id), ==, G_MAXUINT);
  {
    g_autoptr(CrmCustomer) next = g_list_model_get_item (G_LIST_MODEL (list), 100);
    g_assert_cmpint (crm_customer_get_id (next), ==, g_array_index (ids, gint64, 101));
  }

  g_assert_true (crm_store_restore_customer (f->store, id, &error));
  g_assert_true (crm_customer_list_refresh_sync (list, &error));
  assert_items_changed (log, "(100,0,1)");
  g_assert_cmpuint (crm_customer_list_find (list, id), ==, 100);

  /* Nothing changed, nothing reported */
  g_assert_true (crm_customer_list_refresh_sync (list, &error));
  assert_items_changed (log, "");

  /* The search narrows the list to exactly the matching customers */
  crm_customer_list_set_search (list, "王");
  g_assert_cmpstr (crm_customer_list_get_search (list), ==, "王");
  g_assert_true (crm_customer_list_refresh_sync (list, &error));
  g_assert_cmpuint (n_wang, >, 0);
  g_assert_cmpuint (n_wang, <, 500);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, n_wang);
  for (guint i = 0; i < n_wang; i++)
    {
      g_autoptr(CrmCustomer) item = g_list_model_get_item (G_LIST_MODEL (list), i);
      g_assert_nonnull (strstr (crm_customer_get_name (item), "王"));
    }
  {
    g_autoptr(GArray) wang = search_ids (f->store, "王");
    assert_list_matches_query (list, wang);
  }

  /* Filters and sort as properties */
  crm_customer_list_set_search (list, "");
  g_assert_null (crm_customer_list_get_search (list));
  crm_customer_list_set_grade (list, CRM_GRADE_H);
  crm_customer_list_set_sort (list, CRM_CUSTOMER_SORT_CREATED, TRUE);
  g_assert_cmpint (crm_customer_list_get_grade (list), ==, CRM_GRADE_H);
  g_assert_cmpint (crm_customer_list_get_sort (list), ==, CRM_CUSTOMER_SORT_CREATED);
  g_assert_true (crm_customer_list_get_descending (list));
  g_assert_true (crm_customer_list_refresh_sync (list, &error));
  {
    g_autoptr(GArray) h = query_ids (f->store, NULL, CRM_GRADE_H, -1, -1, CRM_CUSTOMER_SORT_CREATED, TRUE);
    g_assert_cmpuint (h->len, >, 0);
    g_assert_cmpuint (h->len, <, 500);
    assert_list_matches_query (list, h);
  }
  crm_customer_list_set_grade (list, -1);
  crm_customer_list_set_owner_id (list, 0);
  g_assert_cmpint (crm_customer_list_get_owner_id (list), ==, 0);
  g_assert_true (crm_customer_list_refresh_sync (list, &error));
  {
    g_autoptr(GArray) unowned = query_ids (f->store, NULL, -1, -1, 0, CRM_CUSTOMER_SORT_CREATED, TRUE);
    g_assert_cmpuint (unowned->len, >, 0);
    assert_list_matches_query (list, unowned);
    for (guint i = 0; i < unowned->len; i++)
      {
        g_autoptr(CrmCustomer) item = g_list_model_get_item (G_LIST_MODEL (list), i);
        g_assert_cmpint (crm_customer_get_owner_id (item), ==, 0);
      }
  }

  g_signal_handlers_disconnect_by_data (list, log);
  g_assert_finalize_object (g_steal_pointer (&list));
}

static void
test_list_async (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(CrmCustomerList) list = NULL;
  g_autoptr(GArray) log = g_array_new (FALSE, FALSE, sizeof (ItemsChanged));
  g_autoptr(GArray) expected = NULL;
  g_autoptr(GArray) everyone = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;
  guint pos;

  generate_demo (f->store, 500, 2000, DEMO_SEED);

  /* Filled from a worker thread after creation */
  list = crm_customer_list_new (f->store);
  g_assert_true (crm_customer_list_get_loading (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  wait_for_refreshed (list);
  g_assert_false (crm_customer_list_get_loading (list));
  everyone = search_ids (f->store, NULL);
  assert_list_matches_query (list, everyone);

  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed_cb), log);

  /* Typing in the search box */
  crm_customer_list_set_search (list, "zhang");
  g_assert_true (crm_customer_list_get_loading (list));
  wait_for_refreshed (list);
  g_assert_false (crm_customer_list_get_loading (list));
  expected = search_ids (f->store, "zhang");
  g_assert_cmpuint (expected->len, >, 0);
  g_assert_cmpuint (expected->len, <, 500);
  assert_list_matches_query (list, expected);
  g_array_set_size (log, 0);

  /* A store change reaches the list through the main loop */
  pos = expected->len / 2;
  id = g_array_index (expected, gint64, pos);
  g_assert_true (crm_store_delete_customer (f->store, id, &error));
  g_assert_no_error (error);
  g_assert_true (crm_customer_list_get_loading (list));
  wait_for_refreshed (list);
  {
    g_autofree char *want = g_strdup_printf ("(%u,1,0)", pos);
    assert_items_changed (log, want);
  }
  g_assert_cmpuint (crm_customer_list_find (list, id), ==, G_MAXUINT);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, expected->len - 1);

  /* Quick changes of the search: what lands in the end is the last one,
   * also when a query was already running when it was replaced */
  crm_customer_list_set_search (list, "li");
  wait_for_refreshed (list);
  crm_customer_list_set_search (list, "chen");
  crm_customer_list_set_search (list, "wang");
  g_main_context_iteration (NULL, FALSE);   /* the query for "wang" starts */
  crm_customer_list_set_search (list, "zs 13");
  while (crm_customer_list_get_loading (list))
    wait_for_refreshed (list);
  {
    g_autoptr(GArray) zs = search_ids (f->store, "zs 13");
    assert_list_matches_query (list, zs);
  }

  g_signal_handlers_disconnect_by_data (list, log);
  g_clear_object (&list);
}

/* ------------------------------------------------------------------------
 * The demo showroom
 * ------------------------------------------------------------------------ */

static char *
describe_customers (CrmStore *store)
{
  g_autoptr(GArray) ids = query_ids (store, NULL, -1, -1, -1, CRM_CUSTOMER_SORT_CREATED, FALSE);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(CrmCustomer) c = get_customer (store, g_array_index (ids, gint64, i));
      g_autofree char *phones = strv_to_string (crm_customer_get_phones (c));

      g_string_append_printf (out, "%" G_GINT64_FORMAT " %s %s %s %d %d %" G_GINT64_FORMAT
                              " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT "\n",
                              crm_customer_get_id (c), crm_customer_get_name (c), phones,
                              crm_customer_get_wechat (c) ? crm_customer_get_wechat (c) : "-",
                              crm_customer_get_grade (c), crm_customer_get_channel (c),
                              crm_customer_get_owner_id (c), crm_customer_get_created_at (c),
                              crm_customer_get_last_contact_at (c), crm_customer_get_next_followup_at (c));
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
test_demo (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmClock) clock_b = crm_clock_new_fixed (test_now);
  g_autoptr(CrmClock) clock_c = crm_clock_new_fixed (test_now);
  g_autoptr(CrmStore) b = NULL;
  g_autoptr(CrmStore) c = NULL;
  g_autofree char *path_b = g_build_filename (f->dir, "b.db", NULL);
  g_autofree char *path_c = g_build_filename (f->dir, "c.db", NULL);
  g_autofree char *described_a = NULL;
  g_autofree char *described_b = NULL;
  g_autofree char *described_c = NULL;
  g_autofree char *stages_a = NULL;
  g_autofree char *stages_b = NULL;
  g_autofree char *name = NULL;
  g_autofree char *seed = NULL;
  const char * const stages[] = {
    "new-lead", "invited", "visited", "test-drive", "negotiation",
    "ordered", "delivered", "lost", "invalid",
  };

  b = crm_store_open (path_b, clock_b, &error);
  g_assert_no_error (error);
  c = crm_store_open (path_c, clock_c, &error);
  g_assert_no_error (error);

  generate_demo (f->store, 500, 2000, DEMO_SEED);
  generate_demo (b, 500, 2000, DEMO_SEED);
  generate_demo (c, 500, 2000, DEMO_SEED + 1);

  g_assert_true (crm_store_is_demo (f->store));
  g_assert_false (crm_store_needs_setup (f->store));
  name = crm_store_dup_showroom_name (f->store);
  g_assert_cmpstr (name, ==, "广汽丰田 天河4S店");
  seed = crm_store_dup_meta (f->store, "demo-seed");
  g_assert_cmpstr (seed, ==, "20261124");
  g_assert_cmpint (crm_store_count_customers (f->store), ==, 500);
  /* The follow-ups asked for, plus those planned by themselves: after-sales
   * care and birthdays, and what the test-drive lifecycle wrote (a completed
   * drive logs itself, a no-show plans a call) */
  g_assert_cmpint (file_int (f->path,
                             "SELECT (SELECT count(*) FROM activity WHERE care IS NULL)"
                             " - (SELECT count(*) FROM test_drive WHERE status IN ('completed', 'no-show'))"),
                   ==, 2000);
  g_assert_cmpint (file_int (f->path, "SELECT count(*) FROM activity WHERE care IS NOT NULL"), >, 0);

  /* The same seed and clock: the same showroom */
  described_a = describe_customers (f->store);
  described_b = describe_customers (b);
  g_assert_cmpstr (described_a, ==, described_b);
  stages_a = file_rows (f->path, "SELECT stage, count(*) FROM deal GROUP BY stage ORDER BY stage");
  stages_b = file_rows (path_b, "SELECT stage, count(*) FROM deal GROUP BY stage ORDER BY stage");
  g_assert_cmpstr (stages_a, ==, stages_b);
  {
    g_autoptr(GArray) ids_a = search_ids (f->store, "zs");
    g_autoptr(GArray) ids_b = search_ids (b, "zs");
    g_autofree char *str_a = ids_to_string (ids_a);
    g_autofree char *str_b = ids_to_string (ids_b);

    g_assert_cmpuint (ids_a->len, >, 0);
    g_assert_cmpstr (str_a, ==, str_b);
  }

  /* Another seed: another showroom */
  described_c = describe_customers (c);
  g_assert_cmpstr (described_a, !=, described_c);

  /* Deals in every stage, each with its history ending where it stands */
  g_assert_cmpint (file_int (f->path, "SELECT count(*) FROM deal"), ==, 500);
  for (gsize i = 0; i < G_N_ELEMENTS (stages); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM deal WHERE stage = '%s'", stages[i]);

      g_test_message ("stage %s", stages[i]);
      g_assert_cmpint (file_int (f->path, sql), >, 0);
    }
  g_assert_cmpint (file_int (f->path,
                             "SELECT count(*) FROM deal d WHERE d.stage IS NOT"
                             " (SELECT h.to_stage FROM stage_history h WHERE h.deal_id = d.id"
                             "  ORDER BY h.at DESC, h.id DESC LIMIT 1)"),
                   ==, 0);
  /* Follow-ups are done on time or, one in seven, up to a day late */
  g_assert_cmpint (file_int (f->path, "SELECT count(*) FROM activity WHERE done_at > planned_at + 26 * 3600"),
                   ==, 0);
  g_assert_cmpint (file_int (f->path, "SELECT count(*) FROM activity WHERE done_at > planned_at + 3600"),
                   >, 0);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM activity WHERE done_at > %" G_GINT64_FORMAT,
                                            test_now);
    g_assert_cmpint (file_int (f->path, sql), ==, 0);
  }

  /* Only into an empty database */
  g_assert_false (crm_demo_generate (f->store, 10, 10, DEMO_SEED, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
  g_assert_cmpint (crm_store_count_customers (f->store), ==, 500);
}

/* ------------------------------------------------------------------------ */

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "Asia/Shanghai", TRUE);
  tzset ();
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  test_now = local_unix (2026, 11, 24, 10, 0);

#define ADD(path, setup, func) \
  g_test_add (path, Fixture, NULL, setup, func, fixture_teardown)

  ADD ("/store/open/new", fixture_setup, test_open_new);
  ADD ("/store/open/creates-folder", fixture_setup, test_open_creates_folder);
  ADD ("/store/open/empty-file", fixture_setup, test_open_empty_file);
  ADD ("/store/open/not-a-database", fixture_setup, test_open_not_a_database);
  ADD ("/store/open/other-program", fixture_setup, test_open_other_program);
  ADD ("/store/open/too-new", fixture_setup, test_open_too_new);
  ADD ("/store/open/locked", fixture_setup, test_open_locked);
  ADD ("/store/open/locked-wal", fixture_setup, test_open_locked_wal);
  ADD ("/store/open/read-only", fixture_setup, test_open_read_only);
  ADD ("/store/write/locked", fixture_setup, test_write_locked);

  ADD ("/store/showroom/setup", fixture_setup_open, test_setup_showroom);
  ADD ("/store/staff", fixture_setup_showroom, test_staff);

  ADD ("/store/customer/round-trip", fixture_setup_showroom, test_customer_round_trip);
  ADD ("/store/customer/phone-typed-twice", fixture_setup_showroom, test_customer_phone_typed_twice);
  ADD ("/store/customer/update-delete-restore", fixture_setup_showroom, test_customer_update_delete_restore);
  ADD ("/store/customer/invalid", fixture_setup_showroom, test_customer_invalid);
  ADD ("/store/customer/duplicate-phone", fixture_setup_showroom, test_customer_duplicate_phone);

  ADD ("/store/customer/restore-taken-number", fixture_setup_showroom, test_customer_restore_taken_number);

  ADD ("/store/transaction/doomed", fixture_setup_showroom, test_transaction_doomed);
  ADD ("/store/transaction/rollback", fixture_setup_showroom, test_transaction_rollback);

  ADD ("/store/migrate/v1", fixture_setup, test_migrate_v1);

  ADD ("/store/query/search", fixture_setup_showroom, test_search);
  ADD ("/store/query/filters", fixture_setup_showroom, test_filters);
  ADD ("/store/query/sort-orders", fixture_setup_showroom, test_sort_orders);

  ADD ("/store/changed", fixture_setup_showroom, test_changed_signals);
  ADD ("/store/activity/summary", fixture_setup_showroom, test_activity_summary);
  ADD ("/store/activity/summary-move-customer", fixture_setup_showroom, test_activity_summary_move_customer);
  ADD ("/store/deal/history", fixture_setup_showroom, test_deals);
  ADD ("/store/leads/create", fixture_setup_showroom, test_leads_create);

  ADD ("/store/list/basics", fixture_setup_open, test_list_basics);
  ADD ("/store/list/first-page", fixture_setup_open, test_list_first_page);
  ADD ("/store/list/async", fixture_setup_open, test_list_async);
  ADD ("/store/demo/determinism", fixture_setup_open, test_demo);
#undef ADD

  return g_test_run ();
}
