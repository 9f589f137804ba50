//! `plan measure`: reply times from the sources, against the plan's promises.

use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::{Error, Failure, date_argument, json, print, resolved_plan};
use crate::compile::Compiled;
use crate::measure::findings::hours;
use crate::measure::report::{ChannelReport, ReviewOptions};
use crate::measure::source::SourceKind;
use crate::measure::{
    AudienceMeasures, ChannelMeasures, Held, Measures, Period, ReplyClock, SeriesMeasures, Skip,
    Tally,
};
use crate::render::handbook::Overrides;
use crate::render::{Budget, OutputFile, Sink, SiteError};
use crate::report::Style;
use crate::suggest::Unknown;
use crate::time::{Instant, Zone};
use crate::write::{Output, OutputKind};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
    /// The review report as Markdown.
    Markdown,
    /// The review report as one self-contained HTML page.
    Html,
}

pub(super) struct Options<'a> {
    pub sources: &'a [PathBuf],
    /// `--channel`: `SOURCE=ID` or `ID`.
    pub channels: &'a [String],
    pub show_subjects: bool,
    pub from: Option<&'a str>,
    pub to: Option<&'a str>,
    pub format: Format,
    pub fail_under: Option<f64>,
    /// `-o DIR`: the review's files are written there.
    pub output: Option<&'a Path>,
    pub templates: Option<&'a Path>,
    pub force: bool,
}

pub(super) fn run(plan: &Path, options: &Options<'_>, style: Style) -> Result<(), Failure> {
    // Refuse what cannot be read before the plan is even loaded.
    let mut sources = Vec::with_capacity(options.sources.len());
    for path in options.sources {
        let kind = SourceKind::of(path).map_err(|error| Error::ReadSource {
            path: path.clone(),
            error,
        })?;
        let kind = kind.ok_or_else(|| Error::UnsupportedSource(path.clone()))?;
        sources.push((path, kind));
    }
    let compiled = resolved_plan(plan, style)?;
    let channels = ChannelArguments::parse(options.channels, options.sources, &compiled)?;
    let zone = &compiled.zone;
    let from = options
        .from
        .map(|text| date_argument("--from", text))
        .transpose()?;
    let to = options
        .to
        .map(|text| date_argument("--to", text))
        .transpose()?;
    if let (Some(first), Some(last)) = (from, to)
        && first > last
    {
        return Err(Error::PeriodBackwards {
            from: first.to_string(),
            to: last.to_string(),
        }
        .into());
    }
    let period = Period::days(from, to, zone).ok_or(Error::PeriodOutOfRange)?;
    let mut tally = Tally::new(&compiled, period);
    // All mailboxes are threaded together: a reply in Sent answers Inbox.
    let mut mail = crate::measure::mbox::Mailboxes::new(&compiled, options.show_subjects);
    for (path, kind) in sources {
        let shown = path.display().to_string();
        let explicit = channels.for_source(path);
        match kind {
            SourceKind::Csv => {
                let rows = crate::measure::csv::requests(open(path)?, &shown, zone)
                    .map_err(Error::Source)?;
                for item in rows {
                    tally.add(item.map_err(Error::Source)?);
                }
            }
            SourceKind::Mbox => {
                let file_path = crate::measure::source::mbox_file(path);
                let shown = file_path.display().to_string();
                mail.read(open(&file_path)?, &shown, explicit)
                    .map_err(|error| Error::ReadSource {
                        path: file_path.clone(),
                        error,
                    })?;
            }
            SourceKind::Calendar => {
                let file = open(path)?;
                tally.compare_calendar();
                for item in crate::measure::calendar::events(file, &shown, zone) {
                    tally.add_calendar(item.map_err(Error::Source)?);
                }
            }
            SourceKind::SlackExport => {
                let mut add = |item| tally.add(item);
                let folder = crate::input::InputFolder::new(path);
                crate::measure::slack::read(&folder, &shown, &compiled, explicit, &mut add)
                    .map_err(Error::Source)?;
            }
        }
    }
    mail.into_items().for_each(|item| tally.add(item));
    let measures = tally.finish();
    let report = Report::of(&measures, zone, options.show_subjects);
    match (options.output, options.format) {
        (Some(dir), _) => write_review(plan, options, &compiled, &measures, period, &report, dir)?,
        (None, Format::Json) => print(&json(&report)?)?,
        // Ids, addresses and reasons come from files: no control character
        // reaches the terminal.
        (None, Format::Human) => print(&crate::terminal::escape_controls(&human(
            &measures,
            &compiled,
            options.show_subjects,
        )))?,
        (None, Format::Markdown | Format::Html) => {
            let mut files = crate::write::Files::default();
            review_files(options, &compiled, &measures, period, &mut files)?;
            let wanted = if options.format == Format::Html {
                "review.html"
            } else {
                "review.md"
            };
            if let Some(file) = files.files.iter().find(|file| file.path == wanted) {
                print(&String::from_utf8_lossy(&file.bytes))?;
            }
        }
    }
    let Some(floor) = options.fail_under else {
        return Ok(());
    };
    let below: Vec<String> = measures
        .channels
        .iter()
        .filter(|channel| channel.below(floor))
        .map(|channel| {
            format!(
                "`{}` {} %",
                channel.channel,
                channel.attainment_percent.unwrap_or_default()
            )
        })
        .collect();
    if below.is_empty() {
        return Ok(());
    }
    eprintln!(
        "{}",
        crate::terminal::escape_controls(&format!(
            "attainment below --fail-under {floor} %: {}",
            below.join(", ")
        ))
    );
    Err(Failure::Problems)
}

