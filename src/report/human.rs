//! Human output: miette's graphical reports, one per finding, and a summary.
//!
//! miette reads the plan through [`Shown`], not as a `&str`: the text as a
//! terminal may show it (control characters escaped, a lone `\r` shown as
//! the line break it is), with a line index, and only a bounded window of it
//! per finding. A `&str` source would be scanned from its start for every
//! label, and a long line copied and printed whole for each finding on it.

use std::cmp::Reverse;
use std::collections::BTreeMap;
use std::fmt;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::RuleId;
use crate::source::{SourceFile, Span};
use crate::terminal;

/// Bytes of a long line shown on each side of a span.
const WINDOW: usize = 80;
/// A line longer than this is shown as a window around the span.
const LONG_LINE: usize = 2 * WINDOW + 40;
/// A label is cut to this many bytes (its first ones), or to [`WINDOW`] on a long line.
const LABEL_MAX: usize = 2048;
/// miette asks for wider spans only to merge nearby labels; wider ones are shown apart.
const READ_MAX: usize = 4 * LABEL_MAX;

/// Terminal styling of human output.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Style {
    pub color: bool,
    /// Terminal width for wrapping; fixed in tests.
    pub width: usize,
}

impl Default for Style {
    fn default() -> Self {
        Self {
            color: false,
            width: 100,
        }
    }
}

pub(super) fn render(source: &SourceFile, diagnostics: &[Diagnostic], style: Style) -> String {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        // An id (`katrin-bauer`) or a `code span` is never cut across lines:
        // a reader copies it from the help.
        .with_word_splitter(textwrap::WordSplitter::NoHyphenation)
        .with_break_words(false)
        .with_word_separator(textwrap::WordSeparator::Custom(whole_code_spans))
        .with_links(false)
        .with_context_lines(1);
    let shown = Shown::new(source);
    let part = |diagnostics: &[Diagnostic]| render_part(&handler, &shown, source, diagnostics);
    // Each finding renders on its own, so with many the second half renders on
    // another core; the halves are joined in order, so the output is the same.
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    if diagnostics.len() < PARALLEL_MIN || cores < 2 {
        return part(diagnostics);
    }
    let (first, second) = diagnostics.split_at(diagnostics.len() / 2);
    std::thread::scope(|scope| {
        let later = scope.spawn(|| part(second));
        let mut out = part(first);
        // A render does not panic; if one did, the half is rendered again here.
        out.push_str(&later.join().unwrap_or_else(|_| part(second)));
        out
    })
}

/// Fewer findings than this render on one thread: starting another costs more.
const PARALLEL_MIN: usize = 200;

fn render_part(
    handler: &GraphicalReportHandler,
    shown: &Shown<'_>,
    source: &SourceFile,
    diagnostics: &[Diagnostic],
) -> String {
    let mut out = String::new();
    for diagnostic in diagnostics {
        let view = View {
            diagnostic,
            labels: labels(diagnostic, source, shown),
            source: shown,
        };
        // Rendering into a String cannot fail; a failed render would only lose this report.
        let _ = handler.render_report(&mut out, &view);
        out.push('\n');
    }
    out
}

/// More findings than this, and the summary counts them by rule too: a
/// reader scrolling back through thousands learns what they are at once.
const MANY: usize = 20;

/// "2 errors, 1 warning" (or "no problems"), for the end of human output;
/// with more than [`MANY`] findings, followed by the count of each rule,
/// most frequent first: "(overlapping-meetings 800, missing-escalation 48)".
pub fn summary(diagnostics: &[Diagnostic]) -> String {
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diagnostics.len() - errors;
    let count = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let total = match (errors, warnings) {
        (0, 0) => "no problems found".to_string(),
        (e, 0) => count(e, "error"),
        (0, w) => count(w, "warning"),
        (e, w) => format!("{}, {}", count(e, "error"), count(w, "warning")),
    };
    if diagnostics.len() > MANY {
        format!("{total} ({})", counts_by_rule(diagnostics))
    } else {
        total
    }
}

