//! YAML text -> a tree of nodes with spans. The only code that knows the YAML
//! library (serde-saphyr): swapping it means rewriting this file.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::fmt;

use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{
    Budget, DuplicateKeyPolicy, Location, MessageFormatter, NonFiniteFloatPolicy, Options,
    UserMessageFormatter,
};

use super::split;
use crate::source::{SourceFile, Span};

/// A YAML node and the byte span it was written at.
#[derive(Clone, Debug)]
pub(crate) struct Node {
    pub kind: NodeKind,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub(crate) enum NodeKind {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    /// Entries in the order written; of a key written twice, the first.
    Map(Vec<(Key, Node)>),
}

#[derive(Clone, Debug)]
pub(crate) struct Key {
    pub text: String,
    pub span: Span,
}

impl NodeKind {
    /// How a message names what the user wrote ("found a list").
    pub fn describe(&self) -> &'static str {
        match self {
            NodeKind::Null => "nothing",
            NodeKind::Bool(_) => "a boolean",
            NodeKind::Int(_) => "a number",
            NodeKind::Float(_) => "a number",
            NodeKind::Str(_) => "text",
            NodeKind::Seq(_) => "a list",
            NodeKind::Map(_) => "a map",
        }
    }
}

/// Removes the map entry or list item whose node has exactly `span`, searching
/// depth-first. Returns the removed entry's key (`None` inside for a list item),
/// or `None` if no node has that span.
///
/// A list left empty goes too, with its own entry: its one mistake is already
/// reported, and an empty list (`on: []`) would be reported again as another.
pub(crate) fn remove_node(node: &mut Node, span: Span) -> Option<Option<String>> {
    match &mut node.kind {
        NodeKind::Map(entries) => {
            if let Some(index) = entries.iter().position(|(_, value)| value.span == span) {
                let (key, _) = entries.remove(index);
                return Some(Some(key.text));
            }
            for index in 0..entries.len() {
                let Some(removed) = remove_node(&mut entries[index].1, span) else {
                    continue;
                };
                if is_empty_list(&entries[index].1) {
                    let (key, _) = entries.remove(index);
                    return Some(Some(key.text));
                }
                return Some(removed);
            }
            None
        }
        NodeKind::Seq(items) => {
            if let Some(index) = items.iter().position(|item| item.span == span) {
                items.remove(index);
                return Some(None);
            }
            for index in 0..items.len() {
                let Some(removed) = remove_node(&mut items[index], span) else {
                    continue;
                };
                if is_empty_list(&items[index]) {
                    items.remove(index);
                    return Some(None);
                }
                return Some(removed);
            }
            None
        }
        _ => None,
    }
}

/// Renames the map key written at `span` to `text`, searching depth-first;
/// whether one was found.
pub(crate) fn rename_key(node: &mut Node, span: Span, text: &str) -> bool {
    match &mut node.kind {
        NodeKind::Map(entries) => entries.iter_mut().any(|(key, value)| {
            if key.span == span {
                key.text = text.to_string();
                return true;
            }
            rename_key(value, span, text)
        }),
        NodeKind::Seq(items) => items.iter_mut().any(|item| rename_key(item, span, text)),
        _ => false,
    }
}

fn is_empty_list(node: &Node) -> bool {
    matches!(&node.kind, NodeKind::Seq(items) if items.is_empty())
}

/// Where parsing stopped, in the library's words.
#[derive(Debug)]
pub(crate) struct SyntaxError {
    pub message: String,
    pub span: Span,
    pub help: String,
}

/// The parse budget. Sized so that the largest plan we accept (the loader's
/// size limit) fits, while an alias bomb is stopped after a few million nodes.
fn options() -> Options {
    let mut budget = Budget::default();
    budget.max_nodes = 4_000_000;
    budget.max_events = 8_000_000;
    budget.max_total_scalar_bytes = 64 * 1024 * 1024;
    budget.max_recorded_anchor_events = 250_000;
    budget.max_reader_input_bytes = Some(super::MAX_PLAN_BYTES);
    let mut options = Options::default();
    options.budget = Some(budget);
    // Keep both entries of a duplicate key so that every duplicate is reported,
    // with the place of the first one.
    options.duplicate_keys = DuplicateKeyPolicy::PassThrough;
    // YAML 1.2 booleans only (`true`, `false`), as the format says and as
    // editors and the JSON schema read the file: `no` (Norway) stays text.
    options.strict_booleans = true;
    // `.inf`, `.nan` and `1e400` reach the tree as numbers, so that a text
    // field keeps them as written and a number field says what it expected,
    // at the value (rejected here, they were a syntax error with no place).
    options.non_finite_float_policy = NonFiniteFloatPolicy::PassThrough;
    options
}

