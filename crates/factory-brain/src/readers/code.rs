//! Source code and plain config, by lexing string literals (no parser):
//! - hosts of other services in URLs and `host:port` literals, and env var names such as
//!   `"PRODUCT_CATALOG_SERVICE_ADDR"` that name one;
//! - HTTP paths (`/orders/{id}`), matched later against other services' OpenAPI operations;
//! - gRPC client constructors and server registrations for proto services;
//! - the field names consumer code reads (`order["total_cents"]`, `order.createdAt`).
//!
//! Everything here is `inferred`, with a confidence; resolution keeps only what names a
//! known service, operation or field.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use regex::Regex;
use serde_json::json;

use crate::model::{FieldRead, FileFacts, Method};
use crate::net::{env_key_prefix, host_of, hosts_in_value};

const CODE_EXTENSIONS: &[&str] = &[
    "go", "py", "js", "mjs", "cjs", "ts", "tsx", "jsx", "java", "kt", "kts", "cs", "rb", "rs", "php", "scala", "swift", "ex", "exs",
];
const CONFIG_EXTENSIONS: &[&str] = &["env", "properties", "ini", "cfg", "conf"];

pub fn is_code_file(lower_name: &str, extension: &str) -> bool {
    CODE_EXTENSIONS.contains(&extension) || CONFIG_EXTENSIONS.contains(&extension) || lower_name == ".env" || lower_name.starts_with(".env.")
}

/// Whether `path` is a test file, by the conventions of the common ecosystems.
pub fn is_test_path(path: &str) -> bool {
    let lower = path.to_lowercase();
    let name = lower.rsplit('/').next().unwrap_or(&lower);
    lower.split('/').any(|segment| matches!(segment, "test" | "tests" | "__tests__" | "spec" | "e2e"))
        || name.starts_with("test_")
        || name.ends_with("_test.go")
        || name.ends_with("_test.py")
        || [".test.", ".spec.", "test.java", "tests.java", "test.kt", "tests.cs", "test.cs", "_spec.rb"].iter().any(|marker| name.contains(marker))
}

static STRING_LITERAL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#""(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`"#).expect("a valid regex"));
static INTERPOLATION: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\$?\{[^{}]*\}|%[sd]|:\w+").expect("a valid regex"));
static ENV_NAME: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[A-Z][A-Z0-9_]*$").expect("a valid regex"));
static GRPC_CLIENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^\w])(?:New(\w+?)Client\s*\(|(\w+?)Stub\s*\(|(\w+?)Grpc\.new(?:Blocking|Future)?Stub\s*\(|new\s+(?:[\w.]+\.)?(\w+?)\.\w+?Client\s*\(|new\s+[\w]+\.(\w+Service)\s*\()")
        .expect("a valid regex")
});
static GRPC_SERVER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:Register(\w+?)Server\s*\(|add_(\w+?)Servicer_to_server|(\w+?)Grpc\.\w+?ImplBase|:\s*(?:[\w.]+\.)?(\w+?)\.\w+?Base\b|addService\s*\(\s*[\w.]*?(\w+)\.service)").expect("a valid regex")
});
static SUBSCRIPT_READ: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"(\w+)\s*(?:\[\s*["']([A-Za-z_][\w-]*)["']\s*\]|\.get\(\s*["']([A-Za-z_][\w-]*)["'])"#).expect("a valid regex"));
static NAMED_CLIENT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"@FeignClient\(\s*(?:(?:name|value)\s*=\s*)?"([A-Za-z][\w.-]*)""#).expect("a valid regex"));
/// Field names a consumer's own types declare for decoding: Go `json:"createdAt"` tags,
/// Jackson `@JsonProperty("createdAt")`, .NET `[JsonPropertyName("createdAt")]`, serde renames.
static DECLARED_WIRE_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?:json:"([A-Za-z_][\w-]*)[",]|@JsonProperty\(\s*(?:value\s*=\s*)?"([A-Za-z_][\w-]*)"|JsonPropertyName\(\s*"([A-Za-z_][\w-]*)"|serde\(rename\s*=\s*"([A-Za-z_][\w-]*)")"#).expect("a valid regex")
});
static PROCESS_ENV: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?:process\.env|import\.meta\.env)\.([A-Z][A-Z0-9_]*)").expect("a valid regex"));
static DOT_READ: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b([a-z][A-Za-z0-9]*)\??\.([A-Za-z_][A-Za-z0-9_]*)\b").expect("a valid regex"));

