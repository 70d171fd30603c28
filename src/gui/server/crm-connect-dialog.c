/* crm-connect-dialog.c: connecting to a showroom server
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
  GtkSpinner           *spinner;
};

G_DEFINE_FINAL_TYPE (CrmConnectDialog, crm_connect_dialog, ADW_TYPE_WINDOW)

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

static void
on_connected_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  CrmConnectDialog *self = CRM_CONNECT_DIALOG (source);
  g_autoptr(GError) error = NULL;
  GtkWindow *parent;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      set_busy (self, FALSE);
      show_message (self, error->message);
      if (g_error_matches (error, CRM_ERROR, CRM_ERROR_AUTHENTICATION))
        gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
      return;
    }

  if (gtk_switch_get_active (self->remember_switch))
    crm_server_secret_store (self->uri, gtk_editable_get_text (GTK_EDITABLE (self->password_row)),
                             NULL, on_secret_stored_cb, NULL);
  else
    crm_server_secret_clear (self->uri, NULL, on_secret_cleared_cb, NULL);

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
  set_busy (self, TRUE);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, on_connected_cb, NULL);
  g_task_set_task_data (task, g_strdup (self->uri), g_free);
  g_task_run_in_thread (task, try_connect_thread);
}

static void
on_entry_activated_cb (CrmConnectDialog *self)
{
  on_connect_clicked_cb (self);
}

static void
on_cancel_clicked_cb (CrmConnectDialog *self)
{
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

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (crm_connect_dialog_parent_class)->dispose (object);
}

static void
crm_connect_dialog_finalize (GObject *object)
{
  CrmConnectDialog *self = CRM_CONNECT_DIALOG (object);

  g_free (self->uri);

  G_OBJECT_CLASS (crm_connect_dialog_parent_class)->finalize (object);
}

static void
crm_connect_dialog_class_init (CrmConnectDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = crm_connect_dialog_dispose;
  object_class->finalize = crm_connect_dialog_finalize;

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
  gtk_widget_class_bind_template_child (widget_class, CrmConnectDialog, spinner);
  gtk_widget_class_bind_template_callback (widget_class, on_connect_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_local_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
crm_connect_dialog_init (CrmConnectDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
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
