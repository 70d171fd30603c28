/* crm-test-ui.h: driving windows as a person would, for the UI tests
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

void        crm_test_ui_init        (int         *argc,
                                     char      ***argv);
void        crm_test_ui_spin        (guint        ms);
void        crm_test_ui_wait_until  (gboolean   (*done) (gpointer data),
                                     gpointer     data,
                                     guint        seconds);
GtkWidget  *crm_test_ui_find        (GtkWidget   *root,
                                     const char  *text,
                                     gboolean     labels);
GtkWidget  *crm_test_ui_find_subtitle (GtkWidget *root,
                                     const char  *subtitle);
GtkWidget  *crm_test_ui_find_type   (GtkWidget   *root,
                                     GType        type);

G_END_DECLS
