//! nginx config: `proxy_pass` and `grpc_pass` name the upstreams a reverse proxy sends
//! traffic to, directly (`proxy_pass http://orders:8080/;`) or through an `upstream` block's
//! `server` lines. The component owning the file depends on them. Targets built from nginx
//! runtime variables (`$backend`) are skipped; `${VAR}` in an envsubst template
//! (`*.conf.template`) becomes a `setting:` edge that resolution fills from the `.env`.

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
    // upstream name -> its server addresses.
    let mut upstreams: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    let mut current: Option<&str> = None;
    for (_, words) in &lines {
        match words.as_slice() {
            ["upstream", name, ..] => current = Some(name.trim_end_matches('{')),
            ["server", address, ..] => {
                if let Some(upstream) = current {
                    upstreams.entry(upstream).or_default().push(address);
                }
            }
            ["}", ..] => current = None,
            _ => {}
        }
    }
    for (line_number, words) in &lines {
        let [directive, target, ..] = words.as_slice() else { continue };
        if !PASS_DIRECTIVES.contains(directive) {
            continue;
        }
        let pointer = format!("L{line_number}");
        if target.contains("${") {
            facts.edge("self", &format!("setting:{target}"), "depends_on", json!({"config": directive, "value": target}), &pointer, Method::Parsed);
            continue;
        }
        if target.contains('$') {
            continue;
        }
        let authority = target.split_once("://").map(|(_, rest)| rest).unwrap_or(target);
        let upstream = authority.split(['/', ':']).next().unwrap_or("");
        let addresses = upstreams.get(upstream).cloned().unwrap_or_else(|| vec![*target]);
        for address in addresses {
            if let Some(host) = host_of(address, true) {
                facts.edge("self", &format!("host:{host}"), "depends_on", json!({"config": directive}), &pointer, Method::Parsed);
            }
        }
    }
    facts
}
