//! Late-change notices (`plan diff --format notice`): the single
//! occurrences two resolved plans hold differently from a moment on, and for
//! each audience told of one, an email in its language with every
//! time in each recipient's zone; and the differences so close to that
//! moment that a subscribed calendar may not show them in time. Pure: the
//! CLI reads the clock and hands the moment in.

use std::cell::OnceCell;
use std::collections::{BTreeMap, BTreeSet};

use crate::compile::{Audience, Compiled, Event, EventKind, Reader};
use crate::i18n::Messages;
use crate::markdown::escape_text;
use crate::model::TimeOfDay;
use crate::time::{Date, Instant, Zone};

/// How many changes to one event an email lists; the rest it counts, so a
/// whole schedule change (every Tuesday to every Wednesday) stays readable.
pub const LISTED_PER_EVENT: usize = 5;

/// How many lines of changes one email lists before it only counts the
/// changes of further items.
pub const LISTED_PER_NOTICE: usize = 50;

/// Subscribed calendars refresh every 12 to 24 hours (Google Calendar): a
/// difference this close to `--at` may reach them too late.
pub const URGENT_MINUTES: i64 = 24 * 60;

/// What to do about a difference within [`URGENT_MINUTES`].
pub const URGENT_HELP: &str = "subscribed calendars may not show this in time (Google Calendar \
     refreshes them every 12 to 24 hours): tell those affected directly, e.g. with `plan diff \
     --format notice`";

/// When one occurrence is held.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Slot {
    pub start: Instant,
    pub end: Instant,
}

/// How one occurrence differs between the plans.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Difference {
    /// Held in both, at another start or end.
    Moved { from: Slot, to: Slot },
    /// Held in the old plan only.
    Cancelled(Slot),
    /// Held in the new plan only.
    Added(Slot),
}

impl Difference {
    /// The old start and the new, where there is one.
    fn starts(self) -> [Option<Instant>; 2] {
        match self {
            Difference::Moved { from, to } => [Some(from.start), Some(to.start)],
            Difference::Cancelled(slot) => [Some(slot.start), None],
            Difference::Added(slot) => [None, Some(slot.start)],
        }
    }
}

/// One occurrence held differently, by the date it is planned on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OccurrenceChange {
    pub planned: Date,
    pub difference: Difference,
    /// The new plan's note on the occurrence (`changes`).
    pub note: Option<String>,
}

/// One event (kind and id) of either plan or both, with its occurrences
/// near the window by planned date.
struct Pair<'c> {
    old: Option<&'c Event>,
    new: Option<&'c Event>,
    held_old: BTreeMap<Date, Slot>,
    held_new: BTreeMap<Date, Slot>,
    /// The differences for each way of seeing the pair (old seen, new
    /// seen), found once: every audience that sees it one way shares them.
    seen: [OnceCell<Vec<OccurrenceChange>>; 4],
}

/// Two resolved plans compared from `at` through the new plan's horizon.
pub struct Comparison<'c> {
    old: &'c Compiled,
    new: &'c Compiled,
    at: Instant,
    /// Midnight after the new plan's horizon, in its zone.
    end: Instant,
    pairs: Vec<Pair<'c>>,
    /// (kind, id) -> position in `pairs`.
    index: BTreeMap<(EventKind, &'c str), usize>,
}

/// One email to an audience.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub audience: String,
    /// `Name <address>` of each member with an email address.
    pub to: Vec<String>,
    /// The names of the members without one.
    pub unreachable: Vec<String>,
    pub subject: String,
    /// Markdown.
    pub body: String,
}

