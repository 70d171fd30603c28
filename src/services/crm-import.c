/* crm-import.c: leads from a spreadsheet (CSV) export
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A file from Autohome, Dongchedi, Douyin or Excel: decoded (UTF-8 with or
 * without BOM, GB18030/GBK, UTF-16), parsed per RFC 4180, its columns
 * guessed from Chinese and English headers, every row checked, duplicates
 * found by normalised phone number in the file and in the database. The
 * import is one transaction: it all goes in, or nothing does.
 */
#define G_LOG_DOMAIN "crm-import"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "crm-assignment.h"
#include "crm-csv.h"
#include "crm-model-enum-types.h"
#include "crm-error.h"
#include "crm-import.h"
#include "crm-phone.h"

struct _CrmImport
{
  CrmCsvSheet          sheet;        /* its mapping: a CrmImportField per column */
  CrmChannel           default_channel;
  CrmImportDuplicates  duplicates;
  gboolean             assign;
  gint64               staff_id;
};

/* Header words (crm_csv_match_header()): exact matches first; then a
 * header containing a word, in this field order (so 客户手机 is a phone,
 * not a name). "客户" alone is too vague inside a longer header. */
static const CrmCsvHeaderWords header_words[] = {
  { CRM_IMPORT_FIELD_PHONE, { "手机", "手机号", "手机号码", "电话", "联系电话", "电话号码", "联系方式",
                              "移动电话", "phone", "mobile", "tel", "telephone", "phonenumber",
                              "cellphone", "mobilephone", NULL } },
  { CRM_IMPORT_FIELD_WECHAT, { "微信", "微信号", "wechat", "weixin", "wechatid", NULL } },
  { CRM_IMPORT_FIELD_CHANNEL, { "来源", "渠道", "线索来源", "客户来源", "来源渠道", "渠道来源", "媒体",
                                "平台", "source", "channel", "leadsource", NULL } },
  { CRM_IMPORT_FIELD_MODEL, { "意向车型", "车型", "关注车型", "意向车系", "车系", "询价车型", "model",
                              "carmodel", "vehicle", "series", NULL } },
  { CRM_IMPORT_FIELD_NOTE, { "备注", "说明", "留言", "备注信息", "客户留言", "需求", "note", "notes",
                             "remark", "remarks", "comment", "comments", NULL } },
  { CRM_IMPORT_FIELD_CITY, { "城市", "所在城市", "地区", "省市", "区域", "city", "region", NULL } },
  { CRM_IMPORT_FIELD_NAME, { "姓名", "客户姓名", "客户名称", "名字", "联系人", "称呼", "name",
                             "customer", "customername", "fullname", "客户$", NULL } },
  /* When the platform received the lead: the lead's own time */
  { CRM_IMPORT_FIELD_SUBMITTED, { "提交时间", "留资时间", "线索时间", "线索创建时间", "创建时间", "报名时间",
                                  "申请时间", "下发时间", "时间$", "日期$", "submitted", "submittedat",
                                  "submissiontime", "createdat", "created", "leadtime", "time$", "date$",
                                  "timestamp", NULL } },
};

/* Channel names as platforms and people write them */
static const struct {
  CrmChannel  channel;
  const char *words[10];
} channel_words[] = {
  { CRM_CHANNEL_AUTOHOME, { "汽车之家", "之家", "autohome", NULL } },
  { CRM_CHANNEL_DONGCHEDI, { "懂车帝", "懂车", "dongchedi", NULL } },
  { CRM_CHANNEL_YICHE, { "易车", "yiche", "bitauto", NULL } },
  { CRM_CHANNEL_DOUYIN, { "抖音", "douyin", "tiktok", NULL } },
  { CRM_CHANNEL_WEBSITE, { "官网", "官方网站", "website", "web", NULL } },
  { CRM_CHANNEL_WECHAT, { "微信", "公众号", "小程序", "wechat", NULL } },
  { CRM_CHANNEL_WALK_IN, { "自然到店", "到店", "展厅", "walk-in", "walkin", NULL } },
  { CRM_CHANNEL_PHONE, { "电话", "来电", "400", "phone", NULL } },
  { CRM_CHANNEL_REFERRAL, { "转介绍", "介绍", "推荐", "referral", NULL } },
  { CRM_CHANNEL_AUTO_SHOW, { "车展", "autoshow", "auto show", NULL } },
  { CRM_CHANNEL_REPEAT, { "增购", "老客户", "repeat", NULL } },
};

/**
 * crm_import_guess_field:
 * @header: a column header as written in the file
 *
 * Returns: the field the column most likely holds
 */
CrmImportField
crm_import_guess_field (const char *header)
{
  return crm_csv_match_header (header, header_words, G_N_ELEMENTS (header_words));
}

/**
 * crm_import_parse_channel:
 * @text: "汽车之家", "懂车帝-线索", "Douyin", "autohome" …
 *
 * Returns: %TRUE when @text names a known channel
 */
