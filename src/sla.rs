//! When a reply on a channel is due (`plan sla`): the channel's promised
//! response and resolution times run on its business clock. Pure.

use crate::compile::{Channel, Compiled};
use crate::model::Duration;
use crate::suggest::Unknown;
use crate::time::{BusinessClock, Instant};

/// A channel and the clock its promises run on.
#[derive(Clone, Debug)]
pub struct Sla<'c> {
    pub channel: &'c Channel,
    pub clock: BusinessClock,
}

/// What a channel promises.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Promise {
    FirstResponse,
    UrgentResponse,
    Resolution,
}

impl Promise {
    pub const fn as_str(self) -> &'static str {
        match self {
            Promise::FirstResponse => "first response",
            Promise::UrgentResponse => "urgent response",
            Promise::Resolution => "resolution",
        }
    }
}

/// One promise kept, or not: due `None` when no working time is left.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Deadline {
    pub promise: Promise,
    pub duration: Duration,
    pub due: Option<Instant>,
}

/// The deadlines of a message: the response, then the resolution if the
/// channel promises one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Deadlines {
    pub deadlines: Vec<Deadline>,
    /// Whether the response is promised in business time (so the clock's
    /// hours matter to the reader).
    pub business: bool,
    /// An urgent response was asked for but the channel promises none: the
    /// first-response time stands in, and the reader must be told so.
    pub no_urgent_sla: bool,
}

impl<'c> Sla<'c> {
    /// The channel `id` of the plan.
    pub fn of(compiled: &'c Compiled, id: &str) -> Result<Self, Unknown> {
        let channel = compiled
            .channel(id)
            .ok_or_else(|| Unknown::among(id, compiled.channels.iter().map(|c| c.id.as_str())))?;
        Ok(Self {
            channel,
            clock: compiled.business_clock(channel),
        })
    }

    /// When replies to a message arriving at `start` are due; `urgent`: the
    /// urgent response time, or the first-response one (named as such, with
    /// `no_urgent_sla`) when there is none. `None` when the channel promises
    /// no response time.
    pub fn deadlines(&self, start: Instant, urgent: bool) -> Option<Deadlines> {
        let channel = self.channel;
        let (promise, response) = match channel.urgent_response {
            Some(urgent_response) if urgent => (Promise::UrgentResponse, urgent_response),
            _ => (Promise::FirstResponse, channel.response?),
        };
        let promised = [
            (promise, Some(response)),
            (Promise::Resolution, channel.resolution),
        ];
        let deadlines = promised
            .into_iter()
            .filter_map(|(promise, duration)| {
                let duration = duration?;
                Some(Deadline {
                    promise,
                    duration,
                    due: self.clock.due(start, duration),
                })
            })
            .collect();
        Some(Deadlines {
            deadlines,
            business: matches!(response, Duration::Business { .. }),
            no_urgent_sla: urgent && channel.urgent_response.is_none(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_plans::{instant, resolved};

    const PLAN: &str = r#"
version: 1
project:
  name: Service levels
  owner: ana
  timezone: Europe/Berlin
  start: 2026-03-02
  end: 2026-06-26
  working_hours: {from: "09:00", to: "17:30"}
people:
  ana: {name: Ana Lima, email: ana@example.com}
audiences:
  team: {name: Team, members: [ana], channels: [email]}
channels:
  email: {kind: email, formal: true, sla: {response: 1bd, resolution: 3bd, urgent_response: 4bh}}
  chat: {kind: chat, sla: {response: 2bh}}
  phone: {kind: call, hours: always, sla: {response: 15m}}
  wiki: {kind: document}
lint: {channel-without-sla: allow}
"#;

    fn berlin(day: &str, hour: u8, minute: u8) -> Instant {
        instant("Europe/Berlin", day, hour, minute)
    }

    fn dues(sla: &Sla<'_>, start: Instant, urgent: bool) -> Vec<(Promise, Option<Instant>)> {
        let deadlines = sla.deadlines(start, urgent).expect("promised");
        deadlines
            .deadlines
            .iter()
            .map(|d| (d.promise, d.due))
            .collect()
    }

    #[test]
    fn replies_are_due_on_the_business_clock() {
        let compiled = resolved(PLAN);
        let email = Sla::of(&compiled, "email").expect("email");
        // Friday 16:30: one working hour left, 7.5 more on Monday.
        let start = berlin("2026-03-06", 16, 30);
        assert_eq!(
            dues(&email, start, false),
            [
                (Promise::FirstResponse, Some(berlin("2026-03-09", 16, 30))),
                (Promise::Resolution, Some(berlin("2026-03-11", 16, 30))),
            ]
        );
        assert_eq!(
            dues(&email, start, true)[0],
            (Promise::UrgentResponse, Some(berlin("2026-03-09", 12, 0)))
        );
        assert!(email.deadlines(start, false).is_some_and(|d| d.business));
    }

    #[test]
    fn urgent_falls_back_to_the_first_response_time_and_says_so() {
        let compiled = resolved(PLAN);
        let phone = Sla::of(&compiled, "phone").expect("phone");
        let start = berlin("2026-03-06", 23, 50);
        assert_eq!(
            dues(&phone, start, true),
            [(Promise::FirstResponse, Some(berlin("2026-03-07", 0, 5)))]
        );
        let deadlines = phone.deadlines(start, true).expect("promised");
        assert!(!deadlines.business);
        assert!(deadlines.no_urgent_sla);
        // Not asked for urgent, or the channel has an urgent SLA: nothing stood in.
        let not_urgent = phone.deadlines(start, false).expect("promised");
        assert!(!not_urgent.no_urgent_sla);
        let email = Sla::of(&compiled, "email").expect("email");
        let urgent = email.deadlines(start, true).expect("promised");
        assert!(!urgent.no_urgent_sla);
    }

    #[test]
    fn a_channel_without_a_response_time_promises_nothing() {
        let compiled = resolved(PLAN);
        let wiki = Sla::of(&compiled, "wiki").expect("wiki");
        assert_eq!(wiki.deadlines(berlin("2026-03-06", 10, 0), false), None);
    }

    #[test]
    fn an_unknown_channel_gets_the_closest_id() {
        let compiled = resolved(PLAN);
        let unknown = Sla::of(&compiled, "chta").expect_err("unknown");
        assert_eq!(unknown.closest.as_deref(), Some("chat"));
        assert_eq!(unknown.known, ["email", "chat", "phone", "wiki"]);
    }
}
