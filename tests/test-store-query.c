/* test-store-query.c: customer search, filters and sort orders, and
 * the change notifications of every write
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every test works on its own database in its own temporary folder, with a
 * fixed clock (crm-test-util.h). Tests look at the file with sqlite3
 * directly where the store has no API for what they check.
 */
#include "config.h"

#include <sys/wait.h>

#include <glib/gstdio.h>

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "crm-model-enum-types.h"
#include "crm-error.h"
#include "crm-pinyin.h"
#include "crm-store.h"
#include "crm-test-util.h"

typedef CrmTestShowroom Fixture;

#define HOUR (60 * 60)
#define DAY  (24 * HOUR)

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
  g_autoptr(CrmCustomer) customer = crm_test_customer_new (name, phone, wechat);
  g_autoptr(GError) error = NULL;
  gint64 id;

  crm_customer_set_grade (customer, grade);
  crm_customer_set_channel (customer, channel);
  crm_customer_set_owner_id (customer, owner);
  crm_customer_set_created_at (customer, created);
  id = crm_customer_store_insert (crm_store_get_customer_store (f->store), customer, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static void
build_search_set (Fixture   *f,
                  SearchSet *s)
{
  s->zhang = add_full (f, "张三", "13800138000", NULL, CRM_GRADE_H, CRM_CHANNEL_AUTOHOME,
                       f->sales1, crm_test_now () - 5 * DAY);
  s->li = add_full (f, "李四", "13912345678", "LiSi_BMW", CRM_GRADE_A, CRM_CHANNEL_DOUYIN,
                    f->sales2, crm_test_now () - 4 * DAY);
  s->wang = add_full (f, "王五", "18600001111", NULL, CRM_GRADE_B, CRM_CHANNEL_AUTOHOME,
                      0, crm_test_now () - 3 * DAY);
  s->zhao = add_full (f, "赵六", "13700139999", NULL, CRM_GRADE_C, CRM_CHANNEL_WALK_IN,
                      f->sales1, crm_test_now () - 2 * DAY);
  s->shan = add_full (f, "单田芳", "15011112222", NULL, CRM_GRADE_N, CRM_CHANNEL_REFERRAL,
                      0, crm_test_now () - 1 * DAY);
  s->mary = add_full (f, "Mary 陈", NULL, "MaryChen88", CRM_GRADE_H, CRM_CHANNEL_WEBSITE,
                      f->sales2, crm_test_now ());
  g_array_set_size (f->changes, 0);
}

static const char *
printable (const char *text)
{
  return text ? text : "(null)";
}

#define assert_search(store, text, ...)                                     \
  G_STMT_START {                                                            \
    g_autoptr(GArray) found_ = crm_test_search_customer_ids ((store), (text));                \
    g_test_message ("search “%s”", printable (text));                       \
    crm_test_assert_ids (found_, __VA_ARGS__);                                       \
  } G_STMT_END

#define assert_search_empty(store, text)                                    \
  G_STMT_START {                                                            \
    g_autoptr(GArray) found_ = crm_test_search_customer_ids ((store), (text));                \
    g_autofree char *found_str_ = crm_test_ids_to_string (found_);                   \
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

  /* A whole number as it is written, shown or dialled from abroad */
  assert_search (f->store, "+86 138 0013 8000", s.zhang);
  assert_search (f->store, "+8613800138000", s.zhang);
  assert_search (f->store, "0086-138-0013-8000", s.zhang);
  assert_search (f->store, "138 0013 8000", s.zhang);
  assert_search (f->store, "+86 138 0013", s.zhang);
  assert_search_empty (f->store, "+86 139 0013 8000");

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
    g_autoptr(GArray) ids = crm_test_query_customer_ids (f->store, "0013", -1, CRM_CHANNEL_WALK_IN, -1,
                                                         CRM_CUSTOMER_SORT_NAME, FALSE);
    crm_test_assert_ids (ids, s.zhao);
  }

  /* A deleted customer is found no more, a restored one again */
  g_assert_true (crm_customer_store_delete (crm_store_get_customer_store (f->store), s.zhang, NULL));
  assert_search_empty (f->store, "zs");
  assert_search (f->store, "0013", s.zhao);
  g_assert_true (crm_customer_store_restore (crm_store_get_customer_store (f->store), s.zhang, NULL));
  assert_search (f->store, "zs", s.zhang);

  /* An edited customer is found by the new name and number only */
  {
    g_autoptr(CrmCustomer) c = crm_test_get_customer (f->store, s.zhang);
    const char *phones[] = { "17712345678", NULL };

    crm_customer_set_name (c, "张三丰");
    crm_customer_set_phones (c, phones);
    g_assert_true (crm_customer_store_update (crm_store_get_customer_store (f->store), c, NULL));
  }
  assert_search (f->store, "zsf", s.zhang);
  assert_search (f->store, "1771234", s.zhang);
  assert_search (f->store, "0013", s.zhao);
}

