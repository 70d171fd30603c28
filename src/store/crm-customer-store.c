/* crm-customer-store.c: CrmCustomerStore, customers written, read, deleted and restored
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One of the store's domain stores (see crm-store.h); the store's
 * internals are in crm-store-private.h.
 */
#define G_LOG_DOMAIN "crm-customer-store"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "crm-model-enum-types.h"
#include "crm-store-enum-types.h"
#include "crm-error.h"
#include "crm-phone.h"
#include "crm-pinyin.h"
#include "crm-schema.h"
#include "crm-search-index.h"
#include "crm-store.h"
#include "crm-store-private.h"

/* ------------------------------------------------------------------ */
/* Customers                                                           */

/* Checks a customer as a person filled it in; on success @phones_out holds
 * the normalised numbers. */
static gboolean
validate_customer (CrmStore     *self,
                   CrmCustomer  *customer,
                   GPtrArray   **phones_out,
                   char        **name_out,
                   GError      **error)
{
  g_autoptr(GPtrArray) phones = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *name = crm_store_dup_trimmed (crm_customer_get_name (customer));
  const char * const *input = crm_customer_get_phones (customer);
  const char *birthday = crm_customer_get_birthday (customer);
  const char *wechat = crm_customer_get_wechat (customer);
  gint64 budget_min = crm_customer_get_budget_min (customer);
  gint64 budget_max = crm_customer_get_budget_max (customer);

  if (name[0] == '\0')
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                   _("Enter the customer’s name."));
      return FALSE;
    }
  if (g_utf8_strlen (name, -1) > 60)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                   _("The name is too long: at most 60 characters."));
      return FALSE;
    }

  for (guint i = 0; input != NULL && input[i] != NULL; i++)
    {
      g_autofree char *normalized = NULL;
      gint64 other;

      if (input[i][0] == '\0')
        continue;

      normalized = crm_phone_normalize (input[i], error);
      if (normalized == NULL)
        return FALSE;

      /* The same number typed twice is kept once */
      for (guint j = 0; j < phones->len && normalized != NULL; j++)
        if (g_str_equal (g_ptr_array_index (phones, j), normalized))
          g_clear_pointer (&normalized, g_free);
      if (normalized == NULL)
        continue;

      other = crm_customer_store_find_by_phone (crm_store_get_customer_store (self), normalized, crm_customer_get_id (customer));
      if (other > 0)
        {
          g_autoptr(CrmCustomer) owner = crm_customer_store_get (crm_store_get_customer_store (self), other, NULL);
          g_autofree char *shown = crm_phone_format (normalized);

          g_set_error (error, CRM_ERROR, CRM_ERROR_DUPLICATE,
                       _("%s already belongs to the customer %s."),
                       shown, owner ? crm_customer_get_name (owner) : "?");
          return FALSE;
        }

      g_ptr_array_add (phones, g_steal_pointer (&normalized));
    }

  if (phones->len == 0 && (wechat == NULL || wechat[0] == '\0'))
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                   _("Enter a phone number or a WeChat ID, so the customer can be reached."));
      return FALSE;
    }

  if (budget_min < 0 || budget_max < 0 || (budget_max > 0 && budget_min > budget_max))
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                   _("The budget range is not valid: the lower end must not be above the upper end."));
      return FALSE;
    }

  if (birthday != NULL && birthday[0] != '\0')
    {
      int y, m, d;
      char extra;

      if (sscanf (birthday, "%4d-%2d-%2d%c", &y, &m, &d, &extra) != 3 ||
          !g_date_valid_dmy (d, m, y) || y < 1900)
        {
          g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                       _("The birthday “%s” is not a date; write it like 1985-03-12."),
                       birthday);
          return FALSE;
        }
    }

  if (!crm_store_check_staff (self, crm_customer_get_owner_id (customer), error))
    return FALSE;

  *phones_out = g_steal_pointer (&phones);
  *name_out = g_steal_pointer (&name);
  return TRUE;
}

