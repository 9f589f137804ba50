//! A valid plan resolved into what the outputs need: every default applied,
//! every reference followed, every schedule a [`Recurrence`]. Pure: no I/O.
//!
//! Only plans without validation errors are compiled; the functions here may
//! therefore treat a missing reference as "not there" rather than an error.

pub mod tasks;

use std::collections::{BTreeMap, BTreeSet};

use crate::i18n::Messages;
use crate::model::{
    Changes, DEFAULT_CLOSE, DEFAULT_OPEN, Duration, Hours, IdList, Locale, Plan, Schedule, Spanned,
    TimeOfDay, Visibility, WorkingHours, horizon,
};
use crate::time::{BusinessClock, Date, Expansion, Move, Occurrence, Recurrence, WorkWeek, Zone};

/// The resolved plan: what every stage after validation reads, and all it
/// reads. Every default applied, every reference followed, every schedule a
/// [`Recurrence`], every lookup by id an index. Built once per plan, by
/// [`crate::check_with`], and only for a plan without errors.
#[derive(Clone, Debug)]
pub struct Compiled {
    /// The validated plan as written: its texts pass through to the outputs
    /// unchanged, and its spans point lint findings at the YAML.
    pub plan: Plan,
    pub name: String,
    /// `atlas-crm-rollout`: from the project name, for calendar UIDs.
    pub slug: String,
    pub zone: Zone,
    pub start: Date,
    pub end: Option<Date>,
    /// The last day the checks, the task list and the outputs look at: the
    /// project's end, or a year after its start when it has none.
    pub horizon: Date,
    pub work_week: WorkWeek,
    pub open: TimeOfDay,
    pub close: TimeOfDay,
    /// The plan's language, and its fixed strings.
    pub messages: Messages,
    /// The catalogue of each other language a reader reads in (an
    /// audience's or a person's `locale`): one per language, shared by every
    /// reader of it (see [`Compiled::messages_for`]).
    other_messages: Vec<Messages>,
    /// The columns of the task list: field and header, in order.
    pub task_columns: Vec<(String, String)>,
    /// What every calendar file says beyond its events.
    pub calendar: CalendarStyle,
    pub people: Vec<Person>,
    pub audiences: Vec<Audience>,
    pub channels: Vec<Channel>,
    pub events: Vec<Event>,
    /// Id -> position in `people`, `audiences`, `channels`: lookups stay cheap
    /// in plans with thousands of people.
    index: BTreeMap<String, usize>,
    /// (kind, id) -> position in `events`.
    event_index: BTreeMap<(EventKind, String), usize>,
    /// Per audience (by position): the events that address it, in plan order.
    audience_events: Vec<Vec<usize>>,
    /// Per person (by position): the events they attend, in plan order.
    person_events: Vec<Vec<usize>>,
    /// Per person (by position): whether they read only what external
    /// audiences read (see [`Compiled::is_external_person`]).
    external_people: Vec<bool>,
    /// Per person (by position): the audiences they belong to, in plan order.
    person_audiences: Vec<Vec<usize>>,
}

/// Who an output is for. One rule decides what each reader sees
/// ([`Compiled::events_for`], [`Compiled::shows`]).
#[derive(Clone, Copy, Debug)]
pub enum Reader<'a> {
    /// The whole plan: the team's handbook and calendar.
    Everyone,
    Audience(&'a Audience),
    Person(&'a Person),
}

#[derive(Clone, Debug)]
pub struct Person {
    pub id: String,
    pub name: String,
    pub email: Option<String>,
    pub zone: Zone,
    pub work_week: WorkWeek,
    pub open: TimeOfDay,
    pub close: TimeOfDay,
    /// Their own `locale`; without one, they read in their audiences'
    /// language (see [`Compiled::messages_for`]).
    pub locale: Option<Locale>,
}

#[derive(Clone, Debug)]
pub struct Audience {
    pub id: String,
    pub name: String,
    pub external: bool,
    /// The language of its view, calendar and notices: its own, else the
    /// project's.
    pub locale: Locale,
    pub members: Vec<String>,
    /// Its calendar's colour: its own, else the plan's.
    pub color: Option<String>,
}

/// The refresh hint and colour of every calendar (`outputs.calendars`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CalendarStyle {
    /// How often subscribers should fetch a calendar again, in minutes.
    pub refresh_minutes: u64,
    /// A CSS3 colour name.
    pub color: Option<String>,
}

