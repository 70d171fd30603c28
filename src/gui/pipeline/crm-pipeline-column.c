/* crm-pipeline-column.c: one stage of the board, or the archive
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A header with the stage, its count and the deals' total guide price,
 * over a GtkListView of cards backed by a CrmDealList (cards are made for
 * the rows on screen only). Cards are dragged to another column, or moved
 * from their menu (right click, Shift+F10, the Menu key) and by keyboard:
 * Ctrl+→ and Ctrl+← move the focused card one stage on or back.
 */
#define G_LOG_DOMAIN "crm-pipeline-column"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "crm-deal-card.h"
#include "crm-model-enum-types.h"
#include "crm-format.h"
#include "crm-gui-util.h"
#include "crm-pipeline.h"
#include "crm-pipeline-column.h"

struct _CrmPipelineColumn
{
  GtkBox                    parent_instance;

  CrmContext               *context;
  CrmDealList              *list;
  GtkSingleSelection       *selection;
  CrmDealQuery              query;
  CrmPipelineColumnHandler  handler;
  gpointer                  handler_data;
  gint64                    menu_deal;
  int                       idle_limit;   /* days, read once, not per card */

  GtkLabel                 *count_label;
  GtkLabel                 *value_label;
  GtkListView              *view;
  GtkWidget                *menu;
};

G_DEFINE_FINAL_TYPE (CrmPipelineColumn, crm_pipeline_column, GTK_TYPE_BOX)

static void
emit (CrmPipelineColumn *self,
      gint64             deal_id,
      const char        *action,
      CrmStage           stage)
{
  if (self->handler != NULL && deal_id > 0)
    self->handler (self, deal_id, action, stage, self->handler_data);
}

static void
update_header (CrmPipelineColumn *self)
{
  guint n = crm_deal_list_get_count (self->list);
  g_autofree char *count = g_strdup_printf ("%u", n);
  g_autofree char *value = crm_format_money_short (crm_deal_list_get_total_value (self->list));
  g_autofree char *tooltip = NULL;

  /* On a server the first count comes from a worker thread */
  if (crm_deal_list_is_loading (self->list) && n == 0)
    {
      gtk_label_set_label (self->count_label, "…");
      gtk_label_set_label (self->value_label, "");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->value_label), _("Loading…"));
      return;
    }

  gtk_label_set_label (self->count_label, count);
  gtk_label_set_label (self->value_label, value);
  /* Translators: the tooltip of a column's total, e.g. "12 deals, guide prices ¥2,156,000 in all" */
  tooltip = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u deal, guide prices %s in all",
                                          "%u deals, guide prices %s in all", n),
                             n, value);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->value_label), tooltip);
}

/* ------------------------------------------------------------------ */
/* Cards                                                               */

/* One drag source and one click gesture for the whole column, not one
 * per card (the list makes some 200 cards at once): the card under the
 * pointer is found by picking. */
static CrmDealCard *
card_at (CrmPipelineColumn *self,
         double             x,
         double             y)
{
  GtkWidget *picked = gtk_widget_pick (GTK_WIDGET (self->view), x, y, GTK_PICK_DEFAULT);

  for (GtkWidget *w = picked; w != NULL && w != GTK_WIDGET (self->view); w = gtk_widget_get_parent (w))
    if (CRM_IS_DEAL_CARD (w))
      return CRM_DEAL_CARD (w);
  return NULL;
}

static GdkContentProvider *
on_drag_prepare_cb (GtkDragSource *source,
                    double         x,
                    double         y,
                    gpointer       user_data)
{
  CrmPipelineColumn *self = CRM_PIPELINE_COLUMN (user_data);
  CrmDealCard *card = card_at (self, x, y);
  CrmDeal *deal = card ? crm_deal_card_get_deal (card) : NULL;
  g_autoptr(GdkPaintable) icon = NULL;

  /* A card still being read (on a server) is not dragged */
  if (deal == NULL || crm_deal_get_customer_id (deal) == 0 || !crm_stage_is_open (crm_deal_get_stage (deal)))
    return NULL;

  icon = gtk_widget_paintable_new (GTK_WIDGET (card));
  gtk_drag_source_set_icon (source, icon, gtk_widget_get_width (GTK_WIDGET (card)) / 2, 12);
  return gdk_content_provider_new_typed (CRM_TYPE_DEAL, deal);
}

