//! One builder per handbook section, in the handbook's order. Each reads the
//! view's `Scope` and leaves out what the view does not show.

use std::collections::BTreeMap;

use crate::compile::{ChangeKind, Event, EventKind};
use crate::model::{Duration, Hours, Visibility};
use crate::time::{Instant, Zone};

use super::Scope;
use super::contract::{
    Barrier, Change, Channel, Contact, Escalation, Goal, Link, MatrixRow, Meeting, Onboarding,
    Project, Report, Review, RichText, Step, Task, Training, Week, WeekDay, WeekItem,
};
use super::text::{self, Waited};

pub(super) fn project(scope: &Scope) -> Project {
    let compiled = scope.compiled;
    let project = scope.plan.project.as_ref();
    Project {
        name: compiled.name.clone(),
        client: project
            .and_then(|p| p.client.as_ref())
            .map(|c| c.value.clone()),
        summary: RichText::from_markdown(project.and_then(|p| p.summary.as_deref())),
        owner: project
            .map(|p| scope.person_name(p.owner.as_str()))
            .unwrap_or_default(),
        zone: compiled.zone.name().to_string(),
        dates: match compiled.end {
            Some(end) => format!("{} – {end}", compiled.start),
            None => compiled.start.to_string(),
        },
    }
}

/// The audience the view is for.
pub(super) fn view(scope: &Scope) -> Option<Link> {
    let audience = scope.compiled.audience(scope.view?)?;
    Some(audience_link(audience))
}

fn audience_link(audience: &crate::compile::Audience) -> Link {
    Link {
        id: audience.id.clone(),
        name: audience.name.clone(),
        anchor: format!("audience-{}", audience.id),
    }
}

pub(super) fn goals(scope: &Scope) -> Vec<Goal> {
    let mut serving = serving(scope);
    scope
        .plan
        .goals
        .iter()
        .filter(|(_, g)| scope.shows(g.visibility == Visibility::Internal))
        .map(|(id, goal)| Goal {
            anchor: format!("goal-{id}"),
            title: goal.title.value.clone(),
            measure: goal.measure.as_ref().map(|m| m.value.clone()),
            served_by: serving.remove(id.as_str()).unwrap_or_default(),
        })
        .collect()
}

/// Per goal, the meetings and then the reports that serve it, as far as
/// the view shows them.
fn serving<'a>(scope: &Scope<'a>) -> BTreeMap<&'a str, Vec<Link>> {
    let plan = scope.plan;
    let mut serving: BTreeMap<&str, Vec<Link>> = BTreeMap::new();
    for kind in [EventKind::Meeting, EventKind::Report] {
        for event in scope.shown(kind) {
            let goals = match kind {
                EventKind::Meeting => plan.meetings.get(&event.id).map(|m| &m.goals),
                _ => plan.reports.get(&event.id).map(|r| &r.goals),
            };
            for goal in goals.into_iter().flat_map(|g| g.iter()) {
                let links = serving.entry(goal.as_str()).or_default();
                // A goal named twice by one item serves it once.
                if links
                    .last()
                    .is_some_and(|l| l.anchor == event_anchor(kind, &event.id))
                {
                    continue;
                }
                links.push(Link {
                    id: event.id.clone(),
                    name: event.title.clone(),
                    anchor: event_anchor(kind, &event.id),
                });
            }
        }
    }
    serving
}

/// Who hears what, how often, through which channel: each audience's events,
/// then its preferred channels.
pub(super) fn matrix(scope: &Scope) -> Vec<MatrixRow> {
    let m = scope.m;
    let mut rows = Vec::new();
    for audience in scope
        .compiled
        .audiences
        .iter()
        .filter(|a| scope.view.is_none_or(|v| v == a.id))
    {
        let link = audience_link(audience);
        for event in scope
            .compiled
            .addressing(audience)
            .filter(|e| scope.shows_event(e.kind, &e.id))
        {
            rows.push(MatrixRow {
                audience: link.clone(),
                what: Link {
                    id: event.id.clone(),
                    name: event.title.clone(),
                    anchor: event_anchor(event.kind, &event.id),
                },
                kind: m.get(&format!("kind_{}", event.kind.as_str())),
                sla: sla_of(scope, event.channel.as_deref()),
                channel: scope.or_none(event.channel.clone()),
                cadence: scope.cadence(event),
                owner: scope.or_none(event.organizer.as_deref().map(|o| scope.person_name(o))),
            });
        }
        for channel in preferred_channels(scope, &audience.id) {
            rows.push(MatrixRow {
                audience: link.clone(),
                what: Link {
                    id: channel.clone(),
                    name: m.get("kind_preferred"),
                    anchor: format!("channel-{channel}"),
                },
                kind: m.get("kind_preferred"),
                sla: sla_of(scope, Some(&channel)),
                channel,
                cadence: m.get("none"),
                owner: m.get("none"),
            });
        }
    }
    rows
}

