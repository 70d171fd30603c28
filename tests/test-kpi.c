/* test-kpi.c: every dashboard figure on a small showroom worked out by hand
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs with TZ=Asia/Shanghai (tests/meson.build). The week under test is
 * Monday 23 November 2026 00:00 to Monday 30 November 00:00 Beijing time;
 * "now" is Thursday 26 November 12:00. The expected numbers below were
 * counted by hand from the rows inserted, not by running SQL.
 */
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "crm-kpi.h"
#include "crm-model-enum-types.h"
#include "crm-test-util.h"

#define W0   1795363200  /* Monday 2026-11-23 00:00 Beijing */
#define NOW  1795665600  /* Thursday 2026-11-26 12:00 Beijing = W0 + 3 d 12 h */
#define HOUR 3600
#define DAY  86400

typedef struct
{
  CrmTestShowroom sr;
  gint64    rep_a;
  gint64    rep_b;
  gint64    c[8];
  gint64    d[8];
  gint64    missed;      /* B's follow-up of 3 hours ago, not done */
  gint64    waiting;     /* B's follow-up of 30 minutes ago, not done */
} Fixture;

static gint64
add_customer (Fixture    *f,
              const char *name,
              const char *phone,
              CrmChannel  channel,
              gint64      owner)
{
  g_autoptr(CrmCustomer) customer = crm_test_customer_new (name, phone, NULL);

  crm_customer_set_channel (customer, channel);
  crm_customer_set_owner_id (customer, owner);
  crm_customer_set_created_at (customer, W0 - 30 * DAY);
  return crm_test_insert_customer (f->sr.store, customer);
}

static gint64
add_deal (Fixture *f,
          gint64   customer,
          gint64   owner,
          gint64   created)
{
  g_autoptr(CrmDeal) deal = crm_deal_new ();

  crm_deal_set_customer_id (deal, customer);
  crm_deal_set_stage (deal, CRM_STAGE_NEW_LEAD);
  crm_deal_set_owner_id (deal, owner);
  crm_deal_set_created_at (deal, created);
  crm_deal_set_stage_entered_at (deal, created);
  return crm_test_insert_deal (f->sr.store, deal, owner);
}

static void
move (Fixture  *f,
      gint64    deal,
      CrmStage  to,
      gint64    at)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (crm_deal_store_move_at (crm_store_get_deal_store (f->sr.store), deal, to, 0, at, &error));
  g_assert_no_error (error);
}

static gint64
add_followup (Fixture *f,
              gint64   staff,
              gint64   planned,
              gint64   done)
{
  g_autoptr(CrmActivity) activity = crm_activity_new ();

  crm_activity_set_customer_id (activity, f->c[1]);
  crm_activity_set_kind (activity, CRM_ACTIVITY_CALL);
  crm_activity_set_planned_at (activity, planned);
  crm_activity_set_done_at (activity, done);
  crm_activity_set_staff_id (activity, staff);
  return crm_test_insert_activity (f->sr.store, activity);
}

