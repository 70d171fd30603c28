#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The long crash loop: a child working on a demo showroom is killed at
# random moments, half the time on a VFS that loses unsynced writes as a
# power cut does, and the file is checked after every kill (see
# tests/crash-loop.c). CI runs 40 kills; this runs KILLS (default 1000).
#   build-aux/crash-loop.sh [KILLS]
set -eu
cd "$(dirname "$0")/.."
build-aux/build.sh >/dev/null
mkdir -p _bench
exec ./_build/tests/crash-loop _bench/crash-loop --kills "${1:-1000}" --mode both
