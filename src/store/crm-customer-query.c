/* crm-customer-query.c: CrmCustomerStore's list query: SQL order and filters, the search index, worker threads
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
/* The customer list query                                             */

void
crm_customer_query_init (CrmCustomerQuery *query)
{
  memset (query, 0, sizeof *query);
  query->grade = -1;
  query->channel = -1;
  query->owner_id = -1;
  query->sort = CRM_CUSTOMER_SORT_NAME;
}

void
crm_customer_query_clear (CrmCustomerQuery *query)
{
  g_clear_pointer (&query->search, g_free);
}

void
crm_customer_query_copy (const CrmCustomerQuery *src,
                         CrmCustomerQuery       *dest)
{
  *dest = *src;
  dest->search = g_strdup (src->search);
}

#define MAX_SEARCH_TERMS 4

/* One fixed statement per order: the WHERE is the same for all, every
 * value is bound. An unused filter binds NULL/-1 and drops out. The
 * search words are not here: see crm-search-index.c. */
#define CUSTOMER_IDS_WHERE \
  "SELECT c.id FROM customer c" \
  " WHERE c.deleted_at IS NULL" \
  "   AND (?1 IS NULL OR c.grade = ?1)" \
  "   AND (?2 IS NULL OR c.channel = ?2)" \
  "   AND (?3 < 0 OR coalesce(c.owner_id, 0) = ?3)"

#define GRADE_RANK \
  "CASE c.grade WHEN 'H' THEN 1 WHEN 'A' THEN 2 WHEN 'B' THEN 3 WHEN 'C' THEN 4" \
  " WHEN 'N' THEN 5 ELSE 0 END"
#define OWNER_NAME "coalesce((SELECT s.name FROM staff s WHERE s.id = c.owner_id), '')"

static const char * const customer_id_queries[CRM_N_CUSTOMER_SORTS][2] = {
  [CRM_CUSTOMER_SORT_NAME] = {
    CUSTOMER_IDS_WHERE " ORDER BY c.sort_key, c.id",
    CUSTOMER_IDS_WHERE " ORDER BY c.sort_key DESC, c.id DESC" },
  [CRM_CUSTOMER_SORT_GRADE] = {
    CUSTOMER_IDS_WHERE " ORDER BY " GRADE_RANK ", c.sort_key, c.id",
    CUSTOMER_IDS_WHERE " ORDER BY " GRADE_RANK " DESC, c.sort_key, c.id" },
  [CRM_CUSTOMER_SORT_OWNER] = {
    CUSTOMER_IDS_WHERE " ORDER BY " OWNER_NAME ", c.sort_key, c.id",
    CUSTOMER_IDS_WHERE " ORDER BY " OWNER_NAME " DESC, c.sort_key, c.id" },
  [CRM_CUSTOMER_SORT_CHANNEL] = {
    CUSTOMER_IDS_WHERE " ORDER BY c.channel, c.sort_key, c.id",
    CUSTOMER_IDS_WHERE " ORDER BY c.channel DESC, c.sort_key, c.id" },
  [CRM_CUSTOMER_SORT_LAST_CONTACT] = {
    CUSTOMER_IDS_WHERE " ORDER BY c.last_contact_at IS NULL, c.last_contact_at, c.id",
    CUSTOMER_IDS_WHERE " ORDER BY c.last_contact_at IS NULL, c.last_contact_at DESC, c.id" },
  [CRM_CUSTOMER_SORT_NEXT_FOLLOWUP] = {
    CUSTOMER_IDS_WHERE " ORDER BY c.next_followup_at IS NULL, c.next_followup_at, c.id",
    CUSTOMER_IDS_WHERE " ORDER BY c.next_followup_at IS NULL, c.next_followup_at DESC, c.id" },
  [CRM_CUSTOMER_SORT_CREATED] = {
    CUSTOMER_IDS_WHERE " ORDER BY c.created_at, c.id",
    CUSTOMER_IDS_WHERE " ORDER BY c.created_at DESC, c.id DESC" },
};

/* A word of the search box as it is matched against search_key: lower
 * case; a phone fragment typed with spaces or dashes as digits only. */
static char *
normalize_term (const char *term)
{
  gboolean phone_like = TRUE;
  gboolean has_digit = FALSE;

  for (const char *p = term; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        has_digit = TRUE;
      else if (*p != '-' && *p != '+' && *p != '(' && *p != ')')
        phone_like = FALSE;
    }

  if (phone_like && has_digit)
    return crm_phone_digits (term);

  return g_utf8_strdown (term, -1);
}

