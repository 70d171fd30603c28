/* crm-calendar-print.h: the day's test-drive schedule on paper or PDF
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "crm-store.h"

G_BEGIN_DECLS

gboolean crm_calendar_print_day (GtkWindow   *parent,
                                 CrmStore    *store,
                                 GDateTime   *day,
                                 const char  *pdf_path,
                                 GError     **error);

G_END_DECLS
