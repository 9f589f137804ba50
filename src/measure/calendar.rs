//! The calendar source of `plan measure`: an iCalendar (.ics) export of
//! what was actually held (Google Calendar, Outlook, Apple Calendar,
//! Thunderbird). Read a line at a time, each line at most
//! [`MAX_SOURCE_LINE_BYTES`] and the file at most [`MAX_CALENDAR_BYTES`]:
//! only the few properties compared are kept per event (never a
//! description). A VEVENT that cannot be read is a [`Skip`] with the line
//! it begins on. [`compare`] holds the events against the plan's
//! occurrences: held, moved or missed (docs/measure.md).

use std::io::{self, BufRead, Read};

use super::csv::SourceError;
use super::{Contact, Held, Place, SeriesMeasures, SeriesOccurrence, Skip};
use crate::compile::{Compiled, Event, EventKind};
use crate::limits::{FIRST_YEAR, LAST_YEAR, MAX_SOURCE_LINE_BYTES};
use crate::time::{Date, Instant, TimeOfDay, Weekday, Zone};

/// A calendar export larger than this is refused: its events are held
/// while they are compared, and no team's year of meetings comes near it.
pub const MAX_CALENDAR_BYTES: u64 = 256 << 20;

/// Days a foreign recurrence is followed from its start: a rule begun
/// long before the period is still expanded in bounded time.
const MAX_RULE_DAYS: i64 = 100 * 366;

/// The properties of a VEVENT that are read; any other (ATTACH,
/// DESCRIPTION, X-ALT-DESC, ...) is passed over, and when it is longer
/// than [`MAX_SOURCE_LINE_BYTES`] unfolded, dropped as it is read.
const READ_PROPERTIES: [&str; 11] = [
    "BEGIN",
    "END",
    "UID",
    "SUMMARY",
    "STATUS",
    "RRULE",
    "DTSTART",
    "RECURRENCE-ID",
    "EXDATE",
    "ATTENDEE",
    "ORGANIZER",
];

/// One VEVENT of the export: the properties compared, nothing else.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeldEvent {
    pub uid: String,
    pub summary: String,
    pub start: Instant,
    /// A `DATE` start: the whole day.
    pub all_day: bool,
    /// The zone its times are written in: a TZID, UTC, else the plan's.
    pub zone: Zone,
    /// An override of one occurrence: the start it replaces.
    pub recurrence_id: Option<Instant>,
    pub cancelled: bool,
    pub exdates: Vec<Instant>,
    /// The RRULE as written.
    pub rule: Option<String>,
    /// Attendees and organizer (lowercase emails), but who declined.
    pub people: Vec<String>,
    pub place: Place,
}

/// What the calendar source yields, one at a time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CalendarItem {
    Event(HeldEvent),
    Skip(Skip),
}

/// The VEVENTs of an .ics file, one at a time.
pub struct CalendarEvents<R> {
    input: R,
    file: String,
    zone: Zone,
    /// Physical lines read, and bytes.
    line: u64,
    bytes: u64,
    /// The physical line read ahead (a folded line ends only at the next
    /// line that does not start with a space or tab).
    ahead: Option<(u64, Vec<u8>)>,
    event: Option<Builder>,
    /// Components open inside the VEVENT (VALARM): their lines are not its.
    nested: usize,
    calendar: Calendar,
    failed: bool,
}

/// Where the reader is: a file that does not begin as a calendar, or
/// does not end as one, is no calendar export (exit 2), not an empty one.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Calendar {
    NotBegun,
    Open,
    Ended,
}

/// One content line as read, unfolded.
enum Content {
    Line(String),
    /// Longer than [`MAX_SOURCE_LINE_BYTES`] unfolded: its name, if it has
    /// one, is all that is kept.
    TooLong(Option<String>),
}

/// Reads the VEVENTs of `input` (named `file` in skips); floating times
/// are read in `zone`.
pub fn events<R: BufRead>(input: R, file: &str, zone: &Zone) -> CalendarEvents<R> {
    CalendarEvents {
        input,
        file: file.to_string(),
        zone: zone.clone(),
        line: 0,
        bytes: 0,
        ahead: None,
        event: None,
        nested: 0,
        calendar: Calendar::NotBegun,
        failed: false,
    }
}

impl<R: BufRead> Iterator for CalendarEvents<R> {
    type Item = Result<CalendarItem, SourceError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.failed {
            let taken = match self.logical_line() {
                Ok(Some((line, content))) => self.take(line, content),
                Ok(None) => return self.at_end(),
                Err(error) => Err(error),
            };
            match taken {
                Ok(Some(item)) => return Some(Ok(item)),
                Ok(None) => {}
                Err(error) => {
                    self.failed = true;
                    return Some(Err(error));
                }
            }
        }
        None
    }
}

impl<R: BufRead> CalendarEvents<R> {
    /// At the end of the file: a VEVENT it ends inside is a skip; a file
    /// that never began or ended a calendar is an error.
    fn at_end(&mut self) -> Option<Result<CalendarItem, SourceError>> {
        if let Some(event) = self.event.take() {
            return Some(Ok(CalendarItem::Skip(Skip {
                place: self.place(event.line),
                reason: "the VEVENT has no END:VEVENT".to_string(),
            })));
        }
        self.failed = true;
        let reason = match self.calendar {
            Calendar::Ended => return None,
            Calendar::NotBegun => "not an iCalendar file: it has no `BEGIN:VCALENDAR`",
            Calendar::Open => "the calendar has no `END:VCALENDAR`: is the export cut off?",
        };
        Some(Err(self.invalid(reason.to_string())))
    }

