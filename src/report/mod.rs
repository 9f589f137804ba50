//! Output formats for findings: one enum, one `match`, one file per format.

mod github;
mod human;
mod json;
mod sarif;

use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;

pub use human::{Style, summary};

/// How findings are printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// miette/rustc-style reports with the source excerpt.
    Human,
    /// One JSON array of findings (see docs/plan-format.md, "Diagnostics").
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other tools.
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
}

/// Renders findings (already sorted) in a format.
pub fn render(
    format: Format,
    source: &SourceFile,
    diagnostics: &[Diagnostic],
    style: Style,
) -> String {
    match format {
        Format::Human => human::render(source, diagnostics, style),
        Format::Json => json::render(source, diagnostics),
        Format::Sarif => sarif::render(source, diagnostics),
        Format::Github => github::render(source, diagnostics),
    }
}
