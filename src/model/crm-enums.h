/* crm-enums.h: the showroom's vocabulary
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Every enum is stored in the database by its code (the GEnumValue nick),
 * never by its number, so the order here may change without a migration. */

typedef enum
{
  CRM_ROLE_SALES,       /*< nick=sales >*/
  CRM_ROLE_RECEPTION,   /*< nick=reception >*/
  CRM_ROLE_MANAGER,     /*< nick=manager >*/
} CrmRole;

typedef enum
{
  CRM_GRADE_N,  /*< nick=N >*/
  CRM_GRADE_H,  /*< nick=H >*/
  CRM_GRADE_A,  /*< nick=A >*/
  CRM_GRADE_B,  /*< nick=B >*/
  CRM_GRADE_C,  /*< nick=C >*/
} CrmGrade;

typedef enum
{
  CRM_GENDER_UNKNOWN, /*< nick=unknown >*/
  CRM_GENDER_MALE,    /*< nick=male >*/
  CRM_GENDER_FEMALE,  /*< nick=female >*/
} CrmGender;

typedef enum
{
  CRM_CHANNEL_UNKNOWN,    /*< nick=unknown >*/
  CRM_CHANNEL_AUTOHOME,   /*< nick=autohome >*/
  CRM_CHANNEL_DONGCHEDI,  /*< nick=dongchedi >*/
  CRM_CHANNEL_YICHE,      /*< nick=yiche >*/
  CRM_CHANNEL_DOUYIN,     /*< nick=douyin >*/
  CRM_CHANNEL_WEBSITE,    /*< nick=website >*/
  CRM_CHANNEL_WECHAT,     /*< nick=wechat >*/
  CRM_CHANNEL_WALK_IN,    /*< nick=walk-in >*/
  CRM_CHANNEL_PHONE,      /*< nick=phone >*/
  CRM_CHANNEL_REFERRAL,   /*< nick=referral >*/
  CRM_CHANNEL_AUTO_SHOW,  /*< nick=auto-show >*/
  CRM_CHANNEL_REPEAT,     /*< nick=repeat >*/
} CrmChannel;

typedef enum
{
  CRM_STAGE_NEW_LEAD,     /*< nick=new-lead >*/
  CRM_STAGE_INVITED,      /*< nick=invited >*/
  CRM_STAGE_VISITED,      /*< nick=visited >*/
  CRM_STAGE_TEST_DRIVE,   /*< nick=test-drive >*/
  CRM_STAGE_NEGOTIATION,  /*< nick=negotiation >*/
  CRM_STAGE_ORDERED,      /*< nick=ordered >*/
  CRM_STAGE_DELIVERED,    /*< nick=delivered >*/
  CRM_STAGE_LOST,         /*< nick=lost >*/
  CRM_STAGE_INVALID,      /*< nick=invalid >*/
} CrmStage;

typedef enum
{
  CRM_LOST_REASON_NONE,         /*< nick=none >*/
  CRM_LOST_REASON_PRICE,        /*< nick=price >*/
  CRM_LOST_REASON_COMPETITOR,   /*< nick=competitor >*/
  CRM_LOST_REASON_FINANCING,    /*< nick=financing >*/
  CRM_LOST_REASON_POSTPONED,    /*< nick=postponed >*/
  CRM_LOST_REASON_UNREACHABLE,  /*< nick=unreachable >*/
  CRM_LOST_REASON_OTHER,        /*< nick=other >*/
} CrmLostReason;

typedef enum
{
  CRM_ACTIVITY_CALL,        /*< nick=call >*/
  CRM_ACTIVITY_VISIT,       /*< nick=visit >*/
  CRM_ACTIVITY_WECHAT,      /*< nick=wechat >*/
  CRM_ACTIVITY_SMS,         /*< nick=sms >*/
  CRM_ACTIVITY_TEST_DRIVE,  /*< nick=test-drive >*/
  CRM_ACTIVITY_QUOTE,       /*< nick=quote >*/
} CrmActivityKind;

typedef enum
{
  CRM_OUTCOME_NONE,           /*< nick=none >*/
  CRM_OUTCOME_REACHED,        /*< nick=reached >*/
  CRM_OUTCOME_NO_ANSWER,      /*< nick=no-answer >*/
  CRM_OUTCOME_APPOINTMENT,    /*< nick=appointment >*/
  CRM_OUTCOME_CALL_BACK,      /*< nick=call-back >*/
  CRM_OUTCOME_NOT_INTERESTED, /*< nick=not-interested >*/
} CrmOutcome;

