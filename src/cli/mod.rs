//! The `plan` command line: argument parsing, and one file per command,
//! which calls the library and prints. Exit codes are decided here only: 0
//! clean, 1 the plan has errors, 2 the tool could not do its job
//! ([`error::Failure`]).

mod agenda;
mod build;
mod diff;
mod error;
mod export;
mod init;
mod lint;
mod measure;
mod simulate;
mod sla;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::compile::Compiled;
use crate::report::{self, Style};
use crate::source::SourceFile;
use error::{Error, Failure};

#[derive(Debug, Parser)]
#[command(
    name = "plan",
    version,
    about = "Validate, lint and compile a client communication plan (plan.yaml)"
)]
pub struct Cli {
    /// When to use colour: auto honours NO_COLOR and whether output is a terminal.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,

    /// Print only findings and results, no summaries.
    #[arg(short, long, global = true)]
    quiet: bool,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum ExportWhat {
    /// Every dated task the plan implies (preparation, follow-up, reports).
    Tasks {
        /// The plan file.
        #[arg(default_value = "plan.yaml")]
        plan: PathBuf,
        /// First due date (YYYY-MM-DD). Default: the project's start.
        #[arg(long)]
        from: Option<String>,
        /// How many days of due dates, at most 3653 (ten years). Default: through the project's end.
        #[arg(long)]
        days: Option<u32>,
        /// Only the tasks assigned to this person, or of the items addressing this
        /// audience.
        #[arg(long = "for", value_name = "ID")]
        for_id: Option<String>,
        #[arg(long, value_enum, default_value_t = export::Format::Csv)]
        format: export::Format,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum InitLocale {
    #[value(name = "en")]
    En,
    #[value(name = "zh-CN")]
    ZhCn,
}

impl InitLocale {
    fn locale(self) -> crate::model::Locale {
        match self {
            InitLocale::En => crate::model::Locale::En,
            InitLocale::ZhCn => crate::model::Locale::ZhCn,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Validate and lint a plan.
    Lint {
        /// The plan file.
        #[arg(default_value = "plan.yaml")]
        plan: PathBuf,
        /// Output format for findings.
        #[arg(long, value_enum, default_value_t = report::Format::Human)]
        format: report::Format,
        #[command(flatten)]
        levels: lint::LevelArgs,
    },
    /// Write a complete, commented plan.yaml (and its JSON Schema) to start from.
    Init {
        /// The folder to write into.
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// The language of the plan and its handbook.
        #[arg(long, value_enum, default_value_t = InitLocale::En)]
        locale: InitLocale,
        /// Overwrite an existing plan.yaml.
        #[arg(long)]
        force: bool,
    },
    /// Who an escalation reaches, step by step, if nothing is resolved.
    Simulate {
        /// The plan file.
        #[arg(default_value = "plan.yaml")]
        plan: PathBuf,
        /// The escalation id.
        #[arg(long)]
        escalation: String,
        /// When the escalation starts: "YYYY-MM-DD HH:MM".
        #[arg(long)]
        at: String,
        /// The zone of `--at` and of the answer. Default: the project's.
        #[arg(long, value_name = "ZONE")]
        tz: Option<String>,
    },
    /// What changed between two plans; OLD may be a git revision (`HEAD~1`).
    Diff {
        /// The earlier plan: a file, or a git revision of NEW.
        old: String,
        /// The later plan.
        #[arg(default_value = "plan.yaml")]
        new: PathBuf,
        /// `markdown` for a review, `json` for tools, `notice`: an email per
        /// audience told of a changed occurrence.
        #[arg(long, value_enum, default_value_t = diff::Format::Markdown)]
        format: diff::Format,
        /// Compare occurrences from this moment, "YYYY-MM-DD HH:MM" in the
        /// new plan's zone; a change within 24 hours after it is warned of.
        /// Default: now.
        #[arg(long, value_name = "WHEN")]
        at: Option<String>,
    },
    /// Export data for other systems.
    Export {
        #[command(subcommand)]
        what: ExportWhat,
    },
    /// Print shell completions for bash, zsh, fish, powershell or elvish.
    Completions { shell: clap_complete::Shell },
    /// Print the man page (roff): plan(1), or with a command its own page, plan-COMMAND(1), which plan(1) refers to.
    Man {
        /// The command whose page to print: `plan man lint` is plan-lint(1),
        /// `plan man export tasks` plan-export-tasks(1).
        command: Vec<String>,
    },
    /// List every rule with its default level.
    Rules,
    /// Explain a rule: what it checks, why it matters, an example, the fix.
    Explain {
        /// The rule id, e.g. `sparse-contact`.
        #[arg(value_parser = lint::RuleNames::All, hide_possible_values = true)]
        rule: String,
    },
    /// Print the JSON Schema of plan.yaml (for editors and CI).
    Schema,
    /// Write the handbook, checklists, calendars, audience views and plan.json.
    ///
    /// Keeps each calendar event's SEQUENCE in a lock beside the plan
    /// (`plan.lock` for `plan.yaml`): commit it with the plan.
    Build {
        /// The plan file.
        #[arg(default_value = "plan.yaml")]
        plan: PathBuf,
        /// The output folder. Default: `outputs.dir`, or `site` beside the plan.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// A folder of template overrides (default: `outputs.templates`).
        #[arg(long, value_name = "DIR")]
        templates: Option<PathBuf>,
        /// The previous plan: the handbook gets a changelog of what changed since.
        #[arg(long, value_name = "FILE")]
        previous: Option<PathBuf>,
        /// Write nothing; exit 1 and list the files that are stale, missing or extra, and a stale lock.
        #[arg(long)]
        check: bool,
        /// Replace the output folder even if `plan build` did not write it
        /// (never one that holds the plan, the working directory or a git repository).
        #[arg(long)]
        force: bool,
        #[command(flatten)]
        levels: lint::LevelArgs,
    },
    /// List upcoming meetings, reviews, reports and trainings.
    Agenda {
        /// The plan file.
        #[arg(default_value = "plan.yaml")]
        plan: PathBuf,
        /// First day (YYYY-MM-DD). Default: today, in the zone shown.
        #[arg(long)]
        from: Option<String>,
        /// How many days to show, at most 3653 (ten years).
        #[arg(long, default_value_t = 14)]
        days: u32,
        /// Only what this person attends and the tasks assigned to them, or what
        /// addresses this audience and its tasks.
        #[arg(long = "for", value_name = "ID")]
        for_id: Option<String>,
        /// The zone to show times in. Default: the person's, else the project's.
        #[arg(long, value_name = "ZONE")]
        tz: Option<String>,
        /// `table` for people, `json` for tools.
        #[arg(long, value_enum, default_value_t = agenda::Format::Table)]
        format: agenda::Format,
    },
    /// Reply times from what really happened, against the plan's promises.
    ///
    /// Each source is a CSV file of requests, an mbox file, an unpacked Slack
    /// export or an .ics export of what was held (docs/measure.md); each
    /// request is judged against its channel's response time exactly as
    /// `plan sla` computes it. Exits 1 when `--fail-under` is not met.
    Measure {
        /// The plan file.
        plan: PathBuf,
        /// CSV files (channel,from,to,sent_at,replied_at,urgent), mbox files,
        /// Slack export folders, .ics files.
        #[arg(required = true)]
        sources: Vec<PathBuf>,
        /// The plan channel a source's messages were sent on: `SOURCE=ID` for
        /// one source, `ID` for all. Default: the channel whose `address` a
        /// message names, else the plan's only one of the source's kind.
        #[arg(long = "channel", value_name = "[SOURCE=]ID")]
        channels: Vec<String>,
        /// Show message subjects in the worst cases (left out by default:
        /// the report may be shared).
        #[arg(long)]
        show_subjects: bool,
        /// Count requests sent on or after this day (YYYY-MM-DD, the plan's zone).
        #[arg(long)]
        from: Option<String>,
        /// Count requests sent on or before this day; open requests are judged
        /// at its end. Default: the latest time in the data.
        #[arg(long)]
        to: Option<String>,
        /// `human` for people, `json` for tools, `markdown` or `html` for the
        /// review report.
        #[arg(long, value_enum, default_value_t = measure::Format::Human)]
        format: measure::Format,
        /// Exit 1 when any channel answers fewer than this percentage of its
        /// judged requests within the SLA.
        #[arg(long, value_name = "PERCENT", value_parser = percent)]
        fail_under: Option<f64>,
        /// Write review.md, review.html and measure.json into this folder
        /// (replaced as `plan build` replaces its output) instead of printing.
        #[arg(short, long, value_name = "DIR")]
        output: Option<PathBuf>,
        /// A folder of template overrides for the review report.
        #[arg(long, value_name = "DIR")]
        templates: Option<PathBuf>,
        /// Replace the `-o` folder even if `plan` did not write it.
        #[arg(long, requires = "output")]
        force: bool,
    },
    /// When a reply on a channel is due, on the business clock.
    Sla {
        /// The plan file.
        #[arg(default_value = "plan.yaml")]
        plan: PathBuf,
        /// The channel id.
        #[arg(long)]
        channel: String,
        /// When the message arrives: "YYYY-MM-DD HH:MM".
        #[arg(long)]
        at: String,
        /// Use the channel's urgent response time (without one, the first-response
        /// time, with a note saying so).
        #[arg(long)]
        urgent: bool,
        /// The zone of `--at` and of the answer. Default: the channel's clock zone.
        #[arg(long, value_name = "ZONE")]
        tz: Option<String>,
    },
}

/// Parses the arguments and runs the command.
pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let code = if error.use_stderr() { 2 } else { 0 };
            // Printing help or a usage error; nothing else to do if the terminal is gone.
            let _ = error.print();
            return ExitCode::from(code);
        }
    };
    let style = Style {
        color: use_color(cli.color),
        width: 100,
    };
    let result = match &cli.command {
        Command::Lint {
            plan,
            format,
            levels,
        } => lint::run(plan, *format, levels, style, cli.quiet),
        Command::Rules => print(&lint::rules_table()).map_err(Failure::from),
        Command::Init { dir, locale, force } => init::run(dir, locale.locale(), *force, cli.quiet),
        Command::Simulate {
            plan,
            escalation,
            at,
            tz,
        } => simulate::run(plan, escalation, at, tz.as_deref(), style),
        Command::Completions { shell } => print(&completions(*shell)).map_err(Failure::from),
        Command::Diff {
            old,
            new,
            format,
            at,
        } => diff::run(old, new, *format, at.as_deref(), style),
        Command::Export {
            what:
                ExportWhat::Tasks {
                    plan,
                    from,
                    days,
                    for_id,
                    format,
                },
        } => export::tasks(
            plan,
            &export::Options {
                from: from.as_deref(),
                days: *days,
                for_id: for_id.as_deref(),
                format: *format,
            },
            style,
        ),
        Command::Man { command } => {
            let mut out = Vec::new();
            man_page(command)
                .and_then(|page| page.render(&mut out).map_err(Error::ManPage))
                .and_then(|()| print(&String::from_utf8_lossy(&out)))
                .map_err(Failure::from)
        }
        Command::Explain { rule } => lint::explain(rule),
        Command::Schema => print(&crate::schema::json_schema()).map_err(Failure::from),
        Command::Build {
            plan,
            output,
            templates,
            previous,
            check,
            force,
            levels,
        } => build::run(
            plan,
            &build::Options {
                output: output.as_deref(),
                templates: templates.as_deref(),
                previous: previous.as_deref(),
                check: *check,
                force: *force,
            },
            levels,
            style,
            cli.quiet,
        ),
        Command::Agenda {
            plan,
            from,
            days,
            for_id,
            tz,
            format,
        } => agenda::run(
            plan,
            &agenda::Options {
                from: from.as_deref(),
                days: *days,
                for_id: for_id.as_deref(),
                tz: tz.as_deref(),
                format: *format,
            },
            style,
        ),
        Command::Measure {
            plan,
            sources,
            channels,
            show_subjects,
            from,
            to,
            format,
            fail_under,
            output,
            templates,
            force,
        } => measure::run(
            plan,
            &measure::Options {
                sources,
                channels,
                show_subjects: *show_subjects,
                from: from.as_deref(),
                to: to.as_deref(),
                format: *format,
                fail_under: *fail_under,
                output: output.as_deref(),
                templates: templates.as_deref(),
                force: *force,
            },
            style,
        ),
        Command::Sla {
            plan,
            channel,
            at,
            urgent,
            tz,
        } => sla::run(plan, channel, at, *urgent, tz.as_deref(), style),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Problems) => ExitCode::from(1),
        Err(Failure::Error(error)) => {
            let (message, help) = error.parts();
            eprintln!("error: {}", crate::terminal::escape_controls(&message));
            if let Some(help) = help {
                eprintln!("help: {}", crate::terminal::escape_controls(&help));
            }
            ExitCode::from(2)
        }
    }
}

fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    }
}

