//! HTTP requests made through client APIs whose arguments say where they go and what they
//! send: `requests.post(url, json={...})` (also httpx), axios's `api.post<T>(url, {...})`,
//! `fetch(url, {method: "POST", body: JSON.stringify({...})})`, .NET's `PostAsJsonAsync(url,
//! new { ... })` and `PostAsync(url, JsonContent.Create(x))`, Spring's `postForObject(url,
//! body, T.class)` and WebClient's `.post().uri(url)...bodyValue(x)`, Go's `http.Post(url,
//! contentType, body)` and `http.NewRequest("POST", url, body)` over `json.Marshal`. The body's
//! keys are read by [`super::bodies`].
//!
//! A relative URL (`"payments"`, `$"v1/stock/{sku}"`) is resolved against the base address
//! the same file gives its client (`BaseAddress = new Uri(".../api/")`, axios's `create({
//! baseURL })`, WebClient's `.baseUrl("...")`); .NET's HttpClient methods take one anyway.

use std::sync::LazyLock;

use regex::Regex;

use super::bodies::{body_keys, Naming};
use super::calls::{arguments, enclosed, named, split_top_level, Lines};
use super::literals::http_path;

/// One request: its method, path and URL literal, the keys of its body when they can all be
/// named, and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Request {
    pub(super) method: &'static str,
    pub(super) path: String,
    pub(super) literal: String,
    pub(super) keys: Option<Vec<String>>,
    pub(super) line: usize,
    /// Where the URL literal's opening quote is.
    pub(super) offset: usize,
}

static REQUEST_CALL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"\.(?P<verb>post|put|patch)\s*(?:<[^()]*?>)?\s*\(",
        r"|\b(?P<fetch>fetch)\s*\(",
        r"|\.(?P<dotnet>Get|Post|Put|Patch|Delete)(?P<dotnet_kind>FromJsonAsync|AsJsonAsync|Async|StringAsync|StreamAsync)\s*(?:<[^()]*?>)?\s*\(",
        r"|\.(?P<template>post|put|patch)For(?:Object|Entity)\s*\(",
        r"|\.(?P<body_value>bodyValue)\s*\(",
        r"|\.(?P<go_post>Post)\s*\(",
        r"|\b(?P<go_request>NewRequest(?:WithContext)?)\s*\(",
    ))
    .expect("a valid regex")
});

/// Whether `text` may hold a request [`requests`] reads: one search for plain words.
pub(super) fn may_request(text: &str) -> bool {
    static WORDS: LazyLock<regex::bytes::Regex> = LazyLock::new(|| {
        regex::bytes::Regex::new(r"json=|JSON\.stringify\(|\.post[(<]|\.put[(<]|\.patch[(<]|Async[(<]|ForObject\(|ForEntity\(|bodyValue\(|\.Post\(|NewRequest").expect("a valid regex")
    });
    WORDS.is_match(text.as_bytes())
}

