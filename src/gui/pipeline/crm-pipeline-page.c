/* crm-pipeline-page.c: the sales board
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A column per open stage (from the stage table), a closed-deals archive,
 * filters shared by every column, and the one place where a deal moves:
 * crm_pipeline_page_move(). Dragging, the card menu and the keyboard all
 * end there; the showroom's gates are checked, a refused move says what
 * is missing and offers to do it now, a done move can be undone.
 */
#define G_LOG_DOMAIN "crm-pipeline-page"

#include "config.h"

#include <glib/gi18n.h>

#include "crm-customer-list.h"
#include "crm-format.h"
#include "crm-gui-util.h"
#include "crm-phone.h"
#include "crm-pipeline.h"
#include "crm-pipeline-column.h"
#include "crm-pipeline-page.h"

struct _CrmPipelinePage
{
  AdwBin             parent_instance;

  CrmContext        *context;
  GPtrArray         *columns;       /* CrmPipelineColumn, board order */
  CrmPipelineColumn *archive;
  GArray            *owner_ids;
  GListModel        *models;
  char              *message;

  /* The last move, for Undo */
  gint64             undo_deal;
  CrmStage           undo_stage;
  CrmStage           undo_from;     /* where the move put it */

  GtkSearchEntry    *search_entry;
  GtkDropDown       *owner_dropdown;
  GtkDropDown       *grade_dropdown;
  GtkDropDown       *channel_dropdown;
  GtkDropDown       *model_dropdown;
  GtkButton         *requests_button;
  GtkToggleButton   *archive_button;
  GtkRevealer       *archive_bar;
  GtkDropDown       *closed_stage_dropdown;
  GtkDropDown       *reason_dropdown;
  GtkCheckButton    *reactivation_check;
  GtkStack          *stack;
  GtkBox            *columns_box;
  AdwClamp          *archive_clamp;
};

G_DEFINE_FINAL_TYPE (CrmPipelinePage, crm_pipeline_page, ADW_TYPE_BIN)

static const CrmStage closed_stages[] = { CRM_STAGE_LOST, CRM_STAGE_DELIVERED, CRM_STAGE_INVALID };

static void on_column_action_cb (CrmPipelineColumn *column, gint64 deal_id, const char *action,
                                 CrmStage stage, gpointer user_data);

static CrmStaff *
me (CrmPipelinePage *self)
{
  return crm_context_get_current_staff (self->context);
}

static gint64
my_id (CrmPipelinePage *self)
{
  return me (self) ? crm_staff_get_id (me (self)) : 0;
}

static gboolean
is_manager (CrmPipelinePage *self)
{
  return crm_context_is_manager (self->context);
}

static GtkWindow *
parent_window (CrmPipelinePage *self)
{
  return GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self)));
}

static void
toast (CrmPipelinePage *self,
       const char      *title)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", title);
}

static void
set_message (CrmPipelinePage *self,
             const char      *message)
{
  g_free (self->message);
  self->message = g_strdup (message);
}

static void
show_error (CrmPipelinePage *self,
            const GError    *error)
{
  set_message (self, error->message);
  toast (self, error->message);
}

/* ------------------------------------------------------------------ */
/* Filters                                                             */

static void
read_filters (CrmPipelinePage *self,
              CrmDealQuery    *query)
{
  guint owner = gtk_drop_down_get_selected (self->owner_dropdown);
  guint grade = gtk_drop_down_get_selected (self->grade_dropdown);
  guint channel = gtk_drop_down_get_selected (self->channel_dropdown);
  guint model = gtk_drop_down_get_selected (self->model_dropdown);
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  crm_deal_query_init (query);
  if (owner != GTK_INVALID_LIST_POSITION && owner < self->owner_ids->len)
    query->owner_id = g_array_index (self->owner_ids, gint64, owner);
  if (grade > 0 && grade != GTK_INVALID_LIST_POSITION)
    query->grade = crm_gui_grade_order[grade - 1];
  if (channel > 0 && channel != GTK_INVALID_LIST_POSITION)
    query->channel = channel - 1;
  if (model > 0 && model != GTK_INVALID_LIST_POSITION && self->models != NULL)
    {
      g_autoptr(CrmVehicleModel) m = g_list_model_get_item (self->models, model - 1);
      query->model_id = m ? crm_vehicle_model_get_id (m) : 0;
    }
  if (search != NULL && search[0] != '\0')
    query->search = g_strdup (search);
}

/* The archive holds most of a showroom's deals (on 1,000,000 customers,
 * some 780,000): it is read the first time it is shown, not with the board */
static void
ensure_archive (CrmPipelinePage *self)
{
  CrmDealQuery query;

  if (self->archive != NULL)
    return;

  crm_deal_query_init (&query);
  query.archive = TRUE;
  self->archive = crm_pipeline_column_new (self->context, &query, on_column_action_cb, self);
  adw_clamp_set_child (self->archive_clamp, GTK_WIDGET (self->archive));
  crm_deal_query_clear (&query);
}

