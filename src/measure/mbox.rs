//! The mbox source of `plan measure`: mailboxes as Thunderbird, Apple Mail
//! and Google Takeout export them (mboxo and mboxrd: each message follows a
//! line that starts `From `).
//!
//! A file is read a line at a time and only each message's header block is
//! kept, up to [`MAX_MAIL_HEADER_BYTES`], and parsed with `mail-parser`;
//! bodies are skipped unread. Per message a compact record stays (its time,
//! interned addresses and thread ids, never the body; the subject only for
//! `--show-subjects`), so memory grows with the number of messages, not
//! with the bytes of the file. Several files are read into one
//! [`Mailboxes`] before threads are joined: a reply in `Sent.mbox` answers
//! a request in `Inbox.mbox`.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hasher};
use std::io::{self, BufRead};

use mail_parser::MessageParser;

use super::message::{Message, Sides, pair};
use super::source::ChannelChoice;
use super::{Item, Place, Skip};
use crate::compile::Compiled;
use crate::limits::{FIRST_YEAR, LAST_YEAR, MAX_MAIL_HEADER_BYTES};
use crate::model::ChannelKind;
use crate::time::Instant;

/// The bytes of a body line that are looked at: whether it starts `From `.
const SEPARATOR: &[u8] = b"From ";

/// Strings by number, each stored once.
#[derive(Default)]
struct Interner {
    numbers: HashMap<Box<str>, u32>,
    names: Vec<Box<str>>,
}

impl Interner {
    fn number(&mut self, name: &str) -> u32 {
        if let Some(number) = self.numbers.get(name) {
            return *number;
        }
        let number = u32::try_from(self.names.len()).unwrap_or(u32::MAX);
        self.numbers.insert(name.into(), number);
        self.names.push(name.into());
        number
    }

    fn name(&self, number: u32) -> &str {
        self.names
            .get(number as usize)
            .map_or("", |name| name.as_ref())
    }
}

/// Message ids joined into threads (union-find): a message, the ids it
/// answers (`In-Reply-To`, `References`) and Gmail's thread id are one
/// thread, in whatever order they are read.
#[derive(Default)]
struct Threads {
    /// Each id by its [`id_hash`], not its text: eight bytes however long
    /// the id.
    ids: HashMap<u64, u32>,
    parent: Vec<u32>,
    /// Whether a message with this id was read: a second copy (an Inbox and
    /// a Sent export given together) is the same message.
    read: Vec<bool>,
}

impl Threads {
    fn node(&mut self, id: u64) -> u32 {
        if let Some(node) = self.ids.get(&id) {
            return *node;
        }
        let node = self.fresh();
        self.ids.insert(id, node);
        node
    }

    /// A node no id names: a message without `Message-ID`.
    fn fresh(&mut self) -> u32 {
        let node = u32::try_from(self.parent.len()).unwrap_or(u32::MAX);
        self.parent.push(node);
        self.read.push(false);
        node
    }

    fn root(&mut self, mut node: u32) -> u32 {
        while let Some(&parent) = self.parent.get(node as usize) {
            if parent == node {
                break;
            }
            // Path halving: each step also shortens the way for the next.
            let grandparent = self.parent.get(parent as usize).copied().unwrap_or(parent);
            if let Some(slot) = self.parent.get_mut(node as usize) {
                *slot = grandparent;
            }
            node = grandparent;
        }
        node
    }

    fn join(&mut self, a: u32, b: u32) {
        let (a, b) = (self.root(a), self.root(b));
        // The smaller root wins, so the partition does not depend on the
        // order of joins.
        let (keep, child) = (a.min(b), a.max(b));
        if let Some(slot) = self.parent.get_mut(child as usize) {
            *slot = keep;
        }
    }
}

/// The `References` ids threading keeps: the first (the thread's root) and
/// the last [`KEPT_REFERENCES`] (the nearest ancestors). RFC 5322 3.6.4
/// lets a mail program trim the middle, and mail clients thread on these
/// alone; each message of the middle names the root itself. So a message
/// adds a bounded number of ids, however many it names.
const KEPT_REFERENCES: usize = 10;

/// A message id as a 64-bit hash of its text, `parts` written one after
/// the other. Two of a million ids collide with a chance of about 1 in
/// 3.7 * 10^7 (n^2 / 2^65), and a collision only joins two threads.
/// `DefaultHasher::new` hashes alike in every run of one `plan` binary.
fn id_hash(parts: &[&str]) -> u64 {
    let mut hasher = DefaultHasher::new();
    for part in parts {
        hasher.write(part.as_bytes());
    }
    hasher.finish()
}

