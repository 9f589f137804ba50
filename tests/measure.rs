//! `plan measure`: requests of tests/fixtures/measure/requests.csv, worked
//! out by hand on the fixture plan's clock (Europe/Berlin, 09:00-17:30,
//! holidays Good Friday and Easter Monday, make-up Saturday 11 April), each
//! case alone and all of them together, in both formats.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails loudly"
)]

mod common;
use common::{measure, scratch};

const HEADER: &str = "channel,from,to,sent_at,replied_at,urgent\n";

/// The JSON figures of one channel for a CSV of `rows` alone.
fn one_case(name: &str, rows: &str) -> serde_json::Value {
    let dir = scratch(&format!("measure-{name}"));
    let csv = dir.join("case.csv");
    std::fs::write(&csv, format!("{HEADER}{rows}")).unwrap();
    let run = measure(&[csv.to_str().unwrap(), "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["skipped"], 0, "{}", run.stdout);
    report["channels"][0].clone()
}

/// (reply minutes, within the SLA, late, open past due) of one channel.
fn outcome(channel: &serde_json::Value) -> (Option<i64>, u64, u64, u64) {
    (
        channel["median_minutes"].as_i64(),
        channel["within_sla"].as_u64().unwrap(),
        channel["late"].as_u64().unwrap(),
        channel["open_overdue"].as_u64().unwrap(),
    )
}

#[test]
fn friday_17_00_answered_monday_10_30_took_two_business_hours_within_a_day() {
    // 30 minutes on Friday, 90 on Monday; 1bd (8.5 h) is due Monday 17:00.
    let email = one_case(
        "friday",
        "email,ben@client.example,ana@example.com,2026-03-06T17:00,2026-03-09T10:30,\n",
    );
    assert_eq!(outcome(&email), (Some(120), 1, 0, 0));
    // A minute after the due time is late: Monday 17:01.
    let late = one_case(
        "friday-late",
        "email,ben@client.example,ana@example.com,2026-03-06T17:00,2026-03-09T17:01,\n",
    );
    assert_eq!(outcome(&late), (Some(511), 0, 1, 0));
}

#[test]
fn easter_s_holidays_do_not_count() {
    // Thursday 16:30 to Tuesday 15:00: 1 h on Thursday, Good Friday, the
    // weekend and Easter Monday off, 6 h on Tuesday; 1bd is due Tuesday 16:30.
    let email = one_case(
        "holiday",
        "email,ben@client.example,ana@example.com,2026-04-02T16:30,2026-04-07T15:00,\n",
    );
    assert_eq!(outcome(&email), (Some(420), 1, 0, 0));
}

#[test]
fn the_make_up_saturday_counts() {
    // Friday 17:00 to Saturday 11:00: 30 min on Friday, 2 h on the make-up
    // Saturday; 2bh was due Saturday 10:30.
    let chat = one_case(
        "saturday",
        "chat,ben@client.example,ana@example.com,2026-04-10T17:00,2026-04-11T11:00,\n",
    );
    assert_eq!(outcome(&chat), (Some(150), 0, 1, 0));
}

#[test]
fn an_urgent_request_is_held_to_the_urgent_response_time() {
    // Monday 10:00 to 15:00: 5 h, within 1bd but not within the urgent 4bh.
    let row = "email,ben@client.example,ana@example.com,2026-03-09T10:00,2026-03-09T15:00,";
    let urgent = one_case("urgent", &format!("{row}true\n"));
    assert_eq!(outcome(&urgent), (Some(300), 0, 1, 0));
    assert_eq!(urgent["urgent"], 1);
    let normal = one_case("not-urgent", &format!("{row}false\n"));
    assert_eq!(outcome(&normal), (Some(300), 1, 0, 0));
}

#[test]
fn a_request_never_answered_is_open_past_due_once_its_deadline_has_passed() {
    // Wednesday 16:00 on chat is due Thursday 09:30.
    let row = "chat,ben@client.example,ana@example.com,2026-03-11T16:00,,\n";
    let dir = scratch("measure-open");
    let csv = dir.join("open.csv");
    std::fs::write(&csv, format!("{HEADER}{row}")).unwrap();
    let csv = csv.to_str().unwrap();
    let at = |to: &str| {
        let run = measure(&[csv, "--to", to, "--format", "json"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        let chat = &report["channels"][0];
        (chat["open_overdue"].clone(), chat["open_pending"].clone())
    };
    // Judged at the end of Wednesday: not yet due; of Thursday: overdue.
    assert_eq!(at("2026-03-11"), (0.into(), 1.into()));
    assert_eq!(at("2026-03-12"), (1.into(), 0.into()));
    // Without --to, at the latest time in the data: its own send time.
    let alone = one_case("open-alone", row);
    assert_eq!(outcome(&alone), (None, 0, 0, 0));
    assert_eq!(alone["open_pending"], 1);
}

#[test]
fn the_fixture_in_human_form() {
    let run = measure(&["requests.csv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn the_fixture_in_json_carries_every_figure() {
    let run = measure(&["requests.csv", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    insta::assert_json_snapshot!(report);
}

#[test]
fn a_period_counts_what_was_sent_in_it() {
    let run = measure(&["requests.csv", "--from", "2026-03-09", "--to", "2026-03-13"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn fail_under_exits_1_when_a_channel_is_below() {
    let run = measure(&["requests.csv", "--fail-under", "90"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "attainment below --fail-under 90 %: `email` 75 %, `chat` 33.3 %\n"
    );
    let run = measure(&["requests.csv", "--fail-under", "75"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "attainment below --fail-under 75 %: `chat` 33.3 %\n"
    );
    let run = measure(&["requests.csv", "--fail-under", "30"]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    let run = measure(&["requests.csv", "--fail-under", "101"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
}

#[test]
fn what_cannot_be_read_is_exit_2() {
    let run = measure(&["plan.yaml"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: `plan.yaml` is no source `plan measure` reads\n\
         help: give a .csv file of requests, an mbox file, an unpacked Slack export folder or an .ics file (docs/measure.md)\n"
    );
    let run = measure(&["missing.csv"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.starts_with("error: cannot read `missing.csv`: "),
        "{}",
        run.stderr
    );
    let dir = scratch("measure-header");
    let csv = dir.join("header.csv");
    std::fs::write(&csv, "channel,from,to\nchat,a,b\n").unwrap();
    let run = measure(&[csv.to_str().unwrap()]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .ends_with("has no column sent_at, replied_at, urgent\nhelp: its first line names the columns: channel,from,to,sent_at,replied_at,urgent\n"),
        "{}",
        run.stderr
    );
    let run = measure(&["requests.csv", "--from", "2026-02-30"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
}

#[test]
fn a_channel_named_with_channel_must_be_in_the_plan_and_its_source_among_the_sources() {
    let run = measure(&["requests.csv", "--channel", "requests.csv=emial"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("`emial`") && run.stderr.contains("`email`"),
        "{}",
        run.stderr
    );
    let run = measure(&["mbox/inbox.mbox", "--channel", "inbox.mbox=chat"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "error: `--channel inbox.mbox=...` names none of the sources\n\
         help: did you mean `mbox/inbox.mbox`? Name the source as it is given on the command line\n"
    );
    // The same file, written another way, is the source.
    let run = measure(&[
        "mbox/inbox.mbox",
        "--channel",
        "./mbox/../mbox/inbox.mbox=chat",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["channels"][0]["channel"], "chat", "{}", run.stdout);
    // One source, two channels: refused, not the last one silently.
    let run = measure(&[
        "mbox/inbox.mbox",
        "--channel",
        "mbox/inbox.mbox=chat",
        "--channel",
        "./mbox/inbox.mbox=email",
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.starts_with(
            "error: `--channel` gives `./mbox/inbox.mbox` two channels, `chat` and `email`"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn a_period_that_ends_before_it_starts_is_refused() {
    let run = measure(&["requests.csv", "--from", "2026-03-16", "--to", "2026-03-13"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "error: `--from 2026-03-16` is after `--to 2026-03-13`\n\
         help: the period runs from --from through --to\n"
    );
}
