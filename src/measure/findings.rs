//! Plain findings of a review: what a reader should see first in one
//! channel's figures (computed from its judged cases), an audience's
//! contact and a meeting series, said in the report's language. Pure.

use super::{AudienceMeasures, ChannelMeasures, Outcome, SeriesMeasures};
use crate::i18n::Messages;
use crate::model::Weekday;
use crate::time::Zone;

/// Misses cluster in one half-day when it holds at least this share of them
/// (in percent) ...
const CLUSTER_PERCENT: usize = 40;
/// ... and at least this many: two misses are no pattern.
const CLUSTER_MIN: usize = 3;

/// One finding about a channel.
#[derive(Clone, Debug, PartialEq)]
pub enum Finding {
    /// "chat: 62 % of requests answered within 2bh".
    Attainment {
        channel: String,
        percent: f64,
        response: String,
        /// The urgent response time, when urgent requests were judged by it.
        urgent_response: Option<String>,
    },
    /// Misses (late and open past due) cluster on one weekday's morning or
    /// afternoon, in the channel's zone.
    Cluster {
        channel: String,
        weekday: Weekday,
        afternoon: bool,
        misses: usize,
        of: usize,
    },
    /// The median or the 90th percentile reply time is above the promise.
    AboveSla {
        channel: String,
        p90: bool,
        minutes: i64,
        response: String,
    },
    /// Fewer touchpoints a week with an external audience than the plan's
    /// meetings and reports for it make.
    FewTouchpoints {
        audience: String,
        per_week: f64,
        planned: f64,
    },
    /// A long time without any touchpoint with an external audience.
    Silence { audience: String, days: i64 },
    /// Occurrences of a meeting series missed or moved.
    NotHeld {
        series: String,
        missed: usize,
        moved: usize,
        planned: usize,
    },
}

/// A silence worth saying: at least two weeks without a touchpoint.
const SILENCE_DAYS: i64 = 14;

/// The findings of one external audience's contact: fewer touchpoints a
/// week than planned; a silence of at least [`SILENCE_DAYS`].
pub fn audience_findings(audience: &AudienceMeasures) -> Vec<Finding> {
    let mut found = Vec::new();
    // Compared as shown, to one decimal: never "0.8, fewer than the 0.8 planned".
    let per_week = touchpoints_per_week(audience);
    let planned = (audience.planned_per_week * 10.0).round() / 10.0;
    if per_week < planned {
        found.push(Finding::FewTouchpoints {
            audience: audience.name.clone(),
            per_week,
            planned,
        });
    }
    if let Some(silence) = &audience.longest_silence {
        let days = silence.to.minutes_since(silence.from) / (24 * 60);
        if days >= SILENCE_DAYS {
            found.push(Finding::Silence {
                audience: audience.name.clone(),
                days,
            });
        }
    }
    found
}

/// Touchpoints a week over the audience's weeks, to one decimal as shown.
pub fn touchpoints_per_week(audience: &AudienceMeasures) -> f64 {
    if audience.weeks.is_empty() {
        return 0.0;
    }
    (audience.touchpoints as f64 * 10.0 / audience.weeks.len() as f64).round() / 10.0
}

/// A series with occurrences missed or moved.
pub fn series_findings(series: &SeriesMeasures) -> Option<Finding> {
    (series.missed + series.moved > 0).then(|| Finding::NotHeld {
        series: series.name.clone(),
        missed: series.missed,
        moved: series.moved,
        planned: series.planned,
    })
}

