//! Zone names that are not places, and places that are not zone names: the
//! advice `Zone::parse` and the `deprecated-timezone` rule give. Abbreviations
//! and fixed offsets are refused (they carry no daylight-saving rules, or
//! the wrong ones); tzdb's backward-compatible aliases are accepted and
//! named by their canonical zone; common business cities that are not in a
//! zone's name point to their zone.

/// Abbreviations and legacy zones that name no place, the zones of the
/// places people usually mean by them, and what to know about the name.
const ABBREVIATIONS: &[(&[&str], &[&str], &str)] = &[
    (&["Z"], &["UTC"], " (ISO 8601's `Z`)"),
    (
        &["EST"],
        &["America/New_York"],
        "; EST has no daylight saving time, so it would be UTC-5 all year",
    ),
    (&["EDT", "EST5EDT"], &["America/New_York"], ""),
    (
        &["CST"],
        &["America/Chicago", "Asia/Shanghai"],
        " (US Central or China Standard Time)",
    ),
    (&["CDT", "CST6CDT"], &["America/Chicago"], ""),
    (
        &["MST"],
        &["America/Denver", "America/Phoenix"],
        "; MST has no daylight saving time, so it would be UTC-7 all year, as in Arizona",
    ),
    (&["MDT", "MST7MDT"], &["America/Denver"], ""),
    (&["PST", "PDT", "PST8PDT"], &["America/Los_Angeles"], ""),
    (&["HST"], &["Pacific/Honolulu"], ""),
    (&["AKST", "AKDT"], &["America/Anchorage"], ""),
    (
        &["CET", "CEST", "MET", "MEST"],
        &["Europe/Berlin", "Europe/Paris"],
        "",
    ),
    (&["EET", "EEST"], &["Europe/Athens", "Europe/Helsinki"], ""),
    (&["WET", "WEST"], &["Europe/Lisbon"], ""),
    (&["BST"], &["Europe/London"], ""),
    (
        &["IST"],
        &["Asia/Kolkata", "Europe/Dublin", "Asia/Jerusalem"],
        "",
    ),
    (&["JST"], &["Asia/Tokyo"], ""),
    (&["KST"], &["Asia/Seoul"], ""),
    (&["HKT"], &["Asia/Hong_Kong"], ""),
    (&["SGT"], &["Asia/Singapore"], ""),
    (&["AEST", "AEDT"], &["Australia/Sydney"], ""),
    (&["ACST", "ACDT"], &["Australia/Adelaide"], ""),
    (&["AWST"], &["Australia/Perth"], ""),
    (&["NZST", "NZDT"], &["Pacific/Auckland"], ""),
    (&["MSK"], &["Europe/Moscow"], ""),
    (&["BRT"], &["America/Sao_Paulo"], ""),
];

/// Places people mean by a UTC offset, in minutes east of UTC.
const BY_OFFSET: &[(i32, &[&str])] = &[
    (-600, &["Pacific/Honolulu"]),
    (-540, &["America/Anchorage"]),
    (-480, &["America/Los_Angeles"]),
    (-420, &["America/Denver", "America/Phoenix"]),
    (-360, &["America/Chicago", "America/Mexico_City"]),
    (-300, &["America/New_York", "America/Bogota"]),
    (-240, &["America/Halifax", "America/Santiago"]),
    (
        -180,
        &["America/Sao_Paulo", "America/Argentina/Buenos_Aires"],
    ),
    (60, &["Europe/Berlin", "Europe/Paris"]),
    (120, &["Europe/Athens", "Africa/Johannesburg"]),
    (180, &["Europe/Moscow", "Europe/Istanbul"]),
    (240, &["Asia/Dubai"]),
    (300, &["Asia/Karachi", "Asia/Tashkent"]),
    (330, &["Asia/Kolkata"]),
    (345, &["Asia/Kathmandu"]),
    (360, &["Asia/Dhaka"]),
    (420, &["Asia/Bangkok", "Asia/Jakarta"]),
    (480, &["Asia/Shanghai", "Asia/Singapore"]),
    (540, &["Asia/Tokyo", "Asia/Seoul"]),
    (570, &["Australia/Adelaide", "Australia/Darwin"]),
    (600, &["Australia/Sydney", "Australia/Brisbane"]),
    (720, &["Pacific/Auckland"]),
];

