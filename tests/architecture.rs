//! The architecture's invariants as tests (rust-analyzer's "tidy" tests are
//! the model): plain Rust reading the files under `src/`. Each test fails
//! with the file and line that break its rule. docs/ARCHITECTURE.md
//! ("Invariants") says why each rule holds.
//!
//! The files are read as code: comments and the contents of string literals
//! are blanked and `#[cfg(test)]` items skipped, so only what the compiler
//! sees in the library counts.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails loudly"
)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Plain helpers that know nothing of the plan: every module may use them,
/// and they use only each other (`no_import_circles` keeps that a tree).
const FOUNDATION: &[&str] = &[
    "diagnostic", // one finding: rule, severity, message, spans
    "input",      // the one reader of input files
    "limits",     // every budget, with why
    "markdown",   // plan text made safe for HTML and Markdown
    "rules",      // rule ids and default levels
    "source",     // the plan's text, spans, line index
    "suggest",    // "did you mean"
    "terminal",   // plan text made safe for a terminal
];

/// The layers above the foundation, lowest first: each module with the
/// modules it builds on directly. A module may use those, everything they
/// build on (the closure) and the foundation, and nothing else: no later
/// stage and no sibling. A module builds only on modules listed above it,
/// so the table is the order of the pipeline. `crate` is `src/lib.rs`.
const LAYERS: &[(&str, &[&str])] = &[
    // Dates, zones, durations, recurrences: the only module that knows jiff.
    ("time", &[]),
    // The plan as typed data, in the time module's values.
    ("model", &["time"]),
    // The message catalogues, chosen by the model's locale.
    ("i18n", &["model"]),
    // Text -> model: the only module that knows the YAML library.
    ("load", &["model"]),
    // What types cannot express. Beside compile and lint, not under them.
    ("validate", &["model"]),
    // A valid plan resolved for the outputs.
    ("compile", &["model", "i18n"]),
    // The quality rules, on the compiled plan. Beside validate, not above it.
    ("lint", &["compile"]),
    // Findings in each output format, with the rules' texts.
    ("report", &["lint"]),
    // What changed between two plans (with the defaults applied: the task
    // columns' default headers are the catalogue's).
    ("diff", &["model", "i18n"]),
    // The plan's JSON Schema.
    ("schema", &["model"]),
    // The handbook's data: all that templates see.
    ("ir", &["compile", "diff"]),
    // Calendars, handbook, checklists: files in memory.
    ("render", &["ir"]),
    // The only code that touches the output folder.
    ("write", &["render"]),
    // What the commands compute, on the resolved plan: the agenda's window,
    // an escalation's walk, a reply's deadline, a build's settings.
    ("agenda", &["compile"]),
    ("escalation", &["compile"]),
    ("sla", &["compile"]),
    // Reply times measured against the plan's promises, as `plan sla` gives them.
    ("measure", &["sla"]),
    ("build", &["compile", "diff"]),
    // Late-change notices: occurrences two resolved plans hold differently.
    ("notice", &["compile"]),
    // `check`: load, validate, compile and lint in one call.
    ("crate", &["load", "validate", "lint"]),
    // Small resolved plans for unit tests (test builds only).
    ("test_plans", &["crate"]),
    // Arguments in, library calls, text out.
    (
        "cli",
        &[
            "crate",
            "report",
            "diff",
            "schema",
            "write",
            "agenda",
            "escalation",
            "sla",
            "build",
            "notice",
            "measure",
        ],
    ),
];

/// Circles between modules that are known, each with the issue that removes
/// it. An entry must name a circle that still exists: when it is broken, the
/// test asks for the entry to go, so none lingers.
const KNOWN_CIRCLES: &[(&[&str], &str)] = &[];

/// Where the file system may be used: the writer, the input reader, the
/// command line (which reads what its arguments name) and `plan measure`'s
/// source opener (a Slack export is a folder of files; the readers of each
/// format get bytes from it).
const FILE_SYSTEM_USERS: &[&str] = &[
    "src/write.rs",
    "src/input.rs",
    "src/cli/",
    "src/measure/source.rs",
];

/// Paths and methods that reach the file system.
const FILE_SYSTEM_NAMES: &[&str] = &[
    "std::fs",
    "fs::",
    "File::",
    "OpenOptions",
    ".metadata(",
    ".symlink_metadata(",
    ".canonicalize(",
    ".read_link(",
    ".read_dir(",
    ".exists(",
    ".try_exists(",
    ".is_file(",
    ".is_dir(",
    ".is_symlink(",
];

