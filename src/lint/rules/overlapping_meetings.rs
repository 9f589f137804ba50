//! `overlapping-meetings`: two meetings overlap for someone who attends both.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap};

use super::{event_span, item_kind};
use crate::compile::EventKind;
use crate::lint::{Context, Finding, RuleDefinition, count};
use crate::time::{Date, Instant};

pub const RULE: RuleDefinition = RuleDefinition {
    summary: "two meetings overlap for someone who attends both",
    explain: r#"### What it checks
For each person, their meetings, reviews and trainings in time order; any two that overlap (occurrences are `[start, end)`: one ending at 15:00 does not overlap one starting at 15:00). One finding per pair of meetings names everyone affected, the first date and how often. Found by one sweep per person that keeps the occurrences still running, never by comparing all pairs. A person in more than 20 meetings at once gets one finding for that pile-up instead of one per pair, and their later overlaps are not listed.

### Why it matters
A person double-booked every week misses one of the two meetings every week, usually the client's.

### Example
```yaml
meetings:
  sync: {title: Sync, attendees: [ana], schedule: {every: week, on: [tue], at: "10:00", duration: 1h}}
  standup: {title: Stand-up, attendees: [ana], schedule: {every: weekday, at: "10:30", duration: 15m}}
```

### Fix
Move one of the meetings, or shorten it. If the overlap is intended, `allow: [overlapping-meetings]` on either meeting."#,
    check,
};

/// What is known about one pair of clashing meetings.
struct Clash {
    dates: BTreeSet<Date>,
    people: BTreeSet<String>,
}

/// More meetings than this at once for one person is reported once, not
/// pair by pair: pairs grow with the square of a pile-up (10,000 meetings at
/// one time are 50 million pairs), a budget no plan should spend.
const MAX_AT_ONCE: usize = 20;

fn check(cx: &Context<'_>) -> Vec<Finding> {
    let mut clashes: BTreeMap<(usize, usize), Clash> = BTreeMap::new();
    let mut swamped: Vec<(&str, Instant)> = Vec::new();
    for person in &cx.compiled.people {
        let mut busy: Vec<(Instant, Instant, usize, Date)> = Vec::new();
        for (index, event, occurrences) in cx.attended_by(&person.id) {
            if event.kind == EventKind::Report {
                continue;
            }
            busy.extend(occurrences.iter().map(|o| (o.start, o.end, index, o.date)));
        }
        busy.sort_unstable();
        // Occurrences still running, earliest end first.
        let mut running: BinaryHeap<Reverse<(Instant, usize)>> = BinaryHeap::new();
        for (start, end, index, date) in busy {
            while running
                .peek()
                .is_some_and(|Reverse((running_end, _))| *running_end <= start)
            {
                running.pop();
            }
            if running.len() >= MAX_AT_ONCE {
                swamped.push((&person.id, start));
                break;
            }
            let others: BTreeSet<usize> = running
                .iter()
                .map(|Reverse((_, other))| *other)
                .filter(|o| *o != index)
                .collect();
            for other in others {
                let clash = clashes
                    .entry((other.min(index), other.max(index)))
                    .or_insert(Clash {
                        dates: BTreeSet::new(),
                        people: BTreeSet::new(),
                    });
                clash.dates.insert(date);
                clash.people.insert(person.id.clone());
            }
            running.push(Reverse((end, index)));
        }
    }
    let piles = swamped.into_iter().filter_map(|(person, start)| {
        let (id, _) = cx.plan.people.iter().find(|(id, _)| id.as_str() == person)?;
        let zone = cx.compiled.person(person).map(|p| &p.zone)?;
        let local = start.local(zone);
        Some(
            Finding::about(
                crate::validate::ItemKind::Person,
                id,
                format!(
                    "`{person}` is in more than {MAX_AT_ONCE} meetings at once on {} at {}; overlaps from then on are not listed pair by pair",
                    local.date, local.time
                ),
                "too many meetings at once",
            )
            .help(format!(
                "spread the meetings out, or take `{person}` off most of them"
            )),
        )
    });
    let pairs = clashes.into_iter().map(|((first, second), clash)| {
        let (a, b) = (&cx.compiled.events[first], &cx.compiled.events[second]);
        let people: Vec<String> = clash.people.iter().map(|p| format!("`{p}`")).collect();
        Finding::new(
            event_span(cx, b),
            format!(
                "{} `{}` overlaps {} `{}` for {}; first on {}, {}",
                b.kind.as_str(),
                b.id,
                a.kind.as_str(),
                a.id,
                people.join(", "),
                clash
                    .dates
                    .first()
                    .map(ToString::to_string)
                    .unwrap_or_default(),
                count(clash.dates.len(), "time")
            ),
            "overlaps another meeting",
        )
        .subject(item_kind(a), &a.id)
        .subject(item_kind(b), &b.id)
        .help("move or shorten one of the two")
    });
    pairs.chain(piles).collect()
}
