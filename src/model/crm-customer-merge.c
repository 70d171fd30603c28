/* crm-customer-merge.c: two people, one customer
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The customer window saves as you type. When someone else saved the
 * same customer since this window read it, the save is refused
 * (CRM_ERROR_CONFLICT) and merged here, field by field, against what this
 * window loaded (the base): a field only they changed is taken over, a
 * field only I changed is kept, a field both changed to different values
 * is a conflict the person decides. Never a silent overwrite.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "crm-customer-merge.h"

const char *
crm_customer_field_get_label (CrmCustomerField field)
{
  switch (field)
    {
    case CRM_CUSTOMER_FIELD_NAME: return _("Name");
    case CRM_CUSTOMER_FIELD_PHONES: return _("Phone numbers");
    case CRM_CUSTOMER_FIELD_WECHAT: return _("WeChat ID");
    case CRM_CUSTOMER_FIELD_GENDER: return _("Gender");
    case CRM_CUSTOMER_FIELD_CITY: return _("City");
    case CRM_CUSTOMER_FIELD_CHANNEL: return _("Channel");
    case CRM_CUSTOMER_FIELD_GRADE: return _("Intent grade");
    case CRM_CUSTOMER_FIELD_BUDGET_MIN: return _("Budget from");
    case CRM_CUSTOMER_FIELD_BUDGET_MAX: return _("Budget up to");
    case CRM_CUSTOMER_FIELD_TIMEFRAME: return _("Buying timeframe");
    case CRM_CUSTOMER_FIELD_TAGS: return _("Tags");
    case CRM_CUSTOMER_FIELD_MODELS: return _("Models of interest");
    case CRM_CUSTOMER_FIELD_OWNER: return _("Consultant");
    case CRM_CUSTOMER_FIELD_BIRTHDAY: return _("Birthday");
    case CRM_CUSTOMER_FIELD_NOTES: return _("Notes");
    case CRM_N_CUSTOMER_FIELDS:
    default: break;
    }
  g_return_val_if_reached ("");
}

static gboolean
strv_equal (const char * const *a,
            const char * const *b)
{
  static const char * const none[] = { NULL };

  return g_strv_equal (a ? a : none, b ? b : none);
}

/* A missing text and an empty one are the same to a person */
static gboolean
text_equal (const char *a,
            const char *b)
{
  return g_strcmp0 (a && *a ? a : NULL, b && *b ? b : NULL) == 0;
}

gboolean
crm_customer_field_equal (CrmCustomer      *a,
                          CrmCustomer      *b,
                          CrmCustomerField  field)
{
  g_return_val_if_fail (CRM_IS_CUSTOMER (a) && CRM_IS_CUSTOMER (b), FALSE);

  switch (field)
    {
    case CRM_CUSTOMER_FIELD_NAME:
      return text_equal (crm_customer_get_name (a), crm_customer_get_name (b));
    case CRM_CUSTOMER_FIELD_PHONES:
      return strv_equal (crm_customer_get_phones (a), crm_customer_get_phones (b));
    case CRM_CUSTOMER_FIELD_WECHAT:
      return text_equal (crm_customer_get_wechat (a), crm_customer_get_wechat (b));
    case CRM_CUSTOMER_FIELD_GENDER:
      return crm_customer_get_gender (a) == crm_customer_get_gender (b);
    case CRM_CUSTOMER_FIELD_CITY:
      return text_equal (crm_customer_get_city (a), crm_customer_get_city (b));
    case CRM_CUSTOMER_FIELD_CHANNEL:
      return crm_customer_get_channel (a) == crm_customer_get_channel (b);
    case CRM_CUSTOMER_FIELD_GRADE:
      return crm_customer_get_grade (a) == crm_customer_get_grade (b);
    case CRM_CUSTOMER_FIELD_BUDGET_MIN:
      return crm_customer_get_budget_min (a) == crm_customer_get_budget_min (b);
    case CRM_CUSTOMER_FIELD_BUDGET_MAX:
      return crm_customer_get_budget_max (a) == crm_customer_get_budget_max (b);
    case CRM_CUSTOMER_FIELD_TIMEFRAME:
      return crm_customer_get_timeframe (a) == crm_customer_get_timeframe (b);
    case CRM_CUSTOMER_FIELD_TAGS:
      return strv_equal (crm_customer_get_tags (a), crm_customer_get_tags (b));
    case CRM_CUSTOMER_FIELD_MODELS:
      return g_variant_equal (crm_customer_get_model_ids (a), crm_customer_get_model_ids (b));
    case CRM_CUSTOMER_FIELD_OWNER:
      return crm_customer_get_owner_id (a) == crm_customer_get_owner_id (b);
    case CRM_CUSTOMER_FIELD_BIRTHDAY:
      return text_equal (crm_customer_get_birthday (a), crm_customer_get_birthday (b));
    case CRM_CUSTOMER_FIELD_NOTES:
      return text_equal (crm_customer_get_notes (a), crm_customer_get_notes (b));
    case CRM_N_CUSTOMER_FIELDS:
    default:
      break;
    }
  g_return_val_if_reached (FALSE);
}

