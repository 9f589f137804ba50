//! One builder per handbook section, in the handbook's order. Each reads the
//! view's `Scope` and leaves out what the view does not show.

use std::collections::BTreeMap;

use crate::compile::{ChangeKind, Event, EventKind};
use crate::model::{Duration, Hours, TimeOfDay, Visibility, Weekday};
use crate::time::{Instant, Zone};

use super::Scope;
use super::contract::{
    AudienceChannels, Band, Barrier, Change, Channel, ChannelReach, Clock, Contact, Escalation,
    Goal, Link, MatrixRow, Meeting, Onboarding, Project, Report, Review, RichText, Segment, Step,
    Task, Training, Week, WeekDay, WeekItem, WorkingTime,
};
use super::text::{self, Waited};

pub(super) fn project(scope: &Scope) -> Project {
    let compiled = scope.compiled;
    let project = scope.plan.project.as_ref();
    Project {
        name: compiled.name.clone(),
        client: project
            .and_then(|p| p.client.as_ref())
            .map(|c| c.value.clone()),
        summary: RichText::from_markdown(project.and_then(|p| p.summary.as_deref())),
        owner: project
            .map(|p| scope.person_name(p.owner.as_str()))
            .unwrap_or_default(),
        zone: compiled.zone.name().to_string(),
        dates: match compiled.end {
            Some(end) => format!("{} – {end}", compiled.start),
            None => compiled.start.to_string(),
        },
    }
}

/// The audience the view is for.
pub(super) fn view(scope: &Scope) -> Option<Link> {
    let audience = scope.compiled.audience(scope.view?)?;
    Some(audience_link(audience))
}

fn audience_link(audience: &crate::compile::Audience) -> Link {
    Link {
        id: audience.id.clone(),
        name: audience.name.clone(),
        anchor: format!("audience-{}", audience.id),
    }
}

pub(super) fn goals(scope: &Scope) -> Vec<Goal> {
    let mut serving = serving(scope);
    scope
        .plan
        .goals
        .iter()
        .filter(|(_, g)| scope.shows(g.visibility == Visibility::Internal))
        .map(|(id, goal)| Goal {
            anchor: format!("goal-{id}"),
            title: goal.title.value.clone(),
            measure: goal.measure.as_ref().map(|m| m.value.clone()),
            served_by: serving.remove(id.as_str()).unwrap_or_default(),
        })
        .collect()
}

/// Per goal, the meetings and then the reports that serve it, as far as
/// the view shows them.
fn serving<'a>(scope: &Scope<'a>) -> BTreeMap<&'a str, Vec<Link>> {
    let plan = scope.plan;
    let mut serving: BTreeMap<&str, Vec<Link>> = BTreeMap::new();
    for kind in [EventKind::Meeting, EventKind::Report] {
        for event in scope.shown(kind) {
            let goals = match kind {
                EventKind::Meeting => plan.meetings.get(&event.id).map(|m| &m.goals),
                _ => plan.reports.get(&event.id).map(|r| &r.goals),
            };
            for goal in goals.into_iter().flat_map(|g| g.iter()) {
                let links = serving.entry(goal.as_str()).or_default();
                // A goal named twice by one item serves it once.
                if links
                    .last()
                    .is_some_and(|l| l.anchor == event_anchor(kind, &event.id))
                {
                    continue;
                }
                links.push(Link {
                    id: event.id.clone(),
                    name: event.title.clone(),
                    anchor: event_anchor(kind, &event.id),
                });
            }
        }
    }
    serving
}

/// Who hears what, how often, through which channel: one row per activity
/// per audience. The channels that merely reach an audience are
/// `audience_channels`.
pub(super) fn matrix(scope: &Scope) -> Vec<MatrixRow> {
    let m = scope.m;
    let mut rows = Vec::new();
    for audience in audiences_in_view(scope) {
        let link = audience_link(audience);
        for event in scope
            .compiled
            .addressing(audience)
            .filter(|e| scope.shows_event(e.kind, &e.id))
        {
            // A report is answered on its channel; a meeting is not answered.
            let reply = match event.kind {
                EventKind::Report => event
                    .channel
                    .as_deref()
                    .and_then(|c| scope.compiled.channel(c))
                    .and_then(|c| c.response),
                _ => None,
            };
            rows.push(MatrixRow {
                audience: link.clone(),
                what: Link {
                    id: event.id.clone(),
                    name: event.title.clone(),
                    anchor: event_anchor(event.kind, &event.id),
                },
                kind: m.get(&format!("kind_{}", event.kind.as_str())),
                sla: scope.or_none(reply.map(|d| scope.words(d))),
                channel: scope.or_none(event.channel.as_deref().map(|c| scope.channel_name(c))),
                cadence: scope.cadence(event),
                owner: scope.or_none(event.organizer.as_deref().map(|o| scope.person_name(o))),
            });
        }
    }
    rows
}

/// The audiences the view is about: all, or the one it is for.
fn audiences_in_view<'a>(
    scope: &'a Scope,
) -> impl Iterator<Item = &'a crate::compile::Audience> + 'a {
    scope
        .compiled
        .audiences
        .iter()
        .filter(|a| scope.view.is_none_or(|v| v == a.id))
}

/// Per audience, its preferred channels the view shows: where to find
/// each and how fast it answers.
pub(super) fn audience_channels(scope: &Scope) -> Vec<AudienceChannels> {
    audiences_in_view(scope)
        .map(|audience| AudienceChannels {
            audience: audience_link(audience),
            channels: preferred_channels(scope, &audience.id)
                .map(|(id, channel)| ChannelReach {
                    id: id.to_string(),
                    name: scope.channel_name(id),
                    anchor: format!("channel-{id}"),
                    reach: channel.address.as_ref().map(|a| a.value.clone()),
                    reach_link: text::reach_link(channel),
                    response: channel
                        .sla
                        .as_ref()
                        .and_then(|s| s.response.as_ref())
                        .map(|d| scope.words(d.value)),
                })
                .collect(),
        })
        .filter(|a| !a.channels.is_empty())
        .collect()
}

/// An event's own zone, as an IANA name.
fn own_zone(event: Option<&Event>) -> String {
    event.map_or_else(String::new, |e| e.recurrence.zone.name().to_string())
}

/// The anchor of an event's section: `meeting-weekly-sync`.
pub(super) fn event_anchor(kind: EventKind, id: &str) -> String {
    format!("{}-{id}", kind.as_str())
}

/// The channels an audience prefers, in its order, as far as the view shows them.
fn preferred_channels<'a>(
    scope: &'a Scope,
    audience: &str,
) -> impl Iterator<Item = (&'a str, &'a crate::model::Channel)> + 'a {
    let plan = scope.plan;
    plan.audiences
        .get(audience)
        .into_iter()
        .flat_map(|a| a.channels.iter())
        .filter_map(move |id| Some((id.as_str(), plan.channels.get(id.as_str())?)))
        .filter(|(_, c)| scope.shows(c.visibility == Visibility::Internal))
}

/// The week at a glance: a typical week in the reader's zone, every
/// recurring item the view shows once on each weekday it falls on (a
/// monthly one once, with its frequency), at its usual time, its other
/// times named where daylight saving moves it; and the working hours of
/// each zone the view involves as bands, with the hours they share. One
/// week, not a grid per daylight-saving period: the items and bands say
/// when their times move, and one grid reads (and prints) at a glance.
pub(super) fn weeks(scope: &Scope) -> Vec<Week> {
    let compiled = scope.compiled;
    let m = scope.m;
    let mut days: Vec<Vec<(u32, WeekItem)>> = vec![Vec::new(); 7];
    let mut dated = Vec::new();
    for event in scope.events.iter().filter(|e| !e.single) {
        let r = &event.recurrence;
        let periods = text::reader_periods(compiled, event, &scope.zone);
        // The longest stretch is its usual time; the first of equals.
        let Some(usual) = periods.iter().rev().max_by_key(|p| p.days) else {
            continue;
        };
        let item = week_item(scope, event, &periods, usual);
        match text::reader_weekdays(r, &compiled.work_week, usual.shift) {
            Some(weekdays) => {
                for day in weekdays {
                    if let Some(list) = days.get_mut(text::weekday_index(day)) {
                        list.push((usual.time.minutes_from_midnight(), item.clone()));
                    }
                }
            }
            None => dated.push(item),
        }
    }
    let (bands, overlap, holds) = bands(scope);
    vec![Week {
        zone: scope.zone.name().to_string(),
        label: m.fill("week_in", &[("zone", &text::city(scope.m, &scope.zone))]),
        holds,
        days: Weekday::ALL
            .iter()
            .zip(days)
            .map(|(day, mut items)| {
                // By time; items at the same time in plan order.
                items.sort_by_key(|(minute, _)| *minute);
                WeekDay {
                    name: m.weekday(*day),
                    items: items.into_iter().map(|(_, item)| item).collect(),
                }
            })
            .collect(),
        dated,
        bands,
        overlap,
    }]
}

