//! `tasks.csv`: RFC 4180, UTF-8 with a BOM (spreadsheet programs then read
//! Chinese correctly), CRLF line ends, headers in the plan's language or as
//! `outputs.tasks.columns` renames and orders them. A cell that a spreadsheet
//! would take for a formula is neutralised.

use crate::compile::tasks::Task;

/// The CSV file for `tasks` with `columns` as (field, header) pairs.
pub fn csv(tasks: &[Task], columns: &[(String, String)]) -> Vec<u8> {
    let mut out = String::new();
    push_header(&mut out, columns);
    for task in tasks {
        push_task(&mut out, task, columns);
    }
    out.into_bytes()
}

/// The file's start: the BOM and the header line.
pub fn push_header(out: &mut String, columns: &[(String, String)]) {
    out.push('\u{feff}');
    push_row(
        out,
        columns.iter().map(|(_, header)| header.as_str().into()),
    );
}

/// One task's line.
pub fn push_task(out: &mut String, task: &Task, columns: &[(String, String)]) {
    push_row(out, columns.iter().map(|(field, _)| task.field(field)));
}

/// One line: cells separated by commas, ended by CRLF.
fn push_row<'t>(out: &mut String, cells: impl Iterator<Item = std::borrow::Cow<'t, str>>) {
    for (index, text) in cells.enumerate() {
        if index > 0 {
            out.push(',');
        }
        push_cell(out, &text);
    }
    out.push_str("\r\n");
}

/// One field: control characters other than line feed and tab dropped (an
/// ESC sequence would drive the terminal of whoever prints the file),
/// formula-looking text prefixed with `'`, quoted when it holds a comma, a
/// quote or a line break (quotes doubled).
fn push_cell(out: &mut String, text: &str) {
    // Most cells are plain: nothing to drop, quote or neutralise.
    let plain = !text.starts_with(['=', '+', '-', '@'])
        && text
            .bytes()
            .all(|b| b >= 0x20 && b != 0x7f && b != 0xc2 && b != b',' && b != b'"');
    if plain {
        out.push_str(text);
        return;
    }
    let kept = |c: &char| !c.is_control() || matches!(c, '\n' | '\t');
    let mut chars = text.chars().filter(kept).peekable();
    let formula = chars
        .peek()
        .is_some_and(|c| matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r'));
    let quoted = text
        .chars()
        .filter(kept)
        .any(|c| matches!(c, ',' | '"' | '\n' | '\r'));
    if quoted {
        out.push('"');
    }
    if formula {
        out.push('\'');
    }
    for c in chars {
        if c == '"' {
            out.push('"');
        }
        out.push(c);
    }
    if quoted {
        out.push('"');
    }
}

/// One field as [`push_cell`] writes it.
#[cfg(test)]
fn cell(text: &str) -> String {
    let mut out = String::new();
    push_cell(&mut out, text);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_and_formulas_neutralised() {
        assert_eq!(cell("plain"), "plain");
        assert_eq!(cell("a,b"), "\"a,b\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("line\nnext"), "\"line\nnext\"");
        assert_eq!(cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(cell("-5"), "'-5");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell("周会"), "周会");
        assert_eq!(cell("a\u{85}b £5"), "ab £5");
        assert_eq!(cell("X \u{1b}]0;PWNED\u{7}\u{1b}[2J\r"), "X ]0;PWNED[2J");
    }
}
