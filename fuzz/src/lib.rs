//! What every fuzz target runs, and the invariants it asserts.
//!
//! Each target in `fuzz/fuzz_targets/` is one line calling a function here.
//! `tests/fuzz_regressions.rs` includes this file with `#[path]` and replays
//! every saved input through the same function on stable Rust, so this file
//! uses only `std`, `commplan` and `commplan`'s own dependencies.
//!
//! Targets 2 (`build_site`) and 4 (`ics`) need a valid plan, which random bytes
//! rarely are. Their input is therefore either a plan's text (libFuzzer mutates
//! the seed plans) or, when it starts with [`SPLICE`], a list of edits to one of
//! the [`SEEDS`]: fuzzer-chosen strings written, correctly quoted, over the
//! seed's scalars and keys. The YAML stays well formed whatever the strings,
//! so most inputs reach rendering with hostile text in names, titles and
//! Markdown fields.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::OnceLock;

use commplan::model::CalendarSet;
use commplan::render::{self, OutputFile};
use commplan::time::Instant;

/// What a target runs on one input; it panics when an invariant fails.
pub type Target = fn(&[u8]);

/// The targets, by name, as `cargo fuzz run <name>` and `fuzz/regressions/<name>/` know them.
pub const TARGETS: &[(&str, Target)] = &[
    ("load_lint", load_lint),
    ("build_site", build_site),
    ("markdown", markdown),
    ("ics", ics),
    ("measure", measure),
];

// ---------------------------------------------------------------------------
// Target 1: bytes -> load -> validate, compile, lint -> every report format.

/// Loads arbitrary bytes as a plan, checks it, and prints the findings in
/// every format. Asserts that every finding points inside the text, that JSON
/// and SARIF are JSON, and that the terminal formats (human, github) carry no
/// control character but line feed and tab.
pub fn load_lint(data: &[u8]) {
    let loaded = commplan::load::load_bytes("plan.yaml", data);
    let checked = commplan::check(loaded);
    let text = &checked.source.text;
    for diagnostic in &checked.diagnostics {
        let spans = std::iter::once((diagnostic.span, "primary"))
            .chain(diagnostic.related.iter().map(|r| (r.span, "related")));
        for (span, which) in spans {
            assert!(
                span.end() <= text.len()
                    && text.is_char_boundary(span.start)
                    && text.is_char_boundary(span.end()),
                "{which} span {span:?} of `{}` ({}) is not a character range of the {}-byte text",
                diagnostic.rule.as_str(),
                diagnostic.message,
                text.len()
            );
        }
    }
    use commplan::report::{Format, Style, render, summary};
    for format in [Format::Human, Format::Json, Format::Sarif, Format::Github] {
        let out = render(
            format,
            &checked.source,
            &checked.diagnostics,
            Style::default(),
        );
        if matches!(format, Format::Human | Format::Github) {
            // Terminal formats: plan text must not reach the terminal as
            // control characters (ESC sequences set titles, clear screens).
            if let Some(at) = out.find(|c: char| c.is_control() && c != '\n' && c != '\t') {
                panic!(
                    "{format:?} output has a control character: {:?}",
                    around(&out, at)
                );
            }
        }
        if matches!(format, Format::Json | Format::Sarif) {
            assert!(
                serde_json::from_str::<serde_json::Value>(&out).is_ok(),
                "{format:?} output is not JSON"
            );
        }
    }
    let _ = summary(&checked.diagnostics);
}

// ---------------------------------------------------------------------------
// Target 2: a valid plan -> everything `plan build` writes, in memory.

const ALL_SETS: [CalendarSet; 3] = [
    CalendarSet::All,
    CalendarSet::Audiences,
    CalendarSet::People,
];

/// A fixed DTSTAMP (2026-01-01T00:00:00Z): builds must not depend on the clock.
fn stamp() -> Instant {
    Instant::from_unix_seconds(1_767_225_600).expect("a fixed instant in range")
}

/// Builds the site of a valid plan with the built-in templates and checks
/// every file as it is rendered: a safe relative path, no script or
/// dangerous link in HTML, and well-formed iCalendar lines.
pub fn build_site(data: &[u8]) {
    let Some(compiled) = valid_plan(data) else {
        return;
    };
    let versions = render::ics::versions(&compiled, &Default::default(), stamp());
    let settings = render::SiteSettings {
        sets: &ALL_SETS,
        overrides: &render::handbook::Overrides::default(),
        stamp: stamp(),
        versions: &versions,
        changelog: &[],
        budget: render::Budget::for_plan(expand(data).len()),
    };
    match render::site(&compiled, &settings, &mut CheckedSink) {
        Ok(_) => {}
        // The build's budgets stop a plan that asks for too much: a finding, not a crash.
        Err(render::SiteError::Budget(_)) => {}
        Err(error) => panic!("the built-in templates fail on a valid plan: {error}"),
    }
}

