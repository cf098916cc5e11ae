//! nginx config: `proxy_pass` and `grpc_pass` name the upstreams a reverse proxy sends
//! traffic to, directly (`proxy_pass http://orders:8080/;`) or through an `upstream` block's
//! `server` lines. The component owning the file depends on them, each edge with the
//! `location` prefix it serves (so that a call through the proxy to `/orders/...` can be
//! traced to the service behind it). Targets built from nginx runtime variables (`$backend`)
//! are skipped; `${VAR}` in an envsubst template (`*.conf.template`) becomes a `setting:`
//! edge that resolution fills from the `.env`, and, when the variable's name says it holds a
//! host (`${CART_HOST}`), an `env:` edge too, for a value set elsewhere (a Dockerfile's `ENV`).

use std::collections::BTreeMap;

use serde_json::json;

use crate::model::{FileFacts, Method};
use crate::net::host_of;

/// Directives whose argument is an upstream address.
const PASS_DIRECTIVES: &[&str] = &["proxy_pass", "grpc_pass"];

/// Whether a config file's text has anything this reader reads.
pub fn looks_like_nginx(text: &str) -> bool {
    PASS_DIRECTIVES.iter().any(|directive| text.contains(directive))
}

/// Whether a file (its lowercase name) is an nginx envsubst template.
pub fn is_template(lower_name: &str) -> bool {
    lower_name.ends_with(".conf.template")
}

pub fn read(text: &str) -> FileFacts {
    let mut facts = FileFacts::default();
    let lines: Vec<(usize, Vec<&str>)> = text
        .lines()
        .enumerate()
        .map(|(index, line)| (index + 1, line.split('#').next().unwrap_or("").split_whitespace().map(|word| word.trim_end_matches(';')).collect()))
        .collect();
    // upstream name -> its server addresses, read word by word: a block may be one line
    // (`upstream products { server inventory-service:3003; }`).
    let mut upstreams: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    let mut current: Option<&str> = None;
    let mut words = lines.iter().flat_map(|(_, words)| words.iter().flat_map(|word| word.split_inclusive(['{', '}'])).flat_map(braces_apart));
    while let Some(word) = words.next() {
        match word {
            "upstream" => current = words.next().filter(|name| *name != "{"),
            "server" if current.is_some() => {
                if let (Some(upstream), Some(address)) = (current, words.next().map(|address| address.trim_end_matches(';'))) {
                    upstreams.entry(upstream).or_default().push(address);
                }
            }
            "}" => current = None,
            _ => {}
        }
    }
    // The location each line is in: (depth it opened at, its prefix), innermost last.
    let mut locations: Vec<(usize, String)> = Vec::new();
    let mut depth = 0usize;
    // Variables `set` so far (`set $api_gateway_url http://api-gateway:8080;`), the last value each.
    let mut variables: BTreeMap<&str, &str> = BTreeMap::new();
    for (line_number, words) in &lines {
        if let Some(at) = words.iter().position(|word| *word == "set")
            && let [name, value, ..] = &words[at + 1..]
            && let Some(name) = name.strip_prefix('$')
        {
            variables.insert(name, value.trim_end_matches('}').trim_end_matches(';').trim_matches(['"', '\'']));
        }
        if let ["location", rest @ ..] = words.as_slice()
            && let Some(prefix) = location_prefix(rest)
        {
            locations.push((depth, prefix));
        }
        let location = locations.last().map(|(_, prefix)| prefix.clone());
        let opened = words.iter().map(|word| word.matches('{').count()).sum::<usize>();
        let closed = words.iter().map(|word| word.matches('}').count()).sum::<usize>();
        depth = (depth + opened).saturating_sub(closed);
        while closed > 0 && locations.last().is_some_and(|(opened_at, _)| depth <= *opened_at) {
            locations.pop();
        }
        // `location /x { proxy_pass http://y; }` holds its directive on the same line.
        let statement = words.iter().position(|word| PASS_DIRECTIVES.contains(word)).map(|at| &words[at..]).unwrap_or(&[]);
        let [directive, target, ..] = statement else { continue };
        let target = target.trim_end_matches('}').trim_end_matches(';');
        let target = &*with_variables(target, &variables);
        let pointer = format!("L{line_number}");
        let mut props = json!({"config": directive});
        if let Some(prefix) = location {
            props["location"] = json!(prefix);
        }
        if target.contains("${") {
            let mut setting = props.clone();
            setting["value"] = json!(target);
            facts.edge("self", &format!("setting:{target}"), "depends_on", setting, &pointer, Method::Parsed);
            for variable in target.split("${").skip(1).filter_map(|rest| rest.split_once('}')).map(|(name, _)| name) {
                if let Some(prefix) = crate::net::env_key_prefix(variable) {
                    let mut env = props.clone();
                    env["env"] = json!(variable);
                    facts.edge("self", &format!("env:{prefix}"), "depends_on", env, &pointer, Method::Parsed);
                }
            }
            continue;
        }
        if target.contains('$') {
            continue;
        }
        let authority = target.split_once("://").map(|(_, rest)| rest).unwrap_or(target);
        let upstream = authority.split(['/', ':']).next().unwrap_or("");
        let addresses = upstreams.get(upstream).cloned().unwrap_or_else(|| vec![target]);
        for address in addresses {
            if let Some(host) = host_of(address, true) {
                facts.edge("self", &format!("host:{host}"), "depends_on", props.clone(), &pointer, Method::Parsed);
            }
        }
    }
    facts
}

/// `target` with the variables the config `set` put in for their `$name`
/// (`proxy_pass $api_gateway_url;` after `set $api_gateway_url http://api-gateway:8080;`, in
/// minh0206's event-driven-food-delivery); nginx's own (`$host`, `$request_uri`) stay.
fn with_variables<'a>(target: &'a str, variables: &BTreeMap<&str, &str>) -> std::borrow::Cow<'a, str> {
    if !target.contains('$') || variables.is_empty() {
        return std::borrow::Cow::Borrowed(target);
    }
    let mut out = String::with_capacity(target.len());
    let mut rest = target;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let (name, tail) = match after.strip_prefix('{') {
            Some(braced) => braced.split_once('}').map_or((after, ""), |(name, tail)| (name, tail)),
            None => after.split_at(after.find(|character: char| !(character.is_ascii_alphanumeric() || character == '_')).unwrap_or(after.len())),
        };
        match variables.get(name) {
            Some(value) => out.push_str(value),
            None => out.push_str(&rest[at..rest.len() - tail.len()]),
        }
        rest = tail;
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

/// A word cut after each brace (`{server`, `x;}`) split again so that braces stand alone:
/// `["{", "server"]`, `["x;", "}"]`.
fn braces_apart(piece: &str) -> impl Iterator<Item = &str> {
    let (word, brace) = match piece.strip_suffix(['{', '}']) {
        Some(word) => (word, &piece[word.len()..]),
        None => (piece, ""),
    };
    [word, brace].into_iter().filter(|part| !part.is_empty())
}

/// The path prefix a `location` matches: `/orders` for `location /orders {` or
/// `location ^~ /orders/ {`; `None` for regular expressions (`~`, `~*`) and named locations.
fn location_prefix(words: &[&str]) -> Option<String> {
    let words: Vec<&str> = words.iter().map(|word| word.trim_end_matches('{')).filter(|word| !word.is_empty()).collect();
    let path = match words.as_slice() {
        [modifier, path, ..] if *modifier == "=" || *modifier == "^~" => path,
        [path, ..] if path.starts_with('/') => path,
        _ => return None,
    };
    path.starts_with('/').then(|| path.to_string())
}
