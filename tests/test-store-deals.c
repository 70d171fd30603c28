/* test-store-deals.c: activities and the follow-up summary, deals and
 * their stage history, leads created with their first deal
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

#include "crm-error.h"
#include "crm-leads.h"
#include "crm-store.h"
#include "crm-test-util.h"

typedef CrmTestShowroom Fixture;

#define HOUR (60 * 60)
#define DAY  (24 * HOUR)

/* ------------------------------------------------------------------------
 * Activities and the follow-up summary
 * ------------------------------------------------------------------------ */

static void
assert_summary (CrmStore *store,
                gint64    customer_id,
                gint64    last_contact,
                gint64    next_followup)
{
  g_autoptr(CrmCustomer) customer = crm_test_get_customer (store, customer_id);

  g_assert_cmpint (crm_customer_get_last_contact_at (customer), ==, last_contact);
  g_assert_cmpint (crm_customer_get_next_followup_at (customer), ==, next_followup);
}

static void
test_activity_summary (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmActivity) overdue = crm_activity_new ();
  g_autoptr(CrmActivity) empty = crm_activity_new ();
  g_autoptr(CrmActivity) missing = crm_activity_new ();
  g_autoptr(GListModel) timeline = NULL;
  gint64 zhang, li, soon, later;
  gint64 expected_order[5];

  zhang = crm_test_add_customer (f->store, "张三", "13800138000", NULL);
  li = crm_test_add_customer (f->store, "李四", "13912345678", NULL);
  assert_summary (f->store, zhang, 0, 0);

  /* Done ones: the latest is the last contact, whatever order they come in */
  expected_order[3] = crm_test_add_call (f->store, zhang, 0, crm_test_now () - 3 * DAY);
  assert_summary (f->store, zhang, crm_test_now () - 3 * DAY, 0);
  expected_order[2] = crm_test_add_call (f->store, zhang, crm_test_now () - DAY - HOUR, crm_test_now () - DAY);
  assert_summary (f->store, zhang, crm_test_now () - DAY, 0);
  expected_order[4] = crm_test_add_call (f->store, zhang, 0, crm_test_now () - 5 * DAY);
  assert_summary (f->store, zhang, crm_test_now () - DAY, 0);

  /* Planned ones: the earliest still open is the next follow-up */
  later = crm_test_add_call (f->store, zhang, crm_test_now () + 2 * DAY, 0);
  assert_summary (f->store, zhang, crm_test_now () - DAY, crm_test_now () + 2 * DAY);
  soon = crm_test_add_call (f->store, zhang, crm_test_now () + DAY, 0);
  assert_summary (f->store, zhang, crm_test_now () - DAY, crm_test_now () + DAY);

  crm_activity_set_customer_id (overdue, zhang);
  crm_activity_set_kind (overdue, CRM_ACTIVITY_WECHAT);
  crm_activity_set_planned_at (overdue, crm_test_now () - 2 * HOUR);
  crm_activity_set_staff_id (overdue, f->sales1);
  g_assert_cmpint (crm_followup_store_insert (crm_store_get_followup_store (f->store), overdue, &error), >, 0);
  g_assert_no_error (error);
  assert_summary (f->store, zhang, crm_test_now () - DAY, crm_test_now () - 2 * HOUR);

  /* The other customer is untouched */
  assert_summary (f->store, li, 0, 0);

  /* Done now: it becomes the last contact, the next one moves on */
  crm_activity_set_done_at (overdue, crm_test_now ());
  crm_activity_set_outcome (overdue, CRM_OUTCOME_REACHED);
  g_assert_true (crm_followup_store_update (crm_store_get_followup_store (f->store), overdue, &error));
  g_assert_no_error (error);
  assert_summary (f->store, zhang, crm_test_now (), crm_test_now () + DAY);

  /* Moved later: the next follow-up follows */
  {
    g_autoptr(CrmActivity) moved = crm_activity_new ();

    crm_activity_set_id (moved, soon);
    crm_activity_set_customer_id (moved, zhang);
    crm_activity_set_planned_at (moved, crm_test_now () + 3 * DAY);
    g_assert_true (crm_followup_store_update (crm_store_get_followup_store (f->store), moved, &error));
    g_assert_no_error (error);
    assert_summary (f->store, zhang, crm_test_now (), crm_test_now () + 2 * DAY);
  }

  /* The timeline: planned first (soonest first), then done (newest first) */
  expected_order[0] = later;
  expected_order[1] = soon;
  timeline = crm_followup_store_list_for_customer (crm_store_get_followup_store (f->store), zhang);
  g_assert_cmpuint (g_list_model_get_n_items (timeline), ==, 6);
  {
    g_autoptr(CrmActivity) a0 = g_list_model_get_item (timeline, 0);
    g_autoptr(CrmActivity) a1 = g_list_model_get_item (timeline, 1);
    g_autoptr(CrmActivity) a2 = g_list_model_get_item (timeline, 2);
    g_autoptr(CrmActivity) a3 = g_list_model_get_item (timeline, 3);
    g_autoptr(CrmActivity) a4 = g_list_model_get_item (timeline, 4);
    g_autoptr(CrmActivity) a5 = g_list_model_get_item (timeline, 5);

    g_assert_cmpint (crm_activity_get_id (a0), ==, expected_order[0]);
    g_assert_cmpint (crm_activity_get_id (a1), ==, expected_order[1]);
    g_assert_cmpint (crm_activity_get_id (a2), ==, crm_activity_get_id (overdue));
    g_assert_cmpint (crm_activity_get_id (a3), ==, expected_order[2]);
    g_assert_cmpint (crm_activity_get_id (a4), ==, expected_order[3]);
    g_assert_cmpint (crm_activity_get_id (a5), ==, expected_order[4]);

    /* The stored fields come back */
    g_assert_cmpint (crm_activity_get_kind (a2), ==, CRM_ACTIVITY_WECHAT);
    g_assert_cmpint (crm_activity_get_outcome (a2), ==, CRM_OUTCOME_REACHED);
    g_assert_cmpint (crm_activity_get_planned_at (a2), ==, crm_test_now () - 2 * HOUR);
    g_assert_cmpint (crm_activity_get_done_at (a2), ==, crm_test_now ());
    g_assert_true (crm_activity_get_is_done (a2));
    g_assert_cmpint (crm_activity_get_staff_id (a2), ==, f->sales1);
    g_assert_cmpstr (crm_activity_get_staff_name (a2), ==, "李娜");
    g_assert_false (crm_activity_get_is_done (a0));
  }

  /* Refused: no time at all, an unknown customer, an unknown staff member,
   * an activity that does not exist */
  crm_activity_set_customer_id (empty, zhang);
  g_assert_cmpint (crm_followup_store_insert (crm_store_get_followup_store (f->store), empty, &error), ==, 0);
  g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  crm_activity_set_customer_id (missing, 4242);
  crm_activity_set_planned_at (missing, crm_test_now ());
  g_assert_cmpint (crm_followup_store_insert (crm_store_get_followup_store (f->store), missing, &error), ==, 0);
  g_assert_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND);
  g_clear_error (&error);
  crm_activity_set_customer_id (missing, zhang);
  crm_activity_set_staff_id (missing, 4242);
  g_assert_cmpint (crm_followup_store_insert (crm_store_get_followup_store (f->store), missing, &error), ==, 0);
  g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  crm_activity_set_staff_id (missing, 0);
  crm_activity_set_id (missing, 4242);
  g_assert_false (crm_followup_store_update (crm_store_get_followup_store (f->store), missing, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_cmpint (crm_test_file_int (f->path, "SELECT count(*) FROM activity"), ==, 6);
  assert_summary (f->store, zhang, crm_test_now (), crm_test_now () + 2 * DAY);
}

/* A follow-up recorded on the wrong customer and moved to the right one:
 * both customers' summaries must follow */
static void
test_activity_summary_move_customer (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmActivity) activity = crm_activity_new ();
  gint64 zhang, li;

  zhang = crm_test_add_customer (f->store, "张三", "13800138000", NULL);
  li = crm_test_add_customer (f->store, "李四", "13912345678", NULL);

  crm_activity_set_customer_id (activity, zhang);
  crm_activity_set_planned_at (activity, crm_test_now () + DAY);
  g_assert_cmpint (crm_followup_store_insert (crm_store_get_followup_store (f->store), activity, &error), >, 0);
  g_assert_no_error (error);
  assert_summary (f->store, zhang, 0, crm_test_now () + DAY);
  g_array_set_size (f->changes, 0);

  crm_activity_set_customer_id (activity, li);
  g_assert_true (crm_followup_store_update (crm_store_get_followup_store (f->store), activity, &error));
  g_assert_no_error (error);

  assert_summary (f->store, li, 0, crm_test_now () + DAY);
  assert_summary (f->store, zhang, 0, 0);
  crm_test_expect_changes (f, "customer:%" G_GINT64_FORMAT " customer:%" G_GINT64_FORMAT
                           " activity:%" G_GINT64_FORMAT, zhang, li, crm_activity_get_id (activity));
}

