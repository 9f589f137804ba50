//! What the documentation shows is true: the examples lint clean (and
//! validate against `plan schema`: `tests/schema.rs`), the README and the format reference hold
//! valid plans, the CI recipes call real commands, the generated pages
//! (`docs/cli.md`, `docs/rules.md`) are current, and so are the rule table
//! and rule counts of `docs/plan-format.md` and `README.md`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails loudly"
)]

use std::path::{Path, PathBuf};

mod common;
use common::{fixtures, plan};

#[test]
fn every_example_lints_clean() {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut count = 0;
    for entry in std::fs::read_dir(&examples).unwrap() {
        let dir = entry.unwrap().path();
        if !dir.join("plan.yaml").exists() {
            continue;
        }
        count += 1;
        let run = plan(&dir, &["lint", "--color", "never", "plan.yaml"]);
        assert_eq!(
            (run.code, run.stdout.as_str()),
            (0, "plan.yaml: no problems found\n"),
            "{}",
            dir.display()
        );
    }
    assert!(count >= 2, "the examples are found");
}

/// The README's short plan is valid, and its typo output is what `plan` prints.
#[test]
fn the_readme_example_is_true() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let start = readme.find("```yaml\n").expect("README has a plan") + "```yaml\n".len();
    let end = start + readme[start..].find("```").unwrap();
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("readme");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("plan.yaml"), &readme[start..end]).unwrap();
    // A short plan: valid, with lint warnings about what it leaves out.
    let run = plan(&dir, &["lint", "--color", "never"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(!run.stdout.contains("error["), "{}", run.stdout);

    let typo = readme[start..end].replace("channel: zoom\n", "channel: zoon\n");
    std::fs::write(dir.join("plan.yaml"), typo).unwrap();
    let run = plan(&dir, &["lint", "--color", "never", "-q"]);
    let shown_start = readme.find("```text\n").unwrap() + "```text\n".len();
    let shown = &readme[shown_start..shown_start + readme[shown_start..].find("```").unwrap()];
    assert_eq!(run.stdout.trim_end(), shown.trim_end());
}

/// Every complete plan shown in the format reference is valid.
#[test]
fn the_format_reference_shows_valid_plans() {
    let docs =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/plan-format.md"))
            .unwrap();
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("docs");
    std::fs::create_dir_all(&dir).unwrap();
    let plans: Vec<&str> = docs
        .split("```yaml\n")
        .skip(1)
        .filter_map(|block| block.split("```").next())
        .filter(|block| block.starts_with("version: 1\nproject:"))
        .collect();
    assert!(!plans.is_empty());
    for plan_text in plans {
        std::fs::write(dir.join("plan.yaml"), plan_text).unwrap();
        let run = plan(&dir, &["lint", "--color", "never"]);
        assert_eq!(run.code, 0, "{plan_text}\n{}", run.stdout);
    }
}

#[test]
fn completions_and_man_page() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let run = plan(&fixtures(), &["completions", shell]);
        assert_eq!(run.code, 0);
        assert!(
            run.stdout.contains("simulate"),
            "{shell} completes the commands"
        );
    }
    let man = plan(&fixtures(), &["man"]);
    assert_title(&man.stdout, "plan");
    // Every page plan(1) refers to is there: `plan man lint` is plan-lint(1),
    // and a command's own commands too (plan-export-tasks(1)).
    let mut pages = vec![(Vec::new(), man.stdout)];
    let mut seen = 0;
    while let Some((path, page)) = pages.pop() {
        seen += 1;
        for line in page.lines() {
            let Some(name) = line
                .strip_suffix("(1)")
                .and_then(|l| l.strip_prefix("plan\\-"))
            else {
                continue;
            };
            let mut sub: Vec<String> = path.clone();
            sub.push(name.rsplit("\\-").next().unwrap().to_string());
            let args: Vec<&str> = ["man"]
                .into_iter()
                .chain(sub.iter().map(String::as_str))
                .collect();
            let run = plan(&fixtures(), &args);
            assert_eq!(run.code, 0, "plan {args:?}: {}", run.stderr);
            assert_title(&run.stdout, &format!("plan-{}", sub.join("-")));
            pages.push((sub, run.stdout));
        }
    }
    assert!(seen > 10, "{seen} pages");
    let unknown = plan(&fixtures(), &["man", "nope"]);
    assert_eq!(unknown.code, 2);
    assert!(
        unknown.stderr.contains("help: one of: lint, init"),
        "{}",
        unknown.stderr
    );
}

