//! The Rust structs a consumer derives serde's `Deserialize` for (`#[derive(Deserialize)]`),
//! read as the fields it expects of the data it receives, and those a provider derives
//! `Serialize` for, the fields it answers with (scheduling-api of the tenth planted-mismatch
//! evaluation's org T, an axum service with no contract file), by the names serde uses:
//! a field's own `#[serde(rename = "last4")]` (or `rename(deserialize = "..")`), else the
//! struct's `#[serde(rename_all = "camelCase")]` applied to the field's name, else that name
//! (a raw `r#type` is `type`). Fields serde never reads (`skip`, `skip_deserializing`) and
//! flattened ones (`flatten`, whose fields are another struct's) are left out. Each field's
//! expected type is the JSON type of its Rust type (`String`, `i64`, `f64`, `bool`, `Vec<T>`,
//! `HashMap<K, V>`, through `Option<T>` and `Box<T>`); a struct of the code's own is left
//! unknown. Like Go's `json` tags, the derive says the type is decoded from received data:
//! resolution ties a struct a response is decoded into (reqwest's `.json::<Wallet>()`, see
//! [`super::flow`]) to that call, and the structs its fields hold (`Money`, `Card`) are read
//! from the schemas those fields refer to (and checked against the schemas they are named
//! after where no decoded struct holds them). A field of a `Deserialize` struct that is no
//! `Option` and has no `#[serde(default)]` (on itself or its struct) is required: a request
//! built without it is refused.

use std::sync::LazyLock;

use regex::Regex;

use super::calls::{enclosed_within, split_top_level, Lines};
use super::shapes::{held_type, holder_of, DeclaredField};

