//! The handbook's resolved data: the only thing templates see. Built from the
//! plan and its compiled form; every text already localised and, for fields
//! that allow Markdown, already made safe for HTML (`*_html`) and Markdown
//! (`*_md`). Plain texts are raw here; templates escape them for their target.
//!
//! `contract.rs` declares what templates see, `sections.rs` builds it one
//! handbook section at a time, `text.rs` writes the phrases sections share.

mod contract;
mod sections;
mod text;

pub use contract::*;

use std::collections::BTreeSet;

use crate::compile::{Compiled, Event, EventKind, Reader};
use crate::i18n::Messages;
use crate::model::{Id, Plan, Spanned};
use crate::time::Zone;

/// The whole plan's handbook (`view: None`) or one audience's view of it.
pub fn handbook(compiled: &Compiled, view: Option<&str>) -> Handbook {
    let scope = Scope::new(compiled, view);
    let plan = scope.plan;
    let messages = scope.m;
    Handbook {
        lang: messages.lang.to_string(),
        t: messages.strings.clone(),
        project: sections::project(&scope),
        view: sections::view(&scope),
        goals: sections::goals(&scope),
        matrix: sections::matrix(&scope),
        weeks: sections::weeks(&scope),
        meetings: sections::meetings(&scope),
        reports: sections::reports(&scope),
        channels: sections::channels(&scope),
        norms: plan.norms.iter().map(|n| n.value.clone()).collect(),
        escalations: sections::escalations(&scope),
        barriers: sections::barriers(&scope),
        trainings: sections::trainings(&scope),
        reviews: sections::reviews(&scope),
        contacts: sections::contacts(&scope),
        onboarding: sections::onboarding(&scope),
        changelog: Vec::new(),
    }
}

/// What one view is built from, and which of it the view shows.
struct Scope<'a> {
    plan: &'a Plan,
    compiled: &'a Compiled,
    m: &'a Messages,
    /// The audience this view is for, or `None` for the whole plan.
    view: Option<&'a str>,
    /// An external audience's view: internal items are left out.
    external: bool,
    /// The zone the view's reader lives in: the zone most of the audience's
    /// members share (the first of those tied), else the project's. Every
    /// time a reader sees is written in it first.
    zone: Zone,
    /// The events this view shows: all, or those that address the audience.
    events: Vec<&'a Event>,
    /// The same, by kind and id.
    shown: BTreeSet<(EventKind, &'a str)>,
}

impl<'a> Scope<'a> {
    fn new(compiled: &'a Compiled, view: Option<&'a str>) -> Self {
        let plan = &compiled.plan;
        let m = &compiled.messages;
        let reader = view
            .and_then(|v| compiled.audience(v))
            .map_or(Reader::Everyone, Reader::Audience);
        let external = compiled.is_external(reader);
        let events: Vec<&Event> = compiled.events_for(reader);
        let shown = events.iter().map(|e| (e.kind, e.id.as_str())).collect();
        let zone = view
            .and_then(|v| compiled.audience(v))
            .and_then(|audience| reader_zone(compiled, audience))
            .unwrap_or_else(|| compiled.zone.clone());
        Scope {
            plan,
            compiled,
            m,
            view,
            external,
            zone,
            events,
            shown,
        }
    }

    /// Whether an item of this visibility is in the view.
    fn shows(&self, internal: bool) -> bool {
        !(self.external && internal)
    }

    /// The events of one kind this view shows, in plan order.
    fn shown(&self, kind: EventKind) -> impl Iterator<Item = &'a Event> + '_ {
        self.events.iter().copied().filter(move |e| e.kind == kind)
    }

    /// Whether the view shows this event.
    fn shows_event(&self, kind: EventKind, id: &str) -> bool {
        self.shown.contains(&(kind, id))
    }

