//! Text from the plan, made safe for its target. Fields that allow Markdown
//! (`summary`, `purpose`, `description`, `mitigation`) become HTML through
//! pulldown-cmark with raw HTML shown as text and only http, https and mailto
//! links kept, or stay Markdown with the same two rules; every other text is
//! plain and escaped.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// Whether a link target may stay a link.
fn allowed_link(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with("mailto:")
}

/// Markdown to HTML, safe to embed in a page.
pub fn to_html(text: &str) -> String {
    let parser = Parser::new_ext(text, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH);
    let mut dropped_links = 0usize;
    let events = parser.filter_map(|event| match event {
        // Raw HTML is shown, not interpreted.
        Event::Html(html) | Event::InlineHtml(html) => Some(Event::Text(html)),
        Event::Start(Tag::Link { dest_url, .. }) if !allowed_link(&dest_url) => {
            dropped_links += 1;
            None
        }
        Event::End(TagEnd::Link) if dropped_links > 0 => {
            dropped_links -= 1;
            None
        }
        // Images would load from the network: show their text instead.
        Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => None,
        other => Some(other),
    });
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events);
    html
}

/// Markdown kept as Markdown for a Markdown page: raw HTML escaped, links
/// other than http, https and mailto turned into plain text.
pub fn to_markdown(text: &str) -> String {
    let escaped = text
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    let mut out = String::with_capacity(escaped.len());
    let mut rest = escaped.as_str();
    while let Some(at) = rest.find("](") {
        let (before, after) = rest.split_at(at + 2);
        out.push_str(before);
        // The link target ends at the `)` that balances its `(`.
        let mut depth = 0usize;
        let end = after
            .char_indices()
            .find(|(_, c)| match c {
                '(' => {
                    depth += 1;
                    false
                }
                ')' if depth > 0 => {
                    depth -= 1;
                    false
                }
                ')' | ' ' | '\n' => true,
                _ => false,
            })
            .map_or(after.len(), |(i, _)| i);
        let url = &after[..end];
        if allowed_link(url) || url.starts_with('#') {
            out.push_str(url);
        } else {
            out.push('#');
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    // Reference definitions `[x]: javascript:...`.
    out.lines()
        .map(|line| {
            match line
                .trim_start()
                .strip_prefix('[')
                .and_then(|l| l.split_once("]:"))
            {
                Some((_, url)) if !allowed_link(url) => String::new(),
                _ => line.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Plain text for one line of a Markdown page: Markdown syntax escaped, line
/// breaks folded into spaces (so a table cell stays one cell).
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last_space = false;
    for c in text.chars() {
        match c {
            '\n' | '\r' | '\t' => {
                if !last_space {
                    out.push(' ');
                }
                last_space = true;
                continue;
            }
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' | '~' | '!' | '{' | '}' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            c if c.is_control() => continue,
            c => out.push(c),
        }
        last_space = c == ' ';
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escapes_raw_html_and_drops_unsafe_links() {
        let html = to_html(
            "Hi <script>alert(1)</script> [x](javascript:alert(1)) [ok](https://example.com) <img src=x onerror=alert(1)>",
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(
            html.contains("<a href=\"https://example.com\">ok</a>"),
            "{html}"
        );
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }

    #[test]
    fn markdown_stays_markdown_without_html_or_unsafe_links() {
        let md = to_markdown(
            "**Bold** <script>x</script> [bad](javascript:alert(1)) [good](https://a.example)\n[ref]: javascript:x",
        );
        assert!(md.contains("**Bold**"));
        assert!(md.contains("&lt;script&gt;"));
        assert!(md.contains("[bad](#) "), "{md}");
        assert!(md.contains("[good](https://a.example)"));
        assert!(!md.contains("javascript:"), "{md}");
    }

    #[test]
    fn plain_text_is_escaped_for_markdown() {
        assert_eq!(
            escape_text("a|b *c* <d>\nnext {{ 7*7 }}"),
            "a\\|b \\*c\\* &lt;d&gt; next \\{\\{ 7\\*7 \\}\\}"
        );
    }
}
