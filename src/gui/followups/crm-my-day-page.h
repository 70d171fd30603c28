/* crm-my-day-page.h: today's follow-ups of one person
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "crm-context.h"

G_BEGIN_DECLS

#define CRM_TYPE_MY_DAY_PAGE (crm_my_day_page_get_type ())
G_DECLARE_FINAL_TYPE (CrmMyDayPage, crm_my_day_page, CRM, MY_DAY_PAGE, AdwBin)

void        crm_my_day_page_set_context   (CrmMyDayPage *self,
                                           CrmContext   *context);
void        crm_my_day_page_set_staff_id  (CrmMyDayPage *self,
                                           gint64        staff_id);
gint64      crm_my_day_page_get_staff_id  (CrmMyDayPage *self);
GtkListBox *crm_my_day_page_get_list      (CrmMyDayPage *self,
                                           const char   *section);

gboolean      crm_my_day_page_is_reading   (CrmMyDayPage *self);

G_END_DECLS
