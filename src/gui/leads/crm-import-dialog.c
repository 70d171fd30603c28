/* crm-import-dialog.c: leads from a spreadsheet
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Choose a file, check the columns against a preview of the first rows,
 * check (a dry run) or import. The import runs in a worker thread on its
 * own connection, in one transaction, so the window stays responsive and
 * Cancel leaves the database exactly as it was.
 */
#define G_LOG_DOMAIN "crm-import-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "crm-gui-util.h"
#include "crm-import-dialog.h"
#include "crm-import.h"

#define PREVIEW_ROWS 5

struct _CrmImportDialog
{
  AdwWindow             parent_instance;

  CrmContext           *context;
  CrmImport            *import;
  char                 *file_name;
  GCancellable         *cancellable;
  GtkFileChooserNative *chooser;
  gboolean              running;
  gboolean              dry_run;

  GtkButton            *cancel_button;
  GtkButton            *back_button;
  GtkButton            *import_button;
  GtkButton            *check_button;
  GtkStack             *stack;
  AdwPreferencesGroup  *preview_group;
  GtkGrid              *preview_grid;
  AdwComboRow          *channel_row;
  AdwComboRow          *duplicates_row;
  GtkSwitch            *assign_switch;
  AdwStatusPage        *progress_page;
  GtkProgressBar       *progress_bar;
  AdwStatusPage        *result_page;
  GtkListBox           *problem_list;
};

G_DEFINE_FINAL_TYPE (CrmImportDialog, crm_import_dialog, ADW_TYPE_WINDOW)

typedef struct
{
  CrmImportDialog  *dialog;   /* strong */
  double            fraction;
  guint             rows;
} Progress;

typedef struct
{
  char             *path;
  CrmClock         *clock;
  gboolean          dry_run;
  CrmImportSummary  summary;
} Job;

static void
job_free (Job *job)
{
  g_free (job->path);
  g_clear_object (&job->clock);
  crm_import_summary_clear (&job->summary);
  g_free (job);
}

static void
set_buttons (CrmImportDialog *self)
{
  gboolean ready = self->import != NULL && !self->running;

  /* After a check, the columns can still be changed */
  gtk_widget_set_visible (GTK_WIDGET (self->back_button),
                          ready && g_str_equal (gtk_stack_get_visible_child_name (self->stack), "result"));

  gtk_widget_set_sensitive (GTK_WIDGET (self->import_button), ready);
  gtk_widget_set_sensitive (GTK_WIDGET (self->check_button), ready);
  gtk_button_set_label (self->cancel_button,
                        g_str_equal (gtk_stack_get_visible_child_name (self->stack), "result") && !self->running
                        ? _("_Close") : _("_Cancel"));
}

static void
on_field_selected_cb (GtkDropDown     *drop_down,
                      GParamSpec      *pspec,
                      CrmImportDialog *self)
{
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (drop_down), "column"));
  guint field = gtk_drop_down_get_selected (drop_down);
  GtkWidget *child;

  if (self->import == NULL || field == GTK_INVALID_LIST_POSITION)
    return;
  crm_import_set_mapping (self->import, column, field);

  /* A field comes from one column: the others follow */
  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->preview_grid));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      guint other;

      if (!GTK_IS_DROP_DOWN (child) || child == GTK_WIDGET (drop_down))
        continue;
      other = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (child), "column"));
      g_signal_handlers_block_by_func (child, on_field_selected_cb, self);
      gtk_drop_down_set_selected (GTK_DROP_DOWN (child), crm_import_get_mapping (self->import, other));
      g_signal_handlers_unblock_by_func (child, on_field_selected_cb, self);
    }
}

