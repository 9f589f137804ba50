//! How far and how much a plan asks for: nothing in it is dated past the
//! ceiling (ten years after `project.start`), and its schedules stay within a
//! budget of occurrences and tasks over the dates the commands expand. Both
//! are found from the plan's numbers alone, without expanding anything, so a
//! plan that asks for too much is refused at once.

use crate::diagnostic::Diagnostic;
use crate::limits::{MAX_OCCURRENCES, MAX_TASKS, MAX_YEARS};
use crate::model::{Every, On, Plan, Project, Schedule, Spanned};
use crate::rules::RuleId;
use crate::source::Span;
use crate::time::Date;

pub(super) fn check(plan: &Plan, diagnostics: &mut Vec<Diagnostic>) {
    let Some(project) = &plan.project else { return };
    let ceiling = crate::model::ceiling(project.start.value);
    let reach = Reach {
        start: project.start.value,
        ceiling,
    };
    check_project_dates(project, reach, diagnostics);
    let end = project.end.as_ref().map(|d| d.value);
    for (what, schedule) in schedules(plan) {
        check_schedule_dates(&what, schedule, reach, end, diagnostics);
    }
    for (id, training) in plan.trainings.iter() {
        if let Some(message) = reach.beyond(
            RuleId::InvalidValue,
            &training.date,
            &format!("training `{id}` is held on"),
        ) {
            diagnostics.push(message.with_help(reach.help("hold it by")));
        }
    }
    check_budget(plan, project, reach, diagnostics);
}

/// The project's start and the last day a plan may reach.
#[derive(Clone, Copy)]
struct Reach {
    start: Date,
    ceiling: Date,
}

impl Reach {
    /// A finding for a date past the ceiling.
    fn beyond(self, rule: RuleId, date: &Spanned<Date>, what: &str) -> Option<Diagnostic> {
        (date.value > self.ceiling).then(|| {
            Diagnostic::new(
                rule,
                date.span,
                format!(
                    "{what} {date}, more than {MAX_YEARS} years after the project starts ({})",
                    self.start
                ),
            )
            .with_label(format!("more than {MAX_YEARS} years after the start"))
        })
    }

    fn help(self, verb: &str) -> String {
        format!(
            "`plan` looks at most {MAX_YEARS} years past `project.start`: {verb} {}, or split a longer engagement into one plan per phase",
            self.ceiling
        )
    }
}

fn check_project_dates(project: &Project, reach: Reach, diagnostics: &mut Vec<Diagnostic>) {
    if let Some(end) = &project.end
        && let Some(finding) = reach.beyond(RuleId::InvalidValue, end, "the project ends on")
    {
        diagnostics.push(finding.with_help(reach.help("end it by")));
    }
    let dates = project
        .holidays
        .iter()
        .map(|d| (d, "a holiday falls on"))
        .chain(
            project
                .extra_workdays
                .iter()
                .map(|d| (d, "a make-up day falls on")),
        );
    for (date, what) in dates {
        if let Some(finding) = reach.beyond(RuleId::InvalidValue, date, what) {
            diagnostics.push(finding.with_help(reach.help("list only dates up to")));
        }
    }
}

fn check_schedule_dates(
    what: &str,
    schedule: &Schedule,
    reach: Reach,
    project_end: Option<Date>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let fields = [
        (schedule.from.as_ref(), "starts on", "start it by"),
        (schedule.until.as_ref(), "runs until", "end it by"),
    ];
    // A skip after the schedule's end is already reported as outside it.
    let until = schedule.until.as_ref().map(|d| d.value).or(project_end);
    let skips = schedule
        .skip
        .iter()
        .filter(|d| until.is_none_or(|until| d.value <= until))
        .map(|d| (Some(d), "skips", "list only dates up to"));
    for (date, verb, fix) in fields.into_iter().chain(skips) {
        let what = format!("{what} {verb}");
        if let Some(finding) = date.and_then(|d| reach.beyond(RuleId::InvalidSchedule, d, &what)) {
            diagnostics.push(finding.with_help(reach.help(fix)));
        }
    }
}

/// Every recurring schedule, named as findings name it.
fn schedules(plan: &Plan) -> impl Iterator<Item = (String, &Schedule)> {
    let meetings = plan
        .meetings
        .iter()
        .map(|(id, m)| (format!("meeting `{id}`"), &m.schedule.value));
    let reviews = plan
        .reviews
        .iter()
        .map(|(id, r)| (format!("review `{id}`"), &r.schedule.value));
    let reports = plan
        .reports
        .iter()
        .map(|(id, r)| (format!("report `{id}`"), &r.schedule.value));
    meetings.chain(reviews).chain(reports)
}

/// One item's share of the budget.
struct Share {
    what: String,
    span: Span,
    occurrences: u64,
    tasks: u64,
}

