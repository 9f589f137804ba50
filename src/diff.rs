//! What changed between two plans, in plain words for a review.
//!
//! Both plans are turned into one generic tree each (the model's
//! `Serialize`: every field, each value as the plan writes it) and the trees
//! are walked side by side, so no field can be left out of the comparison:
//! items of a section matched by id, maps by key, lists of records by
//! position when their lengths agree (else each record added or removed,
//! matched whole), everything else compared as a value.
//! The fields a reader knows by name are said in plain words; any other
//! change names its dotted path (`meetings.weekly-sync.agenda`).

use serde::Serialize;
use serde_json::{Map, Value};

use crate::model::{ItemKind, Plan};

mod defaults;

/// Lists whose order means nothing (dates off, weekdays, the ids of those
/// concerned, reminders): reordering one is no change. Any other list
/// (an agenda, a channel preference, steps) is read in order. Public for
/// the property test, which reads a repeat in one as no change too.
pub const SETS: &[&str] = &[
    "holidays",
    "extra_workdays",
    "skip",
    "days",
    "on",
    "members",
    "audiences",
    "attendees",
    "goals",
    "to",
    "affects",
    "for",
    "allow",
    "languages",
    "needs",
    "sets",
    "reminders",
];

/// A text longer than this is shown by an excerpt around its first change.
const LONG_TEXT: usize = 100;
/// How much of a long text is shown before and after its first change.
const EXCERPT: usize = 30;

/// One change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Change {
    /// `added`, `removed` or `changed`.
    pub kind: &'static str,
    /// The plan's top-level key: `meetings`, `project`, `outputs`, ...
    pub section: String,
    /// The item's id in a section of items; the section's name otherwise.
    pub id: String,
    /// The field inside the item: its plain name where it has one
    /// (`response`), else its dotted path (`follow_up.0.within`).
    pub field: Option<String>,
    /// The whole dotted path: `meetings.weekly-sync.follow_up.0.within`.
    pub path: String,
    pub old: Option<String>,
    pub new: Option<String>,
    /// The change in a sentence.
    pub text: String,
    /// What an added or removed item is (`meeting`), for the sentence.
    #[serde(skip)]
    pub noun: &'static str,
    /// Whether `field` is a name a reader knows (`response`, `owner`): it
    /// is said in words, else by its path.
    #[serde(skip)]
    pub plain: bool,
    /// The values compared, as data (`Null` where there is none).
    #[serde(skip)]
    pub before: Value,
    #[serde(skip)]
    pub after: Value,
}

/// The plan's top-level keys in the format's order; a key not listed (none
/// today) is compared after them, so a new section is never skipped.
const SECTIONS: &[&str] = &[
    "version",
    "project",
    "goals",
    "people",
    "audiences",
    "channels",
    "meetings",
    "reports",
    "formats",
    "norms",
    "escalations",
    "barriers",
    "trainings",
    "reviews",
    "outputs",
    "lint",
];

/// Fields said by their name (the handbook has a word for each); any other
/// field is named by its path.
const PLAIN_FIELDS: &[&str] = &[
    "name",
    "timezone",
    "start",
    "end",
    "owner",
    "title",
    "measure",
    "role",
    "email",
    "phone",
    "members",
    "channels",
    "external",
    "response",
    "urgent_response",
    "resolution",
    "formal",
    "url",
    "schedule",
    "duration",
    "channel",
    "audiences",
    "from",
    "to",
    "subject",
    "sections",
    "when",
    "mitigation",
    "topic",
    "date",
];

/// The keys of a schedule that say when it falls: one change, "moves from
/// ... to ...", when any of them changes.
const WHEN_KEYS: &[&str] = &["every", "on", "at", "timezone"];

/// Every change from `old` to `new`, section by section in the format's order.
pub fn changes(old: &Plan, new: &Plan) -> Vec<Change> {
    let (old, new) = (tree(old), tree(new));
    let mut out = Vec::new();
    for section in keys(&old, &new, SECTIONS) {
        let (a, b) = (member(&old, &section), member(&new, &section));
        match ItemKind::from_section(&section) {
            Some(kind) => items(&mut out, kind, a, b),
            None if section == "norms" => norms(&mut out, a, b),
            None => {
                let at = Place {
                    section: &section,
                    id: &section,
                    field: Vec::new(),
                };
                walk(&mut out, &at, a, b);
            }
        }
    }
    out
}

