//! The template contract: the types templates (and `plan.json`) see, field
//! by field. Renaming a field here breaks users' template overrides.

use std::collections::BTreeMap;

use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Handbook {
    pub lang: String,
    /// The message catalogue, for the templates' fixed strings.
    pub t: BTreeMap<String, String>,
    pub project: Project,
    /// The audience this view is for, or `None` for the whole plan.
    pub view: Option<Link>,
    pub goals: Vec<Goal>,
    pub matrix: Vec<MatrixRow>,
    /// Per audience, the channels that reach it ("How to reach us").
    pub audience_channels: Vec<AudienceChannels>,
    pub weeks: Vec<Week>,
    pub meetings: Vec<Meeting>,
    pub reports: Vec<Report>,
    pub channels: Vec<Channel>,
    /// How reply times are counted ("How we count response times").
    pub clock: Clock,
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

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Project {
    pub name: String,
    pub client: Option<String>,
    #[serde(flatten, serialize_with = "RichText::as_summary")]
    pub summary: RichText,
    pub owner: String,
    pub zone: String,
    pub dates: String,
}

/// A name and the anchor of its section.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Link {
    pub id: String,
    pub name: String,
    pub anchor: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Goal {
    pub anchor: String,
    pub title: String,
    pub measure: Option<String>,
    pub served_by: Vec<Link>,
}

/// One activity for one audience.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MatrixRow {
    pub audience: Link,
    pub what: Link,
    pub kind: String,
    /// The channel's name.
    pub channel: String,
    pub cadence: String,
    pub owner: String,
    /// The reply time that applies, in words: a report's channel's first
    /// response; the "none" dash for a meeting, which nobody replies to.
    pub sla: String,
}

/// The channels that reach one audience.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AudienceChannels {
    pub audience: Link,
    pub channels: Vec<ChannelReach>,
}

/// One way to reach an audience: a channel, where to find it, how fast it answers.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ChannelReach {
    pub id: String,
    pub name: String,
    /// The anchor of the channel's row in the channels table.
    pub anchor: String,
    pub reach: Option<String>,
    pub reach_link: Option<String>,
    /// The first response, in words.
    pub response: Option<String>,
}

/// The business clock, spelled out: whose working time counts, the days
/// off and on, and what a business day means.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Clock {
    pub working_times: Vec<WorkingTime>,
    /// "Monday 2026-04-06", in date order.
    pub holidays: Vec<String>,
    /// The weekend days worked, in date order.
    pub extra_workdays: Vec<String>,
    /// What "1 business day" means on the first clock.
    pub business_day: String,
    /// A message sent on a Friday afternoon and when it is answered, in the
    /// reader's zone (and the clock's where it differs).
    pub example: Option<String>,
}

/// Working days and hours in one zone, and whose they are.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WorkingTime {
    /// "Reply times on Email and Slack", "Project team: Li Wei and Chen Jie".
    pub who: String,
    pub zone: String,
    /// "Monday to Friday".
    pub days: String,
    /// "09:00–18:00".
    pub hours: String,
}

/// A typical week in the reader's zone. `Handbook::weeks` holds one (a list,
/// so that template overrides keep working).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Week {
    /// The reader's zone, as an IANA name.
    pub zone: String,
    /// "A typical week, times in Munich".
    pub label: String,
    /// Where daylight saving moves times within the project: the dates the
    /// week and its bands hold (each item names its other times).
    pub holds: Option<String>,
    /// Monday to Sunday: each recurring item on each weekday it falls on.
    pub days: Vec<WeekDay>,
    /// Items on a day of the month rather than a weekday.
    pub dated: Vec<WeekItem>,
    /// The working hours of each zone the view involves, the reader's first.
    pub bands: Vec<Band>,
    /// The hours all bands share, on the reader's weekdays (named where they
    /// are not the reader's working days), with their other hours through
    /// the project in its `note`; `None` with fewer than two bands.
    pub overlap: Option<Band>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WeekDay {
    pub name: String,
    pub items: Vec<WeekItem>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WeekItem {
    /// The usual start in the reader's zone.
    pub start: String,
    /// Empty for a moment (a report's due time).
    pub end: String,
    pub title: String,
    pub anchor: String,
    pub kind: String,
    /// "every week", "every 2 weeks", "1st Wed monthly", "quarterly".
    pub frequency: String,
    /// Its own time in its own zone, where that differs: "16:00 Shanghai".
    pub own: Option<String>,
    /// Its times through the project, where daylight saving moves them:
    /// "09:00 until 28 Mar, then 10:00".
    pub note: Option<String>,
    /// Its own zone, as an IANA name.
    pub zone: String,
}

/// One zone's working hours on the reader's day, drawn as a band.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Band {
    /// "Shanghai (project)", "Munich".
    pub name: String,
    /// The zone, as an IANA name.
    pub zone: String,
    /// In its own zone: "09:00–18:00 Shanghai, Mon–Fri".
    pub hours: String,
    /// In the reader's zone, where that is another: "03:00–12:00 Munich";
    /// with the reader's weekdays where they are not its own: "04:00–12:00
    /// Auckland, Tue–Sat".
    pub local: Option<String>,
    /// Where daylight saving moves the band: "02:00–11:00 until 28 Mar, then 03:00–12:00".
    pub note: Option<String>,
    /// The hours it shares with the reader's band, judged per reader's
    /// weekday: "overlap: 09:00–12:00 Munich", "overlap: 16:00–17:00 Los
    /// Angeles, Mon–Thu (14:00–17:00 until 7 Mar, then 16:00–17:00)".
    pub shared: Option<String>,
    /// The reader's day it covers, in minutes from midnight.
    pub segments: Vec<Segment>,
    /// Whether this is the reader's own zone.
    pub reader: bool,
}