/// Compares every event of both plans, occurrence by occurrence, from `at`.
pub fn compare<'c>(old: &'c Compiled, new: &'c Compiled, at: Instant) -> Comparison<'c> {
    let midnight = TimeOfDay { hour: 0, minute: 0 };
    // Through the later horizon: a plan that ends earlier cancels what the
    // old one held after its new end.
    let horizon = old.horizon.max(new.horizon);
    let end = horizon
        .add_days(1)
        .and_then(|day| Instant::at_local(day, midnight, &new.zone))
        .unwrap_or(at);
    // Occurrences are dated in their own zone, up to 26 hours from the
    // project's: two days of slack either side, the instants decide.
    let today = at.local(&new.zone).date;
    let first = today.add_days(-2).unwrap_or(today);
    let through = horizon.add_days(2).unwrap_or(horizon);
    let mut pairs: Vec<Pair<'c>> = new
        .events
        .iter()
        .map(|event| (old.event(event.kind, &event.id), Some(event)))
        .chain(
            old.events
                .iter()
                .filter(|event| new.event(event.kind, &event.id).is_none())
                .map(|event| (Some(event), None)),
        )
        .map(|(old_event, new_event)| Pair {
            old: old_event,
            new: new_event,
            held_old: held(old, old_event, first, through),
            held_new: held(new, new_event, first, through),
            seen: Default::default(),
        })
        .collect();
    for pair in &mut pairs {
        // An occurrence moved far from its planned date is expanded where it
        // is held: find its other side by planned date.
        complete(&mut pair.held_old, &pair.held_new, old, pair.old);
        complete(&mut pair.held_new, &pair.held_old, new, pair.new);
    }
    let index = pairs
        .iter()
        .enumerate()
        .filter_map(|(i, pair)| {
            let event = pair.new.or(pair.old)?;
            Some(((event.kind, event.id.as_str()), i))
        })
        .collect();
    Comparison {
        old,
        new,
        at,
        end,
        pairs,
        index,
    }
}

/// An event's occurrences dated `first` through `through`, by planned date.
fn held(
    compiled: &Compiled,
    event: Option<&Event>,
    first: Date,
    through: Date,
) -> BTreeMap<Date, Slot> {
    let Some(event) = event else {
        return BTreeMap::new();
    };
    event
        .expand_between(&compiled.work_week, first, through)
        .occurrences
        .iter()
        .map(|o| {
            let slot = Slot {
                start: o.start,
                end: o.end,
            };
            (event.planned_date(o), slot)
        })
        .collect()
}

/// Adds to `held` the occurrences of `event` planned on the dates `other`
/// has and `held` lacks, where the event holds them.
fn complete(
    held: &mut BTreeMap<Date, Slot>,
    other: &BTreeMap<Date, Slot>,
    compiled: &Compiled,
    event: Option<&Event>,
) {
    let Some(event) = event else {
        return;
    };
    let missing: Vec<Date> = other
        .keys()
        .filter(|d| !held.contains_key(d))
        .copied()
        .collect();
    for planned in missing {
        if let Some(slot) = held_on(compiled, event, planned) {
            held.insert(planned, slot);
        }
    }
}

/// The occurrence of `event` planned on `planned`, wherever it is held.
fn held_on(compiled: &Compiled, event: &Event, planned: Date) -> Option<Slot> {
    let recurrence = &event.recurrence;
    let date = if event.single {
        recurrence.from
    } else {
        recurrence
            .moves
            .iter()
            .find(|m| m.planned == planned)
            .map_or(planned, |m| m.date)
    };
    event
        .expand_between(&compiled.work_week, date, date)
        .occurrences
        .iter()
        .find(|o| event.planned_date(o) == planned)
        .map(|o| Slot {
            start: o.start,
            end: o.end,
        })
}

impl Pair<'_> {
    /// The title a reader knows the event by: the new plan's if it sees
    /// the new event, else the old one's (an item renamed and made
    /// internal keeps its new name from those who no longer see it).
    fn title(&self, new_seen: bool) -> &str {
        let event = if new_seen { self.new } else { self.old };
        event.or(self.new).map_or("", |e| e.title.as_str())
    }

    /// [`Pair::changes`], found once per way of seeing the pair.
    fn changes_seen(
        &self,
        old_seen: bool,
        new_seen: bool,
        at: Instant,
        end: Instant,
    ) -> &[OccurrenceChange] {
        let cell = &self.seen[usize::from(old_seen) * 2 + usize::from(new_seen)];
        cell.get_or_init(|| self.changes(old_seen, new_seen, at, end))
    }

    /// The differences a reader who sees the old event (`old_seen`) and the
    /// new (`new_seen`) meets from `at` to `end`, by planned date: an
    /// event it does not see holds nothing for it.
    fn changes(
        &self,
        old_seen: bool,
        new_seen: bool,
        at: Instant,
        end: Instant,
    ) -> Vec<OccurrenceChange> {
        let none = BTreeMap::new();
        let old = if old_seen { &self.held_old } else { &none };
        let new = if new_seen { &self.held_new } else { &none };
        let dates: BTreeSet<Date> = old.keys().chain(new.keys()).copied().collect();
        let in_window = |start: &Instant| at <= *start && *start < end;
        dates
            .into_iter()
            .filter_map(|planned| {
                let difference = match (old.get(&planned), new.get(&planned)) {
                    (Some(from), Some(to)) if from == to => return None,
                    (Some(from), Some(to)) => Difference::Moved {
                        from: *from,
                        to: *to,
                    },
                    (Some(from), None) => Difference::Cancelled(*from),
                    (None, Some(to)) => Difference::Added(*to),
                    (None, None) => return None,
                };
                if !difference.starts().iter().flatten().any(in_window) {
                    return None;
                }
                let note = self
                    .new
                    .filter(|_| new_seen)
                    .and_then(|e| e.change(planned))
                    .and_then(|c| c.note.clone());
                Some(OccurrenceChange {
                    planned,
                    difference,
                    note,
                })
            })
            .collect()
    }
}

