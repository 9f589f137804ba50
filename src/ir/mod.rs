//! The handbook's resolved data: the only thing templates see. Built from the
//! plan and its compiled form; every text already localised and, for fields
//! that allow Markdown, already made safe for HTML (`*_html`) and Markdown
//! (`*_md`). Plain texts are raw here; templates escape them for their target.
//!
//! `contract.rs` declares what templates see, `sections.rs` builds it one
//! handbook section at a time, `card.rs` an audience's quick reference,
//! `text.rs` writes the phrases they share.

mod card;
mod changelog;
mod contract;
mod sections;
mod text;

pub use changelog::changelog;
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
        audience_channels: sections::audience_channels(&scope),
        weeks: sections::weeks(&scope),
        meetings: sections::meetings(&scope),
        reports: sections::reports(&scope),
        channels: sections::channels(&scope),
        clock: sections::clock(&scope),
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

/// An audience's quick reference card; `None` for an audience the plan
/// does not have.
pub fn card(compiled: &Compiled, audience: &str) -> Option<Card> {
    card::card(&Scope::new(compiled, Some(audience)))
}

/// What one view is built from, and which of it the view shows.
struct Scope<'a> {
    plan: &'a Plan,
    compiled: &'a Compiled,
    /// The reader's catalogue: the audience's `locale`, else the project's.
    /// Every fixed text of the view (and of what is built from the scope)
    /// comes from it.
    m: &'a Messages,
    /// The audience this view is for, or `None` for the whole plan.
    view: Option<&'a str>,
    /// An external audience's view: internal items are left out.
    external: bool,
    /// The zone the view's reader lives in: the zone most of the audience's
    /// members share (the first of those tied), else the project's. Every
    /// time a reader sees is written in it first.
    #[allow(
        dead_code,
        reason = "the sections that write times in it come with issue 13's other parts"
    )]
    zone: Zone,
    /// The events this view shows: all, or those that address the audience.
    events: Vec<&'a Event>,
    /// The same, by kind and id.
    shown: BTreeSet<(EventKind, &'a str)>,
}

