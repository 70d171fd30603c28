/* crm-calendar-view.c: the test-drive calendar grid (week, day, month)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One widget draws the whole grid in its snapshot: hundreds of bookings
 * would be hundreds of widgets otherwise. The layout (a rectangle per
 * booking, overlapping bookings side by side in lanes) is computed once per
 * size or data change and reused for drawing and hit-testing.
 *
 * Week view: a column per day, Monday first. Day view: a column per car of
 * the fleet (the resource view). Month view: six weeks of day cells.
 */
#define G_LOG_DOMAIN "crm-calendar-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "crm-calendar-view.h"
#include "crm-gui-util.h"

#define GUTTER_WIDTH     56.0
#define HEADER_HEIGHT    44.0
#define MIN_HOUR_HEIGHT  56.0
#define MONTH_CELL_MIN   84.0
#define SNAP_MINUTES     15
#define RESIZE_GRIP      6.0
#define DRAG_THRESHOLD   4.0
#define MIN_BLOCK_WIDTH  CRM_CALENDAR_VIEW_MIN_BLOCK_WIDTH
#define LANE_GAP         3.0
#define CHIP_WIDTH       34.0   /* the "+N" chip beside a crowded cluster */
#define CHIP_HEIGHT      22.0

typedef struct
{
  CrmTestDrive    *td;
  graphene_rect_t  rect;
  int              column;
} Block;

/* Bookings a crowded day column has no room for */
typedef struct
{
  graphene_rect_t  rect;
  int              column;
  int              count;
} Overflow;

typedef enum
{
  DRAG_NONE,
  DRAG_CREATE,
  DRAG_MOVE,
  DRAG_RESIZE,
  DRAG_OVERFLOW,   /* a press on a "+N" chip */
} DragKind;

struct _CrmCalendarView
{
  GtkWidget        parent_instance;

  CrmCalendarMode  mode;
  GDateTime       *date;          /* local midnight of the cursor day */
  int              cursor_minute; /* keyboard cursor: time of day */
  int              cursor_column; /* keyboard cursor: car in day view */
  gint64           now;
  int              open_minute;   /* the earliest opening of any day */
  int              close_minute;  /* the latest closing */
  int              day_hours[2][2];  /* [weekday, weekend][open, close] */
  int              slot_minutes;

  GPtrArray       *bookings;      /* CrmTestDrive, by start */
  GPtrArray       *vehicles;      /* CrmVehicle */

  /* Layout */
  gboolean         dirty;
  int              width, height;
  int              n_columns;
  gint64           column_start[43];
  double           column_width;
  double           hour_height;
  int              first_minute, last_minute;
  GArray          *blocks;        /* Block */
  GArray          *overflows;     /* Overflow */

  /* Pointer */
  DragKind         drag;
  CrmTestDrive    *drag_td;
  double           drag_x, drag_y;
  gboolean         dragged;
  gint64           preview_start, preview_end;
  int              preview_column;

  PangoLayout     *layout;
};

enum {
  PROP_0,
  PROP_MODE,
  N_PROPS
};

enum {
  CREATE_REQUESTED,
  MOVE_REQUESTED,
  BOOKING_ACTIVATED,
  RANGE_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CrmCalendarView, crm_calendar_view, GTK_TYPE_WIDGET)

/* ------------------------------------------------------------------ */
/* Time helpers                                                        */

static GDateTime *
local_midnight (GDateTime *dt)
{
  return g_date_time_new_local (g_date_time_get_year (dt), g_date_time_get_month (dt),
                                g_date_time_get_day_of_month (dt), 0, 0, 0);
}

/* The first day shown: Monday of the week (week), the day (day), Monday on
 * or before the 1st (month) */
static GDateTime *
range_start (CrmCalendarView *self)
{
  g_autoptr(GDateTime) first = NULL;

  switch (self->mode)
    {
    case CRM_CALENDAR_MODE_DAY:
      return g_date_time_ref (self->date);
    case CRM_CALENDAR_MODE_WEEK:
      return g_date_time_add_days (self->date, 1 - g_date_time_get_day_of_week (self->date));
    case CRM_CALENDAR_MODE_MONTH:
    default:
      first = g_date_time_new_local (g_date_time_get_year (self->date),
                                     g_date_time_get_month (self->date), 1, 0, 0, 0);
      return g_date_time_add_days (first, 1 - g_date_time_get_day_of_week (first));
    }
}

static int
n_days (CrmCalendarView *self)
{
  switch (self->mode)
    {
    case CRM_CALENDAR_MODE_DAY:
      return 1;
    case CRM_CALENDAR_MODE_WEEK:
      return 7;
    case CRM_CALENDAR_MODE_MONTH:
    default:
      return 42;
    }
}

static int
n_columns (CrmCalendarView *self)
{
  if (self->mode == CRM_CALENDAR_MODE_DAY)
    return MAX (1, (int) self->vehicles->len);
  return 7;
}

static gboolean
is_today (CrmCalendarView *self,
          gint64           day_start,
          gint64           day_end)
{
  return self->now >= day_start && self->now < day_end;
}

static double
minute_to_y (CrmCalendarView *self,
             double           minute)
{
  return HEADER_HEIGHT + (minute - self->first_minute) * self->hour_height / 60.0;
}

static double
y_to_minute (CrmCalendarView *self,
             double           y)
{
  return self->first_minute + (y - HEADER_HEIGHT) * 60.0 / self->hour_height;
}

static CrmVehicle *
column_vehicle (CrmCalendarView *self,
                int              column)
{
  if (self->mode != CRM_CALENDAR_MODE_DAY || column < 0 || column >= (int) self->vehicles->len)
    return NULL;
  return g_ptr_array_index (self->vehicles, column);
}

/* The day start of a column in week and day view */
static gint64
column_day (CrmCalendarView *self,
            int              column)
{
  return self->mode == CRM_CALENDAR_MODE_DAY ? self->column_start[0] : self->column_start[column];
}

/* ------------------------------------------------------------------ */
/* Layout                                                              */

/* Lays out one cluster of bookings that overlap one another, in @column,
 * already given their lanes (the fewest that avoid overlap: @n_lanes).
 * When the lanes would be narrower than MIN_BLOCK_WIDTH, as many lanes as
 * fit are drawn and a "+N" chip stands for the bookings in the others;
 * the day view, a column per car, has room for them. */
static void
layout_cluster (CrmCalendarView *self,
                int              column,
                const int       *members,
                const int       *lanes,
                guint            n_members,
                int              n_lanes)
{
  double x0 = GUTTER_WIDTH + column * self->column_width;
  double avail = self->column_width;
  double lane_w;
  int shown = n_lanes;
  gint64 day = column_day (self, column);
  gint64 first_hidden = G_MAXINT64;
  int hidden = 0;

  /* The day view's columns are cars: two bookings overlap there only when
   * one is cancelled, and there is no better place to send them */
  if (self->mode != CRM_CALENDAR_MODE_DAY && n_lanes > 1 &&
      n_lanes * (MIN_BLOCK_WIDTH + LANE_GAP) > self->column_width)
    {
      avail = MAX (0, self->column_width - CHIP_WIDTH);
      shown = MAX (1, (int) (avail / (MIN_BLOCK_WIDTH + LANE_GAP)));
    }
  lane_w = avail / shown;

  for (guint m = 0; m < n_members; m++)
    {
      CrmTestDrive *td = g_ptr_array_index (self->bookings, members[m]);
      gint64 start = crm_test_drive_get_start_at (td);
      gint64 end = crm_test_drive_get_end_at (td);
      int span = 1;
      Block block;

      if (lanes[m] >= shown)
        {
          hidden++;
          first_hidden = MIN (first_hidden, start);
          continue;
        }

      /* Widen into the lanes to the right that are free for the whole of
       * this booking, as far as the shown lanes go */
      while (lanes[m] + span < shown)
        {
          gboolean free = TRUE;

          for (guint o = 0; o < n_members && free; o++)
            {
              CrmTestDrive *other = g_ptr_array_index (self->bookings, members[o]);

              if (lanes[o] == lanes[m] + span &&
                  crm_test_drive_get_start_at (other) < end &&
                  crm_test_drive_get_end_at (other) > start)
                free = FALSE;
            }
          if (!free)
            break;
          span++;
        }

      block.td = td;
      block.column = column;
      block.rect.origin.x = x0 + lanes[m] * lane_w + 1;
      block.rect.origin.y = minute_to_y (self, (start - day) / 60.0) + 1;
      block.rect.size.width = MAX (1, span * lane_w - LANE_GAP);
      block.rect.size.height = MAX (8, (end - start) / 60.0 * self->hour_height / 60.0 - 2);
      g_array_append_val (self->blocks, block);
    }

  if (hidden > 0)
    {
      Overflow chip;

      chip.column = column;
      chip.count = hidden;
      chip.rect = GRAPHENE_RECT_INIT (x0 + avail + 1,
                                      minute_to_y (self, (first_hidden - day) / 60.0) + 1,
                                      self->column_width - avail - LANE_GAP, CHIP_HEIGHT);
      g_array_append_val (self->overflows, chip);
    }
}

