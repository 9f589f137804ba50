//! Every dated task the plan implies, for a project-management system: each
//! meeting occurrence's preparation (due `before` its start) and follow-up
//! (due `within` after its end) on the project's business clock, each
//! report's due time, and the preparation of trainings and reviews.

use std::sync::Arc;

use serde::Serialize;

use super::{Compiled, EventKind};
use crate::model::Duration;
use crate::time::{Date, Instant, SEARCH_DAYS};

/// Trainings and reviews have no preparation list; their owner prepares them
/// one business day ahead.
const DEFAULT_PREPARATION: Duration = Duration::Business {
    days: 1,
    minutes: 0,
};

/// One dated task. What all the tasks of one list item share (its
/// description, assignee, list and labels) is held once, not once per
/// occurrence: a portfolio's year is a million tasks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Task {
    /// Stable across builds and plan edits that keep the ids and dates, so a
    /// re-import updates instead of duplicating: `weekly-sync-20260310-prepare-1`.
    pub id: String,
    pub title: String,
    /// `YYYY-MM-DD HH:MM` in the project's zone.
    pub due: String,
    pub due_instant: Instant,
    shared: Arc<Shared>,
}

/// What the tasks of one item (a meeting's preparation step, a report...) share.
#[derive(Debug, PartialEq, Eq)]
struct Shared {
    description: String,
    assignee: String,
    assignee_email: String,
    /// The meeting, report, training or review the task belongs to.
    list: String,
    labels: Vec<String>,
    /// Person ids and audience ids the task concerns, for `--for`.
    concerns: Arc<[String]>,
}

impl Task {
    pub fn description(&self) -> &str {
        &self.shared.description
    }

    pub fn assignee(&self) -> &str {
        &self.shared.assignee
    }

    pub fn assignee_email(&self) -> &str {
        &self.shared.assignee_email
    }

    /// The meeting, report, training or review the task belongs to.
    pub fn list(&self) -> &str {
        &self.shared.list
    }

    pub fn labels(&self) -> &[String] {
        &self.shared.labels
    }

    /// Person ids and audience ids the task concerns.
    pub fn concerns(&self) -> &[String] {
        &self.shared.concerns
    }
}

/// The fields in the order of [`crate::model::TASK_FIELDS`], as `export
/// tasks --format json` writes them.
impl Serialize for Task {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut task = serializer.serialize_struct("Task", 8)?;
        task.serialize_field("id", &self.id)?;
        task.serialize_field("title", &self.title)?;
        task.serialize_field("description", self.description())?;
        task.serialize_field("assignee", self.assignee())?;
        task.serialize_field("assignee_email", self.assignee_email())?;
        task.serialize_field("due", &self.due)?;
        task.serialize_field("list", self.list())?;
        task.serialize_field("labels", self.labels())?;
        task.end()
    }
}

/// All tasks of occurrences from each schedule's start through `through`, by due time.
pub fn tasks(compiled: &Compiled, through: Date) -> Vec<Task> {
    tasks_between(compiled, None, through)
}

