/* bench-desktops.c: a showroom of many desktops on one server, change to visible
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   bench-desktops URI [SECONDS] [DESKTOPS]
 *
 * Starts DESKTOPS (default 20) processes of its own, each a desktop: its
 * own store on the showroom at URI (a postgresql:// URI; a file works too,
 * through the file monitor), following what the others commit
 * (crm_store_watch_others). Once every desktop listens, each makes a change
 * every 200–500 ms for SECONDS (default 30) — takes a customer in as the
 * quick capture does (customer and deal), logs a call on one of its
 * customers, or moves one of its deals New lead ↔ Invited, as the board
 * does — and reads again each row another desktop tells it about, as an
 * open view would. Then it listens 3 s more and ends.
 *
 * A desktop reports on its standard output (the times are CLOCK_MONOTONIC,
 * which all processes of the machine share, in microseconds):
 *
 *   committed ENTITY ID SAVE COMMITTED    a change of its own: when the write
 *                                         began and when it was committed
 *   saw ENTITY ID T                       another's change (ID 0: any row of
 *                                         that kind) read again at T
 *
 * The parent matches each change with the first time every other desktop
 * saw it and prints the median, 99th percentile and maximum of the delay,
 * from the commit and from the moment the person saved.
 */
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crm-leads.h"
#include "crm-store.h"
#include "crm-store-enum-types.h"

/* How long a desktop goes on listening after its last change */
#define GRACE_SECONDS 3

typedef enum
{
  CHANGE_CUSTOMER,
  CHANGE_FOLLOWUP,
  CHANGE_MOVE,
  N_CHANGES
} ChangeKind;

static const char * const change_names[N_CHANGES] = {
  "customer taken in", "call logged", "deal moved",
};

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

/* The smallest value at or above @p of the values (sorted here) */
static double
percentile (GArray *values,
            double  p)
{
  guint i;

  if (values->len == 0)
    return 0;
  qsort (values->data, values->len, sizeof (double), compare_double);
  i = (guint) (p * values->len + 0.999999);
  return g_array_index (values, double, CLAMP (i, 1, values->len) - 1);
}

/* ------------------------------------------------------------------ */
/* A desktop (the child)                                               */

typedef struct
{
  CrmStore  *store;
  GMainLoop *loop;
  int        index;
  gint64     staff_id;
  gint64     end;         /* monotonic: no change after this */
  guint      counter;
  gboolean   writing;
  GArray    *customers;   /* gint64: taken in by this desktop */
  GArray    *deals;       /* gint64: their deals, New lead or Invited */
  GArray    *invited;     /* gboolean: each deal's stage */
  guint      failed;
} Desktop;

static const char *
entity_nick (CrmEntity entity)
{
  GEnumClass *klass = g_type_class_peek (CRM_TYPE_ENTITY);
  GEnumValue *value = g_enum_get_value (klass, entity);

  return value != NULL ? value->value_nick : "?";
}

static void
on_store_changed_cb (CrmStore  *store,
                     CrmEntity  entity,
                     gint64     id,
                     gpointer   user_data)
{
  Desktop *self = user_data;
  g_autoptr(GObject) row = NULL;

  /* Its own commits are announced inside the write */
  if (self->writing)
    return;

  /* What a view does with a change it hears of: read the row again */
  if (id > 0)
    {
      if (entity == CRM_ENTITY_CUSTOMER)
        row = G_OBJECT (crm_customer_store_get (crm_store_get_customer_store (store), id, NULL));
      else if (entity == CRM_ENTITY_DEAL)
        row = G_OBJECT (crm_deal_store_get (crm_store_get_deal_store (store), id, NULL));
      else if (entity == CRM_ENTITY_ACTIVITY)
        row = G_OBJECT (crm_followup_store_get (crm_store_get_followup_store (store), id, NULL));
      if (row == NULL)
        g_debug ("%s %" G_GINT64_FORMAT " was announced but could not be read", entity_nick (entity), id);
    }
  printf ("saw %s %" G_GINT64_FORMAT " %" G_GINT64_FORMAT "\n",
          entity_nick (entity), id, g_get_monotonic_time ());
}

