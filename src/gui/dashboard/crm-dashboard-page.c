/* crm-dashboard-page.c: the managers' dashboard
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A period and a scope (the showroom or one sales consultant) on top; the
 * single numbers as tiles, each with its definition as tooltip; then the
 * charts in cards, each with a Table toggle showing the same numbers and
 * a button saving it as PNG. The figures are computed when the page is
 * shown and again, half a second after the last change, while it is.
 */
#define G_LOG_DOMAIN "crm-dashboard-page"

#include "config.h"

#include <glib/gi18n.h>

#include "crm-dashboard-page.h"
#include "crm-dashboard-report.h"
#include "crm-debug.h"
#include "crm-drill-window.h"
#include "crm-format.h"
#include "crm-gui-util.h"

struct _CrmDashboardPage
{
  AdwBin          parent_instance;

  CrmContext     *context;
  CrmKpiReport   *report;
  CrmKpiRange     range;
  GDate           from;
  GDate           to;
  gint64          owner_id;
  GArray         *scope_ids;        /* gint64, index of the scope dropdown */
  gboolean        dirty;
  guint           refresh_id;
  GCancellable   *cancellable;     /* the computation under way */
  gboolean        first_frame_done;
  GtkNativeDialog *chooser;

  GtkDropDown    *range_dropdown;
  GtkEntry       *from_entry;
  GtkEntry       *to_entry;
  GtkDropDown    *scope_dropdown;
  GtkLabel       *period_label;
  GtkFlowBox     *tiles;
  GtkGrid        *charts_box;

  GtkLabel       *tile_values[CRM_KPI_N_TILES];
  CrmChart       *charts[CRM_N_CHARTS];
  GtkStack       *stacks[CRM_N_CHARTS];
  GtkGrid        *tables[CRM_N_CHARTS];
  GtkToggleButton *table_toggles[CRM_N_CHARTS];
};

G_DEFINE_FINAL_TYPE (CrmDashboardPage, crm_dashboard_page, ADW_TYPE_BIN)

/* The charts in the order shown and printed, with their definition */
static const struct
{
  CrmChartKind kind;
  CrmKpiFigure figure;
} chart_order[CRM_N_CHARTS] = {
  { CRM_CHART_FUNNEL, CRM_KPI_FUNNEL },
  { CRM_CHART_TREND, CRM_KPI_TREND },
  { CRM_CHART_CHANNELS, CRM_KPI_CHANNELS },
  { CRM_CHART_LEADERBOARD, CRM_KPI_LEADERBOARD },
  { CRM_CHART_STAGES, CRM_KPI_STAGE_TIME },
  { CRM_CHART_LOST_REASONS, CRM_KPI_LOST_REASONS },
};

static void
fill_table (CrmDashboardPage *self,
            CrmChartKind      kind)
{
  GtkGrid *grid = self->tables[kind];
  GPtrArray *rows = crm_chart_get_table (self->charts[kind]);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (grid))) != NULL)
    gtk_grid_remove (grid, child);

  for (guint r = 0; r < rows->len; r++)
    {
      char **cells = g_ptr_array_index (rows, r);

      for (guint c = 0; cells[c] != NULL; c++)
        {
          GtkWidget *label = gtk_label_new (cells[c]);

          gtk_label_set_xalign (GTK_LABEL (label), c == 0 ? 0 : 1);
          gtk_label_set_selectable (GTK_LABEL (label), FALSE);
          if (r == 0)
            gtk_widget_add_css_class (label, "heading");
          else if (c > 0)
            gtk_widget_add_css_class (label, "numeric");
          if (c == 0)
            gtk_widget_set_hexpand (label, TRUE);
          gtk_grid_attach (grid, label, c, r, 1, 1);
        }
    }
}

