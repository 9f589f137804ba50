//! The offsets a zone observes over a range of time, from the tz database's
//! real transitions: what an iCalendar VTIMEZONE is written from.

use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::{Instant, Zone};

/// One STANDARD or DAYLIGHT period: from its first moment (in local time of
/// the offset before it) on, the zone is `offset_to` seconds from UTC.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Observance {
    pub daylight: bool,
    /// `19700101T000000`: local wall time, in the offset before the change.
    pub start_local: String,
    pub offset_from: i32,
    pub offset_to: i32,
    pub name: String,
}

/// The period in force at `from` and every change up to `until`, in order.
pub fn observances(zone: &Zone, from: Instant, until: Instant) -> Vec<Observance> {
    let tz = zone.time_zone();
    let mut result = Vec::new();
    let first = tz
        .preceding(
            from.0
                .checked_add(jiff::SignedDuration::from_secs(1))
                .unwrap_or(from.0),
        )
        .next();
    match first {
        Some(transition) => result.push(observance(
            tz,
            transition.timestamp(),
            transition.offset().seconds(),
            transition.dst().is_dst(),
            transition.abbreviation(),
        )),
        None => {
            let info = tz.to_offset_info(from.0);
            let offset = info.offset().seconds();
            result.push(Observance {
                daylight: info.dst().is_dst(),
                start_local: "19700101T000000".to_string(),
                offset_from: offset,
                offset_to: offset,
                name: info.abbreviation().to_string(),
            });
        }
    }
    for transition in tz.following(from.0) {
        if transition.timestamp() > until.0 {
            break;
        }
        result.push(observance(
            tz,
            transition.timestamp(),
            transition.offset().seconds(),
            transition.dst().is_dst(),
            transition.abbreviation(),
        ));
    }
    result
}

fn observance(
    tz: &TimeZone,
    at: Timestamp,
    offset_to: i32,
    daylight: bool,
    name: &str,
) -> Observance {
    let before = at
        .checked_sub(jiff::SignedDuration::from_secs(1))
        .unwrap_or(at);
    let offset_from = tz.to_offset_info(before).offset().seconds();
    Observance {
        daylight,
        start_local: naive_local(at, offset_from),
        offset_from,
        offset_to,
        name: name.to_string(),
    }
}

/// How a VTIMEZONE gives a zone over a calendar's range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TimezoneForm {
    /// No change of offset in the range: one block.
    Fixed(Observance),
    /// Every change in the range follows one yearly rule per kind: one
    /// STANDARD and one DAYLIGHT block, each with a `FREQ=YEARLY` RRULE, the
    /// form Outlook reads (it folds any VTIMEZONE into such a pair).
    Yearly {
        standard: YearlyRule,
        daylight: YearlyRule,
    },
    /// The zone's rules change within the range (a country drops summer
    /// time): each change as its own block, which is exact.
    Exact(Vec<Observance>),
}

/// A change of offset that recurs every year: in `month`, on the
/// `ordinal`-th `weekday` of the month (-1: the last), at the wall time of
/// `first`, which is its first change in the range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YearlyRule {
    pub first: Observance,
    pub month: i8,
    pub ordinal: i8,
    pub weekday: super::Weekday,
}

impl YearlyRule {
    /// The RRULE value: `FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU`.
    pub fn rrule(&self) -> String {
        let day = &self.weekday.as_str()[..2];
        format!(
            "FREQ=YEARLY;BYMONTH={};BYDAY={}{}",
            self.month,
            self.ordinal,
            day.to_ascii_uppercase()
        )
    }
}

/// The form of a zone's VTIMEZONE for a calendar from `from` to `until`.
pub fn timezone_form(zone: &Zone, from: Instant, until: Instant) -> TimezoneForm {
    let all = observances(zone, from, until);
    match all.as_slice() {
        [only] => TimezoneForm::Fixed(only.clone()),
        _ => match (yearly_rule(&all, true), yearly_rule(&all, false)) {
            (Some(daylight), Some(standard)) => TimezoneForm::Yearly { standard, daylight },
            _ => TimezoneForm::Exact(all),
        },
    }
}

