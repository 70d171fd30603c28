/* crm-backup.c: daily backups, their rotation, restoring one
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A backup is a consistent copy of the showroom database taken while it is
 * in use (crm_store_backup_to(), SQLite's online backup API), checked whole
 * (integrity check) before it gets its name, in a folder of the user's
 * data directory or one the manager chose (a USB disk, a network share):
 *
 *   <folder>/<stem>-YYYYMMDD-HHMMSS.db      (local time; stem: "showroom")
 *
 * After each backup the folder keeps the newest backup of each of the 7
 * most recent days that have one, and the newest of each of the 4 weeks
 * before those, and deletes the other backups of that showroom. Counting
 * days with a backup, not calendar days, means a showroom closed for the
 * Spring Festival comes back to a week of backups, not none.
 *
 * Restoring checks the backup whole first, keeps the current file aside
 * and only then replaces it (crm_store_restore_file()).
 *
 * TODO: record backups and restores in the audit trail once it exists.
 */
#define G_LOG_DOMAIN "crm-backup"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "crm-backup.h"
#include "crm-error.h"

#define SECONDS_PER_DAY (24 * 60 * 60)

/**
 * crm_backup_get_default_folder:
 *
 * Returns: (transfer full): the backups folder in the user data directory
 */
char *
crm_backup_get_default_folder (void)
{
  return g_build_filename (g_get_user_data_dir (), "showroom", "backups", NULL);
}

/**
 * crm_backup_dup_stem:
 * @database_path: the showroom database
 *
 * Returns: (transfer full): the start of its backups' names: the file's
 *   name without ".db"
 */
char *
crm_backup_dup_stem (const char *database_path)
{
  g_autofree char *base = g_path_get_basename (database_path);

  if (g_str_has_suffix (base, ".db") && strlen (base) > 3)
    base[strlen (base) - 3] = '\0';
  return g_steal_pointer (&base);
}

/**
 * crm_backup_make_name:
 * @when: the time of the copy, in the desktop's zone
 *
 * Returns: (transfer full): the backup's file name
 */
char *
crm_backup_make_name (const char *stem,
                      GDateTime  *when)
{
  g_autofree char *stamp = g_date_time_format (when, "%Y%m%d-%H%M%S");

  return g_strdup_printf ("%s-%s.db", stem, stamp);
}

static gboolean
all_digits (const char *p,
            gsize       n)
{
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isdigit (p[i]))
      return FALSE;
  return TRUE;
}

static int
digits (const char *p,
        gsize       n)
{
  int value = 0;

  for (gsize i = 0; i < n; i++)
    value = value * 10 + (p[i] - '0');
  return value;
}

/**
 * crm_backup_parse_name:
 *
 * Returns: (transfer full) (nullable): the local time in a backup's name,
 *   %NULL when @name is not one of @stem's backups
 */
GDateTime *
crm_backup_parse_name (const char *stem,
                       const char *name)
{
  gsize stem_len = strlen (stem);
  const char *p;

  if (strncmp (name, stem, stem_len) != 0)
    return NULL;
  p = name + stem_len;
  /* -YYYYMMDD-HHMMSS.db */
  if (strlen (p) != 19 || p[0] != '-' || p[9] != '-' || strcmp (p + 16, ".db") != 0 ||
      !all_digits (p + 1, 8) || !all_digits (p + 10, 6))
    return NULL;

  return g_date_time_new_local (digits (p + 1, 4), digits (p + 5, 2), digits (p + 7, 2),
                                digits (p + 10, 2), digits (p + 12, 2), digits (p + 14, 2));
}

typedef struct
{
  const char *name;
  GDateTime  *when;
} Backup;

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  return g_date_time_compare (((const Backup *) b)->when, ((const Backup *) a)->when);
}

static int
week_key (GDateTime *when)
{
  return g_date_time_get_week_numbering_year (when) * 100 + g_date_time_get_week_of_year (when);
}

static int
day_key (GDateTime *when)
{
  return g_date_time_get_year (when) * 10000 + g_date_time_get_month (when) * 100 +
         g_date_time_get_day_of_month (when);
}