gboolean
crm_import_parse_channel (const char *text,
                          CrmChannel *channel)
{
  g_autofree char *down = NULL;
  int value;

  if (text == NULL)
    return FALSE;
  down = g_strstrip (g_utf8_strdown (text, -1));
  if (down[0] == '\0')
    return FALSE;

  if (crm_enum_from_code (CRM_TYPE_CHANNEL, down, &value) && value != CRM_CHANNEL_UNKNOWN)
    {
      *channel = value;
      return TRUE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (channel_words); i++)
    for (guint j = 0; channel_words[i].words[j] != NULL; j++)
      if (strstr (down, channel_words[i].words[j]) != NULL)
        {
          *channel = channel_words[i].channel;
          return TRUE;
        }

  for (int c = 1; c < CRM_N_CHANNELS; c++)
    {
      g_autofree char *label = g_utf8_strdown (crm_channel_get_label (c), -1);

      if (g_str_equal (down, label))
        {
          *channel = c;
          return TRUE;
        }
    }
  return FALSE;
}

const char *
crm_import_field_get_label (CrmImportField field)
{
  switch (field)
    {
    case CRM_IMPORT_FIELD_NAME:    return _("Name");
    case CRM_IMPORT_FIELD_PHONE:   return _("Mobile or phone");
    case CRM_IMPORT_FIELD_CHANNEL: return _("Channel");
    case CRM_IMPORT_FIELD_MODEL:   return _("Model of interest");
    case CRM_IMPORT_FIELD_NOTE:    return _("Note");
    case CRM_IMPORT_FIELD_CITY:    return _("City");
    case CRM_IMPORT_FIELD_WECHAT:  return _("WeChat ID");
    case CRM_IMPORT_FIELD_SUBMITTED: return _("Submitted at");
    case CRM_IMPORT_FIELD_IGNORE:
    default:                       return _("Do not import");
    }
}

static char *clean_phone_cell (const char *cell, gboolean *scientific);

/**
 * crm_import_parse_time:
 * @text: a time as exports write it: "2026-12-01 14:03:22", "2026/12/1 9:05",
 *   "2026-12-01T14:03:22+08:00", "2026-12-01", "2026年12月1日 14:03"
 * @zone: the showroom's zone, for a time that names none
 * @time: (out): UTC seconds
 *
 * Returns: whether @text is a date (and time) of one of those forms
 */
gboolean
crm_import_parse_time (const char *text,
                       GTimeZone  *zone,
                       gint64     *time)
{
  g_autoptr(GDateTime) parsed = NULL;
  g_autofree char *plain = NULL;
  int year, month, day, hour = 0, minute = 0, second = 0;
  int n, len;

  g_return_val_if_fail (zone != NULL, FALSE);

  if (text == NULL)
    return FALSE;
  plain = g_strstrip (g_strdup (text));

  /* An ISO 8601 time with its own zone */
  if (strchr (plain, 'T') != NULL && (parsed = g_date_time_new_from_iso8601 (plain, zone)) != NULL)
    {
      *time = g_date_time_to_unix (parsed);
      return TRUE;
    }

  /* 年月日 and / are read as - */
  {
    GString *norm = g_string_new (NULL);

    for (const char *p = plain; *p != '\0'; p = g_utf8_next_char (p))
      {
        gunichar c = g_utf8_get_char (p);

        if (c == 0x5E74 || c == 0x6708 || c == '/' || c == '.')   /* 年 月 */
          g_string_append_c (norm, '-');
        else if (c == 0x65E5)                                     /* 日 */
          g_string_append_c (norm, ' ');
        else
          g_string_append_unichar (norm, c);
      }
    g_free (plain);
    plain = g_strstrip (g_string_free (norm, FALSE));
  }

  /* The whole text, in one of three lengths */
  len = (int) strlen (plain);
  n = -1;
  if (!(sscanf (plain, "%d-%d-%d %d:%d:%d%n", &year, &month, &day, &hour, &minute, &second, &n) == 6 && n == len))
    {
      second = 0;
      n = -1;
      if (!(sscanf (plain, "%d-%d-%d %d:%d%n", &year, &month, &day, &hour, &minute, &n) == 5 && n == len))
        {
          hour = minute = 0;
          n = -1;
          if (!(sscanf (plain, "%d-%d-%d%n", &year, &month, &day, &n) == 3 && n == len))
            return FALSE;
        }
    }
  if (year < 1990 || year > 2200 || !g_date_valid_dmy (day, month, year) ||
      hour > 23 || minute > 59 || second > 59)
    return FALSE;
  parsed = g_date_time_new (zone, year, month, day, hour, minute, second);
  if (parsed == NULL)
    return FALSE;
  *time = g_date_time_to_unix (parsed);
  return TRUE;
}

/* A Chinese personal name as platforms write it: two to five Han
 * characters (张伟, 王先生, 欧阳娜娜) */
