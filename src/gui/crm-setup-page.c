/* crm-setup-page.c: first start on an empty database
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Asks for the showroom's name, the manager setting it up and, optionally,
 * the rest of the staff; writes them in one transaction.
 */
#define G_LOG_DOMAIN "crm-setup-page"

#include "config.h"

#include <glib/gi18n.h>

#include "crm-pool.h"
#include "crm-setup-page.h"

struct _CrmSetupPage
{
  AdwBin                parent_instance;

  CrmStore             *store;
  GPtrArray            *staff;      /* CrmStaff added below the manager */

  AdwEntryRow          *showroom_row;
  AdwEntryRow          *manager_row;
  AdwPreferencesGroup  *staff_group;
  AdwEntryRow          *staff_row;
  GtkDropDown          *role_dropdown;
  GtkLabel             *error_label;
};

enum {
  DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CrmSetupPage, crm_setup_page, ADW_TYPE_BIN)

static const CrmRole role_choices[] = { CRM_ROLE_SALES, CRM_ROLE_RECEPTION, CRM_ROLE_MANAGER };

static void
show_error (CrmSetupPage *self,
            const char   *message)
{
  gtk_label_set_label (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
on_remove_staff_cb (GtkButton *button,
                    gpointer   user_data)
{
  CrmSetupPage *self = CRM_SETUP_PAGE (user_data);
  GtkWidget *row = g_object_get_data (G_OBJECT (button), "row");
  CrmStaff *staff = g_object_get_data (G_OBJECT (button), "staff");

  g_ptr_array_remove (self->staff, staff);
  adw_preferences_group_remove (self->staff_group, row);
}

static void
on_add_staff_cb (CrmSetupPage *self)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->staff_row))));
  CrmRole role = role_choices[gtk_drop_down_get_selected (self->role_dropdown)];
  CrmStaff *staff;
  GtkWidget *row;
  GtkWidget *remove;

  if (name[0] == '\0')
    {
      show_error (self, _("Enter the staff member’s name."));
      gtk_widget_grab_focus (GTK_WIDGET (self->staff_row));
      return;
    }

  staff = crm_staff_new ();
  crm_staff_set_name (staff, name);
  crm_staff_set_role (staff, role);
  g_ptr_array_add (self->staff, staff);

  row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), crm_role_get_label (role));
  remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, _("Remove"));
  g_object_set_data (G_OBJECT (remove), "row", row);
  g_object_set_data (G_OBJECT (remove), "staff", staff);
  g_signal_connect (remove, "clicked", G_CALLBACK (on_remove_staff_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
  adw_preferences_group_add (self->staff_group, row);

  gtk_editable_set_text (GTK_EDITABLE (self->staff_row), "");
  show_error (self, NULL);
  gtk_widget_grab_focus (GTK_WIDGET (self->staff_row));
}

static void
on_start_clicked_cb (CrmSetupPage *self)
{
  g_autoptr(GPtrArray) staff = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(CrmStaff) manager = crm_staff_new ();
  g_autoptr(GError) error = NULL;
  const char *manager_name = gtk_editable_get_text (GTK_EDITABLE (self->manager_row));

  g_return_if_fail (self->store != NULL);

  if (g_strstrip (g_strdup (manager_name))[0] == '\0')
    {
      show_error (self, _("Enter your name: the person setting up Showroom is its first sales manager."));
      gtk_widget_grab_focus (GTK_WIDGET (self->manager_row));
      return;
    }

  crm_staff_set_name (manager, manager_name);
  crm_staff_set_role (manager, CRM_ROLE_MANAGER);
  g_ptr_array_add (staff, g_object_ref (manager));
  for (guint i = 0; i < self->staff->len; i++)
    g_ptr_array_add (staff, g_object_ref (g_ptr_array_index (self->staff, i)));

  if (!crm_store_setup_showroom (self->store,
                                 gtk_editable_get_text (GTK_EDITABLE (self->showroom_row)),
                                 staff, &error))
    {
      show_error (self, error->message);
      return;
    }
  /* The public pool's limits by grade, as a 4S floor works (Preferences) */
  if (!crm_pool_set_graded_limits (self->store, &error))
    g_message ("The pool's limits by grade were not set: %s", error->message);

  show_error (self, NULL);
  g_signal_emit (self, signals[DONE], 0, crm_staff_get_id (manager));
}

static void
on_entry_activated_cb (CrmSetupPage *self,
                       AdwEntryRow  *row)
{
  if (row == self->showroom_row)
    gtk_widget_grab_focus (GTK_WIDGET (self->manager_row));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->staff_row));
}

static void
crm_setup_page_dispose (GObject *object)
{
  CrmSetupPage *self = (CrmSetupPage *) object;

  gtk_widget_dispose_template (GTK_WIDGET (self), CRM_TYPE_SETUP_PAGE);
  g_clear_pointer (&self->staff, g_ptr_array_unref);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (crm_setup_page_parent_class)->dispose (object);
}

static void
crm_setup_page_class_init (CrmSetupPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = crm_setup_page_dispose;

  /**
   * CrmSetupPage::done:
   * @manager_id: the staff id of the manager who set up the showroom
   */
  signals[DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/crm-setup-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CrmSetupPage, showroom_row);
  gtk_widget_class_bind_template_child (widget_class, CrmSetupPage, manager_row);
  gtk_widget_class_bind_template_child (widget_class, CrmSetupPage, staff_group);
  gtk_widget_class_bind_template_child (widget_class, CrmSetupPage, staff_row);
  gtk_widget_class_bind_template_child (widget_class, CrmSetupPage, role_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CrmSetupPage, error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_add_staff_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_start_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activated_cb);
}

static void
crm_setup_page_init (CrmSetupPage *self)
{
  g_autoptr(GtkStringList) roles = gtk_string_list_new (NULL);

  self->staff = g_ptr_array_new_with_free_func (g_object_unref);
  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < G_N_ELEMENTS (role_choices); i++)
    gtk_string_list_append (roles, crm_role_get_label (role_choices[i]));
  gtk_drop_down_set_model (self->role_dropdown, G_LIST_MODEL (roles));
}

void
crm_setup_page_set_store (CrmSetupPage *self,
                          CrmStore     *store)
{
  g_return_if_fail (CRM_IS_SETUP_PAGE (self));
  g_set_object (&self->store, store);
  gtk_widget_grab_focus (GTK_WIDGET (self->showroom_row));
}

/* For tests and keyboard-free set-up scripts: what a person would type */
void
crm_setup_page_fill (CrmSetupPage *self,
                     const char   *showroom_name,
                     const char   *manager_name)
{
  g_return_if_fail (CRM_IS_SETUP_PAGE (self));
  gtk_editable_set_text (GTK_EDITABLE (self->showroom_row), showroom_name);
  gtk_editable_set_text (GTK_EDITABLE (self->manager_row), manager_name);
}

void
crm_setup_page_add_staff (CrmSetupPage *self,
                          const char   *name,
                          CrmRole       role)
{
  g_return_if_fail (CRM_IS_SETUP_PAGE (self));

  for (guint i = 0; i < G_N_ELEMENTS (role_choices); i++)
    if (role_choices[i] == role)
      gtk_drop_down_set_selected (self->role_dropdown, i);
  gtk_editable_set_text (GTK_EDITABLE (self->staff_row), name);
  on_add_staff_cb (self);
}

void
crm_setup_page_start (CrmSetupPage *self)
{
  g_return_if_fail (CRM_IS_SETUP_PAGE (self));
  on_start_clicked_cb (self);
}