/// `-o DIR`: the review in both forms and `measure.json`, into a folder
/// replaced as `plan build` replaces its output (never one it did not write
/// without `--force`, never one that holds an input).
fn write_review(
    plan: &Path,
    options: &Options<'_>,
    compiled: &Compiled,
    measures: &Measures,
    period: Period,
    report: &Report<'_>,
    dir: &Path,
) -> Result<(), Failure> {
    let mut protected = super::build::protected_paths(plan, options.templates, None)?;
    for source in options.sources {
        let shown = format!("the source `{}`", source.display());
        protected
            .paths
            .push((super::build::resolved(source)?, shown));
    }
    let target = super::build::resolved(dir)?;
    let shown = dir.display().to_string();
    let open_error = |error| Error::OpenOutput {
        error,
        target: target.clone(),
        shown: shown.clone(),
    };
    let mut output = Output::open_for(&target, options.force, &protected, OutputKind::Review)
        .map_err(open_error)?;
    let json = json(report)?;
    output
        .put(OutputFile {
            path: "measure.json".to_string(),
            bytes: json.into_bytes(),
        })
        .map_err(|error| Error::WriteOutput {
            shown: shown.clone(),
            error,
        })?;
    review_files(options, compiled, measures, period, &mut output)?;
    let finished = output.finish().map_err(Error::Write)?;
    print(&format!("wrote {} files to {shown}\n", finished.files))?;
    Ok(())
}

/// `review.md` and `review.html` into `sink`. A template that fails is the
/// user's override's fault (exit 1, as `plan build`), a sink's the disk's.
fn review_files(
    options: &Options<'_>,
    compiled: &Compiled,
    measures: &Measures,
    period: Period,
    sink: &mut (dyn Sink + Send),
) -> Result<(), Failure> {
    let overrides = match options.templates {
        Some(dir) => Overrides(crate::input::read_template_dir(dir).map_err(Error::Read)?),
        None => Overrides::default(),
    };
    let review = crate::measure::report::review(
        compiled,
        measures,
        period,
        ReviewOptions {
            show_subjects: options.show_subjects,
            target: options.fail_under,
        },
    );
    let cases: usize = measures.channels.iter().map(|c| c.cases.len()).sum();
    let budget = Budget::for_plan(cases.saturating_mul(100));
    match crate::render::review::pages(&review, &overrides, budget, sink) {
        Ok(()) => Ok(()),
        Err(SiteError::Output(error)) => Err(Error::WriteOutput {
            shown: options
                .output
                .map_or_else(|| "stdout".to_string(), |dir| dir.display().to_string()),
            error,
        }
        .into()),
        Err(error) => {
            eprintln!(
                "error: {}",
                crate::terminal::escape_controls(&error.to_string())
            );
            Err(Failure::Problems)
        }
    }
}

