//! `plan diff` misses no field: for random single edits to the example
//! plans (a value changed, a list element dropped or repeated, a field
//! removed), whenever the edited plan still checks clean, the diff is empty
//! exactly when the two plans say the same. "The same" is judged on the YAML
//! trees as written, never through the diff's own walk, so a field the walk
//! forgot makes this test fail.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails loudly"
)]

mod common;
use std::sync::OnceLock;

use commplan::load::load_str;
use commplan::model::Plan;
use commplan::time::{Duration, TimeOfDay};
use proptest::prelude::*;
use serde_json::Value;

const EXAMPLES: &[&str] = &["atlas-crm", "zh-cn"];

/// Closed vocabularies of the format: a value in one is changed to another.
const VOCABULARIES: &[&[&str]] = &[
    &["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
    &["day", "weekday", "week", "2 weeks", "month", "quarter"],
    &[
        "email",
        "chat",
        "call",
        "video",
        "pm-system",
        "document",
        "in-person",
        "other",
    ],
    &["public", "internal"],
    &["business", "always"],
    &["language", "culture", "timezone", "technical", "other"],
    &["error", "warn", "allow"],
    &["all", "audiences", "people"],
    &["en", "zh-CN"],
    &[
        "Europe/Berlin",
        "Asia/Shanghai",
        "America/New_York",
        "Europe/London",
    ],
];
const DURATIONS: &[&str] = &[
    "15m", "30m", "45m", "1h", "2h", "1d", "1w", "2bh", "4bh", "1bd", "2bd",
];
const TIMES: &[&str] = &["08:30", "09:00", "10:00", "11:15", "14:00", "16:30"];

/// One place in the tree: a map's key or a list's position.
#[derive(Clone, Debug)]
enum Step {
    Key(String),
    Index(usize),
}

#[derive(Clone, Copy, Debug)]
enum Edit {
    ChangeValue,
    DropElement,
    RepeatElement,
    RemoveField,
}

/// Each example as written (a generic tree) and resolved.
fn examples() -> &'static Vec<(Value, Plan)> {
    static EXAMPLES_CHECKED: OnceLock<Vec<(Value, Plan)>> = OnceLock::new();
    EXAMPLES_CHECKED.get_or_init(|| {
        EXAMPLES
            .iter()
            .map(|name| {
                let path = format!("{}/examples/{name}/plan.yaml", env!("CARGO_MANIFEST_DIR"));
                let text = std::fs::read_to_string(path).unwrap();
                let tree: Value = common::yaml_as_json(&text).unwrap();
                let plan = resolved(&tree).expect("the example checks clean");
                (tree, plan)
            })
            .collect()
    })
}

/// The plan the tree writes (as JSON, which is YAML), when it has no errors.
fn resolved(tree: &Value) -> Option<Plan> {
    let text = serde_json::to_string_pretty(tree).unwrap();
    let checked = commplan::check(load_str("plan.yaml", &text));
    checked.resolved.map(|r| r.plan)
}

/// Every path in the tree below the top level, with the value there.
fn paths(value: &Value, at: &mut Vec<Step>, out: &mut Vec<(Vec<Step>, Value)>) {
    if !at.is_empty() {
        out.push((at.clone(), value.clone()));
    }
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                at.push(Step::Key(key.clone()));
                paths(v, at, out);
                at.pop();
            }
        }
        Value::Array(list) => {
            for (index, v) in list.iter().enumerate() {
                at.push(Step::Index(index));
                paths(v, at, out);
                at.pop();
            }
        }
        _ => {}
    }
}

fn node<'a>(tree: &'a mut Value, path: &[Step]) -> &'a mut Value {
    path.iter().fold(tree, |v, step| match step {
        Step::Key(key) => &mut v[key.as_str()],
        Step::Index(index) => &mut v[*index],
    })
}

/// Every id of the plan's items, by section: a reference changes to another.
fn ids(tree: &Value) -> Vec<Vec<String>> {
    tree.as_object()
        .unwrap()
        .values()
        .filter_map(Value::as_object)
        .map(|section| section.keys().cloned().collect())
        .collect()
}

/// Another value of the kind `value` is, chosen by `pick`.
fn other_value(value: &Value, ids: &[Vec<String>], pick: usize) -> Value {
    let choose = |pool: &[&str]| pool[pick % pool.len()].to_string();
    match value {
        Value::Bool(b) => Value::Bool(!b),
        Value::Number(n) => Value::from(n.as_u64().unwrap_or(1) + 1 + pick as u64 % 3),
        Value::String(s) => {
            let s = s.as_str();
            let vocabulary = VOCABULARIES.iter().find(|v| v.contains(&s));
            let section = ids.iter().find(|section| section.iter().any(|id| id == s));
            Value::String(if let Some(vocabulary) = vocabulary {
                choose(vocabulary)
            } else if let Some(section) = section {
                section[pick % section.len()].clone()
            } else if TimeOfDay::parse(s).is_ok() {
                choose(TIMES)
            } else if Duration::parse(s).is_ok() {
                choose(DURATIONS)
            } else if s.len() == 10 && s.as_bytes()[4] == b'-' {
                format!("{}{:02}", &s[..8], 1 + pick % 28)
            } else {
                format!("{s} (edited {})", pick % 3)
            })
        }
        other => other.clone(),
    }
}

