/* crm-csv.c: spreadsheet text as the auto platforms and Excel save it
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-csv"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "crm-csv.h"
#include "crm-error.h"

struct _CrmCsvReader
{
  const char *text;
  const char *pos;
  char        delimiter;
  guint       line;
  GPtrArray  *fields;
  GString    *field;
};

char *
crm_csv_decode (const char  *data,
                gsize        length,
                const char **encoding_out,
                GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  const char *encoding = "UTF-8";
  char *text;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    {
      data += 3;
      length -= 3;
      encoding = "UTF-8 (BOM)";
    }
  else if (length >= 2 && (memcmp (data, "\xFF\xFE", 2) == 0 || memcmp (data, "\xFE\xFF", 2) == 0))
    {
      const char *from = data[0] == '\xFF' ? "UTF-16LE" : "UTF-16BE";

      text = g_convert (data + 2, length - 2, "UTF-8", from, NULL, NULL, &local_error);
      if (text == NULL)
        goto fail;
      if (encoding_out)
        *encoding_out = "UTF-16";
      return text;
    }

  if (memchr (data, '\0', length) != NULL)
    goto fail;

  if (g_utf8_validate (data, length, NULL))
    {
      if (encoding_out)
        *encoding_out = encoding;
      return g_strndup (data, length);
    }

  /* GB18030 decodes every GBK and GB2312 file; a file that is not valid
   * GB18030 either is not text we know, and is refused rather than guessed */
  text = g_convert (data, length, "UTF-8", "GB18030", NULL, NULL, &local_error);
  if (text == NULL)
    goto fail;
  if (encoding_out)
    *encoding_out = "GB18030";
  return text;

fail:
  g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
               _("The file is not text in a known encoding (UTF-8, GBK/GB18030 or UTF-16). "
                 "Save it from the spreadsheet as “CSV” and try again."));
  return NULL;
}

char
crm_csv_guess_delimiter (const char *text)
{
  static const char candidates[] = { ',', '\t', ';' };
  guint counts[G_N_ELEMENTS (candidates)] = { 0, };
  gboolean quoted = FALSE;
  guint best = 0;

  g_return_val_if_fail (text != NULL, ',');

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        quoted = !quoted;
      else if (!quoted && (*p == '\n' || *p == '\r'))
        {
          if (p != text)
            break;
        }
      else if (!quoted)
        for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
          if (*p == candidates[i])
            counts[i]++;
    }

  for (guint i = 1; i < G_N_ELEMENTS (candidates); i++)
    if (counts[i] > counts[best])
      best = i;
  return candidates[best];
}

CrmCsvReader *
crm_csv_reader_new (const char *text,
                    char        delimiter)
{
  CrmCsvReader *self;

  g_return_val_if_fail (text != NULL, NULL);

  self = g_new0 (CrmCsvReader, 1);
  self->text = text;
  self->pos = text;
  self->delimiter = delimiter;
  self->line = 1;
  self->fields = g_ptr_array_new_with_free_func (g_free);
  self->field = g_string_sized_new (64);
  return self;
}

void
crm_csv_reader_free (CrmCsvReader *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->fields);
  g_string_free (self->field, TRUE);
  g_free (self);
}

gsize
crm_csv_reader_get_offset (CrmCsvReader *self)
{
  return self->pos - self->text;
}

/**
 * crm_csv_find_unclosed_quote:
 * @line: (out): the line on which the quoted field opens (1-based)
 *
 * A quoted field that never closes swallows the rest of the file (every
 * later record would become one field): the reader cannot tell that from
 * a long note, so the whole text is looked at first, by the same rules.
 *
 * Returns: whether a quoted field opens and is never closed
 */
gboolean
crm_csv_find_unclosed_quote (const char *text,
                             char        delimiter,
                             guint      *line)
{
  gboolean field_start = TRUE;
  guint at = 1;

  g_return_val_if_fail (text != NULL, FALSE);

  for (const char *p = text; *p; p++)
    {
      if (field_start && *p == '"')
        {
          guint opened = at;

          for (p++;; p++)
            {
              if (*p == '\0')
                {
                  if (line != NULL)
                    *line = opened;
                  return TRUE;
                }
              if (*p == '"' && p[1] == '"')
                p++;
              else if (*p == '"')
                break;
              else if (*p == '\n' || (*p == '\r' && p[1] != '\n'))
                at++;
            }
          field_start = FALSE;
          continue;
        }
      if (*p == '\n' || (*p == '\r' && p[1] != '\n'))
        at++;
      field_start = *p == delimiter || *p == '\n' || *p == '\r';
    }
  return FALSE;
}


