/* crm-notices-button.h: what the leads rules told this person
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "crm-context.h"

G_BEGIN_DECLS

#define CRM_TYPE_NOTICES_BUTTON (crm_notices_button_get_type ())
G_DECLARE_FINAL_TYPE (CrmNoticesButton, crm_notices_button, CRM, NOTICES_BUTTON, GtkWidget)

void crm_notices_button_set_context (CrmNoticesButton *self,
                                     CrmContext       *context);
guint crm_notices_button_get_n_unseen (CrmNoticesButton *self);

G_END_DECLS
