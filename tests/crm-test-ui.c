/* crm-test-ui.c: driving windows as a person would, for the UI tests
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The main loop runs while a test waits, as it does while a person looks
 * at the window: worker threads land their results, frames are drawn.
 */
#include "crm-test-ui.h"

/* Every UI test's main() starts here: GTK in test mode (en_US, no
 * animations), then libadwaita */
void
crm_test_ui_init (int    *argc,
                  char ***argv)
{
  gtk_test_init (argc, argv, NULL);
  adw_init ();
}

static gboolean
time_is_up_cb (gpointer user_data)
{
  gboolean *up = user_data;

  *up = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop for @ms milliseconds */
void
crm_test_ui_spin (guint ms)
{
  gboolean up = FALSE;

  g_timeout_add (ms, time_is_up_cb, &up);
  while (!up)
    g_main_context_iteration (NULL, TRUE);
}

/* Runs the main loop until @done says so; fails after @seconds */
void
crm_test_ui_wait_until (gboolean (*done) (gpointer data),
                        gpointer   data,
                        guint      seconds)
{
  gboolean up = FALSE;
  guint id = g_timeout_add_seconds (seconds, time_is_up_cb, &up);

  while (!done (data) && !up)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (up);
  g_source_remove (id);
}

/**
 * crm_test_ui_find:
 * @labels: also plain labels, not only rows and buttons
 *
 * The visible widget under @root that a person would find by its title
 * or label: a row, a button, or with @labels a label.
 */
GtkWidget *
crm_test_ui_find (GtkWidget  *root,
                  const char *text,
                  gboolean    labels)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (!gtk_widget_get_visible (child))
        continue;
      if ((ADW_IS_PREFERENCES_ROW (child) &&
           g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child)), text) == 0) ||
          (GTK_IS_BUTTON (child) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (child)), text) == 0) ||
          (labels && GTK_IS_LABEL (child) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (child)), text) == 0))
        return child;
      if ((found = crm_test_ui_find (child, text, labels)) != NULL)
        return found;
    }
  return NULL;
}

/* The row under @root whose subtitle is @subtitle */
GtkWidget *
crm_test_ui_find_subtitle (GtkWidget  *root,
                           const char *subtitle)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (ADW_IS_ACTION_ROW (child) && g_strcmp0 (adw_action_row_get_subtitle (ADW_ACTION_ROW (child)), subtitle) == 0)
        return child;
      if ((found = crm_test_ui_find_subtitle (child, subtitle)) != NULL)
        return found;
    }
  return NULL;
}

/* The first widget of @type under @root, depth first */
GtkWidget *
crm_test_ui_find_type (GtkWidget *root,
                       GType      type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        return child;
      if ((found = crm_test_ui_find_type (child, type)) != NULL)
        return found;
    }
  return NULL;
}
