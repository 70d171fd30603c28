/* test-leads.c: CSV decoding and parsing, the importer, assignment, the
 * public pool, the traffic log and grading
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <time.h>

#include "crm-assignment.h"
#include "crm-context.h"
#include "crm-csv.h"
#include "crm-model-enum-types.h"
#include "crm-error.h"
#include "crm-grading.h"
#include "crm-import.h"
#include "crm-leads.h"
#include "crm-pool.h"
#include "crm-store.h"
#include "crm-test-util.h"

#define HOUR (60 * 60)
#define DAY  (24 * HOUR)

/* Tuesday 2026-11-24 10:00 in Guangzhou */
static gint64 tuesday_10h;

typedef struct
{
  CrmTestShowroom sr;
  gint64    manager;    /* 刘经理 */
  gint64    reception;  /* 吴佳怡 */
  gint64    reps[6];
  gint64    model;      /* 凯美瑞, ¥179,800 */
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  static const CrmTestStaff staff[] = {
    { "刘经理", CRM_ROLE_MANAGER },
    { "吴佳怡", CRM_ROLE_RECEPTION },
    { "陈晓峰", CRM_ROLE_SALES },
    { "李娜", CRM_ROLE_SALES },
    { "赵磊", CRM_ROLE_SALES },
    { "刘婷", CRM_ROLE_SALES },
    { "黄志强", CRM_ROLE_SALES },
    { "周敏", CRM_ROLE_SALES },
  };
  gint64 ids[G_N_ELEMENTS (staff)];

  crm_test_showroom_init (&f->sr, tuesday_10h);
  crm_test_showroom_open_store (&f->sr);
  crm_test_showroom_setup_staff (&f->sr, "天河展厅", staff, G_N_ELEMENTS (staff), ids);
  f->manager = ids[0];
  f->reception = ids[1];
  for (guint i = 0; i < G_N_ELEMENTS (f->reps); i++)
    f->reps[i] = ids[i + 2];

  f->model = crm_test_add_model (f->sr.store, "凯美瑞", NULL, 17980000);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  crm_test_showroom_clear (&f->sr);
}

/* Read-only looks at the database behind the store's back (the file, or
 * the test server): the first column of the first row, or -1 / NULL when
 * there is no row (NULL too for an SQL NULL) */
static char *
file_text (const char *path,
           const char *sql)
{
  g_autofree char *rows = crm_test_file_rows (path, sql);
  char *newline = strchr (rows, '\n');
  char *bar;

  if (newline == NULL)
    return NULL;
  *newline = '\0';
  if ((bar = strchr (rows, '|')) != NULL)
    *bar = '\0';
  if (g_str_equal (rows, "NULL"))
    return NULL;
  return g_strdup (rows);
}

static gint64
file_int (const char *path,
          const char *sql)
{
  g_autofree char *text = file_text (path, sql);

  return text != NULL ? g_ascii_strtoll (text, NULL, 10) : -1;
}

static gint64
add_lead (Fixture    *f,
          const char *name,
          const char *phone,
          CrmChannel  channel,
          CrmGrade    grade)
{
  g_autoptr(CrmCustomer) customer = crm_test_customer_new (name, phone, NULL);
  g_autoptr(GError) error = NULL;
  gint64 id;

  crm_customer_set_channel (customer, channel);
  crm_customer_set_grade (customer, grade);
  id = crm_leads_create (f->sr.store, customer, 0, f->reception, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static gint64
owner_of (Fixture *f,
          gint64   customer_id)
{
  g_autoptr(CrmCustomer) customer = crm_customer_store_get (crm_store_get_customer_store (f->sr.store), customer_id, NULL);

  g_assert_nonnull (customer);
  return crm_customer_get_owner_id (customer);
}

/* ------------------------------------------------------------------ */
/* The model                                                           */

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static void
test_lead_notice_properties (void)
{
  CrmLeadNotice *notice = crm_lead_notice_new ();
  guint notified = 0;
  gint64 at = 0;
  g_autofree char *kind = NULL;
  gboolean seen = FALSE;

  g_signal_connect (notice, "notify", G_CALLBACK (count_notify_cb), &notified);

  crm_lead_notice_set_id (notice, 7);
  crm_lead_notice_set_id (notice, 7);
  crm_lead_notice_set_customer_id (notice, 12);
  crm_lead_notice_set_customer_name (notice, "张伟");
  crm_lead_notice_set_customer_name (notice, "张伟");
  crm_lead_notice_set_kind (notice, CRM_NOTICE_POOL_WARNING);
  crm_lead_notice_set_at (notice, tuesday_10h);
  crm_lead_notice_set_seen (notice, TRUE);
  crm_lead_notice_set_seen (notice, 2);   /* still TRUE: no notify */
  g_assert_cmpuint (notified, ==, 6);

  g_object_get (notice, "at", &at, "kind", &kind, "seen", &seen, NULL);
  g_assert_cmpint (at, ==, tuesday_10h);
  g_assert_cmpstr (kind, ==, CRM_NOTICE_POOL_WARNING);
  g_assert_true (seen);
  g_object_set (notice, "customer-name", "李静", "customer-id", (gint64) 12, NULL);
  g_assert_cmpuint (notified, ==, 7);
  g_assert_cmpstr (crm_lead_notice_get_customer_name (notice), ==, "李静");
  g_assert_cmpint (crm_lead_notice_get_id (notice), ==, 7);

  g_assert_finalize_object (notice);
}

/* ------------------------------------------------------------------ */
/* CSV                                                                 */

static void
test_csv_decode (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *gbk = NULL;
  g_autofree char *utf16 = NULL;
  g_autofree char *back = NULL;
  const char *encoding = NULL;
  gsize len = 0;
  char *text;

  text = crm_csv_decode ("\xEF\xBB\xBF姓名,手机", strlen ("\xEF\xBB\xBF姓名,手机"), &encoding, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, "姓名,手机");
  g_assert_cmpstr (encoding, ==, "UTF-8 (BOM)");
  g_free (text);

  text = crm_csv_decode ("姓名,手机", strlen ("姓名,手机"), &encoding, &error);
  g_assert_cmpstr (text, ==, "姓名,手机");
  g_assert_cmpstr (encoding, ==, "UTF-8");
  g_free (text);

  gbk = g_convert ("张伟,懂车帝,凯美瑞", -1, "GBK", "UTF-8", NULL, &len, &error);
  g_assert_no_error (error);
  text = crm_csv_decode (gbk, len, &encoding, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, "张伟,懂车帝,凯美瑞");
  g_assert_cmpstr (encoding, ==, "GB18030");
  g_free (text);

  utf16 = g_convert ("\xEF\xBB\xBF姓名\t手机", -1, "UTF-16LE", "UTF-8", NULL, &len, &error);
  g_assert_no_error (error);
  text = crm_csv_decode (utf16, len, &encoding, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, "姓名\t手机");
  g_assert_cmpstr (encoding, ==, "UTF-16");
  g_assert_cmpint (crm_csv_guess_delimiter (text), ==, '\t');
  g_free (text);

  /* Not text: refused, never mojibake */
  text = crm_csv_decode ("\x81\x20\xFF\xFE\x00", 5, NULL, &error);
  g_assert_null (text);
  g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
}

static void
test_csv_parse (void)
{
  const char *text =
    "a,b,c\r\n"
    "\"x, y\",\"line1\r\nline2\",\"say \"\"hi\"\"\"\r\n"
    "\r\n"
    "\n"
    "1,,3\n"
    "last,\"\",";
  g_autoptr(CrmCsvReader) reader = crm_csv_reader_new (text, crm_csv_guess_delimiter (text));
  GPtrArray *fields = NULL;
  guint line = 0;

  g_assert_true (crm_csv_reader_next (reader, &fields, &line));
  g_assert_cmpuint (line, ==, 1);
  g_assert_cmpuint (fields->len, ==, 3);

  g_assert_true (crm_csv_reader_next (reader, &fields, &line));
  g_assert_cmpuint (line, ==, 2);
  g_assert_cmpuint (fields->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (fields, 0), ==, "x, y");
  g_assert_cmpstr (g_ptr_array_index (fields, 1), ==, "line1\nline2");
  g_assert_cmpstr (g_ptr_array_index (fields, 2), ==, "say \"hi\"");

  /* Blank lines skipped, line numbers still counted */
  g_assert_true (crm_csv_reader_next (reader, &fields, &line));
  g_assert_cmpuint (line, ==, 6);
  g_assert_cmpstr (g_ptr_array_index (fields, 1), ==, "");
  g_assert_cmpstr (g_ptr_array_index (fields, 2), ==, "3");

  g_assert_true (crm_csv_reader_next (reader, &fields, &line));
  g_assert_cmpuint (line, ==, 7);
  g_assert_cmpuint (fields->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (fields, 0), ==, "last");
  g_assert_cmpstr (g_ptr_array_index (fields, 2), ==, "");

  g_assert_false (crm_csv_reader_next (reader, &fields, &line));

  g_assert_cmpint (crm_csv_guess_delimiter ("a;b;c\n1;2;3"), ==, ';');
  g_assert_cmpint (crm_csv_guess_delimiter ("\"a;b\",c\n"), ==, ',');
}

static void
test_import_guess (void)
{
  const struct { const char *header; CrmImportField field; } cases[] = {
    { "姓名", CRM_IMPORT_FIELD_NAME }, { "客户姓名", CRM_IMPORT_FIELD_NAME },
    { "Name", CRM_IMPORT_FIELD_NAME }, { " 客户名称 ", CRM_IMPORT_FIELD_NAME },
    { "手机", CRM_IMPORT_FIELD_PHONE }, { "手机号", CRM_IMPORT_FIELD_PHONE },
    { "电话", CRM_IMPORT_FIELD_PHONE }, { "Phone", CRM_IMPORT_FIELD_PHONE },
    { "客户手机(必填)", CRM_IMPORT_FIELD_PHONE }, { "*手机号码", CRM_IMPORT_FIELD_PHONE },
    { "来源", CRM_IMPORT_FIELD_CHANNEL }, { "渠道", CRM_IMPORT_FIELD_CHANNEL },
    { "线索来源", CRM_IMPORT_FIELD_CHANNEL }, { "channel", CRM_IMPORT_FIELD_CHANNEL },
    { "意向车型", CRM_IMPORT_FIELD_MODEL }, { "车型", CRM_IMPORT_FIELD_MODEL },
    { "Model", CRM_IMPORT_FIELD_MODEL }, { "备注", CRM_IMPORT_FIELD_NOTE },
    { "客户留言", CRM_IMPORT_FIELD_NOTE }, { "note", CRM_IMPORT_FIELD_NOTE },
    { "城市", CRM_IMPORT_FIELD_CITY }, { "微信号", CRM_IMPORT_FIELD_WECHAT },
    { "序号", CRM_IMPORT_FIELD_IGNORE }, { "下单时间", CRM_IMPORT_FIELD_IGNORE },
    { "", CRM_IMPORT_FIELD_IGNORE },
  };
  const struct { const char *text; CrmChannel channel; } channels[] = {
    { "汽车之家", CRM_CHANNEL_AUTOHOME }, { "汽车之家-询价", CRM_CHANNEL_AUTOHOME },
    { "懂车帝", CRM_CHANNEL_DONGCHEDI }, { "Douyin", CRM_CHANNEL_DOUYIN },
    { "抖音直播", CRM_CHANNEL_DOUYIN }, { "易车网", CRM_CHANNEL_YICHE },
    { "官网", CRM_CHANNEL_WEBSITE }, { "walk-in", CRM_CHANNEL_WALK_IN },
    { "老客户转介绍", CRM_CHANNEL_REFERRAL }, { "autohome", CRM_CHANNEL_AUTOHOME },
  };
  CrmChannel channel;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s", cases[i].header);
      g_assert_cmpint (crm_import_guess_field (cases[i].header), ==, cases[i].field);
    }
  for (guint i = 0; i < G_N_ELEMENTS (channels); i++)
    {
      g_test_message ("%s", channels[i].text);
      g_assert_true (crm_import_parse_channel (channels[i].text, &channel));
      g_assert_cmpint (channel, ==, channels[i].channel);
    }
  g_assert_false (crm_import_parse_channel ("小红书", &channel));
  g_assert_false (crm_import_parse_channel ("", &channel));
}

/* ------------------------------------------------------------------ */
/* Import                                                              */

typedef struct
{
  const char *file;
  const char *encoding;
  guint rows, created, skipped_in_file, skipped_existing, invalid, unknown_channel;
  guint first_problem_line;
} ImportCase;

static void
run_fixture_import (Fixture          *f,
                    const char       *file,
                    gboolean          dry_run,
                    CrmImportSummary *summary)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", file, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmImport) import = crm_import_new_from_file (path, &error);

  g_assert_no_error (error);
  crm_import_set_staff_id (import, f->reception);
  g_assert_true (crm_import_run (import, f->sr.store, dry_run, NULL, NULL, NULL, summary, &error));
  g_assert_no_error (error);
}