static void
layout_time_grid (CrmCalendarView *self)
{
  double grid_height = self->height - HEADER_HEIGHT;
  int n_hours = MAX (1, (self->last_minute - self->first_minute) / 60);
  g_autoptr(GArray) lane_end = g_array_new (FALSE, FALSE, sizeof (gint64));
  /* Freed by hand at the end, not g_autofree: the static analyser
   * (scan-build) does not see cleanup attributes */
  int *columns;
  int *members;
  int *lanes;

  self->hour_height = MAX (MIN_HOUR_HEIGHT, grid_height / n_hours);
  self->column_width = (self->width - GUTTER_WIDTH) / self->n_columns;

  /* Which column each booking goes in; -1 when not shown */
  columns = g_new0 (int, self->bookings->len + 1);
  members = g_new (int, self->bookings->len + 1);
  lanes = g_new (int, self->bookings->len + 1);
  for (guint i = 0; i < self->bookings->len; i++)
    {
      CrmTestDrive *td = g_ptr_array_index (self->bookings, i);
      gint64 start = crm_test_drive_get_start_at (td);

      columns[i] = -1;
      if (self->mode == CRM_CALENDAR_MODE_DAY)
        {
          if (start < self->column_start[0] || start >= self->column_start[1])
            continue;
          for (guint v = 0; v < self->vehicles->len; v++)
            if (crm_vehicle_get_id (g_ptr_array_index (self->vehicles, v)) == crm_test_drive_get_vehicle_id (td))
              columns[i] = v;
        }
      else
        {
          for (int c = 0; c < 7; c++)
            if (start >= self->column_start[c] && start < self->column_start[c + 1])
              columns[i] = c;
        }
    }

  /* Column by column, cluster by cluster (bookings that overlap, directly
   * or through one another): bookings come sorted by start, so giving each
   * the first lane that is free by then uses the fewest lanes there can be,
   * the most bookings running at one moment */
  for (int c = 0; c < self->n_columns; c++)
    {
      gint64 cluster_end = G_MININT64;
      guint n_members = 0;
      int n_lanes = 0;

      g_array_set_size (lane_end, 0);
      for (guint i = 0; i <= self->bookings->len; i++)
        {
          CrmTestDrive *td = i < self->bookings->len ? g_ptr_array_index (self->bookings, i) : NULL;
          gint64 start, end;
          int lane;

          if (td != NULL && columns[i] != c)
            continue;

          start = td ? crm_test_drive_get_start_at (td) : G_MAXINT64;
          end = td ? crm_test_drive_get_end_at (td) : G_MAXINT64;
          if (start >= cluster_end && n_members > 0)
            {
              layout_cluster (self, c, members, lanes, n_members, n_lanes);
              g_array_set_size (lane_end, 0);
              n_members = 0;
              n_lanes = 0;
            }
          if (td == NULL)
            break;

          for (lane = 0; lane < (int) lane_end->len; lane++)
            if (g_array_index (lane_end, gint64, lane) <= start)
              break;
          if (lane == (int) lane_end->len)
            g_array_append_val (lane_end, end);
          else
            g_array_index (lane_end, gint64, lane) = end;
          n_lanes = MAX (n_lanes, lane + 1);
          cluster_end = n_members == 0 ? end : MAX (cluster_end, end);
          members[n_members] = i;
          lanes[n_members] = lane;
          n_members++;
        }
    }

  g_free (lanes);
  g_free (members);
  g_free (columns);
}

static void
layout_month (CrmCalendarView *self)
{
  double cell_w = (double) self->width / 7;
  double cell_h = (self->height - HEADER_HEIGHT) / 6;
  double line_h = 20;
  int cell = 0;
  int in_cell = 0;

  self->column_width = cell_w;
  self->hour_height = cell_h;

  for (guint i = 0; i < self->bookings->len; i++)
    {
      CrmTestDrive *td = g_ptr_array_index (self->bookings, i);
      gint64 start = crm_test_drive_get_start_at (td);
      /* Room for the day number above and "N more" below */
      int max_lines = MAX (0, (int) ((cell_h - 24 - 16) / line_h));
      Block block;

      while (cell < 42 && start >= self->column_start[cell + 1])
        cell++, in_cell = 0;
      if (cell >= 42 || start < self->column_start[cell])
        continue;
      if (in_cell >= max_lines)
        {
          in_cell++;
          continue;
        }

      block.td = td;
      block.column = cell;
      block.rect.origin.x = (cell % 7) * cell_w + 3;
      block.rect.origin.y = HEADER_HEIGHT + (cell / 7) * cell_h + 22 + in_cell * line_h;
      block.rect.size.width = cell_w - 6;
      block.rect.size.height = line_h - 2;
      g_array_append_val (self->blocks, block);
      in_cell++;
    }
}

static void
ensure_layout (CrmCalendarView *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  g_autoptr(GDateTime) start = NULL;
  int days;

  if (!self->dirty && width == self->width && height == self->height)
    return;

  self->dirty = FALSE;
  self->width = width;
  self->height = height;
  self->n_columns = n_columns (self);
  self->first_minute = self->open_minute / 60 * 60;
  self->last_minute = (self->close_minute + 59) / 60 * 60;

  start = range_start (self);
  days = n_days (self);
  for (int d = 0; d <= days; d++)
    {
      g_autoptr(GDateTime) day = g_date_time_add_days (start, d);
      self->column_start[d] = g_date_time_to_unix (day);
    }

  g_array_set_size (self->blocks, 0);
  g_array_set_size (self->overflows, 0);
  if (width <= GUTTER_WIDTH || height <= HEADER_HEIGHT)
    return;

  if (self->mode == CRM_CALENDAR_MODE_MONTH)
    layout_month (self);
  else
    layout_time_grid (self);
}

static void
invalidate (CrmCalendarView *self)
{
  self->dirty = TRUE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
range_changed (CrmCalendarView *self)
{
  self->dirty = TRUE;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_signal_emit (self, signals[RANGE_CHANGED], 0);
}

/* ------------------------------------------------------------------ */
/* Drawing                                                             */

/**
 * crm_calendar_view_get_status_colour:
 * @rgba: (out): the colour of a booking block in @status, also the
 *   legend's (a cancelled block is drawn faint in the text colour instead)
 */
void
crm_calendar_view_get_status_colour (CrmTestDriveStatus  status,
                                     GdkRGBA            *rgba)
{
  /* GNOME palette shades that keep white text readable in light and dark */
  static const char * const colours[] = {
    [CRM_TEST_DRIVE_BOOKED] = "#1c71d8",
    [CRM_TEST_DRIVE_CONFIRMED] = "#26a269",
    [CRM_TEST_DRIVE_CHECKED_IN] = "#813d9c",
    [CRM_TEST_DRIVE_COMPLETED] = "#5e5c64",
    [CRM_TEST_DRIVE_NO_SHOW] = "#c64600",
    [CRM_TEST_DRIVE_CANCELLED] = "#9a9996",
  };

  gdk_rgba_parse (rgba, colours[MIN ((guint) status, G_N_ELEMENTS (colours) - 1)]);
  if (status == CRM_TEST_DRIVE_CANCELLED)
    rgba->alpha = 0.45;
}

static void
get_fg (CrmCalendarView *self,
        GdkRGBA         *fg)
{
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (self)), fg);
  G_GNUC_END_IGNORE_DEPRECATIONS
}

static void
get_accent (CrmCalendarView *self,
            GdkRGBA         *accent)
{
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  if (!gtk_style_context_lookup_color (gtk_widget_get_style_context (GTK_WIDGET (self)),
                                       "accent_color", accent))
    gdk_rgba_parse (accent, "#3584e4");
  G_GNUC_END_IGNORE_DEPRECATIONS
}

static PangoLayout *
get_layout (CrmCalendarView *self)
{
  if (self->layout == NULL)
    self->layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
  return self->layout;
}

