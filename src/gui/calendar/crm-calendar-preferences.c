/* crm-calendar-preferences.c: the fleet and the showroom's calendar rules
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Opening hours, the default test-drive length, the buffer between drives
 * and the test-drive cars belong to the showroom (the database), not to
 * this desktop; a manager changes them, everyone else reads them.
 */
#define G_LOG_DOMAIN "crm-calendar-preferences"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "crm-calendar-preferences.h"
#include "crm-gui-util.h"

struct _CrmCalendarPreferences
{
  AdwPreferencesWindow parent_instance;

  CrmContext          *context;
  GPtrArray           *fleet_rows;
  GPtrArray           *models;     /* CrmVehicleModel, as in model_row */
  gboolean             filling;

  AdwPreferencesGroup *hours_group;
  AdwEntryRow         *open_row;
  AdwEntryRow         *close_row;
  AdwEntryRow         *weekend_open_row;
  AdwEntryRow         *weekend_close_row;
  GtkSpinButton       *slot_spin;
  GtkSpinButton       *buffer_spin;
  AdwPreferencesGroup *fleet_group;
  AdwPreferencesGroup *add_group;
  AdwEntryRow         *plate_row;
  AdwComboRow         *model_row;
  AdwEntryRow         *colour_row;
};

G_DEFINE_FINAL_TYPE (CrmCalendarPreferences, crm_calendar_preferences, ADW_TYPE_PREFERENCES_WINDOW)

static CrmStore *
get_store (CrmCalendarPreferences *self)
{
  return crm_context_get_store (self->context);
}

static void
toast (CrmCalendarPreferences *self,
       const char             *text)
{
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (text));
}

static char *
format_minute (int minute)
{
  return g_strdup_printf ("%02d:%02d", minute / 60, minute % 60);
}

static gboolean
parse_minute (const char *text,
              int        *minute)
{
  int h, m;
  char extra;

  if (sscanf (text, "%d:%d%c", &h, &m, &extra) != 2 || h < 0 || h > 24 || m < 0 || m > 59 ||
      h * 60 + m > 24 * 60)
    return FALSE;
  *minute = h * 60 + m;
  return TRUE;
}

static void
fill_hours (CrmCalendarPreferences *self)
{
  CrmCalendarSettings rules;
  g_autofree char *open = NULL;
  g_autofree char *close = NULL;

  self->filling = TRUE;
  crm_staff_store_get_calendar_settings (crm_store_get_staff_store (get_store (self)), &rules);
  open = format_minute (rules.open_minute);
  close = format_minute (rules.close_minute);
  gtk_editable_set_text (GTK_EDITABLE (self->open_row), open);
  gtk_editable_set_text (GTK_EDITABLE (self->close_row), close);
  g_free (open);
  g_free (close);
  open = format_minute (rules.weekend_open_minute);
  close = format_minute (rules.weekend_close_minute);
  gtk_editable_set_text (GTK_EDITABLE (self->weekend_open_row), open);
  gtk_editable_set_text (GTK_EDITABLE (self->weekend_close_row), close);
  gtk_spin_button_set_value (self->slot_spin, rules.slot_minutes);
  gtk_spin_button_set_value (self->buffer_spin, rules.buffer_minutes);
  self->filling = FALSE;
}

static void
apply_hours (CrmCalendarPreferences *self)
{
  CrmCalendarSettings rules;
  g_autoptr(GError) error = NULL;

  if (self->filling)
    return;

  crm_staff_store_get_calendar_settings (crm_store_get_staff_store (get_store (self)), &rules);
  if (!parse_minute (gtk_editable_get_text (GTK_EDITABLE (self->open_row)), &rules.open_minute) ||
      !parse_minute (gtk_editable_get_text (GTK_EDITABLE (self->close_row)), &rules.close_minute) ||
      !parse_minute (gtk_editable_get_text (GTK_EDITABLE (self->weekend_open_row)), &rules.weekend_open_minute) ||
      !parse_minute (gtk_editable_get_text (GTK_EDITABLE (self->weekend_close_row)), &rules.weekend_close_minute))
    {
      toast (self, _("Write opening times as 09:00."));
      fill_hours (self);
      return;
    }
  rules.slot_minutes = gtk_spin_button_get_value_as_int (self->slot_spin);
  rules.buffer_minutes = gtk_spin_button_get_value_as_int (self->buffer_spin);
  if (!crm_staff_store_set_calendar_settings (crm_store_get_staff_store (get_store (self)), &rules, &error))
    {
      toast (self, error->message);
      fill_hours (self);
    }
}

