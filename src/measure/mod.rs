//! `plan measure`: the reply times the plan promises, held against what
//! really happened. A source (`csv.rs`; mail and chat through
//! `message.rs`) yields requests, each sent on a plan channel and perhaps
//! replied to, and contacts; a [`Tally`] judges each request against the
//! channel's promise with [`Sla::deadlines`], the very computation of
//! `plan sla`, so "within the SLA" means "replied at or before the time
//! `plan sla --channel C --at SENT` gives". Pure.

pub mod calendar;
pub mod csv;
pub mod findings;
pub mod mbox;
pub mod message;
pub mod report;
pub mod slack;
pub mod source;

use std::collections::BTreeSet;

use message::{Side, Sides};
use std::fmt;

use serde::Serialize;

use crate::compile::Compiled;
use crate::sla::Sla;
use crate::suggest::Unknown;
use crate::time::{Date, Instant, TimeOfDay, Zone};

/// Where a request or a skip was read: a source file and its line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Place {
    pub file: String,
    pub line: u64,
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// A message that asked for a reply: on which channel, between whom, when,
/// and when (if ever) the reply came.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    /// A plan channel's id, as the source names it.
    pub channel: String,
    /// Email addresses, as the source gives them.
    pub from: String,
    pub to: String,
    pub sent: Instant,
    pub replied: Option<Instant>,
    pub urgent: bool,
    /// The subject, kept only for `--show-subjects`.
    pub subject: Option<String>,
    /// Whether the request and its reply are contacts too, counted with
    /// it (a CSV row); `false` when the source yields a `Contact` per message
    /// itself (`message::pair`). Either way a skipped request is none.
    pub messages_are_contacts: bool,
    pub place: Place,
}

/// One message exchanged, or one meeting held: who took part, and when.
/// Touchpoints with an audience are counted from these.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Contact {
    /// A plan channel's id.
    pub channel: String,
    pub at: Instant,
    /// Email addresses of everyone who took part.
    pub people: Vec<String>,
}

/// Something a source could not count, and why: reported, never a crash.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Skip {
    pub place: Place,
    pub reason: String,
}

/// What a source yields, one at a time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Item {
    Request(Request),
    Contact(Contact),
    Skip(Skip),
}

/// The requests counted: those sent from `from` up to (not including)
/// `until`. Either end open.
#[derive(Clone, Copy, Debug, Default)]
pub struct Period {
    pub from: Option<Instant>,
    pub until: Option<Instant>,
}

impl Period {
    /// The days `from` through `to` (each optional) in `zone`, midnight to
    /// midnight; `None` when a day is out of range.
    pub fn days(from: Option<Date>, to: Option<Date>, zone: &Zone) -> Option<Period> {
        let midnight = |date: Date| Instant::at_local(date, TimeOfDay { hour: 0, minute: 0 }, zone);
        let from = match from {
            Some(date) => Some(midnight(date)?),
            None => None,
        };
        let until = match to {
            Some(date) => Some(midnight(date.add_days(1)?)?),
            None => None,
        };
        Some(Period { from, until })
    }

    fn holds(&self, sent: Instant) -> bool {
        self.from.is_none_or(|from| sent >= from) && self.until.is_none_or(|until| sent < until)
    }
}

/// What a reply time is counted in: the clock of the channel's response
/// promise (business time unless it promises calendar time).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ReplyClock {
    Business,
    Calendar,
}

/// How one request went.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Answered at or before its due time.
    Within,
    /// Answered after its due time.
    Late,
    /// Never answered, and due at or before the time measured to.
    Overdue,
    /// Never answered, and not yet due.
    Pending,
    /// The channel promises no response time.
    Unpromised,
}

/// One request as it was judged: for charts, the worst cases and the
/// findings. People are email addresses; no message text but the subject,
/// kept only for `--show-subjects`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Case {
    pub sent: Instant,
    pub replied: Option<Instant>,
    /// The response due time `plan sla` gives; `None` when the channel
    /// promises none or no working time is left.
    pub due: Option<Instant>,
    /// Minutes on the channel's reply clock, when answered.
    pub reply_minutes: Option<i64>,
    pub from: String,
    pub to: String,
    pub urgent: bool,
    /// `from` or `to` is no person of the plan.
    pub outside_plan: bool,
    pub outcome: Outcome,
    pub subject: Option<String>,
    pub place: Place,
}

