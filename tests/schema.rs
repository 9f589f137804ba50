//! `plan schema` and the checker agree on the shape of a plan. Both run over
//! every fixture, every example and every plan `docs/plan-format.md` shows
//! (a snippet of sections checked inside the atlas-crm example):
//! - a plan whose errors are all of kinds the schema cannot judge
//!   ([`BEYOND_THE_SCHEMA`]: references, repeated ids, schedules, the lint
//!   rules) validates, so a plan that checks clean always does;
//! - a plan with a shape error ([`is_shape_error`]: an unknown field, a value
//!   of the wrong type, a required field missing, a name outside a closed
//!   list) is rejected.
//!
//! Between the two lie the values the schema cannot read as the checker
//! does (an unknown time zone, a blank name): either verdict is right there.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails loudly"
)]

mod common;
use std::path::{Path, PathBuf};

use commplan::diagnostic::Diagnostic;
use commplan::rules::RuleId;
use serde_json::Value;

/// The rules whose findings the schema cannot see: what an id refers to,
/// whether it is unique, what a schedule expands to, and the quality rules.
const BEYOND_THE_SCHEMA: &[RuleId] = &[
    RuleId::UnknownReference,
    RuleId::DuplicateId,
    RuleId::InvalidSchedule,
];

/// An unknown field, or what the loader says of a value of the wrong shape:
/// the wrong type (`expected a list, found text`), a required field missing
/// (`` `title` is missing ``), a name outside a closed list (`` `secret` is
/// not one of ``), a section that is not a map, the plan without a section.
fn is_shape_error(finding: &Diagnostic) -> bool {
    let message = finding.message.as_str();
    finding.rule == RuleId::UnknownField
        || (finding.rule == RuleId::InvalidValue
            && (message.contains("expected ")
                || message.ends_with("is missing")
                || message.contains("` is not one of ")
                || message.contains(" must be a map")
                || message.starts_with("the plan has no `")
                || message == "the plan is empty"))
}

fn is_beyond_the_schema(finding: &Diagnostic) -> bool {
    !finding.is_error()
        || !finding.rule.is_validation()
        || BEYOND_THE_SCHEMA.contains(&finding.rule)
}

/// A schema an editor can read on its own: draft 2020-12, references to
/// its own definitions only.
#[test]
fn the_schema_stands_alone() {
    let text = commplan::schema::json_schema();
    let schema: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    for (index, _) in text.match_indices("\"$ref\"") {
        let rest = &text[index..];
        assert!(
            rest.starts_with("\"$ref\": \"#/$defs/"),
            "{}",
            &rest[..60.min(rest.len())]
        );
    }
}

fn validator() -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(&commplan::schema::json_schema()).unwrap();
    jsonschema::draft202012::meta::validate(&schema).expect("a draft 2020-12 schema");
    jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the schema compiles")
}

/// What the checker says of a plan, and the schema's errors for it as JSON
/// (`None`: the text is not YAML that reads as JSON).
struct Verdicts {
    findings: Vec<Diagnostic>,
    schema_errors: Option<Vec<String>>,
}

impl Verdicts {
    fn of(validator: &jsonschema::Validator, name: &str, text: &str) -> Verdicts {
        let checked = commplan::check(commplan::load::load_str(name, text));
        let schema_errors = common::yaml_as_json::<Value>(text).ok().map(|json| {
            validator
                .iter_errors(&json)
                .map(|e| format!("{e} at `{}`", e.instance_path()))
                .collect()
        });
        Verdicts {
            findings: checked.diagnostics,
            schema_errors,
        }
    }

    fn errors(&self) -> Vec<String> {
        self.findings
            .iter()
            .filter(|f| f.is_error())
            .map(|f| format!("{}: {}", f.rule, f.message))
            .collect()
    }

    /// Whether the two disagree, and how.
    fn disagreement(&self) -> Option<String> {
        let schema_errors = self.schema_errors.as_ref()?;
        if self.findings.iter().all(is_beyond_the_schema) && !schema_errors.is_empty() {
            return Some(format!(
                "the checker finds no shape error ({:?}), the schema rejects it: {schema_errors:#?}",
                self.errors()
            ));
        }
        if self.findings.iter().any(is_shape_error) && schema_errors.is_empty() {
            return Some(format!(
                "the checker finds shape errors, the schema accepts it: {:#?}",
                self.errors()
            ));
        }
        None
    }
}

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every `.yaml` under `dir`, at any depth, sorted.
fn yaml_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            yaml_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "yaml") {
            found.push(path);
        }
    }
    found.sort();
}