/* A time of day, written as 09:00 and applied with Enter or the button */
static AdwEntryRow *
add_hours_row (CrmCalendarPreferences *self,
               const char             *title)
{
  AdwEntryRow *row = ADW_ENTRY_ROW (adw_entry_row_new ());

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_entry_row_set_show_apply_button (row, TRUE);
  g_signal_connect_swapped (row, "apply", G_CALLBACK (apply_hours), self);
  adw_preferences_group_add (self->hours_group, GTK_WIDGET (row));
  return row;
}

static void fill_fleet (CrmCalendarPreferences *self);

static void
on_status_selected_cb (GtkDropDown            *dropdown,
                       GParamSpec             *pspec,
                       CrmCalendarPreferences *self)
{
  CrmVehicle *vehicle = g_object_get_data (G_OBJECT (dropdown), "vehicle");
  g_autoptr(GError) error = NULL;

  if (self->filling)
    return;
  crm_vehicle_set_status (vehicle, gtk_drop_down_get_selected (dropdown));
  if (!crm_calendar_store_update_vehicle (crm_store_get_calendar_store (get_store (self)), vehicle, &error))
    toast (self, error->message);
}

static void
on_mileage_changed_cb (GtkSpinButton          *spin,
                       CrmCalendarPreferences *self)
{
  CrmVehicle *vehicle = g_object_get_data (G_OBJECT (spin), "vehicle");
  g_autoptr(GError) error = NULL;

  if (self->filling)
    return;
  crm_vehicle_set_mileage (vehicle, gtk_spin_button_get_value_as_int (spin));
  if (!crm_calendar_store_update_vehicle (crm_store_get_calendar_store (get_store (self)), vehicle, &error))
    toast (self, error->message);
}

static void
fill_fleet (CrmCalendarPreferences *self)
{
  g_autoptr(GListModel) vehicles = crm_calendar_store_list_vehicles (crm_store_get_calendar_store (get_store (self)), FALSE);
  gboolean manager = crm_context_is_manager (self->context);

  self->filling = TRUE;
  for (guint i = 0; i < self->fleet_rows->len; i++)
    adw_preferences_group_remove (self->fleet_group, g_ptr_array_index (self->fleet_rows, i));
  g_ptr_array_set_size (self->fleet_rows, 0);

  for (guint i = 0; i < g_list_model_get_n_items (vehicles); i++)
    {
      g_autoptr(CrmVehicle) vehicle = g_list_model_get_item (vehicles, i);
      g_autoptr(GtkStringList) statuses = gtk_string_list_new (NULL);
      g_autofree char *subtitle = g_strdup_printf ("%s · %s", crm_vehicle_get_model_name (vehicle),
                                                   crm_vehicle_get_colour (vehicle));
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *dropdown;
      GtkWidget *mileage = gtk_spin_button_new_with_range (0, 999999, 100);
      GtkWidget *km = gtk_label_new (_("km"));

      for (int s = 0; s < CRM_N_VEHICLE_STATUSES; s++)
        gtk_string_list_append (statuses, crm_vehicle_status_get_label (s));
      dropdown = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (statuses)), NULL);
      gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), crm_vehicle_get_status (vehicle));
      gtk_widget_set_valign (dropdown, GTK_ALIGN_CENTER);
      g_object_set_data_full (G_OBJECT (dropdown), "vehicle", g_object_ref (vehicle), g_object_unref);
      g_signal_connect (dropdown, "notify::selected", G_CALLBACK (on_status_selected_cb), self);
      gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Status"), -1);

      gtk_spin_button_set_value (GTK_SPIN_BUTTON (mileage), crm_vehicle_get_mileage (vehicle));
      gtk_widget_set_valign (mileage, GTK_ALIGN_CENTER);
      g_object_set_data_full (G_OBJECT (mileage), "vehicle", g_object_ref (vehicle), g_object_unref);
      g_signal_connect (mileage, "value-changed", G_CALLBACK (on_mileage_changed_cb), self);
      gtk_accessible_update_property (GTK_ACCESSIBLE (mileage), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Mileage in kilometres"), -1);
      gtk_widget_add_css_class (km, "dim-label");

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), crm_vehicle_get_plate (vehicle));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), mileage);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), km);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), dropdown);
      gtk_widget_set_sensitive (dropdown, manager);
      gtk_widget_set_sensitive (mileage, manager);
      adw_preferences_group_add (self->fleet_group, row);
      g_ptr_array_add (self->fleet_rows, row);
    }
  if (g_list_model_get_n_items (vehicles) == 0)
    {
      GtkWidget *row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No test-drive cars yet"));
      adw_preferences_group_add (self->fleet_group, row);
      g_ptr_array_add (self->fleet_rows, row);
    }
  self->filling = FALSE;
}

