/* crm-cadence.c: how often each customer is followed up
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The showroom's cadence rules (grade → days between follow-ups, the plan
 * for a new lead, the idle limit, opening hours, the first service) and
 * what they propose after each follow-up. The rules are kept in the meta
 * table under "cadence-*" keys, written by migration 3 with the defaults.
 * Everything here takes "now" as an argument, so tests run on a fixed
 * clock.
 */
#define G_LOG_DOMAIN "crm-cadence"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "crm-cadence.h"
#include "crm-error.h"
#include "crm-format.h"

#define MINUTE 60
#define HOUR   (60 * MINUTE)
#define DAY    (24 * HOUR)

/* A call nobody answered is tried again this much later */
#define RETRY_AFTER (2 * HOUR)

G_DEFINE_BOXED_TYPE (CrmCadence, crm_cadence, crm_cadence_copy, crm_cadence_free)

static const char * const grade_keys[CRM_N_GRADES] = {
  [CRM_GRADE_N] = "cadence-days-N",
  [CRM_GRADE_H] = "cadence-days-H",
  [CRM_GRADE_A] = "cadence-days-A",
  [CRM_GRADE_B] = "cadence-days-B",
  [CRM_GRADE_C] = "cadence-days-C",
};

CrmCadence *
crm_cadence_new_default (void)
{
  CrmCadence *self = g_new0 (CrmCadence, 1);
  static const int plan[] = { 1, 3, 7, 15, 30 };

  self->interval_days[CRM_GRADE_H] = 1;
  self->interval_days[CRM_GRADE_A] = 3;
  self->interval_days[CRM_GRADE_B] = 7;
  self->interval_days[CRM_GRADE_C] = 14;
  self->interval_days[CRM_GRADE_N] = 1;
  self->first_contact_minutes = 120;
  memcpy (self->lead_plan_days, plan, sizeof plan);
  self->n_lead_plan_days = G_N_ELEMENTS (plan);
  self->idle_days = 3;
  self->opening_from = 9 * 60;
  self->opening_to = 18 * 60;
  self->service_months = 6;
  self->service_km = 5000;
  /* China keeps UTC+8 all year, also where the system has no tzdata */
  self->zone = g_time_zone_new_identifier (CRM_STORE_DEFAULT_TIME_ZONE);
  if (self->zone == NULL)
    self->zone = g_time_zone_new_offset (8 * HOUR);
  return self;
}

CrmCadence *
crm_cadence_copy (const CrmCadence *self)
{
  CrmCadence *copy = g_memdup2 (self, sizeof *self);

  copy->zone = g_time_zone_ref (self->zone);
  return copy;
}

void
crm_cadence_free (CrmCadence *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->zone, g_time_zone_unref);
  g_free (self);
}

gboolean
crm_cadence_equal (const CrmCadence *a,
                   const CrmCadence *b)
{
  return memcmp (a, b, G_STRUCT_OFFSET (CrmCadence, zone)) == 0 &&
         g_strcmp0 (g_time_zone_get_identifier (a->zone), g_time_zone_get_identifier (b->zone)) == 0;
}

static int
meta_int (CrmStore   *store,
          const char *key,
          int         fallback,
          int         min,
          int         max)
{
  g_autofree char *text = crm_store_dup_meta (store, key);
  gint64 value;

  if (text == NULL || !g_ascii_string_to_signed (text, 10, min, max, &value, NULL))
    return fallback;
  return (int) value;
}

/**
 * crm_cadence_format_lead_plan:
 *
 * Returns: (transfer full): the new-lead plan's days as "1,3,7,15,30"
 */
char *
crm_cadence_format_lead_plan (const CrmCadence *self)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < self->n_lead_plan_days; i++)
    g_string_append_printf (s, i ? ",%d" : "%d", self->lead_plan_days[i]);
  return g_string_free (s, FALSE);
}

/**
 * crm_cadence_parse_lead_plan:
 * @text: days separated by commas or spaces, rising, each 1 to 365
 *
 * Returns: %FALSE (and leaves @self alone) when @text is not such a list
 */