/// A man page's `.TH` line: its name, section 1, an empty date kept in its
/// place, the package and version, the manual, and nothing after.
fn assert_title(page: &str, name: &str) {
    let title = format!(
        ".TH {name} 1 \"\" \"plan {}\" \"User Commands\"\n",
        env!("CARGO_PKG_VERSION")
    );
    assert!(page.contains(&title), "{title}in\n{page}");
}

/// `plan explain <TAB>` offers every rule id, `--allow`/`--warn` every lint
/// rule's, `--deny` those and `warnings`, in bash, zsh and fish.
#[test]
fn completions_offer_rule_ids() {
    for shell in ["bash", "zsh", "fish"] {
        let run = plan(&fixtures(), &["completions", shell]);
        assert_eq!(run.code, 0);
        for rule in commplan::rules::RuleId::ALL {
            assert!(
                run.stdout.contains(rule.as_str()),
                "{shell} completes {rule}"
            );
        }
        // `--deny`'s values: on its line (zsh, fish) or the next (bash).
        let lines: Vec<&str> = run.stdout.lines().collect();
        let deny = lines
            .windows(2)
            .filter(|pair| pair[0].contains("deny"))
            .map(|pair| pair.join("\n"))
            .collect::<Vec<_>>()
            .join("\n");
        assert!(deny.contains("warnings"), "{shell}: {deny}");
    }
    // Fish's script from clap_complete completes options only; `plan
    // completions` adds the rule ids as `plan explain`'s arguments.
    let fish = plan(&fixtures(), &["completions", "fish"]).stdout;
    let explain = fish
        .split_once("__fish_plan_using_subcommand explain\" -f -a \"")
        .and_then(|(_, values)| values.split_once("\"\n"))
        .map(|(values, _)| values)
        .unwrap_or_default();
    assert_eq!(
        explain.lines().count(),
        commplan::rules::RuleId::ALL.len(),
        "{explain}"
    );
    assert!(
        explain.contains("\nunknown-field\\t'a key the format does not have (usually a typo)'\n"),
        "fish offers each rule with its summary: {explain}"
    );
}

/// Every `plan` command in the CI recipes parses with the real CLI.
#[test]
fn ci_recipes_are_valid_yaml_and_call_real_commands() {
    use clap::Parser;
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let docs = std::fs::read_to_string(root.join("docs/ci.md")).unwrap();
    let hooks = std::fs::read_to_string(root.join(".pre-commit-hooks.yaml")).unwrap();
    let blocks: Vec<&str> = docs
        .split("```yaml\n")
        .skip(1)
        .filter_map(|b| b.split("```").next())
        .chain([hooks.as_str()])
        .collect();
    let mut commands = 0;
    for block in blocks {
        let _: serde_json::Value =
            common::yaml_as_json(block).unwrap_or_else(|e| panic!("{e}\n{block}"));
        for line in block.lines() {
            let line = line
                .trim()
                .trim_start_matches("- ")
                .trim_start_matches("run: ")
                .trim_start_matches("entry: ");
            let Some(at) = line.find("plan ").filter(|at| {
                *at == 0 || line[..*at].ends_with(") ") || line[..*at].ends_with("; ")
            }) else {
                continue;
            };
            let mut command = line[at..]
                .split(['>', '|'])
                .next()
                .unwrap()
                .trim()
                .to_string();
            // A `${{ expression }}` is one value.
            while let (Some(start), Some(end)) = (command.find("${{"), command.find("}}")) {
                command.replace_range(start..end + 2, "$expr");
            }
            let words: Vec<&str> = command.split_whitespace().collect();
            // A `${{ ... }}` or `$(...)` stands for a value: give the parser one.
            let words: Vec<String> = words
                .iter()
                .map(|w| {
                    if w.contains('$') {
                        "value".to_string()
                    } else {
                        (*w).to_string()
                    }
                })
                .collect();
            commplan::cli::Cli::try_parse_from(&words)
                .unwrap_or_else(|e| panic!("`{command}`: {e}"));
            commands += 1;
        }
    }
    assert!(commands >= 8, "found {commands} commands");
}

