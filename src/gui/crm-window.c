/* crm-window.c: the main window of one showroom database
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One stack decides what the window shows: why the database cannot be
 * opened, the first-start set-up, the "who are you" chooser, or the
 * showroom itself with its views.
 */
#define G_LOG_DOMAIN "crm-window"

#include "config.h"

#include <glib/gi18n.h>

#include "crm-backup.h"
#include "crm-error.h"
#include "crm-calendar-page.h"
#include "crm-customers-page.h"
#include "crm-dashboard-page.h"
#include "crm-pipeline-page.h"
#include "crm-log-dialog.h"
#include "crm-my-day-page.h"
#include "crm-preferences-window.h"
#include "crm-import-dialog.h"
#include "crm-lead-scheduler.h"
#include "crm-new-customer-dialog.h"
#include "crm-notices-button.h"
#include "crm-pool-dialog.h"
#include "crm-traffic-dialog.h"
#include "crm-setup-page.h"
#include "crm-window.h"
#include "crm-connect-dialog.h"
#include "crm-debug.h"

struct _CrmWindow
{
  AdwApplicationWindow  parent_instance;

  CrmContext           *context;
  GtkFileChooserNative *chooser;

  AdwToastOverlay      *toast_overlay;
  GtkStack             *stack;
  AdwStatusPage        *error_page;
  CrmSetupPage         *setup_page;
  GtkListBox           *identity_list;
  AdwWindowTitle       *identity_title;
  AdwViewStack         *view_stack;
  GtkBox               *main_box;
  AdwViewSwitcherTitle *switcher_title;
  GtkWidget            *switcher_bar;
  guint                 switcher_bar_source;
  GtkMenuButton        *menu_button;
  GMenuModel           *primary_menu;
  /* Each view is built the first time it is needed (see VIEW_PAGE) */
  AdwBin               *customers_bin;
  AdwBin               *pipeline_bin;
  AdwBin               *my_day_bin;
  AdwBin               *calendar_bin;
  AdwBin               *dashboard_bin;
  GtkLabel             *user_label;

  /* Leads in */
  CrmNoticesButton     *notices_button;
  CrmLeadScheduler     *lead_scheduler;
  guint                 scheduler_source;
  guint                 views_ready;

  /* Backups and the damage check (see "Backups" below) */
  GtkRevealer          *damage_revealer;
  GtkRevealer          *offline_revealer;
  GtkRevealer          *busy_revealer;
  GtkSpinner           *busy_spinner;
  GtkLabel             *busy_label;
  gulong                busy_id;
  gulong                online_id;
  GMenu                *backup_section;
  GCancellable         *cancellable;
  guint                 backup_source;
  gboolean              backup_running;
  gboolean              manual_backup;
  gboolean              checked;
  char                 *error_path;       /* the file the error page is about */
  char                 *error_message;
  char                 *newest_good;      /* for the error page and the banner */
  GtkWidget            *error_backup_button;
};

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CrmWindow, crm_window, ADW_TYPE_APPLICATION_WINDOW)

static void
update_user_label (CrmWindow *self)
{
  CrmStaff *staff = crm_context_get_current_staff (self->context);
  g_autofree char *text = NULL;

  if (staff == NULL)
    {
      gtk_label_set_label (self->user_label, "");
      return;
    }

  /* The name in the header (room for the view switcher), the role on hover */
  /* Translators: the user of this desktop and their role, "王建国 · Sales manager" */
  text = g_strdup_printf (_("%s · %s"), crm_staff_get_name (staff),
                          crm_role_get_label (crm_staff_get_role (staff)));
  gtk_label_set_label (self->user_label, crm_staff_get_name (staff));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->user_label), text);
}

/* A sales consultant's morning starts with their follow-ups; everyone
 * else finds the view shown last on this desktop. SHOWROOM_VIEW overrides
 * both, for the screenshots and the benchmark. */
static void
restore_view (CrmWindow *self)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *view = g_settings_get_string (settings, "last-view");
  const char *forced = g_getenv ("SHOWROOM_VIEW");
  CrmStaff *me = crm_context_get_current_staff (self->context);

  if (forced != NULL)
    {
      g_free (view);
      view = g_strdup (forced);
    }
  else if (me != NULL && crm_staff_get_role (me) == CRM_ROLE_SALES)
    {
      g_free (view);
      view = g_strdup ("my-day");
    }
  if (adw_view_stack_get_child_by_name (self->view_stack, view) == NULL)
    {
      g_free (view);
      view = g_strdup ("pipeline");
    }
  adw_view_stack_set_visible_child_name (self->view_stack, view);
}

static void
open_preferences_later_cb (gpointer user_data)
{
  CrmWindow *self = user_data;

  if (g_strcmp0 (g_getenv ("SHOWROOM_VIEW"), "quick-log") == 0)
    {
      CrmStaff *me = crm_context_get_current_staff (self->context);
      gint64 now = crm_clock_get_now (crm_context_get_clock (self->context));
      g_autoptr(GArray) ids = crm_followup_store_query_open_ids (crm_store_get_followup_store (crm_context_get_store (self->context)),
                                                                 me ? crm_staff_get_id (me) : -1,
                                                                 now, G_MAXINT64, 1, NULL);

      if (ids != NULL && ids->len > 0)
        crm_log_dialog_present_quick_log (GTK_WINDOW (self), self->context, g_array_index (ids, gint64, 0));
      return;
    }
  gtk_widget_activate_action (GTK_WIDGET (self), "win.preferences", NULL);
}

enum {
  VIEW_CUSTOMERS = 1 << 0,
  VIEW_PIPELINE  = 1 << 1,
  VIEW_CALENDAR  = 1 << 2,
  VIEW_MY_DAY    = 1 << 3,
  VIEW_DASHBOARD = 1 << 4,
};

/* A view's widgets are made the first time the view is shown or asked
 * for: the window maps sooner when it builds only the view on screen. */
static GtkWidget *
ensure_view_widget (AdwBin *bin,
                    GType   type)
{
  GtkWidget *child = adw_bin_get_child (bin);

  if (child == NULL)
    {
      child = g_object_new (type, NULL);
      adw_bin_set_child (bin, child);
    }
  return child;
}