fn week_item(
    scope: &Scope,
    event: &Event,
    periods: &[text::ReaderPeriod],
    usual: &text::ReaderPeriod,
) -> WeekItem {
    let m = scope.m;
    let r = &event.recurrence;
    let start = i64::from(usual.time.minutes_from_midnight());
    let times: Vec<(String, Option<crate::time::Date>)> = periods
        .iter()
        .map(|p| (text::shifted_time(m, r, p), p.until))
        .collect();
    WeekItem {
        start: usual.time.to_string(),
        // A report is due at a moment: no end.
        end: if r.duration_minutes > 0 {
            text::clock(start + r.duration_minutes).to_string()
        } else {
            String::new()
        },
        title: event.title.clone(),
        anchor: event_anchor(event.kind, &event.id),
        kind: event.kind.as_str().to_string(),
        frequency: {
            let frequency = text::frequency(m, r);
            // "last Fri monthly" is its own zone's Friday: under the
            // reader's Saturday it says whose.
            if usual.shift != 0 && text::names_a_day_of_the_month(r) {
                m.fill(
                    "freq_in_zone",
                    &[("frequency", &frequency), ("zone", &text::city(m, &r.zone))],
                )
            } else {
                frequency
            }
        },
        own: ((usual.shift, usual.time) != (0, r.at)).then(|| {
            let own = text::zone_time(m, r.at, &r.zone);
            match usual.shift {
                s if s > 0 => m.fill("day_before", &[("time", &own)]),
                s if s < 0 => m.fill("day_after", &[("time", &own)]),
                _ => own,
            }
        }),
        note: (periods.len() > 1).then(|| text::until_then(m, scope.compiled, &times)),
        zone: r.zone.name().to_string(),
    }
}

/// A zone's working hours: its people's (the project's in its own zone).
struct ZoneHours<'a> {
    zone: &'a Zone,
    open: TimeOfDay,
    close: TimeOfDay,
    days: Vec<Weekday>,
    project: bool,
}

/// The working hours of each zone the view involves: the reader's first,
/// then the project's, then each zone its people are in (an audience's
/// members; the whole plan's people); in each, the hours most of them keep.
fn zone_hours<'a>(scope: &'a Scope<'a>) -> Vec<ZoneHours<'a>> {
    let compiled = scope.compiled;
    let people: Vec<&crate::compile::Person> = match scope.view.and_then(|v| compiled.audience(v)) {
        Some(audience) => audience
            .members
            .iter()
            .filter_map(|p| compiled.person(p))
            .collect(),
        None => compiled.people.iter().collect(),
    };
    let mut zones: Vec<&Zone> = vec![&scope.zone, &compiled.zone];
    zones.extend(people.iter().map(|p| &p.zone));
    let mut hours: Vec<ZoneHours> = Vec::new();
    for zone in zones {
        if hours.iter().any(|h| h.zone == zone) {
            continue;
        }
        if *zone == compiled.zone {
            hours.push(ZoneHours {
                zone,
                open: compiled.open,
                close: compiled.close,
                days: compiled.work_week.days.clone(),
                project: true,
            });
            continue;
        }
        let kept: Vec<(TimeOfDay, TimeOfDay, &Vec<Weekday>)> = people
            .iter()
            .filter(|p| p.zone == *zone)
            .map(|p| (p.open, p.close, &p.work_week.days))
            .collect();
        let count =
            |k: &(TimeOfDay, TimeOfDay, &Vec<Weekday>)| kept.iter().filter(|o| *o == k).count();
        if let Some((open, close, days)) = kept.iter().rev().max_by_key(|k| count(k)) {
            hours.push(ZoneHours {
                zone,
                open: *open,
                close: *close,
                days: (*days).clone(),
                project: false,
            });
        }
    }
    hours
}

const DAY: i64 = 24 * 60;
/// Minutes in a week, the length of `WeekMinutes`.
const WEEK: i64 = 7 * DAY;

impl ZoneHours<'_> {
    /// Its working day in minutes (one that closes past midnight included).
    fn length(&self) -> i64 {
        let open = i64::from(self.open.minutes_from_midnight());
        (i64::from(self.close.minutes_from_midnight()) - open).rem_euclid(DAY)
    }

    /// Its working days, Monday first.
    fn sorted_days(&self) -> Vec<Weekday> {
        let mut days = self.days.clone();
        days.sort_by_key(|d| text::weekday_index(*d));
        days.dedup();
        days
    }
}

/// Where a zone's working days open on the reader's clock through the
/// project: from each reader's date on (the first the project's start), the
/// opening in minutes from the reader's midnight of the zone's own date
/// (below 0 on the reader's day before, from 1440 on the day after).
///
/// Judged per working day, at its opening: each zone's offset change (a
/// few a year, never by stepping through the days) moves the opening from
/// the first working day that opens after it. So two zones that change on
/// one date at different hours (Los Angeles and New York, three hours
/// apart) never show the hours between their changes, which no working
/// day sees.
fn openings(scope: &Scope, h: &ZoneHours) -> Option<Vec<(crate::time::Date, i64)>> {
    let compiled = scope.compiled;
    let reader = &scope.zone;
    let open = i64::from(h.open.minutes_from_midnight());
    // Two days each side: a band may open up to two reader's days from its own.
    let first = compiled.start.add_days(-3)?;
    let last = compiled.horizon.add_days(3)?;
    let midnight = TimeOfDay { hour: 0, minute: 0 };
    let from = Instant::at_local(first, midnight, h.zone)?;
    let to = Instant::at_local(last, midnight, h.zone)?;
    let opening = |date: crate::time::Date| -> Option<i64> {
        let at = Instant::at_local(date, h.open, h.zone)?;
        let difference = at.local(reader).offset_seconds - at.local(h.zone).offset_seconds;
        Some(open + i64::from(difference / 60))
    };
    // The zone's first day opening at or after each change of either zone.
    let mut days = vec![first];
    for change in reader
        .offset_changes(from, to)
        .into_iter()
        .chain(h.zone.offset_changes(from, to))
    {
        let date = change.local(h.zone).date;
        let opens = Instant::at_local(date, h.open, h.zone)?;
        days.push(if opens >= change {
            date
        } else {
            date.add_days(1)?
        });
    }
    days.sort_unstable();
    days.dedup();
    let mut opened: Vec<(crate::time::Date, i64)> = Vec::new();
    for day in days {
        let minutes = opening(day)?;
        let on = day.add_days(minutes.div_euclid(DAY))?;
        // Where the reader's day it opens on moves back, the new opening
        // holds from there.
        while opened.last().is_some_and(|(from, _)| *from >= on) {
            opened.pop();
        }
        if opened.last().is_none_or(|(_, before)| *before != minutes) {
            opened.push((on, minutes));
        }
    }
    // From the project's start through its horizon.
    let start = compiled.start;
    let before = opened.iter().rposition(|(on, _)| *on <= start).unwrap_or(0);
    let mut opened = opened.split_off(before);
    if let Some((on, _)) = opened.first_mut() {
        *on = start;
    }
    opened.retain(|(on, _)| *on <= compiled.horizon);
    Some(opened)
}

