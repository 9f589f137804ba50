//! `commplan`: a communication plan (`plan.yaml`) loaded, validated, linted and
//! compiled into a handbook, calendars and checklists.
//!
//! The pipeline is the architecture (see docs/ARCHITECTURE.md):
//! [`load`] (text -> model, spans kept) -> [`validate`] -> lint -> compile ->
//! render -> write. The `plan` binary is a thin shell around [`cli::run`].

pub mod agenda;
pub mod build;
pub mod cli;
pub mod compile;
pub mod diagnostic;
pub mod diff;
pub mod escalation;
pub mod i18n;
pub mod input;
pub mod ir;
pub mod limits;
pub mod lint;
pub mod load;
pub mod markdown;
pub mod measure;
pub mod model;
pub mod notice;
pub mod render;
pub mod report;
pub mod rules;
pub mod schema;
pub mod sla;
pub mod source;
pub mod suggest;
pub mod terminal;
#[cfg(test)]
mod test_plans;
pub mod time;
pub mod validate;
pub mod write;

use compile::Compiled;
use diagnostic::Diagnostic;
use model::Plan;
use source::SourceFile;

/// A plan after loading and checking: its text, every finding (sorted), and
/// the plan: resolved when it has no errors, else as far as it could be read.
#[derive(Debug)]
pub struct Checked {
    pub source: SourceFile,
    pub diagnostics: Vec<Diagnostic>,
    /// The resolved plan, when the plan has no errors: what every later
    /// stage reads.
    pub resolved: Option<Compiled>,
    /// The plan as read, when it has errors (and was readable at all).
    unresolved: Option<Plan>,
}

impl Checked {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// The plan as written, resolved or not.
    pub fn plan(&self) -> Option<&Plan> {
        self.resolved
            .as_ref()
            .map(|r| &r.plan)
            .or(self.unresolved.as_ref())
    }

    /// The plan as written, resolved or not.
    pub fn into_plan(self) -> Option<Plan> {
        self.resolved.map(|r| r.plan).or(self.unresolved)
    }
}

/// Validates and lints a loaded plan at the default levels.
pub fn check(loaded: load::Loaded) -> Checked {
    check_with(loaded, &lint::Overrides::default())
}

/// Validates a loaded plan, resolves it if it is valid (the one place a plan
/// is compiled), then lints it: all findings of every stage, in one sorted
/// list, and the resolved plan.
pub fn check_with(loaded: load::Loaded, overrides: &lint::Overrides) -> Checked {
    let mut diagnostics = loaded.diagnostics;
    let mut resolved = None;
    let mut unresolved = None;
    if let Some(plan) = loaded.plan {
        diagnostics.extend(validate::validate(&plan));
        // Lint rules judge a plan that means something; on a broken one they
        // would only add noise to the real errors.
        if diagnostics.iter().any(Diagnostic::is_error) {
            unresolved = Some(plan);
        } else {
            resolved = compile::compile(plan);
            if let Some(compiled) = &resolved {
                diagnostics.extend(lint::run(&compiled.plan, compiled, overrides));
            }
        }
    }
    diagnostic::sort(&mut diagnostics);
    // Retrying a broken item reports its unknown fields again; keep one of each.
    diagnostics.dedup();
    Checked {
        source: loaded.source,
        diagnostics,
        resolved,
        unresolved,
    }
}