/* Typing narrows the last answer; anything else searches afresh */
static void
test_search_narrowing (Fixture       *f,
                       gconstpointer  data)
{
  SearchSet s;
  gint64 lei;

  build_search_set (f, &s);

  /* Keystroke by keystroke, and back */
  assert_search (f->store, "z", s.zhang, s.zhao);
  assert_search (f->store, "zh", s.zhang, s.zhao);
  assert_search (f->store, "zha", s.zhang, s.zhao);
  assert_search (f->store, "zhan", s.zhang);
  assert_search (f->store, "zhang", s.zhang);
  assert_search (f->store, "zhan", s.zhang);
  assert_search (f->store, "zha", s.zhang, s.zhao);
  /* Not a narrowing: the last word is not in the new one */
  assert_search (f->store, "zhao", s.zhao);
  /* A second word narrows too, in either order */
  assert_search (f->store, "0013", s.zhang, s.zhao);
  assert_search (f->store, "0013 z", s.zhang, s.zhao);
  assert_search (f->store, "zs 0013", s.zhang);
  assert_search_empty (f->store, "zs 0013 xyz");

  /* A customer added or changed between keystrokes is seen at the next */
  assert_search (f->store, "l", s.li, s.zhao);
  lei = crm_test_add_customer (f->store, "李雷", "13912340000", NULL);
  assert_search (f->store, "li", lei, s.li, s.zhao);
  {
    g_autoptr(CrmCustomer) c = crm_test_get_customer (f->store, s.li);

    crm_customer_set_name (c, "赵四");
    crm_customer_set_wechat (c, NULL);
    g_assert_true (crm_customer_store_update (crm_store_get_customer_store (f->store), c, NULL));
  }
  assert_search_empty (f->store, "lis");
  /* zhaoliu before zhaosi */
  assert_search (f->store, "zhao", s.zhao, s.li);
}

