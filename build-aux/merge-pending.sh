#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Folds the translations a feature branch kept aside (po/pending/<branch>.po
# with its source list <branch>.files, help/zh_CN/pending-<branch>.po) into
# po/zh_CN.po and help/zh_CN/zh_CN.po, then removes them. Run after a merge.
set -eu
cd "$(dirname "$0")/.."
shopt -s nullglob

files=(po/pending/*.files)
if [ ${#files[@]} -gt 0 ]; then
  cat po/POTFILES.in "${files[@]}" | grep -vE '^\s*(#|$)' | sort -u > po/POTFILES.in.new
  mv po/POTFILES.in.new po/POTFILES.in
fi

compendia=()
for p in po/pending/*.po; do compendia+=(-C "$p"); done
pot=$(mktemp --suffix=.pot)
grep -vE '^\s*(#|$)' po/POTFILES.in > "$pot.files"
xgettext --from-code=UTF-8 -f "$pot.files" -o "$pot" --package-name=showroom \
  --msgid-bugs-address=https://github.com/showroomcrm/showroom/issues \
  --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --keyword=g_dngettext:2,3 --keyword=ngettext:1,2 --keyword=g_dpgettext2:2c,3 \
  --add-comments=Translators
msgmerge --quiet --update --backup=none "${compendia[@]}" po/zh_CN.po "$pot"
msgfmt --check --statistics -o /dev/null po/zh_CN.po
rm -f "$pot" "$pot.files" po/pending/*.po po/pending/*.files
rmdir po/pending 2>/dev/null || true

hcompendia=()
for p in help/zh_CN/pending-*.po; do hcompendia+=(-C "$p"); done
if [ ${#hcompendia[@]} -gt 0 ]; then
  hpot=$(mktemp --suffix=.pot)
  itstool -o "$hpot" help/C/*.page
  msgmerge --quiet --update --backup=none "${hcompendia[@]}" help/zh_CN/zh_CN.po "$hpot"
  msgfmt --check --statistics -o /dev/null help/zh_CN/zh_CN.po
  rm -f "$hpot" help/zh_CN/pending-*.po
fi
