//! What changed between two plans, in plain words for a review.

use serde::Serialize;

use crate::model::{
    Audience, Barrier, Channel, Duration, Escalation, Format, Goal, ItemKind, Keyed, Meeting,
    Person, Plan, Report, Review, Schedule, Training,
};

/// One change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Change {
    /// `added`, `removed` or `changed`.
    pub kind: &'static str,
    pub section: &'static str,
    pub id: String,
    pub field: Option<&'static str>,
    pub old: Option<String>,
    pub new: Option<String>,
    /// The change in a sentence.
    pub text: String,
    /// What an added or removed item is (`meeting`), for the sentence.
    #[serde(skip)]
    pub noun: &'static str,
}

/// Every change from `old` to `new`, section by section in the format's order.
pub fn changes(old: &Plan, new: &Plan) -> Vec<Change> {
    let mut out = Vec::new();
    if let (Some(a), Some(b)) = (&old.project, &new.project) {
        field(
            &mut out,
            "project",
            "project",
            "name",
            Some(a.name.to_string()),
            Some(b.name.to_string()),
        );
        field(
            &mut out,
            "project",
            "project",
            "timezone",
            Some(a.timezone.to_string()),
            Some(b.timezone.to_string()),
        );
        field(
            &mut out,
            "project",
            "project",
            "start",
            Some(a.start.to_string()),
            Some(b.start.to_string()),
        );
        field(
            &mut out,
            "project",
            "project",
            "end",
            a.end.as_ref().map(|d| d.to_string()),
            b.end.as_ref().map(|d| d.to_string()),
        );
        field(
            &mut out,
            "project",
            "project",
            "owner",
            Some(a.owner.to_string()),
            Some(b.owner.to_string()),
        );
    }
    for &kind in ItemKind::ALL {
        item_changes(&mut out, kind, old, new);
    }
    let norms = |p: &Plan| p.norms.iter().map(|n| n.to_string()).collect::<Vec<_>>();
    let (old_norms, new_norms) = (norms(old), norms(new));
    for norm in new_norms.iter().filter(|n| !old_norms.contains(n)) {
        out.push(Change {
            kind: "added",
            section: "norms",
            id: String::new(),
            field: None,
            old: None,
            new: Some(norm.clone()),
            text: format!("Added norm: {norm}"),
            noun: "norm",
        });
    }
    for norm in old_norms.iter().filter(|n| !new_norms.contains(n)) {
        out.push(Change {
            kind: "removed",
            section: "norms",
            id: String::new(),
            field: None,
            old: Some(norm.clone()),
            new: None,
            text: format!("Removed norm: {norm}"),
            noun: "norm",
        });
    }
    out
}

/// The changes to one item section: items added and removed, and the
/// fields each kind compares.
fn item_changes(out: &mut Vec<Change>, kind: ItemKind, old: &Plan, new: &Plan) {
    match kind {
        ItemKind::Goal => items(out, kind, &old.goals, &new.goals, goal_fields),
        ItemKind::Person => items(out, kind, &old.people, &new.people, person_fields),
        ItemKind::Audience => items(out, kind, &old.audiences, &new.audiences, audience_fields),
        ItemKind::Channel => items(out, kind, &old.channels, &new.channels, channel_fields),
        ItemKind::Meeting => items(out, kind, &old.meetings, &new.meetings, meeting_fields),
        ItemKind::Report => items(out, kind, &old.reports, &new.reports, report_fields),
        ItemKind::Format => items(out, kind, &old.formats, &new.formats, format_fields),
        ItemKind::Escalation => items(
            out,
            kind,
            &old.escalations,
            &new.escalations,
            escalation_fields,
        ),
        ItemKind::Barrier => items(out, kind, &old.barriers, &new.barriers, barrier_fields),
        ItemKind::Training => items(out, kind, &old.trainings, &new.trainings, training_fields),
        ItemKind::Review => items(out, kind, &old.reviews, &new.reviews, review_fields),
    }
}

fn goal_fields(g: &Goal) -> Fields {
    vec![
        ("title", Some(g.title.to_string())),
        ("measure", g.measure.as_ref().map(|m| m.to_string())),
    ]
}