#define VIEW_PAGE(self, name, TYPE) (ensure_view_widget ((self)->name##_bin, (TYPE)))
#define CUSTOMERS_PAGE(self) CRM_CUSTOMERS_PAGE (VIEW_PAGE (self, customers, CRM_TYPE_CUSTOMERS_PAGE))
#define PIPELINE_PAGE(self) CRM_PIPELINE_PAGE (VIEW_PAGE (self, pipeline, CRM_TYPE_PIPELINE_PAGE))
#define MY_DAY_PAGE(self) CRM_MY_DAY_PAGE (VIEW_PAGE (self, my_day, CRM_TYPE_MY_DAY_PAGE))
#define CALENDAR_PAGE(self) CRM_CALENDAR_PAGE (VIEW_PAGE (self, calendar, CRM_TYPE_CALENDAR_PAGE))
#define DASHBOARD_PAGE(self) CRM_DASHBOARD_PAGE (VIEW_PAGE (self, dashboard, CRM_TYPE_DASHBOARD_PAGE))

/* The deadlines of leads (first contact, public pool) are run after the
 * window is on screen: a catch-up after days closed takes a while */
static void
start_lead_scheduler_cb (gpointer user_data)
{
  CrmWindow *self = user_data;

  self->scheduler_source = 0;
  if (self->context != NULL && self->lead_scheduler == NULL)
    self->lead_scheduler = crm_context_dup_lead_scheduler (self->context);
}

/* Fills the visible view with the showroom the first time it is shown:
 * building every view at start would make the window wait for all of
 * them (the board alone runs a query per column). */
static void
ensure_view_ready (CrmWindow *self)
{
  const char *name = adw_view_stack_get_visible_child_name (self->view_stack);

  if (self->context == NULL || name == NULL)
    return;

  if (g_str_equal (name, "customers") && !(self->views_ready & VIEW_CUSTOMERS))
    crm_customers_page_set_context (CUSTOMERS_PAGE (self), self->context);
  else if (g_str_equal (name, "pipeline") && !(self->views_ready & VIEW_PIPELINE))
    crm_pipeline_page_set_context (PIPELINE_PAGE (self), self->context);
  else if (g_str_equal (name, "calendar") && !(self->views_ready & VIEW_CALENDAR))
    crm_calendar_page_set_context (CALENDAR_PAGE (self), self->context);
  else if (g_str_equal (name, "my-day") && !(self->views_ready & VIEW_MY_DAY))
    crm_my_day_page_set_context (MY_DAY_PAGE (self), self->context);
  else if (g_str_equal (name, "dashboard") && !(self->views_ready & VIEW_DASHBOARD))
    crm_dashboard_page_set_context (DASHBOARD_PAGE (self), self->context);
  else
    return;

  self->views_ready |= g_str_equal (name, "customers") ? VIEW_CUSTOMERS
                       : g_str_equal (name, "pipeline") ? VIEW_PIPELINE
                       : g_str_equal (name, "calendar") ? VIEW_CALENDAR
                       : g_str_equal (name, "dashboard") ? VIEW_DASHBOARD : VIEW_MY_DAY;
}

static void
on_view_stack_visible_child_cb (CrmWindow *self)
{
  ensure_view_ready (self);
}

/* The Customers view reports its own first frame to crm-debug (benchmark,
 * screenshots); the other views, which fill themselves as quickly, get
 * the same hooks a moment after they are shown */
static gboolean
debug_first_frame_cb (gpointer user_data)
{
  CrmWindow *self = user_data;

  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    crm_debug_first_frame (GTK_WIDGET (self));
  return G_SOURCE_REMOVE;
}

static void update_backup_actions (CrmWindow *self);
static void after_first_frame_cb (gpointer user_data);
#define STARTUP_CHECK_DELAY_MS 2000

/* The server went away, or came back: the banner says so */
static void
on_store_online_cb (CrmWindow  *self,
                    GParamSpec *pspec,
                    CrmStore   *store)
{
  gboolean online = crm_store_is_online (store);

  gtk_revealer_set_reveal_child (self->offline_revealer, !online);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.reconnect", !online);
  if (online && pspec != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", _("Connected to the showroom server again"));
}

/* Another desktop's long write holds the lock: saves wait, and say why */
static void
on_store_busy_cb (CrmWindow  *self,
                  GParamSpec *pspec,
                  CrmStore   *store)
{
  const char *host = crm_store_get_busy_elsewhere (store);

  if (host != NULL)
    {
      g_autofree char *text = NULL;

      /* Translators: %s is the computer's name, e.g. "front-desk" */
      text = g_strdup_printf (_("Another desktop (%s) is saving a big import. Saves wait until it is done; "
                                "nothing you type is lost."), host);
      gtk_label_set_label (self->busy_label, text);
    }
  gtk_spinner_set_spinning (self->busy_spinner, host != NULL);
  gtk_revealer_set_reveal_child (self->busy_revealer, host != NULL);
}

static void
reconnect_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CrmWindow *self = CRM_WINDOW (widget);

  if (self->context != NULL)
    crm_store_reconnect (crm_context_get_store (self->context));
}

static void
show_main (CrmWindow *self)
{
  g_autofree char *showroom = crm_store_dup_showroom_name (crm_context_get_store (self->context));

  /* Only the view on screen is filled now; each other one the first
   * time it is shown (see on_view_stack_visible_child_cb) */
  self->views_ready = 0;
  crm_notices_button_set_context (self->notices_button, self->context);
  if (self->online_id == 0)
    {
      self->online_id = g_signal_connect_object (crm_context_get_store (self->context), "notify::online",
                                                 G_CALLBACK (on_store_online_cb), self, G_CONNECT_SWAPPED);
      on_store_online_cb (self, NULL, crm_context_get_store (self->context));
    }
  if (self->busy_id == 0)
    {
      self->busy_id = g_signal_connect_object (crm_context_get_store (self->context), "notify::busy-elsewhere",
                                               G_CALLBACK (on_store_busy_cb), self, G_CONNECT_SWAPPED);
      on_store_busy_cb (self, NULL, crm_context_get_store (self->context));
    }
  if (self->lead_scheduler == NULL && self->scheduler_source == 0)
    self->scheduler_source = g_timeout_add_once (1500, start_lead_scheduler_cb, self);
  if (!self->checked)
    {
      self->checked = TRUE;
      /* SHOWROOM_DAMAGED=1: the banner at once (screenshots) */
      g_timeout_add_once (g_getenv ("SHOWROOM_DAMAGED") ? 0 : STARTUP_CHECK_DELAY_MS,
                          after_first_frame_cb, self);
    }
  update_user_label (self);
  update_backup_actions (self);
  gtk_window_set_title (GTK_WINDOW (self), showroom ? showroom : _("Showroom"));
  gtk_stack_set_visible_child_name (self->stack, "main");
  restore_view (self);
  ensure_view_ready (self);
  if (!(self->views_ready & VIEW_CUSTOMERS) &&
      (g_getenv ("SHOWROOM_SCREENSHOT") != NULL || g_getenv ("SHOWROOM_ACTION") != NULL ||
       g_getenv ("SHOWROOM_OPEN_CUSTOMER") != NULL))
    g_timeout_add_full (G_PRIORITY_DEFAULT, 700, debug_first_frame_cb, g_object_ref (self), g_object_unref);
  /* SHOWROOM_VIEW=preferences|quick-log: open them too (screenshots) */
  if (g_strcmp0 (g_getenv ("SHOWROOM_VIEW"), "preferences") == 0 ||
      g_strcmp0 (g_getenv ("SHOWROOM_VIEW"), "quick-log") == 0)
    g_timeout_add_once (1000, open_preferences_later_cb, self);
}

