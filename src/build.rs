//! What `plan build` decides beyond rendering: which calendars, the DTSTAMP,
//! the changelog, and the findings about the folders a plan names. Pure: the
//! CLI reads the environment and the file system and hands in what it found.

use std::path::Path;

use crate::compile::Compiled;
use crate::diagnostic::Diagnostic;
use crate::model::{CalendarOutputs, CalendarSet, Spanned};
use crate::rules::RuleId;
use crate::time::{Date, Instant};

/// The calendar files a build writes: `outputs.calendars`, or all three.
pub fn calendar_sets(compiled: &Compiled) -> Vec<CalendarSet> {
    let configured = compiled
        .plan
        .outputs
        .as_ref()
        .and_then(|o| o.calendars.as_ref())
        .and_then(|c| c.sets.as_ref());
    match configured {
        Some(sets) => sets.iter().map(|s| s.value).collect(),
        None => CalendarOutputs::DEFAULT_SETS.to_vec(),
    }
}

/// Why there is no DTSTAMP.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StampError {
    /// `SOURCE_DATE_EPOCH`, as given, is not a number of seconds since 1970.
    NotSeconds(String),
    /// The project's start has no midnight on the calendar.
    StartOutOfRange,
}

/// DTSTAMP: `source_date_epoch` (the value of `SOURCE_DATE_EPOCH`, which CI
/// sets to the commit time) when it is given and not blank, else the
/// project's start at midnight UTC. Never the clock: a build is reproducible.
pub fn stamp(source_date_epoch: Option<&str>, start: Date) -> Result<Instant, StampError> {
    match source_date_epoch {
        Some(value) if !value.trim().is_empty() => value
            .trim()
            .parse::<i64>()
            .ok()
            .and_then(Instant::from_unix_seconds)
            .ok_or_else(|| StampError::NotSeconds(value.to_string())),
        _ => {
            let days = Date::from_ymd(1970, 1, 1).map(|epoch| start.days_since(epoch));
            days.and_then(|days| days.checked_mul(24 * 60 * 60))
                .and_then(Instant::from_unix_seconds)
                .ok_or(StampError::StartOutOfRange)
        }
    }
}

/// A folder the plan names (`outputs.dir`, `outputs.templates`; `what` says
/// which) must lead, after links (`real`), inside the plan's folder
/// (`real_folder`), and not to the folder itself: a plan must not make a
/// build read or replace what is outside it.
pub fn outside_plan_folder(
    real: &Path,
    real_folder: &Path,
    dir: &Spanned<String>,
    what: &str,
) -> Option<Diagnostic> {
    if real.starts_with(real_folder) && real != real_folder {
        return None;
    }
    Some(
        Diagnostic::new(
            RuleId::InvalidValue,
            dir.span,
            format!("the {what} folder `{dir}` leads outside the plan's folder, through a link"),
        )
        .with_label("outside the plan's folder")
        .with_help("a plan names folders inside its own folder; to use another, pass it on the command line"),
    )
}

/// `outputs.dir` names a folder no build may replace, for `reason`.
pub fn not_own_folder(dir: &Spanned<String>, reason: &str) -> Diagnostic {
    Diagnostic::new(
        RuleId::InvalidValue,
        dir.span,
        format!("`{dir}` cannot be the output folder: {reason}"),
    )
    .with_label("not a folder of its own")
    .with_help("name a folder that only the build writes, such as `site`")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Span;
    use crate::test_plans::resolved;

    const PLAN: &str = r#"
version: 1
project:
  name: Build
  owner: ana
  timezone: Asia/Shanghai
  start: 2026-03-02
people:
  ana: {name: Ana Lima, email: ana@example.com}
audiences:
  team: {name: Team, members: [ana], channels: [email]}
channels:
  email: {kind: email, formal: true, sla: {response: 1bd}}
"#;

    #[test]
    fn every_calendar_set_unless_the_plan_names_some() {
        let all = resolved(PLAN);
        assert_eq!(
            calendar_sets(&all),
            [
                CalendarSet::All,
                CalendarSet::Audiences,
                CalendarSet::People
            ]
        );
        let some = resolved(&format!("{PLAN}outputs: {{calendars: [people]}}\n"));
        assert_eq!(calendar_sets(&some), [CalendarSet::People]);
        let map = resolved(&format!(
            "{PLAN}outputs: {{calendars: {{sets: [audiences], reminders: [15m]}}}}\n"
        ));
        assert_eq!(calendar_sets(&map), [CalendarSet::Audiences]);
        let options_only = resolved(&format!("{PLAN}outputs: {{calendars: {{color: teal}}}}\n"));
        assert_eq!(calendar_sets(&options_only), calendar_sets(&all));
    }

    #[test]
    fn the_stamp_is_source_date_epoch_else_the_start_at_midnight_utc() {
        let start = Date::parse("2026-03-02").expect("a date");
        let stamp = |value| stamp(value, start).map(Instant::to_ical_utc);
        assert_eq!(stamp(None), Ok("20260302T000000Z".to_string()));
        assert_eq!(stamp(Some(" ")), Ok("20260302T000000Z".to_string()));
        assert_eq!(
            stamp(Some("1700000000")),
            Ok("20231114T221320Z".to_string())
        );
        assert_eq!(stamp(Some(" 0\n")), Ok("19700101T000000Z".to_string()));
        assert_eq!(
            stamp(Some("yesterday")),
            Err(StampError::NotSeconds("yesterday".to_string()))
        );
        assert_eq!(
            stamp(Some("1.5")),
            Err(StampError::NotSeconds("1.5".to_string()))
        );
    }

    #[test]
    fn a_named_folder_stays_strictly_inside_the_plan_folder() {
        let dir = Spanned {
            value: "site".to_string(),
            span: Span::default(),
        };
        let folder = Path::new("/plans/a");
        let inside = |real: &str| outside_plan_folder(Path::new(real), folder, &dir, "output");
        assert!(inside("/plans/a/site").is_none());
        assert!(inside("/plans/a").is_some());
        assert!(inside("/plans/ab/site").is_some());
        let outside = inside("/elsewhere").expect("a finding");
        assert_eq!(
            outside.message,
            "the output folder `site` leads outside the plan's folder, through a link"
        );
    }
}
