//! `plan build`: render every output and swap it into the output folder.

use std::path::{Path, PathBuf};

use super::{Outcome, compiled_plan, print, print_diagnostics, print_findings};
use crate::diagnostic::Diagnostic;
use crate::model::CalendarSet;
use crate::render::SiteError;
use crate::render::handbook::Overrides;
use crate::report::Style;
use crate::rules::RuleId;
use crate::time::{Date, Instant, Zone};
use crate::write::{Comparison, Output, Protected};

/// What `plan build` was asked for, beyond the plan.
pub(super) struct Options<'a> {
    pub output: Option<&'a Path>,
    pub templates: Option<&'a Path>,
    pub previous: Option<&'a Path>,
    pub check: bool,
    pub force: bool,
}

pub(super) fn run(
    plan: &Path,
    options: &Options<'_>,
    levels: &super::lint::LevelArgs,
    style: Style,
    quiet: bool,
) -> Result<Outcome, String> {
    let overrides = levels.overrides()?;
    let (source, compiled) = match compiled_plan(plan, &overrides, !quiet, style)? {
        Ok(compiled) => compiled,
        Err(outcome) => return Ok(outcome),
    };
    let outputs = compiled.plan.outputs.clone().unwrap_or_default();
    let folder = plan_folder(plan);
    let real_folder = resolved(&folder)?;
    let mut problems = Vec::new();
    let mut in_plan_folder = |dir: &crate::model::Spanned<String>, what: &str| {
        let path = folder.join(dir.as_str());
        let real = resolved(&path)?;
        if let Some(problem) = outside_plan_folder(&real, &real_folder, dir, what) {
            problems.push(problem);
        }
        Ok::<_, String>((path, real))
    };
    let template_dir = match (options.templates, &outputs.templates) {
        (Some(dir), _) => Some(dir.to_path_buf()),
        (None, Some(dir)) => Some(in_plan_folder(dir, "templates")?.0),
        (None, None) => None,
    };
    let (shown, target) = match (options.output, &outputs.dir) {
        (Some(dir), _) => (dir.to_path_buf(), resolved(dir)?),
        (None, Some(dir)) => in_plan_folder(dir, "output")?,
        (None, None) => {
            let path = folder.join("site");
            let real = resolved(&path)?;
            (path, real)
        }
    };
    let protected = protected_paths(plan, template_dir.as_deref(), options.previous)?;
    if options.output.is_none()
        && problems.is_empty()
        && let (Some(dir), Some(reason)) = (&outputs.dir, protected.reason(&target))
    {
        problems.push(
            Diagnostic::new(
                RuleId::InvalidValue,
                dir.span,
                format!("`{dir}` cannot be the output folder: {reason}"),
            )
            .with_label("not a folder of its own")
            .with_help("name a folder that only the build writes, such as `site`"),
        );
    }
    if !problems.is_empty() {
        print_diagnostics(&source, &problems, style)?;
        return Ok(Outcome::Problems);
    }
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
    let overrides = match &template_dir {
        Some(dir) => Overrides(crate::input::read_template_dir(dir).map_err(|e| e.to_string())?),
        None => Overrides::default(),
    };
    let changelog = match options.previous {
        Some(path) => match previous_changes(path, &compiled.plan, style)? {
            Ok(changes) => changes,
            Err(outcome) => return Ok(outcome),
        },
        None => Vec::new(),
    };
    let shown = shown.display();
    let budget = crate::render::Budget::for_plan(source.text.len());
    let settings = crate::render::SiteSettings {
        sets: &sets,
        overrides: &overrides,
        stamp,
        changelog: &changelog,
        budget,
    };
    let site = |sink: &mut dyn crate::render::Sink| crate::render::site(&compiled, &settings, sink);
    if options.check {
        let mut comparison = Comparison::new(&target);
        let files = match site(&mut comparison) {
            Ok(files) => files,
            Err(error) => return site_failed(&error, &shown),
        };
        let staleness = comparison
            .finish()
            .map_err(|e| format!("cannot read `{shown}`: {e}"))?;
        return report_staleness(&staleness, files, &shown, quiet);
    }
    let mut output = Output::open(&target, options.force, &protected).map_err(|e| {
        // Name the folder as the user did, not by its resolved path.
        e.to_string()
            .replace(&target.display().to_string(), &shown.to_string())
    })?;
    if let Err(error) = site(&mut output) {
        return site_failed(&error, &shown);
    }
    let finished = output.finish().map_err(|e| e.to_string())?;
    if let Some(kept) = &finished.kept {
        eprintln!(
            "warning: `{shown}` changed while it was rebuilt; {}",
            crate::terminal::escape_controls(kept)
        );
    }
    if !quiet {
        print(&format!("wrote {} files to {shown}\n", finished.files))?;
    }
    Ok(Outcome::Clean)
}

