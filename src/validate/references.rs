//! `unknown-reference`: every id a plan mentions names an item of the right kind.

use super::IdIndex;
use crate::diagnostic::Diagnostic;
use crate::model::{Id, IdList, ItemKind, Plan, Spanned};
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

    fn optional(
        &mut self,
        holder: Holder<'_>,
        field: &str,
        reference: Option<&Spanned<Id>>,
        allowed: &[ItemKind],
    ) {
        if let Some(reference) = reference {
            self.one(holder, field, reference, allowed);
        }
    }

    fn list(&mut self, holder: Holder<'_>, field: &str, references: &IdList, allowed: &[ItemKind]) {
        for reference in references.iter() {
            self.one(holder, field, reference, allowed);
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

pub(super) fn check(plan: &Plan, index: &IdIndex<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let mut check = Checker { index, diagnostics };
    if let Some(project) = &plan.project {
        let holder = Holder {
            kind: "project",
            id: &project.name,
        };
        check.one(holder, "owner", &project.owner, &[Person]);
    }
    for (id, audience) in plan.audiences.iter() {
        let holder = Holder {
            kind: "audience",
            id: id.as_str(),
        };
        check.list(holder, "members", &audience.members, &[Person]);
        check.list(holder, "channels", &audience.channels, &[Channel]);
    }
    for (id, meeting) in plan.meetings.iter() {
        let holder = Holder {
            kind: "meeting",
            id: id.as_str(),
        };
        check.list(holder, "goals", &meeting.goals, &[Goal]);
        check.list(holder, "audiences", &meeting.audiences, &[Audience]);
        check.list(holder, "attendees", &meeting.attendees, &[Person]);
        check.optional(holder, "owner", meeting.owner.as_ref(), &[Person]);
        check.optional(holder, "channel", meeting.channel.as_ref(), &[Channel]);
        for task in &meeting.prepare {
            check.optional(holder, "prepare.owner", task.owner.as_ref(), &[Person]);
            check.optional(holder, "prepare.via", task.via.as_ref(), &[Channel]);
        }
        for task in &meeting.follow_up {
            check.optional(holder, "follow_up.owner", task.owner.as_ref(), &[Person]);
            check.optional(holder, "follow_up.via", task.via.as_ref(), &[Channel]);
        }
    }
    for (id, report) in plan.reports.iter() {
        let holder = Holder {
            kind: "report",
            id: id.as_str(),
        };
        check.optional(holder, "from", report.from.as_ref(), &[Person]);
        check.list(holder, "to", &report.to, &[Audience, Person]);
        check.one(holder, "channel", &report.channel, &[Channel]);
        check.optional(holder, "format", report.format.as_ref(), &[Format]);
        check.list(holder, "goals", &report.goals, &[Goal]);
    }
    for (id, escalation) in plan.escalations.iter() {
        let holder = Holder {
            kind: "escalation",
            id: id.as_str(),
        };
        for step in &escalation.steps {
            check.list(holder, "steps.to", &step.to, &[Person, Audience]);
            check.one(holder, "steps.via", &step.via, &[Channel]);
        }
    }
    for (id, barrier) in plan.barriers.iter() {
        let holder = Holder {
            kind: "barrier",
            id: id.as_str(),
        };
        check.list(holder, "affects", &barrier.affects, &[Audience, Person]);
        check.optional(holder, "owner", barrier.owner.as_ref(), &[Person]);
    }
    for (id, training) in plan.trainings.iter() {
        let holder = Holder {
            kind: "training",
            id: id.as_str(),
        };
        check.list(holder, "for", &training.for_, &[Audience, Person]);
        check.optional(holder, "owner", training.owner.as_ref(), &[Person]);
        check.optional(holder, "channel", training.channel.as_ref(), &[Channel]);
    }
    for (id, review) in plan.reviews.iter() {
        let holder = Holder {
            kind: "review",
            id: id.as_str(),
        };
        check.optional(holder, "owner", review.owner.as_ref(), &[Person]);
        check.list(holder, "audiences", &review.audiences, &[Audience]);
        check.optional(holder, "channel", review.channel.as_ref(), &[Channel]);
    }
}
