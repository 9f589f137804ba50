//! An audience's quick reference card: the few things a reader looks up
//! most, from the view's `Scope`, every time in the reader's zone.

use crate::compile::{Event, EventKind};
use crate::model::{Duration, Hours, Visibility};
use crate::time::{Instant, Zone};

use super::Scope;
use super::contract::{Card, CardChannel, CardContact, CardEscalation, CardMeeting, Urgent};
use super::sections::event_anchor;
use super::text;

/// How many meetings the card lists.
const MEETINGS: usize = 4;
/// At most this many people, channels, escalation steps (the last saying
/// how many more), and titles per person: a card is one printed page
/// whatever the plan's size; the rest is counted and left to the handbook.
const CONTACTS: usize = 6;
const CHANNELS: usize = 5;
const STEPS: usize = 4;
const TITLES: usize = 4;

/// The first `keep` of `items`, and how many were left out.
fn first<T>(mut items: Vec<T>, keep: usize) -> (Vec<T>, usize) {
    let left = items.len().saturating_sub(keep);
    items.truncate(keep);
    (items, left)
}

/// "3 more people in the contact directory", where any were left out.
fn more(scope: &Scope, key: &str, left: usize) -> Option<String> {
    (left > 0).then(|| scope.m.fill(key, &[("n", &left.to_string())]))
}

/// `items` as a list of at most `keep` lines, the last saying how many more
/// there are where they do not all fit (never "1 more" for one line).
fn shortened(scope: &Scope, items: Vec<String>, keep: usize, key: &str) -> Vec<String> {
    if items.len() <= keep {
        return items;
    }
    let (mut items, left) = first(items, keep.saturating_sub(1));
    items.extend(more(scope, key, left));
    items
}

/// The card of the audience `scope` is the view of; `None` for the whole plan.
pub(super) fn card(scope: &Scope) -> Option<Card> {
    let audience = scope.compiled.audience(scope.view?)?;
    let channels = channels(scope, audience);
    let start = text::long_date(scope.m, scope.compiled.start);
    let urgent = urgent(scope, audience, &channels);
    let (contacts, contacts_left) = first(contacts(scope), CONTACTS);
    let (channels, channels_left) = first(channels, CHANNELS);
    Some(Card {
        zone: scope.zone.name().to_string(),
        contacts,
        contacts_more: more(scope, "card_more_people", contacts_left),
        urgent,
        channels: channels.into_iter().map(|(channel, _)| channel).collect(),
        channels_more: more(scope, "card_more_channels", channels_left),
        meetings_label: scope.m.fill(
            "card_meetings",
            &[
                ("date", &start),
                ("zone", &text::city(scope.m, &scope.zone)),
            ],
        ),
        meetings: meetings(scope),
    })
}

/// Whom to ask for what: the project's owner, then whoever owns an item
/// the view shows in the order of those items, each with what they own.
/// Only the view's events are read, never every person of the plan.
fn contacts(scope: &Scope) -> Vec<CardContact> {
    let mut about: Vec<(&str, Vec<String>)> = Vec::new();
    if let Some(project) = &scope.plan.project {
        about.push((project.owner.as_str(), vec![scope.compiled.name.clone()]));
    }
    for event in &scope.events {
        let Some(owner) = event.organizer.as_deref() else {
            continue;
        };
        match about.iter_mut().find(|(id, _)| *id == owner) {
            Some((_, owned)) => owned.push(event.title.clone()),
            None => about.push((owner, vec![event.title.clone()])),
        }
    }
    about
        .into_iter()
        .filter_map(|(id, about)| {
            let person = scope.plan.people.get(id)?;
            scope
                .shows(person.visibility == Visibility::Internal)
                .then(|| CardContact {
                    name: person.name.value.clone(),
                    role: scope.or_none(person.role.as_ref().map(|r| r.value.clone())),
                    about: shortened(scope, about, TITLES, "card_more_items"),
                    email: person.email.as_ref().map(|e| e.value.clone()),
                    phone: person.phone.as_ref().map(|p| p.value.clone()),
                })
        })
        .collect()
}

