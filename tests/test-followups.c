/* test-followups.c: cadence, re-planning, My Day queries, idle deals,
 * care after delivery and the reminder scheduler, on a fixed clock
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "crm-cadence.h"
#include "crm-error.h"
#include "crm-reminders.h"
#include "crm-store.h"
#include "crm-test-util.h"

#define MINUTE 60
#define HOUR   (60 * MINUTE)
#define DAY    (24 * HOUR)

typedef struct
{
  CrmTestShowroom sr;
  gint64          rep;      /* 李娜 */
  gint64          rep2;     /* 王强 */
  gint64          manager;  /* 陈经理 */
} Fixture;

/* Local time in Guangzhou */
static gint64
at (int year,
    int month,
    int day,
    int hour,
    int minute)
{
  return crm_test_local_unix (year, month, day, hour, minute);
}

/* Tuesday 24 November 2026, 10:00 */
#define TUESDAY_10 crm_test_now ()

/* Staff added one by one: the showroom itself is never set up */
static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  crm_test_showroom_init (&f->sr, TUESDAY_10);
  crm_test_showroom_open_store (&f->sr);
  f->manager = crm_test_add_staff (f->sr.store, "陈经理", CRM_ROLE_MANAGER, TRUE);
  f->rep = crm_test_add_staff (f->sr.store, "李娜", CRM_ROLE_SALES, TRUE);
  f->rep2 = crm_test_add_staff (f->sr.store, "王强", CRM_ROLE_SALES, TRUE);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  crm_test_showroom_clear (&f->sr);
}

static gint64
add_customer (Fixture    *f,
              const char *name,
              CrmGrade    grade,
              gint64      owner)
{
  static int serial;
  g_autofree char *phone = g_strdup_printf ("1380013%04d", ++serial);
  g_autoptr(CrmCustomer) customer = crm_test_customer_new (name, phone, NULL);

  crm_customer_set_grade (customer, grade);
  crm_customer_set_owner_id (customer, owner);
  return crm_test_insert_customer (f->sr.store, customer);
}

static gint64
add_deal (Fixture  *f,
          gint64    customer_id,
          gint64    owner,
          gint64    created_at)
{
  g_autoptr(CrmDeal) deal = crm_deal_new ();
  gint64 saved = crm_clock_get_now (f->sr.clock);
  gint64 id;

  crm_clock_set_now (f->sr.clock, created_at);
  crm_deal_set_customer_id (deal, customer_id);
  crm_deal_set_stage (deal, CRM_STAGE_NEW_LEAD);
  crm_deal_set_owner_id (deal, owner);
  id = crm_test_insert_deal (f->sr.store, deal, owner);
  crm_clock_set_now (f->sr.clock, saved);
  return id;
}

static gint64
add_planned (Fixture    *f,
             gint64      customer_id,
             gint64      deal_id,
             gint64      staff,
             gint64      planned_at,
             const char *purpose)
{
  g_autoptr(CrmActivity) activity = crm_activity_new ();

  crm_activity_set_customer_id (activity, customer_id);
  crm_activity_set_deal_id (activity, deal_id);
  crm_activity_set_kind (activity, CRM_ACTIVITY_CALL);
  crm_activity_set_planned_at (activity, planned_at);
  crm_activity_set_staff_id (activity, staff);
  crm_activity_set_purpose (activity, purpose);
  return crm_test_insert_activity (f->sr.store, activity);
}

static gint64
add_done (Fixture *f,
          gint64   customer_id,
          gint64   deal_id,
          gint64   staff,
          gint64   done_at)
{
  g_autoptr(CrmActivity) activity = crm_activity_new ();

  crm_activity_set_customer_id (activity, customer_id);
  crm_activity_set_deal_id (activity, deal_id);
  crm_activity_set_kind (activity, CRM_ACTIVITY_CALL);
  crm_activity_set_done_at (activity, done_at);
  crm_activity_set_outcome (activity, CRM_OUTCOME_REACHED);
  crm_activity_set_staff_id (activity, staff);
  return crm_test_insert_activity (f->sr.store, activity);
}

