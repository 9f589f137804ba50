//! Compiled plan -> output files in memory. Writing them is `write`'s job.

pub mod handbook;
pub mod ics;
pub mod review;
pub mod tasks;
mod tidy;
pub mod versions;

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::compile::{Compiled, Reader};
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
    /// A whole file.
    fn put(&mut self, file: OutputFile) -> std::io::Result<()>;
    /// Starts a file too big to hold whole (`tasks.csv` of a portfolio is
    /// 80 MB): its bytes come in order through [`Sink::append`] until
    /// [`Sink::end`]. Other files, whole or in pieces, may come in between
    /// (the build's two halves share the sink).
    fn begin(&mut self, path: &str) -> std::io::Result<()>;
    fn append(&mut self, path: &str, bytes: &[u8]) -> std::io::Result<()>;
    fn end(&mut self, path: &str) -> std::io::Result<()>;
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

    /// Starts a file to be put in pieces.
    fn begin(&mut self, path: &str) -> Result<Piecewise<'_, 'a>, SiteError> {
        self.sink.begin(path).map_err(SiteError::Output)?;
        Ok(Piecewise {
            out: self,
            path: path.to_string(),
            text: String::with_capacity(PIECE_BYTES + PIECE_BYTES / 4),
            written: 0,
        })
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

/// How much of a file put in pieces is held before it goes to the sink.
const PIECE_BYTES: usize = 1024 * 1024;

/// A file put into the sink in pieces, for files too big to hold whole:
/// writers push onto `text` and call [`Piecewise::spill`] now and then.
pub(crate) struct Piecewise<'e, 'a> {
    out: &'e mut Emitter<'a>,
    path: String,
    pub(crate) text: String,
    /// Bytes already put.
    written: u64,
}

impl Piecewise<'_, '_> {
    /// Puts the text so far once it has grown to a piece.
    pub(crate) fn spill(&mut self) -> Result<(), SiteError> {
        if self.text.len() < PIECE_BYTES {
            return Ok(());
        }
        self.put_text()
    }

    fn put_text(&mut self) -> Result<(), SiteError> {
        let len = self.text.len() as u64;
        let total = self.written.saturating_add(len);
        if total > FILE_BYTES || len > self.out.bytes_left {
            return Err(over_size(&self.path));
        }
        self.out.bytes_left -= len;
        self.written = total;
        self.out
            .sink
            .append(&self.path, self.text.as_bytes())
            .map_err(SiteError::Output)?;
        self.text.clear();
        Ok(())
    }

    /// Puts the rest and ends the file.
    pub(crate) fn end(mut self) -> Result<(), SiteError> {
        self.put_text()?;
        self.out.files += 1;
        self.out.sink.end(&self.path).map_err(SiteError::Output)
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
/// person, as `sets` selects, and each audience view's `calendar.ics` (the
/// same bytes as the audience's file, rendered once for both). `stamp` is
/// the DTSTAMP of every event. Each is rendered when the iterator reaches
/// it: they are not held together.
pub fn calendars<'c>(
    compiled: &'c Compiled,
    sets: &[CalendarSet],
    stamps: ics::Stamps<'c>,
) -> impl Iterator<Item = OutputFile> + 'c {
    let wanted = |set| sets.contains(&set).then_some(());
    let all = wanted(CalendarSet::All).into_iter().map(move |()| {
        reader_calendar(
            compiled,
            Reader::Everyone,
            "calendars/plan.ics".to_string(),
            stamps,
        )
    });
    let in_set = wanted(CalendarSet::Audiences).is_some();
    let audiences = compiled.audiences.iter().flat_map(move |audience| {
        let view = reader_calendar(
            compiled,
            Reader::Audience(audience),
            format!("audiences/{}/calendar.ics", audience.id),
            stamps,
        );
        let file = in_set.then(|| OutputFile {
            path: format!("calendars/audiences/{}.ics", audience.id),
            bytes: view.bytes.clone(),
        });
        file.into_iter().chain([view])
    });
    let people = wanted(CalendarSet::People)
        .into_iter()
        .flat_map(|()| &compiled.people)
        .map(move |person| {
            reader_calendar(
                compiled,
                Reader::Person(person),
                format!("calendars/people/{}.ics", person.id),
                stamps,
            )
        });
    all.chain(audiences).chain(people)
}

/// What a build is asked for beyond the plan.
#[derive(Clone, Copy, Debug)]
pub struct SiteSettings<'a> {
    /// Which calendar files to write.
    pub sets: &'a [CalendarSet],
    pub overrides: &'a handbook::Overrides,
    /// The DTSTAMP of every event.
    pub stamp: Instant,
    /// Each event's SEQUENCE and LAST-MODIFIED (`plan.lock`, see
    /// [`ics::versions`]).
    pub versions: &'a versions::EventVersions,
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
        versions,
        changelog,
        budget,
    } = *settings;
    let stamps = ics::Stamps { stamp, versions };
    let mut whole = crate::ir::handbook(compiled, None);
    whole.changelog = changelog.to_vec();
    let whole = std::sync::Arc::new(whole);
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
        let result = handbook_pages(compiled, &whole, overrides, &mut out);
        shared.stop_on(&result);
        result.map(|()| out.files)
    };
    let (data, pages) = std::thread::scope(|scope| {
        let background = std::thread::Builder::new().spawn_scoped(scope, pages);
        let mut out = Emitter::new(&shared, 0, half);
        let data = data_files(compiled, &whole, sets, stamps, &mut out).map(|()| out.files);
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
        self.with_sink(|sink| sink.put(file))
    }

    fn begin(&self, path: &str) -> std::io::Result<()> {
        self.with_sink(|sink| sink.begin(path))
    }

    fn append(&self, path: &str, bytes: &[u8]) -> std::io::Result<()> {
        self.with_sink(|sink| sink.append(path, bytes))
    }

    fn end(&self, path: &str) -> std::io::Result<()> {
        self.with_sink(|sink| sink.end(path))
    }

    /// Runs `call` on the sink unless the build has stopped.
    fn with_sink(
        &self,
        call: impl FnOnce(&mut (dyn Sink + Send)) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        if self.stopped.load(Ordering::Relaxed) {
            return Ok(());
        }
        let mut sink = self
            .sink
            .lock()
            .map_err(|_| std::io::Error::other("the other half of the build stopped"))?;
        call(&mut **sink)
    }
}

