/* crm-pipeline-preferences.h: the Pipeline page of Preferences
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "crm-context.h"

G_BEGIN_DECLS

GtkWidget *crm_pipeline_preferences_page_new (CrmContext           *context,
                                              AdwPreferencesWindow *window);

G_END_DECLS
