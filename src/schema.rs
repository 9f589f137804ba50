//! `plan schema`: the JSON Schema (draft 2020-12) of the format, generated from
//! the model so that the two cannot drift apart.

use schemars::generate::SchemaSettings;

use crate::model::Plan;

/// The schema as pretty-printed JSON, with a trailing newline.
pub fn json_schema() -> String {
    let generator = SchemaSettings::draft2020_12()
        .for_deserialize()
        .into_generator();
    let schema = generator.into_root_schema_for::<Plan>();
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}