static void
spin (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* ---------------------------------------------------------------- */

static void
test_cadence_defaults (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(CrmCadence) loaded = crm_cadence_load (f->sr.store);
  g_autoptr(CrmCadence) defaults = crm_cadence_new_default ();
  g_autofree char *plan = crm_cadence_format_lead_plan (loaded);
  g_autofree char *stored = crm_store_dup_meta (f->sr.store, "cadence-days-C");

  /* The migration wrote the defaults into the database */
  g_assert_cmpstr (stored, ==, "14");
  g_assert_true (crm_cadence_equal (loaded, defaults));
  g_assert_cmpint (loaded->interval_days[CRM_GRADE_H], ==, 1);
  g_assert_cmpint (loaded->interval_days[CRM_GRADE_A], ==, 3);
  g_assert_cmpint (loaded->interval_days[CRM_GRADE_B], ==, 7);
  g_assert_cmpint (loaded->interval_days[CRM_GRADE_C], ==, 14);
  g_assert_cmpint (loaded->interval_days[CRM_GRADE_N], ==, 1);
  g_assert_cmpint (loaded->first_contact_minutes, ==, 120);
  g_assert_cmpstr (plan, ==, "1,3,7,15,30");
  g_assert_cmpint (loaded->idle_days, ==, 3);
  g_assert_cmpint (loaded->opening_from, ==, 9 * 60);
  g_assert_cmpint (loaded->opening_to, ==, 18 * 60);
}

static void
test_cadence_save (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(CrmCadence) cadence = crm_cadence_new_default ();
  g_autoptr(CrmCadence) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *plan = NULL;

  cadence->interval_days[CRM_GRADE_A] = 2;
  cadence->idle_days = 5;
  cadence->opening_from = 8 * 60 + 30;
  g_assert_true (crm_cadence_parse_lead_plan (cadence, "1, 2，4 10"));
  g_assert_true (crm_cadence_save (cadence, f->sr.store, &error));
  g_assert_no_error (error);

  loaded = crm_cadence_load (f->sr.store);
  g_assert_true (crm_cadence_equal (loaded, cadence));
  plan = crm_cadence_format_lead_plan (loaded);
  g_assert_cmpstr (plan, ==, "1,2,4,10");

  /* Not rising, zero, words: refused, nothing changed */
  g_assert_false (crm_cadence_parse_lead_plan (cadence, "3,1"));
  g_assert_false (crm_cadence_parse_lead_plan (cadence, "0,1"));
  g_assert_false (crm_cadence_parse_lead_plan (cadence, "soon"));
  g_assert_false (crm_cadence_parse_lead_plan (cadence, ""));
  g_assert_cmpuint (cadence->n_lead_plan_days, ==, 4);

  cadence->opening_to = cadence->opening_from;
  g_assert_false (crm_cadence_save (cadence, f->sr.store, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);

  /* A malformed stored value falls back to the default */
  g_clear_error (&error);
  g_assert_true (crm_store_set_meta (f->sr.store, "cadence-days-B", "every week", &error));
  g_clear_pointer (&loaded, crm_cadence_free);
  loaded = crm_cadence_load (f->sr.store);
  g_assert_cmpint (loaded->interval_days[CRM_GRADE_B], ==, 7);
}

static void
test_cadence_opening_hours (void)
{
  g_autoptr(CrmCadence) c = crm_cadence_new_default ();

  g_assert_cmpint (crm_cadence_fit_opening_hours (c, at (2026, 11, 24, 10, 0)), ==, at (2026, 11, 24, 10, 0));
  g_assert_cmpint (crm_cadence_fit_opening_hours (c, at (2026, 11, 24, 7, 15)), ==, at (2026, 11, 24, 9, 0));
  g_assert_cmpint (crm_cadence_fit_opening_hours (c, at (2026, 11, 24, 18, 0)), ==, at (2026, 11, 25, 9, 0));
  g_assert_cmpint (crm_cadence_fit_opening_hours (c, at (2026, 11, 30, 23, 59)), ==, at (2026, 12, 1, 9, 0));

  /* First contact within 2 hours counted in opening hours */
  g_assert_cmpint (crm_cadence_first_contact (c, at (2026, 11, 24, 10, 0)), ==, at (2026, 11, 24, 12, 0));
  g_assert_cmpint (crm_cadence_first_contact (c, at (2026, 11, 24, 17, 0)), ==, at (2026, 11, 25, 10, 0));
  g_assert_cmpint (crm_cadence_first_contact (c, at (2026, 11, 24, 22, 0)), ==, at (2026, 11, 25, 11, 0));
  g_assert_cmpint (crm_cadence_first_contact (c, at (2026, 11, 24, 6, 0)), ==, at (2026, 11, 24, 11, 0));
}

static void
propose (const CrmCadence *c,
         CrmGrade          grade,
         CrmStage          stage,
         gint64            created,
         guint             done,
         CrmOutcome        outcome,
         gint64            now,
         gint64           *planned,
         CrmActivityKind  *kind,
         char            **purpose)
{
  CrmCadenceInput input = { grade, stage, created, done, outcome, now };

  crm_cadence_propose (c, &input, kind, planned, purpose);
}

static void
test_cadence_propose (void)
{
  g_autoptr(CrmCadence) c = crm_cadence_new_default ();
  const struct { CrmGrade grade; int days; } grades[] = {
    { CRM_GRADE_H, 1 }, { CRM_GRADE_A, 3 }, { CRM_GRADE_B, 7 }, { CRM_GRADE_C, 14 }, { CRM_GRADE_N, 1 },
  };
  gint64 planned;
  CrmActivityKind kind;

  for (guint i = 0; i < G_N_ELEMENTS (grades); i++)
    {
      g_autofree char *purpose = NULL;

      propose (c, grades[i].grade, CRM_STAGE_VISITED, 0, 3, CRM_OUTCOME_REACHED,
               TUESDAY_10, &planned, &kind, &purpose);
      g_autoptr(GDateTime) base = g_date_time_new_from_unix_local (TUESDAY_10);
      g_autoptr(GDateTime) expected = g_date_time_add_days (base, grades[i].days);

      g_assert_cmpint (planned, ==, g_date_time_to_unix (expected));
      crm_test_assert_contains (purpose, crm_grade_get_label (grades[i].grade));
    }

  /* Logged at 17:30: H's next day 17:30 is inside opening hours */
  {
    g_autofree char *purpose = NULL;
    propose (c, CRM_GRADE_H, CRM_STAGE_VISITED, 0, 3, CRM_OUTCOME_REACHED,
             at (2026, 11, 24, 17, 30), &planned, &kind, &purpose);
    g_assert_cmpint (planned, ==, at (2026, 11, 25, 17, 30));
  }
  /* Logged at 19:00 (after closing): the plan's day at opening, not the
   * day after it (A: three days on, Friday morning) */
  {
    g_autofree char *purpose = NULL;
    propose (c, CRM_GRADE_A, CRM_STAGE_VISITED, 0, 3, CRM_OUTCOME_REACHED,
             at (2026, 11, 24, 19, 0), &planned, &kind, &purpose);
    g_assert_cmpint (planned, ==, at (2026, 11, 27, 9, 0));
  }
  /* H (every day) logged in the evening: the next morning, every grade
   * on its own day */
  {
    g_autofree char *purpose = NULL;
    propose (c, CRM_GRADE_H, CRM_STAGE_VISITED, 0, 3, CRM_OUTCOME_REACHED,
             at (2026, 11, 24, 19, 30), &planned, &kind, &purpose);
    g_assert_cmpint (planned, ==, at (2026, 11, 25, 9, 0));
    for (guint i = 0; i < G_N_ELEMENTS (grades); i++)
      {
        g_autofree char *p = NULL;

        g_autoptr(GDateTime) nine = g_date_time_new_from_unix_local (at (2026, 11, 24, 9, 0));
        g_autoptr(GDateTime) expected = g_date_time_add_days (nine, grades[i].days);

        propose (c, grades[i].grade, CRM_STAGE_VISITED, 0, 3, CRM_OUTCOME_REACHED,
                 at (2026, 11, 24, 21, 0), &planned, &kind, &p);
        g_assert_cmpint (planned, ==, g_date_time_to_unix (expected));
      }
    /* … and before opening, that day's opening */
    {
      g_autofree char *early = NULL;

      propose (c, CRM_GRADE_H, CRM_STAGE_VISITED, 0, 3, CRM_OUTCOME_REACHED,
               at (2026, 11, 24, 7, 30), &planned, &kind, &early);
      g_assert_cmpint (planned, ==, at (2026, 11, 25, 9, 0));
    }
  }
  /* No answer: two hours later, or next morning */
  {
    g_autofree char *purpose = NULL;
    propose (c, CRM_GRADE_C, CRM_STAGE_VISITED, 0, 3, CRM_OUTCOME_NO_ANSWER,
             TUESDAY_10, &planned, &kind, &purpose);
    g_assert_cmpint (planned, ==, at (2026, 11, 24, 12, 0));
    g_assert_cmpint (kind, ==, CRM_ACTIVITY_CALL);
  }
  {
    g_autofree char *purpose = NULL;
    propose (c, CRM_GRADE_C, CRM_STAGE_VISITED, 0, 3, CRM_OUTCOME_NO_ANSWER,
             at (2026, 11, 24, 17, 0), &planned, &kind, &purpose);
    g_assert_cmpint (planned, ==, at (2026, 11, 25, 9, 0));
  }
  /* New lead plan: day 1, 3, 7, 15, 30 after the lead came in */
  {
    gint64 created = at (2026, 11, 23, 10, 0);
    g_autofree char *p1 = NULL;
    g_autofree char *p2 = NULL;
    g_autofree char *p3 = NULL;

    propose (c, CRM_GRADE_N, CRM_STAGE_NEW_LEAD, created, 1, CRM_OUTCOME_REACHED,
             at (2026, 11, 23, 11, 0), &planned, &kind, &p1);
    g_assert_cmpint (planned, ==, at (2026, 11, 24, 10, 0));
    crm_test_assert_contains (p1, "1");
    propose (c, CRM_GRADE_N, CRM_STAGE_NEW_LEAD, created, 2, CRM_OUTCOME_REACHED,
             at (2026, 11, 24, 10, 5), &planned, &kind, &p2);
    g_assert_cmpint (planned, ==, at (2026, 11, 26, 10, 0));
    /* Steps already past are skipped */
    propose (c, CRM_GRADE_N, CRM_STAGE_NEW_LEAD, created, 2, CRM_OUTCOME_REACHED,
             at (2026, 12, 1, 10, 0), &planned, &kind, &p3);
    g_assert_cmpint (planned, ==, at (2026, 12, 8, 10, 0));
  }
  /* A changed rule changes the proposal */
  c->interval_days[CRM_GRADE_B] = 5;
  {
    g_autofree char *purpose = NULL;
    propose (c, CRM_GRADE_B, CRM_STAGE_NEGOTIATION, 0, 3, CRM_OUTCOME_REACHED,
             TUESDAY_10, &planned, &kind, &purpose);
    g_assert_cmpint (planned, ==, at (2026, 11, 29, 10, 0));
  }
}

static void
test_cadence_replan (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(CrmCadence) c = crm_cadence_load (f->sr.store);
  g_autoptr(CrmCustomer) customer = NULL;
  g_autoptr(CrmActivity) next = NULL;
  g_autoptr(GError) error = NULL;
  gint64 cid = add_customer (f, "张伟", CRM_GRADE_C, f->rep);
  gint64 deal = add_deal (f, cid, f->rep, TUESDAY_10 - 20 * DAY);
  gint64 done_at = at (2026, 11, 23, 15, 0);
  gint64 planned;

  add_done (f, cid, deal, f->rep, done_at);
  planned = add_planned (f, cid, deal, f->rep, at (2026, 12, 7, 15, 0), "C");

  /* C → H: the next follow-up comes forward to one day after the last contact */
  customer = crm_customer_store_get (crm_store_get_customer_store (f->sr.store), cid, &error);
  crm_customer_set_grade (customer, CRM_GRADE_H);
  g_assert_true (crm_customer_store_update (crm_store_get_customer_store (f->sr.store), customer, &error));
  g_assert_true (crm_cadence_replan (c, f->sr.store, cid, TUESDAY_10, &error));
  g_assert_no_error (error);
  next = crm_followup_store_get (crm_store_get_followup_store (f->sr.store), planned, &error);
  g_assert_cmpint (crm_activity_get_planned_at (next), ==, at (2026, 11, 24, 15, 0));
  crm_test_assert_contains (crm_activity_get_purpose (next), "H");

  /* H → B: pushed out to a week after the last contact */
  crm_customer_set_grade (customer, CRM_GRADE_B);
  g_assert_true (crm_customer_store_update (crm_store_get_customer_store (f->sr.store), customer, &error));
  g_assert_true (crm_cadence_replan (c, f->sr.store, cid, TUESDAY_10, &error));
  g_clear_object (&next);
  next = crm_followup_store_get (crm_store_get_followup_store (f->sr.store), planned, &error);
  g_assert_cmpint (crm_activity_get_planned_at (next), ==, at (2026, 11, 30, 15, 0));
  g_assert_cmpint (crm_followup_store_get_open_id (crm_store_get_followup_store (f->sr.store), cid), ==, planned);
}

static void
test_cadence_complete (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(CrmCadence) c = crm_cadence_load (f->sr.store);
  g_autoptr(CrmActivity) next = NULL;
  g_autoptr(GError) error = NULL;
  gint64 cid = add_customer (f, "刘洋", CRM_GRADE_A, f->rep);
  gint64 deal = add_deal (f, cid, f->rep, TUESDAY_10 - 10 * DAY);
  gint64 planned = add_planned (f, cid, deal, f->rep, TUESDAY_10 - HOUR, "报价");
  gint64 next_id;

  g_assert_true (crm_deal_store_move (crm_store_get_deal_store (f->sr.store), deal, CRM_STAGE_VISITED, f->rep, &error));
  next_id = crm_cadence_complete (c, f->sr.store, planned, CRM_OUTCOME_REACHED, "谈妥了", TRUE,
                                  TUESDAY_10, &error);
  g_assert_no_error (error);
  g_assert_cmpint (next_id, >, 0);
  next = crm_followup_store_get (crm_store_get_followup_store (f->sr.store), next_id, &error);
  g_assert_cmpint (crm_activity_get_planned_at (next), ==, at (2026, 11, 27, 10, 0));
  g_assert_cmpint (crm_activity_get_staff_id (next), ==, f->rep);
  g_assert_cmpint (crm_activity_get_deal_id (next), ==, deal);
  g_assert_false (crm_activity_get_is_done (next));

  /* Done twice (a second click on the notification): refused */
  g_assert_cmpint (crm_cadence_complete (c, f->sr.store, planned, CRM_OUTCOME_REACHED, NULL, TRUE,
                                         TUESDAY_10, &error), ==, -1);
  g_assert_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Snooze moves the planned time and the customer's next follow-up */
  g_assert_true (crm_followup_store_reschedule (crm_store_get_followup_store (f->sr.store), next_id, TUESDAY_10 + 15 * MINUTE, &error));
  {
    g_autoptr(CrmCustomer) customer = crm_customer_store_get (crm_store_get_customer_store (f->sr.store), cid, &error);
    g_assert_cmpint (crm_customer_get_next_followup_at (customer), ==, TUESDAY_10 + 15 * MINUTE);
    g_assert_cmpint (crm_customer_get_last_contact_at (customer), ==, TUESDAY_10);
  }
}

static void
test_my_day_queries (Fixture       *f,
                     gconstpointer  data)
{
  gint64 c1 = add_customer (f, "黄敏", CRM_GRADE_H, f->rep);
  gint64 c2 = add_customer (f, "赵静", CRM_GRADE_B, f->rep2);
  gint64 today = at (2026, 11, 24, 0, 0), tomorrow = at (2026, 11, 25, 0, 0);
  gint64 overdue = add_planned (f, c1, 0, f->rep, today - 2 * DAY, NULL);
  gint64 due1 = add_planned (f, c1, 0, f->rep, at (2026, 11, 24, 15, 0), NULL);
  gint64 due0 = add_planned (f, c1, 0, f->rep, at (2026, 11, 24, 9, 30), NULL);
  gint64 later = add_planned (f, c1, 0, f->rep, tomorrow + 3 * DAY, NULL);
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GArray) counts = NULL;
  g_autoptr(GError) error = NULL;

  add_planned (f, c2, 0, f->rep2, today - DAY, NULL);
  add_planned (f, c2, 0, f->rep2, today - 3 * DAY, NULL);
  add_done (f, c1, 0, f->rep, today - 3 * DAY);

  ids = crm_followup_store_query_open_ids (crm_store_get_followup_store (f->sr.store), f->rep, G_MININT64, today, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, overdue);
  g_clear_pointer (&ids, g_array_unref);

  ids = crm_followup_store_query_open_ids (crm_store_get_followup_store (f->sr.store), f->rep, today, tomorrow, 0, &error);
  g_assert_cmpuint (ids->len, ==, 2);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, due0);
  g_assert_cmpint (g_array_index (ids, gint64, 1), ==, due1);
  g_clear_pointer (&ids, g_array_unref);

  ids = crm_followup_store_query_open_ids (crm_store_get_followup_store (f->sr.store), f->rep, tomorrow, G_MAXINT64, 1, &error);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, later);

  counts = crm_followup_store_count_by_staff (crm_store_get_followup_store (f->sr.store), today, tomorrow);
  g_assert_cmpuint (counts->len, ==, 3);
  for (guint i = 0; i < counts->len; i++)
    {
      CrmFollowupCounts *c = &g_array_index (counts, CrmFollowupCounts, i);

      if (c->staff_id == f->rep)
        {
          g_assert_cmpuint (c->overdue, ==, 1);
          g_assert_cmpuint (c->today, ==, 2);
          g_assert_cmpuint (c->upcoming, ==, 1);
        }
      else if (c->staff_id == f->rep2)
        {
          g_assert_cmpuint (c->overdue, ==, 2);
          g_assert_cmpuint (c->today, ==, 0);
        }
      else
        g_assert_cmpuint (c->overdue + c->today + c->upcoming, ==, 0);
    }

  g_assert_cmpint (crm_followup_store_get_next_planned_at (crm_store_get_followup_store (f->sr.store), f->rep, TUESDAY_10), ==, at (2026, 11, 24, 15, 0));
  g_assert_cmpint (crm_followup_store_get_next_planned_at (crm_store_get_followup_store (f->sr.store), -1, today - 2 * DAY - 1), ==, today - 2 * DAY);
  g_assert_cmpint (crm_followup_store_get_next_planned_at (crm_store_get_followup_store (f->sr.store), f->rep2, today), ==, 0);
}