/// A template or budget failure is the plan's (exit 1); a disk failure is not (exit 2).
fn site_failed(error: &SiteError, shown: &impl std::fmt::Display) -> Result<Outcome, String> {
    match error {
        SiteError::Output(error) => Err(format!("cannot write `{shown}`: {error}")),
        SiteError::Template(_) | SiteError::Budget(_) => {
            print(&format!("error: {error}\n"))?;
            Ok(Outcome::Problems)
        }
    }
}

fn report_staleness(
    staleness: &crate::write::Staleness,
    files: usize,
    shown: &impl std::fmt::Display,
    quiet: bool,
) -> Result<Outcome, String> {
    if staleness.is_current() {
        if !quiet {
            print(&format!("{shown}: {files} files are up to date\n"))?;
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
    if staleness.extra.is_empty() {
        out.push_str(&format!("{shown} is out of date: run `plan build`\n"));
    } else {
        out.push_str(&format!(
            "{shown} is out of date: move the extra files out of it, then run `plan build` (or `plan build --force` to replace them)\n"
        ));
    }
    print(&out)?;
    Ok(Outcome::Problems)
}

/// A path with its links resolved, or why it cannot be.
fn resolved(path: &Path) -> Result<PathBuf, String> {
    crate::write::resolve(path).map_err(|e| format!("cannot resolve `{}`: {e}", path.display()))
}

/// A folder the plan names (`outputs.dir`, `outputs.templates`) must lead,
/// after links, inside the plan's folder (`real_folder`), and not to the
/// folder itself.
fn outside_plan_folder(
    real: &Path,
    real_folder: &Path,
    dir: &crate::model::Spanned<String>,
    what: &str,
) -> Option<Diagnostic> {
    if real.starts_with(real_folder) && real != real_folder {
        return None;
    }
    Some(
        Diagnostic::new(
            RuleId::InvalidValue,
            dir.span,
            format!("the {what} folder `{dir}` leads outside the plan's folder, through a link"),
        )
        .with_label("outside the plan's folder")
        .with_help("a plan names folders inside its own folder; to use another, pass it on the command line"),
    )
}

/// What no build may replace, nor any folder holding it: the plan, the
/// templates, the previous plan and the working directory.
fn protected_paths(
    plan: &Path,
    templates: Option<&Path>,
    previous: Option<&Path>,
) -> Result<Protected, String> {
    let mut protected = Protected::default();
    let cwd =
        std::env::current_dir().map_err(|e| format!("cannot read the working directory: {e}"))?;
    for (path, what) in [
        (Some(plan), "the plan"),
        (templates, "the template folder"),
        (previous, "the previous plan"),
        (Some(cwd.as_path()), "the working directory"),
    ] {
        if let Some(path) = path {
            let shown = if what == "the working directory" {
                what.to_string()
            } else {
                format!("{what} `{}`", path.display())
            };
            protected.paths.push((resolved(path)?, shown));
        }
    }
    Ok(protected)
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
    let Some(previous) = checked.into_plan() else {
        return Ok(Err(Outcome::Problems));
    };
    Ok(Ok(crate::diff::changes(&previous, current)
        .into_iter()
        .map(|c| c.text)
        .collect()))
}
