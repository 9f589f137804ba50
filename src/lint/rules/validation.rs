//! The validation rules' texts. Their checks are in `load` and `validate`:
//! a plan with these errors cannot be understood, so they are always errors.

use crate::lint::{Context, Finding, RuleDefinition};

fn reported_elsewhere(_: &Context<'_>) -> Vec<Finding> {
    Vec::new()
}

pub const YAML_SYNTAX: RuleDefinition = RuleDefinition {
    summary: "the file is not one readable YAML document",
    explain: r#"### What it checks
That the file is UTF-8 text of at most 16 MiB holding one YAML document, and that its aliases do not expand beyond the reader's limits.

### Why it matters
Nothing else can be checked until the file can be read.

### Example
```yaml
project:
  owner: [li-wei
```

### Fix
Close the bracket or quote, fix the indentation, or save the file as UTF-8."#,
    check: reported_elsewhere,
};

pub const UNKNOWN_FIELD: RuleDefinition = RuleDefinition {
    summary: "a key the format does not have (usually a typo)",
    explain: r#"### What it checks
Every key against the fields its section or item has.

### Why it matters
A misspelt key (`agneda:`) would otherwise be ignored silently, and the plan would not say what its author believes.

### Example
```yaml
meetings:
  weekly-sync: {title: Weekly sync, agneda: [Status]}
```

### Fix
Write the key the help line suggests (`agenda`). In a flow mapping `{...}`, quote text that contains a comma."#,
    check: reported_elsewhere,
};

pub const INVALID_VALUE: RuleDefinition = RuleDefinition {
    summary: "a value of the wrong type or form",
    explain: r#"### What it checks
Durations, times, dates, weekdays, time zones, ids, emails, links, the closed vocabularies, required fields, names and titles that are empty or blank, and values that contradict each other.

### Why it matters
A meeting at `25:00` or in the zone `Europe/Berln` cannot be scheduled; a wrong value must not become a wrong calendar.

### Example
```yaml
project: {timezone: Europe/Berln}
```

### Fix
Write the value as the message and help line say (`Europe/Berlin`)."#,
    check: reported_elsewhere,
};

pub const UNKNOWN_REFERENCE: RuleDefinition = RuleDefinition {
    summary: "an id that names no item of the right kind",
    explain: r#"### What it checks
Every id a plan mentions (a meeting's `channel`, an audience's `members`, ...) names an item of the kind the field takes, in an item that could not be read (a broken `schedule`) too. References to a section that is not a map of items (`people:` written as a list) wait until that section is fixed: it is the one finding.

### Why it matters
A meeting on channel `zoon` has no join link, and a report to a misspelt audience reaches nobody.

### Example
```yaml
meetings:
  weekly-sync: {title: Sync, channel: zoon, schedule: {every: week, at: "10:00", duration: 30m}}
```

### Fix
Use an existing id; the help line suggests the closest one."#,
    check: reported_elsewhere,
};

pub const DUPLICATE_ID: RuleDefinition = RuleDefinition {
    summary: "a key written twice, or one id in two collections",
    explain: r#"### What it checks
That no map repeats a key, and that no id names two items: ids are shared by the whole plan. A reference to either of the two items still finds it, so the duplicate is the one finding.

### Why it matters
With two `weekly-sync`s, one would silently replace the other; with a person and a channel both called `email`, a reference is ambiguous.

### Example
```yaml
people:
  email: {name: Email Bot}
channels:
  email: {kind: email}
```

### Fix
Rename one of the two."#,
    check: reported_elsewhere,
};

pub const INVALID_SCHEDULE: RuleDefinition = RuleDefinition {
    summary: "a schedule that cannot recur as written",
    explain: r#"### What it checks
Zero intervals, an `on` that does not fit `every`, missing, zero, business-time or over-a-day durations, `until` before `from`, and `skip` dates outside the schedule. (A project whose `end` is before its `start` is one `invalid-value` there, not a finding at every schedule that runs to it.)

### Why it matters
Such a schedule has no occurrences, or not the ones its author meant.

### Example
```yaml
schedule: {every: week, on: first tue, at: "10:00", duration: 1h}
```

### Fix
Weekly schedules take weekdays (`on: [tue]`); monthly ones take `first tue` or a day number."#,
    check: reported_elsewhere,
};