/// `pub struct Wallet {`, `struct Page<T> {`.
static STRUCT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?m)^[ \t]*(?:pub(?:\([^)]*\))?\s+)?struct\s+([A-Za-z_]\w*)\s*(?:<[^>{]*>)?\s*(?:where[^{]*)?\{").expect("a valid regex"));
/// A serde attribute's setting: `rename_all = "camelCase"`, `rename(deserialize = "x")`.
static SETTING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"\b(rename_all|rename)\s*(?:=\s*"([^"]*)"|\(\s*(?:[^)]*\bdeserialize\s*=\s*"([^"]*)")?[^)]*\))|\b(skip|skip_deserializing|flatten|default)\b"#).expect("a valid regex"));
/// A lifetime in a type (`&'a str`), whose quote is no string's.
static LIFETIME: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"'[A-Za-z_]\w*\s*").expect("a valid regex"));

/// The fields of the structs `text` derives `Deserialize` or `Serialize` for.
pub(super) fn deserialized_fields(text: &str, lines: &Lines<'_>, fields: &mut Vec<DeclaredField>) {
    for captures in STRUCT.captures_iter(text) {
        let (Some(whole), Some(name)) = (captures.get(0), captures.get(1)) else { continue };
        let attributes = attributes_before(text, whole.start());
        let derives = |word: &str| attributes.iter().any(|attribute| attribute.starts_with("derive") && attribute.split(|character: char| !(character.is_alphanumeric() || character == '_')).any(|derived| derived == word));
        let deserialized = derives("Deserialize");
        if !deserialized && !derives("Serialize") {
            continue;
        }
        let struct_settings = serde_settings(&attributes);
        let rename_all = struct_settings.iter().find_map(|setting| match setting {
            Setting::RenameAll(rule) => Some(rule.clone()),
            _ => None,
        });
        let defaulted = struct_settings.contains(&Setting::Default);
        let Some((body, after_body)) = enclosed_within(text, whole.end() - 1, 20_000) else { continue };
        let (mut searched_from, body_end) = (whole.end(), after_body - 1);
        for item in split_top_level(&without_comments(&LIFETIME.replace_all(body, ""))) {
            let (attributes, declaration) = leading_attributes(item);
            let settings = serde_settings(&attributes);
            if settings.iter().any(|setting| matches!(setting, Setting::Skipped) || (deserialized && matches!(setting, Setting::SkippedReading))) {
                continue;
            }
            let Some((raw, rust_type)) = without_visibility(declaration).split_once(':') else { continue };
            let raw = raw.trim();
            let field = raw.strip_prefix("r#").unwrap_or(raw);
            if field.is_empty() || !field.chars().all(|character| character.is_alphanumeric() || character == '_') {
                continue;
            }
            let wire = settings.iter().find_map(|setting| match setting {
                Setting::Rename(wire) => Some(wire.clone()),
                _ => None,
            });
            let wire = wire.unwrap_or_else(|| rename_all.as_deref().map_or_else(|| field.to_string(), |rule| renamed(field, rule)));
            // The field's own line, found from the last one's on.
            let mut offset = searched_from;
            for line in text[searched_from..body_end].split_inclusive('\n') {
                let declared = without_visibility(line).strip_prefix(raw).is_some_and(|rest| rest.trim_start().starts_with(':'));
                if declared {
                    searched_from = offset;
                    break;
                }
                offset += line.len();
            }
            let optional = rust_type.trim().strip_prefix("std::option::").unwrap_or(rust_type.trim()).starts_with("Option<");
            let required = deserialized && !optional && !defaulted && !settings.contains(&Setting::Default);
            fields.push(DeclaredField { holder: holder_of(name.as_str()), type_name: name.as_str().to_string(), field: wire, json_type: json_type(rust_type), line: lines.number(searched_from), required, holds_type: held_type(rust_type) });
        }
    }
}

/// `pub enum CancelReason {`.
static ENUM: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?m)^[ \t]*(?:pub(?:\([^)]*\))?\s+)?enum\s+([A-Za-z_]\w*)\s*\{").expect("a valid regex"));

/// The string values of the enums `text` derives `Serialize` or `Deserialize` for, each as
/// (the enum's name, the value as serde writes it, the enum's offset): a unit variant's own
/// `#[serde(rename = "..")]`, else its name under the enum's `rename_all` (scheduling-api of
/// the tenth planted-mismatch evaluation's org T answers `CancelReason` in kebab-case). An
/// enum with a variant holding data, an explicit discriminant or a `#[serde(other)]` catch-all
/// is no closed set of strings, and is left out; a skipped variant is never written.
pub(super) fn enum_values(text: &str) -> Vec<(&str, String, usize)> {
    let mut values = Vec::new();
    for captures in ENUM.captures_iter(text) {
        let (Some(whole), Some(name)) = (captures.get(0), captures.get(1)) else { continue };
        let attributes = attributes_before(text, whole.start());
        let derives = |word: &str| attributes.iter().any(|attribute| attribute.starts_with("derive") && attribute.split(|character: char| !(character.is_alphanumeric() || character == '_')).any(|derived| derived == word));
        if !derives("Serialize") && !derives("Deserialize") {
            continue;
        }
        let settings = serde_settings(&attributes);
        // `#[serde(tag = "type")]` and friends write variants as objects.
        if attributes.iter().any(|attribute| serde_words(attribute).any(|word| matches!(word, "tag" | "content" | "untagged"))) {
            continue;
        }
        let rename_all = settings.iter().find_map(|setting| match setting {
            Setting::RenameAll(rule) => Some(rule.clone()),
            _ => None,
        });
        let Some((body, _)) = enclosed_within(text, whole.end() - 1, 20_000) else { continue };
        let mut found = Vec::new();
        let mut closed = true;
        for item in split_top_level(&without_comments(body)) {
            let (attributes, variant) = leading_attributes(item);
            let variant = variant.trim();
            if variant.is_empty() {
                continue;
            }
            if attributes.iter().any(|attribute| serde_words(attribute).any(|word| word == "other")) || !variant.chars().all(|character| character.is_alphanumeric() || character == '_') {
                closed = false;
                break;
            }
            let settings = serde_settings(&attributes);
            if settings.contains(&Setting::Skipped) {
                continue;
            }
            let wire = settings.iter().find_map(|setting| match setting {
                Setting::Rename(wire) => Some(wire.clone()),
                _ => None,
            });
            found.push(wire.unwrap_or_else(|| rename_all.as_deref().map_or_else(|| variant.to_string(), |rule| variant_renamed(variant, rule))));
        }
        if closed {
            values.extend(found.into_iter().map(|value| (name.as_str(), value, whole.start())));
        }
    }
    values
}

/// The words of a `serde(..)` attribute outside its string literals (`other`, `tag`), none for
/// another attribute.
fn serde_words(attribute: &str) -> impl Iterator<Item = &str> {
    let inner = attribute.strip_prefix("serde").unwrap_or("");
    inner.split('"').step_by(2).flat_map(|part| part.split(|character: char| !(character.is_alphanumeric() || character == '_'))).filter(|word| !word.is_empty())
}

/// A PascalCase variant's name under one of serde's `rename_all` rules, as serde applies them
/// to variants.
fn variant_renamed(variant: &str, rule: &str) -> String {
    match rule {
        "lowercase" => variant.to_ascii_lowercase(),
        "UPPERCASE" => variant.to_ascii_uppercase(),
        "camelCase" => {
            let mut characters = variant.chars();
            characters.next().map(|first| first.to_ascii_lowercase().to_string() + characters.as_str()).unwrap_or_default()
        }
        "snake_case" | "SCREAMING_SNAKE_CASE" | "kebab-case" | "SCREAMING-KEBAB-CASE" => {
            let mut snake = String::with_capacity(variant.len() + 4);
            for (index, character) in variant.char_indices() {
                if index > 0 && character.is_ascii_uppercase() {
                    snake.push('_');
                }
                snake.push(character.to_ascii_lowercase());
            }
            renamed(&snake, rule)
        }
        _ => variant.to_string(),
    }
}

/// What a serde attribute says of a struct or field.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Setting {
    RenameAll(String),
    Rename(String),
    /// Never read from the data: skipped, or flattened into another struct's fields.
    Skipped,
    /// `#[serde(default)]`: a missing field takes its default.
    Default,
    /// `skip_deserializing`: never read, but written (a server-made `id` a provider answers with).
    SkippedReading,
}

