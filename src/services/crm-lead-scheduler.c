/* crm-lead-scheduler.c: runs the leads deadlines when they fall
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * First-contact limits, pool warnings and pool releases are due at known
 * times. The scheduler looks whether something is due at start, then
 * sleeps on a one-shot timer until the next deadline (no polling); a
 * change to the customers (a new lead, a follow-up) may move that
 * deadline, so once the main loop is idle it looks again. Looking is a
 * few index lookups on the main thread (no write transaction: a pipeline
 * move must not wait for a commit).
 *
 * The work itself runs in a worker thread on its own connection, in
 * batches that are each one short write transaction (a desktop's own
 * writes wait for one batch at most), until nothing is due: after days
 * closed that is thousands of customers, seconds of work that must not
 * freeze the window. A worker rather than idle slices on the main
 * thread: even a batch of a hundred customers is several commits' worth
 * of disk writes, more than a frame. When the worker lands, the
 * customers it changed are announced on the window's store, as if it had
 * written them.
 */
#define G_LOG_DOMAIN "crm-lead-scheduler"

#include "config.h"

#include "crm-lead-scheduler.h"
#include "crm-leads.h"

/* Timers longer than this are re-armed (the clock may jump, e.g. suspend) */
#define MAX_SLEEP_SECONDS (6 * 60 * 60)

/* Customers of each kind per write transaction in the worker */
#define WORKER_BATCH 200

/* More changed than this: announced as "many customers changed" */
#define MAX_ANNOUNCED 1000

struct _CrmLeadScheduler
{
  GObject       parent_instance;

  CrmStore     *store;
  guint         timeout_id;
  guint         idle_id;
  gint64        next_at;
  GCancellable *cancellable;   /* the worker's run, while one runs */
  gboolean      look_again;    /* something changed while it ran */
  gboolean      looking;       /* a look in a worker thread under way */
};

G_DEFINE_FINAL_TYPE (CrmLeadScheduler, crm_lead_scheduler, G_TYPE_OBJECT)

typedef struct
{
  char    *path;
  gint64   fixed_now;          /* > 0: the store's clock stands still (tests) */
  GWeakRef scheduler;
  GArray  *changed_ids;
  guint    changed;
  guint    batches;
  gint64   next_at;
} Job;

static void
job_free (gpointer data)
{
  Job *job = data;

  g_free (job->path);
  g_weak_ref_clear (&job->scheduler);
  g_clear_pointer (&job->changed_ids, g_array_unref);
  g_free (job);
}

static void look (CrmLeadScheduler *self);

static gboolean
on_timeout_cb (gpointer user_data)
{
  CrmLeadScheduler *self = user_data;

  self->timeout_id = 0;
  look (self);
  return G_SOURCE_REMOVE;
}