static void
popup_menu (CrmPipelineColumn *self,
            GtkWidget         *card,
            double             x,
            double             y)
{
  CrmDeal *deal = crm_deal_card_get_deal (CRM_DEAL_CARD (card));

  if (deal == NULL)
    return;

  self->menu_deal = crm_deal_get_id (deal);
  crm_gui_popup_at (GTK_POPOVER (self->menu), card, x, y);
}

static void
on_view_pressed_cb (GtkGestureClick *gesture,
                    int              n_press,
                    double           x,
                    double           y,
                    gpointer         user_data)
{
  CrmPipelineColumn *self = CRM_PIPELINE_COLUMN (user_data);
  CrmDealCard *card = card_at (self, x, y);
  graphene_point_t point;

  if (card == NULL ||
      !gtk_widget_compute_point (GTK_WIDGET (self->view), GTK_WIDGET (card), &GRAPHENE_POINT_INIT (x, y), &point))
    return;

  popup_menu (self, GTK_WIDGET (card), point.x, point.y);
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static void
setup_card_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  gtk_list_item_set_child (item, crm_deal_card_new ());
}

static void
bind_card_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  CrmPipelineColumn *self = CRM_PIPELINE_COLUMN (user_data);
  gint64 now = crm_clock_get_now (crm_context_get_clock (self->context));
  CrmDeal *deal = gtk_list_item_get_item (item);

  crm_deal_card_set_deal (CRM_DEAL_CARD (gtk_list_item_get_child (item)), deal, now,
                          crm_pipeline_is_overdue (deal, now, self->idle_limit));
}

static void
on_view_activate_cb (CrmPipelineColumn *self,
                     guint              position,
                     GtkListView       *view)
{
  g_autoptr(CrmDeal) deal = g_list_model_get_item (G_LIST_MODEL (self->list), position);

  if (deal != NULL)
    emit (self, crm_deal_get_id (deal), "open", 0);
}

/* The card with keyboard focus, or the selected one */
static gint64
focused_deal (CrmPipelineColumn *self,
              GtkWidget        **card_out)
{
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (GTK_WIDGET (self)));
  guint position;

  for (GtkWidget *w = focus; w != NULL && w != GTK_WIDGET (self->view); w = gtk_widget_get_parent (w))
    {
      GtkWidget *child = gtk_widget_get_first_child (w);

      if (child != NULL && CRM_IS_DEAL_CARD (child) && crm_deal_card_get_deal (CRM_DEAL_CARD (child)))
        {
          if (card_out)
            *card_out = child;
          return crm_deal_get_id (crm_deal_card_get_deal (CRM_DEAL_CARD (child)));
        }
    }

  position = gtk_single_selection_get_selected (self->selection);
  if (position != GTK_INVALID_LIST_POSITION)
    {
      g_autoptr(CrmDeal) deal = g_list_model_get_item (G_LIST_MODEL (self->list), position);
      if (card_out)
        *card_out = NULL;
      return deal ? crm_deal_get_id (deal) : 0;
    }
  return 0;
}

/* ------------------------------------------------------------------ */
/* Actions                                                             */

static void
card_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CrmPipelineColumn *self = CRM_PIPELINE_COLUMN (widget);
  const char *action = strchr (action_name, '.') + 1;
  gint64 deal = self->menu_deal;
  int stage = 0;

  self->menu_deal = 0;
  if (deal == 0)
    deal = focused_deal (self, NULL);

  if (parameter != NULL &&
      !crm_enum_from_code (CRM_TYPE_STAGE, g_variant_get_string (parameter, NULL), &stage))
    return;

  emit (self, deal, action, stage);
}

static void
step_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CrmPipelineColumn *self = CRM_PIPELINE_COLUMN (widget);
  int step = g_variant_get_int32 (parameter);
  gint64 deal = focused_deal (self, NULL);
  int to = self->query.stage + step;

  /* One stage on or back along the open stages */
  if (self->query.stage < 0 || to < CRM_STAGE_NEW_LEAD || to > CRM_STAGE_ORDERED)
    return;
  emit (self, deal, "move", to);
}