static void
report_commit (CrmEntity entity,
               gint64    id,
               gint64    save,
               gint64    committed)
{
  printf ("committed %s %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT "\n",
          entity_nick (entity), id, save, committed);
}

/* A walk-in taken in by the quick capture: the customer and a deal */
static gboolean
take_customer_in (Desktop  *self,
                  GError  **error)
{
  g_autoptr(CrmCustomer) customer = crm_customer_new ();
  g_autoptr(GListModel) deals = NULL;
  g_autofree char *name = NULL;
  g_autofree char *phone = NULL;
  const char *phones[2] = { NULL, NULL };
  gint64 save, id;

  /* 197 is a prefix the demo does not use; a number left by an earlier
   * run is skipped, as the capture dialog offers the existing customer */
  do
    {
      g_free (phone);
      phone = g_strdup_printf ("197%02d%03d%03u", self->index % 100, (int) (getpid () % 1000),
                               self->counter++ % 1000);
    }
  while (crm_customer_store_find_by_phone (crm_store_get_customer_store (self->store), phone, 0) > 0);
  name = g_strdup_printf ("桌面%02d客户%u", self->index, self->counter);
  phones[0] = phone;
  crm_customer_set_name (customer, name);
  crm_customer_set_phones (customer, phones);
  crm_customer_set_owner_id (customer, self->staff_id);

  save = g_get_monotonic_time ();
  self->writing = TRUE;
  id = crm_leads_create (self->store, customer, 0, self->staff_id, error);
  self->writing = FALSE;
  if (id == 0)
    return FALSE;
  report_commit (CRM_ENTITY_CUSTOMER, id, save, g_get_monotonic_time ());

  g_array_append_val (self->customers, id);
  deals = crm_deal_store_list_for_customer (crm_store_get_deal_store (self->store), id);
  if (g_list_model_get_n_items (deals) > 0)
    {
      g_autoptr(CrmDeal) deal = g_list_model_get_item (deals, 0);
      gint64 deal_id = crm_deal_get_id (deal);
      gboolean invited = FALSE;

      g_array_append_val (self->deals, deal_id);
      g_array_append_val (self->invited, invited);
    }
  return TRUE;
}

/* A call logged on one of its customers, as the customer window does */
static gboolean
log_call (Desktop  *self,
          GError  **error)
{
  g_autoptr(CrmActivity) call = crm_activity_new ();
  gint64 customer_id = g_array_index (self->customers, gint64,
                                      g_random_int_range (0, self->customers->len));
  gint64 save, id;

  crm_activity_set_customer_id (call, customer_id);
  crm_activity_set_kind (call, CRM_ACTIVITY_CALL);
  crm_activity_set_done_at (call, crm_clock_get_now (crm_store_get_clock (self->store)));
  crm_activity_set_staff_id (call, self->staff_id);
  crm_activity_set_outcome (call, CRM_OUTCOME_REACHED);
  crm_activity_set_note (call, "问了试驾时间");

  save = g_get_monotonic_time ();
  self->writing = TRUE;
  id = crm_followup_store_insert (crm_store_get_followup_store (self->store), call, error);
  self->writing = FALSE;
  if (id == 0)
    return FALSE;
  report_commit (CRM_ENTITY_ACTIVITY, id, save, g_get_monotonic_time ());
  return TRUE;
}

/* A card moved on the board, New lead → Invited or back */
static gboolean
move_deal (Desktop  *self,
           GError  **error)
{
  guint i = g_random_int_range (0, self->deals->len);
  gint64 deal_id = g_array_index (self->deals, gint64, i);
  gboolean *invited = &g_array_index (self->invited, gboolean, i);
  gint64 save;
  gboolean ok;

  save = g_get_monotonic_time ();
  self->writing = TRUE;
  ok = crm_deal_store_move (crm_store_get_deal_store (self->store), deal_id,
                            *invited ? CRM_STAGE_NEW_LEAD : CRM_STAGE_INVITED, self->staff_id, error);
  self->writing = FALSE;
  if (!ok)
    return FALSE;
  *invited = !*invited;
  report_commit (CRM_ENTITY_DEAL, deal_id, save, g_get_monotonic_time ());
  return TRUE;
}

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

