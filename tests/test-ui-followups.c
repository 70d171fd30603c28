/* test-ui-followups.c: My Day, the quick log and Preferences under Xvfb
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "crm-cadence.h"
#include "crm-demo.h"
#include "crm-gui-util.h"
#include "crm-log-dialog.h"
#include "crm-my-day-page.h"
#include "crm-preferences-window.h"
#include "crm-window.h"

/* Tuesday 24 November 2026, 10:30 in Guangzhou */
#define NOW G_GINT64_CONSTANT (1795487400)
#define DAY (24 * 60 * 60)

typedef struct
{
  char       *dir;
  CrmStore   *store;
  CrmContext *context;
  gint64      rep;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmClock) clock = crm_clock_new_fixed (NOW);
  g_autoptr(GSettings) settings = g_settings_new ("io.github.showroomcrm.Showroom");
  g_autofree char *path = NULL;
  g_autoptr(GListModel) staff = NULL;

  f->dir = g_dir_make_tmp ("showroom-ui-followups-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "showroom.db", NULL);
  f->store = crm_store_open (path, clock, &error);
  g_assert_no_error (error);
  crm_demo_generate (f->store, 300, 1200, 7, &error);
  g_assert_no_error (error);
  g_settings_set_int64 (settings, "current-staff-id", 0);
  f->context = crm_context_new (f->store, settings);

  staff = crm_staff_store_list (crm_store_get_staff_store (f->store), TRUE);
  for (guint i = 0; i < g_list_model_get_n_items (staff) && f->rep == 0; i++)
    {
      g_autoptr(CrmStaff) member = g_list_model_get_item (staff, i);
      if (crm_staff_get_role (member) == CRM_ROLE_SALES)
        f->rep = crm_staff_get_id (member);
    }
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDir) d = g_dir_open (f->dir, 0, NULL);
  const char *name;

  g_clear_object (&f->context);
  g_clear_object (&f->store);
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *p = g_build_filename (f->dir, name, NULL);
      g_unlink (p);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
}

static gboolean
timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static guint
count_rows (GtkListBox *list)
{
  guint n = 0;

  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (list)); c; c = gtk_widget_get_next_sibling (c))
    if (GTK_IS_LIST_BOX_ROW (c))
      n++;
  return n;
}

static gboolean
find_label (GtkWidget  *widget,
            const char *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
      g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0)
    return TRUE;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    if (find_label (c, text))
      return TRUE;
  return FALSE;
}

static GtkWidget *
find_button (GtkWidget  *widget,
             const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_button (c, label);
      if (found)
        return found;
    }
  return NULL;
}

static void
day_bounds (gint64 *start,
            gint64 *end)
{
  g_autoptr(GDateTime) t = g_date_time_new_from_unix_local (NOW);
  g_autoptr(GDateTime) midnight = g_date_time_new_local (g_date_time_get_year (t), g_date_time_get_month (t),
                                                         g_date_time_get_day_of_month (t), 0, 0, 0);
  *start = g_date_time_to_unix (midnight);
  *end = *start + DAY;
}

static GtkWidget *
find_type (GtkWidget *widget,
           GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_type (c, type);
      if (found)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_row (GtkWidget  *widget,
          const char *title)
{
  if (ADW_IS_PREFERENCES_ROW (widget) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0)
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_row (c, title);
      if (found)
        return found;
    }
  return NULL;
}