/* Marks a follow-up done, or moves it, as the customer window does */
static void
update_followup (Fixture *f,
                 gint64   id,
                 gint64   staff,
                 gint64   planned,
                 gint64   done)
{
  g_autoptr(CrmActivity) activity = crm_activity_new ();
  g_autoptr(GError) error = NULL;

  crm_activity_set_id (activity, id);
  crm_activity_set_customer_id (activity, f->c[1]);
  crm_activity_set_kind (activity, CRM_ACTIVITY_CALL);
  crm_activity_set_planned_at (activity, planned);
  crm_activity_set_done_at (activity, done);
  crm_activity_set_staff_id (activity, staff);
  g_assert_true (crm_followup_store_update (crm_store_get_followup_store (f->sr.store), activity, &error));
  g_assert_no_error (error);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  static const CrmTestStaff staff[] = {
    { "王经理", CRM_ROLE_MANAGER },
    { "李顾问", CRM_ROLE_SALES },
    { "赵顾问", CRM_ROLE_SALES },
  };
  gint64 ids[G_N_ELEMENTS (staff)];
  gint64 a, b;

  crm_test_showroom_init (&f->sr, NOW);
  crm_test_showroom_open_store (&f->sr);
  crm_test_showroom_setup_staff (&f->sr, "测试店", staff, G_N_ELEMENTS (staff), ids);
  a = f->rep_a = ids[1];
  b = f->rep_b = ids[2];

  f->c[1] = add_customer (f, "张一", "13800000001", CRM_CHANNEL_AUTOHOME, a);
  f->c[2] = add_customer (f, "张二", "13800000002", CRM_CHANNEL_DOUYIN, a);
  f->c[3] = add_customer (f, "张三", "13800000003", CRM_CHANNEL_AUTOHOME, b);
  f->c[4] = add_customer (f, "张四", "13800000004", CRM_CHANNEL_WALK_IN, b);
  f->c[5] = add_customer (f, "张五", "13800000005", CRM_CHANNEL_WALK_IN, a);
  f->c[6] = add_customer (f, "张六", "13800000006", CRM_CHANNEL_AUTOHOME, a);
  f->c[7] = add_customer (f, "张七", "13800000007", CRM_CHANNEL_AUTOHOME, a);

  /* D1: a lead of the week that went all the way to an order */
  f->d[1] = add_deal (f, f->c[1], a, W0 + HOUR);
  move (f, f->d[1], CRM_STAGE_INVITED, W0 + DAY);
  move (f, f->d[1], CRM_STAGE_VISITED, W0 + 2 * DAY);
  move (f, f->d[1], CRM_STAGE_TEST_DRIVE, W0 + 2 * DAY + HOUR);
  move (f, f->d[1], CRM_STAGE_ORDERED, W0 + 3 * DAY);
  g_assert_true (crm_deal_store_set_price (crm_store_get_deal_store (f->sr.store), f->d[1], 15000000, NULL));

  /* D2: created at 23:59 on the Sunday before (not a lead of the week),
   * ordered in the week */
  f->d[2] = add_deal (f, f->c[2], a, W0 - 60);
  move (f, f->d[2], CRM_STAGE_INVITED, W0 + DAY);
  move (f, f->d[2], CRM_STAGE_VISITED, W0 + DAY + HOUR);
  move (f, f->d[2], CRM_STAGE_ORDERED, W0 + 2 * DAY);
  g_assert_true (crm_deal_store_set_price (crm_store_get_deal_store (f->sr.store), f->d[2], 10000000, NULL));

  /* D3: created at 00:01 on Monday; Visited twice, lost, reopened */
  f->d[3] = add_deal (f, f->c[3], b, W0 + 60);
  move (f, f->d[3], CRM_STAGE_INVITED, W0 + DAY);
  move (f, f->d[3], CRM_STAGE_VISITED, W0 + DAY + 2 * HOUR);
  move (f, f->d[3], CRM_STAGE_INVITED, W0 + DAY + 3 * HOUR);
  move (f, f->d[3], CRM_STAGE_VISITED, W0 + 2 * DAY);
  move (f, f->d[3], CRM_STAGE_LOST, W0 + 2 * DAY + HOUR);
  g_assert_true (crm_deal_store_set_lost_reason (crm_store_get_deal_store (f->sr.store), f->d[3], CRM_LOST_REASON_PRICE, "贵", NULL));
  move (f, f->d[3], CRM_STAGE_VISITED, W0 + 2 * DAY + 2 * HOUR);

  /* D4: a walk-in straight to Visited, lost to a competitor */
  f->d[4] = add_deal (f, f->c[4], b, W0 + 2 * DAY);
  move (f, f->d[4], CRM_STAGE_VISITED, W0 + 2 * DAY + HOUR);
  move (f, f->d[4], CRM_STAGE_LOST, W0 + 2 * DAY + 5 * HOUR);
  g_assert_true (crm_deal_store_set_lost_reason (crm_store_get_deal_store (f->sr.store), f->d[4], CRM_LOST_REASON_COMPETITOR, "买了本田", NULL));

  /* D5: created at 23:59 on the Sunday of the week: a lead of the week */
  f->d[5] = add_deal (f, f->c[5], a, W0 + 7 * DAY - 60);

  /* D6: created at 00:00 the Monday after: not of the week */
  f->d[6] = add_deal (f, f->c[6], a, W0 + 7 * DAY);
  move (f, f->d[6], CRM_STAGE_INVITED, W0 + 7 * DAY + HOUR);

  /* D7: a lead of the week whose customer was deleted */
  f->d[7] = add_deal (f, f->c[7], a, W0 + DAY);
  move (f, f->d[7], CRM_STAGE_VISITED, W0 + DAY + HOUR);
  g_assert_true (crm_customer_store_delete (crm_store_get_customer_store (f->sr.store), f->c[7], NULL));

  /* Follow-ups: on time, exactly at the grace, a second late, due and
   * missed, not yet due, in the future, overdue from before the week,
   * done a moment ago */
  add_followup (f, a, W0 + DAY + 10 * HOUR, W0 + DAY + 10 * HOUR + 1800);
  add_followup (f, a, W0 + 2 * DAY + 10 * HOUR, W0 + 2 * DAY + 11 * HOUR);
  add_followup (f, a, W0 + 2 * DAY + 10 * HOUR, W0 + 2 * DAY + 11 * HOUR + 1);
  f->missed = add_followup (f, b, NOW - 3 * HOUR, 0);
  f->waiting = add_followup (f, b, NOW - 1800, 0);
  add_followup (f, b, W0 + 4 * DAY, 0);
  add_followup (f, a, W0 - HOUR, 0);
  add_followup (f, a, NOW - 900, NOW - 600);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  crm_test_showroom_clear (&f->sr);
}

