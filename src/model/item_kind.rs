//! The kinds of item a plan holds, declared once in the table at the end:
//! each kind with its field of [`Plan`] (which is also its section's name in
//! the file) and the noun messages use. The table generates [`ItemKind`] and
//! the views of the plan that every kind shares ([`Plan::ids`],
//! [`Plan::items`]). Code that needs an item's own type (decoding, `plan
//! diff`) matches on `ItemKind`, so the compiler names a kind it forgets.

use super::{Id, Plan, Spanned};

/// One item of the plan, of any kind: what every kind has.
#[derive(Clone, Copy, Debug)]
pub struct Item<'p> {
    pub kind: ItemKind,
    pub id: &'p Spanned<Id>,
    /// The lint rules the item's `allow:` list silences for it.
    pub allow: &'p [Spanned<String>],
}

macro_rules! item_kinds {
    ($($kind:ident => $field:ident, $noun:literal;)*) => {
        /// What kind of item an id names. One namespace holds them all.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum ItemKind {
            $($kind,)*
        }

        impl ItemKind {
            /// Every kind, in the format's order.
            pub const ALL: &[ItemKind] = &[$(ItemKind::$kind,)*];

            /// The item as messages name it: `meeting`.
            pub const fn noun(self) -> &'static str {
                match self {
                    $(ItemKind::$kind => $noun,)*
                }
            }

            /// The section of the plan that holds this kind: `meetings`.
            pub const fn section(self) -> &'static str {
                match self {
                    $(ItemKind::$kind => stringify!($field),)*
                }
            }
        }

        impl Plan {
            /// Every id written in an item section, those of items that failed
            /// to decode too: kind by kind in the format's order, each
            /// section in the order written.
            pub fn ids(&self) -> impl Iterator<Item = (ItemKind, &Spanned<Id>)> {
                std::iter::empty()
                    $(.chain(self.$field.ids().map(|id| (ItemKind::$kind, id))))*
            }

            /// The kinds whose section is not a map of items (already
            /// reported), in the format's order.
            pub fn unreadable_sections(&self) -> impl Iterator<Item = ItemKind> {
                std::iter::empty()
                    $(.chain(self.$field.unreadable.then_some(ItemKind::$kind)))*
            }

            /// Every decoded item, in the same order.
            pub fn items(&self) -> impl Iterator<Item = Item<'_>> {
                std::iter::empty()
                    $(.chain(self.$field.iter().map(|(id, item)| Item {
                        kind: ItemKind::$kind,
                        id,
                        allow: &item.allow,
                    })))*
            }
        }
    };
}

impl ItemKind {
    /// The kind whose section has this name.
    pub fn from_section(name: &str) -> Option<ItemKind> {
        ItemKind::ALL
            .iter()
            .copied()
            .find(|kind| kind.section() == name)
    }
}

item_kinds! {
    // kind     => field of `Plan` (= section), noun
    Goal       => goals,       "goal";
    Person     => people,      "person";
    Audience   => audiences,   "audience";
    Channel    => channels,    "channel";
    Meeting    => meetings,    "meeting";
    Report     => reports,     "report";
    Format     => formats,     "format";
    Escalation => escalations, "escalation";
    Barrier    => barriers,    "barrier";
    Training   => trainings,   "training";
    Review     => reviews,     "review";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_is_found_by_its_section() {
        for kind in ItemKind::ALL {
            assert_eq!(ItemKind::from_section(kind.section()), Some(*kind));
        }
        assert_eq!(ItemKind::from_section("norms"), None);
        assert_eq!(ItemKind::ALL.len(), 11);
    }

    #[test]
    fn ids_and_items_cover_every_section_in_order() {
        let loaded = crate::load::load_str(
            "plan.yaml",
            "version: 1\n\
             project: {name: P, owner: ann, timezone: UTC, start: 2026-01-05}\n\
             reviews: {r: {title: R, schedule: {every: month, at: '10:00'}, allow: [missing-review]}}\n\
             goals: {g: {title: G}}\n\
             people: {ann: {name: Ann}, bob: {}}\n",
        );
        let plan = loaded.plan.unwrap();
        let ids: Vec<(ItemKind, &str)> = plan.ids().map(|(k, id)| (k, id.as_str())).collect();
        assert_eq!(
            ids,
            [
                (ItemKind::Goal, "g"),
                (ItemKind::Person, "ann"),
                (ItemKind::Person, "bob"),
                (ItemKind::Review, "r"),
            ]
        );
        let items: Vec<(ItemKind, &str, usize)> = plan
            .items()
            .map(|i| (i.kind, i.id.as_str(), i.allow.len()))
            .collect();
        // `bob` failed to decode: an id, not an item.
        assert_eq!(
            items,
            [
                (ItemKind::Goal, "g", 0),
                (ItemKind::Person, "ann", 0),
                (ItemKind::Review, "r", 1),
            ]
        );
    }
}
