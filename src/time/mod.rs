//! Calendar dates, time zones, instants, recurrences and the business clock.
//! The only module that knows the time library (jiff, with its bundled tz
//! database so results never depend on the machine's zoneinfo).
//!
//! It knows nothing of the plan: its values (times of day, weekdays,
//! durations, the recurrence rule) are its own, and the model is written in
//! them, so the dependency points one way.

mod business;
mod names;
mod recurrence;
mod rule;
mod values;
mod vtimezone;

use std::fmt;
use std::sync::OnceLock;

use jiff::tz::{TimeZone, TimeZoneDatabase};
use jiff::{SignedDuration, Timestamp};

use crate::limits::{FIRST_YEAR, LAST_YEAR};

pub use business::{BusinessClock, SEARCH_DAYS};
pub use names::canonical_of_deprecated;
pub use recurrence::{Expansion, Move, Occurrence, Recurrence, WorkWeek};
pub use rule::{Every, On, Ordinal};
pub use values::{Duration, TimeOfDay, Weekday};
pub use vtimezone::{Observance, TimezoneForm, YearlyRule, timezone_form};

const EPOCH: Date = Date(jiff::civil::date(1970, 1, 1));

/// `2026-3-2` or `2026/03/02` as `2026-03-02`: year first, so what was meant
/// is clear. Day-first and month-first dates (`02.03.2026`) are not guessed:
/// they mean different days in different countries.
fn padded_date(text: &str) -> Option<String> {
    let parts: Vec<&str> = text.trim().split(['-', '/', '.']).collect();
    let [year, month, day] = parts.as_slice() else {
        return None;
    };
    let digits = |part: &str, most: usize| {
        (1..=most).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit())
    };
    if year.len() != 4 || !digits(year, 4) || !digits(month, 2) || !digits(day, 2) {
        return None;
    }
    let meant = format!("{year}-{month:0>2}-{day:0>2}");
    Date::parse(&meant).ok().map(|_| meant)
}

/// Why a well-formed date is on no calendar: the month, or its length.
fn calendar_help(year: i16, month: i8) -> String {
    match jiff::civil::Date::new(year, month, 1) {
        Ok(first) => format!("{year}-{month:02} has {} days", first.days_in_month()),
        Err(_) => "months run from 01 to 12, e.g. `2026-03-02`".to_string(),
    }
}

/// A calendar date (proleptic Gregorian), `YYYY-MM-DD`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(jiff::civil::Date);

impl Date {
    /// Parses exactly `YYYY-MM-DD` with a real month and day.
    pub fn parse(text: &str) -> Result<Date, String> {
        let bytes = text.as_bytes();
        let shape_ok = bytes.len() == 10
            && bytes[4] == b'-'
            && bytes[7] == b'-'
            && bytes
                .iter()
                .enumerate()
                .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
        if !shape_ok {
            let help = match padded_date(text) {
                Some(meant) => format!("did you mean `{meant}`? Write dates as YYYY-MM-DD"),
                None => "write dates as YYYY-MM-DD, e.g. `2026-03-02`".to_string(),
            };
            return Err(format!("`{text}` is not a date (YYYY-MM-DD)\nhelp: {help}"));
        }
        let number = |range: std::ops::Range<usize>| text[range].parse::<i16>().unwrap_or(0);
        let (year, month, day) = (number(0..4), number(5..7), number(8..10));
        let month = i8::try_from(month).unwrap_or(0);
        let day = i8::try_from(day).unwrap_or(0);
        let date = jiff::civil::Date::new(year, month, day)
            .map(Date)
            .map_err(|_| {
                format!(
                    "`{text}` is not a date on the calendar\nhelp: {}",
                    calendar_help(year, month)
                )
            })?;
        if !(FIRST_YEAR..=LAST_YEAR).contains(&year) {
            return Err(format!(
                "`{text}` is outside the dates `plan` works with\nhelp: write a date from {FIRST_YEAR}-01-01 to {LAST_YEAR}-12-31"
            ));
        }
        Ok(date)
    }

    /// A date from its parts, if it is on the calendar.
    pub fn from_ymd(year: i32, month: i32, day: i32) -> Option<Date> {
        let year = i16::try_from(year).ok()?;
        let month = i8::try_from(month).ok()?;
        let day = i8::try_from(day).ok()?;
        jiff::civil::Date::new(year, month, day).ok().map(Date)
    }

