//! `plan build` as a command: byte-identical builds whatever the machine's
//! zone and language, `SOURCE_DATE_EPOCH` and `--check`, a failed build
//! leaves the old output, template overrides, and `plan init` to a build.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails loudly"
)]

use std::path::{Path, PathBuf};
use std::process::Command;

mod common;
use common::{Run, build_into, fixtures, plan, read_tree, scratch, site_dir};

fn build(dir: &Path, out: &Path, env: &[(&str, &str)]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_plan"))
        .current_dir(dir)
        .args(["build", "-q", "time-zones.yaml", "-o"])
        .arg(out)
        .envs(env.iter().copied())
        .output()
        .unwrap();
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

#[test]
fn builds_are_byte_identical_whatever_tz_and_lang() {
    let dir = fixtures().join("calendars");
    let tmp = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("determinism");
    let _ = std::fs::remove_dir_all(&tmp);
    let a = build(
        &dir,
        &tmp.join("a"),
        &[("TZ", "Asia/Tokyo"), ("LANG", "ja_JP.UTF-8")],
    );
    let b = build(
        &dir,
        &tmp.join("b"),
        &[
            ("TZ", "America/Los_Angeles"),
            ("LANG", "de_DE.UTF-8"),
            ("LC_ALL", "C"),
        ],
    );
    assert_eq!((a.code, b.code), (0, 0), "{}{}", a.stderr, b.stderr);
    let (first, second) = (read_tree(&tmp.join("a")), read_tree(&tmp.join("b")));
    assert!(
        first.iter().any(|(path, _)| path == "calendars/plan.ics"),
        "{:?}",
        first.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    assert!(first.iter().any(|(path, _)| path == "index.html"));
    assert!(first == second, "the two builds differ");
    let calendar = String::from_utf8(
        first
            .iter()
            .find(|(p, _)| p.ends_with("plan.ics"))
            .unwrap()
            .1
            .clone(),
    )
    .unwrap();
    insta::assert_snapshot!("time-zones-plan-ics", calendar.replace("\r\n", "\n"));
}

/// An event's DTSTAMP is its LAST-MODIFIED from the committed `plan.lock`,
/// so a build's clock and `SOURCE_DATE_EPOCH` change no byte of an
/// unchanged calendar: a local build and a CI `--check` agree.
#[test]
fn dtstamp_comes_from_the_lock_and_check_finds_stale_files() {
    let dir = fixtures().join("calendars");
    let out = site_dir("stamp");
    let _ = std::fs::remove_dir_all(&out);
    let run = build(&dir, &out, &[("SOURCE_DATE_EPOCH", "1767225600")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let calendar = std::fs::read_to_string(out.join("calendars/plan.ics")).unwrap();
    let lines = |prefix: &str| -> Vec<String> {
        calendar
            .lines()
            .filter_map(|l| l.strip_prefix(prefix))
            .map(str::to_string)
            .collect()
    };
    assert!(!lines("DTSTAMP:").is_empty());
    assert_eq!(lines("DTSTAMP:"), lines("LAST-MODIFIED:"));
    assert!(!calendar.contains("DTSTAMP:20260101T000000Z\r\n"));

    let check = |env: &[(&str, &str)]| {
        let output = Command::new(env!("CARGO_BIN_EXE_plan"))
            .current_dir(&dir)
            .args(["build", "--check", "time-zones.yaml", "-o"])
            .arg(&out)
            .envs(env.iter().copied())
            .output()
            .unwrap();
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stdout).into_owned(),
        )
    };
    assert_eq!(check(&[("SOURCE_DATE_EPOCH", "1767225600")]).0, Some(0));
    assert_eq!(check(&[]).0, Some(0), "another clock, the same bytes");
    std::fs::write(out.join("calendars/extra.ics"), "x").unwrap();
    std::fs::write(
        out.join("calendars/plan.ics"),
        calendar.replace("SEQUENCE:", "SEQUENCE:9"),
    )
    .unwrap();
    let (code, stdout) = check(&[]);
    assert_eq!(code, Some(1));
    assert!(
        stdout.contains("stale: ") && stdout.contains("calendars/plan.ics"),
        "{stdout}"
    );
    assert!(stdout.contains("extra: "), "{stdout}");
    assert!(stdout.contains("calendars/extra.ics"), "{stdout}");
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let tmp = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("failed-build");
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp).unwrap();
    std::fs::copy(
        fixtures().join("calendars/time-zones.yaml"),
        tmp.join("time-zones.yaml"),
    )
    .unwrap();
    assert_eq!(build(&tmp, &tmp.join("site"), &[]).code, 0);
    let before = read_tree(&tmp.join("site"));
    let broken = std::fs::read_to_string(tmp.join("time-zones.yaml"))
        .unwrap()
        .replace("at: \"09:00\"", "at: \"29:00\"");
    std::fs::write(tmp.join("time-zones.yaml"), broken).unwrap();
    let run = build(&tmp, &tmp.join("site"), &[]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("error[invalid-value]"));
    assert!(read_tree(&tmp.join("site")) == before);
}

#[test]
fn a_template_override_replaces_one_file_and_the_rest_falls_back() {
    let dir = scratch("override-templates");
    std::fs::create_dir_all(dir.join("checklists")).unwrap();
    std::fs::write(
        dir.join("handbook.md.j2"),
        "# {{ project.name }} ({{ meetings|length }} meetings)\n",
    )
    .unwrap();
    let out = site_dir("override-site");
    let run = build_into(
        &fixtures().join("valid"),
        "minimal.yaml",
        &out,
        &["--templates", &dir.display().to_string()],
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        std::fs::read_to_string(out.join("handbook.md")).unwrap(),
        "# Minimal (1 meetings)\n"
    );
    assert!(
        std::fs::read_to_string(out.join("index.html"))
            .unwrap()
            .starts_with("<!DOCTYPE html>")
    );

    std::fs::write(dir.join("handbook.md.j2"), "line one\n{{ project.nmae }}\n").unwrap();
    let broken = build_into(
        &fixtures().join("valid"),
        "minimal.yaml",
        &site_dir("override-broken"),
        &["--templates", &dir.display().to_string()],
    );
    assert_eq!(broken.code, 1);
    assert!(
        broken.stdout.contains("template `handbook.md.j2` line 2"),
        "{}",
        broken.stdout
    );
}

#[test]
fn init_then_lint_then_build_works_in_an_empty_folder_for_both_locales() {
    for locale in ["en", "zh-CN"] {
        let dir = scratch(&format!("init-{locale}"));
        let init = plan(&dir, &["init", "--locale", locale]);
        assert_eq!(init.code, 0, "{}", init.stderr);
        let text = std::fs::read_to_string(dir.join("plan.yaml")).unwrap();
        assert!(text.starts_with("# yaml-language-server: $schema=plan.schema.json\n"));
        assert!(dir.join("plan.schema.json").exists());
        let lint = plan(&dir, &["lint"]);
        assert_eq!(
            (lint.code, lint.stdout.as_str()),
            (0, "plan.yaml: no problems found\n")
        );
        let build = plan(&dir, &["-q", "build"]);
        assert_eq!(build.code, 0, "{}", build.stdout);
        assert!(dir.join("site/index.html").exists());
        let again = plan(&dir, &["init"]);
        assert_eq!(again.code, 2, "refuses to overwrite");
        assert!(again.stderr.contains("--force"));
        assert_eq!(plan(&dir, &["-q", "init", "--force"]).code, 0);
    }
}

/// Moved, re-timed and cancelled occurrences: the calendar overrides them,
/// the agenda shows them where they are held, with the notes.
#[test]
fn changed_occurrences_are_overridden_in_the_calendar_and_shown_in_the_agenda() {
    let dir = fixtures().join("calendars");
    let out = site_dir("changes");
    let _ = std::fs::remove_dir_all(&out);
    let run = plan(
        &dir,
        &["build", "-q", "changes.yaml", "-o", out.to_str().unwrap()],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let calendar = std::fs::read_to_string(out.join("calendars/plan.ics")).unwrap();
    assert_eq!(calendar.matches("RECURRENCE-ID").count(), 5, "{calendar}");
    insta::assert_snapshot!("changes-plan-ics", calendar.replace("\r\n", "\n"));
    // The handbook lists each item's changes with their notes, each time
    // named by its zone's city.
    let handbook = std::fs::read_to_string(out.join("handbook.md")).unwrap();
    for line in [
        "- Tuesday 2026-04-14: moved to Wednesday 2026-04-15 14:00 Berlin — Client travelling\n",
        "- Tuesday 2026-04-21: moved to 16:00 Berlin\n",
        "- Tuesday 2026-05-05: cancelled — Team offsite\n",
        "- Tuesday 2026-05-12: lasts 1 hour and 30 minutes — Quarterly deep dive\n",
        "- Friday 2026-05-29: cancelled\n",
        "- Thursday 2026-05-28: moved to Wednesday 2026-05-27 09:30 Berlin, lasts 1 hour and 30 minutes — Thursday is a public holiday for the client\n",
        "Tuesday 2026-03-10: moved to Thursday 2026-03-12 09:00 Berlin — Trainer ill\n",
    ] {
        assert!(handbook.contains(line), "{line}");
    }
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(html.contains("<li>Tuesday 2026-05-05: cancelled — Team offsite</li>"));
    let agenda = plan(
        &dir,
        &[
            "agenda",
            "changes.yaml",
            "--from",
            "2026-03-09",
            "--days",
            "90",
            "--tz",
            "America/New_York",
        ],
    );
    assert_eq!(agenda.code, 0, "{}", agenda.stderr);
    insta::assert_snapshot!("changes-agenda", agenda.stdout);
}

#[test]
fn reminders_and_subscription_hints_reach_every_calendar() {
    let out = site_dir("reminders");
    let run = build_into(&fixtures().join("calendars"), "reminders.yaml", &out, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let read = |path: &str| std::fs::read_to_string(out.join(path)).unwrap();
    let calendar = read("calendars/plan.ics");
    insta::assert_snapshot!("reminders-plan-ics", calendar.replace("\r\n", "\n"));
    // `sets: [all, audiences]`: no calendar per person.
    assert!(!out.join("calendars/people").exists());
    // An audience's own colour, else the plan's; every file hints a refresh.
    for (audience, color) in [("team", "darkorange"), ("leads", "steelblue")] {
        let file = read(&format!("calendars/audiences/{audience}.ics"));
        assert!(file.contains(&format!("\r\nCOLOR:{color}\r\n")), "{file}");
        assert!(file.contains("\r\nREFRESH-INTERVAL;VALUE=DURATION:PT6H\r\n"));
        assert!(file.contains("\r\nX-PUBLISHED-TTL:PT6H\r\n"));
    }
}

/// The SEQUENCE of each event in `calendars/plan.ics`, by UID.
fn sequences(site: &Path) -> Vec<(String, String)> {
    let calendar = std::fs::read_to_string(site.join("calendars/plan.ics")).unwrap();
    let mut found = Vec::new();
    let mut uid = String::new();
    for line in calendar.lines() {
        if let Some(value) = line.strip_prefix("UID:") {
            uid = value.to_string();
        } else if let Some(value) = line.strip_prefix("SEQUENCE:") {
            found.push((uid.clone(), value.to_string()));
        }
    }
    found.sort();
    found.dedup();
    found
}

/// Editing one meeting raises its SEQUENCE alone, kept in `plan.lock`;
/// building again changes nothing, and `--check` finds a stale lock.
#[test]
fn an_edited_event_gets_the_next_sequence_and_no_other_does() {
    let dir = scratch("sequence");
    let plan_file = dir.join("plan.yaml");
    std::fs::copy(fixtures().join("valid/minimal.yaml"), &plan_file).unwrap();
    let site = dir.join("site");
    assert_eq!(plan(&dir, &["build", "-q"]).code, 0);
    let lock = std::fs::read_to_string(dir.join("plan.lock")).unwrap();
    assert!(
        lock.contains("\nweekly-sync@minimal 0 20260302T000000Z "),
        "{lock}"
    );
    let zero = [("retro@minimal", "0"), ("weekly-sync@minimal", "0")];
    let owned = |pairs: [(&str, &str); 2]| -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(u, s)| (u.to_string(), s.to_string()))
            .collect()
    };
    assert_eq!(sequences(&site), owned(zero));

    let text = std::fs::read_to_string(&plan_file).unwrap();
    std::fs::write(&plan_file, text.replace("at: \"10:00\"", "at: \"11:00\"")).unwrap();
    let check = plan(&dir, &["build", "--check"]);
    assert_eq!(check.code, 1);
    assert!(
        check.stdout.contains("plan.lock is out of date"),
        "{}",
        check.stdout
    );
    let run = plan(&dir, &["build", "-q"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let edited = [("retro@minimal", "0"), ("weekly-sync@minimal", "1")];
    assert_eq!(sequences(&site), owned(edited));

    // The same plan and lock again: the same bytes, lock included.
    let (before, lock_before) = (
        read_tree(&site),
        std::fs::read(dir.join("plan.lock")).unwrap(),
    );
    assert_eq!(plan(&dir, &["build", "-q"]).code, 0);
    assert!(read_tree(&site) == before, "a second build differs");
    assert_eq!(std::fs::read(dir.join("plan.lock")).unwrap(), lock_before);
    assert_eq!(plan(&dir, &["build", "--check", "-q"]).code, 0);

    // A lock that is not one stops the build, untouched.
    std::fs::write(dir.join("plan.lock"), "my notes\n").unwrap();
    let broken = plan(&dir, &["build", "-q"]);
    assert_eq!(broken.code, 2);
    assert!(
        broken.stderr.contains("plan.lock` (line 1)"),
        "{}",
        broken.stderr
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("plan.lock")).unwrap(),
        "my notes\n"
    );
}

/// `docs/ci.md`'s recipe for a committed site, run as written in a scratch
/// repository: a plain local `plan build`, committed, then the CI's
/// `--check` with its `SOURCE_DATE_EPOCH` from git agrees; an edit that
/// was not built makes it fail.
#[test]
fn the_documented_committed_site_recipe_passes_in_a_fresh_repository() {
    let docs =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/ci.md")).unwrap();
    let recipe = docs
        .lines()
        .filter_map(|l| l.trim().strip_prefix("- run: "))
        .find(|l| l.contains("--check"))
        .expect("docs/ci.md has a --check recipe")
        .to_string();
    let dir = scratch("committed-site");
    let git = |args: &[&str]| {
        let output = Command::new("git")
            .current_dir(&dir)
            .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
            .args(["-c", "commit.gpgsign=false"])
            .args(args)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    };
    let bin = Path::new(env!("CARGO_BIN_EXE_plan"))
        .parent()
        .unwrap()
        .to_path_buf();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let run_recipe = || {
        Command::new("sh")
            .current_dir(&dir)
            .args(["-c", &recipe])
            .env("PATH", &path)
            .env_remove("SOURCE_DATE_EPOCH")
            .output()
            .unwrap()
    };
    git(&["init", "-q"]);
    std::fs::copy(fixtures().join("valid/minimal.yaml"), dir.join("plan.yaml")).unwrap();
    // The team's build: no SOURCE_DATE_EPOCH, today's clock.
    let built = plan(&dir, &["build", "-q", "plan.yaml"]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    git(&["add", "-A"]);
    git(&["commit", "-q", "-m", "plan and its site"]);
    let checked = run_recipe();
    assert!(
        checked.status.success(),
        "{recipe}\n{}{}",
        String::from_utf8_lossy(&checked.stdout),
        String::from_utf8_lossy(&checked.stderr)
    );
    // An edit committed without building: the check catches it.
    let plan_text = std::fs::read_to_string(dir.join("plan.yaml")).unwrap();
    std::fs::write(
        dir.join("plan.yaml"),
        plan_text.replace("name: Minimal", "name: Minimal 2"),
    )
    .unwrap();
    git(&["commit", "-q", "-am", "an edit, not built"]);
    assert_eq!(run_recipe().status.code(), Some(1));
}

#[test]
fn quiet_hides_progress_and_the_summary_never_a_finding() {
    let dir = scratch("quiet-warnings");
    std::fs::copy(
        fixtures().join("lint/audience-without-channel.fires.yaml"),
        dir.join("plan.yaml"),
    )
    .unwrap();
    let warn = ["--warn", "audience-without-channel"];
    let finding = "no channel, meeting or report reaches audience `sponsor`";
    let summary_line = |run: &Run| run.stdout.lines().any(|l| l.starts_with("plan.yaml: "));
    let quiet = build_into(&dir, "plan.yaml", &dir.join("site"), &warn);
    assert_eq!(quiet.code, 0, "{}", quiet.stderr);
    assert!(quiet.stdout.contains(finding), "{}", quiet.stdout);
    assert!(!summary_line(&quiet), "{}", quiet.stdout);
    assert!(!quiet.stdout.contains("wrote"), "{}", quiet.stdout);
    // Without -q: the same finding, the summary line that counts it, the progress.
    let out = dir.join("site").display().to_string();
    let mut args = vec!["build", "plan.yaml", "-o", &out];
    args.extend_from_slice(&warn);
    let loud = plan(&dir, &args);
    assert_eq!(loud.code, 0, "{}", loud.stderr);
    assert_eq!(loud.stdout.matches(finding).count(), 1, "{}", loud.stdout);
    assert!(
        loud.stdout.contains("plan.yaml: 1 warning\n"),
        "{}",
        loud.stdout
    );
    assert!(loud.stdout.contains("wrote "), "{}", loud.stdout);
    // An error under -q: the finding, no summary line either.
    let failed = build_into(&dir, "plan.yaml", &dir.join("site"), &[]);
    assert_eq!(failed.code, 1, "{}", failed.stderr);
    assert!(failed.stdout.contains(finding), "{}", failed.stdout);
    assert!(!summary_line(&failed), "{}", failed.stdout);
}