/// A stretch of the reader's day: `start` and `width` in minutes (0..1440).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Segment {
    pub start: u32,
    pub width: u32,
    /// "09:00–12:00".
    pub label: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Task {
    pub task: String,
    pub when: String,
    pub owner: String,
    pub via: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Meeting {
    pub id: String,
    pub anchor: String,
    pub title: String,
    #[serde(flatten, serialize_with = "RichText::as_purpose")]
    pub purpose: RichText,
    pub cadence: String,
    /// Its own zone (the schedule's), as an IANA name: `cadence` names cities.
    pub zone: String,
    /// `45m`, as written.
    pub duration: String,
    /// "45 minutes".
    pub duration_words: String,
    /// The channel's name.
    pub channel: String,
    pub link: Option<String>,
    pub dial_in: Option<String>,
    pub owner: String,
    pub attendees: Vec<String>,
    pub agenda: Vec<String>,
    pub prepare: Vec<Task>,
    pub follow_up: Vec<Task>,
    /// The first occurrence's date on the reader's clock, for checklists.
    pub next: Option<String>,
    pub changes: Vec<Change>,
}

/// A change to one occurrence, as the handbook lists it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Change {
    /// "Tuesday 2026-04-14: moved to Wednesday 2026-04-15 14:00".
    pub text: String,
    pub note: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    pub id: String,
    pub anchor: String,
    pub title: String,
    pub from: String,
    pub to: Vec<String>,
    pub channel: String,
    pub cadence: String,
    /// Its own zone (the schedule's), as an IANA name: `cadence` names cities.
    pub zone: String,
    pub subject: Option<String>,
    pub sections: Vec<String>,
    pub max_words: Option<String>,
    /// The subject of the next report, its `{date}` filled in.
    pub email_subject: String,
    /// `mailto:` the recipients with that subject, percent-encoded.
    pub mailto: Option<String>,
    pub changes: Vec<Change>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Channel {
    pub id: String,
    /// Its display name, else its id.
    pub name: String,
    pub anchor: String,
    pub kind: String,
    pub provider: Option<String>,
    #[serde(flatten, serialize_with = "RichText::as_purpose")]
    pub purpose: RichText,
    pub address: Option<String>,
    pub url: Option<String>,
    pub formal: bool,
    pub hours: String,
    /// The SLA as written (`1bd`), for tools.
    pub response: Option<String>,
    pub resolution: Option<String>,
    pub urgent: Option<String>,
    /// The same in words ("1 business day"), for readers.
    pub response_words: Option<String>,
    pub resolution_words: Option<String>,
    pub urgent_words: Option<String>,
    /// "A message sent on Friday 2026-03-06 10:30 Europe/Berlin (17:30
    /// Asia/Shanghai) is answered by ...": in the reader's zone.
    pub example: Option<String>,
    /// How to reach the channel: its address, group or channel name.
    pub reach: Option<String>,
    /// A link that opens the channel, where the provider has one.
    pub reach_link: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Escalation {
    pub id: String,
    pub anchor: String,
    pub when: String,
    pub steps: Vec<Step>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Step {
    pub number: usize,
    pub to: String,
    /// The channel's name.
    pub via: String,
    /// In words, as is `total`.
    pub after: String,
    pub total: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Barrier {
    pub id: String,
    pub anchor: String,
    pub kind: String,
    pub affects: Vec<String>,
    #[serde(flatten, serialize_with = "RichText::as_description")]
    pub description: RichText,
    #[serde(flatten, serialize_with = "RichText::as_mitigation")]
    pub mitigation: RichText,
    pub owner: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Training {
    pub id: String,
    pub anchor: String,
    pub topic: String,
    pub when: String,
    /// Its own zone (the schedule's), as an IANA name: `cadence` names cities.
    pub zone: String,
    /// `1h`, as written.
    pub duration: String,
    /// "1 hour".
    pub duration_words: String,
    pub audience: Vec<String>,
    pub owner: String,
    pub channel: String,
    pub changes: Vec<Change>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Review {
    pub id: String,
    pub anchor: String,
    pub title: String,
    pub cadence: String,
    /// Its own zone (the schedule's), as an IANA name: `cadence` names cities.
    pub zone: String,
    pub owner: String,
    pub channel: String,
    pub questions: Vec<String>,
    pub changes: Vec<Change>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
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

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Onboarding {
    pub id: String,
    pub name: String,
    /// The channels' names.
    pub channels: Vec<String>,
    pub trainings: Vec<String>,
}

/// An audience's one-page quick reference (`audiences/<id>/card.html`):
/// whom to ask, where, how fast a reply comes, what to do when it is
/// urgent, and the first meetings, every time in the reader's zone.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Card {
    /// The zone the card's times are written in: the audience's.
    pub zone: String,
    pub contacts: Vec<CardContact>,
    /// "3 more people in the contact directory", where the card left some out.
    pub contacts_more: Option<String>,
    pub channels: Vec<CardChannel>,
    /// "2 more channels in the handbook", where the card left some out.
    pub channels_more: Option<String>,
    /// The quickest way to a reply when it cannot wait, and where it goes next.
    pub urgent: Option<Urgent>,
    /// "Next meetings from Monday, 2026-03-02, times in Europe/Berlin".
    pub meetings_label: String,
    /// The first meetings, reviews and trainings from the project's start.
    pub meetings: Vec<CardMeeting>,
}

/// A person the audience goes to, and for what.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CardContact {
    pub name: String,
    pub role: String,
    /// What they answer for: the project, the items they own.
    pub about: Vec<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
}

/// One of the audience's channels and how fast it answers, in words.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CardChannel {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub reach: Option<String>,
    pub reach_link: Option<String>,
    pub hours: String,
    pub response: Option<String>,
    pub urgent: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Urgent {
    /// "When it cannot wait, use phone: a reply comes within 15 minutes."
    pub text: String,
    pub reach: Option<String>,
    pub reach_link: Option<String>,
    pub escalation: Option<CardEscalation>,
}

/// The first escalation path that names the audience, as steps in words.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CardEscalation {
    pub when: String,
    /// "After 1 business day: Mei Lin and Anna Schmidt, via email".
    pub steps: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CardMeeting {
    pub title: String,
    /// The item's section in the view: `meeting-weekly-sync`.
    pub anchor: String,
    /// The day in the reader's zone: "Wednesday, 2026-03-04".
    pub date: String,
    /// "09:00–09:45" in the reader's zone.
    pub time: String,
    /// The start in the event's own zone where that is another:
    /// "16:00 Asia/Shanghai" (with its weekday when the day differs).
    pub elsewhere: Option<String>,
}

/// A Markdown field of the plan, made safe for both targets: `html` for
/// HTML pages, `md` for Markdown pages. Templates see it as two fields,
/// `<field>_html` and `<field>_md`, beside the item's others (the `as_*`
/// functions name them; the struct flattens them in).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RichText {
    pub html: String,
    pub md: String,
}

impl RichText {
    /// Sanitises plan Markdown for both targets; an absent field is empty in both.
    pub fn from_markdown(text: Option<impl AsRef<str>>) -> Self {
        text.map_or_else(Self::default, |text| RichText {
            html: crate::markdown::to_html(text.as_ref()),
            md: crate::markdown::to_markdown(text.as_ref()),
        })
    }

    fn serialize_as<S: Serializer>(
        &self,
        html: &'static str,
        md: &'static str,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        let mut fields = serializer.serialize_struct("RichText", 2)?;
        fields.serialize_field(html, &self.html)?;
        fields.serialize_field(md, &self.md)?;
        fields.end()
    }

    fn as_summary<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.serialize_as("summary_html", "summary_md", serializer)
    }

    fn as_purpose<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.serialize_as("purpose_html", "purpose_md", serializer)
    }

    fn as_description<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.serialize_as("description_html", "description_md", serializer)
    }

    fn as_mitigation<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.serialize_as("mitigation_html", "mitigation_md", serializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rich_text_is_two_fields_beside_the_others() {
        let barrier = Barrier {
            id: "b".into(),
            anchor: "barrier-b".into(),
            kind: "Language".into(),
            affects: Vec::new(),
            description: RichText::from_markdown(Some("*Late* <b>")),
            mitigation: RichText::from_markdown(None::<&str>),
            owner: "Ann".into(),
        };
        let json = serde_json::to_value(&barrier).unwrap_or_default();
        let keys: Vec<&str> = json
            .as_object()
            .map(|o| o.keys().map(String::as_str).collect())
            .unwrap_or_default();
        assert_eq!(
            keys,
            [
                "affects",
                "anchor",
                "description_html",
                "description_md",
                "id",
                "kind",
                "mitigation_html",
                "mitigation_md",
                "owner"
            ]
        );
        assert_eq!(json["description_html"], "<p><em>Late</em> &lt;b&gt;</p>\n");
        assert_eq!(json["description_md"], barrier.description.md);
        assert_eq!(json["mitigation_md"], "");
    }
}