/// Writes to stdout; a closed pipe (`plan lint | head`) is not an error.
fn print(text: &str) -> Result<(), Error> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Error::Stdout(e)),
    }
}

/// JSON for tools, as `--format json` prints it.
fn json(value: &impl serde::Serialize) -> Result<String, Error> {
    let mut json = serde_json::to_string_pretty(value).map_err(Error::Json)?;
    json.push('\n');
    Ok(json)
}

/// Loads and checks a plan for a command that needs a valid one. With
/// `show`, every finding is printed; otherwise only when there are errors
/// (`Failure::Problems` then).
fn compiled_plan(
    plan: &Path,
    overrides: &crate::lint::Overrides,
    shown: Shown,
    style: Style,
) -> Result<(SourceFile, Compiled), Failure> {
    let display = plan.display().to_string();
    let loaded = crate::load::load_file(plan, &display).map_err(Error::Read)?;
    let checked = crate::check_with(loaded, overrides);
    let errors = checked.has_errors();
    let (all, summary) = match shown {
        Shown::Errors => (false, true),
        Shown::All { summary } => (true, summary),
    };
    if errors || (all && !checked.diagnostics.is_empty()) {
        print_diagnostics(&checked.source, &checked.diagnostics, style, summary)?;
    }
    match checked.resolved {
        Some(compiled) if !errors => Ok((checked.source, compiled)),
        _ => Err(Failure::Problems),
    }
}

