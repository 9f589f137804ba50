//! How a recurrence repeats, in the plan's words: `every` (day, weekday,
//! `N weeks`, `N months`, quarter) and `on` (weekdays, `first tue`, a day of
//! the month). Plain data with its parsing and display; `model` reads it from
//! the plan, [`super::Recurrence`] expands it.

use std::fmt;

use super::Weekday;

/// How often a schedule recurs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Every {
    Day,
    /// Every working day of the project.
    Weekday,
    Weeks(u32),
    Months(u32),
    Quarter,
}

impl Every {
    pub fn parse(text: &str) -> Result<Every, String> {
        let words: Vec<&str> = text.split_whitespace().collect();
        let every = match words.as_slice() {
            ["day"] => Some(Every::Day),
            ["weekday"] => Some(Every::Weekday),
            ["week"] => Some(Every::Weeks(1)),
            ["month"] => Some(Every::Months(1)),
            ["quarter"] => Some(Every::Quarter),
            [n, unit] => match (n.parse::<u32>(), *unit) {
                (Ok(n), "week" | "weeks") => Some(Every::Weeks(n)),
                (Ok(n), "month" | "months") => Some(Every::Months(n)),
                _ => None,
            },
            _ => None,
        };
        every.ok_or_else(|| {
            // The format is lowercase (as the JSON Schema says); point out the case.
            let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
            let lower: Vec<&str> = lower.iter().map(String::as_str).collect();
            let hint = match lower.as_slice() {
                ["day" | "weekday" | "week" | "month" | "quarter"] => {
                    format!("did you mean `{}`?", lower[0])
                }
                [_, "week" | "weeks" | "month" | "months"] => {
                    format!("did you mean `{}`?", lower.join(" "))
                }
                ["daily"] => "did you mean `day`?".to_string(),
                ["weekly"] => "did you mean `week`?".to_string(),
                ["biweekly" | "fortnightly" | "fortnight"] => "did you mean `2 weeks`?".to_string(),
                ["monthly"] => "did you mean `month`?".to_string(),
                ["quarterly"] => "did you mean `quarter`?".to_string(),
                ["weekdays" | "workday" | "workdays"] => "did you mean `weekday`?".to_string(),
                _ => "write `day`, `weekday`, `week`, `2 weeks`, `month`, `3 months` or `quarter`"
                    .to_string(),
            };
            format!("`{text}` is not a recurrence\nhelp: {hint}")
        })
    }

    /// Whether `on` takes weekdays (weekly) or a day of the month (monthly).
    pub const fn is_monthly(self) -> bool {
        matches!(self, Every::Months(_) | Every::Quarter)
    }
}

impl fmt::Display for Every {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Every::Day => f.write_str("day"),
            Every::Weekday => f.write_str("weekday"),
            Every::Weeks(1) => f.write_str("week"),
            Every::Weeks(n) => write!(f, "{n} weeks"),
            Every::Months(1) => f.write_str("month"),
            Every::Months(n) => write!(f, "{n} months"),
            Every::Quarter => f.write_str("quarter"),
        }
    }
}

/// Which week of the month a monthly `on` names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ordinal {
    First,
    Second,
    Third,
    Fourth,
    Last,
}

impl Ordinal {
    pub const fn as_str(self) -> &'static str {
        match self {
            Ordinal::First => "first",
            Ordinal::Second => "second",
            Ordinal::Third => "third",
            Ordinal::Fourth => "fourth",
            Ordinal::Last => "last",
        }
    }

    fn parse(word: &str) -> Option<Ordinal> {
        [
            Ordinal::First,
            Ordinal::Second,
            Ordinal::Third,
            Ordinal::Fourth,
            Ordinal::Last,
        ]
        .into_iter()
        .find(|o| o.as_str() == word)
    }
}

/// The day(s) a schedule falls on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum On {
    /// Weekly: these weekdays (no repeats, kept in the order written).
    Weekdays(Vec<Weekday>),
    /// Monthly: `first tue`, `last fri`.
    NthWeekday(Ordinal, Weekday),
    /// Monthly: this day of the month (1-31).
    DayOfMonth(u8),
}

impl On {
    pub fn parse(text: &str) -> Result<On, String> {
        let words: Vec<&str> = text.split_whitespace().collect();
        match words.as_slice() {
            [single] => {
                if let Ok(day) = single.parse::<i64>() {
                    return On::day_of_month(day);
                }
                Weekday::parse(single).map(|day| On::Weekdays(vec![day]))
            }
            [ordinal, day] => {
                let ordinal = Ordinal::parse(ordinal).ok_or_else(|| {
                    format!("`{text}` is not a day of the month\nhelp: write `first`, `second`, `third`, `fourth` or `last` and a weekday, e.g. `last thu`")
                })?;
                Ok(On::NthWeekday(ordinal, Weekday::parse(day)?))
            }
            _ => Err(format!(
                "`{text}` is not a day\nhelp: write weekdays `[tue, thu]` for weekly schedules, `first tue` or a day number `15` for monthly ones"
            )),
        }
    }

    pub fn day_of_month(day: i64) -> Result<On, String> {
        match u8::try_from(day) {
            Ok(day @ 1..=31) => Ok(On::DayOfMonth(day)),
            _ => Err(format!(
                "`{day}` is not a day of the month\nhelp: days of the month go from 1 to 31"
            )),
        }
    }
}

impl fmt::Display for On {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            On::Weekdays(days) => {
                let names: Vec<&str> = days.iter().map(|d| d.as_str()).collect();
                write!(f, "[{}]", names.join(", "))
            }
            On::NthWeekday(ordinal, day) => write!(f, "{} {day}", ordinal.as_str()),
            On::DayOfMonth(day) => write!(f, "{day}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reads_the_contract_forms() {
        assert_eq!(Every::parse("week"), Ok(Every::Weeks(1)));
        assert_eq!(Every::parse("2 weeks"), Ok(Every::Weeks(2)));
        assert_eq!(Every::parse("3 months"), Ok(Every::Months(3)));
        assert_eq!(Every::parse("quarter"), Ok(Every::Quarter));
        assert_eq!(Every::parse("weekday"), Ok(Every::Weekday));
        assert!(
            Every::parse("weekly")
                .unwrap_err()
                .contains("did you mean `week`?")
        );
        assert!(Every::parse("2 fortnights").is_err());
        assert!(
            Every::parse("Week")
                .unwrap_err()
                .contains("did you mean `week`?")
        );
    }

    #[test]
    fn on_reads_weekdays_ordinals_and_days() {
        assert_eq!(On::parse("tue"), Ok(On::Weekdays(vec![Weekday::Tue])));
        assert_eq!(
            On::parse("last thu"),
            Ok(On::NthWeekday(Ordinal::Last, Weekday::Thu))
        );
        assert_eq!(On::parse("15"), Ok(On::DayOfMonth(15)));
        assert!(On::parse("32").is_err());
        assert!(On::parse("Last thu").is_err());
        assert!(On::parse("fifth mon").unwrap_err().contains("`first`"));
    }
}
