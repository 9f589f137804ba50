//! The `plan` command line: argument parsing, and one function per command.
//! Exit codes are decided here only: 0 clean, 1 the plan has errors, 2 the
//! tool could not do its job.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::report::{self, Style};

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
    },
    /// Print the JSON Schema of plan.yaml (for editors and CI).
    Schema,
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
        Command::Lint { plan, format } => lint(plan, *format, style, cli.quiet),
        Command::Schema => print(&crate::schema::json_schema()).map(|()| Outcome::Clean),
    };
    match result {
        Ok(Outcome::Clean) => ExitCode::SUCCESS,
        Ok(Outcome::Problems) => ExitCode::from(1),
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

enum Outcome {
    Clean,
    Problems,
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

fn lint(
    plan: &std::path::Path,
    format: report::Format,
    style: Style,
    quiet: bool,
) -> Result<Outcome, String> {
    let display = plan.display().to_string();
    let loaded = crate::load::load_file(plan, &display).map_err(|e| e.to_string())?;
    let checked = crate::check(loaded);
    let mut out = report::render(format, &checked.source, &checked.diagnostics, style);
    if format == report::Format::Human && !quiet {
        out.push_str(&format!(
            "{}: {}\n",
            display,
            report::summary(&checked.diagnostics)
        ));
    }
    print(&out)?;
    Ok(if checked.has_errors() {
        Outcome::Problems
    } else {
        Outcome::Clean
    })
}

/// Writes to stdout; a closed pipe (`plan lint | head`) is not an error.
fn print(text: &str) -> Result<(), String> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(format!("cannot write the output: {e}")),
    }
}
