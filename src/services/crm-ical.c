/* crm-ical.c: test drives in and out as iCalendar (.ics)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A booking goes to a phone calendar as a VEVENT in the showroom's time
 * zone, with the VTIMEZONE included: a floating or UTC-only time shows up
 * hours off on some phones. The X-SHOWROOM-* properties carry what an
 * import needs to find the car, the customer and the rep again.
 */
#define G_LOG_DOMAIN "crm-ical"

#include "config.h"

#include <glib/gi18n.h>
#include <libical/ical.h>
#include <string.h>

#include "crm-model-enum-types.h"
#include "crm-error.h"
#include "crm-ical.h"
#include "crm-phone.h"

#define PRODID "-//Showroom//Test drives//EN"

/* The showroom's zone (its rule, crm_store_get_time_zone(), not the
 * desktop's) as libical knows it, or NULL (then times are UTC) */
static icaltimezone *
builtin_showroom_zone (GTimeZone *showroom)
{
  const char *id = g_time_zone_get_identifier (showroom);

  if (id != NULL && id[0] != '/' && id[0] != '+' && id[0] != '-' && g_strcmp0 (id, "Local") != 0)
    return icaltimezone_get_builtin_timezone (id);
  return NULL;
}

/* libical names its built-in zones "/freeassociation.sourceforge.net/…";
 * phones and python-icalendar expect the plain Olson name, so the zone is
 * rebuilt from a copy of its VTIMEZONE with the TZID set to the location.
 * Free with icaltimezone_free (zone, 1). */
static icaltimezone *
showroom_zone (GTimeZone *showroom)
{
  icaltimezone *builtin = builtin_showroom_zone (showroom);
  icalcomponent *vtimezone;
  icaltimezone *zone;
  g_autofree char *location = NULL;

  /* A copy: libical may hand out the location from its ring of temporary
   * buffers, which the calls below recycle (AddressSanitizer caught the
   * read after free) */
  if (builtin == NULL || (location = g_strdup (icaltimezone_get_location (builtin))) == NULL)
    return NULL;
  vtimezone = icalcomponent_new_clone (icaltimezone_get_component (builtin));
  icalproperty_set_tzid (icalcomponent_get_first_property (vtimezone, ICAL_TZID_PROPERTY), location);
  zone = icaltimezone_new ();
  icaltimezone_set_component (zone, vtimezone);
  return zone;
}

static void
add_x (icalcomponent *event,
       const char    *name,
       const char    *value)
{
  icalproperty *prop;

  if (value == NULL || value[0] == '\0')
    return;
  prop = icalproperty_new_x (value);
  icalproperty_set_x_name (prop, name);
  icalcomponent_add_property (event, prop);
}

static const char *
get_x (icalcomponent *event,
       const char    *name)
{
  for (icalproperty *p = icalcomponent_get_first_property (event, ICAL_X_PROPERTY);
       p != NULL;
       p = icalcomponent_get_next_property (event, ICAL_X_PROPERTY))
    if (g_ascii_strcasecmp (icalproperty_get_x_name (p), name) == 0)
      return icalproperty_get_x (p);
  return NULL;
}

/**
 * crm_ical_export_test_drives:
 * @test_drives: (element-type CrmTestDrive): the bookings (one, a day, a range)
 *
 * Returns: (transfer full): an iCalendar document (UTF-8)
 */