static void
fill_preview (CrmImportDialog *self)
{
  g_autoptr(GPtrArray) rows = crm_import_get_preview (self->import, PREVIEW_ROWS);
  g_autoptr(GtkStringList) fields = gtk_string_list_new (NULL);
  g_autofree char *description = NULL;
  guint n_columns = crm_import_get_n_columns (self->import);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->preview_grid))) != NULL)
    gtk_grid_remove (self->preview_grid, child);

  for (guint f = 0; f < CRM_N_IMPORT_FIELDS; f++)
    gtk_string_list_append (fields, crm_import_field_get_label (f));

  for (guint c = 0; c < n_columns; c++)
    {
      GtkWidget *drop_down = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (fields)), NULL);
      GtkWidget *header = gtk_label_new (crm_import_get_header (self->import, c));

      g_object_set_data (G_OBJECT (drop_down), "column", GUINT_TO_POINTER (c));
      gtk_drop_down_set_selected (GTK_DROP_DOWN (drop_down), crm_import_get_mapping (self->import, c));
      g_signal_connect (drop_down, "notify::selected", G_CALLBACK (on_field_selected_cb), self);
      gtk_accessible_update_property (GTK_ACCESSIBLE (drop_down),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      crm_import_get_header (self->import, c), -1);
      gtk_grid_attach (self->preview_grid, drop_down, c, 0, 1, 1);

      gtk_label_set_xalign (GTK_LABEL (header), 0);
      gtk_label_set_attributes (GTK_LABEL (header), crm_gui_chinese_attrs ());
      gtk_widget_add_css_class (header, "heading");
      gtk_grid_attach (self->preview_grid, header, c, 1, 1, 1);

      for (guint r = 0; r < rows->len; r++)
        {
          char **row = g_ptr_array_index (rows, r);
          GtkWidget *cell = gtk_label_new (row[c]);

          gtk_label_set_xalign (GTK_LABEL (cell), 0);
          gtk_label_set_ellipsize (GTK_LABEL (cell), PANGO_ELLIPSIZE_END);
          gtk_label_set_max_width_chars (GTK_LABEL (cell), 18);
          gtk_label_set_single_line_mode (GTK_LABEL (cell), TRUE);
          gtk_label_set_attributes (GTK_LABEL (cell), crm_gui_chinese_attrs ());
          gtk_widget_set_tooltip_text (cell, row[c]);
          gtk_grid_attach (self->preview_grid, cell, c, r + 2, 1, 1);
        }
    }

  /* Translators: "leads.csv · GB18030 · 8 columns; the first rows:" */
  description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "%s · %s · %u column. Choose what each column holds; "
                                              "the first rows are shown.",
                                              "%s · %s · %u columns. Choose what each column holds; "
                                              "the first rows are shown.", n_columns),
                                 self->file_name, crm_import_get_encoding (self->import), n_columns);
  adw_preferences_group_set_description (self->preview_group, description);
}

/* ------------------------------------------------------------------ */
/* Running                                                             */

static gboolean
report_progress_cb (gpointer data)
{
  Progress *progress = data;
  CrmImportDialog *self = progress->dialog;
  g_autofree char *text = NULL;

  if (self->running)
    {
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u row", "%u rows", progress->rows),
                              progress->rows);
      gtk_progress_bar_set_fraction (self->progress_bar, progress->fraction);
      gtk_progress_bar_set_text (self->progress_bar, text);
    }
  g_object_unref (progress->dialog);
  g_free (progress);
  return G_SOURCE_REMOVE;
}

