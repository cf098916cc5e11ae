//! The graph model: what a reader says about one file, before org-wide resolution.
//!
//! A reader knows only its file. Where a fact points at something only the whole org can
//! resolve, the endpoint is a placeholder that [`crate::resolve`] replaces:
//! - `self` — the component that owns the file (by the longest service root above it);
//! - `host:NAME` — the component known by that hostname (compose service, Kubernetes
//!   Service or workload, catalog name, service directory);
//! - `env:PREFIX` — the component an env var like `PREFIX_ADDR` names;
//! - `grpc:Service` — the component that serves that gRPC service;
//! - `http:METHOD /path` — the operation of another service's OpenAPI with that path.
//!
//! Edges whose placeholder does not resolve are dropped: inferred edges stay conservative.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// How a fact was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    /// Written down on purpose: a catalog entry, a CODEOWNERS rule, a compose dependency.
    Declared,
    /// Read from a contract or manifest: OpenAPI, proto, Kubernetes.
    Parsed,
    /// Guessed from code or naming; carries a confidence below 1.
    Inferred,
    /// Seen at run time.
    Observed,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Declared => "declared",
            Self::Parsed => "parsed",
            Self::Inferred => "inferred",
            Self::Observed => "observed",
        }
    }

    pub fn parse(text: &str) -> Self {
        match text {
            "declared" => Self::Declared,
            "parsed" => Self::Parsed,
            "observed" => Self::Observed,
            _ => Self::Inferred,
        }
    }
}

/// A node a file declares.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NodeFact {
    #[serde(rename = "ref")]
    pub node_ref: String,
    pub kind: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub props: Map<String, Value>,
    /// Where in the file: a JSON pointer, a line (`L12`), or a name.
    pub pointer: String,
    pub method: Method,
    pub confidence: f64,
}

/// An edge a file declares; endpoints may be placeholders (see the module docs).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EdgeFact {
    pub from: String,
    pub to: String,
    pub kind: String,
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub props: Map<String, Value>,
    pub pointer: String,
    pub method: Method,
    pub confidence: f64,
}

/// A deployable unit a file declares: a service in compose, a Kubernetes workload, a catalog
/// component, a directory with a Dockerfile. Resolution turns units into components.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitFact {
    pub name: String,
    /// What declared it; decides which name wins (catalog > compose/kubernetes > directory).
    pub origin: UnitOrigin,
    /// The folder of the repo that holds its code, when known ("" is the repo root).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub root: Option<String>,
    /// Other names it answers to (hostnames, Kubernetes Service names, image names).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// A third-party image (postgres, redis…): a resource rather than a component.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub infrastructure: bool,
    /// Kubernetes pod labels, matched against Service selectors.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub labels: std::collections::BTreeMap<String, String>,
    pub pointer: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum UnitOrigin {
    Catalog,
    Compose,
    /// A .NET Aspire app host's `AddProject`, `AddRedis`...
    Aspire,
    Kubernetes,
    Dockerfile,
    /// A module's build and its config (a Spring Boot module no deploy file names).
    Build,
    /// Render's Blueprint (`render.yaml`).
    Render,
}

/// A name consumer code reads from data it received (`order["total_cents"]`,
/// `order.createdAt`), for the contract check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldRead {
    /// The variable read from, when there is one (`order`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub holder: Option<String>,
    pub field: String,
    pub line: usize,
    /// The JSON type the consumer expects (from a Pact example, a declared type), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_type: Option<String>,
    /// Where the holder's value came from in the read's scope, when the code shows it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub binding: Option<Binding>,
    /// The code names the field in its own language's convention (a C# property `TotalCents`),
    /// not as the wire spells it: any wire name with the same naming key is this field.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub any_case: bool,
    /// The type whose declaration names the field (`OrderDto`), for a field the code declares
    /// rather than reads.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub declared_in: Option<String>,
    /// The declaring type requires the field (a pydantic field without a default): a request
    /// built from the type must send it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub required: bool,
    /// The type of the code's own the field holds (`OrderLine` of a pydantic model's
    /// `lines: list[OrderLine]`), for a field the code declares.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub holds_type: Option<String>,
    /// The fields of the holder's value the read goes through, outermost first: `destination`
    /// of `reply.destination.zip_code` (its holder `reply`), or `amount` for the properties of
    /// a C# `MoneyDto` a response's `PaymentDto` holds in its `Amount`. The read is of the
    /// schema the last of them refers to, not of the holder's own.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub via: Vec<String>,
    /// The reader found the read only because its holder holds what a function of the code's
    /// own returns ([`Binding::Returned`]): without such a function it is no read.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub bound_only: bool,
    /// The string constants the code compares the field's value with (`order.status ===
    /// 'DELIVERED'`, a `switch`'s labels): each one a value the consumer expects it to hold.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub compared: Vec<String>,
}

impl FieldRead {
    /// A read of `field` from `holder` at `line`, nothing else known.
    pub fn new(holder: Option<String>, field: String, line: usize) -> Self {
        FieldRead { holder, field, line, expected_type: None, binding: None, any_case: false, declared_in: None, required: false, holds_type: None, via: Vec::new(), bound_only: false, compared: Vec::new() }
    }
}

