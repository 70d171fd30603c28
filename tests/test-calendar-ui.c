/* test-calendar-ui.c: the Test Drives view driven as reception would
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under Xvfb in a private D-Bus session with GTK_A11Y=test. The demo
 * showroom on Tuesday 24 November 2026, 10:30 in Guangzhou.
 */
#define _GNU_SOURCE
#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "crm-booking-dialog.h"
#include "crm-calendar-page.h"
#include "crm-calendar-preferences.h"
#include "crm-calendar-print.h"
#include "crm-calendar-view.h"
#include "crm-demo.h"
#include "crm-phone.h"
#include "crm-test-util.h"

#define NOW 1795487400 /* 2026-11-24 10:30 in Asia/Shanghai */

typedef struct
{
  char       *dir;
  char       *path;
  CrmStore   *store;
  CrmContext *context;
  GtkWindow  *window;
  CrmCalendarPage *page;
} Fixture;

static gboolean
timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmClock) clock = crm_clock_new_fixed (NOW);
  g_autoptr(GSettings) settings = g_settings_new ("io.github.showroomcrm.Showroom");

  f->dir = g_dir_make_tmp ("showroom-calendar-ui-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "showroom.db", NULL);
  f->store = crm_store_open (f->path, clock, &error);
  g_assert_no_error (error);
  g_assert_true (crm_demo_generate (f->store, 300, 1200, 20261124, &error));
  g_assert_no_error (error);
  g_settings_set_int64 (settings, "current-staff-id", 0);
  f->context = crm_context_new (f->store, settings);

  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 1200, 760);
  f->page = g_object_new (CRM_TYPE_CALENDAR_PAGE, NULL);
  gtk_window_set_child (f->window, GTK_WIDGET (f->page));
  crm_calendar_page_set_context (f->page, f->context);
  gtk_window_present (f->window);
  spin (300);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDir) d = NULL;
  const char *name;

  gtk_window_destroy (f->window);
  spin (50);
  g_clear_object (&f->context);
  g_clear_object (&f->store);
  d = g_dir_open (f->dir, 0, NULL);
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *child = g_build_filename (f->dir, name, NULL);
      g_unlink (child);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

/* The first button in @widget's tree that carries a free slot */
static GtkWidget *
find_slot_button (GtkWidget *widget)
{
  if (GTK_IS_BUTTON (widget) && g_object_get_data (G_OBJECT (widget), "start") != NULL &&
      gtk_widget_get_mapped (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_slot_button (child);
      if (found)
        return found;
    }
  return NULL;
}

/* Presses @keyval on the view as the key controller would see it */
static gboolean
press_key (GtkWidget *widget,
           guint      keyval)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller))
        g_signal_emit_by_name (controller, "key-pressed", keyval, 0, (GdkModifierType) 0, &handled);
    }
  return handled;
}

static void
test_keyboard (Fixture       *f,
               gconstpointer  data)
{
  CrmCalendarView *view = crm_calendar_page_get_view (f->page);
  GListModel *toplevels;   /* (transfer none) */
  gint64 from, to, from2, to2;
  GtkWidget *dialog = NULL;
  gboolean found = FALSE;

  crm_calendar_view_get_range (view, &from, &to);
  g_assert_true (press_key (GTK_WIDGET (view), GDK_KEY_Page_Down));
  crm_calendar_view_get_range (view, &from2, &to2);
  g_assert_cmpint (from2, ==, from + 7 * 24 * 3600);
  g_assert_true (press_key (GTK_WIDGET (view), GDK_KEY_Home));
  crm_calendar_view_get_range (view, &from2, &to2);
  g_assert_cmpint (from2, ==, from);
  /* Right from Tuesday: Wednesday, same week */
  g_assert_true (press_key (GTK_WIDGET (view), GDK_KEY_Right));
  g_assert_cmpint (g_date_time_get_day_of_month (crm_calendar_view_get_date (view)), ==, 25);

  /* Enter on a free slot (9:00 on Wednesday, the cursor's start) opens New Booking */
  g_assert_true (press_key (GTK_WIDGET (view), GDK_KEY_Return));
  spin (100);
  toplevels = gtk_window_get_toplevels ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels) && dialog == NULL; i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (CRM_IS_BOOKING_DIALOG (w))
        dialog = GTK_WIDGET (w);
    }
  found = dialog != NULL;
  if (dialog != NULL)
    gtk_window_close (GTK_WINDOW (dialog));
  spin (50);
  g_assert_true (found);
}

static GtkGesture *
drag_gesture (GtkWidget *widget)
{
  GListModel *controllers = gtk_widget_observe_controllers (widget);
  GtkGesture *found = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && found == NULL; i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_GESTURE_DRAG (controller))
        found = GTK_GESTURE (controller);
    }
  g_object_unref (controllers);
  return found;
}