/// The findings of one channel, whose clock runs in `zone`; `sla_minutes`
/// is its (non-urgent) response time in minutes on its reply clock.
pub fn findings(channel: &ChannelMeasures, zone: &Zone, sla_minutes: Option<i64>) -> Vec<Finding> {
    let mut found = Vec::new();
    let (Some(percent), Some(response)) = (channel.attainment_percent, &channel.response) else {
        return found;
    };
    found.push(Finding::Attainment {
        channel: channel.name.clone(),
        percent,
        response: response.clone(),
        urgent_response: channel
            .urgent_response
            .clone()
            .filter(|_| channel.urgent > 0),
    });
    found.extend(cluster(channel, zone));
    if let Some(sla) = sla_minutes {
        for (p90, minutes) in [(false, channel.median_minutes), (true, channel.p90_minutes)] {
            if let Some(minutes) = minutes.filter(|m| *m > sla) {
                found.push(Finding::AboveSla {
                    channel: channel.name.clone(),
                    p90,
                    minutes,
                    response: response.clone(),
                });
            }
        }
    }
    found
}

/// The half-day (weekday, afternoon) that holds the most misses, when it
/// holds enough of them; the earliest in the week on a tie.
fn cluster(channel: &ChannelMeasures, zone: &Zone) -> Option<Finding> {
    let mut halves = [[0usize; 2]; 7];
    let mut misses = 0;
    for case in &channel.cases {
        if !matches!(case.outcome, Outcome::Late | Outcome::Overdue) {
            continue;
        }
        let local = case.sent.local(zone);
        let day = Weekday::ALL
            .iter()
            .position(|d| *d == local.date.weekday())
            .unwrap_or(0);
        halves[day][usize::from(local.time.hour >= 12)] += 1;
        misses += 1;
    }
    let mut best: Option<(usize, usize, usize)> = None;
    for (day, counts) in halves.iter().enumerate() {
        for (half, count) in counts.iter().enumerate() {
            if best.is_none_or(|(_, _, most)| *count > most) {
                best = Some((day, half, *count));
            }
        }
    }
    let (day, half, count) = best?;
    let clusters = count >= CLUSTER_MIN && count * 100 >= CLUSTER_PERCENT * misses;
    clusters.then(|| Finding::Cluster {
        channel: channel.name.clone(),
        weekday: Weekday::ALL[day],
        afternoon: half == 1,
        misses: count,
        of: misses,
    })
}

/// The finding as a sentence in `m`'s language.
pub fn say(finding: &Finding, m: &Messages) -> String {
    match finding {
        Finding::Attainment {
            channel,
            percent,
            response,
            urgent_response,
        } => {
            let response = match urgent_response {
                Some(urgent) => m.fill(
                    "review_response_and_urgent",
                    &[("response", response), ("urgent", urgent)],
                ),
                None => response.clone(),
            };
            m.fill(
                "review_finding_attainment",
                &[
                    ("channel", channel),
                    ("percent", &format!("{percent:.0}")),
                    ("response", &response),
                ],
            )
        }
        Finding::Cluster {
            channel,
            weekday,
            afternoon,
            misses,
            of,
        } => {
            let key = if *afternoon {
                "review_finding_cluster_afternoon"
            } else {
                "review_finding_cluster_morning"
            };
            m.fill(
                key,
                &[
                    ("channel", channel),
                    ("weekday", &m.weekday(*weekday)),
                    ("misses", &misses.to_string()),
                    ("of", &of.to_string()),
                ],
            )
        }
        Finding::AboveSla {
            channel,
            p90,
            minutes,
            response,
        } => {
            let key = if *p90 {
                "review_finding_p90_above"
            } else {
                "review_finding_median_above"
            };
            m.fill(
                key,
                &[
                    ("channel", channel),
                    ("time", &hours(*minutes)),
                    ("response", response),
                ],
            )
        }
        Finding::FewTouchpoints {
            audience,
            per_week,
            planned,
        } => m.fill(
            "review_finding_few_touchpoints",
            &[
                ("audience", audience),
                ("per_week", &format!("{per_week:.1}")),
                ("planned", &format!("{planned:.1}")),
            ],
        ),
        Finding::Silence { audience, days } => m.fill(
            "review_finding_silence",
            &[("audience", audience), ("days", &days.to_string())],
        ),
        Finding::NotHeld {
            series,
            missed,
            moved,
            planned,
        } => m.fill(
            "review_finding_not_held",
            &[
                ("series", series),
                ("missed", &missed.to_string()),
                ("moved", &moved.to_string()),
                ("planned", &planned.to_string()),
            ],
        ),
    }
}

