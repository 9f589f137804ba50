//! Findings at scale, run on demand: `cargo bench --bench findings`.
//!
//! Every output format is linear in the number of findings and their
//! positions. Targets, checking plus rendering (release build, one core of
//! the CI machine): 800 meetings at the same time (823 findings now that
//! `overlapping-meetings` reports a pile-up once per person and each meeting
//! once; 321,202 pair by pair before) in under 1 s as SARIF or JSON, 1.5 s as GitHub annotations, 10 s in the
//! human format (miette's reports, about 12 µs each; it took 290 s when
//! every label scanned the plan from its start); a 1.3 MB plan on one line
//! with 23,390 findings in under 2 s in every format (the human format
//! panicked on it, and took 55 s on smaller ones). Prints one line per
//! format; fails if a target is missed.

use std::time::{Duration, Instant};

use commplan::report::{Format, Style, render};

#[path = "../tests/support/scale.rs"]
mod scale;

/// Checks `text`, then renders its findings in every format; true when
/// checking plus each format stays within its target (human, JSON, SARIF,
/// GitHub).
fn measure(name: &str, text: &str, targets: [Duration; 4]) -> bool {
    let start = Instant::now();
    let checked = commplan::check(commplan::load::load_str("plan.yaml", text));
    let check = start.elapsed();
    println!(
        "{name:<28} {:>6.1} MB  {} findings  check {:>7.3} s",
        text.len() as f64 / 1e6,
        checked.diagnostics.len(),
        check.as_secs_f64()
    );
    let mut ok = true;
    let formats = [Format::Human, Format::Json, Format::Sarif, Format::Github];
    for (format, target) in formats.into_iter().zip(targets) {
        let start = Instant::now();
        let out = render(
            format,
            &checked.source,
            &checked.diagnostics,
            Style::default(),
        );
        let elapsed = start.elapsed();
        let within = check + elapsed <= target;
        ok &= within;
        println!(
            "  {:<8} {:>7.3} s  {:>8.1} MB out   check + render target {:.1} s {}",
            format!("{format:?}").to_lowercase(),
            elapsed.as_secs_f64(),
            out.len() as f64 / 1e6,
            target.as_secs_f64(),
            if within { "ok" } else { "MISSED" }
        );
    }
    ok
}

fn main() {
    let results = [
        measure(
            "800 simultaneous meetings",
            &scale::simultaneous_meetings(800),
            [10.0, 1.0, 1.0, 1.5].map(Duration::from_secs_f64),
        ),
        measure(
            "1.3 MB one-line plan",
            &scale::one_line_plan(1_300_000),
            [2.0; 4].map(Duration::from_secs_f64),
        ),
    ];
    if results.contains(&false) {
        std::process::exit(1);
    }
}
