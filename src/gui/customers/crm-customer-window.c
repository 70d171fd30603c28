/* crm-customer-window.c: one customer, every field, deals and timeline
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * There is no Save button: a field is checked as it is typed and, once
 * valid, written through the store (which announces it, so the Customers
 * view updates at once). An invalid field is marked and explained, and
 * nothing of it is stored until it is put right.
 *
 * What the window shows is read as a Snapshot: the customer, the staff
 * and catalogue for its choices, the deals and the timeline. On a file
 * it is read at once; on a server (crm_store_reads_in_background()) in a
 * worker thread, so opening a customer or another desktop's change never
 * holds the window up on the network.
 */
#define G_LOG_DOMAIN "crm-customer-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "crm-cadence.h"
#include "crm-customer-window.h"
#include "crm-conflict-dialog.h"
#include "crm-log-dialog.h"
#include "crm-grade-dialog.h"
#include "crm-grading.h"
#include "crm-error.h"
#include "crm-format.h"
#include "crm-gui-util.h"
#include "crm-phone.h"

#define SAVE_DELAY_MS 400

struct _CrmCustomerWindow
{
  AdwWindow        parent_instance;

  CrmContext      *context;
  gint64           customer_id;
  CrmCustomer     *customer;       /* as last stored */
  GListModel      *models;         /* CrmVehicleModel catalogue */
  GPtrArray       *model_checks;   /* GtkCheckButton per catalogue entry */
  GArray          *owner_ids;
  GListModel      *deals;
  guint            save_source;
  gboolean         loading;
  char            *message;
  gboolean         reading;         /* a read in a worker thread under way */
  guint            stale_parts;     /* Parts to read again after it */

  AdwToastOverlay *toast_overlay;
  AdwWindowTitle  *window_title;
  GtkLabel        *saved_label;
  GtkRevealer     *message_revealer;
  GtkLabel        *message_label;
  AdwEntryRow     *name_row;
  AdwEntryRow     *phone_row;
  AdwEntryRow     *phone2_row;
  AdwEntryRow     *wechat_row;
  AdwComboRow     *gender_row;
  AdwEntryRow     *city_row;
  AdwEntryRow     *birthday_row;
  AdwComboRow     *grade_row;
  AdwComboRow     *timeframe_row;
  AdwEntryRow     *budget_min_row;
  AdwEntryRow     *budget_max_row;
  AdwExpanderRow  *models_row;
  AdwEntryRow     *tags_row;
  AdwComboRow     *owner_row;
  AdwComboRow     *channel_row;
  AdwActionRow    *created_row;
  GtkTextView     *notes_view;
  GtkListBox      *deals_list;
  AdwComboRow     *log_kind_row;
  AdwComboRow     *log_outcome_row;
  AdwEntryRow     *log_note_row;
  GtkListBox      *timeline_list;
  GtkWindow       *conflict_dialog;  /* open while the person chooses */
};

G_DEFINE_FINAL_TYPE (CrmCustomerWindow, crm_customer_window, ADW_TYPE_WINDOW)

static const char *
text_of (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static void
set_text (AdwEntryRow *row,
          const char  *text)
{
  if (g_strcmp0 (text_of (row), text ? text : "") != 0)
    gtk_editable_set_text (GTK_EDITABLE (row), text ? text : "");
}

static void
set_message (CrmCustomerWindow *self,
             const char        *message)
{
  g_free (self->message);
  self->message = g_strdup (message);
  if (message != NULL)
    gtk_label_set_label (self->message_label, message);
  gtk_revealer_set_reveal_child (self->message_revealer, message != NULL);
}

static void
mark_row (GtkWidget *row,
          gboolean   bad)
{
  if (bad)
    gtk_widget_add_css_class (row, "error");
  else
    gtk_widget_remove_css_class (row, "error");
}

static void
update_title (CrmCustomerWindow *self)
{
  const char *phone = crm_customer_get_phone (self->customer);
  g_autofree char *shown = phone ? crm_phone_format (phone) : NULL;
  g_autofree char *subtitle = NULL;

  subtitle = g_strdup_printf ("%s · %s%s%s",
                              crm_grade_get_label (crm_customer_get_grade (self->customer)),
                              crm_grade_get_description (crm_customer_get_grade (self->customer)),
                              shown ? " · " : "", shown ? shown : "");
  adw_window_title_set_title (self->window_title, crm_customer_get_name (self->customer));
  adw_window_title_set_subtitle (self->window_title, subtitle);
  gtk_window_set_title (GTK_WINDOW (self), crm_customer_get_name (self->customer));
}

/* ------------------------------------------------------------------ */
/* What the window shows, read at once or in a worker thread           */

typedef enum
{
  PART_CUSTOMER = 1 << 0,
  PART_CHOICES  = 1 << 1,   /* staff and catalogue */
  PART_DEALS    = 1 << 2,
  PART_TIMELINE = 1 << 3,
  PART_ALL      = 0xf,
} Parts;

typedef struct
{
  gint64       customer_id;
  Parts        parts;
  gint64       now;
  int          idle_days;    /* the showroom's idle limit */
  CrmCustomer *customer;
  GListModel  *staff;
  GListModel  *models;
  GListModel  *deals;
  GArray      *deal_idle;    /* gboolean per deal */
  GListModel  *activities;
  GError      *error;        /* the customer could not be read */
} Snapshot;

static void
snapshot_free (gpointer data)
{
  Snapshot *snap = data;

  g_clear_object (&snap->customer);
  g_clear_object (&snap->staff);
  g_clear_object (&snap->models);
  g_clear_object (&snap->deals);
  g_clear_pointer (&snap->deal_idle, g_array_unref);
  g_clear_object (&snap->activities);
  g_clear_error (&snap->error);
  g_free (snap);
}

static Snapshot *
snapshot_new (CrmContext *context,
              gint64      customer_id,
              Parts       parts)
{
  Snapshot *snap = g_new0 (Snapshot, 1);

  snap->customer_id = customer_id;
  snap->parts = parts;
  snap->now = crm_clock_get_now (crm_context_get_clock (context));
  return snap;
}

/* On @store: the context's own, or a worker thread's */
static void
snapshot_read (Snapshot *snap,
               CrmStore *store)
{
  if (snap->parts & PART_CUSTOMER)
    snap->customer = crm_customer_store_get (crm_store_get_customer_store (store), snap->customer_id,
                                             &snap->error);
  if (snap->parts & PART_CHOICES)
    {
      snap->staff = crm_staff_store_list (crm_store_get_staff_store (store), FALSE);
      snap->models = crm_staff_store_list_vehicle_models (crm_store_get_staff_store (store));
    }
  if (snap->parts & PART_DEALS)
    {
      g_autoptr(CrmCadence) cadence = crm_cadence_load (store);
      gint64 idle_since = crm_cadence_idle_since (cadence, snap->now);

      snap->idle_days = cadence->idle_days;
      snap->deals = crm_deal_store_list_for_customer (crm_store_get_deal_store (store), snap->customer_id);
      snap->deal_idle = g_array_new (FALSE, FALSE, sizeof (gboolean));
      for (guint i = 0; i < g_list_model_get_n_items (snap->deals); i++)
        {
          g_autoptr(CrmDeal) deal = g_list_model_get_item (snap->deals, i);
          gboolean idle = crm_followup_store_deal_is_idle (crm_store_get_followup_store (store),
                                                           crm_deal_get_id (deal), idle_since);

          g_array_append_val (snap->deal_idle, idle);
        }
    }
  if (snap->parts & PART_TIMELINE)
    snap->activities = crm_followup_store_list_for_customer (crm_store_get_followup_store (store),
                                                             snap->customer_id);
}

static gpointer
snapshot_thread (CrmStore      *worker,
                 gpointer       data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  snapshot_read (data, worker);
  return data;
}

static void read_again (CrmCustomerWindow *self, guint parts);

/* ------------------------------------------------------------------ */
/* Deals and timeline                                                  */

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
show_deals (CrmCustomerWindow *self,
            Snapshot          *snap)
{
  clear_list (self->deals_list);
  g_set_object (&self->deals, snap->deals);

  for (guint i = 0; i < g_list_model_get_n_items (self->deals); i++)
    {
      g_autoptr(CrmDeal) deal = g_list_model_get_item (self->deals, i);
      g_autofree char *since = crm_format_date (crm_deal_get_stage_entered_at (deal));
      g_autofree char *subtitle = NULL;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *stage = gtk_label_new (crm_stage_get_label (crm_deal_get_stage (deal)));

      /* Translators: "since Nov 3, 2026", when a deal entered its stage */
      subtitle = g_strdup_printf (_("since %s"), since);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     crm_deal_get_model_name (deal) ? crm_deal_get_model_name (deal)
                                                                    : _("No model chosen yet"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_set_valign (stage, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (stage, "stage-badge");
      gtk_widget_add_css_class (stage, crm_stage_is_open (crm_deal_get_stage (deal)) ? "open" : "closed");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), stage);

      /* Flagged when its follow-up rhythm broke (the showroom's idle limit) */
      if (g_array_index (snap->deal_idle, gboolean, i))
        {
          g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                "No follow-up for %d day",
                                                                "No follow-up for %d days",
                                                                snap->idle_days),
                                                   snap->idle_days);
          GtkWidget *flag = gtk_label_new (text);

          gtk_widget_set_valign (flag, GTK_ALIGN_CENTER);
          gtk_widget_add_css_class (flag, "overdue");
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), flag);
        }
      gtk_list_box_append (self->deals_list, row);
    }

  if (g_list_model_get_n_items (self->deals) == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No deals yet"));
      gtk_list_box_append (self->deals_list, row);
    }
}

