/* crm-customers-page.c: the customer book
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GtkColumnView over a CrmCustomerList: the list holds ids and makes
 * customer objects only for the rows on screen. Sorting happens in SQL:
 * the column headers carry sorters only so that GTK draws the arrows and
 * tells us which column the person clicked (see derive_sort()).
 */
#define G_LOG_DOMAIN "crm-customers-page"

#include "config.h"

#include <glib/gi18n.h>

#include "crm-cadence.h"
#include "crm-customers-page.h"
#include "crm-debug.h"
#include "crm-format.h"
#include "crm-gui-util.h"
#include "crm-new-customer-dialog.h"
#include "crm-phone.h"

typedef enum
{
  COLUMN_NAME,
  COLUMN_GRADE,
  COLUMN_PHONE,
  COLUMN_OWNER,
  COLUMN_CHANNEL,
  COLUMN_MODELS,
  COLUMN_LAST_CONTACT,
  COLUMN_NEXT_FOLLOWUP,
  COLUMN_CREATED,
  N_COLUMNS
} Column;

static const struct {
  const char *title;
  int         sort;         /* CrmCustomerSort or -1 */
  int         fixed_width;  /* -1 to expand */
  gboolean    data;         /* customer data: shown with Chinese glyph forms */
} columns[N_COLUMNS] = {
  [COLUMN_NAME]          = { N_("Name"), CRM_CUSTOMER_SORT_NAME, -1, TRUE },
  [COLUMN_GRADE]         = { N_("Grade"), CRM_CUSTOMER_SORT_GRADE, 70, FALSE },
  [COLUMN_PHONE]         = { N_("Phone"), -1, 140, FALSE },
  [COLUMN_OWNER]         = { N_("Sales Consultant"), CRM_CUSTOMER_SORT_OWNER, 130, TRUE },
  [COLUMN_CHANNEL]       = { N_("Channel"), CRM_CUSTOMER_SORT_CHANNEL, 120, FALSE },
  [COLUMN_MODELS]        = { N_("Models of Interest"), -1, 130, TRUE },
  [COLUMN_LAST_CONTACT]  = { N_("Last Contact"), CRM_CUSTOMER_SORT_LAST_CONTACT, 140, FALSE },
  [COLUMN_NEXT_FOLLOWUP] = { N_("Next Follow-up"), CRM_CUSTOMER_SORT_NEXT_FOLLOWUP, 150, FALSE },
  [COLUMN_CREATED]       = { N_("Created"), CRM_CUSTOMER_SORT_CREATED, 120, FALSE },
};

static const char * const sort_setting_names[CRM_N_CUSTOMER_SORTS] = {
  "name", "grade", "owner", "channel", "last-contact", "next-followup", "created",
};

struct _CrmCustomersPage
{
  AdwBin               parent_instance;

  CrmContext          *context;
  CrmCustomerList     *list;
  GtkSingleSelection  *selection;
  /* The showroom's cadence (idle limit) for the follow-up column, read
   * once rather than for every row bound; dropped when the showroom's
   * settings change */
  CrmCadence          *cadence;
  /* On a server the idle flag of each row is read in the background:
   * id → 1 (idle) or 2 (not), and the customers whose flag is on its way */
  GHashTable          *idle;
  GHashTable          *idle_wanted;
  GCancellable        *idle_cancellable;
  guint                idle_source;
  gboolean             idle_reading;
  GArray              *owner_ids;         /* gint64 per owner dropdown entry */
  GtkColumnViewColumn *view_columns[N_COLUMNS];
  GObject             *probe_a;
  GObject             *probe_b;
  int                  probe_hit;
  gboolean             setting_sort;
  gboolean             first_frame_pending;

  GtkSearchEntry      *search_entry;
  GtkDropDown         *grade_dropdown;
  GtkDropDown         *owner_dropdown;
  GtkDropDown         *channel_dropdown;
  GtkLabel            *count_label;
  GtkStack            *content_stack;
  GtkColumnView       *column_view;
  GMenuModel          *row_menu;
  GtkWidget           *row_popover;
};

G_DEFINE_FINAL_TYPE (CrmCustomersPage, crm_customers_page, ADW_TYPE_BIN)

static gint64
now (CrmCustomersPage *self)
{
  return crm_clock_get_now (crm_context_get_clock (self->context));
}

/* ------------------------------------------------------------------ */
/* Cells                                                               */

/* One gesture for the whole table (not one per cell: a row is cheaper to
 * create without them); the row under the pointer is found by picking. */
