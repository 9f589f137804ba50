//! The Slack source of `plan measure`: an unpacked workspace export
//! (docs/measure.md). `users.json` gives each user's email; `channels.json`
//! (and `groups.json`, `mpims.json`, `dms.json`, where the workspace's plan
//! exports private and direct conversations) each conversation's members;
//! each conversation's folder holds its days, `<YYYY-MM-DD>.json`, an array
//! of messages.
//!
//! A thread (a parent and its replies) is one conversation, paired with
//! [`pair`]; the channel's top-level messages are another, in which a
//! request is answered by the first message of the other side in the
//! channel or in the thread of one of the request's own messages, whichever
//! comes first. A message is kept as a compact record, never its text.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io;

use serde::Deserialize;
use serde::de::IgnoredAny;

use super::csv::SourceError;
use super::message::{Message, Side, Sides, pair, request_of};
use super::source::ChannelChoice;
use super::{Item, Place, Skip};
use crate::compile::Compiled;
use crate::input::{Contents, InputError, InputFolder};
use crate::limits::MAX_SLACK_FILE_BYTES;
use crate::model::ChannelKind;
use crate::time::Instant;

/// The subtypes of messages people write; a message of any other subtype
/// (joins, leaves, topic, purpose and name changes, bots, pins, ...) is
/// ignored.
pub const WRITTEN_SUBTYPES: [&str; 3] = ["thread_broadcast", "file_share", "me_message"];

/// Emoji that mark a message urgent.
pub const URGENT_EMOJI: [&str; 2] = [":rotating_light:", ":sos:"];

/// The lists of conversations: public and private channels, group and
/// direct messages.
const CONVERSATION_LISTS: [&str; 4] = ["channels.json", "groups.json", "mpims.json", "dms.json"];

/// 2201-01-01T00:00Z: a time from then on is outside the dates `plan`
/// works with (`limits::LAST_YEAR`).
const END_OF_LAST_YEAR: u64 = 7_289_654_400;

/// Reads the export in `folder` (named `shown` in skips), handing each item
/// to `add`, a channel at a time. `explicit`: `--channel` for this source.
/// `Err` when `users.json` or a list of conversations cannot be read.
pub fn read(
    folder: &InputFolder,
    shown: &str,
    compiled: &Compiled,
    explicit: Option<String>,
    add: &mut dyn FnMut(Item),
) -> Result<(), SourceError> {
    // `slack/` as given: places read `slack/random/2026-03-10.json`, not `slack//random`.
    let shown = match shown.trim_end_matches(['/', '\\']) {
        "" => shown,
        trimmed => trimmed,
    };
    let users = users(folder, shown)?;
    let mut members = BTreeMap::new();
    for list in CONVERSATION_LISTS {
        members.extend(conversations(folder, shown, list)?);
    }
    let export = Export {
        shown,
        sides: Sides::of(compiled),
        choice: ChannelChoice::new(compiled, ChannelKind::Chat, Some("slack"), explicit)
            .by_address_when_given(),
        users,
        members,
    };
    let listed = |e| io_error(shown, e);
    let mut channels: Vec<(String, bool)> = folder
        .entries("", true)
        .map_err(listed)?
        .into_iter()
        .map(|name| (name, false))
        .collect();
    let linked = folder.linked_folders("").map_err(listed)?;
    channels.extend(linked.into_iter().map(|name| (name, true)));
    channels.sort();
    for (name, linked) in channels {
        if linked {
            add(Item::Skip(linked_channel(shown, &name)));
        } else {
            export.channel(folder, &name, add)?;
        }
    }
    Ok(())
}

/// A conversation's folder that is a link is not followed: it could lead
/// out of the export or back into it (a loop).
fn linked_channel(shown: &str, name: &str) -> Skip {
    Skip {
        place: Place {
            file: format!("{shown}/{name}"),
            line: 1,
        },
        reason: format!(
            "Slack channel folder `{name}` is a link; linked folders are not read: copy the folder into the export instead"
        ),
    }
}

/// A Slack user as far as measuring goes.
enum User {
    Person { email: String },
    WithoutEmail,
    Bot,
}

struct Export<'e> {
    shown: &'e str,
    sides: Sides,
    choice: ChannelChoice,
    /// Slack user id -> user.
    users: BTreeMap<String, User>,
    /// A conversation's folder name (a channel's name, a direct
    /// conversation's id) -> its members' user ids.
    members: BTreeMap<String, Vec<String>>,
}

