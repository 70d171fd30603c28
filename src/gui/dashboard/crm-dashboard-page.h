/* crm-dashboard-page.h: the managers' dashboard
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "crm-chart.h"
#include "crm-context.h"
#include "crm-kpi.h"

G_BEGIN_DECLS

#define CRM_TYPE_DASHBOARD_PAGE (crm_dashboard_page_get_type ())
G_DECLARE_FINAL_TYPE (CrmDashboardPage, crm_dashboard_page, CRM, DASHBOARD_PAGE, AdwBin)

void          crm_dashboard_page_set_context (CrmDashboardPage *self,
                                              CrmContext       *context);
void          crm_dashboard_page_set_range   (CrmDashboardPage *self,
                                              CrmKpiRange       range,
                                              const GDate      *from,
                                              const GDate      *to);
void          crm_dashboard_page_set_scope   (CrmDashboardPage *self,
                                              gint64            owner_id);
gboolean      crm_dashboard_page_refresh     (CrmDashboardPage *self,
                                              GError          **error);
CrmKpiReport *crm_dashboard_page_get_report  (CrmDashboardPage *self);
gboolean      crm_dashboard_page_get_loading (CrmDashboardPage *self);
CrmChart     *crm_dashboard_page_get_chart   (CrmDashboardPage *self,
                                              CrmChartKind      kind);
void          crm_dashboard_page_show_table  (CrmDashboardPage *self,
                                              CrmChartKind      kind,
                                              gboolean          table);
GtkWindow    *crm_dashboard_page_drill       (CrmDashboardPage *self,
                                              CrmChartKind      kind,
                                              guint             index);
gboolean      crm_dashboard_page_export_pdf  (CrmDashboardPage *self,
                                              const char       *path,
                                              GError          **error);
gboolean      crm_dashboard_page_export_csv  (CrmDashboardPage *self,
                                              const char       *path,
                                              GError          **error);

G_END_DECLS
