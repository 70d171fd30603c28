/* crm-log-dialog.c: log a follow-up and plan the next one
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One dialog for two moments: the quick log from My Day (how did the
 * planned follow-up go, and what next) and, after a follow-up was logged
 * in the customer window, the next one alone. The next follow-up is
 * proposed from the showroom's cadence (kind, time, purpose) and every
 * part of it can be changed before it is planned.
 */
#define G_LOG_DOMAIN "crm-log-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "crm-cadence.h"
#include "crm-format.h"
#include "crm-gui-util.h"
#include "crm-log-dialog.h"

typedef struct
{
  CrmContext  *context;
  CrmCadence  *cadence;
  gint64       customer_id;
  gint64       activity_id;   /* the planned one being logged; 0 = already logged */
  gint64       reuse_id;      /* an open follow-up the proposal moves, 0 = a new one */
  CrmActivity *proposal;
  AdwComboRow *outcome_row;
  AdwComboRow *grade_row;     /* the customer's intent grade, set while logging */
  CrmGrade     loaded_grade;
  gboolean     open_deal;     /* then a next follow-up is required */
  AdwEntryRow *note_row;
  AdwComboRow *kind_row;
  AdwEntryRow *when_row;
  AdwEntryRow *purpose_row;
  GtkSwitch   *plan_switch;
  GtkLabel    *zone_label;    /* the time by the showroom's clock, when it reads otherwise */
} LogDialog;

static void
log_dialog_free (LogDialog *d)
{
  g_clear_object (&d->context);
  g_clear_object (&d->proposal);
  g_clear_pointer (&d->cadence, crm_cadence_free);
  g_free (d);
}

/**
 * crm_log_dialog_format_when:
 *
 * Returns: (transfer full): @t as the dialog shows it, "2026-11-27 10:00"
 */
char *
crm_log_dialog_format_when (gint64 t)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (t);

  return g_date_time_format (dt, "%Y-%m-%d %H:%M");
}

/**
 * crm_log_dialog_parse_when:
 *
 * Reads "2026-11-27 10:00" (or "2026-11-27 10:00:00") in local time.
 */
gboolean
crm_log_dialog_parse_when (const char *text,
                           gint64     *t)
{
  g_autoptr(GDateTime) dt = NULL;
  int y, mo, d, h, mi;
  char tail;

  if (text == NULL || sscanf (text, " %d-%d-%d %d:%d %c", &y, &mo, &d, &h, &mi, &tail) != 5)
    return FALSE;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59)
    return FALSE;
  dt = g_date_time_new_local (y, mo, d, h, mi, 0);
  if (dt == NULL)
    return FALSE;
  *t = g_date_time_to_unix (dt);
  return TRUE;
}

static CrmOutcome
selected_outcome (LogDialog *d)
{
  /* The outcome list leaves out "none" (planned) */
  return d->outcome_row ? (CrmOutcome) (adw_combo_row_get_selected (d->outcome_row) + 1)
                        : CRM_OUTCOME_REACHED;
}

static CrmGrade
selected_grade (LogDialog *d)
{
  return crm_gui_grade_order[MIN (adw_combo_row_get_selected (d->grade_row), G_N_ELEMENTS (crm_gui_grade_order) - 1)];
}

static void
fill_proposal (LogDialog  *d,
               CrmOutcome  outcome)
{
  CrmStore *store = crm_context_get_store (d->context);
  gint64 now = crm_clock_get_now (crm_context_get_clock (d->context));
  g_autofree char *when = NULL;

  g_clear_object (&d->proposal);
  d->proposal = crm_cadence_propose_for_customer_as (d->cadence, store, d->customer_id,
                                                     d->grade_row ? (int) selected_grade (d) : -1, outcome, now);
  d->open_deal = d->proposal != NULL;
  if (d->proposal == NULL)
    {
      /* No open deal: still offer a follow-up by the customer's grade */
      g_autoptr(CrmCustomer) customer = crm_customer_store_get (crm_store_get_customer_store (store), d->customer_id, NULL);
      CrmCadenceInput input = { 0, };
      CrmActivityKind kind;
      gint64 planned;
      g_autofree char *purpose = NULL;

      input.grade = d->grade_row ? selected_grade (d) : customer ? crm_customer_get_grade (customer) : CRM_GRADE_N;
      input.stage = CRM_STAGE_VISITED;
      input.outcome = outcome;
      input.now = now;
      crm_cadence_propose (d->cadence, &input, &kind, &planned, &purpose);
      d->proposal = crm_activity_new ();
      crm_activity_set_customer_id (d->proposal, d->customer_id);
      crm_activity_set_kind (d->proposal, kind);
      crm_activity_set_planned_at (d->proposal, planned);
      crm_activity_set_purpose (d->proposal, purpose);
      if (customer != NULL)
        crm_activity_set_staff_id (d->proposal, crm_customer_get_owner_id (customer));
    }

  when = crm_log_dialog_format_when (crm_activity_get_planned_at (d->proposal));
  adw_combo_row_set_selected (d->kind_row, crm_activity_get_kind (d->proposal));
  gtk_editable_set_text (GTK_EDITABLE (d->when_row), when);
  gtk_editable_set_text (GTK_EDITABLE (d->purpose_row),
                         crm_activity_get_purpose (d->proposal) ? crm_activity_get_purpose (d->proposal) : "");
}

