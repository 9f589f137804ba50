//! `plan agenda`: the occurrences in a window, as a table or JSON.

use std::path::Path;

use serde::Serialize;

use super::sla::weekday_name;
use super::{Outcome, compiled_plan, print, zone_argument};
use crate::compile::{Compiled, Reader};
use crate::limits::MAX_DAYS;
use crate::model::TimeOfDay;
use crate::report::Style;
use crate::suggest;
use crate::time::{Date, Instant, Zone};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
}

pub(super) struct Options<'a> {
    pub from: Option<&'a str>,
    pub days: u32,
    pub for_id: Option<&'a str>,
    pub tz: Option<&'a str>,
    pub format: Format,
}

/// One line of the agenda.
#[derive(Serialize)]
struct Entry<'e> {
    #[serde(skip)]
    day: Date,
    date: String,
    start: String,
    end: String,
    kind: &'static str,
    id: &'e str,
    title: &'e str,
    /// `scheduled`, `due` (a task), or why it is not held: `holiday`, `skipped`.
    status: &'static str,
    #[serde(skip)]
    sort_key: Instant,
}

pub(super) fn run(plan: &Path, options: &Options<'_>, style: Style) -> Result<Outcome, String> {
    let (_, compiled) = match compiled_plan(plan, &crate::lint::Overrides::default(), false, style)?
    {
        Ok(compiled) => compiled,
        Err(outcome) => return Ok(outcome),
    };
    let person = options.for_id.and_then(|id| compiled.person(id));
    if let Some(id) = options.for_id
        && person.is_none()
        && compiled.audience(id).is_none()
    {
        let ids: Vec<&str> = compiled
            .people
            .iter()
            .map(|p| p.id.as_str())
            .chain(compiled.audiences.iter().map(|a| a.id.as_str()))
            .collect();
        let hint = suggest::closest(id, ids.iter().copied())
            .map_or_else(String::new, |c| format!("; did you mean `{c}`?"));
        return Err(format!(
            "`{id}` is neither a person nor an audience of the plan{hint}"
        ));
    }
    let zone = match (options.tz, person) {
        (Some(name), _) => zone_argument(name)?,
        (None, Some(person)) => person.zone.clone(),
        (None, None) => compiled.zone.clone(),
    };
    let from = match options.from {
        Some(text) => Date::parse(text).map_err(|e| format!("--from: {e}"))?,
        None => today(&zone)?,
    };
    let last = window_end(from, options.days)?;
    let midnight = TimeOfDay { hour: 0, minute: 0 };
    let window_start = Instant::at_local(from, midnight, &zone).ok_or("--from is out of range")?;
    let window_end = last
        .add_days(1)
        .and_then(|d| Instant::at_local(d, midnight, &zone))
        .ok_or("--days reaches past the calendar")?;
    let mut entries = entries(
        &compiled,
        options.for_id,
        &zone,
        (window_start, window_end),
        (from, last),
    );
    // The tasks due in the window: those of occurrences up to the plan's
    // longest lead time before or after it.
    let lead = crate::compile::tasks::lead_days(&compiled) + 1;
    let tasks = crate::compile::tasks::tasks_between(
        &compiled,
        Some(from.add_days(-lead).unwrap_or(from)),
        last.add_days(lead).unwrap_or(last),
    );
    for task in tasks
        .iter()
        .filter(|t| t.due_instant >= window_start && t.due_instant < window_end)
    {
        if options
            .for_id
            .is_some_and(|id| !task.concerns.iter().any(|c| c == id))
        {
            continue;
        }
        let day = task.due_instant.local(&zone).date;
        entries.push(Entry {
            day,
            date: day.to_string(),
            start: task.due_instant.to_rfc3339(&zone),
            end: task.due_instant.to_rfc3339(&zone),
            kind: "task",
            id: &task.id,
            title: &task.title,
            status: "due",
            sort_key: task.due_instant,
        });
    }
    entries.sort_by(|a, b| (a.sort_key, a.kind, a.id).cmp(&(b.sort_key, b.kind, b.id)));
    let out = match options.format {
        Format::Json => {
            let mut json = serde_json::to_string_pretty(&entries).map_err(|e| e.to_string())?;
            json.push('\n');
            json
        }
        // Titles are plan text: no control character reaches the terminal.
        Format::Table => {
            crate::terminal::escape_controls(&table(&entries, from, last, &zone, options.for_id))
                .into_owned()
        }
    };
    print(&out)?;
    Ok(Outcome::Clean)
}

