//! `meeting-load`: planned meetings take more than 25% of someone's working hours.

use std::collections::BTreeMap;

use crate::compile::EventKind;
use crate::lint::{Context, Finding, Rule};
use crate::rules::RuleId;
use crate::time::Date;
use crate::validate::ItemKind;

pub const RULE: Rule = Rule {
    id: RuleId::MeetingLoad,
    summary: "planned meetings take more than 25% of someone's working hours",
    explain: r#"### What it checks
Per person and ISO week: the minutes of their meetings, reviews and trainings against their working minutes that week (their working days, holidays excluded, times their daily hours).

### Why it matters
People who spend more than a quarter of their week in planned meetings have too little time left to do what the meetings discuss.

### Example
```yaml
meetings:
  standup: {title: Stand-up, audiences: [team], schedule: {every: weekday, at: "09:00", duration: 2h}}
```

### Fix
Shorten or thin out the meetings, or take the person off some of them."#,
    check,
};

/// The share of working time that planned meetings may take, in percent.
const MAX_PERCENT: i64 = 25;

fn check(cx: &Context<'_>) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (person_id, person) in cx.plan.people.iter() {
        let Some(compiled) = cx.compiled.person(person_id.as_str()) else {
            continue;
        };
        let _ = person;
        // ISO week (its Monday) -> meeting minutes.
        let mut weeks: BTreeMap<Date, i64> = BTreeMap::new();
        for (event, occurrences) in cx.events() {
            if event.kind == EventKind::Report || !event.attendees.contains(&compiled.id) {
                continue;
            }
            for occurrence in occurrences {
                let monday = occurrence.start.local(&compiled.zone).date.monday();
                *weeks.entry(monday).or_default() += occurrence.end.minutes_since(occurrence.start);
            }
        }
        let daily = i64::from(compiled.close.minutes_from_midnight())
            - i64::from(compiled.open.minutes_from_midnight());
        let heavy: Vec<(Date, i64, i64)> = weeks
            .into_iter()
            .filter_map(|(monday, minutes)| {
                let working_days = (0..7)
                    .filter_map(|offset| monday.add_days(offset))
                    .filter(|day| {
                        (compiled.work_week.days.contains(&day.weekday())
                            && !compiled.work_week.holidays.contains(day))
                            || compiled.work_week.extra_workdays.contains(day)
                    })
                    .count();
                let available = daily * i64::try_from(working_days).unwrap_or(0);
                (available > 0 && minutes * 100 > available * MAX_PERCENT)
                    .then_some((monday, minutes, available))
            })
            .collect();
        if let Some((monday, minutes, available)) = heavy.first() {
            findings.push(
                Finding::about(
                    ItemKind::Person,
                    person_id,
                    format!(
                        "planned meetings take {}% of `{person_id}`'s working hours in the week of {monday} ({} of {} hours); {} weeks over {MAX_PERCENT}%",
                        minutes * 100 / available,
                        minutes / 60,
                        available / 60,
                        heavy.len()
                    ),
                    "meeting load",
                )
                .help("shorten or thin out the meetings, or take this person off some of them"),
            );
        }
    }
    findings
}
