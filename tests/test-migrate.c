/* test-migrate.c: a showroom file moved to the server (showroom --migrate-to)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs on the test PostgreSQL server only (suite postgresql): the demo
 * showroom is written to a SQLite file, copied to an empty database, and
 * both are compared table by table, row by row where it matters. */
#include "config.h"

#include <libpq-fe.h>

#include "crm-demo.h"
#include "crm-vin.h"
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

typedef struct
{
  GPtrArray *done;         /* the tables, as each was done */
  guint      reports;
  gint64     rows_done;    /* the last report's */
  gint64     rows_total;
  guint      table_index;
} Progress;

/* Each report goes forward, never back; a table is done once */
static void
on_progress (const CrmStoreMigrateProgress *progress,
             gpointer                       user_data)
{
  Progress *p = user_data;

  g_assert_cmpuint (progress->n_tables, ==, 28);
  g_assert_cmpint (progress->rows_done, >=, p->rows_done);
  g_assert_cmpint (progress->rows_done, <=, progress->rows_total);
  g_assert_cmpuint (progress->table_index, >=, p->table_index);
  g_assert_cmpuint (progress->table_index, <, progress->n_tables);
  if (p->reports > 0)
    g_assert_cmpint (progress->rows_total, ==, p->rows_total);
  p->reports++;
  p->rows_done = progress->rows_done;
  p->rows_total = progress->rows_total;
  p->table_index = progress->table_index;
  if (progress->table_done)
    {
      g_assert_cmpuint (p->done->len, ==, progress->table_index);
      g_ptr_array_add (p->done, g_strdup (progress->table));
    }
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
  "SELECT id, model_id, name, CASE WHEN new_energy THEN 1 ELSE 0 END FROM catalogue_trim ORDER BY id",
  "SELECT id, trim_id, name FROM catalogue_colour ORDER BY id",
  "SELECT trim_id, valid_from, guide_price FROM catalogue_price ORDER BY trim_id, valid_from",
  "SELECT id, vin, model_id, trim_id, colour_id, status, coalesce(arrived_at, 0), cost, location,"
  " coalesce(deal_id, 0) FROM stock_car ORDER BY id",
  "SELECT key, value FROM meta WHERE key NOT IN ('schema-version', 'application') ORDER BY key",
};

