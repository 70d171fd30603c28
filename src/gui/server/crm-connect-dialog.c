/* crm-connect-dialog.c: connecting to a showroom server, or moving there
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Server, port, database, user and password of a showroom kept on a
 * PostgreSQL server. TLS is always required; "server certificate
 * checked" is libpq's verify-full (the showroom's certificate authority
 * in ~/.postgresql/root.crt). The connection is tried in a worker thread,
 * so a slow or silent network never freezes the window; what went wrong
 * is said in the dialog, which keeps everything typed. The password goes
 * to the keyring only when "Remember Password" is on, and into no file
 * or setting ever. The showroom then opens through app.open-database
 * with the address, which never holds the password.
 *
 * The same page moves a showroom file to a server (win.move-to-server):
 * the same fields, then the copy (crm_store_migrate_to) in a worker
 * thread with its own connections, table by table with a progress bar
 * and Cancel, which rolls everything back on the server. The counts
 * stay on the page, and "Open the Server Showroom" lets this desktop go
 * on there (app.replace-database).
 */
#define G_LOG_DOMAIN "crm-connect-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "crm-connect-dialog.h"
#include "crm-error.h"
#include "crm-server-secret.h"
#include "crm-store.h"

struct _CrmConnectDialog
{
  AdwWindow             parent_instance;

  GCancellable         *cancellable;
  char                 *uri;          /* being tried */
  char                 *move_from;    /* the showroom file to copy, or NULL */
  GApplication         *held;         /* while copying */
  GPtrArray            *count_rows;   /* of the tables copied */
  gint64                rows_copied;  /* in the tables shown */
  gboolean              disposed;
  gboolean              close_when_stopped;

  AdwEntryRow          *host_row;
  AdwEntryRow          *port_row;
  AdwEntryRow          *database_row;
  AdwEntryRow          *user_row;
  AdwPasswordEntryRow  *password_row;
  GtkSwitch            *remember_switch;
  AdwComboRow          *security_row;
  GtkLabel             *message_label;
  GtkStack             *connect_stack;
  GtkButton            *connect_button;
  GtkButton            *cancel_button;
  GtkSpinner           *spinner;
  GtkStack             *page_stack;
  AdwPreferencesGroup  *intro_group;
  GtkWidget            *local_group;
  AdwPreferencesGroup  *copy_group;
  GtkProgressBar       *progress_bar;
  GtkWidget            *open_button;
  AdwPreferencesGroup  *counts_group;
};

G_DEFINE_FINAL_TYPE (CrmConnectDialog, crm_connect_dialog, ADW_TYPE_WINDOW)

/* What the tables hold, as a showroom says it */
static const struct
{
  const char *table;
  const char *label;
} table_labels[] = {
  { "meta", N_("Showroom details") },
  { "staff", N_("Staff") },
  { "vehicle_model", N_("Car models") },
  { "catalogue_trim", N_("Catalogue trims") },
  { "catalogue_colour", N_("Catalogue colours") },
  { "catalogue_price", N_("Guide prices") },
  { "stage", N_("Pipeline stages") },
  { "stage_rule", N_("Stage rules") },
  { "customer", N_("Customers") },
  { "customer_phone", N_("Phone numbers") },
  { "customer_model", N_("Models of interest") },
  { "customer_facts", N_("Customer details") },
  { "deal", N_("Deals") },
  { "stage_history", N_("Stage history") },
  { "activity", N_("Follow-ups") },
  { "lost_request", N_("Lost requests") },
  { "escalation", N_("Escalations") },
  { "assignment_log", N_("Lead assignments") },
  { "assignment_channel", N_("Assignment by channel") },
  { "assignment_brand", N_("Assignment by brand") },
  { "lead_notice", N_("Lead notices") },
  { "traffic_log", N_("Showroom traffic") },
  { "grade_history", N_("Grade history") },
  { "vehicle", N_("Test-drive cars") },
  { "test_drive", N_("Test drives") },
  { "followup_hour", N_("Follow-up figures by hour") },
  { "stay_hour", N_("Time-in-stage figures by hour") },
  { "stock_car", N_("Cars in stock") },
};

static const char *
table_label (const char *table)
{
  for (guint i = 0; i < G_N_ELEMENTS (table_labels); i++)
    if (g_str_equal (table_labels[i].table, table))
      return _(table_labels[i].label);
  return table;
}

