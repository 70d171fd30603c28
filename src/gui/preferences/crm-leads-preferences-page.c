/* crm-leads-preferences-page.c: the showroom's rules, set by a manager
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The rules live in the database (several desktops share them); only a
 * sales manager changes them. Every change is saved at once.
 */
#define G_LOG_DOMAIN "crm-leads-preferences-page"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "crm-gui-util.h"
#include "crm-leads-preferences-page.h"

struct _CrmLeadsPreferencesPage
{
  AdwPreferencesPage    parent_instance;

  CrmContext           *context;
  gboolean              loading;
  GPtrArray            *staff_rows;

  AdwPreferencesGroup  *assignment_group;
  AdwPreferencesGroup  *pool_group;
  AdwPreferencesGroup  *staff_group;
  AdwComboRow          *mode_row;
  GtkSwitch            *by_channel_switch;
  GtkSwitch            *by_brand_switch;
  GtkSpinButton        *first_contact_spin;
  GtkSpinButton        *open_from_spin;
  GtkSpinButton        *open_until_spin;
  GtkSpinButton        *pool_days_spin;
  AdwExpanderRow       *grade_days_row;
  GtkSpinButton        *grade_days_spins[CRM_N_GRADES];   /* H, A, B, C; none for N */
  GtkSpinButton        *warn_days_spin;
  GtkSpinButton        *hold_spin;
};

G_DEFINE_FINAL_TYPE (CrmLeadsPreferencesPage, crm_leads_preferences_page, ADW_TYPE_PREFERENCES_PAGE)

static void fill_staff (CrmLeadsPreferencesPage *self);

static void
toast (CrmLeadsPreferencesPage *self,
       const char           *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (ADW_IS_PREFERENCES_WINDOW (root))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), adw_toast_new (message));
}

static gint64
my_id (CrmLeadsPreferencesPage *self)
{
  CrmStaff *me = crm_context_get_current_staff (self->context);
  return me ? crm_staff_get_id (me) : 0;
}

static void
load_rules (CrmLeadsPreferencesPage *self)
{
  CrmLeadRules rules;

  crm_staff_store_get_lead_rules (crm_store_get_staff_store (crm_context_get_store (self->context)), &rules);
  self->loading = TRUE;
  adw_combo_row_set_selected (self->mode_row, rules.mode);
  gtk_switch_set_active (self->by_channel_switch, rules.by_channel);
  gtk_switch_set_active (self->by_brand_switch, rules.by_brand);
  gtk_spin_button_set_value (self->first_contact_spin, rules.first_contact_minutes);
  gtk_spin_button_set_value (self->open_from_spin, rules.open_from / 60.0);
  gtk_spin_button_set_value (self->open_until_spin, rules.open_until / 60.0);
  gtk_spin_button_set_value (self->pool_days_spin, rules.pool_days);
  for (int g = 0; g < CRM_N_GRADES; g++)
    if (self->grade_days_spins[g] != NULL)
      gtk_spin_button_set_value (self->grade_days_spins[g], rules.pool_days_grade[g]);
  gtk_spin_button_set_value (self->warn_days_spin, rules.pool_warn_days);
  gtk_spin_button_set_value (self->hold_spin, rules.pool_hold_limit);
  self->loading = FALSE;
}

static void
on_rule_changed_cb (CrmLeadsPreferencesPage *self)
{
  g_autoptr(GError) error = NULL;
  CrmLeadRules rules;

  if (self->loading || self->context == NULL)
    return;

  memset (&rules, 0, sizeof rules);
  rules.mode = adw_combo_row_get_selected (self->mode_row);
  rules.by_channel = gtk_switch_get_active (self->by_channel_switch);
  rules.by_brand = gtk_switch_get_active (self->by_brand_switch);
  rules.first_contact_minutes = gtk_spin_button_get_value_as_int (self->first_contact_spin);
  rules.open_from = (int) (gtk_spin_button_get_value (self->open_from_spin) * 60 + 0.5);
  rules.open_until = (int) (gtk_spin_button_get_value (self->open_until_spin) * 60 + 0.5);
  rules.pool_days = gtk_spin_button_get_value_as_int (self->pool_days_spin);
  for (int g = 0; g < CRM_N_GRADES; g++)
    if (self->grade_days_spins[g] != NULL)
      rules.pool_days_grade[g] = gtk_spin_button_get_value_as_int (self->grade_days_spins[g]);
  rules.pool_warn_days = gtk_spin_button_get_value_as_int (self->warn_days_spin);
  rules.pool_hold_limit = gtk_spin_button_get_value_as_int (self->hold_spin);

  if (!crm_staff_store_set_lead_rules (crm_store_get_staff_store (crm_context_get_store (self->context)), &rules, &error))
    {
      toast (self, error->message);
      load_rules (self);
    }
}

