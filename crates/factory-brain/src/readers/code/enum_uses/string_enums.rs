//! Enums of strings declared without an `enum` block of constants: a Python `Literal` alias
//! (`StockStatus = Literal["in_stock", "low_stock"]`), a Python `Enum` of strings (`class
//! Tier(str, Enum): GOLD = "gold"`, a `StrEnum`), and Go's typed string constants (`type Status
//! string` and `StatusActive Status = "active"`), and a Rust enum serde writes as strings
//! ([`super::super::serde_structs::enum_values`]). Each value, as the wire carries it, becomes a
//! read of `enum:declared:<type>` as the enums of Kotlin, Java and TypeScript do. A code-only
//! provider's field typed with one answers with nothing else: catalog-api of the ninth
//! planted-mismatch evaluation's org R types `Product.stock_status` with a `StockStatus` literal,
//! accounts-api of its org S types the Go `Account.Status` with a `Status`.

use std::sync::LazyLock;

use regex::Regex;

use super::super::calls::{self, Lines};
use super::super::field_reads::Read;
use super::DECLARED_ENUM_HOLDER;

/// `Name = Literal[`, `Name: TypeAlias = Literal[`, Python 3.12's `type Name = Literal[`, at a
/// line's start (a module's alias, not a field's annotation).
static PYTHON_LITERAL_ALIAS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^(?:type\s+)?([A-Z]\w*)\s*(?::\s*(?:typing\.)?TypeAlias\s*)?=\s*(?:typing\.|t\.)?Literal\[").expect("a valid regex")
});
/// `class Name(str, Enum):`, `class Name(StrEnum):`, `class Name(enum.Enum):`.
static PYTHON_ENUM_CLASS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^class\s+([A-Z]\w*)\s*\(\s*(?:str\s*,\s*)?(?:enum\.)?(?:Str)?Enum\s*\)\s*:").expect("a valid regex"));
/// Go's `type Name string`.
static GO_STRING_TYPE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?m)^type\s+([A-Za-z]\w*)\s+string\s*$").expect("a valid regex"));
/// A Go constant of a named type: `StatusActive Status = "active"`, `const X Status = "x"`.
static GO_TYPED_CONSTANT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?m)^\s*(?:const\s+)?[A-Za-z_]\w*\s+([A-Za-z]\w*)\s*=\s*"([^"\\]*)""#).expect("a valid regex"));

/// The values of the string enums a Python or Go file declares, as reads of
/// `enum:declared:<type>` at the declaration's line.
pub(super) fn reads(extension: &str, text: &str, lines: &Lines<'_>) -> Vec<Read> {
    let mut found = Vec::new();
    let mut push = |type_name: &str, value: &str, offset: usize| {
        if !lines.is_comment(offset) {
            found.push(Read::new(Some(format!("{DECLARED_ENUM_HOLDER}{type_name}")), value.to_string(), lines.number(offset)));
        }
    };
    match extension {
        "py" => {
            if text.contains("Literal[") {
                for captures in PYTHON_LITERAL_ALIAS.captures_iter(text) {
                    let (Some(whole), Some(name)) = (captures.get(0), captures.get(1)) else { continue };
                    let Some((inner, _)) = calls::enclosed_within(text, whole.end() - 1, 4_000) else { continue };
                    let values: Option<Vec<&str>> = calls::split_top_level(inner).into_iter().map(|item| item.trim()).filter(|item| !item.is_empty()).map(calls::string_literal).collect();
                    // `Literal[1, 2]`, or a literal of other literals: no strings to name.
                    for value in values.into_iter().flatten() {
                        push(name.as_str(), value, whole.start());
                    }
                }
            }
            if text.contains("Enum") {
                for captures in PYTHON_ENUM_CLASS.captures_iter(text) {
                    let (Some(whole), Some(name)) = (captures.get(0), captures.get(1)) else { continue };
                    for (offset, value) in python_members(text, whole.end()) {
                        push(name.as_str(), value, offset);
                    }
                }
            }
        }
        "go" if text.contains("type ") && text.contains(" string") => {
            let types: Vec<&str> = GO_STRING_TYPE.captures_iter(text).filter_map(|captures| captures.get(1)).map(|name| name.as_str()).collect();
            if types.is_empty() {
                return found;
            }
            let blocks = const_blocks(text);
            for captures in GO_TYPED_CONSTANT.captures_iter(text) {
                let (Some(whole), Some(type_name), Some(value)) = (captures.get(0), captures.get(1), captures.get(2)) else { continue };
                let in_const = whole.as_str().trim_start().starts_with("const ") || blocks.iter().any(|(start, end)| *start <= whole.start() && whole.start() < *end);
                if types.contains(&type_name.as_str()) && in_const {
                    push(type_name.as_str(), value.as_str(), whole.start() + (whole.len() - whole.as_str().trim_start().len()));
                }
            }
        }
        "rs" if text.contains("enum ") && text.contains("serde") => {
            for (type_name, value, offset) in super::super::serde_structs::enum_values(text) {
                push(type_name, &value, offset);
            }
        }
        _ => {}
    }
    found
}