static char *
format_count (gint64 n)
{
  /* The locale's thousands separator (12,345) */
  return g_strdup_printf ("%'" G_GINT64_FORMAT, n);
}

/**
 * crm_connect_dialog_build_uri:
 * @host: a host name, an address, or a socket folder (starting with /)
 * @verify_server: check the server's certificate and name (verify-full)
 *
 * Returns: (transfer full): the postgresql:// address, without a password
 */
char *
crm_connect_dialog_build_uri (const char *host,
                              guint       port,
                              const char *database,
                              const char *user,
                              gboolean    verify_server)
{
  g_autofree char *e_user = g_uri_escape_string (user, NULL, FALSE);
  g_autofree char *e_database = g_uri_escape_string (database, NULL, FALSE);
  const char *sslmode = verify_server ? "verify-full" : "require";

  if (host[0] == '/')
    {
      /* A socket on this machine: no TLS to ask for */
      g_autofree char *e_host = g_uri_escape_string (host, NULL, FALSE);

      return g_strdup_printf ("postgresql://%s@/%s?host=%s&port=%u", e_user, e_database, e_host, port);
    }
  else
    {
      g_autofree char *e_host = g_uri_escape_string (host, "[]:", FALSE);

      return g_strdup_printf ("postgresql://%s@%s:%u/%s?sslmode=%s", e_user, e_host, port, e_database,
                              sslmode);
    }
}

static void
show_message (CrmConnectDialog *self,
              const char       *message)
{
  gtk_label_set_label (self->message_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL);
}

static void
set_busy (CrmConnectDialog *self,
          gboolean          busy)
{
  gtk_stack_set_visible_child (self->connect_stack,
                               busy ? GTK_WIDGET (self->spinner) : GTK_WIDGET (self->connect_button));
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->host_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->port_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->database_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->user_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->password_row), !busy);
}

/* In a worker thread: open (and on an empty database, set up) the
 * showroom, then let it go; the application opens it for good */
static void
try_connect_thread (GTask        *task,
                    gpointer      source,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  const char *uri = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmStore) store = crm_store_open (uri, NULL, &error);

  if (store == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/* ------------------------------------------------------------------ */
/* Moving a showroom file to the server                                */

/* What the copying thread told, on its way to the main thread */
typedef struct
{
  CrmStoreMigrateProgress  progress;
  CrmConnectDialog        *self;
} Progress;

static void
progress_free (Progress *p)
{
  g_clear_object (&p->self);
  g_free (p);
}

static void
add_count_row (CrmConnectDialog *self,
               const char       *table,
               gint64            rows)
{
  g_autofree char *count = format_count (rows);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label = gtk_label_new (count);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), table_label (table));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), table);
  gtk_widget_add_css_class (label, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  adw_preferences_group_add (self->counts_group, row);
  g_ptr_array_add (self->count_rows, row);
}

static void
remove_last_count_row (CrmConnectDialog *self)
{
  adw_preferences_group_remove (self->counts_group,
                                g_ptr_array_steal_index (self->count_rows, self->count_rows->len - 1));
}

/* In the main thread: the progress bar, and a row for each table done */
static gboolean
show_progress_cb (gpointer data)
{
  Progress *p = data;
  CrmConnectDialog *self = p->self;
  const CrmStoreMigrateProgress *progress = &p->progress;
  g_autofree char *text = NULL;

  if (self->disposed || !gtk_spinner_get_spinning (self->spinner) ||
      g_cancellable_is_cancelled (self->cancellable))
    return G_SOURCE_REMOVE;

  gtk_progress_bar_set_fraction (self->progress_bar,
                                 progress->rows_total > 0
                                   ? (double) progress->rows_done / progress->rows_total
                                   : (double) progress->table_index / progress->n_tables);
  /* Translators: the table being copied, and which of how many */
  text = g_strdup_printf (_("%s (table %u of %u)"), table_label (progress->table),
                          progress->table_index + 1, progress->n_tables);
  gtk_progress_bar_set_text (self->progress_bar, text);
  /* A copy the server kept waiting starts again from the first table */
  while (self->count_rows->len > progress->table_index)
    remove_last_count_row (self);
  if (progress->table_done)
    {
      add_count_row (self, progress->table, progress->table_rows);
      self->rows_copied = progress->rows_done;
    }
  return G_SOURCE_REMOVE;
}