static gboolean
looks_like_name (const char *text)
{
  glong n = g_utf8_strlen (text, -1);

  if (n < 2 || n > 5)
    return FALSE;
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    if (g_unichar_get_script (g_utf8_get_char (p)) != G_UNICODE_SCRIPT_HAN)
      return FALSE;
  return TRUE;
}

/* A file without a header: the phone, name and channel columns are the
 * ones whose first cells look like them */
static void
guess_from_content (CrmImport *self)
{
  g_autoptr(CrmCsvReader) reader = crm_csv_reader_new (self->sheet.text, self->sheet.delimiter);
  guint phones[64] = { 0, }, names[64] = { 0, }, channels[64] = { 0, };
  guint rows = 0;
  GPtrArray *fields;
  struct { CrmImportField field; guint *counts; } kinds[] = {
    { CRM_IMPORT_FIELD_PHONE, phones },
    { CRM_IMPORT_FIELD_NAME, names },
    { CRM_IMPORT_FIELD_CHANNEL, channels },
  };

  while (rows < 10 && crm_csv_reader_next (reader, &fields, NULL))
    {
      for (guint i = 0; i < MIN (fields->len, G_N_ELEMENTS (phones)); i++)
        {
          g_autofree char *cell = g_strstrip (g_strdup (g_ptr_array_index (fields, i)));
          g_autofree char *phone = NULL;
          gboolean scientific;
          g_autofree char *clean = clean_phone_cell (cell, &scientific);
          CrmChannel channel;

          if (g_utf8_strlen (clean, -1) >= 7)
            phone = crm_phone_normalize (clean, NULL);
          if (phone != NULL)
            phones[i]++;
          else if (looks_like_name (cell))
            names[i]++;
          if (crm_import_parse_channel (cell, &channel))
            channels[i]++;
        }
      rows++;
    }

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      guint best = G_MAXUINT;

      for (guint i = 0; i < MIN (self->sheet.n_columns, G_N_ELEMENTS (phones)); i++)
        if (kinds[k].counts[i] * 10 >= rows * 6 &&
            g_array_index (self->sheet.mapping, int, i) == CRM_IMPORT_FIELD_IGNORE &&
            (best == G_MAXUINT || kinds[k].counts[i] > kinds[k].counts[best]))
          best = i;
      if (best != G_MAXUINT)
        g_array_index (self->sheet.mapping, int, best) = kinds[k].field;
    }
}

CrmImport *
crm_import_new_from_data (const char  *data,
                          gsize        length,
                          GError     **error)
{
  g_autoptr(CrmImport) self = g_new0 (CrmImport, 1);

  self->duplicates = CRM_IMPORT_DUPLICATES_SKIP;
  self->assign = TRUE;

  if (!crm_csv_sheet_init (&self->sheet, data, length, header_words, G_N_ELEMENTS (header_words),
                           CRM_N_IMPORT_FIELDS, error))
    return NULL;
  /* No header: the phone, name and channel columns are guessed from their cells */
  if (!self->sheet.has_header)
    guess_from_content (self);
  return g_steal_pointer (&self);
}

CrmImport *
crm_import_new_from_file (const char  *path,
                          GError     **error)
{
  g_autofree char *data = NULL;
  gsize length = 0;

  g_return_val_if_fail (path != NULL, NULL);

  /* A platform export is a few megabytes; a file far bigger is not one,
   * and reading it whole would hold it all in memory */
  {
    g_autoptr(GFile) file = g_file_new_for_path (path);
    g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                                                   NULL, NULL);

    if (info != NULL && g_file_info_get_size (info) > CRM_IMPORT_MAX_FILE_BYTES)
      {
        g_autofree char *size = g_format_size (g_file_info_get_size (info));
        g_autofree char *limit = g_format_size (CRM_IMPORT_MAX_FILE_BYTES);

        g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                     _("The file is %s, more than the %s a lead list can be. Nothing was imported: "
                       "check it is the right file, or split it."), size, limit);
        return NULL;
      }
  }
  if (!g_file_get_contents (path, &data, &length, error))
    return NULL;
  return crm_import_new_from_data (data, length, error);
}

void
crm_import_free (CrmImport *self)
{
  if (self == NULL)
    return;
  crm_csv_sheet_clear (&self->sheet);
  g_free (self);
}

/**
 * crm_import_get_sheet:
 *
 * Returns: (transfer none): the file as read (crm-csv.h); its mapping
 *   holds a #CrmImportField per column
 */
const CrmCsvSheet *
crm_import_get_sheet (CrmImport *self)
{
  return &self->sheet;
}

const char *
crm_import_get_encoding (CrmImport *self)
{
  return self->sheet.encoding;
}

char
crm_import_get_delimiter (CrmImport *self)
{
  return self->sheet.delimiter;
}

guint
crm_import_get_n_columns (CrmImport *self)
{
  return self->sheet.n_columns;
}

const char *
crm_import_get_header (CrmImport *self,
                       guint      column)
{
  g_return_val_if_fail (column < self->sheet.headers->len, NULL);
  return g_ptr_array_index (self->sheet.headers, column);
}

