#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Extracts the strings listed in po/POTFILES.in and merges them into every
# translation; shows what is left to translate.
set -eu
cd "$(dirname "$0")/.."
pot=$(mktemp --suffix=.pot)
grep -vE '^\s*(#|$)' po/POTFILES.in > "$pot.files"
xgettext --from-code=UTF-8 -f "$pot.files" -o "$pot" --package-name=showroom \
  --msgid-bugs-address=https://github.com/showroomcrm/showroom/issues \
  --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --keyword=g_dngettext:2,3 --keyword=ngettext:1,2 --keyword=g_dpgettext2:2c,3 \
  --add-comments=Translators
for lang in $(cat po/LINGUAS); do
  msgmerge --quiet --update --backup=none "po/$lang.po" "$pot"
  msgfmt --check --statistics -o /dev/null "po/$lang.po"
done
rm -f "$pot" "$pot.files"