/// The reader's days from the project's start through its horizon, cut
/// where any zone's band opens at another time of the reader's day.
struct Stretches {
    /// Each stretch's first day and each zone's opening then (see `openings`).
    starts: Vec<(crate::time::Date, Vec<i64>)>,
    /// Each stretch's last day.
    lasts: Vec<crate::time::Date>,
    /// The longest (the first of equals): the one the week is drawn for.
    longest: usize,
}

impl Stretches {
    fn new(scope: &Scope, openings: &[Vec<(crate::time::Date, i64)>]) -> Stretches {
        let mut cuts: Vec<crate::time::Date> = openings
            .iter()
            .flat_map(|zone| zone.iter().map(|(on, _)| *on))
            .collect();
        cuts.sort_unstable();
        cuts.dedup();
        let at = |day: crate::time::Date| -> Vec<i64> {
            openings
                .iter()
                .map(|zone| {
                    let index = zone.partition_point(|(on, _)| *on <= day);
                    zone.get(index.saturating_sub(1)).map_or(0, |(_, m)| *m)
                })
                .collect()
        };
        let mut starts: Vec<(crate::time::Date, Vec<i64>)> = Vec::new();
        for day in cuts {
            let now = at(day);
            if starts.last().is_none_or(|(_, before)| *before != now) {
                starts.push((day, now));
            }
        }
        if starts.is_empty() {
            starts.push((scope.compiled.start, at(scope.compiled.start)));
        }
        let lasts: Vec<crate::time::Date> = starts
            .iter()
            .skip(1)
            .map(|(day, _)| day.add_days(-1).unwrap_or(*day))
            .chain([scope.compiled.horizon])
            .collect();
        let longest = starts
            .iter()
            .zip(&lasts)
            .enumerate()
            .rev()
            .max_by_key(|(_, ((first, _), last))| last.days_since(*first))
            .map_or(0, |(index, _)| index);
        Stretches {
            starts,
            lasts,
            longest,
        }
    }

    /// Where there is more than one: "Drawn for 29 Mar to 30 Sep: ...".
    fn holds(&self, scope: &Scope) -> Option<String> {
        if self.starts.len() < 2 {
            return None;
        }
        let (from, _) = self.starts.get(self.longest)?;
        let until = self.lasts.get(self.longest)?;
        let short = |d| text::day_month(scope.m, scope.compiled, d);
        Some(scope.m.fill(
            "week_holds",
            &[("from", &short(*from)), ("until", &short(*until))],
        ))
    }
}

/// Minutes of the reader's week, Monday 00:00 first, as bits.
#[derive(Clone, PartialEq, Eq)]
struct WeekMinutes(Vec<u64>);

impl WeekMinutes {
    fn none() -> WeekMinutes {
        WeekMinutes(vec![0; 7 * 24 * 60 / 64 + 1])
    }

    /// The minutes a zone works on the reader's week, its days opening
    /// `opening` minutes from the reader's midnight of each of its own days:
    /// its own weekdays land on the reader's where the clocks put them.
    fn worked(h: &ZoneHours, opening: i64) -> WeekMinutes {
        let mut week = WeekMinutes::none();
        for day in &h.days {
            let start = text::weekday_index(*day) as i64 * DAY + opening;
            for minute in start..start + h.length() {
                let minute = usize::try_from(minute.rem_euclid(WEEK)).unwrap_or(0);
                if let Some(word) = week.0.get_mut(minute / 64) {
                    *word |= 1 << (minute % 64);
                }
            }
        }
        week
    }

    fn has(&self, minute: i64) -> bool {
        let Ok(minute) = usize::try_from(minute) else {
            return false;
        };
        self.0
            .get(minute / 64)
            .is_some_and(|word| (word >> (minute % 64)) & 1 == 1)
    }

    fn and(&mut self, other: &WeekMinutes) {
        for (word, theirs) in self.0.iter_mut().zip(&other.0) {
            *word &= theirs;
        }
    }

    /// Each reader's weekday's runs of minutes from its midnight, Monday first.
    fn days(&self) -> Vec<Vec<(i64, i64)>> {
        (0..7)
            .map(|day| {
                let mut runs: Vec<(i64, i64)> = Vec::new();
                for minute in 0..DAY {
                    if !self.has(day * DAY + minute) {
                        continue;
                    }
                    match runs.last_mut() {
                        Some((_, to)) if *to == minute => *to = minute + 1,
                        _ => runs.push((minute, minute + 1)),
                    }
                }
                runs
            })
            .collect()
    }

    /// The minutes of the day it holds on any weekday, as runs: what a
    /// band draws.
    fn any_day(&self) -> Vec<(i64, i64)> {
        let mut runs: Vec<(i64, i64)> = Vec::new();
        for minute in 0..DAY {
            if !(0..7).any(|day| self.has(day * DAY + minute)) {
                continue;
            }
            match runs.last_mut() {
                Some((_, to)) if *to == minute => *to = minute + 1,
                _ => runs.push((minute, minute + 1)),
            }
        }
        runs
    }
}

/// Each zone's working week on the reader's clock at each of its openings.
struct Worked(Vec<Vec<(i64, WeekMinutes)>>);

impl Worked {
    fn new(hours: &[ZoneHours], openings: &[Vec<(crate::time::Date, i64)>]) -> Worked {
        Worked(
            hours
                .iter()
                .zip(openings)
                .map(|(h, opened)| {
                    let mut weeks: Vec<(i64, WeekMinutes)> = Vec::new();
                    for (_, opening) in opened {
                        if !weeks.iter().any(|(o, _)| o == opening) {
                            weeks.push((*opening, WeekMinutes::worked(h, *opening)));
                        }
                    }
                    weeks
                })
                .collect(),
        )
    }

    /// The minutes all of the zones `which` work, each at its opening in `openings`.
    fn shared(&self, which: &[usize], openings: &[i64]) -> WeekMinutes {
        let mut shared: Option<WeekMinutes> = None;
        for index in which {
            let (Some(weeks), Some(opening)) = (self.0.get(*index), openings.get(*index)) else {
                continue;
            };
            let Some((_, week)) = weeks.iter().find(|(o, _)| o == opening) else {
                continue;
            };
            match &mut shared {
                Some(all) => all.and(week),
                None => shared = Some(week.clone()),
            }
        }
        shared.unwrap_or_else(WeekMinutes::none)
    }
}

/// The hours some zones share: in the week drawn, through the project
/// where daylight saving moves them, and as drawn.
struct Shared {
    /// "09:00–12:00 Berlin", "09:00–12:00 Auckland, Tue–Fri"; `None` for none.
    hours: Option<String>,
    /// "09:00–11:00 until 28 Mar, then 09:00–12:00".
    note: Option<String>,
    segments: Vec<(i64, i64)>,
}

/// What the zones `which` share, judged per reader's weekday in each
/// stretch: their own working days land on the reader's calendar where the
/// clocks put them (Monday in Auckland is Sunday in Los Angeles).
fn shared(
    scope: &Scope,
    worked: &Worked,
    stretches: &Stretches,
    which: &[usize],
    usual: Option<&[Weekday]>,
) -> Shared {
    let m = scope.m;
    let drawn = stretches
        .starts
        .get(stretches.longest)
        .map_or_else(WeekMinutes::none, |(_, openings)| {
            worked.shared(which, openings)
        });
    // Other dates' hours name their weekdays only where those differ from
    // the drawn week's.
    let drawn_days = match week_groups(&drawn).as_slice() {
        [(_, days)] => Some(days.clone()),
        _ => usual.map(<[Weekday]>::to_vec),
    };
    let mut changes: Vec<(String, Option<crate::time::Date>)> = Vec::new();
    // A stretch in which none of `which` moves says what the one before said.
    let mut before: Option<Vec<i64>> = None;
    for ((_, openings), last) in stretches.starts.iter().zip(&stretches.lasts) {
        let own: Vec<i64> = which
            .iter()
            .map(|i| openings.get(*i).copied().unwrap_or(0))
            .collect();
        if before.as_ref() != Some(&own) {
            let week = worked.shared(which, openings);
            let said = shared_phrase(scope, &week, drawn_days.as_deref(), false)
                .unwrap_or_else(|| m.get("overlap_none_short"));
            if changes.last().is_none_or(|(text, _)| *text != said) {
                changes.push((said, None));
            }
        }
        if let Some((_, until)) = changes.last_mut() {
            *until = Some(*last);
        }
        before = Some(own);
    }
    if let Some((_, until)) = changes.last_mut() {
        *until = None;
    }
    Shared {
        hours: shared_phrase(scope, &drawn, usual, true),
        note: (changes.len() > 1).then(|| text::until_then(m, scope.compiled, &changes)),
        segments: drawn.any_day(),
    }
}

