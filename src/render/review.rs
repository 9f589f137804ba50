//! The review report of `plan measure` (`review.md`, `review.html`),
//! rendered from the review's data through the templates `review.md.j2` and
//! `review.html.j2`, built in and overridable file by file like the
//! handbook's. The data (`measure::report::Review`, a later stage) comes in
//! as anything serializable, so rendering stays beneath measuring.

use std::sync::Mutex;
use std::sync::atomic::AtomicBool;

use minijinja::Value;
use minijinja::value::Serde;

use super::handbook::{self, Overrides};
use super::{BUILD_BYTES, Budget, Emitter, SharedSink, Sink, SiteError};

/// Each page of the review: its template and the file it becomes.
pub const PAGES: [(&str, &str); 2] = [
    ("review.md.j2", "review.md"),
    ("review.html.j2", "review.html"),
];

/// Both pages, put into `sink`.
pub fn pages(
    review: &impl serde::Serialize,
    overrides: &Overrides,
    budget: Budget,
    sink: &mut (dyn Sink + Send),
) -> Result<(), SiteError> {
    let shared = SharedSink {
        sink: Mutex::new(sink),
        stopped: AtomicBool::new(false),
    };
    let mut out = Emitter::new(&shared, budget.fuel, BUILD_BYTES);
    let mut env = handbook::environment(overrides);
    let context = Value::from(Serde(review));
    for (template, path) in PAGES {
        let bytes = handbook::render(&mut env, template, context.clone(), path, &mut out)?;
        out.emit(path.to_string(), bytes)?;
    }
    Ok(())
}