/// One message as read: its Slack time (microseconds, the key threads
/// refer to) and its thread's parent, if it is a reply.
struct Posted {
    key: u64,
    thread: Option<u64>,
    message: Message,
}

impl Export<'_> {
    /// One conversation's folder: its days in date order, then its items.
    fn channel(
        &self,
        folder: &InputFolder,
        name: &str,
        add: &mut dyn FnMut(Item),
    ) -> Result<(), SourceError> {
        let shown_folder = format!("{}/{name}", self.shown);
        let mut days = folder
            .entries(name, false)
            .map_err(|e| io_error(&shown_folder, e))?;
        days.retain(|day| day.ends_with(".json"));
        let Some(first_day) = days.first() else {
            return Ok(());
        };
        let channel = match self.choice.channel([name]) {
            Ok(channel) => channel,
            Err(reason) => {
                // One skip for the whole channel, not one per message.
                let place = Place {
                    file: format!("{shown_folder}/{first_day}"),
                    line: 1,
                };
                let days = days.len();
                let reason = format!(
                    "Slack channel `{name}` ({days} day file{}) is not counted: {reason}",
                    if days == 1 { "" } else { "s" }
                );
                add(Item::Skip(Skip { place, reason }));
                return Ok(());
            }
        };
        let recipients = self.recipients(name);
        let mut posted = Vec::new();
        for day in &days {
            let relative = format!("{name}/{day}");
            let file = format!("{}/{relative}", self.shown);
            let day = Day {
                channel: &channel,
                recipients: &recipients,
                file: &file,
            };
            self.day(folder, &relative, &day, &mut posted, add);
        }
        for item in channel_items(posted, &self.sides) {
            add(item);
        }
        Ok(())
    }

    /// The emails of the conversation's members who are people of the plan.
    fn recipients(&self, name: &str) -> Vec<String> {
        let ids = self.members.get(name).map_or(&[][..], Vec::as_slice);
        ids.iter()
            .filter_map(|id| match self.users.get(id) {
                Some(User::Person { email }) if self.sides.is_known(email) => Some(email.clone()),
                _ => None,
            })
            .collect()
    }

    /// One day file's messages into `posted`; what cannot be read is a skip.
    fn day(
        &self,
        folder: &InputFolder,
        relative: &str,
        day: &Day<'_>,
        posted: &mut Vec<Posted>,
        add: &mut dyn FnMut(Item),
    ) {
        let skip = |line: u64, reason: String| {
            Item::Skip(Skip {
                place: Place {
                    file: day.file.to_string(),
                    line,
                },
                reason,
            })
        };
        let bytes = match folder.read(relative, MAX_SLACK_FILE_BYTES) {
            Ok(Contents::Bytes(bytes)) => bytes,
            Ok(Contents::TooLarge(_)) => {
                add(skip(1, too_large()));
                return;
            }
            Err(error) => {
                add(skip(1, format!("cannot be read: {}", input_reason(error))));
                return;
            }
        };
        let ended = elements(&bytes, |line, element| {
            let message = element.and_then(|raw| {
                let place = Place {
                    file: day.file.to_string(),
                    line,
                };
                self.posted(&raw, day, place)
            });
            match message {
                Ok(Some(message)) => posted.push(message),
                Ok(None) => {}
                Err(reason) => add(skip(line, reason)),
            }
        });
        if let Err((line, reason)) = ended {
            add(skip(
                line,
                format!(
                    "not valid JSON from here on ({reason}); the rest of the day is not counted"
                ),
            ));
        }
    }

    /// A message as a compact record; `Ok(None)`: a message nobody wrote
    /// (a bot's, a join, a topic change); `Err`: why it cannot be counted.
    fn posted(
        &self,
        raw: &RawMessage<'_>,
        day: &Day<'_>,
        place: Place,
    ) -> Result<Option<Posted>, String> {
        let subtype = raw.subtype.as_deref();
        if raw.bot_id.is_some() || subtype.is_some_and(|s| !WRITTEN_SUBTYPES.contains(&s)) {
            return Ok(None);
        }
        let user = raw.user.as_deref().ok_or("the message has no `user`")?;
        let email = match self.users.get(user) {
            Some(User::Person { email }) => email,
            Some(User::Bot) => return Ok(None),
            Some(User::WithoutEmail) => {
                return Err(format!(
                    "Slack user `{user}` has no email in users.json (a guest, or a profile without one)"
                ));
            }
            None => return Err(format!("unknown Slack user `{user}`: not in users.json")),
        };
        let (key, at) = raw
            .ts
            .as_deref()
            .and_then(slack_time)
            .ok_or("`ts` is missing or no Slack time from 1970 to 2200")?;
        let thread = match raw.thread_ts.as_deref() {
            Some(text) => Some(slack_time(text).ok_or("`thread_ts` is no Slack time")?.0),
            None => None,
        };
        let urgent = raw
            .text
            .as_deref()
            .is_some_and(|text| URGENT_EMOJI.iter().any(|emoji| text.contains(emoji)));
        // Whoever is asked: the other side's members first (a request no
        // one answers is counted as to the first of them).
        let side = self.sides.side(email);
        let mut to: Vec<String> = day
            .recipients
            .iter()
            .filter(|member| !member.eq_ignore_ascii_case(email))
            .cloned()
            .collect();
        to.sort_by_key(|member| self.sides.side(member) == side);
        Ok(Some(Posted {
            key,
            // A parent names its own time as its thread's.
            thread: thread.filter(|parent| *parent != key),
            message: Message {
                channel: day.channel.to_string(),
                from: email.clone(),
                to,
                at,
                subject: None,
                urgent,
                place,
            },
        }))
    }
}

