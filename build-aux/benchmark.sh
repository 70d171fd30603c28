#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The Customers view and the Pipeline board on a big showroom (100,000 customers, 1,000,000
# follow-ups): database size, search per keystroke, start-up to the window
# mapped and to the first frame with rows (beside GNOME Contacts, measured
# the same way in the same run), and the memory the data costs (peak RSS
# with the big database minus peak RSS with an empty one, same renderer).
# With --huge, the same figures again on a dealer group's showroom of
# 1,000,000 customers and 10,000,000 follow-ups (_bench/huge.db, 2.6 GB,
# written once in about 20 minutes and kept: delete it to write it anew).
#   build-aux/benchmark.sh [RUNS] [--huge]
set -eu
cd "$(dirname "$0")/.."
runs=5
huge=0
for arg in "$@"; do
  case $arg in
    --huge) huge=1 ;;
    *) runs=$arg ;;
  esac
done
build-aux/deps.sh >/dev/null
build-aux/build.sh >/dev/null
. build-aux/env.sh
# The daily backup of the showrooms opened here goes to a folder of its own
export XDG_DATA_HOME="$PWD/_bench/xdg-data"

# The showrooms are made again whenever Showroom was rebuilt since: the demo
# grows with the program, and an old file would be upgraded (and copied) first
mkdir -p _bench
for db in big empty; do
  if [ ! -f _bench/$db.db ] || [ _bench/$db.db -ot _build/src/showroom ]; then
    rm -f _bench/$db.db _bench/$db.db-wal _bench/$db.db-shm _bench/$db.db.before-*
  fi
done
if [ ! -f _bench/big.db ]; then
  ./_build/src/showroom --generate-demo _bench/big.db --customers 100000 --activities 1000000
fi
if [ ! -f _bench/empty.db ]; then
  ./_build/src/showroom --generate-demo _bench/empty.db --customers 0 --activities 0
fi
# A freshly written 240 MB file is still going to disk for a while: let it
# go first, so the timings below do not share the disk with it
sync

echo "== database"
printf 'big.db: %s bytes (%s)\n' "$(stat -c %s _bench/big.db)" "$(du -h _bench/big.db | cut -f1)"

echo "== dashboard: every KPI of the last 90 days, engine beside the sqlite3 shell (bench-kpi)"
./_build/bench/bench-kpi _bench/big.db "$runs"

echo "== search as you type (bench-search)"
./_build/bench/bench-search _bench/big.db | grep -v '^  "'

# Start-up swings by ±15 ms from one launch to the next on this machine:
# twice as many launches, each program in turn with GNOME Contacts
startup_runs=$((runs * 2 + 1))
echo "== start-up under Xvfb, GSK_RENDERER=cairo, $startup_runs runs each after one warm-up"
export GSK_RENDERER=cairo GSETTINGS_BACKEND=memory ADW_DISABLE_PORTAL=1
inner=$(mktemp)
cat > "$inner" <<INNER
set -eu
echo "-- Showroom with 100,000 customers, and GNOME Contacts \$(dpkg-query -W -f='\${Version}' gnome-contacts), launched in turn"
SHOWROOM_VIEW=customers SHOWROOM_BENCH=1 ./_build/bench/bench-startup --runs $startup_runs -- ./_build/src/showroom _bench/big.db --vs gnome-contacts | tee _bench/big.txt
echo "-- Showroom with an empty showroom, and GNOME Contacts, launched in turn"
SHOWROOM_VIEW=customers SHOWROOM_BENCH=1 ./_build/bench/bench-startup --runs $startup_runs -- ./_build/src/showroom _bench/empty.db --vs gnome-contacts | tee _bench/empty.txt
echo "-- Showroom with an empty showroom, and a bare libadwaita window (header bar and a 20-row list), launched in turn"
SHOWROOM_VIEW=customers SHOWROOM_BENCH=1 ./_build/bench/bench-startup --runs $startup_runs -- ./_build/src/showroom _bench/empty.db --vs ./_build/bench/bench-bare-window | tee _bench/empty-bare.txt
echo "-- Showroom with 100,000 customers, and the bare libadwaita window, launched in turn"
SHOWROOM_VIEW=customers SHOWROOM_BENCH=1 ./_build/bench/bench-startup --runs $startup_runs -- ./_build/src/showroom _bench/big.db --vs ./_build/bench/bench-bare-window | tee _bench/big-bare.txt
echo "== the Pipeline board (bench-pipeline, on a copy: moves add stage history)"
rm -f _bench/pipeline.db _bench/pipeline.db-wal _bench/pipeline.db-shm
cp _bench/big.db _bench/pipeline.db
if [ -f _bench/big.db-wal ]; then cp _bench/big.db-wal _bench/pipeline.db-wal; fi
./_build/bench/bench-pipeline _bench/pipeline.db
rm -f _bench/pipeline.db _bench/pipeline.db-wal _bench/pipeline.db-shm
INNER
dbus-run-session -- xvfb-run -a -s "-screen 0 1366x768x24 -nolisten tcp -noreset" bash "$inner"
rm -f "$inner"