char *
crm_ical_export_test_drives (CrmStore  *store,
                             GPtrArray *test_drives)
{
  icalcomponent *calendar = icalcomponent_new_vcalendar ();
  icaltimezone *zone = NULL;
  icaltimezone *utc = icaltimezone_get_utc_timezone ();
  g_autofree char *showroom = crm_store_dup_showroom_name (store);
  char *text, *ret;

  g_return_val_if_fail (CRM_IS_STORE (store), NULL);

  zone = showroom_zone (crm_store_get_time_zone (store));
  icalcomponent_add_property (calendar, icalproperty_new_version ("2.0"));
  icalcomponent_add_property (calendar, icalproperty_new_prodid (PRODID));
  icalcomponent_add_property (calendar, icalproperty_new_method (ICAL_METHOD_PUBLISH));
  if (zone != NULL)
    icalcomponent_add_component (calendar, icalcomponent_new_clone (icaltimezone_get_component (zone)));

  for (guint i = 0; i < test_drives->len; i++)
    {
      CrmTestDrive *td = g_ptr_array_index (test_drives, i);
      icalcomponent *event = icalcomponent_new_vevent ();
      g_autoptr(CrmCustomer) customer = crm_customer_store_get (crm_store_get_customer_store (store), crm_test_drive_get_customer_id (td), NULL);
      g_autoptr(CrmVehicle) vehicle = crm_calendar_store_get_vehicle (crm_store_get_calendar_store (store), crm_test_drive_get_vehicle_id (td), NULL);
      const char *phone = customer ? crm_customer_get_phone (customer) : NULL;
      g_autofree char *phone_text = phone ? crm_phone_format (phone) : NULL;
      g_autofree char *uid = g_strdup_printf ("test-drive-%" G_GINT64_FORMAT "@showroom", crm_test_drive_get_id (td));
      g_autofree char *summary = NULL;
      g_autofree char *description = NULL;
      struct icaltimetype start, end;
      CrmTestDriveStatus status = crm_test_drive_get_status (td);

      /* libical 3.0 leaves the converted time marked UTC: set the zone */
      start = icaltime_from_timet_with_zone (crm_test_drive_get_start_at (td), 0, zone ? zone : utc);
      icaltime_set_timezone (&start, zone ? zone : utc);
      end = icaltime_from_timet_with_zone (crm_test_drive_get_end_at (td), 0, zone ? zone : utc);
      icaltime_set_timezone (&end, zone ? zone : utc);
      icalcomponent_set_uid (event, uid);
      icalcomponent_set_dtstamp (event, icaltime_from_timet_with_zone (crm_clock_get_now (crm_store_get_clock (store)), 0, utc));
      icalcomponent_set_dtstart (event, start);
      icalcomponent_set_dtend (event, end);

      /* Translators: an event title in a phone calendar: the model, then the customer */
      summary = g_strdup_printf (_("Test drive %s: %s"),
                                 vehicle ? crm_vehicle_get_model_name (vehicle) : "",
                                 crm_test_drive_get_customer_name (td));
      icalcomponent_set_summary (event, summary);
      description = g_strdup_printf (_("Customer: %s %s\nCar: %s\nSales consultant: %s"),
                                     crm_test_drive_get_customer_name (td),
                                     phone_text ? phone_text : "",
                                     crm_test_drive_get_vehicle_label (td),
                                     crm_test_drive_get_staff_name (td));
      icalcomponent_set_description (event, description);
      if (showroom != NULL)
        icalcomponent_set_location (event, showroom);
      icalcomponent_set_status (event,
                                status == CRM_TEST_DRIVE_CANCELLED || status == CRM_TEST_DRIVE_NO_SHOW
                                ? ICAL_STATUS_CANCELLED
                                : status == CRM_TEST_DRIVE_BOOKED ? ICAL_STATUS_TENTATIVE
                                : ICAL_STATUS_CONFIRMED);

      add_x (event, "X-SHOWROOM-PLATE", vehicle ? crm_vehicle_get_plate (vehicle) : NULL);
      add_x (event, "X-SHOWROOM-CUSTOMER", crm_test_drive_get_customer_name (td));
      add_x (event, "X-SHOWROOM-CUSTOMER-PHONE", phone);
      add_x (event, "X-SHOWROOM-REP", crm_test_drive_get_staff_name (td));
      add_x (event, "X-SHOWROOM-STATUS", crm_enum_to_code (CRM_TYPE_TEST_DRIVE_STATUS, status));
      icalcomponent_add_component (calendar, event);
    }

  text = icalcomponent_as_ical_string_r (calendar);
  ret = g_strdup (text);
  free (text);
  icalcomponent_free (calendar);
  if (zone != NULL)
    icaltimezone_free (zone, 1);
  return ret;
}

