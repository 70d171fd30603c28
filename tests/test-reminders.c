/* test-reminders.c: reminders end to end on a private session bus
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The test owns org.freedesktop.Notifications itself (on a second bus
 * connection, as a separate notification server would), so GNotification
 * (which uses it when GNOME Shell's org.gtk.Notifications is absent) talks
 * to us. It checks the title, body and buttons of a reminder, presses
 * Snooze and Done by emitting ActionInvoked, and reads the database; the
 * same for test-drive reminders and lead notices.
 * Run under dbus-run-session (build-aux/run-tests.sh does).
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "crm-reminders.h"
#include "crm-test-util.h"

#define MINUTE 60
#define HOUR   (60 * MINUTE)
#define DAY    (24 * HOUR)

static const char introspection_xml[] =
  "<node>"
  "  <interface name='org.freedesktop.Notifications'>"
  "    <method name='Notify'>"
  "      <arg type='s' direction='in'/><arg type='u' direction='in'/>"
  "      <arg type='s' direction='in'/><arg type='s' direction='in'/>"
  "      <arg type='s' direction='in'/><arg type='as' direction='in'/>"
  "      <arg type='a{sv}' direction='in'/><arg type='i' direction='in'/>"
  "      <arg type='u' direction='out'/>"
  "    </method>"
  "    <method name='CloseNotification'><arg type='u' direction='in'/></method>"
  "    <method name='GetCapabilities'><arg type='as' direction='out'/></method>"
  "    <method name='GetServerInformation'>"
  "      <arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "      <arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "    </method>"
  "    <signal name='ActionInvoked'><arg type='u'/><arg type='s'/></signal>"
  "    <signal name='NotificationClosed'><arg type='u'/><arg type='u'/></signal>"
  "  </interface>"
  "</node>";

typedef struct
{
  guint32  id;
  char    *app_name;
  char    *summary;
  char    *body;
  char    *image;     /* the image-path hint: an icon's name or file */
  GStrv    actions;   /* key, label, key, label … */
} Notification;

typedef struct
{
  GDBusConnection *server;
  guint            owner_id;
  guint            object_id;
  gboolean         owned;
  GPtrArray       *notifications;  /* Notification */
  GArray          *closed;         /* guint32 */
  guint32          next_id;
} Server;

static void
notification_free (Notification *n)
{
  g_free (n->app_name);
  g_free (n->summary);
  g_free (n->body);
  g_free (n->image);
  g_strfreev (n->actions);
  g_free (n);
}

static void
on_method_call (GDBusConnection       *connection,
                const char            *sender,
                const char            *path,
                const char            *interface,
                const char            *method,
                GVariant              *parameters,
                GDBusMethodInvocation *invocation,
                gpointer               user_data)
{
  Server *server = user_data;

  if (g_strcmp0 (method, "Notify") == 0)
    {
      Notification *n = g_new0 (Notification, 1);
      guint32 replaces;
      const char *icon;
      g_autoptr(GVariant) hints = NULL;
      gint32 timeout;

      g_variant_get (parameters, "(su&sss^as@a{sv}i)", &n->app_name, &replaces, &icon,
                     &n->summary, &n->body, &n->actions, &hints, &timeout);
      n->id = replaces ? replaces : ++server->next_id;
      g_variant_lookup (hints, "image-path", "s", &n->image);
      g_ptr_array_add (server->notifications, n);
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", n->id));
    }
  else if (g_strcmp0 (method, "CloseNotification") == 0)
    {
      guint32 id;

      g_variant_get (parameters, "(u)", &id);
      g_array_append_val (server->closed, id);
      g_dbus_method_invocation_return_value (invocation, NULL);
    }
  else if (g_strcmp0 (method, "GetCapabilities") == 0)
    {
      const char *caps[] = { "actions", "body", NULL };

      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(^as)", caps));
    }
  else if (g_strcmp0 (method, "GetServerInformation") == 0)
    g_dbus_method_invocation_return_value (invocation,
                                           g_variant_new ("(ssss)", "test-notifications",
                                                          "Showroom tests", "1.0", "1.2"));
  else
    g_dbus_method_invocation_return_error (invocation, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD,
                                           "No such method %s", method);
}

static const GDBusInterfaceVTable vtable = { on_method_call, NULL, NULL, { 0 } };

static void
on_name_acquired (GDBusConnection *connection,
                  const char      *name,
                  gpointer         user_data)
{
  ((Server *) user_data)->owned = TRUE;
}

static void
on_name_lost (GDBusConnection *connection,
              const char      *name,
              gpointer         user_data)
{
  g_error ("Could not own %s: is another notification server on this bus?", name);
}

static gboolean
on_timeout_cb (gpointer user_data)
{
  g_error ("Timed out waiting for %s", (const char *) user_data);
  return G_SOURCE_REMOVE;
}

/* Not a timed test: the limit only turns a hang into a failure */
#define WAIT_FOR(cond) G_STMT_START {                                   \
    guint guard_ = g_timeout_add_seconds (20, on_timeout_cb, (gpointer) #cond); \
    while (!(cond))                                                     \
      g_main_context_iteration (NULL, TRUE);                            \
    g_source_remove (guard_);                                           \
  } G_STMT_END

