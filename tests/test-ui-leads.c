/* test-ui-leads.c: quick capture, the import dialog (its worker thread),
 * the preferences, traffic and pool windows, driven as a person would
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under Xvfb in a private D-Bus session with GTK_A11Y=test.
 */
#include <adwaita.h>
#include <glib/gstdio.h>

#include "crm-demo.h"
#include "crm-grade-dialog.h"
#include "crm-import-dialog.h"
#include "crm-new-customer-dialog.h"
#include "crm-notices-button.h"
#include "crm-pool-dialog.h"
#include "crm-preferences-window.h"
#include "crm-traffic-dialog.h"
#include "crm-test-util.h"
#include "crm-test-vfs.h"

#define NOW 1795665600 /* 2026-11-26 12:00 in Asia/Shanghai */

typedef struct
{
  char       *dir;
  char       *path;
  CrmStore   *store;
  CrmContext *context;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmClock) clock = crm_clock_new_fixed (NOW);
  g_autoptr(GSettings) settings = g_settings_new ("io.github.showroomcrm.Showroom");

  f->dir = g_dir_make_tmp ("showroom-ui-leads-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "showroom.db", NULL);
  f->store = crm_store_open (f->path, clock, &error);
  g_assert_no_error (error);
  crm_demo_generate (f->store, 200, 800, 7, &error);
  g_assert_no_error (error);

  g_settings_set_int64 (settings, "current-staff-id", 0);
  f->context = crm_context_new (f->store, settings);
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
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static gboolean
timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

static void
spin (guint ms)
{
  gboolean timed_out = FALSE;

  g_timeout_add (ms, timeout_cb, &timed_out);
  while (!timed_out)
    g_main_context_iteration (NULL, TRUE);
}

/* The widget under @root that a person would find by its title or label
 * (a row, a button, or with @labels a plain label too) */
static GtkWidget *
find_where (GtkWidget  *root,
            const char *text,
            gboolean    labels)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (ADW_IS_PREFERENCES_ROW (child) &&
          g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child)), text) == 0)
        return child;
      if (GTK_IS_BUTTON (child) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (child)), text) == 0 &&
          gtk_widget_get_visible (child))
        return child;
      if (labels && GTK_IS_LABEL (child) && gtk_widget_get_visible (child) &&
          g_strcmp0 (gtk_label_get_label (GTK_LABEL (child)), text) == 0)
        return child;
      if ((found = find_where (child, text, labels)) != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find (GtkWidget  *root,
      const char *text)
{
  return find_where (root, text, FALSE);
}

static gint64
staff_id_by_role (CrmStore *store,
                  CrmRole   role)
{
  g_autoptr(GListModel) staff = crm_staff_store_list (crm_store_get_staff_store (store), TRUE);

  for (guint i = 0; i < g_list_model_get_n_items (staff); i++)
    {
      g_autoptr(CrmStaff) member = g_list_model_get_item (staff, i);
      if (crm_staff_get_role (member) == role)
        return crm_staff_get_id (member);
    }
  return 0;
}

static void
test_quick_capture (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkWindow) keep = NULL;
  CrmNewCustomerDialog *dialog;
  GtkWidget *name, *phone, *note, *add, *visit;
  gint64 id, before;
  CrmTrafficStats stats;

  g_assert_true (crm_context_set_current_staff_id (f->context, staff_id_by_role (f->store, CRM_ROLE_RECEPTION),
                                                   &error));
  before = crm_customer_store_count (crm_store_get_customer_store (f->store));

  dialog = crm_new_customer_dialog_new_quick (NULL, f->context);
  keep = g_object_ref_sink (GTK_WINDOW (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
  spin (50);

  name = find (GTK_WIDGET (dialog), "Name");
  phone = find (GTK_WIDGET (dialog), "Mobile or phone");
  note = find (GTK_WIDGET (dialog), "Note");
  g_assert_nonnull (name);
  g_assert_nonnull (phone);
  g_assert_nonnull (note);
  g_assert_true (gtk_widget_get_visible (note));
  g_assert_false (gtk_widget_get_visible (find (GTK_WIDGET (dialog), "WeChat ID")));

  /* Typed with +86 and dashes: normalised; a walk-in by default */
  gtk_editable_set_text (GTK_EDITABLE (name), "钟先生");
  gtk_editable_set_text (GTK_EDITABLE (phone), "+86 139-2222-0001");
  gtk_editable_set_text (GTK_EDITABLE (note), "看汉兰达，周末再来");
  add = find (GTK_WIDGET (dialog), "_Add");
  g_assert_nonnull (add);
  g_signal_emit_by_name (add, "clicked");
  spin (50);

  id = crm_customer_store_find_by_phone (crm_store_get_customer_store (f->store), "13922220001", 0);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (crm_customer_store_count (crm_store_get_customer_store (f->store)), ==, before + 1);
  {
    g_autoptr(CrmCustomer) customer = crm_customer_store_get (crm_store_get_customer_store (f->store), id, NULL);
    g_assert_cmpint (crm_customer_get_channel (customer), ==, CRM_CHANNEL_WALK_IN);
    g_assert_cmpstr (crm_customer_get_notes (customer), ==, "看汉兰达，周末再来");
    /* Given to a consultant by the rule */
    g_assert_cmpint (crm_customer_get_owner_id (customer), >, 0);
  }
  /* The walk-in counts as a registered first visit */
  crm_lead_store_traffic_stats (crm_store_get_lead_store (f->store), NOW - 60, NOW + 60, &stats);
  g_assert_cmpint (stats.registered, ==, 1);
  g_clear_object (&keep);

  /* The same number again: no duplicate, a repeat visit instead */
  dialog = crm_new_customer_dialog_new_quick (NULL, f->context);
  keep = g_object_ref_sink (GTK_WINDOW (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
  spin (50);
  gtk_editable_set_text (GTK_EDITABLE (find (GTK_WIDGET (dialog), "Name")), "钟生");
  gtk_editable_set_text (GTK_EDITABLE (find (GTK_WIDGET (dialog), "Mobile or phone")), "139 2222 0001");
  spin (20);
  visit = find (GTK_WIDGET (dialog), "Open and _Log a Visit");
  g_assert_nonnull (visit);
  g_signal_emit_by_name (visit, "clicked");
  spin (50);
  g_assert_cmpint (crm_customer_store_count (crm_store_get_customer_store (f->store)), ==, before + 1);
  crm_lead_store_traffic_stats (crm_store_get_lead_store (f->store), NOW - 60, NOW + 60, &stats);
  g_assert_cmpint (stats.visits, ==, 2);
  g_assert_cmpint (stats.repeat_visits, ==, 1);

  gtk_window_destroy (GTK_WINDOW (dialog));
  g_clear_object (&keep);
}

/* A full disk: the dialog says so and keeps what was typed; once there is
 * room again the same click saves it */
static void
test_quick_capture_full_disk (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkWindow) keep = NULL;
  CrmNewCustomerDialog *dialog;
  GtkWidget *add, *message;
  gint64 before;

  g_assert_true (crm_context_set_current_staff_id (f->context, staff_id_by_role (f->store, CRM_ROLE_RECEPTION),
                                                   &error));
  before = crm_customer_store_count (crm_store_get_customer_store (f->store));

  dialog = crm_new_customer_dialog_new_quick (NULL, f->context);
  keep = g_object_ref_sink (GTK_WINDOW (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
  spin (50);
  gtk_editable_set_text (GTK_EDITABLE (find (GTK_WIDGET (dialog), "Name")), "满先生");
  gtk_editable_set_text (GTK_EDITABLE (find (GTK_WIDGET (dialog), "Mobile or phone")), "139 3333 0002");
  gtk_editable_set_text (GTK_EDITABLE (find (GTK_WIDGET (dialog), "Note")), "周六带家人来");
  add = find (GTK_WIDGET (dialog), "_Add");

  crm_test_vfs_fail_writes (SQLITE_FULL);
  g_signal_emit_by_name (add, "clicked");
  spin (50);
  crm_test_vfs_fail_writes (0);

  /* Still open, everything typed still there, the reason in words */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find (GTK_WIDGET (dialog), "Name"))), ==, "满先生");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find (GTK_WIDGET (dialog), "Mobile or phone"))), ==, "139 3333 0002");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find (GTK_WIDGET (dialog), "Note"))), ==, "周六带家人来");
  message = find_where (GTK_WIDGET (dialog), "The disk is full. Nothing was changed; free some space and try again.", TRUE);
  g_assert_nonnull (message);
  g_assert_cmpint (crm_customer_store_count (crm_store_get_customer_store (f->store)), ==, before);

  /* Room again: the same click saves it */
  g_signal_emit_by_name (add, "clicked");
  spin (50);
  g_assert_cmpint (crm_customer_store_count (crm_store_get_customer_store (f->store)), ==, before + 1);
  g_assert_cmpint (crm_customer_store_find_by_phone (crm_store_get_customer_store (f->store), "13933330002", 0), >, 0);
  g_clear_object (&keep);
}

