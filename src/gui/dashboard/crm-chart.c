/* crm-chart.c: one chart of the dashboard, drawn with GtkSnapshot
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each chart is a list of items (a funnel step, a channel, a week, a stage,
 * a sales consultant, a lost reason) with one or two values. Horizontal
 * bars for all but the trend, which is two lines. Colours are the
 * libadwaita named colours, looked up at each draw, so light and dark
 * both work; nothing animates. The item under the pointer gives the
 * tooltip with the exact values; clicking an item, or Enter on the item
 * chosen with the arrow keys, emits ::item-activated for the drill-down.
 */
#define G_LOG_DOMAIN "crm-chart"

#include "config.h"

#include <glib/gi18n.h>

#include "crm-chart.h"
#include "crm-format.h"
#include "crm-gui-util.h"

#define PAD      12
#define ROW_H    30
#define CHANNEL_ROW_H 40
#define TREND_H  240

typedef struct
{
  char     *label;
  double    value[2];
  char     *text[2];
  char     *tooltip;
  gint64    drill;      /* -1: nothing behind it */
  gboolean  chinese;    /* the label is a person's name */
  graphene_rect_t hit;
} Item;

struct _CrmChart
{
  GtkWidget     parent_instance;

  CrmChartKind  kind;
  GArray       *items;      /* Item */
  double        max[2];
  char         *summary;
  GPtrArray    *table;      /* GStrv rows, the first the header */
  int           hover;
  int           cursor;
};

enum { ITEM_ACTIVATED, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CrmChart, crm_chart, GTK_TYPE_WIDGET)

static const char * const titles[CRM_N_CHARTS] = {
  [CRM_CHART_FUNNEL] = N_("Conversion funnel"),
  [CRM_CHART_CHANNELS] = N_("Channels"),
  [CRM_CHART_TREND] = N_("Trend"),
  [CRM_CHART_STAGES] = N_("Time in stage"),
  [CRM_CHART_LEADERBOARD] = N_("Sales consultants"),
  [CRM_CHART_LOST_REASONS] = N_("Lost reasons"),
};

static void
item_clear (gpointer data)
{
  Item *item = data;

  g_free (item->label);
  g_free (item->text[0]);
  g_free (item->text[1]);
  g_free (item->tooltip);
}

static Item *
add_item (CrmChart   *self,
          const char *label,
          double      v0,
          double      v1,
          gint64      drill)
{
  Item item = { 0 };

  item.label = g_strdup (label);
  item.value[0] = v0;
  item.value[1] = v1;
  item.drill = drill;
  g_array_append_val (self->items, item);
  self->max[0] = MAX (self->max[0], v0);
  self->max[1] = MAX (self->max[1], v1);
  return &g_array_index (self->items, Item, self->items->len - 1);
}

static void
add_table_row (CrmChart   *self,
               const char *first,
               ...)
{
  GPtrArray *row = g_ptr_array_new ();
  va_list args;

  va_start (args, first);
  for (const char *cell = first; cell != NULL; cell = va_arg (args, const char *))
    g_ptr_array_add (row, g_strdup (cell));
  va_end (args);
  g_ptr_array_add (row, NULL);
  g_ptr_array_add (self->table, g_ptr_array_free (row, FALSE));
}

static char *
count_text (guint n)
{
  return g_strdup_printf ("%u", n);
}

static void
build_funnel (CrmChart     *self,
              CrmKpiReport *r)
{
  add_table_row (self, _("Step"), _("Deals"), _("Of the step before"), NULL);
  for (guint s = 0; s < CRM_KPI_N_STEPS; s++)
    {
      /* Test drive is a share of Visited and Ordered too, as the rates say;
       * the funnel shows the step before, as a funnel reads */
      double share = s == 0 ? -1 : crm_kpi_ratio (r->funnel[s], r->funnel[s - 1]);
      g_autofree char *pct = crm_kpi_format_rate (share);
      g_autofree char *n = count_text (r->funnel[s]);
      Item *item = add_item (self, crm_kpi_step_get_label (s), r->funnel[s], 0, s);

      item->text[0] = s == 0 ? g_strdup (n) : g_strdup_printf ("%s · %s", n, pct);
      item->tooltip = s == 0
        ? g_strdup_printf (_("%s: %u leads created in the period"), item->label, r->funnel[s])
        : g_strdup_printf (_("%s: %u of the period’s leads (%s of %s)"), item->label, r->funnel[s],
                           pct, crm_kpi_step_get_label (s - 1));
      add_table_row (self, item->label, n, s == 0 ? "" : pct, NULL);
    }
  self->summary = g_strdup_printf (_("%u leads, %u invited, %u visited, %u test drives, %u ordered, %u delivered"),
                                   r->funnel[0], r->funnel[1], r->funnel[2], r->funnel[3],
                                   r->funnel[4], r->funnel[5]);
}