/* ------------------------------------------------------------------------
 * Deals
 * ------------------------------------------------------------------------ */

static void
test_deals (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmDeal) deal = crm_deal_new ();
  g_autoptr(CrmDeal) orphan = crm_deal_new ();
  g_autoptr(GListModel) deals = NULL;
  g_autoptr(CrmDeal) got = NULL;
  g_autofree char *history = NULL;
  g_autofree char *expected = NULL;
  gint64 zhang, deal_id;

  zhang = crm_test_add_customer (f->store, "张三", "13800138000", NULL);

  crm_deal_set_customer_id (deal, zhang);
  crm_deal_set_model_id (deal, f->model1);
  crm_deal_set_owner_id (deal, f->sales1);
  crm_deal_set_stage (deal, CRM_STAGE_NEW_LEAD);
  crm_deal_set_expected_close (deal, crm_test_now () + 30 * DAY);
  deal_id = crm_deal_store_insert (crm_store_get_deal_store (f->store), deal, f->reception, &error);
  g_assert_no_error (error);
  g_assert_cmpint (deal_id, >, 0);
  g_assert_cmpint (crm_deal_get_id (deal), ==, deal_id);
  g_assert_cmpint (crm_deal_get_created_at (deal), ==, crm_test_now ());
  g_assert_cmpint (crm_deal_get_stage_entered_at (deal), ==, crm_test_now ());
  g_assert_cmpint (crm_deal_store_count_stage_history (crm_store_get_deal_store (f->store), deal_id), ==, 1);

  deals = crm_deal_store_list_for_customer (crm_store_get_deal_store (f->store), zhang);
  g_assert_cmpuint (g_list_model_get_n_items (deals), ==, 1);
  got = g_list_model_get_item (deals, 0);
  g_assert_cmpint (crm_deal_get_id (got), ==, deal_id);
  g_assert_cmpint (crm_deal_get_customer_id (got), ==, zhang);
  g_assert_cmpint (crm_deal_get_model_id (got), ==, f->model1);
  g_assert_cmpstr (crm_deal_get_model_name (got), ==, "凯美瑞 2.0G 豪华版");
  g_assert_cmpint (crm_deal_get_stage (got), ==, CRM_STAGE_NEW_LEAD);
  g_assert_cmpint (crm_deal_get_expected_close (got), ==, crm_test_now () + 30 * DAY);
  g_assert_cmpint (crm_deal_get_owner_id (got), ==, f->sales1);
  g_clear_object (&got);
  g_clear_object (&deals);

  /* A day later it moves on: one more history row */
  crm_clock_advance (f->clock, DAY);
  g_assert_true (crm_deal_store_move (crm_store_get_deal_store (f->store), deal_id, CRM_STAGE_INVITED, f->sales1, &error));
  g_assert_no_error (error);
  g_assert_cmpint (crm_deal_store_count_stage_history (crm_store_get_deal_store (f->store), deal_id), ==, 2);
  g_assert_true (crm_deal_store_move_at (crm_store_get_deal_store (f->store), deal_id, CRM_STAGE_VISITED, f->sales1,
                                         crm_test_now () + DAY + HOUR, &error));
  g_assert_no_error (error);
  g_assert_cmpint (crm_deal_store_count_stage_history (crm_store_get_deal_store (f->store), deal_id), ==, 3);

  deals = crm_deal_store_list_for_customer (crm_store_get_deal_store (f->store), zhang);
  got = g_list_model_get_item (deals, 0);
  g_assert_cmpint (crm_deal_get_stage (got), ==, CRM_STAGE_VISITED);
  g_assert_cmpint (crm_deal_get_stage_entered_at (got), ==, crm_test_now () + DAY + HOUR);
  g_assert_cmpint (crm_deal_get_created_at (got), ==, crm_test_now ());

  history = crm_test_file_rows (f->path,
                                "SELECT coalesce(from_stage, '-'), to_stage, at - (SELECT min(at) FROM stage_history),"
                                " staff_id FROM stage_history ORDER BY id");
  expected = g_strdup_printf ("-|new-lead|0|%" G_GINT64_FORMAT "\n"
                              "new-lead|invited|86400|%" G_GINT64_FORMAT "\n"
                              "invited|visited|90000|%" G_GINT64_FORMAT "\n",
                              f->reception, f->sales1, f->sales1);
  g_assert_cmpstr (history, ==, expected);

  /* Refused: an unknown deal, an unknown customer, an unknown owner */
  g_assert_false (crm_deal_store_move (crm_store_get_deal_store (f->store), 4242, CRM_STAGE_ORDERED, f->sales1, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (crm_deal_store_count_stage_history (crm_store_get_deal_store (f->store), 4242), ==, 0);

  crm_deal_set_customer_id (orphan, 4242);
  g_assert_cmpint (crm_deal_store_insert (crm_store_get_deal_store (f->store), orphan, 0, &error), ==, 0);
  g_assert_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND);
  g_clear_error (&error);

  crm_deal_set_customer_id (orphan, zhang);
  crm_deal_set_owner_id (orphan, 4242);
  g_assert_cmpint (crm_deal_store_insert (crm_store_get_deal_store (f->store), orphan, 0, &error), ==, 0);
  g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  /* A deleted customer takes no new deals */
  g_assert_true (crm_customer_store_delete (crm_store_get_customer_store (f->store), zhang, NULL));
  crm_deal_set_owner_id (orphan, 0);
  g_assert_cmpint (crm_deal_store_insert (crm_store_get_deal_store (f->store), orphan, 0, &error), ==, 0);
  g_assert_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_cmpint (crm_test_file_int (f->path, "SELECT count(*) FROM deal"), ==, 1);
  g_assert_cmpint (crm_test_file_int (f->path, "SELECT count(*) FROM stage_history"), ==, 3);
}