static void
on_duty_changed_cb (GtkSwitch            *toggle,
                    GParamSpec           *pspec,
                    CrmLeadsPreferencesPage *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (toggle), "staff-id"));
  g_autoptr(GError) error = NULL;

  if (self->loading)
    return;
  if (!crm_staff_store_set_on_duty (crm_store_get_staff_store (crm_context_get_store (self->context)), id,
                                    gtk_switch_get_active (toggle), &error))
    toast (self, error->message);
}

static void
on_channel_toggled_cb (GtkCheckButton       *check,
                       CrmLeadsPreferencesPage *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (check), "staff-id"));
  guint channel = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (check), "channel"));
  CrmStore *store = crm_context_get_store (self->context);
  g_autoptr(GError) error = NULL;
  guint mask;

  if (self->loading)
    return;
  mask = crm_staff_store_get_channels (crm_store_get_staff_store (store), id);
  if (gtk_check_button_get_active (check))
    mask |= 1u << channel;
  else
    mask &= ~(1u << channel);
  if (!crm_staff_store_set_channels (crm_store_get_staff_store (store), id, mask, &error))
    toast (self, error->message);
}

static void
on_brand_toggled_cb (GtkCheckButton          *check,
                     CrmLeadsPreferencesPage *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (check), "staff-id"));
  const char *brand = g_object_get_data (G_OBJECT (check), "brand");
  g_autoptr(GError) error = NULL;

  if (self->loading)
    return;
  if (!crm_staff_store_set_brand (crm_store_get_staff_store (crm_context_get_store (self->context)), id, brand,
                                  gtk_check_button_get_active (check), &error))
    toast (self, error->message);
}

static void
on_leave_response_cb (AdwMessageDialog     *dialog,
                      const char           *response,
                      CrmLeadsPreferencesPage *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "staff-id"));
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  guint moved;

  if (!g_str_equal (response, "leave"))
    return;

  moved = crm_lead_store_staff_leave (crm_store_get_lead_store (crm_context_get_store (self->context)), id, 0, my_id (self), &error);
  if (error != NULL)
    {
      toast (self, error->message);
      return;
    }
  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "%u customer returned to the public pool",
                                          "%u customers returned to the public pool", moved),
                             moved);
  toast (self, message);
  fill_staff (self);
}

