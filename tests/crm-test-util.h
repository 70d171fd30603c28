/* crm-test-util.h: one showroom fixture for every core test
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A test gets a CrmTestShowroom: its own database in its own temporary
 * folder, a fixed clock, and (if it asks) the standard cast. Tests that
 * need a different cast build it with crm_test_showroom_setup_staff () and
 * the crm_test_add_* helpers; tests that look at the file behind the
 * store's back use the crm_test_raw_* and crm_test_file_* helpers.
 *
 * Every helper asserts that what it did worked, so a test body only says
 * what it is about. Checks of values print both sides on failure: prefer
 * g_assert_cmp* and the crm_test_assert_* macros below to g_assert_true.
 */
#pragma once

#include <sqlite3.h>
#include <string.h>

#include "crm-store.h"

G_BEGIN_DECLS

/* The build's translations (SHOWROOM_LOCALEDIR) in @locale, for a test
 * that checks a message as a Chinese user reads it */
void crm_test_use_built_translations (const char *locale);

/* Every core test's main() starts here: the showroom's time zone
 * (Asia/Shanghai) as the process's, the locale from the environment, GTest */
void crm_test_init (int    *argc,
                    char ***argv);

/* ------------------------------------------------------------------------
 * Time
 * ------------------------------------------------------------------------ */

gint64        crm_test_local_unix             (int                year,
                                               int                month,
                                               int                day,
                                               int                hour,
                                               int                minute);
gint64        crm_test_now                    (void);

/* ------------------------------------------------------------------------
 * Files and raw SQLite
 * ------------------------------------------------------------------------ */

void          crm_test_rm_rf                  (const char        *path);
char         *crm_test_file_checksum          (const char        *path);
sqlite3      *crm_test_raw_open               (const char        *path);
void          crm_test_raw_exec               (sqlite3           *db,
                                               const char        *sql);
gint64        crm_test_raw_int                (sqlite3           *db,
                                               const char        *sql);
char         *crm_test_raw_rows               (sqlite3           *db,
                                               const char        *sql);
void          crm_test_file_exec              (const char        *path,
                                               const char        *sql);
gboolean      crm_test_file_try_exec          (const char        *path,
                                               const char        *sql,
                                               char             **message);
gint64        crm_test_file_int               (const char        *path,
                                               const char        *sql);
char         *crm_test_file_rows              (const char        *path,
                                               const char        *sql);
char         *crm_test_db_fingerprint         (const char        *path);

/* ------------------------------------------------------------------------
 * The backend under test: SQLite, or PostgreSQL when SHOWROOM_TEST_BACKEND
 * is "postgresql" (a database per test, on the server SHOWROOM_TEST_PG
 * names; see build-aux/pg-test-server.sh). crm_test_file_int () and
 * crm_test_file_rows () read either; crm_test_raw_* are SQLite's.
 * ------------------------------------------------------------------------ */

gboolean      crm_test_backend_is_postgresql  (void);
/* In a test of the SQLite file itself: skips it on PostgreSQL */
gboolean      crm_test_skip_unless_sqlite     (const char        *why);
char         *crm_test_pg_uri                 (const char        *database);
const char   *crm_test_pg_dir                 (void);
int           crm_test_pg_tcp_port            (void);
char         *crm_test_pg_new_database        (void);
char         *crm_test_pg_new_empty_database  (void);
void          crm_test_pg_drop_database       (const char        *uri);

/* ------------------------------------------------------------------------
 * The showroom fixture
 * ------------------------------------------------------------------------ */

typedef struct
{
  CrmEntity entity;
  gint64    id;
} CrmTestChange;

typedef struct
{
  const char *name;
  CrmRole     role;
} CrmTestStaff;

typedef struct
{
  char     *dir;
  char     *path;       /* dir/showroom.db, or a database on the test server */
  CrmClock *clock;      /* fixed */
  CrmStore *store;      /* NULL until opened */
  GArray   *changes;    /* CrmTestChange, see crm_test_expect_changes () */
  gulong    changed_id;

  /* The standard cast of crm_test_showroom_setup_cast () */
  gint64    manager;    /* 刘经理 */
  gint64    sales1;     /* 李娜 */
  gint64    sales2;     /* 王丽 */
  gint64    reception;  /* 吴佳怡 */
  gint64    model1;     /* 凯美瑞 2.0G 豪华版 */
  gint64    model2;     /* 雷凌 1.5L CVT 进取版 */
} CrmTestShowroom;