static void
draw_text (CrmCalendarView *self,
           GtkSnapshot     *snapshot,
           const char      *text,
           double           x,
           double           y,
           double           width,
           int              lines,
           int              bold_end,
           gboolean         centered,
           const GdkRGBA   *colour)
{
  PangoLayout *layout = get_layout (self);
  PangoAttrList *attrs = pango_attr_list_new ();

  pango_attr_list_insert (attrs, pango_attr_language_new (pango_language_from_string ("zh-cn")));
  /* bold_end: -1 all bold, 0 none, else the bold prefix in bytes */
  if (bold_end != 0)
    {
      PangoAttribute *weight = pango_attr_weight_new (PANGO_WEIGHT_BOLD);

      if (bold_end > 0)
        weight->end_index = bold_end;
      pango_attr_list_insert (attrs, weight);
    }
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  pango_layout_set_text (layout, text, -1);
  pango_layout_set_width (layout, (int) (MAX (1, width) * PANGO_SCALE));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_height (layout, -lines);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (layout, centered ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT);

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_append_layout (snapshot, layout, colour);
  gtk_snapshot_restore (snapshot);
}

static void
append_line (GtkSnapshot   *snapshot,
             double         x,
             double         y,
             double         w,
             double         h,
             const GdkRGBA *colour)
{
  gtk_snapshot_append_color (snapshot, colour, &GRAPHENE_RECT_INIT (x, y, w, h));
}

static void
draw_headers (CrmCalendarView *self,
              GtkSnapshot     *snapshot,
              const GdkRGBA   *fg,
              const GdkRGBA   *accent)
{
  GdkRGBA dim = *fg;

  dim.alpha = 0.65;

  for (int c = 0; c < self->n_columns; c++)
    {
      double x = GUTTER_WIDTH + c * self->column_width;

      if (self->mode == CRM_CALENDAR_MODE_DAY)
        {
          CrmVehicle *vehicle = column_vehicle (self, c);
          g_autofree char *sub = NULL;

          if (vehicle == NULL)
            {
              draw_text (self, snapshot, _("No test-drive cars"), x + 4, 12, self->column_width - 8,
                         1, 0, TRUE, &dim);
              continue;
            }
          sub = crm_vehicle_get_status (vehicle) == CRM_VEHICLE_AVAILABLE
                ? g_strdup_printf ("%s · %s", crm_vehicle_get_model_name (vehicle),
                                   crm_vehicle_get_colour (vehicle))
                : g_strdup_printf ("%s · %s", crm_vehicle_get_model_name (vehicle),
                                   crm_vehicle_status_get_label (crm_vehicle_get_status (vehicle)));
          draw_text (self, snapshot, crm_vehicle_get_plate (vehicle), x + 4, 4, self->column_width - 8,
                     1, -1, TRUE, fg);
          draw_text (self, snapshot, sub, x + 4, 23, self->column_width - 8, 1, 0, TRUE, &dim);
        }
      else
        {
          g_autoptr(GDateTime) day = g_date_time_new_from_unix_local (self->column_start[c]);
          gboolean today = self->mode == CRM_CALENDAR_MODE_WEEK &&
                           is_today (self, self->column_start[c], self->column_start[c + 1]);
          /* Translators: a week-view column header, "Tue 24"; zh_CN: "24日 星期二".
           * See the strftime format of g_date_time_format() */
          g_autofree char *text = g_date_time_format (day, self->mode == CRM_CALENDAR_MODE_WEEK
                                                           ? _("%a %-d") : _("%a"));

          if (today)
            {
              GdkRGBA bg = *accent;
              GskRoundedRect pill;

              bg.alpha = 0.15;
              gsk_rounded_rect_init_from_rect (&pill,
                                               &GRAPHENE_RECT_INIT (x + 6, 8, self->column_width - 12, 28), 14);
              gtk_snapshot_push_rounded_clip (snapshot, &pill);
              gtk_snapshot_append_color (snapshot, &bg, &pill.bounds);
              gtk_snapshot_pop (snapshot);
            }
          draw_text (self, snapshot, text, x + 4, 13, self->column_width - 8, 1,
                     today ? -1 : 0, TRUE, today ? accent : fg);
        }
    }
}

static void
draw_time_grid (CrmCalendarView *self,
                GtkSnapshot     *snapshot,
                const GdkRGBA   *fg,
                const GdkRGBA   *accent)
{
  GdkRGBA line = *fg, faint = *fg, dim = *fg, shade = *fg;
  double grid_right = GUTTER_WIDTH + self->n_columns * self->column_width;
  double bottom = minute_to_y (self, self->last_minute);

  line.alpha = 0.15;
  faint.alpha = 0.06;
  dim.alpha = 0.6;
  shade.alpha = 0.05;

  /* Hours outside each day's opening time (when the showroom opens at
   * 9:30, or keeps other hours at the weekend) */
  for (int c = 0; c < self->n_columns; c++)
    {
      g_autoptr(GDateTime) day = g_date_time_new_from_unix_local (column_day (self, c));
      int weekday = g_date_time_get_day_of_week (day);
      int *hours = self->day_hours[weekday == G_DATE_SATURDAY || weekday == G_DATE_SUNDAY];
      double x = GUTTER_WIDTH + c * self->column_width;

      if (hours[0] > self->first_minute)
        append_line (snapshot, x, HEADER_HEIGHT, self->column_width,
                     minute_to_y (self, hours[0]) - HEADER_HEIGHT, &shade);
      if (hours[1] < self->last_minute)
        append_line (snapshot, x, minute_to_y (self, hours[1]), self->column_width,
                     bottom - minute_to_y (self, hours[1]), &shade);
    }

  /* Cars that cannot be booked */
  for (int c = 0; c < self->n_columns; c++)
    {
      CrmVehicle *vehicle = column_vehicle (self, c);

      if (vehicle != NULL && crm_vehicle_get_status (vehicle) != CRM_VEHICLE_AVAILABLE)
        {
          GdkRGBA grey = *fg;
          grey.alpha = 0.08;
          append_line (snapshot, GUTTER_WIDTH + c * self->column_width, HEADER_HEIGHT,
                       self->column_width, bottom - HEADER_HEIGHT, &grey);
        }
    }

  for (int m = self->first_minute; m <= self->last_minute; m += 30)
    {
      double y = minute_to_y (self, m);

      if (m % 60 == 0)
        {
          char text[8];

          g_snprintf (text, sizeof text, "%02d:%02d", m / 60, m % 60);
          append_line (snapshot, GUTTER_WIDTH - 6, y, grid_right - GUTTER_WIDTH + 6, 1, &line);
          if (m < self->last_minute)
            draw_text (self, snapshot, text, 2, y + 2, GUTTER_WIDTH - 10, 1, 0, FALSE, &dim);
        }
      else
        append_line (snapshot, GUTTER_WIDTH, y, grid_right - GUTTER_WIDTH, 1, &faint);
    }

  append_line (snapshot, 0, HEADER_HEIGHT - 1, self->width, 1, &line);
  for (int c = 0; c <= self->n_columns; c++)
    append_line (snapshot, GUTTER_WIDTH + c * self->column_width, c == 0 ? 0 : HEADER_HEIGHT,
                 1, bottom - (c == 0 ? 0 : HEADER_HEIGHT), &line);
}

/* "粤A·D5821 · 凯美瑞" (the car's label) → "D5821": the showroom's cars
 * share the province and city letters, the rest tells them apart */
static char *
short_plate (const char *vehicle_label)
{
  const char *end, *dot;
  g_autofree char *plate = NULL;

  if (vehicle_label == NULL || vehicle_label[0] == '\0')
    return NULL;
  end = strstr (vehicle_label, " · ");
  plate = end ? g_strndup (vehicle_label, end - vehicle_label) : g_strdup (vehicle_label);
  dot = strstr (plate, "·");
  if (dot != NULL && dot[strlen ("·")] != '\0')
    return g_strdup (dot + strlen ("·"));
  return g_steal_pointer (&plate);
}