/// One channel's figures.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ChannelMeasures {
    pub channel: String,
    /// Its display name.
    pub name: String,
    /// The promises, in the plan's compact form (`1bd`, `4bh`).
    pub response: Option<String>,
    pub urgent_response: Option<String>,
    pub clock: ReplyClock,
    pub requests: usize,
    pub urgent: usize,
    /// Requests from or to someone who is no person of the plan.
    pub outside_plan: usize,
    pub answered: usize,
    pub within_sla: usize,
    /// Answered after the due time.
    pub late: usize,
    /// Never answered, and due at or before the time measured to.
    pub open_overdue: usize,
    /// Never answered, and not yet due: not judged.
    pub open_pending: usize,
    /// Judged against the SLA: within, late and open past due.
    pub judged: usize,
    /// Within the SLA, of the requests judged (within, late and overdue),
    /// in percent to one decimal; `None` when none was judged or the channel
    /// promises no response time.
    pub attainment_percent: Option<f64>,
    /// Reply times of the answered requests, in minutes on `clock`: the
    /// median and the 90th percentile by nearest rank (the smallest time
    /// that half, or nine in ten, of the replies took at most).
    pub median_minutes: Option<i64>,
    pub p90_minutes: Option<i64>,
    /// Every request counted, in the order read.
    #[serde(skip)]
    pub cases: Vec<Case>,
}

impl ChannelMeasures {
    /// Whether the attainment is below `percent` (exact, not the rounded figure).
    pub fn below(&self, percent: f64) -> bool {
        self.attainment_percent.is_some()
            && (self.within_sla as f64) * 100.0 < percent * self.judged as f64
    }
}

/// Every figure of a measure.
#[derive(Clone, Debug, PartialEq)]
pub struct Measures {
    /// The channels with at least one request, in plan order.
    pub channels: Vec<ChannelMeasures>,
    /// The time open requests were judged at: the period's end, else the
    /// latest time in the data (never the wall clock).
    pub as_of: Option<Instant>,
    /// The first [`MAX_SKIPS_LISTED`] skips; `skipped` counts them all.
    pub skips: Vec<Skip>,
    pub skipped: usize,
    /// Requests read but sent outside the period.
    pub outside_period: usize,
    /// Per external audience, in plan order: contact against the plan.
    pub audiences: Vec<AudienceMeasures>,
    /// Per meeting series, in plan order; `None` without a calendar source.
    pub series: Option<Vec<SeriesMeasures>>,
}