static void
apply_filters (CrmPipelinePage *self)
{
  CrmDealQuery query;

  if (self->context == NULL || self->columns == NULL)
    return;

  read_filters (self, &query);

  if (gtk_toggle_button_get_active (self->archive_button))
    {
      guint closed = gtk_drop_down_get_selected (self->closed_stage_dropdown);
      guint reason = gtk_drop_down_get_selected (self->reason_dropdown);

      query.archive = TRUE;
      if (closed > 0 && closed != GTK_INVALID_LIST_POSITION)
        query.stage = closed_stages[closed - 1];
      if (reason > 0 && reason != GTK_INVALID_LIST_POSITION)
        query.lost_reason = reason;
      query.reactivation_due = gtk_check_button_get_active (self->reactivation_check);
      ensure_archive (self);
      crm_pipeline_column_set_query (self->archive, &query);
    }
  else
    {
      for (guint i = 0; i < self->columns->len; i++)
        {
          CrmPipelineColumn *column = g_ptr_array_index (self->columns, i);

          query.stage = crm_pipeline_column_get_stage (column);
          crm_pipeline_column_set_query (column, &query);
        }
    }

  crm_deal_query_clear (&query);
}

static void
on_filters_changed_cb (CrmPipelinePage *self)
{
  apply_filters (self);
}

static void
on_archive_toggled_cb (CrmPipelinePage *self)
{
  gboolean archive = gtk_toggle_button_get_active (self->archive_button);

  gtk_revealer_set_reveal_child (self->archive_bar, archive);
  gtk_stack_set_visible_child_name (self->stack, archive ? "archive" : "board");
  apply_filters (self);
}

static void
fill_filters (CrmPipelinePage *self)
{
  g_autoptr(GtkStringList) owners = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) grades = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) channels = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) models = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) closed = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) reasons = gtk_string_list_new (NULL);
  g_autoptr(GListModel) staff = crm_staff_store_list (crm_store_get_staff_store (crm_context_get_store (self->context)), TRUE);
  gint64 id;
  guint mine = 0;

  g_array_set_size (self->owner_ids, 0);
  gtk_string_list_append (owners, _("All deals"));
  id = -1;
  g_array_append_val (self->owner_ids, id);
  if (me (self) != NULL && crm_staff_get_role (me (self)) != CRM_ROLE_RECEPTION)
    {
      gtk_string_list_append (owners, _("My deals"));
      id = my_id (self);
      mine = self->owner_ids->len;
      g_array_append_val (self->owner_ids, id);
    }
  gtk_string_list_append (owners, _("Public pool (no owner)"));
  id = 0;
  g_array_append_val (self->owner_ids, id);
  crm_gui_append_owners (owners, self->owner_ids, staff, FALSE, my_id (self), 0);

  gtk_string_list_append (grades, _("All grades"));
  crm_gui_append_grade_labels (grades, crm_gui_grade_order, G_N_ELEMENTS (crm_gui_grade_order));

  gtk_string_list_append (channels, _("All channels"));
  for (guint c = 0; c < CRM_N_CHANNELS; c++)
    gtk_string_list_append (channels, crm_channel_get_label (c));

  g_clear_object (&self->models);
  self->models = crm_staff_store_list_vehicle_models (crm_store_get_staff_store (crm_context_get_store (self->context)));
  gtk_string_list_append (models, _("All models"));
  for (guint i = 0; i < g_list_model_get_n_items (self->models); i++)
    {
      g_autoptr(CrmVehicleModel) model = g_list_model_get_item (self->models, i);
      g_autofree char *name = crm_vehicle_model_dup_name (model);
      gtk_string_list_append (models, name);
    }

  gtk_string_list_append (closed, _("All closed deals"));
  for (guint i = 0; i < G_N_ELEMENTS (closed_stages); i++)
    gtk_string_list_append (closed, crm_stage_get_label (closed_stages[i]));

  gtk_string_list_append (reasons, _("Any reason"));
  for (guint r = CRM_LOST_REASON_PRICE; r < CRM_N_LOST_REASONS; r++)
    gtk_string_list_append (reasons, crm_lost_reason_get_label (r));

  g_signal_handlers_block_by_func (self->owner_dropdown, on_filters_changed_cb, self);
  gtk_drop_down_set_model (self->owner_dropdown, G_LIST_MODEL (owners));
  /* A sales consultant sees their own deals; a manager everyone's */
  gtk_drop_down_set_selected (self->owner_dropdown, is_manager (self) ? 0 : mine);
  g_signal_handlers_unblock_by_func (self->owner_dropdown, on_filters_changed_cb, self);
  gtk_drop_down_set_model (self->grade_dropdown, G_LIST_MODEL (grades));
  gtk_drop_down_set_model (self->channel_dropdown, G_LIST_MODEL (channels));
  gtk_drop_down_set_model (self->model_dropdown, G_LIST_MODEL (models));
  gtk_drop_down_set_model (self->closed_stage_dropdown, G_LIST_MODEL (closed));
  gtk_drop_down_set_model (self->reason_dropdown, G_LIST_MODEL (reasons));
}

static guint
count_lost_requests (CrmStore *store,
                     gint64    unused)
{
  return crm_deal_store_count_lost_requests (crm_store_get_deal_store (store));
}

static void
show_requests_count (GtkWidget *widget,
                     guint      n)
{
  CrmPipelinePage *self = CRM_PIPELINE_PAGE (widget);
  g_autofree char *label = NULL;

  if (self->requests_button == NULL)
    return;
  /* Translators: a button for managers: requests from reps to close deals as Lost */
  label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Lost Request", "%u Lost Requests", n), n);
  gtk_button_set_label (self->requests_button, label);
  gtk_widget_set_visible (GTK_WIDGET (self->requests_button), n > 0);
}

