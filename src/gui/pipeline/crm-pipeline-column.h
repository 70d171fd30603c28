/* crm-pipeline-column.h: one stage of the board, or the archive
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "crm-context.h"
#include "crm-deal-list.h"

G_BEGIN_DECLS

#define CRM_TYPE_PIPELINE_COLUMN (crm_pipeline_column_get_type ())
G_DECLARE_FINAL_TYPE (CrmPipelineColumn, crm_pipeline_column, CRM, PIPELINE_COLUMN, GtkBox)

/**
 * CrmPipelineColumnHandler:
 * @column: the column where it happened
 * @deal_id: the deal
 * @action: "move" (from the menu or keyboard) or "drop" (dragged), with
 *   @stage; "open", "price", "lost", "reopen"
 * @stage: the stage to move to, for "move"
 *
 * How a column hands what a person did with a card to the page.
 */
typedef void (*CrmPipelineColumnHandler) (CrmPipelineColumn *column,
                                          gint64             deal_id,
                                          const char        *action,
                                          CrmStage           stage,
                                          gpointer           user_data);

CrmPipelineColumn *crm_pipeline_column_new        (CrmContext               *context,
                                                   const CrmDealQuery       *query,
                                                   CrmPipelineColumnHandler  handler,
                                                   gpointer                  user_data);
void               crm_pipeline_column_set_query  (CrmPipelineColumn        *self,
                                                   const CrmDealQuery       *query);
CrmDealList       *crm_pipeline_column_get_list   (CrmPipelineColumn        *self);
int                crm_pipeline_column_get_stage  (CrmPipelineColumn        *self);
gboolean           crm_pipeline_column_focus_deal (CrmPipelineColumn        *self,
                                                   gint64                    deal_id);
GtkListView       *crm_pipeline_column_get_view   (CrmPipelineColumn        *self);

G_END_DECLS
