/* crm-server-secret.c: a showroom server's password in the desktop keyring
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Only when its owner asks ("Remember the password" on the connect page)
 * is a server's password kept, and then in the desktop's keyring through
 * libsecret (Debian's libsecret-1-dev; GNOME Keyring or KWallet behind
 * the Secret Service), under a schema of Showroom's own keyed by the
 * server's address (which never holds a password). Never a file, never
 * the settings. Every call is asynchronous: the keyring may ask the user
 * to unlock it, and the window goes on meanwhile. */
#define G_LOG_DOMAIN "crm-server-secret"

#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "crm-server-secret.h"

static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    "org.showroomcrm.Showroom.Server", SECRET_SCHEMA_NONE,
    {
      { "uri", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };

  return &schema;
}

/**
 * crm_server_secret_store:
 * @uri: the server's address, without a password
 * @password: what to keep
 *
 * Keeps @password in the default keyring.
 */
void
crm_server_secret_store (const char          *uri,
                         const char          *password,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autofree char *label = NULL;

  g_return_if_fail (uri != NULL);
  g_return_if_fail (password != NULL);

  /* Translators: the keyring's name for a saved password; %s is the server */
  label = g_strdup_printf (_("Showroom server %s"), uri);
  secret_password_store (get_schema (), SECRET_COLLECTION_DEFAULT, label, password,
                         cancellable, callback, user_data, "uri", uri, NULL);
}

gboolean
crm_server_secret_store_finish (GAsyncResult  *result,
                                GError       **error)
{
  return secret_password_store_finish (result, error);
}

/**
 * crm_server_secret_lookup:
 * @uri: the server's address
 *
 * Looks for the password kept for @uri; finish gives %NULL (and no error)
 * when there is none.
 */
void
crm_server_secret_lookup (const char          *uri,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_return_if_fail (uri != NULL);
  secret_password_lookup (get_schema (), cancellable, callback, user_data, "uri", uri, NULL);
}

/* Returns: (transfer full) (nullable): the password, to be freed with
 * secret_password_free semantics (g_free after wiping is done here) */
char *
crm_server_secret_lookup_finish (GAsyncResult  *result,
                                 GError       **error)
{
  char *password = secret_password_lookup_finish (result, error);
  char *copy = g_strdup (password);

  secret_password_free (password);
  return copy;
}

/* Forgets the password kept for @uri (none kept is no error) */
void
crm_server_secret_clear (const char          *uri,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_return_if_fail (uri != NULL);
  secret_password_clear (get_schema (), cancellable, callback, user_data, "uri", uri, NULL);
}

gboolean
crm_server_secret_clear_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!secret_password_clear_finish (result, &local_error) && local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}