static void
menu_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CrmPipelineColumn *self = CRM_PIPELINE_COLUMN (widget);
  GtkWidget *card = NULL;
  gint64 deal = focused_deal (self, &card);

  if (deal == 0)
    return;

  if (card != NULL)
    popup_menu (self, card, gtk_widget_get_width (card) / 2.0, gtk_widget_get_height (card) / 2.0);
  else
    {
      self->menu_deal = deal;
      crm_gui_popup_at (GTK_POPOVER (self->menu), NULL, 0, 0);
    }
}

static GMenuModel *
build_menu (gboolean archive)
{
  GMenu *menu = g_menu_new ();
  g_autoptr(GMenu) main = g_menu_new ();
  g_autoptr(GMenu) move = g_menu_new ();
  g_autoptr(GMenu) close = g_menu_new ();

  g_menu_append (main, _("_Open Customer"), "card.open");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (main));

  if (archive)
    {
      g_autoptr(GMenu) reopen = g_menu_new ();

      g_menu_append (reopen, _("_Reopen Deal"), "card.reopen");
      g_menu_append_section (menu, NULL, G_MENU_MODEL (reopen));
      return G_MENU_MODEL (menu);
    }

  for (int s = CRM_STAGE_NEW_LEAD; s <= CRM_STAGE_DELIVERED; s++)
    {
      g_autofree char *detailed = g_strdup_printf ("card.move::%s", crm_enum_to_code (CRM_TYPE_STAGE, s));
      g_menu_append (move, crm_stage_get_label (s), detailed);
    }
  g_menu_append_submenu (main, _("_Move to"), G_MENU_MODEL (move));
  g_menu_append (main, _("Set Agreed _Price…"), "card.price");

  g_menu_append (close, _("Close as _Lost…"), "card.lost");
  g_menu_append (close, _("Mark _Invalid"), "card.move::invalid");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (close));

  return G_MENU_MODEL (menu);
}

/* Near the end of the cards shown: show more */
static void
on_scrolled_cb (GtkAdjustment     *adjustment,
                CrmPipelineColumn *self)
{
  double value = gtk_adjustment_get_value (adjustment);
  double page = gtk_adjustment_get_page_size (adjustment);
  double upper = gtk_adjustment_get_upper (adjustment);

  if (value + 2 * page >= upper)
    crm_deal_list_show_at_least (self->list, g_list_model_get_n_items (G_LIST_MODEL (self->list)) + 60);
}

/* ------------------------------------------------------------------ */
/* Dropping                                                            */

static gboolean
on_drop_cb (GtkDropTarget *target,
            const GValue  *value,
            double         x,
            double         y,
            gpointer       user_data)
{
  CrmPipelineColumn *self = CRM_PIPELINE_COLUMN (user_data);
  CrmDeal *deal = g_value_get_object (value);

  gtk_widget_remove_css_class (GTK_WIDGET (self), "drop-target");
  if (deal == NULL || self->query.stage < 0 || crm_deal_get_stage (deal) == (CrmStage) self->query.stage)
    return FALSE;

  emit (self, crm_deal_get_id (deal), "drop", self->query.stage);
  return TRUE;
}

static GdkDragAction
on_drop_enter_cb (GtkDropTarget *target,
                  double         x,
                  double         y,
                  gpointer       user_data)
{
  gtk_widget_add_css_class (GTK_WIDGET (user_data), "drop-target");
  return GDK_ACTION_MOVE;
}

static void
on_drop_leave_cb (GtkDropTarget *target,
                  gpointer       user_data)
{
  gtk_widget_remove_css_class (GTK_WIDGET (user_data), "drop-target");
}

/* ------------------------------------------------------------------ */
/* GObject                                                             */

static void
crm_pipeline_column_dispose (GObject *object)
{
  CrmPipelineColumn *self = (CrmPipelineColumn *) object;

  g_clear_pointer (&self->menu, gtk_widget_unparent);
  g_clear_object (&self->selection);
  g_clear_object (&self->list);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (crm_pipeline_column_parent_class)->dispose (object);
}

static void
crm_pipeline_column_finalize (GObject *object)
{
  crm_deal_query_clear (&CRM_PIPELINE_COLUMN (object)->query);
  G_OBJECT_CLASS (crm_pipeline_column_parent_class)->finalize (object);
}