static void
test_filters (Fixture       *f,
              gconstpointer  data)
{
  SearchSet s;

  build_search_set (f, &s);

#define Q(grade, channel, owner) \
  crm_test_query_customer_ids (f->store, NULL, (grade), (channel), (owner), CRM_CUSTOMER_SORT_NAME, FALSE)
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

    crm_test_assert_ids (h, s.mary, s.zhang);
    crm_test_assert_ids (n, s.shan);
    crm_test_assert_ids (autohome, s.wang, s.zhang);
    g_assert_cmpuint (yiche->len, ==, 0);
    crm_test_assert_ids (sales1, s.zhang, s.zhao);
    crm_test_assert_ids (sales2, s.li, s.mary);
    crm_test_assert_ids (no_owner, s.shan, s.wang);
    g_assert_cmpuint (manager->len, ==, 0);
    crm_test_assert_ids (h_sales2, s.mary);
    crm_test_assert_ids (h_autohome_sales1, s.zhang);
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
      g_autoptr(CrmCustomer) c = crm_test_get_customer (store, g_array_index (ids, gint64, i));
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
  crm_test_add_call (f->store, s.zhang, 0, crm_test_now () - 10 * HOUR);
  crm_test_add_call (f->store, s.li, 0, crm_test_now () - 30 * HOUR);
  crm_test_add_call (f->store, s.zhao, crm_test_now () - 3 * HOUR, crm_test_now () - 2 * HOUR);
  crm_test_add_call (f->store, s.wang, crm_test_now () + DAY, 0);
  crm_test_add_call (f->store, s.shan, crm_test_now () + 3 * HOUR, 0);
  crm_test_add_call (f->store, s.mary, crm_test_now () - DAY, crm_test_now () - DAY);   /* done: not next */

#define SORTED(sort, desc) crm_test_query_customer_ids (f->store, NULL, -1, -1, -1, (sort), (desc))
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
    crm_test_assert_ids (name, s.li, s.mary, s.shan, s.wang, s.zhang, s.zhao);
    crm_test_assert_ids (name_desc, s.zhao, s.zhang, s.wang, s.shan, s.mary, s.li);

    /* H < A < B < C < N, by name within a grade */
    crm_test_assert_ids (grade, s.mary, s.zhang, s.li, s.wang, s.zhao, s.shan);
    crm_test_assert_ids (grade_desc, s.shan, s.zhao, s.wang, s.li, s.mary, s.zhang);

    crm_test_assert_ids (created, s.zhang, s.li, s.wang, s.zhao, s.shan, s.mary);
    crm_test_assert_ids (created_desc, s.mary, s.shan, s.zhao, s.wang, s.li, s.zhang);

    /* Never contacted last, both ways */
    crm_test_assert_ids (last, s.li, s.mary, s.zhang, s.zhao, s.wang, s.shan);
    crm_test_assert_ids (last_desc, s.zhao, s.zhang, s.mary, s.li, s.wang, s.shan);

    /* Nothing planned last, both ways */
    crm_test_assert_ids (next, s.shan, s.wang, s.zhang, s.li, s.zhao, s.mary);
    crm_test_assert_ids (next_desc, s.wang, s.shan, s.zhang, s.li, s.zhao, s.mary);

    /* Without owner first, then 李娜's, then 王丽's; by name within */
    crm_test_assert_ids (owner, s.shan, s.wang, s.zhang, s.zhao, s.li, s.mary);
    crm_test_assert_ids (owner_desc, s.li, s.mary, s.zhang, s.zhao, s.shan, s.wang);

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

typedef struct
{
  guint everything;   /* "changed" with id 0 */
  guint one;          /* "changed" about one row */
} ChangeCount;

static void
on_other_changed_cb (CrmStore  *store,
                     CrmEntity  entity,
                     gint64     id,
                     gpointer   user_data)
{
  ChangeCount *count = user_data;

  if (id == 0)
    count->everything++;
  else
    count->one++;
}

static gboolean
stop_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until @count saw "everything changed", or @ms pass */
static void
wait_for_everything (ChangeCount *count,
                     guint        ms)
{
  gboolean done = FALSE;
  guint timeout = g_timeout_add (ms, stop_cb, &done);

  while (!done && count->everything == 0 && (count->one == 0 || !crm_test_backend_is_postgresql ()))
    g_main_context_iteration (NULL, TRUE);
  if (!done)
    g_source_remove (timeout);
}

/* A second connection to the file (another process, the importer) commits:
 * the watching store hears of it within a second, reads the search index
 * again, and says nothing extra about its own commits */
static void
test_other_connection (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmClock) clock = crm_clock_new_fixed (crm_test_now ());
  g_autoptr(CrmStore) other = crm_store_open (f->path, clock, &error);
  g_autoptr(GArray) found = NULL;
  ChangeCount count = { 0, 0 };
  gint64 start;

  g_assert_no_error (error);
  crm_test_watch_others (f->store);
  g_signal_connect (f->store, "changed", G_CALLBACK (on_other_changed_cb), &count);
  /* The search index is built before the other side writes */
  found = crm_test_search_customer_ids (f->store, "zhangsan");
  g_assert_cmpuint (found->len, ==, 0);
  g_clear_pointer (&found, g_array_unref);

  start = g_get_monotonic_time ();
  crm_test_add_customer (other, "张三", "13800138000", NULL);
  wait_for_everything (&count, 3000);
  g_test_message ("heard after %.0f ms", (g_get_monotonic_time () - start) / 1000.0);
  /* SQLite can only tell that something changed; a server says which row */
  if (crm_test_backend_is_postgresql ())
    g_assert_cmpuint (count.one, >, 0);
  else
    g_assert_cmpuint (count.everything, >, 0);
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
  found = crm_test_search_customer_ids (f->store, "zhangsan");
  g_assert_cmpuint (found->len, ==, 1);

  /* Its own commits: announced row by row, not as "everything" */
  count.everything = count.one = 0;
  crm_test_add_customer (f->store, "李四", "13900139000", NULL);
  wait_for_everything (&count, 500);
  g_assert_cmpuint (count.one, >, 0);
  g_assert_cmpuint (count.everything, ==, 0);

  g_signal_handlers_disconnect_by_func (f->store, on_other_changed_cb, &count);
}

