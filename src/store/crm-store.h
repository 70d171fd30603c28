/* crm-store.h: the showroom's SQLite database
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "crm-activity.h"
#include "crm-clock.h"
#include "crm-customer.h"
#include "crm-deal.h"
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

#define CRM_STORE_SCHEMA_VERSION 3

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

/* Test-drive calendar: the fleet, the showroom's calendar rules, bookings */

/**
 * CrmCalendarSettings:
 * @open_minute: opening time, minutes after local midnight
 * @close_minute: closing time, minutes after local midnight
 * @slot_minutes: the default length of a test drive
 * @buffer_minutes: the time kept free between two drives of one car or one rep
 */
typedef struct
{
  int open_minute;
  int close_minute;
  int slot_minutes;
  int buffer_minutes;
} CrmCalendarSettings;

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

G_END_DECLS
