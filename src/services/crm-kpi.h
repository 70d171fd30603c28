/* crm-kpi.h: the dashboard's figures over a date range
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "crm-store.h"

G_BEGIN_DECLS

typedef enum
{
  CRM_KPI_RANGE_THIS_WEEK,     /*< nick=this-week >*/
  CRM_KPI_RANGE_THIS_MONTH,    /*< nick=this-month >*/
  CRM_KPI_RANGE_LAST_30_DAYS,  /*< nick=last-30-days >*/
  CRM_KPI_RANGE_LAST_90_DAYS,  /*< nick=last-90-days >*/
  CRM_KPI_RANGE_THIS_QUARTER,  /*< nick=this-quarter >*/
  CRM_KPI_RANGE_CUSTOM,        /*< nick=custom >*/
} CrmKpiRange;

#define CRM_KPI_N_RANGES 6

/* The steps of the conversion funnel */
typedef enum
{
  CRM_KPI_STEP_LEADS,
  CRM_KPI_STEP_INVITED,
  CRM_KPI_STEP_VISITED,
  CRM_KPI_STEP_TEST_DRIVE,
  CRM_KPI_STEP_ORDERED,
  CRM_KPI_STEP_DELIVERED,
} CrmKpiStep;

#define CRM_KPI_N_STEPS 6

/* Every number the dashboard shows; each has a label and a definition */
typedef enum
{
  CRM_KPI_LEADS,
  CRM_KPI_INVITATION_RATE,
  CRM_KPI_VISIT_RATE,
  CRM_KPI_TEST_DRIVE_RATE,
  CRM_KPI_ORDER_RATE,
  CRM_KPI_ORDER_RATE_LEADS,
  CRM_KPI_LOST_RATE,
  CRM_KPI_ORDERS,
  CRM_KPI_REVENUE,
  CRM_KPI_GROSS_PROFIT,
  CRM_KPI_CYCLE_AVERAGE,
  CRM_KPI_CYCLE_MEDIAN,
  CRM_KPI_PUNCTUALITY,
  CRM_KPI_OVERDUE,
  CRM_KPI_FUNNEL,
  CRM_KPI_CHANNELS,
  CRM_KPI_TREND,
  CRM_KPI_STAGE_TIME,
  CRM_KPI_LEADERBOARD,
  CRM_KPI_LOST_REASONS,
} CrmKpiFigure;

#define CRM_KPI_N_FIGURES 20
/* the single numbers (the tiles), in the order shown */
#define CRM_KPI_N_TILES   14

typedef struct
{
  gint64 start;
  gint64 end;
  guint  leads;
  guint  orders;
} CrmKpiTrendPoint;

typedef struct
{
  gint64  staff_id;   /* 0 = leads without owner */
  char   *name;
  guint   leads;      /* leads of the range he or she owns */
  guint   ordered;    /* of those, reached Ordered */
  guint   orders;     /* first orders in the range */
  guint   overdue;    /* follow-ups overdue now */
} CrmKpiRep;

typedef struct
{
  gint64     start;
  gint64     end;
  gint64     owner_id;
  gint64     now;
  gint64     window_start;                 /* leads and orders were read over */
  gint64     window_end;                   /* the range and the trend's weeks */

  guint      funnel[CRM_KPI_N_STEPS];      /* funnel[0] = leads */
  guint      channel_leads[CRM_N_CHANNELS];
  guint      channel_ordered[CRM_N_CHANNELS];

  guint      orders;
  gint64     revenue;                      /* fen */
  gboolean   gross_profit_known;           /* no cost data yet: FALSE */
  gint64     gross_profit_per_unit;
  guint      cycle_n;
  double     cycle_average_days;           /* < 0 when no order */
  double     cycle_median_days;

  guint      lost;
  guint      closed;
  guint      lost_by_reason[CRM_N_LOST_REASONS];

  guint      stays[CRM_N_STAGES];
  double     stage_days[CRM_N_STAGES];     /* average, < 0 when no stay */

  guint      followups_due;
  guint      followups_on_time;
  guint      overdue;

  gboolean   trend_monthly;
  GArray    *trend;                        /* CrmKpiTrendPoint */
  GPtrArray *reps;                         /* CrmKpiRep*, best first */
  GTimeZone *zone;                         /* the showroom's, whose days these are */
} CrmKpiReport;

gboolean      crm_kpi_range_bounds    (CrmKpiRange    range,
                                       GTimeZone     *zone,
                                       gint64         now,
                                       const GDate   *custom_from,
                                       const GDate   *custom_to,
                                       gint64        *start,
                                       gint64        *end);
const char   *crm_kpi_range_get_label (CrmKpiRange    range);

CrmKpiReport *crm_kpi_compute         (CrmStore      *store,
                                       gint64         start,
                                       gint64         end,
                                       gint64         owner_id,
                                       gint64         now,
                                       GError       **error);
void          crm_kpi_compute_async   (CrmStore      *store,
                                       gint64         start,
                                       gint64         end,
                                       gint64         owner_id,
                                       gint64         now,
                                       GCancellable  *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer       user_data);
CrmKpiReport *crm_kpi_compute_finish  (CrmStore      *store,
                                       GAsyncResult  *result,
                                       GError       **error);
void          crm_kpi_report_free     (CrmKpiReport  *report);

double        crm_kpi_ratio           (guint          part,
                                       guint          whole);
double        crm_kpi_report_get_rate (CrmKpiReport  *report,
                                       CrmKpiFigure   figure);
char         *crm_kpi_report_format   (CrmKpiReport  *report,
                                       CrmKpiFigure   figure);
char         *crm_kpi_format_rate     (double         rate);
char         *crm_kpi_format_days     (double         days);

const char   *crm_kpi_figure_get_label      (CrmKpiFigure figure);
const char   *crm_kpi_figure_get_definition (CrmKpiFigure figure);
const char   *crm_kpi_step_get_label        (CrmKpiStep   step);
char         *crm_kpi_format_period         (GTimeZone   *zone,
                                             gint64       start,
                                             gint64       end);
char         *crm_kpi_format_period_for_display (GTimeZone *zone,
                                                 gint64     start,
                                                 gint64     end);

/* Export (crm-kpi-export.c) */
char         *crm_kpi_report_to_csv   (CrmKpiReport  *report,
                                       gsize         *length);
gboolean      crm_kpi_report_write_csv (CrmKpiReport *report,
                                       const char    *path,
                                       GError       **error);
void          crm_kpi_csv_append_field (GString      *line,
                                        const char   *field);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrmKpiReport, crm_kpi_report_free)

G_END_DECLS