impl<'a> Scope<'a> {
    fn new(compiled: &'a Compiled, view: Option<&'a str>) -> Self {
        let plan = &compiled.plan;
        let reader = view
            .and_then(|v| compiled.audience(v))
            .map_or(Reader::Everyone, Reader::Audience);
        let m = compiled.messages_for(reader);
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

    /// Whether the view's reader is the writer `from`: the whole plan's
    /// reader writes everything, an audience what one of its members does.
    fn writes(&self, from: Option<&Spanned<Id>>) -> bool {
        let Some(view) = self.view else { return true };
        let audience = self.compiled.audience(view);
        from.zip(audience)
            .is_some_and(|(from, a)| a.members.iter().any(|m| m == from.as_str()))
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

    /// A channel's display name, else its id.
    fn channel_name(&self, id: &str) -> String {
        self.compiled
            .channel(id)
            .map_or_else(|| id.to_string(), |c| c.name.clone())
    }

    /// A duration as a reader says it: "1 business day".
    fn words(&self, duration: crate::model::Duration) -> String {
        text::duration(self.m, duration)
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

    /// A Shanghai team, a client in Berlin, a channel on Berlin's clock and
    /// one kept internal.
    const CLOCKS: &str = r#"
version: 1
project:
  name: Clocks
  owner: ana
  timezone: Asia/Shanghai
  start: 2026-03-02
  end: 2026-06-30
  working_hours: {from: "09:00", to: "18:00"}
  holidays: [2026-05-05, 2026-05-01]
  extra_workdays: [2026-05-09]
people:
  ana: {name: Ana}
  bo: {name: Bo, working_hours: {days: [fri, mon, wed], from: "10:00", to: "16:00"}}
  cat: {name: Cat, timezone: Europe/Berlin, working_hours: {from: "08:00", to: "17:00"}}
audiences:
  client: {name: Client, members: [cat], external: true, channels: [mail, desk, team-chat]}
  team: {name: Team, members: [ana, bo], channels: [team-chat]}
channels:
  mail: {name: Project mailbox, kind: email, sla: {response: 1bd}}
  desk: {kind: email, timezone: Europe/Berlin, sla: {response: 4bh}}
  team-chat: {kind: chat, visibility: internal, sla: {response: 1bh}}
meetings:
  sync:
    title: Sync
    audiences: [client, team]
    owner: ana
    channel: mail
    schedule: {every: week, on: [tue], at: "16:00", duration: 90m}
reports:
  status:
    title: Status
    from: ana
    to: [client]
    channel: mail
    schedule: {every: week, on: [fri], at: "16:00"}
"#;

    /// The whole handbook spells out every clock in play; an external view
    /// only its channels' clocks and its own members' hours, and its worked
    /// example is in the reader's zone with the clock's in brackets.
    #[test]
    fn the_business_clock_is_spelled_out_for_the_reader() {
        let compiled = crate::test_plans::resolved(CLOCKS);
        let rows = |clock: &Clock| -> Vec<String> {
            clock
                .working_times
                .iter()
                .map(|w| format!("{} | {} | {} | {}", w.who, w.zone, w.days, w.hours))
                .collect()
        };
        let whole = handbook(&compiled, None).clock;
        assert_eq!(
            rows(&whole),
            [
                "Reply times on Project mailbox and team-chat | Asia/Shanghai | Monday to Friday | 09:00–18:00",
                "Reply times on desk | Europe/Berlin | Monday to Friday | 09:00–18:00",
                "Client: Cat | Europe/Berlin | Monday to Friday | 08:00–17:00",
                "Team: Ana | Asia/Shanghai | Monday to Friday | 09:00–18:00",
                "Team: Bo | Asia/Shanghai | Monday, Wednesday and Friday | 10:00–16:00",
            ]
        );
        assert_eq!(whole.holidays, ["Friday 2026-05-01", "Tuesday 2026-05-05"]);
        assert_eq!(whole.extra_workdays, ["Saturday 2026-05-09"]);
        assert!(
            whole
                .business_day
                .starts_with("1 business day is 9 hours of working time"),
            "{}",
            whole.business_day
        );
        assert_eq!(
            whole.example.as_deref(),
            Some(
                "Example: a message sent on Friday 2026-03-06 17:30 Shanghai that needs a reply within 1 business day is answered by Monday 2026-03-09 17:30 Shanghai."
            )
        );
        let client = handbook(&compiled, Some("client")).clock;
        assert_eq!(
            rows(&client),
            [
                "Reply times on Project mailbox | Asia/Shanghai | Monday to Friday | 09:00–18:00",
                "Reply times on desk | Europe/Berlin | Monday to Friday | 09:00–18:00",
                "Client: Cat | Europe/Berlin | Monday to Friday | 08:00–17:00",
            ]
        );
        assert_eq!(client.holidays, whole.holidays);
        assert_eq!(
            client.example.as_deref(),
            Some(
                "Example: a message sent on Friday 2026-03-06 10:30 Berlin (17:30 Shanghai) that needs a reply within 1 business day is answered by Monday 2026-03-09 10:30 Berlin (17:30 Shanghai)."
            )
        );
    }

    /// One matrix row per activity per audience, with the channel's name
    /// and the reply time that applies; the channels that reach an
    /// audience are listed apart, with their reply times in words.
    #[test]
    fn the_matrix_lists_activities_and_the_channels_that_reach_each_audience() {
        let compiled = crate::test_plans::resolved(CLOCKS);
        let whole = handbook(&compiled, None);
        let rows: Vec<String> = whole
            .matrix
            .iter()
            .map(|r| {
                format!(
                    "{} | {} | {} | {} | {}",
                    r.audience.name, r.what.name, r.channel, r.owner, r.sla
                )
            })
            .collect();
        assert_eq!(
            rows,
            [
                "Client | Sync | Project mailbox | Ana | —",
                "Client | Status | Project mailbox | Ana | 1 business day",
                "Team | Sync | Project mailbox | Ana | —",
            ]
        );
        let reach = |h: &Handbook| -> Vec<String> {
            h.audience_channels
                .iter()
                .flat_map(|a| {
                    a.channels.iter().map(move |c| {
                        format!(
                            "{}: {} {}",
                            a.audience.id,
                            c.name,
                            c.response.as_deref().unwrap_or("-")
                        )
                    })
                })
                .collect()
        };
        assert_eq!(
            reach(&whole),
            [
                "client: Project mailbox 1 business day",
                "client: desk 4 business hours",
                "client: team-chat 1 business hour",
                "team: team-chat 1 business hour",
            ]
        );
        // An external view never names an internal channel.
        let client = handbook(&compiled, Some("client"));
        assert_eq!(
            reach(&client),
            [
                "client: Project mailbox 1 business day",
                "client: desk 4 business hours"
            ]
        );
        let meeting = &whole.meetings[0];
        assert_eq!(
            (meeting.duration.as_str(), meeting.duration_words.as_str()),
            ("1h30m", "1 hour and 30 minutes")
        );
        let mail = &whole.channels[0];
        assert_eq!(
            (
                mail.name.as_str(),
                mail.response.as_deref(),
                mail.response_words.as_deref()
            ),
            ("Project mailbox", Some("1bd"), Some("1 business day"))
        );
    }
}
