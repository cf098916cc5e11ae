//! What the whole-text passes of the code reader share: line numbers of byte offsets, the
//! arguments of a call read by hand (strings, brackets and nesting respected), and the
//! string constants a file declares (`Topic = "orders"`), to look identifiers up in.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

/// `NAME = "value"` in the common languages: Go `Topic = "orders"` and `topic := "orders"`,
/// Kotlin `const val topic = "orders"` and `val topic: String = "orders"`, C#
/// `const string TopicName = "orders";`, Java `final String queueName = "shipping-task";`,
/// Python `TOPIC = 'orders'`, JavaScript `const topic = 'orders'`, Rust `pub const SUBJECT: &str =
/// "orders"` (`&'static str` too); a pydantic field's default,
/// `orders_topic: str = Field(default="orders")` or `Field("orders", ..)` (rahlplx's analytics
/// settings). A type is on the name's line: a Python class's `class Events:` is no name typed by
/// the attribute below it.
static STRING_CONSTANT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"\b([A-Za-z_]\w*)\s*(?::[ \t]*&?(?:'\w+[ \t]+)?[A-Za-z_][\w.<>?]*[ \t]*)?:?=\s*(?:Field\(\s*(?:default\s*=\s*)?)?(?:"([^"\\\n]*)"|'([^'\\\n]*)')"#).expect("a valid regex")
});

/// The line numbers (from 1) of byte offsets in one text, its line starts found on first use
/// (most files have nothing a whole-text pass looks for).
pub(super) struct Lines<'text> {
    text: &'text str,
    starts: std::cell::OnceCell<Vec<usize>>,
}

impl<'text> Lines<'text> {
    pub(super) fn new(text: &'text str) -> Self {
        Lines { text, starts: std::cell::OnceCell::new() }
    }

    fn starts(&self) -> &[usize] {
        self.starts.get_or_init(|| std::iter::once(0).chain(memchr::memchr_iter(b'\n', self.text.as_bytes()).map(|index| index + 1)).collect())
    }

    /// The line holding `offset`.
    pub(super) fn number(&self, offset: usize) -> usize {
        self.starts().partition_point(|&start| start <= offset)
    }

    /// The text of line `number` (1-based), without its line ending; empty past the last.
    pub(super) fn line(&self, number: usize) -> &'text str {
        let starts = self.starts();
        let Some(&start) = number.checked_sub(1).and_then(|index| starts.get(index)) else { return "" };
        let end = starts.get(number).map_or(self.text.len(), |next| next - 1);
        self.text.get(start..end).unwrap_or("").trim_end_matches('\r')
    }

    /// The text of the line holding `offset`, without its line ending.
    pub(super) fn text(&self, offset: usize) -> &'text str {
        let number = self.number(offset);
        let starts = self.starts();
        let start = starts[number - 1];
        let end = starts.get(number).map_or(self.text.len(), |next| next - 1);
        self.text.get(start..end).unwrap_or("").trim_end_matches('\r')
    }

    /// Whether the line holding `offset` is a comment (`//`, `#`, `*`, `/*`); Rust's `#[...]`
    /// and C#'s `[...]` attributes are code.
    pub(super) fn is_comment(&self, offset: usize) -> bool {
        let line = self.text(offset).trim_start();
        (line.starts_with('#') && !line.starts_with("#[") && !line.starts_with("#!["))
            || line.starts_with("//")
            || line.starts_with("/*")
            || line.starts_with("* ")
            || line == "*"
    }
}

/// The receiver of the method called at `offset`: the word before the `.` that precedes it
/// (`producer` in `this.producer.send(`), or "" for a bare call.
pub(super) fn receiver(text: &str, offset: usize) -> &str {
    let before = text[..offset].trim_end();
    let Some(before) = before.strip_suffix('.') else { return "" };
    let before = before.trim_end();
    // Past the last character that is no part of a name (whatever its width: `colaAño.send(`).
    let start = before
        .char_indices()
        .rev()
        .find(|(_, character)| !(character.is_ascii_alphanumeric() || *character == '_' || *character == '$'))
        .map_or(0, |(at, character)| at + character.len_utf8());
    &before[start..]
}