/// A source file, buffered; a file that cannot be opened is exit 2.
fn open(path: &Path) -> Result<BufReader<File>, Error> {
    File::open(path)
        .map(BufReader::new)
        .map_err(|error| Error::ReadSource {
            path: path.to_path_buf(),
            error,
        })
}

/// `--channel SOURCE=ID` and `--channel ID`, checked against the plan and
/// the sources.
struct ChannelArguments {
    /// For every source.
    all: Option<String>,
    /// (the source as resolved, channel id).
    by_source: Vec<(PathBuf, String)>,
}

impl ChannelArguments {
    fn parse(
        arguments: &[String],
        sources: &[PathBuf],
        compiled: &Compiled,
    ) -> Result<ChannelArguments, Error> {
        let mut parsed = ChannelArguments {
            all: None,
            by_source: Vec::new(),
        };
        let resolved: Vec<PathBuf> = sources
            .iter()
            .map(|source| super::build::resolved(source))
            .collect::<Result<_, _>>()?;
        for argument in arguments {
            // A path may hold `=`; a channel id never does.
            let (source, id) = match argument.rsplit_once('=') {
                Some((source, id)) => (Some(source), id),
                None => (None, argument.as_str()),
            };
            if compiled.channel(id).is_none() {
                let ids = compiled.channels.iter().map(|c| c.id.as_str());
                return Err(Error::UnknownChannel(Unknown::among(id, ids)));
            }
            let Some(source) = source else {
                parsed.all = Some(id.to_string());
                continue;
            };
            // The same file however it is written (`./mail/Inbox`, an absolute path).
            let path = super::build::resolved(Path::new(source))?;
            if !resolved.contains(&path) {
                let shown: Vec<String> = sources.iter().map(|s| s.display().to_string()).collect();
                // `Inbox` for `mail/Inbox`: the source with that file name, else the closest.
                let same_name = sources
                    .iter()
                    .filter(|s| s.file_name() == Path::new(source).file_name())
                    .map(|s| s.display().to_string());
                let closest = same_name
                    .min()
                    .or_else(|| Unknown::among(source, shown.iter().map(String::as_str)).closest);
                return Err(Error::ChannelForNoSource {
                    source: source.to_string(),
                    closest,
                });
            }
            if let Some((_, first)) = parsed.by_source.iter().find(|(p, _)| *p == path)
                && first != id
            {
                return Err(Error::ChannelTwice {
                    source: source.to_string(),
                    first: first.clone(),
                    second: id.to_string(),
                });
            }
            parsed.by_source.push((path, id.to_string()));
        }
        Ok(parsed)
    }

    /// The channel `--channel` names for `source`, if any.
    fn for_source(&self, source: &Path) -> Option<String> {
        let source = crate::write::resolve(source).ok();
        self.by_source
            .iter()
            .rev()
            .find(|(path, _)| Some(path) == source.as_ref())
            .map(|(_, id)| id.clone())
            .or_else(|| self.all.clone())
    }
}