#[derive(Clone, Debug)]
pub struct Channel {
    pub id: String,
    /// Its display name (`name`), else its id.
    pub name: String,
    pub kind: crate::model::ChannelKind,
    pub provider: Option<String>,
    pub url: Option<String>,
    pub address: Option<String>,
    pub hours: Hours,
    pub zone: Zone,
    pub response: Option<Duration>,
    pub resolution: Option<Duration>,
    pub urgent_response: Option<Duration>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum EventKind {
    Meeting,
    Review,
    Report,
    Training,
}

impl EventKind {
    pub const fn as_str(self) -> &'static str {
        match self {
            EventKind::Meeting => "meeting",
            EventKind::Review => "review",
            EventKind::Report => "report",
            EventKind::Training => "training",
        }
    }
}

/// Something that happens at set times: a meeting, review, report or training.
#[derive(Clone, Debug)]
pub struct Event {
    pub id: String,
    pub kind: EventKind,
    pub title: String,
    /// What its calendar entry says beyond the title, written out in a
    /// reader's language by [`Event::description`].
    pub about: About,
    pub recurrence: Recurrence,
    /// A training happens once; everything else recurs.
    pub single: bool,
    pub channel: Option<String>,
    /// The meeting's own link, else the channel's.
    pub url: Option<String>,
    pub organizer: Option<String>,
    /// Person ids, in plan order, without repeats; the organizer included.
    pub attendees: Vec<String>,
    /// Audience ids the event addresses.
    pub audiences: Vec<String>,
    pub internal: bool,
    /// Changes to single occurrences, by planned date.
    pub changes: Vec<EventChange>,
    /// Minutes before each occurrence a calendar reminds of it, as written.
    pub reminders: Vec<u64>,
}

/// A change to one occurrence of an event, as the plan gives it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventChange {
    pub planned: Date,
    /// The planned start time and length, which a move may change.
    pub planned_at: TimeOfDay,
    pub planned_minutes: i64,
    pub kind: ChangeKind,
    pub note: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChangeKind {
    /// Held at another date, time or length.
    Moved(Move),
    Cancelled,
    /// Held as planned; the note says something about it.
    Noted,
}

/// An event's description in parts: the plan's texts as written, the
/// labels as catalogue keys, so each reader's calendar says it in the
/// reader's language.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct About {
    /// A meeting's purpose.
    pub text: Option<String>,
    /// A report: its recipients (audience and person ids), for its "due" lines.
    pub due_to: Option<Vec<String>>,
    /// Lists under a label (its catalogue key): agenda, questions, sections.
    pub lists: Vec<(&'static str, Vec<String>)>,
}

impl Event {
    /// Plain text: the purpose, the report's due line and recipients, and
    /// the labelled lists, with the labels from `m`.
    pub fn description(&self, m: &Messages) -> String {
        let about = &self.about;
        let mut out = about
            .text
            .as_deref()
            .map_or_else(String::new, |t| format!("{}\n\n", t.trim()));
        if let Some(recipients) = &about.due_to {
            out.push_str(&m.fill("event_due", &[("title", &self.title)]));
            out.push('\n');
            if !recipients.is_empty() {
                out.push_str(&m.fill("event_to", &[("recipients", &recipients.join(", "))]));
                out.push('\n');
            }
        }
        for (label, items) in &about.lists {
            out.push_str(&m.get(label));
            out.push('\n');
            for item in items {
                out.push_str(&format!("- {item}\n"));
            }
        }
        out.trim_end().to_string()
    }

    /// The change to the occurrence planned on `planned`, if there is one.
    pub fn change(&self, planned: Date) -> Option<&EventChange> {
        self.changes.iter().find(|c| c.planned == planned)
    }

    /// The date an occurrence was planned on: where a change moved it from,
    /// else its own. A training's one session is moved in place.
    pub fn planned_date(&self, occurrence: &Occurrence) -> Date {
        let moved_session = || {
            self.changes
                .iter()
                .find(|c| self.single && matches!(c.kind, ChangeKind::Moved(_)))
                .map(|c| c.planned)
        };
        occurrence
            .moved_from
            .or_else(moved_session)
            .unwrap_or(occurrence.date)
    }

