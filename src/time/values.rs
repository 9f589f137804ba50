//! The values of time a plan is written in: times of day, weekdays and
//! durations (calendar or business time). Plain data with their parsing and
//! display; `model` reads them from the plan (serde, JSON Schema).
//!
//! Each parses from the text a user writes and refuses anything else with a
//! message that says what was expected; a line starting with `help: ` in that
//! message becomes the diagnostic's help.

use std::fmt;

use crate::limits::{BUSINESS_HOURS_PER_DAY, MAX_BUSINESS_DAYS, MAX_CALENDAR_MINUTES};

/// A length of time: calendar (`15m`, `4h`, `2d`, `1w`) or business time
/// (`4bh`, `2bd`), measured on the working hours of working days.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Duration {
    Calendar { minutes: u64 },
    Business { days: u64, minutes: u64 },
}

impl Duration {
    /// Calendar minutes of an occurrence's length; business time, which
    /// validation refuses there, counts as none.
    pub fn calendar_minutes(self) -> i64 {
        match self {
            Duration::Calendar { minutes } => i64::try_from(minutes).unwrap_or(0),
            Duration::Business { .. } => 0,
        }
    }

    pub fn parse(text: &str) -> Result<Duration, String> {
        let fail = |why: &str| {
            let form =
                "a number and a unit: `15m`, `4h`, `2d`, `1w`, or business time `4bh`, `2bd`";
            match suggest_duration(text) {
                Some(Advice::Meant(meant)) => {
                    format!(
                        "`{text}` is not a duration{why}\nhelp: did you mean `{meant}`? Write {form}"
                    )
                }
                Some(Advice::Say(help)) => format!("`{text}` is not a duration{why}\nhelp: {help}"),
                None => format!("`{text}` is not a duration{why}\nhelp: write {form}"),
            }
        };
        let mut rest = text.trim();
        if rest.is_empty() {
            return Err(fail(""));
        }
        let (mut calendar, mut business_days, mut business_minutes) = (0u64, 0u64, 0u64);
        let (mut saw_calendar, mut saw_business) = (false, false);
        while !rest.is_empty() {
            let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            if digits == 0 {
                return Err(fail(""));
            }
            // A number beyond u64 is beyond any limit too.
            let number: u64 = rest[..digits].parse().map_err(|_| too_long(text))?;
            rest = &rest[digits..];
            let unit_len = rest.len()
                - rest
                    .trim_start_matches(|c: char| c.is_ascii_alphabetic())
                    .len();
            let unit = &rest[..unit_len];
            rest = rest[unit_len..].trim_start();
            let too_large = || too_long(text);
            match unit {
                "m" | "h" | "d" | "w" => {
                    saw_calendar = true;
                    let per_unit = match unit {
                        "m" => 1,
                        "h" => 60,
                        "d" => 24 * 60,
                        _ => 7 * 24 * 60,
                    };
                    let minutes = number.checked_mul(per_unit).ok_or_else(too_large)?;
                    calendar = calendar.checked_add(minutes).ok_or_else(too_large)?;
                }
                "bh" => {
                    saw_business = true;
                    let minutes = number.checked_mul(60).ok_or_else(too_large)?;
                    business_minutes = business_minutes
                        .checked_add(minutes)
                        .ok_or_else(too_large)?;
                }
                "bd" => {
                    saw_business = true;
                    business_days = business_days.checked_add(number).ok_or_else(too_large)?;
                }
                "" if rest.starts_with(['.', ',']) => {
                    return Err(fail(": a duration is a whole number of a unit"));
                }
                "" if rest.starts_with(|c: char| c.is_alphabetic()) => {
                    return Err(fail(": a unit follows its number without a space"));
                }
                "" => return Err(fail(": the unit is missing")),
                other => return Err(fail(&format!(": `{other}` is not a unit"))),
            }
        }
        let duration = match (saw_calendar, saw_business) {
            (true, true) => return Err(fail(": calendar and business units cannot be mixed")),
            (_, true) => Duration::Business {
                days: business_days,
                minutes: business_minutes,
            },
            _ => Duration::Calendar { minutes: calendar },
        };
        if duration.exceeds_limit() {
            return Err(too_long(text));
        }
        Ok(duration)
    }

