/* bench-search.c: search-as-you-type on a big showroom, keystroke by keystroke
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   bench-search DATABASE
 *
 * Types a few searches a showroom types every day, one character at a
 * time, and times each keystroke the way the Customers view pays for it:
 * the query (all ids in order) plus the customer objects of the first
 * screenful of rows. Also times the unfiltered list and each sort order,
 * both ways (the median of SORT_ROUNDS runs of each).
 */
#include <glib.h>
#include <stdlib.h>

#include "crm-customer-list.h"

static const char * const searches[] = {
  "zhangwei", "zs", "wangf", "13800", "1391234", "李", "王芳", "chen 138", "wxid_",
};

#define VISIBLE_ROWS 30
#define SORT_ROUNDS 5

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

static double
time_refresh (CrmCustomerList *list)
{
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  guint n;

  if (!crm_customer_list_refresh_sync (list, &error))
    g_error ("%s", error->message);

  n = MIN (VISIBLE_ROWS, g_list_model_get_n_items (G_LIST_MODEL (list)));
  for (guint i = 0; i < n; i++)
    g_object_unref (g_list_model_get_item (G_LIST_MODEL (list), i));

  return (g_get_monotonic_time () - start) / 1000.0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmStore) store = NULL;
  g_autoptr(CrmCustomerList) list = NULL;
  g_autoptr(GArray) keystrokes = g_array_new (FALSE, FALSE, sizeof (double));
  double full;

  if (argc != 2)
    {
      g_printerr ("usage: bench-search DATABASE\n");
      return 2;
    }

  store = crm_store_open (argv[1], NULL, &error);
  if (store == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  list = crm_customer_list_new (store);
  full = time_refresh (list);
  g_print ("customers: %" G_GINT64_FORMAT "\n", crm_customer_store_count (crm_store_get_customer_store (store)));
  g_print ("all customers by name, first query: %.1f ms (%u rows)\n", full,
           g_list_model_get_n_items (G_LIST_MODEL (list)));

  /* The first word typed builds the search index (the window builds it in
   * the background after its first frame); timed on its own. */
  crm_customer_list_set_search (list, "z");
  g_print ("search index build + first search: %.1f ms\n", time_refresh (list));
  crm_customer_list_set_search (list, NULL);
  time_refresh (list);

  /* Every order both ways, SORT_ROUNDS times in turn: a change of order
   * runs the query again (the last answer is kept for its order only),
   * so each refresh below is a whole query. */
  {
    static const char * const names[] = { "name", "grade", "owner", "channel", "last contact",
                                           "next follow-up", "created" };
    GArray *times[CRM_N_CUSTOMER_SORTS][2];

    G_STATIC_ASSERT (G_N_ELEMENTS (names) == CRM_N_CUSTOMER_SORTS);

    for (int sort = 0; sort < CRM_N_CUSTOMER_SORTS; sort++)
      for (int desc = 0; desc < 2; desc++)
        times[sort][desc] = g_array_new (FALSE, FALSE, sizeof (double));

    /* not the first order timed */
    crm_customer_list_set_sort (list, CRM_CUSTOMER_SORT_CREATED, TRUE);
    time_refresh (list);
    for (int round = 0; round < SORT_ROUNDS; round++)
      for (int sort = 0; sort < CRM_N_CUSTOMER_SORTS; sort++)
        for (int desc = 0; desc < 2; desc++)
          {
            double ms;

            crm_customer_list_set_sort (list, sort, desc);
            ms = time_refresh (list);
            g_array_append_val (times[sort][desc], ms);
          }

    for (int sort = 0; sort < CRM_N_CUSTOMER_SORTS; sort++)
      for (int desc = 0; desc < 2; desc++)
        {
          GArray *t = times[sort][desc];

          g_print ("sort by %s%s: median %.1f ms (min %.1f, max %.1f, %u runs)\n", names[sort],
                   desc ? " descending" : "", percentile (t, 0.5), percentile (t, 0.0),
                   percentile (t, 1.0), t->len);
          g_array_unref (t);
        }
  }
  crm_customer_list_set_sort (list, CRM_CUSTOMER_SORT_NAME, FALSE);

  for (guint s = 0; s < G_N_ELEMENTS (searches); s++)
    {
      const char *text = searches[s];
      g_autoptr(GString) typed = g_string_new (NULL);

      for (const char *p = text; *p; p = g_utf8_next_char (p))
        {
          double ms;

          g_string_append_unichar (typed, g_utf8_get_char (p));
          crm_customer_list_set_search (list, typed->str);
          ms = time_refresh (list);
          g_array_append_val (keystrokes, ms);
          g_print ("  \"%s\" → %u rows, %.1f ms\n", typed->str,
                   g_list_model_get_n_items (G_LIST_MODEL (list)), ms);
        }
      crm_customer_list_set_search (list, NULL);
    }

  g_print ("search per keystroke (%u keystrokes): median %.1f ms, p90 %.1f ms, max %.1f ms\n",
           keystrokes->len, percentile (keystrokes, 0.5), percentile (keystrokes, 0.9),
           percentile (keystrokes, 1.0));
  return 0;
}
