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

/* Each order is read in passes, every pass a walk along an index with no
 * sort: a fixed statement whose WHERE is the same for all (an unused
 * filter binds NULL/-1 and drops out), plus the pass's own condition on
 * ?4. Orders by a column with few values (grade, channel, consultant) are
 * one pass per value in the order's sequence, each in name order on an
 * index of (value, sort_key, id); "no date last" is the dated ones, then
 * the others. On 1,000,000 customers a sort of the whole table took 2 to
 * 5 s before the first row; passes hand out the first rows at once.
 * Every ORDER BY is the order of its index as it stands, key for key, so
 * PostgreSQL walks it too: its indexes hold the id as a column (SQLite's
 * end in the rowid, the id, unasked; see pg_migration_15), a dated order
 * descending is the ascending one backwards (ties by id descending, as
 * the name order has them), and a pass of NULLs names the NULL column
 * first (PostgreSQL takes `= ?` for a constant in an index's order, not
 * `IS NULL`: it sorted the 36,000 customers without a consultant, and
 * the 100,000 by last contact, on a server 4 to 7 times slower than the
 * file).
 * The search words are not here: see crm-search-index.c. */
#define CUSTOMER_IDS_WHERE \
  "SELECT c.id FROM customer c" \
  " WHERE c.deleted_at IS NULL" \
  "   AND (CAST (?1 AS TEXT) IS NULL OR c.grade = ?1)" \
  "   AND (CAST (?2 AS TEXT) IS NULL OR c.channel = ?2)" \
  "   AND (?3 < 0 OR coalesce(c.owner_id, 0) = ?3)"


typedef struct
{
  gint64  id;
  char   *key;
} NamedId;

static void
named_id_clear (gpointer data)
{
  g_free (((NamedId *) data)->key);
}

static int
compare_named_ids (gconstpointer a,
                   gconstpointer b)
{
  const NamedId *x = a, *y = b;
  int by_key = g_strcmp0 (x->key, y->key);

  return by_key != 0 ? by_key : (x->id > y->id) - (x->id < y->id);
}

static const char name_asc_sql[] = CUSTOMER_IDS_WHERE " ORDER BY c.sort_key, c.id";
static const char name_desc_sql[] = CUSTOMER_IDS_WHERE " ORDER BY c.sort_key DESC, c.id DESC";
static const char grade_pass_sql[] =
  CUSTOMER_IDS_WHERE " AND c.grade = ?4 ORDER BY c.sort_key, c.id";
static const char channel_pass_sql[] =
  CUSTOMER_IDS_WHERE " AND c.channel = ?4 ORDER BY c.sort_key, c.id";
static const char owner_pass_sql[] =
  CUSTOMER_IDS_WHERE " AND c.owner_id = ?4 ORDER BY c.sort_key, c.id";
static const char unowned_pass_sql[] =
  CUSTOMER_IDS_WHERE " AND c.owner_id IS NULL AND ?4 = ?4 ORDER BY c.owner_id, c.sort_key, c.id";
static const char contact_asc_sql[] =
  CUSTOMER_IDS_WHERE " AND c.last_contact_at IS NOT NULL AND ?4 = ?4 ORDER BY c.last_contact_at, c.id";
static const char contact_desc_sql[] =
  CUSTOMER_IDS_WHERE " AND c.last_contact_at IS NOT NULL AND ?4 = ?4 ORDER BY c.last_contact_at DESC, c.id DESC";
static const char no_contact_sql[] =
  CUSTOMER_IDS_WHERE " AND c.last_contact_at IS NULL AND ?4 = ?4 ORDER BY c.last_contact_at, c.id";
static const char next_asc_sql[] =
  CUSTOMER_IDS_WHERE " AND c.next_followup_at IS NOT NULL AND ?4 = ?4 ORDER BY c.next_followup_at, c.id";
static const char next_desc_sql[] =
  CUSTOMER_IDS_WHERE " AND c.next_followup_at IS NOT NULL AND ?4 = ?4 ORDER BY c.next_followup_at DESC, c.id DESC";
static const char no_next_sql[] =
  CUSTOMER_IDS_WHERE " AND c.next_followup_at IS NULL AND ?4 = ?4 ORDER BY c.next_followup_at, c.id";
static const char created_asc_sql[] = CUSTOMER_IDS_WHERE " ORDER BY c.created_at, c.id";
static const char created_desc_sql[] = CUSTOMER_IDS_WHERE " ORDER BY c.created_at DESC, c.id DESC";

/* Grades from hot to cold */
static const char * const grade_rank[] = { "H", "A", "B", "C", "N" };

typedef struct
{
  const char *sql;
  char       *text;    /* bound to ?4 when set, */
  gint64      id;      /* else this */
} SortPass;

static void
sort_pass_clear (gpointer data)
{
  g_free (((SortPass *) data)->text);
}

static void
add_pass (GArray     *passes,
          const char *sql,
          const char *text,
          gint64      id)
{
  SortPass pass = { sql, g_strdup (text), id };

  g_array_append_val (passes, pass);
}

