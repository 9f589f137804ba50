//! Node tree -> typed model, through serde, collecting every problem.
//!
//! `NodeDeserializer` is a serde `Deserializer` over the loader's tree. It
//! differs from a plain one in three ways that make the diagnostics good:
//! - it checks struct keys against the fields the type declares, reports each
//!   unknown one (with "did you mean") and skips it, so one typo does not stop
//!   the item and all typos are reported;
//! - it hands each node's span to `Spanned<T>` (see `model::SPANNED_MARKER`);
//! - it attaches the span and path of the node being read to any error.

use std::cell::RefCell;
use std::fmt;

use serde::de::value::BorrowedStrDeserializer;
use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, IntoDeserializer, MapAccess, SeqAccess,
    Visitor,
};

use super::tree::{Key, Node, NodeKind};
use crate::diagnostic::Diagnostic;
use crate::model::{LIST_OR_MAP_MARKER, SPANNED_MARKER};
use crate::rules::RuleId;
use crate::source::{SourceFile, Span};
use crate::suggest;

/// Collects the diagnostics that decoding reports without failing (unknown fields).
pub(crate) struct Decoder<'a> {
    pub file: &'a SourceFile,
    pub diagnostics: RefCell<Vec<Diagnostic>>,
}

impl<'a> Decoder<'a> {
    pub fn new(file: &'a SourceFile) -> Self {
        Self {
            file,
            diagnostics: RefCell::new(Vec::new()),
        }
    }

    pub fn report(&self, diagnostic: Diagnostic) {
        self.diagnostics.borrow_mut().push(diagnostic);
    }

    /// Reads a value of type `T` from `node`; `path` names the node in messages
    /// (`meetings.weekly-sync`).
    pub fn decode<T: de::DeserializeOwned>(
        &self,
        node: &Node,
        path: &str,
    ) -> Result<T, DecodeError> {
        T::deserialize(NodeDeserializer {
            node,
            path: NodePath::Root(path),
            file: self.file,
            decoder: self,
        })
    }

    /// The unknown key at `span` was a required field misspelt: its
    /// finding says so (it is the item's one finding about it).
    pub fn note_required(&self, span: Span, field: &str) {
        let note = format!("`{field}` is required here");
        for diagnostic in self.diagnostics.borrow_mut().iter_mut() {
            let help = diagnostic.help.as_deref().unwrap_or_default();
            if diagnostic.rule == RuleId::UnknownField
                && diagnostic.span == span
                && !help.contains(&note)
            {
                diagnostic.help = Some(format!("{help} {note}").trim_start().to_string());
            }
        }
    }

    /// An unknown key: reported with the closest known name, or the list of them.
    pub fn report_unknown_field(
        &self,
        key: &Key,
        path: &str,
        known: &[&str],
        flow_trap: Option<String>,
    ) {
        let place = if path.is_empty() {
            "the plan".to_string()
        } else {
            format!("`{path}`")
        };
        let help = if let Some(fixed) = flow_trap {
            Some(format!(
                "a comma ends a value inside `{{ }}`: quote the text, e.g. `{fixed}`"
            ))
        } else if let Some(close) = suggest::closest(&key.text, known.iter().copied()) {
            Some(format!("did you mean `{close}`?"))
        } else if known.is_empty() {
            None
        } else {
            Some(format!("fields here: {}", suggest::list(known, 12)))
        };
        self.report(
            Diagnostic::new(
                RuleId::UnknownField,
                key.span,
                format!("unknown field `{}` in {place}", key.text),
            )
            .with_label("unknown field")
            .with_optional_help(help),
        );
    }
}

/// Why a value could not be read. Turned into a [`Diagnostic`] by the caller.
/// Boxed: it travels up through every level of the recursive decoder.
#[derive(Debug)]
pub(crate) struct DecodeError(Box<DecodeErrorData>);