static void
test_import_fixtures (Fixture       *f,
                      gconstpointer  data)
{
  const ImportCase cases[] = {
    { "leads-utf8.csv", "UTF-8", 8, 5, 1, 0, 2, 1, 8 },
    { "leads-utf8-bom.csv", "UTF-8 (BOM)", 8, 5, 1, 0, 2, 1, 8 },
    { "leads-gbk.csv", "GB18030", 8, 5, 1, 0, 2, 1, 8 },
    { "leads-missing-columns.csv", "UTF-8", 4, 3, 0, 0, 1, 0, 4 },
    { "leads-excel-gbk.csv", "GB18030", 8, 5, 1, 0, 2, 0, 6 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", cases[i].file, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(CrmImport) import = crm_import_new_from_file (path, &error);
      CrmImportSummary summary;
      gint64 before = crm_customer_store_count (crm_store_get_customer_store (f->sr.store));

      g_test_message ("%s", cases[i].file);
      g_assert_no_error (error);
      g_assert_cmpstr (crm_import_get_encoding (import), ==, cases[i].encoding);

      /* Dry run: counted, nothing stored */
      g_assert_true (crm_import_run (import, f->sr.store, TRUE, NULL, NULL, NULL, &summary, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (summary.created, ==, cases[i].created);
      g_assert_cmpint (crm_customer_store_count (crm_store_get_customer_store (f->sr.store)), ==, before);
      crm_import_summary_clear (&summary);

      g_assert_true (crm_import_run (import, f->sr.store, FALSE, NULL, NULL, NULL, &summary, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (summary.rows, ==, cases[i].rows);
      g_assert_cmpuint (summary.created, ==, cases[i].created);
      g_assert_cmpuint (summary.skipped_in_file, ==, cases[i].skipped_in_file);
      g_assert_cmpuint (summary.skipped_existing, ==, cases[i].skipped_existing);
      g_assert_cmpuint (summary.invalid, ==, cases[i].invalid);
      g_assert_cmpuint (summary.unknown_channel, ==, cases[i].unknown_channel);
      g_assert_cmpuint (summary.problems->len, ==, cases[i].invalid + cases[i].unknown_channel);
      g_assert_cmpuint (((CrmImportProblem *) g_ptr_array_index (summary.problems, 0))->line,
                        ==, cases[i].first_problem_line);
      g_assert_cmpint (crm_customer_store_count (crm_store_get_customer_store (f->sr.store)), ==, before + cases[i].created);
      crm_import_summary_clear (&summary);

      /* The three encodings of one file: the second and third find them all known */
      if (i == 0)
        {
          g_autoptr(CrmImport) again = crm_import_new_from_file (path, &error);

          g_assert_true (crm_import_run (again, f->sr.store, FALSE, NULL, NULL, NULL, &summary, &error));
          g_assert_cmpuint (summary.created, ==, 0);
          g_assert_cmpuint (summary.skipped_existing, ==, 5);
          g_assert_cmpuint (summary.skipped_in_file, ==, 1);
          crm_import_summary_clear (&summary);
          /* Undo for the next case: a fresh database per file is simpler */
        }

      {
        /* Empty the customers for the next file, keeping staff and models */
        g_autoptr(GError) e = NULL;
        g_autoptr(GArray) none = g_array_new (FALSE, FALSE, sizeof (gint64));
        CrmCustomerQuery query;
        g_autoptr(GArray) ids = NULL;

        crm_customer_query_init (&query);
        ids = crm_customer_store_query_ids (crm_store_get_customer_store (f->sr.store), &query, NULL, &e);
        g_assert_no_error (e);
        for (guint k = 0; k < ids->len; k++)
          g_assert_true (crm_customer_store_delete (crm_store_get_customer_store (f->sr.store), g_array_index (ids, gint64, k), NULL));
        crm_customer_query_clear (&query);
      }
    }
}

static void
test_import_content (Fixture       *f,
                     gconstpointer  data)
{
  CrmImportSummary summary;
  g_autoptr(CrmCustomer) zhang = NULL;
  g_autoptr(CrmCustomer) lin = NULL;
  g_autoptr(CrmCustomer) liang = NULL;
  gint64 id;

  run_fixture_import (f, "leads-excel-gbk.csv", FALSE, &summary);
  crm_import_summary_clear (&summary);

  /* ="13800138020" from Excel, model matched in "凯美瑞 2026款 2.0G 豪华版" */
  id = crm_customer_store_find_by_phone (crm_store_get_customer_store (f->sr.store), "13800138020", 0);
  g_assert_cmpint (id, >, 0);
  zhang = crm_customer_store_get (crm_store_get_customer_store (f->sr.store), id, NULL);
  g_assert_cmpstr (crm_customer_get_name (zhang), ==, "黄先生");
  g_assert_cmpint (crm_customer_get_channel (zhang), ==, CRM_CHANNEL_AUTOHOME);
  g_assert_cmpstr (crm_customer_get_notes (zhang), ==, "想问落地价,有没有现车");
  g_assert_cmpuint (g_variant_n_children (crm_customer_get_model_ids (zhang)), ==, 1);
  g_assert_cmpint (owner_of (f, id), >, 0);

  /* +86 with dashes, a quoted note across two lines */
  id = crm_customer_store_find_by_phone (crm_store_get_customer_store (f->sr.store), "13800138021", 0);
  lin = crm_customer_store_get (crm_store_get_customer_store (f->sr.store), id, NULL);
  g_assert_cmpstr (crm_customer_get_notes (lin), ==, "Model of interest: 雷凌双擎\n周六上午到店试驾\n需要儿童座椅");
  g_assert_cmpstr (crm_customer_get_city (lin), ==, "佛山");

  /* A landline with area code; a model not in the catalogue kept in the note */
  id = crm_customer_store_find_by_phone (crm_store_get_customer_store (f->sr.store), "02038881234", 0);
  liang = crm_customer_store_get (crm_store_get_customer_store (f->sr.store), id, NULL);
  g_assert_cmpstr (crm_customer_get_notes (liang), ==, "Model of interest: 威兰达\n\"急\"，本周提车");

  /* Every new lead has a deal in New lead */
  g_assert_cmpint (file_int (f->sr.path, "SELECT count(*) FROM deal WHERE stage = 'new-lead'"), ==, 5);
}

/* Submission times as platforms write them, in the showroom's zone */
static void
test_import_parse_time (void)
{
  g_autoptr(GTimeZone) shanghai = g_time_zone_new_identifier ("Asia/Shanghai");
  g_autoptr(GDateTime) expected = g_date_time_new (shanghai, 2026, 12, 1, 14, 3, 22);
  g_autoptr(GDateTime) morning = g_date_time_new (shanghai, 2026, 12, 1, 9, 5, 0);
  g_autoptr(GDateTime) midnight = g_date_time_new (shanghai, 2026, 12, 1, 0, 0, 0);
  static const char *bad[] = { "", "昨天", "2026-13-01", "2026-02-30 10:00", "12/01/2026", "2026-12-01 25:00",
                               "2026-12-01 10:00 extra", "1970-01-01", NULL };
  gint64 t;

  g_assert_true (crm_import_parse_time ("2026-12-01 14:03:22", shanghai, &t));
  g_assert_cmpint (t, ==, g_date_time_to_unix (expected));
  g_assert_true (crm_import_parse_time (" 2026/12/1 14:03:22 ", shanghai, &t));
  g_assert_cmpint (t, ==, g_date_time_to_unix (expected));
  g_assert_true (crm_import_parse_time ("2026年12月1日 14:03:22", shanghai, &t));
  g_assert_cmpint (t, ==, g_date_time_to_unix (expected));
  g_assert_true (crm_import_parse_time ("2026-12-01T06:03:22Z", shanghai, &t));
  g_assert_cmpint (t, ==, g_date_time_to_unix (expected));
  g_assert_true (crm_import_parse_time ("2026-12-01T14:03:22+08:00", shanghai, &t));
  g_assert_cmpint (t, ==, g_date_time_to_unix (expected));
  g_assert_true (crm_import_parse_time ("2026/12/01 9:05", shanghai, &t));
  g_assert_cmpint (t, ==, g_date_time_to_unix (morning));
  g_assert_true (crm_import_parse_time ("2026-12-1", shanghai, &t));
  g_assert_cmpint (t, ==, g_date_time_to_unix (midnight));
  for (guint i = 0; bad[i] != NULL; i++)
    {
      g_test_message ("%s", bad[i]);
      g_assert_false (crm_import_parse_time (bad[i], shanghai, &t));
    }
  g_assert_false (crm_import_parse_time (NULL, shanghai, &t));
}

/* A number submitted twice: the latest submission is the lead, dated
 * when it was submitted, its first-contact clock started then */
static void
test_import_latest_submission (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->sr.dir, "twice.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmImport) import = NULL;
  g_autoptr(CrmCustomer) zhang = NULL;
  g_autoptr(GDateTime) later = NULL;
  CrmImportSummary summary;
  CrmLeadRules rules;
  gint64 id, due;
  GTimeZone *zone = crm_store_get_time_zone (f->sr.store);
  const char *csv =
    "姓名,手机,提交时间,留言\n"
    "张伟,13800138000,2026-11-23 14:30:00,后来又问了一次\n"
    "王芳,13900139000,2026/11/22 9:05,\n"
    "张先生,138 0013 8000,2026-11-20 10:00:00,第一次留资\n"
    "李娜,13700137000,昨天,\n"
    "赵强,13600136000,2027-01-01 10:00:00,\n";

  g_assert_true (g_file_set_contents (path, csv, -1, &error));
  import = crm_import_new_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (crm_import_get_mapping (import, 2), ==, CRM_IMPORT_FIELD_SUBMITTED);
  g_assert_true (crm_import_run (import, f->sr.store, FALSE, NULL, NULL, NULL, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.created, ==, 4);
  g_assert_cmpuint (summary.skipped_in_file, ==, 1);
  /* The time that is not one is said, with its line; the lead is kept */
  g_assert_cmpuint (summary.problems->len, ==, 1);
  crm_test_assert_contains (((CrmImportProblem *) g_ptr_array_index (summary.problems, 0))->message, "昨天");
  g_assert_cmpuint (((CrmImportProblem *) g_ptr_array_index (summary.problems, 0))->line, ==, 5);
  crm_import_summary_clear (&summary);

  /* The later submission won, though it came first in the file */
  id = crm_customer_store_find_by_phone (crm_store_get_customer_store (f->sr.store), "13800138000", 0);
  zhang = crm_customer_store_get (crm_store_get_customer_store (f->sr.store), id, NULL);
  later = g_date_time_new (zone, 2026, 11, 23, 14, 30, 0);
  g_assert_cmpstr (crm_customer_get_name (zhang), ==, "张伟");
  g_assert_cmpstr (crm_customer_get_notes (zhang), ==, "后来又问了一次");
  g_assert_cmpint (crm_customer_get_created_at (zhang), ==, g_date_time_to_unix (later));

  /* Its first-contact deadline counts from the submission, not the import */
  crm_staff_store_get_lead_rules (crm_store_get_staff_store (f->sr.store), &rules);
  due = file_int (f->sr.path, "SELECT coalesce(first_contact_due_at, 0) FROM customer WHERE name = '张伟'");
  if (rules.first_contact_minutes > 0 && owner_of (f, id) > 0)
    g_assert_cmpint (due, ==, crm_lead_rules_deadline (&rules, zone, g_date_time_to_unix (later)));
  else
    g_test_message ("no first-contact limit or no rep on duty: deadline %" G_GINT64_FORMAT, due);

  /* Without a time, or with one yet to come, the lead is dated at the import */
  g_assert_cmpint (file_int (f->sr.path, "SELECT created_at FROM customer WHERE name = '李娜'"), ==,
                   crm_clock_get_now (crm_store_get_clock (f->sr.store)));
  g_assert_cmpint (file_int (f->sr.path, "SELECT created_at FROM customer WHERE name = '赵强'"), ==,
                   crm_clock_get_now (crm_store_get_clock (f->sr.store)));
  g_unlink (path);
}

static void
test_import_merge (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "leads-utf8.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmImport) import = crm_import_new_from_file (path, &error);
  g_autoptr(CrmCustomer) zhang = NULL;
  CrmImportSummary summary;
  gint64 existing;

  existing = add_lead (f, "张伟", "138 0013 8001", CRM_CHANNEL_WALK_IN, CRM_GRADE_N);
  crm_import_set_duplicates (import, CRM_IMPORT_DUPLICATES_MERGE);
  crm_import_set_default_channel (import, CRM_CHANNEL_PHONE);
  g_assert_true (crm_import_run (import, f->sr.store, FALSE, NULL, NULL, NULL, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.created, ==, 4);
  g_assert_cmpuint (summary.merged, ==, 2);   /* 张伟 with the database, 刘洋 with 张伟 */
  g_assert_cmpuint (summary.skipped_existing, ==, 0);
  crm_import_summary_clear (&summary);

  zhang = crm_customer_store_get (crm_store_get_customer_store (f->sr.store), existing, NULL);
  g_assert_cmpint (crm_customer_get_channel (zhang), ==, CRM_CHANNEL_WALK_IN);
  g_assert_cmpstr (crm_customer_get_notes (zhang), ==, "想要白色\n同一号码再次留资");
  g_assert_cmpint (crm_customer_store_count (crm_store_get_customer_store (f->sr.store)), ==, 5);

  /* The unknown channel took the default */
  g_assert_cmpint (file_int (f->sr.path, "SELECT count(*) FROM customer WHERE channel = 'phone'"), ==, 1);
}

static void
test_import_errors (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "leads-no-phone-column.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmImport) import = crm_import_new_from_file (path, &error);
  g_autoptr(CrmImport) empty = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(CrmImport) ok = NULL;
  g_autofree char *ok_path = g_test_build_filename (G_TEST_DIST, "data", "leads-utf8.csv", NULL);
  CrmImportSummary summary;

  g_assert_no_error (error);
  g_assert_false (crm_import_run (import, f->sr.store, FALSE, NULL, NULL, NULL, &summary, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  crm_import_summary_clear (&summary);

  /* The column can be chosen by hand */
  g_assert_cmpint (crm_import_get_mapping (import, 2), ==, CRM_IMPORT_FIELD_NOTE);
  crm_import_set_mapping (import, 2, CRM_IMPORT_FIELD_PHONE);
  g_assert_cmpint (crm_import_get_mapping (import, 2), ==, CRM_IMPORT_FIELD_PHONE);
  crm_import_set_mapping (import, 1, CRM_IMPORT_FIELD_PHONE);
  g_assert_cmpint (crm_import_get_mapping (import, 2), ==, CRM_IMPORT_FIELD_IGNORE);

  empty = crm_import_new_from_data ("\n\n", 2, &error);
  g_assert_null (empty);
  g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  /* Cancelled: nothing stored */
  ok = crm_import_new_from_file (ok_path, &error);
  g_cancellable_cancel (cancellable);
  g_assert_false (crm_import_run (ok, f->sr.store, FALSE, cancellable, NULL, NULL, &summary, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (crm_customer_store_count (crm_store_get_customer_store (f->sr.store)), ==, 0);
  crm_import_summary_clear (&summary);
}

/* A quoted field that never closes would swallow the rest of the file
 * into one note: the file is refused, naming the line where it opened */
static void
test_import_unclosed_quote (void)
{
  static const char text[] =
    "客户姓名,手机号,备注\r\n"
    "张三,13800138000,\"周末到店\r\n看车\"\r\n"
    "李四,13900139000,\"想看\"\"雷凌\"\"\"\r\n"
    "王五,13700137000,\"报价后回复\r\n"
    "赵六,13600136000,无\r\n";
  static const char closed[] =
    "客户姓名,手机号,备注\r\n"
    "张三,13800138000,\"周末到店\r\n看车\"\r\n"
    "王五,13700137000,报价后\"回复\"\r\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmImport) import = crm_import_new_from_data (text, strlen (text), &error);
  g_autoptr(CrmImport) fine = NULL;
  guint line = 0;

  g_assert_null (import);
  g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
  crm_test_assert_has_prefix (error->message, "Line 5: ");
  g_assert_true (crm_csv_find_unclosed_quote (text, ',', &line));
  g_assert_cmpuint (line, ==, 5);
  g_clear_error (&error);

  /* Quotes inside a field that does not start with one, and a closed
   * field over two lines, are fine */
  g_assert_false (crm_csv_find_unclosed_quote (closed, ',', &line));
  fine = crm_import_new_from_data (closed, strlen (closed), &error);
  g_assert_no_error (error);
  g_assert_nonnull (fine);
}

/* showroom --import into a database that does not exist, or a showroom
 * not set up: refused, and no file is left behind */
static void
test_import_command_needs_showroom (Fixture       *f,
                                    gconstpointer  data)
{
  const char *showroom = g_getenv ("SHOWROOM_BIN");
  g_autofree char *csv = g_test_build_filename (G_TEST_DIST, "data", "leads-utf8.csv", NULL);
  g_autofree char *missing = g_build_filename (f->sr.dir, "typo.db", NULL);
  g_autofree char *empty = g_build_filename (f->sr.dir, "empty.db", NULL);
  const char *paths[] = { missing, empty };

  g_assert_nonnull (showroom);

  /* A showroom file with no showroom in it yet */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(CrmStore) store = crm_store_open (empty, f->sr.clock, &error);

    g_assert_no_error (error);
    g_assert_true (crm_store_needs_setup (store));
  }

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      const char *argv[] = { showroom, "--import", csv, "--database", paths[i], NULL };
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      g_autoptr(GError) error = NULL;
      int status = 0;

      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error));
      g_assert_no_error (error);
      g_test_message ("%s", err);
      g_assert_false (g_spawn_check_wait_status (status, NULL));
      crm_test_assert_contains (err, "nothing was imported");
    }
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  g_assert_cmpint (crm_test_file_int (empty, "SELECT count(*) FROM customer"), ==, 0);
}

/* Sizes a lead list does not have: a note of megabytes, a phone cell of
 * hundreds of characters (left out with their line), a file of only a
 * header (an error, not a success), a file far bigger than an export */
static void
test_import_limits (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GString) text = g_string_new ("客户姓名,手机号,备注\r\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmImport) import = NULL;
  g_autoptr(CrmImport) header_only = NULL;
  g_autofree char *big = g_build_filename (f->sr.dir, "big.csv", NULL);
  g_autofree char *long_note = NULL;
  CrmImportSummary summary;
  gint64 before = crm_customer_store_count (crm_store_get_customer_store (f->sr.store));

  long_note = g_strnfill (CRM_IMPORT_MAX_NOTE_CHARS + 1, 'x');
  g_string_append_printf (text, "张三,13800138000,%s\r\n", long_note);
  g_string_append (text, "李四,13900139000");
  for (guint i = 0; i < 20; i++)
    g_string_append (text, " 1390013900");
  g_string_append (text, ",备注\r\n王五,13700137000,周末到店\r\n");
  import = crm_import_new_from_data (text->str, text->len, &error);
  g_assert_no_error (error);
  g_assert_true (crm_import_run (import, f->sr.store, FALSE, NULL, NULL, NULL, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.created, ==, 1);
  g_assert_cmpuint (summary.invalid, ==, 2);
  crm_test_assert_contains (((CrmImportProblem *) g_ptr_array_index (summary.problems, 0))->message, "Line 2:");
  crm_test_assert_contains (((CrmImportProblem *) g_ptr_array_index (summary.problems, 1))->message, "Line 3:");
  crm_import_summary_clear (&summary);
  g_assert_cmpint (crm_customer_store_count (crm_store_get_customer_store (f->sr.store)), ==, before + 1);

  header_only = crm_import_new_from_data ("客户姓名,手机号\r\n", strlen ("客户姓名,手机号\r\n"), &error);
  g_assert_no_error (error);
  g_assert_false (crm_import_run (header_only, f->sr.store, FALSE, NULL, NULL, NULL, &summary, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
  crm_import_summary_clear (&summary);
  g_clear_error (&error);

  /* A file past the limit is refused before it is read */
  {
    FILE *out = fopen (big, "w");

    g_assert_nonnull (out);
    g_assert_cmpint (fseek (out, CRM_IMPORT_MAX_FILE_BYTES, SEEK_SET), ==, 0);
    g_assert_cmpint (fputc ('\n', out), ==, '\n');
    fclose (out);
  }
  g_assert_null (crm_import_new_from_file (big, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
  g_unlink (big);
}

/* A storage error on the last row: nothing of the file stays */
static void
test_import_storage_error (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "leads-utf8.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmImport) import = crm_import_new_from_file (path, &error);
  CrmImportSummary summary;
  gint64 before;

  add_lead (f, "老客户", "13700000000", CRM_CHANNEL_WALK_IN, CRM_GRADE_B);
  before = crm_customer_store_count (crm_store_get_customer_store (f->sr.store));

  /* Another program's rule that refuses the last row of the file */
  if (crm_test_backend_is_postgresql ())
    crm_test_file_exec (f->sr.path,
                        "CREATE FUNCTION refuse () RETURNS trigger LANGUAGE plpgsql AS $$"
                        " BEGIN RAISE EXCEPTION 'refused'; END $$;"
                        "CREATE TRIGGER refuse AFTER INSERT ON customer"
                        " FOR EACH ROW WHEN (NEW.name = '孙强') EXECUTE FUNCTION refuse ()");
  else
    crm_test_file_exec (f->sr.path,
                        "CREATE TRIGGER refuse AFTER INSERT ON customer"
                        " WHEN NEW.name = '孙强' BEGIN SELECT RAISE(ABORT, 'refused'); END");

  g_assert_false (crm_import_run (import, f->sr.store, FALSE, NULL, NULL, NULL, &summary, &error));
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  /* The import is written aside and published at once, where the
   * showroom's rule refuses it */
  crm_test_assert_contains (error->message, "refused");
  crm_import_summary_clear (&summary);

  g_assert_cmpint (crm_customer_store_count (crm_store_get_customer_store (f->sr.store)), ==, before);
  g_assert_cmpint (file_int (f->sr.path, "SELECT count(*) FROM customer"), ==, before);
  g_assert_cmpint (file_int (f->sr.path, "SELECT count(*) FROM deal"), ==, before);
  g_assert_cmpint (file_int (f->sr.path, "SELECT count(*) FROM assignment_log"), ==, 1);
  g_assert_cmpint (crm_customer_store_find_by_phone (crm_store_get_customer_store (f->sr.store), "13800138001", 0), ==, 0);

  /* The store is usable afterwards */
  add_lead (f, "新客户", "13700000001", CRM_CHANNEL_WALK_IN, CRM_GRADE_B);
  g_assert_cmpint (crm_customer_store_count (crm_store_get_customer_store (f->sr.store)), ==, before + 1);
}

/* No header: the columns are guessed from what they hold */
static void
test_import_no_header (Fixture       *f,
                       gconstpointer  data)
{
  static const char csv[] =
    "1,张伟,13800138001,汽车之家,想看凯美瑞\n"
    "2,李静,139-0013-8002,懂车帝,\n"
    "3,王先生,+86 137 0013 8003,抖音,周末来\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmImport) import = crm_import_new_from_data (csv, strlen (csv), &error);
  CrmImportSummary summary;

  g_assert_no_error (error);
  g_assert_cmpuint (crm_import_get_n_columns (import), ==, 5);
  g_assert_cmpstr (crm_import_get_header (import, 0), ==, "Column 1");
  g_assert_cmpint (crm_import_get_mapping (import, 0), ==, CRM_IMPORT_FIELD_IGNORE);
  g_assert_cmpint (crm_import_get_mapping (import, 1), ==, CRM_IMPORT_FIELD_NAME);
  g_assert_cmpint (crm_import_get_mapping (import, 2), ==, CRM_IMPORT_FIELD_PHONE);
  g_assert_cmpint (crm_import_get_mapping (import, 3), ==, CRM_IMPORT_FIELD_CHANNEL);
  g_assert_cmpint (crm_import_get_mapping (import, 4), ==, CRM_IMPORT_FIELD_IGNORE);

  /* Every line is data */
  g_assert_true (crm_import_run (import, f->sr.store, FALSE, NULL, NULL, NULL, &summary, &error));
  g_assert_cmpuint (summary.rows, ==, 3);
  g_assert_cmpuint (summary.created, ==, 3);
  crm_import_summary_clear (&summary);
}

/* What Excel does to phone numbers, and two numbers in one cell */
static void
test_import_excel_numbers (Fixture       *f,
                           gconstpointer  data)
{
  static const char csv[] =
    "姓名,手机\r\n"
    "甲,13800138000.0\r\n"
    "乙,13900139000/137-0013-7000\r\n"
    "丙,13700137000\r\n"
    "丁,=\"13600136000\"\r\n"
    "戊,'13500135000\r\n"
    "己,1.35001E+10\r\n"
    "庚,13400134000、13500135000\r\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmImport) import = crm_import_new_from_data (csv, strlen (csv), &error);
  g_autoptr(CrmCustomer) yi = NULL;
  g_autoptr(CrmCustomer) geng = NULL;
  CrmImportSummary summary;

  g_assert_no_error (error);
  g_assert_true (crm_import_run (import, f->sr.store, FALSE, NULL, NULL, NULL, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.rows, ==, 7);
  g_assert_cmpuint (summary.created, ==, 5);          /* 甲 乙 丁 戊 庚 */
  g_assert_cmpuint (summary.skipped_in_file, ==, 1);  /* 丙: 乙's second number */
  g_assert_cmpuint (summary.invalid, ==, 1);          /* 己 */
  crm_import_summary_clear (&summary);

  g_assert_cmpint (crm_customer_store_find_by_phone (crm_store_get_customer_store (f->sr.store), "13800138000", 0), >, 0);
  g_assert_cmpint (crm_customer_store_find_by_phone (crm_store_get_customer_store (f->sr.store), "13600136000", 0), >, 0);
  g_assert_cmpint (crm_customer_store_find_by_phone (crm_store_get_customer_store (f->sr.store), "13500135000", 0), >, 0);
  yi = crm_customer_store_get (crm_store_get_customer_store (f->sr.store), crm_customer_store_find_by_phone (crm_store_get_customer_store (f->sr.store), "13700137000", 0), NULL);
  g_assert_cmpstr (crm_customer_get_name (yi), ==, "乙");
  g_assert_cmpuint (g_strv_length ((char **) crm_customer_get_phones (yi)), ==, 2);
  /* 庚's second number belongs to 戊 already: kept out */
  geng = crm_customer_store_get (crm_store_get_customer_store (f->sr.store), crm_customer_store_find_by_phone (crm_store_get_customer_store (f->sr.store), "13400134000", 0), NULL);
  g_assert_cmpuint (g_strv_length ((char **) crm_customer_get_phones (geng)), ==, 1);
}

static char *
write_big_file (const char *dir,
                guint       n,
                guint       duplicates)
{
  g_autoptr(GString) text = g_string_sized_new (n * 60);
  static const char *channels[] = { "汽车之家", "懂车帝", "抖音", "易车", "官网" };
  char *path = g_build_filename (dir, "big.csv", NULL);
  g_autoptr(GError) error = NULL;

  g_string_append (text, "客户姓名,手机号,来源,意向车型,备注\r\n");
  for (guint i = 0; i < n; i++)
    {
      /* Every 1000th row repeats the number of the row before it */
      guint number = (duplicates && i % 1000 == 999) ? i - 1 : i;

      g_string_append_printf (text, "客户%u,1%c%09u,%s,凯美瑞,\"第%u条,周末到店\"\r\n",
                              i, "3578"[number % 4], number, channels[i % 5], i);
    }
  g_assert_true (g_file_set_contents (path, text->str, text->len, &error));
  g_assert_no_error (error);
  return path;
}

/* 100,000 rows on SQLite; 30,000 on the server, where the triggers of
 * the whole showroom run on each row (about 0.5 ms; the rows themselves
 * are written aside in a file either way and go over with COPY), which
 * still ends in equal shares */
static void
test_import_big (Fixture       *f,
                 gconstpointer  data)
{
  guint n = crm_test_backend_is_postgresql () ? 30000 : 100000;
  g_autofree char *path = write_big_file (f->sr.dir, n, TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmImport) import = crm_import_new_from_file (path, &error);
  CrmImportSummary summary;

  g_assert_no_error (error);
  g_assert_true (crm_import_run (import, f->sr.store, FALSE, NULL, NULL, NULL, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.rows, ==, n);
  g_assert_cmpuint (summary.created, ==, n - n / 1000);
  g_assert_cmpuint (summary.skipped_in_file, ==, n / 1000);
  g_assert_cmpuint (summary.invalid, ==, 0);
  g_assert_cmpuint (summary.assigned, ==, n - n / 1000);
  crm_import_summary_clear (&summary);
  g_assert_cmpint (crm_customer_store_count (crm_store_get_customer_store (f->sr.store)), ==, n - n / 1000);

  /* Round robin over six reps: 16650 each (4995 of 30,000) */
  for (guint i = 0; i < 6; i++)
    g_assert_cmpint (crm_lead_store_count_held (crm_store_get_lead_store (f->sr.store), f->reps[i]), ==,
                     (n - n / 1000) / 6);
  g_unlink (path);
}

/* Another desktop of the showroom (or another program on this PC) saves
 * while a big import runs: the import reads and writes its
 * rows aside and takes the showroom's write lock only to publish them,
 * so the save goes through while the import is still reading. Each time
 * the import reports progress, a save is asked of the other store and
 * must be done before the import goes on (it waits at most the other
 * store's busy timeout, 5 s, or the server's lock timeout: with the import
 * holding the write lock, as it did, the save failed with "locked"). */
typedef struct
{
  const char *path;
  GMutex      lock;
  GCond       cond;
  guint       asked;
  guint       saved;
  gboolean    stop;
  GError     *error;
} Saver;

static gpointer
saver_thread (gpointer data)
{
  Saver *saver = data;
  g_autoptr(CrmClock) clock = crm_clock_new_fixed (tuesday_10h);
  g_autoptr(CrmStore) store = crm_store_open (saver->path, clock, &saver->error);

  g_mutex_lock (&saver->lock);
  while (store != NULL && !saver->stop)
    {
      if (saver->saved < saver->asked)
        {
          g_autofree char *phone = g_strdup_printf ("1860000%04u", saver->saved);
          g_autoptr(CrmCustomer) customer = crm_test_customer_new ("前台登记", phone, NULL);

          g_mutex_unlock (&saver->lock);
          crm_customer_store_insert (crm_store_get_customer_store (store), customer, &saver->error);
          g_mutex_lock (&saver->lock);
          if (saver->error != NULL)
            break;
          saver->saved++;
          g_cond_broadcast (&saver->cond);
          continue;
        }
      g_cond_wait (&saver->cond, &saver->lock);
    }
  g_cond_broadcast (&saver->cond);
  g_mutex_unlock (&saver->lock);
  return NULL;
}

static void
ask_save_cb (double   fraction,
             guint    rows,
             gpointer user_data)
{
  Saver *saver = user_data;
  gint64 until = g_get_monotonic_time () + 10 * G_TIME_SPAN_SECOND;

  if (fraction >= 1.0)
    return;
  g_mutex_lock (&saver->lock);
  saver->asked++;
  g_cond_broadcast (&saver->cond);
  while (saver->saved < saver->asked && saver->error == NULL &&
         g_cond_wait_until (&saver->cond, &saver->lock, until))
    ;
  g_mutex_unlock (&saver->lock);
}

static void
test_import_while_saving (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmImport) import = NULL;
  CrmImportSummary summary;
  Saver saver = { f->sr.path, };
  GThread *thread;

  path = write_big_file (f->sr.dir, 3200, FALSE);
  import = crm_import_new_from_file (path, &error);
  g_assert_no_error (error);
  g_mutex_init (&saver.lock);
  g_cond_init (&saver.cond);
  thread = g_thread_new ("other desktop", saver_thread, &saver);

  g_assert_true (crm_import_run (import, f->sr.store, FALSE, NULL, ask_save_cb, &saver, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.created, ==, 3200);

  g_mutex_lock (&saver.lock);
  saver.stop = TRUE;
  g_cond_broadcast (&saver.cond);
  g_mutex_unlock (&saver.lock);
  g_thread_join (thread);
  g_assert_no_error (saver.error);

  /* A save for each 500 rows, each while the import was reading */
  g_assert_cmpuint (saver.asked, ==, 6);
  g_assert_cmpuint (saver.saved, ==, 6);
  g_assert_cmpint (file_int (f->sr.path, "SELECT count(*) FROM customer WHERE name = '前台登记'"), ==, 6);
  g_assert_cmpint (file_int (f->sr.path, "SELECT count(*) FROM customer"), ==, 3206);
  g_assert_cmpint (summary.publish_us, >, 0);
  g_test_message ("the showroom's write lock was held %.3f s", summary.publish_us / (double) G_USEC_PER_SEC);
  crm_import_summary_clear (&summary);
  g_mutex_clear (&saver.lock);
  g_cond_clear (&saver.cond);
  g_unlink (path);
}

/* The child is killed in the middle of the import: the database must be as
 * before and intact */
static void
test_import_killed (Fixture       *f,
                    gconstpointer  data)
{
  const char *showroom = g_getenv ("SHOWROOM_BIN");
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GDataInputStream) err = NULL;
  g_autofree char *line = NULL;
  g_autofree char *integrity = NULL;
  gint64 before;

  if (showroom == NULL)
    {
      g_test_skip ("SHOWROOM_BIN not set");
      return;
    }

  add_lead (f, "张伟", "13800138001", CRM_CHANNEL_WALK_IN, CRM_GRADE_H);
  before = crm_customer_store_count (crm_store_get_customer_store (f->sr.store));
  crm_test_showroom_close_store (&f->sr);

  path = write_big_file (f->sr.dir, 100000, FALSE);
  child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDERR_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error,
                            showroom, "--import", path, "--database", f->sr.path, NULL);
  g_assert_no_error (error);

  /* Wait until it is importing ("10000 rows read …"), then kill it */
  err = g_data_input_stream_new (g_subprocess_get_stderr_pipe (child));
  line = g_data_input_stream_read_line_utf8 (err, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_test_message ("child said: %s", line);
  crm_test_assert_contains (line, "10000");
  g_subprocess_send_signal (child, SIGKILL);
  g_subprocess_wait (child, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (child));
  g_assert_cmpint (g_subprocess_get_term_sig (child), ==, SIGKILL);

  g_assert_cmpint (file_int (f->sr.path, "SELECT count(*) FROM customer WHERE deleted_at IS NULL"), ==, before);
  g_assert_cmpint (file_int (f->sr.path, "SELECT count(*) FROM deal"), ==, before);
  g_assert_cmpint (file_int (f->sr.path, "SELECT count(*) FROM assignment_log"), ==, 1);
  /* The file's pages are whole (a server keeps its own) */
  if (!crm_test_backend_is_postgresql ())
    {
      integrity = file_text (f->sr.path, "PRAGMA integrity_check");
      g_assert_cmpstr (integrity, ==, "ok");
    }

  crm_test_showroom_open_store (&f->sr);
  g_assert_cmpint (crm_customer_store_count (crm_store_get_customer_store (f->sr.store)), ==, before);
  g_unlink (path);
}

/* ------------------------------------------------------------------ */
/* Assignment                                                          */

static void
set_mode (Fixture       *f,
          CrmAssignMode  mode,
          gboolean       by_channel)
{
  g_autoptr(GError) error = NULL;
  CrmLeadRules rules;

  crm_staff_store_get_lead_rules (crm_store_get_staff_store (f->sr.store), &rules);
  rules.mode = mode;
  rules.by_channel = by_channel;
  g_assert_true (crm_staff_store_set_lead_rules (crm_store_get_staff_store (f->sr.store), &rules, &error));
  g_assert_no_error (error);
}

/* By brand: a lead interested in a Lexus goes to the consultant who sells
 * Lexus; a brand nobody takes goes to everyone; the rule off, to anyone */
static void
test_assign_by_brand (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(CrmVehicleModel) lexus = crm_vehicle_model_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) brands = NULL;
  g_auto(GStrv) taken = NULL;
  CrmLeadRules rules;
  gint64 lexus_id;

  crm_vehicle_model_set_brand (lexus, "雷克萨斯");
  crm_vehicle_model_set_series (lexus, "ES");
  crm_vehicle_model_set_guide_price (lexus, 29990000);
  lexus_id = crm_staff_store_insert_vehicle_model (crm_store_get_staff_store (f->sr.store), lexus, &error);
  g_assert_no_error (error);

  brands = crm_staff_store_list_brands (crm_store_get_staff_store (f->sr.store));
  g_assert_cmpuint (g_strv_length (brands), ==, 2);
  g_assert_true (crm_staff_store_set_brand (crm_store_get_staff_store (f->sr.store), f->reps[3], "雷克萨斯", TRUE, &error));
  /* taking a brand twice keeps one row */
  g_assert_true (crm_staff_store_set_brand (crm_store_get_staff_store (f->sr.store), f->reps[3], "雷克萨斯", TRUE, &error));
  g_assert_true (crm_staff_store_set_brand (crm_store_get_staff_store (f->sr.store), f->reps[2], "雷克萨斯", TRUE, &error));
  g_assert_true (crm_staff_store_set_brand (crm_store_get_staff_store (f->sr.store), f->reps[2], "雷克萨斯", FALSE, &error));
  g_assert_no_error (error);
  taken = crm_staff_store_get_brands (crm_store_get_staff_store (f->sr.store), f->reps[3]);
  g_assert_cmpstrv (taken, ((const char * const[]) { "雷克萨斯", NULL }));

  set_mode (f, CRM_ASSIGN_MODE_ROUND_ROBIN, FALSE);
  crm_staff_store_get_lead_rules (crm_store_get_staff_store (f->sr.store), &rules);
  rules.by_brand = TRUE;
  g_assert_true (crm_staff_store_set_lead_rules (crm_store_get_staff_store (f->sr.store), &rules, &error));
  crm_staff_store_get_lead_rules (crm_store_get_staff_store (f->sr.store), &rules);
  g_assert_true (rules.by_brand);

  for (guint i = 0; i < 12; i++)
    {
      g_autoptr(CrmCustomer) customer = crm_customer_new ();
      g_autofree char *phone = g_strdup_printf ("137%08u", i);
      const char *phones[] = { phone, NULL };
      gint64 models[] = { i % 2 ? lexus_id : f->model };
      gint64 id;

      crm_customer_set_name (customer, "品牌客户");
      crm_customer_set_phones (customer, phones);
      crm_customer_set_model_ids (customer, g_variant_new_fixed_array (G_VARIANT_TYPE_INT64, models, 1,
                                                                       sizeof (gint64)));
      id = crm_leads_create (f->sr.store, customer, 0, f->reception, &error);
      g_assert_no_error (error);
      if (i % 2)
        g_assert_cmpint (owner_of (f, id), ==, f->reps[3]);
      else
        g_assert_cmpint (owner_of (f, id), >, 0);   /* nobody takes 广汽丰田: anyone */
    }

  /* The rule off: Lexus leads go round like every other */
  rules.by_brand = FALSE;
  g_assert_true (crm_staff_store_set_lead_rules (crm_store_get_staff_store (f->sr.store), &rules, &error));
  {
    guint others = 0;

    for (guint i = 0; i < 6; i++)
      {
        g_autoptr(CrmCustomer) customer = crm_customer_new ();
        g_autofree char *phone = g_strdup_printf ("136%08u", i);
        const char *phones[] = { phone, NULL };
        gint64 models[] = { lexus_id };
        gint64 id;

        crm_customer_set_name (customer, "品牌客户");
        crm_customer_set_phones (customer, phones);
        crm_customer_set_model_ids (customer, g_variant_new_fixed_array (G_VARIANT_TYPE_INT64, models, 1,
                                                                         sizeof (gint64)));
        id = crm_leads_create (f->sr.store, customer, 0, f->reception, &error);
        g_assert_no_error (error);
        others += owner_of (f, id) != f->reps[3];
      }
    g_assert_cmpuint (others, >, 0);
  }
}

static void
test_assign_round_robin (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  guint counts[6] = { 0, };
  gint64 first = 0;

  set_mode (f, CRM_ASSIGN_MODE_ROUND_ROBIN, FALSE);
  g_assert_true (crm_staff_store_set_on_duty (crm_store_get_staff_store (f->sr.store), f->reps[5], FALSE, &error));
  g_assert_false (crm_staff_store_get_on_duty (crm_store_get_staff_store (f->sr.store), f->reps[5]));

  for (guint i = 0; i < 600; i++)
    {
      g_autofree char *phone = g_strdup_printf ("139%08u", i);
      gint64 id = add_lead (f, "客户", phone, CRM_CHANNEL_AUTOHOME, CRM_GRADE_N);
      gint64 owner = owner_of (f, id);

      if (i == 0)
        first = owner;
      for (guint k = 0; k < 6; k++)
        if (f->reps[k] == owner)
          counts[k]++;
    }

  /* Five on duty: exactly 120 each, none for the rep off duty */
  for (guint k = 0; k < 5; k++)
    g_assert_cmpuint (counts[k], ==, 120);
  g_assert_cmpuint (counts[5], ==, 0);
  g_assert_cmpint (first, ==, f->reps[0]);

  /* Every assignment recorded: who, to whom, why */
  g_assert_cmpint (file_int (f->sr.path, "SELECT count(*) FROM assignment_log WHERE reason = 'rule'"
                                      " AND by_staff IS NOT NULL"), ==, 600);
  /* The rep sees it in their list */
  {
    g_autoptr(GListModel) notices = crm_lead_store_list_notices (crm_store_get_lead_store (f->sr.store), f->reps[0], TRUE);
    g_autoptr(CrmLeadNotice) first_notice = g_list_model_get_item (notices, 0);

    g_assert_cmpuint (g_list_model_get_n_items (notices), ==, 120);
    g_assert_cmpstr (crm_lead_notice_get_kind (first_notice), ==, CRM_NOTICE_ASSIGNED);
    g_assert_false (crm_lead_notice_get_seen (first_notice));
    g_assert_cmpuint (crm_lead_store_count_unseen_notices (crm_store_get_lead_store (f->sr.store), f->reps[0], 200), ==, 120);
    g_assert_cmpuint (crm_lead_store_count_unseen_notices (crm_store_get_lead_store (f->sr.store), f->reps[0], 50), ==, 50);
    g_assert_cmpuint (crm_lead_store_count_unseen_notices (crm_store_get_lead_store (f->sr.store), f->reps[1], 200), ==, 120);
    g_assert_true (crm_lead_store_mark_notices_seen (crm_store_get_lead_store (f->sr.store), f->reps[0], &error));
    g_assert_cmpuint (crm_lead_store_count_unseen_notices (crm_store_get_lead_store (f->sr.store), f->reps[0], 200), ==, 0);
    /* Someone else's stay unseen */
    g_assert_cmpuint (crm_lead_store_count_unseen_notices (crm_store_get_lead_store (f->sr.store), f->reps[1], 200), ==, 120);
    g_clear_object (&notices);
    notices = crm_lead_store_list_notices (crm_store_get_lead_store (f->sr.store), f->reps[0], TRUE);
    g_assert_cmpuint (g_list_model_get_n_items (notices), ==, 0);
    g_clear_object (&notices);
    notices = crm_lead_store_list_notices (crm_store_get_lead_store (f->sr.store), f->reps[0], FALSE);
    g_assert_cmpuint (g_list_model_get_n_items (notices), ==, 120);
  }
}

static void
test_assign_fewest_open (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  guint counts[6] = { 0, };

  /* Rep 0 already holds 30 H/A leads, rep 1 holds 10 */
  set_mode (f, CRM_ASSIGN_MODE_NONE, FALSE);
  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *phone = g_strdup_printf ("137%08u", i);
      gint64 id = add_lead (f, "老客户", phone, CRM_CHANNEL_WALK_IN, i % 2 ? CRM_GRADE_H : CRM_GRADE_A);

      g_assert_cmpint (owner_of (f, id), ==, 0);
      g_assert_true (crm_lead_store_assign_customer (crm_store_get_lead_store (f->sr.store), id, i < 30 ? f->reps[0] : f->reps[1],
                                                f->manager, CRM_ASSIGN_REASON_MANUAL, &error));
      g_assert_no_error (error);
    }

  set_mode (f, CRM_ASSIGN_MODE_FEWEST_OPEN, FALSE);
  for (guint i = 0; i < 100; i++)
    {
      g_autofree char *phone = g_strdup_printf ("139%08u", i);
      /* New leads graded A count as open */
      gint64 id = add_lead (f, "客户", phone, CRM_CHANNEL_AUTOHOME, CRM_GRADE_A);
      gint64 owner = owner_of (f, id);

      for (guint k = 0; k < 6; k++)
        if (f->reps[k] == owner)
          counts[k]++;
    }

  /* 140 open leads, 6 reps: rep 0 keeps its 30 and gets none; the others
   * level up to 22 each (rep 1: 10 + 12) — 12 + 4 × 22 = 100 */
  g_assert_cmpuint (counts[0], ==, 0);
  g_assert_cmpuint (counts[1], ==, 12);
  for (guint k = 2; k < 6; k++)
    g_assert_cmpuint (counts[k], ==, 22);
}

static void
test_assign_by_channel (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  set_mode (f, CRM_ASSIGN_MODE_ROUND_ROBIN, TRUE);
  g_assert_true (crm_staff_store_set_channels (crm_store_get_staff_store (f->sr.store), f->reps[2],
                                               1u << CRM_CHANNEL_DOUYIN | 1u << CRM_CHANNEL_DONGCHEDI,
                                               &error));
  g_assert_cmpuint (crm_staff_store_get_channels (crm_store_get_staff_store (f->sr.store), f->reps[2]), ==,
                    1u << CRM_CHANNEL_DOUYIN | 1u << CRM_CHANNEL_DONGCHEDI);

  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *phone = g_strdup_printf ("139%08u", i);
      g_assert_cmpint (owner_of (f, add_lead (f, "抖音客户", phone, CRM_CHANNEL_DOUYIN, CRM_GRADE_N)),
                       ==, f->reps[2]);
    }
  /* Nobody takes Autohome specially: everyone does */
  {
    gint64 id = add_lead (f, "之家客户", "13600000000", CRM_CHANNEL_AUTOHOME, CRM_GRADE_N);
    g_assert_cmpint (owner_of (f, id), !=, 0);
  }
}

static void
test_assign_manual_and_leave (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) history = NULL;
  gint64 a, b, c;

  set_mode (f, CRM_ASSIGN_MODE_ROUND_ROBIN, FALSE);
  a = add_lead (f, "甲", "13900000001", CRM_CHANNEL_WALK_IN, CRM_GRADE_H);
  b = add_lead (f, "乙", "13900000002", CRM_CHANNEL_WALK_IN, CRM_GRADE_H);
  c = add_lead (f, "丙", "13900000003", CRM_CHANNEL_WALK_IN, CRM_GRADE_H);
  g_assert_cmpint (owner_of (f, a), ==, f->reps[0]);

  g_assert_true (crm_lead_store_assign_customer (crm_store_get_lead_store (f->sr.store), a, f->reps[3], f->manager,
                                            CRM_ASSIGN_REASON_MANUAL, &error));
  history = crm_lead_store_list_assignments (crm_store_get_lead_store (f->sr.store), a);
  g_assert_cmpuint (history->len, ==, 2);
  g_assert_cmpint (((CrmAssignment *) history->pdata[1])->from_staff, ==, f->reps[0]);
  g_assert_cmpint (((CrmAssignment *) history->pdata[1])->to_staff, ==, f->reps[3]);
  g_assert_cmpint (((CrmAssignment *) history->pdata[1])->by_staff, ==, f->manager);
  g_assert_cmpstr (((CrmAssignment *) history->pdata[1])->reason, ==, CRM_ASSIGN_REASON_MANUAL);

  /* Rep 3 leaves: all their customers go to the pool, recorded */
  g_assert_cmpint (crm_lead_store_count_held (crm_store_get_lead_store (f->sr.store), f->reps[3]), ==, 1);
  g_assert_cmpuint (crm_lead_store_staff_leave (crm_store_get_lead_store (f->sr.store), f->reps[3], 0, f->manager, &error), ==, 1);
  g_assert_no_error (error);
  g_assert_cmpint (owner_of (f, a), ==, 0);
  g_assert_false (crm_staff_store_get_on_duty (crm_store_get_staff_store (f->sr.store), f->reps[3]));
  g_assert_cmpint (file_int (f->sr.path, "SELECT count(*) FROM assignment_log WHERE reason = 'staff-left'"), ==, 1);

  /* Assigning to someone who left is refused */
  g_assert_false (crm_lead_store_assign_customer (crm_store_get_lead_store (f->sr.store), b, f->reps[3], f->manager,
                                             CRM_ASSIGN_REASON_MANUAL, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  /* Bulk: a manager gives b and c to rep 5 */
  {
    g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
    g_array_append_val (ids, b);
    g_array_append_val (ids, c);
    g_assert_cmpuint (crm_lead_store_assign_bulk (crm_store_get_lead_store (f->sr.store), ids, f->reps[5], f->manager, &error), ==, 2);
    g_assert_cmpint (owner_of (f, b), ==, f->reps[5]);
    g_assert_cmpuint (crm_lead_store_assign_bulk (crm_store_get_lead_store (f->sr.store), ids, 0, f->manager, &error), ==, 2);
    g_assert_cmpint (crm_lead_store_count_pool (crm_store_get_lead_store (f->sr.store)), ==, 3);
  }
}

static void
test_first_contact (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  CrmLeadRules rules;
  gint64 next = 0;
  gint64 a, b;

  /* Opening hours 9:00–18:00, two hours: 17:30 + 2 h = 10:30 next day */
  crm_staff_store_get_lead_rules (crm_store_get_staff_store (f->sr.store), &rules);
  g_assert_cmpint (rules.first_contact_minutes, ==, 120);
  g_assert_cmpint (crm_lead_rules_deadline (&rules, crm_store_get_time_zone (f->sr.store), tuesday_10h), ==, tuesday_10h + 2 * HOUR);
  g_assert_cmpint (crm_lead_rules_deadline (&rules, crm_store_get_time_zone (f->sr.store), tuesday_10h + 7 * HOUR + 30 * 60), ==,
                   tuesday_10h + DAY + 30 * 60);
  g_assert_cmpint (crm_lead_rules_deadline (&rules, crm_store_get_time_zone (f->sr.store), tuesday_10h - 3 * HOUR), ==, tuesday_10h + HOUR);
  g_assert_cmpint (crm_lead_rules_deadline (&rules, crm_store_get_time_zone (f->sr.store), tuesday_10h + 12 * HOUR), ==, tuesday_10h + DAY + HOUR);

  set_mode (f, CRM_ASSIGN_MODE_ROUND_ROBIN, FALSE);
  a = add_lead (f, "甲", "13900000001", CRM_CHANNEL_AUTOHOME, CRM_GRADE_N);
  b = add_lead (f, "乙", "13900000002", CRM_CHANNEL_AUTOHOME, CRM_GRADE_N);
  g_assert_cmpint (owner_of (f, a), ==, f->reps[0]);
  g_assert_cmpint (owner_of (f, b), ==, f->reps[1]);

  g_assert_cmpuint (crm_leads_run_deadlines (f->sr.store, &next, &error), ==, 0);
  g_assert_no_error (error);
  g_assert_cmpint (next, ==, tuesday_10h + 2 * HOUR);
  /* What the scheduler reads after a change, without running anything */
  g_assert_cmpint (crm_leads_get_next_deadline (f->sr.store), ==, tuesday_10h + 2 * HOUR);

  /* b is called in time by its rep */
  crm_clock_advance (f->sr.clock, HOUR);
  {
    g_autoptr(CrmActivity) call = crm_activity_new ();
    crm_activity_set_customer_id (call, b);
    crm_activity_set_kind (call, CRM_ACTIVITY_CALL);
    crm_activity_set_done_at (call, crm_clock_get_now (f->sr.clock));
    crm_activity_set_staff_id (call, f->reps[1]);
    g_assert_cmpint (crm_followup_store_insert (crm_store_get_followup_store (f->sr.store), call, &error), >, 0);
    g_assert_no_error (error);
  }

  /* Two hours later a was not: it goes to the next rep, the manager is told */
  crm_clock_set_now (f->sr.clock, tuesday_10h + 2 * HOUR);
  g_assert_cmpuint (crm_leads_run_deadlines (f->sr.store, &next, &error), ==, 1);
  g_assert_cmpint (owner_of (f, a), ==, f->reps[2]);
  g_assert_cmpint (owner_of (f, b), ==, f->reps[1]);
  g_assert_cmpint (next, ==, tuesday_10h + 4 * HOUR);
  g_assert_cmpint (crm_leads_get_next_deadline (f->sr.store), ==, tuesday_10h + 4 * HOUR);
  {
    g_autoptr(GListModel) notices = crm_lead_store_list_notices (crm_store_get_lead_store (f->sr.store), f->manager, TRUE);
    g_autoptr(CrmLeadNotice) notice = g_list_model_get_item (notices, 0);

    g_assert_cmpuint (g_list_model_get_n_items (notices), ==, 1);
    g_assert_cmpstr (crm_lead_notice_get_kind (notice), ==, CRM_NOTICE_FIRST_CONTACT_MISSED);
    g_assert_cmpint (crm_lead_notice_get_customer_id (notice), ==, a);
    g_assert_cmpstr (crm_lead_notice_get_customer_name (notice), ==, "甲");
    /* Only managers see the notices for managers */
    g_assert_cmpuint (crm_lead_store_count_unseen_notices (crm_store_get_lead_store (f->sr.store), f->manager, 200), ==, 1);
    g_clear_object (&notices);
    notices = crm_lead_store_list_notices (crm_store_get_lead_store (f->sr.store), f->reps[0], FALSE);
    for (guint i = 0; i < g_list_model_get_n_items (notices); i++)
      {
        g_autoptr(CrmLeadNotice) other = g_list_model_get_item (notices, i);
        g_assert_cmpstr (crm_lead_notice_get_kind (other), !=, CRM_NOTICE_FIRST_CONTACT_MISSED);
      }
    g_assert_true (crm_lead_store_mark_notices_seen (crm_store_get_lead_store (f->sr.store), f->manager, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (crm_lead_store_count_unseen_notices (crm_store_get_lead_store (f->sr.store), f->manager, 200), ==, 0);
    g_clear_object (&notices);
    notices = crm_lead_store_list_notices (crm_store_get_lead_store (f->sr.store), f->manager, FALSE);
    g_assert_cmpuint (g_list_model_get_n_items (notices), ==, 1);
  }
  g_assert_cmpint (file_int (f->sr.path, "SELECT count(*) FROM assignment_log WHERE reason = 'first-contact-timeout'"),
                   ==, 1);
  /* Nothing more to do until the next deadline */
  g_assert_cmpuint (crm_leads_run_deadlines (f->sr.store, NULL, &error), ==, 0);
}

/* The pool limit comes from the grade: an H customer held without a
 * follow-up goes back sooner than a C one; a grade change counts at once,
 * even for a customer the walks had passed */
static void
test_pool_by_grade (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  CrmLeadRules rules;
  gint64 next = 0;
  gint64 hot, warm, cold, slow;

  crm_staff_store_get_lead_rules (crm_store_get_staff_store (f->sr.store), &rules);
  rules.first_contact_minutes = 0;
  rules.pool_days = 15;
  rules.pool_warn_days = 1;
  rules.pool_days_grade[CRM_GRADE_H] = 3;
  rules.pool_days_grade[CRM_GRADE_C] = 30;
  g_assert_true (crm_staff_store_set_lead_rules (crm_store_get_staff_store (f->sr.store), &rules, &error));
  g_assert_no_error (error);
  /* Read back: H and C their own, A and B the showroom's */
  memset (&rules, 0, sizeof rules);
  crm_staff_store_get_lead_rules (crm_store_get_staff_store (f->sr.store), &rules);
  g_assert_cmpint (crm_lead_rules_pool_days (&rules, CRM_GRADE_H), ==, 3);
  g_assert_cmpint (crm_lead_rules_pool_days (&rules, CRM_GRADE_A), ==, 15);
  g_assert_cmpint (crm_lead_rules_pool_days (&rules, CRM_GRADE_C), ==, 30);
  g_assert_cmpint (crm_lead_rules_pool_days (&rules, CRM_GRADE_N), ==, 15);

  /* A limit shorter than the warning is refused */
  rules.pool_days_grade[CRM_GRADE_A] = 1;
  g_assert_false (crm_staff_store_set_lead_rules (crm_store_get_staff_store (f->sr.store), &rules, &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  rules.pool_days_grade[CRM_GRADE_A] = 0;

  set_mode (f, CRM_ASSIGN_MODE_ROUND_ROBIN, FALSE);
  hot = add_lead (f, "热", "13900000011", CRM_CHANNEL_AUTOHOME, CRM_GRADE_H);
  warm = add_lead (f, "温", "13900000012", CRM_CHANNEL_AUTOHOME, CRM_GRADE_A);
  cold = add_lead (f, "冷", "13900000013", CRM_CHANNEL_AUTOHOME, CRM_GRADE_C);
  slow = add_lead (f, "慢", "13900000014", CRM_CHANNEL_AUTOHOME, CRM_GRADE_C);

  /* The first deadline is H's warning, two days on */
  g_assert_cmpuint (crm_leads_run_deadlines (f->sr.store, &next, &error), ==, 0);
  g_assert_cmpint (next, ==, tuesday_10h + 2 * DAY);

  /* Day 4: H went back after 3 days; the others stay */
  crm_clock_set_now (f->sr.clock, tuesday_10h + 4 * DAY);
  g_assert_cmpuint (crm_leads_run_deadlines (f->sr.store, &next, &error), ==, 1);
  g_assert_no_error (error);
  g_assert_cmpint (owner_of (f, hot), ==, 0);
  g_assert_cmpint (owner_of (f, warm), >, 0);
  g_assert_cmpint (owner_of (f, cold), >, 0);
  g_assert_cmpint (next, ==, tuesday_10h + 14 * DAY);   /* A's warning */

  /* Day 20: A is gone too (15 days); the C customers stay to day 30 */
  crm_clock_set_now (f->sr.clock, tuesday_10h + 20 * DAY);
  crm_leads_run_deadlines (f->sr.store, &next, &error);
  g_assert_no_error (error);
  g_assert_cmpint (owner_of (f, warm), ==, 0);
  g_assert_cmpint (owner_of (f, cold), >, 0);
  g_assert_cmpint (owner_of (f, slow), >, 0);
  g_assert_cmpint (next, ==, tuesday_10h + 29 * DAY);

  /* Made H on day 20, 20 days without a follow-up: back to the pool at
   * the next run, though the walks had passed it */
  {
    g_autoptr(CrmCustomer) customer = crm_customer_store_get (crm_store_get_customer_store (f->sr.store), cold, &error);

    crm_customer_set_grade (customer, CRM_GRADE_H);
    g_assert_true (crm_customer_store_update (crm_store_get_customer_store (f->sr.store), customer, &error));
    g_assert_no_error (error);
  }
  g_assert_true (crm_leads_is_due (f->sr.store));
  g_assert_cmpuint (crm_leads_run_deadlines (f->sr.store, &next, &error), ==, 1);
  g_assert_cmpint (owner_of (f, cold), ==, 0);
  g_assert_cmpint (owner_of (f, slow), >, 0);
}

static void
test_pool (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) notices = NULL;
  g_autoptr(CrmLeadNotice) notice = NULL;
  CrmLeadRules rules;
  gint64 next = 0;
  gint64 a, b, won;

  crm_staff_store_get_lead_rules (crm_store_get_staff_store (f->sr.store), &rules);
  g_assert_cmpint (rules.pool_days, ==, 15);
  g_assert_cmpint (rules.pool_warn_days, ==, 3);
  rules.first_contact_minutes = 0;
  rules.pool_hold_limit = 2;
  g_assert_true (crm_staff_store_set_lead_rules (crm_store_get_staff_store (f->sr.store), &rules, &error));

  set_mode (f, CRM_ASSIGN_MODE_ROUND_ROBIN, FALSE);
  a = add_lead (f, "甲", "13900000001", CRM_CHANNEL_AUTOHOME, CRM_GRADE_B);
  b = add_lead (f, "乙", "13900000002", CRM_CHANNEL_AUTOHOME, CRM_GRADE_B);
  won = add_lead (f, "丙", "13900000003", CRM_CHANNEL_AUTOHOME, CRM_GRADE_H);
  {
    g_autoptr(GListModel) deals = crm_deal_store_list_for_customer (crm_store_get_deal_store (f->sr.store), won);
    g_autoptr(CrmDeal) deal = g_list_model_get_item (deals, 0);
    g_assert_true (crm_deal_store_move (crm_store_get_deal_store (f->sr.store), crm_deal_get_id (deal), CRM_STAGE_ORDERED, f->reps[2], &error));
  }

  g_assert_cmpuint (crm_leads_run_deadlines (f->sr.store, &next, &error), ==, 0);
  g_assert_cmpint (next, ==, tuesday_10h + 12 * DAY);

  /* Day 12: warned, once */
  crm_clock_set_now (f->sr.clock, tuesday_10h + 12 * DAY);
  g_assert_cmpuint (crm_leads_run_deadlines (f->sr.store, &next, &error), ==, 2);
  g_assert_cmpuint (crm_leads_run_deadlines (f->sr.store, &next, &error), ==, 0);
  g_assert_cmpint (next, ==, tuesday_10h + 15 * DAY);
  notices = crm_lead_store_list_notices (crm_store_get_lead_store (f->sr.store), f->reps[0], TRUE);
  notice = g_list_model_get_item (notices, 0);
  g_assert_cmpuint (g_list_model_get_n_items (notices), ==, 2);
  g_assert_cmpstr (crm_lead_notice_get_kind (notice), ==, CRM_NOTICE_POOL_WARNING);
  g_clear_object (&notice);
  g_clear_object (&notices);

  /* Day 13: b gets a follow-up, its clock restarts */
  crm_clock_set_now (f->sr.clock, tuesday_10h + 13 * DAY);
  {
    g_autoptr(CrmActivity) call = crm_activity_new ();
    crm_activity_set_customer_id (call, b);
    crm_activity_set_kind (call, CRM_ACTIVITY_CALL);
    crm_activity_set_done_at (call, crm_clock_get_now (f->sr.clock));
    g_assert_cmpint (crm_followup_store_insert (crm_store_get_followup_store (f->sr.store), call, &error), >, 0);
  }

  /* Day 15: a goes to the pool; b stays; the ordered one stays */
  crm_clock_set_now (f->sr.clock, tuesday_10h + 15 * DAY);
  g_assert_cmpuint (crm_leads_run_deadlines (f->sr.store, &next, &error), ==, 1);
  g_assert_cmpint (owner_of (f, a), ==, 0);
  g_assert_cmpint (owner_of (f, b), ==, f->reps[1]);
  g_assert_cmpint (owner_of (f, won), ==, f->reps[2]);
  g_assert_cmpint (next, ==, tuesday_10h + 25 * DAY);
  g_assert_cmpint (file_int (f->sr.path, "SELECT count(*) FROM assignment_log WHERE reason = 'pool-release'"
                                      " AND to_staff IS NULL"), ==, 1);
  notices = crm_lead_store_list_notices (crm_store_get_lead_store (f->sr.store), f->reps[0], TRUE);
  notice = g_list_model_get_item (notices, 0);
  g_assert_cmpstr (crm_lead_notice_get_kind (notice), ==, CRM_NOTICE_POOL_RELEASED);

  /* Claims: rep 1 holds b and may hold two: claims a; then the limit */
  g_assert_true (crm_pool_claim (f->sr.store, a, f->reps[1], &error));
  g_assert_no_error (error);
  g_assert_cmpint (owner_of (f, a), ==, f->reps[1]);
  g_assert_false (crm_pool_claim (f->sr.store, a, f->reps[3], &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  {
    g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
    g_array_append_val (ids, won);
    g_assert_cmpuint (crm_lead_store_assign_bulk (crm_store_get_lead_store (f->sr.store), ids, 0, f->manager, &error), ==, 1);
  }
  g_assert_false (crm_pool_claim (f->sr.store, won, f->reps[1], &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_true (crm_pool_claim (f->sr.store, won, f->reps[4], &error));
  g_assert_cmpint (file_int (f->sr.path, "SELECT count(*) FROM assignment_log WHERE reason = 'pool-claim'"), ==, 2);
}

/* A showroom opened after a long break: the pool catches up in short
 * batches, none forgotten */
static void
test_pool_batches (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *path = write_big_file (f->sr.dir, 1200, FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmImport) import = crm_import_new_from_file (path, &error);
  CrmImportSummary summary;
  CrmLeadRules rules;
  gint64 next = 0;
  guint runs = 0, changed;

  crm_staff_store_get_lead_rules (crm_store_get_staff_store (f->sr.store), &rules);
  rules.first_contact_minutes = 0;
  g_assert_true (crm_staff_store_set_lead_rules (crm_store_get_staff_store (f->sr.store), &rules, &error));
  g_assert_true (crm_import_run (import, f->sr.store, FALSE, NULL, NULL, NULL, &summary, &error));
  g_assert_cmpuint (summary.assigned, ==, 1200);
  crm_import_summary_clear (&summary);
  g_assert_cmpuint (crm_leads_run_deadlines (f->sr.store, &next, &error), ==, 0);
  g_assert_cmpint (next, ==, tuesday_10h + 12 * DAY);

  crm_clock_set_now (f->sr.clock, tuesday_10h + 20 * DAY);
  do
    {
      changed = crm_leads_run_deadlines (f->sr.store, &next, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (changed, <=, 2 * 100);   /* DEADLINES_BATCH */
      runs++;
    }
  while (next == crm_clock_get_now (f->sr.clock) && runs < 50);

  g_assert_cmpuint (runs, >=, 12);
  g_assert_cmpint (crm_lead_store_count_pool (crm_store_get_lead_store (f->sr.store)), ==, 1200);
  g_assert_cmpint (file_int (f->sr.path, "SELECT count(*) FROM assignment_log WHERE reason = 'pool-release'"), ==, 1200);
  g_assert_cmpint (next, ==, 0);
  g_assert_cmpuint (crm_leads_run_deadlines (f->sr.store, &next, &error), ==, 0);
  g_unlink (path);
}

/* ------------------------------------------------------------------ */
/* Traffic and grading                                                 */

static void
test_traffic (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  CrmTrafficStats stats;
  gint64 a;

  set_mode (f, CRM_ASSIGN_MODE_NONE, FALSE);
  a = add_lead (f, "甲", "13900000001", CRM_CHANNEL_WALK_IN, CRM_GRADE_N);

  /* Four groups walk in: one registers (2 people), three leave no details
   * (1 + 3 + 2 people); later the registered one comes back */
  g_assert_cmpint (crm_lead_store_log_visit (crm_store_get_lead_store (f->sr.store), a, FALSE, 2, f->reception, 0, &error), >, 0);
  g_assert_cmpint (crm_lead_store_log_visit (crm_store_get_lead_store (f->sr.store), 0, FALSE, 1, f->reception, 0, &error), >, 0);
  g_assert_cmpint (crm_lead_store_log_visit (crm_store_get_lead_store (f->sr.store), 0, FALSE, 3, f->reception, 0, &error), >, 0);
  g_assert_cmpint (crm_lead_store_log_visit (crm_store_get_lead_store (f->sr.store), 0, FALSE, 2, f->reception, 0, &error), >, 0);
  crm_clock_advance (f->sr.clock, DAY);
  g_assert_cmpint (crm_lead_store_log_visit (crm_store_get_lead_store (f->sr.store), a, FALSE, 1, f->reception, 0, &error), >, 0);
  g_assert_cmpint (crm_lead_store_log_visit (crm_store_get_lead_store (f->sr.store), 0, TRUE, 1, f->reception, 0, &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (crm_lead_store_log_visit (crm_store_get_lead_store (f->sr.store), 0, FALSE, 0, f->reception, 0, &error), ==, 0);
  g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);

  crm_lead_store_traffic_stats (crm_store_get_lead_store (f->sr.store), tuesday_10h - HOUR, tuesday_10h + 2 * DAY, &stats);
  g_assert_cmpint (stats.walk_ins, ==, 8);
  g_assert_cmpint (stats.registered, ==, 1);
  g_assert_cmpint (stats.visits, ==, 6);
  g_assert_cmpint (stats.repeat_visits, ==, 2);
  g_assert_cmpfloat_with_epsilon (stats.registration_rate, 1.0 / 8, 1e-9);
  g_assert_cmpfloat_with_epsilon (stats.repeat_rate, 2.0 / 6, 1e-9);

  /* Only the first day */
  crm_lead_store_traffic_stats (crm_store_get_lead_store (f->sr.store), tuesday_10h - HOUR, tuesday_10h + HOUR, &stats);
  g_assert_cmpint (stats.visits, ==, 4);
  g_assert_cmpint (stats.repeat_visits, ==, 0);
}

static void
test_grading_rules (void)
{
  CrmLeadFacts facts = { 0, };

  facts.channel_conversion = -1;
  g_assert_cmpint (crm_grading_propose (&facts), ==, CRM_GRADE_N);
  g_assert_cmpint (crm_grading_score (&facts), ==, 10);

  facts.timeframe = CRM_TIMEFRAME_WEEK;
  g_assert_cmpint (crm_grading_propose (&facts), ==, CRM_GRADE_H);
  facts.timeframe = CRM_TIMEFRAME_FORTNIGHT;
  g_assert_cmpint (crm_grading_propose (&facts), ==, CRM_GRADE_A);
  facts.timeframe = CRM_TIMEFRAME_MONTH;
  g_assert_cmpint (crm_grading_propose (&facts), ==, CRM_GRADE_B);
  facts.timeframe = CRM_TIMEFRAME_QUARTER;
  g_assert_cmpint (crm_grading_propose (&facts), ==, CRM_GRADE_C);
  facts.timeframe = CRM_TIMEFRAME_LATER;
  g_assert_cmpint (crm_grading_propose (&facts), ==, CRM_GRADE_C);

  /* Two strong signals raise a month to A */
  facts.timeframe = CRM_TIMEFRAME_MONTH;
  facts.test_drive = TRUE;
  g_assert_cmpint (crm_grading_propose (&facts), ==, CRM_GRADE_B);
  facts.financing_approved = TRUE;
  g_assert_cmpint (crm_grading_propose (&facts), ==, CRM_GRADE_A);

  /* A budget far under the price lowers it again */
  facts.model_price = 20000000;
  facts.budget_max = 12000000;
  g_assert_cmpint (crm_grading_propose (&facts), ==, CRM_GRADE_B);

  /* Without a timeframe: B with two strong signals */
  facts.timeframe = CRM_TIMEFRAME_UNKNOWN;
  g_assert_cmpint (crm_grading_propose (&facts), ==, CRM_GRADE_B);
  facts.test_drive = FALSE;
  g_assert_cmpint (crm_grading_propose (&facts), ==, CRM_GRADE_N);

  /* H never rises above H */
  memset (&facts, 0, sizeof facts);
  facts.timeframe = CRM_TIMEFRAME_WEEK;
  facts.test_drive = facts.financing_approved = facts.trade_in = TRUE;
  facts.visits = 3;
  facts.model_price = 20000000;
  facts.budget_max = 21000000;
  facts.channel_conversion = 0.25;
  g_assert_cmpint (crm_grading_propose (&facts), ==, CRM_GRADE_H);
  g_assert_cmpint (crm_grading_score (&facts), ==, 100);

  /* The channel's conversion weighs up to 10 */
  facts.channel_conversion = 0.10;
  g_assert_cmpint (crm_grading_score (&facts), ==, 95);
  facts.channel_conversion = 0;
  g_assert_cmpint (crm_grading_score (&facts), ==, 90);

  /* 35 + 10 (budget 90 %) + 5 (one visit) + 15 + 0 + 0 + 5 (unknown channel) */
  memset (&facts, 0, sizeof facts);
  facts.timeframe = CRM_TIMEFRAME_WEEK;
  facts.model_price = 20000000;
  facts.budget_max = 18000000;
  facts.visits = 1;
  facts.test_drive = TRUE;
  facts.channel_conversion = -1;
  g_assert_cmpint (crm_grading_score (&facts), ==, 70);
}

static void
test_grading_store (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmCustomer) customer = crm_customer_new ();
  const char *phones[] = { "13900000001", NULL };
  CrmLeadFacts facts;
  CrmGrade proposed;
  gint64 id;

  crm_customer_set_name (customer, "甲");
  crm_customer_set_phones (customer, phones);
  crm_customer_set_timeframe (customer, CRM_TIMEFRAME_FORTNIGHT);
  crm_customer_set_budget_max (customer, 18000000);
  crm_customer_set_channel (customer, CRM_CHANNEL_DOUYIN);
  id = crm_leads_create (f->sr.store, customer, f->model, f->reception, &error);
  g_assert_no_error (error);

  g_assert_true (crm_lead_store_set_facts (crm_store_get_lead_store (f->sr.store), id, TRUE, FALSE, FALSE, &error));
  g_assert_cmpint (crm_lead_store_log_visit (crm_store_get_lead_store (f->sr.store), id, FALSE, 1, f->reception, 0, &error), >, 0);
  g_assert_true (crm_lead_store_get_facts (crm_store_get_lead_store (f->sr.store), id, &facts, &error));
  g_assert_no_error (error);
  g_assert_cmpint (facts.timeframe, ==, CRM_TIMEFRAME_FORTNIGHT);
  g_assert_cmpint (facts.model_price, ==, 17980000);
  g_assert_cmpuint (facts.visits, ==, 1);
  g_assert_true (facts.test_drive);
  g_assert_false (facts.trade_in);
  g_assert_cmpfloat (facts.channel_conversion, <, 0);   /* one Douyin customer: too few */

  /* test drive + budget ≥ 90 %: fortnight → H */
  proposed = crm_grading_propose (&facts);
  g_assert_cmpint (proposed, ==, CRM_GRADE_H);

  /* Overriding needs a reason; the history keeps both */
  g_assert_false (crm_lead_store_record_grade (crm_store_get_lead_store (f->sr.store), id, CRM_GRADE_A, proposed, 60, "", f->reps[0], &error));
  g_assert_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_true (crm_lead_store_record_grade (crm_store_get_lead_store (f->sr.store), id, proposed, proposed, crm_grading_score (&facts),
                                         NULL, f->reps[0], &error));
  g_assert_true (crm_lead_store_record_grade (crm_store_get_lead_store (f->sr.store), id, CRM_GRADE_A, proposed, 60,
                                         "家人还没同意", f->reps[0], &error));
  g_assert_no_error (error);
  g_assert_cmpuint (crm_lead_store_count_grade_history (crm_store_get_lead_store (f->sr.store), id), ==, 2);

  /* A deal at Test drive: visited and test-driven, whatever was switched */
  {
    g_autoptr(CrmCustomer) other = crm_customer_new ();
    g_autoptr(GListModel) deals = NULL;
    g_autoptr(CrmDeal) deal = NULL;
    const char *other_phones[] = { "13900000002", NULL };
    gint64 other_id;

    crm_customer_set_name (other, "乙");
    crm_customer_set_phones (other, other_phones);
    other_id = crm_leads_create (f->sr.store, other, f->model, f->reception, &error);
    g_assert_true (crm_lead_store_get_facts (crm_store_get_lead_store (f->sr.store), other_id, &facts, &error));
    g_assert_false (facts.test_drive);
    g_assert_cmpuint (facts.visits, ==, 0);

    deals = crm_deal_store_list_for_customer (crm_store_get_deal_store (f->sr.store), other_id);
    deal = g_list_model_get_item (deals, 0);
    g_assert_true (crm_deal_store_move (crm_store_get_deal_store (f->sr.store), crm_deal_get_id (deal), CRM_STAGE_VISITED, f->reps[0], &error));
    g_assert_true (crm_lead_store_get_facts (crm_store_get_lead_store (f->sr.store), other_id, &facts, &error));
    g_assert_cmpuint (facts.visits, ==, 1);
    g_assert_false (facts.test_drive);
    g_assert_true (crm_deal_store_move (crm_store_get_deal_store (f->sr.store), crm_deal_get_id (deal), CRM_STAGE_TEST_DRIVE, f->reps[0], &error));
    g_assert_true (crm_lead_store_get_facts (crm_store_get_lead_store (f->sr.store), other_id, &facts, &error));
    g_assert_true (facts.test_drive);
    g_assert_true (facts.test_drive_logged);
  }
  g_assert_cmpint (file_int (f->sr.path, "SELECT count(*) FROM grade_history WHERE from_grade = 'H'"
                                      " AND to_grade = 'A' AND proposed_grade = 'H'"), ==, 1);
  {
    g_autoptr(CrmCustomer) stored = crm_customer_store_get (crm_store_get_customer_store (f->sr.store), id, NULL);
    g_assert_cmpint (crm_customer_get_grade (stored), ==, CRM_GRADE_A);
  }
}

/* ------------------------------------------------------------------ */
/* The rules as services                                               */

static void
add_candidate (GArray     *candidates,
               gint64      id,
               guint       channels,
               const char *brand,
               gint64      open_leads,
               gint64      last_assigned)
{
  CrmLeadCandidate c = { id, channels, NULL, open_leads, last_assigned };

  if (brand != NULL)
    c.brands = g_strsplit (brand, ",", -1);
  g_array_append_val (candidates, c);
}

static void
clear_candidate (gpointer data)
{
  g_clear_pointer (&((CrmLeadCandidate *) data)->brands, g_strfreev);
}

/* The pick without a database: what the rules decide from what was read */
static void
test_assign_pick (void)
{
  g_autoptr(GArray) candidates = g_array_new (FALSE, TRUE, sizeof (CrmLeadCandidate));
  CrmLeadRules rules = { 0, };

  g_array_set_clear_func (candidates, clear_candidate);
  add_candidate (candidates, 3, 0, NULL, 5, 100);
  add_candidate (candidates, 5, 1u << CRM_CHANNEL_DOUYIN, "雷克萨斯", 2, 300);
  add_candidate (candidates, 8, 0, NULL, 2, 200);

  rules.mode = CRM_ASSIGN_MODE_NONE;
  g_assert_cmpint (crm_assignment_pick (&rules, candidates, CRM_CHANNEL_AUTOHOME, NULL, 0, 0), ==, 0);

  /* Round robin: the next after the last served, wrapping round */
  rules.mode = CRM_ASSIGN_MODE_ROUND_ROBIN;
  g_assert_cmpint (crm_assignment_pick (&rules, candidates, CRM_CHANNEL_AUTOHOME, NULL, 0, 0), ==, 3);
  g_assert_cmpint (crm_assignment_pick (&rules, candidates, CRM_CHANNEL_AUTOHOME, NULL, 0, 3), ==, 5);
  g_assert_cmpint (crm_assignment_pick (&rules, candidates, CRM_CHANNEL_AUTOHOME, NULL, 0, 4), ==, 5);
  g_assert_cmpint (crm_assignment_pick (&rules, candidates, CRM_CHANNEL_AUTOHOME, NULL, 0, 8), ==, 3);
  /* …never to the rep who missed it */
  g_assert_cmpint (crm_assignment_pick (&rules, candidates, CRM_CHANNEL_AUTOHOME, NULL, 5, 3), ==, 8);

  /* By channel: Douyin only to the rep who takes it; Autohome, which
   * nobody takes specially, to anyone */
  rules.by_channel = TRUE;
  g_assert_cmpint (crm_assignment_pick (&rules, candidates, CRM_CHANNEL_DOUYIN, NULL, 0, 5), ==, 5);
  g_assert_cmpint (crm_assignment_pick (&rules, candidates, CRM_CHANNEL_DOUYIN, NULL, 5, 5), ==, 0);
  g_assert_cmpint (crm_assignment_pick (&rules, candidates, CRM_CHANNEL_AUTOHOME, NULL, 0, 5), ==, 8);
  rules.by_channel = FALSE;

  /* By brand, the same way */
  rules.by_brand = TRUE;
  g_assert_cmpint (crm_assignment_pick (&rules, candidates, CRM_CHANNEL_WALK_IN, "雷克萨斯", 0, 5), ==, 5);
  g_assert_cmpint (crm_assignment_pick (&rules, candidates, CRM_CHANNEL_WALK_IN, "丰田", 0, 5), ==, 8);
  g_assert_cmpint (crm_assignment_pick (&rules, candidates, CRM_CHANNEL_WALK_IN, NULL, 0, 5), ==, 8);
  rules.by_brand = FALSE;

  /* Fewest open: 5 and 8 hold two each; 8 waited longer */
  rules.mode = CRM_ASSIGN_MODE_FEWEST_OPEN;
  g_assert_cmpint (crm_assignment_pick (&rules, candidates, CRM_CHANNEL_AUTOHOME, NULL, 0, 0), ==, 8);
  g_assert_cmpint (crm_assignment_pick (&rules, candidates, CRM_CHANNEL_AUTOHOME, NULL, 8, 0), ==, 5);

  g_array_set_size (candidates, 0);
  g_assert_cmpint (crm_assignment_pick (&rules, candidates, CRM_CHANNEL_AUTOHOME, NULL, 0, 0), ==, 0);
}

/* Two desktops: two stores on one file, each in its own thread */
typedef struct
{
  const char *path;
  gint64      now;
  GArray     *ids;
  gboolean    backwards;
  gint64      claim_for;   /* 0: assign by rule */
  guint       done;
  guint       refused;
  GError     *error;
} RaceJob;

static gpointer
race_thread (gpointer data)
{
  RaceJob *job = data;
  g_autoptr(CrmClock) clock = crm_clock_new_fixed (job->now);
  g_autoptr(CrmStore) store = crm_store_open (job->path, clock, &job->error);

  for (guint i = 0; store != NULL && i < job->ids->len; i++)
    {
      gint64 id = g_array_index (job->ids, gint64, job->backwards ? job->ids->len - 1 - i : i);
      g_autoptr(GError) error = NULL;

      if (job->claim_for == 0)
        {
          g_autoptr(GArray) one = g_array_new (FALSE, FALSE, sizeof (gint64));

          g_array_append_val (one, id);
          job->done += crm_assignment_assign_new_leads (store, one, 0, &error);
        }
      else if (crm_pool_claim (store, id, job->claim_for, &error))
        job->done++;
      else if (g_error_matches (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT))
        job->refused++;

      if (error != NULL && !g_error_matches (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT))
        {
          job->error = g_steal_pointer (&error);
          break;
        }
      /* A pause, so the other desktop gets the write lock in between
       * instead of waiting in SQLite's busy handler until this one is done */
      g_usleep (g_random_int_range (0, 400));
    }
  return NULL;
}

static void
run_race (RaceJob *jobs,
          guint    n_jobs)
{
  crm_test_run_threads (race_thread, jobs, sizeof *jobs, n_jobs);
  for (guint i = 0; i < n_jobs; i++)
    g_assert_no_error (jobs[i].error);
}

/* Round robin and claims run by two desktops at once, interleaved lead by
 * lead: no lead handed out twice, round robin even, no limit exceeded */
static void
test_assign_race (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  CrmLeadRules rules;

  /* 600 leads in the pool: nobody assigns them when they come in */
  set_mode (f, CRM_ASSIGN_MODE_NONE, FALSE);
  for (guint i = 0; i < 600; i++)
    {
      g_autofree char *phone = g_strdup_printf ("139%08u", i);
      gint64 id = add_lead (f, "客户", phone, CRM_CHANNEL_AUTOHOME, CRM_GRADE_N);

      g_array_append_val (ids, id);
    }
  g_assert_cmpint (crm_lead_store_count_pool (crm_store_get_lead_store (f->sr.store)), ==, 600);

  /* Both desktops give out every lead, one from each end: they meet in
   * the middle and then ask for leads the other already gave out */
  set_mode (f, CRM_ASSIGN_MODE_ROUND_ROBIN, FALSE);
  {
    RaceJob jobs[2] = {
      { f->sr.path, tuesday_10h, ids, FALSE, 0, },
      { f->sr.path, tuesday_10h, ids, TRUE, 0, },
    };

    run_race (jobs, G_N_ELEMENTS (jobs));
    g_test_message ("first desktop gave out %u, second %u", jobs[0].done, jobs[1].done);
    g_assert_cmpuint (jobs[0].done + jobs[1].done, ==, 600);
  }
  g_assert_cmpint (crm_lead_store_count_pool (crm_store_get_lead_store (f->sr.store)), ==, 0);
  g_assert_cmpint (file_int (f->sr.path, "SELECT count(*) FROM assignment_log WHERE reason = 'rule'"), ==, 600);
  g_assert_cmpint (file_int (f->sr.path, "SELECT count(*) FROM (SELECT customer_id FROM assignment_log"
                                         " GROUP BY customer_id HAVING count(*) > 1) twice"), ==, 0);
  /* Round robin read where it stood in each transaction: 100 each */
  for (guint k = 0; k < 6; k++)
    g_assert_cmpint (crm_lead_store_count_held (crm_store_get_lead_store (f->sr.store), f->reps[k]), ==, 100);

  /* Back to the pool; a holding limit of 10 */
  g_assert_cmpuint (crm_lead_store_assign_bulk (crm_store_get_lead_store (f->sr.store), ids, 0, f->manager, &error), ==, 600);
  crm_staff_store_get_lead_rules (crm_store_get_staff_store (f->sr.store), &rules);
  rules.pool_hold_limit = 10;
  g_assert_true (crm_staff_store_set_lead_rules (crm_store_get_staff_store (f->sr.store), &rules, &error));

  /* Rep 0 claims on two desktops at once, rep 1 on a third, over the
   * same customers */
  {
    RaceJob jobs[3] = {
      { f->sr.path, tuesday_10h, ids, FALSE, f->reps[0], },
      { f->sr.path, tuesday_10h, ids, TRUE, f->reps[0], },
      { f->sr.path, tuesday_10h, ids, FALSE, f->reps[1], },
    };

    run_race (jobs, G_N_ELEMENTS (jobs));
    g_assert_cmpuint (jobs[0].done + jobs[1].done, ==, 10);
    g_assert_cmpuint (jobs[2].done, ==, 10);
    g_assert_cmpuint (jobs[0].refused + jobs[1].refused + jobs[2].refused, ==, 3 * 600 - 20);
  }
  g_assert_cmpint (crm_lead_store_count_held (crm_store_get_lead_store (f->sr.store), f->reps[0]), ==, 10);
  g_assert_cmpint (crm_lead_store_count_held (crm_store_get_lead_store (f->sr.store), f->reps[1]), ==, 10);
  g_assert_cmpint (file_int (f->sr.path, "SELECT count(*) FROM assignment_log WHERE reason = 'pool-claim'"), ==, 20);
  g_assert_cmpint (file_int (f->sr.path, "SELECT count(*) FROM (SELECT customer_id FROM assignment_log"
                                         " WHERE reason = 'pool-claim'"
                                         " GROUP BY customer_id HAVING count(*) > 1) twice"), ==, 0);
}

/* A catch-up over customers who bought: each run looks at new customers
 * (the cursor moves on), so it ends after what is due ÷ the batch runs */
static void
test_pool_catch_up (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  CrmLeadRules rules;
  gint64 next = 0;
  guint runs = 0, released = 0;

  crm_staff_store_get_lead_rules (crm_store_get_staff_store (f->sr.store), &rules);
  rules.first_contact_minutes = 0;
  g_assert_true (crm_staff_store_set_lead_rules (crm_store_get_staff_store (f->sr.store), &rules, &error));
  set_mode (f, CRM_ASSIGN_MODE_ROUND_ROBIN, FALSE);

  /* 250 who bought, then 50 gone cold, a minute apart */
  for (guint i = 0; i < 300; i++)
    {
      g_autofree char *phone = g_strdup_printf ("139%08u", i);
      gint64 id = add_lead (f, "客户", phone, CRM_CHANNEL_AUTOHOME, CRM_GRADE_B);

      if (i < 250)
        {
          g_autoptr(GListModel) deals = crm_deal_store_list_for_customer (crm_store_get_deal_store (f->sr.store), id);
          g_autoptr(CrmDeal) deal = g_list_model_get_item (deals, 0);

          g_assert_true (crm_deal_store_move (crm_store_get_deal_store (f->sr.store), crm_deal_get_id (deal), CRM_STAGE_ORDERED,
                                              owner_of (f, id), &error));
        }
      crm_clock_advance (f->sr.clock, 60);
    }

  /* Twenty days closed: batches of 100 look at 300 customers once */
  crm_clock_set_now (f->sr.clock, tuesday_10h + 20 * DAY);
  do
    {
      released += crm_leads_run_deadlines_full (f->sr.store, 100, &next, NULL, &error);
      g_assert_no_error (error);
      runs++;
    }
  while (next == crm_clock_get_now (f->sr.clock) && runs < 50);

  g_assert_cmpuint (runs, ==, 4);   /* 3 full batches, then one that finds nothing */
  g_assert_cmpuint (released, ==, 50);
  g_assert_cmpint (crm_lead_store_count_pool (crm_store_get_lead_store (f->sr.store)), ==, 50);
  /* No warning for what is released: it came too late */
  g_assert_cmpint (file_int (f->sr.path, "SELECT count(*) FROM lead_notice WHERE kind = 'pool-warning'"), ==, 0);
  g_assert_cmpint (file_int (f->sr.path, "SELECT count(*) FROM lead_notice WHERE kind = 'pool-released'"), ==, 50);
  /* The buyers are not looked at again */
  g_assert_cmpuint (crm_leads_run_deadlines_full (f->sr.store, 100, &next, NULL, &error), ==, 0);
  g_assert_cmpint (next, ==, 0);
}

/* The pool's deadlines are a showroom-wide job: with three desktops
 * waking for the same deadline, each cold lead is released once, with one
 * notice, whichever desktop does it */
typedef struct
{
  const char *path;
  gint64      now;
  guint       released;
  guint       runs;
  GError     *error;
} DeadlineJob;

static gpointer
deadline_thread (gpointer data)
{
  DeadlineJob *job = data;
  g_autoptr(CrmClock) clock = crm_clock_new_fixed (job->now);
  g_autoptr(CrmStore) store = crm_store_open (job->path, clock, &job->error);
  gint64 next = job->now;

  while (store != NULL && next == job->now && job->runs < 200)
    {
      job->released += crm_leads_run_deadlines_full (store, 10, &next, NULL, &job->error);
      job->runs++;
      if (job->error != NULL)
        break;
      /* The others get the write lock in between */
      g_usleep (g_random_int_range (0, 2000));
    }
  return NULL;
}

static void
test_pool_deadlines_race (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GThread *threads[3];
  DeadlineJob jobs[3];
  CrmLeadRules rules;
  guint released = 0;

  crm_staff_store_get_lead_rules (crm_store_get_staff_store (f->sr.store), &rules);
  rules.first_contact_minutes = 0;
  g_assert_true (crm_staff_store_set_lead_rules (crm_store_get_staff_store (f->sr.store), &rules, &error));
  set_mode (f, CRM_ASSIGN_MODE_ROUND_ROBIN, FALSE);
  for (guint i = 0; i < 90; i++)
    {
      g_autofree char *phone = g_strdup_printf ("139%08u", i);

      add_lead (f, "客户", phone, CRM_CHANNEL_AUTOHOME, CRM_GRADE_B);
    }
  g_assert_cmpint (crm_lead_store_count_pool (crm_store_get_lead_store (f->sr.store)), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (jobs); i++)
    {
      jobs[i] = (DeadlineJob) { f->sr.path, tuesday_10h + 20 * DAY, };
      threads[i] = g_thread_new ("desktop", deadline_thread, &jobs[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (jobs); i++)
    {
      g_thread_join (threads[i]);
      g_assert_no_error (jobs[i].error);
      g_test_message ("desktop %u released %u in %u runs", i, jobs[i].released, jobs[i].runs);
      released += jobs[i].released;
    }

  g_assert_cmpuint (released, ==, 90);
  g_assert_cmpint (crm_lead_store_count_pool (crm_store_get_lead_store (f->sr.store)), ==, 90);
  g_assert_cmpint (file_int (f->sr.path, "SELECT count(*) FROM lead_notice WHERE kind = 'pool-released'"), ==, 90);
  g_assert_cmpint (file_int (f->sr.path, "SELECT count(*) FROM (SELECT customer_id FROM lead_notice"
                                         " WHERE kind = 'pool-released'"
                                         " GROUP BY customer_id HAVING count(*) > 1) twice"), ==, 0);
}

/* On a server one desktop at a time holds a showroom-wide job; the
 * others go on at once (and look again a minute later). A file is one
 * desktop's: the write transaction alone keeps the job to one at a time. */
static void
test_pool_job_lock (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(CrmStore) other = NULL;
  g_autoptr(GError) error = NULL;
  gboolean server = crm_test_backend_is_postgresql ();
  CrmLeadRules rules;
  gint64 next = 0;
  gint64 later = tuesday_10h + 20 * DAY;

  crm_staff_store_get_lead_rules (crm_store_get_staff_store (f->sr.store), &rules);
  rules.first_contact_minutes = 0;
  g_assert_true (crm_staff_store_set_lead_rules (crm_store_get_staff_store (f->sr.store), &rules, &error));
  add_lead (f, "客户", "13900000001", CRM_CHANNEL_AUTOHOME, CRM_GRADE_B);
  crm_clock_set_now (f->sr.clock, later);

  other = crm_store_open (f->sr.path, f->sr.clock, &error);
  g_assert_no_error (error);

  g_assert_true (crm_store_try_job (f->sr.store, CRM_STORE_JOB_LEAD_DEADLINES));
  g_assert_cmpint (crm_store_try_job (other, CRM_STORE_JOB_LEAD_DEADLINES), ==, !server);
  if (!server)
    crm_store_end_job (other, CRM_STORE_JOB_LEAD_DEADLINES);
  /* Another job is not held by this one */
  g_assert_true (crm_store_try_job (other, CRM_STORE_JOB_BIRTHDAYS));
  crm_store_end_job (other, CRM_STORE_JOB_BIRTHDAYS);

  /* The other desktop's deadlines wait for the one running them */
  if (server)
    {
      g_assert_cmpuint (crm_leads_run_deadlines (other, &next, &error), ==, 0);
      g_assert_no_error (error);
      g_assert_cmpint (next, ==, later + 60);
      g_assert_cmpint (crm_lead_store_count_pool (crm_store_get_lead_store (other)), ==, 0);
    }

  crm_store_end_job (f->sr.store, CRM_STORE_JOB_LEAD_DEADLINES);
  g_assert_cmpuint (crm_leads_run_deadlines (other, &next, &error), ==, 1);
  g_assert_no_error (error);
  g_assert_cmpint (crm_lead_store_count_pool (crm_store_get_lead_store (other)), ==, 1);
  /* ... and let go of it when done */
  g_assert_true (crm_store_try_job (f->sr.store, CRM_STORE_JOB_LEAD_DEADLINES));
  crm_store_end_job (f->sr.store, CRM_STORE_JOB_LEAD_DEADLINES);
}

static void
count_customer_changes_cb (CrmStore  *store,
                           CrmEntity  entity,
                           gint64     id,
                           gpointer   user_data)
{
  if (entity == CRM_ENTITY_CUSTOMER)
    (*(guint *) user_data)++;
}

/* Opened after twenty days closed: the worker catches up while the main
 * loop runs, and the window's store hears about what it changed */
static void
test_scheduler_catch_up (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmLeadScheduler) scheduler = NULL;
  CrmLeadRules rules;
  guint changes = 0;
  gulong handler;

  crm_staff_store_get_lead_rules (crm_store_get_staff_store (f->sr.store), &rules);
  rules.first_contact_minutes = 0;
  g_assert_true (crm_staff_store_set_lead_rules (crm_store_get_staff_store (f->sr.store), &rules, &error));
  set_mode (f, CRM_ASSIGN_MODE_ROUND_ROBIN, FALSE);
  for (guint i = 0; i < 30; i++)
    {
      g_autofree char *phone = g_strdup_printf ("139%08u", i);
      add_lead (f, "客户", phone, CRM_CHANNEL_AUTOHOME, CRM_GRADE_B);
    }

  /* Nothing due: no worker, a deadline in twelve days */
  scheduler = crm_lead_scheduler_new (f->sr.store);
  g_assert_false (crm_lead_scheduler_is_running (scheduler));
  g_assert_cmpint (crm_lead_scheduler_get_next_at (scheduler), ==, tuesday_10h + 12 * DAY);
  g_clear_object (&scheduler);

  crm_clock_set_now (f->sr.clock, tuesday_10h + 20 * DAY);
  handler = g_signal_connect (f->sr.store, "changed", G_CALLBACK (count_customer_changes_cb), &changes);
  scheduler = crm_lead_scheduler_new (f->sr.store);
  g_assert_true (crm_lead_scheduler_is_running (scheduler));
  while (crm_lead_scheduler_is_running (scheduler))
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpint (crm_lead_store_count_pool (crm_store_get_lead_store (f->sr.store)), ==, 30);
  g_assert_cmpuint (changes, ==, 30);
  g_assert_cmpint (crm_lead_scheduler_get_next_at (scheduler), ==, 0);
  g_assert_false (crm_leads_is_due (f->sr.store));
  g_signal_handler_disconnect (f->sr.store, handler);
}

/* A window and the background reminders of one database share one
 * scheduler of its deadlines while either holds it */
static void
test_scheduler_shared (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(CrmContext) context = crm_context_new (f->sr.store, NULL);
  CrmLeadScheduler *first = crm_context_dup_lead_scheduler (context);
  CrmLeadScheduler *second = crm_context_dup_lead_scheduler (context);
  CrmLeadScheduler *again;

  g_assert_true (CRM_IS_LEAD_SCHEDULER (first));
  crm_test_assert_cmpptr (first, ==, second);
  g_object_unref (first);
  again = crm_context_dup_lead_scheduler (context);
  crm_test_assert_cmpptr (again, ==, second);
  g_object_unref (again);
  g_object_add_weak_pointer (G_OBJECT (second), (gpointer *) &second);
  g_object_unref (second);
  /* Nobody holds it: it is gone, and the next one asking gets a new one */
  g_assert_null (second);
  again = crm_context_dup_lead_scheduler (context);
  g_assert_true (CRM_IS_LEAD_SCHEDULER (again));
  g_object_unref (again);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "Asia/Shanghai", TRUE);
  tzset ();
  tuesday_10h = crm_test_now ();

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/model/lead-notice", test_lead_notice_properties);
  g_test_add_func ("/csv/decode", test_csv_decode);
  g_test_add_func ("/csv/parse", test_csv_parse);
  g_test_add_func ("/import/guess", test_import_guess);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/import/fixtures", test_import_fixtures);
  ADD ("/import/content", test_import_content);
  ADD ("/import/merge", test_import_merge);
  ADD ("/import/errors", test_import_errors);
  ADD ("/import/storage-error", test_import_storage_error);
  g_test_add_func ("/import/unclosed-quote", test_import_unclosed_quote);
  ADD ("/import/limits", test_import_limits);
  /* Files that are not there, or hold no showroom: a file's case */
  if (!crm_test_backend_is_postgresql ())
    ADD ("/import/command-needs-showroom", test_import_command_needs_showroom);
  ADD ("/import/excel-numbers", test_import_excel_numbers);
  ADD ("/import/no-header", test_import_no_header);
  ADD ("/import/100000-rows", test_import_big);
  ADD ("/import/killed", test_import_killed);
  ADD ("/assign/round-robin", test_assign_round_robin);
  ADD ("/assign/by-brand", test_assign_by_brand);
  ADD ("/assign/fewest-open", test_assign_fewest_open);
  ADD ("/assign/by-channel", test_assign_by_channel);
  ADD ("/assign/manual-and-leave", test_assign_manual_and_leave);
  ADD ("/assign/first-contact", test_first_contact);
  ADD ("/assign/race", test_assign_race);
  ADD ("/pool/release-and-claim", test_pool);
  ADD ("/pool/batches", test_pool_batches);
  ADD ("/pool/catch-up", test_pool_catch_up);
  ADD ("/import/while-saving", test_import_while_saving);
  ADD ("/import/latest-submission", test_import_latest_submission);
  ADD ("/pool/by-grade", test_pool_by_grade);
  g_test_add_func ("/import/parse-time", test_import_parse_time);
  ADD ("/pool/deadlines-race", test_pool_deadlines_race);
  ADD ("/pool/job-lock", test_pool_job_lock);
  ADD ("/traffic/stats", test_traffic);
  ADD ("/grading/store", test_grading_store);
  ADD ("/scheduler/shared", test_scheduler_shared);
  ADD ("/scheduler/catch-up", test_scheduler_catch_up);
#undef ADD
  g_test_add_func ("/grading/rules", test_grading_rules);
  g_test_add_func ("/assign/pick", test_assign_pick);

  return g_test_run ();
}