static void
build_channels (CrmChart     *self,
                CrmKpiReport *r)
{
  GString *summary = g_string_new (NULL);

  int order[CRM_N_CHANNELS];

  /* biggest channel first */
  for (int c = 0; c < CRM_N_CHANNELS; c++)
    order[c] = c;
  for (int i = 1; i < CRM_N_CHANNELS; i++)
    for (int j = i; j > 0 && r->channel_leads[order[j]] > r->channel_leads[order[j - 1]]; j--)
      {
        int t = order[j];
        order[j] = order[j - 1];
        order[j - 1] = t;
      }

  add_table_row (self, _("Channel"), _("Leads"), _("Reached Ordered"), _("Order rate"), NULL);
  for (int i = 0; i < CRM_N_CHANNELS; i++)
    {
      int c = order[i];
      double rate = crm_kpi_ratio (r->channel_ordered[c], r->channel_leads[c]);
      g_autofree char *pct = crm_kpi_format_rate (rate);
      g_autofree char *n = count_text (r->channel_leads[c]);
      g_autofree char *o = count_text (r->channel_ordered[c]);
      Item *item;

      if (r->channel_leads[c] == 0)
        continue;
      item = add_item (self, crm_channel_get_label (c), r->channel_leads[c], MAX (rate, 0), c);
      item->text[0] = g_strdup_printf (g_dngettext (NULL, "%u lead", "%u leads", r->channel_leads[c]),
                                       r->channel_leads[c]);
      item->text[1] = g_strdup (pct);
      item->tooltip = g_strdup_printf (_("%s: %u leads, %u of them reached Ordered (order rate %s)"),
                                       item->label, r->channel_leads[c], r->channel_ordered[c], pct);
      add_table_row (self, item->label, n, o, pct, NULL);
      g_string_append_printf (summary, "%s%s %u (%s)", summary->len ? ", " : "",
                              item->label, r->channel_leads[c], pct);
    }
  self->summary = g_string_free (summary, FALSE);
}

static void
build_trend (CrmChart     *self,
             CrmKpiReport *r)
{
  GString *summary = g_string_new (NULL);

  add_table_row (self, r->trend_monthly ? _("Month") : _("Week"), _("Leads"), _("Orders"), NULL);
  for (guint i = 0; i < r->trend->len; i++)
    {
      CrmKpiTrendPoint *p = &g_array_index (r->trend, CrmKpiTrendPoint, i);
      g_autoptr(GDateTime) dt = crm_time_in_zone (r->zone, p->start);
      g_autofree char *label = g_date_time_format (dt, r->trend_monthly ? "%Y-%m" : "%m-%d");
      g_autofree char *period = crm_kpi_format_period_for_display (r->zone, p->start, p->end);
      g_autofree char *n = count_text (p->leads);
      g_autofree char *o = count_text (p->orders);
      Item *item = add_item (self, label, p->leads, p->orders, -1);

      /* the week or month under way is not over: say so */
      if (p->end > r->now)
        item->tooltip = g_strdup_printf (_("%s (so far): %u leads, %u orders"), period, p->leads, p->orders);
      else
        item->tooltip = g_strdup_printf (_("%s: %u leads, %u orders"), period, p->leads, p->orders);
      add_table_row (self, period, n, o, NULL);
      g_string_append_printf (summary, "%s%s %u/%u", summary->len ? ", " : "", label, p->leads, p->orders);
    }
  self->summary = g_strdup_printf (_("Leads/orders per period: %s"), summary->str);
  g_string_free (summary, TRUE);
  self->max[0] = self->max[1] = MAX (self->max[0], self->max[1]);
}