static void
on_leave_clicked_cb (GtkButton            *button,
                     CrmLeadsPreferencesPage *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "staff-id"));
  const char *name = g_object_get_data (G_OBJECT (button), "staff-name");
  gint64 held = crm_lead_store_count_held (crm_store_get_lead_store (crm_context_get_store (self->context)), id);
  g_autofree char *heading = g_strdup_printf (_("%s Leaves the Showroom?"), name);
  g_autofree char *body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                        "The %u customer %s holds returns to the public pool, "
                                                        "and %s no longer gets leads. Each hand-over is recorded.",
                                                        "The %u customers %s holds return to the public pool, "
                                                        "and %s no longer gets leads. Each hand-over is recorded.",
                                                        (gulong) held),
                                           (guint) held, name, name);
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), heading, body));

  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "leave", _("_Release Customers"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "leave", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data (G_OBJECT (dialog), "staff-id", GSIZE_TO_POINTER (id));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_leave_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
fill_staff (CrmLeadsPreferencesPage *self)
{
  CrmStore *store = crm_context_get_store (self->context);
  g_autoptr(GListModel) staff = crm_staff_store_list (crm_store_get_staff_store (store), TRUE);
  g_auto(GStrv) brands = crm_staff_store_list_brands (crm_store_get_staff_store (store));

  for (guint i = 0; i < self->staff_rows->len; i++)
    adw_preferences_group_remove (self->staff_group, g_ptr_array_index (self->staff_rows, i));
  g_ptr_array_set_size (self->staff_rows, 0);

  self->loading = TRUE;
  for (guint i = 0; i < g_list_model_get_n_items (staff); i++)
    {
      g_autoptr(CrmStaff) member = g_list_model_get_item (staff, i);
      gint64 id = crm_staff_get_id (member);
      guint mask;
      GtkWidget *row, *toggle, *leave, *leave_row;
      g_autofree char *held = NULL;

      if (crm_staff_get_role (member) != CRM_ROLE_SALES)
        continue;

      mask = crm_staff_store_get_channels (crm_store_get_staff_store (store), id);
      held = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Holds %u customer", "Holds %u customers",
                                           (gulong) crm_lead_store_count_held (crm_store_get_lead_store (store), id)),
                              (guint) crm_lead_store_count_held (crm_store_get_lead_store (store), id));
      row = adw_expander_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), crm_staff_get_name (member));
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), held);

      toggle = gtk_switch_new ();
      gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
      gtk_switch_set_active (GTK_SWITCH (toggle), crm_staff_store_get_on_duty (crm_store_get_staff_store (store), id));
      gtk_widget_set_tooltip_text (toggle, _("On duty: gets new leads"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("On duty: gets new leads"), -1);
      g_object_set_data (G_OBJECT (toggle), "staff-id", GSIZE_TO_POINTER (id));
      g_signal_connect (toggle, "notify::active", G_CALLBACK (on_duty_changed_cb), self);
      adw_expander_row_add_action (ADW_EXPANDER_ROW (row), toggle);

      for (int channel = 1; channel < CRM_N_CHANNELS; channel++)
        {
          GtkWidget *channel_row = adw_action_row_new ();
          GtkWidget *check = gtk_check_button_new ();

          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (channel_row), crm_channel_get_label (channel));
          gtk_check_button_set_active (GTK_CHECK_BUTTON (check), (mask & (1u << channel)) != 0);
          g_object_set_data (G_OBJECT (check), "staff-id", GSIZE_TO_POINTER (id));
          g_object_set_data (G_OBJECT (check), "channel", GUINT_TO_POINTER (channel));
          g_signal_connect (check, "toggled", G_CALLBACK (on_channel_toggled_cb), self);
          adw_action_row_add_prefix (ADW_ACTION_ROW (channel_row), check);
          adw_action_row_set_activatable_widget (ADW_ACTION_ROW (channel_row), check);
          adw_expander_row_add_row (ADW_EXPANDER_ROW (row), channel_row);
        }

      /* Brands: only when the catalogue has more than one */
      if (brands != NULL && g_strv_length (brands) > 1)
        {
          g_auto(GStrv) taken = crm_staff_store_get_brands (crm_store_get_staff_store (store), id);

          for (guint b = 0; brands[b] != NULL; b++)
            {
              GtkWidget *brand_row = adw_action_row_new ();
              GtkWidget *check = gtk_check_button_new ();
              g_autofree char *title = g_strdup_printf (_("Sells %s"), brands[b]);

              adw_preferences_row_set_title (ADW_PREFERENCES_ROW (brand_row), title);
              gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                                           g_strv_contains ((const char * const *) taken, brands[b]));
              g_object_set_data (G_OBJECT (check), "staff-id", GSIZE_TO_POINTER (id));
              g_object_set_data_full (G_OBJECT (check), "brand", g_strdup (brands[b]), g_free);
              g_signal_connect (check, "toggled", G_CALLBACK (on_brand_toggled_cb), self);
              adw_action_row_add_prefix (ADW_ACTION_ROW (brand_row), check);
              adw_action_row_set_activatable_widget (ADW_ACTION_ROW (brand_row), check);
              adw_expander_row_add_row (ADW_EXPANDER_ROW (row), brand_row);
            }
        }

      leave_row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (leave_row), _("Leaves the showroom"));
      leave = gtk_button_new_with_mnemonic (_("_Release Customers…"));
      gtk_widget_set_valign (leave, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (leave, "destructive-action");
      g_object_set_data (G_OBJECT (leave), "staff-id", GSIZE_TO_POINTER (id));
      g_object_set_data_full (G_OBJECT (leave), "staff-name", g_strdup (crm_staff_get_name (member)), g_free);
      g_signal_connect (leave, "clicked", G_CALLBACK (on_leave_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (leave_row), leave);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), leave_row);

      adw_preferences_group_add (self->staff_group, row);
      g_ptr_array_add (self->staff_rows, row);
    }
  self->loading = FALSE;
}

