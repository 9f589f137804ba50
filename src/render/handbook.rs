//! The handbook (Markdown and HTML), the checklists and `plan.json`, rendered
//! through minijinja templates from the IR.
//!
//! Built-in templates are embedded; a user's template folder overrides any
//! single file by name and the rest falls back. Undefined variables are
//! errors, a fuel limit stops runaway templates, and errors name the
//! template and line. Values are escaped for the target: HTML in `.html`
//! templates, Markdown in `.md` templates.

use std::collections::BTreeMap;
use std::sync::Arc;

use minijinja::value::Serde;
use minijinja::{AutoEscape, Environment, UndefinedBehavior, Value};

use super::tidy::TidyMarkdown;
use super::{Emitter, Piecewise, SiteError, over_size};
use crate::ir::{self, Handbook};

/// The built-in templates, by the names user overrides use.
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "handbook.md.j2",
        include_str!("../../templates/handbook.md.j2"),
    ),
    (
        "handbook.html.j2",
        include_str!("../../templates/handbook.html.j2"),
    ),
    (
        "partials/style.css",
        include_str!("../../templates/partials/style.css"),
    ),
    ("card.md.j2", include_str!("../../templates/card.md.j2")),
    ("card.html.j2", include_str!("../../templates/card.html.j2")),
    (
        "partials/card.css",
        include_str!("../../templates/partials/card.css"),
    ),
    (
        "checklists/meeting.md.j2",
        include_str!("../../templates/checklists/meeting.md.j2"),
    ),
    (
        "checklists/report.md.j2",
        include_str!("../../templates/checklists/report.md.j2"),
    ),
    (
        "checklists/onboarding.md.j2",
        include_str!("../../templates/checklists/onboarding.md.j2"),
    ),
    (
        "checklists/review.md.j2",
        include_str!("../../templates/checklists/review.md.j2"),
    ),
    (
        "email/report.md.j2",
        include_str!("../../templates/email/report.md.j2"),
    ),
    ("review.md.j2", include_str!("../../templates/review.md.j2")),
    (
        "review.html.j2",
        include_str!("../../templates/review.html.j2"),
    ),
    (
        "partials/review.css",
        include_str!("../../templates/partials/review.css"),
    ),
];

/// Template overrides read from the user's folder: name -> source.
#[derive(Clone, Debug, Default)]
pub struct Overrides(pub BTreeMap<String, String>);

pub(crate) fn environment(overrides: &Overrides) -> Environment<'static> {
    let mut env = Environment::new();
    let user = Arc::new(overrides.0.clone());
    env.set_loader(move |name| {
        if let Some(source) = user.get(name) {
            return Ok(Some(source.clone()));
        }
        Ok(BUILTIN
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, s)| (*s).to_string()))
    });
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_debug(true);
    // Files end with a newline, as Markdown linters and git expect.
    if let Ok(syntax) = minijinja::syntax::SyntaxConfig::builder()
        .keep_trailing_newline(true)
        .build()
    {
        env.set_syntax(syntax);
    }
    env.set_auto_escape_callback(|name| {
        let name = name.strip_suffix(".j2").unwrap_or(name);
        if name.ends_with(".html") {
            AutoEscape::Html
        } else if name.ends_with(".md") {
            AutoEscape::Custom("markdown".into())
        } else {
            AutoEscape::None
        }
    });
    // Links in Markdown templates: `{{ url|md_link(text) }}` and
    // `{{ email|md_mailto }}` link only to a validated destination.
    env.add_filter("md_link", |url: String, text: String| {
        Value::from_safe_string(crate::markdown::link(&text, &url))
    });
    env.add_filter("md_mailto", |address: String| {
        Value::from_safe_string(crate::markdown::mailto_link(&address))
    });
    // Plan text with `<https://…>` in it: a link on both pages.
    env.add_filter(
        "linked",
        |state: &minijinja::State, text: String| match state.auto_escape() {
            AutoEscape::Html => Value::from_safe_string(linked_html(&text)),
            AutoEscape::Custom(name) if name == "markdown" => {
                Value::from_safe_string(crate::markdown::linked_markdown(&text))
            }
            _ => Value::from(text),
        },
    );
    // Plan text in a style sheet (the print margins' running title).
    env.add_filter("css_string", |text: String| {
        Value::from_safe_string(css_string(&text))
    });
    env.set_formatter(|out, state, value| {
        if matches!(state.auto_escape(), AutoEscape::Custom(name) if name == "markdown") {
            let text = if value.is_none() || value.is_undefined() {
                String::new()
            } else {
                value.to_string()
            };
            let text = if value.is_safe() {
                text
            } else {
                crate::markdown::escape_text(&text)
            };
            return out.write_str(&text).map_err(|e| {
                minijinja::Error::new(minijinja::ErrorKind::WriteFailure, e.to_string())
            });
        }
        // Control characters are parse errors in HTML text: dropped.
        if let Some(text) = value.as_str()
            && text.chars().any(html_drops)
        {
            let kept: String = text.chars().filter(|c| !html_drops(*c)).collect();
            let kept = if value.is_safe() {
                Value::from_safe_string(kept)
            } else {
                Value::from(kept)
            };
            return minijinja::escape_formatter(out, state, &kept);
        }
        minijinja::escape_formatter(out, state, value)
    });
    env
}