/// The audience's own channels as far as the view shows them, each with its
/// urgent reply time (for choosing the urgent one).
fn channels(
    scope: &Scope,
    audience: &crate::compile::Audience,
) -> Vec<(CardChannel, Option<Duration>)> {
    let m = scope.m;
    let words = |d: Option<Duration>| d.map(|d| text::duration(m, d));
    let Some(planned) = scope.plan.audiences.get(&audience.id) else {
        return Vec::new();
    };
    planned
        .channels
        .iter()
        .filter_map(|id| {
            let written = scope.plan.channels.get(id.as_str())?;
            let channel = scope.compiled.channel(id.as_str())?;
            scope
                .shows(written.visibility == Visibility::Internal)
                .then(|| {
                    let card = CardChannel {
                        id: channel.id.clone(),
                        name: channel.name.clone(),
                        // "email · email" says nothing twice: an unnamed
                        // channel's id is often its kind.
                        kind: Some(text::channel_kind(m, channel.kind))
                            .filter(|kind| !kind.eq_ignore_ascii_case(&channel.name))
                            .unwrap_or_default(),
                        reach: channel.address.clone(),
                        reach_link: text::reach_link(written),
                        hours: match channel.hours {
                            Hours::Always => m.get("hours_always"),
                            Hours::Business => m.get("hours_business"),
                        },
                        response: words(channel.response),
                        urgent: words(channel.urgent_response),
                    };
                    (card, channel.urgent_response)
                })
        })
        .collect()
}

/// The channel that answers an urgent message soonest, and the first
/// escalation path the view shows that names the audience or one of its
/// members (else the first it shows).
fn urgent(
    scope: &Scope,
    audience: &crate::compile::Audience,
    channels: &[(CardChannel, Option<Duration>)],
) -> Option<Urgent> {
    let m = scope.m;
    let (channel, within) = channels
        .iter()
        .filter_map(|(c, urgent)| Some((c, (*urgent)?)))
        .min_by_key(|(_, within)| longest_minutes(*within))?;
    let text = m.fill(
        "card_urgent",
        &[
            ("channel", &channel.name),
            ("duration", &text::duration(m, within)),
        ],
    );
    let names_audience = |escalation: &crate::model::Escalation| {
        escalation.steps.iter().flat_map(|s| s.to.iter()).any(|to| {
            to.as_str() == audience.id || audience.members.iter().any(|p| p == to.as_str())
        })
    };
    let shown: Vec<&crate::model::Escalation> = scope
        .plan
        .escalations
        .iter()
        .map(|(_, e)| e)
        .filter(|e| scope.shows(e.visibility == Visibility::Internal))
        .collect();
    let escalation = shown
        .iter()
        .find(|e| names_audience(e))
        .or_else(|| shown.first())
        .map(|e| escalation(scope, e));
    Some(Urgent {
        text,
        reach: channel.reach.clone(),
        reach_link: channel.reach_link.clone(),
        escalation,
    })
}

/// The longest a wait can take in minutes, to compare business and
/// calendar waits: a business day counted as a whole day.
fn longest_minutes(duration: Duration) -> u64 {
    match duration {
        Duration::Calendar { minutes } => minutes,
        Duration::Business { days, minutes } => days * 24 * 60 + minutes,
    }
}

fn escalation(scope: &Scope, escalation: &crate::model::Escalation) -> CardEscalation {
    let m = scope.m;
    let steps: Vec<String> = escalation
        .steps
        .iter()
        .map(|step| {
            let after = step.after.as_ref().map_or_else(
                || m.get("card_at_once"),
                |a| m.fill("card_after", &[("duration", &text::duration(m, a.value))]),
            );
            let to: Vec<String> = step.to.iter().map(|t| scope.name_of(t.as_str())).collect();
            let via = scope
                .compiled
                .channel(step.via.as_str())
                .map_or_else(|| step.via.to_string(), |c| c.name.clone());
            m.fill(
                "card_step",
                &[("after", &after), ("to", &m.list(&to)), ("channel", &via)],
            )
        })
        .collect();
    let steps = shortened(scope, steps, STEPS, "card_more_steps");
    CardEscalation {
        when: escalation.when.value.clone(),
        steps,
    }
}