static void
on_outcome_selected_cb (AdwComboRow *row,
                        GParamSpec  *pspec,
                        LogDialog   *d)
{
  fill_proposal (d, selected_outcome (d));
}

static void
on_when_changed_cb (GtkEditable *editable,
                    AdwMessageDialog *dialog)
{
  LogDialog *d = g_object_get_data (G_OBJECT (dialog), "log-dialog");
  g_autofree char *showroom_time = NULL;
  gint64 t;
  gboolean ok = crm_log_dialog_parse_when (gtk_editable_get_text (editable), &t);

  if (ok)
    gtk_widget_remove_css_class (GTK_WIDGET (editable), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (editable), "error");
  adw_message_dialog_set_response_enabled (dialog, "log", ok);

  /* Typed in this desktop's time; named in the showroom's where they differ */
  if (ok && d != NULL)
    showroom_time = crm_format_showroom_time (crm_store_get_time_zone (crm_context_get_store (d->context)), t);
  if (d != NULL)
    {
      gtk_label_set_label (d->zone_label, showroom_time ? showroom_time : "");
      gtk_widget_set_visible (GTK_WIDGET (d->zone_label), showroom_time != NULL);
    }
}

static void
on_plan_switch_cb (GtkSwitch        *sw,
                   GParamSpec       *pspec,
                   AdwMessageDialog *dialog)
{
  LogDialog *d = g_object_get_data (G_OBJECT (dialog), "log-dialog");
  gboolean on = gtk_switch_get_active (sw);

  gtk_widget_set_sensitive (GTK_WIDGET (d->kind_row), on);
  gtk_widget_set_sensitive (GTK_WIDGET (d->when_row), on);
  gtk_widget_set_sensitive (GTK_WIDGET (d->purpose_row), on);
  if (on)
    on_when_changed_cb (GTK_EDITABLE (d->when_row), dialog);
  else
    adw_message_dialog_set_response_enabled (dialog, "log", TRUE);
}

/* What a log changed, to take back: the follow-up as it was before it
 * was done, the grade before, the follow-up planned (new: taken back;
 * moved: put back where it was) */
typedef struct
{
  CrmStore    *store;
  gint64       customer_id;
  CrmActivity *done_before;
  gint64       care_next_id;     /* next year's birthday call, planned with it */
  gboolean     grade_changed;
  CrmGrade     grade_before;
  gint64       planned_id;       /* a new follow-up */
  CrmActivity *moved_before;     /* an open one moved */
} LogUndo;

static void
log_undo_free (gpointer data)
{
  LogUndo *undo = data;

  g_clear_object (&undo->store);
  g_clear_object (&undo->done_before);
  g_clear_object (&undo->moved_before);
  g_free (undo);
}

static GWeakRef last_toast;

/* For tests: the toast of the last log saved, with its Undo */
AdwToast *
crm_log_dialog_get_last_toast (void)
{
  return g_weak_ref_get (&last_toast);
}

static void
on_undo_clicked_cb (AdwToast *toast,
                    LogUndo  *undo)
{
  CrmStore *store = undo->store;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (!crm_store_begin (store, &error))
    {
      g_warning ("Could not take the log back: %s", error->message);
      return;
    }
  ok = TRUE;
  if (undo->planned_id != 0)
    ok = crm_followup_store_delete_planned (crm_store_get_followup_store (store), undo->planned_id, &error);
  if (ok && undo->care_next_id != 0)
    ok = crm_followup_store_delete_planned (crm_store_get_followup_store (store), undo->care_next_id, &error);
  if (ok && undo->moved_before != NULL)
    ok = crm_followup_store_update (crm_store_get_followup_store (store), undo->moved_before, &error);
  if (ok && undo->grade_changed)
    {
      g_autoptr(CrmCustomer) customer = crm_customer_store_get (crm_store_get_customer_store (store),
                                                                undo->customer_id, &error);

      ok = customer != NULL;
      if (ok)
        {
          crm_customer_set_grade (customer, undo->grade_before);
          ok = crm_customer_store_update (crm_store_get_customer_store (store), customer, &error);
        }
    }
  if (ok && undo->done_before != NULL)
    ok = crm_followup_store_update (crm_store_get_followup_store (store), undo->done_before, &error);
  if (!crm_store_finish_write (store, ok, &error))
    g_warning ("Could not take the log back: %s", error->message);
}