/// Plain text for an HTML page, escaped, its autolinks as links
/// (`crate::markdown::autolinks`), control characters dropped.
fn linked_html(text: &str) -> String {
    let kept: String = text.chars().filter(|c| !html_drops(*c)).collect();
    crate::markdown::autolinks(&kept)
        .iter()
        .map(|piece| match piece {
            crate::markdown::Piece::Text(text) => minijinja::HtmlEscape(text).to_string(),
            crate::markdown::Piece::Link { text, url } => {
                let href = match url.strip_prefix("mailto:") {
                    Some(address) => {
                        format!("mailto:{}", crate::markdown::percent_encode(address, b'@'))
                    }
                    None => url.clone(),
                };
                format!(
                    "<a href=\"{}\">{}</a>",
                    minijinja::HtmlEscape(&href),
                    minijinja::HtmlEscape(text)
                )
            }
        })
        .collect()
}

/// `text` as a quoted CSS string in which every character but letters,
/// digits, spaces and `-.,:/` is a hex escape: no text can end the string,
/// the rule or the `<style>` element it is in.
fn css_string(text: &str) -> String {
    let mut css = String::with_capacity(text.len() + 2);
    css.push('"');
    for c in text.chars() {
        if c.is_alphanumeric() || " -.,:/".contains(c) {
            css.push(c);
        } else {
            css.push_str(&format!("\\{:x} ", u32::from(c)));
        }
    }
    css.push('"');
    css
}

/// Characters an HTML page leaves out: control characters but whitespace.
fn html_drops(c: char) -> bool {
    c.is_control() && !matches!(c, '\n' | '\t' | '\r')
}

/// "template `handbook.md.j2` line 12: undefined value".
/// `template` is the one being rendered: errors raised outside any
/// template's code (running out of fuel) carry no name of their own.
fn describe(error: &minijinja::Error, template: &str) -> String {
    let name = error.name().unwrap_or(template);
    let line = error
        .line()
        .map_or_else(String::new, |l| format!(" line {l}"));
    let detail = error
        .detail()
        .map_or_else(|| error.kind().to_string(), str::to_string);
    format!("template `{name}`{line}: {detail}")
}

/// Renders one template into memory, charging the build's fuel and stopping
/// at the size limit: a runaway template ends the build, not the machine.
pub(super) fn render(
    env: &mut Environment<'_>,
    template: &str,
    context: Value,
    path: &str,
    out: &mut Emitter<'_>,
) -> Result<Vec<u8>, SiteError> {
    let mut page = Page {
        tidy: template.ends_with(".md.j2").then(TidyMarkdown::default),
        into: Into::Memory {
            text: String::new(),
            limit: out.file_limit(),
        },
        path,
        error: None,
    };
    let fuel = out.fuel_left;
    let used = run(env, template, context, fuel, &mut page)?;
    out.fuel_left = out.fuel_left.saturating_sub(used);
    match page.finish()? {
        Into::Memory { text, .. } => Ok(text.into_bytes()),
        // Not reached: this page was started in memory.
        Into::Sink(file) => file.end().map(|()| Vec::new()),
    }
}

/// Renders one template straight into the sink, in pieces: the handbook's
/// pages of a portfolio are tens of megabytes.
fn render_to_sink(
    env: &mut Environment<'_>,
    template: &str,
    context: Value,
    path: &str,
    out: &mut Emitter<'_>,
) -> Result<(), SiteError> {
    let fuel = out.fuel_left;
    let mut page = Page {
        tidy: template.ends_with(".md.j2").then(TidyMarkdown::default),
        into: Into::Sink(out.begin(path)?),
        path,
        error: None,
    };
    let used = run(env, template, context, fuel, &mut page)?;
    if let Into::Sink(file) = page.finish()? {
        file.out.fuel_left = file.out.fuel_left.saturating_sub(used);
        file.end()?;
    }
    Ok(())
}