/// tzdb's deprecated names (its `backward` file) and the zone each is now.
const DEPRECATED: &[(&str, &str)] = &[
    ("US/Alaska", "America/Anchorage"),
    ("US/Aleutian", "America/Adak"),
    ("US/Arizona", "America/Phoenix"),
    ("US/Central", "America/Chicago"),
    ("US/East-Indiana", "America/Indiana/Indianapolis"),
    ("US/Eastern", "America/New_York"),
    ("US/Hawaii", "Pacific/Honolulu"),
    ("US/Indiana-Starke", "America/Indiana/Knox"),
    ("US/Michigan", "America/Detroit"),
    ("US/Mountain", "America/Denver"),
    ("US/Pacific", "America/Los_Angeles"),
    ("US/Samoa", "Pacific/Pago_Pago"),
    ("Canada/Atlantic", "America/Halifax"),
    ("Canada/Central", "America/Winnipeg"),
    ("Canada/Eastern", "America/Toronto"),
    ("Canada/Mountain", "America/Edmonton"),
    ("Canada/Newfoundland", "America/St_Johns"),
    ("Canada/Pacific", "America/Vancouver"),
    ("Canada/Saskatchewan", "America/Regina"),
    ("Canada/Yukon", "America/Whitehorse"),
    ("Mexico/BajaNorte", "America/Tijuana"),
    ("Mexico/BajaSur", "America/Mazatlan"),
    ("Mexico/General", "America/Mexico_City"),
    ("Brazil/Acre", "America/Rio_Branco"),
    ("Brazil/DeNoronha", "America/Noronha"),
    ("Brazil/East", "America/Sao_Paulo"),
    ("Brazil/West", "America/Manaus"),
    ("Chile/Continental", "America/Santiago"),
    ("Chile/EasterIsland", "Pacific/Easter"),
    ("Australia/ACT", "Australia/Sydney"),
    ("Australia/Canberra", "Australia/Sydney"),
    ("Australia/NSW", "Australia/Sydney"),
    ("Australia/North", "Australia/Darwin"),
    ("Australia/Queensland", "Australia/Brisbane"),
    ("Australia/South", "Australia/Adelaide"),
    ("Australia/Tasmania", "Australia/Hobart"),
    ("Australia/Victoria", "Australia/Melbourne"),
    ("Australia/West", "Australia/Perth"),
    ("Australia/LHI", "Australia/Lord_Howe"),
    ("Australia/Yancowinna", "Australia/Broken_Hill"),
    ("Cuba", "America/Havana"),
    ("Egypt", "Africa/Cairo"),
    ("Eire", "Europe/Dublin"),
    ("GB", "Europe/London"),
    ("GB-Eire", "Europe/London"),
    ("Hongkong", "Asia/Hong_Kong"),
    ("Iran", "Asia/Tehran"),
    ("Israel", "Asia/Jerusalem"),
    ("Jamaica", "America/Jamaica"),
    ("Japan", "Asia/Tokyo"),
    ("Kwajalein", "Pacific/Kwajalein"),
    ("Libya", "Africa/Tripoli"),
    ("Navajo", "America/Denver"),
    ("NZ", "Pacific/Auckland"),
    ("NZ-CHAT", "Pacific/Chatham"),
    ("Poland", "Europe/Warsaw"),
    ("Portugal", "Europe/Lisbon"),
    ("PRC", "Asia/Shanghai"),
    ("ROC", "Asia/Taipei"),
    ("ROK", "Asia/Seoul"),
    ("Singapore", "Asia/Singapore"),
    ("Turkey", "Europe/Istanbul"),
    ("W-SU", "Europe/Moscow"),
    ("Asia/Calcutta", "Asia/Kolkata"),
    ("Asia/Saigon", "Asia/Ho_Chi_Minh"),
    ("Asia/Katmandu", "Asia/Kathmandu"),
    ("Asia/Rangoon", "Asia/Yangon"),
    ("Asia/Dacca", "Asia/Dhaka"),
    ("Asia/Thimbu", "Asia/Thimphu"),
    ("Asia/Ujung_Pandang", "Asia/Makassar"),
    ("Asia/Ulan_Bator", "Asia/Ulaanbaatar"),
    ("Asia/Macao", "Asia/Macau"),
    ("Asia/Chongqing", "Asia/Shanghai"),
    ("Asia/Chungking", "Asia/Shanghai"),
    ("Asia/Harbin", "Asia/Shanghai"),
    ("Asia/Tel_Aviv", "Asia/Jerusalem"),
    ("Asia/Istanbul", "Europe/Istanbul"),
    ("Asia/Ashkhabad", "Asia/Ashgabat"),
    ("Europe/Kiev", "Europe/Kyiv"),
    ("Europe/Uzhgorod", "Europe/Kyiv"),
    ("Europe/Zaporozhye", "Europe/Kyiv"),
    ("Europe/Belfast", "Europe/London"),
    ("Europe/Tiraspol", "Europe/Chisinau"),
    ("Europe/Nicosia", "Asia/Nicosia"),
    ("America/Buenos_Aires", "America/Argentina/Buenos_Aires"),
    ("America/Catamarca", "America/Argentina/Catamarca"),
    ("America/Cordoba", "America/Argentina/Cordoba"),
    ("America/Jujuy", "America/Argentina/Jujuy"),
    ("America/Mendoza", "America/Argentina/Mendoza"),
    ("America/Indianapolis", "America/Indiana/Indianapolis"),
    ("America/Fort_Wayne", "America/Indiana/Indianapolis"),
    ("America/Knox_IN", "America/Indiana/Knox"),
    ("America/Louisville", "America/Kentucky/Louisville"),
    ("America/Godthab", "America/Nuuk"),
    ("America/Montreal", "America/Toronto"),
    ("America/Shiprock", "America/Denver"),
    ("America/Ensenada", "America/Tijuana"),
    ("America/Santa_Isabel", "America/Tijuana"),
    ("America/Porto_Acre", "America/Rio_Branco"),
    ("America/Atka", "America/Adak"),
    ("Atlantic/Faeroe", "Atlantic/Faroe"),
    ("Pacific/Samoa", "Pacific/Pago_Pago"),
    ("Pacific/Truk", "Pacific/Chuuk"),
    ("Pacific/Yap", "Pacific/Chuuk"),
    ("Pacific/Ponape", "Pacific/Pohnpei"),
    ("Pacific/Enderbury", "Pacific/Kanton"),
    ("Antarctica/South_Pole", "Pacific/Auckland"),
    // Merged into the zone they had kept the same clock as since 1970 (2022-23).
    ("America/Nipigon", "America/Toronto"),
    ("America/Thunder_Bay", "America/Toronto"),
    ("America/Rainy_River", "America/Winnipeg"),
    ("America/Yellowknife", "America/Edmonton"),
    // tzdb links these to `Etc/UTC` and `Etc/GMT` (as it does `UTC`); `UTC`
    // is the name every calendar and person knows, and the same clock.
    ("UCT", "UTC"),
    ("Universal", "UTC"),
    ("Zulu", "UTC"),
    ("Etc/UCT", "UTC"),
    ("Etc/Universal", "UTC"),
    ("Etc/Zulu", "UTC"),
    ("Greenwich", "UTC"),
    ("GMT0", "UTC"),
    ("GMT+0", "UTC"),
    ("GMT-0", "UTC"),
    ("Etc/Greenwich", "UTC"),
    ("Etc/GMT0", "UTC"),
    ("Etc/GMT+0", "UTC"),
    ("Etc/GMT-0", "UTC"),
];

