/* crm-reminders.c: desktop reminders for follow-ups
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One timer, set for the next follow-up due of the person using this
 * desktop; re-armed when follow-ups change and after it fires. No polling:
 * the timer is at most an hour long only so that a machine that slept
 * without logind telling us still catches up within the hour.
 *
 * Each reminder is a GNotification whose buttons are app actions with the
 * activity id as target (app.followup-done, app.followup-snooze-15,
 * app.followup-snooze-60, app.followup-tomorrow; default app.followup-open),
 * so they work with or without a window as long as the process runs (the
 * application holds itself while reminders are on).
 *
 * The same timer also waits for the test drives of the person at this
 * desktop: a booking's reminder (test_drive.reminder_at, 30 minutes before
 * it starts) goes out once (the store remembers which reminder time it went
 * out for), naming the customer, the car, the start time and the phone;
 * its default action opens the customer, its button the calendar on that
 * day. The timer is set for the earliest of the next follow-up and the next
 * test-drive reminder.
 *
 * Lead notices (a new lead assigned, a lead about to go to the public
 * pool, for managers a missed first contact) become notifications when the
 * store announces a change of customers or staff (what the leads code
 * announces when it writes one) and at start; each once.
 *
 * Follow-ups that fell due while Showroom was not running (since the
 * "reminders-last-check" time kept in GSettings) or while the machine
 * slept (logind's PrepareForSleep, or the wall clock jumping ahead of the
 * monotonic clock) are shown when it starts or wakes: one notification
 * each when there are few, one summary when there are several.
 *
 * A reminder shown and never answered is not lost with the process that
 * showed it (killed, logged out): Done closes the follow-up and a snooze
 * moves it, so a follow-up still open and due is one nobody answered.
 * At start, those of the last UNANSWERED_SECONDS come back with the ones
 * due while Showroom was not running (older ones wait in My Day, under
 * Overdue); the popup's buttons work in a fresh process (the actions are
 * registered before the application is on the bus).
 */
#define G_LOG_DOMAIN "crm-reminders"

#include "config.h"

#include <glib/gi18n.h>

#include "crm-format.h"
#include "crm-phone.h"
#include "crm-reminders.h"

#define MINUTE 60
#define HOUR (60 * 60)
#define MAX_TIMER_SECONDS HOUR
/* How far back an unanswered reminder comes again at start */
#define UNANSWERED_SECONDS (24 * HOUR)
/* After a failed write of what was notified, try again this much later
 * rather than at once and forever */
#define RETRY_SECONDS MINUTE

struct _CrmReminders
{
  GObject          parent_instance;

  GApplication    *app;          /* weak: the app owns us */
  GSimpleActionGroup *actions;   /* what the notifications' buttons name */
  gboolean         own_app_actions;   /* added to the app by us */
  CrmStore        *store;
  GSettings       *settings;
  CrmCadence      *cadence;
  gboolean         first_look;   /* the first check since start: unanswered ones too */
  gint64           staff_id;
  gboolean         is_manager;
  gboolean         running;

  gint64           last_check;   /* wall seconds up to which reminders went out */
  gint64           next_wakeup;  /* planned time the timer is set for; 0 = none */
  guint            timer_id;
  guint            rearm_id;
  gboolean         notices_dirty;
  gint64           retry_after;  /* wall seconds; 0 = no write failed */
  gint64           armed_wall_us;
  gint64           armed_mono_us;
  char            *escalation_day;

  gulong           changed_id;
  GDBusConnection *system_bus;
  guint            sleep_watch;
  GQueue           pending_deals;
};

enum {
  SIGNAL_DUE,
  SIGNAL_OPEN_CUSTOMER,
  SIGNAL_OPEN_MY_DAY,
  SIGNAL_DELIVERED,
  SIGNAL_OPEN_CALENDAR,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CrmReminders, crm_reminders, G_TYPE_OBJECT)

static void arm (CrmReminders *self);

static gint64
now (CrmReminders *self)
{
  return crm_clock_get_now (crm_store_get_clock (self->store));
}

static void
save_last_check (CrmReminders *self)
{
  if (self->settings != NULL)
    g_settings_set_int64 (self->settings, "reminders-last-check", self->last_check);
}

char *
crm_reminders_dup_notification_id (gint64 activity_id)
{
  return g_strdup_printf ("followup-%" G_GINT64_FORMAT, activity_id);
}

char *
crm_reminders_dup_test_drive_notification_id (gint64 test_drive_id)
{
  return g_strdup_printf ("test-drive-%" G_GINT64_FORMAT, test_drive_id);
}

char *
crm_reminders_dup_lead_notice_notification_id (gint64 notice_id)
{
  return g_strdup_printf ("lead-notice-%" G_GINT64_FORMAT, notice_id);
}

/* Every popup carries the application's icon, so it says whom it is from
 * among a desktop's notifications */
static GNotification *
new_notification (const char *title)
{
  GNotification *notification = g_notification_new (title);
  g_autoptr(GIcon) icon = g_themed_icon_new ("io.github.showroomcrm.Showroom");

  g_notification_set_icon (notification, icon);
  return notification;
}

static void
withdraw (CrmReminders *self,
          gint64        activity_id)
{
  g_autofree char *id = crm_reminders_dup_notification_id (activity_id);

  if (self->app != NULL)
    g_application_withdraw_notification (self->app, id);
}