/// Methods and properties of JavaScript's own types: never a field of received data.
const LANGUAGE_MEMBERS: &[&str] = &[
    "map", "filter", "forEach", "reduce", "find", "findIndex", "some", "every", "slice", "splice", "join", "push", "pop", "shift",
    "unshift", "concat", "includes", "indexOf", "keys", "values", "entries", "sort", "reverse", "length", "then", "catch", "finally",
    "json", "text", "toString", "toFixed", "trim", "split", "replace", "toLowerCase", "toUpperCase", "startsWith", "endsWith",
    "get", "set", "has", "delete", "add", "size", "flat", "flatMap", "at", "fill", "append", "prototype", "constructor", "call",
    "apply", "bind", "ok", "dataset", "style", "classList", "textContent", "innerHTML", "value", "hidden", "checked", "format",
];

/// Receivers whose `.x` is never a field of received data.
const NOT_DATA_HOLDERS: &[&str] = &[
    "this", "self", "console", "document", "window", "math", "json", "object", "array", "string", "number", "promise", "os", "sys",
    "path", "fs", "http", "https", "url", "process", "require", "module", "exports", "err", "error", "e", "ex", "logger", "log",
    "response", "resp", "res", "req", "request", "app", "router", "server", "client", "time", "datetime", "np", "pd", "re", "t",
    "assert", "expect", "it", "describe", "jest", "test", "cy", "page", "browser", "element", "el", "event", "evt", "ctx", "context",
    "r", "w", "c", "s", "fmt", "strings", "strconv", "errors", "urllib", "json", "threading", "subprocess", "typing", "collections",
    "money", "cell", "row", "summary", "navigator", "location", "history", "localstorage", "sessionstorage", "config", "settings",
    "args", "argv", "options", "opts", "env", "environ", "parser", "cls", "super", "base", "util", "utils", "lib", "pb", "grpc", "proto",
];

pub fn read(path: &str, text: &str) -> FileFacts {
    let mut facts = FileFacts::default();
    let extension = path.rsplit_once('.').map(|(_, extension)| extension.to_lowercase()).unwrap_or_default();
    let name = path.rsplit('/').next().unwrap_or(path).to_lowercase();
    let is_config = CONFIG_EXTENSIONS.contains(&extension.as_str()) || name == ".env" || name.starts_with(".env.");
    let is_test = is_test_path(path);
    let subject = if is_test { format!("test:{{repo}}/{path}") } else { "self".to_string() };
    if is_test {
        facts.node("test", &format!("{{repo}}/{path}"), json!({"path": path}), "L1", Method::Parsed);
        facts.inferred_edge(&subject, "self", "covers", json!({"why": "a test file inside the component"}), "L1", 0.9);
    }
    let mut seen = BTreeSet::new();
    let mut push = |facts: &mut FileFacts, to: String, kind: &str, props: serde_json::Value, line: usize, confidence: f64| {
        if seen.insert((to.clone(), kind.to_string())) {
            facts.inferred_edge(&subject, &to, kind, props, &format!("L{line}"), confidence);
        }
    };

    if is_config {
        for (index, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.starts_with('#') || line.starts_with(';') {
                continue;
            }
            let Some((key, value)) = line.split_once('=').or_else(|| line.split_once(':')) else { continue };
            let key = key.trim().trim_start_matches("export ").trim();
            let value = value.trim().trim_matches(|character| character == '"' || character == '\'');
            let env_key = key.to_uppercase().replace(['.', '-'], "_");
            for host in hosts_in_value(&env_key, value) {
                push(&mut facts, format!("host:{host}"), "depends_on", json!({"config": key}), index + 1, 0.85);
            }
        }
        return facts;
    }

    let mut field_reads = BTreeSet::new();
    for (index, line) in text.lines().enumerate() {
        let line_number = index + 1;
        let trimmed = line.trim_start();
        if trimmed.starts_with("//") || trimmed.starts_with('#') || trimmed.starts_with("* ") || trimmed.starts_with("import ") || trimmed.starts_with("from ") {
            continue;
        }
        // Clients that name a service by its registry name: Spring Cloud's @FeignClient.
        for captures in NAMED_CLIENT.captures_iter(line) {
            push(&mut facts, format!("host:{}", captures[1].to_lowercase()), "depends_on", json!({"client": &captures[1]}), line_number, 0.85);
        }
        for captures in PROCESS_ENV.captures_iter(line) {
            if let Some(prefix) = captures.get(1).and_then(|name| env_key_prefix(name.as_str())) {
                push(&mut facts, format!("env:{prefix}"), "depends_on", json!({"env": &captures[1]}), line_number, 0.75);
            }
        }
        for literal in STRING_LITERAL.find_iter(line) {
            let content = &literal.as_str()[1..literal.as_str().len() - 1];
            literal_facts(&mut facts, &mut push, content, line, line_number);
        }
        if !is_test {
            for captures in GRPC_CLIENT.captures_iter(line) {
                if line.contains("func New") || line.contains("def ") {
                    continue;
                }
                if let Some(service) = captures.iter().skip(1).flatten().next() {
                    push(&mut facts, format!("grpc:{}", service.as_str()), "consumes", json!({"via": "grpc client"}), line_number, 0.9);
                }
            }
            for captures in GRPC_SERVER.captures_iter(line) {
                if line.contains("func Register") || line.contains("def add_") {
                    continue;
                }
                if let Some(service) = captures.iter().skip(1).flatten().next() {
                    push(&mut facts, format!("grpc:{}", service.as_str()), "provides", json!({"via": "grpc server"}), line_number, 0.9);
                }
            }
            for captures in DECLARED_WIRE_NAME.captures_iter(line) {
                if let Some(field) = captures.iter().skip(1).flatten().next() {
                    field_reads.insert((None, field.as_str().to_string(), line_number));
                }
            }
            for captures in SUBSCRIPT_READ.captures_iter(line) {
                let holder = captures.get(1).map(|holder| holder.as_str().to_string());
                if let Some(field) = captures.get(2).or_else(|| captures.get(3)) {
                    if holder.as_deref().is_some_and(|holder| holder == "environ" || holder == "headers" || holder == "os") {
                        continue;
                    }
                    field_reads.insert((holder, field.as_str().to_string(), line_number));
                }
            }
            if matches!(extension.as_str(), "js" | "mjs" | "cjs" | "ts" | "tsx" | "jsx") {
                let code = STRING_LITERAL.replace_all(line, "\"\"");
                for captures in DOT_READ.captures_iter(&code) {
                    let (Some(holder), Some(field)) = (captures.get(1), captures.get(2)) else { continue };
                    if NOT_DATA_HOLDERS.contains(&holder.as_str().to_lowercase().as_str()) || LANGUAGE_MEMBERS.contains(&field.as_str()) {
                        continue;
                    }
                    field_reads.insert((Some(holder.as_str().to_string()), field.as_str().to_string(), line_number));
                }
            }
        }
    }
    let mut first_seen = BTreeSet::new();
    for (holder, field, line) in field_reads {
        if first_seen.insert((holder.clone(), field.clone())) {
            facts.field_reads.push(FieldRead { holder, field, line, expected_type: None });
        }
    }
    facts.field_reads.sort_by_key(|read| read.line);
    facts
}

