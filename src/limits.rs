//! Every budget a plan and the command line are held to, in one place.
//! `docs/plan-format.md` (section "Limits") documents each; change both.
//!
//! The limits keep every command's work bounded by the plan's size, so that
//! an absurd value is a finding in well under a second instead of minutes of
//! work, gigabytes of memory, or a panic in date arithmetic.

/// The first year a date may fall in: the tz database's offsets are
/// reliable only from 1970 on.
pub const FIRST_YEAR: i16 = 1970;

/// The last year a date may fall in. Far beyond any plan; with the ten-year
/// window and year-long durations on top, every instant `plan` computes stays
/// far inside the time library's range (year 9999).
pub const LAST_YEAR: i16 = 2200;

/// How far a plan reaches: nothing in it is dated more than this many years
/// after `project.start`. A longer engagement is several plans (one per
/// phase); ten years of a daily meeting is still only 3,653 occurrences.
pub const MAX_YEARS: i16 = 10;

/// The most days a command-line window (`--days`) covers: ten years.
pub const MAX_DAYS: u32 = 3653;

/// The longest calendar duration, in minutes: a year (`366d`). A response
/// time, follow-up or escalation step of more than a year is a typo.
pub const MAX_CALENDAR_MINUTES: u64 = 366 * 24 * 60;

/// The longest business duration, in business days: a year of working days
/// (52 weeks of 5 days).
pub const MAX_BUSINESS_DAYS: u64 = 260;

/// Business hours count against [`MAX_BUSINESS_DAYS`] at this many per day
/// (the plan's own working day is not known when a duration is read), so
/// `2080bh` is the longest in hours.
pub const BUSINESS_HOURS_PER_DAY: u64 = 8;

/// The most occurrences the plan's schedules may have over the dates the
/// commands expand, all schedules together. A portfolio of 10,000 weekly
/// meetings over a year (520,000) fits with room to spare; 10,000 daily
/// meetings over ten years (36 million) do not.
pub const MAX_OCCURRENCES: u64 = 1_000_000;

/// The most tasks (preparation, follow-up, reports) the plan's occurrences
/// may imply: three per occurrence at the occurrence limit, so the portfolio
/// above with a preparation and a follow-up per meeting fits.
pub const MAX_TASKS: u64 = 3_000_000;

/// The longest id: ids become file names (`calendars/people/<id>.ics`,
/// `audiences/<id>/checklists/onboarding-<id>.md`), and with 64 characters
/// the longest such path is 164 characters, leaving room for the output
/// folder under Windows' 260-character path limit.
pub const MAX_ID_CHARS: usize = 64;

/// Names Windows reserves for devices, whatever the case and extension: a
/// file `con.ics` or a folder `audiences/aux/` cannot be created there.
pub const RESERVED_NAMES: &[&str] = &[
    "con", "prn", "aux", "nul", "com0", "com1", "com2", "com3", "com4", "com5", "com6", "com7",
    "com8", "com9", "lpt0", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// The earliest a reminder may come, in minutes before the start: four
/// weeks, the most Google Calendar offers; an earlier one is a task, not a
/// reminder.
pub const MAX_REMINDER_MINUTES: u64 = 4 * 7 * 24 * 60;

/// The longest refresh hint of a subscribed calendar, in minutes: four weeks.
/// A calendar fetched less often misses every change in between.
pub const MAX_REFRESH_MINUTES: u64 = 4 * 7 * 24 * 60;

/// The longest line of a `plan measure` source, in bytes: a CSV row is a
/// few hundred bytes, and a reader holds one row at a time, so a file
/// without line breaks (`/dev/zero`, a binary file) stops here instead of
/// filling memory.
pub const MAX_SOURCE_LINE_BYTES: usize = 1 << 20;

/// The largest header block of one mail message `plan measure` reads, in
/// bytes: real headers are a few KiB (a long thread's `References` some
/// tens), and a mailbox is read a message at a time, so a message whose
/// header never ends is a counted skip instead of filling memory.
pub const MAX_MAIL_HEADER_BYTES: usize = 256 << 10;

/// The largest file of a Slack export `plan measure` reads, in bytes: a
/// day of one channel is held whole while its messages are read, and a
/// busy channel's day is a few megabytes; a larger day file is a counted
/// skip, `users.json` or a list of channels one is exit 2.
pub const MAX_SLACK_FILE_BYTES: u64 = 64 << 20;
