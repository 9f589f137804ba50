//! The phrases sections share: dates, cadences, durations, kinds, and the
//! links that open a channel or a mail.

use crate::compile::Event;
use crate::i18n::Messages;
use crate::model::{BarrierKind, ChannelKind, Duration, Every, On, Ordinal, Weekday};
use crate::time::{BusinessClock, Date, Instant, WorkWeek, Zone};

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

/// "every week on Tuesday at 16:00 (Asia/Shanghai)".
pub(super) fn cadence(m: &Messages, work_week: &WorkWeek, event: &Event) -> String {
    let r = &event.recurrence;
    if event.single {
        let once = m.fill(
            "once",
            &[("date", &long_date(m, r.from)), ("time", &r.at.to_string())],
        );
        return format!("{once} ({})", r.zone.name());
    }
    let days = |days: &[Weekday]| m.list(&days.iter().map(|d| m.weekday(*d)).collect::<Vec<_>>());
    let nth = |o: Ordinal| m.get(&format!("nth_{}", o.as_str()));
    let cadence = match (r.every, &r.on) {
        (Every::Day, _) => m.get("every_day"),
        (Every::Weekday, _) => m.get("every_weekday"),
        (Every::Weeks(n), _) => {
            let list = days(&r.weekly_days(work_week));
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
    };
    format!(
        "{} ({})",
        m.fill(
            "at_time",
            &[("cadence", &cadence), ("time", &r.at.to_string())]
        ),
        r.zone.name()
    )
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
        moment(m, sent, reader, &clock.zone),
        moment(m, due, reader, &clock.zone),
    ))
}

/// "Friday 2026-03-06 10:30 Europe/Berlin (17:30 Asia/Shanghai)": the
/// reader's date, time and zone, then the other zone's where it differs
/// (its date too where that differs).
pub(super) fn moment(m: &Messages, at: Instant, reader: &Zone, other: &Zone) -> String {
    let local = at.local(reader);
    let date = long_date(m, local.date);
    let time = local.time.to_string();
    let here = m.fill(
        "moment",
        &[("date", &date), ("time", &time), ("zone", reader.name())],
    );
    if other == reader {
        return here;
    }
    let there = at.local(other);
    let time = there.time.to_string();
    let there = if there.date == local.date {
        m.fill("time_in_zone", &[("time", &time), ("zone", other.name())])
    } else {
        let date = long_date(m, there.date);
        m.fill(
            "moment",
            &[("date", &date), ("time", &time), ("zone", other.name())],
        )
    };
    m.fill("moment_also", &[("moment", &here), ("other", &there)])
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
            moment(&m, at, &zone("Europe/Berlin"), &shanghai),
            "Friday 2026-03-06 00:00 Europe/Berlin (07:00 Asia/Shanghai)"
        );
        assert_eq!(
            moment(&m, at, &zone("America/New_York"), &shanghai),
            "Thursday 2026-03-05 18:00 America/New_York (Friday 2026-03-06 07:00 Asia/Shanghai)"
        );
        assert_eq!(
            moment(&m, at, &shanghai, &shanghai),
            "Friday 2026-03-06 07:00 Asia/Shanghai"
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
