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
        let text = |norm: &Option<String>, other: &Option<String>| {
            crate::diff::excerpt(
                norm.as_deref().unwrap_or_default(),
                other.as_deref().unwrap_or_default(),
            )
        };
        let (old, new) = (
            text(&change.old, &change.new),
            text(&change.new, &change.old),
        );
        return match change.kind {
            "added" => m.fill("changelog_norm_added", &[("norm", &new)]),
            "removed" => m.fill("changelog_norm_removed", &[("norm", &old)]),
            _ => m.fill("changelog_norm_changed", &[("old", &old), ("new", &new)]),
        };
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
        Some(field) => {
            let field = if change.plain {
                m.get(&format!("changelog_field_{field}"))
            } else {
                path_words(m, change)
            };
            // Latin text (an id, a key) meets the language's own words with
            // the gap the language leaves there.
            let field = if field.ends_with(|c: char| c.is_ascii_alphanumeric()) {
                field + &m.get("changelog_latin_gap")
            } else {
                field
            };
            if let Some(edit) = crate::diff::list_edit(&change.before, &change.after) {
                let changes = list_words(current, previous, m, change, &edit);
                return m.fill(
                    "changelog_list",
                    &[("title", &title), ("field", &field), ("changes", &changes)],
                );
            }
            let old = value(previous, m, change, &change.before, &change.after);
            let new = value(current, m, change, &change.after, &change.before);
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

/// "added A and B; removed C" in the handbook's language, each item
/// written as the handbook writes it, in the plan it is from.
fn list_words(
    current: &Compiled,
    previous: &Compiled,
    m: &Messages,
    change: &Change,
    edit: &crate::diff::ListEdit,
) -> String {
    let joiner = m.get("list_and");
    let items = |compiled: &Compiled, list: &[&Value]| {
        let words: Vec<String> = list
            .iter()
            .map(|v| match v {
                Value::Object(fields) => record(compiled, m, change, fields),
                _ => {
                    let word = value(compiled, m, change, v, &Value::Null);
                    // An item that holds a separator, or the word that
                    // joins the last two, is quoted, to stay one.
                    if word.contains([',', ';', '，', '、', '；']) || word.contains(&joiner) {
                        m.fill("changelog_quoted", &[("text", &word)])
                    } else {
                        word
                    }
                }
            })
            .collect();
        m.list(&words)
    };
    let mut parts = Vec::new();
    if !edit.added.is_empty() {
        let added = items(current, &edit.added);
        parts.push(m.fill("changelog_list_added", &[("items", &added)]));
    }
    if !edit.removed.is_empty() {
        let removed = items(previous, &edit.removed);
        parts.push(m.fill("changelog_list_removed", &[("items", &removed)]));
    }
    if parts.is_empty() {
        let all: Vec<&Value> = change.after.as_array().into_iter().flatten().collect();
        let all = items(current, &all);
        parts.push(m.fill("changelog_list_reordered", &[("items", &all)]));
    }
    parts.join(&m.get("changelog_list_join"))
}

/// A record added to or removed from a list (a follow-up task, a step):
/// its task quoted, then each other field by its word, its value as the
/// handbook writes it: “Send minutes” (due within: 4 business hours).
fn record(
    compiled: &Compiled,
    m: &Messages,
    change: &Change,
    fields: &serde_json::Map<String, Value>,
) -> String {
    let words: Vec<String> = fields
        .iter()
        .filter(|(key, v)| *key != "task" && !v.is_null())
        .map(|(key, v)| {
            let word = m
                .strings
                .get(&format!("changelog_field_{key}"))
                .unwrap_or(key);
            let shown = one_value(compiled, m, change, key, v, &Value::Null);
            format!("{word}{}{shown}", m.get("colon"))
        })
        .collect();
    let others = words.join(&m.get("changelog_record_sep"));
    let task = fields.get("task").and_then(Value::as_str);
    match task {
        Some(task) if words.is_empty() => m.fill("changelog_quoted", &[("text", task)]),
        Some(task) => m.fill(
            "changelog_record_task",
            &[("task", task), ("fields", &others)],
        ),
        None => m.fill("changelog_record", &[("fields", &others)]),
    }
}

/// A field said by its path (`follow-up › #1 › due within`): the section
/// (where it is no item's) and every field in the handbook's words (a
/// field's word in its parent first: a schedule's `from` is its first day,
/// a report's `from` its sender), a list's position by its number, and the
/// keys of a map the plan keys itself (a lint rule, a date) as written.
fn path_words(m: &Messages, change: &Change) -> String {
    let in_item = ItemKind::from_section(&change.section).is_some() || change.section == "project";
    let section = (!in_item).then_some(change.section.as_str());
    let field = change.field.as_deref().unwrap_or_default();
    let segments: Vec<&str> = section
        .into_iter()
        .chain(field.split('.').filter(|s| !s.is_empty()))
        .collect();
    let words: Vec<String> = segments
        .iter()
        .enumerate()
        .map(|(position, segment)| {
            let parent = position.checked_sub(1).and_then(|p| segments.get(p));
            if let Ok(index) = segment.parse::<usize>() {
                // A list with a word for its items says it (`step 3`).
                let number = (index + 1).to_string();
                let key = parent
                    .map(|p| format!("changelog_item_{p}"))
                    .filter(|key| m.strings.contains_key(key))
                    .unwrap_or_else(|| "changelog_item".to_string());
                return m.fill(&key, &[("n", &number)]);
            }
            if parent.is_some_and(|p| KEYED_BY_PLAN.contains(p)) {
                return segment.to_string();
            }
            let field = owning_field(&segments[..position]);
            let specific =
                field.and_then(|f| m.strings.get(&format!("changelog_field_{f}_{segment}")));
            specific
                .or_else(|| m.strings.get(&format!("changelog_field_{segment}")))
                .cloned()
                .unwrap_or_else(|| segment.to_string())
        })
        .collect();
    words.join(&m.get("changelog_path_sep"))
}

/// The field a segment belongs to, from the segments before it: the last
/// one that names a field, not a list's position or a key the plan chose
/// (`follow_up` for `follow_up.0.owner`, `changes` for `changes.<date>.to`).
fn owning_field<'a>(before: &[&'a str]) -> Option<&'a str> {
    (0..before.len()).rev().find_map(|at| {
        let segment = before[at];
        let keyed = at > 0 && KEYED_BY_PLAN.contains(&before[at - 1]);
        (segment.parse::<usize>().is_err() && !keyed).then_some(segment)
    })
}

