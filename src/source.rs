//! The plan's text and positions in it.
//!
//! Everything that points into the plan carries a [`Span`] (a byte range); only
//! rendering turns it into a 1-based line and column, counted in characters as
//! editors and rustc do.

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
    line_starts: Vec<usize>,
}

impl SourceFile {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        let text = text.into();
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Self {
            name: name.into(),
            text,
            line_starts,
        }
    }

    /// The line and column of a byte offset (clamped into the text).
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = self.floor_char_boundary(offset.min(self.text.len()));
        let line_index = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let line_start = self.line_starts[line_index];
        let column = self.text[line_start..offset].chars().count() + 1;
        LineCol {
            line: line_index + 1,
            column,
        }
    }

    /// The byte offset of a 1-based line and character column, clamped into the text.
    pub fn offset_of(&self, line: usize, column: usize) -> usize {
        let Some(&line_start) = self.line_starts.get(line.saturating_sub(1)) else {
            return self.text.len();
        };
        let rest = &self.text[line_start..];
        let line_text = rest.split('\n').next().unwrap_or_default();
        line_start
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

    fn floor_char_boundary(&self, mut offset: usize) -> usize {
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
