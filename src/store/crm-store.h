/* crm-store.h: the showroom's SQLite database
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "crm-activity.h"
#include "crm-clock.h"
#include "crm-customer.h"
#include "crm-deal.h"
#include "crm-staff.h"
#include "crm-vehicle-model.h"

G_BEGIN_DECLS

/* What a "changed" signal is about */
typedef enum
{
  CRM_ENTITY_SHOWROOM,       /*< nick=showroom >*/
  CRM_ENTITY_STAFF,          /*< nick=staff >*/
  CRM_ENTITY_VEHICLE_MODEL,  /*< nick=vehicle-model >*/
  CRM_ENTITY_CUSTOMER,       /*< nick=customer >*/
  CRM_ENTITY_DEAL,           /*< nick=deal >*/
  CRM_ENTITY_ACTIVITY,       /*< nick=activity >*/
} CrmEntity;

/* Sort keys of the customer list; each is an ORDER BY the store knows */
typedef enum
{
  CRM_CUSTOMER_SORT_NAME,           /*< nick=name >*/
  CRM_CUSTOMER_SORT_GRADE,          /*< nick=grade >*/
  CRM_CUSTOMER_SORT_OWNER,          /*< nick=owner >*/
  CRM_CUSTOMER_SORT_CHANNEL,        /*< nick=channel >*/
  CRM_CUSTOMER_SORT_LAST_CONTACT,   /*< nick=last-contact >*/
  CRM_CUSTOMER_SORT_NEXT_FOLLOWUP,  /*< nick=next-followup >*/
  CRM_CUSTOMER_SORT_CREATED,        /*< nick=created >*/
} CrmCustomerSort;

#define CRM_N_CUSTOMER_SORTS 7

/**
 * CrmCustomerQuery:
 * @search: what the person typed (NULL or "" = everything); split on
 *   spaces, every word must match the name, pinyin, a phone fragment or
 *   the WeChat ID
 * @grade: -1 for any, else a #CrmGrade
 * @channel: -1 for any, else a #CrmChannel
 * @owner_id: -1 for any, 0 for customers without owner, else a staff id
 * @sort: the order
 * @descending: reverse the order
 */
typedef struct
{
  char            *search;
  int              grade;
  int              channel;
  gint64           owner_id;
  CrmCustomerSort  sort;
  gboolean         descending;
} CrmCustomerQuery;

void crm_customer_query_init  (CrmCustomerQuery *query);
void crm_customer_query_clear (CrmCustomerQuery *query);
void crm_customer_query_copy  (const CrmCustomerQuery *src,
                               CrmCustomerQuery       *dest);

#define CRM_STORE_SCHEMA_VERSION 4

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
const char   *crm_store_get_path                 (CrmStore          *self);
CrmClock     *crm_store_get_clock                (CrmStore          *self);
const char   *crm_store_get_backup_path          (CrmStore          *self);

/* Transactions: nest; changes are announced after the outermost commit */
gboolean      crm_store_begin                    (CrmStore          *self,
                                                  GError           **error);
gboolean      crm_store_commit                   (CrmStore          *self,
                                                  GError           **error);
void          crm_store_rollback                 (CrmStore          *self);

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

/* Staff */
gint64        crm_store_insert_staff             (CrmStore          *self,
                                                  CrmStaff          *staff,
                                                  GError           **error);
CrmStaff     *crm_store_get_staff                (CrmStore          *self,
                                                  gint64             id,
                                                  GError           **error);
GListModel   *crm_store_list_staff               (CrmStore          *self,
                                                  gboolean           active_only);

/* Vehicle model catalogue */
gint64        crm_store_insert_vehicle_model     (CrmStore          *self,
                                                  CrmVehicleModel   *model,
                                                  GError           **error);
GListModel   *crm_store_list_vehicle_models      (CrmStore          *self);

/* Customers */
gint64        crm_store_insert_customer          (CrmStore          *self,
                                                  CrmCustomer       *customer,
                                                  GError           **error);
gboolean      crm_store_update_customer          (CrmStore          *self,
                                                  CrmCustomer       *customer,
                                                  GError           **error);
CrmCustomer  *crm_store_get_customer             (CrmStore          *self,
                                                  gint64             id,
                                                  GError           **error);
gboolean      crm_store_delete_customer          (CrmStore          *self,
                                                  gint64             id,
                                                  GError           **error);
gboolean      crm_store_restore_customer         (CrmStore          *self,
                                                  gint64             id,
                                                  GError           **error);
gint64        crm_store_find_customer_by_phone   (CrmStore          *self,
                                                  const char        *normalized,
                                                  gint64             except_id);