/// The ids a message answers that threading keeps: its `In-Reply-To` and
/// the ends of its `References` ([`KEPT_REFERENCES`]).
fn answered_ids<'m>(parsed: &'m mail_parser::Message<'_>) -> impl Iterator<Item = &'m str> {
    let references = parsed.references().as_text_list().unwrap_or_default();
    let last = references.len().saturating_sub(KEPT_REFERENCES).max(1);
    let in_reply_to = parsed.in_reply_to().as_text_list().unwrap_or_default();
    in_reply_to
        .iter()
        .chain(references.first())
        .chain(references.get(last..).unwrap_or_default())
        .map(|id| id.trim())
        .filter(|id| !id.is_empty())
}

/// One message as kept: no text but the subject for `--show-subjects`.
struct Record {
    at: Instant,
    from: u32,
    to: Box<[u32]>,
    channel: u32,
    node: u32,
    urgent: bool,
    subject: Option<Box<str>>,
    file: u32,
    line: u64,
}

/// Mailboxes read so far, then joined into threads and paired
/// ([`Mailboxes::into_items`]).
pub struct Mailboxes<'c> {
    compiled: &'c Compiled,
    show_subjects: bool,
    parser: MessageParser,
    files: Interner,
    addresses: Interner,
    channels: Interner,
    threads: Threads,
    records: Vec<Record>,
    skips: Vec<Skip>,
}

/// The message being read: where it started, and how far.
struct Open {
    /// The line of its `From ` separator.
    line: u64,
    /// Its number in the file, from 1.
    number: u64,
    /// Its header block is still being read (else its body is skipped).
    in_header: bool,
    /// Its header block outgrew [`MAX_MAIL_HEADER_BYTES`].
    too_large: bool,
}

impl Open {
    fn at(line: u64, number: u64) -> Open {
        Open {
            line,
            number,
            in_header: true,
            too_large: false,
        }
    }
}

impl<'c> Mailboxes<'c> {
    pub fn new(compiled: &'c Compiled, show_subjects: bool) -> Self {
        Mailboxes {
            compiled,
            show_subjects,
            parser: MessageParser::new(),
            files: Interner::default(),
            addresses: Interner::default(),
            channels: Interner::default(),
            threads: Threads::default(),
            records: Vec::new(),
            skips: Vec::new(),
        }
    }

    /// Reads the mailbox `input` (named `file` in skips), its messages on
    /// the channel `explicit` (`--channel`) or else the one their addresses
    /// or the plan's only email channel give. `Err` only when the input
    /// itself cannot be read on.
    pub fn read(
        &mut self,
        mut input: impl BufRead,
        file: &str,
        explicit: Option<String>,
    ) -> io::Result<()> {
        let choice = ChannelChoice::new(self.compiled, ChannelKind::Email, None, explicit);
        let file = self.files.number(file);
        let mut line = Vec::with_capacity(SEPARATOR.len());
        let mut header = Vec::new();
        let mut line_number = 0u64;
        let mut open: Option<Open> = None;
        let mut text_before_first = false;
        loop {
            let in_header = open.as_ref().is_some_and(|o| o.in_header);
            let keep = if in_header {
                // Room for the line and its `\n`; a separator is always seen.
                MAX_MAIL_HEADER_BYTES
                    .saturating_sub(header.len() + 1)
                    .max(SEPARATOR.len())
            } else {
                SEPARATOR.len()
            };
            let Some(length) = read_line(&mut input, &mut line, keep)? else {
                break;
            };
            line_number += 1;
            if line.starts_with(SEPARATOR) {
                // A header field is `From:`, never `From `: a header that
                // never ended is cut here, not run on into the next message.
                let number = open.as_ref().map_or(0, |o| o.number) + 1;
                if let Some(done) = open.replace(Open::at(line_number, number)) {
                    self.message(&done, &header, file, &choice);
                }
                header.clear();
                continue;
            }
            let Some(message) = open.as_mut().filter(|o| o.in_header) else {
                text_before_first |= open.is_none() && length > 0;
                continue;
            };
            if length == 0 {
                message.in_header = false;
            } else if message.too_large
                || length > line.len()
                || header.len() + length + 1 > MAX_MAIL_HEADER_BYTES
            {
                message.too_large = true;
            } else {
                header.extend_from_slice(&line);
                header.push(b'\n');
            }
        }
        let no_message = open.is_none();
        if let Some(done) = open {
            self.message(&done, &header, file, &choice);
        }
        if text_before_first {
            let reason = if no_message {
                "no line starts `From `: this is no mbox file"
            } else {
                "the text before the first `From ` line is no message"
            };
            self.skip(file, 1, reason.to_string());
        }
        Ok(())
    }

