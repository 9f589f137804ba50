//! Why a command stopped. Either the plan has problems, which the command
//! has printed already (exit 1), or the tool could not do its job (exit 2):
//! an argument it cannot use, a file it cannot read or write. Each
//! [`Error`] has a message and, where there is a next step to suggest, a
//! help line; [`super::run`] prints them as `error: ...` and `help: ...`.
//! (The shape is just's `src/error.rs`: one enum, one `match` for the text.)

use std::io;
use std::path::PathBuf;

use crate::agenda::WindowError;
use crate::build::StampError;
use crate::escalation::WalkError;
use crate::input::InputError;
use crate::limits::MAX_DAYS;
use crate::measure::csv::SourceError;
use crate::rules::RuleId;
use crate::suggest::Unknown;
use crate::write::WriteError;

/// Why a command did not finish cleanly.
#[derive(Debug)]
pub(crate) enum Failure {
    /// The plan (or the previous plan, or its templates) has problems; they
    /// have been printed. Exit 1.
    Problems,
    /// The tool could not do its job. Exit 2.
    Error(Error),
}

impl From<Error> for Failure {
    fn from(error: Error) -> Self {
        Failure::Error(error)
    }
}

/// What the tool could not do, and why.
#[derive(Debug)]
pub(crate) enum Error {
    // What the command line asks for.
    /// A rule named in `--allow`, `--warn`, `--deny` or `plan explain`.
    UnknownRule {
        name: String,
        closest: Option<&'static str>,
    },
    /// A validation rule's level cannot be set.
    ValidationRule(RuleId),
    /// `--for` names neither a person nor an audience.
    UnknownReader {
        id: String,
        closest: Option<String>,
    },
    UnknownEscalation(Unknown),
    UnknownChannel(Unknown),
    /// `--tz`: the zone library's reason, help included.
    Zone(String),
    /// A date option (`flag`): the date parser's reason, help included.
    Date {
        flag: &'static str,
        problem: String,
    },
    /// `--at` is not "YYYY-MM-DD HH:MM" on the calendar.
    Moment(String),
    /// `--from` and `--days` make no window.
    Window(WindowError),
    /// An escalation cannot be followed.
    Walk(WalkError),
    /// No DTSTAMP for the calendars.
    Stamp(StampError),
    /// `plan.lock` is not a lock `plan build` wrote.
    Lock {
        path: PathBuf,
        line: usize,
        reason: String,
    },

    /// `plan measure`: a source of no kind it reads.
    UnsupportedSource(PathBuf),
    /// `plan measure --from/--to`: a day whose midnight is out of range.
    PeriodOutOfRange,
    /// `plan measure --from` after `--to`.
    PeriodBackwards {
        from: String,
        to: String,
    },
    /// `plan measure --channel SOURCE=ID` whose SOURCE is none of the sources.
    ChannelForNoSource {
        source: String,
        closest: Option<String>,
    },
    /// `plan measure --channel` giving one source two channels.
    ChannelTwice {
        source: String,
        first: String,
        second: String,
    },

    // The world outside.
    ClockBefore1970,
    ClockOutOfRange,
    /// A plan or template file cannot be read.
    Read(InputError),
    /// Standard output is closed or full.
    Stdout(io::Error),
    ManPage(io::Error),
    /// `plan man NAME` names no command.
    ManPageOf {
        /// `plan`, or the command whose commands were searched (`plan export`).
        parent: String,
        name: String,
        commands: Vec<String>,
    },
    Json(serde_json::Error),
    /// A `plan measure` source cannot be opened.
    ReadSource {
        path: PathBuf,
        error: io::Error,
    },
    /// A `plan measure` source cannot be read on.
    Source(SourceError),
    Resolve {
        path: PathBuf,
        error: io::Error,
    },
    WorkingDirectory(io::Error),
    /// `build --check` cannot read the output folder.
    ReadOutput {
        shown: String,
        error: io::Error,
    },
    /// The output folder cannot be opened; it is named as the user named it
    /// (`shown`), not by its resolved path (`target`).
    OpenOutput {
        error: WriteError,
        target: PathBuf,
        shown: String,
    },
    WriteOutput {
        shown: String,
        error: io::Error,
    },
    Write(WriteError),
    /// `plan init` would overwrite these.
    Exists(Vec<PathBuf>),
    CreateFolder {
        dir: PathBuf,
        error: io::Error,
    },
    FileNameNotUtf8,
    GitRun {
        revision: String,
        error: io::Error,
    },
    GitShow {
        revision: String,
        file: String,
        stderr: String,
    },
}