/// Checks each file `render::site` puts, and keeps none.
struct CheckedSink;

impl render::Sink for CheckedSink {
    fn put(&mut self, file: OutputFile) -> std::io::Result<()> {
        check_output_path(&file.path);
        if file.path.ends_with(".html") {
            check_html(&file.path, utf8(&file), Markup::Page);
        } else if file.path.ends_with(".md") {
            check_markdown(&file.path, utf8(&file), anchor_tag);
        } else if file.path.ends_with(".ics") {
            check_ics(&file.path, utf8(&file));
        }
        Ok(())
    }

    // Files put in pieces are the data files (plan.json, tasks.csv): only
    // their paths are checked.
    fn begin(&mut self, path: &str) -> std::io::Result<()> {
        check_output_path(path);
        Ok(())
    }

    fn append(&mut self, _: &str, _: &[u8]) -> std::io::Result<()> {
        Ok(())
    }

    fn end(&mut self, _: &str) -> std::io::Result<()> {
        Ok(())
    }
}

fn utf8(file: &OutputFile) -> &str {
    std::str::from_utf8(&file.bytes).unwrap_or_else(|e| panic!("`{}` is not UTF-8: {e}", file.path))
}

/// An output path stays inside the output folder: relative, `/`-separated,
/// no empty, `.` or `..` component, no backslash, colon or control character.
fn check_output_path(path: &str) {
    let bad_char = path
        .chars()
        .any(|c| c == '\\' || c == ':' || c.is_control());
    let bad_component = path
        .split('/')
        .any(|part| part.is_empty() || part == "." || part == "..");
    assert!(
        !bad_char && !bad_component,
        "output path {path:?} is not a safe relative path"
    );
}

// ---------------------------------------------------------------------------
// Target 3: the Markdown sanitiser on arbitrary text.

/// Runs `to_html`, `to_markdown` and `escape_text` on arbitrary text (invalid
/// UTF-8 replaced) and checks that nothing active comes out.
pub fn markdown(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let html = commplan::markdown::to_html(&text);
    check_html("to_html", &html, Markup::Fragment);

    let markdown = commplan::markdown::to_markdown(&text);
    check_markdown("to_markdown", &markdown, |_| false);

    let escaped = commplan::markdown::escape_text(&text);
    assert!(
        !escaped.contains(['<', '\n', '\r']),
        "escape_text left `<` or a line break: {escaped:?}"
    );
}

/// Markdown output, read back as a Markdown viewer would (CommonMark): no
/// raw HTML but the tags `allowed` accepts (so no `<script>`: inside a code
/// span or block it is text, and harmless), no image, and no link with a
/// scheme other than http, https or mailto.
fn check_markdown(what: &str, markdown: &str, allowed: fn(&ParsedTag<'_>) -> bool) {
    use pulldown_cmark::{Event, Options, Parser, Tag};
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Html(html) | Event::InlineHtml(html) => {
                let mut rest = &*html;
                while let Some(at) = rest.find('<') {
                    rest = &rest[at..];
                    let tag = parse_tag(rest).filter(|tag| allowed(tag));
                    let Some(tag) = tag else {
                        panic!("{what}: raw HTML {html:?} in the Markdown")
                    };
                    rest = &rest[tag.len..];
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                assert!(safe_url(&dest_url), "{what}: link to {dest_url:?}");
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                panic!("{what}: an image from {dest_url:?} in the Markdown");
            }
            _ => {}
        }
    }
}

/// The anchors the built-in Markdown templates write: `<a id="...">` and `</a>`.
fn anchor_tag(tag: &ParsedTag<'_>) -> bool {
    tag.name == "a" && tag.attributes.iter().all(|(name, _)| *name == "id")
}

// ---------------------------------------------------------------------------
// Target 4: a valid plan -> every calendar.

/// Writes the plan's, each audience's and each person's calendar and checks
/// RFC 5545's line rules on each.
pub fn ics(data: &[u8]) {
    let Some(compiled) = valid_plan(data) else {
        return;
    };
    let versions = render::ics::versions(&compiled, &Default::default(), stamp());
    let stamps = render::ics::Stamps {
        stamp: stamp(),
        versions: &versions,
    };
    for file in render::calendars(&compiled, &ALL_SETS, stamps) {
        check_output_path(&file.path);
        check_ics(&file.path, utf8(&file));
    }
}