static void
on_view_pressed_cb (GtkGestureClick *gesture,
                    int              n_press,
                    double           x,
                    double           y,
                    gpointer         user_data)
{
  CrmCustomersPage *self = CRM_CUSTOMERS_PAGE (user_data);
  GtkWidget *picked = gtk_widget_pick (GTK_WIDGET (self->column_view), x, y, GTK_PICK_DEFAULT);
  GtkListItem *item = NULL;

  for (GtkWidget *w = picked; w != NULL && item == NULL; w = gtk_widget_get_parent (w))
    item = g_object_get_data (G_OBJECT (w), "list-item");

  if (item == NULL || gtk_list_item_get_position (item) == GTK_INVALID_LIST_POSITION)
    return;

  gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection),
                                   gtk_list_item_get_position (item), TRUE);

  if (!crm_gui_popup_at (GTK_POPOVER (self->row_popover), GTK_WIDGET (self->column_view), x, y))
    return;
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

/* The grade's meaning and the idle flag are shown as tooltips asked for
 * on hover: setting a tooltip on every cell bound cost a third of the
 * time to show the first rows */
static gboolean
query_cell_tooltip_cb (GtkWidget  *cell,
                       int         x,
                       int         y,
                       gboolean    keyboard,
                       GtkTooltip *tooltip,
                       gpointer    user_data)
{
  const char *text = g_object_get_data (G_OBJECT (cell), "tooltip");

  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  Column column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "column"));
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (columns[column].data)
    gtk_label_set_attributes (GTK_LABEL (label), crm_gui_chinese_attrs ());
  if (column == COLUMN_GRADE)
    {
      gtk_widget_set_halign (label, GTK_ALIGN_START);
      gtk_label_set_xalign (GTK_LABEL (label), 0.5);
      gtk_label_set_width_chars (GTK_LABEL (label), 2);
      gtk_widget_add_css_class (label, "grade-badge");
    }
  if (column == COLUMN_PHONE || column == COLUMN_LAST_CONTACT ||
      column == COLUMN_NEXT_FOLLOWUP || column == COLUMN_CREATED)
    gtk_widget_add_css_class (label, "numeric");

  if (column == COLUMN_GRADE || column == COLUMN_NEXT_FOLLOWUP)
    {
      gtk_widget_set_has_tooltip (label, TRUE);
      g_signal_connect (label, "query-tooltip", G_CALLBACK (query_cell_tooltip_cb), NULL);
    }

  g_object_set_data (G_OBJECT (label), "list-item", item);
  gtk_list_item_set_child (item, label);
}

static const char * const grade_classes[CRM_N_GRADES] = {
  [CRM_GRADE_N] = "grade-n",
  [CRM_GRADE_H] = "grade-h",
  [CRM_GRADE_A] = "grade-a",
  [CRM_GRADE_B] = "grade-b",
  [CRM_GRADE_C] = "grade-c",
};

static void
on_store_changed_cb (CrmCustomersPage *self,
                     CrmEntity         entity,
                     gint64            id)
{
  if (entity == CRM_ENTITY_SHOWROOM)
    g_clear_pointer (&self->cadence, crm_cadence_free);
  /* Read again as the rows are bound again */
  if (self->idle != NULL)
    g_hash_table_remove_all (self->idle);
}

/* The idle flags, read in a worker thread (on a server) */
typedef struct
{
  GArray *ids;
  gint64  idle_since;
  GArray *flags;     /* gboolean per id */
} IdleJob;

static void
idle_job_free (gpointer data)
{
  IdleJob *job = data;

  g_clear_pointer (&job->ids, g_array_unref);
  g_clear_pointer (&job->flags, g_array_unref);
  g_free (job);
}

static gpointer
read_idle_thread (CrmStore      *worker,
                  gpointer       data,
                  GCancellable  *cancellable,
                  GError       **error)
{
  IdleJob *job = data;
  CrmFollowupStore *followups = crm_store_get_followup_store (worker);

  /* A screenful in one statement each */
  job->flags = g_array_new (FALSE, TRUE, sizeof (gboolean));
  g_array_set_size (job->flags, job->ids->len);
  for (guint i = 0; i < job->ids->len; i += 32)
    {
      guint n = MIN (job->ids->len - i, 32);
      g_autoptr(GArray) idle = crm_followup_store_customers_with_idle_deal (followups,
                                                                            &g_array_index (job->ids, gint64, i),
                                                                            n, job->idle_since, error);

      if (idle == NULL)
        return NULL;
      for (guint k = 0; k < n; k++)
        for (guint j = 0; j < idle->len; j++)
          if (g_array_index (idle, gint64, j) == g_array_index (job->ids, gint64, i + k))
            g_array_index (job->flags, gboolean, i + k) = TRUE;
    }
  return job;
}

