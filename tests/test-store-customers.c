/* test-store-customers.c: the showroom and its staff, customers
 * stored, read back, changed, deleted, restored and refused
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every test works on its own database in its own temporary folder, with a
 * fixed clock (crm-test-util.h). Tests look at the file with sqlite3
 * directly where the store has no API for what they check.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "crm-customer-merge.h"
#include "crm-error.h"
#include "crm-pinyin.h"
#include "crm-store.h"
#include "crm-test-util.h"

typedef CrmTestShowroom Fixture;

#define HOUR (60 * 60)
#define DAY  (24 * HOUR)

/* ------------------------------------------------------------------------
 * The showroom and its staff
 * ------------------------------------------------------------------------ */

static GPtrArray *
make_staff_list (const char *first, ...) G_GNUC_NULL_TERMINATED;

/* make_staff_list (name, role, name, role, …, NULL) */
static GPtrArray *
make_staff_list (const char *first,
                 ...)
{
  GPtrArray *staff = g_ptr_array_new_with_free_func (g_object_unref);
  va_list args;

  va_start (args, first);
  for (const char *name = first; name != NULL; name = va_arg (args, const char *))
    {
      CrmStaff *member = crm_staff_new ();

      crm_staff_set_name (member, name);
      crm_staff_set_role (member, va_arg (args, int));
      g_ptr_array_add (staff, member);
    }
  va_end (args);
  return staff;
}

