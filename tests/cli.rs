//! The `plan` binary, end to end: fixtures in `tests/fixtures/`, snapshots in
//! `tests/snapshots/`.

use std::path::{Path, PathBuf};
use std::process::Command;

mod common;
use common::{Run, fixtures, plan};

#[path = "support/scale.rs"]
mod scale;

fn file_name(path: &Path) -> &str {
    path.file_name()
        .and_then(|n| n.to_str())
        .expect("fixture names are UTF-8")
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).expect("output is JSON")
}

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

#[test]
fn every_example_lints_clean() {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut count = 0;
    for entry in std::fs::read_dir(&examples).unwrap() {
        let dir = entry.unwrap().path();
        if !dir.join("plan.yaml").exists() {
            continue;
        }
        count += 1;
        let run = plan(&dir, &["lint", "--color", "never", "plan.yaml"]);
        assert_eq!(
            (run.code, run.stdout.as_str()),
            (0, "plan.yaml: no problems found\n"),
            "{}",
            dir.display()
        );
    }
    assert!(count >= 2, "the examples are found");
}

mod schema {
    use super::*;

    fn validator() -> jsonschema::Validator {
        let run = plan(&fixtures(), &["schema"]);
        assert_eq!(run.code, 0);
        let schema = json(&run.stdout);
        assert_eq!(
            schema["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
        jsonschema::draft202012::meta::validate(&schema)
            .expect("the schema is a valid draft 2020-12 schema");
        jsonschema::draft202012::new(&schema).expect("the schema compiles")
    }

    fn yaml_as_json(path: &Path) -> serde_json::Value {
        let text = std::fs::read_to_string(path).unwrap();
        serde_saphyr::from_str(&text).unwrap()
    }

    #[test]
    fn all_refs_are_local() {
        let run = plan(&fixtures(), &["schema"]);
        for (index, _) in run.stdout.match_indices("\"$ref\"") {
            let rest = &run.stdout[index..];
            assert!(
                rest.starts_with("\"$ref\": \"#/$defs/"),
                "{}",
                &rest[..60.min(rest.len())]
            );
        }
    }

    #[test]
    fn every_example_and_valid_fixture_validates() {
        let validator = validator();
        let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
        let mut plans: Vec<PathBuf> = std::fs::read_dir(examples)
            .unwrap()
            .map(|e| e.unwrap().path().join("plan.yaml"))
            .filter(|p| p.exists())
            .collect();
        plans.push(fixtures().join("valid/minimal.yaml"));
        for path in plans {
            let instance = yaml_as_json(&path);
            let errors: Vec<String> = validator
                .iter_errors(&instance)
                .map(|e| format!("{e} at {}", e.instance_path()))
                .collect();
            assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
        }
    }

    #[test]
    fn unknown_keys_and_bad_values_are_rejected() {
        let validator = validator();
        let plan = yaml_as_json(&fixtures().join("valid/minimal.yaml"));
        let mut unknown = plan.clone();
        unknown["meetings"]["weekly-sync"]["agneda"] = serde_json::json!(["x"]);
        assert!(!validator.is_valid(&unknown));
        let mut unknown_section = plan.clone();
        unknown_section["projekt"] = serde_json::json!({});
        assert!(!validator.is_valid(&unknown_section));
        let mut bad_time = plan.clone();
        bad_time["meetings"]["weekly-sync"]["schedule"]["at"] = serde_json::json!("25:00");
        assert!(!validator.is_valid(&bad_time));
        let mut bad_id = plan;
        bad_id["people"]["Bad_Id"] = serde_json::json!({"name": "x"});
        assert!(!validator.is_valid(&bad_id));
    }
}

/// The README's short plan is valid, and its typo output is what `plan` prints.
#[test]
fn the_readme_example_is_true() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let start = readme.find("```yaml\n").expect("README has a plan") + "```yaml\n".len();
    let end = start + readme[start..].find("```").unwrap();
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("readme");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("plan.yaml"), &readme[start..end]).unwrap();
    // A short plan: valid, with lint warnings about what it leaves out.
    let run = plan(&dir, &["lint", "--color", "never"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(!run.stdout.contains("error["), "{}", run.stdout);

    let typo = readme[start..end].replace("channel: zoom\n", "channel: zoon\n");
    std::fs::write(dir.join("plan.yaml"), typo).unwrap();
    let run = plan(&dir, &["lint", "--color", "never", "-q"]);
    let shown_start = readme.find("```text\n").unwrap() + "```text\n".len();
    let shown = &readme[shown_start..shown_start + readme[shown_start..].find("```").unwrap()];
    assert_eq!(run.stdout.trim_end(), shown.trim_end());
}

/// Every complete plan shown in the format reference is valid.
#[test]
fn the_format_reference_shows_valid_plans() {
    let docs =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/plan-format.md"))
            .unwrap();
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("docs");
    std::fs::create_dir_all(&dir).unwrap();
    let plans: Vec<&str> = docs
        .split("```yaml\n")
        .skip(1)
        .filter_map(|block| block.split("```").next())
        .filter(|block| block.starts_with("version: 1\nproject:"))
        .collect();
    assert!(!plans.is_empty());
    for plan_text in plans {
        std::fs::write(dir.join("plan.yaml"), plan_text).unwrap();
        let run = plan(&dir, &["lint", "--color", "never"]);
        assert_eq!(run.code, 0, "{plan_text}\n{}", run.stdout);
    }
}

mod time {
    use super::*;

    fn sla(args: &[&str]) -> Run {
        let mut all = vec!["sla", "business-clock.yaml"];
        all.extend_from_slice(args);
        plan(&fixtures().join("valid"), &all)
    }

    #[test]
    fn friday_17_00_plus_two_business_hours_is_monday_10_30() {
        let run = sla(&["--channel", "chat", "--at", "2026-03-06 17:00"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        insta::assert_snapshot!(run.stdout, @r"
        A message on `chat` at Fri 2026-03-06 17:00 (Europe/Berlin):
          first response        2bh  due Mon 2026-03-09 10:30
          (business time: 09:00-17:30 on working days, Europe/Berlin)
        ");
    }

    #[test]
    fn sla_skips_holidays_counts_make_up_days_and_follows_the_channel_zone() {
        // Thursday 2 April 17:00: Good Friday and Easter Monday are holidays.
        let run = sla(&["--channel", "email", "--at", "2026-04-02 17:00"]);
        assert!(
            run.stdout
                .contains("first response        1bd  due Tue 2026-04-07 17:00"),
            "{}",
            run.stdout
        );
        assert!(
            run.stdout
                .contains("resolution            3bd  due Thu 2026-04-09 17:00"),
            "{}",
            run.stdout
        );
        // Thursday 9 April 17:00 + 3bd: Friday, the make-up Saturday, then Monday.
        let make_up = sla(&["--channel", "email", "--at", "2026-04-09 17:00"]);
        assert!(
            make_up
                .stdout
                .contains("resolution            3bd  due Mon 2026-04-13 17:00"),
            "{}",
            make_up.stdout
        );
        let urgent = sla(&["--channel", "email", "--at", "2026-04-02 17:00", "--urgent"]);
        assert!(
            urgent
                .stdout
                .contains("urgent response       4bh  due Tue 2026-04-07 12:30"),
            "{}",
            urgent.stdout
        );
        // A channel with its own zone runs on Shanghai business hours; --tz shows Berlin.
        let support = sla(&[
            "--channel",
            "support",
            "--at",
            "2026-03-06 09:00",
            "--tz",
            "Europe/Berlin",
        ]);
        // Friday 09:00 Berlin is 16:00 in Shanghai: 1.5 h that day, 0.5 h on Monday.
        assert!(
            support.stdout.contains("due Mon 2026-03-09 02:30"),
            "{}",
            support.stdout
        );
        let phone = sla(&["--channel", "phone", "--at", "2026-03-07 23:50"]);
        assert!(
            phone.stdout.contains("due Sun 2026-03-08 00:05"),
            "{}",
            phone.stdout
        );
    }

    #[test]
    fn sla_argument_mistakes_exit_2() {
        let run = sla(&["--channel", "emial", "--at", "2026-03-06 17:00"]);
        assert_eq!(run.code, 2);
        assert!(
            run.stderr.contains("did you mean `email`?"),
            "{}",
            run.stderr
        );
        let run = sla(&["--channel", "email", "--at", "Friday"]);
        assert_eq!(run.code, 2);
        assert!(
            run.stderr.contains("\"YYYY-MM-DD HH:MM\""),
            "{}",
            run.stderr
        );
    }

    #[test]
    fn agenda_shows_each_persons_local_time_and_cancellations() {
        let dir = fixtures().join("valid");
        let run = plan(
            &dir,
            &[
                "agenda",
                "business-clock.yaml",
                "--from",
                "2026-03-02",
                "--days",
                "14",
                "--for",
                "ben",
            ],
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        insta::assert_snapshot!(run.stdout, @r"
        Agenda for `ben`, 2026-03-02 to 2026-03-15, times in Australia/Sydney

        Fri 2026-03-06  01:00-01:30  meeting   Weekly sync
        Fri 2026-03-13  00:00-00:30  meeting   Weekly sync
        ");
        let holiday = plan(
            &dir,
            &[
                "agenda",
                "business-clock.yaml",
                "--from",
                "2026-03-30",
                "--days",
                "7",
                "--tz",
                "America/New_York",
            ],
        );
        assert!(
            holiday
                .stdout
                .contains("Thu 2026-04-02  09:00-09:30  meeting   Weekly sync\n"),
            "{}",
            holiday.stdout
        );
        let unknown = plan(&dir, &["agenda", "business-clock.yaml", "--for", "bne"]);
        assert_eq!(unknown.code, 2);
        assert!(unknown.stderr.contains("did you mean `ben`?"));
    }

    fn build(dir: &Path, out: &Path, env: &[(&str, &str)]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_plan"))
            .current_dir(dir)
            .args(["build", "-q", "time-zones.yaml", "-o"])
            .arg(out)
            .envs(env.iter().copied())
            .output()
            .unwrap();
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    fn read_tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
        let mut files = Vec::new();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(folder) = stack.pop() {
            for entry in std::fs::read_dir(folder).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else {
                    let relative = path.strip_prefix(dir).unwrap().display().to_string();
                    files.push((relative, std::fs::read(&path).unwrap()));
                }
            }
        }
        files.sort();
        files
    }

    #[test]
    fn builds_are_byte_identical_whatever_tz_and_lang() {
        let dir = fixtures().join("calendars");
        let tmp = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("determinism");
        let _ = std::fs::remove_dir_all(&tmp);
        let a = build(
            &dir,
            &tmp.join("a"),
            &[("TZ", "Asia/Tokyo"), ("LANG", "ja_JP.UTF-8")],
        );
        let b = build(
            &dir,
            &tmp.join("b"),
            &[
                ("TZ", "America/Los_Angeles"),
                ("LANG", "de_DE.UTF-8"),
                ("LC_ALL", "C"),
            ],
        );
        assert_eq!((a.code, b.code), (0, 0), "{}{}", a.stderr, b.stderr);
        let (first, second) = (read_tree(&tmp.join("a")), read_tree(&tmp.join("b")));
        assert!(
            first.iter().any(|(path, _)| path == "calendars/plan.ics"),
            "{:?}",
            first.iter().map(|f| &f.0).collect::<Vec<_>>()
        );
        assert!(first.iter().any(|(path, _)| path == "index.html"));
        assert!(first == second, "the two builds differ");
        let calendar = String::from_utf8(
            first
                .iter()
                .find(|(p, _)| p.ends_with("plan.ics"))
                .unwrap()
                .1
                .clone(),
        )
        .unwrap();
        insta::assert_snapshot!("time-zones-plan-ics", calendar.replace("\r\n", "\n"));
    }

    #[test]
    fn source_date_epoch_sets_dtstamp_and_check_finds_stale_files() {
        let dir = fixtures().join("calendars");
        let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("stamp");
        let _ = std::fs::remove_dir_all(&out);
        let run = build(&dir, &out, &[("SOURCE_DATE_EPOCH", "1767225600")]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let calendar = std::fs::read_to_string(out.join("calendars/plan.ics")).unwrap();
        assert!(calendar.contains("DTSTAMP:20260101T000000Z\r\n"));

        let check = |env: &[(&str, &str)]| {
            let output = Command::new(env!("CARGO_BIN_EXE_plan"))
                .current_dir(&dir)
                .args(["build", "--check", "time-zones.yaml", "-o"])
                .arg(&out)
                .envs(env.iter().copied())
                .output()
                .unwrap();
            (
                output.status.code(),
                String::from_utf8_lossy(&output.stdout).into_owned(),
            )
        };
        assert_eq!(check(&[("SOURCE_DATE_EPOCH", "1767225600")]).0, Some(0));
        std::fs::write(out.join("calendars/extra.ics"), "x").unwrap();
        let (code, stdout) = check(&[]);
        assert_eq!(code, Some(1));
        assert!(stdout.contains("stale: "), "{stdout}");
        assert!(stdout.contains("extra: "), "{stdout}");
        assert!(stdout.contains("calendars/extra.ics"), "{stdout}");
    }

    #[test]
    fn a_failed_build_leaves_the_previous_output_untouched() {
        let tmp = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("failed-build");
        let _ = std::fs::remove_dir_all(&tmp);
        std::fs::create_dir_all(&tmp).unwrap();
        std::fs::copy(
            fixtures().join("calendars/time-zones.yaml"),
            tmp.join("time-zones.yaml"),
        )
        .unwrap();
        assert_eq!(build(&tmp, &tmp.join("site"), &[]).code, 0);
        let before = read_tree(&tmp.join("site"));
        let broken = std::fs::read_to_string(tmp.join("time-zones.yaml"))
            .unwrap()
            .replace("at: \"09:00\"", "at: \"29:00\"");
        std::fs::write(tmp.join("time-zones.yaml"), broken).unwrap();
        let run = build(&tmp, &tmp.join("site"), &[]);
        assert_eq!(run.code, 1);
        assert!(run.stdout.contains("error[invalid-value]"));
        assert!(read_tree(&tmp.join("site")) == before);
    }
}

mod lint {
    use super::*;

    fn rule_of(path: &Path) -> &str {
        file_name(path).split('.').next().unwrap()
    }

    #[test]
    fn every_rule_fires_on_its_fixture() {
        insta::glob!("fixtures/lint/*.fires.yaml", |path| {
            let run = plan(
                path.parent().unwrap(),
                &["lint", "--format", "json", file_name(path)],
            );
            let findings = json(&run.stdout);
            let lines: Vec<String> = findings
                .as_array()
                .unwrap()
                .iter()
                .map(|f| {
                    format!(
                        "{} {}:{} {}",
                        f["rule"].as_str().unwrap(),
                        f["line"],
                        f["column"],
                        f["message"].as_str().unwrap()
                    )
                })
                .collect();
            assert!(
                lines
                    .iter()
                    .any(|l| l.starts_with(&format!("{} ", rule_of(path)))),
                "{lines:#?}"
            );
            insta::assert_snapshot!("fires", lines.join("\n"));
        });
    }

    #[test]
    fn no_rule_fires_on_its_quiet_fixture() {
        insta::glob!("fixtures/lint/*.quiet.yaml", |path| {
            let run = plan(
                path.parent().unwrap(),
                &["lint", "--color", "never", file_name(path)],
            );
            assert_eq!(run.code, 0);
            assert_eq!(
                run.stdout,
                format!("{}: no problems found\n", file_name(path))
            );
        });
    }

    #[test]
    fn every_lint_rule_has_a_firing_and_a_quiet_fixture() {
        let rules = plan(&fixtures(), &["rules"]);
        let lint_rules: Vec<&str> = rules
            .stdout
            .lines()
            .filter(|l| !l.contains(" always "))
            .filter_map(|l| l.split_whitespace().next())
            .collect();
        assert_eq!(lint_rules.len(), 22);
        for rule in lint_rules {
            for kind in ["fires", "quiet"] {
                let path = fixtures().join(format!("lint/{rule}.{kind}.yaml"));
                assert!(path.exists(), "missing {}", path.display());
            }
        }
    }

    #[test]
    fn a_new_york_meeting_names_the_sydney_time() {
        let run = plan(
            &fixtures().join("lint"),
            &[
                "lint",
                "--format",
                "json",
                "outside-working-hours.fires.yaml",
            ],
        );
        let message = json(&run.stdout)[0]["message"]
            .as_str()
            .unwrap()
            .to_string();
        assert!(
            message.starts_with("meeting `weekly-sync` is at Wed 01:00-01:45 for `ben` (Australia/Sydney), outside their working hours 09:00-17:00; first on 2026-03-04"),
            "{message}"
        );
    }

    #[test]
    fn levels_come_from_the_plan_the_flags_and_items() {
        let dir = fixtures().join("lint");
        let warn_only = plan(&dir, &["lint", "meeting-without-agenda.fires.yaml"]);
        assert_eq!(warn_only.code, 0, "warnings alone exit 0");
        let denied = plan(
            &dir,
            &[
                "lint",
                "--color",
                "never",
                "--deny",
                "warnings",
                "meeting-without-agenda.fires.yaml",
            ],
        );
        assert_eq!(denied.code, 1);
        assert!(denied.stdout.contains("error[meeting-without-agenda]"));
        let one_rule = plan(
            &dir,
            &[
                "lint",
                "--deny",
                "meeting-without-agenda",
                "meeting-without-agenda.fires.yaml",
            ],
        );
        assert_eq!(one_rule.code, 1);
        let allowed = plan(
            &dir,
            &[
                "lint",
                "--allow",
                "meeting-without-agenda",
                "meeting-without-agenda.fires.yaml",
            ],
        );
        assert_eq!(
            (allowed.code, allowed.stdout.as_str()),
            (0, "meeting-without-agenda.fires.yaml: no problems found\n")
        );
        let error_default = plan(&dir, &["lint", "empty-audience.fires.yaml"]);
        assert_eq!(
            error_default.code, 1,
            "empty-audience is an error by default"
        );
        let downgraded = plan(
            &dir,
            &[
                "lint",
                "--warn",
                "empty-audience",
                "empty-audience.fires.yaml",
            ],
        );
        assert_eq!(downgraded.code, 0);

        let tmp = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("levels");
        std::fs::create_dir_all(&tmp).unwrap();
        let text = std::fs::read_to_string(dir.join("empty-audience.fires.yaml")).unwrap();
        std::fs::write(
            tmp.join("map.yaml"),
            format!("{text}lint:\n  empty-audience: warn\n"),
        )
        .unwrap();
        assert_eq!(
            plan(&tmp, &["lint", "map.yaml"]).code,
            0,
            "the plan's lint map downgrades"
        );
        assert_eq!(
            plan(&tmp, &["lint", "--deny", "empty-audience", "map.yaml"]).code,
            1,
            "flags win over the plan"
        );
        let item = text.replace(
            "members: [], channels: [email]}",
            "members: [], channels: [email], allow: [empty-audience]}",
        );
        std::fs::write(tmp.join("item.yaml"), item).unwrap();
        let run = plan(&tmp, &["lint", "item.yaml"]);
        assert_eq!(
            (run.code, run.stdout.as_str()),
            (0, "item.yaml: no problems found\n"),
            "an item's allow list silences it"
        );
    }

    #[test]
    fn unknown_rule_names_are_refused_with_a_suggestion() {
        let dir = fixtures().join("valid");
        let run = plan(&dir, &["lint", "--allow", "sparse-contct", "minimal.yaml"]);
        assert_eq!(run.code, 2);
        assert!(
            run.stderr.contains("did you mean `sparse-contact`?"),
            "{}",
            run.stderr
        );
        let run = plan(&dir, &["lint", "--allow", "unknown-field", "minimal.yaml"]);
        assert_eq!(run.code, 2);
        assert!(run.stderr.contains("validation rule"));
        let run = plan(&dir, &["explain", "sparse-contct"]);
        assert_eq!(run.code, 2);
        let run = plan(&dir, &["explain", "sparse-contact"]);
        assert!(run.stdout.starts_with("# sparse-contact\n"));
        assert!(run.stdout.contains("### Why it matters"));
    }

    #[test]
    fn github_annotations_carry_file_line_col_and_title() {
        let run = plan(
            &fixtures().join("lint"),
            &[
                "lint",
                "--format",
                "github",
                "escalation-not-increasing.fires.yaml",
            ],
        );
        insta::assert_snapshot!(run.stdout, @"::warning file=escalation-not-increasing.fires.yaml,line=38,col=45,endLine=38,endColumn=48,title=escalation-not-increasing::step 3 of escalation `delivery` does not wait longer than the step before it%0Ahelp: give each step a longer `after` than the one before it");
    }

    #[test]
    fn sarif_describes_every_rule_and_locates_results() {
        let run = plan(
            &fixtures().join("invalid"),
            &["lint", "--format", "sarif", "unknown-reference.yaml"],
        );
        assert_eq!(run.code, 1);
        let sarif = json(&run.stdout);
        assert_eq!(sarif["version"], "2.1.0");
        let driver = &sarif["runs"][0]["tool"]["driver"];
        assert_eq!(driver["rules"].as_array().unwrap().len(), 28);
        let result = &sarif["runs"][0]["results"][3];
        assert_eq!(result["ruleId"], "unknown-reference");
        assert_eq!(
            driver["rules"][result["ruleIndex"].as_u64().unwrap() as usize]["id"],
            "unknown-reference"
        );
        let region = &result["locations"][0]["physicalLocation"]["region"];
        assert_eq!(
            (region["startLine"].as_u64(), region["startColumn"].as_u64()),
            (Some(18), Some(14))
        );
        assert_eq!(
            result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "unknown-reference.yaml"
        );
    }

    #[test]
    fn docs_rules_md_is_current() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md");
        let generated = commplan::lint::rules_markdown();
        if std::env::var_os("UPDATE_DOCS").is_some() {
            std::fs::write(&path, &generated).unwrap();
        }
        let current = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            current == generated,
            "docs/rules.md is stale: run `UPDATE_DOCS=1 cargo test --test cli docs_rules_md`"
        );
    }
}

mod handbook {
    use super::*;

    fn build_into(plan_dir: &Path, plan_file: &str, out: &Path, extra: &[&str]) -> Run {
        let _ = std::fs::remove_dir_all(out);
        let mut args = vec!["build", "-q", plan_file, "-o"];
        let out_text = out.display().to_string();
        args.push(&out_text);
        args.extend_from_slice(extra);
        plan(plan_dir, &args)
    }

    fn tmp(name: &str) -> PathBuf {
        PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name)
    }

    /// Every `.md` file under a folder.
    fn markdown_files(dir: &Path) -> Vec<PathBuf> {
        let mut files = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                files.extend(markdown_files(&path));
            } else if path.extension().is_some_and(|e| e == "md") {
                files.push(path);
            }
        }
        files
    }

    /// Parsed as GitHub parses it, the Markdown has no image, no raw HTML
    /// but the templates' own anchors, and links only to the page itself or
    /// to validated http, https and mailto addresses.
    pub(super) fn assert_markdown_inert(markdown: &str, what: &dyn std::fmt::Debug) {
        use pulldown_cmark::{Event, Options, Parser, Tag};
        let options = Options::ENABLE_TABLES
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_TASKLISTS
            | Options::ENABLE_FOOTNOTES
            | Options::ENABLE_GFM;
        for event in Parser::new_ext(markdown, options) {
            match event {
                Event::Html(html) | Event::InlineHtml(html) => {
                    let anchor = html.starts_with("<a id=\"")
                        && html[7..]
                            .trim_end_matches("\">")
                            .chars()
                            .all(|c| c.is_ascii_alphanumeric() || c == '-');
                    assert!(anchor || &*html == "</a>", "raw HTML {html:?} in {what:?}");
                }
                Event::Start(Tag::Image { dest_url, .. }) => {
                    panic!("image {dest_url:?} in {what:?}")
                }
                Event::Start(Tag::Link { dest_url, .. }) => assert!(
                    dest_url.starts_with('#')
                        || commplan::markdown::field_destination(&dest_url).is_some()
                        || commplan::markdown::template_destination(&dest_url).is_some(),
                    "link to {dest_url:?} in {what:?}"
                ),
                _ => {}
            }
        }
    }

    #[test]
    fn hostile_text_stays_inert_in_every_output() {
        let out = tmp("hostile");
        let run = build_into(&fixtures().join("handbook"), "hostile.yaml", &out, &[]);
        assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
        let html = std::fs::read_to_string(out.join("index.html")).unwrap();
        assert!(!html.contains("<script"), "no script element");
        assert!(
            !html.contains("<img") && !html.contains("<iframe") && !html.contains("<b>"),
            "no injected elements"
        );
        assert!(
            !html.contains("href=\"javascript") && !html.contains(" src=\""),
            "no unsafe links or sources"
        );
        assert!(
            html.contains("&lt;script&gt;alert(5)&lt;&#x2f;script&gt;")
                || html.contains("&lt;script&gt;alert(5)"),
            "shown as text"
        );
        assert!(
            html.contains("<a href=\"https://example.com\">ok</a>"),
            "safe links are kept"
        );
        assert!(
            html.contains("Sync {{ 7*7 }}"),
            "template syntax is text, not evaluated"
        );
        let markdown = std::fs::read_to_string(out.join("handbook.md")).unwrap();
        for file in markdown_files(&out) {
            assert_markdown_inert(&std::fs::read_to_string(&file).unwrap(), &file);
        }
        assert!(!markdown.contains("](javascript:"), "no javascript link");
        assert!(!markdown.contains("tracker.example/open"), "no image");
        assert!(!markdown.contains("bcc"), "no smuggled mail header");
        assert!(
            markdown.contains("[Join](<https://meet.example/a_(b)?x=1\\&amp;y=2>)"),
            "links in angle brackets, exactly the plan's address"
        );
        assert!(markdown.contains("(<mailto:o%27brien%2Bana@example.com>)"));
        assert!(markdown.contains("Sync \\{\\{ 7\\*7 \\}\\}"));
        assert!(
            markdown.contains("Risks \\| pipes \\| \\*stars\\*"),
            "table cells stay cells"
        );
        let calendar = std::fs::read_to_string(out.join("calendars/plan.ics")).unwrap();
        let unfolded = calendar.replace("\r\n ", "");
        for line in unfolded.split("\r\n") {
            assert!(
                !line.starts_with("ATTENDEE:"),
                "plan text started a property: {line}"
            );
            assert!(!line.contains('\r') && !line.contains('\n'));
        }
        assert_eq!(
            unfolded.matches("\r\nATTENDEE;").count(),
            2,
            "exactly the two real attendees"
        );
    }

    /// What `plan` prints for a person at a terminal holds no control
    /// character from the plan (ESC sequences would drive the terminal).
    #[test]
    fn hostile_text_reaches_no_terminal_raw() {
        let dir = fixtures().join("handbook");
        let runs = [
            plan(
                &dir,
                &[
                    "agenda",
                    "hostile.yaml",
                    "--from",
                    "2026-03-02",
                    "--days",
                    "7",
                ],
            ),
            plan(
                &dir,
                &[
                    "simulate",
                    "hostile.yaml",
                    "--escalation",
                    "outage",
                    "--at",
                    "2026-03-06 17:30",
                ],
            ),
            plan(
                &dir,
                &[
                    "sla",
                    "hostile.yaml",
                    "--channel",
                    "email",
                    "--at",
                    "2026-03-06 17:30",
                ],
            ),
            plan(&dir, &["lint", "--color", "always", "hostile.yaml"]),
        ];
        for run in &runs {
            assert!(run.code <= 1, "{}{}", run.stdout, run.stderr);
            let raw: Vec<char> = run
                .stdout
                .chars()
                .filter(|c| c.is_control() && !matches!(c, '\n' | '\t' | '\u{1b}'))
                .collect();
            assert!(raw.is_empty(), "{raw:?} in {}", run.stdout);
            // Colour codes are ours; the plan's ESC shows as `\u{1b}`.
            assert!(
                !run.stdout.contains("\u{1b}]0;") && !run.stdout.contains("\u{1b}[2J"),
                "{}",
                run.stdout
            );
        }
        let agenda = &runs[0];
        assert!(agenda.stdout.contains("\\u{1b}[2J"), "{}", agenda.stdout);
    }

    #[test]
    fn plan_diff_markdown_is_escaped_like_every_markdown_sink() {
        let dir = tmp("diff-hostile");
        std::fs::create_dir_all(&dir).unwrap();
        let old = std::fs::read_to_string(fixtures().join("handbook/hostile.yaml")).unwrap();
        let new = old
            .replace("Reply within a day", "Reply <img src=x onerror=alert(1)> ![t](https://tracker.example/n.png) [r]: javascript:alert(2)\\n\\n[r]")
            .replace("Client {% raw %}", "Client <script>alert(3)</script> [x](javascript:alert(4)) ")
            .replace("The site is down", "Down \\e]0;pwned\\a");
        std::fs::write(dir.join("old.yaml"), &old).unwrap();
        std::fs::write(dir.join("new.yaml"), &new).unwrap();
        let run = plan(&dir, &["diff", "old.yaml", "new.yaml"]);
        assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
        assert!(
            run.stdout.contains("Client &lt;script&gt;"),
            "{}",
            run.stdout
        );
        assert!(
            !run.stdout.chars().any(|c| c.is_control() && c != '\n'),
            "{:?}",
            run.stdout
        );
        assert_markdown_inert(&run.stdout, &"plan diff");
    }

    #[test]
    fn a_template_override_replaces_one_file_and_the_rest_falls_back() {
        let dir = tmp("override-templates");
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("checklists")).unwrap();
        std::fs::write(
            dir.join("handbook.md.j2"),
            "# {{ project.name }} ({{ meetings|length }} meetings)\n",
        )
        .unwrap();
        let out = tmp("override-site");
        let run = build_into(
            &fixtures().join("valid"),
            "minimal.yaml",
            &out,
            &["--templates", &dir.display().to_string()],
        );
        assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
        assert_eq!(
            std::fs::read_to_string(out.join("handbook.md")).unwrap(),
            "# Minimal (1 meetings)\n"
        );
        assert!(
            std::fs::read_to_string(out.join("index.html"))
                .unwrap()
                .starts_with("<!DOCTYPE html>")
        );

        std::fs::write(dir.join("handbook.md.j2"), "line one\n{{ project.nmae }}\n").unwrap();
        let broken = build_into(
            &fixtures().join("valid"),
            "minimal.yaml",
            &tmp("override-broken"),
            &["--templates", &dir.display().to_string()],
        );
        assert_eq!(broken.code, 1);
        assert!(
            broken.stdout.contains("template `handbook.md.j2` line 2"),
            "{}",
            broken.stdout
        );
    }

    #[test]
    fn a_zh_cn_plan_gives_a_chinese_handbook() {
        let out = tmp("zh-cn");
        let run = build_into(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/zh-cn"),
            "plan.yaml",
            &out,
            &[],
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        let html = std::fs::read_to_string(out.join("index.html")).unwrap();
        assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"zh-CN\">"));
        for heading in [
            "目录",
            "沟通矩阵",
            "一周概览",
            "会议",
            "渠道与响应时间",
            "升级路径",
            "通讯录",
        ] {
            assert!(html.contains(heading), "missing {heading}");
        }
        for english in [">Contents<", ">Meetings<", "Monday", "every week"] {
            assert!(!html.contains(english), "English left: {english}");
        }
        let markdown = std::fs::read_to_string(out.join("handbook.md")).unwrap();
        assert!(markdown.contains("每周周二"), "cadence in Chinese");
    }

