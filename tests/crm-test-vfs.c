/* crm-test-vfs.c: SQLite VFS shims for the crash and full-disk tests
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * See crm-test-vfs.h. Each file of the shim holds the platform VFS's own
 * file right behind it and passes every call on, but for writes: the
 * power-loss shim keeps them (in order) until the file is synced, reading
 * through them meanwhile; the full-disk shim refuses them on demand.
 * Memory-mapped reads are turned down, so every read comes through xRead.
 */
#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "crm-test-vfs.h"

typedef enum
{
  SHIM_POWER_LOSS,
  SHIM_FULL_DISK,
} ShimMode;

typedef struct
{
  sqlite3_int64  offset;
  int            amount;
  guint8        *data;
} Pending;

typedef struct
{
  sqlite3_file   base;
  ShimMode       mode;
  GArray        *pending;   /* Pending, in the order written */
  sqlite3_file  *real;      /* right behind this struct */
} ShimFile;

static sqlite3_vfs *real_vfs;
static sqlite3_vfs shim_vfs;
static ShimMode shim_mode;
static int write_failure;   /* an SQLite result code, 0 for none */

static void
pending_clear (gpointer data)
{
  g_free (((Pending *) data)->data);
}

/* Writes what was kept to the real file */
static int
apply_pending (ShimFile *file)
{
  int rc = SQLITE_OK;

  if (file->pending == NULL)
    return SQLITE_OK;
  for (guint i = 0; i < file->pending->len && rc == SQLITE_OK; i++)
    {
      Pending *p = &g_array_index (file->pending, Pending, i);
      rc = file->real->pMethods->xWrite (file->real, p->data, p->amount, p->offset);
    }
  g_array_set_size (file->pending, 0);
  return rc;
}

static sqlite3_int64
pending_end (ShimFile *file)
{
  sqlite3_int64 end = 0;

  for (guint i = 0; file->pending != NULL && i < file->pending->len; i++)
    {
      Pending *p = &g_array_index (file->pending, Pending, i);
      end = MAX (end, p->offset + p->amount);
    }
  return end;
}

static int
shim_close (sqlite3_file *f)
{
  ShimFile *file = (ShimFile *) f;
  /* A file closed in good order reaches the disk's cache, as a process's
   * writes reach the kernel's: only a power cut loses them */
  int rc = apply_pending (file);
  int close_rc = file->real->pMethods ? file->real->pMethods->xClose (file->real) : SQLITE_OK;

  g_clear_pointer (&file->pending, g_array_unref);
  return rc != SQLITE_OK ? rc : close_rc;
}

static int
shim_read (sqlite3_file  *f,
           void          *buffer,
           int            amount,
           sqlite3_int64  offset)
{
  ShimFile *file = (ShimFile *) f;
  sqlite3_int64 real_size = 0;
  sqlite3_int64 size;
  int rc = file->real->pMethods->xRead (file->real, buffer, amount, offset);

  if (rc != SQLITE_OK && rc != SQLITE_IOERR_SHORT_READ)
    return rc;
  if (file->pending == NULL || file->pending->len == 0)
    return rc;

  file->real->pMethods->xFileSize (file->real, &real_size);
  size = MAX (real_size, pending_end (file));
  for (guint i = 0; i < file->pending->len; i++)
    {
      Pending *p = &g_array_index (file->pending, Pending, i);
      sqlite3_int64 from = MAX (offset, p->offset);
      sqlite3_int64 to = MIN (offset + amount, p->offset + p->amount);

      if (from < to)
        memcpy ((guint8 *) buffer + (from - offset), p->data + (from - p->offset), to - from);
    }
  if (offset + amount <= size)
    return SQLITE_OK;
  /* Past the end: zeros, as SQLite expects of a short read */
  if (size > offset)
    memset ((guint8 *) buffer + (size - offset), 0, offset + amount - size);
  else
    memset (buffer, 0, amount);
  return SQLITE_IOERR_SHORT_READ;
}