static gboolean
change_cb (gpointer user_data)
{
  Desktop *self = user_data;
  g_autoptr(GError) error = NULL;
  ChangeKind kind = g_random_int_range (0, N_CHANGES);
  gboolean ok;

  if (g_get_monotonic_time () >= self->end)
    {
      g_timeout_add_seconds (GRACE_SECONDS, quit_cb, self->loop);
      return G_SOURCE_REMOVE;
    }

  if (self->customers->len == 0)
    kind = CHANGE_CUSTOMER;
  if (kind == CHANGE_CUSTOMER)
    ok = take_customer_in (self, &error);
  else if (kind == CHANGE_FOLLOWUP)
    ok = log_call (self, &error);
  else
    ok = move_deal (self, &error);
  if (!ok)
    {
      g_printerr ("desktop %d: %s failed: %s\n", self->index, change_names[kind], error->message);
      self->failed++;
    }

  g_timeout_add (g_random_int_range (200, 501), change_cb, self);
  return G_SOURCE_REMOVE;
}

static int
run_desktop (int         index,
             const char *uri,
             int         seconds)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmClock) clock = crm_clock_new ();
  g_autoptr(CrmStore) store = NULL;
  g_autoptr(GListModel) staff = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Desktop self = { 0, };
  char line[16];

  store = crm_store_open (uri, clock, &error);
  if (store == NULL)
    {
      g_printerr ("desktop %d: %s\n", index, error->message);
      return 1;
    }

  /* Each desktop is one of the team, in turn */
  staff = crm_staff_store_list (crm_store_get_staff_store (store), TRUE);
  if (g_list_model_get_n_items (staff) == 0)
    {
      g_printerr ("desktop %d: the showroom has no staff\n", index);
      return 1;
    }
  {
    g_autoptr(CrmStaff) me = g_list_model_get_item (staff, index % g_list_model_get_n_items (staff));
    self.staff_id = crm_staff_get_id (me);
  }

  self.store = store;
  self.loop = loop;
  self.index = index;
  self.customers = g_array_new (FALSE, FALSE, sizeof (gint64));
  self.deals = g_array_new (FALSE, FALSE, sizeof (gint64));
  self.invited = g_array_new (FALSE, FALSE, sizeof (gboolean));
  g_type_class_ref (CRM_TYPE_ENTITY);
  g_signal_connect (store, "changed", G_CALLBACK (on_store_changed_cb), &self);
  crm_store_watch_others (store);

  /* Nobody changes anything before every desktop listens */
  printf ("ready\n");
  fflush (stdout);
  if (fgets (line, sizeof line, stdin) == NULL || !g_str_has_prefix (line, "go"))
    return 1;

  self.end = g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC;
  g_timeout_add (g_random_int_range (0, 501), change_cb, &self);
  g_main_loop_run (loop);

  g_signal_handlers_disconnect_by_data (store, &self);
  printf ("done %u\n", self.failed);
  fflush (stdout);
  g_array_unref (self.customers);
  g_array_unref (self.deals);
  g_array_unref (self.invited);
  return 0;
}

/* ------------------------------------------------------------------ */
/* The parent                                                          */

typedef struct
{
  char   *entity;
  gint64  id;
  int     desktop;
  gint64  save;
  gint64  committed;
  gint64 *seen;      /* per desktop, 0 = not yet */
} Change;

typedef struct
{
  GSubprocess      *process;
  GDataInputStream *out;
  GPtrArray        *lines;
  gboolean          ready;
  gboolean          eof;
} Child;

