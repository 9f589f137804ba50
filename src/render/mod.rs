//! Compiled plan -> output files in memory. Writing them is `write`'s job.

pub mod handbook;
pub mod ics;
pub mod tasks;

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::compile::{Compiled, Event, Reader};
use crate::model::CalendarSet;
use crate::time::Instant;

/// One output file: a path relative to the output folder (with `/`) and its bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Where rendered files go, one at a time as they are rendered: the output
/// folder, a comparison with it (`build --check`), or memory. Nothing holds
/// the whole site in memory.
pub trait Sink {
    fn put(&mut self, file: OutputFile) -> std::io::Result<()>;
}

/// Why a build stopped.
#[derive(Debug)]
pub enum SiteError {
    /// A template failed: its name, line and what went wrong.
    Template(String),
    /// The build asked for more work or output than a build may do.
    Budget(String),
    /// The sink could not take a file (the disk).
    Output(std::io::Error),
}

impl std::fmt::Display for SiteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Template(message) | Self::Budget(message) => f.write_str(message),
            Self::Output(error) => write!(f, "{error}"),
        }
    }
}

/// What the templates of one build may spend: minijinja fuel (about one unit
/// per instruction and per byte written). It grows with the plan, because
/// the handbook does: the built-in templates spend about 5 units per byte of
/// plan (2 million for a 400 KB plan of 1,000 meetings). A runaway template
/// on a small plan is stopped within a second or two.
#[derive(Clone, Copy, Debug)]
pub struct Budget {
    pub fuel: u64,
}

impl Budget {
    pub fn for_plan(plan_bytes: usize) -> Self {
        Self {
            fuel: 20_000_000 + 50 * plan_bytes as u64,
        }
    }
}

/// The most bytes one build writes.
pub const BUILD_BYTES: u64 = 4 * 1024 * 1024 * 1024;
/// The most bytes one file may have.
pub const FILE_BYTES: u64 = 256 * 1024 * 1024;

/// The sink with what is left of the build's budget.
pub(crate) struct Emitter<'a> {
    sink: &'a SharedSink<'a>,
    pub(crate) fuel_left: u64,
    bytes_left: u64,
    files: usize,
}

impl<'a> Emitter<'a> {
    fn new(sink: &'a SharedSink<'a>, fuel: u64, bytes: u64) -> Self {
        Emitter {
            sink,
            fuel_left: fuel,
            bytes_left: bytes,
            files: 0,
        }
    }

    /// How many bytes the next file may still have.
    pub(crate) fn file_limit(&self) -> u64 {
        self.bytes_left.min(FILE_BYTES)
    }

    fn emit(&mut self, path: String, bytes: Vec<u8>) -> Result<(), SiteError> {
        let len = bytes.len() as u64;
        if len > self.file_limit() {
            return Err(over_size(&path));
        }
        self.bytes_left -= len;
        self.files += 1;
        self.sink
            .put(OutputFile { path, bytes })
            .map_err(SiteError::Output)
    }
}

pub(crate) fn over_size(path: &str) -> SiteError {
    SiteError::Budget(format!(
        "`{path}` would pass the size limit of a build ({} MiB a file, {} MiB in all: half for the handbook's pages, half for the calendars and data files)\nhelp: a template that writes this much is looping over more than it should",
        FILE_BYTES / (1024 * 1024),
        BUILD_BYTES / (1024 * 1024)
    ))
}

/// The calendar files: one for the whole plan, one per audience, one per
/// person, as `sets` selects. `stamp` is the DTSTAMP of every event.
pub fn calendars(compiled: &Compiled, sets: &[CalendarSet], stamp: Instant) -> Vec<OutputFile> {
    let mut files = Vec::new();
    let everything: Vec<&Event> = compiled.events.iter().collect();
    if sets.contains(&CalendarSet::All) {
        files.push(OutputFile {
            path: "calendars/plan.ics".to_string(),
            bytes: ics::calendar(compiled, &compiled.name, &everything, stamp).into_bytes(),
        });
    }
    if sets.contains(&CalendarSet::Audiences) {
        for audience in &compiled.audiences {
            files.push(audience_calendar(
                compiled,
                audience,
                format!("calendars/audiences/{}.ics", audience.id),
                stamp,
            ));
        }
    }
    if sets.contains(&CalendarSet::People) {
        for person in &compiled.people {
            let events = compiled.events_for(Reader::Person(person));
            let title = format!("{} — {}", compiled.name, person.name);
            files.push(OutputFile {
                path: format!("calendars/people/{}.ics", person.id),
                bytes: ics::calendar(compiled, &title, &events, stamp).into_bytes(),
            });
        }
    }
    files
}

