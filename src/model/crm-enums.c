/* crm-enums.c: codes and translated names for the showroom's vocabulary
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-enums"

#include "config.h"

#include <glib/gi18n.h>

#include "crm-enums.h"
#include "crm-model-enum-types.h"

static const char * const role_labels[] = {
  [CRM_ROLE_SALES]     = N_("Sales consultant"),
  [CRM_ROLE_RECEPTION] = N_("Reception"),
  [CRM_ROLE_MANAGER]   = N_("Sales manager"),
};

/* The grade letters are the industry's own shorthand (H/A/B/C), the same in
 * every language, so they are not marked for translation. */
static const char * const grade_labels[] = {
  [CRM_GRADE_N] = "N",
  [CRM_GRADE_H] = "H",
  [CRM_GRADE_A] = "A",
  [CRM_GRADE_B] = "B",
  [CRM_GRADE_C] = "C",
};

static const char * const grade_descriptions[] = {
  [CRM_GRADE_N] = N_("Not yet graded"),
  [CRM_GRADE_H] = N_("Buys within 7 days"),
  [CRM_GRADE_A] = N_("Buys within 15 days"),
  [CRM_GRADE_B] = N_("Buys within 30 days"),
  [CRM_GRADE_C] = N_("Buys later (2–3 months)"),
};

static const char * const gender_labels[] = {
  [CRM_GENDER_UNKNOWN] = N_("Not given"),
  [CRM_GENDER_MALE]    = N_("Male"),
  [CRM_GENDER_FEMALE]  = N_("Female"),
};

static const char * const channel_labels[] = {
  [CRM_CHANNEL_UNKNOWN]   = N_("Unknown"),
  [CRM_CHANNEL_AUTOHOME]  = N_("Autohome"),
  [CRM_CHANNEL_DONGCHEDI] = N_("Dongchedi"),
  [CRM_CHANNEL_YICHE]     = N_("Yiche"),
  [CRM_CHANNEL_DOUYIN]    = N_("Douyin"),
  [CRM_CHANNEL_WEBSITE]   = N_("Brand website"),
  [CRM_CHANNEL_WECHAT]    = N_("WeChat"),
  [CRM_CHANNEL_WALK_IN]   = N_("Walk-in"),
  [CRM_CHANNEL_PHONE]     = N_("Phone"),
  [CRM_CHANNEL_REFERRAL]  = N_("Referral"),
  [CRM_CHANNEL_AUTO_SHOW] = N_("Auto show"),
  [CRM_CHANNEL_REPEAT]    = N_("Repeat buyer"),
};

static const char * const stage_labels[] = {
  [CRM_STAGE_NEW_LEAD]    = NC_("stage", "New lead"),
  [CRM_STAGE_INVITED]     = NC_("stage", "Invited"),
  [CRM_STAGE_VISITED]     = NC_("stage", "Visited"),
  [CRM_STAGE_TEST_DRIVE]  = NC_("stage", "Test drive"),
  [CRM_STAGE_NEGOTIATION] = NC_("stage", "Negotiation"),
  [CRM_STAGE_ORDERED]     = NC_("stage", "Ordered"),
  [CRM_STAGE_DELIVERED]   = NC_("stage", "Delivered"),
  [CRM_STAGE_LOST]        = NC_("stage", "Lost"),
  [CRM_STAGE_INVALID]     = NC_("stage", "Invalid"),
};

static const char * const lost_reason_labels[] = {
  [CRM_LOST_REASON_NONE]        = N_("None"),
  [CRM_LOST_REASON_PRICE]       = N_("Price"),
  [CRM_LOST_REASON_COMPETITOR]  = N_("Chose a competitor brand"),
  [CRM_LOST_REASON_FINANCING]   = N_("Financing refused"),
  [CRM_LOST_REASON_POSTPONED]   = N_("Purchase postponed"),
  [CRM_LOST_REASON_UNREACHABLE] = N_("Unreachable"),
  [CRM_LOST_REASON_OTHER]       = N_("Other"),
};