/* Drags booking @td in the view by @dy pixels from (@x, @y) as a pointer would */
static void
drag (GtkWidget *view,
      double     x,
      double     y,
      double     dy)
{
  GtkGesture *gesture = drag_gesture (view);

  g_assert_nonnull (gesture);
  g_signal_emit_by_name (gesture, "drag-begin", x, y);
  g_signal_emit_by_name (gesture, "drag-update", 0.0, dy / 2);
  g_signal_emit_by_name (gesture, "drag-update", 0.0, dy);
  g_signal_emit_by_name (gesture, "drag-end", 0.0, dy);
  spin (50);
}

static void
test_drag_move_and_resize (Fixture       *f,
                           gconstpointer  data)
{
  CrmCalendarView *view = crm_calendar_page_get_view (f->page);
  g_autoptr(GPtrArray) week = NULL;
  g_autoptr(CrmTestDrive) after = NULL;
  g_autoptr(CrmTestDrive) probe = crm_test_drive_new ();
  CrmTestDrive *td = NULL;
  graphene_rect_t rect;
  gint64 from, to, start, end;
  double hour;
  gboolean allowed;

  crm_calendar_view_get_range (view, &from, &to);
  week = crm_calendar_store_list (crm_store_get_calendar_store (f->store), from, to);
  for (guint i = 0; i < week->len && td == NULL; i++)
    {
      CrmTestDrive *candidate = g_ptr_array_index (week, i);
      CrmTestDriveStatus status = crm_test_drive_get_status (candidate);

      if (crm_test_drive_get_start_at (candidate) > NOW + 86400 &&
          (status == CRM_TEST_DRIVE_BOOKED || status == CRM_TEST_DRIVE_CONFIRMED) &&
          crm_calendar_view_get_block_rect (view, crm_test_drive_get_id (candidate), &rect) &&
          rect.size.height > 20)
        td = candidate;
    }
  g_assert_nonnull (td);
  start = crm_test_drive_get_start_at (td);
  end = crm_test_drive_get_end_at (td);
  hour = (rect.size.height + 2) * 3600.0 / (end - start);

  /* An hour later: moved if the rules allow it, untouched if not */
  crm_test_drive_set_id (probe, crm_test_drive_get_id (td));
  crm_test_drive_set_customer_id (probe, crm_test_drive_get_customer_id (td));
  crm_test_drive_set_vehicle_id (probe, crm_test_drive_get_vehicle_id (td));
  crm_test_drive_set_staff_id (probe, crm_test_drive_get_staff_id (td));
  crm_test_drive_set_start_at (probe, start + 3600);
  crm_test_drive_set_end_at (probe, end + 3600);
  allowed = crm_calendar_store_check (crm_store_get_calendar_store (f->store), probe, NULL) == CRM_BOOKING_OK;
  g_test_message ("moving an hour later is %s", allowed ? "allowed" : "refused");
  drag (GTK_WIDGET (view), rect.origin.x + rect.size.width / 2, rect.origin.y + 4, hour);
  after = crm_calendar_store_get (crm_store_get_calendar_store (f->store), crm_test_drive_get_id (td), NULL);
  g_assert_cmpint (crm_test_drive_get_start_at (after), ==, allowed ? start + 3600 : start);
  g_assert_cmpint (crm_test_drive_get_end_at (after) - crm_test_drive_get_start_at (after), ==, end - start);

  /* Stretch it past closing time from its lower edge: refused, unchanged */
  start = crm_test_drive_get_start_at (after);
  end = crm_test_drive_get_end_at (after);
  g_clear_object (&after);
  g_assert_true (crm_calendar_view_get_block_rect (view, crm_test_drive_get_id (td), &rect));
  drag (GTK_WIDGET (view), rect.origin.x + rect.size.width / 2, rect.origin.y + rect.size.height - 2,
        hour * 12);
  after = crm_calendar_store_get (crm_store_get_calendar_store (f->store), crm_test_drive_get_id (td), NULL);
  g_assert_cmpint (crm_test_drive_get_start_at (after), ==, start);
  g_assert_cmpint (crm_test_drive_get_end_at (after), ==, end);
}

static void
test_week_range (Fixture       *f,
                 gconstpointer  data)
{
  CrmCalendarView *view = crm_calendar_page_get_view (f->page);
  gint64 from, to;
  g_autofree char *title = NULL;

  /* Week view by default, Monday first */
  g_assert_cmpint (crm_calendar_view_get_mode (view), ==, CRM_CALENDAR_MODE_WEEK);
  crm_calendar_view_get_range (view, &from, &to);
  g_assert_cmpint (from, ==, NOW - (24 + 10) * 3600 - 1800);   /* Mon 23 Nov 00:00 */
  g_assert_cmpint (to - from, ==, 7 * 24 * 3600);
  title = crm_calendar_view_dup_title (view);
  crm_test_assert_contains (title, "48");

  crm_calendar_view_set_mode (view, CRM_CALENDAR_MODE_DAY);
  crm_calendar_view_go (view, 1);
  crm_calendar_view_get_range (view, &from, &to);
  g_assert_cmpint (from, ==, NOW - 10 * 3600 - 1800 + 24 * 3600);
  crm_calendar_view_go (view, 0);
  crm_calendar_view_get_range (view, &from, &to);
  g_assert_cmpint (from, ==, NOW - 10 * 3600 - 1800);

  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_ROLE_GRID);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Test-drive calendar");
}

