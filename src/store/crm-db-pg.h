/* crm-db-pg.h: the PostgreSQL backend of the connection seam
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "crm-db.h"

G_BEGIN_DECLS

#define CRM_TYPE_DB_PG (crm_db_pg_get_type ())
G_DECLARE_FINAL_TYPE (CrmDbPg, crm_db_pg, CRM, DB_PG, CrmDb)

gboolean     crm_db_pg_is_uri          (const char  *location);
void         crm_db_pg_set_password    (const char  *uri,
                                        const char  *password);
gboolean     crm_db_pg_has_password    (const char  *uri);

CrmDb       *crm_db_pg_open            (const char  *uri,
                                        int          max_schema_version,
                                        GError     **error);

const char  *crm_db_pg_get_uri         (CrmDbPg     *self);
gboolean     crm_db_pg_is_connected    (CrmDbPg     *self);
void         crm_db_pg_take_connection (CrmDbPg     *self,
                                        CrmDbPg     *fresh);
int          crm_db_pg_get_socket      (CrmDbPg     *self);
int          crm_db_pg_get_server_version (CrmDbPg  *self);
int          crm_db_pg_get_backend_pid (CrmDbPg     *self);

/* LISTEN: what arrived since the last call, as "table:id" payloads */
gboolean     crm_db_pg_listen          (CrmDbPg     *self,
                                        const char  *channel,
                                        GError     **error);
GPtrArray   *crm_db_pg_take_notifications (CrmDbPg  *self,
                                        gboolean    *connection_ok);

/**
 * CrmDbPgCopyFunc:
 * @n_rows: the rows sent so far
 *
 * Returns: %FALSE to stop the copy (it then fails as cancelled)
 */
typedef gboolean (*CrmDbPgCopyFunc) (gint64   n_rows,
                                     gpointer user_data);

gboolean     crm_db_pg_copy_rows       (CrmDbPg     *self,
                                        const char  *table,
                                        const char  *columns,
                                        CrmDbStmt   *source,
                                        int          n_columns,
                                        CrmDbPgCopyFunc func,
                                        gpointer     user_data,
                                        gint64      *n_rows,
                                        GError     **error);

gulong       crm_db_pg_cancel_on       (CrmDbPg      *self,
                                        GCancellable *cancellable);


G_END_DECLS
