//! What a source is, and which plan channel its messages were sent on.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::compile::{Channel, Compiled};
use crate::model::ChannelKind;

/// The kinds of source `plan measure` reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SourceKind {
    /// Rows of requests (docs/measure.md).
    Csv,
    /// A mailbox: messages one after another, each after a `From ` line.
    Mbox,
    /// A Slack workspace export, unpacked: `users.json`, `channels.json`
    /// and a folder of days per channel.
    SlackExport,
    /// An iCalendar export of what was held.
    Calendar,
}

impl SourceKind {
    pub const fn as_str(self) -> &'static str {
        match self {
            SourceKind::Csv => "CSV",
            SourceKind::Mbox => "mbox",
            SourceKind::SlackExport => "Slack export",
            SourceKind::Calendar => "calendar",
        }
    }

    /// The kind of `path`: a folder with `channels.json` is a Slack export;
    /// a file by its extension (`.csv`, `.mbox`/`.mbx`, `.ics`), else by its
    /// first bytes (`From ` starts an mbox, `BEGIN:VCALENDAR` a calendar:
    /// Thunderbird's mail folders and Takeout's have no extension). `None`:
    /// none of these.
    pub fn of(path: &Path) -> std::io::Result<Option<SourceKind>> {
        if path.is_dir() {
            if path.join("channels.json").is_file() || path.join("users.json").is_file() {
                return Ok(Some(SourceKind::SlackExport));
            }
            // Apple Mail exports a mailbox as a folder `NAME.mbox` holding `mbox`.
            return Ok(path.join("mbox").is_file().then_some(SourceKind::Mbox));
        }
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match extension.as_deref() {
            Some("csv") => return Ok(Some(SourceKind::Csv)),
            Some("mbox" | "mbx") => return Ok(Some(SourceKind::Mbox)),
            Some("ics" | "ical" | "ifb") => return Ok(Some(SourceKind::Calendar)),
            _ => {}
        }
        let mut start = [0u8; 32];
        let read = read_up_to(File::open(path)?, &mut start)?;
        let start = strip_bom(&start[..read]);
        Ok(if start.starts_with(b"From ") {
            Some(SourceKind::Mbox)
        } else if start.starts_with(b"BEGIN:VCALENDAR") {
            Some(SourceKind::Calendar)
        } else {
            None
        })
    }
}

/// The file of an mbox source: `path`, or the `mbox` file in an Apple Mail
/// `NAME.mbox` folder.
pub fn mbox_file(path: &Path) -> PathBuf {
    if path.is_dir() {
        path.join("mbox")
    } else {
        path.to_path_buf()
    }
}

fn read_up_to(mut file: File, buffer: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buffer.len() {
        match file.read(&mut buffer[filled..])? {
            0 => break,
            n => filled += n,
        }
    }
    Ok(filled)
}

fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// Which plan channel a source's messages count on: the one named with
/// `--channel`, else the one whose `address` a message names, else the
/// plan's only channel of the source's kind.
#[derive(Clone, Debug)]
pub struct ChannelChoice {
    /// `--channel` for this source.
    pub explicit: Option<String>,
    /// (lowercase address without a leading `#`, channel id) of the
    /// channels of the source's kind with an `address`.
    addresses: Vec<(String, String)>,
    /// The only channel of the source's kind (for Slack: the only one with
    /// `provider: slack`, else the only chat channel).
    only: Option<String>,
    /// Every channel of the source's kind, for the message when none fits.
    candidates: Vec<String>,
    kind: ChannelKind,
}

impl ChannelChoice {
    /// How the channels of `kind` are told apart, for a source read with
    /// `explicit` from `--channel`; `provider` narrows the default (Slack).
    pub fn new(
        compiled: &Compiled,
        kind: ChannelKind,
        provider: Option<&str>,
        explicit: Option<String>,
    ) -> ChannelChoice {
        let of_kind: Vec<&Channel> = compiled
            .channels
            .iter()
            .filter(|c| c.kind == kind)
            .collect();
        let addresses = of_kind
            .iter()
            .filter_map(|c| Some((normal_address(c.address.as_deref()?), c.id.clone())))
            .collect();
        let by_provider: Vec<&Channel> = of_kind
            .iter()
            .copied()
            .filter(|c| {
                provider.is_some_and(|p| {
                    c.provider
                        .as_deref()
                        .is_some_and(|q| q.eq_ignore_ascii_case(p))
                })
            })
            .collect();
        let only = match (by_provider.as_slice(), of_kind.as_slice()) {
            ([one], _) | ([], [one]) => Some(one.id.clone()),
            _ => None,
        };
        ChannelChoice {
            explicit,
            addresses,
            only,
            candidates: of_kind.iter().map(|c| c.id.clone()).collect(),
            kind,
        }
    }

    /// Only a channel whose `address` is named counts, once any channel of
    /// the kind has one: a Slack export holds every channel of the
    /// workspace, and `#random` is not the client channel `#acme-project`
    /// just because the plan has one chat channel.
    pub fn by_address_when_given(mut self) -> ChannelChoice {
        if !self.addresses.is_empty() {
            self.only = None;
        }
        self
    }

