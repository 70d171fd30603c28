#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Leads in: importing a 100,000-row platform export (`showroom --import`,
# wall time and peak RSS from /usr/bin/time -v, into a copy of the demo
# showroom so duplicates are checked against real customers), and the
# quick-capture duplicate check against 100,000 customers.
#   build-aux/benchmark-leads.sh [RUNS]
set -eu
cd "$(dirname "$0")/.."
runs=${1:-3}
build-aux/deps.sh >/dev/null
build-aux/build.sh >/dev/null
. build-aux/env.sh

mkdir -p _bench
[ -f _bench/leads-100k.csv ] || ./_build/bench/bench-leads --write-csv _bench/leads-100k.csv 100000
# (again when the program is newer: its schema may have changed)
if [ ! _bench/leads-base.db -nt _build/src/showroom ]; then
  rm -f _bench/leads-base.db*
  ./_build/src/showroom --generate-demo _bench/leads-base.db >/dev/null
fi
if [ ! -f _bench/big.db ]; then
  ./_build/src/showroom --generate-demo _bench/big.db --customers 100000 --activities 1000000
fi

echo "== showroom --import of 100,000 rows into the demo showroom ($runs runs)"
for i in $(seq "$runs"); do
  rm -f _bench/leads-run.db*
  cp _bench/leads-base.db _bench/leads-run.db
  /usr/bin/time -v ./_build/src/showroom --import _bench/leads-100k.csv --database _bench/leads-run.db \
    > _bench/leads-run.out 2> _bench/leads-run.err || [ $? = 2 ]
  tail -1 _bench/leads-run.out
  grep -E 'Elapsed|Maximum resident' _bench/leads-run.err | sed 's/^\s*/  /'
done

echo "== the same import in-process (bench-leads --import)"
rm -f _bench/leads-run.db*
cp _bench/leads-base.db _bench/leads-run.db
./_build/bench/bench-leads --import _bench/leads-100k.csv _bench/leads-run.db
rm -f _bench/leads-run.db*

echo "== quick-capture duplicate check"
./_build/bench/bench-leads --dup-check _bench/big.db

echo "== leads deadlines (first contact, pool) on 100,000 customers, on a copy"
rm -f _bench/leads-run.db*
cp _bench/big.db _bench/leads-run.db
./_build/bench/bench-leads --deadlines _bench/leads-run.db
rm -f _bench/leads-run.db*

echo "== pool catch-up on 100,000 customers after 5 days closed, on a copy"
# The demo is written at its own "now"; the catch-up runs 5 days later
rm -f _bench/leads-run.db*
if [ ! -f _bench/catch-up-base.db ] || [ _bench/catch-up-base.db -ot _build/src/showroom ]; then
  rm -f _bench/catch-up-base.db*
  SHOWROOM_NOW=1795485600 ./_build/src/showroom --generate-demo _bench/catch-up-base.db \
    --customers 100000 --activities 1000000 >/dev/null
fi
# In batches of 100 (crm_leads_run_deadlines) and of 200 (the scheduler's worker)
for batch in 100 200; do
  rm -f _bench/leads-run.db*
  cp _bench/catch-up-base.db _bench/leads-run.db
  echo "-- batches of $batch"
  SHOWROOM_NOW=$((1795485600 + 5 * 86400)) ./_build/bench/bench-leads --catch-up _bench/leads-run.db $batch
done
rm -f _bench/leads-run.db*