static void
test_my_day_rep (Fixture       *f,
                 gconstpointer  data)
{
  CrmWindow *window;
  CrmMyDayPage *page;
  GtkListBox *today;
  GtkWidget *log, *dialog = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(CrmActivity) first = NULL;
  CrmGrade expected_grade = CRM_GRADE_N;
  gint64 start, end, next;

  g_assert_true (crm_context_set_current_staff_id (f->context, f->rep, &error));
  window = crm_window_new (NULL, f->context);
  gtk_window_present (GTK_WINDOW (window));
  spin (200);

  page = CRM_MY_DAY_PAGE (crm_window_get_my_day_page (window));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (page)));   /* a consultant starts here */
  g_assert_cmpint (crm_my_day_page_get_staff_id (page), ==, f->rep);
  g_assert_true (find_label (GTK_WIDGET (page), "My Day"));

  day_bounds (&start, &end);
  ids = crm_followup_store_query_open_ids (crm_store_get_followup_store (f->store), f->rep, start, end, 0, &error);
  today = crm_my_day_page_get_list (page, "today");
  g_assert_cmpuint (ids->len, >, 0);
  g_assert_cmpuint (count_rows (today), ==, ids->len);
  g_assert_cmpuint (count_rows (crm_my_day_page_get_list (page, "overdue")), ==,
                    crm_followup_store_count_open (crm_store_get_followup_store (f->store), f->rep, G_MININT64, start));

  /* Log the first one of today: asked how it went, the next one proposed */
  first = crm_followup_store_get (crm_store_get_followup_store (f->store), g_array_index (ids, gint64, 0), &error);
  log = find_button (GTK_WIDGET (today), "_Log…");
  g_assert_nonnull (log);
  gtk_widget_activate (log);
  spin (500);   /* a button activated from the keyboard clicks after its 250 ms press */
  for (GList *l = gtk_window_list_toplevels (); l; l = g_list_delete_link (l, l))
    if (ADW_IS_MESSAGE_DIALOG (l->data))
      dialog = l->data;
  g_assert_nonnull (dialog);

  /* Outcome, grade and next step in one dialog: the grade is the
   * customer's, changed here; with a deal open the next step is required */
  {
    g_autoptr(CrmCustomer) customer = crm_customer_store_get (crm_store_get_customer_store (f->store),
                                                              crm_activity_get_customer_id (first), NULL);
    GtkWidget *grade_row = find_row (dialog, "Intent grade");
    GtkWidget *plan = find_type (dialog, GTK_TYPE_SWITCH);
    guint other;

    g_assert_nonnull (grade_row);
    g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (grade_row)), ==,
                      crm_gui_grade_position (crm_customer_get_grade (customer)));
    other = crm_customer_get_grade (customer) == CRM_GRADE_C ? crm_gui_grade_position (CRM_GRADE_H)
                                                             : crm_gui_grade_position (CRM_GRADE_C);
    adw_combo_row_set_selected (ADW_COMBO_ROW (grade_row), other);
    g_assert_nonnull (plan);
    g_assert_true (gtk_switch_get_active (GTK_SWITCH (plan)));
    g_assert_false (gtk_widget_get_sensitive (plan));
    expected_grade = crm_gui_grade_order[other];
  }
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "log");
  spin (300);
  {
    g_autoptr(CrmCustomer) customer = crm_customer_store_get (crm_store_get_customer_store (f->store),
                                                              crm_activity_get_customer_id (first), NULL);

    g_assert_cmpint (crm_customer_get_grade (customer), ==, expected_grade);
  }

  g_clear_object (&first);
  first = crm_followup_store_get (crm_store_get_followup_store (f->store), g_array_index (ids, gint64, 0), &error);
  g_assert_true (crm_activity_get_is_done (first));
  g_assert_cmpint (crm_activity_get_done_at (first), ==, NOW);
  next = crm_followup_store_get_open_id (crm_store_get_followup_store (f->store), crm_activity_get_customer_id (first));
  g_assert_cmpint (next, >, 0);
  {
    g_autoptr(CrmActivity) a = crm_followup_store_get (crm_store_get_followup_store (f->store), next, NULL);
    g_assert_cmpint (crm_activity_get_planned_at (a), >, NOW);
    g_assert_nonnull (crm_activity_get_purpose (a));
  }
  /* The list follows the store: one row fewer today */
  g_assert_cmpuint (count_rows (today), ==, ids->len - 1);

  /* The toast's Undo takes it all back: the follow-up open again, the
   * one planned gone, the grade as it was */
  {
    g_autoptr(AdwToast) toast = crm_log_dialog_get_last_toast ();
    g_autoptr(CrmActivity) again = NULL;
    g_autoptr(CrmCustomer) customer = NULL;
    g_autoptr(CrmActivity) gone = NULL;

    g_assert_nonnull (toast);
    g_assert_cmpstr (adw_toast_get_button_label (toast), ==, "_Undo");
    g_signal_emit_by_name (toast, "button-clicked");
    spin (300);
    again = crm_followup_store_get (crm_store_get_followup_store (f->store), crm_activity_get_id (first), &error);
    g_assert_no_error (error);
    g_assert_false (crm_activity_get_is_done (again));
    gone = crm_followup_store_get (crm_store_get_followup_store (f->store), next, NULL);
    g_assert_null (gone);
    customer = crm_customer_store_get (crm_store_get_customer_store (f->store), crm_activity_get_customer_id (first),
                                       NULL);
    g_assert_cmpint (crm_customer_get_grade (customer), !=, expected_grade);
    g_assert_cmpuint (count_rows (today), ==, ids->len);
  }

  /* A consultant sees the rules read-only */
  {
    CrmPreferencesWindow *prefs = crm_preferences_window_new (GTK_WINDOW (window), f->context);
    gtk_window_present (GTK_WINDOW (prefs));
    spin (100);
    g_assert_true (find_label (GTK_WIDGET (prefs),
                               "These rules are the showroom’s, shared by every desktop. Only a sales manager can change them."));
    gtk_window_destroy (GTK_WINDOW (prefs));
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

static GtkSpinButton *
find_spin (GtkWidget *widget,
           guint     *skip)
{
  if (GTK_IS_SPIN_BUTTON (widget))
    {
      if (*skip == 0)
        return GTK_SPIN_BUTTON (widget);
      (*skip)--;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkSpinButton *found = find_spin (c, skip);
      if (found)
        return found;
    }
  return NULL;
}

/* On a server the day is read in worker threads: every row comes with its
 * customer, nothing is read on the main thread (a file store is asked to
 * read that way here) */
static void
test_my_day_background (Fixture       *f,
                        gconstpointer  data)
{
  CrmWindow *window;
  CrmMyDayPage *page;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(CrmActivity) first = NULL;
  g_autoptr(CrmCustomer) customer = NULL;
  gint64 start, end, deadline;

  crm_store_set_background_reads (f->store, TRUE);
  g_assert_true (crm_context_set_current_staff_id (f->context, f->rep, &error));
  window = crm_window_new (NULL, f->context);
  gtk_window_present (GTK_WINDOW (window));
  page = CRM_MY_DAY_PAGE (crm_window_get_my_day_page (window));
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  do
    spin (50);
  while (crm_my_day_page_is_reading (page) && g_get_monotonic_time () < deadline);
  g_assert_false (crm_my_day_page_is_reading (page));

  day_bounds (&start, &end);
  ids = crm_followup_store_query_open_ids (crm_store_get_followup_store (f->store), f->rep, start, end, 0, &error);
  g_assert_cmpuint (ids->len, >, 0);
  g_assert_cmpuint (count_rows (crm_my_day_page_get_list (page, "today")), ==, ids->len);
  g_assert_cmpuint (count_rows (crm_my_day_page_get_list (page, "overdue")), ==,
                    crm_followup_store_count_open (crm_store_get_followup_store (f->store), f->rep, G_MININT64, start));
  /* The row shows its customer, read with it */
  first = crm_followup_store_get (crm_store_get_followup_store (f->store), g_array_index (ids, gint64, 0), &error);
  customer = crm_customer_store_get (crm_store_get_customer_store (f->store), crm_activity_get_customer_id (first),
                                     &error);
  g_assert_no_error (error);
  g_assert_true (find_label (GTK_WIDGET (crm_my_day_page_get_list (page, "today")), crm_customer_get_name (customer)));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_my_day_manager (Fixture       *f,
                     gconstpointer  data)
{
  CrmWindow *window = crm_window_new (NULL, f->context);
  CrmMyDayPage *page;
  CrmPreferencesWindow *prefs;
  GtkSpinButton *h_spin;
  g_autofree char *stored = NULL;
  guint skip = 0;

  gtk_window_present (GTK_WINDOW (window));
  spin (200);
  g_assert_true (crm_context_is_manager (f->context));
  page = CRM_MY_DAY_PAGE (crm_window_get_my_day_page (window));
  crm_window_show_my_day (window);
  spin (200);
  /* The whole team, and every consultant with their overdue count */
  g_assert_cmpint (crm_my_day_page_get_staff_id (page), ==, -1);
  g_assert_true (find_label (GTK_WIDGET (page), "The Whole Team’s Day"));
  g_assert_true (find_label (GTK_WIDGET (page), "Everyone"));
  crm_my_day_page_set_staff_id (page, f->rep);
  spin (100);
  {
    gint64 start, end;
    day_bounds (&start, &end);
    g_assert_cmpuint (count_rows (crm_my_day_page_get_list (page, "today")), ==,
                      crm_followup_store_count_open (crm_store_get_followup_store (f->store), f->rep, start, end));
  }

  /* The manager changes a rule; it is stored in the database */
  prefs = crm_preferences_window_new (GTK_WINDOW (window), f->context);
  gtk_window_present (GTK_WINDOW (prefs));
  spin (100);
  h_spin = find_spin (GTK_WIDGET (prefs), &skip);
  g_assert_nonnull (h_spin);
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (h_spin)));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (h_spin), ==, 1);
  gtk_spin_button_set_value (h_spin, 2);
  stored = crm_store_dup_meta (f->store, "cadence-days-H");
  g_assert_cmpstr (stored, ==, "2");
  gtk_window_destroy (GTK_WINDOW (prefs));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/ui/my-day/consultant", Fixture, NULL, fixture_setup, test_my_day_rep, fixture_teardown);
  g_test_add ("/ui/my-day/manager", Fixture, NULL, fixture_setup, test_my_day_manager, fixture_teardown);
  g_test_add ("/ui/my-day/background", Fixture, NULL, fixture_setup, test_my_day_background, fixture_teardown);
  return g_test_run ();
}
