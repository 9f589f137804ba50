//! Schedules expanded into occurrences.
//!
//! Expansion follows RFC 5545 with DTSTART = `from`, so that the RRULE a
//! calendar writer emits recurs exactly as `plan` computes:
//! - `N weeks` counts weeks (Monday-based) from the week containing `from`;
//!   `N months` and `quarter` count months from the month containing `from`.
//! - A day of the month that a month lacks (31 in April) is skipped, as
//!   `BYMONTHDAY` does.
//! - Times in a spring-forward gap move forward by the gap; times in a
//!   fall-back fold take the first of the two (see [`Instant::at_local`]).
//! - Holidays and `skip` dates drop occurrences (by the date in the schedule's
//!   zone); for `every: weekday`, make-up days add occurrences.
//! - A move takes one planned occurrence to another date, time or length
//!   (a calendar's override VEVENT); it is found by the date it moved to.
//!
//! The work is linear in the number of occurrences: each period (day, week,
//! month) of the rule is visited once, stepping by the interval, and only the
//! days the rule names within it are generated.

use std::collections::BTreeSet;

use super::{Date, Every, Instant, On, Ordinal, TimeOfDay, Weekday, Zone};

/// A schedule with its defaults resolved.
#[derive(Clone, Debug)]
pub struct Recurrence {
    pub every: Every,
    pub on: Option<On>,
    pub at: TimeOfDay,
    pub duration_minutes: i64,
    pub zone: Zone,
    pub from: Date,
    /// Inclusive; `None` recurs without end.
    pub until: Option<Date>,
    pub skip: Vec<Date>,
    /// Single occurrences moved elsewhere, sorted by their planned date.
    pub moves: Vec<Move>,
}

/// One planned occurrence held at another date, time or length.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Move {
    /// The date the rule plans it on (a calendar's RECURRENCE-ID).
    pub planned: Date,
    pub date: Date,
    pub at: TimeOfDay,
    pub duration_minutes: i64,
}

/// The project's working days: which weekdays, and the exceptions.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WorkWeek {
    pub days: Vec<Weekday>,
    pub holidays: BTreeSet<Date>,
    pub extra_workdays: BTreeSet<Date>,
}

impl WorkWeek {
    pub fn is_working_day(&self, date: Date) -> bool {
        self.extra_workdays.contains(&date)
            || (self.days.contains(&date.weekday()) && !self.holidays.contains(&date))
    }
}

/// One occurrence: its date in the schedule's zone and its start and end.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Occurrence {
    pub date: Date,
    pub start: Instant,
    pub end: Instant,
    /// The date the rule planned it on, when it was moved.
    pub moved_from: Option<Date>,
}

/// A recurrence expanded over a range.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Expansion {
    pub occurrences: Vec<Occurrence>,
    /// Dates the rule falls on that are dropped (holidays and skips): EXDATEs.
    pub dropped: Vec<Date>,
    /// Make-up days added to an `every: weekday` rule: RDATEs.
    pub added: Vec<Date>,
}

impl Recurrence {
    /// The weekdays a weekly rule falls on (default: the weekday of `from`).
    pub fn weekly_days(&self, work_week: &WorkWeek) -> Vec<Weekday> {
        match (&self.every, &self.on) {
            (Every::Weekday, _) => sorted(work_week.days.clone()),
            (_, Some(On::Weekdays(days))) => sorted(days.clone()),
            _ => vec![self.from.weekday()],
        }
    }

    /// Expands every occurrence from `from` through `through` (inclusive; capped
    /// at `until`).
    pub fn expand(&self, work_week: &WorkWeek, through: Date) -> Expansion {
        self.expand_between(work_week, self.from, through)
    }

    /// Expands the occurrences dated `first` through `through` (inclusive;
    /// within `from` and `until`): the same as [`Recurrence::expand`]
    /// restricted to those dates, at a cost in proportion to the dates asked
    /// for, however long before them the schedule began.
    pub fn expand_between(&self, work_week: &WorkWeek, first: Date, through: Date) -> Expansion {
        let mut expansion = self.planned_between(work_week, first, through);
        if self.moves.is_empty() {
            return expansion;
        }
        let moved = |date: &Date| self.moves.binary_search_by_key(date, |m| m.planned).is_ok();
        expansion.occurrences.retain(|o| !moved(&o.date));
        let arrived = self.moves.iter().filter(|m| {
            m.date >= first.max(self.from)
                && m.date <= through
                && self.until.is_none_or(|until| m.date <= until)
                && self.is_planned(work_week, m.planned)
        });
        let arrived: Vec<Occurrence> = arrived.filter_map(|m| self.moved(m)).collect();
        if !arrived.is_empty() {
            expansion.occurrences.extend(arrived);
            expansion.occurrences.sort_unstable();
        }
        expansion
    }