static char *
join_tags (CrmCustomer *customer)
{
  const char * const *tags = crm_customer_get_tags (customer);

  if (tags == NULL || tags[0] == NULL)
    return NULL;
  return g_strjoinv ("\n", (char **) tags);
}

static gboolean
write_customer_children (CrmStore     *self,
                         gint64        id,
                         CrmCustomer  *customer,
                         GPtrArray    *phones,
                         GError      **error)
{
  static const char del_phones[] = "DELETE FROM customer_phone WHERE customer_id = ?1";
  static const char ins_phone[] =
    "INSERT INTO customer_phone (customer_id, position, number) VALUES (?1, ?2, ?3)";
  static const char del_models[] = "DELETE FROM customer_model WHERE customer_id = ?1";
  static const char ins_model[] =
    "INSERT INTO customer_model (customer_id, model_id, position) VALUES (?1, ?2, ?3)";
  GVariant *models = crm_customer_get_model_ids (customer);
  gsize n_models = 0;
  const gint64 *model_ids = NULL;
  CrmDbStmt *stmt;
  int rc;

  if ((stmt = crm_store_prepare (self, del_phones, error)) == NULL)
    return FALSE;
  crm_db_stmt_bind_int64 (stmt, 1, id);
  if (!crm_store_step_done (self, stmt, error))
    return crm_db_stmt_reset (stmt), FALSE;
  crm_db_stmt_reset (stmt);

  if ((stmt = crm_store_prepare (self, ins_phone, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < phones->len; i++)
    {
      crm_db_stmt_bind_int64 (stmt, 1, id);
      crm_db_stmt_bind_int (stmt, 2, i);
      crm_db_stmt_bind_text_static (stmt, 3, g_ptr_array_index (phones, i));
      rc = crm_db_stmt_step (stmt);
      crm_db_stmt_reset (stmt);
      /* The unique index of live numbers (schema version 15): a writer
       * that did not check first, or checked outside its transaction */
      if (rc == CRM_DB_CONSTRAINT)
        {
          g_autofree char *shown = crm_phone_format (g_ptr_array_index (phones, i));

          g_set_error (error, CRM_ERROR, CRM_ERROR_DUPLICATE,
                       _("%s already belongs to another customer."), shown);
          return FALSE;
        }
      if (rc != CRM_DB_DONE)
        {
          crm_db_set_error (self->db, error, rc);
          return FALSE;
        }
    }

  if ((stmt = crm_store_prepare (self, del_models, error)) == NULL)
    return FALSE;
  crm_db_stmt_bind_int64 (stmt, 1, id);
  if (!crm_store_step_done (self, stmt, error))
    return crm_db_stmt_reset (stmt), FALSE;
  crm_db_stmt_reset (stmt);

  if (models != NULL)
    model_ids = g_variant_get_fixed_array (models, &n_models, sizeof (gint64));

  if ((stmt = crm_store_prepare (self, ins_model, error)) == NULL)
    return FALSE;
  for (gsize i = 0; i < n_models; i++)
    {
      crm_db_stmt_bind_int64 (stmt, 1, id);
      crm_db_stmt_bind_int64 (stmt, 2, model_ids[i]);
      crm_db_stmt_bind_int64 (stmt, 3, (gint64) i);
      rc = crm_db_stmt_step (stmt);
      crm_db_stmt_reset (stmt);
      if (rc == CRM_DB_CONSTRAINT)
        {
          g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                       _("A vehicle model chosen is not in the showroom’s catalogue."));
          return FALSE;
        }
      if (rc != CRM_DB_DONE)
        {
          crm_db_set_error (self->db, error, rc);
          return FALSE;
        }
    }

  return TRUE;
}

static char *
customer_search_key (const char *name,
                     GPtrArray  *phones,
                     const char *wechat)
{
  g_autoptr(GString) joined = g_string_new (NULL);

  for (guint i = 0; i < phones->len; i++)
    {
      if (i > 0)
        g_string_append_c (joined, ' ');
      g_string_append (joined, g_ptr_array_index (phones, i));
    }

  return crm_schema_customer_search_key (name, joined->str, wechat);
}

static void
bind_customer_fields (CrmDbStmt *stmt,
                      CrmCustomer  *customer,
                      const char   *name,
                      GPtrArray    *phones)
{
  g_autofree char *tags = join_tags (customer);
  g_autofree char *search = customer_search_key (name, phones, crm_customer_get_wechat (customer));
  g_autofree char *sort = crm_pinyin_sort_key (name);

  crm_db_stmt_bind_text (stmt, 1, name);
  crm_store_bind_text_or_null (stmt, 2, crm_customer_get_wechat (customer));
  crm_store_bind_code (stmt, 3, CRM_TYPE_GENDER, crm_customer_get_gender (customer));
  crm_store_bind_text_or_null (stmt, 4, crm_customer_get_city (customer));
  crm_store_bind_code (stmt, 5, CRM_TYPE_CHANNEL, crm_customer_get_channel (customer));
  crm_store_bind_code (stmt, 6, CRM_TYPE_GRADE, crm_customer_get_grade (customer));
  crm_db_stmt_bind_int64 (stmt, 7, crm_customer_get_budget_min (customer));
  crm_db_stmt_bind_int64 (stmt, 8, crm_customer_get_budget_max (customer));
  crm_store_bind_code (stmt, 9, CRM_TYPE_TIMEFRAME, crm_customer_get_timeframe (customer));
  crm_store_bind_text_or_null (stmt, 10, tags);
  crm_store_bind_id_or_null (stmt, 11, crm_customer_get_owner_id (customer));
  crm_store_bind_text_or_null (stmt, 12, crm_customer_get_birthday (customer));
  crm_store_bind_text_or_null (stmt, 13, crm_customer_get_notes (customer));
  crm_db_stmt_bind_text (stmt, 14, search);
  crm_db_stmt_bind_text (stmt, 15, sort);
}

/**
 * crm_customer_store_insert:
 * @customer: the new customer; gets its id, times and normalised phones
 *
 * Returns: the new id, or 0 with @error set (nothing stored)
 */
gint64
crm_customer_store_insert (CrmCustomerStore  *domain,
                           CrmCustomer       *customer,
                           GError           **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] =
    "INSERT INTO customer (name, wechat, gender, city, channel, grade, budget_min, budget_max,"
    "  timeframe, tags, owner_id, birthday, notes, search_key, sort_key, created_at, updated_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?16)";
  g_autoptr(GPtrArray) phones = NULL;
  g_autofree char *name = NULL;
  CRM_AUTO_STMT stmt = NULL;
  gint64 created = crm_customer_get_created_at (customer);
  gint64 id;

  g_return_val_if_fail (CRM_IS_STORE (self), 0);
  g_return_val_if_fail (CRM_IS_CUSTOMER (customer), 0);

  if (!crm_store_begin (self, error))
    return 0;

  if (!validate_customer (self, customer, &phones, &name, error) ||
      (stmt = crm_store_prepare (self, sql, error)) == NULL)
    {
      crm_store_rollback (self);
      return 0;
    }

  if (created <= 0)
    created = crm_store_now (self);

  bind_customer_fields (stmt, customer, name, phones);
  crm_db_stmt_bind_int64 (stmt, 16, created);

  if (!crm_store_step_done (self, stmt, error))
    {
      crm_store_rollback (self);
      return 0;
    }

  id = crm_db_last_insert_id (self->db);

  if (!write_customer_children (self, id, customer, phones, error))
    {
      crm_store_rollback (self);
      return 0;
    }

  crm_store_queue_change (self, CRM_ENTITY_CUSTOMER, id);
  if (!crm_store_commit (self, error))
    return 0;

  g_ptr_array_add (phones, NULL);
  crm_customer_set_id (customer, id);
  crm_customer_set_name (customer, name);
  crm_customer_set_phones (customer, (const char * const *) phones->pdata);
  crm_customer_set_created_at (customer, created);
  crm_customer_set_updated_at (customer, created);
  crm_customer_set_version (customer, 1);
  return id;
}

