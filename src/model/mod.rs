//! The plan as typed data: every section of format version 1.
//!
//! Plain data with spans on everything a check may point at. No I/O and no
//! YAML here: `load` builds it, `validate` checks what types cannot express
//! (ids, references, schedule consistency).

mod calendars;
mod item_kind;
mod keyed;
pub mod providers;
mod schedule;
mod spanned;
mod values;

use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{Deserializer, SeqAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};

pub(crate) use calendars::LIST_OR_MAP_MARKER;
pub use calendars::{CalendarOutputs, CssColor};
pub use item_kind::{Item, ItemKind};
pub use keyed::{Entry, Keyed, Leftovers};
pub use schedule::{Changes, NewSlot, OccurrenceChange, Schedule};
pub(crate) use spanned::SPANNED_MARKER;
pub use spanned::Spanned;
pub use values::{
    BarrierKind, CalendarSet, ChannelKind, Hours, ID_PATTERN, Id, LevelName, Locale, Visibility,
};
// The plan is written in the time module's values: they are its vocabulary too.
pub use crate::time::{Duration, Every, On, Ordinal, TimeOfDay, Weekday};

use crate::limits::MAX_YEARS;
use crate::time::{Date, WorkWeek, Zone};

/// A whole `plan.yaml`.
///
/// The loader decodes the top level section by section (so one broken item
/// does not hide the others); the serde attributes here describe the format
/// for the JSON Schema.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "plan.yaml",
    description = "A communication plan (format version 1)"
)]
pub struct Plan {
    /// The format version: `1`.
    #[schemars(extend("const" = 1))]
    pub version: Spanned<u32>,
    // `None` only in a plan that lacks it, which is an error.
    /// The project: name, owner, time zone, dates and working hours.
    #[schemars(required)]
    pub project: Option<Project>,
    #[serde(default)]
    pub goals: Keyed<Goal>,
    #[serde(default)]
    pub people: Keyed<Person>,
    #[serde(default)]
    pub audiences: Keyed<Audience>,
    #[serde(default)]
    pub channels: Keyed<Channel>,
    #[serde(default)]
    pub meetings: Keyed<Meeting>,
    #[serde(default)]
    pub reports: Keyed<Report>,
    #[serde(default)]
    pub formats: Keyed<Format>,
    /// Communication rules, plain sentences.
    #[serde(default)]
    pub norms: Vec<Spanned<String>>,
    #[serde(default)]
    pub escalations: Keyed<Escalation>,
    #[serde(default)]
    pub barriers: Keyed<Barrier>,
    #[serde(default)]
    pub trainings: Keyed<Training>,
    /// The plan reviews itself.
    #[serde(default)]
    pub reviews: Keyed<Review>,
    #[serde(default)]
    pub outputs: Option<Outputs>,
    /// Rule id -> `error` | `warn` | `allow`.
    #[serde(default)]
    #[schemars(schema_with = "lint_levels_schema")]
    pub lint: Keyed<Spanned<LevelName>>,
    /// What is left of a `project` that failed to decode (its error is
    /// reported): its `owner` is still checked. Not part of the format.
    #[serde(skip)]
    pub failed_project: Option<Leftovers>,
}

/// The language a person without a `locale` of their own reads in: the one
/// all their audiences read in, else the project's (when they have none, or
/// their audiences differ). One rule for the outputs and the diff.
pub fn shared_locale<T: PartialEq>(project: T, mut audiences: impl Iterator<Item = T>) -> T {
    match audiences.next() {
        Some(first) if audiences.all(|l| l == first) => first,
        _ => project,
    }
}

/// One or several ids: `owner: li-wei` or `to: [li-wei, mei-lin]`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IdList(pub Vec<Spanned<Id>>);

