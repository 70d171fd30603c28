/* crm-store.h: the showroom's database
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A #CrmStore owns the connection to one showroom (crm-db.h underneath),
 * its transactions and the "changed" signal, and hands out one store per
 * domain for the rest: customers, deals, follow-ups, the calendar, leads,
 * staff and rules, the dashboard's aggregates, the catalogue and stock.
 */
#pragma once

#include "crm-store-types.h"
#include "crm-staff-store.h"
#include "crm-customer-store.h"
#include "crm-deal-store.h"
#include "crm-followup-store.h"
#include "crm-lead-store.h"
#include "crm-calendar-store.h"
#include "crm-kpi-store.h"
#include "crm-stock-store.h"

G_BEGIN_DECLS

#define CRM_STORE_SCHEMA_VERSION 18

/* The showroom's time zone when its rule was never set */
#define CRM_STORE_DEFAULT_TIME_ZONE "Asia/Shanghai"

#define CRM_TYPE_STORE (crm_store_get_type ())
G_DECLARE_FINAL_TYPE (CrmStore, crm_store, CRM, STORE, GObject)

CrmStore     *crm_store_open                     (const char        *path,
                                                  CrmClock          *clock,
                                                  GError           **error);
CrmStore     *crm_store_open_full                (const char        *path,
                                                  CrmClock          *clock,
                                                  int                busy_timeout_ms,
                                                  GError           **error);
char         *crm_store_get_default_path         (void);
gboolean      crm_store_is_server                (const char        *location);
char         *crm_store_canonical_location       (const char        *location);
void          crm_store_set_server_password      (const char        *uri,
                                                  const char        *password);
gboolean      crm_store_has_server_password      (const char        *uri);

/**
 * CrmStoreMigrateProgress:
 * @table: the table being copied
 * @table_index: its place in the copy, from 0
 * @n_tables: how many tables are copied
 * @table_rows: its rows copied so far
 * @table_done: all of them, counted the same in the file and on the server
 * @rows_done: the rows of every table copied so far
 * @rows_total: the rows of every table in the file
 *
 * How far a copy of a showroom to a server got. Nothing is on the server
 * for good before crm_store_migrate_to() returns %TRUE. A copy the
 * server kept waiting too long (a lock) is tried again from the first
 * table, and the reports start again with it.
 */
typedef struct
{
  const char *table;
  guint       table_index;
  guint       n_tables;
  gint64      table_rows;
  gboolean    table_done;
  gint64      rows_done;
  gint64      rows_total;
} CrmStoreMigrateProgress;

/* Called in the copying thread: when each table is done, and every few
 * thousand rows of a long one */
typedef void (*CrmStoreMigrateFunc) (const CrmStoreMigrateProgress *progress,
                                     gpointer                       user_data);

gboolean      crm_store_migrate_to               (const char        *path,
                                                  const char        *uri,
                                                  GCancellable      *cancellable,
                                                  CrmStoreMigrateFunc func,
                                                  gpointer           user_data,
                                                  GError           **error);
const char   *crm_store_get_path                 (CrmStore          *self);
CrmClock     *crm_store_get_clock                (CrmStore          *self);
const char   *crm_store_get_backup_path          (CrmStore          *self);

/**
 * CrmStoreCheck:
 * @CRM_STORE_CHECK_QUICK: every page's structure (after start-up)
 * @CRM_STORE_CHECK_FULL: that and every index (backups, restoring)
 */
typedef enum
{
  CRM_STORE_CHECK_QUICK,
  CRM_STORE_CHECK_FULL,
} CrmStoreCheck;

/* Checks, backups and restoring: each may run in a worker thread */
gboolean      crm_store_check_file               (const char        *path,
                                                  CrmStoreCheck      depth,
                                                  int               *version,
                                                  GError           **error);
gboolean      crm_store_check                    (CrmStore          *self,
                                                  CrmStoreCheck      depth,
                                                  GError           **error);
gboolean      crm_store_backup_to                (CrmStore          *self,
                                                  const char        *path,
                                                  GError           **error);
gboolean      crm_store_restore_file             (const char        *path,
                                                  const char        *backup,
                                                  char             **aside_path,
                                                  GError           **error);
void          crm_store_set_damaged              (CrmStore          *self);
gboolean      crm_store_is_damaged               (CrmStore          *self);
void          crm_store_watch_others             (CrmStore          *self);
gboolean      crm_store_is_listening             (CrmStore          *self);
void          crm_store_warm_up                  (CrmStore          *self);
gboolean      crm_store_is_online                (CrmStore          *self);
void          crm_store_announce_busy            (CrmStore          *self,
                                                  gboolean           busy);