/// Every line ends with CRLF, holds no other CR or LF and is at most 75
/// octets; unfolded, every line is `NAME[;params]:value` and BEGIN/END nest.
fn check_ics(path: &str, text: &str) {
    let Some(body) = text.strip_suffix("\r\n") else {
        panic!("{path}: does not end with CRLF");
    };
    for (number, line) in body.split("\r\n").enumerate() {
        assert!(
            !line.contains(['\r', '\n']),
            "{path} line {}: bare CR or LF in {line:?}",
            number + 1
        );
        assert!(
            line.len() <= 75,
            "{path} line {}: {} octets: {line:?}",
            number + 1,
            line.len()
        );
    }
    let unfolded = body.replace("\r\n ", "").replace("\r\n\t", "");
    let mut open: Vec<&str> = Vec::new();
    for (number, line) in unfolded.split("\r\n").enumerate() {
        let name_end = line.find([';', ':']).unwrap_or(line.len());
        let name = &line[..name_end];
        assert!(
            !name.is_empty()
                && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && line.contains(':'),
            "{path} content line {}: not `NAME:value`: {line:?}",
            number + 1
        );
        if let Some(component) = line.strip_prefix("BEGIN:") {
            open.push(component);
        } else if let Some(component) = line.strip_prefix("END:") {
            assert_eq!(
                open.pop(),
                Some(component),
                "{path}: END:{component} does not close"
            );
        } else {
            assert!(!open.is_empty(), "{path}: {line:?} outside VCALENDAR");
        }
        if number == 0 {
            assert_eq!(line, "BEGIN:VCALENDAR", "{path}: first line");
        }
    }
    assert!(open.is_empty(), "{path}: {open:?} never closed");
}

// ---------------------------------------------------------------------------
// Target 5: bytes as a source of `plan measure` -> the figures and the review.

/// The plan every `measure` input is measured against: Easter holidays, a
/// make-up Saturday, two channels with business-time promises, a weekly
/// meeting with an external audience (so every measure has something to do).
const MEASURE_PLAN: &str = include_str!("../../tests/fixtures/measure/calendar/plan.yaml");

/// The sources the first byte of a `measure` input picks (byte % 3). The
/// Slack reader takes a folder of files, not bytes: it is not fuzzed here.
#[derive(Clone, Copy, Debug)]
pub enum MeasureSource {
    Csv,
    Mbox,
    Calendar,
}

/// Reads the rest of the input as the source the first byte picks (byte %
/// 3: CSV, mbox, .ics; byte / 3 odd: `--from 2026-03-01 --to 2026-04-30`),
/// measures it against [`MEASURE_PLAN`] and renders the findings and both
/// review pages, subjects shown. Asserts that the counts add up, that every
/// skip points at a line of the input, that no markup from the input
/// reaches the HTML or the Markdown, and that a second run gives the same.
pub fn measure(data: &[u8]) {
    let Some((&first, source)) = data.split_first() else {
        return;
    };
    let kind = match first % 3 {
        0 => MeasureSource::Csv,
        1 => MeasureSource::Mbox,
        _ => MeasureSource::Calendar,
    };
    let bounded = (first / 3) % 2 == 1;
    let compiled = measure_plan();
    let once = measured(compiled, kind, bounded, source);
    let Some((measures, pages)) = &once else {
        return;
    };
    let lines = line_count(kind, source);
    for skip in &measures.skips {
        assert!(
            (1..=lines).contains(&skip.place.line),
            "skip at line {} of a {lines}-line input: {}",
            skip.place.line,
            skip.reason
        );
    }
    assert!(
        measures.skips.len() <= measures.skipped,
        "more skips listed than counted"
    );
    for channel in &measures.channels {
        check_channel_counts(channel);
    }
    for file in pages {
        let text = utf8(file);
        if file.path.ends_with(".html") {
            check_html(&file.path, text, Markup::Template(review_tags()));
        } else {
            check_markdown(&file.path, text, |_| false);
        }
    }
    assert!(
        measured(compiled, kind, bounded, source) == once,
        "a second run measures or renders differently"
    );
}

/// The lines of a source as its reader counts them: a CSV file's end at
/// `\r\n`, `\n` or a lone `\r` (as old Mac spreadsheets write them), an
/// mbox's and an .ics file's at `\n`. A last line without an end counts.
fn line_count(kind: MeasureSource, source: &[u8]) -> u64 {
    let ends = match kind {
        MeasureSource::Csv => {
            let lone_returns = source
                .iter()
                .enumerate()
                .filter(|&(at, &b)| b == b'\r' && source.get(at + 1) != Some(&b'\n'))
                .count();
            lone_returns + source.iter().filter(|&&b| b == b'\n').count()
        }
        MeasureSource::Mbox | MeasureSource::Calendar => {
            source.iter().filter(|&&b| b == b'\n').count()
        }
    };
    ends as u64 + 1
}