/* A long list read in a worker thread hands its first rows to the main
 * context while it reads on (see crm_customer_store_query_ids_paged_async) */
typedef struct
{
  CrmCustomerQuery  query;
  guint             first_page;
  CrmStoreIdsFunc   first_page_func;
  gpointer          first_page_data;
  GDestroyNotify    first_page_destroy;
  GTask            *task;        /* while the worker runs */
} QueryTask;

typedef struct
{
  GTask  *task;
  GArray *ids;
} FirstPage;

static void
first_page_free (gpointer data)
{
  FirstPage *page = data;

  g_object_unref (page->task);
  g_array_unref (page->ids);
  g_free (page);
}

static gboolean
first_page_cb (gpointer data)
{
  FirstPage *page = data;
  QueryTask *query_task = g_task_get_task_data (page->task);

  if (!g_cancellable_is_cancelled (g_task_get_cancellable (page->task)))
    query_task->first_page_func (page->ids, query_task->first_page_data);
  return G_SOURCE_REMOVE;
}

static void
post_first_page (QueryTask *query_task,
                 GArray    *ids)
{
  FirstPage *page = g_new0 (FirstPage, 1);

  page->task = g_object_ref (query_task->task);
  page->ids = g_array_copy (ids);
  g_main_context_invoke_full (g_task_get_context (query_task->task), G_PRIORITY_DEFAULT,
                              first_page_cb, page, first_page_free);
}

static GArray *
run_sql_query (CrmDb                *db,
               CrmDbStmt           *stmt,
               const CrmCustomerQuery *query,
               QueryTask              *paged,
               GCancellable           *cancellable,
               GError                **error)
{
  g_autoptr(GArray) ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), 1024);
  guint n_rows = 0;
  int rc;

  if (query->grade >= 0)
    crm_db_stmt_bind_text_static (stmt, 1, crm_enum_to_code (CRM_TYPE_GRADE, query->grade));
  if (query->channel >= 0)
    crm_db_stmt_bind_text_static (stmt, 2, crm_enum_to_code (CRM_TYPE_CHANNEL, query->channel));
  crm_db_stmt_bind_int64 (stmt, 3, query->owner_id);

  while ((rc = crm_db_stmt_step (stmt)) == CRM_DB_ROW)
    {
      gint64 id = crm_db_stmt_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
      if (paged != NULL && n_rows + 1 == paged->first_page)
        post_first_page (paged, ids);
      if (++n_rows % 4096 == 0 && g_cancellable_is_cancelled (cancellable))
        {
          rc = CRM_DB_INTERRUPT;
          break;
        }
    }

  crm_db_stmt_reset (stmt);
  crm_db_stmt_clear_bindings (stmt);

  if (rc == CRM_DB_INTERRUPT)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Cancelled");
      return NULL;
    }
  if (rc != CRM_DB_DONE)
    {
      crm_db_set_error (db, error, rc);
      return NULL;
    }

  return g_steal_pointer (&ids);
}

/* The words of the search box, as the index matches them */
static GPtrArray *
search_terms (const char *search)
{
  GPtrArray *terms = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) text = NULL;
  g_auto(GStrv) words = NULL;

  if (search == NULL)
    return terms;

  /* Full-width spaces from a Chinese input method separate words too */
  text = g_string_new (search);
  g_string_replace (text, "\u3000", " ", 0);
  words = g_strsplit_set (text->str, " \t\n", -1);
  for (guint i = 0; words[i] != NULL && terms->len < MAX_SEARCH_TERMS; i++)
    {
      char *term = words[i][0] ? normalize_term (words[i]) : NULL;

      if (term != NULL && term[0] != '\0')
        g_ptr_array_add (terms, term);
      else
        g_free (term);
    }
  return terms;
}

static gboolean
same_shape (const CrmCustomerQuery *a,
            const CrmCustomerQuery *b)
{
  return a->grade == b->grade && a->channel == b->channel && a->owner_id == b->owner_id &&
         a->sort == b->sort && a->descending == b->descending;
}

/* The ids in order for the filters other than search: SQL, remembered
 * until customers change, so typing in the search box costs no query. */