    /// Whether the rule, its holidays and skips hold an occurrence on `date`
    /// (before moves): the dates a change may name.
    pub fn is_planned(&self, work_week: &WorkWeek, date: Date) -> bool {
        !self
            .planned_between(work_week, date, date)
            .occurrences
            .is_empty()
    }

    /// The occurrences as planned, before moves.
    fn planned_between(&self, work_week: &WorkWeek, first: Date, through: Date) -> Expansion {
        let first = first.max(self.from);
        let last = self.until.map_or(through, |until| until.min(through));
        let mut expansion = Expansion::default();
        if last < first {
            return expansion;
        }
        let skip: BTreeSet<Date> = self.skip.iter().copied().collect();
        let mut dates = self.rule_dates(work_week, first, last);
        if self.every == Every::Weekday {
            // A skipped make-up day is not added at all (no RDATE, no EXDATE).
            let extra = work_week
                .extra_workdays
                .range(first..=last)
                .filter(|d| !work_week.days.contains(&d.weekday()) && !skip.contains(d));
            expansion.added = extra.copied().collect();
        }
        dates.retain(|date| {
            let dropped = skip.contains(date) || work_week.holidays.contains(date);
            if dropped {
                expansion.dropped.push(*date);
            }
            !dropped
        });
        dates.extend(expansion.added.iter().copied());
        dates.sort_unstable();
        dates.dedup();
        expansion.occurrences = dates
            .into_iter()
            .filter_map(|date| self.occurrence(date))
            .collect();
        expansion
    }

    fn occurrence(&self, date: Date) -> Option<Occurrence> {
        let start = Instant::at_local(date, self.at, &self.zone)?;
        Some(Occurrence {
            date,
            start,
            end: start.plus_minutes(self.duration_minutes)?,
            moved_from: None,
        })
    }

    fn moved(&self, change: &Move) -> Option<Occurrence> {
        let start = Instant::at_local(change.date, change.at, &self.zone)?;
        Some(Occurrence {
            date: change.date,
            start,
            end: start.plus_minutes(change.duration_minutes)?,
            moved_from: Some(change.planned),
        })
    }

    /// The first date the rule itself generates (before holidays and skips
    /// drop any), through `through`: what a calendar's DTSTART must be.
    pub fn first_rule_date(&self, work_week: &WorkWeek, through: Date) -> Option<Date> {
        let last = self.until.map_or(through, |until| until.min(through));
        // Growing windows: the first date is usually within days of `from`,
        // but `every: 12 months` on day 31 may take years to find.
        let mut start = self.from;
        let mut days = 31;
        while start <= last {
            let end = start.add_days(days)?.min(last);
            if let Some(date) = self.rule_dates(work_week, start, end).first() {
                return Some(*date);
            }
            start = end.add_days(1)?;
            days = (days * 2).min(3660);
        }
        None
    }

    /// Whether the rule itself falls on `date` (before holidays and skips).
    pub fn falls_on(&self, work_week: &WorkWeek, date: Date) -> bool {
        let within = date >= self.from && self.until.is_none_or(|until| date <= until);
        within && !self.rule_dates(work_week, date, date).is_empty()
    }

    /// The dates the rule itself generates in `[first, last]` (with `first`
    /// not before `from`), in order.
    fn rule_dates(&self, work_week: &WorkWeek, first: Date, last: Date) -> Vec<Date> {
        let first = first.max(self.from);
        match self.every {
            Every::Day => days_between(first, last, 1),
            Every::Weekday => self.weekly(1, &self.weekly_days(work_week), first, last),
            Every::Weeks(n) => self.weekly(n, &self.weekly_days(work_week), first, last),
            Every::Months(n) => self.monthly(n, first, last),
            Every::Quarter => self.monthly(3, first, last),
        }
    }

    fn weekly(&self, interval: u32, days: &[Weekday], first: Date, last: Date) -> Vec<Date> {
        let mut dates = Vec::new();
        let step = 7 * i64::from(interval.max(1));
        // Jump to the rule's period that contains `first`: weeks are counted
        // from the week of `from`, so skipped periods need not be visited.
        let periods = first.monday().days_since(self.from.monday()).max(0) / step;
        let mut monday = self.from.monday().add_days(periods * step);
        while let Some(week) = monday.filter(|m| *m <= last) {
            for day in days {
                let offset = Weekday::ALL.iter().position(|d| d == day).unwrap_or(0);
                if let Some(date) = week.add_days(offset as i64)
                    && date >= first
                    && date <= last
                {
                    dates.push(date);
                }
            }
            monday = week.add_days(step);
        }
        dates
    }