static const char *
activity_icon (CrmActivityKind kind)
{
  switch (kind)
    {
    case CRM_ACTIVITY_CALL: return "call-start-symbolic";
    case CRM_ACTIVITY_VISIT: return "go-home-symbolic";
    case CRM_ACTIVITY_WECHAT: return "mail-send-symbolic";
    case CRM_ACTIVITY_SMS: return "mail-unread-symbolic";
    case CRM_ACTIVITY_TEST_DRIVE: return "emblem-ok-symbolic";
    case CRM_ACTIVITY_QUOTE: return "document-edit-symbolic";
    default: return "emblem-documents-symbolic";
    }
}

static void
show_timeline (CrmCustomerWindow *self,
               Snapshot          *snap)
{
  GListModel *activities = snap->activities;
  gint64 now = crm_clock_get_now (crm_context_get_clock (self->context));
  guint n = g_list_model_get_n_items (activities);

  clear_list (self->timeline_list);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CrmActivity) activity = g_list_model_get_item (activities, i);
      gboolean done = crm_activity_get_is_done (activity);
      gboolean overdue = FALSE;
      g_autofree char *when = NULL;
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *time_label;

      if (done)
        {
          when = crm_format_relative (now, crm_activity_get_done_at (activity));
          title = g_strdup_printf ("%s · %s", crm_activity_kind_get_label (crm_activity_get_kind (activity)),
                                   crm_outcome_get_label (crm_activity_get_outcome (activity)));
        }
      else
        {
          when = crm_format_due (now, crm_activity_get_planned_at (activity), &overdue);
          /* Translators: a follow-up that is planned, not yet done: "Planned: Call" */
          title = g_strdup_printf (_("Planned: %s"),
                                   crm_activity_kind_get_label (crm_activity_get_kind (activity)));
          gtk_widget_add_css_class (row, "planned");
        }

      {
        GString *text = g_string_new (crm_activity_get_staff_name (activity));
        const char *note = crm_activity_get_note (activity);
        const char *purpose = crm_activity_get_purpose (activity);

        if (purpose != NULL)
          g_string_append_printf (text, "%s%s", text->len > 0 ? " · " : "", purpose);

        if (note != NULL)
          g_string_append_printf (text, "%s%s", text->len > 0 ? " · " : "", note);
        subtitle = g_string_free (text, FALSE);
      }

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name (activity_icon (crm_activity_get_kind (activity))));
      time_label = gtk_label_new (when);
      gtk_widget_add_css_class (time_label, overdue ? "overdue" : "dim-label");
      gtk_widget_add_css_class (time_label, "numeric");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), time_label);
      gtk_list_box_append (self->timeline_list, row);
    }

  if (n == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No follow-ups yet"));
      gtk_list_box_append (self->timeline_list, row);
    }
}

/* ------------------------------------------------------------------ */
/* Fields                                                              */

