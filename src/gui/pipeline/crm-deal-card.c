/* crm-deal-card.c: one deal on the board
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Name and intent grade, model of interest, owner and days in the stage,
 * the next follow-up, and a red mark when the follow-up is overdue or the
 * customer has gone idle.
 *
 * The card draws its lines itself (PangoLayouts in snapshot) instead of
 * holding a dozen label widgets: GTK 4.8's list view makes some 200 rows
 * per column at once, and with six columns a widget tree per card costs
 * about a second and 70 MB on a 20,000-deal board. Its CSS node (dealcard,
 * with the card style class) still gives it background, border and focus
 * ring; the accessible label says everything the card shows.
 */
#define G_LOG_DOMAIN "crm-deal-card"

#include "config.h"

#include <glib/gi18n.h>

#include "crm-deal-card.h"
#include "crm-format.h"
#include "crm-gui-util.h"

#define DAY        (24 * 60 * 60)
#define PADDING_X  10
#define PADDING_Y  8
#define SPACING    3
#define BADGE_W    22
#define BADGE_H    18

typedef enum
{
  LINE_NAME,
  LINE_MODEL,
  LINE_OWNER,
  LINE_NEXT,
  LINE_REQUEST,
  N_LINES
} Line;

struct _CrmDealCard
{
  GtkWidget    parent_instance;

  CrmDeal     *deal;
  gboolean     overdue;
  gint64       bound_at;
  CrmGrade     grade_value;
  char        *texts[N_LINES];   /* what each line says, NULL = no line */
  PangoLayout *lines[N_LINES];   /* made when first drawn */
  PangoLayout *badge;
};

/* Line heights are the same for every card: measured once on a sample of
 * Chinese and Latin text, so a card's height needs no layout of its own
 * and the rows the list makes off screen never lay out text. */
static int normal_height;
static int small_height;

G_DEFINE_FINAL_TYPE (CrmDealCard, crm_deal_card, GTK_TYPE_WIDGET)

static int
line_height (PangoLayout *layout)
{
  int height = 0;

  if (layout != NULL)
    pango_layout_get_pixel_size (layout, NULL, &height);
  return height;
}

static void
ensure_heights (CrmDealCard *self)
{
  g_autoptr(PangoLayout) normal = NULL;
  g_autoptr(PangoLayout) small = NULL;

  if (normal_height > 0)
    return;

  normal = crm_gui_create_layout (GTK_WIDGET (self), "张三 Ag 汉兰达", TRUE, TRUE, FALSE);
  small = crm_gui_create_layout (GTK_WIDGET (self), "张三 Ag 12", TRUE, TRUE, TRUE);
  normal_height = line_height (normal);
  small_height = line_height (small);
}

static gboolean
is_small (guint line)
{
  return line == LINE_OWNER || line == LINE_NEXT || line == LINE_REQUEST;
}

static void
ensure_layouts (CrmDealCard *self)
{
  if (self->badge != NULL)
    return;

  for (guint i = 0; i < N_LINES; i++)
    if (self->texts[i] != NULL)
      self->lines[i] = crm_gui_create_layout (GTK_WIDGET (self), self->texts[i], TRUE,
                                              i == LINE_NAME || (i == LINE_NEXT && self->overdue),
                                              is_small (i));
  self->badge = crm_gui_create_layout (GTK_WIDGET (self), crm_grade_get_label (self->grade_value), TRUE, TRUE, TRUE);
}

static void
crm_deal_card_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  CrmDealCard *self = CRM_DEAL_CARD (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 120;
      *natural = 200;
      return;
    }

  ensure_heights (self);
  *minimum = 2 * PADDING_Y;
  for (guint i = 0; i < N_LINES; i++)
    if (self->texts[i] != NULL)
      *minimum += (i == LINE_NAME ? MAX (normal_height, BADGE_H) : is_small (i) ? small_height : normal_height)
                  + (i > 0 ? SPACING : 0);
  *natural = *minimum;
}