/// The one yearly rule that every change of a kind (daylight or standard)
/// follows, one change a year without a gap; `None` if there is none.
fn yearly_rule(all: &[Observance], daylight: bool) -> Option<YearlyRule> {
    let changes: Vec<(&Observance, ChangeDay)> = all
        .iter()
        .filter(|o| o.daylight == daylight)
        .map(|o| change_day(o).map(|day| (o, day)))
        .collect::<Option<_>>()?;
    let (first, day) = changes.first()?;
    let same_every_year = changes.iter().enumerate().all(|(years, (o, other))| {
        other.year == day.year + years as i32
            && other.month == day.month
            && other.weekday == day.weekday
            && o.start_local.get(8..) == first.start_local.get(8..)
            && (o.offset_from, o.offset_to, &o.name)
                == (first.offset_from, first.offset_to, &first.name)
    });
    if !same_every_year {
        return None;
    }
    // The last weekday of the month when every change is; else the same
    // n-th weekday every year.
    let ordinal = if changes.iter().all(|(_, d)| d.last) {
        -1
    } else if changes
        .iter()
        .all(|(_, d)| d.ordinal == day.ordinal && d.ordinal <= 4)
    {
        day.ordinal
    } else {
        return None;
    };
    Some(YearlyRule {
        first: (*first).clone(),
        month: day.month,
        ordinal,
        weekday: day.weekday,
    })
}

/// Where a change falls in its month.
struct ChangeDay {
    year: i32,
    month: i8,
    weekday: super::Weekday,
    /// 1 for the first such weekday of the month, 2 for the second...
    ordinal: i8,
    /// No such weekday follows in the month.
    last: bool,
}

/// The local date of a change (`start_local` is `YYYYMMDDTHHMMSS`); `None`
/// for the zone's first period, which has no change (`19700101...`).
fn change_day(observance: &Observance) -> Option<ChangeDay> {
    let text = &observance.start_local;
    if observance.offset_from == observance.offset_to {
        return None;
    }
    let number = |range: std::ops::Range<usize>| text.get(range)?.parse::<i32>().ok();
    let date = super::Date::from_ymd(number(0..4)?, number(4..6)?, number(6..8)?)?;
    let day = date.day();
    Some(ChangeDay {
        year: i32::from(date.year()),
        month: date.month(),
        weekday: date.weekday(),
        ordinal: (day - 1) / 7 + 1,
        last: day + 7 > date.days_in_month(),
    })
}

