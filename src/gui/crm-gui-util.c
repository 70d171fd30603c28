/* crm-gui-util.c: small helpers shared by the views
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-gui-util"

#include "config.h"

#include "crm-gui-util.h"

/**
 * crm_gui_chinese_attrs:
 *
 * Customer data is Chinese even in an English desktop: labels showing it
 * carry the zh-cn language so Pango picks Chinese glyph forms rather than
 * the Japanese forms of the same code points. Main thread only.
 *
 * Returns: (transfer none): shared attributes
 */
PangoAttrList *
crm_gui_chinese_attrs (void)
{
  static PangoAttrList *attrs;

  if (attrs == NULL)
    {
      attrs = pango_attr_list_new ();
      pango_attr_list_insert (attrs, pango_attr_language_new (pango_language_from_string ("zh-cn")));
    }
  return attrs;
}
