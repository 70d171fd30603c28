/* crm-gui-util.c: small helpers shared by the views
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-gui-util"

#include "config.h"

#include "crm-gui-util.h"
#include "crm-staff.h"

const CrmGrade crm_gui_grade_order[5] = {
  CRM_GRADE_H, CRM_GRADE_A, CRM_GRADE_B, CRM_GRADE_C, CRM_GRADE_N,
};

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

/**
 * crm_gui_lookup_color:
 * @widget: a widget whose style provides the colour
 * @name: a named colour of the Adwaita stylesheet, such as "accent_color"
 * @fallback: the colour to use when the style does not define @name
 *
 * The drawn widgets (charts, deal cards) follow the theme's named colours
 * yet must still draw something under a stylesheet that lacks them.
 *
 * Returns: the named colour, or @fallback
 */
GdkRGBA
crm_gui_lookup_color (GtkWidget  *widget,
                      const char *name,
                      GdkRGBA     fallback)
{
  GtkStyleContext *context;
  GdkRGBA color;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), fallback);
  g_return_val_if_fail (name != NULL, fallback);

  context = gtk_widget_get_style_context (widget);
  if (gtk_style_context_lookup_color (context, name, &color))
    return color;
  return fallback;
}

/**
 * crm_gui_create_layout:
 * @widget: the widget the layout is drawn in
 * @text: the text
 * @chinese: whether @text is customer data, shaped as Chinese (see
 *   crm_gui_chinese_attrs())
 * @bold: whether to set it in bold
 * @small: whether to set it at the small scale
 *
 * A one-line layout for widgets that draw their own text: it ellipsizes at
 * the end, as those widgets give it a width rather than grow with it.
 *
 * Returns: (transfer full): a new layout
 */
PangoLayout *
crm_gui_create_layout (GtkWidget  *widget,
                       const char *text,
                       gboolean    chinese,
                       gboolean    bold,
                       gboolean    small)
{
  PangoLayout *layout;
  PangoAttrList *attrs;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  layout = gtk_widget_create_pango_layout (widget, text);
  attrs = chinese ? pango_attr_list_copy (crm_gui_chinese_attrs ()) : pango_attr_list_new ();
  if (bold)
    pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  if (small)
    pango_attr_list_insert (attrs, pango_attr_scale_new (PANGO_SCALE_SMALL));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  return layout;
}

/**
 * crm_gui_snapshot_layout:
 * @snapshot: the snapshot to draw in
 * @layout: the text
 * @x: the left edge, in the widget's coordinates
 * @y: the top edge
 * @color: the text colour
 *
 * Draws @layout with its top left corner at (@x, @y), leaving the
 * snapshot's transform as it found it.
 */
