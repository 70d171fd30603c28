/* test-backup.c: backups, their rotation, restoring one, damaged files
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "crm-backup.h"
#include "crm-error.h"
#include "crm-store.h"
#include "crm-test-util.h"

typedef CrmTestShowroom Fixture;

/* ------------------------------------------------------------------------
 * Rotation: a pure function over names
 * ------------------------------------------------------------------------ */

/* What is left of @names once @doomed is deleted, newest first */
static char *
kept_after (const char * const *names,
            GPtrArray          *doomed)
{
  g_autoptr(GString) kept = g_string_new (NULL);

  for (int i = 0; names[i] != NULL; i++)
    {
      gboolean gone = FALSE;

      for (guint j = 0; j < doomed->len; j++)
        gone |= g_str_equal (names[i], g_ptr_array_index (doomed, j));
      if (!gone)
        g_string_append_printf (kept, "%s%s", kept->len ? " " : "", names[i]);
    }
  return g_string_free (g_steal_pointer (&kept), FALSE);
}

static void
test_rotation_daily_weekly (void)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) doomed = NULL;
  g_autofree char *kept = NULL;
  g_autoptr(GDateTime) first = g_date_time_new_local (2026, 1, 1, 9, 0, 0);

  /* One backup a day from Thursday 1 January to Monday 9 February 2026,
   * newest first, a second one on the last day, and files of others */
  g_ptr_array_add (names, g_strdup ("showroom-20260209-180000.db"));
  for (int d = 39; d >= 0; d--)
    {
      g_autoptr(GDateTime) day = g_date_time_add_days (first, d);

      g_ptr_array_add (names, crm_backup_make_name ("showroom", day));
    }
  g_ptr_array_add (names, g_strdup ("branch-20250101-090000.db"));
  g_ptr_array_add (names, g_strdup ("showroom-20250101-090000.db.partial"));
  g_ptr_array_add (names, g_strdup ("notes.txt"));
  g_ptr_array_add (names, NULL);

  doomed = crm_backup_plan_rotation ("showroom", (const char * const *) names->pdata, 7, 4);

  /* 7 days with a backup (9 to 3 February, the evening one of the 9th),
   * then the newest of the 4 ISO weeks before week 6 (2–8 February):
   * Sunday 1 February, 25, 18 and 11 January. Nothing else of ours
   * survives; nothing of anyone else is touched. */
  kept = kept_after ((const char * const *) names->pdata, doomed);
  g_assert_cmpstr (kept, ==,
                   "showroom-20260209-180000.db "
                   "showroom-20260208-090000.db showroom-20260207-090000.db "
                   "showroom-20260206-090000.db showroom-20260205-090000.db "
                   "showroom-20260204-090000.db showroom-20260203-090000.db "
                   "showroom-20260201-090000.db showroom-20260125-090000.db "
                   "showroom-20260118-090000.db showroom-20260111-090000.db "
                   "branch-20250101-090000.db showroom-20250101-090000.db.partial notes.txt");
  g_assert_cmpuint (doomed->len, ==, 41 - 11);
}

static void
test_rotation_days_with_backups (void)
{
  /* A showroom closed for weeks keeps its last days' backups: days with a
   * backup count, not calendar days; unordered input is fine */
  const char *names[] = {
    "showroom-20260110-100000.db",
    "showroom-20260301-100000.db",
    "showroom-20260215-100000.db",
    "showroom-20260215-080000.db",
    "showroom-20260120-100000.db",
    NULL
  };
  g_autoptr(GPtrArray) doomed = crm_backup_plan_rotation ("showroom", names, 7, 4);
  g_autofree char *kept = kept_after (names, doomed);

  g_assert_cmpstr (kept, ==,
                   "showroom-20260110-100000.db showroom-20260301-100000.db "
                   "showroom-20260215-100000.db showroom-20260120-100000.db");
}

