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
    /// The occurrence's date, in its title.
    date: Date,
    /// The date the occurrence was planned on, in its id: a moved meeting's
    /// tasks keep their ids.
    planned: Date,
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
    /// The assignee's person id, for `--for`.
    assignee_id: Option<String>,
    assignee: String,
    assignee_email: String,
    /// The meeting, report, training or review the task belongs to.
    list: String,
    labels: Vec<String>,
    /// The ids of the audiences the task's item addresses, for `--for`.
    audiences: Arc<[String]>,
    /// A report's task is its sending: the occurrence itself.
    is_sending: bool,
    /// The task's item is `visibility: internal`.
    internal: bool,
}

impl Task {
    /// Stable across builds and plan edits that keep the ids and dates, so a
    /// re-import updates instead of duplicating: `weekly-sync-20260310-prepare-1`.
    pub fn id(&self) -> String {
        let stamp = stamp(self.planned);
        let shared = &self.shared;
        format!("{}-{}{}", shared.id_prefix, ascii(&stamp), shared.id_suffix)
    }

    /// Orders as the ids do, without writing them.
    fn cmp_id(&self, other: &Task) -> std::cmp::Ordering {
        let (mine, theirs) = (&self.shared.id_prefix, &other.shared.id_prefix);
        let (a, b) = (stamp(self.planned), stamp(other.planned));
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

    /// The assignee's person id, if the item names one.
    pub fn assignee_id(&self) -> Option<&str> {
        self.shared.assignee_id.as_deref()
    }

    /// The ids of the audiences the task's item addresses.
    pub fn audiences(&self) -> &[String] {
        &self.shared.audiences
    }

    /// Whether the task is the sending of a report, due when the report's
    /// occurrence starts: a list of occurrences already holds it.
    pub fn is_sending(&self) -> bool {
        self.shared.is_sending
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

/// The tasks of occurrences dated `first` (when given) through `through`,
/// by due time: a window costs what its occurrences cost.
pub fn tasks_between(compiled: &Compiled, first: Option<Date>, through: Date) -> Vec<Task> {
    let items = item_tasks(compiled);
    let mut out = Vec::new();
    push_tasks(compiled, &items, first, through, &mut out);
    sort(&mut out);
    out
}

/// By due time, then id. Unstable and in place: tasks that compare equal
/// (the same id due at the same time) are the same row.
fn sort(tasks: &mut [Task]) {
    tasks.sort_unstable_by(|a, b| a.due_instant.cmp(&b.due_instant).then_with(|| a.cmp_id(b)));
}

/// What falls due for each occurrence of one item: a due rule per task of
/// the item, with what those tasks share.
struct ItemTasks<'c> {
    event: &'c super::Event,
    steps: Vec<(DueRule, Arc<Shared>)>,
}

/// When a task falls due, from its occurrence.
#[derive(Clone, Copy)]
enum DueRule {
    /// This long before the occurrence starts, on the business clock.
    Before(Duration),
    /// This long after the occurrence ends, on the business clock.
    After(Duration),
    /// When the occurrence starts (a report is due when it is sent).
    AtStart,
}

/// Each item's tasks, built once: the texts every task of an item shares.
fn item_tasks(compiled: &Compiled) -> Vec<ItemTasks<'_>> {
    let plan = &compiled.plan;
    let person = |id: Option<&str>| {
        let found = id.and_then(|id| compiled.person(id));
        (
            found.map(|p| p.name.clone()).unwrap_or_default(),
            found.and_then(|p| p.email.clone()).unwrap_or_default(),
        )
    };
    let mut items = Vec::with_capacity(compiled.events.len());
    for event in &compiled.events {
        let audiences: Arc<[String]> = event.audiences.iter().cloned().collect();
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
                assignee_id: owner.map(str::to_string),
                assignee,
                assignee_email,
                list: event.title.clone(),
                labels: labels.iter().map(|l| (*l).to_string()).collect(),
                audiences: audiences.clone(),
                is_sending: event.kind == EventKind::Report,
                internal: event.internal,
            })
        };
        let mut steps = Vec::new();
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
                for (index, step) in meeting.prepare.iter().enumerate() {
                    let shared = shared(
                        format!("-prepare-{}", index + 1),
                        title(&step.task.value),
                        agenda.join("\n"),
                        owner(step.owner.as_ref(), meeting),
                        &["meeting", "prepare"],
                    );
                    steps.push((DueRule::Before(step.before.value), shared));
                }
                for (index, step) in meeting.follow_up.iter().enumerate() {
                    let via = step.via.as_ref().map(|v| format!("via {v}"));
                    let shared = shared(
                        format!("-follow-up-{}", index + 1),
                        title(&step.task.value),
                        via.unwrap_or_default(),
                        owner(step.owner.as_ref(), meeting),
                        &["meeting", "follow-up"],
                    );
                    steps.push((DueRule::After(step.within.value), shared));
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
                steps.push((DueRule::AtStart, shared));
            }
            EventKind::Training | EventKind::Review => {
                // The catalogue's sentence around "title (date)": split where
                // the date goes (at the last marker: the title may hold one).
                const DATE: char = '\u{E000}';
                let sentence = compiled.messages.fill(
                    "task_prepare",
                    &[("title", &format!("{} ({DATE})", event.title))],
                );
                let (before, after) = sentence.rsplit_once(DATE).unwrap_or((&sentence, ""));
                let shared = shared(
                    "-prepare".to_string(),
                    (before.to_string(), after.to_string()),
                    event.description(&compiled.messages),
                    event.organizer.as_deref(),
                    &[event.kind.as_str(), "prepare"],
                );
                steps.push((DueRule::Before(DEFAULT_PREPARATION), shared));
            }
        }
        items.push(ItemTasks { event, steps });
    }
    items
}