#[test]
fn serde_saphyr_is_named_only_in_load_tree() {
    let violations = lines_naming(&source_files(), "serde_saphyr", |path| {
        path == "src/load/tree.rs"
    });
    assert_none(
        "the YAML library (serde_saphyr) is named outside src/load/tree.rs; \
         only that file may know it, so that swapping it means rewriting one file",
        &violations,
    );
}

#[test]
fn the_plan_is_resolved_in_one_place() {
    // `compile::compile` is crate-private; `check_with` in src/lib.rs calls
    // it once per plan and hands the resolved plan to every later stage.
    let violations = lines_naming(&source_files(), "compile::compile", |path| {
        path == "src/lib.rs"
    });
    assert_none(
        "the plan is compiled outside `check_with` (src/lib.rs); \
         take the resolved plan from `Checked::resolved` instead of compiling again",
        &violations,
    );
    let lib = source_files()
        .into_iter()
        .find(|f| f.path == "src/lib.rs")
        .expect("src/lib.rs");
    let calls = lib
        .lines
        .iter()
        .filter(|l| names(&l.code, "compile::compile"))
        .count();
    assert_eq!(
        calls, 1,
        "src/lib.rs compiles the plan in exactly one place"
    );
}

#[test]
fn jiff_is_named_only_in_time() {
    let violations = lines_naming(&source_files(), "jiff", |path| {
        path.starts_with("src/time/")
    });
    assert_none(
        "the time library (jiff) is named outside src/time/; \
         give src/time/ a function for what you need",
        &violations,
    );
}

#[test]
fn only_the_writer_the_input_reader_and_the_cli_touch_the_file_system() {
    let mut violations = Vec::new();
    for file in source_files() {
        if FILE_SYSTEM_USERS
            .iter()
            .any(|user| file.path.starts_with(user))
        {
            continue;
        }
        for line in &file.lines {
            if let Some(name) = FILE_SYSTEM_NAMES
                .iter()
                .find(|name| names(&line.code, name))
            {
                violations.push(format!("{}: uses `{name}`", line.place(&file)));
            }
        }
    }
    assert_none(
        "the file system is used outside src/write.rs, src/input.rs and src/cli/; \
         the stages are pure: read inputs in src/input.rs, write in src/write.rs",
        &violations,
    );
}

#[test]
fn modules_import_only_the_layers_beneath_them() {
    let allowed = allowed_imports();
    let mut violations = Vec::new();
    for edge in imports(&source_files()) {
        let Some(may_use) = allowed.get(edge.from.as_str()) else {
            continue; // a module missing from the table: see the test below
        };
        if !may_use.contains(edge.to.as_str()) {
            violations.push(format!(
                "{}: `{}` imports `{}`, which is not beneath it\n      {}",
                edge.place, edge.from, edge.to, edge.code
            ));
        }
    }
    assert_none(
        "a module imports a later stage or a sibling; \
         move what both need down to a module beneath both (see LAYERS in tests/architecture.rs)",
        &violations,
    );
}

#[test]
fn the_layer_table_names_every_module_once_and_in_order() {
    let mut problems = Vec::new();
    let mut declared: Vec<&str> = FOUNDATION.to_vec();
    for (module, builds_on) in LAYERS {
        for below in *builds_on {
            if !declared.contains(below) {
                problems.push(format!(
                    "`{module}` builds on `{below}`, which is not above it"
                ));
            }
        }
        if declared.contains(module) {
            problems.push(format!("`{module}` is declared twice"));
        }
        declared.push(module);
    }
    let modules = top_level_modules();
    for module in &modules {
        if !declared.contains(&module.as_str()) {
            problems.push(format!(
                "src/{module} is in no layer: add it to FOUNDATION or LAYERS"
            ));
        }
    }
    for module in declared.iter().filter(|m| **m != "crate") {
        if !modules.contains(*module) {
            problems.push(format!("`{module}` is declared but is no module of src/"));
        }
    }
    assert_none(
        "FOUNDATION and LAYERS in tests/architecture.rs disagree with src/",
        &problems,
    );
}

