//! Findings a person can read when one cause produces many: overlapping
//! meetings are one finding per meeting to move, naming the meetings it
//! overlaps, and the human summary counts findings by rule when there are many.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails loudly"
)]

mod common;

use common::{fixtures, plan, scratch};

/// The minimal plan with `zoe` and `adam` (in that order) in an audience
/// `pair`, and `meetings`, each `(id, weekday, time, extra fields)`, one
/// hour each, for `pair`, owned by `zoe` (an owner attends).
fn plan_with(meetings: &[(String, &str, String, &str)]) -> String {
    let minimal = std::fs::read_to_string(fixtures().join("valid/minimal.yaml")).unwrap();
    let lines: String = meetings
        .iter()
        .map(|(id, day, at, extra)| {
            format!(
                "  {id}: {{title: {id}, audiences: [pair], owner: zoe, agenda: [x], \
                 schedule: {{every: week, on: [{day}], at: \"{at}\", duration: 1h}}{extra}}}\n"
            )
        })
        .collect();
    minimal
        .replacen(
            "people:\n",
            "people:\n  zoe: {name: Zoe, email: zoe@example.com}\n  adam: {name: Adam, email: adam@example.com}\n",
            1,
        )
        .replacen(
            "audiences:\n",
            "audiences:\n  pair: {name: Pair, members: [zoe, adam], channels: email}\n",
            1,
        )
        .replacen("meetings:\n", &format!("meetings:\n{lines}"), 1)
}

/// `count` meetings `s1`, `s2`, ... on Wednesdays at 10:00.
fn at_one_time(count: usize) -> Vec<(String, &'static str, String, &'static str)> {
    (1..=count)
        .map(|i| (format!("s{i}"), "wed", "10:00".to_string(), ""))
        .collect()
}

/// The messages of the `overlapping-meetings` findings, in output order.
fn overlaps(name: &str, text: &str) -> Vec<String> {
    let dir = scratch(name);
    std::fs::write(dir.join("plan.yaml"), text).unwrap();
    let run = plan(&dir, &["lint", "--format", "json", "plan.yaml"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let findings: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    findings
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "overlapping-meetings")
        .map(|f| f["message"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn five_meetings_at_one_time_are_four_findings_each_naming_the_earlier_ones() {
    let found = overlaps("overlap-five", &plan_with(&at_one_time(5)));
    assert_eq!(
        found,
        [
            "meeting `s2` overlaps meeting `s1` for `zoe`, `adam`; first on 2026-03-04, 17 times",
            "meeting `s3` overlaps meetings `s1`, `s2` for `zoe`, `adam`; first on 2026-03-04, 17 times",
            "meeting `s4` overlaps meetings `s1`, `s2`, `s3` for `zoe`, `adam`; first on 2026-03-04, 17 times",
            "meeting `s5` overlaps meetings `s1`, `s2`, `s3`, `s4` for `zoe`, `adam`; first on 2026-03-04, 17 times",
        ]
    );
}

#[test]
fn a_finding_names_five_meetings_and_counts_the_rest() {
    let found = overlaps("overlap-eight", &plan_with(&at_one_time(8)));
    assert_eq!(found.len(), 7);
    assert_eq!(
        found.last().map(String::as_str),
        Some(
            "meeting `s8` overlaps meetings `s1`, `s2`, `s3`, `s4`, `s5`, and 2 more for `zoe`, `adam`; first on 2026-03-04, 17 times"
        )
    );
}

#[test]
fn a_meeting_that_allows_overlaps_is_left_out_of_the_others_findings() {
    let mut meetings = at_one_time(3);
    meetings[1].3 = ", allow: [overlapping-meetings]";
    let found = overlaps("overlap-allowed", &plan_with(&meetings));
    assert_eq!(
        found,
        ["meeting `s3` overlaps meeting `s1` for `zoe`, `adam`; first on 2026-03-04, 17 times"]
    );
}

#[test]
fn only_the_people_in_both_meetings_are_named_and_the_count_is_of_clashing_dates() {
    let mut meetings = at_one_time(1);
    // Every other Wednesday, for `ana` and the pair: `ana` is not in `s1`.
    meetings.push((
        "fortnightly".to_string(),
        "wed",
        "10:30".to_string(),
        ", attendees: [ana]",
    ));
    let text = plan_with(&meetings).replace(
        "{every: week, on: [wed], at: \"10:30\"",
        "{every: 2 weeks, on: [wed], at: \"10:30\"",
    );
    let found = overlaps("overlap-partial", &text);
    assert_eq!(
        found,
        [
            "meeting `fortnightly` overlaps meeting `s1` for `zoe`, `adam`; first on 2026-03-04, 9 times"
        ]
    );
}

/// 21 pairs of meetings at 21 different times: 21 findings, more than a
/// screen, so the summary names the rules they come from.
#[test]
fn the_human_summary_counts_findings_by_rule_when_there_are_many() {
    let days = ["mon", "tue", "wed", "thu", "fri"];
    let meetings: Vec<(String, &str, String, &str)> = (0..21)
        .flat_map(|k| {
            let at = format!("{}:00", 9 + k / 5);
            let day = days[k % 5];
            [
                (format!("a{k}"), day, at.clone(), ""),
                (format!("b{k}"), day, at, ""),
            ]
        })
        .collect();
    let dir = scratch("overlap-summary");
    std::fs::write(dir.join("plan.yaml"), plan_with(&meetings)).unwrap();
    let run = plan(&dir, &["lint", "plan.yaml"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        run.stdout.lines().last(),
        Some("plan.yaml: 23 warnings (overlapping-meetings 21, meeting-load 2)"),
        "{}",
        run.stdout
    );
}

/// Reviews and trainings overlap like meetings; a finding names each kind.
#[test]
fn a_training_names_the_meeting_and_the_review_it_overlaps() {
    // `retro` is a review on the last Thursday of the month at 14:00 for `ana`.
    let text = plan_with(&[]).replacen(
        "meetings:\n",
        "meetings:\n  thursday: {title: Thursday, audiences: [team], owner: ana, agenda: [x], \
         schedule: {every: week, on: [thu], at: \"14:30\", duration: 1h}}\n",
        1,
    ) + "trainings:\n  onboarding: {topic: Onboarding, for: [team], owner: ana, date: 2026-03-26, \
         at: \"14:00\", duration: 1h}\n";
    let found = overlaps("overlap-kinds", &text);
    assert_eq!(
        found,
        [
            "review `retro` overlaps meeting `thursday` for `ana`; first on 2026-03-26, 4 times",
            "training `onboarding` overlaps meeting `thursday`, review `retro` for `ana`; first on 2026-03-26, 1 time",
        ]
    );
}
