/* crm-gui-util.h: small helpers shared by the views
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>
#include <gtk/gtk.h>

#include "crm-enums.h"
#include "crm-store.h"

G_BEGIN_DECLS

/* The grades hottest first, the order grade choices offer them in */
extern const CrmGrade crm_gui_grade_order[5];

PangoAttrList *crm_gui_chinese_attrs   (void);
GdkRGBA        crm_gui_lookup_color    (GtkWidget     *widget,
                                        const char    *name,
                                        GdkRGBA        fallback);
PangoLayout   *crm_gui_create_layout   (GtkWidget     *widget,
                                        const char    *text,
                                        gboolean       chinese,
                                        gboolean       bold,
                                        gboolean       small);
void           crm_gui_snapshot_layout (GtkSnapshot   *snapshot,
                                        PangoLayout   *layout,
                                        double         x,
                                        double         y,
                                        const GdkRGBA *color);
void           crm_gui_append_grade_labels (GtkStringList  *list,
                                            const CrmGrade *grades,
                                            guint           n_grades);
guint          crm_gui_grade_position  (CrmGrade       grade);
guint          crm_gui_append_owners   (GtkStringList *labels,
                                        GArray        *ids,
                                        GListModel    *staff,
                                        gboolean       sales_only,
                                        gint64         leave_out_id,
                                        gint64         find_id);
PangoLayout   *crm_gui_create_print_layout (GtkPrintContext *context,
                                            const char      *text,
                                            double           size,
                                            gboolean         bold,
                                            double           width);
void           crm_gui_add_date_picker (AdwEntryRow   *row);
void           crm_gui_add_time_picker (AdwEntryRow   *row,
                                        int            open_minute,
                                        int            close_minute,
                                        int            step_minutes);
gboolean       crm_gui_popup_at        (GtkPopover    *popover,
                                        GtkWidget     *from,
                                        double         x,
                                        double         y);

AdwToastOverlay *crm_gui_find_toast_overlay (GtkWidget *root);

/* A count for a widget's label: at once on a file, from a worker thread
 * on a server; @done runs with the widget still alive */
typedef guint (*CrmGuiCountFunc) (CrmStore  *store,
                                  gint64     arg);
typedef void  (*CrmGuiCountDone) (GtkWidget *widget,
                                  guint      count);
void           crm_gui_count_async     (GtkWidget       *widget,
                                        CrmStore        *store,
                                        CrmGuiCountFunc  func,
                                        gint64           arg,
                                        CrmGuiCountDone  done);

G_END_DECLS