void          crm_test_showroom_init          (CrmTestShowroom   *s,
                                               gint64             now);
void          crm_test_showroom_open_store    (CrmTestShowroom   *s);
void          crm_test_showroom_watch_changes (CrmTestShowroom   *s);
void          crm_test_showroom_close_store   (CrmTestShowroom   *s);
void          crm_test_showroom_clear         (CrmTestShowroom   *s);
void          crm_test_showroom_setup_staff   (CrmTestShowroom   *s,
                                               const char        *showroom_name,
                                               const CrmTestStaff *staff,
                                               guint              n_staff,
                                               gint64            *ids);
void          crm_test_showroom_setup_cast    (CrmTestShowroom   *s);

/* For g_test_add (path, CrmTestShowroom, NULL, setup, func,
 * crm_test_teardown); the clock is at crm_test_now () */
void          crm_test_setup_no_store         (CrmTestShowroom   *s,
                                               gconstpointer      data);
void          crm_test_setup_empty_store      (CrmTestShowroom   *s,
                                               gconstpointer      data);
void          crm_test_setup_showroom         (CrmTestShowroom   *s,
                                               gconstpointer      data);
void          crm_test_teardown               (CrmTestShowroom   *s,
                                               gconstpointer      data);

/* Several desktops at once: @func runs on each of @n_jobs jobs (@jobs,
 * @job_size bytes each), each in a thread of its own, and this returns
 * when all are done. A desktop opens its own store on the fixture's
 * database with crm_test_open_desktop (). */
void          crm_test_run_threads            (GThreadFunc        func,
                                               gpointer           jobs,
                                               gsize              job_size,
                                               guint              n_jobs);
CrmStore     *crm_test_open_desktop           (const char        *path,
                                               GError           **error);

/* ------------------------------------------------------------------------
 * Rows
 * ------------------------------------------------------------------------ */

gint64        crm_test_add_staff              (CrmStore          *store,
                                               const char        *name,
                                               CrmRole            role,
                                               gboolean           active);
gint64        crm_test_add_model              (CrmStore          *store,
                                               const char        *series,
                                               const char        *trim,
                                               gint64             guide_price);
CrmCustomer  *crm_test_customer_new           (const char        *name,
                                               const char        *phone,
                                               const char        *wechat);
gint64        crm_test_insert_customer        (CrmStore          *store,
                                               CrmCustomer       *customer);
gint64        crm_test_add_customer           (CrmStore          *store,
                                               const char        *name,
                                               const char        *phone,
                                               const char        *wechat);
CrmCustomer  *crm_test_get_customer           (CrmStore          *store,
                                               gint64             id);
gint64        crm_test_insert_deal            (CrmStore          *store,
                                               CrmDeal           *deal,
                                               gint64             staff_id);
gint64        crm_test_add_deal               (CrmStore          *store,
                                               gint64             customer_id,
                                               gint64             owner_id,
                                               CrmStage           stage);
gint64        crm_test_insert_activity        (CrmStore          *store,
                                               CrmActivity       *activity);
gint64        crm_test_add_call               (CrmStore          *store,
                                               gint64             customer_id,
                                               gint64             planned_at,
                                               gint64             done_at);
gint64        crm_test_add_vehicle            (CrmStore          *store,
                                               const char        *plate,
                                               gint64             model_id,
                                               CrmVehicleStatus   status);
CrmTestDrive *crm_test_booking_new            (gint64             customer_id,
                                               gint64             vehicle_id,
                                               gint64             staff_id,
                                               gint64             start,
                                               int                minutes);
gint64        crm_test_book                   (CrmStore          *store,
                                               gint64             customer_id,
                                               gint64             vehicle_id,
                                               gint64             staff_id,
                                               gint64             start,
                                               int                minutes);

/* ------------------------------------------------------------------------
 * Checks that print what they saw
 * ------------------------------------------------------------------------ */

void          crm_test_expect_changes         (CrmTestShowroom   *s,
                                               const char        *format,
                                               ...) G_GNUC_PRINTF (2, 3);
char         *crm_test_ids_to_string          (GArray            *ids);
char         *crm_test_ids_of                 (const gint64      *ids,
                                               gsize              n);