/* In the worker thread */
static void
on_progress (double   fraction,
             guint    rows,
             gpointer user_data)
{
  Progress *progress = g_new0 (Progress, 1);

  progress->dialog = g_object_ref (user_data);
  progress->fraction = fraction;
  progress->rows = rows;
  g_idle_add (report_progress_cb, progress);
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  CrmImportDialog *self = source_object;
  Job *job = task_data;
  g_autoptr(CrmStore) store = NULL;
  GError *error = NULL;

  /* Its own connection: the one writer transaction of the import */
  store = crm_store_open (job->path, job->clock, &error);
  if (store == NULL ||
      !crm_import_run (self->import, store, job->dry_run, cancellable, on_progress, self,
                       &job->summary, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
show_result (CrmImportDialog  *self,
             CrmImportSummary *summary,
             gboolean          dry_run)
{
  g_autofree char *title = NULL;
  g_autofree char *description = NULL;
  GtkWidget *child;

  if (dry_run)
    title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u lead can be imported",
                                          "%u leads can be imported", summary->created),
                             summary->created);
  else
    title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u lead imported",
                                          "%u leads imported", summary->created),
                             summary->created);

  description = g_strdup_printf (_("%u rows read: %u new, %u merged into known customers, "
                                   "%u repeated numbers in the file skipped, %u already customers "
                                   "skipped, %u with errors, %u with an unknown channel. "
                                   "%u new leads given to consultants."),
                                 summary->rows, summary->created, summary->merged,
                                 summary->skipped_in_file, summary->skipped_existing,
                                 summary->invalid, summary->unknown_channel, summary->assigned);
  adw_status_page_set_title (self->result_page, title);
  adw_status_page_set_description (self->result_page, description);
  adw_status_page_set_icon_name (self->result_page,
                                 summary->invalid > 0 ? "dialog-warning-symbolic" : "emblem-ok-symbolic");

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->problem_list))) != NULL)
    gtk_list_box_remove (self->problem_list, child);
  for (guint i = 0; i < MIN (summary->problems->len, 500); i++)
    {
      CrmImportProblem *problem = g_ptr_array_index (summary->problems, i);
      GtkWidget *label = gtk_label_new (problem->message);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_attributes (GTK_LABEL (label), crm_gui_chinese_attrs ());
      gtk_widget_set_margin_start (label, 12);
      gtk_widget_set_margin_end (label, 12);
      gtk_widget_set_margin_top (label, 8);
      gtk_widget_set_margin_bottom (label, 8);
      gtk_list_box_append (self->problem_list, label);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->problem_list), summary->problems->len > 0);
  gtk_stack_set_visible_child_name (self->stack, "result");
}

static void
on_import_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  CrmImportDialog *self = CRM_IMPORT_DIALOG (source);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  self->running = FALSE;
  g_clear_object (&self->cancellable);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        adw_status_page_set_title (self->result_page, _("Import Cancelled"));
      else
        adw_status_page_set_title (self->result_page, _("Nothing Was Imported"));
      adw_status_page_set_description (self->result_page,
                                       g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
                                       ? _("The showroom’s customers are as they were.")
                                       : error->message);
      adw_status_page_set_icon_name (self->result_page, "dialog-error-symbolic");
      gtk_widget_set_visible (GTK_WIDGET (self->problem_list), FALSE);
      gtk_stack_set_visible_child_name (self->stack, "result");
      set_buttons (self);
      return;
    }

  if (!job->dry_run)
    crm_customer_store_reload (crm_store_get_customer_store (crm_context_get_store (self->context)));
  show_result (self, &job->summary, job->dry_run);
  set_buttons (self);
  if (!job->dry_run)
    {
      /* Done: importing the same file twice is what this prevents */
      g_clear_pointer (&self->import, crm_import_free);
      gtk_widget_set_sensitive (GTK_WIDGET (self->import_button), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->check_button), FALSE);
    }
}

static const CrmChannel channel_order[] = {
  CRM_CHANNEL_UNKNOWN, CRM_CHANNEL_AUTOHOME, CRM_CHANNEL_DONGCHEDI, CRM_CHANNEL_DOUYIN,
  CRM_CHANNEL_YICHE, CRM_CHANNEL_WEBSITE, CRM_CHANNEL_WECHAT, CRM_CHANNEL_WALK_IN,
  CRM_CHANNEL_PHONE, CRM_CHANNEL_REFERRAL, CRM_CHANNEL_AUTO_SHOW, CRM_CHANNEL_REPEAT,
};

