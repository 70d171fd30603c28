/* test-pipeline.c: stage gates, stage history, Lost requests, board queries
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "crm-demo.h"
#include "crm-error.h"
#include "crm-pipeline.h"
#include "crm-test-util.h"

#define NOW  1795665600  /* 2026-11-26 12:00 Beijing */
#define DAY  86400

typedef struct
{
  CrmTestShowroom sr;
  CrmStaff       *manager;  /* 王经理 */
  CrmStaff       *rep;      /* 李顾问 */
  gint64          customer; /* 张三, the rep's */
  gint64          deal;     /* 张三's, a new lead */
} Fixture;

static gint64
add_customer (CrmStore   *store,
              const char *name,
              const char *phone,
              gint64      owner)
{
  g_autoptr(CrmCustomer) customer = crm_test_customer_new (name, phone, NULL);

  crm_customer_set_owner_id (customer, owner);
  crm_customer_set_grade (customer, CRM_GRADE_A);
  return crm_test_insert_customer (store, customer);
}

static gint64
add_deal (Fixture  *f,
          gint64    customer,
          CrmStage  stage)
{
  return crm_test_add_deal (f->sr.store, customer, crm_staff_get_id (f->rep), stage);
}

static CrmStage
stage_of (Fixture *f,
          gint64   deal_id)
{
  g_autoptr(CrmDeal) deal = crm_deal_store_get (crm_store_get_deal_store (f->sr.store), deal_id, NULL);

  g_assert_nonnull (deal);
  return crm_deal_get_stage (deal);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  static const CrmTestStaff staff[] = {
    { "王经理", CRM_ROLE_MANAGER },
    { "李顾问", CRM_ROLE_SALES },
  };
  gint64 ids[G_N_ELEMENTS (staff)];

  crm_test_showroom_init (&f->sr, NOW);
  crm_test_showroom_open_store (&f->sr);
  crm_test_showroom_setup_staff (&f->sr, "测试店", staff, G_N_ELEMENTS (staff), ids);
  f->manager = crm_staff_store_get (crm_store_get_staff_store (f->sr.store), ids[0], NULL);
  f->rep = crm_staff_store_get (crm_store_get_staff_store (f->sr.store), ids[1], NULL);
  g_assert_nonnull (f->manager);
  g_assert_nonnull (f->rep);

  f->customer = add_customer (f->sr.store, "张三", "13800138000", ids[1]);
  f->deal = add_deal (f, f->customer, CRM_STAGE_NEW_LEAD);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->manager);
  g_clear_object (&f->rep);
  crm_test_showroom_clear (&f->sr);
}

static void
move_ok (Fixture  *f,
         CrmStage  to)
{
  g_autoptr(GError) error = NULL;
  CrmGate gate = CRM_GATE_CLOSED;

  g_assert_true (crm_pipeline_move (f->sr.store, f->deal, to, crm_staff_get_id (f->rep), &gate, &error));
  g_assert_no_error (error);
  g_assert_cmpint (gate, ==, CRM_GATE_OPEN);
  g_assert_cmpint (stage_of (f, f->deal), ==, to);
}

