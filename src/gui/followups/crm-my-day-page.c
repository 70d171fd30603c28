/* crm-my-day-page.c: today's follow-ups of one person
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Overdue, due today and the next seven days for the person using this
 * desktop, each row one click from the quick log (the Log button) or the
 * customer (the row). A manager gets a sidebar of the sales consultants
 * with their overdue and today counts and sees any one's day. Open deals
 * with no follow-up for the showroom's idle limit are flagged at the end.
 * The three lists are CrmFollowupList models (ids, objects on demand).
 */
#define G_LOG_DOMAIN "crm-my-day-page"

#include "config.h"

#include <glib/gi18n.h>

#include "crm-cadence.h"
#include "crm-model-enum-types.h"
#include "crm-followup-list.h"
#include "crm-format.h"
#include "crm-gui-util.h"
#include "crm-log-dialog.h"
#include "crm-my-day-page.h"
#include "crm-phone.h"

#define DAY (24 * 60 * 60)
#define SECTION_LIMIT 200
#define IDLE_LIMIT 50

struct _CrmMyDayPage
{
  AdwBin           parent_instance;

  CrmContext      *context;
  gint64           staff_id;
  CrmFollowupList *overdue;
  CrmFollowupList *today;
  CrmFollowupList *upcoming;
  guint            refresh_id;
  gboolean         filling_sidebar;
  gboolean         reading;           /* the idle deals and counts, in the background */
  gint64           idle_checked_us;   /* when the whole team's idle deals were read */

  GtkWidget       *staff_sidebar;
  GtkWidget       *sidebar_separator;
  GtkListBox      *staff_list;
  GtkLabel        *heading_label;
  GtkLabel        *summary_label;
  GtkLabel        *overdue_heading;
  GtkListBox      *overdue_list;
  GtkLabel        *today_heading;
  GtkListBox      *today_list;
  GtkLabel        *upcoming_heading;
  GtkListBox      *upcoming_list;
  GtkLabel        *idle_heading;
  GtkListBox      *idle_list;
};

G_DEFINE_FINAL_TYPE (CrmMyDayPage, crm_my_day_page, ADW_TYPE_BIN)

static void refresh (CrmMyDayPage *self);

static void
day_bounds (CrmMyDayPage *self,
            gint64       *start,
            gint64       *end)
{
  gint64 now = crm_clock_get_now (crm_context_get_clock (self->context));
  GTimeZone *zone = crm_store_get_time_zone (crm_context_get_store (self->context));

  /* Today is the showroom's day, not this desktop's */
  *start = crm_time_day_start (zone, now);
  *end = crm_time_on_day (zone, now, 1, 0);
}

static GtkWindow *
toplevel (CrmMyDayPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
open_customer (CrmMyDayPage *self,
               gint64        customer_id)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-customer", "x", customer_id);
}

static void
on_log_clicked_cb (GtkButton    *button,
                   CrmMyDayPage *self)
{
  gint64 id = *(gint64 *) g_object_get_data (G_OBJECT (button), "activity-id");

  crm_log_dialog_present_quick_log (toplevel (self), self->context, id);
}

static void
on_row_activated_cb (CrmMyDayPage  *self,
                     GtkListBoxRow *row,
                     GtkListBox    *list)
{
  gint64 *customer_id = g_object_get_data (G_OBJECT (row), "customer-id");

  if (customer_id != NULL)
    open_customer (self, *customer_id);
}

static void
set_id_data (gpointer    object,
             const char *key,
             gint64      id)
{
  gint64 *copy = g_new (gint64, 1);

  *copy = id;
  g_object_set_data_full (G_OBJECT (object), key, copy, g_free);
}

/* @known: (nullable): the customer as read with the rows (on a server),
 * else read here */
