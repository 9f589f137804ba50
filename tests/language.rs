//! The reader's language: an audience's or a person's `locale` gives their
//! view, calendar and notices in their catalogue while the plan's own text
//! stays as written; and the Chinese handbook is Chinese throughout, with
//! Chinese punctuation after its labels.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails loudly"
)]

use std::collections::BTreeSet;
use std::path::Path;

mod common;
use common::{build_into, fixtures, notice, plan, read_tree, scratch, site_dir};

fn read(dir: &Path, path: &str) -> String {
    std::fs::read_to_string(dir.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A zh-CN plan whose client audience reads `en`: the client's view, item
/// pages and calendar are English, the team's Chinese; a person's calendar
/// follows their own locale, else their audiences'.
#[test]
fn an_audience_set_to_english_reads_english_in_a_chinese_plan() {
    let out = site_dir("reader-locale");
    let dir = fixtures().join("handbook");
    let run = build_into(&dir, "reader-locale.yaml", &out, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);

    let client_html = read(&out, "audiences/client/index.html");
    assert!(client_html.contains("<html lang=\"en\">"));
    assert!(client_html.contains(">Contents<") && client_html.contains(">Meetings<"));
    assert!(
        !client_html.contains("目录"),
        "a Chinese label in the English view"
    );
    let client_md = read(&out, "audiences/client/handbook.md");
    assert!(client_md.contains("## <a id=\"meetings\"></a>Meetings"));
    assert!(
        client_md.contains("**Plan owner**: 张伟"),
        "plan text as written"
    );
    assert!(client_md.contains("every week on Tuesday"));
    // The client's quick reference card too, while the team's is Chinese.
    let client_card = read(&out, "audiences/client/card.md");
    assert!(
        client_card.starts_with("# Client — Quick reference"),
        "{client_card}"
    );
    assert!(client_card.contains("## Whom to ask") && client_card.contains("1 business day"));
    assert!(!client_card.contains("找谁") && !client_card.contains("工作日"));
    assert!(read(&out, "audiences/client/card.html").contains("<html lang=\"en\">"));
    let team_card = read(&out, "audiences/team/card.md");
    assert!(
        team_card.contains("## 找谁") && team_card.contains("1 个工作日"),
        "{team_card}"
    );
    let checklist = read(&out, "audiences/client/checklists/meeting-sync.md");
    assert!(checklist.starts_with("# Checklist: 周例会"), "{checklist}");

    let team_html = read(&out, "audiences/team/index.html");
    assert!(team_html.contains("<html lang=\"zh-CN\">") && team_html.contains(">目录<"));
    let team_checklist = read(&out, "audiences/team/checklists/meeting-sync.md");
    assert!(team_checklist.contains("议程"), "{team_checklist}");
    assert!(read(&out, "index.html").contains("<html lang=\"zh-CN\">"));

    let client_ics = read(&out, "audiences/client/calendar.ics");
    for english in [
        "CATEGORIES:meeting",
        "CATEGORIES:report",
        "DESCRIPTION:The meetings\\, reviews\\, reports and trainings of 会员中台",
        "Agenda:\\n- 进度",
        "DESCRIPTION:Due: 项目周报",
    ] {
        assert!(client_ics.contains(english), "{english} in\n{client_ics}");
    }
    assert!(!client_ics.contains("议程") && !client_ics.contains("会议\r\n"));
    assert!(read(&out, "calendars/audiences/team.ics").contains("CATEGORIES:会议"));
    // Li sets `en`; Anna sets nothing, and her one audience reads English;
    // Zhang sets nothing, and his audience reads the plan's Chinese.
    assert!(read(&out, "calendars/people/li.ics").contains("CATEGORIES:meeting"));
    assert!(read(&out, "calendars/people/anna.ics").contains("CATEGORIES:meeting"));
    assert!(read(&out, "calendars/people/zhang.ics").contains("CATEGORIES:会议"));
}

/// The late-change notice to the English-reading audience is English, the
/// one to the team Chinese.
#[test]
fn each_audience_is_told_of_a_change_in_its_language() {
    let dir = scratch("reader-locale-notice");
    let old = std::fs::read_to_string(fixtures().join("handbook/reader-locale.yaml")).unwrap();
    let new = old.replace("on: [tue], at: \"16:00\"", "on: [wed], at: \"16:00\"");
    assert_ne!(old, new);
    std::fs::write(dir.join("old.yaml"), &old).unwrap();
    std::fs::write(dir.join("new.yaml"), &new).unwrap();
    let run = notice(&dir, "old.yaml", "new.yaml", "2026-03-10 12:00");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let client = run.stdout.find("Hello Client,").expect("an English notice");
    let team = run.stdout.find("项目组，您好：").expect("a Chinese notice");
    assert!(
        run.stdout.contains("会员中台: changes to 周例会"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("会员中台：周例会的日程变更"),
        "{}",
        run.stdout
    );
    assert_ne!(client, team);
}

/// What a reader sees of a page: HTML without its tags, entities and the
/// style sheet; Markdown without link destinations and anchors.
fn visible_text(path: &str, page: &str) -> String {
    if path.ends_with(".html") {
        let body = match (page.find("<style>"), page.find("</style>")) {
            (Some(start), Some(end)) => format!("{}{}", &page[..start], &page[end..]),
            _ => page.to_string(),
        };
        let mut text = String::new();
        let mut in_tag = false;
        let mut in_entity = false;
        for c in body.chars() {
            match c {
                '<' => in_tag = true,
                '>' if in_tag => {
                    in_tag = false;
                    text.push(' ');
                }
                '&' if !in_tag => in_entity = true,
                ';' if in_entity => {
                    in_entity = false;
                    text.push(' ');
                }
                _ if in_tag || in_entity => {}
                c => text.push(c),
            }
        }
        return text;
    }
    let mut text = page.to_string();
    // `](<destination>)`, `](#anchor)` and `](page.md#anchor)`, then `<a id="…"></a>`.
    for (open, close) in [("](<", ">)"), ("](", ")"), ("<a id=\"", "</a>")] {
        while let Some(start) = text.find(open) {
            let Some(length) = text[start..].find(close) else {
                break;
            };
            text.replace_range(start..start + length + close.len(), " ");
        }
    }
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Runs of Latin letters, each with its byte offset. A compact duration
/// (`1bd`) counts as the word `bd`: a reader sees words only.
fn latin_words_at(text: &str) -> Vec<(String, usize)> {
    let mut words = Vec::new();
    let mut start = None;
    for (at, c) in text.char_indices().chain([(text.len(), ' ')]) {
        match (c.is_ascii_alphabetic(), start) {
            (true, None) => start = Some(at),
            (false, Some(from)) => {
                words.push((text[from..at].to_string(), from));
                start = None;
            }
            _ => {}
        }
    }
    words
}

/// Every field name of the format, from `plan schema`.
fn field_names(dir: &Path) -> BTreeSet<String> {
    fn collect(value: &serde_json::Value, names: &mut BTreeSet<String>) {
        match value {
            serde_json::Value::Object(map) => {
                if let Some(serde_json::Value::Object(properties)) = map.get("properties") {
                    names.extend(properties.keys().cloned());
                }
                map.values().for_each(|v| collect(v, names));
            }
            serde_json::Value::Array(items) => items.iter().for_each(|v| collect(v, names)),
            _ => {}
        }
    }
    let run = plan(dir, &["schema"]);
    let schema: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let mut names = BTreeSet::new();
    collect(&schema, &mut names);
    assert!(names.contains("title") && names.contains("every"));
    names
}

fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c)
}

/// Every page of the zh-CN example: no ASCII colon after Chinese text (a
/// label, bold or not), and no English word but those the plan itself
/// gives (its names, ids, addresses and text) and the tool's own name.
#[test]
fn the_chinese_handbook_has_chinese_labels_and_punctuation() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/zh-cn");
    let out = site_dir("zh-cn-language");
    assert_eq!(build_into(&example, "plan.yaml", &out, &[]).code, 0);
    let yaml = std::fs::read_to_string(example.join("plan.yaml")).unwrap();
    // The plan's own words: its keys, ids and values, not its comments.
    let own: String = yaml
        .lines()
        .map(|line| match line.find(" #") {
            Some(comment) => &line[..comment],
            None if line.trim_start().starts_with('#') => "",
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n");
    let fields = field_names(&example);
    let mut allowed = BTreeSet::new();
    for (word, at) in latin_words_at(&own) {
        // `title:`, `every:`: the format's words, not the plan's.
        let key = own[at + word.len()..].starts_with(':');
        if !(key && fields.contains(&word)) {
            allowed.insert(word);
        }
    }
    // `plan` made the page from `plan.yaml`: the tool's and the file's names.
    allowed.extend(["plan".to_string(), "yaml".to_string()]);
    let mut pages = 0;
    for (path, bytes) in read_tree(&out) {
        if !(path.ends_with(".html") || path.ends_with(".md")) {
            continue;
        }
        pages += 1;
        let text = visible_text(&path, &String::from_utf8(bytes).unwrap());
        let chars: Vec<char> = text.chars().collect();
        for (at, c) in chars.iter().enumerate() {
            if *c != ':' {
                continue;
            }
            let before: Vec<char> = chars[..at]
                .iter()
                .rev()
                .skip_while(|c| **c == '*')
                .take(1)
                .copied()
                .collect();
            assert!(
                !before.first().is_some_and(|c| is_han(*c)),
                "ASCII colon after Chinese in {path}: {}",
                chars[at.saturating_sub(20)..(at + 20).min(chars.len())]
                    .iter()
                    .collect::<String>()
            );
        }
        let english: BTreeSet<String> = latin_words_at(&text)
            .into_iter()
            .map(|(word, _)| word)
            .filter(|word| !allowed.contains(word))
            .collect();
        assert!(english.is_empty(), "English in {path}: {english:?}");
    }
    assert!(pages > 20, "{pages} pages");
}
