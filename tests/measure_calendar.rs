//! `plan measure` with a calendar source: tests/fixtures/measure/calendar/
//! holds a plan with a weekly client sync on Fridays 10:00 (Good Friday,
//! 2026-04-03, a holiday) and `held.ics`, its own calendar as `plan build`
//! wrote it, then edited as a team would: 13 March moved to Thursday 12th
//! 14:00 (an override), 20 March cancelled (an override), 27 March deleted
//! (EXDATE), 10 April deleted and held again as a hand-made "Client sync"
//! (another UID, a UTC time), an ad-hoc check-in with the client on two
//! Tuesdays (WEEKLY;COUNT=2), focus time alone, a monthly rule beyond the
//! subset read and a VEVENT without DTSTART. Touchpoints add the measure
//! fixture's requests.csv. Every figure is worked out by hand below.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails loudly"
)]

mod common;
use common::{Run, fixtures, plan};

const PERIOD: [&str; 4] = ["--from", "2026-03-02", "--to", "2026-04-12"];

fn measure(sources: &[&str], format: &str) -> Run {
    let mut all = vec!["measure", "plan.yaml"];
    all.extend_from_slice(sources);
    all.extend_from_slice(&PERIOD);
    all.extend_from_slice(&["--format", format]);
    plan(&fixtures().join("measure").join("calendar"), &all)
}

fn json(sources: &[&str]) -> serde_json::Value {
    let run = measure(sources, "json");
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap()
}

#[test]
fn each_planned_friday_is_held_moved_or_missed_and_good_friday_is_not_planned() {
    let report = json(&["held.ics"]);
    let series = &report["series"][0];
    assert_eq!(series["id"], "client-sync");
    assert_eq!(series["kind"], "meeting");
    // Fridays 6, 13, 20, 27 March and 10 April; 3 April is a holiday.
    let figures: Vec<u64> = ["planned", "held", "moved", "missed"]
        .iter()
        .map(|key| series[key].as_u64().unwrap())
        .collect();
    assert_eq!(figures, [5, 2, 1, 2]);
    let occurrences: Vec<String> = series["occurrences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            format!(
                "{} {} {}",
                o["planned"].as_str().unwrap(),
                o["outcome"].as_str().unwrap(),
                o["held_at"].as_str().unwrap_or("-")
            )
        })
        .collect();
    assert_eq!(
        occurrences,
        [
            // The series itself, as exported.
            "2026-03-06T10:00:00+01:00 held -",
            // Its override: RECURRENCE-ID 13 March, DTSTART 12 March 14:00.
            "2026-03-13T10:00:00+01:00 moved 2026-03-12T14:00:00+01:00",
            // An override with STATUS:CANCELLED.
            "2026-03-20T10:00:00+01:00 missed -",
            // An EXDATE and nothing else that week.
            "2026-03-27T10:00:00+01:00 missed -",
            // An EXDATE, and "Client sync" at 08:00Z (10:00 CEST) by hand.
            "2026-04-10T10:00:00+02:00 held -",
        ]
    );
}

#[test]
fn a_broken_vevent_and_a_rule_beyond_the_subset_are_skips_with_their_line() {
    let report = json(&["held.ics"]);
    assert_eq!(report["skipped"], 2);
    let skips: Vec<String> = report["skips"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            format!(
                "{}:{}: {}",
                s["place"]["file"].as_str().unwrap(),
                s["place"]["line"],
                s["reason"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(skips.len(), 2);
    assert_eq!(skips[0], "held.ics:98: the VEVENT has no DTSTART");
    assert!(
        skips[1].starts_with("held.ics:89: the rule `FREQ=MONTHLY;BYMONTHDAY=5` is beyond"),
        "{}",
        skips[1]
    );
}

/// Touchpoints per week (Monday first): (Monday, count).
fn weeks(audience: &serde_json::Value) -> Vec<(String, u64)> {
    audience["weeks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            (
                w["monday"].as_str().unwrap().to_string(),
                w["touchpoints"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn touchpoints_count_messages_and_meetings_with_the_client_and_the_longest_silence() {
    let report = json(&["../requests.csv", "held.ics"]);
    let client = &report["audiences"][0];
    assert_eq!(client["audience"], "client");
    // requests.csv: each valid row between ben and ana is a contact when
    // sent and when replied; the stranger's row and the skipped rows are
    // none. Held meetings: 6 March, 12 March (moved), 10 April (by hand);
    // the check-in on 17 and 24 March. Focus time has no client.
    let expected = [
        ("2026-03-02", 2), // 6 Mar 10:00 meeting, 6 Mar 17:00 email
        ("2026-03-09", 7), // 9 Mar 10:30, 10:00, 15:00; 10 Mar 09:00, 12:30; 11 Mar 16:00; 12 Mar meeting
        ("2026-03-16", 1), // 17 Mar check-in
        ("2026-03-23", 1), // 24 Mar check-in
        ("2026-03-30", 1), // 2 Apr 16:30 email
        ("2026-04-06", 4), // 7 Apr 15:00; 10 Apr meeting; 10 Apr 17:00, 11 Apr 11:00 chat
    ];
    let expected: Vec<(String, u64)> = expected
        .iter()
        .map(|(monday, n)| ((*monday).to_string(), *n))
        .collect();
    assert_eq!(weeks(client), expected);
    assert_eq!(client["touchpoints"], 16);
    // Five planned meetings over six weeks.
    assert_eq!(client["planned_per_week"], 0.83);
    // 24 March 15:00 CET (14:00Z) to 2 April 16:30 CEST (14:30Z).
    let silence = &client["longest_silence"];
    assert_eq!(silence["from"], "2026-03-24T15:00:00+01:00");
    assert_eq!(silence["to"], "2026-04-02T16:30:00+02:00");
    assert_eq!(silence["minutes"], 9 * 24 * 60 + 30);
}

#[test]
fn without_a_calendar_there_are_no_series_and_silence_runs_to_the_period_end() {
    let report = json(&["../requests.csv"]);
    assert!(report["series"].is_null());
    let client = &report["audiences"][0];
    assert_eq!(client["touchpoints"], 11);
    // Without the meetings, nothing from the open chat of 11 March 16:00
    // CET (15:00Z) to the email of 2 April 16:30 CEST (14:30Z).
    let silence = &client["longest_silence"];
    assert_eq!(silence["from"], "2026-03-11T16:00:00+01:00");
    assert_eq!(silence["to"], "2026-04-02T16:30:00+02:00");
    assert_eq!(silence["minutes"], 22 * 24 * 60 - 30);
}

#[test]
fn the_calendar_in_human_form() {
    let run = measure(&["../requests.csv", "held.ics"], "human");
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!(run.stdout);
}
