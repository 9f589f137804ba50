//! What the handbook says: every output of every example (snapshots), the
//! Chinese handbook, audience views without internal items, the changelog,
//! meeting links and report mail links.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails loudly"
)]

use std::path::Path;

mod common;
use common::{build_into, fixtures, plan, read_tree, site_dir};

/// Every output of every example, as built: the snapshots are the review.
#[test]
fn every_output_of_every_example() {
    for example in ["atlas-crm", "zh-cn"] {
        let out = site_dir(&format!("example-{example}"));
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("examples")
            .join(example);
        assert_eq!(build_into(&dir, "plan.yaml", &out, &[]).code, 0);
        let again = site_dir(&format!("example-{example}-again"));
        assert_eq!(build_into(&dir, "plan.yaml", &again, &[]).code, 0);
        let files = read_tree(&out);
        assert!(files == read_tree(&again), "rebuilds are byte-identical");
        for (path, bytes) in files {
            let text = String::from_utf8(bytes).unwrap().replace("\r\n", "\n");
            insta::assert_snapshot!(format!("{example}__{}", path.replace('/', "__")), text);
        }
    }
}

#[test]
fn a_zh_cn_plan_gives_a_chinese_handbook() {
    let out = site_dir("zh-cn");
    let run = build_into(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/zh-cn"),
        "plan.yaml",
        &out,
        &[],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"zh-CN\">"));
    for heading in [
        "目录",
        "沟通矩阵",
        "一周概览",
        "会议",
        "渠道与响应时间",
        "升级路径",
        "通讯录",
    ] {
        assert!(html.contains(heading), "missing {heading}");
    }
    for english in [">Contents<", ">Meetings<", "Monday", "every week"] {
        assert!(!html.contains(english), "English left: {english}");
    }
    let markdown = std::fs::read_to_string(out.join("handbook.md")).unwrap();
    assert!(markdown.contains("每周周二"), "cadence in Chinese");
}