    fn invalid(&self, reason: String) -> SourceError {
        self.io(io::Error::new(io::ErrorKind::InvalidData, reason))
    }

    fn skip_line(&self, line: u64, reason: String) -> Option<CalendarItem> {
        Some(CalendarItem::Skip(Skip {
            place: self.place(line),
            reason,
        }))
    }

    fn place(&self, line: u64) -> Place {
        Place {
            file: self.file.clone(),
            line,
        }
    }

    /// One content line, unfolded, with the line it starts on.
    fn logical_line(&mut self) -> Result<Option<(u64, Content)>, SourceError> {
        let Some((line, mut text)) = (match self.ahead.take() {
            Some(ahead) => Some(ahead),
            None => self.physical_line()?,
        }) else {
            return Ok(None);
        };
        // Set once the line is over the limit: the rest of it is read
        // and dropped, never kept (an inline `ATTACH` of megabytes).
        let mut too_long = None;
        while let Some((next_line, next)) = self.physical_line()? {
            match next.split_first() {
                Some((b' ' | b'\t', _)) if too_long.is_some() => {}
                Some((b' ' | b'\t', rest)) => {
                    text.extend_from_slice(rest);
                    if text.len() > MAX_SOURCE_LINE_BYTES {
                        too_long = Some(property_name(&text));
                        text = Vec::new();
                    }
                }
                _ => {
                    self.ahead = Some((next_line, next));
                    break;
                }
            }
        }
        let content = match too_long {
            Some(name) => Content::TooLong(name),
            None => Content::Line(String::from_utf8_lossy(&text).into_owned()),
        };
        Ok(Some((line, content)))
    }

    /// The next physical line without its line break.
    fn physical_line(&mut self) -> Result<Option<(u64, Vec<u8>)>, SourceError> {
        let mut bytes = Vec::new();
        let limit = MAX_SOURCE_LINE_BYTES as u64 + 2;
        let read = (&mut self.input)
            .take(limit)
            .read_until(b'\n', &mut bytes)
            .map_err(|error| self.io(error))?;
        if read == 0 {
            return Ok(None);
        }
        self.line += 1;
        self.bytes += read as u64;
        if self.bytes > MAX_CALENDAR_BYTES {
            let error = io::Error::other(format!(
                "larger than {} MiB; export a shorter range of dates",
                MAX_CALENDAR_BYTES >> 20
            ));
            return Err(self.io(error));
        }
        if self.line == 1 && bytes.starts_with(b"\xEF\xBB\xBF") {
            bytes.drain(..3);
        }
        let ended = bytes.last() == Some(&b'\n');
        while matches!(bytes.last(), Some(b'\n' | b'\r')) {
            bytes.pop();
        }
        if !ended && bytes.len() > MAX_SOURCE_LINE_BYTES {
            return Err(self.invalid(format!(
                "line {} is longer than {} MiB; nothing was read past it (an iCalendar export folds its lines at 75 bytes: is it one?)",
                self.line,
                MAX_SOURCE_LINE_BYTES >> 20
            )));
        }
        Ok(Some((self.line, bytes)))
    }

    fn io(&self, error: io::Error) -> SourceError {
        SourceError::Io {
            file: self.file.clone(),
            error,
        }
    }

    /// Takes one content line; an event or skip once a VEVENT ends, a
    /// skip for a line of the calendar that is no content line.
    fn take(&mut self, line: u64, content: Content) -> Result<Option<CalendarItem>, SourceError> {
        let text = match content {
            Content::Line(text) => text,
            Content::TooLong(name) => return self.too_long(line, name),
        };
        let property = Property::parse(&text);
        if property.is_none() && self.event.is_none() && text.trim().is_empty() {
            return Ok(None);
        }
        if self.calendar != Calendar::Open {
            return self.outside(line, property.as_ref());
        }
        let (name, value) = match &property {
            Some(p) => (p.name.as_str(), p.value.as_str()),
            None if self.event.is_none() => {
                let reason = "not an iCalendar content line (`NAME[;params]:value`)";
                return Ok(self.skip_line(line, reason.to_string()));
            }
            None => ("", ""),
        };
        let component = value.trim().to_ascii_uppercase();
        if self.event.is_none() {
            match (name, component.as_str()) {
                ("BEGIN", "VEVENT") => {
                    self.event = Some(Builder::new(line));
                    self.nested = 0;
                }
                ("END", "VCALENDAR") => self.calendar = Calendar::Ended,
                _ => {}
            }
            return Ok(None);
        }
        Ok(self.in_event(line, name, &component, property.as_ref()))
    }

    /// A line (not blank) before the calendar begins or after it ends:
    /// only `BEGIN:VCALENDAR` may be there.
    fn outside(
        &mut self,
        line: u64,
        property: Option<&Property>,
    ) -> Result<Option<CalendarItem>, SourceError> {
        let begins = property
            .is_some_and(|p| p.name == "BEGIN" && p.value.trim().eq_ignore_ascii_case("VCALENDAR"));
        if begins {
            self.calendar = Calendar::Open;
            return Ok(None);
        }
        if self.calendar == Calendar::NotBegun {
            return Err(self.invalid(format!(
                "not an iCalendar file: line {line} is not `BEGIN:VCALENDAR`"
            )));
        }
        let reason = "after `END:VCALENDAR`: not read".to_string();
        Ok(self.skip_line(line, reason))
    }

