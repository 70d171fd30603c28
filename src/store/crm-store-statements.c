/* crm-store-statements.c: the store's statement helpers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Prepared statements cached per connection, typed parameter binding and
 * the few shapes every domain store's queries take (a row that exists,
 * a row by id, one write in its own transaction). Store internal: see
 * crm-store-private.h.
 */
#define G_LOG_DOMAIN "crm-store"

#include "config.h"

#include <glib/gi18n.h>

#include "crm-error.h"
#include "crm-store-private.h"

/* ------------------------------------------------------------------ */
/* Statements                                                          */

CrmDbStmt *
crm_store_prepare (CrmStore    *self,
         const char  *sql,
         GError     **error)
{
  CrmDbStmt *stmt = g_hash_table_lookup (self->statements, sql);

  if (stmt != NULL)
    return stmt;

  stmt = crm_db_prepare_persistent (self->db, sql, error);
  if (stmt == NULL)
    return NULL;

  g_hash_table_insert (self->statements, (gpointer) sql, stmt);
  return stmt;
}

/* Resets a cached statement when it leaves scope */
void
crm_store_stmt_done (CrmDbStmt **stmt)
{
  if (*stmt != NULL)
    {
      crm_db_stmt_reset (*stmt);
      crm_db_stmt_clear_bindings (*stmt);
    }
}



/* Binds ?1 … ?n from a typed list, so one-statement helpers can take
 * their parameters without a callback per call site */
void
crm_store_bind_params (CrmDbStmt      *stmt,
                       const CrmParam *params,
                       guint           n_params)
{
  for (guint i = 0; i < n_params; i++)
    {
      int index = (int) i + 1;

      switch (params[i].kind)
        {
        case CRM_PARAM_INT64:
          crm_db_stmt_bind_int64 (stmt, index, params[i].number);
          break;
        case CRM_PARAM_TEXT:
          crm_db_stmt_bind_text (stmt, index, params[i].text);
          break;
        case CRM_PARAM_TEXT_STATIC:
          crm_db_stmt_bind_text_static (stmt, index, params[i].text);
          break;
        case CRM_PARAM_TEXT_OR_NULL:
          crm_store_bind_text_or_null (stmt, index, params[i].text);
          break;
        case CRM_PARAM_ID_OR_NULL:
          crm_store_bind_id_or_null (stmt, index, params[i].number);
          break;
        default:
          g_assert_not_reached ();
        }
    }
}

/* Steps an UPDATE of one row by id. A statement that ran but changed
 * nothing means the row is gone (or no longer matches): that is
 * CRM_ERROR_NOT_FOUND with @not_found, not success. */
gboolean
crm_store_step_changed (CrmStore    *self,
                        CrmDbStmt   *stmt,
                        const char  *not_found,
                        GError     **error)
{
  if (!crm_store_step_done (self, stmt, error))
    return FALSE;
  if (crm_db_changes (self->db) == 0)
    {
      g_set_error_literal (error, CRM_ERROR, CRM_ERROR_NOT_FOUND, not_found);
      return FALSE;
    }
  return TRUE;
}

/* Whether the query gives a row at all; a statement that fails to
 * prepare counts as no row, as the callers' checks always did */
gboolean
crm_store_row_exists (CrmStore       *self,
                      const char     *sql,
                      const CrmParam *params,
                      guint           n_params)
{
  CRM_AUTO_STMT stmt = crm_store_prepare (self, sql, NULL);

  if (stmt == NULL)
    return FALSE;
  crm_store_bind_params (stmt, params, n_params);
  return crm_db_stmt_step (stmt) == CRM_DB_ROW;
}

/* The first column of the first row, or @fallback when there is no row
 * or the statement fails */
gint64
crm_store_query_int64 (CrmStore       *self,
                       const char     *sql,
                       const CrmParam *params,
                       guint           n_params,
                       gint64          fallback)
{
  CRM_AUTO_STMT stmt = crm_store_prepare (self, sql, NULL);

  if (stmt == NULL)
    return fallback;
  crm_store_bind_params (stmt, params, n_params);
  if (crm_db_stmt_step (stmt) != CRM_DB_ROW)
    return fallback;
  return crm_db_stmt_column_int64 (stmt, 0);
}

/* Steps every row of @sql, handing each to @func; %FALSE with @error
 * when the statement fails */