gint64        crm_store_count_customers          (CrmStore          *self);
GArray       *crm_store_query_customer_ids       (CrmStore          *self,
                                                  const CrmCustomerQuery *query,
                                                  GCancellable      *cancellable,
                                                  GError           **error);
void          crm_store_query_customer_ids_async (CrmStore          *self,
                                                  const CrmCustomerQuery *query,
                                                  GCancellable      *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer           user_data);
GArray       *crm_store_query_customer_ids_finish (CrmStore         *self,
                                                  GAsyncResult      *result,
                                                  GError           **error);

void          crm_store_prepare_search_async     (CrmStore          *self,
                                                  GCancellable      *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer           user_data);
gboolean      crm_store_prepare_search_finish    (CrmStore          *self,
                                                  GAsyncResult      *result,
                                                  GError           **error);

/* Deals */
gint64        crm_store_insert_deal              (CrmStore          *self,
                                                  CrmDeal           *deal,
                                                  gint64             staff_id,
                                                  GError           **error);
gboolean      crm_store_move_deal                (CrmStore          *self,
                                                  gint64             deal_id,
                                                  CrmStage           to,
                                                  gint64             staff_id,
                                                  GError           **error);
gboolean      crm_store_move_deal_at             (CrmStore          *self,
                                                  gint64             deal_id,
                                                  CrmStage           to,
                                                  gint64             staff_id,
                                                  gint64             at,
                                                  GError           **error);
GListModel   *crm_store_list_deals_for_customer  (CrmStore          *self,
                                                  gint64             customer_id);
gint64        crm_store_count_stage_history      (CrmStore          *self,
                                                  gint64             deal_id);

/* Activities (follow-ups) */
gint64        crm_store_insert_activity          (CrmStore          *self,
                                                  CrmActivity       *activity,
                                                  GError           **error);
gboolean      crm_store_update_activity          (CrmStore          *self,
                                                  CrmActivity       *activity,
                                                  GError           **error);
GListModel   *crm_store_list_activities_for_customer (CrmStore      *self,
                                                  gint64             customer_id);

/* ------------------------------------------------------------------ */
/* Pipeline (crm-store-pipeline.c)                                     */

/* Gates a manager can switch on or off for entering a stage */
typedef enum
{
  CRM_STAGE_RULE_TEST_DRIVE_RECORDED, /*< nick=test-drive-recorded >*/
  CRM_STAGE_RULE_PRICE_AGREED,        /*< nick=price-agreed >*/
  CRM_STAGE_RULE_FROM_ORDERED,        /*< nick=from-ordered >*/
  CRM_STAGE_RULE_REASON_AND_NOTE,     /*< nick=reason-and-note >*/
  CRM_STAGE_RULE_FROM_EARLY_STAGE,    /*< nick=from-early-stage >*/
} CrmStageRule;

/**
 * CrmDealQuery:
 * @stage: -1 for any, else a #CrmStage
 * @archive: only closed deals (Delivered, Lost, Invalid)
 * @owner_id: -1 for anyone's, 0 for no owner, else a staff id
 * @grade: -1 or a #CrmGrade of the customer
 * @channel: -1 or a #CrmChannel of the customer
 * @model_id: 0 for any model
 * @lost_reason: -1 or a #CrmLostReason
 * @reactivation_due: only Lost deals closed longer ago than the showroom's
 *   re-activation delay
 * @search: words matched against the customer as in the Customers view
 */
typedef struct
{
  int       stage;
  gboolean  archive;
  gint64    owner_id;
  int       grade;
  int       channel;
  gint64    model_id;
  int       lost_reason;
  gboolean  reactivation_due;
  char     *search;
} CrmDealQuery;

void        crm_deal_query_init           (CrmDealQuery       *query);
void        crm_deal_query_clear          (CrmDealQuery       *query);
void        crm_deal_query_copy           (const CrmDealQuery *src,
                                           CrmDealQuery       *dest);

GArray     *crm_store_list_board_stages   (CrmStore           *self);
int         crm_store_get_setting_int     (CrmStore           *self,
                                           const char         *key,
                                           int                 fallback);
gboolean    crm_store_set_setting_int     (CrmStore           *self,
                                           const char         *key,
                                           int                 value,
                                           GError            **error);
gboolean    crm_store_get_stage_rule      (CrmStore           *self,
                                           CrmStage            stage,
                                           CrmStageRule        rule);
gboolean    crm_store_set_stage_rule      (CrmStore           *self,
                                           CrmStage            stage,
                                           CrmStageRule        rule,
                                           gboolean            enabled,
                                           GError            **error);
CrmDeal    *crm_store_get_deal            (CrmStore           *self,
                                           gint64              id,
                                           GError            **error);
