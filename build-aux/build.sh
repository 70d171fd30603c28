#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Configures (once) and builds Showroom in _build.
set -eu
cd "$(dirname "$0")/.."
if [ ! -f _build/build.ninja ]; then
  meson setup _build -Dwerror=true
fi
ninja -C _build