static void
update_requests_button (CrmPipelinePage *self)
{
  if (!is_manager (self))
    {
      gtk_widget_set_visible (GTK_WIDGET (self->requests_button), FALSE);
      return;
    }
  crm_gui_count_async (GTK_WIDGET (self), crm_context_get_store (self->context), count_lost_requests, 0,
                       show_requests_count);
}

static void
on_store_changed_cb (CrmPipelinePage *self,
                     CrmEntity        entity,
                     gint64           id,
                     CrmStore        *store)
{
  if (entity == CRM_ENTITY_DEAL)
    update_requests_button (self);
  else if (entity == CRM_ENTITY_STAFF || entity == CRM_ENTITY_VEHICLE_MODEL)
    fill_filters (self);
}

/* ------------------------------------------------------------------ */
/* Dialogs                                                             */

typedef struct
{
  CrmPipelinePage *page;
  gint64           deal_id;
  CrmStage         to;
  gint64           loaded_price;   /* the price shown when asked */
  GtkWidget       *entry;
  GtkWidget       *dropdown;
} Pending;

static void
pending_free (gpointer data)
{
  Pending *pending = data;

  g_clear_object (&pending->page);
  g_free (pending);
}

static Pending *
pending_new (CrmPipelinePage *self,
             gint64           deal_id,
             CrmStage         to)
{
  Pending *pending = g_new0 (Pending, 1);

  pending->page = g_object_ref (self);
  pending->deal_id = deal_id;
  pending->to = to;
  return pending;
}

/* Every question the board asks carries its Pending to the response
 * handler, and the dialog frees it when it goes */
static void
present_pending_dialog (AdwMessageDialog *dialog,
                        GCallback         response_cb,
                        Pending          *pending)
{
  g_signal_connect_data (dialog, "response", response_cb,
                         pending, (GClosureNotify) (void (*) (void)) pending_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static AdwMessageDialog *
message_dialog (CrmPipelinePage *self,
                const char      *heading,
                const char      *body)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent_window (self), heading, body));

  adw_message_dialog_add_response (dialog, "cancel", _("_Cancel"));
  adw_message_dialog_set_close_response (dialog, "cancel");
  return dialog;
}

static void
on_price_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      gpointer          user_data)
{
  Pending *pending = user_data;
  g_autoptr(GError) error = NULL;
  CrmStore *store = crm_context_get_store (pending->page->context);
  gint64 fen = 0;

  if (!g_str_equal (response, "save"))
    return;

  if (!crm_parse_money (gtk_editable_get_text (GTK_EDITABLE (pending->entry)), &fen, &error) ||
      !crm_deal_store_change_price (crm_store_get_deal_store (store), pending->deal_id,
                                    pending->loaded_price, fen, &error))
    {
      show_error (pending->page, error);
      return;
    }

  /* Entered to pass the Ordered gate: go on with the move */
  if (pending->to == CRM_STAGE_ORDERED)
    crm_pipeline_page_move (pending->page, pending->deal_id, pending->to);
}