static void
server_start (Server *server)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (introspection_xml, &error);
  g_autofree char *address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SESSION, NULL, &error);

  g_assert_no_error (error);
  server->notifications = g_ptr_array_new_with_free_func ((GDestroyNotify) notification_free);
  server->closed = g_array_new (FALSE, FALSE, sizeof (guint32));
  server->server = g_dbus_connection_new_for_address_sync (address,
                                                           G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                           G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                           NULL, NULL, &error);
  g_assert_no_error (error);
  server->object_id = g_dbus_connection_register_object (server->server,
                                                         "/org/freedesktop/Notifications",
                                                         info->interfaces[0], &vtable,
                                                         server, NULL, &error);
  g_assert_no_error (error);
  server->owner_id = g_bus_own_name_on_connection (server->server, "org.freedesktop.Notifications",
                                                   G_BUS_NAME_OWNER_FLAGS_DO_NOT_QUEUE,
                                                   on_name_acquired, on_name_lost, server, NULL);
  WAIT_FOR (server->owned);
}

static void
server_stop (Server *server)
{
  g_bus_unown_name (server->owner_id);
  g_dbus_connection_unregister_object (server->server, server->object_id);
  g_dbus_connection_flush_sync (server->server, NULL, NULL);
  g_clear_object (&server->server);
  g_clear_pointer (&server->notifications, g_ptr_array_unref);
  g_clear_pointer (&server->closed, g_array_unref);
}

static void
server_invoke (Server     *server,
               guint32     id,
               const char *action_key)
{
  g_autoptr(GError) error = NULL;

  g_dbus_connection_emit_signal (server->server, NULL, "/org/freedesktop/Notifications",
                                 "org.freedesktop.Notifications", "ActionInvoked",
                                 g_variant_new ("(us)", id, action_key), &error);
  g_assert_no_error (error);
  g_dbus_connection_flush_sync (server->server, NULL, NULL);
}

/* The key of the button labelled @label */
static const char *
action_key (Notification *n,
            const char   *label)
{
  for (guint i = 0; n->actions[i] && n->actions[i + 1]; i += 2)
    if (g_strcmp0 (n->actions[i + 1], label) == 0)
      return n->actions[i];
  g_error ("No button “%s” in notification “%s”", label, n->summary);
  return NULL;
}

static gint64
at (int year, int month, int day, int hour, int minute)
{
  g_autoptr(GDateTime) dt = g_date_time_new_local (year, month, day, hour, minute, 0);
  return g_date_time_to_unix (dt);
}

static gint64
planned_at_of (CrmStore *store,
               gint64    id)
{
  g_autoptr(CrmActivity) a = crm_followup_store_get (crm_store_get_followup_store (store), id, NULL);

  return a ? crm_activity_get_planned_at (a) : 0;
}

static gint64
done_at_of (CrmStore *store,
            gint64    id)
{
  g_autoptr(CrmActivity) a = crm_followup_store_get (crm_store_get_followup_store (store), id, NULL);

  return a ? crm_activity_get_done_at (a) : 0;
}

static gint64 opened_customer;

static void
on_open_customer_cb (CrmReminders *reminders,
                     gint64        customer_id,
                     gpointer      user_data)
{
  opened_customer = customer_id;
}

