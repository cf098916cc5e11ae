//! Change specs parse into what they say, print back to the same text, and fail with the
//! grammar when they are wrong.

use factory_plan::ChangeSpec;

fn check(specs: &[&str]) -> serde_json::Value {
    specs
        .iter()
        .map(|spec| {
            let parsed = spec.parse::<ChangeSpec>().map(|change| {
                serde_json::json!({
                    "printed": change.to_string(),
                    "entity": change.entity_ref(),
                    "contract": change.contract_ref(),
                    "consumer": change.consumer_ref(),
                    "shape": change.shape(),
                    "wire_name": change.wire_name(),
                    "describe": change.describe(),
                })
            });
            let value = parsed.unwrap_or_else(|error| serde_json::json!({"error": error.to_string()}));
            (spec.to_string(), value)
        })
        .collect::<serde_json::Map<_, _>>()
        .into()
}

#[test]
fn valid_specs_round_trip() {
    insta::assert_json_snapshot!(check(&[
        "field:orders-http/Order.created_at:rename:createdAt",
        "field:orders-http/Order.created_at:add",
        "field:orders-http/Order.total:remove",
        "field:orders-http/Order.total_cents:change-type:string",
        "operation:orders-http/GET /orders:add",
        "message:billing-events/order.invoiced:add-field:currency",
        "message:billing-events/order.invoiced:remove-field:amount_cents",
        "field:orders-http/Order.created_at:consume:web",
        "component:web:change",
        "resource:orders-db:change",
        "resource:order-invoiced-queue:consume:billing-worker",
    ]));
}

#[test]
fn invalid_specs_explain_the_grammar() {
    insta::assert_json_snapshot!(check(&[
        "",
        "field",
        "field:orders-http/Order.created_at",
        "field:Order.created_at:add",
        "field:orders-http/Order.created_at:rename",
        "field:orders-http/Order.created_at:add:extra",
        "operation:orders-http/GET /orders:rename:list",
        "widget:orders-http/x:add",
        "component:web:add",
    ]));
}

#[test]
fn specs_serialise_as_their_text() {
    let change: ChangeSpec = "operation:orders-http/GET /orders:add".parse().expect("parses");
    let json = serde_json::to_string(&change).expect("serialises");
    assert_eq!(json, "\"operation:orders-http/GET /orders:add\"");
    let back: ChangeSpec = serde_json::from_str(&json).expect("deserialises");
    assert_eq!(back, change);
}