/// Whether an audience of `compiled` hears of `event`: the event addresses
/// it and it may see the event.
fn sees(compiled: &Compiled, event: Option<&Event>, audience: &str) -> bool {
    let (Some(event), Some(reader)) = (event, compiled.audience(audience)) else {
        return false;
    };
    event.audiences.iter().any(|a| a == audience)
        && compiled.shows(Reader::Audience(reader), event.internal)
}

impl Comparison<'_> {
    /// Every event's differences, as the whole plan sees them, in plan order
    /// (the new plan's events, then those it removed).
    pub fn changes(&self) -> Vec<(&Event, Vec<OccurrenceChange>)> {
        self.pairs
            .iter()
            .filter_map(|pair| {
                let event = pair.new.or(pair.old)?;
                let changes =
                    pair.changes(pair.old.is_some(), pair.new.is_some(), self.at, self.end);
                (!changes.is_empty()).then_some((event, changes))
            })
            .collect()
    }

    /// A sentence for each difference that touches an occurrence starting
    /// within [`URGENT_MINUTES`] after `at`, times in the project's zone.
    pub fn urgent(&self) -> Vec<String> {
        let Some(soon) = self.at.plus_minutes(URGENT_MINUTES) else {
            return Vec::new();
        };
        let zone = &self.new.zone;
        let moment = |start: Instant| {
            let local = start.local(zone);
            format!("{} {}", local.date, local.time)
        };
        let mut out = Vec::new();
        for (event, changes) in self.changes() {
            for change in changes {
                let urgent = |s: &Instant| self.at <= *s && *s < soon;
                if !change.difference.starts().iter().flatten().any(urgent) {
                    continue;
                }
                let what = match change.difference {
                    Difference::Moved { from, to } if from.start == to.start => {
                        format!("at {} now ends at {}", moment(from.start), moment(to.end))
                    }
                    Difference::Moved { from, to } => {
                        format!("moves from {} to {}", moment(from.start), moment(to.start))
                    }
                    Difference::Cancelled(slot) => {
                        format!("at {} is cancelled", moment(slot.start))
                    }
                    Difference::Added(slot) => format!("is added at {}", moment(slot.start)),
                };
                out.push(format!(
                    "{} `{}` {what} ({}): within 24 hours of {}",
                    event.kind.as_str(),
                    event.id,
                    zone.name(),
                    moment(self.at)
                ));
            }
        }
        out
    }

    /// One email per audience that hears of a difference: the new plan's
    /// audiences in plan order, then those it removed.
    pub fn notices(&self) -> Vec<Notice> {
        let audiences = self.new.audiences.iter().map(|a| (self.new, a)).chain(
            self.old
                .audiences
                .iter()
                .filter(|a| self.new.audience(&a.id).is_none())
                .map(|a| (self.old, a)),
        );
        audiences
            .filter_map(|(home, audience)| self.notice(home, audience))
            .collect()
    }

    /// The pairs whose event addresses an audience in either plan, in
    /// order: an audience's email costs what addresses it, not the plan.
    fn addressing(&self, audience: &str) -> impl Iterator<Item = &Pair<'_>> {
        let events = [self.old, self.new].into_iter().flat_map(|plan| {
            plan.audience(audience)
                .into_iter()
                .flat_map(|a| plan.addressing(a))
        });
        let mut positions: Vec<usize> = events
            .filter_map(|e| self.index.get(&(e.kind, e.id.as_str())).copied())
            .collect();
        positions.sort_unstable();
        positions.dedup();
        positions.into_iter().filter_map(|i| self.pairs.get(i))
    }

    fn notice(&self, home: &Compiled, audience: &Audience) -> Option<Notice> {
        let m = home.messages_for(Reader::Audience(audience));
        let zones = recipient_zones(home, audience);
        let year = self.at.local(&self.new.zone).date.year();
        let mut lines = Vec::new();
        let mut titles = Vec::new();
        let mut unlisted = 0;
        for pair in self.addressing(&audience.id) {
            let new_seen = sees(self.new, pair.new, &audience.id);
            let old_seen = sees(self.old, pair.old, &audience.id);
            let changes = pair.changes_seen(old_seen, new_seen, self.at, self.end);
            if changes.is_empty() {
                continue;
            }
            let title = pair.title(new_seen);
            titles.push(one_line(title));
            // An email stays readable, and its size bounded, however many
            // items change: past the limit, changes are only counted.
            if lines.len() >= LISTED_PER_NOTICE {
                unlisted += changes.len();
                continue;
            }
            // Six changes take as many lines as five and a count.
            let listed = if changes.len() == LISTED_PER_EVENT + 1 {
                changes.len()
            } else {
                LISTED_PER_EVENT
            };
            for change in changes.iter().take(listed) {
                let clock = Clock {
                    m,
                    zones: &zones,
                    year,
                    last: None,
                };
                lines.push(format!("- {}", sentence(clock, title, change)));
            }
            if let Some(more) = changes.len().checked_sub(listed).filter(|n| *n > 0) {
                let n = more.to_string();
                let title = escape_text(title);
                lines.push(format!(
                    "- {}",
                    m.fill("notice_more", &[("n", &n), ("title", &title)])
                ));
            }
        }
        if lines.is_empty() {
            return None;
        }
        if unlisted > 0 {
            let n = unlisted.to_string();
            lines.push(format!("- {}", m.fill("notice_more_items", &[("n", &n)])));
        }
        let project = &self.new.name;
        let items = if titles.len() <= 3 {
            m.list(&titles)
        } else {
            m.fill("notice_items", &[("n", &titles.len().to_string())])
        };
        let subject = m.fill(
            "notice_subject",
            &[("project", &one_line(project)), ("items", &items)],
        );
        let greeting = m.fill(
            "notice_greeting",
            &[("audience", &escape_text(&audience.name))],
        );
        let intro = m.fill("notice_intro", &[("project", &escape_text(project))]);
        let body = format!(
            "{greeting}\n\n{intro}\n\n{}\n\n{}\n",
            lines.join("\n"),
            m.get("notice_refresh")
        );
        let members = audience.members.iter().filter_map(|id| home.person(id));
        let (to, unreachable): (Vec<_>, Vec<_>) = members.partition(|p| p.email.is_some());
        Some(Notice {
            audience: audience.id.clone(),
            to: to
                .iter()
                .filter_map(|p| Some(mailbox(&p.name, p.email.as_deref()?)))
                .collect(),
            unreachable: unreachable.iter().map(|p| display_name(&p.name)).collect(),
            subject,
            body,
        })
    }
}

