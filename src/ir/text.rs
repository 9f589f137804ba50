//! The phrases sections share: dates, cadences, durations, kinds, and the
//! links that open a channel or a mail.

use crate::compile::{Compiled, Event};
use crate::i18n::Messages;
use crate::model::{BarrierKind, ChannelKind, Duration, Every, On, Ordinal, TimeOfDay, Weekday};
use crate::time::{BusinessClock, Date, Instant, Recurrence, WorkWeek, Zone};

/// "Tuesday, 2026-03-03", in the catalogue's words.
pub(super) fn long_date(m: &Messages, date: Date) -> String {
    m.fill(
        "date_long",
        &[
            ("weekday", &m.weekday(date.weekday())),
            ("date", &date.to_string()),
        ],
    )
}

/// The zone as a reader names it: its city in the reader's language where
/// the catalogue knows it (`city_Asia/Shanghai`: "Shanghai", "上海"), else
/// the last part of the IANA name with spaces ("America/New_York" is "New
/// York"). The IANA name stays in the IR beside it.
pub(crate) fn city(m: &Messages, zone: &Zone) -> String {
    let name = zone.name();
    match m.strings.get(&format!("city_{name}")) {
        Some(city) => city.clone(),
        None => name.rsplit('/').next().unwrap_or(name).replace('_', " "),
    }
}

/// "28 Mar", with the year where it is not the project's first.
pub(super) fn day_month(m: &Messages, compiled: &Compiled, date: Date) -> String {
    short_date(m, date, date.year() != compiled.start.year())
}

fn short_date(m: &Messages, date: Date, with_year: bool) -> String {
    let month = m.get(&format!("month_short_{}", date.month()));
    let day = date.day().to_string();
    if with_year {
        let year = date.year().to_string();
        m.fill(
            "date_short_year",
            &[("day", &day), ("month", &month), ("year", &year)],
        )
    } else {
        m.fill("date_short", &[("day", &day), ("month", &month)])
    }
}

/// A stretch of a schedule's range in which its time, read in the reader's
/// zone, stays the same.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct ReaderPeriod {
    /// Days the reader's date is after the schedule's own: -1, 0 or 1.
    pub shift: i64,
    pub time: TimeOfDay,
    /// The reader's last day at this time; `None` for the last stretch.
    pub until: Option<Date>,
    /// Its length in days: the longest is the schedule's typical time.
    pub days: i64,
}

/// When an event's occurrences fall in `reader`'s zone over the event's
/// range (its `from` through its `until` or the plan's horizon): one period
/// per run of equal local time and weekday, split where a daylight-saving
/// change of either zone moves it. Occurrences as planned; moves are the
/// event's changes, listed on their own.
///
/// Bounded work: the offsets of both zones change a few times a year, and
/// the local time only changes with them, so the range is cut at those
/// changes (no occurrence expanded when the zones are one, or their
/// difference never changes); a cut-off stretch is then asked only whether
/// it holds an occurrence at all, in growing windows from its start.
pub(crate) fn reader_periods(
    compiled: &Compiled,
    event: &Event,
    reader: &Zone,
) -> Vec<ReaderPeriod> {
    let r = &event.recurrence;
    let first = r.from;
    let last = r
        .until
        .unwrap_or(compiled.horizon)
        .min(compiled.horizon)
        .max(first);
    let midnight = TimeOfDay { hour: 0, minute: 0 };
    let span = (
        Instant::at_local(first, midnight, &r.zone),
        last.add_days(1)
            .and_then(|d| Instant::at_local(d, midnight, &r.zone)),
    );
    let (Some(start), Some(end)) = span else {
        return vec![whole(r.at, 0, last.days_since(first) + 1)];
    };
    let difference =
        |at: Instant| at.local(reader).offset_seconds - at.local(&r.zone).offset_seconds;
    // The stretches in which the two zones' difference holds: (start, difference).
    let zones: &[&Zone] = if *reader == r.zone {
        &[]
    } else {
        &[reader, &r.zone]
    };
    let stretches = stretches(zones, start, end, difference);
    let at = |seconds: i32| {
        let minutes = i64::from(r.at.minutes_from_midnight()) + i64::from(seconds / 60);
        (minutes.div_euclid(24 * 60), clock(minutes))
    };
    let days_between = |from: Instant, to: Instant| to.minutes_since(from).div_euclid(24 * 60);
    if let [(_, seconds)] = stretches.as_slice() {
        let (shift, time) = at(*seconds);
        return vec![whole(time, shift, days_between(start, end))];
    }
    let mut periods: Vec<ReaderPeriod> = Vec::new();
    // Where the stretch after the last one that held an occurrence begins.
    let mut next_cut: Option<Instant> = None;
    for (index, (from, seconds)) in stretches.iter().enumerate() {
        let to = stretches.get(index + 1).map_or(end, |(cut, _)| *cut);
        if !holds_occurrence(compiled, event, *from, to) {
            continue;
        }
        let (shift, time) = at(*seconds);
        let length = days_between(*from, to);
        match periods.last_mut() {
            Some(last) if (last.shift, last.time) == (shift, time) => last.days += length,
            Some(last) => {
                last.until = next_cut.and_then(|cut| cut.local(reader).date.add_days(-1));
                periods.push(whole(time, shift, length));
            }
            None => periods.push(whole(time, shift, length)),
        }
        next_cut = Some(to);
    }
    if periods.is_empty() {
        let (shift, time) = at(difference(start));
        periods.push(whole(time, shift, days_between(start, end)));
    }
    periods
}