static void
send_followup (CrmReminders *self,
               CrmActivity  *activity)
{
  g_autoptr(CrmCustomer) customer = NULL;
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *id = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *body = NULL;
  gint64 activity_id = crm_activity_get_id (activity);
  const char *purpose;

  customer = crm_customer_store_get (crm_store_get_customer_store (self->store), crm_activity_get_customer_id (activity), NULL);
  if (customer == NULL || self->app == NULL)
    return;

  purpose = crm_activity_get_purpose (activity);
  if (purpose == NULL)
    purpose = crm_activity_kind_get_label (crm_activity_get_kind (activity));
  if (crm_customer_get_phone (customer) != NULL)
    phone = crm_phone_format (crm_customer_get_phone (customer));
  body = phone ? g_strdup_printf ("%s\n%s", purpose, phone) : g_strdup (purpose);

  notification = new_notification (crm_customer_get_name (customer));
  g_notification_set_body (notification, body);
  g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_HIGH);
  g_notification_set_default_action_and_target (notification, "app.followup-open", "x", activity_id);
  g_notification_add_button_with_target (notification, _("Done"), "app.followup-done", "x", activity_id);
  g_notification_add_button_with_target (notification, _("Snooze 15 min"), "app.followup-snooze-15", "x", activity_id);
  g_notification_add_button_with_target (notification, _("Snooze 1 h"), "app.followup-snooze-60", "x", activity_id);
  g_notification_add_button_with_target (notification, _("Tomorrow 9:00"), "app.followup-tomorrow", "x", activity_id);

  id = crm_reminders_dup_notification_id (activity_id);
  g_application_send_notification (self->app, id, notification);
  g_debug ("Reminder %s sent", id);
}

/* The tail every summary (and escalation) shares: @title over @body,
 * clicking it runs @action with @target, and @button (nullable) offers
 * the same action. Titles stay at the call sites, where xgettext sees
 * their plural forms. */
static void
send_summary_notification (CrmReminders          *self,
                           const char            *id,
                           const char            *title,
                           const char            *body,
                           GNotificationPriority  priority,
                           const char            *action,
                           GVariant              *target,
                           const char            *button)
{
  g_autoptr(GNotification) notification = new_notification (title);

  g_notification_set_body (notification, body);
  g_notification_set_priority (notification, priority);
  g_notification_set_default_action_and_target_value (notification, action, target);
  if (button != NULL)
    g_notification_add_button_with_target_value (notification, button, action, target);
  g_application_send_notification (self->app, id, notification);
}

static void
send_summary (CrmReminders *self,
              GArray       *ids)
{
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *title = NULL;

  if (self->app == NULL)
    return;

  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                        "%u follow-up is due",
                                        "%u follow-ups are due", ids->len),
                           ids->len);
  for (guint i = 0; i < MIN (ids->len, 4); i++)
    {
      g_autoptr(CrmActivity) activity =
        crm_followup_store_get (crm_store_get_followup_store (self->store), g_array_index (ids, gint64, i), NULL);
      g_autoptr(CrmCustomer) customer = NULL;

      if (activity == NULL)
        continue;
      customer = crm_customer_store_get (crm_store_get_customer_store (self->store), crm_activity_get_customer_id (activity), NULL);
      if (customer == NULL)
        continue;
      if (body->len > 0)
        g_string_append (body, "、");
      g_string_append (body, crm_customer_get_name (customer));
    }
  if (ids->len > 4)
    g_string_append (body, "…");

  send_summary_notification (self, "followup-summary", title, body->str,
                             G_NOTIFICATION_PRIORITY_NORMAL, "app.my-day", NULL,
                             _("Open My Day"));
}

/* ---- test drives ------------------------------------------------- */

static char *
format_time (gint64 t)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (t);

  return g_date_time_format (dt, "%H:%M");
}

static void
send_test_drive (CrmReminders *self,
                 CrmTestDrive *td)
{
  g_autoptr(CrmCustomer) customer = NULL;
  g_autoptr(GNotification) notification = NULL;
  g_autoptr(GString) body = g_string_new (crm_test_drive_get_customer_name (td));
  g_autofree char *id = NULL;
  g_autofree char *time = NULL;
  g_autofree char *title = NULL;
  gint64 td_id = crm_test_drive_get_id (td);

  if (self->app == NULL)
    return;

  customer = crm_customer_store_get (crm_store_get_customer_store (self->store), crm_test_drive_get_customer_id (td), NULL);
  if (customer != NULL && crm_customer_get_phone (customer) != NULL)
    {
      g_autofree char *phone = crm_phone_format (crm_customer_get_phone (customer));

      g_string_append_printf (body, "  %s", phone);
    }
  if (crm_test_drive_get_vehicle_label (td) != NULL)
    g_string_append_printf (body, "\n%s", crm_test_drive_get_vehicle_label (td));

  time = format_time (crm_test_drive_get_start_at (td));
  /* Translators: the start time of a test drive, like 14:30 */
  title = g_strdup_printf (_("Test drive at %s"), time);
  notification = new_notification (title);
  g_notification_set_body (notification, body->str);
  g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_HIGH);
  g_notification_set_default_action_and_target (notification, "app.customer-open", "x",
                                                crm_test_drive_get_customer_id (td));
  g_notification_add_button_with_target (notification, _("Show in Calendar"),
                                         "app.test-drive-calendar", "x", td_id);
  g_notification_add_button_with_target (notification, _("Snooze 10 min"),
                                         "app.test-drive-snooze", "x", td_id);

  id = crm_reminders_dup_test_drive_notification_id (td_id);
  g_application_send_notification (self->app, id, notification);
  g_debug ("Reminder %s sent", id);
}

