/* crm-booking-dialog.c: book a test drive
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reception books on the phone: find the customer (or take a new one in as
 * a lead), pick car, consultant, day, time and length, press Enter. A
 * booking the rules refuse says why and offers the next free times; the
 * new customer and the booking are stored together or not at all.
 */
#define G_LOG_DOMAIN "crm-booking-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "crm-booking-dialog.h"
#include "crm-error.h"
#include "crm-format.h"
#include "crm-gui-util.h"
#include "crm-leads.h"
#include "crm-phone.h"

#define MAX_MATCHES 8

struct _CrmBookingDialog
{
  AdwWindow        parent_instance;

  CrmContext      *context;
  GPtrArray       *vehicles;   /* CrmVehicle, as in vehicle_row */
  GArray          *reps;       /* gint64 staff ids, as in rep_row */
  char            *error;
  guint            n_slots;

  GtkButton       *book_button;
  AdwPreferencesGroup *problem_group;
  AdwPreferencesGroup *test_drive_group;
  GtkLabel        *error_label;
  GtkLabel        *slots_label;
  GtkFlowBox      *slots_box;
  GtkToggleButton *existing_toggle;
  GtkToggleButton *new_toggle;
  AdwEntryRow     *search_row;
  GtkListBox      *customer_list;
  AdwEntryRow     *name_row;
  AdwEntryRow     *phone_row;
  AdwComboRow     *channel_row;
  AdwComboRow     *vehicle_row;
  AdwComboRow     *rep_row;
  AdwEntryRow     *date_row;
  AdwEntryRow     *time_row;
  GtkSpinButton   *length_spin;
};

enum {
  BOOKED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CrmBookingDialog, crm_booking_dialog, ADW_TYPE_WINDOW)

static const CrmChannel channel_order[] = {
  CRM_CHANNEL_PHONE, CRM_CHANNEL_WALK_IN, CRM_CHANNEL_AUTOHOME, CRM_CHANNEL_DONGCHEDI,
  CRM_CHANNEL_YICHE, CRM_CHANNEL_DOUYIN, CRM_CHANNEL_WEBSITE, CRM_CHANNEL_WECHAT,
  CRM_CHANNEL_REFERRAL, CRM_CHANNEL_AUTO_SHOW, CRM_CHANNEL_REPEAT, CRM_CHANNEL_UNKNOWN,
};

static void
show_problem (CrmBookingDialog *self,
              const char       *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_label (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->problem_group), message != NULL);
}

static void
clear_slots (CrmBookingDialog *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->slots_box))) != NULL)
    gtk_flow_box_remove (self->slots_box, child);
  self->n_slots = 0;
  gtk_widget_set_visible (GTK_WIDGET (self->slots_label), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->slots_box), FALSE);
}

static void
set_start (CrmBookingDialog *self,
           gint64            start)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (start);
  g_autofree char *date = g_date_time_format (dt, "%Y-%m-%d");
  g_autofree char *time = g_date_time_format (dt, "%H:%M");

  gtk_editable_set_text (GTK_EDITABLE (self->date_row), date);
  gtk_editable_set_text (GTK_EDITABLE (self->time_row), time);
}

static void
on_slot_clicked_cb (GtkButton        *button,
                    CrmBookingDialog *self)
{
  gint64 *start = g_object_get_data (G_OBJECT (button), "start");

  set_start (self, *start);
  show_problem (self, NULL);
  clear_slots (self);
}