static gboolean
import_idle (gpointer data)
{
  return !crm_import_dialog_is_running (CRM_IMPORT_DIALOG (data));
}

static void
test_import_dialog (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "leads-excel-gbk.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  GtkWindow *keep;
  CrmImportDialog *dialog;
  gboolean timed_out = FALSE;
  guint timeout;
  gint64 before = crm_customer_store_count (crm_store_get_customer_store (f->store));

  dialog = crm_import_dialog_new (NULL, f->context);
  keep = g_object_ref_sink (GTK_WINDOW (dialog));
  g_assert_true (crm_import_dialog_load_file (dialog, file, &error));
  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (dialog));
  spin (50);

  /* The mapping step: a column chooser per column, labelled by its header */
  g_assert_nonnull (find (GTK_WIDGET (dialog), "Channel for rows without a known one"));
  g_assert_nonnull (find (GTK_WIDGET (dialog), "Assign new leads to consultants"));

  /* A check changes nothing */
  crm_import_dialog_start (dialog, TRUE);
  g_assert_true (crm_import_dialog_is_running (dialog));
  timeout = g_timeout_add_seconds (10, timeout_cb, &timed_out);
  while (!import_idle (dialog) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_assert_cmpint (crm_customer_store_count (crm_store_get_customer_store (f->store)), ==, before);

  /* The import: in a worker thread on its own connection */
  crm_import_dialog_start (dialog, FALSE);
  while (!import_idle (dialog) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (timeout);

  /* The main connection sees the five new leads */
  g_assert_cmpint (crm_customer_store_count (crm_store_get_customer_store (f->store)), ==, before + 5);
  g_assert_cmpint (crm_customer_store_find_by_phone (crm_store_get_customer_store (f->store), "02038881234", 0), >, 0);
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_object_unref (keep);
}

static void
test_rules_windows (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkWindow) prefs = NULL;
  g_autoptr(GtkWindow) traffic = NULL;
  g_autoptr(GtkWindow) pool = NULL;
  CrmLeadRules rules;
  GtkWidget *row;

  g_assert_true (crm_context_set_current_staff_id (f->context, staff_id_by_role (f->store, CRM_ROLE_MANAGER),
                                                   &error));

  prefs = g_object_ref_sink (GTK_WINDOW (crm_preferences_window_new (NULL, f->context)));
  gtk_window_present (prefs);
  spin (50);
  row = find (GTK_WIDGET (prefs), "New leads go to");
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_is_sensitive (row));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), CRM_ASSIGN_MODE_FEWEST_OPEN);
  crm_staff_store_get_lead_rules (crm_store_get_staff_store (f->store), &rules);
  g_assert_cmpint (rules.mode, ==, CRM_ASSIGN_MODE_FEWEST_OPEN);
  /* The pool's limit by grade: H customers go back sooner */
  row = find (GTK_WIDGET (prefs), "H · Buys within 7 days");
  g_assert_nonnull (row);
  g_assert_true (GTK_IS_SPIN_BUTTON (adw_action_row_get_activatable_widget (ADW_ACTION_ROW (row))));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (adw_action_row_get_activatable_widget (ADW_ACTION_ROW (row))), 4);
  crm_staff_store_get_lead_rules (crm_store_get_staff_store (f->store), &rules);
  g_assert_cmpint (rules.pool_days_grade[CRM_GRADE_H], ==, 4);
  g_assert_cmpint (rules.mode, ==, CRM_ASSIGN_MODE_FEWEST_OPEN);
  gtk_window_destroy (prefs);

  /* A consultant reads the rules but cannot change them */
  g_assert_true (crm_context_set_current_staff_id (f->context, staff_id_by_role (f->store, CRM_ROLE_SALES),
                                                   &error));
  g_clear_object (&prefs);
  prefs = g_object_ref_sink (GTK_WINDOW (crm_preferences_window_new (NULL, f->context)));
  gtk_window_present (prefs);
  spin (50);
  g_assert_false (gtk_widget_is_sensitive (find (GTK_WIDGET (prefs), "New leads go to")));
  gtk_window_destroy (prefs);

  traffic = g_object_ref_sink (GTK_WINDOW (crm_traffic_dialog_new (NULL, f->context)));
  gtk_window_present (traffic);
  spin (50);
  g_assert_nonnull (find (GTK_WIDGET (traffic), "_Log Visit"));
  g_signal_emit_by_name (find (GTK_WIDGET (traffic), "_Log Visit"), "clicked");
  {
    CrmTrafficStats stats;
    crm_lead_store_traffic_stats (crm_store_get_lead_store (f->store), NOW - 60, NOW + 60, &stats);
    g_assert_cmpint (stats.walk_ins, ==, 1);
    g_assert_cmpint (stats.registered, ==, 0);
  }
  gtk_window_destroy (traffic);

  pool = g_object_ref_sink (GTK_WINDOW (crm_pool_dialog_new (NULL, f->context)));
  gtk_window_present (pool);
  spin (50);
  if (crm_lead_store_count_pool (crm_store_get_lead_store (f->store)) > 0)
    {
      gint64 before = crm_lead_store_count_pool (crm_store_get_lead_store (f->store));
      GtkWidget *claim = find (GTK_WIDGET (pool), "Claim");

      g_assert_nonnull (claim);
      g_signal_emit_by_name (claim, "clicked");
      g_assert_cmpint (crm_lead_store_count_pool (crm_store_get_lead_store (f->store)), ==, before - 1);
    }
  gtk_window_destroy (pool);
}