/// The `(` of the innermost call whose arguments hold `offset`, looked for at most `limit`
/// bytes back and not past a statement's end (`;`, `{`, `}`).
pub(super) fn open_call(text: &str, offset: usize, limit: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut index = offset.min(bytes.len());
    let stop = offset.saturating_sub(limit);
    while index > stop {
        index -= 1;
        match bytes[index] {
            b')' | b']' => depth += 1,
            b'(' if depth == 0 => return Some(index),
            b'(' | b'[' => depth = depth.saturating_sub(1),
            b';' | b'{' | b'}' if depth == 0 => return None,
            _ => {}
        }
    }
    None
}

/// The name of the function or method whose `(` is at `open`, a type argument list between
/// them skipped (`post` for `api.post<Order>(`).
pub(super) fn called_name(text: &str, open: usize) -> &str {
    let mut before = text[..open].trim_end();
    if before.ends_with('>') {
        let mut depth = 0usize;
        for (index, character) in before.char_indices().rev() {
            match character {
                '>' => depth += 1,
                '<' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        before = before[..index].trim_end();
                        break;
                    }
                }
                '(' | ')' | ';' | '\n' => return "",
                _ => {}
            }
        }
    }
    // A Rust macro's call is named without its `!`: `format!(..)` is `format`.
    let before = before.strip_suffix('!').filter(|name| name.ends_with(|character: char| character.is_alphanumeric() || character == '_')).unwrap_or(before);
    let start = before.rfind(|character: char| !(character.is_alphanumeric() || character == '_' || character == '$')).map_or(0, |at| after_char(before, at));
    &before[start..]
}

/// Where the character starting at `at` ends: past a found separator that may be wider than a
/// byte (`“` before a name), never inside it.
pub(super) fn after_char(text: &str, at: usize) -> usize {
    at + text[at..].chars().next().map_or(1, char::len_utf8)
}

/// Where `word` stands in `text` as a whole word (not inside a longer name).
pub(super) fn word_offsets<'a>(text: &'a str, word: &'a str) -> impl Iterator<Item = usize> + 'a {
    let is_name = |character: char| character.is_alphanumeric() || character == '_' || character == '$';
    text.match_indices(word).map(|(at, _)| at).filter(move |&at| {
        !word.is_empty() && !text[..at].chars().next_back().is_some_and(is_name) && !text[at + word.len()..].chars().next().is_some_and(is_name)
    })
}

/// The last assignment to `name` in `text` (`name = v`, `name := v`, Go's `name, err := v`):
/// where `name` stands, and where its value starts.
pub(super) fn last_assignment(text: &str, name: &str) -> Option<(usize, usize)> {
    word_offsets(text, name)
        .filter_map(|at| {
            let mut rest = text[at + name.len()..].trim_start();
            if let Some(after) = rest.strip_prefix(',') {
                let after = after.trim_start();
                let end = after.find(|character: char| !(character.is_alphanumeric() || character == '_')).unwrap_or(after.len());
                rest = after.get(end..).filter(|_| end > 0)?.trim_start();
            }
            let value = rest.strip_prefix(":=").or_else(|| rest.strip_prefix('=').filter(|value| !value.starts_with(['=', '>'])))?;
            Some((at, text.len() - value.len()))
        })
        .last()
}

/// Whether only white space comes before `offset` on its line.
pub(super) fn starts_line(text: &str, offset: usize) -> bool {
    text[..offset].chars().rev().take_while(|character| *character != '\n').all(char::is_whitespace)
}

/// The top-level arguments of the call whose `(` is at `open`, trimmed, and the offset just
/// past its `)`. `None` when the call does not close within a few hundred bytes.
pub(super) fn arguments(text: &str, open: usize) -> Option<(Vec<&str>, usize)> {
    let (inner, end) = enclosed(text, open)?;
    Some((split_top_level(inner), end))
}