/* A long write elsewhere says so first: every desktop shows it, and a
 * save waits it out past the usual 5 s rather than fail */
typedef struct
{
  const char *path;
  gint64      hold_us;
  gboolean    holding;
  GError     *error;
} Holder;

static gpointer
hold_write_lock_thread (gpointer data)
{
  Holder *holder = data;
  g_autoptr(CrmStore) store = crm_test_open_desktop (holder->path, &holder->error);

  if (store == NULL || !crm_store_begin (store, &holder->error))
    return NULL;
  g_atomic_int_set (&holder->holding, TRUE);
  g_usleep (holder->hold_us);
  crm_store_commit (store, &holder->error);
  return NULL;
}

static void
wait_busy_elsewhere (CrmStore   *store,
                     const char *expected)
{
  gint64 deadline = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;

  while (g_strcmp0 (crm_store_get_busy_elsewhere (store), expected) != 0 &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, g_get_monotonic_time () < deadline);
  g_assert_cmpstr (crm_store_get_busy_elsewhere (store), ==, expected);
}

static void
test_busy_elsewhere (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmStore) publisher = crm_test_open_desktop (f->path, &error);
  Holder holder = { f->path, (gint64) 5600 * 1000, FALSE, NULL };
  GThread *thread;
  gint64 start, waited;

  g_assert_no_error (error);
  crm_test_watch_others (f->store);
  g_assert_null (crm_store_get_busy_elsewhere (f->store));

  /* Announced: shown here within a second */
  start = g_get_monotonic_time ();
  crm_store_announce_busy (publisher, TRUE);
  wait_busy_elsewhere (f->store, g_get_host_name ());
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);

  /* The lock held past the usual 5 s: the save here waits, and is saved */
  thread = g_thread_new ("long write", hold_write_lock_thread, &holder);
  while (!g_atomic_int_get (&holder.holding) && holder.error == NULL)
    g_usleep (10000);
  start = g_get_monotonic_time ();
  g_assert_cmpint (crm_test_add_customer (f->store, "等待中", "13700137000", NULL), >, 0);
  waited = g_get_monotonic_time () - start;
  g_thread_join (thread);
  g_assert_no_error (holder.error);
  g_test_message ("the save waited %.1f s", waited / (double) G_USEC_PER_SEC);
  g_assert_cmpint (waited, >, 5 * G_USEC_PER_SEC);

  /* Over: the notice goes */
  crm_store_announce_busy (publisher, FALSE);
  wait_busy_elsewhere (f->store, NULL);

  /* A notice left behind by a program that is gone is not believed */
  if (!crm_test_backend_is_postgresql ())
    {
      g_autofree char *busy = g_strconcat (f->path, "-busy", NULL);
      g_autofree char *contents = NULL;
      const char *argv[] = { "/bin/true", NULL };
      GPid pid;
      int status;

      g_assert_true (g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &pid,
                                    &error));
      g_assert_no_error (error);
      waitpid (pid, &status, 0);
      g_spawn_close_pid (pid);
      contents = g_strdup_printf ("%s\n%d\n%" G_GINT64_FORMAT "\n", g_get_host_name (), (int) pid,
                                  g_get_real_time () / G_USEC_PER_SEC);
      g_assert_true (g_file_set_contents (busy, contents, -1, &error));
      g_assert_no_error (error);
      g_usleep (300000);
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_assert_null (crm_store_get_busy_elsewhere (f->store));
      g_unlink (busy);
    }
}

/* The Customers list's default order ranks a search: a whole name (or
 * its pinyin, or a whole number) first, then one that starts with what
 * was typed, then the rest; within each, the latest contact first */
