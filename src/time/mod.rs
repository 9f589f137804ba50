//! Calendar dates and time zones. The only module that knows the time library
//! (jiff, with its bundled tz database so results never depend on the machine's
//! zoneinfo).

use std::fmt;
use std::sync::OnceLock;

use jiff::tz::{TimeZone, TimeZoneDatabase};

/// A calendar date (proleptic Gregorian), `YYYY-MM-DD`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(jiff::civil::Date);

impl Date {
    /// Parses exactly `YYYY-MM-DD` with a real month and day.
    pub fn parse(text: &str) -> Result<Date, String> {
        let bytes = text.as_bytes();
        let shape_ok = bytes.len() == 10
            && bytes[4] == b'-'
            && bytes[7] == b'-'
            && bytes
                .iter()
                .enumerate()
                .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
        if !shape_ok {
            return Err(format!("`{text}` is not a date (YYYY-MM-DD)"));
        }
        let number = |range: std::ops::Range<usize>| text[range].parse::<i16>().unwrap_or(0);
        let (year, month, day) = (number(0..4), number(5..7), number(8..10));
        let month = i8::try_from(month).unwrap_or(0);
        let day = i8::try_from(day).unwrap_or(0);
        jiff::civil::Date::new(year, month, day)
            .map(Date)
            .map_err(|_| format!("`{text}` is not a date on the calendar"))
    }

    pub fn year(self) -> i16 {
        self.0.year()
    }

    pub fn month(self) -> i8 {
        self.0.month()
    }

    pub fn day(self) -> i8 {
        self.0.day()
    }
}

/// The day of the week a date falls on.
pub fn weekday(date: Date) -> crate::model::Weekday {
    use crate::model::Weekday;
    match date.0.weekday() {
        jiff::civil::Weekday::Monday => Weekday::Mon,
        jiff::civil::Weekday::Tuesday => Weekday::Tue,
        jiff::civil::Weekday::Wednesday => Weekday::Wed,
        jiff::civil::Weekday::Thursday => Weekday::Thu,
        jiff::civil::Weekday::Friday => Weekday::Fri,
        jiff::civil::Weekday::Saturday => Weekday::Sat,
        jiff::civil::Weekday::Sunday => Weekday::Sun,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}",
            self.year(),
            self.month(),
            self.day()
        )
    }
}

/// An IANA time zone, kept with the name the plan used.
#[derive(Clone, Debug)]
pub struct Zone {
    name: String,
    tz: TimeZone,
}

impl PartialEq for Zone {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

impl Eq for Zone {}

impl Zone {
    /// Looks a zone up by its IANA name in the bundled database.
    pub fn parse(name: &str) -> Result<Zone, String> {
        match database().get(name) {
            // Lookup ignores case; keep the canonical spelling for calendars.
            Ok(tz) => Ok(Zone {
                name: tz.iana_name().unwrap_or(name).to_string(),
                tz,
            }),
            Err(_) => {
                let names = zone_names();
                let mut message = format!("`{name}` is not an IANA time zone");
                let suggestion = crate::suggest::closest(name, names.iter().map(String::as_str))
                    .or_else(|| suggest_by_city(name, names));
                match suggestion {
                    Some(zone) => message.push_str(&format!("\nhelp: did you mean `{zone}`?")),
                    None => message.push_str(
                        "\nhelp: use a name from the tz database, such as `Europe/Berlin` or `Asia/Shanghai`",
                    ),
                }
                Err(message)
            }
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// The time library's zone, for the time engine.
    pub fn time_zone(&self) -> &TimeZone {
        &self.tz
    }
}

impl fmt::Display for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

fn database() -> &'static TimeZoneDatabase {
    static DATABASE: OnceLock<TimeZoneDatabase> = OnceLock::new();
    DATABASE.get_or_init(TimeZoneDatabase::bundled)
}

/// Every zone name of the bundled database, sorted.
pub fn zone_names() -> &'static [String] {
    static NAMES: OnceLock<Vec<String>> = OnceLock::new();
    NAMES.get_or_init(|| {
        let mut names: Vec<String> = database()
            .available()
            .map(|name| name.as_str().to_string())
            .collect();
        names.sort();
        names
    })
}

/// `Berlin` or `europe/berlin` or `New York`: match the city part of a zone name.
fn suggest_by_city<'a>(input: &str, names: &'a [String]) -> Option<&'a str> {
    let wanted = input.trim().replace(' ', "_").to_lowercase();
    let city = wanted.rsplit('/').next().unwrap_or(&wanted).to_string();
    names
        .iter()
        .find(|name| {
            let lower = name.to_lowercase();
            lower == wanted || lower.rsplit('/').next() == Some(city.as_str())
        })
        .map(String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse_strictly() {
        assert_eq!(Date::parse("2026-03-02").unwrap().to_string(), "2026-03-02");
        assert!(
            Date::parse("2026-02-30")
                .unwrap_err()
                .contains("not a date on the calendar")
        );
        assert!(Date::parse("2026-3-2").is_err());
        assert!(Date::parse("02.03.2026").is_err());
    }

    #[test]
    fn zones_come_from_the_bundled_database() {
        assert_eq!(
            Zone::parse("Asia/Shanghai").unwrap().name(),
            "Asia/Shanghai"
        );
        assert_eq!(
            Zone::parse("europe/berlin").unwrap().name(),
            "Europe/Berlin"
        );
        let error = Zone::parse("Europe/Berln").unwrap_err();
        assert!(error.contains("did you mean `Europe/Berlin`?"), "{error}");
        let error = Zone::parse("Berlin").unwrap_err();
        assert!(error.contains("did you mean `Europe/Berlin`?"), "{error}");
        assert!(zone_names().len() > 300);
    }
}
