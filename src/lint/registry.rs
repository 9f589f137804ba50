//! The registry: every rule of `crate::rules::rule_table!` with its
//! definition, validation rules first (their checks live in `load` and
//! `validate`), then the lint rules in the contract's order.

use super::{Context, Finding, rules};
use crate::rules::{RuleId, rule_table};

/// What a rule's file under `rules/` declares: a one-line summary, its
/// `plan explain` text, and its check (for validation rules, none: `load`
/// and `validate` report them). Its id and default level are in the table.
pub struct RuleDefinition {
    pub summary: &'static str,
    pub explain: &'static str,
    pub check: fn(&Context<'_>) -> Vec<Finding>,
}

/// A registered rule: its id and its definition.
pub struct Rule {
    pub id: RuleId,
    pub summary: &'static str,
    pub explain: &'static str,
    pub check: fn(&Context<'_>) -> Vec<Finding>,
}

impl Rule {
    const fn new(id: RuleId, definition: RuleDefinition) -> Self {
        Self {
            id,
            summary: definition.summary,
            explain: definition.explain,
            check: definition.check,
        }
    }
}

/// Makes [`RULES`] from the table, in `RuleId::ALL`'s order.
macro_rules! registry {
    (
        validation { $( $check:ident = $check_name:literal, $check_module:ident::$check_definition:ident; )* }
        lint { $( $lint:ident = $lint_name:literal, $level:ident, $lint_module:ident::$lint_definition:ident; )* }
    ) => {
        /// Every rule, in `RuleId::ALL`'s order (a rule's position is its index).
        pub static RULES: &[Rule] = &[
            $( Rule::new(RuleId::$check, rules::$check_module::$check_definition), )*
            $( Rule::new(RuleId::$lint, rules::$lint_module::$lint_definition), )*
        ];
    };
}

rule_table!(registry);

/// A rule by id.
pub fn rule(id: RuleId) -> Option<&'static Rule> {
    RULES.get(id as usize).filter(|r| r.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_id_is_registered_once_in_order() {
        let ids: Vec<RuleId> = RULES.iter().map(|r| r.id).collect();
        assert_eq!(ids, RuleId::ALL);
        for id in RuleId::ALL {
            assert_eq!(rule(*id).map(|r| r.id), Some(*id));
        }
    }

    #[test]
    fn every_rule_is_explained_with_the_four_headings() {
        for rule in RULES {
            assert!(!rule.summary.is_empty(), "{}", rule.id);
            for heading in [
                "### What it checks",
                "### Why it matters",
                "### Example",
                "### Fix",
            ] {
                assert!(
                    rule.explain.contains(heading),
                    "{} lacks {heading}",
                    rule.id
                );
            }
        }
    }
}