static void
test_idle_and_escalation (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(CrmCadence) c = crm_cadence_load (f->sr.store);
  gint64 since = crm_cadence_idle_since (c, TUESDAY_10);
  gint64 quiet = add_customer (f, "孙丽", CRM_GRADE_B, f->rep);
  gint64 busy = add_customer (f, "周杰", CRM_GRADE_B, f->rep);
  gint64 fresh = add_customer (f, "吴磊", CRM_GRADE_N, f->rep2);
  gint64 quiet_deal = add_deal (f, quiet, f->rep, TUESDAY_10 - 10 * DAY);
  gint64 busy_deal = add_deal (f, busy, f->rep, TUESDAY_10 - 10 * DAY);
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  gboolean already = TRUE;

  add_deal (f, fresh, f->rep2, TUESDAY_10 - DAY);
  add_done (f, quiet, quiet_deal, f->rep, TUESDAY_10 - 4 * DAY);
  add_done (f, busy, busy_deal, f->rep, TUESDAY_10 - 2 * DAY);

  ids = crm_followup_store_query_idle_deal_ids (crm_store_get_followup_store (f->sr.store), -1, since, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, quiet_deal);
  g_clear_pointer (&ids, g_array_unref);
  ids = crm_followup_store_query_idle_deal_ids (crm_store_get_followup_store (f->sr.store), f->rep2, since, &error);
  g_assert_cmpuint (ids->len, ==, 0);

  g_assert_true (crm_followup_store_deal_is_idle (crm_store_get_followup_store (f->sr.store), quiet_deal, since));
  g_assert_false (crm_followup_store_deal_is_idle (crm_store_get_followup_store (f->sr.store), busy_deal, since));
  g_assert_true (crm_followup_store_customer_has_idle_deal (crm_store_get_followup_store (f->sr.store), quiet, since));
  g_assert_false (crm_followup_store_customer_has_idle_deal (crm_store_get_followup_store (f->sr.store), busy, since));

  /* Cadence kept: contacted long ago, but the next follow-up is ahead */
  {
    gint64 later = add_customer (f, "冯超", CRM_GRADE_C, f->rep);
    gint64 later_deal = add_deal (f, later, f->rep, TUESDAY_10 - 20 * DAY);
    gint64 late = add_customer (f, "曹秀", CRM_GRADE_A, f->rep);
    gint64 late_deal = add_deal (f, late, f->rep, TUESDAY_10 - 20 * DAY);
    gint64 slightly = add_customer (f, "邓平", CRM_GRADE_A, f->rep);
    gint64 slightly_deal = add_deal (f, slightly, f->rep, TUESDAY_10 - 20 * DAY);

    add_done (f, later, later_deal, f->rep, TUESDAY_10 - 8 * DAY);
    add_planned (f, later, later_deal, f->rep, TUESDAY_10 + 6 * DAY, NULL);
    add_done (f, late, late_deal, f->rep, TUESDAY_10 - 8 * DAY);
    add_planned (f, late, late_deal, f->rep, TUESDAY_10 - 4 * DAY, NULL);
    add_done (f, slightly, slightly_deal, f->rep, TUESDAY_10 - 8 * DAY);
    add_planned (f, slightly, slightly_deal, f->rep, TUESDAY_10 - DAY, NULL);

    g_assert_false (crm_followup_store_deal_is_idle (crm_store_get_followup_store (f->sr.store), later_deal, since));
    g_assert_true (crm_followup_store_deal_is_idle (crm_store_get_followup_store (f->sr.store), late_deal, since));
    g_assert_false (crm_followup_store_deal_is_idle (crm_store_get_followup_store (f->sr.store), slightly_deal, since));
    g_clear_pointer (&ids, g_array_unref);
    ids = crm_followup_store_query_idle_deal_ids (crm_store_get_followup_store (f->sr.store), f->rep, since, &error);
    g_assert_cmpuint (ids->len, ==, 2);
    g_assert_cmpint (g_array_index (ids, gint64, 0), ==, quiet_deal);
    g_assert_cmpint (g_array_index (ids, gint64, 1), ==, late_deal);
    g_clear_pointer (&ids, g_array_unref);
    ids = crm_followup_store_query_idle_deal_ids (crm_store_get_followup_store (f->sr.store), -1, since, &error);
    g_assert_cmpuint (ids->len, ==, 2);
  }

  /* Lost deals are not idle */
  g_assert_true (crm_deal_store_move (crm_store_get_deal_store (f->sr.store), quiet_deal, CRM_STAGE_LOST, f->rep, &error));
  g_assert_false (crm_followup_store_deal_is_idle (crm_store_get_followup_store (f->sr.store), quiet_deal, since));

  g_assert_true (crm_followup_store_record_escalation (crm_store_get_followup_store (f->sr.store), quiet_deal, "2026-11-24", &already, &error));
  g_assert_false (already);
  g_assert_true (crm_followup_store_record_escalation (crm_store_get_followup_store (f->sr.store), quiet_deal, "2026-11-24", &already, &error));
  g_assert_true (already);
  g_assert_true (crm_followup_store_record_escalation (crm_store_get_followup_store (f->sr.store), quiet_deal, "2026-11-25", &already, &error));
  g_assert_false (already);
}

