//! The review report's data: the figures of a measure as the review
//! templates (`review.md.j2`, `review.html.j2`) see them, every fixed text
//! in the plan's language, every time in the plan's zone, the charts'
//! geometry worked out; and the per-channel additions of `measure.json`
//! (weekly attainment, the worst cases). No message text reaches either
//! but a subject, and that only when `show_subjects` is asked for. Pure.

use std::collections::BTreeMap;

use serde::Serialize;

use super::findings::{self, Finding, hours};
use super::{
    AudienceMeasures, Case, ChannelMeasures, Held, Measures, Outcome, Period, ReplyClock,
    SeriesMeasures,
};
use crate::compile::Compiled;
use crate::i18n::Messages;
use crate::time::{Date, Duration, Instant, Zone};

/// The worst cases listed per channel.
pub const WORST_CASES: usize = 10;
/// The skips the report lists; the JSON lists all those kept.
const SKIPS_SHOWN: usize = 10;

/// One week of a channel's requests, by the day they were sent (Monday
/// first, the plan's zone).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WeekAttainment {
    pub monday: String,
    /// Within the SLA, late, open past due.
    pub judged: usize,
    pub within_sla: usize,
    /// `None` when nothing sent that week was judged.
    pub attainment_percent: Option<f64>,
}

/// A request answered late or still open past its due time.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WorstCase {
    pub sent: String,
    pub due: String,
    pub replied: Option<String>,
    /// Calendar minutes from the due time to the reply, or to the time
    /// measured to.
    pub minutes_past_due: i64,
    pub from: String,
    pub to: String,
    pub urgent: bool,
    pub outcome: Outcome,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    pub place: super::Place,
}

/// One channel in `measure.json`: its figures, week by week, and its worst cases.
#[derive(Serialize)]
pub struct ChannelReport<'m> {
    #[serde(flatten)]
    pub figures: &'m ChannelMeasures,
    pub weekly: Vec<WeekAttainment>,
    pub worst_cases: Vec<WorstCase>,
}

impl<'m> ChannelReport<'m> {
    pub fn of(
        channel: &'m ChannelMeasures,
        as_of: Option<Instant>,
        zone: &Zone,
        show_subjects: bool,
    ) -> Self {
        ChannelReport {
            figures: channel,
            weekly: weekly(channel, zone),
            worst_cases: worst(channel, as_of)
                .into_iter()
                .map(|(case, due, minutes_past_due)| WorstCase {
                    sent: case.sent.to_rfc3339(zone),
                    due: due.to_rfc3339(zone),
                    replied: case.replied.map(|at| at.to_rfc3339(zone)),
                    minutes_past_due,
                    from: case.from.clone(),
                    to: case.to.clone(),
                    urgent: case.urgent,
                    outcome: case.outcome,
                    subject: case.subject.clone().filter(|_| show_subjects),
                    place: case.place.clone(),
                })
                .collect(),
        }
    }
}

/// Every week from the first request's to the last one's, weeks without a
/// judged request included (their attainment `None`).
pub fn weekly(channel: &ChannelMeasures, zone: &Zone) -> Vec<WeekAttainment> {
    let monday = |case: &Case| case.sent.local(zone).date.monday();
    let (Some(first), Some(last)) = (
        channel.cases.iter().map(monday).min(),
        channel.cases.iter().map(monday).max(),
    ) else {
        return Vec::new();
    };
    let mut weeks: BTreeMap<Date, (usize, usize)> = BTreeMap::new();
    let mut week = Some(first);
    while let Some(day) = week.filter(|day| *day <= last) {
        weeks.insert(day, (0, 0));
        week = day.add_days(7);
    }
    for case in &channel.cases {
        let judged = matches!(
            case.outcome,
            Outcome::Within | Outcome::Late | Outcome::Overdue
        );
        if let Some((count, within)) = weeks.get_mut(&monday(case))
            && judged
            && channel.response.is_some()
        {
            *count += 1;
            *within += usize::from(case.outcome == Outcome::Within);
        }
    }
    weeks
        .into_iter()
        .map(|(monday, (judged, within))| WeekAttainment {
            monday: monday.to_string(),
            judged,
            within_sla: within,
            attainment_percent: super::attainment_percent(within, judged),
        })
        .collect()
}