void
crm_gui_snapshot_layout (GtkSnapshot   *snapshot,
                         PangoLayout   *layout,
                         double         x,
                         double         y,
                         const GdkRGBA *color)
{
  g_return_if_fail (GTK_IS_SNAPSHOT (snapshot));
  g_return_if_fail (PANGO_IS_LAYOUT (layout));

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

/**
 * crm_gui_append_grade_labels:
 * @list: the choices of a grade drop-down or combo row
 * @grades: (array length=n_grades): the grades, in the order the view offers them
 * @n_grades: the number of @grades
 *
 * Every view that offers a grade shows it the same way, its letter and
 * what it means ("H · …"), so a salesperson reads the same words
 * wherever they set or filter by one.
 */
void
crm_gui_append_grade_labels (GtkStringList  *list,
                             const CrmGrade *grades,
                             guint           n_grades)
{
  g_return_if_fail (GTK_IS_STRING_LIST (list));

  for (guint i = 0; i < n_grades; i++)
    {
      g_autofree char *text = g_strdup_printf ("%s · %s", crm_grade_get_label (grades[i]),
                                               crm_grade_get_description (grades[i]));
      gtk_string_list_append (list, text);
    }
}

/**
 * crm_gui_append_owners:
 * @labels: the choices of an owner drop-down or combo row
 * @ids: (element-type gint64): the staff ids behind @labels, in step
 * @staff: (element-type CrmStaff): the showroom's staff
 * @sales_only: offer only sales consultants (pool claims, one
 *   consultant's figures), not managers
 * @leave_out_id: a member of staff not to offer (already offered as
 *   "My deals"), 0 for none
 * @find_id: a member of staff to select, 0 for none
 *
 * Appends the staff who can own customers, everyone but reception (or
 * only the consultants), by name, so every owner choice offers the same
 * people.
 *
 * Returns: the position of @find_id in @ids, 0 when not among them
 */
guint
crm_gui_append_owners (GtkStringList *labels,
                       GArray        *ids,
                       GListModel    *staff,
                       gboolean       sales_only,
                       gint64         leave_out_id,
                       gint64         find_id)
{
  guint found = 0;

  g_return_val_if_fail (GTK_IS_STRING_LIST (labels), 0);
  g_return_val_if_fail (ids != NULL, 0);
  g_return_val_if_fail (G_IS_LIST_MODEL (staff), 0);

  for (guint i = 0; i < g_list_model_get_n_items (staff); i++)
    {
      g_autoptr(CrmStaff) member = g_list_model_get_item (staff, i);
      gint64 id = crm_staff_get_id (member);

      CrmRole role = crm_staff_get_role (member);

      if (role == CRM_ROLE_RECEPTION || (sales_only && role != CRM_ROLE_SALES) ||
          (leave_out_id > 0 && id == leave_out_id))
        continue;
      if (find_id > 0 && id == find_id)
        found = ids->len;
      g_array_append_val (ids, id);
      gtk_string_list_append (labels, crm_staff_get_name (member));
    }
  return found;
}

/**
 * crm_gui_grade_position:
 *
 * Returns: where @grade stands in #crm_gui_grade_order; an unknown grade
 *   stands where N does, last
 */
guint
crm_gui_grade_position (CrmGrade grade)
{
  for (guint i = 0; i < G_N_ELEMENTS (crm_gui_grade_order); i++)
    if (crm_gui_grade_order[i] == grade)
      return i;
  return G_N_ELEMENTS (crm_gui_grade_order) - 1;
}

/**
 * crm_gui_popup_at:
 * @popover: a popover with a parent
 * @from: (nullable): the widget @x and @y are in, or %NULL to point at
 *   the whole parent (the menu key, with no pointer)
 *
 * Pops a row or card menu up pointing at where it was asked for.
 *
 * Returns: %FALSE when the point could not be placed (nothing shown)
 */
gboolean
crm_gui_popup_at (GtkPopover *popover,
                  GtkWidget  *from,
                  double      x,
                  double      y)
{
  graphene_point_t point;

  g_return_val_if_fail (GTK_IS_POPOVER (popover), FALSE);

  if (from == NULL)
    gtk_popover_set_pointing_to (popover, NULL);
  else if (gtk_widget_compute_point (from, gtk_widget_get_parent (GTK_WIDGET (popover)),
                                     &GRAPHENE_POINT_INIT (x, y), &point))
    gtk_popover_set_pointing_to (popover, &(GdkRectangle) { point.x, point.y, 1, 1 });
  else
    return FALSE;

  gtk_popover_popup (popover);
  return TRUE;
}

/**
 * crm_gui_create_print_layout:
 * @text: (nullable): the text, %NULL for none
 * @size: the font size in points
 * @width: the width to lay out in, in the context's units
 *
 * A layout for printed pages: Sans, with the zh-cn language so that
 * Chinese names get Chinese glyph shapes on paper too. The caller says
 * whether it wraps or ellipsizes.
 *
 * Returns: (transfer full): the layout
 */
PangoLayout *
crm_gui_create_print_layout (GtkPrintContext *context,
                             const char      *text,
                             double           size,
                             gboolean         bold,
                             double           width)
{
  PangoLayout *layout = gtk_print_context_create_pango_layout (context);
  PangoAttrList *attrs = pango_attr_list_new ();
  PangoFontDescription *font = pango_font_description_from_string ("Sans");

  pango_font_description_set_size (font, (int) (size * PANGO_SCALE));
  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  pango_attr_list_insert (attrs, pango_attr_language_new (pango_language_from_string ("zh-cn")));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_text (layout, text ? text : "", -1);
  return layout;
}
