//! `plan build`: render every output and swap it into the output folder.

use std::path::{Path, PathBuf};

use super::{Outcome, compiled_plan, print};
use crate::model::CalendarSet;
use crate::report::Style;
use crate::time::{Date, Instant, Zone};

pub(super) fn run(
    plan: &Path,
    output: Option<&Path>,
    check: bool,
    levels: &super::lint::LevelArgs,
    style: Style,
    quiet: bool,
) -> Result<Outcome, String> {
    let overrides = levels.overrides()?;
    let compiled = match compiled_plan(plan, &overrides, !quiet, style)? {
        Ok(compiled) => compiled,
        Err(outcome) => return Ok(outcome),
    };
    // The plan was valid, so it decodes again without problems.
    let loaded =
        crate::load::load_file(plan, &plan.display().to_string()).map_err(|e| e.to_string())?;
    let outputs = loaded.plan.and_then(|p| p.outputs).unwrap_or_default();
    let dir = match output {
        Some(dir) => dir.to_path_buf(),
        None => plan_folder(plan).join(outputs.dir.as_ref().map_or("site", |d| d.value.as_str())),
    };
    let sets: Vec<CalendarSet> = outputs.calendars.as_ref().map_or_else(
        || {
            vec![
                CalendarSet::All,
                CalendarSet::Audiences,
                CalendarSet::People,
            ]
        },
        |sets| sets.iter().map(|s| s.value).collect(),
    );
    let stamp = stamp(compiled.start)?;
    let files = crate::render::calendars(&compiled, &sets, stamp);
    let shown = dir.display();
    if check {
        let staleness = crate::write::compare_dir(&dir, &files)
            .map_err(|e| format!("cannot read `{shown}`: {e}"))?;
        if staleness.is_current() {
            if !quiet {
                print(&format!("{shown}: {} files are up to date\n", files.len()))?;
            }
            return Ok(Outcome::Clean);
        }
        let mut out = String::new();
        for (word, paths) in [
            ("stale", &staleness.stale),
            ("missing", &staleness.missing),
            ("extra", &staleness.extra),
        ] {
            for path in paths {
                out.push_str(&format!("{word}: {shown}/{path}\n"));
            }
        }
        out.push_str(&format!("{shown} is out of date: run `plan build`\n"));
        print(&out)?;
        return Ok(Outcome::Problems);
    }
    crate::write::replace_dir(&dir, &files).map_err(|e| format!("cannot write `{shown}`: {e}"))?;
    if !quiet {
        print(&format!("wrote {} files to {shown}\n", files.len()))?;
    }
    Ok(Outcome::Clean)
}

fn plan_folder(plan: &Path) -> PathBuf {
    match plan.parent() {
        Some(parent) if parent != Path::new("") => parent.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// DTSTAMP: `SOURCE_DATE_EPOCH` when set (CI sets it to the commit time), else
/// the project's start at midnight UTC. Never the clock.
fn stamp(start: Date) -> Result<Instant, String> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(value) if !value.trim().is_empty() => value
            .trim()
            .parse::<i64>()
            .ok()
            .and_then(Instant::from_unix_seconds)
            .ok_or_else(|| {
                format!("SOURCE_DATE_EPOCH is `{value}`, not a number of seconds since 1970")
            }),
        _ => {
            let utc = Zone::parse("UTC")?;
            Instant::at_local(start, crate::model::TimeOfDay { hour: 0, minute: 0 }, &utc)
                .ok_or_else(|| "the project's start is out of range".to_string())
        }
    }
}
