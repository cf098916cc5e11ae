//! What a route read from code answers with, when its handler's signature names a type of
//! the component's own (`public List<AppointmentDto> list(`, FastAPI's `response_model=`):
//! the fields the component's code declares for that type (a record's components, a class's
//! fields, a pydantic model's, with their `@JsonProperty` names and JSON types) become the
//! fields of the operation's response, named by the type as a schema's are
//! (`field:appointments-routes/AppointmentDto.startTime`), so consumers' reads of it are
//! checked as reads of a contract's schema are.
//!
//! A FastAPI handler's body parameter (`def create(body: OrderCreate)`) names the model of the
//! operation's request the same way: its fields become the request's, required where the model
//! requires them, so a call leaving one out is reported.
//!
//! A handler that answers with a value whose type its file does not tell (`c.JSON(200, q)`
//! after `q := h.engine.Price(req)`) answers, most likely, with the resource its path names:
//! `/quotes/{id}` with a `Quote`, `/events/{id}/seats` with `Seat`s. When the component
//! declares exactly one type of that name (or that name with a suffix such as `Dto`), it is
//! taken for the answer, with less confidence.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Value};

use crate::model::{make_ref, Method};
use crate::readers::code::enum_uses::DECLARED_ENUM_HOLDER;
use crate::readers::code::whole_text::HANDLER_TYPES;
use crate::resolve::components::Components;
use crate::resolve::{GraphBuilder, ScannedFacts};

/// A type's declared fields: wire name -> the field.
type DeclaredFields = BTreeMap<String, Declared>;

/// A declared field: its JSON type, where it is declared, whether it is required, the
/// component's own type it holds (a pydantic model's `lines: list[OrderLine]`), and the values
/// of the enum of strings that type is, when the component declares one
/// (`stock_status: StockStatus` of a `StockStatus = Literal[..]`).
struct Declared {
    json_type: Option<String>,
    source: String,
    required: bool,
    holds_type: Option<String>,
    enum_values: Vec<String>,
}

/// How sure a response read from a handler's declared type is.
const CONFIDENCE: f64 = 0.75;
/// How sure a response taken for the resource the route's path names is.
const RESOURCE_CONFIDENCE: f64 = 0.6;
/// The prop of a field of a type taken for a route's answer because its path names it.
pub(crate) const GUESSED_FROM_PATH: &str = "guessed_from_path";
/// Suffixes a resource's type may carry (`QuoteDto` for `/quotes`), lowercase.
const RESOURCE_SUFFIXES: &[&str] = &["dto", "response", "resource", "model", "view", "out", "result", "record"];