static void
crm_pipeline_column_size_allocate (GtkWidget *widget,
                                   int        width,
                                   int        height,
                                   int        baseline)
{
  CrmPipelineColumn *self = CRM_PIPELINE_COLUMN (widget);

  GTK_WIDGET_CLASS (crm_pipeline_column_parent_class)->size_allocate (widget, width, height, baseline);
  if (self->menu != NULL)
    gtk_popover_present (GTK_POPOVER (self->menu));
}

static void
crm_pipeline_column_class_init (CrmPipelineColumnClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = crm_pipeline_column_dispose;
  object_class->finalize = crm_pipeline_column_finalize;
  widget_class->size_allocate = crm_pipeline_column_size_allocate;

  gtk_widget_class_set_css_name (widget_class, "pipelinecolumn");
  gtk_widget_class_install_action (widget_class, "card.open", NULL, card_action);
  gtk_widget_class_install_action (widget_class, "card.move", "s", card_action);
  gtk_widget_class_install_action (widget_class, "card.price", NULL, card_action);
  gtk_widget_class_install_action (widget_class, "card.lost", NULL, card_action);
  gtk_widget_class_install_action (widget_class, "card.reopen", NULL, card_action);
  gtk_widget_class_install_action (widget_class, "card.step", "i", step_action);
  gtk_widget_class_install_action (widget_class, "card.menu", NULL, menu_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_CONTROL_MASK, "card.step", "i", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_CONTROL_MASK, "card.step", "i", -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK, "card.menu", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Menu, 0, "card.menu", NULL);
}

static void
crm_pipeline_column_init (CrmPipelineColumn *self)
{
  crm_deal_query_init (&self->query);
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 6);
}

/**
 * crm_pipeline_column_new:
 * @query: the column's deals (a stage, or the archive), with the page's filters
 * @handler: told what a person does with a card
 */
CrmPipelineColumn *
crm_pipeline_column_new (CrmContext               *context,
                         const CrmDealQuery       *query,
                         CrmPipelineColumnHandler  handler,
                         gpointer                  user_data)
{
  CrmPipelineColumn *self = g_object_new (CRM_TYPE_PIPELINE_COLUMN, NULL);
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GMenuModel) menu = NULL;
  GtkWidget *header, *title, *scrolled, *numbers;
  GtkDropTarget *target;
  g_autofree char *accessible = NULL;

  self->context = g_object_ref (context);
  self->idle_limit = crm_staff_store_get_setting_int (crm_store_get_staff_store (crm_context_get_store (context)), "cadence-idle-days", 3);
  self->handler = handler;
  self->handler_data = user_data;
  crm_deal_query_copy (query, &self->query);

  header = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_add_css_class (header, "column-header");
  title = gtk_label_new (query->stage >= 0 ? crm_stage_get_label (query->stage) : _("Closed Deals"));
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "heading");
  gtk_box_append (GTK_BOX (header), title);
  numbers = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  self->count_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->count_label), "numeric");
  gtk_widget_add_css_class (GTK_WIDGET (self->count_label), "count-badge");
  self->value_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->value_label, 1);
  gtk_widget_set_hexpand (GTK_WIDGET (self->value_label), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->value_label), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->value_label), "numeric");
  gtk_box_append (GTK_BOX (numbers), GTK_WIDGET (self->count_label));
  gtk_box_append (GTK_BOX (numbers), GTK_WIDGET (self->value_label));
  gtk_box_append (GTK_BOX (header), numbers);
  gtk_box_append (GTK_BOX (self), header);

  self->list = crm_deal_list_new (crm_context_get_store (context), query);
  g_signal_connect_object (self->list, "notify::count", G_CALLBACK (update_header), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->list, "notify::total-value", G_CALLBACK (update_header), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->list, "notify::loading", G_CALLBACK (update_header), self, G_CONNECT_SWAPPED);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->list)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_card_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_card_cb), self);
  self->view = GTK_LIST_VIEW (gtk_list_view_new (g_object_ref (GTK_SELECTION_MODEL (self->selection)),
                                                 g_object_ref (factory)));
  gtk_widget_add_css_class (GTK_WIDGET (self->view), "pipeline-cards");
  {
    GtkDragSource *source = gtk_drag_source_new ();
    GtkGesture *click = gtk_gesture_click_new ();

    gtk_drag_source_set_actions (source, GDK_ACTION_MOVE);
    g_signal_connect (source, "prepare", G_CALLBACK (on_drag_prepare_cb), self);
    gtk_widget_add_controller (GTK_WIDGET (self->view), GTK_EVENT_CONTROLLER (source));

    gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
    g_signal_connect (click, "pressed", G_CALLBACK (on_view_pressed_cb), self);
    gtk_widget_add_controller (GTK_WIDGET (self->view), GTK_EVENT_CONTROLLER (click));
  }
  g_signal_connect_object (self->view, "activate", G_CALLBACK (on_view_activate_cb), self, G_CONNECT_SWAPPED);
  /* Translators: the accessible name of a board column, e.g. "Negotiation deals" */
  accessible = g_strdup_printf (_("%s deals"), query->stage >= 0 ? crm_stage_get_label (query->stage)
                                                                 : _("Closed Deals"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->view), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);

  scrolled = gtk_scrolled_window_new ();
  g_signal_connect_object (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled)),
                           "value-changed", G_CALLBACK (on_scrolled_cb), self, 0);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->view));
  gtk_box_append (GTK_BOX (self), scrolled);

  if (query->stage >= 0)
    {
      target = gtk_drop_target_new (CRM_TYPE_DEAL, GDK_ACTION_MOVE);
      g_signal_connect (target, "drop", G_CALLBACK (on_drop_cb), self);
      g_signal_connect (target, "enter", G_CALLBACK (on_drop_enter_cb), self);
      g_signal_connect (target, "leave", G_CALLBACK (on_drop_leave_cb), self);
      gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));
    }

  menu = build_menu (query->archive);
  self->menu = gtk_popover_menu_new_from_model (menu);
  gtk_popover_set_has_arrow (GTK_POPOVER (self->menu), FALSE);
  gtk_widget_set_halign (self->menu, GTK_ALIGN_START);
  gtk_widget_set_parent (self->menu, GTK_WIDGET (self));

  update_header (self);
  return self;
}

