/* bench-kpi.c: the dashboard's figures on a big showroom, beside the sqlite3 shell
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   bench-kpi DATABASE [RUNS]
 *
 * Computes every KPI of the last 90 days for the whole showroom RUNS
 * times (after one warm-up) through the KPI engine, then runs the very
 * same SQL text (crm_store_kpi_dump_sql) in the sqlite3 command-line
 * shell on the same file as many times, timing each statement with
 * ".timer on". Prints the medians and their ratio. On a server (a
 * postgresql:// URI) only the engine is timed: the shell reads files.
 */
#include <glib.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crm-kpi.h"

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static double
median (GArray *values)
{
  qsort (values->data, values->len, sizeof (double), compare_double);
  return g_array_index (values, double, values->len / 2);
}

/* The sum of the "Run Time: real X" lines of the shell's .timer */
static double
shell_run (const char *script_path,
           const char *db,
           double     *wall_ms)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *command = g_strdup_printf ("sh -c 'sqlite3 -readonly \"%s\" < \"%s\"'", db, script_path);
  gint64 start = g_get_monotonic_time ();
  int status;
  double total = 0;
  const char *p;

  if (!g_spawn_command_line_sync (command, &out, &err, &status, &error))
    g_error ("sqlite3: %s", error->message);
  *wall_ms = (g_get_monotonic_time () - start) / 1000.0;
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("sqlite3 failed: %s\n%s", error->message, err);

  for (p = out; (p = strstr (p, "Run Time: real ")) != NULL; p++)
    total += g_ascii_strtod (p + strlen ("Run Time: real "), NULL);
  return total * 1000;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmStore) store = NULL;
  g_autoptr(CrmClock) clock = crm_clock_new ();
  g_autoptr(GArray) engine = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) shell = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) shell_wall = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *script = NULL;
  g_autofree char *script_path = NULL;
  int runs = argc > 2 ? atoi (argv[2]) : 5;
  gint64 now, start, end;
  gint64 window_start = 0, window_end = 0;
  int fd;

  if (argc < 2)
    {
      g_printerr ("usage: bench-kpi DATABASE [RUNS]\n");
      return 2;
    }

  store = crm_store_open (argv[1], clock, &error);
  if (store == NULL)
    g_error ("%s", error->message);

  now = crm_clock_get_now (clock);
  crm_kpi_range_bounds (CRM_KPI_RANGE_LAST_90_DAYS, crm_store_get_time_zone (store), now, NULL, NULL, &start, &end);

  for (int i = 0; i <= runs; i++)
    {
      gint64 t0 = g_get_monotonic_time ();
      g_autoptr(CrmKpiReport) report = crm_kpi_compute (store, start, end, 0, now, &error);
      double ms = (g_get_monotonic_time () - t0) / 1000.0;

      if (report == NULL)
        g_error ("%s", error->message);
      if (i == 0)
        {
          g_autofree char *rev = crm_kpi_report_format (report, CRM_KPI_REVENUE);
          g_print ("last 90 days: %u leads, %u orders, revenue %s, %u stays, %u follow-ups due, %u overdue\n",
                   report->funnel[0], report->orders, rev,
                   report->stays[CRM_STAGE_NEW_LEAD] + report->stays[CRM_STAGE_VISITED],
                   report->followups_due, report->overdue);
          window_start = report->window_start;
          window_end = report->window_end;
          continue;
        }
      g_array_append_val (engine, ms);
    }

  if (g_str_has_prefix (argv[1], "postgresql://") || g_str_has_prefix (argv[1], "postgres://"))
    {
      g_print ("KPI engine, all figures, last 90 days: median %.1f ms over %d runs (limit 200 ms)\n",
               median (engine), runs);
      g_print ("sqlite3 shell: not run, the showroom is on a server\n");
      return 0;
    }

  /* The same statements, the same parameters, in the shell */
  script = crm_store_kpi_dump_sql (start, end, window_start, window_end, 0, now);
  fd = g_file_open_tmp ("bench-kpi-XXXXXX.sql", &script_path, &error);
  if (fd < 0)
    g_error ("%s", error->message);
  close (fd);
  {
    g_autofree char *full = g_strconcat (".output /dev/null\n.timer on\n", script, NULL);
    if (!g_file_set_contents (script_path, full, -1, &error))
      g_error ("%s", error->message);
  }

  for (int i = 0; i <= runs; i++)
    {
      double wall;
      double ms = shell_run (script_path, argv[1], &wall);

      if (i == 0)
        continue;
      g_array_append_val (shell, ms);
      g_array_append_val (shell_wall, wall);
    }
  g_unlink (script_path);

  {
    double e = median (engine), s = median (shell), w = median (shell_wall);

    g_print ("KPI engine, all figures, last 90 days: median %.1f ms over %d runs (limit 200 ms)\n", e, runs);
    g_print ("sqlite3 shell, same SQL (.timer, sum of statements): median %.1f ms (whole process %.1f ms)\n", s, w);
    g_print ("engine / shell: %.2f (limit 1.0)\n", e / s);
  }
  return 0;
}