fn fixtures_and_examples() -> Vec<PathBuf> {
    let mut plans = Vec::new();
    yaml_files(&manifest().join("tests/fixtures"), &mut plans);
    for entry in std::fs::read_dir(manifest().join("examples")).unwrap() {
        let plan = entry.unwrap().path().join("plan.yaml");
        if plan.exists() {
            plans.push(plan);
        }
    }
    plans
}

#[test]
fn every_fixture_and_example_gets_the_same_verdict_from_both() {
    let validator = validator();
    let (mut clean, mut shape, mut disagreements) = (0, 0, Vec::new());
    for path in fixtures_and_examples() {
        let name = path.strip_prefix(manifest()).unwrap().display().to_string();
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue; // not UTF-8: no JSON either
        };
        let verdicts = Verdicts::of(&validator, &name, &text);
        if verdicts.schema_errors.is_none() {
            // Not YAML that reads as JSON: the checker refuses it too.
            assert!(!verdicts.errors().is_empty(), "{name}");
            continue;
        }
        clean += usize::from(verdicts.errors().is_empty());
        shape += usize::from(verdicts.findings.iter().any(is_shape_error));
        if let Some(disagreement) = verdicts.disagreement() {
            disagreements.push(format!("{name}: {disagreement}"));
        }
    }
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n\n"));
    // The comparison means something only if both kinds are there.
    assert!(clean >= 40, "{clean} clean plans");
    assert!(shape >= 4, "{shape} plans with shape errors");
}

/// One edit to the minimal plan, the verdict both give, and why.
const EDITS: &[(&str, &str, bool)] = &[
    // Numbers and `true`/`false` in text fields are text to the checker.
    ("name: Ana Lima", "name: 1.50", true),
    (
        "email: ana@example.com}",
        "email: ana@example.com, phone: 4930123456}",
        true,
    ),
    ("title: Weekly sync", "title: true", true),
    // Nothing written is an empty list or map.
    ("agenda: [Progress, Risks, Next steps]", "agenda:", true),
    ("goals: [alignment]", "goals:", true),
    // The documented PingCode columns: keyed by task fields, not ids.
    (
        "reviews:",
        "outputs:\n  tasks:\n    columns: {title: 标题, assignee_email: 负责人, due: 截止时间}\nreviews:",
        true,
    ),
    (
        "owner: ana\n    channel: zoom",
        "owner: ana\n    channel: zoom\n    reminders: [15m]",
        true,
    ),
    // A day of the month written as text, as `On` reads it.
    ("on: last thu", "on: \"15\"", true),
    // A number with no fraction is the whole number (JSON Schema's `integer`).
    (
        "reviews:",
        "formats:\n  short: {max_words: 400.0}\nreviews:",
        true,
    ),
    ("on: last thu", "on: 15.0", true),
    // Merge keys, as the format documents them.
    (
        "  ben: {name: Ben Roth",
        "  cy: &p {name: Cy Wu, email: cy@example.com}\n  di:\n    <<: *p\n    name: Di Wu\n  ben: {name: Ben Roth",
        true,
    ),
    // Shape errors: the checker and the schema both refuse them.
    ("title: Weekly sync", "title: [Weekly, sync]", false),
    ("title: Weekly sync", "titel: Weekly sync", false),
    ("external: true", "external: \"true\"", false),
    ("kind: call", "kind: phone", false),
    ("goals:", "projekt: {name: Minimal}\ngoals:", false),
    ("at: \"10:00\"", "at: \"25:00\"", false),
    (
        "  ben: {name: Ben Roth",
        "  Bad_Id: {name: x}\n  ben: {name: Ben Roth",
        false,
    ),
    ("version: 1", "version: \"1\"", false),
    ("version: 1", "version: 2", false),
    ("members: [ben]", "members: {ben: 1}", false),
    (
        "    title: Communication retrospective\n",
        "    titles: Communication retrospective\n",
        false,
    ),
    // `people` as a list, not a map keyed by id.
    (
        "  ana: {name: Ana Lima, email: ana@example.com}\n  ben:",
        "  - {name: Ana Lima, email: ana@example.com}\n  -",
        false,
    ),
    ("on: [tue]", "on: []", false),
    (
        "reviews:",
        "outputs:\n  tasks:\n    columns: {assignee_mail: 负责人}\nreviews:",
        false,
    ),
    ("reviews:", "lint:\n  unknown-field: allow\nreviews:", false),
    (
        "reviews:",
        "formats:\n  short: {max_words: -5}\nreviews:",
        false,
    ),
    // What the checker refuses in a value of the right type, where the
    // schema can say it: a blank name, an empty or repeated list, a zero.
    ("title: Weekly sync", "title: \"\"", false),
    ("name: Client", "name: \"  \"", false),
    ("{kind: email,", "{name: \"\", kind: email,", false),
    (
        "  end: 2026-06-26",
        "  end: 2026-06-26\n  working_hours: {days: [mon, mon]}",
        false,
    ),
    (
        "  end: 2026-06-26",
        "  end: 2026-06-26\n  working_hours: {days: []}",
        false,
    ),
    ("{to: ana, via: email}", "{to: [], via: email}", false),
    (
        "    steps:\n      - {to: ana, via: email}\n      - {to: ben, via: phone, after: 4bh}",
        "    steps: []",
        false,
    ),
    (
        "reviews:",
        "formats:\n  short: {max_words: 0}\nreviews:",
        false,
    ),
    (
        "reviews:",
        "formats:\n  short: {max_words: 400.5}\nreviews:",
        false,
    ),
    ("on: last thu", "on: \"32\"", false),
];

