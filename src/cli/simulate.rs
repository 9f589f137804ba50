//! `plan simulate`: who an escalation reaches, when, if nothing is resolved.

use std::path::Path;

use super::sla::describe;
use super::{Error, Failure, moment_argument, print, resolved_plan, zone_argument};
use crate::report::Style;

pub(super) fn run(
    plan_path: &Path,
    escalation_id: &str,
    at: &str,
    tz: Option<&str>,
    style: Style,
) -> Result<(), Failure> {
    let compiled = resolved_plan(plan_path, style)?;
    let escalation =
        crate::escalation::find(&compiled, escalation_id).map_err(Error::UnknownEscalation)?;
    let zone = match tz {
        Some(name) => zone_argument(name)?,
        None => compiled.zone.clone(),
    };
    let start = moment_argument(at, &zone)?;
    let steps = crate::escalation::walk(&compiled, escalation, start).map_err(Error::Walk)?;
    let mut out = format!(
        "Escalation `{escalation_id}` ({}), starting {} ({}):\n",
        escalation.when.value,
        describe(start, &zone),
        zone.name()
    );
    for (index, step) in steps.iter().enumerate() {
        let after = step
            .after
            .map_or_else(|| "at once".to_string(), |a| format!("after {a}"));
        out.push_str(&format!(
            "  {}. {}  {} via {} ({after})\n",
            index + 1,
            describe(step.reached, &zone),
            step.to.join(", "),
            step.via
        ));
    }
    // Names and `when` are plan text: no control character reaches the terminal.
    print(&crate::terminal::escape_controls(&out))?;
    Ok(())
}