/// A key written twice in one map. The tree keeps the first entry only.
#[derive(Debug)]
pub(crate) struct DuplicateKey {
    pub key: String,
    /// The dotted path of the map (`channels.email.sla`); empty at the top level.
    pub path: String,
    pub first: Span,
    pub again: Span,
}

/// Parses one YAML document into a tree, and lists the keys written twice.
/// One pass: the library's events become our nodes directly, each with its
/// span. A large plan is parsed in parts on two threads (`split.rs`) when its
/// parts make exactly the tree the whole would.
pub(crate) fn parse(file: &SourceFile) -> Result<(Node, Vec<DuplicateKey>), SyntaxError> {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    if file.text.len() >= PARTS_MIN_BYTES
        && cores > 1
        && let Some(tree) = parse_in_parts(file)
    {
        return Ok((tree, Vec::new()));
    }
    parse_whole(file)
}

/// Smaller plans parse on one thread (as every plan on one core): starting
/// another costs more.
const PARTS_MIN_BYTES: usize = 64 * 1024;

fn parse_whole(file: &SourceFile) -> Result<(Node, Vec<DuplicateKey>), SyntaxError> {
    match parse_part(Origin::new(file, 0), &file.text, options()) {
        Ok(tree) => Ok(tree),
        Err(error) => {
            let message = UserMessageFormatter.format_message(&error).into_owned();
            // Budget and alias-limit breaches come in several variants with one
            // message prefix; say what they mean for a plan instead.
            let span = error
                .location()
                .map_or_else(Span::default, |loc| span_of(&loc, Origin::new(file, 0)));
            let (message, help) = if message.starts_with("YAML document too large or too complex") {
                (
                    format!("the plan is too large or nested too deeply to read ({message})"),
                    "aliases (`*name`) that repeat large anchors (`&name`) many times multiply the document: write the values out, or use fewer aliases".to_string(),
                )
            } else if let Some(quoted) = message
                .starts_with("mapping values are not allowed")
                .then(|| quote_text_with_colon(&file.text, span.start))
                .flatten()
            {
                (
                    message,
                    format!("quote a text with `: ` in it (else YAML reads a key): `{quoted}`"),
                )
            } else {
                (
                    message,
                    "look for an unclosed `[`, `{` or quote, or a wrong indentation, here or just above".to_string(),
                )
            };
            Err(SyntaxError {
                message,
                span,
                help,
            })
        }
    }
}

/// `key: "text: more"` for a line `key: text: more` whose second `: ` is at
/// byte `at`: YAML read that `: ` as the start of a nested key. `None` where
/// the line is not a plain `key: text` (a flow mapping, a quote, a list).
fn quote_text_with_colon(text: &str, at: usize) -> Option<String> {
    let line_start = text.get(..at)?.rfind('\n').map_or(0, |n| n + 1);
    let line_end = text.get(at..)?.find('\n').map_or(text.len(), |n| at + n);
    let line = text.get(line_start..line_end)?.trim_end_matches('\r');
    let indent = line.len() - line.trim_start().len();
    let item = line
        .trim_start()
        .strip_prefix("- ")
        .unwrap_or(line.trim_start());
    let (key, value) = item.split_once(": ")?;
    let value = value.trim();
    let plain = |c: char| !matches!(c, '{' | '[' | '"' | '\'' | '&' | '*' | '#' | '|' | '>');
    if key.is_empty() || key.contains(['{', '[', '"', '\'']) || !value.starts_with(plain) {
        return None;
    }
    // The colon YAML stopped at lies in the value.
    if line_start + indent + (line.trim_start().len() - item.len()) + key.len() + 2 > at {
        return None;
    }
    let escaped = value.replace('\\', "\\\\").replace('"', "\\\"");
    Some(format!("{key}: \"{escaped}\""))
}

