/* crm-schema.h: schema versions and forward migrations (store internal)
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/* PRAGMA application_id of every Showroom database: "SHOW" */
#define CRM_SCHEMA_APPLICATION_ID 0x53484F57

/* Runs the migrations from @from_version up to CRM_STORE_SCHEMA_VERSION,
 * each in its own transaction that also sets PRAGMA user_version, so a
 * failure leaves the database at the last completed version. */
gboolean crm_schema_migrate       (sqlite3  *db,
                                   int       from_version,
                                   GError  **error);

/* Maps an SQLite result code to a CRM_ERROR with a message a person can act on */
void     crm_schema_set_error     (GError  **error,
                                   sqlite3  *db,
                                   int       rc);

/* The search text stored for a customer: name, pinyin, phone digits, WeChat */
char    *crm_schema_customer_search_key (const char  *name,
                                         const char  *phones_joined,
                                         const char  *wechat);

G_END_DECLS
