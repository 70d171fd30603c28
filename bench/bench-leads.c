/* bench-leads.c: leads in on a big showroom
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   bench-leads --write-csv FILE [ROWS]   a platform-style export (GBK-free
 *                                          UTF-8 with BOM, quoted notes)
 *   bench-leads --dup-check DATABASE      the quick-capture duplicate check:
 *                                          normalise the typed number, look
 *                                          it up, load the customer found
 *   bench-leads --import FILE DATABASE    the import in-process (time, peak RSS)
 *   bench-leads --deadlines DATABASE      the leads deadlines run (first
 *                                          contact, pool) as the scheduler
 *                                          runs it on the main thread
 *   bench-leads --catch-up DATABASE [BATCH]
 *                                          the whole catch-up after the
 *                                          showroom was closed: batches (of
 *                                          100 customers of each kind, or
 *                                          BATCH) until nothing is due, at
 *                                          SHOWROOM_NOW (Unix seconds) or
 *                                          the real time
 */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "crm-import.h"
#include "crm-leads.h"
#include "crm-phone.h"

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static double
percentile (GArray *values,
            double  p)
{
  qsort (values->data, values->len, sizeof (double), compare_double);
  return g_array_index (values, double, MIN (values->len - 1, (guint) (p * values->len)));
}

static long
peak_rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmHWM:");
  return line ? strtol (line + 6, NULL, 10) : -1;
}

static int
write_csv (const char *path,
           guint       rows)
{
  static const char *channels[] = { "汽车之家", "懂车帝-询价", "抖音直播", "易车", "官网", "小红书" };
  static const char *models[] = { "凯美瑞 2.0G", "雷凌双擎", "汉兰达", "威兰达", "bZ4X", "赛那" };
  g_autoptr(GString) text = g_string_sized_new (rows * 90);
  g_autoptr(GError) error = NULL;
  GRand *rand = g_rand_new_with_seed (42);

  g_string_append (text, "\xEF\xBB\xBF序号,客户姓名,手机号,线索来源,意向车型,城市,备注\r\n");
  for (guint i = 0; i < rows; i++)
    {
      guint number = g_rand_int_range (rand, 0, 100) < 2 && i > 0 ? i - 1 : i;   /* 2 % repeats */

      g_string_append_printf (text, "%u,客户%u,+86 1%c%u-%04u-%04u,%s,%s,广州,\"第%u条线索，想看%s\n周末到店\"\r\n",
                              i + 1, i, "3589"[number % 4], 3 + number % 7, (number / 10000) % 10000,
                              number % 10000, channels[i % G_N_ELEMENTS (channels)],
                              models[i % G_N_ELEMENTS (models)], i, models[(i + 1) % G_N_ELEMENTS (models)]);
    }
  g_rand_free (rand);
  if (!g_file_set_contents (path, text->str, text->len, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  g_print ("%s: %u rows, %zu bytes\n", path, rows, text->len);
  return 0;
}

static int
dup_check (const char *database)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmClock) clock = crm_clock_new ();
  g_autoptr(CrmStore) store = crm_store_open (database, clock, &error);
  g_autoptr(GArray) hits = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) misses = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) ids = NULL;
  CrmCustomerQuery query;
  GRand *rand = g_rand_new_with_seed (7);

  if (store == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  crm_customer_query_init (&query);
  ids = crm_customer_store_query_ids (crm_store_get_customer_store (store), &query, NULL, &error);
  crm_customer_query_clear (&query);

  for (guint i = 0; i < 2000; i++)
    {
      gboolean hit = i % 2 == 0;
      g_autofree char *typed = NULL;
      g_autofree char *normalized = NULL;
      gint64 start, found;

      if (hit)
        {
          g_autoptr(CrmCustomer) c = crm_customer_store_get (crm_store_get_customer_store (store), g_array_index (ids, gint64,
                                                                              g_rand_int_range (rand, 0, ids->len)), NULL);
          const char *phone = crm_customer_get_phone (c);
          /* typed the way reception types it */
          typed = g_strdup_printf ("+86 %.3s-%.4s-%s", phone, phone + 3, phone + 7);
        }
      else
        typed = g_strdup_printf ("+86 199-%04d-%04d", g_rand_int_range (rand, 0, 10000), g_rand_int_range (rand, 0, 10000));

      start = g_get_monotonic_time ();
      normalized = crm_phone_normalize (typed, NULL);
      found = crm_customer_store_find_by_phone (crm_store_get_customer_store (store), normalized, 0);
      if (found > 0)
        {
          g_autoptr(CrmCustomer) existing = crm_customer_store_get (crm_store_get_customer_store (store), found, NULL);
          g_assert (existing != NULL);
        }
      {
        double ms = (g_get_monotonic_time () - start) / 1000.0;
        g_array_append_val (hit ? hits : misses, ms);
      }
      if (hit && found == 0)
        g_printerr ("not found: %s\n", typed);
    }
  g_rand_free (rand);

  g_print ("duplicate check on %u customers: known number median %.3f ms, p99 %.3f ms; "
           "new number median %.3f ms, p99 %.3f ms\n",
           ids->len, percentile (hits, 0.5), percentile (hits, 0.99),
           percentile (misses, 0.5), percentile (misses, 0.99));
  return 0;
}