/* The toast that says it is saved, on the window the dialog came from */
static void
toast_saved (GtkWindow *parent,
             LogUndo   *undo)
{
  AdwToastOverlay *overlay = parent ? crm_gui_find_toast_overlay (GTK_WIDGET (parent)) : NULL;
  AdwToast *toast;

  if (overlay == NULL)
    {
      log_undo_free (undo);
      return;
    }
  toast = adw_toast_new (_("Follow-up logged"));
  adw_toast_set_button_label (toast, _("_Undo"));
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (on_undo_clicked_cb), undo,
                         (GClosureNotify) (void (*) (void)) log_undo_free, 0);
  g_weak_ref_set (&last_toast, toast);
  adw_toast_overlay_add_toast (overlay, toast);
}

static void
show_error (GtkWindow  *parent,
            const char *message)
{
  GtkWidget *error = adw_message_dialog_new (parent, _("Not saved"), message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (error), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (error));
}

static void
on_response_cb (AdwMessageDialog *dialog,
                const char       *response,
                LogDialog        *d)
{
  CrmStore *store = crm_context_get_store (d->context);
  gint64 now = crm_clock_get_now (crm_context_get_clock (d->context));
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (dialog));
  g_autoptr(GError) error = NULL;
  gboolean plan = d->plan_switch == NULL || gtk_switch_get_active (d->plan_switch);
  gint64 when = 0;
  gboolean ok = TRUE;
  LogUndo *undo;

  if (g_strcmp0 (response, "log") != 0)
    return;

  if (plan && !crm_log_dialog_parse_when (gtk_editable_get_text (GTK_EDITABLE (d->when_row)), &when))
    plan = FALSE;

  if (!crm_store_begin (store, &error))
    {
      show_error (parent, error->message);
      return;
    }

  undo = g_new0 (LogUndo, 1);
  undo->store = g_object_ref (store);
  undo->customer_id = d->customer_id;
  if (d->activity_id != 0)
    {
      gint64 next_id;

      undo->done_before = crm_followup_store_get (crm_store_get_followup_store (store), d->activity_id, &error);
      ok = undo->done_before != NULL &&
           (next_id = crm_cadence_complete (d->cadence, store, d->activity_id, selected_outcome (d),
                                            gtk_editable_get_text (GTK_EDITABLE (d->note_row)), FALSE,
                                            now, &error)) >= 0;
      if (ok)
        undo->care_next_id = next_id;
    }

  /* The grade chosen here, saved with the follow-up */
  if (ok && d->grade_row != NULL && selected_grade (d) != d->loaded_grade)
    {
      g_autoptr(CrmCustomer) customer = crm_customer_store_get (crm_store_get_customer_store (store), d->customer_id, &error);

      ok = customer != NULL;
      if (ok)
        {
          undo->grade_changed = TRUE;
          undo->grade_before = crm_customer_get_grade (customer);
          crm_customer_set_grade (customer, selected_grade (d));
          ok = crm_customer_store_update (crm_store_get_customer_store (store), customer, &error);
        }
    }

  if (ok && plan)
    {
      g_autoptr(CrmActivity) next = NULL;
      gint64 reuse = crm_followup_store_get_open_id (crm_store_get_followup_store (store), d->customer_id);

      /* One next follow-up per customer: an open one is moved, not doubled */
      if (reuse != 0)
        {
          next = crm_followup_store_get (crm_store_get_followup_store (store), reuse, &error);
          undo->moved_before = next ? crm_followup_store_get (crm_store_get_followup_store (store), reuse, NULL)
                                    : NULL;
        }
      else
        next = g_object_ref (d->proposal);
      ok = next != NULL;
      if (ok)
        {
          crm_activity_set_kind (next, adw_combo_row_get_selected (d->kind_row));
          crm_activity_set_planned_at (next, when);
          crm_activity_set_purpose (next, gtk_editable_get_text (GTK_EDITABLE (d->purpose_row)));
          if (crm_activity_get_staff_id (next) == 0 &&
              crm_context_get_current_staff (d->context) != NULL)
            crm_activity_set_staff_id (next, crm_staff_get_id (crm_context_get_current_staff (d->context)));
          if (reuse != 0)
            ok = crm_followup_store_update (crm_store_get_followup_store (store), next, &error);
          else
            ok = (undo->planned_id = crm_followup_store_insert (crm_store_get_followup_store (store), next,
                                                                &error)) != 0;
        }
    }

  if (!ok)
    {
      crm_store_rollback (store);
      log_undo_free (undo);
      show_error (parent, error->message);
    }
  else if (!crm_store_commit (store, &error))
    {
      log_undo_free (undo);
      show_error (parent, error->message);
    }
  else
    /* Saved, with Undo */
    toast_saved (parent, undo);
}

