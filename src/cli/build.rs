//! `plan build`: render every output and swap it into the output folder.

use std::path::{Path, PathBuf};

use super::{Outcome, compiled_plan, print, print_findings};
use crate::model::CalendarSet;
use crate::report::Style;
use crate::time::{Date, Instant, Zone};

/// What `plan build` was asked for, beyond the plan.
pub(super) struct Options<'a> {
    pub output: Option<&'a Path>,
    pub templates: Option<&'a Path>,
    pub previous: Option<&'a Path>,
    pub check: bool,
}

pub(super) fn run(
    plan: &Path,
    options: &Options<'_>,
    levels: &super::lint::LevelArgs,
    style: Style,
    quiet: bool,
) -> Result<Outcome, String> {
    let Options {
        output,
        templates,
        previous,
        check,
    } = *options;
    let overrides = levels.overrides()?;
    let (checked_plan, compiled) = match compiled_plan(plan, &overrides, !quiet, style)? {
        Ok(compiled) => compiled,
        Err(outcome) => return Ok(outcome),
    };
    let outputs = checked_plan.outputs.clone().unwrap_or_default();
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
    let template_dir = templates.map(Path::to_path_buf).or_else(|| {
        outputs
            .templates
            .as_ref()
            .map(|t| plan_folder(plan).join(t.as_str()))
    });
    let overrides = match &template_dir {
        Some(dir) => read_templates(dir)?,
        None => crate::render::handbook::Overrides::default(),
    };
    let changelog = match previous {
        Some(path) => match previous_changes(path, &checked_plan, style)? {
            Ok(changes) => changes,
            Err(outcome) => return Ok(outcome),
        },
        None => Vec::new(),
    };
    let files = match crate::render::site(
        &checked_plan,
        &compiled,
        &sets,
        &overrides,
        stamp,
        &changelog,
    ) {
        Ok(files) => files,
        Err(message) => {
            print(&format!("error: {message}\n"))?;
            return Ok(Outcome::Problems);
        }
    };
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

/// Every file under a template folder, by its relative name with `/`.
fn read_templates(dir: &Path) -> Result<crate::render::handbook::Overrides, String> {
    let mut templates = std::collections::BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        let entries = std::fs::read_dir(&folder)
            .map_err(|e| format!("cannot read the templates in `{}`: {e}", folder.display()))?;
        for entry in entries {
            let path = entry.map_err(|e| e.to_string())?.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let Ok(relative) = path.strip_prefix(dir) else {
                continue;
            };
            let name: Vec<String> = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            let source = std::fs::read_to_string(&path)
                .map_err(|e| format!("cannot read template `{}`: {e}", path.display()))?;
            templates.insert(name.join("/"), source);
        }
    }
    Ok(crate::render::handbook::Overrides(templates))
}

/// The changes from the plan in `path` to `current`, for the handbook's changelog.
fn previous_changes(
    path: &Path,
    current: &crate::model::Plan,
    style: Style,
) -> Result<Result<Vec<String>, Outcome>, String> {
    let loaded =
        crate::load::load_file(path, &path.display().to_string()).map_err(|e| e.to_string())?;
    let checked = crate::check(loaded);
    if checked.has_errors() {
        print_findings(&checked, style)?;
        return Ok(Err(Outcome::Problems));
    }
    let Some(previous) = checked.plan else {
        return Ok(Err(Outcome::Problems));
    };
    Ok(Ok(crate::diff::changes(&previous, current)
        .into_iter()
        .map(|c| c.text)
        .collect()))
}
