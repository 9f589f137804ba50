//! Text from the plan, made safe for its target: the one place every HTML
//! and Markdown sink goes through.
//!
//! - Fields that allow Markdown (`summary`, `purpose`, `description`,
//!   `mitigation`) are parsed with pulldown-cmark and written again from its
//!   events: [`to_html`] for pages, [`to_markdown`] for Markdown files. Both
//!   show raw HTML as text, images as their alt text, and keep a link only
//!   when its destination is a validated http, https or mailto address
//!   ([`field_destination`]); the Markdown side writes it as `[text](<url>)`.
//!   Nothing of the input's own syntax is copied: reference definitions
//!   and HTML come out as escaped text wherever they stood, an autolink
//!   (`<https://…>`) as a link when its address validates, a link to a
//!   fragment (`[x](#matrix)`) as its text in both (a view may lack the
//!   anchor).
//! - Every other text is plain: [`escape_text`] escapes what Markdown (and
//!   GitHub's autolinking of bare addresses) would read as syntax;
//!   [`linked_markdown`] (the templates' `linked` filter, for prose such as
//!   norms and agenda items) also links its autolinks, as the HTML page does.
//! - Links the templates write go through [`link`].
//!
//! What an address may be ([`web_url`], [`email`]) is defined here too, and
//! validation refuses a plan whose links or emails fail it.

use pulldown_cmark::{CodeBlockKind, Event, LinkType, Options, Parser, Tag, TagEnd};

/// GitHub-flavoured parsing, as the readers of `handbook.md` parse it.
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
}

/// Whether `url` is a web link a handbook may point at: `http://` or
/// `https://`, a host, and only characters RFC 3986 allows in a URL (or
/// non-ASCII ones), without quotes, and with balanced parentheses. So it
/// can stand in `<...>`, in `href="..."` and in a calendar unescaped.
pub fn web_url(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        &url[8..]
    } else if lower.starts_with("http://") {
        &url[7..]
    } else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    !host.is_empty() && url.chars().all(url_char) && balanced(url) && percent_escapes_complete(url)
}

/// RFC 3986's unreserved and reserved characters and `%`, less `'`; any
/// non-ASCII character that is not a control or a space.
fn url_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || "-._~:/?#[]@!$&()*+,;=%".contains(c)
    } else {
        !c.is_control() && !c.is_whitespace()
    }
}

fn balanced(text: &str) -> bool {
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' => depth += 1,
            ')' => match depth.checked_sub(1) {
                Some(d) => depth = d,
                None => return false,
            },
            _ => {}
        }
    }
    depth == 0
}

/// Every `%` starts a `%XX` escape.
fn percent_escapes_complete(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.iter().enumerate().all(|(i, &b)| {
        b != b'%'
            || (bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
    })
}

/// Whether `address` is one plain email address, `local@domain`: no spaces,
/// controls, `<>()[],;:"\`, nor `?&=%` (which would smuggle headers such as
/// `?bcc=` into a `mailto:` link); a domain of dot-separated labels.
pub fn email(address: &str) -> bool {
    let Some((local, domain)) = address.split_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && !local.starts_with('.')
        && !local.ends_with('.')
        && local.chars().all(|c| {
            if c.is_ascii() {
                c.is_ascii_alphanumeric() || "!#$'*+-/^_`{}~.".contains(c)
            } else {
                !c.is_control() && !c.is_whitespace()
            }
        });
    let domain_ok = domain.contains('.')
        && domain.split('.').all(|label| {
            !label.is_empty()
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| {
                    c.is_ascii_alphanumeric()
                        || c == '-'
                        || (!c.is_ascii() && !c.is_control() && !c.is_whitespace())
                })
        });
    local_ok && domain_ok
}

/// A link's destination in a Markdown field, if it may stay a link: a web
/// URL, or `mailto:` one plain address (no `?subject=`, `?bcc=`).
pub fn field_destination(url: &str) -> Option<&str> {
    let trimmed = url.trim();
    let mailto = trimmed
        .get(..7)
        .is_some_and(|scheme| scheme.eq_ignore_ascii_case("mailto:"));
    let ok = if mailto {
        email(&trimmed[7..])
    } else {
        web_url(trimmed)
    };
    ok.then_some(trimmed)
}

