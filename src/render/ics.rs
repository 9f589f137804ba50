//! iCalendar (RFC 5545) files that calendar apps import and subscribe to.
//!
//! - Lines end in CRLF and are folded at 75 octets, never inside a UTF-8
//!   character; continuation lines start with one space.
//! - TEXT values escape `\`, `;`, `,` and newlines (a bare CR is one too:
//!   it never reaches the file, so plan text cannot start a property line).
//! - Local times skipped or repeated by a daylight-saving change are written
//!   local, as DTSTART is, in EXDATE, RDATE and RECURRENCE-ID alike.
//! - Every TZID has a VTIMEZONE built from the zone's real transitions; no
//!   X-WR-TIMEZONE, so no reader can move a time into another zone.
//! - A calendar without events holds the project zone's VTIMEZONE: never an
//!   empty VCALENDAR.
//! - Each event recurs by RRULE (UNTIL in UTC) with EXDATEs for holidays and
//!   skips and RDATEs for make-up days, all with DTSTART's TZID and time.
//! - UIDs come from ids, DTSTAMP from the caller: identical plans give
//!   identical files.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use super::versions::{EventVersions, Version, digest};
use crate::compile::{Compiled, Event};
use crate::i18n::Messages;
use crate::model::{Every, On, Ordinal, TimeOfDay, Weekday};
use crate::time::{Date, Expansion, Instant, Move, Observance, TimezoneForm, Zone, timezone_form};

/// How far ahead an open-ended schedule is expanded to find its holidays, and
/// how far its VTIMEZONE reaches.
const OPEN_ENDED_DAYS: i64 = 5 * 366;

/// What a calendar file says about itself: its name and description (RFC
/// 7986, and the older X-WR- names), and its colour.
#[derive(Clone, Copy, Debug)]
pub struct About<'a> {
    pub title: &'a str,
    pub description: &'a str,
    /// A CSS3 colour name.
    pub color: Option<&'a str>,
    /// The reader's catalogue: the events' labels and categories.
    pub messages: &'a Messages,
}

pub fn calendar(
    compiled: &Compiled,
    about: &About<'_>,
    events: &[&Event],
    stamps: &Stamps<'_>,
) -> String {
    let stamp = stamps.stamp;
    let mut out = Lines::default();
    out.line("BEGIN:VCALENDAR");
    out.line("VERSION:2.0");
    out.line(&format!(
        "PRODID:-//commplan//plan {}//EN",
        env!("CARGO_PKG_VERSION")
    ));
    out.line("CALSCALE:GREGORIAN");
    out.line("METHOD:PUBLISH");
    subscription(&mut out, compiled, about);
    out.line(&format!("X-WR-CALNAME:{}", text(about.title)));
    // No X-WR-TIMEZONE: every time here has a TZID and its VTIMEZONE, or is
    // UTC, so RFC 5545 readers never need it, and readers that honour it (as
    // Google Calendar does, and python's x-wr-timezone in
    // recurring-ical-events) move a UTC time into that zone before
    // expanding: a weekly 23:30 UTC meeting then recurs at 22:30 or 23:30 UTC
    // on Sundays. Without it, every reader expands the same instants.
    let rendered: Vec<(&Event, Expansion, Option<Date>)> = events
        .iter()
        .map(|event| {
            let through = horizon(compiled, event);
            let (expansion, first) = exceptions(compiled, event, through);
            (*event, expansion, first)
        })
        .filter(|(_, _, first)| first.is_some())
        .collect();
    let zones: BTreeSet<&str> = rendered
        .iter()
        .map(|(e, _, _)| e.recurrence.zone.name())
        .collect();
    for zone_name in zones {
        let uses: Vec<&(&Event, Expansion, Option<Date>)> = rendered
            .iter()
            .filter(|(e, _, _)| e.recurrence.zone.name() == zone_name)
            .collect();
        if let Some((event, _, _)) = uses.first() {
            let from = uses
                .iter()
                .filter_map(|(_, _, first)| *first)
                .min()
                .unwrap_or(compiled.start);
            let until = uses
                .iter()
                .map(|(e, _, _)| horizon(compiled, e))
                .max()
                .unwrap_or(from);
            vtimezone(&mut out, &event.recurrence.zone, from, until);
        }
    }
    if rendered.is_empty() {
        // A calendar must hold a component (icalendar's validate() and
        // RFC 5545 say so): an empty one keeps its file, so a subscribed URL
        // and the handbook's link stay valid, with the project's zone.
        vtimezone(&mut out, &compiled.zone, compiled.start, compiled.horizon);
    }
    for (event, expansion, first) in &rendered {
        if let Some(first) = first {
            let version = stamps
                .versions
                .get(&uid(compiled, event))
                .copied()
                .unwrap_or(Version {
                    sequence: 0,
                    modified: stamp,
                    digest: 0,
                });
            let written = Written {
                stamp,
                version: Some(version),
            };
            event_with_moves(
                &mut out,
                compiled,
                about.messages,
                event,
                (expansion, *first),
                written,
            );
        }
    }
    out.line("END:VCALENDAR");
    out.text
}