static void on_identity_list_row_activated_cb (CrmWindow *self, GtkListBoxRow *row, GtkListBox *list);

/* The error and "who are you" pages are built the first time they show */
static void
ensure_page (CrmWindow  *self,
             const char *name)
{
  g_autoptr(GtkBuilder) builder = NULL;

  if (gtk_stack_get_child_by_name (self->stack, name) != NULL)
    return;

  builder = gtk_builder_new_from_resource (RESOURCE_PREFIX "/crm-window-pages.ui");
  if (g_str_equal (name, "error"))
    {
      self->error_page = ADW_STATUS_PAGE (gtk_builder_get_object (builder, "error_page"));
      self->error_backup_button = GTK_WIDGET (gtk_builder_get_object (builder, "error_backup_button"));
      gtk_stack_add_named (self->stack, GTK_WIDGET (gtk_builder_get_object (builder, "error_box")), "error");
    }
  else
    {
      self->identity_list = GTK_LIST_BOX (gtk_builder_get_object (builder, "identity_list"));
      self->identity_title = ADW_WINDOW_TITLE (gtk_builder_get_object (builder, "identity_title"));
      g_signal_connect_object (self->identity_list, "row-activated",
                               G_CALLBACK (on_identity_list_row_activated_cb), self, G_CONNECT_SWAPPED);
      gtk_stack_add_named (self->stack, GTK_WIDGET (gtk_builder_get_object (builder, "identity_box")), "identity");
    }
}

static void
fill_identity_list (CrmWindow *self)
{
  g_autoptr(GListModel) staff = crm_staff_store_list (crm_store_get_staff_store (crm_context_get_store (self->context)), TRUE);
  g_autofree char *showroom = crm_store_dup_showroom_name (crm_context_get_store (self->context));
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->identity_list))) != NULL)
    gtk_list_box_remove (self->identity_list, child);

  adw_window_title_set_title (self->identity_title, showroom ? showroom : _("Showroom"));

  for (guint i = 0; i < g_list_model_get_n_items (staff); i++)
    {
      g_autoptr(CrmStaff) member = g_list_model_get_item (staff, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *avatar = adw_avatar_new (32, crm_staff_get_name (member), TRUE);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), crm_staff_get_name (member));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), crm_role_get_label (crm_staff_get_role (member)));
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), avatar);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data (G_OBJECT (row), "staff-id", GINT_TO_POINTER ((int) crm_staff_get_id (member)));
      gtk_list_box_append (self->identity_list, row);
    }
}

static void
show_identity (CrmWindow *self)
{
  ensure_page (self, "identity");
  fill_identity_list (self);
  gtk_stack_set_visible_child_name (self->stack, "identity");
}

static void on_setup_page_done_cb (CrmWindow *self, gint64 manager_id, CrmSetupPage *page);

/* The first-start page is built only on a first start */
static void
ensure_setup_page (CrmWindow *self)
{
  GtkWidget *box, *header;

  if (self->setup_page != NULL)
    return;

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), adw_window_title_new (_("Welcome to Showroom"), NULL));
  gtk_box_append (GTK_BOX (box), header);
  self->setup_page = g_object_new (CRM_TYPE_SETUP_PAGE, "vexpand", TRUE, NULL);
  g_signal_connect_object (self->setup_page, "done", G_CALLBACK (on_setup_page_done_cb), self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->setup_page));
  gtk_stack_add_named (self->stack, box, "setup");
}

static void
show_start (CrmWindow *self)
{
  CrmStore *store = crm_context_get_store (self->context);

  /* SHOWROOM_USER=<staff id>: open as that person (screenshots) */
  if (g_getenv ("SHOWROOM_USER") != NULL)
    crm_context_set_current_staff_id (self->context, g_ascii_strtoll (g_getenv ("SHOWROOM_USER"), NULL, 10), NULL);

  if (crm_store_needs_setup (store))
    {
      ensure_setup_page (self);
      crm_setup_page_set_store (self->setup_page, store);
      gtk_stack_set_visible_child_name (self->stack, "setup");
    }
  else if (crm_context_get_current_staff (self->context) != NULL ||
           crm_context_restore_identity (self->context))
    show_main (self);
  else
    show_identity (self);
}

static void
on_setup_page_done_cb (CrmWindow    *self,
                       gint64        manager_id,
                       CrmSetupPage *page)
{
  g_autoptr(GError) error = NULL;

  if (!crm_context_set_current_staff_id (self->context, manager_id, &error))
    {
      show_identity (self);
      return;
    }
  show_main (self);
}

static void
on_identity_list_row_activated_cb (CrmWindow     *self,
                                   GtkListBoxRow *row,
                                   GtkListBox    *list)
{
  gint64 id = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "staff-id"));
  g_autoptr(GError) error = NULL;

  if (!crm_context_set_current_staff_id (self->context, id, &error))
    {
      crm_window_add_toast (self, adw_toast_new (error->message));
      return;
    }
  show_main (self);
}

static void
on_context_notify_current_staff_cb (CrmWindow  *self,
                                    GParamSpec *pspec,
                                    CrmContext *context)
{
  update_user_label (self);
  update_backup_actions (self);
}


/* ------------------------------------------------------------------ */
/* Backups                                                             */

/* Each worker holds the window; its result is dropped when the window
 * was closed meanwhile (the cancellable is cancelled in dispose) */

static char *
dup_backup_folder (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *folder = g_settings_get_string (settings, "backup-folder");

  if (folder[0] == '\0')
    return crm_backup_get_default_folder ();
  return g_steal_pointer (&folder);
}

static const char *
showroom_path (CrmWindow *self)
{
  if (self->context != NULL)
    return crm_store_get_path (crm_context_get_store (self->context));
  return self->error_path;
}

