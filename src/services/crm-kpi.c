/* crm-kpi.c: the dashboard's figures over a date range
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two kinds of figures, chosen deliberately:
 *  - cohort figures follow the leads of the range (deals created in it)
 *    to wherever they got since, at any time up to now: the funnel and its
 *    rates, leads by channel, the leaderboard's leads and order rate;
 *  - event figures count what happened in the range, whatever the deal's
 *    age: orders (first move to Ordered), revenue, cycle time, lost rate,
 *    time in stage (stays that ended), follow-up punctuality.
 * Overdue follow-ups are "now", whatever the range.
 * The definitions below are the tooltips and the help page's text.
 */
#define G_LOG_DOMAIN "crm-kpi"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "crm-format.h"
#include "crm-kpi.h"

#define DAY (24 * 60 * 60)

static const struct
{
  const char *label;
  const char *definition;
} figures[CRM_KPI_N_FIGURES] = {
  [CRM_KPI_LEADS] = {
    N_("Leads"),
    N_("Deals created in the period (a customer with two deals counts twice), of customers not deleted.") },
  [CRM_KPI_INVITATION_RATE] = {
    N_("Invitation rate"),
    N_("Leads of the period whose stage history reached Invited or a later stage (Visited, Test drive, Negotiation, Ordered, Delivered) at any time up to now, divided by the leads of the period.") },
  [CRM_KPI_VISIT_RATE] = {
    N_("Visit rate"),
    N_("Leads of the period that reached Visited or a later stage at any time, divided by the leads of the period.") },
  [CRM_KPI_TEST_DRIVE_RATE] = {
    N_("Test-drive rate"),
    N_("Leads of the period that reached Test drive or a later stage, divided by the leads of the period that reached Visited.") },
  [CRM_KPI_ORDER_RATE] = {
    N_("Order rate"),
    N_("Leads of the period that reached Ordered (or Delivered), divided by the leads of the period that reached Visited.") },
  [CRM_KPI_ORDER_RATE_LEADS] = {
    N_("Order rate of leads"),
    N_("Leads of the period that reached Ordered (or Delivered), divided by all leads of the period.") },
  [CRM_KPI_LOST_RATE] = {
    N_("Lost rate"),
    N_("Deals closed as Lost in the period (their last move to Lost is in the period and they are still Lost: a deal reopened is not counted), divided by the deals closed in the period: those Lost ones plus the deals first ordered in the period, each deal once. Invalid leads are not closed deals.") },
  [CRM_KPI_ORDERS] = {
    N_("Orders"),
    N_("Deals whose first move to Ordered is in the period, whenever they were created. A deal ordered again after being reopened counts once, at its first order.") },
  [CRM_KPI_REVENUE] = {
    N_("Revenue"),
    N_("The agreed prices of the orders of the period (deals first ordered in the period), added up. Deals without an agreed price add nothing.") },
  [CRM_KPI_GROSS_PROFIT] = {
    N_("Gross profit per unit"),
    N_("Sale price minus cost and discounts, plus finance, insurance and accessory income, per car. Not yet recorded: orders carry no cost yet.") },
  [CRM_KPI_CYCLE_AVERAGE] = {
    N_("Average cycle"),
    N_("For the orders of the period: the days from the lead’s creation to its first move to Ordered, averaged.") },
  [CRM_KPI_CYCLE_MEDIAN] = {
    N_("Median cycle"),
    N_("For the orders of the period: the middle value of the days from the lead’s creation to its first move to Ordered (the mean of the two middle values for an even count).") },
  [CRM_KPI_PUNCTUALITY] = {
    N_("Follow-ups on time"),
    N_("Follow-ups planned in the period and done no later than one hour after their planned time, divided by the follow-ups due in the period (planned in the period and either done or more than an hour past their planned time now).") },
  [CRM_KPI_OVERDUE] = {
    N_("Overdue follow-ups"),
    N_("Follow-ups planned before now and not done, today, whatever the period.") },
  [CRM_KPI_FUNNEL] = {
    N_("Conversion funnel"),
    N_("The leads of the period and how many of them reached each stage or a later one at any time up to now, from the stage history; each step shows its share of the step before.") },
  [CRM_KPI_CHANNELS] = {
    N_("Channels"),
    N_("Leads of the period by the customer’s channel, and the share of each channel’s leads that reached Ordered.") },
  [CRM_KPI_TREND] = {
    N_("Trend"),
    N_("Leads created and first orders per week (Monday to Sunday) over the twelve weeks up to the end of the period, or per month for periods longer than four months.") },
  [CRM_KPI_STAGE_TIME] = {
    N_("Time in stage"),
    N_("For every stay in a stage that ended in the period (the deal moved on, back or out): the days between entering the stage and leaving it, averaged per stage. A stage visited twice counts twice.") },
  [CRM_KPI_LEADERBOARD] = {
    N_("Sales consultants"),
    N_("Per deal owner: leads of the period, orders of the period (first moves to Ordered), the order rate of his or her leads of the period (reached Ordered ÷ leads) and follow-ups overdue now.") },
  [CRM_KPI_LOST_REASONS] = {
    N_("Lost reasons"),
    N_("The deals closed as Lost in the period, by the reason recorded.") },
};

