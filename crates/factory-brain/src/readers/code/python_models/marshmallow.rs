//! marshmallow's schemas, the contract of a Flask service that keeps no contract file (rides-api
//! of the eleventh planted-mismatch evaluation's org X): each `name = fields.String(..)` of a
//! class deriving `Schema` (or another schema, `class StartRideSchema(StrictSchema)`) is a field
//! the schema reads and writes, on the wire by its `data_key="..."` if it has one, else by its
//! name (`attribute="id"` names the object's attribute, not the wire's). `required=True` makes
//! it required; the JSON type follows the field class (`Integer` an integer, `Nested` an
//! object holding the nested schema, `List` an array, `Enum(RideStatus, by_value=True)` a
//! string holding the enum's values; `Function` and `Method` fields are of no known type).
//! [`dumped_schema`] and [`loaded_schema`] tell which schema a Flask handler answers with
//! (`return ride_schema.dump(ride)`) and reads its body with
//! (`StartRideSchema().load(request.get_json())`).

use std::sync::LazyLock;

use regex::Regex;

use super::super::calls::{enclosed_within, split_top_level, Lines};
use super::super::shapes::{holder_of, DeclaredField};

/// `class RideSchema(Schema):` at any indent, its bases.
static CLASS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?m)^([ \t]*)class\s+([A-Za-z_]\w*)\s*\(([^()]*)\)\s*:").expect("a valid regex"));
/// `    rider_id = fields.String(`, `ma.fields.Integer(`.
static FIELD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?m)^([ \t]+)([A-Za-z_]\w*)\s*=\s*(?:ma\.)?fields\.([A-Za-z]+)\s*\(").expect("a valid regex"));
/// A keyword argument set to a string: `data_key="rideId"`.
static KEYWORD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"\b(data_key|required|by_value|many)\s*=\s*(?:"([^"]*)"|'([^']*)'|(True|False))"#).expect("a valid regex"));

/// The fields of the marshmallow schemas `text` declares.
pub(in crate::readers::code) fn fields(text: &str, lines: &Lines<'_>, fields: &mut Vec<DeclaredField>) {
    let classes: Vec<(usize, &str, &str, usize)> = CLASS
        .captures_iter(text)
        .filter_map(|captures| Some((captures.get(1)?.as_str().len(), captures.get(2)?.as_str(), captures.get(3)?.as_str(), captures.get(0)?.end())))
        .collect();
    for &(indent, name, bases, header_end) in &classes {
        let is_schema = bases.split(',').map(|base| base.trim().rsplit('.').next().unwrap_or("")).any(|base| base == "Schema" || base.ends_with("Schema"));
        if !is_schema {
            continue;
        }
        let body_end = block_end(text, header_end, indent);
        let Some(own_indent) = body_indent(text, header_end) else { continue };
        let holder = holder_of(name.strip_suffix("Schema").filter(|stem| !stem.is_empty()).unwrap_or(name));
        for captures in FIELD.captures_iter(&text[header_end..body_end]) {
            let (Some(whole), Some(field_indent), Some(field), Some(kind)) = (captures.get(0), captures.get(1), captures.get(2), captures.get(3)) else { continue };
            // A nested class's fields (`class Meta:`) are not the schema's.
            if field_indent.as_str().len() != own_indent {
                continue;
            }
            let open = header_end + whole.end() - 1;
            let Some((arguments, _)) = enclosed_within(text, open, 4_000) else { continue };
            let setting = |key: &str| KEYWORD.captures_iter(arguments).find(|captures| &captures[1] == key).and_then(|captures| captures.get(2).or_else(|| captures.get(3)).or_else(|| captures.get(4)).map(|value| value.as_str().to_string()));
            let wire = setting("data_key").unwrap_or_else(|| field.as_str().to_string());
            let first = split_top_level(arguments).into_iter().next().unwrap_or("").trim();
            let (json_type, holds_type) = match kind.as_str() {
                "String" | "Str" | "Email" | "Url" | "URL" | "UUID" | "DateTime" | "AwareDateTime" | "NaiveDateTime" | "Date" | "Time" | "TimeDelta" | "IP" => (Some("string"), None),
                "Integer" | "Int" => (Some("integer"), None),
                "Float" | "Decimal" | "Number" => (Some("number"), None),
                "Boolean" | "Bool" => (Some("boolean"), None),
                "List" | "Tuple" => (Some("array"), nested_schema(first)),
                "Nested" if setting("many").as_deref() == Some("True") => (Some("array"), nested_schema(first)),
                "Nested" => (Some("object"), nested_schema(first)),
                "Dict" | "Mapping" => (Some("object"), None),
                // Written by value, an enum is one of its values; by name, of its members' names.
                "Enum" if setting("by_value").as_deref() == Some("True") => (Some("string"), Some(first.rsplit('.').next().unwrap_or(first).to_string()).filter(|name| !name.is_empty())),
                "Enum" => (Some("string"), None),
                _ => (None, None),
            };
            let required = setting("required").as_deref() == Some("True");
            fields.push(DeclaredField { holder: holder.clone(), type_name: name.to_string(), field: wire, json_type, line: lines.number(header_end + field.start()), required, holds_type });
        }
    }
}

/// The schema a `Nested(..)` or `List(fields.Nested(..))` argument names (`GeoPointSchema`,
/// `"GeoPointSchema"`).
fn nested_schema(argument: &str) -> Option<String> {
    let argument = argument.trim();
    let inner = argument.strip_prefix("fields.Nested(").or_else(|| argument.strip_prefix("ma.fields.Nested(")).map_or(argument, |rest| rest.split([',', ')']).next().unwrap_or(""));
    let name = inner.trim().trim_matches(['"', '\'']);
    let name = name.rsplit('.').next().unwrap_or(name);
    (name.starts_with(|first: char| first.is_ascii_uppercase()) && name.chars().all(|character| character.is_alphanumeric() || character == '_')).then(|| name.to_string())
}

/// Where a block whose header ends at `header_end`, indented by `indent`, ends: the first
/// non-blank line indented no deeper than its header (a comment's too).
fn block_end(text: &str, header_end: usize, indent: usize) -> usize {
    let mut offset = text[header_end..].find('\n').map_or(text.len(), |at| header_end + at + 1);
    while offset < text.len() {
        let line_end = text[offset..].find('\n').map_or(text.len(), |at| offset + at + 1);
        let line = &text[offset..line_end];
        let trimmed = line.trim_start();
        if !trimmed.trim().is_empty() && line.len() - trimmed.len() <= indent {
            return offset;
        }
        offset = line_end;
    }
    text.len()
}

/// The indent of the first line of a block whose header ends at `header_end`.
fn body_indent(text: &str, header_end: usize) -> Option<usize> {
    let body = &text[text[header_end..].find('\n').map_or(text.len(), |at| header_end + at + 1)..];
    body.lines().find(|line| !line.trim().is_empty() && !line.trim_start().starts_with('#')).map(|line| line.len() - line.trim_start().len())
}

/// The schema a Flask handler whose `def` is `function` (to its end) answers with: what a
/// `return` dumps, of a schema made there (`RideSchema().dump(ride)`, `RideSchema(many=True)
/// .dump(rides)`) or a module's variable holds (`ride_schema = RideSchema()`).
pub(in crate::readers::code) fn dumped_schema(text: &str, function: &str) -> Option<String> {
    function.lines().filter(|line| line.trim_start().starts_with("return ")).find_map(|line| schema_called(text, line, ".dump("))
}

/// The schema a Flask handler whose `def` is `function` reads its request's body with:
/// `StartRideSchema().load(request.get_json())`, `schema.load(request.json)`.
/// A query string's schema (`.load(request.args)`) reads no body.
pub(in crate::readers::code) fn loaded_schema(text: &str, function: &str) -> Option<String> {
    let query = |line: &str| ["request.args", "request.values", "request.view_args"].iter().any(|word| line.contains(word));
    function.lines().filter(|line| line.contains("request") && !query(line)).find_map(|line| schema_called(text, line, ".load("))
}

/// The schema whose `call` (`.dump(`) `line` makes, by its class or a module variable's.
fn schema_called(text: &str, line: &str, call: &str) -> Option<String> {
    static MADE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"([A-Za-z_]\w*)\s*(?:\([^()]*\))?\s*$").expect("a valid regex"));
    let at = line.find(call)?;
    let made = MADE.captures(&line[..at])?.get(1)?;
    // What a `return` dumps is the answer itself, or `jsonify`'s, not a value inside another.
    let before = line[..made.start()].trim_start();
    if call == ".dump(" && !matches!(before.strip_prefix("return").map(str::trim), Some("" | "jsonify(")) {
        return None;
    }
    let name = made.as_str();
    let class = if name.starts_with(|first: char| first.is_ascii_uppercase()) {
        name.to_string()
    } else {
        let assigned = Regex::new(&format!(r"(?m)^{}\s*=\s*([A-Z]\w*)\s*\(", regex::escape(name))).ok()?;
        assigned.captures(text)?.get(1)?.as_str().to_string()
    };
    class.ends_with("Schema").then_some(class)
}

