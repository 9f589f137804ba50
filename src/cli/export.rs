//! `plan export tasks`: the dated tasks, for a project-management system.

use std::path::Path;

use super::{Error, Failure, date_argument, json, print, reader_argument, resolved_plan};
use crate::report::Style;

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

pub(super) fn tasks(plan_path: &Path, options: &Options<'_>, style: Style) -> Result<(), Failure> {
    let compiled = resolved_plan(plan_path, style)?;
    let reader = reader_argument(&compiled, options.for_id, false)?;
    let from = options
        .from
        .map(|text| date_argument("--from", text))
        .transpose()?;
    let (from, last) =
        crate::agenda::task_days(&compiled, from, options.days).map_err(Error::Window)?;
    let tasks = crate::agenda::tasks_due(&compiled, reader, from, last);
    let out = match options.format {
        Format::Csv => {
            String::from_utf8_lossy(&crate::render::tasks::csv(&tasks, &compiled.task_columns))
                .into_owned()
        }
        Format::Json => json(&tasks)?,
    };
    print(&out)?;
    Ok(())
}
