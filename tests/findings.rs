//! How `plan lint` reports findings: every invalid fixture in the human and
//! JSON formats (snapshots), positions, exit codes, colour, and the formats
//! on plans with many findings.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails loudly"
)]

use std::path::PathBuf;

mod common;
use common::{file_name, fixtures, json, plan, scratch};

#[path = "support/scale.rs"]
mod scale;

/// Each invalid fixture, in both formats: exit 1, nothing on stderr, and the
/// findings as snapshotted.
#[test]
fn every_invalid_fixture_is_reported() {
    insta::glob!("fixtures/invalid/*.yaml", |path| {
        let dir = path.parent().unwrap();
        let human = plan(dir, &["lint", "--color", "never", file_name(path)]);
        assert_eq!(human.code, 1, "{}", human.stdout);
        assert_eq!(human.stderr, "");
        insta::assert_snapshot!("human", human.stdout);

        let run = plan(dir, &["lint", "--format", "json", file_name(path)]);
        assert_eq!(run.code, 1);
        let findings = json(&run.stdout);
        assert!(findings.as_array().is_some_and(|f| !f.is_empty()));
        insta::assert_snapshot!("json", run.stdout);
    });
}

#[test]
fn a_misspelt_channel_points_at_the_value_and_suggests_the_channel() {
    let dir = fixtures().join("invalid");
    let human = plan(
        &dir,
        &["lint", "--color", "never", "unknown-reference.yaml"],
    );
    assert_eq!(human.code, 1);
    assert!(human.stdout.contains("error[unknown-reference]"));
    assert!(human.stdout.contains("[unknown-reference.yaml:18:14]"));
    assert!(
        human.stdout.contains(" 18 │     channel: zoon\n"),
        "{}",
        human.stdout
    );
    assert!(human.stdout.contains("did you mean `zoom`?"));

    let run = plan(
        &dir,
        &["lint", "--format", "json", "unknown-reference.yaml"],
    );
    assert_eq!(run.code, 1);
    let findings = json(&run.stdout);
    let zoon = findings
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["message"].as_str().unwrap().contains("`zoon`"))
        .expect("the misspelt channel is reported");
    assert_eq!(zoon["rule"], "unknown-reference");
    assert_eq!(zoon["severity"], "error");
    assert_eq!(zoon["file"], "unknown-reference.yaml");
    assert_eq!(
        (zoon["line"].as_u64(), zoon["column"].as_u64()),
        (Some(18), Some(14))
    );
    assert_eq!(
        (zoon["end_line"].as_u64(), zoon["end_column"].as_u64()),
        (Some(18), Some(18))
    );
    assert!(
        zoon["help"]
            .as_str()
            .unwrap()
            .starts_with("did you mean `zoom`?")
    );
}

#[test]
fn five_independent_mistakes_are_reported_in_one_run() {
    let run = plan(
        &fixtures().join("invalid"),
        &["lint", "--format", "json", "five-mistakes.yaml"],
    );
    assert_eq!(run.code, 1);
    let findings = json(&run.stdout);
    let rules: Vec<&str> = findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert_eq!(
        rules,
        [
            "invalid-value",
            "unknown-reference",
            "unknown-field",
            "invalid-value",
            "invalid-value"
        ]
    );
}

/// Each time-zone mistake is one finding whose help names the zone to write.
#[test]
fn a_zone_that_names_no_place_is_one_finding_naming_the_place() {
    for (fixture, zone) in [
        ("timezone-abbreviation.yaml", "`America/New_York`"),
        (
            "timezone-offset.yaml",
            "`Asia/Shanghai` or `Asia/Singapore`",
        ),
        (
            "timezone-posix-offset.yaml",
            "`Asia/Shanghai` or `Asia/Singapore`",
        ),
        ("timezone-city.yaml", "`Europe/Berlin`"),
        ("timezone-region-city.yaml", "`Europe/Berlin`"),
        ("timezone-alias-city.yaml", "`Asia/Kolkata`"),
    ] {
        let finding = the_one_finding(fixture, "invalid-value");
        let help = finding["help"].as_str().unwrap();
        assert!(help.contains(zone), "{fixture}: {help}");
    }
}