/**
 * crm_customer_store_update:
 *
 * Writes every field of @customer. Nothing changes when a field is not
 * valid; the error says which. When @customer carries the version it was
 * read at (crm_customer_get_version()) and someone saved the customer
 * since, nothing is written either: CRM_ERROR_CONFLICT, and the caller
 * merges (crm_customer_merge()). Afterwards @customer carries the new
 * version.
 */
gboolean
crm_customer_store_update (CrmCustomerStore  *domain,
                           CrmCustomer       *customer,
                           GError           **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] =
    "UPDATE customer SET name = ?1, wechat = ?2, gender = ?3, city = ?4, channel = ?5,"
    "  grade = ?6, budget_min = ?7, budget_max = ?8, timeframe = ?9, tags = ?10,"
    "  owner_id = ?11, birthday = ?12, notes = ?13, search_key = ?14, sort_key = ?15,"
    "  updated_at = ?16, updated_by = ?19, version = version + 1"
    " WHERE id = ?17 AND deleted_at IS NULL AND (?18 = 0 OR version = ?18)"
    " RETURNING version";
  g_autoptr(GPtrArray) phones = NULL;
  g_autofree char *name = NULL;
  CRM_AUTO_STMT stmt = NULL;
  gint64 id = crm_customer_get_id (customer);
  gint64 updated = crm_store_now (self);
  gint64 version = 0;
  gint64 grade_before;
  CrmDbResult rc;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);
  g_return_val_if_fail (CRM_IS_CUSTOMER (customer), FALSE);

  if (!crm_store_begin (self, error))
    return FALSE;

  if (!validate_customer (self, customer, &phones, &name, error) ||
      (stmt = crm_store_prepare (self, sql, error)) == NULL)
    {
      crm_store_rollback (self);
      return FALSE;
    }

  /* A new grade is a new limit in the public pool */
  {
    CRM_AUTO_STMT old = crm_store_prepare (self, "SELECT grade FROM customer WHERE id = ?1", NULL);

    grade_before = -1;
    if (old != NULL)
      {
        crm_db_stmt_bind_int64 (old, 1, id);
        if (crm_db_stmt_step (old) == CRM_DB_ROW)
          grade_before = crm_store_column_code (old, 0, CRM_TYPE_GRADE);
      }
  }

  bind_customer_fields (stmt, customer, name, phones);
  crm_db_stmt_bind_int64 (stmt, 16, updated);
  crm_db_stmt_bind_int64 (stmt, 17, id);
  crm_db_stmt_bind_int64 (stmt, 18, crm_customer_get_version (customer));
  if (crm_customer_get_updated_by (customer) > 0)
    crm_db_stmt_bind_int64 (stmt, 19, crm_customer_get_updated_by (customer));
  else
    crm_db_stmt_bind_null (stmt, 19);

  rc = crm_db_stmt_step (stmt);
  if (rc == CRM_DB_ROW)
    version = crm_db_stmt_column_int64 (stmt, 0);
  else if (rc != CRM_DB_DONE)
    {
      crm_db_set_error (self->db, error, rc);
      crm_store_rollback (self);
      return FALSE;
    }
  crm_db_stmt_reset (stmt);
  if (version == 0)
    {
      /* Deleted, or saved by someone else since it was read: never a
       * silent overwrite (the caller merges field by field) */
      if (crm_store_query_int64 (self, "SELECT version FROM customer WHERE id = ?1 AND deleted_at IS NULL",
                                 CRM_PARAMS (CRM_INT64 (id)), 0) > 0)
        g_set_error (error, CRM_ERROR, CRM_ERROR_CONFLICT,
                     _("Someone else saved this customer in the meantime."));
      else
        g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND,
                     _("This customer was deleted in the meantime; the change was not saved."));
      crm_store_rollback (self);
      return FALSE;
    }

  if (grade_before >= 0 && grade_before != (gint64) crm_customer_get_grade (customer) &&
      !crm_lead_store_rewind_pool_cursors (crm_store_get_lead_store (self), id, error))
    {
      crm_store_rollback (self);
      return FALSE;
    }

  if (!write_customer_children (self, id, customer, phones, error))
    {
      crm_store_rollback (self);
      return FALSE;
    }

  crm_store_queue_change (self, CRM_ENTITY_CUSTOMER, id);
  if (!crm_store_commit (self, error))
    return FALSE;

  g_ptr_array_add (phones, NULL);
  crm_customer_set_name (customer, name);
  crm_customer_set_phones (customer, (const char * const *) phones->pdata);
  crm_customer_set_updated_at (customer, updated);
  crm_customer_set_version (customer, version);
  return TRUE;
}