static void
update_view (CrmDashboardPage *self)
{
  CrmKpiReport *r = self->report;
  g_autofree char *period = NULL;

  if (r == NULL)
    return;

  period = crm_kpi_format_period_for_display (r->zone, r->start, r->end);
  gtk_label_set_text (self->period_label, period);

  for (CrmKpiFigure f = 0; f < CRM_KPI_N_TILES; f++)
    {
      g_autofree char *value = crm_kpi_report_format (r, f);
      gtk_label_set_text (self->tile_values[f], value);
    }

  for (guint i = 0; i < CRM_N_CHARTS; i++)
    {
      crm_chart_set_report (self->charts[i], r);
      fill_table (self, i);
    }
}

static void
on_frame_after_paint_cb (GdkFrameClock    *clock,
                         CrmDashboardPage *self)
{
  g_signal_handlers_disconnect_by_func (clock, on_frame_after_paint_cb, self);
  /* the screenshot and benchmark hooks, when the dashboard opens first */
  crm_debug_first_frame (GTK_WIDGET (self));
}

static gboolean
read_custom_dates (CrmDashboardPage *self)
{
  const char *texts[2] = { gtk_editable_get_text (GTK_EDITABLE (self->from_entry)),
                           gtk_editable_get_text (GTK_EDITABLE (self->to_entry)) };
  GDate *dates[2] = { &self->from, &self->to };
  GtkEntry *entries[2] = { self->from_entry, self->to_entry };
  gboolean ok = TRUE;

  for (guint i = 0; i < 2; i++)
    {
      int y, m, d;

      g_date_clear (dates[i], 1);
      if (sscanf (texts[i], "%d-%d-%d", &y, &m, &d) == 3 &&
          g_date_valid_dmy (d, m, y))
        {
          g_date_set_dmy (dates[i], d, m, y);
          gtk_widget_remove_css_class (GTK_WIDGET (entries[i]), "error");
        }
      else
        {
          if (texts[i][0] != '\0')
            gtk_widget_add_css_class (GTK_WIDGET (entries[i]), "error");
          ok = FALSE;
        }
    }
  return ok;
}

static gboolean
bounds (CrmDashboardPage  *self,
        gint64            *now,
        gint64            *start,
        gint64            *end)
{
  *now = crm_clock_get_now (crm_context_get_clock (self->context));
  /* The showroom's days, weeks and months, whatever this desktop's zone */
  return crm_kpi_range_bounds (self->range, crm_store_get_time_zone (crm_context_get_store (self->context)),
                               *now, &self->from, &self->to, start, end);
}

/**
 * crm_dashboard_page_refresh:
 *
 * Computes the figures of the chosen period and scope now, on the main
 * thread (the page itself computes them in a worker).
 */
gboolean
crm_dashboard_page_refresh (CrmDashboardPage  *self,
                            GError           **error)
{
  gint64 now, start, end;
  CrmKpiReport *report;

  g_return_val_if_fail (CRM_IS_DASHBOARD_PAGE (self), FALSE);

  if (self->context == NULL)
    return FALSE;

  if (!bounds (self, &now, &start, &end))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Type the first and the last day of the period, as 2026-11-01."));
      return FALSE;
    }

  report = crm_kpi_compute (crm_context_get_store (self->context), start, end, self->owner_id, now, error);
  if (report == NULL)
    return FALSE;

  /* this is newer than any computation under way */
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  g_clear_pointer (&self->report, crm_kpi_report_free);
  self->report = report;
  self->dirty = FALSE;
  update_view (self);
  return TRUE;
}

static void
on_computed_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(CrmDashboardPage) self = user_data;
  g_autoptr(GError) error = NULL;
  CrmKpiReport *report = crm_kpi_compute_finish (CRM_STORE (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);
  if (report == NULL)
    {
      g_warning ("Dashboard: %s", error->message);
      return;
    }
  g_clear_pointer (&self->report, crm_kpi_report_free);
  self->report = report;
  update_view (self);

  if (!self->first_frame_done && gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

      self->first_frame_done = TRUE;
      if (clock != NULL)
        g_signal_connect (clock, "after-paint", G_CALLBACK (on_frame_after_paint_cb), self);
    }
}