/// Calendars (the audience views' too), `plan.json` and `tasks.csv`: the
/// files without templates.
fn data_files(
    compiled: &Compiled,
    whole: &crate::ir::Handbook,
    sets: &[CalendarSet],
    stamps: ics::Stamps<'_>,
    out: &mut Emitter<'_>,
) -> Result<(), SiteError> {
    for file in calendars(compiled, sets, stamps) {
        out.emit(file.path, file.bytes)?;
    }
    let mut json = out.begin("plan.json")?;
    plan_json(whole, compiled, &mut json)?;
    json.end()?;
    // A year of a portfolio is a million tasks: neither they nor their
    // file are ever held whole.
    let columns = &compiled.task_columns;
    let mut csv = out.begin("tasks.csv")?;
    tasks::push_header(&mut csv.text, columns);
    for task in crate::compile::tasks::all_tasks(compiled) {
        tasks::push_task(&mut csv.text, &task, columns);
        csv.spill()?;
    }
    csv.end()
}

/// The handbook, its item pages and each audience's view with its quick
/// reference card (its calendar is a data file), rendered with the build's
/// template budget.
fn handbook_pages(
    compiled: &Compiled,
    whole: &std::sync::Arc<crate::ir::Handbook>,
    overrides: &handbook::Overrides,
    out: &mut Emitter<'_>,
) -> Result<(), SiteError> {
    let mut env = handbook::environment(overrides);
    let none = handbook::ItemPages::new(whole);
    let item_pages = handbook::pages(&mut env, whole, "", &none, true, out)?;
    for audience in &compiled.audiences {
        let view = std::sync::Arc::new(crate::ir::handbook(compiled, Some(&audience.id)));
        let prefix = format!("audiences/{}/", audience.id);
        handbook::pages(&mut env, &view, &prefix, &item_pages, false, out)?;
        if let Some(card) = crate::ir::card(compiled, &audience.id) {
            handbook::card_pages(&mut env, &view, &card, &prefix, out)?;
        }
    }
    Ok(())
}

