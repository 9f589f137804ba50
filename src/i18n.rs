//! Message catalogues: every fixed string of the handbook and checklists, per
//! locale, from `templates/i18n/<locale>.json` (embedded in the binary).

use std::collections::BTreeMap;

use crate::model::{Locale, Weekday};

const EN: &str = include_str!("../templates/i18n/en.json");
const ZH_CN: &str = include_str!("../templates/i18n/zh-CN.json");

/// The strings of one locale.
#[derive(Clone, Debug)]
pub struct Messages {
    pub locale: Locale,
    pub lang: &'static str,
    pub strings: BTreeMap<String, String>,
}

impl Messages {
    pub fn for_locale(locale: Locale) -> Messages {
        let source = match locale {
            Locale::En => EN,
            Locale::ZhCn => ZH_CN,
        };
        // The catalogues ship with the binary; a test proves they parse and agree.
        let strings = serde_json::from_str(source).unwrap_or_default();
        Messages {
            locale,
            lang: locale.as_str(),
            strings,
        }
    }

    /// A message; its key when the catalogue lacks it (a test forbids that).
    pub fn get(&self, key: &str) -> String {
        self.strings
            .get(key)
            .cloned()
            .unwrap_or_else(|| key.to_string())
    }

    /// The message with each `{name}` replaced by its value, in one pass:
    /// a value that holds `{other}` (a project named `P {items}`) stays as
    /// written.
    pub fn fill(&self, key: &str, args: &[(&str, &str)]) -> String {
        let template = self.get(key);
        let mut text = String::with_capacity(template.len());
        let mut rest = template.as_str();
        while let Some(open) = rest.find('{') {
            text.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let value = after.find('}').and_then(|close| {
                let name = &after[..close];
                let value = args.iter().find(|(n, _)| *n == name)?.1;
                Some((value, close))
            });
            match value {
                Some((value, close)) => {
                    text.push_str(value);
                    rest = &after[close + 1..];
                }
                None => {
                    text.push('{');
                    rest = after;
                }
            }
        }
        text.push_str(rest);
        text
    }

    pub fn weekday(&self, day: Weekday) -> String {
        self.get(&format!("weekday_{}", day.as_str()))
    }

    /// "Tue", "周二".
    pub fn weekday_short(&self, day: Weekday) -> String {
        self.get(&format!("weekday_short_{}", day.as_str()))
    }

    /// `a`, `a and b`, `a, b and c` in the locale's way.
    pub fn list(&self, items: &[String]) -> String {
        match items {
            [] => String::new(),
            [one] => one.clone(),
            [rest @ .., last] if self.lang == "en" => {
                format!("{}{}{last}", rest.join(", "), self.get("list_and"))
            }
            all => all.join(&self.get("list_and")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogues_parse_and_have_the_same_keys() {
        let en = Messages::for_locale(Locale::En);
        let zh = Messages::for_locale(Locale::ZhCn);
        assert!(en.strings.len() > 100);
        let en_keys: Vec<&String> = en.strings.keys().collect();
        let zh_keys: Vec<&String> = zh.strings.keys().collect();
        assert_eq!(en_keys, zh_keys);
    }

    /// A key written twice parses (the last one wins), so a catalogue could
    /// hold a value nobody reads: each key is on its own line, once.
    #[test]
    fn catalogues_name_each_key_once() {
        for source in [EN, ZH_CN] {
            let mut keys: Vec<&str> = source
                .lines()
                .filter_map(|line| line.trim_start().strip_prefix('"')?.split_once("\":"))
                .map(|(key, _)| key)
                .collect();
            let all = keys.len();
            keys.sort_unstable();
            keys.dedup();
            assert_eq!(keys.len(), all, "a key is written twice");
            assert_eq!(all, Messages::for_locale(Locale::En).strings.len());
        }
    }

    /// Found in review: a project named `P {items}` had the item titles
    /// put into its name.
    #[test]
    fn a_value_is_never_read_as_a_placeholder() {
        let m = Messages::for_locale(Locale::En);
        let filled = m.fill(
            "notice_subject",
            &[("project", "P {items}"), ("items", "Sync")],
        );
        assert_eq!(filled, "P {items}: changes to Sync");
        assert_eq!(
            m.fill("notice_subject", &[]),
            "{project}: changes to {items}"
        );
    }

    #[test]
    fn messages_fill_and_list() {
        let en = Messages::for_locale(Locale::En);
        assert_eq!(en.fill("max_words", &[("n", "400")]), "At most 400 words");
        assert_eq!(en.list(&["a".into(), "b".into(), "c".into()]), "a, b and c");
        let zh = Messages::for_locale(Locale::ZhCn);
        assert_eq!(zh.list(&["周一".into(), "周三".into()]), "周一、周三");
        assert_eq!(zh.weekday(Weekday::Tue), "周二");
    }
}
