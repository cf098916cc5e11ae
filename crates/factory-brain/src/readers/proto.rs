//! `.proto` files, by plain lexing: the package, services and their rpcs, messages and their
//! fields with JSON names, and the values of the enums fields are typed with (as a field's
//! `enum`, so that a removed value is a breaking change). A service is `api:<package>.<service>`; messages and fields belong
//! to the package: `message:hipstershop/Cart`, `field:hipstershop/Cart.user_id`.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::model::{FileFacts, Method, make_ref};

pub fn read(text: &str) -> Result<FileFacts, String> {
    let tokens = tokenize(&strip_comments(text));
    let enums = enum_values(&tokens);
    let mut facts = FileFacts::default();
    let mut package = String::new();
    let mut index = 0;
    let mut depth = 0usize;
    // Only the top-level declarations and message bodies matter; a small state machine suffices.
    let mut messages: Vec<(String, usize)> = Vec::new(); // (qualified name, depth of its body)
    let mut services: Vec<(String, usize)> = Vec::new();
    // `oneof` groups: their fields belong to the enclosing message.
    let mut oneofs: Vec<(String, usize)> = Vec::new();
    let mut opened = 0usize;
    while index < tokens.len() {
        let token = tokens[index].as_str();
        match token {
            "package" => {
                package = tokens.get(index + 1).cloned().unwrap_or_default();
                facts.node("api", &package, json!({"type": "proto"}), "package", Method::Parsed);
                index += 2;
                continue;
            }
            "{" => {
                depth += 1;
                opened += 1;
            }
            "}" => {
                if depth == 0 {
                    return Err("unbalanced `}`".to_string());
                }
                depth -= 1;
                if messages.last().is_some_and(|(_, body)| *body == depth + 1) {
                    messages.pop();
                }
                if services.last().is_some_and(|(_, body)| *body == depth + 1) {
                    services.pop();
                }
                if oneofs.last().is_some_and(|(_, body)| *body == depth + 1) {
                    oneofs.pop();
                }
            }
            "oneof" if messages.last().is_some_and(|(_, body)| *body == depth) && tokens.get(index + 2).map(String::as_str) == Some("{") => {
                oneofs.push((tokens[index + 1].clone(), depth + 1));
                index += 2;
                continue;
            }
            "message" if tokens.get(index + 2).map(String::as_str) == Some("{") => {
                let name = tokens[index + 1].clone();
                let qualified = match messages.last() {
                    Some((parent, _)) => format!("{parent}.{name}"),
                    None => name,
                };
                let api = package_name(&package);
                facts.node("message", &format!("{api}/{qualified}"), Value::Null, &format!("message {qualified}"), Method::Parsed);
                facts.edge(
                    &make_ref("api", &api),
                    &make_ref("message", &format!("{api}/{qualified}")),
                    "defines",
                    Value::Null,
                    &format!("message {qualified}"),
                    Method::Parsed,
                );
                messages.push((qualified, depth + 1));
                index += 2;
                continue;
            }
            "service" if tokens.get(index + 2).map(String::as_str) == Some("{") => {
                let name = tokens[index + 1].clone();
                let api_name = if package.is_empty() { name.clone() } else { format!("{package}.{name}") };
                facts.node("api", &api_name, json!({"type": "grpc", "grpc_service": name, "package": package}), &format!("service {name}"), Method::Parsed);
                if !package.is_empty() {
                    facts.edge(&make_ref("api", &api_name), &make_ref("api", &package), "part_of", Value::Null, &format!("service {name}"), Method::Parsed);
                }
                services.push((api_name, depth + 1));
                index += 2;
                continue;
            }
            "rpc" if services.last().is_some_and(|(_, body)| *body == depth) => {
                // rpc Name ( [stream] Req ) returns ( [stream] Resp )
                let name = tokens.get(index + 1).cloned().unwrap_or_default();
                let rest: Vec<&str> = tokens[index + 2..].iter().take(12).map(String::as_str).collect();
                let types: Vec<&str> = rest.iter().copied().filter(|token| !matches!(*token, "(" | ")" | "stream" | "returns")).take(2).collect();
                let (service, _) = services.last().cloned().unwrap_or_default();
                let rpc_name = format!("{}/{name}", service.to_lowercase());
                let rpc_ref = make_ref("rpc", &rpc_name);
                facts.node("rpc", &rpc_name, json!({"request": types.first(), "response": types.get(1)}), &format!("rpc {name}"), Method::Parsed);
                facts.edge(&make_ref("api", &service), &rpc_ref, "defines", Value::Null, &format!("rpc {name}"), Method::Parsed);
                let api = package_name(&package);
                for (position, message) in types.iter().enumerate() {
                    let message = message.rsplit('.').next().unwrap_or(message);
                    let direction = if position == 0 { "request" } else { "response" };
                    facts.edge(&rpc_ref, &make_ref("message", &format!("{api}/{message}")), "uses", json!({"in": direction}), &format!("rpc {name}"), Method::Parsed);
                }
                // Routes a gateway transcodes to the rpc (grpc-gateway, Envoy's gRPC-JSON
                // transcoder): operations of the service's API, which HTTP calls match.
                for (method, path) in http_rules(&tokens[index..]) {
                    let operation = format!("{}/{method} {path}", service.to_lowercase());
                    let pointer = format!("rpc {name}");
                    facts.node("operation", &operation, json!({"method": method, "path": path, "rpc": name}), &pointer, Method::Parsed);
                    facts.edge(&make_ref("api", &service), &make_ref("operation", &operation), "defines", Value::Null, &pointer, Method::Parsed);
                }
            }
            _ if messages.last().is_some_and(|(_, body)| *body == depth) || oneofs.last().is_some_and(|(_, body)| *body == depth) => {
                let oneof = oneofs.last().filter(|(_, body)| *body == depth).map(|(name, _)| name.as_str());
                if let Some(consumed) = field(&tokens[index..], &package, messages.last().map(|(name, _)| name.as_str()).unwrap_or(""), oneof, &enums, &mut facts) {
                    index += consumed;
                    continue;
                }
            }
            _ => {}
        }
        index += 1;
    }
    if depth != 0 {
        return Err(format!("unbalanced braces: {depth} `{{` not closed (of {opened})"));
    }
    Ok(facts)
}