static gboolean start_idle_read_cb (gpointer user_data);

static void
on_idle_read_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(CrmCustomersPage) self = user_data;
  g_autoptr(GError) error = NULL;
  IdleJob *job = crm_store_read_get_data (result);

  if (crm_store_read_finish (CRM_STORE (source), result, &error) == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_message ("Could not read the idle deals: %s", error->message);
          self->idle_reading = FALSE;
        }
      return;
    }
  self->idle_reading = FALSE;
  for (guint i = 0; i < job->ids->len; i++)
    {
      gint64 id = g_array_index (job->ids, gint64, i);
      g_autoptr(CrmCustomer) customer = NULL;

      g_hash_table_insert (self->idle, g_memdup2 (&id, sizeof id),
                           GINT_TO_POINTER (g_array_index (job->flags, gboolean, i) ? 1 : 2));
      /* The row's cells follow their customer's notifications */
      if (g_hash_table_steal_extended (self->idle_wanted, &id, NULL, (gpointer *) &customer) && customer != NULL)
        g_object_notify (G_OBJECT (customer), "next-followup-at");
    }
  if (g_hash_table_size (self->idle_wanted) > 0 && self->idle_source == 0)
    self->idle_source = g_idle_add (start_idle_read_cb, self);
}

static gboolean
start_idle_read_cb (gpointer user_data)
{
  CrmCustomersPage *self = user_data;
  GHashTableIter iter;
  gpointer key;
  IdleJob *job;

  self->idle_source = 0;
  if (self->idle_reading || self->context == NULL || g_hash_table_size (self->idle_wanted) == 0)
    return G_SOURCE_REMOVE;

  if (self->cadence == NULL)
    self->cadence = crm_cadence_load (crm_context_get_store (self->context));
  job = g_new0 (IdleJob, 1);
  job->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  job->idle_since = crm_cadence_idle_since (self->cadence, now (self));
  g_hash_table_iter_init (&iter, self->idle_wanted);
  while (job->ids->len < 128 && g_hash_table_iter_next (&iter, &key, NULL))
    g_array_append_val (job->ids, *(gint64 *) key);
  self->idle_reading = TRUE;
  crm_store_read_async (crm_context_get_store (self->context), read_idle_thread, job, idle_job_free, NULL,
                        self->idle_cancellable, on_idle_read_cb, g_object_ref (self));
  return G_SOURCE_REMOVE;
}

/* Whether one of @customer's open deals is idle: at once on a file; on a
 * server from what the background read, "no" until it has */
static gboolean
customer_has_idle_deal (CrmCustomersPage *self,
                        CrmCustomer      *customer)
{
  CrmStore *store = crm_context_get_store (self->context);
  gint64 id = crm_customer_get_id (customer);
  gpointer flag;

  if (!crm_store_reads_in_background (store))
    return crm_followup_store_customer_has_idle_deal (crm_store_get_followup_store (store), id,
                                                      crm_cadence_idle_since (self->cadence, now (self)));
  if (id <= 0)
    return FALSE;
  if ((flag = g_hash_table_lookup (self->idle, &id)) != NULL)
    return GPOINTER_TO_INT (flag) == 1;
  if (!g_hash_table_contains (self->idle_wanted, &id))
    g_hash_table_insert (self->idle_wanted, g_memdup2 (&id, sizeof id), g_object_ref (customer));
  if (self->idle_source == 0 && !self->idle_reading)
    self->idle_source = g_idle_add (start_idle_read_cb, self);
  return FALSE;
}