#[test]
fn no_import_circles() {
    let edges = imports(&source_files());
    let mut problems = Vec::new();
    let mut known_seen = BTreeSet::new();
    for circle in circles(&edges) {
        let members: BTreeSet<&str> = circle.iter().map(|e| e.from.as_str()).collect();
        let known = KNOWN_CIRCLES
            .iter()
            .position(|(modules, _)| modules.iter().copied().collect::<BTreeSet<_>>() == members);
        if let Some(known) = known {
            known_seen.insert(known);
            continue;
        }
        let path: Vec<&str> = circle.iter().map(|e| e.from.as_str()).collect();
        let mut text = format!("{} -> {}", path.join(" -> "), path[0]);
        for edge in &circle {
            text.push_str(&format!("\n    {}: {}", edge.place, edge.code));
        }
        problems.push(text);
    }
    for (i, (modules, issue)) in KNOWN_CIRCLES.iter().enumerate() {
        if !known_seen.contains(&i) {
            problems.push(format!(
                "the known circle {modules:?} ({issue}) is gone: remove it from KNOWN_CIRCLES"
            ));
        }
    }
    assert_none(
        "modules of src/ import each other in a circle; \
         move what both need to a module beneath both",
        &problems,
    );
}

// The checks above rest on the scanner and the circle finder: they must see
// through comments, strings and test modules, and find a circle when there is one.

#[test]
fn the_scanner_reads_code_only() {
    let text = r##"use crate::model::Plan; // crate::lint in a comment
/* crate::ir
   in a block comment */
const QUOTE: char = '"';
fn f<'a>(x: &'a str) -> String { format!("crate::render {x}") + r#"crate::write"# }
let uses = crate::compile::compile;
#[cfg(test)]
mod tests {
    use crate::cli;
}
#[cfg(test)]
use crate::report;
"##;
    let file = scan("src/demo.rs", text);
    let code: Vec<(usize, &str)> = file
        .lines
        .iter()
        .map(|l| (l.number, l.code.trim()))
        .filter(|(_, code)| !code.is_empty())
        .collect();
    assert_eq!(
        code,
        [
            (1, "use crate::model::Plan;"),
            (4, "const QUOTE: char = ' ';"),
            (
                5,
                "fn f<'a>(x: &'a str) -> String { format!(\"\") + r#\"\"# }"
            ),
            (6, "let uses = crate::compile::compile;"),
        ]
    );
    let targets: Vec<String> = imports(&[file]).into_iter().map(|e| e.to).collect();
    assert_eq!(targets, ["model", "compile"]);
}

#[test]
fn the_circle_finder_names_each_circle_once() {
    let edge = |from: &str, to: &str| Edge {
        from: from.to_string(),
        to: to.to_string(),
        place: format!("src/{from}.rs:1"),
        code: String::new(),
    };
    let edges = [
        edge("a", "b"),
        edge("b", "c"),
        edge("c", "a"),
        edge("c", "d"),
        edge("d", "e"),
    ];
    let found: Vec<Vec<String>> = circles(&edges)
        .into_iter()
        .map(|c| c.into_iter().map(|e| e.from).collect())
        .collect();
    assert_eq!(found, [["a", "b", "c"]]);
}

/// A source file as the compiler sees it, line by line.
struct SourceFile {
    /// `src/load/tree.rs`
    path: String,
    /// The top-level module it belongs to (`load`), `crate` for src/lib.rs.
    module: String,
    lines: Vec<Line>,
    /// The modules declared `#[cfg(test)] mod name;`, whose files are test code.
    test_modules: Vec<String>,
}

struct Line {
    number: usize,
    /// The line with comments and string contents blanked.
    code: String,
}

impl Line {
    fn place(&self, file: &SourceFile) -> String {
        format!("{}:{}", file.path, self.number)
    }
}

/// A use of one module by another, and where.
#[derive(Clone)]
struct Edge {
    from: String,
    to: String,
    /// `src/lint/mod.rs:22`
    place: String,
    /// The line of code, trimmed.
    code: String,
}

fn source_files() -> Vec<SourceFile> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    collect_rust_files(&root.join("src"), &mut paths);
    paths.sort();
    let files: Vec<SourceFile> = paths
        .iter()
        .map(|path| {
            let text = std::fs::read_to_string(path).unwrap();
            let relative = path.strip_prefix(root).unwrap().to_string_lossy();
            scan(&relative.replace('\\', "/"), &text)
        })
        .collect();
    let test_files = out_of_line_test_modules(&files);
    files
        .into_iter()
        .filter(|f| !test_files.contains(&f.path))
        .collect()
}

