/* crm-new-customer-dialog.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A new customer in a few keystrokes: name, phone (checked as typed, and
 * against the customers already known), channel, grade, model and owner.
 * Enter moves on; Enter on the last field adds.
 *
 * The quick-capture mode (Ctrl+L, for reception) asks only name, mobile,
 * channel, model and a note; the lead goes to a consultant by the
 * showroom's assignment rule, and a walk-in is also logged as a first
 * visit in the traffic log. A number already known offers to open that
 * customer and log a new visit instead.
 */
#define G_LOG_DOMAIN "crm-new-customer-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "crm-error.h"
#include "crm-gui-util.h"
#include "crm-leads.h"
#include "crm-new-customer-dialog.h"
#include "crm-phone.h"

struct _CrmNewCustomerDialog
{
  AdwWindow     parent_instance;

  CrmContext   *context;
  GListModel   *models;
  GArray       *owner_ids;
  gint64        existing_id;
  gboolean      quick;

  AdwEntryRow  *name_row;
  AdwEntryRow  *phone_row;
  AdwEntryRow  *wechat_row;
  AdwComboRow  *channel_row;
  AdwComboRow  *grade_row;
  AdwComboRow  *model_row;
  AdwComboRow  *owner_row;
  GtkLabel     *message_label;
  GtkButton    *open_existing_button;
  GtkButton    *log_visit_button;
  AdwEntryRow  *note_row;
  GtkButton    *add_button;
};

G_DEFINE_FINAL_TYPE (CrmNewCustomerDialog, crm_new_customer_dialog, ADW_TYPE_WINDOW)

/* Reception mostly takes these; the rest follow */
static const CrmChannel channel_order[] = {
  CRM_CHANNEL_WALK_IN, CRM_CHANNEL_PHONE, CRM_CHANNEL_AUTOHOME, CRM_CHANNEL_DONGCHEDI,
  CRM_CHANNEL_DOUYIN, CRM_CHANNEL_YICHE, CRM_CHANNEL_WEBSITE, CRM_CHANNEL_WECHAT,
  CRM_CHANNEL_REFERRAL, CRM_CHANNEL_AUTO_SHOW, CRM_CHANNEL_REPEAT, CRM_CHANNEL_UNKNOWN,
};

static const CrmGrade grade_order[] = {
  CRM_GRADE_N, CRM_GRADE_H, CRM_GRADE_A, CRM_GRADE_B, CRM_GRADE_C,
};

static void
show_message (CrmNewCustomerDialog *self,
              const char           *message)
{
  gtk_label_set_label (self->message_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL);
}

static void on_open_existing_clicked_cb (CrmNewCustomerDialog *self);

static void
on_phone_changed_cb (CrmNewCustomerDialog *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->phone_row));
  g_autoptr(GError) error = NULL;
  g_autofree char *normalized = NULL;
  g_autofree char *digits = crm_phone_digits (text);

  self->existing_id = 0;
  gtk_widget_set_visible (GTK_WIDGET (self->open_existing_button), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->log_visit_button), FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->phone_row), "error");

  /* Say nothing while the number is still being typed */
  if (digits == NULL || strlen (digits) < 7)
    {
      show_message (self, NULL);
      return;
    }

  normalized = crm_phone_normalize (text, &error);
  if (normalized == NULL)
    {
      if (strlen (digits) >= 11)
        {
          gtk_widget_add_css_class (GTK_WIDGET (self->phone_row), "error");
          show_message (self, error->message);
        }
      return;
    }

  show_message (self, NULL);
  self->existing_id = crm_customer_store_find_by_phone (crm_store_get_customer_store (crm_context_get_store (self->context)),
                                                       normalized, 0);
  if (self->existing_id > 0)
    {
      g_autoptr(CrmCustomer) existing = crm_customer_store_get (crm_store_get_customer_store (crm_context_get_store (self->context)),
                                                                self->existing_id, NULL);
      g_autofree char *message = NULL;
      g_autofree char *button = NULL;

      if (existing == NULL)
        return;

      gtk_widget_add_css_class (GTK_WIDGET (self->phone_row), "error");
      message = g_strdup_printf (_("This number already belongs to %s."),
                                 crm_customer_get_name (existing));
      button = g_strdup_printf (_("Open %s"), crm_customer_get_name (existing));
      show_message (self, message);
      gtk_button_set_label (self->open_existing_button, button);
      gtk_widget_set_visible (GTK_WIDGET (self->open_existing_button), TRUE);
      gtk_widget_set_visible (GTK_WIDGET (self->log_visit_button), TRUE);
    }
}

