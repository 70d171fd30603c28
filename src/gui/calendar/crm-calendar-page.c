/* crm-calendar-page.c: the Test Drives view
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The calendar grid with its toolbar: Today, previous/next, Day/Week/Month,
 * New Booking and a menu for iCalendar, printing and the fleet. A drag in
 * the grid books, moves or resizes; the store's rules decide, and a refusal
 * says why and offers the next free time in a toast.
 */
#define G_LOG_DOMAIN "crm-calendar-page"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "crm-calendar-page.h"
#include "crm-format.h"
#include "crm-calendar-preferences.h"
#include "crm-calendar-print.h"
#include "crm-gui-util.h"
#include "crm-ical.h"
#include "crm-phone.h"

struct _CrmCalendarPage
{
  AdwBin           parent_instance;

  CrmContext      *context;
  gulong           changed_id;
  guint            tick_id;

  AdwToastOverlay *toast_overlay;
  GtkLabel        *title_label;
  GtkLabel        *zone_label;
  GtkToggleButton *day_button;
  GtkToggleButton *week_button;
  GtkToggleButton *month_button;
  GtkBox          *legend_box;
  GtkScrolledWindow *scroller;
  CrmCalendarView *view;
};

G_DEFINE_FINAL_TYPE (CrmCalendarPage, crm_calendar_page, ADW_TYPE_BIN)

static CrmStore *
get_store (CrmCalendarPage *self)
{
  return self->context ? crm_context_get_store (self->context) : NULL;
}

static GtkWindow *
get_parent_window (CrmCalendarPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
toast (CrmCalendarPage *self,
       const char      *text)
{
  AdwToast *t = adw_toast_new (text);

  adw_toast_set_timeout (t, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, t);
}

static void
show_error (CrmCalendarPage *self,
            const char      *heading,
            const char      *message)
{
  GtkWidget *dialog = adw_message_dialog_new (get_parent_window (self), heading, message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The bookings of a range (or the cars), read in a worker thread on a
 * server: the week is drawn once they come */
typedef struct
{
  gint64      from;
  gint64      to;
  gboolean    vehicles;
  GPtrArray  *bookings;
  GListModel *vehicle_list;
} CalendarRead;

static void
calendar_read_free (gpointer data)
{
  CalendarRead *read = data;

  g_clear_pointer (&read->bookings, g_ptr_array_unref);
  g_clear_object (&read->vehicle_list);
  g_free (read);
}

static gpointer
calendar_read_thread (CrmStore      *store,
                      gpointer       data,
                      GCancellable  *cancellable,
                      GError       **error)
{
  CalendarRead *read = data;

  if (read->vehicles)
    read->vehicle_list = crm_calendar_store_list_vehicles (crm_store_get_calendar_store (store), TRUE);
  else
    read->bookings = crm_calendar_store_list (crm_store_get_calendar_store (store), read->from, read->to);
  return read;
}

static void
on_calendar_read_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(CrmCalendarPage) self = user_data;
  g_autoptr(GError) error = NULL;
  CalendarRead *read = crm_store_read_get_data (result);
  gint64 from, to;

  if (crm_store_read_finish (CRM_STORE (source), result, &error) == NULL)
    {
      g_message ("Could not read the bookings: %s", error->message);
      return;
    }
  if (self->context == NULL)
    return;
  if (read->vehicles)
    {
      crm_calendar_view_set_vehicles (self->view, read->vehicle_list);
      return;
    }
  /* Another week asked for meanwhile: its own read shows it */
  crm_calendar_view_get_range (self->view, &from, &to);
  if (from == read->from && to == read->to)
    {
      crm_calendar_view_set_bookings (self->view, read->bookings);
      crm_calendar_view_set_now (self->view, crm_clock_get_now (crm_context_get_clock (self->context)));
    }
}

static void
reload (CrmCalendarPage *self)
{
  g_autoptr(GPtrArray) bookings = NULL;
  g_autofree char *title = NULL;
  gint64 from, to;

  title = crm_calendar_view_dup_title (self->view);
  gtk_label_set_label (self->title_label, title);

  if (get_store (self) == NULL)
    return;

  crm_calendar_view_get_range (self->view, &from, &to);
  if (crm_store_reads_in_background (get_store (self)))
    {
      CalendarRead *read = g_new0 (CalendarRead, 1);

      read->from = from;
      read->to = to;
      crm_store_read_async (get_store (self), calendar_read_thread, read, calendar_read_free, NULL, NULL,
                            on_calendar_read_cb, g_object_ref (self));
      return;
    }
  bookings = crm_calendar_store_list (crm_store_get_calendar_store (get_store (self)), from, to);
  crm_calendar_view_set_bookings (self->view, bookings);
  crm_calendar_view_set_now (self->view, crm_clock_get_now (crm_context_get_clock (self->context)));
}

static void
reload_setup (CrmCalendarPage *self)
{
  g_autoptr(GListModel) vehicles = NULL;
  CrmCalendarSettings rules;

  GTimeZone *showroom = crm_store_get_time_zone (get_store (self));
  gint64 now = crm_clock_get_now (crm_context_get_clock (self->context));
  int shift = 0;

  /* Opening hours are the showroom's clock; the grid is this desktop's
   * (the times of bookings are shown in it): move the hours by the
   * difference, and say so */
  if (crm_time_zone_differs (showroom, now))
    {
      g_autoptr(GTimeZone) desktop = g_time_zone_new_local ();
      g_autoptr(GDateTime) t = g_date_time_new_from_unix_utc (now);
      g_autoptr(GDateTime) here = g_date_time_to_timezone (t, desktop);
      g_autoptr(GDateTime) there = g_date_time_to_timezone (t, showroom);
      g_autofree char *zones = NULL;

      shift = (int) ((g_date_time_get_utc_offset (here) - g_date_time_get_utc_offset (there)) / G_TIME_SPAN_MINUTE);
      /* Translators: the first %s is this computer's time zone (UTC), the second the showroom's (Asia/Shanghai) */
      zones = g_strdup_printf (_("Shown in %s time; the showroom keeps %s time"),
                               g_time_zone_get_identifier (desktop), g_time_zone_get_identifier (showroom));
      gtk_label_set_label (self->zone_label, zones);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->zone_label), zones);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->zone_label), shift != 0);

  crm_staff_store_get_calendar_settings (crm_store_get_staff_store (get_store (self)), &rules);
