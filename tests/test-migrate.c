/* test-migrate.c: a showroom file moved to the server (showroom --migrate-to)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs on the test PostgreSQL server only (suite postgresql): the demo
 * showroom is written to a SQLite file, copied to an empty database, and
 * both are compared table by table, row by row where it matters. */
#include "config.h"

#include "crm-demo.h"
#include "crm-error.h"
#include "crm-test-util.h"

typedef struct
{
  char *dir;
  char *file;   /* the SQLite showroom */
  char *uri;    /* an empty database on the server */
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmClock) clock = crm_clock_new_fixed (crm_test_now ());
  g_autoptr(CrmStore) store = NULL;

  f->dir = g_dir_make_tmp ("showroom-migrate-XXXXXX", &error);
  g_assert_no_error (error);
  f->file = g_build_filename (f->dir, "showroom.db", NULL);
  store = crm_store_open (f->file, clock, &error);
  g_assert_no_error (error);
  g_assert_true (crm_demo_generate (store, 400, 3000, 20261207, &error));
  g_assert_no_error (error);
  g_clear_object (&store);

  f->uri = crm_test_pg_new_database ();
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  crm_test_pg_drop_database (f->uri);
  crm_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->file);
  g_free (f->uri);
}

static void
on_table (const char *table,
          gint64      rows,
          gpointer    user_data)
{
  g_ptr_array_add (user_data, g_strdup (table));
}

/* What must be the same on both sides, whatever the engine */
static const char * const same_rows[] = {
  "SELECT id, name, phone_or_none, grade, channel, coalesce(owner_id, 0), created_at, sort_key FROM"
  " (SELECT c.*, coalesce((SELECT number FROM customer_phone p WHERE p.customer_id = c.id"
  "   AND p.position = 0), '-') AS phone_or_none FROM customer c) x ORDER BY id",
  "SELECT id, customer_id, stage, stage_entered_at, price, reach, coalesce(first_ordered_at, 0),"
  " CASE WHEN live THEN 1 ELSE 0 END FROM deal ORDER BY id",
  "SELECT id, deal_id, coalesce(from_stage, '-'), to_stage, at, coalesce(stay_start, 0) FROM stage_history ORDER BY id",
  "SELECT id, customer_id, kind, coalesce(planned_at, 0), coalesce(done_at, 0), outcome FROM activity ORDER BY id",
  "SELECT hour, staff_id, planned, on_time FROM followup_hour ORDER BY hour, staff_id",
  "SELECT hour, stage, stays, seconds FROM stay_hour ORDER BY hour, stage",
  "SELECT id, vehicle_id, staff_id, start_at, end_at, status FROM test_drive ORDER BY id",
  "SELECT key, value FROM meta WHERE key NOT IN ('schema-version', 'application') ORDER BY key",
};

static void
test_migrate_copy (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) copied = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *before = crm_test_file_checksum (f->file);
  g_autofree char *after = NULL;
  g_autoptr(CrmStore) store = NULL;
  g_autoptr(CrmClock) clock = crm_clock_new_fixed (crm_test_now ());
  gint64 max_customer;
  gint64 id;

  g_assert_true (crm_store_migrate_to (f->file, f->uri, on_table, copied, &error));
  g_assert_no_error (error);

  /* Every table, counted on both sides */
  g_assert_cmpuint (copied->len, ==, 24);
  for (guint i = 0; i < copied->len; i++)
    {
      /* meta: the server keeps the schema's version and owner there too */
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s%s", (char *) copied->pdata[i],
                                              g_str_equal (copied->pdata[i], "meta")
                                                ? " WHERE key NOT IN ('schema-version', 'application')" : "");

      g_test_message ("%s: %" G_GINT64_FORMAT, (char *) copied->pdata[i], crm_test_file_int (f->file, sql));
      g_assert_cmpint (crm_test_file_int (f->uri, sql), ==, crm_test_file_int (f->file, sql));
    }
  g_assert_cmpint (crm_test_file_int (f->uri, "SELECT count(*) FROM customer"), ==, 400);

  /* Ids, history and the dashboard's sums kept */
  for (guint i = 0; i < G_N_ELEMENTS (same_rows); i++)
    {
      g_autofree char *a = crm_test_file_rows (f->file, same_rows[i]);
      g_autofree char *b = crm_test_file_rows (f->uri, same_rows[i]);

      g_assert_cmpstr (b, ==, a);
    }

  /* The planner has statistics of the copy at once */
  g_assert_cmpint (crm_test_file_int (f->uri, "SELECT count(*) FROM pg_stats WHERE schemaname = 'public'"
                                              " AND tablename = 'customer'"), >, 0);

  /* The file was only read */
  after = crm_test_file_checksum (f->file);
  g_assert_cmpstr (after, ==, before);

  /* The server's showroom works, and new rows go after the copied ids */
  max_customer = crm_test_file_int (f->uri, "SELECT max(id) FROM customer");
  store = crm_store_open (f->uri, clock, &error);
  g_assert_no_error (error);
  id = crm_test_add_customer (store, "迁移后", "13912345678", NULL);
  g_assert_cmpint (id, ==, max_customer + 1);
  {
    g_autoptr(GArray) a = crm_test_query_customer_ids (store, NULL, -1, -1, -1, CRM_CUSTOMER_SORT_NAME, FALSE);

    g_assert_cmpuint (a->len, ==, 401);
  }
  {
    g_autoptr(GArray) found = crm_test_search_customer_ids (store, "qianyihou");

    crm_test_assert_ids (found, id);
  }
}

/* A second run finds the showroom there and changes nothing */
static void
test_migrate_refuses_non_empty (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_assert_true (crm_store_migrate_to (f->file, f->uri, NULL, NULL, &error));
  g_assert_no_error (error);
  crm_test_file_exec (f->uri, "UPDATE customer SET name = '改过' WHERE id = 1");
  before = crm_test_db_fingerprint (f->uri);

  g_assert_false (crm_store_migrate_to (f->file, f->uri, NULL, NULL, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
  crm_test_assert_contains (error->message, "already holds a showroom");
  after = crm_test_db_fingerprint (f->uri);
  g_assert_cmpstr (after, ==, before);
}

/* Not a server address, not a showroom file: clear refusals */
static void
test_migrate_bad_input (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_build_filename (f->dir, "notes.txt", NULL);

  g_assert_false (crm_store_migrate_to (f->file, "/tmp/other.db", NULL, NULL, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (text, "not a database at all, just some notes", -1, NULL));
  g_assert_false (crm_store_migrate_to (text, f->uri, NULL, NULL, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_NOT_A_DATABASE);
  g_clear_error (&error);
  g_assert_cmpint (crm_test_file_int (f->uri, "SELECT count(*) FROM customer"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  crm_test_init (&argc, &argv);

  g_test_add ("/migrate/copy", Fixture, NULL, fixture_setup, test_migrate_copy, fixture_teardown);
  g_test_add ("/migrate/refuses-non-empty", Fixture, NULL, fixture_setup,
              test_migrate_refuses_non_empty, fixture_teardown);
  g_test_add ("/migrate/bad-input", Fixture, NULL, fixture_setup, test_migrate_bad_input, fixture_teardown);

  return g_test_run ();
}
