//! Maps keyed by id, in the order the plan wrote them.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::OnceLock;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};

use super::Spanned;
use super::values::{ID_PATTERN, Id};
use crate::limits::{MAX_ID_CHARS, RESERVED_NAMES};

/// One item of a collection: its id (the map key) and its fields.
#[derive(Clone, Debug)]
pub struct Entry<T> {
    pub id: Spanned<Id>,
    pub item: T,
}

/// What an item whose fields could not be read still says: each text value
/// it holds, with the dotted path of its field (`owner`, `prepare.owner`:
/// list positions left out), the values that failed removed. Its references
/// are checked from these, so a misspelt `owner` is reported in the same run
/// as the broken schedule beside it.
#[derive(Clone, Debug, Default)]
pub struct Leftovers(pub Vec<(String, Spanned<Id>)>);

/// A collection such as `meetings:`: items keyed by id, order kept.
///
/// `failed` holds the items whose fields could not be read; their errors are
/// already reported, and references to them resolve so that one mistake is
/// not reported again at every use.
#[derive(Clone, Debug)]
pub struct Keyed<T> {
    pub entries: Vec<Entry<T>>,
    pub failed: Vec<Entry<Leftovers>>,
    /// The section is not a map of items (a list, text): reported where it
    /// was read; its ids are unknown, so references to its kind are not judged.
    pub unreadable: bool,
    /// Id -> position of its first entry, built on the first lookup: rules
    /// and tasks look items up per finding and per event, which was quadratic
    /// in plans with thousands of meetings.
    index: OnceLock<BTreeMap<String, usize>>,
}

impl<T> Default for Keyed<T> {
    fn default() -> Self {
        Self {
            entries: Vec::new(),
            failed: Vec::new(),
            unreadable: false,
            index: OnceLock::new(),
        }
    }
}

impl<T> Keyed<T> {
    pub fn get(&self, id: &str) -> Option<&T> {
        let index = self.index.get_or_init(|| {
            let mut index = BTreeMap::new();
            for (position, entry) in self.entries.iter().enumerate() {
                // A repeated id keeps its first entry, as the linear search did.
                index
                    .entry(entry.id.value.as_str().to_string())
                    .or_insert(position);
            }
            index
        });
        let indexed = index
            .get(id)
            .and_then(|position| self.entries.get(*position))
            .filter(|entry| entry.id.value.as_str() == id);
        // `entries` is public: an index built before a later push is stale,
        // so anything it cannot vouch for is searched for.
        match indexed {
            Some(entry) => Some(&entry.item),
            None if index.len() == self.entries.len() => None,
            None => self
                .entries
                .iter()
                .find(|e| e.id.value.as_str() == id)
                .map(|e| &e.item),
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = (&Spanned<Id>, &T)> {
        self.entries.iter().map(|e| (&e.id, &e.item))
    }

    /// Every id written in this collection, including those of failed items.
    pub fn ids(&self) -> impl Iterator<Item = &Spanned<Id>> {
        self.entries
            .iter()
            .map(|e| &e.id)
            .chain(self.failed.iter().map(|e| &e.id))
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// A map from id to item, in the order written. Items that failed to
/// decode are left out: they hold nothing to compare.
impl<T: Serialize> Serialize for Keyed<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.entries.len()))?;
        for entry in &self.entries {
            map.serialize_entry(&entry.id, &entry.item)?;
        }
        map.end()
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Keyed<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyedVisitor<T>(std::marker::PhantomData<T>);

        impl<'de, T: Deserialize<'de>> Visitor<'de> for KeyedVisitor<T> {
            type Value = Keyed<T>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map")
            }

            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(Keyed::default())
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut keyed = Keyed::default();
                while let Some(id) = map.next_key::<Spanned<Id>>()? {
                    let item = map.next_value()?;
                    keyed.entries.push(Entry { id, item });
                }
                Ok(keyed)
            }
        }

        deserializer.deserialize_map(KeyedVisitor(std::marker::PhantomData))
    }
}

impl<T: JsonSchema> JsonSchema for Keyed<T> {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        format!("Keyed_{}", T::schema_name()).into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let items = generator.subschema_for::<T>();
        json_schema!({
            "type": "object",
            "propertyNames": {
                "pattern": ID_PATTERN,
                "maxLength": MAX_ID_CHARS,
                "not": { "enum": RESERVED_NAMES },
            },
            "additionalProperties": items,
        })
    }
}

/// A map keyed by a closed set of names, not by ids: each value `items`.
pub(super) fn keyed_by(items: Schema, names: &[&str]) -> Schema {
    json_schema!({
        "type": "object",
        "propertyNames": { "enum": names },
        "additionalProperties": items,
    })
}