/// Where the value a read's holder holds came from, in the scope of the read.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Binding {
    /// The response of a call the file makes, as its placeholder (`http:GET /orders/{}`, or
    /// `grpc:OrderService/GetOrder` for a stub's rpc).
    Response(String),
    /// Data the code received another way: a parsed message, a decoded body.
    Received,
    /// A value the code builds itself: a dict, object or struct literal.
    Built,
    /// A parameter of the function the read is in.
    Parameter,
    /// What the function of the code's own so named returns (`get_order` of `order =
    /// orders.get_order(id)`): resolution makes it the response of the call that function
    /// returns, when the component has one such function ([`crate::resolve::reads`]), and
    /// drops it otherwise.
    Returned(String),
    /// A message received on the channel of this address (`orders.order-placed`): the
    /// parameter of a handler a dispatch table keys by the channel, or a type a consumer bound
    /// to the channel receives.
    Message(String),
}

/// `text` with every `placeholder` replaced by `value`, copied only when it holds one.
pub fn fill_placeholder(text: &mut String, placeholder: &str, value: &str) {
    if text.contains(placeholder) {
        *text = text.replace(placeholder, value);
    }
}

/// Everything one reader found in one file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FileFacts {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub nodes: Vec<NodeFact>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub edges: Vec<EdgeFact>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub units: Vec<UnitFact>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub field_reads: Vec<FieldRead>,
    /// Fields the file's types name otherwise on the wire, as (the code's name, the wire's):
    /// `code` and `failureCode` of Jackson's `@JsonProperty("failureCode") String code`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub renamed_fields: Vec<(String, String)>,
}

impl FileFacts {
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty() && self.edges.is_empty() && self.units.is_empty() && self.field_reads.is_empty() && self.renamed_fields.is_empty()
    }

    /// Adds a node; `props` is a JSON object (anything else is ignored).
    pub fn node(&mut self, kind: &str, name: &str, props: Value, pointer: &str, method: Method) {
        self.nodes.push(NodeFact {
            node_ref: make_ref(kind, name),
            kind: kind.to_string(),
            name: name.to_string(),
            props: object(props),
            pointer: pointer.to_string(),
            method,
            confidence: confidence_of(method),
        });
    }

    pub fn edge(&mut self, from: &str, to: &str, kind: &str, props: Value, pointer: &str, method: Method) {
        self.edges.push(EdgeFact {
            from: from.to_string(),
            to: to.to_string(),
            kind: kind.to_string(),
            props: object(props),
            pointer: pointer.to_string(),
            method,
            confidence: confidence_of(method),
        });
    }

    /// An inferred edge with its confidence.
    pub fn inferred_edge(&mut self, from: &str, to: &str, kind: &str, props: Value, pointer: &str, confidence: f64) {
        self.edge(from, to, kind, props, pointer, Method::Inferred);
        if let Some(edge) = self.edges.last_mut() {
            edge.confidence = confidence;
        }
    }

    pub fn merge(&mut self, other: FileFacts) {
        self.nodes.extend(other.nodes);
        self.edges.extend(other.edges);
        self.units.extend(other.units);
        self.field_reads.extend(other.field_reads);
        self.renamed_fields.extend(other.renamed_fields);
    }
}

/// `kind:name` as Backstage writes refs: the kind lowercased, and the name lowercased for
/// catalog entities. Contract elements keep their case, since it is part of the wire contract:
/// `field:orders-http/Order.created_at`, `operation:orders-http/GET /orders`.
pub fn make_ref(kind: &str, name: &str) -> String {
    let kind = kind.to_lowercase();
    if CASE_KEEPING_KINDS.contains(&kind.as_str()) {
        format!("{kind}:{name}")
    } else {
        format!("{kind}:{}", name.to_lowercase())
    }
}

/// Kinds whose names keep their case in refs.
pub const CASE_KEEPING_KINDS: &[&str] = &["field", "operation", "message", "rpc", "file", "test", "decision", "channel"];

/// Splits a ref into kind and name.
pub fn split_ref(node_ref: &str) -> (&str, &str) {
    node_ref.split_once(':').unwrap_or(("", node_ref))
}

fn confidence_of(method: Method) -> f64 {
    match method {
        Method::Declared | Method::Parsed | Method::Observed => 1.0,
        Method::Inferred => 0.7,
    }
}

fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

/// Holders that name data received from elsewhere without naming what it is.
pub const GENERIC_HOLDERS: &[&str] = &[
    "data", "body", "json", "payload", "result", "res", "resp", "response", "reply", "msg", "message", "event", "evt", "ev", "record", "content", "doc",
    "document", "obj", "item", "entity", "parsed", "decoded",
];

/// Whether a holder's name says nothing of what it holds: one letter, or a generic name.
pub fn is_generic_holder(holder: &str) -> bool {
    holder.chars().count() == 1 || GENERIC_HOLDERS.iter().any(|name| name.eq_ignore_ascii_case(holder))
}

/// `createdAt`, `created_at`, `created-at` and `CreatedAt` all become `createdat`: the key
/// naming-convention checks compare on.
pub fn naming_key(name: &str) -> String {
    if name.is_ascii() {
        return name.bytes().filter(u8::is_ascii_alphanumeric).map(|byte| char::from(byte.to_ascii_lowercase())).collect();
    }
    name.chars().filter(|character| character.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// The naming key of a type's name without the suffixes that say how it travels
/// (`ProfileDto`, `OrderResponse`, `StockPayload` hold a profile, an order, a stock), so a
/// consumer's `profile` meets the provider's `ProfileDto`.
pub fn type_key(name: &str) -> String {
    const SUFFIXES: &[&str] = &["dto", "response", "request", "model", "payload", "resource", "data", "body", "view", "record", "entity"];
    let mut key = naming_key(name);
    while let Some(stripped) = SUFFIXES.iter().find_map(|suffix| key.strip_suffix(suffix).filter(|stripped| stripped.len() >= 3)) {
        key = stripped.to_string();
    }
    key
}