/// The compiled [`MEASURE_PLAN`], once.
fn measure_plan() -> &'static commplan::compile::Compiled {
    static PLAN: OnceLock<commplan::compile::Compiled> = OnceLock::new();
    PLAN.get_or_init(|| {
        valid_plan(MEASURE_PLAN.as_bytes()).expect("the measure fixture plan is valid")
    })
}

/// What `plan measure` computes for one source, as the CLI runs it: the
/// figures and the review pages; `None` when the source cannot be read at
/// all (the CLI's exit 2).
pub fn measured(
    compiled: &commplan::compile::Compiled,
    kind: MeasureSource,
    bounded: bool,
    source: &[u8],
) -> Option<(commplan::measure::Measures, Vec<OutputFile>)> {
    use commplan::measure::{Period, Tally, calendar, csv, mbox, report};
    let zone = &compiled.zone;
    let (from, to) = if bounded {
        (
            commplan::time::Date::from_ymd(2026, 3, 1),
            commplan::time::Date::from_ymd(2026, 4, 30),
        )
    } else {
        (None, None)
    };
    let period = Period::days(from, to, zone)?;
    let mut tally = Tally::new(compiled, period);
    const SHOWN: &str = "source";
    match kind {
        MeasureSource::Csv => {
            let rows = csv::requests(source, SHOWN, zone).ok()?;
            for row in rows {
                tally.add(row.ok()?);
            }
        }
        MeasureSource::Mbox => {
            let mut mail = mbox::Mailboxes::new(compiled, true);
            mail.read(source, SHOWN, None).ok()?;
            mail.into_items().for_each(|item| tally.add(item));
        }
        MeasureSource::Calendar => {
            tally.compare_calendar();
            for item in calendar::events(source, SHOWN, zone) {
                tally.add_calendar(item.ok()?);
            }
        }
    }
    let measures = tally.finish();
    let english = commplan::i18n::Messages::for_locale(commplan::model::Locale::En);
    for finding in report::all_findings(compiled, &measures) {
        let _ = commplan::measure::findings::say(&finding, &english);
        let _ = commplan::measure::findings::say(&finding, &compiled.messages);
    }
    for channel in &measures.channels {
        let json = report::ChannelReport::of(channel, measures.as_of, zone, true);
        serde_json::to_string(&json).expect("a channel's figures serialize as JSON");
    }
    let options = report::ReviewOptions {
        show_subjects: true,
        target: Some(90.0),
    };
    let review = report::review(compiled, &measures, period, options);
    // The CLI's budget: a hundred bytes of plan for every case.
    let cases: usize = measures.channels.iter().map(|c| c.cases.len()).sum();
    let budget = render::Budget::for_plan(cases.saturating_mul(100));
    let mut files = commplan::write::Files::default();
    match render::review::pages(&review, &Default::default(), budget, &mut files) {
        Ok(()) | Err(render::SiteError::Budget(_)) => {}
        Err(error) => panic!("the review templates fail: {error}"),
    }
    Some((measures, files.files))
}

/// A channel's figures agree with each other and with its cases.
fn check_channel_counts(channel: &commplan::measure::ChannelMeasures) {
    use commplan::measure::Outcome;
    let id = &channel.channel;
    let count = |outcome| {
        channel
            .cases
            .iter()
            .filter(|c| c.outcome == outcome)
            .count()
    };
    assert_eq!(channel.requests, channel.cases.len(), "`{id}`: requests");
    assert_eq!(channel.within_sla, count(Outcome::Within), "`{id}`: within");
    assert_eq!(
        channel.within_sla + channel.late + channel.open_overdue,
        channel.judged,
        "`{id}`: within + late + overdue is not judged"
    );
    assert_eq!(
        channel.judged + channel.open_pending + count(Outcome::Unpromised),
        channel.requests,
        "`{id}`: the outcomes do not add up to the requests"
    );
    assert!(
        channel.answered <= channel.requests
            && channel.urgent <= channel.requests
            && channel.outside_plan <= channel.requests,
        "`{id}`: answered, urgent or outside the plan exceed the requests"
    );
    if let Some(percent) = channel.attainment_percent {
        assert!(
            (0.0..=100.0).contains(&percent),
            "`{id}`: attainment {percent} %"
        );
    }
    if let (Some(median), Some(p90)) = (channel.median_minutes, channel.p90_minutes) {
        assert!(
            0 <= median && median <= p90,
            "`{id}`: median {median} and 90th percentile {p90} minutes"
        );
    }
}