/// The tasks of occurrences dated `first` (when given) through `through`,
/// by due time: a window costs what its occurrences cost.
pub fn tasks_between(compiled: &Compiled, first: Option<Date>, through: Date) -> Vec<Task> {
    let plan = &compiled.plan;
    let messages = &compiled.messages;
    let clock = crate::time::BusinessClock {
        zone: compiled.zone.clone(),
        work_week: compiled.work_week.clone(),
        open: compiled.open,
        close: compiled.close,
    };
    let person = |id: Option<&str>| {
        let found = id.and_then(|id| compiled.person(id));
        (
            found.map(|p| p.name.clone()).unwrap_or_default(),
            found.and_then(|p| p.email.clone()).unwrap_or_default(),
        )
    };
    let local = |instant: Instant| {
        let l = instant.local(&compiled.zone);
        format!("{} {}", l.date, l.time)
    };
    let stamp = |date: Date| format!("{:04}{:02}{:02}", date.year(), date.month(), date.day());
    let mut out = Vec::new();
    for event in &compiled.events {
        let concerns: Arc<[String]> = event
            .attendees
            .iter()
            .chain(&event.audiences)
            .cloned()
            .collect();
        let occurrences = match first {
            Some(first) => event.expand_between(&compiled.work_week, first, through),
            None => event.expand(&compiled.work_week, through),
        }
        .occurrences;
        match event.kind {
            EventKind::Meeting => {
                let Some(meeting) = plan.meetings.get(&event.id) else {
                    continue;
                };
                let agenda: Vec<String> = meeting
                    .agenda
                    .iter()
                    .map(|a| format!("• {}", a.value))
                    .collect();
                let owner = |task_owner: Option<&crate::model::Spanned<crate::model::Id>>| {
                    person(task_owner.or(meeting.owner.as_ref()).map(|o| o.as_str()))
                };
                let prepare: Vec<Arc<Shared>> = meeting
                    .prepare
                    .iter()
                    .map(|task| {
                        let (assignee, assignee_email) = owner(task.owner.as_ref());
                        Arc::new(Shared {
                            description: agenda.join("\n"),
                            assignee,
                            assignee_email,
                            list: event.title.clone(),
                            labels: vec!["meeting".into(), "prepare".into()],
                            concerns: concerns.clone(),
                        })
                    })
                    .collect();
                let follow_up: Vec<Arc<Shared>> = meeting
                    .follow_up
                    .iter()
                    .map(|task| {
                        let (assignee, assignee_email) = owner(task.owner.as_ref());
                        Arc::new(Shared {
                            description: task
                                .via
                                .as_ref()
                                .map(|v| format!("via {v}"))
                                .unwrap_or_default(),
                            assignee,
                            assignee_email,
                            list: event.title.clone(),
                            labels: vec!["meeting".into(), "follow-up".into()],
                            concerns: concerns.clone(),
                        })
                    })
                    .collect();
                for occurrence in &occurrences {
                    let day = stamp(occurrence.date);
                    for (index, (task, shared)) in meeting.prepare.iter().zip(&prepare).enumerate()
                    {
                        let Some(due) = clock.before(occurrence.start, task.before.value) else {
                            continue;
                        };
                        out.push(Task {
                            id: format!("{}-{day}-prepare-{}", event.id, index + 1),
                            title: format!(
                                "{} ({} {})",
                                task.task.value, event.title, occurrence.date
                            ),
                            due: local(due),
                            due_instant: due,
                            shared: shared.clone(),
                        });
                    }
                    for (index, (task, shared)) in
                        meeting.follow_up.iter().zip(&follow_up).enumerate()
                    {
                        let Some(due) = clock.due(occurrence.end, task.within.value) else {
                            continue;
                        };
                        out.push(Task {
                            id: format!("{}-{day}-follow-up-{}", event.id, index + 1),
                            title: format!(
                                "{} ({} {})",
                                task.task.value, event.title, occurrence.date
                            ),
                            due: local(due),
                            due_instant: due,
                            shared: shared.clone(),
                        });
                    }
                }
            }
            EventKind::Report => {
                let Some(report) = plan.reports.get(&event.id) else {
                    continue;
                };
                let sections: Vec<String> = report
                    .format
                    .as_ref()
                    .and_then(|f| plan.formats.get(f.as_str()))
                    .map(|f| {
                        f.sections
                            .iter()
                            .map(|s| format!("• {}", s.value))
                            .collect()
                    })
                    .unwrap_or_default();
                let (assignee, assignee_email) = person(report.from.as_ref().map(|f| f.as_str()));
                let shared = Arc::new(Shared {
                    description: sections.join("\n"),
                    assignee,
                    assignee_email,
                    list: event.title.clone(),
                    labels: vec!["report".into()],
                    concerns: concerns.clone(),
                });
                for occurrence in &occurrences {
                    out.push(Task {
                        id: format!("{}-{}", event.id, stamp(occurrence.date)),
                        title: format!("{} ({})", event.title, occurrence.date),
                        due: local(occurrence.start),
                        due_instant: occurrence.start,
                        shared: shared.clone(),
                    });
                }
            }
            EventKind::Training | EventKind::Review => {
                let (assignee, assignee_email) = person(event.organizer.as_deref());
                let shared = Arc::new(Shared {
                    description: event.description.clone(),
                    assignee,
                    assignee_email,
                    list: event.title.clone(),
                    labels: vec![event.kind.as_str().to_string(), "prepare".into()],
                    concerns: concerns.clone(),
                });
                for occurrence in &occurrences {
                    let Some(due) = clock.before(occurrence.start, DEFAULT_PREPARATION) else {
                        continue;
                    };
                    out.push(Task {
                        id: format!("{}-{}-prepare", event.id, stamp(occurrence.date)),
                        title: messages.fill(
                            "task_prepare",
                            &[("title", &format!("{} ({})", event.title, occurrence.date))],
                        ),
                        due: local(due),
                        due_instant: due,
                        shared: shared.clone(),
                    });
                }
            }
        }
    }
    out.sort_by(|a, b| (a.due_instant, &a.id).cmp(&(b.due_instant, &b.id)));
    out
}