/* Recomputes off the main thread; a newer request cancels an older one */
static void
refresh_or_warn (CrmDashboardPage *self)
{
  gint64 now, start, end;

  if (self->context == NULL)
    return;
  if (!bounds (self, &now, &start, &end))
    return;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_set_object (&self->cancellable, g_cancellable_new ());
  self->dirty = FALSE;
  crm_kpi_compute_async (crm_context_get_store (self->context), start, end, self->owner_id, now,
                         self->cancellable, on_computed_cb, g_object_ref (self));
}

static gboolean
refresh_timeout_cb (gpointer user_data)
{
  CrmDashboardPage *self = user_data;

  self->refresh_id = 0;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    refresh_or_warn (self);
  return G_SOURCE_REMOVE;
}

static void
on_store_changed_cb (CrmDashboardPage *self,
                     CrmEntity         entity,
                     gint64            id,
                     CrmStore         *store)
{
  self->dirty = TRUE;
  if (self->refresh_id == 0 && gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->refresh_id = g_timeout_add (500, refresh_timeout_cb, self);
}

static void
on_map_cb (CrmDashboardPage *self)
{
  if (self->dirty || self->report == NULL)
    refresh_or_warn (self);
}

static void
on_range_selected_cb (CrmDashboardPage *self)
{
  CrmKpiRange range = gtk_drop_down_get_selected (self->range_dropdown);
  gboolean custom = range == CRM_KPI_RANGE_CUSTOM;

  if (range >= CRM_KPI_N_RANGES)
    return;
  self->range = range;
  gtk_widget_set_visible (GTK_WIDGET (self->from_entry), custom);
  gtk_widget_set_visible (GTK_WIDGET (self->to_entry), custom);
  if (custom)
    {
      if (!read_custom_dates (self))
        {
          gtk_widget_grab_focus (GTK_WIDGET (self->from_entry));
          return;
        }
    }
  refresh_or_warn (self);
}

static void
on_custom_entry_activate_cb (CrmDashboardPage *self)
{
  if (read_custom_dates (self))
    refresh_or_warn (self);
}

static void
on_scope_selected_cb (CrmDashboardPage *self)
{
  guint i = gtk_drop_down_get_selected (self->scope_dropdown);

  if (self->scope_ids == NULL || i >= self->scope_ids->len)
    return;
  self->owner_id = g_array_index (self->scope_ids, gint64, i);
  refresh_or_warn (self);
}

static void
on_chart_item_activated_cb (CrmChart *chart,
                            guint     index,
                            gpointer  user_data)
{
  crm_dashboard_page_drill (CRM_DASHBOARD_PAGE (user_data), crm_chart_get_kind (chart), index);
}

static void
on_table_toggled_cb (GtkToggleButton  *toggle,
                     CrmDashboardPage *self)
{
  CrmChartKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (toggle), "kind"));

  gtk_stack_set_visible_child_name (self->stacks[kind],
                                    gtk_toggle_button_get_active (toggle) ? "table" : "chart");
}

/* ------------------------------------------------------------------ */
/* Export                                                              */

static char *
scope_label (CrmDashboardPage *self)
{
  guint i = gtk_drop_down_get_selected (self->scope_dropdown);
  GListModel *model = gtk_drop_down_get_model (self->scope_dropdown);

  if (model != NULL && i < g_list_model_get_n_items (model))
    return g_strdup (gtk_string_list_get_string (GTK_STRING_LIST (model), i));
  return g_strdup (_("Whole showroom"));
}

static void
show_error (CrmDashboardPage *self,
            const char       *heading,
            GError           *error)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                              heading, error->message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

typedef enum { EXPORT_CSV, EXPORT_PDF, EXPORT_PNG } ExportKind;