static void
start (CrmImportDialog *self,
       gboolean         dry_run)
{
  g_autoptr(GTask) task = NULL;
  CrmStore *store = crm_context_get_store (self->context);
  CrmStaff *me = crm_context_get_current_staff (self->context);
  Job *job;
  guint channel = adw_combo_row_get_selected (self->channel_row);

  if (self->import == NULL || self->running)
    return;

  crm_import_set_default_channel (self->import,
                                  channel < G_N_ELEMENTS (channel_order) ? channel_order[channel]
                                                                         : CRM_CHANNEL_UNKNOWN);
  crm_import_set_duplicates (self->import, adw_combo_row_get_selected (self->duplicates_row) == 1
                                           ? CRM_IMPORT_DUPLICATES_MERGE : CRM_IMPORT_DUPLICATES_SKIP);
  crm_import_set_assign (self->import, gtk_switch_get_active (self->assign_switch));
  crm_import_set_staff_id (self->import, me ? crm_staff_get_id (me) : 0);

  job = g_new0 (Job, 1);
  job->path = g_strdup (crm_store_get_path (store));
  job->clock = g_object_ref (crm_store_get_clock (store));
  job->dry_run = dry_run;

  self->running = TRUE;
  self->dry_run = dry_run;
  self->cancellable = g_cancellable_new ();
  adw_status_page_set_title (self->progress_page, dry_run ? _("Checking…") : _("Importing…"));
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_progress_bar_set_text (self->progress_bar, "");
  gtk_stack_set_visible_child_name (self->stack, "progress");
  set_buttons (self);

  task = g_task_new (self, self->cancellable, on_import_done_cb, NULL);
  g_task_set_source_tag (task, start);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, import_thread);
}

/* ------------------------------------------------------------------ */
/* Callbacks                                                           */

static void
on_back_clicked_cb (CrmImportDialog *self)
{
  gtk_stack_set_visible_child_name (self->stack, "mapping");
  set_buttons (self);
}

static void
on_import_clicked_cb (CrmImportDialog *self)
{
  start (self, FALSE);
}

static void
on_check_clicked_cb (CrmImportDialog *self)
{
  start (self, TRUE);
}

static void
on_cancel_clicked_cb (CrmImportDialog *self)
{
  if (self->running)
    {
      g_cancellable_cancel (self->cancellable);
      return;
    }
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_chooser_response_cb (CrmImportDialog      *self,
                        int                   response,
                        GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);

  if (file != NULL && !crm_import_dialog_load_file (self, file, &error))
    {
      adw_status_page_set_title (self->result_page, _("This File Cannot Be Imported"));
      adw_status_page_set_description (self->result_page, error->message);
      adw_status_page_set_icon_name (self->result_page, "dialog-error-symbolic");
      gtk_widget_set_visible (GTK_WIDGET (self->problem_list), FALSE);
      gtk_stack_set_visible_child_name (self->stack, "result");
      set_buttons (self);
    }
}

static void
on_choose_clicked_cb (CrmImportDialog *self)
{
  crm_import_dialog_choose_file (self);
}

static gboolean
close_request (GtkWindow *window)
{
  CrmImportDialog *self = CRM_IMPORT_DIALOG (window);

  /* Closing while importing cancels; the window goes when it has stopped */
  if (self->running)
    {
      g_cancellable_cancel (self->cancellable);
      return TRUE;
    }
  return FALSE;
}

static void
crm_import_dialog_dispose (GObject *object)
{
  CrmImportDialog *self = (CrmImportDialog *) object;

  gtk_widget_dispose_template (GTK_WIDGET (self), CRM_TYPE_IMPORT_DIALOG);
  g_clear_object (&self->context);
  g_clear_object (&self->chooser);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (crm_import_dialog_parent_class)->dispose (object);
}

static void
crm_import_dialog_finalize (GObject *object)
{
  CrmImportDialog *self = (CrmImportDialog *) object;

  g_clear_pointer (&self->import, crm_import_free);
  g_free (self->file_name);

  G_OBJECT_CLASS (crm_import_dialog_parent_class)->finalize (object);
}