/// The plan as a generic tree with every default applied: writing a
/// default out is no change.
fn tree(plan: &Plan) -> Value {
    // Cannot fail: every key the model writes is a string.
    let tree = serde_json::to_value(plan).unwrap_or(Value::Null);
    defaults::resolved(plan, tree)
}

const NULL: &Value = &Value::Null;

fn member<'a>(value: &'a Value, key: &str) -> &'a Value {
    value.get(key).unwrap_or(NULL)
}

/// The keys of two maps: those of `order` first, in its order, then the rest.
fn keys(a: &Value, b: &Value, order: &[&str]) -> Vec<String> {
    let mut rest: Vec<String> = [a, b]
        .iter()
        .filter_map(|v| v.as_object())
        .flat_map(Map::keys)
        .filter(|k| !order.contains(&k.as_str()))
        .cloned()
        .collect();
    rest.sort();
    rest.dedup();
    let mut all: Vec<String> = order
        .iter()
        .filter(|k| a.get(**k).is_some() || b.get(**k).is_some())
        .map(|k| k.to_string())
        .collect();
    all.extend(rest);
    all
}

/// Where a value sits: its section, its item, and the path inside the item.
struct Place<'a> {
    section: &'a str,
    id: &'a str,
    field: Vec<String>,
}

impl Place<'_> {
    fn child(&self, key: &str) -> Place<'_> {
        let mut field = self.field.clone();
        field.push(key.to_string());
        Place {
            section: self.section,
            id: self.id,
            field,
        }
    }

    fn path(&self) -> String {
        let mut path = self.section.to_string();
        if ItemKind::from_section(self.section).is_some() {
            path = format!("{path}.{}", self.id);
        }
        for key in &self.field {
            path = format!("{path}.{key}");
        }
        path
    }

    /// Whether the field is a list whose order means nothing.
    fn is_set(&self) -> bool {
        self.field
            .last()
            .is_some_and(|key| SETS.contains(&key.as_str()))
    }

    /// The field's plain name: a known field of the item itself, an SLA's
    /// promise, or a schedule's duration.
    fn plain_name(&self) -> Option<&str> {
        let name = match self.field.as_slice() {
            [name] => name,
            [parent, name] if parent == "sla" || (parent == "schedule" && name == "duration") => {
                name
            }
            _ => return None,
        };
        PLAIN_FIELDS
            .contains(&name.as_str())
            .then_some(name.as_str())
    }
}

/// The changes to one section of items: items added and removed, and
/// every field of the items in both.
fn items(out: &mut Vec<Change>, kind: ItemKind, old: &Value, new: &Value) {
    let (section, noun) = (kind.section(), kind.noun());
    let ids = keys(old, new, &[]);
    let item = |kind: &'static str, id: &str| Change {
        kind,
        section: section.to_string(),
        id: id.to_string(),
        field: None,
        path: format!("{section}.{id}"),
        old: None,
        new: None,
        text: String::new(),
        noun,
        plain: true,
        before: Value::Null,
        after: Value::Null,
    };
    for id in ids.iter().filter(|id| old.get(id.as_str()).is_none()) {
        out.push(worded(item("added", id)));
    }
    for id in ids.iter().filter(|id| new.get(id.as_str()).is_none()) {
        out.push(worded(item("removed", id)));
    }
    for id in &ids {
        if let (Some(a), Some(b)) = (old.get(id.as_str()), new.get(id.as_str())) {
            let at = Place {
                section,
                id,
                field: Vec::new(),
            };
            walk(out, &at, a, b);
        }
    }
}

