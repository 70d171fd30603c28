/* crm-kpi-store.h: the dashboard's aggregates
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One of the domain stores a #CrmStore hands out
 * (crm_store_get_kpi_store()); it reads and writes through the store's
 * connection and transactions.
 */
#pragma once

#include "crm-store-types.h"

G_BEGIN_DECLS

#define CRM_TYPE_KPI_STORE (crm_kpi_store_get_type ())
G_DECLARE_FINAL_TYPE (CrmKpiStore, crm_kpi_store, CRM, KPI_STORE, GObject)

gboolean  crm_kpi_store_leads        (CrmKpiStore   *self,
                                      gint64         start,
                                      gint64         end,
                                      gint64         owner_id,
                                      GArray       **rows,
                                      GError       **error);
gboolean  crm_kpi_store_orders       (CrmKpiStore   *self,
                                      gint64         start,
                                      gint64         end,
                                      gint64         owner_id,
                                      GArray       **rows,
                                      GError       **error);
gboolean  crm_kpi_store_counts       (CrmKpiStore   *self,
                                      gint64         start,
                                      gint64         end,
                                      gint64         owner_id,
                                      gint64         now,
                                      CrmKpiCounts  *counts,
                                      GError       **error);
gboolean  crm_kpi_store_overdue      (CrmKpiStore   *self,
                                      gint64         owner_id,
                                      gint64         now,
                                      GArray       **rows,
                                      GError       **error);
gboolean  crm_kpi_store_read         (CrmKpiStore   *self,
                                     gint64         window_start,
                                     gint64         window_end,
                                     gint64         start,
                                     gint64         end,
                                     gint64         owner_id,
                                     gint64         now,
                                     GArray       **leads,
                                     GArray       **orders,
                                     CrmKpiCounts  *counts,
                                     GArray       **overdue,
                                     GError       **error);
GArray   *crm_kpi_store_customer_ids (CrmKpiStore   *self,
                                      gint64         start,
                                      gint64         end,
                                      gint64         owner_id,
                                      int            reach,
                                      int            channel,
                                      gint64         rep_id,
                                      GError       **error);

G_END_DECLS
