//! `report-without-format`: a report names no format.

use crate::lint::{Context, Finding, RuleDefinition};
use crate::model::ItemKind;

pub const RULE: RuleDefinition = RuleDefinition {
    summary: "a report names no format",
    explain: r#"### What it checks
A report without `format`.

### Why it matters
A report whose shape changes every week is hard to scan; a format with fixed sections makes gaps visible.

### Example
```yaml
reports:
  weekly-status: {title: Weekly status, from: li-wei, channel: email, schedule: {every: week, on: [fri], at: "16:00"}}
```

### Fix
Define a format under `formats:` with its `sections` and name it in the report."#,
    check,
};

fn check(cx: &Context<'_>) -> Vec<Finding> {
    cx.plan
        .reports
        .iter()
        .filter(|(_, report)| report.format.is_none())
        .map(|(id, _)| {
            Finding::about(
                ItemKind::Report,
                id,
                format!("report `{id}` names no format"),
                "no `format`",
            )
            .help("define its sections under `formats:` and name it: `format: <format>`")
        })
        .collect()
}
