//! Lagom's service wiring, in its Java and Scala DSLs. Every piece sits in another file, often
//! of another module, so each is named by the service interface they share:
//! - a descriptor (a file importing `com.lightbend.lagom.javadsl.api` or `scaladsl.api`):
//!   `named("item").withCalls(pathCall("/api/item/:id", this::getItem), ...)` in
//!   `interface ItemService` declares the API `ItemService` and its operations: routes the
//!   implementing service answers, not calls (its path literals are no outgoing requests);
//!   `topic("item-ItemEvent", this::itemEvents)` (or a constant of the file for the name)
//!   declares the topic the method `ItemService.itemEvents` stands for, kept as the constant
//!   `lagom-topic:ItemService.itemEvents`;
//! - a binding (in a file importing Lagom): `bindService(ItemService.class, ..)`,
//!   `serviceBinding(ItemService.class, ..)`, Scala's `serverFor[ItemService](..)` and
//!   `bindService[ItemService]`, serves the API; the class implementing `ItemService` whose
//!   `Topic<ItemEvent> itemEvents()` produces the topic publishes to it;
//! - a client: a variable of the interface's type (a field, a constructor's parameter, Scala's
//!   `serviceClient.implement[ItemService]`) whose call's `.invoke(..)` runs
//!   (`itemService.getItem(id).handleRequestHeader(..).invoke()`) calls the service, and one
//!   whose topic method is subscribed to (`itemService.itemEvents().subscribe()`, also through
//!   a variable holding the topic) subscribes to the topic.
//!
//! A client bound without a call (`bindClient(BiddingService.class)`) is no call: item-impl
//! binds the bidding service only to subscribe to its topic.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use regex::Regex;
use serde_json::json;

use super::calls::{Lines, arguments, enclosed, string_constants, string_literal, word_offsets};
use super::{Edges, NAMES_CONSTANT, REFERS_TO};
use crate::model::{FileFacts, Method, make_ref};

/// How the topic a service interface's method stands for is named among the repo's channel
/// constants: `lagom-topic:ItemService.itemEvents`.
const TOPIC_CONSTANT: &str = "lagom-topic:";

/// What a message broker Lagom publishes through is.
const PROTOCOL: &str = "kafka";

/// The type of a Lagom descriptor's API, beside `grpc_service` naming its interface (the name
/// clients and bindings reach it by, as gRPC's clients reach a proto's service).
const API_TYPE: &str = "lagom";

/// The calls of a service's chain between the call and its `invoke`: header filters.
const CHAINED: &[&str] = &["handleRequestHeader", "handleResponseHeader", "withResponseHeader", "withRequestHeader"];

/// The file's package: `package com.example.auction.item.api`.
static PACKAGE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?m)^\s*package\s+([\w.]+)").expect("a valid regex"));
/// `interface ItemService`, Scala's `trait ItemService`.
static INTERFACE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b(?:interface|trait)\s+([A-Z]\w*)").expect("a valid regex"));
/// The descriptor's start: `named("item")`.
static NAMED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\bnamed\s*\(").expect("a valid regex"));
/// A call or topic of a descriptor.
static DECLARATION: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b(pathCall|restCall|namedCall|call|topic)\s*\(").expect("a valid regex"));
/// Java's `bindService(ItemService.class`, `serviceBinding(ItemService.class`; Scala's
/// `serverFor[ItemService]`, `bindService[ItemService]`.
static BINDING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:(?:bindService|serviceBinding)\s*\(\s*(?:[\w]+\.)*(?P<java>[A-Z]\w*)\.class\b|(?:serverFor|bindService)\s*\[\s*(?:[\w]+\.)*(?P<scala>[A-Z]\w*)\s*\])")
        .expect("a valid regex")
});
/// A class's name: `class ItemServiceImpl`.
static CLASS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\bclass\s+[A-Z]\w*").expect("a valid regex"));
/// A method producing a topic: Java's `Topic<ItemEvent> itemEvents()`, Scala's
/// `def itemEvents(): Topic[ItemEvent]` or `def itemEvents = TopicProducer...`.
static TOPIC_METHOD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\bTopic\s*<[^;{}()=]*>\s+(?P<java>\w+)\s*\(\s*\)\s*\{|\bdef\s+(?P<scala>\w+)\s*(?:\(\s*\))?\s*(?::\s*Topic\s*\[|=\s*TopicProducer\b)").expect("a valid regex")
});
/// A typed variable: Java's `ItemService itemService` (a field or parameter).
static JAVA_TYPED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b([A-Z]\w*)(?:<[^<>;(){}]*>)?\s+([a-z_]\w*)\s*[;,)=]").expect("a valid regex"));
/// Scala's `itemService: ItemService`.
static SCALA_TYPED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b([a-z_]\w*)\s*:\s*([A-Z]\w*)\b").expect("a valid regex"));
/// Scala's `lazy val itemService = serviceClient.implement[ItemService]`.
static IMPLEMENTED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(\w+)\s*(?::\s*\w+\s*)?=\s*serviceClient\s*\.\s*implement\s*\[\s*(?:\w+\.)*([A-Z]\w*)\s*\]").expect("a valid regex"));

