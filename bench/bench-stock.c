/* bench-stock.c: the stock list's filters on 5,000 cars
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   bench-stock [DATABASE] [RUNS]
 *
 * What the stock page does when a manager changes a filter: the ids of
 * every car the filters let through (crm_stock_store_query_ids(), the
 * whole list, as a lazy list model holds it) and the first screenful of
 * cars read (40 crm_stock_store_get()). The filters cycle through what a
 * manager picks — a model, a trim, a colour, in stock, older than the
 * ageing threshold, older than 90 days, and their combinations — so no
 * change is the one before. Prints the median, the 99th percentile and
 * the slowest of RUNS changes (default 2,000) after a warm-up; the
 * budget is 50 ms a change.
 *
 * DATABASE (a file or a postgresql:// URI) is used as it is when it holds
 * a showroom; when it is empty or missing, a demo showroom is written
 * into it first and its stock topped up to 5,000 cars. Without DATABASE
 * the showroom is a file in a temporary folder, removed afterwards.
 */
#include <glib.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "crm-demo.h"
#include "crm-vin.h"

#define N_CARS    5000
#define PAGE      40
#define BUDGET_MS 50.0

/* The @fraction-th of the sorted @times (0.5: the median) */
static double
percentile (GArray *times,
            double  fraction)
{
  guint at = MIN ((guint) (times->len * fraction), times->len - 1);

  return g_array_index (times, double, at);
}

static gint
by_duration (gconstpointer a,
             gconstpointer b)
{
  return (*(const double *) a > *(const double *) b) - (*(const double *) a < *(const double *) b);
}

/* The demo showroom, its stock topped up to N_CARS cars of its trims and
 * colours, arrivals spread over 200 days, one in five not arrived */