static void
test_end_to_end (void)
{
  g_autoptr(GError) error = NULL;
  CrmTestShowroom sr;
  gint64 tuesday = at (2026, 11, 24, 10, 0);
  CrmClock *clock;
  CrmStore *store;
  g_autoptr(GApplication) app = NULL;
  g_autoptr(CrmReminders) reminders = NULL;
  g_autoptr(CrmCustomer) customer = crm_customer_new ();
  g_autoptr(CrmDeal) deal = crm_deal_new ();
  g_autoptr(CrmActivity) planned = crm_activity_new ();
  const char *phones[] = { "13800138000", NULL };
  Server server = { 0, };
  Notification *n;
  gint64 rep, cid, deal_id, aid;
  guint before;

  g_assert_no_error (error);
  server_start (&server);

  crm_test_showroom_init (&sr, tuesday);
  crm_test_showroom_open_store (&sr);
  clock = sr.clock;
  store = sr.store;
  rep = crm_test_add_staff (store, "李娜", CRM_ROLE_SALES, TRUE);
  crm_customer_set_name (customer, "张伟");
  crm_customer_set_phones (customer, phones);
  crm_customer_set_grade (customer, CRM_GRADE_A);
  crm_customer_set_owner_id (customer, rep);
  cid = crm_customer_store_insert (crm_store_get_customer_store (store), customer, &error);
  g_assert_no_error (error);
  crm_deal_set_customer_id (deal, cid);
  crm_deal_set_stage (deal, CRM_STAGE_NEW_LEAD);
  crm_deal_set_owner_id (deal, rep);
  deal_id = crm_deal_store_insert (crm_store_get_deal_store (store), deal, rep, &error);
  g_assert_no_error (error);
  g_assert_true (crm_deal_store_move (crm_store_get_deal_store (store), deal_id, CRM_STAGE_VISITED, rep, &error));

  crm_activity_set_customer_id (planned, cid);
  crm_activity_set_deal_id (planned, deal_id);
  crm_activity_set_kind (planned, CRM_ACTIVITY_CALL);
  crm_activity_set_planned_at (planned, tuesday + 2 * MINUTE);
  crm_activity_set_purpose (planned, "确认周六试驾");
  crm_activity_set_staff_id (planned, rep);
  aid = crm_followup_store_insert (crm_store_get_followup_store (store), planned, &error);
  g_assert_no_error (error);

  app = g_application_new ("io.github.showroomcrm.Showroom.Test", G_APPLICATION_DEFAULT_FLAGS);
  g_assert_true (g_application_register (app, NULL, &error));
  g_assert_no_error (error);

  reminders = crm_reminders_new (app, store, NULL);
  g_signal_connect (reminders, "open-customer", G_CALLBACK (on_open_customer_cb), NULL);
  crm_reminders_set_staff (reminders, rep, FALSE);
  crm_reminders_start (reminders);
  g_assert_cmpint (crm_reminders_get_next_wakeup (reminders), ==, tuesday + 2 * MINUTE);
  g_assert_cmpuint (server.notifications->len, ==, 0);

  /* Two minutes later the reminder goes out */
  crm_clock_advance (clock, 2 * MINUTE);
  g_assert_cmpuint (crm_reminders_check_now (reminders, FALSE), ==, 1);
  WAIT_FOR (server.notifications->len == 1);

  n = g_ptr_array_index (server.notifications, 0);
  g_assert_cmpstr (n->summary, ==, "张伟");
  g_assert_cmpstr (n->body, ==, "确认周六试驾\n138 0013 8000");
  /* With the application's icon, so the popup says who it is from */
  g_assert_cmpstr (n->image, ==, "io.github.showroomcrm.Showroom");
  g_assert_cmpuint (g_strv_length (n->actions), ==, 10);
  g_assert_cmpstr (n->actions[0], ==, "default");
  action_key (n, "Done");
  action_key (n, "Snooze 15 min");
  action_key (n, "Snooze 1 h");
  action_key (n, "Tomorrow 9:00");

  /* Snooze 15 min: planned_at moves, the timer follows */
  server_invoke (&server, n->id, action_key (n, "Snooze 15 min"));
  WAIT_FOR (planned_at_of (store, aid) == tuesday + 17 * MINUTE);
  g_assert_cmpint (done_at_of (store, aid), ==, 0);
  WAIT_FOR (crm_reminders_get_next_wakeup (reminders) == tuesday + 17 * MINUTE);

  /* The default action opens the customer (GLib forgot the first
   * notification after its action, so time brings the snoozed one back) */
  crm_clock_advance (clock, 15 * MINUTE);
  before = server.notifications->len;
  g_assert_cmpuint (crm_reminders_check_now (reminders, FALSE), ==, 1);
  WAIT_FOR (server.notifications->len == before + 1);
  n = g_ptr_array_index (server.notifications, server.notifications->len - 1);
  g_assert_cmpstr (n->summary, ==, "张伟");
  server_invoke (&server, n->id, "default");
  WAIT_FOR (opened_customer == cid);

  /* Done on a fresh one: marked done, nothing asked, the next one planned */
  crm_followup_store_reschedule (crm_store_get_followup_store (store), aid, tuesday + 20 * MINUTE, &error);
  g_assert_no_error (error);
  crm_clock_advance (clock, 3 * MINUTE);
  before = server.notifications->len;
  g_assert_cmpuint (crm_reminders_check_now (reminders, FALSE), ==, 1);
  WAIT_FOR (server.notifications->len == before + 1);
  n = g_ptr_array_index (server.notifications, server.notifications->len - 1);
  server_invoke (&server, n->id, action_key (n, "Done"));
  WAIT_FOR (done_at_of (store, aid) != 0);
  g_assert_cmpint (done_at_of (store, aid), ==, tuesday + 20 * MINUTE);
  {
    gint64 next = crm_followup_store_get_open_id (crm_store_get_followup_store (store), cid);
    g_autoptr(CrmActivity) a = crm_followup_store_get (crm_store_get_followup_store (store), next, NULL);

    g_assert_cmpint (next, >, 0);
    g_assert_cmpint (next, !=, aid);
    /* Grade A: three days later */
    g_assert_cmpint (crm_activity_get_planned_at (a), ==, at (2026, 11, 27, 10, 20));
    /* …and the timer now waits for it */
    WAIT_FOR (crm_reminders_get_next_wakeup (reminders) == at (2026, 11, 27, 10, 20));
  }

  /* Several due at once after a sleep: one summary */
  for (int i = 0; i < 3; i++)
    {
      g_autoptr(CrmActivity) more = crm_activity_new ();

      crm_activity_set_customer_id (more, cid);
      crm_activity_set_kind (more, CRM_ACTIVITY_CALL);
      crm_activity_set_planned_at (more, tuesday + HOUR + i * MINUTE);
      crm_activity_set_staff_id (more, rep);
      crm_followup_store_insert (crm_store_get_followup_store (store), more, &error);
      g_assert_no_error (error);
    }
  crm_clock_advance (clock, 2 * HOUR);
  before = server.notifications->len;
  g_assert_cmpuint (crm_reminders_check_now (reminders, TRUE), ==, 3);
  WAIT_FOR (server.notifications->len == before + 1);
  n = g_ptr_array_index (server.notifications, server.notifications->len - 1);
  g_assert_cmpstr (n->summary, ==, "3 follow-ups are due");

  crm_reminders_stop (reminders);
  g_clear_object (&reminders);
  g_application_quit (app);
  g_clear_object (&app);
  store = NULL;
  clock = NULL;
  crm_test_showroom_clear (&sr);
  server_stop (&server);
}

/* A manager's desktop is told about a deal nobody followed up for the
 * idle limit, once per deal and day, however often it checks */
