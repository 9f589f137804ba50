//! `missing-review`: the plan has no recurring review.

use crate::lint::{Context, Finding, RuleDefinition};

pub const RULE: RuleDefinition = RuleDefinition {
    summary: "the plan has no recurring review",
    explain: r#"### What it checks
A plan without `reviews`.

### Why it matters
A communication plan that never asks whether it works drifts from reality, which is the problem it was written to solve.

### Example
```yaml
reviews: {}
```

### Fix
Add a review, e.g. a monthly retrospective: `reviews: {retro: {title: Communication retrospective, schedule: {every: month, on: last thu, at: "16:00", duration: 1h}}}`."#,
    check,
};

fn check(cx: &Context<'_>) -> Vec<Finding> {
    if cx.plan.reviews.is_empty() && cx.plan.reviews.failed.is_empty() {
        vec![Finding::new(Default::default(), "the plan has no recurring review", "the plan").help(
            "add a review under `reviews:`, e.g. a monthly retrospective of response times and misunderstandings",
        )]
    } else {
        Vec::new()
    }
}
