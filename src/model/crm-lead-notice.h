/* crm-lead-notice.h: something the leads rules tell a person
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define CRM_TYPE_LEAD_NOTICE (crm_lead_notice_get_type ())
G_DECLARE_FINAL_TYPE (CrmLeadNotice, crm_lead_notice, CRM, LEAD_NOTICE, GObject)

CrmLeadNotice *crm_lead_notice_new               (void);
gint64         crm_lead_notice_get_id            (CrmLeadNotice *self);
void           crm_lead_notice_set_id            (CrmLeadNotice *self,
                                                  gint64         value);
gint64         crm_lead_notice_get_customer_id   (CrmLeadNotice *self);
void           crm_lead_notice_set_customer_id   (CrmLeadNotice *self,
                                                  gint64         value);
const char    *crm_lead_notice_get_customer_name (CrmLeadNotice *self);
void           crm_lead_notice_set_customer_name (CrmLeadNotice *self,
                                                  const char    *value);
const char    *crm_lead_notice_get_kind          (CrmLeadNotice *self);
void           crm_lead_notice_set_kind          (CrmLeadNotice *self,
                                                  const char    *value);
gint64         crm_lead_notice_get_at            (CrmLeadNotice *self);
void           crm_lead_notice_set_at            (CrmLeadNotice *self,
                                                  gint64         value);
gboolean       crm_lead_notice_get_seen          (CrmLeadNotice *self);
void           crm_lead_notice_set_seen          (CrmLeadNotice *self,
                                                  gboolean       value);

G_END_DECLS
