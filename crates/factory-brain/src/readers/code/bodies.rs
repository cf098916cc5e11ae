//! Request bodies consumer code sends, so the check can name the required fields a call
//! leaves out: `requests.post(url, json={"amount": a})` (also httpx), axios's
//! `api.post(url, {amount})`, and `fetch(url, {method: "POST", body: JSON.stringify({amount})})`.
//! Only literal bodies count: their top-level keys are what the call sends.

use std::sync::LazyLock;

use regex::Regex;

use super::calls::{arguments, enclosed, named, split_top_level, Lines};

/// One call with a literal body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct SentBody {
    pub(super) method: &'static str,
    pub(super) path: String,
    /// The URL literal's content, as the edge's `literal`.
    pub(super) literal: String,
    pub(super) keys: Vec<String>,
    pub(super) line: usize,
    /// Where the URL argument starts in the text.
    pub(super) offset: usize,
}

static BODY_CALL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?:\.(post|put|patch)|\b(fetch))\s*\(").expect("a valid regex"));

/// Whether `text` may hold a call with a literal body (the gate before [`sent_bodies`]).
pub(super) fn may_send(text: &str) -> bool {
    text.contains("json=") || text.contains("JSON.stringify(") || (text.contains(".post(") && text.contains(", {"))
}

pub(super) fn sent_bodies(text: &str, lines: &Lines<'_>) -> Vec<SentBody> {
    let mut bodies = Vec::new();
    for captures in BODY_CALL.captures_iter(text) {
        let Some(whole) = captures.get(0) else { continue };
        if lines.is_comment(whole.start()) {
            continue;
        }
        let Some((arguments, _)) = arguments(text, whole.end() - 1) else { continue };
        let Some(url) = arguments.first() else { continue };
        let offset = url.as_ptr() as usize - text.as_ptr() as usize;
        let Some(literal) = url_literal(url) else { continue };
        let Some(path) = super::literals::http_path(literal) else { continue };
        let (method, body) = match captures.get(1).map(|verb| verb.as_str()) {
            Some(verb) => {
                let method = match verb {
                    "put" => "PUT",
                    "patch" => "PATCH",
                    _ => "POST",
                };
                // Python's `json=`, else axios's second argument.
                let body = arguments.iter().find_map(|argument| named(argument, "json")).or_else(|| arguments.get(1).copied().filter(|body| body.starts_with('{')));
                (method, body)
            }
            None => {
                let Some(options) = arguments.get(1).filter(|options| options.starts_with('{')) else { continue };
                let Some((inner, _)) = enclosed(options, 0) else { continue };
                let parts = split_top_level(inner);
                let method = parts.iter().find_map(|part| named(part, "method")).map(|method| method.trim_matches(['"', '\'', '`']).to_uppercase());
                let method = match method.as_deref() {
                    Some("POST") => "POST",
                    Some("PUT") => "PUT",
                    Some("PATCH") => "PATCH",
                    _ => continue,
                };
                let body = parts.iter().find_map(|part| named(part, "body")).and_then(|body| body.strip_prefix("JSON.stringify(")).map(|body| body.trim_start());
                (method, body)
            }
        };
        let Some(keys) = body.and_then(object_keys) else { continue };
        bodies.push(SentBody { method, path, literal: literal.to_string(), keys, line: lines.number(whole.start()), offset });
    }
    bodies
}

/// The content of a URL literal: a string, an f-string or a template literal.
fn url_literal(argument: &str) -> Option<&str> {
    let argument = argument.trim().trim_start_matches(['f', 'r', 'b']);
    let quote = argument.chars().next().filter(|quote| matches!(quote, '"' | '\'' | '`'))?;
    argument.strip_prefix(quote)?.strip_suffix(quote)
}

/// The top-level keys of an object or dict literal: `{"amount": a, currency, 'id': i}`;
/// `None` when one cannot be named (a spread, a computed key), since then what is sent is unknown.
fn object_keys(literal: &str) -> Option<Vec<String>> {
    let (inner, _) = enclosed(literal.trim(), 0).filter(|_| literal.trim().starts_with('{'))?;
    let mut keys = Vec::new();
    for part in split_top_level(inner) {
        let key = part.split(':').next().unwrap_or(part).trim();
        let key = key.trim_matches(['"', '\'']);
        if key.is_empty() || !key.chars().all(|character| character.is_ascii_alphanumeric() || matches!(character, '_' | '-')) {
            return None;
        }
        keys.push(key.to_string());
    }
    Some(keys)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_bodies_name_their_keys() {
        let text = "requests.post(\n  f\"{API}/payments\",\n  json={\"amount\": t, \"currency\": \"EUR\"},\n)\nfetch(`${API}/orders`, {method: 'POST', body: JSON.stringify({ customerId: c.id, items })})\napi.put('/carts/1', {...cart})";
        let found: Vec<(String, Vec<String>)> = sent_bodies(text, &Lines::new(text)).into_iter().map(|body| (format!("{} {}", body.method, body.path), body.keys)).collect();
        assert_eq!(found, vec![("POST /payments".to_string(), vec!["amount".to_string(), "currency".to_string()]), ("POST /orders".to_string(), vec!["customerId".to_string(), "items".to_string()])]);
    }
}