#[derive(Debug)]
pub(crate) struct DecodeErrorData {
    rule: RuleId,
    message: String,
    label: &'static str,
    help: Option<String>,
    span: Option<Span>,
    path: Option<String>,
    missing_field: Option<&'static str>,
    /// For a missing field: the key of the same map whose did-you-mean named
    /// it (`tilte` for `title`), already reported as unknown.
    misspelt_as: Option<Span>,
}

impl DecodeError {
    /// Where the innermost failing node is.
    pub fn span(&self) -> Option<Span> {
        self.span
    }

    /// The required field whose absence this error reports, if that is what it reports.
    pub fn missing_field(&self) -> Option<&'static str> {
        self.missing_field
    }

    /// The key written for the missing field, misspelt (see `misspelt_as`).
    pub fn misspelt_as(&self) -> Option<Span> {
        self.misspelt_as
    }

    fn new(message: String) -> Self {
        let (message, help) = match message.split_once("\nhelp: ") {
            Some((message, help)) => (message.to_string(), Some(help.to_string())),
            None => (message, None),
        };
        Self(Box::new(DecodeErrorData {
            rule: RuleId::InvalidValue,
            message,
            label: "invalid value",
            help,
            span: None,
            path: None,
            missing_field: None,
            misspelt_as: None,
        }))
    }

    /// A missing field of a map: the unknown key in `entries` that was
    /// reported as its misspelling, if one was.
    fn misspelt_in(mut self, entries: &[(Key, Node)], fields: &[&str]) -> Self {
        let Some(field) = self.missing_field else {
            return self;
        };
        self.misspelt_as = entries
            .iter()
            .map(|(key, _)| key)
            .filter(|key| !fields.contains(&key.text.as_str()))
            .find(|key| suggest::closest(&key.text, fields.iter().copied()) == Some(field))
            .map(|key| key.span);
        self
    }

    /// Fills in the place of the innermost node that failed; outer nodes keep it.
    fn located(mut self, span: Span, path: &NodePath<'_>) -> Self {
        if self.span.is_none() {
            self.span = Some(span);
            self.path = Some(path.to_string());
        }
        self
    }

    pub fn into_diagnostic(self) -> Diagnostic {
        let data = *self.0;
        let message = match data.path.as_deref() {
            Some(path) if !path.is_empty() => format!("`{path}`: {}", data.message),
            _ => data.message,
        };
        Diagnostic::new(data.rule, data.span.unwrap_or_default(), message)
            .with_label(data.label)
            .with_optional_help(data.help)
    }
}

impl std::ops::Deref for DecodeError {
    type Target = DecodeErrorData;

    fn deref(&self) -> &DecodeErrorData {
        &self.0
    }
}