static void
crm_deal_card_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  CrmDealCard *self = CRM_DEAL_CARD (widget);
  GtkStyleContext *context = gtk_widget_get_style_context (widget);
  int width = gtk_widget_get_width (widget);
  int text_width = MAX (0, width - 2 * PADDING_X);
  int y = PADDING_Y;
  GdkRGBA fg, dim, error, warning, badge_fg, badge_bg;
  static const char * const grade_colors[CRM_N_GRADES] = {
    [CRM_GRADE_H] = "error_color", [CRM_GRADE_A] = "warning_color",
    [CRM_GRADE_B] = "accent_color", [CRM_GRADE_C] = "success_color", [CRM_GRADE_N] = NULL,
  };

  if (self->deal == NULL)
    return;

  ensure_heights (self);
  ensure_layouts (self);
  gtk_style_context_get_color (context, &fg);
  dim = fg;
  dim.alpha *= 0.6f;
  error = crm_gui_lookup_color (widget, "error_color", (GdkRGBA) { 0.75f, 0.11f, 0.16f, 1 });
  warning = crm_gui_lookup_color (widget, "warning_color", (GdkRGBA) { 0.61f, 0.39f, 0, 1 });

  for (guint i = 0; i < N_LINES; i++)
    {
      PangoLayout *layout = self->lines[i];
      const GdkRGBA *color = &fg;
      int reserve = 0;

      if (layout == NULL)
        continue;

      if (i == LINE_NAME)
        reserve = BADGE_W + 6 + (self->overdue ? 14 : 0);
      pango_layout_set_width (layout, MAX (0, text_width - reserve) * PANGO_SCALE);

      if (i == LINE_OWNER)
        color = &dim;
      else if (i == LINE_NEXT && self->overdue)
        color = &error;
      else if (i == LINE_REQUEST)
        color = &warning;

      crm_gui_snapshot_layout (snapshot, layout, PADDING_X,
                               y + (i == LINE_NAME ? MAX (0, (BADGE_H - normal_height) / 2) : 0), color);

      if (i == LINE_NAME)
        {
          /* The grade badge, coloured hot to cold, as in the Customers view */
          const char *color_name = grade_colors[self->grade_value];
          float x = width - PADDING_X - BADGE_W;
          GskRoundedRect rect;
          int bw, bh;

          badge_fg = color_name ? crm_gui_lookup_color (widget, color_name, fg) : dim;
          badge_bg = badge_fg;
          badge_bg.alpha = color_name ? 0.18f : 0.08f;
          gsk_rounded_rect_init_from_rect (&rect, &GRAPHENE_RECT_INIT (x, y, BADGE_W, BADGE_H), 6);
          gtk_snapshot_push_rounded_clip (snapshot, &rect);
          gtk_snapshot_append_color (snapshot, &badge_bg, &rect.bounds);
          gtk_snapshot_pop (snapshot);
          pango_layout_get_pixel_size (self->badge, &bw, &bh);
          crm_gui_snapshot_layout (snapshot, self->badge, x + (BADGE_W - bw) / 2, y + (BADGE_H - bh) / 2, &badge_fg);

          if (self->overdue)
            {
              /* A red dot beside the badge: the follow-up is late */
              gsk_rounded_rect_init_from_rect (&rect, &GRAPHENE_RECT_INIT (x - 14, y + BADGE_H / 2 - 4, 8, 8), 4);
              gtk_snapshot_push_rounded_clip (snapshot, &rect);
              gtk_snapshot_append_color (snapshot, &error, &rect.bounds);
              gtk_snapshot_pop (snapshot);
            }
          y += MAX (normal_height, BADGE_H);
        }
      else
        y += is_small (i) ? small_height : normal_height;
      y += SPACING;
    }
}

static void
clear_layouts (CrmDealCard *self)
{
  for (guint i = 0; i < N_LINES; i++)
    {
      g_clear_object (&self->lines[i]);
      g_clear_pointer (&self->texts[i], g_free);
    }
  g_clear_object (&self->badge);
}

