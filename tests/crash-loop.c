/* crash-loop.c: kill the showroom mid-write, over and over, and check what is left
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   crash-loop DIR [--kills N] [--mode kill|power|both] [--seed S]
 *
 * Makes a small demo showroom in DIR, then N times: starts a child (this
 * program again, --child) that opens it through the store and works as a
 * showroom does — leads imported from CSV, quick captures, stage moves,
 * follow-ups logged, test drives booked — telling the parent on a pipe
 * what it is about to do and what it has committed; the parent kills it
 * with SIGKILL at a random moment and then checks the file with SQLite
 * alone:
 *   - PRAGMA integrity_check says ok and foreign_key_check finds nothing;
 *   - every change the child reported as committed is there;
 *   - the change it was making when killed is there whole or not at all
 *     (an import's rows all or none, a capture's customer with its deal,
 *     a move's stage with its history), and the invariants hold: each
 *     deal stands where its last move took it, no car or consultant is
 *     booked twice at once.
 *
 * --mode power runs the child on a VFS that keeps every write in memory
 * until the file is synced (crm-test-vfs.c): the kill then also loses
 * what the disk had not been told to keep, as a power cut does. A plain
 * kill does not (the kernel still writes what it was given). Neither
 * models a disk that lies about syncing or tears a sector.
 *
 * Prints the counts; exits 1 at the first check that fails.
 */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "crm-demo.h"
#include "crm-import.h"
#include "crm-leads.h"
#include "crm-store.h"
#include "crm-test-vfs.h"

#define DAY (24 * 60 * 60)

/* ------------------------------------------------------------------ */
/* The child                                                           */

static void
say (const char *format,
     ...)
{
  va_list args;
  g_autofree char *line = NULL;
  gsize done = 0, len;

  va_start (args, format);
  line = g_strdup_vprintf (format, args);
  va_end (args);
  len = strlen (line);
  /* Unbuffered: a committed change is told before the next one starts */
  while (done < len)
    {
      ssize_t n = write (STDOUT_FILENO, line + done, len - done);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        _exit (3);
      done += n;
    }
}

static GArray *
column_ids (const char *path,
            const char *sql)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK)
    while (sqlite3_step (stmt) == SQLITE_ROW)
      {
        gint64 id = sqlite3_column_int64 (stmt, 0);
        g_array_append_val (ids, id);
      }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return ids;
}

static gint64
pick (GRand  *rand,
      GArray *ids)
{
  return ids->len ? g_array_index (ids, gint64, g_rand_int_range (rand, 0, ids->len)) : 0;
}