static void
crm_leads_preferences_page_dispose (GObject *object)
{
  CrmLeadsPreferencesPage *self = (CrmLeadsPreferencesPage *) object;

  gtk_widget_dispose_template (GTK_WIDGET (self), CRM_TYPE_LEADS_PREFERENCES_PAGE);
  g_clear_object (&self->context);
  g_clear_pointer (&self->staff_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (crm_leads_preferences_page_parent_class)->dispose (object);
}

static void
crm_leads_preferences_page_class_init (CrmLeadsPreferencesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = crm_leads_preferences_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/crm-leads-preferences-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CrmLeadsPreferencesPage, assignment_group);
  gtk_widget_class_bind_template_child (widget_class, CrmLeadsPreferencesPage, pool_group);
  gtk_widget_class_bind_template_child (widget_class, CrmLeadsPreferencesPage, staff_group);
  gtk_widget_class_bind_template_child (widget_class, CrmLeadsPreferencesPage, mode_row);
  gtk_widget_class_bind_template_child (widget_class, CrmLeadsPreferencesPage, by_channel_switch);
  gtk_widget_class_bind_template_child (widget_class, CrmLeadsPreferencesPage, by_brand_switch);
  gtk_widget_class_bind_template_child (widget_class, CrmLeadsPreferencesPage, first_contact_spin);
  gtk_widget_class_bind_template_child (widget_class, CrmLeadsPreferencesPage, open_from_spin);
  gtk_widget_class_bind_template_child (widget_class, CrmLeadsPreferencesPage, open_until_spin);
  gtk_widget_class_bind_template_child (widget_class, CrmLeadsPreferencesPage, pool_days_spin);
  gtk_widget_class_bind_template_child (widget_class, CrmLeadsPreferencesPage, grade_days_row);
  gtk_widget_class_bind_template_child (widget_class, CrmLeadsPreferencesPage, warn_days_spin);
  gtk_widget_class_bind_template_child (widget_class, CrmLeadsPreferencesPage, hold_spin);
  gtk_widget_class_bind_template_callback (widget_class, on_rule_changed_cb);
}

static void
crm_leads_preferences_page_init (CrmLeadsPreferencesPage *self)
{
  self->staff_rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));

  /* One limit per grade, hottest first; not graded follows the showroom's */
  for (guint i = 0; i < G_N_ELEMENTS (crm_gui_grade_order); i++)
    {
      CrmGrade grade = crm_gui_grade_order[i];
      GtkWidget *row, *spin;
      g_autofree char *title = NULL;

      if (grade == CRM_GRADE_N)
        continue;
      /* Translators: a row of the public pool's limits: "H · Buys within 7 days" */
      title = g_strdup_printf (_("%s · %s"), crm_grade_get_label (grade), crm_grade_get_description (grade));
      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      spin = gtk_spin_button_new_with_range (0, 365, 1);
      gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
      g_signal_connect_swapped (spin, "value-changed", G_CALLBACK (on_rule_changed_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
      adw_expander_row_add_row (self->grade_days_row, row);
      self->grade_days_spins[grade] = GTK_SPIN_BUTTON (spin);
    }
}

/**
 * crm_leads_preferences_page_new:
 *
 * Returns: (transfer floating): the Leads page of Preferences
 */
GtkWidget *
crm_leads_preferences_page_new (CrmContext *context)
{
  CrmLeadsPreferencesPage *self;
  gboolean manager;

  g_return_val_if_fail (CRM_IS_CONTEXT (context), NULL);

  self = g_object_new (CRM_TYPE_LEADS_PREFERENCES_PAGE, NULL);
  self->context = g_object_ref (context);
  load_rules (self);
  fill_staff (self);

  /* Everyone may read the rules; only a manager changes them */
  manager = crm_context_is_manager (context);
  gtk_widget_set_sensitive (GTK_WIDGET (self->assignment_group), manager);
  gtk_widget_set_sensitive (GTK_WIDGET (self->pool_group), manager);
  gtk_widget_set_sensitive (GTK_WIDGET (self->staff_group), manager);
  if (!manager)
    adw_preferences_group_set_description (self->assignment_group,
                                           _("Only a sales manager can change these rules."));
  return GTK_WIDGET (self);
}