/* A value from the file as an error message quotes it: its first 40
 * characters on one line (a damaged file can hold a plate of megabytes) */
#define EXCERPT_CHARS 40

static char *
excerpt (const char *value)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint n = 0;

  if (value == NULL)
    return g_strdup ("");
  if (!g_utf8_validate (value, -1, NULL))
    return g_strdup ("?");
  for (const char *p = value; *p && n < EXCERPT_CHARS; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      g_string_append_unichar (text, g_unichar_iscntrl (c) ? ' ' : c);
    }
  if (g_utf8_strlen (value, -1) > EXCERPT_CHARS)
    g_string_append (text, "…");
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gboolean
event_time (GTimeZone     *showroom,
            icalcomponent *event,
            gboolean       is_end,
            gint64        *out)
{
  struct icaltimetype t = is_end ? icalcomponent_get_dtend (event) : icalcomponent_get_dtstart (event);

  if (icaltime_is_null_time (t) || !icaltime_is_valid_time (t) || t.is_date)
    return FALSE;
  if (t.zone != NULL)
    *out = icaltime_as_timet_with_zone (t, t.zone);
  else
    {
      /* A floating time is the showroom's time */
      g_autoptr(GDateTime) dt = g_date_time_new (showroom, t.year, t.month, t.day, t.hour, t.minute, t.second);
      *out = dt ? g_date_time_to_unix (dt) : 0;
    }
  return *out > 0;
}

/**
 * crm_ical_parse_test_drives:
 *
 * Reads an .ics made by Showroom (or any file carrying the X-SHOWROOM
 * properties) into bookings whose car, customer and rep are found in
 * @store. Cancelled events are left out.
 *
 * Returns: (transfer container) (element-type CrmTestDrive): the bookings,
 *   or %NULL with @error saying what is wrong and where
 */