/// The norms, compared as sentences: each one added or removed; a change
/// that adds and removes none (one repeated) as the list.
fn norms(out: &mut Vec<Change>, old: &Value, new: &Value) {
    let (a, b) = (texts(old), texts(new));
    let norm = |kind: &'static str, text: &str| {
        let value = Some(text.to_string());
        let (old, new) = if kind == "added" {
            (None, value)
        } else {
            (value, None)
        };
        worded(Change {
            kind,
            section: "norms".to_string(),
            id: String::new(),
            field: None,
            path: "norms".to_string(),
            old,
            new,
            text: String::new(),
            noun: "norm",
            plain: true,
            before: Value::Null,
            after: Value::Null,
        })
    };
    let added: Vec<&String> = b.iter().filter(|n| !a.contains(n)).collect();
    let removed: Vec<&String> = a.iter().filter(|n| !b.contains(n)).collect();
    if let ([new], [old]) = (added.as_slice(), removed.as_slice()) {
        // One norm edited: one change, read as before and after.
        let mut edited = norm("changed", old);
        edited.new = Some(new.to_string());
        out.push(worded(edited));
        return;
    }
    out.extend(added.iter().map(|n| norm("added", n)));
    out.extend(removed.iter().map(|n| norm("removed", n)));
    if added.is_empty() && removed.is_empty() && !defaults::same_set(old, new) {
        let at = Place {
            section: "norms",
            id: "norms",
            field: Vec::new(),
        };
        changed(out, &at, old, new);
    }
}

