//! `person-without-audience`: a person belongs to no audience and attends nothing.

use crate::lint::{Context, Finding, Rule};
use crate::rules::RuleId;
use crate::validate::ItemKind;

pub const RULE: Rule = Rule {
    id: RuleId::PersonWithoutAudience,
    summary: "a person belongs to no audience and attends nothing",
    explain: r#"### What it checks
A person who is a member of no audience and attends no meeting, review or training, sends no report and is no escalation target.

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
    let involved = |person: &str| {
        plan.audiences
            .iter()
            .any(|(_, a)| a.members.iter().any(|m| m.as_str() == person))
            || cx
                .compiled
                .events
                .iter()
                .any(|e| e.attendees.iter().any(|a| a == person))
            || plan.escalations.iter().any(|(_, e)| {
                e.steps
                    .iter()
                    .any(|s| s.to.iter().any(|t| t.as_str() == person))
            })
    };
    plan.people
        .iter()
        .filter(|(id, _)| !involved(id.as_str()))
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
