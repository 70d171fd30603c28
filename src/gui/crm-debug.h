/* crm-debug.h: hooks for the benchmark and the README screenshots
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void crm_debug_first_frame (GtkWidget *widget);
void crm_debug_watch_stalls (void);
void crm_debug_save_window (GtkWindow  *window,
                            const char *path);

G_END_DECLS