static void
on_export_response_cb (GtkNativeDialog  *chooser,
                       int               response,
                       CrmDashboardPage *self)
{
  ExportKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "export-kind"));
  CrmChartKind chart = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "chart"));

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (file);
      g_autoptr(GError) error = NULL;
      gboolean ok = FALSE;

      if (path != NULL)
        {
          if (kind == EXPORT_CSV)
            ok = crm_dashboard_page_export_csv (self, path, &error);
          else if (kind == EXPORT_PDF)
            ok = crm_dashboard_page_export_pdf (self, path, &error);
          else
            ok = crm_chart_save_png (self->charts[chart], path, &error);
        }
      if (!ok && error != NULL)
        show_error (self, _("Could Not Export"), error);
    }
  g_clear_object (&self->chooser);
}

static void
start_export (CrmDashboardPage *self,
              ExportKind        kind,
              CrmChartKind      chart)
{
  static const char * const titles[] = {
    N_("Export Numbers as CSV"), N_("Export Report as PDF"), N_("Save Chart as PNG"),
  };
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *chooser;
  g_autofree char *name = NULL;
  g_autofree char *day = NULL;
  g_autoptr(GDateTime) start = NULL;

  if (self->chooser != NULL || self->report == NULL)
    return;

  start = crm_time_in_zone (self->report->zone, self->report->start);
  day = g_date_time_format (start, "%Y-%m-%d");
  chooser = gtk_file_chooser_native_new (_(titles[kind]), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  /* Translators: file names; the date is the first day of the period */
  if (kind == EXPORT_CSV)
    name = g_strdup_printf (_("dashboard-%s.csv"), day);
  else if (kind == EXPORT_PDF)
    name = g_strdup_printf (_("sales-report-%s.pdf"), day);
  else
    name = g_strdup_printf (_("chart-%s.png"), day);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_object_set_data (G_OBJECT (chooser), "export-kind", GINT_TO_POINTER (kind));
  g_object_set_data (G_OBJECT (chooser), "chart", GINT_TO_POINTER (chart));
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_export_response_cb), self, 0);
  self->chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (self->chooser);
}

static void
export_csv_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  start_export (CRM_DASHBOARD_PAGE (widget), EXPORT_CSV, 0);
}

static void
export_pdf_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  start_export (CRM_DASHBOARD_PAGE (widget), EXPORT_PDF, 0);
}

static void
save_chart_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  int kind = g_variant_get_int32 (parameter);

  if (kind >= 0 && kind < CRM_N_CHARTS)
    start_export (CRM_DASHBOARD_PAGE (widget), EXPORT_PNG, kind);
}

/* ------------------------------------------------------------------ */

static void
build_tiles (CrmDashboardPage *self)
{
  for (CrmKpiFigure f = 0; f < CRM_KPI_N_TILES; f++)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
      GtkWidget *caption = gtk_label_new (crm_kpi_figure_get_label (f));
      GtkWidget *value = gtk_label_new ("—");

      gtk_widget_add_css_class (box, "card");
      gtk_widget_add_css_class (box, "kpi-tile");
      gtk_widget_set_focusable (box, TRUE);
      gtk_widget_set_tooltip_text (box, crm_kpi_figure_get_definition (f));
      gtk_label_set_xalign (GTK_LABEL (caption), 0);
      gtk_label_set_ellipsize (GTK_LABEL (caption), PANGO_ELLIPSIZE_END);
      gtk_widget_add_css_class (caption, "dim-label");
      gtk_widget_add_css_class (caption, "caption");
      gtk_label_set_xalign (GTK_LABEL (value), 0);
      gtk_widget_add_css_class (value, "title-2");
      gtk_widget_add_css_class (value, "numeric");
      if (f == CRM_KPI_GROSS_PROFIT)
        gtk_widget_add_css_class (value, "dim-label");
      gtk_box_append (GTK_BOX (box), caption);
      gtk_box_append (GTK_BOX (box), value);
      gtk_accessible_update_relation (GTK_ACCESSIBLE (box),
                                      GTK_ACCESSIBLE_RELATION_LABELLED_BY, caption, value, NULL, -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (box),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, crm_kpi_figure_get_definition (f),
                                      -1);
      self->tile_values[f] = GTK_LABEL (value);
      gtk_flow_box_append (self->tiles, box);
    }
}