/// Common business cities that no zone is named after, and their zone:
/// tzdb names a zone after one city per region (`Europe/Berlin`, not
/// Munich). Cities that tzdb keeps as an alias (`Asia/Calcutta`,
/// `America/Montreal`) are found through the alias, not listed here.
/// Keys as [`city_key`] writes them.
const CITIES: &[(&str, &str)] = &[
    ("munich", "Europe/Berlin"),
    ("munchen", "Europe/Berlin"),
    ("koln", "Europe/Berlin"),
    ("nurnberg", "Europe/Berlin"),
    ("nuremberg", "Europe/Berlin"),
    ("wien", "Europe/Vienna"),
    ("genf", "Europe/Zurich"),
    ("prag", "Europe/Prague"),
    ("warschau", "Europe/Warsaw"),
    ("kobenhavn", "Europe/Copenhagen"),
    ("goteborg", "Europe/Stockholm"),
    ("gothenburg", "Europe/Stockholm"),
    ("frankfurt", "Europe/Berlin"),
    ("hamburg", "Europe/Berlin"),
    ("cologne", "Europe/Berlin"),
    ("dusseldorf", "Europe/Berlin"),
    ("stuttgart", "Europe/Berlin"),
    ("geneva", "Europe/Zurich"),
    ("basel", "Europe/Zurich"),
    ("milan", "Europe/Rome"),
    ("turin", "Europe/Rome"),
    ("barcelona", "Europe/Madrid"),
    ("valencia", "Europe/Madrid"),
    ("lyon", "Europe/Paris"),
    ("marseille", "Europe/Paris"),
    ("rotterdam", "Europe/Amsterdam"),
    ("the_hague", "Europe/Amsterdam"),
    ("manchester", "Europe/London"),
    ("edinburgh", "Europe/London"),
    ("krakow", "Europe/Warsaw"),
    ("saint_petersburg", "Europe/Moscow"),
    ("st_petersburg", "Europe/Moscow"),
    ("ankara", "Europe/Istanbul"),
    ("beijing", "Asia/Shanghai"),
    ("peking", "Asia/Shanghai"),
    ("shenzhen", "Asia/Shanghai"),
    ("guangzhou", "Asia/Shanghai"),
    ("hangzhou", "Asia/Shanghai"),
    ("chengdu", "Asia/Shanghai"),
    ("nanjing", "Asia/Shanghai"),
    ("suzhou", "Asia/Shanghai"),
    ("wuhan", "Asia/Shanghai"),
    ("mumbai", "Asia/Kolkata"),
    ("bombay", "Asia/Kolkata"),
    ("delhi", "Asia/Kolkata"),
    ("new_delhi", "Asia/Kolkata"),
    ("bangalore", "Asia/Kolkata"),
    ("bengaluru", "Asia/Kolkata"),
    ("chennai", "Asia/Kolkata"),
    ("hyderabad", "Asia/Kolkata"),
    ("pune", "Asia/Kolkata"),
    ("osaka", "Asia/Tokyo"),
    ("busan", "Asia/Seoul"),
    ("hanoi", "Asia/Ho_Chi_Minh"),
    ("abu_dhabi", "Asia/Dubai"),
    ("san_francisco", "America/Los_Angeles"),
    ("seattle", "America/Los_Angeles"),
    ("san_jose", "America/Los_Angeles"),
    ("san_diego", "America/Los_Angeles"),
    ("washington", "America/New_York"),
    ("boston", "America/New_York"),
    ("atlanta", "America/New_York"),
    ("miami", "America/New_York"),
    ("philadelphia", "America/New_York"),
    ("houston", "America/Chicago"),
    ("dallas", "America/Chicago"),
    ("austin", "America/Chicago"),
    ("ottawa", "America/Toronto"),
    ("calgary", "America/Edmonton"),
    ("rio_de_janeiro", "America/Sao_Paulo"),
    ("brasilia", "America/Sao_Paulo"),
    ("cape_town", "Africa/Johannesburg"),
    ("abuja", "Africa/Lagos"),
];