impl IdList {
    pub fn iter(&self) -> impl Iterator<Item = &Spanned<Id>> {
        self.0.iter()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A list always, however it was written: `owner: a` and `owner: [a]` say the same.
impl Serialize for IdList {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for IdList {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Read through `Spanned` so that a single id keeps the span of its node.
        let raw = Spanned::<RawIdList>::deserialize(deserializer)?;
        Ok(match raw.value {
            RawIdList::One(id) => IdList(vec![Spanned::new(id, raw.span)]),
            RawIdList::Many(ids) => IdList(ids),
        })
    }
}

enum RawIdList {
    One(Id),
    Many(Vec<Spanned<Id>>),
}

impl<'de> Deserialize<'de> for RawIdList {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct RawIdListVisitor;
        impl<'de> Visitor<'de> for RawIdListVisitor {
            type Value = RawIdList;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an id or a list of ids")
            }
            fn visit_unit<E>(self) -> Result<RawIdList, E> {
                Ok(RawIdList::Many(Vec::new()))
            }
            fn visit_str<E>(self, text: &str) -> Result<RawIdList, E> {
                Ok(RawIdList::One(Id(text.to_string())))
            }
            fn visit_i64<E>(self, number: i64) -> Result<RawIdList, E> {
                Ok(RawIdList::One(Id(number.to_string())))
            }
            fn visit_u64<E>(self, number: u64) -> Result<RawIdList, E> {
                Ok(RawIdList::One(Id(number.to_string())))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawIdList, A::Error> {
                let mut ids = Vec::new();
                while let Some(id) = seq.next_element()? {
                    ids.push(id);
                }
                Ok(RawIdList::Many(ids))
            }
        }
        deserializer.deserialize_any(RawIdListVisitor)
    }
}

impl JsonSchema for IdList {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "IdList".into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let id = generator.subschema_for::<Id>();
        json_schema!({ "oneOf": [ id, { "type": "array", "items": id } ] })
    }
}

/// An `IdList` that must name someone (an escalation step's `to`), for the
/// schema only: `validate` refuses an empty one.
struct NonEmptyIdList;

impl JsonSchema for NonEmptyIdList {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "NonEmptyIdList".into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let id = generator.subschema_for::<Id>();
        json_schema!({ "oneOf": [ id, { "type": "array", "items": id, "minItems": 1 } ] })
    }
}

#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Project {
    #[schemars(with = "values::DisplayText")]
    pub name: Spanned<String>,
    /// The client organisation.
    #[serde(default)]
    pub client: Option<Spanned<String>>,
    /// One paragraph; Markdown allowed.
    #[serde(default)]
    pub summary: Option<Spanned<String>>,
    /// Person id of the plan's owner.
    pub owner: Spanned<Id>,
    /// Default zone for schedules and SLAs.
    pub timezone: Spanned<Zone>,
    /// Handbook language. Default: `en`.
    #[serde(default)]
    pub locale: Locale,
    pub start: Spanned<Date>,
    /// Schedules stop here unless they set `until`.
    #[serde(default)]
    pub end: Option<Spanned<Date>>,
    /// Default: Monday to Friday, 09:00-17:00.
    #[serde(default)]
    pub working_hours: Option<Spanned<WorkingHours>>,
    /// No occurrences and no business time on these dates.
    #[serde(default)]
    pub holidays: Vec<Spanned<Date>>,
    /// Weekend days that are worked (make-up days).
    #[serde(default)]
    pub extra_workdays: Vec<Spanned<Date>>,
}

/// The default working hours when a plan names none.
pub const DEFAULT_OPEN: TimeOfDay = TimeOfDay { hour: 9, minute: 0 };
pub const DEFAULT_CLOSE: TimeOfDay = TimeOfDay {
    hour: 17,
    minute: 0,
};