/// `[start, end)` cut where `value` changes, which it does only where one
/// of `zones` changes its offset: each stretch's start and value.
pub(super) fn stretches<T: PartialEq>(
    zones: &[&Zone],
    start: Instant,
    end: Instant,
    value: impl Fn(Instant) -> T,
) -> Vec<(Instant, T)> {
    let mut cuts: Vec<Instant> = zones
        .iter()
        .flat_map(|zone| zone.offset_changes(start, end))
        .collect();
    cuts.sort_unstable();
    let mut stretches = vec![(start, value(start))];
    for cut in cuts {
        let now = value(cut);
        if stretches.last().is_some_and(|(_, before)| *before != now) {
            stretches.push((cut, now));
        }
    }
    stretches
}

fn whole(time: TimeOfDay, shift: i64, days: i64) -> ReaderPeriod {
    ReaderPeriod {
        shift,
        time,
        until: None,
        days,
    }
}

/// Whether an occurrence as planned starts in `[from, to)`: windows of 8,
/// 16, 32... days from `from`, so a weekly meeting answers at once and a
/// quarterly one within a few steps.
fn holds_occurrence(compiled: &Compiled, event: &Event, from: Instant, to: Instant) -> bool {
    let r = &event.recurrence;
    let (mut day, last) = (from.local(&r.zone).date, to.local(&r.zone).date);
    let mut size = 8;
    while day <= last {
        let Some(through) = day.add_days(size - 1).map(|d| d.min(last)) else {
            return false;
        };
        let found = r
            .expand_between(&compiled.work_week, day, through)
            .occurrences
            .iter()
            .any(|o| o.moved_from.is_none() && o.start >= from && o.start < to);
        if found {
            return true;
        }
        let Some(next) = through.add_days(1) else {
            return false;
        };
        day = next;
        size *= 2;
    }
    false
}

/// When an event happens, for a reader in `reader`'s zone: the reader's
/// time first, the event's own in brackets where it differs, and each
/// daylight-saving change within the range with its date:
/// "every week on Tuesday at 10:00 Munich (16:00 Shanghai)",
/// "every week on Tuesday at 09:00 until 28 Mar, then 10:00 Munich (16:00
/// Shanghai)", "on Tuesday 2026-03-03 at 09:00 Munich (16:00 Shanghai)".
pub(crate) fn reader_time(
    m: &Messages,
    compiled: &Compiled,
    event: &Event,
    reader: &Zone,
) -> String {
    let r = &event.recurrence;
    if event.single {
        return match Instant::at_local(r.from, r.at, &r.zone) {
            Some(start) => once(m, start, reader, &r.zone),
            None => m.fill(
                "once",
                &[
                    ("date", &long_date(m, r.from)),
                    ("time", &zone_time(m, r.at, &r.zone)),
                ],
            ),
        };
    }
    let periods = reader_periods(compiled, event, reader);
    let Some(first) = periods.first() else {
        return String::new();
    };
    let work_week = &compiled.work_week;
    let mut stretches = Vec::new();
    let mut shift = first.shift;
    for period in &periods {
        let time = if period.shift != shift && is_weekly(r) {
            let days = days_list(m, &shifted_days(r, work_week, period.shift));
            let time = period.time.to_string();
            m.fill("on_days_at", &[("days", &days), ("time", &time)])
        } else {
            shifted_time(m, r, period)
        };
        stretches.push((time, period.until));
        shift = period.shift;
    }
    let times = until_then(m, compiled, &stretches);
    let when = m.fill(
        "at_time",
        &[
            ("cadence", &cadence(m, work_week, r, first.shift)),
            (
                "time",
                &m.fill("zone_time", &[("time", &times), ("zone", &city(m, reader))]),
            ),
        ],
    );
    let same = periods.iter().all(|p| (p.shift, p.time) == (0, r.at));
    if same {
        return when;
    }
    // Their own side: the weekday too where the reader's differs.
    let own = zone_time(m, r.at, &r.zone);
    let own = if is_weekly(r) && periods.iter().any(|p| p.shift != 0) {
        format!("{} {own}", days_list(m, &r.weekly_days(work_week)))
    } else {
        own
    };
    // Where the reader's time changes, the other side's does not: say so,
    // or it reads as the last period's alone.
    let key = if periods.len() > 1 {
        "other_side_always"
    } else {
        "other_side"
    };
    m.fill(key, &[("when", &when), ("other", &own)])
}