static void
ask_price (CrmPipelinePage *self,
           CrmDeal         *deal,
           CrmStage         then_move_to)
{
  g_autofree char *body = NULL;
  g_autofree char *guide = crm_format_money (crm_deal_get_guide_price (deal));
  AdwMessageDialog *dialog;
  Pending *pending = pending_new (self, crm_deal_get_id (deal), then_move_to);

  pending->loaded_price = crm_deal_get_price (deal);
  /* Translators: %s is the guide price of the model, e.g. ¥189,800 */
  body = g_strdup_printf (_("The price agreed with %s, in yuan or 万 (guide price %s)."),
                          crm_deal_get_customer_name (deal), guide);
  dialog = message_dialog (self, _("Agreed Price"), body);
  adw_message_dialog_add_response (dialog, "save", _("_Save"));
  adw_message_dialog_set_response_appearance (dialog, "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "save");

  pending->entry = gtk_entry_new ();
  gtk_entry_set_activates_default (GTK_ENTRY (pending->entry), TRUE);
  gtk_entry_set_input_purpose (GTK_ENTRY (pending->entry), GTK_INPUT_PURPOSE_NUMBER);
  if (crm_deal_get_price (deal) > 0)
    {
      g_autofree char *price = crm_format_money_short (crm_deal_get_price (deal));
      gtk_editable_set_text (GTK_EDITABLE (pending->entry), price);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (pending->entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Agreed price"), -1);
  adw_message_dialog_set_extra_child (dialog, pending->entry);

  present_pending_dialog (dialog, G_CALLBACK (on_price_response_cb), pending);
}

static void
on_lost_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     gpointer          user_data)
{
  Pending *pending = user_data;
  CrmPipelinePage *self = pending->page;
  g_autoptr(GError) error = NULL;
  guint reason = gtk_drop_down_get_selected (GTK_DROP_DOWN (pending->dropdown));
  gboolean requested = FALSE;

  if (!g_str_equal (response, "lost"))
    return;

  if (!crm_pipeline_close_lost (crm_context_get_store (self->context), pending->deal_id,
                                reason == GTK_INVALID_LIST_POSITION ? CRM_LOST_REASON_NONE : reason + 1,
                                gtk_editable_get_text (GTK_EDITABLE (pending->entry)),
                                me (self), &requested, &error))
    {
      show_error (self, error);
      return;
    }

  set_message (self, NULL);
  toast (self, requested ? _("Sent to the sales manager for approval") : _("Closed as lost"));
}

static void
ask_lost (CrmPipelinePage *self,
          CrmDeal         *deal)
{
  g_autoptr(GtkStringList) reasons = gtk_string_list_new (NULL);
  g_autofree char *heading = NULL;
  gboolean direct = is_manager (self) ||
                    crm_staff_store_get_setting_int (crm_store_get_staff_store (crm_context_get_store (self->context)), "reps-close-lost", 0);
  Pending *pending = pending_new (self, crm_deal_get_id (deal), CRM_STAGE_LOST);
  AdwMessageDialog *dialog;
  GtkWidget *box;

  /* Translators: %s is the customer */
  heading = g_strdup_printf (_("Close %s as Lost?"), crm_deal_get_customer_name (deal));
  dialog = message_dialog (self, heading,
                           direct ? _("Why was the customer lost? The reason goes into the lost-deal analysis.")
                                  : _("Why was the customer lost? The sales manager approves the request or sends it back."));
  adw_message_dialog_add_response (dialog, "lost", direct ? _("Close as _Lost") : _("_Request Approval"));
  adw_message_dialog_set_response_appearance (dialog, "lost", ADW_RESPONSE_DESTRUCTIVE);

  for (guint r = CRM_LOST_REASON_PRICE; r < CRM_N_LOST_REASONS; r++)
    gtk_string_list_append (reasons, crm_lost_reason_get_label (r));

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  pending->dropdown = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (reasons)), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (pending->dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Lost reason"), -1);
  pending->entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (pending->entry), _("What happened"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (pending->entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("What happened"), -1);
  gtk_box_append (GTK_BOX (box), pending->dropdown);
  gtk_box_append (GTK_BOX (box), pending->entry);
  adw_message_dialog_set_extra_child (dialog, box);

  present_pending_dialog (dialog, G_CALLBACK (on_lost_response_cb), pending);
}

static void
on_gate_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     gpointer          user_data)
{
  Pending *pending = user_data;
  CrmPipelinePage *self = pending->page;
  CrmStore *store = crm_context_get_store (self->context);
  g_autoptr(CrmDeal) deal = crm_deal_store_get (crm_store_get_deal_store (store), pending->deal_id, NULL);
  g_autoptr(GError) error = NULL;

  if (deal == NULL || g_str_equal (response, "cancel"))
    return;

  if (g_str_equal (response, "record"))
    {
      /* The test drive happened: record it now, then the move goes on */
      g_autoptr(CrmActivity) drive = crm_activity_new ();

      crm_activity_set_customer_id (drive, crm_deal_get_customer_id (deal));
      crm_activity_set_deal_id (drive, pending->deal_id);
      crm_activity_set_kind (drive, CRM_ACTIVITY_TEST_DRIVE);
      crm_activity_set_done_at (drive, crm_clock_get_now (crm_context_get_clock (self->context)));
      crm_activity_set_outcome (drive, CRM_OUTCOME_REACHED);
      crm_activity_set_staff_id (drive, my_id (self));
      if (crm_followup_store_insert (crm_store_get_followup_store (store), drive, &error) == 0)
        {
          show_error (self, error);
          return;
        }
      crm_pipeline_page_move (self, pending->deal_id, pending->to);
    }
  else if (g_str_equal (response, "price"))
    ask_price (self, deal, pending->to);
  else if (g_str_equal (response, "ordered"))
    crm_pipeline_page_move (self, pending->deal_id, CRM_STAGE_ORDERED);
}

static void
explain_gate (CrmPipelinePage *self,
              CrmDeal         *deal,
              CrmStage         to,
              CrmGate          gate,
              const char      *message)
{
  g_autofree char *heading = g_strdup_printf (_("Cannot Move to %s"), crm_stage_get_label (to));
  AdwMessageDialog *dialog = message_dialog (self, heading, message);
  Pending *pending = pending_new (self, crm_deal_get_id (deal), to);

  switch (gate)
    {
    case CRM_GATE_NEEDS_TEST_DRIVE:
      adw_message_dialog_add_response (dialog, "record", _("_Record Test Drive"));
      adw_message_dialog_set_response_appearance (dialog, "record", ADW_RESPONSE_SUGGESTED);
      break;
    case CRM_GATE_NEEDS_PRICE:
      adw_message_dialog_add_response (dialog, "price", _("Enter _Price…"));
      adw_message_dialog_set_response_appearance (dialog, "price", ADW_RESPONSE_SUGGESTED);
      break;
    case CRM_GATE_NEEDS_ORDERED:
      adw_message_dialog_add_response (dialog, "ordered", _("Move to _Ordered"));
      adw_message_dialog_set_response_appearance (dialog, "ordered", ADW_RESPONSE_SUGGESTED);
      break;
    case CRM_GATE_OPEN:
    case CRM_GATE_SAME_STAGE:
    case CRM_GATE_NEEDS_REASON:
    case CRM_GATE_NOT_FROM_HERE:
    case CRM_GATE_CLOSED:
    default:
      adw_message_dialog_set_response_label (dialog, "cancel", _("_OK"));
      break;
    }

  present_pending_dialog (dialog, G_CALLBACK (on_gate_response_cb), pending);
}

/* ------------------------------------------------------------------ */
/* Moving                                                              */

static CrmPipelineColumn *
column_for (CrmPipelinePage *self,
            CrmStage         stage)
{
  for (guint i = 0; self->columns != NULL && i < self->columns->len; i++)
    if (crm_pipeline_column_get_stage (g_ptr_array_index (self->columns, i)) == (int) stage)
      return g_ptr_array_index (self->columns, i);
  return NULL;
}

/**
 * crm_pipeline_page_undo:
 *
 * Moves the last moved deal back (recorded in the history as a move).
 */
gboolean
crm_pipeline_page_undo (CrmPipelinePage *self)
{
  g_autoptr(GError) error = NULL;
  CrmPipelineColumn *column;
  gint64 deal = self->undo_deal;

  g_return_val_if_fail (CRM_IS_PIPELINE_PAGE (self), FALSE);

  if (deal == 0)
    return FALSE;
  self->undo_deal = 0;

  if (!crm_deal_store_move_from (crm_store_get_deal_store (crm_context_get_store (self->context)), deal,
                                 self->undo_from, self->undo_stage, my_id (self), &error))
    {
      show_error (self, error);
      return FALSE;
    }

  if ((column = column_for (self, self->undo_stage)) != NULL)
    crm_pipeline_column_focus_deal (column, deal);
  return TRUE;
}

/**
 * crm_pipeline_page_move:
 *
 * Moves a deal as a person asked (drag, menu, keyboard): by the
 * showroom's rules, with Undo; Lost asks for its reason first.
 *
 * Returns: whether the deal moved now
 */
gboolean
crm_pipeline_page_move (CrmPipelinePage *self,
                        gint64           deal_id,
                        CrmStage         to)
{
  CrmStore *store;
  g_autoptr(CrmDeal) deal = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *title = NULL;
  CrmGate gate;
  CrmStage from;

  g_return_val_if_fail (CRM_IS_PIPELINE_PAGE (self), FALSE);

  store = crm_context_get_store (self->context);
  deal = crm_deal_store_get (crm_store_get_deal_store (store), deal_id, &error);
  if (deal == NULL)
    {
      show_error (self, error);
      return FALSE;
    }
  from = crm_deal_get_stage (deal);

  gate = crm_pipeline_check_move (store, deal, to, &message);
  if (gate == CRM_GATE_NEEDS_REASON)
    {
      ask_lost (self, deal);
      return FALSE;
    }
  if (gate != CRM_GATE_OPEN)
    {
      set_message (self, message);
      if (gate != CRM_GATE_SAME_STAGE)
        explain_gate (self, deal, to, gate, message);
      return FALSE;
    }

  if (!crm_deal_store_move_from (crm_store_get_deal_store (store), deal_id, from, to, my_id (self), &error))
    {
      show_error (self, error);
      return FALSE;
    }
  set_message (self, NULL);

  self->undo_deal = deal_id;
  self->undo_stage = from;
  self->undo_from = to;
  /* Translators: after a move, e.g. "张三 moved to Negotiation" */
  title = g_strdup_printf (_("%s moved to %s"), crm_deal_get_customer_name (deal), crm_stage_get_label (to));
  /* The window's toast offers the Undo, which comes back to
   * crm_pipeline_page_undo() */
  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast-deal-moved", "s", title);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Lost requests (managers)                                            */

static void
on_send_back_response_cb (AdwMessageDialog *dialog,
                          const char       *response,
                          gpointer          user_data)
{
  Pending *pending = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "send-back"))
    return;

  if (!crm_deal_store_decide_lost (crm_store_get_deal_store (crm_context_get_store (pending->page->context)), pending->deal_id, FALSE,
                              gtk_editable_get_text (GTK_EDITABLE (pending->entry)),
                              my_id (pending->page), &error))
    show_error (pending->page, error);
}

static void
on_decide_clicked_cb (GtkButton *button,
                      gpointer   user_data)
{
  CrmPipelinePage *self = CRM_PIPELINE_PAGE (user_data);
  gint64 deal_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "deal-id"));
  gboolean approve = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "approve"));
  g_autoptr(GError) error = NULL;

  if (approve)
    {
      if (!crm_deal_store_decide_lost (crm_store_get_deal_store (crm_context_get_store (self->context)), deal_id, TRUE, NULL,
                                  my_id (self), &error))
        show_error (self, error);
    }
  else
    {
      AdwMessageDialog *dialog = message_dialog (self, _("Send the Request Back?"),
                                                 _("The deal stays open. Tell the sales consultant what to do next."));
      Pending *pending = pending_new (self, deal_id, 0);

      adw_message_dialog_add_response (dialog, "send-back", _("_Send Back"));
      adw_message_dialog_set_response_appearance (dialog, "send-back", ADW_RESPONSE_SUGGESTED);
      pending->entry = gtk_entry_new ();
      gtk_entry_set_activates_default (GTK_ENTRY (pending->entry), TRUE);
      gtk_accessible_update_property (GTK_ACCESSIBLE (pending->entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Comment for the sales consultant"), -1);
      adw_message_dialog_set_extra_child (dialog, pending->entry);
      adw_message_dialog_set_default_response (dialog, "send-back");
      gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (button))));
      present_pending_dialog (dialog, G_CALLBACK (on_send_back_response_cb), pending);
    }
}