static void
draw_block (CrmCalendarView *self,
            GtkSnapshot     *snapshot,
            const Block     *block,
            const GdkRGBA   *fg)
{
  CrmTestDrive *td = block->td;
  CrmTestDriveStatus status = crm_test_drive_get_status (td);
  GdkRGBA bg, white = { 1, 1, 1, 1 };
  GskRoundedRect rounded;
  const graphene_rect_t *r = &block->rect;

  crm_calendar_view_get_status_colour (status, &bg);
  /* A cancelled booking frees its slot: drawn faint, in the text colour,
   * so it reads as "not there" in light and dark alike */
  if (status == CRM_TEST_DRIVE_CANCELLED)
    {
      bg = *fg;
      bg.alpha = 0.10;
      white = *fg;
      white.alpha = 0.55;
    }
  gsk_rounded_rect_init_from_rect (&rounded, (graphene_rect_t *) r, MIN (6, r->size.height / 2));
  gtk_snapshot_push_rounded_clip (snapshot, &rounded);
  gtk_snapshot_append_color (snapshot, &bg, r);
  if (status == CRM_TEST_DRIVE_NO_SHOW)
    white.alpha = 0.85;

  /* Text only where it fits: a week of 2,000 bookings has slivers */
  if (r->size.width >= 24 && r->size.height >= 14)
    {
      const char *vehicle = crm_test_drive_get_vehicle_label (td);
      g_autoptr(GDateTime) start = g_date_time_new_from_unix_local (crm_test_drive_get_start_at (td));
      g_autofree char *time = g_date_time_format (start, "%H:%M");
      g_autofree char *first = NULL;
      g_autofree char *second = NULL;
      int lines = (int) ((r->size.height - 4) / 16);

      if (self->mode == CRM_CALENDAR_MODE_MONTH)
        {
          first = g_strdup_printf ("%s %s", time, crm_test_drive_get_customer_name (td));
          draw_text (self, snapshot, first, r->origin.x + 4, r->origin.y, r->size.width - 6, 1,
                     0, FALSE, &white);
        }
      else
        {
          g_autofree char *plate = short_plate (vehicle);
          const char *name = crm_test_drive_get_customer_name (td);
          const char *staff = crm_test_drive_get_staff_name (td);
          double x = r->origin.x + 4, w = r->size.width - 6;

          /* In the day view the column already names the car: the time
           * takes the plate's place */
          if (self->mode == CRM_CALENDAR_MODE_DAY || plate == NULL)
            {
              g_free (plate);
              plate = g_strdup (time);
            }

          /* A line each for the customer, the car and the consultant when
           * the block is tall enough, fewer lines joined by " · " when not;
           * each line ellipsized, never wrapped mid-plate */
          if (lines >= 3)
            {
              draw_text (self, snapshot, name, x, r->origin.y + 2, w, 1, -1, FALSE, &white);
              draw_text (self, snapshot, plate, x, r->origin.y + 18, w, 1, 0, FALSE, &white);
              draw_text (self, snapshot, staff, x, r->origin.y + 34, w, 1, 0, FALSE, &white);
            }
          else if (lines == 2)
            {
              second = g_strdup_printf ("%s · %s", plate, staff);
              draw_text (self, snapshot, name, x, r->origin.y + 2, w, 1, -1, FALSE, &white);
              draw_text (self, snapshot, second, x, r->origin.y + 18, w, 1, 0, FALSE, &white);
            }
          else
            {
              first = g_strdup_printf ("%s · %s · %s", name, plate, staff);
              draw_text (self, snapshot, first, x, r->origin.y + MAX (0, (r->size.height - 17) / 2),
                         w, 1, (int) strlen (name), FALSE, &white);
            }
        }
    }
  gtk_snapshot_pop (snapshot);
}

/* Draws a red segment from @x to @x + @w at @y, with gaps where a block
 * crosses it: drawn before the blocks, so an opaque block covers it anyway,
 * and the gaps keep it off a cancelled booking's see-through block too */
static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* Draws a red segment from @x to @x + @w at @y, with gaps where a block
 * crosses it: drawn before the blocks, so an opaque block covers it anyway,
 * and the gaps keep it off a cancelled booking's see-through block too */
static void
append_now_segment (CrmCalendarView *self,
                    GtkSnapshot     *snapshot,
                    double           x,
                    double           y,
                    double           w,
                    double           height,
                    const GdkRGBA   *colour)
{
  g_autoptr(GArray) gaps = g_array_new (FALSE, FALSE, 2 * sizeof (double));
  double from = x, to = x + w;

  for (guint i = 0; i < self->blocks->len; i++)
    {
      const graphene_rect_t *r = &g_array_index (self->blocks, Block, i).rect;
      double gap[2] = { r->origin.x, r->origin.x + r->size.width };

      if (y + height / 2 < r->origin.y || y - height / 2 > r->origin.y + r->size.height ||
          gap[1] <= from || gap[0] >= to)
        continue;
      g_array_append_val (gaps, gap);
    }
  /* By their left edge: the first double of each pair */
  g_array_sort (gaps, compare_double);

  for (guint i = 0; i < gaps->len && from < to; i++)
    {
      const double *gap = (const double *) gaps->data + 2 * i;

      if (gap[0] > from)
        append_line (snapshot, from, y - height / 2, MIN (gap[0], to) - from, height, colour);
      from = MAX (from, gap[1]);
    }
  if (from < to)
    append_line (snapshot, from, y - height / 2, to - from, height, colour);
}

/* The now-line goes under the blocks: a booking's text is never struck
 * through. Its dot stays in the hour gutter, where no block reaches, and a
 * faint line joins the dot to today's column across the days before it. */
static void
draw_now_line (CrmCalendarView *self,
               GtkSnapshot     *snapshot)
{
  GdkRGBA red, faint;

  gdk_rgba_parse (&red, "#e01b24");
  faint = red;
  faint.alpha = 0.35;
  for (int c = 0; c < 7; c++)
    {
      gint64 day = self->column_start[c];
      gint64 next = self->column_start[c + 1];
      double minute, y, x, w;
      GskRoundedRect dot;

      if (self->mode == CRM_CALENDAR_MODE_DAY && c > 0)
        break;
      if (!is_today (self, day, next))
        continue;
      minute = (self->now - day) / 60.0;
      if (minute < self->first_minute || minute > self->last_minute)
        continue;
      y = minute_to_y (self, minute);
      x = self->mode == CRM_CALENDAR_MODE_DAY ? GUTTER_WIDTH : GUTTER_WIDTH + c * self->column_width;
      w = self->mode == CRM_CALENDAR_MODE_DAY ? self->n_columns * self->column_width : self->column_width;
      if (x > GUTTER_WIDTH)
        append_now_segment (self, snapshot, GUTTER_WIDTH, y, x - GUTTER_WIDTH, 1, &faint);
      append_now_segment (self, snapshot, x, y, w, 2, &red);

      gsk_rounded_rect_init_from_rect (&dot, &GRAPHENE_RECT_INIT (GUTTER_WIDTH - 10, y - 5, 10, 10), 5);
      gtk_snapshot_push_rounded_clip (snapshot, &dot);
      gtk_snapshot_append_color (snapshot, &red, &dot.bounds);
      gtk_snapshot_pop (snapshot);
    }
}

static void
draw_overflows (CrmCalendarView *self,
                GtkSnapshot     *snapshot,
                const GdkRGBA   *fg)
{
  GdkRGBA bg = *fg;

  bg.alpha = 0.12;
  for (guint i = 0; i < self->overflows->len; i++)
    {
      const Overflow *chip = &g_array_index (self->overflows, Overflow, i);
      /* Translators: a chip in a crowded week-view day: how many more
       * bookings there are than fit; it opens the day view */
      g_autofree char *text = g_strdup_printf (_("+%d"), chip->count);
      GskRoundedRect rounded;

      gsk_rounded_rect_init_from_rect (&rounded, (graphene_rect_t *) &chip->rect, chip->rect.size.height / 2);
      gtk_snapshot_push_rounded_clip (snapshot, &rounded);
      gtk_snapshot_append_color (snapshot, &bg, &chip->rect);
      gtk_snapshot_pop (snapshot);
      draw_text (self, snapshot, text, chip->rect.origin.x, chip->rect.origin.y + 2,
                 chip->rect.size.width, 1, -1, TRUE, fg);
    }
}

static void
draw_month (CrmCalendarView *self,
            GtkSnapshot     *snapshot,
            const GdkRGBA   *fg,
            const GdkRGBA   *accent)
{
  GdkRGBA line = *fg, dim = *fg, faint = *fg;
  double cell_w = self->column_width, cell_h = self->hour_height;
  int month = g_date_time_get_month (self->date);

  line.alpha = 0.15;
  dim.alpha = 0.4;
  faint.alpha = 0.04;

  for (int c = 0; c < 7; c++)
    {
      g_autoptr(GDateTime) day = g_date_time_new_from_unix_local (self->column_start[c]);
      g_autofree char *text = g_date_time_format (day, _("%a"));
      draw_text (self, snapshot, text, c * cell_w, 13, cell_w, 1, 0, TRUE, fg);
    }

  for (int cell = 0; cell < 42; cell++)
    {
      g_autoptr(GDateTime) day = g_date_time_new_from_unix_local (self->column_start[cell]);
      double x = (cell % 7) * cell_w, y = HEADER_HEIGHT + (cell / 7) * cell_h;
      gboolean other = g_date_time_get_month (day) != month;
      gboolean today = is_today (self, self->column_start[cell], self->column_start[cell + 1]);
      char number[8];
      int count = 0, shown = 0;

      if (other)
        append_line (snapshot, x, y, cell_w, cell_h, &faint);
      append_line (snapshot, x, y, cell_w, 1, &line);
      if (cell % 7)
        append_line (snapshot, x, y, 1, cell_h, &line);

      g_snprintf (number, sizeof number, "%d", g_date_time_get_day_of_month (day));
      draw_text (self, snapshot, number, x + 6, y + 3, cell_w - 12, 1, today ? -1 : 0, FALSE,
                 today ? accent : (other ? &dim : fg));

      for (guint i = 0; i < self->bookings->len; i++)
        {
          gint64 s = crm_test_drive_get_start_at (g_ptr_array_index (self->bookings, i));
          if (s >= self->column_start[cell] && s < self->column_start[cell + 1])
            count++;
        }
      for (guint b = 0; b < self->blocks->len; b++)
        if (g_array_index (self->blocks, Block, b).column == cell)
          shown++;
      if (count > shown)
        {
          g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d more", "%d more",
                                                                count - shown), count - shown);
          draw_text (self, snapshot, more, x + 6, y + cell_h - 18, cell_w - 12, 1, 0, FALSE, &dim);
        }
    }
}