/// The HTTP rules of the rpc whose tokens start `tokens` (`rpc Name (..) returns (..) { .. }`):
/// its `option (google.api.http) = { get: "/v1/products/{id}" additional_bindings { .. } }`,
/// as (method, path) with each variable's pattern dropped (`{name=shelves/*}` is `{name}`).
fn http_rules(tokens: &[String]) -> Vec<(String, String)> {
    // The rpc's body, if it has one: from the `{` after `returns ( .. )` to its `}`.
    let Some(returns) = tokens.iter().take(16).position(|token| token == "returns") else {
        return Vec::new();
    };
    let Some(close) = tokens[returns..].iter().position(|token| token == ")").map(|at| returns + at) else {
        return Vec::new();
    };
    if tokens.get(close + 1).map(String::as_str) != Some("{") {
        return Vec::new();
    }
    let mut depth = 0usize;
    let mut end = close + 1;
    for (at, token) in tokens.iter().enumerate().skip(close + 1) {
        match token.as_str() {
            "{" => depth += 1,
            "}" => {
                depth -= 1;
                if depth == 0 {
                    end = at;
                    break;
                }
            }
            _ => {}
        }
    }
    let body = &tokens[close + 1..end];
    let Some(option) = body.windows(3).position(|window| window[0] == "(" && window[1] == "google.api.http" && window[2] == ")") else {
        return Vec::new();
    };
    let mut rules = Vec::new();
    let rest = &body[option..];
    for (at, token) in rest.iter().enumerate() {
        let key = token.trim_end_matches(':');
        let method = match key {
            "get" | "put" | "post" | "delete" | "patch" => key.to_uppercase(),
            _ => continue,
        };
        let value = rest[at + 1..].iter().take(2).find(|token| token.as_str() != ":");
        if let Some(path) = value.and_then(|value| value.strip_prefix('"')).and_then(|value| value.strip_suffix('"')) {
            rules.push((method, without_variable_patterns(path)));
        }
    }
    rules
}

