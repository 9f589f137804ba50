//! Hostile plan text stays inert in every output: the handbook's HTML and
//! Markdown, calendars, `plan diff`, and whatever reaches a terminal.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails loudly"
)]

use std::path::{Path, PathBuf};

mod common;
use common::{build_into, fixtures, plan, scratch, site_dir};

/// Every `.md` file under a folder.
fn markdown_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(markdown_files(&path));
        } else if path.extension().is_some_and(|e| e == "md") {
            files.push(path);
        }
    }
    files
}

/// Parsed as GitHub parses it, the Markdown has no image, no raw HTML
/// but the templates' own anchors, and links only to the page itself or
/// to validated http, https and mailto addresses.
fn assert_markdown_inert(markdown: &str, what: &dyn std::fmt::Debug) {
    use pulldown_cmark::{Event, Options, Parser, Tag};
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_GFM;
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Html(html) | Event::InlineHtml(html) => {
                let anchor = html.starts_with("<a id=\"")
                    && html[7..]
                        .trim_end_matches("\">")
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-');
                assert!(anchor || &*html == "</a>", "raw HTML {html:?} in {what:?}");
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                panic!("image {dest_url:?} in {what:?}")
            }
            Event::Start(Tag::Link { dest_url, .. }) => assert!(
                dest_url.starts_with('#')
                    || is_view_page(&dest_url)
                    || commplan::markdown::field_destination(&dest_url).is_some()
                    || commplan::markdown::template_destination(&dest_url).is_some(),
                "link to {dest_url:?} in {what:?}"
            ),
            _ => {}
        }
    }
}

/// A link between a view's own pages (its handbook and its card), to a
/// template's anchor at most.
fn is_view_page(url: &str) -> bool {
    let (page, anchor) = url.split_once('#').unwrap_or((url, ""));
    ["handbook.md", "card.md"].contains(&page)
        && anchor
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-')
}