/// Runs a template with `fuel`, writing into `page`; the fuel it used.
fn run(
    env: &mut Environment<'_>,
    template: &str,
    context: Value,
    fuel: u64,
    page: &mut Page<'_, '_, '_>,
) -> Result<u64, SiteError> {
    env.set_fuel(Some(fuel));
    let source = env
        .get_template(template)
        .map_err(|e| SiteError::Template(describe(&e, template)))?;
    let result = source.render_captured_to(context, &mut *page);
    // The page's own stop (its size, the sink) says more than the template's error.
    if let Some(error) = page.error.take() {
        return Err(error);
    }
    match result {
        Ok(captured) => Ok(captured.state().fuel_levels().map_or(0, |(used, _)| used)),
        Err(e) if e.kind() == minijinja::ErrorKind::OutOfFuel => Err(SiteError::Budget(format!(
            "{}: the templates have used up the build's budget of work\nhelp: a template loops over far more than the plan holds; look for nested loops or `range()`",
            describe(&e, template),
        ))),
        Err(e) => Err(SiteError::Template(describe(&e, template))),
    }
}

/// A page being written by its template: tidied on the way when it is
/// Markdown, into memory up to a limit or into the sink in pieces.
struct Page<'p, 'e, 'a> {
    tidy: Option<TidyMarkdown>,
    into: Into<'e, 'a>,
    path: &'p str,
    /// Why writing stopped: the size limit, or the sink.
    error: Option<SiteError>,
}

enum Into<'e, 'a> {
    Memory { text: String, limit: u64 },
    Sink(Piecewise<'e, 'a>),
}

impl<'e, 'a> Page<'_, 'e, 'a> {
    fn text(&mut self) -> &mut String {
        match &mut self.into {
            Into::Memory { text, .. } => text,
            Into::Sink(file) => &mut file.text,
        }
    }

    /// Whether the text may grow on: within the limit, or put into the
    /// sink. What tidying holds back counts too: a page may be one long line.
    fn keep_to_limit(&mut self) -> Result<(), SiteError> {
        let held = self.tidy.as_ref().map_or(0, TidyMarkdown::held) as u64;
        let (written, limit) = match &mut self.into {
            Into::Memory { text, limit } => (text.len() as u64, *limit),
            Into::Sink(file) => {
                file.spill()?;
                (file.text.len() as u64, file.out.file_limit())
            }
        };
        if written.saturating_add(held) > limit {
            return Err(over_size(self.path));
        }
        Ok(())
    }

    /// What tidying kept back, then the page's end.
    fn finish(mut self) -> Result<Into<'e, 'a>, SiteError> {
        if let Some(tidy) = self.tidy.take() {
            tidy.finish(self.text());
            self.keep_to_limit()?;
        }
        Ok(self.into)
    }
}

