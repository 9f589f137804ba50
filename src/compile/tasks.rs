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

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Task {
    /// Stable across builds and plan edits that keep the ids and dates, so a
    /// re-import updates instead of duplicating: `weekly-sync-20260310-prepare-1`.
    pub id: String,
    pub title: String,
    pub description: String,
    pub assignee: String,
    pub assignee_email: String,
    /// `YYYY-MM-DD HH:MM` in the project's zone.
    pub due: String,
    /// The meeting, report, training or review the task belongs to.
    pub list: String,
    pub labels: Vec<String>,
    #[serde(skip)]
    pub due_instant: Instant,
    /// Person ids and audience ids the task concerns, for `--for`: shared
    /// by all the tasks of an event (a year of a portfolio is millions).
    #[serde(skip)]
    pub concerns: Arc<[String]>,
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
                for occurrence in &occurrences {
                    let day = stamp(occurrence.date);
                    for (index, task) in meeting.prepare.iter().enumerate() {
                        let Some(due) = clock.before(occurrence.start, task.before.value) else {
                            continue;
                        };
                        let (name, email) = person(
                            task.owner
                                .as_ref()
                                .or(meeting.owner.as_ref())
                                .map(|o| o.as_str()),
                        );
                        out.push(Task {
                            id: format!("{}-{day}-prepare-{}", event.id, index + 1),
                            title: format!(
                                "{} ({} {})",
                                task.task.value, event.title, occurrence.date
                            ),
                            description: agenda.join("\n"),
                            assignee: name,
                            assignee_email: email,
                            due: local(due),
                            list: event.title.clone(),
                            labels: vec!["meeting".into(), "prepare".into()],
                            due_instant: due,
                            concerns: concerns.clone(),
                        });
                    }
                    for (index, task) in meeting.follow_up.iter().enumerate() {
                        let Some(due) = clock.due(occurrence.end, task.within.value) else {
                            continue;
                        };
                        let (name, email) = person(
                            task.owner
                                .as_ref()
                                .or(meeting.owner.as_ref())
                                .map(|o| o.as_str()),
                        );
                        out.push(Task {
                            id: format!("{}-{day}-follow-up-{}", event.id, index + 1),
                            title: format!(
                                "{} ({} {})",
                                task.task.value, event.title, occurrence.date
                            ),
                            description: task
                                .via
                                .as_ref()
                                .map(|v| format!("via {v}"))
                                .unwrap_or_default(),
                            assignee: name,
                            assignee_email: email,
                            due: local(due),
                            list: event.title.clone(),
                            labels: vec!["meeting".into(), "follow-up".into()],
                            due_instant: due,
                            concerns: concerns.clone(),
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
                let (name, email) = person(report.from.as_ref().map(|f| f.as_str()));
                for occurrence in &occurrences {
                    out.push(Task {
                        id: format!("{}-{}", event.id, stamp(occurrence.date)),
                        title: format!("{} ({})", event.title, occurrence.date),
                        description: sections.join("\n"),
                        assignee: name.clone(),
                        assignee_email: email.clone(),
                        due: local(occurrence.start),
                        list: event.title.clone(),
                        labels: vec!["report".into()],
                        due_instant: occurrence.start,
                        concerns: concerns.clone(),
                    });
                }
            }
            EventKind::Training | EventKind::Review => {
                let (name, email) = person(event.organizer.as_deref());
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
                        description: event.description.clone(),
                        assignee: name.clone(),
                        assignee_email: email.clone(),
                        due: local(due),
                        list: event.title.clone(),
                        labels: vec![event.kind.as_str().to_string(), "prepare".into()],
                        due_instant: due,
                        concerns: concerns.clone(),
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
    pub fn field(&self, name: &str) -> String {
        match name {
            "id" => self.id.clone(),
            "title" => self.title.clone(),
            "description" => self.description.clone(),
            "assignee" => self.assignee.clone(),
            "assignee_email" => self.assignee_email.clone(),
            "due" => self.due.clone(),
            "list" => self.list.clone(),
            "labels" => self.labels.join(","),
            _ => String::new(),
        }
    }
}