/* The columns every read of a whole customer takes, in the order
 * customer_from_row () reads them (string_agg: the dialect hook's text
 * aggregate, crm-db.h) */
#define CUSTOMER_COLUMNS \
  "c.id, c.name, c.wechat, c.gender, c.city, c.channel, c.grade," \
  "  c.budget_min, c.budget_max, c.timeframe, c.tags, c.owner_id, s.name," \
  "  c.birthday, c.notes, c.created_at, c.updated_at, c.last_contact_at," \
  "  c.next_followup_at," \
  "  (SELECT string_agg(number, ' ') FROM" \
  "     (SELECT number FROM customer_phone WHERE customer_id = c.id ORDER BY position) p)," \
  "  (SELECT string_agg(CAST(o.model_id AS TEXT), ' ') FROM (SELECT model_id FROM customer_model" \
  "     WHERE customer_id = c.id ORDER BY position) o)," \
  "  (SELECT string_agg(m.series, ', ') FROM customer_model cm" \
  "     JOIN vehicle_model m ON m.id = cm.model_id WHERE cm.customer_id = c.id)," \
  "  c.version, coalesce(c.updated_by, 0)"

static CrmCustomer *
customer_from_row (CrmDbStmt *stmt)
{
  CrmCustomer *customer;
  const char *text;

  customer = g_object_new (CRM_TYPE_CUSTOMER,
                           "id", crm_db_stmt_column_int64 (stmt, 0),
                           "name", crm_store_column_text (stmt, 1),
                           "wechat", crm_store_column_text (stmt, 2),
                           "gender", crm_store_column_code (stmt, 3, CRM_TYPE_GENDER),
                           "city", crm_store_column_text (stmt, 4),
                           "channel", crm_store_column_code (stmt, 5, CRM_TYPE_CHANNEL),
                           "grade", crm_store_column_code (stmt, 6, CRM_TYPE_GRADE),
                           "budget-min", crm_db_stmt_column_int64 (stmt, 7),
                           "budget-max", crm_db_stmt_column_int64 (stmt, 8),
                           "timeframe", crm_store_column_code (stmt, 9, CRM_TYPE_TIMEFRAME),
                           "owner-id", crm_db_stmt_column_int64 (stmt, 11),
                           "owner-name", crm_store_column_text (stmt, 12),
                           "birthday", crm_store_column_text (stmt, 13),
                           "notes", crm_store_column_text (stmt, 14),
                           "created-at", crm_db_stmt_column_int64 (stmt, 15),
                           "updated-at", crm_db_stmt_column_int64 (stmt, 16),
                           "last-contact-at", crm_db_stmt_column_int64 (stmt, 17),
                           "next-followup-at", crm_db_stmt_column_int64 (stmt, 18),
                           "models-label", crm_store_column_text (stmt, 21),
                           "version", crm_db_stmt_column_int64 (stmt, 22),
                           "updated-by", crm_db_stmt_column_int64 (stmt, 23),
                           NULL);

  if ((text = crm_store_column_text (stmt, 10)) != NULL)
    {
      g_auto(GStrv) tags = g_strsplit (text, "\n", -1);
      crm_customer_set_tags (customer, (const char * const *) tags);
    }

  if ((text = crm_store_column_text (stmt, 19)) != NULL)
    {
      g_auto(GStrv) phones = g_strsplit (text, " ", -1);
      crm_customer_set_phones (customer, (const char * const *) phones);
    }

  if ((text = crm_store_column_text (stmt, 20)) != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (text, " ", -1);
      g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

      for (guint i = 0; parts[i] != NULL; i++)
        {
          gint64 model_id = g_ascii_strtoll (parts[i], NULL, 10);
          g_array_append_val (ids, model_id);
        }
      crm_customer_set_model_ids (customer,
                                  g_variant_new_fixed_array (G_VARIANT_TYPE_INT64,
                                                             ids->data, ids->len,
                                                             sizeof (gint64)));
    }

  return customer;
}

