//! What the rules share: the plan, its compiled form, the range of dates the
//! time-based rules look at, and the occurrences in it, computed once.

use std::collections::{BTreeMap, BTreeSet};

use crate::compile::{Compiled, Event, EventKind, Person};
use crate::model::ItemKind;
use crate::model::{Duration, Plan};
use crate::rules::RuleId;
use crate::time::{Date, Instant, Local, LocalClock, Occurrence, Zone};

pub struct Context<'p> {
    pub plan: &'p Plan,
    pub compiled: &'p Compiled,
    /// The dates the time-based rules examine: the project's, or its first year.
    pub first: Date,
    pub last: Date,
    /// Every event's occurrences in the range, per event, in `compiled.events` order.
    pub occurrences: Vec<Vec<Occurrence>>,
    /// Person id -> indices of the events they attend, in event order: rules
    /// visit a person's events without scanning every event per person.
    attending: BTreeMap<String, Vec<usize>>,
    /// Audience id -> indices of the meetings, reviews and reports that
    /// address it, in event order.
    addressed: BTreeMap<String, Vec<usize>>,
    /// Every (item kind, id, rule) an item's `allow:` list names.
    allowed: BTreeSet<(ItemKind, &'p str, &'p str)>,
    /// The wall clock of each zone people work in, over the range.
    clocks: Vec<LocalClock>,
}

impl<'p> Context<'p> {
    pub fn new(plan: &'p Plan, compiled: &'p Compiled) -> Self {
        let first = compiled.start;
        let last = compiled.horizon;
        let occurrences = super::parallel::map(&compiled.events, |event| {
            event.expand(&compiled.work_week, last).occurrences
        });
        let mut attending: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        let mut addressed: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (index, event) in compiled.events.iter().enumerate() {
            // Attendees and audiences are without repeats (see `compile`).
            for person in &event.attendees {
                attending.entry(person.clone()).or_default().push(index);
            }
            if event.kind != EventKind::Training {
                for audience in &event.audiences {
                    addressed.entry(audience.clone()).or_default().push(index);
                }
            }
        }
        let mut clocks: Vec<LocalClock> = Vec::new();
        for person in &compiled.people {
            if !clocks.iter().any(|clock| *clock.zone() == person.zone) {
                clocks.push(LocalClock::new(&person.zone, first, last));
            }
        }
        Self {
            plan,
            compiled,
            first,
            last,
            occurrences,
            attending,
            addressed,
            allowed: super::allow_lists(plan),
            clocks,
        }
    }

    /// The wall clock in `zone` at `instant` (what [`Instant::local`]
    /// says, read from the zone's clock over the range when there is one).
    pub fn local(&self, instant: Instant, zone: &Zone) -> Local {
        match self.clock(zone) {
            Some(clock) => clock.local(instant),
            None => instant.local(zone),
        }
    }

    /// The date in `zone` at `instant`, as a day number ([`Date::day_number`]),
    /// and the minute of that day: what [`Context::local`] says, as numbers.
    pub fn day_and_minute(&self, instant: Instant, zone: &Zone) -> (i64, u32) {
        match self.clock(zone) {
            Some(clock) => clock.day_and_minute(instant),
            None => {
                let local = instant.local(zone);
                (local.date.day_number(), local.time.minutes_from_midnight())
            }
        }
    }

    fn clock(&self, zone: &Zone) -> Option<&LocalClock> {
        self.clocks.iter().find(|clock| clock.zone() == zone)
    }

    /// The event at an index of `compiled.events`, with its occurrences.
    fn event(&self, index: usize) -> Option<(&'p Event, &[Occurrence])> {
        let event = self.compiled.events.get(index)?;
        let occurrences = self.occurrences.get(index)?;
        Some((event, occurrences.as_slice()))
    }

    /// The events a person attends, with their indices in `compiled.events`.
    pub fn attended_by<'a>(
        &'a self,
        person: &str,
    ) -> impl Iterator<Item = (usize, &'p Event, &'a [Occurrence])> + 'a {
        self.attending
            .get(person)
            .into_iter()
            .flatten()
            .filter_map(|index| self.event(*index).map(|(e, o)| (*index, e, o)))
    }

    /// Whether an item's `allow:` list silences a rule for it.
    pub fn allows(&self, kind: ItemKind, id: &str, rule: RuleId) -> bool {
        self.allowed.contains(&(kind, id, rule.as_str()))
    }

    /// Events with their occurrences.
    pub fn events(&self) -> impl Iterator<Item = (&'p Event, &[Occurrence])> {
        self.compiled
            .events
            .iter()
            .zip(self.occurrences.iter().map(Vec::as_slice))
    }

    /// Minutes a duration stands for, for comparisons: business days count
    /// as one working day of the project.
    pub fn minutes(&self, duration: Duration) -> u64 {
        let day = u64::try_from(
            i64::from(self.compiled.close.minutes_from_midnight())
                - i64::from(self.compiled.open.minutes_from_midnight()),
        )
        .unwrap_or(0);
        match duration {
            Duration::Calendar { minutes } => minutes,
            Duration::Business { days, minutes } => {
                days.saturating_mul(day).saturating_add(minutes)
            }
        }
    }
}

impl Context<'_> {
    /// The meetings, reviews and reports that address an audience: what
    /// "reaches" it besides its own channels (trainings do not).
    pub fn addressing<'a>(
        &'a self,
        audience: &str,
    ) -> impl Iterator<Item = (&'a Event, &'a [Occurrence])> + 'a {
        self.addressed
            .get(audience)
            .into_iter()
            .flatten()
            .filter_map(|index| self.event(*index))
    }

    /// Whether a meeting, review or report addresses the audience.
    pub fn is_addressed(&self, audience: &str) -> bool {
        self.addressing(audience).next().is_some()
    }

    /// The channels that reach an audience: its own, and those of the
    /// meetings, reviews and reports that address it.
    pub fn channels_reaching(&self, audience: &str) -> BTreeSet<String> {
        let own = self
            .plan
            .audiences
            .get(audience)
            .into_iter()
            .flat_map(|a| a.channels.iter().map(|c| c.to_string()));
        let events = self
            .addressing(audience)
            .filter_map(|(e, _)| e.channel.clone());
        own.chain(events).collect()
    }

    /// Whether a date is a working day for a person. The project's holidays
    /// and make-up days are dates of the project's calendar: they apply to the
    /// people who work in the project's zone.
    pub fn is_working_day(&self, person: &Person, date: Date) -> bool {
        let week = &person.work_week;
        if person.zone == self.compiled.zone {
            week.extra_workdays.contains(&date)
                || (week.days.contains(&date.weekday()) && !week.holidays.contains(&date))
        } else {
            week.days.contains(&date.weekday())
        }
    }
}

/// `1 week`, `3 weeks`.
pub fn count(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
