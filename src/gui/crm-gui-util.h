/* crm-gui-util.h: small helpers shared by the views
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

PangoAttrList *crm_gui_chinese_attrs (void);

G_END_DECLS