static const char * const activity_kind_labels[] = {
  [CRM_ACTIVITY_CALL]       = NC_("activity kind", "Call"),
  [CRM_ACTIVITY_VISIT]      = NC_("activity kind", "Showroom visit"),
  [CRM_ACTIVITY_WECHAT]     = NC_("activity kind", "WeChat"),
  [CRM_ACTIVITY_SMS]        = NC_("activity kind", "SMS"),
  [CRM_ACTIVITY_TEST_DRIVE] = NC_("activity kind", "Test drive"),
  [CRM_ACTIVITY_QUOTE]      = NC_("activity kind", "Quote"),
};

static const char * const outcome_labels[] = {
  [CRM_OUTCOME_NONE]           = N_("Planned"),
  [CRM_OUTCOME_REACHED]        = N_("Reached"),
  [CRM_OUTCOME_NO_ANSWER]      = N_("No response"),
  [CRM_OUTCOME_APPOINTMENT]    = N_("Appointment made"),
  [CRM_OUTCOME_CALL_BACK]      = N_("Call back later"),
  [CRM_OUTCOME_NOT_INTERESTED] = N_("Not interested"),
};

static const char * const timeframe_labels[] = {
  [CRM_TIMEFRAME_UNKNOWN]   = N_("Not known"),
  [CRM_TIMEFRAME_WEEK]      = N_("Within 7 days"),
  [CRM_TIMEFRAME_FORTNIGHT] = N_("Within 15 days"),
  [CRM_TIMEFRAME_MONTH]     = N_("Within 30 days"),
  [CRM_TIMEFRAME_QUARTER]   = N_("Within 3 months"),
  [CRM_TIMEFRAME_LATER]     = N_("Later"),
};

/* The words a 4S showroom's quote sheet uses (购置税, 交强险, 车船税 …) are
 * in the translations; the context keeps "Discount" or "Trade-in" here
 * apart from the same English words elsewhere in the program. */
static const char * const quote_line_kind_labels[] = {
  [CRM_QUOTE_LINE_VEHICLE]              = NC_("quote line", "Vehicle price"),
  [CRM_QUOTE_LINE_DISCOUNT]             = NC_("quote line", "Discount"),
  [CRM_QUOTE_LINE_PURCHASE_TAX]         = NC_("quote line", "Purchase tax"),
  [CRM_QUOTE_LINE_COMPULSORY_INSURANCE] = NC_("quote line", "Compulsory traffic insurance"),
  [CRM_QUOTE_LINE_VEHICLE_TAX]          = NC_("quote line", "Vehicle and vessel tax"),
  [CRM_QUOTE_LINE_COMMERCIAL_INSURANCE] = NC_("quote line", "Commercial insurance"),
  [CRM_QUOTE_LINE_PLATE_FEE]            = NC_("quote line", "Licence-plate fee"),
  [CRM_QUOTE_LINE_ACCESSORIES]          = NC_("quote line", "Accessories"),
  [CRM_QUOTE_LINE_EXTENDED_WARRANTY]    = NC_("quote line", "Extended warranty"),
  [CRM_QUOTE_LINE_TRADE_IN]             = NC_("quote line", "Trade-in"),
  [CRM_QUOTE_LINE_TRADE_IN_SUBSIDY]     = NC_("quote line", "Trade-in subsidy"),
  [CRM_QUOTE_LINE_FINANCE_FEE]          = NC_("quote line", "Finance fee"),
};

/* Each status of a car in stock, named as a 4S store's stock list names
 * it (工厂订单, 在途, 在库, 已预留, 已售, 已交车, in the translations;
 * "Delivered" is also a stage), and where a person may move a car on
 * to. Reserving and releasing a car go through its deal
 * (crm_stock_store_reserve()), not through a change of status. */
#define STOCK_BIT(status) (1u << CRM_STOCK_##status)