static void
crm_import_dialog_class_init (CrmImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = crm_import_dialog_dispose;
  object_class->finalize = crm_import_dialog_finalize;
  window_class->close_request = close_request;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/crm-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CrmImportDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, CrmImportDialog, back_button);
  gtk_widget_class_bind_template_child (widget_class, CrmImportDialog, import_button);
  gtk_widget_class_bind_template_child (widget_class, CrmImportDialog, check_button);
  gtk_widget_class_bind_template_child (widget_class, CrmImportDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, CrmImportDialog, preview_group);
  gtk_widget_class_bind_template_child (widget_class, CrmImportDialog, preview_grid);
  gtk_widget_class_bind_template_child (widget_class, CrmImportDialog, channel_row);
  gtk_widget_class_bind_template_child (widget_class, CrmImportDialog, duplicates_row);
  gtk_widget_class_bind_template_child (widget_class, CrmImportDialog, assign_switch);
  gtk_widget_class_bind_template_child (widget_class, CrmImportDialog, progress_page);
  gtk_widget_class_bind_template_child (widget_class, CrmImportDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, CrmImportDialog, result_page);
  gtk_widget_class_bind_template_child (widget_class, CrmImportDialog, problem_list);
  gtk_widget_class_bind_template_callback (widget_class, on_import_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_check_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_choose_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_back_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
crm_import_dialog_init (CrmImportDialog *self)
{
  g_autoptr(GtkStringList) channels = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) duplicates = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < G_N_ELEMENTS (channel_order); i++)
    gtk_string_list_append (channels, crm_channel_get_label (channel_order[i]));
  adw_combo_row_set_model (self->channel_row, G_LIST_MODEL (channels));

  gtk_string_list_append (duplicates, _("Skip the row"));
  gtk_string_list_append (duplicates, _("Merge into that customer"));
  adw_combo_row_set_model (self->duplicates_row, G_LIST_MODEL (duplicates));
}

CrmImportDialog *
crm_import_dialog_new (GtkWindow  *parent,
                       CrmContext *context)
{
  CrmImportDialog *self;

  g_return_val_if_fail (CRM_IS_CONTEXT (context), NULL);

  self = g_object_new (CRM_TYPE_IMPORT_DIALOG, "transient-for", parent, NULL);
  self->context = g_object_ref (context);
  return self;
}

/**
 * crm_import_dialog_load_file:
 *
 * Reads @file, guesses its columns and shows the mapping step.
 */
gboolean
crm_import_dialog_load_file (CrmImportDialog  *self,
                             GFile            *file,
                             GError          **error)
{
  g_autofree char *path = NULL;
  CrmImport *import;

  g_return_val_if_fail (CRM_IS_IMPORT_DIALOG (self), FALSE);

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, _("Only local files can be imported."));
      return FALSE;
    }
  import = crm_import_new_from_file (path, error);
  if (import == NULL)
    return FALSE;

  g_clear_pointer (&self->import, crm_import_free);
  self->import = import;
  g_free (self->file_name);
  self->file_name = g_file_get_basename (file);
  fill_preview (self);
  gtk_stack_set_visible_child_name (self->stack, "mapping");
  set_buttons (self);
  return TRUE;
}

void
crm_import_dialog_choose_file (CrmImportDialog *self)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  g_return_if_fail (CRM_IS_IMPORT_DIALOG (self));

  if (self->chooser != NULL)
    return;

  self->chooser = gtk_file_chooser_native_new (_("Import Leads"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Spreadsheets (CSV)"));
  gtk_file_filter_add_pattern (filter, "*.csv");
  gtk_file_filter_add_pattern (filter, "*.CSV");
  gtk_file_filter_add_pattern (filter, "*.txt");
  gtk_file_filter_add_mime_type (filter, "text/csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (on_chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/**
 * crm_import_dialog_start:
 * @dry_run: check only
 *
 * What Import (or Check) does: the file as mapped, in a worker thread.
 */
void
crm_import_dialog_start (CrmImportDialog *self,
                         gboolean         dry_run)
{
  g_return_if_fail (CRM_IS_IMPORT_DIALOG (self));
  start (self, dry_run);
}

gboolean
crm_import_dialog_is_running (CrmImportDialog *self)
{
  g_return_val_if_fail (CRM_IS_IMPORT_DIALOG (self), FALSE);
  return self->running;
}