static void
draw_preview (CrmCalendarView *self,
              GtkSnapshot     *snapshot,
              const GdkRGBA   *accent)
{
  GdkRGBA fill = *accent, text = *accent;
  g_autoptr(GDateTime) s = NULL;
  g_autoptr(GDateTime) e = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *label = NULL;
  gint64 day = column_day (self, self->preview_column);
  graphene_rect_t r;
  GskRoundedRect rounded;

  if (self->drag == DRAG_NONE || !self->dragged || self->preview_column < 0)
    return;

  r = GRAPHENE_RECT_INIT (GUTTER_WIDTH + self->preview_column * self->column_width + 2,
                          minute_to_y (self, (self->preview_start - day) / 60.0),
                          self->column_width - 4,
                          (self->preview_end - self->preview_start) / 3600.0 * self->hour_height);
  fill.alpha = 0.25;
  gsk_rounded_rect_init_from_rect (&rounded, &r, 6);
  gtk_snapshot_push_rounded_clip (snapshot, &rounded);
  gtk_snapshot_append_color (snapshot, &fill, &r);
  gtk_snapshot_pop (snapshot);
  gtk_snapshot_append_border (snapshot, &rounded, (float[4]) { 2, 2, 2, 2 },
                              (GdkRGBA[4]) { *accent, *accent, *accent, *accent });

  s = g_date_time_new_from_unix_local (self->preview_start);
  e = g_date_time_new_from_unix_local (self->preview_end);
  from = g_date_time_format (s, "%H:%M");
  to = g_date_time_format (e, "%H:%M");
  label = g_strdup_printf ("%s–%s", from, to);
  draw_text (self, snapshot, label, r.origin.x + 4, r.origin.y + 2, r.size.width - 8, 1, -1, FALSE, &text);
}

static void
draw_cursor (CrmCalendarView *self,
             GtkSnapshot     *snapshot,
             const GdkRGBA   *accent)
{
  GskRoundedRect rounded;
  graphene_rect_t r;
  gint64 date = g_date_time_to_unix (self->date);
  int column = -1;

  if (!gtk_widget_has_focus (GTK_WIDGET (self)))
    return;

  if (self->mode == CRM_CALENDAR_MODE_MONTH)
    {
      for (int cell = 0; cell < 42; cell++)
        if (self->column_start[cell] == date)
          column = cell;
      if (column < 0)
        return;
      r = GRAPHENE_RECT_INIT ((column % 7) * self->column_width + 1,
                              HEADER_HEIGHT + (column / 7) * self->hour_height + 1,
                              self->column_width - 2, self->hour_height - 2);
    }
  else
    {
      if (self->mode == CRM_CALENDAR_MODE_DAY)
        column = CLAMP (self->cursor_column, 0, self->n_columns - 1);
      else
        for (int c = 0; c < 7; c++)
          if (self->column_start[c] == date)
            column = c;
      if (column < 0)
        return;
      r = GRAPHENE_RECT_INIT (GUTTER_WIDTH + column * self->column_width + 1,
                              minute_to_y (self, self->cursor_minute),
                              self->column_width - 2,
                              self->slot_minutes * self->hour_height / 60.0);
    }

  gsk_rounded_rect_init_from_rect (&rounded, &r, 4);
  gtk_snapshot_append_border (snapshot, &rounded, (float[4]) { 2, 2, 2, 2 },
                              (GdkRGBA[4]) { *accent, *accent, *accent, *accent });
}

/* ------------------------------------------------------------------ */
/* Hit testing and pointer                                             */

static Block *
block_at (CrmCalendarView *self,
          double           x,
          double           y)
{
  ensure_layout (self);
  for (guint i = self->blocks->len; i > 0; i--)
    {
      Block *b = &g_array_index (self->blocks, Block, i - 1);
      if (graphene_rect_contains_point (&b->rect, &GRAPHENE_POINT_INIT (x, y)))
        return b;
    }
  return NULL;
}

static Overflow *
overflow_at (CrmCalendarView *self,
             double           x,
             double           y)
{
  ensure_layout (self);
  for (guint i = 0; i < self->overflows->len; i++)
    {
      Overflow *chip = &g_array_index (self->overflows, Overflow, i);
      if (graphene_rect_contains_point (&chip->rect, &GRAPHENE_POINT_INIT (x, y)))
        return chip;
    }
  return NULL;
}

/* The day view of a crowded day: a column per car, where its parallel
 * bookings all fit */
static void
open_day (CrmCalendarView *self,
          int              column)
{
  g_autoptr(GDateTime) day = g_date_time_new_from_unix_local (column_day (self, column));

  crm_calendar_view_set_date (self, day);
  crm_calendar_view_set_mode (self, CRM_CALENDAR_MODE_DAY);
}

static int
column_at (CrmCalendarView *self,
           double           x)
{
  int c;

  if (x < GUTTER_WIDTH || self->column_width <= 0)
    return -1;
  c = (int) ((x - GUTTER_WIDTH) / self->column_width);
  return c < self->n_columns ? c : -1;
}

static int
snap_minute (double minute)
{
  return (int) (minute / SNAP_MINUTES) * SNAP_MINUTES;
}

static void
on_drag_begin_cb (GtkGestureDrag  *gesture,
                  double           x,
                  double           y,
                  CrmCalendarView *self)
{
  Block *block;

  self->drag = DRAG_NONE;
  self->drag_td = NULL;
  self->dragged = FALSE;
  self->drag_x = x;
  self->drag_y = y;
  self->preview_column = -1;

  if (!gtk_widget_has_focus (GTK_WIDGET (self)))
    gtk_widget_grab_focus (GTK_WIDGET (self));

  if (self->mode != CRM_CALENDAR_MODE_MONTH)
    {
      Overflow *chip = overflow_at (self, x, y);

      if (chip != NULL)
        {
          self->drag = DRAG_OVERFLOW;
          self->preview_column = chip->column;
          return;
        }
    }

  block = block_at (self, x, y);
  if (self->mode == CRM_CALENDAR_MODE_MONTH)
    {
      self->drag = DRAG_CREATE;   /* a click: opens the day or the booking */
      self->drag_td = block ? block->td : NULL;
      return;
    }
  if (block != NULL)
    {
      CrmTestDriveStatus status = crm_test_drive_get_status (block->td);
      gboolean movable = status == CRM_TEST_DRIVE_BOOKED || status == CRM_TEST_DRIVE_CONFIRMED;

      self->drag_td = block->td;
      self->drag = !movable ? DRAG_CREATE
                   : (y > block->rect.origin.y + block->rect.size.height - RESIZE_GRIP) ? DRAG_RESIZE
                   : DRAG_MOVE;
      self->preview_column = block->column;
      self->preview_start = crm_test_drive_get_start_at (block->td);
      self->preview_end = crm_test_drive_get_end_at (block->td);
      return;
    }
  if (column_at (self, x) >= 0 && y > HEADER_HEIGHT)
    {
      int c = column_at (self, x);
      gint64 day = column_day (self, c);
      int minute = snap_minute (y_to_minute (self, y));

      self->drag = DRAG_CREATE;
      self->preview_column = c;
      self->preview_start = day + minute * 60;
      self->preview_end = self->preview_start + self->slot_minutes * 60;
    }
}