    /// A content line over the limit: dropped unless it is one the reader
    /// needs, which makes its VEVENT (or its line) a skip.
    fn too_long(
        &mut self,
        line: u64,
        name: Option<String>,
    ) -> Result<Option<CalendarItem>, SourceError> {
        if self.calendar == Calendar::NotBegun {
            return self.outside(line, None);
        }
        let needed = name
            .as_deref()
            .is_none_or(|name| READ_PROPERTIES.contains(&name));
        if !needed || self.nested > 0 {
            return Ok(None);
        }
        let reason = format!(
            "line {line} ({}) is longer than {} MiB unfolded",
            name.as_deref().unwrap_or("no `NAME:value` line"),
            MAX_SOURCE_LINE_BYTES >> 20
        );
        match self.event.as_mut() {
            Some(event) => {
                event.fail(reason);
                Ok(None)
            }
            None => Ok(self.skip_line(line, reason)),
        }
    }

    /// A content line inside a VEVENT.
    fn in_event(
        &mut self,
        line: u64,
        name: &str,
        component: &str,
        property: Option<&Property>,
    ) -> Option<CalendarItem> {
        match (name, component) {
            ("BEGIN", _) => self.nested += 1,
            ("END", "VEVENT") if self.nested == 0 => {
                let event = self.event.take()?;
                let start = event.line;
                return Some(match event.finish(self.place(start)) {
                    Ok(held) => CalendarItem::Event(held),
                    Err(reason) => CalendarItem::Skip(Skip {
                        place: self.place(start),
                        reason,
                    }),
                });
            }
            ("END", _) => self.nested = self.nested.saturating_sub(1),
            _ if self.nested > 0 => {}
            _ => {
                let zone = self.zone.clone();
                if let Some(event) = self.event.as_mut() {
                    match property {
                        Some(property) => event.read(property, &zone),
                        None => event.fail(format!("line {line} is no `NAME:value` line")),
                    }
                }
            }
        }
        None
    }
}

/// A content line: `NAME;PARAM=value;...:value`.
#[derive(Debug, PartialEq, Eq)]
struct Property {
    /// Uppercase.
    name: String,
    /// Uppercase names, values without quotes.
    params: Vec<(String, String)>,
    value: String,
}

impl Property {
    fn parse(text: &str) -> Option<Property> {
        // The value starts at the first colon outside a quoted parameter.
        let mut quoted = false;
        let mut colon = None;
        for (at, c) in text.char_indices() {
            match c {
                '"' => quoted = !quoted,
                ':' if !quoted => {
                    colon = Some(at);
                    break;
                }
                _ => {}
            }
        }
        let colon = colon?;
        let (head, value) = (&text[..colon], &text[colon + 1..]);
        let mut parts = split_unquoted(head, ';').into_iter();
        let name = parts.next()?.trim().to_ascii_uppercase();
        if !is_name(&name) {
            return None;
        }
        let params = parts
            .filter_map(|part| {
                let (key, value) = part.split_once('=')?;
                Some((
                    key.trim().to_ascii_uppercase(),
                    value.trim().trim_matches('"').to_string(),
                ))
            })
            .collect();
        Some(Property {
            name,
            params,
            value: value.to_string(),
        })
    }

    fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }
}

/// An iCalendar property name: letters, digits and `-` (`X-` names too).
fn is_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// The name of the content line starting `text`, uppercase, if it has one.
fn property_name(text: &[u8]) -> Option<String> {
    let end = text.iter().position(|b| matches!(b, b';' | b':'))?;
    let name = std::str::from_utf8(text.get(..end)?).ok()?.trim();
    is_name(name).then(|| name.to_ascii_uppercase())
}

fn split_unquoted(text: &str, separator: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut quoted, mut start) = (false, 0);
    for (at, c) in text.char_indices() {
        if c == '"' {
            quoted = !quoted;
        } else if c == separator && !quoted {
            parts.push(&text[start..at]);
            start = at + 1;
        }
    }
    parts.push(&text[start..]);
    parts
}

/// A VEVENT being read.
struct Builder {
    line: u64,
    uid: Option<String>,
    summary: String,
    start: Option<Start>,
    recurrence_id: Option<Instant>,
    cancelled: bool,
    exdates: Vec<Instant>,
    rule: Option<String>,
    people: Vec<String>,
    /// The first property that could not be read.
    problem: Option<String>,
}

/// A start as written: the instant, whether a whole day, in which zone.
struct Start {
    at: Instant,
    all_day: bool,
    zone: Zone,
}

impl Builder {
    fn new(line: u64) -> Builder {
        Builder {
            line,
            uid: None,
            summary: String::new(),
            start: None,
            recurrence_id: None,
            cancelled: false,
            exdates: Vec::new(),
            rule: None,
            people: Vec::new(),
            problem: None,
        }
    }

    fn fail(&mut self, problem: String) {
        self.problem.get_or_insert(problem);
    }

    fn read(&mut self, property: &Property, zone: &Zone) {
        let value = property.value.trim();
        match property.name.as_str() {
            "UID" => self.uid = Some(value.to_string()),
            "SUMMARY" => self.summary = unescape(value),
            "STATUS" => self.cancelled = value.eq_ignore_ascii_case("CANCELLED"),
            "RRULE" => self.rule = Some(value.to_string()),
            "DTSTART" => match time(property, value, zone) {
                Ok(start) => self.start = Some(start),
                Err(problem) => self.fail(format!("DTSTART: {problem}")),
            },
            "RECURRENCE-ID" => match time(property, value, zone) {
                Ok(start) => self.recurrence_id = Some(start.at),
                Err(problem) => self.fail(format!("RECURRENCE-ID: {problem}")),
            },
            "EXDATE" => {
                for value in value.split(',') {
                    match time(property, value.trim(), zone) {
                        Ok(start) => self.exdates.push(start.at),
                        Err(problem) => self.fail(format!("EXDATE: {problem}")),
                    }
                }
            }
            "ATTENDEE" | "ORGANIZER" => {
                let declined = property
                    .param("PARTSTAT")
                    .is_some_and(|p| p.eq_ignore_ascii_case("DECLINED"));
                let email = value
                    .get(..7)
                    .filter(|scheme| scheme.eq_ignore_ascii_case("mailto:"))
                    .and_then(|_| value.get(7..));
                if let (Some(email), false) = (email, declined) {
                    let email = email.trim().to_lowercase();
                    if !email.is_empty() && !self.people.contains(&email) {
                        self.people.push(email);
                    }
                }
            }
            _ => {}
        }
    }

