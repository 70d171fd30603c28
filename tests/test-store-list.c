/* test-store-list.c: the customer list model (pages, changes, async
 * refresh) and the demo showroom
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every test works on its own database in its own temporary folder, with a
 * fixed clock (crm-test-util.h). Tests look at the file with sqlite3
 * directly where the store has no API for what they check.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "crm-customer-list.h"
#include "crm-deal-list.h"
#include "crm-demo.h"
#include "crm-model-enum-types.h"
#include "crm-pinyin.h"
#include "crm-error.h"
#include "crm-pinyin.h"
#include "crm-store.h"
#include "crm-test-util.h"

typedef CrmTestShowroom Fixture;

#define HOUR (60 * 60)
#define DAY  (24 * HOUR)

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
  ids = crm_test_query_customer_ids (f->store, NULL, -1, -1, -1, CRM_CUSTOMER_SORT_NAME, FALSE);
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

/* On a server a row is handed out at once, empty, and filled in place
 * from a worker thread; a change made elsewhere fills the same object */
static void
wait_rows_read (CrmCustomerList *list)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (crm_customer_list_is_reading_rows (list))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

static void
count_changes_cb (guint *count)
{
  (*count)++;
}

static void
test_list_background_rows (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmCustomerList) list = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(CrmCustomer) first = NULL;
  g_autoptr(CrmCustomer) again = NULL;
  g_autoptr(CrmCustomer) stored = NULL;
  guint named = 0, rows_changed = 0;

  generate_demo (f->store, 300, 600, DEMO_SEED);
  crm_store_set_background_reads (f->store, TRUE);
  list = crm_customer_list_new (f->store);
  g_assert_true (crm_customer_list_refresh_sync (list, &error));
  g_assert_no_error (error);
  ids = crm_test_query_customer_ids (f->store, NULL, -1, -1, -1, CRM_CUSTOMER_SORT_NAME, FALSE);

  /* Handed out at once: its id, nothing read yet */
  first = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_cmpint (crm_customer_get_id (first), ==, g_array_index (ids, gint64, 0));
  g_assert_null (crm_customer_get_name (first));
  g_assert_true (crm_customer_list_is_reading_rows (list));
  g_signal_connect_swapped (first, "notify::name", G_CALLBACK (count_changes_cb), &named);
  for (guint i = 1; i < 40; i++)
    {
      g_clear_object (&again);
      again = g_list_model_get_item (G_LIST_MODEL (list), i);
    }

  wait_rows_read (list);
  stored = crm_test_get_customer (f->store, crm_customer_get_id (first));
  g_assert_cmpstr (crm_customer_get_name (first), ==, crm_customer_get_name (stored));
  g_assert_cmpstr (crm_customer_get_phone (first), ==, crm_customer_get_phone (stored));
  g_assert_cmpuint (named, ==, 1);
  g_assert_nonnull (crm_customer_get_name (again));

  /* Renamed elsewhere: the object the row shows follows, the row stays */
  g_signal_connect_swapped (list, "items-changed", G_CALLBACK (count_changes_cb), &rows_changed);
  crm_customer_set_notes (stored, "Wants the long-range version");
  g_assert_true (crm_customer_store_update (crm_store_get_customer_store (f->store), stored, &error));
  g_assert_no_error (error);
  g_assert_true (crm_customer_list_refresh_sync (list, &error));
  g_assert_no_error (error);
  wait_rows_read (list);
  g_assert_cmpstr (crm_customer_get_notes (first), ==, "Wants the long-range version");
  g_assert_cmpuint (rows_changed, ==, 0);
  g_clear_object (&again);
  again = g_list_model_get_item (G_LIST_MODEL (list), 0);
  crm_test_assert_cmpptr (again, ==, first);
}

/* The idle flags of a screenful of customers in one statement agree with
 * asking customer by customer */