static GtkWidget *
build (LogDialog  *d,
       GtkWindow  *parent,
       const char *heading,
       const char *body,
       const char *accept)
{
  GtkWidget *dialog = adw_message_dialog_new (parent, heading, body);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *list;
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) outcomes = gtk_string_list_new (NULL);
  GtkWidget *plan_row;

  for (guint i = 0; i < CRM_N_ACTIVITY_KINDS; i++)
    gtk_string_list_append (kinds, crm_activity_kind_get_label (i));
  for (guint i = 1; i < CRM_N_OUTCOMES; i++)
    gtk_string_list_append (outcomes, crm_outcome_get_label (i));

  if (d->activity_id != 0)
    {
      list = gtk_list_box_new ();
      gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
      gtk_widget_add_css_class (list, "boxed-list");
      d->outcome_row = ADW_COMBO_ROW (adw_combo_row_new ());
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (d->outcome_row), _("Outcome"));
      adw_combo_row_set_model (d->outcome_row, G_LIST_MODEL (outcomes));
      gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (d->outcome_row));
      {
        g_autoptr(GtkStringList) grades = gtk_string_list_new (NULL);

        crm_gui_append_grade_labels (grades, crm_gui_grade_order, G_N_ELEMENTS (crm_gui_grade_order));
        d->grade_row = ADW_COMBO_ROW (adw_combo_row_new ());
        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (d->grade_row), _("Intent grade"));
        adw_combo_row_set_model (d->grade_row, G_LIST_MODEL (grades));
        adw_combo_row_set_selected (d->grade_row, crm_gui_grade_position (d->loaded_grade));
        gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (d->grade_row));
      }
      d->note_row = ADW_ENTRY_ROW (adw_entry_row_new ());
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (d->note_row), _("What was said"));
      gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (d->note_row));
      gtk_box_append (GTK_BOX (box), list);
    }

  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");

  plan_row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (plan_row), _("Plan the next follow-up"));
  d->plan_switch = GTK_SWITCH (gtk_switch_new ());
  gtk_switch_set_active (d->plan_switch, TRUE);
  gtk_widget_set_valign (GTK_WIDGET (d->plan_switch), GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (plan_row), GTK_WIDGET (d->plan_switch));
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (plan_row), GTK_WIDGET (d->plan_switch));
  gtk_accessible_update_property (GTK_ACCESSIBLE (d->plan_switch),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Plan the next follow-up"), -1);
  gtk_list_box_append (GTK_LIST_BOX (list), plan_row);

  d->kind_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (d->kind_row), _("Kind"));
  adw_combo_row_set_model (d->kind_row, G_LIST_MODEL (kinds));
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (d->kind_row));
  d->when_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  /* Translators: the time of the next follow-up, typed as 2026-11-27 10:00 */
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (d->when_row), _("When (YYYY-MM-DD HH:MM)"));
  crm_gui_add_date_picker (d->when_row);
  crm_gui_add_time_picker (d->when_row, d->cadence->opening_from, d->cadence->opening_to, 30);
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (d->when_row));
  d->purpose_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (d->purpose_row), _("Purpose"));
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (d->purpose_row));
  gtk_box_append (GTK_BOX (box), list);
  d->zone_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (d->zone_label, 0);
  gtk_label_set_wrap (d->zone_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (d->zone_label), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (d->zone_label), "caption");
  gtk_widget_set_visible (GTK_WIDGET (d->zone_label), FALSE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (d->zone_label));

  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "log", accept,
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "log",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "log");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  g_object_set_data_full (G_OBJECT (dialog), "log-dialog", d, (GDestroyNotify) log_dialog_free);
  g_signal_connect (dialog, "response", G_CALLBACK (on_response_cb), d);
  g_signal_connect (d->when_row, "changed", G_CALLBACK (on_when_changed_cb), dialog);
  g_signal_connect (d->plan_switch, "notify::active", G_CALLBACK (on_plan_switch_cb), dialog);
  return dialog;
}

