//! `.env`: the variables docker compose (and many tools) substitute into the files next to
//! it. Each becomes a `setting` node (`name` the variable, `value` as written); they are not
//! graph nodes, resolution expands the `${VAR}` of compose, Envoy and nginx files with them.
//! Other env files (`.env.cart`, `cart.env`) are read the same way: a compose service's
//! `env_file:` makes their settings its environment. A `.env` template (`.env.example`, which
//! deployers copy to `.env`) stands for the `.env` the repo does not commit.
//! Secrets (`*_PASSWORD`, `*_TOKEN`, `*_KEY`…) are left out.
//! The hosts an env file names are read by the code reader like any other config file.

use serde_json::json;

use crate::model::{FileFacts, Method};

/// The node kind of a `.env` variable.
pub const SETTING: &str = "setting";

/// Whether a file (its lowercase name) holds settings compose substitutes.
pub fn is_dotenv(lower_name: &str) -> bool {
    lower_name == ".env"
}

/// The committed templates of a `.env` that deployers copy it from, most usual first:
/// `.env.example`, `.env.sample`, `.env.dist`, `.env.template`, `example.env`. Compose reads
/// only `.env`; resolution falls back to a template beside it when no `.env` is committed.
pub const DOTENV_TEMPLATES: &[&str] = &[".env.example", ".env.sample", ".env.dist", ".env.template", "example.env", "sample.env"];

/// Whether a file (its lowercase name) is a template of a `.env` ([`DOTENV_TEMPLATES`]).
pub fn is_dotenv_template(lower_name: &str) -> bool {
    DOTENV_TEMPLATES.contains(&lower_name)
}

/// Whether a file (its lowercase name) holds `KEY=value` settings: `.env`, `.env.<name>`,
/// `<name>.env`.
pub fn is_env_file(lower_name: &str) -> bool {
    is_dotenv(lower_name) || lower_name.starts_with(".env.") || lower_name.ends_with(".env")
}

pub fn read(text: &str) -> FileFacts {
    let mut facts = FileFacts::default();
    for (index, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.starts_with('#') {
            continue;
        }
        let line = line.strip_prefix("export ").unwrap_or(line);
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        let key = key.trim();
        if !is_variable_name(key) || is_secret(key) {
            continue;
        }
        let value = unquote(value.trim());
        crate::readers::code::env_channel(&mut facts, "self", key, value, &format!("L{}", index + 1));
        facts.node(SETTING, key, json!({"value": value}), &format!("L{}", index + 1), Method::Parsed);
    }
    facts
}

/// A value without its quotes, or without a trailing ` # comment` when unquoted.
fn unquote(value: &str) -> &str {
    for quote in ['"', '\''] {
        if let Some(inner) = value.strip_prefix(quote) {
            return inner.split_once(quote).map(|(inner, _)| inner).unwrap_or(inner);
        }
    }
    match value.find(" #").or_else(|| value.find("\t#")) {
        Some(comment) => value[..comment].trim_end(),
        None => value,
    }
}

/// Whether a variable holds a secret: its value names nothing resolution needs, and is not
/// copied into the brain's facts.
fn is_secret(name: &str) -> bool {
    let upper = name.to_uppercase();
    ["PASSWORD", "PASSWD", "SECRET", "TOKEN", "CREDENTIAL", "PRIVATE"].iter().any(|word| upper.contains(word)) || upper == "KEY" || upper.ends_with("_KEY")
}

fn is_variable_name(name: &str) -> bool {
    name.chars().next().is_some_and(|first| first.is_ascii_alphabetic() || first == '_')
        && name.chars().all(|character| character.is_ascii_alphanumeric() || character == '_')
}

/// How many settings deep a value may refer to others (`A=${B}`, `B=${C}`…).
const MAX_DEPTH: usize = 8;

/// What becomes of a variable with no value and no default.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Unset {
    /// The whole value is unknown.
    Fails,
    /// Standing as an address's port (`http://cart:${CART_PORT:?}/x`), it is left out with its
    /// colon; anywhere else the whole value is unknown.
    PortLeftOut,
}

/// `template` with `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?message}`,
/// `${VAR?message}` and `$VAR` replaced by what `lookup` gives (values are expanded in turn,
/// `$$` is a dollar), as docker compose interpolates. `None` when a variable with no default
/// has no value: a half-expanded value would name the wrong thing.
pub fn expand<'a>(template: &str, lookup: impl Fn(&str) -> Option<&'a str> + Copy) -> Option<String> {
    expand_at_depth(template, lookup, Unset::Fails, 0)
}

/// An address expanded as [`expand`] does, but for a port no setting gives
/// (`http://cart:${CART_PORT:?}`, whose `.env` is not committed), which is left out: the host
/// is written out, and it is the host that names the service called.
pub fn expand_address<'a>(template: &str, lookup: impl Fn(&str) -> Option<&'a str> + Copy) -> Option<String> {
    expand_at_depth(template, lookup, Unset::PortLeftOut, 0)
}