/// Maps keyed by the plan's own names, not by fields: lint rules, task
/// fields, planned dates.
const KEYED_BY_PLAN: &[&str] = &["lint", "columns", "changes"];

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
/// from: names for ids, durations and times in words, the format's words
/// (`business`, `internal`, `warn`) in the language; any other value as
/// written, a long text by the stretch that differs from `other`, lists as
/// the language lists them.
fn value(
    compiled: &Compiled,
    m: &Messages,
    change: &Change,
    value: &Value,
    other: &Value,
) -> String {
    if value.is_null() {
        return m.get("none");
    }
    // A field is read by its last key: `follow_up.0.within` is a duration,
    // `prepare.0.owner` a person, as they are at the top of an item.
    let path = change.field.as_deref().unwrap_or_default();
    let field = path.rsplit('.').next().unwrap_or_default();
    if field == "schedule" {
        return schedule(compiled, m, change).unwrap_or_else(|| as_written(m, value));
    }
    one_value(compiled, m, change, field, value, other)
}

/// The value of `field` (a list's item, or the whole value), a list as
/// the language lists it.
fn one_value(
    compiled: &Compiled,
    m: &Messages,
    change: &Change,
    field: &str,
    value: &Value,
    other: &Value,
) -> String {
    if let Value::Array(list) = value {
        if list.is_empty() {
            return m.get("none");
        }
        let words: Vec<String> = list
            .iter()
            .map(|v| one_value(compiled, m, change, field, v, &Value::Null))
            .collect();
        return m.list(&words);
    }
    let text = value.as_str().unwrap_or_default();
    let word = |key: String| m.strings.get(&key).cloned();
    let in_lint = change.section == "lint";
    let translated = match field {
        "response" | "urgent_response" | "resolution" | "duration" | "within" | "before"
        | "after" | "refresh" | "reminders" => {
            Duration::parse(text).ok().map(|d| text::duration(m, d))
        }
        "owner" | "from" | "members" | "to" | "audiences" | "attendees" | "for" | "affects" => {
            compiled
                .person(text)
                .map(|p| p.name.clone())
                .or_else(|| compiled.audience(text).map(|a| a.name.clone()))
        }
        "channel" | "channels" | "via" => compiled.channel(text).map(|c| c.name.clone()),
        "goals" => compiled.plan.goals.get(text).map(|g| g.title.value.clone()),
        "hours" => word(format!("hours_{text}")),
        "visibility" => word(format!("visibility_{text}")),
        "sets" => word(format!("calendar_set_{text}")),
        "locale" => word(format!("locale_name_{text}")),
        "days" | "on" => word(format!("weekday_{text}")),
        "kind" if change.section == "channels" => word(format!("channel_kind_{text}")),
        "kind" if change.section == "barriers" => word(format!("barrier_kind_{text}")),
        _ if in_lint => word(format!("lint_level_{text}")),
        _ => None,
    };
    translated.unwrap_or_else(|| match (value, other) {
        (Value::String(text), Value::String(other)) => crate::diff::excerpt(text, other),
        _ => as_written(m, value),
    })
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
                .map(|(key, v)| {
                    let key = m
                        .strings
                        .get(&format!("changelog_field_{key}"))
                        .unwrap_or(key);
                    format!("{key}{}{}", m.get("colon"), as_written(m, v))
                })
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
                "会员中台：节假日新增 2026-04-06",
                "周例会：会后跟进 › 第 1 项 › 完成时限由 4 个工作小时 改为 2 个工作小时",
                "周例会：可见范围由 所有相关方 改为 仅内部",
            ]
        );
    }

    /// A record added or removed is said on its own, a step's change by
    /// its number, in either language; a list's item that holds the word
    /// joining the last two is quoted.
    #[test]
    fn records_and_steps_are_said_one_by_one() {
        let old = format!(
            "{}{}",
            OLD.replace(
                "duration: 30m}\n",
                "duration: 30m}\n    agenda: [进度]\n    follow_up: [{task: 发纪要, within: 4bh}]\n",
            ),
            "escalations:\n  delivery:\n    when: 阻塞\n    steps:\n      - {to: [zhang], via: email}\n      - {to: [li], via: email, after: 3bd}\n",
        );
        let new = old
            .replace("after: 3bd", "after: 2bd")
            .replace(
                "[{task: 发纪要, within: 4bh}]",
                "[{task: 发纪要, within: 4bh}, {task: 更新看板, within: 1bd, via: email}]",
            )
            .replace("agenda: [进度]", "agenda: [进度, Budget and risks, Demo]");
        let dropped = old.replace("      - {to: [li], via: email, after: 3bd}\n", "");
        assert_eq!(
            changes(&old, &new),
            [
                "周例会：议程新增 Budget and risks、Demo",
                "周例会：会后跟进新增 “更新看板”（负责人：张伟，渠道：email，完成时限：1 个工作日）",
                "delivery：升级步骤 › 第 2 步 › 等待时长由 3 个工作日 改为 2 个工作日",
            ]
        );
        assert_eq!(
            changes(&old, &dropped),
            ["delivery：升级步骤删除 （等待时长：3 个工作日，接收对象：李娜，渠道：email）"]
        );
        let english = |plan: &str| plan.replace("locale: zh-CN", "locale: en");
        assert_eq!(
            changes(&english(&old), &english(&new)),
            [
                "周例会: agenda: added “Budget and risks” and Demo",
                "周例会: follow-up: added “更新看板” (owner: 张伟, via: email, due within: 1 business day)",
                "delivery: steps › step 2 › wait changed from 3 business days to 2 business days",
            ]
        );
        assert_eq!(
            changes(&english(&old), &english(&dropped)),
            ["delivery: steps: removed (wait: 3 business days, recipients: 李娜, via: email)"]
        );
    }

    const FULL: &str = r#"