static void
test_names_and_due (void)
{
  g_autoptr(GDateTime) when = g_date_time_new_local (2026, 3, 5, 23, 59, 58);
  g_autoptr(GDateTime) parsed = NULL;
  g_autofree char *name = crm_backup_make_name ("showroom", when);
  g_autofree char *stem = crm_backup_dup_stem ("/data/branch two.db");
  gint64 evening = g_date_time_to_unix (when);

  g_assert_cmpstr (name, ==, "showroom-20260305-235958.db");
  parsed = crm_backup_parse_name ("showroom", name);
  g_assert_nonnull (parsed);
  g_assert_cmpint (g_date_time_to_unix (parsed), ==, evening);
  g_assert_null (crm_backup_parse_name ("show", name));
  g_assert_null (crm_backup_parse_name ("showroom", "showroom-2026030-235958.db"));
  g_assert_null (crm_backup_parse_name ("showroom", "showroom-20260305-235958.db.partial"));
  g_assert_cmpstr (stem, ==, "branch two");

  /* Due when today (local) has none: 2 s later is tomorrow */
  g_assert_true (crm_backup_is_due (0, evening));
  g_assert_false (crm_backup_is_due (evening - 23 * 3600, evening));
  g_assert_true (crm_backup_is_due (evening, evening + 2));
  g_assert_true (crm_backup_is_due (evening - 24 * 3600, evening));
  g_assert_cmpint (crm_backup_seconds_to_next_day (evening), ==, 2);
  g_assert_cmpint (crm_backup_seconds_to_next_day (evening + 2), ==, 24 * 3600);
}

/* ------------------------------------------------------------------------
 * Files
 * ------------------------------------------------------------------------ */

static char *
backups_folder (Fixture *f)
{
  return g_build_filename (f->dir, "backups", NULL);
}

static gint64
count_named (const char *path,
             const char *name)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM customer WHERE name = '%s'", name);

  return crm_test_file_int (path, sql);
}

static char *
take_backup (Fixture *f)
{
  g_autofree char *folder = backups_folder (f);
  g_autoptr(GError) error = NULL;
  char *path = crm_backup_run (f->store, folder, &error);

  g_assert_no_error (error);
  g_assert_nonnull (path);
  return path;
}

static void
copy_file (const char *from,
           const char *to)
{
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (from, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (to, contents, length, NULL));
}

/* Overwrites one page of the file with a pattern */
static void
smash_page (const char *path,
            gint64      page)
{
  FILE *file = g_fopen (path, "r+b");
  char garbage[4096];

  memset (garbage, 0x5a, sizeof garbage);
  g_assert_nonnull (file);
  g_assert_cmpint (fseek (file, (page - 1) * 4096, SEEK_SET), ==, 0);
  g_assert_cmpuint (fwrite (garbage, 1, sizeof garbage, file), ==, sizeof garbage);
  fclose (file);
}

/* A copy of @backup with its customer index's root page overwritten:
 * the schema and the header are whole, so the file opens; only a check
 * that reads every page finds it */
static char *
damaged_copy (Fixture    *f,
              const char *backup,
              const char *name)
{
  char *path = g_build_filename (f->dir, name, NULL);
  gint64 page;

  copy_file (backup, path);
  page = crm_test_file_int (path, "SELECT rootpage FROM sqlite_schema "
                                  "WHERE type = 'index' AND tbl_name = 'customer' ORDER BY name LIMIT 1");
  g_assert_cmpint (page, >, 1);
  smash_page (path, page);
  g_test_message ("smashed page %" G_GINT64_FORMAT " of %s", page, path);
  return path;
}

static void
add_customers (Fixture    *f,
               const char *prefix,
               int         n)
{
  for (int i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s%d", prefix, i);
      g_autofree char *phone = g_strdup_printf ("1391234%04d", (prefix[0] == 'B' ? 5000 : 0) + i);

      crm_test_add_customer (f->store, name, phone, NULL);
    }
}

