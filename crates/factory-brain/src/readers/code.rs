//! Source code and plain config, by lexing string literals (no parser):
//! - hosts of other services in URLs, `host:port` literals and connection strings, and env var
//!   names such as `"PRODUCT_CATALOG_SERVICE_ADDR"` that name one ([`literals`]);
//! - HTTP paths (`/orders/{id}`), matched later against other services' OpenAPI operations;
//! - gRPC client constructors and server registrations for proto services;
//! - HTTP routes the file's server declares ([`routes`]), which its component provides;
//! - message channels it publishes to or consumes from ([`messaging`], SQS's in [`sqs`]), and
//!   the channels it passes to another package's Go function ([`passed_channels`]) or to a
//!   Java or Kotlin class's method ([`passed_members`]);
//! - the field names consumer code reads (`order["total_cents"]`, `order.createdAt`) and the
//!   fields its own types declare for received data, with their JSON types ([`shapes`]);
//! - the requests it makes through HTTP client APIs, relative URLs resolved against the
//!   client's base address, and the keys of the bodies they send ([`requests`], [`bodies`]);
//! - the rpcs it calls on gRPC stubs ([`stubs`]);
//! - where the values it reads came from: a call's response, data it received, values it
//!   builds itself ([`flow`]).
//!
//! Everything here is `inferred`, with a confidence; resolution keeps only what names a
//! known service, operation or field.
//!
//! This runs on every source file of a scan, so it is written for speed without changing what
//! the patterns find: string literals and a few trigger words are found in one pass over the
//! whole text, and each line's patterns run only on lines whose trigger words show they can
//! match (a new per-line pattern needs its words in `TRIGGER`). The tests below hold the
//! hand-written scanners to the patterns they stand for. Constructs that span lines (routes,
//! channels, a `server.addService(` split over two lines) are found by whole-text passes
//! that start only where the text holds their words.

mod amqp_exchanges;
mod block_comments;
mod bodies;
mod calls;
mod compared;
mod channel_classes;
mod channel_constants;
mod config_names;
mod config_properties;
mod dapr;
mod dapr_http;
mod dapr_pubsub;
mod events;
mod env_hosts;
pub(crate) mod enum_uses;
mod feign_paths;
mod field_reads;
mod flow;
mod go_amqp_options;
mod go_config;
mod go_messaging;
mod handlers;
pub mod imported_stubs;
mod kitex;
mod kotlin_builders;
mod lagom;
pub(crate) mod links;
mod list_constants;
pub(crate) mod literals;
pub(crate) mod masstransit;
mod messaging;
mod mqtt_topics;
mod nameko;
mod nestjs;
mod parameters;
mod passed_channels;
mod passed_members;
mod passed_modules;
pub(crate) mod proto_loader;
mod proto_members;
mod python_models;
mod quarkus_grpc;
mod reactive_messaging;
mod rabbit_decorators;
mod redis_streams;
mod requests;
mod routes;
mod serde_structs;
mod services;
mod shapes;
mod spring_amqp;
mod sqs;
mod topic_beans;
mod topic_tables;
mod ts_classes;
pub(crate) mod stored_topics;
mod stream_bindings;
mod stubs;
mod templates;
mod unread_fields;
pub(crate) mod whole_text;
mod wire_annotations;

use std::collections::BTreeSet;
use std::sync::LazyLock;

use regex::Regex;
use serde_json::json;

pub use messaging::{NAMES_CONSTANT, REFERS_TO};
pub use passed_channels::{CHANNEL_ARGUMENT, CHANNEL_PARAMETER, IMPORT_PATH, PASSES_CHANNEL, SAME_PACKAGE};
pub(crate) use passed_modules::{MODULE, module_folders};
pub(crate) use messaging::{ALL_MEMBERS, CONSTANT_PREFIX, ENV_CONSTANT, env_channel};
pub(crate) use messaging::{class_member, is_channel_name, names_a_channel};
pub(crate) use spring_amqp::{TEMPLATE_DEFAULT, module_of};
pub(crate) use topic_beans::TOPIC_BEAN;
pub(crate) use config_properties::{BOUND_PREFIX, PROPERTIES_SETTING};
pub(crate) use sqs::UNSET_NAME;
pub(crate) use config_names::SETTING_DEFAULT;
pub(crate) use go_config::{config_fields, field_lookups, mentions_channel_keys};
pub use self::{passed_members::{CLASS_PREFIX, USES_CLASS}, services::NAMES_SERVICE};
pub(crate) use services::SERVICE_CONSTANT;

use crate::model::{FileFacts, Method};
use crate::net::{env_key_prefix, hosts_in_value};
use flow::{CallSite, Syntax};
use field_reads::Read;
pub use field_reads::RETURNS;
use literals::{is_env_name, literal_facts, Literal};

const CODE_EXTENSIONS: &[&str] = &[
    "go", "py", "js", "mjs", "cjs", "ts", "tsx", "jsx", "java", "kt", "kts", "cs", "rb", "rs", "php", "scala", "swift", "ex", "exs", "c", "cc", "cpp",
    "cxx", "h", "hh", "hpp", "lua",
];
const CONFIG_EXTENSIONS: &[&str] = &["env", "properties", "ini", "cfg", "conf"];

/// Whether a file is source code, not config (`.env`, `.properties`, `.conf`).
pub fn is_source_file(extension: &str) -> bool {
    CODE_EXTENSIONS.contains(&extension)
}

