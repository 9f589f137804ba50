//! Absurd values on the command line and in plans end in a finding (exit 1)
//! or a clear error (exit 2), never a panic (exit 101) and never minutes of
//! work: the limits of `docs/plan-format.md` ("Limits"). How fast a refusal is
//! is measured by `cargo bench --bench load`, not asserted here.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails loudly"
)]

mod common;

use std::path::{Path, PathBuf};

use common::{fixtures, plan};

/// The plans that used to exhaust memory, run for minutes or panic.
const ABSURD: &[&str] = &[
    "dates-out-of-range.yaml",
    "ten-daily-meetings.yaml",
    "beyond-ten-years.yaml",
    "too-many-occurrences.yaml",
    "huge-durations.yaml",
    "long-id.yaml",
    "reserved-ids.yaml",
];

#[test]
fn every_command_refuses_an_absurd_plan_with_exit_1() {
    let dir = fixtures().join("invalid");
    let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("absurd-site");
    let out = out.to_str().expect("the target folder is UTF-8");
    let at = "2026-03-06 17:30";
    for fixture in ABSURD {
        let commands: [&[&str]; 6] = [
            &["lint", fixture],
            &["build", fixture, "-o", out],
            &["sla", fixture, "--channel", "email", "--at", at],
            &["simulate", fixture, "--escalation", "delivery", "--at", at],
            &["agenda", fixture, "--from", "2026-03-02", "--days", "3653"],
            &["export", "tasks", fixture],
        ];
        for args in commands {
            let run = plan(&dir, args);
            assert_eq!(
                run.code, 1,
                "plan {args:?}\nstdout: {}\nstderr: {}",
                run.stdout, run.stderr
            );
            assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
            assert!(
                run.stdout.contains("error["),
                "plan {args:?}: {}",
                run.stdout
            );
        }
        assert!(!Path::new(out).exists(), "a refused build wrote nothing");
    }
}

#[test]
fn out_of_range_command_line_values_exit_2_with_help() {
    let dir = fixtures().join("valid");
    let cases: [&[&str]; 9] = [
        &["agenda", "minimal.yaml", "--days", "3654"],
        &["agenda", "minimal.yaml", "--days", "4294967295"],
        &["agenda", "minimal.yaml", "--from", "9999-12-31"],
        &["agenda", "minimal.yaml", "--from", "0001-01-01"],
        &["export", "tasks", "minimal.yaml", "--days", "5000"],
        &["export", "tasks", "minimal.yaml", "--from", "2201-01-01"],
        &[
            "sla",
            "minimal.yaml",
            "--channel",
            "email",
            "--at",
            "9999-12-31 23:59",
        ],
        &[
            "sla",
            "minimal.yaml",
            "--channel",
            "email",
            "--at",
            "1969-12-31 23:59",
        ],
        &[
            "simulate",
            "minimal.yaml",
            "--escalation",
            "delivery",
            "--at",
            "0001-01-01 00:00",
        ],
    ];
    for args in cases {
        let run = plan(&dir, args);
        assert_eq!(run.code, 2, "plan {args:?}: {}{}", run.stdout, run.stderr);
        assert!(run.stderr.starts_with("error: "), "{}", run.stderr);
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    }
    let days = plan(&dir, &["agenda", "minimal.yaml", "--days", "3654"]);
    assert!(
        days.stderr.contains("`--days 3654` is more than 3653"),
        "{}",
        days.stderr
    );
    assert!(days.stderr.contains("\nhelp: "), "{}", days.stderr);
    let from = plan(&dir, &["agenda", "minimal.yaml", "--from", "9999-12-31"]);
    assert!(
        from.stderr
            .contains("write a date from 1970-01-01 to 2200-12-31"),
        "{}",
        from.stderr
    );
}

#[test]
fn the_limits_themselves_are_accepted() {
    let dir = fixtures().join("valid");
    let cases: [&[&str]; 5] = [
        &[
            "agenda",
            "minimal.yaml",
            "--from",
            "2026-03-02",
            "--days",
            "3653",
        ],
        &[
            "agenda",
            "minimal.yaml",
            "--from",
            "2200-12-31",
            "--days",
            "3653",
        ],
        &[
            "agenda",
            "minimal.yaml",
            "--from",
            "1970-01-01",
            "--days",
            "1",
        ],
        &["export", "tasks", "minimal.yaml", "--days", "3653"],
        &[
            "sla",
            "minimal.yaml",
            "--channel",
            "email",
            "--at",
            "2200-12-31 23:59",
        ],
    ];
    for args in cases {
        let run = plan(&dir, args);
        assert_eq!(run.code, 0, "plan {args:?}: {}{}", run.stdout, run.stderr);
    }
}