static void
send_test_drive_summary (CrmReminders *self,
                         GPtrArray    *bookings)
{
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *title = NULL;

  if (self->app == NULL)
    return;

  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                        "%u test drive starts soon",
                                        "%u test drives start soon", bookings->len),
                           bookings->len);
  for (guint i = 0; i < MIN (bookings->len, 4); i++)
    {
      CrmTestDrive *td = g_ptr_array_index (bookings, i);
      g_autofree char *time = format_time (crm_test_drive_get_start_at (td));

      if (body->len > 0)
        g_string_append (body, "\n");
      g_string_append_printf (body, "%s %s", time, crm_test_drive_get_customer_name (td));
    }
  if (bookings->len > 4)
    g_string_append (body, "\n…");

  send_summary_notification (self, "test-drive-summary", title, body->str,
                             G_NOTIFICATION_PRIORITY_HIGH, "app.test-drive-calendar",
                             g_variant_new_int64 (crm_test_drive_get_id (g_ptr_array_index (bookings, 0))),
                             NULL);
}

/**
 * crm_reminders_check_test_drives:
 * @summarize: several due at once become one summary notification
 *
 * Sends the reminders of the bookings of the person at this desktop that
 * are due now and have not started, each once.
 *
 * Returns: how many bookings were reminded of
 */
guint
crm_reminders_check_test_drives (CrmReminders *self,
                                 gboolean      summarize)
{
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) bookings = NULL;
  g_autoptr(GError) error = NULL;
  gint64 t;

  g_return_val_if_fail (CRM_IS_REMINDERS (self), 0);

  if (self->staff_id <= 0)
    return 0;

  t = now (self);
  ids = crm_calendar_store_query_due_reminders (crm_store_get_calendar_store (self->store), self->staff_id, t, &error);
  if (ids == NULL)
    {
      g_warning ("Test-drive reminders: %s", error->message);
      return 0;
    }
  if (ids->len == 0)
    return 0;

  /* Remembered first: a reminder that cannot be remembered is tried again
   * later rather than shown again and again */
  if (!crm_calendar_store_mark_reminded (crm_store_get_calendar_store (self->store), ids, &error))
    {
      g_warning ("Test-drive reminders: %s", error->message);
      self->retry_after = t + RETRY_SECONDS;
      return 0;
    }
  self->retry_after = 0;

  bookings = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < ids->len; i++)
    {
      CrmTestDrive *td = crm_calendar_store_get (crm_store_get_calendar_store (self->store), g_array_index (ids, gint64, i), NULL);

      if (td != NULL)
        g_ptr_array_add (bookings, td);
    }

  if (bookings->len > 1 && (summarize || bookings->len > CRM_REMINDERS_MAX_SINGLE))
    send_test_drive_summary (self, bookings);
  else
    for (guint i = 0; i < bookings->len; i++)
      send_test_drive (self, g_ptr_array_index (bookings, i));

  return ids->len;
}

/* ---- lead notices ------------------------------------------------ */

/**
 * crm_reminders_get_notice_text:
 * @kind: a lead notice kind, such as %CRM_NOTICE_ASSIGNED
 *
 * What a lead notice tells its consultant, in the same words in the
 * desktop notification and in the list under the header button.
 *
 * Returns: (transfer none): the translated text, or @kind itself for a
 *   kind this version does not know
 */
const char *
crm_reminders_get_notice_text (const char *kind)
{
  if (g_strcmp0 (kind, CRM_NOTICE_ASSIGNED) == 0)
    return _("New lead for you");
  if (g_strcmp0 (kind, CRM_NOTICE_POOL_WARNING) == 0)
    return _("Returns to the public pool in a few days without a follow-up");
  if (g_strcmp0 (kind, CRM_NOTICE_POOL_RELEASED) == 0)
    return _("Returned to the public pool: no follow-up for too long");
  if (g_strcmp0 (kind, CRM_NOTICE_FIRST_CONTACT_MISSED) == 0)
    return _("Not contacted in time: given to another consultant");
  if (g_strcmp0 (kind, CRM_NOTICE_TEST_DRIVE_BOOKED) == 0)
    return _("A test drive was booked for you: see the calendar");
  return kind;
}

static void
send_lead_notice (CrmReminders  *self,
                  CrmLeadNotice *notice)
{
  g_autoptr(CrmCustomer) customer = NULL;
  g_autoptr(GNotification) notification = NULL;
  g_autoptr(GString) body = g_string_new (crm_reminders_get_notice_text (crm_lead_notice_get_kind (notice)));
  g_autofree char *id = NULL;
  gint64 customer_id = crm_lead_notice_get_customer_id (notice);

  if (self->app == NULL)
    return;

  customer = crm_customer_store_get (crm_store_get_customer_store (self->store), customer_id, NULL);
  if (customer != NULL && crm_customer_get_phone (customer) != NULL)
    {
      g_autofree char *phone = crm_phone_format (crm_customer_get_phone (customer));

      g_string_append_printf (body, "\n%s", phone);
    }

  notification = new_notification (crm_lead_notice_get_customer_name (notice));
  g_notification_set_body (notification, body->str);
  if (g_strcmp0 (crm_lead_notice_get_kind (notice), CRM_NOTICE_ASSIGNED) == 0 ||
      g_strcmp0 (crm_lead_notice_get_kind (notice), CRM_NOTICE_TEST_DRIVE_BOOKED) == 0)
    g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_HIGH);
  g_notification_set_default_action_and_target (notification, "app.customer-open", "x", customer_id);

  id = crm_reminders_dup_lead_notice_notification_id (crm_lead_notice_get_id (notice));
  g_application_send_notification (self->app, id, notification);
  g_debug ("Lead notice %s sent", id);
}