/// Contact with one external audience: messages exchanged and meetings held
/// with any of its members.
#[derive(Clone, Debug, PartialEq)]
pub struct AudienceMeasures {
    pub audience: String,
    /// Its display name.
    pub name: String,
    /// Touchpoints the plan's meetings, reports and reviews for it make per
    /// week, on average over the period.
    pub planned_per_week: f64,
    pub touchpoints: usize,
    /// Every week of the period, Monday first (the plan's zone).
    pub weeks: Vec<WeekTouchpoints>,
    /// The longest time without a touchpoint within the period.
    pub longest_silence: Option<Silence>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WeekTouchpoints {
    pub monday: Date,
    pub touchpoints: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Silence {
    /// The last touchpoint before it, or the period's start.
    pub from: Instant,
    /// The first touchpoint after it, or the time measured to.
    pub to: Instant,
}

/// One meeting series (or report, review, training) against what a
/// calendar export says was held.
#[derive(Clone, Debug, PartialEq)]
pub struct SeriesMeasures {
    /// `meeting`, `review`, `report`, `training`.
    pub kind: &'static str,
    pub id: String,
    pub name: String,
    pub planned: usize,
    pub held: usize,
    pub moved: usize,
    pub missed: usize,
    /// Each planned occurrence in the period and what became of it.
    pub occurrences: Vec<SeriesOccurrence>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SeriesOccurrence {
    pub planned: Instant,
    pub outcome: Held,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Held {
    Held,
    /// Held at another time.
    Moved(Instant),
    Missed,
}

/// Skips listed with their place; more are counted only, so a broken
/// file's report stays readable and small.
pub const MAX_SKIPS_LISTED: usize = 100;

/// The one judgement: the response deadline of `plan sla` for the
/// request's send time and urgency, against its reply. An open request is
/// `Pending` here; it becomes `Overdue` once the time measured to is known.
fn judge(sla: &Sla<'_>, request: &Request) -> (Outcome, Option<Instant>) {
    let Some(deadlines) = sla.deadlines(request.sent, request.urgent) else {
        let outcome = match request.replied {
            Some(_) => Outcome::Unpromised,
            None => Outcome::Pending,
        };
        return (outcome, None);
    };
    // The response is the first deadline; the resolution, if any, follows.
    let due = deadlines.deadlines.first().and_then(|d| d.due);
    let outcome = match (request.replied, due) {
        (None, _) => Outcome::Pending,
        (Some(replied), Some(due)) if replied > due => Outcome::Late,
        (Some(_), _) => Outcome::Within,
    };
    (outcome, due)
}

/// One channel's requests as they are counted.
struct ChannelTally<'c> {
    sla: Sla<'c>,
    clock: ReplyClock,
    cases: Vec<Case>,
}

/// Counts requests as a source yields them: memory grows with the number
/// of requests (a [`Case`] each), never with the size of the source.
pub struct Tally<'c> {
    compiled: &'c Compiled,
    period: Period,
    channels: Vec<ChannelTally<'c>>,
    skips: Vec<Skip>,
    skipped: usize,
    outside_period: usize,
    latest: Option<Instant>,
    earliest: Option<Instant>,
    sides: Sides,
    /// Per external audience: its members' emails (lowercase) and the
    /// times of its touchpoints.
    audiences: Vec<AudienceTally<'c>>,
    /// The events of the calendar sources; `None` without one.
    held: Option<Vec<calendar::HeldEvent>>,
}

/// One external audience's touchpoints as they are counted.
struct AudienceTally<'c> {
    audience: &'c crate::compile::Audience,
    members: BTreeSet<String>,
    times: Vec<Instant>,
}

impl<'c> Tally<'c> {
    pub fn new(compiled: &'c Compiled, period: Period) -> Self {
        let channels = compiled
            .channels
            .iter()
            .map(|channel| {
                let sla = Sla {
                    channel,
                    clock: compiled.business_clock(channel),
                };
                let calendar = channel.response.is_some_and(|r| !r.is_business());
                ChannelTally {
                    sla,
                    clock: if calendar {
                        ReplyClock::Calendar
                    } else {
                        ReplyClock::Business
                    },
                    cases: Vec::new(),
                }
            })
            .collect();
        Self {
            compiled,
            period,
            channels,
            skips: Vec::new(),
            skipped: 0,
            outside_period: 0,
            latest: None,
            earliest: None,
            sides: Sides::of(compiled),
            audiences: audience_tallies(compiled),
            held: None,
        }
    }

    /// Counts the events of a calendar source (each call one item).
    pub fn add_calendar(&mut self, item: calendar::CalendarItem) {
        match item {
            calendar::CalendarItem::Event(event) => {
                if self.period.holds(event.start) {
                    self.observe(event.start);
                }
                self.held.get_or_insert_with(Vec::new).push(event);
            }
            calendar::CalendarItem::Skip(skip) => self.skip(skip),
        }
    }

    /// A calendar source was read, even one without events: the series
    /// are compared with it.
    pub fn compare_calendar(&mut self) {
        self.held.get_or_insert_with(Vec::new);
    }

    fn observe(&mut self, at: Instant) {
        self.latest = self.latest.max(Some(at));
        self.earliest = Some(self.earliest.map_or(at, |e| e.min(at)));
    }