/// What a build is asked for beyond the plan.
#[derive(Clone, Copy, Debug)]
pub struct SiteSettings<'a> {
    /// Which calendar files to write.
    pub sets: &'a [CalendarSet],
    pub overrides: &'a handbook::Overrides,
    /// The DTSTAMP of every event.
    pub stamp: Instant,
    /// The handbook's changelog (`--previous`).
    pub changelog: &'a [String],
    pub budget: Budget,
}

/// Everything `plan build` writes: calendars, the handbook in both forms,
/// checklists, each audience's view, `plan.json` and `tasks.csv`, put into
/// `sink` as each is rendered. Returns how many files were put.
pub fn site(
    compiled: &Compiled,
    settings: &SiteSettings<'_>,
    sink: &mut (dyn Sink + Send),
) -> Result<usize, SiteError> {
    let SiteSettings {
        sets,
        overrides,
        stamp,
        changelog,
        budget,
    } = *settings;
    let mut whole = crate::ir::handbook(compiled, None);
    whole.changelog = changelog.to_vec();
    // The handbook's pages (templates) and the data files (calendars,
    // plan.json, tasks.csv) do not depend on each other: the pages render on
    // a second thread while this one writes the data files, both into the
    // one sink. Each half has its own share of the build's bytes, both run to
    // their end, and `first_error` picks by kind, not by time: what is
    // written and what is reported do not depend on which thread runs first.
    let shared = SharedSink {
        sink: Mutex::new(sink),
        stopped: AtomicBool::new(false),
    };
    let half = BUILD_BYTES / 2;
    let pages = || {
        let mut out = Emitter::new(&shared, budget.fuel, half);
        let result = handbook_pages(compiled, &whole, overrides, stamp, &mut out);
        shared.stop_on(&result);
        result.map(|()| out.files)
    };
    let (data, pages) = std::thread::scope(|scope| {
        let background = std::thread::Builder::new().spawn_scoped(scope, pages);
        let mut out = Emitter::new(&shared, 0, half);
        let data = data_files(compiled, &whole, sets, stamp, &mut out).map(|()| out.files);
        shared.stop_on(&data);
        let pages = match background {
            Ok(thread) => thread.join().unwrap_or_else(|_| {
                Err(SiteError::Template(
                    "the handbook's renderer stopped".to_string(),
                ))
            }),
            // No second thread to be had: render here.
            Err(_) => pages(),
        };
        (data, pages)
    });
    match (data, pages) {
        (Ok(data), Ok(pages)) => Ok(data + pages),
        (data, pages) => Err(first_error(data.err(), pages.err())),
    }
}

/// The error a failed build reports, the same whichever half failed first:
/// what the plan or its templates caused (it does not depend on timing)
/// before what the disk did.
fn first_error(data: Option<SiteError>, pages: Option<SiteError>) -> SiteError {
    let from_plan = |e: &SiteError| !matches!(e, SiteError::Output(_));
    match (data, pages) {
        (_, Some(pages)) if from_plan(&pages) => pages,
        (Some(data), _) => data,
        (None, Some(pages)) => pages,
        (None, None) => SiteError::Output(std::io::Error::other("the build stopped")),
    }
}

/// The sink both halves of a build put their files into, one at a time.
/// Once one half has failed, the files of the other are dropped (it still
/// runs to its end, so that its own errors are found whatever the timing).
struct SharedSink<'s> {
    sink: Mutex<&'s mut (dyn Sink + Send)>,
    stopped: AtomicBool,
}

impl SharedSink<'_> {
    fn stop_on<T>(&self, result: &Result<T, SiteError>) {
        if result.is_err() {
            self.stopped.store(true, Ordering::Relaxed);
        }
    }

    fn put(&self, file: OutputFile) -> std::io::Result<()> {
        if self.stopped.load(Ordering::Relaxed) {
            return Ok(());
        }
        let mut sink = self
            .sink
            .lock()
            .map_err(|_| std::io::Error::other("the other half of the build stopped"))?;
        sink.put(file)
    }
}

