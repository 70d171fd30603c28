/* crm-application.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "crm-application"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "crm-application.h"
#include "crm-debug.h"
#include "crm-customer-window.h"
#include "crm-demo.h"
#include "crm-lead-scheduler.h"
#include "crm-reminders.h"
#include "crm-import.h"
#include "crm-stock-import.h"
#include "crm-server-secret.h"
#include "crm-window.h"

#define AUTOSTART_NAME APP_ID "-autostart.desktop"

struct _CrmApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  GHashTable     *contexts;   /* database path → CrmContext */

  /* Reminders follow the first database opened (normally the only one) */
  CrmReminders   *reminders;
  CrmContext     *reminders_context;
  CrmContext     *pending_reminders_context;
  guint           reminders_source;
  /* With reminders in the background, the leads deadlines run too, so a
   * pool warning or a missed first contact is notified without a window */
  CrmLeadScheduler *lead_scheduler;
  gboolean        held;
};

G_DEFINE_FINAL_TYPE (CrmApplication, crm_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Show the version and exit"), NULL },
  { "generate-demo", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Create a demo showroom database in FILE and exit"), N_("FILE") },
  { "customers", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("With --generate-demo: how many customers (default 2000)"), N_("N") },
  { "activities", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("With --generate-demo: how many follow-ups (default 16000)"), N_("N") },
  { "seed", 0, 0, G_OPTION_ARG_INT, NULL,
    N_("With --generate-demo: the random seed"), N_("N") },
  { "import", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Import leads from a CSV file and exit"), N_("FILE.csv") },
  { "channel", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("With --import: the channel of rows that name none (or an unknown one)"), N_("NAME") },
  { "dry-run", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("With --import or --import-stock: check and count, change nothing"), NULL },
  { "merge-duplicates", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("With --import: merge rows whose number is known into that customer instead of skipping them"), NULL },
  { "import-stock", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Import cars in stock from a CSV file (a stock list) and exit"), N_("FILE.csv") },
  { "database", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("With --import, --import-stock or --migrate-to: the showroom database (default: the usual one)"),
    N_("FILE") },
  { "migrate-to", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Copy the showroom file to an empty database on a PostgreSQL server and exit"),
    N_("postgresql://…") },
  { NULL }
};

/* SHOWROOM_NOW=<unix seconds> stops the clock (reproducible demo data and
 * screenshots); otherwise the real clock */
static CrmClock *
make_clock (void)
{
  const char *now = g_getenv ("SHOWROOM_NOW");

  if (now != NULL && g_ascii_strtoll (now, NULL, 10) > 0)
    return crm_clock_new_fixed (g_ascii_strtoll (now, NULL, 10));
  return crm_clock_new ();
}

static int
generate_demo (const char *path,
               int         customers,
               int         activities,
               int         seed)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmStore) store = NULL;
  g_autoptr(CrmClock) clock = make_clock ();
  gint64 start = g_get_monotonic_time ();

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_printerr (_("%s already exists; choose a new file for the demo showroom.\n"), path);
      return 1;
    }

  store = crm_store_open (path, clock, &error);
  if (store == NULL ||
      !crm_demo_generate (store, customers, activities, seed, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  g_print (_("Demo showroom written to %s: %d customers, %d follow-ups, in %.1f s\n"),
           path, customers, activities,
           (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
  return 0;
}

static void
on_import_progress (double   fraction,
                    guint    rows,
                    gpointer user_data)
{
  guint *last = user_data;

  if (rows >= *last + 10000)
    {
      *last = rows;
      g_printerr (_("%u rows read (%.0f %%)…\n"), rows, fraction * 100);
    }
}

/* "leads.csv: GB18030, columns: 姓名→Name 手机→Mobile or phone …" */
static void
print_columns (const char        *path,
               const CrmCsvSheet *sheet,
               const char      *(*label) (int field))
{
  g_print (_("%s: %s, columns:"), path, sheet->encoding);
  for (guint i = 0; i < sheet->n_columns; i++)
    {
      int field = g_array_index (sheet->mapping, int, i);

      if (field != 0)
        g_print (" %s→%s", (const char *) g_ptr_array_index (sheet->headers, i), label (field));
    }
  g_print ("\n");
}

/* The first hundred, by line */
static void
print_problems (GPtrArray *problems)
{
  guint shown = MIN (problems->len, 100);

  for (guint i = 0; i < shown; i++)
    g_print ("  %s\n", ((CrmCsvProblem *) g_ptr_array_index (problems, i))->message);
  if (problems->len > shown)
    g_print (_("  … and %u more\n"), problems->len - shown);
}

static const char *
lead_field_label (int field)
{
  return crm_import_field_get_label (field);
}

static const char *
stock_field_label (int field)
{
  return crm_stock_import_field_get_label (field);
}

/* The showroom a command works on: @database, or the usual one. It must
 * exist and be set up: a mistyped path must not leave a new, empty
 * showroom behind with the rows in it */
static CrmStore *
open_database (const char *database,
               CrmClock   *clock)
{
  g_autofree char *default_path = database == NULL ? crm_store_get_default_path () : NULL;
  const char *path = database != NULL ? database : default_path;
  g_autoptr(GError) error = NULL;
  CrmStore *store;

  if (!crm_store_is_server (path) && !g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_printerr (_("%s: there is no showroom database here, so nothing was imported. "
                    "Give --database the file of your showroom, or start Showroom once to set one up.\n"),
                  path);
      return NULL;
    }
  if ((store = crm_store_open (path, clock, &error)) == NULL)
    {
      g_printerr ("%s: %s\n", path, error->message);
      return NULL;
    }
  if (crm_store_needs_setup (store))
    {
      g_printerr (_("%s: this showroom is not set up yet, so nothing was imported. "
                    "Start Showroom once and enter the showroom’s name and staff first.\n"), path);
      g_object_unref (store);
      return NULL;
    }
  return store;
}

/* Exit status: 0 imported, 2 imported but some rows were left out, 1 failed
 * (nothing changed) */
static int
import_file (const char *path,
             const char *database,
             const char *channel_name,
             gboolean    dry_run,
             gboolean    merge)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmStore) store = NULL;
  g_autoptr(CrmClock) clock = make_clock ();
  g_autoptr(CrmImport) import = NULL;
  CrmImportSummary summary = { 0, };
  CrmChannel channel = CRM_CHANNEL_UNKNOWN;
  gint64 start = g_get_monotonic_time ();
  guint last = 0;
  guint shown;

  if (channel_name != NULL && !crm_import_parse_channel (channel_name, &channel))
    {
      g_printerr (_("“%s” is not a channel Showroom knows (for example 汽车之家, 懂车帝, 抖音, "
                    "autohome, dongchedi, douyin, walk-in).\n"), channel_name);
      return 1;
    }

  import = crm_import_new_from_file (path, &error);
  if (import == NULL)
    {
      g_printerr ("%s: %s\n", path, error->message);
      return 1;
    }

  if ((store = open_database (database, clock)) == NULL)
    return 1;
  print_columns (path, crm_import_get_sheet (import), lead_field_label);

  crm_import_set_default_channel (import, channel);
  crm_import_set_duplicates (import, merge ? CRM_IMPORT_DUPLICATES_MERGE : CRM_IMPORT_DUPLICATES_SKIP);

  if (!crm_import_run (import, store, dry_run, NULL, on_import_progress, &last, &summary, &error))
    {
      g_printerr (_("Import failed, nothing was changed: %s\n"), error->message);
      crm_import_summary_clear (&summary);
      return 1;
    }

  print_problems (summary.problems);

  g_print (dry_run ? _("Dry run, nothing was changed. %u rows: %u new, %u merged, %u duplicates in the file "
                       "skipped, %u already customers skipped, %u with errors, %u with an unknown "
                       "channel; %u would be assigned to consultants (%.1f s)\n")
                   : _("%u rows: %u new, %u merged, %u duplicates in the file skipped, %u already "
                       "customers skipped, %u with errors, %u with an unknown channel; %u assigned "
                       "to consultants (%.1f s)\n"),
           summary.rows, summary.created, summary.merged, summary.skipped_in_file,
           summary.skipped_existing, summary.invalid, summary.unknown_channel, summary.assigned,
           (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);

  shown = summary.invalid;
  crm_import_summary_clear (&summary);
  return shown > 0 ? 2 : 0;
}

/* showroom --import-stock FILE.csv [--dry-run] [--database FILE]. Exit
 * status: 0 imported (or, in a dry run, would be), 1 nothing imported */
static int
import_stock (const char *path,
              const char *database,
              gboolean    dry_run)
{
  gint64 start = g_get_monotonic_time ();
  CrmStockImportSummary summary = { 0, };
  g_autoptr(CrmStockImport) import = NULL;
  g_autoptr(CrmClock) clock = make_clock ();
  g_autoptr(CrmStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if ((import = crm_stock_import_new_from_file (path, &error)) == NULL)
    {
      g_printerr ("%s: %s\n", path, error->message);
      return 1;
    }
  if ((store = open_database (database, clock)) == NULL)
    return 1;
  print_columns (path, crm_stock_import_get_sheet (import), stock_field_label);

  ok = crm_stock_import_run (import, store, dry_run, &summary, &error);
  if (summary.problems != NULL)
    print_problems (summary.problems);
  if (!ok)
    {
      g_printerr (_("Stock import failed, nothing was changed: %s\n"), error->message);
      crm_stock_import_summary_clear (&summary);
      return 1;
    }
  g_print (dry_run ? _("Dry run, nothing was changed. %u rows: %u cars would be added (%u without a cost), "
                       "%u already in stock (%.1f s)\n")
                   : _("%u rows: %u cars added (%u without a cost), %u already in stock left as they are "
                       "(%.1f s)\n"),
           summary.rows, summary.added, summary.without_cost, summary.already_in_stock,
           (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
  if (summary.added > 0 && !dry_run)
    g_print (_("The showroom’s write lock was held for %.2f s.\n"), summary.write_us / (double) G_USEC_PER_SEC);
  crm_stock_import_summary_clear (&summary);
  return 0;
}

static void
on_table_copied (const CrmStoreMigrateProgress *progress,
                 gpointer                       user_data)
{
  gint64 *total = user_data;

  if (!progress->table_done)
    return;
  *total += progress->table_rows;
  /* Translators: a table copied to the server and its rows */
  g_print (_("  %-20s %lld rows, the same on both sides\n"), progress->table,
           (long long) progress->table_rows);
}

/* showroom --migrate-to URI [--database FILE]: the file is only read */
static int
migrate_to (const char *uri,
            const char *database)
{
  g_autofree char *path = database ? g_canonicalize_filename (database, NULL) : crm_store_get_default_path ();
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  gint64 total = 0;

  g_print (_("Copying %s to the server…\n"), path);
  if (!crm_store_migrate_to (path, uri, NULL, on_table_copied, &total, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  g_print (_("Copied %lld rows in %.1f s. The file was not changed; "
             "connect the desktops to the server now.\n"),
           (long long) total, (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
  return 0;
}

static int
crm_application_handle_local_options (GApplication *app,
                                      GVariantDict *options)
{
  const char *demo_path = NULL;
  const char *import_path = NULL;
  const char *stock_path = NULL;
  const char *migrate_uri = NULL;
  int customers = CRM_DEMO_CUSTOMERS;
  int activities = CRM_DEMO_ACTIVITIES;
  int seed = CRM_DEMO_SEED;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("showroom %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (g_variant_dict_lookup (options, "generate-demo", "^&ay", &demo_path))
    {
      /* Strings, not G_OPTION_ARG_INT: GApplication leaves an integer
       * option of 0 out of the dictionary, and 0 customers is a real ask */
      const char *text;
      guint64 n;

      if (g_variant_dict_lookup (options, "customers", "&s", &text))
        customers = g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT, &n, NULL) ? (int) n : -1;
      if (g_variant_dict_lookup (options, "activities", "&s", &text))
        activities = g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT, &n, NULL) ? (int) n : -1;
      g_variant_dict_lookup (options, "seed", "i", &seed);
      if (customers < 0 || activities < 0)
        {
          g_printerr (_("The numbers of customers and follow-ups must be whole numbers, 0 or more.\n"));
          return 1;
        }
      return generate_demo (demo_path, customers, activities, seed);
    }

  if (g_variant_dict_lookup (options, "migrate-to", "&s", &migrate_uri))
    {
      const char *database = NULL;

      g_variant_dict_lookup (options, "database", "^&ay", &database);
      return migrate_to (migrate_uri, database);
    }

  if (g_variant_dict_lookup (options, "import-stock", "^&ay", &stock_path))
    {
      const char *database = NULL;

      g_variant_dict_lookup (options, "database", "^&ay", &database);
      return import_stock (stock_path, database, g_variant_dict_contains (options, "dry-run"));
    }

  if (g_variant_dict_lookup (options, "import", "^&ay", &import_path))
    {
      const char *database = NULL;
      const char *channel = NULL;

      g_variant_dict_lookup (options, "database", "^&ay", &database);
      g_variant_dict_lookup (options, "channel", "&s", &channel);
      return import_file (import_path, database, channel,
                          g_variant_dict_contains (options, "dry-run"),
                          g_variant_dict_contains (options, "merge-duplicates"));
    }

  return -1;
}

static void setup_reminders (CrmApplication *self, CrmContext *context);

#define STARTUP_DELAY_MS 1500

static void
start_reminders_cb (gpointer user_data)
{
  CrmApplication *self = user_data;
  g_autoptr(CrmContext) context = g_steal_pointer (&self->pending_reminders_context);

  self->reminders_source = 0;
  if (context != NULL)
    setup_reminders (self, context);
}

/* A store opened: its context, kept by its location */
static CrmContext *
adopt_store (CrmApplication *self,
             CrmStore       *store)
{
  CrmContext *context = crm_context_new (store, self->settings);

  g_hash_table_insert (self->contexts, g_strdup (crm_store_get_path (store)), g_object_ref (context));
  /* The reminders' first look (missed follow-ups, idle deals on the whole
   * showroom) waits until the window is on screen */
  if (self->reminders == NULL && self->reminders_source == 0)
    {
      g_set_object (&self->pending_reminders_context, context);
      self->reminders_source = g_timeout_add_once (STARTUP_DELAY_MS, start_reminders_cb, self);
    }
  return context;
}

static CrmContext *
lookup_context (CrmApplication  *self,
                const char      *path,
                GError         **error)
{
  g_autofree char *canonical = crm_store_canonical_location (path);
  g_autoptr(CrmStore) store = NULL;
  g_autoptr(CrmClock) clock = NULL;
  CrmContext *context;

  context = g_hash_table_lookup (self->contexts, canonical);
  if (context != NULL)
    return g_object_ref (context);

  clock = make_clock ();
  store = crm_store_open (canonical, clock, error);
  if (store == NULL)
    return NULL;

  return adopt_store (self, store);
}

static GtkWindow *
find_main_window (CrmApplication *self,
                  const char     *path)
{
  g_autofree char *canonical = crm_store_canonical_location (path);

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    {
      CrmContext *context;

      if (!CRM_IS_WINDOW (l->data))
        continue;
      context = crm_window_get_context (l->data);
      if (context != NULL &&
          g_strcmp0 (crm_store_get_path (crm_context_get_store (context)), canonical) == 0)
        return l->data;
    }
  return NULL;
}

static CrmContext *find_context (CrmApplication *self, const char *path);

/* A showroom on a server is opened in a worker thread: a slow or silent
 * network never freezes a window. Its password comes from the connect
 * page (in memory) or, when its owner asked, from the keyring. */
static void
open_server_thread (GTask        *task,
                    gpointer      source,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  const char *uri = task_data;
  g_autoptr(CrmClock) clock = make_clock ();
  g_autoptr(GError) error = NULL;
  CrmStore *store = crm_store_open (uri, clock, &error);

  if (store == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* The rules, staff and catalogue every view reads first, read here */
  crm_store_warm_up (store);
  g_task_return_pointer (task, store, g_object_unref);
}

/* Every window of the showroom at @canonical closes, and it is let go
 * (its reminders too, when they followed it) */
static void
close_showroom (CrmApplication *self,
                const char     *canonical)
{
  CrmContext *context = g_hash_table_lookup (self->contexts, canonical);
  g_autoptr(GList) windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));

  for (GList *l = windows; l != NULL; l = l->next)
    {
      CrmContext *window_context = NULL;

      if (CRM_IS_WINDOW (l->data))
        window_context = crm_window_get_context (l->data);
      else if (CRM_IS_CUSTOMER_WINDOW (l->data))
        window_context = crm_customer_window_get_context (l->data);
      if (window_context != NULL && window_context == context)
        gtk_window_destroy (l->data);
    }

  if (context != NULL && context == self->reminders_context)
    {
      if (self->held)
        {
          g_application_release (G_APPLICATION (self));
          self->held = FALSE;
        }
      g_clear_object (&self->lead_scheduler);
      g_clear_object (&self->reminders);
      g_clear_object (&self->reminders_context);
    }
  if (context != NULL && context == self->pending_reminders_context)
    g_clear_object (&self->pending_reminders_context);
  if (context != NULL)
    g_hash_table_remove (self->contexts, canonical);
}

/* @window, just opened on another showroom, takes the place of the one
 * at @old_path: the old one's windows close, and the reminders follow the
 * new one if they followed the old */
static void
replace_showroom (CrmApplication *self,
                  const char     *old_path,
                  GtkWindow      *window)
{
  g_autofree char *canonical = crm_store_canonical_location (old_path);
  CrmContext *context = crm_window_get_context (CRM_WINDOW (window));

  if (window == find_main_window (self, canonical))
    return;
  close_showroom (self, canonical);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.toast", "s",
                              _("This desktop now works on the showroom on the server. "
                                "The file was kept as it was."));
  if (self->reminders != NULL)
    return;
  if (self->reminders_source == 0)
    setup_reminders (self, context);
  else if (self->pending_reminders_context == NULL)
    g_set_object (&self->pending_reminders_context, context);
}

static void
on_server_opened_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  CrmApplication *self = CRM_APPLICATION (source);
  const char *uri = g_task_get_task_data (G_TASK (result));
  const char *replaces = g_object_get_data (G_OBJECT (result), "replaces");
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmStore) store = g_task_propagate_pointer (G_TASK (result), &error);
  g_autoptr(CrmContext) context = NULL;
  GtkWindow *window;

  if ((window = find_main_window (self, uri)) == NULL)
    {
      if (store != NULL)
        context = g_object_ref (adopt_store (self, store));
      window = GTK_WINDOW (crm_window_new (GTK_APPLICATION (self), context));
      if (context == NULL)
        crm_window_show_error (CRM_WINDOW (window), uri, error);
      else
        g_settings_set_string (self->settings, "last-database", uri);
    }
  gtk_window_present (window);
  /* Only a server showroom that opened takes the old one's place: if it
   * did not, the old one stays open beside the window that says why */
  if (replaces != NULL && crm_window_get_context (CRM_WINDOW (window)) != NULL)
    replace_showroom (self, replaces, window);
  g_application_release (G_APPLICATION (self));
}

/* @replaces: (nullable): a showroom whose windows give way to this one */
static void
open_server (CrmApplication *self,
             const char     *uri,
             const char     *replaces)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, on_server_opened_cb, NULL);

  g_task_set_task_data (task, g_strdup (uri), g_free);
  g_object_set_data_full (G_OBJECT (task), "replaces", g_strdup (replaces), g_free);
  g_task_run_in_thread (task, open_server_thread);
}

static void
on_server_password_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CrmApplication *self = g_task_get_source_object (task);
  const char *uri = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *password = crm_server_secret_lookup_finish (result, &error);

  if (error != NULL)
    g_message ("No password from the keyring: %s", error->message);
  if (password != NULL && !crm_store_has_server_password (uri))
    crm_store_set_server_password (uri, password);
  open_server (self, uri, g_object_get_data (G_OBJECT (task), "replaces"));
}

static void
open_server_async (CrmApplication *self,
                   const char     *uri,
                   const char     *replaces)
{
  GTask *task = g_task_new (self, NULL, NULL, NULL);

  g_application_hold (G_APPLICATION (self));
  g_task_set_task_data (task, g_strdup (uri), g_free);
  if (crm_store_has_server_password (uri))
    {
      open_server (self, uri, replaces);
      g_object_unref (task);
      return;
    }
  g_object_set_data_full (G_OBJECT (task), "replaces", g_strdup (replaces), g_free);
  crm_server_secret_lookup (uri, NULL, on_server_password_cb, task);
}

/**
 * crm_application_open_path:
 *
 * Shows the main window for the database at @path, opening it if needed.
 * A database that cannot be used gets a window that says why.
 *
 * Returns: (transfer none): the window
 */
GtkWindow *
crm_application_open_path (CrmApplication *self,
                           const char     *path)
{
  g_autoptr(CrmContext) context = NULL;
  g_autoptr(GError) error = NULL;
  GtkWindow *window;

  g_return_val_if_fail (CRM_IS_APPLICATION (self), NULL);

  if ((window = find_main_window (self, path)) != NULL)
    {
      gtk_window_present (window);
      return window;
    }

  /* A server: the window comes when the connection is made */
  if (crm_store_is_server (path) && find_context (self, path) == NULL)
    {
      open_server_async (self, path, NULL);
      return NULL;
    }

  context = lookup_context (self, path, &error);
  window = GTK_WINDOW (crm_window_new (GTK_APPLICATION (self), context));
  if (context == NULL)
    crm_window_show_error (CRM_WINDOW (window), path, error);
  else
    g_settings_set_string (self->settings, "last-database",
                           crm_store_get_path (crm_context_get_store (context)));

  gtk_window_present (window);
  return window;
}

/**
 * crm_application_show_customer:
 *
 * Presents the detail window of a customer; one window per customer.
 */
void
crm_application_show_customer (CrmApplication *self,
                               CrmContext     *context,
                               gint64          customer_id)
{
  g_return_if_fail (CRM_IS_APPLICATION (self));
  g_return_if_fail (CRM_IS_CONTEXT (context));

  crm_customer_window_open (GTK_APPLICATION (self), context, customer_id);
}

/* ------------------------------------------------------------------ */
/* Reminders in the background                                         */

/* ~/.config/autostart gets the installed autostart entry while background
 * reminders are on, so Showroom starts with --gapplication-service at login */
static void
sync_autostart (gboolean enabled)
{
  g_autofree char *dir = g_build_filename (g_get_user_config_dir (), "autostart", NULL);
  g_autofree char *target = g_build_filename (dir, AUTOSTART_NAME, NULL);
  g_autofree char *source = g_build_filename (DATADIR, "showroom", AUTOSTART_NAME, NULL);
  g_autoptr(GError) error = NULL;

  if (!enabled)
    {
      if (g_unlink (target) != 0 && errno != ENOENT)
        g_warning ("Could not remove %s: %s", target, g_strerror (errno));
      return;
    }

  if (g_file_test (target, G_FILE_TEST_EXISTS))
    return;
  if (!g_file_test (source, G_FILE_TEST_EXISTS))
    {
      g_debug ("No autostart entry installed at %s", source);
      return;
    }

  {
    g_autoptr(GFile) from = g_file_new_for_path (source);
    g_autoptr(GFile) to = g_file_new_for_path (target);

    if (g_mkdir_with_parents (dir, 0700) != 0 ||
        !g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error))
      g_warning ("Could not install %s: %s", target, error ? error->message : g_strerror (errno));
  }
}

static void
update_reminders_staff (CrmApplication *self)
{
  CrmStaff *me = crm_context_get_current_staff (self->reminders_context);

  crm_reminders_set_staff (self->reminders, me ? crm_staff_get_id (me) : 0,
                           crm_context_is_manager (self->reminders_context));
}

static void
update_background (CrmApplication *self)
{
  gboolean enabled = g_settings_get_boolean (self->settings, "reminders-enabled");

  if (enabled && self->reminders != NULL)
    {
      crm_reminders_start (self->reminders);
      if (self->lead_scheduler == NULL)
        self->lead_scheduler = crm_context_dup_lead_scheduler (self->reminders_context);
      if (!self->held)
        {
          g_application_hold (G_APPLICATION (self));
          self->held = TRUE;
        }
    }
  else
    {
      if (self->reminders != NULL)
        crm_reminders_stop (self->reminders);
      g_clear_object (&self->lead_scheduler);
      if (self->held)
        {
          g_application_release (G_APPLICATION (self));
          self->held = FALSE;
        }
    }
  sync_autostart (enabled);
}

static void
on_reminders_enabled_changed_cb (GSettings      *settings,
                                 const char     *key,
                                 CrmApplication *self)
{
  update_background (self);
}

static void
on_current_staff_changed_cb (CrmContext     *context,
                             GParamSpec     *pspec,
                             CrmApplication *self)
{
  update_reminders_staff (self);
}

static void
on_reminders_open_customer_cb (CrmReminders   *reminders,
                               gint64          customer_id,
                               CrmApplication *self)
{
  crm_application_show_customer (self, self->reminders_context, customer_id);
}

static void
on_reminders_open_my_day_cb (CrmReminders   *reminders,
                             CrmApplication *self)
{
  GtkWindow *window =
    crm_application_open_path (self, crm_store_get_path (crm_context_get_store (self->reminders_context)));

  if (CRM_IS_WINDOW (window))
    crm_window_show_my_day (CRM_WINDOW (window));
}

static void
on_reminders_open_calendar_cb (CrmReminders   *reminders,
                               gint64          at,
                               CrmApplication *self)
{
  GtkWindow *window =
    crm_application_open_path (self, crm_store_get_path (crm_context_get_store (self->reminders_context)));

  if (CRM_IS_WINDOW (window))
    crm_window_show_calendar_day (CRM_WINDOW (window), at);
}

static void
setup_reminders (CrmApplication *self,
                 CrmContext     *context)
{
  if (self->reminders != NULL || self->settings == NULL)
    return;

  self->reminders_context = g_object_ref (context);
  self->reminders = crm_reminders_new (G_APPLICATION (self), crm_context_get_store (context),
                                       self->settings);
  g_signal_connect_object (context, "notify::current-staff",
                           G_CALLBACK (on_current_staff_changed_cb), self, 0);
  g_signal_connect_object (self->reminders, "open-customer",
                           G_CALLBACK (on_reminders_open_customer_cb), self, 0);
  g_signal_connect_object (self->reminders, "open-my-day",
                           G_CALLBACK (on_reminders_open_my_day_cb), self, 0);
  g_signal_connect_object (self->reminders, "open-calendar",
                           G_CALLBACK (on_reminders_open_calendar_cb), self, 0);
  if (crm_context_get_current_staff (context) != NULL || crm_context_restore_identity (context))
    update_reminders_staff (self);
  update_background (self);

  /* Nothing on this desktop shows notifications: say so once, in the
   * window, rather than send reminders nobody sees */
  {
    GDBusConnection *bus = g_application_get_dbus_connection (G_APPLICATION (self));
    GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

    if (bus != NULL && window != NULL && !crm_reminders_can_pop_up (bus))
      gtk_widget_activate_action (GTK_WIDGET (window), "win.toast", "s",
                                  _("Reminders cannot pop up: this desktop runs no notification service. "
                                    "Follow-ups due are still listed in My Day."));
  }
}

/* Started in the background (at login, --gapplication-service) or not:
 * with reminders on, the showroom used last is opened now, without a
 * window, so reminders run. A database that does not exist yet is not
 * created here. */
static void
start_background_reminders (CrmApplication *self)
{
  g_autofree char *path = g_settings_get_string (self->settings, "last-database");
  g_autoptr(CrmContext) context = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_settings_get_boolean (self->settings, "reminders-enabled"))
    {
      sync_autostart (FALSE);
      return;
    }

  if (path[0] == '\0' || !g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_free (path);
      path = crm_store_get_default_path ();
    }
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return;

  context = lookup_context (self, path, &error);
  if (context == NULL && error != NULL)
    g_message ("Reminders not started: %s", error->message);
}