static GtkWidget *
make_row (CrmMyDayPage *self,
          gint64        customer_id,
          CrmCustomer  *known,
          const char   *when,
          gboolean      late,
          const char   *detail,
          gint64        activity_id)
{
  CrmStore *store = crm_context_get_store (self->context);
  g_autoptr(CrmCustomer) customer = known ? g_object_ref (known)
                                          : crm_store_reads_in_background (store)
                                          ? NULL
                                          : crm_customer_store_get (crm_store_get_customer_store (store),
                                                                    customer_id, NULL);
  PangoAttrList *attrs = crm_gui_chinese_attrs ();
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *time_label = gtk_label_new (when);
  GtkWidget *name_label, *detail_label, *grade_label;
  g_autofree char *phone = NULL;
  g_autofree char *line = NULL;
  g_autofree char *grade_class = NULL;
  const char *name = customer ? crm_customer_get_name (customer) : "";

  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 8);

  gtk_label_set_xalign (GTK_LABEL (time_label), 0);
  gtk_label_set_width_chars (GTK_LABEL (time_label), 15);
  gtk_widget_add_css_class (time_label, late ? "overdue" : "dim-label");
  gtk_widget_add_css_class (time_label, "numeric");
  gtk_box_append (GTK_BOX (box), time_label);

  if (customer != NULL)
    {
      CrmGrade grade = crm_customer_get_grade (customer);

      grade_label = gtk_label_new (crm_grade_get_label (grade));
      grade_class = g_strdup_printf ("grade-%s", crm_enum_to_code (CRM_TYPE_GRADE, grade));
      for (char *p = grade_class; *p; p++)
        *p = g_ascii_tolower (*p);
      gtk_widget_add_css_class (grade_label, "grade-badge");
      gtk_widget_add_css_class (grade_label, grade_class);
      gtk_widget_set_valign (grade_label, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (grade_label, crm_grade_get_description (grade));
      gtk_box_append (GTK_BOX (box), grade_label);
      if (crm_customer_get_phone (customer) != NULL)
        phone = crm_phone_format (crm_customer_get_phone (customer));
    }

  name_label = gtk_label_new (name);
  gtk_label_set_attributes (GTK_LABEL (name_label), attrs);
  gtk_label_set_xalign (GTK_LABEL (name_label), 0);
  gtk_widget_add_css_class (name_label, "heading");
  gtk_box_append (GTK_BOX (texts), name_label);

  line = phone ? g_strdup_printf ("%s · %s", detail ? detail : "", phone) : g_strdup (detail ? detail : "");
  detail_label = gtk_label_new (line);
  gtk_label_set_attributes (GTK_LABEL (detail_label), attrs);
  gtk_label_set_xalign (GTK_LABEL (detail_label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (detail_label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (detail_label, "dim-label");
  gtk_box_append (GTK_BOX (texts), detail_label);
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_box_append (GTK_BOX (box), texts);

  if (activity_id != 0)
    {
      GtkWidget *log = gtk_button_new_with_mnemonic (_("_Log…"));
      g_autofree char *label = g_strdup_printf (_("Log the follow-up with %s"), name);

      gtk_widget_set_valign (log, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (log, label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (log), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      set_id_data (log, "activity-id", activity_id);
      g_signal_connect_object (log, "clicked", G_CALLBACK (on_log_clicked_cb), self, 0);
      gtk_box_append (GTK_BOX (box), log);
    }

  {
    GtkWidget *arrow = gtk_image_new_from_icon_name ("go-next-symbolic");
    gtk_widget_add_css_class (arrow, "dim-label");
    gtk_box_append (GTK_BOX (box), arrow);
  }

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  {
    g_autofree char *a11y = g_strdup_printf (_("%s, %s: open the customer"), name, when);
    gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
  }
  set_id_data (row, "customer-id", customer_id);
  return row;
}

/* A row's customer as one of the lists read it (on a server) */
static CrmCustomer *
known_customer (CrmMyDayPage *self,
                gint64        customer_id)
{
  CrmFollowupList *lists[] = { self->overdue, self->today, self->upcoming };

  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    {
      CrmCustomer *customer = lists[i] ? crm_followup_list_get_customer (lists[i], customer_id) : NULL;

      if (customer != NULL)
        return customer;
    }
  return NULL;
}

static GtkWidget *
create_followup_row (gpointer item,
                     gpointer user_data)
{
  CrmMyDayPage *self = user_data;
  CrmActivity *activity = item;
  gint64 now = crm_clock_get_now (crm_context_get_clock (self->context));
  gboolean late = FALSE;
  g_autofree char *when = crm_format_due (now, crm_activity_get_planned_at (activity), &late);
  g_autofree char *detail = NULL;
  const char *purpose = crm_activity_get_purpose (activity);

  detail = g_strdup_printf ("%s%s%s%s%s",
                            /* The whole team's list says whose each one is */
                            self->staff_id == -1 && crm_activity_get_staff_name (activity)
                            ? crm_activity_get_staff_name (activity) : "",
                            self->staff_id == -1 && crm_activity_get_staff_name (activity) ? " · " : "",
                            crm_activity_kind_get_label (crm_activity_get_kind (activity)),
                            purpose ? " · " : "", purpose ? purpose : "");
  return make_row (self, crm_activity_get_customer_id (activity),
                   known_customer (self, crm_activity_get_customer_id (activity)),
                   when, late, detail, crm_activity_get_id (activity));
}

static void
set_heading (GtkLabel        *label,
             const char      *name,
             CrmFollowupList *list)
{
  guint total = crm_followup_list_get_total (list);
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (list));
  g_autofree char *text = NULL;

  if (total > shown)
    /* Translators: a section heading: "Overdue · 240 (first 200 shown)" */
    text = g_strdup_printf (_("%s · %u (first %u shown)"), name, total, shown);
  else
    text = g_strdup_printf ("%s · %u", name, total);
  gtk_label_set_label (label, text);
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

/* The whole showroom's idle deals cost tens of milliseconds on a big
 * database and change by the day: while the manager looks at the whole
 * team they are read again at most once a minute. One consultant's are
 * cheap and follow every change (a logged follow-up clears the flag). */
#define TEAM_IDLE_REFRESH_US (60 * G_USEC_PER_SEC)

/* What the page reads besides its three lists: the idle deals (with their
 * customers and stages) and, for a manager, each consultant's counts. At
 * once on a file; in a worker thread on a server. */
typedef struct
{
  gint64     staff_id;
  gint64     now;
  gint64     start;
  gint64     end;
  gboolean   idle;          /* read the idle deals */
  gboolean   counts;        /* read the consultants' counts */

  int        idle_days;
  guint      idle_total;
  GArray    *idle_customer_ids;   /* gint64 per idle row */
  GArray    *idle_stages;         /* CrmStage per idle row */
  GPtrArray *idle_customers;      /* CrmCustomer, those that exist */
  GArray    *staff_counts;        /* CrmFollowupCounts */
} PageJob;

static void
page_job_free (gpointer data)
{
  PageJob *job = data;

  g_clear_pointer (&job->idle_customer_ids, g_array_unref);
  g_clear_pointer (&job->idle_stages, g_array_unref);
  g_clear_pointer (&job->idle_customers, g_ptr_array_unref);
  g_clear_pointer (&job->staff_counts, g_array_unref);
  g_free (job);
}

static gpointer
read_page_thread (CrmStore      *store,
                  gpointer       data,
                  GCancellable  *cancellable,
                  GError       **error)
{
  PageJob *job = data;
  CrmFollowupStore *followups = crm_store_get_followup_store (store);

  if (job->counts)
    job->staff_counts = crm_followup_store_count_by_staff (followups, job->start, job->end);
  if (job->idle)
    {
      g_autoptr(CrmCadence) cadence = crm_cadence_load (store);
      g_autoptr(GArray) ids = crm_followup_store_query_idle_deal_ids (followups, job->staff_id,
                                                                      crm_cadence_idle_since (cadence, job->now),
                                                                      NULL);

      job->idle_days = cadence->idle_days;
      job->idle_total = ids ? ids->len : 0;
      job->idle_customer_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      job->idle_stages = g_array_new (FALSE, FALSE, sizeof (CrmStage));
      job->idle_customers = g_ptr_array_new_with_free_func (g_object_unref);
      for (guint i = 0; i < MIN (job->idle_total, IDLE_LIMIT); i++)
        {
          gint64 customer_id = 0;
          CrmStage stage;

          if (!crm_followup_store_get_deal_summary (followups, g_array_index (ids, gint64, i), &customer_id, NULL,
                                                    &stage))
            continue;
          g_array_append_val (job->idle_customer_ids, customer_id);
          g_array_append_val (job->idle_stages, stage);
        }
      for (guint i = 0; i < job->idle_customer_ids->len; i += 32)
        {
          g_autoptr(GPtrArray) some = crm_customer_store_get_many (crm_store_get_customer_store (store),
                                                                   &g_array_index (job->idle_customer_ids, gint64, i),
                                                                   MIN (job->idle_customer_ids->len - i, 32));
          g_ptr_array_extend_and_steal (job->idle_customers, g_steal_pointer (&some));
        }
    }
  return job;
}

static void
fill_idle (CrmMyDayPage *self,
           PageJob      *job)
{
  gint64 now = job->now;
  g_autofree char *heading = NULL;
  guint n = job->idle_total;

  self->idle_checked_us = g_get_monotonic_time ();
  clear_list (self->idle_list);
  heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "No follow-up for %d day · %u",
                                          "No follow-up for %d days · %u", job->idle_days),
                             job->idle_days, n);
  gtk_label_set_label (self->idle_heading, heading);
  gtk_widget_set_visible (GTK_WIDGET (self->idle_heading), n > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->idle_list), n > 0);

  for (guint i = 0; i < job->idle_customer_ids->len; i++)
    {
      gint64 customer_id = g_array_index (job->idle_customer_ids, gint64, i);
      CrmStage stage = g_array_index (job->idle_stages, CrmStage, i);
      CrmCustomer *customer = NULL;
      g_autofree char *when = NULL;
      g_autofree char *detail = NULL;

      for (guint k = 0; k < job->idle_customers->len && customer == NULL; k++)
        if (crm_customer_get_id (g_ptr_array_index (job->idle_customers, k)) == customer_id)
          customer = g_ptr_array_index (job->idle_customers, k);
      if (customer != NULL && crm_customer_get_last_contact_at (customer) > 0)
        when = crm_format_relative (now, crm_customer_get_last_contact_at (customer));
      else
        when = g_strdup (_("Never contacted"));
      /* Translators: an idle deal: "Flagged · Test drive" (the stage) */
      detail = g_strdup_printf (_("Flagged · %s"), crm_stage_get_label (stage));
      gtk_list_box_append (self->idle_list, make_row (self, customer_id, customer, when, TRUE, detail, 0));
    }
}

static void
fill_sidebar (CrmMyDayPage *self,
              GArray       *counts)
{
  CrmStore *store = crm_context_get_store (self->context);
  g_autoptr(GListModel) staff = crm_staff_store_list (crm_store_get_staff_store (store), TRUE);

  self->filling_sidebar = TRUE;
  clear_list (self->staff_list);
  {
    guint total_overdue = 0;
    GtkWidget *row = gtk_list_box_row_new ();
    GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
    GtkWidget *name = gtk_label_new (_("Everyone"));
    GtkWidget *badge;
    g_autofree char *text = NULL;

    for (guint j = 0; j < counts->len; j++)
      total_overdue += g_array_index (counts, CrmFollowupCounts, j).overdue;
    gtk_widget_set_margin_top (box, 6);
    gtk_widget_set_margin_bottom (box, 6);
    gtk_label_set_xalign (GTK_LABEL (name), 0);
    gtk_widget_set_hexpand (name, TRUE);
    gtk_widget_add_css_class (name, "heading");
    gtk_box_append (GTK_BOX (box), name);
    text = g_strdup_printf (_("%u overdue"), total_overdue);
    badge = gtk_label_new (text);
    gtk_widget_add_css_class (badge, total_overdue > 0 ? "overdue" : "dim-label");
    gtk_widget_add_css_class (badge, "numeric");
    gtk_box_append (GTK_BOX (box), badge);
    gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
    set_id_data (row, "staff-id", -1);
    gtk_list_box_append (self->staff_list, row);
    if (self->staff_id == -1)
      gtk_list_box_select_row (self->staff_list, GTK_LIST_BOX_ROW (row));
  }
  for (guint i = 0; i < g_list_model_get_n_items (staff); i++)
    {
      g_autoptr(CrmStaff) member = g_list_model_get_item (staff, i);
      CrmFollowupCounts *c = NULL;
      GtkWidget *row, *box, *name, *badge;
      g_autofree char *overdue = NULL;
      g_autofree char *a11y = NULL;

      if (crm_staff_get_role (member) == CRM_ROLE_RECEPTION)
        continue;
      for (guint j = 0; j < counts->len; j++)
        if (g_array_index (counts, CrmFollowupCounts, j).staff_id == crm_staff_get_id (member))
          c = &g_array_index (counts, CrmFollowupCounts, j);

      row = gtk_list_box_row_new ();
      box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      gtk_widget_set_margin_top (box, 6);
      gtk_widget_set_margin_bottom (box, 6);
      name = gtk_label_new (crm_staff_get_name (member));
      gtk_label_set_xalign (GTK_LABEL (name), 0);
      gtk_widget_set_hexpand (name, TRUE);
      gtk_box_append (GTK_BOX (box), name);
      /* Translators: in the manager's list of consultants: "3 overdue" */
      overdue = g_strdup_printf (_("%u overdue"), c ? c->overdue : 0);
      badge = gtk_label_new (overdue);
      gtk_widget_add_css_class (badge, c && c->overdue > 0 ? "overdue" : "dim-label");
      gtk_widget_add_css_class (badge, "numeric");
      gtk_box_append (GTK_BOX (box), badge);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
      a11y = g_strdup_printf (_("%s: %u overdue, %u due today"), crm_staff_get_name (member),
                              c ? c->overdue : 0, c ? c->today : 0);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
      set_id_data (row, "staff-id", crm_staff_get_id (member));
      gtk_list_box_append (self->staff_list, row);
      if (crm_staff_get_id (member) == self->staff_id)
        gtk_list_box_select_row (self->staff_list, GTK_LIST_BOX_ROW (row));
    }
  self->filling_sidebar = FALSE;
}

static void
show_page_job (CrmMyDayPage *self,
               PageJob      *job)
{
  if (job->counts && job->staff_counts != NULL)
    fill_sidebar (self, job->staff_counts);
  if (job->idle)
    fill_idle (self, job);
}

static void
on_page_read_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(CrmMyDayPage) self = user_data;
  g_autoptr(GError) error = NULL;
  PageJob *job = crm_store_read_get_data (result);

  self->reading = FALSE;
  if (crm_store_read_finish (CRM_STORE (source), result, &error) == NULL)
    g_message ("Could not read the day: %s", error->message);
  else if (self->context != NULL && job->staff_id == self->staff_id)
    show_page_job (self, job);
}

/* The idle deals and the consultants' counts, read at once or in the
 * background */
static void
read_page (CrmMyDayPage *self,
           gboolean      counts,
           gboolean      idle)
{
  CrmStore *store = crm_context_get_store (self->context);
  PageJob *job;

  if (!counts && !idle)
    return;
  job = g_new0 (PageJob, 1);
  job->staff_id = self->staff_id;
  job->now = crm_clock_get_now (crm_context_get_clock (self->context));
  day_bounds (self, &job->start, &job->end);
  job->counts = counts;
  job->idle = idle;
  if (!crm_store_reads_in_background (store))
    {
      read_page_thread (store, job, NULL, NULL);
      show_page_job (self, job);
      page_job_free (job);
      return;
    }
  self->reading = TRUE;
  crm_store_read_async (store, read_page_thread, job, page_job_free, NULL, NULL, on_page_read_cb,
                        g_object_ref (self));
}

/* The headings and the summary, from the three lists as they stand */
static void
update_headings (CrmMyDayPage *self)
{
  CrmStaff *me;
  g_autofree char *summary = NULL;
  g_autoptr(CrmStaff) shown = NULL;
  guint overdue, today, upcoming;

  if (self->context == NULL)
    return;

  me = crm_context_get_current_staff (self->context);
  shown = crm_staff_store_get (crm_store_get_staff_store (crm_context_get_store (self->context)), self->staff_id, NULL);
  if (self->staff_id == -1)
    gtk_label_set_label (self->heading_label, _("The Whole Team’s Day"));
  else if (me != NULL && self->staff_id == crm_staff_get_id (me))
    gtk_label_set_label (self->heading_label, _("My Day"));
  else if (shown != NULL)
    {
      /* Translators: the manager looks at a consultant's day: "李娜’s Day" */
      g_autofree char *text = g_strdup_printf (_("%s’s Day"), crm_staff_get_name (shown));
      gtk_label_set_label (self->heading_label, text);
    }

  overdue = crm_followup_list_get_total (self->overdue);
  today = crm_followup_list_get_total (self->today);
  upcoming = crm_followup_list_get_total (self->upcoming);
  if (overdue + today + upcoming == 0)
    summary = g_strdup (_("Nothing planned. Every open deal should have its next follow-up."));
  else
    /* Translators: "3 overdue · 8 due today · 21 in the next 7 days" */
    summary = g_strdup_printf (_("%u overdue · %u due today · %u in the next 7 days"),
                               overdue, today, upcoming);
  /* "Today" is the showroom's day: say which, where this desktop's clock
   * reads otherwise */
  {
    CrmStore *store = crm_context_get_store (self->context);
    g_autofree char *day = crm_format_showroom_day (crm_store_get_time_zone (store),
                                                    crm_clock_get_now (crm_context_get_clock (self->context)));

    if (day != NULL)
      {
        g_autofree char *both = g_strdup_printf ("%s\n%s", summary, day);

        g_free (summary);
        summary = g_steal_pointer (&both);
      }
  }
  gtk_label_set_label (self->summary_label, summary);

  set_heading (self->overdue_heading, _("Overdue"), self->overdue);
  set_heading (self->today_heading, _("Due Today"), self->today);
  set_heading (self->upcoming_heading, _("Next 7 Days"), self->upcoming);
  gtk_widget_set_visible (GTK_WIDGET (self->overdue_heading), overdue > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->overdue_list), overdue > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->upcoming_list), upcoming > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->today_list), today > 0);
}