static gboolean
each_row (CrmStore        *self,
          const char      *sql,
          const CrmParam  *params,
          guint            n_params,
          void           (*func) (CrmDbStmt *stmt, gpointer data),
          gpointer         data,
          GError         **error)
{
  CRM_AUTO_STMT stmt = crm_store_prepare (self, sql, error);
  CrmDbResult rc;

  if (stmt == NULL)
    return FALSE;
  crm_store_bind_params (stmt, params, n_params);
  while ((rc = crm_db_stmt_step (stmt)) == CRM_DB_ROW)
    func (stmt, data);
  if (rc == CRM_DB_DONE)
    return TRUE;
  crm_db_set_error (self->db, error, rc);
  return FALSE;
}

typedef struct
{
  GArray            *values;
  CrmStoreValueFunc  read_row;
} Values;

static void
add_value (CrmDbStmt *stmt,
           gpointer   data)
{
  Values *v = data;
  guint size = g_array_get_element_size (v->values);

  g_array_set_size (v->values, v->values->len + 1);
  v->read_row (stmt, v->values->data + (gsize) (v->values->len - 1) * size);
}

/* Every row of @sql, each read by @read_row into an element of
 * @element_size: the short lists kept as values (a model's trims, a
 * trim's prices). Returns: (transfer full) the rows, or NULL with @error */
GArray *
crm_store_collect_values (CrmStore          *self,
                          const char        *sql,
                          const CrmParam    *params,
                          guint              n_params,
                          guint              element_size,
                          CrmStoreValueFunc  read_row,
                          GError           **error)
{
  Values v = { g_array_new (FALSE, TRUE, element_size), read_row };

  if (!each_row (self, sql, params, n_params, add_value, &v, error))
    g_clear_pointer (&v.values, g_array_unref);
  return v.values;
}

typedef struct
{
  GListStore      *list;
  CrmStoreRowFunc  from_row;
} Objects;

static void
add_object (CrmDbStmt *stmt,
            gpointer   data)
{
  Objects *o = data;
  g_autoptr(GObject) item = o->from_row (stmt);

  g_list_store_append (o->list, item);
}

/* Every row of @sql as a plain list of @item_type, each item made by
 * @from_row. For the short lists (staff, cars, one customer's deals and
 * timeline); an empty list when the statement fails. */
GListModel *
crm_store_list_objects (CrmStore        *self,
                        const char      *sql,
                        const CrmParam  *params,
                        guint            n_params,
                        GType            item_type,
                        CrmStoreRowFunc  from_row)
{
  Objects o = { g_list_store_new (item_type), from_row };

  each_row (self, sql, params, n_params, add_object, &o, NULL);
  return G_LIST_MODEL (o.list);
}

/* The objects of up to CRM_STORE_MANY ids read in one statement (a
 * screenful of a list: one round trip to a server instead of one per
 * row): @sql ends in "IN (?1, …, ?32)"; ids past @n_ids bind 0 (no row).
 * %NULL with @error set when the rows could not be read. */
GPtrArray *
crm_store_get_many (CrmStore         *self,
                    const char       *sql,
                    const gint64     *ids,
                    guint             n_ids,
                    CrmStoreRowFunc   from_row,
                    GError          **error)
{
  g_autoptr(GPtrArray) objects = g_ptr_array_new_with_free_func (g_object_unref);
  CRM_AUTO_STMT stmt = NULL;
  int rc;

  g_return_val_if_fail (n_ids <= CRM_STORE_MANY, NULL);

  if ((stmt = crm_store_prepare (self, sql, error)) == NULL)
    return NULL;
  for (guint i = 0; i < CRM_STORE_MANY; i++)
    crm_db_stmt_bind_int64 (stmt, (int) i + 1, i < n_ids ? ids[i] : 0);
  while ((rc = crm_db_stmt_step (stmt)) == CRM_DB_ROW)
    g_ptr_array_add (objects, from_row (stmt));
  if (rc != CRM_DB_DONE)
    {
      crm_db_set_error (self->db, error, rc);
      return NULL;
    }
  return g_steal_pointer (&objects);
}

/* crm_store_list_objects(), or %NULL when the rows could not all be read
 * (for what is kept: an empty list is not an answer then) */
GListModel *
crm_store_list_objects_or_null (CrmStore        *self,
                                const char      *sql,
                                GType            item_type,
                                CrmStoreRowFunc  from_row)
{
  Objects o = { g_list_store_new (item_type), from_row };

  if (!each_row (self, sql, NULL, 0, add_object, &o, NULL))
    {
      g_object_unref (o.list);
      return NULL;
    }
  return G_LIST_MODEL (o.list);
}

/* Steps a "… WHERE x.id = ?1" query onto its row. Returns the cached
 * statement standing on that row (hold it in a CRM_AUTO_STMT), or NULL
 * with @error set: CRM_ERROR_NOT_FOUND with @not_found when no row. */
