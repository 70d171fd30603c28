/* crm-db-sqlite.h: the SQLite backend of the connection seam
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "crm-db.h"

G_BEGIN_DECLS

#define CRM_TYPE_DB_SQLITE (crm_db_sqlite_get_type ())
G_DECLARE_FINAL_TYPE (CrmDbSqlite, crm_db_sqlite, CRM, DB_SQLITE, CrmDb)

CrmDb *crm_db_sqlite_open (const char  *path,
                           int          max_schema_version,
                           int          busy_timeout_ms,
                           GError     **error);

CrmDb *crm_db_sqlite_open_read_only (const char  *path,
                                     int          max_schema_version,
                                     GError     **error);

char  *crm_db_sqlite_translate_sql (const char *sql);
void   crm_db_sqlite_wait_longer   (CrmDbSqlite *self,
                                    gboolean     longer,
                                    int          longer_ms);

G_END_DECLS