static void
refresh (CrmMyDayPage *self)
{
  gboolean manager;

  if (self->context == NULL)
    return;

  manager = crm_context_is_manager (self->context);
  gtk_widget_set_visible (self->staff_sidebar, manager);
  gtk_widget_set_visible (self->sidebar_separator, manager);
  update_headings (self);
  read_page (self, manager,
             self->staff_id != -1 || self->idle_checked_us == 0 ||
             g_get_monotonic_time () - self->idle_checked_us > TEAM_IDLE_REFRESH_US);
}

static void
set_ranges (CrmMyDayPage *self)
{
  gint64 start, end;

  day_bounds (self, &start, &end);
  crm_followup_list_set_range (self->overdue, self->staff_id, G_MININT64, start, SECTION_LIMIT);
  crm_followup_list_set_range (self->today, self->staff_id, start, end, SECTION_LIMIT);
  crm_followup_list_set_range (self->upcoming, self->staff_id, end, end + 7 * DAY, SECTION_LIMIT);
}

static gboolean
refresh_idle_cb (gpointer user_data)
{
  CrmMyDayPage *self = user_data;

  self->refresh_id = 0;
  set_ranges (self);
  refresh (self);
  return G_SOURCE_REMOVE;
}

static void
queue_refresh (CrmMyDayPage *self)
{
  if (self->refresh_id == 0)
    self->refresh_id = g_idle_add_full (G_PRIORITY_LOW, refresh_idle_cb, self, NULL);
}

