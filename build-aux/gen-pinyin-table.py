#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Generate the pinyin reading table for src/model/crm-pinyin.c.

Usage: gen-pinyin-table.py INPUT OUTPUT

INPUT is Unihan_Readings.txt from the Unicode Character Database (Debian's
unicode-data ships /usr/share/unicode/Unihan_Readings.txt.bz2; a plain .txt
works too).  OUTPUT is a C header with static const data only.

For every Han code point the readings are collected in this order: kMandarin
(its first value is the most customary reading), kHanyuPinlu (ordered by
frequency), kTGHZ2013, kXHC1983, kHanyuPinyin.  Tones are stripped, "ü" is
written "v" (as pinyin input methods do: 吕 → "lv"), duplicates are dropped
keeping the first occurrence.  CJK compatibility ideographs without readings
of their own take those of their canonical equivalent; 〇 (U+3007, not a
unified ideograph) gets "ling" from EXTRA_READINGS.

Family names: SURNAMES below is a small hand-made override list.  Where the
reading of a character as a family name is not its most common reading
(单 dān → Shàn, 曾 céng → Zēng …), the generator emits a second reading list
for it with the family-name reading first.  crm-pinyin.c uses that list only
for the first character of a name (Chinese names are written family name
first), so 王乐 still sorts as "wangle" while 乐嘉 sorts as "yuejia".
COMPOUND_SURNAMES does the same for two-character family names (尉迟 Yùchí).
Every override must name a reading that Unihan lists for the character; the
script stops otherwise.

Layout of the output (all arrays static const):
  crm_pinyin_pool      NUL-separated reading lists ("dan,chan,shan")
  crm_pinyin_offsets   list number → offset in the pool (0: no reading)
  crm_pinyin_blocks    code point >> CRM_PINYIN_BLOCK_SHIFT → leaf block
  crm_pinyin_leaves    leaf blocks of list numbers, identical blocks shared
  crm_pinyin_surnames  sorted (code point, list number) family-name lists
  crm_pinyin_compound_surnames  two-character family names