/// "09:00 until 28 Mar, then 10:00": values in order, each but the last
/// with the last day it holds (the year named where it is not the
/// project's first).
pub(crate) fn until_then(
    m: &Messages,
    compiled: &Compiled,
    stretches: &[(String, Option<Date>)],
) -> String {
    let mut text = String::new();
    for (value, until) in stretches {
        text = if text.is_empty() {
            value.clone()
        } else {
            m.fill("then_time", &[("before", &text), ("time", value)])
        };
        if let Some(date) = until {
            let date = day_month(m, compiled, *date);
            text = m.fill("time_until", &[("time", &text), ("date", &date)]);
        }
    }
    text
}

/// "on Tuesday 2026-03-03 at 09:00 Munich (16:00 Shanghai)": one moment in
/// the reader's zone, with its own zone's time (and date, where it differs)
/// in brackets.
pub(crate) fn once(m: &Messages, start: Instant, reader: &Zone, own: &Zone) -> String {
    let moment = moment(m, start, reader, own);
    m.fill("once", &[("date", &moment.date), ("time", &moment.time)])
}

/// One moment for a reader: its date and its time with the other side's.
pub(crate) struct Moment {
    /// "Tuesday 2026-03-03", in the reader's zone.
    pub date: String,
    /// "09:00 Munich (16:00 Shanghai)", or "16:00 Shanghai" where the two agree.
    pub time: String,
}

impl Moment {
    /// "Friday 2026-03-06 10:30 Berlin (17:30 Shanghai)".
    pub(crate) fn said(&self, m: &Messages) -> String {
        m.fill("moment", &[("date", &self.date), ("time", &self.time)])
    }
}

pub(crate) fn moment(m: &Messages, start: Instant, reader: &Zone, own: &Zone) -> Moment {
    let local = start.local(reader);
    let theirs = start.local(own);
    let time = zone_time(m, local.time, reader);
    let time = if (local.date, local.time) == (theirs.date, theirs.time) {
        time
    } else {
        let other = zone_time(m, theirs.time, own);
        let other = if local.date == theirs.date {
            other
        } else {
            format!("{} {other}", long_date(m, theirs.date))
        };
        m.fill("other_side", &[("when", &time), ("other", &other)])
    };
    Moment {
        date: long_date(m, local.date),
        time,
    }
}

/// "16:00 Shanghai".
pub(super) fn zone_time(m: &Messages, time: TimeOfDay, zone: &Zone) -> String {
    m.fill(
        "zone_time",
        &[("time", &time.to_string()), ("zone", &city(m, zone))],
    )
}

/// A period's time, "the day before" where the reader's date is another
/// and the cadence cannot say so itself (a weekly one names the reader's
/// weekdays instead; every day is every day).
pub(super) fn shifted_time(m: &Messages, r: &Recurrence, period: &ReaderPeriod) -> String {
    let time = period.time.to_string();
    match period.shift {
        _ if is_weekly(r) || r.every == Every::Day => time,
        s if s < 0 => m.fill("day_before", &[("time", &time)]),
        s if s > 0 => m.fill("day_after", &[("time", &time)]),
        _ => time,
    }
}

fn is_weekly(r: &Recurrence) -> bool {
    matches!(r.every, Every::Weeks(_))
}

/// The weekdays of a weekly rule, `shift` days on.
fn shifted_days(r: &Recurrence, work_week: &WorkWeek, shift: i64) -> Vec<Weekday> {
    let mut days: Vec<Weekday> = r
        .weekly_days(work_week)
        .into_iter()
        .map(|d| shift_weekday(d, shift))
        .collect();
    days.sort_by_key(|d| weekday_index(*d));
    days
}

/// Monday 0 to Sunday 6.
pub(super) fn weekday_index(day: Weekday) -> usize {
    Weekday::ALL.iter().position(|d| *d == day).unwrap_or(0)
}

pub(super) fn shift_weekday(day: Weekday, shift: i64) -> Weekday {
    let index = (weekday_index(day) as i64 + shift).rem_euclid(7);
    Weekday::ALL
        .get(usize::try_from(index).unwrap_or(0))
        .copied()
        .unwrap_or(day)
}

