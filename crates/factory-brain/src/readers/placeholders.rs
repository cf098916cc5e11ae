//! `{{KEY}}` placeholders that a repo's own render step fills from a YAML map of values kept
//! beside the template (the ticketing platform's Kong gateway, `config/kong.base.yml` with `url: http://{{HOST_AUTH}}`,
//! and `values/_defaults.yml` with `HOST_AUTH: auth-service:3000`). A reader marks the value
//! it could not read for its placeholders ([`TEMPLATE`]); the values files are read here, as
//! settings; resolution fills one from the other (`resolve/config.rs`).

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;
use serde_json::{json, Value};

use crate::model::{FileFacts, Method};
use crate::readers::dotenv::SETTING;

/// The prop of a `setting:` edge whose `value` holds `{{KEY}}` placeholders.
pub const TEMPLATE: &str = "template";

/// A placeholder: `{{HOST_AUTH}}`, `{{ host_auth }}`; never a Go or Helm action
/// (`{{ .Values.host }}`, `{{ include "x" . }}`).
static PLACEHOLDER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}").expect("a valid regex"));

/// Anything a render step fills, on one line: `{{HOST_AUTH}}`, `{{SCOPE_CHECK_LUA:orders:read}}`.
static ANY_PLACEHOLDER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\{\{([^{}\n]*)\}\}").expect("a valid regex"));

/// What a placeholder's braces are while its text is parsed as YAML: characters that mean
/// nothing to YAML, so `minute: {{RATE}}` and `[{{COOKIE}}]` read as text, not as mappings.
const SET_ASIDE: (char, char) = ('\u{27e6}', '\u{27e7}');

/// Whether `value` holds a `{{KEY}}` placeholder.
pub fn has_placeholders(value: &str) -> bool {
    PLACEHOLDER.is_match(value)
}

/// YAML text with its placeholders' braces set aside ([`SET_ASIDE`]), for it to parse as the
/// text it is; [`restore`] puts them back in a value read from it.
pub fn set_aside(text: &str) -> Cow<'_, str> {
    ANY_PLACEHOLDER.replace_all(text, format!("{}$1{}", SET_ASIDE.0, SET_ASIDE.1))
}

/// A value read from [`set_aside`] text, with its placeholders' braces back.
pub fn restore(value: &str) -> Cow<'_, str> {
    if value.contains(SET_ASIDE.0) {
        Cow::Owned(value.replace(SET_ASIDE.0, "{{").replace(SET_ASIDE.1, "}}"))
    } else {
        Cow::Borrowed(value)
    }
}

/// The ways `template`'s placeholders are filled by `values` (each value of each placeholder,
/// eight ways at most). A placeholder with no value fills nothing, but for a port
/// (`:{{ORDERS_PORT}}`), which is left out with its colon.
pub fn fill(template: &str, values: &dyn Fn(&str) -> Vec<String>) -> Vec<String> {
    let mut filled = vec![String::new()];
    let mut last = 0;
    for captures in PLACEHOLDER.captures_iter(template) {
        let (Some(whole), Some(key)) = (captures.get(0), captures.get(1)) else { continue };
        let before = &template[last..whole.start()];
        let found = values(key.as_str());
        let before = match (found.is_empty(), before.strip_suffix(':')) {
            (true, Some(host)) => host,
            (true, None) => return Vec::new(),
            (false, _) => before,
        };
        let found = if found.is_empty() { vec![String::new()] } else { found };
        filled = filled.iter().flat_map(|done| found.iter().map(move |value| format!("{done}{before}{value}"))).take(8).collect();
        last = whole.end();
    }
    filled.into_iter().map(|done| format!("{done}{}", &template[last..])).collect()
}

/// A YAML file that is one flat map of values named as env vars are (`HOST_AUTH:
/// auth-service:3000`, every top-level value a scalar): its values that may name a host, as
/// settings, for a template of the repo to be filled with.
pub fn values(text: &str) -> FileFacts {
    let mut facts = FileFacts::default();
    if !text.lines().any(|line| line.starts_with(|character: char| character.is_ascii_uppercase())) {
        return facts;
    }
    let Ok(Value::Object(map)) = crate::yaml::document(text) else { return facts };
    if !map.values().all(|value| !value.is_object() && !value.is_array()) {
        return facts;
    }
    let env_named = |key: &str| key.starts_with(|character: char| character.is_ascii_uppercase()) && key.chars().all(|character| character.is_ascii_uppercase() || character.is_ascii_digit() || character == '_');
    for (key, value) in map.iter().filter(|(key, _)| env_named(key)) {
        let Some(value) = value.as_str().filter(|value| value.len() < 256 && crate::net::host_of(value, true).is_some()) else { continue };
        facts.node(SETTING, key, json!({"value": value}), &format!("/{key}"), Method::Parsed);
    }
    facts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_set_aside_parse_as_text_and_come_back() {
        let text = "services:\n  - name: auth\n    url: http://{{HOST_AUTH}}\n    read_timeout: {{READ_TIMEOUT_MS}}\n    cookies: [{{COOKIE}}]\n    tags:\n      - {{ TAG }}\n    lua: |\n      {{SCOPE_CHECK:orders:read}}\n";
        let document = crate::yaml::document(&set_aside(text)).expect("parses");
        let url = document.pointer("/services/0/url").and_then(Value::as_str).expect("a url");
        assert_eq!(restore(url), "http://{{HOST_AUTH}}");
        assert_eq!(document.pointer("/services/0/cookies/0").and_then(Value::as_str).map(restore).as_deref(), Some("{{COOKIE}}"));
        assert!(crate::yaml::document(text).is_err(), "as written, `{{READ_TIMEOUT_MS}}` is a mapping");
    }

    #[test]
    fn placeholders_are_filled_each_way_and_a_missing_port_is_left_out() {
        let values = |key: &str| match key {
            "HOST_AUTH" => vec!["auth-service:3000".to_string(), "auth.prod:3000".to_string()],
            "HOST" => vec!["orders".to_string()],
            _ => Vec::new(),
        };
        assert_eq!(fill("http://{{HOST_AUTH}}/x", &values), ["http://auth-service:3000/x", "http://auth.prod:3000/x"]);
        assert_eq!(fill("http://{{ HOST }}:{{PORT}}/api", &values), ["http://orders/api"]);
        assert!(fill("http://{{MISSING}}/x", &values).is_empty());
    }

    #[test]
    fn a_flat_map_of_env_named_keys_gives_its_host_values() {
        let facts = values("# defaults\nHOST_AUTH: auth-service:3000\nREAD_TIMEOUT_MS: 5000\nRATE_LIMIT_REDIS_HOST: \"127.0.0.1\"\nname: x\n");
        let settings: Vec<(&str, &Value)> = facts.nodes.iter().map(|node| (node.name.as_str(), &node.props["value"])).collect();
        assert_eq!(settings, [("HOST_AUTH", &json!("auth-service:3000"))]);
        assert!(values("HOST_AUTH: auth-service:3000\nnested:\n  a: b\n").nodes.is_empty(), "a map with nested values is config, not a template's values");
    }
}