/// Every audience's view has its quick reference card, in both forms, and
/// the view and its card link to each other; the whole plan has none.
#[test]
fn every_audience_gets_a_card_linked_from_its_view() {
    for example in ["atlas-crm", "zh-cn"] {
        let out = site_dir(&format!("cards-{example}"));
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("examples")
            .join(example);
        assert_eq!(build_into(&dir, "plan.yaml", &out, &[]).code, 0);
        let read = |path: String| std::fs::read_to_string(out.join(&path)).expect(&path);
        let json: serde_json::Value = serde_json::from_str(&read("plan.json".into())).unwrap();
        let audiences: Vec<&str> = json["onboarding"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["id"].as_str().unwrap())
            .collect();
        assert!(audiences.len() >= 4, "{example}: {audiences:?}");
        for id in audiences {
            let view = |file: &str| read(format!("audiences/{id}/{file}"));
            assert!(view("index.html").contains(r#"<a href="card.html">"#));
            assert!(view("handbook.md").contains("](card.md)"));
            let card = view("card.html");
            assert!(card.contains(r#"<a href="index.html">"#), "{id}");
            assert!(card.contains(r#"href="index.html#meeting-"#), "{id}");
            assert!(view("card.md").contains("](handbook.md)"), "{id}");
        }
        assert!(!out.join("card.html").exists() && !out.join("card.md").exists());
        assert!(!read("index.html".into()).contains("card.html"));
    }
}

#[test]
fn external_audiences_never_see_internal_items() {
    let out = site_dir("views");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/atlas-crm");
    assert_eq!(build_into(&dir, "plan.yaml", &out, &[]).code, 0);
    let whole = std::fs::read_to_string(out.join("handbook.md")).unwrap();
    let client =
        std::fs::read_to_string(out.join("audiences/account-manager/handbook.md")).unwrap();
    assert!(
        whole.contains("Delivery team stand-up"),
        "internal meeting in the team's handbook"
    );
    assert!(
        !client.contains("Delivery team stand-up"),
        "internal meeting hidden from the client"
    );
    assert!(
        !client.contains("Delivery health report"),
        "internal report hidden from the client"
    );
    let calendar =
        std::fs::read_to_string(out.join("audiences/account-manager/calendar.ics")).unwrap();
    assert!(!calendar.contains("team-standup@"));
}

#[test]
fn build_with_a_previous_plan_adds_a_changelog() {
    let out = site_dir("changelog");
    let _ = std::fs::remove_dir_all(&out);
    let run = plan(
        &fixtures().join("diff"),
        &[
            "-q",
            "build",
            "new.yaml",
            "--previous",
            "old.yaml",
            "-o",
            &out.display().to_string(),
        ],
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(html.contains("<h2>Changes since the previous plan</h2>"));
    assert!(
        html.contains(
            "<li>email: first response changed from 1 business day to 4 business hours</li>"
        ),
        "{html}"
    );
    let markdown = std::fs::read_to_string(out.join("handbook.md")).unwrap();
    assert!(markdown.contains("## <a id=\"changelog\"></a>Changes since the previous plan"));
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            out.push(u8::from_str_radix(&text[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

#[test]
fn a_zoom_meeting_carries_its_join_url_and_the_mailto_link_its_subject() {
    let out = site_dir("providers");
    let _ = std::fs::remove_dir_all(&out);
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/atlas-crm");
    assert_eq!(
        plan(
            &dir,
            &["-q", "build", "plan.yaml", "-o", &out.display().to_string()]
        )
        .code,
        0
    );
    let calendar = std::fs::read_to_string(out.join("calendars/plan.ics"))
        .unwrap()
        .replace("\r\n ", "");
    let sync = calendar
        .split("BEGIN:VEVENT")
        .find(|e| e.contains("UID:weekly-sync@"))
        .unwrap();
    assert!(
        sync.contains("\r\nURL:https://zoom.example/j/84512345678\r\n"),
        "{sync}"
    );
    assert!(sync.contains("\r\nCONFERENCE;VALUE=URI;FEATURE=AUDIO,VIDEO;LABEL=\"zoom\":https://zoom.example/j/84512345678\r\n"), "{sync}");

    let handbook = std::fs::read_to_string(out.join("handbook.md")).unwrap();
    // The first mail link with a subject: the report's (the others open a mailbox).
    let link = handbook
        .split("(<mailto:")
        .find(|l| l.split(">)").next().unwrap().contains("?subject="))
        .unwrap()
        .split(">)")
        .next()
        .unwrap();
    let (to, query) = link.split_once('?').unwrap();
    assert_eq!(
        to,
        "anna.schmidt@contoso.example,thomas.keller@contoso.example"
    );
    // The weekly status report's first due date is Thursday 2026-03-05.
    assert_eq!(
        percent_decode(query.strip_prefix("subject=").unwrap()),
        "[Atlas CRM] Weekly status – 2026-03-05"
    );
    let template = std::fs::read_to_string(out.join("reports/weekly-status.md")).unwrap();
    assert!(template.contains("## Risks and issues"));
    assert!(template.contains("At most 400 words"));
}

/// Every page a person reads (the handbook, its views, checklists and
/// report templates, HTML and Markdown) of every example and every plan
/// fixture that builds, rendered in memory in English and in Chinese.
fn pages_of_every_plan() -> Vec<(String, String)> {
    use commplan::i18n::Messages;
    use commplan::model::Locale;
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut plans = vec![
        root.join("examples/atlas-crm/plan.yaml"),
        root.join("examples/zh-cn/plan.yaml"),
    ];
    let mut folders = vec![fixtures()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() && !path.ends_with("invalid") {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "yaml") {
                plans.push(path);
            }
        }
    }
    plans.sort();
    let stamp = commplan::time::Instant::from_unix_seconds(1_767_225_600).unwrap();
    let mut pages = Vec::new();
    let mut built = 0;
    for path in &plans {
        let bytes = std::fs::read(path).unwrap();
        let checked = commplan::check(commplan::load::load_bytes("plan.yaml", &bytes));
        let Some(mut compiled) = checked
            .resolved
            .filter(|_| !checked.diagnostics.iter().any(|d| d.is_error()))
        else {
            continue;
        };
        built += 1;
        for locale in [Locale::En, Locale::ZhCn] {
            compiled.messages = Messages::for_locale(locale);
            let versions = commplan::render::ics::versions(&compiled, &Default::default(), stamp);
            let settings = commplan::render::SiteSettings {
                sets: &[],
                overrides: &commplan::render::handbook::Overrides::default(),
                stamp,
                versions: &versions,
                changelog: &[],
                budget: commplan::render::Budget::for_plan(bytes.len()),
            };
            let mut sink = commplan::write::Files::default();
            commplan::render::site(&compiled, &settings, &mut sink).unwrap();
            for file in sink.files {
                if file.path.ends_with(".html") || file.path.ends_with(".md") {
                    let name = format!("{} ({locale:?}): {}", path.display(), file.path);
                    pages.push((name, String::from_utf8(file.bytes).unwrap()));
                }
            }
        }
    }
    assert!(built >= 20, "only {built} of {} plans built", plans.len());
    pages
}

/// The first compact business duration in `text` (`1bd`, `4bh`, the `2bd`
/// of `2bd4bh`): digits after no letter or digit, then `bd` or `bh`, then
/// no letter.
fn compact_business_duration(text: &str) -> Option<&str> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let starts = bytes[i].is_ascii_digit() && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric());
        if !starts {
            i += 1;
            continue;
        }
        let mut end = i;
        while end < bytes.len() && bytes[end].is_ascii_digit() {
            end += 1;
        }
        let unit = bytes.get(end..end + 2);
        let after = bytes.get(end + 2).copied();
        if matches!(unit, Some(b"bd" | b"bh")) && !after.is_some_and(|b| b.is_ascii_alphabetic()) {
            return Some(&text[i..end + 2]);
        }
        i = end;
    }
    None
}

#[test]
fn the_scan_finds_compact_business_durations() {
    assert_eq!(compact_business_duration("within 1bd."), Some("1bd"));
    assert_eq!(compact_business_duration("<td>2bd4bh</td>"), Some("2bd"));
    assert_eq!(compact_business_duration("会前 4bh，"), Some("4bh"));
    assert_eq!(
        compact_business_duration("1 business day, 2bdx, a1bd, 16:00"),
        None
    );
}

/// Durations are written in words on every page a person reads, in both
/// languages: "1 business day", "4 个工作小时", never `1bd` or `4bh`.
#[test]
fn no_page_writes_a_business_duration_in_its_compact_form() {
    let pages = pages_of_every_plan();
    let mut compact = Vec::new();
    for (name, text) in &pages {
        if let Some(token) = compact_business_duration(text) {
            compact.push(format!("{name}: `{token}`"));
        }
    }
    assert!(compact.is_empty(), "{compact:#?}");
    // The words are there instead.
    let said = |words: &str| pages.iter().any(|(_, text)| text.contains(words));
    assert!(said("1 business day") && said("4 business hours"));
    assert!(said("1 个工作日") && said("4 个工作小时"));
}

/// The three-zones fixture (issue 13), built once for the tests that read it.
fn three_zones() -> &'static Path {
    static OUT: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();
    OUT.get_or_init(|| {
        let out = site_dir("three-zones");
        let run = build_into(&fixtures().join("handbook"), "three-zones.yaml", &out, &[]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        out
    })
}

fn read(view: &str, file: &str) -> String {
    std::fs::read_to_string(three_zones().join(view).join(file)).unwrap()
}

/// The part of a page between two anchors.
fn section<'a>(page: &'a str, from: &str, to: &str) -> &'a str {
    let start = page.find(from).unwrap();
    let end = start + page[start..].find(to).unwrap();
    &page[start..end]
}

/// Each view's handbooks and the whole plan's, as built.
#[test]
fn three_zones_views_as_built() {
    for view in ["", "audiences/munich/", "audiences/new-york/"] {
        for file in ["handbook.md", "index.html"] {
            let name = format!("three-zones__{view}{file}").replace('/', "__");
            insta::assert_snapshot!(name, read(view, file));
        }
    }
}

/// Munich (Europe/Berlin) goes to summer time on 29 March 2026, New York on
/// 8 March, Shanghai never: each view gives the sync on its reader's clock,
/// the day before its own change the last at the winter time, and the
/// Shanghai time in brackets.
#[test]
fn each_view_gives_times_on_its_readers_clock_with_the_other_side_in_brackets() {
    let munich =
        "every week on Tuesday at 09:00 until 28 Mar, then 10:00 Berlin (always 16:00 Shanghai)";
    let new_york =
        "every week on Tuesday at 03:00 until 7 Mar, then 04:00 New York (always 16:00 Shanghai)";
    for file in ["handbook.md", "index.html"] {
        let page = read("audiences/munich", file);
        assert!(page.contains(munich), "{file}: {page}");
        let page = read("audiences/new-york", file);
        assert!(page.contains(new_york), "{file}: {page}");
        // 08:00 on Wednesday in Shanghai is Tuesday evening in New York.
        assert!(
            page.contains("every 2 weeks on Tuesday at 20:00 New York (Wednesday 08:00 Shanghai)")
        );
        // The reader in Shanghai reads Shanghai time alone.
        let page = read("", file);
        assert!(
            page.contains("every week on Tuesday at 16:00 Shanghai<")
                || page.contains("every week on Tuesday at 16:00 Shanghai\n")
        );
        assert!(!page.contains("16:00 Shanghai)"));
    }
    // A moved occurrence, on the reader's clock too.
    assert!(read("audiences/munich", "handbook.md").contains(
        "- Wednesday 2026-06-03: moved to Thursday 2026-06-04 09:00 Berlin (15:00 Shanghai) — Dragon Boat week"
    ));
}

/// The week at a glance is a typical week: the monthly and the quarterly
/// item once each, with their frequency; a day of the month apart.
#[test]
fn the_week_at_a_glance_shows_each_item_once_with_its_frequency() {
    let page = read("audiences/munich", "index.html");
    let week = section(&page, "<section id=\"week\">", "</section>");
    for (anchor, frequency) in [
        ("meeting-weekly-sync", "every week"),
        ("meeting-steering", "1st Wed monthly"),
        ("review-quarterly", "2nd Thu quarterly"),
    ] {
        assert_eq!(
            week.matches(&format!("href=\"#{anchor}\"")).count(),
            1,
            "{anchor}"
        );
        let item = section(week, &format!("href=\"#{anchor}\""), "</a>");
        assert!(
            item.contains(&format!("<span class=\"freq\">{frequency} · ")),
            "{item}"
        );
    }
    let sync = section(week, "href=\"#meeting-weekly-sync\"", "</a>");
    assert!(
        sync.contains("<span class=\"when\">10:00–10:45</span>"),
        "{sync}"
    );
    assert!(sync.contains("09:00 until 28 Mar, then 10:00"), "{sync}");
    let markdown = read("", "handbook.md");
    let week = section(&markdown, "<a id=\"week\">", "<a id=\"meetings\">");
    assert!(week.contains(
        "- **On a day of the month**\n  - 10:00–11:00 [Communication retrospective](#review-retro) (day 15 monthly)\n"
    ), "{week}");
    assert!(
        week.contains(
            "  - 21:00–22:00 [Quarterly review](#review-quarterly) (2nd Thu quarterly)\n"
        ),
        "{week}"
    );
}

/// Shanghai works 09:00-18:00 (UTC+8), Lena in Munich 09:00-17:00 (UTC+2 in
/// summer): on Munich's clock Shanghai works 03:00-12:00, so the two overlap
/// from 09:00 to 12:00, and the drawn bands (minutes of the day) say so.
#[test]
fn working_hour_bands_overlap_exactly_where_the_zones_do() {
    let minutes = |hour: i32| hour * 60;
    let shanghai_in_munich = (minutes(9 - 8 + 2), minutes(18 - 8 + 2));
    let munich = (minutes(9), minutes(17));
    let overlap = (
        shanghai_in_munich.0.max(munich.0),
        shanghai_in_munich.1.min(munich.1),
    );
    assert_eq!(overlap, (minutes(9), minutes(12)));
    let rect = |(from, to): (i32, i32)| {
        format!(
            "<rect class=\"on\" x=\"{from}\" y=\"0\" width=\"{}\" height=\"12\"/>",
            to - from
        )
    };
    let page = read("audiences/munich", "index.html");
    let bands = section(&page, "<div class=\"bands\">", "</section>");
    let band = |class: &str| section(bands, &format!("<div class=\"band {class}\">"), "</svg>");
    assert!(band("reader").contains(&rect(munich)), "{bands}");
    assert!(band("reader").contains("<strong>Berlin</strong> 09:00–17:00 Berlin, Mon–Fri"));
    assert!(band("other").contains(&rect(shanghai_in_munich)), "{bands}");
    assert!(band("other").contains(
        "09:00–18:00 Shanghai, Mon–Fri = 03:00–12:00 Berlin (02:00–11:00 until 28 Mar, then 03:00–12:00)"
    ));
    assert!(band("overlap").contains(&rect(overlap)), "{bands}");
    assert!(band("overlap").contains("<strong>Both at work</strong> 09:00–12:00 Berlin"));
    // Until Berlin's summer time Shanghai's day ends at 11:00 there.
    assert!(
        band("overlap").contains("09:00–12:00 Berlin (09:00–11:00 until 28 Mar, then 09:00–12:00)")
    );
    // New York (08:00-17:00, UTC-4) and Shanghai never work at once.
    let page = read("audiences/new-york", "handbook.md");
    assert!(page.contains("- **Both at work**: no hour when both are at work\n"));
    // Shanghai's Monday morning is Sunday evening in New York.
    assert!(
        page.contains(
            "= 21:00–06:00 New York, Sun–Thu (20:00–05:00 until 7 Mar, then 21:00–06:00)"
        )
    );
}