fn days_list(m: &Messages, days: &[Weekday]) -> String {
    m.list(&days.iter().map(|d| m.weekday(*d)).collect::<Vec<_>>())
}

/// "every week on Tuesday", "every month on the first Wednesday": the rule
/// in words, a weekly one on the reader's weekdays (`shift` days on).
fn cadence(m: &Messages, work_week: &WorkWeek, r: &Recurrence, shift: i64) -> String {
    let nth = |o: Ordinal| m.get(&format!("nth_{}", o.as_str()));
    match (r.every, &r.on) {
        (Every::Day, _) => m.get("every_day"),
        (Every::Weekday, _) => m.get("every_weekday"),
        (Every::Weeks(n), _) => {
            let list = days_list(m, &shifted_days(r, work_week, shift));
            if n == 1 {
                m.fill("every_week", &[("days", &list)])
            } else {
                m.fill("every_n_weeks", &[("n", &n.to_string()), ("days", &list)])
            }
        }
        (Every::Months(_) | Every::Quarter, on) => {
            let n = match r.every {
                Every::Months(n) => n,
                _ => 3,
            };
            let n_text = n.to_string();
            match on {
                Some(On::NthWeekday(o, d)) if n == 1 => m.fill(
                    "every_month_nth",
                    &[("nth", &nth(*o)), ("day", &m.weekday(*d))],
                ),
                Some(On::NthWeekday(o, d)) => m.fill(
                    "every_n_months_nth",
                    &[("n", &n_text), ("nth", &nth(*o)), ("day", &m.weekday(*d))],
                ),
                Some(On::DayOfMonth(day)) if n == 1 => {
                    m.fill("every_month_day", &[("day", &day.to_string())])
                }
                Some(On::DayOfMonth(day)) => m.fill(
                    "every_n_months_day",
                    &[("n", &n_text), ("day", &day.to_string())],
                ),
                _ if n == 1 => m.fill("every_month_day", &[("day", &r.from.day().to_string())]),
                _ => m.fill(
                    "every_n_months_day",
                    &[("n", &n_text), ("day", &r.from.day().to_string())],
                ),
            }
        }
    }
}

/// How often a recurring item happens, briefly, for the week at a glance:
/// "every week", "every 2 weeks", "1st Wed monthly", "day 15 quarterly".
pub(super) fn frequency(m: &Messages, r: &Recurrence) -> String {
    let on = || match &r.on {
        Some(On::NthWeekday(o, d)) => m.fill(
            "on_nth",
            &[
                ("nth", &m.get(&format!("nth_short_{}", o.as_str()))),
                ("day", &m.weekday_short(*d)),
            ],
        ),
        Some(On::DayOfMonth(day)) => m.fill("on_day", &[("day", &day.to_string())]),
        _ => m.fill("on_day", &[("day", &r.from.day().to_string())]),
    };
    match r.every {
        Every::Day => m.get("every_day"),
        Every::Weekday => m.get("every_weekday"),
        Every::Weeks(1) => m.get("freq_week"),
        Every::Weeks(n) => m.fill("freq_n_weeks", &[("n", &n.to_string())]),
        Every::Months(1) => m.fill("freq_month", &[("on", &on())]),
        Every::Months(n) => m.fill("freq_n_months", &[("on", &on()), ("n", &n.to_string())]),
        Every::Quarter => m.fill("freq_quarter", &[("on", &on())]),
    }
}

/// Whether its frequency names a day of its own zone's month ("last Fri
/// monthly", "day 15 quarterly"), which the reader's date may not be.
pub(super) fn names_a_day_of_the_month(r: &Recurrence) -> bool {
    matches!(r.every, Every::Months(_) | Every::Quarter)
}

/// The reader's weekdays a recurring item falls on (`shift` days after its
/// own), or `None` for a day of the month, which has no weekday.
pub(super) fn reader_weekdays(
    r: &Recurrence,
    work_week: &WorkWeek,
    shift: i64,
) -> Option<Vec<Weekday>> {
    match (r.every, &r.on) {
        (Every::Day, _) => Some(Weekday::ALL.to_vec()),
        (Every::Weekday | Every::Weeks(_), _) => Some(shifted_days(r, work_week, shift)),
        (Every::Months(_) | Every::Quarter, Some(On::NthWeekday(_, day))) => {
            Some(vec![shift_weekday(*day, shift)])
        }
        _ => None,
    }
}

