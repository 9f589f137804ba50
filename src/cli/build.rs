//! `plan build`: render every output and swap it into the output folder.
//! This file finds the folders and reads the environment; what to build
//! from them is `crate::build`'s.

use std::path::{Path, PathBuf};

use super::{Error, Failure, Shown, compiled_plan, print, print_diagnostics, print_findings};
use crate::diagnostic::Diagnostic;
use crate::model::Spanned;
use crate::render::SiteError;
use crate::render::handbook::Overrides;
use crate::render::versions::EventVersions;
use crate::report::Style;
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
) -> Result<(), Failure> {
    let overrides = levels.overrides()?;
    let findings = Shown::All { summary: !quiet };
    let (source, compiled) = compiled_plan(plan, &overrides, findings, style)?;
    let Folders {
        templates,
        shown,
        target,
        protected,
        problems,
    } = folders(plan, options, compiled.plan.outputs.as_ref())?;
    if !problems.is_empty() {
        print_diagnostics(&source, &problems, style, !quiet)?;
        return Err(Failure::Problems);
    }
    let sets = crate::build::calendar_sets(&compiled);
    let source_date_epoch = std::env::var("SOURCE_DATE_EPOCH").ok();
    let stamp =
        crate::build::stamp(source_date_epoch.as_deref(), compiled.start).map_err(Error::Stamp)?;
    let lock = lock_path(plan);
    crate::write::remove_temporary(&lock);
    let (versions, lock_current) = event_versions(&compiled, &lock, stamp)?;
    let overrides = match &templates {
        Some(dir) => Overrides(crate::input::read_template_dir(dir).map_err(Error::Read)?),
        None => Overrides::default(),
    };
    let changelog = match options.previous {
        Some(path) => previous_changes(path, &compiled, style)?,
        None => Vec::new(),
    };
    let shown = shown.display();
    let budget = crate::render::Budget::for_plan(source.text.len());
    let settings = crate::render::SiteSettings {
        sets: &sets,
        overrides: &overrides,
        stamp,
        versions: &versions,
        changelog: &changelog,
        budget,
    };
    let site = |sink: &mut (dyn crate::render::Sink + Send)| {
        crate::render::site(&compiled, &settings, sink)
    };
    if options.check {
        let mut comparison = Comparison::new(&target);
        let files = match site(&mut comparison) {
            Ok(files) => files,
            Err(error) => return site_failed(error, &shown),
        };
        let staleness = comparison.finish().map_err(|error| Error::ReadOutput {
            shown: shown.to_string(),
            error,
        })?;
        let lock_shown = (!lock_current).then(|| lock.display().to_string());
        return report_staleness(&staleness, lock_shown, files, &shown, quiet);
    }
    let mut output =
        Output::open(&target, options.force, &protected).map_err(|error| Error::OpenOutput {
            error,
            target: target.clone(),
            shown: shown.to_string(),
        })?;
    if let Err(error) = site(&mut output) {
        return site_failed(error, &shown);
    }
    // Before the swap, while the output folder is locked: a build that
    // failed to render leaves the lock as it was, and one whose swap fails
    // leaves a lock the next build agrees with (same plan, same versions).
    if !lock_current {
        let text = versions.to_text();
        crate::write::write_file(&lock, text.as_bytes(), true).map_err(Error::Write)?;
    }
    let finished = output.finish().map_err(Error::Write)?;
    if let Some(kept) = &finished.kept {
        eprintln!(
            "warning: `{shown}` changed while it was rebuilt; {}",
            crate::terminal::escape_controls(kept)
        );
    }
    if !quiet {
        print(&format!("wrote {} files to {shown}\n", finished.files))?;
    }
    Ok(())
}

/// Where a build reads its templates and writes, after links, and what it
/// must not replace.
struct Folders {
    templates: Option<PathBuf>,
    /// The output folder as the user named it (or the default).
    shown: PathBuf,
    target: PathBuf,
    protected: Protected,
    /// The folders the plan names that a build may not use.
    problems: Vec<Diagnostic>,
}

/// The command line's folders, else the plan's (`outputs.dir`,
/// `outputs.templates`, inside the plan's folder), else `site` beside the plan.
fn folders(
    plan: &Path,
    options: &Options<'_>,
    outputs: Option<&crate::model::Outputs>,
) -> Result<Folders, Error> {
    let named_templates = outputs.and_then(|o| o.templates.as_ref());
    let named_output = outputs.and_then(|o| o.dir.as_ref());
    let folder = plan_folder(plan);
    let real_folder = resolved(&folder)?;
    let mut problems = Vec::new();
    let mut in_plan_folder = |dir: &Spanned<String>, what: &str| {
        let path = folder.join(dir.as_str());
        let real = resolved(&path)?;
        problems.extend(crate::build::outside_plan_folder(
            &real,
            &real_folder,
            dir,
            what,
        ));
        Ok::<_, Error>((path, real))
    };
    let templates = match (options.templates, named_templates) {
        (Some(dir), _) => Some(dir.to_path_buf()),
        (None, Some(dir)) => Some(in_plan_folder(dir, "templates")?.0),
        (None, None) => None,
    };
    let (shown, target) = match (options.output, named_output) {
        (Some(dir), _) => (dir.to_path_buf(), resolved(dir)?),
        (None, Some(dir)) => in_plan_folder(dir, "output")?,
        (None, None) => {
            let path = folder.join(crate::model::Outputs::DEFAULT_DIR);
            let real = resolved(&path)?;
            (path, real)
        }
    };
    let protected = protected_paths(plan, templates.as_deref(), options.previous)?;
    if options.output.is_none()
        && problems.is_empty()
        && let (Some(dir), Some(reason)) = (named_output, protected.reason(&target))
    {
        problems.push(crate::build::not_own_folder(dir, &reason));
    }
    Ok(Folders {
        templates,
        shown,
        target,
        protected,
        problems,
    })
}

