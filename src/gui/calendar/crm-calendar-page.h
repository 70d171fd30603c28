/* crm-calendar-page.h: the Test Drives view
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "crm-booking-dialog.h"
#include "crm-calendar-view.h"
#include "crm-context.h"

G_BEGIN_DECLS

#define CRM_TYPE_CALENDAR_PAGE (crm_calendar_page_get_type ())
G_DECLARE_FINAL_TYPE (CrmCalendarPage, crm_calendar_page, CRM, CALENDAR_PAGE, AdwBin)

void              crm_calendar_page_set_context  (CrmCalendarPage *self,
                                                  CrmContext      *context);
CrmCalendarView  *crm_calendar_page_get_view     (CrmCalendarPage *self);
GtkWidget        *crm_calendar_page_get_legend   (CrmCalendarPage *self);
CrmBookingDialog *crm_calendar_page_new_booking  (CrmCalendarPage *self,
                                                  gint64           start,
                                                  gint64           end,
                                                  gint64           vehicle_id);

G_END_DECLS