impl Project {
    /// The project's working hours with every default filled in: written
    /// out or left to the defaults, the same hours are the same value.
    pub fn resolved_working_hours(&self) -> WorkingHours {
        let hours = self.working_hours.as_ref().map(|h| &h.value);
        let time = |written: Option<&Spanned<TimeOfDay>>, default| {
            Some(
                written
                    .cloned()
                    .unwrap_or(Spanned::new(default, Default::default())),
            )
        };
        WorkingHours {
            days: Some(
                self.work_week()
                    .days
                    .into_iter()
                    .map(|d| Spanned::new(d, Default::default()))
                    .collect(),
            ),
            from: time(hours.and_then(|h| h.from.as_ref()), DEFAULT_OPEN),
            to: time(hours.and_then(|h| h.to.as_ref()), DEFAULT_CLOSE),
        }
    }

    /// The project's working days, holidays and make-up days.
    pub fn work_week(&self) -> WorkWeek {
        let hours = self.working_hours.as_ref().map(|h| &h.value);
        WorkWeek {
            days: hours.and_then(|h| h.days.as_ref()).map_or_else(
                || Weekday::ALL[..5].to_vec(),
                |days| days.iter().map(|d| d.value).collect(),
            ),
            holidays: self.holidays.iter().map(|d| d.value).collect(),
            extra_workdays: self.extra_workdays.iter().map(|d| d.value).collect(),
        }
    }
}

/// How far an open-ended plan (no `end`) is examined.
const OPEN_ENDED_DAYS: i64 = 365;

/// The last day a plan starting on `start` may reach: [`MAX_YEARS`] later.
/// Validation refuses anything dated past it; no command looks further.
pub fn ceiling(start: Date) -> Date {
    start.add_years(MAX_YEARS).unwrap_or(start)
}

/// The last day the checks, the task list and the outputs look at: the
/// project's `end`, or its first year when it has none; never past the
/// ceiling. Validation counts a plan's occurrences up to it.
pub fn horizon(start: Date, end: Option<Date>) -> Date {
    let open_ended = start.add_days(OPEN_ENDED_DAYS).unwrap_or(start);
    end.unwrap_or(open_ended).min(ceiling(start))
}

/// Working days and hours; fields left out come from the project's (or the defaults).
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WorkingHours {
    #[serde(default)]
    #[schemars(length(min = 1), extend("uniqueItems" = true))]
    pub days: Option<Vec<Spanned<Weekday>>>,
    #[serde(default)]
    pub from: Option<Spanned<TimeOfDay>>,
    #[serde(default)]
    pub to: Option<Spanned<TimeOfDay>>,
}

#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Goal {
    #[schemars(with = "values::DisplayText")]
    pub title: Spanned<String>,
    /// How you know the goal is met.
    #[serde(default)]
    pub measure: Option<Spanned<String>>,
    #[serde(default)]
    pub allow: Vec<Spanned<String>>,
    #[serde(default)]
    pub visibility: Visibility,
}

#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Person {
    #[schemars(with = "values::DisplayText")]
    pub name: Spanned<String>,
    #[serde(default)]
    pub role: Option<Spanned<String>>,
    #[serde(default)]
    pub email: Option<Spanned<String>>,
    #[serde(default)]
    pub phone: Option<Spanned<String>>,
    /// Default: `project.timezone`.
    #[serde(default)]
    pub timezone: Option<Spanned<Zone>>,
    /// Languages the person works in, e.g. `[zh, en]`.
    #[serde(default)]
    pub languages: Vec<Spanned<String>>,
    #[serde(default)]
    pub working_hours: Option<Spanned<WorkingHours>>,
    /// The language of this person's calendar. Default: the one language
    /// all their audiences read, else `project.locale`.
    #[serde(default)]
    pub locale: Option<Spanned<Locale>>,
    #[serde(default)]
    pub allow: Vec<Spanned<String>>,
    #[serde(default)]
    pub visibility: Visibility,
}