/**
 * crm_backup_plan_rotation:
 * @stem: whose backups (crm_backup_dup_stem())
 * @names: (array zero-terminated=1): the file names in the folder; other
 *   files are never touched
 * @n_daily: how many days to keep the newest backup of (7)
 * @n_weekly: how many weeks before those to keep the newest of (4)
 *
 * Which backups rotation deletes: all of @stem's except the newest of each
 * of the @n_daily most recent days that have a backup, and the newest of
 * each of the @n_weekly most recent weeks (ISO weeks) before the oldest of
 * those days' weeks.
 *
 * Returns: (transfer full) (element-type utf8): the names to delete
 */
GPtrArray *
crm_backup_plan_rotation (const char         *stem,
                          const char * const *names,
                          guint               n_daily,
                          guint               n_weekly)
{
  g_autoptr(GArray) backups = g_array_new (FALSE, FALSE, sizeof (Backup));
  GPtrArray *doomed = g_ptr_array_new_with_free_func (g_free);
  guint days = 0, weeks = 0;
  int last_day = 0, last_week = 0, oldest_daily_week = G_MAXINT;

  g_return_val_if_fail (stem != NULL, doomed);

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      Backup backup = { names[i], crm_backup_parse_name (stem, names[i]) };

      if (backup.when != NULL)
        g_array_append_val (backups, backup);
    }
  g_array_sort (backups, compare_newest_first);

  for (guint i = 0; i < backups->len; i++)
    {
      Backup *b = &g_array_index (backups, Backup, i);
      int day = day_key (b->when);
      int week = week_key (b->when);
      gboolean keep = FALSE;

      if (days < n_daily || day == last_day)
        {
          /* Still among the daily ones: the first (newest) of each day */
          if (day != last_day)
            {
              keep = TRUE;
              days++;
              last_day = day;
              oldest_daily_week = week;
            }
        }
      else if (week < oldest_daily_week && week != last_week && weeks < n_weekly)
        {
          keep = TRUE;
          weeks++;
          last_week = week;
        }

      if (!keep)
        g_ptr_array_add (doomed, g_strdup (b->name));
      g_date_time_unref (b->when);
    }

  return doomed;
}

/**
 * crm_backup_is_due:
 * @newest: the time of the newest backup (Unix seconds), 0 for none
 * @now: now
 *
 * Returns: %TRUE when today (in the desktop's zone) has no backup yet
 */
gboolean
crm_backup_is_due (gint64 newest,
                   gint64 now)
{
  g_autoptr(GDateTime) a = NULL;
  g_autoptr(GDateTime) b = NULL;

  if (newest <= 0 || newest > now)
    return newest <= 0;
  a = g_date_time_new_from_unix_local (newest);
  b = g_date_time_new_from_unix_local (now);
  return day_key (a) != day_key (b);
}

/**
 * crm_backup_seconds_to_next_day:
 *
 * Returns: seconds from @now to the next local midnight (at least 1)
 */
gint64
crm_backup_seconds_to_next_day (gint64 now)
{
  g_autoptr(GDateTime) local = g_date_time_new_from_unix_local (now);
  g_autoptr(GDateTime) midnight = g_date_time_new_local (g_date_time_get_year (local),
                                                         g_date_time_get_month (local),
                                                         g_date_time_get_day_of_month (local), 0, 0, 0);
  g_autoptr(GDateTime) next = g_date_time_add_days (midnight, 1);

  return MAX (1, g_date_time_to_unix (next) - now);
}

static char **
list_names (const char *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_add (names, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&names), FALSE);
}

static int
compare_names_desc (gconstpointer a,
                    gconstpointer b)
{
  return -g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/**
 * crm_backup_list:
 *
 * Returns: (transfer full) (element-type filename): the paths of the
 *   backups of @database_path in @folder, newest first
 */
GPtrArray *
crm_backup_list (const char *folder,
                 const char *database_path)
{
  g_auto(GStrv) names = list_names (folder);
  g_autofree char *stem = crm_backup_dup_stem (database_path);
  g_autoptr(GPtrArray) found = g_ptr_array_new ();
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(GDateTime) when = crm_backup_parse_name (stem, names[i]);

      if (when != NULL)
        g_ptr_array_add (found, names[i]);
    }
  /* The stamp sorts as text */
  g_ptr_array_sort (found, compare_names_desc);
  for (guint i = 0; i < found->len; i++)
    g_ptr_array_add (paths, g_build_filename (folder, g_ptr_array_index (found, i), NULL));
  return paths;
}

