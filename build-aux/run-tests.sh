#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs what is missing, builds, and runs every test headlessly: core
# tests, data validation, and the UI tests under Xvfb inside a private
# D-Bus session.
set -eu
cd "$(dirname "$0")/.."
build-aux/deps.sh
build-aux/build.sh
. build-aux/env.sh

status=0
dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp -noreset" \
  meson test -C _build --print-errorlogs || status=$?

# One plain closing line: how many test programs passed and failed
python3 - <<'PY' || true
import json
passed = failed = 0
with open("_build/meson-logs/testlog.json") as log:
    for line in log:
        result = json.loads(line).get("result")
        if result == "OK":
            passed += 1
        elif result not in ("SKIP", "EXPECTEDFAIL"):
            failed += 1
print(f"meson: {passed} passed, {failed} failed")
PY
exit $status
