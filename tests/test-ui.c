/* test-ui.c: the main window and the customer window, driven as a person would
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under Xvfb in a private D-Bus session (build-aux/run-tests.sh) with
 * GTK_A11Y=test, so the accessibility assertions are real.
 */
#include <adwaita.h>
#include <glib/gstdio.h>

#include "crm-booking-dialog.h"
#include "crm-calendar-page.h"
#include "crm-customer-window.h"
#include "crm-conflict-dialog.h"
#include "crm-customers-page.h"
#include "crm-dashboard-page.h"
#include "crm-demo.h"
#include "crm-error.h"
#include "crm-phone.h"
#include "crm-pipeline-column.h"
#include "crm-pipeline-page.h"
#include "crm-setup-page.h"
#include "crm-test-util.h"
#include "crm-window.h"

#define NOW 1795665600 /* 2026-11-26 12:00 in Asia/Shanghai */

typedef struct
{
  char       *dir;
  char       *path;
  CrmStore   *store;
  CrmContext *context;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmClock) clock = crm_clock_new_fixed (NOW);
  g_autoptr(GSettings) settings = g_settings_new ("io.github.showroomcrm.Showroom");
  guint n_customers = GPOINTER_TO_UINT (data);

  fixture->dir = g_dir_make_tmp ("showroom-ui-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "showroom.db", NULL);
  fixture->store = crm_store_open (fixture->path, clock, &error);
  g_assert_no_error (error);

  if (n_customers > 0)
    {
      crm_demo_generate (fixture->store, n_customers, n_customers * 4, 7, &error);
      g_assert_no_error (error);
    }

  g_settings_set_int64 (settings, "current-staff-id", 0);
  fixture->context = crm_context_new (fixture->store, settings);
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_object (&fixture->context);
  g_clear_object (&fixture->store);
  remove_dir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static gboolean
timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Spins the main loop until @done returns TRUE; fails after 10 s */
static void
wait_until (gboolean (*done) (gpointer),
            gpointer  data)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (10, timeout_cb, &timed_out);

  while (!done (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  g_assert_false (timed_out);
  g_source_remove (id);
}

static gboolean
list_idle (gpointer data)
{
  return !crm_customer_list_get_loading (CRM_CUSTOMER_LIST (data));
}

static void
wait_for_list (CrmCustomerList *list)
{
  wait_until (list_idle, list);
}

static void
spin (guint ms)
{
  gboolean timed_out = FALSE;

  g_timeout_add (ms, timeout_cb, &timed_out);
  while (!timed_out)
    g_main_context_iteration (NULL, TRUE);
}

/* Is there a label showing @text inside @widget? (what a person sees) */
static gboolean
find_label (GtkWidget  *widget,
            const char *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
      g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0)
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    if (find_label (child, text))
      return TRUE;

  return FALSE;
}

static CrmCustomersPage *
open_main_window (Fixture    *fixture,
                  CrmWindow **out_window)
{
  CrmWindow *window;
  CrmCustomersPage *page;

  window = crm_window_new (NULL, fixture->context);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_cmpstr (crm_window_get_state (window), ==, "main");

  crm_window_show_view (window, "customers");
  page = CRM_CUSTOMERS_PAGE (crm_window_get_customers_page (window));
  wait_for_list (crm_customers_page_get_list (page));
  spin (100);
  *out_window = window;
  return page;
}

static void
test_window_lists_customers (Fixture       *fixture,
                             gconstpointer  data)
{
  CrmWindow *window = NULL;
  CrmCustomersPage *page = open_main_window (fixture, &window);
  CrmCustomerList *list = crm_customers_page_get_list (page);
  g_autoptr(CrmCustomer) first = NULL;

  /* The demo opens as its manager, who sees everyone's customers */
  g_assert_nonnull (crm_context_get_current_staff (fixture->context));
  g_assert_true (crm_context_is_manager (fixture->context));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 120);
  g_assert_true (find_label (GTK_WIDGET (window), "120 customers"));

  /* The first row is drawn, with the name of the first customer by pinyin */
  first = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_true (find_label (GTK_WIDGET (crm_customers_page_get_view (page)),
                             crm_customer_get_name (first)));

  /* Accessible names where there is no visible label */
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (crm_customers_page_get_view (page)),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Customers");

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_search_finds_rows (Fixture       *fixture,
                        gconstpointer  data)
{
  CrmWindow *window = NULL;
  CrmCustomersPage *page = open_main_window (fixture, &window);
  CrmCustomerList *list = crm_customers_page_get_list (page);
  g_autoptr(CrmCustomer) target = crm_customer_store_get (crm_store_get_customer_store (fixture->store), 42, NULL);
  g_autofree char *fragment = NULL;
  g_autofree char *formatted = NULL;

  g_assert_nonnull (target);
  /* Seven digits from the middle of the number */
  fragment = g_strndup (crm_customer_get_phone (target) + 3, 7);
  gtk_editable_set_text (crm_customers_page_get_search_entry (page), fragment);
  spin (300);   /* the search entry waits for typing to pause */
  wait_for_list (list);
  spin (100);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), >=, 1);
  g_assert_cmpuint (crm_customer_list_find (list, 42), !=, G_MAXUINT);
  formatted = crm_phone_format (crm_customer_get_phone (target));
  g_assert_true (find_label (GTK_WIDGET (crm_customers_page_get_view (page)), formatted));

  /* Nothing matches: the empty state says so */
  gtk_editable_set_text (crm_customers_page_get_search_entry (page), "xqxqxq");
  spin (300);
  wait_for_list (list);
  spin (50);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  g_assert_true (find_label (GTK_WIDGET (window), "No Matching Customers"));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* On a server the views read in worker threads: the customer list's rows
 * are handed out empty and filled in place, the customer window opens
 * once its customer is read and follows changes the same way. A file
 * store is asked to read that way here (the server's tests cover the
 * server's reads). */
static GtkWindow *
find_customer_window (gint64 customer_id)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l; l = l->next)
    if (CRM_IS_CUSTOMER_WINDOW (l->data) &&
        crm_customer_window_get_customer_id (l->data) == customer_id)
      return l->data;
  return NULL;
}

