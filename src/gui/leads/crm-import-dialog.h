/* crm-import-dialog.h: leads from a spreadsheet
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "crm-context.h"

G_BEGIN_DECLS

#define CRM_TYPE_IMPORT_DIALOG (crm_import_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CrmImportDialog, crm_import_dialog, CRM, IMPORT_DIALOG, AdwWindow)

CrmImportDialog *crm_import_dialog_new       (GtkWindow       *parent,
                                              CrmContext      *context);
gboolean         crm_import_dialog_load_file (CrmImportDialog *self,
                                              GFile           *file,
                                              GError         **error);
void             crm_import_dialog_choose_file (CrmImportDialog *self);
void             crm_import_dialog_start       (CrmImportDialog *self,
                                                gboolean         dry_run);
gboolean         crm_import_dialog_is_running  (CrmImportDialog *self);

G_END_DECLS