static void
on_store_changed_cb (CrmMyDayPage *self,
                     CrmEntity     entity,
                     gint64        id,
                     CrmStore     *store)
{
  queue_refresh (self);
}

/* A consultant sees their own day; a manager starts with the whole team */
static gint64
default_staff_id (CrmContext *context)
{
  CrmStaff *me = crm_context_get_current_staff (context);

  if (crm_context_is_manager (context))
    return -1;
  return me ? crm_staff_get_id (me) : 0;
}

static void
on_current_staff_cb (CrmMyDayPage *self,
                     GParamSpec   *pspec,
                     CrmContext   *context)
{
  crm_my_day_page_set_staff_id (self, default_staff_id (context));
}

static void
on_staff_list_row_selected_cb (CrmMyDayPage  *self,
                               GtkListBoxRow *row,
                               GtkListBox    *list)
{
  gint64 *id;

  if (row == NULL || self->filling_sidebar)
    return;
  id = g_object_get_data (G_OBJECT (row), "staff-id");
  if (id != NULL && *id != self->staff_id)
    crm_my_day_page_set_staff_id (self, *id);
}

static void
crm_my_day_page_dispose (GObject *object)
{
  CrmMyDayPage *self = CRM_MY_DAY_PAGE (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_clear_object (&self->overdue);
  g_clear_object (&self->today);
  g_clear_object (&self->upcoming);
  g_clear_object (&self->context);
  gtk_widget_dispose_template (GTK_WIDGET (self), CRM_TYPE_MY_DAY_PAGE);

  G_OBJECT_CLASS (crm_my_day_page_parent_class)->dispose (object);
}

static void
crm_my_day_page_class_init (CrmMyDayPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = crm_my_day_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/crm-my-day-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CrmMyDayPage, staff_sidebar);
  gtk_widget_class_bind_template_child (widget_class, CrmMyDayPage, sidebar_separator);
  gtk_widget_class_bind_template_child (widget_class, CrmMyDayPage, staff_list);
  gtk_widget_class_bind_template_child (widget_class, CrmMyDayPage, heading_label);
  gtk_widget_class_bind_template_child (widget_class, CrmMyDayPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, CrmMyDayPage, overdue_heading);
  gtk_widget_class_bind_template_child (widget_class, CrmMyDayPage, overdue_list);
  gtk_widget_class_bind_template_child (widget_class, CrmMyDayPage, today_heading);
  gtk_widget_class_bind_template_child (widget_class, CrmMyDayPage, today_list);
  gtk_widget_class_bind_template_child (widget_class, CrmMyDayPage, upcoming_heading);
  gtk_widget_class_bind_template_child (widget_class, CrmMyDayPage, upcoming_list);
  gtk_widget_class_bind_template_child (widget_class, CrmMyDayPage, idle_heading);
  gtk_widget_class_bind_template_child (widget_class, CrmMyDayPage, idle_list);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_staff_list_row_selected_cb);
}