static void
fill_cell (CrmCustomersPage *self,
           Column            column,
           GtkWidget        *cell,
           CrmCustomer      *customer)
{
  g_autofree char *text = NULL;
  const char *plain = NULL;
  gboolean overdue = FALSE;

  switch (column)
    {
    case COLUMN_NAME:
      plain = crm_customer_get_name (customer);
      break;
    case COLUMN_GRADE:
      plain = crm_grade_get_label (crm_customer_get_grade (customer));
      for (guint i = 0; i < CRM_N_GRADES; i++)
        gtk_widget_remove_css_class (cell, grade_classes[i]);
      gtk_widget_add_css_class (cell, grade_classes[crm_customer_get_grade (customer)]);
      /* static strings */
      g_object_set_data (G_OBJECT (cell), "tooltip",
                         (gpointer) crm_grade_get_description (crm_customer_get_grade (customer)));
      break;
    case COLUMN_PHONE:
      text = crm_customer_get_phone (customer) ? crm_phone_format (crm_customer_get_phone (customer)) : NULL;
      break;
    case COLUMN_OWNER:
      plain = crm_customer_get_owner_name (customer);
      if (plain == NULL)
        plain = _("Public pool");
      break;
    case COLUMN_CHANNEL:
      plain = crm_channel_get_label (crm_customer_get_channel (customer));
      break;
    case COLUMN_MODELS:
      plain = crm_customer_get_models_label (customer);
      break;
    case COLUMN_LAST_CONTACT:
      text = crm_format_relative (now (self), crm_customer_get_last_contact_at (customer));
      break;
    case COLUMN_NEXT_FOLLOWUP:
      text = crm_format_due (now (self), crm_customer_get_next_followup_at (customer), &overdue);
      /* An open deal whose follow-up rhythm broke is flagged (idle limit) */
      {
        CrmStore *store = crm_context_get_store (self->context);
        CrmCadence *cadence = self->cadence ? self->cadence : (self->cadence = crm_cadence_load (store));

        if (customer_has_idle_deal (self, customer))
          {
            g_autofree char *flag = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                  "No follow-up for %d day",
                                                                  "No follow-up for %d days",
                                                                  cadence->idle_days),
                                                     cadence->idle_days);
            g_autofree char *due = g_steal_pointer (&text);

            text = due && due[0] ? g_strdup_printf ("⚑ %s", due) : g_strdup_printf ("⚑ %s", flag);
            overdue = TRUE;
            g_object_set_data_full (G_OBJECT (cell), "tooltip", g_strdup (flag), g_free);
          }
        else
          g_object_set_data (G_OBJECT (cell), "tooltip", NULL);
      }
      break;
    case COLUMN_CREATED:
      text = crm_format_date (crm_customer_get_created_at (customer));
      break;
    case N_COLUMNS:
    default:
      g_assert_not_reached ();
    }

  gtk_label_set_label (GTK_LABEL (cell), text ? text : plain ? plain : "");
  if (column == COLUMN_NEXT_FOLLOWUP)
    {
      if (overdue)
        gtk_widget_add_css_class (cell, "overdue");
      else
        gtk_widget_remove_css_class (cell, "overdue");
    }
}

/* A row read in the background fills its customer in place */
static void
on_cell_customer_notify_cb (CrmCustomer *customer,
                            GParamSpec  *pspec,
                            GtkWidget   *cell)
{
  CrmCustomersPage *self = g_object_get_data (G_OBJECT (cell), "page");

  if (self != NULL && self->context != NULL)
    fill_cell (self, GPOINTER_TO_INT (g_object_get_data (G_OBJECT (cell), "column")), cell, customer);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  CrmCustomersPage *self = CRM_CUSTOMERS_PAGE (user_data);
  Column column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "column"));
  GtkWidget *cell = gtk_list_item_get_child (item);
  CrmCustomer *customer = gtk_list_item_get_item (item);
  gulong id;

  fill_cell (self, column, cell, customer);
  g_object_set_data (G_OBJECT (cell), "page", self);
  g_object_set_data (G_OBJECT (cell), "column", GINT_TO_POINTER (column));
  id = g_signal_connect_object (customer, "notify", G_CALLBACK (on_cell_customer_notify_cb), cell, 0);
  g_object_set_data (G_OBJECT (cell), "notify-id", GSIZE_TO_POINTER (id));
}

static void
unbind_cell_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  GtkWidget *cell = gtk_list_item_get_child (item);
  CrmCustomer *customer = gtk_list_item_get_item (item);
  gulong id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (cell), "notify-id"));

  if (customer != NULL && id != 0)
    g_signal_handler_disconnect (customer, id);
  g_object_set_data (G_OBJECT (cell), "notify-id", NULL);
}

/* ------------------------------------------------------------------ */
/* Sorting                                                             */

/* GTK 4.8 cannot tell which column the view sorts by (that arrives in
 * 4.10). Each column's sorter answers "a before b" and records that it
 * was asked; comparing two probe objects through the view's sorter then
 * reveals the primary column (the first asked) and the direction (whether
 * the answer came back inverted). */
static int
probe_compare (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  CrmCustomersPage *self = g_object_get_data (G_OBJECT (a), "page");
  int sort = GPOINTER_TO_INT (user_data);

  /* Only the probes carry a page */
  if (self == NULL)
    return GTK_ORDERING_EQUAL;
  if (self->probe_hit < 0)
    self->probe_hit = sort;
  return a == self->probe_a ? GTK_ORDERING_SMALLER : GTK_ORDERING_LARGER;
}