static void
crm_application_activate (GApplication *app)
{
  CrmApplication *self = CRM_APPLICATION (app);
  g_autofree char *path = g_settings_get_string (self->settings, "last-database");
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window != NULL)
    {
      gtk_window_present (window);
      return;
    }

  if (path[0] == '\0' || (!crm_store_is_server (path) && !g_file_test (path, G_FILE_TEST_EXISTS)))
    {
      g_free (path);
      path = crm_store_get_default_path ();
    }

  crm_application_open_path (self, path);
}

static void
crm_application_open (GApplication  *app,
                       GFile        **files,
                       int            n_files,
                       const char    *hint)
{
  for (int i = 0; i < n_files; i++)
    {
      g_autofree char *path = g_file_get_path (files[i]);
      g_autofree char *uri = g_file_get_uri (files[i]);

      /* showroom 'postgresql://…': a showroom on a server */
      if (path == NULL && uri != NULL && crm_store_is_server (uri))
        crm_application_open_path (CRM_APPLICATION (app), uri);
      else if (path != NULL)
        crm_application_open_path (CRM_APPLICATION (app), path);
    }
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  static const char *developers[] = { "Showroom developers", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (app),
                        "application-name", _("Showroom"),
                        "application-icon", APP_ID,
                        "developer-name", _("Showroom developers"),
                        "version", PACKAGE_VERSION,
                        "comments", _("Leads, follow-ups, test drives and the sales funnel of a car showroom"),
                        "website", "https://github.com/showroomcrm/showroom",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", developers,
                        /* Translators: put your names here */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
help_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);

  gtk_show_uri (gtk_application_get_active_window (app), "help:showroom", GDK_CURRENT_TIME);
}