    /// The occurrences through `through`. Holidays drop recurring occurrences
    /// only: a training is held on the date the plan gives.
    pub fn expand(&self, work_week: &WorkWeek, through: Date) -> Expansion {
        self.expand_between(work_week, self.recurrence.from, through)
    }

    /// The occurrences dated `first` through `through` (see
    /// [`Recurrence::expand_between`]).
    pub fn expand_between(&self, work_week: &WorkWeek, first: Date, through: Date) -> Expansion {
        if self.single {
            self.recurrence
                .expand_between(&WorkWeek::default(), first, through)
        } else {
            self.recurrence.expand_between(work_week, first, through)
        }
    }

    /// The first occurrence through `through`, found without expanding the
    /// whole range: growing windows from the schedule's start.
    pub fn first_occurrence(&self, work_week: &WorkWeek, through: Date) -> Option<Occurrence> {
        let mut start = self.recurrence.from;
        let mut days = 31;
        while start <= through {
            let end = start.add_days(days)?.min(through);
            let expansion = self.expand_between(work_week, start, end);
            if let Some(first) = expansion.occurrences.first() {
                return Some(*first);
            }
            start = end.add_days(1)?;
            days = (days * 2).min(3660);
        }
        None
    }
}

impl Compiled {
    /// The catalogue a reader reads in: an audience's `locale` (else the
    /// project's); a person's own, else the one language all their
    /// audiences read, else the project's. The plan's own texts stay as
    /// written.
    pub fn messages_for(&self, reader: Reader<'_>) -> &Messages {
        let locale = match reader {
            Reader::Everyone => return &self.messages,
            Reader::Audience(audience) => audience.locale,
            Reader::Person(person) => person.locale.unwrap_or_else(|| {
                let theirs = self.audiences_of(&person.id).map(|a| a.locale);
                crate::model::shared_locale(self.messages.locale, theirs)
            }),
        };
        self.other_messages
            .iter()
            .find(|m| m.locale == locale)
            .unwrap_or(&self.messages)
    }

    /// Whether a person receives only what external audiences receive: they
    /// belong to an external audience and to no internal one.
    pub fn is_external_person(&self, person: &str) -> bool {
        self.index
            .get(person)
            .filter(|i| self.people.get(**i).is_some_and(|p| p.id == person))
            .and_then(|i| self.external_people.get(*i))
            .copied()
            .unwrap_or(false)
    }