fn collect_rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect_rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The modules declared in src/lib.rs.
fn top_level_modules() -> BTreeSet<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("src/lib.rs")).unwrap();
    text.lines()
        .map(str::trim)
        .filter_map(|line| line.strip_prefix("pub mod ").or(line.strip_prefix("mod ")))
        .map(|rest| rest.trim_end_matches(';').to_string())
        .collect()
}

/// The files of `#[cfg(test)] mod name;` declarations: test code, not library.
fn out_of_line_test_modules(files: &[SourceFile]) -> BTreeSet<String> {
    let mut tests = BTreeSet::new();
    for file in files {
        // Where a module's own modules live: src/ for lib.rs, src/x/ for
        // src/x.rs and src/x/mod.rs.
        let dir = match file.path.as_str() {
            "src/lib.rs" => "src",
            path => path
                .strip_suffix("/mod.rs")
                .unwrap_or_else(|| path.trim_end_matches(".rs")),
        };
        for name in &file.test_modules {
            tests.insert(format!("{dir}/{name}.rs"));
            tests.insert(format!("{dir}/{name}/mod.rs"));
        }
    }
    tests
}

/// Reads a file as code: comments and string contents blanked (newlines
/// kept, so line numbers stay true), `#[cfg(test)]` items dropped.
fn scan(path: &str, text: &str) -> SourceFile {
    let code = blank_comments_and_strings(text);
    let mut lines = Vec::new();
    let mut test_modules = Vec::new();
    let mut all = code.lines().enumerate().map(|(i, l)| (i + 1, l)).peekable();
    while let Some((number, line)) = all.next() {
        if line.trim() != "#[cfg(test)]" {
            lines.push(Line {
                number,
                code: line.to_string(),
            });
            continue;
        }
        // Skip the item the attribute applies to: one line ending in `;`,
        // or a block up to the `}` at the item's indentation (rustfmt's).
        while all.peek().is_some_and(|(_, l)| l.trim().starts_with("#[")) {
            all.next();
        }
        let Some((_, item)) = all.next() else { break };
        if item.trim_end().ends_with(';') {
            if let Some(name) = item.trim().strip_prefix("mod ") {
                test_modules.push(name.trim_end_matches(';').trim().to_string());
            }
            continue;
        }
        let indent = &item[..item.len() - item.trim_start().len()];
        let end = format!("{indent}}}");
        for (_, inner) in all.by_ref() {
            if inner.trim_end() == end {
                break;
            }
        }
    }
    SourceFile {
        path: path.to_string(),
        module: module_of(path),
        lines,
        test_modules,
    }
}

fn module_of(path: &str) -> String {
    let inside = path.strip_prefix("src/").unwrap_or(path);
    match inside {
        "lib.rs" | "main.rs" => "crate".to_string(),
        _ => {
            let first = inside.split('/').next().unwrap_or(inside);
            first.trim_end_matches(".rs").to_string()
        }
    }
}

/// The text with comments removed and string and char literals emptied
/// (`""`, `r#""#`, `' '`), newlines kept so that line numbers stay true.
fn blank_comments_and_strings(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let rest = &chars[i..];
        let word: String = chars[..i]
            .iter()
            .rev()
            .take_while(|c| is_ident(**c))
            .collect();
        let (len, placeholder) = match rest {
            ['/', '/', ..] => (
                rest.iter().take_while(|c| **c != '\n').count(),
                String::new(),
            ),
            ['/', '*', ..] => (block_comment_len(rest), String::new()),
            ['"', ..] => (quoted_len(rest), "\"\"".to_string()),
            ['\'', '\\', ..] => (quoted_len(rest), "' '".to_string()),
            ['\'', _, '\'', ..] => (3, "' '".to_string()),
            ['r', '"' | '#', ..] if word.is_empty() || word == "b" => match raw_string(rest) {
                Some((len, hashes)) => (len, format!("r{hashes}\"\"{hashes}")),
                None => (1, "r".to_string()),
            },
            [c, ..] => {
                out.push(*c);
                i += 1;
                continue;
            }
            [] => break,
        };
        out.push_str(&placeholder);
        out.extend(rest[..len].iter().filter(|c| **c == '\n'));
        i += len;
    }
    out
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The length of a `/* */` comment at the start of `rest` (they nest).
fn block_comment_len(rest: &[char]) -> usize {
    let mut depth = 0;
    let mut i = 0;
    while i < rest.len() {
        match rest[i..] {
            ['/', '*', ..] => depth += 1,
            ['*', '/', ..] => depth -= 1,
            _ => {
                i += 1;
                continue;
            }
        }
        i += 2;
        if depth == 0 {
            return i;
        }
    }
    rest.len()
}