#define SHIFTED(minute) CLAMP ((minute) + shift, 0, 24 * 60)
  crm_calendar_view_set_hours (self->view, SHIFTED (rules.open_minute), SHIFTED (rules.close_minute),
                               SHIFTED (rules.weekend_open_minute), SHIFTED (rules.weekend_close_minute),
                               rules.slot_minutes);
#undef SHIFTED
  if (crm_store_reads_in_background (get_store (self)))
    {
      CalendarRead *read = g_new0 (CalendarRead, 1);

      read->vehicles = TRUE;
      crm_store_read_async (get_store (self), calendar_read_thread, read, calendar_read_free, NULL, NULL,
                            on_calendar_read_cb, g_object_ref (self));
      return;
    }
  vehicles = crm_calendar_store_list_vehicles (crm_store_get_calendar_store (get_store (self)), TRUE);
  crm_calendar_view_set_vehicles (self->view, vehicles);
}

static void
on_store_changed_cb (CrmCalendarPage *self,
                     CrmEntity        entity,
                     gint64           id,
                     CrmStore        *store)
{
  if (entity == CRM_ENTITY_VEHICLE || entity == CRM_ENTITY_SHOWROOM ||
      entity == CRM_ENTITY_VEHICLE_MODEL)
    reload_setup (self);
  if (entity == CRM_ENTITY_TEST_DRIVE || entity == CRM_ENTITY_CUSTOMER ||
      entity == CRM_ENTITY_VEHICLE || entity == CRM_ENTITY_STAFF ||
      entity == CRM_ENTITY_SHOWROOM || entity == CRM_ENTITY_VEHICLE_MODEL)
    reload (self);
}

static gboolean
on_tick_cb (gpointer user_data)
{
  CrmCalendarPage *self = user_data;

  if (self->context != NULL)
    crm_calendar_view_set_now (self->view, crm_clock_get_now (crm_context_get_clock (self->context)));
  return G_SOURCE_CONTINUE;
}

/* ------------------------------------------------------------------ */
/* View callbacks                                                      */

static void
on_view_range_changed_cb (CrmCalendarPage *self)
{
  reload (self);
}

static void
on_view_mode_changed_cb (CrmCalendarPage *self)
{
  switch (crm_calendar_view_get_mode (self->view))
    {
    case CRM_CALENDAR_MODE_DAY:
      gtk_toggle_button_set_active (self->day_button, TRUE);
      break;
    case CRM_CALENDAR_MODE_MONTH:
      gtk_toggle_button_set_active (self->month_button, TRUE);
      break;
    case CRM_CALENDAR_MODE_WEEK:
    default:
      gtk_toggle_button_set_active (self->week_button, TRUE);
      break;
    }
}

