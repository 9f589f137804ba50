//! `empty-audience`: an audience has no members.

use crate::lint::{Context, Finding, RuleDefinition};
use crate::model::ItemKind;

pub const RULE: RuleDefinition = RuleDefinition {
    summary: "an audience has no members",
    explain: r#"### What it checks
An audience whose `members` list is empty.

### Why it matters
Meetings and reports addressed to nobody give calendars without attendees and a handbook that promises contact with no one.

### Example
```yaml
audiences:
  leadership: {name: Delivery leadership, members: []}
```

### Fix
List the people in `members`, or remove the audience."#,
    check,
};

fn check(cx: &Context<'_>) -> Vec<Finding> {
    cx.plan
        .audiences
        .iter()
        .filter(|(_, audience)| audience.members.is_empty())
        .map(|(id, _)| {
            Finding::about(
                ItemKind::Audience,
                id,
                format!("audience `{id}` has no members"),
                "no members",
            )
            .help("list its people in `members: [...]`")
        })
        .collect()
}