static int
shim_write (sqlite3_file  *f,
            const void    *buffer,
            int            amount,
            sqlite3_int64  offset)
{
  ShimFile *file = (ShimFile *) f;
  Pending p;

  if (file->mode == SHIM_FULL_DISK)
    {
      int failure = g_atomic_int_get (&write_failure);

      if (failure != 0)
        return failure;
      return file->real->pMethods->xWrite (file->real, buffer, amount, offset);
    }

  p.offset = offset;
  p.amount = amount;
  p.data = g_memdup2 (buffer, amount);
  g_array_append_val (file->pending, p);
  return SQLITE_OK;
}

static int
shim_truncate (sqlite3_file  *f,
               sqlite3_int64  size)
{
  ShimFile *file = (ShimFile *) f;
  /* A truncation is made at once, with what came before it */
  int rc = apply_pending (file);

  return rc != SQLITE_OK ? rc : file->real->pMethods->xTruncate (file->real, size);
}

static int
shim_sync (sqlite3_file *f,
           int           flags)
{
  ShimFile *file = (ShimFile *) f;
  int rc;

  /* CRM_TEST_VFS_LYING_SYNC=1: a disk that says it synced and did not,
   * for showing that the crash loop notices lost commits */
  if (file->mode == SHIM_POWER_LOSS && g_getenv ("CRM_TEST_VFS_LYING_SYNC") != NULL)
    return SQLITE_OK;
  rc = apply_pending (file);

  return rc != SQLITE_OK ? rc : file->real->pMethods->xSync (file->real, flags);
}

static int
shim_file_size (sqlite3_file  *f,
                sqlite3_int64 *size)
{
  ShimFile *file = (ShimFile *) f;
  int rc = file->real->pMethods->xFileSize (file->real, size);

  if (rc == SQLITE_OK)
    *size = MAX (*size, pending_end (file));
  return rc;
}

#define PASS(name, args, call) \
  static int shim_##name args { return ((ShimFile *) f)->real->pMethods->x##call; }

PASS (lock, (sqlite3_file *f, int lock), Lock (((ShimFile *) f)->real, lock))
PASS (unlock, (sqlite3_file *f, int lock), Unlock (((ShimFile *) f)->real, lock))
PASS (check_reserved, (sqlite3_file *f, int *out), CheckReservedLock (((ShimFile *) f)->real, out))
PASS (file_control, (sqlite3_file *f, int op, void *arg), FileControl (((ShimFile *) f)->real, op, arg))
PASS (sector_size, (sqlite3_file *f), SectorSize (((ShimFile *) f)->real))
PASS (device_characteristics, (sqlite3_file *f), DeviceCharacteristics (((ShimFile *) f)->real))
PASS (shm_map, (sqlite3_file *f, int region, int size, int extend, void volatile **pp),
      ShmMap (((ShimFile *) f)->real, region, size, extend, pp))
PASS (shm_lock, (sqlite3_file *f, int offset, int n, int flags), ShmLock (((ShimFile *) f)->real, offset, n, flags))
PASS (shm_unmap, (sqlite3_file *f, int delete_flag), ShmUnmap (((ShimFile *) f)->real, delete_flag))

static void
shim_shm_barrier (sqlite3_file *f)
{
  ShimFile *file = (ShimFile *) f;
  file->real->pMethods->xShmBarrier (file->real);
}

/* No memory-mapped pages: they would read past the kept writes */
static int
shim_fetch (sqlite3_file  *f,
            sqlite3_int64  offset,
            int            amount,
            void         **pp)
{
  *pp = NULL;
  return SQLITE_OK;
}

static int
shim_unfetch (sqlite3_file  *f,
              sqlite3_int64  offset,
              void          *p)
{
  return SQLITE_OK;
}

static const sqlite3_io_methods shim_methods = {
  3,
  shim_close,
  shim_read,
  shim_write,
  shim_truncate,
  shim_sync,
  shim_file_size,
  shim_lock,
  shim_unlock,
  shim_check_reserved,
  shim_file_control,
  shim_sector_size,
  shim_device_characteristics,
  shim_shm_map,
  shim_shm_lock,
  shim_shm_barrier,
  shim_shm_unmap,
  shim_fetch,
  shim_unfetch,
};

