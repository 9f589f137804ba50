//! `meeting-load`: planned meetings take more than 25% of someone's working hours.

use std::collections::BTreeMap;

use crate::compile::{EventKind, Person};
use crate::lint::{Context, Finding, RuleDefinition, count};
use crate::model::ItemKind;
use crate::time::Date;

pub const RULE: RuleDefinition = RuleDefinition {
    summary: "planned meetings take more than 25% of someone's working hours",
    explain: r#"### What it checks
Per person and ISO week: the minutes of their meetings, reviews and trainings against their working minutes that week (their working days within the project's dates, holidays excluded and make-up days included for people in the project's zone, times their daily hours).

### Why it matters
People who spend more than a quarter of their week in planned meetings have too little time left to do what the meetings discuss.

### Example
```yaml
meetings:
  standup: {title: Stand-up, audiences: [team], schedule: {every: weekday, at: "09:00", duration: 2h30m}}
```

### Fix
Shorten or thin out the meetings, or take the person off some of them."#,
    check,
};

/// The share of working time that planned meetings may take, in percent.
const MAX_PERCENT: i64 = 25;

fn check(cx: &Context<'_>) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut calendars = Calendars::default();
    for (person_id, _) in cx.plan.people.iter() {
        let Some(person) = cx.compiled.person(person_id.as_str()) else {
            continue;
        };
        // ISO week (its Monday, as a day number) -> meeting minutes. Day
        // numbers, not dates: a person attends hundreds of occurrences.
        let mut weeks: BTreeMap<i64, i64> = BTreeMap::new();
        for (_, event, occurrences) in cx.attended_by(&person.id) {
            if event.kind == EventKind::Report {
                continue;
            }
            for occurrence in occurrences {
                let (day, _) = cx.day_and_minute(occurrence.start, &person.zone);
                let monday = day - (day + 3).rem_euclid(7);
                *weeks.entry(monday).or_default() += occurrence.end.minutes_since(occurrence.start);
            }
        }
        let daily = i64::from(person.close.minutes_from_midnight())
            - i64::from(person.open.minutes_from_midnight());
        let heavy: Vec<(Date, i64, i64)> = weeks
            .into_iter()
            .filter_map(|(monday, minutes)| {
                let monday = Date::from_day_number(monday)?;
                let available = daily * calendars.working_days(cx, person, monday);
                (available > 0 && minutes * 100 > available * MAX_PERCENT)
                    .then_some((monday, minutes, available))
            })
            .collect();
        if let Some((monday, minutes, available)) = heavy.first() {
            #[allow(clippy::cast_precision_loss)]
            let (percent, hours, of) = (
                *minutes as f64 * 100.0 / *available as f64,
                *minutes as f64 / 60.0,
                *available as f64 / 60.0,
            );
            findings.push(
                Finding::about(
                    ItemKind::Person,
                    person_id,
                    format!(
                        "planned meetings take {percent:.1}% of `{person_id}`'s working hours in the week of {monday} ({hours:.1} of {of:.1} hours); {} over {MAX_PERCENT}%",
                        count(heavy.len(), "week")
                    ),
                    "meeting load",
                )
                .help("shorten or thin out the meetings, or take this person off some of them"),
            );
        }
    }
    findings
}

/// Working days per week, counted once for all the people whose working
/// days are the same (same zone, which decides whether the project's
/// holidays apply, and same working week): most people share a few.
#[derive(Default)]
struct Calendars<'p> {
    counted: Vec<(&'p Person, BTreeMap<Date, i64>)>,
}

impl<'p> Calendars<'p> {
    /// A person's working days in the week of `monday`, within the range.
    fn working_days(&mut self, cx: &Context<'_>, person: &'p Person, monday: Date) -> i64 {
        let same =
            |other: &Person| other.zone == person.zone && other.work_week == person.work_week;
        let index = match self.counted.iter().position(|(other, _)| same(other)) {
            Some(index) => index,
            None => {
                self.counted.push((person, BTreeMap::new()));
                self.counted.len() - 1
            }
        };
        let Some((_, weeks)) = self.counted.get_mut(index) else {
            return 0;
        };
        *weeks.entry(monday).or_insert_with(|| {
            let days = (0..7)
                .filter_map(|offset| monday.add_days(offset))
                .filter(|day| {
                    *day >= cx.first && *day <= cx.last && cx.is_working_day(person, *day)
                })
                .count();
            i64::try_from(days).unwrap_or(0)
        })
    }
}
