//! `sparse-contact`: an external audience goes more than 14 days without a scheduled touchpoint.

use crate::lint::{Context, Finding, Rule};
use crate::rules::RuleId;
use crate::time::Date;
use crate::validate::ItemKind;

pub const RULE: Rule = Rule {
    id: RuleId::SparseContact,
    summary: "an external audience goes more than 14 days without a scheduled touchpoint",
    explain: r#"### What it checks
The gaps between touchpoints of each external audience (occurrences of the meetings, reviews, reports and trainings that address it) over the project's dates (or its first year), from the project's start to its end.

### Why it matters
Silence is what makes a client nervous. Two weeks without a meeting or a report is long enough for a rumour to become a complaint.

### Example
```yaml
meetings:
  steering: {title: Steering, audiences: [client], schedule: {every: month, on: first tue, at: "10:00", duration: 1h}}
```

### Fix
Add a touchpoint: a weekly status report or a short weekly call."#,
    check,
};

/// The longest a client may hear nothing.
const MAX_GAP_DAYS: i64 = 14;

fn check(cx: &Context<'_>) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (id, _) in cx.plan.audiences.iter().filter(|(_, a)| a.external) {
        let mut days: Vec<Date> = cx
            .events()
            .filter(|(e, _)| e.audiences.iter().any(|a| a == id.as_str()))
            .flat_map(|(_, occurrences)| occurrences.iter().map(|o| o.date))
            .collect();
        days.sort_unstable();
        days.dedup();
        let bounds = std::iter::once(cx.first)
            .chain(days.iter().copied())
            .chain(std::iter::once(cx.last));
        let points: Vec<Date> = bounds.collect();
        let gaps: Vec<(Date, i64)> = points
            .windows(2)
            .map(|pair| (pair[0], pair[1].days_since(pair[0])))
            .filter(|(_, length)| *length > MAX_GAP_DAYS)
            .collect();
        if let Some((from, length)) = gaps.iter().max_by_key(|(_, length)| *length) {
            findings.push(
                Finding::about(
                    ItemKind::Audience,
                    id,
                    format!(
                        "external audience `{id}` goes {length} days without a scheduled touchpoint from {from}; {} gaps over {MAX_GAP_DAYS} days",
                        gaps.len()
                    ),
                    "sparse contact",
                )
                .help("add a touchpoint: a weekly status report or a short weekly call"),
            );
        }
    }
    findings
}
