/* crm-log-dialog.h: log a follow-up and plan the next one
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "crm-context.h"

G_BEGIN_DECLS

GtkWindow *crm_log_dialog_present_quick_log (GtkWindow  *parent,
                                             CrmContext *context,
                                             gint64      activity_id);
GtkWindow *crm_log_dialog_present_next      (GtkWindow  *parent,
                                             CrmContext *context,
                                             gint64      customer_id,
                                             CrmOutcome  outcome);
gboolean   crm_log_dialog_parse_when        (const char *text,
                                             gint64     *t);
char      *crm_log_dialog_format_when       (gint64      t);

AdwToast   *crm_log_dialog_get_last_toast (void);

G_END_DECLS
