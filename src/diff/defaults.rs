//! Every default the format applies, applied to a plan's tree before it is
//! compared: a field compares as its value, its default where it is left
//! out, so writing a default out is no change.
//!
//! A default that is a constant (`hours: business`, `dir: site`, the
//! calendar sets, each lint rule's level) is filled in where the field is
//! absent, so a change from it reads `site -> out`. A default inherited
//! from another field (a person's zone from the project's, a task's owner
//! from its meeting's) is filled in marked as inherited ([`inherited`]):
//! where a field is left out in both plans it follows its source, whose
//! change is said once, where it was made, not again at every item that
//! follows it; where it is written in one plan only, the value written is
//! compared with the value inherited in the other.

use serde_json::{Map, Value, json};

use crate::i18n::Messages;
use crate::model::{CalendarOutputs, Hours, Locale, Outputs, Plan, shared_locale};
use crate::rules::{Level, RuleId};

/// The sections whose items have a `schedule`.
const SCHEDULED: &[&str] = &["meetings", "reports", "reviews"];
/// The sections whose items may set their own `reminders`.
const REMINDED: &[&str] = &["meetings", "reports", "reviews", "trainings"];

/// The tree of `plan` with every default applied.
pub(super) fn resolved(plan: &Plan, mut tree: Value) -> Value {
    let written = tree.clone();
    let project = member(&written, "project");
    let zone = member(project, "timezone");
    let locale = member(project, "locale");
    if let (Some(project), Some(Value::Object(at))) = (&plan.project, tree.get_mut("project")) {
        let hours = serde_json::to_value(project.resolved_working_hours()).unwrap_or(Value::Null);
        at.insert("working_hours".to_string(), hours.clone());
        for_each_item(&mut tree, &["people"], |_, person| {
            person_working_hours(person, &hours);
        });
    }
    for_each_item(
        &mut tree,
        &["people", "channels", "trainings"],
        |_, item| {
            inherit(item, "timezone", zone);
        },
    );
    for_each_item(&mut tree, SCHEDULED, |_, item| {
        if let Some(schedule) = item.get_mut("schedule").and_then(Value::as_object_mut) {
            // A schedule's own zone, start and end, else the project's.
            inherit(schedule, "timezone", zone);
            inherit(schedule, "from", member(project, "start"));
            inherit(schedule, "until", member(project, "end"));
        }
    });
    for_each_item(&mut tree, &["channels"], |id, channel| {
        fill(channel, "hours", json!(Hours::default()));
        fill(channel, "name", json!(id));
    });
    for_each_item(&mut tree, &["audiences"], |_, audience| {
        inherit(audience, "locale", locale);
    });
    for_each_item(&mut tree, &["people"], |id, person| {
        inherit(person, "locale", &person_locale(&written, id));
    });
    for_each_item(&mut tree, &["meetings"], |_, meeting| {
        let owner = meeting.get("owner").cloned().unwrap_or(Value::Null);
        for tasks in ["prepare", "follow_up"] {
            let list = meeting.get_mut(tasks).and_then(Value::as_array_mut);
            for task in list.into_iter().flatten().filter_map(Value::as_object_mut) {
                inherit(task, "owner", &owner);
            }
        }
    });
    outputs(plan, &mut tree);
    let calendars = member(member(&tree, "outputs"), "calendars").clone();
    for_each_item(&mut tree, &["audiences"], |_, audience| {
        inherit(audience, "color", member(&calendars, "color"));
    });
    for_each_item(&mut tree, REMINDED, |_, item| {
        inherit(item, "reminders", member(&calendars, "reminders"));
    });
    lint_levels(&mut tree);
    empty_records_absent(&mut tree);
    tree
}

/// `outputs` with its constant defaults filled in, and the task columns
/// as a list of `field: header` in the plan's order (a map would lose it),
/// absent where they are the default columns.
fn outputs(plan: &Plan, tree: &mut Value) {
    let Some(outputs) = tree.as_object_mut().and_then(|t| record(t, "outputs")) else {
        return;
    };
    fill(outputs, "dir", json!(Outputs::DEFAULT_DIR));
    let Some(calendars) = record(outputs, "calendars") else {
        return;
    };
    fill(calendars, "sets", json!(CalendarOutputs::DEFAULT_SETS));
    fill(
        calendars,
        "refresh",
        json!(CalendarOutputs::DEFAULT_REFRESH),
    );
    fill(calendars, "reminders", json!([]));
    let locale = plan.project.as_ref().map_or(Locale::En, |p| p.locale);
    let messages = Messages::for_locale(locale);
    let written: Vec<Value> = plan
        .outputs
        .as_ref()
        .and_then(|o| o.tasks.as_ref())
        .map(|t| {
            t.columns
                .iter()
                .map(|(field, header)| json!(format!("{field}: {}", header.value)))
                .collect()
        })
        .unwrap_or_default();
    let default: Vec<Value> = crate::model::TASK_FIELDS
        .iter()
        .map(|field| {
            json!(format!(
                "{field}: {}",
                messages.get(&format!("task_{field}"))
            ))
        })
        .collect();
    if written.is_empty() || written == default {
        outputs.remove("tasks");
    } else {
        let tasks = record(outputs, "tasks");
        tasks.map(|t| t.insert("columns".to_string(), Value::Array(written)));
    }
}

