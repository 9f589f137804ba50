//! What falls in a window of days, as one reader sees it: each event's
//! occurrences, held or cancelled (a holiday, a skipped date), and the tasks
//! falling due (`plan agenda`); and the tasks due on a range of days (`plan
//! export tasks`). Pure: the CLI reads the clock and prints.

use serde::Serialize;

use crate::compile::tasks::{Task, lead_days, tasks_between};
use crate::compile::{ChangeKind, Compiled, Event, Reader};
use crate::limits::MAX_DAYS;
use crate::model::TimeOfDay;
use crate::suggest::Unknown;
use crate::time::{Date, Instant, Zone};

/// Why a window of days cannot be had.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WindowError {
    /// More days than [`MAX_DAYS`].
    TooManyDays(u32),
    /// The first day has no midnight on the calendar.
    StartOutOfRange,
    /// The window ends past the last day the calendar has.
    PastCalendar,
}

/// The last day of a window of `days` days from `from` (`0` counts as 1).
pub fn last_day(from: Date, days: u32) -> Result<Date, WindowError> {
    if days > MAX_DAYS {
        return Err(WindowError::TooManyDays(days));
    }
    from.add_days(i64::from(days.max(1)) - 1)
        .ok_or(WindowError::PastCalendar)
}

/// Days `from` through `last` in `zone`: from midnight on `from` to the
/// midnight after `last`.
#[derive(Clone, Debug)]
pub struct Window {
    pub from: Date,
    pub last: Date,
    pub zone: Zone,
    start: Instant,
    end: Instant,
}

impl Window {
    /// `days` days from `from`, in `zone`.
    pub fn new(from: Date, days: u32, zone: Zone) -> Result<Self, WindowError> {
        let last = last_day(from, days)?;
        let midnight = TimeOfDay { hour: 0, minute: 0 };
        let start = Instant::at_local(from, midnight, &zone).ok_or(WindowError::StartOutOfRange)?;
        let end = last
            .add_days(1)
            .and_then(|day| Instant::at_local(day, midnight, &zone))
            .ok_or(WindowError::PastCalendar)?;
        Ok(Self {
            from,
            last,
            zone,
            start,
            end,
        })
    }

    fn contains(&self, instant: Instant) -> bool {
        self.start <= instant && instant < self.end
    }
}

/// A window wholly outside the plan's dates: where it lies, and a first
/// day whose window of the same length holds the plan's nearest days.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OutsidePlan {
    pub beyond: Beyond,
    pub try_from: Date,
}

/// Which edge of the plan a window lies beyond.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Beyond {
    /// The window starts after the project's `end`, the date held.
    Ended(Date),
    /// The project has no end: the window starts after the horizon the plan
    /// is expanded to (a year after its start), the date held.
    Horizon(Date),
    /// The window ends before the project's start, the date held.
    Start(Date),
}

impl OutsidePlan {
    /// "the project ended on 2026-06-26: try `--from 2026-06-13`", with
    /// `--for ID` when the agenda was one reader's, so the suggestion shows
    /// the same reader's days.
    pub fn describe(self, for_id: Option<&str>) -> String {
        let beyond = match self.beyond {
            Beyond::Ended(end) => format!("the project ended on {end}"),
            Beyond::Horizon(horizon) => {
                format!(
                    "the window is after the plan's horizon ({horizon}, a year after its start)"
                )
            }
            Beyond::Start(start) => format!("the project starts on {start}"),
        };
        let reader = for_id.map_or_else(String::new, |id| format!(" --for {id}"));
        format!("{beyond}: try `--from {}{reader}`", self.try_from)
    }
}

/// Whether `window` lies wholly outside the plan's dates, the project's
/// calendar days (the CLI says so only of an empty window: an event a zone
/// moves across the edge still shows).
pub fn outside_plan(compiled: &Compiled, window: &Window) -> Option<OutsidePlan> {
    if window.from > compiled.horizon {
        let beyond = match compiled.end {
            Some(end) if end <= compiled.horizon => Beyond::Ended(end),
            _ => Beyond::Horizon(compiled.horizon),
        };
        // The same number of days, ending on the plan's last day.
        let days = window.last.days_since(window.from);
        let try_from = compiled.horizon.add_days(-days).unwrap_or(compiled.start);
        return Some(OutsidePlan {
            beyond,
            try_from: try_from.max(compiled.start),
        });
    }
    (window.last < compiled.start).then_some(OutsidePlan {
        beyond: Beyond::Start(compiled.start),
        try_from: compiled.start,
    })
}