big=$(sed -n 's/^median (.*showroom).*peak RSS \([0-9.]*\) MB$/\1/p' _bench/big.txt)
empty=$(sed -n 's/^median (.*showroom).*peak RSS \([0-9.]*\) MB$/\1/p' _bench/empty.txt)
echo "== memory cost of the data: ${big} MB - ${empty} MB = $(python3 -c "print(round($big - $empty, 1))") MB"

echo "== follow-ups: My Day, next wake-up, idle deals, reminder delivery lag (bench-followups)"
# Plans five follow-ups a few seconds ahead on big.db and marks them done after
./_build/bench/bench-followups _bench/big.db 20

echo "== test drives (build-aux/benchmark-calendar.sh)"
build-aux/benchmark-calendar.sh 3

echo "== leads in (build-aux/benchmark-leads.sh)"
build-aux/benchmark-leads.sh 3

echo "== a quote recalculated per keystroke (bench-quote)"
./_build/bench/bench-quote

if [ "$huge" = 1 ]; then
  echo "== 1,000,000 customers and 10,000,000 follow-ups (--huge)"
  if [ ! -f _bench/huge.db ]; then
    rm -f _bench/huge.db-wal _bench/huge.db-shm _bench/huge-generation.txt
    /usr/bin/time -f "%e" -o _bench/huge-generation.txt \
      ./_build/src/showroom --generate-demo _bench/huge.db --customers 1000000 --activities 10000000
    sync
  fi
  printf 'huge.db: %s bytes (%s), written in %s s by the demo generator\n' \
    "$(stat -c %s _bench/huge.db)" "$(du -h _bench/huge.db | cut -f1)" "$(cat _bench/huge-generation.txt 2>/dev/null || echo '?')"
  # An older file is brought to the current schema (and copied first) here,
  # not inside a timing
  ./_build/bench/bench-kpi _bench/huge.db 1 >/dev/null
  rm -f _bench/huge.db.before-*
  echo "-- dashboard (bench-kpi)"
  ./_build/bench/bench-kpi _bench/huge.db "$runs"
  echo "-- search as you type and the Customers list's orders (bench-search)"
  ./_build/bench/bench-search _bench/huge.db | grep -v '^  "'
  inner=$(mktemp)
  cat > "$inner" <<INNER
set -eu
echo "-- start-up and first frame with rows, beside the bare libadwaita window"
SHOWROOM_VIEW=customers SHOWROOM_BENCH=1 ./_build/bench/bench-startup --runs $runs -- ./_build/src/showroom _bench/huge.db --vs ./_build/bench/bench-bare-window | tail -3
echo "-- the Pipeline board (bench-pipeline, on a copy)"
rm -f _bench/pipeline.db _bench/pipeline.db-wal _bench/pipeline.db-shm
cp _bench/huge.db _bench/pipeline.db
./_build/bench/bench-pipeline _bench/pipeline.db
rm -f _bench/pipeline.db _bench/pipeline.db-wal _bench/pipeline.db-shm
INNER
  dbus-run-session -- xvfb-run -a -s "-screen 0 1366x768x24 -nolisten tcp -noreset" bash "$inner"
  rm -f "$inner"
fi