/**
 * crm_backup_get_newest_time:
 *
 * Returns: when the newest backup of @database_path in @folder was taken
 *   (Unix seconds), 0 when there is none
 */
gint64
crm_backup_get_newest_time (const char *folder,
                            const char *database_path)
{
  g_autoptr(GPtrArray) paths = crm_backup_list (folder, database_path);
  g_autofree char *stem = crm_backup_dup_stem (database_path);
  g_autofree char *name = NULL;
  g_autoptr(GDateTime) when = NULL;

  if (paths->len == 0)
    return 0;
  name = g_path_get_basename (g_ptr_array_index (paths, 0));
  when = crm_backup_parse_name (stem, name);
  return when ? g_date_time_to_unix (when) : 0;
}

static void
rotate (const char *folder,
        const char *stem)
{
  g_auto(GStrv) names = list_names (folder);
  g_autoptr(GPtrArray) doomed =
    crm_backup_plan_rotation (stem, (const char * const *) names, CRM_BACKUP_KEEP_DAILY, CRM_BACKUP_KEEP_WEEKLY);

  for (guint i = 0; i < doomed->len; i++)
    {
      g_autofree char *path = g_build_filename (folder, g_ptr_array_index (doomed, i), NULL);

      if (g_unlink (path) != 0)
        g_warning ("Could not delete the old backup %s: %s", path, g_strerror (errno));
    }
}

/**
 * crm_backup_run:
 * @store: the showroom, which may be in use meanwhile
 * @folder: where the backups go; made if missing
 *
 * Takes a backup (a consistent copy, checked whole before it is named as
 * a backup), then rotates the folder's backups of this showroom.
 *
 * Returns: (transfer full): the new backup's path, or %NULL with @error
 */
char *
crm_backup_run (CrmStore    *store,
                const char  *folder,
                GError     **error)
{
  g_autofree char *stem = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autofree char *partial = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (CRM_IS_STORE (store), NULL);
  g_return_val_if_fail (folder != NULL, NULL);

  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, CRM_ERROR, CRM_ERROR_READ_ONLY,
                   _("The backup folder “%s” cannot be used: %s"), folder, g_strerror (saved_errno));
      return NULL;
    }

  stem = crm_backup_dup_stem (crm_store_get_path (store));
  now = g_date_time_new_from_unix_local (crm_clock_get_now (crm_store_get_clock (store)));
  name = crm_backup_make_name (stem, now);
  path = g_build_filename (folder, name, NULL);
  partial = g_strconcat (path, ".partial", NULL);

  if (!crm_store_backup_to (store, partial, &local_error) ||
      !crm_store_check_file (partial, CRM_STORE_CHECK_FULL, NULL, &local_error))
    {
      g_unlink (partial);
      g_set_error (error, CRM_ERROR, local_error->code,
                   _("The backup failed: %s"), local_error->message);
      return NULL;
    }

  if (g_rename (partial, path) != 0)
    {
      int saved_errno = errno;

      g_unlink (partial);
      g_set_error (error, CRM_ERROR, CRM_ERROR_FAILED,
                   _("The backup failed: %s"), g_strerror (saved_errno));
      return NULL;
    }

  rotate (folder, stem);
  return g_steal_pointer (&path);
}

/**
 * crm_backup_find_newest_good:
 *
 * The newest backup of @database_path in @folder that passes the quick
 * check (restoring checks it whole again).
 *
 * Returns: (transfer full) (nullable): its path, or %NULL with @error
 */
char *
crm_backup_find_newest_good (const char  *folder,
                             const char  *database_path,
                             GError     **error)
{
  g_autoptr(GPtrArray) paths = crm_backup_list (folder, database_path);

  for (guint i = 0; i < paths->len; i++)
    {
      g_autoptr(GError) local_error = NULL;
      const char *path = g_ptr_array_index (paths, i);

      if (crm_store_check_file (path, CRM_STORE_CHECK_QUICK, NULL, &local_error))
        return g_strdup (path);
      g_message ("Backup %s skipped: %s", path, local_error->message);
    }

  g_set_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND,
               _("There is no good backup of this showroom in “%s”."), folder);
  return NULL;
}

/* ------------------------------------------------------------------ */
/* In a worker                                                         */