impl std::ops::DerefMut for DecodeError {
    fn deref_mut(&mut self) -> &mut DecodeErrorData {
        &mut self.0
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DecodeError {}

impl de::Error for DecodeError {
    fn custom<T: fmt::Display>(message: T) -> Self {
        DecodeError::new(message.to_string())
    }

    fn invalid_type(unexpected: de::Unexpected<'_>, expected: &dyn de::Expected) -> Self {
        DecodeError::new(format!(
            "expected {}, found {}",
            plain_expected_for(expected, &unexpected),
            plain_unexpected(&unexpected)
        ))
    }

    fn invalid_value(unexpected: de::Unexpected<'_>, expected: &dyn de::Expected) -> Self {
        DecodeError::new(format!(
            "expected {}, found {}",
            plain_expected_for(expected, &unexpected),
            plain_unexpected(&unexpected)
        ))
    }

    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> Self {
        let mut error = DecodeError::new(format!(
            "`{variant}` is not one of {}",
            suggest::list(expected, 12)
        ));
        if let Some(close) = suggest::closest(variant, expected.iter().copied()) {
            error.help = Some(format!("did you mean `{close}`?"));
        }
        error
    }

    fn missing_field(field: &'static str) -> Self {
        let mut error = DecodeError::new(format!("`{field}` is missing"));
        error.label = "in this item";
        error.help = Some(format!("add `{field}:`"));
        error.missing_field = Some(field);
        error
    }
}

/// serde names Rust types ("u32", "a string"); say it the way the format does.
fn plain_expected(expected: &dyn de::Expected) -> String {
    let text = expected.to_string();
    match text.as_str() {
        "u8" | "u16" | "u32" | "u64" | "usize" => "a whole number".to_string(),
        "i8" | "i16" | "i32" | "i64" | "isize" => "a whole number".to_string(),
        "a boolean" => "`true` or `false`".to_string(),
        "a string" => "text".to_string(),
        "a sequence" => "a list".to_string(),
        _ if text.starts_with("struct ") => "a map".to_string(),
        _ if text.starts_with("a sequence") => "a list".to_string(),
        _ => text,
    }
}

/// What was expected, with its range where a whole number was found out of
/// it (`max_words: 4294967296`): "a whole number" alone would be false.
fn plain_expected_for(expected: &dyn de::Expected, unexpected: &de::Unexpected<'_>) -> String {
    let is_whole = match unexpected {
        de::Unexpected::Signed(_) | de::Unexpected::Unsigned(_) => true,
        de::Unexpected::Float(f) => f.is_finite() && f.fract() == 0.0,
        _ => false,
    };
    let range = match expected.to_string().as_str() {
        "u8" => Some((0, u64::from(u8::MAX))),
        "u16" => Some((0, u64::from(u16::MAX))),
        "u32" => Some((0, u64::from(u32::MAX))),
        "u64" | "usize" => Some((0, u64::MAX)),
        _ => None,
    };
    match range {
        Some((low, high)) if is_whole => format!("a whole number from {low} to {high}"),
        _ => plain_expected(expected),
    }
}

fn plain_unexpected(unexpected: &de::Unexpected<'_>) -> String {
    match unexpected {
        de::Unexpected::Unit | de::Unexpected::Option => "nothing".to_string(),
        de::Unexpected::Seq => "a list".to_string(),
        de::Unexpected::Map => "a map".to_string(),
        de::Unexpected::Str(s) => format!("the text `{s}`"),
        de::Unexpected::Bool(b) => format!("`{b}`"),
        de::Unexpected::Signed(n) => format!("`{n}`"),
        de::Unexpected::Unsigned(n) => format!("`{n}`"),
        de::Unexpected::Float(n) => format!("`{n}`"),
        other => other.to_string(),
    }
}

/// Where a node is (`meetings.weekly-sync.agenda.0`): a chain of borrowed
/// segments, written out only when a message needs it, so that decoding a
/// node allocates no path.
#[derive(Clone, Copy)]
enum NodePath<'a> {
    /// The path the caller gave (`meetings.weekly-sync`); may be empty.
    Root(&'a str),
    Key(&'a NodePath<'a>, &'a str),
    Index(&'a NodePath<'a>, usize),
}

impl fmt::Display for NodePath<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parent = match self {
            NodePath::Root(path) => return f.write_str(path),
            NodePath::Key(parent, _) | NodePath::Index(parent, _) => parent,
        };
        if !parent.is_empty() {
            write!(f, "{parent}.")?;
        }
        match self {
            NodePath::Key(_, key) => f.write_str(key),
            NodePath::Index(_, index) => write!(f, "{index}"),
            NodePath::Root(_) => Ok(()),
        }
    }
}

impl NodePath<'_> {
    /// Whether it is written as nothing (a path joins its segments with dots
    /// only after some text).
    fn is_empty(&self) -> bool {
        match self {
            NodePath::Root(path) => path.is_empty(),
            NodePath::Key(parent, key) => key.is_empty() && parent.is_empty(),
            NodePath::Index(..) => false,
        }
    }
}

/// A serde `Deserializer` over one node of the tree.
struct NodeDeserializer<'de, 'r> {
    node: &'de Node,
    path: NodePath<'r>,
    file: &'de SourceFile,
    decoder: &'r Decoder<'r>,
}

