#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Regenerates the README screenshots in data/screenshots/ from the demo
# showroom, on a fixed Tuesday morning (2026-11-24 10:30, Beijing time),
# in English and Chinese, light and dark. Showroom saves its own window
# (SHOWROOM_SCREENSHOT), so nothing but Xvfb and D-Bus is needed.
set -eu
cd "$(dirname "$0")/.."
build-aux/deps.sh >/dev/null
build-aux/build.sh >/dev/null
. build-aux/env.sh
# The daily backup of the demo goes to a throwaway folder, not the user's
export XDG_DATA_HOME="$(mktemp -d)"

export TZ=Asia/Shanghai SHOWROOM_NOW=1795487400   # Tue 2026-11-24 10:30 +08:00
export GSK_RENDERER=cairo GSETTINGS_BACKEND=memory ADW_DISABLE_PORTAL=1
out=data/screenshots
db=$(mktemp -d)/showroom-demo.db
mkdir -p "$out"
./_build/src/showroom --generate-demo "$db" >/dev/null

shoot () {  # name locale scheme [customer id] [view]
  local name=$1 lang=$2 scheme=$3 customer=${4:-} view=${5:-customers}
  env LANG="$lang.UTF-8" LC_ALL="$lang.UTF-8" LANGUAGE="${lang}" \
      ADW_DEBUG_COLOR_SCHEME="$scheme" SHOWROOM_SCREENSHOT="$PWD/$out/$name.png" SHOWROOM_VIEW="${view:-customers}" \
      ${customer:+SHOWROOM_OPEN_CUSTOMER=$customer} \
      dbus-run-session -- xvfb-run -a -s "-screen 0 1920x1080x24 -nolisten tcp" \
      ./_build/src/showroom "$db" >/dev/null 2>&1
  echo "$out/$name.png"
}

shoot pipeline en_US default "" pipeline
shoot pipeline-zh_CN zh_CN default "" pipeline
shoot pipeline-dark en_US prefer-dark "" pipeline
shoot my-day en_US default "" my-day
shoot my-day-zh_CN zh_CN default "" my-day
shoot calendar en_US default "" calendar
shoot calendar-zh_CN zh_CN default "" calendar
shoot calendar-zh_CN-dark zh_CN prefer-dark "" calendar
shoot customers en_US default
shoot customers-zh_CN zh_CN default
shoot customers-dark en_US prefer-dark
shoot customers-zh_CN-dark zh_CN prefer-dark
shoot dashboard en_US default "" dashboard
shoot dashboard-zh_CN zh_CN default "" dashboard
shoot dashboard-dark en_US prefer-dark "" dashboard
shoot customer en_US default 12
shoot customer-zh_CN zh_CN default 12
rm -f "$db"*
