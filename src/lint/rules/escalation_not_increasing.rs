//! `escalation-not-increasing`: escalation steps' `after` does not grow.

use crate::lint::{Context, Finding, RuleDefinition};
use crate::model::ItemKind;

pub const RULE: RuleDefinition = RuleDefinition {
    summary: "escalation steps' `after` does not grow",
    explain: r#"### What it checks
An escalation step (after the first) whose `after` is not longer than the step before it (a missing `after` counts as zero; business and calendar time are compared only with their own kind).

### Why it matters
Each level should have more time than the one below it to resolve the matter; steps that fire together escalate everything at once.

### Example
```yaml
escalations:
  delivery:
    when: A blocker is not resolved
    steps:
      - {to: li-wei, via: wechat, after: 1bd}
      - {to: mei-lin, via: phone, after: 4bh}
```

### Fix
Give each step a longer `after` than the step before it."#,
    check,
};

fn check(cx: &Context<'_>) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (id, escalation) in cx.plan.escalations.iter() {
        let mut previous: Option<&crate::model::Duration> = None;
        for (index, step) in escalation.steps.iter().enumerate() {
            let after = step.after.as_ref().map(|a| &a.value);
            // A missing `after` is zero; business and calendar time compare only with their own kind.
            let not_longer = match (previous, after) {
                (_, None) => index > 0,
                (None, Some(_)) => false,
                (Some(before), Some(now)) => {
                    before.is_business() == now.is_business()
                        && cx.minutes(*now) <= cx.minutes(*before)
                }
            };
            if not_longer {
                let span = step.after.as_ref().map_or(step.span, |a| a.span);
                findings.push(
                    Finding::new(span, format!("step {} of escalation `{id}` does not wait longer than the step before it", index + 1), "not longer than the step before")
                        .subject(ItemKind::Escalation, id.as_str())
                        .help("give each step a longer `after` than the one before it"),
                );
            }
            previous = after.or(previous);
        }
    }
    findings
}