static void
test_book_through_dialog (Fixture       *f,
                          gconstpointer  data)
{
  CrmCalendarView *view = crm_calendar_page_get_view (f->page);
  g_autoptr(GPtrArray) week = NULL;
  g_autoptr(CrmTestDrive) booked = NULL;
  g_autoptr(GListModel) deals = NULL;
  g_autoptr(CrmDeal) deal = NULL;
  CrmBookingDialog *dialog;
  CrmTestDrive *taken = NULL;
  GtkWidget *slot;
  graphene_rect_t rect;
  gint64 from, to, id;

  /* A future booking of this week: its car is taken at that time */
  crm_calendar_view_get_range (view, &from, &to);
  week = crm_calendar_store_list (crm_store_get_calendar_store (f->store), from, to);
  for (guint i = 0; i < week->len && taken == NULL; i++)
    {
      CrmTestDrive *td = g_ptr_array_index (week, i);
      if (crm_test_drive_get_start_at (td) > NOW && crm_test_drive_status_is_active (crm_test_drive_get_status (td)))
        taken = td;
    }
  g_assert_nonnull (taken);

  dialog = crm_calendar_page_new_booking (f->page, crm_test_drive_get_start_at (taken),
                                          crm_test_drive_get_start_at (taken) + 30 * 60,
                                          crm_test_drive_get_vehicle_id (taken));
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  spin (100);
  crm_booking_dialog_set_new_customer (dialog, "测试客户", "139 1234 5678");

  /* Refused with the reason, the next free times offered, nothing stored */
  g_assert_cmpint (crm_booking_dialog_book (dialog), ==, 0);
  g_assert_nonnull (crm_booking_dialog_get_error (dialog));
  g_assert_cmpuint (crm_booking_dialog_get_n_slots (dialog), >, 0);
  g_assert_cmpint (crm_customer_store_find_by_phone (crm_store_get_customer_store (f->store), "13912345678", 0), ==, 0);
  spin (100);

  /* Take the first free time and book */
  slot = find_slot_button (GTK_WIDGET (dialog));
  g_assert_nonnull (slot);
  g_signal_emit_by_name (slot, "clicked");
  g_assert_null (crm_booking_dialog_get_error (dialog));
  id = crm_booking_dialog_book (dialog);
  g_assert_cmpint (id, >, 0);
  spin (200);
  g_assert_null (dialog);

  booked = crm_calendar_store_get (crm_store_get_calendar_store (f->store), id, NULL);
  g_assert_cmpstr (crm_test_drive_get_customer_name (booked), ==, "测试客户");
  g_assert_cmpint (crm_test_drive_get_vehicle_id (booked), ==, crm_test_drive_get_vehicle_id (taken));

  /* The new customer is a lead with a New lead deal owned by the rep */
  deals = crm_deal_store_list_for_customer (crm_store_get_deal_store (f->store), crm_test_drive_get_customer_id (booked));
  g_assert_cmpuint (g_list_model_get_n_items (deals), ==, 1);
  deal = g_list_model_get_item (deals, 0);
  g_assert_cmpint (crm_deal_get_stage (deal), ==, CRM_STAGE_NEW_LEAD);
  g_assert_cmpint (crm_deal_get_owner_id (deal), ==, crm_test_drive_get_staff_id (booked));

  /* The block is in the week view, inside the widget, if the slot is this week */
  if (crm_test_drive_get_start_at (booked) < to)
    {
      g_assert_true (crm_calendar_view_get_block_rect (view, id, &rect));
      g_assert_cmpfloat (rect.size.width, >, 4);
      g_assert_cmpfloat (rect.size.height, >, 8);
      g_assert_cmpfloat (rect.origin.x + rect.size.width, <=, gtk_widget_get_width (GTK_WIDGET (view)));
      g_assert_cmpfloat (rect.origin.y + rect.size.height, <=, gtk_widget_get_height (GTK_WIDGET (view)));
    }
  else
    {
      crm_calendar_view_go (view, 1);
      g_assert_true (crm_calendar_view_get_block_rect (view, id, &rect));
    }
}