/* A showroom on a server is backed up and checked on the server */
static gboolean
on_server (CrmWindow *self)
{
  const char *path = showroom_path (self);

  return path != NULL && crm_store_is_server (path);
}

/* Restoring any backup over a good showroom is a manager's decision. GTK
 * 4.8 menus have no tooltips, so the item says why it is unavailable. */
static void
update_backup_actions (CrmWindow *self)
{
  gboolean manager = self->context != NULL && crm_context_is_manager (self->context);
  g_autoptr(GMenuItem) item = NULL;

  /* Only a file is moved to a server (the item is hidden otherwise) */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.move-to-server",
                                 self->context != NULL && !on_server (self));
  if (on_server (self))
    {
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.restore", FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.backup-now", FALSE);
      if (self->backup_section != NULL)
        g_menu_remove_all (self->backup_section);
      return;
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.restore", manager);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.backup-now",
                                 self->context != NULL && !self->backup_running);

  if (self->backup_section == NULL || g_menu_model_get_n_items (G_MENU_MODEL (self->backup_section)) < 2)
    return;
  item = g_menu_item_new (manager ? _("_Restore…") : _("Restore… (Sales Managers Only)"), "win.restore");
  g_menu_remove (self->backup_section, 1);
  g_menu_insert_item (self->backup_section, 1, item);
}

static void
toast (CrmWindow  *self,
       const char *text)
{
  AdwToast *t = adw_toast_new (text);

  adw_toast_set_timeout (t, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, t);
}

static void schedule_daily_backup (CrmWindow *self);

static void
on_backup_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(CrmWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = crm_backup_run_finish (result, &error);
  gboolean manual = self->manual_backup;

  self->backup_running = FALSE;
  if (self->context == NULL || g_cancellable_is_cancelled (self->cancellable))
    return;
  update_backup_actions (self);

  /* A failed backup is the disk's or the folder's doing, not a bug: the
   * person is told, the log keeps a line */
  if (path == NULL)
    {
      g_message ("Backup failed: %s", error->message);
      toast (self, error->message);
    }
  else if (manual)
    {
      g_autofree char *name = g_path_get_basename (path);
      g_autofree char *text = g_strdup_printf (_("Backed up as “%s”"), name);

      toast (self, text);
    }
}

static void
start_backup (CrmWindow *self,
              gboolean   manual)
{
  g_autofree char *folder = dup_backup_folder ();

  if (self->context == NULL || self->backup_running)
    return;
  self->backup_running = TRUE;
  self->manual_backup = manual;
  update_backup_actions (self);
  if (manual)
    toast (self, _("Backing up the showroom…"));
  crm_backup_run_async (crm_context_get_store (self->context), folder, self->cancellable,
                        on_backup_done_cb, g_object_ref (self));
}

/* Daily: at the next local midnight, and on start-up when today has no
 * backup yet. One timeout to the next day, no polling. */
static gboolean
daily_backup_cb (gpointer user_data)
{
  CrmWindow *self = user_data;
  g_autofree char *folder = dup_backup_folder ();
  const char *path = showroom_path (self);

  self->backup_source = 0;
  if (on_server (self))
    return G_SOURCE_REMOVE;
  if (self->context != NULL && path != NULL &&
      !crm_store_is_damaged (crm_context_get_store (self->context)) &&
      crm_backup_is_due (crm_backup_get_newest_time (folder, path), g_get_real_time () / G_USEC_PER_SEC))
    start_backup (self, FALSE);
  schedule_daily_backup (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_daily_backup (CrmWindow *self)
{
  gint64 wait = crm_backup_seconds_to_next_day (g_get_real_time () / G_USEC_PER_SEC);

  g_clear_handle_id (&self->backup_source, g_source_remove);
  /* A minute past midnight: the clock's own change of day comes first */
  self->backup_source = g_timeout_add_seconds ((guint) MIN (wait + 60, G_MAXUINT), daily_backup_cb, self);
}

static void
on_newest_good_found_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(CrmWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = crm_backup_find_newest_good_finish (result, &error);

  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  g_free (self->newest_good);
  self->newest_good = g_steal_pointer (&path);
  if (self->error_backup_button != NULL)
    gtk_widget_set_visible (self->error_backup_button, self->newest_good != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.restore-newest", self->newest_good != NULL);
  if (error != NULL)
    g_message ("%s", error->message);
}

static void
find_newest_good (CrmWindow *self)
{
  g_autofree char *folder = dup_backup_folder ();

  if (showroom_path (self) == NULL)
    return;
  crm_backup_find_newest_good_async (folder, showroom_path (self), self->cancellable,
                                     on_newest_good_found_cb, g_object_ref (self));
}

static void
on_quick_check_done_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(CrmWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (crm_backup_check_finish (result, &error) ||
      self->context == NULL || g_cancellable_is_cancelled (self->cancellable))
    {
      if (self->context != NULL && !g_cancellable_is_cancelled (self->cancellable))
        daily_backup_cb (self);
      return;
    }

  /* Told by the banner when the file is damaged; logged either way */
  g_message ("Quick check: %s", error->message);
  if (!g_error_matches (error, CRM_ERROR, CRM_ERROR_CORRUPT))
    return;

  /* Nothing more is written to a damaged file; the banner offers the way out */
  crm_store_set_damaged (crm_context_get_store (self->context));
  gtk_revealer_set_reveal_child (self->damage_revealer, TRUE);
  find_newest_good (self);
}

/* After the first frame: the quick check (0.9 s on 100,000 customers) in
 * a worker, then the daily backup if today has none */
static void
after_first_frame_cb (gpointer user_data)
{
  CrmWindow *self = user_data;

  if (self->context == NULL || on_server (self))
    return;
  if (g_getenv ("SHOWROOM_DAMAGED") != NULL)   /* screenshots of the banner */
    crm_store_set_damaged (crm_context_get_store (self->context));
  if (crm_store_is_damaged (crm_context_get_store (self->context)))
    {
      gtk_revealer_set_reveal_child (self->damage_revealer, TRUE);
      find_newest_good (self);
      return;
    }
  crm_backup_check_async (crm_context_get_store (self->context), self->cancellable,
                          on_quick_check_done_cb, g_object_ref (self));
}

static void
backup_now_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  start_backup (CRM_WINDOW (widget), TRUE);
}

static void
on_restore_done_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(CrmWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *aside = crm_backup_restore_finish (result, &error);
  g_autofree char *message = NULL;
  g_autofree char *path = g_strdup (showroom_path (self));

  self->backup_running = FALSE;
  if (aside == NULL)
    {
      AdwMessageDialog *dialog;

      update_backup_actions (self);
      dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("The Backup Was Not Restored"),
                                                           error->message));
      adw_message_dialog_add_response (dialog, "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }

  /* TODO: record the restore in the audit trail once it exists */
  if (aside[0] != '\0')
    {
      g_autofree char *name = g_path_get_basename (aside);

      message = g_strdup_printf (_("Backup restored. The file it replaced was kept as “%s”."), name);
    }
  else
    message = g_strdup (_("Backup restored."));

  /* The application reopens the showroom: every view reads it anew */
  gtk_widget_activate_action (GTK_WIDGET (self), "app.reopen-database", "(ss)", path, message);
  if (self->context == NULL)
    gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_restore_confirmed_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         CrmWindow        *self)
{
  const char *backup = g_object_get_data (G_OBJECT (dialog), "backup");

  if (!g_str_equal (response, "restore") || showroom_path (self) == NULL || self->backup_running)
    return;

  self->backup_running = TRUE;
  update_backup_actions (self);
  toast (self, _("Checking the backup, then restoring it…"));
  crm_backup_restore_async (showroom_path (self), backup, self->cancellable,
                            on_restore_done_cb, g_object_ref (self));
}

static void
confirm_restore (CrmWindow  *self,
                 const char *backup)
{
  g_autofree char *name = g_path_get_basename (backup);
  g_autofree char *stem = crm_backup_dup_stem (showroom_path (self));
  g_autoptr(GDateTime) when = crm_backup_parse_name (stem, name);
  g_autofree char *date = when ? g_date_time_format (when, "%x %H:%M") : g_strdup (name);
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;

  body = g_strdup_printf (_("The showroom will be as it was at %s. Whatever was entered since then "
                            "will no longer be in it. The current file is kept aside, beside the "
                            "showroom database, and the backup is checked before anything is replaced."),
                          date);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Restore This Backup?"), body));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "restore", _("_Restore"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "restore", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "backup", g_strdup (backup), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_restore_confirmed_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_restore_chooser_response_cb (CrmWindow            *self,
                                int                   response,
                                GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        confirm_restore (self, path);
    }
  g_clear_object (&self->chooser);
}

/* A file chooser for a Showroom database (the showroom itself or a
 * backup of it), answered by @response with the window */
static void
choose_database (CrmWindow  *self,
                 const char *title,
                 const char *accept,
                 const char *filter_name,
                 GFile      *folder,
                 GCallback   response)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  self->chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_OPEN,
                                               accept, _("_Cancel"));
  gtk_file_filter_set_name (filter, filter_name);
  gtk_file_filter_add_pattern (filter, "*.db");
  gtk_file_filter_add_mime_type (filter, "application/vnd.sqlite3");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  if (folder != NULL && g_file_query_exists (folder, NULL))
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->chooser), folder, NULL);
  g_signal_connect_object (self->chooser, "response", response, self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
restore_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  CrmWindow *self = CRM_WINDOW (widget);
  g_autofree char *folder = dup_backup_folder ();
  g_autoptr(GFile) dir = g_file_new_for_path (folder);

  if (self->chooser != NULL || self->context == NULL || !crm_context_is_manager (self->context))
    return;

  choose_database (self, _("Restore a Backup"), _("_Restore…"), _("Showroom backups"), dir,
                   G_CALLBACK (on_restore_chooser_response_cb));
}