/// Runs of minutes from a reader's midnight, and the reader's weekdays
/// that have them.
type DaysAlike = (Vec<(i64, i64)>, Vec<Weekday>);

/// The reader's weekdays with the same shared minutes, each set with its
/// runs, in the order of the week.
fn week_groups(week: &WeekMinutes) -> Vec<DaysAlike> {
    let mut groups: Vec<DaysAlike> = Vec::new();
    for (runs, day) in week.days().into_iter().zip(Weekday::ALL) {
        if runs.is_empty() {
            continue;
        }
        match groups.iter_mut().find(|(r, _)| *r == runs) {
            Some((_, days)) => days.push(day),
            None => groups.push((runs, vec![day])),
        }
    }
    groups
}

/// "09:00–12:00 Munich"; with the reader's weekdays where they are not
/// `usual` (the reader's working days): "09:00–12:00 Auckland, Tue–Fri",
/// one phrase per set of weekdays with the same hours; `None` for no minute.
fn shared_phrase(
    scope: &Scope,
    week: &WeekMinutes,
    usual: Option<&[Weekday]>,
    with_zone: bool,
) -> Option<String> {
    let m = scope.m;
    let groups = week_groups(week);
    let zone = text::city(m, &scope.zone);
    let phrases: Vec<String> = groups
        .iter()
        .map(|(runs, days)| {
            let ranges: Vec<String> = runs
                .iter()
                .map(|(from, to)| text::clock_range(*from, *to))
                .collect();
            let times = m.list(&ranges);
            let times = if with_zone {
                m.fill("zone_time", &[("time", &times), ("zone", &zone)])
            } else {
                times
            };
            if usual == Some(days.as_slice()) {
                times
            } else {
                m.fill(
                    "band_shared_days",
                    &[("times", &times), ("days", &text::days_span(m, days))],
                )
            }
        })
        .collect();
    (!phrases.is_empty()).then(|| phrases.join(&m.get("semicolon")))
}

/// The bands of the zones' working hours on the reader's day, the hours
/// all share, and, where daylight saving moves a band within the project,
/// the dates the drawn bands hold. Drawn for the longest stretch in which
/// no band moves; each band names its other hours, and the shared hours
/// theirs.
fn bands(scope: &Scope) -> (Vec<Band>, Option<Band>, Option<String>) {
    let m = scope.m;
    let hours = zone_hours(scope);
    let opened: Option<Vec<Vec<(crate::time::Date, i64)>>> =
        hours.iter().map(|h| openings(scope, h)).collect();
    let Some(opened) = opened else {
        return (Vec::new(), None, None);
    };
    let stretches = Stretches::new(scope, &opened);
    let worked = Worked::new(&hours, &opened);
    let mut bands: Vec<Band> = hours
        .iter()
        .zip(&opened)
        .enumerate()
        .map(|(index, (h, opened))| band(scope, h, index, &stretches, opened))
        .collect();
    // The reader's working days: shared hours on other days say which.
    let usual = hours
        .first()
        .filter(|h| *h.zone == scope.zone)
        .map(ZoneHours::sorted_days);
    let usual = usual.as_deref();
    let with_note = |text: String, note: Option<String>| match note {
        Some(note) => format!(
            "{text}{}{note}{}",
            m.get("paren_open"),
            m.get("paren_close")
        ),
        None => text,
    };
    let two = bands.len() == 2;
    // With more than two, each other band says what it shares with the
    // reader's; with two, the overlap row says it.
    if !two {
        for (index, band) in bands.iter_mut().enumerate().skip(1) {
            let shared = shared(scope, &worked, &stretches, &[0, index], usual);
            let said = match shared.hours {
                Some(times) => m.fill("band_shared", &[("times", &times)]),
                None => m.get("band_shared_none"),
            };
            band.shared = Some(with_note(said, shared.note));
        }
    }
    let overlap = (bands.len() > 1).then(|| {
        let all: Vec<usize> = (0..bands.len()).collect();
        let shared = shared(scope, &worked, &stretches, &all, usual);
        let (name, none) = if two {
            ("week_overlap_two", "overlap_none_two")
        } else {
            ("week_overlap", "overlap_none")
        };
        Band {
            name: m.get(name),
            zone: scope.zone.name().to_string(),
            hours: shared.hours.unwrap_or_else(|| m.get(none)),
            local: None,
            note: shared.note,
            shared: None,
            segments: segments(&shared.segments),
            reader: true,
        }
    });
    (bands, overlap, stretches.holds(scope))
}

/// One zone's band, drawn for the stretch the week is drawn for, its other
/// hours through the project in its note.
fn band(
    scope: &Scope,
    h: &ZoneHours,
    index: usize,
    stretches: &Stretches,
    opened: &[(crate::time::Date, i64)],
) -> Band {
    let m = scope.m;
    let open = i64::from(h.open.minutes_from_midnight());
    let length = h.length();
    let usual = stretches
        .starts
        .get(stretches.longest)
        .and_then(|(_, openings)| openings.get(index).copied())
        .unwrap_or(open);
    let mut changes: Vec<(String, Option<crate::time::Date>)> = Vec::new();
    for (at, (_, opening)) in opened.iter().enumerate() {
        let text = text::clock_range(*opening, opening + length);
        let until = opened.get(at + 1).and_then(|(next, _)| next.add_days(-1));
        match changes.last_mut() {
            Some((last, last_until)) if *last == text => *last_until = until,
            _ => changes.push((text, until)),
        }
    }
    if let Some((_, until)) = changes.last_mut() {
        *until = None;
    }
    let is_reader = *h.zone == scope.zone;
    let name = text::city(m, h.zone);
    let reader_city = text::city(m, &scope.zone);
    // Its working days on the reader's calendar, where they are others.
    let own_days = h.sorted_days();
    let mut reader_days: Vec<Weekday> = own_days
        .iter()
        .map(|d| text::shift_weekday(*d, usual.div_euclid(DAY)))
        .collect();
    reader_days.sort_by_key(|d| text::weekday_index(*d));
    let range = text::clock_range(usual, usual + length);
    Band {
        name: if h.project {
            m.fill("band_project", &[("zone", &name)])
        } else {
            name.clone()
        },
        zone: h.zone.name().to_string(),
        hours: m.fill(
            "band_hours",
            &[
                ("range", &text::clock_range(open, open + length)),
                ("zone", &name),
                ("days", &text::days_span(m, &h.days)),
            ],
        ),
        local: (!is_reader).then(|| {
            if reader_days == own_days {
                m.fill("zone_time", &[("time", &range), ("zone", &reader_city)])
            } else {
                m.fill(
                    "band_hours",
                    &[
                        ("range", &range),
                        ("zone", &reader_city),
                        ("days", &text::days_span(m, &reader_days)),
                    ],
                )
            }
        }),
        note: (changes.len() > 1).then(|| text::until_then(m, scope.compiled, &changes)),
        shared: None,
        segments: segments(&day_segments((usual, usual + length))),
        reader: is_reader,
    }
}

/// A span of minutes from the reader's midnight (possibly before it or
/// past the next) as the stretches of one day it covers.
fn day_segments((from, to): (i64, i64)) -> Vec<(i64, i64)> {
    if to - from >= DAY {
        return vec![(0, DAY)];
    }
    let start = from.rem_euclid(DAY);
    let end = start + (to - from);
    let mut parts = Vec::new();
    if end > DAY {
        parts.push((0, end - DAY));
        parts.push((start, DAY));
    } else if end > start {
        parts.push((start, end));
    }
    parts
}

