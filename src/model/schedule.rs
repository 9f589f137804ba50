//! Recurrence as the plan writes it: `every`, `on`, `at`, and the bounds.
//! Expanding a schedule into occurrences is the time engine's job.

use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};

use super::Spanned;
use crate::time::{Date, Duration, Every, Move, On, Recurrence, TimeOfDay, Weekday, Zone};

/// A recurring slot in the calendar.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Schedule {
    /// `day`, `weekday` (the project's working days), `week`, `N weeks`, `month`, `N months` or `quarter`.
    pub every: Spanned<Every>,
    /// Weekdays for weekly schedules (`[tue]`); `first tue` .. `last fri` or a day number for monthly ones.
    #[serde(default)]
    pub on: Option<Spanned<On>>,
    /// Local start time in the schedule's zone.
    pub at: Spanned<TimeOfDay>,
    /// How long each occurrence lasts (meetings and reviews).
    #[serde(default)]
    pub duration: Option<Spanned<Duration>>,
    /// Default: `project.timezone`.
    #[serde(default)]
    pub timezone: Option<Spanned<Zone>>,
    /// First day the schedule may fall on. Default: `project.start`.
    #[serde(default)]
    pub from: Option<Spanned<Date>>,
    /// Last day (inclusive). Default: `project.end`.
    #[serde(default)]
    pub until: Option<Spanned<Date>>,
    /// Dates on which the occurrence is cancelled.
    #[serde(default)]
    pub skip: Vec<Spanned<Date>>,
}

impl Schedule {
    /// The schedule as the time engine expands it, without its item's
    /// changes: `zone`, `start` and `end` are the project's defaults.
    pub fn recurrence(&self, zone: &Zone, start: Date, end: Option<Date>) -> Recurrence {
        Recurrence {
            every: self.every.value,
            on: self.on.as_ref().map(|o| o.value.clone()),
            at: self.at.value,
            duration_minutes: self
                .duration
                .as_ref()
                .map_or(0, |d| d.value.calendar_minutes()),
            zone: self
                .timezone
                .as_ref()
                .map_or_else(|| zone.clone(), |z| z.value.clone()),
            from: self.from.as_ref().map_or(start, |d| d.value),
            until: self.until.as_ref().map(|d| d.value).or(end),
            skip: self.skip.iter().map(|d| d.value).collect(),
            moves: Vec::new(),
        }
    }
}

/// Changes to single occurrences of a scheduled item, keyed by the date the
/// schedule plans each on, in the order written.
#[derive(Clone, Debug, Default)]
pub struct Changes(pub Vec<(Spanned<Date>, Spanned<OccurrenceChange>)>);

impl Changes {
    /// Applies the changes to `recurrence` (their schedule's, resolved):
    /// cancellations become skips, the rest moves, sorted by planned date.
    /// A change whose key the schedule does not hold changes nothing.
    pub fn apply(&self, recurrence: &mut Recurrence) {
        let mut moves = Vec::new();
        for (planned, change) in &self.0 {
            if change.is_cancelled() {
                recurrence.skip.push(planned.value);
            } else if let Some(moved) = change.to_move(planned.value, recurrence) {
                moves.push(moved);
            }
        }
        moves.sort_by_key(|m| m.planned);
        recurrence.moves = moves;
    }
}

/// What happens to one planned occurrence.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OccurrenceChange {
    /// A new time (`"16:00"`), date (`2026-04-15`) or both (`"2026-04-15 14:00"`), in the schedule's zone.
    #[serde(default)]
    pub to: Option<Spanned<NewSlot>>,
    /// A new length for this occurrence.
    #[serde(default)]
    pub duration: Option<Spanned<Duration>>,
    /// `true` drops the occurrence.
    #[serde(default)]
    pub cancel: Option<Spanned<bool>>,
    /// Why, for the handbook and the notices.
    #[serde(default)]
    pub note: Option<Spanned<String>>,
}

impl OccurrenceChange {
    pub fn is_cancelled(&self) -> bool {
        self.cancel.as_ref().is_some_and(|c| c.value)
    }

    /// Whether the occurrence is held at another date, time or length.
    pub fn is_move(&self) -> bool {
        !self.is_cancelled() && (self.to.is_some() || self.duration.is_some())
    }

    /// The occurrence planned on `planned` of `recurrence` as this change
    /// holds it (a note alone keeps its time: calendars still show the
    /// note), or `None` when it is cancelled.
    pub fn to_move(&self, planned: Date, recurrence: &Recurrence) -> Option<Move> {
        if self.is_cancelled() {
            return None;
        }
        let to = self.to.as_ref().map(|t| t.value);
        Some(Move {
            planned,
            date: to.and_then(|t| t.date).unwrap_or(planned),
            at: to.and_then(|t| t.at).unwrap_or(recurrence.at),
            duration_minutes: self
                .duration
                .as_ref()
                .map_or(recurrence.duration_minutes, |d| d.value.calendar_minutes()),
        })
    }
}

/// Where a moved occurrence goes: another date, another time, or both.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NewSlot {
    pub date: Option<Date>,
    pub at: Option<TimeOfDay>,
}