static void
offer_slots (CrmBookingDialog *self,
             GArray           *slots)
{
  clear_slots (self);
  for (guint i = 0; i < slots->len; i++)
    {
      gint64 start = g_array_index (slots, gint64, i);
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (start);
      /* Translators: a free time offered on a button, strftime format: "Tue 24 Nov 14:00" */
      g_autofree char *label = g_date_time_format (dt, _("%a %-d %b %H:%M"));
      GtkWidget *button = gtk_button_new_with_label (label);
      gint64 *data = g_new (gint64, 1);

      *data = start;
      g_object_set_data_full (G_OBJECT (button), "start", data, g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (on_slot_clicked_cb), self);
      gtk_widget_add_css_class (button, "pill");
      gtk_flow_box_append (self->slots_box, button);
    }
  self->n_slots = slots->len;
  gtk_widget_set_visible (GTK_WIDGET (self->slots_label), slots->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->slots_box), slots->len > 0);
}

static void
on_mode_toggled_cb (CrmBookingDialog *self)
{
  gboolean existing = gtk_toggle_button_get_active (self->existing_toggle);

  gtk_widget_set_visible (GTK_WIDGET (self->search_row), existing);
  gtk_widget_set_visible (GTK_WIDGET (self->customer_list), existing &&
                          gtk_widget_get_first_child (GTK_WIDGET (self->customer_list)) != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->name_row), !existing);
  gtk_widget_set_visible (GTK_WIDGET (self->phone_row), !existing);
  gtk_widget_set_visible (GTK_WIDGET (self->channel_row), !existing);
  gtk_widget_grab_focus (GTK_WIDGET (existing ? self->search_row : self->name_row));
}

static void
on_search_changed_cb (CrmBookingDialog *self)
{
  CrmStore *store = crm_context_get_store (self->context);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_row));
  CrmCustomerQuery query;
  g_autoptr(GArray) ids = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->customer_list))) != NULL)
    gtk_list_box_remove (self->customer_list, child);

  if (text == NULL || g_utf8_strlen (text, -1) < 1)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->customer_list), FALSE);
      return;
    }

  crm_customer_query_init (&query);
  query.search = g_strdup (text);
  ids = crm_customer_store_query_ids (crm_store_get_customer_store (store), &query, NULL, NULL);
  crm_customer_query_clear (&query);

  for (guint i = 0; ids != NULL && i < MIN (ids->len, MAX_MATCHES); i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      g_autoptr(CrmCustomer) customer = crm_customer_store_get (crm_store_get_customer_store (store), id, NULL);
      g_autofree char *phone = NULL;
      g_autofree char *text_row = NULL;
      GtkWidget *label;
      GtkWidget *row;

      if (customer == NULL)
        continue;
      phone = crm_customer_get_phone (customer) ? crm_phone_format (crm_customer_get_phone (customer)) : g_strdup ("");
      text_row = g_strdup_printf ("%s  %s", crm_customer_get_name (customer), phone);
      label = gtk_label_new (text_row);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_attributes (GTK_LABEL (label), crm_gui_chinese_attrs ());
      gtk_widget_set_margin_start (label, 12);
      gtk_widget_set_margin_end (label, 12);
      gtk_widget_set_margin_top (label, 8);
      gtk_widget_set_margin_bottom (label, 8);
      row = gtk_list_box_row_new ();
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
      g_object_set_data (G_OBJECT (row), "customer-id", GINT_TO_POINTER (0));
      g_object_set_data_full (G_OBJECT (row), "customer", g_object_ref (customer), g_object_unref);
      gtk_list_box_append (self->customer_list, row);
    }

  child = gtk_widget_get_first_child (GTK_WIDGET (self->customer_list));
  gtk_widget_set_visible (GTK_WIDGET (self->customer_list), child != NULL);
  if (child != NULL)
    gtk_list_box_select_row (self->customer_list, GTK_LIST_BOX_ROW (child));
}