GArray       *crm_test_query_customer_ids     (CrmStore          *store,
                                               const char        *search,
                                               int                grade,
                                               int                channel,
                                               gint64             owner_id,
                                               CrmCustomerSort    sort,
                                               gboolean           descending);
GArray       *crm_test_search_customer_ids    (CrmStore          *store,
                                               const char        *search);
char         *crm_test_strv_to_string         (const char * const *strv);
char         *crm_test_model_ids_to_string    (GVariant          *ids);
void          crm_test_assert_customer_equal  (CrmCustomer       *a,
                                               CrmCustomer       *b);
void          crm_test_assert_customer_missing (CrmStore         *store,
                                               gint64             id);

/* crm_test_assert_ids (GArray *got, id, id, …): exactly these ids in this
 * order */
#define crm_test_assert_ids(got, ...)                                       \
  G_STMT_START {                                                            \
    const gint64 expected_[] = { __VA_ARGS__ };                             \
    g_autofree char *got_str_ = crm_test_ids_to_string (got);               \
    g_autofree char *expected_str_ = crm_test_ids_of (expected_, G_N_ELEMENTS (expected_)); \
    g_assert_cmpstr (got_str_, ==, expected_str_);                          \
  } G_STMT_END

/* Pointer identity (the same object, not an equal one), printing both
 * addresses: GLib has no g_assert_cmpptr () */
#define crm_test_assert_cmpptr(a, op, b)                                    \
  g_assert_cmphex (GPOINTER_TO_SIZE (a), op, GPOINTER_TO_SIZE (b))

/* The same GType, printing both names (type names are unique) */
#define crm_test_assert_type(a, b)                                          \
  g_assert_cmpstr (g_type_name (a), ==, g_type_name (b))

/* Fails with both strings when @needle is not in @haystack */
#define crm_test_assert_contains(haystack, needle)                          \
  G_STMT_START {                                                            \
    const char *h_ = (haystack);                                            \
    const char *n_ = (needle);                                              \
    if (h_ == NULL || n_ == NULL || strstr (h_, n_) == NULL)                \
      g_assertion_message_cmpstr (G_LOG_DOMAIN, __FILE__, __LINE__, G_STRFUNC, \
                                  #haystack " contains " #needle, h_, "does not contain", n_); \
  } G_STMT_END

/* Fails with both strings when @text does not start with @prefix */
#define crm_test_assert_has_prefix(text, prefix)                            \
  G_STMT_START {                                                            \
    const char *t_ = (text);                                                \
    const char *p_ = (prefix);                                              \
    if (t_ == NULL || p_ == NULL || !g_str_has_prefix (t_, p_))             \
      g_assertion_message_cmpstr (G_LOG_DOMAIN, __FILE__, __LINE__, G_STRFUNC, \
                                  #text " starts with " #prefix, t_, "does not start with", p_); \
  } G_STMT_END

/* Fails with both strings when @text does not end with @suffix */
#define crm_test_assert_has_suffix(text, suffix)                            \
  G_STMT_START {                                                            \
    const char *t_ = (text);                                                \
    const char *x_ = (suffix);                                              \
    if (t_ == NULL || x_ == NULL || !g_str_has_suffix (t_, x_))             \
      g_assertion_message_cmpstr (G_LOG_DOMAIN, __FILE__, __LINE__, G_STRFUNC, \
                                  #text " ends with " #suffix, t_, "does not end with", x_); \
  } G_STMT_END

/* As g_strv_equal (), but a failure names the first element that differs */
#define crm_test_assert_strv_equal(a, b)                                    \
  G_STMT_START {                                                            \
    const char * const *a_ = (const char * const *) (a);                    \
    const char * const *b_ = (const char * const *) (b);                    \
    g_assert_nonnull (a_);                                                  \
    g_assert_nonnull (b_);                                                  \
    g_assert_cmpuint (g_strv_length ((char **) a_), ==, g_strv_length ((char **) b_)); \
    for (guint i_ = 0; a_[i_] != NULL; i_++)                                \
      g_assert_cmpstr (a_[i_], ==, b_[i_]);                                 \
  } G_STMT_END

void          crm_test_watch_others           (CrmStore          *store);

GArray       *crm_test_ranked_search_ids      (CrmStore          *store,
                                              const char        *search);

G_END_DECLS