/// RFC 7986's name, description, colour and refresh hint; the description
/// also as X-WR-CALDESC and the refresh hint as X-PUBLISHED-TTL, the older
/// names that clients without RFC 7986 read (Outlook reads the TTL).
fn subscription(out: &mut Lines, compiled: &Compiled, about: &About<'_>) {
    out.line(&format!("NAME:{}", text(about.title)));
    out.line(&format!("DESCRIPTION:{}", text(about.description)));
    out.line(&format!("X-WR-CALDESC:{}", text(about.description)));
    if let Some(color) = about.color {
        out.line(&format!("COLOR:{}", text(color)));
    }
    let refresh = nominal_duration(compiled.calendar.refresh_minutes);
    out.line(&format!("REFRESH-INTERVAL;VALUE=DURATION:{refresh}"));
    out.line(&format!("X-PUBLISHED-TTL:{refresh}"));
}

/// The last date an event's expansion needs: its `until`, or far enough ahead
/// to cover every holiday, skip and make-up day of an open-ended schedule.
fn horizon(compiled: &Compiled, event: &Event) -> Date {
    if let Some(until) = event.recurrence.until {
        return until;
    }
    let ahead = event
        .recurrence
        .from
        .add_days(OPEN_ENDED_DAYS)
        .unwrap_or(event.recurrence.from);
    compiled
        .work_week
        .holidays
        .iter()
        .chain(&compiled.work_week.extra_workdays)
        .chain(&event.recurrence.skip)
        .copied()
        .chain(
            event
                .recurrence
                .moves
                .iter()
                .flat_map(|m| [m.planned, m.date]),
        )
        .fold(ahead, Date::max)
}

/// What a calendar needs besides the RRULE: the dates it drops (EXDATE)
/// and adds (RDATE) through `through`, and the first date the rule itself
/// generates (DTSTART must be one of them). Only the holidays, skips and
/// make-up days are looked at, never every occurrence: a calendar costs the
/// same for a daily and a monthly schedule.
fn exceptions(compiled: &Compiled, event: &Event, through: Date) -> (Expansion, Option<Date>) {
    let recurrence = &event.recurrence;
    if event.single {
        let expansion = event.expand(&compiled.work_week, through);
        let first = expansion.occurrences.first().map(|o| o.date);
        return (Expansion::default(), first);
    }
    let week = &compiled.work_week;
    let last = recurrence.until.map_or(through, |until| until.min(through));
    let candidates: BTreeSet<Date> = week
        .holidays
        .range(recurrence.from..=last)
        .chain(recurrence.skip.iter().filter(|d| **d <= last))
        .copied()
        .collect();
    let dropped = candidates
        .into_iter()
        .filter(|date| recurrence.falls_on(week, *date))
        .collect();
    let added = week
        .extra_workdays
        .range(recurrence.from..=last)
        .flat_map(|date| recurrence.expand_between(week, *date, *date).added)
        .collect();
    let first = recurrence.first_rule_date(week, through);
    let expansion = Expansion {
        occurrences: Vec::new(),
        dropped,
        added,
    };
    (expansion, first)
}