static void
crm_deal_card_dispose (GObject *object)
{
  CrmDealCard *self = (CrmDealCard *) object;

  clear_layouts (self);
  g_clear_object (&self->deal);

  G_OBJECT_CLASS (crm_deal_card_parent_class)->dispose (object);
}

static void
crm_deal_card_class_init (CrmDealCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = crm_deal_card_dispose;
  widget_class->measure = crm_deal_card_measure;
  widget_class->snapshot = crm_deal_card_snapshot;

  gtk_widget_class_set_css_name (widget_class, "dealcard");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
crm_deal_card_init (CrmDealCard *self)
{
  gtk_widget_add_css_class (GTK_WIDGET (self), "card");
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
  g_autofree char *request = NULL;
  g_autofree char *accessible = NULL;
  const char *name, *model;
  gint64 next_at;
  int days;

  g_return_if_fail (CRM_IS_DEAL_CARD (self));

  /* GTK 4.8's list view binds every row again when a row above goes
   * away; the same deal object means nothing changed */
  if (deal != NULL && deal == self->deal && overdue == self->overdue &&
      (now - self->bound_at) < 60)
    return;
  self->bound_at = now;

  g_set_object (&self->deal, deal);
  clear_layouts (self);
  self->overdue = overdue;

  if (deal == NULL)
    {
      gtk_widget_queue_resize (GTK_WIDGET (self));
      return;
    }

  self->grade_value = crm_deal_get_customer_grade (deal);
  name = crm_deal_get_customer_name (deal) ? crm_deal_get_customer_name (deal) : "";
  model = crm_deal_get_model_name (deal) ? crm_deal_get_model_name (deal) : _("No model chosen yet");
  days = MAX (0, (int) ((now - crm_deal_get_stage_entered_at (deal)) / DAY));
  next_at = crm_deal_get_next_followup_at (deal);

  /* Translators: on a card: the sales consultant, and how long the deal has
     been in its stage, e.g. "李娜 · 5 days in stage" */
  owner = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %d day in stage", "%s · %d days in stage", days),
                           crm_deal_get_owner_name (deal) ? crm_deal_get_owner_name (deal) : _("Public pool"),
                           days);
  if (next_at > 0)
    {
      g_autofree char *due = crm_format_due (now, next_at, NULL);
      /* Translators: the next follow-up on a card, e.g. "Next: Today 15:00" */
      next = g_strdup_printf (_("Next: %s"), due);
    }
  else
    next = g_strdup (_("No follow-up planned"));

  if (crm_deal_get_lost_requested_at (deal) > 0)
    request = g_strdup (_("Lost: waiting for the manager"));
  else if (crm_deal_get_request_comment (deal) != NULL)
    request = g_strdup_printf (_("Sent back: %s"), crm_deal_get_request_comment (deal));

  self->texts[LINE_NAME] = g_strdup (name);
  self->texts[LINE_MODEL] = g_strdup (model);
  self->texts[LINE_OWNER] = g_strdup (owner);
  self->texts[LINE_NEXT] = g_strdup (next);
  self->texts[LINE_REQUEST] = g_strdup (request);

  if (overdue)
    gtk_widget_add_css_class (GTK_WIDGET (self), "overdue-card");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "overdue-card");

  gtk_widget_set_tooltip_text (GTK_WIDGET (self), crm_grade_get_description (self->grade_value));

  /* What a screen reader says for the card as a whole */
  accessible = g_strdup_printf ("%s, %s %s, %s, %s, %s%s%s%s", name,
                                crm_grade_get_label (self->grade_value),
                                crm_grade_get_description (self->grade_value),
                                model, owner, next, overdue ? _(", overdue") : "",
                                request ? ", " : "", request ? request : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);

  gtk_widget_queue_resize (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* For tests: the text of line @line (0 name … 4 Lost request), or NULL */
const char *
crm_deal_card_get_line (CrmDealCard *self,
                        guint        line)
{
  g_return_val_if_fail (CRM_IS_DEAL_CARD (self), NULL);
  return line < N_LINES ? self->texts[line] : NULL;
}