static void
build_stages (CrmChart     *self,
              CrmKpiReport *r)
{
  GString *summary = g_string_new (NULL);

  add_table_row (self, _("Stage"), _("Average days"), _("Stays"), NULL);
  for (int s = CRM_STAGE_NEW_LEAD; s <= CRM_STAGE_ORDERED; s++)
    {
      g_autofree char *days = crm_kpi_format_days (r->stage_days[s]);
      g_autofree char *n = count_text (r->stays[s]);
      Item *item = add_item (self, crm_stage_get_label (s), MAX (r->stage_days[s], 0), 0, -1);

      item->text[0] = g_strdup (days);
      item->tooltip = g_strdup_printf (_("%s: %s on average over %u stays that ended in the period"),
                                       item->label, days, r->stays[s]);
      add_table_row (self, item->label, days, n, NULL);
      g_string_append_printf (summary, "%s%s %s", summary->len ? ", " : "", item->label, days);
    }
  self->summary = g_string_free (summary, FALSE);
}

static void
build_leaderboard (CrmChart     *self,
                   CrmKpiReport *r)
{
  GString *summary = g_string_new (NULL);

  add_table_row (self, _("Sales consultant"), _("Leads"), _("Orders"), _("Order rate"),
                 _("Overdue follow-ups"), NULL);
  for (guint i = 0; i < r->reps->len; i++)
    {
      CrmKpiRep *rep = g_ptr_array_index (r->reps, i);
      g_autofree char *pct = crm_kpi_format_rate (crm_kpi_ratio (rep->ordered, rep->leads));
      g_autofree char *l = count_text (rep->leads);
      g_autofree char *o = count_text (rep->orders);
      g_autofree char *d = count_text (rep->overdue);
      Item *item = add_item (self, rep->name, rep->leads, rep->orders, rep->staff_id);

      item->chinese = TRUE;
      /* Translators: leads, orders, order rate and overdue follow-ups of a sales consultant */
      item->text[0] = g_strdup_printf (_("%u leads · %u orders · %s · %u overdue"),
                                       rep->leads, rep->orders, pct, rep->overdue);
      item->tooltip = g_strdup_printf (_("%s: %u leads in the period, %u orders in the period, "
                                         "order rate of the leads %s, %u follow-ups overdue now"),
                                       rep->name, rep->leads, rep->orders, pct, rep->overdue);
      add_table_row (self, rep->name, l, o, pct, d, NULL);
      g_string_append_printf (summary, "%s%s %u/%u", summary->len ? ", " : "", rep->name, rep->leads, rep->orders);
    }
  self->max[0] = self->max[1] = MAX (self->max[0], self->max[1]);
  self->summary = g_strdup_printf (_("Leads/orders per sales consultant: %s"), summary->str);
  g_string_free (summary, TRUE);
}

static void
build_lost_reasons (CrmChart     *self,
                    CrmKpiReport *r)
{
  GString *summary = g_string_new (NULL);

  add_table_row (self, _("Reason"), _("Deals"), _("Share"), NULL);
  for (int reason = CRM_LOST_REASON_PRICE; reason < CRM_N_LOST_REASONS; reason++)
    {
      guint n = r->lost_by_reason[reason];
      g_autofree char *pct = crm_kpi_format_rate (crm_kpi_ratio (n, r->lost));
      g_autofree char *c = count_text (n);
      Item *item = add_item (self, crm_lost_reason_get_label (reason), n, 0, -1);

      item->text[0] = g_strdup_printf ("%u · %s", n, pct);
      item->tooltip = g_strdup_printf (_("%s: %u of %u deals lost in the period (%s)"),
                                       item->label, n, r->lost, pct);
      add_table_row (self, item->label, c, pct, NULL);
      g_string_append_printf (summary, "%s%s %u", summary->len ? ", " : "", item->label, n);
    }
  self->summary = g_string_free (summary, FALSE);
}

static void
draw_bar (GtkSnapshot   *snapshot,
          const GdkRGBA *color,
          double         x,
          double         y,
          double         w,
          double         h)
{
  GskRoundedRect rect;

  if (w < 1)
    w = 1;
  gsk_rounded_rect_init_from_rect (&rect, &GRAPHENE_RECT_INIT (x, y, w, h), 3);
  gtk_snapshot_push_rounded_clip (snapshot, &rect);
  gtk_snapshot_append_color (snapshot, color, &rect.bounds);
  gtk_snapshot_pop (snapshot);
}

#define LEGEND_H 22

/* Which colour is which, for the charts with two values per item */
static const char *
legend_text (CrmChart *self,
             guint     k)
{
  switch (self->kind)
    {
    case CRM_CHART_CHANNELS:
      return k == 0 ? _("Leads") : _("Order rate of leads");
    case CRM_CHART_LEADERBOARD:
    case CRM_CHART_TREND:
      return k == 0 ? _("Leads") : _("Orders");
    default:
      return NULL;
    }
}