fn vtimezone(out: &mut Lines, zone: &Zone, from: Date, until: Date) {
    let utc = Zone::parse("UTC").ok();
    let midnight = TimeOfDay { hour: 0, minute: 0 };
    let (Some(utc), Some(last)) = (utc, until.add_days(1)) else {
        return;
    };
    let (Some(start), Some(end)) = (
        Instant::at_local(from, midnight, &utc),
        Instant::at_local(last, midnight, &utc),
    ) else {
        return;
    };
    out.line("BEGIN:VTIMEZONE");
    out.line(&format!("TZID:{}", zone.name()));
    // One yearly pair where the zone's changes follow one (Outlook reads
    // only that form right), else each change as it is.
    match timezone_form(zone, start, end) {
        TimezoneForm::Fixed(observance) => observance_block(out, &observance, None),
        TimezoneForm::Yearly { standard, daylight } => {
            observance_block(out, &standard.first, Some(standard.rrule()));
            observance_block(out, &daylight.first, Some(daylight.rrule()));
        }
        TimezoneForm::Exact(all) => {
            for observance in &all {
                observance_block(out, observance, None);
            }
        }
    }
    out.line("END:VTIMEZONE");
}

/// A STANDARD or DAYLIGHT block, with its yearly rule when it has one.
fn observance_block(out: &mut Lines, observance: &Observance, rrule: Option<String>) {
    let kind = if observance.daylight {
        "DAYLIGHT"
    } else {
        "STANDARD"
    };
    out.line(&format!("BEGIN:{kind}"));
    out.line(&format!("DTSTART:{}", observance.start_local));
    if let Some(rrule) = rrule {
        out.line(&format!("RRULE:{rrule}"));
    }
    out.line(&format!("TZOFFSETFROM:{}", offset(observance.offset_from)));
    out.line(&format!("TZOFFSETTO:{}", offset(observance.offset_to)));
    if !observance.name.is_empty() {
        out.line(&format!("TZNAME:{}", text(&observance.name)));
    }
    out.line(&format!("END:{kind}"));
}

/// The stamps of a calendar's events: the build's `DTSTAMP`, and each
/// event's version (`plan.lock`); an event the versions lack is at sequence
/// 0, modified at the stamp.
#[derive(Clone, Copy, Debug)]
pub struct Stamps<'a> {
    pub stamp: Instant,
    pub versions: &'a EventVersions,
}

/// How an event's stamps are written: its version is left out where the
/// event is written only to be digested.
#[derive(Clone, Copy)]
struct Written {
    stamp: Instant,
    version: Option<Version>,
}

fn uid(compiled: &Compiled, event: &Event) -> String {
    format!("{}@{}", event.id, compiled.slug)
}

/// An event's series and the overrides of its moved occurrences.
fn event_with_moves(
    out: &mut Lines,
    compiled: &Compiled,
    m: &Messages,
    event: &Event,
    (expansion, first): (&Expansion, Date),
    written: Written,
) {
    vevent(out, compiled, m, event, (expansion, first), written);
    for moved in moves(compiled, event) {
        moved_vevent(out, compiled, m, event, moved, written);
    }
}

/// Each event's version after this build: its digest (the event as
/// written in the plan's language, without stamps) held against `previous`
/// (see `versions.rs`): a reader's language changes no version.
/// Events a calendar would not write (no occurrence) have none.
pub fn versions(compiled: &Compiled, previous: &EventVersions, stamp: Instant) -> EventVersions {
    let mut versions = EventVersions::default();
    let unstamped = Written {
        stamp: Instant::from_unix_seconds(0).unwrap_or(stamp),
        version: None,
    };
    for event in &compiled.events {
        let (expansion, first) = exceptions(compiled, event, horizon(compiled, event));
        let Some(first) = first else { continue };
        let mut lines = Lines::default();
        let m = &compiled.messages;
        event_with_moves(
            &mut lines,
            compiled,
            m,
            event,
            (&expansion, first),
            unstamped,
        );
        let uid = uid(compiled, event);
        let version = previous.next(&uid, digest(&lines.text), stamp);
        versions.insert(uid, version);
    }
    versions
}