GArray     *crm_store_query_deal_ids      (CrmStore           *self,
                                           const CrmDealQuery *query,
                                           GArray            **prices,
                                           GArray            **entered,
                                           GError            **error);
gboolean    crm_store_deal_matches        (CrmStore           *self,
                                           CrmDeal            *deal,
                                           const CrmDealQuery *query);
gboolean    crm_store_has_test_drive      (CrmStore           *self,
                                           gint64              customer_id);
gboolean    crm_store_set_deal_price      (CrmStore           *self,
                                           gint64              deal_id,
                                           gint64              price,
                                           GError            **error);
gboolean    crm_store_close_lost          (CrmStore           *self,
                                           gint64              deal_id,
                                           CrmLostReason       reason,
                                           const char         *note,
                                           gint64              staff_id,
                                           GError            **error);
gboolean    crm_store_set_lost_reason     (CrmStore           *self,
                                           gint64              deal_id,
                                           CrmLostReason       reason,
                                           const char         *note,
                                           GError            **error);
gboolean    crm_store_request_lost        (CrmStore           *self,
                                           gint64              deal_id,
                                           CrmLostReason       reason,
                                           const char         *note,
                                           gint64              staff_id,
                                           GError            **error);
gboolean    crm_store_decide_lost         (CrmStore           *self,
                                           gint64              deal_id,
                                           gboolean            approve,
                                           const char         *comment,
                                           gint64              staff_id,
                                           GError            **error);
GListModel *crm_store_list_lost_requests  (CrmStore           *self);
guint       crm_store_count_lost_requests (CrmStore           *self);
gboolean    crm_store_get_lost_request    (CrmStore           *self,
                                           gint64              deal_id,
                                           CrmLostReason      *reason,
                                           char              **note);
gboolean    crm_store_reopen_deal         (CrmStore           *self,
                                           gint64              deal_id,
                                           gint64              staff_id,
                                           GError            **error);

/* ------------------------------------------------------------------ */
/* Dashboard aggregates (crm-store-kpi.c)                              */

/* A lead: a deal created in the range, of a customer not deleted, with
 * the furthest funnel step its stage history ever reached: 0 New lead,
 * 1 Invited, 2 Visited, 3 Test drive, 4 Negotiation, 5 Ordered,
 * 6 Delivered (Lost and Invalid add nothing) */
typedef struct
{
  gint64 created_at;
  gint64 owner_id;     /* 0 = no owner */
  int    channel;      /* CrmChannel of the customer */
  int    reach;
} CrmKpiLeadRow;

/* A deal whose first move to Ordered is in the range */
typedef struct
{
  gint64 deal_id;
  gint64 owner_id;
  gint64 created_at;
  gint64 ordered_at;
  gint64 price;        /* fen, 0 if none agreed */
} CrmKpiOrderRow;

typedef struct
{
  guint  n_lost;                              /* Lost now, closed in the range */
  guint  n_lost_and_won;                      /* of those, first ordered in the range too */
  guint  by_reason[CRM_N_LOST_REASONS];
  guint  stays[CRM_N_STAGES];                 /* stays that ended in the range */
  gint64 stay_seconds[CRM_N_STAGES];
  guint  followups_due;
  guint  followups_on_time;
} CrmKpiCounts;

typedef struct
{
  gint64 staff_id;     /* 0 = nobody */
  guint  overdue;
} CrmKpiOverdueRow;

#define CRM_KPI_GRACE_SECONDS 3600

gboolean    crm_store_kpi_leads           (CrmStore           *self,
                                           gint64              start,
                                           gint64              end,
                                           gint64              owner_id,
                                           GArray            **rows,
                                           GError            **error);
gboolean    crm_store_kpi_orders          (CrmStore           *self,
                                           gint64              start,
                                           gint64              end,
                                           gint64              owner_id,
                                           GArray            **rows,
                                           GError            **error);
gboolean    crm_store_kpi_counts          (CrmStore           *self,
                                           gint64              start,
                                           gint64              end,
                                           gint64              owner_id,
                                           gint64              now,
                                           CrmKpiCounts       *counts,
                                           GError            **error);
gboolean    crm_store_kpi_overdue         (CrmStore           *self,
                                           gint64              owner_id,
                                           gint64              now,
                                           GArray            **rows,
                                           GError            **error);
GArray     *crm_store_kpi_customer_ids    (CrmStore           *self,
                                           gint64              start,
                                           gint64              end,
                                           gint64              owner_id,
                                           int                 reach,
                                           int                 channel,
                                           gint64              rep_id,
                                           GError            **error);
char       *crm_store_kpi_dump_sql        (gint64              start,
                                           gint64              end,
                                           gint64              window_start,
                                           gint64              window_end,
                                           gint64              owner_id,
                                           gint64              now);

G_END_DECLS