    /// The compiled event of a plan item.
    fn event(&self, kind: EventKind, id: &str) -> Option<&'a Event> {
        self.compiled.event(kind, id)
    }

    fn person_name(&self, id: &str) -> String {
        self.compiled
            .person(id)
            .map_or_else(|| id.to_string(), |p| p.name.clone())
    }

    /// A person's or an audience's name.
    fn name_of(&self, id: &str) -> String {
        self.compiled
            .audience(id)
            .map(|a| a.name.clone())
            .unwrap_or_else(|| self.person_name(id))
    }

    /// A person's name, or the "none" dash where the item names nobody.
    fn person_or_none(&self, id: Option<&Spanned<Id>>) -> String {
        self.or_none(id.map(|p| self.person_name(p.as_str())))
    }

    /// "every week on Tuesday at 10:00 Munich (16:00 Shanghai)": in the
    /// reader's zone first.
    fn cadence(&self, event: &Event) -> String {
        text::reader_time(self.m, self.compiled, event, &self.zone)
    }

    /// The date an event first happens, searched through its `until` (or
    /// the project's start where it has none).
    fn first_date(&self, event: &Event) -> Option<crate::time::Date> {
        self.first_occurrence(event).map(|o| o.date)
    }

    /// The same date on the reader's clock.
    fn first_date_read(&self, event: &Event) -> Option<crate::time::Date> {
        self.first_occurrence(event)
            .map(|o| o.start.local(&self.zone).date)
    }

    fn first_occurrence(&self, event: &Event) -> Option<crate::time::Occurrence> {
        let through = event.recurrence.until.unwrap_or(self.compiled.start);
        event.first_occurrence(&self.compiled.work_week, through)
    }

    /// The text, or the "none" dash where there is none.
    fn or_none(&self, text: Option<String>) -> String {
        text.unwrap_or_else(|| self.m.get("none"))
    }
}

/// The zone most of an audience's members are in; the first of those tied.
fn reader_zone(compiled: &Compiled, audience: &crate::compile::Audience) -> Option<Zone> {
    let zones: Vec<&Zone> = audience
        .members
        .iter()
        .filter_map(|m| compiled.person(m))
        .map(|p| &p.zone)
        .collect();
    let count = |zone: &Zone| zones.iter().filter(|z| **z == zone).count();
    // `max_by_key` keeps the last of equals: walk backwards for the first.
    zones
        .iter()
        .rev()
        .max_by_key(|z| count(z))
        .map(|z| (*z).clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An audience's directory names who its view names, and no one else.
    #[test]
    fn a_view_lists_the_people_it_names() {
        let compiled = crate::test_plans::resolved(
            r#"
version: 1
project: {name: Views, owner: ana, timezone: Europe/Berlin, start: 2026-03-02, end: 2026-04-30}
people:
  ana: {name: Ana}
  ben: {name: Ben}
  dave: {name: Dave}
  eve: {name: Eve}
  owen: {name: Owen}
audiences:
  client: {name: Client, members: [ben], external: true, channels: [email]}
  team: {name: Team, members: [ana, eve], channels: [email]}
channels:
  email: {kind: email, formal: true, sla: {response: 1bd}}
meetings:
  sync:
    title: Sync
    audiences: [client]
    owner: ana
    channel: email
    schedule: {every: week, on: [tue], at: "10:00", duration: 30m}
    agenda: [Progress]
    prepare:
      - {task: Prepare, before: 1bd, owner: owen}
reports:
  status:
    title: Status
    from: ana
    to: [client, dave]
    channel: email
    schedule: {every: week, on: [fri], at: "16:00"}
"#,
        );
        let names = |view: Option<&str>| -> Vec<String> {
            handbook(&compiled, view)
                .contacts
                .into_iter()
                .map(|c| c.id)
                .collect()
        };
        assert_eq!(names(Some("client")), ["ana", "ben", "dave", "owen"]);
        assert_eq!(names(None), ["ana", "ben", "dave", "eve", "owen"]);
    }

    /// A view's reader zone is its members' most common one, the first of
    /// those tied; the whole plan's is the project's.
    #[test]
    fn a_view_reads_in_its_members_zone() {
        let compiled = crate::test_plans::resolved(
            r#"
version: 1
project: {name: Zones, owner: ana, timezone: Asia/Shanghai, start: 2026-03-02, end: 2026-04-30}
people:
  ana: {name: Ana}
  ben: {name: Ben, timezone: America/New_York}
  cat: {name: Cat, timezone: Europe/Berlin}
  dan: {name: Dan, timezone: Europe/Berlin}
audiences:
  client: {name: Client, members: [ben, cat, dan], external: true, channels: [email]}
  tied: {name: Tied, members: [ben, cat], channels: [email]}
channels:
  email: {kind: email, formal: true, sla: {response: 1bd}}
"#,
        );
        let zone = |view: Option<&str>| Scope::new(&compiled, view).zone.name().to_string();
        assert_eq!(zone(None), "Asia/Shanghai");
        assert_eq!(zone(Some("client")), "Europe/Berlin");
        assert_eq!(zone(Some("tied")), "America/New_York");
    }
}
