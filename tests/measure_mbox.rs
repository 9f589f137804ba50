//! `plan measure` on mbox files: tests/fixtures/measure/mbox/inbox.mbox
//! and sent.mbox (CRLF), worked out by hand on the fixture plan's clock
//! (Europe/Berlin, 09:00-17:30, Good Friday and Easter Monday off, Saturday
//! 11 April worked; email promises 1bd = 8.5 business hours, urgent 4bh):
//!
//! - Fri 03-06 17:00 -> Mon 03-09 10:30 (reply in sent.mbox): 30 + 90 = 120
//!   minutes, within (due Monday 17:00);
//! - Thu 04-02 16:30 -> Tue 04-07 15:00 (reply in both files, one message):
//!   60 + 360 = 420 minutes, within (due Tuesday 16:30);
//! - Fri 04-10 17:00 -> Sat 04-11 11:00 (joined by Gmail's thread id alone):
//!   30 + 120 = 150 minutes, within (due Saturday 17:00);
//! - urgent (`X-Priority: 1`) Mon 03-09 10:00 -> 15:00: 300 minutes, late
//!   (4bh was due 14:00);
//! - Wed 03-11 16:00, never answered: due Thu 03-12 16:00, overdue as of the
//!   latest time in the data (Sat 04-11 11:00);
//! - a message whose header is no header and one without a Date: skips.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails loudly"
)]

mod common;
use std::path::Path;

use common::{file_name, json, measure, scratch};

/// The JSON report of `plan measure` on `args`.
fn report(args: &[&str]) -> serde_json::Value {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let run = measure(&all);
    assert_eq!(run.code, 0, "{}", run.stderr);
    json(&run.stdout)
}

const INBOX: &str = "mbox/inbox.mbox";
const SENT: &str = "mbox/sent.mbox";

#[test]
fn inbox_and_sent_together_give_the_figures_worked_out_by_hand() {
    let report = report(&[INBOX, SENT]);
    let email = &report["channels"][0];
    assert_eq!(report["channels"].as_array().unwrap().len(), 1);
    let figures: Vec<(&str, serde_json::Value)> = [
        "channel",
        "requests",
        "urgent",
        "outside_plan",
        "answered",
        "within_sla",
        "late",
        "open_overdue",
        "open_pending",
        "judged",
        "attainment_percent",
        "median_minutes",
        "p90_minutes",
    ]
    .into_iter()
    .map(|name| (name, email[name].clone()))
    .collect();
    let expected: Vec<(&str, serde_json::Value)> = vec![
        ("channel", "email".into()),
        ("requests", 5.into()),
        ("urgent", 1.into()),
        ("outside_plan", 0.into()),
        ("answered", 4.into()),
        ("within_sla", 3.into()),
        ("late", 1.into()),
        ("open_overdue", 1.into()),
        ("open_pending", 0.into()),
        ("judged", 5.into()),
        ("attainment_percent", 60.0.into()),
        // 120, 150, 300, 420 by nearest rank.
        ("median_minutes", 150.into()),
        ("p90_minutes", 420.into()),
    ];
    assert_eq!(figures, expected);
    assert_eq!(report["as_of"], "2026-04-11T11:00:00+02:00");
    assert_eq!(report["skipped"], 2);
    assert_eq!(
        report["skips"],
        serde_json::json!([
            {"place": {"file": "mbox/inbox.mbox", "line": 72},
             "reason": "message 7: its header cannot be read"},
            {"place": {"file": "mbox/inbox.mbox", "line": 78},
             "reason": "message 8: it has no Date that can be read"},
        ])
    );
}

/// (requests, answered, within, late, overdue, median) of the one channel.
fn counts(report: &serde_json::Value) -> [serde_json::Value; 6] {
    let email = &report["channels"][0];
    [
        "requests",
        "answered",
        "within_sla",
        "late",
        "open_overdue",
        "median_minutes",
    ]
    .map(|name| email[name].clone())
}

#[test]
fn each_case_alone_in_a_period_of_its_own() {
    let case = |from: &str, to: &str| counts(&report(&[INBOX, SENT, "--from", from, "--to", to]));
    let n = |v: i64| serde_json::Value::from(v);
    // Friday 17:00 -> Monday 10:30: two business hours, within 1bd.
    assert_eq!(
        case("2026-03-06", "2026-03-06"),
        [n(1), n(1), n(1), n(0), n(0), n(120)]
    );
    // Across Easter: seven business hours, within.
    assert_eq!(
        case("2026-04-02", "2026-04-02"),
        [n(1), n(1), n(1), n(0), n(0), n(420)]
    );
    // The make-up Saturday counts: two and a half hours, within.
    assert_eq!(
        case("2026-04-10", "2026-04-10"),
        [n(1), n(1), n(1), n(0), n(0), n(150)]
    );
    // Urgent: five hours against 4bh, late.
    assert_eq!(
        case("2026-03-09", "2026-03-09"),
        [n(1), n(1), n(0), n(1), n(0), n(300)]
    );
    // Never answered, judged at the end of the --to day: pending on
    // Wednesday, overdue once Thursday 16:00 has passed.
    let open = |to: &str| {
        let report = report(&[INBOX, SENT, "--from", "2026-03-11", "--to", to]);
        let email = &report["channels"][0];
        (email["open_pending"].clone(), email["open_overdue"].clone())
    };
    assert_eq!(open("2026-03-11"), (n(1), n(0)));
    assert_eq!(open("2026-03-12"), (n(0), n(1)));
}