static void
load_fields (CrmCustomerWindow *self)
{
  const char * const *phones = crm_customer_get_phones (self->customer);
  const char * const *tags = crm_customer_get_tags (self->customer);
  GVariant *model_ids = crm_customer_get_model_ids (self->customer);
  g_autofree char *phone1 = NULL;
  g_autofree char *phone2 = NULL;
  g_autofree char *budget_min = NULL;
  g_autofree char *budget_max = NULL;
  g_autofree char *tags_text = NULL;
  g_autofree char *created = NULL;
  g_autofree char *models_label = NULL;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->notes_view);
  const gint64 *ids = NULL;
  gsize n_ids = 0;
  gint64 owner = crm_customer_get_owner_id (self->customer);

  self->loading = TRUE;

  if (phones != NULL && phones[0] != NULL)
    {
      phone1 = crm_phone_format (phones[0]);
      if (phones[1] != NULL)
        phone2 = crm_phone_format (phones[1]);
    }

  set_text (self->name_row, crm_customer_get_name (self->customer));
  set_text (self->phone_row, phone1);
  set_text (self->phone2_row, phone2);
  set_text (self->wechat_row, crm_customer_get_wechat (self->customer));
  adw_combo_row_set_selected (self->gender_row, crm_customer_get_gender (self->customer));
  set_text (self->city_row, crm_customer_get_city (self->customer));
  set_text (self->birthday_row, crm_customer_get_birthday (self->customer));
  adw_combo_row_set_selected (self->grade_row, crm_gui_grade_position (crm_customer_get_grade (self->customer)));
  adw_combo_row_set_selected (self->timeframe_row, crm_customer_get_timeframe (self->customer));

  /* Budgets are typed and shown in 万 the way showrooms talk */
  if (crm_customer_get_budget_min (self->customer) > 0)
    budget_min = crm_format_money_short (crm_customer_get_budget_min (self->customer));
  if (crm_customer_get_budget_max (self->customer) > 0)
    budget_max = crm_format_money_short (crm_customer_get_budget_max (self->customer));
  set_text (self->budget_min_row, budget_min);
  set_text (self->budget_max_row, budget_max);

  if (tags != NULL)
    tags_text = g_strjoinv (", ", (char **) tags);
  set_text (self->tags_row, tags_text);

  if (model_ids != NULL)
    ids = g_variant_get_fixed_array (model_ids, &n_ids, sizeof (gint64));
  for (guint i = 0; i < self->model_checks->len; i++)
    {
      g_autoptr(CrmVehicleModel) model = g_list_model_get_item (self->models, i);
      gboolean active = FALSE;

      for (gsize k = 0; k < n_ids; k++)
        active |= ids[k] == crm_vehicle_model_get_id (model);
      gtk_check_button_set_active (g_ptr_array_index (self->model_checks, i), active);
    }
  models_label = g_strdup (crm_customer_get_models_label (self->customer));
  adw_expander_row_set_subtitle (self->models_row, models_label ? models_label : _("None chosen"));

  for (guint i = 0; i < self->owner_ids->len; i++)
    if (g_array_index (self->owner_ids, gint64, i) == owner)
      adw_combo_row_set_selected (self->owner_row, i);
  adw_combo_row_set_selected (self->channel_row, crm_customer_get_channel (self->customer));

  created = crm_format_datetime (crm_customer_get_created_at (self->customer));
  adw_action_row_set_subtitle (self->created_row, created);

  if (g_strcmp0 (crm_customer_get_notes (self->customer), NULL) != 0 ||
      gtk_text_buffer_get_char_count (buffer) > 0)
    {
      g_autofree char *current = NULL;
      GtkTextIter start, end;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      current = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
      if (g_strcmp0 (current, crm_customer_get_notes (self->customer) ? crm_customer_get_notes (self->customer) : "") != 0)
        gtk_text_buffer_set_text (buffer, crm_customer_get_notes (self->customer) ? crm_customer_get_notes (self->customer) : "", -1);
    }

  update_title (self);
  self->loading = FALSE;
}

/* Reads the form into a copy of the customer; FALSE (with the row marked
 * and the message set) when a field cannot be stored as typed. */
static CrmCustomer *
read_fields (CrmCustomerWindow  *self,
             GtkWidget         **bad_row,
             GError            **error)
{
  g_autoptr(CrmCustomer) copy = crm_customer_copy (self->customer);
  g_autoptr(GPtrArray) phones = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) model_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_auto(GStrv) tags = NULL;
  g_autoptr(GPtrArray) clean_tags = g_ptr_array_new ();
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->notes_view);
  g_autofree char *notes = NULL;
  AdwEntryRow *phone_rows[] = { self->phone_row, self->phone2_row };
  const char *birthday = text_of (self->birthday_row);
  GtkTextIter start, end;
  gint64 budget_min, budget_max;
  guint owner;

  if (g_strstrip (g_strdup (text_of (self->name_row)))[0] == '\0')
    {
      *bad_row = GTK_WIDGET (self->name_row);
      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT, _("Enter the customer’s name."));
      return NULL;
    }
  crm_customer_set_name (copy, text_of (self->name_row));

  for (guint i = 0; i < G_N_ELEMENTS (phone_rows); i++)
    {
      const char *text = text_of (phone_rows[i]);
      char *normalized;

      if (g_strstrip (g_strdup (text))[0] == '\0')
        continue;
      normalized = crm_phone_normalize (text, error);
      if (normalized == NULL)
        {
          *bad_row = GTK_WIDGET (phone_rows[i]);
          return NULL;
        }
      g_ptr_array_add (phones, normalized);
    }
  g_ptr_array_add (phones, NULL);
  crm_customer_set_phones (copy, (const char * const *) phones->pdata);

  if (birthday[0] != '\0')
    {
      int y, m, d;
      char extra;

      if (sscanf (birthday, "%4d-%2d-%2d%c", &y, &m, &d, &extra) != 3 ||
          !g_date_valid_dmy (d, m, y) || y < 1900)
        {
          *bad_row = GTK_WIDGET (self->birthday_row);
          g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                       _("The birthday “%s” is not a date; write it like 1985-03-12."), birthday);
          return NULL;
        }
    }
  crm_customer_set_birthday (copy, birthday);

  if (!crm_parse_money (text_of (self->budget_min_row), &budget_min, error))
    {
      *bad_row = GTK_WIDGET (self->budget_min_row);
      return NULL;
    }
  if (!crm_parse_money (text_of (self->budget_max_row), &budget_max, error))
    {
      *bad_row = GTK_WIDGET (self->budget_max_row);
      return NULL;
    }
  if (budget_max > 0 && budget_min > budget_max)
    {
      *bad_row = GTK_WIDGET (self->budget_max_row);
      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                   _("The budget’s upper end is below its lower end."));
      return NULL;
    }
  crm_customer_set_budget_min (copy, budget_min);
  crm_customer_set_budget_max (copy, budget_max);

  crm_customer_set_wechat (copy, text_of (self->wechat_row));
  crm_customer_set_city (copy, text_of (self->city_row));
  crm_customer_set_gender (copy, adw_combo_row_get_selected (self->gender_row));
  crm_customer_set_grade (copy, crm_gui_grade_order[MIN (adw_combo_row_get_selected (self->grade_row),
                                                         G_N_ELEMENTS (crm_gui_grade_order) - 1)]);
  crm_customer_set_timeframe (copy, adw_combo_row_get_selected (self->timeframe_row));
  crm_customer_set_channel (copy, adw_combo_row_get_selected (self->channel_row));
  owner = adw_combo_row_get_selected (self->owner_row);
  if (owner < self->owner_ids->len)
    crm_customer_set_owner_id (copy, g_array_index (self->owner_ids, gint64, owner));

  /* Commas of either width, and the Chinese list comma, separate tags */
  {
    g_autoptr(GString) text = g_string_new (text_of (self->tags_row));

    g_string_replace (text, "\uff0c", ",", 0);
    g_string_replace (text, "\u3001", ",", 0);
    tags = g_strsplit_set (text->str, ",;", -1);
  }
  for (guint i = 0; tags[i] != NULL; i++)
    {
      g_strstrip (tags[i]);
      if (tags[i][0] != '\0')
        g_ptr_array_add (clean_tags, tags[i]);
    }
  g_ptr_array_add (clean_tags, NULL);
  crm_customer_set_tags (copy, (const char * const *) clean_tags->pdata);

  for (guint i = 0; i < self->model_checks->len; i++)
    if (gtk_check_button_get_active (g_ptr_array_index (self->model_checks, i)))
      {
        g_autoptr(CrmVehicleModel) model = g_list_model_get_item (self->models, i);
        gint64 id = crm_vehicle_model_get_id (model);
        g_array_append_val (model_ids, id);
      }
  crm_customer_set_model_ids (copy, g_variant_new_fixed_array (G_VARIANT_TYPE_INT64, model_ids->data,
                                                               model_ids->len, sizeof (gint64)));

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  notes = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  crm_customer_set_notes (copy, notes);

  return g_steal_pointer (&copy);
}

