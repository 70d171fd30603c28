#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The PostgreSQL server of a test run: one per run, on a private socket
# directory (no TCP port, so runs in other checkouts never meet it).
#
#   build-aux/pg-test-server.sh start STATE   initdb + start, or nothing if up
#   build-aux/pg-test-server.sh restart STATE the same server stopped and started
#   build-aux/pg-test-server.sh stop STATE    stop and remove it
#
# STATE is a file (in the build tree) that holds the server's folder; the
# tests find the server through it (SHOWROOM_TEST_PG, tests/meson.build).
# The state file's lines: the socket folder, the TCP port on 127.0.0.1
# (TLS with the certificates in the folder's tls/).
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
  dir=$(head -n 1 "$state")
  [ -d "$dir/data" ] && as_server "$bindir/pg_ctl" -D "$dir/data" status >/dev/null 2>&1
}

case $cmd in
  start)
    if running; then
      echo "pg-test-server: up in $(head -n 1 "$state")"
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
    # TLS as a showroom's server has it: a certificate authority of the
    # run and a certificate for localhost it signed (a fresh cluster has
    # TLS off). Tests connect with verify-full against ca.crt.
    mkdir -p "$dir/tls"
    (
      cd "$dir/tls"
      openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=Showroom test CA" \
        -keyout ca.key -out ca.crt
      openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout server.key -out server.csr
      printf 'subjectAltName=DNS:localhost\n' >san.ext
      openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 \
        -extfile san.ext -out server.crt
      # a second authority that signed nothing of this server
      openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=Another CA" \
        -keyout other-ca.key -out other-ca.crt
    ) >"$dir/tls.log" 2>&1 || {
      cat "$dir/tls.log" >&2
      exit 1
    }
    chmod 0644 "$dir/tls/"*.crt
    chmod 0600 "$dir/tls/server.key"
    [ "$(id -u)" = 0 ] && chown nobody "$dir/tls/server.key"
    # Roles other than the test's own administrator sign in with a password
    {
      echo "local all showroom trust"
      echo "host all showroom 127.0.0.1/32 trust"
      echo "local all all scram-sha-256"
      echo "host all all 127.0.0.1/32 scram-sha-256"
    } >"$dir/pg_hba.conf"
    [ "$(id -u)" = 0 ] && chown nobody "$dir/pg_hba.conf"
    # A free TCP port on loopback for the TLS tests
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    # Tests make a database each (from a template): fsync off, many
    # connections (20 simulated desktops, each with a listener)
    as_server "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-k $dir -p $port -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off \
          -c synchronous_commit=off -c max_connections=200 -c timezone=UTC \
          -c hba_file=$dir/pg_hba.conf -c ssl=on -c ssl_cert_file=$dir/tls/server.crt \
          -c ssl_key_file=$dir/tls/server.key" start >/dev/null || {
      cat "$dir/server.log" >&2
      exit 1
    }
    printf '%s\n%s\n' "$dir" "$port" >"$state"
    echo "pg-test-server: started in $dir"
    ;;
  restart)
    # The connections of every client break; the server is back at once
    # with the same options (the reconnection test)
    dir=$(head -n 1 "$state")
    as_server "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -m fast -w -t 60 restart >/dev/null
    ;;
  stop)
    if [ -f "$state" ]; then
      dir=$(head -n 1 "$state")
      as_server "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
      rm -rf "$dir"
      rm -f "$state"
    fi
    ;;
  *)
    echo "usage: $0 start|restart|stop STATE" >&2
    exit 2
    ;;
esac
