//! `missing-urgent-path`: an external audience has no channel that answers urgent messages within 1 h.

use crate::lint::{Context, Finding, RuleDefinition};
use crate::model::ItemKind;

pub const RULE: RuleDefinition = RuleDefinition {
    summary: "an external audience has no channel that answers urgent messages within 1 h",
    explain: r#"### What it checks
An external audience none of whose channels (its own, and those of the meetings, reviews and reports that address it) promises an urgent response (or, without one, a response) of one hour or less.

### Why it matters
When production is down the client needs to know where to call. Without an urgent path they escalate through their management instead.

### Example
```yaml
audiences:
  client: {name: Client, members: [anna], external: true, channels: [email]}
channels:
  email: {kind: email, sla: {response: 1bd}}
```

### Fix
Add a channel with `urgent_response: 30m` (a phone line, a chat with an on-call rota) to the audience's `channels`."#,
    check,
};

fn check(cx: &Context<'_>) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (id, _) in cx.plan.audiences.iter().filter(|(_, a)| a.external) {
        let urgent = cx.channels_reaching(id.as_str()).iter().any(|c| {
            cx.compiled
                .channel(c)
                .and_then(|c| c.urgent_response.or(c.response))
                .is_some_and(|d| cx.minutes(d) <= 60)
        });
        if !urgent {
            findings.push(
                Finding::about(ItemKind::Audience, id, format!("external audience `{id}` has no channel that answers urgent messages within 1 h"), "no urgent path")
                    .help("add a channel with `sla: {urgent_response: 30m}` to its `channels`"),
            );
        }
    }
    findings
}
