/* crm-csv.h: spreadsheet text as the auto platforms and Excel save it
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * crm_csv_decode:
 * @data: the file's bytes
 * @length: their number
 * @encoding_out: (out) (optional): "UTF-8", "UTF-8 (BOM)", "UTF-16" or "GB18030"
 *
 * Converts a spreadsheet export to UTF-8: a UTF-8 byte-order mark is
 * dropped, UTF-16 with a mark is converted, valid UTF-8 is kept, anything
 * else is read as GB18030 (a superset of GBK and GB2312, what Excel writes
 * on a Chinese Windows). Text that is none of these is an error, never
 * mojibake.
 *
 * Returns: (transfer full): NUL-terminated UTF-8, or NULL with @error set
 */
char *crm_csv_decode           (const char  *data,
                                gsize        length,
                                const char **encoding_out,
                                GError     **error);

/* The delimiter of the first record: ',' ';' or '\t' (',' when unsure) */
char  crm_csv_guess_delimiter  (const char  *text);

typedef struct _CrmCsvReader CrmCsvReader;

/* Reads RFC 4180 records from @text (UTF-8, not copied: keep it alive).
 * Quoted fields may hold the delimiter, "" and line breaks; CRLF, LF and
 * CR all end a record. */
CrmCsvReader *crm_csv_reader_new  (const char   *text,
                                   char          delimiter);
void          crm_csv_reader_free (CrmCsvReader *reader);

/**
 * crm_csv_reader_next:
 * @fields: (out): filled with the record's fields (owned by the reader,
 *   valid until the next call)
 * @line: (out) (optional): the line on which the record starts (1-based)
 *
 * Blank lines are skipped.
 *
 * Returns: FALSE at the end of the text
 */
gboolean      crm_csv_reader_next (CrmCsvReader *reader,
                                   GPtrArray   **fields,
                                   guint        *line);

gboolean      crm_csv_find_unclosed_quote (const char *text,
                                           char        delimiter,
                                           guint      *line);

/* How far the reader is, 0 … length of the text */
gsize         crm_csv_reader_get_offset (CrmCsvReader *reader);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrmCsvReader, crm_csv_reader_free)

G_END_DECLS
