//! `invalid-value` checks that need more than one field or the rule list.

use crate::diagnostic::Diagnostic;
use crate::model::{Duration, Hours, Plan, Spanned, WorkingHours};
use crate::rules::RuleId;
use crate::suggest;
use crate::time::Date;

pub(super) fn check(plan: &Plan, diagnostics: &mut Vec<Diagnostic>) {
    check_version(plan, diagnostics);
    check_project(plan, diagnostics);
    for (id, person) in plan.people.iter() {
        if let Some(hours) = &person.working_hours {
            check_working_hours(hours, diagnostics);
            check_merged_hours(plan, id.as_str(), hours, diagnostics);
        }
        if let Some(email) = &person.email {
            check_email(email, diagnostics);
        }
    }
    check_channels(plan, diagnostics);
    for (_, meeting) in plan.meetings.iter() {
        if let Some(link) = &meeting.link {
            check_url(link, diagnostics);
        }
    }
    for (id, escalation) in plan.escalations.iter() {
        for step in escalation.steps.iter().filter(|step| step.to.is_empty()) {
            diagnostics.push(
                Diagnostic::new(
                    RuleId::InvalidValue,
                    step.span,
                    format!("a step of escalation `{id}` reaches nobody"),
                )
                .with_label("empty `to`")
                .with_help("name the person or audience this step reaches, e.g. `to: li-wei`"),
            );
        }
        if escalation.steps.is_empty() {
            diagnostics.push(
                Diagnostic::new(
                    RuleId::InvalidValue,
                    id.span,
                    format!("escalation `{id}` has no steps"),
                )
                .with_label("no steps")
                .with_help("add `steps:` with at least one `{to: person, via: channel}`"),
            );
        }
    }
    for (_, format) in plan.formats.iter() {
        if let Some(max) = format.max_words.as_ref().filter(|max| max.value == 0) {
            diagnostics.push(
                Diagnostic::new(RuleId::InvalidValue, max.span, "`max_words` is 0")
                    .with_label("no words allowed")
                    .with_help("give a positive word limit, or leave `max_words` out"),
            );
        }
    }
    check_rule_names(plan, diagnostics);
    check_display_texts(plan, diagnostics);
    check_output_dir(plan, diagnostics);
    check_task_columns(plan, diagnostics);
}

/// `outputs.tasks.columns` names task fields.
fn check_task_columns(plan: &Plan, diagnostics: &mut Vec<Diagnostic>) {
    let Some(columns) = plan
        .outputs
        .as_ref()
        .and_then(|o| o.tasks.as_ref())
        .map(|t| &t.columns)
    else {
        return;
    };
    let fields = crate::model::TASK_FIELDS;
    for (field, _) in columns.iter() {
        if !fields.contains(&field.as_str()) {
            let help = suggest::closest(field.as_str(), fields.iter().copied()).map_or_else(
                || format!("task fields: {}", suggest::list(fields, 10)),
                |close| format!("did you mean `{close}`?"),
            );
            diagnostics.push(
                Diagnostic::new(
                    RuleId::InvalidValue,
                    field.span,
                    format!("`{field}` is not a task field"),
                )
                .with_label("unknown task field")
                .with_help(help),
            );
        }
    }
}

/// A plan writes only inside its own folder, into a folder of its own, and
/// reads templates only from inside it; elsewhere needs the command line.
/// Links are followed when the build resolves the folders; this is the part
/// the text alone decides.
fn check_output_dir(plan: &Plan, diagnostics: &mut Vec<Diagnostic>) {
    let Some(outputs) = plan.outputs.as_ref() else {
        return;
    };
    for (dir, flag, writes) in [
        (&outputs.dir, "plan build -o", true),
        (&outputs.templates, "plan build --templates", false),
    ] {
        let Some(dir) = dir else { continue };
        let path = std::path::Path::new(dir.as_str());
        let normal = |c: &std::path::Component<'_>| matches!(c, std::path::Component::Normal(_));
        let inside = !path.is_absolute()
            && path.components().any(|c| normal(&c))
            && path
                .components()
                .all(|c| normal(&c) || c == std::path::Component::CurDir);
        let in_git = path
            .components()
            .any(|c| c.as_os_str().eq_ignore_ascii_case(".git"));
        let problem = if !inside {
            Some((
                format!("`{dir}` is not a folder inside the plan's folder"),
                "outside the plan's folder",
                format!(
                    "write a relative folder such as `site`; to use another folder, pass it to `{flag}`"
                ),
            ))
        } else if writes && in_git {
            Some((
                format!("`{dir}` is inside the repository's `.git` folder"),
                "git's own folder",
                "write a folder of its own such as `site`; a build replaces its whole output folder".to_string(),
            ))
        } else {
            None
        };
        if let Some((message, label, help)) = problem {
            diagnostics.push(
                Diagnostic::new(RuleId::InvalidValue, dir.span, message)
                    .with_label(label)
                    .with_help(help),
            );
        }
    }
}

