//! The one finding type every stage produces.

use crate::rules::{Level, RuleId};
use crate::source::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    /// The severity of a finding of a rule at this level; `None` when the rule is allowed.
    pub const fn for_level(level: Level) -> Option<Severity> {
        match level {
            Level::Allow => None,
            Level::Warn => Some(Severity::Warning),
            Level::Error => Some(Severity::Error),
        }
    }

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
        let severity = Severity::for_level(rule.default_level()).unwrap_or(Severity::Warning);
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

/// Sorts findings as every output presents them: by position, then rule, then
/// message; ties keep their order. Sorts small keys, then moves each finding
/// once: moving 300,000 findings of 150 bytes at every step of a merge sort
/// dominated `plan lint`.
pub fn sort(diagnostics: &mut Vec<Diagnostic>) {
    let mut keys: Vec<(usize, RuleId, &str, usize, usize)> = diagnostics
        .iter()
        .enumerate()
        .map(|(i, d)| (d.span.start, d.rule, d.message.as_str(), d.span.len, i))
        .collect();
    // The index makes every key distinct, so an unstable sort is deterministic.
    keys.sort_unstable();
    let order: Vec<usize> = keys.into_iter().map(|key| key.4).collect();
    let mut slots: Vec<Option<Diagnostic>> = diagnostics.drain(..).map(Some).collect();
    diagnostics.extend(
        order
            .into_iter()
            .filter_map(|i| slots.get_mut(i).and_then(Option::take)),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn findings_sort_by_position_rule_and_message_keeping_ties_in_order() {
        let at = |start: usize, message: &str, help: &str| {
            Diagnostic::new(RuleId::InvalidValue, Span::new(start, 1), message).with_help(help)
        };
        let mut findings = vec![
            at(9, "b", "1"),
            at(2, "z", "2"),
            at(9, "a", "3"),
            at(2, "z", "4"),
            Diagnostic::new(RuleId::UnknownField, Span::new(2, 1), "a"),
        ];
        sort(&mut findings);
        let order: Vec<(usize, &str, Option<&str>)> = findings
            .iter()
            .map(|d| (d.span.start, d.message.as_str(), d.help.as_deref()))
            .collect();
        assert_eq!(
            order,
            [
                (2, "a", None),
                (2, "z", Some("2")),
                (2, "z", Some("4")),
                (9, "a", Some("3")),
                (9, "b", Some("1")),
            ]
        );
    }
}
