//! `outputs.calendars`: which calendar files a build writes and what every
//! calendar carries (default reminders, the refresh hint for subscribers, a
//! colour), and the colour names RFC 7986 calendars take.
//!
//! Written as a list of sets (`[all, people]`, the form before reminders and
//! colours) or as a map of [`CalendarOutputs`]'s fields: both read the same.

use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::value::MapAccessDeserializer;
use serde::de::{Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

use super::{CalendarSet, Duration, Spanned};
use crate::suggest;

/// The struct name the loader's deserializer recognises for a map that may
/// also be written as a list: it hands a list to `visit_seq` instead of
/// refusing it, and still reports a map's unknown keys. Any other
/// deserializer sees an ordinary struct.
pub(crate) const LIST_OR_MAP_MARKER: &str = "$commplan::ListOrMap";

/// `outputs.calendars` as a map; the list form fills only `sets`.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CalendarOutputs {
    /// Which calendar files to write. Default: all three.
    #[serde(default)]
    pub sets: Option<Vec<Spanned<CalendarSet>>>,
    /// Reminders before each occurrence of every meeting, review, report and
    /// training that sets none of its own: `[15m, 1d]`. Default: none.
    #[serde(default)]
    pub reminders: Option<Vec<Spanned<Duration>>>,
    /// How often a subscribed calendar should be fetched again. Default: `12h`.
    #[serde(default)]
    pub refresh: Option<Spanned<Duration>>,
    /// The calendars' colour, a CSS3 colour name. Default: none.
    #[serde(default)]
    pub color: Option<Spanned<CssColor>>,
}

impl CalendarOutputs {
    /// The sets a build writes when `sets` names none.
    pub const DEFAULT_SETS: &'static [CalendarSet] = &[
        CalendarSet::All,
        CalendarSet::Audiences,
        CalendarSet::People,
    ];
    /// How often subscribers fetch a calendar again unless `refresh` says:
    /// 12 hours, about as often as Google Calendar refreshes anyway.
    pub const DEFAULT_REFRESH: Duration = Duration::Calendar { minutes: 12 * 60 };
}

/// The fields of [`CalendarOutputs`], for the loader's unknown-key check (a
/// test holds them equal to what the derive reads).
const FIELDS: &[&str] = &["sets", "reminders", "refresh", "color"];

/// Reads `outputs.calendars` in either form (`deserialize_with`).
pub(super) fn deserialize_calendar_outputs<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<CalendarOutputs>, D::Error> {
    deserializer
        .deserialize_struct(LIST_OR_MAP_MARKER, FIELDS, CalendarOutputsVisitor)
        .map(Some)
}

struct CalendarOutputsVisitor;

impl<'de> Visitor<'de> for CalendarOutputsVisitor {
    type Value = CalendarOutputs;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of calendar sets or a map")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<CalendarOutputs, A::Error> {
        let mut sets = Vec::new();
        while let Some(set) = seq.next_element()? {
            sets.push(set);
        }
        Ok(CalendarOutputs {
            sets: Some(sets),
            ..CalendarOutputs::default()
        })
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<CalendarOutputs, A::Error> {
        CalendarOutputs::deserialize(MapAccessDeserializer::new(map))
    }
}

/// The schema of `outputs.calendars`: the list form or the map. `anyOf`:
/// nothing written (`calendars:`) reads as either, an empty map.
pub(super) fn calendar_outputs_schema(generator: &mut SchemaGenerator) -> Schema {
    let sets = generator.subschema_for::<Vec<CalendarSet>>();
    let map = generator.subschema_for::<CalendarOutputs>();
    json_schema!({ "anyOf": [ sets, map ] })
}

/// A CSS3 colour name (RFC 7986 `COLOR`), in lowercase.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CssColor(String);

