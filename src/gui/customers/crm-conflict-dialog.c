/* crm-conflict-dialog.c: two people changed one field of a customer
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shown when this window's save met a newer save of the same customer by
 * someone else and both changed a field to different values (fields only
 * one side changed were merged already, see crm-customer-merge.c). Each
 * such field shows both values side by side, with who saved the other
 * and when; the person picks one per field, their own pre-selected.
 * Nothing is saved until Save is pressed; closing keeps the form as typed,
 * still unsaved, so nothing is lost either way.
 */
#define G_LOG_DOMAIN "crm-conflict-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "crm-conflict-dialog.h"
#include "crm-format.h"
#include "crm-phone.h"

struct _CrmConflictDialog
{
  AdwWindow            parent_instance;

  CrmCustomer         *merged;
  CrmCustomer         *mine;
  GArray              *conflicts;
  GPtrArray           *mine_buttons;   /* GtkCheckButton, one per conflict */
  CrmConflictDoneFunc  done;
  gpointer             user_data;
};

G_DEFINE_FINAL_TYPE (CrmConflictDialog, crm_conflict_dialog, ADW_TYPE_WINDOW)

static char *
join_strv (const char * const *strv,
           const char         *separator)
{
  return strv != NULL && strv[0] != NULL ? g_strjoinv (separator, (char **) strv) : NULL;
}

/**
 * crm_conflict_field_text:
 *
 * Returns: (transfer full): @field of @customer as a person reads it
 */
char *
crm_conflict_field_text (CrmContext       *context,
                         CrmCustomer      *customer,
                         CrmCustomerField  field)
{
  char *text = NULL;

  switch (field)
    {
    case CRM_CUSTOMER_FIELD_NAME:
      text = g_strdup (crm_customer_get_name (customer));
      break;
    case CRM_CUSTOMER_FIELD_PHONES:
      {
        const char * const *phones = crm_customer_get_phones (customer);
        g_autoptr(GPtrArray) shown = g_ptr_array_new_with_free_func (g_free);

        for (guint i = 0; phones != NULL && phones[i] != NULL; i++)
          g_ptr_array_add (shown, crm_phone_format (phones[i]));
        g_ptr_array_add (shown, NULL);
        text = join_strv ((const char * const *) shown->pdata, ", ");
      }
      break;
    case CRM_CUSTOMER_FIELD_WECHAT:
      text = g_strdup (crm_customer_get_wechat (customer));
      break;
    case CRM_CUSTOMER_FIELD_GENDER:
      text = g_strdup (crm_gender_get_label (crm_customer_get_gender (customer)));
      break;
    case CRM_CUSTOMER_FIELD_CITY:
      text = g_strdup (crm_customer_get_city (customer));
      break;
    case CRM_CUSTOMER_FIELD_CHANNEL:
      text = g_strdup (crm_channel_get_label (crm_customer_get_channel (customer)));
      break;
    case CRM_CUSTOMER_FIELD_GRADE:
      text = g_strdup (crm_grade_get_label (crm_customer_get_grade (customer)));
      break;
    case CRM_CUSTOMER_FIELD_BUDGET_MIN:
      text = crm_format_money (crm_customer_get_budget_min (customer));
      break;
    case CRM_CUSTOMER_FIELD_BUDGET_MAX:
      text = crm_format_money (crm_customer_get_budget_max (customer));
      break;
    case CRM_CUSTOMER_FIELD_TIMEFRAME:
      text = g_strdup (crm_timeframe_get_label (crm_customer_get_timeframe (customer)));
      break;
    case CRM_CUSTOMER_FIELD_TAGS:
      text = join_strv (crm_customer_get_tags (customer), ", ");
      break;
    case CRM_CUSTOMER_FIELD_MODELS:
      {
        CrmStore *store = crm_context_get_store (context);
        g_autoptr(GListModel) models = crm_staff_store_list_vehicle_models (crm_store_get_staff_store (store));
        gsize n = 0;
        const gint64 *ids = g_variant_get_fixed_array (crm_customer_get_model_ids (customer), &n, sizeof (gint64));
        g_autoptr(GString) names = g_string_new (NULL);

        for (gsize i = 0; i < n; i++)
          for (guint j = 0; models != NULL && j < g_list_model_get_n_items (models); j++)
            {
              g_autoptr(CrmVehicleModel) m = g_list_model_get_item (models, j);

              if (crm_vehicle_model_get_id (m) == ids[i])
                g_string_append_printf (names, "%s%s %s", names->len ? ", " : "",
                                        crm_vehicle_model_get_series (m), crm_vehicle_model_get_trim (m));
            }
        text = names->len ? g_string_free (g_steal_pointer (&names), FALSE) : NULL;
      }
      break;
    case CRM_CUSTOMER_FIELD_OWNER:
      {
        gint64 owner = crm_customer_get_owner_id (customer);
        g_autoptr(CrmStaff) staff = owner > 0
          ? crm_staff_store_get (crm_store_get_staff_store (crm_context_get_store (context)), owner, NULL)
          : NULL;

        text = g_strdup (staff ? crm_staff_get_name (staff) : _("Public pool"));
      }
      break;
    case CRM_CUSTOMER_FIELD_BIRTHDAY:
      text = g_strdup (crm_customer_get_birthday (customer));
      break;
    case CRM_CUSTOMER_FIELD_NOTES:
      text = g_strdup (crm_customer_get_notes (customer));
      break;
    case CRM_N_CUSTOMER_FIELDS:
    default:
      break;
    }

  if (text == NULL || *text == '\0')
    {
      g_free (text);
      /* Translators: a field left empty, in the conflict dialog */
      text = g_strdup (_("(empty)"));
    }
  return text;
}

