/* crm-setup-page.h: first start on an empty database
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "crm-store.h"

G_BEGIN_DECLS

#define CRM_TYPE_SETUP_PAGE (crm_setup_page_get_type ())
G_DECLARE_FINAL_TYPE (CrmSetupPage, crm_setup_page, CRM, SETUP_PAGE, AdwBin)

void crm_setup_page_set_store (CrmSetupPage *self,
                               CrmStore     *store);
void crm_setup_page_fill      (CrmSetupPage *self,
                               const char   *showroom_name,
                               const char   *manager_name);
void crm_setup_page_add_staff (CrmSetupPage *self,
                               const char   *name,
                               CrmRole       role);
void crm_setup_page_start     (CrmSetupPage *self);

G_END_DECLS