/// A destination the templates link to, all built by `plan`: a web URL, or
/// a `mailto:` of percent-encoded addresses with an optional percent-encoded
/// `?subject=`.
pub fn template_destination(url: &str) -> Option<&str> {
    if web_url(url) {
        return Some(url);
    }
    let rest = url.strip_prefix("mailto:")?;
    let (to, query) = rest.split_once('?').unwrap_or((rest, ""));
    let encoded = |text: &str, extra: &str| {
        percent_escapes_complete(text)
            && text
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-._~%".contains(c) || extra.contains(c))
    };
    let recipients_ok = !to.is_empty()
        && to
            .split(',')
            .all(|one| one.matches('@').count() == 1 && encoded(one, "@"));
    let query_ok = query.is_empty()
        || query
            .strip_prefix("subject=")
            .is_some_and(|subject| encoded(subject, ""));
    (recipients_ok && query_ok).then_some(url)
}

/// `[text](<url>)` for a template, or the text alone when the destination
/// is not one [`template_destination`] accepts.
pub fn link(text: &str, url: &str) -> String {
    match template_destination(url) {
        Some(url) => format!("[{}]({})", escape_text(text), angle_destination(url)),
        None => escape_text(text),
    }
}

/// A validated destination as `<...>`: it has no `<`, `>`, `\` or line
/// break, and `&` is escaped so that no entity in it is decoded.
fn angle_destination(url: &str) -> String {
    format!("<{}>", url.replace('&', "\\&"))
}

/// The destination of a parsed link, if it may stay a link.
fn destination(link_type: LinkType, url: &str) -> Option<String> {
    if link_type == LinkType::Email && !url.starts_with("mailto:") {
        return field_destination(&format!("mailto:{url}")).map(str::to_string);
    }
    field_destination(url).map(str::to_string)
}

/// A task list item's box, as the text it was written with.
fn task_marker(done: bool) -> &'static str {
    if done { "[x] " } else { "[ ] " }
}

/// Percent-encodes everything but RFC 3986's unreserved characters and
/// `also_kept`, as UTF-8.
pub fn percent_encode(text: &str, also_kept: u8) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric()
            || matches!(byte, b'-' | b'.' | b'_' | b'~')
            || byte == also_kept
        {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Markdown to HTML, safe to embed in a page.
pub fn to_html(text: &str) -> String {
    let mut kept_links: Vec<bool> = Vec::new();
    let events = Parser::new_ext(text, options()).filter_map(|event| match event {
        // Raw HTML is shown, not interpreted.
        Event::Html(html) | Event::InlineHtml(html) => Some(Event::Text(html)),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let kept = destination(link_type, &dest_url);
            kept_links.push(kept.is_some());
            kept.map(|url| {
                Event::Start(Tag::Link {
                    link_type,
                    dest_url: url.into(),
                    title,
                    id,
                })
            })
        }
        Event::End(TagEnd::Link) => kept_links.pop().unwrap_or(false).then_some(event),
        // Footnotes link within the page; the Markdown side writes them as text.
        Event::FootnoteReference(label) => Some(Event::Text(format!("[^{label}]").into())),
        Event::Start(Tag::FootnoteDefinition(label)) => {
            Some(Event::Text(format!("[^{label}]:").into()))
        }
        Event::End(TagEnd::FootnoteDefinition) => None,
        // Images would load from the network: their alt text stays.
        Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => None,
        // A checkbox would be a form control without a label; the Markdown
        // side writes the marker as text too.
        Event::TaskListMarker(done) => Some(Event::Text(task_marker(done).into())),
        other => Some(other),
    });
    // A heading in a field would break the page's outline (a second `h1`):
    // it is a bold paragraph, as the Markdown side writes it.
    let events = events.flat_map(|event| match event {
        Event::Start(Tag::Heading { .. }) => {
            vec![Event::Start(Tag::Paragraph), Event::Start(Tag::Strong)]
        }
        Event::End(TagEnd::Heading(_)) => {
            vec![Event::End(TagEnd::Strong), Event::End(TagEnd::Paragraph)]
        }
        other => vec![other],
    });
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events);
    html
}