fn segments(spans: &[(i64, i64)]) -> Vec<Segment> {
    spans
        .iter()
        .map(|(from, to)| Segment {
            start: u32::try_from(*from).unwrap_or(0),
            width: u32::try_from(to - from).unwrap_or(0),
            label: text::clock_range(*from, *to),
        })
        .collect()
}

pub(super) fn meetings(scope: &Scope) -> Vec<Meeting> {
    scope
        .shown(EventKind::Meeting)
        .filter_map(|e| Some((e.id.as_str(), scope.plan.meetings.get(&e.id)?)))
        .map(|(id, meeting)| self::meeting(scope, id, meeting))
        .collect()
}

fn meeting(scope: &Scope, id: &str, meeting: &crate::model::Meeting) -> Meeting {
    let m = scope.m;
    let event = scope.event(EventKind::Meeting, id);
    let owner = scope.person_or_none(meeting.owner.as_ref());
    let duration = meeting.schedule.duration.as_ref().map(|d| d.value);
    // A task's owner is the meeting's unless the task names one.
    let task = |task: &str, when: String, who: Option<&str>, via: Option<&str>| Task {
        task: task.to_string(),
        when,
        owner: who.map_or_else(|| owner.clone(), |p| scope.person_name(p)),
        via: via.map(|c| scope.channel_name(c)).unwrap_or_default(),
    };
    Meeting {
        id: id.to_string(),
        anchor: event_anchor(EventKind::Meeting, id),
        title: meeting.title.value.clone(),
        purpose: RichText::from_markdown(meeting.purpose.as_deref()),
        cadence: event.map(|e| scope.cadence(e)).unwrap_or_default(),
        zone: own_zone(event),
        duration: duration.map(|d| d.to_string()).unwrap_or_default(),
        duration_words: duration.map(|d| scope.words(d)).unwrap_or_default(),
        channel: scope.or_none(
            meeting
                .channel
                .as_ref()
                .map(|c| scope.channel_name(c.as_str())),
        ),
        link: event.and_then(|e| e.url.clone()),
        dial_in: meeting.dial_in.as_ref().map(|d| d.value.clone()),
        owner: owner.clone(),
        attendees: event
            .map(|e| e.attendees.iter().map(|p| scope.person_name(p)).collect())
            .unwrap_or_default(),
        agenda: meeting.agenda.iter().map(|a| a.value.clone()).collect(),
        prepare: meeting
            .prepare
            .iter()
            .map(|t| {
                let before = scope.words(t.before.value);
                let when = m.fill("before_meeting", &[("duration", &before)]);
                task(
                    &t.task,
                    when,
                    t.owner.as_ref().map(|o| o.as_str()),
                    t.via.as_ref().map(|v| v.as_str()),
                )
            })
            .collect(),
        follow_up: meeting
            .follow_up
            .iter()
            .map(|t| {
                let within = scope.words(t.within.value);
                let when = m.fill("after_meeting", &[("duration", &within)]);
                task(
                    &t.task,
                    when,
                    t.owner.as_ref().map(|o| o.as_str()),
                    t.via.as_ref().map(|v| v.as_str()),
                )
            })
            .collect(),
        next: event
            .and_then(|e| scope.first_date_read(e))
            .map(|date| text::long_date(m, date)),
        changes: changes(scope, event),
    }
}

/// An event's changes to single occurrences, in date order, in the plan's
/// language; dates and times in the reader's zone, the event's own time in
/// brackets where it differs.
fn changes(scope: &Scope, event: Option<&Event>) -> Vec<Change> {
    let m = scope.m;
    let Some(event) = event else {
        return Vec::new();
    };
    let zone = &event.recurrence.zone;
    event
        .changes
        .iter()
        .map(|change| {
            // The date the reader had it planned on.
            let planned = Instant::at_local(change.planned, change.planned_at, zone)
                .map_or(change.planned, |at| at.local(&scope.zone).date);
            let mut parts = Vec::new();
            match change.kind {
                ChangeKind::Cancelled => parts.push(m.get("change_cancelled")),
                ChangeKind::Moved(moved) => {
                    if moved.date != change.planned || moved.at != change.planned_at {
                        let to = match Instant::at_local(moved.date, moved.at, zone) {
                            Some(start) => {
                                let moment = text::moment(m, start, &scope.zone, zone);
                                let date = start.local(&scope.zone).date;
                                if date == planned {
                                    moment.time
                                } else {
                                    format!("{} {}", moment.date, moment.time)
                                }
                            }
                            None => format!("{} {}", text::long_date(m, moved.date), moved.at),
                        };
                        parts.push(m.fill("change_to", &[("to", &to)]));
                    }
                    if moved.duration_minutes != change.planned_minutes {
                        let length = Duration::Calendar {
                            minutes: u64::try_from(moved.duration_minutes).unwrap_or(0),
                        };
                        parts.push(m.fill("change_lasts", &[("duration", &scope.words(length))]));
                    }
                }
                ChangeKind::Noted => {}
            }
            let date = text::long_date(m, planned);
            let text = if parts.is_empty() {
                date
            } else {
                m.fill(
                    "change_line",
                    &[("date", &date), ("change", &parts.join(", "))],
                )
            };
            Change {
                text,
                note: change.note.clone(),
            }
        })
        .collect()
}

pub(super) fn reports(scope: &Scope) -> Vec<Report> {
    scope
        .shown(EventKind::Report)
        .filter_map(|e| Some((e.id.as_str(), scope.plan.reports.get(&e.id)?)))
        .map(|(id, report)| self::report(scope, id, report))
        .collect()
}

fn report(scope: &Scope, id: &str, report: &crate::model::Report) -> Report {
    let event = scope.event(EventKind::Report, id);
    let format = report
        .format
        .as_ref()
        .and_then(|f| scope.plan.formats.get(f.as_str()));
    let subject = report_subject(scope, report, format, event);
    Report {
        id: id.to_string(),
        anchor: event_anchor(EventKind::Report, id),
        title: report.title.value.clone(),
        from: scope.person_or_none(report.from.as_ref()),
        to: report
            .to
            .iter()
            .map(|t| scope.name_of(t.as_str()))
            .collect(),
        channel: scope.channel_name(report.channel.as_str()),
        cadence: event.map(|e| scope.cadence(e)).unwrap_or_default(),
        zone: own_zone(event),
        subject: format
            .and_then(|f| f.subject.as_ref())
            .map(|s| s.value.clone()),
        sections: format
            .map(|f| f.sections.iter().map(|s| s.value.clone()).collect())
            .unwrap_or_default(),
        max_words: format
            .and_then(|f| f.max_words.as_ref())
            .map(|n| scope.m.fill("max_words", &[("n", &n.to_string())])),
        // A view's reader who does not write the report gets no link to write it.
        mailto: scope
            .writes(report.from.as_ref())
            .then(|| report_mailto(scope, report, &subject))
            .flatten(),
        email_subject: subject,
        changes: changes(scope, event),
    }
}

/// The next report's subject: the format's, `{date}` filled in, or the title and date.
fn report_subject(
    scope: &Scope,
    report: &crate::model::Report,
    format: Option<&crate::model::Format>,
    event: Option<&Event>,
) -> String {
    let date = event
        .and_then(|e| scope.first_date(e))
        .map(|date| date.to_string())
        .unwrap_or_default();
    match format.and_then(|f| f.subject.as_ref()) {
        Some(subject) => subject.replace("{date}", &date),
        None => format!("{} – {date}", report.title.value),
    }
}

