/* crm-pipeline-preferences.c: the Pipeline page of Preferences
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Rules live in the database, shared by every desktop of the showroom; a
 * sales manager changes them, everyone else sees them. Each change is
 * saved at once.
 */
#define G_LOG_DOMAIN "crm-pipeline-preferences"

#include "config.h"

#include <glib/gi18n.h>

#include "crm-pipeline-preferences.h"

/* What the rows need: the store to write to, the window to toast in */
typedef struct
{
  CrmContext           *context;
  AdwPreferencesWindow *window;
} Page;

static void
page_free (gpointer data)
{
  Page *page = data;

  g_clear_object (&page->context);
  g_free (page);
}

static const struct {
  CrmStage      stage;
  CrmStageRule  rule;
  const char   *title;
  const char   *subtitle;
} gates[] = {
  { CRM_STAGE_TEST_DRIVE, CRM_STAGE_RULE_TEST_DRIVE_RECORDED,
    N_("Test drive needs a recorded test drive"),
    N_("A deal enters Test drive only after the test drive is logged") },
  { CRM_STAGE_ORDERED, CRM_STAGE_RULE_PRICE_AGREED,
    N_("Ordered needs the agreed price"),
    N_("The price agreed with the customer is entered before the order") },
  { CRM_STAGE_DELIVERED, CRM_STAGE_RULE_FROM_ORDERED,
    N_("Delivered only from Ordered"),
    N_("A car is handed over only on an order") },
  { CRM_STAGE_LOST, CRM_STAGE_RULE_REASON_AND_NOTE,
    N_("Lost needs a reason and a note"),
    N_("From the showroom’s list of reasons, for the lost-deal analysis") },
  { CRM_STAGE_INVALID, CRM_STAGE_RULE_FROM_EARLY_STAGE,
    N_("Invalid only for new and invited leads"),
    N_("Wrong numbers and non-buyers are found before they visit") },
};

static const struct {
  const char *key;
  const char *title;
  const char *subtitle;
  int         lower, upper, fallback;
} limits[] = {
  { "reactivation-days", N_("Call lost customers again after (days)"),
    N_("Lost deals older than this are listed for a re-activation call"), 7, 730, 90 },
};

static void
show_error (Page         *self,
            const GError *error)
{
  adw_preferences_window_add_toast (self->window, adw_toast_new (error->message));
}

static void
on_gate_switched_cb (GtkSwitch  *toggle,
                     GParamSpec *pspec,
                     gpointer    user_data)
{
  Page *self = user_data;
  guint i = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (toggle), "gate"));
  g_autoptr(GError) error = NULL;

  if (!crm_staff_store_set_stage_rule (crm_store_get_staff_store (crm_context_get_store (self->context)), gates[i].stage, gates[i].rule,
                                 gtk_switch_get_active (toggle), &error))
    show_error (self, error);
}

static void
on_limit_changed_cb (GtkSpinButton *spin,
                     gpointer       user_data)
{
  Page *self = user_data;
  const char *key = g_object_get_data (G_OBJECT (spin), "key");
  g_autoptr(GError) error = NULL;

  if (!crm_staff_store_set_setting_int (crm_store_get_staff_store (crm_context_get_store (self->context)), key,
                                  gtk_spin_button_get_value_as_int (spin), &error))
    show_error (self, error);
}

static void
on_reps_close_switched_cb (GtkSwitch  *toggle,
                           GParamSpec *pspec,
                           gpointer    user_data)
{
  Page *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!crm_staff_store_set_setting_int (crm_store_get_staff_store (crm_context_get_store (self->context)), "reps-close-lost",
                                  gtk_switch_get_active (toggle), &error))
    show_error (self, error);
}

static GtkWidget *
switch_row (const char *title,
            const char *subtitle,
            gboolean    active,
            gboolean    editable)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *toggle = gtk_switch_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_switch_set_active (GTK_SWITCH (toggle), active);
  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  gtk_widget_set_sensitive (toggle, editable);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
  g_object_set_data (G_OBJECT (row), "switch", toggle);
  return row;
}

/**
 * crm_pipeline_preferences_page_new:
 * @window: where errors are shown
 *
 * Returns: (transfer floating): the Pipeline page: stage rules and the
 *   limits for lost deals and idle customers
 */
GtkWidget *
crm_pipeline_preferences_page_new (CrmContext           *context,
                                   AdwPreferencesWindow *window)
{
  Page *self = g_new0 (Page, 1);
  CrmStore *store;
  gboolean editable;
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *gates_group = adw_preferences_group_new ();
  GtkWidget *limits_group = adw_preferences_group_new ();
  GtkWidget *row;

  self->context = g_object_ref (context);
  self->window = window;
  store = crm_context_get_store (context);
  editable = crm_context_is_manager (context);
  g_object_set_data_full (G_OBJECT (page), "crm-pipeline-preferences", self, page_free);

  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (page), _("Pipeline"));
  adw_preferences_page_set_icon_name (ADW_PREFERENCES_PAGE (page), "crm-pipeline-symbolic");

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (gates_group), _("Stage Rules"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (gates_group),
                                         editable ? _("What must be true before a deal may enter a stage. Every desktop of the showroom follows these rules.")
                                                  : _("Only a sales manager can change the showroom’s rules."));
  for (guint i = 0; i < G_N_ELEMENTS (gates); i++)
    {
      row = switch_row (_(gates[i].title), _(gates[i].subtitle),
                        crm_staff_store_get_stage_rule (crm_store_get_staff_store (store), gates[i].stage, gates[i].rule), editable);
      g_object_set_data (g_object_get_data (G_OBJECT (row), "switch"), "gate", GUINT_TO_POINTER (i));
      g_signal_connect (g_object_get_data (G_OBJECT (row), "switch"), "notify::active",
                        G_CALLBACK (on_gate_switched_cb), self);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (gates_group), row);
    }

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (limits_group), _("Lost Deals and Idle Customers"));
  row = switch_row (_("Sales consultants close lost deals themselves"),
                    _("Otherwise a consultant’s lost deal waits for a manager’s approval"),
                    crm_staff_store_get_setting_int (crm_store_get_staff_store (store), "reps-close-lost", 0), editable);
  g_signal_connect (g_object_get_data (G_OBJECT (row), "switch"), "notify::active",
                    G_CALLBACK (on_reps_close_switched_cb), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (limits_group), row);

  for (guint i = 0; i < G_N_ELEMENTS (limits); i++)
    {
      GtkWidget *spin = gtk_spin_button_new_with_range (limits[i].lower, limits[i].upper, 1);

      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(limits[i].title));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _(limits[i].subtitle));
      gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin),
                                 crm_staff_store_get_setting_int (crm_store_get_staff_store (store), limits[i].key, limits[i].fallback));
      gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
      gtk_widget_set_sensitive (spin, editable);
      g_object_set_data (G_OBJECT (spin), "key", (gpointer) limits[i].key);
      g_signal_connect (spin, "value-changed", G_CALLBACK (on_limit_changed_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (limits_group), row);
    }

  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (gates_group));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (limits_group));
  return page;
}
