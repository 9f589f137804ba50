//! The handbook's changelog (`plan build --previous`): what changed since
//! the previous plan, as sentences in the handbook's language, each item
//! named by its title and each value written as the handbook writes it
//! (names for ids, cadences, durations in words). `plan diff` keeps the
//! reviewer's form of the same changes (`crate::diff`).

use serde_json::Value;

use super::text;
use crate::compile::{Compiled, EventKind};
use crate::diff::Change;
use crate::i18n::Messages;
use crate::model::{Duration, ItemKind};

/// The changes from `previous` to `current`, in `current`'s language.
pub fn changelog(current: &Compiled, previous: &Compiled) -> Vec<String> {
    crate::diff::changes(&previous.plan, &current.plan)
        .iter()
        .map(|change| sentence(current, previous, change))
        .collect()
}

fn sentence(current: &Compiled, previous: &Compiled, change: &Change) -> String {
    let m = &current.messages;
    let added = change.kind == "added";
    if change.section == "norms" && change.field.is_none() {
        let (key, norm) = if added {
            ("changelog_norm_added", &change.new)
        } else {
            ("changelog_norm_removed", &change.old)
        };
        return m.fill(key, &[("norm", norm.as_deref().unwrap_or_default())]);
    }
    let title = title(current, change)
        .or_else(|| title(previous, change))
        .unwrap_or_else(|| change.id.clone());
    match change.field.as_deref() {
        None => {
            let key = if added {
                "changelog_added"
            } else {
                "changelog_removed"
            };
            let noun = m.get(&format!("changelog_noun_{}", change.noun));
            m.fill(key, &[("noun", &noun), ("title", &title)])
        }
        // A list of steps read as values is no sentence: say that it changed.
        Some(field) if field == "steps" || field.starts_with("steps.") => {
            m.fill("changelog_steps", &[("title", &title)])
        }
        Some(field) => {
            let old = value(previous, m, change, &change.before);
            let new = value(current, m, change, &change.after);
            let field = if change.plain {
                m.get(&format!("changelog_field_{field}"))
            } else {
                path_words(m, change)
            };
            m.fill(
                "changelog_changed",
                &[
                    ("title", &title),
                    ("field", &field),
                    ("old", &old),
                    ("new", &new),
                ],
            )
        }
    }
}

/// A field said by its path (`follow-up › #1 › within`): the section (where
/// it is no item's) and the item's field in the handbook's words, a list's
/// position by its number, the rest (ids, dates, keys within) as written.
fn path_words(m: &Messages, change: &Change) -> String {
    let in_item = ItemKind::from_section(&change.section).is_some() || change.section == "project";
    let section = (!in_item).then_some(change.section.as_str());
    let field = change.field.as_deref().unwrap_or_default();
    let segments = section
        .into_iter()
        .chain(field.split('.').filter(|s| !s.is_empty()));
    let words: Vec<String> = segments
        .enumerate()
        .map(|(position, segment)| {
            if let Ok(index) = segment.parse::<usize>() {
                let number = (index + 1).to_string();
                return m.fill("changelog_item", &[("n", &number)]);
            }
            let word = m.strings.get(&format!("changelog_field_{segment}"));
            match word {
                Some(word) if position == 0 => word.clone(),
                _ => segment.to_string(),
            }
        })
        .collect();
    words.join(&m.get("changelog_path_sep"))
}

/// The name a reader knows an item by in `compiled`: its title, topic or
/// name; an id for kinds that have none; the project's name for the
/// sections that are no items.
fn title(compiled: &Compiled, change: &Change) -> Option<String> {
    let plan = &compiled.plan;
    let id = change.id.as_str();
    let Some(kind) = ItemKind::from_section(&change.section) else {
        return Some(compiled.name.clone());
    };
    Some(match kind {
        ItemKind::Goal => plan.goals.get(id)?.title.value.clone(),
        ItemKind::Person => compiled.person(id)?.name.clone(),
        ItemKind::Audience => compiled.audience(id)?.name.clone(),
        ItemKind::Channel => compiled.channel(id)?.name.clone(),
        ItemKind::Meeting => plan.meetings.get(id)?.title.value.clone(),
        ItemKind::Report => plan.reports.get(id)?.title.value.clone(),
        ItemKind::Training => plan.trainings.get(id)?.topic.value.clone(),
        ItemKind::Review => plan.reviews.get(id)?.title.value.clone(),
        ItemKind::Format | ItemKind::Escalation | ItemKind::Barrier => id.to_string(),
    })
}

