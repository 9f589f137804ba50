//! Text on its way to a terminal. Plan text may hold control characters (a
//! YAML `"\e]0;title\a"` is a valid string): printed raw, ESC sequences set
//! the terminal's title, clear the screen or rewrite what was printed before.
//! Every output meant for a terminal (the human and github formats, `plan
//! agenda`'s table, `plan diff`, `plan sla`, `plan simulate`, errors) passes
//! its text through [`escape_controls`].
//!
//! The choice: each control character (Unicode `Cc`: C0, DEL and C1) other
//! than newline and tab, and each bidirectional control (which reorders what
//! follows it on the line, as in "Trojan Source"), is shown as a Rust-style
//! escape, `\u{1b}`, so the reader sees what the plan holds rather than a
//! blank, U+FFFD or text in another order.

use std::borrow::Cow;

/// Whether a character is replaced on its way to a terminal.
pub fn is_escaped(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || is_bidi_control(c)
        // Line and paragraph separators break a line where none shows; a
        // zero-width no-break space hides inside a word.
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}')
}

/// The bidirectional formatting characters: marks, embeddings, overrides
/// and isolates.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// The text with every control character but newline and tab written as `\u{..}`.
pub fn escape_controls(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_escaped) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        push_escaped(&mut out, c);
    }
    Cow::Owned(out)
}

/// Appends one character, escaped if it is a control character.
pub fn push_escaped(out: &mut String, c: char) {
    if is_escaped(c) {
        out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
    } else {
        out.push(c);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn separators_and_a_hidden_no_break_space_become_visible_text() {
        assert_eq!(
            escape_controls("a\u{2028}b\u{2029}c\u{feff}d"),
            "a\\u{2028}b\\u{2029}c\\u{feff}d"
        );
    }

    #[test]
    fn escape_sequences_become_visible_text() {
        assert_eq!(
            escape_controls("a\u{1b}]0;pwned\u{7}b\u{9b}2J\r\n\tc"),
            "a\\u{1b}]0;pwned\\u{7}b\\u{9b}2J\\u{d}\n\tc"
        );
        assert!(matches!(escape_controls("plain 项目\n"), Cow::Borrowed(_)));
    }

    #[test]
    fn bidirectional_controls_become_visible_text() {
        assert_eq!(
            escape_controls("a\u{202e}b\u{2066}c\u{200f}"),
            "a\\u{202e}b\\u{2066}c\\u{200f}"
        );
        // Right-to-left text itself is not a control.
        assert_eq!(escape_controls("שלום مرحبا"), "שלום مرحبا");
    }

    proptest! {
        #[test]
        fn no_control_but_newline_and_tab_survives(text in "\\PC*|[\\x00-\\x1f\\x7f-\\u{9f}a]*") {
            let out = escape_controls(&text);
            prop_assert!(!out.chars().any(is_escaped));
        }
    }
}