/// "Mon–Fri" for a run of days, "Sun–Thu" for one across the week's end,
/// else "Mon, Wed and Fri".
pub(super) fn days_span(m: &Messages, days: &[Weekday]) -> String {
    let mut days = days.to_vec();
    days.sort_by_key(|d| weekday_index(*d));
    days.dedup();
    let holds = |index: usize| days.iter().any(|d| weekday_index(*d) == index % 7);
    // A run has one first day: the only one whose day before is not in it.
    let firsts: Vec<usize> = if days.len() == 7 {
        vec![0]
    } else {
        (0..7)
            .filter(|index| holds(*index) && !holds(index + 6))
            .collect()
    };
    match firsts.as_slice() {
        [first] if days.len() > 2 => {
            let last = (first + days.len() - 1) % 7;
            let day = |index: usize| Weekday::ALL.get(index).copied().unwrap_or(Weekday::Mon);
            format!(
                "{}–{}",
                m.weekday_short(day(*first)),
                m.weekday_short(day(last))
            )
        }
        _ => m.list(&days.iter().map(|d| m.weekday_short(*d)).collect::<Vec<_>>()),
    }
}

/// "09:00–12:00": minutes from the reader's midnight, past midnight read
/// on the clock.
pub(super) fn clock_range(from: i64, to: i64) -> String {
    format!("{}–{}", clock(from), clock(to))
}

/// The wall clock `minutes` after a midnight, any number of days on.
pub(super) fn clock(minutes: i64) -> TimeOfDay {
    let of_day = minutes.rem_euclid(24 * 60);
    TimeOfDay {
        hour: u8::try_from(of_day / 60).unwrap_or(0),
        minute: u8::try_from(of_day % 60).unwrap_or(0),
    }
}

/// A duration in words, as a reader says it: "2 business days and 4
/// business hours", "1 个工作日", "1 hour 30 minutes" read as "1 hour and 30
/// minutes". The compact form (`2bd4bh`) stays in `plan.json` and the CLI.
pub fn duration(m: &Messages, duration: Duration) -> String {
    let part = |unit: &str, n: u64| {
        let form = if n == 1 { "one" } else { "other" };
        m.fill(&format!("duration_{unit}_{form}"), &[("n", &n.to_string())])
    };
    let mut parts = Vec::new();
    match duration {
        Duration::Calendar { minutes } => {
            let units = [
                ("weeks", 7 * 24 * 60),
                ("days", 24 * 60),
                ("hours", 60),
                ("minutes", 1),
            ];
            let mut left = minutes;
            for (unit, size) in units {
                if left >= size {
                    parts.push(part(unit, left / size));
                    left %= size;
                }
            }
            if parts.is_empty() {
                parts.push(part("minutes", 0));
            }
        }
        Duration::Business { days, minutes } => {
            if days > 0 {
                parts.push(part("business_days", days));
            }
            if minutes >= 60 || (days == 0 && minutes == 0) {
                parts.push(part("business_hours", minutes / 60));
            }
            if minutes % 60 > 0 {
                parts.push(part("business_minutes", minutes % 60));
            }
        }
    }
    m.list(&parts)
}

pub(super) fn channel_kind(m: &Messages, kind: ChannelKind) -> String {
    m.get(&format!("channel_kind_{}", kind.as_str()))
}

pub(super) fn barrier_kind(m: &Messages, kind: BarrierKind) -> String {
    let key = match kind {
        BarrierKind::Language => "language",
        BarrierKind::Culture => "culture",
        BarrierKind::Timezone => "timezone",
        BarrierKind::Technical => "technical",
        BarrierKind::Other => "other",
    };
    m.get(&format!("barrier_kind_{key}"))
}

/// Working days as a reader says them: "Monday to Friday" for a run of
/// three or more, else "Monday, Wednesday and Friday".
pub(super) fn work_days(m: &Messages, days: &[Weekday]) -> String {
    let days: Vec<Weekday> = Weekday::ALL
        .into_iter()
        .filter(|d| days.contains(d))
        .collect();
    let position = |day: &Weekday| Weekday::ALL.iter().position(|d| d == day);
    let run = days
        .windows(2)
        .all(|pair| position(&pair[0]).map(|p| p + 1) == position(&pair[1]));
    match (days.first(), days.last()) {
        (Some(first), Some(last)) if run && days.len() >= 3 => m.fill(
            "day_range",
            &[("from", &m.weekday(*first)), ("to", &m.weekday(*last))],
        ),
        _ => m.list(&days.iter().map(|d| m.weekday(*d)).collect::<Vec<_>>()),
    }
}