    fn skip(&mut self, file: u32, line: u64, reason: String) {
        let place = Place {
            file: self.files.name(file).to_string(),
            line,
        };
        self.skips.push(Skip { place, reason });
    }

    /// Keeps one message's record, or its skip.
    fn message(&mut self, message: &Open, header: &[u8], file: u32, choice: &ChannelChoice) {
        if let Err(reason) = self.record(message, header, file, choice) {
            let reason = format!("message {}: {reason}", message.number);
            self.skip(file, message.line, reason);
        }
    }

    fn record(
        &mut self,
        message: &Open,
        header: &[u8],
        file: u32,
        choice: &ChannelChoice,
    ) -> Result<(), String> {
        if message.too_large {
            return Err(format!(
                "its header is larger than {} KiB",
                MAX_MAIL_HEADER_BYTES >> 10
            ));
        }
        let parsed = self
            .parser
            .parse_headers(header)
            .filter(|parsed| !parsed.headers().is_empty())
            .ok_or("its header cannot be read")?;
        let from = parsed
            .from()
            .and_then(|from| from.first())
            .and_then(|from| from.address())
            .map(|address| address.trim().to_lowercase())
            .filter(|address| !address.is_empty())
            .ok_or("it has no From address")?;
        let at = sent_at(&parsed)?;
        let to: Vec<String> = parsed
            .all_to()
            .chain(parsed.all_cc())
            .flat_map(|list| list.iter())
            .filter_map(|addr| addr.address())
            .map(|address| address.trim().to_lowercase())
            .filter(|address| !address.is_empty())
            .collect();
        let names = std::iter::once(from.as_str()).chain(to.iter().map(String::as_str));
        let channel = choice.channel(names)?;
        let node = match parsed
            .message_id()
            .map(str::trim)
            .filter(|id| !id.is_empty())
        {
            Some(id) => self.threads.node(id_hash(&[id])),
            None => self.threads.fresh(),
        };
        if self.threads.read.get(node as usize) == Some(&true) {
            // The same message again (Inbox and Sent both hold it).
            return Ok(());
        }
        if let Some(read) = self.threads.read.get_mut(node as usize) {
            *read = true;
        }
        for id in answered_ids(&parsed) {
            let other = self.threads.node(id_hash(&[id]));
            self.threads.join(node, other);
        }
        if let Some(thread) = raw_header(&parsed, "X-GM-THRID").filter(|t| !t.is_empty()) {
            let other = self.threads.node(id_hash(&["X-GM-THRID ", thread]));
            self.threads.join(node, other);
        }
        let subject = self
            .show_subjects
            .then(|| parsed.subject().map(Box::from))
            .flatten();
        self.records.push(Record {
            at,
            from: self.addresses.number(&from),
            to: to.iter().map(|a| self.addresses.number(a)).collect(),
            channel: self.channels.number(&channel),
            node,
            urgent: is_urgent(&parsed),
            subject,
            file,
            line: message.line,
        });
        Ok(())
    }

    /// The skips, in the order read, then each thread's requests and
    /// contacts ([`pair`]), threads in the order their first message was
    /// read. One thread's messages are built at a time.
    pub fn into_items(mut self) -> impl Iterator<Item = Item> {
        let mut group_of: HashMap<u32, usize> = HashMap::new();
        let mut groups: Vec<Vec<u32>> = Vec::new();
        for (index, record) in self.records.iter().enumerate() {
            let root = self.threads.root(record.node);
            let group = *group_of.entry(root).or_insert_with(|| {
                groups.push(Vec::new());
                groups.len() - 1
            });
            if let Some(members) = groups.get_mut(group) {
                members.push(u32::try_from(index).unwrap_or(u32::MAX));
            }
        }
        let sides = Sides::of(self.compiled);
        let skips = std::mem::take(&mut self.skips);
        skips.into_iter().map(Item::Skip).chain(
            groups
                .into_iter()
                .flat_map(move |members| pair(self.messages(&members), &sides)),
        )
    }