/// The tags `review.html.j2` writes: any other tag in a review came from
/// the input.
fn review_tags() -> &'static [String] {
    static TAGS: OnceLock<Vec<String>> = OnceLock::new();
    TAGS.get_or_init(|| {
        let template = include_str!("../../templates/review.html.j2");
        let mut tags: Vec<String> = template
            .split('<')
            .skip(1)
            .filter_map(|rest| {
                let rest = rest.strip_prefix('/').unwrap_or(rest);
                let end = rest.find(|c: char| !c.is_ascii_alphanumeric())?;
                (end > 0).then(|| rest[..end].to_ascii_lowercase())
            })
            .collect();
        tags.sort();
        tags.dedup();
        tags
    })
}

// ---------------------------------------------------------------------------
// HTML checks shared by targets 2, 3 and 5.

/// Tags pulldown-cmark writes for the options `to_html` enables.
const FRAGMENT_TAGS: &[&str] = &[
    "a",
    "blockquote",
    "br",
    "code",
    "del",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
];
const FRAGMENT_ATTRIBUTES: &[&str] = &["href", "title", "start", "class", "style"];
/// Elements that run code, load content or change where the page points.
const ACTIVE_TAGS: &[&str] = &[
    "script", "iframe", "frame", "object", "embed", "applet", "base", "form", "img", "svg", "math",
    "link",
];
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "poster",
];

/// Which tags an HTML text may hold.
#[derive(Clone, Copy)]
enum Markup<'a> {
    /// A page: any but the [`ACTIVE_TAGS`].
    Page,
    /// A Markdown fragment: only the tags and attributes pulldown-cmark writes.
    Fragment,
    /// A page of one template: only the tags it writes (its inline SVG too).
    Template(&'a [String]),
}

/// Scans every tag of an HTML document or fragment (text is escaped, so each
/// `<` starts markup). Fails on `<script`, a tag `markup` does not allow,
/// `on*` handlers and URLs with a scheme other than http, https or mailto.
fn check_html(what: &str, html: &str, markup: Markup<'_>) {
    let fragment = matches!(markup, Markup::Fragment);
    if let Some(at) = find_ignore_case(html, "<script") {
        panic!("{what}: `<script` in {:?}", around(html, at));
    }
    let mut at = 0;
    while let Some(found) = html[at..].find('<') {
        let start = at + found;
        let rest = &html[start..];
        if rest.starts_with("<!--") {
            let end = rest
                .find("-->")
                .unwrap_or_else(|| panic!("{what}: unclosed comment"));
            at = start + end + 3;
            continue;
        }
        if rest.starts_with("<!") {
            let end = rest
                .find('>')
                .unwrap_or_else(|| panic!("{what}: unclosed `<!`"));
            at = start + end + 1;
            continue;
        }
        let tag = parse_tag(rest).unwrap_or_else(|| {
            let shown: String = rest.chars().take(80).collect();
            panic!("{what}: markup that is not a well-formed tag at byte {start}: {shown:?}")
        });
        let name = tag.name.to_ascii_lowercase();
        if let Markup::Template(tags) = markup {
            assert!(
                tags.contains(&name),
                "{what}: <{name}>, which the template does not write: {:?}",
                around(html, start)
            );
        } else {
            assert!(
                !ACTIVE_TAGS.contains(&name.as_str()),
                "{what}: active element <{name}>"
            );
        }
        if fragment {
            assert!(
                FRAGMENT_TAGS.contains(&name.as_str()),
                "{what}: tag <{name}> that Markdown does not write"
            );
        }
        for (attribute, value) in &tag.attributes {
            let attribute = attribute.to_ascii_lowercase();
            assert!(
                !attribute.starts_with("on"),
                "{what}: event handler {attribute} on <{name}>"
            );
            if fragment {
                assert!(
                    FRAGMENT_ATTRIBUTES.contains(&attribute.as_str()),
                    "{what}: attribute {attribute} on <{name}>"
                );
            }
            if URL_ATTRIBUTES.contains(&attribute.as_str()) {
                let url = decode_entities(value);
                assert!(safe_url(&url), "{what}: {attribute}={url:?} on <{name}>");
            }
        }
        at = start + tag.len;
        // Raw text elements: their content is not markup.
        if !tag.closing && (name == "style" || name == "textarea" || name == "title") {
            let close = format!("</{name}");
            let end = find_ignore_case(&html[at..], &close)
                .unwrap_or_else(|| panic!("{what}: <{name}> never closed"));
            at += end;
        }
    }
}

struct ParsedTag<'a> {
    name: &'a str,
    closing: bool,
    attributes: Vec<(&'a str, &'a str)>,
    /// Bytes from `<` to `>` inclusive.
    len: usize,
}