/// "overlapping-meetings 800, missing-escalation 48": most frequent first,
/// ties in the rules' order.
fn counts_by_rule(diagnostics: &[Diagnostic]) -> String {
    let mut counts: BTreeMap<RuleId, usize> = BTreeMap::new();
    for diagnostic in diagnostics {
        *counts.entry(diagnostic.rule).or_default() += 1;
    }
    let mut counts: Vec<(RuleId, usize)> = counts.into_iter().collect();
    counts.sort_by_key(|(rule, n)| (Reverse(*n), *rule));
    counts
        .iter()
        .map(|(rule, n)| format!("{rule} {n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The plan as the terminal shows it, built once per output: the same lines
/// as the original, control characters written as `\u{..}` (which moves
/// offsets: `shifts` maps them), a lone `\r` as `\n`.
struct Shown<'s> {
    original: &'s SourceFile,
    text: SourceFile,
    /// For each escaped character: its end in the original and in `text`.
    shifts: Vec<(usize, usize)>,
}

impl<'s> Shown<'s> {
    fn new(original: &'s SourceFile) -> Self {
        let source = original.text.as_str();
        let mut text = String::with_capacity(source.len());
        let mut shifts = Vec::new();
        // Plain runs are copied whole: pushing a large plan char by char
        // was a tenth of the report.
        let mut copied = 0;
        let mut chars = source.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            if c != '\r' && !terminal::is_escaped(c) {
                continue;
            }
            text.push_str(source.get(copied..at).unwrap_or_default());
            copied = at + c.len_utf8();
            if c == '\r' {
                // `\r\n` stays (miette reads it); a lone `\r` is a line break too.
                let pair = chars.peek().is_some_and(|&(_, next)| next == '\n');
                text.push(if pair { '\r' } else { '\n' });
            } else {
                terminal::push_escaped(&mut text, c);
                shifts.push((copied, text.len()));
            }
        }
        text.push_str(source.get(copied..).unwrap_or_default());
        Self {
            original,
            text: SourceFile::new(terminal::escape_controls(&original.name), text),
            shifts,
        }
    }

    /// Where an original offset lies in the shown text.
    fn shown_offset(&self, offset: usize) -> usize {
        let before = self.shifts.partition_point(|&(end, _)| end <= offset);
        match before.checked_sub(1).and_then(|i| self.shifts.get(i)) {
            Some(&(end, shown_end)) => shown_end + (offset - end),
            None => offset,
        }
    }

    /// Where a shown offset came from in the original.
    fn original_offset(&self, offset: usize) -> usize {
        let before = self.shifts.partition_point(|&(_, shown)| shown <= offset);
        match before.checked_sub(1).and_then(|i| self.shifts.get(i)) {
            Some(&(end, shown_end)) => end + (offset - shown_end),
            None => offset,
        }
    }

    /// Where the excerpt for `span` starts: the span's line (or a window of
    /// it), and up to `lines` lines before it while they are short.
    fn excerpt_start(&self, start: usize, lines: usize) -> usize {
        let line = self.text.line_range(start);
        if line.len() > LONG_LINE && start - line.start > WINDOW {
            return self.text.floor_char_boundary(start - WINDOW);
        }
        let mut from = line.start;
        for _ in 0..lines {
            if from == 0 {
                break;
            }
            let previous = self.text.line_range(from - 1);
            if previous.len() > LONG_LINE {
                return self.text.floor_char_boundary(previous.end - WINDOW);
            }
            from = previous.start;
        }
        from
    }

    /// Where the excerpt for a span ending at `end` ends, likewise.
    fn excerpt_end(&self, end: usize, lines: usize) -> usize {
        let line = self.text.line_range(end);
        if line.len() > LONG_LINE && line.end.saturating_sub(end) > WINDOW {
            return self.text.ceil_char_boundary(end + WINDOW);
        }
        let mut to = line.end;
        for _ in 0..lines {
            let next_start = self.next_line_start(to);
            if next_start == to {
                break;
            }
            let next = self.text.line_range(next_start);
            if next.len() > LONG_LINE {
                return self.text.ceil_char_boundary(next.start + WINDOW);
            }
            to = next.end;
        }
        to
    }

    /// The start of the line after the line break at `line_end`.
    fn next_line_start(&self, line_end: usize) -> usize {
        let bytes = self.text.text.as_bytes();
        match bytes.get(line_end) {
            Some(b'\r') if bytes.get(line_end + 1) == Some(&b'\n') => line_end + 2,
            Some(_) => line_end + 1,
            None => line_end,
        }
    }
}

impl SourceCode for Shown<'_> {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let len = self.text.text.len();
        let start = span.offset().min(len);
        let end = (span.offset() + span.len()).min(len);
        if end - start > READ_MAX {
            return Err(MietteError::OutOfBounds);
        }
        // Without context, miette wants the span's own position (its header).
        let from = if context_lines_before == 0 {
            start
        } else {
            self.excerpt_start(start, context_lines_before)
        };
        let to = self.excerpt_end(end, context_lines_after).max(from);
        let data = &self.text.text[from..to];
        let position = self.original.line_col(self.original_offset(from));
        Ok(Box::new(MietteSpanContents::new_named(
            self.text.name.clone(),
            data.as_bytes(),
            (from, to - from).into(),
            position.line - 1,
            position.column - 1,
            // The lines it covers: miette merges excerpts that overlap or touch.
            data.matches('\n').count() + 1,
        )))
    }
}

