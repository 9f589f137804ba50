//! The business clock: deadlines in business hours (`4bh`) and days (`2bd`),
//! counted only inside working hours on working days, in one zone.

use super::{Date, Duration, Instant, TimeOfDay, WorkWeek, Zone};

/// Working hours on working days, in a zone.
#[derive(Clone, Debug)]
pub struct BusinessClock {
    pub zone: Zone,
    pub work_week: WorkWeek,
    pub open: TimeOfDay,
    pub close: TimeOfDay,
}

/// How many days ahead the clock looks for working time before giving up: a
/// plan whose calendar has no working day in ten years has no business time.
pub const SEARCH_DAYS: i64 = 3660;

impl BusinessClock {
    /// Minutes in one working day: the length of `1bd`.
    pub fn day_minutes(&self) -> i64 {
        i64::from(self.close.minutes_from_midnight()) - i64::from(self.open.minutes_from_midnight())
    }

    /// When something that starts at `start` is due, `duration` later.
    ///
    /// Calendar durations count every minute. Business durations count only
    /// working time: a start outside working hours counts from the next opening;
    /// a deadline that lands exactly on closing time stays on that day.
    /// `None` if the calendar has no working time ahead.
    pub fn due(&self, start: Instant, duration: Duration) -> Option<Instant> {
        match duration {
            Duration::Calendar { minutes } => start.plus_minutes(i64::try_from(minutes).ok()?),
            Duration::Business { days, minutes } => {
                let total = i64::try_from(days)
                    .ok()?
                    .checked_mul(self.day_minutes())?
                    .checked_add(i64::try_from(minutes).ok()?)?;
                self.add_working_minutes(start, total)
            }
        }
    }

    /// When something must be done so that `duration` of working time (or
    /// calendar time) remains before `end`: the business clock run backwards.
    /// A deadline that lands exactly on opening time stays on that day.
    pub fn before(&self, end: Instant, duration: Duration) -> Option<Instant> {
        match duration {
            Duration::Calendar { minutes } => end.plus_minutes(-i64::try_from(minutes).ok()?),
            Duration::Business { days, minutes } => {
                let total = i64::try_from(days)
                    .ok()?
                    .checked_mul(self.day_minutes())?
                    .checked_add(i64::try_from(minutes).ok()?)?;
                self.subtract_working_minutes(end, total)
            }
        }
    }

    /// The working minutes from `start` to `end`: what `due` counts, read
    /// back (wall-clock minutes of working hours on working days, seconds
    /// dropped). `None` when `end` is before `start` or more than
    /// [`SEARCH_DAYS`] days after it.
    pub fn working_minutes_between(&self, start: Instant, end: Instant) -> Option<i64> {
        let (first, last) = (start.local(&self.zone), end.local(&self.zone));
        let days = last.date.days_since(first.date);
        if end < start || days > SEARCH_DAYS {
            return None;
        }
        let open = i64::from(self.open.minutes_from_midnight());
        let close = i64::from(self.close.minutes_from_midnight());
        let mut total = 0;
        let mut date = first.date;
        for day in 0..=days {
            if self.work_week.is_working_day(date) {
                let from = if day == 0 {
                    i64::from(first.time.minutes_from_midnight()).max(open)
                } else {
                    open
                };
                let until = if day == days {
                    i64::from(last.time.minutes_from_midnight()).min(close)
                } else {
                    close
                };
                total += (until - from).max(0);
            }
            date = date.add_days(1)?;
        }
        Some(total)
    }

    fn subtract_working_minutes(&self, end: Instant, mut remaining: i64) -> Option<Instant> {
        let local = end.local(&self.zone);
        let open = i64::from(self.open.minutes_from_midnight());
        let close = i64::from(self.close.minutes_from_midnight());
        let mut date = local.date;
        let mut minute = i64::from(local.time.minutes_from_midnight()).min(close);
        for _ in 0..SEARCH_DAYS {
            if self.work_week.is_working_day(date) && minute > open {
                let available = minute - open;
                if remaining <= available {
                    return self.at(date, minute - remaining);
                }
                remaining -= available;
            }
            date = date.add_days(-1)?;
            minute = close;
        }
        None
    }

