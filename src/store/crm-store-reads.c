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

typedef struct
{
  CrmStoreReadFunc func;
  gpointer         data;
  GDestroyNotify   data_free;
  GDestroyNotify   result_free;
  char            *path;
  CrmClock        *clock;
  int              busy_timeout_ms;
} ReadJob;

static void
read_job_free (gpointer data)
{
  ReadJob *job = data;

  if (job->data_free != NULL)
    job->data_free (job->data);
  g_free (job->path);
  g_clear_object (&job->clock);
  g_free (job);
}

/* A worker store from the pool, or a new one */
static CrmStore *
take_worker (CrmStore  *self,
             ReadJob   *job,
             guint     *epoch,
             GError   **error)
{
  CrmStore *worker = NULL;

  g_mutex_lock (&self->workers_lock);
  if (self->idle_workers->len > 0)
    worker = g_ptr_array_steal_index_fast (self->idle_workers, self->idle_workers->len - 1);
  *epoch = self->workers_epoch;
  g_mutex_unlock (&self->workers_lock);

  if (worker == NULL)
    worker = crm_store_open_full (job->path, job->clock, job->busy_timeout_ms, error);
  return worker;
}

static void
give_back_worker (CrmStore *self,
                  CrmStore *worker,
                  guint     epoch)
{
  g_mutex_lock (&self->workers_lock);
  if (epoch == self->workers_epoch && self->idle_workers->len < MAX_WORKERS)
    {
      g_ptr_array_add (self->idle_workers, worker);
      worker = NULL;
    }
  g_mutex_unlock (&self->workers_lock);
  g_clear_object (&worker);
}

static void
run_read (gpointer task_data,
          gpointer pool_data)
{
  g_autoptr(GTask) task = task_data;
  CrmStore *self = g_task_get_source_object (task);
  ReadJob *job = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmStore) worker = NULL;
  gpointer result = NULL;
  guint epoch = 0;

  if (g_task_return_error_if_cancelled (task))
    return;

  worker = take_worker (self, job, &epoch, &error);
  /* A worker hears of no commit: what it kept of the rules may be stale */
  if (worker != NULL)
    crm_store_forget_cached (worker);
  if (worker != NULL)
    result = job->func (worker, job->data, g_task_get_cancellable (task), &error);

  if (result != NULL)
    {
      give_back_worker (self, g_steal_pointer (&worker), epoch);
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

/**
 * crm_store_read_async:
 * @func: the read; runs in a worker thread on a store of its own, and
 *   returns a result (never %NULL) or %NULL with its error set
 * @data: (transfer full): what @func reads with
 * @data_free: (nullable): frees @data, in whatever thread is last
 * @result_free: (nullable): frees a result nobody collected
 *
 * Runs @func off the main thread; crm_store_read_finish() in @callback
 * gives its result.
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
  g_autoptr(GError) error = NULL;
  ReadJob *job;

  g_return_if_fail (CRM_IS_STORE (self));
  g_return_if_fail (func != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, crm_store_read_async);
  job = g_new0 (ReadJob, 1);
  job->func = func;
  job->data = data;
  job->data_free = data_free;
  job->result_free = result_free;
  job->path = g_strdup (self->path);
  job->clock = g_object_ref (self->clock);
  job->busy_timeout_ms = self->busy_timeout_ms;
  g_task_set_task_data (task, job, read_job_free);

  if (self->read_pool == NULL)
    self->read_pool = g_thread_pool_new (run_read, NULL, MAX_WORKERS, FALSE, &error);
  if (self->read_pool == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_thread_pool_push (self->read_pool, g_steal_pointer (&task), NULL);
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
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
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

/* The worker stores' connections are stale (the server came back, the
 * store is closing): the reads under way finish, nobody takes them again */
void
crm_store_drop_workers (CrmStore *self)
{
  g_autoptr(GPtrArray) idle = NULL;

  g_mutex_lock (&self->workers_lock);
  idle = g_steal_pointer (&self->idle_workers);
  self->idle_workers = g_ptr_array_new_with_free_func (g_object_unref);
  self->workers_epoch++;
  g_mutex_unlock (&self->workers_lock);
}

/* Waits for the reads under way; from dispose */
void
crm_store_stop_reads (CrmStore *self)
{
  if (self->read_pool != NULL)
    g_thread_pool_free (g_steal_pointer (&self->read_pool), FALSE, TRUE);
  crm_store_drop_workers (self);
}