/// `mailto:` the report's recipients (people, and audiences' members) with the subject.
fn report_mailto(scope: &Scope, report: &crate::model::Report, subject: &str) -> Option<String> {
    let compiled = scope.compiled;
    let mut emails: Vec<String> = Vec::new();
    for target in report.to.iter() {
        let people: Vec<&str> = match compiled.audience(target.as_str()) {
            Some(audience) => audience.members.iter().map(String::as_str).collect(),
            None => vec![target.as_str()],
        };
        for email in people
            .into_iter()
            .filter_map(|p| compiled.person(p))
            .filter_map(|p| p.email.clone())
        {
            if !emails.contains(&email) {
                emails.push(email);
            }
        }
    }
    if emails.is_empty() {
        return None;
    }
    let to: Vec<String> = emails.iter().map(|e| text::percent_encode(e)).collect();
    Some(format!(
        "mailto:{}?subject={}",
        to.join(","),
        text::percent_encode(subject)
    ))
}

pub(super) fn channels(scope: &Scope) -> Vec<Channel> {
    scope
        .plan
        .channels
        .iter()
        .filter(|(_, c)| scope.shows(c.visibility == Visibility::Internal))
        .map(|(id, channel)| self::channel(scope, id.as_str(), channel))
        .collect()
}

fn channel(scope: &Scope, id: &str, channel: &crate::model::Channel) -> Channel {
    let m = scope.m;
    let sla = channel.sla.as_ref();
    let response = sla.and_then(|s| s.response.as_ref()).map(|d| d.value);
    let resolution = sla.and_then(|s| s.resolution.as_ref()).map(|d| d.value);
    let urgent = sla
        .and_then(|s| s.urgent_response.as_ref())
        .map(|d| d.value);
    let compact = |d: Option<crate::model::Duration>| d.map(|d| d.to_string());
    let words = |d: Option<crate::model::Duration>| d.map(|d| scope.words(d));
    Channel {
        id: id.to_string(),
        name: scope.channel_name(id),
        anchor: format!("channel-{id}"),
        kind: text::channel_kind(m, channel.kind.value),
        provider: channel.provider.as_ref().map(|p| p.value.clone()),
        purpose: RichText::from_markdown(channel.purpose.as_deref()),
        address: channel.address.as_ref().map(|a| a.value.clone()),
        url: channel.url.as_ref().map(|u| u.value.clone()),
        formal: channel.formal,
        hours: match channel.hours.as_ref().map(|h| h.value) {
            Some(Hours::Always) => m.get("hours_always"),
            _ => m.get("hours_business"),
        },
        response: compact(response),
        resolution: compact(resolution),
        urgent: compact(urgent),
        response_words: words(response),
        resolution_words: words(resolution),
        urgent_words: words(urgent),
        example: scope
            .compiled
            .channel(id)
            .zip(response)
            .and_then(|(c, wait)| {
                let clock = scope.compiled.business_clock(c);
                let (sent, due) =
                    text::worked_example(m, &clock, scope.compiled.start, wait, &scope.zone)?;
                Some(m.fill("sla_example", &[("sent", &sent), ("due", &due)]))
            }),
        reach: channel.address.as_ref().map(|a| a.value.clone()),
        reach_link: text::reach_link(channel),
    }
}

/// "How we count response times": the clocks reply times run on (one per
/// zone of the view's channels that promise business time; the project's
/// in the whole handbook even when no channel does), the working hours of
/// the audiences' members (the view's own audience only, in a view), the
/// days off and on, and a worked business day in the reader's zone.
pub(super) fn clock(scope: &Scope) -> Clock {
    let m = scope.m;
    let compiled = scope.compiled;
    let clocks = channel_clocks(scope);
    let mut working_times: Vec<WorkingTime> = clocks
        .iter()
        .map(|(clock, names)| WorkingTime {
            who: if names.is_empty() {
                m.get("clock_project")
            } else {
                m.fill("clock_channels", &[("channels", &m.list(names))])
            },
            zone: clock.zone.name().to_string(),
            days: text::work_days(m, &clock.work_week.days),
            hours: format!("{}–{}", clock.open, clock.close),
        })
        .collect();
    for audience in audiences_in_view(scope) {
        working_times.extend(members_working_times(scope, audience));
    }
    // Sets: in date order, each once.
    let dates = |dates: &std::collections::BTreeSet<crate::time::Date>| {
        dates.iter().map(|d| text::long_date(m, *d)).collect()
    };
    let business_day = Duration::Business {
        days: 1,
        minutes: 0,
    };
    let first = clocks.first().map(|(clock, _)| clock);
    Clock {
        working_times,
        holidays: dates(&compiled.work_week.holidays),
        extra_workdays: dates(&compiled.work_week.extra_workdays),
        business_day: first.map_or_else(String::new, |clock| {
            let length = Duration::Calendar {
                minutes: u64::try_from(clock.day_minutes()).unwrap_or(0),
            };
            m.fill(
                "clock_business_day",
                &[
                    ("day", &scope.words(business_day)),
                    ("length", &scope.words(length)),
                ],
            )
        }),
        example: first.and_then(|clock| {
            let (sent, due) =
                text::worked_example(m, clock, compiled.start, business_day, &scope.zone)?;
            Some(m.fill(
                "clock_example",
                &[
                    ("sent", &sent),
                    ("due", &due),
                    ("duration", &scope.words(business_day)),
                ],
            ))
        }),
    }
}

/// The business clocks of the view's channels that promise business time,
/// one per zone with those channels' names, the project's zone first.
fn channel_clocks(scope: &Scope) -> Vec<(crate::time::BusinessClock, Vec<String>)> {
    let compiled = scope.compiled;
    let mut clocks: Vec<(crate::time::BusinessClock, Vec<String>)> = Vec::new();
    if scope.view.is_none() {
        clocks.push((compiled.clock_in(&compiled.zone), Vec::new()));
    }
    for (id, channel) in scope.plan.channels.iter() {
        let Some(resolved) = compiled.channel(id.as_str()) else {
            continue;
        };
        let business = [
            resolved.response,
            resolved.resolution,
            resolved.urgent_response,
        ]
        .into_iter()
        .flatten()
        .any(|d| d.is_business());
        if !business || !scope.shows(channel.visibility == Visibility::Internal) {
            continue;
        }
        match clocks.iter_mut().find(|(c, _)| c.zone == resolved.zone) {
            Some((_, names)) => names.push(resolved.name.clone()),
            None => clocks.push((
                compiled.business_clock(resolved),
                vec![resolved.name.clone()],
            )),
        }
    }
    // The project's zone first: it is the clock the plan names.
    clocks.sort_by_key(|(c, _)| c.zone != compiled.zone);
    clocks
}

/// An audience's members' working days and hours, one entry per zone and
/// hours they share: "Project team: Li Wei and Chen Jie".
fn members_working_times(scope: &Scope, audience: &crate::compile::Audience) -> Vec<WorkingTime> {
    let m = scope.m;
    let mut groups: Vec<(&crate::compile::Person, Vec<String>)> = Vec::new();
    let members = audience
        .members
        .iter()
        .filter_map(|id| scope.compiled.person(id))
        .filter(|p| {
            let internal = scope
                .plan
                .people
                .get(p.id.as_str())
                .is_some_and(|p| p.visibility == Visibility::Internal);
            scope.shows(internal)
        });
    for person in members {
        let same = |other: &&crate::compile::Person| {
            (&other.zone, &other.work_week.days, other.open, other.close)
                == (
                    &person.zone,
                    &person.work_week.days,
                    person.open,
                    person.close,
                )
        };
        match groups.iter_mut().find(|(first, _)| same(first)) {
            Some((_, names)) => names.push(person.name.clone()),
            None => groups.push((person, vec![person.name.clone()])),
        }
    }
    groups
        .into_iter()
        .map(|(person, names)| WorkingTime {
            who: m.fill(
                "clock_members",
                &[("audience", &audience.name), ("people", &m.list(&names))],
            ),
            zone: person.zone.name().to_string(),
            days: text::work_days(m, &person.work_week.days),
            hours: format!("{}–{}", person.open, person.close),
        })
        .collect()
}

pub(super) fn escalations(scope: &Scope) -> Vec<Escalation> {
    scope
        .plan
        .escalations
        .iter()
        .filter(|(_, e)| scope.shows(e.visibility == Visibility::Internal))
        .map(|(id, escalation)| self::escalation(scope, id.as_str(), escalation))
        .collect()
}

