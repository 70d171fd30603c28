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
