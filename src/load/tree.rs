//! YAML text -> a tree of nodes with spans. The only code that knows the YAML
//! library (serde-saphyr): swapping it means rewriting this file.

use std::collections::HashMap;
use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{
    Budget, DuplicateKeyPolicy, Location, MessageFormatter, Options, UserMessageFormatter,
};

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
pub(crate) fn remove_node(node: &mut Node, span: Span) -> Option<Option<String>> {
    match &mut node.kind {
        NodeKind::Map(entries) => {
            if let Some(index) = entries.iter().position(|(_, value)| value.span == span) {
                let (key, _) = entries.remove(index);
                return Some(Some(key.text));
            }
            entries
                .iter_mut()
                .find_map(|(_, value)| remove_node(value, span))
        }
        NodeKind::Seq(items) => {
            if let Some(index) = items.iter().position(|item| item.span == span) {
                items.remove(index);
                return Some(None);
            }
            items.iter_mut().find_map(|item| remove_node(item, span))
        }
        _ => None,
    }
}

/// Where parsing stopped, in the library's words.
#[derive(Debug)]
pub(crate) struct SyntaxError {
    pub message: String,
    pub span: Span,
    pub help: &'static str,
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
pub(crate) fn parse(file: &SourceFile) -> Result<(Node, Vec<DuplicateKey>), SyntaxError> {
    match serde_saphyr::from_str_with_options::<serde_saphyr::Spanned<RawNode>>(
        &file.text,
        options(),
    ) {
        Ok(raw) => {
            let mut duplicates = Vec::new();
            let root = convert(raw, file, "", &mut duplicates);
            Ok((root, duplicates))
        }
        Err(error) => {
            let message = UserMessageFormatter.format_message(&error).into_owned();
            // Budget and alias-limit breaches come in several variants with one
            // message prefix; say what they mean for a plan instead.
            let (message, help) = if message.starts_with("YAML document too large or too complex") {
                (
                    format!("the plan is too large or nested too deeply to read ({message})"),
                    "aliases (`*name`) that repeat large anchors (`&name`) many times multiply the document: write the values out, or use fewer aliases",
                )
            } else {
                (
                    message,
                    "look for an unclosed `[`, `{` or quote, or a wrong indentation, here or just above",
                )
            };
            let span = error
                .location()
                .map_or_else(Span::default, |loc| span_of(&loc, file));
            Err(SyntaxError {
                message,
                span,
                help,
            })
        }
    }
}

/// The library's location as our byte span. Byte offsets are used when the
/// library has them; otherwise line and character column are converted.
fn span_of(location: &Location, file: &SourceFile) -> Span {
    let span = location.span();
    if let (Some(start), Some(len)) = (span.byte_offset(), span.byte_len()) {
        let (start, len) = (usize::try_from(start), usize::try_from(len));
        if let (Ok(start), Ok(len)) = (start, len)
            && start
                .checked_add(len)
                .is_some_and(|end| end <= file.text.len())
        {
            return Span::new(start, len);
        }
    }
    let line = usize::try_from(location.line()).unwrap_or(usize::MAX);
    let column = usize::try_from(location.column()).unwrap_or(usize::MAX);
    let start = file.offset_of(line.max(1), column.max(1));
    file.span_of_chars(start, usize::try_from(span.len()).unwrap_or(0))
}

fn convert(
    raw: serde_saphyr::Spanned<RawNode>,
    file: &SourceFile,
    path: &str,
    duplicates: &mut Vec<DuplicateKey>,
) -> Node {
    let span = span_of(&raw.referenced, file);
    let child_path = |segment: &str| {
        if path.is_empty() {
            segment.to_string()
        } else {
            format!("{path}.{segment}")
        }
    };
    let kind = match raw.value {
        RawNode::Null => NodeKind::Null,
        RawNode::Bool(b) => NodeKind::Bool(b),
        RawNode::Int(i) => NodeKind::Int(i),
        RawNode::Float(f) => NodeKind::Float(f),
        RawNode::Str(s) => NodeKind::Str(s),
        RawNode::Seq(items) => NodeKind::Seq(
            items
                .into_iter()
                .enumerate()
                .map(|(index, item)| {
                    convert(item, file, &child_path(&index.to_string()), duplicates)
                })
                .collect(),
        ),
        RawNode::Map(raw_entries) => {
            let mut first_spans: HashMap<String, Span> = HashMap::with_capacity(raw_entries.len());
            let mut entries = Vec::with_capacity(raw_entries.len());
            for (key, value) in raw_entries {
                let key = Key {
                    span: span_of(&key.referenced, file),
                    text: key.value,
                };
                if let Some(first) = first_spans.get(&key.text) {
                    duplicates.push(DuplicateKey {
                        path: path.to_string(),
                        first: *first,
                        again: key.span,
                        key: key.text,
                    });
                    continue;
                }
                first_spans.insert(key.text.clone(), key.span);
                let value = convert(value, file, &child_path(&key.text), duplicates);
                entries.push((key, value));
            }
            NodeKind::Map(entries)
        }
    };
    Node { kind, span }
}

/// The tree as the YAML library hands it over, with its own location type.
enum RawNode {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<serde_saphyr::Spanned<RawNode>>),
    Map(
        Vec<(
            serde_saphyr::Spanned<String>,
            serde_saphyr::Spanned<RawNode>,
        )>,
    ),
}

impl<'de> Deserialize<'de> for RawNode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(RawNodeVisitor)
    }
}

struct RawNodeVisitor;

impl<'de> Visitor<'de> for RawNodeVisitor {
    type Value = RawNode;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_unit<E>(self) -> Result<RawNode, E> {
        Ok(RawNode::Null)
    }
    fn visit_none<E>(self) -> Result<RawNode, E> {
        Ok(RawNode::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<RawNode, D::Error> {
        RawNode::deserialize(deserializer)
    }
    fn visit_bool<E>(self, v: bool) -> Result<RawNode, E> {
        Ok(RawNode::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<RawNode, E> {
        Ok(RawNode::Int(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<RawNode, E> {
        Ok(i64::try_from(v).map_or_else(|_| RawNode::Str(v.to_string()), RawNode::Int))
    }
    fn visit_i128<E>(self, v: i128) -> Result<RawNode, E> {
        Ok(i64::try_from(v).map_or_else(|_| RawNode::Str(v.to_string()), RawNode::Int))
    }
    fn visit_u128<E>(self, v: u128) -> Result<RawNode, E> {
        Ok(i64::try_from(v).map_or_else(|_| RawNode::Str(v.to_string()), RawNode::Int))
    }
    fn visit_f64<E>(self, v: f64) -> Result<RawNode, E> {
        Ok(RawNode::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<RawNode, E> {
        Ok(RawNode::Str(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<RawNode, E> {
        Ok(RawNode::Str(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawNode, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(RawNode::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawNode, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key()? {
            entries.push((key, map.next_value()?));
        }
        Ok(RawNode::Map(entries))
    }
}