/// How many upcoming occurrences `plan.json` lists per event.
const NEXT_OCCURRENCES: usize = 10;

/// The resolved plan for other tools: the handbook's data (without the
/// message catalogue) and each event's first occurrences, as one JSON object
/// with its keys sorted (as `serde_json::Value` writes it). Written an item
/// at a time into `file`: only one item is ever a JSON tree in memory (a
/// whole section as one was 100 MB on a portfolio), and the file is put in
/// pieces (it is 45 MB on a portfolio).
fn plan_json(
    handbook: &crate::ir::Handbook,
    compiled: &Compiled,
    file: &mut Piecewise<'_, '_>,
) -> Result<(), SiteError> {
    let h = handbook;
    file.text.push('{');
    // In the order of their keys (the unit test below holds it).
    json_items(file, "audience_channels", h.audience_channels.iter())?;
    json_items(file, "barriers", h.barriers.iter())?;
    json_items(file, "changelog", h.changelog.iter())?;
    json_items(file, "channels", h.channels.iter())?;
    json_value(file, "clock", &h.clock);
    json_items(file, "contacts", h.contacts.iter())?;
    json_items(file, "escalations", h.escalations.iter())?;
    json_items(file, "goals", h.goals.iter())?;
    json_value(file, "lang", &h.lang);
    json_items(file, "matrix", h.matrix.iter())?;
    json_items(file, "meetings", h.meetings.iter())?;
    json_items(file, "norms", h.norms.iter())?;
    json_items(file, "occurrences", occurrences(compiled))?;
    json_items(file, "onboarding", h.onboarding.iter())?;
    json_value(file, "project", &h.project);
    json_items(file, "reports", h.reports.iter())?;
    json_items(file, "reviews", h.reviews.iter())?;
    json_items(file, "trainings", h.trainings.iter())?;
    json_value(file, "view", &h.view);
    json_items(file, "weeks", h.weeks.iter())?;
    file.text.push_str("\n}\n");
    Ok(())
}

/// A key of the top-level object, after the one before it.
fn json_key(file: &mut Piecewise<'_, '_>, name: &str) {
    let first = file.written == 0 && file.text == "{";
    if !first {
        file.text.push(',');
    }
    file.text.push_str("\n  \"");
    file.text.push_str(name);
    file.text.push_str("\": ");
}

/// `data` as a value of the top-level object: pretty, keys sorted.
fn json_value<T: serde::Serialize>(file: &mut Piecewise<'_, '_>, name: &str, data: &T) {
    json_key(file, name);
    push_indented(&mut file.text, &pretty_sorted(data), "  ", false);
}

