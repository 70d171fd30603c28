#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs what is missing, builds, and runs every test headlessly: core
# tests, data validation, and the UI tests under Xvfb inside a private
# D-Bus session; then the quality gates: the core tests again under
# AddressSanitizer and UndefinedBehaviorSanitizer, the clang static
# analyser, which must report nothing, and a minute of fuzzing for each
# libFuzzer target (tests/fuzz), which must find nothing.
set -eu
cd "$(dirname "$0")/.."
build-aux/deps.sh
build-aux/build.sh
. build-aux/env.sh

status=0
dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp -noreset" \
  meson test -C _build --print-errorlogs || status=$?

# Quality gates: the core tests under AddressSanitizer and
# UndefinedBehaviorSanitizer, and the clang static analyser with no report
echo "== core tests under ASan and UBSan"
build-aux/check-sanitizers.sh || status=$?
echo "== clang static analyser"
scan=0
build-aux/check-scan-build.sh || { scan=$?; status=$scan; }
echo "== fuzzing: each target for a minute under ASan and UBSan"
build-aux/fuzz.sh 60 || status=$?

# One plain closing line: the test programs of both runs, the analyser and
# the fuzzing targets (one each; _build-fuzz/fuzz-results, or one failure
# when fuzz.sh stopped before writing it)
SCAN=$scan python3 - <<'PY' || true
import json, os
passed = failed = 0
for log_path in ("_build/meson-logs/testlog.json", "_build-asan/meson-logs/testlog.json"):
    if not os.path.exists(log_path):
        failed += 1
        continue
    with open(log_path) as log:
        for line in log:
            result = json.loads(line).get("result")
            if result == "OK":
                passed += 1
            elif result not in ("SKIP", "EXPECTEDFAIL"):
                failed += 1
if os.environ["SCAN"] == "0":
    passed += 1
else:
    failed += 1
fuzz_path = "_build-fuzz/fuzz-results"
if os.path.exists(fuzz_path):
    with open(fuzz_path) as results:
        for line in results:
            if line.split()[1:2] == ["OK"]:
                passed += 1
            else:
                failed += 1
else:
    failed += 1
print(f"meson: {passed} passed, {failed} failed")
PY
exit $status
