//! `unknown-reference`: every id a plan mentions names an item of the right kind.

use super::IdIndex;
use crate::diagnostic::Diagnostic;
use crate::model::{self, Id, ItemKind, Keyed, Plan, Spanned};
use crate::rules::RuleId;
use crate::suggest;

use ItemKind::{Audience, Channel, Format, Goal, Person};

/// The item that holds a reference, for messages: "meeting `weekly-sync`".
#[derive(Clone, Copy)]
struct Holder<'a> {
    kind: &'a str,
    id: &'a str,
}

struct Checker<'a, 'p> {
    index: &'a IdIndex<'p>,
    diagnostics: &'a mut Vec<Diagnostic>,
}

impl Checker<'_, '_> {
    fn one(
        &mut self,
        holder: Holder<'_>,
        field: &str,
        reference: &Spanned<Id>,
        allowed: &[ItemKind],
    ) {
        let id = reference.as_str();
        let resolves = allowed.iter().any(|kind| self.index.defines(*kind, id));
        // With a section unreadable, a reference to its kind may well be right.
        let unknowable = allowed.iter().any(|kind| self.index.is_unreadable(*kind));
        if !resolves && !unknowable {
            let found = self.index.kind_of(id);
            self.diagnostics.push(unknown(
                self.index, holder, field, reference, allowed, found,
            ));
        }
    }
}

fn unknown(
    index: &IdIndex<'_>,
    holder: Holder<'_>,
    field: &str,
    reference: &Spanned<Id>,
    allowed: &[ItemKind],
    found: Option<ItemKind>,
) -> Diagnostic {
    let wanted = allowed
        .iter()
        .map(|k| k.noun())
        .collect::<Vec<_>>()
        .join(" or ");
    let wanted = format!("{} {wanted}", super::article(&wanted));
    let message = format!(
        "{} `{}` refers to `{reference}` in `{field}`, which is not {wanted}",
        holder.kind, holder.id
    );
    let candidates: Vec<&str> = allowed
        .iter()
        .flat_map(|k| index.ids_of(*k).iter().copied())
        .collect();
    let listing = allowed
        .iter()
        .map(|k| {
            let ids = index.ids_of(*k);
            if ids.is_empty() {
                format!("the plan has no {}", k.section())
            } else {
                format!(
                    "{}: {}",
                    k.section(),
                    ids.iter().take(10).copied().collect::<Vec<_>>().join(", ")
                )
            }
        })
        .collect::<Vec<_>>()
        .join("; ");
    let help = match (
        suggest::closest(reference.as_str(), candidates.iter().copied()),
        found,
    ) {
        (Some(close), _) => format!("did you mean `{close}`? ({listing})"),
        (None, Some(kind)) => format!(
            "`{reference}` is {} {}; {listing}",
            super::article(kind.noun()),
            kind.noun()
        ),
        (None, None) => listing,
    };
    Diagnostic::new(RuleId::UnknownReference, reference.span, message)
        .with_label(format!("not {wanted}"))
        .with_help(help)
}

/// One field of an item that holds references: its path as written
/// (`prepare.owner`), the kinds it may name, and where a decoded item keeps
/// them. The path also finds the field among a failed item's [`Leftovers`].
struct Field<T> {
    name: &'static str,
    allowed: &'static [ItemKind],
    ids: fn(&T) -> Vec<&Spanned<Id>>,
}

const AUDIENCE: &[Field<model::Audience>] = &[
    Field {
        name: "members",
        allowed: &[Person],
        ids: |a| a.members.iter().collect(),
    },
    Field {
        name: "channels",
        allowed: &[Channel],
        ids: |a| a.channels.iter().collect(),
    },
];

