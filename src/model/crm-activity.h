/* crm-activity.h: one follow-up with a customer, planned and/or done
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "crm-enums.h"

G_BEGIN_DECLS

#define CRM_TYPE_ACTIVITY (crm_activity_get_type ())
G_DECLARE_FINAL_TYPE (CrmActivity, crm_activity, CRM, ACTIVITY, GObject)

/* Properties: "id", "customer-id", "deal-id" (gint64, 0 = none),
 * "kind" (CrmActivityKind), "planned-at", "done-at" (gint64 UTC seconds,
 * 0 = not planned / not done), "outcome" (CrmOutcome), "note" (string), "purpose" (string),
 * "staff-id" (gint64), "staff-name" (string, display), "is-done"
 * (read-only boolean: done-at != 0, notified with done-at) */
CrmActivity     *crm_activity_new             (void);
gint64           crm_activity_get_id          (CrmActivity     *self);
void             crm_activity_set_id          (CrmActivity     *self,
                                               gint64           id);
gint64           crm_activity_get_customer_id (CrmActivity     *self);
void             crm_activity_set_customer_id (CrmActivity     *self,
                                               gint64           id);
gint64           crm_activity_get_deal_id     (CrmActivity     *self);
void             crm_activity_set_deal_id     (CrmActivity     *self,
                                               gint64           id);
CrmActivityKind  crm_activity_get_kind        (CrmActivity     *self);
void             crm_activity_set_kind        (CrmActivity     *self,
                                               CrmActivityKind  kind);
gint64           crm_activity_get_planned_at  (CrmActivity     *self);
void             crm_activity_set_planned_at  (CrmActivity     *self,
                                               gint64           t);
gint64           crm_activity_get_done_at     (CrmActivity     *self);
void             crm_activity_set_done_at     (CrmActivity     *self,
                                               gint64           t);
gboolean         crm_activity_get_is_done     (CrmActivity     *self);
CrmOutcome       crm_activity_get_outcome     (CrmActivity     *self);
void             crm_activity_set_outcome     (CrmActivity     *self,
                                               CrmOutcome       outcome);
const char      *crm_activity_get_note        (CrmActivity     *self);
void             crm_activity_set_note        (CrmActivity     *self,
                                               const char      *note);
gint64           crm_activity_get_staff_id    (CrmActivity     *self);
void             crm_activity_set_staff_id    (CrmActivity     *self,
                                               gint64           id);
const char      *crm_activity_get_purpose     (CrmActivity     *self);
void             crm_activity_set_purpose     (CrmActivity     *self,
                                               const char      *purpose);
const char      *crm_activity_get_staff_name  (CrmActivity     *self);
void             crm_activity_set_staff_name  (CrmActivity     *self,
                                               const char      *name);

G_END_DECLS