/// A VEVENT's first lines: its UID and stamps (an override shares both).
fn begin_vevent(out: &mut Lines, compiled: &Compiled, event: &Event, written: Written) {
    out.line("BEGIN:VEVENT");
    out.line(&format!("UID:{}", uid(compiled, event)));
    stamp_lines(out, written);
}

/// The stamp lines of an event (and of its overrides, which share them).
/// A versioned event's `DTSTAMP` is its `LAST-MODIFIED` from `plan.lock`:
/// RFC 5545 (3.8.7.2) reads DTSTAMP in a calendar without `METHOD` as when
/// the event was last revised, and the lock is committed, so a local build
/// and a CI `--check` write the same bytes whatever their clocks or
/// `SOURCE_DATE_EPOCH`.
fn stamp_lines(out: &mut Lines, written: Written) {
    let revised = written.version.map_or(written.stamp, |v| v.modified);
    out.line(&format!("DTSTAMP:{}", revised.to_ical_utc()));
    if let Some(version) = written.version {
        out.line(&format!("SEQUENCE:{}", version.sequence));
        out.line(&format!("LAST-MODIFIED:{}", version.modified.to_ical_utc()));
    }
}

fn vevent(
    out: &mut Lines,
    compiled: &Compiled,
    m: &Messages,
    event: &Event,
    (expansion, first): (&Expansion, Date),
    written: Written,
) {
    let recurrence = &event.recurrence;
    begin_vevent(out, compiled, event, written);
    out.line(&date_time(
        "DTSTART",
        first,
        recurrence.at,
        &recurrence.zone,
    ));
    out.line(&format!(
        "DURATION:{}",
        duration(recurrence.duration_minutes)
    ));
    if !event.single {
        out.line(&format!("RRULE:{}", rrule(compiled, event)));
        date_list(out, "EXDATE", &expansion.dropped, recurrence);
        date_list(out, "RDATE", &expansion.added, recurrence);
    }
    event_body(out, compiled, m, event, None);
}

/// The occurrences of an event a change moved, through its horizon: each is
/// written as an override of the occurrence it replaces.
fn moves<'e>(compiled: &Compiled, event: &'e Event) -> impl Iterator<Item = &'e Move> {
    let recurrence = &event.recurrence;
    let through = horizon(compiled, event);
    recurrence.moves.iter().filter(move |m| {
        m.planned <= through && recurrence.is_planned(&compiled.work_week, m.planned)
    })
}

/// One moved occurrence: the event's UID, the planned start as its
/// RECURRENCE-ID, the new start and length, and the change's note first.
fn moved_vevent(
    out: &mut Lines,
    compiled: &Compiled,
    m: &Messages,
    event: &Event,
    moved: &Move,
    written: Written,
) {
    let recurrence = &event.recurrence;
    begin_vevent(out, compiled, event, written);
    out.line(&date_time(
        "RECURRENCE-ID",
        moved.planned,
        recurrence.at,
        &recurrence.zone,
    ));
    out.line(&date_time(
        "DTSTART",
        moved.date,
        moved.at,
        &recurrence.zone,
    ));
    out.line(&format!("DURATION:{}", duration(moved.duration_minutes)));
    let note = event.change(moved.planned).and_then(|c| c.note.as_deref());
    event_body(out, compiled, m, event, note);
}

/// `NAME;TZID=zone:local`, local even where a daylight-saving change skips
/// or repeats that time (see `date_list`).
fn date_time(name: &str, date: Date, at: TimeOfDay, zone: &Zone) -> String {
    format!("{name};TZID={}:{}", zone.name(), local_time(date, at))
}