    fn finish(self, place: Place) -> Result<HeldEvent, String> {
        if let Some(problem) = self.problem {
            return Err(problem);
        }
        let uid = self.uid.ok_or("the VEVENT has no UID")?;
        let start = self.start.ok_or("the VEVENT has no DTSTART")?;
        Ok(HeldEvent {
            uid,
            summary: self.summary,
            start: start.at,
            all_day: start.all_day,
            zone: start.zone,
            recurrence_id: self.recurrence_id,
            cancelled: self.cancelled,
            exdates: self.exdates,
            rule: self.rule,
            people: self.people,
            place,
        })
    }
}

/// A DATE or DATE-TIME value: UTC (`Z`), in its TZID, else floating (the
/// plan's zone); seconds are dropped.
fn time(property: &Property, value: &str, plan_zone: &Zone) -> Result<Start, String> {
    let shown = value.chars().take(40).collect::<String>();
    let invalid = || format!("`{shown}` is not an iCalendar date or time");
    let utc = value.ends_with('Z') || value.ends_with('z');
    let zone = match property.param("TZID") {
        _ if utc => Zone::parse("UTC").map_err(|_| invalid())?,
        Some(tzid) => Zone::parse(tzid).map_err(|_| {
            format!(
                "unknown time zone `{}`",
                tzid.chars().take(40).collect::<String>()
            )
        })?,
        None => plan_zone.clone(),
    };
    let (date, clock) = match value.split_once(['T', 't']) {
        Some((date, clock)) => (date, Some(clock.trim_end_matches(['Z', 'z']))),
        None => (value, None),
    };
    let digits = |text: &str, range: std::ops::Range<usize>| {
        text.get(range)
            .filter(|t| t.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|t| t.parse::<i32>().ok())
    };
    let year = digits(date, 0..4).ok_or_else(invalid)?;
    if date.len() != 8 {
        return Err(invalid());
    }
    if !(i32::from(FIRST_YEAR)..=i32::from(LAST_YEAR)).contains(&year) {
        return Err(format!(
            "`{shown}` is outside the dates plan works with ({FIRST_YEAR} to {LAST_YEAR})"
        ));
    }
    let day = Date::from_ymd(
        year,
        digits(date, 4..6).ok_or_else(invalid)?,
        digits(date, 6..8).ok_or_else(invalid)?,
    )
    .ok_or_else(invalid)?;
    let at = match clock {
        None => TimeOfDay { hour: 0, minute: 0 },
        Some(clock) if clock.len() == 6 => {
            let part = |range| {
                digits(clock, range)
                    .and_then(|n| u8::try_from(n).ok())
                    .ok_or_else(invalid)
            };
            let (hour, minute) = (part(0..2)?, part(2..4)?);
            if hour > 23 || minute > 59 {
                return Err(invalid());
            }
            TimeOfDay { hour, minute }
        }
        Some(_) => return Err(invalid()),
    };
    Ok(Start {
        at: Instant::at_local(day, at, &zone).ok_or_else(invalid)?,
        all_day: clock.is_none(),
        zone,
    })
}

/// TEXT unescaped: `\,` `\;` `\\` `\n`.
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// The common subset of RRULE read for events the plan did not write.
#[derive(Debug, PartialEq, Eq)]
struct Rule {
    weekly: bool,
    interval: i64,
    days: Vec<Weekday>,
    count: Option<u64>,
    until: Option<Instant>,
}

impl Rule {
    fn parse(text: &str, zone: &Zone) -> Result<Rule, String> {
        let beyond = || {
            format!(
                "the rule `{}` is beyond what plan reads (FREQ=DAILY or WEEKLY with INTERVAL, BYDAY, COUNT, UNTIL)",
                text.chars().take(80).collect::<String>()
            )
        };
        let mut rule = Rule {
            weekly: false,
            interval: 1,
            days: Vec::new(),
            count: None,
            until: None,
        };
        let mut frequency = false;
        for part in text.split(';').filter(|p| !p.is_empty()) {
            let (key, value) = part.split_once('=').ok_or_else(beyond)?;
            let value = value.trim();
            match key.trim().to_ascii_uppercase().as_str() {
                "FREQ" => {
                    frequency = true;
                    rule.weekly = match value.to_ascii_uppercase().as_str() {
                        "DAILY" => false,
                        "WEEKLY" => true,
                        _ => return Err(beyond()),
                    };
                }
                "INTERVAL" => {
                    rule.interval = value
                        .parse::<i64>()
                        .ok()
                        .filter(|n| (1..=1000).contains(n))
                        .ok_or_else(beyond)?;
                }
                "COUNT" => rule.count = Some(value.parse().map_err(|_| beyond())?),
                "UNTIL" => rule.until = until(value, zone).ok_or_else(beyond)?,
                "BYDAY" => {
                    for day in value.split(',') {
                        rule.days.push(weekday(day).ok_or_else(beyond)?);
                    }
                }
                "WKST" => {}
                _ => return Err(beyond()),
            }
        }
        if !frequency {
            return Err(beyond());
        }
        Ok(rule)
    }
}

