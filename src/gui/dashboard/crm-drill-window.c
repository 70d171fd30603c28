/* crm-drill-window.c: the customers behind a number of the dashboard
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A list over the customer ids a store query returned: the model holds
 * the ids and loads a customer only when its row is shown, so the 40,000
 * leads of a quarter open as fast as ten. Enter or a double click on a
 * row opens the customer's window.
 */
#define G_LOG_DOMAIN "crm-drill-window"

#include "config.h"

#include <glib/gi18n.h>

#include "crm-drill-window.h"
#include "crm-gui-util.h"
#include "crm-phone.h"

/* ------------------------------------------------------------------ */
/* A GListModel of customers by id                                     */

#define CRM_TYPE_ID_CUSTOMERS (crm_id_customers_get_type ())
G_DECLARE_FINAL_TYPE (CrmIdCustomers, crm_id_customers, CRM, ID_CUSTOMERS, GObject)

struct _CrmIdCustomers
{
  GObject   parent_instance;
  CrmStore *store;
  GArray   *ids;
};

static GType
crm_id_customers_get_item_type (GListModel *model)
{
  return CRM_TYPE_CUSTOMER;
}

static guint
crm_id_customers_get_n_items (GListModel *model)
{
  return CRM_ID_CUSTOMERS (model)->ids->len;
}

static gpointer
crm_id_customers_get_item (GListModel *model,
                           guint       position)
{
  CrmIdCustomers *self = CRM_ID_CUSTOMERS (model);
  CrmCustomer *customer;

  if (position >= self->ids->len)
    return NULL;
  customer = crm_customer_store_get (crm_store_get_customer_store (self->store), g_array_index (self->ids, gint64, position), NULL);
  /* deleted since: an empty row rather than a hole in the list */
  return customer ? customer : crm_customer_new ();
}

static void
crm_id_customers_model_init (GListModelInterface *iface)
{
  iface->get_item_type = crm_id_customers_get_item_type;
  iface->get_n_items = crm_id_customers_get_n_items;
  iface->get_item = crm_id_customers_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (CrmIdCustomers, crm_id_customers, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, crm_id_customers_model_init))

static void
crm_id_customers_finalize (GObject *object)
{
  CrmIdCustomers *self = CRM_ID_CUSTOMERS (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->ids, g_array_unref);
  G_OBJECT_CLASS (crm_id_customers_parent_class)->finalize (object);
}

static void
crm_id_customers_class_init (CrmIdCustomersClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = crm_id_customers_finalize;
}

static void
crm_id_customers_init (CrmIdCustomers *self)
{
}

/* ------------------------------------------------------------------ */

struct _CrmDrillWindow
{
  AdwWindow       parent_instance;

  CrmContext     *context;
  CrmIdCustomers *model;
  GtkListView    *list;
};

G_DEFINE_FINAL_TYPE (CrmDrillWindow, crm_drill_window, ADW_TYPE_WINDOW)

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *detail = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_attributes (GTK_LABEL (name), crm_gui_chinese_attrs ());
  gtk_widget_set_hexpand (name, TRUE);
  gtk_label_set_xalign (GTK_LABEL (detail), 1);
  gtk_label_set_attributes (GTK_LABEL (detail), crm_gui_chinese_attrs ());
  gtk_widget_add_css_class (detail, "dim-label");
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), detail);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_list_item_set_child (item, box);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  CrmCustomer *customer = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *name = gtk_widget_get_first_child (box);
  GtkWidget *detail = gtk_widget_get_last_child (box);
  const char * const *phones = crm_customer_get_phones (customer);
  g_autofree char *phone = phones && phones[0] ? crm_phone_format (phones[0]) : g_strdup ("");
  g_autofree char *text = g_strdup_printf ("%s · %s",
                                           crm_channel_get_label (crm_customer_get_channel (customer)),
                                           phone);

  gtk_label_set_text (GTK_LABEL (name), crm_customer_get_name (customer));
  gtk_label_set_text (GTK_LABEL (detail), text);
}

static void
on_list_activate_cb (GtkListView    *list,
                     guint           position,
                     CrmDrillWindow *self)
{
  const char *path = crm_store_get_path (crm_context_get_store (self->context));
  gint64 id;

  if (position >= self->model->ids->len || path == NULL)
    return;
  id = g_array_index (self->model->ids, gint64, position);
  /* A window of its own, which may outlive the main window: the
   * application opens the customer of this showroom */
  gtk_widget_activate_action (GTK_WIDGET (self), "app.show-customer", "(sx)", path, id);
}

static void
crm_drill_window_dispose (GObject *object)
{
  CrmDrillWindow *self = CRM_DRILL_WINDOW (object);

  g_clear_object (&self->context);
  g_clear_object (&self->model);
  G_OBJECT_CLASS (crm_drill_window_parent_class)->dispose (object);
}

static void
crm_drill_window_class_init (CrmDrillWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = crm_drill_window_dispose;
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
crm_drill_window_init (CrmDrillWindow *self)
{
}

/**
 * crm_drill_window_new:
 * @customer_ids: (element-type gint64): the customers, in order
 *
 * Returns: (transfer none): a new window listing them
 */
GtkWindow *
crm_drill_window_new (CrmContext *context,
                      const char *title,
                      const char *subtitle,
                      GArray     *customer_ids)
{
  CrmDrillWindow *self = g_object_new (CRM_TYPE_DRILL_WINDOW,
                                       "default-width", 480,
                                       "default-height", 600,
                                       "title", title,
                                       NULL);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *window_title = adw_window_title_new (title, subtitle);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkSelectionModel *selection;

  self->context = g_object_ref (context);
  self->model = g_object_new (CRM_TYPE_ID_CUSTOMERS, NULL);
  self->model->store = g_object_ref (crm_context_get_store (context));
  self->model->ids = g_array_ref (customer_ids);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), NULL);
  selection = GTK_SELECTION_MODEL (gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->model))));
  self->list = GTK_LIST_VIEW (gtk_list_view_new (selection, factory));
  gtk_list_view_set_single_click_activate (self->list, FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  g_signal_connect (self->list, "activate", G_CALLBACK (on_list_activate_cb), self);

  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), window_title);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->list));
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), scrolled);
  adw_window_set_content (ADW_WINDOW (self), box);

  return GTK_WINDOW (self);
}

GListModel *
crm_drill_window_get_model (CrmDrillWindow *self)
{
  g_return_val_if_fail (CRM_IS_DRILL_WINDOW (self), NULL);
  return G_LIST_MODEL (self->model);
}
