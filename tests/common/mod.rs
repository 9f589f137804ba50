//! Helpers shared by the CLI test binaries.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `plan` in `dir` with colour off, so output is the same everywhere.
pub fn plan(dir: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_plan"))
        .current_dir(dir)
        .args(args)
        .env_remove("NO_COLOR")
        .env("COLUMNS", "100")
        .output()
        .expect("the plan binary runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// `plan diff OLD NEW --format notice --at AT` in `dir`.
pub fn notice(dir: &Path, old: &str, new: &str, at: &str) -> Run {
    plan(dir, &["diff", old, new, "--format", "notice", "--at", at])
}

/// `plan measure plan.yaml ARGS...` in tests/fixtures/measure.
pub fn measure(args: &[&str]) -> Run {
    let mut all = vec!["measure", "plan.yaml"];
    all.extend_from_slice(args);
    plan(&fixtures().join("measure"), &all)
}

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// A fresh, empty folder for one test under the target's temporary folder.
pub fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("the scratch folder can be made");
    dir
}

/// Where one test's build writes, not created: `site` in a folder of the
/// test's own. A first build locks its parent folder, so tests that build in
/// parallel must not share one.
pub fn site_dir(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(name)
        .join("site")
}

pub fn file_name(path: &Path) -> &str {
    path.file_name()
        .and_then(|n| n.to_str())
        .expect("fixture names are UTF-8")
}

pub fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).expect("output is JSON")
}

/// `plan build -q PLAN -o OUT EXTRA...` into a fresh `out`.
pub fn build_into(plan_dir: &Path, plan_file: &str, out: &Path, extra: &[&str]) -> Run {
    let _ = std::fs::remove_dir_all(out);
    let mut args = vec!["build", "-q", plan_file, "-o"];
    let out_text = out.display().to_string();
    args.push(&out_text);
    args.extend_from_slice(extra);
    plan(plan_dir, &args)
}

/// Every file under a folder with its bytes, by `/`-separated relative path, sorted.
pub fn read_tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let relative: Vec<String> = path
                    .strip_prefix(dir)
                    .unwrap()
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                files.push((relative.join("/"), std::fs::read(&path).unwrap()));
            }
        }
    }
    files.sort();
    files
}

/// A YAML text as JSON, read as `plan` reads it (YAML 1.2: `yes` is text),
/// for the checks that hold a plan against the JSON schema or its own tree.
pub fn yaml_as_json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, String> {
    let yaml_1_2 = serde_saphyr::options! { strict_booleans: true };
    serde_saphyr::from_str_with_options(text, yaml_1_2).map_err(|e| e.to_string())
}