    /// A contact in the period on a channel of the plan (or none: a
    /// meeting), counted for every external audience it reaches.
    fn contact(&mut self, contact: &Contact) {
        let known = contact.channel.is_empty() || self.compiled.channel(&contact.channel).is_some();
        if known && self.period.holds(contact.at) {
            self.observe(contact.at);
            self.touch(contact);
        }
    }

    /// A touchpoint: someone of the audience and someone of the team.
    fn touch(&mut self, contact: &Contact) {
        let people: Vec<String> = contact
            .people
            .iter()
            .map(|p| p.trim().to_lowercase())
            .collect();
        if !people.iter().any(|p| self.sides.side(p) == Side::Team) {
            return;
        }
        for audience in &mut self.audiences {
            if people.iter().any(|p| audience.members.contains(p)) {
                audience.times.push(contact.at);
            }
        }
    }

    pub fn add(&mut self, item: Item) {
        match item {
            Item::Request(request) => {
                if let Err(skip) = self.count(&request) {
                    self.skip(skip);
                }
            }
            Item::Contact(contact) => self.contact(&contact),
            Item::Skip(skip) => self.skip(skip),
        }
    }

    fn skip(&mut self, skip: Skip) {
        self.skipped += 1;
        if self.skips.len() < MAX_SKIPS_LISTED {
            self.skips.push(skip);
        }
    }

    fn count(&mut self, request: &Request) -> Result<(), Skip> {
        let skip = |reason: String| Skip {
            place: request.place.clone(),
            reason,
        };
        let compiled = self.compiled;
        let Some(index) = compiled
            .channels
            .iter()
            .position(|c| c.id == request.channel)
        else {
            let ids = compiled.channels.iter().map(|c| c.id.as_str());
            return Err(skip(unknown_channel(&Unknown::among(
                &request.channel,
                ids,
            ))));
        };
        if request
            .replied
            .is_some_and(|replied| replied < request.sent)
        {
            return Err(skip("replied_at is before sent_at".to_string()));
        }
        // One bound for every clock (and for requests outside the period,
        // whose reply still moves the time measured to): a reply years
        // later is a typo, not a reply.
        let too_late = request.replied.is_some_and(|replied| {
            replied.minutes_since(request.sent) > crate::time::SEARCH_DAYS * 24 * 60
        });
        if too_late {
            return Err(skip(
                "replied more than ten years after it was sent".to_string(),
            ));
        }
        if !self.period.holds(request.sent) {
            self.outside_period += 1;
            // Its reply may still be a touchpoint within the period.
            self.request_contacts(request);
            return Ok(());
        }
        let outside_plan = !self.sides.is_known(&request.from) || !self.sides.is_known(&request.to);
        let Some(tally) = self.channels.get_mut(index) else {
            return Ok(());
        };
        let reply_minutes = match request.replied {
            None => None,
            Some(replied) => Some(match tally.clock {
                ReplyClock::Calendar => replied.minutes_since(request.sent),
                ReplyClock::Business => tally
                    .sla
                    .clock
                    .working_minutes_between(request.sent, replied)
                    .ok_or_else(|| {
                        skip("replied more than ten years after it was sent".to_string())
                    })?,
            }),
        };
        let (outcome, due) = judge(&tally.sla, request);
        tally.cases.push(Case {
            sent: request.sent,
            replied: request.replied,
            due,
            reply_minutes,
            from: request.from.clone(),
            to: request.to.clone(),
            urgent: request.urgent,
            outside_plan,
            outcome,
            subject: request.subject.clone(),
            place: request.place.clone(),
        });
        self.observe(request.sent);
        if let Some(replied) = request.replied {
            self.observe(replied);
        }
        self.request_contacts(request);
        Ok(())
    }

    /// A counted request's messages as contacts, when its source yields
    /// none of its own.
    fn request_contacts(&mut self, request: &Request) {
        if !request.messages_are_contacts {
            return;
        }
        for at in std::iter::once(request.sent).chain(request.replied) {
            self.contact(&Contact {
                channel: request.channel.clone(),
                at,
                people: vec![request.from.clone(), request.to.clone()],
            });
        }
    }

