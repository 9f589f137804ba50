//! `plan simulate`: who an escalation reaches, when, if nothing is resolved.

use std::path::Path;

use super::sla::{describe, parse_moment};
use super::{Outcome, compiled_plan, print, zone_argument};
use crate::report::Style;
use crate::suggest;

pub(super) fn run(
    plan_path: &Path,
    escalation_id: &str,
    at: &str,
    tz: Option<&str>,
    style: Style,
) -> Result<Outcome, String> {
    let (_, compiled) =
        match compiled_plan(plan_path, &crate::lint::Overrides::default(), false, style)? {
            Ok(both) => both,
            Err(outcome) => return Ok(outcome),
        };
    let Some(escalation) = compiled.plan.escalations.get(escalation_id) else {
        let ids: Vec<&str> = compiled
            .plan
            .escalations
            .iter()
            .map(|(id, _)| id.as_str())
            .collect();
        let hint = suggest::closest(escalation_id, ids.iter().copied()).map_or_else(
            || format!("escalations: {}", ids.join(", ")),
            |c| format!("did you mean `{c}`?"),
        );
        return Err(format!(
            "the plan has no escalation `{escalation_id}`; {hint}"
        ));
    };
    let zone = match tz {
        Some(name) => zone_argument(name)?,
        None => compiled.zone.clone(),
    };
    let mut reached = parse_moment(at, &zone)?;
    let mut out = format!(
        "Escalation `{escalation_id}` ({}), starting {} ({}):\n",
        escalation.when.value,
        describe(reached, &zone),
        zone.name()
    );
    for (index, step) in escalation.steps.iter().enumerate() {
        if let Some(after) = &step.after {
            // `after` runs on the business clock of the step's channel.
            let clock = compiled
                .channel(step.via.as_str())
                .map(|c| compiled.business_clock(c))
                .ok_or_else(|| format!("channel `{}` is missing", step.via))?;
            reached = clock
                .due(reached, after.value)
                .ok_or("the plan has no working time ahead for this escalation")?;
        }
        let targets: Vec<String> = step
            .to
            .iter()
            .map(|t| {
                compiled
                    .person(t.as_str())
                    .map(|p| p.name.clone())
                    .or_else(|| compiled.audience(t.as_str()).map(|a| a.name.clone()))
                    .unwrap_or_else(|| t.to_string())
            })
            .collect();
        let after = step
            .after
            .as_ref()
            .map_or_else(|| "at once".to_string(), |a| format!("after {}", a.value));
        out.push_str(&format!(
            "  {}. {}  {} via {} ({after})\n",
            index + 1,
            describe(reached, &zone),
            targets.join(", "),
            step.via
        ));
    }
    // Names and `when` are plan text: no control character reaches the terminal.
    print(&crate::terminal::escape_controls(&out))?;
    Ok(Outcome::Clean)
}