/// Markdown kept as Markdown for a Markdown page, written again from the
/// parse: the same rules as [`to_html`], and all text escaped.
pub fn to_markdown(text: &str) -> String {
    let mut writer = Writer::default();
    for event in Parser::new_ext(text, options()) {
        writer.event(event);
    }
    writer.finish()
}

/// Plain text for one line of a Markdown page: Markdown syntax escaped, line
/// breaks folded into spaces (so a table cell stays one cell), control
/// characters dropped.
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut last_space = false;
    let mut previous = Previous::default();
    for (at, c) in text.char_indices() {
        if matches!(c, '\n' | '\r' | '\t') {
            if !last_space {
                out.push(' ');
            }
            last_space = true;
            continue;
        }
        last_space = c == ' ';
        push_text_char(&mut out, c, &text[at + c.len_utf8()..], &mut previous);
    }
    out
}

/// The last characters of text written, for the two escapes that depend on
/// what came before (`www.`).
#[derive(Default)]
struct Previous([char; 3]);

impl Previous {
    fn push(&mut self, c: char) {
        self.0 = [self.0[1], self.0[2], c.to_ascii_lowercase()];
    }
}

/// Writes one character of text so that Markdown reads it as that character.
/// Beyond CommonMark's syntax, GitHub links bare `www.` and `scheme://`
/// addresses (`www\.` and `\://` keep them text) and email addresses, which
/// no escape stops (they become `mailto:` links, which are allowed), but
/// for `xmpp:`, which an invisible word joiner before its `:` stops.
fn push_text_char(out: &mut String, c: char, rest: &str, previous: &mut Previous) {
    match c {
        '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' | '~' | '!' | '{' | '}' => {
            out.push('\\');
            out.push(c);
        }
        ':' if rest.starts_with("//") => out.push_str("\\:"),
        ':' if previous.0 == ['m', 'p', 'p'] => out.push_str("\u{2060}:"),
        '.' if previous.0 == ['w', 'w', 'w'] => out.push_str("\\."),
        '<' => out.push_str("&lt;"),
        '>' => out.push_str("&gt;"),
        '&' => out.push_str("&amp;"),
        '\t' => out.push(' '),
        c if c.is_control() => {}
        c => out.push(c),
    }
    previous.push(c);
}

/// A piece of plain text: text as written, or an autolink written in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece<'a> {
    Text(&'a str),
    /// `<https://…>`, `<mailto:a@b.example>` or `<a@b.example>` with a
    /// valid address: its text (the address as written) and destination.
    Link {
        text: &'a str,
        url: String,
    },
}

/// Plain text split at its autolinks, the CommonMark way of writing a link
/// in text (`<https://example.com/board>`): the handbook's two renderings
/// link them alike ([`linked_markdown`], and `render::handbook`'s `linked`
/// filter for HTML). Anything else in angle brackets stays text.
pub fn autolinks(text: &str) -> Vec<Piece<'_>> {
    let mut pieces = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('<') {
        let after = &rest[open + 1..];
        let inner = after
            .find(|c: char| c == '>' || c == '<' || c.is_whitespace())
            .filter(|end| after[*end..].starts_with('>'))
            .map(|end| &after[..end]);
        let url = inner.and_then(|inner| {
            if email(inner) {
                return Some(format!("mailto:{inner}"));
            }
            field_destination(inner).map(str::to_string)
        });
        match (inner, url) {
            (Some(inner), Some(url)) => {
                if open > 0 {
                    pieces.push(Piece::Text(&rest[..open]));
                }
                pieces.push(Piece::Link { text: inner, url });
                rest = &after[inner.len() + 1..];
            }
            _ => {
                pieces.push(Piece::Text(&rest[..=open]));
                rest = after;
            }
        }
    }
    if !rest.is_empty() {
        pieces.push(Piece::Text(rest));
    }
    pieces
}