/// `San Francisco`, `san-francisco`, `Europe/San_Francisco` -> `san_francisco`,
/// `Zürich`, `São Paulo` -> `zurich`, `sao_paulo`: the last part of a name,
/// its letters without accents, as the city tables and zone names compare.
pub(super) fn city_key(name: &str) -> String {
    let last = name.trim().rsplit('/').next().unwrap_or_default();
    let mut key = String::with_capacity(last.len());
    for c in last.to_lowercase().chars() {
        match c {
            ' ' | '-' => key.push('_'),
            'ß' => key.push_str("ss"),
            c => key.push(without_accent(c)),
        }
    }
    key
}

/// The keys a city written by a person may have: as written, and with
/// German's `ue`, `oe`, `ae` for `ü`, `ö`, `ä` read as the letter
/// (`Muenchen`, `Zuerich`), tried second: `The Hague` is no umlaut.
pub(super) fn city_keys(name: &str) -> [String; 2] {
    let plain = city_key(name);
    let read = plain
        .replace("ue", "u")
        .replace("oe", "o")
        .replace("ae", "a");
    [plain, read]
}

/// A Latin letter without its accent (`é` -> `e`, `ø` -> `o`); other
/// characters as they are.
fn without_accent(c: char) -> char {
    const FOLDS: &[(&str, char)] = &[
        ("àáâãäåāăą", 'a'),
        ("çćčĉ", 'c'),
        ("ďđ", 'd'),
        ("èéêëēĕėęě", 'e'),
        ("ğĝ", 'g'),
        ("ìíîïīĭįı", 'i'),
        ("ł", 'l'),
        ("ñńňņ", 'n'),
        ("òóôõöøōŏő", 'o'),
        ("řŕ", 'r'),
        ("śšşŝș", 's'),
        ("ťţț", 't'),
        ("ùúûüūŭůűų", 'u'),
        ("ýÿ", 'y'),
        ("źżž", 'z'),
    ];
    FOLDS
        .iter()
        .find(|(accented, _)| accented.contains(c))
        .map_or(c, |(_, plain)| *plain)
}