type Push<'a> = dyn FnMut(&mut FileFacts, String, &str, serde_json::Value, usize, f64) + 'a;

fn literal_facts(facts: &mut FileFacts, push: &mut Push<'_>, content: &str, line: &str, line_number: usize) {
    if content.is_empty() || content.len() > 300 {
        return;
    }
    if ENV_NAME.is_match(content) {
        if let Some(prefix) = env_key_prefix(content) {
            push(facts, format!("env:{prefix}"), "depends_on", json!({"env": content}), line_number, 0.75);
        }
        return;
    }
    // Dapr service invocation: `.../v1.0/invoke/orders/method/...` names the app `orders`.
    if let Some(app) = content.split("/invoke/").nth(1).and_then(|rest| rest.split('/').next()).and_then(crate::net::normalize_host) {
        push(facts, format!("host:{app}"), "depends_on", json!({"literal": content}), line_number, 0.8);
    }
    if (content.contains("://") || (!content.contains(' ') && content.contains(':')))
        && let Some(host) = host_of(content, false)
    {
        push(facts, format!("host:{host}"), "depends_on", json!({"literal": content}), line_number, 0.8);
    }
    // An HTTP path, after a base URL or interpolated base: `/orders/{id}`.
    let normalized = INTERPOLATION.replace_all(content, "{}");
    let path_part = match normalized.split_once("://") {
        Some((_, rest)) => rest.find('/').map(|at| &rest[at..]).unwrap_or(""),
        None => normalized.trim_start_matches("{}"),
    };
    let path_part = path_part.split(['?', '#']).next().unwrap_or("");
    let literal_segments = path_part.split('/').filter(|segment| !segment.is_empty() && *segment != "{}").count();
    if path_part.starts_with('/') && !path_part.contains(' ') && literal_segments > 0 && !path_part.contains('.') {
        let lower = line.to_lowercase();
        let method = ["post", "put", "patch", "delete"]
            .iter()
            .find(|method| lower.contains(&format!(".{method}(")) || lower.contains(&format!("\"{method}\"")) || lower.contains(&format!("'{method}'")))
            .map(|method| method.to_uppercase())
            .unwrap_or_else(|| "ANY".to_string());
        push(facts, format!("http:{method} {path_part}"), "calls", json!({"literal": content}), line_number, 0.7);
    }
}
