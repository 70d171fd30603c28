/* crm-reminders.h: desktop reminders for follow-ups and test drives, lead notices
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "crm-cadence.h"
#include "crm-store.h"

G_BEGIN_DECLS

#define CRM_TYPE_REMINDERS (crm_reminders_get_type ())
G_DECLARE_FINAL_TYPE (CrmReminders, crm_reminders, CRM, REMINDERS, GObject)

/* Notifications say they are from Showroom at most this many at once;
 * more become one summary */
#define CRM_REMINDERS_MAX_SINGLE 3

gboolean      crm_reminders_can_pop_up         (GDBusConnection *bus);
const char * const *crm_reminders_get_action_names          (void);
const char   *crm_reminders_get_action_parameter_type (const char   *name);
gboolean      crm_reminders_activate           (CrmReminders *self,
                                                const char   *name,
                                                GVariant     *parameter);
CrmReminders *crm_reminders_new                (GApplication *app,
                                                CrmStore     *store,
                                                GSettings    *settings);
CrmStore     *crm_reminders_get_store          (CrmReminders *self);
void          crm_reminders_set_staff          (CrmReminders *self,
                                                gint64        staff_id,
                                                gboolean      is_manager);
void          crm_reminders_start              (CrmReminders *self);
void          crm_reminders_stop               (CrmReminders *self);
gboolean      crm_reminders_is_running         (CrmReminders *self);
gint64        crm_reminders_get_next_wakeup    (CrmReminders *self);
gint64        crm_reminders_get_last_check     (CrmReminders *self);
guint         crm_reminders_check_now          (CrmReminders *self,
                                                gboolean      summarize);
guint         crm_reminders_check_escalations  (CrmReminders *self);
char         *crm_reminders_dup_notification_id (gint64       activity_id);
guint         crm_reminders_check_test_drives  (CrmReminders *self,
                                                gboolean      summarize);
guint         crm_reminders_check_lead_notices (CrmReminders *self,
                                                gboolean      summarize);
char         *crm_reminders_dup_test_drive_notification_id  (gint64 test_drive_id);
char         *crm_reminders_dup_lead_notice_notification_id (gint64 notice_id);
const char   *crm_reminders_get_notice_text    (const char   *kind);

G_END_DECLS