impl<'de, 'r> NodeDeserializer<'de, 'r> {
    fn child<'p>(&'p self, node: &'de Node, path: NodePath<'p>) -> NodeDeserializer<'de, 'p> {
        NodeDeserializer {
            node,
            path,
            file: self.file,
            decoder: self.decoder,
        }
    }

    fn expected(&self, what: &str) -> DecodeError {
        DecodeError::new(format!(
            "expected {what}, found {}",
            self.node.kind.describe()
        ))
        .located(self.node.span, &self.path)
    }

    /// The text of a scalar as written, numbers and booleans included, for
    /// fields that take text (`name: 2026` is the text "2026").
    fn scalar_text(&self) -> Option<&'de str> {
        match &self.node.kind {
            NodeKind::Str(s) => Some(s),
            NodeKind::Int(_) | NodeKind::Float(_) | NodeKind::Bool(_) => {
                Some(self.file.slice(self.node.span))
            }
            _ => None,
        }
    }

    fn locate<T>(&self, result: Result<T, DecodeError>) -> Result<T, DecodeError> {
        result.map_err(|e| e.located(self.node.span, &self.path))
    }

    fn visit_map_of<V: Visitor<'de>>(
        self,
        visitor: V,
        fields: Option<&'static [&'static str]>,
    ) -> Result<V::Value, DecodeError> {
        let entries: &'de [(Key, Node)] = match &self.node.kind {
            NodeKind::Map(entries) => entries,
            NodeKind::Null => &[],
            _ => return Err(self.expected("a map")),
        };
        let access = MapDe {
            entries,
            next: 0,
            fields,
            parent: &self,
            value: None,
        };
        let result = visitor.visit_map(access).map_err(|error| match fields {
            Some(fields) if error.span.is_none() => error.misspelt_in(entries, fields),
            _ => error,
        });
        self.locate(result)
    }
}

impl<'de> Deserializer<'de> for NodeDeserializer<'de, '_> {
    type Error = DecodeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        let result = match &self.node.kind {
            NodeKind::Null => visitor.visit_unit(),
            NodeKind::Bool(b) => visitor.visit_bool(*b),
            NodeKind::Int(i) => visitor.visit_i64(*i),
            NodeKind::Float(f) => match whole_number(*f) {
                Some(whole) => visitor.visit_i64(whole),
                None => visitor.visit_f64(*f),
            },
            NodeKind::Str(s) => visitor.visit_borrowed_str(s),
            NodeKind::Seq(items) => visitor.visit_seq(SeqDe {
                items,
                next: 0,
                parent: &self,
            }),
            NodeKind::Map(_) => return self.visit_map_of(visitor, None),
        };
        self.locate(result)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        match self.node.kind {
            NodeKind::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        match self.scalar_text() {
            Some(text) => {
                let result = visitor.visit_borrowed_str(text);
                self.locate(result)
            }
            None => Err(self.expected("text")),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        match &self.node.kind {
            NodeKind::Bool(b) => {
                let result = visitor.visit_bool(*b);
                self.locate(result)
            }
            _ => Err(DecodeError::new(format!(
                "expected `true` or `false`, found {}\nhelp: {}",
                self.node.kind.describe(),
                boolean_help(&self.node.kind)
            ))
            .located(self.node.span, &self.path)),
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        let items: &'de [Node] = match &self.node.kind {
            NodeKind::Seq(items) => items,
            NodeKind::Null => &[],
            _ => return Err(self.expected("a list")),
        };
        let result = visitor.visit_seq(SeqDe {
            items,
            next: 0,
            parent: &self,
        });
        self.locate(result)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        self.visit_map_of(visitor, None)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        // A map that may also be written as a list (`calendars: [all]`).
        if name == LIST_OR_MAP_MARKER {
            return match self.node.kind {
                NodeKind::Seq(_) => self.deserialize_seq(visitor),
                NodeKind::Map(_) | NodeKind::Null => self.visit_map_of(visitor, Some(fields)),
                _ => Err(self.expected("a list or a map")),
            };
        }
        self.visit_map_of(visitor, Some(fields))
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        match self.scalar_text() {
            Some(text) => {
                let result = visitor.visit_enum(UnitVariant(text));
                self.locate(result)
            }
            None => Err(self.expected(&format!("one of {}", suggest::list(variants, 12)))),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        if name == SPANNED_MARKER {
            let span = self.node.span;
            return visitor.visit_map(SpannedDe {
                span,
                state: 0,
                inner: Some(self),
            });
        }
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char bytes byte_buf
        unit unit_struct tuple tuple_struct
    }
}

/// The items of a list.
struct SeqDe<'de, 'p, 'r> {
    items: &'de [Node],
    next: usize,
    parent: &'p NodeDeserializer<'de, 'r>,
}

impl<'de> SeqAccess<'de> for SeqDe<'de, '_, '_> {
    type Error = DecodeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, DecodeError> {
        let Some(item) = self.items.get(self.next) else {
            return Ok(None);
        };
        let index = self.next;
        self.next += 1;
        let parent = self.parent;
        seed.deserialize(parent.child(item, NodePath::Index(&parent.path, index)))
            .map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len() - self.next)
    }
}

