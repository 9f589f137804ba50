//! Lint rules: checks of a valid plan's quality, each in its own file under
//! `rules/` with its `explain` text beside its code, registered in
//! [`registry::RULES`] from the one table of rules (`crate::rules`). Levels
//! come from the rule's default, the plan's `lint:` map, the command line,
//! and each item's `allow:` list, in that order.
//!
//! Lint runs only on plans without validation errors. Pure: no I/O, no clock.

mod context;
mod parallel;
mod registry;
mod rules;

use std::collections::{BTreeMap, BTreeSet};

pub use context::{Context, count};
pub(crate) use registry::RuleDefinition;
pub use registry::{RULES, Rule, rule};

use crate::compile::Compiled;
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{Id, ItemKind, Plan, Spanned};
use crate::rules::{Level, RuleId};
use crate::source::Span;

/// What a rule reports: where, what, and the items it is about (the `allow:`
/// list of any of them silences it).
#[derive(Clone, Debug)]
pub struct Finding {
    pub span: Span,
    pub message: String,
    pub label: String,
    pub help: Option<String>,
    pub subjects: Vec<(ItemKind, String)>,
}

impl Finding {
    pub fn new(span: Span, message: impl Into<String>, label: impl Into<String>) -> Self {
        Self {
            span,
            message: message.into(),
            label: label.into(),
            help: None,
            subjects: Vec::new(),
        }
    }

    /// A finding about an item, pointing at its id.
    pub fn about(
        kind: ItemKind,
        id: &Spanned<Id>,
        message: impl Into<String>,
        label: impl Into<String>,
    ) -> Self {
        Self::new(id.span, message, label).subject(kind, id.as_str())
    }

    pub fn subject(mut self, kind: ItemKind, id: &str) -> Self {
        self.subjects.push((kind, id.to_string()));
        self
    }

    pub fn at(mut self, span: Span) -> Self {
        self.span = span;
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// Levels set outside the plan: `--allow/--warn/--deny RULE` and `--deny warnings`.
#[derive(Clone, Debug, Default)]
pub struct Overrides {
    pub levels: BTreeMap<RuleId, Level>,
    pub deny_warnings: bool,
}

/// The rules that walk every occurrence for every attendee: they take
/// longest, so they are started first and the light rules fill in around them.
const SLOW: [RuleId; 3] = [
    RuleId::OverlappingMeetings,
    RuleId::OutsideWorkingHours,
    RuleId::MeetingLoad,
];

/// Runs every rule not allowed and returns the findings at their levels.
/// Rules are independent: they run on the machine's cores, and their
/// findings are put together in the order of the rules.
pub fn run(plan: &Plan, compiled: &Compiled, overrides: &Overrides) -> Vec<Diagnostic> {
    let context = Context::new(plan, compiled);
    let mut enabled: Vec<(&Rule, Severity)> = RULES
        .iter()
        .filter(|r| !r.id.is_validation())
        .filter_map(|rule| {
            let severity = Severity::for_level(level(plan, overrides, rule.id))?;
            let severity = if overrides.deny_warnings {
                Severity::Error
            } else {
                severity
            };
            Some((rule, severity))
        })
        .collect();
    enabled.sort_by_key(|(rule, _)| !SLOW.contains(&rule.id));
    let mut found = parallel::map(&enabled, |(rule, severity)| {
        (rule.id, diagnostics(&context, rule, *severity))
    });
    // The order of the rules, whatever order they ran in.
    found.sort_by_key(|(rule, _)| *rule);
    found.into_iter().flat_map(|(_, found)| found).collect()
}

/// One rule's findings that no `allow:` list silences, at its severity.
fn diagnostics(context: &Context<'_>, rule: &Rule, severity: Severity) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for finding in (rule.check)(context) {
        if finding
            .subjects
            .iter()
            .any(|(kind, id)| context.allows(*kind, id, rule.id))
        {
            continue;
        }
        let mut diagnostic = Diagnostic::new(rule.id, finding.span, finding.message)
            .with_label(finding.label)
            .with_optional_help(finding.help);
        diagnostic.severity = severity;
        diagnostics.push(diagnostic);
    }
    diagnostics
}

/// The level of a rule: the command line wins over the plan, the plan over the default.
fn level(plan: &Plan, overrides: &Overrides, rule: RuleId) -> Level {
    if let Some(level) = overrides.levels.get(&rule) {
        return *level;
    }
    plan.lint
        .iter()
        .find(|(name, _)| name.as_str() == rule.as_str())
        .map_or(rule.default_level(), |(_, level)| level.value.level())
}

/// Every (item, rule) an item's `allow:` list names, collected once: looking
/// items up per finding was a linear search per finding.
fn allow_lists(plan: &Plan) -> BTreeSet<(ItemKind, &str, &str)> {
    let mut set = BTreeSet::new();
    // `Keyed::get` finds an id's first entry; a repeated id is an error before lint.
    let mut seen = BTreeSet::new();
    for item in plan.items() {
        if seen.insert((item.kind, item.id.as_str())) {
            for rule in item.allow {
                set.insert((item.kind, item.id.as_str(), rule.as_str()));
            }
        }
    }
    set
}

/// `plan rules` and `docs/rules.md`: every rule with its default and summary,
/// then each lint rule's explanation.
pub fn rules_markdown() -> String {
    let mut out = String::from(
        "# Rules\n\nGenerated from the rules' own texts (`plan rules`, `plan explain RULE`); a test keeps this file current.\n\n",
    );
    out.push_str("Validation rules are always errors. Lint rules have a default level that a plan's `lint:` map, an item's `allow:` list and the `--allow`, `--warn` and `--deny` flags change.\n\n");
    out.push_str("| rule | default | checks |\n| --- | --- | --- |\n");
    for rule in RULES {
        out.push_str(&format!(
            "| [`{}`](#{}) | {} | {} |\n",
            rule.id,
            rule.id,
            level_name(rule.id.default_level()),
            rule.summary
        ));
    }
    for rule in RULES {
        out.push_str(&format!(
            "\n## {}\n\nDefault: {}.\n\n{}\n",
            rule.id,
            level_name(rule.id.default_level()),
            rule.explain.trim()
        ));
    }
    out
}

/// The lint rules' table in `docs/plan-format.md` ("Lint rules"): each rule
/// with its default level and summary; a test keeps the page current.
pub fn lint_rules_table() -> String {
    let mut out = String::from("| rule | default | fires when |\n| --- | --- | --- |\n");
    for rule in RULES.iter().filter(|r| !r.id.is_validation()) {
        out.push_str(&format!(
            "| `{}` | {} | {} |\n",
            rule.id,
            level_name(rule.id.default_level()),
            rule.summary
        ));
    }
    out
}

pub fn level_name(level: Level) -> &'static str {
    match level {
        Level::Allow => "allow",
        Level::Warn => "warn",
        Level::Error => "error",
    }
}