/* The windows name a showroom by its database path: a GVariant cannot
 * carry the CrmContext, and the path is what the contexts are kept by */
static CrmContext *
find_context (CrmApplication *self,
              const char     *path)
{
  g_autofree char *canonical = crm_store_canonical_location (path);

  return g_hash_table_lookup (self->contexts, canonical);
}

/* (database, customer id) */
static void
show_customer_activated (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  CrmApplication *self = CRM_APPLICATION (user_data);
  CrmContext *context;
  const char *path;
  gint64 customer_id;

  g_variant_get (parameter, "(&sx)", &path, &customer_id);
  if ((context = find_context (self, path)) != NULL)
    crm_application_show_customer (self, context, customer_id);
}

/* (database path) */
static void
open_database_activated (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  crm_application_open_path (CRM_APPLICATION (user_data), g_variant_get_string (parameter, NULL));
}

/* (database, customer id, name): a customer window deleted its customer
 * and closes; the main window of that showroom offers the Undo */
static void
customer_deleted_activated (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  CrmApplication *self = CRM_APPLICATION (user_data);
  GtkWindow *window;
  const char *path;
  const char *name;
  gint64 customer_id;

  g_variant_get (parameter, "(&sx&s)", &path, &customer_id, &name);
  if ((window = find_main_window (self, path)) != NULL)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.toast-customer-deleted", "(xs)",
                                customer_id, name);
}