fn texts(list: &Value) -> Vec<String> {
    list.as_array()
        .map(|l| {
            l.iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

/// Compares `a` and `b` at `at`: maps key by key, a schedule's time as one
/// value, lists of records of one length record by record, the rest whole
/// (a list of records of another length says each record added or removed).
fn walk(out: &mut Vec<Change>, at: &Place, a: &Value, b: &Value) {
    if a == b || !differs(a, b) {
        return;
    }
    let unmarked = |v| defaults::inherited(v).unwrap_or(v);
    let (a, b) = (unmarked(a), unmarked(b));
    // A set holds each value once: a repeat written in is no member more.
    let distinct_values;
    let (a, b) = if at.is_set() {
        distinct_values = (distinct(a), distinct(b));
        if defaults::same_set(&distinct_values.0, &distinct_values.1) {
            return;
        }
        (&distinct_values.0, &distinct_values.1)
    } else {
        (a, b)
    };
    match (a, b) {
        (Value::Object(_), Value::Object(_)) => {
            let is_schedule = at.field.len() == 1 && at.field[0] == "schedule";
            if is_schedule
                && WHEN_KEYS
                    .iter()
                    .any(|k| differs(member(a, k), member(b, k)))
            {
                let (old, new) = (Value::String(when(a)), Value::String(when(b)));
                changed(out, at, &old, &new);
            }
            for key in keys(a, b, &[]) {
                if is_schedule && WHEN_KEYS.contains(&key.as_str()) {
                    continue;
                }
                walk(out, &at.child(&key), member(a, &key), member(b, &key));
            }
        }
        (Value::Array(x), Value::Array(y))
            if x.len() == y.len() && x.iter().chain(y).all(Value::is_object) =>
        {
            for (index, (a, b)) in x.iter().zip(y).enumerate() {
                walk(out, &at.child(&index.to_string()), a, b);
            }
        }
        _ => changed(out, at, a, b),
    }
}

/// A list with each value once, in the order first written; any other
/// value as it is.
fn distinct(value: &Value) -> Value {
    let Value::Array(list) = value else {
        return value.clone();
    };
    let mut seen: Vec<&Value> = Vec::new();
    for item in list {
        if !seen.contains(&item) {
            seen.push(item);
        }
    }
    Value::Array(seen.into_iter().cloned().collect())
}

/// Whether two values mean something different. A field left out in
/// both plans follows the field it inherits from, whose change is said
/// there: it differs in neither.
fn differs(a: &Value, b: &Value) -> bool {
    match (defaults::inherited(a), defaults::inherited(b)) {
        (Some(_), Some(_)) => false,
        _ => defaults::meaning(a) != defaults::meaning(b),
    }
}

/// "every week on [tue] at 10:00 Europe/London" in the plan's own words.
fn when(schedule: &Value) -> String {
    let part = |key: &str, before: &str| {
        schedule
            .get(key)
            .filter(|v| !v.is_null())
            .map_or_else(String::new, |v| {
                format!("{before}{}", text(&defaults::meaning(v), false))
            })
    };
    format!(
        "every {}{} at {}{}",
        text(member(schedule, "every"), false),
        part("on", " on "),
        text(member(schedule, "at"), false),
        part("timezone", " ")
    )
}

fn changed(out: &mut Vec<Change>, at: &Place, a: &Value, b: &Value) {
    let (a, b) = (&defaults::meaning(a), &defaults::meaning(b));
    let plain = at.plain_name();
    let shown = |v: &Value| (!v.is_null()).then(|| text(v, plain.is_some()));
    out.push(worded(Change {
        kind: "changed",
        section: at.section.to_string(),
        id: at.id.to_string(),
        field: Some(plain.map_or_else(|| at.field.join("."), String::from)),
        path: at.path(),
        old: shown(a),
        new: shown(b),
        text: String::new(),
        noun: "",
        plain: plain.is_some(),
        before: a.clone(),
        after: b.clone(),
    }));
}

/// A value as the plan writes it: a plain field's list as `a, b`, any
/// other list in brackets, a record as `{key: value, ...}`; a list's item
/// that holds a separator is quoted, so items stay apart.
fn text(value: &Value, plain: bool) -> String {
    match value {
        Value::Null => "(none)".to_string(),
        Value::String(s) => s.clone(),
        Value::Array(list) => {
            let items: Vec<String> = list.iter().map(item_text).collect();
            if plain {
                items.join(", ")
            } else {
                format!("[{}]", items.join(", "))
            }
        }
        Value::Object(map) => {
            let fields: Vec<String> = map
                .iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| format!("{k}: {}", text(v, false)))
                .collect();
            format!("{{{}}}", fields.join(", "))
        }
        other => other.to_string(),
    }
}

/// One item of a list: quoted where it could be read as two, or as none;
/// a record stands apart by its braces.
fn item_text(value: &Value) -> String {
    let text = text(value, false);
    if value.is_object() {
        return text;
    }
    let ambiguous = text.is_empty()
        || text.trim() != text
        || text.contains([',', ';', '"', '[', ']', '{', '}']);
    if ambiguous { format!("{text:?}") } else { text }
}

/// What became of a list: the items added and removed (each as often as it
/// was), or, where none were, that the same items now stand in another order.
#[derive(Debug, PartialEq, Eq)]
pub struct ListEdit<'a> {
    pub added: Vec<&'a Value>,
    pub removed: Vec<&'a Value>,
}

/// The edit from `before` to `after` when both are lists of values or of
/// records (a record is matched whole: one in both is unchanged); `None`
/// for anything else.
pub fn list_edit<'a>(before: &'a Value, after: &'a Value) -> Option<ListEdit<'a>> {
    let (Value::Array(old), Value::Array(new)) = (before, after) else {
        return None;
    };
    if old.iter().chain(new).any(Value::is_array) {
        return None;
    }
    let missing = |from: &'a [Value], other: &'a [Value]| {
        let mut left: Vec<&Value> = other.iter().collect();
        from.iter()
            .filter(|v| match left.iter().position(|o| o == v) {
                Some(found) => {
                    left.remove(found);
                    false
                }
                None => true,
            })
            .collect::<Vec<_>>()
    };
    Some(ListEdit {
        added: missing(new, old),
        removed: missing(old, new),
    })
}

/// A long text cut to the stretch around its first difference from
/// `other`: `…eight weeks of hyper…`; a short one whole.
pub fn excerpt(text: &str, other: &str) -> String {
    if text.chars().count() <= LONG_TEXT && other.chars().count() <= LONG_TEXT {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    let first = chars
        .iter()
        .zip(other.chars())
        .take_while(|(a, b)| **a == *b)
        .count();
    let from = first.saturating_sub(EXCERPT);
    let to = (first + EXCERPT).min(chars.len());
    let mut shown: String = chars[from..to].iter().collect();
    if from > 0 {
        shown.insert(0, '…');
    }
    if to < chars.len() {
        shown.push('…');
    }
    shown
}

/// The change with its sentence.
fn worded(mut change: Change) -> Change {
    change.text = sentence(&change, &|id| format!("`{id}`"), &|v| v.to_string());
    change
}

/// The change in a sentence, ids and paths through `code` and texts from
/// the plans through `escape`: one wording for the plain text and Markdown.
/// A list says what was added and removed, a long text the stretch that
/// changed; the full values stay in `old` and `new`.
fn sentence(
    change: &Change,
    code: &dyn Fn(&str) -> String,
    escape: &dyn Fn(&str) -> String,
) -> String {
    let none = "(none)".to_string();
    let (old, new) = (change.old.as_deref(), change.new.as_deref());
    let shown = |this: Option<&str>, other: Option<&str>| {
        this.map_or_else(
            || none.clone(),
            |t| escape(&excerpt(t, other.unwrap_or_default())),
        )
    };
    let verb = match change.kind {
        "added" => "Added",
        "removed" => "Removed",
        _ => "Changed",
    };
    let what = match list_edit(&change.before, &change.after) {
        Some(edit) => list_words(&edit, &change.after, escape),
        None => format!("{} -> {}", shown(old, new), shown(new, old)),
    };
    match change.field.as_deref() {
        None if change.section == "norms" => match change.kind {
            "added" => format!("{verb} norm: {}", shown(new, None)),
            "removed" => format!("{verb} norm: {}", shown(old, None)),
            _ => format!("{verb} norm: {what}"),
        },
        None => format!("{verb} {} {}", change.noun, code(&change.id)),
        Some("schedule") if change.plain => format!(
            "{} moves from {} to {}",
            code(&change.id),
            shown(old, new),
            shown(new, old)
        ),
        Some(name) if change.plain => format!("{} {name} {what}", code(&change.id)),
        Some(_) => format!("{}: {what}", code(&change.path)),
    }
}

/// "added a, b; removed c", or "reordered: c, a, b".
fn list_words(edit: &ListEdit, after: &Value, escape: &dyn Fn(&str) -> String) -> String {
    let items = |list: &mut dyn Iterator<Item = &Value>| {
        list.map(|v| escape(&item_text(v)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut parts = Vec::new();
    if !edit.added.is_empty() {
        parts.push(format!("added {}", items(&mut edit.added.iter().copied())));
    }
    if !edit.removed.is_empty() {
        parts.push(format!(
            "removed {}",
            items(&mut edit.removed.iter().copied())
        ));
    }
    if parts.is_empty() {
        let all = after.as_array().map(Vec::as_slice).unwrap_or_default();
        parts.push(format!("reordered: {}", items(&mut all.iter())));
    }
    parts.join("; ")
}

/// The changes as a Markdown list for a pull request: the sentences of
/// `text`, with every value from the plans escaped (ids are code spans).
pub fn markdown(changes: &[Change]) -> String {
    if changes.is_empty() {
        return "no changes\n".to_string();
    }
    let mut out = String::from("## Changes to the communication plan\n\n");
    for change in changes {
        out.push_str(&format!("- {}\n", markdown_sentence(change)));
    }
    out
}

fn markdown_sentence(change: &Change) -> String {
    use crate::markdown::{code_text, escape_text};
    sentence(change, &code_text, &escape_text)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAN: &str = r#"
version: 1
project:
  name: Minimal
  owner: ana
  timezone: Europe/Berlin
  start: 2026-03-02
  end: 2026-06-26
  working_hours: {from: "09:00", to: "17:30"}
  holidays: [2026-04-03]
people:
  ana: {name: Ana Lima, email: ana@example.com}
audiences:
  team: {name: Team, members: [ana], channels: [email], needs: [Status], visibility: internal}
channels:
  email: {kind: email, purpose: Decisions, sla: {response: 1bd}}
meetings:
  weekly-sync:
    title: Weekly sync
    purpose: Align
    audiences: [team]
    owner: ana
    channel: email
    schedule: {every: week, on: [tue], at: "10:00", duration: 45m}
    agenda: [Progress, Risks]
    follow_up:
      - {task: Send minutes, within: 4bh}
reviews:
  retro:
    title: Retro
    owner: ana
    audiences: [team]
    schedule: {every: month, on: last thu, at: "14:00", duration: 1h}
    questions: [What worked?]
outputs:
  calendars: {reminders: [15m]}
lint:
  barrier-without-mitigation: warn
"#;

    fn diff(edits: &[(&str, &str)]) -> Vec<String> {
        let mut new = PLAN.to_string();
        for (from, to) in edits {
            assert!(new.contains(from), "{from}");
            new = new.replacen(from, to, 1);
        }
        let (old, new) = (
            crate::test_plans::resolved(PLAN),
            crate::test_plans::resolved(&new),
        );
        changes(&old.plan, &new.plan)
            .into_iter()
            .map(|c| c.text)
            .collect()
    }

    /// The issue's three edits give three changes.
    #[test]
    fn working_hours_a_holiday_and_an_agenda_item_are_three_changes() {
        assert_eq!(
            diff(&[
                ("to: \"17:30\"", "to: \"17:00\""),
                ("[2026-04-03]", "[2026-04-03, 2026-05-01]"),
                ("[Progress, Risks]", "[Progress, Next steps]"),
            ]),
            [
                "`project.holidays`: added 2026-05-01",
                "`project.working_hours.to`: 17:30 -> 17:00",
                "`meetings.weekly-sync.agenda`: added Next steps; removed Risks",
            ]
        );
    }

    /// Each field a hand-kept list once missed is one change.
    #[test]
    fn every_field_is_compared() {
        let cases: &[(&str, &str, &str)] = &[
            (
                "purpose: Align",
                "purpose: Decide",
                "`meetings.weekly-sync.purpose`: Align -> Decide",
            ),
            (
                "within: 4bh",
                "within: 2bh",
                "`meetings.weekly-sync.follow_up.0.within`: 4bh -> 2bh",
            ),
            (
                "[What worked?]",
                "[What worked?, What not?]",
                "`reviews.retro.questions`: added What not?",
            ),
            (
                "needs: [Status]",
                "needs: [Status, Risks]",
                "`audiences.team.needs`: added Risks",
            ),
            (
                "purpose: Decisions",
                "purpose: Records",
                "`channels.email.purpose`: Decisions -> Records",
            ),
            (
                ", visibility: internal",
                "",
                "`audiences.team.visibility`: internal -> public",
            ),
            (
                "end: 2026-06-26",
                "end: 2026-06-30",
                "`project` end 2026-06-26 -> 2026-06-30",
            ),
            (
                "[15m]",
                "[15m, 1d]",
                "`outputs.calendars.reminders`: added 1d",
            ),
            (
                "mitigation: warn",
                "mitigation: allow",
                "`lint.barrier-without-mitigation`: warn -> allow",
            ),
            (
                "response: 1bd}",
                "response: 1bd, resolution: 2bd}",
                "`email` resolution (none) -> 2bd",
            ),
            (
                "duration: 45m}",
                "duration: 1h}",
                "`weekly-sync` duration 45m -> 1h",
            ),
            (
                "duration: 45m}",
                "duration: 45m, until: 2026-05-26}",
                "`meetings.weekly-sync.schedule.until`: 2026-06-26 -> 2026-05-26",
            ),
        ];
        for (from, to, change) in cases {
            assert_eq!(diff(&[(from, to)]), [*change], "{from} -> {to}");
        }
    }

    /// Writing out what the defaults already say is no change.
    #[test]
    fn default_working_hours_written_out_are_no_change() {
        let written = "  working_hours: {from: \"09:00\", to: \"17:30\"}\n";
        assert!(PLAN.contains(written));
        let plan = |hours: &str| PLAN.replace(written, hours);
        let implicit = crate::test_plans::resolved(&plan(""));
        let explicit = crate::test_plans::resolved(&plan(
            "  working_hours: {days: [mon, tue, wed, thu, fri], from: \"09:00\", to: \"17:00\"}\n",
        ));
        assert_eq!(changes(&implicit.plan, &explicit.plan), []);
        assert_eq!(changes(&implicit.plan, &implicit.plan), []);
    }

    /// Every default of the format written out, one at a time and all
    /// together: no change (docs/plan-format.md: a field compares as its
    /// value, its default where it is left out).
    #[test]
    fn every_default_written_out_is_no_change() {
        let defaults: &[(&str, &str)] = &[
            (
                "  start: 2026-03-02\n",
                "  locale: en\n  start: 2026-03-02\n",
            ),
            (
                "ana: {name: Ana Lima,",
                "ana: {timezone: Europe/Berlin, locale: en, working_hours: {from: \"09:00\"}, name: Ana Lima,",
            ),
            (
                "{kind: email, purpose",
                "{kind: email, name: email, hours: business, timezone: Europe/Berlin, purpose",
            ),
            ("{name: Team,", "{name: Team, locale: en,"),
            (
                "{every: week, on: [tue]",
                "{timezone: Europe/Berlin, from: 2026-03-02, until: 2026-06-26, every: week, on: [tue]",
            ),
            ("{task: Send minutes,", "{task: Send minutes, owner: ana,"),
            (
                "    agenda: [Progress, Risks]\n",
                "    agenda: [Progress, Risks]\n    reminders: [15m]\n",
            ),
            (
                "  calendars: {reminders: [15m]}\n",
                "  dir: site\n  calendars: {sets: [people, all, audiences], refresh: 12h, reminders: [15m]}\n  tasks:\n    columns: {id: ID, title: Title, description: Description, assignee: Assignee, assignee_email: Assignee email, due: Due, list: List, labels: Labels}\n",
            ),
            (
                "  barrier-without-mitigation: warn\n",
                "  barrier-without-mitigation: warn\n  meeting-without-agenda: warn\n",
            ),
        ];
        let old = crate::test_plans::resolved(PLAN);
        let mut all = PLAN.to_string();
        for (from, to) in defaults {
            assert!(PLAN.contains(from), "{from}");
            let new = crate::test_plans::resolved(&PLAN.replacen(from, to, 1));
            assert_eq!(changes(&old.plan, &new.plan), [], "{to}");
            all = all.replacen(from, to, 1);
        }
        let new = crate::test_plans::resolved(&all);
        assert_eq!(changes(&old.plan, &new.plan), []);
        assert_eq!(changes(&new.plan, &old.plan), []);
    }

    /// A list whose order means nothing may be reordered; one read in
    /// order says so; a list says what was added and removed, each item
    /// told apart from the next.
    #[test]
    fn lists_say_what_was_added_and_removed() {
        assert_eq!(diff(&[("on: [tue]", "on: [tue, thu]")]).len(), 1);
        assert_eq!(
            diff(&[("[2026-04-03]", "[2026-05-01, 2026-04-03]")]),
            ["`project.holidays`: added 2026-05-01"]
        );
        // A set holds a value once: a repeat is no change, in or out...
        assert_eq!(
            diff(&[("needs: [Status]", "needs: [Status, Status]")]),
            [] as [&str; 0]
        );
        assert_eq!(
            diff(&[("members: [ana]", "members: [ana, ana]")]),
            [] as [&str; 0]
        );
        assert_eq!(
            diff(&[("needs: [Status]", "needs: [Status, Status, Risks]")]),
            ["`audiences.team.needs`: added Risks"]
        );
        // ...while a list read in order counts each.
        assert_eq!(
            diff(&[("[Progress, Risks]", "[Progress, Progress, Risks]")]),
            ["`meetings.weekly-sync.agenda`: added Progress"]
        );
        assert_eq!(
            diff(&[("[Progress, Risks]", "[Risks, Progress]")]),
            ["`meetings.weekly-sync.agenda`: reordered: Risks, Progress"]
        );
        assert_eq!(
            diff(&[("[Progress, Risks]", "[Progress, \"Risks, issues\"]")]),
            ["`meetings.weekly-sync.agenda`: added \"Risks, issues\"; removed Risks"]
        );
    }

    /// A list of records that grows or shrinks names each record added or
    /// removed, matched whole: the records in both are unchanged. One of
    /// the same length is still read field by field.
    #[test]
    fn records_added_or_removed_are_named_one_by_one() {
        let second = "      - {task: Send minutes, within: 4bh}\n      - {task: Update board, within: 1bd, via: email}\n";
        let one = "      - {task: Send minutes, within: 4bh}\n";
        assert_eq!(
            diff(&[(one, second)]),
            [
                "`meetings.weekly-sync.follow_up`: added {owner: ana, task: Update board, via: email, within: 1bd}"
            ]
        );
        let (old, new) = (PLAN.replace(one, second), PLAN.to_string());
        let removed: Vec<String> = changes(
            &crate::test_plans::resolved(&old).plan,
            &crate::test_plans::resolved(&new).plan,
        )
        .into_iter()
        .map(|c| c.text)
        .collect();
        assert_eq!(
            removed,
            [
                "`meetings.weekly-sync.follow_up`: removed {owner: ana, task: Update board, via: email, within: 1bd}"
            ]
        );
        assert_eq!(
            diff(&[(
                one,
                "      - {task: Book room, within: 1bd}\n      - {task: Send minutes, within: 2bh}\n"
            )]),
            [
                "`meetings.weekly-sync.follow_up`: added {owner: ana, task: Book room, within: 1bd}, {owner: ana, task: Send minutes, within: 2bh}; removed {owner: ana, task: Send minutes, within: 4bh}"
            ]
        );
    }

    /// A field that inherits its value follows its source: a change to the
    /// project's zone is said once, not again for every schedule.
    #[test]
    fn an_inherited_value_changes_where_its_source_does() {
        let changes = diff(&[("timezone: Europe/Berlin", "timezone: Europe/Paris")]);
        assert_eq!(
            changes,
            ["`project` timezone Europe/Berlin -> Europe/Paris"]
        );
        // Written out where it was inherited, the old value is no change...
        assert_eq!(
            diff(&[("{every: week,", "{timezone: Europe/Berlin, every: week,")]),
            [] as [&str; 0]
        );
        // ...and a new value against the one inherited is.
        assert_eq!(
            diff(&[("{every: week,", "{timezone: Europe/Paris, every: week,")]),
            [
                "`weekly-sync` moves from every week on [tue] at 10:00 Europe/Berlin to every week on [tue] at 10:00 Europe/Paris"
            ]
        );
    }

    /// A long text is shown by the stretch around its first difference;
    /// the JSON keeps both whole.
    #[test]
    fn a_long_text_is_shown_by_its_changed_stretch() {
        let long = "Align on progress, risks and the decisions the client owes us this week, in one place, with minutes.";
        let edited = long.replace("this week", "this  week");
        let (old, new) = (
            crate::test_plans::resolved(
                &PLAN.replace("purpose: Align", &format!("purpose: {long}")),
            ),
            crate::test_plans::resolved(
                &PLAN.replace("purpose: Align", &format!("purpose: {edited}")),
            ),
        );
        let found = changes(&old.plan, &new.plan);
        assert_eq!(
            found.iter().map(|c| c.text.as_str()).collect::<Vec<_>>(),
            [
                "`meetings.weekly-sync.purpose`: …sions the client owes us this week, in one place, with minut… -> …sions the client owes us this  week, in one place, with minu…"
            ]
        );
        assert_eq!(found[0].old.as_deref(), Some(long));
        assert_eq!(found[0].new.as_deref(), Some(edited.as_str()));
    }

    #[test]
    fn markdown_escapes_every_value_from_the_plans() {
        let change = Change {
            kind: "changed",
            section: "channels".to_string(),
            id: "zoom".to_string(),
            field: Some("url".to_string()),
            path: "channels.zoom.url".to_string(),
            old: Some("https://a.example/".to_string()),
            new: Some(
                "<script>alert(1)</script> [x](javascript:alert(2)) ![i](https://t.example/p.png)"
                    .to_string(),
            ),
            text: String::new(),
            noun: "",
            plain: true,
            before: Value::Null,
            after: Value::Null,
        };
        let generic = Change {
            field: Some("agenda".to_string()),
            path: "meetings.sync.agenda".to_string(),
            old: Some("[<b>A</b>]".to_string()),
            new: None,
            plain: false,
            ..change.clone()
        };
        let norm = Change {
            kind: "added",
            section: "norms".to_string(),
            id: String::new(),
            field: None,
            path: "norms".to_string(),
            old: None,
            new: Some("Reply <b>today</b>\n[r]: javascript:x".to_string()),
            text: String::new(),
            noun: "norm",
            plain: true,
            before: Value::Null,
            after: Value::Null,
        };
        let md = markdown(&[change, generic, norm]);
        assert_eq!(
            md,
            "## Changes to the communication plan\n\n\
             - `zoom` url https\\://a.example/ -> &lt;script&gt;alert(1)&lt;/script&gt; \\[x\\](javascript:alert(2)) \\!\\[i\\](https\\://t.example/p.png)\n\
             - `meetings.sync.agenda`: \\[&lt;b&gt;A&lt;/b&gt;\\] -> (none)\n\
             - Added norm: Reply &lt;b&gt;today&lt;/b&gt; \\[r\\]: javascript:x\n"
        );
    }
}