static void
on_mode_toggled_cb (CrmCalendarPage *self)
{
  if (gtk_toggle_button_get_active (self->day_button))
    crm_calendar_view_set_mode (self->view, CRM_CALENDAR_MODE_DAY);
  else if (gtk_toggle_button_get_active (self->month_button))
    crm_calendar_view_set_mode (self->view, CRM_CALENDAR_MODE_MONTH);
  else if (gtk_toggle_button_get_active (self->week_button))
    crm_calendar_view_set_mode (self->view, CRM_CALENDAR_MODE_WEEK);
}

static void
on_view_create_requested_cb (CrmCalendarPage *self,
                             gint64           start,
                             gint64           end,
                             gint64           vehicle_id)
{
  crm_calendar_page_new_booking (self, start, end, vehicle_id);
}

static void
on_view_move_requested_cb (CrmCalendarPage *self,
                           gint64           id,
                           gint64           vehicle_id,
                           gint64           start,
                           gint64           end)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmTestDrive) td = NULL;
  g_autoptr(GArray) slots = NULL;
  AdwToast *t;

  if (crm_calendar_store_move (crm_store_get_calendar_store (get_store (self)), id, vehicle_id, start, end, &error))
    return;

  reload (self);
  t = adw_toast_new (error->message);
  adw_toast_set_timeout (t, 10);

  /* Offer the next time that fits the same car, consultant and length */
  td = crm_calendar_store_get (crm_store_get_calendar_store (get_store (self)), id, NULL);
  if (td != NULL)
    {
      crm_test_drive_set_vehicle_id (td, vehicle_id);
      crm_test_drive_set_start_at (td, start);
      crm_test_drive_set_end_at (td, end);
      slots = crm_calendar_store_next_free_slots (crm_store_get_calendar_store (get_store (self)), td, 1);
    }
  if (slots != NULL && slots->len > 0)
    {
      gint64 slot = g_array_index (slots, gint64, 0);
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (slot);
      g_autofree char *when = g_date_time_format (dt, _("%a %-d %b %H:%M"));
      /* Translators: a toast button moving a booking to the next free time */
      g_autofree char *label = g_strdup_printf (_("Move to %s"), when);

      adw_toast_set_button_label (t, label);
      adw_toast_set_action_name (t, "calendar.move-to");
      adw_toast_set_action_target_value (t, g_variant_new ("(xxxx)", id, vehicle_id, slot, slot + (end - start)));
    }
  adw_toast_overlay_add_toast (self->toast_overlay, t);
}

static void
export_bookings (CrmCalendarPage *self,
                 GPtrArray       *bookings,
                 const char      *suggested_name);

static void on_details_response_cb (AdwMessageDialog *dialog,
                                    const char       *response,
                                    CrmCalendarPage  *self);

/* Cancelling a customer's test drive is asked again, with keeping it as
 * the default: a stray Enter on the details never cancels */