/// The string values of a Python enum class's members (`GOLD = "gold"`): the assignments at
/// the body's first indent (not those in its methods' bodies), from the line after `from` to the
/// first line indented no deeper than the class; none when any member is no string literal
/// (`CLOSED = STATUS_CLOSED`, `auto()`): its values are then not all known.
fn python_members(text: &str, from: usize) -> Vec<(usize, &str)> {
    let mut members = Vec::new();
    let mut member_indent = None;
    let mut offset = text[from..].find('\n').map_or(text.len(), |at| from + at + 1);
    while offset < text.len() {
        let end = text[offset..].find('\n').map_or(text.len(), |at| offset + at);
        let line = &text[offset..end];
        let body = line.trim_start();
        let indent = line.len() - body.len();
        if !body.is_empty() && !body.starts_with('#') {
            if indent == 0 {
                break;
            }
            let first = *member_indent.get_or_insert(indent);
            if indent == first
                && let Some((name, value)) = body.split_once('=')
                && name.trim().chars().all(|character| character.is_alphanumeric() || character == '_')
                && !value.starts_with('=')
            {
                match calls::string_literal(value.split('#').next().unwrap_or("").trim()) {
                    Some(value) => members.push((offset + indent, value)),
                    None => return Vec::new(),
                }
            }
        }
        offset = end + 1;
    }
    members
}

/// The byte ranges of a Go file's `const ( .. )` blocks, their brackets matched (a comment's
/// `(default)` inside one closes nothing).
fn const_blocks(text: &str) -> Vec<(usize, usize)> {
    text.match_indices("const (")
        .filter_map(|(at, _)| {
            let open = at + "const ".len();
            calls::enclosed_within(text, open, 200_000).map(|(_, end)| (open, end))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(extension: &str, text: &str) -> Vec<String> {
        reads(extension, text, &Lines::new(text)).into_iter().map(|read| format!("{} {}", read.holder.unwrap_or_default().trim_start_matches(DECLARED_ENUM_HOLDER), read.field)).collect()
    }

    #[test]
    fn python_literal_aliases_and_string_enums() {
        let text = "from typing import Literal\nfrom enum import Enum\n\nStockStatus = Literal[\"in_stock\", \"low_stock\",\n    \"out_of_stock\"]\nPriority = Literal[1, 2]\n\nclass Tier(str, Enum):\n    GOLD = \"gold\"  # the most\n    # SILVER = \"silver\"\n    BRONZE = 'bronze'\n\n    def label(self):\n        return self.value\n\nclass Model(BaseModel):\n    status: Literal[\"a\"] = \"a\"\n";
        assert_eq!(values("py", text), ["StockStatus in_stock", "StockStatus low_stock", "StockStatus out_of_stock", "Tier gold", "Tier bronze"]);
        let partly = "class Kind(str, Enum):\n    A = \"a\"\n    B = OTHER_B\n";
        assert_eq!(values("py", partly), Vec::<String>::new(), "a member of no literal: values unknown");
        let method = "class Kind(str, Enum):\n    A = \"a\"\n\n    def label(self):\n        text = \"other\"\n        return text\n";
        assert_eq!(values("py", method), ["Kind a"], "a method's assignments are no members");
    }

    #[test]
    fn go_typed_string_constants() {
        let text = "package accounts\n\ntype Status string\n\nconst (\n\tStatusActive    Status = \"active\"\n\tStatusClosed Status = \"closed\"\n)\n\nconst Legacy Status = \"legacy\"\n\ntype Code int\n\nvar fallback Status = \"none\"\n\nconst DefaultRegion Region = \"eu\"\n";
        assert_eq!(values("go", text), ["Status active", "Status closed", "Status legacy"]);
        let commented = "type Status string\n\nconst (\n\t// Active accounts (default)\n\tStatusActive Status = \"active\"\n\tStatusClosed Status = \"closed\"\n)\n";
        assert_eq!(values("go", commented), ["Status active", "Status closed"]);
    }
}