/// `/v1/{name=shelves/*}/books` as `/v1/{name}/books`.
fn without_variable_patterns(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_pattern = false;
    for character in path.chars() {
        match character {
            '=' if out.rfind('{') > out.rfind('}') => in_pattern = true,
            '}' => {
                in_pattern = false;
                out.push(character);
            }
            _ if in_pattern => {}
            _ => out.push(character),
        }
    }
    out
}

/// `[repeated|optional] type name = N [options];` inside a message (or a `oneof` group of
/// it). Returns tokens consumed.
fn field(tokens: &[String], package: &str, message: &str, oneof: Option<&str>, enums: &BTreeMap<String, Vec<String>>, facts: &mut FileFacts) -> Option<usize> {
    let mut at = 0;
    let mut label = None;
    if matches!(tokens.first()?.as_str(), "repeated" | "optional" | "required") {
        label = Some(tokens[0].clone());
        at = 1;
    }
    let mut field_type = tokens.get(at)?.clone();
    if matches!(field_type.as_str(), "message" | "enum" | "oneof" | "reserved" | "option" | "extensions" | "{" | "}" | ";") {
        return None;
    }
    let mut name_at = at + 1;
    if field_type == "map" {
        // map < K , V > name = N;
        let close = tokens.iter().position(|token| token == ">")?;
        field_type = tokens[at..=close].concat();
        name_at = close + 1;
    }
    let name = tokens.get(name_at)?.clone();
    if tokens.get(name_at + 1).map(String::as_str) != Some("=") {
        return None;
    }
    let number = tokens.get(name_at + 2).cloned().unwrap_or_default();
    let end = tokens.iter().skip(name_at).position(|token| token == ";").map(|offset| name_at + offset)?;
    let options = tokens.get(name_at + 3..end).unwrap_or_default();
    let json_name = options
        .iter()
        .position(|token| token == "json_name")
        .and_then(|position| options.get(position + 2))
        .map(|value| value.trim_matches('"').to_string())
        .unwrap_or_else(|| lower_camel(&name));
    let api = package_name(package);
    let field_name = format!("{api}/{message}.{name}");
    let values = enum_of(&field_type, package, message, enums);
    let type_text = match label.as_deref() {
        Some("repeated") => format!("array<{field_type}>"),
        Some("optional") => format!("{field_type}?"),
        _ => field_type,
    };
    let mut props = json!({"wire_name": name, "json_name": json_name, "type": type_text, "number": number, "required": false});
    if let Some(oneof) = oneof {
        props["oneof"] = json!(oneof);
    }
    if let Some(values) = values {
        props["enum"] = json!(values);
    }
    facts.node("field", &field_name, props, &format!("message {message}"), Method::Parsed);
    facts.edge(&make_ref("message", &format!("{api}/{message}")), &make_ref("field", &field_name), "uses", Value::Null, &format!("message {message}"), Method::Parsed);
    facts.edge(&make_ref("api", &api), &make_ref("field", &field_name), "defines", Value::Null, &format!("message {message}"), Method::Parsed);
    Some(end + 1)
}

/// The values of every enum the file declares, by qualified name (`Weather.Condition` for
/// one nested in a message), each in declaration order.
fn enum_values(tokens: &[String]) -> BTreeMap<String, Vec<String>> {
    let mut enums = BTreeMap::new();
    // Messages (and enums) whose bodies are open: (name, depth of the body).
    let mut scopes: Vec<(String, usize)> = Vec::new();
    let mut depth = 0usize;
    let mut index = 0;
    while index < tokens.len() {
        match tokens[index].as_str() {
            "{" => depth += 1,
            "}" => {
                depth = depth.saturating_sub(1);
                if scopes.last().is_some_and(|(_, body)| *body > depth) {
                    scopes.pop();
                }
            }
            "message" if tokens.get(index + 2).map(String::as_str) == Some("{") => {
                scopes.push((tokens[index + 1].clone(), depth + 1));
            }
            "enum" if tokens.get(index + 2).map(String::as_str) == Some("{") => {
                let qualified = scopes.iter().map(|(name, _)| name.as_str()).chain([tokens[index + 1].as_str()]).collect::<Vec<_>>().join(".");
                // `NAME = N [options];` at the body's own depth; `option` and `reserved` are no values.
                let mut values = Vec::new();
                let mut inner = 0usize;
                let mut at = index + 3;
                let mut statement_start = true;
                while let Some(token) = tokens.get(at).map(String::as_str) {
                    match token {
                        "{" | "[" => inner += 1,
                        "}" | "]" if inner > 0 => inner -= 1,
                        "}" => break,
                        ";" => {
                            statement_start = true;
                            at += 1;
                            continue;
                        }
                        _ if inner == 0 && statement_start && !matches!(token, "option" | "reserved") && tokens.get(at + 1).map(String::as_str) == Some("=") => {
                            values.push(token.to_string());
                        }
                        _ => {}
                    }
                    statement_start = false;
                    at += 1;
                }
                enums.insert(qualified, values);
            }
            _ => {}
        }
        index += 1;
    }
    enums
}