static void
test_escalation (void)
{
  g_autoptr(GError) error = NULL;
  CrmTestShowroom sr;
  gint64 tuesday = at (2026, 11, 24, 10, 0);
  CrmClock *clock;
  CrmStore *store;
  g_autoptr(GApplication) app = NULL;
  g_autoptr(CrmReminders) reminders = NULL;
  g_autoptr(CrmCustomer) customer = crm_customer_new ();
  g_autoptr(CrmDeal) deal = crm_deal_new ();
  const char *phones[] = { "13900139000", NULL };
  Server server = { 0, };
  Notification *n;
  gint64 manager, rep, cid, deal_id;
  guint before;

  server_start (&server);
  crm_test_showroom_init (&sr, tuesday - 10 * DAY);
  crm_test_showroom_open_store (&sr);
  clock = sr.clock;
  store = sr.store;
  manager = crm_test_add_staff (store, "陈经理", CRM_ROLE_MANAGER, TRUE);
  rep = crm_test_add_staff (store, "王强", CRM_ROLE_SALES, TRUE);
  crm_customer_set_name (customer, "赵静");
  crm_customer_set_phones (customer, phones);
  crm_customer_set_owner_id (customer, rep);
  cid = crm_customer_store_insert (crm_store_get_customer_store (store), customer, &error);
  g_assert_no_error (error);
  crm_deal_set_customer_id (deal, cid);
  crm_deal_set_stage (deal, CRM_STAGE_NEW_LEAD);
  crm_deal_set_owner_id (deal, rep);
  deal_id = crm_deal_store_insert (crm_store_get_deal_store (store), deal, rep, &error);
  g_assert_no_error (error);
  crm_clock_set_now (clock, tuesday);

  app = g_application_new ("io.github.showroomcrm.Showroom.Test2", G_APPLICATION_DEFAULT_FLAGS);
  g_assert_true (g_application_register (app, NULL, &error));
  reminders = crm_reminders_new (app, store, NULL);
  g_signal_connect (reminders, "open-customer", G_CALLBACK (on_open_customer_cb), NULL);

  /* A consultant's desktop says nothing about it */
  crm_reminders_set_staff (reminders, rep, FALSE);
  crm_reminders_start (reminders);
  g_assert_cmpuint (crm_reminders_check_escalations (reminders), ==, 0);

  /* The manager's desktop: one notification naming the customer and the consultant */
  before = server.notifications->len;
  crm_reminders_set_staff (reminders, manager, TRUE);
  WAIT_FOR (server.notifications->len == before + 1);
  n = g_ptr_array_index (server.notifications, server.notifications->len - 1);
  g_assert_cmpstr (n->summary, ==, "No follow-up for 3 days");
  g_assert_cmpstr (n->body, ==, "赵静 (sales consultant: 王强)");
  g_assert_cmpstr (n->actions[0], ==, "default");

  /* Once per deal and day: later checks the same day, and another desktop
   * (another reminder service on the same database), stay quiet */
  crm_clock_advance (clock, 2 * HOUR);
  g_assert_cmpuint (crm_reminders_check_now (reminders, FALSE), ==, 0);
  {
    g_autoptr(CrmReminders) other = crm_reminders_new (NULL, store, NULL);
    gboolean already = FALSE;

    g_assert_true (crm_followup_store_record_escalation (crm_store_get_followup_store (store), deal_id, "2026-11-24", &already, &error));
    g_assert_true (already);
  }
  /* The next day it is told again */
  crm_clock_advance (clock, DAY);
  g_assert_cmpuint (crm_reminders_check_escalations (reminders), ==, 1);

  /* Opening it from the notification opens the customer */
  opened_customer = 0;
  server_invoke (&server, n->id, "default");
  WAIT_FOR (opened_customer == cid);

  crm_reminders_stop (reminders);
  g_clear_object (&reminders);
  g_clear_object (&app);
  store = NULL;
  clock = NULL;
  crm_test_showroom_clear (&sr);
  server_stop (&server);
}

static gint64 opened_calendar;

static void
on_open_calendar_cb (CrmReminders *reminders,
                     gint64        at_time,
                     gpointer      user_data)
{
  opened_calendar = at_time;
}

/* A booking's reminder 30 minutes before it starts, once; snoozed, it comes
 * back ten minutes later. Lead notices: several waiting at start make one
 * summary, a new lead assigned while running its own notification. */