/// A plan at the edge of every limit (durations of a year, an id of 64
/// characters, a schedule to the last allowed day) is valid and every command
/// runs on it.
#[test]
fn a_plan_at_the_limits_runs_every_command() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("at-the-limits");
    // A fresh folder each run: `build` replaces only a folder it wrote.
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    let id = "p".repeat(64);
    let text = format!(
        r#"version: 1
project:
  name: At the limits
  owner: {id}
  timezone: Europe/Berlin
  start: 2190-12-31
  end: 2200-12-31
  holidays: [2200-12-30]
people:
  {id}: {{name: Long Id, email: long@example.com, phone: "+49 30 1"}}
  ben: {{name: Ben Roth, email: ben@client.example, phone: "+49 30 2"}}
audiences:
  client: {{name: Client, members: [ben], external: true, channels: [email, phone]}}
channels:
  email: {{kind: email, formal: true, sla: {{response: 260bd, resolution: 2080bh, urgent_response: 1bd}}}}
  phone: {{kind: call, hours: always, sla: {{response: 52w2d, urgent_response: 8784h}}}}
meetings:
  sync:
    title: Sync
    audiences: [client]
    owner: {id}
    channel: email
    agenda: [Progress]
    schedule: {{every: day, at: "23:59", duration: 24h, until: 2200-12-31}}
    prepare:
      - {{task: Prepare, before: 260bd, via: email}}
    follow_up:
      - {{task: Minutes, within: 366d, via: email}}
escalations:
  delivery:
    when: A blocker
    steps:
      - {{to: {id}, via: email}}
      - {{to: ben, via: phone, after: 366d}}
      - {{to: ben, via: email, after: 260bd}}
"#
    );
    std::fs::write(dir.join("plan.yaml"), text).expect("the plan is written");
    let out = dir.join("site");
    let out = out.to_str().expect("UTF-8");
    let at = "2200-12-31 23:59";
    let commands: [&[&str]; 7] = [
        &["lint", "plan.yaml", "--format", "json"],
        &["build", "-q", "plan.yaml", "-o", out],
        &["sla", "plan.yaml", "--channel", "email", "--at", at],
        &[
            "sla",
            "plan.yaml",
            "--channel",
            "phone",
            "--at",
            at,
            "--urgent",
        ],
        &[
            "simulate",
            "plan.yaml",
            "--escalation",
            "delivery",
            "--at",
            at,
        ],
        &[
            "agenda",
            "plan.yaml",
            "--from",
            "2200-12-01",
            "--days",
            "3653",
        ],
        &[
            "export",
            "tasks",
            "plan.yaml",
            "--from",
            "2190-12-31",
            "--days",
            "3653",
        ],
    ];
    for args in commands {
        let run = plan(&dir, args);
        assert!(
            run.code == 0,
            "plan {args:?}: exit {}\n{}{}",
            run.code,
            run.stdout,
            run.stderr
        );
    }
}

mod arithmetic {
    use commplan::model::{Duration, TimeOfDay, Weekday};
    use commplan::time::{BusinessClock, Date, Instant, WorkWeek, Zone};
    use proptest::prelude::*;

    const ZONES: &[&str] = &[
        "Europe/Berlin",
        "Asia/Shanghai",
        "America/New_York",
        "Australia/Lord_Howe",
        "Pacific/Kiritimati",
        "UTC",
    ];

    /// Duration text as people (and fuzzers) write it: one to three parts,
    /// numbers from 0 to beyond u64.
    fn duration_text() -> impl Strategy<Value = String> {
        let unit = prop::sample::select(vec!["m", "h", "d", "w", "bh", "bd"]);
        let number = prop_oneof![
            0u64..1000,
            0u64..1_000_000,
            Just(366),
            Just(527_040),
            Just(260),
            Just(2080),
            Just(15_250_284_452_472),
            any::<u64>(),
        ];
        let part = (number, unit).prop_map(|(n, u)| format!("{n}{u}"));
        prop::collection::vec(part, 1..4).prop_map(|parts| parts.join(""))
    }

    /// A moment anywhere in the dates `plan` accepts.
    fn moment() -> impl Strategy<Value = (Date, TimeOfDay, Zone)> {
        let first = Date::parse("1970-01-01").unwrap();
        let days = Date::parse("2200-12-31").unwrap().days_since(first);
        (0..=days, 0u8..24, 0u8..60, prop::sample::select(ZONES)).prop_map(
            move |(day, hour, minute, zone)| {
                (
                    first.add_days(day).unwrap(),
                    TimeOfDay { hour, minute },
                    Zone::parse(zone).unwrap(),
                )
            },
        )
    }

