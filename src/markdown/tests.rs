//! The sanitiser's promises, checked by example and by property: whatever
//! the input, the Markdown it writes, parsed again as GitHub parses it, has
//! no raw HTML, no image and no link but to a validated address.

use super::*;
use proptest::prelude::*;

/// What a Markdown renderer would make active in `markdown`.
#[derive(Debug, Default)]
struct Active {
    html: Vec<String>,
    images: Vec<String>,
    links: Vec<String>,
}

fn active(markdown: &str) -> Active {
    let mut found = Active::default();
    for event in Parser::new_ext(markdown, options() | Options::ENABLE_GFM) {
        match event {
            Event::Html(h) | Event::InlineHtml(h) => found.html.push(h.to_string()),
            Event::Start(Tag::Image { dest_url, .. }) => found.images.push(dest_url.to_string()),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => found.links.push(match link_type {
                LinkType::Email => format!("mailto:{dest_url}"),
                _ => dest_url.to_string(),
            }),
            _ => {}
        }
    }
    found
}

/// The promise: nothing active but links whose destination validates as is.
fn assert_inert(markdown: &str, input: &str) {
    let found = active(markdown);
    assert!(
        found.html.is_empty(),
        "raw HTML {:?} from {input:?}:\n{markdown}",
        found.html
    );
    assert!(
        found.images.is_empty(),
        "image {:?} from {input:?}:\n{markdown}",
        found.images
    );
    for url in &found.links {
        assert_eq!(
            field_destination(url),
            Some(url.as_str()),
            "link to {url:?} from {input:?}:\n{markdown}"
        );
    }
}

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
    let input = "**Bold** <script>x</script> [bad](javascript:alert(1)) [good](https://a.example)\n[ref]: javascript:x";
    let md = to_markdown(input);
    assert!(md.contains("**Bold**"), "{md}");
    assert!(md.contains("&lt;script&gt;"), "{md}");
    assert!(md.contains(" bad "), "{md}");
    assert!(md.contains("[good](<https://a.example>)"), "{md}");
    assert!(!md.contains("](javascript"), "{md}");
    assert_inert(&md, input);
}

#[test]
fn the_holes_of_string_replacement_are_closed() {
    for input in [
        // A reference definition whose label spans two lines.
        "[a\nb]: javascript:alert(1)\n\n[a b]",
        // One inside a list item, one in a block quote.
        "- [x]: javascript:alert(1)\n\n  [x]",
        "> [y]: <javascript:alert(1)>\n\n[y]",
        // Autolinks and images of any kind.
        "<javascript:alert(1)> <http://x.example> <a@b.example>",
        "![](https://tracker.example/p.png) ![alt][i]\n\n[i]: https://tracker.example/q.png",
        // A destination breaking out of `(...)`.
        "[x](https://a.example/)<script>alert(1)</script>)",
        "[x](<https://a.example/>\"onclick=alert(1)>)",
        "[m](mailto:a@b.example?bcc=c@d.example&subject=%0D%0Ahi)",
        // Code spans that would touch once the tab between them is gone.
        "`[``[`\t`<script>`",
    ] {
        let md = to_markdown(input);
        assert_inert(&md, input);
        assert!(!md.contains("tracker.example"), "{md}");
        assert!(!md.to_ascii_lowercase().contains("bcc"), "{md}");
        let html = to_html(input);
        assert!(
            !html.contains("<script") && !html.contains("<img"),
            "{html}"
        );
        assert!(
            !html.contains("href=\"javascript") && !html.contains("bcc"),
            "{html}"
        );
    }
}

#[test]
fn task_list_boxes_are_text_in_both_renderings() {
    let input = "- [x] done\n- [ ] open\n\n* [x]\n";
    let html = to_html(input);
    assert!(!html.contains("<input"), "{html}");
    assert!(html.contains("<li>[x] done</li>"), "{html}");
    assert!(html.contains("<li>[ ] open</li>"), "{html}");
    let md = to_markdown(input);
    assert!(md.contains("- \\[x\\] done"), "{md}");
    assert_inert(&md, input);
}

