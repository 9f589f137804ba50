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
use common::{fixtures, json, plan, scratch};

#[test]
fn diff_describes_changes_in_plain_words() {
    let dir = fixtures().join("diff");
    let run = plan(&dir, &["diff", "old.yaml", "new.yaml"]);
    assert_eq!(run.code, 0);
    insta::assert_snapshot!(run.stdout, @r"
    ## Changes to the communication plan

    - Added person `cal`
    - `team` members ana -> ana, cal
    - `email` response 1bd -> 4bh
    - `weekly-sync` moves from every week on \[tue\] at 10:00 to every week on \[wed\] at 14:00 Europe/London
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
