// Expands calendars with ical.js, the second engine of .ci/check_calendars.py.
// Usage: node expand-calendars.mjs FROM TO FILE.ics...  (FROM and TO: ISO
// instants). Prints one JSON object: for each file, its events' occurrences
// that start in [FROM, TO) as [uid, start in UTC (ISO, seconds)], sorted.
// Fails on a file ical.js cannot parse, one without a component, and a
// TZID with no VTIMEZONE in the file (ical.js would read it as floating
// local time, so the check would depend on the machine's zone).
import ICAL from 'ical.js';
import { readFileSync } from 'node:fs';

const [from, to, ...files] = process.argv.slice(2);
const start = Date.parse(from) / 1000;
const end = Date.parse(to) / 1000;
if (Number.isNaN(start) || Number.isNaN(end) || files.length === 0) {
  console.error('usage: node expand-calendars.mjs FROM TO FILE.ics...');
  process.exit(2);
}
// A bound on the occurrences of one event, so a wrong rule cannot loop.
const MAX_OCCURRENCES = 100000;

function iso(seconds) {
  return new Date(seconds * 1000).toISOString().replace('.000Z', '+00:00');
}

function occurrences(file) {
  const calendar = new ICAL.Component(ICAL.parse(readFileSync(file, 'utf8')));
  if (calendar.getAllSubcomponents().length === 0) {
    throw new Error('a VCALENDAR without any component');
  }
  const found = [];
  const vevents = calendar.getAllSubcomponents('vevent');
  for (const component of vevents) {
    // Overrides (RECURRENCE-ID) are read through their series' occurrences.
    if (component.hasProperty('recurrence-id')) continue;
    // Given no exceptions, ical.js attaches every override in the file to
    // every series (by local time alone): give each series its own.
    const uidFull = component.getFirstPropertyValue('uid');
    const exceptions = vevents.filter(
      (c) => c.hasProperty('recurrence-id') && c.getFirstPropertyValue('uid') === uidFull,
    );
    const event = new ICAL.Event(component, { exceptions, strictExceptions: true });
    const uid = event.uid.split('@')[0];
    if (event.startDate.zone === ICAL.Timezone.localTimezone) {
      throw new Error(`${uid}: DTSTART has no VTIMEZONE in the file`);
    }
    const expansion = event.iterator();
    for (let n = 0; n < MAX_OCCURRENCES; n += 1) {
      const next = expansion.next();
      if (!next) break;
      const details = event.getOccurrenceDetails(next);
      const at = details.startDate.toUnixTime();
      // Occurrences come in order of their planned start; a moved one may
      // land before or after, so look a little past the window's end.
      if (next.toUnixTime() >= end + 40 * 86400) break;
      if (at >= start && at < end) found.push([uid, iso(at)]);
    }
  }
  return found.sort();
}

const result = {};
let failed = 0;
for (const file of files) {
  try {
    result[file] = occurrences(file);
  } catch (error) {
    failed += 1;
    console.error(`${file}: ${error.message}`);
  }
}
console.log(JSON.stringify(result));
// exitCode, not exit(): exit() cuts off output still going to a pipe.
process.exitCode = failed ? 1 : 0;
