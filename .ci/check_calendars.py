#!/usr/bin/env python3
"""Independent check of `plan build` calendars (run by .ci/run).

For every example plan and every fixture under tests/fixtures/calendars/ and
tests/fixtures/valid/: build it; require of every .ics file CRLF lines of at
most 75 octets and icalendar's `Calendar.validate()` (a PRODID, a VERSION and
at least one component); then expand calendars/plan.ics with two engines,
recurring-ical-events (which applies X-WR-TIMEZONE as Google Calendar does,
through python's x-wr-timezone) and ical.js (.ci/web/expand-calendars.mjs,
which reads every other .ics file too and fails on any it cannot), and
require of each exactly the UTC instants that
`plan agenda --format json --tz UTC` prints over the whole window.

Every other fixture that builds (lint, tasks, diff, notice, handbook) has
its calendars held to the same file rules and validate().

Needs `npm ci` in .ci/web first (for ical.js).
"""
import datetime as dt
import json
import pathlib
import subprocess
import sys
import tempfile
import zoneinfo

import icalendar
import recurring_ical_events

PLAN = sys.argv[1] if len(sys.argv) > 1 else "target/release/plan"
EXPAND_JS = pathlib.Path(__file__).parent / "web" / "expand-calendars.mjs"
# 2025-01-01 to 2029-05-21: every plan's range, 2026-2028 fixture included.
WINDOW_START = dt.date(2025, 1, 1)
WINDOW_DAYS = 1601
# Agenda statuses of an occurrence that is not held; tasks are not events.
NOT_HELD = {"holiday", "skipped", "cancelled"}


def run(*args):
    return subprocess.run([PLAN, *args], check=True, capture_output=True, text=True).stdout


def utc(value):
    return value.astimezone(dt.timezone.utc).replace(microsecond=0)


def check_file(path: pathlib.Path) -> list:
    """What is wrong with one .ics file on its own: line ends, lengths, validate()."""
    raw = path.read_bytes()
    problems = []
    if b"\r\n" not in raw or b"\n" in raw.replace(b"\r\n", b""):
        problems.append("lines must end in CRLF")
    long = [len(line) for line in raw.split(b"\r\n") if len(line) > 75]
    if long:
        problems.append(f"{len(long)} lines longer than 75 octets")
    try:
        icalendar.Calendar.from_ical(raw).validate()
    except Exception as error:  # any parse or validation error is a finding
        problems.append(f"icalendar: {error}")
    return problems


def from_recurring_ical_events(path: pathlib.Path, start, end) -> set:
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    found = set()
    for event in recurring_ical_events.of(calendar).between(start, end):
        at = utc(event["DTSTART"].dt)
        # between() also gives events that only end in the window.
        if start <= at < end:
            found.add((str(event["UID"]).split("@")[0], at))
    return found


def from_ical_js(paths, start, end) -> dict:
    """Each file's occurrences by ical.js; an unreadable file fails the run."""
    result = subprocess.run(
        ["node", str(EXPAND_JS), start.isoformat(), end.isoformat(), *map(str, paths)],
        capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"ical.js: {result.stderr.strip()}")
    return {
        pathlib.Path(name): {(uid, utc(dt.datetime.fromisoformat(at))) for uid, at in found}
        for name, found in json.loads(result.stdout).items()
    }


def ical_js_deviations(path: pathlib.Path, found: set, expected: set) -> set:
    """The occurrences ical.js reads otherwise than RFC 5545, and only those.

    A local time that a daylight-saving change skips or repeats: RFC 5545
    (3.3.5) reads it with the offset before the change (the first of a
    repeated time), ical.js with the offset after it (`Timezone.utcOffset`,
    "want_daylight = false; // TODO"). In zoneinfo's terms: the plan's
    instant is fold=0 of the time written, ical.js's fold=1. Returns those
    (plan's, ical.js's) pairs.
    """
    written = {}
    for event in icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT"):
        start = event["DTSTART"]
        if "TZID" in start.params:
            uid = str(event["UID"]).split("@")[0]
            written.setdefault(uid, set()).add((start.params["TZID"], start.dt.time()))
    pairs = set()
    for uid, at in expected - found:
        for tzid, wall in written.get(uid, ()):
            zone = zoneinfo.ZoneInfo(tzid)
            local = dt.datetime.combine(at.astimezone(zone).date(), wall)
            first, later = (utc(local.replace(tzinfo=zone, fold=fold)) for fold in (0, 1))
            if first == at and later != at and (uid, later) in found:
                pairs.add(((uid, at), (uid, later)))
    return pairs


