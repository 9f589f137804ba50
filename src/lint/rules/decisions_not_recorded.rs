//! `decisions-not-recorded`: a meeting with an external audience has no follow-up via a formal channel.

use crate::lint::{Context, Finding, RuleDefinition};
use crate::model::ItemKind;

pub const RULE: RuleDefinition = RuleDefinition {
    summary: "a meeting with an external audience has no follow-up via a formal channel",
    explain: r#"### What it checks
A meeting that addresses an external audience and has no `follow_up` task whose `via` channel is `formal`.

### Why it matters
What is agreed in a call is remembered differently by each side a week later; minutes sent by email are the record.

### Example
```yaml
meetings:
  weekly-sync:
    title: Weekly sync
    audiences: [client]
    schedule: {every: week, on: [tue], at: "10:00", duration: 45m}
```

### Fix
Add `follow_up: [{task: Send minutes with decisions, within: 4bh, via: email}]`."#,
    check,
};

fn check(cx: &Context<'_>) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (id, meeting) in cx.plan.meetings.iter() {
        let external = meeting.audiences.iter().any(|a| {
            cx.plan
                .audiences
                .get(a.as_str())
                .is_some_and(|a| a.external)
        });
        let recorded = meeting.follow_up.iter().any(|task| {
            task.via
                .as_ref()
                .is_some_and(|via| cx.plan.channels.get(via.as_str()).is_some_and(|c| c.formal))
        });
        if external && !recorded {
            findings.push(
                Finding::about(ItemKind::Meeting, id, format!("meeting `{id}` with an external audience has no follow-up via a formal channel"), "decisions not recorded")
                    .help("add `follow_up: [{task: Send minutes with decisions, within: 4bh, via: email}]`"),
            );
        }
    }
    findings
}