static void
derive_sort (CrmCustomersPage *self)
{
  GtkSorter *sorter = gtk_column_view_get_sorter (self->column_view);
  GtkOrdering order;

  self->probe_hit = -1;
  order = gtk_sorter_compare (sorter, self->probe_a, self->probe_b);

  if (self->probe_hit < 0)
    crm_customer_list_set_sort (self->list, CRM_CUSTOMER_SORT_NAME, FALSE);
  else
    crm_customer_list_set_sort (self->list, self->probe_hit, order == GTK_ORDERING_LARGER);

  if (self->context != NULL && crm_context_get_settings (self->context) != NULL)
    {
      GSettings *settings = crm_context_get_settings (self->context);

      g_settings_set_string (settings, "customers-sort-column",
                             sort_setting_names[crm_customer_list_get_sort (self->list)]);
      g_settings_set_boolean (settings, "customers-sort-descending",
                              crm_customer_list_get_descending (self->list));
    }
}

static void
on_view_sorter_changed_cb (CrmCustomersPage *self)
{
  if (!self->setting_sort && self->list != NULL && self->column_view != NULL)
    derive_sort (self);
}

static void
apply_saved_sort (CrmCustomersPage *self)
{
  GSettings *settings = crm_context_get_settings (self->context);
  g_autofree char *name = NULL;
  gboolean descending;

  if (settings == NULL)
    return;

  name = g_settings_get_string (settings, "customers-sort-column");
  descending = g_settings_get_boolean (settings, "customers-sort-descending");

  for (guint c = 0; c < N_COLUMNS; c++)
    {
      if (columns[c].sort >= 0 && g_str_equal (sort_setting_names[columns[c].sort], name))
        {
          self->setting_sort = TRUE;
          gtk_column_view_sort_by_column (self->column_view, self->view_columns[c],
                                          descending ? GTK_SORT_DESCENDING : GTK_SORT_ASCENDING);
          self->setting_sort = FALSE;
          crm_customer_list_set_sort (self->list, columns[c].sort, descending);
          return;
        }
    }
}

static void
build_columns (CrmCustomersPage *self)
{
  for (guint c = 0; c < N_COLUMNS; c++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      GtkColumnViewColumn *column;

      g_object_set_data (G_OBJECT (factory), "column", GINT_TO_POINTER (c));
      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), self);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), self);
      g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cell_cb), self);

      column = gtk_column_view_column_new (_(columns[c].title), factory);
      gtk_column_view_column_set_resizable (column, TRUE);
      if (columns[c].fixed_width > 0)
        gtk_column_view_column_set_fixed_width (column, columns[c].fixed_width);
      else
        gtk_column_view_column_set_expand (column, TRUE);

      if (columns[c].sort >= 0)
        {
          g_autoptr(GtkSorter) sorter =
            GTK_SORTER (gtk_custom_sorter_new (probe_compare, GINT_TO_POINTER (columns[c].sort), NULL));
          gtk_column_view_column_set_sorter (column, sorter);
        }

      gtk_column_view_append_column (self->column_view, column);
      self->view_columns[c] = column;
      g_object_unref (column);
    }

  g_signal_connect_object (gtk_column_view_get_sorter (self->column_view), "changed",
                           G_CALLBACK (on_view_sorter_changed_cb), self, G_CONNECT_SWAPPED);
}

/* ------------------------------------------------------------------ */
/* Filters and the count                                               */

static void
update_count (CrmCustomersPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->list));
  g_autofree char *text = NULL;
  gboolean filtered;

  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u customer", "%u customers", n), n);
  gtk_label_set_label (self->count_label, text);

  filtered = crm_customer_list_get_search (self->list) != NULL ||
             crm_customer_list_get_grade (self->list) >= 0 ||
             crm_customer_list_get_channel (self->list) >= 0 ||
             crm_customer_list_get_owner_id (self->list) >= 0;

  if (n > 0)
    gtk_stack_set_visible_child_name (self->content_stack, "list");
  else
    gtk_stack_set_visible_child_name (self->content_stack, filtered ? "empty" : "none");
}

static void
on_frame_after_paint_cb (GdkFrameClock    *clock,
                         CrmCustomersPage *self)
{
  g_signal_handlers_disconnect_by_func (clock, on_frame_after_paint_cb, self);
  /* The benchmark reads this line: the first frame that shows customers */
  if (g_getenv ("SHOWROOM_BENCH") != NULL)
    g_print ("showroom-bench: first-frame %" G_GINT64_FORMAT " rows %u\n",
             g_get_monotonic_time (), g_list_model_get_n_items (G_LIST_MODEL (self->list)));
  crm_debug_first_frame (GTK_WIDGET (self));
}