/// Whether a file may hold Lagom's wiring at all, by its language.
fn is_lagom_language(extension: &str) -> bool {
    matches!(extension, "java" | "scala")
}

/// Whether a file imports Lagom's service API: only such a file declares a descriptor.
fn imports_api(text: &str) -> bool {
    text.contains("com.lightbend.lagom.javadsl.api") || text.contains("com.lightbend.lagom.scaladsl.api")
}

/// A Lagom descriptor as read: where its path literals are, for the code reader to keep them
/// from counting as calls.
#[derive(Debug, Default)]
pub(super) struct Descriptor {
    pub(super) path_literals: BTreeSet<usize>,
}

/// One call or topic of a descriptor.
struct Declared<'text> {
    kind: &'text str,
    /// The path (a call's) or the topic's name, and where its argument starts.
    name: Option<(Named, usize)>,
    /// The interface's method it stands for.
    method: String,
    /// `restCall`'s HTTP method.
    http_method: Option<String>,
    offset: usize,
}

/// A descriptor's path or topic name: its value, or the constant of another file holding it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Named {
    Value(String),
    Constant(String),
}

/// The calls and topics of the descriptor a file declares (after its `named(`), with the
/// service's name and the interface it is in.
fn declared(text: &str) -> Option<(String, String, usize, Vec<Declared<'_>>)> {
    let named = NAMED.find(text)?;
    let interface = INTERFACE.captures_iter(&text[..named.start()]).last().and_then(|captures| captures.get(1))?.as_str().to_string();
    let constants = string_constants(text);
    let value = |argument: &str| -> Option<String> {
        string_literal(argument).map(str::to_string).or_else(|| constants.get(argument.rsplit('.').next().unwrap_or(argument)).cloned())
    };
    let (named_arguments, _) = arguments(text, named.end() - 1)?;
    let service = value(named_arguments.first()?)?;
    let end = statement_end(text, named.start());
    let mut found = Vec::new();
    for captures in DECLARATION.captures_iter(&text[named.start()..end]) {
        let (Some(whole), Some(kind)) = (captures.get(0), captures.get(1)) else { continue };
        let open = named.start() + whole.end() - 1;
        let Some((arguments, _)) = arguments(text, open) else { continue };
        let (name_argument, method_argument, http_method) = match (kind.as_str(), arguments.as_slice()) {
            ("restCall", [method, path, call, ..]) => (Some(*path), *call, method.rsplit('.').next().map(str::to_string)),
            ("pathCall" | "namedCall" | "topic", [name, call, ..]) => (Some(*name), *call, None),
            ("call", [call, ..]) => (None, *call, None),
            _ => continue,
        };
        let Some(method) = method_reference(method_argument) else { continue };
        let name = name_argument.and_then(|argument| {
            let named = match value(argument) {
                Some(value) => Named::Value(value),
                None if argument.chars().all(|character| character.is_alphanumeric() || character == '_' || character == '.') => {
                    Named::Constant(argument.rsplit('.').next().unwrap_or(argument).to_string())
                }
                None => return None,
            };
            Some((named, argument.as_ptr() as usize - text.as_ptr() as usize))
        });
        found.push(Declared { kind: kind.as_str(), name, method, http_method, offset: named.start() + whole.start() });
    }
    Some((service, interface, named.start(), found))
}

