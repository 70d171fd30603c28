/* crm-pool-dialog.c: the public pool (公海)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The newest customers without an owner. A consultant claims one (up to
 * the showroom's holding limit); a manager ticks several and assigns them
 * to a consultant. Every claim and assignment is recorded by the store.
 */
#define G_LOG_DOMAIN "crm-pool-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "crm-gui-util.h"
#include "crm-phone.h"
#include "crm-pool.h"
#include "crm-pool-dialog.h"

#define MAX_SHOWN 200

struct _CrmPoolDialog
{
  AdwWindow        parent_instance;

  CrmContext      *context;
  GArray          *rep_ids;
  GPtrArray       *checks;
  gboolean         manager;

  AdwWindowTitle  *window_title;
  GtkActionBar    *manager_bar;
  GtkDropDown     *rep_dropdown;
  AdwToastOverlay *toast_overlay;
  GtkListBox      *list;
};

G_DEFINE_FINAL_TYPE (CrmPoolDialog, crm_pool_dialog, ADW_TYPE_WINDOW)

static void fill (CrmPoolDialog *self);

static gint64
my_id (CrmPoolDialog *self)
{
  CrmStaff *me = crm_context_get_current_staff (self->context);
  return me ? crm_staff_get_id (me) : 0;
}

static void
on_claim_clicked_cb (GtkButton     *button,
                     CrmPoolDialog *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "customer-id"));
  g_autoptr(GError) error = NULL;

  if (!crm_pool_claim (crm_context_get_store (self->context), id, my_id (self), &error))
    {
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      return;
    }
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Claimed: the customer is yours now")));
  fill (self);
}

static void
on_row_activated_cb (AdwActionRow  *row,
                     CrmPoolDialog *self)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "customer-id"));

  /* A dialog's actions do not reach its parent: ask the parent itself */
  if (parent != NULL && !self->manager)
    gtk_widget_activate_action (GTK_WIDGET (parent), "win.show-customer", "x", id);
}

static void
on_assign_clicked_cb (CrmPoolDialog *self)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  guint rep = gtk_drop_down_get_selected (self->rep_dropdown);
  guint n;

  if (rep >= self->rep_ids->len)
    return;
  for (guint i = 0; i < self->checks->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (self->checks, i);

      if (gtk_check_button_get_active (check))
        {
          gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (check), "customer-id"));
          g_array_append_val (ids, id);
        }
    }
  if (ids->len == 0)
    {
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Tick the customers to assign first")));
      return;
    }

  n = crm_lead_store_assign_bulk (crm_store_get_lead_store (crm_context_get_store (self->context)), ids,
                             g_array_index (self->rep_ids, gint64, rep), my_id (self), &error);
  if (error != NULL)
    {
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      return;
    }
  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u customer assigned", "%u customers assigned", n), n);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
  fill (self);
}