static void
confirm_cancel (CrmCalendarPage *self,
                gint64           id)
{
  g_autoptr(CrmTestDrive) td = crm_calendar_store_get (crm_store_get_calendar_store (get_store (self)), id, NULL);
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  if (td == NULL)
    return;
  /* Translators: %s is the customer's name */
  heading = g_strdup_printf (_("Cancel %s’s Test Drive?"), crm_test_drive_get_customer_name (td));
  dialog = adw_message_dialog_new (get_parent_window (self), heading,
                                   _("The car and the consultant become free for others. "
                                     "Call the customer to book another time."));
  g_object_set_data (G_OBJECT (dialog), "booking-id", GSIZE_TO_POINTER ((gsize) id));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "keep", _("_Keep Booking"),
                                    "cancel-confirmed", _("_Cancel Test Drive"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "cancel-confirmed",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_details_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_details_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        CrmCalendarPage  *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "booking-id"));
  GtkEditable *feedback = g_object_get_data (G_OBJECT (dialog), "feedback");
  CrmStaff *me = crm_context_get_current_staff (self->context);
  g_autoptr(GError) error = NULL;
  CrmTestDriveStatus to;

  if (g_str_equal (response, "confirm"))
    to = CRM_TEST_DRIVE_CONFIRMED;
  else if (g_str_equal (response, "check-in"))
    to = CRM_TEST_DRIVE_CHECKED_IN;
  else if (g_str_equal (response, "complete"))
    to = CRM_TEST_DRIVE_COMPLETED;
  else if (g_str_equal (response, "no-show"))
    to = CRM_TEST_DRIVE_NO_SHOW;
  else if (g_str_equal (response, "cancel-booking"))
    {
      confirm_cancel (self, id);
      return;
    }
  else if (g_str_equal (response, "cancel-confirmed"))
    to = CRM_TEST_DRIVE_CANCELLED;
  else if (g_str_equal (response, "open-customer"))
    {
      gint64 customer_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "customer-id"));

      gtk_widget_activate_action (GTK_WIDGET (self), "win.show-customer", "x", customer_id);
      return;
    }
  else if (g_str_equal (response, "export"))
    {
      g_autoptr(GPtrArray) one = g_ptr_array_new_with_free_func (g_object_unref);
      CrmTestDrive *td = crm_calendar_store_get (crm_store_get_calendar_store (get_store (self)), id, NULL);

      if (td != NULL)
        {
          g_ptr_array_add (one, td);
          export_bookings (self, one, "test-drive.ics");
        }
      return;
    }
  else
    return;

  if (!crm_calendar_store_set_status (crm_store_get_calendar_store (get_store (self)), id, to,
                                        feedback ? gtk_editable_get_text (feedback) : NULL,
                                        me ? crm_staff_get_id (me) : 0, &error))
    show_error (self, _("The test drive was not changed"), error->message);
  else if (to == CRM_TEST_DRIVE_COMPLETED)
    toast (self, _("Test drive completed; the deal is at the Test drive stage."));
  else if (to == CRM_TEST_DRIVE_NO_SHOW)
    toast (self, _("No-show recorded; a call to book again is planned for the consultant."));
}

static void
on_view_booking_activated_cb (CrmCalendarPage *self,
                              gint64           id)
{
  g_autoptr(CrmTestDrive) td = crm_calendar_store_get (crm_store_get_calendar_store (get_store (self)), id, NULL);
  g_autoptr(GDateTime) s = NULL;
  g_autoptr(GDateTime) e = NULL;
  g_autofree char *day = NULL;
  g_autofree char *to = NULL;
  g_autofree char *body = NULL;
  g_autofree char *feedback_line = NULL;
  g_autofree char *phone = NULL;
  CrmTestDriveStatus status;
  GtkWidget *dialog;
  static const struct { CrmTestDriveStatus status; const char *id; const char *label; } moves[] = {
    { CRM_TEST_DRIVE_CONFIRMED, "confirm", N_("C_onfirm") },
    { CRM_TEST_DRIVE_CHECKED_IN, "check-in", N_("Check _In") },
    { CRM_TEST_DRIVE_COMPLETED, "complete", N_("Co_mplete") },
    { CRM_TEST_DRIVE_NO_SHOW, "no-show", N_("_No-show") },
    { CRM_TEST_DRIVE_CANCELLED, "cancel-booking", N_("Cancel _Booking") },
  };

  if (td == NULL)
    return;

  status = crm_test_drive_get_status (td);
  s = g_date_time_new_from_unix_local (crm_test_drive_get_start_at (td));
  e = g_date_time_new_from_unix_local (crm_test_drive_get_end_at (td));
  /* Translators: strftime format of a booking's day and start: "Tuesday 24 November, 10:00" */
  day = g_date_time_format (s, _("%A %-d %B, %H:%M"));
  to = g_date_time_format (e, "%H:%M");
  if (crm_test_drive_get_feedback (td) != NULL)
    feedback_line = g_strdup_printf (_("\nFeedback: %s"), crm_test_drive_get_feedback (td));
  {
    g_autoptr(CrmCustomer) customer =
      crm_customer_store_get (crm_store_get_customer_store (get_store (self)), crm_test_drive_get_customer_id (td), NULL);

    if (customer != NULL && crm_customer_get_phone (customer) != NULL)
      phone = crm_phone_format (crm_customer_get_phone (customer));
  }
  body = g_strdup_printf (_("%s–%s\nPhone: %s\nCar: %s\nSales consultant: %s\nStatus: %s%s"),
                          day, to, phone ? phone : "—", crm_test_drive_get_vehicle_label (td),
                          crm_test_drive_get_staff_name (td),
                          crm_test_drive_status_get_label (status),
                          feedback_line ? feedback_line : "");

  dialog = adw_message_dialog_new (get_parent_window (self), crm_test_drive_get_customer_name (td), body);
  g_object_set_data (G_OBJECT (dialog), "booking-id", GSIZE_TO_POINTER ((gsize) id));
  g_object_set_data (G_OBJECT (dialog), "customer-id", GSIZE_TO_POINTER ((gsize) crm_test_drive_get_customer_id (td)));
  /* Stacked, the responses read from the last added at the top: the way
   * forward (check in, complete) first, cancelling last above Close */
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  for (guint i = G_N_ELEMENTS (moves); i > 0; i--)
    if (moves[i - 1].status == CRM_TEST_DRIVE_CANCELLED || moves[i - 1].status == CRM_TEST_DRIVE_NO_SHOW)
      if (crm_test_drive_status_can_change (status, moves[i - 1].status))
        adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), moves[i - 1].id, _(moves[i - 1].label));
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "export", _("_Export…"));
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "open-customer", _("Open _Customer"));
  for (guint i = G_N_ELEMENTS (moves); i > 0; i--)
    if (moves[i - 1].status != CRM_TEST_DRIVE_CANCELLED && moves[i - 1].status != CRM_TEST_DRIVE_NO_SHOW)
      if (crm_test_drive_status_can_change (status, moves[i - 1].status))
        adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), moves[i - 1].id, _(moves[i - 1].label));
  if (crm_test_drive_status_can_change (status, CRM_TEST_DRIVE_CANCELLED))
    adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "cancel-booking",
                                                ADW_RESPONSE_DESTRUCTIVE);
  if (crm_test_drive_status_can_change (status, CRM_TEST_DRIVE_COMPLETED))
    {
      GtkWidget *entry = gtk_entry_new ();

      gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Customer feedback"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Customer feedback"), -1);
      gtk_entry_set_attributes (GTK_ENTRY (entry), crm_gui_chinese_attrs ());
      adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
      g_object_set_data (G_OBJECT (dialog), "feedback", entry);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "complete",
                                                  ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "complete");
    }
  else if (crm_test_drive_status_can_change (status, CRM_TEST_DRIVE_CHECKED_IN))
    {
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "check-in",
                                                  ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "check-in");
    }
  else
    adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_details_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ------------------------------------------------------------------ */