static void
test_test_drive (void)
{
  g_autoptr(GError) error = NULL;
  CrmTestShowroom sr;
  gint64 tuesday = at (2026, 11, 24, 10, 0);
  CrmClock *clock;
  CrmStore *store;
  g_autoptr(GApplication) app = NULL;
  g_autoptr(CrmReminders) reminders = NULL;
  g_autoptr(CrmVehicleModel) model = crm_vehicle_model_new ();
  g_autoptr(CrmVehicle) car = crm_vehicle_new ();
  g_autoptr(CrmTestDrive) booking = crm_test_drive_new ();
  g_autoptr(GListModel) unseen = NULL;
  g_autoptr(GListModel) unnotified = NULL;
  Server server = { 0, };
  Notification *n;
  gint64 manager, rep, cid, lead1, lead2, lead3, car_id, td;
  guint before;

  g_assert_no_error (error);
  server_start (&server);
  crm_test_showroom_init (&sr, tuesday);
  crm_test_showroom_open_store (&sr);
  clock = sr.clock;
  store = sr.store;
  manager = crm_test_add_staff (store, "陈经理", CRM_ROLE_MANAGER, TRUE);
  rep = crm_test_add_staff (store, "李娜", CRM_ROLE_SALES, TRUE);
  cid = crm_test_add_customer (store, "张伟", "13800138000", NULL);
  crm_vehicle_model_set_brand (model, "广汽丰田");
  crm_vehicle_model_set_series (model, "凯美瑞");
  crm_vehicle_set_plate (car, "粤A·D1001");
  crm_vehicle_set_model_id (car, crm_staff_store_insert_vehicle_model (crm_store_get_staff_store (store), model, &error));
  g_assert_no_error (error);
  car_id = crm_calendar_store_insert_vehicle (crm_store_get_calendar_store (store), car, &error);
  g_assert_no_error (error);
  crm_test_drive_set_customer_id (booking, cid);
  crm_test_drive_set_vehicle_id (booking, car_id);
  crm_test_drive_set_staff_id (booking, rep);
  crm_test_drive_set_start_at (booking, tuesday + 31 * MINUTE);
  crm_test_drive_set_end_at (booking, tuesday + 61 * MINUTE);
  td = crm_calendar_store_insert (crm_store_get_calendar_store (store), booking, &error);
  g_assert_no_error (error);

  /* Two leads given to the rep while Showroom was not running */
  lead1 = crm_test_add_customer (store, "王芳", "13900139001", NULL);
  lead2 = crm_test_add_customer (store, "刘洋", "13900139002", NULL);
  g_assert_true (crm_lead_store_assign_customer (crm_store_get_lead_store (store), lead1, rep, manager, CRM_ASSIGN_REASON_MANUAL, &error));
  g_assert_true (crm_lead_store_assign_customer (crm_store_get_lead_store (store), lead2, rep, manager, CRM_ASSIGN_REASON_MANUAL, &error));
  g_assert_no_error (error);

  app = g_application_new ("io.github.showroomcrm.Showroom.Test3", G_APPLICATION_DEFAULT_FLAGS);
  g_assert_true (g_application_register (app, NULL, &error));
  g_assert_no_error (error);
  reminders = crm_reminders_new (app, store, NULL);
  g_signal_connect (reminders, "open-customer", G_CALLBACK (on_open_customer_cb), NULL);
  g_signal_connect (reminders, "open-calendar", G_CALLBACK (on_open_calendar_cb), NULL);
  crm_reminders_set_staff (reminders, rep, FALSE);
  crm_reminders_start (reminders);

  /* At start: one summary of the two notices; the timer waits for 10:01 */
  WAIT_FOR (server.notifications->len == 1);
  n = g_ptr_array_index (server.notifications, 0);
  g_assert_cmpstr (n->summary, ==, "2 leads need your attention");
  g_assert_cmpstr (n->body, ==, "王芳、刘洋");
  g_assert_cmpint (crm_reminders_get_next_wakeup (reminders), ==, tuesday + MINUTE);
  /* …still listed under the header button until read */
  unseen = crm_lead_store_list_notices (crm_store_get_lead_store (store), rep, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (unseen), ==, 2);
  unnotified = crm_lead_store_list_unnotified_notices (crm_store_get_lead_store (store), rep, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (unnotified), ==, 0);
  g_clear_object (&unnotified);

  /* Not early; at 10:01 the reminder */
  g_assert_cmpuint (crm_reminders_check_test_drives (reminders, FALSE), ==, 0);
  crm_clock_advance (clock, MINUTE);
  crm_reminders_check_now (reminders, FALSE);
  WAIT_FOR (server.notifications->len == 2);
  n = g_ptr_array_index (server.notifications, 1);
  g_assert_cmpstr (n->summary, ==, "Test drive at 10:31");
  g_assert_cmpstr (n->body, ==, "张伟  138 0013 8000\n粤A·D1001 · 凯美瑞");
  g_assert_cmpstr (n->actions[0], ==, "default");
  action_key (n, "Show in Calendar");
  action_key (n, "Snooze 10 min");
  g_assert_cmpint (crm_reminders_get_next_wakeup (reminders), ==, 0);

  /* Its buttons: the calendar on that day, the customer */
  server_invoke (&server, n->id, action_key (n, "Show in Calendar"));
  WAIT_FOR (opened_calendar == tuesday + 31 * MINUTE);
  opened_customer = 0;
  crm_reminders_check_now (reminders, FALSE);
  before = server.notifications->len;
  g_assert_cmpuint (before, ==, 2);

  /* Once: later checks say nothing more; a new lead does (and is the only
   * notification that comes) */
  crm_clock_advance (clock, 5 * MINUTE);
  g_assert_cmpuint (crm_reminders_check_test_drives (reminders, FALSE), ==, 0);
  crm_reminders_check_now (reminders, FALSE);
  lead3 = crm_test_add_customer (store, "赵敏", "13900139003", NULL);
  g_assert_true (crm_lead_store_assign_customer (crm_store_get_lead_store (store), lead3, rep, manager, CRM_ASSIGN_REASON_MANUAL, &error));
  g_assert_no_error (error);
  WAIT_FOR (server.notifications->len == before + 1);
  n = g_ptr_array_index (server.notifications, before);
  g_assert_cmpstr (n->summary, ==, "赵敏");
  g_assert_cmpstr (n->body, ==, "New lead for you\n139 0013 9003");
  server_invoke (&server, n->id, "default");
  WAIT_FOR (opened_customer == lead3);
  g_clear_object (&unseen);
  unseen = crm_lead_store_list_notices (crm_store_get_lead_store (store), rep, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (unseen), ==, 3);

  /* Snooze 10 min on a fresh reminder (after the booking moved): back
   * ten minutes later */
  g_assert_true (crm_calendar_store_move (crm_store_get_calendar_store (store), td, car_id, tuesday + HOUR, tuesday + 90 * MINUTE, &error));
  g_assert_no_error (error);
  crm_clock_set_now (clock, tuesday + 30 * MINUTE);
  before = server.notifications->len;
  crm_reminders_check_now (reminders, FALSE);
  WAIT_FOR (server.notifications->len == before + 1);
  n = g_ptr_array_index (server.notifications, before);
  g_assert_cmpstr (n->summary, ==, "Test drive at 11:00");
  server_invoke (&server, n->id, action_key (n, "Snooze 10 min"));
  WAIT_FOR (crm_reminders_get_next_wakeup (reminders) == tuesday + 40 * MINUTE);
  crm_clock_set_now (clock, tuesday + 40 * MINUTE);
  before = server.notifications->len;
  crm_reminders_check_now (reminders, FALSE);
  WAIT_FOR (server.notifications->len == before + 1);
  n = g_ptr_array_index (server.notifications, before);
  g_assert_cmpstr (n->summary, ==, "Test drive at 11:00");
  server_invoke (&server, n->id, "default");
  WAIT_FOR (opened_customer == cid);

  /* Two short drives both due after a sleep: one summary */
  for (int i = 0; i < 2; i++)
    {
      g_autoptr(CrmTestDrive) more = crm_test_drive_new ();

      crm_test_drive_set_customer_id (more, i == 0 ? lead1 : lead2);
      crm_test_drive_set_vehicle_id (more, car_id);
      crm_test_drive_set_staff_id (more, rep);
      crm_test_drive_set_start_at (more, tuesday + 4 * HOUR + i * 25 * MINUTE);
      crm_test_drive_set_end_at (more, tuesday + 4 * HOUR + i * 25 * MINUTE + 15 * MINUTE);
      crm_calendar_store_insert (crm_store_get_calendar_store (store), more, &error);
      g_assert_no_error (error);
    }
  crm_clock_set_now (clock, tuesday + 4 * HOUR - 2 * MINUTE);
  before = server.notifications->len;
  crm_reminders_check_now (reminders, TRUE);
  WAIT_FOR (server.notifications->len == before + 1);
  n = g_ptr_array_index (server.notifications, before);
  g_assert_cmpstr (n->summary, ==, "2 test drives start soon");
  g_assert_cmpstr (n->body, ==, "14:00 王芳\n14:25 刘洋");

  crm_reminders_stop (reminders);
  g_clear_object (&reminders);
  g_clear_object (&unseen);
  g_clear_object (&app);
  store = NULL;
  clock = NULL;
  crm_test_showroom_clear (&sr);
  server_stop (&server);
}