/// At most how many calendar days a task falls due before or after its
/// occurrence: the window of occurrences whose tasks can fall due in a
/// window of dates reaches this far beyond it on both sides.
pub fn lead_days(compiled: &Compiled) -> i64 {
    let leads = compiled
        .plan
        .meetings
        .iter()
        .flat_map(|(_, meeting)| {
            let before = meeting.prepare.iter().map(|t| t.before.value);
            before.chain(meeting.follow_up.iter().map(|t| t.within.value))
        })
        .chain(std::iter::once(DEFAULT_PREPARATION));
    leads
        .map(|duration| calendar_days(compiled, duration))
        .max()
        .unwrap_or(0)
}

/// An upper bound of the calendar days a duration spans on the project's
/// business clock, with two days more: an occurrence's own length (at most a
/// day) and the date it has in another zone.
fn calendar_days(compiled: &Compiled, duration: Duration) -> i64 {
    const MINUTES_PER_DAY: u64 = 24 * 60;
    let days = match duration {
        Duration::Calendar { minutes } => minutes.div_ceil(MINUTES_PER_DAY),
        Duration::Business { days, minutes } => {
            let day = u64::try_from(
                i64::from(compiled.close.minutes_from_midnight())
                    - i64::from(compiled.open.minutes_from_midnight()),
            )
            .unwrap_or(1)
            .max(1);
            let working_per_week = compiled.work_week.days.len() as u64;
            if working_per_week == 0 {
                return SEARCH_DAYS;
            }
            // Each holiday can cost a working day; a start mid-day another.
            let working = days
                .saturating_add(minutes.div_ceil(day))
                .saturating_add(compiled.work_week.holidays.len() as u64)
                .saturating_add(1);
            working
                .div_ceil(working_per_week)
                .saturating_add(1)
                .saturating_mul(7)
        }
    };
    i64::try_from(days.saturating_add(2))
        .unwrap_or(SEARCH_DAYS)
        .min(SEARCH_DAYS)
}

impl Task {
    /// The value of one of [`crate::model::TASK_FIELDS`].
    pub fn field(&self, name: &str) -> std::borrow::Cow<'_, str> {
        match name {
            "id" => self.id.as_str().into(),
            "title" => self.title.as_str().into(),
            "description" => self.description().into(),
            "assignee" => self.assignee().into(),
            "assignee_email" => self.assignee_email().into(),
            "due" => self.due.as_str().into(),
            "list" => self.list().into(),
            "labels" => self.labels().join(",").into(),
            _ => "".into(),
        }
    }
}
