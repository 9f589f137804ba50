//! The documentation says what the rule table says: the lint rules' table in
//! `docs/plan-format.md` is generated from it, and the rule counts in
//! `README.md` and `docs/plan-format.md` and the validation rules' table
//! follow it. `UPDATE_DOCS=1 cargo test --test rule_docs` rewrites the
//! generated parts; the validation table's texts are written by hand.

use std::path::PathBuf;

use commplan::rules::RuleId;

const REGENERATE: &str = "run `UPDATE_DOCS=1 cargo test --test rule_docs`";
const TABLE_START: &str =
    "<!-- The table is generated from the rules: UPDATE_DOCS=1 cargo test --test rule_docs -->\n\n";
const TABLE_END: &str = "\n<!-- End of the generated table. -->";

fn doc(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(name)
}

/// Compares a document with what it should say, after rewriting it first
/// under `UPDATE_DOCS`.
fn check_current(name: &str, current: &str, expected: &str) {
    if std::env::var_os("UPDATE_DOCS").is_some() && current != expected {
        std::fs::write(doc(name), expected).unwrap();
        return;
    }
    assert!(current == expected, "{name} is stale: {REGENERATE}");
}

fn lint_rule_count() -> usize {
    RuleId::ALL.iter().filter(|r| !r.is_validation()).count()
}

fn validation_rules() -> Vec<&'static str> {
    RuleId::ALL
        .iter()
        .filter(|r| r.is_validation())
        .map(|r| r.as_str())
        .collect()
}

/// "six", as the prose writes small numbers.
fn in_words(n: usize) -> String {
    const WORDS: [&str; 13] = [
        "no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve",
    ];
    WORDS
        .get(n)
        .map_or_else(|| n.to_string(), |w| w.to_string())
}

/// `text` with the words between `before` and the next `after` replaced.
fn with_between(text: &str, before: &str, after: &str, new: &str) -> Option<String> {
    let start = text.find(before)? + before.len();
    let end = start + text[start..].find(after)?;
    Some(format!("{}{new}{}", &text[..start], &text[end..]))
}

/// One test per file: two tests rewriting one file at once would lose an update.
#[test]
fn plan_format_md_is_current() {
    let name = "docs/plan-format.md";
    let current = std::fs::read_to_string(doc(name)).unwrap();
    let expected = with_between(
        &current,
        TABLE_START,
        TABLE_END,
        &commplan::lint::lint_rules_table(),
    )
    .unwrap_or_else(|| panic!("{name} lacks the markers around the lint rules' table"));
    let expected = with_between(
        &expected,
        "\nThese ",
        " rules report plans that cannot be understood",
        &in_words(validation_rules().len()),
    )
    .unwrap_or_else(|| panic!("{name} says how many validation rules there are"));
    check_current(name, &current, &expected);
    assert_eq!(
        validation_table(&current),
        validation_rules(),
        "{name}, \"Validation rules\": write one row per validation rule, in order"
    );
}

/// The rules the validation rules' table names, in order (its texts are
/// written by hand).
fn validation_table(text: &str) -> Vec<&str> {
    let section = text
        .split("### Validation rules\n")
        .nth(1)
        .and_then(|rest| rest.split("\n###").next())
        .unwrap_or_default();
    section
        .lines()
        .filter_map(|line| line.strip_prefix("| `"))
        .filter_map(|row| row.split('`').next())
        .collect()
}

#[test]
fn readme_rule_count_is_current() {
    let name = "README.md";
    let current = std::fs::read_to_string(doc(name)).unwrap();
    let expected = with_between(
        &current,
        "**lints** it with ",
        " rules",
        &lint_rule_count().to_string(),
    )
    .unwrap_or_else(|| panic!("{name} says how many rules `plan lint` has"));
    check_current(name, &current, &expected);
}

#[test]
fn the_helpers_find_and_replace_what_they_should() {
    assert_eq!(
        with_between("lints it with 22 rules (x)", "it with ", " rules", "23").as_deref(),
        Some("lints it with 23 rules (x)")
    );
    assert_eq!(with_between("no marker", "it with ", " rules", "1"), None);
    assert_eq!(in_words(6), "six");
    assert_eq!(in_words(40), "40");
}