/// Each duration or time written as people say it is one finding whose help
/// says how to write it.
#[test]
fn a_duration_or_time_in_words_is_one_finding_with_the_form_to_write() {
    for (fixture, why, help) in [
        (
            "duration-in-words.yaml",
            "a unit follows its number without a space",
            "did you mean `2h`?",
        ),
        (
            "duration-fraction.yaml",
            "a duration is a whole number of a unit",
            "did you mean `1h30m`?",
        ),
        (
            "duration-no-unit.yaml",
            "the unit is missing",
            "did you mean `120m`?",
        ),
        (
            "duration-min.yaml",
            "`min` is not a unit",
            "did you mean `90m`?",
        ),
        (
            "duration-hrs.yaml",
            "`hrs` is not a unit",
            "did you mean `2h`?",
        ),
        (
            "time-am-pm.yaml",
            "is not a time of day",
            "did you mean \"09:00\"?",
        ),
    ] {
        let finding = the_one_finding(fixture, "invalid-value");
        let message = finding["message"].as_str().unwrap();
        assert!(message.ends_with(why), "{fixture}: {message}");
        let found = finding["help"].as_str().unwrap();
        assert!(found.starts_with(help), "{fixture}: {found}");
    }
}

/// One mistake, one finding, with its fix in the help: nothing that only
/// follows from it (an emptied list, the project's dates as every
/// schedule's, a section's ids missing at every reference).
#[test]
fn one_mistake_is_one_finding_with_its_fix() {
    for (fixture, rule, help) in [
        (
            "weekday-capitalised.yaml",
            "invalid-value",
            "did you mean `tue`?",
        ),
        (
            "project-ends-before-start.yaml",
            "invalid-value",
            "correct one of the dates, or leave `end` out",
        ),
        (
            "project-start-not-on-calendar.yaml",
            "invalid-value",
            "2026-02 has 28 days",
        ),
        (
            "section-as-list.yaml",
            "invalid-value",
            "remove the `- ` before each id, e.g. `ana:`",
        ),
        (
            "section-as-text.yaml",
            "invalid-value",
            "write `channels:` and under it one `id:` per item",
        ),
        (
            "report-and-format-id.yaml",
            "duplicate-id",
            "rename one of them, e.g. `status-format`",
        ),
        (
            "yaml11-boolean.yaml",
            "invalid-value",
            "did you mean `true`? YAML 1.2 reads `yes` as text",
        ),
        (
            "required-field-misspelt.yaml",
            "unknown-field",
            "did you mean `title`? `title` is required here",
        ),
        (
            "project-field-misspelt.yaml",
            "unknown-field",
            "did you mean `start`? `start` is required here",
        ),
    ] {
        let finding = the_one_finding(fixture, rule);
        let found = finding["help"].as_str().unwrap();
        assert!(found.contains(help), "{fixture}: {found}");
    }
}

/// A bidirectional control is refused wherever it is written: as a YAML
/// escape, as the character, in a comment (it would disguise a title or a
/// line in review).
#[test]
fn direction_controls_are_refused_wherever_they_are_written() {
    let run = plan(
        &fixtures().join("invalid"),
        &["lint", "--format", "json", "direction-controls.yaml"],
    );
    assert_eq!(run.code, 1);
    let findings = json(&run.stdout);
    let found: Vec<(u64, &str)> = findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["line"].as_u64().unwrap(), f["message"].as_str().unwrap()))
        .collect();
    assert_eq!(
        found,
        [
            (
                4,
                "the plan holds U+202E, a control that changes the direction text is shown in"
            ),
            (
                6,
                "the plan holds U+202E, a control that changes the direction text is shown in"
            ),
            (
                6,
                "the plan holds U+2066, a control that changes the direction text is shown in"
            ),
        ]
    );
}

/// The only finding `plan lint` reports on an invalid fixture, of `rule`.
fn the_one_finding(fixture: &str, rule: &str) -> serde_json::Value {
    let run = plan(
        &fixtures().join("invalid"),
        &["lint", "--format", "json", fixture],
    );
    assert_eq!(run.code, 1, "{fixture}");
    let findings = json(&run.stdout);
    let findings = findings.as_array().unwrap();
    assert_eq!(findings.len(), 1, "{fixture}: {findings:#?}");
    assert_eq!(findings[0]["rule"], rule, "{fixture}");
    findings[0].clone()
}

