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
use serde::Serialize;

use super::OutputFile;
use crate::ir::Handbook;

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
];

/// How much work one template may do: far more than any handbook needs.
const FUEL: u64 = 50_000_000;

/// Template overrides read from the user's folder: name -> source.
#[derive(Clone, Debug, Default)]
pub struct Overrides(pub BTreeMap<String, String>);

fn environment(overrides: &Overrides) -> Environment<'static> {
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
    env.set_fuel(Some(FUEL));
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
        minijinja::escape_formatter(out, state, value)
    });
    env
}

/// "template `handbook.md.j2` line 12: undefined value".
fn describe(error: &minijinja::Error) -> String {
    let name = error.name().unwrap_or("?");
    let line = error
        .line()
        .map_or_else(String::new, |l| format!(" line {l}"));
    let detail = error
        .detail()
        .map_or_else(|| error.kind().to_string(), str::to_string);
    format!("template `{name}`{line}: {detail}")
}

fn render<T: Serialize>(
    env: &Environment<'_>,
    template: &str,
    context: T,
) -> Result<String, String> {
    let source = env.get_template(template).map_err(|e| describe(&e))?;
    let text = source
        .render(Value::from(Serde(context)))
        .map_err(|e| describe(&e))?;
    Ok(if template.ends_with(".md.j2") {
        tidy_markdown(&text)
    } else {
        text
    })
}

/// Optional sections leave blank lines behind; Markdown wants at most one in
/// a row and one newline at the end. Two trailing spaces (a line break) stay.
fn tidy_markdown(text: &str) -> String {
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

#[derive(Serialize)]
struct WithItem<'a, T: Serialize> {
    #[serde(flatten)]
    handbook: &'a Handbook,
    #[serde(flatten)]
    item: T,
}

/// The handbook pages and checklists of one view, under `prefix` (`""` or `audiences/<id>/`).
pub fn pages(
    handbook: &Handbook,
    overrides: &Overrides,
    prefix: &str,
) -> Result<Vec<OutputFile>, String> {
    let env = environment(overrides);
    let mut files = vec![
        OutputFile {
            path: format!("{prefix}handbook.md"),
            bytes: render(&env, "handbook.md.j2", handbook)?.into_bytes(),
        },
        OutputFile {
            path: format!("{prefix}index.html"),
            bytes: render(&env, "handbook.html.j2", handbook)?.into_bytes(),
        },
    ];
    // One page per item: (path under the view, template, the item's name and value).
    let mut items: Vec<(String, &str, (&str, Value))> = Vec::new();
    for meeting in &handbook.meetings {
        items.push((
            format!("checklists/meeting-{}.md", meeting.id),
            "checklists/meeting.md.j2",
            ("meeting", Value::from(Serde(meeting))),
        ));
    }
    for report in &handbook.reports {
        items.push((
            format!("checklists/report-{}.md", report.id),
            "checklists/report.md.j2",
            ("report", Value::from(Serde(report))),
        ));
        items.push((
            format!("reports/{}.md", report.id),
            "email/report.md.j2",
            ("report", Value::from(Serde(report))),
        ));
    }
    for audience in &handbook.onboarding {
        items.push((
            format!("checklists/onboarding-{}.md", audience.id),
            "checklists/onboarding.md.j2",
            ("audience", Value::from(Serde(audience))),
        ));
    }
    for review in &handbook.reviews {
        items.push((
            format!("checklists/review-{}.md", review.id),
            "checklists/review.md.j2",
            ("review", Value::from(Serde(review))),
        ));
    }
    for (path, template, item) in items {
        let context = WithItem {
            handbook,
            item: BTreeMap::from([item]),
        };
        files.push(OutputFile {
            path: format!("{prefix}{path}"),
            bytes: render(&env, template, context)?.into_bytes(),
        });
    }
    Ok(files)
}
