/* crm-pinyin.h: pinyin search keys for Chinese names
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * crm_pinyin_get_readings:
 * @c: a Unicode character
 *
 * Returns: (nullable): the toneless lower-case readings of a Han character,
 *   most common first, separated by ',' ("dan,shan,chan" for 单), or NULL
 *   when @c is not a Han character with a known reading. Static data.
 */
const char *crm_pinyin_get_readings (gunichar c);

/**
 * crm_pinyin_search_key:
 * @text: a name such as "张三" or "Mary 王"
 *
 * Builds the text that search-as-you-type matches by substring: the
 * lower-cased text itself, then for every plausible reading of the Han
 * characters (the product of each character's readings, at most 16
 * combinations, most common first) the initials ("zs") and the full pinyin
 * ("zhangsan"), all separated by single spaces. Characters with several
 * readings matter in names: 单 is "shan" as a family name, 曾 "zeng".
 *
 * Returns: (transfer full): the key, never NULL
 */
char       *crm_pinyin_search_key   (const char *text);

/**
 * crm_pinyin_sort_key:
 * @text: a name
 *
 * Returns: (transfer full): the full pinyin of the most common readings,
 *   lower case, with non-Han characters lower-cased as they are, so names
 *   sort the way a Chinese phone book does ("zhang san" → "zhangsan")
 */
char       *crm_pinyin_sort_key     (const char *text);

/**
 * crm_pinyin_collation_key:
 * @text: a name
 *
 * Returns: (transfer full): the most common reading of each character,
 *   lower case, followed by a space, so that names compare syllable by
 *   syllable as a Chinese phone book orders them: 陈 "chen " before
 *   程 "cheng " (letter by letter, "chengh…" would come before "chenx…")
 */
char       *crm_pinyin_collation_key (const char *text);

G_END_DECLS