static GtkWidget *
all_field_rows (CrmCustomerWindow *self,
                guint              i)
{
  GtkWidget *rows[] = {
    GTK_WIDGET (self->name_row), GTK_WIDGET (self->phone_row), GTK_WIDGET (self->phone2_row),
    GTK_WIDGET (self->birthday_row), GTK_WIDGET (self->budget_min_row),
    GTK_WIDGET (self->budget_max_row), GTK_WIDGET (self->wechat_row),
  };

  return i < G_N_ELEMENTS (rows) ? rows[i] : NULL;
}

/* A change of consultant is an assignment: only a manager makes it, and
 * it is recorded (from whom, to whom, by whom). A grade picked here goes
 * into the grade history like one confirmed in the Intent Grade dialog.
 * All in one transaction with the other fields. */
static gboolean
write_customer (CrmCustomerWindow  *self,
                CrmCustomer        *copy,
                GError            **error)
{
  CrmStore *store = crm_context_get_store (self->context);
  CrmStaff *me = crm_context_get_current_staff (self->context);
  gint64 my_id = me ? crm_staff_get_id (me) : 0;
  gint64 owner = crm_customer_get_owner_id (copy);
  gboolean owner_changed = owner != crm_customer_get_owner_id (self->customer);
  gboolean grade_changed = crm_customer_get_grade (copy) != crm_customer_get_grade (self->customer);
  CrmLeadFacts facts;
  gboolean ok;

  if (!owner_changed && !grade_changed)
    return crm_customer_store_update (crm_store_get_customer_store (store), copy, error);

  if (owner_changed && !crm_context_is_manager (self->context))
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                   _("Only a sales manager can give a customer to another consultant."));
      return FALSE;
    }

  if (!crm_store_begin (store, error))
    return FALSE;

  ok = !owner_changed ||
       crm_lead_store_assign_customer (crm_store_get_lead_store (store), self->customer_id, owner, my_id,
                                  owner > 0 ? CRM_ASSIGN_REASON_MANUAL : CRM_ASSIGN_REASON_POOL_RELEASE,
                                  error);
  if (ok && grade_changed)
    ok = crm_lead_store_get_facts (crm_store_get_lead_store (store), self->customer_id, &facts, error) &&
         crm_lead_store_record_grade (crm_store_get_lead_store (store), self->customer_id, crm_customer_get_grade (copy),
                                 crm_grading_propose (&facts), crm_grading_score (&facts),
                                 _("Set in the customer window"), my_id, error);
  ok = ok && crm_customer_store_update (crm_store_get_customer_store (store), copy, error);

  if (!ok)
    {
      crm_store_rollback (store);
      return FALSE;
    }
  return crm_store_commit (store, error);
}

/* Someone else's save is the base now; @merged (theirs with this form's
 * own changes) is saved over it and shown */
static gboolean
save_merged (CrmCustomerWindow *self,
             CrmCustomer       *theirs,
             CrmCustomer       *merged)
{
  g_autoptr(GError) error = NULL;

  g_set_object (&self->customer, theirs);
  if (!write_customer (self, merged, &error))
    {
      /* Yet another save in between: merged again at the next edit */
      load_fields (self);
      set_message (self, error->message);
      gtk_label_set_label (self->saved_label, _("Not saved"));
      return FALSE;
    }
  g_set_object (&self->customer, merged);
  load_fields (self);
  set_message (self, NULL);
  gtk_label_set_label (self->saved_label, _("Saved, with the other changes"));
  update_title (self);
  return TRUE;
}

typedef struct
{
  CrmCustomerWindow *self;
  CrmCustomer       *theirs;
} ConflictData;

static void
on_conflict_done (CrmCustomer *merged,
                  gpointer     user_data)
{
  ConflictData *data = user_data;

  data->self->conflict_dialog = NULL;
  save_merged (data->self, data->theirs, merged);
}

static void
conflict_data_free (gpointer user_data)
{
  ConflictData *data = user_data;

  g_object_unref (data->self);
  g_object_unref (data->theirs);
  g_free (data);
}

/* The save met a newer one by someone else: merged field by field
 * against what this window loaded. Fields only they changed are taken
 * over silently; where both changed one, the person chooses. */