/// The [`WORST_CASES`] requests furthest past their due time (late, or open
/// past due at `as_of`), with the due time and the minutes past it; the
/// earlier sent first on a tie.
pub fn worst(channel: &ChannelMeasures, as_of: Option<Instant>) -> Vec<(&Case, Instant, i64)> {
    let mut missed: Vec<(&Case, Instant, i64)> = channel
        .cases
        .iter()
        .filter_map(|case| {
            let due = case.due?;
            let end = match case.outcome {
                Outcome::Late => case.replied?,
                Outcome::Overdue => as_of?,
                _ => return None,
            };
            Some((case, due, end.minutes_since(due)))
        })
        .collect();
    missed.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.sent.cmp(&b.0.sent)));
    missed.truncate(WORST_CASES);
    missed
}

/// The whole review, as the templates see it.
#[derive(Serialize)]
pub struct Review {
    pub lang: &'static str,
    /// The message catalogue, for the templates' fixed strings.
    pub t: BTreeMap<String, String>,
    pub project: String,
    /// The zone every time is shown in: the plan's.
    pub zone: String,
    /// "2026-03-06 – 2026-04-11".
    pub period: String,
    pub as_of: Option<String>,
    pub findings: Vec<String>,
    pub channels: Vec<ChannelReview>,
    /// "2 requests sent outside the period were not counted."
    pub outside_period: Option<String>,
    /// "3 skipped (not counted):", then the first skips, "file:line: reason".
    pub skipped: Option<String>,
    pub skips: Vec<String>,
    /// "and 4 more": skips counted but not listed.
    pub skips_more: Option<String>,
    pub audiences: Vec<AudienceReview>,
    /// `None` without a calendar source.
    pub series: Option<Vec<SeriesReview>>,
    pub show_subjects: bool,
    /// The attainment asked for (`--fail-under`), "90 %".
    pub target: Option<String>,
}

/// One channel's section.
#[derive(Serialize)]
pub struct ChannelReview {
    pub id: String,
    pub name: String,
    /// "response 1bd, urgent 4bh".
    pub promise: String,
    /// "business time, 09:00–17:30 Europe/Berlin".
    pub clock: String,
    pub figures: Vec<Figure>,
    pub chart: ReplyChart,
    pub weeks: WeekChart,
    pub worst: Vec<WorstRow>,
}

#[derive(Serialize)]
pub struct Figure {
    pub label: String,
    pub value: String,
    pub note: String,
}

/// A chart's size and its plot area, in SVG units.
#[derive(Serialize)]
pub struct Frame {
    pub width: f64,
    pub height: f64,
    pub left: f64,
    pub top: f64,
    pub right: f64,
    pub bottom: f64,
}

/// Every chart's frame: the same size, so the page lines them up.
const FRAME: Frame = Frame {
    width: WIDTH,
    height: HEIGHT,
    left: LEFT,
    top: TOP,
    right: RIGHT,
    bottom: BOTTOM,
};

/// A line across a chart: its height and what it says.
#[derive(Serialize)]
pub struct Rule {
    pub y: f64,
    pub label: String,
}

/// Reply times by send time against the SLA line: one point per answered
/// request (a circle when within, a cross when late).
#[derive(Serialize)]
pub struct ReplyChart {
    #[serde(flatten)]
    pub frame: Frame,
    pub sla: Option<Rule>,
    pub urgent_sla: Option<Rule>,
    pub y_ticks: Vec<Rule>,
    pub points: Vec<Point>,
    /// The first and last send day, under the axis.
    pub first_day: String,
    pub last_day: String,
    /// The chart in one sentence, for its `<desc>`.
    pub summary: String,
}

#[derive(Serialize)]
pub struct Point {
    pub x: f64,
    pub y: f64,
    pub late: bool,
    pub urgent: bool,
    /// "Fri 2026-03-06 17:00: 2h, within the SLA".
    pub label: String,
}

/// Weekly attainment: a bar per week, its height the percent within the SLA.
#[derive(Serialize)]
pub struct WeekChart {
    #[serde(flatten)]
    pub frame: Frame,
    pub target: Option<Rule>,
    pub bars: Vec<Bar>,
    /// One row per week, the chart's data table.
    pub rows: Vec<WeekRow>,
    pub summary: String,
}

#[derive(Serialize)]
pub struct Bar {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
    pub below_target: bool,
    pub label: String,
}