    fn monthly(&self, interval: u32, first: Date, last: Date) -> Vec<Date> {
        let mut dates = Vec::new();
        let step = i64::from(interval.max(1));
        // As for weeks: start at the period that contains `first`.
        let mut index = first.months_since(self.from).max(0) / step * step;
        while let Some(month) = self.from.first_of_month_after(index).filter(|f| *f <= last) {
            let date = match &self.on {
                Some(On::NthWeekday(ordinal, weekday)) => {
                    month.nth_weekday_of_month(nth(*ordinal), *weekday)
                }
                Some(On::DayOfMonth(day)) => day_of_month(month, i32::from(*day)),
                _ => day_of_month(month, i32::from(self.from.day())),
            };
            if let Some(date) = date.filter(|d| *d >= first && *d <= last) {
                dates.push(date);
            }
            index += step;
        }
        dates
    }
}

fn nth(ordinal: Ordinal) -> i8 {
    match ordinal {
        Ordinal::First => 1,
        Ordinal::Second => 2,
        Ordinal::Third => 3,
        Ordinal::Fourth => 4,
        Ordinal::Last => -1,
    }
}

/// That day of `first`'s month, or `None` when the month is shorter.
fn day_of_month(first: Date, day: i32) -> Option<Date> {
    Date::from_ymd(i32::from(first.year()), i32::from(first.month()), day)
}

fn days_between(from: Date, last: Date, step: i64) -> Vec<Date> {
    let mut dates = Vec::new();
    let mut date = Some(from);
    while let Some(day) = date.filter(|d| *d <= last) {
        dates.push(day);
        date = day.add_days(step);
    }
    dates
}