/// A meeting whose schedule cannot be read, and a project whose start is not
/// a date, still have their owner checked: both mistakes in the first run.
#[test]
fn a_reference_in_an_item_that_failed_is_still_checked() {
    for (fixture, help) in [
        ("reference-in-broken-item.yaml", "did you mean `2 weeks`?"),
        ("reference-in-broken-project.yaml", "2026-02 has 28 days"),
    ] {
        let run = plan(
            &fixtures().join("invalid"),
            &["lint", "--format", "json", fixture],
        );
        assert_eq!(run.code, 1, "{fixture}");
        let findings = json(&run.stdout);
        let found: Vec<(&str, &str)> = findings
            .as_array()
            .unwrap()
            .iter()
            .map(|f| (f["rule"].as_str().unwrap(), f["help"].as_str().unwrap()))
            .collect();
        assert_eq!(found.len(), 2, "{fixture}: {found:?}");
        assert_eq!(found[0].0, "unknown-reference", "{fixture}");
        assert!(found[0].1.starts_with("did you mean `ana`?"), "{found:?}");
        assert_eq!(found[1], ("invalid-value", help), "{fixture}");
    }
}

#[test]
fn json_findings_are_sorted_by_position() {
    for fixture in [
        "invalid-value.yaml",
        "unknown-field.yaml",
        "invalid-schedule.yaml",
    ] {
        let run = plan(
            &fixtures().join("invalid"),
            &["lint", "--format", "json", fixture],
        );
        let findings = json(&run.stdout);
        let positions: Vec<(u64, u64)> = findings
            .as_array()
            .unwrap()
            .iter()
            .map(|f| (f["line"].as_u64().unwrap(), f["column"].as_u64().unwrap()))
            .collect();
        let mut sorted = positions.clone();
        sorted.sort_unstable();
        assert_eq!(positions, sorted, "{fixture}");
    }
}

/// Inputs meant to break a parser end with one clear finding and exit 1.
#[test]
fn hostile_inputs_end_with_a_diagnostic() {
    let cases = [
        (
            "alias-bomb.yaml",
            "yaml-syntax",
            "too large or nested too deeply",
        ),
        ("not-utf8.yaml", "yaml-syntax", "not UTF-8"),
        ("empty.yaml", "invalid-value", "the plan is empty"),
        (
            "top-level-list.yaml",
            "invalid-value",
            "must be a map of sections, found a list",
        ),
        ("yaml-syntax.yaml", "yaml-syntax", ""),
    ];
    for (fixture, rule, message) in cases {
        let run = plan(
            &fixtures().join("invalid"),
            &["lint", "--format", "json", fixture],
        );
        assert_eq!(run.code, 1, "{fixture}");
        let findings = json(&run.stdout);
        let first = &findings[0];
        assert_eq!(first["rule"], rule, "{fixture}");
        assert!(
            first["message"].as_str().unwrap().contains(message),
            "{fixture}: {first}"
        );
    }
}