    fn clock(zone: Zone, days: Vec<Weekday>, open: TimeOfDay, close: TimeOfDay) -> BusinessClock {
        BusinessClock {
            zone,
            work_week: WorkWeek {
                days,
                ..WorkWeek::default()
            },
            open,
            close,
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// Whatever duration the model accepts, deadlines from any accepted
        /// moment are computed without panic, on any clock; on calendar
        /// time and on an ordinary working week they always exist.
        #[test]
        fn accepted_durations_stay_in_range(
            text in duration_text(),
            (date, time, zone) in moment(),
            days in prop::collection::btree_set(0usize..7, 0..8),
            open in 0u8..23,
            length in 1u8..24,
        ) {
            let Ok(duration) = Duration::parse(&text) else {
                return Ok(());
            };
            let start = Instant::at_local(date, time, &zone);
            prop_assert!(start.is_some(), "{} {} {}", date, time, zone);
            let Some(start) = start else { return Ok(()) };
            let close = TimeOfDay { hour: open.saturating_add(length).min(23), minute: 59 };
            let open = TimeOfDay { hour: open, minute: 0 };
            let days: Vec<Weekday> = days.into_iter().map(|d| Weekday::ALL[d]).collect();
            let any = clock(zone.clone(), days, open, close);
            let due = any.due(start, duration);
            let before = any.before(start, duration);
            prop_assert!(due.is_none_or(|d| d >= start));
            prop_assert!(before.is_none_or(|b| b <= start));

            let ordinary = clock(
                zone,
                Weekday::ALL[..5].to_vec(),
                TimeOfDay { hour: 9, minute: 0 },
                TimeOfDay { hour: 17, minute: 0 },
            );
            prop_assert!(ordinary.due(start, duration).is_some(), "{}", text);
            prop_assert!(ordinary.before(start, duration).is_some(), "{}", text);
            if let Duration::Calendar { minutes } = duration {
                let minutes = i64::try_from(minutes).unwrap();
                prop_assert!(start.plus_minutes(minutes).is_some());
                prop_assert!(start.plus_minutes(-minutes).is_some());
            }
        }
    }

    #[test]
    fn arithmetic_past_the_time_library_is_none_not_a_panic() {
        let zone = Zone::parse("UTC").unwrap();
        let date = Date::parse("2026-03-02").unwrap();
        let start = Instant::at_local(date, TimeOfDay { hour: 9, minute: 0 }, &zone).unwrap();
        for minutes in [i64::MAX, i64::MIN, 15_250_284_452_472 * 10_080] {
            assert_eq!(start.plus_minutes(minutes), None, "{minutes}");
        }
        for days in [i64::MAX, i64::MIN, 5_000_000, -5_000_000] {
            assert_eq!(date.add_days(days), None, "{days}");
        }
        assert_eq!(date.add_years(i16::MAX), None);
        assert_eq!(
            date.add_years(10).map(|d| d.to_string()),
            Some("2036-03-02".into())
        );
        let leap = Date::parse("2028-02-29").unwrap();
        assert_eq!(
            leap.add_years(10).map(|d| d.to_string()),
            Some("2038-02-28".into())
        );
    }
}

/// 1,000 meetings at one time are half a million pairs; a pile-up of more
/// than 20 is one finding about the person, found in a fraction of the time.
#[test]
fn a_pile_up_of_meetings_is_one_finding_not_every_pair() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("pile-up");
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    let minimal = std::fs::read_to_string(fixtures().join("valid/minimal.yaml")).expect("minimal");
    let meetings: String = (0..1000)
        .map(|i| {
            format!(
                "  sync-{i}: {{title: Sync {i}, audiences: [team], owner: ana, agenda: [x], schedule: {{every: week, on: [wed], at: \"10:00\", duration: 1h}}}}\n"
            )
        })
        .collect();
    let text = minimal.replacen("meetings:\n", &format!("meetings:\n{meetings}"), 1);
    std::fs::write(dir.join("plan.yaml"), text).expect("the plan is written");
    let run = plan(&dir, &["lint", "--format", "json", "plan.yaml"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let findings: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    let findings = findings.as_array().expect("a list");
    let overlaps = findings
        .iter()
        .filter(|f| f["rule"] == "overlapping-meetings")
        .count();
    assert!(overlaps <= 200, "{overlaps} overlap findings");
    assert!(
        run.stdout
            .contains("`ana` is in more than 20 meetings at once on 2026-03-04 at 10:00"),
        "{}",
        run.stdout
    );
}
