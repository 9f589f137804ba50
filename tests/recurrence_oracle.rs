//! The `rrule` crate, an independent RFC 5545 implementation, expands the
//! DTSTART, RRULE, EXDATE and RDATE that `plan build` writes; its occurrences
//! must be exactly the ones `plan` computes, for random schedules in many zones.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails loudly"
)]

use commplan::load::load_str;
use commplan::model::CalendarSet;
use commplan::time::Instant;
use proptest::prelude::*;

const ZONES: &[&str] = &[
    "Europe/Berlin",
    "America/New_York",
    "Australia/Sydney",
    "Asia/Kolkata",
    "Australia/Lord_Howe",
    "America/Sao_Paulo",
    "Asia/Shanghai",
    "Europe/London",
    "Pacific/Auckland",
    "America/Santiago",
];
const DAYS: &[&str] = &["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

fn date(day_of_2026: u32) -> String {
    let start = commplan::time::Date::parse("2026-01-01").unwrap();
    start.add_days(i64::from(day_of_2026)).unwrap().to_string()
}

/// A schedule as plan text: `every`, `on`, `at`, zone, dates.
fn schedule() -> impl Strategy<Value = String> {
    let every = prop_oneof![
        Just("day".to_string()),
        Just("weekday".to_string()),
        Just("week".to_string()),
        (2u32..5).prop_map(|n| format!("{n} weeks")),
        Just("month".to_string()),
        (2u32..4).prop_map(|n| format!("{n} months")),
        Just("quarter".to_string()),
    ];
    (
        every,
        proptest::collection::btree_set(0usize..7, 1..4),
        0u32..6,
        1u32..32,
        0u32..24,
        prop_oneof![Just(0u32), Just(15), Just(30), Just(45)],
    )
        .prop_map(|(every, days, ordinal, day, hour, minute)| {
            let on = match every.as_str() {
                "day" | "weekday" => String::new(),
                e if e.contains("week") => {
                    let days: Vec<&str> = days.iter().map(|d| DAYS[*d]).collect();
                    format!(", on: [{}]", days.join(", "))
                }
                _ => match ordinal {
                    0 => String::new(),
                    1 => format!(", on: {day}"),
                    n => {
                        let words = ["first", "second", "third", "fourth", "last"];
                        let weekday = DAYS[days.iter().next().copied().unwrap_or(0)];
                        format!(", on: {} {weekday}", words[(n as usize - 1) % 5])
                    }
                },
            };
            format!("every: {every}{on}, at: \"{hour:02}:{minute:02}\"")
        })
}

/// One change to an occurrence: which one (an index into the planned ones),
/// how many days it moves and the hour it moves to.
type Change = (usize, i64, u32);

/// Builds the plan, then compares each event's occurrences with `rrule`'s.
fn compare(
    schedule_text: &str,
    zone: &str,
    from: u32,
    span: u32,
    holidays: &[u32],
    skips: &[u32],
    extra: &[u32],
) -> Result<(), TestCaseError> {
    compare_with_changes(
        schedule_text,
        zone,
        from,
        span,
        (holidays, skips, extra),
        &[],
    )
}

/// As [`compare`], with some occurrences moved: the calendar's override
/// events replace the instances their RECURRENCE-ID names (RFC 5545 3.8.4.4).
fn compare_with_changes(
    schedule_text: &str,
    zone: &str,
    from: u32,
    span: u32,
    (holidays, skips, extra): (&[u32], &[u32], &[u32]),
    changes: &[Change],
) -> Result<(), TestCaseError> {
    let list = |days: &[u32]| days.iter().map(|d| date(*d)).collect::<Vec<_>>().join(", ");
    let plan_with = |changes: &str| {
        format!(
            "version: 1\nproject:\n  name: Oracle\n  owner: ana\n  timezone: {zone}\n  start: {}\n  end: {}\n  holidays: [{}]\n  extra_workdays: [{}]\npeople:\n  ana: {{name: Ana}}\nmeetings:\n  m:\n    title: M\n    schedule: {{{schedule_text}, duration: 30m, skip: [{}]}}\n    changes: {{{changes}}}\n",
            date(from),
            date(from + span),
            list(holidays),
            list(extra),
            list(skips),
        )
    };
    let mut plan = plan_with("");
    if !changes.is_empty() {
        let checked = commplan::check(load_str("plan.yaml", &plan));
        prop_assume!(!checked.has_errors());
        let compiled = checked.resolved.unwrap();
        let event = &compiled.events[0];
        let planned = event
            .expand(&compiled.work_week, event.recurrence.until.unwrap())
            .occurrences;
        prop_assume!(!planned.is_empty());
        let mut moved = std::collections::BTreeMap::new();
        for (index, days, hour) in changes {
            let occurrence = planned[index % planned.len()];
            let to = occurrence.date.add_days(*days).unwrap();
            moved.insert(occurrence.date, format!("\"{to} {hour:02}:10\""));
        }
        let written: Vec<String> = moved
            .iter()
            .map(|(planned, to)| format!("{planned}: {{to: {to}}}"))
            .collect();
        plan = plan_with(&written.join(", "));
    }
    let checked = commplan::check(load_str("plan.yaml", &plan));
    // Random make-up days may fall on weekdays (an invalid-value); those plans are not built.
    prop_assume!(!checked.has_errors());
    let compiled = checked.resolved.unwrap();
    let stamp = Instant::from_unix_seconds(0).unwrap();
    let versions = commplan::render::versions::EventVersions::default();
    let stamps = commplan::render::ics::Stamps {
        stamp,
        versions: &versions,
    };
    let files: Vec<_> =
        commplan::render::calendars(&compiled, &[CalendarSet::All], stamps).collect();
    let ics = String::from_utf8(files[0].bytes.clone())
        .unwrap()
        .replace("\r\n ", "");
    let event = &compiled.events[0];
    let through = event.recurrence.until.unwrap();
    let expansion = event.expand(&compiled.work_week, through);
    let recurrence = &event.recurrence;
    // The rrule crate drops an instance whose local time a spring-forward
    // change skips; RFC 5545 (3.3.10) and Python's recurring-ical-events, which
    // CI also runs, keep it at the offset before the gap, as we do. Compare the
    // rest; `.ci/check_calendars.py` covers the gap instances.
    // A moved occurrence starts at its own time, never in a gap here.
    let gap = |o: &&commplan::time::Occurrence| {
        o.moved_from.is_none() && Instant::is_skipped_local(o.date, recurrence.at, &recurrence.zone)
    };
    let ours: Vec<i64> = expansion
        .occurrences
        .iter()
        .filter(|o| !gap(o))
        .map(|o| o.start.minutes_since(stamp))
        .collect();
    let skipped: Vec<i64> = expansion
        .occurrences
        .iter()
        .filter(|o| gap(o))
        .map(|o| o.start.minutes_since(stamp))
        .collect();
    let instant = |line: &str| -> Result<i64, TestCaseError> {
        // rrule reads one date-time as the DTSTART of a one-instance rule.
        let start = line.replacen("RECURRENCE-ID", "DTSTART", 1);
        let set: rrule::RRuleSet = format!("{start}\nRRULE:FREQ=DAILY;COUNT=1")
            .parse()
            .map_err(|e: rrule::RRuleError| {
                // As for EXDATE: a local time that a daylight-saving change
                // skips or repeats, which this oracle cannot read.
                if e.to_string()
                    .contains("not a valid datetime in local timezone")
                {
                    TestCaseError::reject(format!("{e}"))
                } else {
                    TestCaseError::fail(format!("{e}: {line}"))
                }
            })?;
        Ok(set.all(1).dates[0].timestamp() / 60)
    };
    let mut replaced = Vec::new();
    let mut overrides = Vec::new();
    for vevent in ics.split("BEGIN:VEVENT").skip(2) {
        let line = |name: &str| {
            vevent
                .split("\r\n")
                .find(|l| l.starts_with(name))
                .unwrap_or("")
        };
        replaced.push(instant(line("RECURRENCE-ID"))?);
        overrides.push(instant(line("DTSTART"))?);
    }
    let Some(vevent) = ics.split("BEGIN:VEVENT").nth(1) else {
        prop_assert!(
            ours.is_empty(),
            "no VEVENT written for {} occurrences",
            ours.len()
        );
        return Ok(());
    };
    let lines: Vec<&str> = vevent
        .split("\r\n")
        .filter(|l| {
            ["DTSTART", "RRULE", "EXDATE", "RDATE"]
                .iter()
                .any(|p| l.starts_with(p))
        })
        .collect();
    let parsed: Result<rrule::RRuleSet, _> = lines.join("\n").parse();
    // The rrule crate refuses a DTSTART, EXDATE or RDATE whose local time a
    // fall-back change repeats; RFC 5545 takes the first of the two, as we
    // write it. Such a value is valid output, but this oracle cannot read it
    // (`.ci/check_calendars.py` checks those with two other engines).
    if let Err(error) = &parsed {
        let text = error.to_string();
        let ambiguous = ["DTSTART", "EXDATE", "RDATE"]
            .iter()
            .any(|name| text.starts_with(&format!("RRule parsing error: {name}")));
        prop_assume!(!ambiguous);
    }
    let set = parsed.map_err(|e| TestCaseError::fail(format!("{e}: {lines:?}")))?;
    let mut theirs: Vec<i64> = set
        .all(u16::MAX)
        .dates
        .iter()
        .map(|d| d.timestamp() / 60)
        .filter(|t| !skipped.contains(t) && !replaced.contains(t))
        .chain(overrides)
        .collect();
    theirs.sort_unstable();
    let mut ours = ours;
    ours.sort_unstable();
    prop_assert_eq!(ours, theirs, "{}\n{:?}", plan, lines);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn occurrences_match_an_independent_rrule_expansion(
        schedule in schedule(),
        zone in proptest::sample::select(ZONES),
        from in 0u32..300,
        span in 20u32..420,
        holidays in proptest::collection::vec(0u32..700, 0..6),
        skips in proptest::collection::vec(0u32..700, 0..4),
        extra in proptest::collection::vec(0u32..100, 0..3),
    ) {
        // Make-up days must be weekend days: keep those that are.
        let extra: Vec<u32> = extra.into_iter().map(|d| d / 7 * 7 + 2).collect(); // 2026-01-03 is a Saturday
        compare(&schedule, zone, from, span, &holidays, &[], &extra)?;
        let skips: Vec<u32> = skips.into_iter().filter(|d| *d >= from && *d <= from + span).collect();
        compare(&schedule, zone, from, span, &holidays, &skips, &extra)?;
    }

    /// Moved occurrences are written as overrides; applied to the rule's
    /// instances they give exactly the occurrences `plan` computes.
    #[test]
    fn moved_occurrences_match_the_expansion_with_overrides(
        schedule in schedule(),
        zone in proptest::sample::select(ZONES),
        from in 0u32..300,
        span in 20u32..420,
        holidays in proptest::collection::vec(0u32..700, 0..6),
        changes in proptest::collection::vec((0usize..400, -3i64..4, 8u32..19), 1..5),
    ) {
        compare_with_changes(&schedule, zone, from, span, (&holidays, &[], &[]), &changes)?;
    }
}