/* The first frame that shows customers: the benchmark and the README
 * screenshots wait for it */
static void
watch_first_frame (CrmCustomersPage *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  if (!self->first_frame_pending)
    return;
  self->first_frame_pending = FALSE;
  if (clock != NULL)
    g_signal_connect (clock, "after-paint", G_CALLBACK (on_frame_after_paint_cb), self);
}

static void
on_list_refreshed_cb (CrmCustomersPage *self)
{
  update_count (self);
  watch_first_frame (self);
}

/* The first rows of a big showroom come before the whole list (and its
 * count, shown once "refreshed"): show them at once */
static void
on_list_n_items_cb (CrmCustomersPage *self)
{
  if (!crm_customer_list_get_loading (self->list) ||
      g_list_model_get_n_items (G_LIST_MODEL (self->list)) == 0)
    return;
  gtk_stack_set_visible_child_name (self->content_stack, "list");
  watch_first_frame (self);
}

static void
on_search_entry_search_changed_cb (CrmCustomersPage *self,
                                   GtkSearchEntry   *entry)
{
  if (self->list != NULL)
    crm_customer_list_set_search (self->list, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
on_search_entry_activate_cb (CrmCustomersPage *self,
                             GtkSearchEntry   *entry)
{
  /* Enter in the search box opens the first match */
  if (self->list != NULL && g_list_model_get_n_items (G_LIST_MODEL (self->list)) > 0)
    {
      g_autoptr(CrmCustomer) customer = g_list_model_get_item (G_LIST_MODEL (self->list), 0);

      if (customer != NULL)
        gtk_widget_activate_action (GTK_WIDGET (self), "win.show-customer", "x",
                                    crm_customer_get_id (customer));
    }
}

static void
on_search_entry_stop_search_cb (CrmCustomersPage *self,
                                GtkSearchEntry   *entry)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
}

static void
on_filter_changed_cb (CrmCustomersPage *self)
{
  guint grade = gtk_drop_down_get_selected (self->grade_dropdown);
  guint channel = gtk_drop_down_get_selected (self->channel_dropdown);
  guint owner = gtk_drop_down_get_selected (self->owner_dropdown);

  if (self->list == NULL)
    return;

  crm_customer_list_set_grade (self->list, grade == 0 || grade == GTK_INVALID_LIST_POSITION ? -1 : (int) crm_gui_grade_order[grade - 1]);
  crm_customer_list_set_channel (self->list, channel == 0 || channel == GTK_INVALID_LIST_POSITION ? -1 : (int) channel - 1);
  if (owner != GTK_INVALID_LIST_POSITION && owner < self->owner_ids->len)
    crm_customer_list_set_owner_id (self->list, g_array_index (self->owner_ids, gint64, owner));
}

static void
fill_filters (CrmCustomersPage *self)
{
  g_autoptr(GtkStringList) grades = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) channels = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) owners = gtk_string_list_new (NULL);
  g_autoptr(GListModel) staff = crm_staff_store_list (crm_store_get_staff_store (crm_context_get_store (self->context)), TRUE);
  CrmStaff *me = crm_context_get_current_staff (self->context);
  guint my_position = 0;
  gint64 id;

  /* Hottest first: entry i + 1 is crm_gui_grade_order[i] */
  gtk_string_list_append (grades, _("All grades"));
  crm_gui_append_grade_labels (grades, crm_gui_grade_order, G_N_ELEMENTS (crm_gui_grade_order));

  gtk_string_list_append (channels, _("All channels"));
  for (guint c = 0; c < CRM_N_CHANNELS; c++)
    gtk_string_list_append (channels, crm_channel_get_label (c));

  g_array_set_size (self->owner_ids, 0);
  gtk_string_list_append (owners, _("Everyone’s customers"));
  id = -1;
  g_array_append_val (self->owner_ids, id);
  gtk_string_list_append (owners, _("Public pool (no owner)"));
  id = 0;
  g_array_append_val (self->owner_ids, id);
  my_position = crm_gui_append_owners (owners, self->owner_ids, staff, FALSE, 0, me != NULL ? crm_staff_get_id (me) : 0);

  gtk_drop_down_set_model (self->grade_dropdown, G_LIST_MODEL (grades));
  gtk_drop_down_set_model (self->channel_dropdown, G_LIST_MODEL (channels));
  gtk_drop_down_set_model (self->owner_dropdown, G_LIST_MODEL (owners));

  /* A sales consultant sees their own customers first */
  if (me != NULL && crm_staff_get_role (me) == CRM_ROLE_SALES)
    gtk_drop_down_set_selected (self->owner_dropdown, my_position);
  else
    gtk_drop_down_set_selected (self->owner_dropdown, 0);
}