fn check_version(plan: &Plan, diagnostics: &mut Vec<Diagnostic>) {
    let version = &plan.version;
    // 0 is the loader's placeholder for a missing or unreadable version, already reported.
    if version.value != 1 && version.span != Default::default() {
        diagnostics.push(
            Diagnostic::new(
                RuleId::InvalidValue,
                version.span,
                format!("format version {} is not supported", version.value),
            )
            .with_label("unsupported version")
            .with_help("this `plan` reads format version 1: write `version: 1`"),
        );
    }
}

fn check_project(plan: &Plan, diagnostics: &mut Vec<Diagnostic>) {
    let Some(project) = &plan.project else { return };
    if let Some(end) = &project.end
        && end.value < project.start.value
    {
        diagnostics.push(
            Diagnostic::new(
                RuleId::InvalidValue,
                end.span,
                format!(
                    "the project ends ({end}) before it starts ({})",
                    project.start
                ),
            )
            .with_label("before `start`")
            .with_related(project.start.span, "the project starts here")
            .with_help("`end` is the project's last day (inclusive): correct one of the dates, or leave `end` out"),
        );
    }
    if let Some(hours) = &project.working_hours {
        check_working_hours(hours, diagnostics);
    }
    let working_days = project
        .working_hours
        .as_ref()
        .and_then(|h| h.days.as_ref())
        .map(|days| days.iter().map(|d| d.value).collect::<Vec<_>>())
        .unwrap_or_else(|| crate::model::Weekday::ALL[..5].to_vec());
    for day in &project.extra_workdays {
        if working_days.contains(&weekday_of(day.value)) {
            diagnostics.push(
                Diagnostic::new(
                    RuleId::InvalidValue,
                    day.span,
                    format!(
                        "`{day}` is a {} and already a working day",
                        weekday_of(day.value)
                    ),
                )
                .with_label("not a make-up day")
                .with_help("`extra_workdays` lists weekend days that are worked; remove this date"),
            );
        }
        if let Some(holiday) = project.holidays.iter().find(|h| h.value == day.value) {
            diagnostics.push(
                Diagnostic::new(
                    RuleId::InvalidValue,
                    day.span,
                    format!("`{day}` is both a holiday and a make-up day"),
                )
                .with_label("also a holiday")
                .with_related(holiday.span, "listed as a holiday here"),
            );
        }
    }
}

fn weekday_of(date: Date) -> crate::model::Weekday {
    crate::time::weekday(date)
}

fn check_working_hours(hours: &Spanned<WorkingHours>, diagnostics: &mut Vec<Diagnostic>) {
    if let (Some(from), Some(to)) = (&hours.from, &hours.to)
        && to.value <= from.value
    {
        diagnostics.push(
            Diagnostic::new(
                RuleId::InvalidValue,
                to.span,
                format!("working hours end ({to}) before they start ({from})"),
            )
            .with_label("not after `from`")
            .with_help(
                "working hours are one span within a day, e.g. `{from: \"09:00\", to: \"17:30\"}`",
            ),
        );
    }
    if let Some(days) = &hours.days {
        if days.is_empty() {
            diagnostics.push(
                Diagnostic::new(
                    RuleId::InvalidValue,
                    hours.span,
                    "working hours have no days",
                )
                .with_label("empty `days`")
                .with_help("list the working days, e.g. `days: [mon, tue, wed, thu, fri]`"),
            );
        }
        for (index, day) in days.iter().enumerate() {
            if days[..index].iter().any(|d| d.value == day.value) {
                diagnostics.push(
                    Diagnostic::new(
                        RuleId::InvalidValue,
                        day.span,
                        format!("`{day}` is listed twice"),
                    )
                    .with_label("repeated"),
                );
            }
        }
    }
}