static gboolean
resolve_conflict (CrmCustomerWindow *self,
                  CrmCustomer       *mine)
{
  CrmStore *store = crm_context_get_store (self->context);
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmCustomer) theirs = crm_customer_store_get (crm_store_get_customer_store (store),
                                                          self->customer_id, &error);
  g_autoptr(GArray) conflicts = g_array_new (FALSE, FALSE, sizeof (CrmCustomerField));
  g_autoptr(CrmCustomer) merged = NULL;
  ConflictData *data;
  GtkWidget *dialog;

  if (theirs == NULL)
    {
      set_message (self, error->message);
      return FALSE;
    }
  merged = crm_customer_merge (self->customer, mine, theirs, conflicts);
  if (conflicts->len == 0)
    return save_merged (self, theirs, merged);

  gtk_label_set_label (self->saved_label, _("Not saved yet"));
  data = g_new0 (ConflictData, 1);
  data->self = g_object_ref (self);
  data->theirs = g_object_ref (theirs);
  dialog = crm_conflict_dialog_new (GTK_WINDOW (self), self->context, merged, mine, theirs, conflicts,
                                    on_conflict_done, data);
  g_object_set_data_full (G_OBJECT (dialog), "conflict-data", data, conflict_data_free);
  /* The form keeps what was typed while the person chooses */
  self->conflict_dialog = GTK_WINDOW (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->conflict_dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  return FALSE;
}

/**
 * crm_customer_window_save_now:
 *
 * Writes the form if every field is valid.
 *
 * Returns: %TRUE when the customer is stored as shown
 */
gboolean
crm_customer_window_save_now (CrmCustomerWindow *self)
{
  g_autoptr(CrmCustomer) copy = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *bad_row = NULL;
  GtkWidget *row;

  g_return_val_if_fail (CRM_IS_CUSTOMER_WINDOW (self), FALSE);

  g_clear_handle_id (&self->save_source, g_source_remove);

  for (guint i = 0; (row = all_field_rows (self, i)) != NULL; i++)
    mark_row (row, FALSE);

  copy = read_fields (self, &bad_row, &error);
  if (copy != NULL)
    {
      CrmStaff *me = crm_context_get_current_staff (self->context);

      crm_customer_set_updated_by (copy, me ? crm_staff_get_id (me) : 0);
    }
  if (copy != NULL && !write_customer (self, copy, &error))
    {
      if (g_error_matches (error, CRM_ERROR, CRM_ERROR_CONFLICT))
        return resolve_conflict (self, copy);
      if (crm_customer_get_owner_id (copy) != crm_customer_get_owner_id (self->customer))
        bad_row = GTK_WIDGET (self->owner_row);
      if (g_error_matches (error, CRM_ERROR, CRM_ERROR_DUPLICATE))
        bad_row = GTK_WIDGET (self->phone_row);
      else if (crm_customer_get_phone (copy) == NULL && crm_customer_get_wechat (copy) == NULL)
        bad_row = GTK_WIDGET (self->phone_row);
      g_clear_object (&copy);
    }

  if (copy == NULL)
    {
      if (bad_row != NULL)
        mark_row (bad_row, TRUE);
      set_message (self, error->message);
      gtk_label_set_label (self->saved_label, _("Not saved"));
      return FALSE;
    }

  /* A changed grade re-plans the next follow-up by the cadence */
  if (self->customer != NULL && crm_customer_get_grade (self->customer) != crm_customer_get_grade (copy))
    {
      CrmStore *store = crm_context_get_store (self->context);
      g_autoptr(CrmCadence) cadence = crm_cadence_load (store);
      g_autoptr(GError) replan_error = NULL;

      if (!crm_cadence_replan (cadence, store, self->customer_id,
                               crm_clock_get_now (crm_context_get_clock (self->context)), &replan_error))
        g_warning ("Next follow-up not re-planned: %s", replan_error->message);
    }

  g_set_object (&self->customer, copy);
  set_message (self, NULL);
  gtk_label_set_label (self->saved_label, _("Saved"));
  update_title (self);
  return TRUE;
}

static gboolean
save_timeout_cb (gpointer user_data)
{
  CrmCustomerWindow *self = user_data;

  self->save_source = 0;
  crm_customer_window_save_now (self);
  return G_SOURCE_REMOVE;
}

static void
queue_save (CrmCustomerWindow *self,
            guint              delay_ms)
{
  if (self->loading || self->customer == NULL)
    return;

  gtk_label_set_label (self->saved_label, _("Editing…"));
  g_clear_handle_id (&self->save_source, g_source_remove);
  self->save_source = g_timeout_add (delay_ms, save_timeout_cb, self);
}

static void
on_field_changed_cb (CrmCustomerWindow *self)
{
  queue_save (self, SAVE_DELAY_MS);
}

static void
on_choice_changed_cb (CrmCustomerWindow *self)
{
  queue_save (self, 0);
}

static void
on_model_toggled_cb (CrmCustomerWindow *self)
{
  queue_save (self, 0);
}

static void
on_notes_changed_cb (CrmCustomerWindow *self)
{
  queue_save (self, SAVE_DELAY_MS);
}

/* ------------------------------------------------------------------ */
/* Logging a follow-up                                                 */

static void
on_log_clicked_cb (CrmCustomerWindow *self)
{
  g_autoptr(CrmActivity) activity = crm_activity_new ();
  g_autoptr(GError) error = NULL;
  CrmStaff *me = crm_context_get_current_staff (self->context);
  gint64 now = crm_clock_get_now (crm_context_get_clock (self->context));
  guint outcome = adw_combo_row_get_selected (self->log_outcome_row);

  crm_activity_set_customer_id (activity, self->customer_id);
  crm_activity_set_kind (activity, adw_combo_row_get_selected (self->log_kind_row));
  crm_activity_set_done_at (activity, now);
  crm_activity_set_outcome (activity, outcome + 1);
  crm_activity_set_note (activity, text_of (self->log_note_row));
  if (me != NULL)
    crm_activity_set_staff_id (activity, crm_staff_get_id (me));

  /* The follow-up belongs to the deal still open, if there is one */
  for (guint i = 0; self->deals != NULL && i < g_list_model_get_n_items (self->deals); i++)
    {
      g_autoptr(CrmDeal) deal = g_list_model_get_item (self->deals, i);

      if (crm_stage_is_open (crm_deal_get_stage (deal)))
        {
          crm_activity_set_deal_id (activity, crm_deal_get_id (deal));
          break;
        }
    }

  /* A follow-up planned for today or earlier is the one being logged */
  {
    CrmStore *store = crm_context_get_store (self->context);
    gint64 open_id = crm_followup_store_get_open_id (crm_store_get_followup_store (store), self->customer_id);
    g_autoptr(CrmActivity) open = open_id ? crm_followup_store_get (crm_store_get_followup_store (store), open_id, NULL) : NULL;
    /* "Today" is the showroom's day */
    gint64 end = crm_time_on_day (crm_store_get_time_zone (store), now, 1, 0);
    gboolean ok;

    if (open != NULL && crm_activity_get_planned_at (open) < end)
      ok = crm_followup_store_complete (crm_store_get_followup_store (store), open_id, outcome + 1, text_of (self->log_note_row),
                                        now, &error);
    else
      ok = crm_followup_store_insert (crm_store_get_followup_store (store), activity, &error) != 0;

    if (!ok)
      {
        adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
        return;
      }
  }

  gtk_editable_set_text (GTK_EDITABLE (self->log_note_row), "");
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Follow-up logged")));
  gtk_widget_grab_focus (GTK_WIDGET (self->log_note_row));

  /* …and the next one, proposed by the showroom's cadence */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    crm_log_dialog_present_next (GTK_WINDOW (self), self->context, self->customer_id, outcome + 1);
}

