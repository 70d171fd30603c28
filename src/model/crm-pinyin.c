/* crm-pinyin.c: pinyin search keys for Chinese names
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#define G_LOG_DOMAIN "crm-pinyin"

#include <string.h>

#include "crm-pinyin.h"
#include "crm-pinyin-table.h"

/*
 * How a name becomes words.
 *
 * The lower-cased text is cut into tokens: every Han character with a known
 * reading is a token of its own (a syllable with one or more readings), and
 * every maximal run of other letters and digits (Latin, digits, Han
 * characters without a reading …) is one token with a single "reading", the
 * run itself.  Spaces and punctuation only separate runs; they appear in no
 * pinyin form.  A token's initial is the first letter of its reading, so
 * "Mary 王" gives "mw" and "marywang", and "张3" gives "z3" and "zhang3".
 *
 * Readings come from Unihan, most common first.  When the name starts with a
 * Han character that is read differently as a family name (单 Shàn, 曾 Zēng),
 * or with a two-character family name such as 尉迟 Yùchí, the family-name
 * reading is put first for that position only.
 *
 * Combinations are the cartesian product of the tokens' readings, taken in
 * order of the sum of the reading ranks: first the most common reading
 * everywhere, then every combination with one character read its second
 * way, and so on, up to MAX_COMBINATIONS.  This way each character's
 * alternatives get in before the cap, whichever position they are at.
 */

#define MAX_COMBINATIONS 16
#define MAX_STACK_TOKENS 32

G_STATIC_ASSERT (CRM_PINYIN_MAX_READINGS <= 16);

typedef struct
{
  const char *str[CRM_PINYIN_MAX_READINGS];
  gsize       len[CRM_PINYIN_MAX_READINGS];
  gunichar    c;            /* the Han character, 0 for a run */
  guint       n_readings;
} Token;

typedef struct
{
  const Token *tokens;
  guint        n_tokens;
  guint       *capacity;    /* capacity[i]: sum of (n_readings - 1) over i… */
  guint8      *current;
  guint8      *out;         /* MAX_COMBINATIONS rows of n_tokens ranks */
  guint        n_out;
} Enumerator;

static guint
readings_index (gunichar c)
{
  guint block;

  if (c >= ((gunichar) CRM_PINYIN_N_BLOCKS << CRM_PINYIN_BLOCK_SHIFT))
    return 0;

  block = crm_pinyin_blocks[c >> CRM_PINYIN_BLOCK_SHIFT];
  return crm_pinyin_leaves[((gsize) block << CRM_PINYIN_BLOCK_SHIFT)
                           + (c & ((1u << CRM_PINYIN_BLOCK_SHIFT) - 1))];
}

static inline const char *
readings_string (guint index)
{
  return crm_pinyin_pool + crm_pinyin_offsets[index];
}

static guint
surname_index (gunichar c)
{
  gsize lo = 0;
  gsize hi = G_N_ELEMENTS (crm_pinyin_surnames);

  while (lo < hi)
    {
      gsize mid = (lo + hi) / 2;

      if (crm_pinyin_surnames[mid].c == c)
        return crm_pinyin_surnames[mid].readings;
      else if (crm_pinyin_surnames[mid].c < c)
        lo = mid + 1;
      else
        hi = mid;
    }

  return 0;
}

static void
token_set_readings (Token      *token,
                    const char *list)
{
  const char *p = list;

  token->n_readings = 0;

  while (token->n_readings < CRM_PINYIN_MAX_READINGS)
    {
      const char *comma = strchr (p, ',');
      gsize len = comma ? (gsize) (comma - p) : strlen (p);

      token->str[token->n_readings] = p;
      token->len[token->n_readings] = len;
      token->n_readings++;

      if (comma == NULL)
        break;
      p = comma + 1;
    }
}

static inline gboolean
is_run_char (gunichar c)
{
  if (c < 0x80)
    return g_ascii_isalnum (c);

  return g_unichar_isalnum (c) || g_unichar_ismark (c);
}

/* Cuts @lower into tokens.  Returns the number of tokens; *@tokens is
 * @stack_tokens or a new array the caller frees. */
