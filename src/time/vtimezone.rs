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

    #[test]
    fn shanghai_has_one_standard_period() {
        let shanghai = Zone::parse("Asia/Shanghai").unwrap();
        let all = observances(&shanghai, instant("2026-03-01"), instant("2026-12-31"));
        assert_eq!(all.len(), 1);
        assert!(!all[0].daylight);
        assert_eq!(all[0].offset_to, 8 * 3600);
    }
}