gboolean
crm_cadence_parse_lead_plan (CrmCadence *self,
                             const char *text)
{
  g_auto(GStrv) parts = g_regex_split_simple ("[\\s,，、]+", text ? text : "", 0, 0);
  int days[CRM_CADENCE_MAX_LEAD_STEPS];
  guint n = 0;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      gint64 value;

      if (parts[i][0] == '\0')
        continue;
      if (n == CRM_CADENCE_MAX_LEAD_STEPS ||
          !g_ascii_string_to_signed (parts[i], 10, 1, 365, &value, NULL) ||
          (n > 0 && value <= days[n - 1]))
        return FALSE;
      days[n++] = (int) value;
    }
  if (n == 0)
    return FALSE;

  memcpy (self->lead_plan_days, days, n * sizeof (int));
  self->n_lead_plan_days = n;
  return TRUE;
}

static gboolean
parse_opening_hours (const char *text,
                     int        *from,
                     int        *to)
{
  int h1, m1, h2, m2;

  if (text == NULL || sscanf (text, "%d:%d-%d:%d", &h1, &m1, &h2, &m2) != 4)
    return FALSE;
  if (h1 < 0 || h1 > 23 || m1 < 0 || m1 > 59 || h2 < 0 || h2 > 24 || m2 < 0 || m2 > 59)
    return FALSE;
  if (h1 * 60 + m1 >= h2 * 60 + m2)
    return FALSE;
  *from = h1 * 60 + m1;
  *to = h2 * 60 + m2;
  return TRUE;
}

/**
 * crm_cadence_load:
 *
 * Reads the showroom's rules; a missing or malformed value falls back to
 * its default.
 *
 * Returns: (transfer full): the rules
 */
CrmCadence *
crm_cadence_load (CrmStore *store)
{
  CrmCadence *self = crm_cadence_new_default ();
  g_autofree char *plan = NULL;
  g_autofree char *hours = NULL;

  g_return_val_if_fail (CRM_IS_STORE (store), self);

  for (int g = 0; g < CRM_N_GRADES; g++)
    self->interval_days[g] = meta_int (store, grade_keys[g], self->interval_days[g], 1, 365);
  self->first_contact_minutes = meta_int (store, "cadence-first-contact-minutes",
                                          self->first_contact_minutes, 1, 7 * 24 * 60);
  self->idle_days = meta_int (store, "cadence-idle-days", self->idle_days, 1, 365);
  self->service_months = meta_int (store, "cadence-service-months", self->service_months, 1, 60);
  self->service_km = meta_int (store, "cadence-service-km", self->service_km, 100, 100000);

  plan = crm_store_dup_meta (store, "cadence-lead-plan-days");
  if (plan != NULL)
    crm_cadence_parse_lead_plan (self, plan);
  hours = crm_store_dup_meta (store, "cadence-opening-hours");
  parse_opening_hours (hours, &self->opening_from, &self->opening_to);
  g_time_zone_unref (self->zone);
  self->zone = g_time_zone_ref (crm_store_get_time_zone (store));
  return self;
}

/**
 * crm_cadence_save:
 *
 * Writes the rules in one transaction.
 */
gboolean
crm_cadence_save (const CrmCadence  *self,
                  CrmStore          *store,
                  GError           **error)
{
  g_autofree char *plan = crm_cadence_format_lead_plan (self);
  g_autofree char *hours = g_strdup_printf ("%02d:%02d-%02d:%02d",
                                            self->opening_from / 60, self->opening_from % 60,
                                            self->opening_to / 60, self->opening_to % 60);
  gboolean ok = TRUE;

  g_return_val_if_fail (CRM_IS_STORE (store), FALSE);

  if (self->opening_from >= self->opening_to)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                   _("The showroom must open before it closes."));
      return FALSE;
    }

  if (!crm_store_begin (store, error))
    return FALSE;

#define SAVE_INT(key, value) G_STMT_START {                                 \
    g_autofree char *text_ = g_strdup_printf ("%d", (value));             \
    ok = ok && crm_store_set_meta (store, key, text_, error);             \
  } G_STMT_END

  for (int g = 0; g < CRM_N_GRADES; g++)
    SAVE_INT (grade_keys[g], self->interval_days[g]);
  SAVE_INT ("cadence-first-contact-minutes", self->first_contact_minutes);
  SAVE_INT ("cadence-idle-days", self->idle_days);
  SAVE_INT ("cadence-service-months", self->service_months);
  SAVE_INT ("cadence-service-km", self->service_km);