    /// Whether a duration is longer than `plan` accepts (see [`crate::limits`]).
    fn exceeds_limit(self) -> bool {
        match self {
            Duration::Calendar { minutes } => minutes > MAX_CALENDAR_MINUTES,
            Duration::Business { days, minutes } => {
                let day = BUSINESS_HOURS_PER_DAY * 60;
                days.saturating_mul(day).saturating_add(minutes) > MAX_BUSINESS_DAYS * day
            }
        }
    }

    pub const fn is_business(self) -> bool {
        matches!(self, Duration::Business { .. })
    }

    pub const fn is_zero(self) -> bool {
        matches!(
            self,
            Duration::Calendar { minutes: 0 }
                | Duration::Business {
                    days: 0,
                    minutes: 0
                }
        )
    }
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Duration::Calendar { minutes } => {
                if minutes == 0 {
                    return f.write_str("0m");
                }
                let parts = [(7 * 24 * 60, "w"), (24 * 60, "d"), (60, "h"), (1, "m")];
                let mut left = minutes;
                for (size, unit) in parts {
                    if left >= size {
                        write!(f, "{}{unit}", left / size)?;
                        left %= size;
                    }
                }
                Ok(())
            }
            Duration::Business { days, minutes } => {
                if days > 0 {
                    write!(f, "{days}bd")?;
                }
                if minutes % 60 == 0 && (minutes > 0 || days == 0) {
                    write!(f, "{}bh", minutes / 60)?;
                } else if minutes > 0 {
                    // Business minutes only arise from whole hours today; keep exact anyway.
                    write!(f, "{}bh{}m", minutes / 60, minutes % 60)?;
                }
                Ok(())
            }
        }
    }
}

/// The advice for a duration that did not parse.
enum Advice {
    /// What it meant, exactly.
    Meant(String),
    /// What to write instead, where only the reader knows the exact value.
    Say(String),
}

/// What a duration written the way people write it meant: `2 hours`,
/// `2hrs` -> `2h`; `90min` -> `90m`; `1.5h` -> `90m`; `120` -> `120m`;
/// `1 business day` -> `1bd`; a fraction of business time, how to write it
/// in whole units. `None` where the intent is not clear.
fn suggest_duration(text: &str) -> Option<Advice> {
    let lower = text.trim().to_ascii_lowercase();
    let number_len = lower
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(lower.len());
    let (number, unit) = lower.split_at(number_len);
    let unit: String = unit.split_whitespace().collect::<Vec<_>>().join(" ");
    let unit = match unit.as_str() {
        // A bare number: minutes are the smallest unit and the common intent.
        "" | "m" | "min" | "mins" | "minute" | "minutes" => "m",
        "h" | "hr" | "hrs" | "hour" | "hours" => "h",
        "d" | "day" | "days" => "d",
        "w" | "wk" | "wks" | "week" | "weeks" => "w",
        "bh" | "business hour" | "business hours" | "working hour" | "working hours" => "bh",
        "bd" | "business day" | "business days" | "working day" | "working days" => "bd",
        _ => return None,
    };
    if let Ok(whole) = number.parse::<u64>() {
        let meant = format!("{whole}{unit}");
        return (meant != text.trim()).then_some(Advice::Meant(meant));
    }
    // A fraction of a calendar unit, in whole minutes: `1.5h` -> `90m`.
    let value: f64 = number
        .parse()
        .ok()
        .filter(|v: &f64| v.is_finite() && *v > 0.0)?;
    let per_unit = match unit {
        "h" => 60.0,
        "d" => 24.0 * 60.0,
        "w" => 7.0 * 24.0 * 60.0,
        "bh" | "bd" if value <= 1e6 => return Some(Advice::Say(whole_business_time(value, unit))),
        _ => return None,
    };
    let minutes = value * per_unit;
    (minutes.fract() == 0.0 && minutes <= 1e9).then(|| {
        let minutes = minutes as u64;
        Advice::Meant(Duration::Calendar { minutes }.to_string())
    })
}

