/* crm-calendar-view.h: the test-drive calendar grid (week, day, month)
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "crm-store.h"

G_BEGIN_DECLS

/* The narrowest a booking is drawn beside others in the week view: a
 * customer's name and a plate stay readable. Narrower, and some of a
 * crowded day's bookings go behind a "+N" chip. */
#define CRM_CALENDAR_VIEW_MIN_BLOCK_WIDTH 56.0

typedef enum
{
  CRM_CALENDAR_MODE_DAY,
  CRM_CALENDAR_MODE_WEEK,
  CRM_CALENDAR_MODE_MONTH,
} CrmCalendarMode;

#define CRM_TYPE_CALENDAR_VIEW (crm_calendar_view_get_type ())
G_DECLARE_FINAL_TYPE (CrmCalendarView, crm_calendar_view, CRM, CALENDAR_VIEW, GtkWidget)

GtkWidget       *crm_calendar_view_new            (void);
CrmCalendarMode  crm_calendar_view_get_mode       (CrmCalendarView *self);
void             crm_calendar_view_set_mode       (CrmCalendarView *self,
                                                   CrmCalendarMode  mode);
GDateTime       *crm_calendar_view_get_date       (CrmCalendarView *self);
void             crm_calendar_view_set_date       (CrmCalendarView *self,
                                                   GDateTime       *date);
void             crm_calendar_view_set_now        (CrmCalendarView *self,
                                                   gint64           now);
void             crm_calendar_view_set_hours      (CrmCalendarView *self,
                                                   int              open_minute,
                                                   int              close_minute,
                                                   int              weekend_open_minute,
                                                   int              weekend_close_minute,
                                                   int              slot_minutes);
void             crm_calendar_view_get_hours      (CrmCalendarView *self,
                                                   gboolean         weekend,
                                                   int             *open_minute,
                                                   int             *close_minute);
void             crm_calendar_view_set_vehicles   (CrmCalendarView *self,
                                                   GListModel      *vehicles);
void             crm_calendar_view_set_bookings   (CrmCalendarView *self,
                                                   GPtrArray       *bookings);
void             crm_calendar_view_get_range      (CrmCalendarView *self,
                                                   gint64          *from,
                                                   gint64          *to);
void             crm_calendar_view_go             (CrmCalendarView *self,
                                                   int              direction);
char            *crm_calendar_view_dup_title      (CrmCalendarView *self);
gboolean         crm_calendar_view_get_block_rect (CrmCalendarView *self,
                                                   gint64           id,
                                                   graphene_rect_t *rect);
void             crm_calendar_view_layout_now     (CrmCalendarView *self);
int              crm_calendar_view_get_hidden_count (CrmCalendarView *self,
                                                     GDateTime       *day,
                                                     graphene_rect_t *chip_rect);
void             crm_calendar_view_get_status_colour (CrmTestDriveStatus  status,
                                                      GdkRGBA            *rgba);

G_END_DECLS
