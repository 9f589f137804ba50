//! `barrier-without-mitigation`: a barrier has no mitigation.

use crate::lint::{Context, Finding, RuleDefinition};
use crate::model::ItemKind;

pub const RULE: RuleDefinition = RuleDefinition {
    summary: "a barrier has no mitigation",
    explain: r#"### What it checks
A barrier without a `mitigation`.

### Why it matters
Naming a barrier (a time-zone gap, a language, a tool the client cannot use) without saying what the team does about it changes nothing.

### Example
```yaml
barriers:
  time-zone-gap: {kind: timezone, affects: [client]}
```

### Fix
Write the `mitigation`: what the team does so the barrier does not hurt."#,
    check,
};

fn check(cx: &Context<'_>) -> Vec<Finding> {
    cx.plan
        .barriers
        .iter()
        .filter(|(_, barrier)| {
            barrier
                .mitigation
                .as_ref()
                .is_none_or(|m| m.trim().is_empty())
        })
        .map(|(id, _)| {
            Finding::about(
                ItemKind::Barrier,
                id,
                format!("barrier `{id}` has no mitigation"),
                "no `mitigation`",
            )
            .help("write what the team does about it in `mitigation:`")
        })
        .collect()
}
