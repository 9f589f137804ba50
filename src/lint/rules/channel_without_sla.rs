//! `channel-without-sla`: a channel has no `sla.response`.

use crate::lint::{Context, Finding, RuleDefinition};
use crate::model::ItemKind;

pub const RULE: RuleDefinition = RuleDefinition {
    summary: "a channel has no `sla.response`",
    explain: r#"### What it checks
A channel without a promised first-response time (`sla.response`).

### Why it matters
Response times are what a client remembers: without a promise, every slow reply is a broken expectation nobody agreed on.

### Example
```yaml
channels:
  wechat: {kind: chat}
```

### Fix
Add `sla: {response: 2bh}` (or whatever the team can keep)."#,
    check,
};

fn check(cx: &Context<'_>) -> Vec<Finding> {
    cx.plan
        .channels
        .iter()
        .filter(|(_, channel)| {
            channel
                .sla
                .as_ref()
                .is_none_or(|sla| sla.response.is_none())
        })
        .map(|(id, channel)| {
            let finding = Finding::about(
                ItemKind::Channel,
                id,
                format!("channel `{id}` promises no response time"),
                "no `sla.response`",
            )
            .help("add `sla: {response: 1bd}` with the time the team can keep");
            match &channel.sla {
                Some(sla) => finding.at(sla.span),
                None => finding,
            }
        })
        .collect()
}
