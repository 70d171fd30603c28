/* crm-store-private.h: what the store's own files share
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The store is one class spread over several files, one per domain
 * (crm-store.c: connection, transactions, staff, customers, activities;
 * crm-store-<domain>.c: the rest). Only files in src/store/ include this.
 */
#pragma once

#include "crm-db.h"
#include "crm-enums.h"

#include "crm-search-index.h"
#include <gio/gio.h>

#include "crm-store.h"

G_BEGIN_DECLS

/* One statement parameter, ?1 … ?n in order. Typed so a call site of the
 * one-statement helpers below reads like the bindings it replaces. */
typedef enum
{
  CRM_PARAM_INT64,
  CRM_PARAM_TEXT,
  CRM_PARAM_TEXT_STATIC,
  CRM_PARAM_TEXT_OR_NULL,
  CRM_PARAM_ID_OR_NULL,
} CrmParamKind;

typedef struct
{
  CrmParamKind kind;
  gint64       number;
  const char  *text;
} CrmParam;

#define CRM_INT64(v)        ((CrmParam) { CRM_PARAM_INT64, (gint64) (v), NULL })
#define CRM_TEXT(v)         ((CrmParam) { CRM_PARAM_TEXT, 0, (v) })
/* An enum value stored as its code (see crm_store_bind_code()) */
#define CRM_CODE(type, v)   ((CrmParam) { CRM_PARAM_TEXT_STATIC, 0, crm_enum_to_code ((type), (v)) })
#define CRM_TEXT_OR_NULL(v) ((CrmParam) { CRM_PARAM_TEXT_OR_NULL, 0, (v) })
#define CRM_ID_OR_NULL(v)   ((CrmParam) { CRM_PARAM_ID_OR_NULL, (gint64) (v), NULL })

/* Expands to the two arguments (params, n_params) the helpers take */
#define CRM_PARAMS(...) \
  ((const CrmParam[]) { __VA_ARGS__ }), \
  G_N_ELEMENTS (((const CrmParam[]) { __VA_ARGS__ }))

/* Makes the item for the row @stmt stands on (crm_store_list_objects()) */
typedef gpointer (*CrmStoreRowFunc) (CrmDbStmt *stmt);

/* Reads the row @stmt stands on into @element (crm_store_collect_values()) */
typedef void (*CrmStoreValueFunc) (CrmDbStmt *stmt,
                                   gpointer   element);

typedef enum
{
  CRM_DOMAIN_STAFF,
  CRM_DOMAIN_CUSTOMER,
  CRM_DOMAIN_DEAL,
  CRM_DOMAIN_FOLLOWUP,
  CRM_DOMAIN_LEAD,
  CRM_DOMAIN_CALENDAR,
  CRM_DOMAIN_KPI,
  CRM_DOMAIN_STOCK,
  CRM_N_DOMAIN_STORES
} CrmDomain;

typedef struct
{
  CrmEntity entity;
  gint64    id;
} PendingChange;

/* Every domain store has this shape: an object that points back to the
 * store it belongs to (unowned: the store owns the domain stores) */
typedef struct
{
  GObject   parent_instance;
  CrmStore *store;
} CrmDomainStore;

/* The store behind a domain store, NULL for NULL */
static inline CrmStore *
crm_domain_store_get_store (gpointer domain)
{
  return domain != NULL ? ((CrmDomainStore *) domain)->store : NULL;
}

struct _CrmStore
{
  GObject     parent_instance;

  char       *path;
  char       *backup_path;
  GObject    *domains[CRM_N_DOMAIN_STORES];  /* CrmCustomerStore …, by CrmDomain */
  CrmClock   *clock;
  CrmDb      *db;
  GHashTable *statements;      /* static SQL text → CrmDbStmt */
  GHashTable *meta_cache;      /* meta key → value (NULL: none), outside transactions */
  gboolean    meta_complete;   /* every meta row is in meta_cache */
  GPtrArray  *staff_cache;     /* CrmStaff, everyone, in list order; outside transactions */
  GPtrArray  *models_cache;    /* CrmVehicleModel, in list order */
  GArray     *stages_cache;    /* CrmStage of the board's columns */
  int         busy_timeout_ms;