/// An UNTIL: `Some(None)` when it is after the dates plan works with
/// (`99991231T235959Z`, "forever"), which is no end within them.
fn until(value: &str, zone: &Zone) -> Option<Option<Instant>> {
    let year = value.get(..4).and_then(|year| year.parse::<i32>().ok())?;
    if year > i32::from(LAST_YEAR) {
        return Some(None);
    }
    let until = Property {
        name: "UNTIL".to_string(),
        params: Vec::new(),
        value: value.to_string(),
    };
    Some(Some(time(&until, value, zone).ok()?.at))
}

/// `MO` .. `SU`, without an ordinal.
fn weekday(text: &str) -> Option<Weekday> {
    let code = text.trim().to_ascii_lowercase();
    Weekday::ALL
        .into_iter()
        .find(|day| day.as_str().get(..2) == Some(code.as_str()))
}

/// The starts of `event`'s occurrences from `from` up to `until`: its own
/// start, or its rule's (minus EXDATEs); `Err` names a rule beyond the
/// subset read.
fn starts(event: &HeldEvent, from: Instant, until: Instant) -> Result<Vec<Instant>, String> {
    let Some(text) = &event.rule else {
        return Ok(vec![event.start]);
    };
    let rule = Rule::parse(text, &event.zone)?;
    let local = event.start.local(&event.zone);
    let days = if rule.days.is_empty() {
        vec![local.date.weekday()]
    } else {
        rule.days.clone()
    };
    let excluded = |day: Date| {
        event
            .exdates
            .iter()
            .any(|x| x.local(&event.zone).date == day)
    };
    let mut out = Vec::new();
    let mut counted = 0u64;
    for offset in 0..MAX_RULE_DAYS {
        let Some(day) = local.date.add_days(offset) else {
            break;
        };
        let step = if rule.weekly {
            day.monday().days_since(local.date.monday()) / 7
        } else {
            offset
        };
        let falls = step % rule.interval == 0
            && (days.contains(&day.weekday()) || (!rule.weekly && rule.days.is_empty()));
        if !falls {
            continue;
        }
        let Some(at) = Instant::at_local(day, local.time, &event.zone) else {
            continue;
        };
        counted += 1;
        let past_count = rule.count.is_some_and(|count| counted > count);
        if at >= until || past_count || rule.until.is_some_and(|u| at > u) {
            break;
        }
        if at >= from && !excluded(day) {
            out.push(at);
        }
    }
    Ok(out)
}

/// One occurrence of the export, as compared.
struct Instance<'e> {
    event: &'e HeldEvent,
    at: Instant,
    used: bool,
}

/// The plan's events against the export, from `from` up to `until`: each
/// planned occurrence held, moved or missed; held meetings, and every
/// other meeting of the export with attendees, as contacts; rules beyond
/// the subset read as skips.
pub struct Comparison {
    pub series: Vec<SeriesMeasures>,
    pub contacts: Vec<Contact>,
    pub skips: Vec<Skip>,
}

pub fn compare(
    compiled: &Compiled,
    held: &[HeldEvent],
    (from, until): (Instant, Instant),
) -> Comparison {
    let ours = |event: &Event| format!("{}@{}", event.id, compiled.slug);
    let our_uids: Vec<String> = compiled.events.iter().map(ours).collect();
    let mut skips = Vec::new();
    let mut instances = Vec::new();
    for event in held {
        // Ours: compared by UID, not expanded.
        if our_uids.contains(&event.uid) {
            continue;
        }
        // An override of a foreign series replaces its occurrence.
        let overridden = |at: Instant| {
            held.iter().any(|o| {
                o.uid == event.uid && o.recurrence_id == Some(at) && event.recurrence_id.is_none()
            })
        };
        match starts(event, from, until) {
            Ok(starts) => instances.extend(
                starts
                    .into_iter()
                    .filter(|at| !(event.rule.is_some() && overridden(*at)))
                    .map(|at| Instance {
                        event,
                        at,
                        used: false,
                    }),
            ),
            Err(reason) => skips.push(Skip {
                place: event.place.clone(),
                reason,
            }),
        }
    }
    let mut contacts = Vec::new();
    let mut series = Vec::new();
    for (event, uid) in compiled.events.iter().zip(&our_uids) {
        let exported: Vec<&HeldEvent> = held.iter().filter(|h| &h.uid == uid).collect();
        let titled = instances.iter().any(|i| same_title(i.event, event));
        if event.kind == EventKind::Report && exported.is_empty() && !titled {
            continue;
        }
        let mut occurrences = Vec::new();
        for occurrence in planned(compiled, event, (from, until)) {
            let planned_date = event.planned_date(&occurrence);
            let found = by_uid(event, &exported, planned_date, occurrence.start)
                .or_else(|| by_title(compiled, event, &mut instances, occurrence.start));
            let outcome = match found {
                Some((at, people)) => {
                    contacts.push(meeting_contact(compiled, event, at, people));
                    if at == occurrence.start {
                        Held::Held
                    } else {
                        Held::Moved(at)
                    }
                }
                None => Held::Missed,
            };
            occurrences.push(SeriesOccurrence {
                planned: occurrence.start,
                outcome,
            });
        }
        series.push(series_measures(event, occurrences));
    }
    for instance in instances.iter().filter(|i| !i.used && !i.event.cancelled) {
        if !instance.event.people.is_empty() {
            contacts.push(Contact {
                channel: String::new(),
                at: instance.at,
                people: instance.event.people.clone(),
            });
        }
    }
    Comparison {
        series,
        contacts,
        skips,
    }
}