impl Error {
    /// The message, and the help line if there is one.
    pub(crate) fn parts(&self) -> (String, Option<String>) {
        use Error::*;
        let message = match self {
            UnknownRule { name, closest } => match closest {
                Some(close) => format!(
                    "`{name}` is not a rule; did you mean `{close}`? (`plan rules` lists them)"
                ),
                None => format!("`{name}` is not a rule (`plan rules` lists them)"),
            },
            ValidationRule(rule) => {
                format!("`{rule}` is a validation rule and is always an error")
            }
            UnknownReader { id, closest } => {
                let hint = closest
                    .as_ref()
                    .map_or_else(String::new, |c| format!("; did you mean `{c}`?"));
                format!("`{id}` is neither a person nor an audience of the plan{hint}")
            }
            UnknownEscalation(unknown) => not_in_plan("escalation", "escalations", unknown),
            UnknownChannel(unknown) => not_in_plan("channel", "channels", unknown),
            // A zone argument's help is part of its one line.
            Zone(problem) => match split_help(problem) {
                (message, Some(help)) => format!("{message}; {help}"),
                (message, None) => message.to_string(),
            },
            Date { flag, problem } => return with_help(&format!("{flag}: {problem}")),
            Moment(text) => format!(
                "`{text}` is not a date and time; write \"YYYY-MM-DD HH:MM\", e.g. \"2026-03-06 17:30\""
            ),
            Window(WindowError::TooManyDays(days)) => {
                return (
                    format!("`--days {days}` is more than {MAX_DAYS} (ten years)"),
                    Some("ask for a shorter window, e.g. `--days 365`".to_string()),
                );
            }
            Window(WindowError::StartOutOfRange) => "`--from` is out of range".to_string(),
            Window(WindowError::PastCalendar) => "`--days` reaches past the calendar".to_string(),
            Walk(WalkError::MissingChannel(channel)) => format!("channel `{channel}` is missing"),
            Walk(WalkError::NoWorkingTime) => {
                "the plan has no working time ahead for this escalation".to_string()
            }
            Stamp(StampError::NotSeconds(value)) => {
                format!("SOURCE_DATE_EPOCH is `{value}`, not a number of seconds since 1970")
            }
            Stamp(StampError::StartOutOfRange) => "the project's start is out of range".to_string(),
            Lock { path, line, reason } => {
                return (
                    format!("cannot read `{}` (line {line}): {reason}", path.display()),
                    Some("`plan build` writes it: restore it from version control, or delete it to start every event's SEQUENCE anew".to_string()),
                );
            }
            UnsupportedSource(path) => {
                return (
                    format!(
                        "`{}` is no source `plan measure` reads",
                        path.display()
                    ),
                    Some(
                        "give a .csv file of requests, an mbox file, an unpacked Slack export folder or an .ics file (docs/measure.md)"
                            .to_string(),
                    ),
                );
            }
            PeriodOutOfRange => "`--from` or `--to` is out of range".to_string(),
            PeriodBackwards { from, to } => {
                return (
                    format!("`--from {from}` is after `--to {to}`"),
                    Some("the period runs from --from through --to".to_string()),
                );
            }
            ChannelTwice {
                source,
                first,
                second,
            } => {
                return (
                    format!("`--channel` gives `{source}` two channels, `{first}` and `{second}`"),
                    Some(
                        "a source's messages count on one channel: keep one --channel for it"
                            .to_string(),
                    ),
                );
            }
            ChannelForNoSource { source, closest } => {
                return (
                    format!("`--channel {source}=...` names none of the sources"),
                    Some(match closest {
                        Some(closest) => format!(
                            "did you mean `{closest}`? Name the source as it is given on the command line"
                        ),
                        None => "write `--channel SOURCE=ID` with SOURCE one of the sources given, or `--channel ID` for all".to_string(),
                    }),
                );
            }
            ClockBefore1970 => "the system clock is before 1970".to_string(),
            ClockOutOfRange => "the system clock is out of range".to_string(),
            Read(error) => return with_help(&error.to_string()),
            Stdout(error) => format!("cannot write the output: {error}"),
            ManPage(error) => format!("cannot render the man page: {error}"),
            ManPageOf {
                parent,
                name,
                commands,
            } => {
                return with_help(&format!(
                    "`{name}` is not a command of `{parent}`, so it has no man page\nhelp: one of: {}",
                    commands.join(", ")
                ));
            }
            Json(error) => error.to_string(),
            ReadSource { path, error } => format!("cannot read `{}`: {error}", path.display()),
            Source(error) => return with_help(&error.to_string()),
            Resolve { path, error } => format!("cannot resolve `{}`: {error}", path.display()),
            WorkingDirectory(error) => format!("cannot read the working directory: {error}"),
            ReadOutput { shown, error } => format!("cannot read `{shown}`: {error}"),
            OpenOutput {
                error,
                target,
                shown,
            } => {
                let text = error.to_string();
                return with_help(&text.replace(&target.display().to_string(), shown));
            }
            WriteOutput { shown, error } => format!("cannot write `{shown}`: {error}"),
            Write(error) => return with_help(&error.to_string()),
            Exists(paths) => {
                let paths: Vec<String> = paths
                    .iter()
                    .map(|path| format!("`{}`", path.display()))
                    .collect();
                format!(
                    "{} exists already; pass --force to overwrite",
                    paths.join(" and ")
                )
            }
            CreateFolder { dir, error } => format!("cannot create `{}`: {error}", dir.display()),
            FileNameNotUtf8 => "the plan's file name is not UTF-8".to_string(),
            GitRun { revision, error } => format!(
                "`{revision}` is not a file, and git could not be run to read it as a revision: {error}"
            ),
            GitShow {
                revision,
                file,
                stderr,
            } => format!(
                "`{revision}` is neither a file nor a git revision that has `{file}`: {}",
                stderr.trim()
            ),
        };
        (message, None)
    }
}