/// How to write a fraction of business time (`1.5bd`, `2.5bh`) in whole
/// units. No single answer: the hours of a business day are the plan's
/// working hours, which a duration does not know; so an example, said as one.
#[allow(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    reason = "a positive value of at most a million, rounded"
)]
fn whole_business_time(value: f64, unit: &str) -> String {
    let (whole, rest) = (value.trunc() as u64, value.fract());
    if unit == "bh" {
        let (below, above) = (whole, whole + 1);
        return if below == 0 {
            format!(
                "business time counts whole hours: write `{above}bh`, or calendar time such as `30m`"
            )
        } else {
            format!("business time counts whole hours: write `{below}bh` or `{above}bh`")
        };
    }
    let hours = rest * BUSINESS_HOURS_PER_DAY as f64;
    let days = if whole == 0 {
        String::new()
    } else {
        format!("{whole}bd")
    };
    if hours.fract() == 0.0 {
        format!(
            "business time is written in whole days and hours: `{days}{}bh` if a working day has {BUSINESS_HOURS_PER_DAY} hours (a business day is the plan's working hours)",
            hours as u64
        )
    } else {
        "business time is written in whole days and hours, e.g. `1bd4bh` (a business day is the plan's working hours)".to_string()
    }
}

/// What a time of day written the way people write it meant: `9am` ->
/// `09:00`, `5:30 pm` -> `17:30`, `9.30` and `0930` -> `09:30`, `9h` ->
/// `09:00`. `None` where the intent is not clear.
fn suggest_time(text: &str) -> Option<String> {
    // The forms below are ASCII; anything else has no clear intent (and
    // would be cut inside a character).
    if !text.is_ascii() {
        return None;
    }
    let lower = text.trim().to_ascii_lowercase().replace(' ', "");
    let (clock, half) = if let Some(c) = lower.strip_suffix("am") {
        (c, Some(false))
    } else if let Some(c) = lower.strip_suffix("pm") {
        (c, Some(true))
    } else {
        (lower.strip_suffix('h').unwrap_or(&lower), None)
    };
    let (hour, minute) = match clock.split_once([':', '.', 'h']) {
        Some((h, m)) => (h, m),
        None if clock.len() == 4 => clock.split_at(2),
        None if clock.len() == 3 => clock.split_at(1),
        None => (clock, "00"),
    };
    let digits =
        |s: &str, max: usize| (1..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(hour, 2) || minute.len() != 2 || !digits(minute, 2) {
        return None;
    }
    let (mut hour, minute): (u8, u8) = (hour.parse().ok()?, minute.parse().ok()?);
    match half {
        Some(_) if !(1..=12).contains(&hour) => return None,
        Some(pm) => hour = hour % 12 + if pm { 12 } else { 0 },
        None => {}
    }
    (hour <= 23 && minute <= 59).then(|| format!("{hour:02}:{minute:02}"))
}

/// The message for a duration beyond the limits: longer than a year.
fn too_long(text: &str) -> String {
    format!(
        "`{text}` is longer than `plan` accepts: durations are at most a year\nhelp: write at most `{}d` (`52w2d`) of calendar time, or `{MAX_BUSINESS_DAYS}bd` (`{}bh`) of business time",
        MAX_CALENDAR_MINUTES / (24 * 60),
        MAX_BUSINESS_DAYS * BUSINESS_HOURS_PER_DAY,
    )
}

/// A wall-clock time of day, `HH:MM` in 24-hour form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TimeOfDay {
    pub hour: u8,
    pub minute: u8,
}