/// `--format json` and `measure.json`: every figure, times in RFC 3339 in
/// the plan's zone.
#[derive(Serialize)]
struct Report<'m> {
    zone: &'m str,
    as_of: Option<String>,
    channels: Vec<ChannelReport<'m>>,
    outside_period: usize,
    skipped: usize,
    skips: &'m [Skip],
    audiences: Vec<AudienceReport<'m>>,
    /// `null` without a calendar source.
    series: Option<Vec<SeriesReport<'m>>>,
}

/// One external audience's touchpoints, times in the plan's zone.
#[derive(Serialize)]
struct AudienceReport<'m> {
    audience: &'m str,
    name: &'m str,
    planned_per_week: f64,
    touchpoints: usize,
    /// `(Monday, touchpoints)` per week.
    weeks: Vec<WeekReport>,
    longest_silence: Option<SilenceReport>,
}

#[derive(Serialize)]
struct WeekReport {
    monday: String,
    touchpoints: usize,
}

#[derive(Serialize)]
struct SilenceReport {
    from: String,
    to: String,
    minutes: i64,
}

/// One series against the calendar, times in the plan's zone.
#[derive(Serialize)]
struct SeriesReport<'m> {
    kind: &'m str,
    id: &'m str,
    name: &'m str,
    planned: usize,
    held: usize,
    moved: usize,
    missed: usize,
    occurrences: Vec<OccurrenceReport>,
}

#[derive(Serialize)]
struct OccurrenceReport {
    planned: String,
    /// `held`, `moved` or `missed`.
    outcome: &'static str,
    /// Where a moved occurrence was held.
    held_at: Option<String>,
}

impl<'m> AudienceReport<'m> {
    fn of(audience: &'m AudienceMeasures, zone: &Zone) -> Self {
        AudienceReport {
            audience: &audience.audience,
            name: &audience.name,
            planned_per_week: audience.planned_per_week,
            touchpoints: audience.touchpoints,
            weeks: audience
                .weeks
                .iter()
                .map(|week| WeekReport {
                    monday: week.monday.to_string(),
                    touchpoints: week.touchpoints,
                })
                .collect(),
            longest_silence: audience.longest_silence.as_ref().map(|s| SilenceReport {
                from: s.from.to_rfc3339(zone),
                to: s.to.to_rfc3339(zone),
                minutes: s.to.minutes_since(s.from),
            }),
        }
    }
}

impl<'m> SeriesReport<'m> {
    fn of(series: &'m SeriesMeasures, zone: &Zone) -> Self {
        SeriesReport {
            kind: series.kind,
            id: &series.id,
            name: &series.name,
            planned: series.planned,
            held: series.held,
            moved: series.moved,
            missed: series.missed,
            occurrences: series
                .occurrences
                .iter()
                .map(|o| OccurrenceReport {
                    planned: o.planned.to_rfc3339(zone),
                    outcome: outcome_word(o.outcome),
                    held_at: match o.outcome {
                        Held::Moved(at) => Some(at.to_rfc3339(zone)),
                        Held::Held | Held::Missed => None,
                    },
                })
                .collect(),
        }
    }
}

fn outcome_word(held: Held) -> &'static str {
    match held {
        Held::Held => "held",
        Held::Moved(_) => "moved",
        Held::Missed => "missed",
    }
}

impl<'m> Report<'m> {
    fn of(measures: &'m Measures, zone: &'m Zone, show_subjects: bool) -> Self {
        Report {
            zone: zone.name(),
            as_of: measures.as_of.map(|at| at.to_rfc3339(zone)),
            channels: measures
                .channels
                .iter()
                .map(|channel| ChannelReport::of(channel, measures.as_of, zone, show_subjects))
                .collect(),
            outside_period: measures.outside_period,
            skipped: measures.skipped,
            skips: &measures.skips,
            audiences: measures
                .audiences
                .iter()
                .map(|a| AudienceReport::of(a, zone))
                .collect(),
            series: measures
                .series
                .as_ref()
                .map(|all| all.iter().map(|s| SeriesReport::of(s, zone)).collect()),
        }
    }
}

