//! Who an escalation reaches, and when, if nothing is resolved (`plan
//! simulate`): each step waits its `after` on the business clock of its
//! channel, counted from when the step before was reached. Pure.

use crate::compile::Compiled;
use crate::model::{Duration, Escalation};
use crate::suggest::Unknown;
use crate::time::Instant;

/// An escalation by id.
pub fn find<'c>(compiled: &'c Compiled, id: &str) -> Result<&'c Escalation, Unknown> {
    let escalations = &compiled.plan.escalations;
    escalations
        .get(id)
        .ok_or_else(|| Unknown::among(id, escalations.iter().map(|(id, _)| id.as_str())))
}

/// One step of an escalation, reached.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step<'c> {
    pub reached: Instant,
    /// The names of the people and audiences it goes to (an id when it
    /// names neither).
    pub to: Vec<&'c str>,
    /// The channel id.
    pub via: &'c str,
    /// How long after the step before; `None`: at once.
    pub after: Option<Duration>,
}

/// Why an escalation cannot be followed to its end.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WalkError {
    /// A step names a channel the plan lacks (validation prevents it).
    MissingChannel(String),
    /// No working time is left for a step to wait through.
    NoWorkingTime,
}

/// The steps of `escalation` reached one after another from `start`.
pub fn walk<'c>(
    compiled: &'c Compiled,
    escalation: &'c Escalation,
    start: Instant,
) -> Result<Vec<Step<'c>>, WalkError> {
    let mut reached = start;
    let mut steps = Vec::with_capacity(escalation.steps.len());
    for step in &escalation.steps {
        let via = step.via.as_str();
        let after = step.after.as_ref().map(|a| a.value);
        if let Some(after) = after {
            let channel = compiled
                .channel(via)
                .ok_or_else(|| WalkError::MissingChannel(via.to_string()))?;
            reached = compiled
                .business_clock(channel)
                .due(reached, after)
                .ok_or(WalkError::NoWorkingTime)?;
        }
        let to = step.to.iter().map(|t| name(compiled, t.as_str())).collect();
        steps.push(Step {
            reached,
            to,
            via,
            after,
        });
    }
    Ok(steps)
}

/// A person's or an audience's name.
fn name<'c>(compiled: &'c Compiled, id: &'c str) -> &'c str {
    compiled
        .person(id)
        .map(|p| p.name.as_str())
        .or_else(|| compiled.audience(id).map(|a| a.name.as_str()))
        .unwrap_or(id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_plans::{instant, resolved};

    /// Working hours 09:00-17:00 Berlin; the support channel keeps Shanghai's clock.
    const PLAN: &str = r#"
version: 1
project:
  name: Escalations
  owner: ana
  timezone: Europe/Berlin
  start: 2026-03-02
  end: 2026-06-26
people:
  ana: {name: Ana Lima, email: ana@example.com}
  ben: {name: Ben Roth, email: ben@client.example}
audiences:
  client: {name: Client, members: [ben], external: true, channels: [email]}
channels:
  email: {kind: email, formal: true, sla: {response: 1bd}}
  support: {kind: chat, timezone: Asia/Shanghai, sla: {response: 2bh}}
escalations:
  delivery:
    when: A blocker is not resolved
    steps:
      - {to: ana, via: email}
      - {to: [ana, client], via: email, after: 4bh}
      - {to: ben, via: support, after: 1bd}
"#;

    fn berlin(day: &str, hour: u8, minute: u8) -> Instant {
        instant("Europe/Berlin", day, hour, minute)
    }

    #[test]
    fn each_step_waits_on_the_business_clock_of_its_channel() {
        let compiled = resolved(PLAN);
        let escalation = find(&compiled, "delivery").expect("delivery");
        // Friday 15:00: 2 business hours left that day, 2 more on Monday.
        let steps = walk(&compiled, escalation, berlin("2026-03-06", 15, 0)).expect("a walk");
        let reached: Vec<Instant> = steps.iter().map(|s| s.reached).collect();
        // The third step waits a business day (8 hours) on Shanghai's clock:
        // Monday 11:00 Berlin is 18:00 Shanghai, after closing, so it counts
        // from Tuesday 09:00 to 17:00 Shanghai (10:00 Berlin).
        assert_eq!(
            reached,
            [
                berlin("2026-03-06", 15, 0),
                berlin("2026-03-09", 11, 0),
                berlin("2026-03-10", 10, 0),
            ]
        );
        let first = &steps[0];
        assert_eq!(
            (first.to.as_slice(), first.via, first.after),
            (["Ana Lima"].as_slice(), "email", None)
        );
        assert_eq!(steps[1].to, ["Ana Lima", "Client"]);
        assert_eq!(
            steps[2].after.map(|a| a.to_string()).as_deref(),
            Some("1bd")
        );
    }

    #[test]
    fn an_unknown_escalation_lists_the_known_ones() {
        let compiled = resolved(PLAN);
        let unknown = find(&compiled, "delivry").expect_err("unknown");
        assert_eq!(unknown.closest.as_deref(), Some("delivery"));
        assert_eq!(unknown.known, ["delivery"]);
    }
}
