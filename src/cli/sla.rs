//! `plan sla`: when a reply on a channel is due.

use std::path::Path;

use super::{Error, Failure, moment_argument, print, resolved_plan, zone_argument};
use crate::report::Style;
use crate::sla::Sla;
use crate::time::{Date, Instant, Zone};

pub(super) fn run(
    plan: &Path,
    channel_id: &str,
    at: &str,
    urgent: bool,
    tz: Option<&str>,
    style: Style,
) -> Result<(), Failure> {
    let compiled = resolved_plan(plan, style)?;
    let sla = Sla::of(&compiled, channel_id).map_err(Error::UnknownChannel)?;
    let clock = &sla.clock;
    let zone = match tz {
        Some(name) => zone_argument(name)?,
        None => clock.zone.clone(),
    };
    let start = moment_argument(at, &zone)?;
    let Some(deadlines) = sla.deadlines(start, urgent) else {
        print(&format!(
            "channel `{channel_id}` promises no response time (`sla.response`)\n"
        ))?;
        return Err(Failure::Problems);
    };
    let mut out = format!(
        "A message on `{channel_id}` at {} ({}):\n",
        describe(start, &zone),
        zone.name()
    );
    for deadline in &deadlines.deadlines {
        let due = match deadline.due {
            Some(due) => describe(due, &zone),
            None => "never: the plan has no working time ahead".to_string(),
        };
        out.push_str(&format!(
            "  {:<18} {:>6}  due {due}\n",
            deadline.promise.as_str(),
            deadline.duration.to_string()
        ));
    }
    if deadlines.no_urgent_sla {
        out.push_str(&format!(
            "  (`{channel_id}` promises no urgent response (`sla.urgent_response`): the first-response time is shown)\n"
        ));
    }
    if deadlines.business {
        out.push_str(&format!(
            "  (business time: {}-{} on working days, {})\n",
            clock.open,
            clock.close,
            clock.zone.name()
        ));
    }
    print(&crate::terminal::escape_controls(&out))?;
    Ok(())
}

/// "Fri 2026-03-06 17:30".
pub(super) fn describe(instant: Instant, zone: &Zone) -> String {
    let local = instant.local(zone);
    format!("{} {} {}", weekday_name(local.date), local.date, local.time)
}

pub(super) fn weekday_name(date: Date) -> &'static str {
    ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][crate::model::Weekday::ALL
        .iter()
        .position(|d| *d == date.weekday())
        .unwrap_or(0)]
}