impl NewSlot {
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut parts = text.split_whitespace();
        let (first, second) = (parts.next(), parts.next());
        let slot = match (first, second, parts.next()) {
            (Some(date), Some(time), None) => Self {
                date: Some(Date::parse(date)?),
                at: Some(TimeOfDay::parse(time)?),
            },
            (Some(one), None, None) if one.contains(':') => Self {
                date: None,
                at: Some(TimeOfDay::parse(one)?),
            },
            (Some(one), None, None) => Self {
                date: Some(Date::parse(one)?),
                at: None,
            },
            _ => {
                return Err(format!(
                    "`{text}` is not a time, a date or both\nhelp: write e.g. \"16:00\", 2026-04-15 or \"2026-04-15 14:00\""
                ));
            }
        };
        Ok(slot)
    }
}

impl fmt::Display for NewSlot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.date, self.at) {
            (Some(date), Some(at)) => write!(f, "{date} {at}"),
            (Some(date), None) => write!(f, "{date}"),
            (None, Some(at)) => write!(f, "{at}"),
            (None, None) => Ok(()),
        }
    }
}

impl<'de> Deserialize<'de> for NewSlot {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct SlotVisitor;
        impl<'de> Visitor<'de> for SlotVisitor {
            type Value = NewSlot;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a time \"HH:MM\", a date YYYY-MM-DD, or both")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<NewSlot, E> {
                NewSlot::parse(text).map_err(E::custom)
            }
        }
        deserializer.deserialize_str(SlotVisitor)
    }
}

impl JsonSchema for NewSlot {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "NewSlot".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": "^([0-9]{4}-[0-9]{2}-[0-9]{2}|([0-9]{4}-[0-9]{2}-[0-9]{2} +)?([01]?[0-9]|2[0-3]):[0-5][0-9])$",
            "examples": ["16:00", "2026-04-15", "2026-04-15 14:00"],
        })
    }
}

/// A map from planned date to change, as written.
impl Serialize for Changes {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (planned, change) in &self.0 {
            map.serialize_entry(planned, change)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Changes {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ChangesVisitor;
        impl<'de> Visitor<'de> for ChangesVisitor {
            type Value = Changes;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map from planned dates to changes")
            }
            fn visit_unit<E>(self) -> Result<Changes, E> {
                Ok(Changes::default())
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Changes, A::Error> {
                let mut changes = Vec::new();
                while let Some(date) = map.next_key::<Spanned<Date>>()? {
                    changes.push((date, map.next_value()?));
                }
                Ok(Changes(changes))
            }
        }
        deserializer.deserialize_map(ChangesVisitor)
    }
}

impl JsonSchema for Changes {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Changes".into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let change = generator.subschema_for::<OccurrenceChange>();
        json_schema!({
            "type": "object",
            "propertyNames": { "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$" },
            "additionalProperties": change,
        })
    }
}

impl<'de> Deserialize<'de> for Every {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EveryVisitor;
        impl<'de> Visitor<'de> for EveryVisitor {
            type Value = Every;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a recurrence such as `week` or `2 weeks`")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Every, E> {
                Every::parse(text).map_err(E::custom)
            }
        }
        deserializer.deserialize_str(EveryVisitor)
    }
}

impl JsonSchema for Every {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Every".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            // As `Every::parse` reads it: words split at spaces. A count of 0 is
            // a schedule that never recurs: `invalid-schedule`, not a shape.
            "pattern": "^\\s*(day|weekday|week|month|quarter|\\+?[0-9]+\\s+(weeks?|months?))\\s*$",
            "examples": ["week", "2 weeks", "month", "quarter", "weekday"],
        })
    }
}

impl<'de> Deserialize<'de> for On {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct OnVisitor;
        impl<'de> Visitor<'de> for OnVisitor {
            type Value = On;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("weekdays `[tue]`, `first tue`, or a day of the month")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<On, E> {
                On::parse(text).map_err(E::custom)
            }
            fn visit_i64<E: de::Error>(self, day: i64) -> Result<On, E> {
                On::day_of_month(day).map_err(E::custom)
            }
            fn visit_u64<E: de::Error>(self, day: u64) -> Result<On, E> {
                On::day_of_month(i64::try_from(day).unwrap_or(i64::MAX)).map_err(E::custom)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<On, A::Error> {
                let mut days = Vec::new();
                while let Some(day) = seq.next_element::<Spanned<Weekday>>()? {
                    if days.contains(&day.value) {
                        return Err(de::Error::custom(format!(
                            "`{}` is listed twice",
                            day.value
                        )));
                    }
                    days.push(day.value);
                }
                if days.is_empty() {
                    return Err(de::Error::custom(
                        "the list of weekdays is empty\nhelp: name at least one weekday, e.g. `[tue]`, or leave `on` out",
                    ));
                }
                Ok(On::Weekdays(days))
            }
        }
        deserializer.deserialize_any(OnVisitor)
    }
}

impl JsonSchema for On {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "On".into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let weekday = generator.subschema_for::<Weekday>();
        json_schema!({
            "oneOf": [
                { "type": "array", "items": weekday, "minItems": 1, "uniqueItems": true },
                // As `On::parse` reads text: words split at spaces, a day of
                // the month as digits too (`on: "15"`).
                { "type": "string", "pattern": "^\\s*(mon|tue|wed|thu|fri|sat|sun)\\s*$" },
                { "type": "string", "pattern": "^\\s*(first|second|third|fourth|last)\\s+(mon|tue|wed|thu|fri|sat|sun)\\s*$" },
                { "type": "string", "pattern": "^\\s*\\+?0*([1-9]|[12][0-9]|3[01])\\s*$" },
                { "type": "integer", "minimum": 1, "maximum": 31 },
            ]
        })
    }
}