/// The values of the enum a field of `message` is typed with, by protobuf's scoping: the type
/// named inside the message (and its parents) first, then at the top of the file, with or
/// without the package (`.shop.Condition`, `shop.Condition`, `Condition`).
fn enum_of(field_type: &str, package: &str, message: &str, enums: &BTreeMap<String, Vec<String>>) -> Option<Vec<String>> {
    let mut name = field_type.trim_start_matches('.');
    if !package.is_empty()
        && let Some(rest) = name.strip_prefix(package).and_then(|rest| rest.strip_prefix('.'))
    {
        name = rest;
    }
    let mut scope = message;
    loop {
        let qualified = if scope.is_empty() { name.to_string() } else { format!("{scope}.{name}") };
        if let Some(values) = enums.get(&qualified) {
            return Some(values.clone());
        }
        if scope.is_empty() {
            return None;
        }
        scope = scope.rsplit_once('.').map_or("", |(parent, _)| parent);
    }
}

fn package_name(package: &str) -> String {
    if package.is_empty() { "proto".to_string() } else { package.to_lowercase() }
}

/// protoc's default JSON name: `user_id` -> `userId`.
pub fn lower_camel(name: &str) -> String {
    let mut out = String::new();
    let mut upper_next = false;
    for character in name.chars() {
        if character == '_' {
            upper_next = true;
        } else if upper_next {
            out.extend(character.to_uppercase());
            upper_next = false;
        } else {
            out.push(character);
        }
    }
    out
}