/**
 * crm_customer_store_get:
 *
 * Returns: (transfer full) (nullable): a new object with the stored
 *   customer, or %NULL with CRM_ERROR_NOT_FOUND
 */
CrmCustomer *
crm_customer_store_get (CrmCustomerStore  *domain,
                        gint64             id,
                        GError           **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] =
    "SELECT " CUSTOMER_COLUMNS
    " FROM customer c LEFT JOIN staff s ON s.id = c.owner_id"
    " WHERE c.id = ?1 AND c.deleted_at IS NULL";
  CRM_AUTO_STMT stmt = NULL;

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);

  stmt = crm_store_select_row (self, sql, id,
                               _("This customer does not exist or was deleted."), error);
  if (stmt == NULL)
    return NULL;
  return customer_from_row (stmt);
}


/**
 * crm_customer_store_get_many:
 * @ids: customer ids
 * @n_ids: how many
 *
 * Reads up to 32 customers in one statement (a screenful of a list: one
 * round trip to a server instead of one per row).
 *
 * Returns: (transfer full) (element-type CrmCustomer): the customers of
 *   @ids that exist and are not deleted, in no particular order
 */
GPtrArray *
crm_customer_store_get_many (CrmCustomerStore *domain,
                             const gint64     *ids,
                             guint             n_ids)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] =
    "SELECT " CUSTOMER_COLUMNS
    " FROM customer c LEFT JOIN staff s ON s.id = c.owner_id"
    " WHERE c.deleted_at IS NULL AND c.id" CRM_STORE_MANY_IN;
  GPtrArray *customers;

  g_return_val_if_fail (CRM_IS_STORE (self), g_ptr_array_new_with_free_func (g_object_unref));

  customers = crm_store_get_many (self, sql, ids, n_ids, (CrmStoreRowFunc) customer_from_row, NULL);
  return customers != NULL ? customers : g_ptr_array_new_with_free_func (g_object_unref);
}