CrmDbStmt *
crm_store_select_row (CrmStore    *self,
                      const char  *sql,
                      gint64       id,
                      const char  *not_found,
                      GError     **error)
{
  CrmDbStmt *stmt = crm_store_prepare (self, sql, error);

  if (stmt == NULL)
    return NULL;
  crm_db_stmt_bind_int64 (stmt, 1, id);
  if (crm_db_stmt_step (stmt) == CRM_DB_ROW)
    return stmt;

  crm_store_stmt_done (&stmt);
  g_set_error_literal (error, CRM_ERROR, CRM_ERROR_NOT_FOUND, not_found);
  return NULL;
}

/* The object @from_row makes of the row crm_store_select_row() finds:
 * the one-item counterpart of crm_store_list_objects(). Returns: (transfer
 * full) the item, or NULL with @error set */
gpointer
crm_store_get_object (CrmStore        *self,
                      const char      *sql,
                      gint64           id,
                      const char      *not_found,
                      CrmStoreRowFunc  from_row,
                      GError         **error)
{
  CRM_AUTO_STMT stmt = crm_store_select_row (self, sql, id, not_found, error);

  return stmt != NULL ? from_row (stmt) : NULL;
}

/* Inserts one row in its own (or the caller's) transaction and announces
 * it. Returns: the new row's id, or 0 with @error set (nothing stored) */
gint64
crm_store_insert_one (CrmStore       *self,
                      CrmEntity       entity,
                      const char     *sql,
                      const CrmParam *params,
                      guint           n_params,
                      GError        **error)
{
  CRM_AUTO_STMT stmt = NULL;
  gint64 id;

  if (!crm_store_begin (self, error))
    return 0;
  if ((stmt = crm_store_prepare (self, sql, error)) == NULL)
    {
      crm_store_rollback (self);
      return 0;
    }

  crm_store_bind_params (stmt, params, n_params);
  if (!crm_store_step_done (self, stmt, error))
    {
      crm_store_rollback (self);
      return 0;
    }

  id = crm_db_last_insert_id (self->db);
  crm_store_queue_change (self, entity, id);
  if (!crm_store_commit (self, error))
    return 0;
  return id;
}

/* The write most setters are: one statement in its own (or the
 * caller's) transaction, announcing @changed_id of @entity once it
 * commits. The change is queued even when the step fails, as the
 * setters did: the rollback drops it. */
gboolean
crm_store_write_one (CrmStore       *self,
                     CrmEntity       entity,
                     gint64          changed_id,
                     const char     *sql,
                     const CrmParam *params,
                     guint           n_params,
                     GError        **error)
{
  CRM_AUTO_STMT stmt = NULL;
  gboolean ok;

  if (!crm_store_begin (self, error))
    return FALSE;
  ok = (stmt = crm_store_prepare (self, sql, error)) != NULL;
  if (ok)
    {
      crm_store_bind_params (stmt, params, n_params);
      ok = crm_store_step_done (self, stmt, error);
      crm_store_queue_change (self, entity, changed_id);
    }
  return crm_store_finish_write (self, ok, error);
}

gboolean
crm_store_exec (CrmStore    *self,
             const char  *sql,
             GError     **error)
{
  return crm_db_exec (self->db, sql, error);
}

gboolean
crm_store_step_done (CrmStore      *self,
           CrmDbStmt  *stmt,
           GError       **error)
{
  int rc = crm_db_stmt_step (stmt);

  if (rc != CRM_DB_DONE && rc != CRM_DB_ROW)
    {
      crm_db_set_error (self->db, error, rc);
      return FALSE;
    }
  return TRUE;
}

void
crm_store_bind_text_or_null (CrmDbStmt *stmt,
                   int           index,
                   const char   *text)
{
  if (text != NULL && text[0] != '\0')
    crm_db_stmt_bind_text (stmt, index, text);
  else
    crm_db_stmt_bind_null (stmt, index);
}

void
crm_store_bind_id_or_null (CrmDbStmt *stmt,
                 int           index,
                 gint64        id)
{
  if (id > 0)
    crm_db_stmt_bind_int64 (stmt, index, id);
  else
    crm_db_stmt_bind_null (stmt, index);
}

void
crm_store_bind_code (CrmDbStmt *stmt,
           int           index,
           GType         type,
           int           value)
{
  crm_db_stmt_bind_text_static (stmt, index, crm_enum_to_code (type, value));
}

int
crm_store_column_code (CrmDbStmt *stmt,
             int           column,
             GType         type)
{
  int value = 0;

  crm_enum_from_code (type, (const char *) crm_db_stmt_column_text (stmt, column), &value);
  return value;
}

const char *
crm_store_column_text (CrmDbStmt *stmt,
             int           column)
{
  return (const char *) crm_db_stmt_column_text (stmt, column);
}
