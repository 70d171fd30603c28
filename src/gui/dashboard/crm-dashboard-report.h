/* crm-dashboard-report.h: the whole dashboard as a PDF report
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "crm-kpi.h"

G_BEGIN_DECLS

gboolean crm_dashboard_report_export_pdf (CrmKpiReport *report,
                                          const char   *showroom,
                                          const char   *scope,
                                          GPtrArray    *charts,
                                          GtkWindow    *parent,
                                          const char   *path,
                                          GError      **error);

G_END_DECLS
