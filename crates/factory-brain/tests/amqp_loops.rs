//! Routing keys bound in a loop over a list the loop's header writes out: pricing-go of the seventh
//! planted-mismatch evaluation of 2026-12-07 (an org built by a helper to test `brain check`, not a
//! copy of a public system) binds its queue with `for _, key := range []string{KeyPriceChanged,
//! KeyProductDiscontinued} { ch.QueueBind(q.Name, key, Exchange, false, nil) }`.

mod support;

use support::{org, summary};

const GO: &str = "FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build -o /bin/app .\nCMD [\"/bin/app\"]\n";
const NODE: &str = "FROM node:20-alpine\nWORKDIR /app\nCOPY . .\nCMD [\"node\", \"index.js\"]\n";
const PYTHON: &str = "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nCMD [\"python\", \"main.py\"]\n";

/// The catalog publishes `product.price-changed`; three consumers bind their queues with keys a
/// loop takes from `keys` (Go's form, then JavaScript's and Python's).
fn graph(go_keys: &str, js_keys: &str, python_keys: &str) -> String {
    let catalog = "const amqp = require('amqplib');\n\nasync function priceChanged(channel, event) {\n  channel.publish('catalog.events', 'product.price-changed', Buffer.from(JSON.stringify(event)));\n}\nmodule.exports = { priceChanged };\n";
    let pricing = format!(
        "package events\n\nimport amqp \"github.com/rabbitmq/amqp091-go\"\n\nconst (\n\tExchange        = \"catalog.events\"\n\tKeyPriceChanged = \"product.price-changed\"\n\tKeyDiscontinued = \"product.discontinued\"\n)\n\nfunc Bind(ch *amqp.Channel, q amqp.Queue) error {{\n\tfor _, key := range []string{{{go_keys}}} {{\n\t\tif err := ch.QueueBind(q.Name, key, Exchange, false, nil); err != nil {{\n\t\t\treturn err\n\t\t}}\n\t}}\n\treturn nil\n}}\n"
    );
    let search = format!(
        "const amqp = require('amqplib');\n\nasync function bind(channel, queue) {{\n  for (const key of [{js_keys}]) {{\n    await channel.bindQueue(queue, 'catalog.events', key);\n  }}\n}}\nmodule.exports = {{ bind }};\n"
    );
    let audit = format!("import pika\n\ndef bind(channel, queue):\n    for key in ({python_keys}):\n        channel.queue_bind(queue=queue, exchange='catalog.events', routing_key=key)\n");
    let compose = "services:\n  rabbitmq:\n    image: rabbitmq:3-management\n  catalog:\n    build: ./catalog\n  pricing:\n    build: ./pricing\n  search:\n    build: ./search\n  audit:\n    build: ./audit\n";
    let resolved = org(&[(
        "shop",
        &[
            ("docker-compose.yml", compose),
            ("catalog/Dockerfile", NODE),
            ("catalog/index.js", catalog),
            ("pricing/Dockerfile", GO),
            ("pricing/events.go", pricing.as_str()),
            ("search/Dockerfile", NODE),
            ("search/index.js", search.as_str()),
            ("audit/Dockerfile", PYTHON),
            ("audit/main.py", audit.as_str()),
        ],
    )]);
    summary(&resolved).lines().filter(|line| line.contains("-depends_on-> component:")).collect::<Vec<_>>().join("\n")
}

/// Each loop's list holds the catalog's key: the catalog's messages reach each consumer.
#[test]
fn keys_a_loops_header_lists_are_each_bound() {
    insta::assert_snapshot!(graph("KeyPriceChanged, KeyDiscontinued", "'product.price-changed', 'product.discontinued'", "\"product.price-changed\", \"product.discontinued\""), @r#"
    component:catalog -depends_on-> component:audit
    component:catalog -depends_on-> component:pricing
    component:catalog -depends_on-> component:search
    "#);
}

/// Near miss: lists without the catalog's key bind nothing the catalog publishes.
#[test]
fn keys_a_loop_lists_none_of_which_is_published_link_nobody() {
    insta::assert_snapshot!(graph("KeyDiscontinued", "'product.discontinued'", "\"product.discontinued\", \"product.created\""), @"");
}