/// The distinct zones of an audience's members, in member order; the
/// project's when it has none.
fn recipient_zones(home: &Compiled, audience: &Audience) -> Vec<Zone> {
    let mut zones: Vec<Zone> = Vec::new();
    for person in audience.members.iter().filter_map(|id| home.person(id)) {
        if !zones.contains(&person.zone) {
            zones.push(person.zone.clone());
        }
    }
    if zones.is_empty() {
        zones.push(home.zone.clone());
    }
    zones
}

/// One difference as a Markdown sentence, with its note.
fn sentence(mut clock: Clock<'_>, title: &str, change: &OccurrenceChange) -> String {
    let m = clock.m;
    let title = escape_text(title);
    let text = match change.difference {
        Difference::Moved { from, to } if from.start == to.start => {
            let from = clock.moment(from.start, None);
            let to = clock.moment(to.end, None);
            m.fill(
                "notice_ends",
                &[("title", &title), ("from", &from), ("to", &to)],
            )
        }
        Difference::Moved { from, to } => {
            let from = clock.moment(from.start, None);
            let to = clock.moment(to.start, Some(to.end));
            m.fill(
                "notice_moved",
                &[("title", &title), ("from", &from), ("to", &to)],
            )
        }
        Difference::Cancelled(slot) => {
            let from = clock.moment(slot.start, None);
            m.fill("notice_cancelled", &[("title", &title), ("from", &from)])
        }
        Difference::Added(slot) => {
            let to = clock.moment(slot.start, Some(slot.end));
            m.fill("notice_added", &[("title", &title), ("to", &to)])
        }
    };
    match &change.note {
        Some(note) => m.fill(
            "notice_line_note",
            &[("change", &text), ("note", &escape_text(note))],
        ),
        None => m.fill("notice_line", &[("change", &text)]),
    }
}

