//! `no-formal-channel`: an external audience is reached by no formal channel.

use crate::lint::{Context, Finding, RuleDefinition};
use crate::model::ItemKind;

pub const RULE: RuleDefinition = RuleDefinition {
    summary: "an external audience is reached by no formal channel",
    explain: r#"### What it checks
An external audience that no `formal: true` channel reaches (its own channels, and those of the events that address it).

### Why it matters
Decisions and change requests need a record the client can point to later. Chat and calls leave none.

### Example
```yaml
audiences:
  client: {name: Client, members: [anna], external: true, channels: [wechat]}
```

### Fix
Reach the audience through a formal channel too, usually email: add it to `channels`."#,
    check,
};

fn check(cx: &Context<'_>) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (id, _) in cx.plan.audiences.iter().filter(|(_, a)| a.external) {
        let formal = cx
            .channels_reaching(id.as_str())
            .iter()
            .any(|c| cx.plan.channels.get(c).is_some_and(|c| c.formal));
        if !formal {
            findings.push(
                Finding::about(
                    ItemKind::Audience,
                    id,
                    format!("no formal channel reaches external audience `{id}`"),
                    "no record of decisions",
                )
                .help("add a `formal: true` channel such as email to its `channels`"),
            );
        }
    }
    findings
}
