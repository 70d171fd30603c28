/* test-model.c: the model objects and the enum vocabulary
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib-object.h>

#include "crm-activity.h"
#include "crm-clock.h"
#include "crm-customer.h"
#include "crm-deal.h"
#include "crm-model-enum-types.h"
#include "crm-enums.h"
#include "crm-staff.h"
#include "crm-test-util.h"
#include "crm-vehicle-model.h"

/* ------------------------------------------------------------------------
 * Helpers
 * ------------------------------------------------------------------------ */

static const char * const empty_strv[] = { NULL };

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  guint *count = user_data;

  (*count)++;
}

/* Runs the statement(s) in "..." and checks that "notify::PROP" was emitted
 * N_PROP times and that N_TOTAL notifications were emitted in all, so a
 * setter can neither miss its own signal nor emit a stray one. PROP must be
 * a string literal. */
#define assert_notifies(obj, prop, n_prop, n_total, ...)                    \
  G_STMT_START {                                                            \
    guint n_prop_seen_ = 0;                                                 \
    guint n_total_seen_ = 0;                                                \
    gulong prop_handler_ =                                                  \
      g_signal_connect ((obj), "notify::" prop,                             \
                        G_CALLBACK (count_notify_cb), &n_prop_seen_);       \
    gulong total_handler_ =                                                 \
      g_signal_connect ((obj), "notify",                                    \
                        G_CALLBACK (count_notify_cb), &n_total_seen_);      \
    __VA_ARGS__;                                                            \
    g_signal_handler_disconnect ((obj), prop_handler_);                     \
    g_signal_handler_disconnect ((obj), total_handler_);                    \
    g_assert_cmpuint (n_prop_seen_, ==, (n_prop));                          \
    g_assert_cmpuint (n_total_seen_, ==, (n_total));                        \
  } G_STMT_END

/* A gint64 property: VALUE must differ from the current value and from
 * VALUE + 1; the property is left at VALUE. */
#define check_int64_prop(obj, prop, getter, setter, value)                  \
  G_STMT_START {                                                            \
    gint64 got_ = -1;                                                       \
    assert_notifies (obj, prop, 1, 1, setter (obj, (value)));               \
    g_assert_cmpint (getter (obj), ==, (value));                            \
    assert_notifies (obj, prop, 0, 0, setter (obj, (value)));               \
    g_object_get (obj, prop, &got_, NULL);                                  \
    g_assert_cmpint (got_, ==, (value));                                    \
    assert_notifies (obj, prop, 0, 0,                                       \
                     g_object_set (obj, prop, (gint64) (value), NULL));     \
    assert_notifies (obj, prop, 1, 1,                                       \
                     g_object_set (obj, prop, (gint64) (value) + 1, NULL)); \
    g_assert_cmpint (getter (obj), ==, (value) + 1);                        \
    assert_notifies (obj, prop, 1, 1, setter (obj, (value)));               \
    g_assert_cmpint (getter (obj), ==, (value));                            \
  } G_STMT_END

/* An enum property: VALUE must differ from the current value, OTHER from
 * VALUE; the property is left at VALUE. */
#define check_enum_prop(obj, prop, getter, setter, value, other)            \
  G_STMT_START {                                                            \
    int got_ = -1;                                                          \
    assert_notifies (obj, prop, 1, 1, setter (obj, (value)));               \
    g_assert_cmpint (getter (obj), ==, (value));                            \
    assert_notifies (obj, prop, 0, 0, setter (obj, (value)));               \
    g_object_get (obj, prop, &got_, NULL);                                  \
    g_assert_cmpint (got_, ==, (value));                                    \
    assert_notifies (obj, prop, 0, 0,                                       \
                     g_object_set (obj, prop, (value), NULL));              \
    assert_notifies (obj, prop, 1, 1,                                       \
                     g_object_set (obj, prop, (other), NULL));              \
    g_assert_cmpint (getter (obj), ==, (other));                            \
    assert_notifies (obj, prop, 1, 1, setter (obj, (value)));               \
    g_assert_cmpint (getter (obj), ==, (value));                            \
  } G_STMT_END

/* A string property starting at NULL, where "" is a value of its own.
 * VALUE and OTHER are distinct non-empty strings; left at VALUE. */
#define check_string_prop(obj, prop, getter, setter, value, other)          \
  G_STMT_START {                                                            \
    g_autofree char *same_ = g_strdup (value);                              \
    g_autofree char *got_ = NULL;                                           \
    g_assert_null (getter (obj));                                           \
    assert_notifies (obj, prop, 1, 1, setter (obj, (value)));               \
    g_assert_cmpstr (getter (obj), ==, (value));                            \
    assert_notifies (obj, prop, 0, 0, setter (obj, (value)));               \
    /* equal text in another buffer is the same value */                   \
    assert_notifies (obj, prop, 0, 0, setter (obj, same_));                 \
    g_object_get (obj, prop, &got_, NULL);                                  \
    g_assert_cmpstr (got_, ==, (value));                                    \
    assert_notifies (obj, prop, 0, 0,                                       \
                     g_object_set (obj, prop, (value), NULL));              \
    assert_notifies (obj, prop, 1, 1,                                       \
                     g_object_set (obj, prop, (other), NULL));              \
    g_assert_cmpstr (getter (obj), ==, (other));                            \
    assert_notifies (obj, prop, 1, 1, setter (obj, NULL));                  \
    g_assert_null (getter (obj));                                           \
    assert_notifies (obj, prop, 0, 0, setter (obj, NULL));                  \
    assert_notifies (obj, prop, 1, 1, setter (obj, ""));                    \
    g_assert_cmpstr (getter (obj), ==, "");                                 \
    assert_notifies (obj, prop, 0, 0, setter (obj, ""));                    \
    assert_notifies (obj, prop, 1, 1, setter (obj, (value)));               \
    g_assert_cmpstr (getter (obj), ==, (value));                            \
  } G_STMT_END

/* An optional string property starting at NULL, where "" means NULL.
 * VALUE and OTHER are distinct non-empty strings; left at VALUE. */
#define check_optional_string_prop(obj, prop, getter, setter, value, other) \
  G_STMT_START {                                                            \
    g_autofree char *same_ = g_strdup (value);                              \
    g_autofree char *got_ = NULL;                                           \
    g_assert_null (getter (obj));                                           \
    assert_notifies (obj, prop, 0, 0, setter (obj, ""));                    \
    g_assert_null (getter (obj));                                           \
    assert_notifies (obj, prop, 0, 0, g_object_set (obj, prop, "", NULL));  \
    g_assert_null (getter (obj));                                           \
    assert_notifies (obj, prop, 1, 1, setter (obj, (value)));               \
    g_assert_cmpstr (getter (obj), ==, (value));                            \
    assert_notifies (obj, prop, 0, 0, setter (obj, (value)));               \
    assert_notifies (obj, prop, 0, 0, setter (obj, same_));                 \
    g_object_get (obj, prop, &got_, NULL);                                  \
    g_assert_cmpstr (got_, ==, (value));                                    \
    assert_notifies (obj, prop, 0, 0,                                       \
                     g_object_set (obj, prop, (value), NULL));              \
    assert_notifies (obj, prop, 1, 1,                                       \
                     g_object_set (obj, prop, (other), NULL));              \
    g_assert_cmpstr (getter (obj), ==, (other));                            \
    assert_notifies (obj, prop, 1, 1, setter (obj, ""));                    \
    g_assert_null (getter (obj));                                           \
    assert_notifies (obj, prop, 0, 0, setter (obj, NULL));                  \
    assert_notifies (obj, prop, 1, 1, setter (obj, (value)));               \
    g_assert_cmpstr (getter (obj), ==, (value));                            \
  } G_STMT_END

static gboolean
values_equal (GParamSpec   *pspec,
              const GValue *a,
              const GValue *b)
{
  GType type = G_PARAM_SPEC_VALUE_TYPE (pspec);

  /* A NULL list and an empty list are the same list. */
  if (type == G_TYPE_STRV)
    {
      const char * const *sa = g_value_get_boxed (a);
      const char * const *sb = g_value_get_boxed (b);

      return g_strv_equal (sa ? sa : empty_strv, sb ? sb : empty_strv);
    }

  if (type == G_TYPE_VARIANT)
    {
      GVariant *va = g_value_get_variant (a);
      GVariant *vb = g_value_get_variant (b);

      /* "model-ids" advertises a NULL default but holds an empty array */
      if (va == NULL || vb == NULL)
        {
          GVariant *other = va != NULL ? va : vb;

          return other == NULL ||
                 (g_variant_is_container (other) && g_variant_n_children (other) == 0);
        }

      return g_variant_equal (va, vb);
    }

  return g_param_values_cmp (pspec, a, b) == 0;
}