static void
send_lead_notice_summary (CrmReminders *self,
                          GListModel   *notices,
                          guint         n_total)
{
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *title = NULL;
  guint n = g_list_model_get_n_items (notices);

  if (self->app == NULL)
    return;

  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                        "%u lead needs your attention",
                                        "%u leads need your attention", n_total),
                           n_total);
  /* The oldest of the newest four first */
  for (guint i = MIN (n, 4); i > 0; i--)
    {
      g_autoptr(CrmLeadNotice) notice = g_list_model_get_item (notices, i - 1);

      if (body->len > 0)
        g_string_append (body, "、");
      g_string_append (body, crm_lead_notice_get_customer_name (notice));
    }
  if (n_total > 4)
    g_string_append (body, "…");

  send_summary_notification (self, "lead-notice-summary", title, body->str,
                             G_NOTIFICATION_PRIORITY_NORMAL, "app.my-day", NULL, NULL);
}

/**
 * crm_reminders_check_lead_notices:
 * @summarize: several at once become one summary notification
 *
 * Turns the unseen lead notices of the person at this desktop that were
 * not notified yet into notifications, each once; many (a showroom's
 * backlog the first time) become one summary.
 *
 * Returns: how many notices were notified
 */
guint
crm_reminders_check_lead_notices (CrmReminders *self,
                                  gboolean      summarize)
{
  g_autoptr(GListModel) notices = NULL;
  g_autoptr(CrmLeadNotice) newest = NULL;
  g_autoptr(GError) error = NULL;
  guint n_total = 0;
  guint n;

  g_return_val_if_fail (CRM_IS_REMINDERS (self), 0);

  self->notices_dirty = FALSE;
  if (self->staff_id <= 0)
    return 0;

  notices = crm_lead_store_list_unnotified_notices (crm_store_get_lead_store (self->store), self->staff_id, &n_total);
  n = g_list_model_get_n_items (notices);
  if (n == 0)
    return 0;

  newest = g_list_model_get_item (notices, 0);
  if (!crm_lead_store_mark_notices_notified (crm_store_get_lead_store (self->store), self->staff_id,
                                             crm_lead_notice_get_id (newest), &error))
    {
      g_warning ("Lead notices: %s", error->message);
      return 0;
    }

  if (n_total > 1 && (summarize || n_total > CRM_REMINDERS_MAX_SINGLE))
    send_lead_notice_summary (self, notices, n_total);
  else
    for (guint i = n; i > 0; i--)
      {
        g_autoptr(CrmLeadNotice) notice = g_list_model_get_item (notices, i - 1);

        send_lead_notice (self, notice);
      }
  return n_total;
}

/**
 * crm_reminders_check_now:
 * @summarize: several due at once (after a start or a sleep) become one
 *   summary notification
 *
 * Sends the reminders due since the last check and re-arms the timer.
 *
 * Returns: how many follow-ups fell due
 */
guint
crm_reminders_check_now (CrmReminders *self,
                         gboolean      summarize)
{
  g_autoptr(GArray) ids = NULL;
  gint64 t, from;
  guint n;

  g_return_val_if_fail (CRM_IS_REMINDERS (self), 0);

  if (self->staff_id <= 0)
    return 0;

  t = now (self);
  /* The first look after start: the reminders nobody answered too */
  from = self->last_check + 1;
  if (self->first_look)
    {
      from = MIN (from, t - UNANSWERED_SECONDS);
      self->first_look = FALSE;
    }
  ids = crm_followup_store_query_open_ids (crm_store_get_followup_store (self->store), self->staff_id,
                                           from, t + 1, 0, NULL);
  n = ids ? ids->len : 0;

  if (n > 0)
    g_signal_emit (self, signals[SIGNAL_DUE], 0, n);

  if (n > 1 && (summarize || n > CRM_REMINDERS_MAX_SINGLE))
    send_summary (self, ids);
  else
    for (guint i = 0; i < n; i++)
      {
        g_autoptr(CrmActivity) activity =
          crm_followup_store_get (crm_store_get_followup_store (self->store), g_array_index (ids, gint64, i), NULL);

        if (activity != NULL)
          send_followup (self, activity);
      }

  self->last_check = MAX (self->last_check, t);
  save_last_check (self);

  crm_reminders_check_test_drives (self, summarize);
  crm_reminders_check_lead_notices (self, summarize);
  crm_reminders_check_escalations (self);
  arm (self);
  return n;
}

static gboolean
on_timer_cb (gpointer user_data)
{
  CrmReminders *self = user_data;
  gint64 wall = g_get_real_time () - self->armed_wall_us;
  gint64 mono = g_get_monotonic_time () - self->armed_mono_us;
  gboolean slept = wall - mono > 60 * G_USEC_PER_SEC;

  self->timer_id = 0;
  if (slept)
    g_debug ("The machine slept for about %" G_GINT64_FORMAT " s", (wall - mono) / G_USEC_PER_SEC);
  crm_reminders_check_now (self, slept);
  return G_SOURCE_REMOVE;
}

static void
arm (CrmReminders *self)
{
  gint64 next, test_drive, delay_ms;

  g_clear_handle_id (&self->timer_id, g_source_remove);
  self->next_wakeup = 0;

  if (!self->running || self->staff_id <= 0)
    return;

  /* The earliest of the next follow-up and the next test-drive reminder
   * (which may be due already: a booking made less than 30 minutes ahead) */
  next = crm_followup_store_get_next_planned_at (crm_store_get_followup_store (self->store), self->staff_id, self->last_check);
  test_drive = crm_calendar_store_get_next_reminder (crm_store_get_calendar_store (self->store), self->staff_id, now (self));
  if (test_drive > 0 && self->retry_after > 0)
    test_drive = MAX (test_drive, self->retry_after);
  if (test_drive > 0 && (next == 0 || test_drive < next))
    next = test_drive;
  self->next_wakeup = next;

  if (next == 0)
    delay_ms = (gint64) MAX_TIMER_SECONDS * 1000;
  else if (crm_clock_is_fixed (crm_store_get_clock (self->store)))
    delay_ms = (next - now (self)) * 1000;
  else
    /* Real clock: to the millisecond, so the reminder shows within a few
     * ms of its second rather than up to a second late */
    delay_ms = next * 1000 - g_get_real_time () / 1000;

  delay_ms = CLAMP (delay_ms, 0, (gint64) MAX_TIMER_SECONDS * 1000);
  self->armed_wall_us = g_get_real_time ();
  self->armed_mono_us = g_get_monotonic_time ();
  self->timer_id = g_timeout_add_full (G_PRIORITY_DEFAULT, (guint) delay_ms, on_timer_cb, self, NULL);
  g_debug ("Next reminder check in %" G_GINT64_FORMAT " ms", delay_ms);
}

