//! `invalid-schedule`: schedules that cannot recur as written.

use crate::diagnostic::Diagnostic;
use crate::model::{Duration, Every, On, Plan, Schedule, Spanned};
use crate::rules::RuleId;
use crate::time::Date;

/// Whether a schedule's occurrences have a length (meetings, reviews) or are
/// points in time (reports).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    Event,
    Deadline,
}

pub(super) fn check(plan: &Plan, diagnostics: &mut Vec<Diagnostic>) {
    let (start, end) = plan
        .project
        .as_ref()
        .map_or((None, None), |p| (Some(&p.start), p.end.as_ref()));
    let bounds = Bounds { start, end };
    for (id, meeting) in plan.meetings.iter() {
        check_schedule(
            &format!("meeting `{id}`"),
            &meeting.schedule,
            Shape::Event,
            bounds,
            diagnostics,
        );
    }
    for (id, review) in plan.reviews.iter() {
        check_schedule(
            &format!("review `{id}`"),
            &review.schedule,
            Shape::Event,
            bounds,
            diagnostics,
        );
    }
    for (id, report) in plan.reports.iter() {
        check_schedule(
            &format!("report `{id}`"),
            &report.schedule,
            Shape::Deadline,
            bounds,
            diagnostics,
        );
    }
    for (id, training) in plan.trainings.iter() {
        check_length(&format!("training `{id}`"), &training.duration, diagnostics);
    }
}

/// The project's dates, the defaults of `from` and `until`.
#[derive(Clone, Copy)]
struct Bounds<'p> {
    start: Option<&'p Spanned<Date>>,
    end: Option<&'p Spanned<Date>>,
}

fn check_schedule(
    what: &str,
    schedule: &Spanned<Schedule>,
    shape: Shape,
    bounds: Bounds<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut problem = |span, message: String, label: &str, help: &str| {
        diagnostics.push(
            Diagnostic::new(RuleId::InvalidSchedule, span, message)
                .with_label(label)
                .with_help(help),
        );
    };
    let every = &schedule.every;
    if matches!(every.value, Every::Weeks(0) | Every::Months(0)) {
        problem(
            every.span,
            format!("{what} recurs every `{}`, which never recurs", every.value),
            "zero interval",
            "use an interval of at least 1, e.g. `week` or `2 weeks`",
        );
    }
    if let Some(on) = &schedule.on {
        let fits = match (&on.value, every.value) {
            (_, Every::Day | Every::Weekday) => false,
            (On::Weekdays(_), Every::Weeks(_)) => true,
            (On::NthWeekday(..) | On::DayOfMonth(_), e) => e.is_monthly(),
            (On::Weekdays(_), _) => false,
        };
        if !fits {
            let help = match every.value {
                Every::Day | Every::Weekday => {
                    "leave `on` out: this schedule falls on every (working) day"
                }
                Every::Weeks(_) => "weekly schedules take weekdays, e.g. `on: [tue]`",
                _ => {
                    "monthly schedules take `first tue` .. `last fri` or a day number such as `15`"
                }
            };
            problem(
                on.span,
                format!(
                    "{what}: `on: {}` does not fit `every: {}`",
                    on.value, every.value
                ),
                "does not fit `every`",
                help,
            );
        }
    }
    match (&schedule.duration, shape) {
        (Some(duration), _) => check_length(what, duration, diagnostics),
        (None, Shape::Event) => diagnostics.push(
            Diagnostic::new(
                RuleId::InvalidSchedule,
                schedule.span,
                format!("{what} has no `duration`"),
            )
            .with_label("needs `duration`")
            .with_help("add how long each occurrence lasts, e.g. `duration: 45m`"),
        ),
        (None, Shape::Deadline) => {}
    }
    let from = schedule.from.as_ref().or(bounds.start);
    let until = schedule.until.as_ref().or(bounds.end);
    if let (Some(from), Some(until)) = (from, until)
        && until.value < from.value
    {
        let span = schedule
            .until
            .as_ref()
            .or(schedule.from.as_ref())
            .map_or(schedule.span, |d| d.span);
        diagnostics.push(
                Diagnostic::new(
                    RuleId::InvalidSchedule,
                    span,
                    format!("{what} ends ({until}) before it starts ({from})"),
                )
                .with_label("ends before it starts")
                .with_help("`until` is the last day (inclusive) and must not be before `from` (default: the project's `start`)"),
            );
    }
    for skip in &schedule.skip {
        let before = from.is_some_and(|from| skip.value < from.value);
        let after = until.is_some_and(|until| skip.value > until.value);
        if before || after {
            diagnostics.push(
                Diagnostic::new(
                    RuleId::InvalidSchedule,
                    skip.span,
                    format!("{what} skips {skip}, which is outside the dates it runs"),
                )
                .with_label("outside the schedule")
                .with_help("remove the date, or correct it"),
            );
        }
    }
}

/// A length of an event: positive calendar time of at most a day.
fn check_length(what: &str, duration: &Spanned<Duration>, diagnostics: &mut Vec<Diagnostic>) {
    let message = match duration.value {
        Duration::Business { .. } => Some((
            format!("{what} lasts `{}` of business time", duration.value),
            "an occurrence lasts calendar time: write e.g. `45m` or `1h30m`",
        )),
        d if d.is_zero() => Some((
            format!("{what} lasts no time"),
            "give a positive duration, e.g. `45m`",
        )),
        Duration::Calendar { minutes } if minutes > 24 * 60 => Some((
            format!("{what} lasts `{}`, more than a day", duration.value),
            "split it into daily occurrences, e.g. `every: day` with `duration: 8h`",
        )),
        Duration::Calendar { .. } => None,
    };
    if let Some((message, help)) = message {
        diagnostics.push(
            Diagnostic::new(RuleId::InvalidSchedule, duration.span, message)
                .with_label("invalid duration")
                .with_help(help),
        );
    }
}
