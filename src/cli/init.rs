//! `plan init`: a complete, commented `plan.yaml` (and its JSON Schema) to start from.

use std::path::{Path, PathBuf};

use super::{Error, Failure, print};
use crate::model::Locale;

/// The bundled examples (which CI lints and builds) under a header that
/// points editors at the schema and says what to do next.
const PLAN_EN: &str = concat!(
    "# yaml-language-server: $schema=plan.schema.json\n",
    "#\n",
    "# Your team's communication plan, written by `plan init`. It is a complete\n",
    "# example (a delivery team in Shanghai and a client in Berlin): replace the\n",
    "# names, channels and schedules with your own, then run `plan lint` to check\n",
    "# it and `plan build` to publish the handbook and calendars. Every field is\n",
    "# described in the format reference (docs/plan-format.md).\n",
    "#\n",
    include_str!("../../examples/atlas-crm/plan.yaml")
);
const PLAN_ZH_CN: &str = concat!(
    "# yaml-language-server: $schema=plan.schema.json\n",
    "#\n",
    "# 由 `plan init` 生成的沟通计划。这是一个完整的示例（上海的软件团队为深圳的\n",
    "# 客户交付项目）：请替换为你们的人员、渠道和会议安排，然后运行 `plan lint`\n",
    "# 检查，运行 `plan build` 生成沟通手册和日历。每个字段的说明见格式参考文档\n",
    "# （docs/plan-format.md）。\n",
    "#\n",
    include_str!("../../examples/zh-cn/plan.yaml")
);

pub(super) fn run(dir: &Path, locale: Locale, force: bool, quiet: bool) -> Result<(), Failure> {
    let plan_path = dir.join("plan.yaml");
    let schema_path = dir.join("plan.schema.json");
    if !force {
        // A link counts as there, even one that leads nowhere: writing
        // through it would create or change a file elsewhere.
        let existing: Vec<PathBuf> = [&plan_path, &schema_path]
            .into_iter()
            .filter(|path| std::fs::symlink_metadata(path).is_ok())
            .cloned()
            .collect();
        if !existing.is_empty() {
            return Err(Error::Exists(existing).into());
        }
    }
    std::fs::create_dir_all(dir).map_err(|error| Error::CreateFolder {
        dir: dir.to_path_buf(),
        error,
    })?;
    let plan = match locale {
        Locale::En => PLAN_EN,
        Locale::ZhCn => PLAN_ZH_CN,
    };
    for (path, text) in [
        (&plan_path, plan.to_string()),
        (&schema_path, crate::schema::json_schema()),
    ] {
        crate::write::write_file(path, text.as_bytes(), force).map_err(Error::Write)?;
    }
    if !quiet {
        print(&format!(
            "wrote {} and {}\nnext: edit the plan, then `plan lint` and `plan build`\n",
            plan_path.display(),
            schema_path.display()
        ))?;
    }
    Ok(())
}