static void
test_setup_showroom (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) staff = NULL;
  g_autoptr(GPtrArray) no_manager = NULL;
  g_autoptr(GPtrArray) bad_name = NULL;
  g_autoptr(GListModel) list = NULL;
  g_autoptr(CrmStaff) got = NULL;
  g_autofree char *name = NULL;
  g_autofree char *before = crm_test_db_fingerprint (f->path);
  g_autofree char *after = NULL;
  const char *expected_order[] = { "刘经理", "李娜", "王丽", "吴佳怡" };
  gint64 ids[4] = { 0 };

  staff = make_staff_list ("王丽", CRM_ROLE_SALES, "吴佳怡", CRM_ROLE_RECEPTION,
                           "  刘经理 ", CRM_ROLE_MANAGER, "李娜", CRM_ROLE_SALES, NULL);
  no_manager = make_staff_list ("王丽", CRM_ROLE_SALES, "吴佳怡", CRM_ROLE_RECEPTION, NULL);
  bad_name = make_staff_list ("刘经理", CRM_ROLE_MANAGER, "  ", CRM_ROLE_SALES, NULL);

  /* Refused: no name, a blank name, no manager, a staff member without name */
  g_assert_false (crm_store_setup_showroom (f->store, "", staff, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (crm_store_setup_showroom (f->store, NULL, staff, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (crm_store_setup_showroom (f->store, " \t ", staff, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (crm_store_setup_showroom (f->store, "天河展厅", no_manager, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (crm_store_setup_showroom (f->store, "天河展厅", bad_name, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  /* … and nothing of them was written: not the name, not the manager that
   * came before the nameless one */
  g_assert_true (crm_store_needs_setup (f->store));
  list = crm_staff_store_list (crm_store_get_staff_store (f->store), FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 0);
  g_clear_object (&list);
  crm_test_expect_changes (f, "%s", "");
  after = crm_test_db_fingerprint (f->path);
  g_assert_cmpstr (after, ==, before);
  for (guint i = 0; i < no_manager->len; i++)
    g_assert_cmpint (crm_staff_get_id (g_ptr_array_index (no_manager, i)), ==, 0);

  g_assert_true (crm_store_setup_showroom (f->store, "  天河展厅  ", staff, &error));
  g_assert_no_error (error);
  g_assert_false (crm_store_needs_setup (f->store));
  g_assert_false (crm_store_is_demo (f->store));
  name = crm_store_dup_showroom_name (f->store);
  g_assert_cmpstr (name, ==, "天河展厅");

  for (guint i = 0; i < staff->len; i++)
    {
      ids[i] = crm_staff_get_id (g_ptr_array_index (staff, i));
      g_assert_cmpint (ids[i], >, 0);
      for (guint j = 0; j < i; j++)
        g_assert_cmpint (ids[i], !=, ids[j]);
    }
  /* The name as stored, trimmed */
  g_assert_cmpstr (crm_staff_get_name (g_ptr_array_index (staff, 2)), ==, "刘经理");
  crm_test_expect_changes (f, "showroom:0 staff:%" G_GINT64_FORMAT " staff:%" G_GINT64_FORMAT
                           " staff:%" G_GINT64_FORMAT " staff:%" G_GINT64_FORMAT,
                           ids[0], ids[1], ids[2], ids[3]);

  got = crm_staff_store_get (crm_store_get_staff_store (f->store), ids[2], &error);
  g_assert_no_error (error);
  g_assert_cmpint (crm_staff_get_id (got), ==, ids[2]);
  g_assert_cmpstr (crm_staff_get_name (got), ==, "刘经理");
  g_assert_cmpint (crm_staff_get_role (got), ==, CRM_ROLE_MANAGER);
  g_assert_true (crm_staff_get_active (got));
  g_clear_object (&got);

  got = crm_staff_store_get (crm_store_get_staff_store (f->store), 4242, &error);
  g_assert_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND);
  g_assert_null (got);
  g_clear_error (&error);

  /* Managers first, then sales, then reception */
  list = crm_staff_store_list (crm_store_get_staff_store (f->store), TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 4);
  crm_test_assert_type (g_list_model_get_item_type (list), CRM_TYPE_STAFF);
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(CrmStaff) member = g_list_model_get_item (list, i);
      g_assert_cmpstr (crm_staff_get_name (member), ==, expected_order[i]);
    }
  g_clear_object (&list);
}

static void
test_staff (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmStaff) blank = crm_staff_new ();
  g_autoptr(CrmStaff) got = NULL;
  g_autoptr(GListModel) active = NULL;
  g_autoptr(GListModel) all = NULL;
  g_autoptr(CrmCustomer) customer = NULL;
  gint64 left;

  crm_staff_set_name (blank, "   ");
  g_assert_cmpint (crm_staff_store_insert (crm_store_get_staff_store (f->store), blank, &error), ==, 0);
  g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
  g_assert_cmpint (crm_staff_get_id (blank), ==, 0);
  g_clear_error (&error);
  crm_test_expect_changes (f, "%s", "");

  left = crm_test_add_staff (f->store, "赵磊", CRM_ROLE_SALES, FALSE);
  crm_test_expect_changes (f, "staff:%" G_GINT64_FORMAT, left);

  got = crm_staff_store_get (crm_store_get_staff_store (f->store), left, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (crm_staff_get_name (got), ==, "赵磊");
  g_assert_cmpint (crm_staff_get_role (got), ==, CRM_ROLE_SALES);
  g_assert_false (crm_staff_get_active (got));

  active = crm_staff_store_list (crm_store_get_staff_store (f->store), TRUE);
  all = crm_staff_store_list (crm_store_get_staff_store (f->store), FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (active), ==, 4);
  g_assert_cmpuint (g_list_model_get_n_items (all), ==, 5);

  /* Staff who left can no longer be given customers */
  customer = crm_test_customer_new ("张三", "13800138000", NULL);
  crm_customer_set_owner_id (customer, left);
  g_assert_cmpint (crm_customer_store_insert (crm_store_get_customer_store (f->store), customer, &error), ==, 0);
  g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
  g_assert_cmpint (crm_customer_store_count (crm_store_get_customer_store (f->store)), ==, 0);
}

/* ------------------------------------------------------------------------
 * Customers
 * ------------------------------------------------------------------------ */

static void
test_customer_round_trip (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmCustomer) customer = crm_customer_new ();
  g_autoptr(CrmCustomer) got = NULL;
  g_autoptr(CrmCustomer) imported = NULL;
  g_autoptr(CrmCustomer) imported_got = NULL;
  g_autofree char *phones = NULL;
  g_autofree char *tags = NULL;
  g_autofree char *models = NULL;
  /* Typed every which way; the last one is the second again */
  const char *typed_phones[] = { "+86 138-0013-8000", "", "(010) 6552 9988", "010-65529988", NULL };
  const char *in_tags[] = { "SUV", "混动", "七座", NULL };
  gint64 model_ids[] = { f->model1, f->model2 };
  gint64 id;

  crm_customer_set_name (customer, "  张三  ");
  crm_customer_set_phones (customer, typed_phones);
  crm_customer_set_wechat (customer, "ZhangSan_1985");
  crm_customer_set_gender (customer, CRM_GENDER_MALE);
  crm_customer_set_city (customer, "广州");
  crm_customer_set_channel (customer, CRM_CHANNEL_DONGCHEDI);
  crm_customer_set_grade (customer, CRM_GRADE_A);
  crm_customer_set_budget_min (customer, 15000000);
  crm_customer_set_budget_max (customer, 20000000);
  crm_customer_set_timeframe (customer, CRM_TIMEFRAME_FORTNIGHT);
  crm_customer_set_tags (customer, in_tags);
  crm_customer_set_model_ids (customer, g_variant_new_fixed_array (G_VARIANT_TYPE_INT64, model_ids, 2,
                                                                   sizeof (gint64)));
  crm_customer_set_owner_id (customer, f->sales1);
  crm_customer_set_birthday (customer, "1985-03-12");
  crm_customer_set_notes (customer, "周末来看车\n带家人一起");

  id = crm_customer_store_insert (crm_store_get_customer_store (f->store), customer, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  crm_test_expect_changes (f, "customer:%" G_GINT64_FORMAT, id);

  /* The object handed in learns what was stored */
  g_assert_cmpint (crm_customer_get_id (customer), ==, id);
  g_assert_cmpstr (crm_customer_get_name (customer), ==, "张三");
  phones = crm_test_strv_to_string (crm_customer_get_phones (customer));
  g_assert_cmpstr (phones, ==, "13800138000|01065529988");
  g_assert_cmpint (crm_customer_get_created_at (customer), ==, crm_test_now ());
  g_assert_cmpint (crm_customer_get_updated_at (customer), ==, crm_test_now ());
  g_clear_pointer (&phones, g_free);

  got = crm_test_get_customer (f->store, id);
  g_assert_cmpint (crm_customer_get_id (got), ==, id);
  g_assert_cmpstr (crm_customer_get_name (got), ==, "张三");
  phones = crm_test_strv_to_string (crm_customer_get_phones (got));
  g_assert_cmpstr (phones, ==, "13800138000|01065529988");
  g_assert_cmpstr (crm_customer_get_phone (got), ==, "13800138000");
  g_assert_cmpstr (crm_customer_get_wechat (got), ==, "ZhangSan_1985");
  g_assert_cmpint (crm_customer_get_gender (got), ==, CRM_GENDER_MALE);
  g_assert_cmpstr (crm_customer_get_city (got), ==, "广州");
  g_assert_cmpint (crm_customer_get_channel (got), ==, CRM_CHANNEL_DONGCHEDI);
  g_assert_cmpint (crm_customer_get_grade (got), ==, CRM_GRADE_A);
  g_assert_cmpint (crm_customer_get_budget_min (got), ==, 15000000);
  g_assert_cmpint (crm_customer_get_budget_max (got), ==, 20000000);
  g_assert_cmpint (crm_customer_get_timeframe (got), ==, CRM_TIMEFRAME_FORTNIGHT);
  tags = crm_test_strv_to_string (crm_customer_get_tags (got));
  g_assert_cmpstr (tags, ==, "SUV|混动|七座");
  models = crm_test_model_ids_to_string (crm_customer_get_model_ids (got));
  {
    g_autofree char *expected = g_strdup_printf ("%" G_GINT64_FORMAT " %" G_GINT64_FORMAT,
                                                 f->model1, f->model2);
    g_assert_cmpstr (models, ==, expected);
  }
  g_assert_cmpstr (crm_customer_get_models_label (got), ==, "凯美瑞, 雷凌");
  g_assert_cmpint (crm_customer_get_owner_id (got), ==, f->sales1);
  g_assert_cmpstr (crm_customer_get_owner_name (got), ==, "李娜");
  g_assert_cmpstr (crm_customer_get_birthday (got), ==, "1985-03-12");
  g_assert_cmpstr (crm_customer_get_notes (got), ==, "周末来看车\n带家人一起");
  g_assert_cmpint (crm_customer_get_created_at (got), ==, crm_test_now ());
  g_assert_cmpint (crm_customer_get_updated_at (got), ==, crm_test_now ());
  g_assert_cmpint (crm_customer_get_last_contact_at (got), ==, 0);
  g_assert_cmpint (crm_customer_get_next_followup_at (got), ==, 0);

  /* A customer brought in from elsewhere keeps its creation time; one with
   * a WeChat ID only and nothing else is enough */
  imported = crm_test_customer_new ("Mary 陈", NULL, "MaryChen88");
  crm_customer_set_created_at (imported, crm_test_now () - 30 * DAY);
  id = crm_customer_store_insert (crm_store_get_customer_store (f->store), imported, &error);
  g_assert_no_error (error);
  imported_got = crm_test_get_customer (f->store, id);
  g_assert_cmpint (crm_customer_get_created_at (imported_got), ==, crm_test_now () - 30 * DAY);
  g_assert_cmpint (crm_customer_get_updated_at (imported_got), ==, crm_test_now () - 30 * DAY);
  g_assert_null (crm_customer_get_phone (imported_got));
  g_assert_cmpuint (g_strv_length ((char **) crm_customer_get_phones (imported_got)), ==, 0);
  g_assert_cmpuint (g_strv_length ((char **) crm_customer_get_tags (imported_got)), ==, 0);
  g_assert_cmpint (crm_customer_get_owner_id (imported_got), ==, 0);
  g_assert_null (crm_customer_get_owner_name (imported_got));
  g_assert_null (crm_customer_get_birthday (imported_got));
  g_assert_cmpint (crm_customer_get_grade (imported_got), ==, CRM_GRADE_N);
  g_assert_cmpint (crm_customer_get_channel (imported_got), ==, CRM_CHANNEL_UNKNOWN);
  g_clear_pointer (&models, g_free);
  models = crm_test_model_ids_to_string (crm_customer_get_model_ids (imported_got));
  g_assert_cmpstr (models, ==, "");

  g_assert_cmpint (crm_customer_store_count (crm_store_get_customer_store (f->store)), ==, 2);
}

/* The same number typed twice with another one between them: stored once.
 * Run in a subprocess, because a crash here must not take the other
 * tests down with it. */
static void
test_customer_phone_typed_twice (Fixture       *f,
                                 gconstpointer  data)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CrmCustomer) customer = crm_customer_new ();
      g_autoptr(CrmCustomer) got = NULL;
      g_autofree char *phones = NULL;
      const char *typed[] = { "13800138000", "(010) 6552 9988", "138 0013 8000", NULL };
      gint64 id;

      crm_customer_set_name (customer, "张三");
      crm_customer_set_phones (customer, typed);
      id = crm_customer_store_insert (crm_store_get_customer_store (f->store), customer, &error);
      g_assert_no_error (error);
      g_assert_cmpint (id, >, 0);
      got = crm_test_get_customer (f->store, id);
      phones = crm_test_strv_to_string (crm_customer_get_phones (got));
      g_assert_cmpstr (phones, ==, "13800138000|01065529988");
      return;
    }

  g_test_trap_subprocess (NULL, 0, (GTestSubprocessFlags) 0);
  if (!g_test_trap_has_passed ())
    g_test_fail_printf ("Storing a customer with the numbers “13800138000”, “(010) 6552 9988”, "
                        "“138 0013 8000” failed or crashed (see the child's status above)");
}

static void
test_customer_update_delete_restore (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmCustomer) customer = crm_customer_new ();
  g_autoptr(CrmCustomer) got = NULL;
  g_autoptr(CrmCustomer) restored = NULL;
  g_autoptr(CrmCustomer) gone = NULL;
  g_autofree char *phones = NULL;
  g_autofree char *models = NULL;
  g_autofree char *expected_models = NULL;
  const char *first_phones[] = { "13800138000", NULL };
  const char *new_phones[] = { "139-1234-5678", "+86 138 0013 8000", NULL };
  const char *first_tags[] = { "SUV", NULL };
  gint64 first_models[] = { f->model1 };
  gint64 new_models[] = { f->model2 };
  gint64 id;

  crm_customer_set_name (customer, "张三");
  crm_customer_set_phones (customer, first_phones);
  crm_customer_set_wechat (customer, "zs1985");
  crm_customer_set_city (customer, "广州");
  crm_customer_set_tags (customer, first_tags);
  crm_customer_set_model_ids (customer, g_variant_new_fixed_array (G_VARIANT_TYPE_INT64, first_models, 1,
                                                                   sizeof (gint64)));
  crm_customer_set_owner_id (customer, f->sales1);
  crm_customer_set_birthday (customer, "1985-03-12");
  crm_customer_set_notes (customer, "first");
  id = crm_customer_store_insert (crm_store_get_customer_store (f->store), customer, &error);
  g_assert_no_error (error);
  crm_test_expect_changes (f, "customer:%" G_GINT64_FORMAT, id);

  /* Every field changes; an hour later */
  crm_clock_advance (f->clock, HOUR);
  crm_customer_set_name (customer, " 张三丰 ");
  crm_customer_set_phones (customer, new_phones);
  crm_customer_set_wechat (customer, NULL);
  crm_customer_set_gender (customer, CRM_GENDER_FEMALE);
  crm_customer_set_city (customer, "佛山");
  crm_customer_set_channel (customer, CRM_CHANNEL_REFERRAL);
  crm_customer_set_grade (customer, CRM_GRADE_H);
  crm_customer_set_budget_min (customer, 30000000);
  crm_customer_set_budget_max (customer, 0);
  crm_customer_set_timeframe (customer, CRM_TIMEFRAME_WEEK);
  crm_customer_set_tags (customer, NULL);
  crm_customer_set_model_ids (customer, g_variant_new_fixed_array (G_VARIANT_TYPE_INT64, new_models, 1,
                                                                   sizeof (gint64)));
  crm_customer_set_owner_id (customer, 0);
  crm_customer_set_birthday (customer, NULL);
  crm_customer_set_notes (customer, NULL);

  g_assert_true (crm_customer_store_update (crm_store_get_customer_store (f->store), customer, &error));
  g_assert_no_error (error);
  crm_test_expect_changes (f, "customer:%" G_GINT64_FORMAT, id);
  g_assert_cmpstr (crm_customer_get_name (customer), ==, "张三丰");
  g_assert_cmpint (crm_customer_get_updated_at (customer), ==, crm_test_now () + HOUR);

  got = crm_test_get_customer (f->store, id);
  g_assert_cmpstr (crm_customer_get_name (got), ==, "张三丰");
  phones = crm_test_strv_to_string (crm_customer_get_phones (got));
  g_assert_cmpstr (phones, ==, "13912345678|13800138000");
  g_assert_null (crm_customer_get_wechat (got));
  g_assert_cmpint (crm_customer_get_gender (got), ==, CRM_GENDER_FEMALE);
  g_assert_cmpstr (crm_customer_get_city (got), ==, "佛山");
  g_assert_cmpint (crm_customer_get_channel (got), ==, CRM_CHANNEL_REFERRAL);
  g_assert_cmpint (crm_customer_get_grade (got), ==, CRM_GRADE_H);
  g_assert_cmpint (crm_customer_get_budget_min (got), ==, 30000000);
  g_assert_cmpint (crm_customer_get_budget_max (got), ==, 0);
  g_assert_cmpint (crm_customer_get_timeframe (got), ==, CRM_TIMEFRAME_WEEK);
  g_assert_cmpuint (g_strv_length ((char **) crm_customer_get_tags (got)), ==, 0);
  models = crm_test_model_ids_to_string (crm_customer_get_model_ids (got));
  expected_models = g_strdup_printf ("%" G_GINT64_FORMAT, f->model2);
  g_assert_cmpstr (models, ==, expected_models);
  g_assert_cmpstr (crm_customer_get_models_label (got), ==, "雷凌");
  g_assert_cmpint (crm_customer_get_owner_id (got), ==, 0);
  g_assert_null (crm_customer_get_owner_name (got));
  g_assert_null (crm_customer_get_birthday (got));
  g_assert_null (crm_customer_get_notes (got));
  g_assert_cmpint (crm_customer_get_created_at (got), ==, crm_test_now ());
  g_assert_cmpint (crm_customer_get_updated_at (got), ==, crm_test_now () + HOUR);

  /* The old number is free again, the new one taken */
  g_assert_cmpint (crm_customer_store_find_by_phone (crm_store_get_customer_store (f->store), "13912345678", 0), ==, id);
  g_assert_cmpint (crm_customer_store_find_by_phone (crm_store_get_customer_store (f->store), "13800138000", 0), ==, id);
  g_assert_cmpint (crm_customer_store_find_by_phone (crm_store_get_customer_store (f->store), "13800138000", id), ==, 0);

  /* Delete … */
  crm_clock_advance (f->clock, HOUR);
  g_assert_true (crm_customer_store_delete (crm_store_get_customer_store (f->store), id, &error));
  g_assert_no_error (error);
  crm_test_expect_changes (f, "customer:%" G_GINT64_FORMAT, id);
  crm_test_assert_customer_missing (f->store, id);
  g_assert_cmpint (crm_customer_store_count (crm_store_get_customer_store (f->store)), ==, 0);
  {
    g_autoptr(GArray) ids = crm_test_search_customer_ids (f->store, NULL);
    g_assert_cmpuint (ids->len, ==, 0);
  }
  g_assert_cmpint (crm_customer_store_find_by_phone (crm_store_get_customer_store (f->store), "13912345678", 0), ==, 0);

  g_assert_false (crm_customer_store_delete (crm_store_get_customer_store (f->store), id, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (crm_customer_store_update (crm_store_get_customer_store (f->store), customer, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND);
  g_clear_error (&error);
  crm_test_expect_changes (f, "%s", "");

  /* … and restore: all of it comes back, as it was before the delete */
  g_assert_true (crm_customer_store_restore (crm_store_get_customer_store (f->store), id, &error));
  g_assert_no_error (error);
  crm_test_expect_changes (f, "customer:%" G_GINT64_FORMAT, id);
  restored = crm_test_get_customer (f->store, id);
  crm_test_assert_customer_equal (restored, got);
  g_assert_cmpint (crm_customer_store_count (crm_store_get_customer_store (f->store)), ==, 1);

  g_assert_false (crm_customer_store_restore (crm_store_get_customer_store (f->store), id, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (crm_customer_store_delete (crm_store_get_customer_store (f->store), 9999, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (crm_customer_store_restore (crm_store_get_customer_store (f->store), 9999, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND);
  g_clear_error (&error);

  gone = crm_customer_store_get (crm_store_get_customer_store (f->store), 9999, &error);
  g_assert_error (error, CRM_ERROR, CRM_ERROR_NOT_FOUND);
  g_assert_null (gone);
  crm_test_expect_changes (f, "%s", "");
}

typedef void (*SpoilFunc) (CrmCustomer *customer, Fixture *f);

static void spoil_name_empty (CrmCustomer *c, Fixture *f) { crm_customer_set_name (c, ""); }
static void spoil_name_blank (CrmCustomer *c, Fixture *f) { crm_customer_set_name (c, " \t "); }
static void
spoil_name_too_long (CrmCustomer *c, Fixture *f)
{
  g_autoptr(GString) name = g_string_new (NULL);

  for (guint i = 0; i < 61; i++)
    g_string_append (name, "张");
  crm_customer_set_name (c, name->str);
}
static void
spoil_phone_malformed (CrmCustomer *c, Fixture *f)
{
  const char *phones[] = { "138-0013-800a", NULL };
  crm_customer_set_phones (c, phones);
}
static void
spoil_phone_second_malformed (CrmCustomer *c, Fixture *f)
{
  const char *phones[] = { "13800138000", "12345", NULL };
  crm_customer_set_phones (c, phones);
}
static void
spoil_no_contact (CrmCustomer *c, Fixture *f)
{
  crm_customer_set_phones (c, NULL);
  crm_customer_set_wechat (c, "");
}
static void
spoil_blank_phone_no_wechat (CrmCustomer *c, Fixture *f)
{
  const char *phones[] = { "", NULL };
  crm_customer_set_phones (c, phones);
  crm_customer_set_wechat (c, NULL);
}
static void spoil_owner_unknown (CrmCustomer *c, Fixture *f) { crm_customer_set_owner_id (c, 4242); }
static void
spoil_budget_inverted (CrmCustomer *c, Fixture *f)
{
  crm_customer_set_budget_min (c, 20000000);
  crm_customer_set_budget_max (c, 15000000);
}
static void spoil_budget_negative (CrmCustomer *c, Fixture *f) { crm_customer_set_budget_min (c, -100); }
static void spoil_birthday_invalid (CrmCustomer *c, Fixture *f) { crm_customer_set_birthday (c, "1985-13-40"); }
static void spoil_birthday_feb30 (CrmCustomer *c, Fixture *f) { crm_customer_set_birthday (c, "1985-02-30"); }
static void spoil_birthday_text (CrmCustomer *c, Fixture *f) { crm_customer_set_birthday (c, "3月12日"); }
static void
spoil_model_unknown (CrmCustomer *c, Fixture *f)
{
  gint64 ids[] = { f->model1, 4242 };
  crm_customer_set_model_ids (c, g_variant_new_fixed_array (G_VARIANT_TYPE_INT64, ids, 2, sizeof (gint64)));
}

static const struct {
  const char *what;
  SpoilFunc   spoil;
} spoilers[] = {
  { "empty name", spoil_name_empty },
  { "blank name", spoil_name_blank },
  { "name of 61 characters", spoil_name_too_long },
  { "malformed phone", spoil_phone_malformed },
  { "second phone malformed", spoil_phone_second_malformed },
  { "no phone, no WeChat", spoil_no_contact },
  { "blank phone, no WeChat", spoil_blank_phone_no_wechat },
  { "unknown owner", spoil_owner_unknown },
  { "budget min > max", spoil_budget_inverted },
  { "negative budget", spoil_budget_negative },
  { "birthday 1985-13-40", spoil_birthday_invalid },
  { "birthday 1985-02-30", spoil_birthday_feb30 },
  { "birthday not a date", spoil_birthday_text },
  { "unknown vehicle model", spoil_model_unknown },
};

static CrmCustomer *
make_valid_customer (Fixture *f)
{
  CrmCustomer *customer = crm_test_customer_new ("李四", "13912345678", "lisi_bmw");
  gint64 ids[] = { f->model1 };

  crm_customer_set_owner_id (customer, f->sales2);
  crm_customer_set_budget_min (customer, 10000000);
  crm_customer_set_budget_max (customer, 12000000);
  crm_customer_set_birthday (customer, "1990-01-31");
  crm_customer_set_model_ids (customer, g_variant_new_fixed_array (G_VARIANT_TYPE_INT64, ids, 1, sizeof (gint64)));
  return customer;
}

static void
test_customer_invalid (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(CrmCustomer) kept = NULL;
  g_autoptr(CrmCustomer) kept_before = NULL;
  gint64 kept_id;

  /* One customer already there, to be spoiled by updates */
  kept = make_valid_customer (f);
  kept_id = crm_customer_store_insert (crm_store_get_customer_store (f->store), kept, NULL);
  g_assert_cmpint (kept_id, >, 0);
  kept_before = crm_test_get_customer (f->store, kept_id);
  g_array_set_size (f->changes, 0);

  for (gsize i = 0; i < G_N_ELEMENTS (spoilers); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CrmCustomer) fresh = make_valid_customer (f);
      g_autoptr(CrmCustomer) edited = crm_customer_copy (kept_before);
      g_autoptr(CrmCustomer) kept_after = NULL;
      g_autofree char *before = crm_test_db_fingerprint (f->path);
      g_autofree char *after = NULL;
      const char *phones[] = { "18612345678", NULL };

      g_test_message ("spoiled by: %s", spoilers[i].what);

      /* A new customer: refused, with the code for a person's mistake */
      crm_customer_set_phones (fresh, phones);
      spoilers[i].spoil (fresh, f);
      g_assert_cmpint (crm_customer_store_insert (crm_store_get_customer_store (f->store), fresh, &error), ==, 0);
      g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
      g_assert_nonnull (error->message);
      g_assert_cmpstr (error->message, !=, "");
      g_assert_cmpint (crm_customer_get_id (fresh), ==, 0);
      g_clear_error (&error);

      /* An edit of a stored customer: refused, the stored one unchanged */
      crm_clock_advance (f->clock, 60);
      spoilers[i].spoil (edited, f);
      g_assert_false (crm_customer_store_update (crm_store_get_customer_store (f->store), edited, &error));
      g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
      g_clear_error (&error);

      kept_after = crm_test_get_customer (f->store, kept_id);
      crm_test_assert_customer_equal (kept_after, kept_before);
      g_assert_cmpint (crm_customer_store_count (crm_store_get_customer_store (f->store)), ==, 1);
      g_assert_cmpint (crm_customer_store_find_by_phone (crm_store_get_customer_store (f->store), "18612345678", 0), ==, 0);
      crm_test_expect_changes (f, "%s", "");
      after = crm_test_db_fingerprint (f->path);
      g_assert_cmpstr (after, ==, before);
    }

  g_assert_cmpint (crm_test_file_int (f->path, "SELECT count(*) FROM customer"), ==, 1);
  g_assert_cmpint (crm_test_file_int (f->path, "SELECT count(*) FROM customer_phone"), ==, 1);
  g_assert_cmpint (crm_test_file_int (f->path, "SELECT count(*) FROM customer_model"), ==, 1);
}

static void
test_customer_duplicate_phone (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmCustomer) second = NULL;
  g_autoptr(CrmCustomer) stored_second = NULL;
  g_autoptr(CrmCustomer) edited = NULL;
  g_autoptr(CrmCustomer) after = NULL;
  g_autoptr(CrmCustomer) first = NULL;
  g_autofree char *before_sum = NULL;
  g_autofree char *after_sum = NULL;
  const char *taken[] = { "15011112222", "+86 138 0013 8000", NULL };
  const char *own_again[] = { "138-0013-8000", NULL };
  gint64 zhang, li;

  zhang = crm_test_add_customer (f->store, "张三", "13800138000", NULL);
  li = crm_test_add_customer (f->store, "李四", "13912345678", NULL);
  g_array_set_size (f->changes, 0);
  before_sum = crm_test_db_fingerprint (f->path);

  /* The same number typed another way belongs to 张三 already */
  second = crm_test_customer_new ("张三的朋友", "+86 138-0013-8000", NULL);
  g_assert_cmpint (crm_customer_store_insert (crm_store_get_customer_store (f->store), second, &error), ==, 0);
  g_assert_error (error, CRM_ERROR, CRM_ERROR_DUPLICATE);
  crm_test_assert_contains (error->message, "张三");
  g_clear_error (&error);

  /* 李四 cannot take it either, not even as a second number */
  stored_second = crm_test_get_customer (f->store, li);
  edited = crm_customer_copy (stored_second);
  crm_customer_set_phones (edited, taken);
  g_assert_false (crm_customer_store_update (crm_store_get_customer_store (f->store), edited, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_DUPLICATE);
  g_clear_error (&error);
  after = crm_test_get_customer (f->store, li);
  crm_test_assert_customer_equal (after, stored_second);

  crm_test_expect_changes (f, "%s", "");
  after_sum = crm_test_db_fingerprint (f->path);
  g_assert_cmpstr (after_sum, ==, before_sum);
  g_assert_cmpint (crm_customer_store_count (crm_store_get_customer_store (f->store)), ==, 2);
  g_assert_cmpint (crm_customer_store_find_by_phone (crm_store_get_customer_store (f->store), "13800138000", 0), ==, zhang);
  g_assert_cmpint (crm_customer_store_find_by_phone (crm_store_get_customer_store (f->store), "15011112222", 0), ==, 0);

  /* 张三 keeps his own number when he is edited */
  first = crm_test_get_customer (f->store, zhang);
  crm_customer_set_phones (first, own_again);
  crm_customer_set_city (first, "广州");
  g_assert_true (crm_customer_store_update (crm_store_get_customer_store (f->store), first, &error));
  g_assert_no_error (error);
  g_clear_object (&first);
  first = crm_test_get_customer (f->store, zhang);
  g_assert_cmpstr (crm_customer_get_phone (first), ==, "13800138000");
  g_assert_cmpstr (crm_customer_get_city (first), ==, "广州");

  /* Once 张三 is deleted his number may be given to someone else */
  g_assert_true (crm_customer_store_delete (crm_store_get_customer_store (f->store), zhang, &error));
  g_assert_no_error (error);
  g_clear_object (&second);
  second = crm_test_customer_new ("张三的朋友", "13800138000", NULL);
  g_assert_cmpint (crm_customer_store_insert (crm_store_get_customer_store (f->store), second, &error), >, 0);
  g_assert_no_error (error);
}

/* Undo of a delete after the number went to someone else meanwhile: two
 * live customers must never share a number, so the restore is refused
 * with DUPLICATE and the customer stays deleted */
static void
test_customer_restore_taken_number (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 zhang, friend;

  zhang = crm_test_add_customer (f->store, "张三", "13800138000", NULL);
  g_assert_true (crm_customer_store_delete (crm_store_get_customer_store (f->store), zhang, &error));
  friend = crm_test_add_customer (f->store, "张三的朋友", "13800138000", NULL);
  g_assert_cmpint (crm_customer_store_find_by_phone (crm_store_get_customer_store (f->store), "13800138000", 0), ==, friend);
  g_array_set_size (f->changes, 0);
  before = crm_test_db_fingerprint (f->path);

  g_assert_false (crm_customer_store_restore (crm_store_get_customer_store (f->store), zhang, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_DUPLICATE);
  crm_test_assert_contains (error->message, "张三的朋友");

  crm_test_assert_customer_missing (f->store, zhang);
  g_assert_cmpint (crm_customer_store_count (crm_store_get_customer_store (f->store)), ==, 1);
  g_assert_cmpint (crm_customer_store_find_by_phone (crm_store_get_customer_store (f->store), "13800138000", 0), ==, friend);
  crm_test_expect_changes (f, "%s", "");
  after = crm_test_db_fingerprint (f->path);
  g_assert_cmpstr (after, ==, before);
}

/* Staff lists read as a Chinese reader looks: by pinyin (陈 chen before
 * 程 cheng before 赵 zhao), not by character code (程 U+7A0B before 陈
 * U+9648), managers first */
static void
test_staff_pinyin_order (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GListModel) staff = NULL;
  g_autoptr(GString) names = g_string_new (NULL);

  crm_test_add_staff (f->store, "赵磊", CRM_ROLE_SALES, TRUE);
  crm_test_add_staff (f->store, "程浩", CRM_ROLE_SALES, TRUE);
  crm_test_add_staff (f->store, "陈晓峰", CRM_ROLE_SALES, TRUE);
  staff = crm_staff_store_list (crm_store_get_staff_store (f->store), TRUE);
  for (guint i = 0; i < g_list_model_get_n_items (staff); i++)
    {
      g_autoptr(CrmStaff) member = g_list_model_get_item (staff, i);

      if (crm_staff_get_role (member) == CRM_ROLE_SALES)
        g_string_append_printf (names, "%s%s", names->len ? " " : "", crm_staff_get_name (member));
    }
  /* with the standard cast's 李娜 and 王丽 */
  g_assert_cmpstr (names->str, ==, "陈晓峰 程浩 李娜 王丽 赵磊");
}

/* One live customer per number, whoever writes: two desktops (two stores,
 * each in its own thread) capture the same 150 numbers at once, one from
 * each end; and a writer that skips Showroom's check (SQL by hand) is
 * refused by the database's own index */
typedef struct
{
  const char *path;
  gboolean    backwards;
  guint       created;
  guint       refused;
  GError     *error;
} PhoneRace;

#define PHONE_RACE_N 150

static gpointer
phone_race_thread (gpointer data)
{
  PhoneRace *race = data;
  g_autoptr(CrmClock) clock = crm_clock_new_fixed (crm_test_now ());
  g_autoptr(CrmStore) store = crm_store_open (race->path, clock, &race->error);

  for (guint i = 0; store != NULL && i < PHONE_RACE_N; i++)
    {
      guint k = race->backwards ? PHONE_RACE_N - 1 - i : i;
      g_autofree char *phone = g_strdup_printf ("139%08u", k);
      g_autoptr(CrmCustomer) customer = crm_test_customer_new (race->backwards ? "后台" : "前台", phone, NULL);
      g_autoptr(GError) error = NULL;

      if (crm_customer_store_insert (crm_store_get_customer_store (store), customer, &error) > 0)
        race->created++;
      else if (g_error_matches (error, CRM_ERROR, CRM_ERROR_DUPLICATE))
        race->refused++;
      else
        {
          race->error = g_steal_pointer (&error);
          break;
        }
    }
  return NULL;
}

static void
test_customer_phone_race (Fixture       *f,
                          gconstpointer  data)
{
  PhoneRace races[2] = { { f->path, FALSE, }, { f->path, TRUE, } };
  GThread *threads[2];
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *sql = NULL;
  gint64 zhang, li;

  for (guint i = 0; i < G_N_ELEMENTS (races); i++)
    threads[i] = g_thread_new ("desktop", phone_race_thread, &races[i]);
  for (guint i = 0; i < G_N_ELEMENTS (races); i++)
    {
      g_thread_join (threads[i]);
      g_assert_no_error (races[i].error);
    }
  g_test_message ("front desk created %u, back office %u", races[0].created, races[1].created);
  g_assert_cmpuint (races[0].created + races[1].created, ==, PHONE_RACE_N);
  g_assert_cmpuint (races[0].refused + races[1].refused, ==, PHONE_RACE_N);
  g_assert_cmpint (crm_test_file_int (f->path, "SELECT count(*) FROM customer"), ==, PHONE_RACE_N);
  g_assert_cmpint (crm_test_file_int (f->path, "SELECT count(DISTINCT number) FROM customer_phone"), ==, PHONE_RACE_N);

  /* By hand, past Showroom: a second live 13900000007 is refused */
  zhang = crm_customer_store_find_by_phone (crm_store_get_customer_store (f->store), "13900000007", 0);
  li = crm_test_add_customer (f->store, "李四", "13800138000", NULL);
  sql = g_strdup_printf ("INSERT INTO customer_phone (customer_id, position, number)"
                         " VALUES (%lld, 1, '13900000007')", (long long) li);
  g_assert_false (crm_test_file_try_exec (f->path, sql, &message));
  crm_test_assert_contains (message, "customer_phone");
  g_clear_pointer (&message, g_free);

  /* Once its customer is deleted the number is free in the index too,
   * and bringing that customer back is refused while another holds it */
  g_assert_true (crm_customer_store_delete (crm_store_get_customer_store (f->store), zhang, &error));
  g_assert_no_error (error);
  g_assert_cmpint (crm_test_file_int (f->path, "SELECT count(*) FROM customer_phone"
                                               " WHERE number = '13900000007' AND live"), ==, 0);
  g_assert_true (crm_test_file_try_exec (f->path, sql, &message));
  g_assert_false (crm_customer_store_restore (crm_store_get_customer_store (f->store), zhang, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_DUPLICATE);
  g_clear_error (&error);

  /* Free it again: the restore takes the number back in the index */
  g_assert_true (crm_test_file_try_exec (f->path, "DELETE FROM customer_phone WHERE position = 1", &message));
  g_assert_true (crm_customer_store_restore (crm_store_get_customer_store (f->store), zhang, &error));
  g_assert_no_error (error);
  g_assert_cmpint (crm_test_file_int (f->path, "SELECT count(*) FROM customer_phone"
                                               " WHERE number = '13900000007' AND live"), ==, 1);
}

/* ------------------------------------------------------------------------
 * Two people, one customer
 * ------------------------------------------------------------------------ */

static gboolean
save (CrmStore     *store,
      CrmCustomer  *customer,
      GError      **error)
{
  return crm_customer_store_update (crm_store_get_customer_store (store), customer, error);
}

/* Two desktops (two stores) edit one customer: a save made against what
 * another desktop changed since is refused, the fields only one side
 * changed merge silently, a field both changed is a conflict, and nothing
 * is ever overwritten unseen */
static void
test_customer_conflict (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(CrmClock) clock = crm_clock_new_fixed (crm_test_now ());
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmStore) other = crm_store_open (f->path, clock, &error);
  gint64 id = crm_test_add_customer (f->store, "郑芳", "13800138000", NULL);
  g_autoptr(CrmCustomer) base = NULL;
  g_autoptr(CrmCustomer) mine = NULL;
  g_autoptr(CrmCustomer) theirs = NULL;
  g_autoptr(CrmCustomer) now = NULL;
  g_autoptr(CrmCustomer) merged = NULL;
  g_autoptr(GArray) conflicts = g_array_new (FALSE, FALSE, sizeof (CrmCustomerField));

  g_assert_no_error (error);
  base = crm_test_get_customer (f->store, id);
  g_assert_cmpint (crm_customer_get_version (base), ==, 1);
  mine = crm_customer_copy (base);

  /* The other desktop (李娜) changes the city and the notes */
  theirs = crm_test_get_customer (other, id);
  crm_customer_set_city (theirs, "佛山");
  crm_customer_set_notes (theirs, "周末来店");
  crm_customer_set_updated_by (theirs, f->sales1);
  g_assert_true (save (other, theirs, &error));
  g_assert_no_error (error);
  g_assert_cmpint (crm_customer_get_version (theirs), ==, 2);

  /* This desktop changes the budget and the notes, from the old version */
  crm_customer_set_budget_max (mine, 25000000);
  crm_customer_set_notes (mine, "要白色");
  crm_customer_set_updated_by (mine, f->sales2);
  g_assert_false (save (f->store, mine, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_CONFLICT);
  g_clear_error (&error);
  /* Nothing of the stale save was written */
  g_clear_object (&now);
  now = crm_test_get_customer (f->store, id);
  g_assert_cmpstr (crm_customer_get_notes (now), ==, "周末来店");
  g_assert_cmpint (crm_customer_get_budget_max (now), ==, 0);
  g_assert_cmpint (crm_customer_get_updated_by (now), ==, f->sales1);

  /* Merged: the city is theirs, the budget mine, the notes a conflict */
  merged = crm_customer_merge (base, mine, now, conflicts);
  g_assert_cmpuint (conflicts->len, ==, 1);
  g_assert_cmpint (g_array_index (conflicts, CrmCustomerField, 0), ==, CRM_CUSTOMER_FIELD_NOTES);
  g_assert_cmpstr (crm_customer_get_city (merged), ==, "佛山");
  g_assert_cmpint (crm_customer_get_budget_max (merged), ==, 25000000);
  g_assert_cmpstr (crm_customer_get_notes (merged), ==, "周末来店");
  g_assert_cmpint (crm_customer_get_version (merged), ==, 2);

  /* The person chose their own notes: saved over version 2 */
  crm_customer_field_copy (merged, mine, CRM_CUSTOMER_FIELD_NOTES);
  g_assert_true (save (f->store, merged, &error));
  g_assert_no_error (error);
  g_assert_cmpint (crm_customer_get_version (merged), ==, 3);
  g_clear_object (&now);
  now = crm_test_get_customer (other, id);
  g_assert_cmpstr (crm_customer_get_city (now), ==, "佛山");
  g_assert_cmpstr (crm_customer_get_notes (now), ==, "要白色");
  g_assert_cmpint (crm_customer_get_budget_max (now), ==, 25000000);
  g_assert_cmpint (crm_customer_get_updated_by (now), ==, f->sales2);

  /* The same change on both sides is no conflict */
  g_array_set_size (conflicts, 0);
  {
    g_autoptr(CrmCustomer) a = crm_customer_copy (now);
    g_autoptr(CrmCustomer) b = crm_customer_copy (now);
    g_autoptr(CrmCustomer) m = NULL;

    crm_customer_set_grade (a, CRM_GRADE_H);
    crm_customer_set_grade (b, CRM_GRADE_H);
    m = crm_customer_merge (now, a, b, conflicts);
    g_assert_cmpuint (conflicts->len, ==, 0);
    g_assert_cmpint (crm_customer_get_grade (m), ==, CRM_GRADE_H);
  }

  /* A caller that does not say which version it read (an import's
   * merge) is not checked */
  {
    g_autoptr(CrmCustomer) blind = crm_test_get_customer (f->store, id);

    crm_customer_set_version (blind, 0);
    crm_customer_set_city (blind, "广州");
    g_assert_true (save (f->store, blind, &error));
    g_assert_no_error (error);
    g_assert_cmpint (crm_customer_get_version (blind), ==, 4);
  }
}

/* ------------------------------------------------------------------------ */

int
main (int   argc,
      char *argv[])
{
  crm_test_init (&argc, &argv);

#define ADD(path, setup, func) \
  g_test_add (path, Fixture, NULL, setup, func, crm_test_teardown)

  ADD ("/store/showroom/setup", crm_test_setup_empty_store, test_setup_showroom);
  ADD ("/store/staff", crm_test_setup_showroom, test_staff);
  ADD ("/store/customer/round-trip", crm_test_setup_showroom, test_customer_round_trip);
  ADD ("/store/customer/phone-typed-twice", crm_test_setup_showroom, test_customer_phone_typed_twice);
  ADD ("/store/customer/update-delete-restore", crm_test_setup_showroom, test_customer_update_delete_restore);
  ADD ("/store/customer/invalid", crm_test_setup_showroom, test_customer_invalid);
  ADD ("/store/customer/duplicate-phone", crm_test_setup_showroom, test_customer_duplicate_phone);
  ADD ("/store/customer/restore-taken-number", crm_test_setup_showroom, test_customer_restore_taken_number);
  ADD ("/store/customer/conflict", crm_test_setup_showroom, test_customer_conflict);
  ADD ("/store/customer/phone-race", crm_test_setup_showroom, test_customer_phone_race);
  ADD ("/store/staff/pinyin-order", crm_test_setup_showroom, test_staff_pinyin_order);
#undef ADD

  return g_test_run ();
}
