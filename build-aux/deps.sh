#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs the Debian 12 packages Showroom needs to build, run, test,
# take its screenshots and run its benchmark — only those missing.
# Needs root or sudo when something is missing.
set -eu

PACKAGES=(
  # build
  meson ninja-build pkg-config gcc libc6-dev python3
  libglib2.0-dev libglib2.0-bin libgtk-4-dev libadwaita-1-dev libsqlite3-dev
  libical-dev                        # test-drive calendar: iCalendar in and out
  gettext itstool
  unicode-data                       # Unihan readings: the pinyin table is built from them
  # run
  adwaita-icon-theme hicolor-icon-theme fonts-noto-cjk fonts-cantarell
  libical3
  librsvg2-common                    # SVG icons
  # checks and headless tests
  desktop-file-utils appstream yelp-tools
  xvfb xauth dbus dbus-x11 locales
  python3-icalendar                  # reads the .ics export back with a second parser
  # benchmark: the reference app, the X client library, the SQLite shell
  gnome-contacts libx11-dev sqlite3
  # follow-up reminders seen under a real notification daemon (Xvfb)
  dunst x11-apps
  time                               # leads import benchmark: /usr/bin/time -v (peak RSS)
  libc-bin                           # iconv: the GBK import fixtures are made with it
  # quality gates (build-aux/check-*.sh): the clang static analyser, the
  # sanitizers' runtime comes with gcc; line coverage for refactors
  clang clang-tools gcovr
  # fuzzing (build-aux/fuzz.sh): libFuzzer and the sanitizers' runtime for
  # clang, and llvm-symbolizer for readable stacks in its reports
  libclang-rt-14-dev llvm
  valgrind                           # build-aux/check-valgrind.sh: the core tests under memcheck
  # a showroom of several desktops: the PostgreSQL backend (libpq), the
  # server the tests start themselves (initdb, pg_ctl), TLS certificates
  # made in the tests, the password in the keyring (libsecret, and the
  # keyring daemon the keyring test starts in a private D-Bus session)
  postgresql libpq-dev openssl libsecret-1-dev gnome-keyring
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

sudo=""
if [ "$(id -u)" != 0 ]; then
  sudo="sudo"
fi

if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing: ${missing[*]}"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${missing[@]}"
fi

# The Chinese and English locales the screenshots and locale tests run in
for l in zh_CN en_US; do
  if ! locale -a 2>/dev/null | grep -qi "^$l\.utf-\?8$"; then
    $sudo localedef -i "$l" -f UTF-8 "$l.UTF-8" || echo "warning: could not generate $l.UTF-8" >&2
  fi
done