/* Recovering a damaged or unreadable file: anyone may, as the file it
 * replaces is kept whole */
static void
restore_newest_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  CrmWindow *self = CRM_WINDOW (widget);

  if (self->newest_good != NULL && !self->backup_running)
    confirm_restore (self, self->newest_good);
}

/* Actions */

static void
switch_user_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CrmWindow *self = CRM_WINDOW (widget);

  if (self->context != NULL && !crm_store_needs_setup (crm_context_get_store (self->context)))
    show_identity (self);
}

static void
on_chooser_response_cb (CrmWindow            *self,
                        int                   response,
                        GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (file);

      /* A window that could not open its database gives way to the new one */
      if (path != NULL &&
          gtk_widget_activate_action (GTK_WIDGET (self), "app.open-database", "s", path) &&
          self->context == NULL)
        gtk_window_destroy (GTK_WINDOW (self));
    }
  g_clear_object (&self->chooser);
}

static void
open_database_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  CrmWindow *self = CRM_WINDOW (widget);

  if (self->chooser != NULL)
    return;

  choose_database (self, _("Open Showroom Database"), _("_Open"), _("Showroom databases"), NULL,
                   G_CALLBACK (on_chooser_response_cb));
}

/* (server address, or "" for none): the connect page, filled in from
 * the address when there is one */
static void
connect_server_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  CrmWindow *self = CRM_WINDOW (widget);
  const char *uri = g_variant_get_string (parameter, NULL);
  const char *current = NULL;
  g_autofree char *message = NULL;

  if (*uri == '\0' && self->context != NULL)
    current = crm_store_get_path (crm_context_get_store (self->context));
  else if (*uri == '\0' && self->error_path != NULL)
    current = self->error_path;
  if (*uri != '\0')
    current = uri;
  if (current != NULL && !crm_store_is_server (current))
    current = NULL;
  /* The error page's message stays visible above the fields */
  if (current != NULL && self->context == NULL && self->error_message != NULL)
    message = g_strdup (self->error_message);
  gtk_window_present (GTK_WINDOW (crm_connect_dialog_new (GTK_WINDOW (self), current, message)));
}

/* This window's showroom file, copied to a server by the page that
 * then lets this desktop go on there */
static void
move_to_server_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  CrmWindow *self = CRM_WINDOW (widget);

  if (self->context == NULL || on_server (self))
    return;
  gtk_window_present (GTK_WINDOW (crm_connect_dialog_new_move (GTK_WINDOW (self), showroom_path (self))));
}

/* Built when asked for: GtkApplicationWindow's automatic help overlay
 * would build it with every window, before the window maps */
static void
show_shortcuts_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource (RESOURCE_PREFIX "/crm-shortcuts-window.ui");
  GtkWindow *shortcuts = GTK_WINDOW (gtk_builder_get_object (builder, "shortcuts_window"));

  gtk_window_set_transient_for (shortcuts, GTK_WINDOW (widget));
  gtk_window_present (shortcuts);
}

/* New customer and search both act on the Customers page, and only from
 * the main view (not set-up or the identity chooser) */
static gboolean
raise_customers_page (CrmWindow *self)
{
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "main") != 0)
    return FALSE;

  adw_view_stack_set_visible_child_name (self->view_stack, "customers");
  return TRUE;
}