/// "the plan has no channel `emial`; did you mean `email`?", or the list of
/// what the plan has when nothing is close.
fn not_in_plan(kind: &str, kinds: &str, unknown: &Unknown) -> String {
    format!(
        "the plan has no {kind} `{}`; {}",
        unknown.id,
        unknown.hint(kinds)
    )
}

/// Errors of the library's edges (reading files, parsing dates) carry their
/// help line in their text, after "\nhelp: ".
fn split_help(text: &str) -> (&str, Option<&str>) {
    match text.split_once("\nhelp: ") {
        Some((message, help)) => (message, Some(help)),
        None => (text, None),
    }
}

fn with_help(text: &str) -> (String, Option<String>) {
    let (message, help) = split_help(text);
    (message.to_string(), help.map(str::to_string))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(error: &Error) -> String {
        match error.parts() {
            (message, Some(help)) => format!("{message}\nhelp: {help}"),
            (message, None) => message,
        }
    }

    #[test]
    fn help_lines_are_apart_from_the_message() {
        let (message, help) = Error::Window(WindowError::TooManyDays(4000)).parts();
        assert_eq!(message, "`--days 4000` is more than 3653 (ten years)");
        assert_eq!(
            help.as_deref(),
            Some("ask for a shorter window, e.g. `--days 365`")
        );
        let date = Error::Date {
            flag: "--from",
            problem: "`1900-01-01` is outside\nhelp: write a later date".to_string(),
        };
        assert_eq!(
            date.parts(),
            (
                "--from: `1900-01-01` is outside".to_string(),
                Some("write a later date".to_string())
            )
        );
    }

    #[test]
    fn a_zone_argument_keeps_its_help_on_one_line() {
        let zone = Error::Zone("`Mars` is not a zone\nhelp: did you mean `Mara`?".to_string());
        assert_eq!(
            zone.parts(),
            (
                "`Mars` is not a zone; did you mean `Mara`?".to_string(),
                None
            )
        );
    }

    #[test]
    fn unknown_ids_suggest_or_list() {
        let close = Unknown::among("emial", ["email", "slack"]);
        assert_eq!(
            shown(&Error::UnknownChannel(close)),
            "the plan has no channel `emial`; did you mean `email`?"
        );
        let far = Unknown::among("zzzz", ["delivery", "incident"]);
        assert_eq!(
            shown(&Error::UnknownEscalation(far)),
            "the plan has no escalation `zzzz`; escalations: delivery, incident"
        );
    }

    #[test]
    fn the_output_folder_is_named_as_the_user_named_it() {
        let error = Error::OpenOutput {
            error: WriteError::Busy {
                dir: PathBuf::from("/real/site"),
            },
            target: PathBuf::from("/real/site"),
            shown: "site".to_string(),
        };
        assert_eq!(
            shown(&error),
            "another `plan build` is writing `site`; try again when it has finished"
        );
    }
}
