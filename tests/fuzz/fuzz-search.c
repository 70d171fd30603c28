/* fuzz-search.c: libFuzzer target for search-as-you-type
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input is a script, one line per step; each line's first character
 * picks the step and its second the customer (id 1–64):
 *
 *   op 0  a customer "name\tphone\twechat": the search key the store keeps
 *         (crm_schema_customer_search_key(): the name, its pinyin
 *         initials and readings, phone digits, WeChat ID) goes into the
 *         index, as an insert or an edit
 *   op 1  the customer is deleted
 *   op 2  the rest of the line is typed in the search box: split and
 *         normalised (crm_search_index_split()) and matched
 *         (crm_search_index_match()), narrowing from the last search
 *   op 3  a raw key, repeated as many times as the id (so edits blank
 *         enough text to make the index compact itself)
 *
 * Every answer is compared with a plain substring search over the keys.
 */
#define G_LOG_DOMAIN "fuzz-search"

#include <string.h>

#include "crm-phone.h"
#include "crm-pinyin.h"
#include "crm-schema.h"
#include "crm-search-index.h"
#include "fuzz-common.h"

#define MAX_ID 64

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init ();
  return 0;
}

static char *
customer_key (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, "\t", 3);
  const char *name = parts[0] ? parts[0] : "";
  const char *phone = parts[0] && parts[1] ? parts[1] : NULL;
  const char *wechat = parts[0] && parts[1] ? parts[2] : NULL;
  g_autofree char *normalized = phone ? crm_phone_normalize (phone, NULL) : NULL;
  g_autofree char *sort_key = crm_pinyin_sort_key (name);

  g_assert_true (g_utf8_validate (sort_key, -1, NULL));
  return crm_schema_customer_search_key (name, normalized, wechat);
}

static void
check_search (CrmSearchIndex *index,
              char          **keys,
              const char     *search)
{
  g_autoptr(GPtrArray) terms = crm_search_index_split (search);
  g_autofree guint8 *bits = NULL;
  gsize n_bits = 0;

  g_assert_cmpuint (terms->len, <=, CRM_SEARCH_INDEX_MAX_TERMS);
  for (guint t = 0; t < terms->len; t++)
    {
      const char *term = g_ptr_array_index (terms, t);

      g_assert_cmpstr (term, !=, "");
      g_assert_true (g_utf8_validate (term, -1, NULL));
      g_assert_null (strpbrk (term, " \t\n"));
    }

  /* As crm_store_match_customers() asks for no words */
  if (terms->len == 0)
    g_ptr_array_add (terms, g_strdup (""));
  g_ptr_array_add (terms, NULL);
  bits = crm_search_index_match (index, (const char * const *) terms->pdata, &n_bits);

  for (gint64 id = 1; id <= MAX_ID; id++)
    {
      gboolean expected = keys[id] != NULL && ((const char *) terms->pdata[0])[0] != '\0';

      for (guint t = 0; expected && terms->pdata[t] != NULL; t++)
        expected = strstr (keys[id], terms->pdata[t]) != NULL;
      if (crm_search_index_contains (bits, n_bits, id) != expected)
        g_error ("search “%s”: customer %" G_GINT64_FORMAT " (“%s”) %s",
                 search, id, keys[id] ? keys[id] : "(deleted)",
                 expected ? "not found" : "found");
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(CrmSearchIndex) index = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  char *keys[MAX_ID + 1] = { NULL, };

  /* The search box and the database hold UTF-8 */
  if (!g_utf8_validate ((const char *) data, size, NULL))
    return 0;
  text = g_strndup ((const char *) data, size);
  lines = g_strsplit (text, "\n", 256);
  index = crm_search_index_new ();

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      const char *rest;
      guint op;
      gint64 id;

      if (line[0] == '\0' || *g_utf8_next_char (line) == '\0')
        continue;
      op = g_utf8_get_char (line) % 4;
      rest = g_utf8_next_char (line);
      id = 1 + g_utf8_get_char (rest) % MAX_ID;
      rest = g_utf8_next_char (rest);

      switch (op)
        {
        case 0:
          g_free (keys[id]);
          keys[id] = customer_key (rest);
          crm_search_index_set (index, id, keys[id]);
          break;

        case 1:
          g_clear_pointer (&keys[id], g_free);
          crm_search_index_set (index, id, NULL);
          break;

        case 2:
          check_search (index, keys, rest);
          break;

        case 3:
        default:
          {
            GString *key = g_string_new (NULL);

            for (gint64 n = 0; n < id; n++)
              g_string_append (key, rest);
            g_free (keys[id]);
            keys[id] = g_string_free (key, FALSE);
            crm_search_index_set (index, id, keys[id]);
          }
          break;
        }
    }

  /* The last state, searched for every customer's first word */
  for (gint64 id = 1; id <= MAX_ID; id++)
    if (keys[id] != NULL)
      {
        g_autofree char *first = g_strndup (keys[id], strcspn (keys[id], " "));
        check_search (index, keys, first);
      }

  for (guint id = 0; id <= MAX_ID; id++)
    g_free (keys[id]);
  return 0;
}