pub(crate) fn type_route_answers(graph: &mut GraphBuilder) {
    // (operation, the API defining it, the component providing that, the type it answers
    // with, how sure that is).
    let mut typed: Vec<(String, String, String, String, f64)> = Vec::new();
    // (operation, API, component, the type its request body is) for handlers taking a model.
    let mut accepted: Vec<(String, String, String, String)> = Vec::new();
    // (operation, API, component, the resource its path names) for handlers answering a value of no known type.
    let mut untyped: Vec<(String, String, String, String)> = Vec::new();
    let providers: BTreeMap<String, String> =
        graph.edges().filter(|edge| edge.kind == "provides" && edge.from.starts_with("component:")).map(|edge| (edge.to.clone(), edge.from.clone())).collect();
    for edge in graph.edges().filter(|edge| edge.kind == "defines" && edge.to.starts_with("operation:")) {
        let Some(operation) = graph.nodes.get(&edge.to) else { continue };
        let Some(provider) = providers.get(&edge.from) else { continue };
        if let Some(type_name) = operation.props.get("accepts_type").and_then(Value::as_str) {
            accepted.push((edge.to.clone(), edge.from.clone(), provider.clone(), type_name.to_string()));
        }
        if let Some(type_name) = operation.props.get("returns_type").and_then(Value::as_str) {
            typed.push((edge.to.clone(), edge.from.clone(), provider.clone(), type_name.to_string(), CONFIDENCE));
        } else if operation.props.get("returns_resource") == Some(&Value::Bool(true))
            && let Some(resource) = operation.props.get("path").and_then(Value::as_str).and_then(resource_of)
        {
            untyped.push((edge.to.clone(), edge.from.clone(), provider.clone(), resource));
        }
    }
    if !untyped.is_empty() {
        // Each component's declared types, by name.
        let mut types: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for read in &graph.reads {
            if let Some(type_name) = read.read.declared_in.as_deref() {
                types.entry(read.component.as_str()).or_default().insert(type_name);
            }
        }
        for (operation, api, provider, resource) in untyped {
            if let Some(type_name) = types.get(provider.as_str()).and_then(|types| resource_type(types, &resource)) {
                typed.push((operation, api, provider, type_name, RESOURCE_CONFIDENCE));
            }
        }
    }
    if typed.is_empty() && accepted.is_empty() {
        return;
    }
    // (component, type) -> its declared fields.
    let mut declared: BTreeMap<(String, String), DeclaredFields> = BTreeMap::new();
    // Every type of the providers: a type answered with may hold others.
    let wanted: BTreeSet<&str> = typed.iter().map(|(_, _, provider, _, _)| provider.as_str()).chain(accepted.iter().map(|(_, _, provider, _)| provider.as_str())).collect();
    // (component, enum) -> the values of each enum of strings the providers declare.
    let mut enums: BTreeMap<(&str, &str), Vec<&str>> = BTreeMap::new();
    for read in &graph.reads {
        if let Some(type_name) = read.read.holder.as_deref().and_then(|holder| holder.strip_prefix(DECLARED_ENUM_HOLDER))
            && wanted.contains(read.component.as_str())
        {
            let values = enums.entry((read.component.as_str(), type_name)).or_default();
            if !values.contains(&read.read.field.as_str()) {
                values.push(read.read.field.as_str());
            }
        }
    }
    for read in &graph.reads {
        let Some(type_name) = read.read.declared_in.as_deref() else { continue };
        if wanted.contains(read.component.as_str()) {
            let fields = declared.entry((read.component.clone(), type_name.to_string())).or_default();
            let enum_values = read.read.holds_type.as_deref().and_then(|held| enums.get(&(read.component.as_str(), held))).map(|values| values.iter().map(|value| value.to_string()).collect()).unwrap_or_default();
            let field = Declared { json_type: read.read.expected_type.clone(), source: read.source.clone(), required: read.read.required, holds_type: read.read.holds_type.clone(), enum_values };
            fields.entry(read.read.field.clone()).or_insert(field);
        }
    }
    // Types some handler declares it answers with are no guess, wherever else they are guessed.
    let declared_answers: BTreeSet<(String, String)> =
        typed.iter().filter(|(_, _, _, _, confidence)| *confidence == CONFIDENCE).map(|(_, _, provider, type_name, _)| (provider.clone(), type_name.clone())).collect();
    let requests = accepted.into_iter().map(|(operation, api, provider, type_name)| (operation, api, provider, type_name, CONFIDENCE, "request"));
    for (operation, api, provider, type_name, confidence, direction) in typed.into_iter().map(|(operation, api, provider, type_name, confidence)| (operation, api, provider, type_name, confidence, "response")).chain(requests) {
        let guessed = confidence < CONFIDENCE && !declared_answers.contains(&(provider.clone(), type_name.clone()));
        let answer = Answer { api: &api, operation: &operation, direction, confidence, guessed };
        add_fields(graph, &answer, &declared, &provider, &type_name, &type_name);
    }
}

/// A handler function's answer and request types (`Null` where its signature names none).
type HandlerTypes = (Value, Value);