/// `<name attr="value" attr='v' attr=v attr>`, `</name>` or `<name ... />`.
fn parse_tag(text: &str) -> Option<ParsedTag<'_>> {
    let bytes = text.as_bytes();
    let mut i = 1;
    let closing = bytes.get(i) == Some(&b'/');
    if closing {
        i += 1;
    }
    let name_start = i;
    while bytes.get(i).is_some_and(|b| b.is_ascii_alphanumeric()) {
        i += 1;
    }
    if i == name_start || !bytes[name_start].is_ascii_alphabetic() {
        return None;
    }
    let name = &text[name_start..i];
    let mut attributes = Vec::new();
    loop {
        let before = i;
        while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        match bytes.get(i)? {
            b'>' => break,
            b'/' if bytes.get(i + 1) == Some(&b'>') => {
                i += 1;
                break;
            }
            _ if i == before || closing => return None,
            _ => {}
        }
        let attribute_start = i;
        while bytes
            .get(i)
            .is_some_and(|b| !b.is_ascii_whitespace() && !b"\"'>/=".contains(b))
        {
            i += 1;
        }
        if i == attribute_start {
            return None;
        }
        let attribute = &text[attribute_start..i];
        let mut value = "";
        if bytes.get(i) == Some(&b'=') {
            i += 1;
            match bytes.get(i)? {
                quote @ (b'"' | b'\'') => {
                    let end = text[i + 1..].find(char::from(*quote))? + i + 1;
                    value = &text[i + 1..end];
                    i = end + 1;
                }
                _ => {
                    let start = i;
                    while bytes
                        .get(i)
                        .is_some_and(|b| !b.is_ascii_whitespace() && *b != b'>')
                    {
                        i += 1;
                    }
                    value = &text[start..i];
                }
            }
        }
        attributes.push((attribute, value));
    }
    Some(ParsedTag {
        name,
        closing,
        attributes,
        len: i + 1,
    })
}

/// The character references a browser decodes in an attribute value.
fn decode_entities(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest.find(';').filter(|&e| e <= 12);
        let decoded = end.and_then(|end| {
            let entity = &rest[1..end];
            let c = match entity {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "colon" => Some(':'),
                "Tab" => Some('\t'),
                "NewLine" => Some('\n'),
                _ => entity.strip_prefix('#').and_then(|number| {
                    let code = match number.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok(),
                        None => number.parse().ok(),
                    };
                    code.and_then(char::from_u32)
                }),
            };
            c.map(|c| (c, end))
        });
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// A URL is safe when, read as a browser reads it (leading spaces and control
/// characters dropped, tabs and line breaks removed, case ignored), it has no
/// scheme (a relative link or `#anchor`) or http, https or mailto.
fn safe_url(url: &str) -> bool {
    let normalized: String = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .to_ascii_lowercase();
    let scheme_end = normalized.find(':');
    let path_start = normalized.find(['/', '?', '#']);
    match scheme_end {
        Some(colon) if path_start.is_none_or(|p| colon < p) => {
            matches!(&normalized[..colon], "http" | "https" | "mailto")
        }
        _ => true,
    }
}

fn find_ignore_case(haystack: &str, needle: &str) -> Option<usize> {
    let needle = needle.as_bytes();
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

/// About 60 bytes of `text` on either side of `at`, for a failure message.
fn around(text: &str, at: usize) -> &str {
    let mut start = at.saturating_sub(60);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (at + 60).min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    &text[start..end]
}

// ---------------------------------------------------------------------------
// Valid plans for targets 2 and 4: raw text, or edits spliced into a seed.

/// The first byte of a splice input (never the first byte of UTF-8 text).
/// Then one byte picks the seed, and the rest is records separated by
/// [`RECORD_END`]: two bytes (little-endian) pick a slot of the seed, the
/// rest of the record (lossy UTF-8) is written over it, quoted as YAML.
pub const SPLICE: u8 = 0xFE;
pub const RECORD_END: u8 = 0xFF;

/// Valid plans the splice mode edits. Append only: a splice input names its
/// seed by index. Regression inputs are saved as the spliced plan's text
/// (see [`expand`]), so changing a seed never changes a saved regression.
pub const SEEDS: &[(&str, &str)] = &[
    (
        "examples/atlas-crm/plan.yaml",
        include_str!("../../examples/atlas-crm/plan.yaml"),
    ),
    (
        "examples/zh-cn/plan.yaml",
        include_str!("../../examples/zh-cn/plan.yaml"),
    ),
    (
        "tests/fixtures/valid/minimal.yaml",
        include_str!("../../tests/fixtures/valid/minimal.yaml"),
    ),
    (
        "tests/fixtures/valid/business-clock.yaml",
        include_str!("../../tests/fixtures/valid/business-clock.yaml"),
    ),
    (
        "tests/fixtures/handbook/hostile.yaml",
        include_str!("../../tests/fixtures/handbook/hostile.yaml"),
    ),
    (
        "tests/fixtures/calendars/time-zones.yaml",
        include_str!("../../tests/fixtures/calendars/time-zones.yaml"),
    ),
    (
        "tests/fixtures/tasks/weekly.yaml",
        include_str!("../../tests/fixtures/tasks/weekly.yaml"),
    ),
];

/// Each seed's slots, computed once.
fn seed_slots() -> &'static [Vec<Slot>] {
    static SLOTS: OnceLock<Vec<Vec<Slot>>> = OnceLock::new();
    SLOTS.get_or_init(|| SEEDS.iter().map(|(_, text)| slots(text)).collect())
}

