//! Fields of protobuf messages consumer code names through the generated code without reading
//! them as members: Go's oneof wrapper types in a type switch (`case *shipmentv1.Shipment_Locker:`
//! names the member `locker` of `Shipment`'s oneof), Python's presence checks
//! (`shipment.HasField("estimated_delivery")`, `ClearField(..)`, `WhichOneof("delivery")`).
//! dispatch-go and notify-py of the seventh planted-mismatch evaluation's org L name a member and a
//! field `Shipment` lacks so (L2, L5).

use std::sync::LazyLock;

use regex::Regex;

use super::calls::Lines;
use super::field_reads::Read;
use super::shapes::snake_case;

/// Go: a type switch's `case` clause (`case *alias.Type_Member, *alias.Type_Other:`).
static GO_CASE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?m)^\s*case\s+([^:\n]*\*[^:\n]*):").expect("a valid regex"));
/// One oneof wrapper type of a clause, `*alias.Type_Member`, the member in upper camel case (an
/// enum's value, `Type_VALUE`, is upper case).
static GO_WRAPPER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\*([a-z][a-z0-9_]*)\.([A-Z][A-Za-z0-9]*)_([A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*)\b").expect("a valid regex"));
/// Python: `holder.HasField("name")`, `ClearField`, `WhichOneof`.
static PYTHON_PRESENCE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"\b([A-Za-z_]\w*)\.(?:HasField|ClearField|WhichOneof)\(\s*["']([A-Za-z_]\w*)["']"#).expect("a valid regex"));

/// The oneof members a Go file's type switches name, as reads of their message's type.
pub(super) fn go_oneof_reads(text: &str, lines: &Lines<'_>) -> Vec<Read> {
    if !text.contains("case *") {
        return Vec::new();
    }
    let mut reads = Vec::new();
    for clause in GO_CASE.captures_iter(text).filter_map(|captures| captures.get(1)).filter(|clause| switches_on_a_field(text, clause.start())) {
        for captures in GO_WRAPPER.captures_iter(clause.as_str()) {
            let (Some(alias), Some(message), Some(member)) = (captures.get(1), captures.get(2), captures.get(3)) else { continue };
            if super::enum_uses::imports_go_package(text, alias.as_str()) && !lines.is_comment(clause.start()) {
                reads.push(Read { any_case: true, ..Read::new(Some(message.as_str().to_string()), snake_case(member.as_str()), lines.number(clause.start())) });
            }
        }
    }
    reads
}

/// Whether the type switch a `case` at `at` belongs to switches on a field (`s.Delivery.(type)`,
/// a oneof), not on a value of its own (`msg.(type)`, where `*pb.Order_Item` is a nested
/// message's type).
fn switches_on_a_field(text: &str, at: usize) -> bool {
    let window = &text[text.floor_char_boundary(at.saturating_sub(4_000))..at];
    let Some(switch) = window.rfind("switch ") else { return false };
    let header = window[switch..].lines().next().unwrap_or("");
    header.split_once(".(type)").is_some_and(|(switched, _)| switched.rsplit([' ', '=']).next().is_some_and(|expression| expression.contains('.')))
}

/// The fields a line of Python checks the presence of, as reads of their holders.
pub(super) fn python_presence_reads(line: &str, line_number: usize, reads: &mut Vec<Read>) {
    if line.contains("Field(") || line.contains("WhichOneof(") {
        for captures in PYTHON_PRESENCE.captures_iter(line) {
            if let (Some(holder), Some(field)) = (captures.get(1), captures.get(2)) {
                reads.push(Read::new(Some(holder.as_str().to_string()), field.as_str().to_string(), line_number));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn oneof_members_and_presence_checks() {
        let go = "import shipmentv1 \"github.com/acme/gen/go/acme/shipment/v1\"\n\nswitch d := s.Delivery.(type) {\ncase *shipmentv1.Shipment_Home, *shipmentv1.Shipment_PickupPoint:\n\treturn\ncase *shipmentv1.Shipment_STATUS_X:\n}\nswitch v := msg.(type) {\ncase *shipmentv1.Order_Item:\n}\n";
        let read: Vec<(String, String)> = go_oneof_reads(go, &Lines::new(go)).into_iter().map(|read| (read.holder.unwrap_or_default(), read.field)).collect();
        assert_eq!(read, [("Shipment".to_string(), "home".to_string()), ("Shipment".to_string(), "pickup_point".to_string())]);
        let mut reads = Vec::new();
        python_presence_reads("    if shipment.HasField(\"estimated_delivery\") and s.WhichOneof('delivery') == \"pickup\":", 3, &mut reads);
        let read: Vec<(String, String)> = reads.into_iter().map(|read| (read.holder.unwrap_or_default(), read.field)).collect();
        assert_eq!(read, [("shipment".to_string(), "estimated_delivery".to_string()), ("s".to_string(), "delivery".to_string())]);
    }
}
