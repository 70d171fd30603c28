/* crm-test-vfs.h: SQLite VFS shims for the crash and full-disk tests
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Both wrap the platform's VFS and become the default one, so the store
 * (which opens its files with the default VFS) runs on them unchanged:
 *
 * - "powerloss": every write is kept in memory until the file is synced,
 *   as a disk's cache keeps it until a flush. A process killed then loses
 *   what was not synced, as a power cut would (a plain SIGKILL does not:
 *   the kernel still writes what it was given).
 * - "fullshim": writes fail with the code given to
 *   crm_test_vfs_fail_writes() (SQLITE_FULL: the disk is full;
 *   SQLITE_IOERR_WRITE: the disk went away or turned read-only) until it
 *   is given 0.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void crm_test_vfs_install_power_loss (void);
void crm_test_vfs_install_full_disk  (void);
void crm_test_vfs_fail_writes        (int sqlite_code);

G_END_DECLS
