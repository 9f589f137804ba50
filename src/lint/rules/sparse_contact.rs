//! `sparse-contact`: an external audience goes more than 14 days without a scheduled touchpoint.

use crate::lint::{Context, Finding, RuleDefinition, count};
use crate::model::ItemKind;
use crate::time::Date;

pub const RULE: RuleDefinition = RuleDefinition {
    summary: "an external audience goes more than 14 days without a scheduled touchpoint",
    explain: r#"### What it checks
The gaps between the touchpoints of each external audience (occurrences of the meetings, reviews and reports that address it) from the project's start to its end (or over its first year); touchpoints outside those dates do not count.

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
            .addressing(id.as_str())
            .flat_map(|(_, occurrences)| occurrences.iter().map(|o| o.date))
            .filter(|d| *d >= cx.first && *d <= cx.last)
            .collect();
        days.push(cx.first);
        days.push(cx.last);
        days.sort_unstable();
        days.dedup();
        let gaps: Vec<(Date, i64)> = days
            .windows(2)
            .map(|pair| (pair[0], pair[1].days_since(pair[0])))
            .filter(|(_, length)| *length > MAX_GAP_DAYS)
            .collect();
        // The longest gap, the earliest of equals.
        let longest = gaps
            .iter()
            .fold(None::<&(Date, i64)>, |best, gap| match best {
                Some(b) if b.1 >= gap.1 => Some(b),
                _ => Some(gap),
            });
        if let Some((from, length)) = longest {
            findings.push(
                Finding::about(
                    ItemKind::Audience,
                    id,
                    format!(
                        "external audience `{id}` goes {length} days without a scheduled touchpoint from {from}; {} of more than {MAX_GAP_DAYS} days",
                        count(gaps.len(), "gap")
                    ),
                    "sparse contact",
                )
                .help("add a touchpoint: a weekly status report or a short weekly call"),
            );
        }
    }
    findings
}