/// A template or budget failure is the plan's (exit 1); a disk failure is not (exit 2).
fn site_failed(error: SiteError, shown: &impl std::fmt::Display) -> Result<(), Failure> {
    match error {
        SiteError::Output(error) => Err(Error::WriteOutput {
            shown: shown.to_string(),
            error,
        }
        .into()),
        SiteError::Template(_) | SiteError::Budget(_) => {
            print(&format!("error: {error}\n"))?;
            Err(Failure::Problems)
        }
    }
}

/// What `--check` found: the output folder's files, and the lock when it is
/// not what the build would write (`stale_lock`, as shown).
fn report_staleness(
    staleness: &crate::write::Staleness,
    stale_lock: Option<String>,
    files: usize,
    shown: &impl std::fmt::Display,
    quiet: bool,
) -> Result<(), Failure> {
    if let Some(lock) = stale_lock {
        print(&format!(
            "stale: {lock}\n{lock} is out of date: run `plan build` and commit it\n"
        ))?;
        if staleness.is_current() {
            return Err(Failure::Problems);
        }
    }
    if staleness.is_current() {
        if !quiet {
            print(&format!("{shown}: {files} files are up to date\n"))?;
        }
        return Ok(());
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
    Err(Failure::Problems)
}

/// A path with its links resolved, or why it cannot be.
pub(super) fn resolved(path: &Path) -> Result<PathBuf, Error> {
    crate::write::resolve(path).map_err(|error| Error::Resolve {
        path: path.to_path_buf(),
        error,
    })
}

/// What no build may replace, nor any folder holding it: the plan, the
/// templates, the previous plan and the working directory.
pub(super) fn protected_paths(
    plan: &Path,
    templates: Option<&Path>,
    previous: Option<&Path>,
) -> Result<Protected, Error> {
    let mut protected = Protected::default();
    let cwd = std::env::current_dir().map_err(Error::WorkingDirectory)?;
    for (path, what) in [
        (Some(plan), "the plan"),
        (templates, "the template folder"),
        (previous, "the previous plan"),
        (Some(lock_path(plan).as_path()), "the plan's lock"),
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

/// Each event's version after this build, and whether the lock at `lock`
/// holds them already. The lock as read is let go before the site is
/// rendered: at 10,000 meetings it is megabytes.
fn event_versions(
    compiled: &crate::compile::Compiled,
    lock: &Path,
    stamp: crate::time::Instant,
) -> Result<(EventVersions, bool), Error> {
    let locked = crate::input::read_lock(lock).map_err(Error::Read)?;
    let previous = match &locked {
        Some(text) => EventVersions::parse(text).map_err(|error| Error::Lock {
            path: lock.to_path_buf(),
            line: error.line,
            reason: error.reason,
        })?,
        None => EventVersions::default(),
    };
    let versions = crate::render::ics::versions(compiled, &previous, stamp);
    // Read, not byte for byte: a checkout may have turned its line ends
    // into CRLF.
    let current = locked.is_some() && previous == versions;
    Ok((versions, current))
}

/// The lock beside the plan: `plan.lock` for `plan.yaml`.
fn lock_path(plan: &Path) -> PathBuf {
    let stem = plan.file_stem().unwrap_or_else(|| "plan".as_ref());
    let mut name = stem.to_os_string();
    name.push(".lock");
    plan.with_file_name(name)
}

fn plan_folder(plan: &Path) -> PathBuf {
    match plan.parent() {
        Some(parent) if parent != Path::new("") => parent.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// The changes from the plan in `path` to `current`, for the handbook's
/// changelog; the previous plan's errors stop the build.
fn previous_changes(
    path: &Path,
    current: &crate::compile::Compiled,
    style: Style,
) -> Result<Vec<String>, Failure> {
    let loaded = crate::load::load_file(path, &path.display().to_string()).map_err(Error::Read)?;
    let checked = crate::check(loaded);
    if checked.has_errors() {
        print_findings(&checked, style)?;
        return Err(Failure::Problems);
    }
    let previous = checked.resolved.ok_or(Failure::Problems)?;
    Ok(crate::ir::changelog(current, &previous))
}
