//! Reading a plan: bytes -> text -> YAML tree (spans kept) -> typed model.
//!
//! Problems with the plan itself become diagnostics (`yaml-syntax`,
//! `unknown-field`, `invalid-value`, `duplicate-id` for repeated keys); only a
//! file that cannot be read at all is a [`LoadError`].

mod decode;
mod split;
mod tree;

use std::path::Path;

use decode::Decoder;
use tree::{DuplicateKey, Node, NodeKind};

use crate::diagnostic::Diagnostic;
use crate::model::{Id, ItemKind, Keyed, Leftovers, Plan, Spanned};
use crate::rules::RuleId;
use crate::source::{SourceFile, Span};

/// Plans larger than this are refused before parsing: a real plan is well
/// under 1 MiB, and the parser's memory grows with the input.
pub const MAX_PLAN_BYTES: usize = 16 * 1024 * 1024;

/// The file could not be read (not a problem with its contents).
pub type LoadError = crate::input::InputError;

/// The result of loading: the text (for rendering diagnostics), the model if
/// the document could be read as a plan, and what was wrong with it.
#[derive(Debug)]
pub struct Loaded {
    pub source: SourceFile,
    pub plan: Option<Plan>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads and decodes the plan at `path`. `display_name` is how messages name
/// the file (the path as the user gave it).
pub fn load_file(path: &Path, display_name: &str) -> Result<Loaded, LoadError> {
    let limit = MAX_PLAN_BYTES as u64;
    match crate::input::read_bounded(path, limit)? {
        crate::input::Contents::Bytes(bytes) => Ok(load_bytes(display_name, &bytes)),
        crate::input::Contents::TooLarge(len) => Ok(too_large(display_name, len)),
    }
}

/// Decodes a plan from bytes (for tests and for plans read from git).
pub fn load_bytes(display_name: &str, bytes: &[u8]) -> Loaded {
    if bytes.len() > MAX_PLAN_BYTES {
        return too_large(display_name, bytes.len() as u64);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => load_str(display_name, text),
        Err(error) => not_utf8(display_name, bytes, error),
    }
}

/// Decodes a plan from text.
pub fn load_str(display_name: &str, text: &str) -> Loaded {
    let source = SourceFile::new(display_name, text);
    let mut escaped = Vec::new();
    let (plan, mut diagnostics) = match tree::parse(&source) {
        Ok((root, duplicates)) => {
            escaped_direction_controls(text, &root, &mut escaped);
            decode_plan(&source, &root, &duplicates)
        }
        Err(error) => {
            let diagnostic = Diagnostic::new(RuleId::YamlSyntax, error.span, error.message)
                .with_label("here")
                .with_help(error.help);
            (None, vec![diagnostic])
        }
    };
    diagnostics.extend(direction_controls(text));
    diagnostics.extend(escaped);
    Loaded {
        source,
        plan,
        diagnostics,
    }
}

/// Unicode's bidirectional embedding, override and isolate controls
/// (U+202A..U+202E, U+2066..U+2069): with them a title or a comment reads
/// differently from what it holds ("Trojan Source"), in the handbook as in an
/// editor, so the plan may not contain them (as rustc refuses them in code).
fn direction_controls(text: &str) -> Vec<Diagnostic> {
    text.char_indices()
        .filter(|(_, c)| is_direction_control(*c))
        .map(|(at, c)| direction_control(c, Span::new(at, c.len_utf8())))
        .collect()
}

/// The same controls written as YAML escapes (`"\u202E"`, `"\U0000202E"`),
/// each reported where it is written: found in the text, once the tree shows
/// that some escape decoded to one (in single quotes `\u202E` is only text).
fn escaped_direction_controls(text: &str, root: &Node, found: &mut Vec<Diagnostic>) {
    if !holds_direction_control(root) {
        return;
    }
    for (at, _) in text.match_indices('\\') {
        let backslashes = text[..at].chars().rev().take_while(|c| *c == '\\').count();
        if backslashes % 2 == 1 {
            continue; // `\\u202E` is an escaped backslash, then text
        }
        let rest = &text[at + 1..];
        let digits = match rest.as_bytes().first() {
            Some(b'u') => rest.get(1..5),
            Some(b'U') => rest.get(1..9),
            _ => None,
        };
        let control = digits
            .and_then(|d| u32::from_str_radix(d, 16).ok())
            .and_then(char::from_u32)
            .filter(|c| is_direction_control(*c));
        if let (Some(c), Some(d)) = (control, digits) {
            found.push(direction_control(c, Span::new(at, d.len() + 2)));
        }
    }
}

/// Whether any text of the tree, a key or a value, holds a direction control.
fn holds_direction_control(node: &Node) -> bool {
    let holds = |text: &str| text.chars().any(is_direction_control);
    match &node.kind {
        NodeKind::Str(value) => holds(value),
        NodeKind::Seq(items) => items.iter().any(holds_direction_control),
        NodeKind::Map(entries) => entries
            .iter()
            .any(|(key, value)| holds(&key.text) || holds_direction_control(value)),
        NodeKind::Null | NodeKind::Bool(_) | NodeKind::Int(_) | NodeKind::Float(_) => false,
    }
}

fn is_direction_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn direction_control(c: char, span: Span) -> Diagnostic {
    Diagnostic::new(
        RuleId::InvalidValue,
        span,
        format!(
            "the plan holds U+{:04X}, a control that changes the direction text is shown in",
            u32::from(c)
        ),
    )
    .with_label("direction control")
    .with_help(
        "remove it: it can make text read differently from what it says; \
         right-to-left text needs no control, the reader's app orders it",
    )
}

fn too_large(display_name: &str, len: u64) -> Loaded {
    #[allow(clippy::cast_precision_loss)]
    let mib = len as f64 / (1024.0 * 1024.0);
    let diagnostic = Diagnostic::new(
        RuleId::YamlSyntax,
        Span::default(),
        format!(
            "the plan is {mib:.1} MiB ({len} bytes); plans are limited to {} MiB ({MAX_PLAN_BYTES} bytes)",
            MAX_PLAN_BYTES / (1024 * 1024)
        ),
    )
    .with_help(
        "split generated content out of the plan; a plan is meant to be written and read by people",
    );
    Loaded {
        source: SourceFile::new(display_name, ""),
        plan: None,
        diagnostics: vec![diagnostic],
    }
}

fn not_utf8(display_name: &str, bytes: &[u8], error: std::str::Utf8Error) -> Loaded {
    // Show the valid part, so the position of the bad byte can be pointed at.
    let valid = String::from_utf8_lossy(&bytes[..error.valid_up_to()]).into_owned();
    let offset = valid.len();
    let diagnostic = Diagnostic::new(
        RuleId::YamlSyntax,
        Span::new(offset, 0),
        format!(
            "the plan is not UTF-8 text (invalid byte at offset {})",
            error.valid_up_to()
        ),
    )
    .with_label("invalid UTF-8 starts here")
    .with_help("save the file as UTF-8");
    Loaded {
        source: SourceFile::new(display_name, valid),
        plan: None,
        diagnostics: vec![diagnostic],
    }
}

/// The top-level sections, in the format's order: the item sections (see
/// [`ItemKind`]) and around them those that hold no items.
fn sections() -> Vec<&'static str> {
    let mut sections = vec!["version", "project"];
    for kind in ItemKind::ALL {
        sections.push(kind.section());
        // The format lists the plain sentences of `norms` after `formats`.
        if *kind == ItemKind::Format {
            sections.push("norms");
        }
    }
    sections.extend(["outputs", "lint"]);
    sections
}

