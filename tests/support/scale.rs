//! Plans with many findings, shared by `tests/findings.rs` and `benches/findings.rs`
//! (each includes this file with `#[path]`).

// Each includes it whole and uses a part.
#![allow(dead_code)]

/// The minimal fixture with `meetings` more weekly meetings, all at the same
/// time with the same people: every pair overlaps, and each meeting lacks a
/// decision record, so the findings grow with the square of `meetings`.
pub fn simultaneous_meetings(meetings: usize) -> String {
    let base = include_str!("../fixtures/valid/minimal.yaml");
    let mut added = String::from("meetings:\n");
    for i in 0..meetings {
        added.push_str(&format!(
            "  m{i}:\n    title: Meeting {i}\n    audiences: [client, team]\n    owner: ana\n    \
             channel: zoom\n    schedule: {{every: week, on: [tue], at: \"10:00\", duration: 45m}}\n    \
             agenda: [Progress]\n"
        ));
    }
    base.replacen("meetings:\n", &added, 1)
}

/// A flow-style plan on a single line of about `bytes` bytes whose people each
/// carry an unknown field: thousands of findings on one very long line.
pub fn one_line_plan(bytes: usize) -> String {
    let mut plan = String::from(
        "{version: 1, project: {name: Long, owner: p0, timezone: Europe/Berlin, start: 2026-03-02}, people: {",
    );
    let mut i = 0;
    while plan.len() < bytes {
        plan.push_str(&format!(
            "p{i}: {{name: Person {i}, emial: p{i}@example.com}}, "
        ));
        i += 1;
    }
    plan.push_str("last: {name: Last}}}\n");
    plan
}

/// How many people [`one_line_plan`] writes with an unknown field.
pub fn one_line_people(plan: &str) -> usize {
    plan.matches("emial:").count()
}
