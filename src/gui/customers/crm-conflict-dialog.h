/* crm-conflict-dialog.h: two people changed one field of a customer
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "crm-context.h"
#include "crm-customer-merge.h"

G_BEGIN_DECLS

#define CRM_TYPE_CONFLICT_DIALOG (crm_conflict_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CrmConflictDialog, crm_conflict_dialog, CRM, CONFLICT_DIALOG, AdwWindow)

/**
 * CrmConflictDoneFunc:
 * @merged: the customer to save, with the person's choices made
 */
typedef void (*CrmConflictDoneFunc) (CrmCustomer *merged,
                                     gpointer     user_data);

GtkWidget *crm_conflict_dialog_new (GtkWindow           *parent,
                                    CrmContext          *context,
                                    CrmCustomer         *merged,
                                    CrmCustomer         *mine,
                                    CrmCustomer         *theirs,
                                    GArray              *conflicts,
                                    CrmConflictDoneFunc  done,
                                    gpointer             user_data);

void       crm_conflict_dialog_save (CrmConflictDialog *self);

char      *crm_conflict_field_text (CrmContext       *context,
                                    CrmCustomer      *customer,
                                    CrmCustomerField  field);

G_END_DECLS