impl TimeOfDay {
    pub fn parse(text: &str) -> Result<TimeOfDay, String> {
        let help = match suggest_time(text) {
            Some(meant) => format!(
                "help: did you mean \"{meant}\"? Write the time as \"HH:MM\" in 24-hour form"
            ),
            None => "help: write the time as \"HH:MM\" in 24-hour form, e.g. \"16:00\"".to_string(),
        };
        let Some((h, m)) = text.split_once(':') else {
            return Err(format!("`{text}` is not a time of day\n{help}"));
        };
        let two_digits =
            |s: &str| (1..=2).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
        if !two_digits(h) || m.len() != 2 || !two_digits(m) {
            return Err(format!("`{text}` is not a time of day\n{help}"));
        }
        let hour: u8 = h.parse().unwrap_or(u8::MAX);
        let minute: u8 = m.parse().unwrap_or(u8::MAX);
        if hour > 23 {
            return Err(format!(
                "`{text}` is not a time of day: hours go from 00 to 23\n{help}"
            ));
        }
        if minute > 59 {
            return Err(format!(
                "`{text}` is not a time of day: minutes go from 00 to 59\n{help}"
            ));
        }
        Ok(TimeOfDay { hour, minute })
    }

    pub const fn minutes_from_midnight(self) -> u32 {
        self.hour as u32 * 60 + self.minute as u32
    }
}

impl fmt::Display for TimeOfDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.hour, self.minute)
    }
}

/// A day of the week, as the format writes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Weekday {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl Weekday {
    pub const ALL: [Weekday; 7] = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            Weekday::Mon => "mon",
            Weekday::Tue => "tue",
            Weekday::Wed => "wed",
            Weekday::Thu => "thu",
            Weekday::Fri => "fri",
            Weekday::Sat => "sat",
            Weekday::Sun => "sun",
        }
    }

    pub fn parse(text: &str) -> Result<Weekday, String> {
        if let Some(day) = Weekday::ALL.into_iter().find(|d| d.as_str() == text) {
            return Ok(day);
        }
        let lower = text.trim().to_lowercase();
        // `tuesday` and `Tues` are clear enough to suggest the short form.
        let hint = Weekday::ALL
            .into_iter()
            .find(|d| lower.len() >= 3 && lower.starts_with(d.as_str()))
            .map_or_else(
                || "help: weekdays are `mon` `tue` `wed` `thu` `fri` `sat` `sun`".to_string(),
                |d| format!("help: did you mean `{}`?", d.as_str()),
            );
        Err(format!("`{text}` is not a weekday\n{hint}"))
    }
}

impl fmt::Display for Weekday {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ways people write durations and times get the form `plan` reads.
    #[test]
    fn durations_and_times_as_people_write_them_get_a_did_you_mean() {
        for (written, meant) in [
            ("2 hours", "2h"),
            ("2hrs", "2h"),
            ("2 Hours", "2h"),
            ("90min", "90m"),
            ("90 minutes", "90m"),
            ("1.5h", "1h30m"),
            ("0.5d", "12h"),
            ("120", "120m"),
            ("1 business day", "1bd"),
            ("4 working hours", "4bh"),
            ("3 weeks", "3w"),
        ] {
            let error = Duration::parse(written).unwrap_err();
            assert!(
                error.contains(&format!("help: did you mean `{meant}`?")),
                "{written}: {error}"
            );
        }
        for unclear in ["soon", "1.5bd", "2 fortnights", "-1h"] {
            let error = Duration::parse(unclear).unwrap_err();
            assert!(!error.contains("did you mean"), "{unclear}: {error}");
        }
        // A fraction of business time: whole units, with the day's length said.
        for (written, advice) in [
            ("1.5bd", "`1bd4bh` if a working day has 8 hours"),
            ("0.5bd", "`4bh` if a working day has 8 hours"),
            ("1.3bd", "whole days and hours, e.g. `1bd4bh`"),
            ("1.5bh", "write `1bh` or `2bh`"),
            ("0.5 business hours", "write `1bh`, or calendar time"),
        ] {
            let error = Duration::parse(written).unwrap_err();
            assert!(error.contains(advice), "{written}: {error}");
        }
        for (written, meant) in [
            ("9am", "09:00"),
            ("9 AM", "09:00"),
            ("12am", "00:00"),
            ("12pm", "12:00"),
            ("5:30pm", "17:30"),
            ("9.30", "09:30"),
            ("0930", "09:30"),
            ("930", "09:30"),
            ("9h", "09:00"),
            ("9", "09:00"),
        ] {
            let error = TimeOfDay::parse(written).unwrap_err();
            assert!(
                error.contains(&format!("help: did you mean \"{meant}\"?")),
                "{written}: {error}"
            );
        }
        for unclear in ["noon", "13pm", "25:00", "9:5", "９am", "é9am"] {
            let error = TimeOfDay::parse(unclear).unwrap_err();
            assert!(!error.contains("did you mean"), "{unclear}: {error}");
        }
    }