/// The zone of a common business city that no zone is named after
/// (`Munich`, `München`, `Europe/Munich` -> `Europe/Berlin`).
pub(super) fn zone_of_city(name: &str) -> Option<&'static str> {
    city_keys(name).iter().find_map(|key| {
        CITIES
            .iter()
            .find(|(city, _)| city == key)
            .map(|(_, zone)| *zone)
    })
}

/// The zone a name written in a plan means when tzdb keeps that name only
/// for backward compatibility (`US/Pacific` is `America/Los_Angeles`).
pub fn canonical_of_deprecated(name: &str) -> Option<&'static str> {
    DEPRECATED
        .iter()
        .find(|(old, _)| old.eq_ignore_ascii_case(name))
        .map(|(_, canonical)| *canonical)
}

/// Why `name` is refused and which zones fit, when it is an abbreviation
/// or a fixed offset (`EST`, `CET`, `GMT+8`, `Etc/GMT-8`, `UTC+05:30`);
/// `None` for any other name. Offsets of zero (`Etc/GMT+0`) are UTC and
/// not refused here.
pub(super) fn refusal(name: &str) -> Option<String> {
    let trimmed = name.trim();
    if let Some((_, zones, note)) = ABBREVIATIONS
        .iter()
        .find(|(names, _, _)| names.iter().any(|n| n.eq_ignore_ascii_case(trimmed)))
    {
        return Some(format!(
            "`{trimmed}` is an abbreviation, not the time zone of a place\nhelp: write {}{note}",
            either(zones)
        ));
    }
    let (minutes, posix) = fixed_offset(trimmed)?;
    if minutes == 0 {
        return None;
    }
    let offset = utc_offset(minutes);
    let places = match BY_OFFSET.iter().find(|(at, _)| *at == minutes) {
        Some((_, zones)) => format!("the zone of a place at {offset}, such as {}", either(zones)),
        // No example beats a wrong one: a place at another offset misleads.
        None => format!("the zone of a place at {offset} (see the tz database's list of zones)"),
    };
    let inverted = if posix {
        format!(
            "; POSIX `{trimmed}` is {offset}: its sign is inverted, and it has no daylight saving time"
        )
    } else {
        let posix_hours = minutes / 60;
        if minutes % 60 == 0 {
            format!(
                "; a fixed offset has no daylight saving time (and POSIX `Etc/GMT{:+}` would be {}, the sign inverted)",
                posix_hours,
                utc_offset(-minutes)
            )
        } else {
            "; a fixed offset has no daylight saving time".to_string()
        }
    };
    Some(format!(
        "`{trimmed}` is a fixed UTC offset, not the time zone of a place\nhelp: write {places}{inverted}"
    ))
}