/// The days `plan export tasks` lists: `days` days from `from`; by default
/// from the project's start through its horizon.
pub fn task_days(
    compiled: &Compiled,
    from: Option<Date>,
    days: Option<u32>,
) -> Result<(Date, Date), WindowError> {
    let from = from.unwrap_or(compiled.start);
    let last = match days {
        Some(days) => last_day(from, days)?,
        None => compiled.horizon,
    };
    Ok((from, last))
}

/// The person or audience an id names, as a reader.
pub fn reader<'c>(compiled: &'c Compiled, id: &str) -> Result<Reader<'c>, Unknown> {
    compiled.reader(id).ok_or_else(|| {
        let people = compiled.people.iter().map(|p| p.id.as_str());
        let audiences = compiled.audiences.iter().map(|a| a.id.as_str());
        Unknown::among(id, people.chain(audiences))
    })
}

/// The zone a reader's agenda is shown in unless asked otherwise: a
/// person's own, else the project's.
pub fn zone_of(compiled: &Compiled, reader: Reader<'_>) -> Zone {
    match reader {
        Reader::Person(person) => person.zone.clone(),
        Reader::Everyone | Reader::Audience(_) => compiled.zone.clone(),
    }
}

/// Whether an agenda entry is held, due, or why it is not held.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Scheduled,
    /// A task falls due.
    Due,
    Holiday,
    Skipped,
    /// Cancelled by a change to this one occurrence.
    Cancelled,
}

impl Status {
    pub const fn as_str(self) -> &'static str {
        match self {
            Status::Scheduled => "scheduled",
            Status::Due => "due",
            Status::Holiday => "holiday",
            Status::Skipped => "skipped",
            Status::Cancelled => "cancelled",
        }
    }

    /// Whether the entry is an occurrence that is not held.
    pub const fn is_cancelled(self) -> bool {
        matches!(self, Status::Holiday | Status::Skipped | Status::Cancelled)
    }
}

/// One line of the agenda; the fields serialized are `plan agenda --format
/// json`'s, times in the window's zone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// The date in the window's zone.
    #[serde(skip)]
    pub day: Date,
    pub date: String,
    pub start: String,
    /// A task is due at a moment: its end is its start.
    pub end: String,
    pub kind: &'static str,
    pub id: String,
    pub title: String,
    pub status: Status,
    /// When an occurrence was planned to start, if a change moved it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub moved_from: Option<String>,
    /// The note of a change to the occurrence.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// A task's assignee, by name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assignee: Option<String>,
    #[serde(skip)]
    pub starts: Instant,
}

/// What `reader` sees in `window`, by start: the occurrences starting in it,
/// held or cancelled, and the tasks falling due in it.
pub fn entries(compiled: &Compiled, reader: Reader<'_>, window: &Window) -> Vec<Entry> {
    let zone = &window.zone;
    let entry = |starts: Instant, ends: Instant, kind, id: &str, title: &str, status| {
        let day = starts.local(zone).date;
        Entry {
            day,
            date: day.to_string(),
            start: starts.to_rfc3339(zone),
            end: ends.to_rfc3339(zone),
            kind,
            id: id.to_string(),
            title: title.to_string(),
            status,
            moved_from: None,
            note: None,
            assignee: None,
            starts,
        }
    };
    let mut entries = Vec::new();
    for event in compiled.events_for(reader) {
        for held in occurrences(compiled, event, window) {
            if window.contains(held.starts) {
                let kind = event.kind.as_str();
                let mut entry = entry(
                    held.starts,
                    held.ends,
                    kind,
                    &event.id,
                    &event.title,
                    held.status,
                );
                entry.moved_from = held
                    .planned
                    .filter(|planned| *planned != held.starts)
                    .map(|planned| planned.to_rfc3339(zone));
                entry.note = held.note;
                entries.push(entry);
            }
        }
    }
    for task in tasks_near(compiled, window.from, window.last) {
        // A report's sending is its occurrence, listed above: once is enough.
        if task.is_sending() {
            continue;
        }
        if window.contains(task.due_instant) && concerns(compiled, &task, reader) {
            let due = task.due_instant;
            let mut entry = entry(due, due, "task", &task.id(), &task.title(), Status::Due);
            entry.assignee = Some(task.assignee().to_string()).filter(|name| !name.is_empty());
            entries.push(entry);
        }
    }
    entries.sort_by(|a, b| (a.starts, a.kind, &a.id).cmp(&(b.starts, b.kind, &b.id)));
    entries
}