static gboolean
parse_start (CrmBookingDialog *self,
             gint64           *start)
{
  const char *date = gtk_editable_get_text (GTK_EDITABLE (self->date_row));
  const char *time = gtk_editable_get_text (GTK_EDITABLE (self->time_row));
  g_autoptr(GDateTime) dt = NULL;
  int y, mo, d, h, mi;
  char extra;

  if (sscanf (date, "%d-%d-%d%c", &y, &mo, &d, &extra) != 3 ||
      sscanf (time, "%d:%d%c", &h, &mi, &extra) != 2 ||
      h < 0 || h > 23 || mi < 0 || mi > 59)
    return FALSE;
  dt = g_date_time_new_local (y, mo, d, h, mi, 0);
  if (dt == NULL)
    return FALSE;
  *start = g_date_time_to_unix (dt);
  return TRUE;
}

/* The start is typed in this desktop's time; where the showroom's clock
 * reads otherwise, the group says what it reads there */
static void
on_start_changed_cb (CrmBookingDialog *self)
{
  g_autofree char *showroom_time = NULL;
  gint64 start;

  if (self->context != NULL && parse_start (self, &start))
    showroom_time = crm_format_showroom_time (crm_store_get_time_zone (crm_context_get_store (self->context)),
                                              start);
  adw_preferences_group_set_description (self->test_drive_group, showroom_time);
}

/* The row of the consultant @staff_id in the consultant list, or G_MAXUINT */
static guint
rep_index (CrmBookingDialog *self,
           gint64            staff_id)
{
  for (guint i = 0; staff_id > 0 && i < self->reps->len; i++)
    if (g_array_index (self->reps, gint64, i) == staff_id)
      return i;
  return G_MAXUINT;
}

/* A customer chosen brings their own consultant, who is the one reminded */
static void
on_customer_selected_cb (CrmBookingDialog *self,
                         GtkListBoxRow    *row)
{
  CrmCustomer *customer = row ? g_object_get_data (G_OBJECT (row), "customer") : NULL;
  guint index = customer ? rep_index (self, crm_customer_get_owner_id (customer)) : G_MAXUINT;

  if (index != G_MAXUINT)
    adw_combo_row_set_selected (self->rep_row, index);
}

static CrmCustomer *
selected_customer (CrmBookingDialog *self)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->customer_list);

  return row ? g_object_get_data (G_OBJECT (row), "customer") : NULL;
}

static void
on_book_clicked_cb (CrmBookingDialog *self)
{
  crm_booking_dialog_book (self);
}

static void
crm_booking_dialog_dispose (GObject *object)
{
  CrmBookingDialog *self = CRM_BOOKING_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CRM_TYPE_BOOKING_DIALOG);
  g_clear_object (&self->context);
  g_clear_pointer (&self->vehicles, g_ptr_array_unref);
  g_clear_pointer (&self->reps, g_array_unref);
  g_clear_pointer (&self->error, g_free);

  G_OBJECT_CLASS (crm_booking_dialog_parent_class)->dispose (object);
}

static void
crm_booking_dialog_class_init (CrmBookingDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = crm_booking_dialog_dispose;

  signals[BOOKED] =
    g_signal_new ("booked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/showroomcrm/Showroom/crm-booking-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CrmBookingDialog, book_button);
  gtk_widget_class_bind_template_child (widget_class, CrmBookingDialog, problem_group);
  gtk_widget_class_bind_template_child (widget_class, CrmBookingDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, CrmBookingDialog, slots_label);
  gtk_widget_class_bind_template_child (widget_class, CrmBookingDialog, slots_box);
  gtk_widget_class_bind_template_child (widget_class, CrmBookingDialog, existing_toggle);
  gtk_widget_class_bind_template_child (widget_class, CrmBookingDialog, new_toggle);
  gtk_widget_class_bind_template_child (widget_class, CrmBookingDialog, search_row);
  gtk_widget_class_bind_template_child (widget_class, CrmBookingDialog, customer_list);
  gtk_widget_class_bind_template_child (widget_class, CrmBookingDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, CrmBookingDialog, phone_row);
  gtk_widget_class_bind_template_child (widget_class, CrmBookingDialog, channel_row);
  gtk_widget_class_bind_template_child (widget_class, CrmBookingDialog, vehicle_row);
  gtk_widget_class_bind_template_child (widget_class, CrmBookingDialog, rep_row);
  gtk_widget_class_bind_template_child (widget_class, CrmBookingDialog, test_drive_group);
  gtk_widget_class_bind_template_child (widget_class, CrmBookingDialog, date_row);
  gtk_widget_class_bind_template_child (widget_class, CrmBookingDialog, time_row);
  gtk_widget_class_bind_template_child (widget_class, CrmBookingDialog, length_spin);
  gtk_widget_class_bind_template_callback (widget_class, on_book_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_mode_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_start_changed_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_signal (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "activate-default", NULL);
}

static void
crm_booking_dialog_init (CrmBookingDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->book_button));
  g_signal_connect_swapped (self->customer_list, "row-selected", G_CALLBACK (on_customer_selected_cb), self);
}