    /// The figures, open requests judged at the period's end or else the
    /// latest time in the data.
    pub fn finish(mut self) -> Measures {
        let as_of = self.period.until.or(self.latest);
        let window = match (self.period.from.or(self.earliest), as_of) {
            (Some(from), Some(until)) if from < until => Some((from, until)),
            _ => None,
        };
        let series = self.held.take().map(|held| {
            let Some(window) = window else {
                return Vec::new();
            };
            let comparison = calendar::compare(self.compiled, &held, window);
            for contact in &comparison.contacts {
                self.touch(contact);
            }
            for skip in comparison.skips {
                self.skip(skip);
            }
            comparison.series
        });
        let audiences = window.map_or_else(Vec::new, |window| {
            let compiled = self.compiled;
            self.audiences
                .iter_mut()
                .map(|tally| audience_measures(compiled, tally, window))
                .collect()
        });
        let channels = self
            .channels
            .into_iter()
            .filter(|tally| !tally.cases.is_empty())
            .map(|tally| channel_measures(tally, as_of))
            .collect();
        Measures {
            channels,
            as_of,
            skips: self.skips,
            skipped: self.skipped,
            outside_period: self.outside_period,
            audiences,
            series,
        }
    }
}

fn audience_tallies(compiled: &Compiled) -> Vec<AudienceTally<'_>> {
    compiled
        .audiences
        .iter()
        .filter(|audience| audience.external)
        .map(|audience| AudienceTally {
            audience,
            members: audience
                .members
                .iter()
                .filter_map(|id| compiled.person(id)?.email.as_deref())
                .map(|email| email.trim().to_lowercase())
                .collect(),
            times: Vec::new(),
        })
        .collect()
}

/// Touchpoints per week (Monday first, the plan's zone) over the window,
/// against the plan's occurrences addressed to the audience in it.
fn audience_measures(
    compiled: &Compiled,
    tally: &mut AudienceTally<'_>,
    (from, until): (Instant, Instant),
) -> AudienceMeasures {
    let zone = &compiled.zone;
    tally.times.sort_unstable();
    let first = from.local(zone).date.monday();
    // The window ends before `until`: its last minute's week is the last.
    let last = until
        .plus_minutes(-1)
        .unwrap_or(until)
        .local(zone)
        .date
        .monday();
    let mut weeks = Vec::new();
    let mut monday = Some(first);
    while let Some(day) = monday.filter(|day| *day <= last) {
        let touchpoints = tally
            .times
            .iter()
            .filter(|at| at.local(zone).date.monday() == day)
            .count();
        weeks.push(WeekTouchpoints {
            monday: day,
            touchpoints,
        });
        monday = day.add_days(7);
    }
    let planned: usize = compiled
        .addressing(tally.audience)
        .map(|event| calendar::planned(compiled, event, (from, until)).len())
        .sum();
    let planned_per_week = (planned as f64 * 100.0 / weeks.len().max(1) as f64).round() / 100.0;
    AudienceMeasures {
        audience: tally.audience.id.clone(),
        name: tally.audience.name.clone(),
        planned_per_week,
        touchpoints: tally.times.len(),
        weeks,
        longest_silence: longest_silence(&tally.times, from, until),
    }
}

/// The longest gap from the window's start through each touchpoint to its
/// end; the first of equal gaps.
fn longest_silence(sorted: &[Instant], from: Instant, until: Instant) -> Option<Silence> {
    let mut longest: Option<Silence> = None;
    let mut previous = from;
    for at in sorted.iter().copied().chain(std::iter::once(until)) {
        let gap = at.minutes_since(previous);
        if longest
            .as_ref()
            .is_none_or(|s| gap > s.to.minutes_since(s.from))
        {
            longest = Some(Silence {
                from: previous,
                to: at,
            });
        }
        previous = at;
    }
    longest
}