#undef SAVE_INT
  ok = ok && crm_store_set_meta (store, "cadence-lead-plan-days", plan, error);
  ok = ok && crm_store_set_meta (store, "cadence-opening-hours", hours, error);

  return crm_store_finish_write (store, ok, error);
}

/* @minutes after the midnight of @day, in @day's zone (the showroom's) */
static GDateTime *
local_at_minutes (GDateTime *day,
                  int        minutes)
{
  return g_date_time_new (g_date_time_get_timezone (day),
                          g_date_time_get_year (day),
                          g_date_time_get_month (day),
                          g_date_time_get_day_of_month (day),
                          minutes / 60, minutes % 60, 0);
}

/**
 * crm_cadence_fit_opening_hours:
 *
 * Returns: @t if the showroom is open then; else the next opening time
 *   (both by the showroom's clock)
 */
gint64
crm_cadence_fit_opening_hours (const CrmCadence *self,
                               gint64            t)
{
  g_autoptr(GDateTime) dt = crm_time_in_zone (self->zone, t);
  int minutes = g_date_time_get_hour (dt) * 60 + g_date_time_get_minute (dt);
  g_autoptr(GDateTime) fitted = NULL;

  if (minutes >= self->opening_from && minutes < self->opening_to)
    return t;

  if (minutes < self->opening_from)
    fitted = local_at_minutes (dt, self->opening_from);
  else
    {
      g_autoptr(GDateTime) tomorrow = g_date_time_add_days (dt, 1);
      fitted = local_at_minutes (tomorrow, self->opening_from);
    }
  return g_date_time_to_unix (fitted);
}

/**
 * crm_cadence_first_contact:
 *
 * Returns: by when a lead that came in at @lead_created_at must be called:
 *   the first-contact limit counted in opening hours only
 */
gint64
crm_cadence_first_contact (const CrmCadence *self,
                           gint64            lead_created_at)
{
  gint64 t = crm_cadence_fit_opening_hours (self, lead_created_at);
  gint64 left = (gint64) self->first_contact_minutes * MINUTE;

  /* Spend the allowance day by day, only while the showroom is open */
  for (int guard = 0; guard < 366; guard++)
    {
      g_autoptr(GDateTime) dt = crm_time_in_zone (self->zone, t);
      g_autoptr(GDateTime) close = local_at_minutes (dt, self->opening_to);
      gint64 open_left = g_date_time_to_unix (close) - t;

      if (left <= open_left)
        return t + left;
      left -= open_left;
      t = crm_cadence_fit_opening_hours (self, g_date_time_to_unix (close));
    }
  return t;
}

/**
 * crm_cadence_idle_since:
 *
 * Returns: the cut-off for crm_followup_store_query_idle_deal_ids()
 */
gint64
crm_cadence_idle_since (const CrmCadence *self,
                        gint64            now)
{
  return now - (gint64) self->idle_days * DAY;
}

/* Calendar arithmetic in the showroom's time, so "a month later" keeps
 * the hour across a daylight-saving change; @add is g_date_time_add_days (),
 * _months () or _years () */
static gint64
local_later (const CrmCadence *self,
             GDateTime *(*add) (GDateTime *, gint),
             gint64      t,
             int         n)
{
  g_autoptr(GDateTime) dt = crm_time_in_zone (self->zone, t);
  g_autoptr(GDateTime) later = add (dt, n);

  return g_date_time_to_unix (later);
}

/* A plan counted in days lands on its day: a time outside opening hours
 * moves to that day's opening, not to the next day. A follow-up logged at
 * 19:30 for an H customer (every day) is the next morning at opening, not
 * the morning after. */