/// The anchor of an event's section: `meeting-weekly-sync`.
fn event_anchor(kind: EventKind, id: &str) -> String {
    format!("{}-{id}", kind.as_str())
}

/// The channels an audience prefers, by id.
fn preferred_channels(scope: &Scope, audience: &str) -> Vec<String> {
    scope
        .plan
        .audiences
        .get(audience)
        .map(|a| a.channels.iter().map(|c| c.to_string()).collect())
        .unwrap_or_default()
}

fn sla_of(scope: &Scope, channel: Option<&str>) -> String {
    scope.or_none(
        channel
            .and_then(|c| scope.compiled.channel(c))
            .and_then(|c| c.response)
            .map(|d| d.to_string()),
    )
}

/// The first full week of the project (Monday to Sunday), in the project's
/// zone and in each external audience's member zones.
pub(super) fn weeks(scope: &Scope) -> Vec<Week> {
    let compiled = scope.compiled;
    let monday = {
        let start = compiled.start;
        if start.weekday() == crate::model::Weekday::Mon {
            start
        } else {
            start.monday().add_days(7).unwrap_or(start)
        }
    };
    // A day of slack either side: the week is shown in other zones too.
    let first = monday.add_days(-1).unwrap_or(monday);
    let through = monday.add_days(8).unwrap_or(monday);
    let mut items: Vec<(Instant, Instant, &Event)> = Vec::new();
    for event in scope.events.iter().filter(|e| !e.single) {
        let week = event.expand_between(&compiled.work_week, first, through);
        for occurrence in week.occurrences {
            items.push((occurrence.start, occurrence.end, event));
        }
    }
    items.sort_by(|a, b| (a.0, &a.2.id).cmp(&(b.0, &b.2.id)));
    week_zones(scope)
        .iter()
        .map(|zone| Week {
            zone: zone.name().to_string(),
            label: scope.m.fill("week_in", &[("zone", zone.name())]),
            days: (0..7)
                .filter_map(|offset| monday.add_days(offset))
                .map(|day| WeekDay {
                    name: scope.m.weekday(day.weekday()),
                    items: items
                        .iter()
                        .filter(|(start, _, _)| start.local(zone).date == day)
                        .map(|(start, end, event)| week_item(*start, *end, event, zone))
                        .collect(),
                })
                .collect(),
        })
        .collect()
}

/// The project's zone, then each zone an external audience's member is in.
fn week_zones(scope: &Scope) -> Vec<Zone> {
    let compiled = scope.compiled;
    let mut zones: Vec<Zone> = vec![compiled.zone.clone()];
    for audience in compiled
        .audiences
        .iter()
        .filter(|a| a.external && scope.view.is_none_or(|v| v == a.id))
    {
        for member in audience.members.iter().filter_map(|m| compiled.person(m)) {
            if !zones.contains(&member.zone) {
                zones.push(member.zone.clone());
            }
        }
    }
    zones
}

fn week_item(start: Instant, end: Instant, event: &Event, zone: &Zone) -> WeekItem {
    WeekItem {
        start: start.local(zone).time.to_string(),
        // A report is due at a moment: no end.
        end: if end > start {
            end.local(zone).time.to_string()
        } else {
            String::new()
        },
        title: event.title.clone(),
        anchor: event_anchor(event.kind, &event.id),
        kind: event.kind.as_str().to_string(),
    }
}

pub(super) fn meetings(scope: &Scope) -> Vec<Meeting> {
    scope
        .shown(EventKind::Meeting)
        .filter_map(|e| Some((e.id.as_str(), scope.plan.meetings.get(&e.id)?)))
        .map(|(id, meeting)| self::meeting(scope, id, meeting))
        .collect()
}

