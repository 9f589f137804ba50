//! The lint rules through the CLI: each fires on its fixture (snapshots) and
//! stays quiet on its quiet one; levels from the plan, flags and items; the
//! GitHub and SARIF formats.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails loudly"
)]

use std::path::{Path, PathBuf};

mod common;
use common::{file_name, fixtures, json, plan};

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
    assert_eq!(lint_rules.len(), 23);
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
    // The rule ids completion offers are not a list clap checks against:
    // an unknown one still gets this suggestion, not clap's list.
    let run = plan(&dir, &["explain", "sparse-contct"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("did you mean `sparse-contact`?"),
        "{}",
        run.stderr
    );
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
    assert_eq!(driver["rules"].as_array().unwrap().len(), 29);
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