static const char * const step_labels[CRM_KPI_N_STEPS] = {
  NC_("funnel", "Leads"), NC_("funnel", "Invited"), NC_("funnel", "Visited"),
  NC_("funnel", "Test drive"), NC_("funnel", "Ordered"), NC_("funnel", "Delivered"),
};

static const char * const range_labels[CRM_KPI_N_RANGES] = {
  N_("This week"), N_("This month"), N_("Last 30 days"), N_("Last 90 days"),
  N_("This quarter"), N_("Custom"),
};

/* Days, weeks and months are the showroom's, in its time zone */
static GDateTime *
local_midnight (GTimeZone *zone,
                int        year,
                int        month,
                int        day)
{
  return g_date_time_new (zone, year, month, day, 0, 0, 0);
}

/* @dt is in the showroom's zone */
static GDateTime *
week_start (GDateTime *dt)
{
  g_autoptr(GDateTime) day = local_midnight (g_date_time_get_timezone (dt),
                                             g_date_time_get_year (dt),
                                             g_date_time_get_month (dt),
                                             g_date_time_get_day_of_month (dt));

  return g_date_time_add_days (day, 1 - g_date_time_get_day_of_week (day));
}

/**
 * crm_kpi_range_bounds:
 * @zone: the showroom's time zone (crm_store_get_time_zone())
 * @now: UTC seconds
 * @custom_from: (nullable): first day of a custom range
 * @custom_to: (nullable): last day of a custom range (included)
 * @start: (out): UTC seconds of the first midnight of the range
 * @end: (out): UTC seconds of the midnight after its last day
 *
 * Ranges are whole days of the showroom's, midnight to midnight in
 * @zone whatever the desktop's zone: this week starts on Monday; the last 30
 * and 90 days end with today; this month and quarter end with their last
 * day (the future part is simply empty).
 *
 * Returns: %FALSE for a custom range without valid dates in order
 */
gboolean
crm_kpi_range_bounds (CrmKpiRange  range,
                      GTimeZone   *zone,
                      gint64       now,
                      const GDate *custom_from,
                      const GDate *custom_to,
                      gint64      *start,
                      gint64      *end)
{
  g_autoptr(GDateTime) local = crm_time_in_zone (zone, now);
  g_autoptr(GDateTime) today = local_midnight (zone, g_date_time_get_year (local),
                                               g_date_time_get_month (local),
                                               g_date_time_get_day_of_month (local));
  g_autoptr(GDateTime) first = NULL;
  g_autoptr(GDateTime) after = NULL;
  int year = g_date_time_get_year (local);
  int month = g_date_time_get_month (local);

  switch (range)
    {
    case CRM_KPI_RANGE_THIS_WEEK:
      first = week_start (local);
      after = g_date_time_add_weeks (first, 1);
      break;
    case CRM_KPI_RANGE_THIS_MONTH:
      first = local_midnight (zone, year, month, 1);
      after = g_date_time_add_months (first, 1);
      break;
    case CRM_KPI_RANGE_LAST_30_DAYS:
      first = g_date_time_add_days (today, -29);
      after = g_date_time_add_days (today, 1);
      break;
    case CRM_KPI_RANGE_LAST_90_DAYS:
      first = g_date_time_add_days (today, -89);
      after = g_date_time_add_days (today, 1);
      break;
    case CRM_KPI_RANGE_THIS_QUARTER:
      first = local_midnight (zone, year, (month - 1) / 3 * 3 + 1, 1);
      after = g_date_time_add_months (first, 3);
      break;
    case CRM_KPI_RANGE_CUSTOM:
    default:
      if (custom_from == NULL || custom_to == NULL ||
          !g_date_valid (custom_from) || !g_date_valid (custom_to) ||
          g_date_compare (custom_from, custom_to) > 0)
        return FALSE;
      first = local_midnight (zone, g_date_get_year (custom_from), g_date_get_month (custom_from),
                              g_date_get_day (custom_from));
      {
        g_autoptr(GDateTime) last = local_midnight (zone, g_date_get_year (custom_to),
                                                    g_date_get_month (custom_to),
                                                    g_date_get_day (custom_to));
        after = g_date_time_add_days (last, 1);
      }
      break;
    }

  *start = g_date_time_to_unix (first);
  *end = g_date_time_to_unix (after);
  return TRUE;
}