static CrmKpiReport *
week_report (Fixture *f,
             gint64   owner)
{
  g_autoptr(GError) error = NULL;
  CrmKpiReport *report = crm_kpi_compute (f->sr.store, W0, W0 + 7 * DAY, owner, NOW, &error);

  g_assert_no_error (error);
  g_assert_nonnull (report);
  return report;
}

#define assert_rate(report, figure, num, den) \
  g_assert_cmpfloat_with_epsilon (crm_kpi_report_get_rate ((report), (figure)), (double) (num) / (den), 1e-9)

static void
test_ranges (void)
{
  g_autoptr(GTimeZone) bj = g_time_zone_new_identifier ("Asia/Shanghai");
  gint64 start, end;
  GDate from, to;

  g_assert_true (crm_kpi_range_bounds (CRM_KPI_RANGE_THIS_WEEK, bj, NOW, NULL, NULL, &start, &end));
  g_assert_cmpint (start, ==, W0);
  g_assert_cmpint (end, ==, W0 + 7 * DAY);
  /* Monday 00:00 local is still this week; Sunday 23:59 is the last week */
  g_assert_true (crm_kpi_range_bounds (CRM_KPI_RANGE_THIS_WEEK, bj, W0, NULL, NULL, &start, &end));
  g_assert_cmpint (start, ==, W0);
  g_assert_true (crm_kpi_range_bounds (CRM_KPI_RANGE_THIS_WEEK, bj, W0 - 60, NULL, NULL, &start, &end));
  g_assert_cmpint (start, ==, W0 - 7 * DAY);

  g_assert_true (crm_kpi_range_bounds (CRM_KPI_RANGE_THIS_MONTH, bj, NOW, NULL, NULL, &start, &end));
  g_assert_cmpint (start, ==, 1793462400);  /* 2026-11-01 00:00 Beijing */
  g_assert_cmpint (end, ==, 1793462400 + 30 * DAY);
  g_assert_true (crm_kpi_range_bounds (CRM_KPI_RANGE_LAST_30_DAYS, bj, NOW, NULL, NULL, &start, &end));
  g_assert_cmpint (end, ==, 1795708800);    /* 2026-11-27 00:00 */
  g_assert_cmpint (start, ==, 1795708800 - 30 * DAY);
  g_assert_true (crm_kpi_range_bounds (CRM_KPI_RANGE_LAST_90_DAYS, bj, NOW, NULL, NULL, &start, &end));
  g_assert_cmpint (start, ==, 1787932800);  /* 2026-08-29 00:00 */
  g_assert_cmpint (end, ==, 1795708800);
  g_assert_true (crm_kpi_range_bounds (CRM_KPI_RANGE_THIS_QUARTER, bj, NOW, NULL, NULL, &start, &end));
  g_assert_cmpint (start, ==, 1790784000);  /* 2026-10-01 00:00 */
  g_assert_cmpint (end, ==, 1790784000 + 92 * DAY);

  /* 16:00 UTC is already the next day in Beijing */
  g_assert_true (crm_kpi_range_bounds (CRM_KPI_RANGE_THIS_MONTH, bj, 1793462400 - 1, NULL, NULL, &start, &end));
  g_assert_cmpint (end, ==, 1793462400);

  g_date_clear (&from, 1);
  g_date_clear (&to, 1);
  g_date_set_dmy (&from, 23, G_DATE_NOVEMBER, 2026);
  g_date_set_dmy (&to, 29, G_DATE_NOVEMBER, 2026);
  g_assert_true (crm_kpi_range_bounds (CRM_KPI_RANGE_CUSTOM, bj, NOW, &from, &to, &start, &end));
  g_assert_cmpint (start, ==, W0);
  g_assert_cmpint (end, ==, W0 + 7 * DAY);
  g_assert_false (crm_kpi_range_bounds (CRM_KPI_RANGE_CUSTOM, bj, NOW, &to, &from, &start, &end));
  g_assert_false (crm_kpi_range_bounds (CRM_KPI_RANGE_CUSTOM, bj, NOW, NULL, &to, &start, &end));
}

