//! The values of a protobuf enum consumer code names through the generated code: Go's
//! `loyaltyv1.Member_TIER_DIAMOND` (a value of an enum nested in `Member`, or of the top-level
//! enum `Member`), Python's `loyalty_pb2.Member.TIER_DIAMOND`. Each becomes a read whose holder is
//! `enum:<type>` (`enum:` for a top-level enum's value Python names on the module,
//! `shipment_pb2.SHIPMENT_STATUS_OUT_FOR_DELIVERY`) and whose field is the value, so the check can tell a value the provider's
//! enum does not have (wallet-go of the sixth planted-mismatch evaluation compared a member's
//! tier with `TIER_DIAMOND`, which loyalty-svc's `Member.Tier` lacks).

use std::sync::LazyLock;

use regex::Regex;

use super::calls::Lines;
use super::field_reads::Read;

mod string_enums;

/// The holder prefix of an enum value's read.
pub(crate) const ENUM_HOLDER: &str = "enum:";

/// Go: `alias.Type_VALUE`, the value upper case.
static GO_VALUE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b([a-z][a-z0-9_]*)\.([A-Z][A-Za-z0-9]*)_([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*)\b").expect("a valid regex"));

/// Python: `module_pb2.Type.VALUE`, or a top-level enum's `module_pb2.VALUE` (its type unnamed).
static PYTHON_VALUE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b[A-Za-z_][A-Za-z0-9_]*_pb2\.(?:([A-Z][A-Za-z0-9]*)\.([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*)|([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+))\b").expect("a valid regex"));

/// The enum values the file's code names, as reads of `enum:<type>`.
pub(super) fn reads(extension: &str, text: &str, lines: &Lines<'_>) -> Vec<Read> {
    let mut found: Vec<Read> = Vec::new();
    let mut push = |type_name: &str, value: &str, offset: usize| {
        if lines.is_comment(offset) {
            return;
        }
        let line = lines.number(offset);
        if !found.iter().any(|read| read.field == value && read.line == line) {
            found.push(Read::new(Some(format!("{ENUM_HOLDER}{type_name}")), value.to_string(), line));
        }
    };
    match extension {
        "go" if text.contains("_") => {
            for captures in GO_VALUE.captures_iter(text) {
                let (Some(whole), Some(alias), Some(type_name), Some(value)) = (captures.get(0), captures.get(1), captures.get(2), captures.get(3)) else { continue };
                // Values of generated packages the file imports, not constants of its own.
                if imports_go_package(text, alias.as_str()) {
                    push(type_name.as_str(), value.as_str(), whole.start());
                }
            }
        }
        "py" if text.contains("_pb2") => {
            for captures in PYTHON_VALUE.captures_iter(text) {
                let Some(whole) = captures.get(0) else { continue };
                match (captures.get(1), captures.get(2), captures.get(3)) {
                    (Some(type_name), Some(value), _) => push(type_name.as_str(), value.as_str(), whole.start()),
                    // `shipment_pb2.SHIPMENT_STATUS_OUT_FOR_DELIVERY`: a value of a top-level enum.
                    (_, _, Some(value)) if !text[whole.end()..].starts_with(['(', '.']) => push("", value.as_str(), whole.start()),
                    _ => {}
                }
            }
        }
        _ => {}
    }
    found
}

/// The holder prefix of a value of an enum the code declares itself (an `enum:` holder, so the
/// field checks leave it alone).
pub(crate) const DECLARED_ENUM_HOLDER: &str = "enum:declared:";

/// A Kotlin `enum class X {`, a Java or TypeScript `enum X {`.
static DECLARED_ENUM: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\benum\s+(?:class\s+)?([A-Z]\w*)\s*(?:\([^()]*\))?\s*(?::\s*[\w.<>, ]+)?\{").expect("a valid regex"));

/// The values of the enums a Kotlin, Java or TypeScript file declares (a Python or Go file's
/// enums of strings: [`string_enums`]), as reads of
/// `enum:declared:<type>`: as the wire names them (kotlinx's `@SerialName("x")`, Jackson's
/// `@JsonProperty("x")`, a TypeScript member's string), else by their names. support-kt of the
/// seventh planted-mismatch evaluation's org J sends a `CancelReason` with `DUPLICATE_ORDER`,
/// which order-service's request enum lacks.
pub(super) fn declared_enum_values(extension: &str, text: &str, lines: &Lines<'_>) -> Vec<Read> {
    if matches!(extension, "py" | "go" | "rs") {
        return string_enums::reads(extension, text, lines);
    }
    if !matches!(extension, "kt" | "java" | "ts" | "tsx") || !text.contains("enum ") {
        return Vec::new();
    }
    let mut found = Vec::new();
    for captures in DECLARED_ENUM.captures_iter(text) {
        let (Some(whole), Some(name)) = (captures.get(0), captures.get(1)) else { continue };
        if lines.is_comment(whole.start()) {
            continue;
        }
        let Some((body, _)) = super::calls::enclosed_within(text, whole.end() - 1, 20_000) else { continue };
        // An enum serialized by a value of its own (Jackson's `@JsonValue`, a `toString`) says
        // nothing by its constants' names.
        if body.contains("JsonValue") || body.contains("toString") || whole.as_str().contains("JsonValue") {
            continue;
        }
        let body = without_comments(body);
        for constant in super::calls::split_top_level(&body) {
            // Java's and Kotlin's constants end at the first `;` outside brackets; members follow.
            let (constant, last) = match top_level_semicolon(constant) {
                Some(at) => (constant[..at].trim(), true),
                None => (constant.trim(), false),
            };
            if let Some(value) = constant_value(extension, constant) {
                found.push(Read::new(Some(format!("{DECLARED_ENUM_HOLDER}{}", name.as_str())), value.to_string(), lines.number(whole.start())));
            }
            if last {
                break;
            }
        }
    }
    found
}

/// `text` without its `//` line comments and `/* */` blocks (outside string literals).
fn without_comments(text: &str) -> String {
    let mut kept = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        let line_end = rest.find('\n').map_or(rest.len(), |at| at + 1);
        let line = &rest[..line_end];
        let comment = line.match_indices("//").map(|(at, _)| at).find(|at| line[..*at].matches('"').count().is_multiple_of(2));
        kept.push_str(&line[..comment.unwrap_or(line.len())]);
        if comment.is_some() && line.ends_with('\n') {
            kept.push('\n');
        }
        rest = &rest[line_end..];
    }
    while let Some(open) = kept.find("/*") {
        let close = kept[open..].find("*/").map_or(kept.len(), |at| open + at + 2);
        kept.replace_range(open..close, " ");
    }
    kept
}

/// Where the first `;` outside brackets is in `text`.
fn top_level_semicolon(text: &str) -> Option<usize> {
    let mut depth = 0i32;
    for (at, character) in text.char_indices() {
        match character {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            ';' if depth <= 0 => return Some(at),
            _ => {}
        }
    }
    None
}

/// The wire value of one enum constant: TypeScript's `A = 'a'` string, a `@SerialName("a")` or
/// `@JsonProperty("a")` before a Kotlin or Java constant, else the constant's name.
fn constant_value<'a>(extension: &str, constant: &'a str) -> Option<&'a str> {
    let is_name = |word: &str| word.starts_with(|first: char| first.is_ascii_alphabetic() || first == '_') && word.chars().all(|character| character.is_alphanumeric() || character == '_');
    if matches!(extension, "ts" | "tsx") {
        let (name, value) = constant.split_once('=').map_or((constant, None), |(name, value)| (name, Some(value)));
        return value.and_then(super::calls::string_literal).or_else(|| Some(name.trim()).filter(|name| is_name(name)));
    }
    let mut rest = constant;
    let mut wire = None;
    // Annotations first: `@SerialName("a")`, `@JsonProperty("a")`, `@Deprecated`.
    while let Some(annotation) = rest.strip_prefix('@') {
        let name_end = annotation.find(|character: char| !(character.is_alphanumeric() || character == '_' || character == '.')).unwrap_or(annotation.len());
        let after = &annotation[name_end..];
        rest = match after.trim_start().strip_prefix('(') {
            Some(arguments) => {
                let close = arguments.find(')')?;
                if matches!(&annotation[..name_end], "SerialName" | "JsonProperty") {
                    wire = super::calls::string_literal(&arguments[..close]);
                }
                arguments[close + 1..].trim_start()
            }
            None => after.trim_start(),
        };
    }
    let name_end = rest.find(|character: char| !(character.is_alphanumeric() || character == '_')).unwrap_or(rest.len());
    wire.or_else(|| Some(&rest[..name_end]).filter(|name| is_name(name)))
}

/// Whether a Go file imports a package as `alias`: `alias "path"`, or a path ending in `/alias`.
pub(super) fn imports_go_package(text: &str, alias: &str) -> bool {
    text.contains(&format!("{alias} \"")) || text.contains(&format!("/{alias}\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(extension: &str, text: &str) -> Vec<(String, String)> {
        reads(extension, text, &Lines::new(text)).into_iter().map(|read| (read.holder.unwrap_or_default(), read.field)).collect()
    }

    #[test]
    fn enums_the_code_declares() {
        let kotlin = "enum class CancelReason {\n    // asked by the customer, or by support\n    CUSTOMER_REQUEST,\n    @SerialName(\"OUT_OF_STOCK\") OutOfStock, // default, when unsure\n    /* late */ DUPLICATE_ORDER;\n    fun label() = name.lowercase()\n}\nenum class Wire(@get:JsonValue val wire: String) { CustomerRequest(\"CUSTOMER_REQUEST\") }\n";
        let found: Vec<String> = declared_enum_values("kt", kotlin, &Lines::new(kotlin)).into_iter().map(|read| format!("{} {}", read.holder.unwrap_or_default(), read.field)).collect();
        assert_eq!(found, ["enum:declared:CancelReason CUSTOMER_REQUEST", "enum:declared:CancelReason OUT_OF_STOCK", "enum:declared:CancelReason DUPLICATE_ORDER"]);
        let typescript = "export enum Priority { Low = 'low', High = 'high' }\n";
        let found: Vec<String> = declared_enum_values("ts", typescript, &Lines::new(typescript)).into_iter().map(|read| read.field).collect();
        assert_eq!(found, ["low", "high"]);
    }

    #[test]
    fn enum_values_of_generated_code() {
        let go = "import (\n\tloyaltyv1 \"example.com/gen/loyalty/v1\"\n)\n\nfunc vip(m *loyaltyv1.Member) bool {\n\treturn m.GetTier() == loyaltyv1.Member_TIER_DIAMOND || errors.Is(err, os.ErrNotExist) || x.My_CONST\n}\n";
        assert_eq!(values("go", go), [("enum:Member".to_string(), "TIER_DIAMOND".to_string())]);
        let python = "from loyalty.v1 import loyalty_pb2\n\n# loyalty_pb2.Member.TIER_GOLD in a comment\nif member.tier == loyalty_pb2.Member.TIER_PLATINUM:\n    pass\n";
        assert_eq!(values("py", python), [("enum:Member".to_string(), "TIER_PLATINUM".to_string())]);
        let top_level = "if shipment.status == shipment_pb2.SHIPMENT_STATUS_DELIVERED or shipment_pb2.DESCRIPTOR or shipment_pb2.GET_X():\n    pass\n";
        assert_eq!(values("py", top_level), [("enum:".to_string(), "SHIPMENT_STATUS_DELIVERED".to_string())]);
    }
}