/// A list as a value of the top-level object, one item at a time.
fn json_items<T: serde::Serialize>(
    file: &mut Piecewise<'_, '_>,
    name: &str,
    items: impl Iterator<Item = T>,
) -> Result<(), SiteError> {
    json_key(file, name);
    let mut empty = true;
    for item in items {
        file.text.push_str(if empty { "[\n" } else { ",\n" });
        empty = false;
        push_indented(&mut file.text, &pretty_sorted(&item), "    ", true);
        file.spill()?;
    }
    file.text.push_str(if empty { "[]" } else { "\n  ]" });
    Ok(())
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

/// A reader's calendar: what they see (`Compiled::events_for`), named and
/// described for them in their language (`Compiled::messages_for`), in
/// their audience's colour (else the plan's).
fn reader_calendar(
    compiled: &Compiled,
    reader: Reader<'_>,
    path: String,
    stamps: ics::Stamps<'_>,
) -> OutputFile {
    let messages = compiled.messages_for(reader);
    let plan = compiled.name.as_str();
    let (name, color) = match reader {
        Reader::Everyone => (None, compiled.calendar.color.as_deref()),
        Reader::Audience(audience) => (Some(audience.name.as_str()), audience.color.as_deref()),
        Reader::Person(person) => (
            Some(person.name.as_str()),
            compiled.calendar.color.as_deref(),
        ),
    };
    let (title, description) = match name {
        None => (
            plan.to_string(),
            messages.fill("calendar_about_plan", &[("plan", plan)]),
        ),
        Some(name) => (
            format!("{plan} — {name}"),
            messages.fill("calendar_about_reader", &[("plan", plan), ("reader", name)]),
        ),
    };
    let about = ics::About {
        title: &title,
        description: &description,
        color,
        messages,
    };
    let events = compiled.events_for(reader);
    OutputFile {
        path,
        bytes: ics::calendar(compiled, &about, &events, &stamps).into_bytes(),
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

    /// What a sink was given: each file's path and pieces.
    #[derive(Default)]
    struct Pieces {
        files: Vec<(String, Vec<Vec<u8>>)>,
    }

    impl Pieces {
        fn whole(&self, index: usize) -> Vec<u8> {
            self.files[index].1.concat()
        }
    }

    impl Sink for Pieces {
        fn put(&mut self, file: OutputFile) -> std::io::Result<()> {
            self.files.push((file.path, vec![file.bytes]));
            Ok(())
        }
        fn begin(&mut self, path: &str) -> std::io::Result<()> {
            self.files.push((path.to_string(), Vec::new()));
            Ok(())
        }
        fn append(&mut self, path: &str, bytes: &[u8]) -> std::io::Result<()> {
            let file = self.files.iter_mut().rfind(|(p, _)| p == path).unwrap();
            file.1.push(bytes.to_vec());
            Ok(())
        }
        fn end(&mut self, _: &str) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// What `write` puts into a sink, with `bytes` of the build's budget.
    fn written_within(
        bytes: u64,
        write: impl FnOnce(&mut Emitter<'_>) -> Result<(), SiteError>,
    ) -> Result<Pieces, SiteError> {
        let mut pieces = Pieces::default();
        {
            let shared = SharedSink {
                sink: Mutex::new(&mut pieces),
                stopped: AtomicBool::new(false),
            };
            write(&mut Emitter::new(&shared, 0, bytes))?;
        }
        Ok(pieces)
    }

    fn written(
        write: impl FnOnce(&mut Emitter<'_>) -> Result<(), SiteError>,
    ) -> Result<Pieces, SiteError> {
        written_within(BUILD_BYTES, write)
    }

    #[test]
    fn a_file_in_pieces_is_put_a_piece_at_a_time() {
        let line = "x".repeat(999) + "\n";
        let lines = 3 * PIECE_BYTES / line.len() + 7;
        let pieces = written(|out| {
            let mut file = out.begin("big.txt")?;
            for _ in 0..lines {
                file.text.push_str(&line);
                file.spill()?;
            }
            file.end()
        })
        .unwrap();
        let (path, parts) = &pieces.files[0];
        assert_eq!(path, "big.txt");
        // Three full pieces and the rest: never more than a piece and a line held.
        assert_eq!(parts.len(), 4);
        assert!(parts.iter().all(|p| p.len() < PIECE_BYTES + line.len()));
        assert_eq!(pieces.whole(0), line.repeat(lines).into_bytes());
    }

    #[test]
    fn a_file_in_pieces_keeps_to_the_build_budget() {
        let result = written_within(10, |out| {
            let mut file = out.begin("tasks.csv")?;
            file.text.push_str("more than ten bytes");
            file.end()
        });
        assert!(matches!(result, Err(SiteError::Budget(m)) if m.contains("`tasks.csv`")));
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
            let pieces = written(|out| {
                let mut file = out.begin("plan.json")?;
                plan_json(&handbook, &compiled, &mut file)?;
                file.end()
            })
            .unwrap();
            assert_eq!(pieces.files.len(), 1);
            assert_eq!(String::from_utf8(pieces.whole(0)).unwrap(), expected);
        }
    }
}