static void
on_add_clicked_cb (GtkButton              *button,
                   CrmCalendarPreferences *self)
{
  g_autoptr(CrmVehicle) vehicle = crm_vehicle_new ();
  g_autoptr(GError) error = NULL;
  guint model = adw_combo_row_get_selected (self->model_row);

  crm_vehicle_set_plate (vehicle, gtk_editable_get_text (GTK_EDITABLE (self->plate_row)));
  crm_vehicle_set_colour (vehicle, gtk_editable_get_text (GTK_EDITABLE (self->colour_row)));
  if (model < self->models->len)
    crm_vehicle_set_model_id (vehicle, crm_vehicle_model_get_id (g_ptr_array_index (self->models, model)));
  if (crm_calendar_store_insert_vehicle (crm_store_get_calendar_store (get_store (self)), vehicle, &error) == 0)
    {
      toast (self, error->message);
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->plate_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->colour_row), "");
}

static void
on_store_changed_cb (CrmCalendarPreferences *self,
                     CrmEntity               entity,
                     gint64                  id,
                     CrmStore               *store)
{
  if (entity == CRM_ENTITY_VEHICLE && !self->filling)
    fill_fleet (self);
  else if (entity == CRM_ENTITY_SHOWROOM)
    fill_hours (self);
}

static GtkSpinButton *
add_spin_row (AdwPreferencesGroup *group,
              const char          *title,
              const char          *subtitle,
              double               lower,
              double               upper,
              double               step)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range (lower, upper, step);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
  adw_preferences_group_add (group, row);
  return GTK_SPIN_BUTTON (spin);
}

static void
crm_calendar_preferences_dispose (GObject *object)
{
  CrmCalendarPreferences *self = CRM_CALENDAR_PREFERENCES (object);

  g_clear_object (&self->context);
  g_clear_pointer (&self->fleet_rows, g_ptr_array_unref);
  g_clear_pointer (&self->models, g_ptr_array_unref);

  G_OBJECT_CLASS (crm_calendar_preferences_parent_class)->dispose (object);
}

static void
crm_calendar_preferences_class_init (CrmCalendarPreferencesClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = crm_calendar_preferences_dispose;
}