static GArray *
base_ids (CrmStore               *self,
          CrmDb                *db,
          CrmDbStmt           *stmt,
          const CrmCustomerQuery *query,
          QueryTask              *paged,
          GCancellable           *cancellable,
          GError                **error)
{
  GArray *ids = NULL;
  guint64 generation;

  g_mutex_lock (&self->index_lock);
  generation = self->generation;
  if (self->base_ids != NULL && self->base_generation == generation &&
      same_shape (&self->base_query, query))
    ids = g_array_ref (self->base_ids);
  g_mutex_unlock (&self->index_lock);

  if (ids != NULL)
    return ids;

  ids = run_sql_query (db, stmt, query, paged, cancellable, error);
  if (ids == NULL)
    return NULL;

  g_mutex_lock (&self->index_lock);
  if (self->generation == generation)
    {
      g_clear_pointer (&self->base_ids, g_array_unref);
      self->base_ids = g_array_ref (ids);
      self->base_generation = generation;
      crm_customer_query_clear (&self->base_query);
      crm_customer_query_copy (query, &self->base_query);
    }
  g_mutex_unlock (&self->index_lock);

  return ids;
}

static gboolean
ensure_index_locked (CrmStore  *self,
                     CrmDb   *db,
                     GError   **error)
{
  if (self->index != NULL)
    return TRUE;

  self->index = crm_search_index_new ();
  if (!crm_search_index_load (self->index, db, error))
    {
      g_clear_pointer (&self->index, crm_search_index_free);
      return FALSE;
    }
  return TRUE;
}

static GArray *
run_customer_id_query (CrmStore               *self,
                       CrmDb                *db,
                       CrmDbStmt           *stmt,
                       const CrmCustomerQuery *query,
                       QueryTask              *paged,
                       GCancellable           *cancellable,
                       GError                **error)
{
  g_autoptr(GPtrArray) terms = search_terms (query->search);
  g_autoptr(GArray) ids = NULL;
  g_autofree guint8 *matches = NULL;
  GArray *found;
  gsize n_bits = 0;

  /* A first page only when the SQL order is the answer (no search words) */
  ids = base_ids (self, db, stmt, query, terms->len == 0 ? paged : NULL, cancellable, error);
  if (ids == NULL || terms->len == 0)
    return g_steal_pointer (&ids);

  g_ptr_array_add (terms, NULL);
  g_mutex_lock (&self->index_lock);
  if (ensure_index_locked (self, db, error))
    matches = crm_search_index_match (self->index, (const char * const *) terms->pdata, &n_bits);
  g_mutex_unlock (&self->index_lock);

  if (matches == NULL)
    return NULL;

  found = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);

      if (crm_search_index_contains (matches, n_bits, id))
        g_array_append_val (found, id);
    }
  return found;
}

/**
 * crm_store_match_customers:
 * @n_bits: (out): the size of the bitmap
 *
 * Returns: (transfer full) (nullable): a bitmap of the customer ids whose
 *   search text matches every word of @search
 */
guint8 *
crm_store_match_customers (CrmStore    *self,
                           const char  *search,
                           gsize       *n_bits,
                           GError     **error)
{
  g_autoptr(GPtrArray) terms = search_terms (search);
  guint8 *matches = NULL;

  if (terms->len == 0)
    g_ptr_array_add (terms, g_strdup (""));
  g_ptr_array_add (terms, NULL);

  g_mutex_lock (&self->index_lock);
  if (ensure_index_locked (self, self->db, error))
    matches = crm_search_index_match (self->index, (const char * const *) terms->pdata, n_bits);
  g_mutex_unlock (&self->index_lock);
  return matches;
}

/**
 * crm_store_prepare_search:
 *
 * Builds the search index now (it is otherwise built by the first search).
 * Safe to call from a worker thread through crm_customer_store_prepare_search_async().
 */
static void
prepare_search_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  CrmStore *self = source_object;
  g_autoptr(GError) error = NULL;
  gboolean ok = FALSE;

  g_mutex_lock (&self->reader_lock);
  if (self->reader == NULL)
    self->reader = crm_db_open_reader (self->db, &error);
  if (self->reader != NULL)
    {
      g_mutex_lock (&self->index_lock);
      ok = ensure_index_locked (self, self->reader, &error);
      g_mutex_unlock (&self->index_lock);
    }
  g_mutex_unlock (&self->reader_lock);

  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

void
crm_customer_store_prepare_search_async (CrmCustomerStore    *domain,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CRM_IS_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, crm_customer_store_prepare_search_async);
  g_task_run_in_thread (task, prepare_search_thread);
}