/**
 * crm_import_get_preview:
 *
 * Returns: (transfer full) (element-type GStrv): the first data rows,
 *   each with exactly as many cells as there are columns
 */
GPtrArray *
crm_import_get_preview (CrmImport *self,
                        guint      max_rows)
{
  return crm_csv_sheet_preview (&self->sheet, max_rows);
}

CrmImportField
crm_import_get_mapping (CrmImport *self,
                        guint      column)
{
  g_return_val_if_fail (column < self->sheet.mapping->len, CRM_IMPORT_FIELD_IGNORE);
  return g_array_index (self->sheet.mapping, int, column);
}

/* A field comes from one column: choosing it for a column clears it elsewhere */
void
crm_import_set_mapping (CrmImport      *self,
                        guint           column,
                        CrmImportField  field)
{
  crm_csv_sheet_set_mapping (&self->sheet, column, field);
}

void
crm_import_set_default_channel (CrmImport  *self,
                                CrmChannel  channel)
{
  self->default_channel = channel;
}

void
crm_import_set_duplicates (CrmImport           *self,
                           CrmImportDuplicates  duplicates)
{
  self->duplicates = duplicates;
}

void
crm_import_set_assign (CrmImport *self,
                       gboolean   assign)
{
  self->assign = assign;
}

void
crm_import_set_staff_id (CrmImport *self,
                         gint64     staff_id)
{
  self->staff_id = staff_id;
}

void
crm_import_summary_clear (CrmImportSummary *summary)
{
  g_clear_pointer (&summary->problems, g_ptr_array_unref);
  memset (summary, 0, sizeof *summary);
}

/* Excel writes long numbers as ="13800138000" or '13800138000 to keep them
 * text, as 13800138000.0 when the column was numeric, and as 1.38001E+10
 * when it lost digits */
static char *
clean_phone_cell (const char *cell,
                  gboolean   *scientific)
{
  g_autofree char *text = g_strstrip (g_strdup (cell));
  gsize len = strlen (text);

  *scientific = FALSE;
  if (len >= 3 && text[0] == '=' && text[1] == '"' && text[len - 1] == '"')
    {
      text[len - 1] = '\0';
      return g_strdup (text + 2);
    }
  if (text[0] == '\'')
    return g_strdup (text + 1);
  if (len > 2 && g_str_has_suffix (text, ".0"))
    {
      gboolean digits = TRUE;

      for (gsize i = 0; i < len - 2 && digits; i++)
        digits = g_ascii_isdigit (text[i]);
      if (digits)
        {
          text[len - 2] = '\0';
          return g_steal_pointer (&text);
        }
    }
  if (strchr (text, 'E') != NULL || strchr (text, 'e') != NULL)
    {
      char *end = NULL;
      g_ascii_strtod (text, &end);
      if (end != text && *end == '\0')
        *scientific = TRUE;
    }
  return g_steal_pointer (&text);
}

/* "13800138000/13900139000", "138…、139…": the first number, and the
 * second (if any) in @second */
static char *
split_numbers (const char  *text,
               char       **second)
{
  static const char * const separators[] = { "/", "\u3001", "\uff0c", ",", ";", "\uff1b", "|", NULL };

  *second = NULL;
  for (guint i = 0; separators[i] != NULL; i++)
    {
      const char *at = strstr (text, separators[i]);

      if (at != NULL)
        {
          *second = g_strstrip (g_strdup (at + strlen (separators[i])));
          return g_strstrip (g_strndup (text, at - text));
        }
    }
  return g_strdup (text);
}

typedef struct
{
  char       *name;
  char       *phone;     /* normalised */
  char       *phone2;    /* a second number in the same cell, normalised, or NULL */
  char       *channel_text;
  char       *model_text;
  char       *note;
  char       *city;
  char       *wechat;
  gint64      submitted;  /* when the platform received it, 0 = unknown */
} Row;

static void
row_clear (Row *row)
{
  g_free (row->name);
  g_free (row->phone);
  g_free (row->phone2);
  g_free (row->channel_text);
  g_free (row->model_text);
  g_free (row->note);
  g_free (row->city);
  g_free (row->wechat);
  memset (row, 0, sizeof *row);
}

/* The catalogue model a text names ("凯美瑞 2.0G", "卡罗拉") or 0 */
static gint64
match_model (GListModel *models,
             const char *text)
{
  g_autofree char *down = NULL;

  if (text == NULL)
    return 0;
  down = g_utf8_strdown (text, -1);
  for (guint i = 0; i < g_list_model_get_n_items (models); i++)
    {
      g_autoptr(CrmVehicleModel) model = g_list_model_get_item (models, i);
      g_autofree char *series = g_utf8_strdown (crm_vehicle_model_get_series (model), -1);

      if (series[0] != '\0' && strstr (down, series) != NULL)
        return crm_vehicle_model_get_id (model);
    }
  return 0;
}