#[test]
fn hostile_text_stays_inert_in_every_output() {
    let out = site_dir("hostile");
    let run = build_into(&fixtures().join("handbook"), "hostile.yaml", &out, &[]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(!html.contains("<script"), "no script element");
    assert!(
        !html.contains("<img") && !html.contains("<iframe") && !html.contains("<b>"),
        "no injected elements"
    );
    assert!(
        !html.contains("href=\"javascript") && !html.contains(" src=\""),
        "no unsafe links or sources"
    );
    assert!(
        html.contains("&lt;script&gt;alert(5)&lt;&#x2f;script&gt;")
            || html.contains("&lt;script&gt;alert(5)"),
        "shown as text"
    );
    assert!(
        html.contains("<a href=\"https://example.com\">ok</a>"),
        "safe links are kept"
    );
    assert!(
        html.contains("Sync {{ 7*7 }}"),
        "template syntax is text, not evaluated"
    );
    assert!(
        html.contains("Mail &lt;b&gt;box&lt;&#x2f;b&gt; | {{ 6*6 }}"),
        "a channel's display name is text"
    );
    let card = std::fs::read_to_string(out.join("audiences/client/card.html")).unwrap();
    assert!(
        !card.contains("<script") && !card.contains("<i>x"),
        "{card}"
    );
    assert!(card.contains("Sync {{ 7*7 }} &lt;script&gt;"), "{card}");
    let markdown = std::fs::read_to_string(out.join("handbook.md")).unwrap();
    for file in markdown_files(&out) {
        assert_markdown_inert(&std::fs::read_to_string(&file).unwrap(), &file);
    }
    assert!(!markdown.contains("](javascript:"), "no javascript link");
    assert!(!markdown.contains("tracker.example/open"), "no image");
    assert!(!markdown.contains("bcc"), "no smuggled mail header");
    assert!(
        markdown.contains("[Join](<https://meet.example/a_(b)?x=1\\&amp;y=2>)"),
        "links in angle brackets, exactly the plan's address"
    );
    assert!(markdown.contains("(<mailto:o%27brien%2Bana@example.com>)"));
    assert!(markdown.contains("Sync \\{\\{ 7\\*7 \\}\\}"));
    assert!(
        markdown.contains("| Mail &lt;b&gt;box&lt;/b&gt; \\| \\{\\{ 6\\*6 \\}\\} |"),
        "a channel's display name is text in a table cell"
    );
    assert!(
        markdown.contains("Risks \\| pipes \\| \\*stars\\*"),
        "table cells stay cells"
    );
    let calendar = std::fs::read_to_string(out.join("calendars/plan.ics")).unwrap();
    let unfolded = calendar.replace("\r\n ", "");
    for line in unfolded.split("\r\n") {
        assert!(
            !line.starts_with("ATTENDEE:"),
            "plan text started a property: {line}"
        );
        assert!(!line.contains('\r') && !line.contains('\n'));
    }
    assert_eq!(
        unfolded.matches("\r\nATTENDEE;").count(),
        2,
        "exactly the two real attendees"
    );
}

/// What `plan` prints for a person at a terminal holds no control
/// character from the plan (ESC sequences would drive the terminal).
#[test]
fn hostile_text_reaches_no_terminal_raw() {
    let dir = fixtures().join("handbook");
    let runs = [
        plan(
            &dir,
            &[
                "agenda",
                "hostile.yaml",
                "--from",
                "2026-03-02",
                "--days",
                "7",
            ],
        ),
        plan(
            &dir,
            &[
                "simulate",
                "hostile.yaml",
                "--escalation",
                "outage",
                "--at",
                "2026-03-06 17:30",
            ],
        ),
        plan(
            &dir,
            &[
                "sla",
                "hostile.yaml",
                "--channel",
                "email",
                "--at",
                "2026-03-06 17:30",
            ],
        ),
        plan(&dir, &["lint", "--color", "always", "hostile.yaml"]),
    ];
    for run in &runs {
        assert!(run.code <= 1, "{}{}", run.stdout, run.stderr);
        let raw: Vec<char> = run
            .stdout
            .chars()
            .filter(|c| c.is_control() && !matches!(c, '\n' | '\t' | '\u{1b}'))
            .collect();
        assert!(raw.is_empty(), "{raw:?} in {}", run.stdout);
        // Colour codes are ours; the plan's ESC shows as `\u{1b}`.
        assert!(
            !run.stdout.contains("\u{1b}]0;") && !run.stdout.contains("\u{1b}[2J"),
            "{}",
            run.stdout
        );
    }
    let agenda = &runs[0];
    assert!(agenda.stdout.contains("\\u{1b}[2J"), "{}", agenda.stdout);
}

#[test]
fn plan_diff_markdown_is_escaped_like_every_markdown_sink() {
    let dir = scratch("diff-hostile");
    let old = std::fs::read_to_string(fixtures().join("handbook/hostile.yaml")).unwrap();
    let new = old
        .replace("Reply within a day", "Reply <img src=x onerror=alert(1)> ![t](https://tracker.example/n.png) [r]: javascript:alert(2)\\n\\n[r]")
        .replace("Client {% raw %}", "Client <script>alert(3)</script> [x](javascript:alert(4)) ")
        .replace("The site is down", "Down \\e]0;pwned\\a");
    std::fs::write(dir.join("old.yaml"), &old).unwrap();
    std::fs::write(dir.join("new.yaml"), &new).unwrap();
    let run = plan(&dir, &["diff", "old.yaml", "new.yaml"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("Client &lt;script&gt;"),
        "{}",
        run.stdout
    );
    assert!(
        !run.stdout.chars().any(|c| c.is_control() && c != '\n'),
        "{:?}",
        run.stdout
    );
    assert_markdown_inert(&run.stdout, &"plan diff");
}

#[test]
fn control_characters_from_the_plan_reach_no_terminal_format() {
    let dir = fixtures().join("invalid");
    for format in ["human", "github"] {
        let run = plan(
            &dir,
            &[
                "lint",
                "--color",
                "never",
                "--format",
                format,
                "terminal-escapes.yaml",
            ],
        );
        assert_eq!(run.code, 1);
        assert!(
            !run.stdout.chars().any(|c| c.is_control() && c != '\n'),
            "{:?}",
            run.stdout
        );
        assert!(run.stdout.contains("\\u{1b}[2J"), "{}", run.stdout);
    }
}