static const struct {
  const char *label;
  guint       next;
} stock_statuses[] = {
  [CRM_STOCK_ORDERED]    = { NC_("stock status", "Ordered from factory"), STOCK_BIT (IN_TRANSIT) | STOCK_BIT (IN_STOCK) },
  [CRM_STOCK_IN_TRANSIT] = { NC_("stock status", "In transit"), STOCK_BIT (IN_STOCK) },
  [CRM_STOCK_IN_STOCK]   = { NC_("stock status", "In stock"), STOCK_BIT (SOLD) },
  [CRM_STOCK_RESERVED]   = { NC_("stock status", "Reserved"), STOCK_BIT (SOLD) },
  [CRM_STOCK_SOLD]       = { NC_("stock status", "Sold"), STOCK_BIT (DELIVERED) },
  [CRM_STOCK_DELIVERED]  = { NC_("stock status", "Delivered"), 0 },
};

/* A table that falls out of step with its enum must not compile. */
G_STATIC_ASSERT (G_N_ELEMENTS (role_labels) == CRM_N_ROLES);
G_STATIC_ASSERT (G_N_ELEMENTS (grade_labels) == CRM_N_GRADES);
G_STATIC_ASSERT (G_N_ELEMENTS (grade_descriptions) == CRM_N_GRADES);
G_STATIC_ASSERT (G_N_ELEMENTS (gender_labels) == CRM_N_GENDERS);
G_STATIC_ASSERT (G_N_ELEMENTS (channel_labels) == CRM_N_CHANNELS);
G_STATIC_ASSERT (G_N_ELEMENTS (stage_labels) == CRM_N_STAGES);
G_STATIC_ASSERT (G_N_ELEMENTS (lost_reason_labels) == CRM_N_LOST_REASONS);
G_STATIC_ASSERT (G_N_ELEMENTS (activity_kind_labels) == CRM_N_ACTIVITY_KINDS);
G_STATIC_ASSERT (G_N_ELEMENTS (outcome_labels) == CRM_N_OUTCOMES);
G_STATIC_ASSERT (G_N_ELEMENTS (timeframe_labels) == CRM_N_TIMEFRAMES);
G_STATIC_ASSERT (G_N_ELEMENTS (quote_line_kind_labels) == CRM_N_QUOTE_LINE_KINDS);
G_STATIC_ASSERT (G_N_ELEMENTS (stock_statuses) == CRM_N_STOCK_STATUSES);

static GEnumClass *
get_enum_class (GType enum_type)
{
  GEnumClass *klass;

  g_assert (G_TYPE_IS_ENUM (enum_type));

  /* The first lookup takes a reference that is never dropped: codes are
   * converted for every row read or written, and a class that came and went
   * with each call would be rebuilt each time. */
  klass = g_type_class_peek (enum_type);
  if (klass == NULL)
    klass = g_type_class_ref (enum_type);

  return klass;
}

/**
 * crm_enum_to_code:
 * @enum_type: one of the CRM_TYPE_* enum types
 * @value: a value of @enum_type
 *
 * Returns: (transfer none) (nullable): the code stored in the database for
 *   @value (its GEnumValue nick), or %NULL if @value is not part of @enum_type
 */
const char *
crm_enum_to_code (GType enum_type,
                  int   value)
{
  GEnumValue *ev;

  g_return_val_if_fail (G_TYPE_IS_ENUM (enum_type), NULL);

  ev = g_enum_get_value (get_enum_class (enum_type), value);

  return ev != NULL ? ev->value_nick : NULL;
}

/**
 * crm_enum_from_code:
 * @enum_type: one of the CRM_TYPE_* enum types
 * @code: (nullable): a code as stored in the database
 * @out: (out) (optional): where to store the value
 *
 * Returns: %TRUE if @code names a value of @enum_type; otherwise %FALSE and
 *   @out is left untouched
 */
gboolean
crm_enum_from_code (GType       enum_type,
                    const char *code,
                    int        *out)
{
  GEnumValue *ev;

  g_return_val_if_fail (G_TYPE_IS_ENUM (enum_type), FALSE);

  if (code == NULL)
    return FALSE;

  ev = g_enum_get_value_by_nick (get_enum_class (enum_type), code);
  if (ev == NULL)
    return FALSE;

  if (out != NULL)
    *out = ev->value;

  return TRUE;
}