    /// The channel of a message that names `names` (its addresses, or a
    /// chat channel's name); `Err` says why none fits, for a skip.
    pub fn channel<'n>(&self, names: impl IntoIterator<Item = &'n str>) -> Result<String, String> {
        if let Some(explicit) = &self.explicit {
            return Ok(explicit.clone());
        }
        for name in names {
            let name = normal_address(name);
            if let Some((_, id)) = self.addresses.iter().find(|(address, _)| *address == name) {
                return Ok(id.clone());
            }
        }
        self.only.clone().ok_or_else(|| self.none_fits())
    }

    fn none_fits(&self) -> String {
        let kind = self.kind.as_str();
        if !self.addresses.is_empty() && self.only.is_none() && self.candidates.len() == 1 {
            let addresses: Vec<String> = self
                .addresses
                .iter()
                .map(|(a, _)| format!("`{a}`"))
                .collect();
            return format!(
                "it is not the {kind} channel's address ({}); name it with --channel to count it",
                addresses.join(", ")
            );
        }
        match self.candidates.as_slice() {
            [] => format!("the plan has no {kind} channel; name one with --channel"),
            ids => format!(
                "the plan has {} {kind} channels ({}) and the message names none of their addresses; name one with --channel",
                ids.len(),
                ids.iter()
                    .map(|id| format!("`{id}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }
}

fn normal_address(address: &str) -> String {
    address.trim().trim_start_matches('#').to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_plans::resolved;

    const PLAN: &str = r##"
version: 1
project: {name: Chosen, owner: ana, timezone: Europe/Berlin, start: 2026-03-02}
people:
  ana: {name: Ana Lima, email: ana@team.example}
channels:
  email: {kind: email}
  support: {kind: email, address: Support@Team.example}
  slack: {kind: chat, provider: slack, address: "#acme-project"}
  teams: {kind: chat, provider: teams}
lint: {channel-without-sla: allow, unused-channel: allow}
"##;

    #[test]
    fn a_message_goes_to_the_channel_it_names_else_the_only_one_of_its_kind() {
        let compiled = resolved(PLAN);
        let mail = ChannelChoice::new(&compiled, ChannelKind::Email, None, None);
        assert_eq!(
            mail.channel(["x@y.example", "support@team.example"]),
            Ok("support".to_string())
        );
        let unnamed = mail.channel(["x@y.example"]).unwrap_err();
        assert!(
            unnamed.contains("2 email channels (`email`, `support`)"),
            "{unnamed}"
        );
        let slack = ChannelChoice::new(&compiled, ChannelKind::Chat, Some("Slack"), None);
        assert_eq!(slack.channel(["random"]), Ok("slack".to_string()));
        assert_eq!(slack.channel(["acme-project"]), Ok("slack".to_string()));
        let told = ChannelChoice::new(
            &compiled,
            ChannelKind::Chat,
            Some("slack"),
            Some("teams".to_string()),
        );
        assert_eq!(told.channel(["acme-project"]), Ok("teams".to_string()));
        // A Slack export holds every channel: with an address given, only it counts.
        let one_chat = resolved(&PLAN.replace("  teams: {kind: chat, provider: teams}\n", ""));
        let named = ChannelChoice::new(&one_chat, ChannelKind::Chat, Some("slack"), None)
            .by_address_when_given();
        assert_eq!(named.channel(["acme-project"]), Ok("slack".to_string()));
        assert_eq!(
            named.channel(["random"]),
            Err("it is not the chat channel's address (`acme-project`); name it with --channel to count it".to_string())
        );
    }

    #[test]
    fn a_source_is_known_by_its_folder_extension_or_first_bytes() {
        let dir = std::env::temp_dir().join(format!("commplan-source-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let write = |name: &str, text: &str| {
            let path = dir.join(name);
            std::fs::write(&path, text).unwrap();
            path
        };
        let kind = |path: &Path| SourceKind::of(path).unwrap();
        assert_eq!(kind(&write("a.CSV", "")), Some(SourceKind::Csv));
        assert_eq!(
            kind(&write("Inbox", "From a@b Sat Jan  3 01:05:34 2026\n")),
            Some(SourceKind::Mbox)
        );
        assert_eq!(
            kind(&write("held", "\u{feff}BEGIN:VCALENDAR\r\n")),
            Some(SourceKind::Calendar)
        );
        assert_eq!(kind(&write("notes.txt", "hello")), None);
        let slack = dir.join("export");
        std::fs::create_dir(&slack).unwrap();
        assert_eq!(kind(&slack), None);
        std::fs::write(slack.join("channels.json"), "[]").unwrap();
        assert_eq!(kind(&slack), Some(SourceKind::SlackExport));
        let apple = dir.join("Inbox.mbox");
        std::fs::create_dir(&apple).unwrap();
        assert_eq!(kind(&apple), None);
        std::fs::write(apple.join("mbox"), "From a@b Sat Jan  3 01:05:34 2026\n").unwrap();
        assert_eq!(kind(&apple), Some(SourceKind::Mbox));
        assert_eq!(mbox_file(&apple), apple.join("mbox"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
