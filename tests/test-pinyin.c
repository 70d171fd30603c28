/* test-pinyin.c: readings, search keys and sort keys of names
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "crm-pinyin.h"
#include "crm-test-util.h"

typedef struct
{
  const char *input;
  const char *expected;
} Case;

/* TRUE if @word is one of the space-separated words of @key */
static gboolean
key_has_word (const char *key,
              const char *word)
{
  g_auto(GStrv) words = g_strsplit (key, " ", -1);

  return g_strv_contains ((const char * const *) words, word);
}

static void
assert_key_has_words (const char *text,
                      ...)
{
  g_autofree char *key = crm_pinyin_search_key (text);
  const char *word;
  va_list args;

  va_start (args, text);
  while ((word = va_arg (args, const char *)) != NULL)
    {
      if (!key_has_word (key, word))
        g_error ("search key of “%s” is “%s”: no word “%s”", text, key, word);
    }
  va_end (args);
}

static void
assert_key_lacks_word (const char *text,
                       const char *word)
{
  g_autofree char *key = crm_pinyin_search_key (text);

  if (key_has_word (key, word))
    g_error ("search key of “%s” is “%s”: unexpected word “%s”", text, key, word);
}

static void
test_readings (void)
{
  static const struct { gunichar c; const char *readings; } cases[] = {
    { 0x5F20, "zhang" },            /* 张 */
    { 0x4E09, "san" },              /* 三 */
    { 0x738B, "wang,yu" },          /* 王 */
    { 0x674E, "li" },               /* 李 */
    { 0x5355, "dan,chan,shan" },    /* 单: most common first */
    { 0x66FE, "ceng,zeng" },        /* 曾 */
    { 0x4E50, "le,yue" },           /* 乐 */
    { 0x957F, "zhang,chang" },      /* 长 */
    { 0x91CD, "zhong,chong,tong" }, /* 重 */
    { 0x533A, "qu,ou" },            /* 区 */
    { 0x5415, "lv" },               /* 吕: ü is written v */
    { 0x7EFF, "lv,lu" },            /* 绿 */
    { 0x5973, "nv,ru" },            /* 女 */
    { 0x55EF, "n,ng" },             /* 嗯: ń ň ǹ */
    { 0x5463, "m,mou" },            /* 呣: ḿ */
    { 0x3007, "ling" },             /* 〇 */
    { 0x3400, "qiu" },              /* 㐀, extension A */
    { 0x20000, "he" },              /* 𠀀, extension B */
    { 0xF900, "qi,kai" },           /* 豈 compatibility → U+8C48 */
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("U+%04X", cases[i].c);
      g_assert_cmpstr (crm_pinyin_get_readings (cases[i].c), ==, cases[i].readings);
    }

  g_assert_cmpstr (crm_pinyin_get_readings (0xF900), ==, crm_pinyin_get_readings (0x8C48));
  g_assert_cmpstr (crm_pinyin_get_readings (0x2F800), ==, crm_pinyin_get_readings (0x4E3D));

  g_assert_null (crm_pinyin_get_readings (0));
  g_assert_null (crm_pinyin_get_readings ('a'));
  g_assert_null (crm_pinyin_get_readings ('Z'));
  g_assert_null (crm_pinyin_get_readings ('3'));
  g_assert_null (crm_pinyin_get_readings (0x3000));   /* ideographic space */
  g_assert_null (crm_pinyin_get_readings (0x3001));   /* 、 */
  g_assert_null (crm_pinyin_get_readings (0xFF0C));   /* ， */
  g_assert_null (crm_pinyin_get_readings (0xAC00));   /* 가 */
  g_assert_null (crm_pinyin_get_readings (0x1F600));
  g_assert_null (crm_pinyin_get_readings (0x10FFFF));
  g_assert_null (crm_pinyin_get_readings (0x110000));
  g_assert_null (crm_pinyin_get_readings (G_MAXUINT32));
}

/* Every list in the table is well formed, and the common characters are in */
static void
test_readings_table (void)
{
  guint n_chars = 0;
  guint n_common = 0;

  for (gunichar c = 0; c < 0x40000; c++)
    {
      const char *readings = crm_pinyin_get_readings (c);
      g_auto(GStrv) parts = NULL;

      if (readings == NULL)
        continue;

      n_chars++;
      if (c >= 0x4E00 && c <= 0x9FA5)
        n_common++;

      parts = g_strsplit (readings, ",", -1);
      g_assert_cmpuint (g_strv_length (parts), >=, 1);
      g_assert_cmpuint (g_strv_length (parts), <=, 16);
      for (guint i = 0; parts[i] != NULL; i++)
        {
          g_assert_cmpuint (strlen (parts[i]), >=, 1);
          g_assert_cmpuint (strlen (parts[i]), <=, 6);
          for (const char *p = parts[i]; *p; p++)
            {
              g_assert_cmpint (*p, >=, 'a');
              g_assert_cmpint (*p, <=, 'z');
            }
          for (guint j = 0; j < i; j++)
            g_assert_cmpstr (parts[i], !=, parts[j]);
        }
    }

  g_assert_cmpuint (n_chars, >=, 40000);
  /* 0x4E00–0x9FA5 has 20902 characters; a few like 兙 (shíkè) have no
   * Mandarin reading in Unihan */
  g_assert_cmpuint (n_common, >=, 20890);
}

