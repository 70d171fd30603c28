/* crm-staff.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "crm-enums.h"

G_BEGIN_DECLS

#define CRM_TYPE_STAFF (crm_staff_get_type ())
G_DECLARE_FINAL_TYPE (CrmStaff, crm_staff, CRM, STAFF, GObject)

/* Properties: "id" (gint64), "name" (string), "role" (CrmRole),
 * "active" (boolean, default TRUE) */
CrmStaff   *crm_staff_new        (void);
gint64      crm_staff_get_id     (CrmStaff   *self);
void        crm_staff_set_id     (CrmStaff   *self,
                                  gint64      id);
const char *crm_staff_get_name   (CrmStaff   *self);
void        crm_staff_set_name   (CrmStaff   *self,
                                  const char *name);
CrmRole     crm_staff_get_role   (CrmStaff   *self);
void        crm_staff_set_role   (CrmStaff   *self,
                                  CrmRole     role);
gboolean    crm_staff_get_active (CrmStaff   *self);
void        crm_staff_set_active (CrmStaff   *self,
                                  gboolean    active);

G_END_DECLS