    /// A person or an audience, as a reader.
    pub fn reader(&self, id: &str) -> Option<Reader<'_>> {
        self.person(id)
            .map(Reader::Person)
            .or_else(|| self.audience(id).map(Reader::Audience))
    }

    /// Whether a reader sees only what is not internal.
    pub fn is_external(&self, reader: Reader<'_>) -> bool {
        match reader {
            Reader::Everyone => false,
            Reader::Audience(audience) => audience.external,
            Reader::Person(person) => self.is_external_person(&person.id),
        }
    }

    /// Whether a reader sees an item of this visibility.
    pub fn shows(&self, reader: Reader<'_>, internal: bool) -> bool {
        !(internal && self.is_external(reader))
    }

    /// The events a reader sees, in plan order: everything for everyone; for
    /// an audience what addresses it, for a person what they attend, without
    /// internal items when the reader is external.
    pub fn events_for(&self, reader: Reader<'_>) -> Vec<&Event> {
        let positions = match reader {
            Reader::Everyone => return self.events.iter().collect(),
            Reader::Audience(audience) => self.position(&audience.id, &self.audience_events),
            Reader::Person(person) => self.position(&person.id, &self.person_events),
        };
        positions
            .iter()
            .filter_map(|i| self.events.get(*i))
            .filter(|e| self.shows(reader, e.internal))
            .collect()
    }

    /// The events that address an audience, internal ones included, in plan order.
    pub fn addressing(&self, audience: &Audience) -> impl Iterator<Item = &Event> {
        self.position(&audience.id, &self.audience_events)
            .iter()
            .filter_map(|i| self.events.get(*i))
    }

    /// The audiences a person belongs to, in plan order.
    pub fn audiences_of(&self, person: &str) -> impl Iterator<Item = &Audience> {
        self.person_position(person)
            .and_then(|i| self.person_audiences.get(i))
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .filter_map(|a| self.audiences.get(*a))
    }

    fn position<'s>(&self, id: &str, lists: &'s [Vec<usize>]) -> &'s [usize] {
        self.index
            .get(id)
            .and_then(|i| lists.get(*i))
            .map_or(&[], Vec::as_slice)
    }

    /// An event by kind and id.
    pub fn event(&self, kind: EventKind, id: &str) -> Option<&Event> {
        self.event_index
            .get(&(kind, id.to_string()))
            .and_then(|i| self.events.get(*i))
    }

    pub fn person(&self, id: &str) -> Option<&Person> {
        self.index
            .get(id)
            .and_then(|i| self.people.get(*i))
            .filter(|p| p.id == id)
    }

    pub fn audience(&self, id: &str) -> Option<&Audience> {
        self.index
            .get(id)
            .and_then(|i| self.audiences.get(*i))
            .filter(|a| a.id == id)
    }

    pub fn channel(&self, id: &str) -> Option<&Channel> {
        self.index
            .get(id)
            .and_then(|i| self.channels.get(*i))
            .filter(|c| c.id == id)
    }

    /// Ids are one namespace, so one map serves people, audiences and
    /// channels; events have their own, by kind.
    fn build_indexes(&mut self) {
        let people = self
            .people
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.clone(), i));
        let audiences = self
            .audiences
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.clone(), i));
        let channels = self
            .channels
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.clone(), i));
        self.index = people.chain(audiences).chain(channels).collect();
        let mut memberships = vec![Vec::new(); self.people.len()];
        for (a, audience) in self.audiences.iter().enumerate() {
            for member in &audience.members {
                if let Some(list) = self
                    .person_position(member)
                    .and_then(|i| memberships.get_mut(i))
                    && list.last() != Some(&a)
                {
                    list.push(a);
                }
            }
        }
        self.external_people = memberships
            .iter()
            .map(|list| {
                let external = |a: &usize| self.audiences.get(*a).is_some_and(|a| a.external);
                list.iter().any(external) && !list.iter().any(|a| !external(a))
            })
            .collect();
        self.person_audiences = memberships;
    }

    fn build_event_indexes(&mut self) {
        self.audience_events = vec![Vec::new(); self.audiences.len()];
        self.person_events = vec![Vec::new(); self.people.len()];
        for (i, event) in self.events.iter().enumerate() {
            self.event_index.insert((event.kind, event.id.clone()), i);
            for audience in &event.audiences {
                if let Some(list) = self
                    .audience_position(audience)
                    .and_then(|a| self.audience_events.get_mut(a))
                {
                    list.push(i);
                }
            }
            for attendee in &event.attendees {
                if let Some(list) = self
                    .person_position(attendee)
                    .and_then(|p| self.person_events.get_mut(p))
                {
                    list.push(i);
                }
            }
        }
    }

    fn person_position(&self, id: &str) -> Option<usize> {
        self.index
            .get(id)
            .copied()
            .filter(|i| self.people.get(*i).is_some_and(|p| p.id == id))
    }

    fn audience_position(&self, id: &str) -> Option<usize> {
        self.index
            .get(id)
            .copied()
            .filter(|i| self.audiences.get(*i).is_some_and(|a| a.id == id))
    }

    /// The clock a channel's SLA runs on: the project's working days and
    /// hours, in the channel's zone.
    pub fn business_clock(&self, channel: &Channel) -> BusinessClock {
        self.clock_in(&channel.zone)
    }

    /// The project's working days and hours, read in `zone`.
    pub fn clock_in(&self, zone: &Zone) -> BusinessClock {
        BusinessClock {
            zone: zone.clone(),
            work_week: self.work_week.clone(),
            open: self.open,
            close: self.close,
        }
    }
}