static void
test_search_key_exact (void)
{
  static const Case cases[] = {
    { "张三", "张三 zs zhangsan" },
    { "李四", "李四 ls lisi" },
    { "单田芳", "单田芳 stf shantianfang dtf dantianfang ctf chantianfang" },
    { "曾国藩", "曾国藩 zgf zengguofan cgf cengguofan" },
    { "吕布", "吕布 lb lvbu" },
    { "张3", "张3 z3 zhang3" },
    { "Mary", "mary m" },
    { "ABC", "abc a" },
    { "Mary Smith", "mary smith ms marysmith" },
    { "王Mary", "王mary wm wangmary ym yumary" },
    { "都", "都 d du dou" },            /* "d" only once */
    { "张 三", "张 三 zs zhangsan" },
    { "张·三", "张·三 zs zhangsan" },
    { "", "" },
    { " ", " " },
    { "、，。", "、，。" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *key = crm_pinyin_search_key (cases[i].input);

      g_assert_cmpstr (key, ==, cases[i].expected);
    }
}

static void
test_search_key_words (void)
{
  assert_key_has_words ("张三", "张三", "zs", "zhangsan", NULL);
  assert_key_has_words ("单田芳", "stf", "shantianfang", "dantianfang", NULL);
  assert_key_has_words ("曾", "zeng", "ceng", "z", "c", NULL);
  assert_key_has_words ("曾小贤", "zxx", "zengxiaoxian", "cengxiaoxian", NULL);
  assert_key_has_words ("乐嘉", "yj", "yuejia", "lj", "lejia", NULL);
  assert_key_has_words ("解晓东", "xxd", "xiexiaodong", "jiexiaodong", NULL);
  assert_key_has_words ("仇英", "qy", "qiuying", "chouying", NULL);
  assert_key_has_words ("区永康", "oyk", "ouyongkang", NULL);
  assert_key_has_words ("朴槿惠", "pjh", "piaojinhui", NULL);
  assert_key_has_words ("查良镛", "zly", "zhaliangyong", NULL);
  assert_key_has_words ("翟志刚", "zzg", "zhaizhigang", NULL);
  assert_key_has_words ("长孙无忌", "zswj", "zhangsunwuji", "changsunwuji", NULL);
  assert_key_has_words ("尉迟恭", "ycg", "yuchigong", "weichigong", NULL);
  assert_key_has_words ("万俟卨", "mqx", "moqixie", NULL);
  assert_key_has_words ("重阳", "cy", "chongyang", "zhongyang", NULL);
  assert_key_has_words ("吕小绿", "lxl", "lvxiaolv", "lvxiaolu", NULL);

  /* Mixed text: each run of other letters or digits is one word */
  assert_key_has_words ("Mary王", "mary王", "mw", "marywang", NULL);
  assert_key_has_words ("Mary 王", "mary", "王", "mw", "marywang", NULL);
  assert_key_has_words ("王小明2号", "wxm2h", "wangxiaoming2hao", NULL);
  assert_key_has_words ("BMW 王经理", "bwjl", "bmwwangjingli", NULL);
  assert_key_has_words ("Müller 李", "müller", "ml", "müllerli", NULL);
  assert_key_has_words ("张三（VIP）", "张三（vip）", "zsv", "zhangsanvip", NULL);

  /* No spaces or punctuation in the pinyin forms */
  assert_key_lacks_word ("Mary 王", "mary wang");
  assert_key_lacks_word ("张三", "zhang");
}

static guint
count_words (const char *key,
             gboolean    full)
{
  g_auto(GStrv) words = g_strsplit (key, " ", -1);
  guint n = 0;

  /* Word 0 is the text itself */
  for (guint i = 1; words[i] != NULL; i++)
    {
      g_assert_cmpstr (words[i], !=, "");
      if (full == (strlen (words[i]) > 4))
        n++;
    }

  return n;
}

static void
test_search_key_cap (void)
{
  /* 单 3 × 曾 2 × 乐 2 × 重 3 = 36 combinations, 16 kept */
  g_autofree char *key = crm_pinyin_search_key ("单曾乐重");
  g_auto(GStrv) words = g_strsplit (key, " ", -1);

  g_assert_cmpstr (words[0], ==, "单曾乐重");
  /* the family name first, the rest by their most common reading */
  g_assert_cmpstr (words[1], ==, "sclz");
  g_assert_cmpstr (words[2], ==, "shancenglezhong");
  g_assert_cmpuint (count_words (key, TRUE), ==, 16);
  g_assert_cmpuint (g_strv_length (words), <=, 1 + 2 * 16);

  /* Each character's second reading makes it under the cap */
  g_assert_true (key_has_word (key, "dancenglezhong"));
  g_assert_true (key_has_word (key, "shanzenglezhong"));
  g_assert_true (key_has_word (key, "shancengyuezhong"));
  g_assert_true (key_has_word (key, "shancenglechong"));

  /* No word twice */
  for (guint i = 0; words[i] != NULL; i++)
    for (guint j = 0; j < i; j++)
      g_assert_cmpstr (words[i], !=, words[j]);
}

static void
test_search_key_long (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GString) sort = g_string_new (NULL);
  g_autofree char *key = NULL;
  g_autofree char *sort_key = NULL;
  g_auto(GStrv) words = NULL;

  /* More tokens than fit on the stack, several with two readings */
  for (guint i = 0; i < 50; i++)
    {
      g_string_append (text, i % 5 == 0 ? "重" : "张");
      g_string_append (sort, i == 0 ? "chong" : i % 5 == 0 ? "zhong" : "zhang");
    }
  g_string_append (text, "ABC");
  g_string_append (sort, "abc");

  key = crm_pinyin_search_key (text->str);
  words = g_strsplit (key, " ", -1);
  g_assert_true (g_utf8_validate (key, -1, NULL));
  crm_test_assert_has_suffix (words[0], "张abc");
  g_assert_true (key_has_word (key, sort->str));
  /* the text, then 16 × (initials, full pinyin), all different */
  g_assert_cmpuint (g_strv_length (words), ==, 1 + 2 * 16);

  sort_key = crm_pinyin_sort_key (text->str);
  g_assert_cmpstr (sort_key, ==, sort->str);
}

