/* crm-schema.h: schema versions and forward migrations (store internal)
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include "crm-db.h"

G_BEGIN_DECLS

/* The version that brought the catalogue's trims and the stock
 * (migration 16 here and in crm-schema-pg.c) */
#define CRM_SCHEMA_VERSION_STOCK 17
/* The public pool's deadline by grade */
#define CRM_SCHEMA_VERSION_POOL_GRADE 18

/* Runs the migrations from @from_version up to CRM_STORE_SCHEMA_VERSION,
 * each in its own transaction that also sets PRAGMA user_version, so a
 * failure leaves the database at the last completed version. */
gboolean crm_schema_migrate       (CrmDb  *db,
                                   int       from_version,
                                   GError  **error);

gboolean crm_schema_migrate_to    (CrmDb  *db,
                                   int      from_version,
                                   int      to_version,
                                   GError **error);

/* A PostgreSQL database: the baseline in an empty one (@from_version 0),
 * then the migrations after it (crm-schema-pg.c) */
gboolean crm_schema_pg_migrate    (CrmDb   *db,
                                   int      from_version,
                                   GError **error);
gboolean crm_schema_pg_migrate_to (CrmDb   *db,
                                   int      from_version,
                                   int      to_version,
                                   GError **error);

/* The search text stored for a customer: name, pinyin, phone digits, WeChat */
char    *crm_schema_customer_search_key (const char  *name,
                                         const char  *phones_joined,
                                         const char  *wechat);

G_END_DECLS