static void
test_background_reads (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmCustomer) stored = NULL;
  CrmWindow *window = NULL;
  CrmCustomersPage *page;
  CrmCustomerList *list;
  GtkWindow *detail;
  GtkWidget *city_row;
  gint64 deadline;

  crm_store_set_background_reads (fixture->store, TRUE);
  page = open_main_window (fixture, &window);
  list = crm_customers_page_get_list (page);
  wait_for_list (list);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (crm_customer_list_is_reading_rows (list) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  spin (100);
  g_assert_false (crm_customer_list_is_reading_rows (list));
  {
    g_autoptr(CrmCustomer) row = g_list_model_get_item (G_LIST_MODEL (list), 0);
    g_assert_nonnull (crm_customer_get_name (row));
  }

  /* The window comes once the customer is read, not before */
  crm_customer_window_open (NULL, fixture->context, 7);
  g_assert_null (find_customer_window (7));
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while ((detail = find_customer_window (7)) == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (detail);
  stored = crm_customer_store_get (crm_store_get_customer_store (fixture->store), 7, NULL);
  g_assert_cmpstr (gtk_window_get_title (detail), ==, crm_customer_get_name (stored));

  /* Opened again: the same window */
  crm_customer_window_open (NULL, fixture->context, 7);
  crm_test_assert_cmpptr (find_customer_window (7), ==, detail);

  /* Changed elsewhere: read again in the background, shown */
  crm_customer_set_city (stored, "苏州");
  g_assert_true (crm_customer_store_update (crm_store_get_customer_store (fixture->store), stored, &error));
  g_assert_no_error (error);
  city_row = (GtkWidget *) gtk_widget_get_template_child (GTK_WIDGET (detail), CRM_TYPE_CUSTOMER_WINDOW, "city_row");
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (city_row)), "苏州") != 0 &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (city_row)), ==, "苏州");

  gtk_window_destroy (detail);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_edit_in_detail_window (Fixture       *fixture,
                            gconstpointer  data)
{
  CrmWindow *window = NULL;
  CrmCustomersPage *page = open_main_window (fixture, &window);
  CrmCustomerList *list = crm_customers_page_get_list (page);
  g_autoptr(CrmCustomer) stored = NULL;
  g_autoptr(CrmCustomer) before = crm_customer_store_get (crm_store_get_customer_store (fixture->store), 7, NULL);
  GtkWindow *detail;
  GtkWidget *name_row, *phone_row;
  guint position;

  detail = crm_customer_window_new (NULL, fixture->context, 7);
  g_assert_nonnull (detail);
  gtk_window_present (detail);
  spin (100);

  /* The rows are found the way a screen reader would: by their titles */
  name_row = (GtkWidget *) gtk_widget_get_template_child (GTK_WIDGET (detail), CRM_TYPE_CUSTOMER_WINDOW, "name_row");
  phone_row = (GtkWidget *) gtk_widget_get_template_child (GTK_WIDGET (detail), CRM_TYPE_CUSTOMER_WINDOW, "phone_row");
  g_assert_nonnull (name_row);
  g_assert_nonnull (phone_row);

  /* Typing a new name saves it without a Save button … */
  gtk_editable_set_text (GTK_EDITABLE (name_row), "欧阳测试");
  spin (700);
  stored = crm_customer_store_get (crm_store_get_customer_store (fixture->store), 7, NULL);
  g_assert_cmpstr (crm_customer_get_name (stored), ==, "欧阳测试");
  g_assert_null (crm_customer_window_get_message (CRM_CUSTOMER_WINDOW (detail)));

  /* … and the Customers view shows it at once, sorted by pinyin */
  wait_for_list (list);
  spin (100);
  position = crm_customer_list_find (list, 7);
  g_assert_cmpuint (position, !=, G_MAXUINT);
  {
    g_autoptr(CrmCustomer) row = g_list_model_get_item (G_LIST_MODEL (list), position);
    g_assert_cmpstr (crm_customer_get_name (row), ==, "欧阳测试");
  }

  /* A malformed phone is explained and not stored */
  gtk_editable_set_text (GTK_EDITABLE (phone_row), "138 0013");
  g_assert_false (crm_customer_window_save_now (CRM_CUSTOMER_WINDOW (detail)));
  g_assert_nonnull (crm_customer_window_get_message (CRM_CUSTOMER_WINDOW (detail)));
  g_assert_true (gtk_widget_has_css_class (phone_row, "error"));
  g_clear_object (&stored);
  stored = crm_customer_store_get (crm_store_get_customer_store (fixture->store), 7, NULL);
  g_assert_cmpstr (crm_customer_get_phone (stored), ==, crm_customer_get_phone (before));

  /* Put right, it saves and the mark goes */
  gtk_editable_set_text (GTK_EDITABLE (phone_row), "+86 139-1111-2222");
  g_assert_true (crm_customer_window_save_now (CRM_CUSTOMER_WINDOW (detail)));
  g_assert_false (gtk_widget_has_css_class (phone_row, "error"));
  g_clear_object (&stored);
  stored = crm_customer_store_get (crm_store_get_customer_store (fixture->store), 7, NULL);
  g_assert_cmpstr (crm_customer_get_phone (stored), ==, "13911112222");

  gtk_window_destroy (detail);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Another desktop saves the customer while this window is being edited:
 * a field only it changed is taken over silently; when both changed the
 * same field, the window asks which to keep, and keeps what was typed
 * meanwhile */
static void
test_customer_conflict (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(CrmClock) clock = crm_clock_new_fixed (g_get_real_time () / G_USEC_PER_SEC);
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmStore) other = crm_store_open (fixture->path, clock, &error);
  g_autoptr(CrmCustomer) theirs = NULL;
  g_autoptr(CrmCustomer) stored = NULL;
  GtkWindow *detail;
  GtkWidget *name_row, *city_row;
  GtkWindow *dialog = NULL;

  g_assert_no_error (error);
  detail = crm_customer_window_new (NULL, fixture->context, 7);
  gtk_window_present (detail);
  spin (100);
  name_row = (GtkWidget *) gtk_widget_get_template_child (GTK_WIDGET (detail), CRM_TYPE_CUSTOMER_WINDOW, "name_row");
  city_row = (GtkWidget *) gtk_widget_get_template_child (GTK_WIDGET (detail), CRM_TYPE_CUSTOMER_WINDOW, "city_row");
  g_assert_nonnull (city_row);

  /* Typing here, while the other desktop changes the city */
  gtk_editable_set_text (GTK_EDITABLE (name_row), "上官测试");
  theirs = crm_customer_store_get (crm_store_get_customer_store (other), 7, NULL);
  crm_customer_set_city (theirs, "珠海");
  g_assert_true (crm_customer_store_update (crm_store_get_customer_store (other), theirs, &error));
  g_assert_no_error (error);

  /* Merged without a question: both changes stored and shown */
  g_assert_true (crm_customer_window_save_now (CRM_CUSTOMER_WINDOW (detail)));
  stored = crm_customer_store_get (crm_store_get_customer_store (fixture->store), 7, NULL);
  g_assert_cmpstr (crm_customer_get_name (stored), ==, "上官测试");
  g_assert_cmpstr (crm_customer_get_city (stored), ==, "珠海");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (city_row)), ==, "珠海");

  /* Both change the name: nothing is saved until the person chooses */
  gtk_editable_set_text (GTK_EDITABLE (name_row), "上官甲");
  g_clear_object (&theirs);
  theirs = crm_customer_store_get (crm_store_get_customer_store (other), 7, NULL);
  crm_customer_set_name (theirs, "上官乙");
  g_assert_true (crm_customer_store_update (crm_store_get_customer_store (other), theirs, &error));
  g_assert_false (crm_customer_window_save_now (CRM_CUSTOMER_WINDOW (detail)));
  spin (100);
  for (GList *l = gtk_window_list_toplevels (); l != NULL; l = g_list_delete_link (l, l))
    if (CRM_IS_CONFLICT_DIALOG (l->data))
      dialog = l->data;
  g_assert_nonnull (dialog);
  g_clear_object (&stored);
  stored = crm_customer_store_get (crm_store_get_customer_store (fixture->store), 7, NULL);
  g_assert_cmpstr (crm_customer_get_name (stored), ==, "上官乙");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (name_row)), ==, "上官甲");

  /* Keeping one's own (pre-selected) saves it over theirs */
  crm_conflict_dialog_save (CRM_CONFLICT_DIALOG (dialog));
  spin (100);
  g_clear_object (&stored);
  stored = crm_customer_store_get (crm_store_get_customer_store (fixture->store), 7, NULL);
  g_assert_cmpstr (crm_customer_get_name (stored), ==, "上官甲");
  g_assert_cmpstr (crm_customer_get_city (stored), ==, "珠海");

  gtk_window_destroy (detail);
}