/// Writes moments in every recipient's zone, read left to right: a date is
/// written where it differs from the last one written in the sentence.
struct Clock<'a> {
    m: &'a Messages,
    zones: &'a [Zone],
    /// The year of `--at`: other years are written out.
    year: i16,
    last: Option<Date>,
}

impl Clock<'_> {
    /// "Tue 14 Apr 10:00 (Berlin) / 04:00 (New York)"; with `until`, a
    /// range "10:00–10:45".
    fn moment(&mut self, start: Instant, until: Option<Instant>) -> String {
        let zones = self.zones;
        let parts: Vec<String> = zones
            .iter()
            .map(|zone| {
                let local = start.local(zone);
                // A report is due at a moment: no range.
                let time = match until.filter(|end| *end != start) {
                    Some(end) => format!("{}–{}", local.time, end.local(zone).time),
                    None => local.time.to_string(),
                };
                let when = if self.last == Some(local.date) {
                    time
                } else {
                    self.last = Some(local.date);
                    let date = self.date(local.date);
                    self.m
                        .fill("notice_date_time", &[("date", &date), ("time", &time)])
                };
                self.m.fill(
                    "notice_zone",
                    &[("when", &when), ("zone", &zone_label(zone))],
                )
            })
            .collect();
        parts.join(" / ")
    }

    /// "Tue 14 Apr", with the year when it is not the year of `--at`.
    fn date(&self, date: Date) -> String {
        let m = self.m;
        let key = if date.year() == self.year {
            "notice_date"
        } else {
            "notice_date_year"
        };
        m.fill(
            key,
            &[
                ("weekday", &m.weekday_short(date.weekday())),
                ("day", &date.day().to_string()),
                ("month", &m.get(&format!("month_short_{}", date.month()))),
                ("year", &date.year().to_string()),
            ],
        )
    }
}

/// "New York" for America/New_York: the last part of the zone's name.
fn zone_label(zone: &Zone) -> String {
    let name = zone.name();
    name.rsplit('/').next().unwrap_or(name).replace('_', " ")
}

/// `Name <address>`; a name with characters an address header reserves is
/// quoted (RFC 5322).
fn mailbox(name: &str, address: &str) -> String {
    format!("{} <{address}>", display_name(name))
}

/// A name as a header shows it: on one line, quoted where it holds a
/// character an address header reserves (`Roth, Ben` is one name).
fn display_name(name: &str) -> String {
    let name = one_line(name);
    let special = |c: char| "()<>[]:;@\\,.\"".contains(c);
    if name.contains(special) {
        let quoted = name.replace('\\', "\\\\").replace('"', "\\\"");
        format!("\"{quoted}\"")
    } else {
        name
    }
}