/// A table per channel, then the skips.
fn human(measures: &Measures, compiled: &crate::compile::Compiled, show_subjects: bool) -> String {
    let zone = &compiled.zone;
    let mut out = match measures.as_of {
        Some(at) => format!("Open requests judged as of {}.\n", moment(at, zone)),
        None => "No requests.\n".to_string(),
    };
    let english = crate::i18n::Messages::for_locale(crate::model::Locale::En);
    let found = crate::measure::report::all_findings(compiled, measures);
    if !found.is_empty() {
        out.push_str("\nFindings:\n");
        for finding in &found {
            let said = crate::measure::findings::say(finding, &english);
            out.push_str(&format!("  - {said}\n"));
        }
    }
    for channel in &measures.channels {
        out.push('\n');
        out.push_str(&channel_table(channel, compiled));
        out.push_str(&worst_lines(
            channel,
            measures.as_of,
            compiled,
            show_subjects,
        ));
    }
    if measures.outside_period > 0 {
        out.push_str(&format!(
            "\n{} sent outside --from/--to, not counted.\n",
            plural(measures.outside_period, "request", "requests")
        ));
    }
    for audience in &measures.audiences {
        out.push('\n');
        out.push_str(&audience_table(audience, zone));
    }
    for series in measures.series.iter().flatten() {
        out.push('\n');
        out.push_str(&series_table(series, zone));
    }
    if measures.skipped > 0 {
        out.push_str(&format!(
            "\nSkipped {}:\n",
            plural(measures.skipped, "record", "records")
        ));
        for skip in &measures.skips {
            let line = format!("{}: {}", skip.place, skip.reason);
            out.push_str(&format!("  {}\n", one_line(&line)));
        }
        let unlisted = measures.skipped - measures.skips.len();
        if unlisted > 0 {
            out.push_str(&format!("  and {unlisted} more\n"));
        }
    }
    out
}

/// Touchpoints with one external audience: the figures, then each week.
fn audience_table(audience: &AudienceMeasures, zone: &Zone) -> String {
    let silence = audience
        .longest_silence
        .as_ref()
        .map_or_else(String::new, |s| {
            format!(
                "; longest silence {} from {} to {}",
                crate::measure::findings::calendar_span(s.to.minutes_since(s.from)),
                short_moment(s.from, zone),
                short_moment(s.to, zone)
            )
        });
    let planned = if audience.planned_per_week > 0.0 {
        format!("planned {:.1}", audience.planned_per_week)
    } else {
        "none planned".to_string()
    };
    let mut out = format!(
        "audience {} ({}): {}, {:.1} a week ({planned}){silence}\n",
        audience.audience,
        audience.name,
        plural(audience.touchpoints, "touchpoint", "touchpoints"),
        crate::measure::findings::touchpoints_per_week(audience),
    );
    for week in &audience.weeks {
        out.push_str(&format!(
            "  week of {}  {:>4}\n",
            week.monday, week.touchpoints
        ));
    }
    out
}

/// One series against the calendar: the counts, then each occurrence.
fn series_table(series: &SeriesMeasures, zone: &Zone) -> String {
    let name = if series.name == series.id {
        String::new()
    } else {
        format!(" ({})", series.name)
    };
    let mut out = format!(
        "{} {}{name}: planned {}, held {}, moved {}, missed {}\n",
        series.kind, series.id, series.planned, series.held, series.moved, series.missed
    );
    for occurrence in &series.occurrences {
        let outcome = match occurrence.outcome {
            Held::Moved(at) => format!("moved to {}", short_moment(at, zone)),
            other => outcome_word(other).to_string(),
        };
        out.push_str(&format!(
            "  {}  {outcome}\n",
            short_moment(occurrence.planned, zone)
        ));
    }
    out
}

