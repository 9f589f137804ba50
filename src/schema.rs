//! `plan schema`: the JSON Schema (draft 2020-12) of the format, generated from
//! the model so that the two cannot drift apart.
//!
//! The model's `JsonSchema` impls say what each type accepts; the transforms
//! here say what the loader does for every type alike, so that the schema
//! accepts exactly the shapes the checker reads (`tests/schema.rs` runs both
//! over every fixture): nothing written (`agenda:`) is an empty list or map,
//! and only the formats JSON Schema defines are used (validators in strict
//! mode, such as ajv's, refuse any other).

use schemars::Schema;
use schemars::generate::SchemaSettings;
use schemars::transform::{RecursiveTransform, RestrictFormats, Transform};
use serde_json::Value;

use crate::model::Plan;

/// The schema as pretty-printed JSON, with a trailing newline.
pub fn json_schema() -> String {
    let generator = SchemaSettings::draft2020_12()
        .for_deserialize()
        .into_generator();
    let mut schema = generator.into_root_schema_for::<Plan>();
    RecursiveTransform(bounds_for_integer_formats).transform(&mut schema);
    RestrictFormats::default().transform(&mut schema);
    RecursiveTransform(nothing_reads_as_empty).transform(&mut schema);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

/// schemars marks a Rust integer type with a `format` of its own (`uint32`);
/// the range it means is said with `maximum` (its `minimum` is there already),
/// before `RestrictFormats` drops the format.
fn bounds_for_integer_formats(schema: &mut Schema) {
    let maximum = match schema.get("format").and_then(Value::as_str) {
        Some("uint8") => u64::from(u8::MAX),
        Some("uint16") => u64::from(u16::MAX),
        Some("uint32") => u64::from(u32::MAX),
        _ => return,
    };
    schema.insert("maximum".to_string(), maximum.into());
}

/// The loader reads a key with nothing after it (`agenda:`, `meetings:`) as an
/// empty list or map, so such a list, or a map none of whose fields is
/// required, may also be `null`. A map with required fields may not: read as
/// empty, it lacks them; nor may a list that must hold an item (`minItems`).
fn nothing_reads_as_empty(schema: &mut Schema) {
    let required = schema.get("required").is_some();
    let must_hold_one = schema
        .get("minItems")
        .and_then(Value::as_u64)
        .is_some_and(|min| min > 0);
    let Some(Value::String(kind)) = schema.get("type") else {
        return;
    };
    if (kind == "array" && !must_hold_one) || (kind == "object" && !required) {
        let kind = Value::String(kind.clone());
        schema.insert("type".to_string(), Value::Array(vec![kind, "null".into()]));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema() -> Value {
        serde_json::from_str(&json_schema()).unwrap_or_default()
    }

    /// Every `format` left is one JSON Schema 2020-12 defines.
    #[test]
    fn only_standard_formats() {
        let text = json_schema();
        assert!(!text.contains("uint"), "a Rust integer format is left");
        assert!(text.contains("\"format\": \"date\""));
        let version = &schema()["properties"]["version"];
        assert_eq!(version["maximum"], u64::from(u32::MAX));
        assert_eq!(version["minimum"], 0);
    }

    #[test]
    fn nothing_is_an_empty_list_or_optional_map_but_not_a_required_item() {
        let schema = schema();
        let meeting = &schema["$defs"]["Meeting"];
        assert_eq!(meeting["type"], "object");
        assert_eq!(
            meeting["properties"]["agenda"]["type"],
            serde_json::json!(["array", "null"])
        );
        assert_eq!(
            schema["properties"]["meetings"]["type"],
            serde_json::json!(["object", "null"])
        );
        assert_eq!(schema["type"], "object");
    }
}
