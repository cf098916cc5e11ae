//! Dapr's sidecar HTTP API, called with any HTTP client rather than an SDK:
//! - `POST http://localhost:3500/v1.0/invoke/<app-id>/method/<method>` calls the app
//!   `<app-id>`; dapr/quickstarts' distributed calculator builds it from a base the file holds
//!   (`` const daprUrl = `http://localhost:${daprPort}/v1.0/invoke` `` then ``
//!   axios.post(`${daprUrl}/addapp/method/add`) ``), Python from an f-string's (`{dapr_url}`),
//!   others glue it on (`daprUrl + "/addapp/method/add"`). The literal URL is read with the
//!   other literals (`literals.rs`);
//! - a request carrying the header `dapr-app-id` calls the app it names (the
//!   service-invocation quickstarts: `headers: {'dapr-app-id': 'order-processor'}`,
//!   `req.Header.Add("dapr-app-id", "order-processor")`);
//! - `POST .../v1.0/publish/<pubsub>/<topic>` publishes to `<topic>`.
//!
//! The state API (`/v1.0/state/<store>`) and the others call no app. An app id or topic in a
//! hole names what the file's string constant of that name holds (`${TOPIC}` beside `const
//! TOPIC = 'orders'`), or nothing.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

use super::calls::Lines;
use super::dapr::is_app_id;

/// What the sidecar's HTTP API is asked for.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum SidecarCall {
    /// Invoking the app of this id.
    Invoke(String),
    /// Publishing to this topic.
    Publish(String),
}

/// `NAME = "<a URL of the sidecar's API>"`, a template or an f-string too, maybe formatted
/// (`fmt.Sprintf("http://localhost:%s/v1.0/invoke", port)`): the base later URLs extend.
static BASE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"\b(?P<name>[A-Za-z_]\w*)\s*(?::[ \t]*[A-Za-z_][\w.<>?]*[ \t]*)?:?=\s*(?:[\w.]+\(\s*)?[fF$@]?(?:"(?P<double>[^"\n]*/v1\.0[^"\n]*)"|'(?P<single>[^'\n]*/v1\.0[^'\n]*)'|`(?P<backtick>[^`\n]*/v1\.0[^`\n]*)`)"#)
        .expect("a valid regex")
});
/// A path of the sidecar's API naming an app to invoke or a topic to publish to.
static SIDECAR_PATH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"/v1\.0/(?:invoke/(?P<app>[^/"'`\s]+)/method\b|publish/[^/"'`\s]+/(?P<topic>[^/?"'`\s]+))"#).expect("a valid regex")
});
/// The header naming the app a request is for, then its value.
static APP_ID_HEADER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"["'](?i:dapr-app-id)["']\s*(?::|,|=>)\s*(?P<value>[^,)}\]\n]+)"#).expect("a valid regex"));