/// What the master event and its moved occurrences share, from SUMMARY to
/// the attendees, and the end of the event. A moved occurrence's note leads
/// its description.
fn event_body(
    out: &mut Lines,
    compiled: &Compiled,
    m: &Messages,
    event: &Event,
    note: Option<&str>,
) {
    out.line(&format!("SUMMARY:{}", text(&event.title)));
    let description = event.description(m);
    let description = match note {
        Some(note) if description.is_empty() => note.to_string(),
        Some(note) => format!("{note}\n\n{description}"),
        None => description,
    };
    if !description.is_empty() {
        out.line(&format!("DESCRIPTION:{}", text(&description)));
    }
    if let Some(channel) = event.channel.as_deref().and_then(|c| compiled.channel(c)) {
        let location = event
            .url
            .clone()
            .or_else(|| channel.address.clone())
            // The id, not the display name: calendar text is not this change's to move
            // (a new LOCATION would version every event in `plan.lock`).
            .unwrap_or_else(|| channel.id.clone());
        out.line(&format!("LOCATION:{}", text(&location)));
    }
    if let Some(url) = &event.url {
        out.line(&format!("URL:{}", uri(url)));
        // RFC 7986: calendar apps show a join button for a conference URI.
        let channel = event.channel.as_deref().and_then(|c| compiled.channel(c));
        if let Some(channel) = channel.filter(|c| {
            matches!(
                c.kind,
                crate::model::ChannelKind::Video | crate::model::ChannelKind::Call
            )
        }) {
            let label = channel
                .provider
                .clone()
                .unwrap_or_else(|| channel.id.clone());
            let feature = if channel.kind == crate::model::ChannelKind::Video {
                "AUDIO,VIDEO"
            } else {
                "AUDIO"
            };
            out.line(&format!(
                "CONFERENCE;VALUE=URI;FEATURE={feature};LABEL={}:{}",
                param(&label),
                uri(url)
            ));
        }
    }
    let category = m.get(&format!("category_{}", event.kind.as_str()));
    out.line(&format!("CATEGORIES:{}", text(&category)));
    if event.kind == crate::compile::EventKind::Report {
        out.line("TRANSP:TRANSPARENT");
    }
    if let Some(organizer) = event
        .organizer
        .as_deref()
        .and_then(|id| compiled.person(id))
        && let Some(email) = &organizer.email
    {
        out.line(&format!(
            "ORGANIZER;CN={}:mailto:{}",
            param(&organizer.name),
            uri(email)
        ));
    }
    for person in event.attendees.iter().filter_map(|id| compiled.person(id)) {
        if let Some(email) = &person.email {
            out.line(&format!(
                "ATTENDEE;CN={};ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION:mailto:{}",
                param(&person.name),
                uri(email)
            ));
        }
    }
    for minutes in &event.reminders {
        alarm(out, &event.title, *minutes);
    }
    out.line("END:VEVENT");
}

/// A reminder `minutes` before the start. RFC 5545 requires a DESCRIPTION
/// for a DISPLAY alarm: the event's title is what the reminder shows.
fn alarm(out: &mut Lines, title: &str, minutes: u64) {
    out.line("BEGIN:VALARM");
    out.line("ACTION:DISPLAY");
    out.line(&format!("TRIGGER:-{}", nominal_duration(minutes)));
    out.line(&format!("DESCRIPTION:{}", text(title)));
    out.line("END:VALARM");
}

/// EXDATE or RDATE values with DTSTART's zone and time of day. A local
/// time that a daylight-saving change skips or repeats stays local too: RFC
/// 5545 (3.3.5) reads it as DTSTART's occurrence is read, and a reader that
/// reads such times its own way (ical.js takes the later offset) then still
/// matches it with the occurrence, which a UTC value would not.
fn date_list(
    out: &mut Lines,
    property: &str,
    dates: &[Date],
    recurrence: &crate::time::Recurrence,
) {
    if dates.is_empty() {
        return;
    }
    let values: Vec<String> = dates
        .iter()
        .map(|d| local_time(*d, recurrence.at))
        .collect();
    out.line(&format!(
        "{property};TZID={}:{}",
        recurrence.zone.name(),
        values.join(",")
    ));
}