const MEETING: &[Field<model::Meeting>] = &[
    Field {
        name: "goals",
        allowed: &[Goal],
        ids: |m| m.goals.iter().collect(),
    },
    Field {
        name: "audiences",
        allowed: &[Audience],
        ids: |m| m.audiences.iter().collect(),
    },
    Field {
        name: "attendees",
        allowed: &[Person],
        ids: |m| m.attendees.iter().collect(),
    },
    Field {
        name: "owner",
        allowed: &[Person],
        ids: |m| m.owner.iter().collect(),
    },
    Field {
        name: "channel",
        allowed: &[Channel],
        ids: |m| m.channel.iter().collect(),
    },
    Field {
        name: "prepare.owner",
        allowed: &[Person],
        ids: |m| m.prepare.iter().filter_map(|t| t.owner.as_ref()).collect(),
    },
    Field {
        name: "prepare.via",
        allowed: &[Channel],
        ids: |m| m.prepare.iter().filter_map(|t| t.via.as_ref()).collect(),
    },
    Field {
        name: "follow_up.owner",
        allowed: &[Person],
        ids: |m| {
            m.follow_up
                .iter()
                .filter_map(|t| t.owner.as_ref())
                .collect()
        },
    },
    Field {
        name: "follow_up.via",
        allowed: &[Channel],
        ids: |m| m.follow_up.iter().filter_map(|t| t.via.as_ref()).collect(),
    },
];

const REPORT: &[Field<model::Report>] = &[
    Field {
        name: "from",
        allowed: &[Person],
        ids: |r| r.from.iter().collect(),
    },
    Field {
        name: "to",
        allowed: &[Audience, Person],
        ids: |r| r.to.iter().collect(),
    },
    Field {
        name: "channel",
        allowed: &[Channel],
        ids: |r| vec![&r.channel],
    },
    Field {
        name: "format",
        allowed: &[Format],
        ids: |r| r.format.iter().collect(),
    },
    Field {
        name: "goals",
        allowed: &[Goal],
        ids: |r| r.goals.iter().collect(),
    },
];

const ESCALATION: &[Field<model::Escalation>] = &[
    Field {
        name: "steps.to",
        allowed: &[Person, Audience],
        ids: |e| e.steps.iter().flat_map(|s| s.to.iter()).collect(),
    },
    Field {
        name: "steps.via",
        allowed: &[Channel],
        ids: |e| e.steps.iter().map(|s| &s.via).collect(),
    },
];

const BARRIER: &[Field<model::Barrier>] = &[
    Field {
        name: "affects",
        allowed: &[Audience, Person],
        ids: |b| b.affects.iter().collect(),
    },
    Field {
        name: "owner",
        allowed: &[Person],
        ids: |b| b.owner.iter().collect(),
    },
];

const TRAINING: &[Field<model::Training>] = &[
    Field {
        name: "for",
        allowed: &[Audience, Person],
        ids: |t| t.for_.iter().collect(),
    },
    Field {
        name: "owner",
        allowed: &[Person],
        ids: |t| t.owner.iter().collect(),
    },
    Field {
        name: "channel",
        allowed: &[Channel],
        ids: |t| t.channel.iter().collect(),
    },
];

const REVIEW: &[Field<model::Review>] = &[
    Field {
        name: "owner",
        allowed: &[Person],
        ids: |r| r.owner.iter().collect(),
    },
    Field {
        name: "audiences",
        allowed: &[Audience],
        ids: |r| r.audiences.iter().collect(),
    },
    Field {
        name: "channel",
        allowed: &[Channel],
        ids: |r| r.channel.iter().collect(),
    },
];

impl Checker<'_, '_> {
    /// The references of every item of one kind: of each decoded item, and
    /// of each failed one as far as its leftovers still hold them.
    fn items<T>(&mut self, kind: ItemKind, items: &Keyed<T>, fields: &[Field<T>]) {
        for (id, item) in items.iter() {
            let holder = Holder {
                kind: kind.noun(),
                id: id.as_str(),
            };
            for field in fields {
                for reference in (field.ids)(item) {
                    self.one(holder, field.name, reference, field.allowed);
                }
            }
        }
        for failed in &items.failed {
            let holder = Holder {
                kind: kind.noun(),
                id: failed.id.as_str(),
            };
            for (path, reference) in &failed.item.0 {
                if let Some(field) = fields.iter().find(|field| field.name == path) {
                    self.one(holder, field.name, reference, field.allowed);
                }
            }
        }
    }
}

