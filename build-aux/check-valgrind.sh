#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The core tests under valgrind's memcheck: any invalid read or write, use
# of uninitialised memory or definite leak fails the run. GLib's own
# suppressions hide its one-time allocations (type system, caches).
# Slow (each test some 20-50 times slower): not part of CI, which runs
# the same tests under AddressSanitizer instead.
#   build-aux/check-valgrind.sh [TEST…]
set -eu
cd "$(dirname "$0")/.."
build-aux/build.sh >/dev/null
. build-aux/env.sh

export G_SLICE=always-malloc G_DEBUG=gc-friendly
wrapper="valgrind --quiet --leak-check=full --errors-for-leak-kinds=definite --show-leak-kinds=definite
  --error-exitcode=1 --track-origins=yes --child-silent-after-fork=yes --suppressions=/usr/share/glib-2.0/valgrind/glib.supp"
meson test -C _build --no-rebuild --suite core --timeout-multiplier 20 --wrapper "$wrapper" --print-errorlogs "$@"