/// One budget: what it counts, its limit and how to get under it.
struct Budget {
    noun: &'static str,
    max: u64,
    count: fn(&Share) -> u64,
    help: &'static str,
}

const BUDGETS: [Budget; 2] = [
    Budget {
        noun: "occurrences",
        max: MAX_OCCURRENCES,
        count: |share| share.occurrences,
        help: "shorten the schedules (`from`, `until`, the project's `end`) or make them less frequent; split a large portfolio into several plans",
    },
    Budget {
        noun: "tasks",
        max: MAX_TASKS,
        count: |share| share.tasks,
        help: "list fewer `prepare` and `follow_up` tasks per meeting, or schedule fewer occurrences; split a large portfolio into several plans",
    },
];

fn check_budget(plan: &Plan, project: &Project, reach: Reach, diagnostics: &mut Vec<Diagnostic>) {
    let shares = shares(plan, project, reach);
    let last = last_day(project, reach);
    for budget in &BUDGETS {
        let total = shares
            .iter()
            .map(budget.count)
            .fold(0u64, u64::saturating_add);
        // The item with the most, the first written among equals.
        let largest = shares
            .iter()
            .max_by_key(|s| ((budget.count)(s), std::cmp::Reverse(s.span.start)));
        let Some(largest) = largest.filter(|_| total > budget.max) else {
            continue;
        };
        diagnostics.push(
            Diagnostic::new(
                RuleId::InvalidSchedule,
                largest.span,
                format!(
                    "the plan's schedules come to about {} {} through {last}, more than the {} `plan` works with; {} alone has {}",
                    thousands(total),
                    budget.noun,
                    thousands(budget.max),
                    largest.what,
                    thousands((budget.count)(largest)),
                ),
            )
            .with_label(format!("the most {}", budget.noun))
            .with_help(budget.help),
        );
    }
}

/// The last day the commands expand the plan's schedules to.
fn last_day(project: &Project, reach: Reach) -> Date {
    crate::model::horizon(reach.start, project.end.as_ref().map(|end| end.value))
}

fn shares(plan: &Plan, project: &Project, reach: Reach) -> Vec<Share> {
    let last = last_day(project, reach);
    let work = WorkDays {
        per_week: project
            .working_hours
            .as_ref()
            .and_then(|h| h.days.as_ref())
            .map_or(5, |days| days.len() as u64),
        extra: project.extra_workdays.len() as u64,
    };
    let bounds = |schedule: &Schedule| {
        let from = schedule.from.as_ref().map_or(reach.start, |d| d.value);
        let until = schedule.until.as_ref().map_or(last, |d| d.value.min(last));
        (from, until)
    };
    let mut shares = Vec::new();
    for (id, meeting) in plan.meetings.iter() {
        let schedule = &meeting.schedule.value;
        let (from, until) = bounds(schedule);
        let occurrences = estimate(schedule, from, until, work);
        let per_occurrence = (meeting.prepare.len() + meeting.follow_up.len()) as u64;
        shares.push(Share {
            what: format!("meeting `{id}`"),
            span: schedule.every.span,
            occurrences,
            tasks: occurrences.saturating_mul(per_occurrence),
        });
    }
    let others = plan
        .reviews
        .iter()
        .map(|(id, r)| (format!("review `{id}`"), &r.schedule.value))
        .chain(
            plan.reports
                .iter()
                .map(|(id, r)| (format!("report `{id}`"), &r.schedule.value)),
        );
    for (what, schedule) in others {
        let (from, until) = bounds(schedule);
        let occurrences = estimate(schedule, from, until, work);
        // One task per occurrence: the review's preparation, the report itself.
        shares.push(Share {
            what,
            span: schedule.every.span,
            occurrences,
            tasks: occurrences,
        });
    }
    for (id, training) in plan.trainings.iter() {
        shares.push(Share {
            what: format!("training `{id}`"),
            span: training.date.span,
            occurrences: 1,
            tasks: 1,
        });
    }
    shares
}

/// The project's working days: how many a week, and how many make-up days.
#[derive(Clone, Copy)]
struct WorkDays {
    per_week: u64,
    extra: u64,
}

/// At least as many dates as the schedule falls on in `[from, until]`:
/// counted from the dates and the rule, never by expanding it.
fn estimate(schedule: &Schedule, from: Date, until: Date, work: WorkDays) -> u64 {
    if until < from {
        return 0;
    }
    let days = u64::try_from(until.days_since(from)).unwrap_or(0) + 1;
    let months = u64::try_from(until.months_since(from)).unwrap_or(0) + 1;
    // Partial periods at both ends: one more period than whole ones.
    match schedule.every.value {
        Every::Day => days,
        Every::Weekday => (days / 7 + 2) * work.per_week + work.extra,
        Every::Weeks(n) => {
            let per_week = match schedule.on.as_ref().map(|on| &on.value) {
                Some(On::Weekdays(list)) => list.len() as u64,
                _ => 1,
            };
            (days / (7 * u64::from(n.max(1))) + 2) * per_week
        }
        Every::Months(n) => months / u64::from(n.max(1)) + 1,
        Every::Quarter => months / 3 + 1,
    }
}

