//! What the rules share: the plan, its compiled form, the range of dates the
//! time-based rules look at, and the occurrences in it, computed once.

use crate::compile::{Compiled, Event};
use crate::model::{Duration, Plan};
use crate::time::{Date, Occurrence};

/// How far an open-ended plan is examined.
const OPEN_ENDED_DAYS: i64 = 365;

pub struct Context<'p> {
    pub plan: &'p Plan,
    pub compiled: &'p Compiled,
    /// The dates the time-based rules examine: the project's, or its first year.
    pub first: Date,
    pub last: Date,
    /// Every event's occurrences in the range, per event, in `compiled.events` order.
    pub occurrences: Vec<Vec<Occurrence>>,
}

impl<'p> Context<'p> {
    pub fn new(plan: &'p Plan, compiled: &'p Compiled) -> Self {
        let first = compiled.start;
        let last = compiled
            .end
            .unwrap_or_else(|| first.add_days(OPEN_ENDED_DAYS).unwrap_or(first));
        let occurrences = compiled
            .events
            .iter()
            .map(|event| event.expand(&compiled.work_week, last).occurrences)
            .collect();
        Self {
            plan,
            compiled,
            first,
            last,
            occurrences,
        }
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
    /// Whether a meeting, review or report addresses the audience, or a training is for it.
    pub fn is_addressed(&self, audience: &str) -> bool {
        self.compiled
            .events
            .iter()
            .any(|e| e.audiences.iter().any(|a| a == audience))
    }

    /// The channels that reach an audience: its own, and those of the events
    /// that address it.
    pub fn channels_reaching(&self, audience: &str) -> Vec<String> {
        let mut channels: Vec<String> = self
            .compiled
            .audience(audience)
            .map(|_| {
                self.plan
                    .audiences
                    .get(audience)
                    .map(|a| a.channels.iter().map(|c| c.to_string()).collect::<Vec<_>>())
                    .unwrap_or_default()
            })
            .unwrap_or_default();
        for event in self
            .compiled
            .events
            .iter()
            .filter(|e| e.audiences.iter().any(|a| a == audience))
        {
            if let Some(channel) = &event.channel {
                channels.push(channel.clone());
            }
        }
        channels.sort();
        channels.dedup();
        channels
    }
}