/* iCalendar and print                                                 */

static void
on_export_response_cb (GtkNativeDialog *chooser,
                       int              response,
                       CrmCalendarPage *self)
{
  char *ics = g_object_get_data (G_OBJECT (chooser), "ics");
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))) != NULL)
    {
      if (!g_file_replace_contents (file, ics, strlen (ics), NULL, FALSE, G_FILE_CREATE_NONE,
                                    NULL, NULL, &error))
        show_error (self, _("The calendar file was not saved"), error->message);
      else
        toast (self, _("Saved as iCalendar; open it on a phone to add the test drives."));
    }
  g_object_unref (chooser);
}

static void
export_bookings (CrmCalendarPage *self,
                 GPtrArray       *bookings,
                 const char      *suggested_name)
{
  GtkFileChooserNative *chooser;

  if (bookings->len == 0)
    {
      toast (self, _("No test drives to export."));
      return;
    }
  chooser = gtk_file_chooser_native_new (_("Export Test Drives"), get_parent_window (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), suggested_name);
  g_object_set_data_full (G_OBJECT (chooser), "ics",
                          crm_ical_export_test_drives (get_store (self), bookings), g_free);
  g_signal_connect (chooser, "response", G_CALLBACK (on_export_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
export_range (CrmCalendarPage *self,
              gboolean         day_only)
{
  GDateTime *date = crm_calendar_view_get_date (self->view);
  g_autoptr(GPtrArray) bookings = NULL;
  g_autofree char *name = NULL;
  g_autofree char *stamp = g_date_time_format (date, "%Y-%m-%d");
  gint64 from, to;

  if (day_only)
    {
      from = g_date_time_to_unix (date);
      to = from + 24 * 60 * 60;
    }
  else
    crm_calendar_view_get_range (self->view, &from, &to);
  bookings = crm_calendar_store_list (crm_store_get_calendar_store (get_store (self)), from, to);
  /* Cancelled bookings stay out of an export for phones */
  for (guint i = bookings->len; i > 0; i--)
    if (!crm_test_drive_status_is_active (crm_test_drive_get_status (g_ptr_array_index (bookings, i - 1))))
      g_ptr_array_remove_index (bookings, i - 1);
  name = g_strdup_printf ("test-drives-%s.ics", stamp);
  export_bookings (self, bookings, name);
}

static void
on_import_response_cb (GtkNativeDialog *chooser,
                       int              response,
                       CrmCalendarPage *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (response == GTK_RESPONSE_ACCEPT &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))) != NULL)
    {
      guint n = 0;

      if (g_file_load_contents (file, NULL, &contents, &length, NULL, &error))
        n = crm_ical_import_test_drives (get_store (self), contents, &error);
      if (n == 0)
        show_error (self, _("Nothing was imported"), error ? error->message : "");
      else
        {
          g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                "%u test drive imported.",
                                                                "%u test drives imported.", n), n);
          toast (self, text);
        }
    }
  g_object_unref (chooser);
}