static guint
tokenize (const char  *lower,
          Token       *stack_tokens,
          Token      **tokens)
{
  Token *array = stack_tokens;
  guint allocated = MAX_STACK_TOKENS;
  guint n = 0;
  const char *run = NULL;
  const char *p;

  for (p = lower; ; p = g_utf8_next_char (p))
    {
      gunichar c = (guchar) *p < 0x80 ? (gunichar) *p : g_utf8_get_char (p);
      guint index = c < CRM_PINYIN_FIRST_CHAR ? 0 : readings_index (c);

      /* The end of the text closes a run too */
      if (run != NULL && (c == 0 || index != 0 || !is_run_char (c)))
        {
          array[n - 1].str[0] = run;
          array[n - 1].len[0] = (gsize) (p - run);
          run = NULL;
        }

      if (c == 0)
        break;

      if (index == 0 && (run != NULL || !is_run_char (c)))
        continue;

      if (n == allocated)
        {
          allocated *= 2;
          if (array == stack_tokens)
            {
              array = g_new (Token, allocated);
              memcpy (array, stack_tokens, sizeof (Token) * n);
            }
          else
            {
              array = g_renew (Token, array, allocated);
            }
        }

      if (index != 0)
        {
          array[n].c = c;
          token_set_readings (&array[n], readings_string (index));
        }
      else
        {
          array[n].c = 0;
          array[n].n_readings = 1;
          run = p;
        }
      n++;
    }

  /* Family names come first in Chinese names. */
  if (n > 0 && array[0].c != 0)
    {
      gboolean compound = FALSE;

      if (n > 1 && array[1].c != 0)
        {
          for (guint i = 0; i < G_N_ELEMENTS (crm_pinyin_compound_surnames); i++)
            {
              if (crm_pinyin_compound_surnames[i].c1 == array[0].c &&
                  crm_pinyin_compound_surnames[i].c2 == array[1].c)
                {
                  token_set_readings (&array[0], readings_string (crm_pinyin_compound_surnames[i].readings1));
                  token_set_readings (&array[1], readings_string (crm_pinyin_compound_surnames[i].readings2));
                  compound = TRUE;
                  break;
                }
            }
        }

      if (!compound)
        {
          guint index = surname_index (array[0].c);

          if (index != 0)
            token_set_readings (&array[0], readings_string (index));
        }
    }

  *tokens = array;
  return n;
}

/* Every rank vector with sum @remaining over tokens @i…, highest rank at
 * the earliest position first. */
static void
enumerate_sum (Enumerator *e,
               guint       i,
               guint       remaining)
{
  guint lowest;
  guint k;

  if (i == e->n_tokens)
    {
      g_assert (remaining == 0);
      memcpy (e->out + (gsize) e->n_out * e->n_tokens, e->current, e->n_tokens);
      e->n_out++;
      return;
    }

  lowest = remaining > e->capacity[i + 1] ? remaining - e->capacity[i + 1] : 0;
  k = MIN (remaining, e->tokens[i].n_readings - 1);

  for (;;)
    {
      e->current[i] = (guint8) k;
      enumerate_sum (e, i + 1, remaining - k);
      if (e->n_out == MAX_COMBINATIONS || k == lowest)
        break;
      k--;
    }
}

/* Fills @out with up to MAX_COMBINATIONS rows of reading ranks. */
static guint
enumerate (const Token *tokens,
           guint        n_tokens,
           guint8      *out)
{
  guint stack_capacity[MAX_STACK_TOKENS + 1];
  guint8 stack_current[MAX_STACK_TOKENS];
  g_autofree guint *heap_capacity = NULL;
  g_autofree guint8 *heap_current = NULL;
  Enumerator e;
  guint total;

  e.tokens = tokens;
  e.n_tokens = n_tokens;
  e.out = out;
  e.n_out = 0;

  if (n_tokens <= MAX_STACK_TOKENS)
    {
      e.capacity = stack_capacity;
      e.current = stack_current;
    }
  else
    {
      heap_capacity = g_new (guint, n_tokens + 1);
      heap_current = g_new (guint8, n_tokens);
      e.capacity = heap_capacity;
      e.current = heap_current;
    }

  e.capacity[n_tokens] = 0;
  for (guint i = n_tokens; i > 0; i--)
    e.capacity[i - 1] = e.capacity[i] + tokens[i - 1].n_readings - 1;

  total = e.capacity[0];
  for (guint sum = 0; sum <= total && e.n_out < MAX_COMBINATIONS; sum++)
    enumerate_sum (&e, 0, sum);

  return e.n_out;
}

/* Appends " word" unless an equal word is already in @key (words start at
 * @starts); keeps @starts up to date. */
static void
append_unique (GString *key,
               gsize    word_start,
               gsize   *starts,
               gsize   *lens,
               guint   *n_words)
{
  gsize len = key->len - word_start;

  if (len == 0)
    {
      g_string_truncate (key, word_start > 0 ? word_start - 1 : 0);
      return;
    }

  for (guint i = 0; i < *n_words; i++)
    {
      if (lens[i] == len && memcmp (key->str + starts[i], key->str + word_start, len) == 0)
        {
          g_string_truncate (key, word_start - 1);
          return;
        }
    }

  starts[*n_words] = word_start;
  lens[*n_words] = len;
  (*n_words)++;
}

