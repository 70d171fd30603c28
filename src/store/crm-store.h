/* crm-store.h: the showroom's database
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A #CrmStore owns the connection to one showroom (crm-db.h underneath),
 * its transactions and the "changed" signal, and hands out one store per
 * domain for the rest: customers, deals, follow-ups, the calendar, leads,
 * staff and rules, the dashboard's aggregates.
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

G_BEGIN_DECLS

#define CRM_STORE_SCHEMA_VERSION 15

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
 * CrmStoreMigrateFunc:
 * @table: a table just copied
 * @rows: its rows, the same number in the file and on the server
 */
typedef void (*CrmStoreMigrateFunc) (const char *table,
                                     gint64      rows,
                                     gpointer    user_data);

gboolean      crm_store_migrate_to               (const char        *path,
                                                  const char        *uri,
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
gboolean      crm_store_is_online                (CrmStore          *self);
void          crm_store_reconnect                (CrmStore          *self);

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

G_END_DECLS