static gboolean
has_legend (CrmChart *self)
{
  return legend_text (self, 0) != NULL;
}

static void draw_bar (GtkSnapshot *snapshot, const GdkRGBA *color, double x, double y, double w, double h);

static void
draw_legend (CrmChart      *self,
             GtkSnapshot   *snapshot,
             double         x,
             const GdkRGBA *dim,
             const GdkRGBA *colors)
{
  for (guint k = 0; k < 2; k++)
    {
      g_autoptr(PangoLayout) layout = crm_gui_create_layout (GTK_WIDGET (self), legend_text (self, k), FALSE, FALSE, TRUE);
      int w;

      draw_bar (snapshot, &colors[k], x, PAD + 4, 14, 6);
      pango_layout_get_pixel_size (layout, &w, NULL);
      crm_gui_snapshot_layout (snapshot, layout, x + 18, PAD - 3, dim);
      x += 18 + w + 16;
    }
}

static gboolean
is_empty (CrmChart *self)
{
  return self->items->len == 0 || (self->max[0] <= 0 && self->max[1] <= 0);
}

static void
draw_empty (CrmChart      *self,
            GtkSnapshot   *snapshot,
            const GdkRGBA *dim)
{
  g_autoptr(PangoLayout) layout = crm_gui_create_layout (GTK_WIDGET (self), _("Nothing in this period"),
                                                           FALSE, FALSE, FALSE);
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  crm_gui_snapshot_layout (snapshot, layout, (gtk_widget_get_width (GTK_WIDGET (self)) - w) / 2.0,
                           (gtk_widget_get_height (GTK_WIDGET (self)) - h) / 2.0, dim);
}

static void
draw_bars (CrmChart      *self,
           GtkSnapshot   *snapshot,
           const GdkRGBA *fg,
           const GdkRGBA *dim,
           const GdkRGBA *colors)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  gboolean two = self->kind == CRM_CHART_CHANNELS || self->kind == CRM_CHART_LEADERBOARD;
  gboolean own_scale = self->kind == CRM_CHART_CHANNELS;
  double row_h = self->kind == CRM_CHART_CHANNELS ? CHANNEL_ROW_H : ROW_H;
  double label_w = CLAMP (width * 0.22, 80, 150);
  double text_w = 0;
  double bar_x = PAD + label_w + 8;
  double bar_w;
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < self->items->len; i++)
    {
      Item *item = &g_array_index (self->items, Item, i);
      for (guint k = 0; k < 2; k++)
        {
          PangoLayout *layout = item->text[k] ? crm_gui_create_layout (GTK_WIDGET (self), item->text[k], FALSE, FALSE, two) : NULL;
          int w = 0;

          if (layout)
            pango_layout_get_pixel_size (layout, &w, NULL);
          text_w = MAX (text_w, w);
          g_ptr_array_add (texts, layout ? layout : crm_gui_create_layout (GTK_WIDGET (self), "", FALSE, FALSE, FALSE));
        }
    }
  text_w = MIN (text_w, width * 0.45);
  if (has_legend (self))
    draw_legend (self, snapshot, bar_x, dim, colors);
  bar_w = MAX (10, width - bar_x - PAD - text_w - 8);

  for (guint i = 0; i < self->items->len; i++)
    {
      Item *item = &g_array_index (self->items, Item, i);
      double y = PAD + (has_legend (self) ? LEGEND_H : 0) + i * row_h;
      g_autoptr(PangoLayout) label = crm_gui_create_layout (GTK_WIDGET (self), item->label, item->chinese, FALSE, FALSE);
      int lh;

      item->hit = GRAPHENE_RECT_INIT (0, y, width, row_h);
      if ((int) i == self->hover || ((int) i == self->cursor && gtk_widget_has_focus (GTK_WIDGET (self))))
        {
          GdkRGBA shade = *fg;
          shade.alpha = (int) i == self->hover ? 0.06f : 0.1f;
          gtk_snapshot_append_color (snapshot, &shade, &GRAPHENE_RECT_INIT (4, y, width - 8, row_h));
        }

      pango_layout_set_width (label, label_w * PANGO_SCALE);
      pango_layout_get_pixel_size (label, NULL, &lh);
      crm_gui_snapshot_layout (snapshot, label, PAD, y + (row_h - lh) / 2, fg);

      for (guint k = 0; k < (two ? 2u : 1u); k++)
        {
          double max = own_scale ? self->max[k] : self->max[0];
          double h = two ? (row_h - 10) / 2 : row_h - 10;
          double by = y + 5 + k * h;
          double w = max > 0 ? bar_w * item->value[k] / max : 0;
          PangoLayout *text = g_ptr_array_index (texts, i * 2 + k);
          int th;

          if (!(two && !own_scale && k == 1) || item->value[1] > 0)
            draw_bar (snapshot, &colors[k], bar_x, two && !own_scale ? y + 5 : by, w,
                      two && !own_scale ? row_h - 10 : h - 2);
          if (two && !own_scale)
            continue;
          pango_layout_set_width (text, text_w * PANGO_SCALE);
          pango_layout_get_pixel_size (text, NULL, &th);
          crm_gui_snapshot_layout (snapshot, text, bar_x + w + 6, by + (h - 2 - th) / 2, dim);
        }
      if (two && !own_scale)
        {
          PangoLayout *text = g_ptr_array_index (texts, i * 2);
          int th;

          pango_layout_set_width (text, text_w * PANGO_SCALE);
          pango_layout_get_pixel_size (text, NULL, &th);
          crm_gui_snapshot_layout (snapshot, text, bar_x + bar_w + 8, y + (row_h - th) / 2, dim);
        }
    }
}