static gboolean
is_line_break (char c)
{
  return c == '\n' || c == '\r';
}

gboolean
crm_csv_reader_next (CrmCsvReader  *self,
                     GPtrArray    **fields,
                     guint         *line)
{
  const char *p;

  g_return_val_if_fail (self != NULL, FALSE);

  /* Blank lines are not records */
  while (is_line_break (*self->pos))
    {
      if (self->pos[0] == '\r' && self->pos[1] == '\n')
        self->pos++;
      self->pos++;
      self->line++;
    }
  if (*self->pos == '\0')
    return FALSE;

  g_ptr_array_set_size (self->fields, 0);
  if (line)
    *line = self->line;

  p = self->pos;
  for (;;)
    {
      g_string_truncate (self->field, 0);

      if (*p == '"')
        {
          p++;
          for (;;)
            {
              if (*p == '\0')
                break;
              if (*p == '"')
                {
                  if (p[1] == '"')
                    {
                      g_string_append_c (self->field, '"');
                      p += 2;
                      continue;
                    }
                  p++;
                  break;
                }
              if (*p == '\r' || *p == '\n')
                {
                  /* A line break inside quotes is part of the field,
                   * kept as one '\n' whatever the file used */
                  g_string_append_c (self->field, '\n');
                  if (p[0] == '\r' && p[1] == '\n')
                    p++;
                  p++;
                  self->line++;
                  continue;
                }
              g_string_append_c (self->field, *p++);
            }
          /* Text after the closing quote (not RFC 4180, but Excel users
           * type it) is kept as it is */
          while (*p != '\0' && *p != self->delimiter && !is_line_break (*p))
            g_string_append_c (self->field, *p++);
        }
      else
        {
          const char *start = p;

          while (*p != '\0' && *p != self->delimiter && !is_line_break (*p))
            p++;
          g_string_append_len (self->field, start, p - start);
        }

      g_ptr_array_add (self->fields, g_strndup (self->field->str, self->field->len));

      if (*p == self->delimiter)
        {
          p++;
          continue;
        }
      break;
    }

  if (is_line_break (*p))
    {
      if (p[0] == '\r' && p[1] == '\n')
        p++;
      p++;
      self->line++;
    }
  self->pos = p;
  *fields = self->fields;
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* A spreadsheet read for an import                                    */

#define MAX_HEADER_SEARCH 5

/**
 * crm_csv_normalize_header:
 *
 * Returns: (transfer full): @header lower-cased, without spaces, "*",
 *   ":", "_", "-" and "(必填)", as header words are compared
 */
char *
crm_csv_normalize_header (const char *header)
{
  g_autofree char *down = g_utf8_strdown (header, -1);
  GString *out = g_string_new (NULL);

  for (const char *p = down; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || c == '*' || c == ':' || c == 0xFF1A /* ： */ ||
          c == '_' || c == '-')
        continue;
      g_string_append_unichar (out, c);
    }

  /* "手机号(必填)", "姓名（必填）" */
  for (const char *suffix = NULL; (suffix = strstr (out->str, "必填")) != NULL; )
    g_string_erase (out, suffix - out->str, strlen ("必填"));
  g_string_replace (out, "()", "", 0);
  g_string_replace (out, "（）", "", 0);
  return g_string_free (out, FALSE);
}

static gboolean
word_is_whole_only (const char *word,
                    gsize      *length)
{
  *length = strlen (word);
  if (*length > 0 && word[*length - 1] == '$')
    {
      (*length)--;
      return TRUE;
    }
  /* Short Latin words ("tel", "name", "vin") only match whole headers */
  return (guchar) word[0] < 0x80 && *length < 5;
}

/**
 * crm_csv_match_header:
 * @header: a column header as written in the file
 *
 * Returns: the field of @table the header names, 0 for none
 */
int
crm_csv_match_header (const char              *header,
                      const CrmCsvHeaderWords *table,
                      guint                    n_entries)
{
  g_autofree char *key = NULL;
  gsize key_length;

  if (header == NULL || header[0] == '\0')
    return 0;
  key = crm_csv_normalize_header (header);
  key_length = strlen (key);
  if (key_length == 0)
    return 0;

  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < n_entries; i++)
      for (guint j = 0; table[i].words[j] != NULL; j++)
        {
          const char *word = table[i].words[j];
          gsize length;
          gboolean whole_only = word_is_whole_only (word, &length);

          if (pass == 0 ? key_length == length && strncmp (key, word, length) == 0
                        : !whole_only && strstr (key, word) != NULL)
            return table[i].field;
        }
  return 0;
}

