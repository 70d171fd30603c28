#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# A showroom of several desktops on PostgreSQL. Starts a server of its own
# (build-aux/pg-test-server.sh, state in _bench/pg-server, made to sync
# every commit as a showroom's server does), copies the 100,000-customer
# showroom _bench/big.db onto it with `showroom --migrate-to` (the file is
# written first as build-aux/benchmark.sh does, when missing or older than
# the program), then measures:
#  - the Customers search and every order of the Customers list (both
#    ways), the dashboard and the Pipeline board on the server beside the
#    same programs on the file (bench-search, bench-kpi, bench-pipeline),
#    and their ratio;
#  - DESKTOPS desktops (default 20), each a process with its own store,
#    changing the showroom for SECONDS (default 30) while following each
#    other: how long a change takes to show on every other desktop
#    (bench-desktops).
# Stops the server at the end, whatever happened.
#   build-aux/benchmark-server.sh [SECONDS] [DESKTOPS]
set -eu
cd "$(dirname "$0")/.."
seconds=${1:-30}
desktops=${2:-20}
build-aux/deps.sh >/dev/null
build-aux/build.sh >/dev/null
. build-aux/env.sh
export XDG_DATA_HOME="$PWD/_bench/xdg-data"

mkdir -p _bench
if [ ! -f _bench/big.db ] || [ _bench/big.db -ot _build/src/showroom ]; then
  rm -f _bench/big.db _bench/big.db-wal _bench/big.db-shm _bench/big.db.before-*
  ./_build/src/showroom --generate-demo _bench/big.db --customers 100000 --activities 1000000
fi
sync

state=_bench/pg-server
build-aux/pg-test-server.sh stop "$state"     # a server an interrupted run left
build-aux/pg-test-server.sh start "$state" >/dev/null
trap 'build-aux/pg-test-server.sh stop "$state"' EXIT
dir=$(head -n 1 "$state")
port=$(sed -n 2p "$state")
psql_at() {
  psql -h "$dir" -p "$port" -U showroom -d "$1" -XqAt -c "$2"
}
# The test server skips syncing (the tests make a database each); a
# showroom's server syncs every commit, and so does this one
for setting in fsync synchronous_commit full_page_writes; do
  psql_at postgres "ALTER SYSTEM SET $setting = on"
done
psql_at postgres "SELECT pg_reload_conf()" >/dev/null
psql_at postgres "CREATE DATABASE showroom"
uri="postgresql:///showroom?host=$dir&port=$port&user=showroom"

echo "== the showroom copied onto the server (showroom --migrate-to)"
start=$(date +%s.%N)
./_build/src/showroom --migrate-to "$uri" --database _bench/big.db | tail -1
end=$(date +%s.%N)
printf 'migration: %.1f s wall; %s customers, %s deals, %s follow-ups on the server\n' \
  "$(python3 -c "print($end - $start)")" \
  "$(psql_at showroom 'SELECT count(*) FROM customer')" \
  "$(psql_at showroom 'SELECT count(*) FROM deal')" \
  "$(psql_at showroom 'SELECT count(*) FROM activity')"
# Fresh statistics for the planner, as autovacuum would give them soon
# after; then the copy written out, so the timings below do not share the
# disk with a checkpoint (a run without it timed the board at 3 times the
# file, the next one with it at 1.6 times)
psql_at showroom "VACUUM ANALYZE"
psql_at showroom "CHECKPOINT"
printf 'big.db: %s; the server database: %s\n' "$(du -h _bench/big.db | cut -f1)" \
  "$(psql_at showroom "SELECT pg_size_pretty(pg_database_size('showroom'))")"

for where in file server; do
  if [ $where = file ]; then db=_bench/big.db; else db=$uri; fi
  echo "== search as you type, on the $where (bench-search)"
  ./_build/bench/bench-search "$db" | grep -v '^  "' | tee _bench/server-search-$where.txt
  echo "== dashboard, on the $where (bench-kpi)"
  ./_build/bench/bench-kpi "$db" 5 | tee _bench/server-kpi-$where.txt
done

echo "== the Pipeline board, on a copy of the file and on the server (bench-pipeline, Xvfb, GSK_RENDERER=cairo)"
export GSK_RENDERER=cairo GSETTINGS_BACKEND=memory ADW_DISABLE_PORTAL=1
rm -f _bench/pipeline.db _bench/pipeline.db-wal _bench/pipeline.db-shm
cp _bench/big.db _bench/pipeline.db
inner=$(mktemp)
cat > "$inner" <<INNER
set -eu
echo "-- on the file"
./_build/bench/bench-pipeline _bench/pipeline.db | tee _bench/server-pipeline-file.txt
echo "-- on the server"
./_build/bench/bench-pipeline '$uri' | tee _bench/server-pipeline-server.txt
INNER
dbus-run-session -- xvfb-run -a -s "-screen 0 1366x768x24 -nolisten tcp -noreset" bash "$inner"
rm -f "$inner" _bench/pipeline.db _bench/pipeline.db-wal _bench/pipeline.db-shm

echo "== $desktops desktops changing the showroom for $seconds s (bench-desktops)"
./_build/bench/bench-desktops "$uri" "$seconds" "$desktops" | tee _bench/server-desktops.txt

# The figures side by side
figure() {
  sed -n "s/$2/\\1/p" "_bench/server-$1.txt" | head -1
}
row() {
  local what=$1 file=$2 pattern=$3 a b
  a=$(figure "$file-file" "$pattern")
  b=$(figure "$file-server" "$pattern")
  printf '| %-44s | %10s | %10s | %5s |\n' "$what" "$a" "$b" \
    "$(python3 -c "print('%.2f' % ($b / $a) if $a > 0 else '-')")"
}
echo
echo "== summary: 100,000 customers, the file beside the server (ms; target: the server within 2 x)"
printf '| %-44s | %10s | %10s | %5s |\n' "what" "SQLite" "PostgreSQL" "ratio"
echo "|----------------------------------------------|------------|------------|-------|"
row "all customers by name, first query" search '^all customers by name, first query: \([0-9.]*\) ms.*'
row "search index build + first search" search '^search index build + first search: \([0-9.]*\) ms.*'
for order in name grade owner channel "last contact" "next follow-up" created; do
  for way in "" " descending"; do
    row "list by $order$way" search "^sort by $order$way: median \\([0-9.]*\\) ms.*"
  done
done
row "search per keystroke, median" search '^search per keystroke.*median \([0-9.]*\) ms.*'
row "search per keystroke, p90" search '^search per keystroke.*p90 \([0-9.]*\) ms.*'
row "every dashboard figure, last 90 days, median" kpi '^KPI engine.*median \([0-9.]*\) ms.*'
row "show the Pipeline board" pipeline '^show the Pipeline board: \([0-9.]*\) ms.*'
row "a move, in the models (board at rest)" pipeline '^move shown.*at rest.*median \([0-9.]*\) ms in the models.*'
row "a move, to the drawn frame (board at rest)" pipeline '^move shown.*at rest.*models, \([0-9.]*\) ms to the drawn.*'
echo
echo "== summary: $desktops desktops on the server for $seconds s, change to visible on every other desktop (ms)"
grep -E '^(changes committed|write|\||target)' _bench/server-desktops.txt