/* ------------------------------------------------------------------ */
/* Actions                                                             */

static void
on_column_view_activate_cb (CrmCustomersPage *self,
                            guint             position,
                            GtkColumnView    *view)
{
  g_autoptr(CrmCustomer) customer = g_list_model_get_item (G_LIST_MODEL (self->list), position);

  if (customer == NULL)
    return;

  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-customer", "x", crm_customer_get_id (customer));
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CrmCustomersPage *self = CRM_CUSTOMERS_PAGE (widget);
  guint position = gtk_single_selection_get_selected (self->selection);

  if (position != GTK_INVALID_LIST_POSITION)
    on_column_view_activate_cb (self, position, self->column_view);
}

gboolean
crm_customers_page_delete_selected (CrmCustomersPage *self)
{
  g_autoptr(CrmCustomer) customer = NULL;
  g_autoptr(GError) error = NULL;
  CrmStore *store;
  const char *name;

  g_return_val_if_fail (CRM_IS_CUSTOMERS_PAGE (self), FALSE);

  customer = gtk_single_selection_get_selected_item (self->selection);
  if (customer == NULL)
    return FALSE;
  g_object_ref (customer);

  store = crm_context_get_store (self->context);

  if (!crm_customer_store_delete (crm_store_get_customer_store (store), crm_customer_get_id (customer), &error))
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", error->message);
      return FALSE;
    }

  /* The window's toast offers the Undo */
  name = crm_customer_get_name (customer);
  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast-customer-deleted", "(xs)",
                              crm_customer_get_id (customer), name ? name : "");

  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
  return TRUE;
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  crm_customers_page_delete_selected (CRM_CUSTOMERS_PAGE (widget));
}

static void
menu_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CrmCustomersPage *self = CRM_CUSTOMERS_PAGE (widget);

  crm_gui_popup_at (GTK_POPOVER (self->row_popover), NULL, 0, 0);
}

/* ------------------------------------------------------------------ */
/* GObject                                                             */

static void
crm_customers_page_dispose (GObject *object)
{
  CrmCustomersPage *self = (CrmCustomersPage *) object;

  g_clear_pointer (&self->row_popover, gtk_widget_unparent);
  if (self->column_view != NULL)
    g_signal_handlers_disconnect_by_func (gtk_column_view_get_sorter (self->column_view),
                                          on_view_sorter_changed_cb, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), CRM_TYPE_CUSTOMERS_PAGE);
  g_clear_object (&self->selection);
  g_clear_object (&self->list);
  g_clear_object (&self->context);
  g_clear_pointer (&self->cadence, crm_cadence_free);
  g_clear_handle_id (&self->idle_source, g_source_remove);
  if (self->idle_cancellable != NULL)
    g_cancellable_cancel (self->idle_cancellable);
  g_clear_object (&self->idle_cancellable);
  g_clear_pointer (&self->idle, g_hash_table_unref);
  g_clear_pointer (&self->idle_wanted, g_hash_table_unref);
  g_clear_object (&self->probe_a);
  g_clear_object (&self->probe_b);
  g_clear_pointer (&self->owner_ids, g_array_unref);

  G_OBJECT_CLASS (crm_customers_page_parent_class)->dispose (object);
}

static void
crm_customers_page_size_allocate (GtkWidget *widget,
                                  int        width,
                                  int        height,
                                  int        baseline)
{
  CrmCustomersPage *self = CRM_CUSTOMERS_PAGE (widget);

  GTK_WIDGET_CLASS (crm_customers_page_parent_class)->size_allocate (widget, width, height, baseline);
  if (self->row_popover != NULL)
    gtk_popover_present (GTK_POPOVER (self->row_popover));
}

static void
crm_customers_page_class_init (CrmCustomersPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = crm_customers_page_dispose;
  widget_class->size_allocate = crm_customers_page_size_allocate;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/crm-customers-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CrmCustomersPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, CrmCustomersPage, grade_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CrmCustomersPage, owner_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CrmCustomersPage, channel_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CrmCustomersPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, CrmCustomersPage, content_stack);
  gtk_widget_class_bind_template_child (widget_class, CrmCustomersPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, CrmCustomersPage, row_menu);
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_column_view_activate_cb);

  gtk_widget_class_install_action (widget_class, "customers.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "customers.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "customers.menu", NULL, menu_action);
}