static void
test_funnel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(CrmKpiReport) r = week_report (f, 0);

  /* Leads: D1, D3 (00:01 Monday), D4, D5 (23:59 Sunday); not D2 (23:59 the
   * Sunday before), D6 (00:00 next Monday), D7 (customer deleted) */
  g_assert_cmpuint (r->funnel[CRM_KPI_STEP_LEADS], ==, 4);
  /* D1, D3, D4 (went straight to Visited: Invited "or beyond") */
  g_assert_cmpuint (r->funnel[CRM_KPI_STEP_INVITED], ==, 3);
  g_assert_cmpuint (r->funnel[CRM_KPI_STEP_VISITED], ==, 3);
  g_assert_cmpuint (r->funnel[CRM_KPI_STEP_TEST_DRIVE], ==, 1);
  g_assert_cmpuint (r->funnel[CRM_KPI_STEP_ORDERED], ==, 1);
  g_assert_cmpuint (r->funnel[CRM_KPI_STEP_DELIVERED], ==, 0);

  assert_rate (r, CRM_KPI_INVITATION_RATE, 3, 4);
  assert_rate (r, CRM_KPI_VISIT_RATE, 3, 4);
  assert_rate (r, CRM_KPI_TEST_DRIVE_RATE, 1, 3);
  assert_rate (r, CRM_KPI_ORDER_RATE, 1, 3);
  assert_rate (r, CRM_KPI_ORDER_RATE_LEADS, 1, 4);

  g_assert_cmpuint (r->channel_leads[CRM_CHANNEL_AUTOHOME], ==, 2);
  g_assert_cmpuint (r->channel_ordered[CRM_CHANNEL_AUTOHOME], ==, 1);
  g_assert_cmpuint (r->channel_leads[CRM_CHANNEL_WALK_IN], ==, 2);
  g_assert_cmpuint (r->channel_ordered[CRM_CHANNEL_WALK_IN], ==, 0);
  g_assert_cmpuint (r->channel_leads[CRM_CHANNEL_DOUYIN], ==, 0);
}

static void
test_channel_change (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(CrmCustomer) customer = crm_customer_store_get (crm_store_get_customer_store (f->sr.store), f->c[5], NULL);
  g_autoptr(CrmKpiReport) r = NULL;
  g_autoptr(GError) error = NULL;

  /* The channel is the customer's: correcting it moves the lead */
  crm_customer_set_channel (customer, CRM_CHANNEL_PHONE);
  g_assert_true (crm_customer_store_update (crm_store_get_customer_store (f->sr.store), customer, &error));
  g_assert_no_error (error);
  /* …and restoring a deleted customer brings the lead back */
  g_assert_true (crm_customer_store_restore (crm_store_get_customer_store (f->sr.store), f->c[7], &error));
  g_assert_no_error (error);

  r = week_report (f, 0);
  g_assert_cmpuint (r->channel_leads[CRM_CHANNEL_WALK_IN], ==, 1);
  g_assert_cmpuint (r->channel_leads[CRM_CHANNEL_PHONE], ==, 1);
  g_assert_cmpuint (r->channel_leads[CRM_CHANNEL_AUTOHOME], ==, 3);
  g_assert_cmpuint (r->funnel[CRM_KPI_STEP_LEADS], ==, 5);
  g_assert_cmpuint (r->funnel[CRM_KPI_STEP_VISITED], ==, 4);
}

static void
test_orders (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(CrmKpiReport) r = week_report (f, 0);
  /* D1: 3 days less 1 hour; D2: 2 days and 60 seconds */
  double d1 = 3 - 1.0 / 24, d2 = 2 + 60.0 / DAY;

  g_assert_cmpuint (r->orders, ==, 2);
  g_assert_cmpint (r->revenue, ==, 25000000);
  g_assert_false (r->gross_profit_known);
  g_assert_cmpuint (r->cycle_n, ==, 2);
  g_assert_cmpfloat_with_epsilon (r->cycle_average_days, (d1 + d2) / 2, 1e-9);
  g_assert_cmpfloat_with_epsilon (r->cycle_median_days, (d1 + d2) / 2, 1e-9);

  /* Lost: D4 only (D3 was reopened); closed: D4 + D1 + D2 */
  g_assert_cmpuint (r->lost, ==, 1);
  g_assert_cmpuint (r->closed, ==, 3);
  assert_rate (r, CRM_KPI_LOST_RATE, 1, 3);
  g_assert_cmpuint (r->lost_by_reason[CRM_LOST_REASON_COMPETITOR], ==, 1);
  g_assert_cmpuint (r->lost_by_reason[CRM_LOST_REASON_PRICE], ==, 0);
}