/**
 * crm_role_get_label:
 * @role: a #CrmRole
 *
 * Returns: (transfer none): the translated name of @role
 */
const char *
crm_role_get_label (CrmRole role)
{
  g_return_val_if_fail ((guint) role < G_N_ELEMENTS (role_labels), NULL);

  return _(role_labels[role]);
}

/**
 * crm_grade_get_label:
 * @grade: a #CrmGrade
 *
 * Returns: (transfer none): the grade's letter ("H", "A", "B", "C" or "N")
 */
const char *
crm_grade_get_label (CrmGrade grade)
{
  g_return_val_if_fail ((guint) grade < G_N_ELEMENTS (grade_labels), NULL);

  return grade_labels[grade];
}

/**
 * crm_grade_get_description:
 * @grade: a #CrmGrade
 *
 * Returns: (transfer none): what @grade means, translated
 */
const char *
crm_grade_get_description (CrmGrade grade)
{
  g_return_val_if_fail ((guint) grade < G_N_ELEMENTS (grade_descriptions), NULL);

  return _(grade_descriptions[grade]);
}

/**
 * crm_gender_get_label:
 * @gender: a #CrmGender
 *
 * Returns: (transfer none): the translated name of @gender
 */
const char *
crm_gender_get_label (CrmGender gender)
{
  g_return_val_if_fail ((guint) gender < G_N_ELEMENTS (gender_labels), NULL);

  return _(gender_labels[gender]);
}

/**
 * crm_channel_get_label:
 * @channel: a #CrmChannel
 *
 * Returns: (transfer none): the translated name of @channel
 */
const char *
crm_channel_get_label (CrmChannel channel)
{
  g_return_val_if_fail ((guint) channel < G_N_ELEMENTS (channel_labels), NULL);

  return _(channel_labels[channel]);
}

/**
 * crm_stage_get_label:
 * @stage: a #CrmStage
 *
 * Returns: (transfer none): the translated name of @stage
 */
const char *
crm_stage_get_label (CrmStage stage)
{
  g_return_val_if_fail ((guint) stage < G_N_ELEMENTS (stage_labels), NULL);

  return g_dpgettext2 (GETTEXT_PACKAGE, "stage", stage_labels[stage]);
}

/**
 * crm_lost_reason_get_label:
 * @reason: a #CrmLostReason
 *
 * Returns: (transfer none): the translated name of @reason
 */
const char *
crm_lost_reason_get_label (CrmLostReason reason)
{
  g_return_val_if_fail ((guint) reason < G_N_ELEMENTS (lost_reason_labels), NULL);

  return _(lost_reason_labels[reason]);
}

/**
 * crm_activity_kind_get_label:
 * @kind: a #CrmActivityKind
 *
 * Returns: (transfer none): the translated name of @kind
 */
const char *
crm_activity_kind_get_label (CrmActivityKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (activity_kind_labels), NULL);

  return g_dpgettext2 (GETTEXT_PACKAGE, "activity kind", activity_kind_labels[kind]);
}

/**
 * crm_outcome_get_label:
 * @outcome: a #CrmOutcome
 *
 * Returns: (transfer none): the translated name of @outcome
 */
const char *
crm_outcome_get_label (CrmOutcome outcome)
{
  g_return_val_if_fail ((guint) outcome < G_N_ELEMENTS (outcome_labels), NULL);

  return _(outcome_labels[outcome]);
}

/**
 * crm_timeframe_get_label:
 * @timeframe: a #CrmTimeframe
 *
 * Returns: (transfer none): the translated name of @timeframe
 */
const char *
crm_timeframe_get_label (CrmTimeframe timeframe)
{
  g_return_val_if_fail ((guint) timeframe < G_N_ELEMENTS (timeframe_labels), NULL);

  return _(timeframe_labels[timeframe]);
}