void
crm_pipeline_column_set_query (CrmPipelineColumn  *self,
                               const CrmDealQuery *query)
{
  g_return_if_fail (CRM_IS_PIPELINE_COLUMN (self));

  crm_deal_query_clear (&self->query);
  crm_deal_query_copy (query, &self->query);
  self->idle_limit = crm_staff_store_get_setting_int (crm_store_get_staff_store (crm_context_get_store (self->context)), "cadence-idle-days", 3);
  crm_deal_list_set_query (self->list, query);
}

CrmDealList *
crm_pipeline_column_get_list (CrmPipelineColumn *self)
{
  g_return_val_if_fail (CRM_IS_PIPELINE_COLUMN (self), NULL);
  return self->list;
}

int
crm_pipeline_column_get_stage (CrmPipelineColumn *self)
{
  g_return_val_if_fail (CRM_IS_PIPELINE_COLUMN (self), -1);
  return self->query.stage;
}

GtkListView *
crm_pipeline_column_get_view (CrmPipelineColumn *self)
{
  g_return_val_if_fail (CRM_IS_PIPELINE_COLUMN (self), NULL);
  return self->view;
}

/**
 * crm_pipeline_column_focus_deal:
 *
 * Scrolls to the deal's card, selects it and gives it the keyboard focus
 * (after a move, focus follows the card).
 *
 * Returns: whether the column holds the deal
 */
gboolean
crm_pipeline_column_focus_deal (CrmPipelineColumn *self,
                                gint64             deal_id)
{
  guint position;

  g_return_val_if_fail (CRM_IS_PIPELINE_COLUMN (self), FALSE);

  position = crm_deal_list_find (self->list, deal_id);
  if (position == G_MAXUINT)
    return FALSE;
  crm_deal_list_show_at_least (self->list, position + 20);

  gtk_single_selection_set_selected (self->selection, position);
  gtk_widget_activate_action (GTK_WIDGET (self->view), "list.scroll-to-item", "u", position);
  return TRUE;
}
