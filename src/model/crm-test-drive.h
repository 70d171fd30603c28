/* crm-test-drive.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "crm-enums.h"

G_BEGIN_DECLS

typedef enum
{
  CRM_TEST_DRIVE_BOOKED,      /*< nick=booked >*/
  CRM_TEST_DRIVE_CONFIRMED,   /*< nick=confirmed >*/
  CRM_TEST_DRIVE_CHECKED_IN,  /*< nick=checked-in >*/
  CRM_TEST_DRIVE_COMPLETED,   /*< nick=completed >*/
  CRM_TEST_DRIVE_NO_SHOW,     /*< nick=no-show >*/
  CRM_TEST_DRIVE_CANCELLED,   /*< nick=cancelled >*/
} CrmTestDriveStatus;

#define CRM_N_TEST_DRIVE_STATUSES 6

const char *crm_test_drive_status_get_label  (CrmTestDriveStatus status);
gboolean    crm_test_drive_status_is_active  (CrmTestDriveStatus status);
gboolean    crm_test_drive_status_can_change (CrmTestDriveStatus from,
                                              CrmTestDriveStatus to);


#define CRM_TYPE_TEST_DRIVE (crm_test_drive_get_type ())
G_DECLARE_FINAL_TYPE (CrmTestDrive, crm_test_drive, CRM, TEST_DRIVE, GObject)

CrmTestDrive *crm_test_drive_new (void);
gint64 crm_test_drive_get_id (CrmTestDrive *self);
void crm_test_drive_set_id (CrmTestDrive *self,
    gint64 id);
gint64 crm_test_drive_get_customer_id (CrmTestDrive *self);
void crm_test_drive_set_customer_id (CrmTestDrive *self,
    gint64 customer_id);
gint64 crm_test_drive_get_vehicle_id (CrmTestDrive *self);
void crm_test_drive_set_vehicle_id (CrmTestDrive *self,
    gint64 vehicle_id);
gint64 crm_test_drive_get_staff_id (CrmTestDrive *self);
void crm_test_drive_set_staff_id (CrmTestDrive *self,
    gint64 staff_id);
gint64 crm_test_drive_get_deal_id (CrmTestDrive *self);
void crm_test_drive_set_deal_id (CrmTestDrive *self,
    gint64 deal_id);
gint64 crm_test_drive_get_start_at (CrmTestDrive *self);
void crm_test_drive_set_start_at (CrmTestDrive *self,
    gint64 start_at);
gint64 crm_test_drive_get_end_at (CrmTestDrive *self);
void crm_test_drive_set_end_at (CrmTestDrive *self,
    gint64 end_at);
CrmTestDriveStatus crm_test_drive_get_status (CrmTestDrive *self);
void crm_test_drive_set_status (CrmTestDrive *self,
    CrmTestDriveStatus status);
const char *crm_test_drive_get_feedback (CrmTestDrive *self);
void crm_test_drive_set_feedback (CrmTestDrive *self,
    const char *feedback);
gint64 crm_test_drive_get_reminder_at (CrmTestDrive *self);
void crm_test_drive_set_reminder_at (CrmTestDrive *self,
    gint64 reminder_at);
const char *crm_test_drive_get_customer_name (CrmTestDrive *self);
void crm_test_drive_set_customer_name (CrmTestDrive *self,
    const char *customer_name);
const char *crm_test_drive_get_vehicle_label (CrmTestDrive *self);
void crm_test_drive_set_vehicle_label (CrmTestDrive *self,
    const char *vehicle_label);
const char *crm_test_drive_get_staff_name (CrmTestDrive *self);
void crm_test_drive_set_staff_name (CrmTestDrive *self,
    const char *staff_name);

G_END_DECLS