/// What every message of one day file shares.
struct Day<'d> {
    /// The plan channel.
    channel: &'d str,
    recipients: &'d [String],
    /// The day file as skips name it.
    file: &'d str,
}

/// The fields of a Slack message that are read; the rest, text included,
/// is passed over (the text is looked at for [`URGENT_EMOJI`] only).
#[derive(Deserialize)]
struct RawMessage<'a> {
    #[serde(borrow, default)]
    ts: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    thread_ts: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    user: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    subtype: Option<Cow<'a, str>>,
    #[serde(default)]
    bot_id: Option<IgnoredAny>,
    #[serde(borrow, default)]
    text: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
struct RawUser {
    id: String,
    #[serde(default)]
    is_bot: bool,
    #[serde(default)]
    profile: RawProfile,
}

#[derive(Default, Deserialize)]
struct RawProfile {
    #[serde(default)]
    email: Option<String>,
}

#[derive(Deserialize)]
struct RawConversation {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    members: Vec<String>,
}

/// Slack's own user for its automatic messages.
const SLACKBOT: &str = "USLACKBOT";

/// `users.json` (or `org_users.json`): id -> user.
fn users(folder: &InputFolder, shown: &str) -> Result<BTreeMap<String, User>, SourceError> {
    // An Enterprise Grid organisation's export names its members so.
    let name = if folder.has("org_users.json") && !folder.has("users.json") {
        "org_users.json"
    } else {
        "users.json"
    };
    let raw: Vec<RawUser> = metadata(folder, name, shown)?;
    Ok(raw
        .into_iter()
        .map(|user| {
            let email = user.profile.email.map(|e| e.trim().to_string());
            let kind = match email {
                _ if user.is_bot || user.id == SLACKBOT => User::Bot,
                Some(email) if !email.is_empty() => User::Person { email },
                _ => User::WithoutEmail,
            };
            (user.id, kind)
        })
        .collect())
}

/// One list of conversations, if the export has it: folder name -> members.
/// A channel's folder is its name; a direct conversation's, its id.
fn conversations(
    folder: &InputFolder,
    shown: &str,
    list: &str,
) -> Result<Vec<(String, Vec<String>)>, SourceError> {
    if !folder.has(list) {
        return Ok(Vec::new());
    }
    let raw: Vec<RawConversation> = metadata(folder, list, shown)?;
    Ok(raw
        .into_iter()
        .filter_map(|c| Some((c.name.or(c.id)?, c.members)))
        .collect())
}