/// Calendars, `plan.json` and `tasks.csv`: the files without templates.
fn data_files(
    compiled: &Compiled,
    whole: &crate::ir::Handbook,
    sets: &[CalendarSet],
    stamp: Instant,
    out: &mut Emitter<'_>,
) -> Result<(), SiteError> {
    for file in calendars(compiled, sets, stamp) {
        out.emit(file.path, file.bytes)?;
    }
    out.emit("plan.json".to_string(), plan_json(whole, compiled))?;
    let all_tasks = crate::compile::tasks::tasks(compiled, compiled.horizon);
    out.emit(
        "tasks.csv".to_string(),
        tasks::csv(&all_tasks, &compiled.task_columns),
    )
}

/// The handbook, its item pages and each audience's view with its
/// calendar, rendered with the build's template budget.
fn handbook_pages(
    compiled: &Compiled,
    whole: &crate::ir::Handbook,
    overrides: &handbook::Overrides,
    stamp: Instant,
    out: &mut Emitter<'_>,
) -> Result<(), SiteError> {
    let mut env = handbook::environment(overrides);
    let none = handbook::ItemPages::new(whole);
    let item_pages = handbook::pages(&mut env, whole, "", &none, true, out)?;
    for audience in &compiled.audiences {
        let view = crate::ir::handbook(compiled, Some(&audience.id));
        let prefix = format!("audiences/{}/", audience.id);
        handbook::pages(&mut env, &view, &prefix, &item_pages, false, out)?;
        let calendar =
            audience_calendar(compiled, audience, format!("{prefix}calendar.ics"), stamp);
        out.emit(calendar.path, calendar.bytes)?;
    }
    Ok(())
}

/// How many upcoming occurrences `plan.json` lists per event.
const NEXT_OCCURRENCES: usize = 10;

/// The resolved plan for other tools: the handbook's data (without the
/// message catalogue) and each event's first occurrences, as one JSON object
/// with its keys sorted (as `serde_json::Value` writes it). Written an item
/// at a time: only one item is ever a JSON tree in memory (a whole section
/// as one was 100 MB on a portfolio).
fn plan_json(handbook: &crate::ir::Handbook, compiled: &Compiled) -> Vec<u8> {
    let h = handbook;
    // In the order of their keys (the unit test below holds it).
    let mut text = String::from("{\n");
    let mut first = true;
    let mut key = |out: &mut String, name: &str| {
        if !std::mem::take(&mut first) {
            out.push_str(",\n");
        }
        out.push_str(&format!("  \"{name}\": "));
    };
    key(&mut text, "barriers");
    json_items(&mut text, h.barriers.iter());
    key(&mut text, "changelog");
    json_items(&mut text, h.changelog.iter());
    key(&mut text, "channels");
    json_items(&mut text, h.channels.iter());
    key(&mut text, "contacts");
    json_items(&mut text, h.contacts.iter());
    key(&mut text, "escalations");
    json_items(&mut text, h.escalations.iter());
    key(&mut text, "goals");
    json_items(&mut text, h.goals.iter());
    key(&mut text, "lang");
    json_value(&mut text, &h.lang);
    key(&mut text, "matrix");
    json_items(&mut text, h.matrix.iter());
    key(&mut text, "meetings");
    json_items(&mut text, h.meetings.iter());
    key(&mut text, "norms");
    json_items(&mut text, h.norms.iter());
    key(&mut text, "occurrences");
    json_items(&mut text, occurrences(compiled));
    key(&mut text, "onboarding");
    json_items(&mut text, h.onboarding.iter());
    key(&mut text, "project");
    json_value(&mut text, &h.project);
    key(&mut text, "reports");
    json_items(&mut text, h.reports.iter());
    key(&mut text, "reviews");
    json_items(&mut text, h.reviews.iter());
    key(&mut text, "trainings");
    json_items(&mut text, h.trainings.iter());
    key(&mut text, "view");
    json_value(&mut text, &h.view);
    key(&mut text, "weeks");
    json_items(&mut text, h.weeks.iter());
    text.push_str("\n}\n");
    text.into_bytes()
}

/// `data` as a value of the top-level object: pretty, keys sorted.
fn json_value<T: serde::Serialize>(out: &mut String, data: &T) {
    push_indented(out, &pretty_sorted(data), "  ", false);
}