static void
fill (CrmStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (5000);
  g_autoptr(GArray) colours = NULL;
  CrmStockStore *stock = crm_store_get_stock_store (store);
  gint64 now = crm_clock_get_now (crm_store_get_clock (store));
  gint64 have;
  gint64 started = g_get_monotonic_time ();

  if (!crm_demo_generate (store, 2000, 8000, CRM_DEMO_SEED, &error))
    g_error ("demo: %s", error->message);
  colours = crm_stock_store_list_colours (stock, 0, &error);
  g_assert_no_error (error);

  crm_store_set_bulk (store, TRUE);
  if (!crm_store_begin (store, &error))
    g_error ("%s", error->message);
  {
    CrmStockQuery all;
    g_autoptr(GArray) ids = NULL;

    crm_stock_query_init (&all);
    ids = crm_stock_store_query_ids (stock, &all, NULL, 0, NULL, &error);
    g_assert_no_error (error);
    have = ids->len;
  }
  for (guint i = 0; have < N_CARS; i++, have++)
    {
      const CrmCatalogueColour *colour = &g_array_index (colours, CrmCatalogueColour,
                                                         g_rand_int_range (rand, 0, colours->len));
      int roll = g_rand_int_range (rand, 0, 100);
      CrmStockCar car;

      crm_stock_car_init (&car);
      g_snprintf (car.vin, sizeof car.vin, "LVGBE40K0TB%06u", i);
      car.vin[8] = crm_vin_check_digit (car.vin);
      car.trim_id = colour->trim_id;
      car.colour_id = colour->id;
      car.status = roll < 8 ? CRM_STOCK_ORDERED : roll < 20 ? CRM_STOCK_IN_TRANSIT : CRM_STOCK_IN_STOCK;
      car.arrived_at = now - g_rand_int_range (rand, 0, 200 * 24) * (gint64) 3600;
      car.cost_fen = g_rand_int_range (rand, 100000, 300000) * (gint64) 100;
      if (crm_stock_store_insert (stock, &car, &error) == 0)
        g_error ("car %u: %s", i, error->message);
      if (roll >= 90 && !crm_stock_store_set_status (stock, car.id, CRM_STOCK_SOLD, &error))
        g_error ("%s", error->message);
    }
  if (!crm_store_commit (store, &error))
    g_error ("%s", error->message);
  crm_store_set_bulk (store, FALSE);
  g_print ("wrote a demo showroom with %d cars in stock in %.1f s\n", N_CARS,
           (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC);
}

/* The @i-th filter of the cycle */
static void
filter (CrmStockQuery *q,
        guint          i,
        GArray        *trims)
{
  static const char * const colours[] = { "珍珠白", "曜石黑", "铂金灰", "炫动蓝" };
  const CrmCatalogueTrim *trim = &g_array_index (trims, CrmCatalogueTrim, (i / 7) % trims->len);

  crm_stock_query_clear (q);
  crm_stock_query_init (q);
  switch (i % 7)
    {
    case 0: break;                                           /* everything */
    case 1: q->model_id = trim->model_id; break;             /* a model */
    case 2: q->model_id = trim->model_id; q->trim_id = trim->id; break;
    case 3: q->colour = g_strdup (colours[(i / 7) % G_N_ELEMENTS (colours)]); break;
    case 4: q->status_mask = CRM_STOCK_STATUS_BIT (CRM_STOCK_IN_STOCK) | CRM_STOCK_STATUS_BIT (CRM_STOCK_RESERVED); break;
    case 5: q->min_age_days = 46; q->model_id = trim->model_id; break;   /* ageing, one model */
    case 6: q->min_age_days = 91; q->status_mask = CRM_STOCK_STATUS_BIT (CRM_STOCK_IN_STOCK); break;
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmClock) clock = crm_clock_new_fixed (1795485600);   /* Tuesday 24 November 2026, 10:00 */
  g_autoptr(CrmStore) store = NULL;
  g_autoptr(GArray) trims = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  int runs = argc > 2 ? atoi (argv[2]) : 2000;
  CrmStockQuery q;
  guint shown = 0;
  double median, p99, slowest;

  setlocale (LC_ALL, "");
  if (runs < 100)
    {
      g_printerr ("Usage: %s [DATABASE] [RUNS ≥ 100]\n", argv[0]);
      return 1;
    }
  if (argc > 1)
    path = g_strdup (argv[1]);
  else
    {
      dir = g_dir_make_tmp ("bench-stock-XXXXXX", &error);
      g_assert_no_error (error);
      path = g_build_filename (dir, "stock.db", NULL);
    }

  store = crm_store_open (path, clock, &error);
  if (store == NULL)
    g_error ("%s: %s", path, error->message);
  if (crm_store_needs_setup (store))
    fill (store);

  trims = crm_stock_store_list_trims (crm_store_get_stock_store (store), 0, &error);
  g_assert_no_error (error);
  if (trims->len == 0)
    g_error ("%s has no catalogue", path);

  crm_stock_query_init (&q);
  for (int i = -50; i < runs; i++)
    {
      gint64 started = g_get_monotonic_time ();
      g_autoptr(GArray) ids = NULL;

      filter (&q, (guint) (i + 50), trims);
      ids = crm_stock_store_query_ids (crm_store_get_stock_store (store), &q, NULL, 0, NULL, &error);
      g_assert_no_error (error);
      for (guint k = 0; k < MIN (ids->len, PAGE); k++)
        {
          CrmStockCar car;

          if (!crm_stock_store_get (crm_store_get_stock_store (store), g_array_index (ids, gint64, k), &car, &error))
            g_error ("%s", error->message);
        }
      if (i >= 0)
        {
          double ms = (g_get_monotonic_time () - started) / 1000.0;

          g_array_append_val (times, ms);
          shown += ids->len;
        }
    }
  crm_stock_query_clear (&q);

  g_array_sort (times, by_duration);
  median = percentile (times, 0.5);
  p99 = percentile (times, 0.99);
  slowest = percentile (times, 1.0);
  g_print ("stock list, a filter changed (every id + the first %d cars), %d changes on %s:\n",
           PAGE, runs, crm_store_is_server (path) ? "the server" : "a file");
  g_print ("  median %.2f ms, p99 %.2f ms, slowest %.2f ms; %.0f cars a change on average (budget %.0f ms)\n",
           median, p99, slowest, shown / (double) runs, BUDGET_MS);
  g_print ("  %s\n", p99 <= BUDGET_MS ? "within budget" : "OVER BUDGET");

  /* The temporary showroom and its -wal and -shm files */
  g_clear_object (&store);
  if (dir != NULL)
    {
      static const char * const suffixes[] = { "", "-wal", "-shm" };

      for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
        {
          g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

          g_unlink (file);
        }
      g_rmdir (dir);
    }
  return p99 <= BUDGET_MS ? 0 : 1;
}