static void
test_delete_and_undo (Fixture       *fixture,
                      gconstpointer  data)
{
  CrmWindow *window = NULL;
  CrmCustomersPage *page = open_main_window (fixture, &window);
  CrmCustomerList *list = crm_customers_page_get_list (page);
  g_autoptr(CrmCustomer) first = g_list_model_get_item (G_LIST_MODEL (list), 0);
  gint64 id = crm_customer_get_id (first);

  gtk_selection_model_select_item (GTK_SELECTION_MODEL (crm_customers_page_get_selection (page)), 0, TRUE);
  g_assert_true (crm_customers_page_delete_selected (page));
  wait_for_list (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 119);
  g_assert_cmpuint (crm_customer_list_find (list, id), ==, G_MAXUINT);
  g_assert_true (find_label (GTK_WIDGET (window), "119 customers"));

  /* The toast's Undo restores the same customer */
  g_assert_true (crm_customer_store_restore (crm_store_get_customer_store (fixture->store), id, NULL));
  wait_for_list (list);
  g_assert_cmpuint (crm_customer_list_find (list, id), ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_first_start (Fixture       *fixture,
                  gconstpointer  data)
{
  CrmWindow *window = crm_window_new (NULL, fixture->context);
  CrmSetupPage *setup = CRM_SETUP_PAGE (crm_window_get_setup_page (window));
  g_autoptr(GListModel) staff = NULL;

  gtk_window_present (GTK_WINDOW (window));
  g_assert_cmpstr (crm_window_get_state (window), ==, "setup");

  /* No manager name: refused with a message, nothing stored */
  crm_setup_page_fill (setup, "广汽丰田 测试店", "");
  crm_setup_page_start (setup);
  g_assert_cmpstr (crm_window_get_state (window), ==, "setup");
  g_assert_true (crm_store_needs_setup (fixture->store));

  crm_setup_page_fill (setup, "广汽丰田 测试店", "王经理");
  crm_setup_page_add_staff (setup, "李顾问", CRM_ROLE_SALES);
  crm_setup_page_add_staff (setup, "赵前台", CRM_ROLE_RECEPTION);
  crm_setup_page_start (setup);

  g_assert_cmpstr (crm_window_get_state (window), ==, "main");
  g_assert_false (crm_store_needs_setup (fixture->store));
  staff = crm_staff_store_list (crm_store_get_staff_store (fixture->store), TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (staff), ==, 3);
  g_assert_cmpstr (crm_staff_get_name (crm_context_get_current_staff (fixture->context)), ==, "王经理");
  g_assert_true (crm_context_is_manager (fixture->context));

  gtk_window_destroy (GTK_WINDOW (window));
}


static void
close_dialogs (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = g_list_model_get_n_items (toplevels); i > 0; i--)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i - 1);

      if (ADW_IS_MESSAGE_DIALOG (window))
        gtk_window_destroy (window);
    }
}

