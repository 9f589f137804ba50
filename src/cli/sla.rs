//! `plan sla`: when a reply on a channel is due.

use std::path::Path;

use super::{Outcome, compiled_plan, print, zone_argument};
use crate::model::{Duration, TimeOfDay};
use crate::report::Style;
use crate::suggest;
use crate::time::{Date, Instant, Zone};

pub(super) fn run(
    plan: &Path,
    channel_id: &str,
    at: &str,
    urgent: bool,
    tz: Option<&str>,
    style: Style,
) -> Result<Outcome, String> {
    let (_, compiled) = match compiled_plan(plan, &crate::lint::Overrides::default(), false, style)?
    {
        Ok(compiled) => compiled,
        Err(outcome) => return Ok(outcome),
    };
    let Some(channel) = compiled.channel(channel_id) else {
        let names: Vec<&str> = compiled.channels.iter().map(|c| c.id.as_str()).collect();
        let hint = suggest::closest(channel_id, names.iter().copied()).map_or_else(
            || format!("channels: {}", names.join(", ")),
            |c| format!("did you mean `{c}`?"),
        );
        return Err(format!("the plan has no channel `{channel_id}`; {hint}"));
    };
    let clock = compiled.business_clock(channel);
    let zone = match tz {
        Some(name) => zone_argument(name)?,
        None => clock.zone.clone(),
    };
    let start = parse_moment(at, &zone)?;
    let (label, response) = if urgent {
        (
            "urgent response",
            channel.urgent_response.or(channel.response),
        )
    } else {
        ("first response", channel.response)
    };
    let Some(response) = response else {
        print(&format!(
            "channel `{channel_id}` promises no response time (`sla.response`)\n"
        ))?;
        return Ok(Outcome::Problems);
    };
    let mut out = format!(
        "A message on `{channel_id}` at {} ({}):\n",
        describe(start, &zone),
        zone.name()
    );
    for (what, duration) in [(label, Some(response)), ("resolution", channel.resolution)] {
        let Some(duration) = duration else { continue };
        let due = match clock.due(start, duration) {
            Some(due) => describe(due, &zone),
            None => "never: the plan has no working time ahead".to_string(),
        };
        out.push_str(&format!(
            "  {:<18} {:>6}  due {due}\n",
            what,
            duration.to_string()
        ));
    }
    if matches!(response, Duration::Business { .. }) {
        out.push_str(&format!(
            "  (business time: {}-{} on working days, {})\n",
            clock.open,
            clock.close,
            clock.zone.name()
        ));
    }
    print(&crate::terminal::escape_controls(&out))?;
    Ok(Outcome::Clean)
}

/// "YYYY-MM-DD HH:MM" in `zone`.
pub(super) fn parse_moment(text: &str, zone: &Zone) -> Result<Instant, String> {
    let invalid = || {
        format!(
            "`{text}` is not a date and time; write \"YYYY-MM-DD HH:MM\", e.g. \"2026-03-06 17:30\""
        )
    };
    let (date, time) = text.trim().split_once([' ', 'T']).ok_or_else(invalid)?;
    let date = Date::parse(date.trim()).map_err(|_| invalid())?;
    let time = TimeOfDay::parse(time.trim()).map_err(|_| invalid())?;
    Instant::at_local(date, time, zone).ok_or_else(invalid)
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