static void
test_print_pdf (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *pdf = g_build_filename (f->dir, "day.pdf", NULL);
  g_autoptr(GDateTime) day = g_date_time_new_from_unix_local (NOW);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (crm_calendar_print_day (NULL, f->store, day, pdf, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (pdf, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 2000);
  if (g_getenv ("CALENDAR_KEEP_PDF"))
    g_file_set_contents (g_getenv ("CALENDAR_KEEP_PDF"), contents, length, NULL);
  crm_test_assert_has_prefix (contents, "%PDF");
  /* The Chinese text went in with Simplified Chinese glyph forms (the zh-cn
   * language), not the Japanese ones Pango picks under LANG=C.UTF-8 */
  g_assert_nonnull (memmem (contents, length, "NotoSansCJKsc", strlen ("NotoSansCJKsc")));
}

static AdwEntryRow *
find_entry_row (GtkWidget  *widget,
                const char *title)
{
  if (ADW_IS_ENTRY_ROW (widget) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0)
    return ADW_ENTRY_ROW (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      AdwEntryRow *found = find_entry_row (child, title);
      if (found)
        return found;
    }
  return NULL;
}

/* The manager gives Saturday and Sunday longer hours in the preferences */
static void
test_weekend_hours_preferences (Fixture       *f,
                                gconstpointer  data)
{
  CrmCalendarPreferences *prefs = crm_calendar_preferences_new (f->context, f->window);
  AdwEntryRow *open_row, *close_row, *week_close_row;
  CrmCalendarSettings rules;

  gtk_window_present (GTK_WINDOW (prefs));
  spin (200);
  open_row = find_entry_row (GTK_WIDGET (prefs), "Saturday and Sunday: opens at");
  close_row = find_entry_row (GTK_WIDGET (prefs), "Saturday and Sunday: closes at");
  week_close_row = find_entry_row (GTK_WIDGET (prefs), "Monday to Friday: closes at");
  g_assert_nonnull (open_row);
  g_assert_nonnull (close_row);
  g_assert_nonnull (week_close_row);
  /* the demo showroom stays open an hour longer at the weekend */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (close_row)), ==, "19:00");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (week_close_row)), ==, "18:00");

  gtk_editable_set_text (GTK_EDITABLE (open_row), "10:00");
  gtk_editable_set_text (GTK_EDITABLE (close_row), "20:30");
  g_signal_emit_by_name (close_row, "apply");
  crm_staff_store_get_calendar_settings (crm_store_get_staff_store (f->store), &rules);
  g_assert_cmpint (rules.weekend_open_minute, ==, 10 * 60);
  g_assert_cmpint (rules.weekend_close_minute, ==, 20 * 60 + 30);
  g_assert_cmpint (rules.close_minute, ==, 18 * 60);

  /* A time that is not one changes nothing and shows the stored one again */
  gtk_editable_set_text (GTK_EDITABLE (week_close_row), "6pm");
  g_signal_emit_by_name (week_close_row, "apply");
  crm_staff_store_get_calendar_settings (crm_store_get_staff_store (f->store), &rules);
  g_assert_cmpint (rules.close_minute, ==, 18 * 60);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (week_close_row)), ==, "18:00");

  gtk_window_destroy (GTK_WINDOW (prefs));
}

static GtkLabel *
find_label_containing (GtkWidget  *widget,
                       const char *text)
{
  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_label (GTK_LABEL (widget)), text) != NULL)
    return GTK_LABEL (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = find_label_containing (child, text);
      if (found)
        return found;
    }
  return NULL;
}

/* A showroom whose clock is not this desktop's: the opening hours (the
 * showroom's 09:00-18:00 in Tokyo) are shaded in this desktop's time,
 * 08:00-17:00 in Guangzhou, and the page names both zones */
static void
test_showroom_zone (Fixture       *f,
                    gconstpointer  data)
{
  CrmCalendarView *view = crm_calendar_page_get_view (f->page);
  g_autoptr(GError) error = NULL;
  GtkLabel *label;
  int open = 0, close = 0;

  crm_calendar_view_get_hours (view, FALSE, &open, &close);
  g_assert_cmpint (open, ==, 9 * 60);
  g_assert_cmpint (close, ==, 18 * 60);
  g_assert_null (find_label_containing (GTK_WIDGET (f->page), "Asia/Tokyo"));

  g_assert_true (crm_store_set_time_zone (f->store, "Asia/Tokyo", &error));
  g_assert_no_error (error);
  spin (100);

  crm_calendar_view_get_hours (view, FALSE, &open, &close);
  g_assert_cmpint (open, ==, 8 * 60);
  g_assert_cmpint (close, ==, 17 * 60);
  label = find_label_containing (GTK_WIDGET (f->page), "Asia/Tokyo");
  g_assert_nonnull (label);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (label)));
  g_assert_nonnull (strstr (gtk_label_get_label (label), "Asia/Shanghai"));

  /* Back to the desktop's own zone: nothing to name */
  g_assert_true (crm_store_set_time_zone (f->store, "Asia/Shanghai", &error));
  spin (100);
  crm_calendar_view_get_hours (view, FALSE, &open, &close);
  g_assert_cmpint (open, ==, 9 * 60);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (label)));
}

static AdwComboRow *
find_combo_row (GtkWidget  *widget,
                const char *title)
{
  if (ADW_IS_COMBO_ROW (widget) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0)
    return ADW_COMBO_ROW (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      AdwComboRow *found = find_combo_row (child, title);
      if (found)
        return found;
    }
  return NULL;
}

static const char *
combo_row_text (AdwComboRow *row)
{
  return gtk_string_object_get_string (GTK_STRING_OBJECT (adw_combo_row_get_selected_item (row)));
}

