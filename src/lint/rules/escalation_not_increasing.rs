//! `escalation-not-increasing`: escalation steps' `after` does not grow.

use crate::lint::{Context, Finding, Rule};
use crate::rules::RuleId;
use crate::validate::ItemKind;

pub const RULE: Rule = Rule {
    id: RuleId::EscalationNotIncreasing,
    summary: "escalation steps' `after` does not grow",
    explain: r#"### What it checks
An escalation step (after the first) whose `after` is not longer than the step before it (a missing `after` counts as zero).

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
        let mut previous = 0;
        for (index, step) in escalation.steps.iter().enumerate() {
            let after = step.after.as_ref().map_or(0, |a| cx.minutes(a.value));
            if index > 0 && after <= previous {
                let span = step.after.as_ref().map_or(step.span, |a| a.span);
                findings.push(
                    Finding::new(span, format!("step {} of escalation `{id}` does not wait longer than the step before it", index + 1), "not longer than the step before")
                        .subject(ItemKind::Escalation, id.as_str())
                        .help("give each step a longer `after` than the one before it"),
                );
            }
            previous = after;
        }
    }
    findings
}