/* ------------------------------------------------------------------ */

CrmBookingDialog *
crm_booking_dialog_new (CrmContext *context,
                        GtkWindow  *parent)
{
  CrmBookingDialog *self;
  CrmStore *store;
  CrmStaff *me;
  CrmCalendarSettings rules;
  g_autoptr(GListModel) vehicles = NULL;
  g_autoptr(GListModel) staff = NULL;
  g_autoptr(GtkStringList) vehicle_names = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) rep_names = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) channels = gtk_string_list_new (NULL);
  guint my_rep = 0;

  g_return_val_if_fail (CRM_IS_CONTEXT (context), NULL);

  self = g_object_new (CRM_TYPE_BOOKING_DIALOG, "transient-for", parent, NULL);
  self->context = g_object_ref (context);
  store = crm_context_get_store (context);
  me = crm_context_get_current_staff (context);

  vehicles = crm_calendar_store_list_vehicles (crm_store_get_calendar_store (store), TRUE);
  self->vehicles = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < g_list_model_get_n_items (vehicles); i++)
    {
      CrmVehicle *v = g_list_model_get_item (vehicles, i);
      g_autofree char *label = NULL;

      if (crm_vehicle_get_status (v) == CRM_VEHICLE_AVAILABLE)
        label = g_strdup_printf ("%s · %s · %s", crm_vehicle_get_plate (v),
                                 crm_vehicle_get_model_name (v), crm_vehicle_get_colour (v));
      else
        label = g_strdup_printf ("%s · %s (%s)", crm_vehicle_get_plate (v),
                                 crm_vehicle_get_model_name (v),
                                 crm_vehicle_status_get_label (crm_vehicle_get_status (v)));
      gtk_string_list_append (vehicle_names, label);
      g_ptr_array_add (self->vehicles, v);
    }
  adw_combo_row_set_model (self->vehicle_row, G_LIST_MODEL (vehicle_names));

  staff = crm_staff_store_list (crm_store_get_staff_store (store), TRUE);
  self->reps = g_array_new (FALSE, FALSE, sizeof (gint64));
  my_rep = crm_gui_append_owners (rep_names, self->reps, staff, FALSE, 0, me != NULL ? crm_staff_get_id (me) : 0);
  /* Reception (or a manager) books for a sales consultant, never by
   * default for whoever the list starts with: the first consultant on
   * duty, until a customer is chosen and brings their own */
  if (me == NULL || crm_staff_get_role (me) != CRM_ROLE_SALES)
    for (guint i = 0; i < g_list_model_get_n_items (staff); i++)
      {
        g_autoptr(CrmStaff) member = g_list_model_get_item (staff, i);

        if (crm_staff_get_role (member) == CRM_ROLE_SALES &&
            crm_staff_store_get_on_duty (crm_store_get_staff_store (store), crm_staff_get_id (member)) &&
            (my_rep = rep_index (self, crm_staff_get_id (member))) != G_MAXUINT)
          break;
      }
  adw_combo_row_set_model (self->rep_row, G_LIST_MODEL (rep_names));
  adw_combo_row_set_selected (self->rep_row, my_rep == G_MAXUINT ? 0 : my_rep);

  for (guint i = 0; i < G_N_ELEMENTS (channel_order); i++)
    gtk_string_list_append (channels, crm_channel_get_label (channel_order[i]));
  adw_combo_row_set_model (self->channel_row, G_LIST_MODEL (channels));

  crm_staff_store_get_calendar_settings (crm_store_get_staff_store (store), &rules);
  gtk_spin_button_set_value (self->length_spin, rules.slot_minutes);
  /* Picked, not only typed: a calendar, and the times of the opening
   * hours (of the longer day, weekday or weekend) */
  crm_gui_add_date_picker (self->date_row);
  crm_gui_add_time_picker (self->time_row, MIN (rules.open_minute, rules.weekend_open_minute),
                           MAX (rules.close_minute, rules.weekend_close_minute), MAX (rules.slot_minutes / 2, 15));
  {
    /* The next quarter hour today, or opening time tomorrow */
    gint64 now = crm_clock_get_now (crm_context_get_clock (context));
    set_start (self, (now + 15 * 60 - 1) / (15 * 60) * (15 * 60));
  }

  gtk_widget_set_visible (GTK_WIDGET (self->customer_list), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->slots_label), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->slots_box), FALSE);
  /* Typing starts with the customer, never on Cancel */
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->search_row));
  return self;
}