/// Resolves a validated plan. `None` if the plan lacks a project (it has
/// errors then). Called once per plan, by [`crate::check_with`].
pub(crate) fn compile(plan: Plan) -> Option<Compiled> {
    let project = plan.project.as_ref()?;
    let zone = project.timezone.value.clone();
    let hours = project.working_hours.as_ref().map(|h| &h.value);
    let open = hours
        .and_then(|h| h.from.as_ref())
        .map_or(DEFAULT_OPEN, |t| t.value);
    let close = hours
        .and_then(|h| h.to.as_ref())
        .map_or(DEFAULT_CLOSE, |t| t.value);
    let work_week = project.work_week();
    let locale = project.locale;
    let messages = Messages::for_locale(locale);
    let start = project.start.value;
    let end = project.end.as_ref().map(|d| d.value);
    let mut compiled = Compiled {
        name: project.name.value.clone(),
        slug: slug(&project.name),
        zone: zone.clone(),
        start,
        end,
        horizon: horizon(start, end),
        work_week,
        open,
        close,
        task_columns: task_columns(&plan, &messages),
        calendar: calendar_style(&plan),
        other_messages: other_messages(&plan, locale),
        messages,
        people: Vec::new(),
        audiences: Vec::new(),
        channels: Vec::new(),
        events: Vec::new(),
        index: BTreeMap::new(),
        event_index: BTreeMap::new(),
        audience_events: Vec::new(),
        person_events: Vec::new(),
        external_people: Vec::new(),
        person_audiences: Vec::new(),
        plan,
    };
    compiled.people = compiled
        .plan
        .people
        .iter()
        .map(|(id, person)| {
            let own = person.working_hours.as_ref().map(|h| &h.value);
            Person {
                id: id.to_string(),
                name: person.name.value.clone(),
                email: person.email.as_ref().map(|e| e.value.clone()),
                zone: person
                    .timezone
                    .as_ref()
                    .map_or_else(|| zone.clone(), |z| z.value.clone()),
                work_week: person_week(own, &compiled.work_week),
                open: own.and_then(|h| h.from.as_ref()).map_or(open, |t| t.value),
                close: own.and_then(|h| h.to.as_ref()).map_or(close, |t| t.value),
                locale: person.locale.as_ref().map(|l| l.value),
            }
        })
        .collect();
    compiled.audiences = compiled
        .plan
        .audiences
        .iter()
        .map(|(id, audience)| Audience {
            id: id.to_string(),
            name: audience.name.value.clone(),
            external: audience.external,
            locale: audience.locale.as_ref().map_or(locale, |l| l.value),
            members: ids(&audience.members),
            color: audience
                .color
                .as_ref()
                .map(|c| c.to_string())
                .or_else(|| compiled.calendar.color.clone()),
        })
        .collect();
    compiled.channels = compiled
        .plan
        .channels
        .iter()
        .map(|(id, channel)| {
            let sla = channel.sla.as_ref().map(|s| &s.value);
            Channel {
                id: id.to_string(),
                name: channel
                    .name
                    .as_ref()
                    .map_or_else(|| id.to_string(), |n| n.value.clone()),
                kind: channel.kind.value,
                provider: channel.provider.as_ref().map(|p| p.value.clone()),
                url: channel.url.as_ref().map(|u| u.value.clone()),
                address: channel.address.as_ref().map(|a| a.value.clone()),
                hours: channel.hours.as_ref().map_or(Hours::default(), |h| h.value),
                zone: channel
                    .timezone
                    .as_ref()
                    .map_or_else(|| zone.clone(), |z| z.value.clone()),
                response: sla.and_then(|s| s.response.as_ref()).map(|d| d.value),
                resolution: sla.and_then(|s| s.resolution.as_ref()).map(|d| d.value),
                urgent_response: sla
                    .and_then(|s| s.urgent_response.as_ref())
                    .map(|d| d.value),
            }
        })
        .collect();
    compiled.build_indexes();
    compiled.events = events(&compiled.plan, &compiled);
    compiled.build_event_indexes();
    Some(compiled)
}

/// The catalogues of the languages audiences and people set beyond the
/// project's, each once.
fn other_messages(plan: &Plan, project: Locale) -> Vec<Messages> {
    let set = plan.audiences.iter().filter_map(|(_, a)| a.locale.as_ref());
    let own = plan.people.iter().filter_map(|(_, p)| p.locale.as_ref());
    let mut locales: Vec<Locale> = Vec::new();
    for locale in set.chain(own).map(|l| l.value) {
        if locale != project && !locales.contains(&locale) {
            locales.push(locale);
        }
    }
    locales.into_iter().map(Messages::for_locale).collect()
}

/// The task columns: `outputs.tasks.columns` (field -> header, in order), or
/// every field with its header in the plan's language.
fn task_columns(plan: &Plan, messages: &Messages) -> Vec<(String, String)> {
    let configured = plan
        .outputs
        .as_ref()
        .and_then(|o| o.tasks.as_ref())
        .map(|t| &t.columns);
    match configured {
        Some(columns) if !columns.is_empty() => columns
            .iter()
            .map(|(field, header)| (field.to_string(), header.value.clone()))
            .collect(),
        _ => crate::model::TASK_FIELDS
            .iter()
            .map(|field| ((*field).to_string(), messages.get(&format!("task_{field}"))))
            .collect(),
    }
}