/// The plan text an input stands for: the input itself, or for a splice
/// input the seed with its edits applied.
pub fn expand(data: &[u8]) -> Cow<'_, [u8]> {
    let Some((&SPLICE, rest)) = data.split_first() else {
        return Cow::Borrowed(data);
    };
    let Some((&seed, records)) = rest.split_first() else {
        return Cow::Borrowed(SEEDS[0].1.as_bytes());
    };
    let index = usize::from(seed) % SEEDS.len();
    let text = SEEDS[index].1;
    let slots = &seed_slots()[index];
    if slots.is_empty() {
        return Cow::Borrowed(text.as_bytes());
    }
    let mut edits = BTreeMap::new();
    for record in records.split(|&b| b == RECORD_END) {
        if let [low, high, value @ ..] = record {
            let slot = usize::from(u16::from_le_bytes([*low, *high])) % slots.len();
            edits.insert(slot, String::from_utf8_lossy(value));
        }
    }
    Cow::Owned(splice(text, slots, &edits).into_bytes())
}

/// `text` with each edited slot replaced by its value as a YAML scalar.
pub fn splice(text: &str, slots: &[Slot], edits: &BTreeMap<usize, Cow<'_, str>>) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let mut copied = 0;
    for (&index, value) in edits {
        let slot = slots[index];
        out.push_str(&text[copied..slot.start]);
        out.push_str(&yaml_scalar(value));
        copied = slot.end;
    }
    out.push_str(&text[copied..]);
    out
}

/// A loaded, checked and compiled plan without errors, or `None`.
fn valid_plan(data: &[u8]) -> Option<commplan::compile::Compiled> {
    let text = expand(data);
    let checked = commplan::check(commplan::load::load_bytes("plan.yaml", &text));
    if checked.has_errors() {
        return None;
    }
    checked.resolved
}

/// `value` as a YAML scalar: plain when it is a simple word (so numbers,
/// dates and durations keep their type), double-quoted with escapes otherwise.
pub fn yaml_scalar(value: &str) -> String {
    let plain = value
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_alphanumeric())
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_.+/@-".contains(&b));
    if plain {
        return value.to_string();
    }
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            ' '..='~'
            | '\u{A0}'..='\u{D7FF}'
            | '\u{E000}'..='\u{FEFE}'
            | '\u{FF00}'..='\u{FFFD}' => {
                out.push(c);
            }
            c if u32::from(c) >= 0x1_0000 => out.push(c),
            c => out.push_str(&format!("\\u{:04X}", u32::from(c))),
        }
    }
    out.push('"');
    out
}

/// A byte range of a seed that can be replaced by any scalar: a mapping key,
/// a scalar value (plain, quoted or block, with its continuation lines), or a
/// scalar inside a one-line flow collection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Slot {
    pub start: usize,
    pub end: usize,
}