fn strip_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut in_string = false;
    while let Some(character) = chars.next() {
        if in_string {
            out.push(character);
            if character == '"' {
                in_string = false;
            }
            continue;
        }
        match (character, chars.peek()) {
            ('"', _) => {
                in_string = true;
                out.push(character);
            }
            ('/', Some('/')) => {
                for next in chars.by_ref() {
                    if next == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            ('/', Some('*')) => {
                chars.next();
                let mut previous = ' ';
                for next in chars.by_ref() {
                    if previous == '*' && next == '/' {
                        break;
                    }
                    previous = next;
                }
                out.push(' ');
            }
            _ => out.push(character),
        }
    }
    out
}

fn tokenize(text: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let mut current = String::new();
    let mut in_string = false;
    for character in text.chars() {
        if in_string {
            current.push(character);
            if character == '"' {
                tokens.push(std::mem::take(&mut current));
                in_string = false;
            }
            continue;
        }
        if character == '"' {
            if !current.is_empty() {
                tokens.push(std::mem::take(&mut current));
            }
            current.push(character);
            in_string = true;
        } else if character.is_whitespace() {
            if !current.is_empty() {
                tokens.push(std::mem::take(&mut current));
            }
        } else if "{}()<>;=,[]".contains(character) {
            if !current.is_empty() {
                tokens.push(std::mem::take(&mut current));
            }
            tokens.push(character.to_string());
        } else {
            current.push(character);
        }
    }
    if !current.is_empty() {
        tokens.push(current);
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_typed_with_an_enum_carries_its_values() {
        let facts = read(
            "syntax = \"proto3\";\npackage meteo;\nenum Condition {\n  option allow_alias = true;\n  CONDITION_UNSPECIFIED = 0;\n  CONDITION_SUN = 1 [deprecated = true];\n  reserved 4;\n  CONDITION_FOG = 5;\n}\nmessage Observation {\n  enum Source { SOURCE_UNSPECIFIED = 0; SOURCE_STATION = 1; }\n  Condition condition = 1;\n  repeated .meteo.Condition history = 2;\n  Source source = 3;\n  string station = 4;\n}\n",
        )
        .expect("parses");
        let values = |name: &str| -> Option<Value> {
            facts.nodes.iter().find(|node| node.node_ref == format!("field:meteo/Observation.{name}")).and_then(|node| node.props.get("enum").cloned())
        };
        assert_eq!(values("condition"), Some(json!(["CONDITION_UNSPECIFIED", "CONDITION_SUN", "CONDITION_FOG"])));
        assert_eq!(values("history"), values("condition"));
        assert_eq!(values("source"), Some(json!(["SOURCE_UNSPECIFIED", "SOURCE_STATION"])));
        assert_eq!(values("station"), None);
        // The enum's values are no fields of anything.
        assert_eq!(facts.nodes.iter().filter(|node| node.kind == "field").count(), 4);
    }

    #[test]
    fn an_rpcs_http_rules_are_operations_of_its_service() {
        let text = "syntax = \"proto3\";\npackage coolstore;\nimport \"google/api/annotations.proto\";\nservice CatalogService {\n  rpc GetProducts(GetProductsRequest) returns (GetProductsResponse) {\n    option (google.api.http) = {\n      get: \"/catalog/api/products/{current_page}/{high_price}\"\n    };\n  }\n  rpc UpdateShelf(Shelf) returns (Shelf) {\n    option (google.api.http) = {\n      patch: \"/v1/{name=shelves/*}\"\n      body: \"*\"\n      additional_bindings {\n        post : \"/v1/shelves:update\"\n      }\n    };\n  }\n  rpc Ping(Empty) returns (Empty);\n  rpc Echo(Empty) returns (Empty) {}\n}\n";
        let facts = read(text).expect("parses");
        let operations: Vec<String> = facts.nodes.iter().filter(|node| node.kind == "operation").map(|node| format!("{} {}", node.name, node.props["rpc"])).collect();
        assert_eq!(
            operations,
            [
                "coolstore.catalogservice/GET /catalog/api/products/{current_page}/{high_price} \"GetProducts\"",
                "coolstore.catalogservice/PATCH /v1/{name} \"UpdateShelf\"",
                "coolstore.catalogservice/POST /v1/shelves:update \"UpdateShelf\""
            ]
        );
        let defined = facts.edges.iter().filter(|edge| edge.kind == "defines" && edge.to.starts_with("operation:")).count();
        assert_eq!(defined, 3);
    }

    #[test]
    fn oneof_fields_belong_to_their_message() {
        let facts = read(
            "syntax = \"proto3\";\npackage shop;\nmessage Payment {\n  string id = 1;\n  oneof method {\n    Card card = 2;\n    string voucher_code = 3 [json_name = \"voucher\"];\n  }\n  int64 amount_cents = 4;\n}\nmessage Card { string number = 1; }\n",
        )
        .expect("parses");
        let fields: Vec<(String, Option<String>, String)> = facts
            .nodes
            .iter()
            .filter(|node| node.kind == "field")
            .map(|node| {
                let oneof = node.props.get("oneof").and_then(Value::as_str).map(str::to_string);
                let json_name = node.props.get("json_name").and_then(Value::as_str).unwrap_or_default().to_string();
                (node.name.clone(), oneof, json_name)
            })
            .collect();
        assert_eq!(
            fields,
            [
                ("shop/Payment.id".to_string(), None, "id".to_string()),
                ("shop/Payment.card".to_string(), Some("method".to_string()), "card".to_string()),
                ("shop/Payment.voucher_code".to_string(), Some("method".to_string()), "voucher".to_string()),
                ("shop/Payment.amount_cents".to_string(), None, "amountCents".to_string()),
                ("shop/Card.number".to_string(), None, "number".to_string()),
            ]
        );
    }
}