/// The length of the string or char literal at the start of `rest`, up to
/// its closing quote (the one it opened with), escapes skipped.
fn quoted_len(rest: &[char]) -> usize {
    let mut i = 1;
    while i < rest.len() {
        match rest[i] {
            '\\' => i += 2,
            c if c == rest[0] => return i + 1,
            _ => i += 1,
        }
    }
    rest.len()
}

/// The raw string at the start of `rest` (`r"…"`, `r#"…"#`): its length and
/// its `#`s, if it is one.
fn raw_string(rest: &[char]) -> Option<(usize, String)> {
    let hashes: String = rest[1..].iter().take_while(|c| **c == '#').collect();
    let open = 1 + hashes.len();
    if rest.get(open) != Some(&'"') {
        return None;
    }
    let closing: Vec<char> = std::iter::once('"').chain(hashes.chars()).collect();
    let end = (open + 1..rest.len())
        .find(|at| rest[*at..].starts_with(&closing))
        .map_or(rest.len(), |at| at + closing.len());
    Some((end, hashes))
}

/// Whether `code` contains `name` as a whole word or path (not inside a
/// longer identifier: `SourceFile::` does not name `File::`).
fn names(code: &str, name: &str) -> bool {
    code.match_indices(name).any(|(at, _)| {
        let before = code[..at].chars().next_back();
        let after = code[at + name.len()..].chars().next();
        let starts_word = name.starts_with(|c| !is_ident(c)) || !before.is_some_and(is_ident);
        let ends_word = name.ends_with(|c| !is_ident(c)) || !after.is_some_and(is_ident);
        starts_word && ends_word
    })
}

/// Every line outside `allowed` files that names `name`, as `file:line`.
fn lines_naming(files: &[SourceFile], name: &str, allowed: impl Fn(&str) -> bool) -> Vec<String> {
    let mut found = Vec::new();
    for file in files.iter().filter(|f| !allowed(&f.path)) {
        for line in file.lines.iter().filter(|l| names(&l.code, name)) {
            found.push(format!("{}: {}", line.place(file), line.code.trim()));
        }
    }
    found
}

/// Every use of one top-level module by another: `crate::module` paths,
/// `super::` from a module's root file, and plain `module::` paths in src/lib.rs.
fn imports(files: &[SourceFile]) -> Vec<Edge> {
    let modules = top_level_modules();
    let mut edges = Vec::new();
    for file in files.iter().filter(|f| f.path != "src/main.rs") {
        // `super::` in src/x.rs or src/x/mod.rs names the crate root.
        let depth = file.path.matches('/').count();
        let is_module_root = depth == 1 || (depth == 2 && file.path.ends_with("/mod.rs"));
        for line in &file.lines {
            let mut targets: Vec<String> = paths_after(&line.code, "crate::")
                .map(|name| {
                    if modules.contains(&name) {
                        name
                    } else {
                        "crate".to_string()
                    }
                })
                .collect();
            if is_module_root
                && file.module != "crate"
                && paths_after(&line.code, "super::").next().is_some()
            {
                targets.push("crate".to_string());
            }
            if file.module == "crate" {
                targets.extend(
                    modules
                        .iter()
                        .filter(|m| names(&line.code, &format!("{m}::")))
                        .cloned(),
                );
            }
            for to in targets {
                if to != file.module {
                    edges.push(Edge {
                        from: file.module.clone(),
                        to,
                        place: line.place(file),
                        code: line.code.trim().to_string(),
                    });
                }
            }
        }
    }
    edges
}

/// The identifiers that follow `prefix` (`crate::`) where it starts a path.
fn paths_after<'a>(code: &'a str, prefix: &'a str) -> impl Iterator<Item = String> + 'a {
    code.match_indices(prefix).filter_map(move |(at, _)| {
        let before = code[..at].chars().next_back();
        if before.is_some_and(|c| is_ident(c) || c == ':') {
            return None;
        }
        let rest = &code[at + prefix.len()..];
        let name: String = rest.chars().take_while(|c| is_ident(*c)).collect();
        (!name.is_empty()).then_some(name)
    })
}