static guint
count_dialogs (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);
      n += ADW_IS_MESSAGE_DIALOG (window);
    }
  return n;
}

static void
test_pipeline_moves (Fixture       *fixture,
                     gconstpointer  data)
{
  CrmWindow *window = NULL;
  CrmPipelinePage *page;
  CrmDealList *leads, *invited, *visited;
  GtkWidget *leads_column, *invited_column, *visited_column;
  g_autoptr(CrmDeal) deal = NULL;
  g_autoptr(CrmDeal) second = NULL;
  g_autofree char *count_text = NULL;
  guint n_leads, n_invited, n_visited;
  gint64 id, history;

  open_main_window (fixture, &window);
  crm_window_show_view (window, "pipeline");
  page = CRM_PIPELINE_PAGE (crm_window_get_pipeline_page (window));
  spin (100);

  leads = crm_pipeline_page_get_list (page, CRM_STAGE_NEW_LEAD);
  invited = crm_pipeline_page_get_list (page, CRM_STAGE_INVITED);
  visited = crm_pipeline_page_get_list (page, CRM_STAGE_VISITED);
  leads_column = crm_pipeline_page_get_column (page, CRM_STAGE_NEW_LEAD);
  invited_column = crm_pipeline_page_get_column (page, CRM_STAGE_INVITED);
  visited_column = crm_pipeline_page_get_column (page, CRM_STAGE_VISITED);
  n_leads = crm_deal_list_get_count (leads);
  n_invited = crm_deal_list_get_count (invited);
  n_visited = crm_deal_list_get_count (visited);
  g_assert_cmpuint (n_leads, >, 1);

  /* The card's "Move to" action, on the selected card */
  deal = g_list_model_get_item (G_LIST_MODEL (leads), 0);
  id = crm_deal_get_id (deal);
  history = crm_deal_store_count_stage_history (crm_store_get_deal_store (fixture->store), id);
  g_assert_true (crm_pipeline_column_focus_deal (CRM_PIPELINE_COLUMN (leads_column), id));
  g_assert_true (gtk_widget_activate_action (leads_column, "card.move", "s", "invited"));
  spin (50);

  g_assert_cmpuint (crm_deal_list_find (leads, id), ==, G_MAXUINT);
  g_assert_cmpuint (crm_deal_list_find (invited, id), !=, G_MAXUINT);
  g_assert_cmpuint (crm_deal_list_get_count (leads), ==, n_leads - 1);
  g_assert_cmpuint (crm_deal_list_get_count (invited), ==, n_invited + 1);
  count_text = g_strdup_printf ("%u", n_invited + 1);
  g_assert_true (find_label (invited_column, count_text));
  g_assert_cmpint (crm_deal_store_count_stage_history (crm_store_get_deal_store (fixture->store), id), ==, history + 1);

  /* Undo moves it back, and is recorded as a move too */
  g_assert_true (crm_pipeline_page_undo (page));
  spin (50);
  g_assert_cmpuint (crm_deal_list_find (leads, id), !=, G_MAXUINT);
  g_assert_cmpuint (crm_deal_list_get_count (invited), ==, n_invited);
  g_assert_cmpint (crm_deal_store_count_stage_history (crm_store_get_deal_store (fixture->store), id), ==, history + 2);

  /* Dropped on the Visited column: the drop handler moves it in the store */
  {
    GtkDropTarget *target = NULL;
    GListModel *controllers = gtk_widget_observe_controllers (visited_column);
    GValue value = G_VALUE_INIT;
    gboolean dropped = FALSE;

    for (guint i = 0; i < g_list_model_get_n_items (controllers) && target == NULL; i++)
      {
        g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);
        if (GTK_IS_DROP_TARGET (controller))
          target = GTK_DROP_TARGET (controller);
      }
    g_object_unref (controllers);
    g_assert_nonnull (target);

    second = crm_deal_store_get (crm_store_get_deal_store (fixture->store), id, NULL);
    g_value_init (&value, CRM_TYPE_DEAL);
    g_value_set_object (&value, second);
    g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &dropped);
    g_value_unset (&value);
    g_assert_true (dropped);
  }
  spin (50);
  g_clear_object (&deal);
  deal = crm_deal_store_get (crm_store_get_deal_store (fixture->store), id, NULL);
  g_assert_cmpint (crm_deal_get_stage (deal), ==, CRM_STAGE_VISITED);
  g_assert_cmpuint (crm_deal_list_find (visited, id), !=, G_MAXUINT);
  g_assert_cmpuint (crm_deal_list_get_count (visited), ==, n_visited + 1);

  /* A gate refuses: nothing moves, the page says what is missing and a
   * dialog offers to record the test drive */
  if (!crm_deal_store_has_test_drive (crm_store_get_deal_store (fixture->store), crm_deal_get_customer_id (deal)))
    {
      g_assert_false (crm_pipeline_page_move (page, id, CRM_STAGE_TEST_DRIVE));
      g_assert_nonnull (crm_pipeline_page_get_message (page));
      g_assert_cmpuint (count_dialogs (), ==, 1);
      close_dialogs ();
      g_clear_object (&deal);
      deal = crm_deal_store_get (crm_store_get_deal_store (fixture->store), id, NULL);
      g_assert_cmpint (crm_deal_get_stage (deal), ==, CRM_STAGE_VISITED);
    }

  /* Moving to Lost asks for the reason first */
  g_assert_false (crm_pipeline_page_move (page, id, CRM_STAGE_LOST));
  g_assert_cmpuint (count_dialogs (), ==, 1);
  close_dialogs ();

  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (crm_pipeline_column_get_view (CRM_PIPELINE_COLUMN (visited_column))),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Visited deals");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The first widget of @type inside @widget (that @match accepts), or NULL */