/// Plan text for a header line: whitespace, line breaks included, as one space.
fn one_line(text: &str) -> String {
    // Control characters go first, so that quoting is decided on what stays.
    let visible: String = text
        .chars()
        .filter(|c| !c.is_control() || c.is_whitespace())
        .collect();
    visible.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The emails one after another, each a header block (`Audience:`, `To:`,
/// members without an address, `Subject:`), a blank line, the Markdown
/// body and a separator line; a line saying so when there are none.
pub fn render(notices: &[Notice]) -> String {
    if notices.is_empty() {
        return "no audience is affected by a change to an occurrence\n".to_string();
    }
    let mut out = String::new();
    for notice in notices {
        out.push_str(&format!("Audience: {}\n", notice.audience));
        if notice.to.is_empty() {
            out.push_str("To: (no member has an email address)\n");
        } else {
            out.push_str(&format!("To: {}\n", notice.to.join(", ")));
        }
        if !notice.unreachable.is_empty() {
            out.push_str(&format!(
                "Without email: {}\n",
                notice.unreachable.join(", ")
            ));
        }
        out.push_str(&format!(
            "Subject: {}\n\n{}\n{SEPARATOR}\n",
            notice.subject, notice.body
        ));
    }
    out
}

/// Between emails: no line of a body is only `=`.
const SEPARATOR: &str = "========================================================================";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_plans::{date, instant, resolved};

    /// A weekly sync on Tuesdays 10:00 Berlin for a client in New York and
    /// Sydney and a team in Berlin; an internal planning on Mondays.
    fn plan(meetings: &str) -> Compiled {
        resolved(&plan_text(meetings))
    }

    fn plan_text(meetings: &str) -> String {
        format!(
            "version: 1\n\
             project: {{name: P, owner: ana, timezone: Europe/Berlin, start: 2026-03-02, end: 2026-06-26}}\n\
             people:\n\
             \x20 ana: {{name: Ana, email: ana@example.com}}\n\
             \x20 ben: {{name: 'Roth, Ben', email: ben@client.example, timezone: America/New_York}}\n\
             \x20 kim: {{name: Kim, timezone: Australia/Sydney}}\n\
             audiences:\n\
             \x20 client: {{name: Client, members: [ben, kim], external: true, channels: [email]}}\n\
             \x20 team: {{name: Team, members: [ana], channels: [email]}}\n\
             channels: {{email: {{kind: email, sla: {{response: 1bd}}}}}}\n\
             meetings:\n{meetings}"
        )
    }

    const SYNC: &str = "  sync: {title: Sync, audiences: [client, team], owner: ana, \
                        schedule: {every: week, on: [tue], at: '10:00', duration: 45m}";
    const PLANNING: &str = "  planning: {title: Planning, visibility: internal, audiences: [team], \
                            owner: ana, schedule: {every: week, on: [mon], at: '09:00', duration: 1h}}\n";

    fn sync(changes: &str) -> String {
        format!("{SYNC}, changes: {{{changes}}}}}\n{PLANNING}")
    }

    fn start(day: &str, hour: u8, minute: u8) -> Instant {
        instant("Europe/Berlin", day, hour, minute)
    }

    #[test]
    fn moves_retimes_cancellations_and_additions_are_found_by_planned_date() {
        let old = plan(&sync(""));
        let new = plan(&sync(
            "2026-04-14: {to: '2026-04-15 14:00', note: Travel}, \
             2026-04-21: {to: '16:00'}, 2026-04-28: {duration: 90m}, \
             2026-05-05: {cancel: true, note: Offsite}, 2026-05-12: {note: Only a note}",
        ));
        let comparison = compare(&old, &new, start("2026-04-01", 0, 0));
        let changes = comparison.changes();
        let [(event, sync)] = changes.as_slice() else {
            panic!("one event changes: {changes:?}");
        };
        assert_eq!(event.id, "sync");
        let slot = |day, hour, minute, length| Slot {
            start: start(day, hour, minute),
            end: start(day, hour, minute).plus_minutes(length).unwrap(),
        };
        let planned = |day| slot(day, 10, 0, 45);
        assert_eq!(
            sync.as_slice(),
            [
                OccurrenceChange {
                    planned: date("2026-04-14"),
                    difference: Difference::Moved {
                        from: planned("2026-04-14"),
                        to: slot("2026-04-15", 14, 0, 45),
                    },
                    note: Some("Travel".to_string()),
                },
                OccurrenceChange {
                    planned: date("2026-04-21"),
                    difference: Difference::Moved {
                        from: planned("2026-04-21"),
                        to: slot("2026-04-21", 16, 0, 45),
                    },
                    note: None,
                },
                OccurrenceChange {
                    planned: date("2026-04-28"),
                    difference: Difference::Moved {
                        from: planned("2026-04-28"),
                        to: slot("2026-04-28", 10, 0, 90),
                    },
                    note: None,
                },
                OccurrenceChange {
                    planned: date("2026-05-05"),
                    difference: Difference::Cancelled(planned("2026-05-05")),
                    note: Some("Offsite".to_string()),
                },
            ]
        );
        // From a later moment, the earlier differences are history.
        let later = compare(&old, &new, start("2026-04-21", 10, 0));
        let dates: Vec<Date> = later.changes()[0].1.iter().map(|c| c.planned).collect();
        assert_eq!(
            dates,
            [date("2026-04-21"), date("2026-04-28"), date("2026-05-05")]
        );
        assert!(
            compare(&old, &old, start("2026-04-01", 0, 0))
                .changes()
                .is_empty()
        );
    }

    #[test]
    fn an_occurrence_moved_far_is_matched_by_its_planned_date() {
        // Planned on 7 April, before the window's slack; held on 20 May.
        let old = plan(&sync(""));
        let new = plan(&sync("2026-04-07: {to: '2026-05-20 10:00'}"));
        let comparison = compare(&old, &new, start("2026-05-01", 0, 0));
        let changes = comparison.changes();
        let differences: Vec<Difference> = changes[0].1.iter().map(|c| c.difference).collect();
        assert!(
            matches!(differences.as_slice(), [Difference::Moved { from, .. }] if from.start == start("2026-04-07", 10, 0)),
            "{differences:?}"
        );
        // And the other way round: a move undone.
        let back = compare(&new, &old, start("2026-05-01", 0, 0));
        let differences: Vec<Difference> =
            back.changes()[0].1.iter().map(|c| c.difference).collect();
        assert!(
            matches!(differences.as_slice(), [Difference::Moved { to, .. }] if to.start == start("2026-04-07", 10, 0)),
            "{differences:?}"
        );
    }

    #[test]
    fn each_audience_hears_what_it_sees_in_its_members_zones() {
        let old = plan(&sync(""));
        let mut meetings = sync("2026-04-21: {to: '18:00', note: 'Board <b>meeting</b>'}");
        meetings = meetings.replace("on: [mon]", "on: [wed]");
        let new = plan(&meetings);
        let notices = compare(&old, &new, start("2026-04-15", 12, 0)).notices();
        let audiences: Vec<&str> = notices.iter().map(|n| n.audience.as_str()).collect();
        assert_eq!(audiences, ["client", "team"]);
        let client = &notices[0];
        assert_eq!(client.to, ["\"Roth, Ben\" <ben@client.example>"]);
        assert_eq!(client.unreachable, ["Kim"]);
        assert_eq!(display_name("Lee, Kim"), "\"Lee, Kim\"");
        assert_eq!(client.subject, "P: changes to Sync");
        // The internal planning never reaches the client; New York and
        // Sydney, Sydney's date again where it is another day.
        assert!(!client.body.contains("Planning"), "{}", client.body);
        assert!(
            client.body.contains(
                "- Sync on Tue 21 Apr 04:00 (New York) / 18:00 (Sydney) moves to 12:00–12:45 (New York) / Wed 22 Apr 02:00–02:45 (Sydney). Note: Board &lt;b&gt;meeting&lt;/b&gt;\n"
            ),
            "{}",
            client.body
        );
        let team = &notices[1];
        assert_eq!(team.subject, "P: changes to Sync and Planning");
        // The planning of Wednesday 15 April starts before `at`.
        assert!(!team.body.contains("Wed 15 Apr 09:00"), "{}", team.body);
        assert!(
            team.body
                .contains("- Planning on Mon 20 Apr 09:00 (Berlin) is cancelled.\n"),
            "{}",
            team.body
        );
        let listed = team
            .body
            .lines()
            .filter(|l| l.starts_with("- Planning"))
            .count();
        assert_eq!(listed, LISTED_PER_EVENT);
        assert!(
            team.body.contains("- … and 15 more changes to Planning.\n"),
            "{}",
            team.body
        );
    }

    /// Found in review: an item renamed and made internal told the client
    /// its new name.
    #[test]
    fn an_audience_that_no_longer_sees_an_item_hears_its_old_name() {
        let old = plan(&sync(""));
        let new = plan(&sync("").replace(
            "title: Sync,",
            "title: Layoff planning, visibility: internal,",
        ));
        let notices = compare(&old, &new, start("2026-06-10", 12, 0)).notices();
        let client = notices.iter().find(|n| n.audience == "client").unwrap();
        assert!(!client.subject.contains("Layoff") && !client.body.contains("Layoff"));
        assert!(
            client.body.contains("Sync on Tue 16 Jun"),
            "{}",
            client.body
        );
        let team = notices.iter().find(|n| n.audience == "team");
        assert!(team.is_none_or(|t| !t.body.contains("Sync on")));
    }

    /// Found in review: a plan that ends earlier cancels what the old one
    /// held after the new end, and nobody was told.
    #[test]
    fn an_earlier_end_cancels_what_came_after_it() {
        let old = plan(&sync(""));
        let new = resolved(&plan_text(&sync("")).replace("end: 2026-06-26", "end: 2026-05-29"));
        let notices = compare(&old, &new, start("2026-04-01", 0, 0)).notices();
        let client = notices.iter().find(|n| n.audience == "client").unwrap();
        // 2, 9, 16 and 23 June.
        assert_eq!(
            client.body.matches(" is cancelled.").count(),
            4,
            "{}",
            client.body
        );
    }

    /// An email lists at most [`LISTED_PER_NOTICE`] lines of changes, then
    /// counts the rest; six changes of one item take six lines.
    #[test]
    fn an_email_stays_bounded_however_many_items_change() {
        let meetings = |count: usize, at: &str| -> String {
            (0..count)
                .map(|i| {
                    format!(
                        "  m{i}: {{title: M{i}, audiences: [team], owner: ana, \
                         schedule: {{every: week, on: [tue], at: '{at}', duration: 45m}}}}\n"
                    )
                })
                .collect()
        };
        let (old, new) = (plan(&meetings(30, "10:00")), plan(&meetings(30, "11:00")));
        let notices = compare(&old, &new, start("2026-03-02", 0, 0)).notices();
        let [team] = notices.as_slice() else {
            panic!("{notices:?}");
        };
        let lines = team.body.lines().filter(|l| l.starts_with("- ")).count();
        assert!(lines <= LISTED_PER_NOTICE + LISTED_PER_EVENT + 2, "{lines}");
        assert!(
            team.body.contains("more changes to other items."),
            "{}",
            team.body
        );

        // Tuesdays 19 May to 23 June: six, all listed.
        let (old, new) = (plan(&meetings(1, "10:00")), plan(&meetings(1, "11:00")));
        let notices = compare(&old, &new, start("2026-05-18", 0, 0)).notices();
        let [team] = notices.as_slice() else {
            panic!("{notices:?}");
        };
        assert_eq!(team.body.matches(" moves to ").count(), 6, "{}", team.body);
        assert!(!team.body.contains("more changes"), "{}", team.body);
    }

    #[test]
    fn an_audience_taken_off_an_event_hears_of_its_cancellation() {
        let old = plan(&sync(""));
        let new = plan(&sync("").replace("audiences: [client, team]", "audiences: [team]"));
        let at = start("2026-06-10", 12, 0);
        let notices = compare(&old, &new, at).notices();
        let [client] = notices.as_slice() else {
            panic!("only the client hears: {notices:?}");
        };
        let cancelled = client.body.matches(" is cancelled.").count();
        assert_eq!(
            cancelled, 2,
            "16 and 23 June (the project ends on 26 June): {}",
            client.body
        );
        assert!(compare(&old, &old, at).notices().is_empty());
        assert_eq!(
            render(&[]),
            "no audience is affected by a change to an occurrence\n"
        );
    }

    #[test]
    fn only_differences_within_24_hours_are_urgent() {
        let old = plan(&sync(""));
        let new = plan(&sync(
            "2026-04-14: {to: '2026-04-15 14:00'}, 2026-04-21: {cancel: true}",
        ));
        let urgent = |at| compare(&old, &new, at).urgent();
        assert_eq!(
            urgent(start("2026-04-13", 10, 1)),
            [
                "meeting `sync` moves from 2026-04-14 10:00 to 2026-04-15 14:00 (Europe/Berlin): within 24 hours of 2026-04-13 10:01"
            ]
        );
        assert!(urgent(start("2026-04-13", 9, 59)).is_empty());
        // The new start counts too.
        assert_eq!(urgent(start("2026-04-14", 16, 0)).len(), 1);
        assert_eq!(
            urgent(start("2026-04-20", 12, 0)),
            [
                "meeting `sync` at 2026-04-21 10:00 is cancelled (Europe/Berlin): within 24 hours of 2026-04-20 12:00"
            ]
        );
    }

    #[test]
    fn dates_show_the_year_only_when_it_is_not_the_year_of_at() {
        let en = Messages::for_locale(crate::model::Locale::En);
        let zh = Messages::for_locale(crate::model::Locale::ZhCn);
        let zones = [Zone::parse("Asia/Kolkata").unwrap()];
        let at = instant("Asia/Kolkata", "2027-01-04", 9, 30);
        let clock = |m| Clock {
            m,
            zones: &zones,
            year: 2026,
            last: None,
        };
        assert_eq!(
            clock(&en).moment(at, None),
            "Mon 4 Jan 2027 09:30 (Kolkata)"
        );
        assert_eq!(
            clock(&zh).moment(at, at.plus_minutes(30)),
            "2027年1月4日（周一）09:30–10:00（Kolkata）"
        );
        let mut same_year = clock(&en);
        same_year.year = 2027;
        assert_eq!(same_year.moment(at, None), "Mon 4 Jan 09:30 (Kolkata)");
        assert_eq!(same_year.moment(at, None), "09:30 (Kolkata)");
        let zone = Zone::parse("America/Argentina/Buenos_Aires").unwrap();
        assert_eq!(zone_label(&zone), "Buenos Aires");
        assert_eq!(
            mailbox("Ann \"A\" Lee", "a@x.example"),
            "\"Ann \\\"A\\\" Lee\" <a@x.example>"
        );
        assert_eq!(mailbox("李 伟\n", "li@x.example"), "李 伟 <li@x.example>");
    }
}