static gboolean
rearm_idle_cb (gpointer user_data)
{
  CrmReminders *self = user_data;

  self->rearm_id = 0;

  while (!g_queue_is_empty (&self->pending_deals))
    {
      gint64 deal_id = GPOINTER_TO_SIZE (g_queue_pop_head (&self->pending_deals));
      CrmStage stage;
      g_autoptr(GError) error = NULL;

      if (crm_followup_store_get_deal_summary (crm_store_get_followup_store (self->store), deal_id, NULL, NULL, &stage) &&
          stage == CRM_STAGE_DELIVERED && !crm_followup_store_deal_has_care (crm_store_get_followup_store (self->store), deal_id))
        {
          if (crm_cadence_plan_care (self->cadence, self->store, deal_id, now (self), 0, &error) > 0)
            g_signal_emit (self, signals[SIGNAL_DELIVERED], 0, deal_id);
          else if (error != NULL)
            g_warning ("After-sales care for deal %" G_GINT64_FORMAT ": %s", deal_id, error->message);
        }
    }

  if (self->notices_dirty)
    crm_reminders_check_lead_notices (self, FALSE);
  arm (self);
  return G_SOURCE_REMOVE;
}

static void
on_store_changed_cb (CrmStore     *store,
                     CrmEntity     entity,
                     gint64        id,
                     CrmReminders *self)
{
  if (entity == CRM_ENTITY_SHOWROOM)
    {
      g_autoptr(CrmCadence) cadence = crm_cadence_load (store);

      crm_cadence_free (self->cadence);
      self->cadence = g_steal_pointer (&cadence);
    }
  else if (entity == CRM_ENTITY_DEAL && id > 0)
    g_queue_push_tail (&self->pending_deals, GSIZE_TO_POINTER ((gsize) id));
  else if (entity == CRM_ENTITY_CUSTOMER || entity == CRM_ENTITY_STAFF)
    /* What the leads code announces when it writes a lead notice */
    self->notices_dirty = TRUE;
  else if (entity != CRM_ENTITY_ACTIVITY && entity != CRM_ENTITY_TEST_DRIVE)
    return;

  if (self->running && self->rearm_id == 0)
    self->rearm_id = g_idle_add (rearm_idle_cb, self);
}

static void
on_prepare_for_sleep_cb (GDBusConnection *connection,
                         const char      *sender,
                         const char      *path,
                         const char      *interface,
                         const char      *signal,
                         GVariant        *parameters,
                         gpointer         user_data)
{
  CrmReminders *self = user_data;
  gboolean going_to_sleep = FALSE;

  g_variant_get (parameters, "(b)", &going_to_sleep);
  if (!going_to_sleep && self->running)
    {
      g_debug ("Woke up: catching up on reminders");
      crm_reminders_check_now (self, TRUE);
    }
}

/* ---- actions ----------------------------------------------------- */

static void
done_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  CrmReminders *self = user_data;
  gint64 id = g_variant_get_int64 (parameter);
  g_autoptr(GError) error = NULL;

  withdraw (self, id);
  if (crm_cadence_complete (self->cadence, self->store, id, CRM_OUTCOME_NONE, NULL, TRUE,
                            now (self), &error) < 0)
    g_message ("Follow-up %" G_GINT64_FORMAT " not marked done: %s", id, error->message);
}

static void
snooze (CrmReminders *self,
        gint64        id,
        gint64        until)
{
  g_autoptr(GError) error = NULL;

  withdraw (self, id);
  if (!crm_followup_store_reschedule (crm_store_get_followup_store (self->store), id, until, &error))
    g_message ("Follow-up %" G_GINT64_FORMAT " not snoozed: %s", id, error->message);
}

static void
snooze_15_activated (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  CrmReminders *self = user_data;

  snooze (self, g_variant_get_int64 (parameter), now (self) + 15 * 60);
}

static void
snooze_60_activated (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  CrmReminders *self = user_data;

  snooze (self, g_variant_get_int64 (parameter), now (self) + HOUR);
}

static void
tomorrow_activated (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  CrmReminders *self = user_data;

  /* 9:00 tomorrow by the showroom's clock, where the rep works */
  snooze (self, g_variant_get_int64 (parameter),
          crm_time_on_day (crm_store_get_time_zone (self->store), now (self), 1, 9 * 60));
}

static void
open_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  CrmReminders *self = user_data;
  g_autoptr(CrmActivity) activity =
    crm_followup_store_get (crm_store_get_followup_store (self->store), g_variant_get_int64 (parameter), NULL);

  if (activity != NULL)
    g_signal_emit (self, signals[SIGNAL_OPEN_CUSTOMER], 0, crm_activity_get_customer_id (activity));
}