/// `GMT+8`, `UTC-05:00`, `+0530`, `Etc/GMT-8`: the offset in minutes east
/// of UTC, and whether it was written the POSIX way (sign inverted).
fn fixed_offset(name: &str) -> Option<(i32, bool)> {
    let lower = name.to_ascii_lowercase();
    let (rest, posix) = if let Some(rest) = lower.strip_prefix("etc/gmt") {
        (rest, true)
    } else if let Some(rest) = lower
        .strip_prefix("gmt")
        .or_else(|| lower.strip_prefix("utc"))
    {
        (rest, false)
    } else {
        (lower.as_str(), false)
    };
    let (sign, digits) = match rest.as_bytes().first()? {
        b'+' => (1, &rest[1..]),
        b'-' => (-1, &rest[1..]),
        _ => return None,
    };
    // ASCII only from here, so splitting at a byte is splitting at a character.
    if !digits.bytes().all(|b| b.is_ascii_digit() || b == b':') {
        return None;
    }
    let (hours, minutes) = match digits.split_once(':') {
        Some((hours, minutes)) => (hours, minutes),
        None if digits.len() == 4 => digits.split_at(2),
        None => (digits, "0"),
    };
    let number = |text: &str| {
        let short = !text.is_empty() && text.len() <= 2 && !text.contains(':');
        short.then(|| text.parse::<i32>().ok()).flatten()
    };
    let (hours, minutes) = (number(hours)?, number(minutes)?);
    let total = hours * 60 + minutes;
    if minutes >= 60 || total > 14 * 60 {
        return None;
    }
    let east = if posix { -sign * total } else { sign * total };
    Some((east, posix))
}

/// `UTC+8`, `UTC-3`, `UTC+5:30`.
fn utc_offset(minutes: i32) -> String {
    let sign = if minutes < 0 { '-' } else { '+' };
    let (hours, rest) = (minutes.abs() / 60, minutes.abs() % 60);
    if rest == 0 {
        format!("UTC{sign}{hours}")
    } else {
        format!("UTC{sign}{hours}:{rest:02}")
    }
}