static int
shim_open (sqlite3_vfs  *vfs,
           const char   *name,
           sqlite3_file *f,
           int           flags,
           int          *out_flags)
{
  ShimFile *file = (ShimFile *) f;
  int rc;

  memset (file, 0, sizeof *file);
  file->real = (sqlite3_file *) (file + 1);
  rc = real_vfs->xOpen (real_vfs, name, file->real, flags, out_flags);
  if (rc != SQLITE_OK)
    {
      file->base.pMethods = NULL;
      return rc;
    }
  file->mode = shim_mode;
  if (shim_mode == SHIM_POWER_LOSS)
    {
      file->pending = g_array_new (FALSE, FALSE, sizeof (Pending));
      g_array_set_clear_func (file->pending, pending_clear);
    }
  file->base.pMethods = &shim_methods;
  return SQLITE_OK;
}

#define PASS_VFS(name, args, call) \
  static int shim_vfs_##name args { return real_vfs->x##call; }

PASS_VFS (delete, (sqlite3_vfs *v, const char *name, int sync_dir), Delete (real_vfs, name, sync_dir))
PASS_VFS (access, (sqlite3_vfs *v, const char *name, int flags, int *out), Access (real_vfs, name, flags, out))
PASS_VFS (full_pathname, (sqlite3_vfs *v, const char *name, int n, char *out),
          FullPathname (real_vfs, name, n, out))
PASS_VFS (randomness, (sqlite3_vfs *v, int n, char *out), Randomness (real_vfs, n, out))
PASS_VFS (sleep, (sqlite3_vfs *v, int us), Sleep (real_vfs, us))
PASS_VFS (current_time, (sqlite3_vfs *v, double *out), CurrentTime (real_vfs, out))
PASS_VFS (last_error, (sqlite3_vfs *v, int n, char *out), GetLastError (real_vfs, n, out))
PASS_VFS (current_time_int64, (sqlite3_vfs *v, sqlite3_int64 *out), CurrentTimeInt64 (real_vfs, out))

static void
install (ShimMode    mode,
         const char *name)
{
  g_return_if_fail (real_vfs == NULL);

  real_vfs = sqlite3_vfs_find (NULL);
  g_assert_nonnull (real_vfs);
  shim_mode = mode;
  shim_vfs = (sqlite3_vfs) {
    .iVersion = 2,
    .szOsFile = sizeof (ShimFile) + real_vfs->szOsFile,
    .mxPathname = real_vfs->mxPathname,
    .zName = name,
    .xOpen = shim_open,
    .xDelete = shim_vfs_delete,
    .xAccess = shim_vfs_access,
    .xFullPathname = shim_vfs_full_pathname,
    .xDlOpen = NULL,
    .xDlError = NULL,
    .xDlSym = NULL,
    .xDlClose = NULL,
    .xRandomness = shim_vfs_randomness,
    .xSleep = shim_vfs_sleep,
    .xCurrentTime = shim_vfs_current_time,
    .xGetLastError = shim_vfs_last_error,
    .xCurrentTimeInt64 = shim_vfs_current_time_int64,
  };
  g_assert_cmpint (sqlite3_vfs_register (&shim_vfs, 1), ==, SQLITE_OK);
}

/**
 * crm_test_vfs_install_power_loss:
 *
 * Makes the power-loss shim the default VFS of this process.
 */
void
crm_test_vfs_install_power_loss (void)
{
  install (SHIM_POWER_LOSS, "powerloss");
}

/**
 * crm_test_vfs_install_full_disk:
 *
 * Makes the full-disk shim the default VFS of this process; writes work
 * until crm_test_vfs_fail_writes() says otherwise.
 */
void
crm_test_vfs_install_full_disk (void)
{
  install (SHIM_FULL_DISK, "fullshim");
}

void
crm_test_vfs_fail_writes (int sqlite_code)
{
  g_atomic_int_set (&write_failure, sqlite_code);
}