/// A message sent on the first Friday from `start`, 30 minutes before the
/// clock closes (the case people ask about), and when `wait` is up: both
/// as the reader reads them (see [`moment`]).
pub(super) fn worked_example(
    m: &Messages,
    clock: &BusinessClock,
    start: Date,
    wait: Duration,
    reader: &Zone,
) -> Option<(String, String)> {
    let mut friday = start;
    while friday.weekday() != Weekday::Fri {
        friday = friday.add_days(1)?;
    }
    let minutes = i64::from(clock.close.minutes_from_midnight()) - 30;
    let at = crate::model::TimeOfDay {
        hour: u8::try_from(minutes / 60).ok()?,
        minute: u8::try_from(minutes % 60).ok()?,
    };
    let sent = Instant::at_local(friday, at, &clock.zone)?;
    let due = clock.due(sent, wait)?;
    Some((
        moment(m, sent, reader, &clock.zone).said(m),
        moment(m, due, reader, &clock.zone).said(m),
    ))
}

/// The time an escalation has waited by a step: the steps' business and
/// calendar waits so far, each summed on its own clock.
#[derive(Clone, Copy, Default)]
pub(super) struct Waited {
    business_days: u64,
    business_minutes: u64,
    calendar_minutes: u64,
}

impl Waited {
    pub(super) fn add(&mut self, wait: Option<Duration>) {
        match wait {
            Some(Duration::Business { days, minutes }) => {
                self.business_days += days;
                self.business_minutes += minutes;
            }
            Some(Duration::Calendar { minutes }) => self.calendar_minutes += minutes,
            None => {}
        }
    }

    /// "1 business day plus 30 minutes", or "at once" before any wait.
    pub(super) fn describe(&self, m: &Messages) -> String {
        let business = Duration::Business {
            days: self.business_days,
            minutes: self.business_minutes,
        };
        let calendar = Duration::Calendar {
            minutes: self.calendar_minutes,
        };
        match (
            (self.business_days, self.business_minutes) != (0, 0),
            self.calendar_minutes > 0,
        ) {
            (true, true) => m.fill(
                "duration_plus",
                &[
                    ("business", &duration(m, business)),
                    ("calendar", &duration(m, calendar)),
                ],
            ),
            (true, false) => duration(m, business),
            (false, true) => duration(m, calendar),
            (false, false) => m.get("at_once"),
        }
    }
}

/// Percent-encodes everything but RFC 3986's unreserved characters (and `@`
/// in addresses), as UTF-8: a `mailto:` link then survives any mail client.
pub(super) fn percent_encode(text: &str) -> String {
    crate::markdown::percent_encode(text, b'@')
}