const char *
crm_kpi_range_get_label (CrmKpiRange range)
{
  g_return_val_if_fail (range < CRM_KPI_N_RANGES, "");
  return _(range_labels[range]);
}

const char *
crm_kpi_figure_get_label (CrmKpiFigure figure)
{
  g_return_val_if_fail (figure < CRM_KPI_N_FIGURES, "");
  return _(figures[figure].label);
}

const char *
crm_kpi_figure_get_definition (CrmKpiFigure figure)
{
  g_return_val_if_fail (figure < CRM_KPI_N_FIGURES, "");
  return _(figures[figure].definition);
}

const char *
crm_kpi_step_get_label (CrmKpiStep step)
{
  g_return_val_if_fail (step < CRM_KPI_N_STEPS, "");
  return g_dpgettext2 (NULL, "funnel", step_labels[step]);
}

/**
 * crm_kpi_ratio:
 *
 * Returns: @part ÷ @whole, or -1 when @whole is 0 (no rate to show)
 */
double
crm_kpi_ratio (guint part,
               guint whole)
{
  return whole == 0 ? -1.0 : (double) part / whole;
}

static void
rep_free (gpointer data)
{
  CrmKpiRep *rep = data;

  g_free (rep->name);
  g_free (rep);
}

void
crm_kpi_report_free (CrmKpiReport *report)
{
  if (report == NULL)
    return;
  g_clear_pointer (&report->trend, g_array_unref);
  g_clear_pointer (&report->reps, g_ptr_array_unref);
  g_clear_pointer (&report->zone, g_time_zone_unref);
  g_free (report);
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static int
compare_reps (gconstpointer a,
              gconstpointer b)
{
  const CrmKpiRep *x = *(CrmKpiRep * const *) a;
  const CrmKpiRep *y = *(CrmKpiRep * const *) b;

  if (x->orders != y->orders)
    return x->orders > y->orders ? -1 : 1;
  if (x->leads != y->leads)
    return x->leads > y->leads ? -1 : 1;
  return (x->staff_id > y->staff_id) - (x->staff_id < y->staff_id);
}

/* Buckets of the trend: weeks (Monday 00:00 in the showroom) over the twelve weeks
 * up to the end of the range, or months for a range longer than ~4 months */
static void
build_trend (CrmKpiReport *report)
{
  g_autoptr(GDateTime) first = NULL;
  g_autoptr(GDateTime) stop = NULL;
  g_autoptr(GDateTime) cursor = NULL;
  g_autoptr(GDateTime) last = crm_time_in_zone (report->zone, report->end - 1);

  report->trend = g_array_new (FALSE, TRUE, sizeof (CrmKpiTrendPoint));
  report->trend_monthly = report->end - report->start > 120 * DAY;

  if (report->trend_monthly)
    {
      g_autoptr(GDateTime) s = crm_time_in_zone (report->zone, report->start);

      g_autoptr(GDateTime) last_month = NULL;

      first = local_midnight (report->zone, g_date_time_get_year (s), g_date_time_get_month (s), 1);
      last_month = local_midnight (report->zone, g_date_time_get_year (last), g_date_time_get_month (last), 1);
      stop = g_date_time_add_months (last_month, 1);
    }
  else
    {
      g_autoptr(GDateTime) s = crm_time_in_zone (report->zone, report->start);
      g_autoptr(GDateTime) range_week = week_start (s);
      g_autoptr(GDateTime) last_week = week_start (last);
      g_autoptr(GDateTime) twelve = g_date_time_add_weeks (last_week, -11);

      first = g_date_time_compare (range_week, twelve) < 0 ? g_date_time_ref (range_week)
                                                           : g_date_time_ref (twelve);
      stop = g_date_time_add_weeks (last_week, 1);
    }

  cursor = g_date_time_ref (first);
  while (g_date_time_compare (cursor, stop) < 0)
    {
      GDateTime *next = report->trend_monthly ? g_date_time_add_months (cursor, 1)
                                              : g_date_time_add_weeks (cursor, 1);
      CrmKpiTrendPoint point = { g_date_time_to_unix (cursor), g_date_time_to_unix (next), 0, 0 };

      g_array_append_val (report->trend, point);
      g_date_time_unref (cursor);
      cursor = next;
    }
}

static CrmKpiTrendPoint *
trend_point_at (CrmKpiReport *report,
                gint64        t)
{
  guint lo = 0, hi = report->trend->len;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;
      CrmKpiTrendPoint *p = &g_array_index (report->trend, CrmKpiTrendPoint, mid);

      if (t < p->start)
        hi = mid;
      else if (t >= p->end)
        lo = mid + 1;
      else
        return p;
    }
  return NULL;
}