static void
build_charts (CrmDashboardPage *self)
{
  for (guint i = 0; i < CRM_N_CHARTS; i++)
    {
      CrmChartKind kind = chart_order[i].kind;
      GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
      GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *title = gtk_label_new (crm_kpi_figure_get_label (chart_order[i].figure));
      GtkWidget *toggle = gtk_toggle_button_new_with_mnemonic (_("_Table"));
      GtkWidget *save = gtk_button_new_from_icon_name ("document-save-symbolic");
      GtkWidget *chart = crm_chart_new (kind);
      GtkWidget *stack = gtk_stack_new ();
      GtkWidget *grid = gtk_grid_new ();
      /* A wide table scrolls sideways rather than widening the window */
      GtkWidget *table_scroller = gtk_scrolled_window_new ();

      gtk_widget_add_css_class (card, "card");
      gtk_widget_add_css_class (card, "chart-card");
      gtk_label_set_xalign (GTK_LABEL (title), 0);
      gtk_widget_set_hexpand (title, TRUE);
      gtk_widget_add_css_class (title, "heading");
      gtk_widget_set_tooltip_text (title, crm_kpi_figure_get_definition (chart_order[i].figure));
      gtk_widget_add_css_class (toggle, "flat");
      gtk_widget_set_tooltip_text (toggle, _("Show the numbers as a table"));
      g_object_set_data (G_OBJECT (toggle), "kind", GINT_TO_POINTER (kind));
      g_signal_connect (toggle, "toggled", G_CALLBACK (on_table_toggled_cb), self);
      gtk_widget_add_css_class (save, "flat");
      gtk_widget_set_tooltip_text (save, _("Save Chart as PNG…"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (save), "dashboard.save-chart");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (save), "i", (gint32) kind);
      gtk_accessible_update_property (GTK_ACCESSIBLE (save),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Save Chart as PNG"), -1);

      gtk_widget_set_margin_start (header, 12);
      gtk_widget_set_margin_end (header, 6);
      gtk_widget_set_margin_top (header, 6);
      gtk_box_append (GTK_BOX (header), title);
      gtk_box_append (GTK_BOX (header), toggle);
      gtk_box_append (GTK_BOX (header), save);

      gtk_grid_set_column_spacing (GTK_GRID (grid), 18);
      gtk_grid_set_row_spacing (GTK_GRID (grid), 4);
      gtk_widget_set_margin_start (grid, 12);
      gtk_widget_set_margin_end (grid, 12);
      gtk_widget_set_margin_bottom (grid, 12);
      gtk_stack_add_named (GTK_STACK (stack), chart, "chart");
      gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (table_scroller),
                                      GTK_POLICY_AUTOMATIC, GTK_POLICY_NEVER);
      gtk_scrolled_window_set_propagate_natural_width (GTK_SCROLLED_WINDOW (table_scroller), TRUE);
      gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (table_scroller), TRUE);
      gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (table_scroller), grid);
      gtk_stack_add_named (GTK_STACK (stack), table_scroller, "table");
      gtk_stack_set_vhomogeneous (GTK_STACK (stack), FALSE);
      gtk_stack_set_interpolate_size (GTK_STACK (stack), FALSE);
      g_signal_connect (chart, "item-activated", G_CALLBACK (on_chart_item_activated_cb), self);

      gtk_box_append (GTK_BOX (card), header);
      gtk_box_append (GTK_BOX (card), stack);
      gtk_grid_attach (self->charts_box, card, i % 2, i / 2, 1, 1);

      self->charts[kind] = CRM_CHART (chart);
      self->stacks[kind] = GTK_STACK (stack);
      self->tables[kind] = GTK_GRID (grid);
      self->table_toggles[kind] = GTK_TOGGLE_BUTTON (toggle);
    }
}

