//! `invalid-schedule`: schedules that cannot recur as written.

use crate::diagnostic::Diagnostic;
use crate::model::{Changes, Duration, Every, On, Plan, Project, Schedule, Spanned};
use crate::rules::RuleId;
use crate::time::{Date, Recurrence, WorkWeek};

/// Whether a schedule's occurrences have a length (meetings, reviews) or are
/// points in time (reports).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    Event,
    Deadline,
}

pub(super) fn check(plan: &Plan, diagnostics: &mut Vec<Diagnostic>) {
    // An `end` before `start` is the project's mistake, reported once there;
    // as every schedule's default `until` it would be reported again per item.
    let (start, end) = plan.project.as_ref().map_or((None, None), |p| {
        let end = p.end.as_ref().filter(|end| end.value >= p.start.value);
        (Some(&p.start), end)
    });
    let bounds = Bounds { start, end };
    let scheduled = plan
        .meetings
        .iter()
        .map(|(id, m)| {
            (
                format!("meeting `{id}`"),
                &m.schedule,
                &m.changes,
                Shape::Event,
            )
        })
        .chain(plan.reviews.iter().map(|(id, r)| {
            (
                format!("review `{id}`"),
                &r.schedule,
                &r.changes,
                Shape::Event,
            )
        }))
        .chain(plan.reports.iter().map(|(id, r)| {
            (
                format!("report `{id}`"),
                &r.schedule,
                &r.changes,
                Shape::Deadline,
            )
        }));
    for (what, schedule, changes, shape) in scheduled {
        let before = diagnostics.len();
        check_schedule(&what, schedule, shape, bounds, diagnostics);
        // Changes are judged against a schedule that recurs as written.
        if let Some(project) = &plan.project
            && diagnostics.len() == before
        {
            let item = Scheduled {
                what: &what,
                recurrence: schedule.recurrence(
                    &project.timezone,
                    project.start.value,
                    end.map(|e| e.value),
                ),
                work_week: project.work_week(),
                skip: &schedule.skip,
                shape,
            };
            check_changes(&item, changes, diagnostics);
        }
    }
    for (id, training) in plan.trainings.iter() {
        let what = format!("training `{id}`");
        check_length(&what, &training.duration, diagnostics);
        if let Some(project) = &plan.project {
            check_training_changes(&what, training, project, diagnostics);
        }
    }
}

/// A scheduled item whose changes are checked.
struct Scheduled<'a> {
    what: &'a str,
    /// Its schedule without changes.
    recurrence: Recurrence,
    work_week: WorkWeek,
    skip: &'a [Spanned<Date>],
    shape: Shape,
}

/// `changes`: each key a date the schedule holds an occurrence on, each
/// change saying one thing that fits, no two occurrences left at one time.
fn check_changes(item: &Scheduled<'_>, changes: &Changes, diagnostics: &mut Vec<Diagnostic>) {
    // The schedule as changed, as compile resolves it: a cancelled
    // occurrence frees its time for a move, as a `skip` does; a move out of
    // the schedule's dates arrives nowhere.
    let mut moved = item.recurrence.clone();
    changes.apply(&mut moved);
    for (planned, change) in &changes.0 {
        let before = diagnostics.len();
        check_change_fields(item.what, planned, change, item.shape, diagnostics);
        if !item.recurrence.is_planned(&item.work_week, planned.value) {
            diagnostics.push(not_planned(item, planned));
        }
        if diagnostics.len() > before {
            continue;
        }
        if let Some(to) = &change.to
            && let Some(target) = change.to_move(planned.value, &item.recurrence)
        {
            let within = target.date >= item.recurrence.from
                && item
                    .recurrence
                    .until
                    .is_none_or(|until| target.date <= until);
            if !within {
                diagnostics.push(
                    Diagnostic::new(
                        RuleId::InvalidSchedule,
                        to.span,
                        format!(
                            "{} moves its {planned} occurrence to {}, outside the dates it runs",
                            item.what, target.date
                        ),
                    )
                    .with_label("outside the schedule")
                    .with_help(
                        "move it to a date within the schedule's `from` and `until` (default: the project's `start` and `end`)",
                    ),
                );
            }
        }
    }
    for (planned, change) in &changes.0 {
        let Some(to) = &change.to else { continue };
        let Ok(index) = moved
            .moves
            .binary_search_by_key(&planned.value, |m| m.planned)
        else {
            continue;
        };
        let target = moved.moves[index];
        let day = moved.expand_between(&item.work_week, target.date, target.date);
        let Some(this) = day
            .occurrences
            .iter()
            .find(|o| o.moved_from == Some(planned.value))
        else {
            continue;
        };
        let at_once = day
            .occurrences
            .iter()
            .filter(|o| o.start == this.start)
            .count();
        if at_once > 1 {
            diagnostics.push(
                Diagnostic::new(
                    RuleId::InvalidSchedule,
                    to.span,
                    format!(
                        "{} moves its {planned} occurrence onto another of its occurrences ({} {})",
                        item.what, target.date, target.at
                    ),
                )
                .with_label("two occurrences at one time")
                .with_help("move it to a time no other occurrence of this item starts at, or cancel one of them"),
            );
        }
    }
}