/// The text between the bracket at `open` (one of `(`, `[`, `{`) and its match, and the offset
/// just past the match.
pub(super) fn enclosed(text: &str, open: usize) -> Option<(&str, usize)> {
    enclosed_within(text, open, 600)
}

/// [`enclosed`], for a match at most `limit` bytes away (a call's arguments are short; a type's
/// body is not). Strings are skipped.
pub(super) fn enclosed_within(text: &str, open: usize, limit: usize) -> Option<(&str, usize)> {
    let bytes = text.as_bytes();
    if !matches!(bytes.get(open), Some(b'(' | b'[' | b'{')) {
        return None;
    }
    let mut depth = 0usize;
    let mut index = open;
    while index < bytes.len() && index < open + limit {
        match bytes[index] {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => {
                depth -= 1;
                if depth == 0 {
                    return Some((&text[open + 1..index], index + 1));
                }
            }
            quote @ (b'"' | b'\'' | b'`') => {
                let close = bytes[index + 1..].iter().position(|&byte| byte == quote || byte == b'\n')?;
                index += close + 1;
            }
            _ => {}
        }
        index += 1;
    }
    None
}

/// `a, [b, c], "d,e"` -> `a`, `[b, c]`, `"d,e"`.
pub(super) fn split_top_level(inner: &str) -> Vec<&str> {
    let bytes = inner.as_bytes();
    let mut parts = Vec::new();
    let mut depth = 0i32;
    // Type arguments (`Map<String, Int>`) hold commas too.
    let mut angles = 0i32;
    let mut start = 0;
    let mut index = 0;
    while index < bytes.len() {
        match bytes[index] {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => depth -= 1,
            b'<' if depth == 0 && index > 0 && bytes[index - 1].is_ascii_alphanumeric() => angles += 1,
            b'>' if depth == 0 && angles > 0 && !matches!(bytes[index - 1], b'=' | b'-') => angles -= 1,
            quote @ (b'"' | b'\'' | b'`') => {
                if let Some(close) = bytes[index + 1..].iter().position(|&byte| byte == quote) {
                    index += close + 1;
                }
            }
            b',' if depth == 0 && angles == 0 => {
                parts.push(inner[start..index].trim());
                start = index + 1;
            }
            _ => {}
        }
        index += 1;
    }
    let last = inner[start..].trim();
    if !last.is_empty() {
        parts.push(last);
    }
    parts
}

/// The content of a plain string literal (`"orders"`, `'orders'`, `` `orders` ``, C#'s
/// `@"orders"`); `None` for anything else, interpolated strings included.
pub(super) fn string_literal(argument: &str) -> Option<&str> {
    let argument = argument.trim().trim_start_matches('@');
    let quote = argument.chars().next().filter(|quote| matches!(quote, '"' | '\'' | '`'))?;
    let content = argument.strip_prefix(quote)?.strip_suffix(quote)?;
    (!content.contains(quote) && !content.contains("${") && !content.contains('\\')).then_some(content)
}

/// `name = value` or `name: value` (keyword and named arguments): the value when the argument
/// is named `name`.
pub(super) fn named<'argument>(argument: &'argument str, name: &str) -> Option<&'argument str> {
    let rest = argument.trim().strip_prefix(name)?.trim_start();
    let value = rest.strip_prefix('=').or_else(|| rest.strip_prefix(':'))?;
    (!value.starts_with('=')).then(|| value.trim())
}

