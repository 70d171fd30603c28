/* crm-clock.h: the one source of "now"
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define CRM_TYPE_CLOCK (crm_clock_get_type ())
G_DECLARE_FINAL_TYPE (CrmClock, crm_clock, CRM, CLOCK, GObject)

CrmClock *crm_clock_new        (void);
CrmClock *crm_clock_new_fixed  (gint64    unix_seconds);
gint64    crm_clock_get_now    (CrmClock *self);
void      crm_clock_set_now    (CrmClock *self,
                                gint64    unix_seconds);
void      crm_clock_advance    (CrmClock *self,
                                gint64    seconds);
gboolean  crm_clock_is_fixed   (CrmClock *self);

/* Days in the showroom's time zone (crm_store_get_time_zone()) */
GDateTime *crm_time_in_zone    (GTimeZone *zone,
                                gint64     unix_seconds);
gint64     crm_time_day_start  (GTimeZone *zone,
                                gint64     unix_seconds);
gint64     crm_time_on_day     (GTimeZone *zone,
                                gint64     unix_seconds,
                                int        days_later,
                                int        minutes);
void       crm_time_get_date   (GTimeZone *zone,
                                gint64     unix_seconds,
                                GDate     *date);
gint64     crm_time_from_date  (GTimeZone *zone,
                                const GDate *date);
int        crm_time_days_between (GTimeZone *zone,
                                gint64     from,
                                gint64     to);

G_END_DECLS