#[derive(Serialize)]
pub struct WeekRow {
    pub monday: String,
    pub judged: usize,
    pub within: usize,
    /// "75 %", or "–" when nothing was judged.
    pub percent: String,
}

#[derive(Serialize)]
pub struct WorstRow {
    pub sent: String,
    pub due: String,
    /// The reply, or "open".
    pub replied: String,
    /// "3h past due".
    pub past_due: String,
    pub from: String,
    pub to: String,
    pub urgent: bool,
    pub subject: Option<String>,
}

#[derive(Serialize)]
pub struct AudienceReview {
    pub name: String,
    pub planned_per_week: String,
    /// Touchpoints a week, on average over the period's weeks.
    pub per_week: String,
    pub touchpoints: usize,
    pub weeks: Vec<(String, usize)>,
    /// "Mon 2026-03-09 10:00 – Fri 2026-03-20 16:00 (11 days)".
    pub longest_silence: Option<String>,
}

#[derive(Serialize)]
pub struct SeriesReview {
    pub name: String,
    pub planned: usize,
    pub held: usize,
    pub moved: usize,
    pub missed: usize,
    /// Each occurrence: planned time and what became of it.
    pub occurrences: Vec<(String, String)>,
}

/// What the review is asked for beyond the figures.
#[derive(Clone, Copy, Debug, Default)]
pub struct ReviewOptions {
    pub show_subjects: bool,
    /// `--fail-under`: the weekly charts' target line.
    pub target: Option<f64>,
}

/// The review of `measures` of `compiled`'s plan, in its language.
pub fn review(
    compiled: &Compiled,
    measures: &Measures,
    period: Period,
    options: ReviewOptions,
) -> Review {
    let m = &compiled.messages;
    let zone = &compiled.zone;
    let person = |email: &str| person_name(compiled, email);
    let findings = all_findings(compiled, measures)
        .iter()
        .map(|finding| findings::say(finding, m))
        .collect();
    let mut channels = Vec::new();
    for channel in &measures.channels {
        let (_, sla, urgent_sla) = promises(compiled, channel);
        let report = ChannelReport::of(channel, measures.as_of, zone, options.show_subjects);
        channels.push(ChannelReview {
            id: channel.channel.clone(),
            name: channel.name.clone(),
            promise: promise(m, channel),
            clock: clock(m, compiled, channel),
            figures: figures(m, channel),
            chart: reply_chart(m, channel, zone, sla, urgent_sla),
            weeks: week_chart(m, &report.weekly, options.target),
            worst: worst(channel, measures.as_of)
                .into_iter()
                .map(|(case, due, past)| WorstRow {
                    sent: when(m, case.sent, zone),
                    due: when(m, due, zone),
                    replied: case
                        .replied
                        .map_or_else(|| m.get("review_open"), |at| when(m, at, zone)),
                    past_due: m.fill(
                        "review_past_due",
                        &[("time", &findings::calendar_span(past))],
                    ),
                    from: shown(&person(&case.from)),
                    to: shown(&person(&case.to)),
                    urgent: case.urgent,
                    subject: case
                        .subject
                        .as_deref()
                        .filter(|_| options.show_subjects)
                        .map(shown),
                })
                .collect(),
        });
    }
    let first_sent = measures
        .channels
        .iter()
        .flat_map(|c| c.cases.iter().map(|case| case.sent))
        .min();
    let start = period.from.or(first_sent);
    // The period's end is exclusive (midnight after `--to`): its last day is the day before.
    let end = period
        .until
        .and_then(|until| until.plus_minutes(-1))
        .or(measures.as_of);
    let day = |at: Option<Instant>| {
        at.map_or_else(|| "–".to_string(), |at| at.local(zone).date.to_string())
    };
    let count = |n: usize, key: &str| (n > 0).then(|| m.fill(key, &[("n", &n.to_string())]));
    let skips = measures.skips.iter().take(SKIPS_SHOWN);
    let listed = skips.len();
    let skips = skips.map(|skip| shown(&format!("{}: {}", skip.place, skip.reason)));
    Review {
        lang: m.lang,
        t: m.strings.clone(),
        project: compiled.name.clone(),
        zone: zone.name().to_string(),
        period: format!("{} – {}", day(start), day(end)),
        as_of: measures.as_of.map(|at| when(m, at, zone)),
        findings,
        channels,
        outside_period: count(measures.outside_period, "review_outside_period"),
        skipped: count(measures.skipped, "review_skipped"),
        skips: skips.collect(),
        skips_more: count(measures.skipped.saturating_sub(listed), "review_skips_more"),
        audiences: measures
            .audiences
            .iter()
            .map(|audience| audience_review(m, audience, zone))
            .collect(),
        series: measures.series.as_ref().map(|series| {
            series
                .iter()
                .map(|one| series_review(m, one, zone))
                .collect()
        }),
        show_subjects: options.show_subjects,
        target: options.target.map(|t| format!("{t} %")),
    }
}