/// The requests furthest past due, at most [`WORST_SHOWN`]: when sent, by
/// whom to whom, and how late; the subject only with `--show-subjects`.
fn worst_lines(
    channel: &ChannelMeasures,
    as_of: Option<Instant>,
    compiled: &Compiled,
    show_subjects: bool,
) -> String {
    let worst = crate::measure::report::worst(channel, as_of);
    if worst.is_empty() {
        return String::new();
    }
    let person = |email: &str| crate::measure::report::person_name(compiled, email);
    let mut out = String::from("  furthest past due:\n");
    for (case, _, past) in worst.into_iter().take(WORST_SHOWN) {
        let replied = case.replied.map_or_else(
            || "open".to_string(),
            |at| format!("replied {}", short_moment(at, &compiled.zone)),
        );
        let subject = case
            .subject
            .as_deref()
            .filter(|_| show_subjects)
            .map_or_else(String::new, |subject| {
                format!("  \"{}\"", one_line(subject))
            });
        out.push_str(&format!(
            "    sent {}  {} -> {}  {replied}, {} past due{subject}\n",
            short_moment(case.sent, &compiled.zone),
            person(&case.from),
            person(&case.to),
            crate::measure::findings::calendar_span(past),
        ));
    }
    out
}

/// Text from a source on one terminal line: its line breaks become spaces.
fn one_line(text: &str) -> String {
    text.replace(['\n', '\r', '\u{2028}', '\u{2029}'], " ")
}

/// Worst cases in the terminal: the report lists ten.
const WORST_SHOWN: usize = 3;

/// `2026-03-06 17:00`, in the plan's zone.
fn short_moment(at: Instant, zone: &Zone) -> String {
    let local = at.local(zone);
    format!("{} {}", local.date, local.time)
}

fn channel_table(channel: &ChannelMeasures, compiled: &crate::compile::Compiled) -> String {
    let promise = match (&channel.response, &channel.urgent_response) {
        (Some(response), Some(urgent)) => format!("response {response}, urgent {urgent}"),
        (Some(response), None) => format!("response {response}"),
        (None, _) => "no response time promised".to_string(),
    };
    let clock = match channel.clock {
        ReplyClock::Calendar => "calendar time".to_string(),
        ReplyClock::Business => {
            let clock = compiled
                .channel(&channel.channel)
                .map(|c| compiled.business_clock(c));
            clock.map_or_else(
                || "business time".to_string(),
                |c| format!("business time, {}-{} {}", c.open, c.close, c.zone.name()),
            )
        }
    };
    let mut rows = vec![
        (
            "requests",
            channel.requests.to_string(),
            format!(
                "urgent {}, outside the plan {}",
                channel.urgent, channel.outside_plan
            ),
        ),
        ("answered", channel.answered.to_string(), String::new()),
        (
            "within the SLA",
            channel.within_sla.to_string(),
            channel.attainment_percent.map_or_else(String::new, |p| {
                format!("{p:.1} % of {} judged", channel.judged)
            }),
        ),
        ("answered late", channel.late.to_string(), String::new()),
        (
            "open past due",
            channel.open_overdue.to_string(),
            String::new(),
        ),
        (
            "open, not yet due",
            channel.open_pending.to_string(),
            String::new(),
        ),
    ];
    for (label, minutes) in [
        ("reply time, median", channel.median_minutes),
        ("reply time, 90th %", channel.p90_minutes),
    ] {
        rows.push((label, minutes.map_or("-".to_string(), hours), String::new()));
    }
    let name = if channel.name == channel.channel {
        String::new()
    } else {
        format!(" ({})", channel.name)
    };
    let mut out = format!(
        "{}{name}: {promise}; reply times in {clock}\n",
        channel.channel
    );
    for (label, value, note) in rows {
        let line = format!("  {label:<20} {value:>7}  {note}");
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn moment(at: Instant, zone: &Zone) -> String {
    format!("{} ({})", super::sla::describe(at, zone), zone.name())
}

fn plural(n: usize, one: &str, other: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { other })
}