typedef struct
{
  GMainLoop *loop;
  Child     *children;
  int        n;
  int        n_ready;
  int        n_eof;
  gint64     all_ready;   /* monotonic */
} Parent;

static void read_next_line (Parent *parent, Child *child);

static void
on_line_read_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Parent *parent = user_data;
  Child *child = NULL;
  g_autoptr(GError) error = NULL;
  char *line;

  for (int i = 0; i < parent->n; i++)
    if ((GObject *) parent->children[i].out == object)
      child = &parent->children[i];
  g_assert (child != NULL);

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object), result, NULL, &error);
  if (line == NULL)
    {
      if (error != NULL)
        g_printerr ("reading a desktop: %s\n", error->message);
      child->eof = TRUE;
      if (++parent->n_eof == parent->n)
        g_main_loop_quit (parent->loop);
      return;
    }

  if (g_str_equal (line, "ready"))
    {
      child->ready = TRUE;
      g_free (line);
      /* Every desktop listens: go */
      if (++parent->n_ready == parent->n)
        {
          parent->all_ready = g_get_monotonic_time ();
          for (int i = 0; i < parent->n; i++)
            {
              GOutputStream *in = g_subprocess_get_stdin_pipe (parent->children[i].process);

              if (!g_output_stream_write_all (in, "go\n", 3, NULL, NULL, &error))
                g_error ("starting a desktop: %s", error->message);
              g_output_stream_flush (in, NULL, NULL);
            }
        }
    }
  else
    g_ptr_array_add (child->lines, line);
  read_next_line (parent, child);
}

static void
read_next_line (Parent *parent,
                Child  *child)
{
  g_data_input_stream_read_line_async (child->out, G_PRIORITY_DEFAULT, NULL, on_line_read_cb, parent);
}

static char *
change_key (const char *entity,
            gint64      id)
{
  return g_strdup_printf ("%s %" G_GINT64_FORMAT, entity, id);
}

static ChangeKind
change_kind (const Change *change)
{
  if (g_str_equal (change->entity, "customer"))
    return CHANGE_CUSTOMER;
  if (g_str_equal (change->entity, "activity"))
    return CHANGE_FOLLOWUP;
  return CHANGE_MOVE;
}

static void
change_free (gpointer data)
{
  Change *change = data;

  g_free (change->entity);
  g_free (change->seen);
  g_free (change);
}

static void
print_row (const char *what,
           guint       changes,
           GArray     *from_commit,
           GArray     *from_save,
           guint       missed)
{
  double c50 = percentile (from_commit, 0.5), c99 = percentile (from_commit, 0.99);
  double cmax = percentile (from_commit, 1.0);
  double s50 = percentile (from_save, 0.5), s99 = percentile (from_save, 0.99);

  g_print ("| %-18s | %7u | %7u | %9.1f | %9.1f | %9.1f | %9.1f | %9.1f | %8u |\n",
           what, changes, from_commit->len, c50, c99, cmax, s50, s99, missed);
}