static void
log_call (Fixture *f,
          gint64   customer_id,
          gint64   at)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmActivity) call = crm_activity_new ();

  crm_activity_set_customer_id (call, customer_id);
  crm_activity_set_kind (call, CRM_ACTIVITY_CALL);
  crm_activity_set_done_at (call, at);
  g_assert_cmpint (crm_followup_store_insert (crm_store_get_followup_store (f->store), call, &error), >, 0);
  g_assert_no_error (error);
}

static void
test_ranked (Fixture       *f,
             gconstpointer  data)
{
  gint64 now = crm_test_now ();
  gint64 inside = add_full (f, "小张三", "13900001380", NULL, CRM_GRADE_A, CRM_CHANNEL_AUTOHOME, 0, now - DAY);
  gint64 longer = add_full (f, "张三丰", "18613800000", NULL, CRM_GRADE_A, CRM_CHANNEL_AUTOHOME, 0, now - DAY);
  gint64 old = add_full (f, "张三", "13712345678", NULL, CRM_GRADE_A, CRM_CHANNEL_AUTOHOME, 0, now - DAY);
  gint64 recent = add_full (f, "张三", "13812345678", NULL, CRM_GRADE_A, CRM_CHANNEL_AUTOHOME, 0, now - DAY);
  g_autoptr(GArray) by_name = NULL;
  g_autoptr(GArray) ranked = NULL;

  log_call (f, old, now - 10 * DAY);
  log_call (f, recent, now - DAY);
  log_call (f, inside, now - HOUR);

  /* In name order the worst match comes first (小 xiao before 张 zhang) */
  by_name = crm_test_search_customer_ids (f->store, "张三");
  g_assert_cmpuint (by_name->len, ==, 4);
  g_assert_cmpint (g_array_index (by_name, gint64, 0), ==, inside);

  ranked = crm_test_ranked_search_ids (f->store, "张三");
  crm_test_assert_ids (ranked, recent, old, longer, inside);
  g_clear_pointer (&ranked, g_array_unref);
  /* Pinyin the same way */
  ranked = crm_test_ranked_search_ids (f->store, "zhangsan");
  crm_test_assert_ids (ranked, recent, old, longer, inside);
  g_clear_pointer (&ranked, g_array_unref);
  /* A number: a whole one, then those it starts, then the rest */
  ranked = crm_test_ranked_search_ids (f->store, "138");
  crm_test_assert_ids (ranked, recent, inside, longer);
  g_clear_pointer (&ranked, g_array_unref);
  ranked = crm_test_ranked_search_ids (f->store, "13812345678");
  crm_test_assert_ids (ranked, recent);
}