static GtkWidget *
find_type (GtkWidget *widget,
           GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_type (child, type);
      if (found)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_entry_row_by_title (GtkWidget  *widget,
                         const char *title)
{
  if (ADW_IS_ENTRY_ROW (widget) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_entry_row_by_title (child, title);
      if (found)
        return found;
    }
  return NULL;
}

static GtkButton *
find_button_labelled (GtkWidget  *widget,
                      const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return GTK_BUTTON (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkButton *found = find_button_labelled (child, label);
      if (found)
        return found;
    }
  return NULL;
}

/* The day and time of New Booking are picked, not only typed: a calendar,
 * and the times of the opening hours (none before opening) */
static void
test_booking_pickers (Fixture       *f,
                      gconstpointer  data)
{
  CrmBookingDialog *dialog = crm_calendar_page_new_booking (f->page, 0, 0, 0);
  GtkWidget *date_row, *time_row, *button, *calendar;
  GtkPopover *popover;
  g_autoptr(GDateTime) day = g_date_time_new_local (2026, 12, 3, 0, 0, 0);

  spin (100);
  date_row = find_entry_row_by_title (GTK_WIDGET (dialog), "Date (YYYY-MM-DD)");
  time_row = find_entry_row_by_title (GTK_WIDGET (dialog), "Start (HH:MM)");
  g_assert_nonnull (date_row);
  g_assert_nonnull (time_row);

  button = find_type (date_row, GTK_TYPE_MENU_BUTTON);
  g_assert_nonnull (button);
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  spin (50);
  popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (button));
  calendar = find_type (GTK_WIDGET (popover), GTK_TYPE_CALENDAR);
  g_assert_nonnull (calendar);
  gtk_calendar_select_day (GTK_CALENDAR (calendar), day);
  spin (50);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (date_row)), ==, "2026-12-03");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (popover)));

  button = find_type (time_row, GTK_TYPE_MENU_BUTTON);
  g_assert_nonnull (button);
  popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (button));
  g_assert_null (find_button_labelled (GTK_WIDGET (popover), "08:00"));
  g_assert_nonnull (find_button_labelled (GTK_WIDGET (popover), "09:00"));
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  spin (50);
  g_signal_emit_by_name (find_button_labelled (GTK_WIDGET (popover), "14:30"), "clicked");
  spin (50);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (time_row)), ==, "14:30");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* Reception books: the consultant is not whoever heads the staff list
 * (the manager) but a sales consultant, and the customer's own once the
 * customer is chosen: the one who is reminded */
static void
test_booking_consultant (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GListModel) staff = crm_staff_store_list (crm_store_get_staff_store (f->store), TRUE);
  g_autoptr(CrmCustomer) customer = NULL;
  CrmBookingDialog *dialog;
  AdwComboRow *rep_row;
  gint64 customer_id = 0;

  dialog = crm_calendar_page_new_booking (f->page, 0, 0, 0);
  spin (100);
  rep_row = find_combo_row (GTK_WIDGET (dialog), "Sales consultant");
  g_assert_nonnull (rep_row);
  for (guint i = 0; i < g_list_model_get_n_items (staff); i++)
    {
      g_autoptr(CrmStaff) member = g_list_model_get_item (staff, i);

      if (g_str_equal (crm_staff_get_name (member), combo_row_text (rep_row)))
        g_assert_cmpint (crm_staff_get_role (member), ==, CRM_ROLE_SALES);
    }

  /* A customer whose consultant is not the one shown */
  for (gint64 id = 1; id < 300 && customer_id == 0; id++)
    {
      g_autoptr(CrmCustomer) c = crm_customer_store_get (crm_store_get_customer_store (f->store), id, NULL);

      if (c != NULL && crm_customer_get_owner_name (c) != NULL && crm_customer_get_phone (c) != NULL &&
          g_strcmp0 (crm_customer_get_owner_name (c), combo_row_text (rep_row)) != 0)
        customer_id = id;
    }
  g_assert_cmpint (customer_id, >, 0);
  customer = crm_customer_store_get (crm_store_get_customer_store (f->store), customer_id, NULL);
  crm_booking_dialog_search (dialog, crm_customer_get_phone (customer));
  spin (100);
  g_assert_cmpstr (combo_row_text (rep_row), ==, crm_customer_get_owner_name (customer));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static AdwMessageDialog *
find_message_dialog (const char *heading_part)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)) &&
          strstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (window)), heading_part) != NULL)
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

/* Reception opens a booking: its phone, car and consultant are there,
 * the customer one click away; cancelling is never the default and is
 * asked again, with keeping the booking as the default */