/* ------------------------------------------------------------------------
 * Leads
 * ------------------------------------------------------------------------ */

/* Two desktops, one deal: a move or a price decided on what one desktop
 * read is not written over what another saved since (both engines) */
static void
test_deal_two_desktops (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(CrmClock) clock = crm_clock_new_fixed (crm_test_now ());
  g_autoptr(CrmStore) other = NULL;
  g_autoptr(CrmDeal) deal = crm_deal_new ();
  g_autoptr(CrmDeal) got = NULL;
  g_autoptr(GError) error = NULL;
  CrmDealStore *here;
  gint64 zhang, deal_id, moves;

  zhang = crm_test_add_customer (f->store, "张三", "13800138000", NULL);
  crm_deal_set_customer_id (deal, zhang);
  crm_deal_set_owner_id (deal, f->sales1);
  crm_deal_set_stage (deal, CRM_STAGE_NEW_LEAD);
  deal_id = crm_deal_store_insert (crm_store_get_deal_store (f->store), deal, f->reception, &error);
  g_assert_no_error (error);
  here = crm_store_get_deal_store (f->store);

  other = crm_store_open (f->path, clock, &error);
  g_assert_no_error (error);

  /* 王丽 moves it on the other desktop; this one still shows New Lead */
  g_assert_true (crm_deal_store_move_from (crm_store_get_deal_store (other), deal_id, CRM_STAGE_NEW_LEAD,
                                           CRM_STAGE_INVITED, f->sales2, &error));
  g_assert_no_error (error);
  moves = crm_deal_store_count_stage_history (here, deal_id);

  g_assert_false (crm_deal_store_move_from (here, deal_id, CRM_STAGE_NEW_LEAD, CRM_STAGE_VISITED, f->sales1, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_CONFLICT);
  crm_test_assert_contains (error->message, "王丽");
  crm_test_assert_contains (error->message, crm_stage_get_label (CRM_STAGE_INVITED));
  g_clear_error (&error);
  got = crm_deal_store_get (here, deal_id, &error);
  g_assert_cmpint (crm_deal_get_stage (got), ==, CRM_STAGE_INVITED);
  g_assert_cmpint (crm_deal_store_count_stage_history (here, deal_id), ==, moves);
  g_clear_object (&got);

  /* From where it really is, the move goes through */
  g_assert_true (crm_deal_store_move_from (here, deal_id, CRM_STAGE_INVITED, CRM_STAGE_VISITED, f->sales1, &error));
  g_assert_no_error (error);

  /* The agreed price: the other desktop saved ¥180,000 over the ¥0 this
   * one loaded; this one's ¥170,000 is refused, then saved against the
   * price it now sees */
  g_assert_true (crm_deal_store_change_price (crm_store_get_deal_store (other), deal_id, 0, 18000000, &error));
  g_assert_no_error (error);
  g_assert_false (crm_deal_store_change_price (here, deal_id, 0, 17000000, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_CONFLICT);
  g_clear_error (&error);
  got = crm_deal_store_get (here, deal_id, &error);
  g_assert_cmpint (crm_deal_get_price (got), ==, 18000000);
  g_clear_object (&got);
  g_assert_true (crm_deal_store_change_price (here, deal_id, 18000000, 17000000, &error));
  g_assert_no_error (error);
  got = crm_deal_store_get (here, deal_id, &error);
  g_assert_cmpint (crm_deal_get_price (got), ==, 17000000);
}

static void
test_leads_create (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmCustomer) lead = crm_test_customer_new ("张三", "138 0013 8000", NULL);
  g_autoptr(CrmCustomer) nameless = crm_test_customer_new ("", "13912345678", NULL);
  g_autoptr(CrmCustomer) dup = crm_test_customer_new ("张三的朋友", "13800138000", NULL);
  g_autoptr(CrmCustomer) bad_staff = crm_test_customer_new ("王五", "18600001111", NULL);
  g_autoptr(CrmCustomer) got = NULL;
  g_autoptr(GListModel) deals = NULL;
  g_autoptr(CrmDeal) deal = NULL;
  g_autofree char *models = NULL;
  g_autofree char *expected_models = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 id;

  crm_customer_set_owner_id (lead, f->sales1);
  crm_customer_set_channel (lead, CRM_CHANNEL_DOUYIN);
  id = crm_leads_create (f->store, lead, f->model2, f->reception, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (crm_customer_get_id (lead), ==, id);

  got = crm_test_get_customer (f->store, id);
  g_assert_cmpstr (crm_customer_get_phone (got), ==, "13800138000");
  g_assert_cmpint (crm_customer_get_channel (got), ==, CRM_CHANNEL_DOUYIN);
  models = crm_test_model_ids_to_string (crm_customer_get_model_ids (got));
  expected_models = g_strdup_printf ("%" G_GINT64_FORMAT, f->model2);
  g_assert_cmpstr (models, ==, expected_models);

  deals = crm_deal_store_list_for_customer (crm_store_get_deal_store (f->store), id);
  g_assert_cmpuint (g_list_model_get_n_items (deals), ==, 1);
  deal = g_list_model_get_item (deals, 0);
  g_assert_cmpint (crm_deal_get_stage (deal), ==, CRM_STAGE_NEW_LEAD);
  g_assert_cmpint (crm_deal_get_model_id (deal), ==, f->model2);
  g_assert_cmpint (crm_deal_get_owner_id (deal), ==, f->sales1);
  g_assert_cmpint (crm_deal_get_created_at (deal), ==, crm_test_now ());
  g_assert_cmpint (crm_deal_store_count_stage_history (crm_store_get_deal_store (f->store), crm_deal_get_id (deal)), ==, 1);
  g_assert_cmpint (crm_test_file_int (f->path, "SELECT staff_id FROM stage_history"), ==, f->reception);
  g_clear_pointer (&models, g_free);
  {
    g_autofree char *expected = g_strdup_printf ("customer:%" G_GINT64_FORMAT " deal:%" G_GINT64_FORMAT,
                                                 id, crm_deal_get_id (deal));
    crm_test_expect_changes (f, "%s", expected);
  }

  /* Neither customer nor deal when the customer is refused … */
  before = crm_test_db_fingerprint (f->path);
  g_assert_cmpint (crm_leads_create (f->store, nameless, f->model1, f->reception, &error), ==, 0);
  g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_cmpint (crm_leads_create (f->store, dup, 0, f->reception, &error), ==, 0);
  g_assert_error (error, CRM_ERROR, CRM_ERROR_DUPLICATE);
  g_clear_error (&error);

  /* … nor when the deal is (taken in by someone not on the staff) */
  g_assert_cmpint (crm_leads_create (f->store, bad_staff, f->model1, 4242, &error), ==, 0);
  g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  crm_test_expect_changes (f, "%s", "");
  after = crm_test_db_fingerprint (f->path);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpint (crm_customer_store_count (crm_store_get_customer_store (f->store)), ==, 1);
  g_assert_cmpint (crm_customer_store_find_by_phone (crm_store_get_customer_store (f->store), "18600001111", 0), ==, 0);
  g_assert_cmpint (crm_test_file_int (f->path, "SELECT count(*) FROM deal"), ==, 1);
  g_assert_cmpint (crm_test_file_int (f->path, "SELECT count(*) FROM stage_history"), ==, 1);

  /* The store is usable afterwards */
  g_clear_object (&bad_staff);
  bad_staff = crm_test_customer_new ("王五", "18600001111", NULL);
  g_assert_cmpint (crm_leads_create (f->store, bad_staff, 0, f->reception, &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (crm_customer_store_count (crm_store_get_customer_store (f->store)), ==, 2);
}

/* ------------------------------------------------------------------------ */

int
main (int   argc,
      char *argv[])
{
  crm_test_init (&argc, &argv);

#define ADD(path, setup, func) \
  g_test_add (path, Fixture, NULL, setup, func, crm_test_teardown)

  ADD ("/store/activity/summary", crm_test_setup_showroom, test_activity_summary);
  ADD ("/store/activity/summary-move-customer", crm_test_setup_showroom, test_activity_summary_move_customer);
  ADD ("/store/deal/history", crm_test_setup_showroom, test_deals);
  ADD ("/store/deal/two-desktops", crm_test_setup_showroom, test_deal_two_desktops);
  ADD ("/store/leads/create", crm_test_setup_showroom, test_leads_create);
#undef ADD

  return g_test_run ();
}