static void
fill (CrmPoolDialog *self)
{
  CrmStore *store = crm_context_get_store (self->context);
  g_autoptr(GArray) ids = NULL;
  g_autofree char *subtitle = NULL;
  CrmCustomerQuery query;
  CrmLeadRules rules;
  GtkWidget *child;
  gint64 in_pool = crm_lead_store_count_pool (crm_store_get_lead_store (store));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  g_ptr_array_set_size (self->checks, 0);

  crm_customer_query_init (&query);
  query.owner_id = 0;
  query.sort = CRM_CUSTOMER_SORT_CREATED;
  query.descending = TRUE;
  ids = crm_customer_store_query_ids (crm_store_get_customer_store (store), &query, NULL, NULL);
  crm_customer_query_clear (&query);

  crm_staff_store_get_lead_rules (crm_store_get_staff_store (store), &rules);
  if (self->manager || rules.pool_hold_limit == 0)
    subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u customer in the pool",
                                             "%u customers in the pool", (gulong) in_pool),
                                (guint) in_pool);
  else
    subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "%u customer in the pool · you hold %u of %d",
                                             "%u customers in the pool · you hold %u of %d",
                                             (gulong) in_pool),
                                (guint) in_pool, (guint) crm_lead_store_count_held (crm_store_get_lead_store (store), my_id (self)),
                                rules.pool_hold_limit);
  adw_window_title_set_subtitle (self->window_title, subtitle);

  for (guint i = 0; ids != NULL && i < MIN (ids->len, MAX_SHOWN); i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      g_autoptr(CrmCustomer) customer = crm_customer_store_get (crm_store_get_customer_store (store), id, NULL);
      g_autofree char *phone = NULL;
      g_autofree char *line = NULL;
      GtkWidget *row;

      if (customer == NULL)
        continue;
      phone = crm_phone_format (crm_customer_get_phone (customer) ? crm_customer_get_phone (customer) : "");
      line = g_strdup_printf ("%s · %s · %s", phone, crm_channel_get_label (crm_customer_get_channel (customer)),
                              crm_grade_get_label (crm_customer_get_grade (customer)));
      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), crm_customer_get_name (customer));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), line);
      g_object_set_data (G_OBJECT (row), "customer-id", GSIZE_TO_POINTER (id));

      if (self->manager)
        {
          GtkWidget *check = gtk_check_button_new ();

          g_object_set_data (G_OBJECT (check), "customer-id", GSIZE_TO_POINTER (id));
          gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          crm_customer_get_name (customer), -1);
          adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
          adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
          g_ptr_array_add (self->checks, check);
        }
      else
        {
          GtkWidget *claim = gtk_button_new_with_label (_("Claim"));

          gtk_widget_set_valign (claim, GTK_ALIGN_CENTER);
          g_object_set_data (G_OBJECT (claim), "customer-id", GSIZE_TO_POINTER (id));
          g_signal_connect (claim, "clicked", G_CALLBACK (on_claim_clicked_cb), self);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), claim);
          gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
          g_signal_connect (row, "activated", G_CALLBACK (on_row_activated_cb), self);
        }
      gtk_list_box_append (self->list, row);
    }
}

static void
crm_pool_dialog_dispose (GObject *object)
{
  CrmPoolDialog *self = (CrmPoolDialog *) object;

  gtk_widget_dispose_template (GTK_WIDGET (self), CRM_TYPE_POOL_DIALOG);
  g_clear_object (&self->context);
  g_clear_pointer (&self->rep_ids, g_array_unref);
  g_clear_pointer (&self->checks, g_ptr_array_unref);

  G_OBJECT_CLASS (crm_pool_dialog_parent_class)->dispose (object);
}

static void
crm_pool_dialog_class_init (CrmPoolDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = crm_pool_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/crm-pool-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CrmPoolDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, CrmPoolDialog, manager_bar);
  gtk_widget_class_bind_template_child (widget_class, CrmPoolDialog, rep_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CrmPoolDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CrmPoolDialog, list);
  gtk_widget_class_bind_template_callback (widget_class, on_assign_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
crm_pool_dialog_init (CrmPoolDialog *self)
{
  self->rep_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->checks = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

CrmPoolDialog *
crm_pool_dialog_new (GtkWindow  *parent,
                     CrmContext *context)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GListModel) staff = NULL;
  CrmPoolDialog *self;

  g_return_val_if_fail (CRM_IS_CONTEXT (context), NULL);

  self = g_object_new (CRM_TYPE_POOL_DIALOG, "transient-for", parent, NULL);
  self->context = g_object_ref (context);
  self->manager = crm_context_is_manager (context);

  staff = crm_staff_store_list (crm_store_get_staff_store (crm_context_get_store (context)), TRUE);
  crm_gui_append_owners (names, self->rep_ids, staff, TRUE, 0, 0);
  gtk_drop_down_set_model (self->rep_dropdown, G_LIST_MODEL (names));
  gtk_widget_set_visible (GTK_WIDGET (self->manager_bar), self->manager);
  fill (self);
  return self;
}
