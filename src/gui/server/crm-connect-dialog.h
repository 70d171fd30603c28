/* crm-connect-dialog.h: connecting to a showroom server
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CRM_TYPE_CONNECT_DIALOG (crm_connect_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CrmConnectDialog, crm_connect_dialog, CRM, CONNECT_DIALOG, AdwWindow)

GtkWidget *crm_connect_dialog_new (GtkWindow  *parent,
                                   const char *uri,
                                   const char *message);
GtkWidget *crm_connect_dialog_new_move (GtkWindow  *parent,
                                        const char *path);
const char *crm_connect_dialog_get_state (CrmConnectDialog *self);

char      *crm_connect_dialog_build_uri (const char *host,
                                         guint       port,
                                         const char *database,
                                         const char *user,
                                         gboolean    verify_server);

G_END_DECLS
