//! `invalid-value` for what calendars carry beyond the events: reminders (on
//! every scheduled item, and the plan-wide default) and the refresh hint.
//! Colours are checked where they are read (`model::CssColor`).

use crate::diagnostic::Diagnostic;
use crate::limits::{MAX_REFRESH_MINUTES, MAX_REMINDER_MINUTES};
use crate::model::{Duration, Plan, Spanned};
use crate::rules::RuleId;

pub(super) fn check(plan: &Plan, diagnostics: &mut Vec<Diagnostic>) {
    let outputs = plan.outputs.as_ref().and_then(|o| o.calendars.as_ref());
    let reminders = plan
        .meetings
        .iter()
        .map(|(_, m)| &m.reminders)
        .chain(plan.reviews.iter().map(|(_, r)| &r.reminders))
        .chain(plan.reports.iter().map(|(_, r)| &r.reminders))
        .chain(plan.trainings.iter().map(|(_, t)| &t.reminders))
        .chain(outputs.map(|o| &o.reminders));
    for list in reminders.flatten() {
        check_reminders(list, diagnostics);
    }
    if let Some(refresh) = outputs.and_then(|o| o.refresh.as_ref()) {
        diagnostics.extend(out_of_range(
            refresh,
            "refresh interval",
            MAX_REFRESH_MINUTES,
        ));
    }
}

/// Each reminder in range, none given twice (`24h` and `1d` are one
/// reminder: calendar apps would ring twice at once).
fn check_reminders(reminders: &[Spanned<Duration>], diagnostics: &mut Vec<Diagnostic>) {
    for (index, reminder) in reminders.iter().enumerate() {
        if let Some(problem) = out_of_range(reminder, "reminder", MAX_REMINDER_MINUTES) {
            diagnostics.push(problem);
        } else if let Some(first) = reminders[..index]
            .iter()
            .find(|r| r.value == reminder.value)
        {
            diagnostics.push(
                Diagnostic::new(
                    RuleId::InvalidValue,
                    reminder.span,
                    format!("the reminder `{reminder}` is given twice"),
                )
                .with_label("repeated")
                .with_related(first.span, "first given here")
                .with_help("remove one: each reminder rings once before every occurrence"),
            );
        }
    }
}

/// A reminder or refresh interval (`what`) is calendar time, more than
/// nothing and at most `max` minutes.
fn out_of_range(duration: &Spanned<Duration>, what: &str, max: u64) -> Option<Diagnostic> {
    let longest = Duration::Calendar { minutes: max };
    let (message, help) = match duration.value {
        Duration::Business { .. } => (
            format!("the {what} `{duration}` is business time"),
            "a calendar counts it on the clock: write calendar time such as `15m`, `4h` or `1d`"
                .to_string(),
        ),
        d if d.is_zero() => (
            format!("the {what} `{duration}` is no time"),
            "give a positive time such as `15m`".to_string(),
        ),
        Duration::Calendar { minutes } if minutes > max => (
            format!("the {what} `{duration}` is longer than `{longest}`"),
            format!("write at most `{longest}`"),
        ),
        Duration::Calendar { .. } => return None,
    };
    Some(
        Diagnostic::new(RuleId::InvalidValue, duration.span, message)
            .with_label(format!("invalid {what}"))
            .with_help(help),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The findings of this module on a plan, as (message, the text it points at).
    fn findings(yaml: &str) -> Vec<(String, String)> {
        let loaded = crate::load::load_str("plan.yaml", yaml);
        assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        let plan = loaded.plan.expect("a plan");
        let mut diagnostics = Vec::new();
        check(&plan, &mut diagnostics);
        diagnostics
            .iter()
            .map(|d| {
                let at = &yaml[d.span.start..d.span.start + d.span.len];
                (d.message.clone(), at.to_string())
            })
            .collect()
    }

    const PLAN: &str = "version: 1\n\
        project: {name: P, owner: ann, timezone: UTC, start: 2026-01-05}\n\
        people: {ann: {name: Ann}}\n";

    #[test]
    fn reminders_are_calendar_time_up_to_four_weeks_each_given_once() {
        let plan = format!(
            "{PLAN}meetings:\n  sync:\n    title: Sync\n    schedule: {{every: week, on: [tue], at: '10:00', duration: 30m}}\n    reminders: [15m, 1bd, 0m, 4w, 29d, 1d, 24h]\n"
        );
        assert_eq!(
            findings(&plan),
            [
                (
                    "the reminder `1bd` is business time".to_string(),
                    "1bd".to_string()
                ),
                ("the reminder `0m` is no time".to_string(), "0m".to_string()),
                (
                    "the reminder `4w1d` is longer than `4w`".to_string(),
                    "29d".to_string()
                ),
                (
                    "the reminder `1d` is given twice".to_string(),
                    "24h".to_string()
                ),
            ]
        );
    }

    #[test]
    fn every_scheduled_kind_and_the_default_are_checked() {
        let plan = format!(
            "{PLAN}reviews: {{r: {{title: R, schedule: {{every: month, at: '10:00', duration: 1h}}, reminders: [0m]}}}}\n\
             reports: {{s: {{title: S, channel: c, schedule: {{every: week, on: [fri], at: '17:00'}}, reminders: [0m]}}}}\n\
             trainings: {{t: {{topic: T, date: 2026-02-02, at: '10:00', duration: 1h, reminders: [0m]}}}}\n\
             outputs: {{calendars: {{reminders: [0m], refresh: 0m}}}}\n"
        );
        let messages: Vec<String> = findings(&plan).into_iter().map(|(m, _)| m).collect();
        assert_eq!(
            messages,
            [
                "the reminder `0m` is no time",
                "the reminder `0m` is no time",
                "the reminder `0m` is no time",
                "the reminder `0m` is no time",
                "the refresh interval `0m` is no time",
            ]
        );
        let fine = format!("{PLAN}outputs: {{calendars: {{reminders: [15m, 4w], refresh: 4w}}}}\n");
        assert!(findings(&fine).is_empty());
        let long = format!("{PLAN}outputs: {{calendars: {{refresh: 5w}}}}\n");
        assert_eq!(
            findings(&long),
            [(
                "the refresh interval `5w` is longer than `4w`".to_string(),
                "5w".to_string()
            )]
        );
    }
}