/// The resolved plan at its default lint levels, for a command that prints
/// something else: its findings are printed only when it has errors.
fn resolved_plan(plan: &Path, style: Style) -> Result<Compiled, Failure> {
    let overrides = crate::lint::Overrides::default();
    compiled_plan(plan, &overrides, Shown::Errors, style).map(|(_, compiled)| compiled)
}

/// Which findings a command prints before its own output.
#[derive(Clone, Copy, Debug)]
enum Shown {
    /// None unless the plan has errors (then all, with the summary line).
    Errors,
    /// All of them (`plan build`: `-q` hides progress, never a finding);
    /// the summary line unless `-q`.
    All { summary: bool },
}

/// Findings in human form with the summary line, for commands that stop on errors.
fn print_findings(checked: &crate::Checked, style: Style) -> Result<(), Error> {
    print_diagnostics(&checked.source, &checked.diagnostics, style, true)
}

/// Findings in human form, and the summary line that counts them.
fn print_diagnostics(
    source: &SourceFile,
    diagnostics: &[crate::diagnostic::Diagnostic],
    style: Style,
    summary: bool,
) -> Result<(), Error> {
    let mut out = report::render(report::Format::Human, source, diagnostics, style);
    if summary {
        out.push_str(&format!(
            "{}: {}\n",
            crate::terminal::escape_controls(&source.name),
            report::summary(diagnostics)
        ));
    }
    print(&out)
}