/// The Python function whose `def` is at `def` in `text` (`async def` too, its signature over
/// several lines too), to its last line.
pub(in crate::readers::code) fn python_function(text: &str, def: usize) -> &str {
    let line_start = text[..def].rfind('\n').map_or(0, |at| at + 1);
    let line = &text[line_start..];
    let indent = line.len() - line.trim_start().len();
    // The body starts after the line closing the parameters.
    let signature_end = text[def..].find('(').and_then(|open| super::super::calls::enclosed_within(text, def + open, 4_000)).map_or(def, |(_, close)| close);
    &text[def..block_end(text, signature_end, indent)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_handlers_body_is_found_after_an_async_or_wrapped_signature() {
        let text = "@bp.get(\"/rides/<ride_id>\")\nasync def get_ride(\n    ride_id: str,\n):\n    ride = await load(ride_id)\n    return ride_schema.dump(ride)\n\n\ndef other():\n    return 1\n";
        let def = text.find("def ").expect("a def");
        let function = python_function(text, def);
        assert!(function.contains("ride_schema.dump(ride)") && !function.contains("other"), "{function:?}");
        let module = format!("ride_schema = RideSchema()\n{text}");
        assert_eq!(dumped_schema(&module, function).as_deref(), Some("RideSchema"));
        assert_eq!(dumped_schema(&module, "def f():\n    return jsonify({\"rides\": ride_schema.dump(r)})\n"), None, "a value inside another");
    }
}
