//! Messages of a conversation, and the requests and replies they make.
//!
//! Sources that carry whole conversations (mail, chat) yield [`Message`]s;
//! [`pair`] turns one conversation's messages into [`Request`]s: a message
//! from one side opens a request, the first later message from the other
//! side answers it, and what the asking side adds before that answer is a
//! follow-up of the same request, not a new one. Both sides are measured:
//! the plan's reply times bind whoever is asked.

use std::collections::BTreeMap;

use crate::compile::Compiled;
use crate::time::Instant;

use super::{Contact, Item, Place, Request};

/// Which side of the work someone is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Side {
    /// The team: people of the plan in no external audience.
    Team,
    /// The client (or anyone else outside the team): members of an external
    /// audience.
    Client,
}

/// One message of a conversation, as a source read it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    /// A plan channel's id.
    pub channel: String,
    /// The sender's email address.
    pub from: String,
    /// The recipients' email addresses (to and cc).
    pub to: Vec<String>,
    pub at: Instant,
    /// The subject, kept only for `--show-subjects`.
    pub subject: Option<String>,
    pub urgent: bool,
    pub place: Place,
}

/// The plan's people by email address, and the side of anyone else.
pub struct Sides {
    /// Lowercase address -> side.
    known: BTreeMap<String, Side>,
    /// Lowercase domain -> the sides of the plan's people there.
    domains: BTreeMap<String, (bool, bool)>,
}

impl Sides {
    pub fn of(compiled: &Compiled) -> Self {
        let mut known = BTreeMap::new();
        let mut domains: BTreeMap<String, (bool, bool)> = BTreeMap::new();
        for person in &compiled.people {
            let Some(email) = person.email.as_deref() else {
                continue;
            };
            let email = email.trim().to_lowercase();
            let side = if compiled.is_external_person(&person.id) {
                Side::Client
            } else {
                Side::Team
            };
            let entry = domains.entry(domain(&email).to_string()).or_default();
            match side {
                Side::Team => entry.0 = true,
                Side::Client => entry.1 = true,
            }
            known.insert(email, side);
        }
        Sides { known, domains }
    }

    /// Whether `email` is a person of the plan.
    pub fn is_known(&self, email: &str) -> bool {
        self.known.contains_key(&email.trim().to_lowercase())
    }

    /// The side of `email`: a person's own; for anyone else, the team's
    /// when only the team's people share their domain, else the client's
    /// (whoever writes from outside is, for the team, the other side).
    pub fn side(&self, email: &str) -> Side {
        let email = email.trim().to_lowercase();
        if let Some(side) = self.known.get(&email) {
            return *side;
        }
        match self.domains.get(domain(&email)) {
            Some((true, false)) => Side::Team,
            _ => Side::Client,
        }
    }
}

fn domain(email: &str) -> &str {
    email.rsplit_once('@').map_or("", |(_, domain)| domain)
}

/// One conversation's requests, and a contact per message. `messages` may
/// come in any order; they are taken in time order (the source's order for
/// equal times).
pub fn pair(mut messages: Vec<Message>, sides: &Sides) -> Vec<Item> {
    messages.sort_by_key(|message| message.at);
    let mut items = Vec::with_capacity(messages.len() + messages.len() / 2);
    let mut open: Option<(Side, Message)> = None;
    for message in messages {
        let side = sides.side(&message.from);
        items.push(Item::Contact(Contact {
            channel: message.channel.clone(),
            at: message.at,
            people: std::iter::once(message.from.clone())
                .chain(message.to.iter().cloned())
                .collect(),
        }));
        match open.take() {
            None => open = Some((side, message)),
            Some((asking, request)) if asking == side => {
                // A follow-up: the request still waits for the first answer.
                let urgent = request.urgent || message.urgent;
                open = Some((asking, Message { urgent, ..request }));
            }
            Some((_, request)) => {
                items.push(Item::Request(request_of(request, Some(&message))));
            }
        }
    }
    if let Some((_, request)) = open {
        items.push(Item::Request(request_of(request, None)));
    }
    items
}