static void
draw_trend (CrmChart      *self,
            GtkSnapshot   *snapshot,
            const GdkRGBA *fg,
            const GdkRGBA *dim,
            const GdkRGBA *colors)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  double left = PAD + 36, right = width - PAD, top = PAD + 24, bottom = height - PAD - 20;
  guint n = self->items->len;
  double step = n > 1 ? (right - left) / (n - 1) : 0;
  double max = self->max[0] > 0 ? self->max[0] : 1;
  g_autofree char *max_text = g_strdup_printf ("%.0f", max);
  g_autoptr(PangoLayout) max_layout = crm_gui_create_layout (GTK_WIDGET (self), max_text, FALSE, FALSE, TRUE);
  g_autoptr(PangoLayout) zero = crm_gui_create_layout (GTK_WIDGET (self), "0", FALSE, FALSE, TRUE);
  GdkRGBA grid = *fg;
  cairo_t *cr;
  double lx = left;

  grid.alpha = 0.12f;
  gtk_snapshot_append_color (snapshot, &grid, &GRAPHENE_RECT_INIT (left, top, right - left, 1));
  gtk_snapshot_append_color (snapshot, &grid, &GRAPHENE_RECT_INIT (left, (top + bottom) / 2, right - left, 1));
  gtk_snapshot_append_color (snapshot, &grid, &GRAPHENE_RECT_INIT (left, bottom, right - left, 1));
  crm_gui_snapshot_layout (snapshot, max_layout, PAD, top - 8, dim);
  crm_gui_snapshot_layout (snapshot, zero, PAD, bottom - 8, dim);

  draw_legend (self, snapshot, lx, dim, colors);

  for (guint i = 0; i < n; i++)
    {
      Item *item = &g_array_index (self->items, Item, i);
      double x = left + i * step;

      item->hit = GRAPHENE_RECT_INIT (x - step / 2, top, MAX (step, 1), bottom - top + 20);
      if ((int) i == self->hover || ((int) i == self->cursor && gtk_widget_has_focus (GTK_WIDGET (self))))
        gtk_snapshot_append_color (snapshot, &grid, &GRAPHENE_RECT_INIT (x - 1, top, 2, bottom - top));
      /* a date under every other point, enough to read the axis */
      if (i % 2 == (n - 1) % 2)
        {
          g_autoptr(PangoLayout) label = crm_gui_create_layout (GTK_WIDGET (self), item->label, FALSE, FALSE, TRUE);
          int w;

          pango_layout_get_pixel_size (label, &w, NULL);
          crm_gui_snapshot_layout (snapshot, label, CLAMP (x - w / 2.0, PAD, width - PAD - w), bottom + 4, dim);
        }
    }

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  cairo_set_line_width (cr, 2);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (guint k = 0; k < 2; k++)
    {
      gdk_cairo_set_source_rgba (cr, &colors[k]);
      for (guint i = 0; i < n; i++)
        {
          Item *item = &g_array_index (self->items, Item, i);
          double x = left + i * step;
          double y = bottom - (bottom - top) * item->value[k] / max;

          if (i == 0)
            cairo_move_to (cr, x, y);
          else
            cairo_line_to (cr, x, y);
        }
      cairo_stroke (cr);
      for (guint i = 0; i < n; i++)
        {
          Item *item = &g_array_index (self->items, Item, i);
          double x = left + i * step;
          double y = bottom - (bottom - top) * item->value[k] / max;

          cairo_arc (cr, x, y, (int) i == self->hover ? 4.5 : 3, 0, 2 * G_PI);
          cairo_fill (cr);
        }
    }
  cairo_destroy (cr);
}