fn calendar_style(plan: &Plan) -> CalendarStyle {
    let options = plan.outputs.as_ref().and_then(|o| o.calendars.as_ref());
    CalendarStyle {
        refresh_minutes: options
            .and_then(|o| o.refresh.as_ref())
            .map_or(crate::model::CalendarOutputs::DEFAULT_REFRESH, |r| r.value)
            .calendar_minutes()
            .unsigned_abs(),
        color: options
            .and_then(|o| o.color.as_ref())
            .map(|c| c.to_string()),
    }
}

/// An item's own reminders, else the plan's default (`outputs.calendars`);
/// `[]` is none.
fn reminders(own: Option<&Vec<Spanned<Duration>>>, plan: &Plan) -> Vec<u64> {
    let default = plan
        .outputs
        .as_ref()
        .and_then(|o| o.calendars.as_ref())
        .and_then(|c| c.reminders.as_ref());
    own.or(default)
        .into_iter()
        .flatten()
        .map(|r| r.value.calendar_minutes().unsigned_abs())
        .collect()
}

fn person_week(own: Option<&WorkingHours>, project: &WorkWeek) -> WorkWeek {
    WorkWeek {
        days: own.and_then(|h| h.days.as_ref()).map_or_else(
            || project.days.clone(),
            |days| days.iter().map(|d| d.value).collect(),
        ),
        holidays: project.holidays.clone(),
        extra_workdays: project.extra_workdays.clone(),
    }
}

fn events(plan: &Plan, compiled: &Compiled) -> Vec<Event> {
    let mut events = Vec::new();
    for (id, meeting) in plan.meetings.iter() {
        let owner = meeting.owner.as_ref().map(|o| o.to_string());
        let about = About {
            text: meeting.purpose.as_ref().map(|p| p.value.clone()),
            due_to: None,
            lists: labelled("event_agenda", &meeting.agenda),
        };
        let channel = meeting.channel.as_ref().map(|c| c.to_string());
        let url = meeting.link.as_ref().map(|l| l.value.clone()).or_else(|| {
            channel
                .as_deref()
                .and_then(|c| compiled.channel(c))
                .and_then(|c| c.url.clone())
        });
        let recurrence = recurrence(&meeting.schedule, &meeting.changes, compiled);
        events.push(Event {
            id: id.to_string(),
            kind: EventKind::Meeting,
            title: meeting.title.value.clone(),
            about,
            changes: event_changes(&meeting.changes, &recurrence),
            recurrence,
            single: false,
            attendees: attendees(
                compiled,
                owner.as_deref(),
                &meeting.audiences,
                &meeting.attendees,
            ),
            audiences: ids(&meeting.audiences),
            channel,
            url,
            organizer: owner,
            internal: meeting.visibility == Visibility::Internal,
            reminders: reminders(meeting.reminders.as_ref(), plan),
        });
    }
    for (id, review) in plan.reviews.iter() {
        let owner = review.owner.as_ref().map(|o| o.to_string());
        let about = About {
            lists: labelled("event_questions", &review.questions),
            ..About::default()
        };
        let channel = review.channel.as_ref().map(|c| c.to_string());
        let recurrence = recurrence(&review.schedule, &review.changes, compiled);
        events.push(Event {
            id: id.to_string(),
            kind: EventKind::Review,
            title: review.title.value.clone(),
            about,
            changes: event_changes(&review.changes, &recurrence),
            recurrence,
            single: false,
            attendees: attendees(
                compiled,
                owner.as_deref(),
                &review.audiences,
                &IdList::default(),
            ),
            audiences: ids(&review.audiences),
            url: channel
                .as_deref()
                .and_then(|c| compiled.channel(c))
                .and_then(|c| c.url.clone()),
            channel,
            organizer: owner,
            internal: review.visibility == Visibility::Internal,
            reminders: reminders(review.reminders.as_ref(), plan),
        });
    }
    for (id, report) in plan.reports.iter() {
        let sender = report.from.as_ref().map(|o| o.to_string());
        let recipients: Vec<String> = ids(&report.to);
        let sections = report
            .format
            .as_ref()
            .and_then(|f| plan.formats.get(f.as_str()))
            .map_or(&[][..], |format| &format.sections[..]);
        let about = About {
            text: None,
            due_to: Some(recipients.clone()),
            lists: labelled("event_sections", sections),
        };
        let audiences = recipients
            .iter()
            .filter(|r| compiled.audience(r).is_some())
            .cloned()
            .collect();
        let recurrence = recurrence(&report.schedule, &report.changes, compiled);
        events.push(Event {
            id: id.to_string(),
            kind: EventKind::Report,
            title: report.title.value.clone(),
            about,
            changes: event_changes(&report.changes, &recurrence),
            recurrence,
            single: false,
            attendees: sender.iter().cloned().collect(),
            audiences,
            channel: Some(report.channel.to_string()),
            url: None,
            organizer: sender,
            internal: report.visibility == Visibility::Internal,
            reminders: reminders(report.reminders.as_ref(), plan),
        });
    }
    for (id, training) in plan.trainings.iter() {
        let owner = training.owner.as_ref().map(|o| o.to_string());
        let audiences: Vec<String> = ids(&training.for_)
            .into_iter()
            .filter(|a| compiled.audience(a).is_some())
            .collect();
        let people = IdList(
            training
                .for_
                .iter()
                .filter(|r| compiled.person(r.as_str()).is_some())
                .cloned()
                .collect(),
        );
        let audience_list = IdList(
            training
                .for_
                .iter()
                .filter(|r| compiled.audience(r.as_str()).is_some())
                .cloned()
                .collect(),
        );
        let channel = training.channel.as_ref().map(|c| c.to_string());
        let planned = Recurrence {
            every: crate::model::Every::Day,
            on: None,
            at: training.at.value,
            duration_minutes: training.duration.value.calendar_minutes(),
            zone: training
                .timezone
                .as_ref()
                .map_or_else(|| compiled.zone.clone(), |z| z.value.clone()),
            from: training.date.value,
            until: Some(training.date.value),
            skip: Vec::new(),
            moves: Vec::new(),
        };
        events.push(Event {
            id: id.to_string(),
            kind: EventKind::Training,
            title: training.topic.value.clone(),
            about: About::default(),
            changes: event_changes(&training.changes, &planned),
            recurrence: held(planned, &training.changes),
            single: true,
            attendees: attendees(compiled, owner.as_deref(), &audience_list, &people),
            audiences,
            url: channel
                .as_deref()
                .and_then(|c| compiled.channel(c))
                .and_then(|c| c.url.clone()),
            channel,
            organizer: owner,
            internal: training.visibility == Visibility::Internal,
            reminders: reminders(training.reminders.as_ref(), plan),
        });
    }
    events
}