static void
test_search_key_invalid_utf8 (void)
{
  g_autofree char *key = crm_pinyin_search_key ("\xff张三\xfe");
  g_autofree char *sort = crm_pinyin_sort_key ("\xff张三\xfe");

  g_assert_true (g_utf8_validate (key, -1, NULL));
  g_assert_true (key_has_word (key, "zhangsan"));
  g_assert_true (g_utf8_validate (sort, -1, NULL));
  crm_test_assert_contains (sort, "zhangsan");
}

static void
test_sort_key (void)
{
  static const Case cases[] = {
    { "张三", "zhangsan" },
    { "zhang san", "zhangsan" },
    { "Zhang San", "zhangsan" },
    { "李四", "lisi" },
    { "单田芳", "shantianfang" },     /* family name reading */
    { "曾国藩", "zengguofan" },
    { "乐嘉", "yuejia" },
    { "王乐", "wangle" },             /* not a family name here */
    { "李曾", "liceng" },
    { "长江", "changjiang" },
    { "王长江", "wangzhangjiang" },   /* most common reading of 长 */
    { "长孙无忌", "zhangsunwuji" },
    { "尉迟恭", "yuchigong" },
    { "尉缭", "weiliao" },
    { "吕布", "lvbu" },
    { "Mary 王", "marywang" },
    { "Mary王", "marywang" },
    { "王Mary", "wangmary" },
    { "张3", "zhang3" },
    { "二〇二四", "erlingersi" },
    { "", "" },
    { "、，。", "" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *key = crm_pinyin_sort_key (cases[i].input);

      g_assert_cmpstr (key, ==, cases[i].expected);
    }
}

/* Sort keys order names the way a phone book does */
static void
test_sort_key_order (void)
{
  const char *names[] = { "安琪", "白雪", "陈晨", "单田芳", "王五", "曾国藩", "张三" };

  for (gsize i = 1; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *a = crm_pinyin_sort_key (names[i - 1]);
      g_autofree char *b = crm_pinyin_sort_key (names[i]);

      g_assert_cmpint (strcmp (a, b), <, 0);
    }
}

/* Syllable by syllable: 陈 chen before 程 cheng, as a phone book */
static void
test_collation_key (void)
{
  g_autofree char *chen = crm_pinyin_collation_key ("陈晓峰");
  g_autofree char *cheng = crm_pinyin_collation_key ("程浩");
  g_autofree char *mixed = crm_pinyin_collation_key ("Mary 王");

  g_assert_cmpstr (chen, ==, "chen xiao feng ");
  g_assert_cmpstr (cheng, ==, "cheng hao ");
  g_assert_cmpint (strcmp (chen, cheng), <, 0);
  g_assert_cmpstr (mixed, ==, "marywang ");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pinyin/readings", test_readings);
  g_test_add_func ("/pinyin/readings/table", test_readings_table);
  g_test_add_func ("/pinyin/search-key/exact", test_search_key_exact);
  g_test_add_func ("/pinyin/search-key/words", test_search_key_words);
  g_test_add_func ("/pinyin/search-key/cap", test_search_key_cap);
  g_test_add_func ("/pinyin/search-key/long", test_search_key_long);
  g_test_add_func ("/pinyin/search-key/invalid-utf8", test_search_key_invalid_utf8);
  g_test_add_func ("/pinyin/sort-key", test_sort_key);
  g_test_add_func ("/pinyin/sort-key/order", test_sort_key_order);

  g_test_add_func ("/pinyin/collation-key", test_collation_key);
  return g_test_run ();
}