/// Decodes the top level by hand, each item of each collection on its own, so
/// that one broken item does not hide the problems of the others.
fn decode_plan(
    source: &SourceFile,
    root: &Node,
    duplicates: &[DuplicateKey],
) -> (Option<Plan>, Vec<Diagnostic>) {
    let decoder = Decoder::new(source);
    for duplicate in duplicates {
        decoder.report(duplicate_key(duplicate));
    }
    let entries = match &root.kind {
        NodeKind::Map(entries) => entries.as_slice(),
        NodeKind::Null => {
            decoder.report(
                Diagnostic::new(RuleId::InvalidValue, Span::default(), "the plan is empty")
                    .with_label("empty file")
                    .with_help("a plan starts with `version: 1` and a `project:` section (see docs/plan-format.md)"),
            );
            return (None, decoder.diagnostics.into_inner());
        }
        other => {
            decoder.report(
                Diagnostic::new(
                    RuleId::InvalidValue,
                    root.span,
                    format!("the plan must be a map of sections, found {}", other.describe()),
                )
                .with_label("expected `version:`, `project:`, ...")
                .with_help("a plan starts with `version: 1` and a `project:` section (see docs/plan-format.md)"),
            );
            return (None, decoder.diagnostics.into_inner());
        }
    };

    let mut plan = Plan {
        version: Spanned::new(0, Span::default()),
        project: None,
        goals: Keyed::default(),
        people: Keyed::default(),
        audiences: Keyed::default(),
        channels: Keyed::default(),
        meetings: Keyed::default(),
        reports: Keyed::default(),
        formats: Keyed::default(),
        norms: Vec::new(),
        escalations: Keyed::default(),
        barriers: Keyed::default(),
        trainings: Keyed::default(),
        reviews: Keyed::default(),
        outputs: None,
        lint: Keyed::default(),
        failed_project: None,
    };
    let mut seen_version = false;
    let mut seen_project = false;
    for (key, node) in entries {
        let name = key.text.as_str();
        match name {
            "version" => {
                seen_version = true;
                if let Some(version) = whole(&decoder, node, name) {
                    plan.version = version;
                }
            }
            "project" => {
                seen_project = true;
                match decode_reporting_all(&decoder, node, name) {
                    Ok(project) => plan.project = Some(project),
                    Err(rest) => plan.failed_project = Some(leftovers(&rest)),
                }
            }
            "norms" => plan.norms = whole(&decoder, node, name).unwrap_or_default(),
            "outputs" => plan.outputs = whole(&decoder, node, name),
            "lint" => plan.lint = whole(&decoder, node, name).unwrap_or_default(),
            _ => match ItemKind::from_section(name) {
                Some(kind) => decode_items(&decoder, node, kind, &mut plan),
                None => decoder.report_unknown_field(key, "", &sections(), None),
            },
        }
    }
    let missing = |section: &str| {
        Diagnostic::new(
            RuleId::InvalidValue,
            Span::default(),
            format!("the plan has no `{section}`"),
        )
        .with_label("the plan starts here")
    };
    if !seen_version {
        decoder.report(missing("version").with_help("add `version: 1` at the top"));
    }
    if !seen_project {
        decoder
            .report(missing("project").with_help(
                "add a `project:` section with `name`, `owner`, `timezone` and `start`",
            ));
    }
    (Some(plan), decoder.diagnostics.into_inner())
}