/// A list as a value of the top-level object, one item at a time.
fn json_items<T: serde::Serialize>(out: &mut String, items: impl Iterator<Item = T>) {
    let mut empty = true;
    for item in items {
        out.push_str(if empty { "[\n" } else { ",\n" });
        empty = false;
        push_indented(out, &pretty_sorted(&item), "    ", true);
    }
    out.push_str(if empty { "[]" } else { "\n  ]" });
}

/// Pretty JSON with every object's keys sorted, as `serde_json::Value` has them.
fn pretty_sorted<T: serde::Serialize>(data: &T) -> String {
    let value = serde_json::to_value(data).unwrap_or_default();
    serde_json::to_string_pretty(&value).unwrap_or_default()
}

/// `text` one level deeper: `indent` before each line but the first (and
/// before the first too with `first`). JSON strings hold no raw line breaks.
fn push_indented(out: &mut String, text: &str, indent: &str, first: bool) {
    for (index, line) in text.split('\n').enumerate() {
        if index > 0 {
            out.push('\n');
        }
        if index > 0 || first {
            out.push_str(indent);
        }
        out.push_str(line);
    }
}

/// Each event's first occurrences, for `plan.json`.
fn occurrences(compiled: &Compiled) -> impl Iterator<Item = serde_json::Value> + '_ {
    compiled.events.iter().map(|event| {
        let recurrence = &event.recurrence;
        let through = recurrence
            .until
            .unwrap_or_else(|| recurrence.from.add_days(366).unwrap_or(recurrence.from));
        let next: Vec<serde_json::Value> = event
            .expand(&compiled.work_week, through)
            .occurrences
            .iter()
            .take(NEXT_OCCURRENCES)
            .map(|o| {
                serde_json::json!({
                    "start": o.start.to_rfc3339(&recurrence.zone),
                    "end": o.end.to_rfc3339(&recurrence.zone),
                })
            })
            .collect();
        serde_json::json!({ "id": event.id, "kind": event.kind.as_str(), "title": event.title, "next": next })
    })
}

/// An audience's calendar: what addresses it, without internal items when it is external.
fn audience_calendar(
    compiled: &Compiled,
    audience: &crate::compile::Audience,
    path: String,
    stamp: Instant,
) -> OutputFile {
    let events = compiled.events_for(Reader::Audience(audience));
    let title = format!("{} — {}", compiled.name, audience.name);
    OutputFile {
        path,
        bytes: ics::calendar(compiled, &title, &events, stamp).into_bytes(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `plan.json` written a section at a time is the handbook as one JSON
    /// tree (keys sorted, without `t`) plus the occurrences: every section
    /// of the handbook is there, in the same bytes.
    #[test]
    fn a_failed_build_reports_the_same_error_whatever_the_timing() {
        let template = || SiteError::Template("template `x` line 1".to_string());
        let disk = || SiteError::Output(std::io::Error::other("no space"));
        let pick = |data, pages| match first_error(data, pages) {
            SiteError::Template(_) => "template",
            SiteError::Budget(_) => "budget",
            SiteError::Output(_) => "disk",
        };
        // What the plan causes comes before what the disk does.
        assert_eq!(pick(Some(disk()), Some(template())), "template");
        assert_eq!(pick(None, Some(template())), "template");
        assert_eq!(pick(Some(over_size("tasks.csv")), Some(disk())), "budget");
        assert_eq!(pick(Some(disk()), None), "disk");
        assert_eq!(pick(None, Some(disk())), "disk");
    }

    #[test]
    fn plan_json_by_sections_is_the_whole_tree() {
        for yaml in [
            include_str!("../../examples/atlas-crm/plan.yaml"),
            include_str!("../../examples/zh-cn/plan.yaml"),
        ] {
            let compiled = crate::test_plans::resolved(yaml);
            let mut handbook = crate::ir::handbook(&compiled, None);
            handbook.changelog = vec!["A change".to_string()];
            handbook.norms.clear(); // an empty list too
            let mut whole = serde_json::to_value(&handbook).unwrap();
            let object = whole.as_object_mut().unwrap();
            object.remove("t");
            let occurrences = serde_json::Value::Array(occurrences(&compiled).collect());
            object.insert("occurrences".to_string(), occurrences);
            let mut expected = serde_json::to_string_pretty(&whole).unwrap();
            expected.push('\n');
            let written = String::from_utf8(plan_json(&handbook, &compiled)).unwrap();
            assert_eq!(written, expected);
        }
    }
}