fn serde_settings(attributes: &[&str]) -> Vec<Setting> {
    let mut settings = Vec::new();
    for attribute in attributes.iter().filter_map(|attribute| attribute.strip_prefix("serde")) {
        for captures in SETTING.captures_iter(attribute) {
            let value = captures.get(2).or_else(|| captures.get(3)).map(|value| value.as_str().to_string());
            match (captures.get(1).map(|key| key.as_str()), value) {
                (Some("rename_all"), Some(rule)) => settings.push(Setting::RenameAll(rule)),
                (Some("rename"), Some(wire)) => settings.push(Setting::Rename(wire)),
                (None, _) if captures.get(4).is_some_and(|word| word.as_str() == "default") => settings.push(Setting::Default),
                (None, _) if captures.get(4).is_some_and(|word| word.as_str() == "skip_deserializing") => settings.push(Setting::SkippedReading),
                (None, _) if captures.get(4).is_some() => settings.push(Setting::Skipped),
                _ => {}
            }
        }
    }
    settings
}

/// The attributes (`derive(..)`, `serde(..)`, their `#[` `]` taken off) between the item
/// before `start` (its `;` or `}`) and `start`, over several lines or one, doc comments passed
/// over.
fn attributes_before(text: &str, start: usize) -> Vec<&str> {
    let from = text[..start].rfind([';', '}']).map_or(0, |end| end + 1);
    let mut attributes = Vec::new();
    let mut at = from;
    while let Some(found) = text[at..start].find("#[") {
        let open = at + found + 1;
        let Some((inner, end)) = enclosed_within(text, open, 2_000) else { break };
        attributes.push(inner.trim());
        at = end.min(start);
    }
    attributes
}

/// A field's declaration without its visibility (`pub`, `pub(crate)`), or a line of it.
fn without_visibility(declaration: &str) -> &str {
    let declaration = declaration.trim_start();
    let Some(rest) = declaration.strip_prefix("pub").filter(|rest| rest.starts_with([' ', '\t', '('])) else { return declaration };
    let rest = rest.trim_start();
    rest.strip_prefix('(').and_then(|rest| rest.split_once(')')).map_or(rest, |(_, rest)| rest).trim_start()
}

/// A field's leading `#[..]` attributes (their brackets taken off) and the rest of it.
fn leading_attributes(item: &str) -> (Vec<&str>, &str) {
    let mut attributes = Vec::new();
    let mut rest = item.trim_start();
    while rest.starts_with("#[") {
        let Some((inner, end)) = enclosed_within(rest, 1, 2_000) else { break };
        attributes.push(inner.trim());
        rest = rest[end..].trim_start();
    }
    (attributes, rest)
}

/// `text` without its `//` comments (doc comments on fields included).
fn without_comments(text: &str) -> String {
    text.split('\n').map(|line| line.find("//").map_or(line, |at| &line[..at])).collect::<Vec<_>>().join("\n")
}

/// A snake_case field's name under one of serde's `rename_all` rules, as serde applies them
/// to fields.
fn renamed(field: &str, rule: &str) -> String {
    let pascal = || field.split('_').filter(|word| !word.is_empty()).map(capitalized).collect::<String>();
    match rule {
        "UPPERCASE" | "SCREAMING_SNAKE_CASE" => field.to_ascii_uppercase(),
        "PascalCase" => pascal(),
        "camelCase" => {
            let pascal = pascal();
            let mut characters = pascal.chars();
            characters.next().map(|first| first.to_ascii_lowercase().to_string() + characters.as_str()).unwrap_or_default()
        }
        "kebab-case" => field.replace('_', "-"),
        "SCREAMING-KEBAB-CASE" => field.replace('_', "-").to_ascii_uppercase(),
        _ => field.to_string(),
    }
}

fn capitalized(word: &str) -> String {
    let mut characters = word.chars();
    characters.next().map(|first| first.to_ascii_uppercase().to_string() + characters.as_str()).unwrap_or_default()
}