static void
test_lost_again (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(CrmKpiReport) r = NULL;

  /* D3 lost a second time: counted once, with its reason */
  move (f, f->d[3], CRM_STAGE_LOST, W0 + 3 * DAY);
  /* D1 cancels its order: lost and ordered in the same week, closed once */
  move (f, f->d[1], CRM_STAGE_LOST, W0 + 3 * DAY + HOUR);
  g_assert_true (crm_deal_store_set_lost_reason (crm_store_get_deal_store (f->sr.store), f->d[1], CRM_LOST_REASON_FINANCING, "贷款", NULL));

  r = week_report (f, 0);
  g_assert_cmpuint (r->lost, ==, 3);
  g_assert_cmpuint (r->orders, ==, 2);
  g_assert_cmpuint (r->closed, ==, 4);
  g_assert_cmpuint (r->lost_by_reason[CRM_LOST_REASON_PRICE], ==, 1);
  g_assert_cmpuint (r->lost_by_reason[CRM_LOST_REASON_FINANCING], ==, 1);
  /* D1 still reached Ordered at some time */
  g_assert_cmpuint (r->funnel[CRM_KPI_STEP_ORDERED], ==, 1);
}

static void
test_stage_time (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(CrmKpiReport) r = week_report (f, 0);

  /* New lead: D1 23 h, D2 24 h + 60 s, D3 24 h - 60 s, D4 1 h (D7 1 h) */
  g_assert_cmpuint (r->stays[CRM_STAGE_NEW_LEAD], ==, 5);
  g_assert_cmpfloat_with_epsilon (r->stage_days[CRM_STAGE_NEW_LEAD], 73.0 / 5 / 24, 1e-9);
  /* Invited: D1 24 h, D2 1 h, D3 2 h and again 21 h */
  g_assert_cmpuint (r->stays[CRM_STAGE_INVITED], ==, 4);
  g_assert_cmpfloat_with_epsilon (r->stage_days[CRM_STAGE_INVITED], 48.0 / 4 / 24, 1e-9);
  /* Visited: D1 1 h, D2 23 h, D3 1 h twice, D4 4 h */
  g_assert_cmpuint (r->stays[CRM_STAGE_VISITED], ==, 5);
  g_assert_cmpfloat_with_epsilon (r->stage_days[CRM_STAGE_VISITED], 30.0 / 5 / 24, 1e-9);
  g_assert_cmpuint (r->stays[CRM_STAGE_TEST_DRIVE], ==, 1);
  g_assert_cmpfloat_with_epsilon (r->stage_days[CRM_STAGE_TEST_DRIVE], 23.0 / 24, 1e-9);
  /* D3's hour as Lost before it was reopened */
  g_assert_cmpuint (r->stays[CRM_STAGE_LOST], ==, 1);
  g_assert_cmpfloat_with_epsilon (r->stage_days[CRM_STAGE_LOST], 1.0 / 24, 1e-9);
  /* Nobody left Ordered; D6's move is next week */
  g_assert_cmpuint (r->stays[CRM_STAGE_ORDERED], ==, 0);
  g_assert_cmpfloat (r->stage_days[CRM_STAGE_ORDERED], <, 0);
}

/* Stays over ranges that start and end inside an hour, for the showroom
 * (the per-hour sums plus the edges) and for one rep (the moves): the
 * same as counting the moves themselves */