impl std::io::Write for Page<'_, '_, '_> {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        match self.tidy.take() {
            Some(mut tidy) => {
                tidy.write(data, self.text());
                self.tidy = Some(tidy);
            }
            // Templates write whole strings; a broken one is replaced, not passed on.
            None => self.text().push_str(&String::from_utf8_lossy(data)),
        }
        if let Err(error) = self.keep_to_limit() {
            self.error = Some(error);
            return Err(std::io::Error::other("the page stopped"));
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// One page about one item: a checklist or a report's email template.
#[derive(Clone, Copy, PartialEq)]
enum Item<'h> {
    Meeting(&'h ir::Meeting),
    Report(&'h ir::Report),
    Onboarding(&'h ir::Onboarding),
    Review(&'h ir::Review),
}

impl Item<'_> {
    /// The name templates know the item by, and its value.
    fn context(self) -> (&'static str, Value) {
        match self {
            Item::Meeting(meeting) => ("meeting", Value::from(Serde(meeting))),
            Item::Report(report) => ("report", Value::from(Serde(report))),
            Item::Onboarding(audience) => ("audience", Value::from(Serde(audience))),
            Item::Review(review) => ("review", Value::from(Serde(review))),
        }
    }
}

/// The item pages of a view: (path under the view, template, item).
fn item_pages(handbook: &Handbook) -> Vec<(String, &'static str, Item<'_>)> {
    let mut pages = Vec::new();
    for meeting in &handbook.meetings {
        pages.push((
            format!("checklists/meeting-{}.md", meeting.id),
            "checklists/meeting.md.j2",
            Item::Meeting(meeting),
        ));
    }
    for report in &handbook.reports {
        pages.push((
            format!("checklists/report-{}.md", report.id),
            "checklists/report.md.j2",
            Item::Report(report),
        ));
        pages.push((
            format!("reports/{}.md", report.id),
            "email/report.md.j2",
            Item::Report(report),
        ));
    }
    for audience in &handbook.onboarding {
        pages.push((
            format!("checklists/onboarding-{}.md", audience.id),
            "checklists/onboarding.md.j2",
            Item::Onboarding(audience),
        ));
    }
    for review in &handbook.reviews {
        pages.push((
            format!("checklists/review-{}.md", review.id),
            "checklists/review.md.j2",
            Item::Review(review),
        ));
    }
    pages
}

/// The handbook as the templates see it. Its lists are read an item at a
/// time (an item becomes a template value when a template reaches it, and
/// is dropped after): the whole handbook of a portfolio as one template
/// value was 55 MB. Made once per view, not once per page: per page it was
/// quadratic in plans with thousands of meetings.
fn context(handbook: &Arc<Handbook>) -> Value {
    let list = |items: fn(&Handbook) -> &dyn Listed| {
        Value::from_object(LazyList {
            handbook: handbook.clone(),
            items,
        })
    };
    let h = handbook;
    // Every field of `Handbook`, as serde names them (the unit test below
    // holds this to the whole handbook as one value).
    Value::from(BTreeMap::from([
        ("lang", Value::from(h.lang.as_str())),
        ("t", Value::from(Serde(&h.t))),
        ("project", Value::from(Serde(&h.project))),
        ("view", Value::from(Serde(&h.view))),
        ("goals", list(|h| &h.goals)),
        ("matrix", list(|h| &h.matrix)),
        ("audience_channels", list(|h| &h.audience_channels)),
        ("weeks", list(|h| &h.weeks)),
        ("meetings", list(|h| &h.meetings)),
        ("reports", list(|h| &h.reports)),
        ("channels", list(|h| &h.channels)),
        ("clock", Value::from(Serde(&h.clock))),
        ("norms", Value::from(Serde(&h.norms))),
        ("escalations", list(|h| &h.escalations)),
        ("barriers", list(|h| &h.barriers)),
        ("trainings", list(|h| &h.trainings)),
        ("reviews", list(|h| &h.reviews)),
        ("contacts", list(|h| &h.contacts)),
        ("onboarding", list(|h| &h.onboarding)),
        ("changelog", Value::from(Serde(&h.changelog))),
    ]))
}

/// A list of the handbook, read by templates an item at a time.
struct LazyList {
    handbook: Arc<Handbook>,
    items: fn(&Handbook) -> &dyn Listed,
}

/// A list whose items become template values one at a time.
trait Listed {
    fn len(&self) -> usize;
    fn value(&self, index: usize) -> Option<Value>;
}

impl<T: serde::Serialize> Listed for Vec<T> {
    fn len(&self) -> usize {
        self.len()
    }

    fn value(&self, index: usize) -> Option<Value> {
        self.get(index).map(|item| Value::from(Serde(item)))
    }
}

impl std::fmt::Debug for LazyList {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "[{} items]", (self.items)(&self.handbook).len())
    }
}

impl minijinja::value::Object for LazyList {
    fn repr(self: &Arc<Self>) -> minijinja::value::ObjectRepr {
        minijinja::value::ObjectRepr::Seq
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        (self.items)(&self.handbook).value(key.as_usize()?)
    }

    fn enumerate(self: &Arc<Self>) -> minijinja::value::Enumerator {
        minijinja::value::Enumerator::Seq((self.items)(&self.handbook).len())
    }
}

/// Item pages as rendered, by path under the view. An item page sees only
/// its item, `t`, `lang` and `project`, so the same item in the same
/// language gives the same page: an audience view in the plan's language
/// reuses the whole plan's page for an item it shows unchanged, instead of
/// rendering it again.
pub(crate) struct ItemPages<'h> {
    rendered: BTreeMap<String, (Item<'h>, Vec<u8>)>,
    /// `t`, `lang` and `project`: what every item page sees besides its item.
    base: Value,
    /// The language of `base`: pages are reused only in the same one.
    lang: String,
}

impl ItemPages<'_> {
    /// None rendered yet; `whole` gives what every item page sees.
    pub(crate) fn new(whole: &Handbook) -> Self {
        let base = Value::from(BTreeMap::from([
            ("t", Value::from(Serde(&whole.t))),
            ("lang", Value::from(whole.lang.as_str())),
            ("project", Value::from(Serde(&whole.project))),
        ]));
        ItemPages {
            rendered: BTreeMap::new(),
            base,
            lang: whole.lang.clone(),
        }
    }
}