/// A field whose removal leaves what the plan says unchanged: it holds
/// its default (the format's documented defaults, written out).
fn holds_its_default(path: &[Step], value: &Value) -> bool {
    let key = |i: usize| match path.get(i) {
        Some(Step::Key(k)) => k.as_str(),
        _ => "",
    };
    let in_project = key(0) == "project";
    let default_hours = in_project
        && key(1) == "working_hours"
        && match path.len() {
            2 => value
                .as_object()
                .is_some_and(|m| m.iter().all(|(k, v)| default_hour(k, v))),
            3 => default_hour(key(2), value),
            _ => false,
        };
    let empty = value.as_array().is_some_and(Vec::is_empty)
        || value.as_object().is_some_and(serde_json::Map::is_empty);
    empty
        || value.is_null()
        || *value == Value::Bool(false)
        || *value == Value::String("public".into())
        || (in_project && path.len() == 2 && key(1) == "locale" && value == "en")
        || default_hours
}

fn default_hour(key: &str, value: &Value) -> bool {
    let workdays = serde_json::json!(["mon", "tue", "wed", "thu", "fri"]);
    match key {
        "days" => *value == workdays,
        "from" => normal(value) == "09:00",
        "to" => normal(value) == "17:00",
        _ => false,
    }
}

/// The tree with every duration and time of day in one spelling (`90m`
/// and `1h30m`, `9:00` and `09:00` say the same).
fn normal(value: &Value) -> Value {
    match value {
        Value::String(s) => Value::String(
            TimeOfDay::parse(s)
                .map(|t| t.to_string())
                .or_else(|_| Duration::parse(s).map(|d| d.to_string()))
                .unwrap_or_else(|_| s.clone()),
        ),
        Value::Array(list) => Value::Array(list.iter().map(normal).collect()),
        Value::Object(map) => {
            Value::Object(map.iter().map(|(k, v)| (k.clone(), normal(v))).collect())
        }
        other => other.clone(),
    }
}

/// The example with one edit, or `None` where the edit does not apply (or
/// would change nothing the format can tell).
fn edited(tree: &Value, edit: Edit, at: usize, pick: usize) -> Option<Value> {
    let mut all = Vec::new();
    paths(tree, &mut Vec::new(), &mut all);
    let candidates: Vec<&(Vec<Step>, Value)> = all
        .iter()
        .filter(|(path, value)| match edit {
            Edit::ChangeValue => !value.is_array() && !value.is_object() && path.len() > 1,
            Edit::DropElement | Edit::RepeatElement => {
                value.as_array().is_some_and(|l| !l.is_empty())
            }
            Edit::RemoveField => {
                matches!(path.last(), Some(Step::Key(_)))
                    && path.len() > 1
                    && !holds_its_default(path, value)
            }
        })
        .collect();
    let (path, value) = candidates.get(at % candidates.len().max(1))?;
    let mut new = tree.clone();
    match edit {
        Edit::ChangeValue => *node(&mut new, path) = other_value(value, &ids(tree), pick),
        Edit::DropElement | Edit::RepeatElement => {
            let list = node(&mut new, path).as_array_mut()?;
            let index = pick % list.len();
            if matches!(edit, Edit::DropElement) {
                list.remove(index);
            } else {
                list.insert(index, list[index].clone());
            }
        }
        Edit::RemoveField => {
            let (Step::Key(key), parent) = path.split_last()? else {
                return None;
            };
            node(&mut new, parent).as_object_mut()?.remove(key);
        }
    }
    Some(new)
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        3 => Just(Edit::ChangeValue),
        1 => Just(Edit::DropElement),
        1 => Just(Edit::RepeatElement),
        2 => Just(Edit::RemoveField),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn the_diff_is_empty_exactly_when_the_plans_say_the_same(
        example in 0..EXAMPLES.len(),
        edit in edit(),
        at in any::<usize>(),
        pick in any::<usize>(),
    ) {
        let (tree, old) = &examples()[example];
        let Some(new_tree) = edited(tree, edit, at, pick) else { return Ok(()) };
        // An edit the checker refuses says nothing a diff compares.
        let Some(new) = resolved(&new_tree) else { return Ok(()) };
        let changes = commplan::diff::changes(old, &new);
        let same = normal(tree) == normal(&new_tree);
        prop_assert_eq!(
            changes.is_empty(),
            same,
            "{:?} in {}: {:?}",
            edit,
            EXAMPLES[example],
            changes.iter().map(|c| &c.text).collect::<Vec<_>>()
        );
    }
}