static void
new_customer_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  CrmWindow *self = CRM_WINDOW (widget);

  if (raise_customers_page (self))
    crm_customers_page_new_customer (CUSTOMERS_PAGE (self));
}

static gboolean
showing_main (CrmWindow *self)
{
  return self->context != NULL &&
         g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "main") == 0;
}

/* The dialogs the header and the shortcuts open over the main view: one
 * handler, so each needs the same guard and is presented the same way */
static void
present_dialog_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  CrmWindow *self = CRM_WINDOW (widget);
  GtkWindow *parent = GTK_WINDOW (self);
  GtkWindow *dialog;

  if (!showing_main (self))
    return;

  if (g_str_equal (action_name, "win.quick-capture"))
    dialog = GTK_WINDOW (crm_new_customer_dialog_new_quick (parent, self->context));
  else if (g_str_equal (action_name, "win.import-leads"))
    dialog = GTK_WINDOW (crm_import_dialog_new (parent, self->context));
  else if (g_str_equal (action_name, "win.traffic"))
    dialog = GTK_WINDOW (crm_traffic_dialog_new (parent, self->context));
  else if (g_str_equal (action_name, "win.public-pool"))
    dialog = GTK_WINDOW (crm_pool_dialog_new (parent, self->context));
  else
    g_assert_not_reached ();

  gtk_window_present (dialog);
  if (CRM_IS_IMPORT_DIALOG (dialog))
    crm_import_dialog_choose_file (CRM_IMPORT_DIALOG (dialog));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CrmWindow *self = CRM_WINDOW (widget);

  if (raise_customers_page (self))
    crm_customers_page_focus_search (CUSTOMERS_PAGE (self));
}

static void
preferences_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CrmWindow *self = CRM_WINDOW (widget);
  CrmPreferencesWindow *prefs;

  if (self->context == NULL || crm_store_needs_setup (crm_context_get_store (self->context)))
    return;
  prefs = crm_preferences_window_new (GTK_WINDOW (self), self->context);
  gtk_window_present (GTK_WINDOW (prefs));
}

/* Actions the pages and dialogs raise: they know this window only as the
 * place their actions go, never by its type */

static void
show_customer_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  CrmWindow *self = CRM_WINDOW (widget);
  const char *path;

  if (self->context == NULL)
    return;
  path = crm_store_get_path (crm_context_get_store (self->context));
  if (path != NULL)
    gtk_widget_activate_action (widget, "app.show-customer", "(sx)", path, g_variant_get_int64 (parameter));
}

static void
toast_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  CrmWindow *self = CRM_WINDOW (widget);

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (g_variant_get_string (parameter, NULL)));
}

static void
on_undo_delete_customer_cb (AdwToast *toast,
                            gpointer  user_data)
{
  CrmStore *store = g_object_get_data (G_OBJECT (toast), "store");
  gint64 id = *(gint64 *) user_data;
  g_autoptr(GError) error = NULL;

  if (!crm_customer_store_restore (crm_store_get_customer_store (store), id, &error))
    g_warning ("Could not undo the deletion: %s", error->message);
}

/* (id, name): a customer was deleted, here or in their own window; the
 * Undo lives here, as this window stays open */
static void
toast_customer_deleted_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  CrmWindow *self = CRM_WINDOW (widget);
  g_autofree char *title = NULL;
  const char *name;
  AdwToast *toast;
  gint64 *id;

  if (self->context == NULL)
    return;

  id = g_new (gint64, 1);
  g_variant_get (parameter, "(x&s)", id, &name);
  title = g_strdup_printf (_("Deleted %s"), name);
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_object_set_data_full (G_OBJECT (toast), "store",
                          g_object_ref (crm_context_get_store (self->context)), g_object_unref);
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (on_undo_delete_customer_cb),
                         id, (GClosureNotify) (void (*) (void)) g_free, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
on_undo_deal_move_cb (CrmWindow *self,
                      AdwToast  *toast)
{
  GtkWidget *page = adw_bin_get_child (self->pipeline_bin);

  if (page != NULL)
    crm_pipeline_page_undo (CRM_PIPELINE_PAGE (page));
}

/* The board moved a deal: its toast (the title says which) offers Undo */
static void
toast_deal_moved_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  CrmWindow *self = CRM_WINDOW (widget);
  AdwToast *toast = adw_toast_new (g_variant_get_string (parameter, NULL));

  adw_toast_set_button_label (toast, _("_Undo"));
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_undo_deal_move_cb), self, G_CONNECT_SWAPPED);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* (file, check): the import dialog at its mapping step for a file, and
 * with check, straight on to a dry run (the README screenshots) */
static void
import_file_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CrmWindow *self = CRM_WINDOW (widget);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  CrmImportDialog *dialog;
  const char *path;
  gboolean check;

  if (!showing_main (self))
    return;

  g_variant_get (parameter, "(&sb)", &path, &check);
  file = g_file_new_for_commandline_arg (path);
  dialog = crm_import_dialog_new (GTK_WINDOW (self), self->context);
  if (!crm_import_dialog_load_file (dialog, file, &error))
    g_warning ("%s", error->message);
  gtk_window_present (GTK_WINDOW (dialog));
  if (error == NULL && check)
    crm_import_dialog_start (dialog, TRUE);
}

/* GObject */

static void
save_window_state (CrmWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  g_autoptr(GSettings) settings = NULL;
  int width, height;

  if (app == NULL)
    return;

  settings = g_settings_new (APP_ID);
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "main") == 0)
    g_settings_set_string (settings, "last-view", adw_view_stack_get_visible_child_name (self->view_stack));
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set_boolean (settings, "window-maximized", gtk_window_is_maximized (GTK_WINDOW (self)));
  if (!gtk_window_is_maximized (GTK_WINDOW (self)))
    {
      g_settings_set_int (settings, "window-width", width);
      g_settings_set_int (settings, "window-height", height);
    }
}

static gboolean
crm_window_close_request (GtkWindow *window)
{
  save_window_state (CRM_WINDOW (window));
  return GTK_WINDOW_CLASS (crm_window_parent_class)->close_request (window);
}