gboolean
crm_customer_store_prepare_search_finish (CrmCustomerStore  *domain,
                                          GAsyncResult      *result,
                                          GError           **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * crm_customer_store_query_ids:
 *
 * Runs the Customers view's query on the main connection.
 *
 * Returns: (transfer full) (element-type gint64): the matching ids in order
 */
GArray *
crm_customer_store_query_ids (CrmCustomerStore        *domain,
                              const CrmCustomerQuery  *query,
                              GCancellable            *cancellable,
                              GError                 **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  CrmDbStmt *stmt;

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);
  g_return_val_if_fail ((guint) query->sort < CRM_N_CUSTOMER_SORTS, NULL);

  stmt = crm_store_prepare (self, customer_id_queries[query->sort][query->descending ? 1 : 0], error);
  if (stmt == NULL)
    return NULL;

  return run_customer_id_query (self, self->db, stmt, query, NULL, cancellable, error);
}

static void
query_ids_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  CrmStore *self = source_object;
  QueryTask *query_task = task_data;
  CrmCustomerQuery *query = &query_task->query;
  g_autoptr(GError) error = NULL;
  CrmDbStmt *stmt = NULL;
  GArray *ids = NULL;

  g_mutex_lock (&self->reader_lock);

  if (self->reader == NULL)
    self->reader = crm_db_open_reader (self->db, &error);

  if (self->reader != NULL)
    stmt = crm_db_prepare (self->reader,
                           customer_id_queries[query->sort][query->descending ? 1 : 0],
                           &error);

  if (stmt != NULL)
    {
      query_task->task = task;
      ids = run_customer_id_query (self, self->reader, stmt, query,
                                   query_task->first_page_func ? query_task : NULL, cancellable, &error);
      query_task->task = NULL;
    }

  crm_db_stmt_free (stmt);
  g_mutex_unlock (&self->reader_lock);

  if (ids != NULL)
    g_task_return_pointer (task, ids, (GDestroyNotify) g_array_unref);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

static void
query_task_free (gpointer data)
{
  QueryTask *query_task = data;

  crm_customer_query_clear (&query_task->query);
  if (query_task->first_page_destroy != NULL)
    query_task->first_page_destroy (query_task->first_page_data);
  g_free (query_task);
}

/**
 * crm_customer_store_query_ids_async:
 *
 * The same query in a worker thread on a read-only connection of its own,
 * so typing in the search box never waits for 100,000 rows.
 */
void
crm_customer_store_query_ids_async (CrmCustomerStore       *domain,
                                    const CrmCustomerQuery *query,
                                    GCancellable           *cancellable,
                                    GAsyncReadyCallback     callback,
                                    gpointer                user_data)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  crm_customer_store_query_ids_paged_async (crm_store_get_customer_store (self), query, 0, NULL, NULL, NULL,
                                            cancellable, callback, user_data);
}

/**
 * crm_customer_store_query_ids_paged_async:
 * @first_page: how many ids make the first page
 * @first_page_func: (nullable): called in the caller's main context with
 *   the first @first_page ids while the rest of a long list is still being
 *   read (only when the order of the SQL query is the answer, that is
 *   without search words, and the list has that many); not called once
 *   @cancellable is cancelled
 *
 * As crm_customer_store_query_ids_async(), handing a first page of a
 * long list (100,000 customers take tens of milliseconds) to the list
 * as soon as it is read, so the first rows can be drawn sooner.
 */
void
crm_customer_store_query_ids_paged_async (CrmCustomerStore       *domain,
                                          const CrmCustomerQuery *query,
                                          guint                   first_page,
                                          CrmStoreIdsFunc         first_page_func,
                                          gpointer                first_page_data,
                                          GDestroyNotify          first_page_destroy,
                                          GCancellable           *cancellable,
                                          GAsyncReadyCallback     callback,
                                          gpointer                user_data)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  g_autoptr(GTask) task = NULL;
  QueryTask *query_task = g_new0 (QueryTask, 1);

  g_return_if_fail (CRM_IS_STORE (self));
  g_return_if_fail (query != NULL);

  crm_customer_query_copy (query, &query_task->query);
  query_task->first_page = first_page;
  query_task->first_page_func = first_page > 0 ? first_page_func : NULL;
  query_task->first_page_data = first_page_data;
  query_task->first_page_destroy = first_page_destroy;
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, crm_customer_store_query_ids_async);
  g_task_set_task_data (task, query_task, query_task_free);
  g_task_run_in_thread (task, query_ids_thread);
}

GArray *
crm_customer_store_query_ids_finish (CrmCustomerStore  *domain,
                                     GAsyncResult      *result,
                                     GError           **error)
{
  CrmStore *self = crm_domain_store_get_store (domain);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