/// Every lint rule at its level: the one written, else its default.
fn lint_levels(tree: &mut Value) {
    let Some(lint) = tree.as_object_mut().and_then(|t| record(t, "lint")) else {
        return;
    };
    for rule in RuleId::ALL.iter().filter(|rule| !rule.is_validation()) {
        let level = match rule.default_level() {
            Level::Error => "error",
            Level::Warn => "warn",
            Level::Allow => "allow",
        };
        fill(lint, rule.as_str(), json!(level));
    }
}

/// A person's working days and hours: each one written, else the project's.
fn person_working_hours(person: &mut Map<String, Value>, project: &Value) {
    if let Some(hours) = record(person, "working_hours") {
        for key in ["days", "from", "to"] {
            inherit(hours, key, member(project, key));
        }
    }
}

/// The language a person reads unless they set one: the one all their
/// audiences read, else the project's ([`shared_locale`], as the outputs decide).
fn person_locale(tree: &Value, person: &str) -> Value {
    let project = member(member(tree, "project"), "locale");
    let theirs = member(tree, "audiences")
        .as_object()
        .into_iter()
        .flat_map(Map::values)
        .filter(|a| {
            member(a, "members")
                .as_array()
                .is_some_and(|m| m.iter().any(|id| id == person))
        })
        .map(|a| match member(a, "locale") {
            Value::Null => project,
            own => own,
        });
    shared_locale(project, theirs).clone()
}

/// Calls `edit` with the id and fields of every item of `sections`.
fn for_each_item(
    tree: &mut Value,
    sections: &[&str],
    mut edit: impl FnMut(&str, &mut Map<String, Value>),
) {
    for section in sections {
        let Some(items) = tree.get_mut(*section).and_then(Value::as_object_mut) else {
            continue;
        };
        for (id, item) in items.iter_mut() {
            if let Some(fields) = item.as_object_mut() {
                edit(id, fields);
            }
        }
    }
}

/// The record at `key`, made one where it is absent.
fn record<'a>(map: &'a mut Map<String, Value>, key: &str) -> Option<&'a mut Map<String, Value>> {
    let slot = map.entry(key.to_string()).or_insert(Value::Null);
    if !slot.is_object() {
        *slot = Value::Object(Map::new());
    }
    slot.as_object_mut()
}

fn fill(map: &mut Map<String, Value>, key: &str, default: Value) {
    let slot = map.entry(key.to_string()).or_insert(Value::Null);
    if slot.is_null() {
        *slot = default;
    }
}

/// The key a value inherited from another field is wrapped in.
const INHERITED: &str = "$inherited";

/// The field at `key`, or where it is absent the value of the field it
/// inherits from, marked so.
fn inherit(map: &mut Map<String, Value>, key: &str, source: &Value) {
    let slot = map.entry(key.to_string()).or_insert(Value::Null);
    if slot.is_null() && !source.is_null() {
        *slot = json!({ INHERITED: source.clone() });
    }
}

/// The value a field left out inherits, where `value` is one.
pub(super) fn inherited(value: &Value) -> Option<&Value> {
    value.as_object().filter(|m| m.len() == 1)?.get(INHERITED)
}

/// `value` with every inherited value in it unmarked: what the field means.
pub(super) fn meaning(value: &Value) -> Value {
    if let Some(source) = inherited(value) {
        return meaning(source);
    }
    match value {
        Value::Object(map) => {
            Value::Object(map.iter().map(|(k, v)| (k.clone(), meaning(v))).collect())
        }
        Value::Array(list) => Value::Array(list.iter().map(meaning).collect()),
        other => other.clone(),
    }
}

/// A record with nothing in it (`sla: {}`, `working_hours: {}`) says what
/// leaving it out says.
fn empty_records_absent(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for v in map.values_mut() {
                empty_records_absent(v);
                if v.as_object()
                    .is_some_and(|m| m.values().all(Value::is_null))
                {
                    *v = Value::Null;
                }
            }
            map.retain(|_, v| !v.is_null());
        }
        Value::Array(list) => list.iter_mut().for_each(empty_records_absent),
        _ => {}
    }
}

/// Whether two lists hold the same values, in any order.
pub(super) fn same_set(a: &Value, b: &Value) -> bool {
    match (a.as_array(), b.as_array()) {
        (Some(a), Some(b)) => sorted(a) == sorted(b),
        _ => a == b,
    }
}

fn sorted(list: &[Value]) -> Vec<String> {
    let mut texts: Vec<String> = list.iter().map(Value::to_string).collect();
    texts.sort();
    texts
}

const NULL: &Value = &Value::Null;

fn member<'a>(value: &'a Value, key: &str) -> &'a Value {
    value.get(key).unwrap_or(NULL)
}
