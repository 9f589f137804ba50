//! `deprecated-timezone`: a zone written by a name tzdb keeps only for old
//! software (`US/Pacific`, `Poland`, `Asia/Calcutta`, `Europe/Kiev`).

use crate::lint::{Context, Finding, RuleDefinition};
use crate::model::{ItemKind, Spanned};
use crate::time::{Zone, canonical_of_deprecated};

pub const RULE: RuleDefinition = RuleDefinition {
    summary: "a time zone is written by a deprecated name",
    explain: r#"### What it checks
Every `timezone` (the project's, a person's, a channel's, a schedule's, a training's) written by a name that the tz database keeps only for backward compatibility: `US/Pacific`, `US/Eastern`, `Canada/Eastern`, `Poland`, `PRC`, `Asia/Calcutta`, `Europe/Kiev`, `America/Nipigon` and the like, and the other names of UTC (`UCT`, `Zulu`, `Universal`, `Greenwich`, `GMT0`).

### Why it matters
The name still works and means the same clock, but calendars carry it as their `TZID`, and calendar apps and libraries are not bound to keep knowing the old names. The canonical name (`America/Los_Angeles`, `Europe/Warsaw`, `Asia/Kolkata`, `Europe/Kyiv`, `America/Toronto`, `UTC`) is what every tool knows.

### Example
```yaml
people:
  sam: {name: Sam Lee, timezone: US/Pacific}
```

### Fix
Write the canonical name the help gives: `timezone: America/Los_Angeles`."#,
    check,
};

fn check(cx: &Context<'_>) -> Vec<Finding> {
    let plan = cx.plan;
    let mut findings = Vec::new();
    let mut note = |zone: &Spanned<Zone>, subject: Option<(ItemKind, &str)>| {
        let Some(canonical) = canonical_of_deprecated(zone.name()) else {
            return;
        };
        let name = zone.name();
        let finding = Finding::new(
            zone.span,
            format!("`{name}` is a deprecated name of the time zone `{canonical}`"),
            "deprecated name",
        )
        .help(format!(
            "write `{canonical}`: the tz database keeps `{name}` only for old software"
        ));
        findings.push(match subject {
            Some((kind, id)) => finding.subject(kind, id),
            None => finding,
        });
    };
    if let Some(project) = &plan.project {
        note(&project.timezone, None);
    }
    for (id, person) in plan.people.iter() {
        if let Some(zone) = &person.timezone {
            note(zone, Some((ItemKind::Person, id.as_str())));
        }
    }
    for (id, channel) in plan.channels.iter() {
        if let Some(zone) = &channel.timezone {
            note(zone, Some((ItemKind::Channel, id.as_str())));
        }
    }
    for (id, meeting) in plan.meetings.iter() {
        if let Some(zone) = &meeting.schedule.timezone {
            note(zone, Some((ItemKind::Meeting, id.as_str())));
        }
    }
    for (id, review) in plan.reviews.iter() {
        if let Some(zone) = &review.schedule.timezone {
            note(zone, Some((ItemKind::Review, id.as_str())));
        }
    }
    for (id, report) in plan.reports.iter() {
        if let Some(zone) = &report.schedule.timezone {
            note(zone, Some((ItemKind::Report, id.as_str())));
        }
    }
    for (id, training) in plan.trainings.iter() {
        if let Some(zone) = &training.timezone {
            note(zone, Some((ItemKind::Training, id.as_str())));
        }
    }
    findings
}