static void
fill_requests (CrmPipelinePage      *self,
               AdwPreferencesGroup  *group)
{
  g_autoptr(GListModel) requests = crm_deal_store_list_lost_requests (crm_store_get_deal_store (crm_context_get_store (self->context)));
  GtkWidget *child;

  /* Rows are all the group holds besides its header */
  while ((child = g_object_get_data (G_OBJECT (group), "first-row")) != NULL)
    {
      GtkWidget *next = g_object_get_data (G_OBJECT (child), "next-row");

      adw_preferences_group_remove (group, child);
      g_object_set_data (G_OBJECT (group), "first-row", next);
    }

  for (guint i = g_list_model_get_n_items (requests); i > 0; i--)
    {
      g_autoptr(CrmDeal) deal = g_list_model_get_item (requests, i - 1);
      CrmLostReason reason = CRM_LOST_REASON_NONE;
      g_autofree char *note = NULL;
      g_autofree char *subtitle = NULL;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *approve = gtk_button_new_with_mnemonic (_("_Approve"));
      GtkWidget *back = gtk_button_new_with_mnemonic (_("Send _Back"));

      crm_deal_store_get_lost_request (crm_store_get_deal_store (crm_context_get_store (self->context)), crm_deal_get_id (deal), &reason, &note);
      subtitle = g_strdup_printf ("%s · %s · %s",
                                  crm_deal_get_owner_name (deal) ? crm_deal_get_owner_name (deal) : "",
                                  crm_lost_reason_get_label (reason), note ? note : "");
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), crm_deal_get_customer_name (deal));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);

      for (guint k = 0; k < 2; k++)
        {
          GtkWidget *button = k == 0 ? approve : back;

          gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
          g_object_set_data (G_OBJECT (button), "deal-id", GSIZE_TO_POINTER ((gsize) crm_deal_get_id (deal)));
          g_object_set_data (G_OBJECT (button), "approve", GINT_TO_POINTER (k == 0));
          g_signal_connect (button, "clicked", G_CALLBACK (on_decide_clicked_cb), self);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
        }
      gtk_widget_add_css_class (approve, "destructive-action");

      g_object_set_data (G_OBJECT (row), "next-row", g_object_get_data (G_OBJECT (group), "first-row"));
      g_object_set_data (G_OBJECT (group), "first-row", row);
      adw_preferences_group_add (group, row);
    }

  adw_preferences_group_set_description (group, g_list_model_get_n_items (requests) == 0
                                                ? _("No requests are waiting.") : NULL);
}

