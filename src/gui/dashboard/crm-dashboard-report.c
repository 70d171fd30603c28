/* crm-dashboard-report.c: the whole dashboard as a PDF report
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GtkPrintOperation exporting to a file (works without a printer and
 * without a display server's print dialog). Page 1: the numbers; then the
 * charts, two a page, drawn from their render nodes (vector, as on
 * screen; a chart not shown yet is written as its table); last, every
 * definition. All text carries the zh-cn language so Pango picks Chinese
 * glyph shapes, not Japanese ones.
 */
#define G_LOG_DOMAIN "crm-dashboard-report"

#include "config.h"

#include <glib/gi18n.h>

#include "crm-chart.h"
#include "crm-dashboard-report.h"
#include "crm-gui-util.h"

#define MARGIN 0.0  /* the page setup's margins are ours */
#define CHARTS_PER_PAGE 2
#define DEFINITIONS_PER_PAGE 10

typedef struct
{
  CrmKpiReport *report;
  const char   *showroom;
  const char   *scope;
  GPtrArray    *charts;
  guint         chart_pages;
} Job;

/* Draws @text at @y and returns the y below it */
static double
put_text (GtkPrintContext *context,
          const char      *text,
          double           x,
          double           y,
          double           width,
          double           size,
          gboolean         bold)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  g_autoptr(PangoLayout) layout = crm_gui_create_print_layout (context, text, size, bold, width);
  int h;

  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
  pango_layout_get_size (layout, NULL, &h);
  return y + (double) h / PANGO_SCALE;
}

static void
begin_print_cb (GtkPrintOperation *operation,
                GtkPrintContext   *context,
                Job               *job)
{
  job->chart_pages = (job->charts->len + CHARTS_PER_PAGE - 1) / CHARTS_PER_PAGE;
  gtk_print_operation_set_n_pages (operation,
                                   1 + job->chart_pages +
                                   (CRM_KPI_N_FIGURES + DEFINITIONS_PER_PAGE - 1) / DEFINITIONS_PER_PAGE);
}

static void
draw_summary (GtkPrintContext *context,
              Job             *job,
              double           width)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  g_autofree char *period = crm_kpi_format_period_for_display (job->report->zone, job->report->start, job->report->end);
  g_autofree char *title = g_strdup_printf (_("Sales report · %s"), job->showroom ? job->showroom : "");
  g_autofree char *subtitle = g_strdup_printf ("%s · %s", period, job->scope ? job->scope : "");
  double y = 0;

  y = put_text (context, title, 0, y, width, 16, TRUE) + 4;
  y = put_text (context, subtitle, 0, y, width, 10, FALSE) + 16;

  for (CrmKpiFigure f = 0; f < CRM_KPI_N_TILES; f++)
    {
      g_autofree char *value = crm_kpi_report_format (job->report, f);
      double next;

      put_text (context, crm_kpi_figure_get_label (f), 0, y, width * 0.55, 11, FALSE);
      next = put_text (context, value, width * 0.6, y, width * 0.4, 11, TRUE);
      cairo_set_source_rgba (cr, 0, 0, 0, 0.15);
      cairo_rectangle (cr, 0, next + 3, width, 0.5);
      cairo_fill (cr);
      cairo_set_source_rgb (cr, 0, 0, 0);
      y = next + 8;
    }

  y += 12;
  y = put_text (context, crm_kpi_figure_get_label (CRM_KPI_LOST_REASONS), 0, y, width, 12, TRUE) + 4;
  for (int r = CRM_LOST_REASON_PRICE; r < CRM_N_LOST_REASONS; r++)
    {
      g_autofree char *n = g_strdup_printf ("%u", job->report->lost_by_reason[r]);

      put_text (context, crm_lost_reason_get_label (r), 0, y, width * 0.55, 10, FALSE);
      y = put_text (context, n, width * 0.6, y, width * 0.4, 10, FALSE) + 2;
    }
}