static gboolean
property_is_default (GObject    *object,
                     GParamSpec *pspec)
{
  g_auto(GValue) value = G_VALUE_INIT;
  g_auto(GValue) default_value = G_VALUE_INIT;

  g_value_init (&value, G_PARAM_SPEC_VALUE_TYPE (pspec));
  g_value_init (&default_value, G_PARAM_SPEC_VALUE_TYPE (pspec));
  g_object_get_property (object, pspec->name, &value);
  g_param_value_set_default (pspec, &default_value);

  return values_equal (pspec, &value, &default_value);
}

/* A new object must show the defaults its GParamSpecs advertise. */
static void
assert_all_defaults (gpointer object)
{
  g_autofree GParamSpec **pspecs = NULL;
  guint n_pspecs;

  pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (object), &n_pspecs);
  g_assert_cmpuint (n_pspecs, >, 0);

  for (guint i = 0; i < n_pspecs; i++)
    {
      g_test_message ("default of %s:%s", G_OBJECT_TYPE_NAME (object), pspecs[i]->name);
      g_assert_true (property_is_default (object, pspecs[i]));
    }
}

/* Called at the end of a property test: every writable property must have
 * been moved off its default, so a property added to a class but forgotten
 * by its test fails here. */
static void
assert_no_writable_defaults (gpointer object)
{
  g_autofree GParamSpec **pspecs = NULL;
  guint n_pspecs;

  pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (object), &n_pspecs);

  for (guint i = 0; i < n_pspecs; i++)
    {
      if ((pspecs[i]->flags & G_PARAM_WRITABLE) == 0)
        continue;

      g_test_message ("%s:%s was tested", G_OBJECT_TYPE_NAME (object), pspecs[i]->name);
      g_assert_false (property_is_default (object, pspecs[i]));
    }
}

/* Every property of @a and @b holds equal values. */
static void
assert_same_properties (gpointer a,
                        gpointer b)
{
  g_autofree GParamSpec **pspecs = NULL;
  guint n_pspecs;

  crm_test_assert_type (G_OBJECT_TYPE (a), G_OBJECT_TYPE (b));

  pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (a), &n_pspecs);

  for (guint i = 0; i < n_pspecs; i++)
    {
      g_auto(GValue) va = G_VALUE_INIT;
      g_auto(GValue) vb = G_VALUE_INIT;

      g_value_init (&va, G_PARAM_SPEC_VALUE_TYPE (pspecs[i]));
      g_value_init (&vb, G_PARAM_SPEC_VALUE_TYPE (pspecs[i]));
      g_object_get_property (a, pspecs[i]->name, &va);
      g_object_get_property (b, pspecs[i]->name, &vb);

      g_test_message ("comparing %s", pspecs[i]->name);
      g_assert_true (values_equal (pspecs[i], &va, &vb));
    }
}

static GVariant *
make_ids (guint n_ids,
          ...)
{
  GVariantBuilder builder;
  va_list args;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("ax"));

  va_start (args, n_ids);
  for (guint i = 0; i < n_ids; i++)
    g_variant_builder_add (&builder, "x", va_arg (args, gint64));
  va_end (args);

  return g_variant_builder_end (&builder);
}

static void
assert_ids (GVariant *ids,
            guint     n_ids,
            ...)
{
  va_list args;

  g_assert_nonnull (ids);
  g_assert_true (g_variant_is_of_type (ids, G_VARIANT_TYPE ("ax")));
  g_assert_cmpuint (g_variant_n_children (ids), ==, n_ids);

  va_start (args, n_ids);
  for (guint i = 0; i < n_ids; i++)
    {
      gint64 id;

      g_variant_get_child (ids, i, "x", &id);
      g_assert_cmpint (id, ==, va_arg (args, gint64));
    }
  va_end (args);
}

/* ------------------------------------------------------------------------
 * CrmClock
 * ------------------------------------------------------------------------ */

static void
test_clock_real (void)
{
  CrmClock *clock = crm_clock_new ();
  gint64 before, now, after, prop = 0;

  g_assert_false (crm_clock_is_fixed (clock));

  before = g_get_real_time () / G_USEC_PER_SEC;
  now = crm_clock_get_now (clock);
  g_object_get (clock, "now", &prop, NULL);
  after = g_get_real_time () / G_USEC_PER_SEC;

  g_assert_cmpint (now, >=, before);
  g_assert_cmpint (now, <=, after);
  g_assert_cmpint (prop, >=, now);
  g_assert_cmpint (prop, <=, after);
  /* Later than 2023-01-01: a clock returning milliseconds or 0 would not */
  g_assert_cmpint (now, >, 1672531200);
  g_assert_cmpint (now, <, G_GINT64_CONSTANT (32503680000));

  g_assert_finalize_object (clock);
}

