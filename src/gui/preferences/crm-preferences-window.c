/* crm-preferences-window.c: the showroom's rules and this desktop's settings
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The follow-up cadence, the new-lead plan, opening hours, the idle limit
 * and the first service are showroom rules, kept in the database: a
 * manager edits them here and each valid change is saved at once. Others
 * see them read-only. Background reminders are this desktop's setting
 * (GSettings).
 */
#define G_LOG_DOMAIN "crm-preferences-window"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "crm-backup.h"
#include "crm-cadence.h"
#include "crm-leads-preferences-page.h"
#include "crm-pipeline-preferences.h"
#include "crm-preferences-window.h"

struct _CrmPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  CrmContext     *context;
  gboolean        loading;

  GtkSwitch      *reminders_switch;
  GtkWidget      *cadence_group;
  GtkWidget      *lead_group;
  GtkWidget      *showroom_group;
  AdwEntryRow    *time_zone_row;
  GtkWidget      *rules_note_group;
  GtkSpinButton  *h_spin;
  GtkSpinButton  *a_spin;
  GtkSpinButton  *b_spin;
  GtkSpinButton  *c_spin;
  GtkSpinButton  *n_spin;
  GtkSpinButton  *first_contact_spin;
  AdwEntryRow    *lead_plan_row;
  AdwEntryRow    *opening_row;
  GtkSpinButton  *idle_spin;
  GtkSpinButton  *service_months_spin;
  GtkSpinButton  *service_km_spin;
  AdwActionRow   *backup_folder_row;
  GtkWidget      *backup_folder_reset;
  AdwActionRow   *last_backup_row;
  AdwActionRow   *location_row;
  GtkWidget      *move_row;
  GtkFileChooserNative *folder_chooser;
};

G_DEFINE_FINAL_TYPE (CrmPreferencesWindow, crm_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static GtkSpinButton *
grade_spin (CrmPreferencesWindow *self,
            CrmGrade              grade)
{
  switch (grade)
    {
    case CRM_GRADE_H: return self->h_spin;
    case CRM_GRADE_A: return self->a_spin;
    case CRM_GRADE_B: return self->b_spin;
    case CRM_GRADE_C: return self->c_spin;
    case CRM_GRADE_N:
    default: return self->n_spin;
    }
}

static gboolean
parse_hours (const char *text,
             int        *from,
             int        *to)
{
  int h1, m1, h2, m2;
  char tail;

  if (sscanf (text, " %d:%d - %d:%d %c", &h1, &m1, &h2, &m2, &tail) != 4)
    return FALSE;
  if (h1 < 0 || h1 > 23 || h2 < 0 || h2 > 24 || m1 < 0 || m1 > 59 || m2 < 0 || m2 > 59)
    return FALSE;
  *from = h1 * 60 + m1;
  *to = h2 * 60 + m2;
  return *from < *to;
}

static void
mark (AdwEntryRow *row,
      gboolean     ok)
{
  if (ok)
    gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
}

static void
on_rule_changed_cb (CrmPreferencesWindow *self)
{
  CrmStore *store;
  g_autoptr(CrmCadence) cadence = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (self->loading || self->context == NULL || !crm_context_is_manager (self->context))
    return;

  store = crm_context_get_store (self->context);
  cadence = crm_cadence_load (store);
  for (int g = 0; g < CRM_N_GRADES; g++)
    cadence->interval_days[g] = gtk_spin_button_get_value_as_int (grade_spin (self, g));
  cadence->first_contact_minutes = gtk_spin_button_get_value_as_int (self->first_contact_spin);
  cadence->idle_days = gtk_spin_button_get_value_as_int (self->idle_spin);
  cadence->service_months = gtk_spin_button_get_value_as_int (self->service_months_spin);
  cadence->service_km = gtk_spin_button_get_value_as_int (self->service_km_spin);

  ok = crm_cadence_parse_lead_plan (cadence, gtk_editable_get_text (GTK_EDITABLE (self->lead_plan_row)));
  mark (self->lead_plan_row, ok);
  if (!parse_hours (gtk_editable_get_text (GTK_EDITABLE (self->opening_row)),
                    &cadence->opening_from, &cadence->opening_to))
    {
      mark (self->opening_row, FALSE);
      ok = FALSE;
    }
  else
    mark (self->opening_row, TRUE);

  if (!ok)
    return;

  if (!crm_cadence_save (cadence, store, &error))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (error->message));
}

/* The showroom's time zone: one rule for every desktop (opening hours,
 * cadence dates, "today", the dashboard's months are counted in it) */
