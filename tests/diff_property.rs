//! `plan diff` misses no field: for random single edits to the example
//! plans (a value changed, a list element dropped or repeated, a field
//! removed, a default written out), whenever the edited plan still checks
//! clean, the diff is empty exactly when the two plans say the same. "The
//! same" is judged on the YAML trees with the format's documented defaults
//! filled in here (`with_defaults`), never through the diff's own walk, so
//! a field the walk forgot, or a default it does not know, fails this test.

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
use commplan::rules::RuleId;
use commplan::time::{Duration, TimeOfDay};
use proptest::prelude::*;
use serde_json::{Value, json};

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
    /// A field left out written as its default says: no change.
    WriteDefault,
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
/// and `1h30m`, `9:00` and `09:00` say the same), a set's repeats dropped.
fn normal(value: &Value) -> Value {
    match value {
        Value::String(s) => Value::String(
            TimeOfDay::parse(s)
                .map(|t| t.to_string())
                .or_else(|_| Duration::parse(s).map(|d| d.to_string()))
                .unwrap_or_else(|_| s.clone()),
        ),
        Value::Array(list) => Value::Array(list.iter().map(normal).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| match normal(v) {
                    Value::Array(list) if commplan::diff::SETS.contains(&k.as_str()) => {
                        (k.clone(), Value::Array(distinct(list)))
                    }
                    v => (k.clone(), v),
                })
                .collect(),
        ),
        other => other.clone(),
    }
}

fn distinct(list: Vec<Value>) -> Vec<Value> {
    let mut out = Vec::new();
    for value in list {
        if !out.contains(&value) {
            out.push(value);
        }
    }
    out
}

/// The tree with every default the format documents (docs/plan-format.md)
/// written out where the plan leaves it out: constants, and the values a
/// field inherits from another (a zone from the project's, a task's owner
/// from its meeting's).
fn with_defaults(tree: &Value) -> Value {
    let mut out = tree.clone();
    let project = &tree["project"];
    let locale = or(&project["locale"], json!("en"));
    let hours = json!({
        "days": or(&project["working_hours"]["days"], json!(["mon", "tue", "wed", "thu", "fri"])),
        "from": or(&project["working_hours"]["from"], json!("09:00")),
        "to": or(&project["working_hours"]["to"], json!("17:00")),
    });
    let calendars = match &tree["outputs"]["calendars"] {
        Value::Array(sets) => json!({ "sets": sets }),
        other => other.clone(),
    };
    let calendars = json!({
        "sets": or(&calendars["sets"], json!(["all", "audiences", "people"])),
        "refresh": or(&calendars["refresh"], json!("12h")),
        "reminders": or(&calendars["reminders"], json!([])),
        "color": calendars["color"],
    });
    out["project"]["locale"] = locale.clone();
    out["project"]["working_hours"] = hours.clone();
    out["outputs"]["calendars"] = calendars.clone();
    fill(&mut out["outputs"]["dir"], json!("site"));
    for rule in RuleId::ALL.iter().filter(|r| !r.is_validation()) {
        let level = format!("{:?}", rule.default_level()).to_lowercase();
        fill(&mut out["lint"][rule.as_str()], json!(level));
    }
    for_each(&mut out, "people", |id, person| {
        fill(&mut person["timezone"], project["timezone"].clone());
        fill(&mut person["locale"], person_locale(tree, id, &locale));
        for key in ["days", "from", "to"] {
            fill(&mut person["working_hours"][key], hours[key].clone());
        }
    });
    for_each(&mut out, "channels", |id, channel| {
        fill(&mut channel["hours"], json!("business"));
        fill(&mut channel["name"], json!(id));
        fill(&mut channel["timezone"], project["timezone"].clone());
    });
    for_each(&mut out, "audiences", |_, audience| {
        fill(&mut audience["locale"], locale.clone());
        fill(&mut audience["color"], calendars["color"].clone());
    });
    for section in ["meetings", "reports", "reviews", "trainings"] {
        for_each(&mut out, section, |_, item| {
            fill(&mut item["reminders"], calendars["reminders"].clone());
            if section == "trainings" {
                fill(&mut item["timezone"], project["timezone"].clone());
                return;
            }
            let schedule = &mut item["schedule"];
            fill(&mut schedule["timezone"], project["timezone"].clone());
            fill(&mut schedule["from"], project["start"].clone());
            fill(&mut schedule["until"], project["end"].clone());
            let owner = item["owner"].clone();
            for tasks in ["prepare", "follow_up"] {
                if let Some(list) = item[tasks].as_array_mut() {
                    list.iter_mut()
                        .for_each(|t| fill(&mut t["owner"], owner.clone()));
                }
            }
        });
    }
    out
}