static void
on_requests_store_changed_cb (AdwPreferencesGroup *group,
                              CrmEntity            entity,
                              gint64               id,
                              CrmStore            *store)
{
  CrmPipelinePage *page = g_object_get_data (G_OBJECT (group), "page");

  if (entity == CRM_ENTITY_DEAL && page != NULL)
    fill_requests (page, group);
}

static void
lost_requests_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  CrmPipelinePage *self = CRM_PIPELINE_PAGE (widget);
  GtkWidget *window, *box, *page, *group;

  if (!is_manager (self))
    return;

  window = adw_window_new ();
  gtk_window_set_title (GTK_WINDOW (window), _("Lost Requests"));
  gtk_window_set_transient_for (GTK_WINDOW (window), parent_window (self));
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (window), 640, 520);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  page = adw_preferences_page_new ();
  gtk_widget_set_vexpand (page, TRUE);
  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Requests to Close Deals as Lost"));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
  gtk_box_append (GTK_BOX (box), page);
  adw_window_set_content (ADW_WINDOW (window), box);

  g_object_set_data_full (G_OBJECT (group), "page", g_object_ref (self), g_object_unref);
  fill_requests (self, ADW_PREFERENCES_GROUP (group));
  g_signal_connect_object (crm_context_get_store (self->context), "changed",
                           G_CALLBACK (on_requests_store_changed_cb), group, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (window));
}

/* ------------------------------------------------------------------ */
/* New deal                                                            */

typedef struct
{
  CrmPipelinePage *page;
  CrmCustomerList *customers;
  GtkWidget       *search;
  GtkWidget       *list_view;
  GtkWidget       *model_dropdown;
} NewDeal;

static void
new_deal_free (gpointer data)
{
  NewDeal *nd = data;

  g_clear_object (&nd->page);
  g_clear_object (&nd->customers);
  g_free (nd);
}

static void
on_new_deal_search_changed_cb (GtkSearchEntry *entry,
                               NewDeal        *nd)
{
  crm_customer_list_set_search (nd->customers, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
setup_customer_row_cb (GtkSignalListItemFactory *factory,
                       GtkListItem              *item,
                       gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_attributes (GTK_LABEL (label), crm_gui_chinese_attrs ());
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_margin_bottom (label, 6);
  gtk_list_item_set_child (item, label);
}

static void
bind_customer_row_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *item,
                      gpointer                  user_data)
{
  CrmCustomer *customer = gtk_list_item_get_item (item);
  const char *phone = crm_customer_get_phone (customer);
  g_autofree char *shown = phone ? crm_phone_format (phone) : NULL;
  g_autofree char *text = g_strdup_printf ("%s  %s", crm_customer_get_name (customer) ? crm_customer_get_name (customer) : "",
                                           shown ? shown : "");

  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)), text);
}