pub(super) fn request_of(request: Message, reply: Option<&Message>) -> Request {
    // Who was asked: whoever answered, else the first recipient.
    let to = reply
        .map(|reply| reply.from.clone())
        .or_else(|| request.to.first().cloned())
        .unwrap_or_default();
    Request {
        channel: request.channel,
        from: request.from,
        to,
        sent: request.at,
        replied: reply.map(|reply| reply.at),
        urgent: request.urgent,
        subject: request.subject,
        // `pair` made a contact of each message already.
        messages_are_contacts: false,
        place: request.place,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_plans::{instant, resolved};

    const PLAN: &str = r#"
version: 1
project:
  name: Paired
  owner: ana
  timezone: Europe/Berlin
  start: 2026-03-02
people:
  ana: {name: Ana Lima, email: ana@team.example}
  cara: {name: Cara Diaz, email: cara@team.example}
  ben: {name: Ben Roth, email: Ben@Client.example}
audiences:
  client: {name: Client, members: [ben], external: true, channels: [email]}
channels:
  email: {kind: email, sla: {response: 1bd}}
"#;

    fn message(from: &str, to: &str, minute: i64) -> Message {
        Message {
            channel: "email".to_string(),
            from: from.to_string(),
            to: vec![to.to_string()],
            at: instant("Europe/Berlin", "2026-03-09", 9, 0)
                .plus_minutes(minute)
                .unwrap(),
            subject: None,
            urgent: false,
            place: Place {
                file: "inbox.mbox".to_string(),
                line: u64::try_from(minute).unwrap() + 1,
            },
        }
    }

    fn requests(items: &[Item]) -> Vec<(String, i64, Option<i64>)> {
        let start = instant("Europe/Berlin", "2026-03-09", 9, 0);
        items
            .iter()
            .filter_map(|item| match item {
                Item::Request(r) => Some((
                    r.from.clone(),
                    r.sent.minutes_since(start),
                    r.replied.map(|at| at.minutes_since(start)),
                )),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn sides_come_from_audiences_and_else_from_the_domain() {
        let compiled = resolved(PLAN);
        let sides = Sides::of(&compiled);
        assert_eq!(sides.side("ben@client.example"), Side::Client);
        assert_eq!(sides.side("ANA@team.example"), Side::Team);
        assert_eq!(sides.side("new.hire@team.example"), Side::Team);
        assert_eq!(sides.side("boss@client.example"), Side::Client);
        assert_eq!(sides.side("someone@elsewhere.example"), Side::Client);
        assert!(sides.is_known("Ben@client.example "));
        assert!(!sides.is_known("new.hire@team.example"));
    }

    #[test]
    fn the_first_answer_from_the_other_side_closes_a_request_and_follow_ups_do_not_open_one() {
        let compiled = resolved(PLAN);
        let sides = Sides::of(&compiled);
        let ben = "ben@client.example";
        let ana = "ana@team.example";
        let cara = "cara@team.example";
        let items = pair(
            vec![
                message(ana, ben, 50),  // answers the request at 0
                message(ben, ana, 0),   // request
                message(ben, ana, 10),  // follow-up
                message(cara, ben, 60), // the team asks: a second request
                message(ana, ben, 70),  // its follow-up
                message(ben, ana, 200), // answers it
                message(ben, ana, 300), // a third, never answered
            ],
            &sides,
        );
        assert_eq!(
            requests(&items),
            [
                (ben.to_string(), 0, Some(50)),
                (cara.to_string(), 60, Some(200)),
                (ben.to_string(), 300, None),
            ]
        );
        let contacts = items
            .iter()
            .filter(|item| matches!(item, Item::Contact(_)))
            .count();
        assert_eq!(contacts, 7, "every message is a contact");
    }
}