pub fn is_code_file(lower_name: &str, extension: &str) -> bool {
    CODE_EXTENSIONS.contains(&extension) || CONFIG_EXTENSIONS.contains(&extension) || lower_name == ".env" || lower_name.starts_with(".env.") || lower_name == LIBERTY_JVM_OPTIONS
}

/// Open Liberty's JVM options, a service's system properties (MicroProfile Rest Client's
/// `-D<client>/mp-rest/url=http://portfolio-service:9080/portfolio`): config, one per line.
const LIBERTY_JVM_OPTIONS: &str = "jvm.options";

/// Whether `path` is a test file, by the conventions of the common ecosystems.
pub fn is_test_path(path: &str) -> bool {
    // Most paths are ASCII without capitals: no copy for those (every file of a scan asks).
    let lower = if path.is_ascii() && !path.bytes().any(|byte| byte.is_ascii_uppercase()) { std::borrow::Cow::Borrowed(path) } else { std::borrow::Cow::Owned(path.to_lowercase()) };
    // Every convention below names `test`, `spec` or `e2e`.
    if !(lower.contains("test") || lower.contains("spec") || lower.contains("e2e")) {
        return false;
    }
    let name = lower.rsplit('/').next().unwrap_or(&lower);
    // Below a Maven or Gradle main source set, folders are packages: EvoTicket's IAM service keeps
    // its stream producer in `src/main/java/com/capstone/iamservice/test/`.
    let folders = lower.find("src/main/").filter(|&at| at == 0 || lower.as_bytes()[at - 1] == b'/').map_or(&*lower, |at| &lower[..at]);
    folders.split('/').any(|segment| matches!(segment, "test" | "tests" | "__tests__" | "spec" | "e2e"))
        || name.starts_with("test_")
        || name.ends_with("_test.go")
        || name.ends_with("_test.py")
        || [".test.", ".spec.", "test.java", "tests.java", "test.kt", "tests.cs", "test.cs", "_spec.rb"].iter().any(|marker| name.contains(marker))
}