/// Finds the slots of a YAML document written the way plans are (block
/// mappings and sequences, one-line flow collections, comments). Anything
/// it does not understand (anchors, tags, multi-line flow) is left alone.
pub fn slots(text: &str) -> Vec<Slot> {
    let mut lines = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        lines.push((offset, content));
        offset += line.len();
    }
    let indent_of = |line: &str| line.len() - line.trim_start_matches(' ').len();
    let mut slots = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let (offset, line) = lines[i];
        i += 1;
        let indent = indent_of(line);
        let rest = &line[indent..];
        if rest.is_empty()
            || rest.starts_with(['#', '%'])
            || line.starts_with("---")
            || line.starts_with("...")
        {
            continue;
        }
        // Sequence dashes, possibly several (`- - x`).
        let mut column = indent;
        while line[column..].starts_with("- ") || &line[column..] == "-" {
            column += 1;
            column += indent_of(&line[column..]);
        }
        if column >= line.len() {
            continue;
        }
        // Lines more indented than this belong to this node's scalar.
        let mut parent = indent;
        let mut value_column = column;
        if let Some(key_len) = key_length(&line[column..]) {
            slots.push(Slot {
                start: offset + column,
                end: offset + column + key_len,
            });
            parent = column;
            value_column = column + key_len + 1;
            value_column += indent_of(&line[value_column..]);
        }
        let value = &line[value_column..];
        if value.is_empty() || value.starts_with('#') {
            continue;
        }
        match value.as_bytes()[0] {
            b'{' | b'[' => {
                let mut flow = Vec::new();
                let mut parser = Flow {
                    text: line,
                    at: value_column,
                    base: offset,
                    slots: &mut flow,
                };
                let complete = parser.collection().is_some() && {
                    let after = line[parser.at..].trim_start();
                    after.is_empty() || after.starts_with('#')
                };
                if complete {
                    slots.extend(flow);
                } else {
                    // A multi-line flow collection: skip it.
                    while i < lines.len()
                        && (lines[i].1.trim().is_empty() || indent_of(lines[i].1) > parent)
                    {
                        i += 1;
                    }
                }
            }
            b'&' | b'*' | b'!' | b'@' | b'`' | b'?' => {}
            _ => {
                let mut end = offset + line.len();
                while i < lines.len() {
                    let (next_offset, next) = lines[i];
                    if next.trim().is_empty() {
                        i += 1;
                    } else if indent_of(next) > parent {
                        end = next_offset + next.len();
                        i += 1;
                    } else {
                        break;
                    }
                }
                slots.push(Slot {
                    start: offset + value_column,
                    end,
                });
            }
        }
    }
    slots
}

/// The length of a block mapping key at the start of `text` (plain or
/// quoted), when `text` is `key:` followed by a space or the end of the line.
fn key_length(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let len = match bytes.first()? {
        b'"' | b'\'' => quoted_length(text)?,
        b'{' | b'[' | b'&' | b'*' | b'!' | b'|' | b'>' | b'%' | b'@' | b'`' | b'#' | b'?' => {
            return None;
        }
        _ => {
            let mut end = None;
            for (at, c) in text.char_indices() {
                if c == '#' && text[..at].ends_with(' ') {
                    break;
                }
                if c == ':' && matches!(bytes.get(at + 1), None | Some(b' ')) {
                    end = Some(at);
                    break;
                }
            }
            end?
        }
    };
    let after = &text[len..];
    (after.starts_with(':') && matches!(after.as_bytes().get(1), None | Some(b' '))).then_some(len)
}

/// The length of the quoted scalar at the start of `text`, quotes included.
fn quoted_length(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let quote = bytes[0];
    let mut i = 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if quote == b'"' => i += 2,
            b'\'' if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 2,
            b if b == quote => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

/// A one-line flow collection, parsed for the scalars in it.
struct Flow<'a, 'b> {
    text: &'a str,
    at: usize,
    base: usize,
    slots: &'b mut Vec<Slot>,
}

impl Flow<'_, '_> {
    fn byte(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    fn spaces(&mut self) {
        while self.byte() == Some(b' ') {
            self.at += 1;
        }
    }

    fn collection(&mut self) -> Option<()> {
        let close = match self.byte()? {
            b'{' => b'}',
            b'[' => b']',
            _ => return None,
        };
        self.at += 1;
        loop {
            self.spaces();
            if self.byte()? == close {
                self.at += 1;
                return Some(());
            }
            self.node()?;
            self.spaces();
            if self.byte()? == b':' {
                self.at += 1;
                self.spaces();
                if !matches!(self.byte()?, b',' | b'}' | b']') {
                    self.node()?;
                    self.spaces();
                }
            }
            match self.byte()? {
                b',' => self.at += 1,
                b if b == close => {
                    self.at += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    fn node(&mut self) -> Option<()> {
        let start = self.at;
        match self.byte()? {
            b'{' | b'[' => return self.collection(),
            b'"' | b'\'' => self.at += quoted_length(&self.text[start..])?,
            b'&' | b'*' | b'!' | b'@' | b'`' | b'#' | b'?' | b',' | b'}' | b']' | b':' => {
                return None;
            }
            _ => {
                let bytes = self.text.as_bytes();
                while let Some(b) = self.byte() {
                    let ends_here = matches!(b, b',' | b'{' | b'}' | b'[' | b']')
                        || (b == b':'
                            && matches!(
                                bytes.get(self.at + 1),
                                None | Some(b' ' | b',' | b'}' | b']')
                            ))
                        || (b == b'#' && bytes[self.at - 1] == b' ');
                    if ends_here {
                        break;
                    }
                    self.at += 1;
                }
                while self.at > start && bytes[self.at - 1] == b' ' {
                    self.at -= 1;
                }
                if self.at == start {
                    return None;
                }
            }
        }
        self.slots.push(Slot {
            start: self.base + start,
            end: self.base + self.at,
        });
        Some(())
    }
}
