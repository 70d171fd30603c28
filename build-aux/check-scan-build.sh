#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs the clang static analyser over the whole tree through meson's
# scan-build target (a fresh configure analysed from scratch; running
# `scan-build ninja` in a configured directory analyses nothing) and
# fails when it reports anything.
set -eu
cd "$(dirname "$0")/.."
build-aux/build.sh >/dev/null

ninja -C _build scan-build >_build/meson-logs/scan-build.txt 2>&1 || {
  tail -30 _build/meson-logs/scan-build.txt
  echo "scan-build: the analysis did not run to the end" >&2
  exit 1
}

mapfile -t reports < <(find _build/meson-logs/scanbuild -name 'report-*.html' 2>/dev/null | sort)
for r in "${reports[@]}"; do
  file=$(sed -n 's/^<!-- BUGFILE \(.*\) -->$/\1/p' "$r")
  line=$(sed -n 's/^<!-- BUGLINE \(.*\) -->$/\1/p' "$r")
  desc=$(sed -n 's/^<!-- BUGDESC \(.*\) -->$/\1/p' "$r")
  file=${file#"$PWD/"}
  file=${file##*/../../../}   # meson analyses a copy configured under _build/meson-private
  echo "$file:$line: $desc"
done
echo "scan-build: ${#reports[@]} reports"
[ "${#reports[@]}" -eq 0 ]