    /// The date `days` later (earlier when negative); `None` past year 9999.
    pub fn add_days(self, days: i64) -> Option<Date> {
        let hours = SignedDuration::try_from_hours(days.checked_mul(24)?)?;
        self.0.checked_add(hours).ok().map(Date)
    }

    /// The same day `years` later; February 29 becomes February 28 in a
    /// year without it. `None` past year 9999.
    pub fn add_years(self, years: i16) -> Option<Date> {
        let year = self.year().checked_add(years)?;
        let day = jiff::civil::Date::new(year, self.month(), 1)
            .ok()?
            .days_in_month()
            .min(self.day());
        jiff::civil::Date::new(year, self.month(), day)
            .ok()
            .map(Date)
    }

    /// Whole days from `earlier` to `self`.
    pub fn days_since(self, earlier: Date) -> i64 {
        self.0.duration_since(earlier.0).as_hours() / 24
    }

    /// Days since 1970-01-01 (negative before): a date as a number, for
    /// code that counts many dates (weeks are `n - (n + 3) % 7`, as
    /// 1970-01-01 was a Thursday).
    pub fn day_number(self) -> i64 {
        self.days_since(EPOCH)
    }

    /// The date `day_number` days after 1970-01-01.
    pub fn from_day_number(day_number: i64) -> Option<Date> {
        EPOCH.add_days(day_number)
    }

    pub fn weekday(self) -> Weekday {
        weekday(self)
    }

    /// The Monday of this date's week (weeks start on Monday, as RRULE's default WKST).
    pub fn monday(self) -> Date {
        let back = i64::from(self.0.weekday().to_monday_zero_offset());
        self.add_days(-back).unwrap_or(self)
    }

    pub fn days_in_month(self) -> i8 {
        self.0.days_in_month()
    }

    /// The first day of the month `months` after this date's month.
    pub fn first_of_month_after(self, months: i64) -> Option<Date> {
        let index = i64::from(self.year()) * 12 + i64::from(self.month()) - 1 + months;
        Date::from_ymd(
            i32::try_from(index.div_euclid(12)).ok()?,
            i32::try_from(index.rem_euclid(12) + 1).ok()?,
            1,
        )
    }

    /// Months from `earlier`'s month to this date's month.
    pub fn months_since(self, earlier: Date) -> i64 {
        (i64::from(self.year()) - i64::from(earlier.year())) * 12 + i64::from(self.month())
            - i64::from(earlier.month())
    }

    /// The `nth` (1-based; -1 is the last) `weekday` of this date's month.
    pub fn nth_weekday_of_month(self, nth: i8, weekday: Weekday) -> Option<Date> {
        self.0
            .nth_weekday_of_month(nth, to_jiff_weekday(weekday))
            .ok()
            .map(Date)
    }

    pub fn year(self) -> i16 {
        self.0.year()
    }

    pub fn month(self) -> i8 {
        self.0.month()
    }

    pub fn day(self) -> i8 {
        self.0.day()
    }
}

fn to_jiff_weekday(weekday: Weekday) -> jiff::civil::Weekday {
    match weekday {
        Weekday::Mon => jiff::civil::Weekday::Monday,
        Weekday::Tue => jiff::civil::Weekday::Tuesday,
        Weekday::Wed => jiff::civil::Weekday::Wednesday,
        Weekday::Thu => jiff::civil::Weekday::Thursday,
        Weekday::Fri => jiff::civil::Weekday::Friday,
        Weekday::Sat => jiff::civil::Weekday::Saturday,
        Weekday::Sun => jiff::civil::Weekday::Sunday,
    }
}

/// The day of the week a date falls on.
pub fn weekday(date: Date) -> Weekday {
    match date.0.weekday() {
        jiff::civil::Weekday::Monday => Weekday::Mon,
        jiff::civil::Weekday::Tuesday => Weekday::Tue,
        jiff::civil::Weekday::Wednesday => Weekday::Wed,
        jiff::civil::Weekday::Thursday => Weekday::Thu,
        jiff::civil::Weekday::Friday => Weekday::Fri,
        jiff::civil::Weekday::Saturday => Weekday::Sat,
        jiff::civil::Weekday::Sunday => Weekday::Sun,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}",
            self.year(),
            self.month(),
            self.day()
        )
    }
}