static CrmKpiRep *
rep_for (GHashTable *reps,
         gint64      staff_id)
{
  CrmKpiRep *rep = g_hash_table_lookup (reps, &staff_id);

  if (rep == NULL)
    {
      rep = g_new0 (CrmKpiRep, 1);
      rep->staff_id = staff_id;
      g_hash_table_insert (reps, &rep->staff_id, rep);
    }
  return rep;
}

/**
 * crm_kpi_compute:
 * @start: UTC seconds, included
 * @end: UTC seconds, excluded
 * @owner_id: 0 for the whole showroom, else one deal owner
 * @now: what "now" is (overdue follow-ups, follow-ups due)
 *
 * Returns: (transfer full): every figure of the dashboard, or %NULL with
 *   @error set
 */
CrmKpiReport *
crm_kpi_compute (CrmStore  *store,
                 gint64     start,
                 gint64     end,
                 gint64     owner_id,
                 gint64     now,
                 GError   **error)
{
  /* Owned by hand, not g_autoptr: the static analyser (scan-build) does
   * not see cleanup attributes and would report the error path as a leak */
  CrmKpiReport *report;
  static const int reach_of_step[CRM_KPI_N_STEPS] = { 0, 1, 2, 3, 5, 6 };
  g_autoptr(GArray) leads = NULL;
  g_autoptr(GArray) orders = NULL;
  g_autoptr(GArray) overdue = NULL;
  g_autoptr(GArray) cycles = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GHashTable) reps = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, rep_free);
  g_autoptr(GListModel) staff = NULL;
  CrmKpiCounts counts;
  gint64 trend_start, trend_end, window_start, window_end;
  double cycle_sum = 0;
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (CRM_IS_STORE (store), NULL);
  g_return_val_if_fail (start < end, NULL);

  report = g_new0 (CrmKpiReport, 1);
  report->start = start;
  report->end = end;
  report->owner_id = owner_id;
  report->now = now;
  report->zone = g_time_zone_ref (crm_store_get_time_zone (store));
  build_trend (report);
  trend_start = g_array_index (report->trend, CrmKpiTrendPoint, 0).start;
  trend_end = g_array_index (report->trend, CrmKpiTrendPoint, report->trend->len - 1).end;
  window_start = MIN (start, trend_start);
  window_end = MAX (end, trend_end);
  report->window_start = window_start;
  report->window_end = window_end;

  /* leads and orders over the range and the trend's weeks at once */
  if (!crm_kpi_store_read (crm_store_get_kpi_store (store), window_start, window_end, start, end,
                           owner_id, now, &leads, &orders, &counts, &overdue, error))
    {
      crm_kpi_report_free (report);
      return NULL;
    }

  /* The cohort: funnel, channels, the reps' leads; and the trend's leads */
  for (guint i = 0; i < leads->len; i++)
    {
      CrmKpiLeadRow *row = &g_array_index (leads, CrmKpiLeadRow, i);
      CrmKpiTrendPoint *point = trend_point_at (report, row->created_at);
      gboolean ordered = row->reach >= reach_of_step[CRM_KPI_STEP_ORDERED];
      CrmKpiRep *rep;

      if (point != NULL)
        point->leads++;
      if (row->created_at < start || row->created_at >= end)
        continue;

      for (guint s = 0; s < CRM_KPI_N_STEPS; s++)
        if (row->reach >= reach_of_step[s])
          report->funnel[s]++;
      report->channel_leads[row->channel]++;
      report->channel_ordered[row->channel] += ordered;
      rep = rep_for (reps, row->owner_id);
      rep->leads++;
      rep->ordered += ordered;
    }

  /* Orders: those of the range, and those of each week or month */
  for (guint i = 0; i < orders->len; i++)
    {
      CrmKpiOrderRow *row = &g_array_index (orders, CrmKpiOrderRow, i);
      CrmKpiTrendPoint *point = trend_point_at (report, row->ordered_at);
      gint64 cycle = row->ordered_at - row->created_at;

      if (point != NULL)
        point->orders++;
      if (row->ordered_at < start || row->ordered_at >= end)
        continue;

      report->orders++;
      report->revenue += row->price;
      rep_for (reps, row->owner_id)->orders++;
      g_array_append_val (cycles, cycle);
      cycle_sum += cycle;
    }

  report->cycle_n = cycles->len;
  report->cycle_average_days = report->cycle_median_days = -1;
  if (cycles->len > 0)
    {
      guint n = cycles->len;

      g_array_sort (cycles, compare_gint64);
      report->cycle_average_days = cycle_sum / n / DAY;
      if (n % 2 == 1)
        report->cycle_median_days = (double) g_array_index (cycles, gint64, n / 2) / DAY;
      else
        report->cycle_median_days = ((double) g_array_index (cycles, gint64, n / 2 - 1) +
                                     (double) g_array_index (cycles, gint64, n / 2)) / 2 / DAY;
    }

  /* No cost data yet: the place is here, the value unknown */
  report->gross_profit_known = FALSE;

  report->lost = counts.n_lost;
  report->closed = counts.n_lost + report->orders - counts.n_lost_and_won;
  memcpy (report->lost_by_reason, counts.by_reason, sizeof report->lost_by_reason);

  for (guint s = 0; s < CRM_N_STAGES; s++)
    {
      report->stays[s] = counts.stays[s];
      report->stage_days[s] = counts.stays[s] ? (double) counts.stay_seconds[s] / counts.stays[s] / DAY : -1;
    }

  report->followups_due = counts.followups_due;
  report->followups_on_time = counts.followups_on_time;

  for (guint i = 0; i < overdue->len; i++)
    {
      CrmKpiOverdueRow *row = &g_array_index (overdue, CrmKpiOverdueRow, i);

      report->overdue += row->overdue;
      if (row->staff_id != 0)
        rep_for (reps, row->staff_id)->overdue += row->overdue;
    }

  /* The leaderboard: every active sales consultant (or the one in scope),
   * and anyone else who owns leads or orders of the range */
  staff = crm_staff_store_list (crm_store_get_staff_store (store), FALSE);
  for (guint i = 0; i < g_list_model_get_n_items (staff); i++)
    {
      g_autoptr(CrmStaff) member = g_list_model_get_item (staff, i);
      gint64 id = crm_staff_get_id (member);
      CrmKpiRep *rep = g_hash_table_lookup (reps, &id);

      if (owner_id != 0 && id != owner_id)
        continue;
      if (rep == NULL && crm_staff_get_role (member) == CRM_ROLE_SALES && crm_staff_get_active (member))
        rep = rep_for (reps, id);
      if (rep != NULL)
        rep->name = g_strdup (crm_staff_get_name (member));
    }

  report->reps = g_ptr_array_new_with_free_func (rep_free);
  g_hash_table_iter_init (&iter, reps);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      CrmKpiRep *rep = value;

      if (owner_id != 0 && rep->staff_id != owner_id)
        continue;
      /* reception and managers appear only for what they own */
      if (rep->leads == 0 && rep->orders == 0 && rep->name == NULL)
        continue;
      if (rep->staff_id == 0 && rep->leads == 0 && rep->orders == 0)
        continue;
      if (rep->name == NULL)
        rep->name = g_strdup (rep->staff_id == 0 ? _("Unassigned") : "?");
      g_hash_table_iter_steal (&iter);
      g_ptr_array_add (report->reps, rep);
    }
  g_ptr_array_sort (report->reps, compare_reps);

  return report;
}