static void
test_idle_flags (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GArray) idle = NULL;
  CrmFollowupStore *followups = crm_store_get_followup_store (f->store);
  /* A cut-off a year ahead: every open deal is idle by it, a customer
   * with only closed deals is not */
  gint64 since = crm_test_now () + 365 * 24 * 60 * 60;
  guint expected = 0;

  generate_demo (f->store, 300, 1200, DEMO_SEED);
  ids = crm_test_query_customer_ids (f->store, NULL, -1, -1, -1, CRM_CUSTOMER_SORT_NAME, FALSE);
  g_assert_cmpuint (ids->len, >=, 32);
  idle = crm_followup_store_customers_with_idle_deal (followups, (const gint64 *) ids->data, 32, since, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 32; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      gboolean one = crm_followup_store_customer_has_idle_deal (followups, id, since);
      gboolean found = FALSE;

      for (guint j = 0; j < idle->len; j++)
        found |= g_array_index (idle, gint64, j) == id;
      g_assert_cmpint (found, ==, one);
      expected += one;
    }
  g_assert_cmpuint (idle->len, ==, expected);
  /* Some are, some are not: the agreement proves something */
  g_assert_cmpuint (expected, >, 0);
  g_assert_cmpuint (expected, <, 32);
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
  g_assert_cmpint (crm_customer_store_count (crm_store_get_customer_store (f->store)), ==, 500);

  list = crm_customer_list_new (f->store);
  crm_test_assert_cmpptr (crm_customer_list_get_store (list), ==, f->store);
  crm_test_assert_type (g_list_model_get_item_type (G_LIST_MODEL (list)), CRM_TYPE_CUSTOMER);
  g_assert_true (crm_customer_list_refresh_sync (list, &error));
  g_assert_no_error (error);
  g_assert_false (crm_customer_list_get_loading (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 500);

  /* Items are made when asked for, a screenful (32) read in one
   * statement with the first asked for, and kept in a bounded cache */
  g_assert_cmpuint (crm_customer_list_get_n_cached (list), ==, 0);
  first = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_cmpuint (crm_customer_list_get_n_cached (list), ==, 32);
  first_again = g_list_model_get_item (G_LIST_MODEL (list), 0);
  crm_test_assert_cmpptr (first, ==, first_again);
  g_assert_cmpuint (crm_customer_list_get_n_cached (list), ==, 32);
  {
    /* … the next rows of the screen come from that one read */
    g_autoptr(CrmCustomer) second = g_list_model_get_item (G_LIST_MODEL (list), 31);

    g_assert_cmpuint (crm_customer_list_get_n_cached (list), ==, 32);
  }
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), 500));

  ids = crm_test_query_customer_ids (f->store, NULL, -1, -1, -1, CRM_CUSTOMER_SORT_NAME, FALSE);
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
  crm_test_assert_cmpptr (last, ==, last_again);
  g_assert_cmpuint (crm_customer_list_find (list, g_array_index (ids, gint64, 123)), ==, 123);
  g_assert_cmpuint (crm_customer_list_find (list, 999999), ==, G_MAXUINT);

  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed_cb), log);

  /* A rename that keeps the position: that one row changes, nothing else */
  pos = find_renamable (list, 250, &new_name);
  id = g_array_index (ids, gint64, pos);
  customer = crm_test_get_customer (f->store, id);
  crm_customer_set_name (customer, new_name);
  g_assert_true (crm_customer_store_update (crm_store_get_customer_store (f->store), customer, &error));
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
  g_assert_true (crm_customer_store_delete (crm_store_get_customer_store (f->store), id, &error));
  g_assert_true (crm_customer_list_refresh_sync (list, &error));
  assert_items_changed (log, "(100,1,0)");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 499);
  g_assert_cmpuint (crm_customer_list_find (list, id), ==, G_MAXUINT);
  {
    g_autoptr(CrmCustomer) next = g_list_model_get_item (G_LIST_MODEL (list), 100);
    g_assert_cmpint (crm_customer_get_id (next), ==, g_array_index (ids, gint64, 101));
  }

  g_assert_true (crm_customer_store_restore (crm_store_get_customer_store (f->store), id, &error));
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
      crm_test_assert_contains (crm_customer_get_name (item), "王");
    }
  {
    g_autoptr(GArray) wang = crm_test_ranked_search_ids (f->store, "王");
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
    g_autoptr(GArray) h = crm_test_query_customer_ids (f->store, NULL, CRM_GRADE_H, -1, -1, CRM_CUSTOMER_SORT_CREATED, TRUE);
    g_assert_cmpuint (h->len, >, 0);
    g_assert_cmpuint (h->len, <, 500);
    assert_list_matches_query (list, h);
  }
  crm_customer_list_set_grade (list, -1);
  crm_customer_list_set_owner_id (list, 0);
  g_assert_cmpint (crm_customer_list_get_owner_id (list), ==, 0);
  g_assert_true (crm_customer_list_refresh_sync (list, &error));
  {
    g_autoptr(GArray) unowned = crm_test_query_customer_ids (f->store, NULL, -1, -1, 0, CRM_CUSTOMER_SORT_CREATED, TRUE);
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
  everyone = crm_test_ranked_search_ids (f->store, NULL);
  assert_list_matches_query (list, everyone);

  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed_cb), log);

  /* Typing in the search box */
  crm_customer_list_set_search (list, "zhang");
  g_assert_true (crm_customer_list_get_loading (list));
  wait_for_refreshed (list);
  g_assert_false (crm_customer_list_get_loading (list));
  expected = crm_test_ranked_search_ids (f->store, "zhang");
  g_assert_cmpuint (expected->len, >, 0);
  g_assert_cmpuint (expected->len, <, 500);
  assert_list_matches_query (list, expected);
  g_array_set_size (log, 0);

  /* A store change reaches the list through the main loop */
  pos = expected->len / 2;
  id = g_array_index (expected, gint64, pos);
  g_assert_true (crm_customer_store_delete (crm_store_get_customer_store (f->store), id, &error));
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
    g_autoptr(GArray) zs = crm_test_ranked_search_ids (f->store, "zs 13");
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
  g_autoptr(GArray) ids = crm_test_query_customer_ids (store, NULL, -1, -1, -1, CRM_CUSTOMER_SORT_CREATED, FALSE);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(CrmCustomer) c = crm_test_get_customer (store, g_array_index (ids, gint64, i));
      g_autofree char *phones = crm_test_strv_to_string (crm_customer_get_phones (c));

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
  g_autoptr(CrmClock) clock_b = crm_clock_new_fixed (crm_test_now ());
  g_autoptr(CrmClock) clock_c = crm_clock_new_fixed (crm_test_now ());
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
  g_assert_cmpint (crm_customer_store_count (crm_store_get_customer_store (f->store)), ==, 500);
  /* The follow-ups asked for, plus those planned by themselves: after-sales
   * care and birthdays, and what the test-drive lifecycle wrote (a completed
   * drive logs itself, a no-show plans a call) */
  g_assert_cmpint (crm_test_file_int (f->path,
                                      "SELECT (SELECT count(*) FROM activity WHERE care IS NULL)"
                                      " - (SELECT count(*) FROM test_drive WHERE status IN ('completed', 'no-show'))"),
                   ==, 2000);
  g_assert_cmpint (crm_test_file_int (f->path, "SELECT count(*) FROM activity WHERE care IS NOT NULL"), >, 0);

  /* The same seed and clock: the same showroom */
  described_a = describe_customers (f->store);
  described_b = describe_customers (b);
  g_assert_cmpstr (described_a, ==, described_b);
  stages_a = crm_test_file_rows (f->path, "SELECT stage, count(*) FROM deal GROUP BY stage ORDER BY stage");
  stages_b = crm_test_file_rows (path_b, "SELECT stage, count(*) FROM deal GROUP BY stage ORDER BY stage");
  g_assert_cmpstr (stages_a, ==, stages_b);
  {
    g_autoptr(GArray) ids_a = crm_test_search_customer_ids (f->store, "zs");
    g_autoptr(GArray) ids_b = crm_test_search_customer_ids (b, "zs");
    g_autofree char *str_a = crm_test_ids_to_string (ids_a);
    g_autofree char *str_b = crm_test_ids_to_string (ids_b);

    g_assert_cmpuint (ids_a->len, >, 0);
    g_assert_cmpstr (str_a, ==, str_b);
  }

  /* Another seed: another showroom */
  described_c = describe_customers (c);
  g_assert_cmpstr (described_a, !=, described_c);

  /* Deals in every stage, each with its history ending where it stands */
  g_assert_cmpint (crm_test_file_int (f->path, "SELECT count(*) FROM deal"), ==, 500);
  for (gsize i = 0; i < G_N_ELEMENTS (stages); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM deal WHERE stage = '%s'", stages[i]);

      g_test_message ("stage %s", stages[i]);
      g_assert_cmpint (crm_test_file_int (f->path, sql), >, 0);
    }
  g_assert_cmpint (crm_test_file_int (f->path,
                                      "SELECT count(*) FROM deal d WHERE d.stage IS DISTINCT FROM"
                                      " (SELECT h.to_stage FROM stage_history h WHERE h.deal_id = d.id"
                                      "  ORDER BY h.at DESC, h.id DESC LIMIT 1)"),
                   ==, 0);
  /* Follow-ups are done on time or, one in seven, up to a day late */
  g_assert_cmpint (crm_test_file_int (f->path, "SELECT count(*) FROM activity WHERE done_at > planned_at + 26 * 3600"),
                   ==, 0);
  g_assert_cmpint (crm_test_file_int (f->path, "SELECT count(*) FROM activity WHERE done_at > planned_at + 3600"),
                   >, 0);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM activity WHERE done_at > %" G_GINT64_FORMAT,
                                            crm_test_now ());
    g_assert_cmpint (crm_test_file_int (f->path, sql), ==, 0);
  }

  /* Only into an empty database */
  g_assert_false (crm_demo_generate (f->store, 10, 10, DEMO_SEED, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
  g_assert_cmpint (crm_customer_store_count (crm_store_get_customer_store (f->store)), ==, 500);
}

/* ------------------------------------------------------------------------
 * The orders of the Customers list, read in passes, against one SQL sort
 * ------------------------------------------------------------------------ */

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

#define GRADE_RANK \
  "CASE c.grade WHEN 'H' THEN 1 WHEN 'A' THEN 2 WHEN 'B' THEN 3 WHEN 'C' THEN 4 WHEN 'N' THEN 5 ELSE 0 END"

static void
test_list_orders (Fixture       *f,
                  gconstpointer  data)
{
  /* The orders as one ORDER BY each (what the passes replace) */
  static const char * const reference[CRM_N_CUSTOMER_SORTS][2] = {
    [CRM_CUSTOMER_SORT_NAME] = { "c.sort_key, c.id", "c.sort_key DESC, c.id DESC" },
    [CRM_CUSTOMER_SORT_GRADE] = { GRADE_RANK ", c.sort_key, c.id", GRADE_RANK " DESC, c.sort_key, c.id" },
    [CRM_CUSTOMER_SORT_OWNER] = { "OWNER_RANK, c.sort_key, c.id", "OWNER_RANK DESC, c.sort_key, c.id" },
    [CRM_CUSTOMER_SORT_CHANNEL] = { "c.channel, c.sort_key, c.id", "c.channel DESC, c.sort_key, c.id" },
    [CRM_CUSTOMER_SORT_LAST_CONTACT] = {
      "c.last_contact_at IS NULL, c.last_contact_at, c.id",
      "c.last_contact_at IS NULL, c.last_contact_at DESC,"
      " CASE WHEN c.last_contact_at IS NULL THEN c.id ELSE -c.id END" },
    [CRM_CUSTOMER_SORT_NEXT_FOLLOWUP] = {
      "c.next_followup_at IS NULL, c.next_followup_at, c.id",
      "c.next_followup_at IS NULL, c.next_followup_at DESC,"
      " CASE WHEN c.next_followup_at IS NULL THEN c.id ELSE -c.id END" },
    [CRM_CUSTOMER_SORT_CREATED] = { "c.created_at, c.id", "c.created_at DESC, c.id DESC" },
  };
  struct { int grade; int channel; gint64 owner; } filters[] = {
    { -1, -1, -1 }, { CRM_GRADE_H, -1, -1 }, { -1, CRM_CHANNEL_AUTOHOME, -1 }, { -1, -1, 0 }, { -1, -1, -2 },
  };

  g_autoptr(GString) owner_rank = g_string_new ("CASE c.owner_id");
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);

  generate_demo (f->store, 300, 600, DEMO_SEED);
  /* Consultants by the pinyin of their names (陈 chen before 程 cheng),
   * nobody first */
  {
    g_autofree char *rows = crm_test_file_rows (f->path, "SELECT id, name FROM staff");
    g_auto(GStrv) lines = g_strsplit (rows, "\n", -1);

    for (guint i = 0; lines[i] != NULL; i++)
      {
        g_auto(GStrv) cols = g_strsplit (lines[i], "|", 2);

        if (cols[0] == NULL || cols[1] == NULL)
          continue;
        g_autofree char *key = crm_pinyin_collation_key (cols[1]);

        /* "key\1id", the id padded so ids break the keys' ties in order */
        g_ptr_array_add (keys, g_strdup_printf ("%s\x01%020lld", key, (long long) g_ascii_strtoll (cols[0], NULL, 10)));
      }
    g_ptr_array_sort (keys, compare_strings);
    for (guint i = 0; i < keys->len; i++)
      g_string_append_printf (owner_rank, " WHEN %lld THEN %u",
                              (long long) g_ascii_strtoll (strrchr (g_ptr_array_index (keys, i), '\x01') + 1, NULL, 10),
                              i + 1);
    g_string_append (owner_rank, " ELSE 0 END");
  }
  /* Some customers without a consultant, one deleted */
  g_assert_cmpint (crm_test_file_int (f->path, "SELECT count(*) FROM customer WHERE owner_id IS NULL"), >, 0);
  filters[4].owner = crm_test_file_int (f->path, "SELECT min(id) FROM staff WHERE role = 'sales'");

  for (guint sort = 0; sort < CRM_N_CUSTOMER_SORTS; sort++)
    for (guint desc = 0; desc < 2; desc++)
      for (guint i = 0; i < G_N_ELEMENTS (filters); i++)
        {
          g_autoptr(GArray) ids = crm_test_query_customer_ids (f->store, NULL, filters[i].grade, filters[i].channel,
                                                                filters[i].owner, sort, desc);
          g_autofree char *got = crm_test_ids_to_string (ids);
          g_autoptr(GString) sql = g_string_new ("SELECT c.id FROM customer c WHERE c.deleted_at IS NULL");
          g_autofree char *expected = NULL;

          if (filters[i].grade >= 0)
            g_string_append_printf (sql, " AND c.grade = '%s'", crm_enum_to_code (CRM_TYPE_GRADE, filters[i].grade));
          if (filters[i].channel >= 0)
            g_string_append_printf (sql, " AND c.channel = '%s'", crm_enum_to_code (CRM_TYPE_CHANNEL, filters[i].channel));
          if (filters[i].owner >= 0)
            g_string_append_printf (sql, " AND coalesce(c.owner_id, 0) = %" G_GINT64_FORMAT, filters[i].owner);
          {
            g_autoptr(GString) order = g_string_new (reference[sort][desc]);

            g_string_replace (order, "OWNER_RANK", owner_rank->str, 0);
            g_string_append_printf (sql, " ORDER BY %s", order->str);
          }
          expected = crm_test_file_rows (f->path, sql->str);
          g_strdelimit (expected, "\n", ' ');

          g_test_message ("sort %u%s, filter %u", sort, desc ? " descending" : "", i);
          g_assert_cmpuint (ids->len, >, 0);
          g_assert_cmpstr (got, ==, g_strstrip (expected));
        }
}