static int
compare_codes (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The passes that read @query's order, first to last */
static GArray *
sort_passes (CrmDb                  *db,
             const CrmCustomerQuery *query,
             GError                **error)
{
  g_autoptr(GArray) passes = g_array_new (FALSE, FALSE, sizeof (SortPass));
  gboolean desc = query->descending;

  g_array_set_clear_func (passes, sort_pass_clear);

  switch (query->sort)
    {
    case CRM_CUSTOMER_SORT_GRADE:
      for (guint i = 0; i < G_N_ELEMENTS (grade_rank); i++)
        add_pass (passes, grade_pass_sql, grade_rank[desc ? G_N_ELEMENTS (grade_rank) - 1 - i : i], 0);
      break;

    case CRM_CUSTOMER_SORT_CHANNEL:
      {
        g_autoptr(GEnumClass) klass = g_type_class_ref (CRM_TYPE_CHANNEL);
        g_autofree const char **codes = g_new0 (const char *, klass->n_values);

        for (guint i = 0; i < klass->n_values; i++)
          codes[i] = klass->values[i].value_nick;
        qsort (codes, klass->n_values, sizeof (char *), compare_codes);
        for (guint i = 0; i < klass->n_values; i++)
          add_pass (passes, channel_pass_sql, codes[desc ? klass->n_values - 1 - i : i], 0);
      }
      break;

    case CRM_CUSTOMER_SORT_OWNER:
      {
        /* No consultant sorts as an empty name: first, or last */
        g_autoptr(CrmDbStmt) staff = crm_db_prepare (db, "SELECT id, name FROM staff ORDER BY id", error);
        g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
        g_autoptr(GArray) named = g_array_new (FALSE, FALSE, sizeof (NamedId));
        CrmDbResult rc;

        if (staff == NULL)
          return NULL;
        g_array_set_clear_func (named, named_id_clear);
        while ((rc = crm_db_stmt_step (staff)) == CRM_DB_ROW)
          {
            NamedId n = { crm_db_stmt_column_int64 (staff, 0),
                          crm_pinyin_collation_key (crm_db_stmt_column_text (staff, 1) ? crm_db_stmt_column_text (staff, 1) : "") };
            g_array_append_val (named, n);
          }
        /* Consultants by their names' pinyin, as the staff lists show them */
        g_array_sort (named, compare_named_ids);
        for (guint i = 0; i < named->len; i++)
          g_array_append_val (ids, g_array_index (named, NamedId, i).id);
        if (rc != CRM_DB_DONE)
          {
            crm_db_set_error (db, error, rc);
            return NULL;
          }
        if (!desc)
          add_pass (passes, unowned_pass_sql, NULL, 0);
        for (guint i = 0; i < ids->len; i++)
          add_pass (passes, owner_pass_sql, NULL, g_array_index (ids, gint64, desc ? ids->len - 1 - i : i));
        if (desc)
          add_pass (passes, unowned_pass_sql, NULL, 0);
      }
      break;

    case CRM_CUSTOMER_SORT_LAST_CONTACT:
      add_pass (passes, desc ? contact_desc_sql : contact_asc_sql, NULL, 0);
      add_pass (passes, no_contact_sql, NULL, 0);
      break;

    case CRM_CUSTOMER_SORT_NEXT_FOLLOWUP:
      add_pass (passes, desc ? next_desc_sql : next_asc_sql, NULL, 0);
      add_pass (passes, no_next_sql, NULL, 0);
      break;

    case CRM_CUSTOMER_SORT_CREATED:
      add_pass (passes, desc ? created_desc_sql : created_asc_sql, NULL, 0);
      break;

    case CRM_CUSTOMER_SORT_NAME:
    default:
      add_pass (passes, desc ? name_desc_sql : name_asc_sql, NULL, 0);
      break;
    }

  return g_steal_pointer (&passes);
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

/* The first @query_task->first_page of @ids */
static void
post_first_page (QueryTask *query_task,
                 GArray    *ids)
{
  FirstPage *page = g_new0 (FirstPage, 1);

  page->task = g_object_ref (query_task->task);
  page->ids = g_array_copy (ids);
  g_array_set_size (page->ids, query_task->first_page);
  g_main_context_invoke_full (g_task_get_context (query_task->task), G_PRIORITY_DEFAULT,
                              first_page_cb, page, first_page_free);
}

static GArray *
run_sql_query (CrmStore               *self,
               CrmDb                  *db,
               const CrmCustomerQuery *query,
               QueryTask              *paged,
               GCancellable           *cancellable,
               GError                **error)
{
  g_autoptr(GArray) ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), 1024);
  g_autoptr(GArray) passes = sort_passes (db, query, error);
  gboolean first_page_due = paged != NULL;
  int rc = CRM_DB_DONE;

  if (passes == NULL)
    return NULL;

  for (guint p = 0; p < passes->len && rc == CRM_DB_DONE; p++)
    {
      SortPass *pass = &g_array_index (passes, SortPass, p);
      /* The main connection keeps its statements; a worker's reader
       * prepares its own */
      CrmDbStmt *stmt = db == self->db ? crm_store_prepare (self, pass->sql, error)
                                       : crm_db_prepare (db, pass->sql, error);

      if (stmt == NULL)
        return NULL;

      if (query->grade >= 0)
        crm_db_stmt_bind_text_static (stmt, 1, crm_enum_to_code (CRM_TYPE_GRADE, query->grade));
      if (query->channel >= 0)
        crm_db_stmt_bind_text_static (stmt, 2, crm_enum_to_code (CRM_TYPE_CHANNEL, query->channel));
      crm_db_stmt_bind_int64 (stmt, 3, query->owner_id);
      if (pass->text != NULL)
        crm_db_stmt_bind_text (stmt, 4, pass->text);
      else
        crm_db_stmt_bind_int64 (stmt, 4, pass->id);

      /* A first page as soon as it is read, a look at @cancellable every
       * 4,096 rows */
      do
        {
          guint chunk = first_page_due && ids->len < paged->first_page ? paged->first_page - ids->len : 4096;

          rc = crm_db_stmt_read_ids (stmt, ids, chunk);
          if (first_page_due && ids->len >= paged->first_page)
            {
              post_first_page (paged, ids);
              first_page_due = FALSE;
            }
          if (rc == CRM_DB_ROW && g_cancellable_is_cancelled (cancellable))
            rc = CRM_DB_INTERRUPT;
        }
      while (rc == CRM_DB_ROW);

      if (rc != CRM_DB_DONE && rc != CRM_DB_INTERRUPT)
        crm_db_set_error (db, error, rc);
      if (db == self->db)
        {
          crm_db_stmt_reset (stmt);
          crm_db_stmt_clear_bindings (stmt);
        }
      else
        crm_db_stmt_free (stmt);
    }

  if (rc == CRM_DB_INTERRUPT)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Cancelled");
      return NULL;
    }
  if (rc != CRM_DB_DONE)
    return NULL;

  return g_steal_pointer (&ids);
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
          CrmDb                  *db,
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

  ids = run_sql_query (self, db, query, paged, cancellable, error);
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

