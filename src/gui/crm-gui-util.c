/* crm-gui-util.c: small helpers shared by the views
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-gui-util"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

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

/* ------------------------------------------------------------------ */
/* Days and times picked, not only typed                               */

/* The row's text with its date part ("2026-11-24", at the start) or its
 * time part ("10:30", after the last space or the whole) replaced */
static void
replace_part (AdwEntryRow *row,
              gboolean     date,
              const char  *value)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  const char *space = strrchr (text, ' ');
  g_autofree char *next = NULL;
  int y, m, d;

  if (date)
    next = space != NULL && sscanf (text, "%d-%d-%d", &y, &m, &d) == 3
           ? g_strconcat (value, space, NULL) : g_strdup (value);
  else
    next = space != NULL ? g_strdup_printf ("%.*s %s", (int) (space - text), text, value) : g_strdup (value);
  gtk_editable_set_text (GTK_EDITABLE (row), next);
}

static void
on_day_selected_cb (GtkCalendar *calendar,
                    AdwEntryRow *row)
{
  g_autoptr(GDateTime) day = gtk_calendar_get_date (calendar);
  g_autofree char *value = g_date_time_format (day, "%Y-%m-%d");

  replace_part (row, TRUE, value);
  gtk_popover_popdown (GTK_POPOVER (gtk_widget_get_ancestor (GTK_WIDGET (calendar), GTK_TYPE_POPOVER)));
}

/* The calendar opens on the day the row holds */
static void
on_date_popover_show_cb (GtkPopover  *popover,
                         AdwEntryRow *row)
{
  GtkCalendar *calendar = GTK_CALENDAR (gtk_popover_get_child (popover));
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  g_autoptr(GDateTime) day = NULL;
  int y, m, d;

  if (sscanf (text, "%d-%d-%d", &y, &m, &d) == 3 && (day = g_date_time_new_local (y, m, d, 0, 0, 0)) != NULL)
    {
      g_signal_handlers_block_by_func (calendar, on_day_selected_cb, row);
      gtk_calendar_select_day (calendar, day);
      g_signal_handlers_unblock_by_func (calendar, on_day_selected_cb, row);
    }
}

/**
 * crm_gui_add_date_picker:
 * @row: a row holding a day as 2026-11-24 (alone, or before a time)
 *
 * Adds a button that opens a calendar to pick the day: typing stays for
 * the keyboard, the calendar is for everyone else.
 */
void
crm_gui_add_date_picker (AdwEntryRow *row)
{
  GtkWidget *button = gtk_menu_button_new ();
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *calendar = gtk_calendar_new ();

  g_return_if_fail (ADW_IS_ENTRY_ROW (row));

  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "x-office-calendar-symbolic");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _("Choose a Day"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Choose a Day"), -1);
  gtk_popover_set_child (GTK_POPOVER (popover), calendar);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
  g_signal_connect_object (calendar, "day-selected", G_CALLBACK (on_day_selected_cb), row, 0);
  g_signal_connect_object (popover, "show", G_CALLBACK (on_date_popover_show_cb), row, 0);
  adw_entry_row_add_suffix (row, button);
}

static void
on_time_clicked_cb (GtkButton   *button,
                    AdwEntryRow *row)
{
  replace_part (row, FALSE, gtk_button_get_label (button));
  gtk_popover_popdown (GTK_POPOVER (gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_POPOVER)));
}

/**
 * crm_gui_add_time_picker:
 * @row: a row holding a time as 10:30 (alone, or after a day)
 * @open_minute: the showroom opens (minutes after midnight)
 * @close_minute: … and closes
 * @step_minutes: the times offered are this far apart
 *
 * Adds a button that offers the times of the showroom's opening hours.
 */
void
crm_gui_add_time_picker (AdwEntryRow *row,
                         int          open_minute,
                         int          close_minute,
                         int          step_minutes)
{
  GtkWidget *button = gtk_menu_button_new ();
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *grid = gtk_grid_new ();
  guint n = 0;

  g_return_if_fail (ADW_IS_ENTRY_ROW (row));
  step_minutes = MAX (step_minutes, 5);

  gtk_grid_set_row_spacing (GTK_GRID (grid), 3);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 3);
  for (int m = open_minute; m < close_minute; m += step_minutes, n++)
    {
      g_autofree char *label = g_strdup_printf ("%02d:%02d", m / 60, m % 60);
      GtkWidget *time = gtk_button_new_with_label (label);

      gtk_widget_add_css_class (time, "flat");
      g_signal_connect_object (time, "clicked", G_CALLBACK (on_time_clicked_cb), row, 0);
      gtk_grid_attach (GTK_GRID (grid), time, n % 4, n / 4, 1, 1);
    }

  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "preferences-system-time-symbolic");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _("Choose a Time"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Choose a Time"), -1);
  gtk_popover_set_child (GTK_POPOVER (popover), grid);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
  adw_entry_row_add_suffix (row, button);
}

typedef struct
{
  CrmGuiCountFunc  func;
  gint64           arg;
  guint            count;
  GtkWidget       *widget;
  CrmGuiCountDone  done;
} CountJob;

static void
count_job_free (gpointer data)
{
  CountJob *job = data;

  g_clear_object (&job->widget);
  g_free (job);
}

static gpointer
count_thread (CrmStore      *worker,
              gpointer       data,
              GCancellable  *cancellable,
              GError       **error)
{
  CountJob *job = data;

  job->count = job->func (worker, job->arg);
  return job;
}

static void
on_counted_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  CountJob *job = crm_store_read_get_data (result);

  if (crm_store_read_finish (CRM_STORE (source), result, &error) == NULL)
    {
      g_message ("Could not count: %s", error->message);
      return;
    }
  /* A widget taken down meanwhile has nothing to show it on */
  if (gtk_widget_get_parent (job->widget) != NULL || GTK_IS_ROOT (job->widget))
    job->done (job->widget, job->count);
}

/**
 * crm_gui_count_async:
 *
 * Runs @func (a count on the store) and gives its answer to @done: at
 * once on a file, from a worker thread on a server so the window never
 * waits on the network for a label.
 */
void
crm_gui_count_async (GtkWidget       *widget,
                     CrmStore        *store,
                     CrmGuiCountFunc  func,
                     gint64           arg,
                     CrmGuiCountDone  done)
{
  CountJob *job;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (CRM_IS_STORE (store));

  if (!crm_store_reads_in_background (store))
    {
      done (widget, func (store, arg));
      return;
    }
  job = g_new0 (CountJob, 1);
  job->func = func;
  job->arg = arg;
  job->widget = g_object_ref (widget);
  job->done = done;
  crm_store_read_async (store, count_thread, job, count_job_free, NULL, NULL, on_counted_cb, NULL);
}

/**
 * crm_gui_find_toast_overlay:
 *
 * Returns: (transfer none) (nullable): the first toast overlay inside
 *   @root (a window's), for a toast from a dialog it opened
 */
AdwToastOverlay *
crm_gui_find_toast_overlay (GtkWidget *root)
{
  if (ADW_IS_TOAST_OVERLAY (root))
    return ADW_TOAST_OVERLAY (root);
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      AdwToastOverlay *found = crm_gui_find_toast_overlay (c);

      if (found != NULL)
        return found;
    }
  return NULL;
}
