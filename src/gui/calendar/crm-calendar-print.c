/* crm-calendar-print.c: the day's test-drive schedule on paper or PDF
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A table for the front desk: time, car, customer and phone, consultant,
 * status. All text carries the zh-cn language so Pango picks Chinese glyph
 * forms, also under an English or C locale.
 */
#define G_LOG_DOMAIN "crm-calendar-print"

#include "config.h"

#include <glib/gi18n.h>

#include "crm-calendar-print.h"
#include "crm-gui-util.h"
#include "crm-phone.h"

#define ROW_HEIGHT 26.0
#define HEAD_HEIGHT 64.0

typedef struct
{
  CrmStore  *store;
  GDateTime *day;
  GPtrArray *bookings;
  int        rows_per_page;
} PrintJob;

static void
print_job_free (PrintJob *job)
{
  g_clear_object (&job->store);
  g_clear_pointer (&job->day, g_date_time_unref);
  g_clear_pointer (&job->bookings, g_ptr_array_unref);
  g_free (job);
}

static void
show_text (GtkPrintContext *context,
           cairo_t         *cr,
           const char      *text,
           double           x,
           double           y,
           double           width,
           gboolean         bold,
           double           size)
{
  g_autoptr(PangoLayout) layout = crm_gui_create_print_layout (context, text, size, bold, width);

  /* A table cell: one line */
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

static void
on_begin_print_cb (GtkPrintOperation *operation,
                   GtkPrintContext   *context,
                   PrintJob          *job)
{
  double height = gtk_print_context_get_height (context);

  job->rows_per_page = MAX (1, (int) ((height - HEAD_HEIGHT - ROW_HEIGHT) / ROW_HEIGHT));
  gtk_print_operation_set_n_pages (operation,
                                   MAX (1, ((int) job->bookings->len + job->rows_per_page - 1) /
                                           job->rows_per_page));
}

static void
on_draw_page_cb (GtkPrintOperation *operation,
                 GtkPrintContext   *context,
                 int                page_nr,
                 PrintJob          *job)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  double width = gtk_print_context_get_width (context);
  /* Column starts as parts of the width: time, car, customer, phone, consultant, status */
  static const double columns[] = { 0, 0.13, 0.38, 0.55, 0.72, 0.85, 1.0 };
  const char *headings[] = {
    C_("schedule column", "Time"), C_("schedule column", "Car"),
    C_("schedule column", "Customer"), C_("schedule column", "Phone"),
    C_("schedule column", "Consultant"), C_("schedule column", "Status"),
  };
  g_autofree char *showroom = crm_store_dup_showroom_name (job->store);
  /* Translators: strftime format of the printed schedule's day */
  g_autofree char *date = g_date_time_format (job->day, _("%A %-d %B %Y"));
  g_autofree char *title = g_strdup_printf (_("Test drives · %s"), date);
  double y = HEAD_HEIGHT;

  cairo_set_source_rgb (cr, 0, 0, 0);
  show_text (context, cr, title, 0, 0, width, TRUE, 16);
  show_text (context, cr, showroom, 0, 28, width, FALSE, 10);

  for (guint c = 0; c < G_N_ELEMENTS (headings); c++)
    show_text (context, cr, headings[c], columns[c] * width, y, (columns[c + 1] - columns[c]) * width - 6,
               TRUE, 10);
  y += ROW_HEIGHT;
  cairo_set_line_width (cr, 0.8);
  cairo_move_to (cr, 0, y - 6);
  cairo_line_to (cr, width, y - 6);
  cairo_stroke (cr);

  if (job->bookings->len == 0)
    show_text (context, cr, _("No test drives booked."), 0, y, width, FALSE, 10);

  for (int r = 0; r < job->rows_per_page; r++)
    {
      guint i = page_nr * job->rows_per_page + r;
      CrmTestDrive *td;
      g_autoptr(GDateTime) s = NULL;
      g_autoptr(GDateTime) e = NULL;
      g_autoptr(CrmCustomer) customer = NULL;
      g_autofree char *from = NULL;
      g_autofree char *to = NULL;
      g_autofree char *time = NULL;
      g_autofree char *phone = NULL;
      const char *cells[6];

      if (i >= job->bookings->len)
        break;
      td = g_ptr_array_index (job->bookings, i);
      s = g_date_time_new_from_unix_local (crm_test_drive_get_start_at (td));
      e = g_date_time_new_from_unix_local (crm_test_drive_get_end_at (td));
      from = g_date_time_format (s, "%H:%M");
      to = g_date_time_format (e, "%H:%M");
      time = g_strdup_printf ("%s–%s", from, to);
      customer = crm_customer_store_get (crm_store_get_customer_store (job->store), crm_test_drive_get_customer_id (td), NULL);
      if (customer != NULL && crm_customer_get_phone (customer) != NULL)
        phone = crm_phone_format (crm_customer_get_phone (customer));

      cells[0] = time;
      cells[1] = crm_test_drive_get_vehicle_label (td);
      cells[2] = crm_test_drive_get_customer_name (td);
      cells[3] = phone ? phone : "";
      cells[4] = crm_test_drive_get_staff_name (td);
      cells[5] = crm_test_drive_status_get_label (crm_test_drive_get_status (td));
      for (guint c = 0; c < G_N_ELEMENTS (cells); c++)
        show_text (context, cr, cells[c], columns[c] * width, y,
                   (columns[c + 1] - columns[c]) * width - 6, FALSE, 10);
      y += ROW_HEIGHT;
      cairo_set_source_rgba (cr, 0, 0, 0, 0.2);
      cairo_move_to (cr, 0, y - 6);
      cairo_line_to (cr, width, y - 6);
      cairo_stroke (cr);
      cairo_set_source_rgb (cr, 0, 0, 0);
    }
}