/// A field's value as the handbook writes it, looked up in the plan it is
/// from: names for ids, durations and times in words; any other value as
/// written, lists as the language lists them.
fn value(compiled: &Compiled, m: &Messages, change: &Change, value: &Value) -> String {
    if value.is_null() {
        return m.get("none");
    }
    // A field is read by its last key: `follow_up.0.within` is a duration,
    // `prepare.0.owner` a person, as they are at the top of an item.
    let field = change.field.as_deref().unwrap_or_default();
    let field = field.rsplit('.').next().unwrap_or_default();
    let names = |name: &dyn Fn(&str) -> Option<String>| {
        let ids = match value {
            Value::Array(list) => list.iter().filter_map(Value::as_str).collect(),
            other => other.as_str().into_iter().collect::<Vec<_>>(),
        };
        let names: Vec<String> = ids
            .into_iter()
            .map(|id| name(id).unwrap_or_else(|| id.to_string()))
            .collect();
        m.list(&names)
    };
    let text = value.as_str().unwrap_or_default();
    match field {
        "schedule" => schedule(compiled, m, change).unwrap_or_else(|| as_written(m, value)),
        "response" | "urgent_response" | "resolution" | "duration" | "within" | "before"
        | "after" | "refresh" => {
            Duration::parse(text).map_or_else(|_| as_written(m, value), |d| text::duration(m, d))
        }
        "owner" | "from" | "members" | "to" | "audiences" => names(&|id| {
            compiled
                .person(id)
                .map(|p| p.name.clone())
                .or_else(|| compiled.audience(id).map(|a| a.name.clone()))
        }),
        "channel" | "channels" => names(&|id| compiled.channel(id).map(|c| c.name.clone())),
        _ => as_written(m, value),
    }
}

/// A value as the plan writes it, yes and no and lists in the language.
fn as_written(m: &Messages, value: &Value) -> String {
    match value {
        Value::Null => m.get("none"),
        Value::Bool(yes) => m.get(if *yes { "yes" } else { "no" }),
        Value::String(text) => text.clone(),
        Value::Array(list) if list.is_empty() => m.get("none"),
        Value::Array(list) => m.list(&list.iter().map(|v| as_written(m, v)).collect::<Vec<_>>()),
        Value::Object(map) => {
            let fields: Vec<String> = map
                .iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(key, v)| format!("{key}{}{}", m.get("colon"), as_written(m, v)))
                .collect();
            m.list(&fields)
        }
        Value::Number(number) => number.to_string(),
    }
}

/// "every week on Tuesday at 16:00 Shanghai": the cadence of the changed
/// item's event in `compiled`, on the project's clock.
fn schedule(compiled: &Compiled, m: &Messages, change: &Change) -> Option<String> {
    let kind = match ItemKind::from_section(&change.section)? {
        ItemKind::Meeting => EventKind::Meeting,
        ItemKind::Review => EventKind::Review,
        ItemKind::Report => EventKind::Report,
        _ => return None,
    };
    let event = compiled.event(kind, &change.id)?;
    Some(text::reader_time(m, compiled, event, &compiled.zone))
}

#[cfg(test)]
mod tests {
    use super::*;

    const OLD: &str = r#"
version: 1
project: {name: 会员中台, owner: zhang, timezone: Asia/Shanghai, locale: zh-CN, start: 2026-03-02}
people:
  zhang: {name: 张伟}
  li: {name: 李娜}
audiences:
  team: {name: 项目组, members: [zhang], channels: [email]}
channels:
  email: {kind: email, formal: true, sla: {response: 1bd}}
meetings:
  sync:
    title: 周例会
    audiences: [team]
    owner: zhang
    schedule: {every: week, on: [tue], at: "10:00", duration: 30m}
reports:
  weekly: {title: 项目周报, from: zhang, to: [team], channel: email, schedule: {every: week, on: [fri], at: "16:00"}}
norms: [坏消息要早说。]
"#;

    /// The changelog from `old` to `new`; none from a plan to itself.
    fn changes(old: &str, new: &str) -> Vec<String> {
        let previous = crate::test_plans::resolved(old);
        let current = crate::test_plans::resolved(new);
        assert!(changelog(&previous, &previous).is_empty());
        changelog(&current, &previous)
    }

    /// Each change named by its title, its values as the handbook writes
    /// them, in the plan's language: no ids in backticks, no `[fri]`.
    #[test]
    fn the_changelog_speaks_the_handbooks_language() {
        let new = OLD
            .replace("on: [fri], at: \"16:00\"", "on: [thu], at: \"16:00\"")
            .replace("response: 1bd", "response: 4bh")
            .replace("owner: zhang\n    schedule", "owner: li\n    schedule")
            .replace("norms: [坏消息要早说。]", "norms: []");
        assert_eq!(
            changes(OLD, &new),
            [
                "email：首次响应由 1 个工作日 改为 4 个工作小时",
                "周例会：负责人由 张伟 改为 李娜",
                "项目周报：时间由 每周周五 上海时间 16:00 改为 每周周四 上海时间 16:00",
                "删除沟通规范：坏消息要早说。",
            ]
        );
    }

    /// A field without a word of its own still reads in the handbook's
    /// language: its words where the catalogue has them, a list's
    /// position by number, the rest as the plan writes it.
    #[test]
    fn every_other_field_is_said_by_its_path_in_the_language() {
        let old = OLD.replace(
            "duration: 30m}\n",
            "duration: 30m}\n    follow_up: [{task: 发纪要, within: 4bh}]\n",
        );
        let new = old
            .replace(
                "start: 2026-03-02}",
                "start: 2026-03-02, holidays: [2026-04-06]}",
            )
            .replace("within: 4bh", "within: 2bh")
            .replace("title: 周例会", "title: 周例会\n    visibility: internal");
        assert_eq!(
            changes(&old, &new),
            [
                "会员中台：节假日由 — 改为 2026-04-06",
                "周例会：会后跟进 › 第 1 项 › within由 4 个工作小时 改为 2 个工作小时",
                "周例会：可见范围由 public 改为 internal",
            ]
        );
    }
}