static void
grade_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  CrmCustomerWindow *self = CRM_CUSTOMER_WINDOW (widget);

  /* The dialog reads what is stored: write pending edits first */
  crm_customer_window_save_now (self);
  gtk_window_present (GTK_WINDOW (crm_grade_dialog_new (GTK_WINDOW (self), self->context, self->customer_id)));
}

static void
log_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  on_log_clicked_cb (CRM_CUSTOMER_WINDOW (widget));
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CrmCustomerWindow *self = CRM_CUSTOMER_WINDOW (widget);
  /* The deletion's change signal closes this window (on_store_changed_cb)
   * before crm_customer_store_delete() returns: what is needed after it
   * is taken first */
  g_autoptr(CrmCustomerWindow) alive = g_object_ref (self);
  g_autoptr(CrmStore) store = g_object_ref (crm_context_get_store (self->context));
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  g_autoptr(GtkApplication) app_ref = app ? g_object_ref (app) : NULL;
  g_autofree char *path = g_strdup (crm_store_get_path (store));
  g_autofree char *name = g_strdup (crm_customer_get_name (self->customer));
  gint64 id = self->customer_id;
  g_autoptr(GError) error = NULL;

  if (!crm_customer_store_delete (crm_store_get_customer_store (store), id, &error))
    {
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      return;
    }

  /* The Undo lives in the showroom's main window, which stays open */
  if (app_ref != NULL && path != NULL)
    g_action_group_activate_action (G_ACTION_GROUP (app_ref), "customer-deleted",
                                    g_variant_new ("(sxs)", path, id, name ? name : ""));

  gtk_window_destroy (GTK_WINDOW (self));
}

/* ------------------------------------------------------------------ */
/* The store changed                                                   */

/* The customer as stored now */
static void
show_stored (CrmCustomerWindow *self,
             CrmCustomer       *stored)
{
  if (stored == NULL)
    {
      /* Deleted elsewhere */
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }

  /* Someone else changed it, and we are not halfway through an edit */
  if (self->save_source == 0 && self->conflict_dialog == NULL &&
      crm_customer_get_version (stored) != crm_customer_get_version (self->customer))
    {
      g_set_object (&self->customer, stored);
      load_fields (self);
    }
  else
    {
      /* Keep the derived fields (last/next contact) current */
      crm_customer_set_last_contact_at (self->customer, crm_customer_get_last_contact_at (stored));
      crm_customer_set_next_followup_at (self->customer, crm_customer_get_next_followup_at (stored));
      crm_customer_set_owner_name (self->customer, crm_customer_get_owner_name (stored));
      crm_customer_set_models_label (self->customer, crm_customer_get_models_label (stored));
      adw_expander_row_set_subtitle (self->models_row,
                                     crm_customer_get_models_label (stored)
                                       ? crm_customer_get_models_label (stored) : _("None chosen"));
    }
}

static void
show_snapshot (CrmCustomerWindow *self,
               Snapshot          *snap)
{
  if (snap->parts & PART_CUSTOMER)
    {
      show_stored (self, snap->customer);
      if (snap->customer == NULL)
        return;
    }
  if (snap->parts & PART_DEALS)
    show_deals (self, snap);
  if (snap->parts & PART_TIMELINE)
    show_timeline (self, snap);
}

static void
on_snapshot_read_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(CrmCustomerWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  Snapshot *snap = crm_store_read_get_data (result);

  self->reading = FALSE;
  if (crm_store_read_finish (CRM_STORE (source), result, &error) == NULL)
    {
      /* Offline: the banner says so, and the server's return reloads */
      g_message ("Could not read the customer again: %s", error->message);
      self->stale_parts = 0;
      return;
    }
  if (self->context == NULL)
    return;
  /* Not found is a deletion only when the read itself worked */
  if ((snap->parts & PART_CUSTOMER) && snap->customer == NULL &&
      !g_error_matches (snap->error, CRM_ERROR, CRM_ERROR_NOT_FOUND))
    snap->parts &= ~PART_CUSTOMER;
  show_snapshot (self, snap);
  if (self->stale_parts != 0)
    read_again (self, 0);
}

/* Reads @parts again (with those asked for meanwhile): at once on a file,
 * in a worker thread on a server, one read at a time */
static void
read_again (CrmCustomerWindow *self,
            guint              parts)
{
  CrmStore *store = crm_context_get_store (self->context);
  Snapshot *snap;

  self->stale_parts |= parts;
  if (self->reading || self->stale_parts == 0)
    return;
  snap = snapshot_new (self->context, self->customer_id, self->stale_parts);
  self->stale_parts = 0;

  if (!crm_store_reads_in_background (store))
    {
      snapshot_read (snap, store);
      show_snapshot (self, snap);
      snapshot_free (snap);
      return;
    }
  self->reading = TRUE;
  crm_store_read_async (store, snapshot_thread, snap, snapshot_free, NULL, NULL,
                        on_snapshot_read_cb, g_object_ref (self));
}

static void
on_store_changed_cb (CrmCustomerWindow *self,
                     CrmEntity          entity,
                     gint64             id,
                     CrmStore          *store)
{
  switch (entity)
    {
    case CRM_ENTITY_CUSTOMER:
      if (id == self->customer_id || id == 0)
        read_again (self, PART_CUSTOMER);
      break;

    case CRM_ENTITY_DEAL:
      read_again (self, PART_DEALS);
      break;

    case CRM_ENTITY_ACTIVITY:
      read_again (self, PART_TIMELINE);
      break;

    case CRM_ENTITY_SHOWROOM:
    case CRM_ENTITY_STAFF:
    case CRM_ENTITY_VEHICLE_MODEL:
    default:
      break;
    }
}