static void
on_new_deal_response_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         gpointer          user_data)
{
  NewDeal *nd = user_data;
  CrmPipelinePage *self = nd->page;
  GtkSingleSelection *selection;
  g_autoptr(CrmDeal) deal = NULL;
  g_autoptr(GError) error = NULL;
  CrmCustomer *customer;
  guint model;

  if (g_str_equal (response, "new-customer"))
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "win.new-customer", NULL);
      return;
    }
  if (!g_str_equal (response, "create"))
    return;

  selection = GTK_SINGLE_SELECTION (gtk_list_view_get_model (GTK_LIST_VIEW (nd->list_view)));
  customer = gtk_single_selection_get_selected_item (selection);
  if (customer == NULL)
    {
      toast (self, _("Choose the customer first."));
      return;
    }

  deal = crm_deal_new ();
  crm_deal_set_customer_id (deal, crm_customer_get_id (customer));
  crm_deal_set_owner_id (deal, crm_customer_get_owner_id (customer));
  crm_deal_set_stage (deal, CRM_STAGE_NEW_LEAD);
  model = gtk_drop_down_get_selected (GTK_DROP_DOWN (nd->model_dropdown));
  if (model > 0 && model != GTK_INVALID_LIST_POSITION)
    {
      g_autoptr(CrmVehicleModel) m = g_list_model_get_item (self->models, model - 1);
      crm_deal_set_model_id (deal, crm_vehicle_model_get_id (m));
    }

  if (crm_deal_store_insert (crm_store_get_deal_store (crm_context_get_store (self->context)), deal, my_id (self), &error) == 0)
    show_error (self, error);
}

