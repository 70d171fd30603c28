/* crm-customer.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "crm-enums.h"

G_BEGIN_DECLS

#define CRM_TYPE_CUSTOMER (crm_customer_get_type ())
G_DECLARE_FINAL_TYPE (CrmCustomer, crm_customer, CRM, CUSTOMER, GObject)

/* Properties (all read-write, G_PARAM_EXPLICIT_NOTIFY, notify only on change):
 *  "id"                gint64
 *  "name"              string
 *  "phones"            GStrv   normalised numbers, primary first
 *  "phone"             string  read-only: the first of "phones" or NULL
 *  "wechat"            string
 *  "gender"            CrmGender
 *  "city"              string
 *  "channel"           CrmChannel
 *  "grade"             CrmGrade
 *  "budget-min"        gint64  fen, 0 = not known
 *  "budget-max"        gint64  fen, 0 = not known
 *  "timeframe"         CrmTimeframe
 *  "tags"              GStrv   interest tags
 *  "model-ids"         GVariant "ax" (models of interest, catalogue ids), never NULL
 *  "models-label"      string  the models of interest as text, for display
 *  "owner-id"          gint64  0 = no owner (public pool)
 *  "owner-name"        string  display only, filled by the store
 *  "birthday"          string  "YYYY-MM-DD" or NULL
 *  "notes"             string
 *  "created-at"        gint64  UTC seconds
 *  "updated-at"        gint64  UTC seconds
 *  "updated-by"        gint64  who saved it last (staff id), 0 = unknown
 *  "version"           gint64  the row's version when read, 0 = not checked
 *  "last-contact-at"   gint64  UTC seconds of the last done activity, 0 = none
 *  "next-followup-at"  gint64  UTC seconds of the next planned activity, 0 = none
 */
CrmCustomer        *crm_customer_new                  (void);
CrmCustomer        *crm_customer_copy                 (CrmCustomer        *self);
void                crm_customer_assign               (CrmCustomer        *self,
                                                       CrmCustomer        *from);

gint64              crm_customer_get_id               (CrmCustomer        *self);
void                crm_customer_set_id               (CrmCustomer        *self,
                                                       gint64              id);
const char         *crm_customer_get_name             (CrmCustomer        *self);
void                crm_customer_set_name             (CrmCustomer        *self,
                                                       const char         *name);
const char * const *crm_customer_get_phones           (CrmCustomer        *self);
void                crm_customer_set_phones           (CrmCustomer        *self,
                                                       const char * const *phones);
const char         *crm_customer_get_phone            (CrmCustomer        *self);
const char         *crm_customer_get_wechat           (CrmCustomer        *self);
void                crm_customer_set_wechat           (CrmCustomer        *self,
                                                       const char         *wechat);
CrmGender           crm_customer_get_gender           (CrmCustomer        *self);
void                crm_customer_set_gender           (CrmCustomer        *self,
                                                       CrmGender           gender);
const char         *crm_customer_get_city             (CrmCustomer        *self);
void                crm_customer_set_city             (CrmCustomer        *self,
                                                       const char         *city);
CrmChannel          crm_customer_get_channel          (CrmCustomer        *self);
void                crm_customer_set_channel          (CrmCustomer        *self,
                                                       CrmChannel          channel);
CrmGrade            crm_customer_get_grade            (CrmCustomer        *self);
void                crm_customer_set_grade            (CrmCustomer        *self,
                                                       CrmGrade            grade);
gint64              crm_customer_get_budget_min       (CrmCustomer        *self);
void                crm_customer_set_budget_min       (CrmCustomer        *self,
                                                       gint64              fen);
gint64              crm_customer_get_budget_max       (CrmCustomer        *self);
void                crm_customer_set_budget_max       (CrmCustomer        *self,
                                                       gint64              fen);
CrmTimeframe        crm_customer_get_timeframe        (CrmCustomer        *self);
void                crm_customer_set_timeframe        (CrmCustomer        *self,
                                                       CrmTimeframe        timeframe);
const char * const *crm_customer_get_tags             (CrmCustomer        *self);
void                crm_customer_set_tags             (CrmCustomer        *self,
                                                       const char * const *tags);
GVariant           *crm_customer_get_model_ids        (CrmCustomer        *self);
void                crm_customer_set_model_ids        (CrmCustomer        *self,
                                                       GVariant           *ids);
const char         *crm_customer_get_models_label     (CrmCustomer        *self);
void                crm_customer_set_models_label     (CrmCustomer        *self,
                                                       const char         *label);
gint64              crm_customer_get_owner_id         (CrmCustomer        *self);
void                crm_customer_set_owner_id         (CrmCustomer        *self,
                                                       gint64              staff_id);
const char         *crm_customer_get_owner_name       (CrmCustomer        *self);
void                crm_customer_set_owner_name       (CrmCustomer        *self,
                                                       const char         *name);
const char         *crm_customer_get_birthday         (CrmCustomer        *self);
void                crm_customer_set_birthday         (CrmCustomer        *self,
                                                       const char         *iso_date);
const char         *crm_customer_get_notes            (CrmCustomer        *self);
void                crm_customer_set_notes            (CrmCustomer        *self,
                                                       const char         *notes);
gint64              crm_customer_get_created_at       (CrmCustomer        *self);
void                crm_customer_set_created_at       (CrmCustomer        *self,
                                                       gint64              t);
gint64              crm_customer_get_updated_by       (CrmCustomer        *self);
void                crm_customer_set_updated_by       (CrmCustomer        *self,
                                                       gint64              staff_id);
gint64              crm_customer_get_version          (CrmCustomer        *self);
void                crm_customer_set_version          (CrmCustomer        *self,
                                                       gint64              version);
gint64              crm_customer_get_updated_at       (CrmCustomer        *self);
void                crm_customer_set_updated_at       (CrmCustomer        *self,
                                                       gint64              t);
gint64              crm_customer_get_last_contact_at  (CrmCustomer        *self);
void                crm_customer_set_last_contact_at  (CrmCustomer        *self,
                                                       gint64              t);
gint64              crm_customer_get_next_followup_at (CrmCustomer        *self);
void                crm_customer_set_next_followup_at (CrmCustomer        *self,
                                                       gint64              t);

G_END_DECLS