/// Now: the one place `plan` reads the clock, for the interactive defaults
/// (`plan agenda`'s first day, `plan diff`'s `--at`); no output file
/// depends on it.
fn now() -> Result<crate::time::Instant, Error> {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_err(|_| Error::ClockBefore1970)?;
    let seconds = i64::try_from(now.as_secs()).map_err(|_| Error::ClockOutOfRange)?;
    crate::time::Instant::from_unix_seconds(seconds).ok_or(Error::ClockOutOfRange)
}

/// A percentage named on the command line: 0 to 100.
fn percent(text: &str) -> Result<f64, String> {
    match text.trim().trim_end_matches('%').parse::<f64>() {
        Ok(value) if (0.0..=100.0).contains(&value) => Ok(value),
        _ => Err(format!("`{text}` is not a percentage from 0 to 100")),
    }
}

/// A zone named on the command line.
fn zone_argument(name: &str) -> Result<crate::time::Zone, Error> {
    crate::time::Zone::parse(name).map_err(Error::Zone)
}

/// The person or audience `--for` names; everyone without it. `suggest`:
/// whether the error names the closest id (`plan export tasks` never has).
fn reader_argument<'c>(
    compiled: &'c Compiled,
    for_id: Option<&str>,
    suggest: bool,
) -> Result<crate::compile::Reader<'c>, Error> {
    let Some(id) = for_id else {
        return Ok(crate::compile::Reader::Everyone);
    };
    crate::agenda::reader(compiled, id).map_err(|unknown| Error::UnknownReader {
        id: unknown.id,
        closest: unknown.closest.filter(|_| suggest),
    })
}

/// A date named on the command line, by `flag`.
fn date_argument(flag: &'static str, text: &str) -> Result<crate::time::Date, Error> {
    crate::time::Date::parse(text).map_err(|problem| Error::Date { flag, problem })
}

