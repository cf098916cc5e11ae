//! The project's classes a Java or Kotlin file uses: those it imports (not a library's, by
//! [`super::LIBRARY_PACKAGES`]) and declares a field, parameter or variable of,
//! or calls a static method on. Resolution gives what a library module's class publishes or
//! subscribes to the components whose code uses it (`resolve::libraries`): minh0206's food
//! delivery injects `private final OrderInTransitEventPublisher orderInTransitEventPublisher;`
//! from `com.fooddelivery.shared.publisher` into the delivery service's `DriverService`.
//!
//! Edges go from `self` to `jvm-class:<package>.<Class>`; a class named but not imported (of the
//! file's own package) is not recorded, one of a wildcard import's package is recorded under
//! each such package, and resolution keeps only the classes the repo declares.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;
use serde_json::json;

use super::super::calls::Lines;
use super::{LIBRARY_CLASSES, LIBRARY_PACKAGES, typed_names};
use crate::model::{FileFacts, Method};

/// The edge kind from a file to a class of the project it uses.
pub const USES_CLASS: &str = "uses_class";

/// How a used class is named: `jvm-class:com.fooddelivery.shared.publisher.OrderPlacedEventPublisher`.
pub const CLASS_PREFIX: &str = "jvm-class:";

/// [`USES_CLASS`] edges for the classes a Java or Kotlin file imports from a package not a
/// library's and declares a name of or calls a static method on, at the first such use.
pub(super) fn facts(facts: &mut FileFacts, extension: &str, text: &str, lines: &Lines<'_>) {
    static IMPORT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?m)^\s*import\s+([\w.]+?)\.(\*|[A-Z]\w*)\s*;?\s*$").expect("a valid regex"));
    static STATIC_CALL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b([A-Z]\w*)\s*\.\s*[a-z]\w*\s*\(").expect("a valid regex"));
    if !matches!(extension, "java" | "kt") || !text.contains("import ") {
        return;
    }
    let library = |package: &str| LIBRARY_PACKAGES.iter().any(|library| package.starts_with(library) || format!("{package}.") == *library);
    let mut imported: BTreeMap<&str, &str> = BTreeMap::new();
    let mut wildcards: Vec<&str> = Vec::new();
    for import in IMPORT.captures_iter(text) {
        let (Some(package), Some(name)) = (import.get(1), import.get(2)) else { continue };
        if library(package.as_str()) || lines.is_comment(package.start()) {
            continue;
        }
        match name.as_str() {
            "*" => wildcards.push(package.as_str()),
            class => {
                imported.insert(class, package.as_str());
            }
        }
    }
    if imported.is_empty() && wildcards.is_empty() {
        return;
    }
    // Each class named in a declaration or a static call, at its first use.
    let mut used: BTreeMap<&str, usize> = BTreeMap::new();
    let declared = typed_names(text).into_iter().map(|(offset, _, class)| (offset, class));
    let called = STATIC_CALL.captures_iter(text).filter_map(|found| found.get(1)).map(|class| (class.start(), class.as_str()));
    for (offset, class) in declared.chain(called) {
        if !lines.is_comment(offset) {
            used.entry(class).and_modify(|first| *first = (*first).min(offset)).or_insert(offset);
        }
    }
    for (class, offset) in used {
        let packages: Vec<&str> = match imported.get(class) {
            Some(package) => vec![package],
            None if LIBRARY_CLASSES.contains(&class) => Vec::new(),
            None => wildcards.clone(),
        };
        for package in packages {
            facts.edge("self", &format!("{CLASS_PREFIX}{package}.{class}"), USES_CLASS, json!({}), &format!("L{}", lines.number(offset)), Method::Parsed);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn used(extension: &str, text: &str) -> Vec<String> {
        let mut facts = FileFacts::default();
        super::facts(&mut facts, extension, text, &Lines::new(text));
        facts.edges.into_iter().map(|edge| format!("{} {}", edge.to, edge.pointer)).collect()
    }

    #[test]
    fn fields_parameters_and_static_calls_of_imported_classes() {
        let java = "package com.shop.delivery;\n\nimport com.shop.shared.publisher.OrderDeliveredEventPublisher;\nimport com.shop.shared.event.OrderDeliveredEvent;\nimport com.shop.shared.util.Ids;\nimport com.shop.shared.dto.Unused;\nimport org.springframework.kafka.core.KafkaTemplate;\n\npublic class DriverService {\n    private final OrderDeliveredEventPublisher publisher;\n    private final KafkaTemplate<String, String> template;\n    // Unused unused;\n    public void deliver(Long id) {\n        publisher.publish(new OrderDeliveredEvent(Ids.next()));\n    }\n}\n";
        assert_eq!(used("java", java), ["jvm-class:com.shop.shared.util.Ids L14", "jvm-class:com.shop.shared.publisher.OrderDeliveredEventPublisher L10"]);
        let kotlin = "package com.shop.delivery\n\nimport com.shop.shared.publisher.*\n\nclass DriverService(private val publisher: OrderDeliveredEventPublisher, private val name: String)\n";
        assert_eq!(used("kt", kotlin), ["jvm-class:com.shop.shared.publisher.OrderDeliveredEventPublisher L5"]);
        assert!(used("java", "package a;\n\npublic class A { private final B b; }\n").is_empty(), "nothing imported");
    }
}