/// A span of calendar time: `45m`, `26h30m` under two days, else `31d 13h`
/// (days are the same length on every clock here: how far past due, how
/// long a silence).
pub fn calendar_span(minutes: i64) -> String {
    if minutes < 48 * 60 {
        return hours(minutes);
    }
    match (minutes / (24 * 60), minutes % (24 * 60) / 60) {
        (d, 0) => format!("{d}d"),
        (d, h) => format!("{d}d {h}h"),
    }
}

/// `2h`, `45m`, `26h30m`: hours and minutes, never days, whose length
/// differs between business and calendar time.
pub fn hours(minutes: i64) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m}m"),
        (h, 0) => format!("{h}h"),
        (h, m) => format!("{h}h{m}m"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::measure::{Case, Place, ReplyClock};
    use crate::model::Locale;
    use crate::test_plans::instant;

    fn case(day: &str, hour: u8, outcome: Outcome) -> Case {
        Case {
            sent: instant("Europe/Berlin", day, hour, 0),
            replied: None,
            due: None,
            reply_minutes: None,
            from: "ben@client.example".to_string(),
            to: "ana@example.com".to_string(),
            urgent: false,
            outside_plan: false,
            outcome,
            subject: None,
            place: Place {
                file: "t.csv".to_string(),
                line: 2,
            },
        }
    }

    fn chat(cases: Vec<Case>, percent: Option<f64>) -> ChannelMeasures {
        ChannelMeasures {
            channel: "chat".to_string(),
            name: "chat".to_string(),
            response: Some("2bh".to_string()),
            urgent_response: None,
            clock: ReplyClock::Business,
            requests: cases.len(),
            urgent: 0,
            outside_plan: 0,
            answered: 0,
            within_sla: 0,
            late: 0,
            open_overdue: 0,
            open_pending: 0,
            judged: cases.len(),
            attainment_percent: percent,
            median_minutes: Some(90),
            p90_minutes: Some(300),
            cases,
        }
    }

    fn berlin() -> Zone {
        Zone::parse("Europe/Berlin").unwrap()
    }

    fn said(found: &[Finding]) -> Vec<String> {
        let m = Messages::for_locale(Locale::En);
        found.iter().map(|f| say(f, &m)).collect()
    }

    #[test]
    fn misses_on_friday_afternoons_cluster_and_the_p90_is_above_the_promise() {
        // 2026-03-06, -13, -20 are Fridays; the 9th a Monday.
        let cases = vec![
            case("2026-03-06", 15, Outcome::Late),
            case("2026-03-13", 16, Outcome::Overdue),
            case("2026-03-20", 14, Outcome::Late),
            case("2026-03-09", 10, Outcome::Late),
            case("2026-03-10", 15, Outcome::Late),
            case("2026-03-11", 10, Outcome::Within),
            case("2026-03-12", 10, Outcome::Within),
            case("2026-03-12", 11, Outcome::Within),
        ];
        let found = findings(&chat(cases, Some(37.5)), &berlin(), Some(120));
        assert_eq!(
            said(&found),
            [
                "chat: 38 % of requests answered within 2bh.",
                "chat: the misses cluster on Friday afternoons (3 of 5).",
                "chat: the 90th percentile reply time is 5h, more than the 2bh promised.",
            ]
        );
    }

    #[test]
    fn two_misses_or_less_than_two_fifths_are_no_cluster() {
        let two = vec![
            case("2026-03-06", 15, Outcome::Late),
            case("2026-03-13", 16, Outcome::Late),
        ];
        assert_eq!(findings(&chat(two, Some(0.0)), &berlin(), None).len(), 1);
        // Three Friday afternoons of eight misses: 37.5 %, under 40 %.
        let mut spread = vec![
            case("2026-03-06", 15, Outcome::Late),
            case("2026-03-13", 16, Outcome::Late),
            case("2026-03-20", 14, Outcome::Late),
        ];
        for day in ["2026-03-09", "2026-03-10", "2026-03-11", "2026-03-12"] {
            spread.push(case(day, 10, Outcome::Late));
        }
        spread.push(case("2026-03-09", 15, Outcome::Late));
        assert_eq!(findings(&chat(spread, Some(0.0)), &berlin(), None).len(), 1);
        // Mornings are before noon in the channel's zone.
        let mornings = vec![
            case("2026-03-09", 9, Outcome::Late),
            case("2026-03-16", 11, Outcome::Late),
            case("2026-03-23", 10, Outcome::Overdue),
        ];
        assert_eq!(
            said(&findings(&chat(mornings, Some(0.0)), &berlin(), None))[1],
            "chat: the misses cluster on Monday mornings (3 of 3)."
        );
    }

    #[test]
    fn a_median_above_the_promise_is_said_and_no_promise_says_nothing() {
        let found = findings(&chat(Vec::new(), Some(100.0)), &berlin(), Some(60));
        assert_eq!(
            said(&found)[1],
            "chat: the median reply time is 1h30m, more than the 2bh promised."
        );
        let mut unpromised = chat(Vec::new(), None);
        unpromised.response = None;
        assert!(findings(&unpromised, &berlin(), Some(60)).is_empty());
    }

    #[test]
    fn findings_are_said_in_chinese_too() {
        let m = Messages::for_locale(Locale::ZhCn);
        let found = findings(&chat(Vec::new(), Some(62.0)), &berlin(), None);
        assert_eq!(say(&found[0], &m), "chat：62% 的请求在 2bh 内得到答复。");
    }

    fn client(
        touchpoints: usize,
        weeks: usize,
        planned: f64,
        silence_days: i64,
    ) -> AudienceMeasures {
        let from = instant("Europe/Berlin", "2026-03-02", 9, 0);
        let monday = crate::test_plans::date("2026-03-02");
        AudienceMeasures {
            audience: "client".to_string(),
            name: "Client".to_string(),
            planned_per_week: planned,
            touchpoints,
            weeks: (0..weeks)
                .map(|week| crate::measure::WeekTouchpoints {
                    monday: monday.add_days(7 * week as i64).unwrap(),
                    touchpoints: 0,
                })
                .collect(),
            longest_silence: Some(crate::measure::Silence {
                from,
                to: from.plus_minutes(silence_days * 24 * 60).unwrap(),
            }),
        }
    }

    #[test]
    fn an_audience_short_of_its_planned_contact_or_silent_for_two_weeks_is_said() {
        assert_eq!(
            said(&audience_findings(&client(3, 6, 0.83, 14))),
            [
                "Client: 0.5 touchpoints a week, fewer than the 0.8 planned.",
                "Client: 14 days without a touchpoint.",
            ]
        );
        // As shown, 0.8 is not fewer than 0.8; 13 days is no silence worth a line.
        assert!(audience_findings(&client(5, 6, 0.83, 13)).is_empty());
        assert!(audience_findings(&client(0, 0, 0.0, 0)).is_empty());
    }

    #[test]
    fn a_series_with_missed_or_moved_occurrences_is_said() {
        let series = |missed, moved| SeriesMeasures {
            kind: "meeting",
            id: "sync".to_string(),
            name: "Client sync".to_string(),
            planned: 5,
            held: 5 - missed - moved,
            moved,
            missed,
            occurrences: Vec::new(),
        };
        let found: Vec<Finding> = series_findings(&series(2, 1)).into_iter().collect();
        assert_eq!(said(&found), ["Client sync: 2 of 5 missed, 1 moved."]);
        assert_eq!(series_findings(&series(0, 0)), None);
    }

    #[test]
    fn a_calendar_span_says_days_from_two_days_on() {
        assert_eq!(calendar_span(45), "45m");
        assert_eq!(calendar_span(47 * 60 + 30), "47h30m");
        assert_eq!(calendar_span(48 * 60), "2d");
        assert_eq!(calendar_span(757 * 60 + 30), "31d 13h");
    }
}