typedef struct
{
  char     *path;
  CrmClock *clock;
  gint64    start;
  gint64    end;
  gint64    owner_id;
  gint64    now;
} ComputeData;

static void
compute_data_free (gpointer data)
{
  ComputeData *d = data;

  g_free (d->path);
  g_clear_object (&d->clock);
  g_free (d);
}

/* The worker has a connection of its own: the store's statements belong
 * to the main thread */
static void
compute_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ComputeData *d = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmStore) store = NULL;
  CrmKpiReport *report = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  store = crm_store_open (d->path, d->clock, &error);
  if (store != NULL)
    report = crm_kpi_compute (store, d->start, d->end, d->owner_id, d->now, &error);
  if (report != NULL)
    g_task_return_pointer (task, report, (GDestroyNotify) crm_kpi_report_free);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

/**
 * crm_kpi_compute_async:
 *
 * crm_kpi_compute() in a worker thread on a connection of its own (a
 * 90-day report on 100,000 customers takes some 80 ms).
 */
void
crm_kpi_compute_async (CrmStore            *store,
                       gint64               start,
                       gint64               end,
                       gint64               owner_id,
                       gint64               now,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ComputeData *d;

  g_return_if_fail (CRM_IS_STORE (store));

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, crm_kpi_compute_async);
  d = g_new0 (ComputeData, 1);
  d->path = g_strdup (crm_store_get_path (store));
  d->clock = g_object_ref (crm_store_get_clock (store));
  d->start = start;
  d->end = end;
  d->owner_id = owner_id;
  d->now = now;
  g_task_set_task_data (task, d, compute_data_free);
  g_task_run_in_thread (task, compute_thread);
}

