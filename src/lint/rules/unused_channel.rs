//! `unused-channel`: no audience, meeting, report or escalation uses a channel.

use std::collections::BTreeSet;

use crate::lint::{Context, Finding, RuleDefinition};
use crate::model::ItemKind;

pub const RULE: RuleDefinition = RuleDefinition {
    summary: "no audience, meeting, report or escalation uses a channel",
    explain: r#"### What it checks
A channel that no audience prefers and no meeting, review, report, training, escalation step, preparation or follow-up uses.

### Why it matters
A channel nobody uses is either dead weight in the handbook or a channel the client uses and the plan forgot.

### Example
```yaml
channels:
  fax: {kind: other, sla: {response: 1bd}}
```

### Fix
Use the channel somewhere, or remove it."#,
    check,
};

fn check(cx: &Context<'_>) -> Vec<Finding> {
    let plan = cx.plan;
    let mut used: BTreeSet<&str> = BTreeSet::new();
    for (_, audience) in plan.audiences.iter() {
        used.extend(audience.channels.iter().map(|c| c.as_str()));
    }
    for (_, meeting) in plan.meetings.iter() {
        used.extend(meeting.channel.iter().map(|c| c.as_str()));
        used.extend(
            meeting
                .prepare
                .iter()
                .filter_map(|t| t.via.as_ref())
                .map(|c| c.as_str()),
        );
        used.extend(
            meeting
                .follow_up
                .iter()
                .filter_map(|t| t.via.as_ref())
                .map(|c| c.as_str()),
        );
    }
    for (_, review) in plan.reviews.iter() {
        used.extend(review.channel.iter().map(|c| c.as_str()));
    }
    for (_, report) in plan.reports.iter() {
        used.insert(report.channel.as_str());
    }
    for (_, training) in plan.trainings.iter() {
        used.extend(training.channel.iter().map(|c| c.as_str()));
    }
    for (_, escalation) in plan.escalations.iter() {
        used.extend(escalation.steps.iter().map(|s| s.via.as_str()));
    }
    plan.channels
        .iter()
        .filter(|(id, _)| !used.contains(id.as_str()))
        .map(|(id, _)| {
            Finding::about(ItemKind::Channel, id, format!("nothing uses channel `{id}`"), "unused")
                .help("add it to an audience's `channels` or use it in a meeting, report or escalation; or remove it")
        })
        .collect()
}
