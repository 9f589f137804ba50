//! A value and where it was written.

use std::fmt;
use std::ops::Deref;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use serde::{Serialize, Serializer};

use super::values::Text;
use crate::source::Span;

/// The newtype-struct name the loader's deserializer recognises to hand over a
/// node's span along with its value. Any other deserializer sees an ordinary
/// newtype and the span stays empty.
pub(crate) const SPANNED_MARKER: &str = "$commplan::Spanned";

/// A value from the plan with the byte span of the YAML node it came from.
///
/// Equality and ordering look at the value only, so a `Spanned<Id>` compares
/// like the id it holds.
#[derive(Clone, Debug)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Spanned<T> {
    pub const fn new(value: T, span: Span) -> Self {
        Self { value, span }
    }
}

impl<T> Deref for Spanned<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T: PartialEq> PartialEq for Spanned<T> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl<T: Eq> Eq for Spanned<T> {}

impl<T: fmt::Display> fmt::Display for Spanned<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.value.fmt(f)
    }
}

/// The value alone: where it was written is no part of what it says.
impl<T: Serialize> Serialize for Spanned<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(serializer)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Spanned<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_newtype_struct(SPANNED_MARKER, SpannedVisitor(std::marker::PhantomData))
    }
}

struct SpannedVisitor<T>(std::marker::PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for SpannedVisitor<T> {
    type Value = Spanned<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a value")
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        T::deserialize(deserializer).map(|value| Spanned::new(value, Span::default()))
    }

    /// The loader's protocol: `start`, `len`, then `value`.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut start = 0usize;
        let mut len = 0usize;
        while let Some(key) = map.next_key::<&str>()? {
            match key {
                "start" => start = map.next_value()?,
                "len" => len = map.next_value()?,
                "value" => {
                    let value = map.next_value()?;
                    return Ok(Spanned::new(value, Span::new(start, len)));
                }
                other => return Err(de::Error::unknown_field(other, &["start", "len", "value"])),
            }
        }
        Err(de::Error::missing_field("value"))
    }
}

impl<T: JsonSchema> JsonSchema for Spanned<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        T::schema_name()
    }

    fn schema_id() -> std::borrow::Cow<'static, str> {
        T::schema_id()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        // Every text of the plan is a `Spanned<String>`, and the loader reads
        // any scalar there as text: its schema is `Text`, not serde's string.
        if T::schema_id() == String::schema_id() {
            return generator.subschema_for::<Text>();
        }
        T::json_schema(generator)
    }
}