/// The apps a file invokes and the topics it publishes to through the sidecar's HTTP API, with
/// their offsets. `constants` are the file's string constants, by name.
pub(super) fn calls(text: &str, lines: &Lines<'_>, constants: &BTreeMap<String, String>) -> Vec<(usize, SidecarCall)> {
    let mut found = Vec::new();
    // A path spelt out: a publication's, or an invocation's of an app a hole names (one spelt
    // out is a literal's, read with the others).
    for captures in SIDECAR_PATH.captures_iter(text) {
        let Some(whole) = captures.get(0).filter(|whole| !lines.is_comment(whole.start())) else { continue };
        if captures.name("app").is_some_and(|app| !app.as_str().ends_with('}')) {
            continue;
        }
        if let Some(call) = sidecar_call(&captures, constants) {
            found.push((whole.start(), call));
        }
    }
    // A path extending a base: `${daprUrl}/addapp/method/add`, `daprUrl + "/addapp/method/add"`.
    for (name, base) in bases(text) {
        let Ok(extension) = Regex::new(&format!(r#"(?:\$?\{{\s*{name}\s*\}}|\b{name}\s*\+\s*[fF$@]?["'`])(?P<rest>[^"'`\s]*)"#)) else { continue };
        for captures in extension.captures_iter(text) {
            let (Some(whole), Some(rest)) = (captures.get(0), captures.name("rest")) else { continue };
            if lines.is_comment(whole.start()) {
                continue;
            }
            let url = format!("{}/{}", base.trim_end_matches('/'), rest.as_str().trim_start_matches('/'));
            if let Some(call) = SIDECAR_PATH.captures(&url).and_then(|path| sidecar_call(&path, constants)) {
                found.push((whole.start(), call));
            }
        }
    }
    for captures in APP_ID_HEADER.captures_iter(text) {
        let (Some(whole), Some(value)) = (captures.get(0), captures.name("value")) else { continue };
        if lines.is_comment(whole.start()) {
            continue;
        }
        let value = value.as_str().trim();
        let app = match value.chars().next() {
            Some('"' | '\'' | '`') => value.get(1..value.len() - 1).and_then(|inner| filled(inner, constants)),
            _ => constants.get(value.rsplit('.').next().unwrap_or(value)).filter(|app| is_app_id(app)).cloned(),
        };
        if let Some(app) = app {
            found.push((whole.start(), SidecarCall::Invoke(app)));
        }
    }
    found.sort_by_key(|(offset, _)| *offset);
    found
}

/// The file's variables holding a base URL of the sidecar's API (assigned one value only).
fn bases(text: &str) -> BTreeMap<String, String> {
    let mut values: BTreeMap<String, Option<String>> = BTreeMap::new();
    for captures in BASE.captures_iter(text) {
        let (Some(name), Some(value)) = (captures.name("name"), captures.name("double").or_else(|| captures.name("single")).or_else(|| captures.name("backtick"))) else { continue };
        values.entry(name.as_str().to_string()).and_modify(|known| *known = known.take().filter(|known| known == value.as_str())).or_insert_with(|| Some(value.as_str().to_string()));
    }
    values.into_iter().filter_map(|(name, value)| Some((name, value?))).collect()
}

fn sidecar_call(path: &regex::Captures<'_>, constants: &BTreeMap<String, String>) -> Option<SidecarCall> {
    if let Some(app) = path.name("app") {
        return filled(app.as_str(), constants).map(SidecarCall::Invoke);
    }
    filled(path.name("topic")?.as_str(), constants).map(SidecarCall::Publish)
}

/// A path segment's name: spelt out, or a hole (`${TOPIC}`, `{TOPIC}`) naming a string
/// constant of the file.
fn filled(segment: &str, constants: &BTreeMap<String, String>) -> Option<String> {
    let hole = segment.strip_prefix('$').unwrap_or(segment).strip_prefix('{').and_then(|rest| rest.strip_suffix('}'));
    let name = match hole {
        Some(hole) => constants.get(hole.trim().rsplit('.').next().unwrap_or(hole))?.clone(),
        None => segment.to_string(),
    };
    is_app_id(&name).then_some(name)
}


#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Vec<SidecarCall> {
        let constants = super::super::calls::string_constants(text);
        calls(text, &Lines::new(text), &constants).into_iter().map(|(_, call)| call).collect()
    }

    /// The distributed calculator's front end invokes its apps from a base URL; its state is no app.
    #[test]
    fn invocations_extending_a_base_url() {
        let js = "const daprUrl = `http://localhost:${daprPort}/v1.0/invoke`;\nconst stateUrl = `http://localhost:${daprPort}/v1.0/state/${stateStoreName}`;\naxios.post(`${daprUrl}/addapp/method/add`, req.body);\naxios.get(`${stateUrl}/calculatorState`);\n// axios.post(`${daprUrl}/oldapp/method/add`)\n";
        assert_eq!(read(js), [SidecarCall::Invoke("addapp".to_string())]);
        let python = "dapr_url = f\"http://localhost:{dapr_port}/v1.0\"\nrequests.post(f\"{dapr_url}/invoke/checkout/method/pay\")\nrequests.post(dapr_url + '/state/statestore')\n";
        assert_eq!(read(python), [SidecarCall::Invoke("checkout".to_string())]);
        let java = "String daprUrl = \"http://localhost:3500/v1.0/invoke/\";\nhttp.post(daprUrl + \"orders/method/new\");\n";
        assert_eq!(read(java), [SidecarCall::Invoke("orders".to_string())]);
    }

    #[test]
    fn headers_and_publications() {
        let python = "TOPIC = 'orders'\nrequests.post(f'{base}/v1.0/publish/pubsub/{TOPIC}', json=o)\nrequests.post(url, headers={'dapr-app-id': 'order-processor'})\nrequests.post(url, headers={'dapr-app-id': app_id})\n";
        assert_eq!(read(python), [SidecarCall::Publish("orders".to_string()), SidecarCall::Invoke("order-processor".to_string())]);
        let go = "req.Header.Add(\"dapr-app-id\", \"order-processor\")\nhttp.Post(daprHost + \"/v1.0/publish/pubsub/\" + topic, body)\n";
        assert_eq!(read(go), [SidecarCall::Invoke("order-processor".to_string())]);
        let js = "const APP = 'stock';\nfetch(`http://localhost:3500/v1.0/invoke/${APP}/method/reserve`);\nfetch(`http://localhost:3500/v1.0/invoke/${app}/method/reserve`);\n";
        assert_eq!(read(js), [SidecarCall::Invoke("stock".to_string())]);
    }
}