/// A generated page matches what the code generates now; `UPDATE_DOCS=1`
/// writes it first if it differs (other tests read some of these pages).
fn assert_generated_page_current(page: &str, generated: &str, test: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(page);
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    if std::env::var_os("UPDATE_DOCS").is_some() && current != generated {
        std::fs::write(&path, generated).unwrap();
        return;
    }
    assert!(
        current == generated,
        "{page} is stale: run `UPDATE_DOCS=1 cargo test --test docs {test}`"
    );
}

#[test]
fn docs_cli_md_is_current() {
    let generated = commplan::cli::reference_markdown();
    assert_generated_page_current("docs/cli.md", &generated, "docs_cli_md");
}

#[test]
fn docs_rules_md_is_current() {
    let generated = commplan::lint::rules_markdown();
    assert_generated_page_current("docs/rules.md", &generated, "docs_rules_md");
}

/// What a page that is partly generated from the rule table should read:
/// `page` with the text between `before` and the next `after` replaced.
fn with_between(page: &str, text: &str, before: &str, after: &str, new: &str) -> String {
    let start = text
        .find(before)
        .map(|at| at + before.len())
        .unwrap_or_else(|| panic!("{page} lacks `{before}`"));
    let end = text[start..]
        .find(after)
        .map(|at| start + at)
        .unwrap_or_else(|| panic!("{page} lacks `{after}` after `{before}`"));
    format!("{}{new}{}", &text[..start], &text[end..])
}

fn validation_rules() -> Vec<&'static str> {
    commplan::rules::RuleId::ALL
        .iter()
        .filter(|r| r.is_validation())
        .map(|r| r.as_str())
        .collect()
}

/// The lint rules' table of `docs/plan-format.md` is generated between its
/// markers; the count of validation rules is kept in words.
#[test]
fn plan_format_md_rule_table_is_current() {
    const WORDS: [&str; 11] = [
        "no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    ];
    let page = "docs/plan-format.md";
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(page)).unwrap();
    let generated = with_between(
        page,
        &text,
        "<!-- The table is generated from the rules: UPDATE_DOCS=1 cargo test --test docs -->\n\n",
        "\n<!-- End of the generated table. -->",
        &commplan::lint::lint_rules_table(),
    );
    let count = validation_rules().len();
    let count = WORDS
        .get(count)
        .map_or(count.to_string(), |w| w.to_string());
    let generated = with_between(
        page,
        &generated,
        "\nThese ",
        " rules report plans that cannot be understood",
        &count,
    );
    assert_generated_page_current(page, &generated, "plan_format_md");
}

/// The validation rules' table explains each rule by hand; it names every
/// validation rule, in order.
#[test]
fn plan_format_md_names_every_validation_rule() {
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/plan-format.md"))
            .unwrap();
    let section = text
        .split("### Validation rules\n")
        .nth(1)
        .and_then(|rest| rest.split("\n###").next())
        .unwrap_or_default();
    let listed: Vec<&str> = section
        .lines()
        .filter_map(|line| line.strip_prefix("| `"))
        .filter_map(|row| row.split('`').next())
        .collect();
    assert_eq!(
        listed,
        validation_rules(),
        "docs/plan-format.md, \"Validation rules\": write one row per validation rule, in order"
    );
}

#[test]
fn readme_rule_count_is_current() {
    let page = "README.md";
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(page)).unwrap();
    let lint_rules = commplan::rules::RuleId::lint_names().count();
    let generated = with_between(
        page,
        &text,
        "**lints** it with ",
        " rules",
        &lint_rules.to_string(),
    );
    assert_generated_page_current(page, &generated, "readme_rule_count");
}