static void
calendar_action_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CrmCalendarPage *self = CRM_CALENDAR_PAGE (widget);

  if (self->context == NULL)
    return;

  if (g_str_equal (action_name, "calendar.today"))
    crm_calendar_view_go (self->view, 0);
  else if (g_str_equal (action_name, "calendar.previous"))
    crm_calendar_view_go (self->view, -1);
  else if (g_str_equal (action_name, "calendar.next"))
    crm_calendar_view_go (self->view, 1);
  else if (g_str_equal (action_name, "calendar.new-booking"))
    crm_calendar_page_new_booking (self, 0, 0, 0);
  else if (g_str_equal (action_name, "calendar.export-day"))
    export_range (self, TRUE);
  else if (g_str_equal (action_name, "calendar.export-range"))
    export_range (self, FALSE);
  else if (g_str_equal (action_name, "calendar.import"))
    {
      GtkFileChooserNative *chooser =
        gtk_file_chooser_native_new (_("Import Test Drives"), get_parent_window (self),
                                     GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"), _("_Cancel"));
      GtkFileFilter *filter = gtk_file_filter_new ();

      gtk_file_filter_set_name (filter, _("iCalendar files"));
      gtk_file_filter_add_pattern (filter, "*.ics");
      gtk_file_filter_add_mime_type (filter, "text/calendar");
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
      g_object_unref (filter);
      g_signal_connect (chooser, "response", G_CALLBACK (on_import_response_cb), self);
      gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
    }
  else if (g_str_equal (action_name, "calendar.print"))
    {
      g_autoptr(GError) error = NULL;

      if (!crm_calendar_print_day (get_parent_window (self), get_store (self),
                                   crm_calendar_view_get_date (self->view), NULL, &error) &&
          error != NULL)
        show_error (self, _("The schedule was not printed"), error->message);
    }
  else if (g_str_equal (action_name, "calendar.preferences"))
    {
      CrmCalendarPreferences *prefs = crm_calendar_preferences_new (self->context, get_parent_window (self));
      gtk_window_present (GTK_WINDOW (prefs));
    }
  else if (g_str_equal (action_name, "calendar.move-to"))
    {
      gint64 id, vehicle, start, end;

      g_variant_get (parameter, "(xxxx)", &id, &vehicle, &start, &end);
      on_view_move_requested_cb (self, id, vehicle, start, end);
    }
}

/* ------------------------------------------------------------------ */
/* Legend                                                              */

static void
draw_swatch_cb (GtkDrawingArea *area,
                cairo_t        *cr,
                int             width,
                int             height,
                gpointer        user_data)
{
  CrmTestDriveStatus status = GPOINTER_TO_INT (user_data);
  GdkRGBA colour;

  crm_calendar_view_get_status_colour (status, &colour);
  /* As the view draws a cancelled booking: faint, in the text colour */
  if (status == CRM_TEST_DRIVE_CANCELLED)
    {
      G_GNUC_BEGIN_IGNORE_DEPRECATIONS
      gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (area)), &colour);
      G_GNUC_END_IGNORE_DEPRECATIONS
      colour.alpha = 0.25;
    }
  gdk_cairo_set_source_rgba (cr, &colour);
  cairo_arc (cr, width / 2.0, height / 2.0, MIN (width, height) / 2.0, 0, 2 * G_PI);
  cairo_fill (cr);
}

/* A swatch and a label for each status: the blocks' colours explained,
 * in the order a booking goes through them */
