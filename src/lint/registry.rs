//! The one list of rules: validation rules first (their checks live in
//! `validate`), then the lint rules in the contract's order.

use super::{Context, Finding, rules};
use crate::rules::RuleId;

/// A rule: its id, a one-line summary, its `plan explain` text, and its check
/// (for validation rules, none: `load` and `validate` report them).
pub struct Rule {
    pub id: RuleId,
    pub summary: &'static str,
    pub explain: &'static str,
    pub check: fn(&Context<'_>) -> Vec<Finding>,
}

pub static RULES: &[Rule] = &[
    rules::validation::YAML_SYNTAX,
    rules::validation::UNKNOWN_FIELD,
    rules::validation::INVALID_VALUE,
    rules::validation::UNKNOWN_REFERENCE,
    rules::validation::DUPLICATE_ID,
    rules::validation::INVALID_SCHEDULE,
    rules::audience_without_channel::RULE,
    rules::channel_without_sla::RULE,
    rules::empty_audience::RULE,
    rules::urgent_slower_than_normal::RULE,
    rules::missing_urgent_path::RULE,
    rules::no_formal_channel::RULE,
    rules::meeting_without_agenda::RULE,
    rules::meeting_without_owner::RULE,
    rules::report_without_format::RULE,
    rules::missing_escalation::RULE,
    rules::escalation_not_increasing::RULE,
    rules::missing_review::RULE,
    rules::outside_working_hours::RULE,
    rules::overlapping_meetings::RULE,
    rules::sparse_contact::RULE,
    rules::decisions_not_recorded::RULE,
    rules::meeting_load::RULE,
    rules::unused_channel::RULE,
    rules::goal_without_activity::RULE,
    rules::barrier_without_mitigation::RULE,
    rules::person_without_audience::RULE,
    rules::missing_contact::RULE,
];

/// A rule by id.
pub fn rule(id: RuleId) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_id_is_registered_once_in_order() {
        let ids: Vec<RuleId> = RULES.iter().map(|r| r.id).collect();
        assert_eq!(ids, RuleId::ALL);
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