/* In the copying thread */
static void
on_migrate_progress (const CrmStoreMigrateProgress *progress,
                     gpointer                       user_data)
{
  GTask *task = user_data;
  Progress *p = g_new0 (Progress, 1);
  GSource *source = g_idle_source_new ();

  p->self = g_object_ref (g_task_get_source_object (task));
  p->progress = *progress;

  /* Always queued on the window's thread, in the order of the reports:
   * g_main_context_invoke() runs the callback in this thread when the
   * main context happens to be free between two iterations, which then
   * raced the reports queued before it (rows of tables missing) */
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, show_progress_cb, p, (GDestroyNotify) progress_free);
  g_source_attach (source, g_task_get_context (task));
  g_source_unref (source);
}

/* In a worker thread, on connections of its own: the file is only read */
static void
move_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  char **from_to = task_data;
  g_autoptr(GError) error = NULL;

  if (!crm_store_migrate_to (from_to[0], from_to[1], cancellable, on_migrate_progress, task, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
show_copied (CrmConnectDialog *self)
{
  g_autofree char *file = g_filename_display_name (self->move_from);
  g_autofree char *description = NULL;
  g_autofree char *rows = format_count (self->rows_copied);

  adw_preferences_group_set_title (self->copy_group, _("The Showroom Is on the Server"));
  /* Translators: rows, tables, and the showroom file */
  description = g_strdup_printf (_("%s rows in %u tables were copied, and each table counts the same on the "
                                   "server as in the file. The file was not changed: %s"),
                                 rows, self->count_rows->len, file);
  adw_preferences_group_set_description (self->copy_group, description);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), FALSE);
  gtk_widget_set_visible (self->open_button, TRUE);
  gtk_stack_set_visible_child (self->connect_stack, GTK_WIDGET (self->connect_button));
  gtk_widget_set_visible (GTK_WIDGET (self->connect_stack), FALSE);
  gtk_spinner_set_spinning (self->spinner, FALSE);
  gtk_button_set_label (self->cancel_button, _("_Close"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_button), TRUE);
  gtk_window_set_default_widget (GTK_WINDOW (self), self->open_button);
  gtk_widget_grab_focus (self->open_button);
}

static void
show_copying (CrmConnectDialog *self)
{
  while (self->count_rows->len > 0)
    remove_last_count_row (self);
  self->rows_copied = 0;
  adw_preferences_group_set_title (self->copy_group, _("Copying the Showroom to the Server…"));
  adw_preferences_group_set_description (self->copy_group,
                                         _("Nothing is kept on the server until every table is copied "
                                           "and counted. Cancel leaves the server’s database as it was."));
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_progress_bar_set_text (self->progress_bar, _("Connecting…"));
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), TRUE);
  gtk_stack_set_visible_child_name (self->page_stack, "copy");
}

/* ------------------------------------------------------------------ */

static void
on_secret_stored_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!crm_server_secret_store_finish (result, &error))
    g_message ("The password was not kept in the keyring: %s", error->message);
}

static void
on_secret_cleared_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!crm_server_secret_clear_finish (result, &error))
    g_message ("The keyring could not forget the password: %s", error->message);
}

/* A connection made, or a showroom copied: the same fields, the same
 * answers when it went wrong */
