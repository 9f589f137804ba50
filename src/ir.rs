//! The handbook's resolved data: the only thing templates see. Built from the
//! plan and its compiled form; every text already localised and, for fields
//! that allow Markdown, already made safe for HTML (`*_html`) and Markdown
//! (`*_md`). Plain texts are raw here; templates escape them for their target.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::compile::{Compiled, Event, EventKind};
use crate::i18n::Messages;
use crate::markdown;
use crate::model::{Duration, Every, Hours, On, Ordinal, Plan, Visibility};
use crate::time::{Date, Instant, Zone};

#[derive(Clone, Debug, Serialize)]
pub struct Handbook {
    pub lang: String,
    /// The message catalogue, for the templates' fixed strings.
    pub t: BTreeMap<String, String>,
    pub project: Project,
    /// The audience this view is for, or `None` for the whole plan.
    pub view: Option<Link>,
    pub goals: Vec<Goal>,
    pub matrix: Vec<MatrixRow>,
    pub weeks: Vec<Week>,
    pub meetings: Vec<Meeting>,
    pub reports: Vec<Report>,
    pub channels: Vec<Channel>,
    pub norms: Vec<String>,
    pub escalations: Vec<Escalation>,
    pub barriers: Vec<Barrier>,
    pub trainings: Vec<Training>,
    pub reviews: Vec<Review>,
    pub contacts: Vec<Contact>,
    pub onboarding: Vec<Onboarding>,
    /// What changed since the previous plan (`plan build --previous`), as sentences.
    pub changelog: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Project {
    pub name: String,
    pub client: Option<String>,
    pub summary_html: String,
    pub summary_md: String,
    pub owner: String,
    pub zone: String,
    pub dates: String,
}

/// A name and the anchor of its section.
#[derive(Clone, Debug, Serialize)]
pub struct Link {
    pub id: String,
    pub name: String,
    pub anchor: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Goal {
    pub anchor: String,
    pub title: String,
    pub measure: Option<String>,
    pub served_by: Vec<Link>,
}

#[derive(Clone, Debug, Serialize)]
pub struct MatrixRow {
    pub audience: Link,
    pub what: Link,
    pub kind: String,
    pub channel: String,
    pub cadence: String,
    pub owner: String,
    pub sla: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Week {
    pub zone: String,
    pub label: String,
    pub days: Vec<WeekDay>,
}

#[derive(Clone, Debug, Serialize)]
pub struct WeekDay {
    pub name: String,
    pub items: Vec<WeekItem>,
}

#[derive(Clone, Debug, Serialize)]
pub struct WeekItem {
    pub start: String,
    /// Empty for a moment (a report's due time).
    pub end: String,
    pub title: String,
    pub anchor: String,
    pub kind: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Task {
    pub task: String,
    pub when: String,
    pub owner: String,
    pub via: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Meeting {
    pub id: String,
    pub anchor: String,
    pub title: String,
    pub purpose_html: String,
    pub purpose_md: String,
    pub cadence: String,
    pub duration: String,
    pub channel: String,
    pub link: Option<String>,
    pub dial_in: Option<String>,
    pub owner: String,
    pub attendees: Vec<String>,
    pub agenda: Vec<String>,
    pub prepare: Vec<Task>,
    pub follow_up: Vec<Task>,
    /// The next occurrence's date, for checklists.
    pub next: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub id: String,
    pub anchor: String,
    pub title: String,
    pub from: String,
    pub to: Vec<String>,
    pub channel: String,
    pub cadence: String,
    pub subject: Option<String>,
    pub sections: Vec<String>,
    pub max_words: Option<String>,
    /// The subject of the next report, its `{date}` filled in.
    pub email_subject: String,
    /// `mailto:` the recipients with that subject, percent-encoded.
    pub mailto: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Channel {
    pub id: String,
    pub anchor: String,
    pub kind: String,
    pub provider: Option<String>,
    pub purpose_html: String,
    pub purpose_md: String,
    pub address: Option<String>,
    pub url: Option<String>,
    pub formal: bool,
    pub hours: String,
    pub response: Option<String>,
    pub resolution: Option<String>,
    pub urgent: Option<String>,
    /// "A message on Fri 2026-03-06 17:30 is answered by Mon 2026-03-09 10:30."
    pub example: Option<String>,
    /// How to reach the channel: its address, group or channel name.
    pub reach: Option<String>,
    /// A link that opens the channel, where the provider has one.
    pub reach_link: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Escalation {
    pub id: String,
    pub anchor: String,
    pub when: String,
    pub steps: Vec<Step>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Step {
    pub number: usize,
    pub to: String,
    pub via: String,
    pub after: String,
    pub total: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Barrier {
    pub id: String,
    pub anchor: String,
    pub kind: String,
    pub affects: Vec<String>,
    pub description_html: String,
    pub description_md: String,
    pub mitigation_html: String,
    pub mitigation_md: String,
    pub owner: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Training {
    pub id: String,
    pub anchor: String,
    pub topic: String,
    pub when: String,
    pub duration: String,
    pub audience: Vec<String>,
    pub owner: String,
    pub channel: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Review {
    pub id: String,
    pub anchor: String,
    pub title: String,
    pub cadence: String,
    pub owner: String,
    pub channel: String,
    pub questions: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Contact {
    pub id: String,
    pub name: String,
    pub role: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub zone: String,
    pub hours: String,
    pub audiences: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Onboarding {
    pub id: String,
    pub name: String,
    pub channels: Vec<String>,
    pub trainings: Vec<String>,
}

/// The whole plan's handbook (`view: None`) or one audience's view of it.
pub fn handbook(
    plan: &Plan,
    compiled: &Compiled,
    messages: &Messages,
    view: Option<&str>,
) -> Handbook {
    let b = Builder {
        plan,
        compiled,
        m: messages,
        external: view
            .and_then(|v| compiled.audience(v))
            .is_some_and(|a| a.external),
    };
    let project = plan.project.as_ref();
    let dash = messages.get("none");
    // What this view shows: everything, or what addresses the audience.
    let visible_events: Vec<&Event> = compiled
        .events
        .iter()
        .filter(|e| b.shows(e.internal))
        .filter(|e| view.is_none_or(|v| e.audiences.iter().any(|a| a == v)))
        .collect();
    let shown =
        |kind: EventKind, id: &str| visible_events.iter().any(|e| e.kind == kind && e.id == id);
    Handbook {
        lang: messages.lang.to_string(),
        t: messages.strings.clone(),
        project: Project {
            name: compiled.name.clone(),
            client: project
                .and_then(|p| p.client.as_ref())
                .map(|c| c.value.clone()),
            summary_html: project
                .and_then(|p| p.summary.as_ref())
                .map(|s| markdown::to_html(s))
                .unwrap_or_default(),
            summary_md: project
                .and_then(|p| p.summary.as_ref())
                .map(|s| markdown::to_markdown(s))
                .unwrap_or_default(),
            owner: project
                .map(|p| b.person_name(p.owner.as_str()))
                .unwrap_or_default(),
            zone: compiled.zone.name().to_string(),
            dates: match compiled.end {
                Some(end) => format!("{} – {end}", compiled.start),
                None => compiled.start.to_string(),
            },
        },
        view: view.and_then(|v| compiled.audience(v)).map(|a| Link {
            id: a.id.clone(),
            name: a.name.clone(),
            anchor: format!("audience-{}", a.id),
        }),
        goals: plan
            .goals
            .iter()
            .filter(|(_, g)| b.shows(g.visibility == Visibility::Internal))
            .map(|(id, goal)| Goal {
                anchor: format!("goal-{id}"),
                title: goal.title.value.clone(),
                measure: goal.measure.as_ref().map(|m| m.value.clone()),
                served_by: b
                    .serving(id.as_str())
                    .into_iter()
                    .filter(|link| {
                        let kind = if link.anchor.starts_with("meeting-") {
                            EventKind::Meeting
                        } else {
                            EventKind::Report
                        };
                        shown(kind, &link.id)
                    })
                    .collect(),
            })
            .collect(),
        matrix: b.matrix(&visible_events, view),
        weeks: b.weeks(&visible_events, view),
        meetings: plan
            .meetings
            .iter()
            .filter(|(id, _)| shown(EventKind::Meeting, id.as_str()))
            .map(|(id, meeting)| {
                let event = compiled
                    .events
                    .iter()
                    .find(|e| e.kind == EventKind::Meeting && e.id == id.as_str());
                let owner = meeting
                    .owner
                    .as_ref()
                    .map(|o| b.person_name(o.as_str()))
                    .unwrap_or_else(|| dash.clone());
                let task = |task: &str, when: String, who: Option<&str>, via: Option<&str>| Task {
                    task: task.to_string(),
                    when,
                    owner: who.map_or_else(|| owner.clone(), |p| b.person_name(p)),
                    via: via.unwrap_or_default().to_string(),
                };
                Meeting {
                    id: id.to_string(),
                    anchor: format!("meeting-{id}"),
                    title: meeting.title.value.clone(),
                    purpose_html: meeting
                        .purpose
                        .as_ref()
                        .map(|p| markdown::to_html(p))
                        .unwrap_or_default(),
                    purpose_md: meeting
                        .purpose
                        .as_ref()
                        .map(|p| markdown::to_markdown(p))
                        .unwrap_or_default(),
                    cadence: event.map(|e| b.cadence(e)).unwrap_or_default(),
                    duration: meeting
                        .schedule
                        .duration
                        .as_ref()
                        .map(|d| d.to_string())
                        .unwrap_or_default(),
                    channel: meeting
                        .channel
                        .as_ref()
                        .map(|c| c.to_string())
                        .unwrap_or_else(|| dash.clone()),
                    link: event.and_then(|e| e.url.clone()),
                    dial_in: meeting.dial_in.as_ref().map(|d| d.value.clone()),
                    owner: owner.clone(),
                    attendees: event
                        .map(|e| e.attendees.iter().map(|p| b.person_name(p)).collect())
                        .unwrap_or_default(),
                    agenda: meeting.agenda.iter().map(|a| a.value.clone()).collect(),
                    prepare: meeting
                        .prepare
                        .iter()
                        .map(|t| {
                            task(
                                &t.task,
                                messages
                                    .fill("before_meeting", &[("duration", &t.before.to_string())]),
                                t.owner.as_ref().map(|o| o.as_str()),
                                t.via.as_ref().map(|v| v.as_str()),
                            )
                        })
                        .collect(),
                    follow_up: meeting
                        .follow_up
                        .iter()
                        .map(|t| {
                            task(
                                &t.task,
                                messages
                                    .fill("after_meeting", &[("duration", &t.within.to_string())]),
                                t.owner.as_ref().map(|o| o.as_str()),
                                t.via.as_ref().map(|v| v.as_str()),
                            )
                        })
                        .collect(),
                    next: event.and_then(|e| {
                        e.first_occurrence(
                            &compiled.work_week,
                            e.recurrence.until.unwrap_or(compiled.start),
                        )
                        .map(|o| b.long_date(o.date))
                    }),
                }
            })
            .collect(),
        reports: plan
            .reports
            .iter()
            .filter(|(id, _)| shown(EventKind::Report, id.as_str()))
            .map(|(id, report)| {
                let event = compiled
                    .events
                    .iter()
                    .find(|e| e.kind == EventKind::Report && e.id == id.as_str());
                let format = report
                    .format
                    .as_ref()
                    .and_then(|f| plan.formats.get(f.as_str()));
                Report {
                    id: id.to_string(),
                    anchor: format!("report-{id}"),
                    title: report.title.value.clone(),
                    from: report
                        .from
                        .as_ref()
                        .map(|f| b.person_name(f.as_str()))
                        .unwrap_or_else(|| dash.clone()),
                    to: report.to.iter().map(|t| b.name_of(t.as_str())).collect(),
                    channel: report.channel.to_string(),
                    cadence: event.map(|e| b.cadence(e)).unwrap_or_default(),
                    subject: format
                        .and_then(|f| f.subject.as_ref())
                        .map(|s| s.value.clone()),
                    sections: format
                        .map(|f| f.sections.iter().map(|s| s.value.clone()).collect())
                        .unwrap_or_default(),
                    max_words: format
                        .and_then(|f| f.max_words.as_ref())
                        .map(|n| messages.fill("max_words", &[("n", &n.to_string())])),
                    email_subject: b.subject(report, format, event),
                    mailto: b.mailto(report, format, event),
                }
            })
            .collect(),
        channels: plan
            .channels
            .iter()
            .filter(|(_, c)| b.shows(c.visibility == Visibility::Internal))
            .map(|(id, channel)| b.channel(id.as_str(), channel))
            .collect(),
        norms: plan.norms.iter().map(|n| n.value.clone()).collect(),
        escalations: plan
            .escalations
            .iter()
            .filter(|(_, e)| b.shows(e.visibility == Visibility::Internal))
            .map(|(id, escalation)| b.escalation(id.as_str(), escalation))
            .collect(),
        barriers: plan
            .barriers
            .iter()
            .filter(|(_, x)| b.shows(x.visibility == Visibility::Internal))
            .map(|(id, barrier)| Barrier {
                id: id.to_string(),
                anchor: format!("barrier-{id}"),
                kind: b.barrier_kind(barrier.kind.value),
                affects: barrier
                    .affects
                    .iter()
                    .map(|a| b.name_of(a.as_str()))
                    .collect(),
                description_html: barrier
                    .description
                    .as_ref()
                    .map(|d| markdown::to_html(d))
                    .unwrap_or_default(),
                description_md: barrier
                    .description
                    .as_ref()
                    .map(|d| markdown::to_markdown(d))
                    .unwrap_or_default(),
                mitigation_html: barrier
                    .mitigation
                    .as_ref()
                    .map(|d| markdown::to_html(d))
                    .unwrap_or_default(),
                mitigation_md: barrier
                    .mitigation
                    .as_ref()
                    .map(|d| markdown::to_markdown(d))
                    .unwrap_or_default(),
                owner: barrier
                    .owner
                    .as_ref()
                    .map(|o| b.person_name(o.as_str()))
                    .unwrap_or_else(|| dash.clone()),
            })
            .collect(),
        trainings: plan
            .trainings
            .iter()
            .filter(|(id, _)| shown(EventKind::Training, id.as_str()))
            .map(|(id, training)| Training {
                id: id.to_string(),
                anchor: format!("training-{id}"),
                topic: training.topic.value.clone(),
                when: messages.fill(
                    "once",
                    &[
                        ("date", &b.long_date(training.date.value)),
                        ("time", &training.at.to_string()),
                    ],
                ) + &format!(
                    " ({})",
                    training
                        .timezone
                        .as_ref()
                        .map_or(compiled.zone.name(), |z| z.name())
                ),
                duration: training.duration.to_string(),
                audience: training
                    .for_
                    .iter()
                    .map(|a| b.name_of(a.as_str()))
                    .collect(),
                owner: training
                    .owner
                    .as_ref()
                    .map(|o| b.person_name(o.as_str()))
                    .unwrap_or_else(|| dash.clone()),
                channel: training
                    .channel
                    .as_ref()
                    .map(|c| c.to_string())
                    .unwrap_or_else(|| dash.clone()),
            })
            .collect(),
        reviews: plan
            .reviews
            .iter()
            .filter(|(id, _)| shown(EventKind::Review, id.as_str()))
            .map(|(id, review)| Review {
                id: id.to_string(),
                anchor: format!("review-{id}"),
                title: review.title.value.clone(),
                cadence: compiled
                    .events
                    .iter()
                    .find(|e| e.kind == EventKind::Review && e.id == id.as_str())
                    .map(|e| b.cadence(e))
                    .unwrap_or_default(),
                owner: review
                    .owner
                    .as_ref()
                    .map(|o| b.person_name(o.as_str()))
                    .unwrap_or_else(|| dash.clone()),
                channel: review
                    .channel
                    .as_ref()
                    .map(|c| c.to_string())
                    .unwrap_or_else(|| dash.clone()),
                questions: review.questions.iter().map(|q| q.value.clone()).collect(),
            })
            .collect(),
        contacts: plan
            .people
            .iter()
            .filter(|(_, p)| b.shows(p.visibility == Visibility::Internal))
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
                        .audiences
                        .iter()
                        .filter(|a| a.members.iter().any(|m| m == id.as_str()))
                        .map(|a| a.name.clone())
                        .collect(),
                })
            })
            .collect(),
        onboarding: compiled
            .audiences
            .iter()
            .filter(|a| view.is_none_or(|v| v == a.id))
            .map(|audience| Onboarding {
                id: audience.id.clone(),
                name: audience.name.clone(),
                channels: plan
                    .audiences
                    .get(&audience.id)
                    .map(|a| a.channels.iter().map(|c| c.to_string()).collect())
                    .unwrap_or_default(),
                trainings: plan
                    .trainings
                    .iter()
                    .filter(|(_, t)| {
                        t.for_.iter().any(|f| f.as_str() == audience.id)
                            && !(audience.external && t.visibility == Visibility::Internal)
                    })
                    .map(|(_, t)| t.topic.value.clone())
                    .collect(),
            })
            .collect(),
        changelog: Vec::new(),
    }
}

struct Builder<'a> {
    plan: &'a Plan,
    compiled: &'a Compiled,
    m: &'a Messages,
    /// An external audience's view: internal items are left out.
    external: bool,
}

impl Builder<'_> {
    fn channel_kind(&self, kind: crate::model::ChannelKind) -> String {
        self.m.get(&format!("channel_kind_{}", kind.as_str()))
    }

    fn barrier_kind(&self, kind: crate::model::BarrierKind) -> String {
        use crate::model::BarrierKind as K;
        let key = match kind {
            K::Language => "language",
            K::Culture => "culture",
            K::Timezone => "timezone",
            K::Technical => "technical",
            K::Other => "other",
        };
        self.m.get(&format!("barrier_kind_{key}"))
    }

    /// The next report's subject: the format's, `{date}` filled in, or the title and date.
    fn subject(
        &self,
        report: &crate::model::Report,
        format: Option<&crate::model::Format>,
        event: Option<&Event>,
    ) -> String {
        let date = event
            .and_then(|e| {
                e.first_occurrence(
                    &self.compiled.work_week,
                    e.recurrence.until.unwrap_or(self.compiled.start),
                )
                .map(|o| o.date.to_string())
            })
            .unwrap_or_default();
        match format.and_then(|f| f.subject.as_ref()) {
            Some(subject) => subject.replace("{date}", &date),
            None => format!("{} – {date}", report.title.value),
        }
    }

    /// `mailto:` the report's recipients (people, and audiences' members) with the subject.
    fn mailto(
        &self,
        report: &crate::model::Report,
        format: Option<&crate::model::Format>,
        event: Option<&Event>,
    ) -> Option<String> {
        let mut emails: Vec<String> = Vec::new();
        for target in report.to.iter() {
            let people: Vec<&str> = match self.compiled.audience(target.as_str()) {
                Some(audience) => audience.members.iter().map(String::as_str).collect(),
                None => vec![target.as_str()],
            };
            for email in people
                .into_iter()
                .filter_map(|p| self.compiled.person(p))
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
        let to: Vec<String> = emails.iter().map(|e| percent_encode(e)).collect();
        Some(format!(
            "mailto:{}?subject={}",
            to.join(","),
            percent_encode(&self.subject(report, format, event))
        ))
    }

    fn shows(&self, internal: bool) -> bool {
        !(self.external && internal)
    }

    fn person_name(&self, id: &str) -> String {
        self.compiled
            .person(id)
            .map_or_else(|| id.to_string(), |p| p.name.clone())
    }

    /// A person's or an audience's name.
    fn name_of(&self, id: &str) -> String {
        self.compiled
            .audience(id)
            .map(|a| a.name.clone())
            .unwrap_or_else(|| self.person_name(id))
    }

    fn long_date(&self, date: Date) -> String {
        self.m.fill(
            "date_long",
            &[
                ("weekday", &self.m.weekday(date.weekday())),
                ("date", &date.to_string()),
            ],
        )
    }

    fn serving(&self, goal: &str) -> Vec<Link> {
        let meetings = self
            .plan
            .meetings
            .iter()
            .filter(|(_, m)| m.goals.iter().any(|g| g.as_str() == goal))
            .map(|(id, m)| Link {
                id: id.to_string(),
                name: m.title.value.clone(),
                anchor: format!("meeting-{id}"),
            });
        let reports = self
            .plan
            .reports
            .iter()
            .filter(|(_, r)| r.goals.iter().any(|g| g.as_str() == goal))
            .map(|(id, r)| Link {
                id: id.to_string(),
                name: r.title.value.clone(),
                anchor: format!("report-{id}"),
            });
        meetings.chain(reports).collect()
    }

    /// "every week on Tuesday at 16:00 (Asia/Shanghai)".
    fn cadence(&self, event: &Event) -> String {
        let r = &event.recurrence;
        let m = self.m;
        if event.single {
            let once = m.fill(
                "once",
                &[
                    ("date", &self.long_date(r.from)),
                    ("time", &r.at.to_string()),
                ],
            );
            return format!("{once} ({})", r.zone.name());
        }
        let days = |days: &[crate::model::Weekday]| {
            m.list(&days.iter().map(|d| m.weekday(*d)).collect::<Vec<_>>())
        };
        let nth = |o: Ordinal| m.get(&format!("nth_{}", o.as_str()));
        let cadence = match (r.every, &r.on) {
            (Every::Day, _) => m.get("every_day"),
            (Every::Weekday, _) => m.get("every_weekday"),
            (Every::Weeks(n), _) => {
                let list = days(&r.weekly_days(&self.compiled.work_week));
                if n == 1 {
                    m.fill("every_week", &[("days", &list)])
                } else {
                    m.fill("every_n_weeks", &[("n", &n.to_string()), ("days", &list)])
                }
            }
            (Every::Months(_) | Every::Quarter, on) => {
                let n = match r.every {
                    Every::Months(n) => n,
                    _ => 3,
                };
                let n_text = n.to_string();
                match on {
                    Some(On::NthWeekday(o, d)) if n == 1 => m.fill(
                        "every_month_nth",
                        &[("nth", &nth(*o)), ("day", &m.weekday(*d))],
                    ),
                    Some(On::NthWeekday(o, d)) => m.fill(
                        "every_n_months_nth",
                        &[("n", &n_text), ("nth", &nth(*o)), ("day", &m.weekday(*d))],
                    ),
                    Some(On::DayOfMonth(day)) if n == 1 => {
                        m.fill("every_month_day", &[("day", &day.to_string())])
                    }
                    Some(On::DayOfMonth(day)) => m.fill(
                        "every_n_months_day",
                        &[("n", &n_text), ("day", &day.to_string())],
                    ),
                    _ if n == 1 => m.fill("every_month_day", &[("day", &r.from.day().to_string())]),
                    _ => m.fill(
                        "every_n_months_day",
                        &[("n", &n_text), ("day", &r.from.day().to_string())],
                    ),
                }
            }
        };
        format!(
            "{} ({})",
            m.fill(
                "at_time",
                &[("cadence", &cadence), ("time", &r.at.to_string())]
            ),
            r.zone.name()
        )
    }

    fn matrix(&self, events: &[&Event], view: Option<&str>) -> Vec<MatrixRow> {
        let mut rows = Vec::new();
        for audience in self
            .compiled
            .audiences
            .iter()
            .filter(|a| view.is_none_or(|v| v == a.id))
        {
            let link = Link {
                id: audience.id.clone(),
                name: audience.name.clone(),
                anchor: format!("audience-{}", audience.id),
            };
            for event in events.iter().filter(|e| e.audiences.contains(&audience.id)) {
                let channel = event.channel.clone().unwrap_or_else(|| self.m.get("none"));
                rows.push(MatrixRow {
                    audience: link.clone(),
                    what: Link {
                        id: event.id.clone(),
                        name: event.title.clone(),
                        anchor: format!("{}-{}", event.kind.as_str(), event.id),
                    },
                    kind: self.m.get(&format!("kind_{}", event.kind.as_str())),
                    sla: self.sla_of(event.channel.as_deref()),
                    channel,
                    cadence: self.cadence(event),
                    owner: event
                        .organizer
                        .as_deref()
                        .map_or_else(|| self.m.get("none"), |o| self.person_name(o)),
                });
            }
            for channel in self
                .plan
                .audiences
                .get(&audience.id)
                .map(|a| a.channels.iter().map(|c| c.to_string()).collect::<Vec<_>>())
                .unwrap_or_default()
            {
                rows.push(MatrixRow {
                    audience: link.clone(),
                    what: Link {
                        id: channel.clone(),
                        name: self.m.get("kind_preferred"),
                        anchor: format!("channel-{channel}"),
                    },
                    kind: self.m.get("kind_preferred"),
                    sla: self.sla_of(Some(&channel)),
                    channel,
                    cadence: self.m.get("none"),
                    owner: self.m.get("none"),
                });
            }
        }
        rows
    }

    fn sla_of(&self, channel: Option<&str>) -> String {
        channel
            .and_then(|c| self.compiled.channel(c))
            .and_then(|c| c.response)
            .map_or_else(|| self.m.get("none"), |d| d.to_string())
    }

    /// The first full week of the project (Monday to Sunday), in the
    /// project's zone and in each external audience's member zones.
    fn weeks(&self, events: &[&Event], view: Option<&str>) -> Vec<Week> {
        let monday = {
            let start = self.compiled.start;
            if start.weekday() == crate::model::Weekday::Mon {
                start
            } else {
                start.monday().add_days(7).unwrap_or(start)
            }
        };
        let mut zones: Vec<Zone> = vec![self.compiled.zone.clone()];
        for audience in self
            .compiled
            .audiences
            .iter()
            .filter(|a| a.external && view.is_none_or(|v| v == a.id))
        {
            for member in audience
                .members
                .iter()
                .filter_map(|m| self.compiled.person(m))
            {
                if !zones.contains(&member.zone) {
                    zones.push(member.zone.clone());
                }
            }
        }
        // A day of slack either side: the week is shown in other zones too.
        let first = monday.add_days(-1).unwrap_or(monday);
        let through = monday.add_days(8).unwrap_or(monday);
        let mut items: Vec<(Instant, Instant, &Event)> = Vec::new();
        for event in events.iter().filter(|e| !e.single) {
            let week = event.expand_between(&self.compiled.work_week, first, through);
            for occurrence in week.occurrences {
                items.push((occurrence.start, occurrence.end, event));
            }
        }
        items.sort_by(|a, b| (a.0, &a.2.id).cmp(&(b.0, &b.2.id)));
        zones
            .iter()
            .map(|zone| {
                let days = (0..7)
                    .filter_map(|offset| monday.add_days(offset))
                    .map(|day| WeekDay {
                        name: self.m.weekday(day.weekday()),
                        items: items
                            .iter()
                            .filter(|(start, _, _)| start.local(zone).date == day)
                            .map(|(start, end, event)| WeekItem {
                                start: start.local(zone).time.to_string(),
                                // A report is due at a moment: no end.
                                end: if end > start {
                                    end.local(zone).time.to_string()
                                } else {
                                    String::new()
                                },
                                title: event.title.clone(),
                                anchor: format!("{}-{}", event.kind.as_str(), event.id),
                                kind: event.kind.as_str().to_string(),
                            })
                            .collect(),
                    })
                    .collect();
                Week {
                    zone: zone.name().to_string(),
                    label: self.m.fill("week_in", &[("zone", zone.name())]),
                    days,
                }
            })
            .collect()
    }

    fn channel(&self, id: &str, channel: &crate::model::Channel) -> Channel {
        let compiled = self.compiled.channel(id);
        let example = compiled.and_then(|c| {
            let response = c.response?;
            let clock = self.compiled.business_clock(c);
            // The first Friday of the project, 30 minutes before closing: the
            // case people ask about.
            let mut friday = self.compiled.start;
            while friday.weekday() != crate::model::Weekday::Fri {
                friday = friday.add_days(1)?;
            }
            let minutes = i64::from(clock.close.minutes_from_midnight()) - 30;
            let at = crate::model::TimeOfDay {
                hour: u8::try_from(minutes / 60).ok()?,
                minute: u8::try_from(minutes % 60).ok()?,
            };
            let sent = Instant::at_local(friday, at, &clock.zone)?;
            let due = clock.due(sent, response)?;
            let describe = |i: Instant| {
                let local = i.local(&clock.zone);
                format!("{} {}", self.long_date(local.date), local.time)
            };
            Some(self.m.fill(
                "sla_example",
                &[("sent", &describe(sent)), ("due", &describe(due))],
            ))
        });
        let sla = channel.sla.as_ref();
        let text = |d: Option<&crate::model::Spanned<Duration>>| d.map(|d| d.to_string());
        Channel {
            id: id.to_string(),
            anchor: format!("channel-{id}"),
            kind: self.channel_kind(channel.kind.value),
            provider: channel.provider.as_ref().map(|p| p.value.clone()),
            purpose_html: channel
                .purpose
                .as_ref()
                .map(|p| markdown::to_html(p))
                .unwrap_or_default(),
            purpose_md: channel
                .purpose
                .as_ref()
                .map(|p| markdown::to_markdown(p))
                .unwrap_or_default(),
            address: channel.address.as_ref().map(|a| a.value.clone()),
            url: channel.url.as_ref().map(|u| u.value.clone()),
            formal: channel.formal,
            hours: match channel.hours.as_ref().map(|h| h.value) {
                Some(Hours::Always) => self.m.get("hours_always"),
                _ => self.m.get("hours_business"),
            },
            response: text(sla.and_then(|s| s.response.as_ref())),
            resolution: text(sla.and_then(|s| s.resolution.as_ref())),
            urgent: text(sla.and_then(|s| s.urgent_response.as_ref())),
            example,
            reach: channel.address.as_ref().map(|a| a.value.clone()),
            reach_link: reach_link(channel),
        }
    }

    fn escalation(&self, id: &str, escalation: &crate::model::Escalation) -> Escalation {
        let mut total_business = (0u64, 0u64);
        let mut total_calendar = 0u64;
        let steps = escalation
            .steps
            .iter()
            .enumerate()
            .map(|(index, step)| {
                match step.after.as_ref().map(|a| a.value) {
                    Some(Duration::Business { days, minutes }) => {
                        total_business.0 += days;
                        total_business.1 += minutes;
                    }
                    Some(Duration::Calendar { minutes }) => total_calendar += minutes,
                    None => {}
                }
                let mut total = Vec::new();
                if total_business != (0, 0) {
                    total.push(
                        Duration::Business {
                            days: total_business.0,
                            minutes: total_business.1,
                        }
                        .to_string(),
                    );
                }
                if total_calendar > 0 {
                    total.push(
                        Duration::Calendar {
                            minutes: total_calendar,
                        }
                        .to_string(),
                    );
                }
                Step {
                    number: index + 1,
                    to: self.m.list(
                        &step
                            .to
                            .iter()
                            .map(|t| self.name_of(t.as_str()))
                            .collect::<Vec<_>>(),
                    ),
                    via: step.via.to_string(),
                    after: step
                        .after
                        .as_ref()
                        .map_or_else(|| self.m.get("at_once"), |a| a.to_string()),
                    total: if total.is_empty() {
                        self.m.get("at_once")
                    } else {
                        total.join(" + ")
                    },
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
}

/// Percent-encodes everything but RFC 3986's unreserved characters (and `@`
/// in addresses), as UTF-8: a `mailto:` link then survives any mail client.
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'@') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// A link that opens a channel: its `url`, or a Slack channel by name
/// (Slack documents `app_redirect`); other chat products have no public link
/// scheme, so their group name is shown as text.
fn reach_link(channel: &crate::model::Channel) -> Option<String> {
    if let Some(url) = &channel.url {
        return Some(url.value.clone());
    }
    match (
        channel.provider.as_ref().map(|p| p.as_str()),
        channel.address.as_ref(),
    ) {
        (Some("slack"), Some(address)) => Some(format!(
            "https://slack.com/app_redirect?channel={}",
            percent_encode(address.trim_start_matches('#'))
        )),
        (_, Some(address)) if channel.kind.value == crate::model::ChannelKind::Email => {
            Some(format!("mailto:{}", percent_encode(address)))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_encoding_is_utf8() {
        assert_eq!(
            percent_encode("[Atlas] Weekly status – 2026-03-06"),
            "%5BAtlas%5D%20Weekly%20status%20%E2%80%93%202026-03-06"
        );
        assert_eq!(percent_encode("周报"), "%E5%91%A8%E6%8A%A5");
        assert_eq!(percent_encode("a.b@c.example"), "a.b@c.example");
    }
}