/// The plan's occurrences of `event` that start in the window.
pub fn planned(
    compiled: &Compiled,
    event: &Event,
    (from, until): (Instant, Instant),
) -> Vec<crate::time::Occurrence> {
    let zone = &compiled.zone;
    let first = from.local(zone).date.add_days(-1);
    let last = until.local(zone).date.add_days(1);
    let (Some(first), Some(last)) = (first, last) else {
        return Vec::new();
    };
    event
        .expand_between(&compiled.work_week, first, last)
        .occurrences
        .into_iter()
        .filter(|o| o.start >= from && o.start < until)
        .collect()
}

/// Held by the plan's own UID: an override of the planned date (cancelled:
/// not held), else the series itself when it still covers that date.
fn by_uid<'e>(
    event: &Event,
    exported: &[&'e HeldEvent],
    planned_date: Date,
    planned_start: Instant,
) -> Option<(Instant, &'e [String])> {
    let zone = &event.recurrence.zone;
    let on_date = |at: Instant| at.local(zone).date == planned_date;
    let overrides = exported
        .iter()
        .filter(|h| h.recurrence_id.is_some_and(on_date));
    if let Some(held) = overrides.clone().find(|h| !h.cancelled) {
        return Some((held.start, &held.people));
    }
    if overrides.count() > 0 {
        return None;
    }
    exported
        .iter()
        .filter(|h| h.recurrence_id.is_none() && !h.cancelled)
        .find(|master| covers(master, planned_date, planned_start))
        .map(|master| (planned_start, master.people.as_slice()))
}

/// Whether the plan's own series, as exported, still holds a date: from
/// its start, through its UNTIL, not among its EXDATEs.
fn covers(master: &HeldEvent, date: Date, start: Instant) -> bool {
    let until = master
        .rule
        .as_deref()
        .and_then(|rule| {
            rule.split(';')
                .find_map(|part| part.strip_prefix("UNTIL="))
                .map(|until| Rule::parse(&format!("FREQ=DAILY;UNTIL={until}"), &master.zone))
        })
        .and_then(Result::ok)
        .and_then(|rule| rule.until);
    let excluded = master
        .exdates
        .iter()
        .any(|x| x.local(&master.zone).date == date);
    let single_elsewhere = master.rule.is_none() && master.start != start;
    master.start <= start && until.is_none_or(|u| start <= u) && !excluded && !single_elsewhere
}

/// Held under the same title by hand: the same day (at the planned time:
/// held; else moved), else another day of the same week (moved).
fn by_title<'e>(
    compiled: &Compiled,
    event: &Event,
    instances: &mut [Instance<'e>],
    planned_start: Instant,
) -> Option<(Instant, &'e [String])> {
    let zone = &compiled.zone;
    let day = planned_start.local(zone).date;
    let candidates = |instance: &Instance<'_>| {
        !instance.used && !instance.event.cancelled && same_title(instance.event, event)
    };
    let same_day = instances
        .iter()
        .position(|i| candidates(i) && i.at.local(zone).date == day);
    let same_week = || {
        instances
            .iter()
            .position(|i| candidates(i) && i.at.local(zone).date.monday() == day.monday())
    };
    let index = same_day.or_else(same_week)?;
    let instance = instances.get_mut(index)?;
    instance.used = true;
    let at = if instance.event.all_day && instance.at.local(zone).date == day {
        planned_start
    } else {
        instance.at
    };
    Some((at, instance.event.people.as_slice()))
}

fn same_title(held: &HeldEvent, event: &Event) -> bool {
    held.summary.trim().to_lowercase() == event.title.trim().to_lowercase()
}

/// A meeting held: its attendees as exported, else the plan's.
fn meeting_contact(compiled: &Compiled, event: &Event, at: Instant, people: &[String]) -> Contact {
    let people = if people.is_empty() {
        event
            .attendees
            .iter()
            .filter_map(|id| compiled.person(id)?.email.clone())
            .collect()
    } else {
        people.to_vec()
    };
    Contact {
        channel: event.channel.clone().unwrap_or_default(),
        at,
        people,
    }
}