static int
run_child (const char *path,
           gboolean    power,
           guint32     seed,
           guint       base)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(CrmClock) clock = crm_clock_new ();
  g_autoptr(CrmStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) staff = column_ids (path, "SELECT id FROM staff WHERE role = 'sales'");
  g_autoptr(GArray) models = column_ids (path, "SELECT id FROM vehicle_model");
  g_autoptr(GArray) vehicles = column_ids (path, "SELECT id FROM vehicle");
  g_autoptr(GArray) customers = column_ids (path, "SELECT id FROM customer WHERE deleted_at IS NULL");
  g_autoptr(GArray) deals = column_ids (path, "SELECT id FROM deal WHERE stage IN ('new-lead', 'invited', 'visited')");
  guint serial = 0;

  if (power)
    crm_test_vfs_install_power_loss ();

  store = crm_store_open (path, clock, &error);
  if (store == NULL)
    {
      g_printerr ("child: %s\n", error->message);
      return 2;
    }

  for (;;)
    {
      int what = g_rand_int_range (rand, 0, 100);
      g_autofree char *phone = g_strdup_printf ("199%08u", base + serial++);

      g_clear_error (&error);
      if (what < 10)
        {
          /* A CSV of leads: all rows or none */
          g_autoptr(GString) csv = g_string_new ("姓名,手机号,来源\n");
          g_autoptr(CrmImport) import = NULL;
          CrmImportSummary summary = { 0, };
          guint n = g_rand_int_range (rand, 5, 40);

          for (guint i = 0; i < n; i++)
            g_string_append_printf (csv, "导入客户%u,199%08u,汽车之家\n", i, base + serial + i);
          say ("I import %s %u\n", phone, n);
          import = crm_import_new_from_data (csv->str, csv->len, &error);
          if (import != NULL && crm_import_run (import, store, FALSE, NULL, NULL, NULL, &summary, &error))
            say ("D import %s %u\n", phone, n);
          crm_import_summary_clear (&summary);
          serial += n;
        }
      else if (what < 35)
        {
          /* Quick capture: the customer and the deal */
          g_autoptr(CrmCustomer) customer = crm_customer_new ();
          const char *phones[] = { phone, NULL };
          gint64 id;

          crm_customer_set_name (customer, "到店客户");
          crm_customer_set_phones (customer, phones);
          crm_customer_set_channel (customer, CRM_CHANNEL_WALK_IN);
          say ("I capture %s\n", phone);
          id = crm_leads_create (store, customer, pick (rand, models), pick (rand, staff), &error);
          if (id > 0)
            {
              say ("D capture %s %" G_GINT64_FORMAT "\n", phone, id);
              g_array_append_val (customers, id);
            }
        }
      else if (what < 65)
        {
          /* A stage move, one step on */
          gint64 deal = pick (rand, deals);
          const char *to = g_rand_boolean (rand) ? "invited" : "visited";
          CrmStage stage = g_str_equal (to, "invited") ? CRM_STAGE_INVITED : CRM_STAGE_VISITED;

          say ("I move %" G_GINT64_FORMAT " %s\n", deal, to);
          if (crm_deal_store_move (crm_store_get_deal_store (store), deal, stage, pick (rand, staff), &error))
            say ("D move %" G_GINT64_FORMAT " %s\n", deal, to);
        }
      else if (what < 90)
        {
          /* A call logged as done */
          g_autoptr(CrmActivity) activity = crm_activity_new ();
          gint64 customer = pick (rand, customers);
          gint64 now = crm_clock_get_now (clock);
          gint64 id;

          crm_activity_set_customer_id (activity, customer);
          crm_activity_set_kind (activity, CRM_ACTIVITY_CALL);
          crm_activity_set_planned_at (activity, now - 60);
          crm_activity_set_done_at (activity, now);
          crm_activity_set_outcome (activity, CRM_OUTCOME_REACHED);
          crm_activity_set_note (activity, phone);
          crm_activity_set_staff_id (activity, pick (rand, staff));
          say ("I log %s\n", phone);
          id = crm_followup_store_insert (crm_store_get_followup_store (store), activity, &error);
          if (id > 0)
            say ("D log %s %" G_GINT64_FORMAT "\n", phone, id);
        }
      else
        {
          /* A test drive on one of the next 60 days, in opening hours */
          g_autoptr(CrmTestDrive) drive = crm_test_drive_new ();
          g_autoptr(GDateTime) local = g_date_time_new_now_local ();
          g_autoptr(GDateTime) day = g_date_time_add_days (local, g_rand_int_range (rand, 1, 60));
          g_autoptr(GDateTime) start = g_date_time_new_local (g_date_time_get_year (day), g_date_time_get_month (day),
                                                              g_date_time_get_day_of_month (day),
                                                              g_rand_int_range (rand, 10, 16),
                                                              g_rand_boolean (rand) ? 0 : 30, 0);
          gint64 id;

          crm_test_drive_set_customer_id (drive, pick (rand, customers));
          crm_test_drive_set_vehicle_id (drive, pick (rand, vehicles));
          crm_test_drive_set_staff_id (drive, pick (rand, staff));
          crm_test_drive_set_start_at (drive, g_date_time_to_unix (start));
          crm_test_drive_set_end_at (drive, g_date_time_to_unix (start) + 30 * 60);
          say ("I book %s\n", phone);
          id = crm_calendar_store_insert (crm_store_get_calendar_store (store), drive, &error);
          if (id > 0)
            say ("D book %s %" G_GINT64_FORMAT "\n", phone, id);
        }
    }
  return 0;
}