static void
crm_dashboard_page_dispose (GObject *object)
{
  CrmDashboardPage *self = CRM_DASHBOARD_PAGE (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);
  g_clear_object (&self->context);
  g_clear_pointer (&self->report, crm_kpi_report_free);
  g_clear_pointer (&self->scope_ids, g_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), CRM_TYPE_DASHBOARD_PAGE);

  G_OBJECT_CLASS (crm_dashboard_page_parent_class)->dispose (object);
}

static void
crm_dashboard_page_class_init (CrmDashboardPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = crm_dashboard_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/showroomcrm/Showroom/crm-dashboard-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CrmDashboardPage, range_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CrmDashboardPage, from_entry);
  gtk_widget_class_bind_template_child (widget_class, CrmDashboardPage, to_entry);
  gtk_widget_class_bind_template_child (widget_class, CrmDashboardPage, scope_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CrmDashboardPage, period_label);
  gtk_widget_class_bind_template_child (widget_class, CrmDashboardPage, tiles);
  gtk_widget_class_bind_template_child_full (widget_class, "charts", FALSE,
                                             G_STRUCT_OFFSET (CrmDashboardPage, charts_box));
  gtk_widget_class_bind_template_callback (widget_class, on_custom_entry_activate_cb);

  gtk_widget_class_install_action (widget_class, "dashboard.export-csv", NULL, export_csv_action);
  gtk_widget_class_install_action (widget_class, "dashboard.export-pdf", NULL, export_pdf_action);
  gtk_widget_class_install_action (widget_class, "dashboard.save-chart", "i", save_chart_action);

  g_type_ensure (CRM_TYPE_CHART);
}

static void
crm_dashboard_page_init (CrmDashboardPage *self)
{
  g_autoptr(GtkStringList) ranges = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->range = CRM_KPI_RANGE_LAST_30_DAYS;
  g_date_clear (&self->from, 1);
  g_date_clear (&self->to, 1);
  for (CrmKpiRange r = 0; r < CRM_KPI_N_RANGES; r++)
    gtk_string_list_append (ranges, crm_kpi_range_get_label (r));
  gtk_drop_down_set_model (self->range_dropdown, G_LIST_MODEL (ranges));
  gtk_drop_down_set_selected (self->range_dropdown, self->range);
  g_signal_connect_swapped (self->range_dropdown, "notify::selected",
                            G_CALLBACK (on_range_selected_cb), self);
  g_signal_connect_swapped (self->scope_dropdown, "notify::selected",
                            G_CALLBACK (on_scope_selected_cb), self);
  g_signal_connect (self, "map", G_CALLBACK (on_map_cb), NULL);

}

/* The tiles and charts are built when the view is first filled (the
 * window builds every view at start; this one only when it is shown) */
static void
ensure_built (CrmDashboardPage *self)
{
  if (self->charts[0] != NULL)
    return;
  build_tiles (self);
  build_charts (self);
}

/* ------------------------------------------------------------------ */
/* Public API                                                          */

