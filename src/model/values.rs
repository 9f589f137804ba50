//! The typed scalars of the format: ids and the closed vocabularies (kinds,
//! locales, levels), and how the plan reads the values of time (dates, zones,
//! durations, times of day, weekdays), which `crate::time` defines.
//!
//! Each parses from the text a user writes and refuses anything else with a
//! message that says what was expected; a line starting with `help: ` in that
//! message becomes the diagnostic's help.

use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use super::CssColor;
use crate::rules::Level;
use crate::time::{Date, Duration, TimeOfDay, Weekday, Zone};

/// What an id looks like, for the JSON Schema; checked by `validate`.
pub const ID_PATTERN: &str = "^[a-z0-9][a-z0-9-]*$";

/// Implements `Deserialize` for a type that parses from one string.
macro_rules! deserialize_from_str {
    ($type:ty, $expecting:literal, $parse:path) => {
        impl<'de> Deserialize<'de> for $type {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct StrVisitor;
                impl<'de> Visitor<'de> for StrVisitor {
                    type Value = $type;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str($expecting)
                    }
                    fn visit_str<E: de::Error>(self, text: &str) -> Result<$type, E> {
                        $parse(text).map_err(E::custom)
                    }
                }
                deserializer.deserialize_str(StrVisitor)
            }
        }
    };
}

/// Implements `Serialize` as the text the plan writes (the value's `Display`).
macro_rules! serialize_as_text {
    ($($type:ty),+) => {
        $(impl Serialize for $type {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        })+
    };
}

serialize_as_text!(
    Id,
    Duration,
    TimeOfDay,
    Date,
    Zone,
    CssColor,
    Weekday,
    crate::time::Every,
    crate::time::On,
    super::NewSlot
);

/// Implements `JsonSchema` for a type read from one scalar.
macro_rules! string_schema {
    ($type:ty, $name:literal, $schema:tt) => {
        impl JsonSchema for $type {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                $name.into()
            }
            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                json_schema!($schema)
            }
        }
    };
}

/// An item id: `[a-z0-9][a-z0-9-]*`, unique across the plan. Kept as written;
/// `validate` reports ids of the wrong shape.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Id(pub String);

impl Id {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_well_formed(&self) -> bool {
        let mut chars = self.0.chars();
        chars
            .next()
            .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
            && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn parse_id(text: &str) -> Result<Id, String> {
    Ok(Id(text.to_string()))
}

deserialize_from_str!(Id, "an id", parse_id);
// The loader reads a number as the digits written (`owner: 2026` is the id
// "2026"), so a whole number is an id of the right shape too.
string_schema!(Id, "Id", {
    "anyOf": [
        {
            "type": "string",
            "pattern": ID_PATTERN,
            "maxLength": crate::limits::MAX_ID_CHARS,
            "not": { "enum": crate::limits::RESERVED_NAMES },
        },
        { "type": "integer", "minimum": 0 },
    ],
});

/// Text as the loader reads it, for the schema only (the model holds a
/// `String`): a number or `true`/`false` where text is expected is the text
/// as written (`name: 1.50` is "1.50", `phone: 4930123456` the digits).
pub(super) struct Text;

string_schema!(Text, "Text", {
    "description": "text; a number or `true`/`false` is read as the text written",
    "anyOf": [ { "type": "string" }, { "type": "number" }, { "type": "boolean" } ],
});

/// A name or title a reader sees (`validate` refuses a blank one), for the
/// schema only: text with something other than spaces in it.
pub(super) struct DisplayText;

string_schema!(DisplayText, "DisplayText", {
    "description": "text a reader sees: not empty or only spaces; a number or `true`/`false` is read as the text written",
    "anyOf": [ { "type": "string", "pattern": "\\S" }, { "type": "number" }, { "type": "boolean" } ],
});

deserialize_from_str!(
    Duration,
    "a duration such as `45m` or `4bh`",
    Duration::parse
);
string_schema!(Duration, "Duration", {
    "type": "string",
    "pattern": "^\\s*([0-9]+(m|h|d|w)\\s*)+$|^\\s*([0-9]+(bh|bd)\\s*)+$",
    "description": "calendar time `15m` `4h` `2d` `1w`, or business time `4bh` `2bd`",
});

deserialize_from_str!(TimeOfDay, "a time of day \"HH:MM\"", TimeOfDay::parse);
string_schema!(TimeOfDay, "TimeOfDay", {
    "type": "string",
    "pattern": "^([01]?[0-9]|2[0-3]):[0-5][0-9]$",
    "description": "a time of day, \"HH:MM\" in 24-hour form",
});

deserialize_from_str!(Date, "a date YYYY-MM-DD", Date::parse);
string_schema!(Date, "Date", {
    "type": "string",
    "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
    "format": "date",
});

deserialize_from_str!(Zone, "an IANA time zone", Zone::parse);
string_schema!(Zone, "TimeZone", {
    "type": "string",
    "description": "an IANA time zone name such as `Europe/Berlin`",
    "examples": ["Europe/Berlin", "Asia/Shanghai", "America/New_York"],
});

deserialize_from_str!(CssColor, "a CSS3 colour name", CssColor::parse);
string_schema!(CssColor, "CssColor", {
    "type": "string",
    "description": "a CSS3 colour name (RFC 7986 `COLOR`), such as `teal`",
    "enum": super::calendars::CSS3_COLORS,
});

deserialize_from_str!(Weekday, "a weekday", Weekday::parse);
string_schema!(Weekday, "Weekday", { "enum": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] });

/// The handbook's language.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
pub enum Locale {
    #[default]
    #[serde(rename = "en")]
    En,
    #[serde(rename = "zh-CN")]
    ZhCn,
}

impl Locale {
    /// The name the format and HTML's `lang` use (`zh-CN`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::ZhCn => "zh-CN",
        }
    }
}

/// Whether external audiences receive an item.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Visibility {
    /// Everyone the item concerns receives it.
    #[default]
    Public,
    /// Kept out of what external audiences receive.
    Internal,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ChannelKind {
    Email,
    Chat,
    Call,
    Video,
    PmSystem,
    Document,
    InPerson,
    Other,
}

impl ChannelKind {
    /// The name the format uses (`pm-system`).
    pub const fn as_str(self) -> &'static str {
        match self {
            ChannelKind::Email => "email",
            ChannelKind::Chat => "chat",
            ChannelKind::Call => "call",
            ChannelKind::Video => "video",
            ChannelKind::PmSystem => "pm-system",
            ChannelKind::Document => "document",
            ChannelKind::InPerson => "in-person",
            ChannelKind::Other => "other",
        }
    }
}

/// When a channel is watched: on the business clock, or around the clock.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Hours {
    #[default]
    Business,
    Always,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum BarrierKind {
    Language,
    Culture,
    Timezone,
    Technical,
    Other,
}

/// Which calendar files `plan build` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum CalendarSet {
    /// One calendar for the whole plan.
    All,
    /// One calendar per audience.
    Audiences,
    /// One calendar per person.
    People,
}

/// A lint rule's configured level.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum LevelName {
    Error,
    Warn,
    Allow,
}

impl LevelName {
    pub const fn level(self) -> Level {
        match self {
            LevelName::Error => Level::Error,
            LevelName::Warn => Level::Warn,
            LevelName::Allow => Level::Allow,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_lowercase_kebab() {
        assert!(Id("weekly-sync".into()).is_well_formed());
        assert!(Id("2026-kickoff".into()).is_well_formed());
        for bad in ["", "-x", "Weekly", "weekly_sync", "周会"] {
            assert!(!Id(bad.into()).is_well_formed(), "{bad}");
        }
    }
}
