/* crm-kpi-export.c: the dashboard's numbers as CSV
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * UTF-8 with a byte order mark (so Excel in Chinese reads it as UTF-8),
 * CRLF line ends and RFC 4180 quoting. Numbers are written plainly (a dot
 * for decimals, no thousands separator, no currency sign) with their unit
 * in a column of its own, so a spreadsheet reads them as numbers.
 */
#define G_LOG_DOMAIN "crm-kpi-export"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "crm-kpi.h"

/**
 * crm_kpi_csv_append_field:
 *
 * Appends @field to @line, quoted when it holds a comma, a quote or a
 * line break (RFC 4180). The caller writes the commas.
 */
void
crm_kpi_csv_append_field (GString    *line,
                          const char *field)
{
  if (field == NULL)
    return;
  if (strpbrk (field, ",\"\r\n") == NULL)
    {
      g_string_append (line, field);
      return;
    }
  g_string_append_c (line, '"');
  for (const char *p = field; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (line, '"');
      g_string_append_c (line, *p);
    }
  g_string_append_c (line, '"');
}

static void
add_row (GString    *csv,
         const char *section,
         const char *item,
         const char *value,
         const char *unit,
         const char *definition)
{
  const char *fields[] = { section, item, value, unit, definition };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      if (i > 0)
        g_string_append_c (csv, ',');
      crm_kpi_csv_append_field (csv, fields[i]);
    }
  g_string_append (csv, "\r\n");
}

static char *
number (double value,
        int    digits)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (value < 0)
    return g_strdup ("");
  return g_strdup (g_ascii_formatd (buf, sizeof buf, digits == 0 ? "%.0f" : "%.1f", value));
}

static void
add_count (GString    *csv,
           const char *section,
           const char *item,
           guint       count,
           const char *definition)
{
  g_autofree char *value = g_strdup_printf ("%u", count);

  add_row (csv, section, item, value, _("count"), definition);
}

static void
add_rate (GString    *csv,
          const char *section,
          const char *item,
          double      rate,
          const char *definition)
{
  g_autofree char *value = number (rate < 0 ? -1 : rate * 100, 1);

  add_row (csv, section, item, value, "%", definition);
}

static void
add_days (GString    *csv,
          const char *section,
          const char *item,
          double      days,
          const char *definition)
{
  g_autofree char *value = number (days, 1);

  add_row (csv, section, item, value, _("days"), definition);
}

/**
 * crm_kpi_report_to_csv:
 * @length: (out) (optional): bytes written
 *
 * Returns: (transfer full): the whole report as CSV, BOM included
 */