static gboolean
merge_into (CrmStore    *store,
            gint64       customer_id,
            Row         *row,
            gint64       model_id,
            GError     **error)
{
  g_autoptr(CrmCustomer) customer = crm_customer_store_get (crm_store_get_customer_store (store), customer_id, error);
  const char *notes;

  if (customer == NULL)
    return FALSE;

  notes = crm_customer_get_notes (customer);
  if (row->note != NULL && (notes == NULL || strstr (notes, row->note) == NULL))
    {
      g_autofree char *joined = notes && notes[0] ? g_strconcat (notes, "\n", row->note, NULL)
                                                  : g_strdup (row->note);
      crm_customer_set_notes (customer, joined);
    }
  if (row->city != NULL && (crm_customer_get_city (customer) == NULL ||
                            crm_customer_get_city (customer)[0] == '\0'))
    crm_customer_set_city (customer, row->city);
  if (row->wechat != NULL && (crm_customer_get_wechat (customer) == NULL ||
                              crm_customer_get_wechat (customer)[0] == '\0'))
    crm_customer_set_wechat (customer, row->wechat);
  if (model_id > 0)
    {
      GVariant *ids = crm_customer_get_model_ids (customer);
      gsize n = 0;
      const gint64 *old = g_variant_get_fixed_array (ids, &n, sizeof (gint64));
      g_autoptr(GArray) merged = g_array_new (FALSE, FALSE, sizeof (gint64));
      gboolean present = FALSE;

      for (gsize i = 0; i < n; i++)
        present |= old[i] == model_id;
      if (!present)
        {
          g_array_append_vals (merged, old, n);
          g_array_append_val (merged, model_id);
          crm_customer_set_model_ids (customer,
                                      g_variant_new_fixed_array (G_VARIANT_TYPE_INT64, merged->data,
                                                                 merged->len, sizeof (gint64)));
        }
    }
  return crm_customer_store_update (crm_store_get_customer_store (store), customer, error);
}

/* A row to merge into a customer the showroom already had, kept until
 * the staged rows are published (it changes a customer of the showroom,
 * not of the staging store) */
typedef struct
{
  gint64 customer_id;
  gint64 model_id;
  guint  line;
  Row    row;
} Merge;

static void
merge_free (Merge *merge)
{
  row_clear (&merge->row);
  g_free (merge);
}

static Merge *
merge_new (gint64     customer_id,
           const Row *row,
           gint64     model_id,
           guint      line)
{
  Merge *merge = g_new0 (Merge, 1);

  merge->customer_id = customer_id;
  merge->model_id = model_id;
  merge->line = line;
  merge->row.name = g_strdup (row->name);
  merge->row.phone = g_strdup (row->phone);
  merge->row.phone2 = g_strdup (row->phone2);
  merge->row.channel_text = g_strdup (row->channel_text);
  merge->row.model_text = g_strdup (row->model_text);
  merge->row.note = g_strdup (row->note);
  merge->row.city = g_strdup (row->city);
  merge->row.wechat = g_strdup (row->wechat);
  return merge;
}

static gboolean
apply_merges (CrmStore  *store,
              gpointer   user_data,
              GError   **error)
{
  GPtrArray *merges = user_data;

  for (guint i = 0; i < merges->len; i++)
    {
      Merge *merge = g_ptr_array_index (merges, i);

      if (!merge_into (store, merge->customer_id, &merge->row, merge->model_id, error))
        {
          g_prefix_error (error, _("Line %u: "), merge->line);
          return FALSE;
        }
    }
  return TRUE;
}

/* Where the rows go: @store, a staging store; customers the showroom
 * already has are looked up in @showroom, and merges into them are kept
 * in @deferred until the staged rows are published */
typedef struct
{
  CrmStore  *store;
  CrmStore  *showroom;
  GPtrArray *deferred;
} Target;

static gboolean import_rows (CrmImport *self, Target *target, gboolean dry_run, GCancellable *cancellable,
                             CrmImportProgress progress, gpointer user_data, CrmImportSummary *summary,
                             GError **error);

/**
 * crm_import_run:
 * @dry_run: check and count everything, then roll back
 * @progress: (nullable): told how far the import is
 * @summary: (out caller-allocates): what happened, row by row
 *
 * Imports the rows in one transaction on @store's connection. Rows with
 * errors are left out and listed; a storage error, a cancellation or a
 * dry run leaves the database as it was.
 *
 * Returns: %TRUE when the rows were imported (or, in a dry run, checked)
 */
