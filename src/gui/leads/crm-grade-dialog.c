/* crm-grade-dialog.c: intent grade from the facts, confirmed by the rep
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The facts the rep records (test drive, trade-in, financing) beside those
 * the showroom already knows (timeframe, budget, visits, channel); the
 * grade and score the rules propose (crm-grading.c, explained in
 * help/C/lead-grading.page); the rep confirms or picks another grade and
 * says why. Each confirmation goes into the grade history.
 */
#define G_LOG_DOMAIN "crm-grade-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "crm-format.h"
#include "crm-grade-dialog.h"
#include "crm-grading.h"
#include "crm-gui-util.h"

struct _CrmGradeDialog
{
  AdwWindow      parent_instance;

  CrmContext    *context;
  gint64         customer_id;
  CrmLeadFacts   facts;
  CrmGrade       proposed;
  int            score;
  gboolean       loading;

  AdwActionRow  *timeframe_row;
  AdwActionRow  *budget_row;
  AdwActionRow  *visits_row;
  AdwActionRow  *channel_row;
  GtkSwitch     *test_drive_switch;
  GtkSwitch     *trade_in_switch;
  GtkSwitch     *financing_switch;
  AdwActionRow  *proposal_row;
  AdwComboRow   *grade_row;
  AdwEntryRow   *reason_row;
  GtkLabel      *message_label;
};

G_DEFINE_FINAL_TYPE (CrmGradeDialog, crm_grade_dialog, ADW_TYPE_WINDOW)

static void
show_message (CrmGradeDialog *self,
              const char     *message)
{
  gtk_label_set_label (self->message_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL);
}

static void
on_grade_changed_cb (CrmGradeDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->grade_row);

  gtk_widget_set_visible (GTK_WIDGET (self->reason_row),
                          selected < G_N_ELEMENTS (crm_gui_grade_order) && crm_gui_grade_order[selected] != self->proposed);
}

static void
load (CrmGradeDialog *self,
      gboolean        select_proposal)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *budget = NULL;
  g_autofree char *price = NULL;
  g_autofree char *text = NULL;
  g_autofree char *proposal = NULL;

  if (!crm_lead_store_get_facts (crm_store_get_lead_store (crm_context_get_store (self->context)), self->customer_id, &self->facts, &error))
    {
      show_message (self, error->message);
      return;
    }

  self->loading = TRUE;
  adw_action_row_set_subtitle (self->timeframe_row, crm_timeframe_get_label (self->facts.timeframe));

  budget = self->facts.budget_max > 0 ? crm_format_money (self->facts.budget_max) : g_strdup (_("not known"));
  price = self->facts.model_price > 0 ? crm_format_money (self->facts.model_price) : g_strdup (_("no model chosen"));
  /* Translators: "budget ¥180,000 · price ¥179,800" */
  text = g_strdup_printf (_("budget %s · price %s"), budget, price);
  adw_action_row_set_subtitle (self->budget_row, text);
  g_clear_pointer (&text, g_free);

  text = g_strdup_printf ("%u", self->facts.visits);
  adw_action_row_set_subtitle (self->visits_row, text);
  g_clear_pointer (&text, g_free);

  if (self->facts.channel_conversion < 0)
    text = g_strdup_printf (_("%s: too few leads to tell"), crm_channel_get_label (self->facts.channel));
  else
    text = g_strdup_printf (_("%s: %.0f %% ordered"), crm_channel_get_label (self->facts.channel),
                            self->facts.channel_conversion * 100);
  adw_action_row_set_subtitle (self->channel_row, text);

  gtk_switch_set_active (self->test_drive_switch, self->facts.test_drive);
  /* A test drive in the deals or follow-ups is a fact, not a choice */
  gtk_widget_set_sensitive (GTK_WIDGET (self->test_drive_switch), !self->facts.test_drive_logged);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->test_drive_switch),
                               self->facts.test_drive_logged
                               ? _("Recorded in the customer’s deals or follow-ups") : NULL);
  gtk_switch_set_active (self->trade_in_switch, self->facts.trade_in);
  gtk_switch_set_active (self->financing_switch, self->facts.financing_approved);

  self->proposed = crm_grading_propose (&self->facts);
  self->score = crm_grading_score (&self->facts);
  /* Translators: "H · buys within 7 days — lead score 78 of 100" */
  proposal = g_strdup_printf (_("%s · %s — lead score %d of 100"), crm_grade_get_label (self->proposed),
                              crm_grade_get_description (self->proposed), self->score);
  adw_action_row_set_subtitle (self->proposal_row, proposal);
  if (select_proposal)
    adw_combo_row_set_selected (self->grade_row, crm_gui_grade_position (self->proposed));
  self->loading = FALSE;
  on_grade_changed_cb (self);
}