static void
deal_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  CrmReminders *self = user_data;
  gint64 customer_id = 0;

  if (crm_followup_store_get_deal_summary (crm_store_get_followup_store (self->store), g_variant_get_int64 (parameter),
                                  &customer_id, NULL, NULL))
    g_signal_emit (self, signals[SIGNAL_OPEN_CUSTOMER], 0, customer_id);
}

static void
my_day_activated (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  g_signal_emit (user_data, signals[SIGNAL_OPEN_MY_DAY], 0);
}

static void
customer_open_activated (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  g_signal_emit (user_data, signals[SIGNAL_OPEN_CUSTOMER], 0, g_variant_get_int64 (parameter));
}

static void
test_drive_calendar_activated (GSimpleAction *action,
                               GVariant      *parameter,
                               gpointer       user_data)
{
  CrmReminders *self = user_data;
  g_autoptr(CrmTestDrive) td =
    crm_calendar_store_get (crm_store_get_calendar_store (self->store), g_variant_get_int64 (parameter), NULL);

  if (td != NULL)
    g_signal_emit (self, signals[SIGNAL_OPEN_CALENDAR], 0, crm_test_drive_get_start_at (td));
}

static void
test_drive_snooze_activated (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  CrmReminders *self = user_data;
  gint64 id = g_variant_get_int64 (parameter);
  g_autofree char *notification_id = crm_reminders_dup_test_drive_notification_id (id);
  g_autoptr(GError) error = NULL;

  if (self->app != NULL)
    g_application_withdraw_notification (self->app, notification_id);
  if (!crm_calendar_store_snooze_reminder (crm_store_get_calendar_store (self->store), id, now (self) + 10 * MINUTE, &error))
    g_message ("Test drive %" G_GINT64_FORMAT " not snoozed: %s", id, error->message);
}

static const GActionEntry actions[] = {
  { "followup-done", done_activated, "x" },
  { "followup-snooze-15", snooze_15_activated, "x" },
  { "followup-snooze-60", snooze_60_activated, "x" },
  { "followup-tomorrow", tomorrow_activated, "x" },
  { "followup-open", open_activated, "x" },
  { "deal-open", deal_activated, "x" },
  { "my-day", my_day_activated },
  { "customer-open", customer_open_activated, "x" },
  { "test-drive-calendar", test_drive_calendar_activated, "x" },
  { "test-drive-snooze", test_drive_snooze_activated, "x" },
};

/* ---- escalation -------------------------------------------------- */

static void
send_escalation (CrmReminders *self,
                 gint64        deal_id)
{
  g_autoptr(CrmCustomer) customer = NULL;
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;
  g_autofree char *id = NULL;
  gint64 customer_id = 0;

  if (!crm_followup_store_get_deal_summary (crm_store_get_followup_store (self->store), deal_id, &customer_id, NULL, NULL) ||
      (customer = crm_customer_store_get (crm_store_get_customer_store (self->store), customer_id, NULL)) == NULL)
    return;

  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                        "No follow-up for %d day",
                                        "No follow-up for %d days", self->cadence->idle_days),
                           self->cadence->idle_days);
  body = g_strdup_printf (_("%s (sales consultant: %s)"), crm_customer_get_name (customer),
                          crm_customer_get_owner_name (customer) ? crm_customer_get_owner_name (customer)
                                                                 : _("nobody"));
  id = g_strdup_printf ("idle-deal-%" G_GINT64_FORMAT, deal_id);
  send_summary_notification (self, id, title, body, G_NOTIFICATION_PRIORITY_NORMAL,
                             "app.deal-open", g_variant_new_int64 (deal_id), NULL);
}

/**
 * crm_reminders_check_escalations:
 *
 * When the person at this desktop is a manager: tells them about open
 * deals with no follow-up for the showroom's idle limit, once per deal
 * and day (the escalation table remembers what was sent, for every
 * desktop). Runs at most once a day per process.
 *
 * Returns: how many deals were escalated now
 */
guint
crm_reminders_check_escalations (CrmReminders *self)
{
  g_autoptr(GDateTime) today = NULL;
  g_autoptr(GArray) idle = NULL;
  g_autoptr(GArray) fresh = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *day = NULL;
  gint64 t;

  g_return_val_if_fail (CRM_IS_REMINDERS (self), 0);

  if (!self->is_manager || self->app == NULL)
    return 0;

  t = now (self);
  today = crm_time_in_zone (crm_store_get_time_zone (self->store), t);
  day = g_date_time_format (today, "%Y-%m-%d");
  if (g_strcmp0 (day, self->escalation_day) == 0)
    return 0;

  idle = crm_followup_store_query_idle_deal_ids (crm_store_get_followup_store (self->store), -1, crm_cadence_idle_since (self->cadence, t),
                                        &error);
  if (idle == NULL || !crm_store_begin (self->store, &error))
    {
      g_warning ("Idle deals: %s", error->message);
      return 0;
    }

  fresh = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; i < idle->len; i++)
    {
      gint64 deal_id = g_array_index (idle, gint64, i);
      gboolean already = FALSE;

      if (!crm_followup_store_record_escalation (crm_store_get_followup_store (self->store), deal_id, day, &already, &error))
        {
          crm_store_rollback (self->store);
          g_warning ("Idle deals: %s", error->message);
          return 0;
        }
      if (!already)
        g_array_append_val (fresh, deal_id);
    }
  if (!crm_store_commit (self->store, &error))
    {
      g_warning ("Idle deals: %s", error->message);
      return 0;
    }

  g_free (self->escalation_day);
  self->escalation_day = g_steal_pointer (&day);

  if (fresh->len > CRM_REMINDERS_MAX_SINGLE)
    {
      g_autofree char *title = NULL;
      g_autofree char *body = NULL;

      title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%u deal has had no follow-up",
                                            "%u deals have had no follow-up", fresh->len),
                               fresh->len);
      body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Nobody has contacted these customers for %d day or more.",
                                           "Nobody has contacted these customers for %d days or more.",
                                           self->cadence->idle_days),
                              self->cadence->idle_days);
      send_summary_notification (self, "idle-deals", title, body,
                                 G_NOTIFICATION_PRIORITY_NORMAL, "app.my-day", NULL, NULL);
    }
  else
    for (guint i = 0; i < fresh->len; i++)
      send_escalation (self, g_array_index (fresh, gint64, i));

  return fresh->len;
}