/// A file of the export's root, read whole: what cannot be read is exit 2.
fn metadata<T: for<'de> Deserialize<'de>>(
    folder: &InputFolder,
    name: &str,
    shown: &str,
) -> Result<T, SourceError> {
    let file = format!("{shown}/{name}");
    let bytes = match folder.read(name, MAX_SLACK_FILE_BYTES) {
        Ok(Contents::Bytes(bytes)) => bytes,
        Ok(Contents::TooLarge(_)) => return Err(io_error(&file, io::Error::other(too_large()))),
        Err(error) => return Err(io_error(&file, input_reason(error))),
    };
    serde_json::from_slice(&bytes)
        .map_err(|error| io_error(&file, io::Error::new(io::ErrorKind::InvalidData, error)))
}

fn io_error(file: &str, error: io::Error) -> SourceError {
    SourceError::Io {
        file: file.to_string(),
        error,
    }
}

/// The system's words for a file that cannot be read (the skip or error
/// names the file itself).
fn input_reason(error: InputError) -> io::Error {
    match error {
        InputError::Io { error, .. } => error,
        // One line, for an export (the error's own help is for a plan).
        InputError::LinkOutside { target, .. } => io::Error::other(format!(
            "it is a link to `{}`, outside its folder; an export's files are read only inside it",
            target.display()
        )),
        other => io::Error::other(other.to_string()),
    }
}

fn too_large() -> String {
    format!(
        "larger than {} MiB: no Slack export file is",
        MAX_SLACK_FILE_BYTES >> 20
    )
}

/// A Slack time, `1712345678.123456` (Unix seconds and microseconds): its
/// key in microseconds and the instant (to the second).
fn slack_time(text: &str) -> Option<(u64, Instant)> {
    let (seconds, micros) = text.split_once('.').unwrap_or((text, ""));
    let digits =
        |part: &str, most: usize| part.len() <= most && part.bytes().all(|b| b.is_ascii_digit());
    if seconds.is_empty() || !digits(seconds, 11) || !digits(micros, 6) {
        return None;
    }
    let seconds: u64 = seconds.parse().ok()?;
    if seconds >= END_OF_LAST_YEAR {
        return None;
    }
    let micros: u64 = format!("{micros:0<6}").parse().ok()?;
    let at = Instant::from_unix_seconds(i64::try_from(seconds).ok()?)?;
    Some((seconds * 1_000_000 + micros, at))
}

/// Each element of the JSON array `bytes` with the line it starts on, read
/// one at a time (an element that is no message is an `Err` for it alone);
/// `Err((line, reason))` where the file stops being a JSON array.
fn elements<'b>(
    bytes: &'b [u8],
    mut each: impl FnMut(u64, Result<RawMessage<'b>, String>),
) -> Result<(), (u64, String)> {
    let mut lines = Lines::default();
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut at = skip_whitespace(bytes, 0);
    if bytes.get(at) != Some(&b'[') {
        return Err((
            lines.at(bytes, at),
            "a day file is an array of messages".to_string(),
        ));
    }
    at = skip_whitespace(bytes, at + 1);
    if bytes.get(at) == Some(&b']') {
        return end_of_array(bytes, at, &mut lines);
    }
    loop {
        let line = lines.at(bytes, at);
        let rest = bytes.get(at..).unwrap_or_default();
        let mut messages = serde_json::Deserializer::from_slice(rest).into_iter::<RawMessage<'b>>();
        let read = match messages.next() {
            Some(Ok(message)) => Ok((message, messages.byte_offset())),
            Some(Err(error)) => Err(error),
            None => return Err((line, "the array does not end".to_string())),
        };
        let length = match read {
            Ok((message, length)) => {
                each(line, Ok(message));
                length
            }
            Err(error) if error.is_data() => {
                // Valid JSON but no message: pass over it as any value.
                let mut any = serde_json::Deserializer::from_slice(rest).into_iter::<IgnoredAny>();
                match any.next() {
                    Some(Ok(_)) => {}
                    Some(Err(error)) => {
                        return Err((line + error.line() as u64 - 1, json_reason(&error)));
                    }
                    None => return Err((line, "the array does not end".to_string())),
                }
                each(
                    line,
                    Err(format!("not a Slack message: {}", json_reason(&error))),
                );
                any.byte_offset()
            }
            Err(error) => {
                let line = line + (error.line() as u64).saturating_sub(1);
                return Err((line, json_reason(&error)));
            }
        };
        at = skip_whitespace(bytes, at + length);
        match bytes.get(at) {
            Some(b',') => at = skip_whitespace(bytes, at + 1),
            Some(b']') => return end_of_array(bytes, at, &mut lines),
            _ => {
                return Err((
                    lines.at(bytes, at),
                    "expected `,` or `]` after a message".to_string(),
                ));
            }
        }
    }
}