static GtkWidget *
find_widget_where (GtkWidget *widget,
                   GType      type,
                   gboolean (*match) (GtkWidget *))
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) && (match == NULL || match (widget)))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget_where (child, type, match);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_widget (GtkWidget *widget,
             GType      type)
{
  return find_widget_where (widget, type, NULL);
}

static gboolean
is_primary_menu (GtkWidget *widget)
{
  return gtk_menu_button_get_primary (GTK_MENU_BUTTON (widget));
}

static gboolean
has_switcher_bar (gpointer window)
{
  return find_widget (window, ADW_TYPE_VIEW_SWITCHER_BAR) != NULL;
}

static gboolean
is_archive_button (GtkWidget *widget)
{
  return g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), "_Closed") == 0;
}

/* The closed deals are read the first time the archive is shown, and then
 * follow the board's moves */
static void
test_pipeline_archive (Fixture       *fixture,
                       gconstpointer  data)
{
  CrmWindow *window;
  CrmPipelinePage *page;
  GtkWidget *button;
  CrmDealList *archive;
  gint64 closed = crm_test_file_int (fixture->path,
                                     "SELECT count(*) FROM deal WHERE live"
                                     " AND stage IN ('delivered', 'lost', 'invalid')");
  gint64 id;

  open_main_window (fixture, &window);
  crm_window_show_view (window, "pipeline");
  page = CRM_PIPELINE_PAGE (crm_window_get_pipeline_page (window));
  spin (100);

  /* Not read with the board */
  g_assert_null (crm_pipeline_page_get_list (page, CRM_STAGE_LOST));
  g_assert_cmpint (closed, >, 0);

  button = find_widget_where (GTK_WIDGET (page), GTK_TYPE_TOGGLE_BUTTON, is_archive_button);
  g_assert_nonnull (button);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), TRUE);
  spin (100);
  archive = crm_pipeline_page_get_list (page, CRM_STAGE_LOST);
  g_assert_nonnull (archive);
  g_assert_cmpuint (crm_deal_list_get_count (archive), ==, closed);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (archive)), >, 0);

  /* A deal closed elsewhere joins it */
  id = crm_test_file_int (fixture->path, "SELECT min(id) FROM deal WHERE stage = 'negotiation' AND live");
  g_assert_cmpint (id, >, 0);
  g_assert_true (crm_deal_store_close_lost (crm_store_get_deal_store (fixture->store), id,
                                            CRM_LOST_REASON_PRICE, "太贵", 0, NULL));
  spin (50);
  g_assert_cmpuint (crm_deal_list_get_count (archive), ==, closed + 1);
  g_assert_cmpuint (crm_deal_list_find (archive, id), !=, G_MAXUINT);

  /* Back to the board and again: the same list, kept current */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), FALSE);
  spin (50);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), TRUE);
  spin (50);
  g_assert_true (crm_pipeline_page_get_list (page, CRM_STAGE_LOST) == archive);
  g_assert_cmpuint (crm_deal_list_get_count (archive), ==, closed + 1);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The window builds only the view it shows; the others, the main menu's
 * popover and the narrow window's bottom view switcher when needed */