/// An IANA time zone, kept with the name the plan used.
#[derive(Clone, Debug)]
pub struct Zone {
    name: String,
    tz: TimeZone,
}

impl PartialEq for Zone {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

impl Eq for Zone {}

impl Zone {
    /// Looks a zone up by its IANA name in the bundled database. An
    /// abbreviation or a fixed offset (`EST`, `GMT+8`) is refused even where
    /// tzdb knows it: it names no place, so its daylight saving is wrong.
    pub fn parse(name: &str) -> Result<Zone, String> {
        if let Some(refusal) = names::refusal(name) {
            return Err(refusal);
        }
        match database().get(name) {
            // Lookup ignores case; keep the canonical spelling for calendars.
            Ok(tz) => Ok(Zone {
                name: tz.iana_name().unwrap_or(name).to_string(),
                tz,
            }),
            Err(_) => {
                let names = zone_names();
                let mut message = format!("`{name}` is not an IANA time zone");
                // A city says more than an edit distance: `Europe/Munich`
                // is Berlin's zone, not `Europe/Zurich`.
                let suggestion = names::zone_of_city(name)
                    .or_else(|| suggest_by_city(name, names))
                    .or_else(|| crate::suggest::closest(name, names.iter().map(String::as_str)))
                    .map(|zone| names::canonical_of_deprecated(zone).unwrap_or(zone))
                    // Never suggest a name that is refused in turn (`EST5` -> `EST`).
                    .filter(|zone| names::refusal(zone).is_none());
                match suggestion {
                    Some(zone) => message.push_str(&format!("\nhelp: did you mean `{zone}`?")),
                    None => message.push_str(
                        "\nhelp: use a name from the tz database, such as `Europe/Berlin` or `Asia/Shanghai`",
                    ),
                }
                Err(message)
            }
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// The time library's zone, for the time engine.
    pub fn time_zone(&self) -> &TimeZone {
        &self.tz
    }

    /// The instants after `from` and up to `until` at which the zone's UTC
    /// offset changes (a change of abbreviation alone is not one): a few a
    /// year, read from the tz database, never by stepping through the days.
    pub fn offset_changes(&self, from: Instant, until: Instant) -> Vec<Instant> {
        let mut offset = self.tz.to_offset(from.0);
        let mut changes = Vec::new();
        for transition in self.tz.following(from.0) {
            if transition.timestamp() > until.0 {
                break;
            }
            if transition.offset() != offset {
                offset = transition.offset();
                changes.push(Instant(transition.timestamp()));
            }
        }
        changes
    }
}

impl fmt::Display for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

/// A moment in time, independent of any zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Instant(Timestamp);

impl Instant {
    /// The instant a wall-clock time names in a zone.
    ///
    /// A time that does not exist (skipped by a spring-forward change) is moved
    /// forward by the length of the gap (02:30 becomes 03:30); a time that
    /// exists twice (a fall-back change) is the first of the two. This is what
    /// RFC 5545 prescribes, so calendar apps agree with `plan`.
    pub fn at_local(date: Date, time: TimeOfDay, zone: &Zone) -> Option<Instant> {
        let hour = i8::try_from(time.hour).ok()?;
        let minute = i8::try_from(time.minute).ok()?;
        let datetime = date.0.at(hour, minute, 0, 0);
        // The timestamp alone: a zoned value would clone the zone, once per
        // occurrence expanded.
        zone.tz
            .to_ambiguous_timestamp(datetime)
            .compatible()
            .ok()
            .map(Instant)
    }

    /// Whether a wall-clock time in a zone is skipped by a spring-forward change.
    pub fn is_skipped_local(date: Date, time: TimeOfDay, zone: &Zone) -> bool {
        let (Ok(hour), Ok(minute)) = (i8::try_from(time.hour), i8::try_from(time.minute)) else {
            return false;
        };
        matches!(
            zone.tz
                .to_ambiguous_zoned_datetime(date.0.at(hour, minute, 0, 0))
                .offset(),
            jiff::tz::AmbiguousOffset::Gap { .. }
        )
    }

    /// `minutes` later (earlier when negative); `None` when that leaves the
    /// time library's range, so no plan value can make arithmetic panic.
    pub fn plus_minutes(self, minutes: i64) -> Option<Instant> {
        self.0
            .checked_add(SignedDuration::try_from_mins(minutes)?)
            .ok()
            .map(Instant)
    }

    /// Whole minutes from `earlier` to `self`.
    pub fn minutes_since(self, earlier: Instant) -> i64 {
        self.0.duration_since(earlier.0).as_mins()
    }

    /// The wall clock in `zone` at this instant.
    pub fn local(self, zone: &Zone) -> Local {
        self.local_at(zone.tz.to_offset(self.0))
    }

    /// The wall clock at this instant where the UTC offset is `offset`.
    fn local_at(self, offset: jiff::tz::Offset) -> Local {
        // The civil time the offset gives, without building a zoned value
        // (which clones the zone): lint reads thousands of these.
        let datetime = offset.to_datetime(self.0);
        Local {
            date: Date(datetime.date()),
            time: TimeOfDay {
                hour: u8::try_from(datetime.hour()).unwrap_or(0),
                minute: u8::try_from(datetime.minute()).unwrap_or(0),
            },
            offset_seconds: offset.seconds(),
        }
    }

    /// `20260310T080000Z`, the iCalendar UTC form.
    pub fn to_ical_utc(self) -> String {
        let utc = self.0.to_zoned_datetime(TimeZone::UTC);
        format!(
            "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
            utc.year(),
            utc.month(),
            utc.day(),
            utc.hour(),
            utc.minute(),
            utc.second()
        )
    }

    /// `2026-03-10T16:00:00+08:00`: RFC 3339 in `zone`.
    pub fn to_rfc3339(self, zone: &Zone) -> String {
        let local = self.local(zone);
        let offset = local.offset_seconds;
        let sign = if offset < 0 { '-' } else { '+' };
        let minutes = offset.unsigned_abs() / 60;
        format!(
            "{}T{}:00{sign}{:02}:{:02}",
            local.date,
            local.time,
            minutes / 60,
            minutes % 60
        )
    }

    /// An RFC 3339 time (`2026-03-06T17:00:00+01:00`, `...Z`), or one
    /// without an offset (`2026-03-06T17:00`, `2026-03-06 17:00:00`), which
    /// is read in `zone` as [`Instant::at_local`] reads a wall-clock time.
    pub fn parse_rfc3339(text: &str, zone: &Zone) -> Result<Instant, String> {
        let text = text.trim();
        let invalid = || {
            format!(
                "`{text}` is not a time\nhelp: write RFC 3339, e.g. `2026-03-06T17:00:00+01:00`, or `2026-03-06T17:00` in the plan's zone"
            )
        };
        // A date alone would be read as midnight: a time must be written.
        if !text.contains(':') {
            return Err(invalid());
        }
        // A civil time parses an offset and ignores it: try the offset first.
        let timestamp = match text.parse::<Timestamp>() {
            Ok(timestamp) => timestamp,
            Err(_) => {
                let civil = text
                    .parse::<jiff::civil::DateTime>()
                    .map_err(|_| invalid())?;
                zone.tz
                    .to_ambiguous_timestamp(civil)
                    .compatible()
                    .map_err(|_| invalid())?
            }
        };
        if !Instant(timestamp).is_in_plan_years() {
            return Err(format!(
                "`{text}` is outside the dates `plan` works with\nhelp: write a time from {FIRST_YEAR} to {LAST_YEAR}"
            ));
        }
        Ok(Instant(timestamp))
    }

    /// Whether it falls in the years `plan` works with ([`FIRST_YEAR`] to
    /// [`LAST_YEAR`], in UTC): they keep every deadline's arithmetic in
    /// range. Every source of `plan measure` refuses a time outside them.
    pub fn is_in_plan_years(self) -> bool {
        let year = self.0.to_zoned_datetime(TimeZone::UTC).year();
        (FIRST_YEAR..=LAST_YEAR).contains(&year)
    }

    pub fn from_unix_seconds(seconds: i64) -> Option<Instant> {
        Timestamp::from_second(seconds).ok().map(Instant)
    }

    pub fn unix_seconds(self) -> i64 {
        self.0.as_second()
    }

    /// Reads the iCalendar UTC form back: `20260310T080000Z`.
    pub fn parse_ical_utc(text: &str) -> Option<Instant> {
        let (date, time) = text.strip_suffix('Z')?.split_once('T')?;
        let all_digits = date.bytes().chain(time.bytes()).all(|b| b.is_ascii_digit());
        if date.len() != 8 || time.len() != 6 || !all_digits {
            return None;
        }
        let field = |text: &str, at: std::ops::Range<usize>| text.get(at)?.parse::<i8>().ok();
        let year = date.get(..4)?.parse::<i16>().ok()?;
        let civil = jiff::civil::DateTime::new(
            year,
            field(date, 4..6)?,
            field(date, 6..8)?,
            field(time, 0..2)?,
            field(time, 2..4)?,
            field(time, 4..6)?,
            0,
        )
        .ok()?;
        civil
            .to_zoned_datetime(TimeZone::UTC)
            .ok()
            .map(|z| Instant(z.timestamp()))
    }
}

/// A zone's offsets over a range of days, looked up once: the wall clock at
/// an instant in the range is then a search among the range's few changes
/// of offset, not a query of the zone's rules (lint reads the wall clock of
/// every occurrence in the zone of every attendee).
#[derive(Clone, Debug)]
pub struct LocalClock {
    zone: Zone,
    /// The offset from the range's start, then each change of offset in it.
    changes: Vec<(Timestamp, jiff::tz::Offset)>,
    end: Timestamp,
}

impl LocalClock {
    /// The clock of `zone` from the day before `first` to the day after
    /// `last` (in UTC, so that every zone's days `first` to `last` are in).
    pub fn new(zone: &Zone, first: Date, last: Date) -> Self {
        let midnight = |date: Option<Date>| {
            date.and_then(|d| TimeZone::UTC.to_timestamp(d.0.at(0, 0, 0, 0)).ok())
        };
        let (start, end) = match (midnight(first.add_days(-1)), midnight(last.add_days(2))) {
            (Some(start), Some(end)) => (start, end),
            // Past the library's range: every instant asks the zone itself.
            _ => (Timestamp::MAX, Timestamp::MIN),
        };
        let mut changes = vec![(start, zone.tz.to_offset(start))];
        changes.extend(
            zone.tz
                .following(start)
                .map(|change| (change.timestamp(), change.offset()))
                .take_while(|(at, _)| *at <= end),
        );
        Self {
            zone: zone.clone(),
            changes,
            end,
        }
    }

    pub fn zone(&self) -> &Zone {
        &self.zone
    }

    /// The wall clock at `instant`: the same as [`Instant::local`].
    pub fn local(&self, instant: Instant) -> Local {
        instant.local_at(self.offset(instant))
    }

    /// The date at `instant` as a day number ([`Date::day_number`]) and the
    /// minute of that day: the same as `local(instant)`'s date and time,
    /// without reading the calendar.
    pub fn day_and_minute(&self, instant: Instant) -> (i64, u32) {
        let seconds = instant.0.as_second() + i64::from(self.offset(instant).seconds());
        let minute = u32::try_from(seconds.rem_euclid(86_400) / 60).unwrap_or(0);
        (seconds.div_euclid(86_400), minute)
    }

    fn offset(&self, instant: Instant) -> jiff::tz::Offset {
        let within = self
            .changes
            .first()
            .is_some_and(|(start, _)| *start <= instant.0 && instant.0 <= self.end);
        let changes_before = self.changes.partition_point(|(at, _)| *at <= instant.0);
        match changes_before
            .checked_sub(1)
            .and_then(|i| self.changes.get(i))
        {
            Some((_, offset)) if within => *offset,
            _ => self.zone.tz.to_offset(instant.0),
        }
    }
}

/// A wall-clock reading: date, time of day and the zone's UTC offset then.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Local {
    pub date: Date,
    pub time: TimeOfDay,
    pub offset_seconds: i32,
}

fn database() -> &'static TimeZoneDatabase {
    static DATABASE: OnceLock<TimeZoneDatabase> = OnceLock::new();
    DATABASE.get_or_init(TimeZoneDatabase::bundled)
}

/// Every zone name of the bundled database, sorted.
pub fn zone_names() -> &'static [String] {
    static NAMES: OnceLock<Vec<String>> = OnceLock::new();
    NAMES.get_or_init(|| {
        let mut names: Vec<String> = database()
            .available()
            .map(|name| name.as_str().to_string())
            .collect();
        names.sort();
        names
    })
}

