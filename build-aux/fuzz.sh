#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds the libFuzzer targets (tests/fuzz) with clang, AddressSanitizer and
# UndefinedBehaviorSanitizer in _build-fuzz, and runs each for SECONDS
# (default 60) from its committed seeds in tests/fuzz/corpus/<target>/.
# Any crash, leak, sanitizer report, fatal GLib message or hang fails the
# run; the input that caused it is left in _build-fuzz/fuzz-artifacts/.
#
#   build-aux/fuzz.sh [SECONDS] [TARGET…]     TARGET: csv ical phone search
#
# Prints the executions of each target and a line per target in
# _build-fuzz/fuzz-results (read by build-aux/run-tests.sh).
set -eu
cd "$(dirname "$0")/.."

seconds=${1:-60}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(csv ical phone search)
fi

build=_build-fuzz
results=$build/fuzz-results
rm -f "$results"

if [ ! -f $build/build.ninja ]; then
  CC=clang meson setup $build -Dfuzzing=true -Db_lundef=false >/dev/null
fi
ninja -C $build "${targets[@]/#/tests/fuzz/fuzz-}"

export TZ=Asia/Shanghai LC_ALL=C.UTF-8 GSETTINGS_BACKEND=memory
# abort_on_error: a report ends the input as a crash libFuzzer saves
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1:symbolize=1
export UBSAN_OPTIONS=halt_on_error=1:abort_on_error=1:print_stacktrace=1

status=0
for t in "${targets[@]}"; do
  exe=$build/tests/fuzz/fuzz-$t
  artifacts=$build/fuzz-artifacts/$t
  log=$build/fuzz-$t.log
  # New inputs go to a scratch folder, never into the committed seeds
  scratch=$(mktemp -d "${TMPDIR:-/tmp}/showroom-fuzz-$t.XXXXXX")
  mkdir -p "$artifacts"

  rc=0
  "$exe" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=8192 \
    -print_final_stats=1 -artifact_prefix="$artifacts/" \
    "$scratch" "tests/fuzz/corpus/$t" >"$log" 2>&1 || rc=$?
  rm -rf "$scratch"

  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  secs=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  # A report libFuzzer did not turn into an exit code is still a failure
  if [ $rc -eq 0 ] && grep -qE 'runtime error:|ERROR: (Address|Leak|UndefinedBehavior)Sanitizer|^==[0-9]+==ERROR' "$log"; then
    rc=1
  fi
  if [ $rc -eq 0 ]; then
    echo "fuzz-$t: ${execs:-?} executions in ${seconds} s (${secs:-?}/s), no findings"
    echo "fuzz-$t OK ${execs:-0} $seconds" >>"$results"
  else
    echo "fuzz-$t: FAILED (exit $rc) after ${execs:-?} executions; log $log, input in $artifacts/"
    grep -E 'ERROR|runtime error|SUMMARY|ERROR:|Test unit written|ERROR \*\*|assertion' "$log" | head -20 || true
    echo "fuzz-$t FAIL ${execs:-0} $seconds" >>"$results"
    status=1
  fi
done
exit $status
