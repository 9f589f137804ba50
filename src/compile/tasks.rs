//! Every dated task the plan implies, for a project-management system: each
//! meeting occurrence's preparation (due `before` its start) and follow-up
//! (due `within` after its end) on the project's business clock, each
//! report's due time, and the preparation of trainings and reviews.

use std::sync::Arc;

use serde::Serialize;

use super::{Compiled, EventKind};
use crate::model::{Duration, TimeOfDay};
use crate::time::{Date, Instant, SEARCH_DAYS};

/// Trainings and reviews have no preparation list; their owner prepares them
/// one business day ahead.
const DEFAULT_PREPARATION: Duration = Duration::Business {
    days: 1,
    minutes: 0,
};

/// One dated task: when it is due, and what all the tasks of its item (a
/// meeting's preparation step, a report...) share, held once. Its id, title
/// and due text are written when asked for: a portfolio's year is a million
/// tasks, and a task in memory is a few dozen bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Task {
    pub due_instant: Instant,
    /// The due time on the project's clock.
    due_local: (Date, TimeOfDay),
    /// The occurrence's date, in its id and title.
    date: Date,
    shared: Arc<Shared>,
}

/// What the tasks of one item share.
#[derive(Debug, PartialEq, Eq)]
struct Shared {
    /// The id is `{id_prefix}-{YYYYMMDD}{id_suffix}`.
    id_prefix: String,
    id_suffix: String,
    /// The title is `{title_prefix}{YYYY-MM-DD}{title_suffix}`.
    title_prefix: String,
    title_suffix: String,
    description: String,
    assignee: String,
    assignee_email: String,
    /// The meeting, report, training or review the task belongs to.
    list: String,
    labels: Vec<String>,
    /// Person ids and audience ids the task concerns, for `--for`.
    concerns: Arc<[String]>,
    /// The task's item is `visibility: internal`.
    internal: bool,
}

impl Task {
    /// Stable across builds and plan edits that keep the ids and dates, so a
    /// re-import updates instead of duplicating: `weekly-sync-20260310-prepare-1`.
    pub fn id(&self) -> String {
        let stamp = stamp(self.date);
        let shared = &self.shared;
        format!("{}-{}{}", shared.id_prefix, ascii(&stamp), shared.id_suffix)
    }

    /// Orders as the ids do, without writing them.
    fn cmp_id(&self, other: &Task) -> std::cmp::Ordering {
        let (mine, theirs) = (&self.shared.id_prefix, &other.shared.id_prefix);
        let (a, b) = (stamp(self.date), stamp(other.date));
        if mine == theirs {
            // Same prefix, then `-` and stamps of one length.
            return (a, &self.shared.id_suffix).cmp(&(b, &other.shared.id_suffix));
        }
        if !mine.starts_with(theirs.as_str()) && !theirs.starts_with(mine.as_str()) {
            // The ids differ inside both prefixes.
            return mine.cmp(theirs);
        }
        id_bytes(self, &a).cmp(id_bytes(other, &b))
    }

    pub fn title(&self) -> String {
        let shared = &self.shared;
        format!(
            "{}{}{}",
            shared.title_prefix, self.date, shared.title_suffix
        )
    }

    /// `YYYY-MM-DD HH:MM` in the project's zone.
    pub fn due(&self) -> String {
        format!("{} {}", self.due_local.0, self.due_local.1)
    }

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

    /// Whether the task's item is internal: external readers never see it.
    pub fn internal(&self) -> bool {
        self.shared.internal
    }
}

/// The fields in the order of [`crate::model::TASK_FIELDS`], as `export
/// tasks --format json` writes them.
impl Serialize for Task {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut task = serializer.serialize_struct("Task", 8)?;
        task.serialize_field("id", &self.id())?;
        task.serialize_field("title", &self.title())?;
        task.serialize_field("description", self.description())?;
        task.serialize_field("assignee", self.assignee())?;
        task.serialize_field("assignee_email", self.assignee_email())?;
        task.serialize_field("due", &self.due())?;
        task.serialize_field("list", self.list())?;
        task.serialize_field("labels", self.labels())?;
        task.end()
    }
}

/// A task id's bytes: `{prefix}-{stamp}{suffix}`.
fn id_bytes<'t>(task: &'t Task, stamp: &'t [u8; 8]) -> impl Iterator<Item = u8> + 't {
    let shared = &task.shared;
    let prefix = shared.id_prefix.bytes().chain(std::iter::once(b'-'));
    prefix
        .chain(stamp.iter().copied())
        .chain(shared.id_suffix.bytes())
}

/// `YYYYMMDD` (validation keeps years to four digits).
fn stamp(date: Date) -> [u8; 8] {
    let mut stamp = [b'0'; 8];
    let fields = [
        (0..4, u32::try_from(date.year()).unwrap_or(0)),
        (4..6, u32::try_from(date.month()).unwrap_or(0)),
        (6..8, u32::try_from(date.day()).unwrap_or(0)),
    ];
    for (range, mut number) in fields {
        for slot in stamp[range].iter_mut().rev() {
            *slot = b"0123456789"[(number % 10) as usize];
            number /= 10;
        }
    }
    stamp
}

