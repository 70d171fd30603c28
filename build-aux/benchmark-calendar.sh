#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The test-drive calendar's budgets, RUNS times each (default 3):
#  - a conflict check against 100,000 bookings (40 cars and reps, 13 drives
#    a day each; the database is built once in _bench/calendar.db): ≤ 5 ms
#  - laying out and drawing a week view of 2,000 bookings (under Xvfb, the
#    cairo renderer, 1400×900 px): ≤ 50 ms
# Each run prints the median and the worst of many measurements.
set -eu
cd "$(dirname "$0")/.."
runs=${1:-3}
build-aux/build.sh >/dev/null
. build-aux/env.sh
export TZ=Asia/Shanghai GSK_RENDERER=cairo GSETTINGS_BACKEND=memory
mkdir -p _bench
for i in $(seq "$runs"); do
  ./_build/bench/bench-calendar conflicts _bench/calendar.db | grep -v '^built'
done
for i in $(seq "$runs"); do
  xvfb-run -a -s "-screen 0 1600x1000x24 -nolisten tcp" ./_build/bench/bench-calendar draw | grep median
done