/// What each module may import: the foundation, and for a layer what it
/// builds on, transitively.
fn allowed_imports() -> BTreeMap<&'static str, BTreeSet<&'static str>> {
    let mut allowed: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for module in FOUNDATION {
        allowed.insert(module, FOUNDATION.iter().copied().collect());
    }
    for (module, builds_on) in LAYERS {
        let mut may_use: BTreeSet<&str> = FOUNDATION.iter().copied().collect();
        for below in *builds_on {
            may_use.insert(below);
            may_use.extend(allowed.get(below).into_iter().flatten().copied());
        }
        allowed.insert(module, may_use);
    }
    allowed
}

/// One circle per group of modules that reach each other (a strongly
/// connected component of two or more), as the edges of one cycle through it.
fn circles(edges: &[Edge]) -> Vec<Vec<Edge>> {
    let mut graph: BTreeMap<&str, BTreeMap<&str, &Edge>> = BTreeMap::new();
    for edge in edges {
        graph
            .entry(edge.from.as_str())
            .or_default()
            .entry(edge.to.as_str())
            .or_insert(edge);
    }
    let reaches = |from: &str, to: &str| -> bool {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from];
        while let Some(node) = stack.pop() {
            for next in graph.get(node).into_iter().flat_map(|n| n.keys()) {
                if *next == to {
                    return true;
                }
                if seen.insert(*next) {
                    stack.push(next);
                }
            }
        }
        false
    };
    let mut grouped: BTreeSet<&str> = BTreeSet::new();
    let mut found = Vec::new();
    for start in graph.keys().copied() {
        if grouped.contains(start) || !reaches(start, start) {
            continue;
        }
        let group: BTreeSet<&str> = graph
            .keys()
            .copied()
            .filter(|m| *m == start || (reaches(start, m) && reaches(m, start)))
            .collect();
        grouped.extend(&group);
        found.push(cycle_through(start, &group, &graph));
    }
    found
}

/// A shortest cycle from `start` back to it within `group` (breadth first).
fn cycle_through(
    start: &str,
    group: &BTreeSet<&str>,
    graph: &BTreeMap<&str, BTreeMap<&str, &Edge>>,
) -> Vec<Edge> {
    let mut came_from: BTreeMap<&str, &Edge> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(node) = queue.pop_front() {
        for (next, edge) in graph.get(node).into_iter().flatten() {
            if !group.contains(next) || came_from.contains_key(next) {
                continue;
            }
            came_from.insert(next, edge);
            if *next == start {
                queue.clear();
                break;
            }
            queue.push_back(next);
        }
    }
    let mut cycle = Vec::new();
    let mut node = start;
    while let Some(edge) = came_from.get(node) {
        cycle.push((*edge).clone());
        node = edge.from.as_str();
        if node == start {
            break;
        }
    }
    cycle.reverse();
    cycle
}

fn assert_none(rule: &str, violations: &[String]) {
    assert!(
        violations.is_empty(),
        "{rule}:\n  {}\n",
        violations.join("\n  ")
    );
}

/// The fuzz crate's lock names exactly the library's dependencies: a
/// dependency added without updating `fuzz/Cargo.lock` would make the CI's
/// fuzz build rewrite it in a clean clone (`cd fuzz && cargo update -w`).
#[test]
fn the_fuzz_lock_names_every_dependency_of_the_library() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
    let mut declared = BTreeSet::new();
    let mut in_dependencies = false;
    for line in manifest.lines() {
        if line.starts_with('[') {
            in_dependencies = line == "[dependencies]" || line.ends_with(".dependencies]");
        } else if in_dependencies && let Some((name, _)) = line.split_once(" = ") {
            declared.insert(name.trim().to_string());
        }
    }
    let lock = std::fs::read_to_string(root.join("fuzz/Cargo.lock")).unwrap();
    let entry = lock
        .split("[[package]]")
        .find(|p| p.contains("\nname = \"commplan\"\n"))
        .expect("fuzz/Cargo.lock has commplan");
    let locked: BTreeSet<String> = entry
        .lines()
        .skip_while(|l| !l.starts_with("dependencies = ["))
        .skip(1)
        .take_while(|l| !l.starts_with(']'))
        .filter_map(|l| {
            l.trim()
                .trim_end_matches(',')
                .trim_matches('"')
                .split(' ')
                .next()
        })
        .map(str::to_string)
        .collect();
    assert_eq!(
        locked, declared,
        "fuzz/Cargo.lock is stale: run `cd fuzz && cargo update -w` and commit it"
    );
}