/* The customer came back: a repeat visit in the traffic log and on the
 * timeline, no duplicate record */
static void
on_log_visit_clicked_cb (CrmNewCustomerDialog *self)
{
  CrmStore *store = crm_context_get_store (self->context);
  CrmStaff *me = crm_context_get_current_staff (self->context);
  gint64 my_id = me ? crm_staff_get_id (me) : 0;
  g_autoptr(CrmActivity) visit = crm_activity_new ();
  g_autoptr(GError) error = NULL;
  const char *note = gtk_editable_get_text (GTK_EDITABLE (self->note_row));
  gboolean ok;

  if (self->existing_id <= 0)
    return;

  crm_activity_set_customer_id (visit, self->existing_id);
  crm_activity_set_kind (visit, CRM_ACTIVITY_VISIT);
  crm_activity_set_done_at (visit, crm_clock_get_now (crm_context_get_clock (self->context)));
  crm_activity_set_staff_id (visit, my_id);
  crm_activity_set_outcome (visit, CRM_OUTCOME_REACHED);
  crm_activity_set_note (visit, note[0] ? note : NULL);

  ok = crm_store_begin (store, &error) &&
       crm_lead_store_log_visit (crm_store_get_lead_store (store), self->existing_id, TRUE, 1, my_id, 0, &error) > 0 &&
       crm_followup_store_insert (crm_store_get_followup_store (store), visit, &error) > 0;
  if (!ok)
    {
      crm_store_rollback (store);
      show_message (self, error->message);
      return;
    }
  if (!crm_store_commit (store, &error))
    {
      show_message (self, error->message);
      return;
    }

  on_open_existing_clicked_cb (self);
}

