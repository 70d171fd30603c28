/* crm-pipeline-page.h: the sales board
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "crm-context.h"
#include "crm-deal-list.h"

G_BEGIN_DECLS

#define CRM_TYPE_PIPELINE_PAGE (crm_pipeline_page_get_type ())
G_DECLARE_FINAL_TYPE (CrmPipelinePage, crm_pipeline_page, CRM, PIPELINE_PAGE, AdwBin)

void         crm_pipeline_page_set_context   (CrmPipelinePage *self,
                                              CrmContext      *context);
gboolean     crm_pipeline_page_move          (CrmPipelinePage *self,
                                              gint64           deal_id,
                                              CrmStage         to);
gboolean     crm_pipeline_page_undo          (CrmPipelinePage *self);
CrmDealList *crm_pipeline_page_get_list      (CrmPipelinePage *self,
                                              CrmStage         stage);
GtkWidget   *crm_pipeline_page_get_column    (CrmPipelinePage *self,
                                              CrmStage         stage);
const char  *crm_pipeline_page_get_message   (CrmPipelinePage *self);

G_END_DECLS