static void
test_stay_edges (Fixture       *f,
                 gconstpointer  data)
{
  static const gint64 starts[] = { 0, 1, 59 * 60, DAY + HOUR, DAY + 2 * HOUR + 1, 2 * DAY + 30 * 60 };
  static const gint64 ends[] = { 7 * DAY, 7 * DAY - 1, 2 * DAY + HOUR, 2 * DAY + HOUR + 1, 2 * DAY + 90 * 60 };

  /* Rows in stay_hour: the trigger keeps them */
  g_assert_cmpint (crm_test_file_int (f->sr.path, "SELECT sum(stays) FROM stay_hour"), ==,
                   crm_test_file_int (f->sr.path, "SELECT count(*) FROM stage_history"
                                                  " WHERE from_stage IS NOT NULL AND stay_start IS NOT NULL"));

  for (guint i = 0; i < G_N_ELEMENTS (starts); i++)
    for (guint j = 0; j < G_N_ELEMENTS (ends); j++)
      for (guint scope = 0; scope < 2; scope++)
        {
          gint64 start = W0 + starts[i], end = W0 + ends[j];
          gint64 owner = scope ? f->rep_b : 0;
          g_autoptr(CrmKpiReport) r = NULL;
          g_autoptr(GError) error = NULL;

          if (start >= end)
            continue;
          r = crm_kpi_compute (f->sr.store, start, end, owner, NOW, &error);
          g_assert_no_error (error);
          for (int stage = 0; stage < CRM_N_STAGES; stage++)
            {
              g_autofree char *sql = g_strdup_printf (
                "SELECT count(*) FROM stage_history h JOIN deal d ON d.id = h.deal_id"
                " WHERE h.from_stage = '%s' AND h.stay_start IS NOT NULL"
                " AND h.at >= %" G_GINT64_FORMAT " AND h.at < %" G_GINT64_FORMAT
                " AND (%" G_GINT64_FORMAT " = 0 OR d.owner_id = %" G_GINT64_FORMAT ")",
                crm_enum_to_code (CRM_TYPE_STAGE, stage), start, end, owner, owner);

              g_test_message ("range %u-%u, scope %u, stage %d", i, j, scope, stage);
              g_assert_cmpint (r->stays[stage], ==, crm_test_file_int (f->sr.path, sql));
            }
        }
}