/// `36530000` as `36,530,000`.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn findings(text: &str) -> Vec<Diagnostic> {
        let loaded = crate::load::load_str("plan.yaml", text);
        assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        let plan = loaded.plan.expect("the plan loads");
        let mut diagnostics = Vec::new();
        check(&plan, &mut diagnostics);
        diagnostics
    }

    fn plan_with(end: &str, meetings: &str) -> String {
        format!(
            "version: 1\nproject: {{name: P, owner: ana, timezone: UTC, start: 2026-03-02{end}}}\npeople:\n  ana: {{name: Ana}}\nmeetings:\n{meetings}"
        )
    }

    #[test]
    fn a_daily_meeting_with_hundreds_of_tasks_is_over_the_task_budget() {
        let prepare: String = (0..822)
            .map(|i| format!("      - {{task: Step {i}, before: 1h}}\n"))
            .collect();
        let meeting = format!(
            "  daily:\n    title: Daily\n    schedule: {{every: day, at: \"10:00\", duration: 15m}}\n    prepare:\n{prepare}"
        );
        let found = findings(&plan_with(", end: 2036-03-02", &meeting));
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].rule, RuleId::InvalidSchedule);
        assert!(
            found[0].message.starts_with(
                "the plan's schedules come to about 3,003,588 tasks through 2036-03-02"
            ),
            "{}",
            found[0].message
        );
        // A year of it is well within the budget.
        assert!(findings(&plan_with(", end: 2027-03-01", &meeting)).is_empty());
    }

    /// A schedule at 10:00 with nothing else set.
    fn at_ten(every: Every, on: Option<On>) -> Schedule {
        Schedule {
            every: Spanned::new(every, Span::default()),
            on: on.map(|on| Spanned::new(on, Span::default())),
            at: Spanned::new(
                crate::model::TimeOfDay {
                    hour: 10,
                    minute: 0,
                },
                Span::default(),
            ),
            duration: None,
            timezone: None,
            from: None,
            until: None,
            skip: Vec::new(),
        }
    }

    #[test]
    fn a_portfolio_of_ten_thousand_weekly_meetings_for_a_year_fits() {
        let weekly = at_ten(
            Every::Weeks(1),
            Some(On::Weekdays(vec![crate::model::Weekday::Tue])),
        );
        let start = Date::parse("2026-03-02").unwrap();
        let end = start.add_days(365).unwrap();
        let work = WorkDays {
            per_week: 5,
            extra: 0,
        };
        let each = estimate(&weekly, start, end, work);
        assert!((52..=54).contains(&each), "{each}");
        // With a preparation and a follow-up each: 3 × 540,000 tasks at most.
        assert!(10_000 * each <= MAX_OCCURRENCES);
        assert!(10_000 * each * 2 <= MAX_TASKS);
    }

    #[test]
    fn estimates_are_never_below_the_real_count() {
        use crate::time::{Recurrence, WorkWeek, Zone};
        let start = Date::parse("2026-01-01").unwrap();
        let cases = [
            (Every::Day, None),
            (Every::Weekday, None),
            (
                Every::Weeks(1),
                Some(On::Weekdays(vec![
                    crate::model::Weekday::Mon,
                    crate::model::Weekday::Sun,
                ])),
            ),
            (Every::Weeks(3), None),
            (Every::Months(1), Some(On::DayOfMonth(31))),
            (Every::Months(5), None),
            (Every::Quarter, None),
        ];
        for (every, on) in cases {
            for (from, length) in [(0, 0), (3, 6), (5, 40), (27, 400), (1, 3652)] {
                let from = start.add_days(from).unwrap();
                let until = from.add_days(length).unwrap();
                let schedule = at_ten(every, on.clone());
                let recurrence = Recurrence {
                    every,
                    on: on.clone(),
                    at: crate::model::TimeOfDay {
                        hour: 10,
                        minute: 0,
                    },
                    duration_minutes: 0,
                    zone: Zone::parse("UTC").unwrap(),
                    from,
                    until: Some(until),
                    skip: Vec::new(),
                    moves: Vec::new(),
                };
                let week = WorkWeek {
                    days: crate::model::Weekday::ALL[..5].to_vec(),
                    ..WorkWeek::default()
                };
                let real = recurrence.expand(&week, until).occurrences.len() as u64;
                let estimated = estimate(
                    &schedule,
                    from,
                    until,
                    WorkDays {
                        per_week: 5,
                        extra: 0,
                    },
                );
                assert!(
                    estimated >= real,
                    "{every} from {from} to {until}: {estimated} < {real}"
                );
            }
        }
    }

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(36_530_000), "36,530,000");
    }
}