/// An item section, into its field of the plan, each item decoded on its own.
fn decode_items(decoder: &Decoder<'_>, node: &Node, kind: ItemKind, plan: &mut Plan) {
    let section = kind.section();
    match kind {
        ItemKind::Goal => plan.goals = keyed(decoder, node, section),
        ItemKind::Person => plan.people = keyed(decoder, node, section),
        ItemKind::Audience => plan.audiences = keyed(decoder, node, section),
        ItemKind::Channel => plan.channels = keyed(decoder, node, section),
        ItemKind::Meeting => plan.meetings = keyed(decoder, node, section),
        ItemKind::Report => plan.reports = keyed(decoder, node, section),
        ItemKind::Format => plan.formats = keyed(decoder, node, section),
        ItemKind::Escalation => plan.escalations = keyed(decoder, node, section),
        ItemKind::Barrier => plan.barriers = keyed(decoder, node, section),
        ItemKind::Training => plan.trainings = keyed(decoder, node, section),
        ItemKind::Review => plan.reviews = keyed(decoder, node, section),
    }
}

/// A section read as one value, every problem in it reported; `None` if any.
fn whole<T: serde::de::DeserializeOwned>(
    decoder: &Decoder<'_>,
    node: &Node,
    path: &str,
) -> Option<T> {
    decode_reporting_all(decoder, node, path).ok()
}

