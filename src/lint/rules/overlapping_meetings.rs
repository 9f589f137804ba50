//! `overlapping-meetings`: two meetings overlap for someone who attends both.

use std::collections::BTreeMap;

use super::{event_span, item_kind};
use crate::compile::EventKind;
use crate::lint::{Context, Finding, Rule};
use crate::rules::RuleId;
use crate::time::{Date, Instant};

pub const RULE: Rule = Rule {
    id: RuleId::OverlappingMeetings,
    summary: "two meetings overlap for someone who attends both",
    explain: r#"### What it checks
For each person, their meetings, reviews and trainings sorted by start; any two that overlap (`[start, end)`: one ending at 15:00 does not overlap one starting at 15:00). Found by one sweep per person, never by comparing all pairs.

### Why it matters
A person double-booked every week misses one of the two meetings every week, usually the client's.

### Example
```yaml
meetings:
  sync: {title: Sync, attendees: [ana], schedule: {every: week, on: [tue], at: "10:00", duration: 1h}}
  standup: {title: Stand-up, attendees: [ana], schedule: {every: weekday, at: "10:30", duration: 15m}}
```

### Fix
Move one of the meetings, or shorten it."#,
    check,
};

fn check(cx: &Context<'_>) -> Vec<Finding> {
    // (first event, second event) -> (first date, count), in a deterministic order.
    let mut clashes: BTreeMap<(usize, usize, String), (Date, usize)> = BTreeMap::new();
    for person in &cx.compiled.people {
        let mut busy: Vec<(Instant, Instant, usize, Date)> = Vec::new();
        for (index, (event, occurrences)) in cx.events().enumerate() {
            if event.kind == EventKind::Report || !event.attendees.contains(&person.id) {
                continue;
            }
            busy.extend(occurrences.iter().map(|o| (o.start, o.end, index, o.date)));
        }
        busy.sort_unstable();
        // Sweep: keep the occurrence that ends last so far; each new start
        // that is before that end overlaps it.
        let mut latest: Option<(Instant, usize)> = None;
        for (start, end, index, date) in busy {
            if let Some((latest_end, latest_index)) = latest
                && start < latest_end
                && latest_index != index
            {
                let key = (
                    latest_index.min(index),
                    latest_index.max(index),
                    person.id.clone(),
                );
                let entry = clashes.entry(key).or_insert((date, 0));
                entry.1 += 1;
            }
            if latest.is_none_or(|(latest_end, _)| end > latest_end) {
                latest = Some((end, index));
            }
        }
    }
    clashes
        .into_iter()
        .map(|((first, second, person), (date, count))| {
            let (a, b) = (&cx.compiled.events[first], &cx.compiled.events[second]);
            Finding::new(
                event_span(cx, b),
                format!(
                    "{} `{}` overlaps {} `{}` for `{person}`; first on {date}, {count} times",
                    b.kind.as_str(),
                    b.id,
                    a.kind.as_str(),
                    a.id
                ),
                "overlaps another meeting",
            )
            .subject(item_kind(b), &b.id)
            .help("move or shorten one of the two")
        })
        .collect()
}
