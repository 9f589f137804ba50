//! `missing-escalation`: an external audience is covered by no escalation path.

use crate::lint::{Context, Finding, RuleDefinition};
use crate::model::ItemKind;

pub const RULE: RuleDefinition = RuleDefinition {
    summary: "an external audience is covered by no escalation path",
    explain: r#"### What it checks
An external audience that no escalation step targets, directly or through one of its members.

### Why it matters
When the client and the team disagree, both sides should know in advance who talks next, and when.

### Example
```yaml
audiences:
  client: {name: Client, members: [anna], external: true, channels: [email]}
escalations: {}
```

### Fix
Add an escalation whose steps reach the audience or its members."#,
    check,
};

fn check(cx: &Context<'_>) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (id, audience) in cx.plan.audiences.iter().filter(|(_, a)| a.external) {
        let covered = cx.plan.escalations.iter().any(|(_, escalation)| {
            escalation.steps.iter().any(|step| {
                step.to.iter().any(|target| {
                    target.as_str() == id.as_str()
                        || audience
                            .members
                            .iter()
                            .any(|m| m.as_str() == target.as_str())
                })
            })
        });
        if !covered {
            findings.push(
                Finding::about(
                    ItemKind::Audience,
                    id,
                    format!("no escalation path covers external audience `{id}`"),
                    "not covered",
                )
                .help("add an escalation whose steps reach this audience or its members"),
            );
        }
    }
    findings
}