static void
test_booking_details (Fixture       *f,
                      gconstpointer  data)
{
  CrmCalendarView *view = crm_calendar_page_get_view (f->page);
  g_autoptr(GPtrArray) bookings = NULL;
  g_autoptr(CrmTestDrive) after = NULL;
  g_autoptr(CrmCustomer) customer = NULL;
  g_autofree char *phone = NULL;
  AdwMessageDialog *details, *confirm;
  CrmTestDrive *booked = NULL;
  gint64 from, to;

  crm_calendar_view_get_range (view, &from, &to);
  bookings = crm_calendar_store_list (crm_store_get_calendar_store (f->store), from, to);
  for (guint i = 0; i < bookings->len && booked == NULL; i++)
    if (crm_test_drive_get_status (g_ptr_array_index (bookings, i)) == CRM_TEST_DRIVE_BOOKED)
      booked = g_ptr_array_index (bookings, i);
  g_assert_nonnull (booked);
  customer = crm_customer_store_get (crm_store_get_customer_store (f->store), crm_test_drive_get_customer_id (booked), NULL);
  phone = crm_phone_format (crm_customer_get_phone (customer));

  g_signal_emit_by_name (view, "booking-activated", crm_test_drive_get_id (booked));
  spin (100);
  details = find_message_dialog (crm_test_drive_get_customer_name (booked));
  g_assert_nonnull (details);
  crm_test_assert_contains (adw_message_dialog_get_body (details), phone);
  crm_test_assert_contains (adw_message_dialog_get_body (details), crm_test_drive_get_vehicle_label (booked));
  crm_test_assert_contains (adw_message_dialog_get_body (details), crm_test_drive_get_staff_name (booked));
  g_assert_true (adw_message_dialog_has_response (details, "open-customer"));
  g_assert_true (adw_message_dialog_has_response (details, "cancel-booking"));
  g_assert_cmpstr (adw_message_dialog_get_default_response (details), !=, "cancel-booking");

  /* Cancel asks first; Keep (the default) keeps it */
  adw_message_dialog_response (details, "cancel-booking");
  spin (100);
  confirm = find_message_dialog ("?");
  g_assert_nonnull (confirm);
  g_assert_cmpstr (adw_message_dialog_get_default_response (confirm), ==, "keep");
  adw_message_dialog_response (confirm, "keep");
  spin (50);
  after = crm_calendar_store_get (crm_store_get_calendar_store (f->store), crm_test_drive_get_id (booked), NULL);
  g_assert_cmpint (crm_test_drive_get_status (after), ==, CRM_TEST_DRIVE_BOOKED);
  g_clear_object (&after);

  g_signal_emit_by_name (view, "booking-activated", crm_test_drive_get_id (booked));
  spin (100);
  details = find_message_dialog (crm_test_drive_get_customer_name (booked));
  adw_message_dialog_response (details, "cancel-booking");
  spin (100);
  confirm = find_message_dialog ("?");
  g_assert_nonnull (confirm);
  adw_message_dialog_response (confirm, "cancel-confirmed");
  spin (50);
  after = crm_calendar_store_get (crm_store_get_calendar_store (f->store), crm_test_drive_get_id (booked), NULL);
  g_assert_cmpint (crm_test_drive_get_status (after), ==, CRM_TEST_DRIVE_CANCELLED);
}

/* A booking made up for the layout tests: @minute after local midnight of
 * the day @day_offset days after Monday 23 November, on car @vehicle */
static CrmTestDrive *
made_up_booking (gint64             id,
                 int                day_offset,
                 int                minute,
                 int                length,
                 gint64             vehicle,
                 CrmTestDriveStatus status)
{
  gint64 monday = NOW - (24 + 10) * 3600 - 1800;
  CrmTestDrive *td = crm_test_drive_new ();
  g_autofree char *name = g_strdup_printf ("客户%" G_GINT64_FORMAT, id % 1000);
  g_autofree char *car = g_strdup_printf ("粤A·D%04" G_GINT64_FORMAT " · 凯美瑞", vehicle);

  crm_test_drive_set_id (td, id);
  crm_test_drive_set_vehicle_id (td, vehicle);
  crm_test_drive_set_start_at (td, monday + day_offset * 86400 + minute * 60);
  crm_test_drive_set_end_at (td, monday + day_offset * 86400 + (minute + length) * 60);
  crm_test_drive_set_status (td, status);
  crm_test_drive_set_customer_name (td, name);
  crm_test_drive_set_staff_name (td, "李娜");
  crm_test_drive_set_vehicle_label (td, car);
  return td;
}

static void
assert_apart (const graphene_rect_t *a,
              const graphene_rect_t *b)
{
  graphene_rect_t common;

  if (graphene_rect_intersection (a, b, &common))
    g_assert_cmpfloat (common.size.width * common.size.height, <=, 0.0);
}

static void
test_overlap_layout (Fixture       *f,
                     gconstpointer  data)
{
  CrmCalendarView *view = crm_calendar_page_get_view (f->page);
  g_autoptr(GPtrArray) bookings = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GDateTime) wednesday = g_date_time_new_local (2026, 11, 25, 0, 0, 0);
  graphene_rect_t rect[4];

  /* Wednesday: A 10:00–11:00, B 10:30–11:30, C 11:00–12:00 chain into one
   * cluster that needs two lanes, not three (C takes A's lane); D alone
   * at 15:00 takes the whole column */
  g_ptr_array_add (bookings, made_up_booking (900001, 2, 600, 60, 1, CRM_TEST_DRIVE_BOOKED));
  g_ptr_array_add (bookings, made_up_booking (900002, 2, 630, 60, 2, CRM_TEST_DRIVE_CONFIRMED));
  g_ptr_array_add (bookings, made_up_booking (900003, 2, 660, 60, 3, CRM_TEST_DRIVE_BOOKED));
  g_ptr_array_add (bookings, made_up_booking (900004, 2, 900, 60, 1, CRM_TEST_DRIVE_BOOKED));
  crm_calendar_view_set_bookings (view, bookings);

  for (guint i = 0; i < 4; i++)
    {
      g_assert_true (crm_calendar_view_get_block_rect (view, 900001 + i, &rect[i]));
      g_test_message ("booking %u: x %.0f width %.0f", i, rect[i].origin.x, rect[i].size.width);
      g_assert_cmpfloat (rect[i].size.width, >=, CRM_CALENDAR_VIEW_MIN_BLOCK_WIDTH);
    }
  assert_apart (&rect[0], &rect[1]);
  assert_apart (&rect[1], &rect[2]);
  assert_apart (&rect[0], &rect[2]);
  /* Two lanes: A and C share the first */
  g_assert_cmpfloat (rect[0].origin.x, ==, rect[2].origin.x);
  g_assert_cmpfloat (rect[1].origin.x, >=, rect[0].origin.x + rect[0].size.width);
  g_assert_cmpfloat (rect[3].size.width, >, rect[0].size.width * 1.8);
  g_assert_cmpint (crm_calendar_view_get_hidden_count (view, wednesday, NULL), ==, 0);
}