/* A follow-up planned on another desktop (another store on the same
 * file or server) for the consultant signed in here: this desktop's
 * reminder timer hears of it within a second and reminds when it is due;
 * one planned for someone else changes nothing here */
static void
test_other_desktop (void)
{
  g_autoptr(GError) error = NULL;
  CrmTestShowroom sr;
  gint64 tuesday = at (2026, 11, 24, 10, 0);
  g_autoptr(CrmStore) other = NULL;
  g_autoptr(GApplication) app = NULL;
  g_autoptr(CrmReminders) reminders = NULL;
  Server server = { 0, };
  Notification *n;
  gint64 rep, colleague, cid, start;

  server_start (&server);
  crm_test_showroom_init (&sr, tuesday);
  crm_test_showroom_open_store (&sr);
  rep = crm_test_add_staff (sr.store, "李娜", CRM_ROLE_SALES, TRUE);
  colleague = crm_test_add_staff (sr.store, "王丽", CRM_ROLE_SALES, TRUE);
  cid = crm_test_add_customer (sr.store, "张伟", "13800138000", NULL);
  crm_test_watch_others (sr.store);

  app = g_application_new ("io.github.showroomcrm.Showroom.Test", G_APPLICATION_DEFAULT_FLAGS);
  g_assert_true (g_application_register (app, NULL, &error));
  g_assert_no_error (error);
  reminders = crm_reminders_new (app, sr.store, NULL);
  crm_reminders_set_staff (reminders, rep, FALSE);
  crm_reminders_start (reminders);
  g_assert_cmpint (crm_reminders_get_next_wakeup (reminders), ==, 0);

  other = crm_store_open (sr.path, sr.clock, &error);
  g_assert_no_error (error);

  /* The colleague's call: not this desktop's business */
  {
    g_autoptr(CrmActivity) call = crm_activity_new ();

    crm_activity_set_customer_id (call, cid);
    crm_activity_set_kind (call, CRM_ACTIVITY_CALL);
    crm_activity_set_planned_at (call, tuesday + MINUTE);
    crm_activity_set_staff_id (call, colleague);
    crm_followup_store_insert (crm_store_get_followup_store (other), call, &error);
    g_assert_no_error (error);
  }
  /* Mine, planned at the front desk */
  start = g_get_monotonic_time ();
  {
    g_autoptr(CrmActivity) call = crm_activity_new ();

    crm_activity_set_customer_id (call, cid);
    crm_activity_set_kind (call, CRM_ACTIVITY_CALL);
    crm_activity_set_planned_at (call, tuesday + 2 * MINUTE);
    crm_activity_set_purpose (call, "前台代约：周六试驾");
    crm_activity_set_staff_id (call, rep);
    crm_followup_store_insert (crm_store_get_followup_store (other), call, &error);
    g_assert_no_error (error);
  }
  WAIT_FOR (crm_reminders_get_next_wakeup (reminders) == tuesday + 2 * MINUTE);
  g_test_message ("the timer heard of it after %.0f ms", (g_get_monotonic_time () - start) / 1000.0);
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);

  crm_clock_advance (sr.clock, 2 * MINUTE);
  g_assert_cmpuint (crm_reminders_check_now (reminders, FALSE), ==, 1);
  WAIT_FOR (server.notifications->len == 1);
  n = g_ptr_array_index (server.notifications, 0);
  g_assert_cmpstr (n->summary, ==, "张伟");
  crm_test_assert_has_prefix (n->body, "前台代约：周六试驾");

  crm_reminders_stop (reminders);
  g_clear_object (&reminders);
  g_clear_object (&other);
  g_application_quit (app);
  g_clear_object (&app);
  crm_test_showroom_clear (&sr);
  server_stop (&server);
}