void
crm_booking_dialog_set_slot (CrmBookingDialog *self,
                             gint64            start,
                             gint64            end,
                             gint64            vehicle_id)
{
  g_return_if_fail (CRM_IS_BOOKING_DIALOG (self));

  set_start (self, start);
  if (end > start)
    gtk_spin_button_set_value (self->length_spin, (end - start) / 60);
  for (guint i = 0; vehicle_id > 0 && i < self->vehicles->len; i++)
    if (crm_vehicle_get_id (g_ptr_array_index (self->vehicles, i)) == vehicle_id)
      adw_combo_row_set_selected (self->vehicle_row, i);
}

void
crm_booking_dialog_set_new_customer (CrmBookingDialog *self,
                                     const char       *name,
                                     const char       *phone)
{
  g_return_if_fail (CRM_IS_BOOKING_DIALOG (self));

  gtk_toggle_button_set_active (self->new_toggle, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), name);
  gtk_editable_set_text (GTK_EDITABLE (self->phone_row), phone);
}

void
crm_booking_dialog_search (CrmBookingDialog *self,
                           const char       *text)
{
  g_return_if_fail (CRM_IS_BOOKING_DIALOG (self));

  gtk_toggle_button_set_active (self->existing_toggle, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (self->search_row), text);
}

/**
 * crm_booking_dialog_book:
 *
 * What the Book button does: checks and stores the booking (and the new
 * customer), closes the dialog and emits "booked"; or shows the reason and
 * the next free times and stores nothing.
 *
 * Returns: the booking's id, or 0
 */