/* ------------------------------------------------------------------ */
/* The parent                                                          */

typedef struct
{
  sqlite3 *db;
  guint    checked;
} Checker;

static gint64
query_int (Checker    *c,
           const char *format,
           ...)
{
  va_list args;
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);
  if (sqlite3_prepare_v2 (c->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (c->db));
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  c->checked++;
  return value;
}

static char *
query_text (Checker    *c,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  GString *out = g_string_new (NULL);

  if (sqlite3_prepare_v2 (c->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (c->db));
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (out, "%s;", (const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return g_string_free (out, FALSE);
}

#define FAIL(...) G_STMT_START { g_printerr ("crash-loop: " __VA_ARGS__); g_printerr ("\n"); return FALSE; } G_STMT_END

/* One reported line: a committed change (done) or the one under way */
static gboolean
check_line (Checker    *c,
            char      **f,
            gboolean    done,
            GHashTable *last_stage)
{
  const char *kind = f[1];

  if (g_str_equal (kind, "import"))
    {
      guint n = atoi (f[3]);
      gint64 present = query_int (c, "SELECT count(*) FROM customer_phone p JOIN customer c ON c.id = p.customer_id"
                                     " WHERE p.number >= '199%08u' AND p.number < '199%08u'",
                                  atoi (f[2] + 3) + 1, atoi (f[2] + 3) + 1 + n);

      if (done ? present != n : (present != 0 && present != n))
        FAIL ("import from %s: %" G_GINT64_FORMAT " of %u rows there (%s)", f[2], present, n, done ? "committed" : "killed");
    }
  else if (g_str_equal (kind, "capture"))
    {
      gint64 customers = query_int (c, "SELECT count(*) FROM customer_phone WHERE number = '%s'", f[2]);
      gint64 with_deal = query_int (c, "SELECT count(*) FROM customer_phone p JOIN deal d ON d.customer_id = p.customer_id"
                                       " WHERE p.number = '%s'", f[2]);

      if (done && customers != 1)
        FAIL ("captured customer %s missing", f[2]);
      if (customers != with_deal)
        FAIL ("captured customer %s without a deal", f[2]);
    }
  else if (g_str_equal (kind, "move"))
    {
      if (done)
        g_hash_table_insert (last_stage, g_strdup (f[2]), g_strdup (f[3]));
    }
  else if (g_str_equal (kind, "log"))
    {
      gint64 n = query_int (c, "SELECT count(*) FROM activity WHERE note = '%s' AND done_at IS NOT NULL", f[2]);

      if (done ? n != 1 : n > 1)
        FAIL ("follow-up %s: %" G_GINT64_FORMAT " rows", f[2], n);
    }
  else if (g_str_equal (kind, "book"))
    {
      if (done && query_int (c, "SELECT count(*) FROM test_drive WHERE id = %s", f[3]) != 1)
        FAIL ("booking %s missing", f[3]);
    }
  return TRUE;
}

static gboolean
check_file (const char *path,
            char      **lines,
            GHashTable *last_stage,
            guint      *n_committed,
            guint      *n_checks)
{
  Checker c = { NULL, 0 };
  g_autofree char *integrity = NULL;
  g_autofree char *foreign = NULL;
  char **in_flight = NULL;
  gboolean ok = TRUE;

  if (sqlite3_open_v2 (path, &c.db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
    FAIL ("cannot open %s: %s", path, sqlite3_errmsg (c.db));
  /* Opening (and this read) recovers the WAL, as the next start would */
  integrity = query_text (&c, "PRAGMA integrity_check");
  foreign = query_text (&c, "PRAGMA foreign_key_check");
  if (!g_str_equal (integrity, "ok;"))
    {
      g_printerr ("crash-loop: integrity_check: %s\n", integrity);
      ok = FALSE;
    }
  if (foreign[0] != '\0')
    {
      g_printerr ("crash-loop: foreign_key_check: %s\n", foreign);
      ok = FALSE;
    }

  for (guint i = 0; ok && lines[i] != NULL; i++)
    {
      g_auto(GStrv) f = g_strsplit (lines[i], " ", 0);

      if (g_strv_length (f) < 3)
        continue;   /* the last line, cut by the kill */
      if (f[0][0] == 'D')
        {
          (*n_committed)++;
          ok = check_line (&c, f, TRUE, last_stage);
          g_clear_pointer (&in_flight, g_strfreev);
        }
      else if (f[0][0] == 'I')
        {
          g_clear_pointer (&in_flight, g_strfreev);
          in_flight = g_steal_pointer (&f);
        }
    }
  if (ok && in_flight != NULL)
    ok = check_line (&c, in_flight, FALSE, last_stage);

  /* Each deal stands where its last move took it (or the one under way) */
  if (ok)
    {
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, last_stage);
      while (ok && g_hash_table_iter_next (&iter, &key, &value))
        {
          g_autofree char *sql = g_strdup_printf ("SELECT stage FROM deal WHERE id = %s", (char *) key);
          g_autofree char *stage = query_text (&c, sql);
          g_autofree char *expected = g_strconcat (value, ";", NULL);
          g_autofree char *flight = NULL;

          if (in_flight != NULL && g_str_equal (in_flight[1], "move") && g_str_equal (in_flight[2], key))
            flight = g_strconcat (in_flight[3], ";", NULL);
          if (!g_str_equal (stage, expected) && g_strcmp0 (stage, flight) != 0)
            {
              g_printerr ("crash-loop: deal %s is %s, its last move took it to %s\n", (char *) key, stage, (char *) value);
              ok = FALSE;
            }
          else if (flight != NULL && g_str_equal (stage, flight))
            g_hash_table_insert (last_stage, g_strdup (key), g_strdup (in_flight[3]));
        }
    }
  if (ok && query_int (&c, "SELECT count(*) FROM deal d WHERE d.stage IS DISTINCT FROM"
                           " (SELECT h.to_stage FROM stage_history h WHERE h.deal_id = d.id"
                           "  ORDER BY h.at DESC, h.id DESC LIMIT 1)") != 0)
    {
      g_printerr ("crash-loop: a deal's stage differs from its last move\n");
      ok = FALSE;
    }
  if (ok && query_int (&c, "SELECT count(*) FROM test_drive a JOIN test_drive b ON a.id < b.id"
                           " AND a.status NOT IN ('cancelled', 'no-show') AND b.status NOT IN ('cancelled', 'no-show')"
                           " AND (a.vehicle_id = b.vehicle_id OR a.staff_id = b.staff_id)"
                           " AND a.start_at < b.end_at AND b.start_at < a.end_at") != 0)
    {
      g_printerr ("crash-loop: a car or a consultant booked twice at once\n");
      ok = FALSE;
    }

  *n_checks += c.checked;
  g_strfreev (in_flight);
  sqlite3_close (c.db);
  return ok;
}

/* Starts a child, kills it after @delay_ms, returns what it said */
static char *
run_and_kill (const char *self_path,
              const char *db,
              gboolean    power,
              guint32     seed,
              guint       base,
              guint       delay_ms,
              gboolean   *exited_early)
{
  g_autofree char *seed_text = g_strdup_printf ("%u", seed);
  g_autofree char *base_text = g_strdup_printf ("%u", base);
  const char *argv[] = { self_path, "--child", db, power ? "power" : "kill", seed_text, base_text, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  GPid pid;
  int fd, status;
  char buffer[4096];
  ssize_t n;

  if (!g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                                 &pid, NULL, &fd, NULL, &error))
    g_error ("spawn: %s", error->message);

  g_usleep (delay_ms * 1000);
  *exited_early = waitpid (pid, &status, WNOHANG) == pid;
  if (!*exited_early)
    {
      kill (pid, SIGKILL);
      waitpid (pid, &status, 0);
    }
  while ((n = read (fd, buffer, sizeof buffer)) > 0)
    g_string_append_len (out, buffer, n);
  close (fd);
  g_spawn_close_pid (pid);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

int
main (int   argc,
      char *argv[])
{
  guint kills = 50;
  const char *mode = "both";
  guint32 seed = 20261207;
  const char *dir = NULL;
  g_autofree char *db = NULL;
  g_autofree char *self_path = NULL;
  g_autoptr(GRand) rand = NULL;
  g_autoptr(GHashTable) last_stage = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  guint n_committed = 0, n_checks = 0, n_lines = 0, early = 0;
  guint per_mode[2] = { 0, 0 };
  gint64 started = g_get_monotonic_time ();

  g_setenv ("TZ", "Asia/Shanghai", TRUE);

  if (argc == 6 && g_str_equal (argv[1], "--child"))
    return run_child (argv[2], g_str_equal (argv[3], "power"), atoi (argv[4]), atoi (argv[5]));

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--kills") && i + 1 < argc)
        kills = atoi (argv[++i]);
      else if (g_str_equal (argv[i], "--mode") && i + 1 < argc)
        mode = argv[++i];
      else if (g_str_equal (argv[i], "--seed") && i + 1 < argc)
        seed = atoi (argv[++i]);
      else if (dir == NULL)
        dir = argv[i];
    }
  if (dir == NULL || (!g_str_equal (mode, "kill") && !g_str_equal (mode, "power") && !g_str_equal (mode, "both")))
    {
      g_printerr ("usage: crash-loop DIR [--kills N] [--mode kill|power|both] [--seed S]\n");
      return 2;
    }

  self_path = g_file_read_link ("/proc/self/exe", NULL);
  g_mkdir_with_parents (dir, 0700);
  db = g_build_filename (dir, "crash.db", NULL);
  for (const char *suffix = ""; suffix != NULL; suffix = g_str_equal (suffix, "") ? "-wal" : g_str_equal (suffix, "-wal") ? "-shm" : NULL)
    {
      g_autofree char *file = g_strconcat (db, suffix, NULL);
      g_unlink (file);
    }

  {
    g_autoptr(CrmClock) clock = crm_clock_new ();
    g_autoptr(GError) error = NULL;
    g_autoptr(CrmStore) store = crm_store_open (db, clock, &error);

    if (store == NULL || !crm_demo_generate (store, 300, 900, seed, &error))
      g_error ("demo: %s", error->message);
  }

  rand = g_rand_new_with_seed (seed);
  for (guint k = 0; k < kills; k++)
    {
      gboolean power = g_str_equal (mode, "power") || (g_str_equal (mode, "both") && k % 2 == 1);
      gboolean exited_early = FALSE;
      /* Past opening (some 20 ms) most of the time, sometimes during it */
      guint delay = g_rand_int_range (rand, 5, 400);
      g_autofree char *said = run_and_kill (self_path, db, power, seed + k, 1000000 + k * 20000,
                                            delay, &exited_early);
      g_auto(GStrv) lines = g_strsplit (said, "\n", 0);

      n_lines += g_strv_length (lines);
      early += exited_early;
      per_mode[power]++;
      if (!check_file (db, lines, last_stage, &n_committed, &n_checks))
        {
          g_printerr ("crash-loop: failed after kill %u (%s mode, %u ms, seed %u)\n",
                      k + 1, power ? "power" : "kill", delay, seed + k);
          return 1;
        }
    }

  g_print ("crash-loop: %u kills (%u plain, %u power loss), %u changes committed and found, "
           "%u checks, %u children ended before their kill, %.1f s\n",
           kills, per_mode[0], per_mode[1], n_committed, n_checks, early,
           (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC);
  return early > 0 ? 1 : 0;
}
