#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# po-fill.py PO TSV: sets msgstr (and clears "fuzzy") for the msgids listed
# in TSV ("msgctxt<TAB>msgid<TAB>msgstr[<TAB>msgstr_plural…]", msgctxt may be
# empty). Used when translating a batch of new strings by hand.
import re, sys

po_path, tsv_path = sys.argv[1], sys.argv[2]
table = {}
for line in open(tsv_path, encoding='utf-8'):
    line = line.rstrip('\n')
    if not line or line.startswith('#'):
        continue
    parts = line.split('\t')
    table[(parts[0] or None, parts[1])] = parts[2:]

def unquote(block):
    return ''.join(re.findall(r'"((?:[^"\\]|\\.)*)"', block))

entries = open(po_path, encoding='utf-8').read().split('\n\n')
out, done = [], set()
for e in entries:
    ctx = re.search(r'^msgctxt ((?:".*"\n?)+)', e, re.M)
    mid = re.search(r'^msgid ((?:".*"\n?)+)', e, re.M)
    if mid:
        key = (unquote(ctx.group(1)) if ctx else None, unquote(mid.group(1)))
        if key in table and key[1] != '':
            strs = table[key]
            e = re.sub(r'^msgstr(\[\d+\])? (?:".*"\n?)+', '', e, flags=re.M).rstrip('\n')
            if '\nmsgid_plural ' in e:
                for i, st in enumerate(strs):
                    e += '\nmsgstr[%d] "%s"' % (i, st)
            else:
                e += '\nmsgstr "%s"' % strs[0]
            e = re.sub(r'^#, fuzzy, ', '#, ', e, flags=re.M)
            e = re.sub(r'^#, fuzzy\n', '', e, flags=re.M)
            e = re.sub(r'^#\| .*\n', '', e, flags=re.M)
            done.add(key)
    out.append(e)
open(po_path, 'w', encoding='utf-8').write('\n\n'.join(out))
missing = set(table) - done
if missing:
    print('not found:', missing, file=sys.stderr)