char *
crm_kpi_report_to_csv (CrmKpiReport *report,
                       gsize        *length)
{
  GString *csv = g_string_new ("\xEF\xBB\xBF");
  g_autofree char *period = NULL;
  const char *section;

  g_return_val_if_fail (report != NULL, NULL);

  period = crm_kpi_format_period (report->zone, report->start, report->end);
  add_row (csv, _("Section"), _("Item"), _("Value"), _("Unit"), _("Definition"));
  add_row (csv, _("Period"), period, NULL, NULL, NULL);

  section = _("Summary");
  add_count (csv, section, crm_kpi_figure_get_label (CRM_KPI_LEADS), report->funnel[0],
             crm_kpi_figure_get_definition (CRM_KPI_LEADS));
  for (CrmKpiFigure f = CRM_KPI_INVITATION_RATE; f <= CRM_KPI_LOST_RATE; f++)
    add_rate (csv, section, crm_kpi_figure_get_label (f), crm_kpi_report_get_rate (report, f),
              crm_kpi_figure_get_definition (f));
  add_count (csv, section, crm_kpi_figure_get_label (CRM_KPI_ORDERS), report->orders,
             crm_kpi_figure_get_definition (CRM_KPI_ORDERS));
  {
    g_autofree char *yuan = g_strdup_printf ("%" G_GINT64_FORMAT ".%02d",
                                             report->revenue / 100, (int) (report->revenue % 100));
    add_row (csv, section, crm_kpi_figure_get_label (CRM_KPI_REVENUE), yuan, _("CNY"),
             crm_kpi_figure_get_definition (CRM_KPI_REVENUE));
  }
  add_row (csv, section, crm_kpi_figure_get_label (CRM_KPI_GROSS_PROFIT), _("Not yet recorded"), NULL,
           crm_kpi_figure_get_definition (CRM_KPI_GROSS_PROFIT));
  add_days (csv, section, crm_kpi_figure_get_label (CRM_KPI_CYCLE_AVERAGE), report->cycle_average_days,
            crm_kpi_figure_get_definition (CRM_KPI_CYCLE_AVERAGE));
  add_days (csv, section, crm_kpi_figure_get_label (CRM_KPI_CYCLE_MEDIAN), report->cycle_median_days,
            crm_kpi_figure_get_definition (CRM_KPI_CYCLE_MEDIAN));
  add_rate (csv, section, crm_kpi_figure_get_label (CRM_KPI_PUNCTUALITY),
            crm_kpi_report_get_rate (report, CRM_KPI_PUNCTUALITY),
            crm_kpi_figure_get_definition (CRM_KPI_PUNCTUALITY));
  add_count (csv, section, crm_kpi_figure_get_label (CRM_KPI_OVERDUE), report->overdue,
             crm_kpi_figure_get_definition (CRM_KPI_OVERDUE));

  section = crm_kpi_figure_get_label (CRM_KPI_FUNNEL);
  for (CrmKpiStep s = 0; s < CRM_KPI_N_STEPS; s++)
    add_count (csv, section, crm_kpi_step_get_label (s), report->funnel[s],
               s == 0 ? crm_kpi_figure_get_definition (CRM_KPI_FUNNEL) : NULL);

  section = crm_kpi_figure_get_label (CRM_KPI_CHANNELS);
  for (int c = 0; c < CRM_N_CHANNELS; c++)
    {
      g_autofree char *item = NULL;

      if (report->channel_leads[c] == 0)
        continue;
      add_count (csv, section, crm_channel_get_label (c), report->channel_leads[c],
                 crm_kpi_figure_get_definition (CRM_KPI_LEADS));
      item = g_strdup_printf ("%s · %s", crm_channel_get_label (c),
                              crm_kpi_figure_get_label (CRM_KPI_ORDER_RATE_LEADS));
      add_rate (csv, section, item, crm_kpi_ratio (report->channel_ordered[c], report->channel_leads[c]),
                crm_kpi_figure_get_definition (CRM_KPI_ORDER_RATE_LEADS));
    }

  section = crm_kpi_figure_get_label (CRM_KPI_LOST_REASONS);
  for (int r = 1; r < CRM_N_LOST_REASONS; r++)
    add_count (csv, section, crm_lost_reason_get_label (r), report->lost_by_reason[r], NULL);

  section = crm_kpi_figure_get_label (CRM_KPI_STAGE_TIME);
  for (int s = CRM_STAGE_NEW_LEAD; s <= CRM_STAGE_ORDERED; s++)
    add_days (csv, section, crm_stage_get_label (s), report->stage_days[s],
              s == 0 ? crm_kpi_figure_get_definition (CRM_KPI_STAGE_TIME) : NULL);

  section = crm_kpi_figure_get_label (CRM_KPI_TREND);
  for (guint i = 0; i < report->trend->len; i++)
    {
      CrmKpiTrendPoint *p = &g_array_index (report->trend, CrmKpiTrendPoint, i);
      g_autofree char *when = crm_kpi_format_period (report->zone, p->start, p->end);
      g_autofree char *leads = g_strdup_printf ("%s · %s", when, crm_kpi_figure_get_label (CRM_KPI_LEADS));
      g_autofree char *ords = g_strdup_printf ("%s · %s", when, crm_kpi_figure_get_label (CRM_KPI_ORDERS));

      add_count (csv, section, leads, p->leads, NULL);
      add_count (csv, section, ords, p->orders, NULL);
    }

  section = crm_kpi_figure_get_label (CRM_KPI_LEADERBOARD);
  for (guint i = 0; i < report->reps->len; i++)
    {
      CrmKpiRep *rep = g_ptr_array_index (report->reps, i);
      g_autofree char *a = g_strdup_printf ("%s · %s", rep->name, crm_kpi_figure_get_label (CRM_KPI_LEADS));
      g_autofree char *b = g_strdup_printf ("%s · %s", rep->name, crm_kpi_figure_get_label (CRM_KPI_ORDERS));
      g_autofree char *c = g_strdup_printf ("%s · %s", rep->name, crm_kpi_figure_get_label (CRM_KPI_ORDER_RATE_LEADS));
      g_autofree char *d = g_strdup_printf ("%s · %s", rep->name, crm_kpi_figure_get_label (CRM_KPI_OVERDUE));

      add_count (csv, section, a, rep->leads, NULL);
      add_count (csv, section, b, rep->orders, NULL);
      add_rate (csv, section, c, crm_kpi_ratio (rep->ordered, rep->leads), NULL);
      add_count (csv, section, d, rep->overdue, NULL);
    }

  if (length != NULL)
    *length = csv->len;
  return g_string_free (csv, FALSE);
}

gboolean
crm_kpi_report_write_csv (CrmKpiReport  *report,
                          const char    *path,
                          GError       **error)
{
  gsize length;
  g_autofree char *csv = crm_kpi_report_to_csv (report, &length);

  return g_file_set_contents (path, csv, length, error);
}
