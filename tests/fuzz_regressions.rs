//! The fuzz targets' code on stable Rust: every input saved under
//! `fuzz/regressions/<target>/` is replayed through the same function the
//! target runs (`fuzz/src/lib.rs`, included below), so a crash found once by
//! `cargo fuzz` stays fixed without a nightly toolchain. Inputs under
//! `fuzz/unfixed/<target>/` are crashes found but not fixed yet: the ignored
//! test `unfixed_inputs_no_longer_crash` replays them. See docs/fuzzing.md.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails loudly"
)]

#[path = "../fuzz/src/lib.rs"]
mod fuzz;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use commplan::rules::RuleId;

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz")
}

/// Runs every file under `<folder>/<target>/` through its target; returns
/// the files that panicked, with the panic message.
fn replay(folder: &str) -> (usize, Vec<String>) {
    let root = fuzz_dir().join(folder);
    let mut count = 0;
    let mut failures = Vec::new();
    let Ok(entries) = std::fs::read_dir(&root) else {
        return (0, failures);
    };
    let mut dirs: Vec<PathBuf> = entries
        .map(|e| e.expect("a readable folder").path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    for dir in dirs {
        let name = dir
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_string();
        let Some((_, target)) = fuzz::TARGETS.iter().find(|(t, _)| *t == name) else {
            panic!("{}: no fuzz target is called `{name}`", dir.display());
        };
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .expect("a readable folder")
            .map(|e| e.expect("a readable entry").path())
            .filter(|p| p.is_file())
            .collect();
        files.sort();
        for file in files {
            let bytes = std::fs::read(&file).expect("a readable input");
            count += 1;
            if let Err(panic) = catch_unwind(AssertUnwindSafe(|| target(&bytes))) {
                let message = panic
                    .downcast_ref::<String>()
                    .map(String::as_str)
                    .or_else(|| panic.downcast_ref::<&str>().copied())
                    .unwrap_or("(no message)");
                failures.push(format!("{}: {message}", file.display()));
            }
        }
    }
    (count, failures)
}

#[test]
fn regression_inputs_do_not_crash() {
    let (count, failures) = replay("regressions");
    assert!(
        failures.is_empty(),
        "{} of {count} regression inputs crash:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Crashes found and not fixed yet. When this passes for a file, move it to
/// `fuzz/regressions/<target>/`.
#[test]
#[ignore = "known crashes, waiting for a fix in the library"]
fn unfixed_inputs_no_longer_crash() {
    let (count, failures) = replay("unfixed");
    assert!(
        failures.is_empty(),
        "{} of {count} unfixed inputs still crash:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The seed corpus itself passes every target (what a one-minute run starts from).
#[test]
fn seeds_pass_every_target() {
    for (name, text) in fuzz::SEEDS {
        let checked = commplan::check(commplan::load::load_bytes(name, text.as_bytes()));
        assert!(
            !checked.has_errors(),
            "seed {name} has errors: {:#?}",
            checked.diagnostics
        );
        for (target, run) in fuzz::TARGETS {
            if catch_unwind(|| run(text.as_bytes())).is_err() {
                panic!("target {target} fails on seed {name}");
            }
        }
    }
    for index in 0..fuzz::SEEDS.len() {
        let input = [fuzz::SPLICE, u8::try_from(index).expect("few seeds")];
        assert_eq!(&*fuzz::expand(&input), fuzz::SEEDS[index].1.as_bytes());
    }
}

/// The `measure` target's markup check is not vacuous: the hostile
/// sources' markup reaches both review pages, escaped, and the target
/// passes on them.
#[test]
fn hostile_sources_reach_the_review_escaped() {
    use fuzz::MeasureSource::{Calendar, Csv, Mbox};
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/measure/hostile");
    for (file, kind, byte) in [
        ("requests.csv", Csv, 0),
        ("mail.mbox", Mbox, 1),
        ("held.ics", Calendar, 2),
    ] {
        let source = std::fs::read(root.join(file)).unwrap();
        let plan = commplan::check(commplan::load::load_bytes(
            "plan.yaml",
            include_bytes!("fixtures/measure/calendar/plan.yaml"),
        ));
        let compiled = plan.resolved.expect("the fixture plan compiles");
        let (_, pages) = fuzz::measured(&compiled, kind, false, &source).expect("readable");
        for page in &pages {
            let text = std::str::from_utf8(&page.bytes).unwrap();
            assert!(
                text.contains("script&gt;") || text.contains(r"script\>"),
                "{file}: no escaped markup in {}:\n{text}",
                page.path
            );
        }
        let input = [&[byte][..], &source].concat();
        fuzz::measure(&input);
    }
}

/// Whatever strings the fuzzer writes over a seed's slots, the YAML stays
/// well formed (so splice inputs reach the later stages).
#[test]
fn splicing_keeps_the_yaml_well_formed() {
    let hostile =
        "a \"b\" \\ c: d # e\r\n- [f, {g: h}]\t|>'\u{0}\u{7f}\u{85}\u{2028}\u{feff}\u{ffff}&*!%@`";
    for (name, text) in fuzz::SEEDS {
        let slots = fuzz::slots(text);
        assert!(slots.len() >= 20, "{name}: only {} slots", slots.len());
        for pair in slots.windows(2) {
            assert!(
                pair[0].end <= pair[1].start,
                "{name}: overlapping slots {pair:?}"
            );
        }
        for value in ["x", "2026-01-01", hostile] {
            let all: BTreeMap<usize, Cow<'_, str>> = (0..slots.len())
                .map(|i| (i, Cow::Borrowed(value)))
                .collect();
            let spliced = fuzz::splice(text, &slots, &all);
            if yaml_error(&spliced).is_none() {
                continue;
            }
            // Find the slot that breaks it.
            for (index, slot) in slots.iter().enumerate() {
                let one = BTreeMap::from([(index, Cow::Borrowed(value))]);
                if let Some(error) = yaml_error(&fuzz::splice(text, &slots, &one)) {
                    panic!(
                        "{name}: writing {value:?} over {:?} breaks the YAML: {error}",
                        &text[slot.start..slot.end]
                    );
                }
            }
            panic!("{name}: writing {value:?} over every slot breaks the YAML");
        }
    }
}

fn yaml_error(text: &str) -> Option<String> {
    let loaded = commplan::load::load_str("plan.yaml", text);
    loaded
        .diagnostics
        .iter()
        .find(|d| d.rule == RuleId::YamlSyntax)
        .map(|d| d.message.clone())
}

/// Turns a splice input (a crash file from `cargo fuzz`) into the plan text
/// it stands for, to save as a regression that does not depend on the seeds:
/// `FUZZ_INPUT=crash-... FUZZ_OUTPUT=fuzz/regressions/ics/name.yaml cargo test
/// --test fuzz_regressions expand_input -- --ignored`.
#[test]
#[ignore = "a tool, run by hand"]
fn expand_input() {
    let Ok(input) = std::env::var("FUZZ_INPUT") else {
        eprintln!("expand_input: set FUZZ_INPUT and FUZZ_OUTPUT (see docs/fuzzing.md)");
        return;
    };
    let output = std::env::var("FUZZ_OUTPUT").expect("FUZZ_OUTPUT names the file to write");
    let bytes = std::fs::read(&input).expect("FUZZ_INPUT is readable");
    if let Some(folder) = Path::new(&output).parent() {
        std::fs::create_dir_all(folder).expect("FUZZ_OUTPUT's folder can be made");
    }
    std::fs::write(&output, fuzz::expand(&bytes)).expect("FUZZ_OUTPUT is writable");
}