#[test]
fn a_plan_over_the_size_limit_is_refused_before_parsing() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("size-limit");
    std::fs::create_dir_all(&dir).unwrap();
    let line = "  - \"a norm that is repeated until the file is far larger than any real plan\"\n";
    let text = format!(
        "version: 1\nnorms:\n{}",
        line.repeat(50 * 1024 * 1024 / line.len())
    );
    std::fs::write(dir.join("huge.yaml"), text).unwrap();
    let run = plan(&dir, &["lint", "--color", "never", "huge.yaml"]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("error[yaml-syntax]"));
    assert!(
        run.stdout.contains("the plan is 50.0 MiB ("),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("plans are limited to 16 MiB (16777216 bytes)"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_missing_file_is_an_environment_error() {
    let run = plan(&fixtures(), &["lint", "no-such-plan.yaml"]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr
            .starts_with("error: cannot read `no-such-plan.yaml`"),
        "{}",
        run.stderr
    );
}

#[test]
fn bad_arguments_exit_2() {
    let run = plan(&fixtures(), &["lint", "--format", "yaml"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("invalid value 'yaml'"));
}

#[test]
fn a_clean_plan_exits_0_and_quiet_prints_nothing() {
    let dir = fixtures().join("valid");
    let run = plan(&dir, &["lint", "minimal.yaml"]);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, "minimal.yaml: no problems found\n")
    );
    let quiet = plan(&dir, &["-q", "lint", "minimal.yaml"]);
    assert_eq!((quiet.code, quiet.stdout.as_str()), (0, ""));
    let json = plan(&dir, &["lint", "minimal.yaml", "--format", "json"]);
    assert_eq!((json.code, json.stdout.as_str()), (0, "[]\n"));
}

#[test]
fn colour_follows_the_flag() {
    let dir = fixtures().join("invalid");
    let always = plan(
        &dir,
        &["lint", "--color", "always", "unknown-reference.yaml"],
    );
    assert!(
        always.stdout.contains('\u{1b}'),
        "--color always uses ANSI escapes"
    );
    // Auto never colours a pipe, whatever NO_COLOR says.
    let auto = plan(&dir, &["lint", "unknown-reference.yaml"]);
    assert!(!auto.stdout.contains('\u{1b}'));
}

/// Speed is measured by `cargo bench --bench findings`; this checks the
/// output: a pile-up is one result per person, not one per pair, and
/// every result points at a described rule.
#[test]
fn sarif_of_800_simultaneous_meetings_reports_the_pile_up_once() {
    let dir = scratch("scale-800");
    std::fs::write(dir.join("plan.yaml"), scale::simultaneous_meetings(800)).unwrap();
    let run = plan(&dir, &["lint", "--format", "sarif", "plan.yaml"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let sarif = json(&run.stdout);
    assert_eq!(sarif["version"], "2.1.0");
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let overlapping = results
        .iter()
        .filter(|r| r["ruleId"] == "overlapping-meetings")
        .count();
    let pile_ups = results
        .iter()
        .filter(|r| {
            r["message"]["text"]
                .as_str()
                .is_some_and(|t| t.contains("is in more than 20 meetings at once"))
        })
        .count();
    assert_eq!(pile_ups, 2, "one for each of the two people");
    // Before the pile-up, one for each of the first 20 meetings at once but the first.
    assert_eq!(overlapping, pile_ups + 19);
    for result in results {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        let location = &result["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uri"], "plan.yaml");
        assert!(location["region"]["startLine"].as_u64().unwrap() >= 1);
    }
}

#[test]
fn sarif_names_an_absolute_path_as_a_file_uri() {
    let dir = scratch("sarif uri/my plans");
    let source = fixtures().join("lint/escalation-not-increasing.fires.yaml");
    std::fs::copy(source, dir.join("plan #1.yaml")).unwrap();
    let path = dir.join("plan #1.yaml").display().to_string();
    let run = plan(&dir, &["lint", "--format", "sarif", &path]);
    let sarif = json(&run.stdout);
    let uri =
        sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
            ["uri"]
            .as_str()
            .unwrap()
            .to_string();
    assert!(uri.starts_with("file:///"), "{uri}");
    assert!(
        uri.ends_with("/sarif%20uri/my%20plans/plan%20%231.yaml"),
        "{uri}"
    );
    let relative = plan(
        dir.parent().unwrap(),
        &["lint", "--format", "sarif", "my plans/plan #1.yaml"],
    );
    let sarif = json(&relative.stdout);
    assert_eq!(
        sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "my%20plans/plan%20%231.yaml"
    );
}

/// `\n`, `\r\n` and a lone `\r` end lines alike, in every format.
#[test]
fn every_line_ending_gives_the_same_positions_in_every_format() {
    let dir = scratch("line-endings");
    let text = std::fs::read_to_string(fixtures().join("invalid/unknown-field.yaml")).unwrap();
    let mut seen = Vec::new();
    for (name, ending) in [("lf.yaml", "\n"), ("crlf.yaml", "\r\n"), ("cr.yaml", "\r")] {
        std::fs::write(dir.join(name), text.replace('\n', ending)).unwrap();
        let findings = json(&plan(&dir, &["lint", "--format", "json", name]).stdout);
        let human = plan(&dir, &["lint", "--color", "never", name]).stdout;
        let github = plan(&dir, &["lint", "--format", "github", name]).stdout;
        let mut positions = Vec::new();
        for finding in findings.as_array().unwrap() {
            let (line, column) = (
                finding["line"].as_u64().unwrap(),
                finding["column"].as_u64().unwrap(),
            );
            assert!(
                human.contains(&format!("[{name}:{line}:{column}]")),
                "{line}:{column} in {human}"
            );
            assert!(
                github.contains(&format!("line={line},col={column},")),
                "{github}"
            );
            positions.push((line, column));
        }
        assert!(positions.iter().any(|(line, _)| *line > 1), "{positions:?}");
        seen.push(positions);
    }
    assert!(seen.windows(2).all(|w| w[0] == w[1]), "{seen:?}");
}