/* Showroom-wide care planning, done by every desktop that sees a
 * delivery or starts on a new day: two desktops (two stores, each in its
 * own thread) plan the care of the same 30 delivered deals at once, one
 * from each end, then both sweep the birthdays. Each deal's care and each
 * greeting is planned once. */
#define CARE_RACE_N 30

typedef struct
{
  const char *path;
  GArray     *deals;
  gboolean    backwards;
  gboolean    sweep;       /* the birthdays, not the deals' care */
  guint       planned;
  guint       greetings;
  GError     *error;
} CareRace;

static gpointer
care_race_thread (gpointer data)
{
  CareRace *race = data;
  g_autoptr(CrmClock) clock = crm_clock_new_fixed (TUESDAY_10);
  g_autoptr(CrmStore) store = crm_store_open (race->path, clock, &race->error);
  g_autoptr(CrmCadence) cadence = store != NULL ? crm_cadence_load (store) : NULL;

  if (store != NULL && race->sweep)
    race->greetings = crm_cadence_sweep_birthdays (cadence, store, TUESDAY_10, &race->error);
  for (guint i = 0; store != NULL && !race->sweep && race->error == NULL && i < race->deals->len; i++)
    {
      guint k = race->backwards ? race->deals->len - 1 - i : i;

      race->planned += crm_cadence_plan_care (cadence, store, g_array_index (race->deals, gint64, k),
                                              TUESDAY_10 - DAY, 0, &race->error);
      /* The other desktop gets the write lock in between */
      g_usleep (g_random_int_range (0, 400));
    }
  return NULL;
}