static void
crm_window_constructed (GObject *object)
{
  CrmWindow *self = (CrmWindow *) object;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  G_OBJECT_CLASS (crm_window_parent_class)->constructed (object);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (settings, "window-width"),
                               g_settings_get_int (settings, "window-height"));
  if (g_settings_get_boolean (settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  if (self->context != NULL)
    {
      g_signal_connect_object (self->context, "notify::current-staff",
                               G_CALLBACK (on_context_notify_current_staff_cb),
                               self, G_CONNECT_SWAPPED);
      show_start (self);
    }
}

static void
crm_window_dispose (GObject *object)
{
  CrmWindow *self = (CrmWindow *) object;

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_handle_id (&self->switcher_bar_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), CRM_TYPE_WINDOW);
  g_clear_handle_id (&self->scheduler_source, g_source_remove);
  g_clear_handle_id (&self->backup_source, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->error_path, g_free);
  g_clear_pointer (&self->error_message, g_free);
  g_clear_pointer (&self->newest_good, g_free);
  g_clear_object (&self->lead_scheduler);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (crm_window_parent_class)->dispose (object);
}

static void
crm_window_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  CrmWindow *self = CRM_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_window_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  CrmWindow *self = CRM_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* Ctrl+B books a test drive from any view (reception's most frequent
 * job), not only while the calendar has the focus */
static void
new_booking_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CrmWindow *self = CRM_WINDOW (widget);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->view_stack)) ||
      adw_view_stack_get_child_by_name (self->view_stack, "calendar") == NULL)
    return;
  adw_view_stack_set_visible_child_name (self->view_stack, "calendar");
  crm_calendar_page_new_booking (CALENDAR_PAGE (self), 0, 0, 0);
}

/* Alt+1 … Alt+5, as GNOME applications switch their views: the views in
 * the order the switcher shows them */
static void
show_view_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CrmWindow *self = CRM_WINDOW (widget);
  const char *name = g_variant_get_string (parameter, NULL);

  if (gtk_widget_get_visible (GTK_WIDGET (self->view_stack)) &&
      adw_view_stack_get_child_by_name (self->view_stack, name) != NULL)
    adw_view_stack_set_visible_child_name (self->view_stack, name);
}

static void
crm_window_class_init (CrmWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = crm_window_constructed;
  object_class->dispose = crm_window_dispose;
  object_class->get_property = crm_window_get_property;
  object_class->set_property = crm_window_set_property;
  window_class->close_request = crm_window_close_request;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, CRM_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (CRM_TYPE_NOTICES_BUTTON);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/crm-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CrmWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CrmWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, CrmWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, CrmWindow, main_box);
  gtk_widget_class_bind_template_child (widget_class, CrmWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, CrmWindow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, CrmWindow, primary_menu);
  gtk_widget_class_bind_template_child (widget_class, CrmWindow, customers_bin);
  gtk_widget_class_bind_template_child (widget_class, CrmWindow, pipeline_bin);
  gtk_widget_class_bind_template_child (widget_class, CrmWindow, my_day_bin);
  gtk_widget_class_bind_template_child (widget_class, CrmWindow, calendar_bin);
  gtk_widget_class_bind_template_child (widget_class, CrmWindow, dashboard_bin);
  gtk_widget_class_bind_template_child (widget_class, CrmWindow, user_label);
  gtk_widget_class_bind_template_child (widget_class, CrmWindow, notices_button);
  gtk_widget_class_bind_template_child (widget_class, CrmWindow, damage_revealer);
  gtk_widget_class_bind_template_child (widget_class, CrmWindow, offline_revealer);
  gtk_widget_class_bind_template_child (widget_class, CrmWindow, busy_revealer);
  gtk_widget_class_bind_template_child (widget_class, CrmWindow, busy_spinner);
  gtk_widget_class_bind_template_child (widget_class, CrmWindow, busy_label);
  gtk_widget_class_bind_template_child (widget_class, CrmWindow, backup_section);

  gtk_widget_class_install_action (widget_class, "win.switch-user", NULL, switch_user_action);
  gtk_widget_class_install_action (widget_class, "win.show-shortcuts", NULL, show_shortcuts_action);
  gtk_widget_class_install_action (widget_class, "win.open-database", NULL, open_database_action);
  gtk_widget_class_install_action (widget_class, "win.connect-server", "s", connect_server_action);
  gtk_widget_class_install_action (widget_class, "win.reconnect", NULL, reconnect_action);
  gtk_widget_class_install_action (widget_class, "win.move-to-server", NULL, move_to_server_action);
  gtk_widget_class_install_action (widget_class, "win.new-customer", NULL, new_customer_action);
  gtk_widget_class_install_action (widget_class, "win.show-view", "s", show_view_action);
  gtk_widget_class_install_action (widget_class, "win.new-booking", NULL, new_booking_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_b, GDK_CONTROL_MASK, "win.new-booking", NULL);
  {
    static const char *const views[] = { "my-day", "pipeline", "customers", "calendar", "dashboard" };

    for (guint i = 0; i < G_N_ELEMENTS (views); i++)
      gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_ALT_MASK, "win.show-view",
                                           "s", views[i]);
  }
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.quick-capture", NULL, present_dialog_action);
  gtk_widget_class_install_action (widget_class, "win.import-leads", NULL, present_dialog_action);
  gtk_widget_class_install_action (widget_class, "win.traffic", NULL, present_dialog_action);
  gtk_widget_class_install_action (widget_class, "win.public-pool", NULL, present_dialog_action);
  gtk_widget_class_install_action (widget_class, "win.preferences", NULL, preferences_action);
  gtk_widget_class_install_action (widget_class, "win.show-customer", "x", show_customer_action);
  gtk_widget_class_install_action (widget_class, "win.toast", "s", toast_action);
  gtk_widget_class_install_action (widget_class, "win.toast-customer-deleted", "(xs)",
                                   toast_customer_deleted_action);
  gtk_widget_class_install_action (widget_class, "win.toast-deal-moved", "s", toast_deal_moved_action);
  gtk_widget_class_install_action (widget_class, "win.import-file", "(sb)", import_file_action);
  gtk_widget_class_install_action (widget_class, "win.backup-now", NULL, backup_now_action);
  gtk_widget_class_install_action (widget_class, "win.restore", NULL, restore_action);
  gtk_widget_class_install_action (widget_class, "win.restore-newest", NULL, restore_newest_action);
}

/* The main menu's popover is made when it is first opened (F10 too) */
static void
create_primary_menu (GtkMenuButton *button,
                     gpointer       user_data)
{
  CrmWindow *self = user_data;

  gtk_menu_button_set_menu_model (button, self->primary_menu);
  gtk_menu_button_set_create_popup_func (button, NULL, NULL, NULL);
}

/* The view switcher at the bottom is only used in a narrow window: it is
 * made the first time the header's switcher gives way to the title. That
 * happens while the header is being laid out, when the box around it must
 * not get a new child: the bar is added just after. */