/// Where the statement starting at `start` ends: its `;`, or the end of the block holding it
/// (a Scala descriptor's `}`). Strings are skipped.
fn statement_end(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut index = start;
    while index < bytes.len() {
        match bytes[index] {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' if depth == 0 => return index,
            b')' | b']' | b'}' => depth -= 1,
            b';' if depth == 0 => return index,
            b'"' => index += bytes[index + 1..].iter().position(|&byte| byte == b'"' || byte == b'\n').map_or(bytes.len(), |close| close + 1),
            _ => {}
        }
        index += 1;
    }
    bytes.len()
}

/// The method a call's reference names: Java's `this::getItem`, Scala's `getItem _`,
/// `this.getItem` or `getItem`.
fn method_reference(argument: &str) -> Option<String> {
    let argument = argument.trim().trim_end_matches('_').trim_end();
    let method = argument.rsplit("::").next().unwrap_or(argument).rsplit('.').next().unwrap_or(argument);
    (!method.is_empty() && method.chars().all(|character| character.is_alphanumeric() || character == '_')).then(|| method.to_string())
}

/// Where a file's descriptor paths are, when it declares one.
pub(super) fn descriptor(extension: &str, text: &str) -> Descriptor {
    if !is_lagom_language(extension) || !imports_api(text) {
        return Descriptor::default();
    }
    let Some((_, _, _, declared)) = declared(text) else { return Descriptor::default() };
    let path_literals = declared.iter().filter(|item| matches!(item.kind, "pathCall" | "restCall")).filter_map(|item| item.name.as_ref().map(|(_, offset)| *offset)).collect();
    Descriptor { path_literals }
}

/// A descriptor's path as an operation's (`/api/item/:id?status` is `/api/item/{id}`).
fn operation_path(path: &str) -> String {
    let path = path.split('?').next().unwrap_or(path);
    path.split('/').map(|segment| segment.strip_prefix(':').map_or(segment.to_string(), |name| format!("{{{name}}}"))).collect::<Vec<_>>().join("/")
}

/// The HTTP method Lagom gives a `pathCall`: GET when the call takes no request
/// (`ServiceCall<NotUsed, Item>`), else POST; ANY when the declaration is not found.
fn path_call_method(text: &str, method: &str) -> &'static str {
    let name = regex::escape(method);
    let java = Regex::new(&format!(r"ServiceCall\s*<\s*([\w.]+)\s*,[^;(){{}}]*\b{name}\s*\(")).ok();
    let scala = Regex::new(&format!(r"\bdef\s+{name}\b[^=;{{}}]*?ServiceCall\s*\[\s*([\w.]+)")).ok();
    let request = [java, scala].into_iter().flatten().find_map(|pattern| Some(pattern.captures(text)?.get(1)?.as_str().to_string()));
    match request {
        Some(request) if request.rsplit('.').next() == Some("NotUsed") => "GET",
        Some(_) => "POST",
        None => "ANY",
    }
}