static void
crm_chart_snapshot (GtkWidget   *widget,
                    GtkSnapshot *snapshot)
{
  CrmChart *self = CRM_CHART (widget);
  GtkStyleContext *context = gtk_widget_get_style_context (widget);
  GdkRGBA fg, dim, colors[2];

  gtk_style_context_get_color (context, &fg);
  dim = fg;
  dim.alpha *= 0.7f;

  switch (self->kind)
    {
    case CRM_CHART_FUNNEL:
    case CRM_CHART_CHANNELS:
    case CRM_CHART_TREND:
    case CRM_CHART_LEADERBOARD:
    default:
      colors[0] = crm_gui_lookup_color (widget, "accent_color", (GdkRGBA) { 0.11f, 0.44f, 0.85f, 1 });
      colors[1] = crm_gui_lookup_color (widget, "success_color", (GdkRGBA) { 0.15f, 0.55f, 0.31f, 1 });
      break;
    case CRM_CHART_STAGES:
      colors[0] = colors[1] = crm_gui_lookup_color (widget, "warning_color", (GdkRGBA) { 0.61f, 0.39f, 0, 1 });
      break;
    case CRM_CHART_LOST_REASONS:
      colors[0] = colors[1] = crm_gui_lookup_color (widget, "error_color", (GdkRGBA) { 0.75f, 0.11f, 0.16f, 1 });
      break;
    }
  if (self->kind == CRM_CHART_LEADERBOARD)
    colors[0].alpha *= 0.35f;

  if (is_empty (self))
    draw_empty (self, snapshot, &dim);
  else if (self->kind == CRM_CHART_TREND)
    draw_trend (self, snapshot, &fg, &dim, colors);
  else
    draw_bars (self, snapshot, &fg, &dim, colors);
}

static void
crm_chart_measure (GtkWidget      *widget,
                   GtkOrientation  orientation,
                   int             for_size,
                   int            *minimum,
                   int            *natural,
                   int            *minimum_baseline,
                   int            *natural_baseline)
{
  CrmChart *self = CRM_CHART (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 280;
      *natural = 400;
      return;
    }

  if (self->kind == CRM_CHART_TREND)
    *minimum = TREND_H;
  else
    *minimum = 2 * PAD + (has_legend (self) ? LEGEND_H : 0) + MAX (self->items->len, 2) *
               (self->kind == CRM_CHART_CHANNELS ? CHANNEL_ROW_H : ROW_H);
  *natural = *minimum;
}

int
crm_chart_get_item_at (CrmChart *self,
                       double    x,
                       double    y)
{
  g_return_val_if_fail (CRM_IS_CHART (self), -1);

  for (guint i = 0; i < self->items->len; i++)
    {
      Item *item = &g_array_index (self->items, Item, i);

      if (graphene_rect_contains_point (&item->hit, &GRAPHENE_POINT_INIT (x, y)))
        return i;
    }
  return -1;
}

static gboolean
crm_chart_query_tooltip (GtkWidget  *widget,
                         int         x,
                         int         y,
                         gboolean    keyboard,
                         GtkTooltip *tooltip)
{
  CrmChart *self = CRM_CHART (widget);
  int index = keyboard ? self->cursor : crm_chart_get_item_at (self, x, y);
  g_autofree char *text = NULL;

  if (index < 0 || (guint) index >= self->items->len)
    return FALSE;
  text = crm_chart_dup_tooltip (self, index);
  gtk_tooltip_set_text (tooltip, text);
  gtk_tooltip_set_tip_area (tooltip, &(GdkRectangle) {
    g_array_index (self->items, Item, index).hit.origin.x,
    g_array_index (self->items, Item, index).hit.origin.y,
    g_array_index (self->items, Item, index).hit.size.width,
    g_array_index (self->items, Item, index).hit.size.height });
  return TRUE;
}