static void
test_followups (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(CrmKpiReport) r = week_report (f, 0);
  g_autoptr(CrmKpiReport) early = NULL;
  g_autoptr(GError) error = NULL;

  /* Due: the three of rep A, B's missed one 3 h ago, A's done a moment
   * ago; not B's of 30 minutes ago (grace), nor the future one */
  g_assert_cmpuint (r->followups_due, ==, 5);
  g_assert_cmpuint (r->followups_on_time, ==, 3);
  assert_rate (r, CRM_KPI_PUNCTUALITY, 3, 5);
  /* Overdue now: B's two, and A's from before the week */
  g_assert_cmpuint (r->overdue, ==, 3);

  /* A range that starts inside an hour */
  early = crm_kpi_compute (f->sr.store, W0 + DAY + 10 * HOUR + 1, W0 + 7 * DAY, 0, NOW, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (early->followups_due, ==, 4);
  g_assert_cmpuint (early->followups_on_time, ==, 2);
}

static void
test_followup_changes (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(CrmKpiReport) r = NULL;

  /* The missed one done now: late, still due. The waiting one done
   * within its hour: due and on time. */
  update_followup (f, f->missed, f->rep_b, NOW - 3 * HOUR, NOW - 60);
  update_followup (f, f->waiting, f->rep_b, NOW - 1800, NOW - 60);
  r = week_report (f, 0);
  g_assert_cmpuint (r->followups_due, ==, 6);
  g_assert_cmpuint (r->followups_on_time, ==, 4);
  g_assert_cmpuint (r->overdue, ==, 1);
  g_clear_pointer (&r, crm_kpi_report_free);

  /* Moved to next week and handed to rep A: out of this week */
  update_followup (f, f->missed, f->rep_a, W0 + 8 * DAY, 0);
  r = week_report (f, 0);
  g_assert_cmpuint (r->followups_due, ==, 5);
  g_assert_cmpuint (r->followups_on_time, ==, 4);
  g_clear_pointer (&r, crm_kpi_report_free);
  r = week_report (f, f->rep_b);
  g_assert_cmpuint (r->followups_due, ==, 1);
  g_assert_cmpuint (r->followups_on_time, ==, 1);
}

static void
test_reps (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(CrmKpiReport) r = week_report (f, 0);
  g_autoptr(CrmKpiReport) b = week_report (f, f->rep_b);
  CrmKpiRep *first, *second;

  g_assert_cmpuint (r->reps->len, ==, 2);
  first = g_ptr_array_index (r->reps, 0);
  second = g_ptr_array_index (r->reps, 1);
  g_assert_cmpint (first->staff_id, ==, f->rep_a);
  g_assert_cmpstr (first->name, ==, "李顾问");
  g_assert_cmpuint (first->leads, ==, 2);
  g_assert_cmpuint (first->ordered, ==, 1);
  g_assert_cmpuint (first->orders, ==, 2);
  g_assert_cmpuint (first->overdue, ==, 1);
  g_assert_cmpint (second->staff_id, ==, f->rep_b);
  g_assert_cmpuint (second->leads, ==, 2);
  g_assert_cmpuint (second->ordered, ==, 0);
  g_assert_cmpuint (second->orders, ==, 0);
  g_assert_cmpuint (second->overdue, ==, 2);

  /* One rep's scope: his deals and his follow-ups only */
  g_assert_cmpuint (b->funnel[CRM_KPI_STEP_LEADS], ==, 2);
  g_assert_cmpuint (b->funnel[CRM_KPI_STEP_VISITED], ==, 2);
  g_assert_cmpuint (b->orders, ==, 0);
  g_assert_cmpuint (b->lost, ==, 1);
  g_assert_cmpuint (b->closed, ==, 1);
  g_assert_cmpuint (b->followups_due, ==, 1);
  g_assert_cmpuint (b->followups_on_time, ==, 0);
  g_assert_cmpuint (b->overdue, ==, 2);
  /* D3: 2 h + 21 h in Invited */
  g_assert_cmpuint (b->stays[CRM_STAGE_INVITED], ==, 2);
  g_assert_cmpuint (b->reps->len, ==, 1);
}

static void
test_trend (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(CrmKpiReport) r = week_report (f, 0);
  CrmKpiTrendPoint *last, *before;

  g_assert_false (r->trend_monthly);
  g_assert_cmpuint (r->trend->len, ==, 12);
  last = &g_array_index (r->trend, CrmKpiTrendPoint, 11);
  before = &g_array_index (r->trend, CrmKpiTrendPoint, 10);
  g_assert_cmpint (last->start, ==, W0);
  g_assert_cmpint (last->end, ==, W0 + 7 * DAY);
  g_assert_cmpint (before->start, ==, W0 - 7 * DAY);
  g_assert_cmpuint (last->leads, ==, 4);
  g_assert_cmpuint (last->orders, ==, 2);
  g_assert_cmpuint (before->leads, ==, 1);  /* D2 */
  g_assert_cmpuint (before->orders, ==, 0);
}

static void
assert_ids (GArray       *ids,
            const gint64 *expected,
            guint         n)
{
  g_assert_nonnull (ids);
  g_assert_cmpuint (ids->len, ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpint (g_array_index (ids, gint64, i), ==, expected[i]);
}

static void
test_drill_down (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GArray) visited = crm_kpi_store_customer_ids (crm_store_get_kpi_store (f->sr.store), W0, W0 + 7 * DAY, 0, 2, -1, -1, NULL);
  g_autoptr(GArray) autohome = crm_kpi_store_customer_ids (crm_store_get_kpi_store (f->sr.store), W0, W0 + 7 * DAY, 0, 0,
                                                           CRM_CHANNEL_AUTOHOME, -1, NULL);
  g_autoptr(GArray) rep_b = crm_kpi_store_customer_ids (crm_store_get_kpi_store (f->sr.store), W0, W0 + 7 * DAY, 0, 0, -1, f->rep_b, NULL);
  g_autoptr(GArray) ordered = crm_kpi_store_customer_ids (crm_store_get_kpi_store (f->sr.store), W0, W0 + 7 * DAY, 0, 5, -1, -1, NULL);
  /* newest lead first */
  const gint64 v[] = { f->c[4], f->c[1], f->c[3] };
  const gint64 a[] = { f->c[1], f->c[3] };
  const gint64 b[] = { f->c[4], f->c[3] };
  const gint64 o[] = { f->c[1] };

  assert_ids (visited, v, G_N_ELEMENTS (v));
  assert_ids (autohome, a, G_N_ELEMENTS (a));
  assert_ids (rep_b, b, G_N_ELEMENTS (b));
  assert_ids (ordered, o, G_N_ELEMENTS (o));
}

static void
on_async_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  CrmKpiReport **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = crm_kpi_compute_finish (CRM_STORE (source), result, &error);
  g_assert_no_error (error);
}

static void
test_async (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(CrmKpiReport) sync = week_report (f, 0);
  g_autoptr(CrmKpiReport) async = NULL;

  /* The worker opens the file on a connection of its own */
  crm_kpi_compute_async (f->sr.store, W0, W0 + 7 * DAY, 0, NOW, NULL, on_async_done_cb, &async);
  while (async == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpmem (async->funnel, sizeof async->funnel, sync->funnel, sizeof sync->funnel);
  g_assert_cmpuint (async->orders, ==, 2);
  g_assert_cmpuint (async->followups_due, ==, 5);
  g_assert_cmpuint (async->reps->len, ==, 2);
}

static char *
read_csv (Fixture *f,
          gsize   *length)
{
  g_autoptr(CrmKpiReport) r = week_report (f, 0);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->sr.dir, "kpi.csv", NULL);
  char *contents = NULL;

  g_assert_true (crm_kpi_report_write_csv (r, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, length, &error));
  g_assert_no_error (error);
  return contents;
}

