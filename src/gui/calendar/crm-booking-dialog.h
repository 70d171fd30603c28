/* crm-booking-dialog.h: book a test drive
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "crm-context.h"

G_BEGIN_DECLS

#define CRM_TYPE_BOOKING_DIALOG (crm_booking_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CrmBookingDialog, crm_booking_dialog, CRM, BOOKING_DIALOG, AdwWindow)

CrmBookingDialog *crm_booking_dialog_new              (CrmContext       *context,
                                                       GtkWindow        *parent);
void              crm_booking_dialog_set_slot         (CrmBookingDialog *self,
                                                       gint64            start,
                                                       gint64            end,
                                                       gint64            vehicle_id);
void              crm_booking_dialog_set_new_customer (CrmBookingDialog *self,
                                                       const char       *name,
                                                       const char       *phone);
void              crm_booking_dialog_search           (CrmBookingDialog *self,
                                                       const char       *text);
gint64            crm_booking_dialog_book             (CrmBookingDialog *self);
const char       *crm_booking_dialog_get_error        (CrmBookingDialog *self);
guint             crm_booking_dialog_get_n_slots      (CrmBookingDialog *self);

G_END_DECLS