static void
on_connected_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  CrmConnectDialog *self = CRM_CONNECT_DIALOG (source);
  g_autoptr(GError) error = NULL;
  GtkWindow *parent;

  g_clear_pointer (&self->held, g_application_release);
  if (self->disposed)
    return;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (self->close_when_stopped)
        {
          gtk_window_destroy (GTK_WINDOW (self));
          return;
        }
      if (self->move_from == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      set_busy (self, FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_button), TRUE);
      gtk_stack_set_visible_child_name (self->page_stack, "form");
      show_message (self, error->message);
      if (g_error_matches (error, CRM_ERROR, CRM_ERROR_AUTHENTICATION))
        gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
      else if (self->move_from != NULL)
        gtk_widget_grab_focus (GTK_WIDGET (self->connect_button));
      return;
    }

  if (gtk_switch_get_active (self->remember_switch))
    crm_server_secret_store (self->uri, gtk_editable_get_text (GTK_EDITABLE (self->password_row)),
                             NULL, on_secret_stored_cb, NULL);
  else
    crm_server_secret_clear (self->uri, NULL, on_secret_cleared_cb, NULL);

  if (self->move_from != NULL)
    {
      show_copied (self);
      if (self->close_when_stopped)
        gtk_window_destroy (GTK_WINDOW (self));
      return;
    }

  parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  gtk_widget_activate_action (parent ? GTK_WIDGET (parent) : GTK_WIDGET (self),
                              "app.open-database", "s", self->uri);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_connect_clicked_cb (CrmConnectDialog *self)
{
  const char *host = gtk_editable_get_text (GTK_EDITABLE (self->host_row));
  const char *port_text = gtk_editable_get_text (GTK_EDITABLE (self->port_row));
  const char *database = gtk_editable_get_text (GTK_EDITABLE (self->database_row));
  const char *user = gtk_editable_get_text (GTK_EDITABLE (self->user_row));
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  g_autoptr(GTask) task = NULL;
  guint64 port = 0;

  if (gtk_spinner_get_spinning (self->spinner))
    return;
  if (*g_strstrip ((char *) host) == '\0' || *database == '\0' || *user == '\0')
    {
      show_message (self, _("Fill in the server, the database and the user name."));
      gtk_widget_grab_focus (GTK_WIDGET (*host == '\0' ? self->host_row
                                         : *database == '\0' ? self->database_row : self->user_row));
      return;
    }
  if (!g_ascii_string_to_unsigned (port_text, 10, 1, 65535, &port, NULL))
    {
      show_message (self, _("The port is a number from 1 to 65535 (PostgreSQL’s is 5432)."));
      gtk_widget_grab_focus (GTK_WIDGET (self->port_row));
      return;
    }

  g_free (self->uri);
  self->uri = crm_connect_dialog_build_uri (host, (guint) port, database, user,
                                            adw_combo_row_get_selected (self->security_row) == 1);
  crm_store_set_server_password (self->uri, *password ? password : NULL);

  show_message (self, NULL);
  /* Out of the fields before they are made insensitive and hidden, and
   * not on Cancel either: an Enter pressed once too often must not stop
   * a copy (Escape and Cancel do) */
  if (self->move_from != NULL)
    gtk_window_set_focus (GTK_WINDOW (self), NULL);
  set_busy (self, TRUE);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, on_connected_cb, NULL);
  if (self->move_from == NULL)
    {
      g_task_set_task_data (task, g_strdup (self->uri), g_free);
      g_task_run_in_thread (task, try_connect_thread);
      return;
    }

  /* A copy that committed counts even if Cancel came just after; the
   * application stays while the server rolls back or commits */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, g_strdupv ((char *[]) { self->move_from, self->uri, NULL }),
                        (GDestroyNotify) g_strfreev);
  if ((self->held = g_application_get_default ()) != NULL)
    g_application_hold (self->held);
  show_copying (self);
  g_task_run_in_thread (task, move_thread);
}

static void
on_entry_activated_cb (CrmConnectDialog *self)
{
  on_connect_clicked_cb (self);
}

/* While copying: stop the copy (the server rolls it back); otherwise close */
static void
on_cancel_clicked_cb (CrmConnectDialog *self)
{
  if (self->move_from != NULL && gtk_spinner_get_spinning (self->spinner))
    {
      g_cancellable_cancel (self->cancellable);
      gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_button), FALSE);
      gtk_progress_bar_set_text (self->progress_bar, _("Stopping…"));
      return;
    }
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_local_clicked_cb (CrmConnectDialog *self)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  if (parent != NULL)
    gtk_widget_activate_action (GTK_WIDGET (parent), "win.open-database", NULL);
  gtk_window_destroy (GTK_WINDOW (self));
}

/* The showroom is on the server: this desktop goes on there, as after
 * Connect to Server, and the file's windows give way once it is open */
static void
on_open_clicked_cb (CrmConnectDialog *self)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  gtk_widget_activate_action (parent ? GTK_WIDGET (parent) : GTK_WIDGET (self),
                              "app.replace-database", "(ss)", self->move_from, self->uri);
  gtk_window_destroy (GTK_WINDOW (self));
}

