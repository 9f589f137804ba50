//! `plan export tasks`: the dated tasks, for a project-management system.

use std::path::Path;

use super::{Outcome, compiled_plan, print};
use crate::report::Style;
use crate::time::Date;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Csv,
    Json,
}

pub(super) struct Options<'a> {
    pub from: Option<&'a str>,
    pub days: Option<u32>,
    pub for_id: Option<&'a str>,
    pub format: Format,
}

pub(super) fn tasks(
    plan_path: &Path,
    options: &Options<'_>,
    style: Style,
) -> Result<Outcome, String> {
    let (_, compiled) =
        match compiled_plan(plan_path, &crate::lint::Overrides::default(), false, style)? {
            Ok(both) => both,
            Err(outcome) => return Ok(outcome),
        };
    if let Some(id) = options.for_id
        && compiled.person(id).is_none()
        && compiled.audience(id).is_none()
    {
        return Err(format!(
            "`{id}` is neither a person nor an audience of the plan"
        ));
    }
    let from = match options.from {
        Some(text) => Date::parse(text).map_err(|e| format!("--from: {e}"))?,
        None => compiled.start,
    };
    let last = match options.days {
        Some(days) => super::agenda::window_end(from, days)?,
        None => compiled.last_day(),
    };
    // Tasks of occurrences up to the plan's longest lead time before or
    // after the window can fall due inside it.
    let lead = crate::compile::tasks::lead_days(&compiled) + 1;
    let first = from.add_days(-lead).unwrap_or(from);
    let through = last.add_days(lead).unwrap_or(last);
    let tasks: Vec<_> = crate::compile::tasks::tasks_between(&compiled, Some(first), through)
        .into_iter()
        .filter(|t| {
            let day = t.due.get(..10).and_then(|d| Date::parse(d).ok());
            day.is_some_and(|d| d >= from && d <= last)
        })
        .filter(|t| {
            options
                .for_id
                .is_none_or(|id| t.concerns.iter().any(|c| c == id))
        })
        .collect();
    let out = match options.format {
        Format::Csv => {
            String::from_utf8_lossy(&crate::render::tasks::csv(&tasks, &compiled.task_columns))
                .into_owned()
        }
        Format::Json => {
            let mut json = serde_json::to_string_pretty(&tasks).map_err(|e| e.to_string())?;
            json.push('\n');
            json
        }
    };
    print(&out)?;
    Ok(Outcome::Clean)
}