static void
test_backup_then_restore (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *folder = backups_folder (f);
  g_autofree char *backup = NULL;
  g_autofree char *backup_wal = NULL;
  g_autofree char *aside = NULL;
  g_autofree char *journal = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GError) error = NULL;

  crm_test_add_customer (f->store, "赵敏", "13900000001", NULL);
  backup = take_backup (f);

  /* Named by the clock, whole, one file (no -wal to carry along) */
  g_assert_true (g_str_has_prefix (backup, folder));
  g_assert_true (crm_store_check_file (backup, CRM_STORE_CHECK_FULL, NULL, &error));
  g_assert_no_error (error);
  backup_wal = g_strconcat (backup, "-wal", NULL);
  g_assert_false (g_file_test (backup_wal, G_FILE_TEST_EXISTS));
  journal = crm_test_file_rows (backup, "PRAGMA journal_mode");
  g_assert_cmpstr (journal, ==, "delete\n");
  g_assert_cmpint (count_named (backup, "赵敏"), ==, 1);
  listed = crm_backup_list (folder, f->path);
  g_assert_cmpuint (listed->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (listed, 0), ==, backup);
  g_assert_cmpint (crm_backup_get_newest_time (folder, f->path), ==, crm_clock_get_now (f->clock));

  /* Work after the backup, then restore while the store is open */
  crm_test_add_customer (f->store, "钱进", "13900000002", NULL);
  g_assert_true (crm_store_restore_file (f->path, backup, &aside, &error));
  g_assert_no_error (error);
  g_assert_nonnull (aside);

  g_assert_cmpint (count_named (f->path, "赵敏"), ==, 1);
  g_assert_cmpint (count_named (f->path, "钱进"), ==, 0);
  /* The file that was replaced is kept, with the later work in it */
  g_assert_cmpint (count_named (aside, "钱进"), ==, 1);
  g_assert_true (crm_store_check_file (f->path, CRM_STORE_CHECK_FULL, NULL, &error));
  g_assert_no_error (error);
  {
    g_autofree char *mode = crm_test_file_rows (f->path, "PRAGMA journal_mode");
    g_assert_cmpstr (mode, ==, "wal\n");
  }

  /* Reopened, the showroom is the backup's */
  crm_test_showroom_close_store (f);
  crm_test_showroom_open_store (f);
  g_assert_cmpint (crm_customer_store_count (crm_store_get_customer_store (f->store)), ==, 1);
}

typedef enum
{
  BAD_DAMAGED,
  BAD_TRUNCATED,
  BAD_NEWER,
  BAD_NOT_A_DATABASE,
  BAD_EMPTY,
} Bad;