/// A link that opens a channel: its `url`, or a Slack channel by name
/// (Slack documents `app_redirect`); other chat products have no public link
/// scheme, so their group name is shown as text.
pub(super) fn reach_link(channel: &crate::model::Channel) -> Option<String> {
    if let Some(url) = &channel.url {
        return Some(url.value.clone());
    }
    match (
        channel.provider.as_ref().map(|p| p.as_str()),
        channel.address.as_ref(),
    ) {
        (Some("slack"), Some(address)) => Some(format!(
            "https://slack.com/app_redirect?channel={}",
            percent_encode(address.trim_start_matches('#'))
        )),
        (_, Some(address)) if channel.kind.value == ChannelKind::Email => {
            Some(format!("mailto:{}", percent_encode(address)))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_encoding_is_utf8() {
        assert_eq!(
            percent_encode("[Atlas] Weekly status – 2026-03-06"),
            "%5BAtlas%5D%20Weekly%20status%20%E2%80%93%202026-03-06"
        );
        assert_eq!(percent_encode("周报"), "%E5%91%A8%E6%8A%A5");
        assert_eq!(percent_encode("a.b@c.example"), "a.b@c.example");
    }

    /// A plan in Berlin with meetings in New York's zone: the two zones
    /// change to summer time three weeks apart in spring and a week apart
    /// in autumn.
    fn new_york_meetings() -> Compiled {
        crate::test_plans::resolved(
            r#"
version: 1
project: {name: Zones, owner: ana, timezone: Europe/Berlin, start: 2026-01-05, end: 2026-12-18}
people:
  ana: {name: Ana}
channels:
  video: {kind: video, sla: {response: 1bd}}
meetings:
  weekly:
    title: Weekly
    owner: ana
    channel: video
    schedule: {every: week, on: [tue], at: "09:00", duration: 30m, timezone: America/New_York}
  twice:
    title: Twice a week
    owner: ana
    channel: video
    schedule: {every: week, on: [mon, thu], at: "20:00", duration: 30m, timezone: America/New_York}
  late:
    title: Late
    owner: ana
    channel: video
    schedule: {every: week, on: [mon], at: "11:30", duration: 30m, timezone: America/New_York}
  monthly:
    title: Monthly
    owner: ana
    channel: video
    schedule: {every: month, on: first wed, at: "09:00", duration: 1h, timezone: America/New_York}
"#,
        )
    }

    fn time_of(compiled: &Compiled, m: &Messages, id: &str, reader: &str) -> String {
        let event = compiled.event(crate::compile::EventKind::Meeting, id);
        let reader = Zone::parse(reader).unwrap_or_else(|e| panic!("{e}"));
        event.map_or_else(String::new, |e| reader_time(m, compiled, e, &reader))
    }

    /// Both zones shift, on other dates: every stretch between their
    /// changes is told, with the last day it holds.
    #[test]
    fn a_time_is_told_through_each_change_of_either_zone() {
        let compiled = new_york_meetings();
        let m = &compiled.messages;
        assert_eq!(
            time_of(&compiled, m, "weekly", "Europe/Berlin"),
            "every week on Tuesday at 15:00 until 7 Mar, then 14:00 until 28 Mar, then 15:00 \
             until 24 Oct, then 14:00 until 31 Oct, then 15:00 Berlin (always 09:00 New York)"
        );
        assert_eq!(
            time_of(&compiled, m, "weekly", "America/New_York"),
            "every week on Tuesday at 09:00 New York"
        );
        // No first Wednesday falls between the two zones' changes.
        assert_eq!(
            time_of(&compiled, m, "monthly", "Europe/Berlin"),
            "every month on the first Wednesday at 15:00 Berlin (09:00 New York)"
        );
        let zh = Messages::for_locale(crate::model::Locale::ZhCn);
        assert_eq!(
            time_of(&compiled, &zh, "monthly", "Europe/Berlin"),
            "每月第一个周三 柏林时间 15:00（纽约时间 09:00）"
        );
        assert_eq!(
            time_of(&compiled, &zh, "weekly", "Asia/Shanghai"),
            "每周周二 上海时间 22:00（至 3月7日），之后 21:00（至 10月31日），之后 22:00\
             （始终为纽约时间 09:00）"
        );
    }

    /// Across midnight the reader's weekdays are named, and where a change
    /// moves the time across midnight, the new weekday with it.
    #[test]
    fn a_time_across_midnight_names_the_readers_weekdays() {
        let compiled = new_york_meetings();
        let m = &compiled.messages;
        assert_eq!(
            time_of(&compiled, m, "twice", "Asia/Shanghai"),
            "every week on Tuesday and Friday at 09:00 until 7 Mar, then 08:00 until 31 Oct, \
             then 09:00 Shanghai (always Monday and Thursday 20:00 New York)"
        );
        assert_eq!(
            time_of(&compiled, m, "late", "Asia/Shanghai"),
            "every week on Tuesday at 00:30 until 7 Mar, then on Monday at 23:30 until 31 Oct, \
             then on Tuesday at 00:30 Shanghai (always Monday 11:30 New York)"
        );
        let event = compiled.event(crate::compile::EventKind::Meeting, "late");
        let shanghai = Zone::parse("Asia/Shanghai").unwrap_or_else(|e| panic!("{e}"));
        let periods = event.map(|e| reader_periods(&compiled, e, &shanghai));
        let shifts: Vec<i64> = periods.iter().flatten().map(|p| p.shift).collect();
        assert_eq!(shifts, [1, 0, 1]);
    }

    #[test]
    fn one_moment_in_the_readers_zone_with_its_own_in_brackets() {
        let m = Messages::for_locale(crate::model::Locale::En);
        let zone = |name: &str| Zone::parse(name).unwrap_or_else(|e| panic!("{e}"));
        let (berlin, shanghai) = (zone("Europe/Berlin"), zone("Asia/Shanghai"));
        let at = |date: &str, hour| {
            Instant::at_local(
                crate::test_plans::date(date),
                TimeOfDay { hour, minute: 0 },
                &shanghai,
            )
        };
        let start = at("2026-03-05", 16).unwrap_or_else(|| panic!("a time"));
        assert_eq!(
            once(&m, start, &berlin, &shanghai),
            "on Thursday 2026-03-05 at 09:00 Berlin (16:00 Shanghai)"
        );
        assert_eq!(
            once(&m, start, &shanghai, &shanghai),
            "on Thursday 2026-03-05 at 16:00 Shanghai"
        );
        let early = at("2026-03-05", 2).unwrap_or_else(|| panic!("a time"));
        assert_eq!(
            once(&m, early, &berlin, &shanghai),
            "on Wednesday 2026-03-04 at 19:00 Berlin (Thursday 2026-03-05 02:00 Shanghai)"
        );
    }

    #[test]
    fn a_zone_is_named_by_its_city() {
        let en = Messages::for_locale(crate::model::Locale::En);
        let zh = Messages::for_locale(crate::model::Locale::ZhCn);
        let zone = |name: &str| Zone::parse(name).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(city(&en, &zone("America/New_York")), "New York");
        assert_eq!(city(&zh, &zone("America/New_York")), "纽约");
        assert_eq!(city(&zh, &zone("Asia/Shanghai")), "上海");
        // A zone the catalogue does not name: its IANA city, in either language.
        let buenos_aires = zone("America/Argentina/Buenos_Aires");
        assert_eq!(city(&en, &buenos_aires), "Buenos Aires");
        assert_eq!(city(&zh, &buenos_aires), "Buenos Aires");
        assert_eq!(city(&en, &zone("UTC")), "UTC");
    }

    #[test]
    fn durations_read_as_words_in_both_locales() {
        let en = Messages::for_locale(crate::model::Locale::En);
        let zh = Messages::for_locale(crate::model::Locale::ZhCn);
        let business = |days, minutes| Duration::Business { days, minutes };
        let calendar = |minutes| Duration::Calendar { minutes };
        assert_eq!(duration(&en, business(1, 0)), "1 business day");
        assert_eq!(duration(&en, business(0, 240)), "4 business hours");
        assert_eq!(
            duration(&en, business(2, 240)),
            "2 business days and 4 business hours"
        );
        assert_eq!(
            duration(&en, business(0, 90)),
            "1 business hour and 30 business minutes"
        );
        assert_eq!(duration(&en, business(0, 0)), "0 business hours");
        assert_eq!(duration(&en, calendar(45)), "45 minutes");
        assert_eq!(duration(&en, calendar(90)), "1 hour and 30 minutes");
        assert_eq!(duration(&en, calendar(0)), "0 minutes");
        assert_eq!(duration(&en, calendar(8 * 24 * 60)), "1 week and 1 day");
        assert_eq!(duration(&zh, business(1, 0)), "1 个工作日");
        assert_eq!(duration(&zh, business(0, 240)), "4 个工作小时");
        assert_eq!(duration(&zh, business(2, 240)), "2 个工作日、4 个工作小时");
    }

    #[test]
    fn working_days_read_as_a_run_or_a_list() {
        let en = Messages::for_locale(crate::model::Locale::En);
        let zh = Messages::for_locale(crate::model::Locale::ZhCn);
        let days = |names: &[&str]| -> Vec<Weekday> {
            names
                .iter()
                .filter_map(|n| Weekday::ALL.into_iter().find(|d| d.as_str() == *n))
                .collect()
        };
        let week = days(&["fri", "mon", "tue", "wed", "thu"]);
        assert_eq!(work_days(&en, &week), "Monday to Friday");
        assert_eq!(work_days(&zh, &week), "周一至周五");
        assert_eq!(
            work_days(&en, &days(&["sun", "mon", "sat"])),
            "Monday, Saturday and Sunday"
        );
        assert_eq!(work_days(&en, &days(&["mon", "tue"])), "Monday and Tuesday");
    }

    /// The reader's date, time and zone first; the other zone's in brackets,
    /// with its date where that differs, and nothing where the zones agree.
    #[test]
    fn a_moment_reads_in_the_readers_zone_first() {
        let m = Messages::for_locale(crate::model::Locale::En);
        let zone = |name: &str| Zone::parse(name).unwrap();
        let at = crate::test_plans::instant("Asia/Shanghai", "2026-03-06", 7, 0);
        let shanghai = zone("Asia/Shanghai");
        assert_eq!(
            moment(&m, at, &zone("Europe/Berlin"), &shanghai).said(&m),
            "Friday 2026-03-06 00:00 Berlin (07:00 Shanghai)"
        );
        assert_eq!(
            moment(&m, at, &zone("America/New_York"), &shanghai).said(&m),
            "Thursday 2026-03-05 18:00 New York (Friday 2026-03-06 07:00 Shanghai)"
        );
        assert_eq!(
            moment(&m, at, &shanghai, &shanghai).said(&m),
            "Friday 2026-03-06 07:00 Shanghai"
        );
    }

    #[test]
    fn waits_add_up_on_their_own_clocks() {
        let m = Messages::for_locale(crate::model::Locale::En);
        let mut waited = Waited::default();
        assert_eq!(waited.describe(&m), m.get("at_once"));
        waited.add(Some(Duration::Business {
            days: 1,
            minutes: 0,
        }));
        waited.add(None);
        waited.add(Some(Duration::Calendar { minutes: 30 }));
        waited.add(Some(Duration::Business {
            days: 0,
            minutes: 240,
        }));
        waited.add(Some(Duration::Calendar { minutes: 90 }));
        assert_eq!(
            waited.describe(&m),
            "1 business day and 4 business hours plus 2 hours"
        );
        let mut calendar = Waited::default();
        calendar.add(Some(Duration::Calendar { minutes: 30 }));
        assert_eq!(calendar.describe(&m), "30 minutes");
    }
}