/// `20260310T100000`: a local date-time value.
fn local_time(date: Date, at: TimeOfDay) -> String {
    format!("{}T{:02}{:02}00", basic_date(date), at.hour, at.minute)
}

/// The RRULE that recurs exactly as `Recurrence::expand` does.
pub fn rrule(compiled: &Compiled, event: &Event) -> String {
    let recurrence = &event.recurrence;
    let mut rule = match recurrence.every {
        Every::Day => "FREQ=DAILY".to_string(),
        Every::Weekday | Every::Weeks(_) => {
            let interval = match recurrence.every {
                Every::Weeks(n) if n > 1 => format!(";INTERVAL={n}"),
                _ => String::new(),
            };
            let days: Vec<&str> = recurrence
                .weekly_days(&compiled.work_week)
                .into_iter()
                .map(byday)
                .collect();
            format!("FREQ=WEEKLY{interval};BYDAY={};WKST=MO", days.join(","))
        }
        Every::Months(_) | Every::Quarter => {
            let n = match recurrence.every {
                Every::Months(n) => n,
                _ => 3,
            };
            let interval = if n > 1 {
                format!(";INTERVAL={n}")
            } else {
                String::new()
            };
            let by = match &recurrence.on {
                Some(On::NthWeekday(ordinal, weekday)) => {
                    format!("BYDAY={}{}", nth(*ordinal), byday(*weekday))
                }
                Some(On::DayOfMonth(day)) => format!("BYMONTHDAY={day}"),
                _ => format!("BYMONTHDAY={}", recurrence.from.day()),
            };
            format!("FREQ=MONTHLY{interval};{by}")
        }
    };
    if let Some(until) = recurrence.until {
        // The last minute of the last day, in the schedule's zone: no
        // occurrence that day is cut off, whatever its time (times are whole minutes).
        let end = Instant::at_local(
            until,
            TimeOfDay {
                hour: 23,
                minute: 59,
            },
            &recurrence.zone,
        );
        if let Some(end) = end {
            let _ = write!(rule, ";UNTIL={}", end.to_ical_utc());
        }
    }
    rule
}

fn nth(ordinal: Ordinal) -> &'static str {
    match ordinal {
        Ordinal::First => "1",
        Ordinal::Second => "2",
        Ordinal::Third => "3",
        Ordinal::Fourth => "4",
        Ordinal::Last => "-1",
    }
}

fn byday(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "MO",
        Weekday::Tue => "TU",
        Weekday::Wed => "WE",
        Weekday::Thu => "TH",
        Weekday::Fri => "FR",
        Weekday::Sat => "SA",
        Weekday::Sun => "SU",
    }
}

fn basic_date(date: Date) -> String {
    format!("{:04}{:02}{:02}", date.year(), date.month(), date.day())
}

/// `P1W`, `P1D`, `P1DT2H`, `PT15M`: whole weeks and days as such, the way
/// calendar apps write reminders (a day before is the same wall-clock time
/// the day before, across a change of offset too).
fn nominal_duration(minutes: u64) -> String {
    const DAY: u64 = 24 * 60;
    if minutes > 0 && minutes.is_multiple_of(7 * DAY) {
        return format!("P{}W", minutes / (7 * DAY));
    }
    let (days, hours, minutes) = (minutes / DAY, minutes % DAY / 60, minutes % 60);
    let mut out = "P".to_string();
    if days > 0 {
        let _ = write!(out, "{days}D");
    }
    if hours > 0 || minutes > 0 || days == 0 {
        out.push('T');
    }
    if hours > 0 {
        let _ = write!(out, "{hours}H");
    }
    if minutes > 0 || (days == 0 && hours == 0) {
        let _ = write!(out, "{minutes}M");
    }
    out
}