def compare(plan_file, engine, found, expected) -> int:
    if found == expected:
        return 0
    print(f"{plan_file}: {engine} and `plan agenda` disagree")
    for item in sorted(expected - found)[:10]:
        print(f"  only in plan agenda: {item}")
    for item in sorted(found - expected)[:10]:
        print(f"  only in {engine}: {item}")
    return 1


def check(plan_file: pathlib.Path) -> int:
    failures = 0
    start = dt.datetime.combine(WINDOW_START, dt.time(), dt.timezone.utc)
    end = start + dt.timedelta(days=WINDOW_DAYS)
    with tempfile.TemporaryDirectory() as out:
        run("build", "-q", str(plan_file), "-o", out)
        files = sorted(pathlib.Path(out).rglob("*.ics"))
        for path in files:
            for problem in check_file(path):
                failures += 1
                print(f"{plan_file}: {path.relative_to(out)}: {problem}")
        whole = pathlib.Path(out) / "calendars/plan.ics"
        agenda = json.loads(run("agenda", str(plan_file), "--format", "json", "--tz", "UTC",
                                "--from", WINDOW_START.isoformat(), "--days", str(WINDOW_DAYS)))
        expected = {(e["id"], utc(dt.datetime.fromisoformat(e["start"])))
                    for e in agenda if e["kind"] != "task" and e["status"] not in NOT_HELD}
        failures += compare(plan_file, "recurring-ical-events",
                            from_recurring_ical_events(whole, start, end), expected)
        try:
            by_ical_js = from_ical_js(files, start, end)
            found = by_ical_js[whole]
            deviations = ical_js_deviations(whole, found, expected)
            if deviations:
                print(f"{plan_file}: ical.js reads {len(deviations)} skipped or repeated"
                      " local times with the later offset (RFC 5545: the earlier)")
            found = (found - {js for _, js in deviations}) | {plan for plan, _ in deviations}
            failures += compare(plan_file, "ical.js", found, expected)
        except RuntimeError as error:
            failures += 1
            print(f"{plan_file}: {error}")
        if not failures:
            print(f"{plan_file}: {len(files)} calendars valid; "
                  f"{len(expected)} occurrences agree in both engines")
    return failures


def validate_only(plan_file: pathlib.Path) -> int:
    """Every .ics of a fixture built from a copy (its lock stays out of the
    tree): the file rules and validate(). A plan that does not build (a
    lint fixture with errors) has no calendars to check."""
    failures = 0
    with tempfile.TemporaryDirectory() as work:
        copy = pathlib.Path(work) / plan_file.name
        copy.write_bytes(plan_file.read_bytes())
        out = pathlib.Path(work) / "site"
        built = subprocess.run([PLAN, "build", "-q", str(copy), "-o", str(out)],
                               capture_output=True, text=True)
        if built.returncode == 1:
            return 0
        if built.returncode != 0:
            print(f"{plan_file}: plan build exited {built.returncode}: {built.stderr.strip()}")
            return 1
        for path in sorted(out.rglob("*.ics")):
            for problem in check_file(path):
                failures += 1
                print(f"{plan_file}: {path.relative_to(out)}: {problem}")
    return failures


def main():
    plans = (sorted(pathlib.Path("examples").glob("*/plan.yaml"))
             + sorted(pathlib.Path("tests/fixtures/calendars").glob("*.yaml"))
             + sorted(pathlib.Path("tests/fixtures/valid").glob("*.yaml")))
    failed = sum(1 for p in plans if check(p))
    print(f"{len(plans) - failed} passed, {failed} failed")
    # Every other fixture's calendars must be valid files too.
    others = sorted(p for p in pathlib.Path("tests/fixtures").rglob("*.yaml")
                    if p not in plans and "invalid" not in p.parts)
    invalid = sum(1 for p in others if validate_only(p))
    print(f"{len(others)} other fixtures: every calendar they build is valid"
          if not invalid else f"{invalid} other fixtures build invalid calendars")
    sys.exit(1 if failed or invalid else 0)


if __name__ == "__main__":
    main()