fn or(value: &Value, default: Value) -> Value {
    if value.is_null() {
        default
    } else {
        value.clone()
    }
}

fn fill(slot: &mut Value, default: Value) {
    if slot.is_null() {
        *slot = default;
    }
}

fn for_each(tree: &mut Value, section: &str, mut edit: impl FnMut(&str, &mut Value)) {
    if let Some(items) = tree[section].as_object_mut() {
        for (id, item) in items.iter_mut() {
            edit(id, item);
        }
    }
}

/// A person's language unless they set one: the one all their audiences
/// read, else the project's.
fn person_locale(tree: &Value, person: &str, project: &Value) -> Value {
    let mut theirs = tree["audiences"]
        .as_object()
        .into_iter()
        .flat_map(|a| a.values())
        .filter(|a| {
            a["members"]
                .as_array()
                .is_some_and(|m| m.iter().any(|p| p == person))
        })
        .map(|a| or(&a["locale"], project.clone()));
    let first = theirs.next().unwrap_or_else(|| project.clone());
    if theirs.all(|l| l == first) {
        first
    } else {
        project.clone()
    }
}

/// Whether `path` names a field of a record the tree holds (a list form
/// such as `calendars: [all]` is left alone).
fn writable(tree: &Value, path: &[Step]) -> bool {
    let Some((Step::Key(_), parent)) = path.split_last() else {
        return false;
    };
    let mut at = tree;
    for step in parent {
        let next = match step {
            Step::Key(key) => at.get(key.as_str()),
            Step::Index(index) => at.get(*index),
        };
        match next {
            Some(next) => at = next,
            None => return false,
        }
    }
    at.is_object()
}

/// The example with one default it leaves out written out.
fn default_written(tree: &Value, at: usize) -> Option<Value> {
    let (mut written, mut filled) = (Vec::new(), Vec::new());
    paths(tree, &mut Vec::new(), &mut written);
    paths(&with_defaults(tree), &mut Vec::new(), &mut filled);
    let absent: Vec<&(Vec<Step>, Value)> = filled
        .iter()
        .filter(|(path, value)| {
            !value.is_null()
                && writable(tree, path)
                && !written
                    .iter()
                    .any(|(w, _)| format!("{w:?}") == format!("{path:?}"))
        })
        .collect();
    let (path, value) = absent.get(at % absent.len().max(1))?;
    let mut new = tree.clone();
    *node(&mut new, path) = value.clone();
    Some(new)
}

/// The example with one edit, or `None` where the edit does not apply (or
/// would change nothing the format can tell).
fn edited(tree: &Value, edit: Edit, at: usize, pick: usize) -> Option<Value> {
    if let Edit::WriteDefault = edit {
        return default_written(tree, at);
    }
    let mut all = Vec::new();
    paths(tree, &mut Vec::new(), &mut all);
    let candidates: Vec<&(Vec<Step>, Value)> = all
        .iter()
        .filter(|(path, value)| match edit {
            Edit::ChangeValue => !value.is_array() && !value.is_object() && path.len() > 1,
            Edit::DropElement | Edit::RepeatElement => {
                value.as_array().is_some_and(|l| !l.is_empty())
            }
            // Written by `default_written` above.
            Edit::WriteDefault => false,
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
        Edit::WriteDefault => return None,
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
        2 => Just(Edit::WriteDefault),
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
        let same = normal(&with_defaults(tree)) == normal(&with_defaults(&new_tree));
        if let Edit::WriteDefault = edit {
            prop_assert!(same, "a default written out changes nothing");
        }
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