static void
test_crowded_day (Fixture       *f,
                  gconstpointer  data)
{
  CrmCalendarView *view = crm_calendar_page_get_view (f->page);
  g_autoptr(GPtrArray) bookings = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GDateTime) thursday = g_date_time_new_local (2026, 11, 26, 0, 0, 0);
  graphene_rect_t chip, rect, shown[6];
  guint n_shown = 0;
  int hidden;

  /* Six drives at 14:00 on Thursday, one per car: more than a week
   * column has room for side by side */
  for (guint i = 0; i < 6; i++)
    g_ptr_array_add (bookings, made_up_booking (900101 + i, 3, 840, 60, i + 1, CRM_TEST_DRIVE_BOOKED));
  crm_calendar_view_set_bookings (view, bookings);

  for (guint i = 0; i < 6; i++)
    if (crm_calendar_view_get_block_rect (view, 900101 + i, &rect))
      {
        g_assert_cmpfloat (rect.size.width, >=, CRM_CALENDAR_VIEW_MIN_BLOCK_WIDTH);
        for (guint j = 0; j < n_shown; j++)
          assert_apart (&rect, &shown[j]);
        shown[n_shown++] = rect;
      }
  hidden = crm_calendar_view_get_hidden_count (view, thursday, &chip);
  g_test_message ("%u shown, +%d", n_shown, hidden);
  g_assert_cmpuint (n_shown, >=, 1);
  g_assert_cmpint (hidden, >, 0);
  g_assert_cmpint (n_shown + hidden, ==, 6);
  for (guint j = 0; j < n_shown; j++)
    assert_apart (&chip, &shown[j]);

  /* The chip opens Thursday in the day view, a column per car */
  drag (GTK_WIDGET (view), chip.origin.x + chip.size.width / 2, chip.origin.y + chip.size.height / 2, 0);
  g_assert_cmpint (crm_calendar_view_get_mode (view), ==, CRM_CALENDAR_MODE_DAY);
  g_assert_true (g_date_time_equal (crm_calendar_view_get_date (view), thursday));
}