/* Closing while the copy runs stops it first: the window goes when the
 * server has rolled back */
static gboolean
crm_connect_dialog_close_request (GtkWindow *window)
{
  CrmConnectDialog *self = CRM_CONNECT_DIALOG (window);

  if (self->move_from != NULL && gtk_spinner_get_spinning (self->spinner))
    {
      self->close_when_stopped = TRUE;
      on_cancel_clicked_cb (self);
      return TRUE;
    }
  return GTK_WINDOW_CLASS (crm_connect_dialog_parent_class)->close_request (window);
}

static void
on_password_found_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(CrmConnectDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *password = crm_server_secret_lookup_finish (result, &error);

  if (password == NULL)
    return;
  if (*gtk_editable_get_text (GTK_EDITABLE (self->password_row)) == '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->password_row), password);
  gtk_switch_set_active (self->remember_switch, TRUE);
}

/* The fields of an address shown again (a server used before, a
 * connection that failed at start-up) */
static void
fill_from_uri (CrmConnectDialog *self,
               const char       *uri)
{
  g_autoptr(GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_ENCODED_QUERY | G_URI_FLAGS_PARSE_RELAXED, NULL);
  g_autoptr(GHashTable) params = NULL;
  const char *query;
  const char *path;

  if (parsed == NULL)
    return;
  if ((query = g_uri_get_query (parsed)) != NULL)
    params = g_uri_parse_params (query, -1, "&", G_URI_PARAMS_NONE, NULL);

  if (g_uri_get_host (parsed) != NULL && *g_uri_get_host (parsed) != '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->host_row), g_uri_get_host (parsed));
  else if (params != NULL && g_hash_table_lookup (params, "host") != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->host_row), g_hash_table_lookup (params, "host"));
  if (g_uri_get_port (parsed) > 0)
    {
      g_autofree char *port = g_strdup_printf ("%d", g_uri_get_port (parsed));

      gtk_editable_set_text (GTK_EDITABLE (self->port_row), port);
    }
  else if (params != NULL && g_hash_table_lookup (params, "port") != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->port_row), g_hash_table_lookup (params, "port"));
  path = g_uri_get_path (parsed);
  if (path != NULL && path[0] == '/' && path[1] != '\0')
    {
      g_autofree char *database = g_uri_unescape_string (path + 1, NULL);

      gtk_editable_set_text (GTK_EDITABLE (self->database_row), database ? database : path + 1);
    }
  if (g_uri_get_user (parsed) != NULL)
    {
      g_autofree char *user = g_uri_unescape_string (g_uri_get_user (parsed), NULL);

      gtk_editable_set_text (GTK_EDITABLE (self->user_row), user ? user : "");
    }
  else if (params != NULL && g_hash_table_lookup (params, "user") != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->user_row), g_hash_table_lookup (params, "user"));
  adw_combo_row_set_selected (self->security_row,
                              params != NULL && g_strcmp0 (g_hash_table_lookup (params, "sslmode"),
                                                           "verify-full") == 0);

  crm_server_secret_lookup (uri, self->cancellable, on_password_found_cb, g_object_ref (self));
}

static void
crm_connect_dialog_dispose (GObject *object)
{
  CrmConnectDialog *self = CRM_CONNECT_DIALOG (object);

  /* A copy under way is rolled back (its task holds the dialog until
   * the server has done so) */
  self->disposed = TRUE;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (crm_connect_dialog_parent_class)->dispose (object);
}

static void
crm_connect_dialog_finalize (GObject *object)
{
  CrmConnectDialog *self = CRM_CONNECT_DIALOG (object);

  g_free (self->uri);
  g_free (self->move_from);
  g_ptr_array_unref (self->count_rows);

  G_OBJECT_CLASS (crm_connect_dialog_parent_class)->finalize (object);
}