static gint64
on_its_day (const CrmCadence *self,
            gint64            t)
{
  g_autoptr(GDateTime) dt = crm_time_in_zone (self->zone, t);
  g_autoptr(GDateTime) opening = NULL;
  int minutes = g_date_time_get_hour (dt) * 60 + g_date_time_get_minute (dt);

  if (minutes >= self->opening_from && minutes < self->opening_to)
    return t;
  opening = local_at_minutes (dt, self->opening_from);
  return g_date_time_to_unix (opening);
}

/**
 * crm_cadence_propose:
 * @kind: (out): what kind of contact
 * @planned_at: (out): when
 * @purpose: (out) (transfer full): why, for the rep and the reminder
 *
 * The next follow-up after one was logged: a call nobody answered is tried
 * again two opening hours later; a new lead follows the new-lead plan
 * (day 1, 3, 7, 15, 30 after it came in); every other open deal follows
 * its customer's grade. Always inside opening hours.
 */
void
crm_cadence_propose (const CrmCadence      *self,
                     const CrmCadenceInput *input,
                     CrmActivityKind       *kind,
                     gint64                *planned_at,
                     char                 **purpose)
{
  CrmGrade grade = CLAMP (input->grade, 0, CRM_N_GRADES - 1);
  int days = self->interval_days[grade];

  *kind = CRM_ACTIVITY_CALL;

  if (input->outcome == CRM_OUTCOME_NO_ANSWER)
    {
      *planned_at = crm_cadence_fit_opening_hours (self, input->now + RETRY_AFTER);
      *purpose = g_strdup (_("Call again: no answer last time"));
      return;
    }

  if (input->outcome == CRM_OUTCOME_APPOINTMENT)
    {
      *planned_at = on_its_day (self, local_later (self, g_date_time_add_days, input->now, 1));
      *purpose = g_strdup (_("Confirm the appointment"));
      return;
    }

  if (input->stage == CRM_STAGE_NEW_LEAD && input->lead_created_at > 0)
    {
      /* The plan's next day after the contacts already made, skipping
       * days already past */
      for (guint step = MAX (input->contacts_done, 1) - 1; step < self->n_lead_plan_days; step++)
        {
          gint64 t = local_later (self, g_date_time_add_days, input->lead_created_at, self->lead_plan_days[step]);

          if (t > input->now)
            {
              *planned_at = on_its_day (self, t);
              if (*planned_at <= input->now)
                *planned_at = crm_cadence_fit_opening_hours (self, input->now);
              *purpose = g_strdup_printf (_("New lead: day %d follow-up"),
                                          self->lead_plan_days[step]);
              return;
            }
        }
    }

  if (input->stage == CRM_STAGE_ORDERED)
    *purpose = g_strdup (_("Keep in touch until delivery"));
  else
    *purpose = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "Grade %s: follow up every day",
                                             "Grade %s: follow up every %d days", days),
                                crm_grade_get_label (grade), days);
  if (input->outcome == CRM_OUTCOME_CALL_BACK)
    days = MIN (days, 1);
  *planned_at = on_its_day (self, local_later (self, g_date_time_add_days, input->now, days));
  if (grade == CRM_GRADE_N || grade == CRM_GRADE_C || grade == CRM_GRADE_B)
    *kind = days >= 7 ? CRM_ACTIVITY_WECHAT : CRM_ACTIVITY_CALL;
}

static CrmDeal *
open_deal_of (CrmStore *store,
              gint64    customer_id)
{
  g_autoptr(GListModel) deals = crm_deal_store_list_for_customer (crm_store_get_deal_store (store), customer_id);

  /* The newest open deal (the list is newest first) */
  for (guint i = 0; i < g_list_model_get_n_items (deals); i++)
    {
      g_autoptr(CrmDeal) deal = g_list_model_get_item (deals, i);

      if (crm_stage_is_open (crm_deal_get_stage (deal)))
        return g_steal_pointer (&deal);
    }
  return NULL;
}

/**
 * crm_cadence_propose_for_customer:
 * @outcome: how the follow-up just logged went
 *
 * Returns: (transfer full) (nullable): an unsaved planned follow-up for the
 *   customer's open deal, or %NULL when no deal is open
 */
CrmActivity *
crm_cadence_propose_for_customer (const CrmCadence *self,
                                  CrmStore         *store,
                                  gint64            customer_id,
                                  CrmOutcome        outcome,
                                  gint64            now)
{
  return crm_cadence_propose_for_customer_as (self, store, customer_id, -1, outcome, now);
}