static void
test_grade_dialog (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GtkWindow) dialog = NULL;
  GtkWidget *confirm, *grade, *reason;

  g_assert_cmpuint (crm_lead_store_count_grade_history (crm_store_get_lead_store (f->store), 1), ==, 0);
  dialog = g_object_ref_sink (GTK_WINDOW (crm_grade_dialog_new (NULL, f->context, 1)));
  gtk_window_present (dialog);
  spin (50);

  /* Confirming the proposal records it */
  confirm = find (GTK_WIDGET (dialog), "C_onfirm");
  g_assert_nonnull (confirm);
  reason = find (GTK_WIDGET (dialog), "Why another grade");
  g_assert_false (gtk_widget_get_visible (reason));
  g_signal_emit_by_name (confirm, "clicked");
  g_assert_cmpuint (crm_lead_store_count_grade_history (crm_store_get_lead_store (f->store), 1), ==, 1);
  g_clear_object (&dialog);

  /* Another grade needs a reason */
  dialog = g_object_ref_sink (GTK_WINDOW (crm_grade_dialog_new (NULL, f->context, 1)));
  gtk_window_present (dialog);
  spin (50);
  grade = find (GTK_WIDGET (dialog), "Intent grade");
  reason = find (GTK_WIDGET (dialog), "Why another grade");
  adw_combo_row_set_selected (ADW_COMBO_ROW (grade), (adw_combo_row_get_selected (ADW_COMBO_ROW (grade)) + 1) % 5);
  g_assert_true (gtk_widget_get_visible (reason));
  g_signal_emit_by_name (find (GTK_WIDGET (dialog), "C_onfirm"), "clicked");
  g_assert_cmpuint (crm_lead_store_count_grade_history (crm_store_get_lead_store (f->store), 1), ==, 1);
  gtk_editable_set_text (GTK_EDITABLE (reason), "家人还没同意");
  g_signal_emit_by_name (find (GTK_WIDGET (dialog), "C_onfirm"), "clicked");
  g_assert_cmpuint (crm_lead_store_count_grade_history (crm_store_get_lead_store (f->store), 1), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  /* Before any database is opened; writes go through until a test says */
  crm_test_vfs_install_full_disk ();
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/ui/leads/quick-capture", Fixture, NULL, fixture_setup, test_quick_capture, fixture_teardown);
  g_test_add ("/ui/leads/quick-capture-full-disk", Fixture, NULL, fixture_setup, test_quick_capture_full_disk,
              fixture_teardown);
  g_test_add ("/ui/leads/import-dialog", Fixture, NULL, fixture_setup, test_import_dialog, fixture_teardown);
  g_test_add ("/ui/leads/grade-dialog", Fixture, NULL, fixture_setup, test_grade_dialog, fixture_teardown);
  g_test_add ("/ui/leads/rules-windows", Fixture, NULL, fixture_setup, test_rules_windows, fixture_teardown);

  return g_test_run ();
}
