//! `plan export tasks`: one task per occurrence, due on the business clock,
//! as JSON and as a spreadsheet-safe CSV.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails loudly"
)]

mod common;
use common::{fixtures, json, plan};

#[test]
fn one_task_per_occurrence_per_item_due_on_the_business_clock() {
    let dir = fixtures().join("tasks");
    let run = plan(
        &dir,
        &["export", "tasks", "weekly.yaml", "--format", "json"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let tasks = json(&run.stdout);
    let due: Vec<String> = tasks
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            format!(
                "{} {}",
                t["id"].as_str().unwrap(),
                t["due"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        due,
        [
            "tuesday-sync-20260331-prepare-1 2026-03-30 10:00",
            "tuesday-sync-20260331-follow-up-1 2026-03-31 15:00",
            "friday-review-20260402-prepare-1 2026-04-01 15:00",
            // Good Friday, the weekend and Easter Monday are skipped both ways.
            "tuesday-sync-20260407-prepare-1 2026-04-02 10:00",
            "friday-review-20260402-follow-up-1 2026-04-07 12:00",
            "tuesday-sync-20260407-follow-up-1 2026-04-07 15:00",
            "friday-review-20260409-prepare-1 2026-04-08 15:00",
            "friday-review-20260409-follow-up-1 2026-04-10 12:00",
        ]
    );
    assert_eq!(tasks[0]["assignee_email"], "ana@example.com");
    let again = plan(
        &dir,
        &["export", "tasks", "weekly.yaml", "--format", "json"],
    );
    assert_eq!(run.stdout, again.stdout, "same ids and bytes every time");
}

#[test]
fn the_csv_is_rfc_4180_with_a_bom_and_neutral_formulas() {
    let run = plan(
        &fixtures().join("tasks"),
        &["export", "tasks", "weekly.yaml", "--for", "wei"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.starts_with(
            "\u{feff}ID,Title,Description,Assignee,Assignee email,Due,List,Labels\r\n"
        )
    );
    assert!(
        run.stdout.contains(",'=1+1 周会,"),
        "the formula-looking list name stays text: {}",
        run.stdout
    );
    assert!(
        run.stdout.contains("\"准备材料 (=1+1 周会 2026-04-02)\"")
            || run.stdout.contains("准备材料 (=1+1 周会 2026-04-02)")
    );
    assert!(run.stdout.contains("\"• 进度, 风险\""), "a comma is quoted");
    let unknown = plan(
        &fixtures().join("tasks"),
        &["export", "tasks", "weekly.yaml", "--for", "nobody"],
    );
    assert_eq!(unknown.code, 2, "--for names a person or audience");
}

#[test]
fn for_a_person_only_their_own_tasks_are_listed_with_them_as_assignee() {
    let dir = fixtures().join("tasks");
    for (id, name, item) in [
        ("wei", "王伟", "friday-review-"),
        ("ana", "Ana Lima", "tuesday-sync-"),
    ] {
        // Both attend both meetings; each owns one.
        let run = plan(
            &dir,
            &[
                "export",
                "tasks",
                "weekly.yaml",
                "--for",
                id,
                "--format",
                "json",
            ],
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        let tasks = json(&run.stdout);
        let tasks = tasks.as_array().unwrap();
        assert!(!tasks.is_empty(), "{id} has tasks");
        for task in tasks {
            assert_eq!(task["assignee"], name, "{id}: {task}");
            assert!(
                task["id"].as_str().unwrap().starts_with(item),
                "{id}: {task}"
            );
        }
        let agenda = plan(
            &dir,
            &[
                "agenda",
                "weekly.yaml",
                "--for",
                id,
                "--from",
                "2026-03-30",
                "--days",
                "7",
            ],
        );
        assert_eq!(agenda.code, 0, "{}", agenda.stderr);
        let task_lines: Vec<&str> = agenda
            .stdout
            .lines()
            .filter(|l| l.contains(" task "))
            .collect();
        assert!(!task_lines.is_empty(), "{id}: {}", agenda.stdout);
        for line in &task_lines {
            assert!(line.ends_with(&format!("[{name}]")), "{id}: {line}");
        }
        // The meetings attended stay in the agenda, the other's included.
        for meeting in ["Tuesday sync", "=1+1 周会"] {
            assert!(
                agenda
                    .stdout
                    .lines()
                    .any(|l| l.contains(" meeting ") && l.ends_with(meeting)),
                "{id}: {}",
                agenda.stdout
            );
        }
    }
}