fn escalation(scope: &Scope, id: &str, escalation: &crate::model::Escalation) -> Escalation {
    let m = scope.m;
    let mut waited = Waited::default();
    let steps = escalation
        .steps
        .iter()
        .enumerate()
        .map(|(index, step)| {
            waited.add(step.after.as_ref().map(|a| a.value));
            let to: Vec<String> = step.to.iter().map(|t| scope.name_of(t.as_str())).collect();
            Step {
                number: index + 1,
                to: m.list(&to),
                via: scope.channel_name(step.via.as_str()),
                after: step
                    .after
                    .as_ref()
                    .map_or_else(|| m.get("at_once"), |a| scope.words(a.value)),
                total: waited.describe(m),
            }
        })
        .collect();
    Escalation {
        id: id.to_string(),
        anchor: format!("escalation-{id}"),
        when: escalation.when.value.clone(),
        steps,
    }
}

pub(super) fn barriers(scope: &Scope) -> Vec<Barrier> {
    scope
        .plan
        .barriers
        .iter()
        .filter(|(_, x)| scope.shows(x.visibility == Visibility::Internal))
        .map(|(id, barrier)| Barrier {
            id: id.to_string(),
            anchor: format!("barrier-{id}"),
            kind: text::barrier_kind(scope.m, barrier.kind.value),
            affects: barrier
                .affects
                .iter()
                .map(|a| scope.name_of(a.as_str()))
                .collect(),
            description: RichText::from_markdown(barrier.description.as_deref()),
            mitigation: RichText::from_markdown(barrier.mitigation.as_deref()),
            owner: scope.person_or_none(barrier.owner.as_ref()),
        })
        .collect()
}

pub(super) fn trainings(scope: &Scope) -> Vec<Training> {
    scope
        .shown(EventKind::Training)
        .filter_map(|e| Some((e.id.as_str(), scope.plan.trainings.get(&e.id)?)))
        .map(|(id, training)| {
            let event = scope.event(EventKind::Training, id);
            Training {
                id: id.to_string(),
                anchor: event_anchor(EventKind::Training, id),
                topic: training.topic.value.clone(),
                // When the session is held, a change applied.
                when: event.map(|e| scope.cadence(e)).unwrap_or_default(),
                zone: own_zone(event),
                duration: training.duration.to_string(),
                duration_words: scope.words(training.duration.value),
                audience: training
                    .for_
                    .iter()
                    .map(|a| scope.name_of(a.as_str()))
                    .collect(),
                owner: scope.person_or_none(training.owner.as_ref()),
                channel: scope.or_none(
                    training
                        .channel
                        .as_ref()
                        .map(|c| scope.channel_name(c.as_str())),
                ),
                changes: changes(scope, event),
            }
        })
        .collect()
}

pub(super) fn reviews(scope: &Scope) -> Vec<Review> {
    scope
        .shown(EventKind::Review)
        .filter_map(|e| Some((e, scope.plan.reviews.get(&e.id)?)))
        .map(|(event, review)| Review {
            id: event.id.clone(),
            anchor: event_anchor(EventKind::Review, &event.id),
            title: review.title.value.clone(),
            cadence: scope.cadence(event),
            zone: own_zone(Some(event)),
            owner: scope.person_or_none(review.owner.as_ref()),
            channel: scope.or_none(
                review
                    .channel
                    .as_ref()
                    .map(|c| scope.channel_name(c.as_str())),
            ),
            questions: review.questions.iter().map(|q| q.value.clone()).collect(),
            changes: changes(scope, Some(event)),
        })
        .collect()
}

pub(super) fn contacts(scope: &Scope) -> Vec<Contact> {
    let compiled = scope.compiled;
    let relevant = scope.view.map(|_| people_in_view(scope));
    scope
        .plan
        .people
        .iter()
        .filter(|(_, p)| scope.shows(p.visibility == Visibility::Internal))
        .filter(|(id, _)| relevant.as_ref().is_none_or(|r| r.contains(id.as_str())))
        .filter_map(|(id, person)| {
            let compiled_person = compiled.person(id.as_str())?;
            Some(Contact {
                id: id.to_string(),
                name: person.name.value.clone(),
                role: person
                    .role
                    .as_ref()
                    .map(|r| r.value.clone())
                    .unwrap_or_default(),
                email: person.email.as_ref().map(|e| e.value.clone()),
                phone: person.phone.as_ref().map(|p| p.value.clone()),
                zone: compiled_person.zone.name().to_string(),
                hours: format!("{}–{}", compiled_person.open, compiled_person.close),
                audiences: compiled
                    .audiences_of(id.as_str())
                    .map(|a| a.name.clone())
                    .collect(),
            })
        })
        .collect()
}

/// The people an audience's view names: the project's owner, the
/// audience's members, everyone in the events it shows (with their tasks'
/// owners and reports' recipients), and
/// everyone its escalations and barriers name. The directory of a view lists only them:
/// a client of a portfolio needs its own contacts, not every person of
/// every project (which made each view as long as the whole plan).
fn people_in_view<'a>(scope: &Scope<'a>) -> std::collections::BTreeSet<&'a str> {
    let compiled = scope.compiled;
    let plan = scope.plan;
    let mut people = std::collections::BTreeSet::new();
    let mut add = |id: &'a str| match compiled.audience(id) {
        Some(audience) => people.extend(audience.members.iter().map(String::as_str)),
        None => {
            people.insert(id);
        }
    };
    if let Some(project) = &plan.project {
        add(project.owner.as_str());
    }
    if let Some(view) = scope.view {
        add(view);
    }
    for event in &scope.events {
        event.attendees.iter().for_each(|p| add(p));
        if let Some(meeting) = plan
            .meetings
            .get(&event.id)
            .filter(|_| event.kind == EventKind::Meeting)
        {
            let prepare = meeting.prepare.iter().filter_map(|t| t.owner.as_ref());
            let follow_up = meeting.follow_up.iter().filter_map(|t| t.owner.as_ref());
            prepare.chain(follow_up).for_each(|o| add(o.as_str()));
        }
        // A report's recipients: the audiences' members and the people named.
        if let Some(report) = plan
            .reports
            .get(&event.id)
            .filter(|_| event.kind == EventKind::Report)
        {
            report.to.iter().for_each(|to| add(to.as_str()));
        }
    }
    for (_, escalation) in plan.escalations.iter() {
        if scope.shows(escalation.visibility == Visibility::Internal) {
            for step in &escalation.steps {
                step.to.iter().for_each(|t| add(t.as_str()));
            }
        }
    }
    for (_, barrier) in plan.barriers.iter() {
        if scope.shows(barrier.visibility == Visibility::Internal) {
            barrier.owner.iter().for_each(|o| add(o.as_str()));
            barrier.affects.iter().for_each(|a| add(a.as_str()));
        }
    }
    people
}

