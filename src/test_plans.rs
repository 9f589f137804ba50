//! Plans, dates and instants for unit tests of the stages after compilation.

use crate::compile::Compiled;
use crate::model::TimeOfDay;
use crate::time::{Date, Instant, Zone};

/// The resolved form of a plan that must have no errors.
pub(crate) fn resolved(yaml: &str) -> Compiled {
    let checked = crate::check(crate::load::load_bytes("plan.yaml", yaml.as_bytes()));
    let errors: Vec<&str> = checked
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.message.as_str())
        .collect();
    assert!(errors.is_empty(), "the test plan has errors: {errors:?}");
    checked.resolved.expect("a plan without errors is resolved")
}

pub(crate) fn date(text: &str) -> Date {
    Date::parse(text).expect("a date")
}

/// A wall-clock time on `day` in `zone`.
pub(crate) fn instant(zone: &str, day: &str, hour: u8, minute: u8) -> Instant {
    let zone = Zone::parse(zone).expect("a zone");
    Instant::at_local(date(day), TimeOfDay { hour, minute }, &zone).expect("an instant")
}
