//! `missing-contact`: an owner or escalation target has no email or phone.

use std::collections::BTreeMap;

use crate::lint::{Context, Finding, RuleDefinition};
use crate::model::ItemKind;

pub const RULE: RuleDefinition = RuleDefinition {
    summary: "an owner or escalation target has no email or phone",
    explain: r#"### What it checks
People who own a meeting, review, training or barrier, send a report, own a preparation or follow-up task, own the plan, or are an escalation target, but have neither `email` nor `phone`.

### Why it matters
The handbook's contact directory is where people look when something goes wrong; an owner who cannot be reached is no owner.

### Example
```yaml
people:
  mei-lin: {name: Mei Lin}
escalations:
  delivery: {when: A blocker, steps: [{to: mei-lin, via: phone}]}
```

### Fix
Add `email:` or `phone:` to the person."#,
    check,
};

fn check(cx: &Context<'_>) -> Vec<Finding> {
    let plan = cx.plan;
    // Person id -> what makes them need a contact, first found.
    // Person id -> the first reason they need a contact.
    let mut roles: BTreeMap<String, String> = BTreeMap::new();
    let mut note = |person: &str, role: String| {
        roles.entry(person.to_string()).or_insert(role);
    };
    if let Some(project) = &plan.project {
        note(project.owner.as_str(), "owns the plan".to_string());
    }
    for (id, meeting) in plan.meetings.iter() {
        if let Some(owner) = &meeting.owner {
            note(owner.as_str(), format!("owns meeting `{id}`"));
        }
        for owner in meeting
            .prepare
            .iter()
            .filter_map(|t| t.owner.as_ref())
            .chain(meeting.follow_up.iter().filter_map(|t| t.owner.as_ref()))
        {
            note(owner.as_str(), format!("owns a task of meeting `{id}`"));
        }
    }
    for (id, review) in plan.reviews.iter() {
        if let Some(owner) = &review.owner {
            note(owner.as_str(), format!("owns review `{id}`"));
        }
    }
    for (id, report) in plan.reports.iter() {
        if let Some(from) = &report.from {
            note(from.as_str(), format!("sends report `{id}`"));
        }
    }
    for (id, training) in plan.trainings.iter() {
        if let Some(owner) = &training.owner {
            note(owner.as_str(), format!("owns training `{id}`"));
        }
    }
    for (id, barrier) in plan.barriers.iter() {
        if let Some(owner) = &barrier.owner {
            note(owner.as_str(), format!("owns barrier `{id}`"));
        }
    }
    for (id, escalation) in plan.escalations.iter() {
        for target in escalation.steps.iter().flat_map(|s| s.to.iter()) {
            // An audience as a target means each of its members.
            match plan.audiences.get(target.as_str()) {
                Some(audience) => {
                    for member in audience.members.iter() {
                        note(
                            member.as_str(),
                            format!("is reached by escalation `{id}` (as a member of `{target}`)"),
                        );
                    }
                }
                None => note(target.as_str(), format!("is reached by escalation `{id}`")),
            }
        }
    }
    let mut findings = Vec::new();
    for (id, person) in plan.people.iter() {
        let Some(role) = roles.get(id.as_str()) else {
            continue;
        };
        if person.email.is_none() && person.phone.is_none() {
            findings.push(
                Finding::about(
                    ItemKind::Person,
                    id,
                    format!("`{id}` {role} but has no email or phone"),
                    "no contact",
                )
                .help("add `email:` or `phone:`"),
            );
        }
    }
    findings
}
