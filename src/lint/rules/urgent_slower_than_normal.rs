//! `urgent-slower-than-normal`: `urgent_response` is slower than `response`.

use crate::lint::{Context, Finding, RuleDefinition};
use crate::model::ItemKind;

pub const RULE: RuleDefinition = RuleDefinition {
    summary: "`urgent_response` is slower than `response`",
    explain: r#"### What it checks
A channel whose `sla.urgent_response` is longer than its `sla.response`, when both are business time or both calendar time (one business day is one working day; business and calendar time are not compared).

### Why it matters
An urgent path that is slower than the normal one is a typo or a promise that makes no sense to the client.

### Example
```yaml
channels:
  email: {kind: email, sla: {response: 4bh, urgent_response: 1bd}}
```

### Fix
Make `urgent_response` shorter than `response`."#,
    check,
};

fn check(cx: &Context<'_>) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (id, channel) in cx.plan.channels.iter() {
        let Some(sla) = &channel.sla else { continue };
        let (Some(response), Some(urgent)) = (&sla.response, &sla.urgent_response) else {
            continue;
        };
        // Business and calendar time are not comparable without a start time.
        let comparable = urgent.is_business() == response.is_business();
        if comparable && cx.minutes(urgent.value) > cx.minutes(response.value) {
            findings.push(
                Finding::new(
                    urgent.span,
                    format!("channel `{id}` answers urgent messages in `{urgent}`, slower than its `response` of `{response}`"),
                    "slower than `response`",
                )
                .subject(ItemKind::Channel, id.as_str())
                .help("make `urgent_response` shorter than `response`"),
            );
        }
    }
    findings
}