/// The first meetings, reviews and trainings the view shows from the
/// project's start (never today: the card is the same whenever it is built),
/// in the reader's zone.
fn meetings(scope: &Scope) -> Vec<CardMeeting> {
    let compiled = scope.compiled;
    let start = compiled.start;
    let attended: Vec<&Event> = scope
        .events
        .iter()
        .copied()
        .filter(|e| e.kind != EventKind::Report)
        .collect();
    // Widening windows: a weekly meeting is found in the first, a
    // quarterly one in the last, and no window is wider than the plan.
    let mut found = Vec::new();
    for days in [35, 200, 3700] {
        let through = start
            .add_days(days)
            .unwrap_or(compiled.horizon)
            .min(compiled.horizon);
        found = attended
            .iter()
            .flat_map(|event| {
                event
                    .expand_between(&compiled.work_week, start, through)
                    .occurrences
                    .into_iter()
                    .map(move |o| (o.start, o.end, *event))
            })
            .collect();
        if found.len() >= MEETINGS || through >= compiled.horizon {
            break;
        }
    }
    found.sort_by(|a, b| (a.0, a.2.kind, &a.2.id).cmp(&(b.0, b.2.kind, &b.2.id)));
    found
        .into_iter()
        .take(MEETINGS)
        .map(|(begin, end, event)| {
            let (date, time, elsewhere) = in_reader_zone(scope, begin, end, &event.recurrence.zone);
            CardMeeting {
                title: event.title.clone(),
                anchor: event_anchor(event.kind, &event.id),
                date,
                time,
                elsewhere,
            }
        })
        .collect()
}