/**
 * crm_cadence_propose_for_customer_as:
 * @grade: the grade the customer is being given (the log dialog's), or
 *   -1 for the one stored
 *
 * crm_cadence_propose_for_customer() for a customer whose grade is about
 * to change: the next follow-up follows the new grade.
 *
 * Returns: (transfer full) (nullable): as crm_cadence_propose_for_customer()
 */
CrmActivity *
crm_cadence_propose_for_customer_as (const CrmCadence *self,
                                     CrmStore         *store,
                                     gint64            customer_id,
                                     int               grade,
                                     CrmOutcome        outcome,
                                     gint64            now)
{
  g_autoptr(CrmCustomer) customer = crm_customer_store_get (crm_store_get_customer_store (store), customer_id, NULL);
  g_autoptr(CrmDeal) deal = NULL;
  CrmCadenceInput input = { 0, };
  g_autofree char *purpose = NULL;
  CrmActivityKind kind;
  gint64 planned_at;
  CrmActivity *activity;
  gint64 staff_id;

  if (customer == NULL || (deal = open_deal_of (store, customer_id)) == NULL)
    return NULL;

  input.grade = grade >= 0 ? (CrmGrade) grade : crm_customer_get_grade (customer);
  input.stage = crm_deal_get_stage (deal);
  input.lead_created_at = crm_deal_get_created_at (deal);
  input.contacts_done = crm_followup_store_count_done_for_deal (crm_store_get_followup_store (store), crm_deal_get_id (deal));
  input.outcome = outcome;
  input.now = now;
  crm_cadence_propose (self, &input, &kind, &planned_at, &purpose);

  staff_id = crm_deal_get_owner_id (deal);
  if (staff_id == 0)
    staff_id = crm_customer_get_owner_id (customer);

  activity = crm_activity_new ();
  crm_activity_set_customer_id (activity, customer_id);
  crm_activity_set_deal_id (activity, crm_deal_get_id (deal));
  crm_activity_set_kind (activity, kind);
  crm_activity_set_planned_at (activity, planned_at);
  crm_activity_set_purpose (activity, purpose);
  crm_activity_set_staff_id (activity, staff_id);
  return activity;
}

/**
 * crm_cadence_complete:
 * @plan_next: also plan the next follow-up from the cadence, when the
 *   customer has an open deal and nothing else planned
 *
 * Marks a planned follow-up done (from a notification's Done button or
 * the quick log). A birthday or purchase anniversary done is planned again
 * for next year.
 *
 * Returns: the id of the follow-up planned next, 0 if none; -1 on error
 */
gint64
crm_cadence_complete (const CrmCadence  *self,
                      CrmStore          *store,
                      gint64             activity_id,
                      CrmOutcome         outcome,
                      const char        *note,
                      gboolean           plan_next,
                      gint64             now,
                      GError           **error)
{
  g_autoptr(CrmActivity) done = crm_followup_store_get (crm_store_get_followup_store (store), activity_id, error);
  g_autofree char *care = NULL;
  gint64 next_id = 0;

  if (done == NULL)
    return -1;

  care = crm_followup_store_get_care (crm_store_get_followup_store (store), activity_id);

  if (!crm_store_begin (store, error))
    return -1;

  if (!crm_followup_store_complete (crm_store_get_followup_store (store), activity_id, outcome, note, now, error))
    {
      crm_store_rollback (store);
      return -1;
    }

  if (g_strcmp0 (care, "birthday") == 0 || g_strcmp0 (care, "anniversary") == 0)
    {
      g_autoptr(CrmActivity) again = crm_activity_new ();

      crm_activity_set_customer_id (again, crm_activity_get_customer_id (done));
      crm_activity_set_deal_id (again, crm_activity_get_deal_id (done));
      crm_activity_set_kind (again, crm_activity_get_kind (done));
      crm_activity_set_planned_at (again, local_later (self, g_date_time_add_years, crm_activity_get_planned_at (done), 1));
      crm_activity_set_purpose (again, crm_activity_get_purpose (done));
      crm_activity_set_staff_id (again, crm_activity_get_staff_id (done));
      next_id = crm_followup_store_insert_care (crm_store_get_followup_store (store), again, care, error);
      if (next_id == 0)
        {
          crm_store_rollback (store);
          return -1;
        }
    }
  else if (plan_next && care == NULL &&
           crm_followup_store_get_open_id (crm_store_get_followup_store (store), crm_activity_get_customer_id (done)) == 0)
    {
      g_autoptr(CrmActivity) next =
        crm_cadence_propose_for_customer (self, store, crm_activity_get_customer_id (done),
                                          outcome, now);

      if (next != NULL && (next_id = crm_followup_store_insert (crm_store_get_followup_store (store), next, error)) == 0)
        {
          crm_store_rollback (store);
          return -1;
        }
    }

  if (!crm_store_commit (store, error))
    return -1;
  return next_id;
}