/// Parses the text of one part of the file, which starts at `origin`.
fn parse_part(
    origin: Origin<'_>,
    text: &str,
    options: Options,
) -> Result<(Node, Vec<DuplicateKey>), serde_saphyr::Error> {
    let duplicates = RefCell::new(Vec::new());
    let seed = Located {
        origin,
        seed: NodeSeed {
            origin,
            duplicates: &duplicates,
            path: None,
        },
    };
    let (kind, span) =
        serde_saphyr::with_deserializer_from_str_with_options(text, options, |de| {
            seed.deserialize(de)
        })?;
    Ok((Node { kind, span }, duplicates.into_inner()))
}

/// The plan cut in parts (`split::cut`), the first parsed here and the others
/// on another thread, then joined; `None` when a part fails to parse, holds a
/// repeated key, or repeats a key of another part: the whole text is then
/// parsed, to report exactly what it holds.
fn parse_in_parts(file: &SourceFile) -> Option<Node> {
    let cut = split::cut(&file.text)?;
    let text = file.text.as_str();
    let part = |start: usize, end: usize, depth: usize| -> Option<Node> {
        let part_text = text.get(start..end)?;
        let (node, duplicates) =
            parse_part(Origin::new(file, start), part_text, part_options(depth)).ok()?;
        duplicates.is_empty().then_some(node)
    };
    let later = || -> Option<(Option<Node>, Option<Node>)> {
        // The section's later items sit two levels down: under the
        // top-level mapping and the section's own.
        let rest = match cut.section {
            Some(_) => Some(part(cut.rest, cut.tail, 2)?),
            None => None,
        };
        let tail = if cut.tail < text.len() {
            Some(part(cut.tail, text.len(), 0)?)
        } else {
            None
        };
        Some((rest, tail))
    };
    let (head, later) = std::thread::scope(|scope| {
        let later = scope.spawn(later);
        let head = part(0, cut.rest, 0);
        (head, later.join().ok().flatten())
    });
    let (rest, tail) = later?;
    let mut head = head?;
    if cut.section.is_some() {
        // The whole parse ends a block scalar where the next token starts:
        // the first later item's key, after the indentation that the head
        // part ends before.
        let indent = text[cut.rest..].len() - text[cut.rest..].trim_start_matches(' ').len();
        end_at_next_token(&mut head, cut.rest, cut.rest + indent);
    }
    join_parts(head, rest, cut.section, tail)
}

/// Moves the end of the last nodes that end at `cut` (the end of their
/// part) to `token`.
fn end_at_next_token(node: &mut Node, cut: usize, token: usize) {
    if node.span.start + node.span.len == cut {
        node.span.len = token - node.span.start;
    }
    let last = match &mut node.kind {
        NodeKind::Map(entries) => entries.last_mut().map(|(_, value)| value),
        NodeKind::Seq(items) => items.last_mut(),
        _ => None,
    };
    if let Some(last) = last {
        end_at_next_token(last, cut, token);
    }
}

/// The budget of one of at most three parts: a third of every count the
/// whole may use, the depth the part starts at taken off the nesting, and
/// the ratio of aliases to anchors held in each part, so that parts within
/// their budgets make a whole within its budget.
fn part_options(depth: usize) -> Options {
    const PARTS: usize = 3;
    let mut options = options();
    if let Some(budget) = &mut options.budget {
        for count in [
            &mut budget.max_events,
            &mut budget.max_aliases,
            &mut budget.max_anchors,
            &mut budget.max_recorded_anchor_events,
            &mut budget.max_recorded_anchor_bytes,
            &mut budget.max_total_property_interpolation_work,
            &mut budget.max_nodes,
            &mut budget.max_total_scalar_bytes,
            &mut budget.max_merge_keys,
        ] {
            *count /= PARTS;
        }
        budget.max_depth = budget.max_depth.saturating_sub(depth);
        // Every part with an alias keeps the ratio, so the whole does.
        budget.alias_anchor_min_aliases = 1;
    }
    options.alias_limits.max_total_replayed_events /= PARTS;
    options
}

/// The parts joined into the tree of the whole: the section's later items
/// after its first ones, the later sections after the first ones. `None`
/// when the parts do not fit together so (a key of one repeated in another).
fn join_parts(
    head: Node,
    rest: Option<Node>,
    section: Option<&str>,
    tail: Option<Node>,
) -> Option<Node> {
    let NodeKind::Map(mut sections) = head.kind else {
        return None;
    };
    if let Some(rest) = rest {
        let (key, value) = sections.last_mut()?;
        let (NodeKind::Map(items), NodeKind::Map(later)) = (&mut value.kind, rest.kind) else {
            return None;
        };
        if Some(key.text.as_str()) != section {
            return None;
        }
        append_new(items, later)?;
    }
    if let Some(tail) = tail {
        let NodeKind::Map(later) = tail.kind else {
            return None;
        };
        append_new(&mut sections, later)?;
    }
    Some(Node {
        kind: NodeKind::Map(sections),
        span: head.span,
    })
}

