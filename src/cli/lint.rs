//! `plan lint`, `plan rules`, `plan explain`, and the level flags that
//! `lint` and `build` share.

use std::path::Path;

use super::{Error, Failure, print};
use crate::lint::{Overrides, RULES, level_name, rule};
use crate::report::{self, Style};
use crate::rules::{Level, RuleId};
use crate::suggest;

/// `--allow`, `--warn`, `--deny RULE` (repeatable) and `--deny warnings`.
#[derive(Clone, Debug, Default, clap::Args)]
pub(super) struct LevelArgs {
    /// Silence a lint rule.
    #[arg(long, value_name = "RULE", value_parser = RuleNames::Lint, hide_possible_values = true)]
    allow: Vec<String>,
    /// Report a lint rule as a warning.
    #[arg(long, value_name = "RULE", value_parser = RuleNames::Lint, hide_possible_values = true)]
    warn: Vec<String>,
    /// Report a lint rule as an error; `--deny warnings` makes every warning an error.
    #[arg(long, value_name = "RULE", value_parser = RuleNames::LintOrWarnings, hide_possible_values = true)]
    deny: Vec<String>,
}

/// The rule ids an argument takes, offered to shell completion (`plan
/// completions`) as its possible values, each with its summary. It accepts
/// any text: an unknown id is this module's error, which names the closest
/// rule and exits 2, not clap's list of all of them.
#[derive(Clone, Copy, Debug)]
pub(super) enum RuleNames {
    /// Every rule (`plan explain`).
    All,
    /// The lint rules, whose level can be set (`--allow`, `--warn`).
    Lint,
    /// The lint rules and `warnings` (`--deny`).
    LintOrWarnings,
}

impl clap::builder::TypedValueParser for RuleNames {
    type Value = String;

    fn parse_ref(
        &self,
        command: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        clap::builder::StringValueParser::new().parse_ref(command, arg, value)
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        let lint_only = !matches!(self, RuleNames::All);
        let rules = RULES
            .iter()
            .filter(move |rule| !(lint_only && rule.id.is_validation()))
            .map(|rule| clap::builder::PossibleValue::new(rule.id.as_str()).help(rule.summary));
        let warnings = matches!(self, RuleNames::LintOrWarnings).then(|| {
            clap::builder::PossibleValue::new("warnings").help("every warning, as an error")
        });
        Some(Box::new(rules.chain(warnings)))
    }
}

impl LevelArgs {
    /// The levels the flags set; `--deny` wins over `--warn`, which wins over `--allow`.
    pub(super) fn overrides(&self) -> Result<Overrides, Error> {
        let mut overrides = Overrides::default();
        for (names, level) in [
            (&self.allow, Level::Allow),
            (&self.warn, Level::Warn),
            (&self.deny, Level::Error),
        ] {
            for name in names {
                if level == Level::Error && name == "warnings" {
                    overrides.deny_warnings = true;
                    continue;
                }
                overrides.levels.insert(lint_rule(name)?, level);
            }
        }
        Ok(overrides)
    }
}

/// A lint rule named on the command line.
fn lint_rule(name: &str) -> Result<RuleId, Error> {
    match RuleId::from_name(name) {
        Some(rule) if rule.is_validation() => Err(Error::ValidationRule(rule)),
        Some(rule) => Ok(rule),
        None => Err(unknown_rule(name)),
    }
}

fn unknown_rule(name: &str) -> Error {
    let names = RuleId::ALL.iter().map(|r| r.as_str());
    Error::UnknownRule {
        name: name.to_string(),
        closest: suggest::closest(name, names),
    }
}

pub(super) fn run(
    plan: &Path,
    format: report::Format,
    levels: &LevelArgs,
    style: Style,
    quiet: bool,
) -> Result<(), Failure> {
    let overrides = levels.overrides()?;
    let display = plan.display().to_string();
    let loaded = crate::load::load_file(plan, &display).map_err(Error::Read)?;
    let checked = crate::check_with(loaded, &overrides);
    let mut out = report::render(format, &checked.source, &checked.diagnostics, style);
    if format == report::Format::Human && !quiet {
        out.push_str(&format!(
            "{}: {}\n",
            crate::terminal::escape_controls(&display),
            report::summary(&checked.diagnostics)
        ));
    }
    print(&out)?;
    if checked.has_errors() {
        return Err(Failure::Problems);
    }
    Ok(())
}

/// `plan rules`: one line per rule.
pub(super) fn rules_table() -> String {
    let width = RULES.iter().map(|r| r.id.as_str().len()).max().unwrap_or(0);
    let mut out = String::new();
    for rule in RULES {
        let level = if rule.id.is_validation() {
            "always"
        } else {
            level_name(rule.id.default_level())
        };
        out.push_str(&format!(
            "{:<width$}  {:<6}  {}\n",
            rule.id.as_str(),
            level,
            rule.summary
        ));
    }
    out
}

/// `plan explain RULE`.
pub(super) fn explain(name: &str) -> Result<(), Failure> {
    let found = RuleId::from_name(name)
        .and_then(rule)
        .ok_or_else(|| unknown_rule(name))?;
    let level = if found.id.is_validation() {
        "a validation rule: always an error".to_string()
    } else {
        format!("default level: {}", level_name(found.id.default_level()))
    };
    print(&format!(
        "# {}\n\n{} ({level}).\n\n{}\n",
        found.id,
        capitalise(found.summary),
        found.explain.trim()
    ))?;
    Ok(())
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}