gboolean
crm_import_run (CrmImport          *self,
                CrmStore           *store,
                gboolean            dry_run,
                GCancellable       *cancellable,
                CrmImportProgress   progress,
                gpointer            user_data,
                CrmImportSummary   *summary,
                GError            **error)
{
  gboolean ok;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (CRM_IS_STORE (store), FALSE);
  g_return_val_if_fail (summary != NULL, FALSE);

  memset (summary, 0, sizeof *summary);
  summary->problems = crm_csv_problems_new ();

  /* The rows are read, checked and written aside, into a staging file
   * (crm-store-staging.c), while the showroom stays free for everyone;
   * then they are published in one short write transaction, so a big
   * import never makes another desktop's or program's save wait past its
   * busy timeout. A dry run is never published. */
  {
    g_autoptr(GPtrArray) deferred = g_ptr_array_new_with_free_func ((GDestroyNotify) merge_free);
    CrmStore *staging = crm_store_open_staging (store, error);
    Target target = { staging, store, deferred };
    gint64 started;

    if (staging == NULL)
      return FALSE;
    crm_store_set_bulk (staging, TRUE);
    ok = import_rows (self, &target, FALSE, cancellable, progress, user_data, summary, error);
    if (ok && !dry_run)
      {
        started = g_get_monotonic_time ();
        ok = crm_store_publish_staging (store, staging, apply_merges, deferred, error);
        summary->publish_us = g_get_monotonic_time () - started;
      }
    crm_store_discard_staging (staging);
    if (ok && progress != NULL)
      progress (1.0, summary->rows, user_data);
  }
  return ok;
}

/* With a submission time column: for each number, the record of its
 * latest submission (the last one of equal times), the only one of that
 * number imported. One pass over the rows before the import's. */
typedef struct
{
  gint64 time;
  guint  record;
} Latest;

static GHashTable *
find_latest_rows (CrmImport  *self,
                  const int  *columns,
                  const char *data,
                  GTimeZone  *zone)
{
  g_autoptr(CrmCsvReader) reader = crm_csv_reader_new (data, self->sheet.delimiter);
  GHashTable *latest = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GPtrArray *fields;
  guint record = 0;

  for (guint record_line; crm_csv_reader_next (reader, &fields, &record_line); record++)
    {
      g_autofree char *raw_phone = crm_csv_cell (fields, columns[CRM_IMPORT_FIELD_PHONE]);
      g_autofree char *when = crm_csv_cell (fields, columns[CRM_IMPORT_FIELD_SUBMITTED]);
      g_autofree char *clean = NULL;
      g_autofree char *first = NULL;
      g_autofree char *second = NULL;
      g_autofree char *phone = NULL;
      gboolean scientific = FALSE;
      gint64 time = 0;
      Latest *known;

      if (raw_phone == NULL || strlen (raw_phone) > 64)
        continue;
      clean = clean_phone_cell (raw_phone, &scientific);
      first = split_numbers (clean, &second);
      if (scientific || (phone = crm_phone_normalize (first, NULL)) == NULL)
        continue;
      if (!crm_import_parse_time (when, zone, &time))
        time = 0;
      known = g_hash_table_lookup (latest, phone);
      if (known == NULL)
        {
          known = g_new0 (Latest, 1);
          g_hash_table_insert (latest, g_steal_pointer (&phone), known);
        }
      else if (time < known->time)
        continue;
      known->time = time;
      known->record = record;
    }
  return latest;
}