/// The facts of a file's Lagom wiring: its descriptor's API, operations and topics, the APIs
/// it serves and the topics it produces, and its clients' calls and subscriptions.
pub(super) fn facts(facts: &mut FileFacts, edges: &mut Edges<'_>, extension: &str, text: &str, lines: &Lines<'_>) {
    if !is_lagom_language(extension) {
        return;
    }
    if imports_api(text) {
        descriptor_facts(facts, text, lines);
    }
    if text.contains("com.lightbend.lagom") {
        for captures in BINDING.captures_iter(text) {
            let (Some(whole), Some(interface)) = (captures.get(0), captures.name("java").or(captures.name("scala"))) else { continue };
            if !lines.is_comment(whole.start()) {
                edges.push(facts, format!("grpc:{}", interface.as_str()), "provides", json!({"via": "lagom service"}), lines.number(whole.start()), 0.9);
            }
        }
        for (offset, interface, method) in produced_topics(text, lines) {
            let props = json!({"via": "lagom topic producer", "protocol": PROTOCOL});
            edges.push(facts, format!("channel-constant:{TOPIC_CONSTANT}{interface}.{method}"), "publishes", props, lines.number(offset), 0.8);
        }
    }
    if text.contains(".invoke") || text.contains(".subscribe") {
        for (offset, interface, method, use_kind) in client_uses(text, lines, extension == "scala") {
            let line = lines.number(offset);
            match use_kind {
                ClientUse::Call => {
                    edges.push(facts, format!("grpc:{interface}"), "consumes", json!({"via": "lagom client"}), line, 0.85);
                    edges.push(facts, format!("grpc:{interface}/{method}"), "calls", json!({"via": "lagom client"}), line, 0.85);
                }
                ClientUse::Subscribe => {
                    let props = json!({"via": "lagom topic subscriber", "protocol": PROTOCOL});
                    edges.push(facts, format!("channel-constant:{TOPIC_CONSTANT}{interface}.{method}"), "subscribes", props, line, 0.8);
                }
            }
        }
    }
}

/// The descriptor's API with its rpcs and operations, and the names of its topics.
fn descriptor_facts(facts: &mut FileFacts, text: &str, lines: &Lines<'_>) {
    let Some((service, interface, start, declared)) = declared(text) else { return };
    let api = match PACKAGE.captures(text) {
        Some(package) => format!("{}.{interface}", &package[1]),
        None => interface.clone(),
    };
    let api_ref = make_ref("api", &api);
    let pointer = format!("L{}", lines.number(start));
    facts.node("api", &api, json!({"type": API_TYPE, "grpc_service": interface, "service_name": service}), &pointer, Method::Parsed);
    let prefix = api.to_lowercase();
    for item in &declared {
        let pointer = format!("L{}", lines.number(item.offset));
        if item.kind == "topic" {
            let constant = format!("constant:{TOPIC_CONSTANT}{interface}.{}", item.method);
            // A constant of another file is looked up in turn among the repo's.
            let props = match &item.name {
                Some((Named::Value(topic), _)) => json!({"value": topic}),
                Some((Named::Constant(name), _)) => json!({REFERS_TO: name}),
                None => continue,
            };
            facts.edge("self", &constant, NAMES_CONSTANT, props, &pointer, Method::Parsed);
            continue;
        }
        let rpc = format!("{prefix}/{}", item.method);
        facts.node("rpc", &rpc, json!({}), &pointer, Method::Parsed);
        facts.edge(&api_ref, &make_ref("rpc", &rpc), "defines", json!({}), &pointer, Method::Parsed);
        let Some((Named::Value(path), _)) = item.name.as_ref().filter(|_| matches!(item.kind, "pathCall" | "restCall")) else { continue };
        let method = match &item.http_method {
            Some(method) => method.to_uppercase(),
            None => path_call_method(text, &item.method).to_string(),
        };
        let operation = format!("{prefix}/{method} {}", operation_path(path));
        facts.node("operation", &operation, json!({"method": method, "path": operation_path(path), "rpc": item.method}), &pointer, Method::Parsed);
        facts.edge(&api_ref, &make_ref("operation", &operation), "defines", json!({}), &pointer, Method::Parsed);
    }
}