    fn messages(&self, members: &[u32]) -> Vec<Message> {
        members
            .iter()
            .filter_map(|&index| self.records.get(index as usize))
            .map(|record| Message {
                channel: self.channels.name(record.channel).to_string(),
                from: self.addresses.name(record.from).to_string(),
                to: record
                    .to
                    .iter()
                    .map(|&a| self.addresses.name(a).to_string())
                    .collect(),
                at: record.at,
                subject: record.subject.as_deref().map(str::to_string),
                urgent: record.urgent,
                place: Place {
                    file: self.files.name(record.file).to_string(),
                    line: record.line,
                },
            })
            .collect()
    }
}

/// The message's `Date`, refused when it cannot be read, when mail-parser
/// read another year than the one written (it reads `0001` as 2001, a
/// two-digit year), or when it is outside the years `plan` works with.
fn sent_at(parsed: &mail_parser::Message<'_>) -> Result<Instant, String> {
    let date = parsed
        .date()
        .filter(|date| date.is_valid())
        .ok_or("it has no Date that can be read")?;
    let written = raw_header(parsed, "Date").and_then(written_year);
    if written.is_some_and(|year| year != u32::from(date.year)) {
        return Err("its Date's year cannot be read".to_string());
    }
    Instant::from_unix_seconds(date.to_timestamp())
        .filter(|at| at.is_in_plan_years())
        .ok_or_else(|| {
            format!(
                "its Date `{}` is outside the dates `plan` works with ({FIRST_YEAR} to {LAST_YEAR})",
                date.to_rfc3339()
            )
        })
}

/// The year a `Date` header writes in three digits or more: its first word
/// of digits alone (the day has one or two, the time has colons, the zone a
/// sign). `None` for a two-digit year, which mail-parser reads by RFC 5322.
fn written_year(date: &str) -> Option<u32> {
    date.split(|c: char| c.is_whitespace() || c == ',')
        .find(|word| word.len() >= 3 && word.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|word| word.parse().ok())
}

/// A header `mail-parser` keeps as written (one it does not know), trimmed.
fn raw_header<'m>(parsed: &'m mail_parser::Message<'_>, name: &'static str) -> Option<&'m str> {
    parsed.header_raw(name).map(str::trim)
}

/// Marked urgent as mail programs mark it: `Importance: high` (Outlook),
/// `X-Priority: 1` or `2` (Thunderbird, Apple Mail), `Priority: urgent`
/// (RFC 2156), `X-MSMail-Priority: High`.
fn is_urgent(parsed: &mail_parser::Message<'_>) -> bool {
    let is = |name: &'static str, test: &dyn Fn(&str) -> bool| {
        raw_header(parsed, name).is_some_and(test)
    };
    is("Importance", &|v| v.eq_ignore_ascii_case("high"))
        || is("X-MSMail-Priority", &|v| v.eq_ignore_ascii_case("high"))
        || is("Priority", &|v| v.eq_ignore_ascii_case("urgent"))
        || is("X-Priority", &|v| v.starts_with('1') || v.starts_with('2'))
}