void
crm_customer_field_copy (CrmCustomer      *to,
                         CrmCustomer      *from,
                         CrmCustomerField  field)
{
  g_return_if_fail (CRM_IS_CUSTOMER (to) && CRM_IS_CUSTOMER (from));

  switch (field)
    {
    case CRM_CUSTOMER_FIELD_NAME:
      crm_customer_set_name (to, crm_customer_get_name (from));
      break;
    case CRM_CUSTOMER_FIELD_PHONES:
      crm_customer_set_phones (to, crm_customer_get_phones (from));
      break;
    case CRM_CUSTOMER_FIELD_WECHAT:
      crm_customer_set_wechat (to, crm_customer_get_wechat (from));
      break;
    case CRM_CUSTOMER_FIELD_GENDER:
      crm_customer_set_gender (to, crm_customer_get_gender (from));
      break;
    case CRM_CUSTOMER_FIELD_CITY:
      crm_customer_set_city (to, crm_customer_get_city (from));
      break;
    case CRM_CUSTOMER_FIELD_CHANNEL:
      crm_customer_set_channel (to, crm_customer_get_channel (from));
      break;
    case CRM_CUSTOMER_FIELD_GRADE:
      crm_customer_set_grade (to, crm_customer_get_grade (from));
      break;
    case CRM_CUSTOMER_FIELD_BUDGET_MIN:
      crm_customer_set_budget_min (to, crm_customer_get_budget_min (from));
      break;
    case CRM_CUSTOMER_FIELD_BUDGET_MAX:
      crm_customer_set_budget_max (to, crm_customer_get_budget_max (from));
      break;
    case CRM_CUSTOMER_FIELD_TIMEFRAME:
      crm_customer_set_timeframe (to, crm_customer_get_timeframe (from));
      break;
    case CRM_CUSTOMER_FIELD_TAGS:
      crm_customer_set_tags (to, crm_customer_get_tags (from));
      break;
    case CRM_CUSTOMER_FIELD_MODELS:
      crm_customer_set_model_ids (to, crm_customer_get_model_ids (from));
      break;
    case CRM_CUSTOMER_FIELD_OWNER:
      crm_customer_set_owner_id (to, crm_customer_get_owner_id (from));
      crm_customer_set_owner_name (to, crm_customer_get_owner_name (from));
      break;
    case CRM_CUSTOMER_FIELD_BIRTHDAY:
      crm_customer_set_birthday (to, crm_customer_get_birthday (from));
      break;
    case CRM_CUSTOMER_FIELD_NOTES:
      crm_customer_set_notes (to, crm_customer_get_notes (from));
      break;
    case CRM_N_CUSTOMER_FIELDS:
    default:
      g_return_if_reached ();
    }
}

/**
 * crm_customer_merge:
 * @base: the customer as this editor read it
 * @mine: what this editor would save
 * @theirs: the customer as stored now, saved by someone else since
 * @conflicts: (element-type CrmCustomerField): gets the fields both
 *   changed, to different values
 *
 * Returns: (transfer full): @theirs with every field only this editor
 *   changed taken from @mine (a conflicting field keeps @theirs' value
 *   until the person chooses), at @theirs' version
 */
CrmCustomer *
crm_customer_merge (CrmCustomer *base,
                    CrmCustomer *mine,
                    CrmCustomer *theirs,
                    GArray      *conflicts)
{
  CrmCustomer *merged;

  g_return_val_if_fail (CRM_IS_CUSTOMER (base), NULL);
  g_return_val_if_fail (CRM_IS_CUSTOMER (mine), NULL);
  g_return_val_if_fail (CRM_IS_CUSTOMER (theirs), NULL);
  g_return_val_if_fail (conflicts != NULL, NULL);

  merged = crm_customer_copy (theirs);
  for (CrmCustomerField f = 0; f < CRM_N_CUSTOMER_FIELDS; f++)
    {
      if (crm_customer_field_equal (mine, base, f))
        continue;                                   /* mine unchanged: theirs */
      if (crm_customer_field_equal (theirs, base, f) || crm_customer_field_equal (theirs, mine, f))
        crm_customer_field_copy (merged, mine, f);  /* only mine changed */
      else
        g_array_append_val (conflicts, f);
    }
  crm_customer_set_updated_by (merged, crm_customer_get_updated_by (mine));
  return merged;
}