/* ------------------------------------------------------------------------
 * A board column read a page at a time
 * ------------------------------------------------------------------------ */

static void
settle_main_context (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
count_notify_cb (guint *count)
{
  (*count)++;
}

/* Until every list has had its answers (reads in worker threads), and
 * the main loop is idle */
static void
settle_lists (CrmDealList *a,
              CrmDealList *b,
              CrmDealList *c)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  do
    {
      settle_main_context ();
      if (!crm_deal_list_is_reading (a) && !crm_deal_list_is_reading (b) && !crm_deal_list_is_reading (c))
        return;
      g_main_context_iteration (NULL, TRUE);
    }
  while (g_get_monotonic_time () < deadline);
  g_error ("The deal lists never settled");
}

/* The list's model holds the first deals of the column's full order, and
 * its count and total are the column's */
static void
assert_deal_list_is (CrmDealList        *list,
                     CrmStore           *store,
                     const CrmDealQuery *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) prices = NULL;
  g_autoptr(GArray) all = crm_deal_store_query_ids (crm_store_get_deal_store (store), query, &prices, NULL, &error);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (list));
  gint64 total = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < prices->len; i++)
    total += g_array_index (prices, gint64, i);

  g_assert_cmpuint (crm_deal_list_get_count (list), ==, all->len);
  g_assert_cmpint (crm_deal_list_get_total_value (list), ==, total);
  g_assert_cmpuint (n, <=, all->len);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CrmDeal) deal = g_list_model_get_item (G_LIST_MODEL (list), i);

      g_assert_cmpint (crm_deal_get_id (deal), ==, g_array_index (all, gint64, i));
      g_assert_cmpuint (crm_deal_list_find (list, crm_deal_get_id (deal)), ==, i);
    }
  /* A deal not read yet is found where it stands */
  if (all->len > n + 2)
    g_assert_cmpuint (crm_deal_list_find (list, g_array_index (all, gint64, n + 2)), ==, n + 2);
}