/* ------------------------------------------------------------------ */
/* Set-up                                                              */

static void
fill_choices (CrmCustomerWindow *self,
              Snapshot          *snap)
{
  g_autoptr(GtkStringList) genders = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) grades = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) timeframes = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) owners = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) channels = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) outcomes = gtk_string_list_new (NULL);
  GListModel *staff = snap->staff;
  gint64 id;

  for (guint i = 0; i < CRM_N_GENDERS; i++)
    gtk_string_list_append (genders, crm_gender_get_label (i));
  crm_gui_append_grade_labels (grades, crm_gui_grade_order, G_N_ELEMENTS (crm_gui_grade_order));
  for (guint i = 0; i < CRM_N_TIMEFRAMES; i++)
    gtk_string_list_append (timeframes, crm_timeframe_get_label (i));
  for (guint i = 0; i < CRM_N_CHANNELS; i++)
    gtk_string_list_append (channels, crm_channel_get_label (i));
  for (guint i = 0; i < CRM_N_ACTIVITY_KINDS; i++)
    gtk_string_list_append (kinds, crm_activity_kind_get_label (i));
  /* "Planned" (none) is for planned follow-ups; a logged one has an outcome */
  for (guint i = 1; i < CRM_N_OUTCOMES; i++)
    gtk_string_list_append (outcomes, crm_outcome_get_label (i));

  gtk_string_list_append (owners, _("Public pool (no owner)"));
  id = 0;
  g_array_append_val (self->owner_ids, id);
  crm_gui_append_owners (owners, self->owner_ids, staff, FALSE, 0, 0);

  adw_combo_row_set_model (self->gender_row, G_LIST_MODEL (genders));
  adw_combo_row_set_model (self->grade_row, G_LIST_MODEL (grades));
  adw_combo_row_set_model (self->timeframe_row, G_LIST_MODEL (timeframes));
  adw_combo_row_set_model (self->owner_row, G_LIST_MODEL (owners));
  adw_combo_row_set_model (self->channel_row, G_LIST_MODEL (channels));
  adw_combo_row_set_model (self->log_kind_row, G_LIST_MODEL (kinds));
  adw_combo_row_set_model (self->log_outcome_row, G_LIST_MODEL (outcomes));

  g_set_object (&self->models, snap->models);
  for (guint i = 0; i < g_list_model_get_n_items (self->models); i++)
    {
      g_autoptr(CrmVehicleModel) model = g_list_model_get_item (self->models, i);
      g_autofree char *name = crm_vehicle_model_dup_name (model);
      g_autofree char *price = crm_format_money (crm_vehicle_model_get_guide_price (model));
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), price);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      g_signal_connect_object (check, "toggled", G_CALLBACK (on_model_toggled_cb), self, G_CONNECT_SWAPPED);
      g_ptr_array_add (self->model_checks, check);
      adw_expander_row_add_row (self->models_row, row);
    }
}

static gboolean
crm_customer_window_close_request (GtkWindow *window)
{
  CrmCustomerWindow *self = CRM_CUSTOMER_WINDOW (window);

  /* A valid edit still waiting for its delay is written now */
  if (self->save_source != 0)
    crm_customer_window_save_now (self);

  return GTK_WINDOW_CLASS (crm_customer_window_parent_class)->close_request (window);
}

static void
crm_customer_window_dispose (GObject *object)
{
  CrmCustomerWindow *self = (CrmCustomerWindow *) object;

  g_clear_handle_id (&self->save_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), CRM_TYPE_CUSTOMER_WINDOW);
  g_clear_object (&self->customer);
  g_clear_object (&self->models);
  g_clear_object (&self->deals);
  g_clear_object (&self->context);
  g_clear_pointer (&self->model_checks, g_ptr_array_unref);
  g_clear_pointer (&self->owner_ids, g_array_unref);
  g_clear_pointer (&self->message, g_free);

  G_OBJECT_CLASS (crm_customer_window_parent_class)->dispose (object);
}