impl CssColor {
    /// A colour name as the format's other names are written: in lowercase
    /// (CSS ignores case; the schema lists the lowercase names).
    pub fn parse(text: &str) -> Result<CssColor, String> {
        if CSS3_COLORS.binary_search(&text).is_ok() {
            return Ok(CssColor(text.to_string()));
        }
        let lower = text.trim().to_ascii_lowercase();
        let help = if CSS3_COLORS.binary_search(&lower.as_str()).is_ok() {
            format!("write it in lowercase: `{lower}`")
        } else if let Some(close) = suggest::closest(&lower, CSS3_COLORS.iter().copied()) {
            format!("did you mean `{close}`?")
        } else {
            "write a CSS3 colour name such as `teal`, `steelblue` or `darkorange`".to_string()
        };
        Err(format!("`{text}` is not a CSS3 colour name\nhelp: {help}"))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for CssColor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The 147 colour names of CSS Color Module Level 3 (section 4.3), which RFC
/// 7986 names for `COLOR`. Sorted: looked up by binary search.
#[rustfmt::skip]
pub(super) const CSS3_COLORS: &[&str] = &[
    "aliceblue", "antiquewhite", "aqua", "aquamarine", "azure", "beige", "bisque", "black",
    "blanchedalmond", "blue", "blueviolet", "brown", "burlywood", "cadetblue", "chartreuse",
    "chocolate", "coral", "cornflowerblue", "cornsilk", "crimson", "cyan", "darkblue",
    "darkcyan", "darkgoldenrod", "darkgray", "darkgreen", "darkgrey", "darkkhaki",
    "darkmagenta", "darkolivegreen", "darkorange", "darkorchid", "darkred", "darksalmon",
    "darkseagreen", "darkslateblue", "darkslategray", "darkslategrey", "darkturquoise",
    "darkviolet", "deeppink", "deepskyblue", "dimgray", "dimgrey", "dodgerblue", "firebrick",
    "floralwhite", "forestgreen", "fuchsia", "gainsboro", "ghostwhite", "gold", "goldenrod",
    "gray", "green", "greenyellow", "grey", "honeydew", "hotpink", "indianred", "indigo",
    "ivory", "khaki", "lavender", "lavenderblush", "lawngreen", "lemonchiffon", "lightblue",
    "lightcoral", "lightcyan", "lightgoldenrodyellow", "lightgray", "lightgreen", "lightgrey",
    "lightpink", "lightsalmon", "lightseagreen", "lightskyblue", "lightslategray",
    "lightslategrey", "lightsteelblue", "lightyellow", "lime", "limegreen", "linen", "magenta",
    "maroon", "mediumaquamarine", "mediumblue", "mediumorchid", "mediumpurple",
    "mediumseagreen", "mediumslateblue", "mediumspringgreen", "mediumturquoise",
    "mediumvioletred", "midnightblue", "mintcream", "mistyrose", "moccasin", "navajowhite",
    "navy", "oldlace", "olive", "olivedrab", "orange", "orangered", "orchid", "palegoldenrod",
    "palegreen", "paleturquoise", "palevioletred", "papayawhip", "peachpuff", "peru", "pink",
    "plum", "powderblue", "purple", "red", "rosybrown", "royalblue", "saddlebrown", "salmon",
    "sandybrown", "seagreen", "seashell", "sienna", "silver", "skyblue", "slateblue",
    "slategray", "slategrey", "snow", "springgreen", "steelblue", "tan", "teal", "thistle",
    "tomato", "turquoise", "violet", "wheat", "white", "whitesmoke", "yellow", "yellowgreen",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_names_are_css3_and_lowercase() {
        assert_eq!(CSS3_COLORS.len(), 147);
        assert!(CSS3_COLORS.windows(2).all(|pair| pair[0] < pair[1]));
        assert_eq!(
            CssColor::parse("steelblue").map(|c| c.0),
            Ok("steelblue".into())
        );
        assert_eq!(
            CssColor::parse("SteelBlue").unwrap_err(),
            "`SteelBlue` is not a CSS3 colour name\nhelp: write it in lowercase: `steelblue`"
        );
        let typo = CssColor::parse("teel").unwrap_err();
        assert_eq!(
            typo,
            "`teel` is not a CSS3 colour name\nhelp: did you mean `teal`?"
        );
        // CSS4's name is not CSS3's: RFC 7986 takes CSS3's.
        assert!(CssColor::parse("rebeccapurple").is_err());
        assert!(CssColor::parse("#ff0000").is_err());
    }

    #[test]
    fn the_unknown_key_check_knows_every_field() {
        let plan = |calendars: &str| {
            crate::load::load_str(
                "plan.yaml",
                &format!(
                    "version: 1\n\
                     project: {{name: P, owner: ann, timezone: UTC, start: 2026-01-05}}\n\
                     outputs: {{calendars: {calendars}}}\n"
                ),
            )
        };
        let map = plan("{sets: [people], reminders: [15m], refresh: 6h, color: teal}");
        assert!(map.diagnostics.is_empty(), "{:?}", map.diagnostics);
        let outputs = map.plan.and_then(|p| p.outputs).and_then(|o| o.calendars);
        let outputs = outputs.expect("calendar outputs");
        let sets: Vec<CalendarSet> = outputs.sets.iter().flatten().map(|s| s.value).collect();
        assert_eq!(sets, [CalendarSet::People]);
        assert_eq!(outputs.reminders.map(|r| r.len()), Some(1));
        assert_eq!(outputs.refresh.map(|r| r.to_string()), Some("6h".into()));
        assert_eq!(
            outputs.color.map(|c| c.value),
            Some(CssColor("teal".into()))
        );

        let list = plan("[all, audiences]");
        assert!(list.diagnostics.is_empty(), "{:?}", list.diagnostics);
        let sets = list.plan.and_then(|p| p.outputs).and_then(|o| o.calendars);
        assert_eq!(sets.and_then(|c| c.sets).map(|s| s.len()), Some(2));

        let typo = plan("{sets: [all], colour: teal}");
        let messages: Vec<&str> = typo
            .diagnostics
            .iter()
            .map(|d| d.message.as_str())
            .collect();
        assert_eq!(messages, ["unknown field `colour` in `outputs.calendars`"]);
        assert_eq!(
            typo.diagnostics[0].help.as_deref(),
            Some("did you mean `color`?")
        );
    }
}