gint64
crm_booking_dialog_book (CrmBookingDialog *self)
{
  CrmStore *store = crm_context_get_store (self->context);
  CrmStaff *me = crm_context_get_current_staff (self->context);
  g_autoptr(CrmTestDrive) td = crm_test_drive_new ();
  g_autoptr(GError) error = NULL;
  gboolean is_new = gtk_toggle_button_get_active (self->new_toggle);
  guint vehicle_index = adw_combo_row_get_selected (self->vehicle_row);
  guint rep_index = adw_combo_row_get_selected (self->rep_row);
  CrmVehicle *vehicle;
  gint64 rep_id, start, customer_id = 0, id;

  g_return_val_if_fail (CRM_IS_BOOKING_DIALOG (self), 0);

  clear_slots (self);
  if (vehicle_index >= self->vehicles->len)
    {
      show_problem (self, _("The showroom has no test-drive car yet: add one under Fleet and Opening Hours."));
      return 0;
    }
  if (rep_index >= self->reps->len)
    {
      show_problem (self, _("Choose the sales consultant who goes on the test drive."));
      return 0;
    }
  if (!parse_start (self, &start))
    {
      show_problem (self, _("Write the date as 2026-11-24 and the time as 14:30."));
      return 0;
    }
  vehicle = g_ptr_array_index (self->vehicles, vehicle_index);
  rep_id = g_array_index (self->reps, gint64, rep_index);

  if (!is_new)
    {
      CrmCustomer *customer = selected_customer (self);

      if (customer == NULL)
        {
          show_problem (self, _("Find the customer by name or phone, or choose New Customer."));
          return 0;
        }
      customer_id = crm_customer_get_id (customer);
    }

  if (!crm_store_begin (store, &error))
    {
      show_problem (self, error->message);
      return 0;
    }

  if (is_new)
    {
      g_autoptr(CrmCustomer) customer = crm_customer_new ();
      g_autofree char *phone = NULL;
      const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
      const char *phones[2] = { NULL, NULL };

      phone = crm_phone_normalize (gtk_editable_get_text (GTK_EDITABLE (self->phone_row)), &error);
      if (phone == NULL)
        goto fail;
      if (crm_customer_store_find_by_phone (crm_store_get_customer_store (store), phone, 0) != 0)
        {
          g_set_error (&error, CRM_ERROR, CRM_ERROR_DUPLICATE,
                       _("This phone number already belongs to a customer: search for them under Existing."));
          goto fail;
        }
      phones[0] = phone;
      crm_customer_set_name (customer, name);
      crm_customer_set_phones (customer, phones);
      crm_customer_set_channel (customer, channel_order[MIN (adw_combo_row_get_selected (self->channel_row),
                                                             G_N_ELEMENTS (channel_order) - 1)]);
      /* The lead goes to the consultant who takes the test drive */
      crm_customer_set_owner_id (customer, rep_id);
      customer_id = crm_leads_create (store, customer, crm_vehicle_get_model_id (vehicle),
                                      me ? crm_staff_get_id (me) : 0, &error);
      if (customer_id == 0)
        goto fail;
    }

  crm_test_drive_set_customer_id (td, customer_id);
  crm_test_drive_set_vehicle_id (td, crm_vehicle_get_id (vehicle));
  crm_test_drive_set_staff_id (td, rep_id);
  crm_test_drive_set_start_at (td, start);
  crm_test_drive_set_end_at (td, start + (gint64) gtk_spin_button_get_value_as_int (self->length_spin) * 60);

  id = crm_calendar_store_insert_by (crm_store_get_calendar_store (store), td, me ? crm_staff_get_id (me) : 0,
                                     &error);
  if (id == 0)
    {
      /* Offer the next free times before the rollback: a new customer
       * exists only inside this transaction */
      g_autoptr(GArray) slots = crm_calendar_store_next_free_slots (crm_store_get_calendar_store (store), td, 4);

      crm_store_rollback (store);
      show_problem (self, error->message);
      offer_slots (self, slots);
      return 0;
    }

  if (!crm_store_commit (store, &error))
    {
      show_problem (self, error->message);
      return 0;
    }

  show_problem (self, NULL);
  g_signal_emit (self, signals[BOOKED], 0, id);
  gtk_window_close (GTK_WINDOW (self));
  return id;

fail:
  crm_store_rollback (store);
  show_problem (self, error ? error->message : _("The booking could not be stored."));
  return 0;
}

const char *
crm_booking_dialog_get_error (CrmBookingDialog *self)
{
  g_return_val_if_fail (CRM_IS_BOOKING_DIALOG (self), NULL);
  return self->error;
}

guint
crm_booking_dialog_get_n_slots (CrmBookingDialog *self)
{
  g_return_val_if_fail (CRM_IS_BOOKING_DIALOG (self), 0);
  return self->n_slots;
}