/* ---- object ------------------------------------------------------ */

static void
crm_reminders_dispose (GObject *object)
{
  CrmReminders *self = CRM_REMINDERS (object);

  crm_reminders_stop (self);
  if (self->store != NULL)
    g_clear_signal_handler (&self->changed_id, self->store);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_object (&self->system_bus);
  /* The actions point at us: they go with us */
  if (self->app != NULL && self->own_app_actions)
    for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
      g_action_map_remove_action (G_ACTION_MAP (self->app), actions[i].name);
  g_clear_weak_pointer (&self->app);
  g_clear_object (&self->actions);

  G_OBJECT_CLASS (crm_reminders_parent_class)->dispose (object);
}

static void
crm_reminders_finalize (GObject *object)
{
  CrmReminders *self = CRM_REMINDERS (object);

  g_clear_pointer (&self->cadence, crm_cadence_free);
  g_clear_pointer (&self->escalation_day, g_free);
  g_queue_clear (&self->pending_deals);

  G_OBJECT_CLASS (crm_reminders_parent_class)->finalize (object);
}

static void
crm_reminders_class_init (CrmRemindersClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = crm_reminders_dispose;
  object_class->finalize = crm_reminders_finalize;

  /**
   * CrmReminders::due:
   * @n: how many follow-ups fell due (and were notified) just now
   */
  signals[SIGNAL_DUE] =
    g_signal_new ("due", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  /**
   * CrmReminders::open-customer:
   * @customer_id: whose window to show
   *
   * A notification (or its button) asked to open a customer.
   */
  signals[SIGNAL_OPEN_CUSTOMER] =
    g_signal_new ("open-customer", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  signals[SIGNAL_OPEN_MY_DAY] =
    g_signal_new ("open-my-day", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * CrmReminders::delivered:
   * @deal_id: the deal whose after-sales care was just planned
   */
  signals[SIGNAL_DELIVERED] =
    g_signal_new ("delivered", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  /**
   * CrmReminders::open-calendar:
   * @at: a time on the day to show (a test drive's start)
   *
   * A test-drive reminder asked to show the calendar.
   */
  signals[SIGNAL_OPEN_CALENDAR] =
    g_signal_new ("open-calendar", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
}

static void
crm_reminders_init (CrmReminders *self)
{
  g_queue_init (&self->pending_deals);
}

/**
 * crm_reminders_new:
 * @app: (nullable): the application that sends the notifications and owns
 *   the actions; %NULL in tests of the scheduler alone
 * @settings: (nullable): where the last check time is kept
 *
 * Returns: (transfer full): reminders for @store, not running yet
 */
CrmReminders *
crm_reminders_new (GApplication *app,
                   CrmStore     *store,
                   GSettings    *settings)
{
  CrmReminders *self;

  g_return_val_if_fail (app == NULL || G_IS_APPLICATION (app), NULL);
  g_return_val_if_fail (CRM_IS_STORE (store), NULL);

  self = g_object_new (CRM_TYPE_REMINDERS, NULL);
  g_set_weak_pointer (&self->app, app);
  self->store = g_object_ref (store);
  self->settings = settings ? g_object_ref (settings) : NULL;
  self->cadence = crm_cadence_load (store);
  self->changed_id = g_signal_connect (store, "changed", G_CALLBACK (on_store_changed_cb), self);

  self->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->actions), actions, G_N_ELEMENTS (actions), self);
  /* An application that does not hand the actions on itself (see
   * crm_reminders_get_action_names()) gets them from us while we live */
  if (app != NULL && !g_action_group_has_action (G_ACTION_GROUP (app), actions[0].name))
    {
      g_action_map_add_action_entries (G_ACTION_MAP (app), actions, G_N_ELEMENTS (actions), self);
      self->own_app_actions = TRUE;
    }
  return self;
}

/* Whether @name has an owner on @bus, or can be started */
static gboolean
bus_has_name (GDBusConnection *bus,
              const char      *method,
              const char      *name)
{
  g_autoptr(GVariant) reply =
    g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
                                 method, NULL, G_VARIANT_TYPE ("(as)"), G_DBUS_CALL_FLAGS_NONE, 2000, NULL, NULL);
  g_autofree const char **names = NULL;

  if (reply == NULL)
    return FALSE;
  g_variant_get (reply, "(^a&s)", &names);
  return g_strv_contains (names, name);
}

/**
 * crm_reminders_can_pop_up:
 * @bus: the session bus
 *
 * Whether anything on the desktop shows notifications: GNOME Shell's
 * org.gtk.Notifications, a freedesktop.org notification server running
 * or one that D-Bus can start, or the portal (in a sandbox). Without one
 * a reminder is sent into the void; the window says so once.
 *
 * Returns: %TRUE when reminders can pop up
 */
gboolean
crm_reminders_can_pop_up (GDBusConnection *bus)
{
  static const char *const services[] = {
    "org.gtk.Notifications", "org.freedesktop.Notifications", "org.freedesktop.portal.Desktop",
  };
  /* GLib sends to the portal only from inside a sandbox */
  guint n = g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS) ? G_N_ELEMENTS (services) : 2;

  g_return_val_if_fail (G_IS_DBUS_CONNECTION (bus), FALSE);

  for (guint i = 0; i < n; i++)
    if (bus_has_name (bus, "ListNames", services[i]) || bus_has_name (bus, "ListActivatableNames", services[i]))
      return TRUE;
  return FALSE;
}

/**
 * crm_reminders_get_action_names:
 *
 * The application actions a reminder's buttons and default action name
 * (app.followup-done …). A notification can be clicked after the program
 * that showed it has ended: the click then starts it again through D-Bus
 * and activates the action at once, so the application must have added
 * every one of them before it is registered on the bus (see
 * crm_reminders_get_action_parameter_type(), crm_reminders_activate()).
 *
 * Returns: (transfer none): the names
 */
const char * const *
crm_reminders_get_action_names (void)
{
  static const char *names[G_N_ELEMENTS (actions) + 1];

  if (names[0] == NULL)
    for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
      names[i] = actions[i].name;
  return names;
}

/**
 * crm_reminders_get_action_parameter_type:
 *
 * Returns: (nullable): the type of the action's parameter, as a string
 */
const char *
crm_reminders_get_action_parameter_type (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    if (g_str_equal (actions[i].name, name))
      return actions[i].parameter_type;
  return NULL;
}

/**
 * crm_reminders_activate:
 *
 * Does what a reminder's button named @name asks.
 *
 * Returns: whether such an action exists
 */
gboolean
crm_reminders_activate (CrmReminders *self,
                        const char   *name,
                        GVariant     *parameter)
{
  g_return_val_if_fail (CRM_IS_REMINDERS (self), FALSE);

  if (!g_action_group_has_action (G_ACTION_GROUP (self->actions), name))
    return FALSE;
  g_action_group_activate_action (G_ACTION_GROUP (self->actions), name, parameter);
  return TRUE;
}

CrmStore *
crm_reminders_get_store (CrmReminders *self)
{
  g_return_val_if_fail (CRM_IS_REMINDERS (self), NULL);
  return self->store;
}

/**
 * crm_reminders_set_staff:
 * @staff_id: whose follow-ups to remind of (0 = nobody's)
 * @is_manager: also tell about idle deals
 */
void
crm_reminders_set_staff (CrmReminders *self,
                         gint64        staff_id,
                         gboolean      is_manager)
{
  g_return_if_fail (CRM_IS_REMINDERS (self));

  if (self->staff_id == staff_id && self->is_manager == is_manager)
    return;
  self->staff_id = staff_id;
  self->is_manager = is_manager;
  g_clear_pointer (&self->escalation_day, g_free);
  if (self->running)
    crm_reminders_check_now (self, TRUE);
}

/**
 * crm_reminders_start:
 *
 * Shows what fell due while Showroom was not running (since the last
 * check, or since the start of today the first time) and sets the timer.
 */
void
crm_reminders_start (CrmReminders *self)
{
  g_return_if_fail (CRM_IS_REMINDERS (self));

  if (self->running)
    return;
  self->running = TRUE;
  self->first_look = TRUE;

  if (self->settings != NULL)
    self->last_check = g_settings_get_int64 (self->settings, "reminders-last-check");
  if (self->last_check <= 0 || self->last_check > now (self))
    {
      self->last_check = crm_time_day_start (crm_store_get_time_zone (self->store), now (self)) - 1;
    }

  /* The birthday sweep, once a day per showroom */
  {
    g_autoptr(GError) error = NULL;

    crm_cadence_sweep_birthdays (self->cadence, self->store, now (self), &error);
    if (error != NULL)
      g_debug ("Birthdays not planned: %s", error->message);
  }

  if (self->system_bus == NULL)
    self->system_bus = g_bus_get_sync (G_BUS_TYPE_SYSTEM, NULL, NULL);
  if (self->system_bus != NULL && self->sleep_watch == 0)
    self->sleep_watch =
      g_dbus_connection_signal_subscribe (self->system_bus, "org.freedesktop.login1",
                                          "org.freedesktop.login1.Manager", "PrepareForSleep",
                                          "/org/freedesktop/login1", NULL,
                                          G_DBUS_SIGNAL_FLAGS_NONE,
                                          on_prepare_for_sleep_cb, self, NULL);

  crm_reminders_check_now (self, TRUE);
}

void
crm_reminders_stop (CrmReminders *self)
{
  g_return_if_fail (CRM_IS_REMINDERS (self));

  self->running = FALSE;
  g_clear_handle_id (&self->timer_id, g_source_remove);
  g_clear_handle_id (&self->rearm_id, g_source_remove);
  if (self->system_bus != NULL && self->sleep_watch != 0)
    {
      g_dbus_connection_signal_unsubscribe (self->system_bus, self->sleep_watch);
      self->sleep_watch = 0;
    }
  self->next_wakeup = 0;
}

gboolean
crm_reminders_is_running (CrmReminders *self)
{
  g_return_val_if_fail (CRM_IS_REMINDERS (self), FALSE);
  return self->running;
}

/**
 * crm_reminders_get_next_wakeup:
 *
 * Returns: the time the timer waits for: the earliest of the next
 *   follow-up and the next test-drive reminder, 0 when nothing is planned
 */
gint64
crm_reminders_get_next_wakeup (CrmReminders *self)
{
  g_return_val_if_fail (CRM_IS_REMINDERS (self), 0);
  return self->next_wakeup;
}

gint64
crm_reminders_get_last_check (CrmReminders *self)
{
  g_return_val_if_fail (CRM_IS_REMINDERS (self), 0);
  return self->last_check;
}