/// After the array's `]` at `at`: only whitespace.
fn end_of_array(bytes: &[u8], at: usize, lines: &mut Lines) -> Result<(), (u64, String)> {
    let after = skip_whitespace(bytes, at + 1);
    if after < bytes.len() {
        return Err((lines.at(bytes, after), "text after the array".to_string()));
    }
    Ok(())
}

fn skip_whitespace(bytes: &[u8], mut at: usize) -> usize {
    while bytes
        .get(at)
        .is_some_and(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
    {
        at += 1;
    }
    at
}

/// serde_json's message without its position (the skip gives the line).
fn json_reason(error: &serde_json::Error) -> String {
    let text = error.to_string();
    match text.rfind(" at line ") {
        Some(end) => text[..end].to_string(),
        None => text,
    }
}

/// The line of a byte offset, counted forward from the last one asked.
#[derive(Default)]
struct Lines {
    counted_to: usize,
    newlines: u64,
}

impl Lines {
    fn at(&mut self, bytes: &[u8], offset: usize) -> u64 {
        let offset = offset.min(bytes.len());
        if offset > self.counted_to {
            let between = bytes.get(self.counted_to..offset).unwrap_or_default();
            self.newlines += between.iter().filter(|b| **b == b'\n').count() as u64;
            self.counted_to = offset;
        }
        self.newlines + 1
    }
}

/// One channel's items: a contact per message; a thread's requests as
/// [`pair`] finds them, but for the one its parent opens, which the
/// channel's top-level conversation decides ([`top_level_requests`]).
fn channel_items(mut posted: Vec<Posted>, sides: &Sides) -> Vec<Item> {
    posted.sort_by_key(|p| p.key);
    let mut replies: BTreeMap<u64, Vec<Message>> = BTreeMap::new();
    let mut tops = Vec::new();
    for Posted {
        key,
        thread,
        message,
    } in posted
    {
        match thread {
            Some(parent) => replies.entry(parent).or_default().push(message),
            None => tops.push((key, message)),
        }
    }
    let mut items = Vec::new();
    let mut top_level = Vec::with_capacity(tops.len());
    for (key, top) in tops {
        let thread = replies.remove(&key).unwrap_or_default();
        let answer = thread_answer(&top, &thread, sides);
        let mut conversation = Vec::with_capacity(thread.len() + 1);
        conversation.push(top.clone());
        conversation.extend(thread);
        let mut parents_request = true;
        for item in pair(conversation, sides) {
            match item {
                Item::Request(request) if parents_request && opened_by(&request, &top) => {
                    parents_request = false;
                }
                other => items.push(other),
            }
        }
        top_level.push((top, answer));
    }
    // Replies whose parent is not in the export (it is older than the
    // export's first day): a conversation of their own.
    for (_, thread) in replies {
        items.extend(pair(thread, sides));
    }
    items.extend(top_level_requests(top_level, sides));
    items
}

fn opened_by(request: &super::Request, message: &Message) -> bool {
    request.sent == message.at && request.place == message.place && request.from == message.from
}

/// The first reply in `top`'s thread from the other side, at or after it.
fn thread_answer(top: &Message, thread: &[Message], sides: &Sides) -> Option<Message> {
    let side = sides.side(&top.from);
    thread
        .iter()
        .filter(|reply| reply.at >= top.at && sides.side(&reply.from) != side)
        .min_by_key(|reply| reply.at)
        .cloned()
}

/// The requests of the channel's top-level messages (each with its
/// thread's answer), by [`pair`]'s rule: a message opens a request, the
/// asking side's next top-level messages follow it up, and the first
/// answer from the other side closes it: a top-level message, or a reply in
/// the thread of the request's own messages.
fn top_level_requests(top_level: Vec<(Message, Option<Message>)>, sides: &Sides) -> Vec<Item> {
    #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
    enum Event {
        Posted,
        Answered,
    }
    let mut events: Vec<(Instant, Event, usize)> = Vec::with_capacity(top_level.len() * 2);
    for (index, (top, answer)) in top_level.iter().enumerate() {
        events.push((top.at, Event::Posted, index));
        if let Some(answer) = answer {
            events.push((answer.at, Event::Answered, index));
        }
    }
    events.sort();
    /// The open request: its side, its first message, and the top-level
    /// messages it holds (its first and follow-ups, one run of indices).
    struct Open {
        side: Side,
        request: Message,
        first: usize,
        last: usize,
    }
    let mut items = Vec::new();
    let mut open: Option<Open> = None;
    for (_, event, index) in events {
        let Some((message, answer)) = top_level.get(index) else {
            continue;
        };
        let side = sides.side(&message.from);
        open = match (event, open.take()) {
            (Event::Posted, None) => Some(Open {
                side,
                request: message.clone(),
                first: index,
                last: index,
            }),
            (Event::Posted, Some(mut asked)) if asked.side == side => {
                asked.request.urgent |= message.urgent;
                asked.last = index;
                Some(asked)
            }
            (Event::Posted, Some(asked)) => {
                items.push(Item::Request(request_of(asked.request, Some(message))));
                None
            }
            (Event::Answered, Some(asked)) if (asked.first..=asked.last).contains(&index) => {
                items.push(Item::Request(request_of(asked.request, answer.as_ref())));
                None
            }
            (Event::Answered, still) => still,
        };
    }
    if let Some(asked) = open {
        items.push(Item::Request(request_of(asked.request, None)));
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_plans::{instant, resolved};

    const PLAN: &str = r##"
version: 1
project: {name: Slacked, owner: ana, timezone: Europe/Berlin, start: 2026-03-02}
people:
  ana: {name: Ana Lima, email: ana@team.example}
  ben: {name: Ben Roth, email: ben@client.example}
audiences:
  client: {name: Client, members: [ben], external: true, channels: [project]}
channels:
  project: {kind: chat, provider: slack, address: "#acme-project", sla: {response: 2bh}}
  support: {kind: chat, provider: slack, address: "#acme-support", sla: {response: 1bd}}
"##;

    const ANA: &str = "ana@team.example";
    const BEN: &str = "ben@client.example";

    /// A message `minute`s after Monday 9:00, in the thread of `parent`
    /// (a minute too) if given.
    fn posted(from: &str, minute: u64, parent: Option<u64>) -> Posted {
        let at = instant("Europe/Berlin", "2026-03-09", 9, 0)
            .plus_minutes(i64::try_from(minute).unwrap())
            .unwrap();
        Posted {
            key: minute,
            thread: parent,
            message: Message {
                channel: "project".to_string(),
                from: from.to_string(),
                to: Vec::new(),
                at,
                subject: None,
                urgent: false,
                place: Place {
                    file: "day.json".to_string(),
                    line: minute + 1,
                },
            },
        }
    }

    /// (asker, minute sent, minute replied) of each request.
    fn requests(items: &[Item]) -> Vec<(&str, i64, Option<i64>)> {
        let start = instant("Europe/Berlin", "2026-03-09", 9, 0);
        let mut found: Vec<_> = items
            .iter()
            .filter_map(|item| match item {
                Item::Request(r) => Some((
                    if r.from == BEN { "ben" } else { "ana" },
                    r.sent.minutes_since(start),
                    r.replied.map(|at| at.minutes_since(start)),
                )),
                _ => None,
            })
            .collect();
        found.sort();
        found
    }

    fn items_of(posted: Vec<Posted>) -> Vec<Item> {
        channel_items(posted, &Sides::of(&resolved(PLAN)))
    }

    #[test]
    fn a_top_level_request_is_answered_in_its_thread_or_the_channel_whichever_is_first() {
        let items = items_of(vec![
            posted(BEN, 0, None),
            posted(ANA, 30, Some(0)),    // in the thread: first
            posted(BEN, 100, None),      // in the channel: a new request
            posted(ANA, 110, None),      // in the channel: first
            posted(ANA, 120, Some(100)), // in the thread: later
        ]);
        assert_eq!(
            requests(&items),
            [("ben", 0, Some(30)), ("ben", 100, Some(110))]
        );
        let contacts = items
            .iter()
            .filter(|i| matches!(i, Item::Contact(_)))
            .count();
        assert_eq!(contacts, 5, "a contact per message, parents once");
        // A message posted after its side's request was answered asks anew.
        let items = items_of(vec![
            posted(BEN, 0, None),
            posted(ANA, 30, Some(0)),
            posted(ANA, 40, None),
            posted(BEN, 100, None),
        ]);
        assert_eq!(
            requests(&items),
            [("ana", 40, Some(100)), ("ben", 0, Some(30))]
        );
    }

    #[test]
    fn follow_ups_join_the_open_request_until_an_answer_in_the_thread_of_any_of_them() {
        let items = items_of(vec![
            posted(BEN, 0, None),
            posted(BEN, 5, None),     // a follow-up
            posted(ANA, 20, Some(5)), // answers both, in the follow-up's thread
            posted(BEN, 30, None),    // a new request after the answer
            posted(ANA, 50, Some(0)), // late in an old thread: answers nothing new
        ]);
        assert_eq!(requests(&items), [("ben", 0, Some(20)), ("ben", 30, None)]);
    }

    #[test]
    fn a_thread_holds_requests_of_its_own_and_both_sides_are_measured() {
        let items = items_of(vec![
            posted(ANA, 0, None),
            posted(BEN, 10, Some(0)),
            posted(BEN, 20, Some(0)), // asks again in the thread
            posted(ANA, 45, Some(0)),
            posted(BEN, 60, Some(999)), // a reply to a parent older than the export
        ]);
        assert_eq!(
            requests(&items),
            [
                ("ana", 0, Some(10)),
                ("ben", 20, Some(45)),
                ("ben", 60, None)
            ]
        );
    }

    #[test]
    fn slack_times_are_seconds_and_microseconds_in_range() {
        let (key, at) = slack_time("1772812800.000200").unwrap();
        assert_eq!(key, 1_772_812_800_000_200);
        assert_eq!(at, instant("Europe/Berlin", "2026-03-06", 17, 0));
        assert_eq!(slack_time("1772812800.2").unwrap().0, 1_772_812_800_200_000);
        assert_eq!(slack_time("1772812800").unwrap().1, at);
        for bad in [
            "",
            ".5",
            "-1.0",
            "17728128x0.000200",
            "1.1234567",
            "7289654400.000000",
        ] {
            assert_eq!(slack_time(bad), None, "{bad}");
        }
    }

    fn lines_of(text: &str) -> Vec<(u64, Result<Option<String>, String>)> {
        let mut found = Vec::new();
        let ended = elements(text.as_bytes(), |line, element| {
            found.push((line, element.map(|m| m.ts.map(Cow::into_owned))));
        });
        if let Err((line, reason)) = ended {
            found.push((line, Err(format!("end: {reason}"))));
        }
        found
    }

    #[test]
    fn elements_are_read_one_by_one_with_the_line_they_start_on() {
        let text = "[\n  {\n    \"ts\": \"1.0\",\n    \"text\": \"a\\nb\"\n  },\n  7,\n  {\"ts\": 5},\n  {\"ts\": \"2.0\"}\n]\n";
        assert_eq!(
            lines_of(text),
            [
                (2, Ok(Some("1.0".to_string()))),
                (6, Err("not a Slack message: invalid type: integer `7`, expected struct RawMessage".to_string())),
                (7, Err("not a Slack message: invalid type: integer `5`, expected a string".to_string())),
                (8, Ok(Some("2.0".to_string()))),
            ]
        );
        assert_eq!(lines_of(" [ ] "), []);
        let broken = lines_of("[\n{\"ts\": \"1.0\"},\n{\"ts\": \"2.0\",\n");
        assert_eq!(broken[0], (2, Ok(Some("1.0".to_string()))));
        assert_eq!(broken[1].0, 4, "{broken:?}");
        assert_eq!(
            lines_of("{}")[0],
            (
                1,
                Err("end: a day file is an array of messages".to_string())
            )
        );
        assert_eq!(
            lines_of("[{}]\n[]")[1],
            (2, Err("end: text after the array".to_string()))
        );
        assert_eq!(
            lines_of("[{} {}]")[1],
            (
                1,
                Err("end: expected `,` or `]` after a message".to_string())
            )
        );
    }

    /// The items of the export in `dir`, named `export`, on [`PLAN`].
    fn read_export(dir: &std::path::Path) -> Vec<Item> {
        let compiled = resolved(PLAN);
        let mut items = Vec::new();
        read(
            &InputFolder::new(dir),
            "export",
            &compiled,
            None,
            &mut |item| items.push(item),
        )
        .unwrap();
        items
    }

    /// The skips among `items`, as `place: reason`.
    fn skips_of(items: &[Item]) -> Vec<String> {
        items
            .iter()
            .filter_map(|item| match item {
                Item::Skip(skip) => Some(format!("{}: {}", skip.place, skip.reason)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_channel_that_fits_no_plan_channel_is_one_skip_and_org_users_json_names_the_members() {
        let dir = std::env::temp_dir().join(format!("commplan-slack-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("random")).unwrap();
        std::fs::create_dir_all(dir.join("acme-support")).unwrap();
        std::fs::write(
            dir.join("org_users.json"),
            r#"[{"id": "U1", "profile": {"email": "ben@client.example"}}]"#,
        )
        .unwrap();
        std::fs::write(
            dir.join("channels.json"),
            r#"[{"id": "C1", "name": "random", "members": ["U1"]}]"#,
        )
        .unwrap();
        let day = r#"[{"ts": "1773046800.000100", "user": "U1", "text": "help :sos:"}]"#;
        for name in [
            "random/2026-03-09.json",
            "random/2026-03-10.json",
            "acme-support/2026-03-09.json",
        ] {
            std::fs::write(dir.join(name), day).unwrap();
        }
        let items = read_export(&dir);
        std::fs::remove_dir_all(&dir).unwrap();
        let Some(Item::Request(request)) = items.iter().find(|i| matches!(i, Item::Request(_)))
        else {
            panic!("{items:?}")
        };
        assert_eq!(
            (request.channel.as_str(), request.urgent),
            ("support", true)
        );
        let skips = skips_of(&items);
        assert_eq!(skips.len(), 1, "{skips:?}");
        assert!(
            skips[0].starts_with("export/random/2026-03-09.json:1: Slack channel `random` (2 day files) is not counted: the plan has 2 chat channels"),
            "{skips:?}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_linked_channel_folder_and_a_day_file_linked_out_are_one_line_skips() {
        let dir = std::env::temp_dir().join(format!("commplan-slack-links-{}", std::process::id()));
        let outside = dir.with_extension("outside");
        let _ = std::fs::remove_dir_all(&dir);
        let _ = std::fs::remove_dir_all(&outside);
        std::fs::create_dir_all(dir.join("acme-support")).unwrap();
        std::fs::create_dir_all(&outside).unwrap();
        std::fs::write(
            dir.join("users.json"),
            r#"[{"id": "U1", "profile": {"email": "ben@client.example"}}]"#,
        )
        .unwrap();
        let day = r#"[{"ts": "1773046800.000100", "user": "U1", "text": "help"}]"#;
        std::fs::write(dir.join("acme-support/2026-03-09.json"), day).unwrap();
        std::fs::write(outside.join("2026-03-10.json"), day).unwrap();
        std::os::unix::fs::symlink(
            outside.join("2026-03-10.json"),
            dir.join("acme-support/2026-03-10.json"),
        )
        .unwrap();
        std::os::unix::fs::symlink("acme-support", dir.join("acme-inside")).unwrap();
        std::os::unix::fs::symlink(&outside, dir.join("acme-outside")).unwrap();
        let items = read_export(&dir);
        std::fs::remove_dir_all(&dir).unwrap();
        std::fs::remove_dir_all(&outside).unwrap();
        let requests = items
            .iter()
            .filter(|i| matches!(i, Item::Request(_)))
            .count();
        assert_eq!(requests, 1, "{items:?}");
        let skips = skips_of(&items);
        let linked = |name: &str| {
            format!(
                "export/{name}:1: Slack channel folder `{name}` is a link; linked folders are not read: copy the folder into the export instead"
            )
        };
        assert_eq!(skips.len(), 3, "{skips:?}");
        assert_eq!(skips[0], linked("acme-inside"));
        assert_eq!(skips[1], linked("acme-outside"));
        assert!(
            skips[2].starts_with(
                "export/acme-support/2026-03-10.json:1: cannot be read: it is a link to `"
            ),
            "{skips:?}"
        );
        assert!(
            skips[2].ends_with("`, outside its folder; an export's files are read only inside it"),
            "{skips:?}"
        );
        assert!(skips.iter().all(|skip| !skip.contains('\n')), "{skips:?}");
    }
}