static void
new_deal_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  CrmPipelinePage *self = CRM_PIPELINE_PAGE (widget);
  g_autoptr(GtkStringList) models = gtk_string_list_new (NULL);
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  AdwMessageDialog *dialog;
  GtkWidget *box, *scrolled;
  NewDeal *nd;

  if (self->context == NULL)
    return;

  nd = g_new0 (NewDeal, 1);
  nd->page = g_object_ref (self);
  nd->customers = crm_customer_list_new (crm_context_get_store (self->context));

  dialog = message_dialog (self, _("New Deal"),
                           _("Another purchase for a customer the showroom knows. For someone new, add the customer: a new lead gets its deal."));
  adw_message_dialog_add_response (dialog, "new-customer", _("New _Customer…"));
  adw_message_dialog_add_response (dialog, "create", _("C_reate Deal"));
  adw_message_dialog_set_response_appearance (dialog, "create", ADW_RESPONSE_SUGGESTED);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  nd->search = gtk_search_entry_new ();
  gtk_accessible_update_property (GTK_ACCESSIBLE (nd->search), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Find the customer"), -1);
  g_object_set (nd->search, "placeholder-text", _("Name, phone or pinyin"), NULL);
  g_signal_connect (nd->search, "search-changed", G_CALLBACK (on_new_deal_search_changed_cb), nd);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_customer_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_customer_row_cb), NULL);
  nd->list_view = gtk_list_view_new (GTK_SELECTION_MODEL (gtk_single_selection_new (g_object_ref (G_LIST_MODEL (nd->customers)))),
                                     g_object_ref (factory));
  gtk_accessible_update_property (GTK_ACCESSIBLE (nd->list_view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Customers"), -1);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 220);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), nd->list_view);
  gtk_widget_add_css_class (scrolled, "card");

  gtk_string_list_append (models, _("Model not decided"));
  for (guint i = 0; self->models != NULL && i < g_list_model_get_n_items (self->models); i++)
    {
      g_autoptr(CrmVehicleModel) model = g_list_model_get_item (self->models, i);
      g_autofree char *name = crm_vehicle_model_dup_name (model);
      gtk_string_list_append (models, name);
    }
  nd->model_dropdown = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (models)), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (nd->model_dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Model of interest"), -1);

  gtk_box_append (GTK_BOX (box), nd->search);
  gtk_box_append (GTK_BOX (box), scrolled);
  gtk_box_append (GTK_BOX (box), nd->model_dropdown);
  adw_message_dialog_set_extra_child (dialog, box);

  g_signal_connect_data (dialog, "response", G_CALLBACK (on_new_deal_response_cb),
                         nd, (GClosureNotify) (void (*) (void)) new_deal_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ------------------------------------------------------------------ */
/* What a card asks for                                                */

static void
on_column_action_cb (CrmPipelineColumn *column,
                     gint64             deal_id,
                     const char        *action,
                     CrmStage           stage,
                     gpointer           user_data)
{
  CrmPipelinePage *self = CRM_PIPELINE_PAGE (user_data);
  CrmStore *store = crm_context_get_store (self->context);
  g_autoptr(CrmDeal) deal = crm_deal_store_get (crm_store_get_deal_store (store), deal_id, NULL);
  g_autoptr(GError) error = NULL;

  if (deal == NULL)
    return;

  if (g_str_equal (action, "drop"))
    crm_pipeline_page_move (self, deal_id, stage);
  else if (g_str_equal (action, "move"))
    {
      CrmPipelineColumn *target;

      /* Moved from the keyboard or the menu: focus follows the card */
      if (crm_pipeline_page_move (self, deal_id, stage) && (target = column_for (self, stage)) != NULL)
        crm_pipeline_column_focus_deal (target, deal_id);
    }
  else if (g_str_equal (action, "lost"))
    crm_pipeline_page_move (self, deal_id, CRM_STAGE_LOST);
  else if (g_str_equal (action, "price"))
    ask_price (self, deal, CRM_STAGE_NEW_LEAD);
  else if (g_str_equal (action, "reopen"))
    {
      if (!crm_deal_store_reopen (crm_store_get_deal_store (store), deal_id, my_id (self), &error))
        show_error (self, error);
      else
        toast (self, _("Deal reopened"));
    }
  else if (g_str_equal (action, "open"))
    gtk_widget_activate_action (GTK_WIDGET (self), "win.show-customer", "x", crm_deal_get_customer_id (deal));
}

/* ------------------------------------------------------------------ */
/* GObject                                                             */

static void
crm_pipeline_page_dispose (GObject *object)
{
  CrmPipelinePage *self = (CrmPipelinePage *) object;

  gtk_widget_dispose_template (GTK_WIDGET (self), CRM_TYPE_PIPELINE_PAGE);
  g_clear_pointer (&self->columns, g_ptr_array_unref);
  g_clear_pointer (&self->owner_ids, g_array_unref);
  g_clear_object (&self->models);
  g_clear_object (&self->context);
  g_clear_pointer (&self->message, g_free);

  G_OBJECT_CLASS (crm_pipeline_page_parent_class)->dispose (object);
}

static void
crm_pipeline_page_class_init (CrmPipelinePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = crm_pipeline_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/crm-pipeline-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CrmPipelinePage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, CrmPipelinePage, owner_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CrmPipelinePage, grade_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CrmPipelinePage, channel_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CrmPipelinePage, model_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CrmPipelinePage, requests_button);
  gtk_widget_class_bind_template_child (widget_class, CrmPipelinePage, archive_button);
  gtk_widget_class_bind_template_child (widget_class, CrmPipelinePage, archive_bar);
  gtk_widget_class_bind_template_child (widget_class, CrmPipelinePage, closed_stage_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CrmPipelinePage, reason_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CrmPipelinePage, reactivation_check);
  gtk_widget_class_bind_template_child (widget_class, CrmPipelinePage, stack);
  gtk_widget_class_bind_template_child (widget_class, CrmPipelinePage, columns_box);
  gtk_widget_class_bind_template_child (widget_class, CrmPipelinePage, archive_clamp);
  gtk_widget_class_bind_template_callback (widget_class, on_filters_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_archive_toggled_cb);

  gtk_widget_class_install_action (widget_class, "pipeline.lost-requests", NULL, lost_requests_action);
  gtk_widget_class_install_action (widget_class, "pipeline.new-deal", NULL, new_deal_action);
}

static void
crm_pipeline_page_init (CrmPipelinePage *self)
{
  self->owner_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * crm_pipeline_page_set_context:
 *
 * Builds the board of @context's showroom: a column per open stage of its
 * stage table.
 */
void
crm_pipeline_page_set_context (CrmPipelinePage *self,
                               CrmContext      *context)
{
  g_autoptr(GArray) stages = NULL;
  CrmDealQuery query;
  GtkWidget *child;

  g_return_if_fail (CRM_IS_PIPELINE_PAGE (self));
  g_return_if_fail (CRM_IS_CONTEXT (context));

  if (self->context == context)
    {
      fill_filters (self);
      update_requests_button (self);
      apply_filters (self);
      return;
    }

  g_set_object (&self->context, context);
  g_signal_connect_object (crm_context_get_store (context), "changed",
                           G_CALLBACK (on_store_changed_cb), self, G_CONNECT_SWAPPED);

  fill_filters (self);
  read_filters (self, &query);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->columns_box))) != NULL)
    gtk_box_remove (self->columns_box, child);
  g_clear_pointer (&self->columns, g_ptr_array_unref);
  self->columns = g_ptr_array_new ();

  stages = crm_deal_store_list_board_stages (crm_store_get_deal_store (crm_context_get_store (context)));
  for (guint i = 0; i < stages->len; i++)
    {
      CrmPipelineColumn *column;

      query.stage = g_array_index (stages, CrmStage, i);
      column = crm_pipeline_column_new (context, &query, on_column_action_cb, self);
      gtk_widget_set_size_request (GTK_WIDGET (column), 220, -1);
      gtk_box_append (self->columns_box, GTK_WIDGET (column));
      g_ptr_array_add (self->columns, column);
    }

  crm_deal_query_clear (&query);

  adw_clamp_set_child (self->archive_clamp, NULL);
  self->archive = NULL;
  if (gtk_toggle_button_get_active (self->archive_button))
    apply_filters (self);

  update_requests_button (self);
}

CrmDealList *
crm_pipeline_page_get_list (CrmPipelinePage *self,
                            CrmStage         stage)
{
  CrmPipelineColumn *column;

  g_return_val_if_fail (CRM_IS_PIPELINE_PAGE (self), NULL);

  if (!crm_stage_is_open (stage))
    return self->archive ? crm_pipeline_column_get_list (self->archive) : NULL;
  column = column_for (self, stage);
  return column ? crm_pipeline_column_get_list (column) : NULL;
}

GtkWidget *
crm_pipeline_page_get_column (CrmPipelinePage *self,
                              CrmStage         stage)
{
  g_return_val_if_fail (CRM_IS_PIPELINE_PAGE (self), NULL);
  return GTK_WIDGET (column_for (self, stage));
}

/* For tests: what the last refused move said, or NULL */
const char *
crm_pipeline_page_get_message (CrmPipelinePage *self)
{
  g_return_val_if_fail (CRM_IS_PIPELINE_PAGE (self), NULL);
  return self->message;
}