/// A string literal, as [`Literals`] finds them (only the tests use the regex itself).
#[cfg(test)]
static STRING_LITERAL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#""(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`"#).expect("a valid regex"));
/// gRPC clients: grpc-go's `NewOrdersClient(conn)`, stubs (grpc-kotlin's
/// `LoyaltyServiceCoroutineStub(channel)` too), .NET's typed clients, a grpc-gateway's
/// handler, and go-micro's `pb.NewOrdersService("shop.service.orders", srv.Client())` (a
/// constructor given a service name and a client, not any `NewOrdersService(repo)`).
static GRPC_CLIENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?:^|[^\w])(?:New(\w+?)Client\s*\(|(\w+)::NewStub\s*\(|(\w+?)(?:Coroutine)?Stub\s*\(|(\w+?)Grpc\.new(?:Blocking|Future)?Stub\s*\(|new\s+(?:[\w.]+\.)?(\w+?)\.\w+?Client\s*\(|new\s+(?:\w+\.)+(\w+Service)\s*\(|new\s+(\w+?)Client\s*\(|(?:AddGrpcClient|GrpcClient\.Create|CreateClient)\s*<\s*(?:[\w]+\.)*(\w+?)Client\s*>|Register(\w+?)Handler(?:FromEndpoint|Client)\s*\(|New(\w+Service)\s*\(\s*[\w."]+\s*,\s*(?:[\w.]+\.Client\(\)|client\.DefaultClient)\s*\)|(\w+?)Client::(?:connect|with_origin|with_interceptor)\s*\()"#)
        .expect("a valid regex")
});
/// gRPC servers: grpc-go's `RegisterOrdersServer(s, ..)`, Python's servicers, Java's and .NET's
/// base classes (Quarkus's Mutiny `MutinyOrdersGrpc.OrdersImplBase` and grpc-kotlin's
/// `OrdersGrpcKt.OrdersCoroutineImplBase` too, and a bare
/// `OrdersImplBase` whose qualified name only an import gives), and go-micro's
/// `pb.RegisterOrdersServiceHandler(srv.Server(), h)` (a grpc-gateway's
/// `RegisterOrdersHandler(ctx, mux, conn)` is a client's), and ScalaPB's
/// `OrdersGrpc.bindService(new OrdersImpl, ec)` (grpc-java's `OrdersGrpc.bindService(impl)` of
/// an `AsyncService` too).
static GRPC_SERVER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:Register(\w+?)Server\s*\(|add_(\w+?)Servicer_to_server|(?:Mutiny)?(\w+?)Grpc\.\w+?ImplBase|:\s*(?:[\w.]+\.)?(\w+?)(?:GrpcKt)?\.\w+?Base\b|Register(\w+?)Handler\s*\(\s*[\w.]+\.Server\(\)\s*,|(?:\bextends|[\w)]\s*:)\s*(?:Mutiny)?(\w+?)ImplBase\b|\b(\w+?)Grpc\.bindService\s*\()").expect("a valid regex")
});
/// Go code starting a server: net/http's `http.ListenAndServe(`, grpc-go's `grpc.NewServer(`,
/// a `net.Listen(` socket.
static GO_SERVER_START: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b(?:http\.ListenAndServe(?:TLS)?|grpc\.NewServer|net\.Listen)\s*\(").expect("a valid regex"));
/// The edge kind of a file whose code starts a server (`self -> server:go`): a Go module
/// starting one serves, though its routes are not read ([`crate::resolve`]'s serving modules).
pub const STARTS_SERVER: &str = "starts_server";
static SUBSCRIPT_READ: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"(\w+)(?:\(\))?\s*(?:\[\s*["']([A-Za-z_][\w-]*)["']\s*\]|\.get\(\s*["']([A-Za-z_][\w-]*)["'])"#).expect("a valid regex"));
static NAMED_CLIENT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"@(?:FeignClient|Client)\s*\("#).expect("a valid regex"));
/// The registry name a client annotation opening at `open` names, its arguments on one line or
/// several (alibou's `@FeignClient(\n    name = "customer-service",\n    url = "${..}"\n)`):
/// `name`, `value` or `id`, else its first argument, a literal. A literal `url` is where
/// Feign sends the requests instead, which the literal names itself: the name is then none. A
/// url a setting holds (trusta-market's `url = "${trusta.product-service.url:http://localhost:18081}"`,
/// the default for a developer's machine) leaves the name standing: where it points in a
/// deployment is the setting's, and the name is the service's. A commented-out argument is
/// none (EarlyExpress's product-service: `name = "user-service"` over `//  url =
/// "${user-service.url:http://localhost:8081}"`).
fn named_client(text: &str, open: usize) -> Option<&str> {
    let (inner, _) = calls::enclosed_within(text, open, 1_000)?;
    let blanked = shapes::blank_comments(inner);
    let arguments = calls::split_top_level(&blanked);
    let literal = |value: &str| value.trim().strip_prefix('"').and_then(|rest| rest.strip_suffix('"')).map(str::to_string);
    if arguments.iter().filter_map(|argument| calls::named(argument, "url")).filter_map(literal).any(|url| url.contains("://") && !url.starts_with("${")) {
        return None;
    }
    let value = ["name", "value", "id"].iter().find_map(|key| arguments.iter().find_map(|argument| calls::named(argument, key))).or_else(|| arguments.first().copied())?;
    let name = value.trim().strip_prefix('"')?.strip_suffix('"')?;
    // The same bytes of the annotation as written (blanking keeps every offset).
    let at = name.as_ptr().addr() - blanked.as_ptr().addr();
    let name = &inner[at..at + name.len()];
    let valid = name.starts_with(|character: char| character.is_ascii_alphabetic()) && name.chars().all(|character| character.is_ascii_alphanumeric() || matches!(character, '_' | '.' | '-'));
    valid.then_some(name)
}

/// Field names a consumer's own types declare for decoding: Go `json:"createdAt"` tags,
/// Jackson `@JsonProperty("createdAt")`, kotlinx.serialization's `@SerialName("created_at")`,
/// .NET `[JsonPropertyName("createdAt")]`, serde renames.
static DECLARED_WIRE_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?:json:"([A-Za-z_][\w-]*)[",]|@(?:JsonProperty|SerialName)\(\s*(?:value\s*=\s*)?"([A-Za-z_][\w-]*)"|JsonPropertyName\(\s*"([A-Za-z_][\w-]*)"|serde\(rename\s*=\s*"([A-Za-z_][\w-]*)")"#).expect("a valid regex")
});
static PROCESS_ENV: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?:process\.env|import\.meta\.env)\.([A-Z][A-Z0-9_]*)").expect("a valid regex"));

/// Whether `line` only sets `holder`'s key `field` (`doc["price"] = p`, search-indexer-py of the
/// seventh planted-mismatch evaluation's org K): a key written is no field read, unless the line
/// reads it too (`doc["n"] = doc["n"] + 1`).
fn assigned_key(line: &str, holder: &str, field: &str) -> bool {
    ['"', '\''].iter().any(|quote| {
        let subscript = format!("{holder}[{quote}{field}{quote}]");
        let mut uses = line.match_indices(&subscript).map(|(at, _)| line[at + subscript.len()..].trim_start());
        let first = uses.next();
        first.is_some_and(|after| after.starts_with('=') && !after.starts_with("==")) && uses.next().is_none()
    })
}

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
    "req", "request", "app", "router", "server", "client", "time", "datetime", "np", "pd", "re", "t",
    "assert", "expect", "it", "describe", "jest", "test", "cy", "page", "browser", "element", "el", "ctx", "context",
    "r", "w", "c", "s", "fmt", "strings", "strconv", "errors", "urllib", "json", "threading", "subprocess", "typing", "collections",
    "money", "cell", "row", "summary", "navigator", "location", "history", "localstorage", "sessionstorage", "config", "settings",
    "args", "argv", "options", "opts", "env", "environ", "parser", "cls", "super", "base", "util", "utils", "lib", "pb", "grpc", "proto",
];

/// What a line must contain for the per-line patterns to match at all: `Client` for
/// [`NAMED_CLIENT`] and [`GRPC_CLIENT`], `.env.` for [`PROCESS_ENV`], `Stub`, `Service` or `FromEndpoint` for
/// [`GRPC_CLIENT`], `Service`, `Server`, `Base` or `_to_server` for [`GRPC_SERVER`], `json:"`,
/// `JsonProperty`, `SerialName` or `(rename` for [`DECLARED_WIRE_NAME`], and `.get(` or a `[` followed by a
/// quote or the first byte of a whitespace character for [`SUBSCRIPT_READ`]. No two of these
/// words can match at the same place, so searching again one byte after each hit finds every
/// place where one starts. Plain words of two bytes or more, so the search is a SIMD scan.
static TRIGGER: LazyLock<regex::bytes::Regex> = LazyLock::new(|| {
    regex::bytes::Regex::new(
        r#"(?-u)\.env\.|Client|FromEndpoint|Stub|Service|Server|Base|_to_server|json:"|JsonProperty|SerialName|\(rename|\.get\(|\["|\['|\[\t|\[\n|\[\x0B|\[\x0C|\[\r|\[ |\[\xC2|\[\xE1|\[\xE2|\[\xE3"#,
    )
    .expect("a valid regex")
});

/// Bits of a line's [`TRIGGER`] hits: which per-line patterns may match in it.
const NAMED_CLIENT_LINE: u8 = 1;
const PROCESS_ENV_LINE: u8 = 1 << 1;
const GRPC_CLIENT_LINE: u8 = 1 << 2;
const GRPC_SERVER_LINE: u8 = 1 << 3;
const WIRE_NAME_LINE: u8 = 1 << 4;
const SUBSCRIPT_LINE: u8 = 1 << 5;

pub fn read(path: &str, text: &str) -> FileFacts {
    read_as(path, &path.rsplit_once('.').map(|(_, extension)| extension.to_lowercase()).unwrap_or_default(), text)
}

/// [`read`], for code of the language `extension` names whatever the file's name says: a
/// page's scripts ([`super::markup`]) are JavaScript.
pub fn read_as(path: &str, extension: &str, text: &str) -> FileFacts {
    let mut facts = FileFacts::default();
    let extension = extension.to_string();
    let name = path.rsplit('/').next().unwrap_or(path).to_lowercase();
    let is_config = CONFIG_EXTENSIONS.contains(&extension.as_str()) || name == ".env" || name.starts_with(".env.") || name == LIBERTY_JVM_OPTIONS;
    let is_test = is_test_path(path);
    let subject = if is_test { format!("test:{{repo}}/{path}") } else { "self".to_string() };
    if is_test {
        facts.node("test", &format!("{{repo}}/{path}"), json!({"path": path}), "L1", Method::Parsed);
        facts.inferred_edge(&subject, "self", "covers", json!({"why": "a test file inside the component"}), "L1", 0.9);
    }
    let mut edges = Edges { subject: &subject, seen: BTreeSet::new() };

    if is_config {
        for (index, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.starts_with('#') || line.starts_with(';') {
                continue;
            }
            let Some((key, value)) = line.split_once('=').or_else(|| line.split_once(':')) else { continue };
            let key = key.trim().trim_start_matches("export ").trim();
            // `API_HOST=gamma    # the edge proxy`: a comment after white space is not the value.
            let value = value.find(" #").or_else(|| value.find("\t#")).map_or(value, |comment| &value[..comment]);
            let value = value.trim().trim_matches(|character| character == '"' || character == '\'');
            let env_key = key.to_uppercase().replace(['.', '-'], "_");
            for host in hosts_in_value(&env_key, value) {
                let props = crate::net::with_url_path(json!({"config": key}), value, &host);
                edges.push(&mut facts, format!("host:{host}"), "depends_on", props, index + 1, 0.85);
            }
        }
        return facts;
    }

    // Nothing a block comment holds is read, whatever its lines start with.
    let blanked = block_comments::blanked(&extension, text);
    let text = &*blanked;
    let dot_reads = shapes::DotReads::of(&extension, text);
    let imports_zod = dot_reads == Some(shapes::DotReads::Script) && text.contains("zod");
    // The literals and trigger words of the whole text, found in one pass each and handed out
    // line by line, so that the per-line patterns run only on lines where they can match.
    let mut literals = Literals::new(text).peekable();
    let mut triggers = Triggers::new(text);
    let lines = calls::Lines::new(text);
    let whole_text = !is_test && whole_text::gate(&extension).is_some_and(|gate| gate.opens(text));
    let declared = if whole_text { routes::routes(&extension, &name, text, &lines) } else { routes::Routes::default() };
    // A Lagom descriptor's paths are routes its service answers, not calls.
    let descriptor = if is_test { lagom::Descriptor::default() } else { lagom::descriptor(&extension, text) };
    // A Feign client's `path` prefixes its mappings' paths, and calls nothing of its own.
    let feign = feign_paths::FeignPaths::of(&extension, text, &lines);
    // Found once per file, not per literal: only such a file is searched for URL helpers.
    let url_helpers = literals::holds_url_helper(text);
    let env_defaults = env_hosts::EnvDefaults::of(text);
    let unread = unread_fields::unread_initializers(&extension, text);
    let mut line_literals: Vec<(usize, usize)> = Vec::new();
    // Every literal of the text, for the data-flow pass; every read, in line order.
    let mut all_literals: Vec<(usize, usize)> = Vec::new();
    let mut reads: Vec<Read> = Vec::new();
    // The HTTP calls the file makes, where they are.
    let mut sites: Vec<CallSite> = Vec::new();
    for (index, (line, line_start, line_end)) in lines_with_offsets(text).enumerate() {
        let line_number = index + 1;
        let flags = triggers.flags_before(line_end);
        line_literals.clear();
        while let Some((start, end)) = literals.next_if(|&(start, _)| start < line_end) {
            line_literals.push((start - line_start, end - line_start));
            all_literals.push((start, end));
        }
        let trimmed = line.trim_start();
        let lua_comment = extension == "lua" && trimmed.starts_with("--");
        if trimmed.starts_with("//") || trimmed.starts_with('#') || trimmed.starts_with("* ") || trimmed.starts_with("import ") || trimmed.starts_with("from ") || lua_comment {
            continue;
        }
        // Clients that name a service by its registry name: Spring Cloud's @FeignClient,
        // Micronaut's `@Client(id = "payment-service")`.
        if flags & NAMED_CLIENT_LINE != 0 {
            for found in NAMED_CLIENT.find_iter(line) {
                if let Some(name) = named_client(text, line_start + found.end() - 1) {
                    edges.push(&mut facts, format!("host:{}", name.to_lowercase()), "depends_on", json!({"client": name}), line_number, 0.85);
                }
            }
        }
        if flags & PROCESS_ENV_LINE != 0 {
            for captures in PROCESS_ENV.captures_iter(line) {
                if let Some(prefix) = captures.get(1).and_then(|name| env_key_prefix(name.as_str())) {
                    edges.push(&mut facts, format!("env:{prefix}"), "depends_on", json!({"env": &captures[1]}), line_number, 0.75);
                }
            }
        }
        for &(start, end) in &line_literals {
            // A route's path is served here, not called.
            let offset = line_start + start;
            if unread.iter().any(|&(from, to)| from <= offset && offset < to) {
                continue;
            }
            if !declared.declares(offset) && !descriptor.path_literals.contains(&offset) && !feign.as_ref().is_some_and(|feign| feign.is_prefix(offset)) {
                let (content, before, after) = (&line[start + 1..end - 1], &line[..start], &line[end..]);
                let prefixed = feign.as_ref().and_then(|feign| feign.prefixed(offset, content));
                let content = prefixed.as_deref().unwrap_or(content);
                let literal = Literal { content, before, after, text, offset, url_helpers, env_defaults: &env_defaults };
                if let Some(target) = literal_facts(&mut facts, &mut edges, literal, line, line_number)
                    && !is_test
                {
                    sites.push(CallSite { offset, target });
                }
            }
        }
        if is_test {
            continue;
        }
        if flags & GRPC_CLIENT_LINE != 0 {
            for captures in GRPC_CLIENT.captures_iter(line) {
                // A definition (Go's `func NewOrdersClient(`, a generated gateway's `func
                // RegisterOrdersHandlerFromEndpoint(`) constructs nothing.
                if line.contains("func New") || line.contains("func Register") || line.contains("def ") || stubs::own_client_class(text, &captures) {
                    continue;
                }
                if let Some(service) = captures.iter().skip(1).flatten().next() {
                    edges.push(&mut facts, format!("grpc:{}", service.as_str()), "consumes", json!({"via": "grpc client"}), line_number, 0.9);
                }
            }
        }
        if flags & GRPC_SERVER_LINE != 0 {
            for captures in GRPC_SERVER.captures_iter(line) {
                if line.contains("func Register") || line.contains("def add_") {
                    continue;
                }
                if let Some(service) = captures.iter().skip(1).flatten().next() {
                    edges.push(&mut facts, format!("grpc:{}", service.as_str()), "provides", json!({"via": "grpc server"}), line_number, 0.9);
                }
            }
        }
        if flags & WIRE_NAME_LINE != 0 {
            for captures in DECLARED_WIRE_NAME.captures_iter(line) {
                if let Some(field) = captures.iter().skip(1).flatten().next() {
                    // `@SerialName("OUT_OF_STOCK") OutOfStock,`: an enum constant's wire value, no field.
                    let declared = captures.get(0).map_or("", |whole| line[whole.end()..].trim_start_matches([')', ']']).trim());
                    let constant = declared.split([',', ';', '(', '}']).next().unwrap_or("").trim();
                    if !constant.is_empty() && constant.chars().all(|character| character.is_ascii_alphanumeric() || character == '_') && constant.starts_with(|first: char| first.is_ascii_uppercase()) && !declared.contains(':') {
                        continue;
                    }
                    reads.push(Read::new(None, field.as_str().to_string(), line_number));
                    // `@JsonProperty("failureCode") String code`: the code reads `code()`.
                    if let (Some(whole), None) = (captures.get(0), captures.get(1)) {
                        let declaration = line[whole.end()..].trim_start_matches([')', ']']).split([',', ';', ')', '=', ':', '{']).next().unwrap_or("");
                        let name = declaration.split_whitespace().last().unwrap_or("");
                        if name != field.as_str() && name.starts_with(|first: char| first.is_ascii_alphabetic()) && name.chars().all(|character| character.is_ascii_alphanumeric() || character == '_') {
                            facts.renamed_fields.push((name.to_string(), field.as_str().to_string()));
                        }
                    }
                }
            }
        }
        if flags & SUBSCRIPT_LINE != 0 {
            let mut chained: Vec<Read> = Vec::new();
            subscript_reads(
                line,
                &mut |holder, field| {
                    if !matches!(holder, "environ" | "headers" | "os") && !assigned_key(line, holder, field) {
                        reads.push(Read::new(Some(holder.to_string()), field.to_string(), line_number));
                    }
                },
                Some(&mut |links: &[&str], holder: &str, field: &str| {
                    chained.push(Read { links: links.iter().map(|link| link.to_string()).collect(), nested: true, ..Read::new(Some(holder.to_string()), field.to_string(), line_number) });
                }),
            );
            reads.append(&mut chained);
        }
        if extension == "py" {
            proto_members::python_presence_reads(line, line_number, &mut reads);
        }
        if let Some(language) = dot_reads
            && line.contains('.')
            && (language != shapes::DotReads::Go || line.contains(".Get"))
        {
            let code = templates::without_literals(line, &line_literals);
            shapes::dot_reads(&code, language, NOT_DATA_HOLDERS, LANGUAGE_MEMBERS, &mut |holder, field, links| {
                // zod's `z.infer<..>` and `z.string()` are the schema's words, not data.
                if !(holder == "z" && imports_zod) {
                    reads.push(Read::dotted(holder, field, line_number, language, links));
                }
            });
        }
    }
    if !is_test {
        quarkus_grpc::facts(&mut facts, &mut edges, &extension, text, &lines);
        if extension == "go"
            && let Some(start) = GO_SERVER_START.find(text)
        {
            edges.push(&mut facts, "server:go".to_string(), STARTS_SERVER, json!({"call": start.as_str().trim_end_matches(['(', ' '])}), lines.number(start.start()), 0.9);
        }
    }
    if !is_test {
        if let Some(feign) = &feign {
            feign.bare_call_facts(&mut facts, &mut edges, &mut sites, &lines);
        }
        if requests::may_request(&extension, text) {
            requests::request_facts(&mut facts, &mut edges, &mut sites, (&extension, text, &lines), &declared);
        }
    }
    // A file whose lines construct a gRPC client, or that names gRPC or a stub.
    let constructs_client = || facts.edges.iter().any(|edge| edge.kind == "consumes" && edge.to.starts_with("grpc:"));
    if !is_test && (constructs_client() || stubs::may_call(text)) {
        let (calls, stub_variables) = stubs::rpc_calls(text, &lines);
        rpc_call_facts(&mut facts, &mut edges, &mut sites, (&extension, text, &lines), calls);
        for (name, service) in imported_stubs::exported(&extension, text, &stub_variables) {
            facts.inferred_edge("self", &format!("grpc:{service}"), imported_stubs::EXPORTS_STUB, json!({"name": name}), "L1", 0.8);
        }
    }
    // Rpcs called on a stub another module of the code's own builds and exports.
    if !is_test && matches!(extension.as_str(), "py" | "js" | "mjs" | "cjs" | "ts" | "tsx" | "jsx") {
        let calls = imported_stubs::imported_rpc_calls(&extension, text, &lines);
        rpc_call_facts(&mut facts, &mut edges, &mut sites, (&extension, text, &lines), calls);
    }
    if !is_test {
        for declared in shapes::declared_fields(&extension, text, &lines) {
            reads.push(Read { json_type: declared.json_type, declared_in: Some(declared.type_name), required: declared.required, holds_type: declared.holds_type, ..Read::new(Some(declared.holder), declared.field, declared.line) });
        }
        reads.extend(enum_uses::reads(&extension, text, &lines));
        reads.extend(enum_uses::declared_enum_values(&extension, text, &lines));
        if extension == "go" {
            reads.extend(proto_members::go_oneof_reads(text, &lines));
        }
        if extension == "kt" {
            reads.extend(kotlin_builders::reads(text, &lines));
        }
        // Types the code serializes, built by the code, unless resolution finds a response
        // decoded into one (`GetFromJsonAsync<OrderDto>(..)`): their holder is the type's.
        for declared in shapes::serialized_fields(&extension, text, &lines) {
            reads.push(Read { json_type: declared.json_type, declared_in: Some(declared.type_name), built: true, holds_type: declared.holds_type, ..Read::new(Some(declared.holder), declared.field, declared.line) });
        }
    }
    if whole_text {
        whole_text::facts(&mut facts, &mut edges, (path, &extension), text, &lines, &declared);
    }
    if !is_test {
        lagom::facts(&mut facts, &mut edges, &extension, text, &lines);
    }
    if !is_test {
        messaging::channel_constants(&mut facts, path, text, &lines);
        config_names::setting_defaults(&mut facts, text, &lines);
        config_properties::bound_prefixes(&mut facts, &extension, text, &lines);
        spring_amqp::template_defaults(&mut facts, (path, &extension), text, &lines);
        topic_beans::bean_defaults(&mut facts, (path, &extension), text, &lines);
        passed_channels::facts(&mut facts, &extension, text, &lines);
        passed_members::facts(&mut facts, &extension, text, &lines);
        passed_modules::facts(&mut facts, &extension, text, &lines);
        proto_loader::facts(&mut facts, &extension, text, &lines);
        masstransit::facts(&mut facts, &extension, text, &lines);
        sqs::settings_defaults(&mut facts, &extension, text, &lines);
        go_config::facts(&mut facts, &extension, text, &lines);
        links::facts(&mut facts, &extension, text, &lines);
        if matches!(extension.as_str(), "java" | "kt") {
            services::facts(&mut facts, text, &lines);
        }
    }
    let syntax = Syntax::of(&extension).filter(|_| !is_test);
    let bindings = match syntax {
        Some(syntax) => field_reads::bind_reads(&mut facts, (text, &extension), &lines, syntax, &all_literals, &sites, &mut reads, dot_reads),
        None => flow::Bindings::default(),
    };
    compared::attach(&extension, text, &mut reads);
    facts.field_reads = field_reads::merged(reads, &bindings);
    facts
}

/// The `calls` edges of rpcs called on stubs, with the keys of a request object written out,
/// and where they are in `sites`.
fn rpc_call_facts(facts: &mut FileFacts, edges: &mut Edges<'_>, sites: &mut Vec<CallSite>, (extension, text, lines): (&str, &str, &calls::Lines<'_>), calls: Vec<stubs::RpcCall>) {
    for call in calls {
        let target = format!("grpc:{}/{}", call.service, call.method);
        let mut props = json!({"via": "grpc stub"});
        if let Some(keys) = stubs::request_keys(extension, text, call.offset) {
            props["sends"] = json!(keys);
        }
        edges.push(facts, target.clone(), "calls", props, lines.number(call.offset), 0.85);
        sites.push(CallSite { offset: call.offset, target });
    }
}

/// The inferred edges of one file: from one subject, each (target, kind) once, first found first.
struct Edges<'subject> {
    subject: &'subject str,
    seen: BTreeSet<(String, &'static str)>,
}

impl Edges<'_> {
    fn push(&mut self, facts: &mut FileFacts, to: String, kind: &'static str, props: serde_json::Value, line: usize, confidence: f64) {
        if self.seen.insert((to.clone(), kind)) {
            facts.inferred_edge(self.subject, &to, kind, props, &format!("L{line}"), confidence);
        }
    }
}

/// The [`TRIGGER`] hits of a text, found in order as the lines are read.
struct Triggers<'text> {
    text: &'text str,
    /// The next hit: where it starts and its line bit.
    next: Option<(usize, u8)>,
}

impl<'text> Triggers<'text> {
    fn new(text: &'text str) -> Self {
        Triggers { text, next: Self::find(text, 0) }
    }

    fn find(text: &str, from: usize) -> Option<(usize, u8)> {
        let hit = TRIGGER.find_at(text.as_bytes(), from)?;
        let bit = match hit.as_bytes() {
            b"Client" => NAMED_CLIENT_LINE | GRPC_CLIENT_LINE,
            b".env." => PROCESS_ENV_LINE,
            b"Stub" | b"FromEndpoint" => GRPC_CLIENT_LINE,
            b"Service" => GRPC_CLIENT_LINE | GRPC_SERVER_LINE,
            b"Server" | b"Base" | b"_to_server" => GRPC_SERVER_LINE,
            [b'[' | b'.', ..] => SUBSCRIPT_LINE,
            _ => WIRE_NAME_LINE,
        };
        Some((hit.start(), bit))
    }

    /// The bits of every hit starting before `end`.
    fn flags_before(&mut self, end: usize) -> u8 {
        let mut flags = 0;
        while let Some((start, bit)) = self.next
            && start < end
        {
            flags |= bit;
            // Every trigger word starts with an ASCII character, so `start + 1` is a char boundary.
            self.next = Self::find(self.text, start + 1);
        }
        flags
    }
}

/// The lines of `text` as [`str::lines`] cuts them, each with the offset where it starts and
/// the offset just past its line ending.
fn lines_with_offsets(text: &str) -> impl Iterator<Item = (&str, usize, usize)> {
    let bytes = text.as_bytes();
    let mut offset = 0;
    std::iter::from_fn(move || {
        let start = offset;
        let rest = bytes.get(start..).filter(|rest| !rest.is_empty())?;
        // Lines are short: a plain loop costs less than `memchr`'s setup.
        let (mut end, next) = match rest.iter().position(|&byte| byte == b'\n') {
            Some(length) => (start + length, start + length + 1),
            None => (bytes.len(), bytes.len()),
        };
        if next > end && end > start && bytes[end - 1] == b'\r' {
            end -= 1;
        }
        offset = next;
        // Both ends sit next to ASCII bytes (or the text's ends), so they are char boundaries.
        Some((text.get(start..end)?, start, next))
    })
}

/// The string literals of a text, first to last, as byte ranges quotes included: what
/// `STRING_LITERAL` finds in each line alone. A literal opens with `"`, `'` or `` ` `` and
/// closes with the same quote on the same line; a backslash escapes any character but a line
/// feed.
struct Literals<'text> {
    bytes: &'text [u8],
    /// Where the search goes on.
    at: usize,
    /// For each quote, where the last literal it failed to open stopped: no literal opened by
    /// the same quote before there can close either (it was escaped in the failed one, so it
    /// would end where that one did).
    failed_until: [usize; 3],
}

impl<'text> Literals<'text> {
    fn new(text: &'text str) -> Self {
        Literals { bytes: text.as_bytes(), at: 0, failed_until: [0; 3] }
    }

    /// The end (past the closing quote) of the literal opened at `start`, or where it fails.
    fn close(&self, start: usize, quote: u8) -> Result<usize, usize> {
        let mut index = start + 1;
        while let Some(&byte) = self.bytes.get(index) {
            match byte {
                _ if byte == quote => return Ok(index + 1),
                b'\\' => match self.bytes.get(index + 1) {
                    None | Some(b'\n') => return Err(index + 1),
                    // The escaped character may be longer than a byte: the rest of it is
                    // continuation bytes, which are never a quote, backslash or line feed.
                    Some(_) => index += 2,
                },
                b'\n' => return Err(index),
                _ => index += 1,
            }
        }
        Err(index)
    }
}

impl Iterator for Literals<'_> {
    type Item = (usize, usize);

    fn next(&mut self) -> Option<(usize, usize)> {
        loop {
            let offset = self.bytes.get(self.at..)?.iter().position(|byte| matches!(byte, b'"' | b'\'' | b'`'))?;
            let start = self.at + offset;
            let quote = self.bytes[start];
            let kind = match quote {
                b'"' => 0,
                b'\'' => 1,
                _ => 2,
            };
            self.at = start + 1;
            if start < self.failed_until[kind] {
                continue;
            }
            match self.close(start, quote) {
                Ok(end) => {
                    self.at = end;
                    return Some((start, end));
                }
                Err(stop) => self.failed_until[kind] = stop,
            }
        }
    }
}

/// Each (holder, field) [`SUBSCRIPT_READ`] finds in `line`, first to last (the holder of
/// `resp.json()["total"]` is `json`, a generic word). An ASCII line is
/// read by hand: there `\w` is `[A-Za-z0-9_]` and `\s` is `[\t\n\x0B\x0C\r ]`, and the
/// pattern never backtracks (the holder is a whole word, each run of spaces is taken whole,
/// `[` and `.get(` differ at once), so its matches are found in one pass.
fn subscript_reads(line: &str, found: &mut dyn FnMut(&str, &str), mut nested: Option<&mut NestedSubscript<'_>>) {
    if !line.is_ascii() {
        for captures in SUBSCRIPT_READ.captures_iter(line) {
            if let (Some(holder), Some(field)) = (captures.get(1), captures.get(2).or_else(|| captures.get(3))) {
                found(holder.as_str(), field.as_str());
            }
        }
        return;
    }
    let bytes = line.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        if !is_ascii_word(bytes[at]) {
            at += 1;
            continue;
        }
        let holder_start = at;
        at = skip(bytes, at, is_ascii_word);
        // `resp.json()["total"]`: what a call without arguments returns is read at once.
        let called = bytes[at..].starts_with(b"()").then(|| subscript_after(bytes, at + 2)).flatten();
        if let Some((mut field_start, mut field_end, mut end)) = called.or_else(|| subscript_after(bytes, at)) {
            found(&line[holder_start..at], &line[field_start..field_end]);
            // `order["shippingAddress"]["state"]`: each further subscript reads the field before it.
            if let Some(nested) = nested.as_mut() {
                let mut links = vec![&line[holder_start..at]];
                while let Some((next_start, next_end, next)) = subscript_after(bytes, end).filter(|_| bytes.get(end) == Some(&b'[')) {
                    nested(&links, &line[field_start..field_end], &line[next_start..next_end]);
                    links.push(&line[field_start..field_end]);
                    (field_start, field_end, end) = (next_start, next_end, next);
                }
            }
            at = end;
        }
    }
}