/// "YYYY-MM-DD HH:MM" (or with a `T`) in `zone`, named on the command line.
fn moment_argument(text: &str, zone: &crate::time::Zone) -> Result<crate::time::Instant, Error> {
    let invalid = || Error::Moment(text.to_string());
    let (date, time) = text.trim().split_once([' ', 'T']).ok_or_else(invalid)?;
    let date = crate::time::Date::parse(date.trim()).map_err(|_| invalid())?;
    let time = crate::model::TimeOfDay::parse(time.trim()).map_err(|_| invalid())?;
    crate::time::Instant::at_local(date, time, zone).ok_or_else(invalid)
}

/// `plan completions SHELL`: clap_complete's script, and for fish, whose
/// script completes options only, a line per command argument with
/// possible values (`plan explain RULE`).
fn completions(shell: clap_complete::Shell) -> String {
    let mut command = <Cli as clap::CommandFactory>::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut command, "plan", &mut out);
    let mut script = String::from_utf8_lossy(&out).into_owned();
    if shell == clap_complete::Shell::Fish {
        script.push_str(&fish_arguments(&command));
    }
    script
}

/// Fish `complete` lines for the possible values of each command's
/// arguments, quoted as clap_complete quotes an option's.
fn fish_arguments(command: &clap::Command) -> String {
    let quoted = |text: &str| {
        text.replace('\\', "\\\\")
            .replace('\'', "\\'")
            .replace('\n', " ")
    };
    let mut out = String::new();
    for sub in command.get_subcommands() {
        for arg in sub.get_positionals() {
            let values: Vec<String> = arg
                .get_possible_values()
                .iter()
                .filter(|value| !value.is_hide_set())
                .map(|value| {
                    let help = value.get_help().map(ToString::to_string);
                    format!(
                        "{}\\t'{}'",
                        quoted(value.get_name()),
                        quoted(help.as_deref().unwrap_or_default())
                    )
                })
                .collect();
            if !values.is_empty() {
                out.push_str(&format!(
                    "complete -c plan -n \"__fish_plan_using_subcommand {}\" -f -a \"{}\"\n",
                    sub.get_name(),
                    values.join("\n")
                ));
            }
        }
    }
    out
}

/// `docs/cli.md`: every command's `--help`, generated so it cannot drift.
pub fn reference_markdown() -> String {
    let mut command = <Cli as clap::CommandFactory>::command();
    let mut out = String::from(
        "# Command-line reference\n\nGenerated from `plan --help` and each command's `--help`; a test keeps this file current.\n\n```text\n",
    );
    out.push_str(&command.render_long_help().to_string());
    out.push_str("```\n");
    command.build();
    command_sections(&command, "plan", &mut out);
    out
}

/// One section per command under `parent`, and under each its own
/// commands (`plan export tasks`), in the order `--help` lists them.
fn command_sections(parent: &clap::Command, path: &str, out: &mut String) {
    for sub in parent.get_subcommands().filter(|c| c.get_name() != "help") {
        let name = format!("{path} {}", sub.get_name());
        let mut sub = sub.clone().bin_name(&name);
        out.push_str(&format!(
            "\n## {name}\n\n```text\n{}```\n",
            sub.render_long_help()
        ));
        command_sections(&sub, &name, out);
    }
}

/// plan(1), or one command's page: plan-lint(1), as plan(1) names it
/// (a command's own commands too: plan-export-tasks(1)).
fn man_page(path: &[String]) -> Result<clap_mangen::Man, Error> {
    let mut page = <Cli as clap::CommandFactory>::command().disable_help_subcommand(true);
    // Built, a subcommand is named as its page is: `plan-lint`.
    page.build();
    for (depth, name) in path.iter().enumerate() {
        let Some(next) = page.find_subcommand(name).cloned() else {
            return Err(Error::ManPageOf {
                parent: ["plan"]
                    .into_iter()
                    .chain(path[..depth].iter().map(String::as_str))
                    .collect::<Vec<_>>()
                    .join(" "),
                name: name.clone(),
                commands: page
                    .get_subcommands()
                    .map(|c| c.get_name().to_string())
                    .collect(),
            });
        };
        page = next;
    }
    // `.TH` takes its fields by position: an empty date is written as `""`
    // so the source stays third, and every page, not only plan(1), names
    // the package and version it documents.
    Ok(clap_mangen::Man::new(page)
        .date("\"\"")
        .source(concat!("plan ", env!("CARGO_PKG_VERSION")))
        .manual("User Commands"))
}