static void
crm_customers_page_init (CrmCustomersPage *self)
{
  GtkEventController *shortcuts;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->owner_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->probe_a = g_object_new (G_TYPE_OBJECT, NULL);
  self->probe_b = g_object_new (G_TYPE_OBJECT, NULL);
  g_object_set_data (self->probe_a, "page", self);
  g_object_set_data (self->probe_b, "page", self);
  self->first_frame_pending = TRUE;

  self->row_popover = gtk_popover_menu_new_from_model (self->row_menu);
  gtk_widget_set_parent (self->row_popover, GTK_WIDGET (self));
  gtk_popover_set_has_arrow (GTK_POPOVER (self->row_popover), FALSE);
  gtk_widget_set_halign (self->row_popover, GTK_ALIGN_START);

  /* Delete and the menu key act on the selected row, only from the table
   * (Delete in the search box deletes text, not customers). */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Delete, 0),
                                                          gtk_named_action_new ("customers.delete")));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_F10, GDK_SHIFT_MASK),
                                                          gtk_named_action_new ("customers.menu")));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Menu, 0),
                                                          gtk_named_action_new ("customers.menu")));
  gtk_widget_add_controller (GTK_WIDGET (self->column_view), shortcuts);

  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));

  {
    GtkGesture *gesture = gtk_gesture_click_new ();

    gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_SECONDARY);
    g_signal_connect (gesture, "pressed", G_CALLBACK (on_view_pressed_cb), self);
    gtk_widget_add_controller (GTK_WIDGET (self->column_view), GTK_EVENT_CONTROLLER (gesture));
  }

  build_columns (self);
}

/**
 * crm_customers_page_set_context:
 *
 * Shows the customers of @context's database; the list starts filling
 * from a worker thread at once.
 */
void
crm_customers_page_set_context (CrmCustomersPage *self,
                                CrmContext       *context)
{
  g_return_if_fail (CRM_IS_CUSTOMERS_PAGE (self));
  g_return_if_fail (CRM_IS_CONTEXT (context));

  if (self->context == context)
    {
      fill_filters (self);
      return;
    }

  if (self->context != NULL)
    g_signal_handlers_disconnect_by_func (crm_context_get_store (self->context), on_store_changed_cb, self);
  g_set_object (&self->context, context);
  g_clear_object (&self->selection);
  g_clear_object (&self->list);

  g_clear_pointer (&self->cadence, crm_cadence_free);
  if (self->idle == NULL)
    {
      self->idle = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
      self->idle_wanted = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
      self->idle_cancellable = g_cancellable_new ();
    }
  g_hash_table_remove_all (self->idle);
  g_hash_table_remove_all (self->idle_wanted);
  g_signal_connect_object (crm_context_get_store (context), "changed",
                           G_CALLBACK (on_store_changed_cb), self, G_CONNECT_SWAPPED);
  self->list = crm_customer_list_new (crm_context_get_store (context));
  g_signal_connect_object (self->list, "refreshed", G_CALLBACK (on_list_refreshed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->list, "notify::n-items", G_CALLBACK (on_list_n_items_cb),
                           self, G_CONNECT_SWAPPED);

  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->list)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  apply_saved_sort (self);
  fill_filters (self);
  on_filter_changed_cb (self);
}

CrmCustomerList *
crm_customers_page_get_list (CrmCustomersPage *self)
{
  g_return_val_if_fail (CRM_IS_CUSTOMERS_PAGE (self), NULL);
  return self->list;
}

GtkColumnView *
crm_customers_page_get_view (CrmCustomersPage *self)
{
  g_return_val_if_fail (CRM_IS_CUSTOMERS_PAGE (self), NULL);
  return self->column_view;
}

void
crm_customers_page_new_customer (CrmCustomersPage *self)
{
  GtkRoot *root;
  GtkWindow *dialog;

  g_return_if_fail (CRM_IS_CUSTOMERS_PAGE (self));

  if (self->context == NULL)
    return;

  root = gtk_widget_get_root (GTK_WIDGET (self));
  dialog = GTK_WINDOW (crm_new_customer_dialog_new (GTK_WINDOW (root), self->context));
  gtk_window_present (dialog);
}

void
crm_customers_page_focus_search (CrmCustomersPage *self)
{
  g_return_if_fail (CRM_IS_CUSTOMERS_PAGE (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

GtkEditable *
crm_customers_page_get_search_entry (CrmCustomersPage *self)
{
  g_return_val_if_fail (CRM_IS_CUSTOMERS_PAGE (self), NULL);
  return GTK_EDITABLE (self->search_entry);
}

GtkSingleSelection *
crm_customers_page_get_selection (CrmCustomersPage *self)
{
  g_return_val_if_fail (CRM_IS_CUSTOMERS_PAGE (self), NULL);
  return self->selection;
}