/// Text from a source (an address, a name, a subject, a skip), made safe
/// to show: control characters, and the bidirectional ones that would make
/// it read differently from what it holds, become visible `\u{..}`; the
/// templates then escape it for HTML or Markdown.
fn shown(text: &str) -> String {
    crate::terminal::escape_controls(text).into_owned()
}

/// The name of the plan's person with this email, else the address as
/// the source gave it.
pub fn person_name(compiled: &Compiled, email: &str) -> String {
    compiled
        .people
        .iter()
        .find(|p| {
            p.email
                .as_deref()
                .is_some_and(|e| e.trim().eq_ignore_ascii_case(email.trim()))
        })
        .map_or_else(|| email.to_string(), |p| p.name.clone())
}

/// Every finding of a review, in order: each channel's, each audience's,
/// each meeting series'.
pub fn all_findings(compiled: &Compiled, measures: &Measures) -> Vec<Finding> {
    let mut found = Vec::new();
    for channel in &measures.channels {
        let (clock_zone, sla, _) = promises(compiled, channel);
        found.extend(findings::findings(channel, &clock_zone, sla));
    }
    for audience in &measures.audiences {
        found.extend(findings::audience_findings(audience));
    }
    for series in measures.series.iter().flatten() {
        found.extend(findings::series_findings(series));
    }
    found
}

/// The channel's clock zone and its response and urgent response in
/// minutes on its reply clock.
fn promises(compiled: &Compiled, channel: &ChannelMeasures) -> (Zone, Option<i64>, Option<i64>) {
    let Some(planned) = compiled.channel(&channel.channel) else {
        return (compiled.zone.clone(), None, None);
    };
    let clock = compiled.business_clock(planned);
    let minutes = |duration: Option<Duration>| {
        duration.map(|d| match d {
            Duration::Calendar { minutes } => i64::try_from(minutes).unwrap_or(i64::MAX),
            Duration::Business { days, minutes } => i64::try_from(days)
                .unwrap_or(0)
                .saturating_mul(clock.day_minutes())
                .saturating_add(i64::try_from(minutes).unwrap_or(0)),
        })
    };
    let zone = clock.zone.clone();
    (
        zone,
        minutes(planned.response),
        minutes(planned.urgent_response),
    )
}

/// "Fri 2026-03-06 17:00", in `zone`.
fn when(m: &Messages, at: Instant, zone: &Zone) -> String {
    let local = at.local(zone);
    format!(
        "{} {} {}",
        m.weekday_short(local.date.weekday()),
        local.date,
        local.time
    )
}

fn promise(m: &Messages, channel: &ChannelMeasures) -> String {
    match (&channel.response, &channel.urgent_response) {
        (Some(response), Some(urgent)) => m.fill(
            "review_promise_urgent",
            &[("response", response), ("urgent", urgent)],
        ),
        (Some(response), None) => m.fill("review_promise", &[("response", response)]),
        (None, _) => m.get("review_no_promise"),
    }
}

fn clock(m: &Messages, compiled: &Compiled, channel: &ChannelMeasures) -> String {
    match (channel.clock, compiled.channel(&channel.channel)) {
        (ReplyClock::Business, Some(planned)) => {
            let clock = compiled.business_clock(planned);
            m.fill(
                "review_business_clock",
                &[
                    ("open", &clock.open.to_string()),
                    ("close", &clock.close.to_string()),
                    ("zone", clock.zone.name()),
                ],
            )
        }
        (ReplyClock::Business, None) => m.fill(
            "review_business_clock",
            &[("open", "?"), ("close", "?"), ("zone", "?")],
        ),
        (ReplyClock::Calendar, _) => m.get("review_calendar_clock"),
    }
}