typedef struct
{
  gint64 id;
  int    rank;
  guint  position;   /* in the order of the latest contact */
} RankedId;

static int
compare_ranked (gconstpointer a,
                gconstpointer b)
{
  const RankedId *x = a, *y = b;

  if (x->rank != y->rank)
    return x->rank < y->rank ? -1 : 1;
  return x->position < y->position ? -1 : x->position > y->position;
}

static GArray *
run_customer_id_query (CrmStore               *self,
                       CrmDb                  *db,
                       const CrmCustomerQuery *query,
                       QueryTask              *paged,
                       GCancellable           *cancellable,
                       GError                **error)
{
  g_autoptr(GPtrArray) terms = crm_search_index_split (query->search);
  g_autoptr(GArray) ids = NULL;
  g_autofree guint8 *matches = NULL;
  GArray *found;
  gsize n_bits = 0;
  gboolean rank = query->rank && terms->len > 0;
  CrmCustomerQuery by_contact;

  /* Ranked: the matches are read in order of the latest contact, then
   * sorted by how well they match (a stable sort keeps that order within) */
  by_contact = *query;
  if (rank)
    {
      by_contact.sort = CRM_CUSTOMER_SORT_LAST_CONTACT;
      by_contact.descending = TRUE;
    }

  /* A first page only when the SQL order is the answer (no search words) */
  ids = base_ids (self, db, &by_contact, terms->len == 0 ? paged : NULL, cancellable, error);
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

  if (rank && found->len > 1)
    {
      g_autoptr(GArray) ranked = g_array_sized_new (FALSE, FALSE, sizeof (RankedId), found->len);

      g_mutex_lock (&self->index_lock);
      for (guint i = 0; i < found->len; i++)
        {
          RankedId r = { g_array_index (found, gint64, i), 0, i };

          r.rank = self->index ? crm_search_index_rank (self->index, r.id, (const char * const *) terms->pdata) : 0;
          g_array_append_val (ranked, r);
        }
      g_mutex_unlock (&self->index_lock);
      g_array_sort (ranked, compare_ranked);
      for (guint i = 0; i < ranked->len; i++)
        g_array_index (found, gint64, i) = g_array_index (ranked, RankedId, i).id;
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
  g_autoptr(GPtrArray) terms = crm_search_index_split (search);
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

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);
  g_return_val_if_fail ((guint) query->sort < CRM_N_CUSTOMER_SORTS, NULL);

  return run_customer_id_query (self, self->db, query, NULL, cancellable, error);
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
  GArray *ids = NULL;

  g_mutex_lock (&self->reader_lock);

  if (self->reader == NULL)
    self->reader = crm_db_open_reader (self->db, &error);

  if (self->reader != NULL)
    {
      query_task->task = task;
      ids = run_customer_id_query (self, self->reader, query,
                                   query_task->first_page_func ? query_task : NULL, cancellable, &error);
      query_task->task = NULL;
    }

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
