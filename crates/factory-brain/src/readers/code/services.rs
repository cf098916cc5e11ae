//! Services named by an enum's constants, the way calls through a service registry's client
//! name their callee: TeaStore's `enum Service { PERSISTENCE("tools.descartes.teastore.persistence"), .. }`
//! and `getEntity(Service.PERSISTENCE, "products", ..)` in another module. The enum's file
//! records each constant's value ([`NAMES_SERVICE`]); a file naming a constant depends on
//! `service-constant:Service.PERSISTENCE`, which resolution fills with the value's host, or
//! drops when no enum of the org gives it one value.

use std::sync::LazyLock;

use regex::Regex;
use serde_json::json;

use super::calls::Lines;
use crate::model::{FileFacts, Method};

/// The kind of a file's edge to `constant:<Enum>.<CONSTANT>`, with the service's name as
/// `value`.
pub const NAMES_SERVICE: &str = "names_service";

/// What a service named by an enum constant is called until resolution finds the enum.
pub(crate) const SERVICE_CONSTANT: &str = "service-constant:";

/// The name of an enum named for services: `Service`, `Services`, `ServiceName`, `ServiceId`,
/// `Microservice`; not `ServiceType` or `ServiceStatus`, whose constants tag data rather than
/// name a callee.
const ENUM_NAME: &str = r"(?:Micro[sS]ervices?|Services?)(?:Names?|Ids?)?";

/// The declaration of such an enum (Java, or Kotlin's `enum class`).
static SERVICE_ENUM: LazyLock<Regex> = LazyLock::new(|| Regex::new(&format!(r"\benum\s+(?:class\s+)?({ENUM_NAME})\b[^{{;]*\{{")).expect("a valid regex"));

/// One constant of such an enum with a name for its first argument: `PERSISTENCE("tools.x.persistence")`.
static CONSTANT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"\b([A-Z][A-Z0-9_]*)\s*\(\s*"([a-z][a-z0-9.-]*)""#).expect("a valid regex"));

/// A use of a constant of an enum named for services: `Service.PERSISTENCE`.
static USE: LazyLock<Regex> = LazyLock::new(|| Regex::new(&format!(r"\b({ENUM_NAME})\.([A-Z][A-Z0-9_]*)\b")).expect("a valid regex"));

/// The services a Java or Kotlin file's enums name, and the enum constants it uses.
pub(super) fn facts(facts: &mut FileFacts, text: &str, lines: &Lines<'_>) {
    if !text.contains("ervice") {
        return;
    }
    let mut declared = Vec::new();
    for found in SERVICE_ENUM.captures_iter(text) {
        let (Some(whole), Some(name)) = (found.get(0), found.get(1)) else { continue };
        // The constants come first in an enum's body, up to its first `;` (or its end).
        let body = &text[whole.end()..];
        let body = &body[..body.find([';', '}']).unwrap_or(body.len())];
        for constant in CONSTANT.captures_iter(body) {
            let (Some(label), Some(value)) = (constant.get(1), constant.get(2)) else { continue };
            let qualified = format!("{}.{}", name.as_str(), label.as_str());
            let line = lines.number(whole.end() + label.start());
            facts.edge("self", &format!("constant:{qualified}"), NAMES_SERVICE, json!({"value": value.as_str()}), &format!("L{line}"), Method::Parsed);
            declared.push(qualified);
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    for used in USE.captures_iter(text) {
        let (Some(whole), Some(name), Some(label)) = (used.get(0), used.get(1), used.get(2)) else { continue };
        let qualified = format!("{}.{}", name.as_str(), label.as_str());
        // The enum's own file declares its constants; it does not call them.
        if declared.contains(&qualified) || lines.is_comment(whole.start()) || !seen.insert(qualified.clone()) {
            continue;
        }
        let line = lines.number(whole.start());
        facts.inferred_edge("self", &format!("{SERVICE_CONSTANT}{qualified}"), "depends_on", json!({"constant": qualified}), &format!("L{line}"), 0.7);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Vec<String> {
        let mut found = FileFacts::default();
        facts(&mut found, text, &Lines::new(text));
        found.edges.iter().map(|edge| format!("{} {} {} {}", edge.kind, edge.to, edge.props.get("value").map(|value| value.to_string()).unwrap_or_default(), edge.pointer)).collect()
    }

    #[test]
    fn a_service_enum_names_services_and_its_uses_depend_on_them() {
        let declaring = "package shop;\n\npublic enum Service {\n  /** The store. */\n  PERSISTENCE(\"shop.persistence\"),\n  AUTH(\"shop.auth\");\n\n  private final String name;\n  Service(String name) { this.name = name; }\n  public Service lookup() { return Service.AUTH; }\n}\n";
        assert_eq!(read(declaring), ["names_service constant:Service.PERSISTENCE \"shop.persistence\" L5", "names_service constant:Service.AUTH \"shop.auth\" L6"]);
        let using = "class Cart {\n  // Service.IMAGE is not called here\n  Product p = Ops.getEntity(Service.PERSISTENCE, \"products\");\n  Order o = Ops.send(Service.PERSISTENCE, \"orders\");\n  Status s = ServiceStatus.OK;\n  Tag t = OrderService.DEFAULT;\n}\n";
        assert_eq!(read(using), ["depends_on service-constant:Service.PERSISTENCE  L3"]);
        let tags = "enum ServiceType {\n  ORDERS(\"orders\"),\n  PAYMENTS(\"payments\");\n}\n";
        assert!(read(tags).is_empty(), "a type tag names no callee");
        assert_eq!(read("enum class Microservice(val id: String) { CART(\"cart\") }\n"), ["names_service constant:Microservice.CART \"cart\" L1"]);
        assert!(read("enum Service { A, B }\nclass X { Service s = Service.A; }\n").iter().all(|edge| !edge.starts_with("names_service")), "constants with no name");
    }
}