static void
on_drag_update_cb (GtkGestureDrag  *gesture,
                   double           dx,
                   double           dy,
                   CrmCalendarView *self)
{
  double x = self->drag_x + dx, y = self->drag_y + dy;
  int c;
  gint64 day;

  if (!self->dragged && ABS (dx) < DRAG_THRESHOLD && ABS (dy) < DRAG_THRESHOLD)
    return;
  if (self->mode == CRM_CALENDAR_MODE_MONTH || self->drag == DRAG_NONE || self->drag == DRAG_OVERFLOW)
    return;
  if (self->drag == DRAG_CREATE && self->drag_td != NULL)
    return;

  self->dragged = TRUE;
  switch (self->drag)
    {
    case DRAG_CREATE:
      {
        gint64 cday = column_day (self, self->preview_column);
        int start_minute = snap_minute (y_to_minute (self, self->drag_y));
        int end_minute = snap_minute (y_to_minute (self, y) + SNAP_MINUTES);

        end_minute = MAX (end_minute, start_minute + SNAP_MINUTES);
        self->preview_start = cday + start_minute * 60;
        self->preview_end = cday + end_minute * 60;
      }
      break;

    case DRAG_MOVE:
      {
        gint64 length = crm_test_drive_get_end_at (self->drag_td) - crm_test_drive_get_start_at (self->drag_td);
        gint64 old_day;
        double old_minute;

        c = column_at (self, x);
        if (c < 0)
          c = self->preview_column;
        day = column_day (self, c);
        old_day = column_day (self, c);
        old_minute = (crm_test_drive_get_start_at (self->drag_td) -
                      (self->mode == CRM_CALENDAR_MODE_DAY ? self->column_start[0] : old_day)) / 60.0;
        /* In week view the day of the original start decides the minute */
        if (self->mode == CRM_CALENDAR_MODE_WEEK)
          {
            g_autoptr(GDateTime) s = g_date_time_new_from_unix_local (crm_test_drive_get_start_at (self->drag_td));
            old_minute = g_date_time_get_hour (s) * 60 + g_date_time_get_minute (s);
          }
        self->preview_column = c;
        self->preview_start = day + snap_minute (old_minute + dy * 60.0 / self->hour_height + SNAP_MINUTES / 2.0) * 60;
        self->preview_end = self->preview_start + length;
      }
      break;

    case DRAG_RESIZE:
      {
        gint64 cday = column_day (self, self->preview_column);
        int end_minute = snap_minute (y_to_minute (self, y) + SNAP_MINUTES / 2.0);
        gint64 end = cday + end_minute * 60;

        self->preview_end = MAX (end, self->preview_start + SNAP_MINUTES * 60);
      }
      break;

    case DRAG_OVERFLOW:
    case DRAG_NONE:
    default:
      break;
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_drag_end_cb (GtkGestureDrag  *gesture,
                double           dx,
                double           dy,
                CrmCalendarView *self)
{
  DragKind drag = self->drag;
  CrmTestDrive *td = self->drag_td;
  gboolean dragged = self->dragged;
  CrmVehicle *vehicle = column_vehicle (self, self->preview_column);
  gint64 start = self->preview_start, end = self->preview_end;

  self->drag = DRAG_NONE;
  self->dragged = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));

  if (self->mode == CRM_CALENDAR_MODE_MONTH)
    {
      if (td != NULL)
        {
          g_signal_emit (self, signals[BOOKING_ACTIVATED], 0, crm_test_drive_get_id (td));
          return;
        }
      /* A click on a day opens it in the day view */
      if (self->drag_y > HEADER_HEIGHT && self->hour_height > 0)
        {
          int cell = (int) ((self->drag_y - HEADER_HEIGHT) / self->hour_height) * 7 +
                     (int) (self->drag_x / self->column_width);
          if (cell >= 0 && cell < 42)
            {
              g_autoptr(GDateTime) day = g_date_time_new_from_unix_local (self->column_start[cell]);
              crm_calendar_view_set_date (self, day);
              crm_calendar_view_set_mode (self, CRM_CALENDAR_MODE_DAY);
            }
        }
      return;
    }

  if (drag == DRAG_OVERFLOW)
    {
      if (self->preview_column >= 0)
        open_day (self, self->preview_column);
      return;
    }
  if (td != NULL && !dragged)
    {
      g_signal_emit (self, signals[BOOKING_ACTIVATED], 0, crm_test_drive_get_id (td));
      return;
    }
  if (td != NULL && (drag == DRAG_MOVE || drag == DRAG_RESIZE))
    {
      gint64 vehicle_id = vehicle ? crm_vehicle_get_id (vehicle) : crm_test_drive_get_vehicle_id (td);

      if (start != crm_test_drive_get_start_at (td) || end != crm_test_drive_get_end_at (td) ||
          vehicle_id != crm_test_drive_get_vehicle_id (td))
        g_signal_emit (self, signals[MOVE_REQUESTED], 0, crm_test_drive_get_id (td), vehicle_id, start, end);
      return;
    }
  if (drag == DRAG_CREATE && td == NULL && self->preview_column >= 0)
    g_signal_emit (self, signals[CREATE_REQUESTED], 0, start, end,
                   vehicle ? crm_vehicle_get_id (vehicle) : (gint64) 0);
}

/* ------------------------------------------------------------------ */
/* Keyboard                                                            */

static void
move_date (CrmCalendarView *self,
           int              days)
{
  g_autoptr(GDateTime) date = g_date_time_add_days (self->date, days);

  crm_calendar_view_set_date (self, date);
}

static void
activate_cursor (CrmCalendarView *self)
{
  gint64 start, day = g_date_time_to_unix (self->date);
  CrmVehicle *vehicle = NULL;

  if (self->mode == CRM_CALENDAR_MODE_MONTH)
    {
      crm_calendar_view_set_mode (self, CRM_CALENDAR_MODE_DAY);
      return;
    }

  start = day + self->cursor_minute * 60;
  if (self->mode == CRM_CALENDAR_MODE_DAY)
    vehicle = column_vehicle (self, CLAMP (self->cursor_column, 0, self->n_columns - 1));

  /* A booking under the cursor opens; a free slot books */
  for (guint i = 0; i < self->bookings->len; i++)
    {
      CrmTestDrive *td = g_ptr_array_index (self->bookings, i);

      if (crm_test_drive_get_start_at (td) <= start && crm_test_drive_get_end_at (td) > start &&
          (vehicle == NULL || crm_vehicle_get_id (vehicle) == crm_test_drive_get_vehicle_id (td)) &&
          crm_test_drive_status_is_active (crm_test_drive_get_status (td)))
        {
          g_signal_emit (self, signals[BOOKING_ACTIVATED], 0, crm_test_drive_get_id (td));
          return;
        }
    }
  g_signal_emit (self, signals[CREATE_REQUESTED], 0, start, start + self->slot_minutes * 60,
                 vehicle ? crm_vehicle_get_id (vehicle) : (gint64) 0);
}

static gboolean
on_key_pressed_cb (GtkEventControllerKey *controller,
                   guint                  keyval,
                   guint                  keycode,
                   GdkModifierType        state,
                   CrmCalendarView       *self)
{
  gboolean month = self->mode == CRM_CALENDAR_MODE_MONTH;
  gboolean day = self->mode == CRM_CALENDAR_MODE_DAY;

  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK))
    return FALSE;

  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      if (day)
        self->cursor_column = MAX (0, self->cursor_column - 1);
      else
        move_date (self, -1);
      break;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      if (day)
        self->cursor_column = MIN (self->n_columns - 1, self->cursor_column + 1);
      else
        move_date (self, 1);
      break;
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      if (month)
        move_date (self, -7);
      else
        self->cursor_minute = MAX (self->open_minute, self->cursor_minute - self->slot_minutes);
      break;
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      if (month)
        move_date (self, 7);
      else
        self->cursor_minute = MIN (self->close_minute - self->slot_minutes,
                                   self->cursor_minute + self->slot_minutes);
      break;
    case GDK_KEY_Page_Up:
      crm_calendar_view_go (self, -1);
      break;
    case GDK_KEY_Page_Down:
      crm_calendar_view_go (self, 1);
      break;
    case GDK_KEY_Home:
      crm_calendar_view_go (self, 0);
      break;
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
    case GDK_KEY_space:
      activate_cursor (self);
      break;
    default:
      return FALSE;
    }

  gtk_widget_queue_draw (GTK_WIDGET (self));
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* GtkWidget                                                           */

static void
crm_calendar_view_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  CrmCalendarView *self = CRM_CALENDAR_VIEW (widget);
  int hours = MAX (1, ((self->close_minute + 59) / 60 * 60 - self->open_minute / 60 * 60) / 60);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = GUTTER_WIDTH + n_columns (self) * (self->mode == CRM_CALENDAR_MODE_DAY ? 110 : 64);
      *natural = MAX (*minimum, 800);
    }
  else if (self->mode == CRM_CALENDAR_MODE_MONTH)
    {
      *minimum = HEADER_HEIGHT + 6 * MONTH_CELL_MIN;
      *natural = *minimum;
    }
  else
    {
      *minimum = HEADER_HEIGHT + hours * MIN_HOUR_HEIGHT + 1;
      *natural = *minimum;
    }
}