/// The figures, as the human table gives them.
fn figures(m: &Messages, channel: &ChannelMeasures) -> Vec<Figure> {
    let figure = |key: &str, value: String, note: String| Figure {
        label: m.get(key),
        value,
        note,
    };
    let minutes = |value: Option<i64>| value.map_or_else(|| "–".to_string(), hours);
    vec![
        figure(
            "review_requests",
            channel.requests.to_string(),
            m.fill(
                "review_requests_note",
                &[
                    ("urgent", &channel.urgent.to_string()),
                    ("outside", &channel.outside_plan.to_string()),
                ],
            ),
        ),
        figure(
            "review_answered",
            channel.answered.to_string(),
            String::new(),
        ),
        figure(
            "review_within",
            channel.within_sla.to_string(),
            channel.attainment_percent.map_or_else(String::new, |p| {
                m.fill(
                    "review_within_note",
                    &[
                        ("percent", &format!("{p:.1}")),
                        ("judged", &channel.judged.to_string()),
                    ],
                )
            }),
        ),
        figure("review_late", channel.late.to_string(), String::new()),
        figure(
            "review_overdue",
            channel.open_overdue.to_string(),
            String::new(),
        ),
        figure(
            "review_pending",
            channel.open_pending.to_string(),
            String::new(),
        ),
        figure(
            "review_median",
            minutes(channel.median_minutes),
            String::new(),
        ),
        figure("review_p90", minutes(channel.p90_minutes), String::new()),
    ]
}

/// The most replies a chart draws.
const MAX_POINTS: usize = 1000;
const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 220.0;
const LEFT: f64 = 56.0;
const RIGHT: f64 = 624.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 188.0;

/// A coordinate to one decimal: the SVG stays short and deterministic.
fn round(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}

fn reply_chart(
    m: &Messages,
    channel: &ChannelMeasures,
    zone: &Zone,
    sla: Option<i64>,
    urgent_sla: Option<i64>,
) -> ReplyChart {
    // A chart of a hundred thousand replies says no more than one of a
    // thousand: every n-th is drawn (the figures count them all).
    let replies = channel
        .cases
        .iter()
        .filter(|c| c.reply_minutes.is_some())
        .count();
    let step = replies.div_ceil(MAX_POINTS).max(1);
    let answered: Vec<(&Case, i64)> = channel
        .cases
        .iter()
        .filter_map(|case| Some((case, case.reply_minutes?)))
        .step_by(step)
        .collect();
    let first = channel.cases.iter().map(|c| c.sent).min();
    let last = channel.cases.iter().map(|c| c.sent).max();
    let span = match (first, last) {
        (Some(first), Some(last)) => last.minutes_since(first).max(1),
        _ => 1,
    };
    // The top of the scale: the longest reply or promise, in whole hours, with room above.
    let highest = answered
        .iter()
        .map(|(_, minutes)| *minutes)
        .chain(sla)
        .chain(urgent_sla)
        .max()
        .unwrap_or(60)
        .max(60);
    let top_hours = ((highest * 11 / 10 + 59) / 60).max(1);
    let scale = (top_hours * 60) as f64;
    let y = |minutes: i64| round(BOTTOM - (BOTTOM - TOP) * (minutes as f64 / scale).min(1.0));
    let x = |at: Instant| match first {
        Some(first) if first != last.unwrap_or(first) => {
            round(LEFT + 8.0 + (RIGHT - LEFT - 16.0) * at.minutes_since(first) as f64 / span as f64)
        }
        _ => round((LEFT + RIGHT) / 2.0),
    };
    let points: Vec<Point> = answered
        .iter()
        .map(|(case, minutes)| {
            let late = case.outcome == Outcome::Late;
            let verdict = if late {
                m.get("review_point_late")
            } else {
                m.get("review_point_within")
            };
            Point {
                x: x(case.sent),
                y: y(*minutes),
                late,
                urgent: case.urgent,
                label: m.fill(
                    "review_point",
                    &[
                        ("sent", &when(m, case.sent, zone)),
                        ("time", &hours(*minutes)),
                        ("verdict", &verdict),
                    ],
                ),
            }
        })
        .collect();
    let rule = |minutes: Option<i64>, key: &str| {
        minutes.map(|minutes| Rule {
            y: y(minutes),
            label: m.fill(key, &[("time", &hours(minutes))]),
        })
    };
    let mut hours_ticked = vec![0, top_hours / 2, top_hours];
    hours_ticked.dedup();
    let y_ticks = hours_ticked
        .into_iter()
        .map(|h| Rule {
            y: y(h * 60),
            label: format!("{h}h"),
        })
        .collect();
    let late = points.iter().filter(|p| p.late).count();
    let day =
        |at: Option<Instant>| at.map_or_else(String::new, |at| at.local(zone).date.to_string());
    ReplyChart {
        frame: FRAME,
        sla: rule(sla, "review_sla_line"),
        urgent_sla: rule(
            urgent_sla.filter(|u| Some(*u) != sla),
            "review_urgent_sla_line",
        ),
        y_ticks,
        summary: m.fill(
            "review_reply_chart_desc",
            &[
                ("answered", &points.len().to_string()),
                ("late", &late.to_string()),
                ("first", &day(first)),
                ("last", &day(last)),
            ],
        ),
        points,
        first_day: day(first),
        last_day: day(last),
    }
}