fn meeting(scope: &Scope, id: &str, meeting: &crate::model::Meeting) -> Meeting {
    let m = scope.m;
    let event = scope.event(EventKind::Meeting, id);
    let owner = scope.person_or_none(meeting.owner.as_ref());
    // A task's owner is the meeting's unless the task names one.
    let task = |task: &str, when: String, who: Option<&str>, via: Option<&str>| Task {
        task: task.to_string(),
        when,
        owner: who.map_or_else(|| owner.clone(), |p| scope.person_name(p)),
        via: via.unwrap_or_default().to_string(),
    };
    Meeting {
        id: id.to_string(),
        anchor: event_anchor(EventKind::Meeting, id),
        title: meeting.title.value.clone(),
        purpose: RichText::from_markdown(meeting.purpose.as_deref()),
        cadence: event.map(|e| scope.cadence(e)).unwrap_or_default(),
        duration: meeting
            .schedule
            .duration
            .as_ref()
            .map(|d| d.to_string())
            .unwrap_or_default(),
        channel: scope.or_none(meeting.channel.as_ref().map(|c| c.to_string())),
        link: event.and_then(|e| e.url.clone()),
        dial_in: meeting.dial_in.as_ref().map(|d| d.value.clone()),
        owner: owner.clone(),
        attendees: event
            .map(|e| e.attendees.iter().map(|p| scope.person_name(p)).collect())
            .unwrap_or_default(),
        agenda: meeting.agenda.iter().map(|a| a.value.clone()).collect(),
        prepare: meeting
            .prepare
            .iter()
            .map(|t| {
                let before = t.before.to_string();
                let when = m.fill("before_meeting", &[("duration", &before)]);
                task(
                    &t.task,
                    when,
                    t.owner.as_ref().map(|o| o.as_str()),
                    t.via.as_ref().map(|v| v.as_str()),
                )
            })
            .collect(),
        follow_up: meeting
            .follow_up
            .iter()
            .map(|t| {
                let within = t.within.to_string();
                let when = m.fill("after_meeting", &[("duration", &within)]);
                task(
                    &t.task,
                    when,
                    t.owner.as_ref().map(|o| o.as_str()),
                    t.via.as_ref().map(|v| v.as_str()),
                )
            })
            .collect(),
        next: event
            .and_then(|e| scope.first_date(e))
            .map(|date| text::long_date(m, date)),
        changes: changes(scope, event),
    }
}

/// An event's changes to single occurrences, in date order, in the plan's
/// language; dates and times in the reader's zone, the event's own time in
/// brackets where it differs.
fn changes(scope: &Scope, event: Option<&Event>) -> Vec<Change> {
    let m = scope.m;
    let Some(event) = event else {
        return Vec::new();
    };
    let zone = &event.recurrence.zone;
    event
        .changes
        .iter()
        .map(|change| {
            // The date the reader had it planned on.
            let planned = Instant::at_local(change.planned, change.planned_at, zone)
                .map_or(change.planned, |at| at.local(&scope.zone).date);
            let mut parts = Vec::new();
            match change.kind {
                ChangeKind::Cancelled => parts.push(m.get("change_cancelled")),
                ChangeKind::Moved(moved) => {
                    if moved.date != change.planned || moved.at != change.planned_at {
                        let to = match Instant::at_local(moved.date, moved.at, zone) {
                            Some(start) => {
                                let moment = text::moment(m, start, &scope.zone, zone);
                                let date = start.local(&scope.zone).date;
                                if date == planned {
                                    moment.time
                                } else {
                                    format!("{} {}", moment.date, moment.time)
                                }
                            }
                            None => format!("{} {}", text::long_date(m, moved.date), moved.at),
                        };
                        parts.push(m.fill("change_to", &[("to", &to)]));
                    }
                    if moved.duration_minutes != change.planned_minutes {
                        let length = Duration::Calendar {
                            minutes: u64::try_from(moved.duration_minutes).unwrap_or(0),
                        };
                        parts.push(m.fill("change_lasts", &[("duration", &length.to_string())]));
                    }
                }
                ChangeKind::Noted => {}
            }
            let date = text::long_date(m, planned);
            let text = if parts.is_empty() {
                date
            } else {
                m.fill(
                    "change_line",
                    &[("date", &date), ("change", &parts.join(", "))],
                )
            };
            Change {
                text,
                note: change.note.clone(),
            }
        })
        .collect()
}