/// "`A`", "`A` or `B`", "`A`, `B` or `C`".
fn either(zones: &[&str]) -> String {
    let quoted: Vec<String> = zones.iter().map(|zone| format!("`{zone}`")).collect();
    match quoted.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::{Instant, Zone};

    /// Each deprecated name and its canonical zone are in the bundled
    /// database, the canonical one is not itself deprecated, and both keep
    /// the same clock this century (a week at a time, 2000 to 2040).
    #[test]
    fn every_deprecated_name_is_the_same_clock_as_its_canonical_zone() {
        for (old, canonical) in DEPRECATED {
            let old_zone = Zone::parse(old).unwrap_or_else(|e| panic!("{old}: {e}"));
            let new_zone = Zone::parse(canonical).unwrap_or_else(|e| panic!("{canonical}: {e}"));
            assert_eq!(canonical_of_deprecated(canonical), None, "{canonical}");
            assert_eq!(old_zone.name(), *old, "the name is kept as written");
            let start = Instant::from_unix_seconds(946_684_800).unwrap();
            for week in 0..(40 * 53) {
                let at = start.plus_minutes(week * 7 * 24 * 60).unwrap();
                assert_eq!(
                    at.local(&old_zone).offset_seconds,
                    at.local(&new_zone).offset_seconds,
                    "{old} and {canonical} at {}",
                    at.to_ical_utc()
                );
            }
        }
        assert_eq!(
            canonical_of_deprecated("us/pacific"),
            Some("America/Los_Angeles")
        );
        assert_eq!(canonical_of_deprecated("Europe/Berlin"), None);
        for (old, canonical) in [
            ("Zulu", "UTC"),
            ("UCT", "UTC"),
            ("Greenwich", "UTC"),
            ("GMT0", "UTC"),
            ("America/Nipigon", "America/Toronto"),
            ("America/Thunder_Bay", "America/Toronto"),
        ] {
            assert_eq!(canonical_of_deprecated(old), Some(canonical), "{old}");
        }
    }

    #[test]
    fn every_zone_the_advice_names_is_a_canonical_zone() {
        let named = ABBREVIATIONS
            .iter()
            .flat_map(|(_, zones, _)| zones.iter())
            .chain(BY_OFFSET.iter().flat_map(|(_, zones)| zones.iter()));
        for zone in named {
            assert!(Zone::parse(zone).is_ok(), "{zone}");
            assert_eq!(canonical_of_deprecated(zone), None, "{zone}");
        }
    }

    #[test]
    fn every_city_is_missing_from_the_zone_names_and_has_a_canonical_zone() {
        let zone_cities: Vec<String> = crate::time::zone_names()
            .iter()
            .map(|name| city_key(name))
            .collect();
        for (city, zone) in CITIES {
            assert_eq!(
                city_key(city),
                *city,
                "keys are written as city_key writes them"
            );
            assert!(
                !zone_cities.contains(&city.to_string()),
                "{city} is a zone's city"
            );
            assert!(Zone::parse(zone).is_ok(), "{zone}");
            assert_eq!(canonical_of_deprecated(zone), None, "{zone}");
        }
        assert_eq!(zone_of_city("San Francisco"), Some("America/Los_Angeles"));
        assert_eq!(zone_of_city("Europe/Munich"), Some("Europe/Berlin"));
        for name in ["München", "Muenchen", "MÜNCHEN", "Europe/München"] {
            assert_eq!(zone_of_city(name), Some("Europe/Berlin"), "{name}");
        }
        assert_eq!(zone_of_city("Köln"), Some("Europe/Berlin"));
        assert_eq!(zone_of_city("København"), Some("Europe/Copenhagen"));
    }

    /// Accents and `ue` for `ü` make no two zones' cities one key (an old
    /// spelling, `Atlantic/Faeroe`, is its zone's city).
    #[test]
    fn folding_a_city_keeps_every_zones_city_apart() {
        let names: Vec<&str> = crate::time::zone_names()
            .iter()
            .map(String::as_str)
            .filter(|name| canonical_of_deprecated(name).is_none())
            .collect();
        let distinct = |key: &dyn Fn(&str) -> String| {
            let mut keys: Vec<String> = names.iter().map(|name| key(name)).collect();
            keys.sort();
            keys.dedup();
            keys.len()
        };
        let as_written = distinct(&|name| name.rsplit('/').next().unwrap_or(name).to_lowercase());
        assert_eq!(distinct(&city_key), as_written);
        assert_eq!(distinct(&|name| city_keys(name)[1].clone()), as_written);
    }

    /// What is not an offset is left to the zone lookup, whatever its bytes.
    #[test]
    fn only_offsets_of_digits_within_fourteen_hours_are_read() {
        assert_eq!(fixed_offset("UTC+0530"), Some((330, false)));
        assert_eq!(fixed_offset("Etc/GMT+5"), Some((-300, true)));
        for name in [
            "+a€", "+é€", "GMT+8:60", "UTC+15", "+1:2:3", "GMT+", "Berlin", "+08:",
        ] {
            assert_eq!(fixed_offset(name), None, "{name}");
        }
    }
}