/// A schedule resolved against the project, with its item's changes:
/// cancellations become skips, moves the time engine's moves.
fn recurrence(schedule: &Schedule, changes: &Changes, compiled: &Compiled) -> Recurrence {
    let mut recurrence = schedule.recurrence(&compiled.zone, compiled.start, compiled.end);
    changes.apply(&mut recurrence);
    recurrence
}

/// The changes of an event, for the handbook and the notices.
fn event_changes(changes: &Changes, recurrence: &Recurrence) -> Vec<EventChange> {
    let mut listed: Vec<EventChange> = changes
        .0
        .iter()
        .map(|(planned, change)| EventChange {
            planned: planned.value,
            planned_at: recurrence.at,
            planned_minutes: recurrence.duration_minutes,
            kind: match change.to_move(planned.value, recurrence) {
                None => ChangeKind::Cancelled,
                Some(moved) if change.is_move() => ChangeKind::Moved(moved),
                Some(_) => ChangeKind::Noted,
            },
            note: change.note.as_ref().map(|n| n.value.clone()),
        })
        .collect();
    listed.sort_by_key(|c| c.planned);
    listed
}

/// A training's one session as it is held: moved, or cancelled (then it
/// has no occurrence), by a change keyed by its date.
fn held(mut session: Recurrence, changes: &Changes) -> Recurrence {
    let date = session.from;
    for (planned, change) in changes.0.iter().filter(|(d, _)| d.value == date) {
        if change.is_cancelled() {
            session.skip.push(planned.value);
        } else if let Some(moved) = change.to_move(planned.value, &session) {
            session.from = moved.date;
            session.until = Some(moved.date);
            session.at = moved.at;
            session.duration_minutes = moved.duration_minutes;
        }
    }
    session
}

