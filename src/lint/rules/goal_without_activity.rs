//! `goal-without-activity`: no meeting or report serves a goal.

use crate::lint::{Context, Finding, RuleDefinition};
use crate::model::ItemKind;

pub const RULE: RuleDefinition = RuleDefinition {
    summary: "no meeting or report serves a goal",
    explain: r#"### What it checks
A goal that no meeting or report lists in its `goals`.

### Why it matters
A goal nothing serves is a wish: nobody will check whether it is met.

### Example
```yaml
goals:
  alignment: {title: The client always knows status and risks}
```

### Fix
Name the goal in the `goals` of the meetings and reports that serve it."#,
    check,
};

fn check(cx: &Context<'_>) -> Vec<Finding> {
    let plan = cx.plan;
    let served = |goal: &str| {
        plan.meetings
            .iter()
            .any(|(_, m)| m.goals.iter().any(|g| g.as_str() == goal))
            || plan
                .reports
                .iter()
                .any(|(_, r)| r.goals.iter().any(|g| g.as_str() == goal))
    };
    plan.goals
        .iter()
        .filter(|(id, _)| !served(id.as_str()))
        .map(|(id, _)| {
            Finding::about(
                ItemKind::Goal,
                id,
                format!("no meeting or report serves goal `{id}`"),
                "no activity",
            )
            .help("list the goal in the `goals` of the meetings and reports that serve it")
        })
        .collect()
}