/// A finding's labels in shown offsets, each cut short enough to show.
fn labels(diagnostic: &Diagnostic, source: &SourceFile, shown: &Shown<'_>) -> Vec<LabeledSpan> {
    let place = |span: Span| {
        let start = span.start.min(source.text.len());
        let limit = if source.line_range(start).len() > LONG_LINE {
            WINDOW
        } else {
            LABEL_MAX
        };
        let end = source.ceil_char_boundary(span.end().min(start + limit));
        let (from, to) = (shown.shown_offset(start), shown.shown_offset(end));
        (from, to.saturating_sub(from))
    };
    let d = diagnostic;
    let text =
        |label: &str| (!label.is_empty()).then(|| terminal::escape_controls(label).into_owned());
    std::iter::once(LabeledSpan::new_primary_with_span(
        text(&d.label),
        place(d.span),
    ))
    .chain(
        d.related
            .iter()
            .map(|r| LabeledSpan::new_with_span(text(&r.label), place(r.span))),
    )
    .collect()
}

/// One finding as a miette diagnostic.
struct View<'a> {
    diagnostic: &'a Diagnostic,
    labels: Vec<LabeledSpan>,
    source: &'a Shown<'a>,
}

impl fmt::Debug for View<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.diagnostic.fmt(f)
    }
}

impl fmt::Display for View<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&terminal::escape_controls(&self.diagnostic.message))
    }
}

impl std::error::Error for View<'_> {}

impl miette::Diagnostic for View<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        let d = self.diagnostic;
        Some(Box::new(format!("{}[{}]", d.severity.as_str(), d.rule)))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.diagnostic
            .help
            .as_ref()
            .map(|h| Box::new(terminal::escape_controls(h)) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }
}

