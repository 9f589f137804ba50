#!/usr/bin/env python3
"""Independent check of `plan build` calendars (run by .ci/run).

For every example plan: build it, parse every .ics file with the `icalendar`
package, expand calendars/plan.ics with `recurring-ical-events`, and require
exactly the occurrences that `plan agenda --format json` prints.
"""
import datetime as dt
import json
import pathlib
import subprocess
import sys
import tempfile

import icalendar
import recurring_ical_events

PLAN = sys.argv[1] if len(sys.argv) > 1 else "target/release/plan"
WINDOW_START = dt.date(2025, 1, 1)
WINDOW_DAYS = 1200


def run(*args):
    return subprocess.run([PLAN, *args], check=True, capture_output=True, text=True).stdout


def utc(value):
    return value.astimezone(dt.timezone.utc).replace(microsecond=0)


def check(plan_file: pathlib.Path) -> int:
    failures = 0
    with tempfile.TemporaryDirectory() as out:
        run("build", "-q", str(plan_file), "-o", out)
        files = sorted(pathlib.Path(out).rglob("*.ics"))
        for path in files:
            raw = path.read_bytes()
            assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b""), f"{path}: lines must end in CRLF"
            for line in raw.split(b"\r\n"):
                assert len(line) <= 75, f"{path}: a line of {len(line)} octets"
            icalendar.Calendar.from_ical(raw)
        calendar = icalendar.Calendar.from_ical((pathlib.Path(out) / "calendars/plan.ics").read_bytes())
        start = dt.datetime.combine(WINDOW_START, dt.time(), dt.timezone.utc)
        end = start + dt.timedelta(days=WINDOW_DAYS)
        from_ics = set()
        for event in recurring_ical_events.of(calendar).between(start - dt.timedelta(days=2), end + dt.timedelta(days=2)):
            uid = str(event["UID"]).split("@")[0]
            from_ics.add((uid, utc(event["DTSTART"].dt)))
        agenda = json.loads(run("agenda", str(plan_file), "--format", "json", "--tz", "UTC",
                                "--from", WINDOW_START.isoformat(), "--days", str(WINDOW_DAYS)))
        from_plan = {(e["id"], utc(dt.datetime.fromisoformat(e["start"]))) for e in agenda if e["status"] == "scheduled"}
        from_ics = {(uid, t) for uid, t in from_ics if start <= t < end}
        if from_ics != from_plan:
            failures += 1
            print(f"{plan_file}: calendars and agenda disagree")
            for item in sorted(from_plan - from_ics)[:10]:
                print(f"  only in plan agenda: {item}")
            for item in sorted(from_ics - from_plan)[:10]:
                print(f"  only in the calendar: {item}")
        else:
            print(f"{plan_file}: {len(files)} calendars parse; {len(from_plan)} occurrences agree")
    return failures


def main():
    plans = sorted(pathlib.Path("examples").glob("*/plan.yaml")) + sorted(pathlib.Path("tests/fixtures/calendars").glob("*.yaml"))
    failures = sum(check(p) for p in plans)
    print(f"{len(plans) - failures} passed, {failures} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