static gboolean
set_deleted (CrmStore  *self,
             gint64     id,
             gboolean   deleted,
             GError   **error)
{
  static const char del_sql[] =
    "UPDATE customer SET deleted_at = ?2 WHERE id = ?1 AND deleted_at IS NULL";
  static const char restore_sql[] =
    "UPDATE customer SET deleted_at = NULL WHERE id = ?1 AND deleted_at IS NOT NULL";
  CRM_AUTO_STMT stmt = NULL;

  if (!crm_store_begin (self, error))
    return FALSE;

  if (!deleted)
    {
      static const char taken_sql[] =
        "SELECT p.number, c.name FROM customer_phone p"
        " JOIN customer_phone q ON q.number = p.number AND q.customer_id != p.customer_id"
        " JOIN customer c ON c.id = q.customer_id AND c.deleted_at IS NULL"
        " WHERE p.customer_id = ?1 LIMIT 1";
      CRM_AUTO_STMT taken = crm_store_prepare (self, taken_sql, error);

      if (taken == NULL)
        {
          crm_store_rollback (self);
          return FALSE;
        }
      crm_db_stmt_bind_int64 (taken, 1, id);
      if (crm_db_stmt_step (taken) == CRM_DB_ROW)
        {
          g_autofree char *shown = crm_phone_format (crm_store_column_text (taken, 0));

          g_set_error (error, CRM_ERROR, CRM_ERROR_DUPLICATE,
                       _("This customer cannot be brought back: %s now belongs to the customer %s."),
                       shown, crm_store_column_text (taken, 1));
          crm_store_rollback (self);
          return FALSE;
        }
    }

  if ((stmt = crm_store_prepare (self, deleted ? del_sql : restore_sql, error)) == NULL)
    {
      crm_store_rollback (self);
      return FALSE;
    }

  crm_db_stmt_bind_int64 (stmt, 1, id);
  if (deleted)
    crm_db_stmt_bind_int64 (stmt, 2, crm_store_now (self));

  if (!crm_store_step_changed (self, stmt,
                               deleted ? _("This customer does not exist or was already deleted.")
                                       : _("This customer cannot be restored: it is not deleted."),
                               error))
    {
      crm_store_rollback (self);
      return FALSE;
    }

  crm_store_queue_change (self, CRM_ENTITY_CUSTOMER, id);
  return crm_store_commit (self, error);
}