/**
 * crm_cadence_replan:
 *
 * After the customer's grade changed: the next follow-up moves to what the
 * new grade asks for, counted from the last contact (or from now when
 * that is already past). A customer with an open deal and nothing planned
 * gets a follow-up.
 */
gboolean
crm_cadence_replan (const CrmCadence  *self,
                    CrmStore          *store,
                    gint64             customer_id,
                    gint64             now,
                    GError           **error)
{
  g_autoptr(CrmCustomer) customer = crm_customer_store_get (crm_store_get_customer_store (store), customer_id, error);
  g_autoptr(CrmActivity) next = NULL;
  g_autofree char *purpose = NULL;
  gint64 open_id;
  gint64 base, planned;
  CrmGrade grade;
  int days;

  if (customer == NULL)
    return FALSE;

  grade = crm_customer_get_grade (customer);
  days = self->interval_days[grade];
  base = crm_customer_get_last_contact_at (customer);
  if (base <= 0)
    base = now;
  planned = local_later (self, g_date_time_add_days, base, days);
  if (planned < now)
    planned = now;
  planned = crm_cadence_fit_opening_hours (self, planned);
  purpose = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "Grade %s: follow up every day",
                                          "Grade %s: follow up every %d days", days),
                             crm_grade_get_label (grade), days);

  open_id = crm_followup_store_get_open_id (crm_store_get_followup_store (store), customer_id);
  if (open_id != 0)
    {
      next = crm_followup_store_get (crm_store_get_followup_store (store), open_id, error);
      if (next == NULL)
        return FALSE;
      if (crm_activity_get_planned_at (next) == planned)
        return TRUE;
      crm_activity_set_planned_at (next, planned);
      crm_activity_set_purpose (next, purpose);
      return crm_followup_store_update (crm_store_get_followup_store (store), next, error);
    }

  next = crm_cadence_propose_for_customer (self, store, customer_id, CRM_OUTCOME_NONE, now);
  if (next == NULL)
    return TRUE;
  crm_activity_set_planned_at (next, planned);
  crm_activity_set_purpose (next, purpose);
  return crm_followup_store_insert (crm_store_get_followup_store (store), next, error) != 0;
}

/**
 * crm_cadence_next_birthday:
 * @birthday: "YYYY-MM-DD"
 *
 * Returns: 10:00 showroom time on the first birthday after @after, or 0
 *   when @birthday cannot be read. 29 February is kept on 28 February in
 *   other years.
 */
gint64
crm_cadence_next_birthday (const CrmCadence *self,
                           const char       *birthday,
                           gint64            after)
{
  g_autoptr(GDateTime) now = crm_time_in_zone (self->zone, after);
  int y, m, d;

  if (birthday == NULL || sscanf (birthday, "%d-%d-%d", &y, &m, &d) != 3 ||
      m < 1 || m > 12 || d < 1 || d > 31)
    return 0;

  for (int year = g_date_time_get_year (now); year <= g_date_time_get_year (now) + 1; year++)
    {
      int day = MIN (d, g_date_get_days_in_month (m, year));
      g_autoptr(GDateTime) t = g_date_time_new (self->zone, year, m, day, 10, 0, 0);

      if (t != NULL && g_date_time_to_unix (t) > after)
        return g_date_time_to_unix (t);
    }
  return 0;
}