static void
crm_calendar_preferences_init (CrmCalendarPreferences *self)
{
  AdwPreferencesPage *page = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());
  GtkWidget *add_button;

  self->fleet_rows = g_ptr_array_new ();
  self->models = g_ptr_array_new_with_free_func (g_object_unref);

  gtk_window_set_title (GTK_WINDOW (self), _("Fleet and Opening Hours"));
  gtk_window_set_default_size (GTK_WINDOW (self), 640, 720);
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  adw_preferences_window_set_search_enabled (ADW_PREFERENCES_WINDOW (self), FALSE);
  adw_preferences_page_set_title (page, _("Test Drives"));
  adw_preferences_page_set_icon_name (page, "x-office-calendar-symbolic");

  self->hours_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->hours_group, _("Opening Hours"));
  adw_preferences_group_set_description (self->hours_group,
                                         _("Rules of the whole showroom, shared by every desk; a sales manager changes them."));
  self->open_row = add_hours_row (self, _("Monday to Friday: opens at"));
  self->close_row = add_hours_row (self, _("Monday to Friday: closes at"));
  self->weekend_open_row = add_hours_row (self, _("Saturday and Sunday: opens at"));
  self->weekend_close_row = add_hours_row (self, _("Saturday and Sunday: closes at"));
  self->slot_spin = add_spin_row (self->hours_group, _("Test-drive length"),
                                  _("Minutes; the default for a new booking"), 10, 240, 5);
  g_signal_connect_swapped (self->slot_spin, "value-changed", G_CALLBACK (apply_hours), self);
  self->buffer_spin = add_spin_row (self->hours_group, _("Buffer between drives"),
                                    _("Minutes kept free between two drives of one car or one consultant"),
                                    0, 120, 5);
  g_signal_connect_swapped (self->buffer_spin, "value-changed", G_CALLBACK (apply_hours), self);
  adw_preferences_page_add (page, self->hours_group);

  self->fleet_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->fleet_group, _("Test-Drive Fleet"));
  adw_preferences_group_set_description (self->fleet_group,
                                         _("A car in service or retired cannot be booked."));
  adw_preferences_page_add (page, self->fleet_group);

  self->add_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->add_group, _("Add a Car"));
  self->plate_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->plate_row), _("Number plate"));
  adw_preferences_group_add (self->add_group, GTK_WIDGET (self->plate_row));
  self->model_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->model_row), _("Model"));
  adw_preferences_group_add (self->add_group, GTK_WIDGET (self->model_row));
  self->colour_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->colour_row), _("Colour"));
  adw_preferences_group_add (self->add_group, GTK_WIDGET (self->colour_row));
  add_button = gtk_button_new_with_mnemonic (_("_Add Car"));
  gtk_widget_set_halign (add_button, GTK_ALIGN_END);
  gtk_widget_set_margin_top (add_button, 12);
  gtk_widget_add_css_class (add_button, "suggested-action");
  g_signal_connect (add_button, "clicked", G_CALLBACK (on_add_clicked_cb), self);
  adw_preferences_group_add (self->add_group, add_button);
  adw_preferences_page_add (page, self->add_group);

  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), page);
}

CrmCalendarPreferences *
crm_calendar_preferences_new (CrmContext *context,
                              GtkWindow  *parent)
{
  CrmCalendarPreferences *self;
  g_autoptr(GListModel) models = NULL;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  gboolean manager;

  g_return_val_if_fail (CRM_IS_CONTEXT (context), NULL);

  self = g_object_new (CRM_TYPE_CALENDAR_PREFERENCES, "transient-for", parent, NULL);
  self->context = g_object_ref (context);
  manager = crm_context_is_manager (context);

  models = crm_staff_store_list_vehicle_models (crm_store_get_staff_store (get_store (self)));
  for (guint i = 0; i < g_list_model_get_n_items (models); i++)
    {
      CrmVehicleModel *model = g_list_model_get_item (models, i);
      g_autofree char *name = g_strdup_printf ("%s %s", crm_vehicle_model_get_series (model),
                                               crm_vehicle_model_get_trim (model));
      gtk_string_list_append (names, name);
      g_ptr_array_add (self->models, model);
    }
  adw_combo_row_set_model (self->model_row, G_LIST_MODEL (names));

  fill_hours (self);
  fill_fleet (self);
  gtk_widget_set_sensitive (GTK_WIDGET (self->open_row), manager);
  gtk_widget_set_sensitive (GTK_WIDGET (self->close_row), manager);
  gtk_widget_set_sensitive (GTK_WIDGET (self->weekend_open_row), manager);
  gtk_widget_set_sensitive (GTK_WIDGET (self->weekend_close_row), manager);
  gtk_widget_set_sensitive (GTK_WIDGET (self->slot_spin), manager);
  gtk_widget_set_sensitive (GTK_WIDGET (self->buffer_spin), manager);
  gtk_widget_set_visible (GTK_WIDGET (self->add_group), manager);

  g_signal_connect_object (get_store (self), "changed", G_CALLBACK (on_store_changed_cb), self,
                           G_CONNECT_SWAPPED);
  return self;
}