/* Every change the model reports leaves it consistent with itself */
typedef struct
{
  guint n_items;
  guint changes;
} ModelShadow;

static void
on_deal_items_changed_cb (GListModel *model,
                          guint       position,
                          guint       removed,
                          guint       added,
                          gpointer    user_data)
{
  ModelShadow *shadow = user_data;

  g_assert_cmpuint (position + removed, <=, shadow->n_items);
  shadow->n_items = shadow->n_items - removed + added;
  g_assert_cmpuint (shadow->n_items, ==, g_list_model_get_n_items (model));
  shadow->changes++;
}

static void
test_deal_list_window (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmDealList) leads = NULL;
  g_autoptr(CrmDealList) invited = NULL;
  g_autoptr(CrmDealList) archive = NULL;
  CrmDealQuery lead_query, invited_query, archive_query;
  ModelShadow lead_shadow, invited_shadow;
  CrmDealStore *deals = crm_store_get_deal_store (f->store);
  g_autoptr(GArray) all_leads = NULL;
  gint64 far, near, sales;
  guint n_leads, n_invited;

  gboolean background = GPOINTER_TO_INT (data);
  gulong loading_id;
  guint loading_changes = 0;

  generate_demo (f->store, 1500, 3000, DEMO_SEED);
  sales = crm_test_file_int (f->path, "SELECT min(id) FROM staff WHERE role = 'sales'");
  /* On a server the lists read in worker threads; a file can be asked to */
  crm_store_set_background_reads (f->store, background);

  crm_deal_query_init (&lead_query);
  lead_query.stage = CRM_STAGE_NEW_LEAD;
  crm_deal_query_init (&invited_query);
  invited_query.stage = CRM_STAGE_INVITED;
  crm_deal_query_init (&archive_query);
  archive_query.archive = TRUE;

  leads = crm_deal_list_new (f->store, &lead_query);
  invited = crm_deal_list_new (f->store, &invited_query);
  archive = crm_deal_list_new (f->store, &archive_query);
  /* In the background nothing is there yet: the lists say they load */
  g_assert_cmpint (crm_deal_list_is_loading (leads), ==, background);
  if (background)
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (leads)), ==, 0);
  loading_id = g_signal_connect_swapped (leads, "notify::loading", G_CALLBACK (count_notify_cb), &loading_changes);
  settle_lists (leads, invited, archive);
  g_assert_false (crm_deal_list_is_loading (leads));
  g_assert_cmpuint (loading_changes, ==, background ? 1 : 0);
  g_signal_handler_disconnect (leads, loading_id);

  /* Only the first page is read; the count and total are the column's */
  g_assert_cmpuint (crm_deal_list_get_count (leads), >, 40);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (leads)), ==, 20);
  assert_deal_list_is (leads, f->store, &lead_query);
  assert_deal_list_is (invited, f->store, &invited_query);
  assert_deal_list_is (archive, f->store, &archive_query);

  /* A filter: one consultant's */
  lead_query.owner_id = sales;
  crm_deal_list_set_query (leads, &lead_query);
  settle_lists (leads, invited, archive);
  assert_deal_list_is (leads, f->store, &lead_query);
  lead_query.owner_id = -1;
  crm_deal_list_set_query (leads, &lead_query);
  settle_lists (leads, invited, archive);

  lead_shadow.n_items = g_list_model_get_n_items (G_LIST_MODEL (leads));
  lead_shadow.changes = 0;
  invited_shadow.n_items = g_list_model_get_n_items (G_LIST_MODEL (invited));
  invited_shadow.changes = 0;
  g_signal_connect (leads, "items-changed", G_CALLBACK (on_deal_items_changed_cb), &lead_shadow);
  g_signal_connect (invited, "items-changed", G_CALLBACK (on_deal_items_changed_cb), &invited_shadow);

  /* A deal past the window moves on: both counts follow (once the main
   * loop has been idle: neither list had read it) */
  all_leads = crm_deal_store_query_ids (deals, &lead_query, NULL, NULL, &error);
  g_assert_no_error (error);
  far = g_array_index (all_leads, gint64, 30);
  n_leads = crm_deal_list_get_count (leads);
  n_invited = crm_deal_list_get_count (invited);
  g_assert_true (crm_deal_store_move (deals, far, CRM_STAGE_INVITED, sales, &error));
  g_assert_no_error (error);
  settle_lists (leads, invited, archive);
  g_assert_cmpuint (crm_deal_list_get_count (leads), ==, n_leads - 1);
  g_assert_cmpuint (crm_deal_list_get_count (invited), ==, n_invited + 1);
  g_assert_cmpuint (crm_deal_list_find (leads, far), ==, G_MAXUINT);
  g_assert_cmpuint (crm_deal_list_find (invited, far), ==, n_invited);
  assert_deal_list_is (leads, f->store, &lead_query);
  assert_deal_list_is (invited, f->store, &invited_query);

  /* The first card moves on: the next deal slides into the window at once
   * (in the background: once the moved deal is read) */
  near = g_array_index (all_leads, gint64, 0);
  g_assert_true (crm_deal_store_move (deals, near, CRM_STAGE_INVITED, sales, &error));
  g_assert_no_error (error);
  if (background)
    {
      g_assert_cmpuint (crm_deal_list_get_count (leads), ==, n_leads - 1);
      g_assert_true (crm_deal_list_is_reading (leads));
      settle_lists (leads, invited, archive);
    }
  g_assert_cmpuint (crm_deal_list_get_count (leads), ==, n_leads - 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (leads)), ==, 20);
  g_assert_cmpuint (lead_shadow.changes, >, 0);
  settle_lists (leads, invited, archive);
  assert_deal_list_is (leads, f->store, &lead_query);
  assert_deal_list_is (invited, f->store, &invited_query);

  /* Scrolling on reads the next pages, to the end */
  crm_deal_list_show_at_least (invited, crm_deal_list_get_count (invited) + 10);
  settle_lists (leads, invited, archive);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (invited)), ==, crm_deal_list_get_count (invited));
  g_assert_cmpuint (invited_shadow.n_items, ==, crm_deal_list_get_count (invited));
  assert_deal_list_is (invited, f->store, &invited_query);

  /* Both back where they were, with every deal read: counted exactly, at once */
  g_assert_true (crm_deal_store_move (deals, far, CRM_STAGE_NEW_LEAD, sales, &error));
  g_assert_no_error (error);
  if (background)
    settle_lists (leads, invited, archive);
  g_assert_cmpuint (crm_deal_list_get_count (invited), ==, n_invited + 1);
  g_assert_true (crm_deal_store_move (deals, near, CRM_STAGE_NEW_LEAD, sales, &error));
  g_assert_no_error (error);
  if (background)
    settle_lists (leads, invited, archive);
  g_assert_cmpuint (crm_deal_list_get_count (invited), ==, n_invited);
  settle_lists (leads, invited, archive);
  g_assert_cmpuint (crm_deal_list_get_count (leads), ==, n_leads);
  assert_deal_list_is (leads, f->store, &lead_query);
  assert_deal_list_is (invited, f->store, &invited_query);

  /* Search words: every matching deal read at once */
  archive_query.search = g_strdup ("1");
  crm_deal_list_set_query (archive, &archive_query);
  settle_lists (leads, invited, archive);
  assert_deal_list_is (archive, f->store, &archive_query);
  g_assert_cmpuint (crm_deal_list_get_count (archive), >, 0);

  /* A card the list no longer keeps is read again, not made up: every
   * shown card is a whole deal once the list has settled */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (archive)); i++)
    {
      g_autoptr(CrmDeal) deal = g_list_model_get_item (G_LIST_MODEL (archive), i);

      g_assert_cmpint (crm_deal_get_customer_id (deal), >, 0);
    }
  settle_lists (leads, invited, archive);

  crm_deal_query_clear (&lead_query);
  crm_deal_query_clear (&invited_query);
  crm_deal_query_clear (&archive_query);
}

/* ------------------------------------------------------------------------ */

int
main (int   argc,
      char *argv[])
{
  crm_test_init (&argc, &argv);

#define ADD(path, setup, func) \
  g_test_add (path, Fixture, NULL, setup, func, crm_test_teardown)

  ADD ("/store/list/basics", crm_test_setup_empty_store, test_list_basics);
  ADD ("/store/list/first-page", crm_test_setup_empty_store, test_list_first_page);
  ADD ("/store/list/background-rows", crm_test_setup_empty_store, test_list_background_rows);
  ADD ("/store/list/idle-flags", crm_test_setup_empty_store, test_idle_flags);
  ADD ("/store/list/async", crm_test_setup_empty_store, test_list_async);
  ADD ("/store/list/orders", crm_test_setup_empty_store, test_list_orders);
  ADD ("/store/demo/determinism", crm_test_setup_empty_store, test_demo);
  ADD ("/store/deal-list/window", crm_test_setup_empty_store, test_deal_list_window);
  g_test_add ("/store/deal-list/window-background", Fixture, GINT_TO_POINTER (TRUE),
              crm_test_setup_empty_store, test_deal_list_window, crm_test_teardown);
#undef ADD

  return g_test_run ();
}