const char   *crm_store_get_busy_elsewhere       (CrmStore          *self);
void          crm_store_reconnect                (CrmStore          *self);

/* Reads that fill a view, off the main thread (crm-store-reads.c) */
typedef gpointer (*CrmStoreReadFunc) (CrmStore      *worker,
                                      gpointer       data,
                                      GCancellable  *cancellable,
                                      GError       **error);

void          crm_store_read_async               (CrmStore          *self,
                                                  CrmStoreReadFunc   func,
                                                  gpointer           data,
                                                  GDestroyNotify     data_free,
                                                  GDestroyNotify     result_free,
                                                  GCancellable      *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer           user_data);
gpointer      crm_store_read_finish              (CrmStore          *self,
                                                  GAsyncResult      *result,
                                                  GError           **error);
gpointer      crm_store_read_get_data            (GAsyncResult      *result);
gboolean      crm_store_reads_in_background      (CrmStore          *self);
void          crm_store_set_background_reads     (CrmStore          *self,
                                                  gboolean           background);

/* Transactions: nest; changes are announced after the outermost commit */
gboolean      crm_store_begin                    (CrmStore          *self,
                                                  GError           **error);
gboolean      crm_store_commit                   (CrmStore          *self,
                                                  GError           **error);
void          crm_store_rollback                 (CrmStore          *self);
gboolean      crm_store_finish_write             (CrmStore          *self,
                                                  gboolean           ok,
                                                  GError           **error);
void          crm_store_set_bulk                 (CrmStore          *self,
                                                  gboolean           bulk);

/* A big write prepared aside (crm-store-staging.c) */
typedef gboolean (*CrmStorePublishFunc) (CrmStore  *store,
                                         gpointer   user_data,
                                         GError   **error);

CrmStore     *crm_store_open_staging             (CrmStore          *self,
                                                  GError           **error);
void          crm_store_discard_staging          (CrmStore          *staging);
gboolean      crm_store_publish_staging          (CrmStore          *self,
                                                  CrmStore          *staging,
                                                  CrmStorePublishFunc before,
                                                  gpointer           user_data,
                                                  GError           **error);

/* Showroom-wide jobs: run by one desktop at a time */
typedef enum
{
  CRM_STORE_JOB_LEAD_DEADLINES = 1,   /* first contact, public pool */
  CRM_STORE_JOB_BIRTHDAYS,            /* the daily birthday sweep */
} CrmStoreJob;

gboolean      crm_store_try_job                  (CrmStore          *self,
                                                  CrmStoreJob        job);
void          crm_store_end_job                  (CrmStore          *self,
                                                  CrmStoreJob        job);

/* The showroom */
gboolean      crm_store_needs_setup              (CrmStore          *self);
gboolean      crm_store_is_demo                  (CrmStore          *self);
char         *crm_store_dup_showroom_name        (CrmStore          *self);
gboolean      crm_store_setup_showroom           (CrmStore          *self,
                                                  const char        *showroom_name,
                                                  GPtrArray         *staff,
                                                  GError           **error);
gboolean      crm_store_set_meta                 (CrmStore          *self,
                                                  const char        *key,
                                                  const char        *value,
                                                  GError           **error);
char         *crm_store_dup_meta                 (CrmStore          *self,
                                                  const char        *key);

/* The showroom's clock: "today", opening hours, month boundaries */
GTimeZone    *crm_store_get_time_zone            (CrmStore          *self);
char         *crm_store_dup_time_zone_rule       (CrmStore          *self);
gboolean      crm_store_set_time_zone            (CrmStore          *self,
                                                  const char        *identifier,
                                                  GError           **error);

/* The domain stores (transfer none: they live as long as the store) */
CrmStaffStore     *crm_store_get_staff_store    (CrmStore *self);
CrmCustomerStore  *crm_store_get_customer_store (CrmStore *self);
CrmDealStore      *crm_store_get_deal_store     (CrmStore *self);
CrmFollowupStore  *crm_store_get_followup_store (CrmStore *self);
CrmLeadStore      *crm_store_get_lead_store     (CrmStore *self);
CrmCalendarStore  *crm_store_get_calendar_store (CrmStore *self);
CrmKpiStore       *crm_store_get_kpi_store      (CrmStore *self);
CrmStockStore     *crm_store_get_stock_store    (CrmStore *self);

G_END_DECLS
