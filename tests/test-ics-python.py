#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Reads Showroom's .ics export with python3-icalendar (Debian), a parser
# that is not libical, and checks what a phone calendar would show.
import datetime
import os
import subprocess
import sys
import tempfile

import icalendar

exe = sys.argv[1]
with tempfile.TemporaryDirectory() as d:
    path = os.path.join(d, "day.ics")
    subprocess.run([exe, "--write-ics", path], check=True)
    with open(path, "rb") as f:
        cal = icalendar.Calendar.from_ical(f.read())

print("TAP version 13")
checks = []

def check(name, ok):
    checks.append((name, bool(ok)))

zones = [c for c in cal.walk("VTIMEZONE")]
check("one VTIMEZONE", len(zones) == 1)
check("VTIMEZONE is Asia/Shanghai", zones and str(zones[0]["TZID"]) == "Asia/Shanghai")
events = sorted(cal.walk("VEVENT"), key=lambda e: e.decoded("DTSTART"))
check("two events", len(events) == 2)
cst = datetime.timezone(datetime.timedelta(hours=8))
if len(events) == 2:
    s0 = events[0].decoded("DTSTART")
    e0 = events[0].decoded("DTEND")
    s1 = events[1].decoded("DTSTART")
    e1 = events[1].decoded("DTEND")
    check("start is zoned", s0.tzinfo is not None)
    check("first starts 10:00 +08:00", s0 == datetime.datetime(2026, 11, 24, 10, 0, tzinfo=cst))
    check("first lasts 30 minutes", e0 - s0 == datetime.timedelta(minutes=30))
    check("second starts 15:00 +08:00", s1 == datetime.datetime(2026, 11, 24, 15, 0, tzinfo=cst))
    check("second lasts 60 minutes", e1 - s1 == datetime.timedelta(minutes=60))
    check("summary names model and customer",
          "凯美瑞" in str(events[0]["SUMMARY"]) and "张伟" in str(events[0]["SUMMARY"]))
    check("description names the rep", "李娜" in str(events[0]["DESCRIPTION"]))
    check("location is the showroom", str(events[0]["LOCATION"]) == "天河展厅")
    check("plate carried", str(events[1]["X-SHOWROOM-PLATE"]) == "粤A·D1002")
    check("unique UIDs", str(events[0]["UID"]) != str(events[1]["UID"]))
    check("status tentative for a booked drive", str(events[0]["STATUS"]) == "TENTATIVE")

print("1..%d" % len(checks))
failed = 0
for i, (name, ok) in enumerate(checks, 1):
    print("%s %d - %s" % ("ok" if ok else "not ok", i, name))
    failed += not ok
sys.exit(1 if failed or not checks else 0)
