//! The time commands: `plan sla` (business clocks, holidays, make-up days,
//! zones), `plan agenda` (local times, cancellations, tasks) and `plan
//! simulate` (an escalation's due times).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails loudly"
)]

mod common;
use common::{Run, fixtures, plan};

fn sla(args: &[&str]) -> Run {
    let mut all = vec!["sla", "business-clock.yaml"];
    all.extend_from_slice(args);
    plan(&fixtures().join("valid"), &all)
}

#[test]
fn friday_17_00_plus_two_business_hours_is_monday_10_30() {
    let run = sla(&["--channel", "chat", "--at", "2026-03-06 17:00"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!(run.stdout, @r"
    A message on `chat` at Fri 2026-03-06 17:00 (Europe/Berlin):
      first response        2bh  due Mon 2026-03-09 10:30
      (business time: 09:00-17:30 on working days, Europe/Berlin)
    ");
}

#[test]
fn urgent_on_a_channel_without_an_urgent_sla_says_the_first_response_time_is_used() {
    let run = sla(&["--channel", "chat", "--at", "2026-03-06 17:00", "--urgent"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!(run.stdout, @r"
    A message on `chat` at Fri 2026-03-06 17:00 (Europe/Berlin):
      first response        2bh  due Mon 2026-03-09 10:30
      (`chat` promises no urgent response (`sla.urgent_response`): the first-response time is shown)
      (business time: 09:00-17:30 on working days, Europe/Berlin)
    ");
    // A channel with an urgent SLA uses it, without the note.
    let urgent = sla(&["--channel", "email", "--at", "2026-03-06 17:00", "--urgent"]);
    assert!(
        urgent.stdout.contains("urgent response"),
        "{}",
        urgent.stdout
    );
    assert!(
        !urgent.stdout.contains("promises no urgent"),
        "{}",
        urgent.stdout
    );
}

#[test]
fn sla_skips_holidays_counts_make_up_days_and_follows_the_channel_zone() {
    // Thursday 2 April 17:00: Good Friday and Easter Monday are holidays.
    let run = sla(&["--channel", "email", "--at", "2026-04-02 17:00"]);
    assert!(
        run.stdout
            .contains("first response        1bd  due Tue 2026-04-07 17:00"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("resolution            3bd  due Thu 2026-04-09 17:00"),
        "{}",
        run.stdout
    );
    // Thursday 9 April 17:00 + 3bd: Friday, the make-up Saturday, then Monday.
    let make_up = sla(&["--channel", "email", "--at", "2026-04-09 17:00"]);
    assert!(
        make_up
            .stdout
            .contains("resolution            3bd  due Mon 2026-04-13 17:00"),
        "{}",
        make_up.stdout
    );
    let urgent = sla(&["--channel", "email", "--at", "2026-04-02 17:00", "--urgent"]);
    assert!(
        urgent
            .stdout
            .contains("urgent response       4bh  due Tue 2026-04-07 12:30"),
        "{}",
        urgent.stdout
    );
    // A channel with its own zone runs on Shanghai business hours; --tz shows Berlin.
    let support = sla(&[
        "--channel",
        "support",
        "--at",
        "2026-03-06 09:00",
        "--tz",
        "Europe/Berlin",
    ]);
    // Friday 09:00 Berlin is 16:00 in Shanghai: 1.5 h that day, 0.5 h on Monday.
    assert!(
        support.stdout.contains("due Mon 2026-03-09 02:30"),
        "{}",
        support.stdout
    );
    let phone = sla(&["--channel", "phone", "--at", "2026-03-07 23:50"]);
    assert!(
        phone.stdout.contains("due Sun 2026-03-08 00:05"),
        "{}",
        phone.stdout
    );
}

#[test]
fn sla_argument_mistakes_exit_2() {
    let run = sla(&["--channel", "emial", "--at", "2026-03-06 17:00"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("did you mean `email`?"),
        "{}",
        run.stderr
    );
    let run = sla(&["--channel", "email", "--at", "Friday"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("\"YYYY-MM-DD HH:MM\""),
        "{}",
        run.stderr
    );
}

#[test]
fn agenda_shows_each_persons_local_time_and_cancellations() {
    let dir = fixtures().join("valid");
    let run = plan(
        &dir,
        &[
            "agenda",
            "business-clock.yaml",
            "--from",
            "2026-03-02",
            "--days",
            "14",
            "--for",
            "ben",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!(run.stdout, @r"
    Agenda for `ben`, 2026-03-02 to 2026-03-15, times in Australia/Sydney

    Fri 2026-03-06  01:00-01:30  meeting   Weekly sync
    Fri 2026-03-13  00:00-00:30  meeting   Weekly sync
    ");
    let holiday = plan(
        &dir,
        &[
            "agenda",
            "business-clock.yaml",
            "--from",
            "2026-03-30",
            "--days",
            "7",
            "--tz",
            "America/New_York",
        ],
    );
    assert!(
        holiday
            .stdout
            .contains("Thu 2026-04-02  09:00-09:30  meeting   Weekly sync\n"),
        "{}",
        holiday.stdout
    );
    let unknown = plan(&dir, &["agenda", "business-clock.yaml", "--for", "bne"]);
    assert_eq!(unknown.code, 2);
    assert!(unknown.stderr.contains("did you mean `ben`?"));
}

#[test]
fn the_agenda_shows_tasks_as_they_fall_due() {
    let run = plan(
        &fixtures().join("tasks"),
        &[
            "agenda",
            "weekly.yaml",
            "--from",
            "2026-03-30",
            "--days",
            "2",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!(run.stdout, @r"
    Agenda, 2026-03-30 to 2026-03-31, times in Europe/Berlin

    Mon 2026-03-30  10:00        task      Circulate the agenda (Tuesday sync 2026-03-31)  [Ana Lima]
    Tue 2026-03-31  10:00-11:00  meeting   Tuesday sync
    Tue 2026-03-31  15:00        task      Send the minutes (Tuesday sync 2026-03-31)  [Ana Lima]
    ");
}

#[test]
fn simulate_from_a_friday_evening_gives_monday_due_times() {
    let run = plan(
        &fixtures().join("valid"),
        &[
            "simulate",
            "minimal.yaml",
            "--escalation",
            "delivery",
            "--at",
            "2026-03-06 18:00",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!(run.stdout, @r"
    Escalation `delivery` (A blocker is not resolved at working level), starting Fri 2026-03-06 18:00 (Europe/Berlin):
      1. Fri 2026-03-06 18:00  Ana Lima via email (at once)
      2. Mon 2026-03-09 13:00  Ben Roth via phone (after 4bh)
    ");
}

#[test]
fn an_agenda_after_the_project_says_it_ended_and_where_to_look() {
    let dir = fixtures().join("tasks");
    let run = plan(&dir, &["agenda", "weekly.yaml", "--from", "2027-01-04"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!(run.stdout, @r"
    Agenda, 2027-01-04 to 2027-01-17, times in Europe/Berlin

    nothing scheduled: the project ended on 2026-04-10: try `--from 2026-03-30`
    ");
    // The suggested window is not empty.
    let suggested = plan(&dir, &["agenda", "weekly.yaml", "--from", "2026-03-30"]);
    assert!(
        suggested.stdout.contains(" meeting "),
        "{}",
        suggested.stdout
    );
    // One reader's agenda: the suggestion keeps `--for`, and shows that
    // reader's days.
    let wei = plan(
        &dir,
        &[
            "agenda",
            "weekly.yaml",
            "--from",
            "2027-01-04",
            "--for",
            "wei",
        ],
    );
    assert!(
        wei.stdout.contains(
            "nothing scheduled: the project ended on 2026-04-10: try `--from 2026-03-30 --for wei`"
        ),
        "{}",
        wei.stdout
    );
    let suggested = plan(
        &dir,
        &[
            "agenda",
            "weekly.yaml",
            "--from",
            "2026-03-30",
            "--for",
            "wei",
        ],
    );
    assert!(
        suggested.stdout.starts_with("Agenda for `wei`") && suggested.stdout.contains(" meeting "),
        "{}",
        suggested.stdout
    );
    // JSON stays a list; the note goes to stderr.
    let json = plan(
        &dir,
        &[
            "agenda",
            "weekly.yaml",
            "--from",
            "2027-01-04",
            "--format",
            "json",
        ],
    );
    assert_eq!(json.stdout.trim(), "[]");
    assert!(
        json.stderr
            .contains("note: nothing scheduled: the project ended on 2026-04-10"),
        "{}",
        json.stderr
    );
    // An empty window inside the plan stays a bare "nothing scheduled".
    let quiet_days = plan(
        &dir,
        &[
            "agenda",
            "weekly.yaml",
            "--from",
            "2026-04-04",
            "--days",
            "2",
        ],
    );
    assert!(
        quiet_days.stdout.ends_with("\nnothing scheduled\n"),
        "{}",
        quiet_days.stdout
    );
}
