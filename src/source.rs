//! The plan's text and positions in it.
//!
//! Everything that points into the plan carries a [`Span`] (a byte range); only
//! rendering turns it into a 1-based line and column, counted in characters as
//! editors and rustc do. Lines end at `\r\n`, `\n` or a lone `\r`, as YAML 1.2
//! breaks lines, so every output format and the parser agree on positions.
//! Both lookups use indexes built once: a binary search finds the line, and a
//! character count every [`BLOCK`] bytes bounds the counting for the column,
//! so a finding costs the same on a 1 MB line as on a short one.

/// Bytes between two entries of the character-count index.
const BLOCK: usize = 256;

/// A byte range in a [`SourceFile`]. An empty span at 0 means "the whole plan".
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub start: usize,
    pub len: usize,
}

impl Span {
    pub const fn new(start: usize, len: usize) -> Self {
        Self { start, len }
    }

    pub const fn end(self) -> usize {
        self.start + self.len
    }
}

/// A 1-based line and column (in characters).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

/// The plan as it was read: its display name (a relative path as given) and text.
#[derive(Clone, Debug)]
pub struct SourceFile {
    pub name: String,
    pub text: String,
    /// The byte offset where each line starts; the first is 0.
    line_starts: Vec<usize>,
    /// Characters before byte `k * BLOCK`; empty when the text is ASCII
    /// (characters are bytes then).
    chars_before_block: Vec<usize>,
}

impl SourceFile {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        let text = text.into();
        let line_starts = line_starts(&text);
        let chars_before_block = if text.is_ascii() {
            Vec::new()
        } else {
            // One entry per block and one for the end, so any offset has one.
            let mut marks = Vec::with_capacity(text.len() / BLOCK + 2);
            let mut before = 0;
            for block in text.as_bytes().chunks(BLOCK) {
                marks.push(before);
                before += chars_in(block);
            }
            marks.push(before);
            marks
        };
        Self {
            name: name.into(),
            text,
            line_starts,
            chars_before_block,
        }
    }

    /// The line and column of a byte offset (clamped into the text).
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = self.floor_char_boundary(offset.min(self.text.len()));
        let line_index = self.line_index(offset);
        let line_start = self.line_start(line_index);
        LineCol {
            line: line_index + 1,
            column: self.chars_before(offset) - self.chars_before(line_start) + 1,
        }
    }

    /// The byte range of the line holding a byte offset, without its line break.
    pub fn line_range(&self, offset: usize) -> std::ops::Range<usize> {
        let index = self.line_index(offset.min(self.text.len()));
        let start = self.line_start(index);
        start..self.line_end(index)
    }

    /// The byte offset of a 1-based line and character column, clamped into the text.
    pub fn offset_of(&self, line: usize, column: usize) -> usize {
        let index = line.saturating_sub(1);
        if index >= self.line_starts.len() {
            return self.text.len();
        }
        let start = self.line_start(index);
        let line_text = &self.text[start..self.line_end(index)];
        start
            + line_text
                .char_indices()
                .nth(column.saturating_sub(1))
                .map_or(line_text.len(), |(i, _)| i)
    }

    /// A span of `chars` characters starting at a byte offset (clamped into the text).
    pub fn span_of_chars(&self, start: usize, chars: usize) -> Span {
        let start = self.floor_char_boundary(start.min(self.text.len()));
        let len = self.text[start..]
            .char_indices()
            .nth(chars)
            .map_or(self.text.len() - start, |(i, _)| i);
        Span::new(start, len)
    }

    /// The text a span covers, or "" when the span lies outside the text.
    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.start..span.end()).unwrap_or_default()
    }

    /// The largest character boundary at or before `offset` (clamped into the text).
    pub fn floor_char_boundary(&self, offset: usize) -> usize {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }

    /// The smallest character boundary at or after `offset` (clamped into the text).
    pub fn ceil_char_boundary(&self, offset: usize) -> usize {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset += 1;
        }
        offset
    }

    /// The 0-based index of the line holding a byte offset.
    fn line_index(&self, offset: usize) -> usize {
        self.line_starts
            .partition_point(|&start| start <= offset)
            .saturating_sub(1)
    }

    fn line_start(&self, index: usize) -> usize {
        self.line_starts.get(index).copied().unwrap_or(0)
    }

    /// Where line `index` ends, before its line break.
    fn line_end(&self, index: usize) -> usize {
        let next = self
            .line_starts
            .get(index + 1)
            .copied()
            .unwrap_or(self.text.len());
        let bytes = self.text.as_bytes();
        let mut end = next;
        if end > self.line_start(index) && index + 1 < self.line_starts.len() {
            // Step back over the break: `\n`, `\r` or `\r\n`.
            end -= 1;
            if bytes.get(end) == Some(&b'\n') && end > 0 && bytes.get(end - 1) == Some(&b'\r') {
                end -= 1;
            }
        }
        end
    }

    /// Characters in the text before a byte offset (a character boundary).
    fn chars_before(&self, offset: usize) -> usize {
        if self.chars_before_block.is_empty() {
            return offset;
        }
        let block = offset / BLOCK;
        let counted = self.chars_before_block.get(block).copied().unwrap_or(0);
        counted + chars_in(&self.text.as_bytes()[block * BLOCK..offset])
    }
}