typedef struct
{
  CrmStore *store;
  char     *folder;
  char     *database_path;
  char     *backup;
} Job;

static void
job_free (gpointer data)
{
  Job *job = data;

  g_clear_object (&job->store);
  g_free (job->folder);
  g_free (job->database_path);
  g_free (job->backup);
  g_free (job);
}

static GTask *
job_task (gpointer             tag,
          CrmStore            *store,
          const char          *folder,
          const char          *database_path,
          const char          *backup,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  Job *job = g_new0 (Job, 1);

  job->store = store ? g_object_ref (store) : NULL;
  job->folder = g_strdup (folder);
  job->database_path = g_strdup (database_path);
  job->backup = g_strdup (backup);
  g_task_set_source_tag (task, tag);
  g_task_set_task_data (task, job, job_free);
  return task;
}

static void
run_thread (GTask        *task,
            gpointer      source,
            gpointer      task_data,
            GCancellable *cancellable)
{
  Job *job = task_data;
  GError *error = NULL;
  char *path = crm_backup_run (job->store, job->folder, &error);

  if (path != NULL)
    g_task_return_pointer (task, path, g_free);
  else
    g_task_return_error (task, error);
}

/**
 * crm_backup_run_async:
 *
 * crm_backup_run() in a worker thread, on connections of its own: the
 * window goes on while a big showroom is copied and checked.
 */
void
crm_backup_run_async (CrmStore            *store,
                      const char          *folder,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CRM_IS_STORE (store));
  g_return_if_fail (folder != NULL);

  task = job_task (crm_backup_run_async, store, folder, NULL, NULL, cancellable, callback, user_data);
  g_task_run_in_thread (task, run_thread);
}

/**
 * crm_backup_run_finish:
 *
 * Returns: (transfer full): the new backup's path, or %NULL with @error
 */
char *
crm_backup_run_finish (GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
find_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Job *job = task_data;
  GError *error = NULL;
  char *path = crm_backup_find_newest_good (job->folder, job->database_path, &error);

  if (path != NULL)
    g_task_return_pointer (task, path, g_free);
  else
    g_task_return_error (task, error);
}

void
crm_backup_find_newest_good_async (const char          *folder,
                                   const char          *database_path,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (folder != NULL && database_path != NULL);

  task = job_task (crm_backup_find_newest_good_async, NULL, folder, database_path, NULL,
                   cancellable, callback, user_data);
  g_task_run_in_thread (task, find_thread);
}

/**
 * crm_backup_find_newest_good_finish:
 *
 * Returns: (transfer full) (nullable): the newest good backup's path
 */
char *
crm_backup_find_newest_good_finish (GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
restore_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Job *job = task_data;
  GError *error = NULL;
  char *aside = NULL;

  if (crm_store_restore_file (job->database_path, job->backup, &aside, &error))
    g_task_return_pointer (task, aside ? aside : g_strdup (""), g_free);
  else
    g_task_return_error (task, error);
}

/**
 * crm_backup_restore_async:
 * @database_path: the showroom to replace
 * @backup: the backup to put in its place
 *
 * crm_store_restore_file() in a worker thread. The caller reopens the
 * showroom when it lands.
 */
void
crm_backup_restore_async (const char          *database_path,
                          const char          *backup,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (database_path != NULL && backup != NULL);

  task = job_task (crm_backup_restore_async, NULL, NULL, database_path, backup,
                   cancellable, callback, user_data);
  g_task_run_in_thread (task, restore_thread);
}

/**
 * crm_backup_restore_finish:
 *
 * Returns: (transfer full): where the replaced file was kept ("" when
 *   there was none), or %NULL with @error
 */
char *
crm_backup_restore_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
check_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Job *job = task_data;
  GError *error = NULL;

  if (crm_store_check (job->store, CRM_STORE_CHECK_QUICK, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * crm_backup_check_async:
 *
 * The quick check of @store's file in a worker, after start-up: it reads
 * the whole file (0.9 s on 100,000 customers), which start-up must not
 * wait for.
 */
void
crm_backup_check_async (CrmStore            *store,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CRM_IS_STORE (store));

  task = job_task (crm_backup_check_async, store, NULL, NULL, NULL, cancellable, callback, user_data);
  g_task_run_in_thread (task, check_thread);
}

gboolean
crm_backup_check_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