    #[test]
    fn external_audiences_never_see_internal_items() {
        let out = tmp("views");
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/atlas-crm");
        assert_eq!(build_into(&dir, "plan.yaml", &out, &[]).code, 0);
        let whole = std::fs::read_to_string(out.join("handbook.md")).unwrap();
        let client =
            std::fs::read_to_string(out.join("audiences/account-manager/handbook.md")).unwrap();
        assert!(
            whole.contains("Delivery team stand-up"),
            "internal meeting in the team's handbook"
        );
        assert!(
            !client.contains("Delivery team stand-up"),
            "internal meeting hidden from the client"
        );
        assert!(
            !client.contains("Delivery health report"),
            "internal report hidden from the client"
        );
        let calendar =
            std::fs::read_to_string(out.join("audiences/account-manager/calendar.ics")).unwrap();
        assert!(!calendar.contains("team-standup@"));
    }

    /// Every output of every example, as built: the snapshots are the review.
    #[test]
    fn every_output_of_every_example() {
        for example in ["atlas-crm", "zh-cn"] {
            let out = tmp(&format!("example-{example}"));
            let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("examples")
                .join(example);
            assert_eq!(build_into(&dir, "plan.yaml", &out, &[]).code, 0);
            let again = tmp(&format!("example-{example}-again"));
            assert_eq!(build_into(&dir, "plan.yaml", &again, &[]).code, 0);
            let files = time_files(&out);
            assert!(files == time_files(&again), "rebuilds are byte-identical");
            for (path, bytes) in files {
                let text = String::from_utf8(bytes).unwrap().replace("\r\n", "\n");
                insta::assert_snapshot!(format!("{example}__{}", path.replace('/', "__")), text);
            }
        }
    }