/// Words for wrapping: split at spaces, but never inside a `code span`.
fn whole_code_spans(line: &str) -> Box<dyn Iterator<Item = textwrap::core::Word<'_>> + '_> {
    let mut words = Vec::new();
    let mut start = 0;
    let mut in_code = false;
    let mut chars = line.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        match c {
            '`' => in_code = !in_code,
            ' ' if !in_code && chars.peek().is_some_and(|(_, next)| *next != ' ') => {
                words.push(textwrap::core::Word::from(&line[start..=at]));
                start = at + 1;
            }
            _ => {}
        }
    }
    if start < line.len() {
        words.push(textwrap::core::Word::from(&line[start..]));
    }
    Box::new(words.into_iter())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn human(text: &str, span: Span) -> String {
        let source = SourceFile::new("p.yaml", text);
        let finding = Diagnostic::new(RuleId::InvalidValue, span, "bad `x`")
            .with_label("here")
            .with_help("write y");
        render(&source, &[finding], Style::default())
    }

    #[test]
    fn a_long_line_is_shown_as_a_window_around_the_span() {
        let text = format!(
            "a: [{}x, {}]\n",
            "1, ".repeat(100_000),
            "2, ".repeat(100_000)
        );
        let at = text.find('x').unwrap();
        let out = human(&text, Span::new(at, 1));
        assert!(out.len() < 2_000, "{} bytes", out.len());
        assert!(out.contains(&format!("[p.yaml:1:{}]", at + 1)), "{out}");
        assert!(out.contains("1, x, 2"), "{out}");
    }

    #[test]
    fn control_characters_are_escaped_in_message_label_and_excerpt() {
        let text = "a: 1\nb: \"\u{1b}]0;pwned\u{7}\"\nc: 3\n";
        let at = text.find('b').unwrap();
        let source = SourceFile::new("p.yaml", text);
        let finding = Diagnostic::new(RuleId::InvalidValue, Span::new(at, 1), "bad \u{1b}[2J")
            .with_label("here \u{9b}")
            .with_help("\u{1b}c");
        let out = render(&source, &[finding], Style::default());
        assert!(!out.chars().any(terminal::is_escaped), "{out:?}");
        assert!(out.contains("b: \"\\u{1b}]0;pwned\\u{7}\""), "{out}");
        assert!(
            out.contains("bad \\u{1b}[2J") && out.contains("here \\u{9b}"),
            "{out}"
        );
        assert!(out.contains("[p.yaml:2:1]"), "{out}");
    }

    #[test]
    fn lone_cr_lines_are_numbered_as_json_numbers_them() {
        let text = "a: 1\rb: 2\rc: 3\r";
        let at = text.find('c').unwrap();
        let out = human(text, Span::new(at + 3, 1));
        assert!(out.contains("[p.yaml:3:4]"), "{out}");
        assert!(out.contains(" 3 │ c: 3"), "{out}");
        assert!(out.contains(" 2 │ b: 2"), "{out}");
    }

    #[test]
    fn an_excerpt_after_an_escaped_character_underlines_the_right_text() {
        let text = "k: \"\u{1}\u{1}\u{1}\" bad\n";
        let at = text.find("bad").unwrap();
        let out = human(text, Span::new(at, 3));
        let excerpt = out.lines().find(|l| l.contains("│ k:")).unwrap();
        let underline = out.lines().find(|l| l.contains("┬")).unwrap();
        let column = excerpt.chars().position(|c| c == 'b').unwrap();
        assert_eq!(
            underline.chars().position(|c| c == '─' || c == '┬'),
            Some(column),
            "{out}"
        );
    }

    fn findings(counts: &[(RuleId, usize)]) -> Vec<Diagnostic> {
        counts
            .iter()
            .flat_map(|(rule, n)| (0..*n).map(|i| Diagnostic::new(*rule, Span::new(i, 1), "x")))
            .collect()
    }

    #[test]
    fn a_few_findings_are_summed_up_by_severity_only() {
        assert_eq!(summary(&[]), "no problems found");
        let few = findings(&[(RuleId::InvalidValue, 2), (RuleId::MissingReview, 18)]);
        assert_eq!(summary(&few), "2 errors, 18 warnings");
    }

    #[test]
    fn many_findings_are_counted_by_rule_most_frequent_first() {
        let many = findings(&[
            (RuleId::MissingEscalation, 3),
            (RuleId::OverlappingMeetings, 12),
            (RuleId::MissingReview, 3),
            (RuleId::InvalidValue, 1),
            (RuleId::OutsideWorkingHours, 5),
        ]);
        assert_eq!(
            summary(&many),
            "1 error, 23 warnings (overlapping-meetings 12, outside-working-hours 5, \
             missing-escalation 3, missing-review 3, invalid-value 1)"
        );
    }

    /// Help lines wrap between words, never inside an id or a code span.
    #[test]
    fn wrapping_keeps_ids_and_code_spans_whole() {
        let words: Vec<String> = whole_code_spans("ask `katrin-bauer` or `a: \"b c\"`  now")
            .map(|w| format!("{}{}", w.word, w.whitespace))
            .collect();
        assert_eq!(
            words,
            ["ask ", "`katrin-bauer` ", "or ", "`a: \"b c\"`  ", "now"]
        );
    }
}