static void
crm_calendar_view_size_allocate (GtkWidget *widget,
                                 int        width,
                                 int        height,
                                 int        baseline)
{
  CRM_CALENDAR_VIEW (widget)->dirty = TRUE;
}

static void
crm_calendar_view_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  CrmCalendarView *self = CRM_CALENDAR_VIEW (widget);
  GdkRGBA fg, accent;

  ensure_layout (self);
  if (self->width <= GUTTER_WIDTH || self->height <= HEADER_HEIGHT)
    return;

  get_fg (self, &fg);
  get_accent (self, &accent);

  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (0, 0, self->width, self->height));
  if (self->mode == CRM_CALENDAR_MODE_MONTH)
    draw_month (self, snapshot, &fg, &accent);
  else
    {
      draw_time_grid (self, snapshot, &fg, &accent);
      draw_headers (self, snapshot, &fg, &accent);
      draw_now_line (self, snapshot);
    }

  for (guint i = 0; i < self->blocks->len; i++)
    {
      const Block *b = &g_array_index (self->blocks, Block, i);

      /* The block being moved is drawn as the preview instead */
      if (self->dragged && b->td == self->drag_td)
        continue;
      draw_block (self, snapshot, b, &fg);
    }

  if (self->mode != CRM_CALENDAR_MODE_MONTH)
    {
      draw_overflows (self, snapshot, &fg);
      draw_preview (self, snapshot, &accent);
    }
  draw_cursor (self, snapshot, &accent);
  gtk_snapshot_pop (snapshot);
}

static void
crm_calendar_view_css_changed (GtkWidget         *widget,
                               GtkCssStyleChange *change)
{
  CrmCalendarView *self = CRM_CALENDAR_VIEW (widget);

  GTK_WIDGET_CLASS (crm_calendar_view_parent_class)->css_changed (widget, change);
  g_clear_object (&self->layout);
  gtk_widget_queue_draw (widget);
}

static gboolean
crm_calendar_view_query_tooltip (GtkWidget  *widget,
                                 int         x,
                                 int         y,
                                 gboolean    keyboard,
                                 GtkTooltip *tooltip)
{
  CrmCalendarView *self = CRM_CALENDAR_VIEW (widget);
  Block *block = keyboard ? NULL : block_at (self, x, y);
  g_autoptr(GDateTime) s = NULL;
  g_autoptr(GDateTime) e = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *text = NULL;
  CrmTestDrive *td;

  if (block == NULL && !keyboard && overflow_at (self, x, y) != NULL)
    {
      Overflow *chip = overflow_at (self, x, y);

      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%d more booking at this time: open the day, a column per car",
                                           "%d more bookings at this time: open the day, a column per car",
                                           chip->count), chip->count);
      gtk_tooltip_set_text (tooltip, text);
      return TRUE;
    }
  if (block == NULL)
    return FALSE;
  td = block->td;
  s = g_date_time_new_from_unix_local (crm_test_drive_get_start_at (td));
  e = g_date_time_new_from_unix_local (crm_test_drive_get_end_at (td));
  from = g_date_time_format (s, "%H:%M");
  to = g_date_time_format (e, "%H:%M");
  /* Translators: a booking's tooltip: time, customer, car, consultant, status */
  text = g_strdup_printf (_("%s–%s %s\n%s\nSales consultant: %s\n%s"), from, to,
                          crm_test_drive_get_customer_name (td),
                          crm_test_drive_get_vehicle_label (td),
                          crm_test_drive_get_staff_name (td),
                          crm_test_drive_status_get_label (crm_test_drive_get_status (td)));
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
crm_calendar_view_dispose (GObject *object)
{
  CrmCalendarView *self = CRM_CALENDAR_VIEW (object);

  g_clear_object (&self->layout);
  g_clear_pointer (&self->blocks, g_array_unref);
  g_clear_pointer (&self->overflows, g_array_unref);
  g_clear_pointer (&self->bookings, g_ptr_array_unref);
  g_clear_pointer (&self->vehicles, g_ptr_array_unref);
  g_clear_pointer (&self->date, g_date_time_unref);

  G_OBJECT_CLASS (crm_calendar_view_parent_class)->dispose (object);
}