/* A reminder's button pressed after Showroom ended: D-Bus starts the
 * program again as a service and activates the button's action at once.
 * Here the program is started as `showroom --gapplication-service` on the
 * test's bus, and Done is asked the moment its name appears: the action
 * must exist then (it came 1.5 s after start, with the reminders: "Unknown
 * action"), and the follow-up must be done in the database. */
static void
test_cold_start (void)
{
  const char *showroom = g_getenv ("SHOWROOM_BIN");
  g_autofree char *home = g_dir_make_tmp ("showroom-cold-XXXXXX", NULL);
  g_autofree char *folder = g_build_filename (home, "showroom", NULL);
  g_autofree char *path = g_build_filename (folder, "showroom.db", NULL);
  g_autoptr(CrmClock) clock = crm_clock_new_fixed (crm_test_now ());
  g_autoptr(CrmActivity) planned = crm_activity_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GTestDBus) test_bus = NULL;
  g_autofree char *display = NULL;
  GDBusConnection *bus = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  const char *app_id = "io.github.showroomcrm.Showroom";
  gint64 rep, cid, aid, done = 0;
  gboolean owned = FALSE;

  g_assert_nonnull (showroom);
  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  {
    g_autoptr(CrmStore) store = crm_store_open (path, clock, &error);
    g_autoptr(GPtrArray) staff = g_ptr_array_new_with_free_func (g_object_unref);

    g_assert_no_error (error);
    g_ptr_array_add (staff, crm_staff_new ());
    crm_staff_set_name (g_ptr_array_index (staff, 0), "刘经理");
    crm_staff_set_role (g_ptr_array_index (staff, 0), CRM_ROLE_MANAGER);
    g_ptr_array_add (staff, crm_staff_new ());
    crm_staff_set_name (g_ptr_array_index (staff, 1), "李娜");
    crm_staff_set_role (g_ptr_array_index (staff, 1), CRM_ROLE_SALES);
    crm_store_setup_showroom (store, "测试展厅", staff, &error);
    g_assert_no_error (error);
    rep = crm_staff_get_id (g_ptr_array_index (staff, 1));
    cid = crm_test_add_customer (store, "张伟", "13800138000", NULL);
    crm_activity_set_customer_id (planned, cid);
    crm_activity_set_kind (planned, CRM_ACTIVITY_CALL);
    crm_activity_set_planned_at (planned, crm_test_now () - HOUR);
    crm_activity_set_purpose (planned, "确认周六试驾");
    crm_activity_set_staff_id (planned, rep);
    aid = crm_followup_store_insert (crm_store_get_followup_store (store), planned, &error);
    g_assert_no_error (error);
  }

  /* A bus of its own, with no services to start: the program's GTK would
   * otherwise start the desktop portal on the shared test bus, and with
   * it a locked keyring that later tests would wait on */
  display = g_strdup (g_getenv ("DISPLAY"));   /* GTestDBus unsets it */
  test_bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (test_bus);
  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", home, TRUE);
  if (display != NULL)
    g_subprocess_launcher_setenv (launcher, "DISPLAY", display, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", home, TRUE);
  g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");
  child = g_subprocess_launcher_spawn (launcher, &error, showroom, "--gapplication-service", NULL);
  g_assert_no_error (error);

  /* The moment the name is on the bus */
  for (guint i = 0; i < 2000 && !owned; i++)
    {
      g_autoptr(GVariant) has = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                                             "org.freedesktop.DBus", "NameHasOwner",
                                                             g_variant_new ("(s)", app_id), G_VARIANT_TYPE ("(b)"),
                                                             G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);

      if (has != NULL)
        g_variant_get (has, "(b)", &owned);
      if (!owned)
        g_usleep (5000);
    }
  g_assert_true (owned);

  reply = g_dbus_connection_call_sync (bus, app_id, "/io/github/showroomcrm/Showroom",
                                       "org.freedesktop.Application", "ActivateAction",
                                       g_variant_new_parsed ("('followup-done', [<int64 %x>], @a{sv} {})", aid),
                                       NULL, G_DBUS_CALL_FLAGS_NONE, 10000, NULL, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < 500 && done == 0; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT done_at IS NOT NULL FROM activity WHERE id = %lld",
                                              (long long) aid);

      done = crm_test_file_int (path, sql);
      if (done == 0)
        g_usleep (10000);
    }
  g_assert_cmpint (done, ==, 1);

  g_clear_pointer (&reply, g_variant_unref);
  reply = g_dbus_connection_call_sync (bus, app_id, "/io/github/showroomcrm/Showroom",
                                       "org.freedesktop.Application", "ActivateAction",
                                       g_variant_new_parsed ("('quit', @av [], @a{sv} {})"),
                                       NULL, G_DBUS_CALL_FLAGS_NONE, 10000, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait (child, NULL, &error));
  g_assert_no_error (error);
  g_object_unref (bus);
  g_test_dbus_down (test_bus);
  crm_test_rm_rf (home);
}

