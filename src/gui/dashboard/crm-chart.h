/* crm-chart.h: one chart of the dashboard, drawn with GtkSnapshot
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "crm-kpi.h"

G_BEGIN_DECLS

typedef enum
{
  CRM_CHART_FUNNEL,
  CRM_CHART_CHANNELS,
  CRM_CHART_TREND,
  CRM_CHART_STAGES,
  CRM_CHART_LEADERBOARD,
  CRM_CHART_LOST_REASONS,
} CrmChartKind;

#define CRM_N_CHARTS 6

#define CRM_TYPE_CHART (crm_chart_get_type ())
G_DECLARE_FINAL_TYPE (CrmChart, crm_chart, CRM, CHART, GtkWidget)

GtkWidget    *crm_chart_new            (CrmChartKind  kind);
CrmChartKind  crm_chart_get_kind       (CrmChart     *self);
void          crm_chart_set_report     (CrmChart     *self,
                                        CrmKpiReport *report);
const char   *crm_chart_get_title      (CrmChart     *self);
const char   *crm_chart_get_summary    (CrmChart     *self);
guint         crm_chart_get_n_items    (CrmChart     *self);
char         *crm_chart_dup_tooltip    (CrmChart     *self,
                                        guint         index);
gint64        crm_chart_get_item_drill (CrmChart     *self,
                                        guint         index);
int           crm_chart_get_item_at    (CrmChart     *self,
                                        double        x,
                                        double        y);
GPtrArray    *crm_chart_get_table      (CrmChart     *self);
GskRenderNode *crm_chart_render_node   (CrmChart     *self,
                                        int           width,
                                        int           height);
GdkTexture   *crm_chart_render_texture (CrmChart     *self);
gboolean      crm_chart_save_png       (CrmChart     *self,
                                        const char   *path,
                                        GError      **error);

G_END_DECLS