/// The handbook pages and item pages of one view, under `prefix` (`""` or
/// `audiences/<id>/`), put into `out` one by one. Item pages already in
/// `reuse` are not rendered again; with `keep`, the pages rendered here are
/// returned for the views that follow (the whole plan's are; a view's are not).
pub(crate) fn pages<'h>(
    env: &mut Environment<'_>,
    handbook: &'h Arc<Handbook>,
    prefix: &str,
    reuse: &ItemPages<'_>,
    keep: bool,
    out: &mut Emitter<'_>,
) -> Result<ItemPages<'h>, SiteError> {
    let shared = context(handbook);
    for (name, template) in [
        ("handbook.md", "handbook.md.j2"),
        ("index.html", "handbook.html.j2"),
    ] {
        let path = format!("{prefix}{name}");
        render_to_sink(env, template, shared.clone(), &path, out)?;
    }
    // A view in another language than the pages to reuse renders its own,
    // with its own catalogue.
    let same_language = reuse.lang == handbook.lang;
    let mut rendered = if same_language {
        ItemPages {
            rendered: BTreeMap::new(),
            base: reuse.base.clone(),
            lang: reuse.lang.clone(),
        }
    } else {
        ItemPages::new(handbook)
    };
    for (page, template, item) in item_pages(handbook) {
        let path = format!("{prefix}{page}");
        if let Some((earlier, bytes)) = reuse.rendered.get(&page)
            && same_language
            && *earlier == item
        {
            out.emit(path, bytes.clone())?;
            continue;
        }
        let context = minijinja::value::merge_maps([
            Value::from(BTreeMap::from([item.context()])),
            rendered.base.clone(),
        ]);
        let bytes = render(env, template, context, &path, out)?;
        if keep {
            rendered.rendered.insert(page, (item, bytes.clone()));
        }
        out.emit(path, bytes)?;
    }
    Ok(rendered)
}

/// An audience's quick reference card, in both forms, under `prefix`. It
/// sees `t`, `lang`, `project` and `view` as the view's pages do, and `card`.
pub(crate) fn card_pages(
    env: &mut Environment<'_>,
    view: &Handbook,
    card: &ir::Card,
    prefix: &str,
    out: &mut Emitter<'_>,
) -> Result<(), SiteError> {
    let context = Value::from(BTreeMap::from([
        ("t", Value::from(Serde(&view.t))),
        ("lang", Value::from(view.lang.as_str())),
        ("project", Value::from(Serde(&view.project))),
        ("view", Value::from(Serde(&view.view))),
        ("card", Value::from(Serde(card))),
    ]));
    for (name, template) in [("card.md", "card.md.j2"), ("card.html", "card.html.j2")] {
        let path = format!("{prefix}{name}");
        let bytes = render(env, template, context.clone(), &path, out)?;
        out.emit(path, bytes)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The templates see the handbook read an item at a time as they saw it
    /// made into one value: every field, the same values.
    #[test]
    fn the_lazy_context_is_the_whole_handbook() {
        for yaml in [
            include_str!("../../examples/atlas-crm/plan.yaml"),
            include_str!("../../examples/zh-cn/plan.yaml"),
        ] {
            let compiled = crate::test_plans::resolved(yaml);
            let mut handbook = ir::handbook(&compiled, None);
            handbook.changelog = vec!["A change".to_string()];
            let handbook = Arc::new(handbook);
            let whole = serde_json::to_value(Value::from(Serde(&*handbook))).unwrap();
            let lazy = serde_json::to_value(context(&handbook)).unwrap();
            assert!(whole["meetings"].as_array().is_some_and(|m| !m.is_empty()));
            assert_eq!(lazy, whole);
        }
    }

    /// Plan text in a style sheet stays inside its string, whatever it holds.
    #[test]
    fn css_strings_escape_everything_but_plain_words() {
        assert_eq!(
            css_string("Atlas CRM 2, 2026-03-02"),
            "\"Atlas CRM 2, 2026-03-02\""
        );
        assert_eq!(
            css_string("a\"</style>\n中\\"),
            "\"a\\22 \\3c /style\\3e \\a 中\\5c \""
        );
    }

    /// Control characters in plan text never reach an HTML page; whitespace does.
    #[test]
    fn html_pages_drop_control_characters() {
        let mut env = environment(&Overrides::default());
        env.add_template_owned("page.html.j2", "{{ plain }}|{{ rich|safe }}")
            .unwrap();
        let context = minijinja::context! {
            plain => "a\u{1b}[2J<b>\u{7}\tz",
            rich => "<p>x\u{0}y\r\n</p>",
        };
        let page = env
            .get_template("page.html.j2")
            .and_then(|t| t.render(context))
            .unwrap();
        assert_eq!(page, "a[2J&lt;b&gt;\tz|<p>xy\r\n</p>");
    }
}