/// A route whose handler another file of its component defines (an axum router's
/// `post(routes::create_appointment)`): the request and answer types that function's signature
/// names (`Json<CreateAppointment>`, `Json<Appointment>`) are the route's, as if its own file had
/// told them. A name two files of the component define with different types tells nothing.
pub(crate) fn named_handlers(graph: &mut GraphBuilder, files: &[ScannedFacts], components: &Components) {
    let named: Vec<(String, String)> = graph
        .nodes
        .values()
        .filter(|node| node.kind == "operation" && (node.props.get("returns_type").is_none() || node.props.get("accepts_type").is_none()))
        .filter_map(|node| Some((node.node_ref.clone(), node.props.get("handler")?.as_str()?.to_string())))
        .collect();
    if named.is_empty() {
        return;
    }
    // (component, function) -> the files defining it, with its (answer, request) types.
    let mut signatures: BTreeMap<(String, String), Vec<(&str, HandlerTypes)>> = BTreeMap::new();
    for file in files {
        for edge in file.facts.edges.iter().filter(|edge| edge.kind == HANDLER_TYPES) {
            let (Some(component), Some(name)) = (components.owning(&file.repo, &file.path), edge.to.strip_prefix("function:")) else { continue };
            let types = (edge.props.get("returns_type").cloned().unwrap_or(Value::Null), edge.props.get("accepts_type").cloned().unwrap_or(Value::Null));
            signatures.entry((component.node_ref.clone(), name.to_string())).or_default().push((file.path.as_str(), types));
        }
    }
    // The types of `handler` (`routes::create_appointment`): the function of its name in the
    // module its path names (`routes.rs`, `routes/mod.rs`), else the one such function; none
    // when several differ.
    let types_of = |provider: &str, handler: &str| -> Option<HandlerTypes> {
        let (module, name) = handler.rsplit_once("::").map_or((None, handler), |(module, name)| (module.rsplit("::").next(), name));
        let defined = signatures.get(&(provider.to_string(), name.to_string()))?;
        let in_module = |path: &str| {
            let module = module.unwrap_or("");
            let stem = path.rsplit('/').next().unwrap_or(path).trim_end_matches(".rs");
            stem == module || (stem == "mod" && path.rsplit('/').nth(1) == Some(module))
        };
        let candidates: Vec<&HandlerTypes> = match module {
            Some(_) => defined.iter().filter(|(path, _)| in_module(path)).map(|(_, types)| types).collect(),
            None => defined.iter().map(|(_, types)| types).collect(),
        };
        match candidates.as_slice() {
            [first, rest @ ..] if rest.iter().all(|other| other == first) => Some((*first).clone()),
            _ => None,
        }
    };
    // The component providing each operation's API.
    let providers: BTreeMap<String, String> = graph.edges().filter(|edge| edge.kind == "provides" && edge.from.starts_with("component:")).map(|edge| (edge.to.clone(), edge.from.clone())).collect();
    let apis: BTreeMap<String, String> = graph.edges().filter(|edge| edge.kind == "defines" && edge.to.starts_with("operation:")).map(|edge| (edge.to.clone(), edge.from.clone())).collect();
    for (operation, handler) in named {
        let Some(provider) = apis.get(&operation).and_then(|api| providers.get(api)) else { continue };
        let Some((returns, accepts)) = types_of(provider, &handler) else { continue };
        let Some(node) = graph.nodes.get_mut(&operation) else { continue };
        for (key, value) in [("returns_type", &returns), ("accepts_type", &accepts)] {
            if !value.is_null() && !node.props.contains_key(key) {
                node.props.insert(key.to_string(), value.clone());
            }
        }
    }
}

/// A call whose body is a value of a type declared in another of the caller's files
/// (picking-kotlin's `.bodyValue(ReservationRequest(..))`, checkout-web's `NewPayment.parse(input)`
/// of a zod schema in schemas.ts) sends the fields the caller declares for that type.
pub(crate) fn sent_types(graph: &mut GraphBuilder) {
    let wanted: BTreeSet<(String, String)> = graph
        .edges()
        .filter(|edge| !edge.props.contains_key("sends"))
        .filter_map(|edge| Some((edge.from.clone(), edge.props.get("sends_type")?.as_str()?.to_string())))
        .collect();
    if wanted.is_empty() {
        return;
    }
    let mut sent: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for read in &graph.reads {
        let Some(type_name) = read.read.declared_in.as_deref() else { continue };
        let key = (read.component.clone(), type_name.to_string());
        if wanted.contains(&key) {
            let fields = sent.entry(key).or_default();
            if !fields.contains(&read.read.field) {
                fields.push(read.read.field.clone());
            }
        }
    }
    for edge in graph.edges.values_mut() {
        let Some(type_name) = edge.props.get("sends_type").and_then(Value::as_str) else { continue };
        if let Some(fields) = sent.get(&(edge.from.clone(), type_name.to_string())).filter(|_| !edge.props.contains_key("sends")) {
            edge.props.insert("sends".into(), json!(fields));
        }
    }
}

/// Where a type's fields go: the operation using them, in its request or response.
struct Answer<'a> {
    api: &'a str,
    operation: &'a str,
    direction: &'static str,
    confidence: f64,
    guessed: bool,
}