/// The tasks of each item's occurrences dated `first` (when given) through
/// `through`, in item and occurrence order.
fn push_tasks(
    compiled: &Compiled,
    items: &[ItemTasks<'_>],
    first: Option<Date>,
    through: Date,
    out: &mut Vec<Task>,
) {
    let clock = compiled.clock_in(&compiled.zone);
    for item in items {
        let event = item.event;
        let occurrences = match first {
            Some(first) => event.expand_between(&compiled.work_week, first, through),
            None => event.expand(&compiled.work_week, through),
        }
        .occurrences;
        for occurrence in &occurrences {
            for (rule, shared) in &item.steps {
                let due = match *rule {
                    DueRule::Before(lead) => clock.before(occurrence.start, lead),
                    DueRule::After(within) => clock.due(occurrence.end, within),
                    DueRule::AtStart => Some(occurrence.start),
                };
                let Some(due) = due else { continue };
                let local = due.local(&compiled.zone);
                out.push(Task {
                    due_instant: due,
                    due_local: (local.date, local.time),
                    date: occurrence.date,
                    planned: event.planned_date(occurrence),
                    shared: shared.clone(),
                });
            }
        }
    }
}

/// Every task of occurrences through the horizon, by due time (the order of
/// `tasks_between(compiled, None, horizon)`), sorted a
/// window of due dates at a time: a portfolio's year is a million tasks,
/// and `tasks.csv` is written from this without holding them all.
pub fn all_tasks(compiled: &Compiled) -> AllTasks<'_> {
    AllTasks::new(compiled, WINDOW_DAYS)
}

/// The fewest due dates a window of [`AllTasks`] spans.
const WINDOW_DAYS: i64 = 56;

/// The tasks of [`all_tasks`], one window of due dates sorted at a time.
pub struct AllTasks<'c> {
    compiled: &'c Compiled,
    items: Vec<ItemTasks<'c>>,
    /// How far before or after its occurrence a task can fall due, in days.
    lead: i64,
    /// The first due date of the next window; `None` once all are out.
    next: Option<Date>,
    /// The next window is the first: it takes every task due before its end.
    first: bool,
    days: i64,
    window: std::vec::IntoIter<Task>,
}

impl<'c> AllTasks<'c> {
    fn new(compiled: &'c Compiled, fewest_days: i64) -> Self {
        let lead = lead_days(compiled) + 1;
        let earliest = compiled.events.iter().map(|e| e.recurrence.from).min();
        AllTasks {
            compiled,
            items: item_tasks(compiled),
            lead,
            next: earliest.map(|date| date.add_days(-lead).unwrap_or(date)),
            first: true,
            // Each occurrence is then expanded in at most about two windows.
            days: fewest_days.max(2 * lead),
            window: Vec::new().into_iter(),
        }
    }

    /// The tasks due on days `from` up to the next window's first day,
    /// sorted (the first window takes all before that day too, the last all
    /// after `from`); `None` when no window is left.
    fn next_window(&mut self) -> Option<Vec<Task>> {
        let from = self.next?;
        let (compiled, lead) = (self.compiled, self.lead);
        let horizon = compiled.horizon;
        let following = from
            .add_days(self.days)
            .filter(|next| *next <= horizon.add_days(lead).unwrap_or(horizon));
        let first = std::mem::take(&mut self.first);
        // The occurrences whose tasks can fall due in the window.
        let occurrences_from = (!first).then(|| from.add_days(-lead).unwrap_or(from));
        let occurrences_through = following.map_or(horizon, |next| {
            next.add_days(lead).unwrap_or(next).min(horizon)
        });
        let mut tasks = Vec::new();
        push_tasks(
            compiled,
            &self.items,
            occurrences_from,
            occurrences_through,
            &mut tasks,
        );
        tasks.retain(|task| {
            let day = task.due_local.0;
            (first || from <= day) && following.is_none_or(|next| day < next)
        });
        sort(&mut tasks);
        self.next = following;
        Some(tasks)
    }
}

impl Iterator for AllTasks<'_> {
    type Item = Task;

    fn next(&mut self) -> Option<Task> {
        loop {
            if let Some(task) = self.window.next() {
                return Some(task);
            }
            self.window = self.next_window()?.into_iter();
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_plans::resolved;

    /// Windows of due dates, however small, give every task once, in the
    /// order of the whole sorted list.
    #[test]
    fn all_tasks_by_windows_are_the_sorted_list() {
        let long_lead = include_str!("../../tests/fixtures/tasks/weekly.yaml")
            .replace("before: 1bd", "before: 12bd")
            .replace("within: 4bh", "within: 30bd");
        for yaml in [
            include_str!("../../examples/atlas-crm/plan.yaml"),
            include_str!("../../examples/zh-cn/plan.yaml"),
            include_str!("../../tests/fixtures/tasks/weekly.yaml"),
            &long_lead,
        ] {
            let compiled = resolved(yaml);
            let expected = tasks_between(&compiled, None, compiled.horizon);
            assert!(expected.len() > 5, "{} tasks", expected.len());
            for days in [1, 7, WINDOW_DAYS, 10_000] {
                let windowed: Vec<Task> = AllTasks::new(&compiled, days).collect();
                assert!(windowed == expected, "windows of {days} days differ");
            }
        }
    }
}
