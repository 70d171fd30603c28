/* crm-pipeline.h: moving deals through the showroom's stages, by its rules
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "crm-store.h"

G_BEGIN_DECLS

/* What a refused move is missing; the UI offers to do it now */
typedef enum
{
  CRM_GATE_OPEN,            /*< nick=open >*/
  CRM_GATE_SAME_STAGE,      /*< nick=same-stage >*/
  CRM_GATE_NEEDS_TEST_DRIVE,/*< nick=needs-test-drive >*/
  CRM_GATE_NEEDS_PRICE,     /*< nick=needs-price >*/
  CRM_GATE_NEEDS_ORDERED,   /*< nick=needs-ordered >*/
  CRM_GATE_NEEDS_REASON,    /*< nick=needs-reason >*/
  CRM_GATE_NOT_FROM_HERE,   /*< nick=not-from-here >*/
  CRM_GATE_CLOSED,          /*< nick=closed >*/
} CrmGate;

CrmGate  crm_pipeline_check_move (CrmStore      *store,
                                  CrmDeal       *deal,
                                  CrmStage       to,
                                  char         **message);
gboolean crm_pipeline_move       (CrmStore      *store,
                                  gint64         deal_id,
                                  CrmStage       to,
                                  gint64         staff_id,
                                  CrmGate       *gate,
                                  GError       **error);
gboolean crm_pipeline_close_lost (CrmStore      *store,
                                  gint64         deal_id,
                                  CrmLostReason  reason,
                                  const char    *note,
                                  CrmStaff      *staff,
                                  gboolean      *requested,
                                  GError       **error);
gboolean crm_pipeline_is_overdue (CrmDeal       *deal,
                                  gint64         now,
                                  int            idle_limit_days);

G_END_DECLS
