//! `plan measure`'s review report: the Markdown and HTML of the measure
//! fixtures, subjects only with `--show-subjects`, the JSON's weekly
//! attainment and worst cases, and `-o`, which never replaces a folder it
//! did not write.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails loudly"
)]

mod common;
use common::{Run, fixtures, json, plan, scratch};

/// `plan measure plan.yaml ARGS...` in the fixture's folder, whatever its exit code.
fn run_measure(args: &[&str]) -> Run {
    let mut all = vec!["measure", "plan.yaml"];
    all.extend_from_slice(args);
    plan(&fixtures().join("measure"), &all)
}

/// The same, exiting 0.
fn measure(args: &[&str]) -> Run {
    let run = run_measure(args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run
}

/// month.csv: a month of chat requests, three of them missed on Friday afternoons.
const MONTH: [&str; 3] = ["month.csv", "--to", "2026-03-31"];

#[test]
fn the_markdown_report_of_the_fixture() {
    let run = measure(&["requests.csv", "--format", "markdown"]);
    insta::assert_snapshot!("measure-review-md", run.stdout);
}

#[test]
fn the_html_report_of_a_month() {
    let mut args = MONTH.to_vec();
    args.extend(["--format", "html", "--fail-under", "90"]);
    let run = run_measure(&args);
    // Below 90 %: the report is still written, and the exit code says so.
    assert_eq!(run.code, 1, "{}", run.stderr);
    insta::assert_snapshot!("measure-review-html", run.stdout);
}

#[test]
fn the_findings_say_where_the_misses_cluster() {
    let mut args = MONTH.to_vec();
    args.extend(["--format", "markdown"]);
    let run = measure(&args);
    let findings: Vec<&str> = run
        .stdout
        .lines()
        .filter(|line| line.starts_with("- ") && line.contains(": "))
        .take(4)
        .collect();
    assert_eq!(
        findings,
        [
            "- email: 100 % of requests answered within 1bd.",
            "- chat: 56 % of requests answered within 2bh.",
            "- chat: the misses cluster on Friday afternoons (3 of 4).",
            "- chat: the 90th percentile reply time is 6h, more than the 2bh promised.",
        ]
    );
}

#[test]
fn no_subject_reaches_any_output_without_show_subjects() {
    for format in ["markdown", "html", "json", "human"] {
        let mut args = MONTH.to_vec();
        args.extend(["--format", format]);
        let run = measure(&args);
        for subject in ["Secret deal", "Export timeout", "Budget overrun", "script"] {
            assert!(!run.stdout.contains(subject), "{format}: {subject}");
        }
        let mut args = MONTH.to_vec();
        args.extend(["--format", format, "--show-subjects"]);
        let shown = measure(&args);
        assert!(shown.stdout.contains("Budget overrun"), "{format}");
    }
    // Shown, a subject is escaped like any other value.
    let mut args = MONTH.to_vec();
    args.extend(["--format", "html", "--show-subjects"]);
    let html = measure(&args).stdout;
    assert!(html.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt; Secret deal"));
    assert!(!html.contains("<script>"));
}

#[test]
fn json_has_weekly_attainment_and_the_worst_cases() {
    let run = measure(&["requests.csv", "--format", "json"]);
    let report = json(&run.stdout);
    let chat = &report["channels"][1];
    assert_eq!(chat["channel"], "chat");
    let weeks: Vec<(String, u64, u64)> = chat["weekly"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            (
                w["monday"].as_str().unwrap().to_string(),
                w["judged"].as_u64().unwrap(),
                w["within_sla"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        weeks,
        [
            ("2026-03-09".to_string(), 2, 1),
            ("2026-03-16".to_string(), 0, 0),
            ("2026-03-23".to_string(), 0, 0),
            ("2026-03-30".to_string(), 0, 0),
            ("2026-04-06".to_string(), 1, 0),
        ]
    );
    // Wednesday 16:00 never answered: due Thursday 09:30 (1 h 30 min on
    // Wednesday, 30 on Thursday), open until Saturday 11 April 11:00, the
    // latest time in the data: 720 h 30 min past due.
    let worst = &chat["worst_cases"][0];
    assert_eq!(worst["sent"], "2026-03-11T16:00:00+01:00");
    assert_eq!(worst["due"], "2026-03-12T09:30:00+01:00");
    assert_eq!(worst["replied"], serde_json::Value::Null);
    assert_eq!(worst["minutes_past_due"], 720 * 60 + 30);
    assert_eq!(worst["outcome"], "overdue");
    assert!(worst.get("subject").is_none());
    // The make-up Saturday: due 10:30, replied 11:00.
    assert_eq!(chat["worst_cases"][1]["minutes_past_due"], 30);
    assert_eq!(chat["worst_cases"].as_array().unwrap().len(), 2);
}

#[test]
fn output_writes_three_files_and_never_replaces_a_foreign_folder() {
    let dir = scratch("measure-report-output");
    let out = dir.join("review");
    let out_arg = out.to_str().unwrap();
    let run = measure(&["requests.csv", "-o", out_arg]);
    assert_eq!(run.stdout, format!("wrote 3 files to {out_arg}\n"));
    for file in ["review.md", "review.html", "measure.json"] {
        assert!(out.join(file).is_file(), "{file}");
    }
    // Its own folder is replaced on the next run.
    let again = measure(&["month.csv", "-o", out_arg]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    let json_text = std::fs::read_to_string(out.join("measure.json")).unwrap();
    assert!(json_text.contains("2026-03-27"), "the month's data");

    // A folder someone else wrote is left as it was.
    let foreign = dir.join("notes");
    std::fs::create_dir_all(&foreign).unwrap();
    std::fs::write(foreign.join("todo.txt"), "mine").unwrap();
    let refused = run_measure(&["requests.csv", "-o", foreign.to_str().unwrap()]);
    assert_eq!(refused.code, 2, "{}", refused.stdout);
    assert!(
        refused.stderr.contains("refusing to replace"),
        "{}",
        refused.stderr
    );
    assert_eq!(
        std::fs::read_to_string(foreign.join("todo.txt")).unwrap(),
        "mine"
    );
    assert!(!foreign.join("review.html").exists());

    // Nor the folder that holds the sources, even with --force.
    let sources = run_measure(&["requests.csv", "-o", ".", "--force"]);
    assert_eq!(sources.code, 2, "{}", sources.stdout);
    assert!(fixtures().join("measure/requests.csv").is_file());

    // Nor a handbook `plan build` wrote: both are plan's, but not the same output.
    // (Built from a copy: a build writes `plan.lock` beside its plan.)
    let site = dir.join("site");
    std::fs::copy(fixtures().join("measure/plan.yaml"), dir.join("plan.yaml")).unwrap();
    let built = plan(&dir, &["build", "plan.yaml", "-o", "site"]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    let refused = run_measure(&["requests.csv", "-o", site.to_str().unwrap()]);
    assert_eq!(refused.code, 2, "{}", refused.stdout);
    assert!(
        refused
            .stderr
            .contains("it holds a handbook written by `plan build`"),
        "{}",
        refused.stderr
    );
    assert!(site.join("index.html").is_file());
    let forced = run_measure(&["requests.csv", "-o", site.to_str().unwrap(), "--force"]);
    assert_eq!(forced.code, 0, "{}", forced.stderr);
    assert!(!site.join("index.html").exists());
}

#[test]
fn direction_controls_from_a_source_are_shown_not_obeyed() {
    // U+202E would show `exe.png@x.example` as `elpmaxe.x@gnp.exe`; U+2066 isolates.
    let dir = scratch("measure-bidi");
    let csv = dir.join("bidi.csv");
    std::fs::write(
        &csv,
        "channel,from,to,sent_at,replied_at,urgent,subject\n\
         chat,\u{202e}gnp.exe@x.example,ana@example.com,2026-03-09T09:00,2026-03-10T09:00,,\u{2066}Invoice\u{2069}\n",
    )
    .unwrap();
    for format in ["markdown", "html"] {
        let run = measure(&[csv.to_str().unwrap(), "--format", format, "--show-subjects"]);
        assert!(
            !run.stdout.contains(['\u{202e}', '\u{2066}', '\u{2069}']),
            "{format}: {}",
            run.stdout
        );
        // Markdown escapes the backslash and braces; both read `\u{202e}`.
        let (bidi, isolate) = match format {
            "markdown" => (
                "\\\\u\\{202e\\}gnp.exe@x.example",
                "\\\\u\\{2066\\}Invoice\\\\u\\{2069\\}",
            ),
            _ => ("\\u{202e}gnp.exe@x.example", "\\u{2066}Invoice\\u{2069}"),
        };
        assert!(run.stdout.contains(bidi), "{format}: {}", run.stdout);
        assert!(run.stdout.contains(isolate), "{format}");
    }
}