/* Whether anything shows notifications: nothing on a bare bus, yes once
 * a server owns org.freedesktop.Notifications */
static void
test_can_pop_up (void)
{
  g_autoptr(GTestDBus) test_bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_autoptr(GError) error = NULL;
  GDBusConnection *bus;
  guint owner;

  g_test_dbus_up (test_bus);
  bus = g_dbus_connection_new_for_address_sync (g_test_dbus_get_bus_address (test_bus),
                                                G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (crm_reminders_can_pop_up (bus));

  owner = g_bus_own_name_on_connection (bus, "org.freedesktop.Notifications", G_BUS_NAME_OWNER_FLAGS_NONE,
                                        NULL, NULL, NULL, NULL);
  for (guint i = 0; i < 200 && !crm_reminders_can_pop_up (bus); i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (crm_reminders_can_pop_up (bus));
  g_bus_unown_name (owner);
  g_dbus_connection_close_sync (bus, NULL, NULL);
  g_object_unref (bus);
  g_test_dbus_down (test_bus);
}

/* A reminder shown, then the process gone before anyone answered it: at
 * the next start it comes back, though it fell due before the last check */
static void
test_unanswered_after_restart (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = g_settings_new ("io.github.showroomcrm.Showroom");
  CrmTestShowroom sr;
  gint64 tuesday = at (2026, 11, 24, 10, 0);
  g_autoptr(GApplication) app = NULL;
  g_autoptr(CrmReminders) first = NULL;
  g_autoptr(CrmReminders) second = NULL;
  g_autoptr(CrmActivity) planned = crm_activity_new ();
  g_autoptr(CrmActivity) old = crm_activity_new ();
  Server server = { 0, };
  gint64 rep, cid;

  server_start (&server);
  crm_test_showroom_init (&sr, tuesday);
  crm_test_showroom_open_store (&sr);
  rep = crm_test_add_staff (sr.store, "李娜", CRM_ROLE_SALES, TRUE);
  cid = crm_test_add_customer (sr.store, "张伟", "13800138000", NULL);
  crm_activity_set_customer_id (planned, cid);
  crm_activity_set_kind (planned, CRM_ACTIVITY_CALL);
  crm_activity_set_planned_at (planned, tuesday + 2 * MINUTE);
  crm_activity_set_purpose (planned, "确认周六试驾");
  crm_activity_set_staff_id (planned, rep);
  g_assert_cmpint (crm_followup_store_insert (crm_store_get_followup_store (sr.store), planned, &error), >, 0);
  /* One left unanswered three days ago waits in My Day, not in a popup */
  crm_activity_set_customer_id (old, cid);
  crm_activity_set_kind (old, CRM_ACTIVITY_CALL);
  crm_activity_set_planned_at (old, tuesday - 3 * 24 * HOUR);
  crm_activity_set_staff_id (old, rep);
  g_assert_cmpint (crm_followup_store_insert (crm_store_get_followup_store (sr.store), old, &error), >, 0);
  g_assert_no_error (error);
  g_settings_set_int64 (settings, "reminders-last-check", tuesday);

  app = g_application_new ("io.github.showroomcrm.Showroom.Test", G_APPLICATION_DEFAULT_FLAGS);
  g_assert_true (g_application_register (app, NULL, &error));
  g_assert_no_error (error);

  first = crm_reminders_new (app, sr.store, settings);
  crm_reminders_set_staff (first, rep, FALSE);
  crm_reminders_start (first);
  crm_clock_advance (sr.clock, 2 * MINUTE);
  g_assert_cmpuint (crm_reminders_check_now (first, FALSE), ==, 1);
  WAIT_FOR (server.notifications->len == 1);
  g_assert_cmpint (g_settings_get_int64 (settings, "reminders-last-check"), ==, tuesday + 2 * MINUTE);

  /* Gone without an answer; started again ten minutes later */
  g_clear_object (&first);
  crm_clock_advance (sr.clock, 10 * MINUTE);
  second = crm_reminders_new (app, sr.store, settings);
  crm_reminders_set_staff (second, rep, FALSE);
  crm_reminders_start (second);
  WAIT_FOR (server.notifications->len == 2);
  g_assert_cmpstr (((Notification *) g_ptr_array_index (server.notifications, 1))->summary, ==, "张伟");
  crm_test_assert_contains (((Notification *) g_ptr_array_index (server.notifications, 1))->body, "确认周六试驾");

  g_clear_object (&second);
  crm_test_showroom_clear (&sr);
  server_stop (&server);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_test_skip ("needs a private session bus: run under dbus-run-session");
      return 0;
    }

  g_test_add_func ("/reminders/end-to-end", test_end_to_end);
  g_test_add_func ("/reminders/escalation", test_escalation);
  g_test_add_func ("/reminders/test-drive", test_test_drive);
  g_test_add_func ("/reminders/other-desktop", test_other_desktop);
  g_test_add_func ("/reminders/cold-start", test_cold_start);
  g_test_add_func ("/reminders/unanswered-after-restart", test_unanswered_after_restart);
  g_test_add_func ("/reminders/can-pop-up", test_can_pop_up);
  return g_test_run ();
}