static void
build_legend (CrmCalendarPage *self)
{
  static const CrmTestDriveStatus statuses[] = {
    CRM_TEST_DRIVE_BOOKED, CRM_TEST_DRIVE_CONFIRMED, CRM_TEST_DRIVE_CHECKED_IN,
    CRM_TEST_DRIVE_COMPLETED, CRM_TEST_DRIVE_NO_SHOW, CRM_TEST_DRIVE_CANCELLED,
  };

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      GtkWidget *item = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      /* The label says it all: the swatch is decoration to a screen reader */
      GtkWidget *swatch = g_object_new (GTK_TYPE_DRAWING_AREA,
                                        "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                        "content-width", 10,
                                        "content-height", 10,
                                        "valign", GTK_ALIGN_CENTER,
                                        NULL);
      GtkWidget *label = gtk_label_new (crm_test_drive_status_get_label (statuses[i]));

      gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (swatch), draw_swatch_cb,
                                      GINT_TO_POINTER (statuses[i]), NULL);
      gtk_widget_add_css_class (label, "caption");
      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (GTK_BOX (item), swatch);
      gtk_box_append (GTK_BOX (item), label);
      gtk_box_append (self->legend_box, item);
    }
}

/* ------------------------------------------------------------------ */

static void
crm_calendar_page_dispose (GObject *object)
{
  CrmCalendarPage *self = CRM_CALENDAR_PAGE (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (self->context != NULL && self->changed_id != 0)
    g_clear_signal_handler (&self->changed_id, crm_context_get_store (self->context));
  g_clear_object (&self->context);
  /* No gtk_widget_dispose_template(): the toast overlay, bound by the
   * template, is AdwBin's own child and AdwBin unparents it */

  G_OBJECT_CLASS (crm_calendar_page_parent_class)->dispose (object);
}

static void
crm_calendar_page_class_init (CrmCalendarPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  static const char * const actions[] = {
    "calendar.today", "calendar.previous", "calendar.next", "calendar.new-booking",
    "calendar.export-day", "calendar.export-range", "calendar.import", "calendar.print",
    "calendar.preferences",
  };

  object_class->dispose = crm_calendar_page_dispose;

  g_type_ensure (CRM_TYPE_CALENDAR_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/showroomcrm/Showroom/crm-calendar-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CrmCalendarPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CrmCalendarPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, CrmCalendarPage, zone_label);
  gtk_widget_class_bind_template_child (widget_class, CrmCalendarPage, day_button);
  gtk_widget_class_bind_template_child (widget_class, CrmCalendarPage, week_button);
  gtk_widget_class_bind_template_child (widget_class, CrmCalendarPage, month_button);
  gtk_widget_class_bind_template_child (widget_class, CrmCalendarPage, legend_box);
  gtk_widget_class_bind_template_child (widget_class, CrmCalendarPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, CrmCalendarPage, view);
  gtk_widget_class_bind_template_callback (widget_class, on_view_range_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_view_create_requested_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_view_move_requested_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_view_booking_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_view_mode_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_mode_toggled_cb);

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    gtk_widget_class_install_action (widget_class, actions[i], NULL, calendar_action_cb);
  gtk_widget_class_install_action (widget_class, "calendar.move-to", "(xxxx)", calendar_action_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_b, GDK_CONTROL_MASK, "calendar.new-booking", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "calendar.print", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "calendar.previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_ALT_MASK, "calendar.next", NULL);
}

static void
crm_calendar_page_init (CrmCalendarPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  build_legend (self);
  self->tick_id = g_timeout_add_seconds (30, on_tick_cb, self);
}

static gboolean
open_booking_for_screenshot_cb (gpointer user_data)
{
  CrmCalendarPage *self = user_data;
  CrmBookingDialog *dialog;
  g_autoptr(GPtrArray) bookings = NULL;
  gint64 from, to, now = crm_clock_get_now (crm_context_get_clock (self->context));

  if (g_strcmp0 (g_getenv ("SHOWROOM_NEW_BOOKING"), "fleet") == 0)
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "calendar.preferences", NULL);
      return G_SOURCE_REMOVE;
    }
  if (g_strcmp0 (g_getenv ("SHOWROOM_NEW_BOOKING"), "details") == 0)
    {
      crm_calendar_view_get_range (self->view, &from, &to);
      bookings = crm_calendar_store_list (crm_store_get_calendar_store (get_store (self)), from, to);
      for (guint i = 0; i < bookings->len; i++)
        if (crm_test_drive_get_status (g_ptr_array_index (bookings, i)) == CRM_TEST_DRIVE_CHECKED_IN)
          {
            on_view_booking_activated_cb (self, crm_test_drive_get_id (g_ptr_array_index (bookings, i)));
            break;
          }
      return G_SOURCE_REMOVE;
    }
  if (g_strcmp0 (g_getenv ("SHOWROOM_NEW_BOOKING"), "conflict") != 0)
    {
      crm_calendar_page_new_booking (self, 0, 0, 0);
      return G_SOURCE_REMOVE;
    }

  crm_calendar_view_get_range (self->view, &from, &to);
  bookings = crm_calendar_store_list (crm_store_get_calendar_store (get_store (self)), from, to);
  for (guint i = 0; i < bookings->len; i++)
    {
      CrmTestDrive *td = g_ptr_array_index (bookings, i);

      if (crm_test_drive_get_start_at (td) > now &&
          crm_test_drive_status_is_active (crm_test_drive_get_status (td)))
        {
          dialog = crm_calendar_page_new_booking (self, crm_test_drive_get_start_at (td),
                                                  crm_test_drive_get_end_at (td),
                                                  crm_test_drive_get_vehicle_id (td));
          crm_booking_dialog_set_new_customer (dialog, "欧阳明", "139 0000 1234");
          crm_booking_dialog_book (dialog);
          break;
        }
    }
  return G_SOURCE_REMOVE;
}