fn ascii(stamp: &[u8; 8]) -> &str {
    std::str::from_utf8(stamp).unwrap_or_default()
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
        (l.date, l.time)
    };
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
        // What every task of the item shares; `title` is the text around the date.
        let shared = |id_suffix: String,
                      title: (String, String),
                      description: String,
                      owner: Option<&str>,
                      labels: &[&str]| {
            let (assignee, assignee_email) = person(owner);
            Arc::new(Shared {
                id_prefix: event.id.clone(),
                id_suffix,
                title_prefix: title.0,
                title_suffix: title.1,
                description,
                assignee,
                assignee_email,
                list: event.title.clone(),
                labels: labels.iter().map(|l| (*l).to_string()).collect(),
                // The assignee too: a step's owner need not attend.
                concerns: match owner {
                    Some(owner) if !concerns.iter().any(|c| c == owner) => concerns
                        .iter()
                        .cloned()
                        .chain([owner.to_string()])
                        .collect(),
                    _ => concerns.clone(),
                },
                internal: event.internal,
            })
        };
        let task = |due: Instant, date: Date, shared: &Arc<Shared>| Task {
            due_instant: due,
            due_local: local(due),
            date,
            shared: shared.clone(),
        };
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
                fn owner<'m>(
                    step: Option<&'m crate::model::Spanned<crate::model::Id>>,
                    meeting: &'m crate::model::Meeting,
                ) -> Option<&'m str> {
                    step.or(meeting.owner.as_ref()).map(|o| o.as_str())
                }
                let title = |task: &str| (format!("{task} ({} ", event.title), ")".to_string());
                let prepare: Vec<Arc<Shared>> = (meeting.prepare.iter().enumerate())
                    .map(|(index, step)| {
                        shared(
                            format!("-prepare-{}", index + 1),
                            title(&step.task.value),
                            agenda.join("\n"),
                            owner(step.owner.as_ref(), meeting),
                            &["meeting", "prepare"],
                        )
                    })
                    .collect();
                let follow_up: Vec<Arc<Shared>> = (meeting.follow_up.iter().enumerate())
                    .map(|(index, step)| {
                        let via = step.via.as_ref().map(|v| format!("via {v}"));
                        shared(
                            format!("-follow-up-{}", index + 1),
                            title(&step.task.value),
                            via.unwrap_or_default(),
                            owner(step.owner.as_ref(), meeting),
                            &["meeting", "follow-up"],
                        )
                    })
                    .collect();
                for occurrence in &occurrences {
                    for (step, shared) in meeting.prepare.iter().zip(&prepare) {
                        if let Some(due) = clock.before(occurrence.start, step.before.value) {
                            out.push(task(due, occurrence.date, shared));
                        }
                    }
                    for (step, shared) in meeting.follow_up.iter().zip(&follow_up) {
                        if let Some(due) = clock.due(occurrence.end, step.within.value) {
                            out.push(task(due, occurrence.date, shared));
                        }
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
                let shared = shared(
                    String::new(),
                    (format!("{} (", event.title), ")".to_string()),
                    sections.join("\n"),
                    report.from.as_ref().map(|f| f.as_str()),
                    &["report"],
                );
                for occurrence in &occurrences {
                    out.push(task(occurrence.start, occurrence.date, &shared));
                }
            }
            EventKind::Training | EventKind::Review => {
                // The catalogue's sentence around "title (date)": split where
                // the date goes (at the last marker: the title may hold one).
                const DATE: char = '\u{E000}';
                let sentence = messages.fill(
                    "task_prepare",
                    &[("title", &format!("{} ({DATE})", event.title))],
                );
                let (before, after) = sentence.rsplit_once(DATE).unwrap_or((&sentence, ""));
                let shared = shared(
                    "-prepare".to_string(),
                    (before.to_string(), after.to_string()),
                    event.description.clone(),
                    event.organizer.as_deref(),
                    &[event.kind.as_str(), "prepare"],
                );
                for occurrence in &occurrences {
                    if let Some(due) = clock.before(occurrence.start, DEFAULT_PREPARATION) {
                        out.push(task(due, occurrence.date, &shared));
                    }
                }
            }
        }
    }
    out.sort_by(|a, b| a.due_instant.cmp(&b.due_instant).then_with(|| a.cmp_id(b)));
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
            "id" => self.id().into(),
            "title" => self.title().into(),
            "description" => self.description().into(),
            "assignee" => self.assignee().into(),
            "assignee_email" => self.assignee_email().into(),
            "due" => self.due().into(),
            "list" => self.list().into(),
            "labels" => self.labels().join(",").into(),
            _ => "".into(),
        }
    }
}