/// The entries of a map. With `fields`, keys not among them are reported and
/// skipped.
struct MapDe<'de, 'p, 'r> {
    entries: &'de [(Key, Node)],
    next: usize,
    fields: Option<&'static [&'static str]>,
    parent: &'p NodeDeserializer<'de, 'r>,
    value: Option<&'de (Key, Node)>,
}

impl<'de> MapDe<'de, '_, '_> {
    /// The flow-mapping trap: in `{purpose: Tasks, progress and files}` the
    /// comma ends the value and `progress and files` becomes a key with no value.
    fn comma_trap(&self, index: usize) -> Option<String> {
        let (key, value) = &self.entries[index];
        let in_flow = self
            .parent
            .file
            .slice(self.parent.node.span)
            .starts_with('{');
        if !in_flow || !matches!(value.kind, NodeKind::Null) || index == 0 {
            return None;
        }
        let (previous_key, previous_value) = &self.entries[index - 1];
        let previous_text = self.parent.file.slice(previous_value.span);
        if previous_text.is_empty() || previous_text.starts_with(['"', '\'', '{', '[']) {
            return None;
        }
        Some(format!(
            "{}: \"{}, {}\"",
            previous_key.text, previous_text, key.text
        ))
    }
}

impl<'de> MapAccess<'de> for MapDe<'de, '_, '_> {
    type Error = DecodeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DecodeError> {
        while self.next < self.entries.len() {
            let index = self.next;
            self.next += 1;
            let entry = &self.entries[index];
            if let Some(fields) = self.fields
                && !fields.contains(&entry.0.text.as_str())
            {
                let trap = self.comma_trap(index);
                self.parent.decoder.report_unknown_field(
                    &entry.0,
                    &self.parent.path.to_string(),
                    fields,
                    trap,
                );
                continue;
            }
            self.value = Some(entry);
            return seed.deserialize(KeyDe { key: &entry.0 }).map(Some);
        }
        Ok(None)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, DecodeError> {
        match self.value.take() {
            Some((key, node)) => {
                let parent = self.parent;
                seed.deserialize(parent.child(node, NodePath::Key(&parent.path, &key.text)))
            }
            None => Err(DecodeError::new(
                "a value was read before its key".to_string(),
            )),
        }
    }
}

/// A map key: text, with its own span for `Spanned` keys.
#[derive(Clone, Copy)]
struct KeyDe<'de> {
    key: &'de Key,
}

impl<'de> Deserializer<'de> for KeyDe<'de> {
    type Error = DecodeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        visitor
            .visit_borrowed_str(&self.key.text)
            .map_err(|e: DecodeError| e.located(self.key.span, &NodePath::Root(&self.key.text)))
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        if name == SPANNED_MARKER {
            let span = self.key.span;
            return visitor.visit_map(SpannedDe {
                span,
                state: 0,
                inner: Some(self),
            });
        }
        visitor.visit_newtype_struct(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct seq tuple tuple_struct map
        struct enum identifier ignored_any
    }
}

