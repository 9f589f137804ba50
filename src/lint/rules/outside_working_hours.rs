//! `outside-working-hours`: an occurrence falls outside an attendee's working hours, in their zone.

use super::{event_time_span, item_kind, weekday};
use crate::compile::{EventKind, Person};
use crate::lint::{Context, Finding, RuleDefinition, count};
use crate::time::{Date, Occurrence};

pub const RULE: RuleDefinition = RuleDefinition {
    summary: "an occurrence falls outside an attendee's working hours, in their zone",
    explain: r#"### What it checks
Each occurrence of a meeting, review or training against each attendee's working days and hours in their own zone (their `working_hours`, with the project's filling the fields they omit; holidays and make-up days count for people in the project's zone). The finding names the local time, the first date and how many occurrences are affected.

### Why it matters
A weekly 09:00 New York meeting is at 23:00 or midnight in Sydney. Someone always joining at midnight stops joining, and the plan does not say so.

### Example
```yaml
people:
  kim: {name: Kim Lee, timezone: Australia/Sydney}
meetings:
  sync: {title: Sync, attendees: [kim], schedule: {every: week, on: [tue], at: "09:00", duration: 1h, timezone: America/New_York}}
```

### Fix
Move the meeting into everyone's hours, split it by region, or, if the person agreed, `allow: [outside-working-hours]` on the meeting."#,
    check,
};

fn check(cx: &Context<'_>) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (event, occurrences) in cx.events().filter(|(e, _)| e.kind != EventKind::Report) {
        // Attendees whose hours read the same share one verdict: a meeting of
        // fifty people in three zones converts its times three times, not fifty.
        let mut judged: Vec<(&Person, Vec<&Occurrence>)> = Vec::new();
        for person in event
            .attendees
            .iter()
            .filter_map(|id| cx.compiled.person(id))
        {
            let outside = match judged.iter().find(|(other, _)| same_hours(other, person)) {
                Some((_, outside)) => outside.clone(),
                None => {
                    let outside: Vec<&Occurrence> = occurrences
                        .iter()
                        .filter(|o| !within_hours(cx, person, o))
                        .collect();
                    judged.push((person, outside.clone()));
                    outside
                }
            };
            let Some(first) = outside.first() else {
                continue;
            };
            let start = first.start.local(&person.zone);
            let end = first.end.local(&person.zone);
            findings.push(
                Finding::new(
                    event_time_span(cx, event),
                    format!(
                        "{} `{}` is at {} {}-{} for `{}` ({}), outside their working hours {}-{}; first on {}, {} of {}",
                        event.kind.as_str(),
                        event.id,
                        weekday(start.date),
                        start.time,
                        end.time,
                        person.id,
                        person.zone.name(),
                        person.open,
                        person.close,
                        start.date,
                        outside.len(),
                        count(occurrences.len(), "occurrence")
                    ),
                    "outside working hours",
                )
                .subject(item_kind(event), &event.id)
                .help("move it into everyone's working hours, or add `allow: [outside-working-hours]` if the attendee agreed"),
            );
        }
    }
    findings
}

/// Whether an occurrence is within one person's hours exactly when it is
/// within the other's: same zone (which also decides whether the project's
/// holidays apply), same hours, same working days.
fn same_hours(a: &Person, b: &Person) -> bool {
    a.zone == b.zone && a.open == b.open && a.close == b.close && a.work_week == b.work_week
}

/// Whether an occurrence lies within a person's working day and hours, locally.
fn within_hours(cx: &Context<'_>, person: &Person, occurrence: &Occurrence) -> bool {
    // Day numbers and minutes of the day: each occurrence is judged for
    // each attendee's hours, so the calendar is read only for the date of
    // one that is within them.
    let (start_day, start_minute) = cx.day_and_minute(occurrence.start, &person.zone);
    let (end_day, end_minute) = cx.day_and_minute(occurrence.end, &person.zone);
    let end_minute = match end_day - start_day {
        0 => end_minute,
        // Ending at midnight is ending on the same day.
        1 if end_minute == 0 => 24 * 60,
        _ => return false,
    };
    start_minute >= person.open.minutes_from_midnight()
        && end_minute <= person.close.minutes_from_midnight()
        && Date::from_day_number(start_day).is_some_and(|date| cx.is_working_day(person, date))
}

#[cfg(test)]
mod tests {
    use crate::rules::RuleId;

    /// Three people in one zone: the two who start at 10:00 are flagged,
    /// the one who starts at 09:00 is not, whatever the order they attend in.
    #[test]
    fn attendees_in_one_zone_are_judged_by_their_own_hours() {
        let people = "  ana: {name: Ana}\n  \
            ben: {name: Ben, working_hours: {from: \"10:00\"}}\n  \
            cy: {name: Cy, working_hours: {from: \"10:00\"}}\n";
        let plan = format!(
            "version: 1\nproject: {{name: P, owner: ana, timezone: Europe/Berlin, start: 2026-03-02, end: 2026-03-27}}\n\
             people:\n{people}\
             meetings:\n  sync: {{title: Sync, owner: ana, attendees: [ben, ana, cy], \
             schedule: {{every: week, on: [tue], at: \"09:00\", duration: 30m}}}}\n"
        );
        let checked = crate::check(crate::load::load_str("plan.yaml", &plan));
        let flagged: Vec<&str> = checked
            .diagnostics
            .iter()
            .filter(|d| d.rule == RuleId::OutsideWorkingHours)
            .map(|d| d.message.as_str())
            .collect();
        assert_eq!(flagged.len(), 2, "{flagged:?}");
        assert!(
            flagged.iter().any(|m| m.contains("for `ben`")),
            "{flagged:?}"
        );
        assert!(
            flagged.iter().any(|m| m.contains("for `cy`")),
            "{flagged:?}"
        );
    }
}