void
crm_dashboard_page_set_context (CrmDashboardPage *self,
                                CrmContext       *context)
{
  g_autoptr(GtkStringList) scopes = gtk_string_list_new (NULL);
  g_autoptr(GListModel) staff = NULL;
  gint64 none = 0;

  g_return_if_fail (CRM_IS_DASHBOARD_PAGE (self));
  g_return_if_fail (CRM_IS_CONTEXT (context));

  ensure_built (self);

  if (self->context != NULL)
    g_signal_handlers_disconnect_by_func (crm_context_get_store (self->context),
                                          on_store_changed_cb, self);
  g_set_object (&self->context, context);
  g_signal_connect_object (crm_context_get_store (context), "changed",
                           G_CALLBACK (on_store_changed_cb), self, G_CONNECT_SWAPPED);

  /* The scope: the showroom, or one sales consultant */
  g_clear_pointer (&self->scope_ids, g_array_unref);
  self->scope_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gtk_string_list_append (scopes, _("Whole showroom"));
  g_array_append_val (self->scope_ids, none);
  staff = crm_staff_store_list (crm_store_get_staff_store (crm_context_get_store (context)), TRUE);
  crm_gui_append_owners (scopes, self->scope_ids, staff, TRUE, 0, 0);
  /* a sales consultant sees his or her own figures first */
  self->owner_id = 0;
  {
    CrmStaff *me = crm_context_get_current_staff (context);

    if (me != NULL && crm_staff_get_role (me) == CRM_ROLE_SALES)
      self->owner_id = crm_staff_get_id (me);
  }
  g_signal_handlers_block_by_func (self->scope_dropdown, on_scope_selected_cb, self);
  gtk_drop_down_set_model (self->scope_dropdown, G_LIST_MODEL (scopes));
  gtk_drop_down_set_selected (self->scope_dropdown, 0);
  for (guint i = 0; i < self->scope_ids->len; i++)
    if (g_array_index (self->scope_ids, gint64, i) == self->owner_id)
      gtk_drop_down_set_selected (self->scope_dropdown, i);
  g_signal_handlers_unblock_by_func (self->scope_dropdown, on_scope_selected_cb, self);

  self->dirty = TRUE;
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->report, crm_kpi_report_free);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    refresh_or_warn (self);
}

/**
 * crm_dashboard_page_set_range:
 * @from: (nullable): first day, for %CRM_KPI_RANGE_CUSTOM
 * @to: (nullable): last day, for %CRM_KPI_RANGE_CUSTOM
 */
void
crm_dashboard_page_set_range (CrmDashboardPage *self,
                              CrmKpiRange       range,
                              const GDate      *from,
                              const GDate      *to)
{
  g_return_if_fail (CRM_IS_DASHBOARD_PAGE (self));

  if (range == CRM_KPI_RANGE_CUSTOM && from != NULL && to != NULL)
    {
      char buf[16];

      g_date_strftime (buf, sizeof buf, "%Y-%m-%d", from);
      gtk_editable_set_text (GTK_EDITABLE (self->from_entry), buf);
      g_date_strftime (buf, sizeof buf, "%Y-%m-%d", to);
      gtk_editable_set_text (GTK_EDITABLE (self->to_entry), buf);
    }
  if (gtk_drop_down_get_selected (self->range_dropdown) == range)
    on_range_selected_cb (self);
  else
    gtk_drop_down_set_selected (self->range_dropdown, range);
}

void
crm_dashboard_page_set_scope (CrmDashboardPage *self,
                              gint64            owner_id)
{
  g_return_if_fail (CRM_IS_DASHBOARD_PAGE (self));

  for (guint i = 0; self->scope_ids != NULL && i < self->scope_ids->len; i++)
    if (g_array_index (self->scope_ids, gint64, i) == owner_id)
      gtk_drop_down_set_selected (self->scope_dropdown, i);
}

/**
 * crm_dashboard_page_get_loading:
 *
 * Returns: whether figures are being computed
 */
gboolean
crm_dashboard_page_get_loading (CrmDashboardPage *self)
{
  g_return_val_if_fail (CRM_IS_DASHBOARD_PAGE (self), FALSE);
  return self->cancellable != NULL;
}

CrmKpiReport *
crm_dashboard_page_get_report (CrmDashboardPage *self)
{
  g_return_val_if_fail (CRM_IS_DASHBOARD_PAGE (self), NULL);
  return self->report;
}

CrmChart *
crm_dashboard_page_get_chart (CrmDashboardPage *self,
                              CrmChartKind      kind)
{
  g_return_val_if_fail (CRM_IS_DASHBOARD_PAGE (self), NULL);
  ensure_built (self);
  g_return_val_if_fail (kind < CRM_N_CHARTS, NULL);
  return self->charts[kind];
}

void
crm_dashboard_page_show_table (CrmDashboardPage *self,
                               CrmChartKind      kind,
                               gboolean          table)
{
  g_return_if_fail (CRM_IS_DASHBOARD_PAGE (self));
  ensure_built (self);
  gtk_toggle_button_set_active (self->table_toggles[kind], table);
}