/// The JSON type serde reads a Rust type from, when it is a plain one.
fn json_type(rust_type: &str) -> Option<&'static str> {
    let mut rust_type = rust_type.trim().trim_start_matches('&').trim();
    // `Option<T>` and `Box<T>` hold what `T` does (a missing or null field is no other type).
    for wrapper in ["Option<", "Box<", "std::option::Option<", "std::boxed::Box<"] {
        if let Some(inner) = rust_type.strip_prefix(wrapper).and_then(|inner| inner.strip_suffix('>')) {
            return json_type(inner);
        }
    }
    if rust_type.starts_with('[') {
        return Some("array");
    }
    rust_type = rust_type.split('<').next().unwrap_or(rust_type).trim();
    let name = rust_type.rsplit("::").next().unwrap_or(rust_type);
    Some(match name {
        "String" | "str" | "char" | "Cow" | "Uuid" | "DateTime" | "NaiveDateTime" | "NaiveDate" | "NaiveTime" | "OffsetDateTime" | "PrimitiveDateTime" => "string",
        "i8" | "i16" | "i32" | "i64" | "i128" | "isize" | "u8" | "u16" | "u32" | "u64" | "u128" | "usize" => "integer",
        "f32" | "f64" => "number",
        "bool" => "boolean",
        "Vec" | "VecDeque" | "HashSet" | "BTreeSet" | "IndexSet" => "array",
        "HashMap" | "BTreeMap" | "IndexMap" | "Map" => "object",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Vec<(String, String, Option<&'static str>, usize)> {
        let mut fields = Vec::new();
        deserialized_fields(text, &Lines::new(text), &mut fields);
        fields.into_iter().map(|field| (field.type_name, field.field, field.json_type, field.line)).collect()
    }

    #[test]
    fn serde_names_and_types() {
        let text = "use serde::Deserialize;\n\n#[derive(\n    Debug,\n    Deserialize,\n)]\n#[serde(rename_all = \"camelCase\")]\npub struct Card {\n    /// the card's last digits\n    #[serde(rename = \"last4\")]\n    pub last_four: String,\n    pub expires_at: Option<String>,\n    pub r#type: u8,\n    #[serde(skip)]\n    pub cached: bool,\n    #[serde(flatten)]\n    pub extra: Extra,\n    pub tags: Vec<Tag>,\n    pub limits: HashMap<String, f64>,\n    pub label: &'a str,\n}\n\n#[derive(Serialize)]\npub struct Sent {\n    pub x: i64,\n}\n";
        assert_eq!(
            read(text),
            [
                ("Card".to_string(), "last4".to_string(), Some("string"), 11),
                ("Card".to_string(), "expiresAt".to_string(), Some("string"), 12),
                ("Card".to_string(), "type".to_string(), Some("integer"), 13),
                ("Card".to_string(), "tags".to_string(), Some("array"), 18),
                ("Card".to_string(), "limits".to_string(), Some("object"), 19),
                ("Card".to_string(), "label".to_string(), Some("string"), 20),
                ("Sent".to_string(), "x".to_string(), Some("integer"), 25),
            ],
            "a Serialize-only struct is what its code sends or answers with"
        );
        let mut fields = Vec::new();
        let request = "#[derive(Deserialize)]\n#[serde(rename_all = \"camelCase\", deny_unknown_fields)]\npub struct CreateAppointment {\n    pub clinic_id: String,\n    pub note: Option<String>,\n    #[serde(default)]\n    pub notify: bool,\n}\n";
        deserialized_fields(request, &Lines::new(request), &mut fields);
        let required: Vec<(String, bool)> = fields.into_iter().map(|field| (field.field, field.required)).collect();
        assert_eq!(required, [("clinicId".to_string(), true), ("note".to_string(), false), ("notify".to_string(), false)]);
        let mut fields = Vec::new();
        let answer = "#[derive(Serialize, Deserialize)]\npub struct Order {\n    #[serde(skip_deserializing)]\n    pub id: String,\n}\n#[derive(Serialize)]\npub struct Receipt {\n    #[serde(skip_deserializing)]\n    pub id: String,\n}\n";
        deserialized_fields(answer, &Lines::new(answer), &mut fields);
        let kept: Vec<String> = fields.into_iter().map(|field| format!("{}.{}", field.type_name, field.field)).collect();
        assert_eq!(kept, ["Receipt.id"], "a field never read is still written by a struct only written");
    }

    #[test]
    fn rename_rules() {
        assert_eq!(renamed("is_default", "camelCase"), "isDefault");
        assert_eq!(renamed("is_default", "PascalCase"), "IsDefault");
        assert_eq!(renamed("is_default", "kebab-case"), "is-default");
        assert_eq!(renamed("is_default", "SCREAMING_SNAKE_CASE"), "IS_DEFAULT");
        assert_eq!(renamed("is_default", "snake_case"), "is_default");
    }
}