fn channel_measures(mut tally: ChannelTally<'_>, as_of: Option<Instant>) -> ChannelMeasures {
    let channel = tally.sla.channel;
    for case in &mut tally.cases {
        let due_by_then = matches!((case.due, as_of), (Some(due), Some(at)) if due <= at);
        if case.outcome == Outcome::Pending && due_by_then && channel.response.is_some() {
            case.outcome = Outcome::Overdue;
        }
    }
    let cases = tally.cases;
    let count = |outcome: Outcome| cases.iter().filter(|c| c.outcome == outcome).count();
    let (within, late, overdue) = (
        count(Outcome::Within),
        count(Outcome::Late),
        count(Outcome::Overdue),
    );
    let judged = within + late + overdue;
    let attainment_percent = channel
        .response
        .and_then(|_| attainment_percent(within, judged));
    let mut replies: Vec<i64> = cases.iter().filter_map(|c| c.reply_minutes).collect();
    replies.sort_unstable();
    ChannelMeasures {
        channel: channel.id.clone(),
        name: channel.name.clone(),
        response: channel.response.map(|d| d.to_string()),
        urgent_response: channel.urgent_response.map(|d| d.to_string()),
        clock: tally.clock,
        requests: cases.len(),
        urgent: cases.iter().filter(|c| c.urgent).count(),
        outside_plan: cases.iter().filter(|c| c.outside_plan).count(),
        answered: replies.len(),
        within_sla: within,
        late,
        open_overdue: overdue,
        open_pending: count(Outcome::Pending),
        judged,
        attainment_percent,
        median_minutes: nearest_rank(&replies, 50),
        p90_minutes: nearest_rank(&replies, 90),
        cases,
    }
}

/// `within` of `judged` in percent to one decimal; `None` when none was judged.
pub fn attainment_percent(within: usize, judged: usize) -> Option<f64> {
    (judged > 0).then(|| (within as f64 * 1000.0 / judged as f64).round() / 10.0)
}

/// The `percent`-th percentile of sorted values by nearest rank: the
/// smallest value at least `percent` % of the values are at most.
fn nearest_rank(sorted: &[i64], percent: usize) -> Option<i64> {
    let rank = sorted.len().saturating_mul(percent).div_ceil(100).max(1);
    sorted.get(rank - 1).copied()
}