static double
draw_chart (GtkPrintContext *context,
            CrmChart        *chart,
            double           y,
            double           width,
            double           max_height)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  int cw = gtk_widget_get_width (GTK_WIDGET (chart));
  int ch = gtk_widget_get_height (GTK_WIDGET (chart));
  g_autoptr(GskRenderNode) node = NULL;

  y = put_text (context, crm_chart_get_title (chart), 0, y, width, 13, TRUE) + 6;

  if (cw > 0 && ch > 0)
    node = crm_chart_render_node (chart, cw, ch);

  if (node != NULL)
    {
      double scale = MIN (width / cw, (max_height - 30) / ch);

      cairo_save (cr);
      /* GSK draws text at the current point: leave none behind the title */
      cairo_new_path (cr);
      cairo_translate (cr, 0, y);
      cairo_scale (cr, scale, scale);
      gsk_render_node_draw (node, cr);
      cairo_restore (cr);
      return y + ch * scale + 16;
    }
  else
    {
      /* not laid out (the dashboard was never shown): its numbers */
      GPtrArray *table = crm_chart_get_table (chart);

      for (guint i = 0; i < table->len; i++)
        {
          g_autofree char *line = g_strjoinv ("    ", g_ptr_array_index (table, i));
          y = put_text (context, line, 0, y, width, 9, i == 0) + 1;
        }
      return y + 16;
    }
}

static void
draw_definitions (GtkPrintContext *context,
                  guint            first,
                  double           width)
{
  double y = 0;

  if (first == 0)
    y = put_text (context, _("Definitions"), 0, y, width, 14, TRUE) + 8;
  for (guint f = first; f < MIN (first + DEFINITIONS_PER_PAGE, CRM_KPI_N_FIGURES); f++)
    {
      y = put_text (context, crm_kpi_figure_get_label (f), 0, y, width, 10, TRUE) + 1;
      y = put_text (context, crm_kpi_figure_get_definition (f), 0, y, width, 9, FALSE) + 8;
    }
}

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page,
              Job               *job)
{
  double width = gtk_print_context_get_width (context);
  double height = gtk_print_context_get_height (context);
  cairo_t *cr = gtk_print_context_get_cairo_context (context);

  cairo_set_source_rgb (cr, 0, 0, 0);

  if (page == 0)
    {
      draw_summary (context, job, width);
    }
  else if ((guint) page <= job->chart_pages)
    {
      double y = 0;

      for (guint i = (page - 1) * CHARTS_PER_PAGE;
           i < MIN ((guint) page * CHARTS_PER_PAGE, job->charts->len); i++)
        y = draw_chart (context, g_ptr_array_index (job->charts, i), y, width, height / CHARTS_PER_PAGE);
    }
  else
    {
      draw_definitions (context, (page - 1 - job->chart_pages) * DEFINITIONS_PER_PAGE, width);
    }
}

/**
 * crm_dashboard_report_export_pdf:
 * @charts: (element-type CrmChart): the charts, in the order to print
 * @parent: (nullable): the window the operation belongs to
 *
 * Writes the report to @path as PDF.
 */
gboolean
crm_dashboard_report_export_pdf (CrmKpiReport  *report,
                                 const char    *showroom,
                                 const char    *scope,
                                 GPtrArray     *charts,
                                 GtkWindow     *parent,
                                 const char    *path,
                                 GError       **error)
{
  g_autoptr(GtkPrintOperation) operation = gtk_print_operation_new ();
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  Job job = { report, showroom, scope, charts, 0 };
  GtkPrintOperationResult result;

  g_return_val_if_fail (report != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  gtk_page_setup_set_paper_size_and_default_margins (setup, a4);
  gtk_print_operation_set_default_page_setup (operation, setup);
  gtk_print_operation_set_export_filename (operation, path);
  gtk_print_operation_set_job_name (operation, _("Sales report"));
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  g_signal_connect (operation, "begin-print", G_CALLBACK (begin_print_cb), &job);
  g_signal_connect (operation, "draw-page", G_CALLBACK (draw_page_cb), &job);

  result = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT, parent, error);
  return result != GTK_PRINT_OPERATION_RESULT_ERROR;
}
