//! Every rule `plan` knows, declared once in [`rule_table!`]: the six
//! validation rules (always errors) and the lint rules of the format contract
//! (configurable). One line there gives a rule its id, its default level and
//! its place in the registry.
//!
//! The rules' summaries, `explain` texts and checks live beside their code
//! under `lint/rules/` (see docs/ARCHITECTURE.md); [`RuleId`] is what a plan's
//! `lint:` map, `allow:` lists and `--allow/--warn/--deny` flags are checked
//! against. A leaf: it depends on no other module.

use std::fmt;

/// The one table of rules: each rule's `RuleId` variant, its id as written
/// in plans, on the command line and in output, its default level, and its
/// definition (summary, `plan explain` text, check) under `lint::rules`.
/// Validation rules come first and are always errors; lint rules follow in
/// the contract's order, which is also the order of findings at one place.
///
/// `rule_table!(callback)` hands the table to a macro: this file makes
/// [`RuleId`] from it, `lint::registry` the registry. The definitions are
/// only tokens here, so this module stays a leaf that depends on nothing.
macro_rules! rule_table {
    ($callback:ident) => {
        $callback! {
            validation {
                YamlSyntax = "yaml-syntax", validation::YAML_SYNTAX;
                UnknownField = "unknown-field", validation::UNKNOWN_FIELD;
                InvalidValue = "invalid-value", validation::INVALID_VALUE;
                UnknownReference = "unknown-reference", validation::UNKNOWN_REFERENCE;
                DuplicateId = "duplicate-id", validation::DUPLICATE_ID;
                InvalidSchedule = "invalid-schedule", validation::INVALID_SCHEDULE;
            }
            lint {
                AudienceWithoutChannel = "audience-without-channel", Error, audience_without_channel::RULE;
                ChannelWithoutSla = "channel-without-sla", Error, channel_without_sla::RULE;
                EmptyAudience = "empty-audience", Error, empty_audience::RULE;
                UrgentSlowerThanNormal = "urgent-slower-than-normal", Error, urgent_slower_than_normal::RULE;
                MissingUrgentPath = "missing-urgent-path", Warn, missing_urgent_path::RULE;
                NoFormalChannel = "no-formal-channel", Warn, no_formal_channel::RULE;
                MeetingWithoutAgenda = "meeting-without-agenda", Warn, meeting_without_agenda::RULE;
                MeetingWithoutOwner = "meeting-without-owner", Warn, meeting_without_owner::RULE;
                ReportWithoutFormat = "report-without-format", Warn, report_without_format::RULE;
                MissingEscalation = "missing-escalation", Warn, missing_escalation::RULE;
                EscalationNotIncreasing = "escalation-not-increasing", Warn, escalation_not_increasing::RULE;
                MissingReview = "missing-review", Warn, missing_review::RULE;
                OutsideWorkingHours = "outside-working-hours", Warn, outside_working_hours::RULE;
                OverlappingMeetings = "overlapping-meetings", Warn, overlapping_meetings::RULE;
                SparseContact = "sparse-contact", Warn, sparse_contact::RULE;
                DecisionsNotRecorded = "decisions-not-recorded", Warn, decisions_not_recorded::RULE;
                MeetingLoad = "meeting-load", Warn, meeting_load::RULE;
                UnusedChannel = "unused-channel", Warn, unused_channel::RULE;
                GoalWithoutActivity = "goal-without-activity", Warn, goal_without_activity::RULE;
                BarrierWithoutMitigation = "barrier-without-mitigation", Warn, barrier_without_mitigation::RULE;
                PersonWithoutAudience = "person-without-audience", Warn, person_without_audience::RULE;
                MissingContact = "missing-contact", Warn, missing_contact::RULE;
                DeprecatedTimezone = "deprecated-timezone", Warn, deprecated_timezone::RULE;
            }
        }
    };
}
pub(crate) use rule_table;

/// Makes `RuleId` from [`rule_table!`].
macro_rules! rule_ids {
    (
        validation { $( $check:ident = $check_name:literal, $check_definition:path; )* }
        lint { $( $lint:ident = $lint_name:literal, $level:ident, $lint_definition:path; )* }
    ) => {
        /// A rule's identity, as written in plans, on the command line and in output.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum RuleId {
            $( $check, )*
            $( $lint, )*
        }

        impl RuleId {
            /// Every rule, validation rules first, then lint rules in the contract's order.
            pub const ALL: &'static [RuleId] = &[ $( RuleId::$check, )* $( RuleId::$lint, )* ];

            pub const fn as_str(self) -> &'static str {
                match self {
                    $( RuleId::$check => $check_name, )*
                    $( RuleId::$lint => $lint_name, )*
                }
            }

            /// The severity a finding has when nothing configures it.
            pub const fn default_level(self) -> Level {
                match self {
                    $( RuleId::$check => Level::Error, )*
                    $( RuleId::$lint => Level::$level, )*
                }
            }

            /// Validation rules report plans that cannot be understood; they
            /// cannot be allowed or downgraded.
            pub const fn is_validation(self) -> bool {
                matches!(self, $( RuleId::$check )|*)
            }
        }
    };
}

rule_table!(rule_ids);

/// How a rule is configured: as an error, a warning, or not at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    Allow,
    Warn,
    Error,
}

impl RuleId {
    pub fn from_name(name: &str) -> Option<RuleId> {
        RuleId::ALL
            .iter()
            .copied()
            .find(|rule| rule.as_str() == name)
    }

    /// The names of the rules a plan may configure (the lint rules).
    pub fn lint_names() -> impl Iterator<Item = &'static str> {
        RuleId::ALL
            .iter()
            .filter(|rule| !rule.is_validation())
            .map(|rule| rule.as_str())
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_contract_has_six_validation_and_twenty_three_lint_rules() {
        let validation = RuleId::ALL.iter().filter(|r| r.is_validation()).count();
        assert_eq!(validation, 6);
        assert_eq!(RuleId::lint_names().count(), 23);
    }

    #[test]
    fn names_round_trip() {
        for rule in RuleId::ALL {
            assert_eq!(RuleId::from_name(rule.as_str()), Some(*rule));
        }
        assert_eq!(RuleId::from_name("no-such-rule"), None);
    }
}
