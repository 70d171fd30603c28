/* crm-store-reads.c: reads in worker threads, on connections of their own
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A window must not wait on the network. On a server every statement is a
 * round trip, so the reads that fill a view (a board column, a screenful
 * of customers) run here: in one of two worker threads, each on a store
 * of its own opened on the same showroom (the store's statements and
 * connection belong to the main thread). The worker stores are kept for
 * the next read rather than opened each time, at most two per process so
 * twenty desktops do not use up the server's connections; one that failed
 * is dropped, and a reconnection drops them all.
 *
 * On a file the same reads take microseconds and run on the main thread,
 * unless a test asks for the worker threads (crm_store_set_background_reads()).
 */
#define G_LOG_DOMAIN "crm-store"

#include "config.h"

#include "crm-store.h"
#include "crm-error.h"
#include "crm-store-private.h"

#define MAX_WORKERS 2

/* What the reads of one store share with its worker threads: the worker
 * stores kept for the next read, and whether the store still wants any.
 * The reads hold this, never the store: the store's last reference is
 * always dropped where it was taken, on the main thread. */
typedef struct _CrmReadState
{
  gint       ref_count;
  GMutex     lock;
  GPtrArray *idle;      /* CrmStore, worker stores */
  guint      epoch;     /* bumped when the kept ones go stale */
  gboolean   closing;
} CrmReadState;

static CrmReadState *
read_state_ref (CrmReadState *state)
{
  g_atomic_int_inc (&state->ref_count);
  return state;
}

static void
read_state_unref (CrmReadState *state)
{
  if (!g_atomic_int_dec_and_test (&state->ref_count))
    return;
  g_mutex_clear (&state->lock);
  g_ptr_array_unref (state->idle);
  g_free (state);
}

static void run_read (gpointer task_data, gpointer pool_data);

/* One pool for every store of the process: at most two reads at once,
 * so twenty desktops do not use up the server's connections */
static GThreadPool *
read_pool (void)
{
  static GThreadPool *pool;
  static gsize once;

  if (g_once_init_enter (&once))
    {
      pool = g_thread_pool_new (run_read, NULL, MAX_WORKERS, FALSE, NULL);
      g_once_init_leave (&once, 1);
    }
  return pool;
}

typedef struct
{
  CrmStoreReadFunc func;
  gpointer         data;
  GDestroyNotify   data_free;
  GDestroyNotify   result_free;
  char            *path;
  CrmClock        *clock;
  int              busy_timeout_ms;
  CrmReadState    *state;
} ReadJob;

static void
read_job_free (gpointer data)
{
  ReadJob *job = data;

  if (job->data_free != NULL)
    job->data_free (job->data);
  g_free (job->path);
  g_clear_object (&job->clock);
  g_clear_pointer (&job->state, read_state_unref);
  g_free (job);
}

/* A worker store kept, or a new one */
static CrmStore *
take_worker (ReadJob  *job,
             guint    *epoch,
             GError  **error)
{
  CrmReadState *state = job->state;
  CrmStore *worker = NULL;

  g_mutex_lock (&state->lock);
  if (state->idle->len > 0)
    worker = g_ptr_array_steal_index_fast (state->idle, state->idle->len - 1);
  *epoch = state->epoch;
  g_mutex_unlock (&state->lock);

  if (worker == NULL)
    worker = crm_store_open_full (job->path, job->clock, job->busy_timeout_ms, error);
  return worker;
}

static void
give_back_worker (CrmReadState *state,
                  CrmStore     *worker,
                  guint         epoch)
{
  g_mutex_lock (&state->lock);
  if (!state->closing && epoch == state->epoch && state->idle->len < MAX_WORKERS)
    {
      g_ptr_array_add (state->idle, worker);
      worker = NULL;
    }
  g_mutex_unlock (&state->lock);
  g_clear_object (&worker);
}

static void
run_read (gpointer task_data,
          gpointer pool_data)
{
  g_autoptr(GTask) task = task_data;
  ReadJob *job = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmStore) worker = NULL;
  gpointer result = NULL;
  guint epoch = 0;

  if (g_task_return_error_if_cancelled (task))
    return;
  if (g_atomic_int_get (&job->state->closing))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "The showroom was closed");
      return;
    }

  worker = take_worker (job, &epoch, &error);
  /* A worker hears of no commit: what it kept of the rules may be stale */
  if (worker != NULL)
    crm_store_forget_cached (worker);
  if (worker != NULL)
    result = job->func (worker, job->data, g_task_get_cancellable (task), &error);

  if (result != NULL)
    {
      give_back_worker (job->state, g_steal_pointer (&worker), epoch);
      g_task_return_pointer (task, result, job->result_free);
    }
  else
    {
      /* A connection that failed may be broken: the next read opens anew */
      if (error == NULL)
        g_set_error_literal (&error, CRM_ERROR, CRM_ERROR_FAILED, "Nothing read");
      g_task_return_error (task, g_steal_pointer (&error));
    }
}

