//! Checks a decoded plan for what its types cannot express: well-formed and
//! unique ids, references that resolve to the right kind of item, consistent
//! schedules and clocks, and rule names that exist. Pure: no I/O, no clock.

mod budget;
mod calendars;
mod references;
mod schedules;
mod values;

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostic::Diagnostic;
use crate::limits::{MAX_ID_CHARS, RESERVED_NAMES};
use crate::model::{Id, ItemKind, Plan, Spanned};
use crate::rules::RuleId;
use crate::source::Span;

/// Every id of the plan, with its kind and where it is defined (first definition wins).
pub struct IdIndex<'p> {
    ids: BTreeMap<&'p str, (ItemKind, Span)>,
    /// Ids in the order they were written, per kind, for help lines. An id
    /// written in two sections is in both: the `duplicate-id` finding is its
    /// one mistake, and a reference to either item still finds it.
    by_kind: BTreeMap<ItemKind, Vec<&'p str>>,
    /// Each id with each kind it is defined as.
    defined: BTreeSet<(ItemKind, &'p str)>,
    /// Kinds whose section is not a map (already reported): their ids are
    /// unknown, so no reference to them can be judged.
    unreadable: BTreeSet<ItemKind>,
}

impl<'p> IdIndex<'p> {
    /// The kind of the item first defined with this id.
    pub fn kind_of(&self, id: &str) -> Option<ItemKind> {
        self.ids.get(id).map(|(kind, _)| *kind)
    }

    /// Whether an item of `kind` has this id (first definition or not).
    pub fn defines(&self, kind: ItemKind, id: &str) -> bool {
        self.defined.contains(&(kind, id))
    }

    pub fn ids_of(&self, kind: ItemKind) -> &[&'p str] {
        self.by_kind.get(&kind).map_or(&[], Vec::as_slice)
    }

    /// Whether the ids of `kind` are unknown: its section could not be read.
    pub fn is_unreadable(&self, kind: ItemKind) -> bool {
        self.unreadable.contains(&kind)
    }
}

/// Runs every check and returns the findings (unsorted).
pub fn validate(plan: &Plan) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let index = index_ids(plan, &mut diagnostics);
    values::check(plan, &mut diagnostics);
    calendars::check(plan, &mut diagnostics);
    references::check(plan, &index, &mut diagnostics);
    schedules::check(plan, &mut diagnostics);
    budget::check(plan, &mut diagnostics);
    diagnostics
}

fn index_ids<'p>(plan: &'p Plan, diagnostics: &mut Vec<Diagnostic>) -> IdIndex<'p> {
    let mut all: Vec<(ItemKind, &'p Spanned<Id>)> = plan.ids().collect();
    // In the order written, so that the later of two uses of an id is the one flagged.
    all.sort_by_key(|(_, id)| id.span.start);

    let mut index = IdIndex {
        ids: BTreeMap::new(),
        by_kind: BTreeMap::new(),
        defined: BTreeSet::new(),
        unreadable: plan.unreadable_sections().collect(),
    };
    for (kind, id) in all {
        check_id_shape(kind, id, diagnostics);
        match index.ids.get(id.as_str()) {
            Some(&(first_kind, first_span)) => {
                diagnostics.push(id_in_two_collections(id, kind, first_kind, first_span));
            }
            None => {
                index.ids.insert(id.as_str(), (kind, id.span));
            }
        }
        if index.defined.insert((kind, id.as_str())) {
            index.by_kind.entry(kind).or_default().push(id.as_str());
        }
    }
    index
}

fn id_in_two_collections(
    id: &Spanned<Id>,
    kind: ItemKind,
    first_kind: ItemKind,
    first_span: Span,
) -> Diagnostic {
    Diagnostic::new(
        RuleId::DuplicateId,
        id.span,
        format!(
            "`{id}` is both {} {} and {} {}; ids are shared by the whole plan",
            article(first_kind.noun()),
            first_kind.noun(),
            article(kind.noun()),
            kind.noun()
        ),
    )
    .with_label(format!("{} `{id}`", kind.noun()))
    .with_related(
        first_span,
        format!("{} `{id}` is defined here", first_kind.noun()),
    )
    .with_help(format!("rename one of them, e.g. `{id}-{}`", kind.noun()))
}

fn check_id_shape(kind: ItemKind, id: &Spanned<Id>, diagnostics: &mut Vec<Diagnostic>) {
    if id.is_well_formed() {
        check_id_as_file_name(kind, id, diagnostics);
        return;
    }
    let suggestion: String = id
        .as_str()
        .trim()
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    let help = if Id(suggestion.clone()).is_well_formed() {
        format!("ids use lowercase letters, digits and `-`: write `{suggestion}`")
    } else {
        "ids use lowercase ASCII letters, digits and `-`, starting with a letter or digit; put other text in `name` or `title`".to_string()
    };
    diagnostics.push(
        Diagnostic::new(
            RuleId::InvalidValue,
            id.span,
            format!(
                "`{id}` is not a valid id for {} {}",
                article(kind.noun()),
                kind.noun()
            ),
        )
        .with_label("not an id")
        .with_help(help),
    );
}

/// Ids become file and folder names (`calendars/people/<id>.ics`,
/// `audiences/<id>/`): they must fit every file system, Windows included.
fn check_id_as_file_name(kind: ItemKind, id: &Spanned<Id>, diagnostics: &mut Vec<Diagnostic>) {
    let text = id.as_str();
    let problem = if text.len() > MAX_ID_CHARS {
        Some((
            format!(
                "the id `{}…` of {} {} is {} characters long, more than {MAX_ID_CHARS}",
                text.get(..20).unwrap_or(text),
                article(kind.noun()),
                kind.noun(),
                text.len()
            ),
            "too long",
            format!(
                "ids name output files, which must fit every file system: shorten it to at most {MAX_ID_CHARS} characters and put longer text in `name` or `title`"
            ),
        ))
    } else if RESERVED_NAMES.contains(&text) {
        Some((
            format!(
                "`{id}` cannot be the id of {} {}: Windows reserves it for a device",
                article(kind.noun()),
                kind.noun()
            ),
            "reserved on Windows",
            format!(
                "ids name output files, and Windows cannot create a file or folder named `con`, `prn`, `aux`, `nul`, `com0`-`com9` or `lpt0`-`lpt9`: choose another id, e.g. `{id}-{}`",
                kind.noun()
            ),
        ))
    } else {
        None
    };
    if let Some((message, label, help)) = problem {
        diagnostics.push(
            Diagnostic::new(RuleId::InvalidValue, id.span, message)
                .with_label(label)
                .with_help(help),
        );
    }
}

/// "a" or "an" before a noun of the format's vocabulary.
fn article(noun: &str) -> &'static str {
    if noun.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}
