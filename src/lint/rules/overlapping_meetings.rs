//! `overlapping-meetings`: two meetings overlap for someone who attends both.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap};

use super::{event_span, item_kind};
use crate::compile::{Event, EventKind};
use crate::lint::{Context, Finding, RuleDefinition, count};
use crate::model::{Id, Spanned};
use crate::rules::RuleId;
use crate::suggest;
use crate::time::{Date, Instant};

pub const RULE: RuleDefinition = RuleDefinition {
    summary: "two meetings overlap for someone who attends both",
    explain: r#"### What it checks
For each person, their meetings, reviews and trainings in time order; any two that overlap (occurrences are `[start, end)`: one ending at 15:00 does not overlap one starting at 15:00). One finding per meeting that overlaps others, at its schedule: it names the meetings before it in the plan (meetings, then reviews, then trainings) that it overlaps, everyone booked into both, the first date and how often. Moving that meeting resolves its finding, so five meetings at one time are four findings, not ten pairs. Found by one sweep per person that keeps the occurrences still running, never by comparing all pairs. A person in more than 20 meetings at once gets one finding for that pile-up, and their later overlaps are not listed.

### Why it matters
A person double-booked every week misses one of the two meetings every week, usually the client's.

### Example
```yaml
meetings:
  sync: {title: Sync, attendees: [ana], schedule: {every: week, on: [tue], at: "10:00", duration: 1h}}
  standup: {title: Stand-up, attendees: [ana], schedule: {every: weekday, at: "10:30", duration: 15m}}
```

### Fix
Move or shorten the meeting the finding points at, or the ones it names. If the overlap is intended, `allow: [overlapping-meetings]` on either meeting: a meeting that allows it overlaps nothing."#,
    check,
};

/// More meetings than this at once for one person is reported once, not
/// meeting by meeting: the meetings running at each start grow with the
/// pile-up (10,000 meetings at one time are 50 million pairs), a budget no
/// plan should spend.
const MAX_AT_ONCE: usize = 20;

/// Meetings and people a finding names before "and N more".
const MAX_NAMED: usize = 5;

/// What one meeting overlaps: the meetings listed before it in the plan
/// (indices of `compiled.events`), the groups of people booked into both
/// (indices of the sweeps), and the dates.
#[derive(Default)]
struct Clash {
    earlier: BTreeSet<usize>,
    groups: BTreeSet<usize>,
    dates: BTreeSet<Date>,
}

/// People who attend the same meetings (indices of `plan.people`), and those
/// meetings: they are double-booked alike, so one sweep serves them all (the
/// members of an audience usually are such a group).
struct Group {
    events: Vec<usize>,
    people: Vec<usize>,
}

fn check(cx: &Context<'_>) -> Vec<Finding> {
    let groups = groups(cx);
    let mut clashes: Vec<Clash> = cx
        .compiled
        .events
        .iter()
        .map(|_| Clash::default())
        .collect();
    let mut piles = Vec::new();
    for (index, group) in groups.iter().enumerate() {
        if let Some(start) = sweep(cx, index, &group.events, &mut clashes) {
            piles.extend(
                group
                    .people
                    .iter()
                    .filter_map(|p| cx.plan.people.entries.get(*p))
                    .filter_map(|person| pile_up(cx, &person.id, start)),
            );
        }
    }
    let mut findings: Vec<Finding> = clashes
        .iter()
        .enumerate()
        .filter_map(|(later, clash)| overlap(cx, later, clash, &groups))
        .collect();
    findings.extend(piles);
    findings
}

/// The people grouped by the meetings, reviews and trainings they attend.
/// Reports are deadlines, not time spent; a meeting that allows the rule
/// overlaps nothing, so the finding about any other meeting leaves it out.
fn groups(cx: &Context<'_>) -> Vec<Group> {
    let mut groups: BTreeMap<Vec<usize>, Vec<usize>> = BTreeMap::new();
    for (person, (id, _)) in cx.plan.people.iter().enumerate() {
        let events: Vec<usize> = cx
            .attended_by(id.as_str())
            .filter(|(_, e, _)| {
                e.kind != EventKind::Report
                    && !cx.allows(item_kind(e), &e.id, RuleId::OverlappingMeetings)
            })
            .map(|(index, _, _)| index)
            .collect();
        if events.len() > 1 {
            groups.entry(events).or_default().push(person);
        }
    }
    groups
        .into_iter()
        .map(|(events, people)| Group { events, people })
        .collect()
}

