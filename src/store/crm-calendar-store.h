/* crm-calendar-store.h: the test-drive calendar: the fleet and the bookings, their reminders
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One of the domain stores a #CrmStore hands out
 * (crm_store_get_calendar_store()); it reads and writes through the store's
 * connection and transactions.
 */
#pragma once

#include "crm-store-types.h"

G_BEGIN_DECLS

#define CRM_TYPE_CALENDAR_STORE (crm_calendar_store_get_type ())
G_DECLARE_FINAL_TYPE (CrmCalendarStore, crm_calendar_store, CRM, CALENDAR_STORE, GObject)

gint64              crm_calendar_store_insert_vehicle        (CrmCalendarStore    *self,
                                                              CrmVehicle          *vehicle,
                                                              GError             **error);
gboolean            crm_calendar_store_update_vehicle        (CrmCalendarStore    *self,
                                                              CrmVehicle          *vehicle,
                                                              GError             **error);
CrmVehicle         *crm_calendar_store_get_vehicle           (CrmCalendarStore    *self,
                                                              gint64               id,
                                                              GError             **error);
GListModel         *crm_calendar_store_list_vehicles         (CrmCalendarStore    *self,
                                                              gboolean             bookable_only);
CrmBookingConflict  crm_calendar_store_check                 (CrmCalendarStore    *self,
                                                              CrmTestDrive        *test_drive,
                                                              GError             **error);
GArray             *crm_calendar_store_next_free_slots       (CrmCalendarStore    *self,
                                                              CrmTestDrive        *test_drive,
                                                              guint                n_slots);
gint64              crm_calendar_store_insert                (CrmCalendarStore    *self,
                                                              CrmTestDrive        *test_drive,
                                                              GError             **error);
gint64              crm_calendar_store_insert_by             (CrmCalendarStore    *self,
                                                              CrmTestDrive        *test_drive,
                                                              gint64               by_staff,
                                                              GError             **error);
gboolean            crm_calendar_store_move                  (CrmCalendarStore    *self,
                                                              gint64               id,
                                                              gint64               vehicle_id,
                                                              gint64               start_at,
                                                              gint64               end_at,
                                                              GError             **error);
gboolean            crm_calendar_store_set_status            (CrmCalendarStore    *self,
                                                              gint64               id,
                                                              CrmTestDriveStatus   status,
                                                              const char          *feedback,
                                                              gint64               staff_id,
                                                              GError             **error);
CrmTestDrive       *crm_calendar_store_get                   (CrmCalendarStore    *self,
                                                              gint64               id,
                                                              GError             **error);
GPtrArray          *crm_calendar_store_list                  (CrmCalendarStore    *self,
                                                              gint64               from,
                                                              gint64               to);
gboolean            crm_calendar_store_import                (CrmCalendarStore    *self,
                                                              GPtrArray           *test_drives,
                                                              GError             **error);
gint64              crm_calendar_store_find_vehicle_by_plate (CrmCalendarStore    *self,
                                                              const char          *plate);
gint64              crm_calendar_store_get_next_reminder     (CrmCalendarStore    *self,
                                                              gint64               staff_id,
                                                              gint64               now);
GArray             *crm_calendar_store_query_due_reminders   (CrmCalendarStore    *self,
                                                              gint64               staff_id,
                                                              gint64               now,
                                                              GError             **error);
gboolean            crm_calendar_store_mark_reminded         (CrmCalendarStore    *self,
                                                              GArray              *ids,
                                                              GError             **error);
gboolean            crm_calendar_store_snooze_reminder       (CrmCalendarStore    *self,
                                                              gint64               id,
                                                              gint64               until,
                                                              GError             **error);

G_END_DECLS