/// The fields of `type_name` as the fields of `path` (`OrderOut`, or `OrderOut.lines` for the
/// `OrderLine`s its `lines` holds, named so as a contract's nested fields are), and those of
/// the types they hold in turn, three levels down at most.
fn add_fields(graph: &mut GraphBuilder, answer: &Answer<'_>, declared: &BTreeMap<(String, String), DeclaredFields>, provider: &str, type_name: &str, path: &str) {
    let Some(fields) = declared.get(&(provider.to_string(), type_name.to_string())) else { return };
    let api_name = answer.api.strip_prefix("api:").unwrap_or(answer.api);
    for (wire, field) in fields {
        let field_name = format!("{api_name}/{path}.{wire}");
        let node = make_ref("field", &field_name);
        let mut props = json!({"wire_name": wire, "type": field.json_type.as_deref().unwrap_or("any"), "required": field.required, "of_type": type_name});
        if !field.enum_values.is_empty() {
            // An enum of strings is a string on the wire, whatever the code calls its type.
            props["enum"] = json!(field.enum_values);
            if field.json_type.is_none() {
                props["type"] = json!("string");
            }
        }
        if answer.guessed {
            props[GUESSED_FROM_PATH] = json!(true);
        }
        graph.node("field", &field_name, props, field.source.clone(), Method::Inferred, answer.confidence);
        graph.edge(answer.api, &node, "defines", json!({}), field.source.clone(), Method::Inferred, answer.confidence);
        graph.edge(answer.operation, &node, "uses", json!({"in": answer.direction}), field.source.clone(), Method::Inferred, answer.confidence);
        if let Some(held) = field.holds_type.as_deref().filter(|held| *held != type_name && path.matches('.').count() < 3) {
            add_fields(graph, answer, declared, provider, held, &format!("{path}.{wire}"));
        }
    }
}

/// The resource a route's path names, singular and lowercase, without separators: its last
/// segment that is no parameter (`/events/{id}/seats` -> `seat`, `/order-items` -> `orderitem`).
fn resource_of(path: &str) -> Option<String> {
    let segment = path.split('/').rev().find(|segment| !segment.is_empty() && !segment.starts_with(['{', ':', '<', '*']))?;
    let name: String = segment.chars().filter(|character| character.is_alphanumeric()).collect::<String>().to_lowercase();
    let singular = if let Some(stem) = name.strip_suffix("ies") {
        format!("{stem}y")
    } else if ["sses", "xes", "ches", "shes"].iter().any(|ending| name.ends_with(ending)) {
        name[..name.len() - 2].to_string()
    } else if name.ends_with('s') && !name.ends_with("ss") {
        name[..name.len() - 1].to_string()
    } else {
        name
    };
    (singular.len() > 1 && singular.chars().any(|character| character.is_alphabetic())).then_some(singular)
}

/// The one type of `types` named for `resource`: `Seat` for `seat`, or one such as `SeatDto`;
/// none when several are (a `Seat` beside a `SeatDto`: either may be what goes on the wire).
fn resource_type(types: &BTreeSet<&str>, resource: &str) -> Option<String> {
    let plain = |type_name: &str| type_name.chars().filter(|character| character.is_alphanumeric()).collect::<String>().to_lowercase();
    let named: Vec<&&str> = types
        .iter()
        .filter(|type_name| plain(type_name).strip_prefix(resource).is_some_and(|suffix| suffix.is_empty() || RESOURCE_SUFFIXES.contains(&suffix)))
        .collect();
    match named.as_slice() {
        [one] => Some(one.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_names_its_resource_in_the_singular() {
        assert_eq!(resource_of("/events/{eventId}/seats").as_deref(), Some("seat"));
        assert_eq!(resource_of("/v2/quotes/:id").as_deref(), Some("quote"));
        assert_eq!(resource_of("/order-items").as_deref(), Some("orderitem"));
        assert_eq!(resource_of("/categories").as_deref(), Some("category"));
        assert_eq!(resource_of("/addresses").as_deref(), Some("address"));
        assert_eq!(resource_of("/status").as_deref(), Some("statu"), "no dictionary: a type named so is rare");
        assert_eq!(resource_of("/{id}"), None);
        assert_eq!(resource_of("/"), None);
    }

    #[test]
    fn the_one_type_named_for_a_resource_is_its_answer() {
        let types: BTreeSet<&str> = ["Seat", "SeatDto", "Hold", "QuoteRequest", "Event"].into_iter().collect();
        assert_eq!(resource_type(&types, "seat"), None, "a Seat and a SeatDto: either may be the answer");
        assert_eq!(resource_type(&types, "hold").as_deref(), Some("Hold"));
        assert_eq!(resource_type(&types, "event").as_deref(), Some("Event"));
        assert_eq!(resource_type(&types, "quote"), None, "a request is no answer");
        let suffixed: BTreeSet<&str> = ["QuoteDto", "Quote_Response"].into_iter().collect();
        assert_eq!(resource_type(&suffixed, "quote"), None, "two candidates: none");
        let one: BTreeSet<&str> = ["QuoteDto"].into_iter().collect();
        assert_eq!(resource_type(&one, "quote").as_deref(), Some("QuoteDto"));
    }
}