/// A heading in a field is a bold paragraph on both pages: an `h1` inside a
/// meeting's purpose would break the handbook's outline.
#[test]
fn headings_are_bold_paragraphs_in_both_renderings() {
    let input = "# Title\n\n## Sub *x*\nText";
    assert_eq!(
        to_html(input),
        "<p><strong>Title</strong></p>\n<p><strong>Sub <em>x</em></strong></p>\n<p>Text</p>\n"
    );
    assert_eq!(to_markdown(input), "**Title**\n\n**Sub *x***\n\nText");
}

#[test]
fn structure_survives_rewriting() {
    let input = "# Title\n\nSome *em* and **strong** and ~~gone~~ and `co|de`.\n\n- one\n- two\n  1. nested\n\n> quoted\n> more\n\n```rust\nlet x = \"<b>\";\n```\n\n| a | b |\n| - | - |\n| 1 | x\\|y |";
    let md = to_markdown(input);
    assert_eq!(
        md,
        "**Title**\n\nSome *em* and **strong** and ~~gone~~ and `co|de`.\n\n- one\n- two\n  1. nested\n\n> quoted\n> more\n\n```rust\nlet x = \"<b>\";\n```\n\n| a | b |\n| --- | --- |\n| 1 | x\\|y |"
    );
    assert_inert(&md, input);
}

#[test]
fn plain_text_is_escaped_for_markdown() {
    assert_eq!(
        escape_text("a|b *c* <d>\nnext {{ 7*7 }}"),
        "a\\|b \\*c\\* &lt;d&gt; next \\{\\{ 7\\*7 \\}\\}"
    );
    // GitHub's bare-address links stay text.
    assert_eq!(
        escape_text("www.x.example ftp://x xmpp:a@b.example"),
        "www\\.x.example ftp\\://x xmpp\u{2060}:a@b.example"
    );
}

/// `<https://…>` in plain text is a link in both renderings; anything
/// else in angle brackets stays text, as does a link to a fragment in a
/// Markdown field (in both: a view may not hold the anchor it names).
#[test]
fn autolinks_in_plain_text_are_links_and_nothing_else_is() {
    assert_eq!(
        linked_markdown(
            "Board <https://a.example/b?x=1&y=2> or <ana@b.example>, not <b> or <javascript:x>"
        ),
        "Board [https\\://a.example/b?x=1&amp;y=2](<https://a.example/b?x=1\\&y=2>) or \
         [ana@b.example](<mailto:ana@b.example>), not &lt;b&gt; or &lt;javascript:x&gt;"
    );
    assert_eq!(
        autolinks("<https://a.example/>\"onclick=x>"),
        [
            Piece::Link {
                text: "https://a.example/",
                url: "https://a.example/".to_string()
            },
            Piece::Text("\"onclick=x>")
        ]
    );
    assert_eq!(
        autolinks("a < b > c"),
        [Piece::Text("a <"), Piece::Text(" b > c")]
    );
    let fragment = "See [the matrix](#matrix).";
    assert_eq!(to_markdown(fragment), "See the matrix.");
    assert_eq!(to_html(fragment), "<p>See the matrix.</p>\n");
}

#[test]
fn links_for_templates_need_a_validated_destination() {
    assert_eq!(
        link("Join", "https://zoom.example/j/1?pwd=a"),
        "[Join](<https://zoom.example/j/1?pwd=a>)"
    );
    assert_eq!(
        link(
            "Write",
            "mailto:a@b.example,c%2Bd@e.example?subject=Weekly%20status"
        ),
        "[Write](<mailto:a@b.example,c%2Bd@e.example?subject=Weekly%20status>)"
    );
    assert_eq!(link("Join", "https://x.example/)<script>"), "Join");
    assert_eq!(link("x", "javascript:alert(1)"), "x");
    assert_eq!(link("x", "mailto:a@b.example?bcc=c@d.example"), "x");
}