/// Every request of `text` whose URL can be read, for a file with this extension.
pub(super) fn requests(extension: &str, text: &str, lines: &Lines<'_>) -> Vec<Request> {
    let base = base_path(text);
    let has_http_client = text.contains("HttpClient");
    let mut found = Vec::new();
    for captures in REQUEST_CALL.captures_iter(text) {
        let Some(whole) = captures.get(0) else { continue };
        if lines.is_comment(whole.start()) {
            continue;
        }
        let Some((arguments, call_end)) = arguments(text, whole.end() - 1) else { continue };
        let argument = |index: usize| arguments.get(index).copied();
        // (method, URL argument, body expression, whether a relative URL is a path)
        let (method, url, body, naming, relative): (&'static str, Option<&str>, Option<&str>, Naming, bool) = if let Some(verb) = captures.name("verb") {
            // Python's `json=`, else axios's second argument.
            let body = arguments.iter().find_map(|argument| named(argument, "json")).or_else(|| argument(1).filter(|body| body.starts_with('{')));
            let body = body.or_else(|| (extension == "rb").then(|| ruby_block_body(text, call_end)).flatten());
            (verb_method(verb.as_str()), argument(0), body, Naming::Declared, base.is_some())
        } else if captures.name("fetch").is_some() {
            let Some(options) = argument(1).filter(|options| options.starts_with('{')) else { continue };
            let Some((inner, _)) = enclosed(options, 0) else { continue };
            let parts = split_top_level(inner);
            let method = parts.iter().find_map(|part| named(part, "method")).map(|method| method.trim_matches(['"', '\'', '`']).to_uppercase());
            let Some(method) = method.as_deref().and_then(|method| ["POST", "PUT", "PATCH"].into_iter().find(|known| *known == method)) else { continue };
            let body = parts.iter().find_map(|part| named(part, "body"));
            (method, argument(0), body, Naming::Declared, false)
        } else if let (Some(verb), Some(kind)) = (captures.name("dotnet"), captures.name("dotnet_kind")) {
            if extension != "cs" || (kind.as_str() == "Async" && !has_http_client) {
                continue;
            }
            let method = match verb.as_str() {
                "Get" => "ANY",
                "Delete" => "DELETE",
                other => verb_method(&other.to_lowercase()),
            };
            let body = argument(1).filter(|_| matches!(verb.as_str(), "Post" | "Put" | "Patch"));
            (method, argument(0), body, Naming::CamelCase, true)
        } else if let Some(verb) = captures.name("template") {
            (verb_method(verb.as_str()), argument(0), argument(1), Naming::Declared, base.is_some())
        } else if captures.name("body_value").is_some() {
            let Some((method, url)) = web_client_chain(text, whole.start()) else { continue };
            (method, Some(url), argument(0), Naming::Declared, true)
        } else if captures.name("go_post").is_some() {
            (if extension == "go" { "POST" } else { continue }, argument(0), argument(2).map(go_reader), Naming::Declared, false)
        } else if captures.name("go_request").is_some() {
            if extension != "go" {
                continue;
            }
            let skip = usize::from(whole.as_str().contains("WithContext"));
            let method = argument(skip).map(|method| method.trim_matches('"').trim_start_matches("http.Method").to_lowercase());
            let Some(method) = method.as_deref().and_then(|method| ["post", "put", "patch"].into_iter().find(|verb| *verb == method)) else { continue };
            (verb_method(method), argument(skip + 1), argument(skip + 2).map(go_reader), Naming::Declared, false)
        } else {
            continue;
        };
        let Some(url) = url else { continue };
        let Some((literal, literal_offset)) = first_literal(url) else { continue };
        let content = &literal[1..literal.len() - 1];
        let path = if content.starts_with(['/', '{', '$', '%']) || content.contains("://") || !relative {
            http_path(content)
        } else {
            http_path(&format!("{}/{content}", base.as_deref().unwrap_or("")))
        };
        let Some(path) = path else { continue };
        let offset = url.as_ptr() as usize - text.as_ptr() as usize + literal_offset;
        let keys = body.and_then(|body| body_keys(body, extension, text, naming));
        found.push(Request { method, path, literal: content.to_string(), keys, line: lines.number(whole.start()), offset });
    }
    found
}

/// Faraday's `conn.post("/x") do |req| req.body = { ... }.to_json end`: the hash the block
/// sets as the body.
fn ruby_block_body(text: &str, call_end: usize) -> Option<&str> {
    static BLOCK: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s*(?:do|\{)\s*\|\s*(\w+)\s*\|").expect("a valid regex"));
    let after = &text[call_end..text.len().min(call_end + 2_000)];
    let block = BLOCK.captures(after)?;
    let variable = block.get(1)?.as_str();
    let block_text = &after[block.get(0)?.end()..];
    let assigned = block_text.find(&format!("{variable}.body"))?;
    let value = block_text[assigned + variable.len() + ".body".len()..].trim_start().strip_prefix('=')?.trim_start();
    if !value.starts_with('{') {
        return None;
    }
    let (_, end) = super::calls::enclosed_within(value, 0, 1_500)?;
    Some(&value[..end])
}

fn verb_method(verb: &str) -> &'static str {
    match verb {
        "put" => "PUT",
        "patch" => "PATCH",
        _ => "POST",
    }
}

/// The first string literal of an argument (`f"{URL}/x"`, `$"v1/{id}"`, `base + "/x"`,
/// `fmt.Sprintf("%s/x", base)`), quotes included, and where it starts in the argument.
fn first_literal(argument: &str) -> Option<(&str, usize)> {
    let start = argument.find(['"', '\'', '`'])?;
    let quote = argument[start..].chars().next()?;
    let end = argument[start + 1..].find(quote)? + start + 2;
    Some((&argument[start..end], start))
}

/// Go's body reader: `bytes.NewReader(b)`, `bytes.NewBuffer(b)`, `strings.NewReader(string(b))`
/// give `b`.
fn go_reader(argument: &str) -> &str {
    let mut inner = argument.trim();
    for wrapper in ["bytes.NewReader(", "bytes.NewBuffer(", "strings.NewReader(", "string("] {
        if let Some(rest) = inner.strip_prefix(wrapper) {
            inner = rest.strip_suffix(')').unwrap_or(rest).trim();
        }
    }
    inner
}

