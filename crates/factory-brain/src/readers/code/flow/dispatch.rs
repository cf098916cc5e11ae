//! Dispatch tables: a dict or object literal keyed by channel names whose values are handler
//! functions, one per channel (the orders notifier of the planted-mismatch evaluation, a
//! confluent-kafka worker: `HANDLERS = {"orders.order-placed": handle_placed, ..}` called as
//! `HANDLERS[msg.topic()](payload)`). A handler's parameters hold the messages of its key's
//! channel; resolution keeps that only for a channel the component subscribes to.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use regex::Regex;

use crate::readers::code::calls::Lines;

/// An entry `"key": handler` (or `'key': module.handler`) of a literal, on the masked text (the
/// key's contents blanked); it follows the literal's `{` or a `,`.
static ENTRY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?:"(?P<double> *)"|'(?P<single> *)')\s*:\s*(?:[A-Za-z_$][\w$]*\.)*(?P<handler>[A-Za-z_$][\w$]*)\s*[,}]"#).expect("a valid regex"));

/// Handler name -> the keys naming it, for the entries of `masked` (see [`super::Masked`]) whose
/// value is a name; the keys are read from the text `lines` holds.
pub(super) fn handlers(masked: &str, lines: &Lines<'_>) -> BTreeMap<String, BTreeSet<String>> {
    let mut found: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    if !(masked.contains("\":") || masked.contains("':") || masked.contains("\" :") || masked.contains("' :")) {
        return found;
    }
    for captures in ENTRY.captures_iter(masked) {
        let (Some(key), Some(handler)) = (captures.name("double").or_else(|| captures.name("single")), captures.name("handler")) else { continue };
        if key.is_empty() || !masked[..key.start() - 1].trim_end().ends_with(['{', ',']) {
            continue;
        }
        let line_start = masked[..key.start()].rfind('\n').map_or(0, |at| at + 1);
        let Some(name) = lines.text(key.start()).get(key.start() - line_start..key.end() - line_start) else { continue };
        found.entry(handler.as_str().to_string()).or_default().insert(name.to_string());
    }
    found
}

/// The name of an arrow function whose parameter list opens at `open`: `onPlaced` of `const
/// onPlaced = (data) =>` or `onPlaced = async (data) =>`.
pub(super) fn arrow_name(masked: &str, open: usize) -> Option<&str> {
    let before = masked[..open].trim_end();
    let before = before.strip_suffix("async").map_or(before, str::trim_end);
    let before = before.strip_suffix('=').filter(|rest| !rest.ends_with(['=', '!', '<', '>']))?.trim_end();
    let start = before.rfind(|character: char| !(character.is_alphanumeric() || character == '_' || character == '$')).map_or(0, |at| crate::readers::code::calls::after_char(before, at));
    (start < before.len()).then(|| &before[start..])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &str) -> Vec<(String, Vec<String>)> {
        let literals: Vec<(usize, usize)> = crate::readers::code::Literals::new(text).collect();
        let masked = super::super::Masked::new(text, &literals);
        handlers(masked.as_str(), &Lines::new(text)).into_iter().map(|(handler, keys)| (handler, keys.into_iter().collect())).collect()
    }

    #[test]
    fn entries_naming_handlers_by_keys() {
        let python = "HANDLERS = {\n    \"orders.order-placed\": handle_placed,\n    'orders.order-cancelled': self.on_cancel\n}\nOTHER = {\"limit\": 10, \"name\": \"x\"}\n";
        assert_eq!(table(python), [("handle_placed".to_string(), vec!["orders.order-placed".to_string()]), ("on_cancel".to_string(), vec!["orders.order-cancelled".to_string()])]);
        assert!(table("x = {\"a\": f(1), \"\": g}\n").is_empty(), "a call or an empty key names no handler");
    }

    #[test]
    fn arrow_functions_are_named_by_their_assignment() {
        let text = "const onPlaced = async (data) => {};\nif (a == (b)) {}\n";
        assert_eq!(arrow_name(text, text.find("(data)").expect("in text")), Some("onPlaced"));
        assert_eq!(arrow_name(text, text.find("(b)").expect("in text")), None);
    }
}
