/* crm-grade-dialog.h: intent grade from the facts, confirmed by the rep
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "crm-context.h"

G_BEGIN_DECLS

#define CRM_TYPE_GRADE_DIALOG (crm_grade_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CrmGradeDialog, crm_grade_dialog, CRM, GRADE_DIALOG, AdwWindow)

CrmGradeDialog *crm_grade_dialog_new (GtkWindow  *parent,
                                      CrmContext *context,
                                      gint64      customer_id);

G_END_DECLS