#[test]
fn single_edits_get_the_same_verdict_from_both() {
    let minimal =
        std::fs::read_to_string(manifest().join("tests/fixtures/valid/minimal.yaml")).unwrap();
    let validator = validator();
    for (from, to, valid) in EDITS {
        assert!(minimal.contains(from), "{from}");
        let text = minimal.replacen(from, to, 1);
        let verdicts = Verdicts::of(&validator, "edit.yaml", &text);
        let schema_errors = verdicts.schema_errors.clone().unwrap();
        assert_eq!(
            schema_errors.is_empty(),
            *valid,
            "`{to}`: schema {schema_errors:#?}"
        );
        if *valid {
            assert!(
                verdicts.errors().is_empty(),
                "`{to}`: {:#?}",
                verdicts.errors()
            );
        } else {
            assert!(
                !verdicts.errors().is_empty(),
                "`{to}`: the checker accepts it"
            );
        }
        assert_eq!(verdicts.disagreement(), None, "`{to}`");
    }
}

/// `snippet` written over `base`: a map's keys one by one (so an item the
/// snippet shows in part keeps the base's other fields), anything else whole.
fn written_over(base: &mut Value, snippet: &Value) {
    match (base, snippet) {
        (Value::Object(base), Value::Object(snippet)) => {
            for (key, value) in snippet {
                match base.get_mut(key) {
                    Some(old) => written_over(old, value),
                    None => {
                        base.insert(key.clone(), value.clone());
                    }
                }
            }
        }
        (base, snippet) => *base = snippet.clone(),
    }
}

/// The YAML examples of the format reference: whole plans as they are, and
/// snippets of top-level sections inside the atlas-crm example (a snippet's
/// items use its ids).
#[test]
fn the_format_reference_gets_the_same_verdict_from_both() {
    let docs = std::fs::read_to_string(manifest().join("docs/plan-format.md")).unwrap();
    let base_text =
        std::fs::read_to_string(manifest().join("examples/atlas-crm/plan.yaml")).unwrap();
    let base: Value = common::yaml_as_json(&base_text).unwrap();
    let sections = base
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect::<Vec<_>>();
    let validator = validator();
    let mut compared = 0;
    for block in docs.split("```yaml\n").skip(1) {
        let block = block.split("```").next().unwrap();
        let Ok(Value::Object(snippet)) = common::yaml_as_json::<Value>(block) else {
            continue; // a fragment of an item, or a mistake the text shows
        };
        let known = |key: &String| sections.contains(key) || key == "reports" || key == "lint";
        if !snippet.keys().all(known) {
            continue;
        }
        let plan = if snippet.contains_key("version") && snippet.contains_key("project") {
            Value::Object(snippet)
        } else {
            let mut plan = base.clone();
            written_over(&mut plan, &Value::Object(snippet));
            plan
        };
        // JSON is YAML: the checker reads the merged plan as written.
        let text = serde_json::to_string_pretty(&plan).unwrap();
        let verdicts = Verdicts::of(&validator, "docs.yaml", &text);
        assert_eq!(verdicts.disagreement(), None, "{block}");
        assert!(
            verdicts.findings.iter().all(is_beyond_the_schema),
            "{block}\n{:#?}",
            verdicts.errors()
        );
        compared += 1;
    }
    assert!(compared >= 10, "{compared} examples compared");
}
