//! `--format github`: workflow commands that GitHub Actions turns into
//! annotations on the pull request. The log shows them in a terminal-like
//! view first, so control characters from the plan are escaped there too.

use crate::diagnostic::{Diagnostic, Severity};
use crate::source::SourceFile;
use crate::terminal::escape_controls;

pub(super) fn render(source: &SourceFile, diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let start = source.line_col(d.span.start);
        let end = source.line_col(d.span.end());
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        out.push_str(&format!(
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
            property(&source.name),
            start.line,
            start.column,
            end.line,
            end.column,
            property(d.rule.as_str()),
            data(&message)
        ));
    }
    out
}

/// Escaping of a workflow command's message.
fn data(text: &str) -> String {
    escape_controls(text)
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escaping of a workflow command's property value.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_escaped() {
        assert_eq!(data("50%\nnext"), "50%25%0Anext");
        assert_eq!(property("a:b,c"), "a%3Ab%2Cc");
        assert_eq!(data("a\u{1b}[2J\r\nb"), "a\\u{1b}[2J\\u{d}%0Ab");
    }
}