void
crm_store_init_reads (CrmStore *self)
{
  CrmReadState *state = g_new0 (CrmReadState, 1);

  state->ref_count = 1;
  g_mutex_init (&state->lock);
  state->idle = g_ptr_array_new_with_free_func (g_object_unref);
  self->reads = state;
}

/**
 * crm_store_read_async:
 * @func: the read; runs in a worker thread on a store of its own, and
 *   returns a result (never %NULL) or %NULL with its error set
 * @data: (transfer full): what @func reads with
 * @data_free: (nullable): frees @data, in whatever thread is last
 * @result_free: (nullable): frees a result nobody collected
 *
 * Runs @func off the main thread; crm_store_read_finish() in @callback
 * gives its result. The task has no source object: a read under way does
 * not keep the store open.
 */
void
crm_store_read_async (CrmStore            *self,
                      CrmStoreReadFunc     func,
                      gpointer             data,
                      GDestroyNotify       data_free,
                      GDestroyNotify       result_free,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ReadJob *job;

  g_return_if_fail (CRM_IS_STORE (self));
  g_return_if_fail (func != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, crm_store_read_async);
  job = g_new0 (ReadJob, 1);
  job->func = func;
  job->data = data;
  job->data_free = data_free;
  job->result_free = result_free;
  job->path = g_strdup (self->path);
  job->clock = g_object_ref (self->clock);
  job->busy_timeout_ms = self->busy_timeout_ms;
  job->state = self->reads ? read_state_ref (self->reads) : NULL;
  g_task_set_task_data (task, job, read_job_free);

  if (job->state == NULL || job->state->closing)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "The showroom is closing");
      return;
    }
  g_thread_pool_push (read_pool (), g_steal_pointer (&task), NULL);
}

/**
 * crm_store_read_finish:
 *
 * Returns: (transfer full): what the read's function returned, or %NULL
 *   with @error set
 */
gpointer
crm_store_read_finish (CrmStore      *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * crm_store_read_get_data:
 *
 * Returns: (transfer none): the data crm_store_read_async() was given,
 *   whether the read succeeded or not
 */
gpointer
crm_store_read_get_data (GAsyncResult *result)
{
  ReadJob *job;

  g_return_val_if_fail (G_IS_TASK (result), NULL);
  job = g_task_get_task_data (G_TASK (result));
  return job != NULL ? job->data : NULL;
}

/**
 * crm_store_reads_in_background:
 *
 * Returns: whether views should fill themselves through
 *   crm_store_read_async(): on a server, or when a test asked
 */
gboolean
crm_store_reads_in_background (CrmStore *self)
{
  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);

  if (self->background_reads >= 0)
    return self->background_reads;
  return crm_store_is_server (self->path);
}

/* For tests: the worker threads on a file too (or not on a server) */
void
crm_store_set_background_reads (CrmStore *self,
                                gboolean  background)
{
  g_return_if_fail (CRM_IS_STORE (self));
  self->background_reads = !!background;
}

/* The worker stores' connections are stale (the server came back): the
 * reads under way finish, nobody takes them again */
void
crm_store_drop_workers (CrmStore *self)
{
  CrmReadState *state = self->reads;
  GPtrArray *idle;

  if (state == NULL)
    return;
  g_mutex_lock (&state->lock);
  idle = state->idle;
  state->idle = g_ptr_array_new_with_free_func (g_object_unref);
  state->epoch++;
  g_mutex_unlock (&state->lock);
  /* Their connections close outside the lock */
  g_ptr_array_unref (idle);
}

/* From dispose: the reads under way land nowhere, their workers close */
void
crm_store_stop_reads (CrmStore *self)
{
  if (self->reads == NULL)
    return;
  crm_store_drop_workers (self);
  g_atomic_int_set (&self->reads->closing, TRUE);
  g_clear_pointer (&self->reads, read_state_unref);
}