static void
crm_my_day_page_init (CrmMyDayPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * crm_my_day_page_set_context:
 *
 * Shows the day of the person using this desktop.
 */
void
crm_my_day_page_set_context (CrmMyDayPage *self,
                             CrmContext   *context)
{
  CrmStore *store;

  g_return_if_fail (CRM_IS_MY_DAY_PAGE (self));
  g_return_if_fail (CRM_IS_CONTEXT (context));

  if (self->context == context)
    return;

  g_set_object (&self->context, context);
  store = crm_context_get_store (context);
  self->overdue = crm_followup_list_new (store);
  self->today = crm_followup_list_new (store);
  self->upcoming = crm_followup_list_new (store);
  gtk_list_box_bind_model (self->overdue_list, G_LIST_MODEL (self->overdue), create_followup_row, self, NULL);
  gtk_list_box_bind_model (self->today_list, G_LIST_MODEL (self->today), create_followup_row, self, NULL);
  gtk_list_box_bind_model (self->upcoming_list, G_LIST_MODEL (self->upcoming), create_followup_row, self, NULL);
  /* Read in the background on a server: the counts follow the rows */
  g_signal_connect_object (self->overdue, "items-changed", G_CALLBACK (update_headings), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->today, "items-changed", G_CALLBACK (update_headings), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->upcoming, "items-changed", G_CALLBACK (update_headings), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (store, "changed", G_CALLBACK (on_store_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (context, "notify::current-staff", G_CALLBACK (on_current_staff_cb), self,
                           G_CONNECT_SWAPPED);

  self->staff_id = -2;
  crm_my_day_page_set_staff_id (self, default_staff_id (context));
}

/**
 * crm_my_day_page_set_staff_id:
 *
 * Shows @staff_id's day (a manager looking at a consultant).
 */
void
crm_my_day_page_set_staff_id (CrmMyDayPage *self,
                              gint64        staff_id)
{
  g_return_if_fail (CRM_IS_MY_DAY_PAGE (self));

  if (self->staff_id == staff_id || self->context == NULL)
    return;
  self->staff_id = staff_id;
  self->idle_checked_us = 0;
  set_ranges (self);
  refresh (self);
}

gint64
crm_my_day_page_get_staff_id (CrmMyDayPage *self)
{
  g_return_val_if_fail (CRM_IS_MY_DAY_PAGE (self), 0);
  return self->staff_id;
}

/**
 * crm_my_day_page_get_list:
 * @section: "overdue", "today", "upcoming" or "idle"
 *
 * Returns: (transfer none): the list box of @section (for tests)
 */
GtkListBox *
crm_my_day_page_get_list (CrmMyDayPage *self,
                          const char   *section)
{
  g_return_val_if_fail (CRM_IS_MY_DAY_PAGE (self), NULL);

  if (g_strcmp0 (section, "overdue") == 0)
    return self->overdue_list;
  if (g_strcmp0 (section, "today") == 0)
    return self->today_list;
  if (g_strcmp0 (section, "upcoming") == 0)
    return self->upcoming_list;
  return self->idle_list;
}

/**
 * crm_my_day_page_is_reading:
 *
 * Returns: whether anything the page shows is still being read (in the
 *   background, on a server; for tests)
 */
gboolean
crm_my_day_page_is_reading (CrmMyDayPage *self)
{
  g_return_val_if_fail (CRM_IS_MY_DAY_PAGE (self), FALSE);
  return self->reading || self->refresh_id != 0 ||
         (self->overdue != NULL && crm_followup_list_is_reading (self->overdue)) ||
         (self->today != NULL && crm_followup_list_is_reading (self->today)) ||
         (self->upcoming != NULL && crm_followup_list_is_reading (self->upcoming));
}