static void
run_care_race (CareRace *races)
{
  GThread *threads[2];

  for (guint i = 0; i < 2; i++)
    threads[i] = g_thread_new ("desktop", care_race_thread, &races[i]);
  for (guint i = 0; i < 2; i++)
    {
      g_thread_join (threads[i]);
      g_assert_no_error (races[i].error);
      g_test_message ("desktop %u planned %u, greetings %u", i, races[i].planned, races[i].greetings);
    }
}

static void
test_care_race (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GArray) deals = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(CrmCadence) c = crm_cadence_load (f->sr.store);
  g_autoptr(GError) error = NULL;
  CareRace races[2] = { { f->sr.path, deals, FALSE, }, { f->sr.path, deals, TRUE, } };
  CareRace sweeps[2] = { { f->sr.path, deals, FALSE, TRUE, }, { f->sr.path, deals, TRUE, TRUE, } };

  for (guint i = 0; i < CARE_RACE_N; i++)
    {
      gint64 cid = add_customer (f, "买车客户", CRM_GRADE_H, f->rep);
      gint64 deal = add_deal (f, cid, f->rep, TUESDAY_10 - 30 * DAY);

      g_assert_true (crm_deal_store_move (crm_store_get_deal_store (f->sr.store), deal, CRM_STAGE_DELIVERED, f->rep, &error));
      g_assert_no_error (error);
      g_array_append_val (deals, deal);
    }
  run_care_race (races);
  g_assert_cmpuint (races[0].planned + races[1].planned, ==, 4 * CARE_RACE_N);
  g_assert_cmpint (crm_test_file_int (f->sr.path, "SELECT count(*) FROM activity WHERE care IS NOT NULL"
                                                  " AND care <> 'birthday'"), ==, 4 * CARE_RACE_N);
  g_assert_cmpint (crm_test_file_int (f->sr.path, "SELECT count(*) FROM (SELECT deal_id FROM activity"
                                                  " WHERE care = 'after-sales' GROUP BY deal_id"
                                                  " HAVING count(*) <> 2) wrong"), ==, 0);

  /* Birthdays known only now: the greetings are the sweep's to plan. One
   * desktop sweeps, the other finds the day swept */
  crm_test_file_exec (f->sr.path, "UPDATE customer SET birthday = '1990-03-15'");
  run_care_race (sweeps);
  g_assert_cmpuint (sweeps[0].greetings + sweeps[1].greetings, ==, CARE_RACE_N);
  g_assert_true (sweeps[0].greetings == 0 || sweeps[1].greetings == 0);
  g_assert_cmpint (crm_test_file_int (f->sr.path, "SELECT count(*) FROM activity WHERE care = 'birthday'"),
                   ==, CARE_RACE_N);
  /* Once a day per showroom, not once per start */
  g_assert_cmpuint (crm_cadence_sweep_birthdays (c, f->sr.store, TUESDAY_10 + HOUR, &error), ==, 0);
  g_assert_no_error (error);
}