static void
collect_labels (GtkWidget *widget,
                GString   *text)
{
  if (GTK_IS_LABEL (widget))
    g_string_append_printf (text, "[%s]", gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    collect_labels (child, text);
}

static void
test_legend (Fixture       *f,
             gconstpointer  data)
{
  GtkWidget *legend = crm_calendar_page_get_legend (f->page);
  g_autoptr(GString) text = g_string_new (NULL);

  g_assert_nonnull (legend);
  g_assert_true (gtk_widget_get_mapped (legend));
  collect_labels (legend, text);
  g_test_message ("legend: %s", text->str);
  for (CrmTestDriveStatus s = CRM_TEST_DRIVE_BOOKED; s <= CRM_TEST_DRIVE_CANCELLED; s++)
    {
      g_autofree char *item = g_strdup_printf ("[%s]", crm_test_drive_status_get_label (s));
      crm_test_assert_contains (text->str, item);
    }
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (legend), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Booking colours");
}

typedef struct
{
  GskRenderNode   *node;
  graphene_rect_t  bounds;
  GdkRGBA          colour;
} Paint;

/* The colour nodes of @node in drawing order */
static void
collect_paints (GskRenderNode *node,
                GArray        *paints)
{
  switch (gsk_render_node_get_node_type (node))
    {
    case GSK_CONTAINER_NODE:
      for (guint i = 0; i < gsk_container_node_get_n_children (node); i++)
        collect_paints (gsk_container_node_get_child (node, i), paints);
      break;
    case GSK_CLIP_NODE:
      collect_paints (gsk_clip_node_get_child (node), paints);
      break;
    case GSK_ROUNDED_CLIP_NODE:
      collect_paints (gsk_rounded_clip_node_get_child (node), paints);
      break;
    case GSK_TRANSFORM_NODE:
      collect_paints (gsk_transform_node_get_child (node), paints);
      break;
    case GSK_OPACITY_NODE:
      collect_paints (gsk_opacity_node_get_child (node), paints);
      break;
    case GSK_COLOR_NODE:
      {
        Paint paint = { node, GRAPHENE_RECT_INIT (0, 0, 0, 0), *gsk_color_node_get_color (node) };
        gsk_render_node_get_bounds (node, &paint.bounds);
        g_array_append_val (paints, paint);
      }
      break;
    default:
      break;
    }
}

static void
test_now_line_under_blocks (Fixture       *f,
                            gconstpointer  data)
{
  CrmCalendarView *view = crm_calendar_page_get_view (f->page);
  g_autoptr(GPtrArray) bookings = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) paints = g_array_new (FALSE, FALSE, sizeof (Paint));
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  graphene_rect_t block, cancelled;
  GdkRGBA red, blue;
  int first_block = -1, last_red = -1, n_red = 0;
  gboolean dot_in_gutter = FALSE;

  /* Tuesday, now 10:30: a drive from 10:00 to 11:00, and a cancelled one
   * beside it whose see-through block must not show the line either */
  g_ptr_array_add (bookings, made_up_booking (900201, 1, 600, 60, 1, CRM_TEST_DRIVE_BOOKED));
  g_ptr_array_add (bookings, made_up_booking (900202, 1, 615, 60, 2, CRM_TEST_DRIVE_CANCELLED));
  crm_calendar_view_set_bookings (view, bookings);
  crm_calendar_view_set_now (view, NOW);
  g_assert_true (crm_calendar_view_get_block_rect (view, 900201, &block));
  g_assert_true (crm_calendar_view_get_block_rect (view, 900202, &cancelled));

  GTK_WIDGET_GET_CLASS (view)->snapshot (GTK_WIDGET (view), snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  collect_paints (node, paints);

  gdk_rgba_parse (&red, "#e01b24");
  crm_calendar_view_get_status_colour (CRM_TEST_DRIVE_BOOKED, &blue);
  for (guint i = 0; i < paints->len; i++)
    {
      Paint *p = &g_array_index (paints, Paint, i);

      if (gdk_rgba_equal (&p->colour, &blue) && graphene_rect_equal (&p->bounds, &block) && first_block < 0)
        first_block = i;
      if (p->colour.red == red.red && p->colour.green == red.green && p->colour.blue == red.blue)
        {
          graphene_rect_t common;

          n_red++;
          last_red = i;
          if (p->bounds.origin.x + p->bounds.size.width <= 57)
            dot_in_gutter = TRUE;
          /* No red across either block: under the opaque one, gapped at
           * the see-through one */
          g_assert_false (graphene_rect_intersection (&p->bounds, &cancelled, &common) &&
                          common.size.width > 0.5);
          g_assert_false (graphene_rect_intersection (&p->bounds, &block, &common) &&
                          common.size.width > 0.5);
        }
    }
  g_test_message ("%d red paints, the last at %d; the block at %d", n_red, last_red, first_block);
  g_assert_cmpint (n_red, >, 1);
  g_assert_true (dot_in_gutter);
  g_assert_cmpint (first_block, >=, 0);
  g_assert_cmpint (last_red, <, first_block);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/calendar-ui/week-range", Fixture, NULL, fixture_setup, test_week_range, fixture_teardown);
  g_test_add ("/calendar-ui/book-through-dialog", Fixture, NULL, fixture_setup, test_book_through_dialog,
              fixture_teardown);
  g_test_add ("/calendar-ui/drag-move-and-resize", Fixture, NULL, fixture_setup, test_drag_move_and_resize,
              fixture_teardown);
  g_test_add ("/calendar-ui/overlap-layout", Fixture, NULL, fixture_setup, test_overlap_layout, fixture_teardown);
  g_test_add ("/calendar-ui/crowded-day", Fixture, NULL, fixture_setup, test_crowded_day, fixture_teardown);
  g_test_add ("/calendar-ui/legend", Fixture, NULL, fixture_setup, test_legend, fixture_teardown);
  g_test_add ("/calendar-ui/now-line-under-blocks", Fixture, NULL, fixture_setup, test_now_line_under_blocks,
              fixture_teardown);
  g_test_add ("/calendar-ui/keyboard", Fixture, NULL, fixture_setup, test_keyboard, fixture_teardown);
  g_test_add ("/calendar-ui/print-pdf", Fixture, NULL, fixture_setup, test_print_pdf, fixture_teardown);
  g_test_add ("/calendar-ui/booking-pickers", Fixture, NULL, fixture_setup, test_booking_pickers, fixture_teardown);
  g_test_add ("/calendar-ui/booking-consultant", Fixture, NULL, fixture_setup, test_booking_consultant, fixture_teardown);
  g_test_add ("/calendar-ui/booking-details", Fixture, NULL, fixture_setup, test_booking_details, fixture_teardown);
  g_test_add ("/calendar-ui/showroom-zone", Fixture, NULL, fixture_setup, test_showroom_zone, fixture_teardown);
  g_test_add ("/calendar-ui/weekend-hours", Fixture, NULL, fixture_setup, test_weekend_hours_preferences,
              fixture_teardown);
  return g_test_run ();
}
