//! The one finding type every stage produces.

use crate::rules::RuleId;
use crate::source::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A secondary place a finding refers to ("first defined here").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Related {
    pub span: Span,
    pub label: String,
}

/// A finding about the plan: which rule, how bad, what, where, and how to fix it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub rule: RuleId,
    pub severity: Severity,
    /// One line, lowercase, names in backticks.
    pub message: String,
    /// The exact node the finding is about; empty at 0 for the plan as a whole.
    pub span: Span,
    /// A short note drawn under the span.
    pub label: String,
    /// What to write instead, where a fix is known.
    pub help: Option<String>,
    pub related: Vec<Related>,
}

impl Diagnostic {
    /// A finding at the rule's default severity.
    pub fn new(rule: RuleId, span: Span, message: impl Into<String>) -> Self {
        let severity = rule.default_level().severity().unwrap_or(Severity::Warning);
        Self {
            rule,
            severity,
            message: message.into(),
            span,
            label: String::new(),
            help: None,
            related: Vec::new(),
        }
    }

    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_optional_help(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }

    pub fn with_related(mut self, span: Span, label: impl Into<String>) -> Self {
        self.related.push(Related {
            span,
            label: label.into(),
        });
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Sorts findings as every output presents them: by position, then rule, then message.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (a.span.start, a.rule, &a.message, a.span.len).cmp(&(
            b.span.start,
            b.rule,
            &b.message,
            b.span.len,
        ))
    });
}