#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Audience {
    #[schemars(with = "values::DisplayText")]
    pub name: Spanned<String>,
    /// Person ids.
    #[serde(default)]
    pub members: IdList,
    /// Client side (or otherwise outside the team).
    #[serde(default)]
    pub external: bool,
    /// What this audience needs to hear about.
    #[serde(default)]
    pub needs: Vec<Spanned<String>>,
    /// Preferred channel ids, in order.
    #[serde(default)]
    pub channels: IdList,
    /// The colour of this audience's calendar, a CSS3 colour name.
    /// Default: `outputs.calendars.color`.
    #[serde(default)]
    pub color: Option<Spanned<CssColor>>,
    /// The language of this audience's view, calendar and notices.
    /// Default: `project.locale`.
    #[serde(default)]
    pub locale: Option<Spanned<Locale>>,
    #[serde(default)]
    pub allow: Vec<Spanned<String>>,
    #[serde(default)]
    pub visibility: Visibility,
}

#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Channel {
    /// What people call it: `Microsoft Teams meeting`. Default: the id.
    #[serde(default)]
    #[schemars(with = "Option<values::DisplayText>")]
    pub name: Option<Spanned<String>>,
    pub kind: Spanned<ChannelKind>,
    /// The product behind the channel: `zoom`, `slack`, `wechat`, `pingcode`, ...
    #[serde(default)]
    pub provider: Option<Spanned<String>>,
    /// What the channel is for; Markdown allowed.
    #[serde(default)]
    pub purpose: Option<Spanned<String>>,
    /// An email address, group or channel name.
    #[serde(default)]
    pub address: Option<Spanned<String>>,
    #[serde(default)]
    pub url: Option<Spanned<String>>,
    /// A record of decisions.
    #[serde(default)]
    pub formal: bool,
    /// Default: `business`.
    #[serde(default)]
    pub hours: Option<Spanned<Hours>>,
    /// The zone of the channel's business clock. Default: `project.timezone`.
    #[serde(default)]
    pub timezone: Option<Spanned<Zone>>,
    #[serde(default)]
    pub sla: Option<Spanned<Sla>>,
    #[serde(default)]
    pub allow: Vec<Spanned<String>>,
    #[serde(default)]
    pub visibility: Visibility,
}

/// Response-time promises of a channel.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Sla {
    /// First reply.
    #[serde(default)]
    pub response: Option<Spanned<Duration>>,
    /// The matter settled.
    #[serde(default)]
    pub resolution: Option<Spanned<Duration>>,
    /// First reply to something marked urgent.
    #[serde(default)]
    pub urgent_response: Option<Spanned<Duration>>,
}

#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Meeting {
    #[schemars(with = "values::DisplayText")]
    pub title: Spanned<String>,
    /// Markdown allowed.
    #[serde(default)]
    pub purpose: Option<Spanned<String>>,
    /// Goal ids this meeting serves.
    #[serde(default)]
    pub goals: IdList,
    /// Audience ids.
    #[serde(default)]
    pub audiences: IdList,
    /// Extra person ids beyond the audiences.
    #[serde(default)]
    pub attendees: IdList,
    /// Person id.
    #[serde(default)]
    pub owner: Option<Spanned<Id>>,
    /// Channel id.
    #[serde(default)]
    pub channel: Option<Spanned<Id>>,
    /// This meeting's own join URL.
    #[serde(default)]
    pub link: Option<Spanned<String>>,
    #[serde(default)]
    pub dial_in: Option<Spanned<String>>,
    pub schedule: Spanned<Schedule>,
    /// Single occurrences moved, re-timed or cancelled, by planned date.
    #[serde(default)]
    pub changes: Changes,
    #[serde(default)]
    pub agenda: Vec<Spanned<String>>,
    #[serde(default)]
    pub prepare: Vec<Spanned<Preparation>>,
    #[serde(default)]
    pub follow_up: Vec<Spanned<FollowUp>>,
    /// Reminders before each occurrence, calendar time: `[15m, 1d]`; `[]`
    /// for none. Default: `outputs.calendars.reminders`.
    #[serde(default)]
    pub reminders: Option<Vec<Spanned<Duration>>>,
    #[serde(default)]
    pub allow: Vec<Spanned<String>>,
    #[serde(default)]
    pub visibility: Visibility,
}

