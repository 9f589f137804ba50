//! Loading and validation speed, run on demand: `cargo bench --bench load`.
//!
//! Targets (release build, one core of the CI machine): a 10,000-meeting plan
//! (about 4 MB, 170,000 occurrences) loads, validates and lints in under 2 s; an alias bomb is refused in
//! under 1 s; expanding ten times as many occurrences costs at most three
//! times as much per occurrence (linear); every plan that asks for too much
//! (a daily meeting from year 1 to 9999, ten of them, dates past the
//! ten-year reach, a million occurrences, durations of centuries) is refused
//! in under 0.25 s. Prints one line per case; fails if a target is missed.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a benchmark fails loudly"
)]

use std::time::{Duration, Instant};

fn large_plan(meetings: usize) -> String {
    let minimal = include_str!("../tests/fixtures/valid/minimal.yaml");
    // The meetings go into the `meetings:` section, so that the plan is valid
    // and every lint rule runs on it.
    let (head, tail) = minimal
        .split_once("meetings:\n")
        .unwrap_or_else(|| panic!("minimal.yaml has meetings"));
    let mut plan = format!("{head}meetings:\n");
    for i in 0..meetings {
        plan.push_str(&format!(
            "  meeting-{i}:\n    title: Meeting {i}\n    purpose: Progress, issues and next steps for workstream {i}\n    \
             audiences: [client, team]\n    owner: ana\n    channel: zoom\n    \
             schedule: {{every: week, on: [tue], at: \"10:00\", duration: 45m}}\n    \
             agenda: [Progress report, Open issues and risks, Change requests, Next steps]\n    \
             prepare:\n      - {{task: Circulate agenda, before: 1bd, owner: ana, via: email}}\n"
        ));
    }
    plan.push_str(tail);
    plan
}

/// The plans that ask for too much, each refused with a finding.
const ABSURD: &[(&str, &str)] = &[
    (
        "year 1 to 9999, daily",
        include_str!("../tests/fixtures/invalid/dates-out-of-range.yaml"),
    ),
    (
        "ten such meetings",
        include_str!("../tests/fixtures/invalid/ten-daily-meetings.yaml"),
    ),
    (
        "past ten years",
        include_str!("../tests/fixtures/invalid/beyond-ten-years.yaml"),
    ),
    (
        "a million occurrences",
        include_str!("../tests/fixtures/invalid/too-many-occurrences.yaml"),
    ),
    (
        "durations of centuries",
        include_str!("../tests/fixtures/invalid/huge-durations.yaml"),
    ),
];

fn alias_bomb() -> String {
    let mut text = String::from(
        "version: 1\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let mut previous = 'a';
    for name in 'b'..='k' {
        let refs = vec![format!("*{previous}"); 9].join(",");
        text.push_str(&format!("{name}: &{name} [{refs}]\n"));
        previous = name;
    }
    text
}

fn measure(name: &str, text: &str, target: Duration) -> bool {
    let start = Instant::now();
    let checked = commplan::check(commplan::load::load_str("plan.yaml", text));
    let elapsed = start.elapsed();
    let ok = elapsed <= target;
    println!(
        "{name:<24} {:>8.1} MB {:>8.3} s  ({} findings)  target {:.1} s {}",
        text.len() as f64 / 1e6,
        elapsed.as_secs_f64(),
        checked.diagnostics.len(),
        target.as_secs_f64(),
        if ok { "ok" } else { "MISSED" }
    );
    ok
}

/// Whether a plan that asks for too much is refused (an error) within 0.25 s.
fn refuse(name: &str, text: &str) -> bool {
    let target = Duration::from_millis(250);
    let start = Instant::now();
    let checked = commplan::check(commplan::load::load_str("plan.yaml", text));
    let elapsed = start.elapsed();
    let ok = elapsed <= target && checked.has_errors();
    println!(
        "{name:<24} {:>8.3} s  ({} errors)  target {:.2} s, refused {}",
        elapsed.as_secs_f64(),
        checked.diagnostics.len(),
        target.as_secs_f64(),
        if ok { "ok" } else { "MISSED" }
    );
    ok
}

/// Time to expand a daily schedule over `days` days, and how many occurrences.
fn expansion(days: i64) -> (usize, Duration) {
    use commplan::model::{Every, TimeOfDay, Weekday};
    use commplan::time::{Date, Recurrence, WorkWeek, Zone};
    let from = Date::parse("2026-01-01").unwrap_or_else(|e| panic!("{e}"));
    let through = from.add_days(days).unwrap_or(from);
    let recurrence = Recurrence {
        every: Every::Day,
        on: None,
        at: TimeOfDay { hour: 9, minute: 0 },
        duration_minutes: 30,
        zone: Zone::parse("Europe/Berlin").unwrap_or_else(|e| panic!("{e}")),
        from,
        until: None,
        skip: Vec::new(),
        moves: Vec::new(),
    };
    let week = WorkWeek {
        days: Weekday::ALL[..5].to_vec(),
        ..WorkWeek::default()
    };
    let start = Instant::now();
    let count = recurrence.expand(&week, through).occurrences.len();
    (count, start.elapsed())
}

fn main() {
    let (small, small_time) = expansion(3_650);
    let (large, large_time) = expansion(36_500);
    let per_small = small_time.as_secs_f64() / small as f64;
    let per_large = large_time.as_secs_f64() / large as f64;
    let linear = per_large <= per_small * 3.0;
    println!(
        "expansion                {small} occurrences at {:.0} ns each, {large} at {:.0} ns each: {}",
        per_small * 1e9,
        per_large * 1e9,
        if linear { "linear ok" } else { "NOT LINEAR" }
    );
    let results = [
        measure(
            "10,000 meetings",
            &large_plan(10_000),
            Duration::from_secs(2),
        ),
        measure("alias bomb", &alias_bomb(), Duration::from_secs(1)),
        linear,
    ];
    let refusals = ABSURD.iter().map(|(name, text)| refuse(name, text));
    let results: Vec<bool> = results.into_iter().chain(refusals).collect();
    if results.contains(&false) {
        std::process::exit(1);
    }
}