static void
set_hover (CrmChart *self,
           int       index)
{
  if (self->hover == index)
    return;
  self->hover = index;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_motion_cb (GtkEventControllerMotion *motion,
              double                    x,
              double                    y,
              CrmChart                 *self)
{
  int index = crm_chart_get_item_at (self, x, y);

  set_hover (self, index);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self),
                                   index >= 0 && g_array_index (self->items, Item, index).drill >= 0
                                   ? "pointer" : NULL);
}

static void
on_leave_cb (GtkEventControllerMotion *motion,
             CrmChart                 *self)
{
  set_hover (self, -1);
}

static void
activate_item (CrmChart *self,
               int       index)
{
  if (index >= 0 && (guint) index < self->items->len &&
      g_array_index (self->items, Item, index).drill >= 0)
    g_signal_emit (self, signals[ITEM_ACTIVATED], 0, (guint) index);
}

static void
on_click_released_cb (GtkGestureClick *gesture,
                      int              n_press,
                      double           x,
                      double           y,
                      CrmChart        *self)
{
  int index = crm_chart_get_item_at (self, x, y);

  if (index >= 0)
    self->cursor = index;
  activate_item (self, index);
}

static gboolean
on_key_pressed_cb (GtkEventControllerKey *key,
                   guint                  keyval,
                   guint                  keycode,
                   GdkModifierType        state,
                   CrmChart              *self)
{
  int n = self->items->len;
  gboolean vertical = self->kind != CRM_CHART_TREND;

  if (n == 0)
    return FALSE;

  switch (keyval)
    {
    case GDK_KEY_Up:
    case GDK_KEY_Left:
      if ((keyval == GDK_KEY_Up) != vertical)
        return FALSE;
      self->cursor = MAX (0, self->cursor - 1);
      break;
    case GDK_KEY_Down:
    case GDK_KEY_Right:
      if ((keyval == GDK_KEY_Down) != vertical)
        return FALSE;
      self->cursor = MIN (n - 1, self->cursor + 1);
      break;
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_space:
      activate_item (self, self->cursor);
      return TRUE;
    default:
      return FALSE;
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
  gtk_widget_trigger_tooltip_query (GTK_WIDGET (self));
  return TRUE;
}

static void
crm_chart_finalize (GObject *object)
{
  CrmChart *self = CRM_CHART (object);

  g_clear_pointer (&self->items, g_array_unref);
  g_clear_pointer (&self->table, g_ptr_array_unref);
  g_free (self->summary);

  G_OBJECT_CLASS (crm_chart_parent_class)->finalize (object);
}

static void
crm_chart_class_init (CrmChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = crm_chart_finalize;
  widget_class->snapshot = crm_chart_snapshot;
  widget_class->measure = crm_chart_measure;
  widget_class->query_tooltip = crm_chart_query_tooltip;

  /**
   * CrmChart::item-activated:
   * @index: the item clicked or chosen with Enter
   *
   * Only for items with something behind them (crm_chart_get_item_drill).
   */
  signals[ITEM_ACTIVATED] = g_signal_new ("item-activated", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_css_name (widget_class, "crm-chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
crm_chart_init (CrmChart *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkGesture *click = gtk_gesture_click_new ();
  GtkEventController *key = gtk_event_controller_key_new ();

  self->items = g_array_new (FALSE, TRUE, sizeof (Item));
  g_array_set_clear_func (self->items, item_clear);
  self->table = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  self->hover = -1;

  g_signal_connect (motion, "motion", G_CALLBACK (on_motion_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  g_signal_connect (click, "released", G_CALLBACK (on_click_released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  g_signal_connect (key, "key-pressed", G_CALLBACK (on_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), key);

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
}

GtkWidget *
crm_chart_new (CrmChartKind kind)
{
  CrmChart *self = g_object_new (CRM_TYPE_CHART, NULL);

  self->kind = kind;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _(titles[kind]),
                                  -1);
  return GTK_WIDGET (self);
}

CrmChartKind
crm_chart_get_kind (CrmChart *self)
{
  g_return_val_if_fail (CRM_IS_CHART (self), 0);
  return self->kind;
}

const char *
crm_chart_get_title (CrmChart *self)
{
  g_return_val_if_fail (CRM_IS_CHART (self), NULL);
  return _(titles[self->kind]);
}

/**
 * crm_chart_set_report:
 *
 * Takes the chart's numbers from @report (the chart keeps no reference)
 * and describes them to assistive technologies.
 */
void
crm_chart_set_report (CrmChart     *self,
                      CrmKpiReport *report)
{
  g_return_if_fail (CRM_IS_CHART (self));
  g_return_if_fail (report != NULL);

  g_array_set_size (self->items, 0);
  g_ptr_array_set_size (self->table, 0);
  g_clear_pointer (&self->summary, g_free);
  self->max[0] = self->max[1] = 0;
  self->hover = -1;
  self->cursor = 0;

  switch (self->kind)
    {
    case CRM_CHART_FUNNEL: build_funnel (self, report); break;
    case CRM_CHART_CHANNELS: build_channels (self, report); break;
    case CRM_CHART_TREND: build_trend (self, report); break;
    case CRM_CHART_STAGES: build_stages (self, report); break;
    case CRM_CHART_LEADERBOARD: build_leaderboard (self, report); break;
    case CRM_CHART_LOST_REASONS: build_lost_reasons (self, report); break;
    default: g_assert_not_reached ();
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, self->summary,
                                  -1);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

const char *
crm_chart_get_summary (CrmChart *self)
{
  g_return_val_if_fail (CRM_IS_CHART (self), NULL);
  return self->summary;
}

guint
crm_chart_get_n_items (CrmChart *self)
{
  g_return_val_if_fail (CRM_IS_CHART (self), 0);
  return self->items->len;
}

char *
crm_chart_dup_tooltip (CrmChart *self,
                       guint     index)
{
  g_return_val_if_fail (CRM_IS_CHART (self), NULL);
  g_return_val_if_fail (index < self->items->len, NULL);
  return g_strdup (g_array_index (self->items, Item, index).tooltip);
}

/**
 * crm_chart_get_item_drill:
 *
 * Returns: what is behind item @index (a funnel step, a #CrmChannel, a
 *   staff id), or -1 for nothing
 */
gint64
crm_chart_get_item_drill (CrmChart *self,
                          guint     index)
{
  g_return_val_if_fail (CRM_IS_CHART (self), -1);
  g_return_val_if_fail (index < self->items->len, -1);
  return g_array_index (self->items, Item, index).drill;
}

/**
 * crm_chart_get_table:
 *
 * Returns: (transfer none) (element-type GStrv): the chart's numbers as
 *   rows of text, the first row the column titles
 */
GPtrArray *
crm_chart_get_table (CrmChart *self)
{
  g_return_val_if_fail (CRM_IS_CHART (self), NULL);
  return self->table;
}

/**
 * crm_chart_render_node:
 *
 * Returns: (transfer full) (nullable): the chart drawn at its current size
 */
GskRenderNode *
crm_chart_render_node (CrmChart *self,
                       int       width,
                       int       height)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (GTK_WIDGET (self));
  GtkSnapshot *snapshot = gtk_snapshot_new ();

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  return gtk_snapshot_free_to_node (snapshot);
}

/**
 * crm_chart_render_texture:
 *
 * Returns: (transfer full) (nullable): the chart as shown, on the window's
 *   background, or %NULL when it is not on screen
 */
GdkTexture *
crm_chart_render_texture (CrmChart *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self));
  GskRenderer *renderer = native ? gtk_native_get_renderer (native) : NULL;
  g_autoptr(GskRenderNode) node = NULL;
  GskRenderNode *nodes[2];
  GdkRGBA bg = crm_gui_lookup_color (GTK_WIDGET (self), "view_bg_color", (GdkRGBA) { 1, 1, 1, 1 });
  g_autoptr(GskRenderNode) background = NULL;
  g_autoptr(GskRenderNode) container = NULL;

  if (renderer == NULL || width <= 0 || height <= 0)
    return NULL;
  node = crm_chart_render_node (self, width, height);
  if (node == NULL)
    return NULL;
  background = gsk_color_node_new (&bg, &GRAPHENE_RECT_INIT (0, 0, width, height));
  nodes[0] = background;
  nodes[1] = node;
  container = gsk_container_node_new (nodes, 2);
  return gsk_renderer_render_texture (renderer, container, &GRAPHENE_RECT_INIT (0, 0, width, height));
}

gboolean
crm_chart_save_png (CrmChart    *self,
                    const char  *path,
                    GError     **error)
{
  g_autoptr(GdkTexture) texture = crm_chart_render_texture (self);

  if (texture == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The chart is not shown, so it cannot be saved."));
      return FALSE;
    }
  if (!gdk_texture_save_to_png (texture, path))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not write %s."), path);
      return FALSE;
    }
  return TRUE;
}