static gboolean
plan_care (gint64        not_before,
           CrmStore     *store,
           gint64        customer_id,
           gint64        deal_id,
           gint64        staff_id,
           const char   *care,
           CrmActivityKind kind,
           gint64        planned_at,
           const char   *purpose,
           guint        *n_planned,
           GError      **error)
{
  g_autoptr(CrmActivity) activity = NULL;

  if (planned_at < not_before)
    return TRUE;

  activity = crm_activity_new ();
  crm_activity_set_customer_id (activity, customer_id);
  crm_activity_set_deal_id (activity, deal_id);
  crm_activity_set_kind (activity, kind);
  crm_activity_set_planned_at (activity, planned_at);
  crm_activity_set_purpose (activity, purpose);
  crm_activity_set_staff_id (activity, staff_id);
  if (crm_followup_store_insert_care (crm_store_get_followup_store (store), activity, care, error) == 0)
    return FALSE;
  (*n_planned)++;
  return TRUE;
}

/**
 * crm_cadence_plan_care:
 * @delivered_at: when the car was handed over
 * @not_before: care due before this is left out (0 = plan everything)
 *
 * Plans the after-sales contacts of a deal that reached Delivered: calls
 * on day 3 and after one month, the first service (months or kilometres,
 * whichever first), the purchase anniversary and the customer's next
 * birthday. A deal whose care is planned already is left alone.
 *
 * Returns: how many follow-ups were planned; 0 with @error set on failure
 */
guint
crm_cadence_plan_care (const CrmCadence  *self,
                       CrmStore          *store,
                       gint64             deal_id,
                       gint64             delivered_at,
                       gint64             not_before,
                       GError           **error)
{
  g_autoptr(CrmCustomer) customer = NULL;
  g_autofree char *service = NULL;
  gint64 customer_id = 0, owner_id = 0;
  CrmStage stage;
  guint n = 0;
  gboolean ok;

  /* Every desktop of a showroom sees the delivery and may call this at
   * the same moment: what it decides on is read under the write lock, so
   * the second finds the care planned and leaves it */
  if (!crm_store_begin (store, error))
    return 0;

  if (!crm_followup_store_get_deal_summary (crm_store_get_followup_store (store), deal_id, &customer_id, &owner_id, &stage))
    {
      /* Nothing written: ending it so does not doom a caller's
       * transaction, as a rollback inside it would */
      crm_store_commit (store, NULL);
      g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND, _("This deal no longer exists."));
      return 0;
    }
  if (stage != CRM_STAGE_DELIVERED || crm_followup_store_deal_has_care (crm_store_get_followup_store (store), deal_id) ||
      (customer = crm_customer_store_get (crm_store_get_customer_store (store), customer_id, error)) == NULL)
    {
      crm_store_commit (store, NULL);
      return 0;
    }
  if (owner_id == 0)
    owner_id = crm_customer_get_owner_id (customer);

  service = g_strdup_printf (_("First service due (%d km or %d months)"),
                             self->service_km, self->service_months);

  ok = plan_care (not_before, store, customer_id, deal_id, owner_id, "after-sales", CRM_ACTIVITY_CALL,
                  on_its_day (self, local_later (self, g_date_time_add_days, delivered_at, 3)),
                  _("After delivery: day 3 call"), &n, error) &&
       plan_care (not_before, store, customer_id, deal_id, owner_id, "after-sales", CRM_ACTIVITY_CALL,
                  on_its_day (self, local_later (self, g_date_time_add_months, delivered_at, 1)),
                  _("After delivery: one-month call"), &n, error) &&
       plan_care (not_before, store, customer_id, deal_id, owner_id, "service", CRM_ACTIVITY_CALL,
                  on_its_day (self, local_later (self, g_date_time_add_months, delivered_at, self->service_months)
                                    - 7 * DAY),
                  service, &n, error) &&
       plan_care (not_before, store, customer_id, deal_id, owner_id, "anniversary", CRM_ACTIVITY_WECHAT,
                  on_its_day (self, local_later (self, g_date_time_add_months, delivered_at, 12)),
                  _("Purchase anniversary"), &n, error);

  if (ok && crm_customer_get_birthday (customer) != NULL &&
      !crm_followup_store_has_open_care (crm_store_get_followup_store (store), customer_id, "birthday"))
    {
      gint64 t = crm_cadence_next_birthday (self, crm_customer_get_birthday (customer), delivered_at);

      if (t > 0)
        ok = plan_care (not_before, store, customer_id, deal_id, owner_id, "birthday", CRM_ACTIVITY_WECHAT,
                        t, _("Birthday greetings"), &n, error);
    }

  return crm_store_finish_write (store, ok, error) ? n : 0;
}

