/* crm-deal-card.h: one deal on the board
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "crm-deal.h"

G_BEGIN_DECLS

#define CRM_TYPE_DEAL_CARD (crm_deal_card_get_type ())
G_DECLARE_FINAL_TYPE (CrmDealCard, crm_deal_card, CRM, DEAL_CARD, GtkWidget)

GtkWidget *crm_deal_card_new      (void);
CrmDeal   *crm_deal_card_get_deal (CrmDealCard *self);
void       crm_deal_card_set_deal (CrmDealCard *self,
                                   CrmDeal     *deal,
                                   gint64       now,
                                   gboolean     overdue);
const char *crm_deal_card_get_line (CrmDealCard *self,
                                    guint        line);

G_END_DECLS