/// Each topic a class of the file produces: where its method is, the interface the class
/// implements and the method.
fn produced_topics(text: &str, lines: &Lines<'_>) -> Vec<(usize, String, String)> {
    let interfaces: Vec<String> = CLASS.find_iter(text).filter(|class| !lines.is_comment(class.start())).flat_map(|class| implemented(text, class.end())).collect();
    if interfaces.is_empty() {
        return Vec::new();
    }
    let mut produced = Vec::new();
    for captures in TOPIC_METHOD.captures_iter(text) {
        let (Some(whole), Some(method)) = (captures.get(0), captures.name("java").or(captures.name("scala"))) else { continue };
        if lines.is_comment(whole.start()) {
            continue;
        }
        produced.extend(interfaces.iter().map(|interface| (whole.start(), interface.clone(), method.as_str().to_string())));
    }
    produced
}

/// The types a class whose name ends at `at` implements: Java's `implements A, B<C>`, Scala's
/// `extends A with B` after its parameter lists.
fn implemented(text: &str, at: usize) -> Vec<String> {
    let mut rest = at;
    // Scala's type and value parameter lists.
    loop {
        let skipped = rest + text[rest..].len() - text[rest..].trim_start().len();
        match text.as_bytes().get(skipped) {
            Some(b'(' | b'[') => match super::calls::enclosed_within(text, skipped, 4000) {
                Some((_, end)) => rest = end,
                None => return Vec::new(),
            },
            _ => break,
        }
    }
    let header_end = text[rest..].find('{').map_or(text.len(), |end| rest + end);
    let header = &text[rest..header_end];
    let list = if let Some((_, list)) = header.split_once("implements") {
        list
    } else if let Some((_, list)) = header.split_once("extends").filter(|_| !header.contains(';')) {
        list.lines().next().unwrap_or(list)
    } else {
        return Vec::new();
    };
    list.split([',', ' ', '\n', '\t', '\r'])
        .filter(|word| !word.is_empty() && *word != "with")
        .map(|word| word.split(['<', '[', '(']).next().unwrap_or(word).rsplit('.').next().unwrap_or(word))
        .filter(|name| name.starts_with(|first: char| first.is_ascii_uppercase()) && name.chars().all(|character| character.is_alphanumeric() || character == '_'))
        .map(str::to_string)
        .collect()
}

/// What a client does with a service interface's method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum ClientUse {
    Call,
    Subscribe,
}

/// Each call a client variable's `.invoke` runs, and each topic subscribed to through one:
/// where, the interface, the method.
fn client_uses(text: &str, lines: &Lines<'_>, scala: bool) -> Vec<(usize, String, String, ClientUse)> {
    // variable -> its type, or `None` where the file gives it two.
    let mut types: BTreeMap<&str, Option<&str>> = BTreeMap::new();
    let typed = |pattern: &'static Regex, name: usize, kind: usize| {
        pattern.captures_iter(text).filter_map(move |captures| Some((captures.get(name)?.as_str(), captures.get(kind)?.as_str())))
    };
    let found: Vec<(&str, &str)> = if scala { typed(&SCALA_TYPED, 1, 2).chain(typed(&IMPLEMENTED, 1, 2)).collect() } else { typed(&JAVA_TYPED, 2, 1).collect() };
    for (name, kind) in found {
        types
            .entry(name)
            .and_modify(|known| {
                if *known != Some(kind) {
                    *known = None;
                }
            })
            .or_insert(Some(kind));
    }
    let mut uses = Vec::new();
    for (variable, kind) in types {
        let Some(kind) = kind else { continue };
        for at in word_offsets(text, variable) {
            if lines.is_comment(at) {
                continue;
            }
            let Some((method, end)) = member(text, at + variable.len()) else { continue };
            if matches!(method, "invoke" | "subscribe") || CHAINED.contains(&method) {
                continue;
            }
            match chain_end(text, end) {
                Some(use_kind) => uses.push((at, kind.to_string(), method.to_string(), use_kind)),
                // A topic held by a variable first: `Topic<ItemEvent> events = itemService.itemEvents();`.
                None => {
                    if let Some(holder) = assigned_to(text, at)
                        && word_offsets(text, holder).any(|use_at| member(text, use_at + holder.len()).is_some_and(|(called, _)| called == "subscribe"))
                    {
                        uses.push((at, kind.to_string(), method.to_string(), ClientUse::Subscribe));
                    }
                }
            }
        }
    }
    uses.sort();
    uses
}