static void
test_changed_signals (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmCustomer) customer = crm_test_customer_new ("张三", "13800138000", NULL);
  g_autoptr(CrmCustomer) bad = crm_test_customer_new ("", "13912345678", NULL);
  g_autoptr(CrmActivity) activity = crm_activity_new ();
  g_autoptr(CrmDeal) deal = crm_deal_new ();
  gint64 id, other, activity_id, activity_id2, deal_id, staff_id, model_id;

  id = crm_customer_store_insert (crm_store_get_customer_store (f->store), customer, &error);
  g_assert_no_error (error);
  crm_test_expect_changes (f, "customer:%" G_GINT64_FORMAT, id);

  crm_customer_set_city (customer, "广州");
  g_assert_true (crm_customer_store_update (crm_store_get_customer_store (f->store), customer, &error));
  crm_test_expect_changes (f, "customer:%" G_GINT64_FORMAT, id);

  g_assert_true (crm_customer_store_delete (crm_store_get_customer_store (f->store), id, &error));
  crm_test_expect_changes (f, "customer:%" G_GINT64_FORMAT, id);

  g_assert_true (crm_customer_store_restore (crm_store_get_customer_store (f->store), id, &error));
  crm_test_expect_changes (f, "customer:%" G_GINT64_FORMAT, id);

  /* An activity is announced with its customer, whose summary changed */
  crm_activity_set_customer_id (activity, id);
  crm_activity_set_done_at (activity, crm_test_now () - HOUR);
  activity_id = crm_followup_store_insert (crm_store_get_followup_store (f->store), activity, &error);
  g_assert_no_error (error);
  crm_test_expect_changes (f, "customer:%" G_GINT64_FORMAT " activity:%" G_GINT64_FORMAT, id, activity_id);

  crm_activity_set_note (activity, "打过电话");
  g_assert_true (crm_followup_store_update (crm_store_get_followup_store (f->store), activity, &error));
  crm_test_expect_changes (f, "customer:%" G_GINT64_FORMAT " activity:%" G_GINT64_FORMAT, id, activity_id);

  /* Failed writes announce nothing */
  g_assert_cmpint (crm_customer_store_insert (crm_store_get_customer_store (f->store), bad, &error), ==, 0);
  g_clear_error (&error);
  g_assert_false (crm_customer_store_delete (crm_store_get_customer_store (f->store), 4242, &error));
  g_clear_error (&error);
  crm_test_expect_changes (f, "%s", "");

  /* In an explicit transaction: nothing before the commit, each row once */
  g_assert_true (crm_store_begin (f->store, &error));
  other = crm_test_add_customer (f->store, "李四", "13912345678", NULL);
  activity_id = crm_test_add_call (f->store, other, crm_test_now () + DAY, 0);
  activity_id2 = crm_test_add_call (f->store, other, crm_test_now () + 2 * DAY, 0);
  crm_test_expect_changes (f, "%s", "");
  g_assert_true (crm_store_commit (f->store, &error));
  g_assert_no_error (error);
  crm_test_expect_changes (f, "customer:%" G_GINT64_FORMAT " activity:%" G_GINT64_FORMAT
                           " activity:%" G_GINT64_FORMAT, other, activity_id, activity_id2);

  /* Rolled back: nothing at all, not now and not with the next commit */
  g_assert_true (crm_store_begin (f->store, &error));
  crm_test_add_customer (f->store, "王五", "18600001111", NULL);
  crm_test_add_call (f->store, id, crm_test_now () + DAY, 0);
  crm_store_rollback (f->store);
  crm_test_expect_changes (f, "%s", "");
  g_assert_true (crm_store_set_meta (f->store, "note", "x", &error));
  crm_test_expect_changes (f, "showroom:0");

  /* The other kinds */
  staff_id = crm_test_add_staff (f->store, "赵磊", CRM_ROLE_SALES, TRUE);
  crm_test_expect_changes (f, "staff:%" G_GINT64_FORMAT, staff_id);
  model_id = crm_test_add_model (f->store, "汉兰达", "2.5L", 31980000);
  crm_test_expect_changes (f, "vehicle-model:%" G_GINT64_FORMAT, model_id);
  crm_deal_set_customer_id (deal, id);
  deal_id = crm_deal_store_insert (crm_store_get_deal_store (f->store), deal, staff_id, &error);
  g_assert_no_error (error);
  crm_test_expect_changes (f, "deal:%" G_GINT64_FORMAT, deal_id);
  g_assert_true (crm_deal_store_move (crm_store_get_deal_store (f->store), deal_id, CRM_STAGE_INVITED, staff_id, &error));
  crm_test_expect_changes (f, "deal:%" G_GINT64_FORMAT, deal_id);
}

/* ------------------------------------------------------------------------ */

int
main (int   argc,
      char *argv[])
{
  crm_test_init (&argc, &argv);

#define ADD(path, setup, func) \
  g_test_add (path, Fixture, NULL, setup, func, crm_test_teardown)

  ADD ("/store/query/search", crm_test_setup_showroom, test_search);
  ADD ("/store/query/search-narrowing", crm_test_setup_showroom, test_search_narrowing);
  ADD ("/store/query/filters", crm_test_setup_showroom, test_filters);
  ADD ("/store/query/sort-orders", crm_test_setup_showroom, test_sort_orders);
  ADD ("/store/changed", crm_test_setup_showroom, test_changed_signals);
  ADD ("/store/changed/other-connection", crm_test_setup_showroom, test_other_connection);
  ADD ("/store/busy-elsewhere", crm_test_setup_showroom, test_busy_elsewhere);
  ADD ("/store/query/ranked", crm_test_setup_showroom, test_ranked);
#undef ADD

  return g_test_run ();
}
