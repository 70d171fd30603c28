/* crm-leads-preferences-page.h: the Leads page of Preferences
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "crm-context.h"

G_BEGIN_DECLS

#define CRM_TYPE_LEADS_PREFERENCES_PAGE (crm_leads_preferences_page_get_type ())
G_DECLARE_FINAL_TYPE (CrmLeadsPreferencesPage, crm_leads_preferences_page, CRM, LEADS_PREFERENCES_PAGE,
                      AdwPreferencesPage)

GtkWidget *crm_leads_preferences_page_new (CrmContext *context);

G_END_DECLS