static char *
lower_valid (const char *text)
{
  if (!g_utf8_validate (text, -1, NULL))
    {
      g_autofree char *valid = g_utf8_make_valid (text, -1);

      return g_utf8_strdown (valid, -1);
    }

  return g_utf8_strdown (text, -1);
}

/**
 * crm_pinyin_get_readings:
 * @c: a Unicode character
 *
 * Returns: (nullable): the readings of @c, most common first, or %NULL
 */
const char *
crm_pinyin_get_readings (gunichar c)
{
  guint index = readings_index (c);

  return index != 0 ? readings_string (index) : NULL;
}

/**
 * crm_pinyin_search_key:
 * @text: a name
 *
 * Returns: (transfer full): the lower-cased text, then initials and full
 *   pinyin for each reading combination, separated by spaces
 */
char *
crm_pinyin_search_key (const char *text)
{
  g_autofree char *lower = NULL;
  Token stack_tokens[MAX_STACK_TOKENS];
  Token *tokens = NULL;
  guint8 stack_ranks[MAX_COMBINATIONS * MAX_STACK_TOKENS];
  g_autofree guint8 *heap_ranks = NULL;
  guint8 *ranks;
  gsize starts[1 + 2 * MAX_COMBINATIONS];
  gsize lens[1 + 2 * MAX_COMBINATIONS];
  guint n_words = 0;
  guint n_tokens;
  guint n_combinations;
  GString *key;

  g_return_val_if_fail (text != NULL, NULL);

  lower = lower_valid (text);
  n_tokens = tokenize (lower, stack_tokens, &tokens);

  key = g_string_sized_new (strlen (lower) + 1 + n_tokens * 8 + 16);
  g_string_append (key, lower);
  starts[0] = 0;
  lens[0] = key->len;
  n_words = 1;

  if (n_tokens == 0)
    goto out;

  if (n_tokens <= MAX_STACK_TOKENS)
    ranks = stack_ranks;
  else
    {
      heap_ranks = g_new (guint8, (gsize) MAX_COMBINATIONS * n_tokens);
      ranks = heap_ranks;
    }

  n_combinations = enumerate (tokens, n_tokens, ranks);

  for (guint i = 0; i < n_combinations; i++)
    {
      const guint8 *row = ranks + (gsize) i * n_tokens;
      gsize word_start;

      if (key->len > 0)
        g_string_append_c (key, ' ');
      word_start = key->len;
      for (guint t = 0; t < n_tokens; t++)
        {
          const char *s = tokens[t].str[row[t]];

          if (tokens[t].c != 0 || (guchar) *s < 0x80)
            g_string_append_c (key, *s);
          else
            g_string_append_len (key, s, g_utf8_next_char (s) - s);
        }
      append_unique (key, word_start, starts, lens, &n_words);

      if (key->len > 0)
        g_string_append_c (key, ' ');
      word_start = key->len;
      for (guint t = 0; t < n_tokens; t++)
        g_string_append_len (key, tokens[t].str[row[t]], tokens[t].len[row[t]]);
      append_unique (key, word_start, starts, lens, &n_words);
    }

out:
  if (tokens != stack_tokens)
    g_free (tokens);

  return g_string_free (key, FALSE);
}

/**
 * crm_pinyin_sort_key:
 * @text: a name
 *
 * Returns: (transfer full): the full pinyin of the most common readings
 */
char *
crm_pinyin_sort_key (const char *text)
{
  g_autofree char *lower = NULL;
  Token stack_tokens[MAX_STACK_TOKENS];
  Token *tokens = NULL;
  guint n_tokens;
  GString *key;

  g_return_val_if_fail (text != NULL, NULL);

  lower = lower_valid (text);
  n_tokens = tokenize (lower, stack_tokens, &tokens);

  key = g_string_sized_new (n_tokens * 6 + 1);
  for (guint t = 0; t < n_tokens; t++)
    g_string_append_len (key, tokens[t].str[0], tokens[t].len[0]);

  if (tokens != stack_tokens)
    g_free (tokens);

  return g_string_free (key, FALSE);
}

char *
crm_pinyin_collation_key (const char *text)
{
  GString *key;

  g_return_val_if_fail (text != NULL, NULL);

  key = g_string_new (NULL);
  if (!g_utf8_validate (text, -1, NULL))
    return g_string_free (key, FALSE);
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      const char *readings = crm_pinyin_get_readings (c);

      if (readings != NULL)
        {
          const char *comma = strchr (readings, ',');

          g_string_append_len (key, readings, comma ? comma - readings : (gssize) strlen (readings));
          g_string_append_c (key, ' ');
        }
      else if (!g_unichar_isspace (c))
        g_string_append_unichar (key, g_unichar_tolower (c));
    }
  return g_string_free (key, FALSE);
}