/// `Berlin`, `europe/berlin`, `New York`, `Calcutta`: a zone whose name is
/// the one written or ends in the city written (an alias's too, which the
/// caller turns into its canonical zone).
fn suggest_by_city<'a>(input: &str, names: &'a [String]) -> Option<&'a str> {
    let wanted = input.trim().replace(' ', "_").to_lowercase();
    if let Some(name) = names.iter().find(|name| name.to_lowercase() == wanted) {
        return Some(name);
    }
    names::city_keys(input).iter().find_map(|city| {
        names
            .iter()
            .find(|name| names::city_key(name) == *city)
            .map(String::as_str)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_off_the_calendar_says_how_long_its_month_is() {
        let error = Date::parse("2026-02-30").unwrap_err();
        assert!(error.ends_with("help: 2026-02 has 28 days"), "{error}");
        let error = Date::parse("2028-02-30").unwrap_err();
        assert!(error.ends_with("help: 2028-02 has 29 days"), "{error}");
        let error = Date::parse("2026-13-01").unwrap_err();
        assert!(error.contains("help: months run from 01 to 12"), "{error}");
    }

    #[test]
    fn rfc_3339_times_keep_their_offset_and_others_are_read_in_the_zone() {
        let berlin = Zone::parse("Europe/Berlin").unwrap();
        let read = |text: &str| Instant::parse_rfc3339(text, &berlin);
        let five_pm = Instant::at_local(
            Date::parse("2026-03-06").unwrap(),
            TimeOfDay {
                hour: 17,
                minute: 0,
            },
            &berlin,
        );
        for text in [
            "2026-03-06T17:00:00+01:00",
            "2026-03-06T16:00:00Z",
            "2026-03-06T11:00:00-05:00",
            "2026-03-06T17:00",
            " 2026-03-06 17:00:00 ",
        ] {
            assert_eq!(read(text).ok(), five_pm, "{text}");
        }
        // A wall-clock time in the spring-forward gap moves forward, as in calendars.
        assert_eq!(
            read("2026-03-29T02:30").map(|i| i.to_rfc3339(&berlin)),
            Ok("2026-03-29T03:30:00+02:00".to_string())
        );
        assert!(
            read("2026-03-06")
                .unwrap_err()
                .starts_with("`2026-03-06` is not a time")
        );
        assert!(read("yesterday").is_err());
        let far = read("1969-12-31T23:00:00Z").unwrap_err();
        assert!(far.contains("outside the dates `plan` works with"), "{far}");
    }

    #[test]
    fn a_year_first_date_is_padded_and_others_are_not_guessed() {
        for (text, meant) in [("2026-3-2", "2026-03-02"), ("2026/03/02", "2026-03-02")] {
            let error = Date::parse(text).unwrap_err();
            assert!(
                error.contains(&format!("help: did you mean `{meant}`?")),
                "{error}"
            );
        }
        for text in [
            "02.03.2026",
            "03/02/2026",
            "2026-02-30x",
            "next monday",
            "2026-2-30",
        ] {
            let error = Date::parse(text).unwrap_err();
            assert!(!error.contains("did you mean"), "{text}: {error}");
            assert!(error.contains("help: write dates as YYYY-MM-DD"), "{error}");
        }
    }

    /// Every 17 minutes from a week before the clock's range to a week
    /// after, in zones with summer time north and south, half-hour changes
    /// and changes at midnight: the clock reads what the zone does.
    #[test]
    fn a_local_clock_reads_what_its_zone_does() {
        let first = Date::parse("2026-01-05").unwrap();
        let last = Date::parse("2026-12-18").unwrap();
        for name in [
            "Europe/London",
            "America/New_York",
            "Australia/Lord_Howe",
            "America/Santiago",
            "Asia/Kolkata",
            "UTC",
        ] {
            let zone = Zone::parse(name).unwrap();
            let clock = LocalClock::new(&zone, first, last);
            if name == "Europe/London" {
                // The offset at the start, then March and October.
                assert_eq!(clock.changes.len(), 3);
            }
            let noon = TimeOfDay {
                hour: 12,
                minute: 0,
            };
            let start = Instant::at_local(first.add_days(-8).unwrap(), noon, &zone).unwrap();
            let end = Instant::at_local(last.add_days(8).unwrap(), noon, &zone).unwrap();
            let mut instant = start;
            while instant <= end {
                let local = instant.local(&zone);
                assert_eq!(clock.local(instant), local, "{name} {instant:?}");
                assert_eq!(
                    clock.day_and_minute(instant),
                    (local.date.day_number(), local.time.minutes_from_midnight()),
                    "{name} {instant:?}"
                );
                assert_eq!(
                    Date::from_day_number(local.date.day_number()),
                    Some(local.date)
                );
                instant = instant.plus_minutes(17).unwrap();
            }
        }
    }

    #[test]
    fn day_numbers_count_from_1970_and_find_mondays() {
        let date = |text| Date::parse(text).unwrap();
        assert_eq!(date("1970-01-01").day_number(), 0);
        assert_eq!(Date::from_ymd(1969, 12, 31).unwrap().day_number(), -1);
        let wednesday = date("2026-03-04").day_number();
        let monday = wednesday - (wednesday + 3).rem_euclid(7);
        assert_eq!(Date::from_day_number(monday), Some(date("2026-03-02")));
    }

    #[test]
    fn dates_parse_strictly() {
        assert_eq!(Date::parse("2026-03-02").unwrap().to_string(), "2026-03-02");
        assert!(
            Date::parse("2026-02-30")
                .unwrap_err()
                .contains("not a date on the calendar")
        );
        assert!(Date::parse("2026-3-2").is_err());
        assert!(Date::parse("02.03.2026").is_err());
    }

    #[test]
    fn zones_come_from_the_bundled_database() {
        assert_eq!(
            Zone::parse("Asia/Shanghai").unwrap().name(),
            "Asia/Shanghai"
        );
        assert_eq!(
            Zone::parse("europe/berlin").unwrap().name(),
            "Europe/Berlin"
        );
        let error = Zone::parse("Europe/Berln").unwrap_err();
        assert!(error.contains("did you mean `Europe/Berlin`?"), "{error}");
        let error = Zone::parse("Berlin").unwrap_err();
        assert!(error.contains("did you mean `Europe/Berlin`?"), "{error}");
        // Found in review: `Z` is UTC; a suggestion is never a refused name;
        // an offset no listed place has gets no wrong example.
        assert!(Zone::parse("Z").unwrap_err().contains("help: write `UTC`"));
        let error = Zone::parse("EST5").unwrap_err();
        assert!(!error.contains("did you mean `EST`"), "{error}");
        let error = Zone::parse("UTC+14").unwrap_err();
        assert!(!error.contains("Europe/Berlin"), "{error}");
        for (city, zone) in [
            ("Munich", "Europe/Berlin"),
            ("Europe/Munich", "Europe/Berlin"),
            ("Beijing", "Asia/Shanghai"),
            ("Mumbai", "Asia/Kolkata"),
            ("Bombay", "Asia/Kolkata"),
            ("Calcutta", "Asia/Kolkata"),
            ("Kiev", "Europe/Kyiv"),
            ("San Francisco", "America/Los_Angeles"),
            ("New York", "America/New_York"),
        ] {
            let error = Zone::parse(city).unwrap_err();
            assert!(
                error.contains(&format!("did you mean `{zone}`?")),
                "{city}: {error}"
            );
        }
        assert!(zone_names().len() > 300);
    }

    #[test]
    fn abbreviations_and_fixed_offsets_are_refused_with_the_places_that_fit() {
        let refused = |name: &str| Zone::parse(name).unwrap_err();
        let est = refused("EST");
        assert!(est.contains("help: write `America/New_York`"), "{est}");
        assert!(est.contains("UTC-5 all year"), "{est}");
        assert!(refused("pst").contains("`America/Los_Angeles`"));
        assert!(refused("CET").contains("`Europe/Berlin` or `Europe/Paris`"));
        for name in ["CST", "MST", "EET", "WET", "MET", "EST5EDT", "PST8PDT"] {
            assert!(refused(name).contains("is an abbreviation"), "{name}");
        }
        let gmt = refused("GMT+8");
        assert!(gmt.contains("`Asia/Shanghai` or `Asia/Singapore`"), "{gmt}");
        assert!(gmt.contains("POSIX `Etc/GMT+8` would be UTC-8"), "{gmt}");
        let posix = refused("Etc/GMT-8");
        assert!(posix.contains("`Asia/Shanghai`"), "{posix}");
        assert!(posix.contains("is UTC+8: its sign is inverted"), "{posix}");
        assert!(refused("UTC+05:30").contains("`Asia/Kolkata`"));
        assert!(refused("+0800").contains("`Asia/Shanghai`"));
        for name in ["UTC", "Etc/UTC", "GMT", "Etc/GMT+0"] {
            assert!(Zone::parse(name).is_ok(), "{name}");
        }
    }
}