/// One sweep over a group's occurrences in time order, keeping those still
/// running: each starting occurrence clashes with every running one. Returns
/// when a pile-up of more than [`MAX_AT_ONCE`] starts, if one does.
fn sweep(
    cx: &Context<'_>,
    group: usize,
    events: &[usize],
    clashes: &mut [Clash],
) -> Option<Instant> {
    let mut busy: Vec<(Instant, Instant, usize, Date)> = Vec::new();
    for index in events {
        let occurrences = cx.occurrences.get(*index).into_iter().flatten();
        busy.extend(occurrences.map(|o| (o.start, o.end, *index, o.date)));
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
            return Some(start);
        }
        for Reverse((_, other)) in &running {
            if *other != index
                && let Some(clash) = clashes.get_mut(index.max(*other))
            {
                clash.earlier.insert(index.min(*other));
                clash.groups.insert(group);
                clash.dates.insert(date);
            }
        }
        running.push(Reverse((end, index)));
    }
    None
}

/// The finding about one meeting and the earlier meetings it overlaps.
fn overlap(cx: &Context<'_>, later: usize, clash: &Clash, groups: &[Group]) -> Option<Finding> {
    let first = clash.dates.first()?;
    let event = cx.compiled.events.get(later)?;
    let earlier: Vec<&Event> = clash
        .earlier
        .iter()
        .filter_map(|i| cx.compiled.events.get(*i))
        .collect();
    let people: BTreeSet<usize> = clash
        .groups
        .iter()
        .filter_map(|g| groups.get(*g))
        .flat_map(|g| g.people.iter().copied())
        .collect();
    let people: Vec<&str> = people
        .iter()
        .filter_map(|p| cx.plan.people.entries.get(*p))
        .map(|entry| entry.id.as_str())
        .collect();
    let (label, help) = match earlier.len() {
        1 => ("overlaps another meeting", "move or shorten one of the two"),
        _ => (
            "overlaps other meetings",
            "move or shorten this one or the others",
        ),
    };
    Some(
        Finding::new(
            event_span(cx, event),
            format!(
                "{} `{}` overlaps {} for {}; first on {first}, {}",
                event.kind.as_str(),
                event.id,
                named_events(&earlier),
                suggest::list(&people, MAX_NAMED),
                count(clash.dates.len(), "time")
            ),
            label,
        )
        .subject(item_kind(event), &event.id)
        .help(help),
    )
}

/// "meeting `a`", "meetings `a`, `b`", "meeting `a`, review `r`", shortened
/// after [`MAX_NAMED`].
fn named_events(events: &[&Event]) -> String {
    let first_kind = events.first().map(|e| e.kind);
    if events.iter().all(|e| Some(e.kind) == first_kind) {
        let ids: Vec<&str> = events.iter().map(|e| e.id.as_str()).collect();
        let kind = first_kind.map_or("meeting", |k| k.as_str());
        let plural = if ids.len() == 1 { "" } else { "s" };
        return format!("{kind}{plural} {}", suggest::list(&ids, MAX_NAMED));
    }
    let mut named: Vec<String> = events
        .iter()
        .take(MAX_NAMED)
        .map(|e| format!("{} `{}`", e.kind.as_str(), e.id))
        .collect();
    if events.len() > MAX_NAMED {
        named.push(format!("and {} more", events.len() - MAX_NAMED));
    }
    named.join(", ")
}

/// The finding about a person in more than [`MAX_AT_ONCE`] meetings at once.
fn pile_up(cx: &Context<'_>, id: &Spanned<Id>, start: Instant) -> Option<Finding> {
    let person = id.as_str();
    let local = start.local(&cx.compiled.person(person)?.zone);
    Some(
        Finding::about(
            crate::model::ItemKind::Person,
            id,
            format!(
                "`{person}` is in more than {MAX_AT_ONCE} meetings at once on {} at {}; overlaps from then on are not listed one by one",
                local.date, local.time
            ),
            "too many meetings at once",
        )
        .help(format!(
            "spread the meetings out, or take `{person}` off most of them"
        )),
    )
}