/// The `Spanned<T>` protocol: `start`, `len`, then `value` read from `inner`.
struct SpannedDe<D> {
    span: Span,
    state: u8,
    inner: Option<D>,
}

impl<'de, D: Deserializer<'de, Error = DecodeError>> MapAccess<'de> for SpannedDe<D> {
    type Error = DecodeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DecodeError> {
        let key = match self.state {
            0 => "start",
            1 => "len",
            2 => "value",
            _ => return Ok(None),
        };
        seed.deserialize(BorrowedStrDeserializer::new(key))
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, DecodeError> {
        self.state += 1;
        match self.state {
            1 => seed.deserialize(self.span.start.into_deserializer()),
            2 => seed.deserialize(self.span.len.into_deserializer()),
            _ => match self.inner.take() {
                Some(inner) => seed.deserialize(inner),
                None => Err(DecodeError::new(
                    "a spanned value was read twice".to_string(),
                )),
            },
        }
    }
}

/// A unit enum variant named by a scalar (`kind: email`).
struct UnitVariant<'de>(&'de str);

impl<'de> EnumAccess<'de> for UnitVariant<'de> {
    type Error = DecodeError;
    type Variant = UnitOnly;

    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, UnitOnly), DecodeError> {
        seed.deserialize(BorrowedStrDeserializer::<DecodeError>::new(self.0))
            .map(|value| (value, UnitOnly))
    }
}

struct UnitOnly;

impl<'de> de::VariantAccess<'de> for UnitOnly {
    type Error = DecodeError;

    fn unit_variant(self) -> Result<(), DecodeError> {
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, _: T) -> Result<T::Value, DecodeError> {
        Err(DecodeError::new("expected a name, not a map".to_string()))
    }

    fn tuple_variant<V: Visitor<'de>>(self, _: usize, _: V) -> Result<V::Value, DecodeError> {
        Err(DecodeError::new("expected a name, not a list".to_string()))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, DecodeError> {
        Err(DecodeError::new("expected a name, not a map".to_string()))
    }
}

/// A number with no fraction (`400.0`) is the whole number it equals, as
/// JSON Schema's `integer` reads it: the schema and the checker agree on
/// `max_words: 400.0`. Only where an `f64` holds it exactly (up to 2^53).
fn whole_number(number: f64) -> Option<i64> {
    const EXACT: f64 = 9_007_199_254_740_992.0;
    #[allow(
        clippy::cast_possible_truncation,
        reason = "a finite number with no fraction, within ±2^53"
    )]
    (number.fract() == 0.0 && number.abs() <= EXACT).then_some(number as i64)
}

/// The advice for a value where `true` or `false` belongs: a YAML 1.1
/// boolean (`yes`, `off`) is named as the one it meant.
fn boolean_help(kind: &NodeKind) -> String {
    let meant = match kind {
        NodeKind::Str(text) => match text.to_ascii_lowercase().as_str() {
            "yes" | "y" | "on" => Some("true"),
            "no" | "n" | "off" => Some("false"),
            _ => None,
        },
        _ => None,
    };
    match (meant, kind) {
        (Some(word), NodeKind::Str(text)) => {
            format!("did you mean `{word}`? YAML 1.2 reads `{text}` as text, not a boolean")
        }
        _ => "write `true` or `false`".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::NodePath;

    #[test]
    fn a_path_joins_its_segments_with_dots_after_some_text() {
        let root = NodePath::Root("meetings.sync");
        let agenda = NodePath::Key(&root, "agenda");
        assert_eq!(
            NodePath::Index(&agenda, 0).to_string(),
            "meetings.sync.agenda.0"
        );
        let top = NodePath::Root("");
        assert_eq!(NodePath::Key(&top, "project").to_string(), "project");
        let blank = NodePath::Key(&top, "");
        assert_eq!(NodePath::Key(&blank, "a").to_string(), "a");
    }
}