/// What a change says, on its own: something, and not both a cancellation and a move.
fn check_change_fields(
    what: &str,
    planned: &Spanned<Date>,
    change: &Spanned<crate::model::OccurrenceChange>,
    shape: Shape,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let cancelled = change.cancel.as_ref().filter(|c| c.value);
    let says_nothing = cancelled.is_none()
        && change.to.is_none()
        && change.duration.is_none()
        && change.note.is_none();
    if says_nothing {
        diagnostics.push(
            Diagnostic::new(
                RuleId::InvalidSchedule,
                change.span,
                format!("{what}: the change of {planned} changes nothing"),
            )
            .with_label("changes nothing")
            .with_help("give `to`, `duration`, `cancel: true` or a `note`, or remove the entry"),
        );
    }
    if let Some(cancel) = cancelled {
        let moved = change
            .to
            .as_ref()
            .map(|t| t.span)
            .or(change.duration.as_ref().map(|d| d.span));
        if let Some(span) = moved {
            diagnostics.push(
                Diagnostic::new(
                    RuleId::InvalidSchedule,
                    span,
                    format!("{what}: the {planned} occurrence is both cancelled and moved"),
                )
                .with_label("`cancel` and `to`/`duration` exclude each other")
                .with_related(cancel.span, "cancelled here")
                .with_help("keep `cancel: true` to drop it, or remove it to move it"),
            );
        }
    }
    if let Some(duration) = &change.duration {
        match shape {
            Shape::Event => check_length(what, duration, diagnostics),
            Shape::Deadline => diagnostics.push(
                Diagnostic::new(
                    RuleId::InvalidSchedule,
                    duration.span,
                    format!("{what} is a deadline: its occurrences have no length"),
                )
                .with_label("no length to change")
                .with_help("remove `duration`; move the deadline with `to`"),
            ),
        }
    }
}

/// A change keyed by a date the schedule holds no occurrence on, with the
/// planned dates nearest to it.
fn not_planned(item: &Scheduled<'_>, planned: &Spanned<Date>) -> Diagnostic {
    let date = planned.value;
    let why = if item.skip.iter().any(|s| s.value == date) {
        " (`skip` drops it)"
    } else if item.work_week.holidays.contains(&date) {
        " (a holiday)"
    } else {
        ""
    };
    let around = |days: i64| date.add_days(days).unwrap_or(date);
    let before = item
        .recurrence
        .expand_between(&item.work_week, around(-366), around(-1))
        .occurrences
        .last()
        .map(|o| o.date);
    let after = item
        .recurrence
        .expand_between(&item.work_week, around(1), around(366))
        .occurrences
        .first()
        .map(|o| o.date);
    let nearest: Vec<String> = before
        .into_iter()
        .chain(after)
        .map(|d| format!("{d} ({})", d.weekday()))
        .collect();
    let help = if nearest.is_empty() {
        "the schedule holds no occurrence within a year of it; key a change by the date an occurrence is planned on".to_string()
    } else {
        format!(
            "key a change by the date an occurrence is planned on; the nearest: {}",
            nearest.join(", ")
        )
    };
    Diagnostic::new(
        RuleId::InvalidSchedule,
        planned.span,
        format!(
            "{} has no occurrence on {date} ({}){why} to change",
            item.what,
            date.weekday()
        ),
    )
    .with_label("no occurrence planned on this date")
    .with_help(help)
}

/// A training's `changes`: only its one date, moved within the plan's reach.
fn check_training_changes(
    what: &str,
    training: &crate::model::Training,
    project: &Project,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for (planned, change) in &training.changes.0 {
        check_change_fields(what, planned, change, Shape::Event, diagnostics);
        if planned.value != training.date.value {
            diagnostics.push(
                Diagnostic::new(
                    RuleId::InvalidSchedule,
                    planned.span,
                    format!("{what} is held on {}, not on {planned}", training.date),
                )
                .with_label("not the training's date")
                .with_help(format!("key the change by `{}`", training.date)),
            );
        }
        let moved_to = change
            .to
            .as_ref()
            .and_then(|t| t.value.date.map(|d| (t.span, d)));
        if let Some((span, date)) = moved_to
            && (date < project.start.value || date > crate::model::ceiling(project.start.value))
        {
            diagnostics.push(
                Diagnostic::new(
                    RuleId::InvalidSchedule,
                    span,
                    format!("{what} moves to {date}, outside the project's dates"),
                )
                .with_label("outside the project")
                .with_help("move it to a date on or after the project's `start`"),
            );
        }
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
