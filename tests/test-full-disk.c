/* test-full-disk.c: saving when the disk is full or refuses to write
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The store runs on a VFS shim (crm-test-vfs.c) that makes every write
 * fail on demand, as a full disk (SQLITE_FULL) or a disk that went away or
 * turned read-only (SQLITE_IOERR_WRITE) does. Each kind of save must fail
 * with a message a person can act on, change nothing, leave the store
 * usable, and work again once the disk does.
 */
#include "config.h"

#include "crm-error.h"
#include "crm-leads.h"
#include "crm-test-util.h"
#include "crm-test-vfs.h"

typedef CrmTestShowroom Fixture;

#define HOUR (60 * 60)

typedef struct
{
  int         code;
  const char *words;   /* part of the message */
} Failure;

static const Failure failures[] = {
  { SQLITE_FULL, "The disk is full. Nothing was changed" },
  { SQLITE_IOERR_WRITE, "could not write to the disk" },
};

/* Every kind of save of the floor, once: returns whether it was stored */
static gboolean
save_each (Fixture  *f,
           guint     kind,
           gint64    customer,
           gint64    deal,
           GError  **error)
{
  switch (kind)
    {
    case 0:
      {
        g_autoptr(CrmCustomer) c = crm_test_customer_new ("满盘客户", "13900009999", NULL);
        return crm_leads_create (f->store, c, f->model1, f->sales1, error) > 0;
      }
    case 1:
      return crm_deal_store_move (crm_store_get_deal_store (f->store), deal, CRM_STAGE_INVITED, f->sales1, error);
    case 2:
      {
        g_autoptr(CrmActivity) a = crm_activity_new ();

        crm_activity_set_customer_id (a, customer);
        crm_activity_set_kind (a, CRM_ACTIVITY_CALL);
        crm_activity_set_planned_at (a, crm_test_now () - HOUR);
        crm_activity_set_done_at (a, crm_test_now ());
        crm_activity_set_staff_id (a, f->sales1);
        return crm_followup_store_insert (crm_store_get_followup_store (f->store), a, error) > 0;
      }
    default:
      {
        g_autoptr(CrmCustomer) c = crm_test_get_customer (f->store, customer);

        crm_customer_set_notes (c, "磁盘满时写的备注");
        return crm_customer_store_update (crm_store_get_customer_store (f->store), c, error);
      }
    }
}

static void
test_writes_refused (Fixture       *f,
                     gconstpointer  data)
{
  const Failure *failure = data;
  gint64 customer = crm_test_add_customer (f->store, "张三", "13800138000", NULL);
  gint64 deal = crm_test_add_deal (f->store, customer, f->sales1, CRM_STAGE_NEW_LEAD);
  g_autofree char *before = NULL;
  g_autofree char *integrity = NULL;

  crm_test_showroom_close_store (f);
  before = crm_test_db_fingerprint (f->path);
  crm_test_showroom_open_store (f);

  for (guint kind = 0; kind < 4; kind++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("save %u", kind);
      crm_test_vfs_fail_writes (failure->code);
      g_assert_false (save_each (f, kind, customer, deal, &error));
      crm_test_vfs_fail_writes (0);
      g_assert_nonnull (error);
      g_assert_nonnull (strstr (error->message, failure->words));
    }

  /* Nothing was changed by any of them */
  crm_test_showroom_close_store (f);
  {
    g_autofree char *after = crm_test_db_fingerprint (f->path);
    g_assert_cmpstr (after, ==, before);
  }
  crm_test_showroom_open_store (f);

  /* And once the disk writes again, every one of them is stored */
  for (guint kind = 0; kind < 4; kind++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (save_each (f, kind, customer, deal, &error));
      g_assert_no_error (error);
    }
  integrity = crm_test_file_rows (f->path, "PRAGMA integrity_check");
  g_assert_cmpstr (integrity, ==, "ok\n");
  g_assert_cmpint (crm_test_file_int (f->path, "SELECT count(*) FROM customer"), ==, 2);
  g_assert_cmpint (crm_test_file_int (f->path, "SELECT count(*) FROM activity WHERE done_at IS NOT NULL"), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  /* Before any database is opened: the shim is the default VFS */
  crm_test_vfs_install_full_disk ();
  crm_test_init (&argc, &argv);

  g_test_add ("/full-disk/full", Fixture, &failures[0],
              crm_test_setup_showroom, test_writes_refused, crm_test_teardown);
  g_test_add ("/full-disk/io-error", Fixture, &failures[1],
              crm_test_setup_showroom, test_writes_refused, crm_test_teardown);

  return g_test_run ();
}