/// Appends `later` to `entries` if none of its keys is already there.
fn append_new(entries: &mut Vec<(Key, Node)>, later: Vec<(Key, Node)>) -> Option<()> {
    let known: HashSet<&str> = entries.iter().map(|(key, _)| key.text.as_str()).collect();
    if later
        .iter()
        .any(|(key, _)| known.contains(key.text.as_str()))
    {
        return None;
    }
    entries.extend(later);
    Some(())
}

/// Where a part of the file starts: spans in the part are moved by it.
#[derive(Clone, Copy)]
struct Origin<'a> {
    file: &'a SourceFile,
    offset: usize,
    /// Lines before the part.
    lines: usize,
}

impl<'a> Origin<'a> {
    fn new(file: &'a SourceFile, offset: usize) -> Self {
        let lines = match offset {
            0 => 0,
            _ => file.line_col(offset).line - 1,
        };
        Self {
            file,
            offset,
            lines,
        }
    }
}

/// The library's location (in the part that starts at `origin`) as our byte
/// span. Byte offsets are used when the library has them; otherwise line and
/// character column are converted.
fn span_of(location: &Location, origin: Origin<'_>) -> Span {
    let file = origin.file;
    let span = location.span();
    if let (Some(start), Some(len)) = (span.byte_offset(), span.byte_len()) {
        let start = usize::try_from(start)
            .ok()
            .and_then(|start| start.checked_add(origin.offset));
        if let (Some(start), Ok(len)) = (start, usize::try_from(len))
            && start
                .checked_add(len)
                .is_some_and(|end| end <= file.text.len())
        {
            return Span::new(start, len);
        }
    }
    let line = usize::try_from(location.line()).unwrap_or(usize::MAX);
    let column = usize::try_from(location.column()).unwrap_or(usize::MAX);
    let start = file.offset_of(line.max(1).saturating_add(origin.lines), column.max(1));
    file.span_of_chars(start, usize::try_from(span.len()).unwrap_or(0))
}

/// The name under which serde-saphyr hands a newtype struct the location of
/// the node it wraps (the protocol of its `Spanned<T>`: fields
/// `__serde_saphyr_private_spanned`, `value`, `referenced`, `defined`, in this
/// order). Reading it ourselves lets a seed carry the file and the duplicate
/// list, so the tree is built in one pass, and skips the key `String` and the
/// second `Location` that `Spanned<T>` decodes for every node.
const SPANNED: &str = "__yaml_spanned";

/// Reads what `seed` reads, and where it was written (its use site: for an
/// alias, the `*name`).
struct Located<'a, S> {
    origin: Origin<'a>,
    seed: S,
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for Located<'_, S> {
    type Value = (S::Value, Span);

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_newtype_struct(SPANNED, self)
    }
}

impl<'de, S: DeserializeSeed<'de>> Visitor<'de> for Located<'_, S> {
    type Value = (S::Value, Span);

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a YAML node with its location")
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut seed = Some(self.seed);
        let mut value = None;
        while let Some(field) = map.next_key::<SpannedField>()? {
            match field {
                SpannedField::Value => match seed.take() {
                    Some(seed) => value = Some(map.next_value_seed(seed)?),
                    None => return Err(de::Error::duplicate_field("value")),
                },
                // `defined` follows; it is not needed, so it is not read.
                SpannedField::Referenced => {
                    let location: Location = map.next_value()?;
                    let value = value.ok_or_else(|| de::Error::missing_field("value"))?;
                    return Ok((value, span_of(&location, self.origin)));
                }
                SpannedField::Other => {
                    map.next_value::<de::IgnoredAny>()?;
                }
            }
        }
        Err(de::Error::missing_field("referenced"))
    }
}

/// A field of the location protocol, read without allocating.
enum SpannedField {
    Value,
    Referenced,
    Other,
}

impl<'de> Deserialize<'de> for SpannedField {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_identifier(SpannedFieldVisitor)
    }
}

