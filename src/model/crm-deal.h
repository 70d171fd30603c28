/* crm-deal.h: one purchase a customer may make, moving through the funnel
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "crm-enums.h"

G_BEGIN_DECLS

#define CRM_TYPE_DEAL (crm_deal_get_type ())
G_DECLARE_FINAL_TYPE (CrmDeal, crm_deal, CRM, DEAL, GObject)

/* Properties: "id", "customer-id", "model-id" (gint64), "model-name" (string,
 * display), "stage" (CrmStage), "stage-entered-at" (gint64), "expected-close"
 * (gint64, UTC seconds, 0 = none), "lost-reason" (CrmLostReason),
 * "lost-note" (string), "owner-id" (gint64), "created-at" (gint64) */
CrmDeal       *crm_deal_new                  (void);
gint64         crm_deal_get_id               (CrmDeal       *self);
void           crm_deal_set_id               (CrmDeal       *self,
                                              gint64         id);
gint64         crm_deal_get_customer_id      (CrmDeal       *self);
void           crm_deal_set_customer_id      (CrmDeal       *self,
                                              gint64         id);
gint64         crm_deal_get_model_id         (CrmDeal       *self);
void           crm_deal_set_model_id         (CrmDeal       *self,
                                              gint64         id);
const char    *crm_deal_get_model_name       (CrmDeal       *self);
void           crm_deal_set_model_name       (CrmDeal       *self,
                                              const char    *name);
CrmStage       crm_deal_get_stage            (CrmDeal       *self);
void           crm_deal_set_stage            (CrmDeal       *self,
                                              CrmStage       stage);
gint64         crm_deal_get_stage_entered_at (CrmDeal       *self);
void           crm_deal_set_stage_entered_at (CrmDeal       *self,
                                              gint64         t);
gint64         crm_deal_get_expected_close   (CrmDeal       *self);
void           crm_deal_set_expected_close   (CrmDeal       *self,
                                              gint64         t);
CrmLostReason  crm_deal_get_lost_reason      (CrmDeal       *self);
void           crm_deal_set_lost_reason      (CrmDeal       *self,
                                              CrmLostReason  reason);
const char    *crm_deal_get_lost_note        (CrmDeal       *self);
void           crm_deal_set_lost_note        (CrmDeal       *self,
                                              const char    *note);
gint64         crm_deal_get_owner_id         (CrmDeal       *self);
void           crm_deal_set_owner_id         (CrmDeal       *self,
                                              gint64         id);
gint64         crm_deal_get_created_at       (CrmDeal       *self);
void           crm_deal_set_created_at       (CrmDeal       *self,
                                              gint64         t);

/* Shown on the board, filled by the store: "price" (gint64, fen, the price
 * agreed with the customer, 0 = none yet), "guide-price" (the model's
 * guide price), "next-followup-at", "last-contact-at" (the customer's),
 * "lost-requested-at" (a pending request to close as Lost, 0 = none),
 * "customer-name", "owner-name", "request-comment" (a manager's answer to
 * a refused Lost request), "customer-grade" (CrmGrade) */
gint64         crm_deal_get_price (CrmDeal *self);
void           crm_deal_set_price (CrmDeal *self,
                                 gint64   value);
gint64         crm_deal_get_guide_price (CrmDeal *self);
void           crm_deal_set_guide_price (CrmDeal *self,
                                 gint64   value);
gint64         crm_deal_get_next_followup_at (CrmDeal *self);
void           crm_deal_set_next_followup_at (CrmDeal *self,
                                 gint64   value);
gint64         crm_deal_get_last_contact_at (CrmDeal *self);
void           crm_deal_set_last_contact_at (CrmDeal *self,
                                 gint64   value);
gint64         crm_deal_get_lost_requested_at (CrmDeal *self);
void           crm_deal_set_lost_requested_at (CrmDeal *self,
                                 gint64   value);
const char    *crm_deal_get_customer_name (CrmDeal    *self);
void           crm_deal_set_customer_name (CrmDeal    *self,
                                 const char *value);
const char    *crm_deal_get_owner_name (CrmDeal    *self);
void           crm_deal_set_owner_name (CrmDeal    *self,
                                 const char *value);
const char    *crm_deal_get_request_comment (CrmDeal    *self);
void           crm_deal_set_request_comment (CrmDeal    *self,
                                 const char *value);
CrmGrade       crm_deal_get_customer_grade (CrmDeal  *self);
void           crm_deal_set_customer_grade (CrmDeal  *self,
                                            CrmGrade  grade);

G_END_DECLS
