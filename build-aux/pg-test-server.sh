#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The PostgreSQL server of a test run: one per run, on a private socket
# directory (no TCP port, so runs in other checkouts never meet it).
#
#   build-aux/pg-test-server.sh start STATE   initdb + start, or nothing if up
#   build-aux/pg-test-server.sh stop STATE    stop and remove it
#
# STATE is a file (in the build tree) that holds the server's folder; the
# tests find the server through it (SHOWROOM_TEST_PG, tests/meson.build).
# PostgreSQL refuses to run as root: as root the server runs as nobody in
# a folder under /tmp it can write. Fails loudly when the server cannot
# be started: a server test that is skipped does not pass.
set -eu

cmd=${1:?start or stop}
state=${2:?the state file}

bindir=
for dir in /usr/lib/postgresql/*/bin; do
  [ -x "$dir/initdb" ] && bindir=$dir
done
if [ -z "$bindir" ]; then
  echo "pg-test-server: no PostgreSQL server here (Debian package postgresql)" >&2
  exit 1
fi

as_server() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u nobody -- "$@"
  else
    "$@"
  fi
}

running() {
  [ -f "$state" ] || return 1
  local dir
  dir=$(cat "$state")
  [ -d "$dir/data" ] && as_server "$bindir/pg_ctl" -D "$dir/data" status >/dev/null 2>&1
}

case $cmd in
  start)
    if running; then
      echo "pg-test-server: up in $(cat "$state")"
      exit 0
    fi
    mkdir -p "$(dirname "$state")"
    dir=$(mktemp -d "${TMPDIR:-/tmp}/showroom-pg-XXXXXX")
    chmod 0777 "$dir"
    # C.UTF-8: byte order for text, UTF-8 for Chinese names; the
    # showroom's clock is in its rules, so the server's zone is UTC
    as_server "$bindir/initdb" -D "$dir/data" -A trust -U showroom -E UTF8 \
      --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 || {
      cat "$dir/initdb.log" >&2
      exit 1
    }
    # Tests make a database each (from a template): fsync off, many
    # connections (20 simulated desktops, each with a listener)
    as_server "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-k $dir -p 5432 -c listen_addresses='' -c fsync=off -c full_page_writes=off \
          -c synchronous_commit=off -c max_connections=200 -c timezone=UTC" start >/dev/null || {
      cat "$dir/server.log" >&2
      exit 1
    }
    echo "$dir" >"$state"
    echo "pg-test-server: started in $dir"
    ;;
  stop)
    if [ -f "$state" ]; then
      dir=$(cat "$state")
      as_server "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
      rm -rf "$dir"
      rm -f "$state"
    fi
    ;;
  *)
    echo "usage: $0 start|stop STATE" >&2
    exit 2
    ;;
esac
