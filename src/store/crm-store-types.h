/* crm-store-types.h: the values the store and its domain stores take and give
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "crm-activity.h"
#include "crm-clock.h"
#include "crm-customer.h"
#include "crm-deal.h"
#include "crm-lead-notice.h"
#include "crm-staff.h"
#include "crm-stock.h"
#include "crm-test-drive.h"
#include "crm-vehicle.h"
#include "crm-vehicle-model.h"

G_BEGIN_DECLS

/* What a "changed" signal is about; a change of the catalogue (models,
 * trims, colours, guide prices) is CRM_ENTITY_VEHICLE_MODEL, of a car in
 * stock CRM_ENTITY_STOCK */
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
  CRM_ENTITY_STOCK,          /*< nick=stock >*/
} CrmEntity;

/* The last kind of change, for a loop over every kind */
#define CRM_ENTITY_LAST CRM_ENTITY_STOCK

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
 * @rank: with search words, the best matches first (a whole name or
 *   number, then one that starts with the words, then the rest), each
 *   group by the latest contact; @sort is not used then
 */
typedef struct
{
  char            *search;
  int              grade;
  int              channel;
  gint64           owner_id;
  CrmCustomerSort  sort;
  gboolean         descending;
  gboolean         rank;
} CrmCustomerQuery;

void crm_customer_query_init  (CrmCustomerQuery *query);
void crm_customer_query_clear (CrmCustomerQuery *query);
void crm_customer_query_copy  (const CrmCustomerQuery *src,
                               CrmCustomerQuery       *dest);

/* Customers */
typedef void (*CrmStoreIdsFunc) (GArray   *ids,
                                 gpointer  user_data);

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

/* Follow-ups: My Day, reminders, idle deals, escalation, care
 * (crm-store-followups.c) */
typedef struct
{
  gint64 staff_id;
  guint  overdue;
  guint  today;
  guint  upcoming;
} CrmFollowupCounts;

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
 * @pool_days_grade: the same for each grade (a lead likely to buy soon is
 *   followed up sooner), 0 where the grade follows @pool_days; see
 *   crm_lead_rules_pool_days()
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
  int           pool_days_grade[CRM_N_GRADES];   /* by CrmGrade */
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
#define CRM_NOTICE_TEST_DRIVE_BOOKED    "test-drive-booked"

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

/* ------------------------------------------------------------------ */
/* Stock (crm-stock-store.c)                                           */

/**
 * CrmStockQuery:
 * @model_id: 0 for any catalogue model
 * @trim_id: 0 for any trim
 * @colour: a colour's name (of any trim), %NULL or "" for any
 * @status_mask: the statuses wanted, 1 << #CrmStockStatus each; 0 for any
 * @min_age_days: only cars at least this many days in stock (0: any car,
 *   arrived or not)
 *
 * The stock list's filters. Cars come oldest arrival first, the cars not
 * arrived last, each kind by id.
 */
typedef struct
{
  gint64 model_id;
  gint64 trim_id;
  char  *colour;
  guint  status_mask;
  guint  min_age_days;
} CrmStockQuery;

#define CRM_STOCK_STATUS_BIT(status) (1u << (status))

/* Where a page of the stock list ended: the next page starts after it */
typedef struct
{
  gint64 arrival_key;   /* arrived_at, or G_MAXINT64 for a car not arrived */
  gint64 id;
} CrmStockCursor;

/**
 * CrmStockHealthRow:
 * @model_id: the catalogue model, 0 for the whole showroom
 * @ordered: cars ordered from the factory, not yet shipped
 * @in_transit: cars on their way
 * @in_stock: cars in the showroom's stock, reserved ones included
 * @reserved: of those, the ones reserved for a deal
 * @value_fen: what the cars in transit and in stock cost (库存金额)
 * @over_threshold: cars in stock longer than the ageing threshold
 * @over_overdue: cars in stock longer than CRM_STOCK_OVERDUE_DAYS (超期)
 * @sales: deals first ordered in the three months of the health's window
 * @coefficient: the stock coefficient (库存系数): cars in transit and in
 *   stock ÷ the average monthly sales of the window; -1 without sales
 */
typedef struct
{
  gint64 model_id;
  guint  ordered;
  guint  in_transit;
  guint  in_stock;
  guint  reserved;
  gint64 value_fen;
  guint  over_threshold;
  guint  over_overdue;
  guint  sales;
  double coefficient;
} CrmStockHealthRow;

/**
 * CrmStockHealth:
 * @ageing_days: the showroom's ageing threshold it was counted with
 * @sales_start: the first of the three whole months before the current
 *   one (midnight in the showroom's zone, UTC seconds)
 * @sales_end: the first day of the current month: sales are counted in
 *   [@sales_start, @sales_end)
 * @total: the whole showroom
 * @models: (element-type CrmStockHealthRow): per catalogue model with any
 *   car not sold or any sale, by model id
 */
typedef struct
{
  int                ageing_days;
  gint64             sales_start;
  gint64             sales_end;
  CrmStockHealthRow  total;
  GArray            *models;
} CrmStockHealth;

void        crm_stock_query_init          (CrmStockQuery       *query);
void        crm_stock_query_clear         (CrmStockQuery       *query);
void        crm_stock_health_clear        (CrmStockHealth      *health);

char       *crm_store_kpi_dump_sql        (gint64              start,
                                           gint64              end,
                                           gint64              window_start,
                                           gint64              window_end,
                                           gint64              owner_id,
                                           gint64              now);

G_END_DECLS