static void
on_time_zone_apply_cb (CrmPreferencesWindow *self)
{
  g_autoptr(GError) error = NULL;
  const char *zone = gtk_editable_get_text (GTK_EDITABLE (self->time_zone_row));

  if (self->context == NULL || !crm_context_is_manager (self->context))
    return;
  if (!crm_store_set_time_zone (crm_context_get_store (self->context), g_strstrip ((char *) zone), &error))
    {
      mark (self->time_zone_row, FALSE);
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (error->message));
      return;
    }
  mark (self->time_zone_row, TRUE);
}

static void
load (CrmPreferencesWindow *self)
{
  g_autoptr(CrmCadence) cadence = crm_cadence_load (crm_context_get_store (self->context));
  g_autofree char *plan = crm_cadence_format_lead_plan (cadence);
  g_autofree char *hours = g_strdup_printf ("%02d:%02d-%02d:%02d",
                                            cadence->opening_from / 60, cadence->opening_from % 60,
                                            cadence->opening_to / 60, cadence->opening_to % 60);
  gboolean manager = crm_context_is_manager (self->context);
  GSettings *settings = crm_context_get_settings (self->context);

  self->loading = TRUE;
  for (int g = 0; g < CRM_N_GRADES; g++)
    gtk_spin_button_set_value (grade_spin (self, g), cadence->interval_days[g]);
  gtk_spin_button_set_value (self->first_contact_spin, cadence->first_contact_minutes);
  gtk_spin_button_set_value (self->idle_spin, cadence->idle_days);
  gtk_spin_button_set_value (self->service_months_spin, cadence->service_months);
  gtk_spin_button_set_value (self->service_km_spin, cadence->service_km);
  gtk_editable_set_text (GTK_EDITABLE (self->lead_plan_row), plan);
  gtk_editable_set_text (GTK_EDITABLE (self->opening_row), hours);
  {
    g_autofree char *zone = crm_store_dup_time_zone_rule (crm_context_get_store (self->context));

    gtk_editable_set_text (GTK_EDITABLE (self->time_zone_row), zone ? zone : "Asia/Shanghai");
  }
  self->loading = FALSE;

  gtk_widget_set_sensitive (self->cadence_group, manager);
  gtk_widget_set_sensitive (self->lead_group, manager);
  gtk_widget_set_sensitive (self->showroom_group, manager);
  gtk_widget_set_visible (self->rules_note_group, !manager);

  if (settings != NULL)
    g_settings_bind (settings, "reminders-enabled", self->reminders_switch, "active",
                     G_SETTINGS_BIND_DEFAULT);
  else
    gtk_widget_set_sensitive (GTK_WIDGET (self->reminders_switch), FALSE);
}

/* Backups: this desktop's folder (GSettings) and the newest backup in it */
static void
update_backups (CrmPreferencesWindow *self)
{
  GSettings *settings = crm_context_get_settings (self->context);
  g_autofree char *folder = settings ? g_settings_get_string (settings, "backup-folder") : g_strdup ("");
  g_autofree char *shown = NULL;
  g_autofree char *last = NULL;
  gint64 newest;

  if (folder[0] == '\0')
    {
      g_free (folder);
      folder = crm_backup_get_default_folder ();
      gtk_widget_set_visible (self->backup_folder_reset, FALSE);
    }
  else
    gtk_widget_set_visible (self->backup_folder_reset, TRUE);
  shown = g_filename_display_name (folder);
  adw_action_row_set_subtitle (self->backup_folder_row, shown);

  newest = crm_backup_get_newest_time (folder, crm_store_get_path (crm_context_get_store (self->context)));
  if (newest > 0)
    {
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (newest);

      last = g_date_time_format (when, "%x %H:%M");
    }
  adw_action_row_set_subtitle (self->last_backup_row, last ? last : _("None yet"));
}

/* Where the showroom is kept; a file can be moved to a server */
static void
update_location (CrmPreferencesWindow *self)
{
  const char *path = crm_store_get_path (crm_context_get_store (self->context));
  gboolean server = crm_store_is_server (path);
  g_autofree char *shown = server ? g_strdup (path) : g_filename_display_name (path);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->location_row),
                                 server ? _("Kept on a showroom server") : _("Kept in a file on this desktop"));
  adw_action_row_set_subtitle (self->location_row, shown);
  gtk_widget_set_visible (self->move_row, !server);
}

/* The page opens over the main window, which this window gives way to */
static void
on_move_activated_cb (CrmPreferencesWindow *self)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  if (parent != NULL && gtk_widget_activate_action (GTK_WIDGET (parent), "win.move-to-server", NULL))
    gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_folder_chooser_response_cb (CrmPreferencesWindow *self,
                               int                   response,
                               GtkFileChooserNative *chooser)
{
  GSettings *settings = crm_context_get_settings (self->context);

  if (response == GTK_RESPONSE_ACCEPT && settings != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        g_settings_set_string (settings, "backup-folder", path);
      update_backups (self);
    }
  g_clear_object (&self->folder_chooser);
}