static void
arm (CrmLeadScheduler *self,
     gint64            now)
{
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (self->next_at <= 0)
    return;
  /* A fixed clock (tests, screenshots) never reaches the deadline */
  if (crm_clock_is_fixed (crm_store_get_clock (self->store)))
    return;
  self->timeout_id = g_timeout_add_seconds ((guint) CLAMP (self->next_at - now + 1, 1, MAX_SLEEP_SECONDS),
                                            on_timeout_cb, self);
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(CrmClock) clock = job->fixed_now > 0 ? crm_clock_new_fixed (job->fixed_now) : crm_clock_new ();
  g_autoptr(CrmStore) store = NULL;
  GError *error = NULL;

  /* Its own connection: the write transactions of the batches */
  if ((store = crm_store_open (job->path, clock, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  do
    {
      job->changed += crm_leads_run_deadlines_full (store, WORKER_BATCH, &job->next_at, job->changed_ids,
                                                    &error);
      job->batches++;
      if (error != NULL)
        {
          g_task_return_error (task, error);
          return;
        }
    }
  while (job->next_at > 0 && job->next_at <= crm_clock_get_now (clock) &&
         !g_cancellable_is_cancelled (cancellable));

  g_task_return_boolean (task, TRUE);
}

static void
on_run_done_cb (GObject      *source_object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(CrmLeadScheduler) self = g_weak_ref_get (&job->scheduler);
  g_autoptr(GError) error = NULL;

  g_task_propagate_boolean (G_TASK (result), &error);
  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->cancellable);

  /* What the worker wrote, as if this store had written it (also after
   * an error: the batches before it were committed) */
  if (job->changed > 0)
    {
      g_debug ("%u leads reassigned, warned or released in %u batches", job->changed, job->batches);
      crm_customer_store_announce (crm_store_get_customer_store (self->store),
                                    job->changed_ids->len <= MAX_ANNOUNCED ? job->changed_ids : NULL);
    }

  if (error != NULL)
    {
      /* Locked by an import, say: try again in a minute */
      g_debug ("Leads deadlines not run: %s", error->message);
      g_clear_handle_id (&self->timeout_id, g_source_remove);
      self->timeout_id = g_timeout_add_seconds (60, on_timeout_cb, self);
      return;
    }

  self->next_at = job->next_at;
  if (self->look_again)
    look (self);
  else
    arm (self, crm_clock_get_now (crm_store_get_clock (self->store)));
}

/* Due now: the worker does it */
static void
run (CrmLeadScheduler *self)
{
  g_autoptr(GTask) task = NULL;
  CrmClock *clock = crm_store_get_clock (self->store);
  Job *job;

  g_assert (self->cancellable == NULL);

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->look_again = FALSE;
  self->cancellable = g_cancellable_new ();

  job = g_new0 (Job, 1);
  job->path = g_strdup (crm_store_get_path (self->store));
  job->fixed_now = crm_clock_is_fixed (clock) ? crm_clock_get_now (clock) : 0;
  g_weak_ref_init (&job->scheduler, self);
  job->changed_ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  task = g_task_new (NULL, self->cancellable, on_run_done_cb, NULL);
  g_task_set_source_tag (task, run);
  g_task_set_task_data (task, job, job_free);
  g_task_run_in_thread (task, run_thread);
}

/* Whether something is due now, else when next: read in a worker thread
 * on a server (a few round trips the window need not wait for) */
typedef struct
{
  gboolean due;
  gint64   next_at;
} Look;

static gpointer
look_thread (CrmStore      *store,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  Look *answer = data;

  answer->due = crm_leads_is_due (store);
  if (!answer->due)
    answer->next_at = crm_leads_get_next_deadline (store);
  return answer;
}

static void look (CrmLeadScheduler *self);

static void
act_on (CrmLeadScheduler *self,
        Look             *answer)
{
  if (answer->due)
    {
      run (self);
      return;
    }
  self->next_at = answer->next_at;
  arm (self, crm_clock_get_now (crm_store_get_clock (self->store)));
}

static void
on_looked_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(CrmLeadScheduler) self = user_data;
  g_autoptr(GError) error = NULL;
  Look *answer = crm_store_read_get_data (result);

  self->looking = FALSE;
  if (crm_store_read_finish (CRM_STORE (source), result, &error) == NULL)
    {
      g_message ("Could not look for lead deadlines: %s", error->message);
      return;
    }
  if (self->store == NULL)
    return;
  if (self->look_again && self->cancellable == NULL)
    {
      self->look_again = FALSE;
      look (self);
      return;
    }
  act_on (self, answer);
}

/* Whether something is due now (then the worker runs), else when next */
static void
look (CrmLeadScheduler *self)
{
  Look answer = { FALSE, 0 };

  if (self->cancellable != NULL || self->looking)
    {
      self->look_again = TRUE;
      return;
    }

  if (crm_store_reads_in_background (self->store))
    {
      self->looking = TRUE;
      crm_store_read_async (self->store, look_thread, g_new0 (Look, 1), g_free, NULL, NULL,
                            on_looked_cb, g_object_ref (self));
      return;
    }
  look_thread (self->store, &answer, NULL, NULL);
  act_on (self, &answer);
}

/* After a change: once the main loop is idle, look again */
static gboolean
on_idle_cb (gpointer user_data)
{
  CrmLeadScheduler *self = user_data;

  self->idle_id = 0;
  look (self);
  return G_SOURCE_REMOVE;
}

static void
on_store_changed_cb (CrmLeadScheduler *self,
                     CrmEntity         entity,
                     gint64            id)
{
  if (entity != CRM_ENTITY_CUSTOMER && entity != CRM_ENTITY_SHOWROOM && entity != CRM_ENTITY_ACTIVITY)
    return;
  if (self->cancellable != NULL)
    self->look_again = TRUE;
  else if (self->idle_id == 0)
    self->idle_id = g_idle_add_full (G_PRIORITY_LOW, on_idle_cb, self, NULL);
}

static void
crm_lead_scheduler_dispose (GObject *object)
{
  CrmLeadScheduler *self = (CrmLeadScheduler *) object;

  /* A worker still running stops after its batch and lands nowhere */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_clear_handle_id (&self->idle_id, g_source_remove);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (crm_lead_scheduler_parent_class)->dispose (object);
}

static void
crm_lead_scheduler_class_init (CrmLeadSchedulerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = crm_lead_scheduler_dispose;
}

static void
crm_lead_scheduler_init (CrmLeadScheduler *self)
{
}

/**
 * crm_lead_scheduler_new:
 *
 * Runs what is due now (in a worker thread) and keeps running deadlines
 * as they fall while the returned object lives.
 */
CrmLeadScheduler *
crm_lead_scheduler_new (CrmStore *store)
{
  CrmLeadScheduler *self;

  g_return_val_if_fail (CRM_IS_STORE (store), NULL);

  self = g_object_new (CRM_TYPE_LEAD_SCHEDULER, NULL);
  self->store = g_object_ref (store);
  g_signal_connect_object (store, "changed", G_CALLBACK (on_store_changed_cb), self, G_CONNECT_SWAPPED);
  look (self);
  return self;
}

/**
 * crm_lead_scheduler_get_next_at:
 *
 * Returns: when the scheduler looks next (0: nothing pending, or a
 *   worker is running)
 */
gint64
crm_lead_scheduler_get_next_at (CrmLeadScheduler *self)
{
  g_return_val_if_fail (CRM_IS_LEAD_SCHEDULER (self), 0);
  return self->next_at;
}

/**
 * crm_lead_scheduler_is_running:
 *
 * Returns: whether a worker is doing what is due
 */
gboolean
crm_lead_scheduler_is_running (CrmLeadScheduler *self)
{
  g_return_val_if_fail (CRM_IS_LEAD_SCHEDULER (self), FALSE);
  return self->cancellable != NULL;
}