/**
 * crm_customer_store_delete:
 *
 * Deletes a customer so that crm_customer_store_restore() can bring it
 * back whole (Undo): the row is marked, its deals and history stay.
 */
gboolean
crm_customer_store_delete (CrmCustomerStore  *domain,
                           gint64             id,
                           GError           **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);
  return set_deleted (self, id, TRUE, error);
}

gboolean
crm_customer_store_restore (CrmCustomerStore  *domain,
                            gint64             id,
                            GError           **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);
  return set_deleted (self, id, FALSE, error);
}

/**
 * crm_customer_store_find_by_phone:
 * @normalized: a number as crm_phone_normalize() returns it
 * @except_id: a customer to leave out (the one being edited), or 0
 *
 * Returns: the id of the customer who has this number, or 0
 */
gint64
crm_customer_store_find_by_phone (CrmCustomerStore *domain,
                                  const char       *normalized,
                                  gint64            except_id)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] =
    "SELECT p.customer_id FROM customer_phone p JOIN customer c ON c.id = p.customer_id"
    " WHERE p.number = ?1 AND c.deleted_at IS NULL AND c.id != ?2 LIMIT 1";

  g_return_val_if_fail (CRM_IS_STORE (self), 0);

  if (normalized == NULL)
    return 0;
  return crm_store_query_int64 (self, sql,
                                CRM_PARAMS (CRM_TEXT (normalized), CRM_INT64 (except_id)), 0);
}

/* The one number a fixed query without parameters answers, 0 on error */
gint64
crm_store_query_int (CrmStore   *self,
                     const char *sql)
{
  return crm_store_query_int64 (self, sql, NULL, 0, 0);
}

gint64
crm_customer_store_count (CrmCustomerStore *domain)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  static const char sql[] = "SELECT count(*) FROM customer WHERE deleted_at IS NULL";

  g_return_val_if_fail (CRM_IS_STORE (self), 0);
  return crm_store_query_int (self, sql);
}

/**
 * crm_customer_store_reload:
 *
 * Another connection (an import in a worker thread) changed customers:
 * the search index is rebuilt and views are told everything changed.
 */
void
crm_customer_store_reload (CrmCustomerStore *domain)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  g_return_if_fail (CRM_IS_STORE (self));

  if (!crm_store_begin (self, NULL))
    return;
  crm_store_queue_change (self, CRM_ENTITY_CUSTOMER, 0);
  crm_store_queue_change (self, CRM_ENTITY_DEAL, 0);
  crm_store_commit (self, NULL);
}

/**
 * crm_customer_store_announce:
 * @customer_ids: (element-type gint64): the customers another connection
 *   changed (their owners, say); empty or %NULL for "many"
 *
 * Another connection of this process (a worker thread with its own store)
 * changed these customers and their deals: the search index follows and
 * views are told, as if this store had written them.
 */
void
crm_customer_store_announce (CrmCustomerStore *domain,
                             GArray           *customer_ids)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  g_return_if_fail (CRM_IS_STORE (self));

  if (customer_ids == NULL || customer_ids->len == 0)
    {
      crm_customer_store_reload (crm_store_get_customer_store (self));
      return;
    }
  if (!crm_store_begin (self, NULL))
    return;
  for (guint i = 0; i < customer_ids->len; i++)
    crm_store_queue_change (self, CRM_ENTITY_CUSTOMER, g_array_index (customer_ids, gint64, i));
  crm_store_queue_change (self, CRM_ENTITY_DEAL, 0);
  crm_store_commit (self, NULL);
}