/// The text values of an item that failed, by the dotted path of their
/// field, from the item with its failed values removed (see [`Leftovers`]).
fn leftovers(node: &Node) -> Leftovers {
    fn collect(node: &Node, path: &str, found: &mut Vec<(String, Spanned<Id>)>) {
        match &node.kind {
            NodeKind::Str(text) => {
                found.push((path.to_string(), Spanned::new(Id(text.clone()), node.span)));
            }
            NodeKind::Seq(items) => items.iter().for_each(|item| collect(item, path, found)),
            NodeKind::Map(entries) => {
                for (key, value) in entries {
                    let path = match path {
                        "" => key.text.clone(),
                        _ => format!("{path}.{}", key.text),
                    };
                    collect(value, &path, found);
                }
            }
            NodeKind::Null | NodeKind::Bool(_) | NodeKind::Int(_) | NodeKind::Float(_) => {}
        }
    }
    let mut found = Vec::new();
    collect(node, "", &mut found);
    Leftovers(found)
}

/// Decodes `node`, and on failure reports the error, removes the node that
/// failed and tries again, so that every independent mistake in an item is
/// reported, not only the first. The result is `Err` if anything failed,
/// with the node as far as it was patched: what is left of the item.
///
/// Each retry removes one node, so the loop ends; it is also capped because a
/// plan with hundreds of mistakes in one item needs no more than the first few.
fn decode_reporting_all<T: serde::de::DeserializeOwned>(
    decoder: &Decoder<'_>,
    node: &Node,
    path: &str,
) -> Result<T, Node> {
    const MAX_RETRIES: usize = 32;
    // Cloned at the first failure only: most items decode at once.
    let mut patched: Option<Node> = None;
    let mut removed_keys: Vec<String> = Vec::new();
    for _ in 0..MAX_RETRIES {
        let current = patched.as_ref().unwrap_or(node);
        let error = match decoder.decode::<T>(current, path) {
            Ok(value) if patched.is_none() => return Ok(value),
            Ok(_) => break,
            Err(error) => error,
        };
        // A required field we removed ourselves: already reported.
        if error
            .missing_field()
            .is_some_and(|field| removed_keys.iter().any(|k| k == field))
        {
            break;
        }
        // A required field written misspelt: its unknown key is the one
        // finding; read on with the key as meant, for the mistakes after it.
        if let (Some(field), Some(key)) = (error.missing_field(), error.misspelt_as()) {
            let mut next = current.clone();
            if tree::rename_key(&mut next, key, field) {
                decoder.note_required(key, field);
                patched = Some(next);
                continue;
            }
        }
        let span = error.span();
        decoder.report(error.into_diagnostic());
        let mut next = current.clone();
        match span.and_then(|span| tree::remove_node(&mut next, span)) {
            Some(removed) => {
                removed_keys.extend(removed);
                patched = Some(next);
            }
            None => break,
        }
    }
    Err(patched.unwrap_or_else(|| node.clone()))
}