static void
test_care_after_delivery (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(CrmCadence) c = crm_cadence_load (f->sr.store);
  g_autoptr(CrmCustomer) customer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  gint64 cid = add_customer (f, "郑芳", CRM_GRADE_H, f->rep);
  gint64 deal = add_deal (f, cid, f->rep, TUESDAY_10 - 30 * DAY);
  gint64 birthday_id = 0;
  guint n;

  customer = crm_customer_store_get (crm_store_get_customer_store (f->sr.store), cid, &error);
  crm_customer_set_birthday (customer, "1988-03-15");
  g_assert_true (crm_customer_store_update (crm_store_get_customer_store (f->sr.store), customer, &error));

  /* Not delivered yet: nothing */
  g_assert_cmpuint (crm_cadence_plan_care (c, f->sr.store, deal, TUESDAY_10, 0, &error), ==, 0);
  g_assert_no_error (error);

  g_assert_true (crm_deal_store_move (crm_store_get_deal_store (f->sr.store), deal, CRM_STAGE_DELIVERED, f->rep, &error));
  n = crm_cadence_plan_care (c, f->sr.store, deal, TUESDAY_10, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 5);
  /* Once only */
  g_assert_cmpuint (crm_cadence_plan_care (c, f->sr.store, deal, TUESDAY_10, 0, &error), ==, 0);

  ids = crm_followup_store_query_open_ids (crm_store_get_followup_store (f->sr.store), f->rep, G_MININT64, G_MAXINT64, 0, &error);
  g_assert_cmpuint (ids->len, ==, 5);
  {
    const gint64 expected[] = {
      at (2026, 11, 27, 10, 0),        /* day 3 */
      at (2026, 12, 24, 10, 0),        /* one month */
      at (2027, 3, 15, 10, 0),         /* birthday */
      at (2027, 5, 17, 10, 0),         /* first service: 6 months, a week ahead */
      at (2027, 11, 24, 10, 0),        /* anniversary */
    };
    for (guint i = 0; i < ids->len; i++)
      {
        g_autoptr(CrmActivity) a = crm_followup_store_get (crm_store_get_followup_store (f->sr.store), g_array_index (ids, gint64, i), NULL);
        g_autofree char *care = crm_followup_store_get_care (crm_store_get_followup_store (f->sr.store), crm_activity_get_id (a));

        g_assert_cmpint (crm_activity_get_planned_at (a), ==, expected[i]);
        g_assert_nonnull (crm_activity_get_purpose (a));
        if (i == 2)
          {
            g_assert_cmpstr (care, ==, "birthday");
            birthday_id = crm_activity_get_id (a);
          }
        if (i == 3)
          crm_test_assert_contains (crm_activity_get_purpose (a), "5000");
      }
  }

  /* Birthdays are planned yearly: done → next year's */
  {
    gint64 next = crm_cadence_complete (c, f->sr.store, birthday_id, CRM_OUTCOME_REACHED, NULL, TRUE,
                                        at (2027, 3, 15, 11, 0), &error);
    g_autoptr(CrmActivity) a = NULL;

    g_assert_no_error (error);
    g_assert_cmpint (next, >, 0);
    a = crm_followup_store_get (crm_store_get_followup_store (f->sr.store), next, NULL);
    g_assert_cmpint (crm_activity_get_planned_at (a), ==, at (2028, 3, 15, 10, 0));
  }
  /* And plan_birthdays finds nobody missing one */
  g_assert_cmpuint (crm_cadence_plan_birthdays (c, f->sr.store, TUESDAY_10, &error), ==, 0);

  g_assert_cmpint (crm_cadence_next_birthday (c, "1990-02-29", at (2026, 11, 24, 0, 0)), ==, at (2027, 2, 28, 10, 0));
  g_assert_cmpint (crm_cadence_next_birthday (c, "not a date", TUESDAY_10), ==, 0);
}

