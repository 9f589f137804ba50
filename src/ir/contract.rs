//! The template contract: the types templates (and `plan.json`) see, field
//! by field. Renaming a field here breaks users' template overrides.

use std::collections::BTreeMap;

use serde::Serialize;

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