pub(super) fn reports(scope: &Scope) -> Vec<Report> {
    scope
        .shown(EventKind::Report)
        .filter_map(|e| Some((e.id.as_str(), scope.plan.reports.get(&e.id)?)))
        .map(|(id, report)| self::report(scope, id, report))
        .collect()
}

fn report(scope: &Scope, id: &str, report: &crate::model::Report) -> Report {
    let event = scope.event(EventKind::Report, id);
    let format = report
        .format
        .as_ref()
        .and_then(|f| scope.plan.formats.get(f.as_str()));
    let subject = report_subject(scope, report, format, event);
    Report {
        id: id.to_string(),
        anchor: event_anchor(EventKind::Report, id),
        title: report.title.value.clone(),
        from: scope.person_or_none(report.from.as_ref()),
        to: report
            .to
            .iter()
            .map(|t| scope.name_of(t.as_str()))
            .collect(),
        channel: report.channel.to_string(),
        cadence: event.map(|e| scope.cadence(e)).unwrap_or_default(),
        subject: format
            .and_then(|f| f.subject.as_ref())
            .map(|s| s.value.clone()),
        sections: format
            .map(|f| f.sections.iter().map(|s| s.value.clone()).collect())
            .unwrap_or_default(),
        max_words: format
            .and_then(|f| f.max_words.as_ref())
            .map(|n| scope.m.fill("max_words", &[("n", &n.to_string())])),
        mailto: report_mailto(scope, report, &subject),
        email_subject: subject,
        changes: changes(scope, event),
    }
}

/// The next report's subject: the format's, `{date}` filled in, or the title and date.
fn report_subject(
    scope: &Scope,
    report: &crate::model::Report,
    format: Option<&crate::model::Format>,
    event: Option<&Event>,
) -> String {
    let date = event
        .and_then(|e| scope.first_date(e))
        .map(|date| date.to_string())
        .unwrap_or_default();
    match format.and_then(|f| f.subject.as_ref()) {
        Some(subject) => subject.replace("{date}", &date),
        None => format!("{} – {date}", report.title.value),
    }
}

/// `mailto:` the report's recipients (people, and audiences' members) with the subject.
fn report_mailto(scope: &Scope, report: &crate::model::Report, subject: &str) -> Option<String> {
    let compiled = scope.compiled;
    let mut emails: Vec<String> = Vec::new();
    for target in report.to.iter() {
        let people: Vec<&str> = match compiled.audience(target.as_str()) {
            Some(audience) => audience.members.iter().map(String::as_str).collect(),
            None => vec![target.as_str()],
        };
        for email in people
            .into_iter()
            .filter_map(|p| compiled.person(p))
            .filter_map(|p| p.email.clone())
        {
            if !emails.contains(&email) {
                emails.push(email);
            }
        }
    }
    if emails.is_empty() {
        return None;
    }
    let to: Vec<String> = emails.iter().map(|e| text::percent_encode(e)).collect();
    Some(format!(
        "mailto:{}?subject={}",
        to.join(","),
        text::percent_encode(subject)
    ))
}

pub(super) fn channels(scope: &Scope) -> Vec<Channel> {
    scope
        .plan
        .channels
        .iter()
        .filter(|(_, c)| scope.shows(c.visibility == Visibility::Internal))
        .map(|(id, channel)| self::channel(scope, id.as_str(), channel))
        .collect()
}