/// The owner, the audiences' members and the extra attendees, without repeats.
fn attendees(
    compiled: &Compiled,
    owner: Option<&str>,
    audiences: &IdList,
    extra: &IdList,
) -> Vec<String> {
    let mut seen = BTreeSet::new();
    let members = audiences
        .iter()
        .filter_map(|a| compiled.audience(a.as_str()))
        .flat_map(|a| a.members.iter().map(String::as_str));
    owner
        .into_iter()
        .chain(members)
        .chain(extra.iter().map(|p| p.as_str()))
        .filter(|id| seen.insert(id.to_string()))
        .map(str::to_string)
        .collect()
}

fn ids(list: &IdList) -> Vec<String> {
    list.iter().map(|id| id.to_string()).collect()
}

/// A list under its label's catalogue key (`Agenda:`); none when empty.
fn labelled(label: &'static str, items: &[Spanned<String>]) -> Vec<(&'static str, Vec<String>)> {
    if items.is_empty() {
        return Vec::new();
    }
    vec![(label, items.iter().map(|i| i.value.clone()).collect())]
}

/// Lowercase ASCII letters and digits joined by `-`. A name in another script
/// gets a short hash of the name too, so that two such plans differ.
fn slug(name: &str) -> String {
    let ascii = name
        .to_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if name.chars().all(|c| c.is_ascii() || !c.is_alphanumeric()) && !ascii.is_empty() {
        return ascii;
    }
    // FNV-1a: stable across machines and releases, unlike std's hasher.
    let hash = name.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    let prefix = if ascii.is_empty() {
        "plan"
    } else {
        ascii.as_str()
    };
    format!("{prefix}-{:08x}", hash >> 32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_ascii_kebab() {
        assert_eq!(slug("Atlas CRM rollout"), "atlas-crm-rollout");
        assert!(slug("会员中台 2026").starts_with("2026-"));
        assert!(slug("会员中台").starts_with("plan-"));
        assert_ne!(slug("会员中台"), slug("会员平台"));
    }

    #[test]
    fn an_items_reminders_replace_the_default_and_an_empty_list_is_none() {
        let compiled = crate::test_plans::resolved(
            "version: 1\n\
             project: {name: P, owner: ann, timezone: UTC, start: 2026-01-05}\n\
             people: {ann: {name: Ann}}\n\
             audiences:\n  a: {name: A, members: [ann], color: teal}\n  b: {name: B, members: [ann], channels: [c]}\n\
             channels: {c: {kind: email, sla: {response: 1bd}}}\n\
             meetings:\n\
             \x20 plain: {title: P, audiences: [a], schedule: {every: week, on: [tue], at: '10:00', duration: 30m}}\n\
             \x20 own: {title: O, audiences: [a], schedule: {every: week, on: [wed], at: '10:00', duration: 30m}, reminders: [1d, 10m]}\n\
             \x20 none: {title: N, audiences: [a], schedule: {every: week, on: [thu], at: '10:00', duration: 30m}, reminders: []}\n\
             trainings: {t: {topic: T, for: [a], date: 2026-02-02, at: '10:00', duration: 1h}}\n\
             outputs: {calendars: {reminders: [15m], refresh: 1d, color: navy}}\n",
        );
        let reminders: Vec<(&str, &[u64])> = compiled
            .events
            .iter()
            .map(|e| (e.id.as_str(), e.reminders.as_slice()))
            .collect();
        assert_eq!(
            reminders,
            [
                ("plain", &[15][..]),
                ("own", &[1440, 10][..]),
                ("none", &[][..]),
                ("t", &[15][..]),
            ]
        );
        let colors: Vec<Option<&str>> = compiled
            .audiences
            .iter()
            .map(|a| a.color.as_deref())
            .collect();
        assert_eq!(colors, [Some("teal"), Some("navy")]);
        assert_eq!(
            compiled.calendar,
            CalendarStyle {
                refresh_minutes: 24 * 60,
                color: Some("navy".to_string())
            }
        );
        let unset = crate::test_plans::resolved(
            "version: 1\nproject: {name: P, owner: ann, timezone: UTC, start: 2026-01-05}\npeople: {ann: {name: Ann}}\n",
        );
        assert_eq!(unset.calendar.refresh_minutes, 12 * 60);
        assert_eq!(unset.calendar.color, None);
    }
}
