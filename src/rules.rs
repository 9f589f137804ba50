//! Every rule id `plan` knows: the six validation rules (always errors) and the
//! lint rules of the format contract (configurable).
//!
//! The lint rules' checks and `explain` texts live beside their code under
//! `lint/` (see docs/ARCHITECTURE.md); this list is what a plan's `lint:` map,
//! `allow:` lists and `--allow/--warn/--deny` flags are checked against.

use std::fmt;

macro_rules! rule_ids {
    ($( $variant:ident = $name:literal, $kind:ident; )*) => {
        /// A rule's identity, as written in plans, on the command line and in output.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum RuleId {
            $( $variant, )*
        }

        impl RuleId {
            /// Every rule, validation rules first, then lint rules in the contract's order.
            pub const ALL: &'static [RuleId] = &[ $( RuleId::$variant, )* ];

            pub const fn as_str(self) -> &'static str {
                match self {
                    $( RuleId::$variant => $name, )*
                }
            }

            /// The severity a finding has when nothing configures it.
            pub const fn default_level(self) -> Level {
                match self {
                    $( RuleId::$variant => Level::$kind, )*
                }
            }
        }
    };
}

rule_ids! {
    YamlSyntax = "yaml-syntax", Error;
    UnknownField = "unknown-field", Error;
    InvalidValue = "invalid-value", Error;
    UnknownReference = "unknown-reference", Error;
    DuplicateId = "duplicate-id", Error;
    InvalidSchedule = "invalid-schedule", Error;
    AudienceWithoutChannel = "audience-without-channel", Error;
    ChannelWithoutSla = "channel-without-sla", Error;
    EmptyAudience = "empty-audience", Error;
    UrgentSlowerThanNormal = "urgent-slower-than-normal", Error;
    MissingUrgentPath = "missing-urgent-path", Warn;
    NoFormalChannel = "no-formal-channel", Warn;
    MeetingWithoutAgenda = "meeting-without-agenda", Warn;
    MeetingWithoutOwner = "meeting-without-owner", Warn;
    ReportWithoutFormat = "report-without-format", Warn;
    MissingEscalation = "missing-escalation", Warn;
    EscalationNotIncreasing = "escalation-not-increasing", Warn;
    MissingReview = "missing-review", Warn;
    OutsideWorkingHours = "outside-working-hours", Warn;
    OverlappingMeetings = "overlapping-meetings", Warn;
    SparseContact = "sparse-contact", Warn;
    DecisionsNotRecorded = "decisions-not-recorded", Warn;
    MeetingLoad = "meeting-load", Warn;
    UnusedChannel = "unused-channel", Warn;
    GoalWithoutActivity = "goal-without-activity", Warn;
    BarrierWithoutMitigation = "barrier-without-mitigation", Warn;
    PersonWithoutAudience = "person-without-audience", Warn;
    MissingContact = "missing-contact", Warn;
}

/// How a rule is configured: as an error, a warning, or not at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    Allow,
    Warn,
    Error,
}

impl RuleId {
    /// Validation rules report plans that cannot be understood; they cannot be
    /// allowed or downgraded.
    pub const fn is_validation(self) -> bool {
        matches!(
            self,
            RuleId::YamlSyntax
                | RuleId::UnknownField
                | RuleId::InvalidValue
                | RuleId::UnknownReference
                | RuleId::DuplicateId
                | RuleId::InvalidSchedule
        )
    }

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
    fn the_contract_has_six_validation_and_twenty_two_lint_rules() {
        let validation = RuleId::ALL.iter().filter(|r| r.is_validation()).count();
        assert_eq!(validation, 6);
        assert_eq!(RuleId::lint_names().count(), 22);
    }

    #[test]
    fn names_round_trip() {
        for rule in RuleId::ALL {
            assert_eq!(RuleId::from_name(rule.as_str()), Some(*rule));
        }
        assert_eq!(RuleId::from_name("no-such-rule"), None);
    }
}
