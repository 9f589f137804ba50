//! What every calendar file holds, read as text: one yearly VTIMEZONE pair
//! per zone (the form Outlook reads), no X-WR-TIMEZONE, never an empty
//! VCALENDAR; and the 2026-2028 fixture's calendar as a snapshot.
//! (.ci/check_calendars.py expands the same files with three engines.)

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails loudly"
)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

mod common;
use common::{build_into, fixtures, read_tree, site_dir};

/// The `.ics` files of one build with `\n` line ends (as snapshots show them), by path.
fn calendars(dir: &Path, plan_file: &str, name: &str) -> Vec<(String, String)> {
    let out = site_dir(name);
    let run = build_into(dir, plan_file, &out, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    read_tree(&out)
        .into_iter()
        .filter(|(path, _)| path.ends_with(".ics"))
        .map(|(path, bytes)| {
            let text = String::from_utf8(bytes).unwrap();
            (path, text.replace("\r\n", "\n"))
        })
        .collect()
}

/// The lines of each `BEGIN:<kind>` ... `END:<kind>` block in `text`.
fn blocks<'t>(text: &'t str, kind: &str) -> Vec<Vec<&'t str>> {
    let (begin, end) = (format!("BEGIN:{kind}"), format!("END:{kind}"));
    let mut found = Vec::new();
    let mut current: Option<Vec<&str>> = None;
    for line in text.lines() {
        if line == begin {
            current = Some(Vec::new());
        } else if line == end {
            found.extend(current.take());
        } else if let Some(lines) = current.as_mut() {
            lines.push(line);
        }
    }
    found
}

/// Per TZID: how many STANDARD and DAYLIGHT blocks, and whether each has an RRULE.
type Observances = (usize, usize, bool);

fn observances(text: &str) -> BTreeMap<String, Observances> {
    let unfolded = text.replace("\n ", "");
    blocks(&unfolded, "VTIMEZONE")
        .into_iter()
        .map(|lines| {
            let zone = lines
                .iter()
                .find_map(|l| l.strip_prefix("TZID:"))
                .expect("a VTIMEZONE names its zone");
            let inner = lines.join("\n");
            let (standard, daylight) = (blocks(&inner, "STANDARD"), blocks(&inner, "DAYLIGHT"));
            let all_recur = standard
                .iter()
                .chain(&daylight)
                .all(|block| block.iter().any(|l| l.starts_with("RRULE:FREQ=YEARLY;")));
            (
                zone.to_string(),
                (standard.len(), daylight.len(), all_recur),
            )
        })
        .collect()
}

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(name)
}

#[test]
fn every_vtimezone_is_one_yearly_pair_or_one_block_and_no_calendar_is_empty() {
    let builds = [
        (example("atlas-crm"), "plan.yaml", "vtimezone-atlas-crm"),
        (example("zh-cn"), "plan.yaml", "vtimezone-zh-cn"),
        (
            fixtures().join("calendars"),
            "zones-2026-2028.yaml",
            "vtimezone-zones",
        ),
        (
            fixtures().join("calendars"),
            "time-zones.yaml",
            "vtimezone-time-zones",
        ),
        (
            fixtures().join("calendars"),
            "dst-changes.yaml",
            "vtimezone-dst-changes",
        ),
    ];
    for (dir, plan_file, name) in builds {
        let files = calendars(&dir, plan_file, name);
        assert!(files.len() > 3, "{plan_file}: {} calendars", files.len());
        for (path, text) in &files {
            let zones = observances(text);
            assert!(!zones.is_empty(), "{plan_file} {path}: no VTIMEZONE");
            for (zone, (standard, daylight, all_recur)) in zones {
                let shape = (standard, daylight, daylight == 0 || all_recur);
                assert!(
                    shape == (1, 1, true) || shape == (1, 0, true),
                    "{plan_file} {path} {zone}: {standard} STANDARD, {daylight} DAYLIGHT, \
                     every block with a yearly RRULE: {all_recur}"
                );
            }
            // Readers that honour X-WR-TIMEZONE move UTC times into it.
            assert!(!text.contains("X-WR-TIMEZONE"), "{plan_file} {path}");
        }
    }
}

fn zones_2026_2028(name: &str) -> Vec<(String, String)> {
    calendars(&fixtures().join("calendars"), "zones-2026-2028.yaml", name)
}

fn file<'f>(files: &'f [(String, String)], path: &str) -> &'f str {
    files
        .iter()
        .find(|(p, _)| p == path)
        .map(|(_, text)| text.as_str())
        .unwrap_or_else(|| panic!("{path} is written"))
}

#[test]
fn the_2026_2028_calendar_has_a_yearly_pair_per_dst_zone_and_utc_as_written() {
    let files = zones_2026_2028("zones-2026-2028");
    let whole = file(&files, "calendars/plan.ics");
    let zones = observances(whole);
    let expected: BTreeMap<String, Observances> = [
        ("America/New_York", (1, 1, true)),
        ("Asia/Kolkata", (1, 0, false)),
        ("Australia/Sydney", (1, 1, true)),
        ("Europe/Berlin", (1, 1, true)),
        ("UTC", (1, 0, false)),
    ]
    .into_iter()
    .map(|(zone, shape)| (zone.to_string(), shape))
    .collect();
    assert_eq!(zones, expected);
    assert!(whole.contains("\nDTSTART;TZID=UTC:20260105T233000\n"));
    insta::assert_snapshot!("zones-2026-2028-plan-ics", whole);
}

#[test]
fn a_calendar_without_events_holds_the_project_zone() {
    let files = zones_2026_2028("zones-2026-2028-empty");
    for path in [
        "calendars/people/ravi.ics",
        "calendars/audiences/observers.ics",
        "audiences/observers/calendar.ics",
    ] {
        let text = file(&files, path);
        assert!(!text.contains("BEGIN:VEVENT"), "{path}");
        assert_eq!(
            observances(text).into_keys().collect::<Vec<_>>(),
            ["Europe/Berlin"],
            "{path}"
        );
    }
}