#[test]
fn without_sent_the_team_s_replies_are_missing_and_the_requests_open() {
    // The Friday and urgent replies are in sent.mbox only; Easter's answer
    // is in both, the Saturday one in sent.mbox.
    let report = report(&[INBOX]);
    let email = &report["channels"][0];
    assert_eq!(
        (email["requests"].clone(), email["answered"].clone()),
        (5.into(), 1.into())
    );
}

#[test]
fn the_same_message_in_two_files_is_one_message() {
    // Were the copy of Easter's answer counted twice, the second would be a
    // request of the team, never answered.
    let report = report(&[INBOX, SENT, SENT]);
    assert_eq!(report["channels"][0]["requests"], 5);
    // Nine messages once each: the Easter answer is one touchpoint.
    assert_eq!(report["audiences"][0]["touchpoints"], 9);
}

#[test]
fn the_order_of_the_files_does_not_matter() {
    assert_eq!(
        report(&[SENT, INBOX])["channels"],
        report(&[INBOX, SENT])["channels"]
    );
}

#[test]
fn channel_names_the_channel_of_one_source() {
    // Counted on chat (2bh): Friday 17:00 is due Monday 10:30, the very
    // minute of the reply: within.
    let report = report(&[
        INBOX,
        SENT,
        "--channel",
        "chat",
        "--from",
        "2026-03-06",
        "--to",
        "2026-03-06",
    ]);
    let chat = &report["channels"][0];
    assert_eq!(chat["channel"], "chat");
    assert_eq!(
        (chat["within_sla"].clone(), chat["median_minutes"].clone()),
        (1.into(), 120.into())
    );
}

#[test]
fn the_fixture_in_human_form() {
    let run = measure(&[INBOX, SENT]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn no_message_text_reaches_the_output() {
    for format in ["human", "json"] {
        let run = measure(&[INBOX, SENT, "--format", format]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        for text in [
            "Before Easter",
            "Angebot",
            "Nobody answered",
            // The sender's display name in the mail; the plan's `Ben Roth` may show.
            "Röth",
            "notes.bin",
        ] {
            assert!(
                !run.stdout.contains(text),
                "{format} shows {text}: {}",
                run.stdout
            );
        }
    }
}

#[test]
fn hostile_mailboxes_are_skips_never_crashes() {
    let dir = scratch("measure-mbox-hostile");
    let long_header = format!(
        "From x\nFrom: ben@client.example\nDate: Mon, 9 Mar 2026 10:00:00 +0100\nX-Long: {}\n\nbody\n",
        "y".repeat(300 << 10)
    );
    let endless_header = "From x\nFrom: ben@client.example\nX: y\n".repeat(3);
    let cases: [(&str, Vec<u8>, &[&str]); 5] = [
        (
            "long.mbox",
            long_header.into_bytes(),
            &["long.mbox:1: message 1: its header is larger than 256 KiB"],
        ),
        (
            "binary.mbox",
            vec![0, 159, 255, 10, 0, 13, 10],
            &["binary.mbox:1: no line starts `From `: this is no mbox file"],
        ),
        (
            "before.mbox",
            b"stray text\nFrom x\nFrom: ben@client.example\nDate: Mon, 9 Mar 2026 10:00:00 +0100\n"
                .to_vec(),
            &["before.mbox:1: the text before the first `From ` line is no message"],
        ),
        (
            "endless.mbox",
            endless_header.into_bytes(),
            &[
                "endless.mbox:1: message 1: it has no Date that can be read",
                "endless.mbox:4: message 2: it has no Date that can be read",
                "endless.mbox:7: message 3: it has no Date that can be read",
            ],
        ),
        (
            "bad-date.mbox",
            b"From x\nFrom: ben@client.example\nDate: Feb 31 nonsense\n".to_vec(),
            &["bad-date.mbox:1: message 1: it has no Date that can be read"],
        ),
    ];
    for (name, bytes, expected) in cases {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        let report = report(&[path.to_str().unwrap()]);
        let skips: Vec<String> = report["skips"]
            .as_array()
            .unwrap()
            .iter()
            .map(|skip| {
                let file = file_name(Path::new(skip["place"]["file"].as_str().unwrap()));
                format!(
                    "{file}:{}: {}",
                    skip["place"]["line"],
                    skip["reason"].as_str().unwrap()
                )
            })
            .collect();
        assert_eq!(skips, expected, "{name}");
    }
}
