/* crm-deal-card.c: one deal on the board
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Name and intent grade, model of interest, owner and days in the stage,
 * the next follow-up, and a red mark when the follow-up is overdue or the
 * customer has gone idle. What the card does (move, open, lose) lives in
 * the pipeline page; the card only shows.
 */
#define G_LOG_DOMAIN "crm-deal-card"

#include "config.h"

#include <glib/gi18n.h>

#include "crm-deal-card.h"
#include "crm-format.h"
#include "crm-gui-util.h"

#define DAY (24 * 60 * 60)

struct _CrmDealCard
{
  GtkWidget  parent_instance;

  CrmDeal   *deal;

  GtkLabel  *name_label;
  GtkImage  *overdue_image;
  GtkLabel  *grade_label;
  GtkLabel  *model_label;
  GtkLabel  *owner_label;
  GtkLabel  *next_label;
  GtkLabel  *request_label;
};

G_DEFINE_FINAL_TYPE (CrmDealCard, crm_deal_card, GTK_TYPE_WIDGET)

static const char * const grade_classes[CRM_N_GRADES] = {
  [CRM_GRADE_N] = "grade-n", [CRM_GRADE_H] = "grade-h", [CRM_GRADE_A] = "grade-a",
  [CRM_GRADE_B] = "grade-b", [CRM_GRADE_C] = "grade-c",
};

static void
crm_deal_card_dispose (GObject *object)
{
  CrmDealCard *self = (CrmDealCard *) object;

  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), CRM_TYPE_DEAL_CARD);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->deal);

  G_OBJECT_CLASS (crm_deal_card_parent_class)->dispose (object);
}

static void
crm_deal_card_class_init (CrmDealCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = crm_deal_card_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/crm-deal-card.ui");
  gtk_widget_class_bind_template_child (widget_class, CrmDealCard, name_label);
  gtk_widget_class_bind_template_child (widget_class, CrmDealCard, overdue_image);
  gtk_widget_class_bind_template_child (widget_class, CrmDealCard, grade_label);
  gtk_widget_class_bind_template_child (widget_class, CrmDealCard, model_label);
  gtk_widget_class_bind_template_child (widget_class, CrmDealCard, owner_label);
  gtk_widget_class_bind_template_child (widget_class, CrmDealCard, next_label);
  gtk_widget_class_bind_template_child (widget_class, CrmDealCard, request_label);
  gtk_widget_class_set_css_name (widget_class, "dealcard");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
crm_deal_card_init (CrmDealCard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_label_set_attributes (self->name_label, crm_gui_chinese_attrs ());
  gtk_label_set_attributes (self->model_label, crm_gui_chinese_attrs ());
  gtk_label_set_attributes (self->owner_label, crm_gui_chinese_attrs ());
  gtk_label_set_attributes (self->request_label, crm_gui_chinese_attrs ());
}

GtkWidget *
crm_deal_card_new (void)
{
  return g_object_new (CRM_TYPE_DEAL_CARD, NULL);
}

CrmDeal *
crm_deal_card_get_deal (CrmDealCard *self)
{
  g_return_val_if_fail (CRM_IS_DEAL_CARD (self), NULL);
  return self->deal;
}

/**
 * crm_deal_card_set_deal:
 * @now: the time "days in stage" and "overdue" are counted to
 * @overdue: show the red mark
 */
void
crm_deal_card_set_deal (CrmDealCard *self,
                        CrmDeal     *deal,
                        gint64       now,
                        gboolean     overdue)
{
  g_autofree char *owner = NULL;
  g_autofree char *next = NULL;
  g_autofree char *due = NULL;
  g_autofree char *accessible = NULL;
  gint64 next_at;
  CrmGrade grade;
  int days;

  g_return_if_fail (CRM_IS_DEAL_CARD (self));

  g_set_object (&self->deal, deal);
  if (deal == NULL)
    return;

  grade = crm_deal_get_customer_grade (deal);
  days = MAX (0, (int) ((now - crm_deal_get_stage_entered_at (deal)) / DAY));
  next_at = crm_deal_get_next_followup_at (deal);

  gtk_label_set_label (self->name_label, crm_deal_get_customer_name (deal) ? crm_deal_get_customer_name (deal) : "");
  gtk_label_set_label (self->grade_label, crm_grade_get_label (grade));
  for (guint i = 0; i < CRM_N_GRADES; i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->grade_label), grade_classes[i]);
  gtk_widget_add_css_class (GTK_WIDGET (self->grade_label), grade_classes[grade]);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->grade_label), crm_grade_get_description (grade));

  gtk_label_set_label (self->model_label, crm_deal_get_model_name (deal) ? crm_deal_get_model_name (deal)
                                                                         : _("No model chosen yet"));

  /* Translators: on a card: the sales consultant, and how long the deal has
     been in its stage, e.g. "李娜 · 5 days in stage" */
  owner = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %d day in stage", "%s · %d days in stage", days),
                           crm_deal_get_owner_name (deal) ? crm_deal_get_owner_name (deal) : _("Public pool"),
                           days);
  gtk_label_set_label (self->owner_label, owner);

  if (next_at > 0)
    {
      due = crm_format_due (now, next_at, NULL);
      /* Translators: the next follow-up on a card, e.g. "Next: Today 15:00" */
      next = g_strdup_printf (_("Next: %s"), due);
    }
  else
    next = g_strdup (_("No follow-up planned"));
  gtk_label_set_label (self->next_label, next);

  gtk_widget_set_visible (GTK_WIDGET (self->overdue_image), overdue);
  if (overdue)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self), "overdue-card");
      gtk_widget_add_css_class (GTK_WIDGET (self->next_label), "overdue");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self), "overdue-card");
      gtk_widget_remove_css_class (GTK_WIDGET (self->next_label), "overdue");
    }

  if (crm_deal_get_lost_requested_at (deal) > 0)
    {
      gtk_label_set_label (self->request_label, _("Lost: waiting for the manager"));
      gtk_widget_set_visible (GTK_WIDGET (self->request_label), TRUE);
    }
  else if (crm_deal_get_request_comment (deal) != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Sent back: %s"), crm_deal_get_request_comment (deal));
      gtk_label_set_label (self->request_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->request_label), TRUE);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->request_label), FALSE);

  /* What a screen reader says for the card as a whole */
  accessible = g_strdup_printf ("%s, %s, %s, %s%s",
                                gtk_label_get_label (self->name_label),
                                crm_grade_get_description (grade),
                                gtk_label_get_label (self->model_label),
                                next, overdue ? _(", overdue") : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
}