/* (database path, message): a restore replaced the showroom's contents.
 * Every window of it closes and the showroom is opened anew, so no view,
 * cache or reminder goes on with what it read before. */
static void
reopen_database_activated (GSimpleAction *action,
                           GVariant      *parameter,
                           gpointer       user_data)
{
  CrmApplication *self = CRM_APPLICATION (user_data);
  g_autofree char *canonical = NULL;
  GtkWindow *window;
  const char *path;
  const char *message;

  g_variant_get (parameter, "(&s&s)", &path, &message);
  canonical = crm_store_canonical_location (path);

  g_application_hold (G_APPLICATION (self));
  close_showroom (self, canonical);

  window = crm_application_open_path (self, canonical);
  if (CRM_IS_WINDOW (window) && crm_window_get_context (CRM_WINDOW (window)) != NULL)
    {
      if (self->reminders == NULL)
        setup_reminders (self, crm_window_get_context (CRM_WINDOW (window)));
      gtk_widget_activate_action (GTK_WIDGET (window), "win.toast", "s", message);
    }
  g_application_release (G_APPLICATION (self));
}

/* (database path, server address): the showroom was copied to the
 * server (win.move-to-server), and this desktop goes on there. Its
 * windows close once the server's window is open; if the server cannot
 * be opened, they stay. */