/**
 * crm_calendar_print_day:
 * @parent: (nullable): the window the print dialog belongs to
 * @day: any time of the day to print
 * @pdf_path: (nullable): export to this PDF without a dialog
 *
 * Prints (or exports as PDF) the day's test drives, cancelled ones left out.
 *
 * Returns: %FALSE with @error set when printing failed (a cancel is no error)
 */
gboolean
crm_calendar_print_day (GtkWindow   *parent,
                        CrmStore    *store,
                        GDateTime   *day,
                        const char  *pdf_path,
                        GError     **error)
{
  g_autoptr(GtkPrintOperation) operation = gtk_print_operation_new ();
  PrintJob *job = g_new0 (PrintJob, 1);
  GtkPrintOperationResult result;
  gint64 from;

  g_return_val_if_fail (CRM_IS_STORE (store), FALSE);
  g_return_val_if_fail (day != NULL, FALSE);

  job->store = g_object_ref (store);
  job->day = g_date_time_new_local (g_date_time_get_year (day), g_date_time_get_month (day),
                                    g_date_time_get_day_of_month (day), 0, 0, 0);
  from = g_date_time_to_unix (job->day);
  job->bookings = crm_calendar_store_list (crm_store_get_calendar_store (store), from, from + 24 * 60 * 60);
  for (guint i = job->bookings->len; i > 0; i--)
    if (crm_test_drive_get_status (g_ptr_array_index (job->bookings, i - 1)) == CRM_TEST_DRIVE_CANCELLED)
      g_ptr_array_remove_index (job->bookings, i - 1);

  g_object_set_data_full (G_OBJECT (operation), "job", job, (GDestroyNotify) print_job_free);
  g_signal_connect (operation, "begin-print", G_CALLBACK (on_begin_print_cb), job);
  g_signal_connect (operation, "draw-page", G_CALLBACK (on_draw_page_cb), job);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_job_name (operation, _("Test-drive schedule"));

  if (pdf_path != NULL)
    {
      gtk_print_operation_set_export_filename (operation, pdf_path);
      result = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT, parent, error);
    }
  else
    result = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, parent, error);

  return result != GTK_PRINT_OPERATION_RESULT_ERROR;
}