/**
 * crm_calendar_page_set_context:
 *
 * Shows the test drives of @context's database, the week of today.
 */
void
crm_calendar_page_set_context (CrmCalendarPage *self,
                               CrmContext      *context)
{
  g_autoptr(GDateTime) today = NULL;

  g_return_if_fail (CRM_IS_CALENDAR_PAGE (self));
  g_return_if_fail (CRM_IS_CONTEXT (context));

  if (self->context != context)
    {
      if (self->context != NULL && self->changed_id != 0)
        g_clear_signal_handler (&self->changed_id, crm_context_get_store (self->context));
      g_set_object (&self->context, context);
      self->changed_id = g_signal_connect_object (crm_context_get_store (context), "changed",
                                                  G_CALLBACK (on_store_changed_cb), self,
                                                  G_CONNECT_SWAPPED);
    }

  today = g_date_time_new_from_unix_local (crm_clock_get_now (crm_context_get_clock (context)));
  crm_calendar_view_set_now (self->view, crm_clock_get_now (crm_context_get_clock (context)));
  reload_setup (self);
  crm_calendar_view_set_date (self->view, today);
  /* Screenshots: SHOWROOM_CALENDAR_MODE=day|week|month */
  if (g_strcmp0 (g_getenv ("SHOWROOM_CALENDAR_MODE"), "day") == 0)
    crm_calendar_view_set_mode (self->view, CRM_CALENDAR_MODE_DAY);
  else if (g_strcmp0 (g_getenv ("SHOWROOM_CALENDAR_MODE"), "month") == 0)
    crm_calendar_view_set_mode (self->view, CRM_CALENDAR_MODE_MONTH);
  reload (self);

  /* Screenshots: SHOWROOM_NEW_BOOKING=1 opens the dialog, =conflict also
   * tries a booking on a taken car, =details opens the drive under way,
   * =fleet the fleet and opening hours */
  if (g_getenv ("SHOWROOM_NEW_BOOKING") != NULL)
    g_idle_add_full (G_PRIORITY_LOW, open_booking_for_screenshot_cb, g_object_ref (self), g_object_unref);
}

CrmCalendarView *
crm_calendar_page_get_view (CrmCalendarPage *self)
{
  g_return_val_if_fail (CRM_IS_CALENDAR_PAGE (self), NULL);
  return self->view;
}

/**
 * crm_calendar_page_get_legend:
 *
 * Returns: (transfer none): the row that names the bookings' colours
 */
GtkWidget *
crm_calendar_page_get_legend (CrmCalendarPage *self)
{
  g_return_val_if_fail (CRM_IS_CALENDAR_PAGE (self), NULL);
  return GTK_WIDGET (self->legend_box);
}

/**
 * crm_calendar_page_new_booking:
 * @start: the slot's start, or 0 for the next quarter hour
 * @vehicle_id: the car (day view), or 0
 *
 * Returns: (transfer none): the dialog, shown
 */
CrmBookingDialog *
crm_calendar_page_new_booking (CrmCalendarPage *self,
                               gint64           start,
                               gint64           end,
                               gint64           vehicle_id)
{
  CrmBookingDialog *dialog;

  g_return_val_if_fail (CRM_IS_CALENDAR_PAGE (self), NULL);
  g_return_val_if_fail (self->context != NULL, NULL);

  dialog = crm_booking_dialog_new (self->context, get_parent_window (self));
  if (start > 0)
    crm_booking_dialog_set_slot (dialog, start, end, vehicle_id);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}