/// A person's hours with the project's filling what they omit must still end
/// after they start (`from: "19:00"` against the project's `to: "18:00"`).
fn check_merged_hours(
    plan: &Plan,
    person: &str,
    hours: &Spanned<WorkingHours>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if hours.from.is_some() && hours.to.is_some() {
        return; // checked on its own
    }
    let project = plan.project.as_ref().and_then(|p| p.working_hours.as_ref());
    let default_from = crate::model::TimeOfDay { hour: 9, minute: 0 };
    let default_to = crate::model::TimeOfDay {
        hour: 17,
        minute: 0,
    };
    let from = hours
        .from
        .as_ref()
        .map(|t| t.value)
        .or_else(|| project.and_then(|p| p.from.as_ref()).map(|t| t.value))
        .unwrap_or(default_from);
    let to = hours
        .to
        .as_ref()
        .map(|t| t.value)
        .or_else(|| project.and_then(|p| p.to.as_ref()).map(|t| t.value))
        .unwrap_or(default_to);
    if to <= from {
        let span = hours
            .from
            .as_ref()
            .or(hours.to.as_ref())
            .map_or(hours.span, |t| t.span);
        diagnostics.push(
            Diagnostic::new(
                RuleId::InvalidValue,
                span,
                format!("`{person}`'s working hours would run from {from} to {to}: the missing end or start comes from the project"),
            )
            .with_label("ends before it starts")
            .with_help("give both `from` and `to` for this person"),
        );
    }
}

/// Emails become `mailto:` links and calendar attendees: one plain address.
fn check_email(email: &Spanned<String>, diagnostics: &mut Vec<Diagnostic>) {
    let text = email.as_str();
    if !crate::markdown::email(text) {
        diagnostics.push(
            Diagnostic::new(
                RuleId::InvalidValue,
                email.span,
                format!("`{text}` is not an email address"),
            )
            .with_label("not an email address")
            .with_help(
                "write one plain address, e.g. `li.wei@example.com`, without spaces, `<>()[],;:\"\\` or a `?subject=`-style query (`?&=%`)",
            ),
        );
    }
}

/// Links end up in handbooks and calendars: only web links are accepted,
/// and only those that can stand unescaped in a Markdown or HTML link.
fn check_url(url: &Spanned<String>, diagnostics: &mut Vec<Diagnostic>) {
    let text = url.as_str();
    if !crate::markdown::web_url(text) {
        diagnostics.push(
            Diagnostic::new(
                RuleId::InvalidValue,
                url.span,
                format!("`{text}` is not a web link"),
            )
            .with_label("not an http(s) link")
            .with_help(
                "write a full link starting with `https://`, without spaces, quotes, `<`, `>` or unbalanced parentheses (percent-encode them: a space is `%20`)",
            ),
        );
    }
}

/// `provider` names a product of the channel's kind.
fn check_provider(id: &str, channel: &crate::model::Channel, diagnostics: &mut Vec<Diagnostic>) {
    use crate::model::{ChannelKind, providers};
    let Some(provider) = &channel.provider else {
        return;
    };
    let kind = channel.kind.value;
    if kind == ChannelKind::Other {
        return;
    }
    let known = providers::for_kind(kind);
    if known.contains(&provider.as_str()) {
        return;
    }
    let kind_name = kind.as_str();
    let help = match (
        suggest::closest(provider.as_str(), known.iter().copied()),
        providers::kinds_of(provider.as_str()).first(),
    ) {
        (Some(close), _) => format!("did you mean `{close}`?"),
        (None, Some(other)) => format!(
            "`{provider}` is a provider for `kind: {}` channels; change the kind, or use one of {}",
            other.as_str(),
            suggest::list(known, 10)
        ),
        (None, None) if known.is_empty() => format!(
            "channels of kind `{kind_name}` take no provider: remove it, or use `kind: other`"
        ),
        (None, None) => format!(
            "providers for `{kind_name}` channels: {}; or use `kind: other`",
            suggest::list(known, 10)
        ),
    };
    diagnostics.push(
        Diagnostic::new(
            RuleId::InvalidValue,
            provider.span,
            format!(
                "channel `{id}`: `{provider}` is not a provider for channels of kind `{kind_name}`"
            ),
        )
        .with_label("unknown provider")
        .with_help(help),
    );
}