GPtrArray *
crm_ical_parse_test_drives (CrmStore    *store,
                            const char  *data,
                            GError     **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_object_unref);
  icalcomponent *calendar;
  guint n = 0;
  gboolean ok = TRUE;

  g_return_val_if_fail (CRM_IS_STORE (store), NULL);

  if (data == NULL || !g_utf8_validate (data, -1, NULL) || strstr (data, "BEGIN:VCALENDAR") == NULL)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                   _("This file is not an iCalendar (.ics) file."));
      return NULL;
    }

  icalerror_set_errors_are_fatal (0);
  calendar = icalparser_parse_string (data);
  if (calendar == NULL || icalcomponent_isa (calendar) != ICAL_VCALENDAR_COMPONENT)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                   _("This iCalendar file is damaged: it holds no calendar."));
      g_clear_pointer (&calendar, icalcomponent_free);
      return NULL;
    }
  if (icalcomponent_count_errors (calendar) > 0)
    {
      icalproperty *err = NULL;

      for (icalcomponent *c = calendar; c != NULL && err == NULL;
           c = icalcomponent_get_next_component (calendar, ICAL_ANY_COMPONENT))
        err = icalcomponent_get_first_property (c, ICAL_XLICERROR_PROPERTY);
      g_autofree char *what = excerpt (err ? icalproperty_get_xlicerror (err) : NULL);

      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                   _("This iCalendar file is damaged (%s). Nothing was imported."),
                   err ? what : _("malformed lines"));
      icalcomponent_free (calendar);
      return NULL;
    }

  for (icalcomponent *event = icalcomponent_get_first_component (calendar, ICAL_VEVENT_COMPONENT);
       ok && event != NULL;
       event = icalcomponent_get_next_component (calendar, ICAL_VEVENT_COMPONENT))
    {
      g_autoptr(CrmTestDrive) td = crm_test_drive_new ();
      const char *plate = get_x (event, "X-SHOWROOM-PLATE");
      const char *phone = get_x (event, "X-SHOWROOM-CUSTOMER-PHONE");
      const char *rep = get_x (event, "X-SHOWROOM-REP");
      const char *status_code = get_x (event, "X-SHOWROOM-STATUS");
      g_autofree char *normalized = phone ? crm_phone_normalize (phone, NULL) : NULL;
      gint64 start = 0, end = 0, customer_id, vehicle_id, staff_id;
      int status = CRM_TEST_DRIVE_BOOKED;

      n++;
      if (icalcomponent_get_status (event) == ICAL_STATUS_CANCELLED)
        continue;

      if (!event_time (crm_store_get_time_zone (store), event, FALSE, &start) ||
          !event_time (crm_store_get_time_zone (store), event, TRUE, &end) || end <= start)
        {
          g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                       _("Event %u has no valid start and end time. Nothing was imported."), n);
          ok = FALSE;
          break;
        }
      vehicle_id = crm_calendar_store_find_vehicle_by_plate (crm_store_get_calendar_store (store), plate);
      if (vehicle_id == 0)
        {
          g_autofree char *what = excerpt (plate);

          g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                       _("Event %u names no car of the test-drive fleet (%s). Nothing was imported."),
                       n, plate ? what : _("no plate"));
          ok = FALSE;
          break;
        }
      customer_id = normalized ? crm_customer_store_find_by_phone (crm_store_get_customer_store (store), normalized, 0) : 0;
      if (customer_id == 0)
        {
          const char *name = get_x (event, "X-SHOWROOM-CUSTOMER");
          g_autofree char *what = excerpt (name ? name : phone);

          g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                       _("Event %u is for a customer who is not in this showroom (%s). Nothing was imported."),
                       n, name || phone ? what : _("no phone number"));
          ok = FALSE;
          break;
        }
      staff_id = crm_staff_store_find_by_name (crm_store_get_staff_store (store), rep);
      if (staff_id == 0)
        {
          g_autofree char *what = excerpt (rep);

          g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                       _("Event %u names no sales consultant of this showroom (%s). Nothing was imported."),
                       n, what);
          ok = FALSE;
          break;
        }
      if (status_code != NULL)
        crm_enum_from_code (CRM_TYPE_TEST_DRIVE_STATUS, status_code, &status);
      if (!crm_test_drive_status_is_active (status))
        continue;

      crm_test_drive_set_customer_id (td, customer_id);
      crm_test_drive_set_customer_name (td, get_x (event, "X-SHOWROOM-CUSTOMER"));
      crm_test_drive_set_vehicle_id (td, vehicle_id);
      crm_test_drive_set_staff_id (td, staff_id);
      crm_test_drive_set_start_at (td, start);
      crm_test_drive_set_end_at (td, end);
      crm_test_drive_set_status (td, status == CRM_TEST_DRIVE_CONFIRMED ? CRM_TEST_DRIVE_CONFIRMED
                                                                        : CRM_TEST_DRIVE_BOOKED);
      g_ptr_array_add (list, g_steal_pointer (&td));
    }

  icalcomponent_free (calendar);
  if (!ok)
    return NULL;
  if (n == 0)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                   _("This iCalendar file holds no events."));
      return NULL;
    }
  return g_steal_pointer (&list);
}

/**
 * crm_ical_import_test_drives:
 *
 * Parses and books every event of @data, all or nothing.
 *
 * Returns: how many bookings were added; 0 with @error set on failure
 */
guint
crm_ical_import_test_drives (CrmStore    *store,
                             const char  *data,
                             GError     **error)
{
  g_autoptr(GPtrArray) list = crm_ical_parse_test_drives (store, data, error);

  if (list == NULL)
    return 0;
  if (list->len == 0)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                   _("This iCalendar file holds only cancelled test drives; nothing to import."));
      return 0;
    }
  if (!crm_calendar_store_import (crm_store_get_calendar_store (store), list, error))
    return 0;
  return list->len;
}