static void
replace_database_activated (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  CrmApplication *self = CRM_APPLICATION (user_data);
  const char *path;
  const char *uri;

  g_variant_get (parameter, "(&s&s)", &path, &uri);
  if (!crm_store_is_server (uri) || find_context (self, uri) != NULL)
    {
      GtkWindow *window = crm_application_open_path (self, uri);

      if (CRM_IS_WINDOW (window) && crm_window_get_context (CRM_WINDOW (window)) != NULL)
        replace_showroom (self, path, window);
      return;
    }
  open_server_async (self, uri, path);
}

static const GActionEntry app_actions[] = {
  { "reopen-database", reopen_database_activated, "(ss)" },
  { "replace-database", replace_database_activated, "(ss)" },
  { "quit", quit_activated },
  { "about", about_activated },
  { "help", help_activated },
  { "show-customer", show_customer_activated, "(sx)" },
  { "open-database", open_database_activated, "s" },
  { "customer-deleted", customer_deleted_activated, "(sxs)" },
};

/* The icon theme: GTK reads it in a thread as soon as it is made, but the
 * icon paths GtkApplication and libadwaita add right after make it stale,
 * and the window's first icon would read it all again on the main thread
 * (about 10 ms before the window can map). A lookup from a worker thread
 * (lookups may run in any thread once the theme is set up) reads it again
 * now, while the window is being built. */
