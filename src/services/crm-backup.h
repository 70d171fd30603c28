/* crm-backup.h: daily backups, their rotation, restoring one
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "crm-store.h"

G_BEGIN_DECLS

#define CRM_BACKUP_KEEP_DAILY  7
#define CRM_BACKUP_KEEP_WEEKLY 4

/* Names and the folder */
char       *crm_backup_get_default_folder     (void);
char       *crm_backup_dup_stem               (const char          *database_path);
char       *crm_backup_make_name              (const char          *stem,
                                               GDateTime           *when);
GDateTime  *crm_backup_parse_name             (const char          *stem,
                                               const char          *name);

/* The rules, plain functions */
GPtrArray  *crm_backup_plan_rotation          (const char          *stem,
                                               const char * const  *names,
                                               guint                n_daily,
                                               guint                n_weekly);
gboolean    crm_backup_is_due                 (gint64               newest,
                                               gint64               now);
gint64      crm_backup_seconds_to_next_day    (gint64               now);

/* The folder's backups of one showroom */
GPtrArray  *crm_backup_list                   (const char          *folder,
                                               const char          *database_path);
gint64      crm_backup_get_newest_time        (const char          *folder,
                                               const char          *database_path);

/* The jobs: each may take seconds, the _async ones run in a worker */
char       *crm_backup_run                    (CrmStore            *store,
                                               const char          *folder,
                                               GError             **error);
char       *crm_backup_find_newest_good       (const char          *folder,
                                               const char          *database_path,
                                               GError             **error);

void        crm_backup_run_async              (CrmStore            *store,
                                               const char          *folder,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
char       *crm_backup_run_finish             (GAsyncResult        *result,
                                               GError             **error);
void        crm_backup_find_newest_good_async (const char          *folder,
                                               const char          *database_path,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
char       *crm_backup_find_newest_good_finish (GAsyncResult       *result,
                                               GError             **error);
void        crm_backup_restore_async          (const char          *database_path,
                                               const char          *backup,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
char       *crm_backup_restore_finish         (GAsyncResult        *result,
                                               GError             **error);
void        crm_backup_check_async            (CrmStore            *store,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean    crm_backup_check_finish           (GAsyncResult        *result,
                                               GError             **error);

G_END_DECLS