/// `PT45M`, `PT1H30M`, `PT0S`.
fn duration(minutes: i64) -> String {
    match (minutes / 60, minutes % 60) {
        (0, 0) => "PT0S".to_string(),
        (0, m) => format!("PT{m}M"),
        (h, 0) => format!("PT{h}H"),
        (h, m) => format!("PT{h}H{m}M"),
    }
}

/// `+0100`, `-0430`.
fn offset(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let minutes = seconds.unsigned_abs() / 60;
    format!("{sign}{:02}{:02}", minutes / 60, minutes % 60)
}

/// A TEXT value: backslash, semicolon, comma and newlines escaped; other
/// control characters (a bare CR among them) removed.
pub fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let normalised = value.replace("\r\n", "\n");
    for c in normalised.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            // A lone CR ends a line too; a tab is text (RFC 5545's WSP).
            '\n' | '\r' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A parameter value (CN=...): quoted, without quotes or control characters inside.
pub fn param(value: &str) -> String {
    let clean: String = value
        .chars()
        .filter(|c| *c != '"' && !c.is_control())
        .collect();
    format!("\"{clean}\"")
}

/// A URI value: no whitespace or control characters (validation refuses them
/// in links; emails are checked too, this is the last line of defence).
fn uri(value: &str) -> String {
    value
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect()
}

/// Content lines, CRLF-terminated and folded at 75 octets.
#[derive(Default)]
struct Lines {
    text: String,
}

impl Lines {
    fn line(&mut self, line: &str) {
        let mut width = 0;
        for c in line.chars() {
            let len = c.len_utf8();
            if width + len > 75 {
                self.text.push_str("\r\n ");
                width = 1;
            }
            self.text.push(c);
            width += len;
        }
        self.text.push_str("\r\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fold(line: &str) -> String {
        let mut lines = Lines::default();
        lines.line(line);
        lines.text
    }

    #[test]
    fn folding_counts_octets_and_keeps_characters_whole() {
        let ascii = "X".repeat(80);
        assert_eq!(
            fold(&ascii),
            format!("{}\r\n {}\r\n", &ascii[..75], &ascii[75..])
        );
        let chinese = format!("SUMMARY:{}", "周".repeat(40));
        let folded = fold(&chinese);
        for physical in folded.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(
                physical.len() <= 75,
                "{physical:?} is {} octets",
                physical.len()
            );
        }
        assert_eq!(folded.replace("\r\n ", "").trim_end(), chinese);
    }

    #[test]
    fn text_cannot_start_a_new_property() {
        assert_eq!(text("a;b,c\\d\ne"), "a\\;b\\,c\\\\d\\ne");
        assert_eq!(
            text("Sync\r\nATTENDEE:mailto:x@evil.example"),
            "Sync\\nATTENDEE:mailto:x@evil.example"
        );
        // A lone CR is a line end too, escaped: never a new property.
        assert_eq!(text("Sync\rATTENDEE:x"), "Sync\\nATTENDEE:x");
        assert_eq!(text("tab\there\u{1b}"), "tab\there");
        assert_eq!(param("Ann \"The\" Lee\r\n"), "\"Ann The Lee\"");
    }

    #[test]
    fn durations_and_offsets() {
        assert_eq!(duration(45), "PT45M");
        assert_eq!(duration(90), "PT1H30M");
        assert_eq!(duration(60), "PT1H");
        assert_eq!(duration(0), "PT0S");
        assert_eq!(nominal_duration(15), "PT15M");
        assert_eq!(nominal_duration(24 * 60), "P1D");
        assert_eq!(nominal_duration(26 * 60 + 30), "P1DT2H30M");
        assert_eq!(nominal_duration(7 * 24 * 60), "P1W");
        assert_eq!(nominal_duration(8 * 24 * 60), "P8D");
        assert_eq!(nominal_duration(2 * 7 * 24 * 60), "P2W");
        assert_eq!(nominal_duration(12 * 60), "PT12H");
        assert_eq!(offset(3600), "+0100");
        assert_eq!(offset(-16200), "-0430");
        assert_eq!(offset(20700), "+0545");
    }
}