/* The fields the columns of @fields name, each field once */
static guint
guess_mapping (GPtrArray               *fields,
               const CrmCsvHeaderWords *words,
               guint                    n_words,
               guint                    n_fields,
               GArray                  *mapping)
{
  /* Freed by hand, not g_autofree: scan-build does not see cleanup
   * attributes */
  gboolean *taken = g_new0 (gboolean, n_fields);
  guint recognised = 0;

  g_array_set_size (mapping, 0);
  for (guint i = 0; i < fields->len; i++)
    {
      int field = crm_csv_match_header (g_ptr_array_index (fields, i), words, n_words);

      if (field <= 0 || (guint) field >= n_fields || taken[field])
        field = 0;
      if (field != 0)
        {
          taken[field] = TRUE;
          recognised++;
        }
      g_array_append_val (mapping, field);
    }
  g_free (taken);
  return recognised;
}

static guint
count_lines (const char *text,
             gsize       end)
{
  const char *stop = text + end;
  guint lines = 0;

  /* CRLF, LF and CR each end a line */
  for (const char *p = text; p < stop; p++)
    lines += *p == '\n' || (*p == '\r' && p[1] != '\n');
  return lines;
}

/**
 * crm_csv_sheet_init:
 * @sheet: (out caller-allocates): cleared with crm_csv_sheet_clear()
 * @words: the header words of the importer's fields
 * @n_words: how many entries @words has
 * @n_fields: the importer's fields, 0 ("not imported") included
 *
 * Decodes the file and finds its header. A file without one gets columns
 * "Column 1" … mapped to nothing (@has_header %FALSE).
 *
 * Returns: %FALSE with CRM_ERROR_INVALID_INPUT for a file that is not
 *   text or holds no record
 */
gboolean
crm_csv_sheet_init (CrmCsvSheet              *sheet,
                    const char               *data,
                    gsize                     length,
                    const CrmCsvHeaderWords  *words,
                    guint                     n_words,
                    guint                     n_fields,
                    GError                  **error)
{
  g_autoptr(CrmCsvReader) reader = NULL;
  g_autoptr(GArray) mapping = g_array_new (FALSE, FALSE, sizeof (int));
  GPtrArray *fields;
  guint best = 0;
  guint record = 0;

  memset (sheet, 0, sizeof *sheet);
  sheet->headers = g_ptr_array_new_with_free_func (g_free);
  sheet->mapping = g_array_new (FALSE, FALSE, sizeof (int));
  sheet->text = crm_csv_decode (data, length, &sheet->encoding, error);
  if (sheet->text == NULL)
    return FALSE;
  sheet->delimiter = crm_csv_guess_delimiter (sheet->text);
  /* A quote that never closes would make the rest of the file one field */
  {
    guint line = 0;

    if (crm_csv_find_unclosed_quote (sheet->text, sheet->delimiter, &line))
      {
        g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT,
                     _("Line %u: a quoted field opens there and is never closed, so the rest of the file "
                       "would be read as one field. Nothing was imported: check the quotation marks on that "
                       "line and export the file again."), line);
        return FALSE;
      }
  }

  reader = crm_csv_reader_new (sheet->text, sheet->delimiter);
  while (record < MAX_HEADER_SEARCH && crm_csv_reader_next (reader, &fields, NULL))
    {
      guint recognised = guess_mapping (fields, words, n_words, n_fields, mapping);

      if (recognised > best)
        {
          best = recognised;
          sheet->data_start = crm_csv_reader_get_offset (reader);
          sheet->n_columns = fields->len;
          g_ptr_array_set_size (sheet->headers, 0);
          for (guint i = 0; i < fields->len; i++)
            g_ptr_array_add (sheet->headers, g_strstrip (g_strdup (g_ptr_array_index (fields, i))));
          g_array_set_size (sheet->mapping, 0);
          g_array_append_vals (sheet->mapping, mapping->data, mapping->len);
        }
      record++;
    }

  if (record == 0)
    {
      g_set_error (error, CRM_ERROR, CRM_ERROR_INVALID_INPUT, _("The file is empty."));
      return FALSE;
    }

  sheet->has_header = best > 0;
  if (!sheet->has_header)
    {
      /* Columns numbered, nothing mapped: the importer may guess from
       * the cells */
      g_autoptr(CrmCsvReader) first = crm_csv_reader_new (sheet->text, sheet->delimiter);

      crm_csv_reader_next (first, &fields, NULL);
      sheet->data_start = 0;
      sheet->n_columns = fields->len;
      for (guint i = 0; i < fields->len; i++)
        {
          int none = 0;

          g_ptr_array_add (sheet->headers, g_strdup_printf (_("Column %u"), i + 1));
          g_array_append_val (sheet->mapping, none);
        }
    }
  sheet->lines_before_data = count_lines (sheet->text, sheet->data_start);
  return TRUE;
}