  guint       depth;
  gboolean    doomed;
  gboolean    damaged;     /* a check found the file damaged: no more writes */

  /* Commits by other connections (crm_store_watch_others()) */
  GFileMonitor *monitors[3];   /* the database, its -wal file, its -busy notice */
  gint64        data_version;
  guint         others_source;
  /* … on a server: a connection that only LISTENs, its socket's watch,
   * what it heard (PendingChange) and the reconnection back-off */
  CrmDb        *listener;
  guint         listener_watch;
  GArray       *heard;
  guint         heard_source;
  guint         listen_retry_source;
  guint         listen_retry_seconds;
  gboolean      offline;       /* the server cannot be reached: no writes */
  GCancellable *reconnecting;
  GArray     *pending;         /* PendingChange, announced after COMMIT */
  GHashTable *dirty_summary;   /* customer ids whose last/next contact changed */

  /* A second, read-only connection for queries run in a worker thread */
  GMutex      reader_lock;
  CrmDb      *reader;

  /* Reads for the views, in worker threads on stores of their own
   * (crm-store-reads.c) */
  struct _CrmReadState *reads;
  int          background_reads;   /* -1: on a server only */

  /* A long write announced by another desktop (crm-store-busy.c) */
  char        *busy_elsewhere;
  guint        busy_source;
  gboolean     long_lock_wait;     /* the server connection waits 600 s */

  /* Shared by the main thread and the worker, under index_lock: the
   * search index, the customers changed by the open transaction, and the
   * last query's ids before the search words were applied. Every commit
   * that changes customers bumps the generation. */
  GMutex          index_lock;
  CrmSearchIndex *index;
  GHashTable     *dirty_index;
  gboolean        index_stale;
  guint64         generation;
  CrmCustomerQuery base_query;
  guint64         base_generation;
  GArray         *base_ids;
};


void          crm_store_drop_workers       (CrmStore      *self);
void          crm_store_forget_cached      (CrmStore      *self);
char         *crm_store_read_busy_file     (CrmStore      *self);
void          crm_store_hear_busy          (CrmStore      *self,
                                            const char    *payload);
void          crm_store_set_busy_elsewhere (CrmStore      *self,
                                            const char    *host);
void          crm_store_stop_reads         (CrmStore      *self);
void          crm_store_init_reads         (CrmStore      *self);
CrmDbStmt *crm_store_prepare            (CrmStore      *self,
                                            const char    *sql,
                                            GError       **error);
void          crm_store_stmt_done          (CrmDbStmt **stmt);
gboolean      crm_store_exec               (CrmStore      *self,
                                            const char    *sql,
                                            GError       **error);
gboolean      crm_store_step_done          (CrmStore      *self,
                                            CrmDbStmt  *stmt,
                                            GError       **error);
void          crm_store_bind_text_or_null  (CrmDbStmt  *stmt,
                                            int            index,
                                            const char    *text);
void          crm_store_bind_id_or_null    (CrmDbStmt  *stmt,
                                            int            index,
                                            gint64         id);
void          crm_store_bind_code          (CrmDbStmt  *stmt,
                                            int            index,
                                            GType          type,
                                            int            value);
int           crm_store_column_code        (CrmDbStmt  *stmt,
                                            int            column,
                                            GType          type);
const char   *crm_store_column_text        (CrmDbStmt  *stmt,
                                            int            column);
void          crm_store_queue_change       (CrmStore      *self,
                                            CrmEntity      entity,
                                            gint64         id);
gint64        crm_store_now                (CrmStore      *self);
gint64        crm_store_query_int          (CrmStore      *self,
                                            const char    *sql);
gboolean      crm_store_check_staff        (CrmStore      *self,
                                            gint64         id,
                                            GError       **error);
gboolean      crm_store_staff_is_manager   (CrmStore      *self,
                                            gint64         staff_id);
gboolean      crm_store_customer_exists    (CrmStore      *self,
                                            gint64         id,
                                            GError       **error);