static char *
customer_name (CrmContext *context,
               gint64      customer_id)
{
  g_autoptr(CrmCustomer) customer =
    crm_customer_store_get (crm_store_get_customer_store (crm_context_get_store (context)), customer_id, NULL);

  return g_strdup (customer ? crm_customer_get_name (customer) : "");
}

/**
 * crm_log_dialog_present_quick_log:
 * @activity_id: the planned follow-up to log
 *
 * Asks how the follow-up went and proposes the next one.
 *
 * Returns: (transfer none) (nullable): the dialog
 */
GtkWindow *
crm_log_dialog_present_quick_log (GtkWindow  *parent,
                                  CrmContext *context,
                                  gint64      activity_id)
{
  g_autoptr(CrmActivity) activity = NULL;
  g_autofree char *name = NULL;
  g_autofree char *heading = NULL;
  LogDialog *d;
  GtkWidget *dialog;

  g_return_val_if_fail (CRM_IS_CONTEXT (context), NULL);

  activity = crm_followup_store_get (crm_store_get_followup_store (crm_context_get_store (context)), activity_id, NULL);
  if (activity == NULL)
    return NULL;

  d = g_new0 (LogDialog, 1);
  d->context = g_object_ref (context);
  d->cadence = crm_cadence_load (crm_context_get_store (context));
  d->customer_id = crm_activity_get_customer_id (activity);
  d->activity_id = activity_id;
  {
    g_autoptr(CrmCustomer) customer =
      crm_customer_store_get (crm_store_get_customer_store (crm_context_get_store (context)), d->customer_id, NULL);

    d->loaded_grade = customer ? crm_customer_get_grade (customer) : CRM_GRADE_N;
  }

  name = customer_name (context, d->customer_id);
  /* Translators: the heading of the quick log; %s is the customer */
  heading = g_strdup_printf (_("Log Follow-up with %s"), name);
  dialog = build (d, parent, heading, crm_activity_get_purpose (activity), _("_Log"));
  g_signal_connect (d->outcome_row, "notify::selected", G_CALLBACK (on_outcome_selected_cb), d);
  g_signal_connect (d->grade_row, "notify::selected", G_CALLBACK (on_outcome_selected_cb), d);
  fill_proposal (d, selected_outcome (d));

  /* After-sales care (a birthday, the first service) plans its own next
   * time; a sales follow-up is offered but not proposed. While a deal is
   * open the next step is not optional: a customer left with none is
   * the one who is lost. */
  {
    g_autofree char *care = crm_followup_store_get_care (crm_store_get_followup_store (crm_context_get_store (context)), activity_id);

    if (care != NULL)
      gtk_switch_set_active (d->plan_switch, FALSE);
    else if (d->open_deal)
      {
        GtkWidget *plan_row = gtk_widget_get_ancestor (GTK_WIDGET (d->plan_switch), ADW_TYPE_ACTION_ROW);

        gtk_switch_set_active (d->plan_switch, TRUE);
        gtk_widget_set_sensitive (GTK_WIDGET (d->plan_switch), FALSE);
        if (plan_row != NULL)
          adw_action_row_set_subtitle (ADW_ACTION_ROW (plan_row), _("Required while the deal is open"));
      }
  }
  gtk_window_present (GTK_WINDOW (dialog));
  return GTK_WINDOW (dialog);
}

/**
 * crm_log_dialog_present_next:
 * @outcome: how the follow-up just logged went
 *
 * After a follow-up was logged: proposes the next one from the cadence.
 *
 * Returns: (transfer none) (nullable): the dialog
 */
GtkWindow *
crm_log_dialog_present_next (GtkWindow  *parent,
                             CrmContext *context,
                             gint64      customer_id,
                             CrmOutcome  outcome)
{
  g_autofree char *name = NULL;
  g_autofree char *heading = NULL;
  LogDialog *d;
  GtkWidget *dialog;

  g_return_val_if_fail (CRM_IS_CONTEXT (context), NULL);

  d = g_new0 (LogDialog, 1);
  d->context = g_object_ref (context);
  d->cadence = crm_cadence_load (crm_context_get_store (context));
  d->customer_id = customer_id;

  name = customer_name (context, customer_id);
  heading = g_strdup_printf (_("Next Follow-up with %s"), name);
  dialog = build (d, parent, heading,
                  _("Proposed from the showroom’s follow-up rules; change anything before planning it."),
                  _("_Plan"));
  fill_proposal (d, outcome);
  gtk_window_present (GTK_WINDOW (dialog));
  return GTK_WINDOW (dialog);
}