fn channel(scope: &Scope, id: &str, channel: &crate::model::Channel) -> Channel {
    let m = scope.m;
    let sla = channel.sla.as_ref();
    let duration =
        |d: Option<&crate::model::Spanned<crate::model::Duration>>| d.map(|d| d.to_string());
    Channel {
        id: id.to_string(),
        anchor: format!("channel-{id}"),
        kind: text::channel_kind(m, channel.kind.value),
        provider: channel.provider.as_ref().map(|p| p.value.clone()),
        purpose: RichText::from_markdown(channel.purpose.as_deref()),
        address: channel.address.as_ref().map(|a| a.value.clone()),
        url: channel.url.as_ref().map(|u| u.value.clone()),
        formal: channel.formal,
        hours: match channel.hours.as_ref().map(|h| h.value) {
            Some(Hours::Always) => m.get("hours_always"),
            _ => m.get("hours_business"),
        },
        response: duration(sla.and_then(|s| s.response.as_ref())),
        resolution: duration(sla.and_then(|s| s.resolution.as_ref())),
        urgent: duration(sla.and_then(|s| s.urgent_response.as_ref())),
        example: scope
            .compiled
            .channel(id)
            .and_then(|c| text::sla_example(m, scope.compiled, c)),
        reach: channel.address.as_ref().map(|a| a.value.clone()),
        reach_link: text::reach_link(channel),
    }
}

pub(super) fn escalations(scope: &Scope) -> Vec<Escalation> {
    scope
        .plan
        .escalations
        .iter()
        .filter(|(_, e)| scope.shows(e.visibility == Visibility::Internal))
        .map(|(id, escalation)| self::escalation(scope, id.as_str(), escalation))
        .collect()
}

fn escalation(scope: &Scope, id: &str, escalation: &crate::model::Escalation) -> Escalation {
    let m = scope.m;
    let mut waited = Waited::default();
    let steps = escalation
        .steps
        .iter()
        .enumerate()
        .map(|(index, step)| {
            waited.add(step.after.as_ref().map(|a| a.value));
            let to: Vec<String> = step.to.iter().map(|t| scope.name_of(t.as_str())).collect();
            Step {
                number: index + 1,
                to: m.list(&to),
                via: step.via.to_string(),
                after: step
                    .after
                    .as_ref()
                    .map_or_else(|| m.get("at_once"), |a| a.to_string()),
                total: waited.describe(m),
            }
        })
        .collect();
    Escalation {
        id: id.to_string(),
        anchor: format!("escalation-{id}"),
        when: escalation.when.value.clone(),
        steps,
    }
}

pub(super) fn barriers(scope: &Scope) -> Vec<Barrier> {
    scope
        .plan
        .barriers
        .iter()
        .filter(|(_, x)| scope.shows(x.visibility == Visibility::Internal))
        .map(|(id, barrier)| Barrier {
            id: id.to_string(),
            anchor: format!("barrier-{id}"),
            kind: text::barrier_kind(scope.m, barrier.kind.value),
            affects: barrier
                .affects
                .iter()
                .map(|a| scope.name_of(a.as_str()))
                .collect(),
            description: RichText::from_markdown(barrier.description.as_deref()),
            mitigation: RichText::from_markdown(barrier.mitigation.as_deref()),
            owner: scope.person_or_none(barrier.owner.as_ref()),
        })
        .collect()
}

pub(super) fn trainings(scope: &Scope) -> Vec<Training> {
    scope
        .shown(EventKind::Training)
        .filter_map(|e| Some((e.id.as_str(), scope.plan.trainings.get(&e.id)?)))
        .map(|(id, training)| {
            let event = scope.event(EventKind::Training, id);
            Training {
                id: id.to_string(),
                anchor: event_anchor(EventKind::Training, id),
                topic: training.topic.value.clone(),
                // When the session is held, a change applied.
                when: event.map(|e| scope.cadence(e)).unwrap_or_default(),
                duration: training.duration.to_string(),
                audience: training
                    .for_
                    .iter()
                    .map(|a| scope.name_of(a.as_str()))
                    .collect(),
                owner: scope.person_or_none(training.owner.as_ref()),
                channel: scope.or_none(training.channel.as_ref().map(|c| c.to_string())),
                changes: changes(scope, event),
            }
        })
        .collect()
}

pub(super) fn reviews(scope: &Scope) -> Vec<Review> {
    scope
        .shown(EventKind::Review)
        .filter_map(|e| Some((e, scope.plan.reviews.get(&e.id)?)))
        .map(|(event, review)| Review {
            id: event.id.clone(),
            anchor: event_anchor(EventKind::Review, &event.id),
            title: review.title.value.clone(),
            cadence: scope.cadence(event),
            owner: scope.person_or_none(review.owner.as_ref()),
            channel: scope.or_none(review.channel.as_ref().map(|c| c.to_string())),
            questions: review.questions.iter().map(|q| q.value.clone()).collect(),
            changes: changes(scope, Some(event)),
        })
        .collect()
}

