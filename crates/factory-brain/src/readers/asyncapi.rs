//! AsyncAPI 2.x and 3.x: channels, their messages and payload fields, and whether the
//! document's own service publishes or subscribes. Messages are named by channel address:
//! `message:billing-events/order.invoiced`.
//!
//! Messages belong to their API, but the channel is the org's: `channel:order.invoiced` is
//! one node whatever document (or code) names it, and the service publishes or subscribes to
//! it as well as to its message, so a publisher and a subscriber documented apart meet there
//! (see [`crate::resolve::channels`]).

use serde_json::{json, Value};

use crate::model::{make_ref, FileFacts, Method};
use crate::readers::openapi::{add_field, collect_fields, deref, ref_name, slug};
use crate::yaml::{pointer_segment, text};
use crate::API_PLACEHOLDER;

pub fn read(document: &Value) -> Result<FileFacts, String> {
    let mut facts = FileFacts::default();
    let version = text(document, "asyncapi").unwrap_or("").to_string();
    let info = document.get("info").cloned().unwrap_or(Value::Null);
    let title = text(&info, "title").unwrap_or("").to_string();
    let api = make_ref("api", API_PLACEHOLDER);
    facts.node(
        "api",
        API_PLACEHOLDER,
        json!({"type": "asyncapi", "spec_version": version, "title": title, "version": text(&info, "version"), "default_name": slug(&title)}),
        "/info",
        Method::Parsed,
    );
    let Some(channels) = document.get("channels") else { return Ok(facts) };
    let Some(channels) = channels.as_object() else { return Err("`channels` is not a mapping".to_string()) };
    let version_3 = version.starts_with('3');

    for (channel_key, channel) in channels {
        let channel = deref(document, channel);
        let address = if version_3 { text(channel, "address").unwrap_or(channel_key) } else { channel_key };
        let pointer = format!("/channels/{}", pointer_segment(channel_key));
        let message_name = format!("{API_PLACEHOLDER}/{address}");
        let message_ref = make_ref("message", &message_name);
        let mut payloads = Vec::new();
        let mut actions = Vec::new();
        if version_3 {
            if let Some(messages) = channel.get("messages").and_then(Value::as_object) {
                payloads.extend(messages.iter().map(|(key, message)| {
                    message_payload(document, message).map(|(name, payload)| if name == "Payload" { (key.clone(), payload) } else { (name, payload) })
                }));
            }
            if let Some(operations) = document.get("operations").and_then(Value::as_object) {
                for operation in operations.values() {
                    let channel_ref = operation.pointer("/channel/$ref").and_then(Value::as_str).unwrap_or("");
                    if channel_ref.rsplit('/').next() == Some(pointer_segment(channel_key).as_str()) {
                        actions.push((if text(operation, "action") == Some("receive") { "subscribes" } else { "publishes" }, true));
                    }
                }
            }
        } else {
            for (verb, edge) in [("publish", "publishes"), ("subscribe", "subscribes")] {
                let Some(operation) = channel.get(verb) else { continue };
                actions.push(direction_named(operation).map_or((edge, false), |named| (named, true)));
                if let Some(message) = operation.get("message") {
                    match message.get("oneOf").and_then(Value::as_array) {
                        Some(options) => payloads.extend(options.iter().map(|option| message_payload(document, option))),
                        None => payloads.push(message_payload(document, message)),
                    }
                }
            }
        }
        facts.node("message", &message_name, json!({"channel": address}), &pointer, Method::Parsed);
        facts.edge(&api, &message_ref, "defines", Value::Null, &pointer, Method::Parsed);
        if !actions.is_empty() {
            facts.node("channel", address, Value::Null, &pointer, Method::Parsed);
        }
        for (action, named) in actions {
            // AsyncAPI 3's `action`, or an `operationId` naming the way, stands against what the
            // org's code suggests.
            let props = if named { json!({"direction": "named"}) } else { Value::Null };
            facts.edge("self", &message_ref, action, props.clone(), &pointer, Method::Parsed);
            facts.edge("self", &make_ref("channel", address), action, props, &pointer, Method::Parsed);
        }
        for (payload_name, payload) in payloads.into_iter().flatten() {
            let mut fields = Vec::new();
            collect_fields(document, &payload, &payload_name, 0, &mut fields);
            for field in fields {
                add_field(&mut facts, &api, &field, &pointer);
                let field_ref = make_ref("field", &format!("{API_PLACEHOLDER}/{}", field.name));
                facts.edge(&message_ref, &field_ref, "uses", json!({"in": "payload"}), &pointer, Method::Parsed);
            }
        }
    }
    Ok(facts)
}

/// AsyncAPI 2's `publish` and `subscribe` are written both ways: the spec's (`publish` is what
/// the application receives) and the plain reading (`publish` is what it sends), which most
/// documents follow and so does this reader. An `operationId` that says which way
/// (`receiveLightMeasurement`, `onOrderCreated`, `sendInvoice`) decides instead, and the
/// document's own service's code over both, once the org is resolved
/// (`resolve::channels::settle_asyncapi2_directions`).
fn direction_named(operation: &Value) -> Option<&'static str> {
    let id = text(operation, "operationId")?;
    let first_word: String = id.chars().take_while(|character| character.is_ascii_lowercase()).collect();
    match first_word.as_str() {
        "on" | "receive" | "consume" | "handle" | "listen" | "process" | "subscribe" => Some("subscribes"),
        "send" | "publish" | "emit" | "produce" | "announce" | "notify" => Some("publishes"),
        _ => None,
    }
}

/// A message's payload schema and the name its fields go under (the schema's name when it
/// is a named schema, else the message's name).
fn message_payload(document: &Value, message: &Value) -> Option<(String, Value)> {
    let message_name = ref_name(message).map(str::to_string);
    let message = deref(document, message);
    let payload = message.get("payload")?;
    let payload = payload.get("schema").filter(|_| payload.get("schemaFormat").is_some()).unwrap_or(payload);
    let name = ref_name(payload)
        .map(str::to_string)
        .or_else(|| text(message, "name").map(str::to_string))
        .or(message_name)
        .unwrap_or_else(|| "Payload".to_string());
    Some((name, deref(document, payload).clone()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The planted-mismatch evaluation of issue #3 wrote `publish:` for the service that sends
    /// (`publishOrderCreated`); the spec's own example writes `publish:` for the one that
    /// receives (`receiveLightMeasurement`). The operation's name decides when it says.
    #[test]
    fn an_operation_named_for_its_direction_decides_it() {
        let document = |verb: &str, id: &str| {
            serde_json::json!({"asyncapi": "2.6.0", "info": {"title": "T"}, "channels": {"lights": {verb: {"operationId": id, "message": {"payload": {"type": "object"}}}}}})
        };
        let action = |document: Value| read(&document).expect("reads").edges.iter().find(|edge| edge.to == "channel:lights").map(|edge| edge.kind.clone());
        assert_eq!(action(document("publish", "publishLightMeasured")).as_deref(), Some("publishes"));
        assert_eq!(action(document("publish", "receiveLightMeasurement")).as_deref(), Some("subscribes"));
        assert_eq!(action(document("subscribe", "sendTurnOn")).as_deref(), Some("publishes"));
        assert_eq!(action(document("subscribe", "lightsChanged")).as_deref(), Some("subscribes"));
    }
}