    fn add_working_minutes(&self, start: Instant, mut remaining: i64) -> Option<Instant> {
        let local = start.local(&self.zone);
        let open = i64::from(self.open.minutes_from_midnight());
        let close = i64::from(self.close.minutes_from_midnight());
        let mut date = local.date;
        let mut minute = i64::from(local.time.minutes_from_midnight()).max(open);
        for _ in 0..SEARCH_DAYS {
            if self.work_week.is_working_day(date) && minute < close {
                let available = close - minute;
                if remaining <= available {
                    let at = minute + remaining;
                    return self.at(date, at);
                }
                remaining -= available;
            }
            date = date.add_days(1)?;
            minute = open;
        }
        None
    }

    fn at(&self, date: Date, minute_of_day: i64) -> Option<Instant> {
        let time = TimeOfDay {
            hour: u8::try_from(minute_of_day / 60).ok()?,
            minute: u8::try_from(minute_of_day % 60).ok()?,
        };
        Instant::at_local(date, time, &self.zone)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::Weekday;

    fn clock(zone: &str, open: (u8, u8), close: (u8, u8)) -> BusinessClock {
        BusinessClock {
            zone: Zone::parse(zone).unwrap(),
            work_week: WorkWeek {
                days: Weekday::ALL[..5].to_vec(),
                ..WorkWeek::default()
            },
            open: TimeOfDay {
                hour: open.0,
                minute: open.1,
            },
            close: TimeOfDay {
                hour: close.0,
                minute: close.1,
            },
        }
    }

    fn at(clock: &BusinessClock, date: &str, hour: u8, minute: u8) -> Instant {
        Instant::at_local(
            Date::parse(date).unwrap(),
            TimeOfDay { hour, minute },
            &clock.zone,
        )
        .unwrap()
    }

    fn due(clock: &BusinessClock, start: Instant, duration: &str) -> String {
        let due = clock
            .due(start, Duration::parse(duration).unwrap())
            .unwrap()
            .local(&clock.zone);
        format!("{} {} {}", due.date.weekday(), due.date, due.time)
    }

    #[test]
    fn friday_evening_plus_two_business_hours_is_monday_morning() {
        let clock = clock("Europe/Berlin", (9, 0), (17, 30));
        assert_eq!(
            due(&clock, at(&clock, "2026-03-06", 17, 0), "2bh"),
            "mon 2026-03-09 10:30"
        );
    }

    #[test]
    fn starts_outside_hours_count_from_the_next_opening() {
        let clock = clock("Europe/Berlin", (9, 0), (17, 30));
        assert_eq!(
            due(&clock, at(&clock, "2026-03-07", 12, 0), "1bh"),
            "mon 2026-03-09 10:00"
        );
        assert_eq!(
            due(&clock, at(&clock, "2026-03-09", 7, 0), "1bh"),
            "mon 2026-03-09 10:00"
        );
        assert_eq!(
            due(&clock, at(&clock, "2026-03-09", 20, 0), "1bh"),
            "tue 2026-03-10 10:00"
        );
        // Landing exactly on closing time stays on that day.
        assert_eq!(
            due(&clock, at(&clock, "2026-03-09", 9, 0), "1bd"),
            "mon 2026-03-09 17:30"
        );
        assert_eq!(
            due(&clock, at(&clock, "2026-03-06", 17, 0), "1bd"),
            "mon 2026-03-09 17:00"
        );
    }

    #[test]
    fn holidays_are_skipped_and_make_up_days_count() {
        let mut clock = clock("Asia/Shanghai", (9, 0), (18, 0));
        clock
            .work_week
            .holidays
            .extend(["2026-05-01", "2026-05-04", "2026-05-05"].map(|d| Date::parse(d).unwrap()));
        clock
            .work_week
            .extra_workdays
            .insert(Date::parse("2026-05-09").unwrap());
        // Thursday 17:00 + 2bh: 1 h on Thursday, then the holidays and the
        // weekend, then Wednesday 6 May.
        assert_eq!(
            due(&clock, at(&clock, "2026-04-30", 17, 0), "2bh"),
            "wed 2026-05-06 10:00"
        );
        // Friday 8 May 17:00 + 2bh: Saturday 9 May is a make-up day.
        assert_eq!(
            due(&clock, at(&clock, "2026-05-08", 17, 0), "2bh"),
            "sat 2026-05-09 10:00"
        );
    }

    #[test]
    fn working_minutes_read_back_what_due_counts() {
        let mut clock = clock("Europe/Berlin", (9, 0), (17, 30));
        clock
            .work_week
            .holidays
            .insert(Date::parse("2026-04-03").unwrap());
        clock
            .work_week
            .extra_workdays
            .insert(Date::parse("2026-04-11").unwrap());
        let between = |from: Instant, until: Instant| clock.working_minutes_between(from, until);
        // Friday 17:00 to Monday 10:30: 30 minutes on Friday, 90 on Monday.
        let friday = at(&clock, "2026-03-06", 17, 0);
        assert_eq!(between(friday, at(&clock, "2026-03-09", 10, 30)), Some(120));
        // Within one day, and outside working hours on both ends.
        let monday = at(&clock, "2026-03-09", 9, 15);
        assert_eq!(between(monday, at(&clock, "2026-03-09", 9, 45)), Some(30));
        let evening = at(&clock, "2026-03-09", 20, 0);
        assert_eq!(between(evening, at(&clock, "2026-03-10", 7, 0)), Some(0));
        // Good Friday is off, the make-up Saturday counts.
        let thursday = at(&clock, "2026-04-02", 17, 0);
        assert_eq!(between(thursday, at(&clock, "2026-04-06", 9, 0)), Some(30));
        let saturday = at(&clock, "2026-04-10", 17, 0);
        assert_eq!(between(saturday, at(&clock, "2026-04-11", 10, 0)), Some(90));
        // Backwards, or beyond the search, is no measure.
        assert_eq!(between(monday, friday), None);
        let far = at(&clock, "2037-01-01", 9, 0);
        assert_eq!(between(friday, far), None);
        for start in [friday, monday, evening, thursday] {
            for duration in ["1bh", "2bh", "1bd", "3bd2bh"] {
                let duration = Duration::parse(duration).unwrap();
                let Duration::Business { days, minutes } = duration else {
                    unreachable!()
                };
                let due = clock.due(start, duration).unwrap();
                let counted = i64::try_from(days).unwrap() * clock.day_minutes()
                    + i64::try_from(minutes).unwrap();
                assert_eq!(between(start, due), Some(counted));
            }
        }
    }

    #[test]
    fn before_runs_the_clock_backwards() {
        let clock = clock("Europe/Berlin", (9, 0), (17, 30));
        let monday_ten = at(&clock, "2026-03-09", 10, 0);
        let before = |duration: &str| {
            let due = clock
                .before(monday_ten, Duration::parse(duration).unwrap())
                .unwrap()
                .local(&clock.zone);
            format!("{} {} {}", due.date.weekday(), due.date, due.time)
        };
        // 1 h on Monday, then 1 h back from Friday's close.
        assert_eq!(before("2bh"), "fri 2026-03-06 16:30");
        assert_eq!(before("1bh"), "mon 2026-03-09 09:00");
        assert_eq!(before("1bd"), "fri 2026-03-06 10:00");
        assert_eq!(before("2h"), "mon 2026-03-09 08:00");
    }

    #[test]
    fn calendar_durations_count_every_minute() {
        let clock = clock("Europe/Berlin", (9, 0), (17, 0));
        assert_eq!(
            due(&clock, at(&clock, "2026-03-07", 23, 30), "1h"),
            "sun 2026-03-08 00:30"
        );
    }

    #[test]
    fn a_deadline_across_a_dst_change_keeps_wall_clock_hours() {
        // Berlin springs forward on Sunday 2026-03-29: Friday 16:00 + 4bh is
        // Monday 12:00 local, although 71 hours pass instead of 72.
        let clock = clock("Europe/Berlin", (9, 0), (17, 0));
        let start = at(&clock, "2026-03-27", 16, 0);
        assert_eq!(due(&clock, start, "4bh"), "mon 2026-03-30 12:00");
        let deadline = clock.due(start, Duration::parse("4bh").unwrap()).unwrap();
        assert_eq!(deadline.minutes_since(start), 67 * 60);
    }

    #[test]
    fn no_working_days_means_no_deadline() {
        let mut clock = clock("UTC", (9, 0), (17, 0));
        clock.work_week.days.clear();
        assert_eq!(
            clock.due(
                at(&clock, "2026-03-06", 9, 0),
                Duration::parse("1bh").unwrap()
            ),
            None
        );
    }
}
