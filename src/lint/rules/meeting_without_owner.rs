//! `meeting-without-owner`: a meeting or report has no owner / sender.

use crate::lint::{Context, Finding, RuleDefinition};
use crate::model::ItemKind;

pub const RULE: RuleDefinition = RuleDefinition {
    summary: "a meeting or report has no owner / sender",
    explain: r#"### What it checks
A meeting without `owner`, or a report without `from`.

### Why it matters
Something everybody owns is prepared by nobody: the agenda is not sent, the report does not go out.

### Example
```yaml
reports:
  weekly-status: {title: Weekly status, channel: email, schedule: {every: week, on: [fri], at: "16:00"}}
```

### Fix
Name the person responsible: `owner:` for meetings, `from:` for reports."#,
    check,
};

fn check(cx: &Context<'_>) -> Vec<Finding> {
    let meetings = cx
        .plan
        .meetings
        .iter()
        .filter(|(_, m)| m.owner.is_none())
        .map(|(id, _)| {
            Finding::about(
                ItemKind::Meeting,
                id,
                format!("meeting `{id}` has no owner"),
                "no `owner`",
            )
            .help("name who runs it: `owner: <person>`")
        });
    let reports = cx
        .plan
        .reports
        .iter()
        .filter(|(_, r)| r.from.is_none())
        .map(|(id, _)| {
            Finding::about(
                ItemKind::Report,
                id,
                format!("report `{id}` has no sender"),
                "no `from`",
            )
            .help("name who sends it: `from: <person>`")
        });
    meetings.chain(reports).collect()
}