static void
on_backup_folder_choose_cb (CrmPreferencesWindow *self)
{
  if (self->folder_chooser != NULL)
    return;
  self->folder_chooser = gtk_file_chooser_native_new (_("Backup Folder"), GTK_WINDOW (self),
                                                      GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                                      _("_Select"), _("_Cancel"));
  g_signal_connect_object (self->folder_chooser, "response",
                           G_CALLBACK (on_folder_chooser_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->folder_chooser));
}

static void
on_backup_folder_reset_cb (CrmPreferencesWindow *self)
{
  GSettings *settings = crm_context_get_settings (self->context);

  if (settings != NULL)
    g_settings_reset (settings, "backup-folder");
  update_backups (self);
}

static void
crm_preferences_window_dispose (GObject *object)
{
  CrmPreferencesWindow *self = CRM_PREFERENCES_WINDOW (object);

  if (self->folder_chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->folder_chooser));
  g_clear_object (&self->folder_chooser);

  g_clear_object (&self->context);
  gtk_widget_dispose_template (GTK_WIDGET (self), CRM_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (crm_preferences_window_parent_class)->dispose (object);
}

static void
crm_preferences_window_class_init (CrmPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = crm_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/crm-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CrmPreferencesWindow, reminders_switch);
  gtk_widget_class_bind_template_child (widget_class, CrmPreferencesWindow, cadence_group);
  gtk_widget_class_bind_template_child (widget_class, CrmPreferencesWindow, lead_group);
  gtk_widget_class_bind_template_child (widget_class, CrmPreferencesWindow, showroom_group);
  gtk_widget_class_bind_template_child (widget_class, CrmPreferencesWindow, rules_note_group);
  gtk_widget_class_bind_template_child (widget_class, CrmPreferencesWindow, h_spin);
  gtk_widget_class_bind_template_child (widget_class, CrmPreferencesWindow, a_spin);
  gtk_widget_class_bind_template_child (widget_class, CrmPreferencesWindow, b_spin);
  gtk_widget_class_bind_template_child (widget_class, CrmPreferencesWindow, c_spin);
  gtk_widget_class_bind_template_child (widget_class, CrmPreferencesWindow, n_spin);
  gtk_widget_class_bind_template_child (widget_class, CrmPreferencesWindow, first_contact_spin);
  gtk_widget_class_bind_template_child (widget_class, CrmPreferencesWindow, lead_plan_row);
  gtk_widget_class_bind_template_child (widget_class, CrmPreferencesWindow, opening_row);
  gtk_widget_class_bind_template_child (widget_class, CrmPreferencesWindow, time_zone_row);
  gtk_widget_class_bind_template_child (widget_class, CrmPreferencesWindow, idle_spin);
  gtk_widget_class_bind_template_child (widget_class, CrmPreferencesWindow, service_months_spin);
  gtk_widget_class_bind_template_child (widget_class, CrmPreferencesWindow, service_km_spin);
  gtk_widget_class_bind_template_child (widget_class, CrmPreferencesWindow, backup_folder_row);
  gtk_widget_class_bind_template_child (widget_class, CrmPreferencesWindow, backup_folder_reset);
  gtk_widget_class_bind_template_child (widget_class, CrmPreferencesWindow, last_backup_row);
  gtk_widget_class_bind_template_child (widget_class, CrmPreferencesWindow, location_row);
  gtk_widget_class_bind_template_child (widget_class, CrmPreferencesWindow, move_row);
  gtk_widget_class_bind_template_callback (widget_class, on_rule_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_time_zone_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_backup_folder_choose_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_backup_folder_reset_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_move_activated_cb);
}

static void
crm_preferences_window_init (CrmPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * crm_preferences_window_new:
 *
 * Returns: (transfer full): the preferences of @context's showroom
 */
CrmPreferencesWindow *
crm_preferences_window_new (GtkWindow  *parent,
                            CrmContext *context)
{
  CrmPreferencesWindow *self;

  g_return_val_if_fail (CRM_IS_CONTEXT (context), NULL);

  self = g_object_new (CRM_TYPE_PREFERENCES_WINDOW, "transient-for", parent, NULL);
  self->context = g_object_ref (context);
  load (self);
  update_backups (self);
  update_location (self);
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self),
                              ADW_PREFERENCES_PAGE (crm_pipeline_preferences_page_new (context, ADW_PREFERENCES_WINDOW (self))));
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self),
                              ADW_PREFERENCES_PAGE (crm_leads_preferences_page_new (context)));
  /* SHOWROOM_PREFERENCES_PAGE=leads (screenshots) */
  if (g_getenv ("SHOWROOM_PREFERENCES_PAGE") != NULL)
    adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (self),
                                                  g_getenv ("SHOWROOM_PREFERENCES_PAGE"));
  return self;
}