/// A task due some time before each occurrence.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Preparation {
    pub task: Spanned<String>,
    /// How long before the start it is due.
    pub before: Spanned<Duration>,
    /// Person id. Default: the meeting's owner.
    #[serde(default)]
    pub owner: Option<Spanned<Id>>,
    /// Channel id.
    #[serde(default)]
    pub via: Option<Spanned<Id>>,
}

/// A task due some time after each occurrence ends.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FollowUp {
    pub task: Spanned<String>,
    /// How long after the end it is due.
    pub within: Spanned<Duration>,
    /// Person id. Default: the meeting's owner.
    #[serde(default)]
    pub owner: Option<Spanned<Id>>,
    /// Channel id.
    #[serde(default)]
    pub via: Option<Spanned<Id>>,
}

#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Report {
    #[schemars(with = "values::DisplayText")]
    pub title: Spanned<String>,
    /// Person id of the sender.
    #[serde(default)]
    pub from: Option<Spanned<Id>>,
    /// Audience or person ids.
    #[serde(default)]
    pub to: IdList,
    /// Channel id.
    pub channel: Spanned<Id>,
    /// Format id.
    #[serde(default)]
    pub format: Option<Spanned<Id>>,
    #[serde(default)]
    pub goals: IdList,
    /// When the report is due.
    pub schedule: Spanned<Schedule>,
    /// Single occurrences moved, re-timed or cancelled, by planned date.
    #[serde(default)]
    pub changes: Changes,
    /// Reminders before each occurrence, calendar time: `[15m, 1d]`; `[]`
    /// for none. Default: `outputs.calendars.reminders`.
    #[serde(default)]
    pub reminders: Option<Vec<Spanned<Duration>>>,
    #[serde(default)]
    pub allow: Vec<Spanned<String>>,
    #[serde(default)]
    pub visibility: Visibility,
}

#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Format {
    /// Subject line; `{date}` is replaced by the due date.
    #[serde(default)]
    pub subject: Option<Spanned<String>>,
    #[serde(default)]
    pub sections: Vec<Spanned<String>>,
    #[serde(default)]
    #[schemars(range(min = 1))]
    pub max_words: Option<Spanned<u32>>,
    #[serde(default)]
    pub allow: Vec<Spanned<String>>,
    #[serde(default)]
    pub visibility: Visibility,
}

#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Escalation {
    /// When this path is taken.
    pub when: Spanned<String>,
    #[schemars(length(min = 1))]
    pub steps: Vec<Spanned<EscalationStep>>,
    #[serde(default)]
    pub allow: Vec<Spanned<String>>,
    #[serde(default)]
    pub visibility: Visibility,
}

#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EscalationStep {
    /// Person or audience ids.
    #[schemars(with = "NonEmptyIdList")]
    pub to: IdList,
    /// Channel id.
    pub via: Spanned<Id>,
    /// How long after the step before was reached, on the business clock of
    /// the project (or of the `via` channel, when it sets its own `timezone`).
    /// Default: at once.
    #[serde(default)]
    pub after: Option<Spanned<Duration>>,
}

#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Barrier {
    pub kind: Spanned<BarrierKind>,
    /// Audience or person ids.
    #[serde(default)]
    pub affects: IdList,
    /// Markdown allowed.
    #[serde(default)]
    pub description: Option<Spanned<String>>,
    /// Markdown allowed.
    #[serde(default)]
    pub mitigation: Option<Spanned<String>>,
    /// Person id.
    #[serde(default)]
    pub owner: Option<Spanned<Id>>,
    #[serde(default)]
    pub allow: Vec<Spanned<String>>,
    #[serde(default)]
    pub visibility: Visibility,
}