/// The member called at `at` (`.getItem(id)`, Scala's `.getItem`): its name and where its
/// arguments end.
fn member(text: &str, at: usize) -> Option<(&str, usize)> {
    let rest = text[at..].trim_start();
    let rest = rest.strip_prefix('.')?.trim_start();
    let start = text.len() - rest.len();
    let length = rest.find(|character: char| !(character.is_alphanumeric() || character == '_')).unwrap_or(rest.len());
    if length == 0 {
        return None;
    }
    let name = &text[start..start + length];
    let after = start + length;
    let open = after + text[after..].len() - text[after..].trim_start().len();
    let end = if text.as_bytes().get(open) == Some(&b'(') { enclosed(text, open).map_or(after, |(_, end)| end) } else { after };
    Some((name, end))
}

/// How the chain after a service's method ends: run (`.invoke`), subscribed to
/// (`.subscribe`), or neither; header filters in between are skipped.
fn chain_end(text: &str, mut at: usize) -> Option<ClientUse> {
    loop {
        let (name, end) = member(text, at)?;
        if name.starts_with("invoke") {
            return Some(ClientUse::Call);
        }
        if name == "subscribe" {
            return Some(ClientUse::Subscribe);
        }
        if !CHAINED.contains(&name) {
            return None;
        }
        at = end;
    }
}

/// The variable the expression starting at `at` is assigned to (`events = itemService...`).
fn assigned_to(text: &str, at: usize) -> Option<&str> {
    let before = text[..at].trim_end().strip_suffix('=')?;
    if before.ends_with(['=', '!', '<', '>']) {
        return None;
    }
    let before = before.trim_end();
    let start = before.rfind(|character: char| !(character.is_alphanumeric() || character == '_')).map_or(0, |at| super::calls::after_char(before, at));
    let name = &before[start..];
    (!name.is_empty() && name.starts_with(|first: char| first.is_ascii_lowercase() || first == '_')).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_methods_of_a_descriptor() {
        assert_eq!(operation_path("/api/item/:id/start"), "/api/item/{id}/start");
        assert_eq!(operation_path("/api/item?userId&status"), "/api/item");
        assert_eq!(method_reference("this::getItem").as_deref(), Some("getItem"));
        assert_eq!(method_reference("getItem _").as_deref(), Some("getItem"));
        assert_eq!(method_reference("ItemService::getItem").as_deref(), Some("getItem"));
        let java = "ServiceCall<NotUsed, PaginatedSequence<ItemSummary>> getItems(UUID id);\nServiceCall<ItemData, Item> createItem();\n";
        assert_eq!((path_call_method(java, "getItems"), path_call_method(java, "createItem"), path_call_method(java, "other")), ("GET", "POST", "ANY"));
        let scala = "def hello(id: String): ServiceCall[NotUsed, String]\ndef useGreeting(id: String): ServiceCall[GreetingMessage, Done]\n";
        assert_eq!((path_call_method(scala, "hello"), path_call_method(scala, "useGreeting")), ("GET", "POST"));
    }

    #[test]
    fn implemented_types_of_java_and_scala_classes() {
        let java = "public class ItemServiceImpl extends Base implements ItemService, Other<String> {\n}";
        let at = CLASS.find(java).map(|class| class.end()).unwrap_or(0);
        assert_eq!(implemented(java, at), ["ItemService", "Other"]);
        let scala = "class HelloServiceImpl(registry: PersistentEntityRegistry)(implicit ec: ExecutionContext) extends HelloService with Logging {\n}";
        let at = CLASS.find(scala).map(|class| class.end()).unwrap_or(0);
        assert_eq!(implemented(scala, at), ["HelloService", "Logging"]);
    }
}