fn sorted(mut days: Vec<Weekday>) -> Vec<Weekday> {
    days.sort_unstable();
    days.dedup();
    days
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    fn rule(every: Every, on: Option<On>, zone: &str, from: &str, until: &str) -> Recurrence {
        Recurrence {
            every,
            on,
            at: TimeOfDay { hour: 9, minute: 0 },
            duration_minutes: 60,
            zone: Zone::parse(zone).unwrap(),
            from: date(from),
            until: Some(date(until)),
            skip: Vec::new(),
            moves: Vec::new(),
        }
    }

    fn week() -> WorkWeek {
        WorkWeek {
            days: Weekday::ALL[..5].to_vec(),
            ..WorkWeek::default()
        }
    }

    fn dates(expansion: &Expansion) -> Vec<String> {
        expansion
            .occurrences
            .iter()
            .map(|o| o.date.to_string())
            .collect()
    }

    #[test]
    fn a_quarter_counts_from_the_month_of_from() {
        // The contract's example: from 2026-02-23, `on: first tue`.
        let on = Some(On::NthWeekday(Ordinal::First, Weekday::Tue));
        let quarter = rule(
            Every::Quarter,
            on,
            "Europe/Berlin",
            "2026-02-23",
            "2027-02-28",
        );
        assert_eq!(
            dates(&quarter.expand(&week(), date("2030-01-01"))),
            ["2026-05-05", "2026-08-04", "2026-11-03", "2027-02-02"]
        );
    }

    #[test]
    fn every_two_weeks_counts_from_the_week_of_from() {
        let on = Some(On::Weekdays(vec![Weekday::Mon, Weekday::Thu]));
        let fortnightly = rule(Every::Weeks(2), on, "UTC", "2026-03-04", "2026-03-31");
        // Week of 2026-03-02 (Mon) is week 0: its Monday is before `from`.
        assert_eq!(
            dates(&fortnightly.expand(&week(), date("2027-01-01"))),
            ["2026-03-05", "2026-03-16", "2026-03-19", "2026-03-30"]
        );
    }

    #[test]
    fn day_31_is_skipped_in_shorter_months() {
        let monthly = rule(
            Every::Months(1),
            Some(On::DayOfMonth(31)),
            "UTC",
            "2026-01-01",
            "2026-06-30",
        );
        assert_eq!(
            dates(&monthly.expand(&week(), date("2027-01-01"))),
            ["2026-01-31", "2026-03-31", "2026-05-31"]
        );
    }

    #[test]
    fn holidays_and_skips_drop_and_make_up_days_add() {
        let mut work_week = week();
        work_week.holidays.insert(date("2026-05-01"));
        work_week.extra_workdays.insert(date("2026-05-09"));
        let mut daily = rule(
            Every::Weekday,
            None,
            "Asia/Shanghai",
            "2026-04-29",
            "2026-05-11",
        );
        daily.skip.push(date("2026-05-04"));
        let expansion = daily.expand(&work_week, date("2027-01-01"));
        assert_eq!(
            dates(&expansion),
            [
                "2026-04-29",
                "2026-04-30",
                "2026-05-05",
                "2026-05-06",
                "2026-05-07",
                "2026-05-08",
                "2026-05-09",
                "2026-05-11"
            ]
        );
        assert_eq!(expansion.dropped, [date("2026-05-01"), date("2026-05-04")]);
        assert_eq!(expansion.added, [date("2026-05-09")]);
        daily.skip.push(date("2026-05-09"));
        let skipped = daily.expand(&work_week, date("2027-01-01"));
        assert!(
            skipped.added.is_empty(),
            "a skipped make-up day is not added"
        );
        assert!(!dates(&skipped).contains(&"2026-05-09".to_string()));
    }

    #[test]
    fn a_weekly_new_york_meeting_stays_at_nine_across_both_dst_changes() {
        let on = Some(On::Weekdays(vec![Weekday::Tue]));
        let weekly = rule(
            Every::Weeks(1),
            on,
            "America/New_York",
            "2026-03-03",
            "2026-11-10",
        );
        let expansion = weekly.expand(&week(), date("2027-01-01"));
        let new_york = Zone::parse("America/New_York").unwrap();
        let london = Zone::parse("Europe/London").unwrap();
        let sydney = Zone::parse("Australia/Sydney").unwrap();
        for occurrence in &expansion.occurrences {
            assert_eq!(occurrence.start.local(&new_york).time.to_string(), "09:00");
        }
        let at = |day: &str, zone: &Zone| {
            let occurrence = expansion
                .occurrences
                .iter()
                .find(|o| o.date == date(day))
                .unwrap();
            let local = occurrence.start.local(zone);
            format!("{} {}", local.date, local.time)
        };
        // US DST starts 2026-03-08, UK 2026-03-29; Sydney ends DST 2026-04-05.
        assert_eq!(at("2026-03-03", &london), "2026-03-03 14:00");
        assert_eq!(at("2026-03-10", &london), "2026-03-10 13:00");
        assert_eq!(at("2026-03-31", &london), "2026-03-31 14:00");
        assert_eq!(at("2026-03-31", &sydney), "2026-04-01 00:00");
        assert_eq!(at("2026-04-07", &sydney), "2026-04-07 23:00");
        // Sydney starts DST 2026-10-04; UK ends 2026-10-25, US 2026-11-01.
        assert_eq!(at("2026-09-29", &sydney), "2026-09-29 23:00");
        assert_eq!(at("2026-10-06", &sydney), "2026-10-07 00:00");
        assert_eq!(at("2026-10-27", &london), "2026-10-27 13:00");
        assert_eq!(at("2026-11-03", &london), "2026-11-03 14:00");
        assert_eq!(at("2026-11-03", &sydney), "2026-11-04 01:00");
    }

    #[test]
    fn gap_times_move_forward_and_fold_times_take_the_first() {
        let berlin = Zone::parse("Europe/Berlin").unwrap();
        let gap = Instant::at_local(
            date("2026-03-29"),
            TimeOfDay {
                hour: 2,
                minute: 30,
            },
            &berlin,
        )
        .unwrap();
        assert_eq!(gap.local(&berlin).time.to_string(), "03:30");
        let fold = Instant::at_local(
            date("2026-10-25"),
            TimeOfDay {
                hour: 2,
                minute: 30,
            },
            &berlin,
        )
        .unwrap();
        assert_eq!(
            fold.local(&berlin).offset_seconds,
            7200,
            "the first 02:30 is still summer time"
        );
    }

    #[test]
    fn expansion_stops_at_through_and_until() {
        let daily = rule(Every::Day, None, "UTC", "2026-01-01", "2026-01-10");
        assert_eq!(
            daily.expand(&week(), date("2026-01-03")).occurrences.len(),
            3
        );
        assert_eq!(
            daily.expand(&week(), date("2026-12-31")).occurrences.len(),
            10
        );
        assert!(
            daily
                .expand(&week(), date("2025-12-31"))
                .occurrences
                .is_empty()
        );
    }

    /// A random schedule over 2026-2027 with random holidays, skips and make-up days.
    fn arbitrary() -> impl proptest::strategy::Strategy<Value = (Recurrence, WorkWeek)> {
        use proptest::prelude::*;
        let every = prop_oneof![
            Just(Every::Day),
            Just(Every::Weekday),
            (1u32..5).prop_map(Every::Weeks),
            (1u32..14).prop_map(Every::Months),
            Just(Every::Quarter),
        ];
        (
            every,
            proptest::collection::btree_set(0usize..7, 1..4),
            0u8..7,
            0u8..32,
            0i64..400,
            proptest::option::of(0i64..500),
            proptest::collection::vec(0i64..700, 0..8),
            proptest::collection::vec(0i64..700, 0..8),
            proptest::collection::vec(0i64..700, 0..4),
        )
            .prop_map(
                |(every, days, ordinal, day, from, length, holidays, skips, extra)| {
                    let base = date("2026-01-01");
                    let day_of = |offset: i64| base.add_days(offset).unwrap();
                    let on = match (every, ordinal) {
                        (Every::Weeks(_), _) => Some(On::Weekdays(
                            days.iter().map(|d| Weekday::ALL[*d]).collect(),
                        )),
                        (Every::Months(_) | Every::Quarter, 0) => None,
                        (Every::Months(_) | Every::Quarter, 1) => Some(On::DayOfMonth(day.max(1))),
                        (Every::Months(_) | Every::Quarter, n) => {
                            let ordinals = [
                                Ordinal::First,
                                Ordinal::Second,
                                Ordinal::Third,
                                Ordinal::Fourth,
                                Ordinal::Last,
                            ];
                            Some(On::NthWeekday(
                                ordinals[usize::from(n - 2) % 5],
                                Weekday::ALL[usize::from(day % 7)],
                            ))
                        }
                        _ => None,
                    };
                    let from = day_of(from);
                    let recurrence = Recurrence {
                        every,
                        on,
                        at: TimeOfDay { hour: 9, minute: 0 },
                        duration_minutes: 60,
                        zone: Zone::parse("Europe/Berlin").unwrap(),
                        from,
                        until: length.map(|l| from.add_days(l).unwrap()),
                        skip: skips.into_iter().map(day_of).collect(),
                        moves: Vec::new(),
                    };
                    let work_week = WorkWeek {
                        days: Weekday::ALL[..5].to_vec(),
                        holidays: holidays.into_iter().map(day_of).collect(),
                        extra_workdays: extra
                            .into_iter()
                            .map(day_of)
                            .filter(|d| !Weekday::ALL[..5].contains(&d.weekday()))
                            .collect(),
                    };
                    (recurrence, work_week)
                },
            )
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

        /// A window of the expansion is the expansion restricted to the
        /// window, and the shortcuts calendars use agree with it.
        #[test]
        fn windows_and_shortcuts_agree_with_the_full_expansion(
            (recurrence, work_week) in arbitrary(),
            first in 0i64..800,
            length in 0i64..200,
        ) {
            let base = date("2026-01-01");
            let through = base.add_days(800).unwrap();
            let full = recurrence.expand(&work_week, through);
            let first = base.add_days(first).unwrap();
            let last = first.add_days(length).unwrap().min(through);
            let window = recurrence.expand_between(&work_week, first, last);
            let inside = |d: &Date| *d >= first && *d <= last;
            let occurrences: Vec<Occurrence> =
                full.occurrences.iter().filter(|o| inside(&o.date)).copied().collect();
            proptest::prop_assert_eq!(&window.occurrences, &occurrences);
            let dropped: Vec<Date> = full.dropped.iter().filter(|d| inside(d)).copied().collect();
            proptest::prop_assert_eq!(&window.dropped, &dropped);
            let added: Vec<Date> = full.added.iter().filter(|d| inside(d)).copied().collect();
            proptest::prop_assert_eq!(&window.added, &added);

            let mut generated: Vec<Date> = full
                .occurrences
                .iter()
                .map(|o| o.date)
                .filter(|d| !full.added.contains(d))
                .chain(full.dropped.iter().copied())
                .collect();
            generated.sort_unstable();
            proptest::prop_assert_eq!(
                recurrence.first_rule_date(&work_week, through),
                generated.first().copied()
            );
            for offset in 0..=800 {
                let day = base.add_days(offset).unwrap();
                proptest::prop_assert_eq!(
                    recurrence.falls_on(&work_week, day),
                    generated.binary_search(&day).is_ok(),
                    "{}", day
                );
            }
        }
    }
}