static void
test_views_built_on_demand (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.showroomcrm.Showroom");
  CrmWindow *window;
  GtkWidget *board, *menu_button, *bar;

  /* Opens on the view used last */
  g_settings_set_string (settings, "last-view", "customers");
  window = crm_window_new (NULL, fixture->context);
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 700);
  gtk_window_present (GTK_WINDOW (window));
  spin (100);
  g_assert_nonnull (find_widget (GTK_WIDGET (window), CRM_TYPE_CUSTOMERS_PAGE));
  g_assert_null (find_widget (GTK_WIDGET (window), CRM_TYPE_PIPELINE_PAGE));
  g_assert_null (find_widget (GTK_WIDGET (window), CRM_TYPE_DASHBOARD_PAGE));
  g_assert_null (find_widget (GTK_WIDGET (window), ADW_TYPE_VIEW_SWITCHER_BAR));

  /* The view switching action Alt+1 … Alt+5 name, in the switcher's order */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "dashboard"));
  spin (100);
  g_assert_nonnull (find_widget (GTK_WIDGET (window), CRM_TYPE_DASHBOARD_PAGE));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "no-such-view"));
  g_assert_true (gtk_widget_get_mapped (find_widget (GTK_WIDGET (window), CRM_TYPE_DASHBOARD_PAGE)));

  /* Ctrl+B's action books from any view: the calendar and New Booking */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-booking", NULL));
  spin (200);
  g_assert_nonnull (find_widget (GTK_WIDGET (window), CRM_TYPE_CALENDAR_PAGE));
  g_assert_true (gtk_widget_get_mapped (find_widget (GTK_WIDGET (window), CRM_TYPE_CALENDAR_PAGE)));
  {
    GtkWidget *booking = NULL;

    for (GList *l = gtk_window_list_toplevels (); l; l = g_list_delete_link (l, l))
      if (CRM_IS_BOOKING_DIALOG (l->data))
        booking = l->data;
    g_assert_nonnull (booking);
    gtk_window_destroy (GTK_WINDOW (booking));
  }

  crm_window_show_view (window, "pipeline");
  spin (100);
  board = find_widget (GTK_WIDGET (window), CRM_TYPE_PIPELINE_PAGE);
  g_assert_nonnull (board);
  g_assert_true (gtk_widget_get_mapped (board));
  crm_test_assert_cmpptr (board, ==, crm_window_get_pipeline_page (window));

  /* The main menu (F10) has its items when opened */
  menu_button = find_widget_where (GTK_WIDGET (window), GTK_TYPE_MENU_BUTTON, is_primary_menu);
  g_assert_nonnull (menu_button);
  g_assert_null (gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (menu_button)));
  gtk_menu_button_popup (GTK_MENU_BUTTON (menu_button));
  spin (100);
  g_assert_nonnull (gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (menu_button)));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (menu_button)))));
  gtk_menu_button_popdown (GTK_MENU_BUTTON (menu_button));
  gtk_window_destroy (GTK_WINDOW (window));

  /* A narrow window switches views from the bar at the bottom */
  window = crm_window_new (NULL, fixture->context);
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 640);
  gtk_window_present (GTK_WINDOW (window));
  wait_until (has_switcher_bar, window);
  bar = find_widget (GTK_WIDGET (window), ADW_TYPE_VIEW_SWITCHER_BAR);
  g_assert_nonnull (bar);
  spin (100);
  g_assert_true (adw_view_switcher_bar_get_reveal (ADW_VIEW_SWITCHER_BAR (bar)));
  g_assert_true (find_label (bar, "Pipeline"));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_error_window (void)
{
  g_autoptr(GError) error = g_error_new_literal (CRM_ERROR, CRM_ERROR_TOO_NEW, "Too new for this Showroom");
  CrmWindow *window = crm_window_new (NULL, NULL);

  crm_window_show_error (window, "/tmp/x.db", error);
  gtk_window_present (GTK_WINDOW (window));
  spin (50);
  g_assert_cmpstr (crm_window_get_state (window), ==, "error");
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/ui/window/lists-customers", Fixture, GUINT_TO_POINTER (120),
              fixture_setup, test_window_lists_customers, fixture_teardown);
  g_test_add ("/ui/window/search", Fixture, GUINT_TO_POINTER (120),
              fixture_setup, test_search_finds_rows, fixture_teardown);
  g_test_add ("/ui/customer-window/edit", Fixture, GUINT_TO_POINTER (120),
              fixture_setup, test_edit_in_detail_window, fixture_teardown);
  g_test_add ("/ui/customer-window/background", Fixture, GUINT_TO_POINTER (120),
              fixture_setup, test_background_reads, fixture_teardown);
  g_test_add ("/ui/customer-window/conflict", Fixture, GUINT_TO_POINTER (120),
              fixture_setup, test_customer_conflict, fixture_teardown);
  g_test_add ("/ui/window/delete-undo", Fixture, GUINT_TO_POINTER (120),
              fixture_setup, test_delete_and_undo, fixture_teardown);
  g_test_add ("/ui/window/first-start", Fixture, GUINT_TO_POINTER (0),
              fixture_setup, test_first_start, fixture_teardown);
  g_test_add ("/ui/pipeline/moves", Fixture, GUINT_TO_POINTER (300),
              fixture_setup, test_pipeline_moves, fixture_teardown);
  g_test_add ("/ui/pipeline/archive", Fixture, GUINT_TO_POINTER (300),
              fixture_setup, test_pipeline_archive, fixture_teardown);
  g_test_add ("/ui/window/views-on-demand", Fixture, GUINT_TO_POINTER (60),
              fixture_setup, test_views_built_on_demand, fixture_teardown);
  g_test_add_func ("/ui/window/error", test_error_window);

  return g_test_run ();
}