/// The wall time at `at` for a fixed offset, in iCalendar's basic form.
fn naive_local(at: Timestamp, offset: i32) -> String {
    let shifted = at
        .checked_add(jiff::SignedDuration::from_secs(i64::from(offset)))
        .unwrap_or(at);
    let utc = shifted.to_zoned_datetime(TimeZone::UTC);
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}",
        utc.year(),
        utc.month(),
        utc.day(),
        utc.hour(),
        utc.minute(),
        utc.second()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::{Date, TimeOfDay};

    fn instant(date: &str) -> Instant {
        Instant::at_local(
            Date::parse(date).unwrap(),
            TimeOfDay { hour: 0, minute: 0 },
            &Zone::parse("UTC").unwrap(),
        )
        .unwrap()
    }

    #[test]
    fn berlin_2026_has_its_two_changes() {
        let berlin = Zone::parse("Europe/Berlin").unwrap();
        let all = observances(&berlin, instant("2026-03-01"), instant("2026-12-31"));
        let summary: Vec<(bool, &str, i32, i32)> = all
            .iter()
            .map(|o| {
                (
                    o.daylight,
                    o.start_local.as_str(),
                    o.offset_from,
                    o.offset_to,
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                (false, "20251026T030000", 7200, 3600),
                (true, "20260329T020000", 3600, 7200),
                (false, "20261025T030000", 7200, 3600),
            ]
        );
    }

    /// (kind, month, ordinal, weekday, first change) of each yearly rule.
    fn rules(zone: &str, from: &str, until: &str) -> Option<[(bool, String, String); 2]> {
        let zone = Zone::parse(zone).unwrap();
        match timezone_form(&zone, instant(from), instant(until)) {
            TimezoneForm::Yearly { standard, daylight } => Some(
                [daylight, standard]
                    .map(|r| (r.first.daylight, r.rrule(), r.first.start_local.clone())),
            ),
            _ => None,
        }
    }

    #[test]
    fn zones_with_summer_time_get_one_yearly_rule_per_kind() {
        let rule =
            |daylight, rrule: &str, first: &str| (daylight, rrule.to_string(), first.to_string());
        assert_eq!(
            rules("Europe/Berlin", "2026-01-01", "2028-12-31"),
            Some([
                rule(true, "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "20260329T020000"),
                rule(
                    false,
                    "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
                    "20251026T030000"
                ),
            ])
        );
        assert_eq!(
            rules("America/New_York", "2026-01-01", "2028-12-31"),
            Some([
                rule(true, "FREQ=YEARLY;BYMONTH=3;BYDAY=2SU", "20260308T020000"),
                rule(false, "FREQ=YEARLY;BYMONTH=11;BYDAY=1SU", "20251102T020000"),
            ])
        );
        // The southern hemisphere: summer time starts in October.
        assert_eq!(
            rules("Australia/Sydney", "2026-01-01", "2028-12-31"),
            Some([
                rule(true, "FREQ=YEARLY;BYMONTH=10;BYDAY=1SU", "20251005T020000"),
                rule(false, "FREQ=YEARLY;BYMONTH=4;BYDAY=1SU", "20260405T030000"),
            ])
        );
    }

    #[test]
    fn a_change_knows_its_weekday_in_the_month() {
        let change = |start_local: &str| {
            let observance = Observance {
                daylight: true,
                start_local: start_local.to_string(),
                offset_from: 0,
                offset_to: 3600,
                name: "X".to_string(),
            };
            let day = change_day(&observance).unwrap();
            (day.month, day.weekday.as_str(), day.ordinal, day.last)
        };
        // March has 31 days: the 24th is its fourth Tuesday, not its last.
        assert_eq!(change("20260324T020000"), (3, "tue", 4, false));
        assert_eq!(change("20260325T020000"), (3, "wed", 4, true));
        assert_eq!(change("20260301T020000"), (3, "sun", 1, false));
        assert_eq!(change("20260331T020000"), (3, "tue", 5, true));
    }

    #[test]
    fn zones_without_summer_time_get_one_block() {
        let kolkata = Zone::parse("Asia/Kolkata").unwrap();
        let form = timezone_form(&kolkata, instant("2026-01-01"), instant("2028-12-31"));
        assert!(matches!(form, TimezoneForm::Fixed(o) if o.offset_to == 19800 && !o.daylight));
    }

    /// Brazil dropped summer time in 2019: its changes before and after
    /// follow no one rule, so each is written as it is.
    #[test]
    fn a_zone_whose_rules_change_in_the_range_is_written_exactly() {
        assert_eq!(rules("America/Sao_Paulo", "2017-01-01", "2020-12-31"), None);
        let zone = Zone::parse("America/Sao_Paulo").unwrap();
        let form = timezone_form(&zone, instant("2017-01-01"), instant("2020-12-31"));
        assert!(matches!(form, TimezoneForm::Exact(all) if all.len() > 3));
    }

    #[test]
    fn shanghai_has_one_standard_period() {
        let shanghai = Zone::parse("Asia/Shanghai").unwrap();
        let all = observances(&shanghai, instant("2026-03-01"), instant("2026-12-31"));
        assert_eq!(all.len(), 1);
        assert!(!all[0].daylight);
        assert_eq!(all[0].offset_to, 8 * 3600);
    }
}
