//! `meeting-without-agenda`: a meeting has no agenda.

use crate::lint::{Context, Finding, RuleDefinition};
use crate::model::ItemKind;

pub const RULE: RuleDefinition = RuleDefinition {
    summary: "a meeting has no agenda",
    explain: r#"### What it checks
A meeting without `agenda` items.

### Why it matters
A recurring meeting without an agenda drifts into a status round nobody prepared for; clients notice.

### Example
```yaml
meetings:
  weekly-sync: {title: Weekly sync, schedule: {every: week, at: "10:00", duration: 30m}}
```

### Fix
List the standing items: `agenda: [Progress, Risks, Decisions, Next steps]`."#,
    check,
};

fn check(cx: &Context<'_>) -> Vec<Finding> {
    cx.plan
        .meetings
        .iter()
        .filter(|(_, meeting)| meeting.agenda.is_empty())
        .map(|(id, _)| {
            Finding::about(
                ItemKind::Meeting,
                id,
                format!("meeting `{id}` has no agenda"),
                "no `agenda`",
            )
            .help("list its standing items: `agenda: [Progress, Risks, Next steps]`")
        })
        .collect()
}