fn check_channels(plan: &Plan, diagnostics: &mut Vec<Diagnostic>) {
    for (id, channel) in plan.channels.iter() {
        check_provider(id.as_str(), channel, diagnostics);
        if let Some(url) = &channel.url {
            check_url(url, diagnostics);
        }
        let always = channel
            .hours
            .as_ref()
            .is_some_and(|h| h.value == Hours::Always);
        if !always {
            continue;
        }
        let mut business = |duration: Option<&Spanned<Duration>>, what: &str| {
            if let Some(duration) = duration.filter(|d| d.is_business()) {
                diagnostics.push(
                    Diagnostic::new(
                        RuleId::InvalidValue,
                        duration.span,
                        format!("channel `{id}` is watched around the clock (`hours: always`), so its {what} cannot be business time `{duration}`"),
                    )
                    .with_label("business time")
                    .with_help("use calendar time such as `15m` or `4h`, or set `hours: business`"),
                );
            }
        };
        if let Some(sla) = &channel.sla {
            business(sla.response.as_ref(), "response time");
            business(sla.resolution.as_ref(), "resolution time");
            business(sla.urgent_response.as_ref(), "urgent response time");
        }
    }
}

/// The `lint:` map and every `allow:` list name configurable rules.
fn check_rule_names(plan: &Plan, diagnostics: &mut Vec<Diagnostic>) {
    for (name, _) in plan.lint.iter() {
        check_rule_name(&Spanned::new(name.value.0.clone(), name.span), diagnostics);
    }
    let allows = plan.items().flat_map(|item| item.allow);
    for name in allows {
        check_rule_name(name, diagnostics);
    }
}

fn check_rule_name(name: &Spanned<String>, diagnostics: &mut Vec<Diagnostic>) {
    match RuleId::from_name(name) {
        Some(rule) if rule.is_validation() => diagnostics.push(
            Diagnostic::new(
                RuleId::InvalidValue,
                name.span,
                format!("`{rule}` is a validation rule and cannot be configured"),
            )
            .with_label("always an error")
            .with_help("fix the plan instead; only lint rules can be allowed or downgraded (`plan rules` lists them)"),
        ),
        Some(_) => {}
        None => {
            let help = suggest::closest(name, RuleId::lint_names()).map_or_else(
                || "`plan rules` lists the rule names".to_string(),
                |close| format!("did you mean `{close}`?"),
            );
            diagnostics.push(
                Diagnostic::new(RuleId::InvalidValue, name.span, format!("`{name}` is not a rule"))
                    .with_label("unknown rule")
                    .with_help(help),
            );
        }
    }
}

/// The names and titles a reader sees must say something: an empty or
/// blank one leaves a link without text and a row without a name.
fn check_display_texts(plan: &Plan, diagnostics: &mut Vec<Diagnostic>) {
    let mut texts: Vec<(&str, &Spanned<String>)> = Vec::new();
    if let Some(project) = &plan.project {
        texts.push(("name", &project.name));
    }
    texts.extend(plan.goals.iter().map(|(_, g)| ("title", &g.title)));
    texts.extend(plan.people.iter().map(|(_, p)| ("name", &p.name)));
    texts.extend(plan.audiences.iter().map(|(_, a)| ("name", &a.name)));
    // A channel's `name` is optional: left out, the handbook shows its id.
    texts.extend(
        plan.channels
            .iter()
            .filter_map(|(_, c)| Some(("name", c.name.as_ref()?))),
    );
    texts.extend(plan.meetings.iter().map(|(_, m)| ("title", &m.title)));
    texts.extend(plan.reports.iter().map(|(_, r)| ("title", &r.title)));
    texts.extend(plan.trainings.iter().map(|(_, t)| ("topic", &t.topic)));
    texts.extend(plan.reviews.iter().map(|(_, r)| ("title", &r.title)));
    for (field, text) in texts.into_iter().filter(|(_, t)| t.value.trim().is_empty()) {
        diagnostics.push(
            Diagnostic::new(
                RuleId::InvalidValue,
                text.span,
                format!("`{field}` is empty"),
            )
            .with_label("nothing to show")
            .with_help(format!("write the {field} readers see")),
        );
    }
}