/**
 * crm_dashboard_page_drill:
 * @index: the chart's item (a funnel step, a channel, a sales consultant)
 *
 * Opens the list of the customers behind that number.
 *
 * Returns: (transfer none) (nullable): the window, or %NULL when nothing
 *   is behind the item
 */
GtkWindow *
crm_dashboard_page_drill (CrmDashboardPage *self,
                          CrmChartKind      kind,
                          guint             index)
{
  static const int reach_of_step[CRM_KPI_N_STEPS] = { 0, 1, 2, 3, 5, 6 };
  CrmChart *chart;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *period = NULL;
  gint64 drill;
  int reach = 0, channel = -1;
  gint64 rep = -1;
  GtkWindow *window;
  GtkRoot *root;

  g_return_val_if_fail (CRM_IS_DASHBOARD_PAGE (self), NULL);

  chart = self->charts[kind];
  if (self->report == NULL || index >= crm_chart_get_n_items (chart) ||
      (drill = crm_chart_get_item_drill (chart, index)) < 0)
    return NULL;

  switch (kind)
    {
    case CRM_CHART_FUNNEL:
      reach = reach_of_step[drill];
      title = g_strdup_printf (_("Leads: %s"), crm_kpi_step_get_label (drill));
      break;
    case CRM_CHART_CHANNELS:
      channel = drill;
      title = g_strdup_printf (_("Leads from %s"), crm_channel_get_label (drill));
      break;
    case CRM_CHART_LEADERBOARD:
      {
        CrmKpiRep *r = g_ptr_array_index (self->report->reps, index);
        rep = drill;
        title = g_strdup_printf (_("Leads of %s"), r->name);
      }
      break;
    default:
      return NULL;
    }

  ids = crm_kpi_store_customer_ids (crm_store_get_kpi_store (crm_context_get_store (self->context)),
                                    self->report->start, self->report->end, self->report->owner_id,
                                    reach, channel, rep, &error);
  if (ids == NULL)
    {
      show_error (self, _("Could Not List the Customers"), error);
      return NULL;
    }

  period = crm_kpi_format_period_for_display (self->report->zone, self->report->start, self->report->end);
  subtitle = g_strdup_printf (g_dngettext (NULL, "%s · %u customer", "%s · %u customers", ids->len),
                              period, ids->len);
  window = crm_drill_window_new (self->context, title, subtitle, ids);
  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (GTK_IS_WINDOW (root))
    {
      gtk_window_set_transient_for (window, GTK_WINDOW (root));
      gtk_window_set_application (window, gtk_window_get_application (GTK_WINDOW (root)));
    }
  gtk_window_present (window);
  return window;
}

gboolean
crm_dashboard_page_export_csv (CrmDashboardPage  *self,
                               const char        *path,
                               GError           **error)
{
  g_return_val_if_fail (CRM_IS_DASHBOARD_PAGE (self), FALSE);

  if (self->report == NULL && !crm_dashboard_page_refresh (self, error))
    return FALSE;
  return crm_kpi_report_write_csv (self->report, path, error);
}

gboolean
crm_dashboard_page_export_pdf (CrmDashboardPage  *self,
                               const char        *path,
                               GError           **error)
{
  g_autoptr(GPtrArray) charts = g_ptr_array_new ();
  g_autofree char *showroom = NULL;
  g_autofree char *scope = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  g_return_val_if_fail (CRM_IS_DASHBOARD_PAGE (self), FALSE);

  if (self->report == NULL && !crm_dashboard_page_refresh (self, error))
    return FALSE;

  for (guint i = 0; i < CRM_N_CHARTS; i++)
    g_ptr_array_add (charts, self->charts[chart_order[i].kind]);
  showroom = crm_store_dup_showroom_name (crm_context_get_store (self->context));
  scope = scope_label (self);
  return crm_dashboard_report_export_pdf (self->report, showroom, scope, charts,
                                          GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, path, error);
}