static void
on_save_clicked_cb (CrmConflictDialog *self)
{
  for (guint i = 0; i < self->conflicts->len; i++)
    if (gtk_check_button_get_active (g_ptr_array_index (self->mine_buttons, i)))
      crm_customer_field_copy (self->merged, self->mine,
                               g_array_index (self->conflicts, CrmCustomerField, i));
  if (self->done != NULL)
    self->done (self->merged, self->user_data);
  self->done = NULL;
  gtk_window_destroy (GTK_WINDOW (self));
}

/* Save, with the choices as they are (for tests: the button's work) */
void
crm_conflict_dialog_save (CrmConflictDialog *self)
{
  g_return_if_fail (CRM_IS_CONFLICT_DIALOG (self));
  on_save_clicked_cb (self);
}

static void
crm_conflict_dialog_finalize (GObject *object)
{
  CrmConflictDialog *self = CRM_CONFLICT_DIALOG (object);

  g_clear_object (&self->merged);
  g_clear_object (&self->mine);
  g_clear_pointer (&self->conflicts, g_array_unref);
  g_clear_pointer (&self->mine_buttons, g_ptr_array_unref);

  G_OBJECT_CLASS (crm_conflict_dialog_parent_class)->finalize (object);
}

static void
crm_conflict_dialog_class_init (CrmConflictDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = crm_conflict_dialog_finalize;
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
crm_conflict_dialog_init (CrmConflictDialog *self)
{
  self->mine_buttons = g_ptr_array_new ();
}

static GtkWidget *
choice_row (const char *title,
            const char *value,
            GtkWidget  *check)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  return row;
}

/**
 * crm_conflict_dialog_new:
 * @merged: the merge so far (conflicting fields hold @theirs' value)
 * @mine: what this window would have saved
 * @theirs: the customer as someone else saved it
 * @conflicts: (element-type CrmCustomerField): the fields both changed
 * @done: called with the customer to save when the person presses Save
 */
GtkWidget *
crm_conflict_dialog_new (GtkWindow           *parent,
                         CrmContext          *context,
                         CrmCustomer         *merged,
                         CrmCustomer         *mine,
                         CrmCustomer         *theirs,
                         GArray              *conflicts,
                         CrmConflictDoneFunc  done,
                         gpointer             user_data)
{
  CrmConflictDialog *self = g_object_new (CRM_TYPE_CONFLICT_DIALOG,
                                          "transient-for", parent,
                                          "modal", TRUE,
                                          "destroy-with-parent", TRUE,
                                          "default-width", 520,
                                          "default-height", 560,
                                          "title", _("Changed by Someone Else"),
                                          NULL);
  gint64 by = crm_customer_get_updated_by (theirs);
  g_autoptr(CrmStaff) who = by > 0
    ? crm_staff_store_get (crm_store_get_staff_store (crm_context_get_store (context)), by, NULL)
    : NULL;
  g_autofree char *when = crm_format_datetime (crm_customer_get_updated_at (theirs));
  g_autofree char *description = NULL;
  g_autofree char *theirs_title = NULL;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *save = gtk_button_new_with_mnemonic (_("_Save"));
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *intro = adw_preferences_group_new ();

  self->merged = g_object_ref (merged);
  self->mine = g_object_ref (mine);
  self->conflicts = g_array_ref (conflicts);
  self->done = done;
  self->user_data = user_data;

  gtk_widget_add_css_class (save, "suggested-action");
  g_signal_connect_swapped (save, "clicked", G_CALLBACK (on_save_clicked_cb), self);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), save);
  gtk_box_append (GTK_BOX (box), header);

  if (who != NULL)
    {
      /* Translators: %s is a colleague, %s a date and time */
      description = g_strdup_printf (_("%s saved this customer at %s, while you were editing. "
                                       "What only one of you changed is kept. Choose what to keep "
                                       "where you both changed something."),
                                     crm_staff_get_name (who), when);
      /* Translators: %s is a colleague's name */
      theirs_title = g_strdup_printf (_("%s’s"), crm_staff_get_name (who));
    }
  else
    {
      description = g_strdup_printf (_("Someone saved this customer at %s, while you were editing. "
                                       "What only one of you changed is kept. Choose what to keep "
                                       "where you both changed something."), when);
      theirs_title = g_strdup (_("The saved one"));
    }
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (intro), description);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (intro));

  for (guint i = 0; i < conflicts->len; i++)
    {
      CrmCustomerField field = g_array_index (conflicts, CrmCustomerField, i);
      GtkWidget *group = adw_preferences_group_new ();
      GtkWidget *mine_check = gtk_check_button_new ();
      GtkWidget *theirs_check = gtk_check_button_new ();
      g_autofree char *mine_text = crm_conflict_field_text (context, mine, field);
      g_autofree char *theirs_text = crm_conflict_field_text (context, theirs, field);

      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), crm_customer_field_get_label (field));
      gtk_check_button_set_group (GTK_CHECK_BUTTON (theirs_check), GTK_CHECK_BUTTON (mine_check));
      gtk_check_button_set_active (GTK_CHECK_BUTTON (mine_check), TRUE);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), choice_row (_("Yours"), mine_text, mine_check));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                                 choice_row (theirs_title, theirs_text, theirs_check));
      adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
      g_ptr_array_add (self->mine_buttons, mine_check);
    }

  gtk_widget_set_vexpand (page, TRUE);
  gtk_box_append (GTK_BOX (box), page);
  adw_window_set_content (ADW_WINDOW (self), box);
  gtk_widget_grab_focus (save);
  return GTK_WIDGET (self);
}