static void
on_fact_changed_cb (CrmGradeDialog *self)
{
  g_autoptr(GError) error = NULL;

  if (self->loading)
    return;
  if (!crm_lead_store_set_facts (crm_store_get_lead_store (crm_context_get_store (self->context)), self->customer_id,
                                 gtk_switch_get_active (self->test_drive_switch),
                                 gtk_switch_get_active (self->trade_in_switch),
                                 gtk_switch_get_active (self->financing_switch), &error))
    show_message (self, error->message);
  load (self, TRUE);
}

static void
on_confirm_clicked_cb (CrmGradeDialog *self)
{
  CrmStaff *me = crm_context_get_current_staff (self->context);
  g_autoptr(GError) error = NULL;
  guint selected = adw_combo_row_get_selected (self->grade_row);
  CrmGrade grade = selected < G_N_ELEMENTS (crm_gui_grade_order) ? crm_gui_grade_order[selected] : CRM_GRADE_N;

  if (!crm_lead_store_record_grade (crm_store_get_lead_store (crm_context_get_store (self->context)), self->customer_id, grade,
                               self->proposed, self->score,
                               gtk_editable_get_text (GTK_EDITABLE (self->reason_row)),
                               me ? crm_staff_get_id (me) : 0, &error))
    {
      show_message (self, error->message);
      if (gtk_widget_get_visible (GTK_WIDGET (self->reason_row)))
        gtk_widget_grab_focus (GTK_WIDGET (self->reason_row));
      return;
    }
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
crm_grade_dialog_dispose (GObject *object)
{
  CrmGradeDialog *self = (CrmGradeDialog *) object;

  gtk_widget_dispose_template (GTK_WIDGET (self), CRM_TYPE_GRADE_DIALOG);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (crm_grade_dialog_parent_class)->dispose (object);
}

static void
crm_grade_dialog_class_init (CrmGradeDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = crm_grade_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/crm-grade-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CrmGradeDialog, timeframe_row);
  gtk_widget_class_bind_template_child (widget_class, CrmGradeDialog, budget_row);
  gtk_widget_class_bind_template_child (widget_class, CrmGradeDialog, visits_row);
  gtk_widget_class_bind_template_child (widget_class, CrmGradeDialog, channel_row);
  gtk_widget_class_bind_template_child (widget_class, CrmGradeDialog, test_drive_switch);
  gtk_widget_class_bind_template_child (widget_class, CrmGradeDialog, trade_in_switch);
  gtk_widget_class_bind_template_child (widget_class, CrmGradeDialog, financing_switch);
  gtk_widget_class_bind_template_child (widget_class, CrmGradeDialog, proposal_row);
  gtk_widget_class_bind_template_child (widget_class, CrmGradeDialog, grade_row);
  gtk_widget_class_bind_template_child (widget_class, CrmGradeDialog, reason_row);
  gtk_widget_class_bind_template_child (widget_class, CrmGradeDialog, message_label);
  gtk_widget_class_bind_template_callback (widget_class, on_grade_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_fact_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_confirm_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
crm_grade_dialog_init (CrmGradeDialog *self)
{
  g_autoptr(GtkStringList) grades = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  crm_gui_append_grade_labels (grades, crm_gui_grade_order, G_N_ELEMENTS (crm_gui_grade_order));
  adw_combo_row_set_model (self->grade_row, G_LIST_MODEL (grades));
}

CrmGradeDialog *
crm_grade_dialog_new (GtkWindow  *parent,
                      CrmContext *context,
                      gint64      customer_id)
{
  CrmGradeDialog *self;

  g_return_val_if_fail (CRM_IS_CONTEXT (context), NULL);

  self = g_object_new (CRM_TYPE_GRADE_DIALOG, "transient-for", parent, NULL);
  self->context = g_object_ref (context);
  self->customer_id = customer_id;
  load (self, TRUE);
  return self;
}