#[test]
fn web_urls_and_emails_are_strict() {
    for good in [
        "https://zoom.example/j/1",
        "http://a.example/wiki/Foo_(bar)?q=1&r=%20#top",
        "https://例子.测试/路径",
    ] {
        assert!(web_url(good), "{good}");
    }
    for bad in [
        "javascript:alert(1)",
        "https://",
        "https://a.example/x)",
        "https://a.example/<script>",
        "https://a.example/\"x",
        "https://a.example/'x",
        "https://a.example/a b",
        "https://a.example/%zz",
        "https://a.example/\u{1b}",
        "ftp://a.example",
    ] {
        assert!(!web_url(bad), "{bad}");
    }
    for good in [
        "li.wei@example.com",
        "o'brien+tag@mail.example.org",
        "李@例子.测试",
    ] {
        assert!(email(good), "{good}");
    }
    for bad in [
        "a@b.example?bcc=c@d.example",
        "a&b@c.example",
        "a=b@c.example",
        "a%0d@c.example",
        "a b@c.example",
        "<a@b.example>",
        "a(b)@c.example",
        "a@b",
        "a@b..example",
        "a:b@c.example",
        "a\"b@c.example",
        "a\\b@c.example",
        "a@b.example\n",
        "@b.example",
    ] {
        assert!(!email(bad), "{bad}");
    }
}

/// Adversarial text: Markdown's and HTML's syntax characters, and the
/// fragments attacks are made of.
fn hostile() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        4 => proptest::sample::select(vec![
            '[', ']', '(', ')', '<', '>', '!', ':', '*', '_', '`', '\n', '&', '#', ';', ' ', '\\',
            '"', '\'', '|', '-', '~', '@', '.', '/', '=', '?', '%', 'a', '1', '\t', '\r',
        ])
        .prop_map(String::from),
        1 => proptest::sample::select(vec![
            "javascript:", "<script>", "</script>", "http://x", "https://a.example", "mailto:",
            "[a]: ", "![", "](", "<img src=x>", "&#106;", "&lt;", "www.", "a@b.example", "    ",
            "- ", "1. ", "> ", "```", "~~~", "<!--", "-->", "[^1]", "| --- |", "\n\n",
        ])
        .prop_map(String::from),
    ];
    proptest::collection::vec(token, 0..60).prop_map(|tokens| tokens.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn sanitised_markdown_has_nothing_active_but_validated_links(input in hostile()) {
        let md = to_markdown(&input);
        assert_inert(&md, &input);
        // After any text a template puts before it, too.
        assert_inert(&format!("- **x:** {md}"), &input);
    }

    #[test]
    fn escaped_text_has_nothing_active_at_all(input in hostile()) {
        let md = escape_text(&input);
        let found = active(&md);
        prop_assert!(found.html.is_empty() && found.images.is_empty() && found.links.is_empty(),
            "{:?} from {:?}: {}", found, input, md);
        let cell = format!("| a |\n| --- |\n| {md} |");
        let found = active(&cell);
        prop_assert!(found.html.is_empty() && found.images.is_empty() && found.links.is_empty());
    }

    #[test]
    fn linked_text_has_nothing_active_but_its_autolinks(input in hostile()) {
        // Where templates put it: alone, as an agenda item, after a label.
        let linked = linked_markdown(&input);
        for md in [linked.clone(), format!("1. {linked}"), format!("- **x:** {linked}")] {
        let found = active(&md);
        prop_assert!(found.html.is_empty() && found.images.is_empty(), "{:?} from {:?}: {}", found, input, md);
        let links = autolinks(&input)
            .into_iter()
            .filter(|p| matches!(p, Piece::Link { .. }))
            .count();
        prop_assert_eq!(found.links.len(), links, "{:?} from {:?}: {}", found, input, md);
        for url in &found.links {
            prop_assert!(template_destination(url).is_some(), "{} from {:?}", url, input);
        }
        }
    }

    /// Leading spaces would make a code block of linked text, its link inert.
    #[test]
    fn linked_text_after_leading_spaces_is_still_a_link(spaces in "[ \t]{0,8}") {
        let md = linked_markdown(&format!("{spaces}<a@b.example>"));
        prop_assert_eq!(active(&format!("1. {md}")).links.len(), 1, "{}", md);
        prop_assert_eq!(active(&md).links.len(), 1, "{}", md);
    }

    #[test]
    fn html_has_no_script_image_or_unsafe_link(input in hostile()) {
        let html = to_html(&input);
        prop_assert!(!html.contains("<script") && !html.contains("<img"), "{}", html);
        for href in html.split("href=\"").skip(1) {
            let url = href.split('"').next().unwrap_or_default();
            prop_assert!(url.starts_with("http://") || url.starts_with("https://") || url.starts_with("mailto:"), "{}", html);
        }
    }
}