/// Where each line starts: after every `\n`, every `\r\n` and every lone `\r`.
fn line_starts(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut starts = vec![0];
    for (i, &byte) in bytes.iter().enumerate() {
        let breaks = byte == b'\n' || (byte == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
        if breaks {
            starts.push(i + 1);
        }
    }
    starts
}

/// Characters in UTF-8 bytes: the bytes that are not continuation bytes.
fn chars_in(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn line_and_column_count_characters() {
        let file = SourceFile::new("p.yaml", "a: 1\nname: 项目 x\n");
        assert_eq!(file.line_col(0), LineCol { line: 1, column: 1 });
        let x = file.text.find('x').unwrap();
        assert_eq!(
            file.line_col(x),
            LineCol {
                line: 2,
                column: 10
            }
        );
        assert_eq!(file.offset_of(2, 10), x);
    }

    #[test]
    fn offsets_past_the_end_are_clamped() {
        let file = SourceFile::new("p.yaml", "ab");
        assert_eq!(file.line_col(99), LineCol { line: 1, column: 3 });
        assert_eq!(file.offset_of(7, 1), 2);
        assert_eq!(file.span_of_chars(1, 5), Span::new(1, 1));
    }

    #[test]
    fn cr_lf_and_lone_cr_each_end_a_line() {
        for text in [
            "a: 1\nb: 2\nc: 3\n",
            "a: 1\r\nb: 2\r\nc: 3\r\n",
            "a: 1\rb: 2\rc: 3\r",
        ] {
            let file = SourceFile::new("p.yaml", text);
            let c = file.text.find('c').unwrap();
            assert_eq!(file.line_col(c), LineCol { line: 3, column: 1 }, "{text:?}");
            assert_eq!(
                file.line_col(c + 3),
                LineCol { line: 3, column: 4 },
                "{text:?}"
            );
            assert_eq!(file.offset_of(3, 4), c + 3, "{text:?}");
            assert_eq!(file.slice(Span::new(c, 4)), "c: 3");
            assert_eq!(file.line_range(c + 1), c..c + 4, "{text:?}");
        }
        // A mix, as a file edited on several systems has.
        let file = SourceFile::new("p.yaml", "a\r\nb\rc\nd");
        let lines: Vec<usize> = "abcd"
            .chars()
            .map(|ch| file.line_col(file.text.find(ch).unwrap()).line)
            .collect();
        assert_eq!(lines, [1, 2, 3, 4]);
    }

    #[test]
    fn columns_on_a_long_line_use_the_index() {
        let text = format!("{}x", "é".repeat(10_000));
        let file = SourceFile::new("p.yaml", text.as_str());
        let x = text.len() - 1;
        assert_eq!(
            file.line_col(x),
            LineCol {
                line: 1,
                column: 10_001
            }
        );
    }

    proptest! {
        /// The indexes agree with counting from the start of the text.
        #[test]
        fn line_col_agrees_with_a_scan(text in "[a\u{e9}\u{9879}\r\n ]{0,700}", at in 0usize..2100) {
            let file = SourceFile::new("p.yaml", text.as_str());
            let offset = file.floor_char_boundary(at);
            let before = &text[..offset];
            // Inside a `\r\n` break, either line would do.
            prop_assume!(!(before.ends_with('\r') && text[offset..].starts_with('\n')));
            let normalised = before.replace("\r\n", "\n").replace('\r', "\n");
            let line = normalised.matches('\n').count() + 1;
            let column = normalised.rsplit('\n').next().unwrap_or("").chars().count() + 1;
            prop_assert_eq!(file.line_col(offset), LineCol { line, column });
        }
    }
}