fn person_fields(p: &Person) -> Fields {
    vec![
        ("name", Some(p.name.to_string())),
        ("role", p.role.as_ref().map(|r| r.to_string())),
        ("email", p.email.as_ref().map(|e| e.to_string())),
        ("phone", p.phone.as_ref().map(|e| e.to_string())),
        ("timezone", p.timezone.as_ref().map(|z| z.to_string())),
    ]
}

fn audience_fields(a: &Audience) -> Fields {
    vec![
        ("name", Some(a.name.to_string())),
        (
            "members",
            Some(list(a.members.iter().map(|m| m.to_string()))),
        ),
        (
            "channels",
            Some(list(a.channels.iter().map(|c| c.to_string()))),
        ),
        ("external", Some(a.external.to_string())),
    ]
}

fn channel_fields(c: &Channel) -> Fields {
    let sla = c.sla.as_ref();
    let d = |x: Option<&crate::model::Spanned<Duration>>| x.map(|d| d.to_string());
    vec![
        ("name", c.name.as_ref().map(|n| n.to_string())),
        ("response", d(sla.and_then(|s| s.response.as_ref()))),
        (
            "urgent_response",
            d(sla.and_then(|s| s.urgent_response.as_ref())),
        ),
        ("resolution", d(sla.and_then(|s| s.resolution.as_ref()))),
        ("formal", Some(c.formal.to_string())),
        ("url", c.url.as_ref().map(|u| u.to_string())),
    ]
}

fn meeting_fields(m: &Meeting) -> Fields {
    vec![
        ("title", Some(m.title.to_string())),
        ("schedule", Some(when(&m.schedule))),
        (
            "duration",
            m.schedule.duration.as_ref().map(|d| d.to_string()),
        ),
        ("owner", m.owner.as_ref().map(|o| o.to_string())),
        ("channel", m.channel.as_ref().map(|c| c.to_string())),
        (
            "audiences",
            Some(list(m.audiences.iter().map(|a| a.to_string()))),
        ),
    ]
}

fn report_fields(r: &Report) -> Fields {
    vec![
        ("title", Some(r.title.to_string())),
        ("schedule", Some(when(&r.schedule))),
        ("from", r.from.as_ref().map(|f| f.to_string())),
        ("to", Some(list(r.to.iter().map(|t| t.to_string())))),
        ("channel", Some(r.channel.to_string())),
    ]
}

fn format_fields(f: &Format) -> Fields {
    vec![
        ("subject", f.subject.as_ref().map(|s| s.to_string())),
        (
            "sections",
            Some(list(f.sections.iter().map(|s| s.to_string()))),
        ),
    ]
}

fn escalation_fields(e: &Escalation) -> Fields {
    let steps = e.steps.iter().map(|s| {
        let after = s
            .after
            .as_ref()
            .map_or_else(String::new, |a| format!(" after {}", a.value));
        format!(
            "{} via {}{after}",
            list(s.to.iter().map(|t| t.to_string())),
            s.via
        )
    });
    vec![
        ("when", Some(e.when.to_string())),
        ("steps", Some(steps.collect::<Vec<_>>().join("; "))),
    ]
}

fn barrier_fields(b: &Barrier) -> Fields {
    vec![("mitigation", b.mitigation.as_ref().map(|m| m.to_string()))]
}

fn training_fields(t: &Training) -> Fields {
    vec![
        ("topic", Some(t.topic.to_string())),
        ("date", Some(format!("{} {}", t.date, t.at))),
    ]
}

fn review_fields(r: &Review) -> Fields {
    vec![
        ("title", Some(r.title.to_string())),
        ("schedule", Some(when(&r.schedule))),
    ]
}

/// "every week on [tue] at 10:00 Europe/London" in the plan's own words.
fn when(schedule: &Schedule) -> String {
    let on = schedule
        .on
        .as_ref()
        .map_or_else(String::new, |o| format!(" on {}", o.value));
    let zone = schedule
        .timezone
        .as_ref()
        .map_or_else(String::new, |z| format!(" {z}"));
    format!(
        "every {}{on} at {}{zone}",
        schedule.every.value, schedule.at.value
    )
}

fn list(items: impl Iterator<Item = String>) -> String {
    items.collect::<Vec<_>>().join(", ")
}