/// Whether `expanded` ends in a host and a colon, and `rest` goes on after a port: the
/// variable between them is the port.
fn is_port_position(expanded: &str, rest: &str) -> bool {
    let Some(host) = expanded.strip_suffix(':') else { return false };
    let host = host.rsplit(['/', '@']).next().unwrap_or(host);
    let host_like = !host.is_empty() && host.chars().all(|character| character.is_ascii_alphanumeric() || matches!(character, '.' | '-' | '_'));
    host_like && host.chars().next().is_some_and(|first| first.is_ascii_alphanumeric()) && (rest.is_empty() || rest.starts_with(['/', '?', '#']))
}

fn expand_at_depth<'a>(template: &str, lookup: impl Fn(&str) -> Option<&'a str> + Copy, unset: Unset, depth: usize) -> Option<String> {
    if depth > MAX_DEPTH {
        return None;
    }
    let mut expanded = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(dollar) = rest.find('$') {
        expanded.push_str(&rest[..dollar]);
        let after = &rest[dollar + 1..];
        if let Some(after_dollar) = after.strip_prefix('$') {
            expanded.push('$');
            rest = after_dollar;
            continue;
        }
        let (name, default, remainder) = if let Some(braced) = after.strip_prefix('{') {
            let end = braced.find('}')?;
            let inner = &braced[..end];
            let name_end = inner.find(|character: char| !(character.is_ascii_alphanumeric() || character == '_')).unwrap_or(inner.len());
            let (name, modifier) = inner.split_at(name_end);
            let default = modifier.strip_prefix(":-").or_else(|| modifier.strip_prefix('-'));
            if !modifier.is_empty() && default.is_none() && !modifier.starts_with(":?") && !modifier.starts_with('?') {
                return None;
            }
            (name, default, &braced[end + 1..])
        } else {
            let name_end = after.find(|character: char| !(character.is_ascii_alphanumeric() || character == '_')).unwrap_or(after.len());
            if name_end == 0 {
                expanded.push('$');
                rest = after;
                continue;
            }
            (&after[..name_end], None, &after[name_end..])
        };
        if !is_variable_name(name) {
            return None;
        }
        let value = match (lookup(name), default) {
            (Some(value), _) => expand_at_depth(value, lookup, unset, depth + 1)?,
            (None, Some(default)) => expand_at_depth(default, lookup, unset, depth + 1)?,
            (None, None) if unset == Unset::PortLeftOut && is_port_position(&expanded, remainder) => {
                expanded.pop();
                String::new()
            }
            (None, None) => return None,
        };
        expanded.push_str(&value);
        rest = remainder;
    }
    expanded.push_str(rest);
    Some(expanded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_are_read_without_quotes_comments_or_secrets() {
        let text = "# comment\nexport CART_ADDR=cart:7070\nIMAGE=\"redis:7\" # pinned\nDB_PASSWORD=hunter2\nAPI_KEY=abc\nNOTE=a # b\nnot a line\n";
        let settings: Vec<(String, String)> =
            read(text).nodes.iter().map(|node| (node.name.clone(), node.props["value"].as_str().unwrap_or_default().to_string())).collect();
        let expected = [("CART_ADDR", "cart:7070"), ("IMAGE", "redis:7"), ("NOTE", "a")].map(|(name, value)| (name.to_string(), value.to_string()));
        assert_eq!(settings, expected.to_vec());
    }

    #[test]
    fn variables_expand_through_other_settings_and_defaults() {
        let settings = [("CART_PORT", "7070"), ("CART_ADDR", "cart:${CART_PORT}"), ("LOOP", "${LOOP}")];
        let lookup = |name: &str| settings.iter().find(|(key, _)| *key == name).map(|(_, value)| *value);
        let cases = [
            ("${CART_ADDR}", Some("cart:7070")),
            ("http://$CART_ADDR/x", Some("http://cart:7070/x")),
            ("${MISSING:-fallback:80}", Some("fallback:80")),
            ("${MISSING}", None),
            ("${LOOP}", None),
            ("cost $$5", Some("cost $5")),
            ("plain", Some("plain")),
        ];
        for (template, expected) in cases {
            assert_eq!(expand(template, lookup).as_deref(), expected, "{template}");
        }
    }

    #[test]
    fn an_address_whose_port_has_no_value_keeps_its_host() {
        let settings = [("CART_ADDR", "cart:${CART_PORT:?}")];
        let lookup = |name: &str| settings.iter().find(|(key, _)| *key == name).map(|(_, value)| *value);
        let cases = [
            ("http://cart:${CART_PORT:?}", Some("http://cart")),
            ("http://cart:${CART_PORT?no port}/api", Some("http://cart/api")),
            ("http://${CART_ADDR}/x", Some("http://cart/x")),
            ("cart:${CART_PORT}", Some("cart")),
            ("http://${CART_HOST:?}:8080", None),
            ("amqp://guest:${RABBIT_PASSWORD:?}@rabbitmq:5672", None),
            ("jdbc:postgresql://postgres:5432/${DB_NAME:?}", None),
        ];
        for (template, expected) in cases {
            assert_eq!(expand_address(template, lookup).as_deref(), expected, "{template}");
        }
        assert_eq!(expand("http://cart:${CART_PORT:?}", lookup), None, "only addresses leave a port out");
    }
}