pub(super) fn check(plan: &Plan, index: &IdIndex<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let mut check = Checker { index, diagnostics };
    if let Some(project) = &plan.project {
        let holder = Holder {
            kind: "project",
            id: &project.name,
        };
        check.one(holder, "owner", &project.owner, &[Person]);
    }
    if let Some(failed) = &plan.failed_project {
        let name = failed.0.iter().find(|(path, _)| path == "name");
        let holder = Holder {
            kind: "project",
            id: name.map_or("project", |(_, n)| n.as_str()),
        };
        for (_, owner) in failed.0.iter().filter(|(path, _)| path == "owner") {
            check.one(holder, "owner", owner, &[Person]);
        }
    }
    check.items(ItemKind::Audience, &plan.audiences, AUDIENCE);
    check.items(ItemKind::Meeting, &plan.meetings, MEETING);
    check.items(ItemKind::Report, &plan.reports, REPORT);
    check.items(ItemKind::Escalation, &plan.escalations, ESCALATION);
    check.items(ItemKind::Barrier, &plan.barriers, BARRIER);
    check.items(ItemKind::Training, &plan.trainings, TRAINING);
    check.items(ItemKind::Review, &plan.reviews, REVIEW);
}

#[cfg(test)]
mod tests {
    const ATLAS: &str = include_str!("../../examples/atlas-crm/plan.yaml");

    /// The plan without the named top-level sections.
    fn without(text: &str, sections: &[&str]) -> String {
        let mut kept = String::new();
        let mut skipping = false;
        for line in text.lines() {
            if !line.starts_with([' ', '#']) && !line.is_empty() {
                skipping = sections.iter().any(|s| line.starts_with(&format!("{s}:")));
            }
            if !skipping {
                kept.push_str(line);
                kept.push('\n');
            }
        }
        kept
    }

    /// Every item (a key indented by two under a section) given an `allow`
    /// that is no list, so that none of them decodes.
    fn every_item_broken(text: &str) -> String {
        let mut broken = String::new();
        for line in text.lines() {
            let item = line.starts_with("  ") && !line.starts_with("   ");
            match line.split_once(": {") {
                Some((key, rest)) if item => {
                    broken.push_str(&format!("{key}: {{allow: 5, {rest}\n"));
                }
                _ if item && line.trim_end().ends_with(':') => {
                    broken.push_str(&format!("{line}\n    allow: 5\n"));
                }
                _ => {
                    broken.push_str(line);
                    broken.push('\n');
                }
            }
        }
        broken
    }

    fn unknown_references(text: &str) -> Vec<String> {
        let checked = crate::check(crate::load::load_str("plan.yaml", text));
        let mut found: Vec<String> = checked
            .diagnostics
            .iter()
            .filter(|d| d.rule == crate::rules::RuleId::UnknownReference)
            .map(|d| d.message.clone())
            .collect();
        found.sort();
        found
    }

    /// Every reference of the example left dangling: read from the items
    /// decoded or from what is left of them when none decodes, the same
    /// references are reported (the table's paths are the fields' paths).
    #[test]
    fn a_failed_item_has_its_references_checked_as_a_decoded_one() {
        let sections = [
            "project",
            "goals",
            "people",
            "audiences",
            "channels",
            "formats",
        ];
        let dangling = without(ATLAS, &sections);
        let decoded = unknown_references(&dangling);
        assert!(decoded.len() > 40, "{decoded:#?}");
        let broken = every_item_broken(&dangling);
        let failed = crate::load::load_str("plan.yaml", &broken);
        let plan = failed.plan.as_ref().expect("a plan");
        assert!(plan.items().next().is_none(), "every item fails");
        assert_eq!(unknown_references(&broken), decoded);
    }
}