static void
on_open_existing_clicked_cb (CrmNewCustomerDialog *self)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  /* A dialog's actions do not reach its parent: ask the parent itself */
  if (self->existing_id > 0 && parent != NULL)
    gtk_widget_activate_action (GTK_WIDGET (parent), "win.show-customer", "x", self->existing_id);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_add_clicked_cb (CrmNewCustomerDialog *self)
{
  g_autoptr(CrmCustomer) customer = crm_customer_new ();
  g_autoptr(GError) error = NULL;
  const char *phone = gtk_editable_get_text (GTK_EDITABLE (self->phone_row));
  const char *phones[] = { phone, NULL };
  CrmStaff *me = crm_context_get_current_staff (self->context);
  guint model_position = adw_combo_row_get_selected (self->model_row);
  guint owner_position = adw_combo_row_get_selected (self->owner_row);
  gint64 model_id = 0;
  GtkWindow *parent;

  crm_customer_set_name (customer, gtk_editable_get_text (GTK_EDITABLE (self->name_row)));
  crm_customer_set_phones (customer, phones);
  crm_customer_set_wechat (customer, gtk_editable_get_text (GTK_EDITABLE (self->wechat_row)));
  crm_customer_set_channel (customer, channel_order[adw_combo_row_get_selected (self->channel_row)]);
  crm_customer_set_grade (customer, grade_order[adw_combo_row_get_selected (self->grade_row)]);
  if (self->quick)
    crm_customer_set_notes (customer, gtk_editable_get_text (GTK_EDITABLE (self->note_row)));
  else if (owner_position < self->owner_ids->len)
    crm_customer_set_owner_id (customer, g_array_index (self->owner_ids, gint64, owner_position));

  if (model_position > 0 && model_position != GTK_INVALID_LIST_POSITION)
    {
      g_autoptr(CrmVehicleModel) model = g_list_model_get_item (self->models, model_position - 1);
      model_id = model ? crm_vehicle_model_get_id (model) : 0;
    }

  if (crm_leads_create (crm_context_get_store (self->context), customer, model_id,
                        me ? crm_staff_get_id (me) : 0, &error) == 0)
    {
      show_message (self, error->message);
      if (g_error_matches (error, CRM_ERROR, CRM_ERROR_DUPLICATE))
        on_phone_changed_cb (self);
      return;
    }

  /* A walk-in registered at the desk is a first visit (留档) */
  if (self->quick && crm_customer_get_channel (customer) == CRM_CHANNEL_WALK_IN)
    {
      g_autoptr(GError) visit_error = NULL;

      if (crm_lead_store_log_visit (crm_store_get_lead_store (crm_context_get_store (self->context)), crm_customer_get_id (customer),
                               FALSE, 1, me ? crm_staff_get_id (me) : 0, 0, &visit_error) == 0)
        g_warning ("Visit not logged: %s", visit_error->message);
    }

  parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  if (self->quick)
    {
      /* Reception stays at the desk: the lead went to its consultant,
       * and the main window says to whom */
      if (parent != NULL)
        {
          g_autoptr(CrmCustomer) stored = crm_customer_store_get (crm_store_get_customer_store (crm_context_get_store (self->context)),
                                                                  crm_customer_get_id (customer), NULL);
          const char *owner = stored ? crm_customer_get_owner_name (stored) : NULL;
          g_autofree char *text = owner && owner[0]
            ? g_strdup_printf (_("%s added and given to %s"), crm_customer_get_name (customer), owner)
            : g_strdup_printf (_("%s added to the public pool"), crm_customer_get_name (customer));

          gtk_widget_activate_action (GTK_WIDGET (parent), "win.toast", "s", text);
        }
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }
  if (parent != NULL)
    gtk_widget_activate_action (GTK_WIDGET (parent), "win.show-customer", "x",
                                crm_customer_get_id (customer));
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_entry_activated_cb (CrmNewCustomerDialog *self,
                       AdwEntryRow          *row)
{
  if (row == self->name_row)
    gtk_widget_grab_focus (GTK_WIDGET (self->phone_row));
  else if (row == self->phone_row && self->quick)
    gtk_widget_grab_focus (GTK_WIDGET (self->channel_row));
  else if (row == self->phone_row)
    gtk_widget_grab_focus (GTK_WIDGET (self->wechat_row));
  else
    on_add_clicked_cb (self);
}

static void
fill_rows (CrmNewCustomerDialog *self)
{
  g_autoptr(GtkStringList) channels = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) grades = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) models = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) owners = gtk_string_list_new (NULL);
  g_autoptr(GListModel) staff = NULL;
  CrmStore *store = crm_context_get_store (self->context);
  CrmStaff *me = crm_context_get_current_staff (self->context);
  guint my_position = 0;
  gint64 id;

  for (guint i = 0; i < G_N_ELEMENTS (channel_order); i++)
    gtk_string_list_append (channels, crm_channel_get_label (channel_order[i]));
  adw_combo_row_set_model (self->channel_row, G_LIST_MODEL (channels));

  crm_gui_append_grade_labels (grades, grade_order, G_N_ELEMENTS (grade_order));
  adw_combo_row_set_model (self->grade_row, G_LIST_MODEL (grades));

  self->models = crm_staff_store_list_vehicle_models (crm_store_get_staff_store (store));
  gtk_string_list_append (models, _("Not decided"));
  for (guint i = 0; i < g_list_model_get_n_items (self->models); i++)
    {
      g_autoptr(CrmVehicleModel) model = g_list_model_get_item (self->models, i);
      g_autofree char *name = crm_vehicle_model_dup_name (model);
      gtk_string_list_append (models, name);
    }
  adw_combo_row_set_model (self->model_row, G_LIST_MODEL (models));

  /* Who will follow the lead up: the consultant taking it, by default */
  staff = crm_staff_store_list (crm_store_get_staff_store (store), TRUE);
  gtk_string_list_append (owners, _("By the showroom’s assignment rule"));
  id = 0;
  g_array_append_val (self->owner_ids, id);
  my_position = crm_gui_append_owners (owners, self->owner_ids, staff, FALSE, 0,
                                       me != NULL && crm_staff_get_role (me) == CRM_ROLE_SALES ? crm_staff_get_id (me) : 0);
  adw_combo_row_set_model (self->owner_row, G_LIST_MODEL (owners));
  adw_combo_row_set_selected (self->owner_row, my_position);
}