/**
 * crm_cadence_plan_birthdays:
 *
 * Every customer who bought a car and whose birthday is known has their
 * next birthday planned (run at start and once a day; a birthday done is
 * planned again for next year by crm_cadence_complete()).
 *
 * Returns: how many were planned
 */
guint
crm_cadence_plan_birthdays (const CrmCadence  *self,
                            CrmStore          *store,
                            gint64             now,
                            GError           **error)
{
  g_autoptr(GArray) ids = crm_followup_store_query_delivered_customer_ids (crm_store_get_followup_store (store), error);
  guint n = 0;

  if (ids == NULL || ids->len == 0)
    return 0;

  if (!crm_store_begin (store, error))
    return 0;

  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      g_autoptr(CrmCustomer) customer = NULL;
      gint64 t;

      if (crm_followup_store_has_open_care (crm_store_get_followup_store (store), id, "birthday"))
        continue;
      customer = crm_customer_store_get (crm_store_get_customer_store (store), id, NULL);
      if (customer == NULL)
        continue;
      t = crm_cadence_next_birthday (self, crm_customer_get_birthday (customer), now);
      if (t > 0 &&
          !plan_care (0, store, id, 0, crm_customer_get_owner_id (customer), "birthday",
                      CRM_ACTIVITY_WECHAT, t, _("Birthday greetings"), &n, error))
        {
          crm_store_rollback (store);
          return 0;
        }
    }

  return crm_store_commit (store, error) ? n : 0;
}

/**
 * crm_cadence_sweep_birthdays:
 *
 * The birthday sweep (crm_cadence_plan_birthdays(), a safety net: a
 * delivery or a birthday entered plans the greeting itself) once a day
 * per showroom, not at every start of every desktop: on 100,000 customers
 * it reads every buyer's follow-ups. The day it last ran is a rule in the
 * database, read and written in the sweep's own write transaction, and on
 * a server one desktop sweeps at a time (crm_store_try_job()).
 *
 * Returns: how many were planned (0 when the showroom was swept today)
 */
guint
crm_cadence_sweep_birthdays (const CrmCadence  *self,
                             CrmStore          *store,
                             gint64             now,
                             GError           **error)
{
  g_autoptr(GDateTime) t = crm_time_in_zone (crm_store_get_time_zone (store), now);
  g_autofree char *today = g_date_time_format (t, "%Y-%m-%d");
  g_autofree char *swept = NULL;
  GError *local_error = NULL;
  guint n = 0;
  gboolean ok;

  if (!crm_store_try_job (store, CRM_STORE_JOB_BIRTHDAYS))
    return 0;
  if (!crm_store_begin (store, error))
    {
      crm_store_end_job (store, CRM_STORE_JOB_BIRTHDAYS);
      return 0;
    }

  swept = crm_store_dup_meta (store, "care.birthdays-swept-on");
  if (g_strcmp0 (swept, today) == 0)
    {
      crm_store_commit (store, NULL);
      crm_store_end_job (store, CRM_STORE_JOB_BIRTHDAYS);
      return 0;
    }

  n = crm_cadence_plan_birthdays (self, store, now, &local_error);
  ok = local_error == NULL && crm_store_set_meta (store, "care.birthdays-swept-on", today, &local_error);
  if (local_error != NULL)
    g_propagate_error (error, local_error);
  ok = crm_store_finish_write (store, ok, error);
  crm_store_end_job (store, CRM_STORE_JOB_BIRTHDAYS);
  return ok ? n : 0;
}