static void
move_refused (Fixture  *f,
              CrmStage  to,
              CrmGate   expected)
{
  g_autoptr(GError) error = NULL;
  CrmStage before = stage_of (f, f->deal);
  gint64 history = crm_deal_store_count_stage_history (crm_store_get_deal_store (f->sr.store), f->deal);
  CrmGate gate = CRM_GATE_OPEN;

  g_assert_false (crm_pipeline_move (f->sr.store, f->deal, to, crm_staff_get_id (f->rep), &gate, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_RULE);
  g_assert_cmpstr (error->message, !=, "");
  g_assert_cmpint (gate, ==, expected);
  /* Nothing changed, nothing recorded */
  g_assert_cmpint (stage_of (f, f->deal), ==, before);
  g_assert_cmpint (crm_deal_store_count_stage_history (crm_store_get_deal_store (f->sr.store), f->deal), ==, history);
}

static void
record_test_drive (Fixture *f)
{
  g_autoptr(CrmActivity) drive = crm_activity_new ();
  g_autoptr(GError) error = NULL;

  crm_activity_set_customer_id (drive, f->customer);
  crm_activity_set_kind (drive, CRM_ACTIVITY_TEST_DRIVE);
  crm_activity_set_done_at (drive, NOW - 3600);
  crm_activity_set_outcome (drive, CRM_OUTCOME_REACHED);
  g_assert_cmpint (crm_followup_store_insert (crm_store_get_followup_store (f->sr.store), drive, &error), >, 0);
  g_assert_no_error (error);
}

static void
test_gates (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  /* The funnel's natural order is open */
  move_ok (f, CRM_STAGE_INVITED);
  move_ok (f, CRM_STAGE_VISITED);

  /* Test drive needs a recorded test drive; a planned one does not count */
  move_refused (f, CRM_STAGE_TEST_DRIVE, CRM_GATE_NEEDS_TEST_DRIVE);
  {
    g_autoptr(CrmActivity) planned = crm_activity_new ();

    crm_activity_set_customer_id (planned, f->customer);
    crm_activity_set_kind (planned, CRM_ACTIVITY_TEST_DRIVE);
    crm_activity_set_planned_at (planned, NOW + DAY);
    g_assert_cmpint (crm_followup_store_insert (crm_store_get_followup_store (f->sr.store), planned, &error), >, 0);
    move_refused (f, CRM_STAGE_TEST_DRIVE, CRM_GATE_NEEDS_TEST_DRIVE);
  }
  record_test_drive (f);
  move_ok (f, CRM_STAGE_TEST_DRIVE);
  move_ok (f, CRM_STAGE_NEGOTIATION);

  /* Delivered needs Ordered; Ordered needs a price */
  move_refused (f, CRM_STAGE_DELIVERED, CRM_GATE_NEEDS_ORDERED);
  move_refused (f, CRM_STAGE_ORDERED, CRM_GATE_NEEDS_PRICE);
  g_assert_false (crm_deal_store_set_price (crm_store_get_deal_store (f->sr.store), f->deal, -5, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_true (crm_deal_store_set_price (crm_store_get_deal_store (f->sr.store), f->deal, 18980000, &error));
  g_assert_no_error (error);
  move_ok (f, CRM_STAGE_ORDERED);

  /* Invalid only from the first two stages */
  move_refused (f, CRM_STAGE_INVALID, CRM_GATE_NOT_FROM_HERE);
  /* Lost only with a reason and a note */
  move_refused (f, CRM_STAGE_LOST, CRM_GATE_NEEDS_REASON);
  /* Same stage: nothing to do */
  move_refused (f, CRM_STAGE_ORDERED, CRM_GATE_SAME_STAGE);

  move_ok (f, CRM_STAGE_DELIVERED);
  /* Closed: reopen first */
  move_refused (f, CRM_STAGE_NEGOTIATION, CRM_GATE_CLOSED);
}

static void
test_gates_switched_off (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (crm_staff_store_get_stage_rule (crm_store_get_staff_store (f->sr.store), CRM_STAGE_TEST_DRIVE,
                                           CRM_STAGE_RULE_TEST_DRIVE_RECORDED));
  g_assert_true (crm_staff_store_set_stage_rule (crm_store_get_staff_store (f->sr.store), CRM_STAGE_TEST_DRIVE,
                                           CRM_STAGE_RULE_TEST_DRIVE_RECORDED, FALSE, &error));
  g_assert_no_error (error);
  g_assert_false (crm_staff_store_get_stage_rule (crm_store_get_staff_store (f->sr.store), CRM_STAGE_TEST_DRIVE,
                                            CRM_STAGE_RULE_TEST_DRIVE_RECORDED));
  move_ok (f, CRM_STAGE_TEST_DRIVE);

  g_assert_true (crm_staff_store_set_stage_rule (crm_store_get_staff_store (f->sr.store), CRM_STAGE_ORDERED,
                                           CRM_STAGE_RULE_PRICE_AGREED, FALSE, &error));
  move_ok (f, CRM_STAGE_ORDERED);
  /* Still on: Invalid only from early stages */
  move_refused (f, CRM_STAGE_INVALID, CRM_GATE_NOT_FROM_HERE);
}

static char *
history_of (Fixture *f)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *sql = g_strdup_printf ("SELECT coalesce(from_stage, '-'), to_stage, at, coalesce(staff_id, 0)"
                                          " FROM stage_history WHERE deal_id = %" G_GINT64_FORMAT " ORDER BY id",
                                          f->deal);
  g_autofree char *rows = crm_test_file_rows (f->sr.path, sql);
  g_auto(GStrv) lines = g_strsplit (rows, "\n", -1);

  for (guint i = 0; lines[i] != NULL && *lines[i] != '\0'; i++)
    {
      g_auto(GStrv) cols = g_strsplit (lines[i], "|", -1);

      g_assert_cmpuint (g_strv_length (cols), ==, 4);
      g_string_append_printf (out, "%s>%s@%lld/%s ", cols[0], cols[1],
                              (long long) (g_ascii_strtoll (cols[2], NULL, 10) - NOW), cols[3]);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
test_history_and_undo (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *history = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GError) error = NULL;
  gint64 rep = crm_staff_get_id (f->rep);
  gint64 manager = crm_staff_get_id (f->manager);

  move_ok (f, CRM_STAGE_INVITED);
  crm_clock_advance (f->sr.clock, 3600);
  move_ok (f, CRM_STAGE_VISITED);
  crm_clock_advance (f->sr.clock, 60);
  /* Undo is a move back, recorded like any other, by whoever undid it */
  g_assert_true (crm_deal_store_move (crm_store_get_deal_store (f->sr.store), f->deal, CRM_STAGE_INVITED, manager, &error));
  g_assert_no_error (error);

  history = history_of (f);
  expected = g_strdup_printf ("->new-lead@0/%lld new-lead>invited@0/%lld invited>visited@3600/%lld "
                              "visited>invited@3660/%lld ",
                              (long long) rep, (long long) rep, (long long) rep, (long long) manager);
  g_assert_cmpstr (history, ==, expected);
  g_assert_cmpint (crm_deal_store_count_stage_history (crm_store_get_deal_store (f->sr.store), f->deal), ==, 4);

  /* The deal remembers when it entered its stage */
  {
    g_autoptr(CrmDeal) deal = crm_deal_store_get (crm_store_get_deal_store (f->sr.store), f->deal, NULL);
    g_assert_cmpint (crm_deal_get_stage_entered_at (deal), ==, NOW + 3660);
  }
}

static void
test_lost_request (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) requests = NULL;
  g_autofree char *note = NULL;
  CrmLostReason reason = CRM_LOST_REASON_NONE;
  gboolean requested = FALSE;

  move_ok (f, CRM_STAGE_INVITED);

  /* No reason, or no note: refused */
  g_assert_false (crm_pipeline_close_lost (f->sr.store, f->deal, CRM_LOST_REASON_NONE, "买了别的",
                                           f->rep, &requested, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (crm_pipeline_close_lost (f->sr.store, f->deal, CRM_LOST_REASON_COMPETITOR, "  ",
                                           f->rep, &requested, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  /* A rep's Lost becomes a request; the deal stays */
  g_assert_true (crm_pipeline_close_lost (f->sr.store, f->deal, CRM_LOST_REASON_COMPETITOR,
                                          "买了比亚迪", f->rep, &requested, &error));
  g_assert_no_error (error);
  g_assert_true (requested);
  g_assert_cmpint (stage_of (f, f->deal), ==, CRM_STAGE_INVITED);
  g_assert_true (crm_deal_store_get_lost_request (crm_store_get_deal_store (f->sr.store), f->deal, &reason, &note));
  g_assert_cmpint (reason, ==, CRM_LOST_REASON_COMPETITOR);
  g_assert_cmpstr (note, ==, "买了比亚迪");
  requests = crm_deal_store_list_lost_requests (crm_store_get_deal_store (f->sr.store));
  g_assert_cmpuint (g_list_model_get_n_items (requests), ==, 1);
  {
    g_autoptr(CrmDeal) deal = g_list_model_get_item (requests, 0);
    g_assert_cmpint (crm_deal_get_lost_requested_at (deal), ==, NOW);
    g_assert_cmpstr (crm_deal_get_customer_name (deal), ==, "张三");
  }

  /* Only one request at a time */
  g_assert_false (crm_deal_store_request_lost (crm_store_get_deal_store (f->sr.store), f->deal, CRM_LOST_REASON_PRICE, "再申请",
                                          crm_staff_get_id (f->rep), &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  /* Sent back needs a word; then the deal stays open with the comment */
  g_assert_false (crm_deal_store_decide_lost (crm_store_get_deal_store (f->sr.store), f->deal, FALSE, "", crm_staff_get_id (f->manager), &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_true (crm_deal_store_decide_lost (crm_store_get_deal_store (f->sr.store), f->deal, FALSE, "再约一次试驾",
                                        crm_staff_get_id (f->manager), &error));
  g_assert_no_error (error);
  g_assert_cmpint (stage_of (f, f->deal), ==, CRM_STAGE_INVITED);
  {
    g_autoptr(CrmDeal) deal = crm_deal_store_get (crm_store_get_deal_store (f->sr.store), f->deal, NULL);
    g_assert_cmpstr (crm_deal_get_request_comment (deal), ==, "再约一次试驾");
    g_assert_cmpint (crm_deal_get_lost_requested_at (deal), ==, 0);
  }

  /* Asked again and approved: closed as Lost with the rep's reason */
  g_assert_true (crm_pipeline_close_lost (f->sr.store, f->deal, CRM_LOST_REASON_PRICE,
                                          "预算不够", f->rep, &requested, &error));
  g_assert_true (requested);
  g_assert_true (crm_deal_store_decide_lost (crm_store_get_deal_store (f->sr.store), f->deal, TRUE, NULL, crm_staff_get_id (f->manager), &error));
  g_assert_no_error (error);
  {
    g_autoptr(CrmDeal) deal = crm_deal_store_get (crm_store_get_deal_store (f->sr.store), f->deal, NULL);
    g_assert_cmpint (crm_deal_get_stage (deal), ==, CRM_STAGE_LOST);
    g_assert_cmpint (crm_deal_get_lost_reason (deal), ==, CRM_LOST_REASON_PRICE);
    g_assert_cmpstr (crm_deal_get_lost_note (deal), ==, "预算不够");
  }
  g_assert_false (crm_deal_store_decide_lost (crm_store_get_deal_store (f->sr.store), f->deal, TRUE, NULL, crm_staff_get_id (f->manager), &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Reopened: back to the stage it was lost from, in the history */
  g_assert_true (crm_deal_store_reopen (crm_store_get_deal_store (f->sr.store), f->deal, crm_staff_get_id (f->manager), &error));
  g_assert_no_error (error);
  g_assert_cmpint (stage_of (f, f->deal), ==, CRM_STAGE_INVITED);
  g_assert_cmpint (crm_deal_store_count_stage_history (crm_store_get_deal_store (f->sr.store), f->deal), ==, 4);
  g_assert_false (crm_deal_store_reopen (crm_store_get_deal_store (f->sr.store), f->deal, 0, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
}

static void
test_lost_directly (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gboolean requested = TRUE;
  gint64 other_customer = add_customer (f->sr.store, "李四", "13912345678", crm_staff_get_id (f->rep));
  gint64 other = add_deal (f, other_customer, CRM_STAGE_VISITED);

  /* A manager closes at once */
  g_assert_true (crm_pipeline_close_lost (f->sr.store, f->deal, CRM_LOST_REASON_UNREACHABLE,
                                          "三次未接通", f->manager, &requested, &error));
  g_assert_no_error (error);
  g_assert_false (requested);
  g_assert_cmpint (stage_of (f, f->deal), ==, CRM_STAGE_LOST);

  /* With the showroom's setting, a rep too */
  g_assert_true (crm_staff_store_set_setting_int (crm_store_get_staff_store (f->sr.store), "reps-close-lost", 1, &error));
  g_assert_true (crm_pipeline_close_lost (f->sr.store, other, CRM_LOST_REASON_POSTPONED,
                                          "明年再买", f->rep, &requested, &error));
  g_assert_no_error (error);
  g_assert_false (requested);
  {
    g_autoptr(CrmDeal) deal = crm_deal_store_get (crm_store_get_deal_store (f->sr.store), other, NULL);
    g_assert_cmpint (crm_deal_get_stage (deal), ==, CRM_STAGE_LOST);
  }

  /* A closed deal cannot be closed again */
  g_assert_false (crm_pipeline_close_lost (f->sr.store, f->deal, CRM_LOST_REASON_PRICE, "x",
                                           f->manager, &requested, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_RULE);
}

static void
test_board_query (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GArray) prices = NULL;
  g_autoptr(GArray) entered = NULL;
  g_autoptr(CrmVehicleModel) model = crm_vehicle_model_new ();
  CrmDealQuery query;
  gint64 li, wang, li_deal, wang_deal;

  crm_vehicle_model_set_brand (model, "广汽丰田");
  crm_vehicle_model_set_series (model, "凯美瑞");
  crm_vehicle_model_set_guide_price (model, 17980000);
  g_assert_cmpint (crm_staff_store_insert_vehicle_model (crm_store_get_staff_store (f->sr.store), model, &error), >, 0);

  li = add_customer (f->sr.store, "李四", "13912345678", crm_staff_get_id (f->rep));
  wang = add_customer (f->sr.store, "王五", "13700001111", 0);
  crm_clock_advance (f->sr.clock, 60);
  li_deal = add_deal (f, li, CRM_STAGE_NEW_LEAD);
  {
    g_autoptr(CrmDeal) deal = crm_deal_new ();

    crm_clock_advance (f->sr.clock, 60);
    crm_deal_set_customer_id (deal, wang);
    crm_deal_set_model_id (deal, crm_vehicle_model_get_id (model));
    wang_deal = crm_deal_store_insert (crm_store_get_deal_store (f->sr.store), deal, 0, &error);
    g_assert_no_error (error);
  }

  crm_deal_query_init (&query);
  query.stage = CRM_STAGE_NEW_LEAD;
  ids = crm_deal_store_query_ids (crm_store_get_deal_store (f->sr.store), &query, &prices, &entered, &error);
  g_assert_no_error (error);
  /* Longest in the stage first */
  g_assert_cmpuint (ids->len, ==, 3);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, f->deal);
  g_assert_cmpint (g_array_index (ids, gint64, 1), ==, li_deal);
  g_assert_cmpint (g_array_index (ids, gint64, 2), ==, wang_deal);
  g_assert_cmpint (g_array_index (prices, gint64, 2), ==, 17980000);
  g_assert_cmpint (g_array_index (entered, gint64, 2), ==, NOW + 120);
  g_clear_pointer (&ids, g_array_unref);

  /* The rep's own; nobody's; a search word */
  query.owner_id = crm_staff_get_id (f->rep);
  ids = crm_deal_store_query_ids (crm_store_get_deal_store (f->sr.store), &query, NULL, NULL, &error);
  g_assert_cmpuint (ids->len, ==, 2);
  g_clear_pointer (&ids, g_array_unref);
  query.owner_id = 0;
  ids = crm_deal_store_query_ids (crm_store_get_deal_store (f->sr.store), &query, NULL, NULL, &error);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, wang_deal);
  g_clear_pointer (&ids, g_array_unref);
  query.owner_id = -1;
  query.search = g_strdup ("ls");
  ids = crm_deal_store_query_ids (crm_store_get_deal_store (f->sr.store), &query, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, li_deal);
  g_clear_pointer (&ids, g_array_unref);

  /* One deal checked against the filters, as a column does on a move */
  {
    g_autoptr(CrmDeal) deal = crm_deal_store_get (crm_store_get_deal_store (f->sr.store), wang_deal, NULL);

    g_assert_cmpstr (crm_deal_get_customer_name (deal), ==, "王五");
    g_assert_cmpint (crm_deal_get_guide_price (deal), ==, 17980000);
    g_assert_true (crm_deal_store_matches (crm_store_get_deal_store (f->sr.store), deal, &query));
    query.owner_id = crm_staff_get_id (f->rep);
    g_assert_false (crm_deal_store_matches (crm_store_get_deal_store (f->sr.store), deal, &query));
    query.owner_id = -1;
    query.stage = CRM_STAGE_INVITED;
    g_assert_false (crm_deal_store_matches (crm_store_get_deal_store (f->sr.store), deal, &query));
  }
  crm_deal_query_clear (&query);

  /* The archive: closed deals only, by lost reason, and re-activation due */
  g_assert_true (crm_pipeline_close_lost (f->sr.store, li_deal, CRM_LOST_REASON_PRICE, "太贵",
                                          f->manager, NULL, &error));
  crm_deal_query_init (&query);
  query.archive = TRUE;
  ids = crm_deal_store_query_ids (crm_store_get_deal_store (f->sr.store), &query, NULL, NULL, &error);
  g_assert_cmpuint (ids->len, ==, 1);
  g_clear_pointer (&ids, g_array_unref);
  query.lost_reason = CRM_LOST_REASON_COMPETITOR;
  ids = crm_deal_store_query_ids (crm_store_get_deal_store (f->sr.store), &query, NULL, NULL, &error);
  g_assert_cmpuint (ids->len, ==, 0);
  g_clear_pointer (&ids, g_array_unref);
  query.lost_reason = -1;
  query.reactivation_due = TRUE;
  ids = crm_deal_store_query_ids (crm_store_get_deal_store (f->sr.store), &query, NULL, NULL, &error);
  g_assert_cmpuint (ids->len, ==, 0);
  g_clear_pointer (&ids, g_array_unref);
  crm_clock_advance (f->sr.clock, 91 * DAY);
  ids = crm_deal_store_query_ids (crm_store_get_deal_store (f->sr.store), &query, NULL, NULL, &error);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, li_deal);
  crm_deal_query_clear (&query);
}

static void
test_overdue (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(CrmDeal) deal = crm_deal_store_get (crm_store_get_deal_store (f->sr.store), f->deal, NULL);

  int limit = crm_staff_store_get_setting_int (crm_store_get_staff_store (f->sr.store), "cadence-idle-days", -1);

  /* The showroom's default idle limit */
  g_assert_cmpint (limit, ==, 3);
  /* Entered today, nothing planned: not yet idle */
  g_assert_false (crm_pipeline_is_overdue (deal, NOW, limit));
  /* Four days without contact: idle past the 3-day limit */
  g_assert_true (crm_pipeline_is_overdue (deal, NOW + 4 * DAY, limit));
  /* A follow-up planned ahead: fine; past due: overdue */
  crm_deal_set_next_followup_at (deal, NOW + 5 * DAY);
  g_assert_false (crm_pipeline_is_overdue (deal, NOW + 4 * DAY, limit));
  g_assert_true (crm_pipeline_is_overdue (deal, NOW + 6 * DAY, limit));
  /* The showroom's own limit */
  crm_deal_set_next_followup_at (deal, 0);
  g_assert_true (crm_staff_store_set_setting_int (crm_store_get_staff_store (f->sr.store), "cadence-idle-days", 7, NULL));
  limit = crm_staff_store_get_setting_int (crm_store_get_staff_store (f->sr.store), "cadence-idle-days", -1);
  g_assert_cmpint (limit, ==, 7);
  g_assert_false (crm_pipeline_is_overdue (deal, NOW + 4 * DAY, limit));
  /* A closed deal is never overdue */
  crm_deal_set_stage (deal, CRM_STAGE_LOST);
  g_assert_false (crm_pipeline_is_overdue (deal, NOW + 40 * DAY, limit));
}

static void
test_demo_pipeline (void)
{
  g_autoptr(GError) error = NULL;
  CrmTestShowroom sr;
  CrmStore *store;
  g_autoptr(GArray) stages = NULL;
  g_autoptr(GListModel) requests = NULL;
  guint open = 0;

  crm_test_showroom_init (&sr, NOW);
  crm_test_showroom_open_store (&sr);
  store = sr.store;
  g_assert_true (crm_demo_generate (store, 1000, 4000, 3, &error));
  g_assert_no_error (error);

  /* The board's columns come from the stage table, in order */
  stages = crm_deal_store_list_board_stages (crm_store_get_deal_store (store));
  g_assert_cmpuint (stages->len, ==, 6);
  g_assert_cmpint (g_array_index (stages, CrmStage, 0), ==, CRM_STAGE_NEW_LEAD);
  g_assert_cmpint (g_array_index (stages, CrmStage, 5), ==, CRM_STAGE_ORDERED);

  for (guint i = 0; i < stages->len; i++)
    {
      CrmDealQuery query;
      g_autoptr(GArray) ids = NULL;

      crm_deal_query_init (&query);
      query.stage = g_array_index (stages, CrmStage, i);
      ids = crm_deal_store_query_ids (crm_store_get_deal_store (store), &query, NULL, NULL, &error);
      g_assert_cmpuint (ids->len, >, 0);
      open += ids->len;

      /* Demo deals obey the gates they passed */
      if (query.stage == CRM_STAGE_ORDERED)
        for (guint k = 0; k < ids->len; k++)
          {
            g_autoptr(CrmDeal) deal = crm_deal_store_get (crm_store_get_deal_store (store), g_array_index (ids, gint64, k), NULL);
            g_assert_cmpint (crm_deal_get_price (deal), >, 0);
          }
    }
  /* Mostly closed, a realistic fifth or so open */
  g_assert_cmpuint (open, >, 120);
  g_assert_cmpuint (open, <, 350);

  requests = crm_deal_store_list_lost_requests (crm_store_get_deal_store (store));
  g_assert_cmpuint (g_list_model_get_n_items (requests), >, 0);

  g_clear_object (&requests);
  crm_test_showroom_clear (&sr);
}

static guint
column_size (Fixture *f,
             int      grade,
             int      channel)
{
  CrmDealQuery query;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;

  crm_deal_query_init (&query);
  query.stage = CRM_STAGE_NEW_LEAD;
  query.grade = grade;
  query.channel = channel;
  ids = crm_deal_store_query_ids (crm_store_get_deal_store (f->sr.store), &query, NULL, NULL, &error);
  crm_deal_query_clear (&query);
  g_assert_no_error (error);
  return ids->len;
}

/* A board column filters on its deals' own copies of the customer's
 * channel and liveness: they must follow the customer */
static void
test_column_filters (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(CrmCustomer) customer = crm_customer_store_get (crm_store_get_customer_store (f->sr.store), f->customer, NULL);
  g_autoptr(GError) error = NULL;
  gint64 other = add_customer (f->sr.store, "李四", "13800138001", crm_staff_get_id (f->rep));

  add_deal (f, other, CRM_STAGE_NEW_LEAD);
  g_assert_cmpuint (column_size (f, -1, -1), ==, 2);
  g_assert_cmpuint (column_size (f, CRM_GRADE_A, -1), ==, 2);
  g_assert_cmpuint (column_size (f, CRM_GRADE_H, -1), ==, 0);

  /* The channel is corrected after the deal was made */
  crm_customer_set_channel (customer, CRM_CHANNEL_DOUYIN);
  crm_customer_set_grade (customer, CRM_GRADE_H);
  g_assert_true (crm_customer_store_update (crm_store_get_customer_store (f->sr.store), customer, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (column_size (f, -1, CRM_CHANNEL_DOUYIN), ==, 1);
  g_assert_cmpuint (column_size (f, CRM_GRADE_H, CRM_CHANNEL_DOUYIN), ==, 1);
  g_assert_cmpuint (column_size (f, CRM_GRADE_A, CRM_CHANNEL_DOUYIN), ==, 0);

  /* A deleted customer's deals leave the board and come back with them */
  g_assert_true (crm_customer_store_delete (crm_store_get_customer_store (f->sr.store), other, &error));
  g_assert_cmpuint (column_size (f, -1, -1), ==, 1);
  g_assert_true (crm_customer_store_restore (crm_store_get_customer_store (f->sr.store), other, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (column_size (f, -1, -1), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/pipeline/gates", Fixture, NULL, fixture_setup, test_gates, fixture_teardown);
  g_test_add ("/pipeline/column-filters", Fixture, NULL, fixture_setup, test_column_filters, fixture_teardown);
  g_test_add ("/pipeline/gates-switched-off", Fixture, NULL, fixture_setup, test_gates_switched_off, fixture_teardown);
  g_test_add ("/pipeline/history-and-undo", Fixture, NULL, fixture_setup, test_history_and_undo, fixture_teardown);
  g_test_add ("/pipeline/lost-request", Fixture, NULL, fixture_setup, test_lost_request, fixture_teardown);
  g_test_add ("/pipeline/lost-directly", Fixture, NULL, fixture_setup, test_lost_directly, fixture_teardown);
  g_test_add ("/pipeline/board-query", Fixture, NULL, fixture_setup, test_board_query, fixture_teardown);
  g_test_add ("/pipeline/overdue", Fixture, NULL, fixture_setup, test_overdue, fixture_teardown);
  g_test_add_func ("/pipeline/demo", test_demo_pipeline);

  return g_test_run ();
}
