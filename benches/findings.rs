//! Findings at scale, run on demand: `cargo bench --bench findings`.
//!
//! Every output format is linear in the number of findings and their
//! positions. Targets (release build, one core of the CI machine): 800
//! meetings at the same time (320,400 overlapping pairs) are checked and
//! rendered as SARIF in under 1 s, and every other format in under 1 s each;
//! a 1.3 MB plan on one line with tens of thousands of findings is checked
//! and rendered in every format in under 2 s each. Prints one line per case;
//! fails if a target is missed.

use std::time::{Duration, Instant};

use commplan::report::{Format, Style, render};

#[path = "../tests/support/scale.rs"]
mod scale;

/// Checks `text`, then renders its findings in every format; true when
/// checking plus each format stays within `target`.
fn measure(name: &str, text: &str, target: Duration) -> bool {
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
    for format in [Format::Human, Format::Json, Format::Sarif, Format::Github] {
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
            Duration::from_secs(1),
        ),
        measure(
            "1.3 MB one-line plan",
            &scale::one_line_plan(1_300_000),
            Duration::from_secs(2),
        ),
    ];
    if results.contains(&false) {
        std::process::exit(1);
    }
}
