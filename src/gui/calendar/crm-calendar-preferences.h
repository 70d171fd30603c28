/* crm-calendar-preferences.h: the fleet and the showroom's calendar rules
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "crm-context.h"

G_BEGIN_DECLS

#define CRM_TYPE_CALENDAR_PREFERENCES (crm_calendar_preferences_get_type ())
G_DECLARE_FINAL_TYPE (CrmCalendarPreferences, crm_calendar_preferences, CRM, CALENDAR_PREFERENCES,
                      AdwPreferencesWindow)

CrmCalendarPreferences *crm_calendar_preferences_new (CrmContext *context,
                                                      GtkWindow  *parent);

G_END_DECLS
