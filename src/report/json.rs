//! `--format json`: one stable array, as the contract's "Diagnostics" section says.

use serde::Serialize;

use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;

#[derive(Serialize)]
struct Finding<'a> {
    rule: &'static str,
    severity: &'static str,
    message: &'a str,
    file: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    help: Option<&'a str>,
}

pub(super) fn render(source: &SourceFile, diagnostics: &[Diagnostic]) -> String {
    let findings: Vec<Finding<'_>> = diagnostics
        .iter()
        .map(|d| {
            let start = source.line_col(d.span.start);
            let end = source.line_col(d.span.end());
            Finding {
                rule: d.rule.as_str(),
                severity: d.severity.as_str(),
                message: &d.message,
                file: &source.name,
                line: start.line,
                column: start.column,
                end_line: end.line,
                end_column: end.column,
                help: d.help.as_deref(),
            }
        })
        .collect();
    // Serialising plain strings and numbers cannot fail.
    let mut text = serde_json::to_string_pretty(&findings).unwrap_or_else(|_| "[]".to_string());
    text.push('\n');
    text
}