static void
preload_icon_theme_thread (GTask        *task,
                           gpointer      source,
                           gpointer      task_data,
                           GCancellable *cancellable)
{
  g_autoptr(GtkIconPaintable) icon =
    gtk_icon_theme_lookup_icon (task_data, "open-menu-symbolic", NULL, 16, 1, GTK_TEXT_DIR_NONE, 0);
}

static void
preload_icon_theme (void)
{
  GdkDisplay *display = gdk_display_get_default ();
  g_autoptr(GTask) task = NULL;

  if (display == NULL)
    return;
  task = g_task_new (NULL, NULL, NULL, NULL);
  g_task_set_task_data (task, g_object_ref (gtk_icon_theme_get_for_display (display)), g_object_unref);
  g_task_run_in_thread (task, preload_icon_theme_thread);
}

/* A reminder's button or default action. The notification may outlive
 * the process that showed it: then D-Bus starts the program again
 * (--gapplication-service) and activates the action right away, before
 * the reminders would start by themselves, so they start now. */
static void
reminder_action_activated (GSimpleAction *action,
                           GVariant      *parameter,
                           gpointer       user_data)
{
  CrmApplication *self = user_data;

  if (self->reminders == NULL)
    {
      if (self->pending_reminders_context == NULL)
        {
          g_autofree char *path = g_settings_get_string (self->settings, "last-database");
          g_autoptr(GError) error = NULL;

          if (path[0] == '\0')
            {
              g_free (path);
              path = crm_store_get_default_path ();
            }
          if (crm_store_is_server (path) || g_file_test (path, G_FILE_TEST_EXISTS))
            lookup_context (self, path, &error);
          if (error != NULL)
            g_message ("%s: %s", g_action_get_name (G_ACTION (action)), error->message);
        }
      g_clear_handle_id (&self->reminders_source, g_source_remove);
      start_reminders_cb (self);
    }

  if (self->reminders == NULL ||
      !crm_reminders_activate (self->reminders, g_action_get_name (G_ACTION (action)), parameter))
    g_message ("A reminder's “%s” could not be done: no showroom is open", g_action_get_name (G_ACTION (action)));
}