static void
crm_calendar_view_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  CrmCalendarView *self = CRM_CALENDAR_VIEW (object);

  switch (prop_id)
    {
    case PROP_MODE:
      g_value_set_int (value, self->mode);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_calendar_view_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  CrmCalendarView *self = CRM_CALENDAR_VIEW (object);

  switch (prop_id)
    {
    case PROP_MODE:
      crm_calendar_view_set_mode (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_calendar_view_class_init (CrmCalendarViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = crm_calendar_view_dispose;
  object_class->get_property = crm_calendar_view_get_property;
  object_class->set_property = crm_calendar_view_set_property;
  widget_class->measure = crm_calendar_view_measure;
  widget_class->size_allocate = crm_calendar_view_size_allocate;
  widget_class->snapshot = crm_calendar_view_snapshot;
  widget_class->css_changed = crm_calendar_view_css_changed;
  widget_class->query_tooltip = crm_calendar_view_query_tooltip;

  properties[PROP_MODE] =
    g_param_spec_int ("mode", NULL, NULL,
                      CRM_CALENDAR_MODE_DAY, CRM_CALENDAR_MODE_MONTH, CRM_CALENDAR_MODE_WEEK,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* (start, end, vehicle id or 0) */
  signals[CREATE_REQUESTED] =
    g_signal_new ("create-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_INT64, G_TYPE_INT64, G_TYPE_INT64);
  /* (booking id, vehicle id, start, end) */
  signals[MOVE_REQUESTED] =
    g_signal_new ("move-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 4, G_TYPE_INT64, G_TYPE_INT64, G_TYPE_INT64, G_TYPE_INT64);
  signals[BOOKING_ACTIVATED] =
    g_signal_new ("booking-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  signals[RANGE_CHANGED] =
    g_signal_new ("range-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_css_name (widget_class, "crm-calendar-view");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GRID);
}

static void
crm_calendar_view_init (CrmCalendarView *self)
{
  GtkGesture *drag = gtk_gesture_drag_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  self->mode = CRM_CALENDAR_MODE_WEEK;
  self->date = local_midnight (now);
  self->now = g_date_time_to_unix (now);
  self->open_minute = 9 * 60;
  self->close_minute = 18 * 60;
  for (int i = 0; i < 2; i++)
    {
      self->day_hours[i][0] = self->open_minute;
      self->day_hours[i][1] = self->close_minute;
    }
  self->slot_minutes = 30;
  self->cursor_minute = self->open_minute;
  self->bookings = g_ptr_array_new_with_free_func (g_object_unref);
  self->vehicles = g_ptr_array_new_with_free_func (g_object_unref);
  self->blocks = g_array_new (FALSE, FALSE, sizeof (Block));
  self->overflows = g_array_new (FALSE, FALSE, sizeof (Overflow));
  self->dirty = TRUE;
  self->preview_column = -1;

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update_cb), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (on_drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Test-drive calendar"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("Arrow keys move the cursor, Page Up and Page Down change the period, "
                                    "Home goes to today, Enter books the slot or opens the booking"),
                                  -1);
}

/* ------------------------------------------------------------------ */
/* Public API                                                          */

GtkWidget *
crm_calendar_view_new (void)
{
  return g_object_new (CRM_TYPE_CALENDAR_VIEW, NULL);
}

CrmCalendarMode
crm_calendar_view_get_mode (CrmCalendarView *self)
{
  g_return_val_if_fail (CRM_IS_CALENDAR_VIEW (self), CRM_CALENDAR_MODE_WEEK);
  return self->mode;
}

void
crm_calendar_view_set_mode (CrmCalendarView *self,
                            CrmCalendarMode  mode)
{
  g_return_if_fail (CRM_IS_CALENDAR_VIEW (self));

  if (self->mode == mode)
    return;
  self->mode = mode;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODE]);
  range_changed (self);
}

/**
 * crm_calendar_view_get_date:
 *
 * Returns: (transfer none): local midnight of the day the cursor is on
 */
GDateTime *
crm_calendar_view_get_date (CrmCalendarView *self)
{
  g_return_val_if_fail (CRM_IS_CALENDAR_VIEW (self), NULL);
  return self->date;
}

void
crm_calendar_view_set_date (CrmCalendarView *self,
                            GDateTime       *date)
{
  g_autoptr(GDateTime) midnight = NULL;
  gint64 old_from, old_to, from, to;

  g_return_if_fail (CRM_IS_CALENDAR_VIEW (self));
  g_return_if_fail (date != NULL);

  midnight = local_midnight (date);
  if (g_date_time_equal (midnight, self->date))
    return;

  crm_calendar_view_get_range (self, &old_from, &old_to);
  g_date_time_unref (self->date);
  self->date = g_steal_pointer (&midnight);
  crm_calendar_view_get_range (self, &from, &to);

  if (from != old_from || to != old_to)
    range_changed (self);
  else
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
crm_calendar_view_set_now (CrmCalendarView *self,
                           gint64           now)
{
  g_return_if_fail (CRM_IS_CALENDAR_VIEW (self));

  if (self->now != now)
    {
      self->now = now;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

void
crm_calendar_view_set_hours (CrmCalendarView *self,
                             int              open_minute,
                             int              close_minute,
                             int              weekend_open_minute,
                             int              weekend_close_minute,
                             int              slot_minutes)
{
  g_return_if_fail (CRM_IS_CALENDAR_VIEW (self));

  self->day_hours[0][0] = open_minute;
  self->day_hours[0][1] = close_minute;
  self->day_hours[1][0] = weekend_open_minute;
  self->day_hours[1][1] = weekend_close_minute;
  /* The grid spans the hours of every day */
  open_minute = MIN (open_minute, weekend_open_minute);
  close_minute = MAX (close_minute, weekend_close_minute);
  self->open_minute = open_minute;
  self->close_minute = close_minute;
  self->slot_minutes = MAX (SNAP_MINUTES, slot_minutes);
  self->cursor_minute = CLAMP (self->cursor_minute, open_minute, MAX (open_minute, close_minute - self->slot_minutes));
  self->dirty = TRUE;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

/**
 * crm_calendar_view_get_hours:
 * @weekend: Saturday and Sunday's hours rather than a weekday's
 *
 * The opening hours the grid shades around, in this desktop's minutes of
 * the day (crm_calendar_view_set_hours())
 */
void
crm_calendar_view_get_hours (CrmCalendarView *self,
                             gboolean         weekend,
                             int             *open_minute,
                             int             *close_minute)
{
  g_return_if_fail (CRM_IS_CALENDAR_VIEW (self));

  *open_minute = self->day_hours[weekend != FALSE][0];
  *close_minute = self->day_hours[weekend != FALSE][1];
}

/**
 * crm_calendar_view_set_vehicles:
 * @vehicles: a #GListModel of #CrmVehicle: the day view's columns
 */
void
crm_calendar_view_set_vehicles (CrmCalendarView *self,
                                GListModel      *vehicles)
{
  g_return_if_fail (CRM_IS_CALENDAR_VIEW (self));

  g_ptr_array_set_size (self->vehicles, 0);
  for (guint i = 0; vehicles != NULL && i < g_list_model_get_n_items (vehicles); i++)
    g_ptr_array_add (self->vehicles, g_list_model_get_item (vehicles, i));
  self->cursor_column = CLAMP (self->cursor_column, 0, MAX (0, (int) self->vehicles->len - 1));
  self->dirty = TRUE;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

/**
 * crm_calendar_view_set_bookings:
 * @bookings: (element-type CrmTestDrive): the bookings of the range, by start
 */
void
crm_calendar_view_set_bookings (CrmCalendarView *self,
                                GPtrArray       *bookings)
{
  g_return_if_fail (CRM_IS_CALENDAR_VIEW (self));

  self->drag = DRAG_NONE;
  self->drag_td = NULL;
  g_ptr_array_set_size (self->bookings, 0);
  for (guint i = 0; bookings != NULL && i < bookings->len; i++)
    g_ptr_array_add (self->bookings, g_object_ref (g_ptr_array_index (bookings, i)));
  invalidate (self);
}

/**
 * crm_calendar_view_get_range:
 * @from: (out): first second shown
 * @to: (out): first second after
 */
void
crm_calendar_view_get_range (CrmCalendarView *self,
                             gint64          *from,
                             gint64          *to)
{
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;

  g_return_if_fail (CRM_IS_CALENDAR_VIEW (self));

  start = range_start (self);
  end = g_date_time_add_days (start, n_days (self));
  *from = g_date_time_to_unix (start);
  *to = g_date_time_to_unix (end);
}

/**
 * crm_calendar_view_go:
 * @direction: -1 for the previous day/week/month, 1 for the next, 0 for today
 */
void
crm_calendar_view_go (CrmCalendarView *self,
                      int              direction)
{
  g_autoptr(GDateTime) date = NULL;

  g_return_if_fail (CRM_IS_CALENDAR_VIEW (self));

  if (direction == 0)
    date = g_date_time_new_from_unix_local (self->now);
  else if (self->mode == CRM_CALENDAR_MODE_DAY)
    date = g_date_time_add_days (self->date, direction);
  else if (self->mode == CRM_CALENDAR_MODE_WEEK)
    date = g_date_time_add_weeks (self->date, direction);
  else
    date = g_date_time_add_months (self->date, direction);
  crm_calendar_view_set_date (self, date);
}

/**
 * crm_calendar_view_dup_title:
 *
 * Returns: (transfer full): what the header says about the range shown
 */
char *
crm_calendar_view_dup_title (CrmCalendarView *self)
{
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) last = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  g_return_val_if_fail (CRM_IS_CALENDAR_VIEW (self), NULL);

  switch (self->mode)
    {
    case CRM_CALENDAR_MODE_DAY:
      /* Translators: the day view's title, strftime format: "Tuesday 24 November 2026" */
      return g_date_time_format (self->date, _("%A %-d %B %Y"));
    case CRM_CALENDAR_MODE_MONTH:
      /* Translators: the month view's title, strftime format: "November 2026" */
      return g_date_time_format (self->date, _("%B %Y"));
    case CRM_CALENDAR_MODE_WEEK:
    default:
      start = range_start (self);
      last = g_date_time_add_days (start, 6);
      /* Translators: a week's first and last day, strftime format: "23 Nov" */
      a = g_date_time_format (start, _("%-d %b"));
      /* Translators: a week's last day, strftime format: "29 Nov 2026" */
      b = g_date_time_format (last, _("%-d %b %Y"));
      /* Translators: the week view's title: "23 Nov – 29 Nov 2026, week 48" */
      return g_strdup_printf (_("%s – %s, week %d"), a, b, g_date_time_get_week_of_year (start));
    }
}

/**
 * crm_calendar_view_get_block_rect:
 * @rect: (out): where the booking is drawn, in widget coordinates
 *
 * Returns: %TRUE when booking @id is drawn in the current view
 */
gboolean
crm_calendar_view_get_block_rect (CrmCalendarView *self,
                                  gint64           id,
                                  graphene_rect_t *rect)
{
  g_return_val_if_fail (CRM_IS_CALENDAR_VIEW (self), FALSE);

  ensure_layout (self);
  for (guint i = 0; i < self->blocks->len; i++)
    {
      Block *b = &g_array_index (self->blocks, Block, i);

      if (crm_test_drive_get_id (b->td) == id)
        {
          *rect = b->rect;
          return TRUE;
        }
    }
  return FALSE;
}

/* For the benchmark: lay out now, whatever the cache says */
void
crm_calendar_view_layout_now (CrmCalendarView *self)
{
  g_return_if_fail (CRM_IS_CALENDAR_VIEW (self));

  self->dirty = TRUE;
  ensure_layout (self);
}

/**
 * crm_calendar_view_get_hidden_count:
 * @day: a day of the week shown
 * @chip_rect: (out) (optional): where the day's first "+N" chip is drawn
 *
 * In the week view, a day with more parallel bookings than its column has
 * room for shows as many as fit and a "+N" chip for the others.
 *
 * Returns: how many of @day's bookings are behind "+N" chips
 */
int
crm_calendar_view_get_hidden_count (CrmCalendarView *self,
                                    GDateTime       *day,
                                    graphene_rect_t *chip_rect)
{
  g_autoptr(GDateTime) midnight = NULL;
  gint64 start;
  int count = 0;

  g_return_val_if_fail (CRM_IS_CALENDAR_VIEW (self), 0);
  g_return_val_if_fail (day != NULL, 0);

  ensure_layout (self);
  midnight = local_midnight (day);
  start = g_date_time_to_unix (midnight);
  for (guint i = 0; i < self->overflows->len; i++)
    {
      const Overflow *chip = &g_array_index (self->overflows, Overflow, i);

      if (column_day (self, chip->column) != start)
        continue;
      if (count == 0 && chip_rect != NULL)
        *chip_rect = chip->rect;
      count += chip->count;
    }
  return count;
}