static void
crm_connect_dialog_class_init (CrmConnectDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = crm_connect_dialog_dispose;
  object_class->finalize = crm_connect_dialog_finalize;
  window_class->close_request = crm_connect_dialog_close_request;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/showroomcrm/Showroom/crm-connect-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CrmConnectDialog, host_row);
  gtk_widget_class_bind_template_child (widget_class, CrmConnectDialog, port_row);
  gtk_widget_class_bind_template_child (widget_class, CrmConnectDialog, database_row);
  gtk_widget_class_bind_template_child (widget_class, CrmConnectDialog, user_row);
  gtk_widget_class_bind_template_child (widget_class, CrmConnectDialog, password_row);
  gtk_widget_class_bind_template_child (widget_class, CrmConnectDialog, remember_switch);
  gtk_widget_class_bind_template_child (widget_class, CrmConnectDialog, security_row);
  gtk_widget_class_bind_template_child (widget_class, CrmConnectDialog, message_label);
  gtk_widget_class_bind_template_child (widget_class, CrmConnectDialog, connect_stack);
  gtk_widget_class_bind_template_child (widget_class, CrmConnectDialog, connect_button);
  gtk_widget_class_bind_template_child (widget_class, CrmConnectDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, CrmConnectDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, CrmConnectDialog, page_stack);
  gtk_widget_class_bind_template_child (widget_class, CrmConnectDialog, intro_group);
  gtk_widget_class_bind_template_child (widget_class, CrmConnectDialog, local_group);
  gtk_widget_class_bind_template_child (widget_class, CrmConnectDialog, copy_group);
  gtk_widget_class_bind_template_child (widget_class, CrmConnectDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, CrmConnectDialog, open_button);
  gtk_widget_class_bind_template_child (widget_class, CrmConnectDialog, counts_group);
  gtk_widget_class_bind_template_callback (widget_class, on_connect_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_local_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_open_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
crm_connect_dialog_init (CrmConnectDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->count_rows = g_ptr_array_new ();
  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->connect_button));
}

/**
 * crm_connect_dialog_new:
 * @uri: (nullable): a server used before, to fill the fields from
 * @message: (nullable): why the dialog is shown (a connection that failed)
 */
GtkWidget *
crm_connect_dialog_new (GtkWindow  *parent,
                        const char *uri,
                        const char *message)
{
  CrmConnectDialog *self = g_object_new (CRM_TYPE_CONNECT_DIALOG,
                                         "transient-for", parent,
                                         NULL);

  if (uri != NULL && crm_store_is_server (uri))
    fill_from_uri (self, uri);
  if (message != NULL)
    show_message (self, message);
  if (*gtk_editable_get_text (GTK_EDITABLE (self->host_row)) == '\0')
    gtk_widget_grab_focus (GTK_WIDGET (self->host_row));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
  return GTK_WIDGET (self);
}

/**
 * crm_connect_dialog_new_move:
 * @path: the showroom file this desktop uses
 *
 * The page that copies the showroom at @path to an empty database on a
 * server, and then lets this desktop go on there.
 */
GtkWidget *
crm_connect_dialog_new_move (GtkWindow  *parent,
                             const char *path)
{
  CrmConnectDialog *self;

  g_return_val_if_fail (path != NULL && !crm_store_is_server (path), NULL);

  self = CRM_CONNECT_DIALOG (crm_connect_dialog_new (parent, NULL, NULL));
  self->move_from = g_strdup (path);
  gtk_window_set_title (GTK_WINDOW (self), _("Move This Showroom to a Server"));
  gtk_window_set_default_size (GTK_WINDOW (self), 480, 660);
  adw_preferences_group_set_description (self->intro_group,
                                         _("The showroom file is copied to an empty database on the server "
                                           "and kept as it is; this desktop then opens the showroom on the "
                                           "server."));
  gtk_widget_set_visible (self->local_group, FALSE);
  gtk_button_set_label (self->connect_button, _("_Move"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->spinner), _("Copying…"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->spinner), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Copying…"), -1);
  return GTK_WIDGET (self);
}

/**
 * crm_connect_dialog_get_state:
 *
 * For tests: "form" (the fields, with what went wrong above them),
 * "busy" (connecting or copying) or "copied".
 */
const char *
crm_connect_dialog_get_state (CrmConnectDialog *self)
{
  g_return_val_if_fail (CRM_IS_CONNECT_DIALOG (self), NULL);

  if (gtk_spinner_get_spinning (self->spinner))
    return "busy";
  if (gtk_widget_get_visible (self->open_button))
    return "copied";
  return "form";
}
