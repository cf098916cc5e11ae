//! `.proto` files, by plain lexing: the package, services and their rpcs, messages and their
//! fields with JSON names. A service is `api:<package>.<service>`; messages and fields belong
//! to the package: `message:hipstershop/Cart`, `field:hipstershop/Cart.user_id`.

use serde_json::{Value, json};

use crate::model::{FileFacts, Method, make_ref};

pub fn read(text: &str) -> Result<FileFacts, String> {
    let tokens = tokenize(&strip_comments(text));
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
                facts.node(
                    "api",
                    &package,
                    json!({"type": "proto"}),
                    "package",
                    Method::Parsed,
                );
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
            "oneof"
                if messages.last().is_some_and(|(_, body)| *body == depth)
                    && tokens.get(index + 2).map(String::as_str) == Some("{") =>
            {
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
                facts.node(
                    "message",
                    &format!("{api}/{qualified}"),
                    Value::Null,
                    &format!("message {qualified}"),
                    Method::Parsed,
                );
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
                let api_name = if package.is_empty() {
                    name.clone()
                } else {
                    format!("{package}.{name}")
                };
                facts.node(
                    "api",
                    &api_name,
                    json!({"type": "grpc", "grpc_service": name, "package": package}),
                    &format!("service {name}"),
                    Method::Parsed,
                );
                if !package.is_empty() {
                    facts.edge(
                        &make_ref("api", &api_name),
                        &make_ref("api", &package),
                        "part_of",
                        Value::Null,
                        &format!("service {name}"),
                        Method::Parsed,
                    );
                }
                services.push((api_name, depth + 1));
                index += 2;
                continue;
            }
            "rpc" if services.last().is_some_and(|(_, body)| *body == depth) => {
                // rpc Name ( [stream] Req ) returns ( [stream] Resp )
                let name = tokens.get(index + 1).cloned().unwrap_or_default();
                let rest: Vec<&str> = tokens[index + 2..]
                    .iter()
                    .take(12)
                    .map(String::as_str)
                    .collect();
                let types: Vec<&str> = rest
                    .iter()
                    .copied()
                    .filter(|token| !matches!(*token, "(" | ")" | "stream" | "returns"))
                    .take(2)
                    .collect();
                let (service, _) = services.last().cloned().unwrap_or_default();
                let rpc_name = format!("{}/{name}", service.to_lowercase());
                let rpc_ref = make_ref("rpc", &rpc_name);
                facts.node(
                    "rpc",
                    &rpc_name,
                    json!({"request": types.first(), "response": types.get(1)}),
                    &format!("rpc {name}"),
                    Method::Parsed,
                );
                facts.edge(
                    &make_ref("api", &service),
                    &rpc_ref,
                    "defines",
                    Value::Null,
                    &format!("rpc {name}"),
                    Method::Parsed,
                );
                let api = package_name(&package);
                for (position, message) in types.iter().enumerate() {
                    let message = message.rsplit('.').next().unwrap_or(message);
                    let direction = if position == 0 { "request" } else { "response" };
                    facts.edge(
                        &rpc_ref,
                        &make_ref("message", &format!("{api}/{message}")),
                        "uses",
                        json!({"in": direction}),
                        &format!("rpc {name}"),
                        Method::Parsed,
                    );
                }
            }
            _ if messages.last().is_some_and(|(_, body)| *body == depth)
                || oneofs.last().is_some_and(|(_, body)| *body == depth) =>
            {
                let oneof = oneofs
                    .last()
                    .filter(|(_, body)| *body == depth)
                    .map(|(name, _)| name.as_str());
                if let Some(consumed) = field(
                    &tokens[index..],
                    &package,
                    messages.last().map(|(name, _)| name.as_str()).unwrap_or(""),
                    oneof,
                    &mut facts,
                ) {
                    index += consumed;
                    continue;
                }
            }
            _ => {}
        }
        index += 1;
    }
    if depth != 0 {
        return Err(format!(
            "unbalanced braces: {depth} `{{` not closed (of {opened})"
        ));
    }
    Ok(facts)
}

/// `[repeated|optional] type name = N [options];` inside a message (or a `oneof` group of
/// it). Returns tokens consumed.
fn field(
    tokens: &[String],
    package: &str,
    message: &str,
    oneof: Option<&str>,
    facts: &mut FileFacts,
) -> Option<usize> {
    let mut at = 0;
    let mut label = None;
    if matches!(
        tokens.first()?.as_str(),
        "repeated" | "optional" | "required"
    ) {
        label = Some(tokens[0].clone());
        at = 1;
    }
    let mut field_type = tokens.get(at)?.clone();
    if matches!(
        field_type.as_str(),
        "message" | "enum" | "oneof" | "reserved" | "option" | "extensions" | "{" | "}" | ";"
    ) {
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
    let end = tokens
        .iter()
        .skip(name_at)
        .position(|token| token == ";")
        .map(|offset| name_at + offset)?;
    let options = tokens.get(name_at + 3..end).unwrap_or_default();
    let json_name = options
        .iter()
        .position(|token| token == "json_name")
        .and_then(|position| options.get(position + 2))
        .map(|value| value.trim_matches('"').to_string())
        .unwrap_or_else(|| lower_camel(&name));
    let api = package_name(package);
    let field_name = format!("{api}/{message}.{name}");
    let type_text = match label.as_deref() {
        Some("repeated") => format!("array<{field_type}>"),
        Some("optional") => format!("{field_type}?"),
        _ => field_type,
    };
    let mut props = json!({"wire_name": name, "json_name": json_name, "type": type_text, "number": number, "required": false});
    if let Some(oneof) = oneof {
        props["oneof"] = json!(oneof);
    }
    facts.node(
        "field",
        &field_name,
        props,
        &format!("message {message}"),
        Method::Parsed,
    );
    facts.edge(
        &make_ref("message", &format!("{api}/{message}")),
        &make_ref("field", &field_name),
        "uses",
        Value::Null,
        &format!("message {message}"),
        Method::Parsed,
    );
    facts.edge(
        &make_ref("api", &api),
        &make_ref("field", &field_name),
        "defines",
        Value::Null,
        &format!("message {message}"),
        Method::Parsed,
    );
    Some(end + 1)
}

fn package_name(package: &str) -> String {
    if package.is_empty() {
        "proto".to_string()
    } else {
        package.to_lowercase()
    }
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
                let oneof = node
                    .props
                    .get("oneof")
                    .and_then(Value::as_str)
                    .map(str::to_string);
                let json_name = node
                    .props
                    .get("json_name")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string();
                (node.name.clone(), oneof, json_name)
            })
            .collect();
        assert_eq!(
            fields,
            [
                ("shop/Payment.id".to_string(), None, "id".to_string()),
                (
                    "shop/Payment.card".to_string(),
                    Some("method".to_string()),
                    "card".to_string()
                ),
                (
                    "shop/Payment.voucher_code".to_string(),
                    Some("method".to_string()),
                    "voucher".to_string()
                ),
                (
                    "shop/Payment.amount_cents".to_string(),
                    None,
                    "amountCents".to_string()
                ),
                ("shop/Card.number".to_string(), None, "number".to_string()),
            ]
        );
    }
}