/* Every action a notification can name, there before the application is
 * on the bus: startup runs inside g_application_register(), before the
 * main loop handles the first ActivateAction call */
static void
add_reminder_actions (CrmApplication *self)
{
  const char * const *names = crm_reminders_get_action_names ();

  for (guint i = 0; names[i] != NULL; i++)
    {
      const char *type = crm_reminders_get_action_parameter_type (names[i]);
      g_autoptr(GSimpleAction) action =
        g_simple_action_new (names[i], type ? G_VARIANT_TYPE (type) : NULL);

      g_signal_connect_object (action, "activate", G_CALLBACK (reminder_action_activated), self, 0);
      g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (action));
    }
}

static void
crm_application_startup (GApplication *app)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *help_accels[] = { "F1", NULL };
  static const char *close_accels[] = { "<Control>w", NULL };
  static const char *new_accels[] = { "<Control>n", NULL };
  static const char *search_accels[] = { "<Control>f", NULL };
  static const char *shortcuts_accels[] = { "<Control>question", NULL };
  static const char *quick_capture_accels[] = { "<Control>l", NULL };
  static const char *import_accels[] = { "<Control>i", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };

  G_APPLICATION_CLASS (crm_application_parent_class)->startup (app);
  preload_icon_theme ();
  crm_debug_watch_stalls ();

  /* Only the primary instance reads settings: --generate-demo and the
   * like run without an installed schema. */
  CRM_APPLICATION (app)->settings = g_settings_new (APP_ID);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  add_reminder_actions (CRM_APPLICATION (app));
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.help", help_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "window.close", close_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.new-customer", new_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.search", search_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.show-shortcuts", shortcuts_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.quick-capture", quick_capture_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.import-leads", import_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.preferences", preferences_accels);

  gtk_window_set_default_icon_name (APP_ID);

  g_signal_connect_object (CRM_APPLICATION (app)->settings, "changed::reminders-enabled",
                           G_CALLBACK (on_reminders_enabled_changed_cb), app, 0);
  start_background_reminders (CRM_APPLICATION (app));
}

static void
crm_application_dispose (GObject *object)
{
  CrmApplication *self = (CrmApplication *) object;

  g_clear_handle_id (&self->reminders_source, g_source_remove);
  g_clear_object (&self->pending_reminders_context);
  g_clear_object (&self->lead_scheduler);
  g_clear_object (&self->reminders);
  g_clear_object (&self->reminders_context);
  g_clear_pointer (&self->contexts, g_hash_table_unref);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (crm_application_parent_class)->dispose (object);
}

static void
crm_application_class_init (CrmApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = crm_application_dispose;

  app_class->activate = crm_application_activate;
  app_class->open = crm_application_open;
  app_class->startup = crm_application_startup;
  app_class->handle_local_options = crm_application_handle_local_options;
}

static void
crm_application_init (CrmApplication *self)
{
  self->contexts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[DATABASE…]"));
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Showroom runs a car showroom’s sales floor: leads, "
                                              "customers, follow-ups and the sales funnel."));
}

CrmApplication *
crm_application_new (void)
{
  return g_object_new (CRM_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", RESOURCE_PREFIX,
                       NULL);
}
