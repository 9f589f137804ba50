//! `--format sarif`: SARIF 2.1.0, as GitHub code scanning takes it. Every rule
//! is described in `tool.driver.rules` with its summary and explanation.

use serde_json::{Value, json};

use crate::diagnostic::{Diagnostic, Severity};
use crate::lint::{RULES, level_name};
use crate::source::SourceFile;

pub(super) fn render(source: &SourceFile, diagnostics: &[Diagnostic]) -> String {
    let rules: Vec<Value> = RULES
        .iter()
        .map(|rule| {
            let level = match level_name(rule.id.default_level()) {
                "error" => "error",
                "warn" => "warning",
                _ => "none",
            };
            json!({
                "id": rule.id.as_str(),
                "name": rule.id.as_str(),
                "shortDescription": { "text": rule.summary },
                "fullDescription": { "text": rule.summary },
                "help": { "text": rule.explain.trim(), "markdown": rule.explain.trim() },
                "defaultConfiguration": { "level": level },
            })
        })
        .collect();
    let results: Vec<Value> = diagnostics
        .iter()
        .map(|d| {
            let start = source.line_col(d.span.start);
            let end = source.line_col(d.span.end());
            let index = RULES.iter().position(|r| r.id == d.rule).unwrap_or(0);
            let mut message = d.message.clone();
            if let Some(help) = &d.help {
                message.push_str("\nhelp: ");
                message.push_str(help);
            }
            json!({
                "ruleId": d.rule.as_str(),
                "ruleIndex": index,
                "level": match d.severity { Severity::Error => "error", Severity::Warning => "warning" },
                "message": { "text": message },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri(&source.name) },
                        "region": {
                            "startLine": start.line,
                            "startColumn": start.column,
                            "endLine": end.line,
                            "endColumn": end.column.max(start.column + usize::from(end.line == start.line)),
                        }
                    }
                }],
            })
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "plan",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_default();
    text.push('\n');
    text
}

/// A relative path with `/` separators, as SARIF's `uri` wants.
fn uri(path: &str) -> String {
    path.replace('\\', "/").trim_start_matches("./").to_string()
}
