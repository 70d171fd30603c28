/* crm-store.h: the showroom's SQLite database
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "crm-activity.h"
#include "crm-clock.h"
#include "crm-customer.h"
#include "crm-deal.h"
#include "crm-lead-notice.h"
#include "crm-staff.h"
#include "crm-test-drive.h"
#include "crm-vehicle.h"
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
  CRM_ENTITY_ESCALATION,     /*< nick=escalation >*/
  CRM_ENTITY_VEHICLE,        /*< nick=vehicle >*/
  CRM_ENTITY_TEST_DRIVE,     /*< nick=test-drive >*/
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

#define CRM_STORE_SCHEMA_VERSION 10

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
typedef void (*CrmStoreIdsFunc) (GArray   *ids,
                                 gpointer  user_data);
void          crm_store_query_customer_ids_paged_async (CrmStore          *self,
                                                  const CrmCustomerQuery *query,
                                                  guint              first_page,
                                                  CrmStoreIdsFunc    first_page_func,
                                                  gpointer           first_page_data,
                                                  GDestroyNotify     first_page_destroy,
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

/* Follow-ups: My Day, reminders, idle deals, escalation, care
 * (crm-store-followups.c) */
typedef struct
{
  gint64 staff_id;
  guint  overdue;
  guint  today;
  guint  upcoming;
} CrmFollowupCounts;

CrmActivity  *crm_store_get_activity             (CrmStore          *self,
                                                  gint64             id,
                                                  GError           **error);
GArray       *crm_store_query_open_followup_ids  (CrmStore          *self,
                                                  gint64             staff_id,
                                                  gint64             from,
                                                  gint64             to,
                                                  guint              limit,
                                                  GError           **error);
guint         crm_store_count_open_followups     (CrmStore          *self,
                                                  gint64             staff_id,
                                                  gint64             from,
                                                  gint64             to);
GArray       *crm_store_count_followups_by_staff (CrmStore          *self,
                                                  gint64             day_start,
                                                  gint64             day_end);
gint64        crm_store_get_next_planned_at      (CrmStore          *self,
                                                  gint64             staff_id,
                                                  gint64             after);
gint64        crm_store_get_open_followup_id     (CrmStore          *self,
                                                  gint64             customer_id);
gboolean      crm_store_complete_activity        (CrmStore          *self,
                                                  gint64             id,
                                                  CrmOutcome         outcome,
                                                  const char        *note,
                                                  gint64             done_at,
                                                  GError           **error);
gboolean      crm_store_reschedule_activity      (CrmStore          *self,
                                                  gint64             id,
                                                  gint64             planned_at,
                                                  GError           **error);
gint64        crm_store_insert_care_activity     (CrmStore          *self,
                                                  CrmActivity       *activity,
                                                  const char        *care,
                                                  GError           **error);
char         *crm_store_get_care                 (CrmStore          *self,
                                                  gint64             activity_id);
gboolean      crm_store_has_open_care            (CrmStore          *self,
                                                  gint64             customer_id,
                                                  const char        *care);
GArray       *crm_store_query_delivered_customer_ids (CrmStore      *self,
                                                  GError           **error);
GArray       *crm_store_query_idle_deal_ids      (CrmStore          *self,
                                                  gint64             staff_id,
                                                  gint64             idle_since,
                                                  GError           **error);
gboolean      crm_store_deal_is_idle             (CrmStore          *self,
                                                  gint64             deal_id,
                                                  gint64             idle_since);
gboolean      crm_store_customer_has_idle_deal   (CrmStore          *self,
                                                  gint64             customer_id,
                                                  gint64             idle_since);
gboolean      crm_store_get_deal_summary         (CrmStore          *self,
                                                  gint64             deal_id,
                                                  gint64            *customer_id,
                                                  gint64            *owner_id,
                                                  CrmStage          *stage);
gboolean      crm_store_record_escalation        (CrmStore          *self,
                                                  gint64             deal_id,
                                                  const char        *day,
                                                  gboolean          *already,
                                                  GError           **error);
guint         crm_store_count_done_for_deal      (CrmStore          *self,
                                                  gint64             deal_id);
gboolean      crm_store_deal_has_care            (CrmStore          *self,
                                                  gint64             deal_id);
/* Leads in: assignment, public pool, traffic log, grading
 * (crm-store-leads.c) */

typedef enum
{
  CRM_ASSIGN_MODE_NONE,         /*< nick=none >*/
  CRM_ASSIGN_MODE_ROUND_ROBIN,  /*< nick=round-robin >*/
  CRM_ASSIGN_MODE_FEWEST_OPEN,  /*< nick=fewest-open >*/
} CrmAssignMode;

/**
 * CrmLeadRules:
 * @mode: how a new lead without an owner gets one
 * @by_channel: only reps who take the lead's channel (when any rep does)
 * @by_brand: only reps who take the brand of the lead's model of interest
 *   (when any rep does)
 * @first_contact_minutes: a new lead is contacted within this many minutes
 *   of opening hours, else it goes to another rep (0 = never)
 * @open_from: opening hours, minutes after local midnight
 * @open_until: closing time, minutes after local midnight
 * @pool_days: days without a follow-up before a lead returns to the pool (0 = never)
 * @pool_warn_days: the rep is warned this many days before
 * @pool_hold_limit: a rep may hold at most this many customers when claiming
 *
 * The showroom's rules, kept in the meta table (keys "leads.*").
 */
typedef struct
{
  CrmAssignMode mode;
  gboolean      by_channel;
  gboolean      by_brand;
  int           first_contact_minutes;
  int           open_from;
  int           open_until;
  int           pool_days;
  int           pool_warn_days;
  int           pool_hold_limit;
} CrmLeadRules;

/* Why an assignment_log row was written (its reason column) */
#define CRM_ASSIGN_REASON_RULE          "rule"
#define CRM_ASSIGN_REASON_MANUAL        "manual"
#define CRM_ASSIGN_REASON_FIRST_CONTACT "first-contact-timeout"
#define CRM_ASSIGN_REASON_POOL_RELEASE  "pool-release"
#define CRM_ASSIGN_REASON_POOL_CLAIM    "pool-claim"
#define CRM_ASSIGN_REASON_STAFF_LEFT    "staff-left"

/* What a lead_notice row tells (its kind column) */
#define CRM_NOTICE_ASSIGNED             "assigned"
#define CRM_NOTICE_POOL_WARNING         "pool-warning"
#define CRM_NOTICE_POOL_RELEASED        "pool-released"
#define CRM_NOTICE_FIRST_CONTACT_MISSED "first-contact-missed"

typedef struct
{
  gint64  customer_id;
  gint64  from_staff;
  gint64  to_staff;
  gint64  by_staff;
  char   *reason;
  gint64  at;
} CrmAssignment;

/**
 * CrmLeadCandidate:
 * @id: the rep (sales, active, on duty)
 * @channels: the channels the rep takes, a mask of 1 << #CrmChannel (0: none set)
 * @brands: the brands the rep takes (%NULL when not asked for or none set)
 * @open_leads: the H and A customers the rep holds (0 when not asked for)
 * @last_assigned: when the rep last got a lead (0 when not asked for or never)
 *
 * A rep who may get a lead by the rule, as crm_store_list_lead_candidates()
 * reads them.
 */
typedef struct
{
  gint64  id;
  guint   channels;
  GStrv   brands;
  gint64  open_leads;
  gint64  last_assigned;
} CrmLeadCandidate;

/**
 * CrmPoolCursor:
 * @clock: the pool clock of the last customer looked at
 * @id: that customer's id
 *
 * How far a pool deadline (warning or release) got: every held customer
 * whose (pool clock, id) is at most this was looked at when it was due.
 * Pool clock: the last contact, else the assignment, else the creation.
 */
typedef struct
{
  gint64 clock;
  gint64 id;
} CrmPoolCursor;

typedef enum
{
  CRM_POOL_CURSOR_RELEASE,
  CRM_POOL_CURSOR_WARNING,
} CrmPoolCursorKind;

/**
 * CrmPoolDue:
 * @id: the customer
 * @owner_id: who holds them
 * @clock: their pool clock
 * @won: a deal of theirs is ordered or delivered
 * @warned: they were warned since their pool clock last moved
 *
 * A held customer whose pool clock passed a deadline, as
 * crm_store_list_pool_due() reads them.
 */
typedef struct
{
  gint64   id;
  gint64   owner_id;
  gint64   clock;
  gboolean won;
  gboolean warned;
} CrmPoolDue;

/* The facts a proposed intent grade is made from */
typedef struct
{
  CrmTimeframe timeframe;
  gint64       budget_max;         /* fen, 0 = unknown */
  gint64       model_price;        /* fen, 0 = unknown */
  guint        visits;
  gboolean     test_drive;
  gboolean     test_drive_logged;  /* from a deal or a follow-up, not set by hand */
  gboolean     trade_in;
  gboolean     financing_approved;
  CrmChannel   channel;
  double       channel_conversion; /* 0 … 1, or < 0 when too few leads to tell */
} CrmLeadFacts;

typedef struct
{
  gint64 walk_ins;        /* people on first visits */
  gint64 registered;      /* first visits linked to a customer record */
  gint64 visits;          /* all visits (groups) */
  gint64 repeat_visits;
  double registration_rate;  /* 留档率: registered ÷ walk-ins, 0 … 1 */
  double repeat_rate;        /* repeat visits ÷ visits */
} CrmTrafficStats;

void          crm_assignment_free                (CrmAssignment     *assignment);

void          crm_store_get_lead_rules           (CrmStore          *self,
                                                  CrmLeadRules      *rules);
gboolean      crm_store_set_lead_rules           (CrmStore          *self,
                                                  const CrmLeadRules *rules,
                                                  GError           **error);
gboolean      crm_store_get_staff_on_duty        (CrmStore          *self,
                                                  gint64             staff_id);
gboolean      crm_store_set_staff_on_duty        (CrmStore          *self,
                                                  gint64             staff_id,
                                                  gboolean           on_duty,
                                                  GError           **error);
guint         crm_store_get_staff_channels       (CrmStore          *self,
                                                  gint64             staff_id);
gboolean      crm_store_set_staff_channels       (CrmStore          *self,
                                                  gint64             staff_id,
                                                  guint              channel_mask,
                                                  GError           **error);
GStrv         crm_store_list_brands              (CrmStore          *self);
GStrv         crm_store_get_staff_brands         (CrmStore          *self,
                                                  gint64             staff_id);
gboolean      crm_store_set_staff_brand          (CrmStore          *self,
                                                  gint64             staff_id,
                                                  const char        *brand,
                                                  gboolean           takes,
                                                  GError           **error);

gboolean      crm_store_check_assignee           (CrmStore          *self,
                                                  gint64             staff_id,
                                                  GError           **error);
GArray       *crm_store_list_lead_candidates     (CrmStore          *self,
                                                  gboolean           with_load,
                                                  gboolean           with_brands,
                                                  GError           **error);
gboolean      crm_store_get_lead_owner           (CrmStore          *self,
                                                  gint64             customer_id,
                                                  gint64            *owner_id,
                                                  CrmChannel        *channel,
                                                  GError           **error);
char         *crm_store_dup_lead_brand           (CrmStore          *self,
                                                  gint64             customer_id);
gint64        crm_store_get_round_robin_last     (CrmStore          *self);
gboolean      crm_store_set_round_robin_last     (CrmStore          *self,
                                                  gint64             staff_id,
                                                  GError           **error);
gboolean      crm_store_write_assignment         (CrmStore          *self,
                                                  gint64             customer_id,
                                                  gint64             from_staff,
                                                  gint64             to_staff,
                                                  gint64             by_staff,
                                                  const char        *reason,
                                                  gint64             first_contact_due,
                                                  GError           **error);
gboolean      crm_store_add_lead_notice          (CrmStore          *self,
                                                  gint64             staff_id,
                                                  gboolean           for_managers,
                                                  gint64             customer_id,
                                                  const char        *kind,
                                                  GError           **error);
gboolean      crm_store_assign_customer          (CrmStore          *self,
                                                  gint64             customer_id,
                                                  gint64             to_staff,
                                                  gint64             by_staff,
                                                  const char        *reason,
                                                  GError           **error);
guint         crm_store_assign_bulk              (CrmStore          *self,
                                                  GArray            *customer_ids,
                                                  gint64             to_staff,
                                                  gint64             by_staff,
                                                  GError           **error);
guint         crm_store_staff_leave              (CrmStore          *self,
                                                  gint64             staff_id,
                                                  gint64             to_staff,
                                                  gint64             by_staff,
                                                  GError           **error);
gint64        crm_store_count_held               (CrmStore          *self,
                                                  gint64             staff_id);
gint64        crm_store_count_pool               (CrmStore          *self);

gboolean      crm_store_clear_contacted_first_contacts (CrmStore    *self,
                                                  GError           **error);
GArray       *crm_store_list_missed_first_contacts (CrmStore        *self,
                                                  gint64             now,
                                                  guint              limit,
                                                  GError           **error);
gboolean      crm_store_clear_first_contact_due  (CrmStore          *self,
                                                  gint64             customer_id,
                                                  GError           **error);
gint64        crm_store_get_next_first_contact_due (CrmStore        *self,
                                                  gint64             after);
gint64        crm_store_get_oldest_pool_clock    (CrmStore          *self,
                                                  gint64             after);
void          crm_store_get_pool_cursor          (CrmStore          *self,
                                                  CrmPoolCursorKind  kind,
                                                  CrmPoolCursor     *cursor);
gboolean      crm_store_set_pool_cursor          (CrmStore          *self,
                                                  CrmPoolCursorKind  kind,
                                                  const CrmPoolCursor *cursor,
                                                  GError           **error);
GArray       *crm_store_list_pool_due            (CrmStore          *self,
                                                  gint64             until,
                                                  const CrmPoolCursor *after,
                                                  guint              limit,
                                                  GError           **error);
gboolean      crm_store_mark_pool_warned         (CrmStore          *self,
                                                  gint64             customer_id,
                                                  gint64             at,
                                                  GError           **error);
GPtrArray    *crm_store_list_assignments         (CrmStore          *self,
                                                  gint64             customer_id);
GListModel   *crm_store_list_lead_notices        (CrmStore          *self,
                                                  gint64             staff_id,
                                                  gboolean           unseen_only);
guint         crm_store_count_unseen_lead_notices (CrmStore         *self,
                                                  gint64             staff_id,
                                                  guint              at_most);
gboolean      crm_store_mark_lead_notices_seen   (CrmStore          *self,
                                                  gint64             staff_id,
                                                  GError           **error);

gint64        crm_store_log_visit                (CrmStore          *self,
                                                  gint64             customer_id,
                                                  gboolean           repeat,
                                                  int                people,
                                                  gint64             staff_id,
                                                  gint64             at,
                                                  GError           **error);
void          crm_store_traffic_stats            (CrmStore          *self,
                                                  gint64             from,
                                                  gint64             until,
                                                  CrmTrafficStats   *stats);

gboolean      crm_store_get_lead_facts           (CrmStore          *self,
                                                  gint64             customer_id,
                                                  CrmLeadFacts      *facts,
                                                  GError           **error);
gboolean      crm_store_set_lead_facts           (CrmStore          *self,
                                                  gint64             customer_id,
                                                  gboolean           test_drive,
                                                  gboolean           trade_in,
                                                  gboolean           financing_approved,
                                                  GError           **error);
gboolean      crm_store_record_grade             (CrmStore          *self,
                                                  gint64             customer_id,
                                                  CrmGrade           grade,
                                                  CrmGrade           proposed,
                                                  int                score,
                                                  const char        *reason,
                                                  gint64             staff_id,
                                                  GError           **error);
guint         crm_store_count_grade_history      (CrmStore          *self,
                                                  gint64             customer_id);
void          crm_store_channel_conversion       (CrmStore          *self,
                                                  double             rates[CRM_N_CHANNELS]);

/* After another connection (an import in a worker thread) wrote customers */
void          crm_store_reload_customers         (CrmStore          *self);
void          crm_store_announce_customers       (CrmStore          *self,
                                                  GArray            *customer_ids);
/* Test-drive calendar: the fleet, the showroom's calendar rules, bookings */

/**
 * CrmCalendarSettings:
 * @open_minute: opening time, minutes after local midnight
 * @close_minute: closing time, minutes after local midnight
 * @slot_minutes: the default length of a test drive
 * @buffer_minutes: the time kept free between two drives of one car or one rep
 * @weekend_open_minute: opening time on Saturday and Sunday
 * @weekend_close_minute: closing time on Saturday and Sunday (showrooms
 *   often keep longer hours at the weekend, their busiest days)
 *
 * @open_minute and @close_minute are Monday to Friday's hours; see
 * crm_calendar_settings_get_hours() for a given day.
 */
typedef struct
{
  int open_minute;
  int close_minute;
  int slot_minutes;
  int buffer_minutes;
  int weekend_open_minute;
  int weekend_close_minute;
} CrmCalendarSettings;

void          crm_calendar_settings_get_hours    (const CrmCalendarSettings *settings,
                                                  int                weekday,
                                                  int               *open_minute,
                                                  int               *close_minute);

/* Why a booking was refused; the GError message says it in words */
typedef enum
{
  CRM_BOOKING_OK,                   /*< nick=ok >*/
  CRM_BOOKING_INVALID,              /*< nick=invalid >*/
  CRM_BOOKING_OUTSIDE_HOURS,        /*< nick=outside-hours >*/
  CRM_BOOKING_VEHICLE_UNAVAILABLE,  /*< nick=vehicle-unavailable >*/
  CRM_BOOKING_VEHICLE_BOOKED,       /*< nick=vehicle-booked >*/
  CRM_BOOKING_VEHICLE_BUFFER,       /*< nick=vehicle-buffer >*/
  CRM_BOOKING_REP_BOOKED,           /*< nick=rep-booked >*/
  CRM_BOOKING_REP_BUFFER,           /*< nick=rep-buffer >*/
} CrmBookingConflict;

#define CRM_TEST_DRIVE_MAX_MINUTES   240
#define CRM_TEST_DRIVE_REMINDER_LEAD (30 * 60)

void          crm_store_get_calendar_settings    (CrmStore          *self,
                                                  CrmCalendarSettings *settings);
gboolean      crm_store_set_calendar_settings    (CrmStore          *self,
                                                  const CrmCalendarSettings *settings,
                                                  GError           **error);

gint64        crm_store_insert_vehicle           (CrmStore          *self,
                                                  CrmVehicle        *vehicle,
                                                  GError           **error);
gboolean      crm_store_update_vehicle           (CrmStore          *self,
                                                  CrmVehicle        *vehicle,
                                                  GError           **error);
CrmVehicle   *crm_store_get_vehicle              (CrmStore          *self,
                                                  gint64             id,
                                                  GError           **error);
GListModel   *crm_store_list_vehicles            (CrmStore          *self,
                                                  gboolean           bookable_only);

CrmBookingConflict crm_store_check_test_drive    (CrmStore          *self,
                                                  CrmTestDrive      *test_drive,
                                                  GError           **error);
GArray       *crm_store_next_free_slots          (CrmStore          *self,
                                                  CrmTestDrive      *test_drive,
                                                  guint              n_slots);
gint64        crm_store_insert_test_drive        (CrmStore          *self,
                                                  CrmTestDrive      *test_drive,
                                                  GError           **error);
gboolean      crm_store_move_test_drive          (CrmStore          *self,
                                                  gint64             id,
                                                  gint64             vehicle_id,
                                                  gint64             start_at,
                                                  gint64             end_at,
                                                  GError           **error);
gboolean      crm_store_set_test_drive_status    (CrmStore          *self,
                                                  gint64             id,
                                                  CrmTestDriveStatus status,
                                                  const char        *feedback,
                                                  gint64             staff_id,
                                                  GError           **error);
CrmTestDrive *crm_store_get_test_drive           (CrmStore          *self,
                                                  gint64             id,
                                                  GError           **error);
GPtrArray    *crm_store_list_test_drives         (CrmStore          *self,
                                                  gint64             from,
                                                  gint64             to);
gboolean      crm_store_import_test_drives       (CrmStore          *self,
                                                  GPtrArray         *test_drives,
                                                  GError           **error);
gint64        crm_store_find_vehicle_by_plate    (CrmStore          *self,
                                                  const char        *plate);
gint64        crm_store_find_staff_by_name       (CrmStore          *self,
                                                  const char        *name);

/* Desktop notifications: test-drive reminders and lead notices (crm-store-notify.c) */
gint64        crm_store_get_next_test_drive_reminder   (CrmStore   *self,
                                                        gint64      staff_id,
                                                        gint64      now);
GArray       *crm_store_query_due_test_drive_reminders (CrmStore   *self,
                                                        gint64      staff_id,
                                                        gint64      now,
                                                        GError    **error);
gboolean      crm_store_mark_test_drives_reminded      (CrmStore   *self,
                                                        GArray     *ids,
                                                        GError    **error);
gboolean      crm_store_snooze_test_drive_reminder     (CrmStore   *self,
                                                        gint64      id,
                                                        gint64      until,
                                                        GError    **error);
GListModel   *crm_store_list_unnotified_lead_notices   (CrmStore   *self,
                                                        gint64      staff_id,
                                                        guint      *n_total);
gboolean      crm_store_mark_lead_notices_notified     (CrmStore   *self,
                                                        gint64      staff_id,
                                                        gint64      up_to_id,
                                                        GError    **error);
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