/// The string constants a text declares, by name; a name given two different values is left
/// out, since which one a use means is unknown.
pub(super) fn string_constants(text: &str) -> BTreeMap<String, String> {
    let mut values: BTreeMap<String, Option<String>> = BTreeMap::new();
    for captures in STRING_CONSTANT.captures_iter(text) {
        let (Some(name), Some(value)) = (captures.get(1), captures.get(2).or_else(|| captures.get(3))) else { continue };
        values
            .entry(name.as_str().to_string())
            .and_modify(|known| {
                if known.as_deref() != Some(value.as_str()) {
                    *known = None;
                }
            })
            .or_insert_with(|| Some(value.as_str().to_string()));
    }
    values.into_iter().filter_map(|(name, value)| Some((name, value?))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A separator wider than a byte before a name (`“`) is stepped over whole.
    #[test]
    fn a_called_name_after_a_wide_character_is_read_whole() {
        let text = "see “fetch(url)”";
        assert_eq!(called_name(text, text.find('(').expect("there")), "fetch");
        let stubs = "// the “InventoryServiceClient” rpc wrapper\nvar c “InventoryServiceClient\n";
        let _ = super::super::stubs::rpc_calls(stubs, &Lines::new(stubs));
    }

    #[test]
    fn arguments_respect_strings_and_nesting() {
        let text = r#"send(listOf(topic, "a,b"), Map<String, Int>(), x -> y)"#;
        let (found, end) = arguments(text, 4).expect("closes");
        assert_eq!(found, vec![r#"listOf(topic, "a,b")"#, "Map<String, Int>()", "x -> y"]);
        assert_eq!(end, text.len());
        assert_eq!(arguments("f(a, (b", 1), None);
    }

    #[test]
    fn constants_with_two_values_are_left_out() {
        let text = "const val topic = \"orders\"\nprivate const string TopicName = \"orders\";\nx = 'a'\nx = 'b'\nqueue := \"q\"\nval t: String = \"t\"";
        let found = string_constants(text);
        assert_eq!(found.get("topic").map(String::as_str), Some("orders"));
        assert_eq!(found.get("TopicName").map(String::as_str), Some("orders"));
        assert_eq!(found.get("queue").map(String::as_str), Some("q"));
        assert_eq!(found.get("t").map(String::as_str), Some("t"));
        assert_eq!(found.get("x"), None);
    }

    /// rahlplx's polyglot platform: a class's first attribute was taken for the class, typed by
    /// the attribute's name; a pydantic field's default was no value.
    #[test]
    fn python_class_attributes_and_field_defaults() {
        let text = "class Events:\n    TOPIC = \"orders\"\nclass Settings(BaseSettings):\n    orders_topic: str = Field(default=\"orders.placed\", description=\"d\")\n    dlq_topic: str = Field('orders.dlq')\n    required_topic: str = Field(..., description=\"orders.x\")\n";
        let found: Vec<(String, String)> = string_constants(text).into_iter().collect();
        let expected = [("TOPIC", "orders"), ("dlq_topic", "orders.dlq"), ("orders_topic", "orders.placed")];
        assert_eq!(found, expected.map(|(name, value)| (name.to_string(), value.to_string())));
    }

    /// A receiver's name ending in a letter wider than a byte panicked, slicing inside it.
    #[test]
    fn a_receiver_with_letters_of_any_width() {
        let text = "colaAño.send({ topic: 'pedidos' })";
        // Names are read in ASCII: the part after the wide letter.
        assert_eq!(receiver(text, text.find("send").expect("a call")), "o");
        let text = "productor_ñ.send(x); señal·x.send(y)";
        assert_eq!(receiver(text, text.find("send").expect("a call")), "");
        assert_eq!(receiver(text, text.rfind("send").expect("a call")), "x");
    }

    #[test]
    fn line_numbers_and_comments() {
        let text = "a\n  // b\nc\r\n#[post(\"/x\")]\n# d";
        let lines = Lines::new(text);
        assert_eq!(lines.number(0), 1);
        assert_eq!(lines.number(2), 2);
        assert_eq!(lines.text(10), "c");
        assert!(lines.is_comment(4));
        assert!(!lines.is_comment(text.find("#[").expect("there")));
        assert!(lines.is_comment(text.len() - 1));
    }
}
