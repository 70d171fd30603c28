/* crm-lead-scheduler.c: runs the leads deadlines when they fall
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * First-contact limits, pool warnings and pool releases are due at known
 * times. The scheduler does what is due at start, then sleeps on a
 * one-shot timer until the next deadline (no polling); a change to the
 * customers (a new lead, a follow-up) may move that deadline, so once the
 * main loop is idle it reads the next deadline again (a read, no write
 * transaction: a pipeline move must not wait for a commit) and runs the
 * deadlines only when one is due.
 */
#define G_LOG_DOMAIN "crm-lead-scheduler"

#include "config.h"

#include "crm-lead-scheduler.h"
#include "crm-leads.h"

/* Timers longer than this are re-armed (the clock may jump, e.g. suspend) */
#define MAX_SLEEP_SECONDS (6 * 60 * 60)

struct _CrmLeadScheduler
{
  GObject   parent_instance;

  CrmStore *store;
  guint     timeout_id;
  guint     idle_id;
  gint64    next_at;
  gboolean  running;
};

G_DEFINE_FINAL_TYPE (CrmLeadScheduler, crm_lead_scheduler, G_TYPE_OBJECT)

static void run (CrmLeadScheduler *self);

static gboolean
on_timeout_cb (gpointer user_data)
{
  CrmLeadScheduler *self = user_data;

  self->timeout_id = 0;
  run (self);
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

/* After a change: the next deadline again, the deadlines only if due */
static gboolean
on_idle_cb (gpointer user_data)
{
  CrmLeadScheduler *self = user_data;
  gint64 now = crm_clock_get_now (crm_store_get_clock (self->store));

  self->idle_id = 0;
  self->next_at = crm_leads_get_next_deadline (self->store);
  if (self->next_at > 0 && self->next_at <= now)
    run (self);
  else
    arm (self, now);
  return G_SOURCE_REMOVE;
}

/* More to do now (a showroom opened after days closed): the next batch */
static gboolean
on_more_cb (gpointer user_data)
{
  CrmLeadScheduler *self = user_data;

  self->idle_id = 0;
  run (self);
  return G_SOURCE_REMOVE;
}

static void
run (CrmLeadScheduler *self)
{
  g_autoptr(GError) error = NULL;
  gint64 now;
  guint changed;

  g_clear_handle_id (&self->timeout_id, g_source_remove);

  self->running = TRUE;
  changed = crm_leads_run_deadlines (self->store, &self->next_at, &error);
  self->running = FALSE;

  if (error != NULL)
    {
      /* Locked by an import, say: try again in a minute */
      g_debug ("Leads deadlines not run: %s", error->message);
      self->timeout_id = g_timeout_add_seconds (60, on_timeout_cb, self);
      return;
    }
  if (changed > 0)
    g_debug ("%u leads reassigned, warned or released", changed);

  if (self->next_at <= 0)
    return;

  now = crm_clock_get_now (crm_store_get_clock (self->store));

  /* More due now (a showroom opened after days closed): the next batch
   * when the main loop is idle again (a batch of customers who bought
   * changes nothing but still moves on) */
  if (self->next_at <= now)
    {
      g_clear_handle_id (&self->idle_id, g_source_remove);
      self->idle_id = g_idle_add_full (G_PRIORITY_LOW, on_more_cb, self, NULL);
      return;
    }

  arm (self, now);
}

static void
on_store_changed_cb (CrmLeadScheduler *self,
                     CrmEntity         entity,
                     gint64            id)
{
  if (self->running || (entity != CRM_ENTITY_CUSTOMER && entity != CRM_ENTITY_SHOWROOM &&
                        entity != CRM_ENTITY_ACTIVITY))
    return;
  if (self->idle_id == 0)
    self->idle_id = g_idle_add_full (G_PRIORITY_LOW, on_idle_cb, self, NULL);
}

static void
crm_lead_scheduler_dispose (GObject *object)
{
  CrmLeadScheduler *self = (CrmLeadScheduler *) object;

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
 * Runs what is due now and keeps running deadlines as they fall while
 * the returned object lives.
 */
CrmLeadScheduler *
crm_lead_scheduler_new (CrmStore *store)
{
  CrmLeadScheduler *self;

  g_return_val_if_fail (CRM_IS_STORE (store), NULL);

  self = g_object_new (CRM_TYPE_LEAD_SCHEDULER, NULL);
  self->store = g_object_ref (store);
  g_signal_connect_object (store, "changed", G_CALLBACK (on_store_changed_cb), self, G_CONNECT_SWAPPED);
  run (self);
  return self;
}

gint64
crm_lead_scheduler_get_next_at (CrmLeadScheduler *self)
{
  g_return_val_if_fail (CRM_IS_LEAD_SCHEDULER (self), 0);
  return self->next_at;
}
