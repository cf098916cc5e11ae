//! A consumer that tells each message's topic apart by a lookup table rather than a `switch`:
//! the JavaScript and TypeScript counterpart of Pitstop's `switch (messageType) { case
//! "CustomerRegistered": .. }` ([`super::events`]). xshopai's notification-service routes every
//! event by `TOPIC_HANDLERS[topic]` over `const TOPIC_HANDLERS = { 'user.created': async
//! (event) => .., .. }`: each literal key of a table named for handlers, indexed by a variable
//! named like a topic or a message's type, is a topic the file subscribes to. A table indexed
//! by anything else (`handlers[action]`) names no channel.

use std::sync::LazyLock;

use regex::Regex;

use super::calls::{enclosed_within, Lines};
use super::messaging::{is_channel_name, ChannelUse, Direction};

/// Words a file [`uses`] reads holds one of; the code reader's gate opens on them.
pub(super) const GATE_WORDS: &[&str] = &["andlers", "ANDLERS"];

/// A table of handlers declared with an object literal (a TypeScript type annotation between).
static TABLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(?:const|let|var)\s+(\w*(?:[Hh]andlers|HANDLERS)\w*)\s*(?::[^\n]*?)?=\s*\{").expect("a valid regex"));
/// A top-level literal key of the table's body: `'user.created':`, `"orders":`.
static KEY: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"(?m)(?:^|[{,])\s*(['"])([^'"\n]+)['"]\s*:"#).expect("a valid regex"));

/// Words a variable holding a message's topic or type ends with: `topic`, `topicName`,
/// `eventType`, `messageType`.
const TOPIC_WORDS: &[&str] = &["topic", "topicname", "messagetype", "eventtype", "msgtype", "eventname", "messagename"];

pub(super) fn uses(extension: &str, text: &str, lines: &Lines<'_>) -> Vec<ChannelUse> {
    let mut found = Vec::new();
    if !matches!(extension, "js" | "mjs" | "cjs" | "ts" | "jsx" | "tsx") || !GATE_WORDS.iter().any(|word| text.contains(word)) {
        return found;
    }
    for captures in TABLE.captures_iter(text) {
        let (Some(whole), Some(name)) = (captures.get(0), captures.get(1)) else { continue };
        if lines.is_comment(whole.start()) || !indexed_by_a_topic(text, name.as_str()) {
            continue;
        }
        let Some((body, _)) = enclosed_within(text, whole.end() - 1, 20_000) else { continue };
        let start = whole.end();
        // The table's own keys, not those of an object a handler builds.
        let top_level = |offset: usize| body[..offset].bytes().fold(0i32, |depth, byte| depth + i32::from(matches!(byte, b'{' | b'(' | b'[')) - i32::from(matches!(byte, b'}' | b')' | b']'))) == 0;
        for key in KEY.captures_iter(body) {
            let Some(topic) = key.get(2) else { continue };
            if top_level(topic.start()) && is_channel_name(topic.as_str()) && !lines.is_comment(start + topic.start()) {
                found.push(ChannelUse { offset: start + topic.start(), direction: Direction::Subscribes, name: topic.as_str().to_string(), protocol: "event bus" });
            }
        }
    }
    found
}

/// Whether the file looks a handler up in the table by a topic (`TOPIC_HANDLERS[topic]`,
/// `handlers[event.eventType]`).
fn indexed_by_a_topic(text: &str, table: &str) -> bool {
    let Ok(index) = Regex::new(&format!(r"\b{}\s*\[\s*(?:[\w$]+\??\.)*([\w$]+)\s*\]", regex::escape(table))) else { return false };
    index.captures_iter(text).any(|captures| {
        let variable = captures[1].to_lowercase();
        TOPIC_WORDS.iter().any(|word| variable.ends_with(word))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Vec<String> {
        uses("ts", text, &Lines::new(text)).into_iter().map(|found| found.name).collect()
    }

    #[test]
    fn keys_of_a_table_indexed_by_topic() {
        let router = "const TOPIC_HANDLERS: Record<string, (event: CloudEvent) => Promise<void>> = {\n  'user.created': async (event) => controller.handle({ body: event } as any, { 'x': 1 }),\n  'order.cancelled': async (event) =>\n    controller.cancel(event),\n};\nexport function route(event) {\n  let topic = event.type;\n  const handler = TOPIC_HANDLERS[topic];\n}\n";
        assert_eq!(read(router), ["user.created", "order.cancelled"]);
    }

    #[test]
    fn a_table_indexed_by_anything_else_names_no_topic() {
        let actions = "const handlers = {\n  'join': onJoin,\n  'leave': onLeave,\n};\nsocket.on('message', (message) => handlers[message.action](message));\n";
        assert_eq!(read(actions), Vec::<String>::new());
        let unnamed = "const ROUTES = { 'user.created': onCreated };\nconst handler = ROUTES[topic];\n";
        assert_eq!(read(unnamed), Vec::<String>::new(), "a table not named for handlers");
    }
}