static void
crm_new_customer_dialog_dispose (GObject *object)
{
  CrmNewCustomerDialog *self = (CrmNewCustomerDialog *) object;

  gtk_widget_dispose_template (GTK_WIDGET (self), CRM_TYPE_NEW_CUSTOMER_DIALOG);
  g_clear_object (&self->context);
  g_clear_object (&self->models);
  g_clear_pointer (&self->owner_ids, g_array_unref);

  G_OBJECT_CLASS (crm_new_customer_dialog_parent_class)->dispose (object);
}

static void
crm_new_customer_dialog_class_init (CrmNewCustomerDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = crm_new_customer_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/crm-new-customer-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CrmNewCustomerDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, CrmNewCustomerDialog, phone_row);
  gtk_widget_class_bind_template_child (widget_class, CrmNewCustomerDialog, wechat_row);
  gtk_widget_class_bind_template_child (widget_class, CrmNewCustomerDialog, channel_row);
  gtk_widget_class_bind_template_child (widget_class, CrmNewCustomerDialog, grade_row);
  gtk_widget_class_bind_template_child (widget_class, CrmNewCustomerDialog, model_row);
  gtk_widget_class_bind_template_child (widget_class, CrmNewCustomerDialog, owner_row);
  gtk_widget_class_bind_template_child (widget_class, CrmNewCustomerDialog, message_label);
  gtk_widget_class_bind_template_child (widget_class, CrmNewCustomerDialog, open_existing_button);
  gtk_widget_class_bind_template_child (widget_class, CrmNewCustomerDialog, add_button);
  gtk_widget_class_bind_template_child (widget_class, CrmNewCustomerDialog, log_visit_button);
  gtk_widget_class_bind_template_child (widget_class, CrmNewCustomerDialog, note_row);
  gtk_widget_class_bind_template_callback (widget_class, on_log_visit_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_phone_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_open_existing_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_add_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activated_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
crm_new_customer_dialog_init (CrmNewCustomerDialog *self)
{
  self->owner_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gtk_widget_init_template (GTK_WIDGET (self));
}

CrmNewCustomerDialog *
crm_new_customer_dialog_new (GtkWindow  *parent,
                             CrmContext *context)
{
  CrmNewCustomerDialog *self;

  g_return_val_if_fail (CRM_IS_CONTEXT (context), NULL);

  self = g_object_new (CRM_TYPE_NEW_CUSTOMER_DIALOG, "transient-for", parent, NULL);
  self->context = g_object_ref (context);
  fill_rows (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
  return self;
}

/**
 * crm_new_customer_dialog_new_quick:
 *
 * Quick capture for reception: name, mobile, channel, model and note,
 * keyboard only. The lead is assigned by the showroom's rule.
 */
CrmNewCustomerDialog *
crm_new_customer_dialog_new_quick (GtkWindow  *parent,
                                   CrmContext *context)
{
  CrmNewCustomerDialog *self = crm_new_customer_dialog_new (parent, context);

  self->quick = TRUE;
  gtk_window_set_title (GTK_WINDOW (self), _("Quick Capture"));
  gtk_widget_set_visible (GTK_WIDGET (self->wechat_row), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->grade_row), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->owner_row), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->note_row), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (self->phone_row), "");
  return self;
}
