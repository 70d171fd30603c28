/* crm-notices-button.c: what the leads rules told this person
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A header button with the number of unread notices: new leads assigned
 * to this consultant, leads about to return to the pool and leads that
 * did, and for a manager the leads whose first contact was missed. The
 * list opens the customer. (Desktop notifications for the same notices
 * belong to the follow-up reminder service.)
 */
#define G_LOG_DOMAIN "crm-notices-button"

#include "config.h"

#include <glib/gi18n.h>

#include "crm-gui-util.h"
#include "crm-notices-button.h"
#include "crm-reminders.h"

struct _CrmNoticesButton
{
  GtkWidget      parent_instance;

  CrmContext    *context;
  guint          n_unseen;
  guint          refresh_id;

  GtkMenuButton *button;
  GtkPopover    *popover;
  GtkListBox    *list;
  GtkLabel      *empty_label;
};

G_DEFINE_FINAL_TYPE (CrmNoticesButton, crm_notices_button, GTK_TYPE_WIDGET)

static gint64
my_id (CrmNoticesButton *self)
{
  CrmStaff *me = self->context ? crm_context_get_current_staff (self->context) : NULL;
  return me ? crm_staff_get_id (me) : 0;
}

static guint
count_unseen (CrmStore *store,
              gint64    staff_id)
{
  /* As many as the list shows */
  return crm_lead_store_count_unseen_notices (crm_store_get_lead_store (store), staff_id, 200);
}

static void
show_count (GtkWidget *widget,
            guint      n_unseen)
{
  CrmNoticesButton *self = CRM_NOTICES_BUTTON (widget);
  g_autofree char *tooltip = NULL;

  if (self->context == NULL)
    return;
  self->n_unseen = n_unseen;
  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
  gtk_menu_button_set_icon_name (self->button, self->n_unseen > 0 ? "mail-unread-symbolic"
                                                                  : "mail-read-symbolic");
  tooltip = self->n_unseen > 0
    ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Leads: %u new notice", "Leads: %u new notices",
                                    self->n_unseen), self->n_unseen)
    : g_strdup (_("Leads: no new notices"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
}

static void
update_count (CrmNoticesButton *self)
{
  if (self->context == NULL || my_id (self) == 0)
    {
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
      return;
    }
  crm_gui_count_async (GTK_WIDGET (self), crm_context_get_store (self->context), count_unseen, my_id (self),
                       show_count);
}

static void
on_row_activated_cb (CrmNoticesButton *self,
                     GtkListBoxRow    *row)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "customer-id"));

  gtk_popover_popdown (self->popover);
  if (id > 0)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.show-customer", "x", id);
}

static void
fill_list (CrmNoticesButton *self)
{
  g_autoptr(GListModel) notices = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);

  notices = crm_lead_store_list_notices (crm_store_get_lead_store (crm_context_get_store (self->context)), my_id (self), FALSE);
  for (guint i = 0; i < MIN (g_list_model_get_n_items (notices), 50); i++)
    {
      g_autoptr(CrmLeadNotice) notice = g_list_model_get_item (notices, i);
      g_autoptr(GDateTime) at = g_date_time_new_from_unix_local (crm_lead_notice_get_at (notice));
      g_autofree char *when = g_date_time_format (at, "%m-%d %H:%M");
      g_autofree char *subtitle = g_strdup_printf ("%s · %s",
                                                   crm_reminders_get_notice_text (crm_lead_notice_get_kind (notice)),
                                                   when);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), crm_lead_notice_get_customer_name (notice));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      if (!crm_lead_notice_get_seen (notice))
        gtk_widget_add_css_class (row, "heading");
      g_object_set_data (G_OBJECT (row), "customer-id",
                         GSIZE_TO_POINTER (crm_lead_notice_get_customer_id (notice)));
      gtk_list_box_append (self->list, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->empty_label), g_list_model_get_n_items (notices) == 0);

  /* Opened: they are read */
  if (self->n_unseen > 0 &&
      !crm_lead_store_mark_notices_seen (crm_store_get_lead_store (crm_context_get_store (self->context)), my_id (self), &error))
    g_warning ("Notices not marked read: %s", error->message);
}

static gboolean
refresh_cb (gpointer data)
{
  CrmNoticesButton *self = data;

  self->refresh_id = 0;
  update_count (self);
  return G_SOURCE_REMOVE;
}

static void
on_store_changed_cb (CrmNoticesButton *self)
{
  if (self->refresh_id == 0)
    self->refresh_id = g_idle_add_full (G_PRIORITY_LOW, refresh_cb, self, NULL);
}

static void
on_popover_show_cb (CrmNoticesButton *self)
{
  if (self->context != NULL)
    fill_list (self);
}

static void
crm_notices_button_dispose (GObject *object)
{
  CrmNoticesButton *self = (CrmNoticesButton *) object;

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_clear_object (&self->context);
  if (self->button != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->button));
      self->button = NULL;
    }

  G_OBJECT_CLASS (crm_notices_button_parent_class)->dispose (object);
}

static void
crm_notices_button_class_init (CrmNoticesButtonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = crm_notices_button_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
crm_notices_button_init (CrmNoticesButton *self)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *title = gtk_label_new (_("Leads"));

  self->button = GTK_MENU_BUTTON (gtk_menu_button_new ());
  gtk_menu_button_set_icon_name (self->button, "mail-read-symbolic");
  gtk_widget_set_parent (GTK_WIDGET (self->button), GTK_WIDGET (self));

  gtk_widget_add_css_class (title, "heading");
  gtk_box_append (GTK_BOX (box), title);

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Lead notices"), -1);
  g_signal_connect_swapped (self->list, "row-activated", G_CALLBACK (on_row_activated_cb), self);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->list));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 420);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_widget_set_size_request (scrolled, 380, -1);
  gtk_box_append (GTK_BOX (box), scrolled);

  self->empty_label = GTK_LABEL (gtk_label_new (_("Nothing new about your leads.")));
  gtk_widget_add_css_class (GTK_WIDGET (self->empty_label), "dim-label");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->empty_label));

  self->popover = GTK_POPOVER (gtk_popover_new ());
  gtk_popover_set_child (self->popover, box);
  g_signal_connect_swapped (self->popover, "show", G_CALLBACK (on_popover_show_cb), self);
  gtk_menu_button_set_popover (self->button, GTK_WIDGET (self->popover));
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

void
crm_notices_button_set_context (CrmNoticesButton *self,
                                CrmContext       *context)
{
  g_return_if_fail (CRM_IS_NOTICES_BUTTON (self));

  if (self->context == context)
    {
      update_count (self);
      return;
    }
  if (self->context != NULL)
    g_signal_handlers_disconnect_by_data (crm_context_get_store (self->context), self);
  g_set_object (&self->context, context);
  if (context != NULL)
    g_signal_connect_object (crm_context_get_store (context), "changed",
                             G_CALLBACK (on_store_changed_cb), self, G_CONNECT_SWAPPED);
  update_count (self);
}

guint
crm_notices_button_get_n_unseen (CrmNoticesButton *self)
{
  g_return_val_if_fail (CRM_IS_NOTICES_BUTTON (self), 0);
  return self->n_unseen;
}
