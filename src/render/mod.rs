//! Compiled plan -> output files in memory. Writing them is `write`'s job.

pub mod ics;

use crate::compile::{Compiled, Event};
use crate::model::CalendarSet;
use crate::time::Instant;

/// One output file: a path relative to the output folder (with `/`) and its bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// The calendar files: one for the whole plan, one per audience, one per
/// person, as `sets` selects. `stamp` is the DTSTAMP of every event.
pub fn calendars(compiled: &Compiled, sets: &[CalendarSet], stamp: Instant) -> Vec<OutputFile> {
    let mut files = Vec::new();
    let everything: Vec<&Event> = compiled.events.iter().collect();
    if sets.contains(&CalendarSet::All) {
        files.push(OutputFile {
            path: "calendars/plan.ics".to_string(),
            bytes: ics::calendar(compiled, &compiled.name, &everything, stamp).into_bytes(),
        });
    }
    if sets.contains(&CalendarSet::Audiences) {
        for audience in &compiled.audiences {
            let events: Vec<&Event> = compiled
                .events
                .iter()
                .filter(|e| e.audiences.contains(&audience.id))
                .filter(|e| !(audience.external && e.internal))
                .collect();
            let title = format!("{} — {}", compiled.name, audience.name);
            files.push(OutputFile {
                path: format!("calendars/audiences/{}.ics", audience.id),
                bytes: ics::calendar(compiled, &title, &events, stamp).into_bytes(),
            });
        }
    }
    if sets.contains(&CalendarSet::People) {
        for person in &compiled.people {
            let external = compiled.is_external_person(&person.id);
            let events: Vec<&Event> = compiled
                .events
                .iter()
                .filter(|e| e.attendees.contains(&person.id))
                .filter(|e| !(external && e.internal))
                .collect();
            let title = format!("{} — {}", compiled.name, person.name);
            files.push(OutputFile {
                path: format!("calendars/people/{}.ics", person.id),
                bytes: ics::calendar(compiled, &title, &events, stamp).into_bytes(),
            });
        }
    }
    files
}