/**
 * crm_kpi_compute_finish:
 *
 * Returns: (transfer full): the report, or %NULL with @error set
 */
CrmKpiReport *
crm_kpi_compute_finish (CrmStore      *store,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * crm_kpi_report_get_rate:
 *
 * Returns: the rate @figure (a share between 0 and 1), or -1 when there
 *   is nothing to divide by or @figure is not a rate
 */
double
crm_kpi_report_get_rate (CrmKpiReport *report,
                         CrmKpiFigure  figure)
{
  const guint *f = report->funnel;

  switch (figure)
    {
    case CRM_KPI_INVITATION_RATE:
      return crm_kpi_ratio (f[CRM_KPI_STEP_INVITED], f[CRM_KPI_STEP_LEADS]);
    case CRM_KPI_VISIT_RATE:
      return crm_kpi_ratio (f[CRM_KPI_STEP_VISITED], f[CRM_KPI_STEP_LEADS]);
    case CRM_KPI_TEST_DRIVE_RATE:
      return crm_kpi_ratio (f[CRM_KPI_STEP_TEST_DRIVE], f[CRM_KPI_STEP_VISITED]);
    case CRM_KPI_ORDER_RATE:
      return crm_kpi_ratio (f[CRM_KPI_STEP_ORDERED], f[CRM_KPI_STEP_VISITED]);
    case CRM_KPI_ORDER_RATE_LEADS:
      return crm_kpi_ratio (f[CRM_KPI_STEP_ORDERED], f[CRM_KPI_STEP_LEADS]);
    case CRM_KPI_LOST_RATE:
      return crm_kpi_ratio (report->lost, report->closed);
    case CRM_KPI_PUNCTUALITY:
      return crm_kpi_ratio (report->followups_on_time, report->followups_due);
    default:
      return -1;
    }
}

char *
crm_kpi_format_rate (double rate)
{
  if (rate < 0)
    return g_strdup ("—");
  /* Translators: a percentage, e.g. "42.5 %" */
  return g_strdup_printf (_("%.1f %%"), rate * 100);
}

char *
crm_kpi_format_days (double days)
{
  if (days < 0)
    return g_strdup ("—");
  /* Translators: a duration in days, e.g. "3.5 days" */
  return g_strdup_printf (_("%.1f days"), days);
}

/**
 * crm_kpi_report_format:
 *
 * Returns: (transfer full): the single number @figure as shown on the
 *   dashboard ("—" when there is nothing to show)
 */
char *
crm_kpi_report_format (CrmKpiReport *report,
                       CrmKpiFigure  figure)
{
  g_return_val_if_fail (report != NULL, NULL);

  switch (figure)
    {
    case CRM_KPI_LEADS:
      return g_strdup_printf ("%u", report->funnel[CRM_KPI_STEP_LEADS]);
    case CRM_KPI_ORDERS:
      return g_strdup_printf ("%u", report->orders);
    case CRM_KPI_OVERDUE:
      return g_strdup_printf ("%u", report->overdue);
    case CRM_KPI_REVENUE:
      return crm_format_money (report->revenue);
    case CRM_KPI_GROSS_PROFIT:
      if (!report->gross_profit_known)
        return g_strdup (_("Not yet recorded"));
      return crm_format_money (report->gross_profit_per_unit);
    case CRM_KPI_CYCLE_AVERAGE:
      return crm_kpi_format_days (report->cycle_average_days);
    case CRM_KPI_CYCLE_MEDIAN:
      return crm_kpi_format_days (report->cycle_median_days);
    default:
      return crm_kpi_format_rate (crm_kpi_report_get_rate (report, figure));
    }
}

/**
 * crm_kpi_format_period:
 *
 * @zone: the showroom's time zone (a report's @zone)
 *
 * Returns: (transfer full): "2026-11-23 – 2026-11-29" in the showroom's days
 */
char *
crm_kpi_format_period (GTimeZone *zone,
                       gint64     start,
                       gint64     end)
{
  g_autoptr(GDateTime) first = crm_time_in_zone (zone, start);
  g_autoptr(GDateTime) last = crm_time_in_zone (zone, end - 1);
  g_autofree char *a = g_date_time_format (first, "%Y-%m-%d");
  g_autofree char *b = g_date_time_format (last, "%Y-%m-%d");

  return g_strdup_printf ("%s – %s", a, b);
}

/**
 * crm_kpi_format_period_for_display:
 *
 * The period as people read it, in their language: "Nov 23 – 29, 2026",
 * "2026年11月23日 – 29日" (crm_kpi_format_period() is the CSV's, ISO).
 *
 * Returns: (transfer full): the period, in the showroom's days
 */
char *
crm_kpi_format_period_for_display (GTimeZone *zone,
                                   gint64     start,
                                   gint64     end)
{
  g_autoptr(GDateTime) first = crm_time_in_zone (zone, start);
  g_autoptr(GDateTime) last = crm_time_in_zone (zone, end - 1);
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  if (g_date_time_get_year (first) != g_date_time_get_year (last))
    {
      /* Translators: a day with its year, see g_date_time_format(); Chinese: %Y年%-m月%-d日 */
      a = g_date_time_format (first, _("%b %-d, %Y"));
      b = g_date_time_format (last, _("%b %-d, %Y"));
      return g_strdup_printf ("%s – %s", a, b);
    }
  if (g_date_time_get_month (first) != g_date_time_get_month (last))
    {
      /* Translators: the first day of a period within one year; Chinese: %Y年%-m月%-d日 */
      a = g_date_time_format (first, C_("period start, same year", "%b %-d"));
      /* Translators: the last day of a period within one year; Chinese: %-m月%-d日 */
      b = g_date_time_format (last, C_("period end, same year", "%b %-d, %Y"));
      return g_strdup_printf ("%s – %s", a, b);
    }
  if (g_date_time_get_day_of_month (first) == g_date_time_get_day_of_month (last))
    return g_date_time_format (first, _("%b %-d, %Y"));
  /* Translators: the first day of a period within one month; Chinese: %Y年%-m月%-d日 */
  a = g_date_time_format (first, C_("period start, same month", "%b %-d"));
  /* Translators: the last day of a period within one month; Chinese: %-d日 */
  b = g_date_time_format (last, C_("period end, same month", "%-d, %Y"));
  return g_strdup_printf ("%s – %s", a, b);
}
