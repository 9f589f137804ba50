//! `plan agenda`: the occurrences in a window, as a table or JSON.

use std::path::Path;

use super::sla::weekday_name;
use super::{
    Error, Failure, date_argument, json, now, print, reader_argument, resolved_plan, zone_argument,
};
use crate::agenda::{Entry, Status, Window};
use crate::report::Style;
use crate::time::{Date, Zone};

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

pub(super) fn run(plan: &Path, options: &Options<'_>, style: Style) -> Result<(), Failure> {
    let compiled = resolved_plan(plan, style)?;
    let reader = reader_argument(&compiled, options.for_id, true)?;
    let zone = match options.tz {
        Some(name) => zone_argument(name)?,
        None => crate::agenda::zone_of(&compiled, reader),
    };
    let from = match options.from {
        Some(text) => date_argument("--from", text)?,
        None => today(&zone)?,
    };
    let window = Window::new(from, options.days, zone).map_err(Error::Window)?;
    let entries = crate::agenda::entries(&compiled, reader, &window);
    // An empty window outside the plan's dates says so, and where to look.
    let outside = crate::agenda::outside_plan(&compiled, &window)
        .filter(|_| entries.is_empty())
        .map(|outside| outside.describe(options.for_id));
    let out = match options.format {
        Format::Json => json(&entries)?,
        // Titles are plan text: no control character reaches the terminal.
        Format::Table => {
            let table = table(&entries, &window, options.for_id, outside.as_deref());
            crate::terminal::escape_controls(&table).into_owned()
        }
    };
    print(&out)?;
    if let (Format::Json, Some(outside)) = (options.format, &outside) {
        eprintln!("note: nothing scheduled: {outside}");
    }
    Ok(())
}

fn table(
    entries: &[Entry],
    window: &Window,
    for_id: Option<&str>,
    outside: Option<&str>,
) -> String {
    let who = for_id.map_or_else(String::new, |id| format!(" for `{id}`"));
    let mut out = format!(
        "Agenda{who}, {} to {}, times in {}\n\n",
        window.from,
        window.last,
        window.zone.name()
    );
    if entries.is_empty() {
        match outside {
            Some(outside) => out.push_str(&format!("nothing scheduled: {outside}\n")),
            None => out.push_str("nothing scheduled\n"),
        }
        return out;
    }
    for entry in entries {
        let day = weekday_name(entry.day);
        let time = |rfc: &str| rfc.get(11..16).unwrap_or("").to_string();
        let status = match (&entry.moved_from, &entry.note) {
            _ if entry.status == Status::Cancelled => match &entry.note {
                Some(note) => format!("  (cancelled: {note})"),
                None => "  (cancelled)".to_string(),
            },
            _ if entry.status.is_cancelled() => format!("  (cancelled: {})", entry.status.as_str()),
            (Some(from), note) => {
                // The planned start, its date left out when it is the same day.
                let planned = match from.get(..10) {
                    Some(date) if date == entry.date => time(from),
                    Some(date) => format!("{date} {}", time(from)),
                    None => String::new(),
                };
                match note {
                    Some(note) => format!("  (moved from {planned}: {note})"),
                    None => format!("  (moved from {planned})"),
                }
            }
            (None, Some(note)) => format!("  ({note})"),
            (None, None) => String::new(),
        };
        let assignee = entry
            .assignee
            .as_ref()
            .map_or_else(String::new, |name| format!("  [{name}]"));
        // A task is due at a moment: no end time.
        let when = if entry.start == entry.end {
            format!("{}      ", time(&entry.start))
        } else {
            format!("{}-{}", time(&entry.start), time(&entry.end))
        };
        out.push_str(&format!(
            "{day} {}  {when}  {:<9} {}{assignee}{status}\n",
            entry.date, entry.kind, entry.title
        ));
    }
    out
}

/// Today's date in `zone`, for the default `--from`.
fn today(zone: &Zone) -> Result<Date, Error> {
    now().map(|now| now.local(zone).date)
}
