/* crm-server-secret.h: a showroom server's password in the desktop keyring
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

void      crm_server_secret_store         (const char           *uri,
                                           const char           *password,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
gboolean  crm_server_secret_store_finish  (GAsyncResult         *result,
                                           GError              **error);

void      crm_server_secret_lookup        (const char           *uri,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
char     *crm_server_secret_lookup_finish (GAsyncResult         *result,
                                           GError              **error);

void      crm_server_secret_clear         (const char           *uri,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
gboolean  crm_server_secret_clear_finish  (GAsyncResult         *result,
                                           GError              **error);

G_END_DECLS
