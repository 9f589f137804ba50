//! `overlapping-meetings`: two meetings overlap for someone who attends both.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::hash::BuildHasherDefault;

use super::{event_span, item_kind};
use crate::compile::{Event, EventKind};
use crate::lint::{Context, Finding, Rule, count};
use crate::rules::RuleId;
use crate::time::{Date, Instant};

pub const RULE: Rule = Rule {
    id: RuleId::OverlappingMeetings,
    summary: "two meetings overlap for someone who attends both",
    explain: r#"### What it checks
For each person, their meetings, reviews and trainings in time order; any two that overlap (occurrences are `[start, end)`: one ending at 15:00 does not overlap one starting at 15:00). One finding per pair of meetings names everyone affected, the first date and how often. Found by one sweep over all occurrences in time order that keeps, per person, the occurrences still running, never by comparing all pairs.

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

/// One pair of clashing events (indexes into `compiled.events`, first < second)
/// and the dates of its clashes, repeats included until the end.
struct Clash {
    first: usize,
    second: usize,
    dates: Vec<Date>,
}

/// Builds the hasher for pair keys: two small integers, so a multiply is
/// enough (the output is sorted, so the order of the map never shows).
#[derive(Default)]
struct PairHasher(u64);

impl std::hash::Hasher for PairHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.write_u64(u64::from(*byte));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
}

/// Events up to which pairs are found in a square table (at most 4 MB)
/// rather than a hash map: a row per event keeps each step's lookups close.
const DENSE_EVENTS: usize = 1024;

/// Where each pair of events keeps its [`Clash`].
enum Slots {
    /// `table[a * events + b]`, both ways round; `u32::MAX` is "none yet".
    Dense {
        events: usize,
        table: Vec<u32>,
    },
    Sparse(HashMap<(usize, usize), usize, BuildHasherDefault<PairHasher>>),
}

impl Slots {
    fn new(events: usize) -> Self {
        if events <= DENSE_EVENTS {
            Slots::Dense {
                events,
                table: Vec::new(),
            }
        } else {
            Slots::Sparse(HashMap::default())
        }
    }

    /// The slot of the pair, made with `make` the first time.
    fn slot(&mut self, current: usize, other: usize, make: impl FnOnce() -> usize) -> usize {
        match self {
            Slots::Dense { events, table } => {
                if table.is_empty() {
                    // Made at the first clash: most plans have none.
                    *table = vec![u32::MAX; *events * *events];
                }
                let at = current * *events + other;
                match table.get(at).copied() {
                    Some(slot) if slot != u32::MAX => slot as usize,
                    _ => {
                        let slot = make();
                        let stored = u32::try_from(slot).unwrap_or(u32::MAX);
                        for at in [at, other * *events + current] {
                            if let Some(cell) = table.get_mut(at) {
                                *cell = stored;
                            }
                        }
                        slot
                    }
                }
            }
            Slots::Sparse(map) => *map
                .entry((current.min(other), current.max(other)))
                .or_insert_with(make),
        }
    }
}

/// One sweep over every occurrence in time order with, per person, the
/// occurrences of theirs still running: each clash costs one step, whatever
/// the number of people or meetings (a per-person sweep with sets of strings
/// took seconds for 800 meetings at one time).
fn check(cx: &Context<'_>) -> Vec<Finding> {
    let events = &cx.compiled.events;
    // In id order, so that the people of a clash are listed in that order.
    let mut people: Vec<&str> = cx.compiled.people.iter().map(|p| p.id.as_str()).collect();
    people.sort_unstable();
    let person_index: HashMap<&str, usize> =
        people.iter().enumerate().map(|(i, p)| (*p, i)).collect();
    // Each event's attendees as indexes into `people`, without repeats.
    let attending: Vec<Vec<usize>> = events
        .iter()
        .map(|event| {
            if event.kind == EventKind::Report {
                return Vec::new();
            }
            let mut indexes: Vec<usize> = event
                .attendees
                .iter()
                .filter_map(|a| person_index.get(a.as_str()).copied())
                .collect();
            indexes.sort_unstable();
            indexes.dedup();
            indexes
        })
        .collect();
    let mut busy: Vec<(Instant, Instant, usize, Date)> = cx
        .events()
        .enumerate()
        .filter(|(index, _)| !attending[*index].is_empty())
        .flat_map(|(index, (_, occurrences))| {
            occurrences
                .iter()
                .map(move |o| (o.start, o.end, index, o.date))
        })
        .collect();
    busy.sort_unstable();
    // Per person, their occurrences still running, earliest end first.
    let mut running: Vec<BinaryHeap<Reverse<(Instant, usize)>>> =
        vec![BinaryHeap::new(); people.len()];
    // The last occurrence (position in `busy`) that met each event: one step per pair.
    let mut met = vec![usize::MAX; events.len()];
    let mut slots = Slots::new(events.len());
    let mut clashes: Vec<Clash> = Vec::new();
    for (step, (start, end, index, date)) in busy.into_iter().enumerate() {
        for &person in &attending[index] {
            let heap = &mut running[person];
            while heap
                .peek()
                .is_some_and(|Reverse((running_end, _))| *running_end <= start)
            {
                heap.pop();
            }
            for &Reverse((_, other)) in heap.iter() {
                if other == index || met[other] == step {
                    continue;
                }
                met[other] = step;
                let slot = slots.slot(index, other, || {
                    clashes.push(Clash {
                        first: other.min(index),
                        second: other.max(index),
                        dates: Vec::new(),
                    });
                    clashes.len() - 1
                });
                if let Some(clash) = clashes.get_mut(slot) {
                    clash.dates.push(date);
                }
            }
        }
        for &person in &attending[index] {
            running[person].push(Reverse((end, index)));
        }
    }
    clashes.sort_unstable_by_key(|c| (c.first, c.second));
    let spans: Vec<_> = events.iter().map(|e| event_span(cx, e)).collect();
    clashes
        .into_iter()
        .map(|mut clash| {
            clash.dates.sort_unstable();
            clash.dates.dedup();
            let (a, b) = (&events[clash.first], &events[clash.second]);
            // Everyone attending both: the clash is theirs (in id order, as `people` is).
            let shared = attending[clash.first]
                .iter()
                .filter(|p| attending[clash.second].contains(p))
                .map(|p| people[*p]);
            Finding::new(
                spans[clash.second],
                message(a, b, shared, &clash.dates),
                "overlaps another meeting",
            )
            .subject(item_kind(a), &a.id)
            .subject(item_kind(b), &b.id)
            .help("move or shorten one of the two")
        })
        .collect()
}

/// "meeting `b` overlaps meeting `a` for `ana`, `ben`; first on 2026-03-03, 17 times",
/// written into one string (this runs once per pair, and pairs can be many).
fn message<'p>(
    a: &Event,
    b: &Event,
    people: impl Iterator<Item = &'p str>,
    dates: &[Date],
) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(96 + a.id.len() + b.id.len());
    // Writing to a String cannot fail.
    let _ = write!(
        out,
        "{} `{}` overlaps {} `{}` for ",
        b.kind.as_str(),
        b.id,
        a.kind.as_str(),
        a.id
    );
    for (i, person) in people.enumerate() {
        let _ = write!(out, "{}`{person}`", if i == 0 { "" } else { ", " });
    }
    let first = dates.first().map(ToString::to_string).unwrap_or_default();
    let _ = write!(out, "; first on {first}, {}", count(dates.len(), "time"));
    out
}
