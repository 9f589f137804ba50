//! `tasks.csv`: RFC 4180, UTF-8 with a BOM (spreadsheet programs then read
//! Chinese correctly), CRLF line ends, headers in the plan's language or as
//! `outputs.tasks.columns` renames and orders them. A cell that a spreadsheet
//! would take for a formula is neutralised.

use crate::compile::tasks::Task;

/// The CSV file for `tasks` with `columns` as (field, header) pairs.
pub fn csv(tasks: &[Task], columns: &[(String, String)]) -> Vec<u8> {
    let mut out = String::from("\u{feff}");
    let header: Vec<String> = columns.iter().map(|(_, header)| cell(header)).collect();
    out.push_str(&header.join(","));
    out.push_str("\r\n");
    for task in tasks {
        let row: Vec<String> = columns
            .iter()
            .map(|(field, _)| cell(&task.field(field)))
            .collect();
        out.push_str(&row.join(","));
        out.push_str("\r\n");
    }
    out.into_bytes()
}

/// One field: control characters other than line feed and tab dropped (an
/// ESC sequence would drive the terminal of whoever prints the file),
/// formula-looking text prefixed with `'`, quoted when it holds a comma, a
/// quote or a line break (quotes doubled).
fn cell(text: &str) -> String {
    let text: String = text
        .chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        .collect();
    let neutral = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text
    };
    if neutral.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", neutral.replace('"', "\"\""))
    } else {
        neutral
    }
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
        assert_eq!(cell("X \u{1b}]0;PWNED\u{7}\u{1b}[2J\r"), "X ]0;PWNED[2J");
    }
}
