//! Recurrence as the plan writes it: `every`, `on`, `at`, and the bounds.
//! Expanding a schedule into occurrences is the time engine's job.

use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Deserialize;
use serde::de::{self, Deserializer, SeqAccess, Visitor};

use super::Spanned;
use crate::time::{Date, Duration, Every, On, TimeOfDay, Weekday, Zone};

/// A recurring slot in the calendar.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
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
            "pattern": "^(day|weekday|week|month|quarter|[0-9]+ (weeks?|months?))$",
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
                { "type": "string", "pattern": "^(mon|tue|wed|thu|fri|sat|sun)$" },
                { "type": "string", "pattern": "^(first|second|third|fourth|last) (mon|tue|wed|thu|fri|sat|sun)$" },
                { "type": "integer", "minimum": 1, "maximum": 31 },
            ]
        })
    }
}