static int
run_parent (const char *uri,
            int         seconds,
            int         n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func (change_free);
  g_autoptr(GHashTable) by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                        (GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GArray) writes = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *self_path = g_file_read_link ("/proc/self/exe", &error);
  g_autofree char *seconds_text = g_strdup_printf ("%d", seconds);
  Parent parent = { loop, g_new0 (Child, n), n, 0, 0, 0 };
  GArray *from_commit[N_CHANGES + 1];
  GArray *from_save[N_CHANGES + 1];
  guint counts[N_CHANGES + 1] = { 0, };
  guint missed[N_CHANGES + 1] = { 0, };
  guint failed = 0, saw_any = 0, saws = 0;
  gint64 first_save = G_MAXINT64, last_save = 0, started;
  int status = 0;

  if (self_path == NULL)
    g_error ("%s", error->message);

  g_print ("%d desktops (processes), each a store on %s following the others, "
           "a change every 200-500 ms each for %d s\n", n, uri, seconds);
  started = g_get_monotonic_time ();
  for (int i = 0; i < n; i++)
    {
      g_autofree char *index = g_strdup_printf ("%d", i);
      const char *argv[] = { self_path, "--child", index, uri, seconds_text, NULL };
      Child *child = &parent.children[i];

      child->process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                                          &error);
      if (child->process == NULL)
        g_error ("starting desktop %d: %s", i, error->message);
      child->out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child->process));
      child->lines = g_ptr_array_new_with_free_func (g_free);
      read_next_line (&parent, child);
    }
  g_main_loop_run (loop);

  for (int i = 0; i < n; i++)
    {
      if (!g_subprocess_wait_check (parent.children[i].process, NULL, &error))
        {
          g_printerr ("desktop %d: %s\n", i, error->message);
          g_clear_error (&error);
          status = 1;
        }
      if (!parent.children[i].ready)
        status = 1;
    }
  if (status != 0 || parent.n_ready < n)
    {
      g_printerr ("not every desktop ran\n");
      return 1;
    }
  g_print ("all %d desktops opened the showroom and listened %.0f ms after the first started\n", n,
           (parent.all_ready - started) / 1e3);

  /* Every change committed, by entity and id (a deal moves again and again) */
  for (int i = 0; i < n; i++)
    {
      GPtrArray *lines = parent.children[i].lines;

      for (guint l = 0; l < lines->len; l++)
        {
          g_auto(GStrv) f = g_strsplit (g_ptr_array_index (lines, l), " ", -1);
          Change *change;
          GPtrArray *list;
          g_autofree char *key = NULL;

          if (g_str_equal (f[0], "done"))
            failed += atoi (f[1]);
          if (!g_str_equal (f[0], "committed") || g_strv_length (f) != 5)
            continue;
          change = g_new0 (Change, 1);
          change->entity = g_strdup (f[1]);
          change->id = g_ascii_strtoll (f[2], NULL, 10);
          change->desktop = i;
          change->save = g_ascii_strtoll (f[3], NULL, 10);
          change->committed = g_ascii_strtoll (f[4], NULL, 10);
          change->seen = g_new0 (gint64, n);
          first_save = MIN (first_save, change->save);
          last_save = MAX (last_save, change->save);
          g_ptr_array_add (changes, change);
          key = change_key (change->entity, change->id);
          list = g_hash_table_lookup (by_key, key);
          if (list == NULL)
            {
              list = g_ptr_array_new ();
              g_hash_table_insert (by_key, g_steal_pointer (&key), list);
            }
          g_ptr_array_add (list, change);
        }
    }

  /* What each desktop saw, in its order: a row read again at T shows
   * every change to it saved before T; "any row of that kind" every
   * change of that kind committed before T */
  for (int d = 0; d < n; d++)
    {
      GPtrArray *lines = parent.children[d].lines;

      for (guint l = 0; l < lines->len; l++)
        {
          g_auto(GStrv) f = g_strsplit (g_ptr_array_index (lines, l), " ", -1);
          gint64 id, t;

          if (!g_str_equal (f[0], "saw") || g_strv_length (f) != 4)
            continue;
          saws++;
          id = g_ascii_strtoll (f[2], NULL, 10);
          t = g_ascii_strtoll (f[3], NULL, 10);
          if (id == 0)
            {
              saw_any++;
              for (guint c = 0; c < changes->len; c++)
                {
                  Change *change = g_ptr_array_index (changes, c);

                  if (change->desktop != d && change->seen[d] == 0 && change->committed <= t &&
                      g_str_equal (change->entity, f[1]))
                    change->seen[d] = t;
                }
            }
          else
            {
              g_autofree char *key = change_key (f[1], id);
              GPtrArray *list = g_hash_table_lookup (by_key, key);

              for (guint c = 0; list != NULL && c < list->len; c++)
                {
                  Change *change = g_ptr_array_index (list, c);

                  if (change->desktop != d && change->seen[d] == 0 && change->save <= t)
                    change->seen[d] = t;
                }
            }
        }
    }

  for (int k = 0; k <= N_CHANGES; k++)
    {
      from_commit[k] = g_array_new (FALSE, FALSE, sizeof (double));
      from_save[k] = g_array_new (FALSE, FALSE, sizeof (double));
    }
  for (guint c = 0; c < changes->len; c++)
    {
      Change *change = g_ptr_array_index (changes, c);
      ChangeKind kind = change_kind (change);
      double write_ms = (change->committed - change->save) / 1000.0;

      g_array_append_val (writes, write_ms);
      counts[kind]++;
      counts[N_CHANGES]++;
      for (int d = 0; d < n; d++)
        {
          double ms;

          if (d == change->desktop)
            continue;
          if (change->seen[d] == 0)
            {
              missed[kind]++;
              missed[N_CHANGES]++;
              continue;
            }
          ms = (change->seen[d] - change->committed) / 1000.0;
          g_array_append_val (from_commit[kind], ms);
          g_array_append_val (from_commit[N_CHANGES], ms);
          ms = (change->seen[d] - change->save) / 1000.0;
          g_array_append_val (from_save[kind], ms);
          g_array_append_val (from_save[N_CHANGES], ms);
        }
    }

  g_print ("changes committed: %u in %.1f s (%.1f a second), %u refused; "
           "%u rows read again by the others, %u \"any row\" signals\n",
           counts[N_CHANGES], (last_save - first_save) / 1e6,
           counts[N_CHANGES] / MAX ((last_save - first_save) / 1e6, 0.001), failed, saws, saw_any);
  g_print ("write, save to committed: median %.1f ms, p99 %.1f ms, max %.1f ms\n",
           percentile (writes, 0.5), percentile (writes, 0.99), percentile (writes, 1.0));
  g_print ("\nchange to visible on every other desktop (ms; one pair = one change, one other desktop)\n\n");
  g_print ("| %-18s | %7s | %7s | %9s | %9s | %9s | %9s | %9s | %8s |\n",
           "change", "changes", "pairs", "median", "p99", "max", "from save", "p99", "not seen");
  g_print ("|%s|---------|---------|-----------|-----------|-----------|-----------|-----------|----------|\n",
           "--------------------");
  for (int k = 0; k < N_CHANGES; k++)
    print_row (change_names[k], counts[k], from_commit[k], from_save[k], missed[k]);
  print_row ("all", counts[N_CHANGES], from_commit[N_CHANGES], from_save[N_CHANGES], missed[N_CHANGES]);

  {
    double m = percentile (from_commit[N_CHANGES], 0.5), p = percentile (from_commit[N_CHANGES], 0.99);
    gboolean met = m <= 1000 && p <= 2000 && missed[N_CHANGES] == 0 && counts[N_CHANGES] > 0;

    g_print ("\ntarget: median <= 1000 ms, p99 <= 2000 ms, every change seen: %s (median %.1f ms, p99 %.1f ms)\n",
             met ? "met" : "NOT MET", m, p);
  }

  for (int k = 0; k <= N_CHANGES; k++)
    {
      g_array_unref (from_commit[k]);
      g_array_unref (from_save[k]);
    }
  for (int i = 0; i < n; i++)
    {
      g_object_unref (parent.children[i].out);
      g_object_unref (parent.children[i].process);
      g_ptr_array_unref (parent.children[i].lines);
    }
  g_free (parent.children);
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  int seconds, n;

  if (argc == 5 && g_str_equal (argv[1], "--child"))
    return run_desktop (atoi (argv[2]), argv[3], atoi (argv[4]));

  if (argc < 2 || argc > 4)
    {
      g_printerr ("usage: bench-desktops URI [SECONDS] [DESKTOPS]\n");
      return 2;
    }
  seconds = argc > 2 ? atoi (argv[2]) : 30;
  n = argc > 3 ? atoi (argv[3]) : 20;
  if (seconds < 1 || n < 2)
    {
      g_printerr ("bench-desktops: at least 1 second and 2 desktops\n");
      return 2;
    }
  return run_parent (argv[1], seconds, n);
}