static void
test_scheduler_next_wakeup (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(CrmReminders) reminders = crm_reminders_new (NULL, f->sr.store, NULL);
  g_autoptr(GError) error = NULL;
  gint64 cid = add_customer (f, "许婷", CRM_GRADE_A, f->rep);
  gint64 other = add_customer (f, "何勇", CRM_GRADE_A, f->rep2);
  gint64 a, b, early;
  guint due;

  /* Earlier today and yesterday: due already (caught up at start) */
  add_planned (f, cid, 0, f->rep, TUESDAY_10 - 30 * MINUTE, "today, past");
  add_planned (f, cid, 0, f->rep, TUESDAY_10 - DAY, "yesterday");
  a = add_planned (f, cid, 0, f->rep, TUESDAY_10 + 2 * HOUR, "a");
  b = add_planned (f, cid, 0, f->rep, TUESDAY_10 + 5 * HOUR, "b");
  add_planned (f, other, 0, f->rep2, TUESDAY_10 + HOUR, "someone else's");

  crm_reminders_set_staff (reminders, f->rep, FALSE);
  g_assert_cmpint (crm_reminders_get_next_wakeup (reminders), ==, 0);
  crm_reminders_start (reminders);
  /* Started: last check is now; the timer waits for a (not rep2's earlier one) */
  g_assert_cmpint (crm_reminders_get_last_check (reminders), ==, TUESDAY_10);
  g_assert_cmpint (crm_reminders_get_next_wakeup (reminders), ==, TUESDAY_10 + 2 * HOUR);

  /* A new earlier follow-up re-arms the timer (on the store's change) */
  early = add_planned (f, cid, 0, f->rep, TUESDAY_10 + 20 * MINUTE, "early");
  spin ();
  g_assert_cmpint (crm_reminders_get_next_wakeup (reminders), ==, TUESDAY_10 + 20 * MINUTE);

  /* Snoozing it past a moves the wake-up to a */
  g_assert_true (crm_followup_store_reschedule (crm_store_get_followup_store (f->sr.store), early, TUESDAY_10 + 3 * HOUR, &error));
  spin ();
  g_assert_cmpint (crm_reminders_get_next_wakeup (reminders), ==, TUESDAY_10 + 2 * HOUR);

  /* Time passes to a: one due; the next is the snoozed one */
  crm_clock_set_now (f->sr.clock, TUESDAY_10 + 2 * HOUR);
  due = crm_reminders_check_now (reminders, FALSE);
  g_assert_cmpuint (due, ==, 1);
  g_assert_cmpint (crm_reminders_get_next_wakeup (reminders), ==, TUESDAY_10 + 3 * HOUR);

  /* The machine sleeps through early and b: both due at wake-up */
  crm_clock_set_now (f->sr.clock, TUESDAY_10 + 6 * HOUR);
  g_assert_cmpuint (crm_reminders_check_now (reminders, TRUE), ==, 2);
  g_assert_cmpint (crm_reminders_get_next_wakeup (reminders), ==, 0);

  /* Done ones never wake us */
  g_assert_true (crm_followup_store_reschedule (crm_store_get_followup_store (f->sr.store), b, TUESDAY_10 + 8 * HOUR, &error));
  g_assert_true (crm_followup_store_complete (crm_store_get_followup_store (f->sr.store), b, CRM_OUTCOME_REACHED, NULL, TUESDAY_10 + 6 * HOUR, &error));
  spin ();
  g_assert_cmpint (crm_reminders_get_next_wakeup (reminders), ==, 0);
  (void) a;

  crm_reminders_stop (reminders);
  g_assert_false (crm_reminders_is_running (reminders));
}