struct SpannedFieldVisitor;

impl Visitor<'_> for SpannedFieldVisitor {
    type Value = SpannedField;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field of a located node")
    }

    fn visit_str<E>(self, v: &str) -> Result<SpannedField, E> {
        Ok(match v {
            "value" => SpannedField::Value,
            "referenced" => SpannedField::Referenced,
            _ => SpannedField::Other,
        })
    }
}

/// Where a node is: the chain of keys and list positions above it. Made into
/// dotted text only for a duplicate key, so that no node pays for its path.
struct PathLink<'a> {
    parent: Option<&'a PathLink<'a>>,
    segment: Segment<'a>,
}

enum Segment<'a> {
    Key(&'a str),
    Index(usize),
}

/// `channels.email.sla`; empty at the top level.
fn dotted(path: Option<&PathLink<'_>>) -> String {
    let mut segments = Vec::new();
    let mut link = path;
    while let Some(current) = link {
        segments.push(match current.segment {
            Segment::Key(key) => key.to_string(),
            Segment::Index(index) => index.to_string(),
        });
        link = current.parent;
    }
    segments.reverse();
    segments.join(".")
}

/// Reads one node's value (its span is [`Located`]'s), recording duplicate keys.
#[derive(Clone, Copy)]
struct NodeSeed<'a> {
    origin: Origin<'a>,
    duplicates: &'a RefCell<Vec<DuplicateKey>>,
    path: Option<&'a PathLink<'a>>,
}

impl<'a> NodeSeed<'a> {
    fn child(self, link: &'a PathLink<'a>) -> Located<'a, NodeSeed<'a>> {
        Located {
            origin: self.origin,
            seed: NodeSeed {
                path: Some(link),
                ..self
            },
        }
    }
}

