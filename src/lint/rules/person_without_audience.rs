//! `person-without-audience`: a person belongs to no audience and attends nothing.

use std::collections::BTreeSet;

use crate::lint::{Context, Finding, RuleDefinition};
use crate::model::ItemKind;

pub const RULE: RuleDefinition = RuleDefinition {
    summary: "a person belongs to no audience and attends nothing",
    explain: r#"### What it checks
A person who is a member of no audience, attends no meeting, review or training, sends or receives no report, and is no escalation target.

### Why it matters
A person the plan lists but never involves is either someone who left or someone the plan forgot to inform.

### Example
```yaml
people:
  old-pm: {name: Former project manager}
```

### Fix
Add the person to an audience, or remove them."#,
    check,
};

fn check(cx: &Context<'_>) -> Vec<Finding> {
    let plan = cx.plan;
    let mut involved: BTreeSet<&str> = BTreeSet::new();
    for (_, audience) in plan.audiences.iter() {
        involved.extend(audience.members.iter().map(|m| m.as_str()));
    }
    for event in &cx.compiled.events {
        involved.extend(event.attendees.iter().map(String::as_str));
    }
    for (_, report) in plan.reports.iter() {
        involved.extend(report.to.iter().map(|t| t.as_str()));
    }
    for (_, escalation) in plan.escalations.iter() {
        involved.extend(
            escalation
                .steps
                .iter()
                .flat_map(|s| s.to.iter().map(|t| t.as_str())),
        );
    }
    plan.people
        .iter()
        .filter(|(id, _)| !involved.contains(id.as_str()))
        .map(|(id, _)| {
            Finding::about(
                ItemKind::Person,
                id,
                format!("`{id}` belongs to no audience and attends nothing"),
                "not involved",
            )
            .help("add the person to an audience's `members`, or remove them")
        })
        .collect()
}