typedef enum
{
  CRM_TIMEFRAME_UNKNOWN,    /*< nick=unknown >*/
  CRM_TIMEFRAME_WEEK,       /*< nick=week >*/
  CRM_TIMEFRAME_FORTNIGHT,  /*< nick=fortnight >*/
  CRM_TIMEFRAME_MONTH,      /*< nick=month >*/
  CRM_TIMEFRAME_QUARTER,    /*< nick=quarter >*/
  CRM_TIMEFRAME_LATER,      /*< nick=later >*/
} CrmTimeframe;

/* The lines of a quote; discounts and the trade-in are credits (amounts
 * below zero), see crm_quote_line_kind_is_credit() */
typedef enum
{
  CRM_QUOTE_LINE_VEHICLE,               /*< nick=vehicle >*/
  CRM_QUOTE_LINE_DISCOUNT,              /*< nick=discount >*/
  CRM_QUOTE_LINE_PURCHASE_TAX,          /*< nick=purchase-tax >*/
  CRM_QUOTE_LINE_COMPULSORY_INSURANCE,  /*< nick=compulsory-insurance >*/
  CRM_QUOTE_LINE_VEHICLE_TAX,           /*< nick=vehicle-tax >*/
  CRM_QUOTE_LINE_COMMERCIAL_INSURANCE,  /*< nick=commercial-insurance >*/
  CRM_QUOTE_LINE_PLATE_FEE,             /*< nick=plate-fee >*/
  CRM_QUOTE_LINE_ACCESSORIES,           /*< nick=accessories >*/
  CRM_QUOTE_LINE_EXTENDED_WARRANTY,     /*< nick=extended-warranty >*/
  CRM_QUOTE_LINE_TRADE_IN,              /*< nick=trade-in >*/
  CRM_QUOTE_LINE_TRADE_IN_SUBSIDY,      /*< nick=trade-in-subsidy >*/
  CRM_QUOTE_LINE_FINANCE_FEE,           /*< nick=finance-fee >*/
} CrmQuoteLineKind;

/* Where a car of the showroom's stock (库存) stands, from the factory
 * order to the customer: a car "reserved" waits in the showroom for the
 * deal it is reserved for (a car ordered or in transit may be reserved
 * too, and keeps its status until it arrives) */
typedef enum
{
  CRM_STOCK_ORDERED,     /*< nick=ordered >*/
  CRM_STOCK_IN_TRANSIT,  /*< nick=in-transit >*/
  CRM_STOCK_IN_STOCK,    /*< nick=in-stock >*/
  CRM_STOCK_RESERVED,    /*< nick=reserved >*/
  CRM_STOCK_SOLD,        /*< nick=sold >*/
  CRM_STOCK_DELIVERED,   /*< nick=delivered >*/
} CrmStockStatus;

/* Codes as stored in the database (the GEnumValue nick); _from_code()
 * returns FALSE for an unknown code and leaves *out untouched. */
const char *crm_enum_to_code   (GType        enum_type,
                                int          value);
gboolean    crm_enum_from_code (GType        enum_type,
                                const char  *code,
                                int         *out);

/* Translated names for people */
const char *crm_role_get_label          (CrmRole         role);
const char *crm_grade_get_label         (CrmGrade        grade);
const char *crm_grade_get_description   (CrmGrade        grade);
const char *crm_gender_get_label        (CrmGender       gender);
const char *crm_channel_get_label       (CrmChannel      channel);
const char *crm_stage_get_label         (CrmStage        stage);
const char *crm_lost_reason_get_label   (CrmLostReason   reason);
const char *crm_activity_kind_get_label (CrmActivityKind kind);
const char *crm_outcome_get_label       (CrmOutcome      outcome);
const char *crm_timeframe_get_label     (CrmTimeframe    timeframe);
const char *crm_quote_line_kind_get_label (CrmQuoteLineKind kind);
const char *crm_stock_status_get_label  (CrmStockStatus  status);

gboolean    crm_stage_is_open           (CrmStage        stage);
gboolean    crm_quote_line_kind_is_credit (CrmQuoteLineKind kind);
gboolean    crm_stock_status_can_become (CrmStockStatus from,
                                         CrmStockStatus to);

#define CRM_N_GRADES       5
#define CRM_N_CHANNELS     12
#define CRM_N_STAGES       9
#define CRM_N_ACTIVITY_KINDS 6
#define CRM_N_OUTCOMES     6
#define CRM_N_TIMEFRAMES   6
#define CRM_N_LOST_REASONS 7
#define CRM_N_ROLES        3
#define CRM_N_GENDERS      3
#define CRM_N_QUOTE_LINE_KINDS 12
#define CRM_N_STOCK_STATUSES 6

G_END_DECLS