type Fields = Vec<(&'static str, Option<String>)>;

fn items<T>(
    out: &mut Vec<Change>,
    kind: ItemKind,
    old: &Keyed<T>,
    new: &Keyed<T>,
    fields: impl Fn(&T) -> Fields,
) {
    let (section, noun) = (kind.section(), kind.noun());
    for (id, _) in new.iter().filter(|(id, _)| old.get(id.as_str()).is_none()) {
        out.push(Change {
            kind: "added",
            section,
            id: id.to_string(),
            field: None,
            old: None,
            new: None,
            text: format!("Added {noun} `{id}`"),
            noun,
        });
    }
    for (id, _) in old.iter().filter(|(id, _)| new.get(id.as_str()).is_none()) {
        out.push(Change {
            kind: "removed",
            section,
            id: id.to_string(),
            field: None,
            old: None,
            new: None,
            text: format!("Removed {noun} `{id}`"),
            noun,
        });
    }
    for (id, item) in new.iter() {
        let Some(before) = old.get(id.as_str()) else {
            continue;
        };
        for ((name, a), (_, b)) in fields(before).into_iter().zip(fields(item)) {
            field(out, section, id.as_str(), name, a, b);
        }
    }
}

fn field(
    out: &mut Vec<Change>,
    section: &'static str,
    id: &str,
    name: &'static str,
    old: Option<String>,
    new: Option<String>,
) {
    if old == new {
        return;
    }
    let show = |v: &Option<String>| v.clone().unwrap_or_else(|| "(none)".to_string());
    let text = if name == "schedule" {
        format!("`{id}` moves from {} to {}", show(&old), show(&new))
    } else {
        format!("`{id}` {name} {} -> {}", show(&old), show(&new))
    };
    out.push(Change {
        kind: "changed",
        section,
        id: id.to_string(),
        field: Some(name),
        old,
        new,
        text,
        noun: "",
    });
}

/// The changes as a Markdown list for a pull request: the sentences of
/// `text`, with every value from the plans escaped (ids are code spans).
pub fn markdown(changes: &[Change]) -> String {
    if changes.is_empty() {
        return "no changes\n".to_string();
    }
    let mut out = String::from("## Changes to the communication plan\n\n");
    for change in changes {
        out.push_str(&format!("- {}\n", markdown_sentence(change)));
    }
    out
}

fn markdown_sentence(change: &Change) -> String {
    use crate::markdown::{code_text, escape_text};
    let value = |v: &Option<String>| {
        v.as_deref()
            .map_or_else(|| "(none)".to_string(), escape_text)
    };
    let id = code_text(&change.id);
    let verb = if change.kind == "added" {
        "Added"
    } else {
        "Removed"
    };
    match (change.kind, change.field) {
        (_, None) if change.section == "norms" => {
            let norm = if change.kind == "added" {
                &change.new
            } else {
                &change.old
            };
            format!("{verb} norm: {}", value(norm))
        }
        (_, None) => format!("{verb} {} {id}", change.noun),
        (_, Some("schedule")) => format!(
            "{id} moves from {} to {}",
            value(&change.old),
            value(&change.new)
        ),
        (_, Some(name)) => format!(
            "{id} {name} {} -> {}",
            value(&change.old),
            value(&change.new)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escapes_every_value_from_the_plans() {
        let change = Change {
            kind: "changed",
            section: "channels",
            id: "zoom".to_string(),
            field: Some("url"),
            old: Some("https://a.example/".to_string()),
            new: Some(
                "<script>alert(1)</script> [x](javascript:alert(2)) ![i](https://t.example/p.png)"
                    .to_string(),
            ),
            text: String::new(),
            noun: "",
        };
        let norm = Change {
            kind: "added",
            section: "norms",
            id: String::new(),
            field: None,
            old: None,
            new: Some("Reply <b>today</b>\n[r]: javascript:x".to_string()),
            text: String::new(),
            noun: "norm",
        };
        let md = markdown(&[change, norm]);
        assert_eq!(
            md,
            "## Changes to the communication plan\n\n\
             - `zoom` url https\\://a.example/ -> &lt;script&gt;alert(1)&lt;/script&gt; \\[x\\](javascript:alert(2)) \\!\\[i\\](https\\://t.example/p.png)\n\
             - Added norm: Reply &lt;b&gt;today&lt;/b&gt; \\[r\\]: javascript:x\n"
        );
    }
}