static void
test_migrate_copy (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) copied = g_ptr_array_new_with_free_func (g_free);
  Progress progress = { copied, };
  g_autofree char *before = crm_test_file_checksum (f->file);
  g_autofree char *after = NULL;
  g_autoptr(CrmStore) store = NULL;
  g_autoptr(CrmClock) clock = crm_clock_new_fixed (crm_test_now ());
  gint64 max_customer;
  gint64 id;

  g_assert_true (crm_store_migrate_to (f->file, f->uri, NULL, on_progress, &progress, &error));
  g_assert_no_error (error);

  /* Told table by table, and within the long ones (activity has 3,000
   * rows and more: reports every 2,000), up to every row of the file */
  g_assert_cmpuint (progress.reports, >, 2 * 28);
  g_assert_cmpint (progress.rows_done, ==, progress.rows_total);
  g_assert_cmpint (progress.rows_total, >, 3000);

  /* Every table, counted on both sides */
  g_assert_cmpuint (copied->len, ==, 28);
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

  /* The demo's stock came over, and a car added goes after it */
  g_assert_cmpint (crm_test_file_int (f->uri, "SELECT count(*) FROM stock_car"), >, 40);
  {
    CrmStockCar car;
    gint64 max_car = crm_test_file_int (f->uri, "SELECT max(id) FROM stock_car");

    crm_stock_car_init (&car);
    g_strlcpy (car.vin, "LVGBE40K0TG999999", sizeof car.vin);
    car.vin[8] = crm_vin_check_digit (car.vin);
    car.colour_id = crm_test_file_int (f->uri, "SELECT min(id) FROM catalogue_colour");
    car.trim_id = crm_test_file_int (f->uri, "SELECT trim_id FROM catalogue_colour ORDER BY id LIMIT 1");
    g_assert_cmpint (crm_stock_store_insert (crm_store_get_stock_store (store), &car, &error), ==, max_car + 1);
    g_assert_no_error (error);
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

  g_assert_true (crm_store_migrate_to (f->file, f->uri, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  crm_test_file_exec (f->uri, "UPDATE customer SET name = '改过' WHERE id = 1");
  before = crm_test_db_fingerprint (f->uri);

  g_assert_false (crm_store_migrate_to (f->file, f->uri, NULL, NULL, NULL, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
  crm_test_assert_contains (error->message, "already holds a showroom");
  after = crm_test_db_fingerprint (f->uri);
  g_assert_cmpstr (after, ==, before);
}

/* The database as the first desktop to connect leaves it (the schema,
 * the rules' defaults), as a fingerprint of every row */
static char *
fingerprint_as_connected (const char *uri)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmStore) store = crm_store_open (uri, NULL, &error);

  g_assert_no_error (error);
  g_clear_object (&store);
  return crm_test_db_fingerprint (uri);
}

typedef struct
{
  GCancellable *cancellable;
  const char   *at_table;
  gint64        at_rows;
  gint64        copied_when_cancelled;
} CancelAt;

/* Cancels when @at_table has sent @at_rows rows */
static void
on_progress_cancel (const CrmStoreMigrateProgress *progress,
                    gpointer                       user_data)
{
  CancelAt *at = user_data;

  if (g_str_equal (progress->table, at->at_table) && progress->table_rows >= at->at_rows &&
      !g_cancellable_is_cancelled (at->cancellable))
    {
      at->copied_when_cancelled = progress->rows_done;
      g_cancellable_cancel (at->cancellable);
    }
}

/* Stopped in the middle of a table, after most of the others: the
 * server keeps nothing of it, and a second try copies everything */
static void
test_migrate_cancel (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  CancelAt at = { cancellable, "activity", 2000, 0 };
  g_autofree char *file_before = crm_test_file_checksum (f->file);
  g_autofree char *server_before = fingerprint_as_connected (f->uri);
  g_autofree char *server_after = NULL;
  g_autofree char *file_after = NULL;

  g_assert_false (crm_store_migrate_to (f->file, f->uri, cancellable, on_progress_cancel, &at, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  /* customers, deals and more were sent before the stop */
  g_assert_cmpint (at.copied_when_cancelled, >, 400 + 2000);

  server_after = crm_test_db_fingerprint (f->uri);
  g_assert_cmpstr (server_after, ==, server_before);
  g_assert_cmpint (crm_test_file_int (f->uri, "SELECT count(*) FROM customer"), ==, 0);
  file_after = crm_test_file_checksum (f->file);
  g_assert_cmpstr (file_after, ==, file_before);

  g_assert_true (crm_store_migrate_to (f->file, f->uri, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (crm_test_file_int (f->uri, "SELECT count(*) FROM customer"), ==, 400);
}

typedef struct
{
  GCancellable *cancellable;
  PGconn       *locker;
  gint64        cancelled_at;
  GMutex        mutex;
  GCond         cond;
  gboolean      returned;
  GThread      *thread;
} Waiting;

/* Cancels; if the copy has not returned 5 s later, lets go of the lock
 * so the test fails instead of hanging */
static gpointer
cancel_later_thread (gpointer user_data)
{
  Waiting *w = user_data;
  gint64 end;

  g_usleep (300 * 1000);
  w->cancelled_at = g_get_monotonic_time ();
  g_cancellable_cancel (w->cancellable);

  end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  g_mutex_lock (&w->mutex);
  while (!w->returned)
    if (!g_cond_wait_until (&w->cond, &w->mutex, end))
      {
        PQclear (PQexec (w->locker, "ROLLBACK"));
        break;
      }
  g_mutex_unlock (&w->mutex);
  return NULL;
}

/* Once the copy comes to the locked table, the cancel comes 300 ms later */
static void
on_progress_wait (const CrmStoreMigrateProgress *progress,
                  gpointer                       user_data)
{
  Waiting *w = user_data;

  if (g_str_equal (progress->table, "vehicle") && w->thread == NULL)
    w->thread = g_thread_new ("cancel", cancel_later_thread, w);
}

/* The copy reaches the table another session holds locked; a cancel
 * there stops the waiting statement on the server at once (without
 * libpq's cancel request it would wait for the lock until the store's
 * lock_timeout, 5 s) */
static void
test_migrate_cancel_waiting (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *server_before = fingerprint_as_connected (f->uri);
  g_autofree char *server_after = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  Waiting w = { cancellable, NULL, 0, };
  PGresult *res;
  gint64 returned_at;

  /* ROW EXCLUSIVE lets the copy empty the table but not alter it */
  w.locker = PQconnectdb (f->uri);
  g_assert_cmpint (PQstatus (w.locker), ==, CONNECTION_OK);
  res = PQexec (w.locker, "BEGIN; LOCK TABLE vehicle IN ROW EXCLUSIVE MODE");
  g_assert_cmpint (PQresultStatus (res), ==, PGRES_COMMAND_OK);
  PQclear (res);

  g_assert_false (crm_store_migrate_to (f->file, f->uri, cancellable, on_progress_wait, &w, &error));
  g_assert_nonnull (w.thread);
  returned_at = g_get_monotonic_time ();
  g_mutex_lock (&w.mutex);
  w.returned = TRUE;
  g_cond_signal (&w.cond);
  g_mutex_unlock (&w.mutex);
  g_thread_join (g_steal_pointer (&w.thread));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (returned_at - w.cancelled_at, <, 3 * G_USEC_PER_SEC);

  PQclear (PQexec (w.locker, "ROLLBACK"));
  PQfinish (w.locker);
  g_mutex_clear (&w.mutex);
  g_cond_clear (&w.cond);
  server_after = crm_test_db_fingerprint (f->uri);
  g_assert_cmpstr (server_after, ==, server_before);
}

/* Not a server address, not a showroom file: clear refusals */
static void
test_migrate_bad_input (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_build_filename (f->dir, "notes.txt", NULL);

  g_assert_false (crm_store_migrate_to (f->file, "/tmp/other.db", NULL, NULL, NULL, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (text, "not a database at all, just some notes", -1, NULL));
  g_assert_false (crm_store_migrate_to (text, f->uri, NULL, NULL, NULL, &error));
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
  g_test_add ("/migrate/cancel", Fixture, NULL, fixture_setup, test_migrate_cancel, fixture_teardown);
  g_test_add ("/migrate/cancel-waiting", Fixture, NULL, fixture_setup, test_migrate_cancel_waiting,
              fixture_teardown);
  g_test_add ("/migrate/bad-input", Fixture, NULL, fixture_setup, test_migrate_bad_input, fixture_teardown);

  return g_test_run ();
}
