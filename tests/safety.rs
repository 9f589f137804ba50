//! `plan` never loses a user's file: what `plan build` may replace, what it
//! reads, and what a killed build leaves behind (docs/security.md).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails loudly"
)]

mod common;

use std::path::{Path, PathBuf};

use common::{Run, fixtures, plan, scratch};

/// A folder with a valid plan in it, as a user's repository would be.
fn project(name: &str) -> PathBuf {
    let dir = scratch(name);
    std::fs::copy(fixtures().join("valid/minimal.yaml"), dir.join("plan.yaml")).unwrap();
    dir
}

fn with_outputs(dir: &Path, outputs: &str) {
    let text = std::fs::read_to_string(dir.join("plan.yaml")).unwrap();
    std::fs::write(dir.join("plan.yaml"), format!("{text}outputs:\n{outputs}")).unwrap();
}

/// Every file under `dir` with its contents, links not followed.
fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            let kind = std::fs::symlink_metadata(&path).unwrap();
            let name = path.strip_prefix(dir).unwrap().display().to_string();
            if kind.is_dir() {
                stack.push(path);
            } else if kind.is_symlink() {
                let target = std::fs::read_link(&path).unwrap();
                found.push((name, target.display().to_string().into_bytes()));
            } else {
                found.push((name, std::fs::read(&path).unwrap()));
            }
        }
    }
    found.sort();
    found
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn user_files(dir: &Path) {
    std::fs::create_dir_all(dir.join("chapters")).unwrap();
    std::fs::write(dir.join("thesis.docx"), "four years of work").unwrap();
    std::fs::write(dir.join("chapters/one.md"), "# One").unwrap();
}

