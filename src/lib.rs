//! `commplan`: a communication plan (`plan.yaml`) loaded, validated, linted and
//! compiled into a handbook, calendars and checklists.
//!
//! The pipeline is the architecture (see docs/ARCHITECTURE.md):
//! [`load`] (text -> model, spans kept) -> [`validate`] -> lint -> compile ->
//! render -> write. The `plan` binary is a thin shell around [`cli::run`].

pub mod cli;
pub mod compile;
pub mod diagnostic;
pub mod diff;
pub mod i18n;
pub mod input;
pub mod ir;
pub mod limits;
pub mod lint;
pub mod load;
pub mod markdown;
pub mod model;
pub mod render;
pub mod report;
pub mod rules;
pub mod schema;
pub mod source;
pub mod suggest;
pub mod terminal;
pub mod time;
pub mod validate;
pub mod write;

use diagnostic::Diagnostic;
use model::Plan;
use source::SourceFile;

/// A plan after loading and checking: its text, the model (when the document
/// could be read as a plan at all), and every finding, sorted.
#[derive(Debug)]
pub struct Checked {
    pub source: SourceFile,
    pub plan: Option<Plan>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Checked {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Validates and lints a loaded plan at the default levels.
pub fn check(loaded: load::Loaded) -> Checked {
    check_with(loaded, &lint::Overrides::default())
}

/// Validates a loaded plan, then lints it if it is valid: all findings of
/// every stage, in one sorted list.
pub fn check_with(loaded: load::Loaded, overrides: &lint::Overrides) -> Checked {
    let mut diagnostics = loaded.diagnostics;
    if let Some(plan) = &loaded.plan {
        diagnostics.extend(validate::validate(plan));
        // Lint rules judge a plan that means something; on a broken one they
        // would only add noise to the real errors.
        if !diagnostics.iter().any(Diagnostic::is_error)
            && let Some(compiled) = compile::compile(plan)
        {
            diagnostics.extend(lint::run(plan, &compiled, overrides));
        }
    }
    diagnostic::sort(&mut diagnostics);
    // Retrying a broken item reports its unknown fields again; keep one of each.
    diagnostics.dedup();
    Checked {
        source: loaded.source,
        plan: loaded.plan,
        diagnostics,
    }
}