version: 1
project:
  name: 会员中台
  client: 鹏程零售
  summary: 会员中台建设。
  owner: zhang
  timezone: Asia/Shanghai
  locale: zh-CN
  start: 2026-03-02
  end: 2026-08-28
  working_hours: {days: [mon, tue, wed, thu, fri], from: "09:00", to: "18:00"}
  holidays: [2026-05-01]
  extra_workdays: [2026-05-09]
goals:
  speed: {title: 快速决策, measure: 两天内决策}
people:
  zhang: {name: 张伟, role: 项目经理, email: zhang@example.com, phone: "138", languages: [zh], working_hours: {from: "10:00"}}
  li: {name: 李娜}
audiences:
  team: {name: 项目组, members: [zhang], channels: [mail, im], needs: [进度]}
  client: {name: 客户, members: [li], channels: [mail], external: true}
channels:
  mail: {name: 项目邮箱, kind: email, purpose: 正式记录, address: pm@example.com, formal: true, sla: {response: 1bd, urgent_response: 2bh, resolution: 3bd}}
  im: {name: 企业微信, kind: chat, provider: wecom, url: https://work.example.com/, sla: {response: 2bh}}
meetings:
  sync:
    title: 周例会
    purpose: 同步进度
    goals: [speed]
    audiences: [team]
    attendees: [li]
    owner: zhang
    channel: im
    link: https://meet.example.com/a
    dial_in: "+86 10 1234"
    schedule: {every: week, on: [tue], at: "10:00", duration: 30m, skip: [2026-04-07]}
    changes:
      2026-03-10: {to: "11:00", note: 客户来访}
    agenda: [进度, 风险]
    prepare:
      - {task: 更新看板, before: 1bd}
    follow_up:
      - {task: 发纪要, within: 4bh, via: mail}
    reminders: [15m]
reports:
  weekly: {title: 项目周报, from: zhang, to: [team], channel: mail, format: status, schedule: {every: week, on: [fri], at: "16:00"}}
formats:
  status: {subject: "周报 {date}", sections: [进展, 风险], max_words: 400}
norms: [坏消息要早说。]
escalations:
  delivery:
    when: 阻塞问题
    steps:
      - {to: [zhang], via: im}
      - {to: [li], via: mail, after: 1bd}
barriers:
  distance: {kind: timezone, affects: [client], description: 时差, mitigation: 固定会议时间, owner: zhang}
trainings:
  intro: {topic: 系统培训, for: [team], owner: zhang, channel: im, date: 2026-03-05, at: "14:00", duration: 1h}
reviews:
  retro: {title: 月度回顾, owner: zhang, audiences: [team], channel: im, schedule: {every: month, on: last thu, at: "15:00", duration: 1h}, questions: [哪里做得好？]}
outputs:
  dir: out
  calendars: {sets: [all, people], refresh: 6h, reminders: [30m], color: teal}
  tasks:
    columns: {title: 标题, due: 截止}
lint:
  meeting-without-agenda: warn
"#;

    /// Every field of `FULL` edited: the zh-CN changelog has no English
    /// word but the plan's own (its ids, addresses and zones): every field
    /// and every word of the format (`business`, `internal`, `warn`) is
    /// said in the language, and no Latin word runs into Chinese.
    #[test]
    fn a_plan_edited_in_every_field_reads_in_chinese() {
        let edits: &[(&str, &str)] = &[
            ("client: 鹏程零售", "client: 鹏程集团"),
            ("summary: 会员中台建设。", "summary: 会员中台二期。"),
            ("owner: zhang\n  timezone", "owner: li\n  timezone"),
            ("timezone: Asia/Shanghai", "timezone: Asia/Hong_Kong"),
            ("locale: zh-CN\n  start", "locale: zh-CN\n  start"),
            ("start: 2026-03-02", "start: 2026-03-03"),
            ("end: 2026-08-28", "end: 2026-08-27"),
            (
                "days: [mon, tue, wed, thu, fri]",
                "days: [mon, tue, wed, thu, fri, sat]",
            ),
            ("to: \"18:00\"}", "to: \"17:30\"}"),
            (
                "holidays: [2026-05-01]",
                "holidays: [2026-05-01, 2026-05-04]",
            ),
            ("extra_workdays: [2026-05-09]", "extra_workdays: []"),
            (
                "measure: 两天内决策}",
                "measure: 三天内决策, visibility: internal}",
            ),
            ("role: 项目经理", "role: 交付经理"),
            ("phone: \"138\"", "phone: \"139\""),
            ("languages: [zh]", "languages: [zh, en]"),
            (
                "working_hours: {from: \"10:00\"}}",
                "working_hours: {from: \"08:30\"}, timezone: Europe/Berlin, locale: en}",
            ),
            (
                "channels: [mail, im], needs: [进度]}",
                "channels: [im, mail], needs: [进度, 风险], color: teal, locale: en}",
            ),
            ("external: true}", "external: false}"),
            (
                "kind: email, purpose: 正式记录",
                "kind: document, purpose: 正式文件",
            ),
            ("formal: true", "formal: false, timezone: Europe/Berlin"),
            (
                "urgent_response: 2bh, resolution: 3bd",
                "urgent_response: 1bh, resolution: 2bd",
            ),
            ("provider: wecom", "provider: dingtalk, hours: always"),
            ("sla: {response: 2bh}}", "sla: {response: 2h}}"),
            ("purpose: 同步进度", "purpose: 同步风险"),
            ("attendees: [li]", "attendees: []"),
            (
                "owner: zhang\n    channel: im",
                "owner: li\n    channel: mail",
            ),
            ("meet.example.com/a", "meet.example.com/b"),
            ("\"+86 10 1234\"", "\"+86 10 5678\""),
            (
                "at: \"10:00\", duration: 30m, skip: [2026-04-07]",
                "at: \"10:00\", duration: 45m, skip: [2026-04-14], from: 2026-03-09, until: 2026-08-25",
            ),
            (
                "{to: \"11:00\", note: 客户来访}",
                "{to: \"11:30\", note: 客户来访改期, duration: 1h}",
            ),
            ("agenda: [进度, 风险]", "agenda: [风险, 进度]"),
            (
                "{task: 更新看板, before: 1bd}",
                "{task: 更新任务看板, before: 2bd, owner: li}",
            ),
            ("within: 4bh, via: mail", "within: 2bh, via: im"),
            ("reminders: [15m]\nreports", "reminders: [15m, 1d]\nreports"),
            (
                "format: status, schedule",
                "format: status, goals: [speed], schedule",
            ),
            ("周报 {date}", "项目周报 {date}"),
            ("sections: [进展, 风险]", "sections: [进展, 风险, 下周计划]"),
            ("max_words: 400", "max_words: 300"),
            ("when: 阻塞问题", "when: 阻塞或争议"),
            (
                "kind: timezone, affects: [client]",
                "kind: culture, affects: [client, team]",
            ),
            ("description: 时差", "description: 时差六小时"),
            ("mitigation: 固定会议时间", "mitigation: 轮换会议时间"),
            ("topic: 系统培训", "topic: 系统上线培训"),
            (
                "date: 2026-03-05, at: \"14:00\", duration: 1h}",
                "date: 2026-03-06, at: \"14:00\", duration: 2h, reminders: []}",
            ),
            (
                "questions: [哪里做得好？]",
                "questions: [哪里做得好？, 哪里、为何要改进？]",
            ),
            ("dir: out", "dir: build"),
            (
                "sets: [all, people], refresh: 6h, reminders: [30m], color: teal",
                "sets: [all, audiences], refresh: 1d, reminders: [1h], color: navy",
            ),
            (
                "{title: 标题, due: 截止}",
                "{title: 标题, due: 截止日期, assignee: 负责人}",
            ),
            (
                "meeting-without-agenda: warn",
                "meeting-without-agenda: allow",
            ),
            (
                "norms: [坏消息要早说。]",
                "norms: [坏消息要早说，好消息也要说。]",
            ),
        ];
        let mut new = FULL.to_string();
        for (from, to) in edits {
            assert!(new.contains(from), "{from}");
            new = new.replacen(from, to, 1);
        }
        let found = changes(FULL, &new);
        assert!(found.len() >= edits.len() - 2, "{found:#?}");
        for expected in [
            "周例会：单次变更 › 2026-03-10 › 新时间由 11:00 改为 11:30",
            "项目周报：目标新增 快速决策",
            "会员中台：检查级别 › meeting-without-agenda 由 警告 改为 允许",
            "企业微信：值守时间由 工作时间 改为 全天候",
            "月度回顾：回顾问题新增 “哪里、为何要改进？”",
        ] {
            assert!(
                found.iter().any(|f| f == expected),
                "{expected}: {found:#?}"
            );
        }
        // The plan's own Latin words: ids, addresses, zones, providers,
        // CSS colour names.
        let own = [
            "zhang", "li", "team", "client", "mail", "im", "speed", "sync", "weekly", "status",
            "delivery", "distance", "intro", "retro", "Asia", "Shanghai", "Hong", "Kong", "Europe",
            "Berlin", "example", "com", "https", "work", "meet", "a", "b", "wecom", "dingtalk",
            "out", "build", "date", "meeting", "without", "agenda", "due", "title", "assignee",
            "zh", "en", "teal", "navy",
        ];
        for sentence in &found {
            let mut words = sentence
                .split(|c: char| !c.is_ascii_alphabetic())
                .filter(|w| !w.is_empty());
            assert!(words.all(|w| own.contains(&w)), "English in: {sentence}");
            let chars: Vec<char> = sentence.chars().collect();
            for pair in chars.windows(2) {
                let han = |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c);
                assert!(
                    !(pair[0].is_ascii_alphanumeric() && han(pair[1])),
                    "Latin runs into Chinese in: {sentence}"
                );
            }
        }
    }

    /// Every field of the format has a word in every language.
    #[test]
    fn every_field_has_a_word() {
        let schema: Value = serde_json::from_str(&crate::schema::json_schema()).unwrap_or_default();
        let mut fields = std::collections::BTreeSet::new();
        collect_properties(&schema, &mut fields);
        assert!(fields.contains("within") && fields.contains("refresh"));
        for locale in [crate::model::Locale::En, crate::model::Locale::ZhCn] {
            let m = Messages::for_locale(locale);
            let missing: Vec<&String> = fields
                .iter()
                .filter(|f| !m.strings.contains_key(&format!("changelog_field_{f}")))
                .collect();
            assert!(missing.is_empty(), "{locale:?}: {missing:?}");
        }
    }

    fn collect_properties(value: &Value, names: &mut std::collections::BTreeSet<String>) {
        match value {
            Value::Object(map) => {
                if let Some(Value::Object(properties)) = map.get("properties") {
                    names.extend(properties.keys().cloned());
                }
                map.values().for_each(|v| collect_properties(v, names));
            }
            Value::Array(items) => items.iter().for_each(|v| collect_properties(v, names)),
            _ => {}
        }
    }
}