/// One occurrence of an event in the agenda, held or cancelled.
struct Slot {
    starts: Instant,
    ends: Instant,
    status: Status,
    /// The planned start of a moved occurrence.
    planned: Option<Instant>,
    note: Option<String>,
}

/// An event's occurrences dated near the window, held or cancelled, with
/// what a change to them says.
fn occurrences(compiled: &Compiled, event: &Event, window: &Window) -> Vec<Slot> {
    // Occurrences are dated in their own zone, up to 26 hours (two dates)
    // ahead of or behind the one shown: two days of slack either side.
    let first = window.from.add_days(-2).unwrap_or(window.from);
    let through = window.last.add_days(2).unwrap_or(window.last);
    let expansion = event.expand_between(&compiled.work_week, first, through);
    let recurrence = &event.recurrence;
    let change = |planned: Date| event.change(planned);
    let note = |planned: Date| change(planned).and_then(|c| c.note.clone());
    let held = expansion.occurrences.iter().map(|o| {
        let planned = event.planned_date(o);
        Slot {
            starts: o.start,
            ends: o.end,
            status: Status::Scheduled,
            planned: Instant::at_local(planned, recurrence.at, &recurrence.zone),
            note: note(planned),
        }
    });
    let cancelled = expansion.dropped.iter().filter_map(|date| {
        let starts = Instant::at_local(*date, recurrence.at, &recurrence.zone)?;
        let status = if compiled.work_week.holidays.contains(date) {
            Status::Holiday
        } else if change(*date).is_some_and(|c| c.kind == ChangeKind::Cancelled) {
            Status::Cancelled
        } else {
            Status::Skipped
        };
        Some(Slot {
            starts,
            ends: starts.plus_minutes(recurrence.duration_minutes)?,
            status,
            planned: None,
            note: note(*date),
        })
    });
    held.chain(cancelled).collect()
}

/// The tasks of what `reader` takes part in that fall due on days `from`
/// through `last` in the project's zone, by due time.
pub fn tasks_due(compiled: &Compiled, reader: Reader<'_>, from: Date, last: Date) -> Vec<Task> {
    let mut tasks = tasks_near(compiled, from, last);
    tasks.retain(|task| {
        let day = task.due_instant.local(&compiled.zone).date;
        from <= day && day <= last && concerns(compiled, task, reader)
    });
    tasks
}

/// The tasks that can fall due on days `from` through `last`: those of
/// occurrences up to the plan's longest lead time before or after them.
fn tasks_near(compiled: &Compiled, from: Date, last: Date) -> Vec<Task> {
    let lead = lead_days(compiled) + 1;
    let first = from.add_days(-lead).unwrap_or(from);
    let through = last.add_days(lead).unwrap_or(last);
    tasks_between(compiled, Some(first), through)
}