/// What [`subscript_reads`] hands each further subscript of a chain: the links before its
/// holder, the holder, the field.
type NestedSubscript<'a> = dyn FnMut(&[&str], &str, &str) + 'a;

/// After a holder ending at `at`: `\s*(?:\[\s*["']FIELD["']\s*\]|\.get\(\s*["']FIELD["'])`
/// with `FIELD` = `[A-Za-z_][\w-]*`, in ASCII; the field's range and where the match ends.
fn subscript_after(bytes: &[u8], at: usize) -> Option<(usize, usize, usize)> {
    let mut index = skip(bytes, at, is_ascii_space);
    let bracket = if bytes.get(index) == Some(&b'[') {
        index += 1;
        true
    } else if bytes.get(index..)?.starts_with(b".get(") {
        index += ".get(".len();
        false
    } else {
        return None;
    };
    index = skip(bytes, index, is_ascii_space);
    if !matches!(bytes.get(index), Some(b'"' | b'\'')) {
        return None;
    }
    let field_start = index + 1;
    if !bytes.get(field_start).is_some_and(|byte| byte.is_ascii_alphabetic() || *byte == b'_') {
        return None;
    }
    let field_end = skip(bytes, field_start + 1, |byte| is_ascii_word(byte) || byte == b'-');
    if !matches!(bytes.get(field_end), Some(b'"' | b'\'')) {
        return None;
    }
    index = field_end + 1;
    if bracket {
        index = skip(bytes, index, is_ascii_space);
        if bytes.get(index) != Some(&b']') {
            return None;
        }
        index += 1;
    }
    Some((field_start, field_end, index))
}

fn is_ascii_word(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_'
}

/// `\s` among ASCII characters (`u8::is_ascii_whitespace` leaves out the vertical tab).
fn is_ascii_space(byte: u8) -> bool {
    matches!(byte, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ')
}

/// The first index from `from` whose byte is not `wanted` (or the length).
fn skip(bytes: &[u8], from: usize, wanted: impl Fn(u8) -> bool) -> usize {
    bytes.get(from..).map_or(from, |rest| from + rest.iter().position(|&byte| !wanted(byte)).unwrap_or(rest.len()))
}

#[cfg(test)]
mod tests;
