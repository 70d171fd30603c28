/* crm-application.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "crm-context.h"

G_BEGIN_DECLS

#define CRM_TYPE_APPLICATION (crm_application_get_type ())
G_DECLARE_FINAL_TYPE (CrmApplication, crm_application, CRM, APPLICATION, AdwApplication)

CrmApplication *crm_application_new         (void);
GtkWindow      *crm_application_open_path   (CrmApplication *self,
                                             const char     *path);
void            crm_application_show_customer (CrmApplication *self,
                                             CrmContext     *context,
                                             gint64          customer_id);

G_END_DECLS
