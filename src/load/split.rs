//! Where a large plan's text can be cut so that its parts parse on two
//! threads. Text only: this file knows YAML's block layout, not its library.
//!
//! A plan is a mapping of sections at column 0; a large section (`meetings:`)
//! is a mapping of items at one indentation. The text is cut at the line
//! where an item of the section around the middle starts, and again where
//! the next section starts, so that each part is a YAML document of its own:
//! `head` (the sections before, and the section's first items), `rest` (the
//! section's other items, a mapping at their indentation) and `tail` (the
//! sections after).
//!
//! A cut is only a guess: YAML puts no line at an item's indentation inside a
//! block scalar of the section (its content is indented further), but a
//! quoted or flow value left open across a cut, an alias to an anchor in
//! another part, or a key repeated across parts all make a part differ from
//! the same text in the whole. Each of these makes a part fail to parse or
//! shows in the merge (`tree.rs`), which then parses the whole text instead.

/// A plan's text cut in three: `..rest`, `rest..tail`, `tail..`.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Cut<'t> {
    /// Where the section's later items start (`tail` when the cut is between
    /// sections).
    pub rest: usize,
    /// Where the sections after it start (the text's length when none).
    pub tail: usize,
    /// The section whose items `rest..tail` holds; `None` when it is empty.
    pub section: Option<&'t str>,
}

/// Where to cut `text` in parts of about equal size, if it is laid out as
/// described above; `None` when it is not, or has no cut near its middle.
pub(super) fn cut(text: &str) -> Option<Cut<'_>> {
    let lines = lines(text)?;
    let middle = text.len() / 2;
    // The section around the middle, and where the one after it starts.
    let header = lines
        .iter()
        .rev()
        .find(|line| line.indent == 0 && line.start <= middle)?;
    let tail = lines
        .iter()
        .find(|line| line.indent == 0 && line.start > middle)
        .map_or(text.len(), |line| line.start);
    let between_sections = (tail < text.len()).then_some(Cut {
        rest: tail,
        tail,
        section: None,
    });
    let Some(section) = block_header(header.text) else {
        return between_sections;
    };
    // The section's items are at the indentation of its first line.
    let mut items = lines
        .iter()
        .filter(|line| line.start > header.start && line.start < tail);
    let Some(first) = items.next().filter(|line| line.starts_key) else {
        return between_sections;
    };
    let rest = items
        .filter(|line| line.start > middle)
        .find(|line| line.indent == first.indent && line.starts_key);
    match rest {
        Some(line) => Some(Cut {
            rest: line.start,
            tail,
            section: Some(section),
        }),
        None => between_sections,
    }
}

/// A line with content (not blank, not only a comment).
struct Line<'t> {
    start: usize,
    indent: usize,
    /// The line without its indentation and line break.
    text: &'t str,
    /// Whether it starts like a plain key (`m12:`, not `- `, `"`, `?`, `&`).
    starts_key: bool,
}

/// The lines with content, or `None` when the text has what a cut cannot
/// reason about: a directive or document marker, a tab or a line break other
/// than `\n` and `\r\n`, or a top-level line that is not a plain key.
fn lines(text: &str) -> Option<Vec<Line<'_>>> {
    let mut lines = Vec::new();
    let mut start = 0;
    for raw in text.split_inclusive('\n') {
        let line_start = start;
        start += raw.len();
        let line = raw.strip_suffix('\n').unwrap_or(raw);
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.contains('\r') {
            return None;
        }
        let content = line.trim_start_matches(' ');
        let indent = line.len() - content.len();
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let starts_key = content
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_');
        // Top-level lines that are not plain keys include `---`, `...` and
        // `%` directives.
        if (indent == 0 && !starts_key) || content.starts_with('\t') {
            return None;
        }
        lines.push(Line {
            start: line_start,
            indent,
            text: content,
            starts_key,
        });
    }
    Some(lines)
}

/// The key of a section line that opens a block on the lines below
/// (`meetings:`, optionally with a comment), else `None`.
fn block_header(line: &str) -> Option<&str> {
    let (key, after) = line.split_once(':')?;
    let after = after.trim_start_matches(' ');
    let plain = key
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    (plain && (after.is_empty() || after.starts_with('#'))).then_some(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_large_section_is_cut_at_an_item_past_the_middle() {
        let items: String = (0..10)
            .map(|i| format!("  m{i}:\n    title: M\n"))
            .collect();
        let text = format!("version: 1\nmeetings:\n{items}reports:\n  r: {{}}\n");
        let cut = cut(&text).unwrap();
        assert_eq!(cut.section, Some("meetings"));
        assert!(cut.rest > text.len() / 2);
        assert!(text[cut.rest..].starts_with("  m"));
        assert!(text[..cut.rest].ends_with("title: M\n"));
        assert_eq!(&text[cut.tail..], "reports:\n  r: {}\n");
    }

    #[test]
    fn a_section_written_inline_is_cut_after() {
        let text = format!("a: 1\nb: [{}]\nc: 2\n", "x, ".repeat(20));
        let cut = cut(&text).unwrap();
        assert_eq!(cut.section, None);
        assert_eq!((cut.rest, cut.tail), (text.len() - 5, text.len() - 5));
    }

    #[test]
    fn a_layout_a_cut_cannot_reason_about_is_not_cut() {
        let items: String = (0..10).map(|i| format!("  m{i}: x\n")).collect();
        for text in [
            format!("---\nmeetings:\n{items}"),
            format!("%YAML 1.2\n---\nmeetings:\n{items}"),
            format!("- a\nmeetings:\n{items}"),
            format!("\"q\": 1\nmeetings:\n{items}"),
            format!("meetings:\n{items}\r  m: x\n"),
            format!("meetings:\n{items}\t m: x\n"),
        ] {
            assert_eq!(cut(&text), None, "{text:?}");
        }
        // A block whose items are not plain keys is cut between sections only.
        let list: String = (0..10).map(|i| format!("  - m{i}\n")).collect();
        let text = format!("a:\n{list}b: 1\n");
        assert_eq!(cut(&text).and_then(|c| c.section), None);
        let text = format!("a: |\n{items}b: 1\n");
        assert_eq!(cut(&text).and_then(|c| c.section), None);
    }

    #[test]
    fn windows_line_breaks_are_lines() {
        let items: String = (0..10).map(|i| format!("  m{i}: x\r\n")).collect();
        let text = format!("meetings:\r\n{items}r: 1\r\n");
        assert_eq!(cut(&text).unwrap().section, Some("meetings"));
    }
}
