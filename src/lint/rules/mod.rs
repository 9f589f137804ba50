//! One file per rule: its summary, `plan explain` text and check, as a
//! `RuleDefinition`. Its id and default level are its line in
//! `crate::rules::rule_table!`, which also registers it.

pub mod validation;

pub mod audience_without_channel;
pub mod barrier_without_mitigation;
pub mod channel_without_sla;
pub mod decisions_not_recorded;
pub mod deprecated_timezone;
pub mod empty_audience;
pub mod escalation_not_increasing;
pub mod goal_without_activity;
pub mod meeting_load;
pub mod meeting_without_agenda;
pub mod meeting_without_owner;
pub mod missing_contact;
pub mod missing_escalation;
pub mod missing_review;
pub mod missing_urgent_path;
pub mod no_formal_channel;
pub mod outside_working_hours;
pub mod overlapping_meetings;
pub mod person_without_audience;
pub mod report_without_format;
pub mod sparse_contact;
pub mod unused_channel;
pub mod urgent_slower_than_normal;

use crate::compile::{Event, EventKind};
use crate::lint::Context;
use crate::model::ItemKind;
use crate::source::Span;
use crate::time::Date;

/// Where a finding about an event's timing points: its `schedule` (a
/// training's `at`).
pub(crate) fn event_span(cx: &Context<'_>, event: &Event) -> Span {
    let plan = cx.plan;
    let span = match event.kind {
        EventKind::Meeting => plan.meetings.get(&event.id).map(|m| m.schedule.span),
        EventKind::Review => plan.reviews.get(&event.id).map(|r| r.schedule.span),
        EventKind::Report => plan.reports.get(&event.id).map(|r| r.schedule.span),
        EventKind::Training => plan.trainings.get(&event.id).map(|t| t.at.span),
    };
    span.unwrap_or_default()
}

/// Where a finding about an event's time of day points: the schedule's `at`
/// (a training's `at`).
pub(crate) fn event_time_span(cx: &Context<'_>, event: &Event) -> Span {
    let plan = cx.plan;
    let span = match event.kind {
        EventKind::Meeting => plan.meetings.get(&event.id).map(|m| m.schedule.at.span),
        EventKind::Review => plan.reviews.get(&event.id).map(|r| r.schedule.at.span),
        EventKind::Report => plan.reports.get(&event.id).map(|r| r.schedule.at.span),
        EventKind::Training => plan.trainings.get(&event.id).map(|t| t.at.span),
    };
    span.unwrap_or_default()
}

pub(crate) fn item_kind(event: &Event) -> ItemKind {
    match event.kind {
        EventKind::Meeting => ItemKind::Meeting,
        EventKind::Review => ItemKind::Review,
        EventKind::Report => ItemKind::Report,
        EventKind::Training => ItemKind::Training,
    }
}

pub(crate) fn weekday(date: Date) -> &'static str {
    match date.weekday() {
        crate::model::Weekday::Mon => "Mon",
        crate::model::Weekday::Tue => "Tue",
        crate::model::Weekday::Wed => "Wed",
        crate::model::Weekday::Thu => "Thu",
        crate::model::Weekday::Fri => "Fri",
        crate::model::Weekday::Sat => "Sat",
        crate::model::Weekday::Sun => "Sun",
    }
}