/// Plain text for a Markdown page as [`escape_text`] writes it, its
/// autolinks written as links.
pub fn linked_markdown(text: &str) -> String {
    // Leading spaces mean nothing inline, and after a list marker four of
    // them would start a code block, leaving its links inert.
    autolinks(text.trim_start())
        .iter()
        .map(|piece| match piece {
            Piece::Text(text) => escape_text(text),
            Piece::Link { url, .. } => match url.strip_prefix("mailto:") {
                Some(address) => mailto_link(address),
                None => link(url, url),
            },
        })
        .collect()
}

/// A plain text (an id) as inline code, shown as written.
pub fn code_text(text: &str) -> String {
    code_span(text, true)
}

/// `[address](<mailto:address>)` for a template, the address percent-encoded
/// in the link; the address alone (escaped) when it is not one plain address.
pub fn mailto_link(address: &str) -> String {
    if !email(address) {
        return escape_text(address);
    }
    let mut encoded = String::from("mailto:");
    for byte in address.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'@') {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    link(address, &encoded)
}

/// Inline code: a backtick fence longer than any run inside, spaces inside
/// the fence when the code starts or ends with a backtick or space.
fn code_span(code: &str, in_table: bool) -> String {
    let code = code.replace(['\n', '\r'], " ");
    let code = if in_table {
        code.replace('|', "\\|")
    } else {
        code
    };
    let fence = "`".repeat(longest_run(&code, '`') + 1);
    let pad = code.starts_with(['`', ' ']) || code.ends_with(['`', ' ']);
    let space = if pad { " " } else { "" };
    format!("{fence}{space}{code}{space}{fence}")
}