#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Training {
    #[schemars(with = "values::DisplayText")]
    pub topic: Spanned<String>,
    /// Audience or person ids.
    #[serde(default, rename = "for")]
    pub for_: IdList,
    /// Person id.
    #[serde(default)]
    pub owner: Option<Spanned<Id>>,
    /// Channel id.
    #[serde(default)]
    pub channel: Option<Spanned<Id>>,
    pub date: Spanned<Date>,
    pub at: Spanned<TimeOfDay>,
    pub duration: Spanned<Duration>,
    /// Default: `project.timezone`.
    #[serde(default)]
    pub timezone: Option<Spanned<Zone>>,
    /// The session moved, re-timed or cancelled, keyed by its `date`.
    #[serde(default)]
    pub changes: Changes,
    /// Reminders before each occurrence, calendar time: `[15m, 1d]`; `[]`
    /// for none. Default: `outputs.calendars.reminders`.
    #[serde(default)]
    pub reminders: Option<Vec<Spanned<Duration>>>,
    #[serde(default)]
    pub allow: Vec<Spanned<String>>,
    #[serde(default)]
    pub visibility: Visibility,
}

#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Review {
    #[schemars(with = "values::DisplayText")]
    pub title: Spanned<String>,
    /// Person id.
    #[serde(default)]
    pub owner: Option<Spanned<Id>>,
    /// Audience ids.
    #[serde(default)]
    pub audiences: IdList,
    /// Channel id.
    #[serde(default)]
    pub channel: Option<Spanned<Id>>,
    pub schedule: Spanned<Schedule>,
    /// Single occurrences moved, re-timed or cancelled, by planned date.
    #[serde(default)]
    pub changes: Changes,
    #[serde(default)]
    pub questions: Vec<Spanned<String>>,
    /// Reminders before each occurrence, calendar time: `[15m, 1d]`; `[]`
    /// for none. Default: `outputs.calendars.reminders`.
    #[serde(default)]
    pub reminders: Option<Vec<Spanned<Duration>>>,
    #[serde(default)]
    pub allow: Vec<Spanned<String>>,
    #[serde(default)]
    pub visibility: Visibility,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Outputs {
    /// Output folder, relative to the plan. Default: [`Outputs::DEFAULT_DIR`].
    #[serde(default)]
    pub dir: Option<Spanned<String>>,
    /// A folder of template overrides, same file names as the built-ins.
    #[serde(default)]
    pub templates: Option<Spanned<String>>,
    /// Which calendar files to write (a list of sets: `[all, audiences,
    /// people]`), or a map of `sets`, the default `reminders`, the `refresh`
    /// hint for subscribers and a `color`. Default: all three sets.
    #[serde(default, deserialize_with = "calendars::deserialize_calendar_outputs")]
    #[schemars(schema_with = "calendars::calendar_outputs_schema")]
    pub calendars: Option<CalendarOutputs>,
    #[serde(default)]
    pub tasks: Option<TasksOutput>,
}

impl Outputs {
    /// The output folder, beside the plan, unless `dir` says.
    pub const DEFAULT_DIR: &'static str = "site";
}

/// The task fields `outputs.tasks.columns` may name, in the default column order.
pub const TASK_FIELDS: &[&str] = &[
    "id",
    "title",
    "description",
    "assignee",
    "assignee_email",
    "due",
    "list",
    "labels",
];

#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TasksOutput {
    /// Task field -> column header, in the order the columns should appear.
    #[serde(default)]
    #[schemars(schema_with = "task_columns_schema")]
    pub columns: Keyed<Spanned<String>>,
}

/// `lint:` is keyed by the lint rules' names (`validate` refuses any other,
/// and a validation rule's), not by ids.
fn lint_levels_schema(generator: &mut SchemaGenerator) -> Schema {
    let names: Vec<&str> = crate::rules::RuleId::lint_names().collect();
    keyed::keyed_by(generator.subschema_for::<LevelName>(), &names)
}

/// `outputs.tasks.columns` is keyed by the task fields (`assignee_email`),
/// which `validate` checks, not by ids.
fn task_columns_schema(generator: &mut SchemaGenerator) -> Schema {
    keyed::keyed_by(generator.subschema_for::<Spanned<String>>(), TASK_FIELDS)
}
