//! YAML text -> a tree of nodes with spans. The only code that knows the YAML
//! library (serde-saphyr): swapping it means rewriting this file.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;

use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
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
/// One pass: the library's events become our nodes directly, each with its span.
pub(crate) fn parse(file: &SourceFile) -> Result<(Node, Vec<DuplicateKey>), SyntaxError> {
    let duplicates = RefCell::new(Vec::new());
    let seed = Located {
        file,
        seed: NodeSeed {
            file,
            duplicates: &duplicates,
            path: None,
        },
    };
    match serde_saphyr::with_deserializer_from_str_with_options(&file.text, options(), |de| {
        seed.deserialize(de)
    }) {
        Ok((kind, span)) => Ok((Node { kind, span }, duplicates.into_inner())),
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
    file: &'a SourceFile,
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
                    return Ok((value, span_of(&location, self.file)));
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
    file: &'a SourceFile,
    duplicates: &'a RefCell<Vec<DuplicateKey>>,
    path: Option<&'a PathLink<'a>>,
}

impl<'a> NodeSeed<'a> {
    fn child(self, link: &'a PathLink<'a>) -> Located<'a, NodeSeed<'a>> {
        Located {
            file: self.file,
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
            file: self.file,
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
}