static void
crm_customer_window_class_init (CrmCustomerWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = crm_customer_window_dispose;
  window_class->close_request = crm_customer_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/crm-customer-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CrmCustomerWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CrmCustomerWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, CrmCustomerWindow, saved_label);
  gtk_widget_class_bind_template_child (widget_class, CrmCustomerWindow, message_revealer);
  gtk_widget_class_bind_template_child (widget_class, CrmCustomerWindow, message_label);
  gtk_widget_class_bind_template_child (widget_class, CrmCustomerWindow, name_row);
  gtk_widget_class_bind_template_child (widget_class, CrmCustomerWindow, phone_row);
  gtk_widget_class_bind_template_child (widget_class, CrmCustomerWindow, phone2_row);
  gtk_widget_class_bind_template_child (widget_class, CrmCustomerWindow, wechat_row);
  gtk_widget_class_bind_template_child (widget_class, CrmCustomerWindow, gender_row);
  gtk_widget_class_bind_template_child (widget_class, CrmCustomerWindow, city_row);
  gtk_widget_class_bind_template_child (widget_class, CrmCustomerWindow, birthday_row);
  gtk_widget_class_bind_template_child (widget_class, CrmCustomerWindow, grade_row);
  gtk_widget_class_bind_template_child (widget_class, CrmCustomerWindow, timeframe_row);
  gtk_widget_class_bind_template_child (widget_class, CrmCustomerWindow, budget_min_row);
  gtk_widget_class_bind_template_child (widget_class, CrmCustomerWindow, budget_max_row);
  gtk_widget_class_bind_template_child (widget_class, CrmCustomerWindow, models_row);
  gtk_widget_class_bind_template_child (widget_class, CrmCustomerWindow, tags_row);
  gtk_widget_class_bind_template_child (widget_class, CrmCustomerWindow, owner_row);
  gtk_widget_class_bind_template_child (widget_class, CrmCustomerWindow, channel_row);
  gtk_widget_class_bind_template_child (widget_class, CrmCustomerWindow, created_row);
  gtk_widget_class_bind_template_child (widget_class, CrmCustomerWindow, notes_view);
  gtk_widget_class_bind_template_child (widget_class, CrmCustomerWindow, deals_list);
  gtk_widget_class_bind_template_child (widget_class, CrmCustomerWindow, log_kind_row);
  gtk_widget_class_bind_template_child (widget_class, CrmCustomerWindow, log_outcome_row);
  gtk_widget_class_bind_template_child (widget_class, CrmCustomerWindow, log_note_row);
  gtk_widget_class_bind_template_child (widget_class, CrmCustomerWindow, timeline_list);
  gtk_widget_class_bind_template_callback (widget_class, on_field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_choice_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_log_clicked_cb);

  gtk_widget_class_install_action (widget_class, "customer.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "customer.log", NULL, log_action);
  gtk_widget_class_install_action (widget_class, "customer.grade", NULL, grade_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "customer.log", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "customer.log", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
crm_customer_window_init (CrmCustomerWindow *self)
{
  self->model_checks = g_ptr_array_new ();
  self->owner_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gtk_widget_init_template (GTK_WIDGET (self));

  /* Customer data carries the zh-cn language, see crm_gui_chinese_attrs() */
  gtk_widget_add_css_class (GTK_WIDGET (self), "customer-window");
}

/* A window for what @snap read (everything) */
static GtkWindow *
window_for (GtkApplication *application,
            CrmContext     *context,
            Snapshot       *snap)
{
  CrmCustomerWindow *self;
  GtkTextBuffer *buffer;

  self = g_object_new (CRM_TYPE_CUSTOMER_WINDOW, "application", application, NULL);
  self->context = g_object_ref (context);
  self->customer_id = snap->customer_id;
  self->customer = g_steal_pointer (&snap->customer);

  /* Filling the choices moves their selection: that is not an edit */
  self->loading = TRUE;
  fill_choices (self, snap);
  self->loading = FALSE;
  load_fields (self);
  show_deals (self, snap);
  show_timeline (self, snap);

  buffer = gtk_text_view_get_buffer (self->notes_view);
  g_signal_connect_object (buffer, "changed", G_CALLBACK (on_notes_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (crm_context_get_store (context), "changed",
                           G_CALLBACK (on_store_changed_cb), self, G_CONNECT_SWAPPED);

  return GTK_WINDOW (self);
}

/**
 * crm_customer_window_new:
 *
 * Reads the customer at once (on a server too: see
 * crm_customer_window_open() for the window that does not wait).
 *
 * Returns: (transfer none) (nullable): the new window, or %NULL when the
 *   customer no longer exists
 */
GtkWindow *
crm_customer_window_new (GtkApplication *application,
                         CrmContext     *context,
                         gint64          customer_id)
{
  Snapshot *snap;
  GtkWindow *window = NULL;

  g_return_val_if_fail (CRM_IS_CONTEXT (context), NULL);

  snap = snapshot_new (context, customer_id, PART_ALL);
  snapshot_read (snap, crm_context_get_store (context));
  if (snap->customer == NULL)
    g_warning ("%s", snap->error->message);
  else
    window = window_for (application, context, snap);
  snapshot_free (snap);
  return window;
}

typedef struct
{
  GtkApplication *application;
  CrmContext     *context;
} OpenData;

static void
open_data_free (gpointer data)
{
  OpenData *open = data;

  g_clear_object (&open->application);
  g_clear_object (&open->context);
  g_free (open);
}

static GtkWindow *
find_window (GtkApplication *application,
             CrmContext     *context,
             gint64          customer_id)
{
  g_autoptr(GList) toplevels = application ? NULL : gtk_window_list_toplevels ();
  GList *windows = application ? gtk_application_get_windows (application) : toplevels;

  for (GList *l = windows; l; l = l->next)
    if (CRM_IS_CUSTOMER_WINDOW (l->data) &&
        CRM_CUSTOMER_WINDOW (l->data)->context == context &&
        CRM_CUSTOMER_WINDOW (l->data)->customer_id == customer_id)
      return l->data;
  return NULL;
}

static void
on_opened_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  OpenData *open = user_data;
  g_autoptr(GError) error = NULL;
  Snapshot *snap = crm_store_read_get_data (result);
  GtkWindow *window;

  if (crm_store_read_finish (CRM_STORE (source), result, &error) == NULL)
    g_message ("Could not open the customer: %s", error->message);
  else if ((window = find_window (open->application, open->context, snap->customer_id)) != NULL)
    gtk_window_present (window);
  else if (snap->customer == NULL)
    g_message ("%s", snap->error->message);
  else
    gtk_window_present (window_for (open->application, open->context, snap));
  if (open->application != NULL)
    g_application_release (G_APPLICATION (open->application));
  open_data_free (open);
}

/**
 * crm_customer_window_open:
 * @application: (nullable): the application the window belongs to
 *
 * Presents the customer's window: the one open already, or a new one once
 * the customer is read (in a worker thread on a server, so nothing waits
 * on the network; at once on a file).
 */
void
crm_customer_window_open (GtkApplication *application,
                          CrmContext     *context,
                          gint64          customer_id)
{
  GtkWindow *window;
  OpenData *open;

  g_return_if_fail (application == NULL || GTK_IS_APPLICATION (application));
  g_return_if_fail (CRM_IS_CONTEXT (context));

  if ((window = find_window (application, context, customer_id)) != NULL ||
      !crm_store_reads_in_background (crm_context_get_store (context)))
    {
      if (window == NULL)
        window = crm_customer_window_new (application, context, customer_id);
      if (window != NULL)
        gtk_window_present (window);
      return;
    }

  open = g_new0 (OpenData, 1);
  open->application = application ? g_object_ref (application) : NULL;
  open->context = g_object_ref (context);
  /* The application stays while the customer is read */
  if (application != NULL)
    g_application_hold (G_APPLICATION (application));
  crm_store_read_async (crm_context_get_store (context), snapshot_thread,
                        snapshot_new (context, customer_id, PART_ALL), snapshot_free, NULL, NULL,
                        on_opened_cb, open);
}

CrmContext *
crm_customer_window_get_context (CrmCustomerWindow *self)
{
  g_return_val_if_fail (CRM_IS_CUSTOMER_WINDOW (self), NULL);
  return self->context;
}

gint64
crm_customer_window_get_customer_id (CrmCustomerWindow *self)
{
  g_return_val_if_fail (CRM_IS_CUSTOMER_WINDOW (self), 0);
  return self->customer_id;
}

/* For tests: the problem shown above the fields, or NULL */
const char *
crm_customer_window_get_message (CrmCustomerWindow *self)
{
  g_return_val_if_fail (CRM_IS_CUSTOMER_WINDOW (self), NULL);
  return self->message;
}