    #[test]
    fn durations_parse_every_unit() {
        let calendar = |minutes| Duration::Calendar { minutes };
        let cases = [
            ("15m", calendar(15)),
            ("4h", calendar(240)),
            ("2d", calendar(2880)),
            ("1w", calendar(10080)),
            ("1h30m", calendar(90)),
            ("1h 30m", calendar(90)),
            (
                "4bh",
                Duration::Business {
                    days: 0,
                    minutes: 240,
                },
            ),
            (
                "2bd",
                Duration::Business {
                    days: 2,
                    minutes: 0,
                },
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(Duration::parse(text), Ok(expected), "{text}");
        }
    }

    #[test]
    fn durations_refuse_nonsense() {
        for bad in [
            "",
            "15",
            "m",
            "15x",
            "1h2bh",
            "-5m",
            "99999999999999999999m",
            "1.5h",
        ] {
            assert!(Duration::parse(bad).is_err(), "{bad:?} parsed");
        }
        assert!(
            Duration::parse("15x")
                .unwrap_err()
                .contains("`x` is not a unit")
        );
    }

    #[test]
    fn durations_display_canonically() {
        for text in [
            "15m", "4h", "2d", "1w", "1h30m", "4bh", "2bd", "1bd4bh", "0m", "0bh",
        ] {
            assert_eq!(Duration::parse(text).unwrap().to_string(), text);
        }
        assert_eq!(Duration::parse("90m").unwrap().to_string(), "1h30m");
    }

    #[test]
    fn durations_longer_than_a_year_are_refused() {
        for ok in ["366d", "52w2d", "8784h", "260bd", "2080bh", "259bd8bh"] {
            assert!(Duration::parse(ok).is_ok(), "{ok}");
        }
        for long in [
            "367d",
            "53w",
            "8785h",
            "261bd",
            "2081bh",
            "260bd1bh",
            "15250284452472w",
            "99999999999999999999m",
        ] {
            let error = Duration::parse(long).unwrap_err();
            assert!(error.contains("durations are at most a year"), "{error}");
            assert!(error.contains("\nhelp: "), "{error}");
        }
    }

    proptest::proptest! {
        #[test]
        fn durations_display_as_they_parse(minutes in 0u64..=527_040, days in 0u64..200, hours in 0u64..400) {
            for duration in [
                Duration::Calendar { minutes },
                Duration::Business { days, minutes: hours * 60 },
            ] {
                proptest::prop_assert_eq!(Duration::parse(&duration.to_string()), Ok(duration));
            }
        }
    }

    #[test]
    fn times_of_day() {
        assert_eq!(
            TimeOfDay::parse("09:05"),
            Ok(TimeOfDay { hour: 9, minute: 5 })
        );
        assert_eq!(TimeOfDay::parse("9:05").unwrap().to_string(), "09:05");
        assert!(
            TimeOfDay::parse("24:00")
                .unwrap_err()
                .contains("hours go from 00 to 23")
        );
        assert!(
            TimeOfDay::parse("12:60")
                .unwrap_err()
                .contains("minutes go from 00 to 59")
        );
        assert!(TimeOfDay::parse("0900").is_err());
        assert!(TimeOfDay::parse("12:5").is_err());
    }

    #[test]
    fn weekdays_suggest_the_short_form() {
        assert_eq!(Weekday::parse("tue"), Ok(Weekday::Tue));
        assert!(
            Weekday::parse("Tue")
                .unwrap_err()
                .contains("did you mean `tue`?")
        );
        assert!(
            Weekday::parse("tuesday")
                .unwrap_err()
                .contains("did you mean `tue`?")
        );
    }
}