fn series_measures(event: &Event, occurrences: Vec<SeriesOccurrence>) -> SeriesMeasures {
    let count = |f: fn(&Held) -> bool| occurrences.iter().filter(|o| f(&o.outcome)).count();
    SeriesMeasures {
        kind: event.kind.as_str(),
        id: event.id.clone(),
        name: event.title.clone(),
        planned: occurrences.len(),
        held: count(|h| *h == Held::Held),
        moved: count(|h| matches!(h, Held::Moved(_))),
        missed: count(|h| *h == Held::Missed),
        occurrences,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_plans::{date, instant};

    fn berlin() -> Zone {
        Zone::parse("Europe/Berlin").unwrap()
    }

    fn read(text: &str) -> Vec<CalendarItem> {
        events(text.as_bytes(), "held.ics", &berlin())
            .map(Result::unwrap)
            .collect()
    }

    /// The skips (`line: reason`) and the error that ends the file, if any.
    fn skips_and_error(text: &[u8]) -> (Vec<String>, Option<String>) {
        let mut skips = Vec::new();
        for item in events(text, "held.ics", &berlin()) {
            match item {
                Ok(CalendarItem::Skip(skip)) => {
                    skips.push(format!("{}: {}", skip.place, skip.reason))
                }
                Ok(CalendarItem::Event(_)) => {}
                Err(error) => return (skips, Some(error.to_string())),
            }
        }
        (skips, None)
    }

    fn event(item: &CalendarItem) -> &HeldEvent {
        match item {
            CalendarItem::Event(event) => event,
            CalendarItem::Skip(skip) => panic!("a skip: {skip:?}"),
        }
    }

    #[test]
    fn folded_lines_quoted_colons_zones_and_declined_attendees() {
        let items = read(concat!(
            "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a@x\r\n",
            "SUMMARY:Client\\, weekly\r\n  sync\r\n",
            "DTSTART;TZID=America/New_York:20260306T090000\r\n",
            "ATTENDEE;CN=\"Roth: Ben\";PARTSTAT=ACCEPTED:MAILTO:Ben@Client.example\r\n",
            "ATTENDEE;PARTSTAT=DECLINED:mailto:no@client.example\r\n",
            "BEGIN:VALARM\r\nUID:not-this\r\nEND:VALARM\r\n",
            "END:VEVENT\r\nEND:VCALENDAR\r\n",
        ));
        let held = event(&items[0]);
        assert_eq!(held.uid, "a@x");
        assert_eq!(held.summary, "Client, weekly sync");
        assert_eq!(held.start, instant("America/New_York", "2026-03-06", 9, 0));
        assert_eq!(held.people, ["ben@client.example"]);
        assert_eq!(items.len(), 1);
    }

    #[test]
    fn utc_floating_and_whole_day_starts() {
        let items = read(concat!(
            "\u{feff}BEGIN:VCALENDAR\n",
            "BEGIN:VEVENT\nUID:u\nDTSTART:20260306T160000Z\nEND:VEVENT\n",
            "BEGIN:VEVENT\nUID:f\nDTSTART:20260306T170000\nEND:VEVENT\n",
            "BEGIN:VEVENT\nUID:d\nDTSTART;VALUE=DATE:20260306\nEND:VEVENT\n",
            "END:VCALENDAR\n\n",
        ));
        let five = instant("Europe/Berlin", "2026-03-06", 17, 0);
        assert_eq!(event(&items[0]).start, five);
        assert_eq!(event(&items[1]).start, five);
        assert!(event(&items[2]).all_day);
        assert_eq!(
            event(&items[2]).start,
            instant("Europe/Berlin", "2026-03-06", 0, 0)
        );
    }

    #[test]
    fn a_broken_vevent_is_a_skip_at_the_line_it_begins() {
        let text = concat!(
            "BEGIN:VCALENDAR\n",
            "BEGIN:VEVENT\nUID:a\nEND:VEVENT\n",
            "BEGIN:VEVENT\nUID:b\nDTSTART;TZID=Mars/Olympus:20260306T090000\nEND:VEVENT\n",
            "BEGIN:VEVENT\nUID:c\nDTSTART:20261306T090000\nEND:VEVENT\n",
            "BEGIN:VEVENT\nUID:d\nno colon\nDTSTART:20260306T090000\nEND:VEVENT\n",
            "BEGIN:VEVENT\nUID:f\nDTSTART:19000101T000000Z\nEND:VEVENT\n",
            "BEGIN:VEVENT\nUID:e\n",
        );
        let (reasons, error) = skips_and_error(text.as_bytes());
        assert_eq!(
            reasons,
            [
                "held.ics:2: the VEVENT has no DTSTART",
                "held.ics:5: DTSTART: unknown time zone `Mars/Olympus`",
                "held.ics:9: DTSTART: `20261306T090000` is not an iCalendar date or time",
                "held.ics:13: line 15 is no `NAME:value` line",
                "held.ics:18: DTSTART: `19000101T000000Z` is outside the dates plan works with (1970 to 2200)",
                "held.ics:22: the VEVENT has no END:VEVENT",
            ]
        );
        assert_eq!(
            error.as_deref(),
            Some(
                "cannot read `held.ics`: the calendar has no `END:VCALENDAR`: is the export cut off?"
            )
        );
    }

    #[test]
    fn a_file_that_is_no_calendar_is_an_error_and_junk_in_a_calendar_a_skip_per_line() {
        let garbage: Vec<u8> = (0..5000u32)
            .map(|n| (n.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        let (skips, error) = skips_and_error(&garbage);
        assert_eq!(skips, Vec::<String>::new());
        assert_eq!(
            error.as_deref(),
            Some("cannot read `held.ics`: not an iCalendar file: line 1 is not `BEGIN:VCALENDAR`")
        );
        let (_, error) = skips_and_error(b"");
        assert_eq!(
            error.as_deref(),
            Some("cannot read `held.ics`: not an iCalendar file: it has no `BEGIN:VCALENDAR`")
        );
        let (skips, error) = skips_and_error(
            concat!(
                "BEGIN:VCALENDAR\n\u{1}\u{7f}junk\nno colon\n: no name\n",
                "BEGIN:VEVENT\nUID:a\nDTSTART:20260306T090000Z\nEND:VEVENT\n",
                "END:VCALENDAR\nmore junk:after\n",
            )
            .as_bytes(),
        );
        let junk = "not an iCalendar content line (`NAME[;params]:value`)";
        assert_eq!(
            skips,
            [
                format!("held.ics:2: {junk}"),
                format!("held.ics:3: {junk}"),
                format!("held.ics:4: {junk}"),
                "held.ics:10: after `END:VCALENDAR`: not read".to_string(),
            ]
        );
        assert_eq!(error, None);
    }

    #[test]
    fn an_unfolded_property_over_the_limit_is_dropped_unless_it_is_read() {
        let folded = |name: &str| {
            let mut line = format!("{name}:");
            for _ in 0..=(MAX_SOURCE_LINE_BYTES / 74) {
                line.push_str(&"a".repeat(74));
                line.push_str("\r\n ");
            }
            line.push_str("end\r\n");
            line
        };
        let text = format!(
            "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\n{}{}DTSTART:20260306T090000Z\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:b\r\nDTSTART:20260306T090000Z\r\n{}END:VEVENT\r\nEND:VCALENDAR\r\n",
            folded("ATTACH;ENCODING=BASE64;VALUE=BINARY"),
            folded("X-ALT-DESC;FMTTYPE=text/html"),
            folded("ATTENDEE;CN=Ben"),
        );
        let items: Vec<CalendarItem> = events(text.as_bytes(), "held.ics", &berlin())
            .map(Result::unwrap)
            .collect();
        assert_eq!(event(&items[0]).uid, "a");
        let attendee_line = 2 * (MAX_SOURCE_LINE_BYTES / 74 + 2) + 9;
        assert_eq!(
            items[1],
            CalendarItem::Skip(Skip {
                place: Place {
                    file: "held.ics".to_string(),
                    line: attendee_line as u64 - 3,
                },
                reason: format!("line {attendee_line} (ATTENDEE) is longer than 1 MiB unfolded"),
            })
        );
        assert_eq!(items.len(), 2);
    }

    #[test]
    fn an_overlong_line_ends_the_file_with_its_line() {
        let long = format!(
            "BEGIN:VCALENDAR\nBEGIN:VEVENT\nX:{}\n",
            "a".repeat(MAX_SOURCE_LINE_BYTES)
        );
        let mut read = events(long.as_bytes(), "big.ics", &berlin());
        let error = read.next().unwrap().unwrap_err().to_string();
        assert_eq!(
            error,
            "cannot read `big.ics`: line 3 is longer than 1 MiB; nothing was read past it (an iCalendar export folds its lines at 75 bytes: is it one?)"
        );
        assert!(read.next().is_none());
    }

    fn ruled(rule: &str, exdates: Vec<Instant>) -> HeldEvent {
        HeldEvent {
            uid: "r".to_string(),
            summary: String::new(),
            start: instant("Europe/Berlin", "2026-03-02", 9, 0),
            all_day: false,
            zone: berlin(),
            recurrence_id: None,
            cancelled: false,
            exdates,
            rule: Some(rule.to_string()),
            people: Vec::new(),
            place: Place {
                file: "r.ics".to_string(),
                line: 1,
            },
        }
    }

    fn days(rule: &str, exdates: Vec<Instant>) -> Result<Vec<String>, String> {
        let from = instant("Europe/Berlin", "2026-03-01", 0, 0);
        let until = instant("Europe/Berlin", "2026-04-01", 0, 0);
        Ok(starts(&ruled(rule, exdates), from, until)?
            .into_iter()
            .map(|at| at.to_rfc3339(&berlin()))
            .collect())
    }

    #[test]
    fn foreign_rules_of_the_common_subset_are_expanded_and_others_named() {
        // Mondays and Thursdays every other week, twice a week: four times.
        assert_eq!(
            days("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH;COUNT=4", Vec::new()).unwrap(),
            [
                "2026-03-02T09:00:00+01:00",
                "2026-03-05T09:00:00+01:00",
                "2026-03-16T09:00:00+01:00",
                "2026-03-19T09:00:00+01:00",
            ]
        );
        // Daily through the 4th (UTC), the 3rd excluded; the DST change
        // keeps 09:00 local.
        let third = instant("Europe/Berlin", "2026-03-03", 9, 0);
        assert_eq!(
            days("FREQ=DAILY;UNTIL=20260304T080000Z", vec![third]).unwrap(),
            ["2026-03-02T09:00:00+01:00", "2026-03-04T09:00:00+01:00"]
        );
        // An UNTIL after the dates plan works with is no end.
        assert_eq!(
            days("FREQ=DAILY;INTERVAL=7;UNTIL=99991231T235959Z", Vec::new()).unwrap(),
            [
                "2026-03-02T09:00:00+01:00",
                "2026-03-09T09:00:00+01:00",
                "2026-03-16T09:00:00+01:00",
                "2026-03-23T09:00:00+01:00",
                "2026-03-30T09:00:00+02:00",
            ]
        );
        let monthly = days("FREQ=MONTHLY;BYMONTHDAY=2", Vec::new()).unwrap_err();
        assert!(
            monthly.contains("`FREQ=MONTHLY;BYMONTHDAY=2` is beyond"),
            "{monthly}"
        );
        assert!(days("FREQ=WEEKLY;BYDAY=1MO", Vec::new()).is_err());
    }

    #[test]
    fn the_plans_own_series_covers_its_dates_but_exdates_and_what_follows_until() {
        let mut master = ruled(
            "FREQ=WEEKLY;BYDAY=MO;UNTIL=20260316T235959Z",
            vec![instant("Europe/Berlin", "2026-03-09", 9, 0)],
        );
        let monday = |day: &str| (date(day), instant("Europe/Berlin", day, 9, 0));
        let covered = |master: &HeldEvent, day| {
            let (date, at) = monday(day);
            covers(master, date, at)
        };
        assert!(covered(&master, "2026-03-02"));
        assert!(!covered(&master, "2026-03-09"));
        assert!(covered(&master, "2026-03-16"));
        assert!(!covered(&master, "2026-03-23"));
        master.rule = None;
        assert!(
            !covered(&master, "2026-03-16"),
            "a single event is one date"
        );
    }
}