static gboolean
add_switcher_bar_cb (gpointer user_data)
{
  CrmWindow *self = user_data;

  self->switcher_bar_source = 0;
  if (self->switcher_bar != NULL)
    return G_SOURCE_REMOVE;

  self->switcher_bar = adw_view_switcher_bar_new ();
  adw_view_switcher_bar_set_stack (ADW_VIEW_SWITCHER_BAR (self->switcher_bar), self->view_stack);
  g_object_bind_property (self->switcher_title, "title-visible", self->switcher_bar, "reveal",
                          G_BINDING_SYNC_CREATE);
  gtk_box_append (self->main_box, self->switcher_bar);
  return G_SOURCE_REMOVE;
}

static void
on_switcher_title_visible_cb (CrmWindow *self)
{
  if (self->switcher_bar == NULL && self->switcher_bar_source == 0 &&
      adw_view_switcher_title_get_title_visible (self->switcher_title))
    /* before the next frame */
    self->switcher_bar_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE, add_switcher_bar_cb, self, NULL);
}

static void
crm_window_init (CrmWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.restore", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.backup-now", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.restore-newest", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.move-to-server", FALSE);
  gtk_menu_button_set_create_popup_func (self->menu_button, create_primary_menu, self, NULL);
  g_signal_connect_swapped (self->switcher_title, "notify::title-visible",
                            G_CALLBACK (on_switcher_title_visible_cb), self);
  g_signal_connect_swapped (self->view_stack, "notify::visible-child",
                            G_CALLBACK (on_view_stack_visible_child_cb), self);
}

/**
 * crm_window_new:
 * @context: (nullable): the database's context, %NULL when it could not
 *   be opened (then call crm_window_show_error())
 */
CrmWindow *
crm_window_new (GtkApplication *application,
                CrmContext     *context)
{
  return g_object_new (CRM_TYPE_WINDOW,
                       "application", application,
                       "context", context,
                       NULL);
}

CrmContext *
crm_window_get_context (CrmWindow *self)
{
  g_return_val_if_fail (CRM_IS_WINDOW (self), NULL);
  return self->context;
}

void
crm_window_show_error (CrmWindow    *self,
                       const char   *path,
                       const GError *error)
{
  g_autofree char *description = NULL;
  g_autofree char *escaped_message = NULL;
  g_autofree char *escaped_path = NULL;

  g_return_if_fail (CRM_IS_WINDOW (self));

  ensure_page (self, "error");
  escaped_message = g_markup_escape_text (error ? error->message : "", -1);
  escaped_path = g_markup_escape_text (path ? path : "", -1);
  description = g_strdup_printf ("%s\n\n<small>%s</small>", escaped_message, escaped_path);
  adw_status_page_set_description (self->error_page, description);
  gtk_stack_set_visible_child_name (self->stack, "error");

  /* A damaged, cut-off or newer file: the newest good backup may be the
   * way back (kept aside, the refused file is not lost) */
  g_free (self->error_path);
  self->error_path = path ? crm_store_canonical_location (path) : NULL;
  g_free (self->error_message);
  self->error_message = g_strdup (error ? error->message : NULL);

  /* A server that wants a password (none kept, or a wrong one): the
   * connect page at once, over the error page */
  if (path != NULL && crm_store_is_server (path))
    {
      if (g_error_matches (error, CRM_ERROR, CRM_ERROR_AUTHENTICATION))
        gtk_widget_activate_action (GTK_WIDGET (self), "win.connect-server", "s", path);
      return;
    }

  if (error != NULL && error->domain == CRM_ERROR &&
      (error->code == CRM_ERROR_CORRUPT || error->code == CRM_ERROR_NOT_A_DATABASE ||
       error->code == CRM_ERROR_TOO_NEW))
    find_newest_good (self);
}

void
crm_window_add_toast (CrmWindow *self,
                      AdwToast  *toast)
{
  g_return_if_fail (CRM_IS_WINDOW (self));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* For tests and the benchmark: "error", "setup", "identity" or "main" */
const char *
crm_window_get_state (CrmWindow *self)
{
  g_return_val_if_fail (CRM_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

GtkWidget *
crm_window_get_customers_page (CrmWindow *self)
{
  g_return_val_if_fail (CRM_IS_WINDOW (self), NULL);
  return GTK_WIDGET (CUSTOMERS_PAGE (self));
}

GtkWidget *
crm_window_get_setup_page (CrmWindow *self)
{
  g_return_val_if_fail (CRM_IS_WINDOW (self), NULL);
  return self->setup_page ? GTK_WIDGET (self->setup_page) : NULL;
}

GtkWidget *
crm_window_get_pipeline_page (CrmWindow *self)
{
  g_return_val_if_fail (CRM_IS_WINDOW (self), NULL);
  return GTK_WIDGET (PIPELINE_PAGE (self));
}

/**
 * crm_window_show_view:
 * @name: "pipeline", "customers", "calendar" or "dashboard"
 */
void
crm_window_show_view (CrmWindow  *self,
                      const char *name)
{
  g_return_if_fail (CRM_IS_WINDOW (self));
  adw_view_stack_set_visible_child_name (self->view_stack, name);
}

GtkWidget *
crm_window_get_my_day_page (CrmWindow *self)
{
  g_return_val_if_fail (CRM_IS_WINDOW (self), NULL);
  return GTK_WIDGET (MY_DAY_PAGE (self));
}

/**
 * crm_window_show_my_day:
 *
 * Switches to the My Day view (a reminder summary's default action).
 */
void
crm_window_show_my_day (CrmWindow *self)
{
  g_return_if_fail (CRM_IS_WINDOW (self));

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "main") == 0)
    adw_view_stack_set_visible_child_name (self->view_stack, "my-day");
}

/**
 * crm_window_show_calendar_day:
 * @at: a time on the day to show
 *
 * Switches to the Test Drives view in day mode on the day of @at (a
 * test-drive reminder's button).
 */
void
crm_window_show_calendar_day (CrmWindow *self,
                              gint64     at)
{
  g_autoptr(GDateTime) day = NULL;
  CrmCalendarView *view;

  g_return_if_fail (CRM_IS_WINDOW (self));

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "main") != 0)
    return;
  adw_view_stack_set_visible_child_name (self->view_stack, "calendar");
  view = crm_calendar_page_get_view (CALENDAR_PAGE (self));
  day = g_date_time_new_from_unix_local (at);
  crm_calendar_view_set_mode (view, CRM_CALENDAR_MODE_DAY);
  crm_calendar_view_set_date (view, day);
}