static int
import (const char *file,
        const char *database)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmClock) clock = crm_clock_new ();
  g_autoptr(CrmStore) store = crm_store_open (database, clock, &error);
  g_autoptr(CrmImport) import = NULL;
  CrmImportSummary summary;
  gint64 start = g_get_monotonic_time ();
  double read_s;

  if (store == NULL || (import = crm_import_new_from_file (file, &error)) == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  read_s = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  if (!crm_import_run (import, store, FALSE, NULL, NULL, NULL, &summary, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  g_print ("import: %u rows, %u new, %u skipped, %u unknown channel; read+decode %.2f s, total %.2f s, "
           "the showroom's write lock held %.2f s, peak RSS %.1f MB\n",
           summary.rows, summary.created, summary.skipped_in_file + summary.skipped_existing,
           summary.unknown_channel, read_s,
           (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC,
           summary.publish_us / (double) G_USEC_PER_SEC, peak_rss_kb () / 1024.0);
  crm_import_summary_clear (&summary);
  return 0;
}

static int
deadlines (const char *database)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmClock) clock = crm_clock_new ();
  g_autoptr(CrmStore) store = crm_store_open (database, clock, &error);
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  gint64 start, next = 0;
  guint changed;

  if (store == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  start = g_get_monotonic_time ();
  changed = crm_leads_run_deadlines (store, &next, &error);
  g_print ("deadlines, first run: %u customers warned, released or reassigned in %.1f ms\n",
           changed, (g_get_monotonic_time () - start) / 1000.0);
  for (guint i = 0; i < 50; i++)
    {
      double ms;

      start = g_get_monotonic_time ();
      crm_leads_run_deadlines (store, &next, &error);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (times, ms);
    }
  g_print ("deadlines, nothing due: median %.2f ms, p99 %.2f ms\n",
           percentile (times, 0.5), percentile (times, 0.99));

  /* What the scheduler does on the main thread after each change */
  g_array_set_size (times, 0);
  for (guint i = 0; i < 50; i++)
    {
      double ms;

      start = g_get_monotonic_time ();
      if (!crm_leads_is_due (store))
        crm_leads_get_next_deadline (store);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (times, ms);
    }
  g_print ("scheduler look after a change (is due? next deadline), main thread: median %.2f ms, p99 %.2f ms\n",
           percentile (times, 0.5), percentile (times, 0.99));
  return 0;
}

/* SHOWROOM_NOW moves the showroom's clock, as it does for the program */
static CrmClock *
make_clock (void)
{
  const char *now = g_getenv ("SHOWROOM_NOW");

  if (now != NULL && g_ascii_strtoll (now, NULL, 10) > 0)
    return crm_clock_new_fixed (g_ascii_strtoll (now, NULL, 10));
  return crm_clock_new ();
}

static int
catch_up (const char *database,
          guint       batch)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmClock) clock = make_clock ();
  g_autoptr(CrmStore) store = crm_store_open (database, clock, &error);
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  gint64 start, next = 0;
  guint changed = 0, batches = 0;
  double total = 0;

  if (store == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  do
    {
      double ms;

      start = g_get_monotonic_time ();
      changed += crm_leads_run_deadlines_full (store, batch, &next, NULL, &error);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      if (error != NULL)
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      g_array_append_val (times, ms);
      total += ms;
      batches++;
    }
  while (next > 0 && next <= crm_clock_get_now (clock));

  g_print ("catch-up: %u customers warned, released or reassigned in %u batches, %.2f s;"
           " batch median %.1f ms, max %.1f ms\n",
           changed, batches, total / 1000.0, percentile (times, 0.5), percentile (times, 1.0));
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  if (argc >= 3 && g_str_equal (argv[1], "--write-csv"))
    return write_csv (argv[2], argc > 3 ? (guint) atoi (argv[3]) : 100000);
  if (argc == 3 && g_str_equal (argv[1], "--dup-check"))
    return dup_check (argv[2]);
  if (argc == 3 && g_str_equal (argv[1], "--deadlines"))
    return deadlines (argv[2]);
  if ((argc == 3 || argc == 4) && g_str_equal (argv[1], "--catch-up"))
    return catch_up (argv[2], argc == 4 ? (guint) MAX (atoi (argv[3]), 1) : CRM_LEADS_DEADLINES_BATCH);
  if (argc == 4 && g_str_equal (argv[1], "--import"))
    return import (argv[2], argv[3]);
  g_printerr ("usage: bench-leads --write-csv FILE [ROWS] | --dup-check DATABASE | --import FILE DATABASE"
              " | --deadlines DATABASE | --catch-up DATABASE [BATCH]\n");
  return 2;
}
