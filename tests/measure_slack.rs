//! `plan measure` on the Slack export in tests/fixtures/measure/slack/,
//! worked out by hand on the fixture plan's chat channel (2bh; Europe/Berlin,
//! 09:00-17:30, holidays Good Friday and Easter Monday, make-up Saturday
//! 11 April). `#acme-project` holds, all from Ben (client) to Ana (team):
//! - Fri 6 Mar 17:00, answered in its thread Mon 10:30: 30 + 90 = 120
//!   business minutes, due Mon 10:30: within;
//! - Mon 9 Mar 14:00 with :rotating_light: (urgent), answered in its thread
//!   14:45: 45 minutes, within;
//! - Thu 2 Apr 17:00, answered in the channel Tue 7 Apr 10:30 (and in its
//!   thread at 12:00): 30 + 90 = 120 minutes over Easter, within;
//! - Fri 10 Apr 17:00, answered in its thread Sat 11 Apr 11:00: 30 + 120 =
//!   150 minutes, due Sat 10:30: late;
//! - Mon 13 Apr 09:00, never answered: due 11:00.
//!
//! Besides: a join and a bot's message (ignored), an unknown user and a
//! guest without an email (skips), and a day file cut off mid-message.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails loudly"
)]

mod common;
use common::{json, measure, scratch};

/// The report of the fixture export for `args`.
fn report(args: &[&str]) -> serde_json::Value {
    let mut all = vec!["slack", "--format", "json"];
    all.extend_from_slice(args);
    let run = measure(&all);
    assert_eq!(run.code, 0, "{}", run.stderr);
    json(&run.stdout)
}

/// (requests, urgent, within the SLA, late, open past due, open not yet
/// due, median minutes) of the chat channel, for requests sent on `day`.
fn on(day: &str) -> (u64, u64, u64, u64, u64, u64, Option<i64>) {
    let report = report(&["--from", day, "--to", day]);
    let chat = &report["channels"][0];
    assert_eq!(chat["channel"], "chat");
    let count = |name: &str| chat[name].as_u64().unwrap();
    (
        count("requests"),
        count("urgent"),
        count("within_sla"),
        count("late"),
        count("open_overdue"),
        count("open_pending"),
        chat["median_minutes"].as_i64(),
    )
}

#[test]
fn friday_17_00_answered_in_its_thread_monday_10_30_took_two_business_hours() {
    assert_eq!(on("2026-03-06"), (1, 0, 1, 0, 0, 0, Some(120)));
}

#[test]
fn a_rotating_light_marks_a_request_urgent() {
    assert_eq!(on("2026-03-09"), (1, 1, 1, 0, 0, 0, Some(45)));
}

#[test]
fn an_answer_in_the_channel_counts_and_easter_s_holidays_do_not() {
    assert_eq!(on("2026-04-02"), (1, 0, 1, 0, 0, 0, Some(120)));
}

#[test]
fn the_make_up_saturday_counts() {
    assert_eq!(on("2026-04-10"), (1, 0, 0, 1, 0, 0, Some(150)));
}

#[test]
fn a_request_never_answered_is_open_past_due_once_its_deadline_has_passed() {
    // Judged at the end of its day, after its due time 11:00.
    assert_eq!(on("2026-04-13"), (1, 0, 0, 0, 1, 0, None));
}

#[test]
fn the_whole_export_with_its_skips() {
    let report = report(&["--to", "2026-04-30"]);
    assert_eq!(report["as_of"], "2026-05-01T00:00:00+02:00");
    let chat = &report["channels"][0];
    let figures: Vec<_> = [
        "requests",
        "urgent",
        "outside_plan",
        "answered",
        "within_sla",
        "late",
        "open_overdue",
        "open_pending",
        "judged",
        "median_minutes",
        "p90_minutes",
    ]
    .iter()
    .map(|name| chat[name].as_u64().unwrap())
    .collect();
    assert_eq!(figures, [5, 1, 0, 4, 3, 1, 1, 0, 5, 120, 150]);
    assert_eq!(chat["attainment_percent"], 60.0);
    let skips: Vec<String> = report["skips"]
        .as_array()
        .unwrap()
        .iter()
        .map(|skip| {
            format!(
                "{}:{}: {}",
                skip["place"]["file"].as_str().unwrap(),
                skip["place"]["line"],
                skip["reason"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        skips,
        [
            "slack/acme-project/2026-03-09.json:10: unknown Slack user `U999GONE`: not in users.json",
            "slack/acme-project/2026-03-09.json:24: Slack user `U03GUEST` has no email in users.json (a guest, or a profile without one)",
            "slack/acme-project/2026-03-10.json:5: not valid JSON from here on (EOF while parsing a string); the rest of the day is not counted",
        ]
    );
    assert_eq!(report["skipped"], 3);
}

#[test]
fn the_export_in_human_form() {
    let run = measure(&["slack"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn no_message_text_reaches_the_output() {
    for format in ["human", "json"] {
        let run = measure(&["slack", "--format", format]);
        for text in ["estimate", "staging", "Easter", "demo", "contract", "Fixed"] {
            assert!(
                !run.stdout.contains(text),
                "{text} in {format}: {}",
                run.stdout
            );
        }
    }
}

#[test]
fn channel_names_the_plan_channel_of_every_slack_channel() {
    let run = measure(&["slack", "--channel", "slack=email", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report = json(&run.stdout);
    assert_eq!(report["channels"][0]["channel"], "email");
    assert_eq!(report["channels"][0]["requests"], 5);
}

#[test]
fn an_export_without_a_readable_users_json_is_exit_2() {
    let dir = scratch("measure-slack-users");
    std::fs::write(dir.join("channels.json"), "[]").unwrap();
    let export = dir.to_str().unwrap();
    let run = measure(&[export]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        run.stderr
            .starts_with(&format!("error: cannot read `{export}/users.json`: ")),
        "{}",
        run.stderr
    );
    std::fs::write(dir.join("users.json"), "{\"not\": \"a list\"}").unwrap();
    let run = measure(&[export]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        run.stderr
            .contains("invalid type: map, expected a sequence"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_folder_given_with_a_trailing_slash_is_named_once() {
    let run = measure(&["slack/", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("\"slack/acme-project/2026-03-09.json\"")
    );
    assert!(!run.stdout.contains("slack//"), "{}", run.stdout);
}
