//! `--format sarif`: SARIF 2.1.0, as GitHub code scanning takes it. Every rule
//! is described in `tool.driver.rules` with its summary and explanation.
//!
//! Written from borrowed, typed records straight into one buffer: the cost
//! is linear in the findings (a tree of `serde_json::Value`s per result cost
//! seconds and gigabytes for 300,000 results).

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Severity};
use crate::lint::{RULES, level_name};
use crate::source::SourceFile;

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool,
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
struct Driver {
    name: &'static str,
    version: &'static str,
    rules: Vec<RuleDescription>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RuleDescription {
    id: &'static str,
    /// PascalCase, as SARIF producers name rules: the multitool (SARIF1001)
    /// wants a `name` other than the `id`.
    name: String,
    short_description: Text<&'static str>,
    full_description: Text<&'static str>,
    help: Help,
    default_configuration: Configuration,
}

#[derive(Serialize)]
struct Text<T> {
    text: T,
}

#[derive(Serialize)]
struct Help {
    text: &'static str,
    markdown: &'static str,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'static str,
    rule_index: usize,
    level: &'static str,
    message: Text<Message<'a>>,
    locations: [Location<'a>; 1],
}

/// A finding's message and help as one text, written without building it.
struct Message<'a> {
    message: &'a str,
    help: Option<&'a str>,
}

impl Serialize for Message<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.help {
            Some(help) => serializer.collect_str(&format_args!("{}\nhelp: {help}", self.message)),
            None => serializer.serialize_str(self.message),
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location<'a> {
    physical_location: PhysicalLocation<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation<'a> {
    artifact_location: ArtifactLocation<'a>,
    region: Region,
}

#[derive(Serialize)]
struct ArtifactLocation<'a> {
    uri: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
}

pub(super) fn render(source: &SourceFile, diagnostics: &[Diagnostic]) -> String {
    let uri = uri(&source.name);
    let results = diagnostics
        .iter()
        .map(|d| result(source, &uri, d))
        .collect();
    let log = Log {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "plan",
                    version: env!("CARGO_PKG_VERSION"),
                    rules: RULES.iter().map(describe).collect(),
                },
            },
            column_kind: "unicodeCodePoints",
            results,
        }],
    };
    // Compact, not pretty: SARIF is read by tools, and indentation doubled
    // its size. Serialising strings and numbers into memory cannot fail.
    // About 400 bytes a result: one allocation, not a doubling per size.
    let mut bytes = Vec::with_capacity(64 * 1024 + 400 * diagnostics.len());
    if serde_json::to_writer(&mut bytes, &log).is_err() {
        bytes.clear();
    }
    bytes.push(b'\n');
    String::from_utf8(bytes).unwrap_or_default()
}

fn describe(rule: &crate::lint::Rule) -> RuleDescription {
    let level = match level_name(rule.id.default_level()) {
        "error" => "error",
        "warn" => "warning",
        _ => "none",
    };
    RuleDescription {
        id: rule.id.as_str(),
        name: pascal_case(rule.id.as_str()),
        short_description: Text { text: rule.summary },
        full_description: Text { text: rule.summary },
        help: Help {
            text: rule.explain.trim(),
            markdown: rule.explain.trim(),
        },
        default_configuration: Configuration { level },
    }
}

/// `invalid-value` -> `InvalidValue`.
fn pascal_case(id: &str) -> String {
    id.split('-')
        .map(|part| {
            let mut chars = part.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_ascii_uppercase().to_string() + chars.as_str()
            })
        })
        .collect()
}

fn result<'a>(source: &SourceFile, uri: &'a str, d: &'a Diagnostic) -> SarifResult<'a> {
    let start = source.line_col(d.span.start);
    let end = source.line_col(d.span.end());
    SarifResult {
        rule_id: d.rule.as_str(),
        rule_index: RULES.iter().position(|r| r.id == d.rule).unwrap_or(0),
        level: match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        },
        message: Text {
            text: Message {
                message: &d.message,
                help: d.help.as_deref(),
            },
        },
        locations: [Location {
            physical_location: PhysicalLocation {
                artifact_location: ArtifactLocation { uri },
                region: Region {
                    start_line: start.line,
                    start_column: start.column,
                    end_line: end.line,
                    // An empty span still marks one character.
                    end_column: end
                        .column
                        .max(start.column + usize::from(end.line == start.line)),
                },
            },
        }],
    }
}

/// The plan's path as SARIF's `artifactLocation.uri` wants it: a relative
/// reference with `/` separators, or for an absolute path a `file:` URI
/// (SARIF1004 refuses a bare absolute path); percent-encoded either way.
fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let bytes = path.as_bytes();
    let drive =
        bytes.len() > 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':' && bytes[2] == b'/';
    if drive {
        // `C:/plans/p.yaml`: the drive's colon stays.
        let (letter, rest) = path.split_at(2);
        return format!("file:///{letter}{}", encode(rest));
    }
    if let Some(unc) = path.strip_prefix("//") {
        // `\\server\share\p.yaml`: the server is the authority.
        return format!("file://{}", encode(unc));
    }
    if path.starts_with('/') {
        return format!("file://{}", encode(&path));
    }
    let mut relative = path.as_str();
    while let Some(rest) = relative.strip_prefix("./") {
        relative = rest;
    }
    encode(relative)
}

/// Percent-encodes all but RFC 3986's unreserved characters and `/`; a `:`
/// is encoded too, so a relative path never reads as a scheme.
fn encode(path: &str) -> String {
    crate::markdown::percent_encode(path, b'/')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_names_are_pascal_case_ids() {
        for rule in RULES {
            let described = describe(rule);
            assert_ne!(described.name, described.id, "SARIF1001");
            assert_eq!(
                described.name.to_lowercase(),
                rule.id.as_str().replace('-', "")
            );
        }
        assert_eq!(pascal_case("invalid-value"), "InvalidValue");
        assert_eq!(pascal_case("no-formal-channel"), "NoFormalChannel");
        assert_eq!(pascal_case("yaml-syntax"), "YamlSyntax");
    }

    #[test]
    fn relative_paths_are_relative_references() {
        assert_eq!(uri("plan.yaml"), "plan.yaml");
        assert_eq!(uri("./plans/my plan.yaml"), "plans/my%20plan.yaml");
        assert_eq!(
            uri("..\\plans\\项目.yaml"),
            "../plans/%E9%A1%B9%E7%9B%AE.yaml"
        );
        assert_eq!(uri("a:b/p#1?.yaml"), "a%3Ab/p%231%3F.yaml");
    }

    #[test]
    fn absolute_paths_are_file_uris() {
        assert_eq!(uri("/tmp/my plan/p.yaml"), "file:///tmp/my%20plan/p.yaml");
        assert_eq!(
            uri("C:\\Users\\ana\\p 1.yaml"),
            "file:///C:/Users/ana/p%201.yaml"
        );
        assert_eq!(
            uri("\\\\server\\share\\p.yaml"),
            "file://server/share/p.yaml"
        );
    }
}
