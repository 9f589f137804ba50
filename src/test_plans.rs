//! Plans for unit tests of the stages after compilation.

use crate::compile::Compiled;

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
