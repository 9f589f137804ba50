//! "Did you mean" suggestions: the closest known name to a misspelt one.

/// The candidate closest to `input` by edit distance, if it is close enough to be
/// a plausible typo (at most a third of the input's length, and at least 1).
/// Ties go to the first candidate, so callers decide the order.
pub fn closest<'a, I>(input: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    if input.is_empty() {
        return None;
    }
    let input_lower = input.to_lowercase();
    let limit = (input.chars().count() / 3).max(1);
    let mut best: Option<(usize, &'a str)> = None;
    let length = input_lower.chars().count();
    for candidate in candidates {
        // Lengths that differ by more than the limit cannot be within it:
        // a pasted paragraph is not compared with every zone name.
        if candidate.chars().count().abs_diff(length) > limit {
            continue;
        }
        let distance = edit_distance(&input_lower, &candidate.to_lowercase());
        if distance <= limit && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, candidate)| candidate)
}

/// Edit distance over characters where swapping two neighbours counts as one
/// edit (optimal string alignment), since `emial` is one slip from `email`.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let width = b.len() + 1;
    let mut table = vec![0usize; (a.len() + 1) * width];
    for i in 0..=a.len() {
        for j in 0..=b.len() {
            table[i * width + j] = if i == 0 || j == 0 {
                i + j
            } else {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                let mut best = (table[(i - 1) * width + j] + 1)
                    .min(table[i * width + j - 1] + 1)
                    .min(table[(i - 1) * width + j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    best = best.min(table[(i - 2) * width + j - 2] + 1);
                }
                best
            };
        }
    }
    table[a.len() * width + b.len()]
}

/// An id that names nothing of the kind asked for: what was asked, the
/// closest id that does name something, and every id that does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unknown {
    pub id: String,
    pub closest: Option<String>,
    pub known: Vec<String>,
}

impl Unknown {
    /// `id`, which is none of `known` (in the order a list shows them).
    pub fn among<'a>(id: &str, known: impl IntoIterator<Item = &'a str>) -> Self {
        let known: Vec<&str> = known.into_iter().collect();
        Self {
            id: id.to_string(),
            closest: closest(id, known.iter().copied()).map(str::to_string),
            known: known.into_iter().map(str::to_string).collect(),
        }
    }

    /// "did you mean `email`?", or what there is ("channels: email, chat")
    /// when nothing is close.
    pub fn hint(&self, kinds: &str) -> String {
        match &self.closest {
            Some(close) => format!("did you mean `{close}`?"),
            None => format!("{kinds}: {}", self.known.join(", ")),
        }
    }
}

/// `a`, `b` and `c` as a backticked list for help lines, shortened after `max` names.
pub fn list(names: &[&str], max: usize) -> String {
    let mut shown: Vec<String> = names.iter().take(max).map(|n| format!("`{n}`")).collect();
    if names.len() > max {
        shown.push(format!("and {} more", names.len() - max));
    }
    shown.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_close_names() {
        assert_eq!(closest("slak", ["email", "slack", "meet"]), Some("slack"));
        assert_eq!(closest("purpse", ["purpose", "title"]), Some("purpose"));
        assert_eq!(closest("Zoom", ["zoom"]), Some("zoom"));
    }

    /// Found by fuzzing: a 15,000-character "zone" was compared with every
    /// zone name, cell by cell, for seconds.
    #[test]
    fn a_long_text_is_compared_with_nothing_of_another_length() {
        let long = "Europe/Berlin ".repeat(1000);
        assert_eq!(closest(&long, ["Europe/Berlin", "Asia/Shanghai"]), None);
        // Within the limit, a longer or shorter name is still found.
        assert_eq!(
            closest("Europe/Berlinn", ["Europe/Berlin"]),
            Some("Europe/Berlin")
        );
        assert_eq!(closest("emal", ["email"]), Some("email"));
    }

    #[test]
    fn refuses_far_names() {
        assert_eq!(closest("calendar", ["email", "slack"]), None);
        assert_eq!(closest("", ["a"]), None);
    }

    #[test]
    fn distance_is_levenshtein() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("中文", "中"), 1);
        assert_eq!(edit_distance("emial", "email"), 1);
    }

    #[test]
    fn unknown_ids_keep_the_closest_and_every_known_one() {
        let unknown = Unknown::among("emial", ["slack", "email"]);
        assert_eq!(unknown.closest.as_deref(), Some("email"));
        assert_eq!(unknown.known, ["slack", "email"]);
        assert_eq!(Unknown::among("calendar", ["slack"]).closest, None);
    }

    #[test]
    fn lists_are_shortened() {
        assert_eq!(list(&["a", "b", "c"], 2), "`a`, `b`, and 1 more");
    }
}