/* A deal that reaches Delivered gets its after-sales care planned by the
 * running reminder service, whoever moved it (the board, another window) */
static void
test_scheduler_plans_care (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(CrmReminders) reminders = crm_reminders_new (NULL, f->sr.store, NULL);
  g_autoptr(GError) error = NULL;
  gint64 cid = add_customer (f, "林欣", CRM_GRADE_H, f->rep);
  gint64 deal = add_deal (f, cid, f->rep, TUESDAY_10 - 40 * DAY);
  g_autoptr(GArray) ids = NULL;

  crm_reminders_set_staff (reminders, f->rep, FALSE);
  crm_reminders_start (reminders);
  g_assert_false (crm_followup_store_deal_has_care (crm_store_get_followup_store (f->sr.store), deal));

  g_assert_true (crm_deal_store_move (crm_store_get_deal_store (f->sr.store), deal, CRM_STAGE_ORDERED, f->rep, &error));
  spin ();
  g_assert_false (crm_followup_store_deal_has_care (crm_store_get_followup_store (f->sr.store), deal));

  g_assert_true (crm_deal_store_move (crm_store_get_deal_store (f->sr.store), deal, CRM_STAGE_DELIVERED, f->rep, &error));
  spin ();
  g_assert_true (crm_followup_store_deal_has_care (crm_store_get_followup_store (f->sr.store), deal));
  ids = crm_followup_store_query_open_ids (crm_store_get_followup_store (f->sr.store), f->rep, TUESDAY_10, G_MAXINT64, 0, &error);
  g_assert_cmpuint (ids->len, ==, 4);   /* day 3, one month, first service, anniversary */
  /* …and the timer waits for the day-3 call */
  g_assert_cmpint (crm_reminders_get_next_wakeup (reminders), ==, at (2026, 11, 27, 10, 0));
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static void
test_activity_purpose_property (void)
{
  CrmActivity *activity = crm_activity_new ();
  guint notified = 0;
  g_autofree char *value = NULL;

  g_signal_connect (activity, "notify::purpose", G_CALLBACK (count_notify_cb), &notified);
  crm_activity_set_purpose (activity, "确认试驾时间");
  g_assert_cmpuint (notified, ==, 1);
  crm_activity_set_purpose (activity, "确认试驾时间");
  g_assert_cmpuint (notified, ==, 1);
  g_object_get (activity, "purpose", &value, NULL);
  g_assert_cmpstr (value, ==, "确认试驾时间");
  crm_activity_set_purpose (activity, "");
  g_assert_null (crm_activity_get_purpose (activity));
  g_assert_cmpuint (notified, ==, 2);
  g_assert_finalize_object (activity);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/followups/activity/purpose", test_activity_purpose_property);
  g_test_add ("/followups/cadence/defaults", Fixture, NULL, fixture_setup, test_cadence_defaults, fixture_teardown);
  g_test_add ("/followups/cadence/save", Fixture, NULL, fixture_setup, test_cadence_save, fixture_teardown);
  g_test_add_func ("/followups/cadence/opening-hours", test_cadence_opening_hours);
  g_test_add_func ("/followups/cadence/propose", test_cadence_propose);
  g_test_add ("/followups/cadence/replan", Fixture, NULL, fixture_setup, test_cadence_replan, fixture_teardown);
  g_test_add ("/followups/cadence/complete", Fixture, NULL, fixture_setup, test_cadence_complete, fixture_teardown);
  g_test_add ("/followups/store/my-day", Fixture, NULL, fixture_setup, test_my_day_queries, fixture_teardown);
  g_test_add ("/followups/store/idle", Fixture, NULL, fixture_setup, test_idle_and_escalation, fixture_teardown);
  g_test_add ("/followups/care", Fixture, NULL, fixture_setup, test_care_after_delivery, fixture_teardown);
  g_test_add ("/followups/care/race", Fixture, NULL, fixture_setup, test_care_race, fixture_teardown);
  g_test_add ("/followups/scheduler/care-on-delivery", Fixture, NULL, fixture_setup, test_scheduler_plans_care, fixture_teardown);
  g_test_add ("/followups/scheduler/next-wakeup", Fixture, NULL, fixture_setup, test_scheduler_next_wakeup, fixture_teardown);

  return g_test_run ();
}