/// Per audience, the channels to join and the trainings to attend.
pub(super) fn onboarding(scope: &Scope) -> Vec<Onboarding> {
    audiences_in_view(scope)
        .map(|audience| Onboarding {
            id: audience.id.clone(),
            name: audience.name.clone(),
            channels: preferred_channels(scope, &audience.id)
                .map(|(id, _)| scope.channel_name(id))
                .collect(),
            trainings: scope
                .plan
                .trainings
                .iter()
                .filter(|(_, t)| {
                    t.for_.iter().any(|f| f.as_str() == audience.id)
                        && !(audience.external && t.visibility == Visibility::Internal)
                })
                .map(|(_, t)| t.topic.value.clone())
                .collect(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::compile::Compiled;
    use crate::ir::contract::{Band, Week};

    fn week(compiled: &Compiled, view: Option<&str>) -> Week {
        let mut weeks = crate::ir::handbook(compiled, view).weeks;
        assert_eq!(weeks.len(), 1);
        weeks.remove(0)
    }

    fn band<'a>(week: &'a Week, zone: &str) -> &'a Band {
        week.bands
            .iter()
            .find(|b| b.zone == zone)
            .unwrap_or_else(|| panic!("no band for {zone}: {:?}", week.bands))
    }

    /// A project in `project`'s zone with an audience per person and one of
    /// them all (read in the first one's zone), each working 09:00-17:00 on
    /// their own clock on their days.
    fn zones(project: &str, start: &str, end: &str, people: &[(&str, &str, &str)]) -> Compiled {
        let mut yaml = format!(
            "version: 1\nproject: {{name: Zones, owner: pm, timezone: {project}, start: {start}, end: {end}, \
             working_hours: {{days: [mon, tue, wed, thu, fri], from: \"09:00\", to: \"17:00\"}}}}\n\
             people:\n  pm: {{name: Pat}}\n"
        );
        for (id, zone, days) in people {
            yaml.push_str(&format!(
                "  {id}-person: {{name: {id}, timezone: {zone}, working_hours: {{days: [{days}], from: \"09:00\", to: \"17:00\"}}}}\n"
            ));
        }
        yaml.push_str("audiences:\n");
        for (id, _, _) in people {
            yaml.push_str(&format!(
                "  {id}: {{name: {id}, members: [{id}-person], external: true, channels: [email]}}\n"
            ));
        }
        let everyone: Vec<String> = people
            .iter()
            .map(|(id, _, _)| format!("{id}-person"))
            .collect();
        yaml.push_str(&format!(
            "  everyone: {{name: Everyone, members: [{}], external: true, channels: [email]}}\n",
            everyone.join(", ")
        ));
        yaml.push_str("channels:\n  email: {kind: email, formal: true, sla: {response: 1bd}}\n");
        crate::test_plans::resolved(&yaml)
    }

    const WEEKDAYS: &str = "mon, tue, wed, thu, fri";

    /// Los Angeles and New York change on the same dates, three hours
    /// apart: for three hours they are two hours apart, but no working day
    /// sees it, so the band is always three hours off and names no period.
    #[test]
    fn zones_that_change_on_one_date_at_other_hours_keep_their_band() {
        let compiled = zones(
            "America/Los_Angeles",
            "2026-03-01",
            "2026-11-30",
            &[("ny", "America/New_York", WEEKDAYS)],
        );
        let new_york = week(&compiled, Some("ny"));
        let los_angeles = band(&new_york, "America/Los_Angeles");
        assert_eq!(los_angeles.local.as_deref(), Some("12:00–20:00 New York"));
        assert_eq!(los_angeles.note, None);
        assert_eq!(new_york.holds, None);
        let whole = week(&compiled, None);
        let ny = band(&whole, "America/New_York");
        assert_eq!(ny.local.as_deref(), Some("06:00–14:00 Los Angeles"));
        assert_eq!(ny.note, None);
        let overlap = whole
            .overlap
            .as_ref()
            .map(|o| (o.hours.as_str(), o.note.clone()));
        assert_eq!(overlap, Some(("09:00–14:00 Los Angeles", None)));
    }

    /// Chatham (UTC+12:45/+13:45) and Lord Howe (UTC+10:30/+11, half an
    /// hour of daylight saving) both leave summer time on 5 April 2026, an
    /// hour apart in UTC: the band moves once, from the first working day
    /// after both, and then only where one of them really changes.
    #[test]
    fn a_band_moves_once_where_both_zones_change_on_one_date() {
        let compiled = zones(
            "America/New_York",
            "2026-03-01",
            "2026-11-30",
            &[
                ("lh", "Australia/Lord_Howe", WEEKDAYS),
                ("ch", "Pacific/Chatham", WEEKDAYS),
            ],
        );
        let lord_howe = week(&compiled, Some("everyone"));
        let chatham = band(&lord_howe, "Pacific/Chatham");
        assert_eq!(
            chatham.note.as_deref(),
            Some(
                "06:15–14:15 until 4 Apr, then 06:45–14:45 until 26 Sep, \
                 then 05:45–13:45 until 3 Oct, then 06:15–14:15"
            )
        );
    }

    /// Monday in Auckland is Sunday in Los Angeles: someone who works only
    /// Mondays there shares no hour with a Los Angeles week, whatever the
    /// clocks say.
    #[test]
    fn shared_hours_are_judged_on_the_readers_weekdays() {
        let compiled = zones(
            "America/Los_Angeles",
            "2026-05-01",
            "2026-06-30",
            &[
                ("monday", "Pacific/Auckland", "mon"),
                ("week", "Pacific/Auckland", WEEKDAYS),
            ],
        );
        let monday = week(&compiled, Some("monday"));
        let overlap = monday.overlap.as_ref().map(|o| o.hours.as_str());
        assert_eq!(overlap, Some("no hour when both are at work"));
        assert!(
            monday
                .overlap
                .as_ref()
                .is_some_and(|o| o.segments.is_empty())
        );
        // Mon–Fri on both sides: Los Angeles's Monday morning is Tuesday's
        // small hours in Auckland, its Friday Auckland's Saturday.
        let weekdays = week(&compiled, Some("week"));
        let los_angeles = band(&weekdays, "America/Los_Angeles");
        assert_eq!(
            los_angeles.local.as_deref(),
            Some("04:00–12:00 Auckland, Tue–Sat")
        );
        let overlap = weekdays.overlap.as_ref().map(|o| o.hours.as_str());
        assert_eq!(overlap, Some("09:00–12:00 Auckland, Tue–Fri"));
    }

    /// Berlin's summer time starts on 29 March, Shanghai has none: 09:00-17:00
    /// in Shanghai is 02:00-10:00 in Berlin until then, 03:00-11:00 after, so
    /// the two share an hour less until then, and the overlap says so.
    #[test]
    fn the_overlap_names_its_hours_through_the_project() {
        let compiled = zones(
            "Asia/Shanghai",
            "2026-03-01",
            "2026-09-30",
            &[("munich", "Europe/Berlin", WEEKDAYS)],
        );
        let munich = week(&compiled, Some("munich"));
        let overlap = munich
            .overlap
            .as_ref()
            .map(|o| (o.hours.as_str(), o.note.as_deref()));
        assert_eq!(
            overlap,
            Some((
                "09:00–11:00 Berlin",
                Some("09:00–10:00 until 28 Mar, then 09:00–11:00")
            ))
        );
    }

    /// The last Friday of Los Angeles's month at 08:00 is a Saturday in
    /// Sydney: under Saturday its label says whose Friday, in both
    /// languages; in Los Angeles it needs no such word.
    #[test]
    fn a_label_under_another_weekday_says_whose_day_it_names() {
        let compiled = crate::test_plans::resolved(
            r#"
version: 1
project: {name: Labels, owner: pm, timezone: America/Los_Angeles, start: 2026-05-01, end: 2026-08-31}
people:
  pm: {name: Pat}
  sy: {name: Sid, timezone: Australia/Sydney}
  wu: {name: Wu, timezone: Australia/Sydney}
audiences:
  sydney: {name: Sydney, members: [sy], external: true, channels: [email]}
  sydney-zh: {name: 悉尼, members: [wu], external: true, locale: zh-CN, channels: [email]}
channels:
  email: {kind: email, formal: true, sla: {response: 1bd}}
meetings:
  monthly:
    title: Monthly
    audiences: [sydney, sydney-zh]
    owner: pm
    channel: email
    schedule: {every: month, on: last fri, at: "08:00", duration: 1h}
    agenda: [X]
"#,
        );
        let label = |view: Option<&str>, day: usize| -> Vec<String> {
            let week = week(&compiled, view);
            week.days
                .get(day)
                .map(|d| d.items.iter().map(|i| i.frequency.clone()).collect())
                .unwrap_or_default()
        };
        let (friday, saturday) = (4, 5);
        assert_eq!(label(None, friday), ["last Fri monthly"]);
        assert_eq!(
            label(Some("sydney"), saturday),
            ["last Fri monthly in Los Angeles"]
        );
        assert_eq!(
            label(Some("sydney-zh"), saturday),
            ["洛杉矶时间每月最后一个周五"]
        );
    }
}