    fn time_files(dir: &Path) -> Vec<(String, Vec<u8>)> {
        let mut files = Vec::new();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(folder) = stack.pop() {
            for entry in std::fs::read_dir(folder).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else {
                    let relative: Vec<String> = path
                        .strip_prefix(dir)
                        .unwrap()
                        .components()
                        .map(|c| c.as_os_str().to_string_lossy().into_owned())
                        .collect();
                    files.push((relative.join("/"), std::fs::read(&path).unwrap()));
                }
            }
        }
        files.sort();
        files
    }
}

mod workflow {
    use super::*;

    fn tmp(name: &str) -> PathBuf {
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn init_then_lint_then_build_works_in_an_empty_folder_for_both_locales() {
        for locale in ["en", "zh-CN"] {
            let dir = tmp(&format!("init-{locale}"));
            let init = plan(&dir, &["init", "--locale", locale]);
            assert_eq!(init.code, 0, "{}", init.stderr);
            let text = std::fs::read_to_string(dir.join("plan.yaml")).unwrap();
            assert!(text.starts_with("# yaml-language-server: $schema=plan.schema.json\n"));
            assert!(dir.join("plan.schema.json").exists());
            let lint = plan(&dir, &["lint"]);
            assert_eq!(
                (lint.code, lint.stdout.as_str()),
                (0, "plan.yaml: no problems found\n")
            );
            let build = plan(&dir, &["-q", "build"]);
            assert_eq!(build.code, 0, "{}", build.stdout);
            assert!(dir.join("site/index.html").exists());
            let again = plan(&dir, &["init"]);
            assert_eq!(again.code, 2, "refuses to overwrite");
            assert!(again.stderr.contains("--force"));
            assert_eq!(plan(&dir, &["-q", "init", "--force"]).code, 0);
        }
    }

    #[test]
    fn diff_describes_changes_in_plain_words() {
        let dir = fixtures().join("diff");
        let run = plan(&dir, &["diff", "old.yaml", "new.yaml"]);
        assert_eq!(run.code, 0);
        insta::assert_snapshot!(run.stdout, @r"
        ## Changes to the communication plan

        - Added person `cal`
        - `team` members ana -> ana, cal
        - `email` response 1bd -> 4bh
        - `weekly-sync` moves from every week on \[tue\] at 10:00 to every week on \[wed\] at 14:00 Europe/London
        - Added norm: Decisions made in calls are confirmed by email within one business day.
        ");
        let json = plan(&dir, &["diff", "old.yaml", "new.yaml", "--format", "json"]);
        let changes = super::json(&json.stdout);
        assert_eq!(changes[2]["field"], "response");
        assert_eq!(
            (changes[2]["old"].as_str(), changes[2]["new"].as_str()),
            (Some("1bd"), Some("4bh"))
        );
        let same = plan(&dir, &["diff", "old.yaml", "old.yaml"]);
        assert_eq!((same.code, same.stdout.as_str()), (0, "no changes\n"));
    }

    #[test]
    fn diff_reads_the_old_plan_from_a_git_revision() {
        let dir = tmp("diff-git");
        let git = |args: &[&str]| {
            let status = Command::new("git")
                .current_dir(&dir)
                .args([
                    "-c",
                    "user.name=t",
                    "-c",
                    "user.email=t@example.com",
                    "-c",
                    "commit.gpgsign=false",
                ])
                .args(args)
                .output()
                .unwrap();
            assert!(
                status.status.success(),
                "{}",
                String::from_utf8_lossy(&status.stderr)
            );
        };
        git(&["init", "-q"]);
        std::fs::copy(fixtures().join("diff/old.yaml"), dir.join("plan.yaml")).unwrap();
        git(&["add", "plan.yaml"]);
        git(&["commit", "-q", "-m", "plan"]);
        std::fs::copy(fixtures().join("diff/new.yaml"), dir.join("plan.yaml")).unwrap();
        let run = plan(&dir, &["diff", "HEAD"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(
            run.stdout.contains("- `email` response 1bd -> 4bh\n"),
            "{}",
            run.stdout
        );
        let missing = plan(&dir, &["diff", "no-such-revision"]);
        assert_eq!(missing.code, 2);
    }

    #[test]
    fn simulate_from_a_friday_evening_gives_monday_due_times() {
        let run = plan(
            &fixtures().join("valid"),
            &[
                "simulate",
                "minimal.yaml",
                "--escalation",
                "delivery",
                "--at",
                "2026-03-06 18:00",
            ],
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        insta::assert_snapshot!(run.stdout, @r"
        Escalation `delivery` (A blocker is not resolved at working level), starting Fri 2026-03-06 18:00 (Europe/Berlin):
          1. Fri 2026-03-06 18:00  Ana Lima via email (at once)
          2. Mon 2026-03-09 13:00  Ben Roth via phone (after 4bh)
        ");
    }

    #[test]
    fn completions_and_man_page() {
        for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
            let run = plan(&fixtures(), &["completions", shell]);
            assert_eq!(run.code, 0);
            assert!(
                run.stdout.contains("simulate"),
                "{shell} completes the commands"
            );
        }
        let man = plan(&fixtures(), &["man"]);
        assert!(man.stdout.contains(".TH plan 1"));
    }

    /// Every `plan` command in the CI recipes parses with the real CLI.
    #[test]
    fn ci_recipes_are_valid_yaml_and_call_real_commands() {
        use clap::Parser;
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let docs = std::fs::read_to_string(root.join("docs/ci.md")).unwrap();
        let hooks = std::fs::read_to_string(root.join(".pre-commit-hooks.yaml")).unwrap();
        let blocks: Vec<&str> = docs
            .split("```yaml\n")
            .skip(1)
            .filter_map(|b| b.split("```").next())
            .chain([hooks.as_str()])
            .collect();
        let mut commands = 0;
        for block in blocks {
            let _: serde_json::Value =
                serde_saphyr::from_str(block).unwrap_or_else(|e| panic!("{e}\n{block}"));
            for line in block.lines() {
                let line = line
                    .trim()
                    .trim_start_matches("- ")
                    .trim_start_matches("run: ")
                    .trim_start_matches("entry: ");
                let Some(at) = line.find("plan ").filter(|at| {
                    *at == 0 || line[..*at].ends_with(") ") || line[..*at].ends_with("; ")
                }) else {
                    continue;
                };
                let mut command = line[at..]
                    .split(['>', '|'])
                    .next()
                    .unwrap()
                    .trim()
                    .to_string();
                // A `${{ expression }}` is one value.
                while let (Some(start), Some(end)) = (command.find("${{"), command.find("}}")) {
                    command.replace_range(start..end + 2, "$expr");
                }
                let words: Vec<&str> = command.split_whitespace().collect();
                // A `${{ ... }}` or `$(...)` stands for a value: give the parser one.
                let words: Vec<String> = words
                    .iter()
                    .map(|w| {
                        if w.contains('$') {
                            "value".to_string()
                        } else {
                            (*w).to_string()
                        }
                    })
                    .collect();
                commplan::cli::Cli::try_parse_from(&words)
                    .unwrap_or_else(|e| panic!("`{command}`: {e}"));
                commands += 1;
            }
        }
        assert!(commands >= 8, "found {commands} commands");
    }
}

#[test]
fn docs_cli_md_is_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/cli.md");
    let generated = commplan::cli::reference_markdown();
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        current == generated,
        "docs/cli.md is stale: run `UPDATE_DOCS=1 cargo test --test cli docs_cli_md`"
    );
}

#[test]
fn build_with_a_previous_plan_adds_a_changelog() {
    let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("changelog");
    let _ = std::fs::remove_dir_all(&out);
    let run = plan(
        &fixtures().join("diff"),
        &[
            "-q",
            "build",
            "new.yaml",
            "--previous",
            "old.yaml",
            "-o",
            &out.display().to_string(),
        ],
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(html.contains("<h2>Changes since the previous plan</h2>"));
    assert!(
        html.contains("<li>`email` response 1bd -&gt; 4bh</li>"),
        "{html}"
    );
    let markdown = std::fs::read_to_string(out.join("handbook.md")).unwrap();
    assert!(markdown.contains("## <a id=\"changelog\"></a>Changes since the previous plan"));
}

mod tasks {
    use super::*;

    #[test]
    fn one_task_per_occurrence_per_item_due_on_the_business_clock() {
        let dir = fixtures().join("tasks");
        let run = plan(
            &dir,
            &["export", "tasks", "weekly.yaml", "--format", "json"],
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        let tasks = json(&run.stdout);
        let due: Vec<String> = tasks
            .as_array()
            .unwrap()
            .iter()
            .map(|t| {
                format!(
                    "{} {}",
                    t["id"].as_str().unwrap(),
                    t["due"].as_str().unwrap()
                )
            })
            .collect();
        assert_eq!(
            due,
            [
                "tuesday-sync-20260331-prepare-1 2026-03-30 10:00",
                "tuesday-sync-20260331-follow-up-1 2026-03-31 15:00",
                "friday-review-20260402-prepare-1 2026-04-01 15:00",
                // Good Friday, the weekend and Easter Monday are skipped both ways.
                "tuesday-sync-20260407-prepare-1 2026-04-02 10:00",
                "friday-review-20260402-follow-up-1 2026-04-07 12:00",
                "tuesday-sync-20260407-follow-up-1 2026-04-07 15:00",
                "friday-review-20260409-prepare-1 2026-04-08 15:00",
                "friday-review-20260409-follow-up-1 2026-04-10 12:00",
            ]
        );
        assert_eq!(tasks[0]["assignee_email"], "ana@example.com");
        let again = plan(
            &dir,
            &["export", "tasks", "weekly.yaml", "--format", "json"],
        );
        assert_eq!(run.stdout, again.stdout, "same ids and bytes every time");
    }

    #[test]
    fn the_csv_is_rfc_4180_with_a_bom_and_neutral_formulas() {
        let run = plan(
            &fixtures().join("tasks"),
            &["export", "tasks", "weekly.yaml", "--for", "wei"],
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(run.stdout.starts_with(
            "\u{feff}ID,Title,Description,Assignee,Assignee email,Due,List,Labels\r\n"
        ));
        assert!(
            run.stdout.contains(",'=1+1 周会,"),
            "the formula-looking list name stays text: {}",
            run.stdout
        );
        assert!(
            run.stdout.contains("\"准备材料 (=1+1 周会 2026-04-02)\"")
                || run.stdout.contains("准备材料 (=1+1 周会 2026-04-02)")
        );
        assert!(run.stdout.contains("\"• 进度, 风险\""), "a comma is quoted");
        let unknown = plan(
            &fixtures().join("tasks"),
            &["export", "tasks", "weekly.yaml", "--for", "nobody"],
        );
        assert_eq!(unknown.code, 2, "--for names a person or audience");
    }
}

mod providers {
    use super::*;

    fn percent_decode(text: &str) -> String {
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'%' {
                out.push(u8::from_str_radix(&text[i + 1..i + 3], 16).unwrap());
                i += 3;
            } else {
                out.push(bytes[i]);
                i += 1;
            }
        }
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn a_zoom_meeting_carries_its_join_url_and_the_mailto_link_its_subject() {
        let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("providers");
        let _ = std::fs::remove_dir_all(&out);
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/atlas-crm");
        assert_eq!(
            plan(
                &dir,
                &["-q", "build", "plan.yaml", "-o", &out.display().to_string()]
            )
            .code,
            0
        );
        let calendar = std::fs::read_to_string(out.join("calendars/plan.ics"))
            .unwrap()
            .replace("\r\n ", "");
        let sync = calendar
            .split("BEGIN:VEVENT")
            .find(|e| e.contains("UID:weekly-sync@"))
            .unwrap();
        assert!(
            sync.contains("\r\nURL:https://zoom.example/j/84512345678\r\n"),
            "{sync}"
        );
        assert!(sync.contains("\r\nCONFERENCE;VALUE=URI;FEATURE=AUDIO,VIDEO;LABEL=\"zoom\":https://zoom.example/j/84512345678\r\n"), "{sync}");

        let handbook = std::fs::read_to_string(out.join("handbook.md")).unwrap();
        let link = handbook
            .split("(<mailto:")
            .nth(1)
            .unwrap()
            .split(">)")
            .next()
            .unwrap();
        let (to, query) = link.split_once('?').unwrap();
        assert_eq!(
            to,
            "anna.schmidt@contoso.example,thomas.keller@contoso.example"
        );
        // The weekly status report's first due date is Thursday 2026-03-05.
        assert_eq!(
            percent_decode(query.strip_prefix("subject=").unwrap()),
            "[Atlas CRM] Weekly status – 2026-03-05"
        );
        let template = std::fs::read_to_string(out.join("reports/weekly-status.md")).unwrap();
        assert!(template.contains("## Risks and issues"));
        assert!(template.contains("At most 400 words"));
    }
}

#[test]
fn the_agenda_shows_tasks_as_they_fall_due() {
    let run = plan(
        &fixtures().join("tasks"),
        &[
            "agenda",
            "weekly.yaml",
            "--from",
            "2026-03-30",
            "--days",
            "2",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!(run.stdout, @r"
    Agenda, 2026-03-30 to 2026-03-31, times in Europe/Berlin

    Mon 2026-03-30  10:00        task      Circulate the agenda (Tuesday sync 2026-03-31)
    Tue 2026-03-31  10:00-11:00  meeting   Tuesday sync
    Tue 2026-03-31  15:00        task      Send the minutes (Tuesday sync 2026-03-31)
    ");
}

mod findings_at_scale {
    use super::*;

    fn tmp(name: &str) -> PathBuf {
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    /// Speed is measured by `cargo bench --bench findings`; this checks the
    /// output: a pile-up is one result per person, not one per pair, and
    /// every result points at a described rule.
    #[test]
    fn sarif_of_800_simultaneous_meetings_reports_the_pile_up_once() {
        let dir = tmp("scale-800");
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
        let dir = tmp("sarif uri/my plans");
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
            sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
                ["uri"],
            "my%20plans/plan%20%231.yaml"
        );
    }

    /// `\n`, `\r\n` and a lone `\r` end lines alike, in every format.
    #[test]
    fn every_line_ending_gives_the_same_positions_in_every_format() {
        let dir = tmp("line-endings");
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

    #[test]
    fn control_characters_from_the_plan_reach_no_terminal_format() {
        let dir = fixtures().join("invalid");
        for format in ["human", "github"] {
            let run = plan(
                &dir,
                &[
                    "lint",
                    "--color",
                    "never",
                    "--format",
                    format,
                    "terminal-escapes.yaml",
                ],
            );
            assert_eq!(run.code, 1);
            assert!(
                !run.stdout.chars().any(|c| c.is_control() && c != '\n'),
                "{:?}",
                run.stdout
            );
            assert!(run.stdout.contains("\\u{1b}[2J"), "{}", run.stdout);
        }
    }
}