/// "`chta` is not a channel of the plan; did you mean `chat`?"
fn unknown_channel(unknown: &Unknown) -> String {
    format!(
        "`{}` is not a channel of the plan; {}",
        unknown.id,
        unknown.hint("channels")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_plans::{instant, resolved};
    use proptest::prelude::*;

    const PLAN: &str = r#"
version: 1
project:
  name: Measured
  owner: ana
  timezone: Europe/Berlin
  start: 2026-03-02
  end: 2026-12-18
  working_hours: {from: "09:00", to: "17:30"}
  holidays: [2026-04-03, 2026-04-06]
  extra_workdays: [2026-04-11]
people:
  ana: {name: Ana Lima, email: ana@example.com}
  ben: {name: Ben Roth, email: Ben@Client.example}
audiences:
  client: {name: Client, members: [ben], external: true, channels: [email, chat]}
channels:
  email: {kind: email, formal: true, sla: {response: 1bd, urgent_response: 4bh}}
  chat: {kind: chat, sla: {response: 2bh}}
  phone: {kind: call, hours: always, sla: {response: 15m}}
  wiki: {kind: document}
lint: {channel-without-sla: allow, unused-channel: allow}
"#;

    fn berlin(day: &str, hour: u8, minute: u8) -> Instant {
        instant("Europe/Berlin", day, hour, minute)
    }

    fn request(channel: &str, sent: Instant, replied: Option<Instant>, urgent: bool) -> Item {
        Item::Request(Request {
            channel: channel.to_string(),
            from: "ben@client.example".to_string(),
            to: "ana@example.com".to_string(),
            sent,
            replied,
            urgent,
            subject: None,
            messages_are_contacts: true,
            place: Place {
                file: "t.csv".to_string(),
                line: 2,
            },
        })
    }

    fn measure(compiled: &Compiled, period: Period, items: Vec<Item>) -> Measures {
        let mut tally = Tally::new(compiled, period);
        for item in items {
            tally.add(item);
        }
        tally.finish()
    }

    #[test]
    fn friday_evening_answered_monday_took_two_business_hours_within_a_day() {
        let compiled = resolved(PLAN);
        let sent = berlin("2026-03-06", 17, 0);
        let replied = berlin("2026-03-09", 10, 30);
        let measures = measure(
            &compiled,
            Period::default(),
            vec![request("email", sent, Some(replied), false)],
        );
        let [email] = measures.channels.as_slice() else {
            panic!("one channel: {measures:?}")
        };
        assert_eq!(email.median_minutes, Some(120));
        assert_eq!((email.within_sla, email.late, email.answered), (1, 0, 1));
        assert_eq!(email.attainment_percent, Some(100.0));
        assert_eq!(email.outside_plan, 0, "emails match without regard to case");
        assert_eq!(measures.as_of, Some(replied));
    }

    #[test]
    fn open_requests_are_overdue_only_once_due_before_the_time_measured_to() {
        let compiled = resolved(PLAN);
        // Monday 09:00 on chat: due 11:00.
        let sent = berlin("2026-03-09", 9, 0);
        let at = |until| Period {
            from: None,
            until: Some(until),
        };
        let open = vec![request("chat", sent, None, false)];
        let early = measure(&compiled, at(berlin("2026-03-09", 10, 59)), open.clone());
        assert_eq!(
            (
                early.channels[0].open_overdue,
                early.channels[0].open_pending
            ),
            (0, 1)
        );
        assert_eq!(early.channels[0].attainment_percent, None);
        let late = measure(&compiled, at(berlin("2026-03-09", 11, 0)), open);
        assert_eq!(
            (late.channels[0].open_overdue, late.channels[0].open_pending),
            (1, 0)
        );
        assert_eq!(late.channels[0].attainment_percent, Some(0.0));
        assert!(late.channels[0].below(90.0));
    }

    #[test]
    fn unknown_channels_and_backward_replies_are_skips_with_their_place() {
        let compiled = resolved(PLAN);
        let sent = berlin("2026-03-09", 9, 0);
        let measures = measure(
            &compiled,
            Period::default(),
            vec![
                request("emial", sent, None, false),
                request("email", sent, Some(berlin("2026-03-09", 8, 0)), false),
            ],
        );
        assert!(measures.channels.is_empty());
        let reasons: Vec<String> = measures
            .skips
            .iter()
            .map(|s| format!("{}: {}", s.place, s.reason))
            .collect();
        assert_eq!(
            reasons,
            [
                "t.csv:2: `emial` is not a channel of the plan; did you mean `email`?",
                "t.csv:2: replied_at is before sent_at",
            ]
        );
        assert_eq!(measures.skipped, 2);
    }

    #[test]
    fn the_period_counts_what_was_sent_in_it_and_strangers_are_outside_the_plan() {
        let compiled = resolved(PLAN);
        let period = Period {
            from: Some(berlin("2026-03-09", 0, 0)),
            until: Some(berlin("2026-03-10", 0, 0)),
        };
        let mut stranger = request("chat", berlin("2026-03-09", 9, 0), None, true);
        if let Item::Request(r) = &mut stranger {
            r.from = "someone@else.example".to_string();
        }
        let before = request("chat", berlin("2026-03-08", 9, 0), None, false);
        let measures = measure(&compiled, period, vec![stranger, before]);
        assert_eq!(measures.outside_period, 1);
        let chat = &measures.channels[0];
        assert_eq!((chat.requests, chat.urgent, chat.outside_plan), (1, 1, 1));
    }

    #[test]
    fn calendar_promises_count_calendar_minutes_and_no_promise_no_attainment() {
        let compiled = resolved(PLAN);
        let sent = berlin("2026-03-07", 23, 50);
        let measures = measure(
            &compiled,
            Period::default(),
            vec![
                request("phone", sent, Some(berlin("2026-03-08", 0, 10)), false),
                request("wiki", sent, Some(berlin("2026-03-09", 9, 10)), false),
            ],
        );
        let phone = &measures.channels[0];
        assert_eq!(phone.clock, ReplyClock::Calendar);
        assert_eq!((phone.median_minutes, phone.late), (Some(20), 1));
        let wiki = &measures.channels[1];
        assert_eq!(
            (wiki.median_minutes, wiki.attainment_percent),
            (Some(10), None)
        );
        assert!(!wiki.below(90.0));
    }

    #[test]
    fn a_period_of_days_runs_midnight_to_midnight_in_the_zone() {
        let zone = Zone::parse("Europe/Berlin").unwrap();
        let day = |text| Some(crate::test_plans::date(text));
        let period = Period::days(day("2026-03-09"), day("2026-03-13"), &zone).unwrap();
        assert_eq!(period.from, Some(berlin("2026-03-09", 0, 0)));
        assert_eq!(period.until, Some(berlin("2026-03-14", 0, 0)));
        assert!(period.holds(berlin("2026-03-13", 23, 59)));
        assert!(!period.holds(berlin("2026-03-14", 0, 0)));
        assert!(!period.holds(berlin("2026-03-08", 23, 59)));
        let open = Period::days(None, None, &zone).unwrap();
        assert!(open.holds(berlin("1999-01-01", 0, 0)));
    }

    #[test]
    fn a_skipped_request_is_no_touchpoint_and_moves_no_time() {
        let compiled = resolved(PLAN);
        let sent = berlin("2026-03-10", 9, 0);
        let replied = berlin("2026-03-10", 10, 0);
        let measures = measure(
            &compiled,
            Period::default(),
            vec![
                request("email", sent, Some(berlin("2026-03-05", 10, 30)), false),
                request("email", sent, Some(berlin("2036-09-09", 10, 30)), false),
                // A calendar-time channel, and a request before --from: the same bound.
                request("phone", sent, Some(berlin("2090-03-09", 10, 30)), false),
                request("chat", sent, Some(replied), false),
            ],
        );
        assert_eq!(measures.skipped, 3);
        assert_eq!(measures.as_of, Some(replied));
        let client = &measures.audiences[0];
        assert_eq!(client.touchpoints, 2, "the chat request and its reply");
        assert_eq!(
            client.weeks[0].monday,
            crate::test_plans::date("2026-03-09")
        );
    }

    #[test]
    fn percentiles_are_by_nearest_rank() {
        let values: Vec<i64> = (1..=10).collect();
        assert_eq!(nearest_rank(&values, 50), Some(5));
        assert_eq!(nearest_rank(&values, 90), Some(9));
        assert_eq!(nearest_rank(&[7], 90), Some(7));
        assert_eq!(nearest_rank(&[], 50), None);
    }

    proptest! {
        /// "Within the SLA" is "replied at or before the due time `plan sla`
        /// gives", for any send and reply time, urgent or not.
        #[test]
        fn within_the_sla_is_replied_by_the_time_plan_sla_gives(
            channel in prop::sample::select(vec!["email", "chat", "phone"]),
            sent_minute in 0i64..60 * 24 * 60,
            wait in 0i64..5 * 24 * 60,
            urgent in any::<bool>(),
        ) {
            let compiled = resolved(PLAN);
            let start = berlin("2026-03-26", 0, 0);
            let sent = start.plus_minutes(sent_minute).unwrap();
            let replied = sent.plus_minutes(wait).unwrap();
            let measures = measure(
                &compiled,
                Period::default(),
                vec![request(channel, sent, Some(replied), urgent)],
            );
            let sla = Sla::of(&compiled, channel).unwrap();
            let due = sla.deadlines(sent, urgent).unwrap().deadlines[0].due;
            let within = due.is_none_or(|due| replied <= due);
            prop_assert_eq!(measures.channels[0].within_sla == 1, within);
            prop_assert_eq!(measures.channels[0].late == 1, !within);
        }
    }
}
