#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs what is missing, builds, and opens Showroom on the demo showroom
# (created once in _build/demo/showroom-demo.db). Extra arguments go to showroom.
set -eu
cd "$(dirname "$0")/.."
build-aux/deps.sh
build-aux/build.sh
. build-aux/env.sh
db=_build/demo/showroom-demo.db
if [ ! -f "$db" ]; then
  mkdir -p _build/demo
  ./_build/src/showroom --generate-demo "$db"
fi
exec ./_build/src/showroom "$@" "$db"
