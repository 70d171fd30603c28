#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds Showroom with AddressSanitizer and UndefinedBehaviorSanitizer in
# _build-asan and runs the core tests (no display) there. Any sanitizer
# report ends the test with an error, and so fails this script.
set -eu
cd "$(dirname "$0")/.."
. build-aux/env.sh
export GSETTINGS_SCHEMA_DIR="$PWD/_build-asan/data"

if [ ! -f _build-asan/build.ninja ]; then
  meson setup _build-asan -Dwerror=true -Db_sanitize=address,undefined -Db_lundef=false
fi
ninja -C _build-asan

# detect_leaks: LeakSanitizer checks each test program at exit;
# halt_on_error: a UBSan finding is a failure, not a line in a log
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1
export UBSAN_OPTIONS=halt_on_error=1:abort_on_error=1:print_stacktrace=1
meson test -C _build-asan --no-rebuild --suite core --print-errorlogs