/// An occurrence in the reader's zone: its day, "09:00–09:45", and its start
/// in the event's zone where that is another zone ("16:00 Shanghai",
/// with the weekday where the day differs).
fn in_reader_zone(
    scope: &Scope,
    start: Instant,
    end: Instant,
    event_zone: &Zone,
) -> (String, String, Option<String>) {
    let m = scope.m;
    let here = start.local(&scope.zone);
    let time = if end > start {
        format!("{}–{}", here.time, end.local(&scope.zone).time)
    } else {
        here.time.to_string()
    };
    let elsewhere = (event_zone != &scope.zone).then(|| {
        let there = start.local(event_zone);
        let day = (there.date != here.date).then(|| m.weekday_short(there.date.weekday()));
        let at = text::zone_time(m, there.time, event_zone);
        match day {
            Some(day) => format!("{day} {at}"),
            None => at,
        }
    });
    (text::long_date(m, here.date), time, elsewhere)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAN: &str = r#"
version: 1
project: {name: Cards, owner: ana, timezone: Asia/Shanghai, start: 2026-03-02, end: 2026-09-30}
people:
  ana: {name: Ana, role: Project manager, email: ana@example.com, phone: "+86 1"}
  bo: {name: Bo, role: Developer, visibility: internal}
  kai: {name: Kai, role: Account manager, timezone: Europe/Berlin}
  max: {name: Max, role: Sponsor, timezone: Europe/Berlin}
audiences:
  client: {name: Client, members: [kai], external: true, channels: [email, phone, chat, desk]}
  team: {name: Team, members: [ana, bo], channels: [chat]}
channels:
  email: {kind: email, address: p@example.com, formal: true, sla: {response: 1bd, urgent_response: 4bh}}
  phone: {kind: call, address: "+86 2", hours: always, sla: {response: 15m, urgent_response: 15m}}
  chat: {kind: chat, sla: {response: 2bh, urgent_response: 1bh}}
  desk: {kind: chat, visibility: internal, sla: {response: 5m, urgent_response: 5m}}
meetings:
  sync:
    title: Sync
    audiences: [client, team]
    owner: ana
    channel: email
    schedule: {every: week, on: [wed], at: "16:00", duration: 45m}
  standup:
    title: Stand-up
    audiences: [team]
    owner: bo
    channel: chat
    visibility: internal
    schedule: {every: weekday, at: "09:30", duration: 15m}
reviews:
  quarterly:
    title: Quarterly review
    owner: ana
    audiences: [client]
    channel: email
    schedule: {every: quarter, on: second thu, at: "16:00", duration: 1h}
reports:
  status:
    title: Status
    from: ana
    to: [client]
    channel: email
    schedule: {every: week, on: [thu], at: "17:00"}
escalations:
  internal-first:
    when: The team disagrees
    steps:
      - {to: [bo], via: chat}
  delivery:
    when: A blocker is not resolved
    steps:
      - {to: [ana, kai], via: chat}
      - {to: [max], via: email, after: 1bd}
"#;

    fn card_of(view: &str) -> Card {
        let compiled = crate::test_plans::resolved(PLAN);
        super::card(&Scope::new(&compiled, Some(view))).unwrap()
    }

    /// The first four meetings from the project's start, in the reader's
    /// zone with the event's in brackets; reports are not meetings.
    #[test]
    fn a_card_lists_the_first_meetings_in_the_readers_zone() {
        let card = card_of("client");
        assert_eq!(card.zone, "Europe/Berlin");
        let meetings: Vec<(&str, &str, &str, Option<&str>)> = card
            .meetings
            .iter()
            .map(|m| {
                let elsewhere = m.elsewhere.as_deref();
                (
                    m.title.as_str(),
                    m.date.as_str(),
                    m.time.as_str(),
                    elsewhere,
                )
            })
            .collect();
        let shanghai = Some("16:00 Shanghai");
        assert_eq!(
            meetings,
            [
                ("Sync", "Wednesday 2026-03-04", "09:00–09:45", shanghai),
                ("Sync", "Wednesday 2026-03-11", "09:00–09:45", shanghai),
                (
                    "Quarterly review",
                    "Thursday 2026-03-12",
                    "09:00–10:00",
                    shanghai
                ),
                ("Sync", "Wednesday 2026-03-18", "09:00–09:45", shanghai),
            ]
        );
        assert_eq!(card.meetings[0].anchor, "meeting-sync");
        assert_eq!(card.meetings[2].anchor, "review-quarterly");
    }

    /// Each meeting is read on its own day's clock: Berlin's summer time
    /// moves the sync from 09:00 to 10:00 there, not in Shanghai.
    #[test]
    fn a_card_follows_the_readers_daylight_saving_time() {
        let compiled = crate::test_plans::resolved(&PLAN.replace("2026-03-02", "2026-03-23"));
        let card = super::card(&Scope::new(&compiled, Some("client"))).unwrap();
        let syncs: Vec<(&str, &str)> = card
            .meetings
            .iter()
            .map(|m| (m.date.as_str(), m.time.as_str()))
            .collect();
        assert_eq!(
            syncs,
            [
                ("Wednesday 2026-03-25", "09:00–09:45"),
                ("Wednesday 2026-04-01", "10:00–10:45"),
                ("Wednesday 2026-04-08", "10:00–10:45"),
                ("Wednesday 2026-04-15", "10:00–10:45"),
            ]
        );
        assert!(
            card.meetings
                .iter()
                .all(|m| m.elsewhere.as_deref() == Some("16:00 Shanghai"))
        );
    }

    /// The team reads in the project's zone: no brackets; it sees its
    /// internal stand-up, every weekday from the start.
    #[test]
    fn a_card_in_the_projects_zone_has_no_second_time() {
        let card = card_of("team");
        assert_eq!(card.zone, "Asia/Shanghai");
        let first: Vec<(&str, &str, Option<&str>)> = card
            .meetings
            .iter()
            .map(|m| (m.title.as_str(), m.time.as_str(), m.elsewhere.as_deref()))
            .collect();
        assert_eq!(
            first,
            [
                ("Stand-up", "09:30–09:45", None),
                ("Stand-up", "09:30–09:45", None),
                ("Stand-up", "09:30–09:45", None),
                ("Sync", "16:00–16:45", None),
            ]
        );
    }

    /// Whom to ask: the owner and whoever owns what the view shows, with
    /// what they own; an internal person never reaches an external card.
    #[test]
    fn a_card_names_who_owns_what_the_view_shows() {
        let client = card_of("client");
        let contacts: Vec<(&str, Vec<&str>)> = client
            .contacts
            .iter()
            .map(|c| {
                (
                    c.name.as_str(),
                    c.about.iter().map(String::as_str).collect(),
                )
            })
            .collect();
        assert_eq!(
            contacts,
            [("Ana", vec!["Cards", "Sync", "Quarterly review", "Status"])]
        );
        assert_eq!(client.contacts[0].role, "Project manager");
        assert_eq!(client.contacts[0].phone.as_deref(), Some("+86 1"));
        let team = card_of("team");
        let names: Vec<&str> = team.contacts.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["Ana", "Bo"]);
    }

    /// The audience's channels in words, an internal one left out of an
    /// external card; the urgent way is the quickest of them, and the
    /// escalation the first that names the audience.
    #[test]
    fn a_card_says_how_fast_and_what_to_do_when_urgent() {
        let card = card_of("client");
        let channels: Vec<(&str, Option<&str>, Option<&str>)> = card
            .channels
            .iter()
            .map(|c| (c.id.as_str(), c.response.as_deref(), c.urgent.as_deref()))
            .collect();
        assert_eq!(
            channels,
            [
                ("email", Some("1 business day"), Some("4 business hours")),
                ("phone", Some("15 minutes"), Some("15 minutes")),
                ("chat", Some("2 business hours"), Some("1 business hour")),
            ]
        );
        let urgent = card.urgent.unwrap();
        assert_eq!(
            urgent.text,
            "When it cannot wait, use phone: a reply comes within 15 minutes."
        );
        assert_eq!(urgent.reach.as_deref(), Some("+86 2"));
        let escalation = urgent.escalation.unwrap();
        assert_eq!(escalation.when, "A blocker is not resolved");
        assert_eq!(
            escalation.steps,
            [
                "At once: Ana and Kai, via chat",
                "After 1 business day: Max, via email"
            ]
        );
        // The team's own escalation comes first in its card.
        let team = card_of("team").urgent.unwrap().escalation.unwrap();
        assert_eq!(team.when, "The team disagrees");
    }

    #[test]
    fn the_whole_plan_has_no_card() {
        let compiled = crate::test_plans::resolved(PLAN);
        assert!(super::card(&Scope::new(&compiled, None)).is_none());
        assert!(crate::ir::card(&compiled, "nobody").is_none());
    }

    /// A card is one printed page whatever the plan's size: at most six
    /// people (four titles each), five channels and four escalation steps,
    /// the rest counted and left to the handbook.
    #[test]
    fn a_card_counts_what_it_leaves_out() {
        let mut yaml = String::from(
            "version: 1\nproject: {name: Big, owner: p0, timezone: Asia/Shanghai, start: 2026-03-02, end: 2026-06-30}\npeople:\n",
        );
        for p in 0..9 {
            yaml.push_str(&format!("  p{p}: {{name: P{p}}}\n"));
        }
        let channels: Vec<String> = (0..8).map(|c| format!("c{c}")).collect();
        yaml.push_str(&format!(
            "audiences:\n  client: {{name: Client, members: [p8], external: true, channels: [{}]}}\nchannels:\n",
            channels.join(", ")
        ));
        for c in &channels {
            yaml.push_str(&format!(
                "  {c}: {{kind: email, formal: true, sla: {{response: 1bd, urgent_response: 4bh}}}}\n"
            ));
        }
        yaml.push_str("meetings:\n");
        for i in 0..12 {
            // p0 owns five meetings, p1..p7 one each.
            let owner = if i < 5 { 0 } else { i - 4 };
            yaml.push_str(&format!(
                "  m{i}: {{title: M{i}, audiences: [client], owner: p{owner}, channel: c0, schedule: {{every: week, on: [tue], at: \"10:00\", duration: 30m}}}}\n"
            ));
        }
        yaml.push_str("escalations:\n  e:\n    when: Blocked\n    steps:\n");
        for p in 0..6 {
            yaml.push_str(&format!("      - {{to: [p{p}], via: c0, after: {p}bh}}\n"));
        }
        let compiled = crate::test_plans::resolved(&yaml);
        let card = super::super::card(&compiled, "client").unwrap();
        assert_eq!(card.contacts.len(), CONTACTS);
        assert_eq!(
            card.contacts_more.as_deref(),
            Some("2 more in the contact directory of the whole handbook")
        );
        assert_eq!(card.contacts[0].about, ["Big", "M0", "M1", "3 more"]);
        assert_eq!(card.contacts[1].about, ["M5"]);
        assert_eq!(card.channels.len(), CHANNELS);
        assert_eq!(
            card.channels_more.as_deref(),
            Some("3 more channels in the whole handbook")
        );
        let steps = &card.urgent.unwrap().escalation.unwrap().steps;
        assert_eq!(steps.len(), STEPS);
        assert_eq!(steps[STEPS - 1], "3 more steps in the whole handbook");
    }
}