fn week_chart(m: &Messages, weeks: &[WeekAttainment], target: Option<f64>) -> WeekChart {
    let y = |percent: f64| round(BOTTOM - (BOTTOM - TOP) * percent.clamp(0.0, 100.0) / 100.0);
    let slot = (RIGHT - LEFT) / weeks.len().max(1) as f64;
    let width = round((slot * 0.7).clamp(1.0, 48.0));
    let percent = |p: Option<f64>| p.map_or_else(|| "–".to_string(), |p| format!("{p:.0} %"));
    let bars = weeks
        .iter()
        .enumerate()
        .filter_map(|(index, week)| {
            let value = week.attainment_percent?;
            Some(Bar {
                x: round(LEFT + slot * index as f64 + (slot - width) / 2.0),
                y: y(value),
                width,
                height: round(BOTTOM - y(value)),
                below_target: target.is_some_and(|t| value < t),
                label: m.fill(
                    "review_week_bar",
                    &[
                        ("monday", &week.monday),
                        ("percent", &percent(Some(value))),
                        ("within", &week.within_sla.to_string()),
                        ("judged", &week.judged.to_string()),
                    ],
                ),
            })
        })
        .collect();
    WeekChart {
        frame: FRAME,
        target: target.map(|t| Rule {
            y: y(t),
            label: m.fill("review_target_line", &[("percent", &format!("{t}"))]),
        }),
        bars,
        rows: weeks
            .iter()
            .map(|week| WeekRow {
                monday: week.monday.clone(),
                judged: week.judged,
                within: week.within_sla,
                percent: percent(week.attainment_percent),
            })
            .collect(),
        summary: m.fill(
            "review_week_chart_desc",
            &[("weeks", &weeks.len().to_string())],
        ),
    }
}

fn audience_review(m: &Messages, audience: &AudienceMeasures, zone: &Zone) -> AudienceReview {
    AudienceReview {
        name: audience.name.clone(),
        planned_per_week: format!("{:.1}", audience.planned_per_week),
        per_week: format!("{:.1}", findings::touchpoints_per_week(audience)),
        touchpoints: audience.touchpoints,
        weeks: audience
            .weeks
            .iter()
            .map(|week| (week.monday.to_string(), week.touchpoints))
            .collect(),
        longest_silence: audience.longest_silence.as_ref().map(|silence| {
            m.fill(
                "review_silence",
                &[
                    ("from", &when(m, silence.from, zone)),
                    ("to", &when(m, silence.to, zone)),
                    (
                        "days",
                        &(silence.to.minutes_since(silence.from) / (24 * 60)).to_string(),
                    ),
                ],
            )
        }),
    }
}

fn series_review(m: &Messages, series: &SeriesMeasures, zone: &Zone) -> SeriesReview {
    SeriesReview {
        name: series.name.clone(),
        planned: series.planned,
        held: series.held,
        moved: series.moved,
        missed: series.missed,
        occurrences: series
            .occurrences
            .iter()
            .map(|occurrence| {
                let outcome = match occurrence.outcome {
                    Held::Held => m.get("review_held"),
                    Held::Moved(to) => m.fill("review_moved_to", &[("to", &when(m, to, zone))]),
                    Held::Missed => m.get("review_missed"),
                };
                (when(m, occurrence.planned, zone), outcome)
            })
            .collect(),
    }
}