char         *crm_store_dup_trimmed        (const char    *text);
int           crm_store_get_meta_int       (CrmStore      *self,
                                            const char    *key,
                                            int            max,
                                            int            fallback);
GStrv         crm_store_collect_strings    (CrmDbStmt     *stmt);
void          crm_store_mark_summary_dirty (CrmStore      *self,
                                            gint64         customer_id);
void          crm_store_bind_params        (CrmDbStmt     *stmt,
                                            const CrmParam *params,
                                            guint          n_params);
gboolean      crm_store_step_changed       (CrmStore      *self,
                                            CrmDbStmt     *stmt,
                                            const char    *not_found,
                                            GError       **error);
gboolean      crm_store_row_exists         (CrmStore      *self,
                                            const char    *sql,
                                            const CrmParam *params,
                                            guint          n_params);
gint64        crm_store_query_int64        (CrmStore      *self,
                                            const char    *sql,
                                            const CrmParam *params,
                                            guint          n_params,
                                            gint64         fallback);
GArray       *crm_store_collect_values     (CrmStore      *self,
                                            const char    *sql,
                                            const CrmParam *params,
                                            guint          n_params,
                                            guint          element_size,
                                            CrmStoreValueFunc read_row,
                                            GError       **error);
GListModel   *crm_store_list_objects       (CrmStore      *self,
                                            const char    *sql,
                                            const CrmParam *params,
                                            guint          n_params,
                                            GType          item_type,
                                            CrmStoreRowFunc from_row);
/* How many ids crm_store_get_many() reads at once, and its IN list */
#define CRM_STORE_MANY 32
#define CRM_STORE_MANY_IN \
  " IN (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16," \
  " ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32)"
GPtrArray    *crm_store_get_many            (CrmStore      *self,
                                              const char    *sql,
                                              const gint64  *ids,
                                              guint          n_ids,
                                              CrmStoreRowFunc from_row,
                                              GError       **error);
GListModel   *crm_store_list_objects_or_null (CrmStore      *self,
                                              const char    *sql,
                                              GType          item_type,
                                              CrmStoreRowFunc from_row);
CrmDbStmt    *crm_store_select_row         (CrmStore      *self,
                                            const char    *sql,
                                            gint64         id,
                                            const char    *not_found,
                                            GError       **error);
gpointer      crm_store_get_object         (CrmStore      *self,
                                            const char    *sql,
                                            gint64         id,
                                            const char    *not_found,
                                            CrmStoreRowFunc from_row,
                                            GError       **error);
gint64        crm_store_insert_one         (CrmStore      *self,
                                            CrmEntity      entity,
                                            const char    *sql,
                                            const CrmParam *params,
                                            guint          n_params,
                                            GError       **error);
gboolean      crm_store_write_one          (CrmStore      *self,
                                            CrmEntity      entity,
                                            gint64         changed_id,
                                            const char    *sql,
                                            const CrmParam *params,
                                            guint          n_params,
                                            GError       **error);

/* The catalogue and the stock (crm-stock-catalogue.c, crm-stock-store.c) */
gboolean      crm_store_copy_name          (char          *name,
                                            const char    *text,
                                            gboolean       may_be_empty,
                                            const char    *what,
                                            GError       **error);
void          crm_store_column_name        (CrmDbStmt     *stmt,
                                            int            column,
                                            char          *name);
char         *crm_store_dup_trim_title     (CrmStore      *self,
                                            gint64         trim_id);
gboolean      crm_store_release_deal_stock (CrmStore      *self,
                                            gint64         deal_id,
                                            GError       **error);

guint8       *crm_store_match_customers    (CrmStore      *self,
                                            const char    *search,
                                            gsize         *n_bits,
                                            GError       **error);

/* Deals in these stages are won: they keep their customer out of the pool */
#define WON_STAGES "('ordered', 'delivered')"

/* A cached statement declared with this is reset when it leaves scope */
#define CRM_AUTO_STMT __attribute__((cleanup (crm_store_stmt_done))) CrmDbStmt *

G_END_DECLS