static void
test_csv (Fixture       *f,
          gconstpointer  data)
{
  gsize length;
  g_autofree char *csv = read_csv (f, &length);
  g_auto(GStrv) lines = NULL;
  GString *field = g_string_new (NULL);

  /* UTF-8 with BOM, CRLF */
  g_assert_cmpuint (length, >, 3);
  g_assert_cmpmem (csv, 3, "\xEF\xBB\xBF", 3);
  g_assert_true (g_utf8_validate (csv, length, NULL));
  lines = g_strsplit (csv + 3, "\r\n", -1);
  g_assert_cmpstr (lines[0], ==, "Section,Item,Value,Unit,Definition");
  g_assert_cmpstr (lines[1], ==, "Period,2026-11-23 – 2026-11-29,,,");
  g_assert_cmpstr (lines[2], ==,
                   "Summary,Leads,4,count,\"Deals created in the period (a customer with two deals counts twice), "
                   "of customers not deleted.\"");
  crm_test_assert_contains (csv, "\r\nSummary,Invitation rate,75.0,%,");
  crm_test_assert_contains (csv, "\r\nSummary,Revenue,250000.00,CNY,");
  crm_test_assert_contains (csv, "\r\nSummary,Gross profit per unit,Not yet recorded,,");
  crm_test_assert_contains (csv, "\r\nSummary,Lost rate,33.3,%,");
  crm_test_assert_contains (csv, "\r\nConversion funnel,Test drive,1,count,\r\n");
  crm_test_assert_contains (csv, "\r\nSales consultants,李顾问 · Orders,2,count,\r\n");
  /* Every line has five fields once quoted commas are read as RFC 4180 says */
  for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      guint fields = 1;
      gboolean quoted = FALSE;

      for (const char *p = lines[i]; *p; p++)
        {
          if (*p == '"')
            {
              if (quoted && p[1] == '"')
                p++;
              else
                quoted = !quoted;
            }
          else if (*p == ',' && !quoted)
            fields++;
        }
      g_assert_false (quoted);
      g_assert_cmpuint (fields, ==, 5);
    }
  g_string_free (field, TRUE);

  {
    GString *quoted = g_string_new (NULL);
    crm_kpi_csv_append_field (quoted, "a \"b\", c");
    g_assert_cmpstr (quoted->str, ==, "\"a \"\"b\"\", c\"");
    g_string_free (quoted, TRUE);
  }
}

/* The script for the sqlite3 shell is in SQLite's dialect */
static void
test_dump_sql (void)
{
  g_autofree char *script = crm_store_kpi_dump_sql (0, 7200, 0, 7200, 0, 3600);

  g_assert_nonnull (strstr (script, ".parameter set ?4 3600\n"));
  g_assert_nonnull (strstr (script, "max(((?1 + 3599) / 3600), min(?2 / 3600, ?4 / 3600 - 1))"));
  g_assert_null (strstr (script, "greatest("));
  g_assert_null (strstr (script, "least("));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_assert_cmpstr (g_getenv ("TZ"), ==, "Asia/Shanghai");

  g_test_add_func ("/kpi/ranges", test_ranges);
  g_test_add_func ("/kpi/dump-sql", test_dump_sql);
#define ADD(path, func) g_test_add ((path), Fixture, NULL, fixture_setup, (func), fixture_teardown)
  ADD ("/kpi/funnel", test_funnel);
  ADD ("/kpi/channel-change", test_channel_change);
  ADD ("/kpi/orders", test_orders);
  ADD ("/kpi/lost-again", test_lost_again);
  ADD ("/kpi/stay-edges", test_stay_edges);
  ADD ("/kpi/stage-time", test_stage_time);
  ADD ("/kpi/followups", test_followups);
  ADD ("/kpi/followup-changes", test_followup_changes);
  ADD ("/kpi/reps", test_reps);
  ADD ("/kpi/trend", test_trend);
  ADD ("/kpi/drill-down", test_drill_down);
  ADD ("/kpi/csv", test_csv);
  ADD ("/kpi/async", test_async);
#undef ADD

  return g_test_run ();
}