/// A collection keyed by id, each item read on its own.
fn keyed<T: serde::de::DeserializeOwned>(
    decoder: &Decoder<'_>,
    node: &Node,
    section: &str,
) -> Keyed<T> {
    let mut keyed = Keyed::default();
    let entries = match &node.kind {
        NodeKind::Map(entries) => entries.as_slice(),
        NodeKind::Null => &[],
        other => {
            let help = if let NodeKind::Seq(items) = other {
                match first_id_of_list(items) {
                    // `- ana: {...}`: the ids are there, only the dashes are wrong.
                    Some(id) => format!(
                        "collections are maps keyed by id, not lists: remove the `- ` before each id, e.g. `{id}:`"
                    ),
                    None => format!(
                        "collections are maps keyed by id, not lists: write `{section}:` and under it `my-id: {{...}}` instead of `- {{...}}`"
                    ),
                }
            } else {
                format!("write `{section}:` and under it one `id:` per item")
            };
            decoder.report(
                Diagnostic::new(
                    RuleId::InvalidValue,
                    node.span,
                    format!(
                        "`{section}` must be a map from ids to items, found {}",
                        other.describe()
                    ),
                )
                .with_label("expected a map")
                .with_help(help),
            );
            keyed.unreadable = true;
            return keyed;
        }
    };
    for (key, node) in entries {
        let id = Spanned::new(Id(key.text.clone()), key.span);
        match decode_reporting_all(decoder, node, &format!("{section}.{}", key.text)) {
            Ok(item) => keyed.entries.push(crate::model::Entry { id, item }),
            Err(left) => keyed.failed.push(crate::model::Entry {
                id,
                item: leftovers(&left),
            }),
        }
    }
    keyed
}

/// The first id of a list written as `- id: {...}` items, if every item is
/// one id with its fields.
fn first_id_of_list(items: &[Node]) -> Option<&str> {
    let ids: Option<Vec<&str>> = items
        .iter()
        .map(|item| match &item.kind {
            NodeKind::Map(entries) if entries.len() == 1 => {
                let (key, value) = &entries[0];
                matches!(value.kind, NodeKind::Map(_)).then_some(key.text.as_str())
            }
            _ => None,
        })
        .collect();
    ids?.first().copied()
}

