//! Compiled plan -> output files in memory. Writing them is `write`'s job.

pub mod handbook;
pub mod ics;
pub mod tasks;

use crate::compile::{Compiled, Event};
use crate::model::CalendarSet;
use crate::time::Instant;

/// One output file: a path relative to the output folder (with `/`) and its bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// The calendar files: one for the whole plan, one per audience, one per
/// person, as `sets` selects. `stamp` is the DTSTAMP of every event.
pub fn calendars(compiled: &Compiled, sets: &[CalendarSet], stamp: Instant) -> Vec<OutputFile> {
    let mut files = Vec::new();
    let everything: Vec<&Event> = compiled.events.iter().collect();
    if sets.contains(&CalendarSet::All) {
        files.push(OutputFile {
            path: "calendars/plan.ics".to_string(),
            bytes: ics::calendar(compiled, &compiled.name, &everything, stamp).into_bytes(),
        });
    }
    if sets.contains(&CalendarSet::Audiences) {
        for audience in &compiled.audiences {
            files.push(audience_calendar(
                compiled,
                audience,
                format!("calendars/audiences/{}.ics", audience.id),
                stamp,
            ));
        }
    }
    if sets.contains(&CalendarSet::People) {
        for person in &compiled.people {
            let external = compiled.is_external_person(&person.id);
            let events: Vec<&Event> = compiled
                .events
                .iter()
                .filter(|e| e.attendees.contains(&person.id))
                .filter(|e| !(external && e.internal))
                .collect();
            let title = format!("{} — {}", compiled.name, person.name);
            files.push(OutputFile {
                path: format!("calendars/people/{}.ics", person.id),
                bytes: ics::calendar(compiled, &title, &events, stamp).into_bytes(),
            });
        }
    }
    files
}

/// Everything `plan build` writes: calendars, the handbook in both forms,
/// checklists, each audience's view, and `plan.json`.
pub fn site(
    plan: &crate::model::Plan,
    compiled: &Compiled,
    sets: &[CalendarSet],
    overrides: &handbook::Overrides,
    stamp: Instant,
    changelog: &[String],
) -> Result<Vec<OutputFile>, String> {
    let locale = plan.project.as_ref().map(|p| p.locale).unwrap_or_default();
    let messages = crate::i18n::Messages::for_locale(locale);
    let mut files = calendars(compiled, sets, stamp);
    let mut whole = crate::ir::handbook(plan, compiled, &messages, None);
    whole.changelog = changelog.to_vec();
    files.extend(handbook::pages(&whole, overrides, "")?);
    for audience in &compiled.audiences {
        let view = crate::ir::handbook(plan, compiled, &messages, Some(&audience.id));
        let prefix = format!("audiences/{}/", audience.id);
        files.extend(handbook::pages(&view, overrides, &prefix)?);
        files.push(audience_calendar(
            compiled,
            audience,
            format!("{prefix}calendar.ics"),
            stamp,
        ));
    }
    files.push(OutputFile {
        path: "plan.json".to_string(),
        bytes: plan_json(&whole, compiled),
    });
    let through = compiled
        .end
        .unwrap_or_else(|| compiled.start.add_days(365).unwrap_or(compiled.start));
    let all_tasks = crate::compile::tasks::tasks(plan, compiled, &messages, through);
    files.push(OutputFile {
        path: "tasks.csv".to_string(),
        bytes: tasks::csv(&all_tasks, &task_columns(plan, &messages)),
    });
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// How many upcoming occurrences `plan.json` lists per event.
const NEXT_OCCURRENCES: usize = 10;

/// The resolved plan for other tools: the handbook's data (without the
/// message catalogue) and each event's first occurrences.
fn plan_json(handbook: &crate::ir::Handbook, compiled: &Compiled) -> Vec<u8> {
    let mut value = serde_json::to_value(handbook).unwrap_or_default();
    if let Some(object) = value.as_object_mut() {
        object.remove("t");
        let occurrences: Vec<serde_json::Value> = compiled
            .events
            .iter()
            .map(|event| {
                let through = event.recurrence.until.unwrap_or_else(|| event.recurrence.from.add_days(366).unwrap_or(event.recurrence.from));
                let next: Vec<serde_json::Value> = event
                    .expand(&compiled.work_week, through)
                    .occurrences
                    .iter()
                    .take(NEXT_OCCURRENCES)
                    .map(|o| serde_json::json!({
                        "start": o.start.to_rfc3339(&event.recurrence.zone),
                        "end": o.end.to_rfc3339(&event.recurrence.zone),
                    }))
                    .collect();
                serde_json::json!({ "id": event.id, "kind": event.kind.as_str(), "title": event.title, "next": next })
            })
            .collect();
        object.insert(
            "occurrences".to_string(),
            serde_json::Value::Array(occurrences),
        );
    }
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text.into_bytes()
}

/// The task columns: `outputs.tasks.columns` (field -> header, in order), or
/// every field with its header in the plan's language.
pub fn task_columns(
    plan: &crate::model::Plan,
    messages: &crate::i18n::Messages,
) -> Vec<(String, String)> {
    let configured = plan
        .outputs
        .as_ref()
        .and_then(|o| o.tasks.as_ref())
        .map(|t| &t.columns);
    match configured {
        Some(columns) if !columns.is_empty() => columns
            .iter()
            .map(|(field, header)| (field.to_string(), header.value.clone()))
            .collect(),
        _ => crate::compile::tasks::FIELDS
            .iter()
            .map(|field| ((*field).to_string(), messages.get(&format!("task_{field}"))))
            .collect(),
    }
}

/// An audience's calendar: what addresses it, without internal items when it is external.
fn audience_calendar(
    compiled: &Compiled,
    audience: &crate::compile::Audience,
    path: String,
    stamp: Instant,
) -> OutputFile {
    let events: Vec<&Event> = compiled
        .events
        .iter()
        .filter(|e| e.audiences.contains(&audience.id))
        .filter(|e| !(audience.external && e.internal))
        .collect();
    let title = format!("{} — {}", compiled.name, audience.name);
    OutputFile {
        path,
        bytes: ics::calendar(compiled, &title, &events, stamp).into_bytes(),
    }
}