#[test]
fn a_folder_of_user_files_is_refused_and_survives() {
    let dir = project("safety-user-files");
    user_files(&dir.join("Documents"));
    let before = tree(&dir);
    let run = plan(&dir, &["build", "-o", "Documents"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        run.stderr.contains("refusing to replace `Documents`")
            && run.stderr.contains("was not written by `plan build`")
            && run.stderr.contains("--force"),
        "{}",
        run.stderr
    );
    assert_eq!(
        tree(&dir),
        before,
        "nothing is written, nothing is left beside it"
    );
}

#[test]
fn the_plans_own_folder_and_the_plan_file_are_never_replaced() {
    let dir = project("safety-own-folder");
    let before = tree(&dir);
    for (args, reason) in [
        (&["build", "-o", "."][..], "it holds the plan `plan.yaml`"),
        (&["build", "-o", "..", "--force"], "it holds the plan"),
        (
            &["build", "-o", "plan.yaml", "--force"],
            "it is the plan `plan.yaml`",
        ),
        (
            &["build", "-o", "/", "--force"],
            "the root of the file system",
        ),
    ] {
        let run = plan(&dir, args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stdout);
        assert!(run.stderr.contains(reason), "{args:?}: {}", run.stderr);
        assert_eq!(tree(&dir), before, "{args:?}");
    }
}

#[test]
fn a_plan_cannot_point_its_output_at_git_its_own_folder_or_beside_it() {
    for (name, outputs, message) in [
        (
            "git",
            "  dir: .git\n",
            "is inside the repository's `.git` folder",
        ),
        (
            "git-case",
            "  dir: ./.GIT/x\n",
            "is inside the repository's `.git` folder",
        ),
        (
            "dot",
            "  dir: .\n",
            "is not a folder inside the plan's folder",
        ),
        (
            "parent",
            "  dir: ../elsewhere\n",
            "is not a folder inside the plan's folder",
        ),
        (
            "plan-file",
            "  dir: plan.yaml\n",
            "cannot be the output folder: it is the plan",
        ),
    ] {
        let dir = project(&format!("safety-outputs-{name}"));
        std::fs::create_dir_all(dir.join(".git/refs")).unwrap();
        std::fs::write(dir.join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
        with_outputs(&dir, outputs);
        let before = tree(&dir);
        let run = plan(&dir, &["build", "--force"]);
        assert_eq!(run.code, 1, "{name}: {}{}", run.stdout, run.stderr);
        assert!(
            run.stdout.contains("error[invalid-value]") && run.stdout.contains(message),
            "{name}: {}",
            run.stdout
        );
        assert_eq!(tree(&dir), before, "{name}");
    }
}

#[test]
fn a_sibling_source_folder_is_refused() {
    let dir = project("safety-sibling");
    user_files(&dir.join("src"));
    with_outputs(&dir, "  dir: src\n");
    let before = tree(&dir);
    let run = plan(&dir, &["build"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("pass `--force`"), "{}", run.stderr);
    assert_eq!(tree(&dir), before);
}

#[cfg(unix)]
#[test]
fn a_committed_link_cannot_lead_the_output_out_of_the_plans_folder() {
    let root = scratch("safety-link-escape");
    let dir = root.join("repo");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(fixtures().join("valid/minimal.yaml"), dir.join("plan.yaml")).unwrap();
    user_files(&root.join("outside/x"));
    std::os::unix::fs::symlink("../outside", dir.join("link")).unwrap();
    with_outputs(&dir, "  dir: link/x\n");
    let before = tree(&root);
    let run = plan(&dir, &["build", "--force"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .contains("leads outside the plan's folder, through a link"),
        "{}",
        run.stdout
    );
    assert_eq!(tree(&root), before);
}

#[test]
fn force_never_replaces_a_repository_or_the_working_directory() {
    let dir = project("safety-force");
    user_files(&dir.join("checkout"));
    std::fs::create_dir_all(dir.join("checkout/.git")).unwrap();
    std::fs::create_dir_all(dir.join("cwd")).unwrap();
    let before = tree(&dir);
    let run = plan(&dir, &["build", "-o", "checkout", "--force"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("it holds a git repository"),
        "{}",
        run.stderr
    );
    let run = plan(
        &dir.join("cwd"),
        &["build", "../plan.yaml", "-o", ".", "--force"],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("it is the working directory"),
        "{}",
        run.stderr
    );
    assert_eq!(tree(&dir), before);
}

#[test]
fn the_builds_own_folder_is_replaced_and_a_stranger_in_it_stops_the_next_build() {
    let dir = project("safety-rebuild");
    let first = plan(&dir, &["build"]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let manifest = std::fs::read_to_string(dir.join("site/.plan-build")).unwrap();
    assert!(manifest.starts_with("# Written by `plan build`"));
    assert!(manifest.contains("\ncalendars/plan.ics\n"), "{manifest}");
    assert_eq!(
        plan(&dir, &["build"]).code,
        0,
        "the build's own folder is replaced"
    );
    assert_eq!(
        names(&dir),
        ["plan.lock", "plan.yaml", "site"],
        "no staging folder is left, and the lock is beside the plan"
    );

    std::fs::write(dir.join("site/CNAME"), "plan.example.com").unwrap();
    let run = plan(&dir, &["build"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("`CNAME` in it was not written by `plan build`"),
        "{}",
        run.stderr
    );
    assert!(dir.join("site/CNAME").exists());
    assert_eq!(plan(&dir, &["build", "--force"]).code, 0);
    assert!(
        !dir.join("site/CNAME").exists(),
        "--force replaces the folder"
    );

    // An empty folder is the build's to fill.
    std::fs::create_dir_all(dir.join("empty")).unwrap();
    assert_eq!(plan(&dir, &["build", "-o", "empty"]).code, 0);
    assert_eq!(plan(&dir, &["build", "--check", "-o", "empty"]).code, 0);
}

#[cfg(unix)]
#[test]
fn template_links_out_of_the_template_folder_are_refused() {
    for target in ["/etc/passwd", "/proc/self/environ", "/dev/zero"] {
        let dir = project("safety-template-link");
        std::fs::create_dir_all(dir.join("tpl")).unwrap();
        std::os::unix::fs::symlink(target, dir.join("tpl/handbook.html.j2")).unwrap();
        let run = plan(&dir, &["build", "--templates", "tpl"]);
        assert_eq!(run.code, 2, "{target}: {}", run.stdout);
        assert!(
            run.stderr.contains("outside the template folder"),
            "{target}: {}",
            run.stderr
        );
        assert!(!dir.join("site").exists(), "{target}");

        with_outputs(&dir, "  templates: tpl\n");
        let run = plan(&dir, &["build"]);
        assert_eq!(run.code, 2, "{target}");
        assert!(!dir.join("site").exists(), "{target}");
    }
}

#[cfg(unix)]
#[test]
fn a_plan_that_never_ends_is_read_only_up_to_the_limit() {
    let dir = project("safety-dev-zero");
    std::os::unix::fs::symlink("/dev/zero", dir.join("zero.yaml")).unwrap();
    for (args, message) in [
        (
            &["lint", "/dev/zero"][..],
            "is not a regular file and gives more than",
        ),
        (
            &["build", "plan.yaml", "--previous", "/dev/zero"],
            "is not a regular file and gives more than",
        ),
        (
            &["diff", "/dev/zero", "plan.yaml"],
            "is not a regular file and gives more than",
        ),
        (
            &["lint", "zero.yaml"],
            "is a link to `/dev/zero`, outside the folder it is in",
        ),
        (
            &["build", "zero.yaml"],
            "is a link to `/dev/zero`, outside the folder it is in",
        ),
    ] {
        let run = plan(&dir, args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stdout);
        assert!(run.stderr.contains(message), "{args:?}: {}", run.stderr);
    }
}

/// A committed `plan.yaml` link cannot make `plan` quote the machine's files
/// (CI secrets in `/proc/self/environ`, keys) in its diagnostics.
#[cfg(unix)]
#[test]
fn a_plan_link_out_of_its_folder_is_not_read() {
    let dir = scratch("safety-plan-link");
    std::os::unix::fs::symlink("/proc/self/environ", dir.join("plan.yaml")).unwrap();
    let run = plan(&dir, &["lint"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("outside the folder it is in"),
        "{}",
        run.stderr
    );
    assert!(!run.stdout.contains("PATH=") && !run.stderr.contains("PATH="));
    let run = plan(&dir, &["lint", "/proc/self/environ"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("as the files under `/proc` do"),
        "{}",
        run.stderr
    );
    assert!(!run.stdout.contains("PATH=") && !run.stderr.contains("PATH="));
}

#[cfg(unix)]
#[test]
fn build_check_follows_no_link_in_the_output_folder() {
    let dir = project("safety-check-links");
    assert_eq!(plan(&dir, &["build"]).code, 0);
    std::fs::remove_file(dir.join("site/plan.json")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", dir.join("site/plan.json")).unwrap();
    std::os::unix::fs::symlink("loop", dir.join("site/loop")).unwrap();
    std::os::unix::fs::symlink(".", dir.join("site/calendars/again")).unwrap();
    let run = plan(&dir, &["build", "--check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stdout.contains("stale: ./site/plan.json"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("extra: ./site/loop"), "{}", run.stdout);
    assert!(
        run.stdout.contains("extra: ./site/calendars/again"),
        "{}",
        run.stdout
    );
}

#[test]
fn runaway_templates_are_stopped_by_the_builds_budget() {
    for (template, message) in [
        (
            "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
            "used up the build's budget of work",
        ),
        (
            "{% for i in range(1000) %}{% for j in range(1000) %}{{ 'x' * 1000 }}{% endfor %}{% endfor %}",
            "would pass the size limit of a build",
        ),
    ] {
        let dir = project("safety-runaway");
        std::fs::create_dir_all(dir.join("tpl/checklists")).unwrap();
        std::fs::write(dir.join("tpl/checklists/meeting.md.j2"), template).unwrap();
        let run = plan(&dir, &["build", "--templates", "tpl"]);
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert!(run.stdout.contains(message), "{}", run.stdout);
        assert!(
            run.stdout.contains("`checklists/meeting"),
            "names the file: {}",
            run.stdout
        );
        assert_eq!(names(&dir), ["plan.yaml", "tpl"], "nothing is left behind");
    }
}

#[test]
fn diff_never_passes_a_revision_to_git_as_an_option() {
    let dir = project("safety-diff-option");
    let run: Run = plan(
        &dir,
        &["diff", "--", "--output=written-by-git", "plan.yaml"],
    );
    assert_eq!(run.code, 2);
    assert!(!dir.join("written-by-git").exists());
}

#[cfg(unix)]
#[test]
fn init_overwrites_nothing_and_writes_through_no_link() {
    let dir = scratch("safety-init");
    std::fs::write(dir.join("plan.schema.json"), "{\"mine\": true}").unwrap();
    let run = plan(&dir, &["init"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("plan.schema.json` exists already"),
        "{}",
        run.stderr
    );
    assert!(!dir.join("plan.yaml").exists());

    let dir = scratch("safety-init-link");
    std::os::unix::fs::symlink("../elsewhere.yaml", dir.join("plan.yaml")).unwrap();
    assert_eq!(
        plan(&dir, &["init"]).code,
        2,
        "a dangling link counts as there"
    );
    assert_eq!(plan(&dir, &["-q", "init", "--force"]).code, 0);
    assert!(
        !dir.join("../elsewhere.yaml").exists(),
        "the link is replaced, not followed"
    );
    assert!(
        std::fs::symlink_metadata(dir.join("plan.yaml"))
            .unwrap()
            .is_file()
    );
}

/// A plan big enough that a build takes a while to write.
fn many_meetings(title: &str) -> String {
    let base = std::fs::read_to_string(fixtures().join("valid/minimal.yaml")).unwrap();
    let mut meetings = String::from("meetings:\n");
    for i in 0..60 {
        meetings.push_str(&format!(
            "  m{i}:\n    title: {title} {i}\n    audiences: [client, team]\n    owner: ana\n    channel: zoom\n    \
             schedule: {{every: week, on: [wed], at: \"10:00\", duration: 30m}}\n"
        ));
    }
    base.replacen("meetings:\n", &meetings, 1)
}

/// Kills builds at ever later moments: whenever it dies, the output folder
/// is the old build or the new one, whole, and the next build cleans up.
#[cfg(unix)]
#[test]
fn a_build_killed_at_any_moment_leaves_the_old_or_the_new_output() {
    let dir = scratch("safety-kill");
    std::fs::write(dir.join("old.yaml"), many_meetings("Old")).unwrap();
    std::fs::write(dir.join("new.yaml"), many_meetings("New")).unwrap();
    assert_eq!(plan(&dir, &["build", "old.yaml", "-o", "site"]).code, 0);
    let mut delay_ms = 0;
    let mut saw_new = false;
    while !saw_new {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_plan"))
            .current_dir(&dir)
            .args(["-q", "build", "new.yaml", "-o", "site"])
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let finished = child.wait().unwrap().success();
        let old = plan(&dir, &["-q", "build", "--check", "old.yaml", "-o", "site"]).code == 0;
        let new = plan(&dir, &["-q", "build", "--check", "new.yaml", "-o", "site"]).code == 0;
        assert!(
            old ^ new,
            "killed after {delay_ms} ms: the output is neither build"
        );
        saw_new = new;
        if finished {
            assert!(new);
        }
        // The next build repairs what the killed one left, then writes the old output again.
        assert_eq!(
            plan(&dir, &["-q", "build", "old.yaml", "-o", "site"]).code,
            0
        );
        // The plans' locks are the plans' own: the one of `new.yaml` is
        // there once a build of it got that far (see below).
        let mut output = names(&dir);
        output.retain(|name| !name.contains(".lock"));
        assert_eq!(
            output,
            ["new.yaml", "old.yaml", "site"],
            "after {delay_ms} ms"
        );
        delay_ms = delay_ms * 2 + 5;
        assert!(delay_ms < 120_000, "the build never finished");
    }
    // A whole build of each leaves its lock and nothing else beside it,
    // whatever a killed one left.
    assert_eq!(
        plan(&dir, &["-q", "build", "new.yaml", "-o", "site"]).code,
        0
    );
    assert_eq!(
        names(&dir),
        ["new.lock", "new.yaml", "old.lock", "old.yaml", "site"]
    );
}