pub(super) fn contacts(scope: &Scope) -> Vec<Contact> {
    let compiled = scope.compiled;
    let relevant = scope.view.map(|_| people_in_view(scope));
    scope
        .plan
        .people
        .iter()
        .filter(|(_, p)| scope.shows(p.visibility == Visibility::Internal))
        .filter(|(id, _)| relevant.as_ref().is_none_or(|r| r.contains(id.as_str())))
        .filter_map(|(id, person)| {
            let compiled_person = compiled.person(id.as_str())?;
            Some(Contact {
                id: id.to_string(),
                name: person.name.value.clone(),
                role: person
                    .role
                    .as_ref()
                    .map(|r| r.value.clone())
                    .unwrap_or_default(),
                email: person.email.as_ref().map(|e| e.value.clone()),
                phone: person.phone.as_ref().map(|p| p.value.clone()),
                zone: compiled_person.zone.name().to_string(),
                hours: format!("{}–{}", compiled_person.open, compiled_person.close),
                audiences: compiled
                    .audiences_of(id.as_str())
                    .map(|a| a.name.clone())
                    .collect(),
            })
        })
        .collect()
}

/// The people an audience's view names: the project's owner, the
/// audience's members, everyone in the events it shows (with their tasks'
/// owners and reports' recipients), and
/// everyone its escalations and barriers name. The directory of a view lists only them:
/// a client of a portfolio needs its own contacts, not every person of
/// every project (which made each view as long as the whole plan).
fn people_in_view<'a>(scope: &Scope<'a>) -> std::collections::BTreeSet<&'a str> {
    let compiled = scope.compiled;
    let plan = scope.plan;
    let mut people = std::collections::BTreeSet::new();
    let mut add = |id: &'a str| match compiled.audience(id) {
        Some(audience) => people.extend(audience.members.iter().map(String::as_str)),
        None => {
            people.insert(id);
        }
    };
    if let Some(project) = &plan.project {
        add(project.owner.as_str());
    }
    if let Some(view) = scope.view {
        add(view);
    }
    for event in &scope.events {
        event.attendees.iter().for_each(|p| add(p));
        if let Some(meeting) = plan
            .meetings
            .get(&event.id)
            .filter(|_| event.kind == EventKind::Meeting)
        {
            let prepare = meeting.prepare.iter().filter_map(|t| t.owner.as_ref());
            let follow_up = meeting.follow_up.iter().filter_map(|t| t.owner.as_ref());
            prepare.chain(follow_up).for_each(|o| add(o.as_str()));
        }
        // A report's recipients: the audiences' members and the people named.
        if let Some(report) = plan
            .reports
            .get(&event.id)
            .filter(|_| event.kind == EventKind::Report)
        {
            report.to.iter().for_each(|to| add(to.as_str()));
        }
    }
    for (_, escalation) in plan.escalations.iter() {
        if scope.shows(escalation.visibility == Visibility::Internal) {
            for step in &escalation.steps {
                step.to.iter().for_each(|t| add(t.as_str()));
            }
        }
    }
    for (_, barrier) in plan.barriers.iter() {
        if scope.shows(barrier.visibility == Visibility::Internal) {
            barrier.owner.iter().for_each(|o| add(o.as_str()));
            barrier.affects.iter().for_each(|a| add(a.as_str()));
        }
    }
    people
}

/// Per audience, the channels to join and the trainings to attend.
pub(super) fn onboarding(scope: &Scope) -> Vec<Onboarding> {
    scope
        .compiled
        .audiences
        .iter()
        .filter(|a| scope.view.is_none_or(|v| v == a.id))
        .map(|audience| Onboarding {
            id: audience.id.clone(),
            name: audience.name.clone(),
            channels: preferred_channels(scope, &audience.id),
            trainings: scope
                .plan
                .trainings
                .iter()
                .filter(|(_, t)| {
                    t.for_.iter().any(|f| f.as_str() == audience.id)
                        && !(audience.external && t.visibility == Visibility::Internal)
                })
                .map(|(_, t)| t.topic.value.clone())
                .collect(),
        })
        .collect()
}