fn longest_run(text: &str, of: char) -> usize {
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == of { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    longest
}

/// A table being written: its rows of cells, written out at its end.
#[derive(Default)]
struct Table {
    columns: usize,
    rows: Vec<Vec<String>>,
    cell: Option<String>,
}

/// Writes Markdown from parse events. Containers (block quotes, list items)
/// keep a prefix that starts each of their lines.
#[derive(Default)]
struct Writer {
    out: String,
    /// The continuation prefix of each open container.
    prefixes: Vec<String>,
    /// Open lists: the next number of an ordered one.
    lists: Vec<Option<u64>>,
    /// A list item's first line is open (its marker written).
    item_open: bool,
    /// The next block needs a blank line before it.
    blank: bool,
    /// Open links: whether each is kept as a link, and its destination.
    links: Vec<Option<String>>,
    /// Inside an image: its text is alt text, written as text.
    images: usize,
    /// Inside a heading: written as strong text on one line.
    heading: bool,
    code_block: Option<(String, String)>,
    table: Option<Table>,
    previous: Previous,
}

impl Writer {
    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => match &mut self.code_block {
                Some((_, code)) => code.push_str(&text),
                None => self.text(&text),
            },
            Event::Code(code) => {
                let span = code_span(&code, self.table.is_some());
                // Two code spans written back to back would read as one
                // (`` `a``b` ``), and what was inside could come out as HTML:
                // an invisible word joiner keeps them apart.
                if self.sink().ends_with('`') {
                    self.raw("\u{2060}");
                }
                self.raw(&span);
            }
            Event::Html(html) | Event::InlineHtml(html) => self.text(html.trim_end_matches('\n')),
            Event::InlineMath(math) | Event::DisplayMath(math) => self.text(&math),
            Event::FootnoteReference(label) => self.text(&format!("[^{label}]")),
            Event::SoftBreak => self.line_break(""),
            Event::HardBreak => self.line_break("\\"),
            Event::Rule => {
                self.begin_block();
                self.raw("***");
                self.blank = true;
            }
            Event::TaskListMarker(done) => self.text(task_marker(done)),
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph | Tag::HtmlBlock | Tag::DefinitionListTitle => self.begin_block(),
            Tag::DefinitionListDefinition => self.begin_block(),
            Tag::Heading { .. } => {
                self.begin_block();
                self.heading = true;
                self.raw("**");
            }
            Tag::BlockQuote(_) => {
                self.begin_block_quote();
            }
            Tag::CodeBlock(kind) => {
                let info = match kind {
                    CodeBlockKind::Fenced(info) => info
                        .split_whitespace()
                        .next()
                        .filter(|w| {
                            w.chars()
                                .all(|c| c.is_ascii_alphanumeric() || "+-_.".contains(c))
                        })
                        .unwrap_or_default()
                        .to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                self.code_block = Some((info, String::new()));
            }
            Tag::List(start) => {
                // CommonMark reads at most nine digits.
                self.lists
                    .push(start.map(|n| if n > 999_999_999 { 1 } else { n }));
            }
            Tag::Item => self.begin_item(),
            Tag::FootnoteDefinition(label) => {
                self.begin_block();
                self.text(&format!("[^{label}]:"));
                self.blank = false;
            }
            Tag::Table(alignments) => {
                self.table = Some(Table {
                    columns: alignments.len().max(1),
                    ..Table::default()
                });
            }
            Tag::TableHead | Tag::TableRow => {
                if let Some(table) = &mut self.table {
                    table.rows.push(Vec::new());
                }
            }
            Tag::TableCell => {
                if let Some(table) = &mut self.table {
                    table.cell = Some(String::new());
                }
            }
            Tag::Emphasis => self.raw("*"),
            Tag::Strong => self.raw("**"),
            Tag::Strikethrough => self.raw("~~"),
            Tag::Link {
                link_type,
                dest_url,
                ..
            } => {
                let kept = if self.images > 0 {
                    None
                } else {
                    destination(link_type, &dest_url)
                };
                if kept.is_some() {
                    self.raw("[");
                }
                self.links.push(kept);
            }
            Tag::Image { .. } => self.images += 1,
            Tag::DefinitionList | Tag::Superscript | Tag::Subscript | Tag::MetadataBlock(_) => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph
            | TagEnd::HtmlBlock
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition
            | TagEnd::FootnoteDefinition => self.blank = true,
            TagEnd::Heading(_) => {
                self.raw("**");
                self.heading = false;
                self.blank = true;
            }
            TagEnd::BlockQuote(_) => {
                self.prefixes.pop();
                self.item_open = false;
                self.blank = true;
            }
            TagEnd::CodeBlock => self.end_code_block(),
            TagEnd::List(_) => {
                self.lists.pop();
                self.blank = true;
            }
            TagEnd::Item => {
                self.prefixes.pop();
                self.item_open = false;
            }
            TagEnd::Table => self.end_table(),
            TagEnd::TableCell => {
                if let Some(table) = &mut self.table {
                    let cell = table.cell.take().unwrap_or_default();
                    if let Some(row) = table.rows.last_mut() {
                        row.push(cell);
                    }
                }
            }
            TagEnd::Emphasis => self.raw("*"),
            TagEnd::Strong => self.raw("**"),
            TagEnd::Strikethrough => self.raw("~~"),
            TagEnd::Link => {
                if let Some(Some(url)) = self.links.pop() {
                    self.raw(&format!("]({})", angle_destination(&url)));
                }
            }
            TagEnd::Image => self.images = self.images.saturating_sub(1),
            TagEnd::TableHead
            | TagEnd::TableRow
            | TagEnd::DefinitionList
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::MetadataBlock(_) => {}
        }
    }

    /// Where written text goes: the open table cell, or the page.
    fn sink(&mut self) -> &mut String {
        match self.table.as_mut().and_then(|t| t.cell.as_mut()) {
            Some(cell) => cell,
            None => &mut self.out,
        }
    }

    fn raw(&mut self, text: &str) {
        self.item_open = false;
        self.sink().push_str(text);
    }

    fn text(&mut self, text: &str) {
        self.item_open = false;
        let mut previous = std::mem::take(&mut self.previous);
        for (at, c) in text.char_indices() {
            if c == '\n' || c == '\r' {
                self.line_break("");
                continue;
            }
            let rest = &text[at + c.len_utf8()..];
            push_text_char(self.sink(), c, rest, &mut previous);
        }
        self.previous = previous;
    }

    /// A line break inside a block: a new line under the containers'
    /// prefixes, or a space where a line cannot break (cells, headings).
    fn line_break(&mut self, marker: &str) {
        if self.table.is_some() || self.heading {
            self.raw(" ");
            return;
        }
        self.out.push_str(marker);
        self.out.push('\n');
        let prefix = self.prefixes.concat();
        self.out.push_str(&prefix);
    }

    /// Starts a block on a new line (after a blank one where needed), unless
    /// a list item's first line is still empty.
    fn begin_block(&mut self) {
        if self.item_open {
            self.item_open = false;
            return;
        }
        self.new_line(&self.prefixes.concat());
    }

    fn new_line(&mut self, prefix: &str) {
        if !self.out.is_empty() {
            self.out.push('\n');
            if self.blank {
                self.out.push_str(self.prefixes.concat().trim_end());
                self.out.push('\n');
            }
        }
        self.blank = false;
        self.out.push_str(prefix);
    }

    fn begin_block_quote(&mut self) {
        if !self.item_open {
            self.new_line(&self.prefixes.concat());
        }
        self.item_open = true;
        self.out.push_str("> ");
        self.prefixes.push("> ".to_string());
    }

    fn begin_item(&mut self) {
        let marker = match self.lists.last_mut() {
            Some(Some(n)) => {
                let marker = format!("{n}. ");
                *n += 1;
                marker
            }
            _ => "- ".to_string(),
        };
        if self.item_open {
            // A list as the first thing in an item: its marker follows.
            self.out.push_str(&marker);
        } else {
            self.new_line(&format!("{}{marker}", self.prefixes.concat()));
        }
        self.prefixes.push(" ".repeat(marker.len()));
        self.item_open = true;
    }

    fn end_code_block(&mut self) {
        let Some((info, code)) = self.code_block.take() else {
            return;
        };
        let fence = "`".repeat(longest_run(&code, '`').max(2) + 1);
        self.begin_block();
        if !self.out.contains('\n') {
            // Its content is literal only inside the fence: a fence on the
            // line a template started (`- **x:** `) would be text, so it
            // starts a line of its own.
            self.out.insert(0, '\n');
        }
        self.out.push_str(&fence);
        self.out.push_str(&info);
        let prefix = self.prefixes.concat();
        for line in code.lines() {
            self.out.push('\n');
            self.out.push_str(&prefix);
            self.out
                .extend(line.chars().filter(|c| !c.is_control() || *c == '\t'));
        }
        self.out.push('\n');
        self.out.push_str(&prefix);
        self.out.push_str(&fence);
        self.blank = true;
    }

    fn end_table(&mut self) {
        let Some(table) = self.table.take() else {
            return;
        };
        let prefix = self.prefixes.concat();
        let row_text = |cells: &[String]| {
            let mut line = String::from("|");
            for column in 0..table.columns {
                line.push(' ');
                line.push_str(cells.get(column).map_or("", String::as_str));
                line.push_str(" |");
            }
            line
        };
        self.begin_block();
        for (index, row) in table.rows.iter().enumerate() {
            if index > 0 {
                self.out.push('\n');
                self.out.push_str(&prefix);
            }
            self.out.push_str(&row_text(row));
            if index == 0 {
                self.out.push('\n');
                self.out.push_str(&prefix);
                self.out.push('|');
                self.out.push_str(&" --- |".repeat(table.columns));
            }
        }
        self.blank = true;
    }

    fn finish(mut self) -> String {
        // Unclosed links from a cut-off parse still close.
        while let Some(link) = self.links.pop() {
            if let Some(url) = link {
                self.out
                    .push_str(&format!("]({})", angle_destination(&url)));
            }
        }
        let end = self.out.trim_end().len();
        self.out.truncate(end);
        self.out
    }
}

#[cfg(test)]
mod tests;
