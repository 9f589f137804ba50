//! Markdown pages tidied as the templates write them: optional sections
//! leave blank lines behind; Markdown wants none at the start, at most one in
//! a row, and one newline at the end. Two trailing spaces (a line break)
//! stay, except at the very end. Works line by line, so that a page can go
//! to the sink in pieces.

/// The state between two writes of a template.
#[derive(Debug, Default)]
pub(super) struct TidyMarkdown {
    /// The line being written, up to its line feed.
    line: Vec<u8>,
    /// A line with text has been written.
    started: bool,
    /// A blank line is owed before the next line with text.
    blank: bool,
    /// The last line's trailing white space: owed only if more text follows.
    trailing: String,
}

impl TidyMarkdown {
    /// Tidies `bytes` onto `out`, keeping back what depends on what follows.
    pub(super) fn write(&mut self, bytes: &[u8], out: &mut String) {
        for piece in bytes.split_inclusive(|b| *b == b'\n') {
            self.line.extend_from_slice(piece);
            if piece.ends_with(b"\n") {
                let line = std::mem::take(&mut self.line);
                self.push_line(&line, out);
            }
        }
    }

    /// How many bytes are held back.
    pub(super) fn held(&self) -> usize {
        self.line.len() + self.trailing.len()
    }

    /// The rest, and the final newline.
    pub(super) fn finish(mut self, out: &mut String) {
        let line = std::mem::take(&mut self.line);
        self.push_line(&line, out);
        out.push('\n');
    }

    fn push_line(&mut self, raw: &[u8], out: &mut String) {
        let text = String::from_utf8_lossy(raw);
        // As `str::lines` has it: without the line feed and a CR before it.
        let line = text.strip_suffix('\n').unwrap_or(&text);
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() {
            self.blank = self.started;
            return;
        }
        if self.started {
            out.push_str(&self.trailing);
            out.push('\n');
            if self.blank {
                out.push('\n');
            }
        }
        let kept = line.trim_end();
        out.push_str(kept);
        self.trailing.clear();
        self.trailing.push_str(&line[kept.len()..]);
        self.started = true;
        self.blank = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The whole page at once, as it was tidied before pages were streamed:
    /// the oracle.
    fn tidied_whole(text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut blank = false;
        for line in text.lines() {
            let is_blank = line.trim().is_empty();
            if is_blank && (blank || out.is_empty()) {
                continue;
            }
            blank = is_blank;
            out.push_str(if is_blank { "" } else { line });
            out.push('\n');
        }
        let end = out.trim_end().len();
        out.truncate(end);
        out.push('\n');
        out
    }

    fn tidied_in_pieces(text: &str, cuts: &[usize]) -> String {
        let bytes = text.as_bytes();
        let mut cuts: Vec<usize> = cuts.iter().map(|c| c % (bytes.len() + 1)).collect();
        cuts.sort_unstable();
        let mut tidy = TidyMarkdown::default();
        let mut out = String::new();
        let mut from = 0;
        for cut in cuts.into_iter().chain([bytes.len()]) {
            tidy.write(&bytes[from..cut], &mut out);
            from = cut;
        }
        tidy.finish(&mut out);
        out
    }

    #[test]
    fn blank_lines_are_collapsed_and_the_end_trimmed() {
        let page = "\n\n# Title  \n\n\n\nText with a break  \nmore\r\n  \n\t\n- item  \n\n";
        let tidy = "# Title  \n\nText with a break  \nmore\n\n- item\n";
        assert_eq!(tidied_in_pieces(page, &[]), tidy);
        assert_eq!(tidied_in_pieces(page, &[3, 9, 10, 31]), tidy);
        assert_eq!(tidied_in_pieces("", &[]), "\n");
        assert_eq!(tidied_in_pieces("  \n \n", &[]), "\n");
    }

    proptest! {
        /// Written in any pieces, a page is tidied as it was whole.
        #[test]
        fn pieces_tidy_as_the_whole(
            text in "([a-cé中 #\\-]{0,6}[ \t\r]{0,2}\n?){0,12}",
            cuts in proptest::collection::vec(0usize..200, 0..6),
        ) {
            prop_assert_eq!(tidied_in_pieces(&text, &cuts), tidied_whole(&text));
        }
    }
}