/// WebClient's `.post().uri("/x")` before a `.bodyValue(` at `at`: the method and the URL.
fn web_client_chain(text: &str, at: usize) -> Option<(&'static str, &str)> {
    let start = text[..at].rfind([';', '{']).map_or(0, |found| found + 1);
    let chain = &text[start..at];
    let uri = chain.rfind(".uri(")?;
    let (inner, _) = enclosed(chain, uri + ".uri".len())?;
    let method = ["post", "put", "patch"].into_iter().find(|verb| chain[..uri].contains(&format!(".{verb}()")))?;
    Some((verb_method(method), split_top_level(inner).into_iter().next()?))
}

/// The path of the base address the file gives its client, when it gives one:
/// `BaseAddress = new Uri(cfg["X"] ?? "http://payments:8000/api/")` gives `/api`.
fn base_path(text: &str) -> Option<String> {
    static BASE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r#"(?:BaseAddress\s*=\s*new\s+Uri\s*\(|baseURL\s*:|\.baseUrl\s*\()([^,}\n;]*)"#).expect("a valid regex"));
    static URL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"["'`]([a-z][a-z0-9+.-]*://[^"'`]*)["'`]"#).expect("a valid regex"));
    let mut paths: Vec<String> = BASE
        .captures_iter(text)
        .filter_map(|captures| URL.captures_iter(captures.get(1)?.as_str()).last().map(|url| url[1].to_string()))
        .map(|url| {
            let rest = url.split_once("://").map_or("", |(_, rest)| rest);
            rest.find('/').map(|at| rest[at..].trim_end_matches('/').to_string()).unwrap_or_default()
        })
        .collect();
    paths.dedup();
    match paths.as_slice() {
        [path] => Some(path.clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(extension: &str, text: &str) -> Vec<String> {
        requests(extension, text, &Lines::new(text))
            .into_iter()
            .map(|request| format!("{} {} {}", request.method, request.path, request.keys.map(|keys| keys.join(",")).unwrap_or_else(|| "?".into())))
            .collect()
    }

    #[test]
    fn requests_and_their_bodies_in_each_language() {
        let python = "requests.post(\n  f\"{API}/payments\",\n  json={\"amount\": t, \"currency\": \"EUR\"},\n)\n";
        assert_eq!(read("py", python), ["POST /payments amount,currency"]);
        let script = "fetch(`${API}/orders`, {method: 'POST', body: JSON.stringify({ customerId: c.id, items })})\napi.post<Order>(\"/orders\", { customerId, items, note })\napi.put('/carts/1', {...cart})";
        assert_eq!(read("ts", script), ["POST /orders customerId,items", "POST /orders customerId,items,note", "PUT /carts/1 ?"]);
        let csharp = "class G {\n  HttpClient _http;\n  G() { _http.BaseAddress = new Uri(cfg[\"URL\"] ?? \"http://payments-api:8000/api/\"); }\n  Task Pay() => _http.PostAsJsonAsync(\"payments\", new { orderId, amountCents });\n  Task<S> Get(string sku) => _http.GetFromJsonAsync<S>($\"v1/stock/{sku}\");\n}\n";
        assert_eq!(read("cs", csharp), ["POST /api/payments orderId,amountCents", "ANY /api/v1/stock/{} ?"]);
        let java = "record CreatePayment(String orderId, long amountCents) {}\nMono<P> renew() {\n  return web.post()\n      .uri(\"/payments\")\n      .bodyValue(new CreatePayment(\"a\", 1))\n      .retrieve();\n}\nP p = rest.postForObject(base + \"/payments\", new CreatePayment(\"b\", 2), P.class);\n";
        assert_eq!(read("java", java), ["POST /payments orderId,amountCents", "POST /payments orderId,amountCents"]);
        let go = "func pay() {\n\tb, _ := json.Marshal(map[string]any{\"orderId\": id})\n\treq, _ := http.NewRequest(http.MethodPost, fmt.Sprintf(\"%s/payments\", base), bytes.NewReader(b))\n\thttp.Post(base+\"/refunds\", \"application/json\", bytes.NewBuffer(b))\n}\n";
        assert_eq!(read("go", go), ["POST /payments orderId", "POST /refunds orderId"]);
        let ruby = "resp = @conn.post(\"/employees\") do |req|\n  req.headers[\"X\"] = \"1\"\n  req.body = {\n    givenName: hire.first_name,\n    email: hire.email\n  }.to_json\nend\n";
        assert_eq!(read("rb", ruby), ["POST /employees givenName,email"]);
    }
}
