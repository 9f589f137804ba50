//! `plan diff OLD [NEW]`: OLD is a plan file or a git revision.

use std::path::Path;

use super::{Error, Failure, json, moment_argument, now, print, print_findings};
use crate::load::{Loaded, load_bytes, load_file};
use crate::report::Style;
use crate::terminal::escape_controls;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Markdown,
    Json,
    Notice,
}

pub(super) fn run(
    old: &str,
    new: &Path,
    format: Format,
    at: Option<&str>,
    style: Style,
) -> Result<(), Failure> {
    let new_loaded = load_file(new, &new.display().to_string()).map_err(Error::Read)?;
    // Any file that exists is read as a plan (a device is read within the limit).
    let is_file = std::fs::metadata(old).is_ok_and(|m| !m.is_dir());
    let old_loaded = if is_file {
        load_file(Path::new(old), old).map_err(Error::Read)?
    } else {
        from_git(old, new)?
    };
    let mut plans = Vec::new();
    for loaded in [old_loaded, new_loaded] {
        let checked = crate::check(loaded);
        if checked.has_errors() {
            print_findings(&checked, style)?;
            return Err(Failure::Problems);
        }
        plans.push(checked.resolved);
    }
    let (Some(Some(old_plan)), Some(Some(new_plan))) = (plans.first(), plans.get(1)) else {
        return Err(Failure::Problems);
    };
    let at = match at {
        Some(text) => moment_argument(text, &new_plan.zone)?,
        None => now()?,
    };
    let occurrences = crate::notice::compare(old_plan, new_plan, at);
    let urgent = occurrences.urgent();
    for warning in &urgent {
        eprintln!("warning: {}", escape_controls(warning));
    }
    if !urgent.is_empty() {
        eprintln!("help: {}", crate::notice::URGENT_HELP);
    }
    let changes = || crate::diff::changes(&old_plan.plan, &new_plan.plan);
    let text = match format {
        Format::Markdown => escape_controls(&crate::diff::markdown(&changes())).into_owned(),
        Format::Json => json(&changes())?,
        Format::Notice => {
            escape_controls(&crate::notice::render(&occurrences.notices())).into_owned()
        }
    };
    print(&text)?;
    Ok(())
}

/// The plan `new` as it was at a git revision.
fn from_git(revision: &str, new: &Path) -> Result<Loaded, Error> {
    let folder = new
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let file = new
        .file_name()
        .and_then(|f| f.to_str())
        .ok_or(Error::FileNameNotUtf8)?;
    let output = std::process::Command::new("git")
        .arg("-C")
        .arg(folder)
        .arg("show")
        // The revision is user text: never let git read it as an option.
        .arg("--end-of-options")
        .arg(format!("{revision}:./{file}"))
        .output()
        .map_err(|error| Error::GitRun {
            revision: revision.to_string(),
            error,
        })?;
    if !output.status.success() {
        return Err(Error::GitShow {
            revision: revision.to_string(),
            file: file.to_string(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        });
    }
    Ok(load_bytes(&format!("{revision}:{file}"), &output.stdout))
}
