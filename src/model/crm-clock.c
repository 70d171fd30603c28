/* crm-clock.c: the one source of "now"
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-clock"

#include "config.h"

#include "crm-clock.h"

/* Everything that asks for the time asks a CrmClock, so tests (and the demo
 * data) can pin the time to a known instant and move it by hand. */
struct _CrmClock
{
  GObject  parent_instance;

  gint64   now;    /* only meaningful when fixed */
  guint    fixed : 1;
};

enum {
  PROP_0,
  PROP_NOW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CrmClock, crm_clock, G_TYPE_OBJECT)

static void
crm_clock_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  CrmClock *self = CRM_CLOCK (object);

  switch (prop_id)
    {
    case PROP_NOW:
      g_value_set_int64 (value, crm_clock_get_now (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_clock_class_init (CrmClockClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = crm_clock_get_property;

  /**
   * CrmClock:now:
   *
   * The current time in UTC seconds. A real clock never notifies (its time
   * moves continuously); a fixed clock notifies when it is set or advanced.
   */
  properties[PROP_NOW] =
    g_param_spec_int64 ("now", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        (G_PARAM_READABLE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
crm_clock_init (CrmClock *self)
{
}

/**
 * crm_clock_new:
 *
 * Returns: (transfer full): a clock following the system's real time
 */
CrmClock *
crm_clock_new (void)
{
  return g_object_new (CRM_TYPE_CLOCK, NULL);
}

/**
 * crm_clock_new_fixed:
 * @unix_seconds: the time the clock shows, in UTC seconds
 *
 * Returns: (transfer full): a clock that stands still at @unix_seconds until
 *   it is set or advanced
 */
CrmClock *
crm_clock_new_fixed (gint64 unix_seconds)
{
  CrmClock *self = g_object_new (CRM_TYPE_CLOCK, NULL);

  self->fixed = TRUE;
  self->now = unix_seconds;

  return self;
}

/**
 * crm_clock_get_now:
 * @self: a #CrmClock
 *
 * Returns: the current time in UTC seconds
 */
gint64
crm_clock_get_now (CrmClock *self)
{
  g_return_val_if_fail (CRM_IS_CLOCK (self), 0);

  if (self->fixed)
    return self->now;

  return g_get_real_time () / G_USEC_PER_SEC;
}

/**
 * crm_clock_set_now:
 * @self: a fixed #CrmClock
 * @unix_seconds: the new time in UTC seconds
 */
void
crm_clock_set_now (CrmClock *self,
                   gint64    unix_seconds)
{
  g_return_if_fail (CRM_IS_CLOCK (self));
  g_return_if_fail (self->fixed);

  if (self->now != unix_seconds)
    {
      self->now = unix_seconds;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOW]);
    }
}

/**
 * crm_clock_advance:
 * @self: a fixed #CrmClock
 * @seconds: how far to move the clock (may be negative)
 */
void
crm_clock_advance (CrmClock *self,
                   gint64    seconds)
{
  g_return_if_fail (CRM_IS_CLOCK (self));
  g_return_if_fail (self->fixed);

  crm_clock_set_now (self, self->now + seconds);
}

/**
 * crm_clock_is_fixed:
 * @self: a #CrmClock
 *
 * Returns: %TRUE if @self was made with crm_clock_new_fixed()
 */
gboolean
crm_clock_is_fixed (CrmClock *self)
{
  g_return_val_if_fail (CRM_IS_CLOCK (self), FALSE);

  return self->fixed;
}

/* ------------------------------------------------------------------ */
/* The showroom's days: "today", an age in days, month boundaries are
 * counted in its time zone (crm_store_get_time_zone()), whatever the
 * desktop's. Here in the model layer so the store counts them too. */

/**
 * crm_time_in_zone:
 * @zone: the showroom's zone (crm_store_get_time_zone())
 *
 * Returns: (transfer full): @unix_seconds as a wall-clock time in @zone
 */
GDateTime *
crm_time_in_zone (GTimeZone *zone,
                  gint64     unix_seconds)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_seconds);

  g_return_val_if_fail (zone != NULL, NULL);
  return g_date_time_to_timezone (utc, zone);
}

/**
 * crm_time_on_day:
 * @days_later: 0 for the day of @unix_seconds in @zone, 1 for the next …
 * @minutes: minutes after that day's midnight in @zone
 *
 * Returns: that moment as UTC seconds
 */
gint64
crm_time_on_day (GTimeZone *zone,
                 gint64     unix_seconds,
                 int        days_later,
                 int        minutes)
{
  g_autoptr(GDateTime) dt = crm_time_in_zone (zone, unix_seconds);
  g_autoptr(GDateTime) day = g_date_time_add_days (dt, days_later);
  g_autoptr(GDateTime) at = g_date_time_new (zone, g_date_time_get_year (day), g_date_time_get_month (day),
                                             g_date_time_get_day_of_month (day),
                                             minutes / 60, minutes % 60, 0);

  return g_date_time_to_unix (at);
}

/**
 * crm_time_day_start:
 *
 * Returns: the midnight in @zone that starts the day of @unix_seconds
 */
gint64
crm_time_day_start (GTimeZone *zone,
                    gint64     unix_seconds)
{
  return crm_time_on_day (zone, unix_seconds, 0, 0);
}

/**
 * crm_time_get_date:
 * @date: (out caller-allocates): the day of @unix_seconds in @zone
 */
void
crm_time_get_date (GTimeZone *zone,
                   gint64     unix_seconds,
                   GDate     *date)
{
  g_autoptr(GDateTime) dt = crm_time_in_zone (zone, unix_seconds);

  g_return_if_fail (date != NULL);
  g_date_clear (date, 1);
  g_date_set_dmy (date, g_date_time_get_day_of_month (dt), g_date_time_get_month (dt),
                  g_date_time_get_year (dt));
}

/**
 * crm_time_from_date:
 * @date: a valid day
 *
 * Returns: the midnight in @zone that starts @date, as UTC seconds
 */
gint64
crm_time_from_date (GTimeZone   *zone,
                    const GDate *date)
{
  g_autoptr(GDateTime) at = NULL;

  g_return_val_if_fail (zone != NULL, 0);
  g_return_val_if_fail (date != NULL && g_date_valid (date), 0);

  at = g_date_time_new (zone, g_date_get_year (date), g_date_get_month (date),
                        g_date_get_day (date), 0, 0, 0);
  return g_date_time_to_unix (at);
}

/**
 * crm_time_days_between:
 *
 * Returns: how many days of @zone's calendar @to is after @from (0 on the
 *   same day, whatever the hours; below zero when @to is earlier)
 */
int
crm_time_days_between (GTimeZone *zone,
                       gint64     from,
                       gint64     to)
{
  GDate a, b;

  crm_time_get_date (zone, from, &a);
  crm_time_get_date (zone, to, &b);
  return g_date_days_between (&a, &b);
}
