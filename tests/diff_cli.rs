//! `plan diff`: changes in plain words and JSON, the old plan from a file or
//! a git revision.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails loudly"
)]

use std::process::Command;

mod common;
use common::{fixtures, json, notice, plan, scratch};

#[test]
fn diff_describes_changes_in_plain_words() {
    let dir = fixtures().join("diff");
    let run = plan(&dir, &["diff", "old.yaml", "new.yaml"]);
    assert_eq!(run.code, 0);
    insta::assert_snapshot!(run.stdout, @r"
    ## Changes to the communication plan

    - Added person `cal`
    - `team` members added cal
    - `email` response 1bd -> 4bh
    - `weekly-sync` moves from every week on \[tue\] at 10:00 Europe/Berlin to every week on \[wed\] at 14:00 Europe/London
    - Added norm: Decisions made in calls are confirmed by email within one business day.
    ");
    let as_json = plan(&dir, &["diff", "old.yaml", "new.yaml", "--format", "json"]);
    let changes = json(&as_json.stdout);
    assert_eq!(changes[2]["field"], "response");
    assert_eq!(
        (changes[2]["old"].as_str(), changes[2]["new"].as_str()),
        (Some("1bd"), Some("4bh"))
    );
    let same = plan(&dir, &["diff", "old.yaml", "old.yaml"]);
    assert_eq!((same.code, same.stdout.as_str()), (0, "no changes\n"));
}

/// The issue's three edits (working hours, a holiday, an agenda item), each
/// a change once left out, are three changes in every format.
#[test]
fn diff_misses_no_field() {
    let dir = scratch("diff-every-field");
    let fixture = std::fs::read_to_string(fixtures().join("diff/old.yaml")).unwrap();
    let old = fixture.replace(
        "  end: 2026-06-26\n",
        "  end: 2026-06-26\n  working_hours: {to: \"17:30\"}\n  holidays: [2026-04-03]\n",
    );
    assert_ne!(old, fixture);
    let new = old
        .replace("17:30", "17:00")
        .replace("[2026-04-03]", "[2026-04-03, 2026-05-01]")
        .replace("[Progress, Risks, Next steps]", "[Progress, Risks, Demo]");
    std::fs::write(dir.join("old.yaml"), &old).unwrap();
    std::fs::write(dir.join("new.yaml"), &new).unwrap();
    let run = plan(&dir, &["diff", "old.yaml", "new.yaml"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!(run.stdout, @r"
    ## Changes to the communication plan

    - `project.holidays`: added 2026-05-01
    - `project.working_hours.to`: 17:30 -> 17:00
    - `meetings.weekly-sync.agenda`: added Demo; removed Next steps
    ");
    let as_json = plan(&dir, &["diff", "old.yaml", "new.yaml", "--format", "json"]);
    let paths: Vec<String> = json(&as_json.stdout)
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["path"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        paths,
        [
            "project.holidays",
            "project.working_hours.to",
            "meetings.weekly-sync.agenda"
        ]
    );
}

#[test]
fn diff_reads_the_old_plan_from_a_git_revision() {
    let dir = scratch("diff-git");
    let git = |args: &[&str]| {
        let status = Command::new("git")
            .current_dir(&dir)
            .args([
                "-c",
                "user.name=t",
                "-c",
                "user.email=t@example.com",
                "-c",
                "commit.gpgsign=false",
            ])
            .args(args)
            .output()
            .unwrap();
        assert!(
            status.status.success(),
            "{}",
            String::from_utf8_lossy(&status.stderr)
        );
    };
    git(&["init", "-q"]);
    std::fs::copy(fixtures().join("diff/old.yaml"), dir.join("plan.yaml")).unwrap();
    git(&["add", "plan.yaml"]);
    git(&["commit", "-q", "-m", "plan"]);
    std::fs::copy(fixtures().join("diff/new.yaml"), dir.join("plan.yaml")).unwrap();
    let run = plan(&dir, &["diff", "HEAD"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("- `email` response 1bd -> 4bh\n"),
        "{}",
        run.stdout
    );
    let missing = plan(&dir, &["diff", "no-such-revision"]);
    assert_eq!(missing.code, 2);
}

#[test]
fn notice_writes_an_email_per_audience_in_each_recipients_zone() {
    for (folder, name) in [("notice", "notice-en"), ("notice/zh-CN", "notice-zh-CN")] {
        let dir = fixtures().join(folder);
        let run = notice(&dir, "old.yaml", "new.yaml", "2026-03-30 12:00");
        assert_eq!((run.code, run.stderr.as_str()), (0, ""), "{name}");
        insta::assert_snapshot!(name, run.stdout);
    }
    let dir = fixtures().join("notice");
    let same = notice(&dir, "new.yaml", "new.yaml", "2026-03-30 12:00");
    assert_eq!(
        (same.code, same.stdout.as_str()),
        (0, "no audience is affected by a change to an occurrence\n")
    );
}

#[test]
fn diff_warns_of_a_change_within_24_hours_in_every_format() {
    let dir = fixtures().join("notice");
    let diff = |format: &str, at: &str| {
        plan(
            &dir,
            &[
                "diff", "old.yaml", "new.yaml", "--format", format, "--at", at,
            ],
        )
    };
    for format in ["markdown", "json", "notice"] {
        // 24 hours before the 14 April sync: not yet within them.
        let early = diff(format, "2026-04-13 10:00");
        assert_eq!((early.code, early.stderr.as_str()), (0, ""), "{format}");
        let late = diff(format, "2026-04-13 10:01");
        assert_eq!(late.code, 0, "{format}: {}", late.stderr);
        assert_eq!(
            late.stderr,
            "warning: meeting `weekly-sync` moves from 2026-04-14 10:00 to 2026-04-15 14:00 \
             (Europe/Berlin): within 24 hours of 2026-04-13 10:01\n\
             help: subscribed calendars may not show this in time (Google Calendar refreshes \
             them every 12 to 24 hours): tell those affected directly, e.g. with `plan diff \
             --format notice`\n",
            "{format}"
        );
        // The warning goes to stderr only.
        if format != "notice" {
            assert_eq!(late.stdout, early.stdout, "{format}");
        }
    }
    let bad = diff("markdown", "tomorrow");
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr.contains("`tomorrow` is not a date and time"),
        "{}",
        bad.stderr
    );
}
