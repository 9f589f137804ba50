#!/usr/bin/env python3
"""Independent check of tasks.csv (run by .ci/run): Python's csv module reads
every export back to exactly the tasks `plan export tasks --format json` gives,
Chinese text intact and formula-looking cells kept as text."""
import csv
import io
import json
import pathlib
import subprocess
import sys

PLAN = sys.argv[1] if len(sys.argv) > 1 else "target/release/plan"
FIELDS = ["id", "title", "description", "assignee", "assignee_email", "due", "list", "labels"]


def run(*args):
    return subprocess.run([PLAN, *args], check=True, capture_output=True).stdout


def neutral(text):
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def check(plan_file):
    raw = run("export", "tasks", str(plan_file))
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 BOM"
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    tasks = json.loads(run("export", "tasks", str(plan_file), "--format", "json"))
    assert len(rows) == len(tasks) + 1, (len(rows), len(tasks))
    for row, task in zip(rows[1:], tasks):
        expected = [neutral(",".join(task[f]) if f == "labels" else task[f]) for f in FIELDS]
        assert row == expected, (row, expected)
    print(f"{plan_file}: {len(tasks)} tasks read back exactly")


def main():
    plans = sorted(pathlib.Path("examples").glob("*/plan.yaml")) + [pathlib.Path("tests/fixtures/tasks/weekly.yaml")]
    failures = 0
    for plan_file in plans:
        try:
            check(plan_file)
        except AssertionError as error:
            failures += 1
            print(f"{plan_file}: {error}")
    formula = run("export", "tasks", "tests/fixtures/tasks/weekly.yaml").decode("utf-8-sig")
    assert ",'=1+1 周会," in formula, "a formula-looking cell stays text"
    print(f"{len(plans) - failures} passed, {failures} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
