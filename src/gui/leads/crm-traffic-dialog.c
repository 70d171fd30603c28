/* crm-traffic-dialog.c: the showroom traffic log (来店登记)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reception logs every group that walks in: linked to a customer when
 * they left a number that is known (first or repeat is then decided by
 * their earlier visits), else anonymous with a head count. Below, today's
 * and the month's registration rate (留档率) and repeat-visit rate.
 */
#define G_LOG_DOMAIN "crm-traffic-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "crm-format.h"
#include "crm-phone.h"
#include "crm-traffic-dialog.h"

#define DAY (24 * 60 * 60)

struct _CrmTrafficDialog
{
  AdwWindow        parent_instance;

  CrmContext      *context;
  gint64           customer_id;

  AdwToastOverlay *toast_overlay;
  AdwEntryRow     *phone_row;
  AdwComboRow     *visit_row;
  GtkSpinButton   *people_spin;
  AdwActionRow    *today_row;
  AdwActionRow    *month_row;
};

G_DEFINE_FINAL_TYPE (CrmTrafficDialog, crm_traffic_dialog, ADW_TYPE_WINDOW)

/* "Registration rate 33 %" over "3 people on first visits, 1 registered ·
 * 2 of 3 visits were repeat visits" */
static void
show_stats (AdwActionRow          *row,
            const CrmTrafficStats *stats)
{
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;

  /* Translators: 留档率 */
  title = g_strdup_printf (_("Registration rate %.0f %%"), stats->registration_rate * 100);
  subtitle = g_strdup_printf (_("%u people on first visits, %u registered · repeat visits %.0f %% (%u of %u)"),
                              (guint) stats->walk_ins, (guint) stats->registered, stats->repeat_rate * 100,
                              (guint) stats->repeat_visits, (guint) stats->visits);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (row, subtitle);
}

static void
update_stats (CrmTrafficDialog *self)
{
  CrmStore *store = crm_context_get_store (self->context);
  gint64 now = crm_clock_get_now (crm_context_get_clock (self->context));
  /* The showroom's day, whatever this desktop's zone */
  gint64 today = crm_time_day_start (crm_store_get_time_zone (store), now);
  CrmTrafficStats stats;

  crm_lead_store_traffic_stats (crm_store_get_lead_store (store), today, today + DAY, &stats);
  show_stats (self->today_row, &stats);
  crm_lead_store_traffic_stats (crm_store_get_lead_store (store), today - 29 * DAY, today + DAY, &stats);
  show_stats (self->month_row, &stats);
}

static void
on_phone_changed_cb (CrmTrafficDialog *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->phone_row));
  g_autofree char *normalized = crm_phone_normalize (text, NULL);
  CrmStore *store = crm_context_get_store (self->context);

  self->customer_id = normalized ? crm_customer_store_find_by_phone (crm_store_get_customer_store (store), normalized, 0) : 0;
  if (self->customer_id > 0)
    {
      g_autoptr(CrmCustomer) customer = crm_customer_store_get (crm_store_get_customer_store (store), self->customer_id, NULL);
      g_autofree char *title = g_strdup_printf (_("Mobile, if they left it: %s"),
                                                customer ? crm_customer_get_name (customer) : "");
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->phone_row), title);
    }
  else
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->phone_row), _("Mobile, if they left it"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->visit_row), self->customer_id == 0);
}

static void
on_log_clicked_cb (CrmTrafficDialog *self)
{
  CrmStaff *me = crm_context_get_current_staff (self->context);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->phone_row));
  g_autoptr(GError) error = NULL;
  const char *message;

  if (text[0] != '\0' && self->customer_id == 0)
    {
      adw_toast_overlay_add_toast (self->toast_overlay,
                                   adw_toast_new (_("This number is not a customer yet: use Quick Capture (Ctrl+L) to register them")));
      return;
    }

  if (crm_lead_store_log_visit (crm_store_get_lead_store (crm_context_get_store (self->context)), self->customer_id,
                           adw_combo_row_get_selected (self->visit_row) == 1,
                           gtk_spin_button_get_value_as_int (self->people_spin),
                           me ? crm_staff_get_id (me) : 0, 0, &error) == 0)
    {
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      return;
    }

  message = self->customer_id > 0 ? _("Visit logged for the customer") : _("Visit logged");
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
  gtk_editable_set_text (GTK_EDITABLE (self->phone_row), "");
  gtk_spin_button_set_value (self->people_spin, 1);
  adw_combo_row_set_selected (self->visit_row, 0);
  update_stats (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->phone_row));
}

static void
crm_traffic_dialog_dispose (GObject *object)
{
  CrmTrafficDialog *self = (CrmTrafficDialog *) object;

  gtk_widget_dispose_template (GTK_WIDGET (self), CRM_TYPE_TRAFFIC_DIALOG);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (crm_traffic_dialog_parent_class)->dispose (object);
}

static void
crm_traffic_dialog_class_init (CrmTrafficDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = crm_traffic_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/crm-traffic-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CrmTrafficDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CrmTrafficDialog, phone_row);
  gtk_widget_class_bind_template_child (widget_class, CrmTrafficDialog, visit_row);
  gtk_widget_class_bind_template_child (widget_class, CrmTrafficDialog, people_spin);
  gtk_widget_class_bind_template_child (widget_class, CrmTrafficDialog, today_row);
  gtk_widget_class_bind_template_child (widget_class, CrmTrafficDialog, month_row);
  gtk_widget_class_bind_template_callback (widget_class, on_phone_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_log_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
crm_traffic_dialog_init (CrmTrafficDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

CrmTrafficDialog *
crm_traffic_dialog_new (GtkWindow  *parent,
                        CrmContext *context)
{
  CrmTrafficDialog *self;

  g_return_val_if_fail (CRM_IS_CONTEXT (context), NULL);

  self = g_object_new (CRM_TYPE_TRAFFIC_DIALOG, "transient-for", parent, NULL);
  self->context = g_object_ref (context);
  update_stats (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->phone_row));
  return self;
}