void
crm_csv_sheet_clear (CrmCsvSheet *sheet)
{
  g_clear_pointer (&sheet->text, g_free);
  g_clear_pointer (&sheet->headers, g_ptr_array_unref);
  g_clear_pointer (&sheet->mapping, g_array_unref);
}

/**
 * crm_csv_sheet_preview:
 *
 * Returns: (transfer full) (element-type GStrv): the first data rows,
 *   each with exactly as many cells as there are columns
 */
GPtrArray *
crm_csv_sheet_preview (const CrmCsvSheet *sheet,
                       guint              max_rows)
{
  /* Freed by hand, not g_autoptr: scan-build does not see cleanup
   * attributes */
  CrmCsvReader *reader = crm_csv_reader_new (sheet->text + sheet->data_start, sheet->delimiter);
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  GPtrArray *fields;

  while (rows->len < max_rows && crm_csv_reader_next (reader, &fields, NULL))
    {
      char **row = g_new0 (char *, sheet->n_columns + 1);

      for (guint i = 0; i < sheet->n_columns; i++)
        row[i] = g_strdup (i < fields->len ? (char *) g_ptr_array_index (fields, i) : "");
      g_ptr_array_add (rows, row);
    }
  crm_csv_reader_free (reader);
  return rows;
}

/* A field comes from one column: choosing it for a column clears it elsewhere */
void
crm_csv_sheet_set_mapping (CrmCsvSheet *sheet,
                           guint        column,
                           int          field)
{
  g_return_if_fail (column < sheet->mapping->len);

  if (field != 0)
    for (guint i = 0; i < sheet->mapping->len; i++)
      if (g_array_index (sheet->mapping, int, i) == field)
        g_array_index (sheet->mapping, int, i) = 0;
  g_array_index (sheet->mapping, int, column) = field;
}

/* @columns[field]: the column each field comes from, -1 for none */
void
crm_csv_sheet_columns (const CrmCsvSheet *sheet,
                       int               *columns,
                       guint              n_fields)
{
  for (guint f = 0; f < n_fields; f++)
    columns[f] = -1;
  for (guint i = 0; i < sheet->mapping->len; i++)
    {
      int field = g_array_index (sheet->mapping, int, i);

      if (field > 0 && (guint) field < n_fields)
        columns[field] = i;
    }
}

/* The cell at @column without the spaces around it; %NULL for none or
 * an empty one */
char *
crm_csv_cell (GPtrArray *fields,
              int        column)
{
  char *text;

  if (column < 0 || (guint) column >= fields->len)
    return NULL;
  text = g_strstrip (g_strdup (g_ptr_array_index (fields, column)));
  if (text[0] == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

/* ",,,,," rows Excel leaves at the end */
gboolean
crm_csv_fields_are_blank (GPtrArray *fields)
{
  for (guint i = 0; i < fields->len; i++)
    for (const char *p = g_ptr_array_index (fields, i); *p; p++)
      if (!g_ascii_isspace (*p))
        return FALSE;
  return TRUE;
}

static void
problem_free (CrmCsvProblem *problem)
{
  g_free (problem->message);
  g_free (problem);
}

/* Returns: (transfer full) (element-type CrmCsvProblem): an empty list */
GPtrArray *
crm_csv_problems_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) problem_free);
}

void
crm_csv_add_problem (GPtrArray  *problems,
                     guint       line,
                     const char *format,
                     ...)
{
  CrmCsvProblem *problem = g_new0 (CrmCsvProblem, 1);
  va_list args;

  va_start (args, format);
  problem->line = line;
  problem->message = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (problems, problem);
}