static gboolean
import_rows (CrmImport          *self,
             Target             *target,
             gboolean            dry_run,
             GCancellable       *cancellable,
             CrmImportProgress   progress,
             gpointer            user_data,
             CrmImportSummary   *summary,
             GError            **error)
{
  g_autoptr(CrmCsvReader) reader = NULL;
  g_autoptr(GHashTable) seen = NULL;
  g_autoptr(GListModel) models = NULL;
  g_autoptr(GArray) created_ids = NULL;
  int columns[CRM_N_IMPORT_FIELDS];
  const char *data;
  gsize data_length;
  GPtrArray *fields;
  guint line = 0;
  gboolean ok = TRUE;
  Row row = { 0, };
  CrmStore *store = target->store;
  CrmStore *showroom = target->showroom;
  /* Numbers of customers the showroom had, whose merges wait (staged) */
  g_autoptr(GHashTable) in_showroom = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) latest = NULL;
  g_autoptr(GArray) arrived = NULL;   /* gint64 per created id: its submission, 0 = now */
  GTimeZone *zone;
  gint64 now;
  guint record = 0;

  crm_csv_sheet_columns (&self->sheet, columns, CRM_N_IMPORT_FIELDS);
  if (columns[CRM_IMPORT_FIELD_NAME] < 0 || columns[CRM_IMPORT_FIELD_PHONE] < 0)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                   _("Choose the columns that hold the name and the phone number."));
      return FALSE;
    }

  data = self->sheet.text + self->sheet.data_start;
  data_length = strlen (data);
  reader = crm_csv_reader_new (data, self->sheet.delimiter);
  seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  models = crm_staff_store_list_vehicle_models (crm_store_get_staff_store (showroom));
  created_ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  /* Lines are counted from the top of the file, header included */
  line = self->sheet.lines_before_data;
  zone = crm_store_get_time_zone (showroom);
  now = crm_clock_get_now (crm_store_get_clock (showroom));
  if (columns[CRM_IMPORT_FIELD_SUBMITTED] >= 0)
    latest = find_latest_rows (self, columns, data, zone);
  arrived = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (!crm_store_begin (store, error))
    return FALSE;

  for (guint record_line; ok && crm_csv_reader_next (reader, &fields, &record_line); row_clear (&row), record++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *raw_phone = NULL;
      g_autofree char *clean = NULL;
      g_autofree char *first = NULL;
      g_autofree char *second = NULL;
      gboolean scientific = FALSE;
      CrmChannel channel = self->default_channel;
      gint64 model_id;
      gint64 existing;
      guint at = line + record_line;

      if (crm_csv_fields_are_blank (fields))
        continue;

      summary->rows++;
      if (summary->rows % 500 == 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            {
              ok = FALSE;
              break;
            }
          if (progress != NULL)
            progress ((double) crm_csv_reader_get_offset (reader) / MAX (data_length, 1),
                      summary->rows, user_data);
        }

      row.name = crm_csv_cell (fields, columns[CRM_IMPORT_FIELD_NAME]);
      raw_phone = crm_csv_cell (fields, columns[CRM_IMPORT_FIELD_PHONE]);
      row.channel_text = crm_csv_cell (fields, columns[CRM_IMPORT_FIELD_CHANNEL]);
      row.model_text = crm_csv_cell (fields, columns[CRM_IMPORT_FIELD_MODEL]);
      row.note = crm_csv_cell (fields, columns[CRM_IMPORT_FIELD_NOTE]);
      row.city = crm_csv_cell (fields, columns[CRM_IMPORT_FIELD_CITY]);
      row.wechat = crm_csv_cell (fields, columns[CRM_IMPORT_FIELD_WECHAT]);
      if (columns[CRM_IMPORT_FIELD_SUBMITTED] >= 0)
        {
          g_autofree char *when = crm_csv_cell (fields, columns[CRM_IMPORT_FIELD_SUBMITTED]);

          if (when != NULL && !crm_import_parse_time (when, zone, &row.submitted))
            crm_csv_add_problem (summary->problems, at,
                                 _("Line %u: “%.40s” is not a date and time; the lead is dated when it is imported."),
                                 at, when);
          /* A time yet to come is a clock set wrong, not a lead */
          row.submitted = MIN (row.submitted, now);
        }

      if (fields->len < self->sheet.n_columns &&
          (guint) MAX (columns[CRM_IMPORT_FIELD_NAME], columns[CRM_IMPORT_FIELD_PHONE]) >= fields->len)
        {
          summary->invalid++;
          crm_csv_add_problem (summary->problems, at, _("Line %u: the row has %u columns instead of %u."),
                       at, fields->len, self->sheet.n_columns);
          continue;
        }
      if (row.name == NULL)
        {
          summary->invalid++;
          crm_csv_add_problem (summary->problems, at, _("Line %u: no name."), at);
          continue;
        }
      if (g_utf8_strlen (row.name, -1) > 60)
        {
          summary->invalid++;
          crm_csv_add_problem (summary->problems, at, _("Line %u: the name is longer than 60 characters."), at);
          continue;
        }
      /* A note of megabytes is a broken export, not a note */
      if (row.note != NULL && g_utf8_strlen (row.note, -1) > CRM_IMPORT_MAX_NOTE_CHARS)
        {
          summary->invalid++;
          crm_csv_add_problem (summary->problems, at, _("Line %u: the note is longer than %d characters."),
                               at, CRM_IMPORT_MAX_NOTE_CHARS);
          continue;
        }
      if (raw_phone != NULL && strlen (raw_phone) > 64)
        {
          summary->invalid++;
          crm_csv_add_problem (summary->problems, at, _("Line %u: the phone number is longer than 64 characters."), at);
          continue;
        }
      if (raw_phone == NULL)
        {
          summary->invalid++;
          crm_csv_add_problem (summary->problems, at, _("Line %u: no phone number."), at);
          continue;
        }

      clean = clean_phone_cell (raw_phone, &scientific);
      if (scientific)
        {
          summary->invalid++;
          crm_csv_add_problem (summary->problems, at,
                       _("Line %u: the phone number was turned into “%s” by the spreadsheet; "
                         "format the column as text and export again."), at, raw_phone);
          continue;
        }
      first = split_numbers (clean, &second);
      row.phone = crm_phone_normalize (first, &local_error);
      if (row.phone == NULL)
        {
          summary->invalid++;
          crm_csv_add_problem (summary->problems, at, _("Line %u: %s"), at, local_error->message);
          continue;
        }

      /* A second number is kept when it is valid and nobody has it yet */
      if (second != NULL && second[0] != '\0')
        {
          g_autofree char *other = crm_phone_normalize (second, NULL);

          if (other != NULL && !g_str_equal (other, row.phone) &&
              !g_hash_table_contains (seen, other) &&
              crm_customer_store_find_by_phone (crm_store_get_customer_store (showroom), other, 0) == 0)
            row.phone2 = g_steal_pointer (&other);
        }

      if (row.channel_text != NULL && !crm_import_parse_channel (row.channel_text, &channel))
        {
          summary->unknown_channel++;
          crm_csv_add_problem (summary->problems, at, _("Line %u: the channel “%s” is not known; imported as “%s”."),
                       at, row.channel_text, crm_channel_get_label (self->default_channel));
          channel = self->default_channel;
        }

      model_id = match_model (models, row.model_text);
      if (model_id == 0 && row.model_text != NULL)
        {
          /* Keep what the customer asked about even when it is not in the catalogue */
          g_autofree char *note = row.note;
          row.note = note ? g_strdup_printf (_("Model of interest: %s\n%s"), row.model_text, note)
                          : g_strdup_printf (_("Model of interest: %s"), row.model_text);
        }

      /* A later submission of the same number is the one imported */
      if (latest != NULL)
        {
          Latest *best = g_hash_table_lookup (latest, row.phone);

          if (best != NULL && best->record != record)
            {
              summary->skipped_in_file++;
              continue;
            }
        }

      /* The same number earlier in the file */
      if (g_hash_table_contains (seen, row.phone))
        {
          gint64 earlier = GPOINTER_TO_SIZE (g_hash_table_lookup (seen, row.phone));

          if (self->duplicates == CRM_IMPORT_DUPLICATES_SKIP || earlier == 0)
            {
              summary->skipped_in_file++;
              continue;
            }
          summary->merged++;
          if (g_hash_table_contains (in_showroom, row.phone))
            {
              g_ptr_array_add (target->deferred, merge_new (earlier, &row, model_id, at));
              continue;
            }
          ok = merge_into (store, earlier, &row, model_id, error);
          if (!ok)
            g_prefix_error (error, _("Line %u: "), at);
          continue;
        }

      existing = crm_customer_store_find_by_phone (crm_store_get_customer_store (showroom), row.phone, 0);
      if (existing > 0)
        {
          char *key = g_strdup (row.phone);

          g_hash_table_insert (seen, key, GSIZE_TO_POINTER (existing));
          g_hash_table_add (in_showroom, key);
          if (self->duplicates == CRM_IMPORT_DUPLICATES_SKIP)
            {
              summary->skipped_existing++;
              continue;
            }
          summary->merged++;
          g_ptr_array_add (target->deferred, merge_new (existing, &row, model_id, at));
          continue;
        }

      {
        g_autoptr(CrmCustomer) customer = crm_customer_new ();
        g_autoptr(CrmDeal) deal = crm_deal_new ();
        const char *phones[] = { row.phone, row.phone2, NULL };
        gint64 id;

        crm_customer_set_name (customer, row.name);
        crm_customer_set_phones (customer, phones);
        crm_customer_set_channel (customer, channel);
        crm_customer_set_city (customer, row.city);
        crm_customer_set_wechat (customer, row.wechat);
        crm_customer_set_notes (customer, row.note);
        /* The lead is as old as its submission: its first-contact clock too */
        if (row.submitted > 0)
          crm_customer_set_created_at (customer, row.submitted);
        if (model_id > 0)
          crm_customer_set_model_ids (customer,
                                      g_variant_new_fixed_array (G_VARIANT_TYPE_INT64, &model_id, 1,
                                                                 sizeof (gint64)));

        id = crm_customer_store_insert (crm_store_get_customer_store (store), customer, error);
        if (id > 0)
          {
            crm_deal_set_customer_id (deal, id);
            crm_deal_set_model_id (deal, model_id);
            crm_deal_set_stage (deal, CRM_STAGE_NEW_LEAD);
            ok = crm_deal_store_insert (crm_store_get_deal_store (store), deal, self->staff_id, error) > 0;
          }
        else
          ok = FALSE;

        if (!ok)
          {
            g_prefix_error (error, _("Line %u: "), at);
            break;
          }
        g_hash_table_insert (seen, g_strdup (row.phone), GSIZE_TO_POINTER (id));
        if (row.phone2 != NULL)
          g_hash_table_insert (seen, g_strdup (row.phone2), GSIZE_TO_POINTER (id));
        g_array_append_val (created_ids, id);
        g_array_append_val (arrived, row.submitted);
        summary->created++;
      }
    }
  row_clear (&row);

  /* A header and nothing under it is not an import that went well */
  if (ok && summary->rows == 0)
    {
      g_set_error_literal (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                           _("The file has no rows under its header: nothing was imported. "
                             "Check that the export holds the leads."));
      ok = FALSE;
    }

  if (ok && self->assign && created_ids->len > 0)
    {
      summary->assigned = crm_assignment_assign_new_leads_arrived (store, showroom, created_ids, arrived,
                                                                   self->staff_id, error);
      ok = summary->assigned > 0 || (error == NULL || *error == NULL);
    }

  if (ok && g_cancellable_set_error_if_cancelled (cancellable, error))
    ok = FALSE;

  if (!ok || dry_run)
    {
      crm_store_rollback (store);
      return ok;
    }

  if (progress != NULL)
    progress (1.0, summary->rows, user_data);
  return crm_store_commit (store, error);
}
