//! The version of each calendar event between builds: `plan.lock`.
//!
//! Calendar apps take an event they already hold as an update only when its
//! `SEQUENCE` rises (RFC 5546) and show `LAST-MODIFIED`. A build alone cannot
//! know whether an event changed since the last one, so the lock keeps, per
//! event UID, a digest of how the event was written, its sequence and when it
//! last changed. A build whose event reads as the lock says keeps its
//! version; an edited event gets the next sequence and the build's stamp.
//! Same plan, same lock: same bytes.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::time::Instant;

/// The first line of every lock: what it is and that it is committed.
pub const LOCK_HEADER: &str = "# plan.lock: written by `plan build`; commit it beside the plan.";

const LOCK_NOTE: &str =
    "# Per calendar event: UID, SEQUENCE, LAST-MODIFIED and a digest of the event.
# An edited event gets the next SEQUENCE, so calendar apps take it as an update.
version 1
";

/// The largest SEQUENCE: RFC 5545's INTEGER is 32-bit signed.
const MAX_SEQUENCE: u32 = i32::MAX as u32;

/// One event's version.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Version {
    pub sequence: u32,
    pub modified: Instant,
    /// FNV-1a of the event as written, without its stamps.
    pub digest: u64,
}

/// The versions of a plan's events, by UID.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EventVersions {
    versions: BTreeMap<String, Version>,
}

/// Why a lock cannot be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LockError {
    pub line: usize,
    pub reason: String,
}

impl EventVersions {
    pub fn get(&self, uid: &str) -> Option<&Version> {
        self.versions.get(uid)
    }

    pub fn len(&self) -> usize {
        self.versions.len()
    }

    pub fn is_empty(&self) -> bool {
        self.versions.is_empty()
    }

    /// The version an event written as `digest` has now: the one the lock
    /// holds if it reads the same; else the next sequence, modified at
    /// `stamp` (or a second after the previous change, should the stamp not
    /// be later: `LAST-MODIFIED` never goes back).
    pub fn next(&self, uid: &str, digest: u64, stamp: Instant) -> Version {
        match self.versions.get(uid) {
            Some(version) if version.digest == digest => *version,
            Some(version) => {
                let after = Instant::from_unix_seconds(version.modified.unix_seconds() + 1);
                Version {
                    sequence: version.sequence.saturating_add(1).min(MAX_SEQUENCE),
                    modified: after.map_or(stamp, |after| stamp.max(after)),
                    digest,
                }
            }
            None => Version {
                sequence: 0,
                modified: stamp,
                digest,
            },
        }
    }

    pub fn insert(&mut self, uid: String, version: Version) {
        self.versions.insert(uid, version);
    }

    /// The lock file's text: sorted by UID, one event a line.
    pub fn to_text(&self) -> String {
        let mut text = format!("{LOCK_HEADER}\n{LOCK_NOTE}");
        for (uid, version) in &self.versions {
            let _ = writeln!(
                text,
                "{uid} {} {} {:016x}",
                version.sequence,
                version.modified.to_ical_utc(),
                version.digest
            );
        }
        text
    }

    /// Reads a lock written by [`EventVersions::to_text`].
    pub fn parse(text: &str) -> Result<Self, LockError> {
        let fail = |line: usize, reason: &str| LockError {
            line,
            reason: reason.to_string(),
        };
        let mut lines = text.lines().enumerate().map(|(i, line)| (i + 1, line));
        if lines.next().map(|(_, line)| line) != Some(LOCK_HEADER) {
            return Err(fail(1, "it does not start as a lock `plan build` writes"));
        }
        let mut entries = lines.filter(|(_, line)| !line.is_empty() && !line.starts_with('#'));
        match entries.next() {
            Some((_, "version 1")) => {}
            Some((number, _)) => return Err(fail(number, "expected `version 1`")),
            None => return Err(fail(1, "it has no `version` line")),
        }
        let mut versions = BTreeMap::new();
        for (number, line) in entries {
            let fields: Vec<&str> = line.split(' ').collect();
            let [uid, sequence, modified, digest] = fields[..] else {
                return Err(fail(
                    number,
                    "expected a UID, a sequence, a time and a digest",
                ));
            };
            let version = Version {
                sequence: sequence
                    .parse()
                    .ok()
                    .filter(|s| *s <= MAX_SEQUENCE)
                    .ok_or_else(|| fail(number, "the sequence is not a number up to 2147483647"))?,
                modified: Instant::parse_ical_utc(modified)
                    .ok_or_else(|| fail(number, "the time is not `YYYYMMDDTHHMMSSZ`"))?,
                digest: u64::from_str_radix(digest, 16)
                    .map_err(|_| fail(number, "the digest is not hexadecimal"))?,
            };
            if versions.insert(uid.to_string(), version).is_some() {
                return Err(fail(number, "this UID is listed twice"));
            }
        }
        Ok(Self { versions })
    }
}

/// FNV-1a, 64 bits: a digest that is the same on every machine and in
/// every version of Rust (the standard hasher promises neither).
pub fn digest(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: i64) -> Instant {
        Instant::from_unix_seconds(seconds).unwrap()
    }

    #[test]
    fn a_lock_reads_back_what_it_wrote() {
        let mut versions = EventVersions::default();
        versions.insert("b@p".into(), versions.next("b@p", 7, at(1_767_225_600)));
        let first = versions.next("a@p", 1, at(0));
        versions.insert("a@p".into(), first);
        let text = versions.to_text();
        assert!(text.ends_with(
            "a@p 0 19700101T000000Z 0000000000000001\nb@p 0 20260101T000000Z 0000000000000007\n"
        ));
        assert_eq!(EventVersions::parse(&text), Ok(versions));
    }

    #[test]
    fn an_edited_event_gets_the_next_sequence_and_an_unchanged_one_keeps_its_own() {
        let mut versions = EventVersions::default();
        versions.insert("a@p".into(), versions.next("a@p", 1, at(100)));
        assert_eq!(versions.next("a@p", 1, at(500)), versions.versions["a@p"]);
        let edited = versions.next("a@p", 2, at(500));
        assert_eq!((edited.sequence, edited.modified), (1, at(500)));
        // A stamp that is not later (no SOURCE_DATE_EPOCH): still later than before.
        let again = versions.next("a@p", 2, at(50));
        assert_eq!(again.modified, at(101));
    }

    #[test]
    fn a_broken_lock_says_where() {
        let good = EventVersions::default().to_text();
        let cases = [
            ("not a lock\n", 1),
            (&format!("{good}a@p x 20260101T000000Z 01\n"), 5),
            (&format!("{good}a@p 2147483648 20260101T000000Z 01\n"), 5),
            (&format!("{good}a@p 1 2026-01-01 01\n"), 5),
            (&format!("{good}a@p 1 20260101T000000Z zz\n"), 5),
            (&format!("{good}a@p 1\n"), 5),
            (
                &format!("{good}a@p 1 20260101T000000Z 01\na@p 2 20260101T000000Z 01\n"),
                6,
            ),
        ];
        for (text, line) in cases {
            assert_eq!(
                EventVersions::parse(text).map_err(|e| e.line),
                Err(line),
                "{text}"
            );
        }
    }
}
