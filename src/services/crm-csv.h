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

/* ------------------------------------------------------------------ */
/* A spreadsheet read for an import (the leads' and the stock's)        */

/**
 * CrmCsvHeaderWords:
 * @field: the importer's field (1 …; 0 is "not imported")
 * @words: header words naming it, lower case, %NULL-terminated; a word
 *   ending in "$" names it only as the whole header
 *
 * Headers are compared after crm_csv_normalize_header(): exact matches
 * first, then a header containing a word, in the table's order. Latin
 * words shorter than five letters ("tel", "vin") match whole headers only.
 */
typedef struct
{
  int         field;
  const char *words[24];
} CrmCsvHeaderWords;

char    *crm_csv_normalize_header (const char              *header);
int      crm_csv_match_header     (const char              *header,
                                   const CrmCsvHeaderWords *table,
                                   guint                    n_entries);

/**
 * CrmCsvSheet:
 * @text: the file as UTF-8
 * @encoding: what it was (see crm_csv_decode())
 * @delimiter: ',' ';' or '\t'
 * @data_start: the offset of the first data record in @text
 * @lines_before_data: the lines above it (the header and any title lines)
 * @has_header: whether a record named any field (else the columns are
 *   "Column 1" … and import nothing until mapped)
 * @n_columns: the header's columns
 * @headers: (element-type utf8): each column's header
 * @mapping: (element-type int): each column's field, 0 for none; a field
 *   comes from one column at most
 *
 * A file decoded, its header found among the first records (exports often
 * start with a title line such as "汽车之家线索导出 2026-11-24"): the record
 * in which most columns name a field.
 */
typedef struct
{
  char       *text;
  const char *encoding;
  char        delimiter;
  gsize       data_start;
  guint       lines_before_data;
  gboolean    has_header;
  guint       n_columns;
  GPtrArray  *headers;
  GArray     *mapping;
} CrmCsvSheet;

gboolean   crm_csv_sheet_init        (CrmCsvSheet     *sheet,
                                      const char      *data,
                                      gsize            length,
                                      const CrmCsvHeaderWords *words,
                                      guint            n_words,
                                      guint            n_fields,
                                      GError         **error);
void       crm_csv_sheet_clear       (CrmCsvSheet     *sheet);
GPtrArray *crm_csv_sheet_preview     (const CrmCsvSheet *sheet,
                                      guint            max_rows);
void       crm_csv_sheet_set_mapping (CrmCsvSheet     *sheet,
                                      guint            column,
                                      int              field);
void       crm_csv_sheet_columns     (const CrmCsvSheet *sheet,
                                      int             *columns,
                                      guint            n_fields);

char      *crm_csv_cell              (GPtrArray       *fields,
                                      int              column);
gboolean   crm_csv_fields_are_blank  (GPtrArray       *fields);

/**
 * CrmCsvProblem:
 * @line: the line of the file, from 1, header included
 * @message: what is wrong, translated, starting "Line N: "
 */
typedef struct
{
  guint  line;
  char  *message;
} CrmCsvProblem;

GPtrArray *crm_csv_problems_new      (void);
void       crm_csv_add_problem       (GPtrArray       *problems,
                                      guint            line,
                                      const char      *format,
                                      ...) G_GNUC_PRINTF (3, 4);

G_END_DECLS