impl<'de> DeserializeSeed<'de> for NodeSeed<'_> {
    type Value = NodeKind;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<NodeKind, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for NodeSeed<'_> {
    type Value = NodeKind;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_unit<E>(self) -> Result<NodeKind, E> {
        Ok(NodeKind::Null)
    }
    fn visit_none<E>(self) -> Result<NodeKind, E> {
        Ok(NodeKind::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<NodeKind, D::Error> {
        deserializer.deserialize_any(self)
    }
    fn visit_bool<E>(self, v: bool) -> Result<NodeKind, E> {
        Ok(NodeKind::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<NodeKind, E> {
        Ok(NodeKind::Int(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<NodeKind, E> {
        Ok(i64::try_from(v).map_or_else(|_| NodeKind::Str(v.to_string()), NodeKind::Int))
    }
    fn visit_i128<E>(self, v: i128) -> Result<NodeKind, E> {
        Ok(i64::try_from(v).map_or_else(|_| NodeKind::Str(v.to_string()), NodeKind::Int))
    }
    fn visit_u128<E>(self, v: u128) -> Result<NodeKind, E> {
        Ok(i64::try_from(v).map_or_else(|_| NodeKind::Str(v.to_string()), NodeKind::Int))
    }
    fn visit_f64<E>(self, v: f64) -> Result<NodeKind, E> {
        Ok(NodeKind::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<NodeKind, E> {
        Ok(NodeKind::Str(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<NodeKind, E> {
        Ok(NodeKind::Str(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<NodeKind, A::Error> {
        let mut items = Vec::new();
        loop {
            let link = PathLink {
                parent: self.path,
                segment: Segment::Index(items.len()),
            };
            match seq.next_element_seed(self.child(&link))? {
                Some((kind, span)) => items.push(Node { kind, span }),
                None => return Ok(NodeKind::Seq(items)),
            }
        }
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<NodeKind, A::Error> {
        let mut entries: Vec<(Key, Node)> = Vec::new();
        let mut seen = SeenKeys::default();
        let key_seed = || Located {
            origin: self.origin,
            seed: std::marker::PhantomData::<String>,
        };
        while let Some((text, span)) = map.next_key_seed(key_seed())? {
            let key = Key { text, span };
            let link = PathLink {
                parent: self.path,
                segment: Segment::Key(&key.text),
            };
            let duplicates_before = self.duplicates.borrow().len();
            let (kind, span) = map.next_value_seed(self.child(&link))?;
            if let Some(first) = seen.first(&entries, &key.text) {
                // The tree keeps the first entry: what its repeat holds is not reported.
                let mut duplicates = self.duplicates.borrow_mut();
                duplicates.truncate(duplicates_before);
                duplicates.push(DuplicateKey {
                    path: dotted(self.path),
                    first,
                    again: key.span,
                    key: key.text,
                });
                continue;
            }
            seen.add(&entries, &key);
            entries.push((key, Node { kind, span }));
        }
        Ok(NodeKind::Map(entries))
    }
}

/// The keys of one map so far, to find a repeat: a scan while the map is
/// small, a hash map once it is large (checking each key against all those
/// before it was quadratic).
#[derive(Default)]
struct SeenKeys {
    index: Option<HashMap<String, Span>>,
}

impl SeenKeys {
    const SCAN_MAX: usize = 16;

    /// Where `text` was first written, if it was.
    fn first(&self, entries: &[(Key, Node)], text: &str) -> Option<Span> {
        match &self.index {
            Some(index) => index.get(text).copied(),
            None => entries
                .iter()
                .find(|(key, _)| key.text == text)
                .map(|(key, _)| key.span),
        }
    }

    /// Records `key`, about to be added after `entries`.
    fn add(&mut self, entries: &[(Key, Node)], key: &Key) {
        if let Some(index) = &mut self.index {
            index.insert(key.text.clone(), key.span);
        } else if entries.len() >= Self::SCAN_MAX {
            let mut index: HashMap<String, Span> = entries
                .iter()
                .map(|(key, _)| (key.text.clone(), key.span))
                .collect();
            index.insert(key.text.clone(), key.span);
            self.index = Some(index);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn duplicates(text: &str) -> Vec<(String, String, Span, Span)> {
        let file = SourceFile::new("p.yaml", text);
        let (_, duplicates) = parse(&file).unwrap();
        duplicates
            .into_iter()
            .map(|d| (d.path, d.key, d.first, d.again))
            .collect()
    }

    /// The keys of a map node, as written.
    fn keys(node: &Node) -> Vec<&str> {
        match &node.kind {
            NodeKind::Map(entries) => entries.iter().map(|(k, _)| k.text.as_str()).collect(),
            _ => Vec::new(),
        }
    }

    #[test]
    fn removing_a_lists_last_item_removes_the_list_and_names_its_key() {
        let text = "on: [Tue]\nat: x\n";
        let (mut root, _) = parse(&SourceFile::new("p.yaml", text)).unwrap();
        let tue = Span::new(text.find("Tue").unwrap(), 3);
        assert_eq!(remove_node(&mut root, tue), Some(Some("on".to_string())));
        assert_eq!(keys(&root), ["at"]);
    }

    #[test]
    fn removing_one_of_several_items_keeps_the_list() {
        let text = "on: [Tue, wed]\n";
        let (mut root, _) = parse(&SourceFile::new("p.yaml", text)).unwrap();
        let tue = Span::new(text.find("Tue").unwrap(), 3);
        assert_eq!(remove_node(&mut root, tue), Some(None));
        assert_eq!(keys(&root), ["on"]);
    }

    #[test]
    fn a_duplicate_is_placed_by_its_map_path_through_lists() {
        let text = "a:\n  - x: 1\n  - y: 2\n    y: 3\n";
        let found = duplicates(text);
        assert_eq!(found.len(), 1);
        let (path, key, first, again) = &found[0];
        assert_eq!((path.as_str(), key.as_str()), ("a.1", "y"));
        assert_eq!(
            (first.start, again.start),
            (text.find("y: 2").unwrap(), text.find("y: 3").unwrap())
        );
    }

    #[test]
    fn what_a_repeated_key_holds_is_not_checked() {
        assert_eq!(duplicates("a: {x: 1}\na: {x: 1, x: 2}\n").len(), 1);
    }

    #[test]
    fn a_repeat_in_a_large_map_is_found() {
        let mut text: String = (0..40).map(|i| format!("k{i}: {i}\n")).collect();
        text.push_str("k3: again\nk39: again\n");
        let keys: Vec<String> = duplicates(&text).into_iter().map(|d| d.1).collect();
        assert_eq!(keys, ["k3", "k39"]);
    }

    /// A plan of `n` meetings (and what surrounds them), with `extra`
    /// before meeting `at`.
    fn large_plan(n: usize, extra: &str, at: usize) -> String {
        let mut text = String::from("version: 1\npeople:\n  ana: {name: Ana}\nmeetings:\n");
        for i in 0..n {
            if i == at {
                text.push_str(extra);
            }
            text.push_str(&format!(
                "  m{i}:\n    title: \"Meeting {i}\"\n    schedule: {{every: week, at: \"09:00\"}}\n    notes: |\n      Line one\n      line two: {i}\n    agenda: [a, b]\n"
            ));
        }
        text.push_str("reports:\n  r: {title: R}\nlint: {}\n");
        text
    }

    fn whole(file: &SourceFile) -> String {
        format!("{:?}", parse_whole(file).map(|(node, d)| (node, d.len())))
    }

    #[test]
    fn a_plan_parsed_in_parts_is_the_plan_parsed_whole() {
        let plans = ["", "  # a comment\n\n", "  late: &a {x: 1}\n  later: *a\n"]
            .map(|extra| large_plan(400, extra, 200));
        // Items that end with a block scalar: it ends where the next item's
        // key starts, after the indentation the head part does not hold.
        let block_ends = [
            "|\n      a\n\n      b\n\n",
            "|+\n      a\n\n      b\n\n",
            ">-\n      a\n      b\n",
            "|2\n      a\n  # a comment\n",
        ]
        .map(|value| large_plan(400, "", 0).replace("[a, b]\n", value));
        for text in plans.into_iter().chain(block_ends) {
            let file = SourceFile::new("p.yaml", text);
            let parts = parse_in_parts(&file).expect("parsed in parts");
            assert_eq!(format!("{:?}", Ok::<_, ()>((parts, 0))), whole(&file));
            assert_eq!(
                format!("{:?}", parse(&file).map(|(n, d)| (n, d.len()))),
                whole(&file)
            );
        }
    }

    #[test]
    fn parts_that_would_not_make_the_whole_are_parsed_whole() {
        let first_item = "  m0:\n    title: again\n";
        let alias = "  early: &e {x: 1}\n";
        // The cut is near meeting 200: 300 is after it, 190 before.
        for (extra, at, before) in [
            // A repeated key, in the part that repeats it and across parts.
            ("  m1:\n    title: x\n    title: y\n", 300, ""),
            (first_item, 300, ""),
            // An alias to an anchor in an earlier part.
            ("  late: *e\n", 300, alias),
            // A quoted value open across the cut.
            ("  q: \"open\n", 190, ""),
            // A syntax error.
            ("  [broken\n", 300, ""),
        ] {
            let mut text = large_plan(400, extra, at);
            text = text.replacen("  m0:\n", &format!("{before}  m0:\n"), 1);
            let file = SourceFile::new("p.yaml", text);
            assert!(parse_in_parts(&file).is_none(), "{extra:?}");
            assert_eq!(
                format!("{:?}", parse(&file).map(|(n, d)| (n, d.len()))),
                whole(&file),
                "{extra:?}"
            );
        }
    }

    #[test]
    fn every_node_and_key_has_its_span() {
        let text = "a: &x [1, two]\nb: *x\n";
        let file = SourceFile::new("p.yaml", text);
        let (root, _) = parse(&file).unwrap();
        let NodeKind::Map(entries) = &root.kind else {
            panic!("a map")
        };
        let (b, alias) = &entries[1];
        assert_eq!(file.slice(b.span), "b");
        // An alias is placed where it is used.
        assert_eq!(file.slice(alias.span), "*x");
        let NodeKind::Seq(items) = &entries[0].1.kind else {
            panic!("a list")
        };
        assert_eq!(file.slice(items[1].span), "two");
    }

    /// `key: text: more` is a text with a colon in it, not a nested key:
    /// the help quotes it, and only where the line is that plain form.
    #[test]
    fn a_colon_in_a_text_gets_the_text_quoted() {
        let quoted = |text: &str| quote_text_with_colon(text, text.rfind(": ").unwrap_or(0));
        assert_eq!(
            quoted("a:\n  purpose: Urgent only: production down\n"),
            Some("purpose: \"Urgent only: production down\"".to_string())
        );
        assert_eq!(
            quoted("  - task: Send \"notes\": today\n"),
            Some("task: \"Send \\\"notes\\\": today\"".to_string())
        );
        assert_eq!(quoted("a: {b: c: d}\n"), None, "a flow mapping");
        assert_eq!(quoted("a: \"b\": c\n"), None, "already quoted");
        assert_eq!(quoted("a: b\n"), None, "the key's own colon");
    }
}