/// Reads one line of `input`, keeping at most `keep` bytes of it in `line`
/// (without its `\n` or `\r\n`); the rest is read past, never stored.
/// Returns the line's whole length, `None` at the end of the input.
fn read_line(
    input: &mut impl BufRead,
    line: &mut Vec<u8>,
    keep: usize,
) -> io::Result<Option<usize>> {
    line.clear();
    let mut length = 0usize;
    let mut any = false;
    loop {
        let buffer = match input.fill_buf() {
            Ok(buffer) => buffer,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(error),
        };
        if buffer.is_empty() {
            break;
        }
        any = true;
        let (text, used, ended) = match memchr::memchr(b'\n', buffer) {
            Some(end) => (&buffer[..end], end + 1, true),
            None => (buffer, buffer.len(), false),
        };
        let room = keep.saturating_sub(line.len());
        line.extend_from_slice(&text[..text.len().min(room)]);
        length = length.saturating_add(text.len());
        input.consume(used);
        if ended {
            break;
        }
    }
    if !any {
        return Ok(None);
    }
    if length == line.len() && line.last() == Some(&b'\r') {
        line.pop();
        length -= 1;
    }
    Ok(Some(length))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_plans::resolved;
    use proptest::prelude::*;

    const PLAN: &str = r#"
version: 1
project: {name: Mailed, owner: ana, timezone: Europe/Berlin, start: 2026-03-02}
people:
  ana: {name: Ana Lima, email: ana@team.example}
  ben: {name: Ben Roth, email: ben@client.example}
audiences:
  client: {name: Client, members: [ben], external: true, channels: [email]}
channels:
  email: {kind: email, sla: {response: 1bd}}
"#;

    /// A message of Monday 9 March 2026, `minute` after 09:00 Berlin.
    fn mail(id: &str, from: &str, minute: u32, answers: &str) -> String {
        let to = if from == "ben" {
            "ana@team.example"
        } else {
            "ben@client.example"
        };
        let from = if from == "ben" {
            "ben@client.example"
        } else {
            "ana@team.example"
        };
        let answers = match answers {
            "" => String::new(),
            _ => format!("In-Reply-To: <{answers}>\nReferences: <root@x> <{answers}>\n"),
        };
        format!(
            "From {from} Mon Mar  9 08:00:00 2026\nFrom: {from}\nTo: {to}\n\
             Date: Mon, 9 Mar 2026 {:02}:{:02}:00 +0100\nMessage-ID: <{id}>\n{answers}\n\
             body\n\n",
            9 + minute / 60,
            minute % 60
        )
    }

    /// (from, minutes sent and replied after 09:00) of each request, sorted.
    fn requests(files: &[String]) -> Vec<(String, i64, Option<i64>)> {
        let compiled = resolved(PLAN);
        let mut mailboxes = Mailboxes::new(&compiled, false);
        for (n, text) in files.iter().enumerate() {
            mailboxes
                .read(text.as_bytes(), &format!("{n}.mbox"), None)
                .unwrap();
        }
        let start = crate::test_plans::instant("Europe/Berlin", "2026-03-09", 9, 0);
        let mut found: Vec<_> = mailboxes
            .into_items()
            .filter_map(|item| match item {
                Item::Request(r) => Some((
                    r.from,
                    r.sent.minutes_since(start),
                    r.replied.map(|at| at.minutes_since(start)),
                )),
                Item::Contact(_) => None,
                Item::Skip(skip) => panic!("{skip:?}"),
            })
            .collect();
        found.sort();
        found
    }

    /// Two threads joined only by `References` to a root no file holds,
    /// one by `In-Reply-To`, and a message of no thread.
    fn messages() -> Vec<String> {
        vec![
            mail("a1", "ben", 0, ""),
            mail("a2", "ana", 30, "a1"),
            mail("a3", "ben", 40, "a2"),
            mail("b1", "ana", 10, "root@x"),
            mail("b2", "ben", 100, "b1"),
            mail("c1", "ben", 50, ""),
            mail("c2", "ana", 55, "c1"),
            mail("d1", "ben", 200, ""),
        ]
    }

    #[test]
    fn threads_pair_requests_and_replies() {
        let ben = "ben@client.example".to_string();
        let ana = "ana@team.example".to_string();
        // a and b are one thread through `root@x`: ben 0, ana 10 (answers),
        // ana 30, ben 40 (answers), ben 100 (open); c and d are their own.
        assert_eq!(
            requests(&[messages().concat()]),
            [
                (ana.clone(), 30, Some(40)),
                (ben.clone(), 0, Some(10)),
                (ben.clone(), 50, Some(55)),
                (ben.clone(), 100, None),
                (ben.clone(), 200, None),
            ]
        );
    }

    proptest! {
        #[test]
        fn threading_does_not_depend_on_the_order_of_messages_or_files(
            order in Just(messages()).prop_shuffle(),
            split in 0usize..=8,
        ) {
            let (first, second) = order.split_at(split);
            let shuffled = requests(&[first.concat(), second.concat()]);
            prop_assert_eq!(shuffled, requests(&[messages().concat()]));
        }
    }

    /// The skips of a mailbox of one message from ben dated `date`, and
    /// how many requests it gives.
    fn read_dated(date: &str) -> (Vec<String>, usize) {
        let compiled = resolved(PLAN);
        let mut mailboxes = Mailboxes::new(&compiled, false);
        let text = format!(
            "From x\nFrom: ben@client.example\nTo: ana@team.example\nDate: {date}\n\nbody\n"
        );
        mailboxes.read(text.as_bytes(), "d.mbox", None).unwrap();
        let (mut skips, mut requests) = (Vec::new(), 0);
        for item in mailboxes.into_items() {
            match item {
                Item::Skip(skip) => skips.push(format!("{}: {}", skip.place.line, skip.reason)),
                Item::Request(_) => requests += 1,
                Item::Contact(_) => {}
            }
        }
        (skips, requests)
    }

    #[test]
    fn dates_outside_the_years_plan_works_with_are_skips() {
        let outside = |rfc3339: &str| {
            vec![format!(
                "1: message 1: its Date `{rfc3339}` is outside the dates `plan` works with (1970 to 2200)"
            )]
        };
        assert_eq!(
            read_dated("Mon, 1 Jan 1900 10:00:00 +0000"),
            (outside("1900-01-01T10:00:00Z"), 0)
        );
        assert_eq!(
            read_dated("Wed, 31 Dec 1969 23:59:59 +0000"),
            (outside("1969-12-31T23:59:59Z"), 0)
        );
        assert_eq!(
            read_dated("Sat, 1 Jan 2201 00:00:00 +0000"),
            (outside("2201-01-01T00:00:00Z"), 0)
        );
        for inside in [
            "Thu, 1 Jan 1970 00:00:00 +0000",
            "Mon, 31 Dec 2200 23:59:59 +0000",
        ] {
            assert_eq!(read_dated(inside), (vec![], 1), "{inside}");
        }
    }

    #[test]
    fn a_four_digit_year_read_as_another_is_a_skip_and_two_digits_are_read() {
        let unreadable = vec!["1: message 1: its Date's year cannot be read".to_string()];
        // mail-parser reads `0001` as the two-digit year 01: 2001.
        assert_eq!(
            read_dated("Mon, 1 Jan 0001 10:00:00 +0000"),
            (unreadable.clone(), 0)
        );
        assert_eq!(
            read_dated("Mon, 9 Mar 20260 10:00:00 +0100"),
            (unreadable, 0)
        );
        assert_eq!(read_dated("Mon, 9 Mar 26 10:00:00 +0100"), (vec![], 1));
        assert_eq!(
            written_year("Mon, 9 Mar 2026 10:00:00 +0100 (CET)"),
            Some(2026)
        );
        assert_eq!(written_year("Mon, 9 Mar 26 10:00:00 +0100"), None);
    }

    #[test]
    fn a_long_references_adds_only_its_root_and_last_ids() {
        let compiled = resolved(PLAN);
        let mut mailboxes = Mailboxes::new(&compiled, false);
        let references: Vec<String> = (0..1000).map(|n| format!("<r{n}@x>")).collect();
        let text = format!(
            "From x\nFrom: ben@client.example\nTo: ana@team.example\n\
             Date: Mon, 9 Mar 2026 09:00:00 +0100\nMessage-ID: <m@x>\n\
             In-Reply-To: <p@x>\nReferences: {}\n\n",
            references.join(" ")
        );
        mailboxes.read(text.as_bytes(), "a.mbox", None).unwrap();
        let ids = &mailboxes.threads.ids;
        // Its own id, In-Reply-To, the root and the last ten.
        assert_eq!(ids.len(), 13);
        for kept in ["m@x", "p@x", "r0@x", "r990@x", "r999@x"] {
            assert!(ids.contains_key(&id_hash(&[kept])), "{kept}");
        }
        assert!(!ids.contains_key(&id_hash(&["r989@x"])));
    }

    fn lines(text: &[u8], keep: usize) -> Vec<(String, usize)> {
        let mut input = text;
        let mut line = Vec::new();
        let mut found = Vec::new();
        while let Some(length) = read_line(&mut input, &mut line, keep).unwrap() {
            found.push((String::from_utf8_lossy(&line).into_owned(), length));
        }
        found
    }

    #[test]
    fn lines_end_with_lf_or_crlf_and_keep_no_more_than_asked() {
        assert_eq!(
            lines(b"From a\r\n\r\nbody\nlast", 10),
            [
                ("From a".into(), 6),
                (String::new(), 0),
                ("body".into(), 4),
                ("last".into(), 4)
            ]
        );
        assert_eq!(lines(b"0123456789\r\n", 5), [("01234".into(), 11)]);
        assert!(lines(b"", 5).is_empty());
    }

    #[test]
    fn urgency_is_read_from_every_common_header() {
        let parser = MessageParser::new();
        for (header, urgent) in [
            ("Importance: High", true),
            ("X-Priority: 1 (Highest)", true),
            ("X-Priority: 2", true),
            ("X-Priority: 3 (Normal)", false),
            ("Priority: urgent", true),
            ("Priority: normal", false),
            ("X-MSMail-Priority: High", true),
            ("Subject: urgent", false),
        ] {
            let text = format!("From: a@b\n{header}\n\n");
            let parsed = parser.parse_headers(text.as_bytes()).unwrap();
            assert_eq!(is_urgent(&parsed), urgent, "{header}");
        }
    }
}