static void
test_restore_refuses (Fixture       *f,
                      gconstpointer  data)
{
  Bad bad = GPOINTER_TO_INT (data);
  g_autofree char *good = NULL;
  g_autofree char *candidate = NULL;
  g_autofree char *before = NULL;
  g_autofree char *candidate_before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *aside = NULL;
  g_autofree char *stage = g_strconcat (f->path, ".restoring", NULL);
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;
  int expected = 0;

  add_customers (f, "A", 300);
  good = take_backup (f);
  crm_test_add_customer (f->store, "钱进", "13900000002", NULL);

  switch (bad)
    {
    case BAD_DAMAGED:
      candidate = damaged_copy (f, good, "damaged.db");
      expected = CRM_ERROR_CORRUPT;
      break;
    case BAD_TRUNCATED:
      {
        g_autofree char *contents = NULL;
        gsize length;

        candidate = g_build_filename (f->dir, "truncated.db", NULL);
        g_assert_true (g_file_get_contents (good, &contents, &length, NULL));
        g_assert_cmpuint (length, >, 8 * 4096);
        g_assert_true (g_file_set_contents (candidate, contents, length / 2, NULL));
        expected = CRM_ERROR_CORRUPT;
      }
      break;
    case BAD_NEWER:
      {
        sqlite3 *db;

        candidate = g_build_filename (f->dir, "newer.db", NULL);
        copy_file (good, candidate);
        db = crm_test_raw_open (candidate);
        crm_test_raw_exec (db, "PRAGMA user_version = 99");
        sqlite3_close (db);
        expected = CRM_ERROR_TOO_NEW;
      }
      break;
    case BAD_NOT_A_DATABASE:
      candidate = g_build_filename (f->dir, "notes.db", NULL);
      g_assert_true (g_file_set_contents (candidate, "姓名,电话\n张三,13800138000\n", -1, NULL));
      expected = CRM_ERROR_NOT_A_DATABASE;
      break;
    case BAD_EMPTY:
      {
        sqlite3 *db;

        candidate = g_build_filename (f->dir, "empty.db", NULL);
        db = crm_test_raw_open (candidate);
        crm_test_raw_exec (db, "CREATE TABLE t (x); DROP TABLE t; VACUUM");
        sqlite3_close (db);
        expected = CRM_ERROR_NOT_A_DATABASE;
      }
      break;
    }

  crm_test_showroom_close_store (f);
  before = crm_test_file_checksum (f->path);
  candidate_before = crm_test_file_checksum (candidate);

  g_assert_false (crm_store_restore_file (f->path, candidate, &aside, &error));
  g_assert_error (error, CRM_ERROR, expected);
  g_assert_null (aside);
  g_test_message ("%s", error->message);

  /* Neither file changed, nothing left beside the showroom */
  after = crm_test_file_checksum (f->path);
  g_assert_cmpstr (after, ==, before);
  g_clear_pointer (&after, g_free);
  after = crm_test_file_checksum (candidate);
  g_assert_cmpstr (after, ==, candidate_before);
  g_assert_false (g_file_test (stage, G_FILE_TEST_EXISTS));
  dir = g_dir_open (f->dir, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_assert_null (strstr (name, "before-restore"));
  g_assert_cmpint (count_named (f->path, "钱进"), ==, 1);
}

/* The quick check finds what opening cannot: pages overwritten inside */
static void
test_quick_check_finds_damage (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *good = NULL;
  g_autofree char *damaged = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(CrmStore) store = NULL;
  g_autoptr(GError) error = NULL;

  add_customers (f, "A", 300);
  good = take_backup (f);
  damaged = damaged_copy (f, good, "damaged.db");

  /* The undamaged store passes, so the check can tell them apart */
  g_assert_true (crm_store_check (f->store, CRM_STORE_CHECK_QUICK, &error));
  g_assert_no_error (error);

  store = crm_store_open (damaged, f->clock, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_false (crm_store_is_damaged (store));
  g_assert_false (crm_store_check (store, CRM_STORE_CHECK_QUICK, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_CORRUPT);
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  /* Once known damaged, nothing more is written to it */
  before = crm_test_file_checksum (damaged);
  crm_store_set_damaged (store);
  g_assert_true (crm_store_is_damaged (store));
  g_assert_false (crm_store_begin (store, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_CORRUPT);
  g_clear_error (&error);
  g_assert_false (crm_store_set_meta (store, "x", "y", &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_CORRUPT);
  g_clear_error (&error);
  g_clear_object (&store);
  after = crm_test_file_checksum (damaged);
  g_assert_cmpstr (after, ==, before);

  g_assert_false (crm_store_check_file (damaged, CRM_STORE_CHECK_QUICK, NULL, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_CORRUPT);
}

/* A cut-off file is refused when opened, and left as it was */
static void
test_open_truncated (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *good = NULL;
  g_autofree char *cut = g_build_filename (f->dir, "cut.db", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(CrmStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  add_customers (f, "A", 300);
  good = take_backup (f);
  g_assert_true (g_file_get_contents (good, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (cut, contents, length - 4096, NULL));
  before = crm_test_file_checksum (cut);

  store = crm_store_open (cut, f->clock, &error);
  g_assert_null (store);
  g_assert_error (error, CRM_ERROR, CRM_ERROR_CORRUPT);
  after = crm_test_file_checksum (cut);
  g_assert_cmpstr (after, ==, before);
}

/* A showroom file that cannot be opened at all is moved aside whole and
 * the newest good backup (a damaged newer one skipped) takes its place */
static void
test_restore_over_unreadable (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *folder = backups_folder (f);
  g_autofree char *older = NULL;
  g_autofree char *newer = NULL;
  g_autofree char *found = NULL;
  g_autofree char *aside = NULL;
  g_autofree char *before = NULL;
  g_autofree char *kept = NULL;
  g_autoptr(GError) error = NULL;

  crm_test_add_customer (f->store, "赵敏", "13900000001", NULL);
  older = take_backup (f);
  /* The next day: rotation keeps only the newest backup of a day */
  crm_clock_set_now (f->clock, crm_clock_get_now (f->clock) + 24 * 3600);
  add_customers (f, "B", 300);
  newer = take_backup (f);
  g_assert_cmpstr (older, !=, newer);
  g_free (damaged_copy (f, newer, "scratch.db"));
  {
    /* Damage the newer backup itself */
    g_autofree char *scratch = g_build_filename (f->dir, "scratch.db", NULL);

    copy_file (scratch, newer);
    g_assert_false (crm_store_check_file (newer, CRM_STORE_CHECK_QUICK, NULL, &error));
    g_assert_error (error, CRM_ERROR, CRM_ERROR_CORRUPT);
    g_clear_error (&error);
  }

  found = crm_backup_find_newest_good (folder, f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found, ==, older);

  crm_test_showroom_close_store (f);
  g_assert_true (g_file_set_contents (f->path, "garbage, not a database", -1, NULL));
  before = crm_test_file_checksum (f->path);

  g_assert_true (crm_store_restore_file (f->path, found, &aside, &error));
  g_assert_no_error (error);
  kept = crm_test_file_checksum (aside);
  g_assert_cmpstr (kept, ==, before);
  g_assert_cmpint (count_named (f->path, "赵敏"), ==, 1);

  crm_test_showroom_open_store (f);
  g_assert_cmpint (crm_customer_store_count (crm_store_get_customer_store (f->store)), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  crm_test_init (&argc, &argv);

#define ADD(path, setup, func, data) \
  g_test_add (path, Fixture, GINT_TO_POINTER (data), setup, func, crm_test_teardown)

  g_test_add_func ("/backup/rotation/daily-weekly", test_rotation_daily_weekly);
  g_test_add_func ("/backup/rotation/days-with-backups", test_rotation_days_with_backups);
  g_test_add_func ("/backup/names-and-due", test_names_and_due);
  ADD ("/backup/round-trip", crm_test_setup_showroom, test_backup_then_restore, 0);
  ADD ("/backup/restore-refuses/damaged", crm_test_setup_showroom, test_restore_refuses, BAD_DAMAGED);
  ADD ("/backup/restore-refuses/truncated", crm_test_setup_showroom, test_restore_refuses, BAD_TRUNCATED);
  ADD ("/backup/restore-refuses/newer", crm_test_setup_showroom, test_restore_refuses, BAD_NEWER);
  ADD ("/backup/restore-refuses/not-a-database", crm_test_setup_showroom, test_restore_refuses, BAD_NOT_A_DATABASE);
  ADD ("/backup/restore-refuses/empty", crm_test_setup_showroom, test_restore_refuses, BAD_EMPTY);
  ADD ("/backup/damage/quick-check", crm_test_setup_showroom, test_quick_check_finds_damage, 0);
  ADD ("/backup/damage/truncated-open", crm_test_setup_showroom, test_open_truncated, 0);
  ADD ("/backup/restore-over-unreadable", crm_test_setup_showroom, test_restore_over_unreadable, 0);
#undef ADD

  return g_test_run ();
}