The output depends only on INPUT and this script (and Python's canonical
decompositions of compatibility ideographs, which Unicode keeps stable).
"""

import bz2
import collections
import os
import re
import sys
import unicodedata

FIELDS = ('kMandarin', 'kHanyuPinlu', 'kTGHZ2013', 'kXHC1983', 'kHanyuPinyin')

# Family-name readings that differ from the character's most common reading.
# (character, reading as a family name).  Only characters whose family-name
# reading is not already first need to be here.
SURNAMES = (
    ('单', 'shan'),    # 单田芳 Shàn Tiánfāng
    ('曾', 'zeng'),
    ('解', 'xie'),
    ('仇', 'qiu'),
    ('区', 'ou'),
    ('朴', 'piao'),    # Korean family name Park
    ('查', 'zha'),
    ('盖', 'ge'),
    ('乐', 'yue'),
    ('覃', 'qin'),
    ('缪', 'miao'),
    ('翟', 'zhai'),
    ('种', 'chong'),
    ('秘', 'bi'),
    ('折', 'she'),
    ('召', 'shao'),
    ('长', 'chang'),
    ('重', 'chong'),
    ('薄', 'bo'),
    ('藏', 'zang'),
    ('句', 'gou'),
    ('能', 'nai'),
    ('阚', 'kan'),
    ('卜', 'bu'),
    ('都', 'du'),
    ('佴', 'nai'),
    ('洗', 'xian'),
    ('隗', 'wei'),
    ('繁', 'po'),
    ('员', 'yun'),
    ('祭', 'zhai'),
    ('郇', 'xun'),
)
# 尉 is Wèi as a one-character family name (its common reading already) and
# Yù only in 尉迟, hence the compound entry instead of a single override.

# Two-character family names read differently from their characters' first
# readings (or from the single-character override above, like 长孙).
COMPOUND_SURNAMES = (
    ('尉迟', ('yu', 'chi')),
    ('万俟', ('mo', 'qi')),
    ('单于', ('chan', 'yu')),
    ('长孙', ('zhang', 'sun')),
    ('澹台', ('tan', 'tai')),
    ('乐正', ('yue', 'zheng')),
)

COMPAT_RANGES = ((0xF900, 0xFAFF), (0x2F800, 0x2FA1F))

# Characters Unihan has no readings for, because they are not unified
# ideographs, but which Chinese text uses as Han characters.
EXTRA_READINGS = (
    ('\u3007', ('ling',)),   # 〇 IDEOGRAPHIC NUMBER ZERO, as in 二〇二四
)

BLOCK_SHIFT = 6
BLOCK_SIZE = 1 << BLOCK_SHIFT

READING_RE = re.compile(r'[a-z]+')


def open_input(path):
    if path.endswith('.bz2'):
        return bz2.open(path, 'rt', encoding='utf-8')
    return open(path, 'r', encoding='utf-8')


def plain(syllable, where):
    """'lǘ' → 'lv', 'ê̄' → 'e', 'ḿ' → 'm'."""
    s = unicodedata.normalize('NFD', syllable.lower())
    s = s.replace('u\u0308', 'v')
    s = ''.join(ch for ch in s if not unicodedata.combining(ch))
    if not READING_RE.fullmatch(s):
        sys.exit('gen-pinyin-table: unexpected reading %r at %s' % (syllable, where))
    return s


def field_values(value):
    """Syllables of one field value in order.

    kMandarin "wàn mò"; kHanyuPinlu "zhǎng(1879) cháng(1179)";
    kXHC1983 / kTGHZ2013 "0117.100:chán 1092.070*,1092.071:sóng";
    kHanyuPinyin "21521.030:zēng,céng".
    """
    for item in value.split():
        item = item.rsplit(':', 1)[-1]
        item = re.sub(r'\(\d+\)$', '', item)
        for syllable in item.split(','):
            if syllable:
                yield syllable


def read_unihan(path):
    fields = collections.defaultdict(dict)
    with open_input(path) as f:
        for lineno, line in enumerate(f, 1):
            if not line.startswith('U+'):
                continue
            parts = line.rstrip('\n').split('\t')
            if len(parts) != 3:
                sys.exit('gen-pinyin-table: %s:%d: malformed line' % (path, lineno))
            cp, field, value = parts
            if field in FIELDS:
                fields[int(cp[2:], 16)][field] = value

    readings = {}
    for cp, by_field in fields.items():
        found = []
        for field in FIELDS:
            if field not in by_field:
                continue
            for syllable in field_values(by_field[field]):
                r = plain(syllable, 'U+%04X %s' % (cp, field))
                if r not in found:
                    found.append(r)
        if found:
            readings[cp] = found
    return readings


def add_compatibility(readings):
    for first, last in COMPAT_RANGES:
        for cp in range(first, last + 1):
            if cp in readings:
                continue
            canonical = unicodedata.normalize('NFD', chr(cp))
            if len(canonical) == 1 and ord(canonical) in readings:
                readings[cp] = list(readings[ord(canonical)])


def surname_first(readings, ch, reading):
    cp = ord(ch)
    if cp not in readings or reading not in readings[cp]:
        sys.exit('gen-pinyin-table: Unihan does not list "%s" for %s (U+%04X): %s'
                 % (reading, ch, cp, ','.join(readings.get(cp, []))))
    return [reading] + [r for r in readings[cp] if r != reading]


def c_rows(numbers, indent='  ', width=100):
    lines = []
    line = indent
    for n in numbers:
        item = '%d,' % n
        if len(line) + len(item) > width:
            lines.append(line)
            line = indent
        line += item
    if line.strip():
        lines.append(line)
    return '\n'.join(lines)


def c_type(largest):
    return 'uint16_t' if largest <= 0xFFFF else 'uint32_t'


def main(argv):
    if len(argv) != 3:
        sys.stderr.write('usage: %s INPUT OUTPUT\n' % os.path.basename(argv[0]))
        return 2
    input_path, output_path = argv[1], argv[2]

    readings = read_unihan(input_path)
    add_compatibility(readings)
    for ch, extra in EXTRA_READINGS:
        if ord(ch) in readings:
            sys.exit('gen-pinyin-table: Unihan now has readings for U+%04X; '
                     'drop it from EXTRA_READINGS' % ord(ch))
        readings[ord(ch)] = list(extra)
    if len(readings) < 20000:
        sys.exit('gen-pinyin-table: only %d characters with readings in %s'
                 % (len(readings), input_path))

    surnames = []
    for ch, reading in SURNAMES:
        if len(ch) != 1:
            sys.exit('gen-pinyin-table: bad surname entry %r' % ch)
        lst = surname_first(readings, ch, reading)
        if lst == readings[ord(ch)]:
            sys.exit('gen-pinyin-table: %s already reads "%s" first; drop it from SURNAMES'
                     % (ch, reading))
        surnames.append((ord(ch), ','.join(lst)))
    surnames.sort()
    if len(set(cp for cp, _ in surnames)) != len(surnames):
        sys.exit('gen-pinyin-table: duplicate entry in SURNAMES')

    compounds = []
    for chars, pair in COMPOUND_SURNAMES:
        if len(chars) != 2 or len(pair) != 2:
            sys.exit('gen-pinyin-table: bad compound surname entry %r' % chars)
        compounds.append((ord(chars[0]), ord(chars[1]),
                          ','.join(surname_first(readings, chars[0], pair[0])),
                          ','.join(surname_first(readings, chars[1], pair[1]))))
    compounds.sort()

    # Reading lists, most used first so that the numbers in the leaves stay
    # short; ties broken by the text for a deterministic order.
    lists = [','.join(readings[cp]) for cp in sorted(readings)]
    counts = collections.Counter(lists)
    for _, s in surnames:
        counts[s] += 0
    for _, _, a, b in compounds:
        counts[a] += 0
        counts[b] += 0
    ordered = sorted(counts, key=lambda s: (-counts[s], s))
    number = {s: i + 1 for i, s in enumerate(ordered)}

    offsets = [0]
    pool_parts = ['']
    offset = 1
    for s in ordered:
        offsets.append(offset)
        pool_parts.append(s)
        offset += len(s) + 1
    pool_size = offset

    max_cp = max(readings)
    n_blocks = (max_cp >> BLOCK_SHIFT) + 1
    leaf_ids = {}
    leaves = []
    blocks = []
    empty = (0,) * BLOCK_SIZE
    leaf_ids[empty] = 0
    leaves.append(empty)
    for b in range(n_blocks):
        base = b << BLOCK_SHIFT
        leaf = tuple(number[','.join(readings[cp])] if cp in readings else 0
                     for cp in range(base, base + BLOCK_SIZE))
        if leaf not in leaf_ids:
            leaf_ids[leaf] = len(leaves)
            leaves.append(leaf)
        blocks.append(leaf_ids[leaf])

    max_readings = max(len(r) for r in readings.values())
    max_len = max(len(r) for rs in readings.values() for r in rs)

    header = None
    with open_input(input_path) as f:
        for line in f:
            if line.startswith('# Unicode version:'):
                header = line[2:].strip()
                break
            if line.startswith('U+'):
                break

    out = []
    out.append('/* crm-pinyin-table.h: pinyin readings of Han characters')
    out.append(' *')
    out.append(' * Generated by build-aux/gen-pinyin-table.py from Unihan_Readings.txt')
    if header:
        out.append(' * (%s). Do not edit.' % header)
    else:
        out.append(' * Do not edit.')
    out.append(' *')
    out.append(' * SPDX-License-Identifier: GPL-3.0-or-later AND Unicode-DFS-2016')
    out.append(' * Unihan data © Unicode, Inc., https://www.unicode.org/terms_of_use.html')
    out.append(' */')
    out.append('#pragma once')
    out.append('')
    out.append('#include <stdint.h>')
    out.append('')
    out.append('/* %d characters with readings, %d distinct reading lists */'
               % (len(readings), len(ordered)))
    out.append('#define CRM_PINYIN_BLOCK_SHIFT %d' % BLOCK_SHIFT)
    out.append('#define CRM_PINYIN_FIRST_CHAR 0x%04X /* lowest code point with readings */'
               % min(readings))
    out.append('#define CRM_PINYIN_N_BLOCKS %d' % n_blocks)
    out.append('#define CRM_PINYIN_MAX_READINGS %d /* in one list */' % max_readings)
    out.append('#define CRM_PINYIN_MAX_READING_LEN %d /* bytes in one reading */' % max_len)
    out.append('')

    out.append('static const char crm_pinyin_pool[%d] =' % pool_size)
    line = '  "'
    for s in pool_parts:
        # Readings are [a-z,] only, so "\0" is never followed by an octal digit.
        item = s + '\\0'
        if len(line) + len(item) > 98:
            out.append(line + '"')
            line = '  "'
        line += item
    # The array size leaves out the literal's own terminating NUL.
    out.append(line[:-2] + '";')
    out.append('')

    out.append('static const %s crm_pinyin_offsets[%d] = {' % (c_type(pool_size), len(offsets)))
    out.append(c_rows(offsets))
    out.append('};')
    out.append('')

    out.append('static const %s crm_pinyin_blocks[CRM_PINYIN_N_BLOCKS] = {' % c_type(len(leaves)))
    out.append(c_rows(blocks))
    out.append('};')
    out.append('')

    out.append('static const %s crm_pinyin_leaves[%d << CRM_PINYIN_BLOCK_SHIFT] = {'
               % (c_type(len(offsets)), len(leaves)))
    out.append(c_rows(n for leaf in leaves for n in leaf))
    out.append('};')
    out.append('')

    out.append('/* Family-name readings, sorted by code point: used for the first')
    out.append(' * character of a name only. */')
    out.append('static const struct { uint32_t c; uint16_t readings; } crm_pinyin_surnames[] = {')
    for cp, s in surnames:
        out.append('  { 0x%04X, %d }, /* %s %s */' % (cp, number[s], chr(cp), s))
    out.append('};')
    out.append('')

    out.append('/* Two-character family names read differently from their characters. */')
    out.append('static const struct { uint32_t c1, c2; uint16_t readings1, readings2; }'
               ' crm_pinyin_compound_surnames[] = {')
    for c1, c2, a, b in compounds:
        out.append('  { 0x%04X, 0x%04X, %d, %d }, /* %s%s %s %s */'
                   % (c1, c2, number[a], number[b], chr(c1), chr(c2), a, b))
    out.append('};')
    out.append('')

    text = '\n'.join(out)
    tmp = output_path + '.tmp'
    with open(tmp, 'w', encoding='utf-8', newline='\n') as f:
        f.write(text)
    os.replace(tmp, output_path)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