/**
 * crm_quote_line_kind_get_label:
 * @kind: a #CrmQuoteLineKind
 *
 * Returns: (transfer none): the translated name of @kind, as a quote shows it
 */
const char *
crm_quote_line_kind_get_label (CrmQuoteLineKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (quote_line_kind_labels), NULL);

  return g_dpgettext2 (GETTEXT_PACKAGE, "quote line", quote_line_kind_labels[kind]);
}

/**
 * crm_stock_status_get_label:
 * @status: a #CrmStockStatus
 *
 * Returns: (transfer none): the translated name of @status, as a stock
 *   list says it
 */
const char *
crm_stock_status_get_label (CrmStockStatus status)
{
  return (guint) status < CRM_N_STOCK_STATUSES
         ? g_dpgettext2 (GETTEXT_PACKAGE, "stock status", stock_statuses[status].label) : NULL;
}

/**
 * crm_stock_status_can_become:
 * @from: where a car stands
 * @to: where a person would move it
 *
 * A car goes forward only: ordered from the factory, in transit, in
 * stock, sold, delivered (a car ordered may arrive without a transit
 * recorded). Reserving a car and releasing it are a deal's, not a
 * change of status: %FALSE for @to reserved, and for a reserved car
 * going back in stock.
 *
 * Returns: whether a person may move a car from @from to @to
 */
gboolean
crm_stock_status_can_become (CrmStockStatus from,
                             CrmStockStatus to)
{
  g_return_val_if_fail ((guint) from < CRM_N_STOCK_STATUSES, FALSE);
  g_return_val_if_fail ((guint) to < CRM_N_STOCK_STATUSES, FALSE);

  return (stock_statuses[from].next & (1u << to)) != 0;
}

/**
 * crm_stage_is_open:
 * @stage: a #CrmStage
 *
 * Returns: %TRUE while the deal is still being worked on (new lead up to
 *   ordered); %FALSE once it is delivered, lost or invalid
 */
gboolean
crm_stage_is_open (CrmStage stage)
{
  switch (stage)
    {
    case CRM_STAGE_NEW_LEAD:
    case CRM_STAGE_INVITED:
    case CRM_STAGE_VISITED:
    case CRM_STAGE_TEST_DRIVE:
    case CRM_STAGE_NEGOTIATION:
    case CRM_STAGE_ORDERED:
      return TRUE;

    case CRM_STAGE_DELIVERED:
    case CRM_STAGE_LOST:
    case CRM_STAGE_INVALID:
      return FALSE;

    default:
      g_return_val_if_reached (FALSE);
    }
}

/**
 * crm_quote_line_kind_is_credit:
 * @kind: a #CrmQuoteLineKind
 *
 * Returns: %TRUE for the lines that take money off the quote (a discount,
 *   the trade-in offer, a trade-in subsidy), whose amounts are below zero;
 *   %FALSE for the lines the customer pays
 */
gboolean
crm_quote_line_kind_is_credit (CrmQuoteLineKind kind)
{
  switch (kind)
    {
    case CRM_QUOTE_LINE_DISCOUNT:
    case CRM_QUOTE_LINE_TRADE_IN:
    case CRM_QUOTE_LINE_TRADE_IN_SUBSIDY:
      return TRUE;

    case CRM_QUOTE_LINE_VEHICLE:
    case CRM_QUOTE_LINE_PURCHASE_TAX:
    case CRM_QUOTE_LINE_COMPULSORY_INSURANCE:
    case CRM_QUOTE_LINE_VEHICLE_TAX:
    case CRM_QUOTE_LINE_COMMERCIAL_INSURANCE:
    case CRM_QUOTE_LINE_PLATE_FEE:
    case CRM_QUOTE_LINE_ACCESSORIES:
    case CRM_QUOTE_LINE_EXTENDED_WARRANTY:
    case CRM_QUOTE_LINE_FINANCE_FEE:
      return FALSE;

    default:
      g_return_val_if_reached (FALSE);
    }
}