/// A key written twice in the same map (the tree kept the first).
fn duplicate_key(duplicate: &DuplicateKey) -> Diagnostic {
    let place = if duplicate.path.is_empty() {
        "the plan".to_string()
    } else {
        format!("`{}`", duplicate.path)
    };
    Diagnostic::new(
        RuleId::DuplicateId,
        duplicate.again,
        format!("`{}` is written twice in {place}", duplicate.key),
    )
    .with_label("written again here")
    .with_related(duplicate.first, "first written here")
    .with_help("keep one of them; keys must be unique within a map")
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    const VALID: &str = include_str!("../../tests/fixtures/valid/minimal.yaml");

    /// Every finding points inside the text, at character boundaries.
    fn spans_are_in_the_text(checked: &crate::Checked) -> bool {
        checked.diagnostics.iter().all(|d| {
            let text = &checked.source.text;
            d.span.end() <= text.len()
                && text.is_char_boundary(d.span.start)
                && text.is_char_boundary(d.span.end())
        })
    }

    #[test]
    fn the_valid_fixture_is_clean() {
        let checked = crate::check(load_str("p.yaml", VALID));
        assert!(checked.diagnostics.is_empty(), "{:#?}", checked.diagnostics);
    }

    #[test]
    fn a_bom_is_accepted() {
        let bytes = [b"\xEF\xBB\xBF".as_slice(), VALID.as_bytes()].concat();
        assert!(
            crate::check(load_bytes("p.yaml", &bytes))
                .diagnostics
                .is_empty()
        );
    }

    /// A required field written misspelt is read as the field it meant: one
    /// finding for the key, and the mistakes in its value still found.
    #[test]
    fn a_misspelt_required_field_is_one_finding_and_its_value_is_still_read() {
        let text = VALID
            .replacen("title: Weekly sync", "tilte: Weekly sync", 1)
            .replacen("schedule: {every: week,", "scedule: {every: weekly,", 1);
        let findings: Vec<String> = crate::check(load_str("p.yaml", &text))
            .diagnostics
            .iter()
            .map(|d| format!("{}: {}", d.message, d.help.as_deref().unwrap_or_default()))
            .collect();
        assert_eq!(findings.len(), 3, "{findings:#?}");
        assert!(
            findings[0].contains("`tilte`") && findings[0].ends_with("`title` is required here")
        );
        assert!(
            findings[1].contains("`scedule`")
                && findings[1].ends_with("`schedule` is required here")
        );
        assert!(
            findings[2].contains("`weekly` is not a recurrence"),
            "{findings:#?}"
        );
    }

    /// Numbers YAML writes but no field takes (`.inf`, `.nan`, `1e400`, past
    /// a field's range) are a finding at the value that says what was
    /// expected; in a text field they are the text written.
    #[test]
    fn a_number_out_of_reach_is_a_finding_at_its_value_and_text_where_text_is_read() {
        let findings = |from: &str, to: &str| -> Vec<String> {
            let text = format!("{VALID}formats:\n  status: {{sections: [A], {from}: {to}}}\n");
            crate::check(load_str("p.yaml", &text))
                .diagnostics
                .iter()
                .filter(|d| d.is_error())
                .map(|d| format!("{}: {}", d.rule, d.message))
                .collect()
        };
        for (number, found) in [(".inf", "`inf`"), ("-.inf", "`-inf`"), (".nan", "`NaN`")] {
            assert_eq!(
                findings("max_words", number),
                [format!(
                    "invalid-value: `formats.status.max_words`: expected a whole number, found {found}"
                )],
            );
        }
        assert_eq!(
            findings("max_words", "4294967296"),
            [
                "invalid-value: `formats.status.max_words`: expected a whole number from 0 to \
              4294967295, found `4294967296`"
            ],
        );
        for text in [".nan", "1e400", ".inf"] {
            let plan = format!("name: {text}, email: ana@example.com}}");
            let checked = crate::check(load_str(
                "p.yaml",
                &VALID.replacen("name: Ana Lima, email: ana@example.com}", &plan, 1),
            ));
            assert!(
                checked.diagnostics.is_empty(),
                "{text}: {:#?}",
                checked.diagnostics
            );
            let plan = checked.plan().unwrap();
            assert_eq!(plan.people.get("ana").unwrap().name.as_str(), text);
        }
    }

    /// Each direction control is one finding where it is written: an alias
    /// or a merge of it adds none, every escape in a scalar counts, and an
    /// escaped backslash before `u202E` is text.
    #[test]
    fn each_direction_control_is_one_finding_where_it_is_written() {
        let places = |extra: &str| -> Vec<(usize, String)> {
            let text = format!("{VALID}{extra}");
            crate::check(load_str("p.yaml", &text))
                .diagnostics
                .iter()
                .filter(|d| d.message.contains("direction"))
                .map(|d| {
                    let end = d.span.start + d.span.len;
                    (
                        d.span.start - VALID.len(),
                        text[d.span.start..end].to_string(),
                    )
                })
                .collect()
        };
        assert_eq!(
            places("norms: [&n \"a\\u202Eb \\u2066c\\u2069 \\\\u202E\", *n]\n"),
            [
                (13, "\\u202E".to_string()),
                (21, "\\u2066".to_string()),
                (28, "\\u2069".to_string()),
            ]
        );
        assert_eq!(
            places("norms: [&n \"a\u{202E}b\", *n]\n"),
            [(13, "\u{202E}".to_string())]
        );
        assert!(places("norms: ['\\u202E', \"\\\\u202E\"]\n").is_empty());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn any_text_gives_findings_not_panics(text in "\\PC{0,300}") {
            let checked = crate::check(load_str("p.yaml", &text));
            prop_assert!(checked.plan().is_some() || !checked.diagnostics.is_empty());
            prop_assert!(spans_are_in_the_text(&checked));
        }

        /// Random edits of a valid plan: the shapes a user's typos take.
        #[test]
        fn edited_plans_give_findings_not_panics(
            edits in proptest::collection::vec((0usize..VALID.len(), proptest::char::any(), any::<bool>()), 1..6)
        ) {
            let mut text = VALID.to_string();
            for (at, c, insert) in edits {
                let mut at = at.min(text.len());
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                if insert || at == text.len() {
                    text.insert(at, c);
                } else {
                    text.remove(at);
                }
            }
            let checked = crate::check(load_str("p.yaml", &text));
            prop_assert!(spans_are_in_the_text(&checked));
        }
    }
}