/// Whether a task concerns the reader: everyone's list has every task; a
/// person's the tasks assigned to them (attending a meeting is not preparing
/// it); an audience's those of the items addressing it that it may see (the
/// same rule as [`Compiled::events_for`]).
fn concerns(compiled: &Compiled, task: &Task, reader: Reader<'_>) -> bool {
    if !compiled.shows(reader, task.internal()) {
        return false;
    }
    match reader {
        Reader::Everyone => true,
        Reader::Person(person) => task.assignee_id() == Some(person.id.as_str()),
        Reader::Audience(audience) => task.audiences().contains(&audience.id),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_plans::{date, instant, resolved};

    /// A weekly meeting on Tuesdays 10:00 Berlin, a holiday on 10 March and
    /// a skipped 17 March; its preparation due a business day before it, a
    /// follow-up 4 business hours after it.
    const PLAN: &str = r#"
version: 1
project:
  name: Agenda
  owner: ana
  timezone: Europe/Berlin
  start: 2026-03-02
  end: 2026-06-26
  holidays: [2026-03-10]
people:
  ana: {name: Ana Lima, email: ana@example.com}
  ben: {name: Ben Roth, email: ben@client.example, timezone: America/New_York}
  cy: {name: Cy Park}
audiences:
  client: {name: Client, members: [ben], external: true, channels: [email]}
  team: {name: Team, members: [ana, cy], channels: [email]}
channels:
  email: {kind: email, formal: true, sla: {response: 1bd}}
meetings:
  weekly-sync:
    title: Weekly sync
    audiences: [client]
    owner: ana
    channel: email
    schedule: {every: week, on: [tue], at: "10:00", duration: 45m, skip: [2026-03-17]}
    agenda: [Progress]
    prepare:
      - {task: Share the status, before: 1bd}
    follow_up:
      - {task: Send minutes, within: 4bh, owner: ana, via: email}
  standup:
    title: Team stand-up
    audiences: [team]
    owner: ana
    channel: email
    visibility: internal
    schedule: {every: week, on: [mon], at: "09:00", duration: 15m}
"#;

    fn window(from: &str, days: u32, zone: &str) -> Window {
        Window::new(date(from), days, Zone::parse(zone).expect("a zone")).expect("a window")
    }

    fn summary(entries: &[Entry]) -> Vec<String> {
        entries
            .iter()
            .map(|e| format!("{} {} {} {}", e.start, e.kind, e.id, e.status.as_str()))
            .collect()
    }

    /// The team's agenda over `days` days from `from`, in Berlin.
    fn everyones(from: &str, days: u32) -> Vec<String> {
        let compiled = resolved(PLAN);
        summary(&entries(
            &compiled,
            Reader::Everyone,
            &window(from, days, "Europe/Berlin"),
        ))
    }

    #[test]
    fn a_window_ends_on_its_last_day_and_zero_days_are_one() {
        assert_eq!(last_day(date("2026-03-02"), 14), Ok(date("2026-03-15")));
        assert_eq!(last_day(date("2026-03-02"), 1), Ok(date("2026-03-02")));
        assert_eq!(last_day(date("2026-03-02"), 0), Ok(date("2026-03-02")));
        assert_eq!(
            last_day(date("2026-03-02"), MAX_DAYS + 1),
            Err(WindowError::TooManyDays(MAX_DAYS + 1))
        );
        assert!(last_day(date("2026-03-02"), MAX_DAYS).is_ok());
    }

    #[test]
    fn the_window_holds_its_days_in_its_zone() {
        let window = window("2026-03-09", 1, "Europe/Berlin");
        let at = |day, hour| instant("Europe/Berlin", day, hour, 0);
        assert!(window.contains(at("2026-03-09", 0)));
        assert!(window.contains(at("2026-03-09", 23)));
        assert!(!window.contains(at("2026-03-10", 0)));
        assert!(!window.contains(at("2026-03-08", 23)));
    }

    #[test]
    fn cancelled_occurrences_say_why() {
        let meetings: Vec<String> = everyones("2026-03-09", 14)
            .into_iter()
            .filter(|e| e.contains(" meeting weekly-sync "))
            .collect();
        assert_eq!(
            meetings,
            [
                "2026-03-10T10:00:00+01:00 meeting weekly-sync holiday",
                "2026-03-17T10:00:00+01:00 meeting weekly-sync skipped",
            ]
        );
    }

    #[test]
    fn the_agenda_lists_occurrences_and_tasks_by_time() {
        assert_eq!(
            everyones("2026-03-23", 2),
            [
                "2026-03-23T09:00:00+01:00 meeting standup scheduled",
                "2026-03-23T10:00:00+01:00 task weekly-sync-20260324-prepare-1 due",
                "2026-03-24T10:00:00+01:00 meeting weekly-sync scheduled",
                "2026-03-24T14:45:00+01:00 task weekly-sync-20260324-follow-up-1 due",
            ]
        );
    }

    #[test]
    fn a_reader_sees_only_their_events_and_tasks() {
        let compiled = resolved(PLAN);
        let window = window("2026-03-23", 2, "America/New_York");
        let ben = reader(&compiled, "ben").expect("ben");
        let seen = summary(&entries(&compiled, ben, &window));
        // Ben is external: no internal stand-up; he attends the sync, but
        // its tasks are Ana's, not his.
        assert_eq!(
            seen,
            ["2026-03-24T05:00:00-04:00 meeting weekly-sync scheduled"]
        );
        let ana = reader(&compiled, "ana").expect("ana");
        let seen = entries(&compiled, ana, &window);
        assert_eq!(
            summary(&seen),
            [
                "2026-03-23T04:00:00-04:00 meeting standup scheduled",
                "2026-03-23T05:00:00-04:00 task weekly-sync-20260324-prepare-1 due",
                "2026-03-24T05:00:00-04:00 meeting weekly-sync scheduled",
                "2026-03-24T09:45:00-04:00 task weekly-sync-20260324-follow-up-1 due",
            ]
        );
        // A task names its assignee; an occurrence has none.
        let assignees: Vec<Option<&str>> = seen.iter().map(|e| e.assignee.as_deref()).collect();
        assert_eq!(assignees, [None, Some("Ana Lima"), None, Some("Ana Lima")]);
        let cy = reader(&compiled, "cy").expect("cy");
        assert_eq!(
            summary(&entries(&compiled, cy, &window)),
            ["2026-03-23T04:00:00-04:00 meeting standup scheduled"]
        );
    }

    #[test]
    fn a_report_is_listed_once_as_its_occurrence() {
        let plan = format!(
            "{PLAN}reports:\n  status:\n    title: Status\n    from: ana\n    to: [team]\n    \
             channel: email\n    visibility: internal\n    \
             schedule: {{every: week, on: [wed], at: \"16:00\"}}\n"
        );
        let compiled = resolved(&plan);
        let ana = reader(&compiled, "ana").expect("ana");
        let seen = summary(&entries(
            &compiled,
            ana,
            &window("2026-03-25", 1, "Europe/Berlin"),
        ));
        assert_eq!(seen, ["2026-03-25T16:00:00+01:00 report status scheduled"]);
        // Its sending is still Ana's task in the export.
        let due = tasks_due(&compiled, ana, date("2026-03-25"), date("2026-03-25"));
        let ids: Vec<String> = due.iter().map(Task::id).collect();
        assert_eq!(ids, ["status-20260325"]);
    }

    #[test]
    fn external_readers_never_get_the_tasks_of_internal_items() {
        // The internal stand-up now addresses the client and has a task.
        let plan = PLAN.replace(
            "    audiences: [team]\n",
            "    audiences: [team, client]\n    prepare:\n      - {task: Secret prep, before: 1bh}\n",
        );
        let compiled = resolved(&plan);
        let window = window("2026-03-20", 5, "Europe/Berlin");
        let team = reader(&compiled, "team").expect("team");
        let seen = summary(&entries(&compiled, team, &window));
        assert!(
            seen.iter()
                .any(|e| e.contains("standup-20260323-prepare-1")),
            "{seen:?}"
        );
        for id in ["client", "ben"] {
            let external = reader(&compiled, id).expect(id);
            let seen = summary(&entries(&compiled, external, &window));
            assert!(
                !seen.iter().any(|e| e.contains("standup")),
                "{id}: {seen:?}"
            );
            let due = tasks_due(&compiled, external, date("2026-03-20"), date("2026-03-24"));
            assert!(due.iter().all(|t| !t.id().starts_with("standup")), "{id}");
        }
        let client = reader(&compiled, "client").expect("client");
        let due = tasks_due(&compiled, client, date("2026-03-20"), date("2026-03-24"));
        assert!(
            !due.is_empty(),
            "the client still has the weekly sync's tasks"
        );
    }

    #[test]
    fn a_step_owner_gets_their_task_without_attending() {
        // Cy owns the sync's preparation but is in no audience it addresses.
        let plan = PLAN.replace(
            "      - {task: Share the status, before: 1bd}",
            "      - {task: Share the status, before: 1bd, owner: cy}",
        );
        let compiled = resolved(&plan);
        let cy = reader(&compiled, "cy").expect("cy");
        let due = tasks_due(&compiled, cy, date("2026-03-23"), date("2026-03-23"));
        let ids: Vec<String> = due.iter().map(Task::id).collect();
        assert_eq!(ids, ["weekly-sync-20260324-prepare-1"]);
    }

    #[test]
    fn an_unknown_reader_gets_the_closest_id() {
        let compiled = resolved(PLAN);
        let unknown = reader(&compiled, "clint").expect_err("unknown");
        assert_eq!(unknown.closest.as_deref(), Some("client"));
        assert_eq!(unknown.known, ["ana", "ben", "cy", "client", "team"]);
    }

    #[test]
    fn a_person_is_shown_in_their_own_zone() {
        let compiled = resolved(PLAN);
        let ben = reader(&compiled, "ben").expect("ben");
        assert_eq!(zone_of(&compiled, ben).name(), "America/New_York");
        let client = reader(&compiled, "client").expect("client");
        assert_eq!(zone_of(&compiled, client).name(), "Europe/Berlin");
    }

    #[test]
    fn tasks_are_kept_by_their_due_date_in_the_project_zone() {
        let compiled = resolved(PLAN);
        let ids = |from: &str, last: &str, reader| -> Vec<String> {
            tasks_due(&compiled, reader, date(from), date(last))
                .into_iter()
                .map(|t| t.id())
                .collect()
        };
        assert_eq!(
            ids("2026-03-24", "2026-03-24", Reader::Everyone),
            ["weekly-sync-20260324-follow-up-1"]
        );
        assert!(ids("2026-03-25", "2026-03-29", Reader::Everyone).is_empty());
        // Due on a day of the window for an occurrence after it.
        assert_eq!(
            ids("2026-03-30", "2026-03-30", Reader::Everyone),
            ["weekly-sync-20260331-prepare-1"]
        );
        let cy = reader(&compiled, "cy").expect("cy");
        assert!(ids("2026-03-24", "2026-03-24", cy).is_empty());
    }

    #[test]
    fn a_window_outside_the_plan_says_where_it_lies() {
        let compiled = resolved(PLAN);
        let outside = |from, days| outside_plan(&compiled, &window(from, days, "Europe/Berlin"));
        let ended = outside("2026-07-01", 14).expect("after the end");
        assert_eq!(ended.beyond, Beyond::Ended(date("2026-06-26")));
        assert_eq!(
            ended.try_from,
            date("2026-06-13"),
            "14 days through the end"
        );
        assert_eq!(
            ended.describe(None),
            "the project ended on 2026-06-26: try `--from 2026-06-13`"
        );
        assert_eq!(
            ended.describe(Some("cy")),
            "the project ended on 2026-06-26: try `--from 2026-06-13 --for cy`"
        );
        assert_eq!(
            outside("2026-06-26", 14),
            None,
            "the last day is the plan's"
        );
        assert_eq!(
            outside("2026-02-17", 14),
            None,
            "the window reaches the start"
        );
        let early = outside("2026-02-01", 14).expect("before the start");
        assert_eq!(early.beyond, Beyond::Start(date("2026-03-02")));
        assert_eq!(early.try_from, date("2026-03-02"));
        let open_ended = resolved(&PLAN.replace("  end: 2026-06-26\n", ""));
        let past = outside_plan(&open_ended, &window("2027-06-01", 7, "Europe/Berlin"));
        assert_eq!(
            past.map(|o| o.beyond),
            Some(Beyond::Horizon(open_ended.horizon))
        );
    }

    #[test]
    fn the_task_days_default_to_the_whole_project() {
        let compiled = resolved(PLAN);
        assert_eq!(
            task_days(&compiled, None, None),
            Ok((date("2026-03-02"), date("2026-06-26")))
        );
        assert_eq!(
            task_days(&compiled, Some(date("2026-04-01")), Some(7)),
            Ok((date("2026-04-01"), date("2026-04-07")))
        );
    }
}