/// The last day of a window of `days` days from `from` (`0` counts as 1).
pub(super) fn window_end(from: Date, days: u32) -> Result<Date, String> {
    if days > MAX_DAYS {
        return Err(format!(
            "`--days {days}` is more than {MAX_DAYS} (ten years)\nhelp: ask for a shorter window, e.g. `--days 365`"
        ));
    }
    from.add_days(i64::from(days.max(1)) - 1)
        .ok_or_else(|| "`--days` reaches past the calendar".to_string())
}

/// The occurrences that start within `window` (instants), dated within
/// `dates` give or take two days.
fn entries<'c>(
    compiled: &'c Compiled,
    for_id: Option<&str>,
    zone: &Zone,
    (start, end): (Instant, Instant),
    (from, last): (Date, Date),
) -> Vec<Entry<'c>> {
    let mut entries = Vec::new();
    // Occurrences are dated in their own zone, up to 26 hours (two dates)
    // ahead of or behind the one shown: two days of slack either side.
    let first = from.add_days(-2).unwrap_or(from);
    let through = last.add_days(2).unwrap_or(last);
    let reader = for_id
        .and_then(|id| compiled.reader(id))
        .unwrap_or(Reader::Everyone);
    for event in compiled.events_for(reader) {
        let expansion = event.expand_between(&compiled.work_week, first, through);
        let recurrence = &event.recurrence;
        let cancelled = expansion.dropped.iter().filter_map(|date| {
            let start = Instant::at_local(*date, recurrence.at, &recurrence.zone)?;
            let status = if compiled.work_week.holidays.contains(date) {
                "holiday"
            } else {
                "skipped"
            };
            Some((
                start,
                start.plus_minutes(recurrence.duration_minutes)?,
                status,
            ))
        });
        let held = expansion
            .occurrences
            .iter()
            .map(|o| (o.start, o.end, "scheduled"));
        for (occurrence_start, occurrence_end, status) in held.chain(cancelled) {
            if occurrence_start < start || occurrence_start >= end {
                continue;
            }
            let day = occurrence_start.local(zone).date;
            entries.push(Entry {
                day,
                date: day.to_string(),
                start: occurrence_start.to_rfc3339(zone),
                end: occurrence_end.to_rfc3339(zone),
                kind: event.kind.as_str(),
                id: &event.id,
                title: &event.title,
                status,
                sort_key: occurrence_start,
            });
        }
    }
    entries.sort_by(|a, b| (a.sort_key, a.kind, a.id).cmp(&(b.sort_key, b.kind, b.id)));
    entries
}

fn table(
    entries: &[Entry<'_>],
    from: Date,
    last: Date,
    zone: &Zone,
    for_id: Option<&str>,
) -> String {
    let who = for_id.map_or_else(String::new, |id| format!(" for `{id}`"));
    let mut out = format!(
        "Agenda{who}, {from} to {last}, times in {}\n\n",
        zone.name()
    );
    if entries.is_empty() {
        out.push_str("nothing scheduled\n");
        return out;
    }
    for entry in entries {
        let day = weekday_name(entry.day);
        let time = |rfc: &str| rfc.get(11..16).unwrap_or("").to_string();
        let status = match entry.status {
            "scheduled" | "due" => String::new(),
            other => format!("  (cancelled: {other})"),
        };
        // A task is due at a moment: no end time.
        let when = if entry.start == entry.end {
            format!("{}      ", time(&entry.start))
        } else {
            format!("{}-{}", time(&entry.start), time(&entry.end))
        };
        out.push_str(&format!(
            "{day} {}  {when}  {:<9} {}{status}\n",
            entry.date, entry.kind, entry.title
        ));
    }
    out
}

/// Today's date in `zone`: the one place `plan` reads the clock, for an
/// interactive default; every output file is independent of it.
fn today(zone: &Zone) -> Result<Date, String> {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_err(|_| "the system clock is before 1970".to_string())?;
    let seconds =
        i64::try_from(now.as_secs()).map_err(|_| "the system clock is out of range".to_string())?;
    Instant::from_unix_seconds(seconds)
        .map(|now| now.local(zone).date)
        .ok_or_else(|| "the system clock is out of range".to_string())
}