static void
test_clock_real_cannot_be_set (void)
{
  if (g_test_subprocess ())
    {
      CrmClock *clock = crm_clock_new ();

      crm_clock_set_now (clock, 0);
      g_assert_not_reached ();
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*CRITICAL*crm_clock_set_now*fixed*");
}

static void
test_clock_real_cannot_advance (void)
{
  if (g_test_subprocess ())
    {
      CrmClock *clock = crm_clock_new ();

      crm_clock_advance (clock, 60);
      g_assert_not_reached ();
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*CRITICAL*crm_clock_advance*fixed*");
}

static void
test_clock_fixed_notify (void)
{
  const gint64 t0 = 1700000000;  /* 2023-11-14 22:13:20 UTC */
  CrmClock *clock = crm_clock_new_fixed (t0);
  gint64 prop = 0;

  g_assert_true (crm_clock_is_fixed (clock));
  g_assert_cmpint (crm_clock_get_now (clock), ==, t0);
  g_object_get (clock, "now", &prop, NULL);
  g_assert_cmpint (prop, ==, t0);

  /* it stands still */
  g_usleep (G_USEC_PER_SEC / 100);
  g_assert_cmpint (crm_clock_get_now (clock), ==, t0);

  assert_notifies (clock, "now", 0, 0, crm_clock_set_now (clock, t0));
  assert_notifies (clock, "now", 1, 1, crm_clock_set_now (clock, t0 + 3600));
  g_assert_cmpint (crm_clock_get_now (clock), ==, t0 + 3600);
  assert_notifies (clock, "now", 0, 0, crm_clock_set_now (clock, t0 + 3600));

  assert_notifies (clock, "now", 0, 0, crm_clock_advance (clock, 0));
  assert_notifies (clock, "now", 1, 1, crm_clock_advance (clock, 86400));
  g_assert_cmpint (crm_clock_get_now (clock), ==, t0 + 3600 + 86400);
  assert_notifies (clock, "now", 1, 1, crm_clock_advance (clock, -86400));
  g_assert_cmpint (crm_clock_get_now (clock), ==, t0 + 3600);

  g_object_get (clock, "now", &prop, NULL);
  g_assert_cmpint (prop, ==, t0 + 3600);

  /* 0 is a time like any other for a fixed clock */
  assert_notifies (clock, "now", 1, 1, crm_clock_set_now (clock, 0));
  g_assert_cmpint (crm_clock_get_now (clock), ==, 0);
  g_assert_true (crm_clock_is_fixed (clock));

  g_assert_finalize_object (clock);
}

/* ------------------------------------------------------------------------
 * CrmStaff
 * ------------------------------------------------------------------------ */

static void
test_staff_defaults (void)
{
  CrmStaff *staff = crm_staff_new ();

  g_assert_cmpint (crm_staff_get_id (staff), ==, 0);
  g_assert_null (crm_staff_get_name (staff));
  g_assert_cmpint (crm_staff_get_role (staff), ==, CRM_ROLE_SALES);
  g_assert_true (crm_staff_get_active (staff));
  assert_all_defaults (staff);

  g_assert_finalize_object (staff);
}

static void
test_staff_notify (void)
{
  CrmStaff *staff = crm_staff_new ();
  gboolean active = TRUE;

  check_int64_prop (staff, "id", crm_staff_get_id, crm_staff_set_id, 42);
  check_string_prop (staff, "name", crm_staff_get_name, crm_staff_set_name,
                     "王芳", "Li Lei");
  check_enum_prop (staff, "role", crm_staff_get_role, crm_staff_set_role,
                   CRM_ROLE_MANAGER, CRM_ROLE_RECEPTION);

  assert_notifies (staff, "active", 1, 1, crm_staff_set_active (staff, FALSE));
  g_assert_false (crm_staff_get_active (staff));
  assert_notifies (staff, "active", 0, 0, crm_staff_set_active (staff, FALSE));
  g_object_get (staff, "active", &active, NULL);
  g_assert_false (active);
  assert_notifies (staff, "active", 0, 0, g_object_set (staff, "active", FALSE, NULL));
  assert_notifies (staff, "active", 1, 1, g_object_set (staff, "active", TRUE, NULL));
  g_assert_true (crm_staff_get_active (staff));
  /* any true value is the same TRUE */
  assert_notifies (staff, "active", 0, 0, crm_staff_set_active (staff, 2));
  g_assert_cmpint (crm_staff_get_active (staff), ==, TRUE);
  assert_notifies (staff, "active", 1, 1, crm_staff_set_active (staff, FALSE));

  assert_no_writable_defaults (staff);

  g_assert_finalize_object (staff);
}

/* ------------------------------------------------------------------------
 * CrmVehicleModel
 * ------------------------------------------------------------------------ */

static void
assert_vehicle_name (CrmVehicleModel *model,
                     const char      *expected)
{
  g_autofree char *name = crm_vehicle_model_dup_name (model);
  g_autofree char *prop = NULL;

  g_object_get (model, "name", &prop, NULL);
  g_assert_cmpstr (name, ==, expected);
  g_assert_cmpstr (prop, ==, expected);
}

static void
test_vehicle_model_defaults (void)
{
  CrmVehicleModel *model = crm_vehicle_model_new ();

  g_assert_cmpint (crm_vehicle_model_get_id (model), ==, 0);
  g_assert_null (crm_vehicle_model_get_brand (model));
  g_assert_null (crm_vehicle_model_get_series (model));
  g_assert_null (crm_vehicle_model_get_trim (model));
  g_assert_cmpint (crm_vehicle_model_get_guide_price (model), ==, 0);
  assert_vehicle_name (model, "");
  assert_all_defaults (model);

  g_assert_finalize_object (model);
}

static void
test_vehicle_model_notify (void)
{
  CrmVehicleModel *model = crm_vehicle_model_new ();
  g_autofree char *series = NULL;
  g_autofree char *trim = NULL;

  check_int64_prop (model, "id", crm_vehicle_model_get_id,
                    crm_vehicle_model_set_id, 7);
  check_string_prop (model, "brand", crm_vehicle_model_get_brand,
                     crm_vehicle_model_set_brand, "比亚迪", "Volkswagen");
  check_int64_prop (model, "guide-price", crm_vehicle_model_get_guide_price,
                    crm_vehicle_model_set_guide_price,
                    G_GINT64_CONSTANT (17980000));  /* ¥179,800.00 */

  /* brand and price are not part of the name */
  assert_vehicle_name (model, "");

  /* series and trim notify themselves and "name" */
  assert_notifies (model, "series", 1, 2,
                   crm_vehicle_model_set_series (model, "汉 EV"));
  g_assert_cmpstr (crm_vehicle_model_get_series (model), ==, "汉 EV");
  assert_notifies (model, "series", 0, 0,
                   crm_vehicle_model_set_series (model, "汉 EV"));
  assert_notifies (model, "series", 0, 0,
                   g_object_set (model, "series", "汉 EV", NULL));
  g_object_get (model, "series", &series, NULL);
  g_assert_cmpstr (series, ==, "汉 EV");

  assert_notifies (model, "trim", 1, 2,
                   crm_vehicle_model_set_trim (model, "荣耀版 605km"));
  g_assert_cmpstr (crm_vehicle_model_get_trim (model), ==, "荣耀版 605km");
  assert_notifies (model, "trim", 0, 0,
                   crm_vehicle_model_set_trim (model, "荣耀版 605km"));
  assert_notifies (model, "trim", 0, 0,
                   g_object_set (model, "trim", "荣耀版 605km", NULL));
  g_object_get (model, "trim", &trim, NULL);
  g_assert_cmpstr (trim, ==, "荣耀版 605km");

  assert_notifies (model, "series", 1, 2,
                   g_object_set (model, "series", "Han EV", NULL));
  assert_notifies (model, "trim", 1, 2,
                   g_object_set (model, "trim", "Honor 605km", NULL));
  g_assert_cmpstr (crm_vehicle_model_get_series (model), ==, "Han EV");
  g_assert_cmpstr (crm_vehicle_model_get_trim (model), ==, "Honor 605km");
  assert_vehicle_name (model, "Han EV Honor 605km");

  assert_notifies (model, "name", 0, 1,
                   crm_vehicle_model_set_brand (model, "BYD"));
  assert_notifies (model, "name", 0, 1,
                   crm_vehicle_model_set_guide_price (model, 1));
  assert_notifies (model, "name", 0, 1,
                   crm_vehicle_model_set_id (model, 8));

  assert_no_writable_defaults (model);

  g_assert_finalize_object (model);
}

static void
test_vehicle_model_name (void)
{
  CrmVehicleModel *model = crm_vehicle_model_new ();

  assert_notifies (model, "name", 1, 2,
                   crm_vehicle_model_set_series (model, "Model Y"));
  assert_vehicle_name (model, "Model Y");

  assert_notifies (model, "name", 1, 2,
                   crm_vehicle_model_set_trim (model, "Long Range"));
  assert_vehicle_name (model, "Model Y Long Range");

  /* an empty trim leaves the series alone, with no trailing space */
  assert_notifies (model, "name", 1, 2,
                   crm_vehicle_model_set_trim (model, ""));
  assert_vehicle_name (model, "Model Y");

  /* "" and NULL trims give the same name: "trim" changes, "name" does not */
  assert_notifies (model, "name", 0, 1,
                   crm_vehicle_model_set_trim (model, NULL));
  assert_vehicle_name (model, "Model Y");

  assert_notifies (model, "name", 1, 2,
                   crm_vehicle_model_set_trim (model, "Performance"));
  assert_notifies (model, "name", 1, 2,
                   crm_vehicle_model_set_series (model, NULL));
  assert_vehicle_name (model, "Performance");

  assert_notifies (model, "name", 1, 2,
                   crm_vehicle_model_set_trim (model, NULL));
  assert_vehicle_name (model, "");

  g_assert_finalize_object (model);
}

/* ------------------------------------------------------------------------
 * CrmCustomer
 * ------------------------------------------------------------------------ */

static void
test_customer_defaults (void)
{
  CrmCustomer *customer = crm_customer_new ();
  GVariant *ids;

  g_assert_cmpint (crm_customer_get_id (customer), ==, 0);
  g_assert_null (crm_customer_get_name (customer));
  g_assert_nonnull (crm_customer_get_phones (customer));
  g_assert_null (crm_customer_get_phones (customer)[0]);
  g_assert_null (crm_customer_get_phone (customer));
  g_assert_cmpint (crm_customer_get_gender (customer), ==, CRM_GENDER_UNKNOWN);
  g_assert_cmpint (crm_customer_get_channel (customer), ==, CRM_CHANNEL_UNKNOWN);
  g_assert_cmpint (crm_customer_get_grade (customer), ==, CRM_GRADE_N);
  g_assert_cmpint (crm_customer_get_timeframe (customer), ==, CRM_TIMEFRAME_UNKNOWN);
  g_assert_nonnull (crm_customer_get_tags (customer));
  g_assert_null (crm_customer_get_tags (customer)[0]);
  ids = crm_customer_get_model_ids (customer);
  assert_ids (ids, 0);
  g_assert_false (g_variant_is_floating (ids));
  g_assert_cmpint (crm_customer_get_owner_id (customer), ==, 0);
  g_assert_cmpint (crm_customer_get_last_contact_at (customer), ==, 0);
  g_assert_cmpint (crm_customer_get_next_followup_at (customer), ==, 0);
  assert_all_defaults (customer);

  g_assert_finalize_object (customer);
}

static void
check_customer_tags (CrmCustomer *customer)
{
  const char *tags[] = { "SUV", "新能源", NULL };
  const char *same[] = { "SUV", "新能源", NULL };
  const char *reordered[] = { "新能源", "SUV", NULL };
  g_auto(GStrv) got = NULL;

  assert_notifies (customer, "tags", 1, 1, crm_customer_set_tags (customer, tags));
  crm_test_assert_strv_equal (crm_customer_get_tags (customer), tags);
  /* the list was copied, not kept */
  crm_test_assert_cmpptr (crm_customer_get_tags (customer), !=, tags);
  assert_notifies (customer, "tags", 0, 0, crm_customer_set_tags (customer, tags));
  assert_notifies (customer, "tags", 0, 0, crm_customer_set_tags (customer, same));
  assert_notifies (customer, "tags", 0, 0,
                   g_object_set (customer, "tags", same, NULL));
  g_object_get (customer, "tags", &got, NULL);
  crm_test_assert_strv_equal ((const char * const *) got, tags);

  /* order matters */
  assert_notifies (customer, "tags", 1, 1,
                   g_object_set (customer, "tags", reordered, NULL));
  crm_test_assert_strv_equal (crm_customer_get_tags (customer), reordered);

  /* NULL and empty are the same list, and the getter never returns NULL */
  assert_notifies (customer, "tags", 1, 1, crm_customer_set_tags (customer, NULL));
  g_assert_nonnull (crm_customer_get_tags (customer));
  g_assert_cmpuint (g_strv_length ((GStrv) crm_customer_get_tags (customer)), ==, 0);
  assert_notifies (customer, "tags", 0, 0, crm_customer_set_tags (customer, empty_strv));
  assert_notifies (customer, "tags", 0, 0, crm_customer_set_tags (customer, NULL));
  assert_notifies (customer, "tags", 0, 0,
                   g_object_set (customer, "tags", NULL, NULL));

  assert_notifies (customer, "tags", 1, 1, crm_customer_set_tags (customer, tags));
}

static void
check_customer_model_ids (CrmCustomer *customer)
{
  g_autoptr(GVariant) held = NULL;
  g_autoptr(GVariant) got = NULL;

  /* a floating value is sunk and kept */
  assert_notifies (customer, "model-ids", 1, 1,
                   crm_customer_set_model_ids (customer, make_ids (2, (gint64) 3, (gint64) 5)));
  assert_ids (crm_customer_get_model_ids (customer), 2, (gint64) 3, (gint64) 5);
  g_assert_false (g_variant_is_floating (crm_customer_get_model_ids (customer)));

  /* an equal floating value is consumed without a notify */
  assert_notifies (customer, "model-ids", 0, 0,
                   crm_customer_set_model_ids (customer, make_ids (2, (gint64) 3, (gint64) 5)));

  /* a value the caller holds stays the caller's */
  held = g_variant_ref_sink (make_ids (2, (gint64) 3, (gint64) 5));
  assert_notifies (customer, "model-ids", 0, 0,
                   crm_customer_set_model_ids (customer, held));
  assert_notifies (customer, "model-ids", 0, 0,
                   g_object_set (customer, "model-ids", held, NULL));
  assert_ids (held, 2, (gint64) 3, (gint64) 5);

  g_object_get (customer, "model-ids", &got, NULL);
  assert_ids (got, 2, (gint64) 3, (gint64) 5);
  g_clear_pointer (&got, g_variant_unref);

  /* order matters */
  assert_notifies (customer, "model-ids", 1, 1,
                   g_object_set (customer, "model-ids",
                                 make_ids (2, (gint64) 5, (gint64) 3), NULL));
  assert_ids (crm_customer_get_model_ids (customer), 2, (gint64) 5, (gint64) 3);

  /* NULL becomes an empty array, equal to an empty array */
  assert_notifies (customer, "model-ids", 1, 1,
                   crm_customer_set_model_ids (customer, NULL));
  assert_ids (crm_customer_get_model_ids (customer), 0);
  assert_notifies (customer, "model-ids", 0, 0,
                   crm_customer_set_model_ids (customer, make_ids (0)));
  assert_notifies (customer, "model-ids", 0, 0,
                   crm_customer_set_model_ids (customer, NULL));
  assert_notifies (customer, "model-ids", 0, 0,
                   g_object_set (customer, "model-ids", NULL, NULL));
  assert_ids (crm_customer_get_model_ids (customer), 0);

  assert_notifies (customer, "model-ids", 1, 1,
                   crm_customer_set_model_ids (customer, held));
  crm_test_assert_cmpptr (crm_customer_get_model_ids (customer), ==, held);
}

static void
test_customer_notify (void)
{
  CrmCustomer *customer = crm_customer_new ();
  const char *phones[] = { "13800138000", NULL };

  check_int64_prop (customer, "id", crm_customer_get_id, crm_customer_set_id, 1001);
  check_string_prop (customer, "name", crm_customer_get_name,
                     crm_customer_set_name, "张伟", "Zhang Wei");

  assert_notifies (customer, "phones", 1, 2, crm_customer_set_phones (customer, phones));
  assert_notifies (customer, "phones", 0, 0, crm_customer_set_phones (customer, phones));

  check_optional_string_prop (customer, "wechat", crm_customer_get_wechat,
                              crm_customer_set_wechat, "zhangwei_88", "wxid_abc");
  check_enum_prop (customer, "gender", crm_customer_get_gender,
                   crm_customer_set_gender, CRM_GENDER_MALE, CRM_GENDER_FEMALE);
  check_optional_string_prop (customer, "city", crm_customer_get_city,
                              crm_customer_set_city, "杭州", "Ningbo");
  check_enum_prop (customer, "channel", crm_customer_get_channel,
                   crm_customer_set_channel, CRM_CHANNEL_DONGCHEDI, CRM_CHANNEL_REPEAT);
  check_enum_prop (customer, "grade", crm_customer_get_grade,
                   crm_customer_set_grade, CRM_GRADE_H, CRM_GRADE_C);
  check_int64_prop (customer, "budget-min", crm_customer_get_budget_min,
                    crm_customer_set_budget_min, G_GINT64_CONSTANT (15000000));
  check_int64_prop (customer, "budget-max", crm_customer_get_budget_max,
                    crm_customer_set_budget_max, G_GINT64_CONSTANT (20000000));
  check_enum_prop (customer, "timeframe", crm_customer_get_timeframe,
                   crm_customer_set_timeframe, CRM_TIMEFRAME_FORTNIGHT, CRM_TIMEFRAME_LATER);
  check_customer_tags (customer);
  check_customer_model_ids (customer);
  check_string_prop (customer, "models-label", crm_customer_get_models_label,
                     crm_customer_set_models_label, "汉 EV、宋 PLUS", "Model Y");
  check_int64_prop (customer, "owner-id", crm_customer_get_owner_id,
                    crm_customer_set_owner_id, 3);
  check_string_prop (customer, "owner-name", crm_customer_get_owner_name,
                     crm_customer_set_owner_name, "王芳", "Li Lei");
  check_optional_string_prop (customer, "birthday", crm_customer_get_birthday,
                              crm_customer_set_birthday, "1988-05-20", "1990-01-01");
  check_optional_string_prop (customer, "notes", crm_customer_get_notes,
                              crm_customer_set_notes, "想要白色", "Prefers weekends");
  check_int64_prop (customer, "created-at", crm_customer_get_created_at,
                    crm_customer_set_created_at, 1700000000);
  check_int64_prop (customer, "updated-at", crm_customer_get_updated_at,
                    crm_customer_set_updated_at, 1700003600);
  check_int64_prop (customer, "updated-by", crm_customer_get_updated_by,
                    crm_customer_set_updated_by, 5);
  check_int64_prop (customer, "version", crm_customer_get_version,
                    crm_customer_set_version, 7);
  check_int64_prop (customer, "last-contact-at", crm_customer_get_last_contact_at,
                    crm_customer_set_last_contact_at, 1700007200);
  check_int64_prop (customer, "next-followup-at", crm_customer_get_next_followup_at,
                    crm_customer_set_next_followup_at, 1700090000);

  assert_no_writable_defaults (customer);

  g_assert_finalize_object (customer);
}

static void
assert_phone (CrmCustomer *customer,
              const char  *expected)
{
  g_autofree char *prop = NULL;

  g_object_get (customer, "phone", &prop, NULL);
  g_assert_cmpstr (crm_customer_get_phone (customer), ==, expected);
  g_assert_cmpstr (prop, ==, expected);
}

static void
test_customer_phone (void)
{
  CrmCustomer *customer = crm_customer_new ();
  const char *one[] = { "13800138000", NULL };
  const char *two[] = { "13800138000", "01065529988", NULL };
  const char *swapped[] = { "01065529988", "13800138000", NULL };
  g_auto(GStrv) got = NULL;

  assert_phone (customer, NULL);

  assert_notifies (customer, "phone", 1, 2, crm_customer_set_phones (customer, one));
  assert_phone (customer, "13800138000");
  assert_notifies (customer, "phone", 0, 0, crm_customer_set_phones (customer, one));

  /* a second number leaves the primary one alone */
  assert_notifies (customer, "phone", 0, 1, crm_customer_set_phones (customer, two));
  assert_phone (customer, "13800138000");
  crm_test_assert_strv_equal (crm_customer_get_phones (customer), two);

  /* dropping the second number too */
  assert_notifies (customer, "phone", 0, 1, crm_customer_set_phones (customer, one));
  assert_notifies (customer, "phone", 0, 1, crm_customer_set_phones (customer, two));

  /* a new primary number */
  assert_notifies (customer, "phone", 1, 2,
                   g_object_set (customer, "phones", swapped, NULL));
  assert_phone (customer, "01065529988");
  g_object_get (customer, "phones", &got, NULL);
  crm_test_assert_strv_equal ((const char * const *) got, swapped);

  assert_notifies (customer, "phones", 0, 0,
                   g_object_set (customer, "phones", swapped, NULL));

  /* no numbers at all */
  assert_notifies (customer, "phone", 1, 2, crm_customer_set_phones (customer, NULL));
  assert_phone (customer, NULL);
  g_assert_nonnull (crm_customer_get_phones (customer));
  g_assert_null (crm_customer_get_phones (customer)[0]);
  assert_notifies (customer, "phones", 0, 0, crm_customer_set_phones (customer, empty_strv));

  assert_notifies (customer, "phone", 1, 2, crm_customer_set_phones (customer, swapped));
  assert_notifies (customer, "phone", 1, 2,
                   crm_customer_set_phones (customer, empty_strv));
  assert_phone (customer, NULL);

  g_assert_finalize_object (customer);
}

static CrmCustomer *
make_full_customer (void)
{
  CrmCustomer *customer = crm_customer_new ();
  const char *phones[] = { "13800138000", "01065529988", NULL };
  const char *tags[] = { "SUV", "家用", NULL };

  crm_customer_set_id (customer, 1001);
  crm_customer_set_name (customer, "张伟");
  crm_customer_set_phones (customer, phones);
  crm_customer_set_wechat (customer, "zhangwei_88");
  crm_customer_set_gender (customer, CRM_GENDER_MALE);
  crm_customer_set_city (customer, "杭州");
  crm_customer_set_channel (customer, CRM_CHANNEL_AUTOHOME);
  crm_customer_set_grade (customer, CRM_GRADE_A);
  crm_customer_set_budget_min (customer, 15000000);
  crm_customer_set_budget_max (customer, 20000000);
  crm_customer_set_timeframe (customer, CRM_TIMEFRAME_MONTH);
  crm_customer_set_tags (customer, tags);
  crm_customer_set_model_ids (customer, make_ids (2, (gint64) 4, (gint64) 9));
  crm_customer_set_models_label (customer, "汉 EV、宋 PLUS");
  crm_customer_set_owner_id (customer, 3);
  crm_customer_set_owner_name (customer, "王芳");
  crm_customer_set_birthday (customer, "1988-05-20");
  crm_customer_set_notes (customer, "想要白色");
  crm_customer_set_created_at (customer, 1700000000);
  crm_customer_set_updated_at (customer, 1700003600);
  crm_customer_set_updated_by (customer, 5);
  crm_customer_set_version (customer, 7);
  crm_customer_set_last_contact_at (customer, 1700007200);
  crm_customer_set_next_followup_at (customer, 1700090000);

  return customer;
}

static void
test_customer_copy (void)
{
  CrmCustomer *customer = make_full_customer ();
  CrmCustomer *copy;
  const char *other_phones[] = { "13900139000", NULL };

  /* the copy test only proves something if nothing is left at its default */
  assert_no_writable_defaults (customer);

  copy = crm_customer_copy (customer);
  g_assert_true (CRM_IS_CUSTOMER (copy));
  crm_test_assert_cmpptr (copy, !=, customer);
  assert_same_properties (customer, copy);

  g_assert_cmpint (crm_customer_get_id (copy), ==, 1001);
  g_assert_cmpstr (crm_customer_get_name (copy), ==, "张伟");
  g_assert_cmpstr (crm_customer_get_phone (copy), ==, "13800138000");
  assert_ids (crm_customer_get_model_ids (copy), 2, (gint64) 4, (gint64) 9);
  g_assert_cmpint (crm_customer_get_grade (copy), ==, CRM_GRADE_A);

  /* editing the copy leaves the original alone */
  assert_notifies (customer, "name", 0, 0,
                   crm_customer_set_name (copy, "Zhang Wei");
                   crm_customer_set_phones (copy, other_phones);
                   crm_customer_set_model_ids (copy, NULL);
                   crm_customer_set_grade (copy, CRM_GRADE_C));
  g_assert_cmpstr (crm_customer_get_name (customer), ==, "张伟");
  g_assert_cmpstr (crm_customer_get_phone (customer), ==, "13800138000");
  assert_ids (crm_customer_get_model_ids (customer), 2, (gint64) 4, (gint64) 9);
  g_assert_cmpint (crm_customer_get_grade (customer), ==, CRM_GRADE_A);
  g_assert_cmpstr (crm_customer_get_phone (copy), ==, "13900139000");

  g_assert_finalize_object (copy);
  g_assert_finalize_object (customer);
}

static void
count_notifies_cb (guint *count)
{
  (*count)++;
}

/* A row's placeholder takes the customer read in the background: every
 * value, each change notified once */
static void
test_customer_assign (void)
{
  CrmCustomer *customer = make_full_customer ();
  CrmCustomer *placeholder = crm_customer_new ();
  guint notified = 0;

  crm_customer_set_id (placeholder, crm_customer_get_id (customer));
  g_signal_connect_swapped (placeholder, "notify::name", G_CALLBACK (count_notifies_cb), &notified);
  crm_customer_assign (placeholder, customer);
  assert_same_properties (customer, placeholder);
  g_assert_cmpuint (notified, ==, 1);

  /* Read again unchanged: nothing to notify */
  crm_customer_assign (placeholder, customer);
  g_assert_cmpuint (notified, ==, 1);

  g_assert_finalize_object (placeholder);
  g_assert_finalize_object (customer);
}

static void
test_customer_copy_empty (void)
{
  CrmCustomer *customer = crm_customer_new ();
  CrmCustomer *copy = crm_customer_copy (customer);

  assert_same_properties (customer, copy);
  assert_all_defaults (copy);
  g_assert_nonnull (crm_customer_get_phones (copy));
  g_assert_nonnull (crm_customer_get_tags (copy));
  assert_ids (crm_customer_get_model_ids (copy), 0);

  g_assert_finalize_object (copy);
  g_assert_finalize_object (customer);
}

/* ------------------------------------------------------------------------
 * CrmDeal
 * ------------------------------------------------------------------------ */

static void
test_deal_defaults (void)
{
  CrmDeal *deal = crm_deal_new ();

  g_assert_cmpint (crm_deal_get_id (deal), ==, 0);
  g_assert_cmpint (crm_deal_get_stage (deal), ==, CRM_STAGE_NEW_LEAD);
  g_assert_cmpint (crm_deal_get_lost_reason (deal), ==, CRM_LOST_REASON_NONE);
  g_assert_null (crm_deal_get_model_name (deal));
  g_assert_null (crm_deal_get_lost_note (deal));
  g_assert_cmpint (crm_deal_get_expected_close (deal), ==, 0);
  assert_all_defaults (deal);

  g_assert_finalize_object (deal);
}

static void
test_deal_notify (void)
{
  CrmDeal *deal = crm_deal_new ();

  check_int64_prop (deal, "id", crm_deal_get_id, crm_deal_set_id, 55);
  check_int64_prop (deal, "customer-id", crm_deal_get_customer_id,
                    crm_deal_set_customer_id, 1001);
  check_int64_prop (deal, "model-id", crm_deal_get_model_id,
                    crm_deal_set_model_id, 4);
  check_string_prop (deal, "model-name", crm_deal_get_model_name,
                     crm_deal_set_model_name, "汉 EV 荣耀版", "Model Y");
  check_enum_prop (deal, "stage", crm_deal_get_stage, crm_deal_set_stage,
                   CRM_STAGE_TEST_DRIVE, CRM_STAGE_INVALID);
  check_int64_prop (deal, "stage-entered-at", crm_deal_get_stage_entered_at,
                    crm_deal_set_stage_entered_at, 1700000000);
  check_int64_prop (deal, "expected-close", crm_deal_get_expected_close,
                    crm_deal_set_expected_close, 1702592000);
  check_enum_prop (deal, "lost-reason", crm_deal_get_lost_reason,
                   crm_deal_set_lost_reason, CRM_LOST_REASON_COMPETITOR,
                   CRM_LOST_REASON_OTHER);
  check_optional_string_prop (deal, "lost-note", crm_deal_get_lost_note,
                              crm_deal_set_lost_note, "买了特斯拉", "Too expensive");
  check_int64_prop (deal, "owner-id", crm_deal_get_owner_id,
                    crm_deal_set_owner_id, 3);
  check_int64_prop (deal, "created-at", crm_deal_get_created_at,
                    crm_deal_set_created_at, 1699000000);
  check_int64_prop (deal, "price", crm_deal_get_price,
                    crm_deal_set_price, 18980000);
  check_int64_prop (deal, "guide-price", crm_deal_get_guide_price,
                    crm_deal_set_guide_price, 21980000);
  check_int64_prop (deal, "next-followup-at", crm_deal_get_next_followup_at,
                    crm_deal_set_next_followup_at, 1700086400);
  check_int64_prop (deal, "last-contact-at", crm_deal_get_last_contact_at,
                    crm_deal_set_last_contact_at, 1699900000);
  check_int64_prop (deal, "lost-requested-at", crm_deal_get_lost_requested_at,
                    crm_deal_set_lost_requested_at, 1700050000);
  check_optional_string_prop (deal, "customer-name", crm_deal_get_customer_name,
                              crm_deal_set_customer_name, "张三", "Mary");
  check_optional_string_prop (deal, "owner-name", crm_deal_get_owner_name,
                              crm_deal_set_owner_name, "陈晓峰", "Li Na");
  check_optional_string_prop (deal, "request-comment", crm_deal_get_request_comment,
                              crm_deal_set_request_comment, "请先再联系一次", "Call once more");
  check_enum_prop (deal, "customer-grade", crm_deal_get_customer_grade,
                   crm_deal_set_customer_grade, CRM_GRADE_H, CRM_GRADE_B);

  /* the stage alone does not move the timestamp */
  assert_notifies (deal, "stage", 1, 1,
                   crm_deal_set_stage (deal, CRM_STAGE_ORDERED));
  g_assert_cmpint (crm_deal_get_stage_entered_at (deal), ==, 1700000000);

  assert_no_writable_defaults (deal);

  g_assert_finalize_object (deal);
}

/* ------------------------------------------------------------------------
 * CrmActivity
 * ------------------------------------------------------------------------ */

static void
assert_is_done (CrmActivity *activity,
                gboolean     expected)
{
  gboolean prop = !expected;

  g_object_get (activity, "is-done", &prop, NULL);
  g_assert_cmpint (crm_activity_get_is_done (activity), ==, expected);
  g_assert_cmpint (prop, ==, expected);
}

static void
test_activity_defaults (void)
{
  CrmActivity *activity = crm_activity_new ();

  g_assert_cmpint (crm_activity_get_kind (activity), ==, CRM_ACTIVITY_CALL);
  g_assert_cmpint (crm_activity_get_outcome (activity), ==, CRM_OUTCOME_NONE);
  g_assert_cmpint (crm_activity_get_planned_at (activity), ==, 0);
  g_assert_cmpint (crm_activity_get_done_at (activity), ==, 0);
  g_assert_null (crm_activity_get_note (activity));
  assert_is_done (activity, FALSE);
  assert_all_defaults (activity);

  g_assert_finalize_object (activity);
}

static void
test_activity_notify (void)
{
  CrmActivity *activity = crm_activity_new ();
  gint64 done_at = 0;

  check_int64_prop (activity, "id", crm_activity_get_id, crm_activity_set_id, 9);
  check_int64_prop (activity, "customer-id", crm_activity_get_customer_id,
                    crm_activity_set_customer_id, 1001);
  check_int64_prop (activity, "deal-id", crm_activity_get_deal_id,
                    crm_activity_set_deal_id, 55);
  check_enum_prop (activity, "kind", crm_activity_get_kind, crm_activity_set_kind,
                   CRM_ACTIVITY_TEST_DRIVE, CRM_ACTIVITY_QUOTE);
  check_int64_prop (activity, "planned-at", crm_activity_get_planned_at,
                    crm_activity_set_planned_at, 1700000000);

  /* done-at also moves is-done on its first change */
  assert_notifies (activity, "done-at", 1, 2,
                   crm_activity_set_done_at (activity, 1700001800));
  g_assert_cmpint (crm_activity_get_done_at (activity), ==, 1700001800);
  assert_notifies (activity, "done-at", 0, 0,
                   crm_activity_set_done_at (activity, 1700001800));
  assert_notifies (activity, "done-at", 0, 0,
                   g_object_set (activity, "done-at", (gint64) 1700001800, NULL));
  g_object_get (activity, "done-at", &done_at, NULL);
  g_assert_cmpint (done_at, ==, 1700001800);
  assert_notifies (activity, "done-at", 1, 1,
                   g_object_set (activity, "done-at", (gint64) 1700001801, NULL));
  g_assert_cmpint (crm_activity_get_done_at (activity), ==, 1700001801);

  check_enum_prop (activity, "outcome", crm_activity_get_outcome,
                   crm_activity_set_outcome, CRM_OUTCOME_APPOINTMENT,
                   CRM_OUTCOME_NOT_INTERESTED);
  check_optional_string_prop (activity, "note", crm_activity_get_note,
                              crm_activity_set_note, "周六来店试驾", "Call after 6pm");
  check_optional_string_prop (activity, "purpose", crm_activity_get_purpose,
                              crm_activity_set_purpose, "确认试驾时间", "Confirm the quote");
  check_int64_prop (activity, "staff-id", crm_activity_get_staff_id,
                    crm_activity_set_staff_id, 3);
  check_string_prop (activity, "staff-name", crm_activity_get_staff_name,
                     crm_activity_set_staff_name, "王芳", "Li Lei");

  assert_no_writable_defaults (activity);

  g_assert_finalize_object (activity);
}

static void
test_activity_is_done (void)
{
  CrmActivity *activity = crm_activity_new ();

  assert_is_done (activity, FALSE);

  /* planning does not make it done */
  assert_notifies (activity, "is-done", 0, 1,
                   crm_activity_set_planned_at (activity, 1700000000));
  assert_is_done (activity, FALSE);

  assert_notifies (activity, "is-done", 1, 2,
                   crm_activity_set_done_at (activity, 1700000100));
  assert_is_done (activity, TRUE);

  /* done a little later is still done */
  assert_notifies (activity, "is-done", 0, 1,
                   crm_activity_set_done_at (activity, 1700000200));
  assert_is_done (activity, TRUE);

  assert_notifies (activity, "is-done", 0, 0,
                   crm_activity_set_done_at (activity, 1700000200));

  /* undone */
  assert_notifies (activity, "is-done", 1, 2,
                   g_object_set (activity, "done-at", (gint64) 0, NULL));
  assert_is_done (activity, FALSE);
  assert_notifies (activity, "is-done", 0, 0,
                   crm_activity_set_done_at (activity, 0));

  assert_notifies (activity, "is-done", 1, 2,
                   g_object_set (activity, "done-at", (gint64) 1700000300, NULL));
  assert_is_done (activity, TRUE);

  g_assert_finalize_object (activity);
}

/* ------------------------------------------------------------------------
 * Enums
 * ------------------------------------------------------------------------ */

typedef struct
{
  const char *name;
  GType       type;
  guint       n_values;
} EnumInfo;

static EnumInfo *
get_enum_infos (guint *n_infos)
{
  static EnumInfo infos[9];

  infos[0] = (EnumInfo) { "CrmRole", CRM_TYPE_ROLE, CRM_N_ROLES };
  infos[1] = (EnumInfo) { "CrmGrade", CRM_TYPE_GRADE, CRM_N_GRADES };
  infos[2] = (EnumInfo) { "CrmGender", CRM_TYPE_GENDER, CRM_N_GENDERS };
  infos[3] = (EnumInfo) { "CrmChannel", CRM_TYPE_CHANNEL, CRM_N_CHANNELS };
  infos[4] = (EnumInfo) { "CrmStage", CRM_TYPE_STAGE, CRM_N_STAGES };
  infos[5] = (EnumInfo) { "CrmLostReason", CRM_TYPE_LOST_REASON, CRM_N_LOST_REASONS };
  infos[6] = (EnumInfo) { "CrmActivityKind", CRM_TYPE_ACTIVITY_KIND, CRM_N_ACTIVITY_KINDS };
  infos[7] = (EnumInfo) { "CrmOutcome", CRM_TYPE_OUTCOME, CRM_N_OUTCOMES };
  infos[8] = (EnumInfo) { "CrmTimeframe", CRM_TYPE_TIMEFRAME, CRM_N_TIMEFRAMES };

  *n_infos = G_N_ELEMENTS (infos);

  return infos;
}

static void
test_enum_counts (void)
{
  guint n_infos;
  EnumInfo *infos = get_enum_infos (&n_infos);

  /* the CRM_N_* counts must follow the enums, and values must be 0..n-1,
   * since label tables and UI lists are indexed by value */
  for (guint i = 0; i < n_infos; i++)
    {
      g_autoptr(GEnumClass) klass = g_type_class_ref (infos[i].type);

      g_test_message ("%s", infos[i].name);
      g_assert_cmpstr (g_type_name (infos[i].type), ==, infos[i].name);
      g_assert_cmpuint (klass->n_values, ==, infos[i].n_values);
      g_assert_cmpint (klass->minimum, ==, 0);
      g_assert_cmpint (klass->maximum, ==, (int) infos[i].n_values - 1);
    }
}

static void
test_enum_code_round_trip (void)
{
  guint n_infos;
  EnumInfo *infos = get_enum_infos (&n_infos);

  for (guint i = 0; i < n_infos; i++)
    {
      g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
      int out;

      for (guint v = 0; v < infos[i].n_values; v++)
        {
          const char *code = crm_enum_to_code (infos[i].type, (int) v);

          g_test_message ("%s %u → %s", infos[i].name, v, code);
          g_assert_nonnull (code);
          g_assert_cmpstr (code, !=, "");
          g_assert_false (g_hash_table_contains (seen, code));
          g_hash_table_add (seen, (gpointer) code);

          out = -1;
          g_assert_true (crm_enum_from_code (infos[i].type, code, &out));
          g_assert_cmpint (out, ==, (int) v);

          /* the out argument may be left out to test a code */
          g_assert_true (crm_enum_from_code (infos[i].type, code, NULL));
        }

      /* past the end there is no code */
      g_assert_null (crm_enum_to_code (infos[i].type, (int) infos[i].n_values));
      g_assert_null (crm_enum_to_code (infos[i].type, -1));

      /* unknown codes fail and leave *out alone */
      out = 1234;
      g_assert_false (crm_enum_from_code (infos[i].type, "no-such-code", &out));
      g_assert_cmpint (out, ==, 1234);
      g_assert_false (crm_enum_from_code (infos[i].type, "", &out));
      g_assert_cmpint (out, ==, 1234);
      g_assert_false (crm_enum_from_code (infos[i].type, NULL, &out));
      g_assert_cmpint (out, ==, 1234);
      g_assert_false (crm_enum_from_code (infos[i].type, NULL, NULL));
    }
}

/* The codes are what the database holds: changing one is a migration. */
static void
test_enum_codes_stable (void)
{
  static const struct {
    const char *name;
    int         value;
    const char *code;
  } expected[] = {
    { "CrmRole", CRM_ROLE_SALES, "sales" },
    { "CrmRole", CRM_ROLE_RECEPTION, "reception" },
    { "CrmRole", CRM_ROLE_MANAGER, "manager" },
    { "CrmGrade", CRM_GRADE_N, "N" },
    { "CrmGrade", CRM_GRADE_H, "H" },
    { "CrmGrade", CRM_GRADE_A, "A" },
    { "CrmGrade", CRM_GRADE_B, "B" },
    { "CrmGrade", CRM_GRADE_C, "C" },
    { "CrmGender", CRM_GENDER_UNKNOWN, "unknown" },
    { "CrmGender", CRM_GENDER_MALE, "male" },
    { "CrmGender", CRM_GENDER_FEMALE, "female" },
    { "CrmChannel", CRM_CHANNEL_UNKNOWN, "unknown" },
    { "CrmChannel", CRM_CHANNEL_AUTOHOME, "autohome" },
    { "CrmChannel", CRM_CHANNEL_DONGCHEDI, "dongchedi" },
    { "CrmChannel", CRM_CHANNEL_YICHE, "yiche" },
    { "CrmChannel", CRM_CHANNEL_DOUYIN, "douyin" },
    { "CrmChannel", CRM_CHANNEL_WEBSITE, "website" },
    { "CrmChannel", CRM_CHANNEL_WECHAT, "wechat" },
    { "CrmChannel", CRM_CHANNEL_WALK_IN, "walk-in" },
    { "CrmChannel", CRM_CHANNEL_PHONE, "phone" },
    { "CrmChannel", CRM_CHANNEL_REFERRAL, "referral" },
    { "CrmChannel", CRM_CHANNEL_AUTO_SHOW, "auto-show" },
    { "CrmChannel", CRM_CHANNEL_REPEAT, "repeat" },
    { "CrmStage", CRM_STAGE_NEW_LEAD, "new-lead" },
    { "CrmStage", CRM_STAGE_INVITED, "invited" },
    { "CrmStage", CRM_STAGE_VISITED, "visited" },
    { "CrmStage", CRM_STAGE_TEST_DRIVE, "test-drive" },
    { "CrmStage", CRM_STAGE_NEGOTIATION, "negotiation" },
    { "CrmStage", CRM_STAGE_ORDERED, "ordered" },
    { "CrmStage", CRM_STAGE_DELIVERED, "delivered" },
    { "CrmStage", CRM_STAGE_LOST, "lost" },
    { "CrmStage", CRM_STAGE_INVALID, "invalid" },
    { "CrmLostReason", CRM_LOST_REASON_NONE, "none" },
    { "CrmLostReason", CRM_LOST_REASON_PRICE, "price" },
    { "CrmLostReason", CRM_LOST_REASON_COMPETITOR, "competitor" },
    { "CrmLostReason", CRM_LOST_REASON_FINANCING, "financing" },
    { "CrmLostReason", CRM_LOST_REASON_POSTPONED, "postponed" },
    { "CrmLostReason", CRM_LOST_REASON_UNREACHABLE, "unreachable" },
    { "CrmLostReason", CRM_LOST_REASON_OTHER, "other" },
    { "CrmActivityKind", CRM_ACTIVITY_CALL, "call" },
    { "CrmActivityKind", CRM_ACTIVITY_VISIT, "visit" },
    { "CrmActivityKind", CRM_ACTIVITY_WECHAT, "wechat" },
    { "CrmActivityKind", CRM_ACTIVITY_SMS, "sms" },
    { "CrmActivityKind", CRM_ACTIVITY_TEST_DRIVE, "test-drive" },
    { "CrmActivityKind", CRM_ACTIVITY_QUOTE, "quote" },
    { "CrmOutcome", CRM_OUTCOME_NONE, "none" },
    { "CrmOutcome", CRM_OUTCOME_REACHED, "reached" },
    { "CrmOutcome", CRM_OUTCOME_NO_ANSWER, "no-answer" },
    { "CrmOutcome", CRM_OUTCOME_APPOINTMENT, "appointment" },
    { "CrmOutcome", CRM_OUTCOME_CALL_BACK, "call-back" },
    { "CrmOutcome", CRM_OUTCOME_NOT_INTERESTED, "not-interested" },
    { "CrmTimeframe", CRM_TIMEFRAME_UNKNOWN, "unknown" },
    { "CrmTimeframe", CRM_TIMEFRAME_WEEK, "week" },
    { "CrmTimeframe", CRM_TIMEFRAME_FORTNIGHT, "fortnight" },
    { "CrmTimeframe", CRM_TIMEFRAME_MONTH, "month" },
    { "CrmTimeframe", CRM_TIMEFRAME_QUARTER, "quarter" },
    { "CrmTimeframe", CRM_TIMEFRAME_LATER, "later" },
  };
  guint n_infos;
  EnumInfo *infos = get_enum_infos (&n_infos);
  guint total = 0;

  for (guint i = 0; i < n_infos; i++)
    total += infos[i].n_values;

  /* every value of every enum is listed above */
  g_assert_cmpuint (G_N_ELEMENTS (expected), ==, total);

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      GType type = g_type_from_name (expected[i].name);
      int out = -1;

      g_assert_cmpuint (type, !=, G_TYPE_INVALID);
      g_assert_cmpstr (crm_enum_to_code (type, expected[i].value), ==, expected[i].code);
      g_assert_true (crm_enum_from_code (type, expected[i].code, &out));
      g_assert_cmpint (out, ==, expected[i].value);
    }

  /* codes are matched exactly */
  g_assert_false (crm_enum_from_code (CRM_TYPE_GRADE, "h", NULL));
  g_assert_false (crm_enum_from_code (CRM_TYPE_STAGE, "Test-Drive", NULL));
  g_assert_false (crm_enum_from_code (CRM_TYPE_STAGE, "test_drive", NULL));
  g_assert_false (crm_enum_from_code (CRM_TYPE_STAGE, "CRM_STAGE_TEST_DRIVE", NULL));
  g_assert_false (crm_enum_from_code (CRM_TYPE_STAGE, " lost", NULL));
}

/* Every value has its own non-empty label. */
#define check_labels(func, type, n)                                         \
  G_STMT_START {                                                            \
    g_autoptr(GHashTable) seen_ = g_hash_table_new (g_str_hash, g_str_equal); \
    for (int i_ = 0; i_ < (n); i_++)                                        \
      {                                                                     \
        const char *label_ = func ((type) i_);                              \
        g_test_message ("%s (%d) = %s", #func, i_, label_);                 \
        g_assert_nonnull (label_);                                          \
        g_assert_cmpstr (label_, !=, "");                                   \
        g_assert_true (g_utf8_validate (label_, -1, NULL));                 \
        g_assert_false (g_hash_table_contains (seen_, label_));             \
        g_hash_table_add (seen_, (gpointer) label_);                        \
      }                                                                     \
  } G_STMT_END

static void
test_enum_labels (void)
{
  check_labels (crm_role_get_label, CrmRole, CRM_N_ROLES);
  check_labels (crm_grade_get_label, CrmGrade, CRM_N_GRADES);
  check_labels (crm_grade_get_description, CrmGrade, CRM_N_GRADES);
  check_labels (crm_gender_get_label, CrmGender, CRM_N_GENDERS);
  check_labels (crm_channel_get_label, CrmChannel, CRM_N_CHANNELS);
  check_labels (crm_stage_get_label, CrmStage, CRM_N_STAGES);
  check_labels (crm_lost_reason_get_label, CrmLostReason, CRM_N_LOST_REASONS);
  check_labels (crm_activity_kind_get_label, CrmActivityKind, CRM_N_ACTIVITY_KINDS);
  check_labels (crm_outcome_get_label, CrmOutcome, CRM_N_OUTCOMES);
  check_labels (crm_timeframe_get_label, CrmTimeframe, CRM_N_TIMEFRAMES);
}

/* The test runs without setlocale(), so gettext returns the English text:
 * this checks each table is indexed by value, not by position. */
static void
test_enum_labels_english (void)
{
  g_assert_cmpstr (crm_role_get_label (CRM_ROLE_SALES), ==, "Sales consultant");
  g_assert_cmpstr (crm_role_get_label (CRM_ROLE_MANAGER), ==, "Sales manager");

  g_assert_cmpstr (crm_grade_get_label (CRM_GRADE_N), ==, "N");
  g_assert_cmpstr (crm_grade_get_label (CRM_GRADE_H), ==, "H");
  g_assert_cmpstr (crm_grade_get_label (CRM_GRADE_C), ==, "C");
  g_assert_cmpstr (crm_grade_get_description (CRM_GRADE_N), ==, "Not yet graded");
  g_assert_cmpstr (crm_grade_get_description (CRM_GRADE_H), ==, "Buys within 7 days");
  g_assert_cmpstr (crm_grade_get_description (CRM_GRADE_A), ==, "Buys within 15 days");
  g_assert_cmpstr (crm_grade_get_description (CRM_GRADE_B), ==, "Buys within 30 days");
  g_assert_cmpstr (crm_grade_get_description (CRM_GRADE_C), ==, "Buys later (2–3 months)");

  g_assert_cmpstr (crm_gender_get_label (CRM_GENDER_UNKNOWN), ==, "Not given");
  g_assert_cmpstr (crm_gender_get_label (CRM_GENDER_FEMALE), ==, "Female");

  g_assert_cmpstr (crm_channel_get_label (CRM_CHANNEL_UNKNOWN), ==, "Unknown");
  g_assert_cmpstr (crm_channel_get_label (CRM_CHANNEL_WEBSITE), ==, "Brand website");
  g_assert_cmpstr (crm_channel_get_label (CRM_CHANNEL_WALK_IN), ==, "Walk-in");
  g_assert_cmpstr (crm_channel_get_label (CRM_CHANNEL_REPEAT), ==, "Repeat buyer");

  g_assert_cmpstr (crm_stage_get_label (CRM_STAGE_NEW_LEAD), ==, "New lead");
  g_assert_cmpstr (crm_stage_get_label (CRM_STAGE_TEST_DRIVE), ==, "Test drive");
  g_assert_cmpstr (crm_stage_get_label (CRM_STAGE_INVALID), ==, "Invalid");

  g_assert_cmpstr (crm_lost_reason_get_label (CRM_LOST_REASON_NONE), ==, "None");
  g_assert_cmpstr (crm_lost_reason_get_label (CRM_LOST_REASON_COMPETITOR), ==,
                   "Chose a competitor brand");
  g_assert_cmpstr (crm_lost_reason_get_label (CRM_LOST_REASON_OTHER), ==, "Other");

  g_assert_cmpstr (crm_activity_kind_get_label (CRM_ACTIVITY_CALL), ==, "Call");
  g_assert_cmpstr (crm_activity_kind_get_label (CRM_ACTIVITY_VISIT), ==, "Showroom visit");
  g_assert_cmpstr (crm_activity_kind_get_label (CRM_ACTIVITY_QUOTE), ==, "Quote");

  g_assert_cmpstr (crm_outcome_get_label (CRM_OUTCOME_NONE), ==, "Planned");
  g_assert_cmpstr (crm_outcome_get_label (CRM_OUTCOME_APPOINTMENT), ==, "Appointment made");
  g_assert_cmpstr (crm_outcome_get_label (CRM_OUTCOME_NOT_INTERESTED), ==, "Not interested");

  g_assert_cmpstr (crm_timeframe_get_label (CRM_TIMEFRAME_UNKNOWN), ==, "Not known");
  g_assert_cmpstr (crm_timeframe_get_label (CRM_TIMEFRAME_QUARTER), ==, "Within 3 months");
  g_assert_cmpstr (crm_timeframe_get_label (CRM_TIMEFRAME_LATER), ==, "Later");
}

static void
test_enum_label_out_of_range (void)
{
  if (g_test_subprocess ())
    {
      crm_stage_get_label ((CrmStage) CRM_N_STAGES);
      g_assert_not_reached ();
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*CRITICAL*crm_stage_get_label*");
}

static void
test_stage_is_open (void)
{
  static const gboolean open[CRM_N_STAGES] = {
    [CRM_STAGE_NEW_LEAD]    = TRUE,
    [CRM_STAGE_INVITED]     = TRUE,
    [CRM_STAGE_VISITED]     = TRUE,
    [CRM_STAGE_TEST_DRIVE]  = TRUE,
    [CRM_STAGE_NEGOTIATION] = TRUE,
    [CRM_STAGE_ORDERED]     = TRUE,
    [CRM_STAGE_DELIVERED]   = FALSE,
    [CRM_STAGE_LOST]        = FALSE,
    [CRM_STAGE_INVALID]     = FALSE,
  };

  for (guint i = 0; i < CRM_N_STAGES; i++)
    {
      g_test_message ("%s", crm_enum_to_code (CRM_TYPE_STAGE, (int) i));
      g_assert_cmpint (crm_stage_is_open ((CrmStage) i), ==, open[i]);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/model/clock/real", test_clock_real);
  g_test_add_func ("/model/clock/real-cannot-be-set", test_clock_real_cannot_be_set);
  g_test_add_func ("/model/clock/real-cannot-advance", test_clock_real_cannot_advance);
  g_test_add_func ("/model/clock/fixed-notify", test_clock_fixed_notify);

  g_test_add_func ("/model/staff/defaults", test_staff_defaults);
  g_test_add_func ("/model/staff/notify", test_staff_notify);

  g_test_add_func ("/model/vehicle-model/defaults", test_vehicle_model_defaults);
  g_test_add_func ("/model/vehicle-model/notify", test_vehicle_model_notify);
  g_test_add_func ("/model/vehicle-model/name", test_vehicle_model_name);

  g_test_add_func ("/model/customer/defaults", test_customer_defaults);
  g_test_add_func ("/model/customer/notify", test_customer_notify);
  g_test_add_func ("/model/customer/phone", test_customer_phone);
  g_test_add_func ("/model/customer/copy", test_customer_copy);
  g_test_add_func ("/model/customer/copy-empty", test_customer_copy_empty);
  g_test_add_func ("/model/customer/assign", test_customer_assign);

  g_test_add_func ("/model/deal/defaults", test_deal_defaults);
  g_test_add_func ("/model/deal/notify", test_deal_notify);

  g_test_add_func ("/model/activity/defaults", test_activity_defaults);
  g_test_add_func ("/model/activity/notify", test_activity_notify);
  g_test_add_func ("/model/activity/is-done", test_activity_is_done);

  g_test_add_func ("/model/enums/counts", test_enum_counts);
  g_test_add_func ("/model/enums/code-round-trip", test_enum_code_round_trip);
  g_test_add_func ("/model/enums/codes-stable", test_enum_codes_stable);
  g_test_add_func ("/model/enums/labels", test_enum_labels);
  g_test_add_func ("/model/enums/labels-english", test_enum_labels_english);
  g_test_add_func ("/model/enums/label-out-of-range", test_enum_label_out_of_range);
  g_test_add_func ("/model/enums/stage-is-open", test_stage_is_open);

  return g_test_run ();
}
