//! Lists of channel names a file holds in a name, for the calls that take the list by it: a
//! class attribute or a module constant (rahlplx's polyglot platform: the notification
//! service's `SUBSCRIBED_TOPICS = ["com.company.order.cancelled", ..]` in its `EventConsumer`,
//! then `self._consumer.subscribe(self.SUBSCRIBED_TOPICS)`), a tuple (`TOPICS = ("a", "b")`
//! unpacked into `AIOKafkaConsumer(*TOPICS, ..)`), a JavaScript `const TOPICS = ['a', 'b']`.
//! A name given two different lists holds none. What the list's names stand for is read by
//! [`super::messaging::names_of`] where a subscription or a send names the list; a list handed
//! to any other call names nothing.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

use super::calls::{enclosed_within, split_top_level, string_literal};

/// What starts the value [`list_constants`] gives a name: no string constant's value holds a
/// line break, so a list is never taken for a name.
pub(super) const LIST_VALUE: char = '\n';

/// How long a list may be.
const LIST_BYTES: usize = 4000;

/// Each name the file assigns a list (or a tuple of string literals) to, with the list written
/// `[a, b]` after [`LIST_VALUE`], its items' comments left out. Attributes (`self.topics =
/// [..]`) count, typed names too (`TOPICS: list[str] = [..]`, `static readonly TOPICS: string[]
/// = [..]`).
pub(super) fn list_constants(text: &str) -> BTreeMap<String, String> {
    static ASSIGNMENT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?m)^[ \t]*(?:(?:export|const|let|var|static|readonly|public|private|protected|final)\s+)*(?:(?:self|this|cls)\.)?([A-Za-z_]\w*)[ \t]*(?::[ \t]*[\w.\[\], |]+?[ \t]*)?=[ \t]*([\[(])")
            .expect("a valid regex")
    });
    let mut values: BTreeMap<String, Option<String>> = BTreeMap::new();
    for captures in ASSIGNMENT.captures_iter(text) {
        let (Some(name), Some(open)) = (captures.get(1), captures.get(2)) else { continue };
        let Some((inner, _)) = enclosed_within(text, open.start(), LIST_BYTES) else { continue };
        let items: Vec<&str> = split_top_level(inner).into_iter().map(without_comments).filter(|item| !item.is_empty()).collect();
        // A parenthesised expression is no tuple: only literals are taken from one.
        if open.as_str() == "(" && (items.is_empty() || !items.iter().all(|item| string_literal(item).is_some())) {
            continue;
        }
        let value = format!("{LIST_VALUE}[{}]", items.join(", "));
        values
            .entry(name.as_str().to_string())
            .and_modify(|known| {
                if known.as_deref() != Some(value.as_str()) {
                    *known = None;
                }
            })
            .or_insert(Some(value));
    }
    values.into_iter().filter_map(|(name, value)| Some((name, value?))).collect()
}

/// An item of a list written over several lines, without the comment lines around it
/// (`# payments`, `// payments`) and a comment after a string (`"orders",  # lifecycle`).
fn without_comments(item: &str) -> &str {
    let Some(line) = item.lines().map(str::trim).find(|line| !line.is_empty() && !line.starts_with('#') && !line.starts_with("//")) else {
        return "";
    };
    // A string and what follows it: the string alone.
    let quote = line.chars().next().filter(|first| matches!(first, '"' | '\''));
    match quote.and_then(|quote| line[1..].find(quote).map(|close| &line[..close + 2])) {
        Some(string) => string,
        None => line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lists(text: &str) -> Vec<(String, String)> {
        list_constants(text).into_iter().map(|(name, value)| (name, value.trim_start_matches(LIST_VALUE).to_string())).collect()
    }

    #[test]
    fn lists_and_tuples_of_names() {
        let python = "class EventConsumer:\n    # Subscribed topics\n    SUBSCRIBED_TOPICS = [\n        \"com.company.order.cancelled\",  # lifecycle\n        # payments\n        \"com.company.payment.failed\"\n    ]\n    PAIR: tuple[str, str] = ('a', 'b')\n    NOT_A_TUPLE = (x + y) * 2\n    self.handlers = [on_a, on_b]\n";
        let expected = [("PAIR", "['a', 'b']"), ("SUBSCRIBED_TOPICS", "[\"com.company.order.cancelled\", \"com.company.payment.failed\"]"), ("handlers", "[on_a, on_b]")];
        assert_eq!(lists(python), expected.map(|(name, value)| (name.to_string(), value.to_string())));
        let javascript = "export const TOPICS: string[] = ['orders', 'payments'];\nif (a == [1]) {}\n";
        assert_eq!(lists(javascript), [("TOPICS".to_string(), "['orders', 'payments']".to_string())]);
        let twice = "topics = ['a']\ntopics = ['b']\n";
        assert!(lists(twice).is_empty(), "a name given two lists holds none");
    }
}
