//! `audience-without-channel`: no channel, meeting or report reaches an audience.

use crate::lint::{Context, Finding, RuleDefinition};
use crate::model::ItemKind;

pub const RULE: RuleDefinition = RuleDefinition {
    summary: "no channel, meeting or report reaches an audience",
    explain: r#"### What it checks
An audience with no preferred `channels` that no meeting, review or report addresses (a training for it does not count: it is not a way to reach it).

### Why it matters
An audience nobody has a way to reach is an audience the team will forget: the client's sponsor hears about the project only when something has gone wrong.

### Example
```yaml
audiences:
  sponsor: {name: Client sponsor, members: [thomas]}
```

### Fix
Give the audience its preferred `channels`, or address it from a meeting or report."#,
    check,
};

fn check(cx: &Context<'_>) -> Vec<Finding> {
    cx.plan
        .audiences
        .iter()
        .filter(|(id, audience)| audience.channels.is_empty() && !cx.is_addressed(id.as_str()))
        .map(|(id, _)| {
            Finding::about(
                ItemKind::Audience,
                id,
                format!("no channel, meeting or report reaches audience `{id}`"),
                "unreachable",
            )
            .help("add `channels: [...]` to the audience, or address it from a meeting or report")
        })
        .collect()
}
