//! An AMQP consumer binding routing keys held by an object of another file, against a provider
//! whose AsyncAPI 2 document says `subscribe` for what it publishes: a shape of the ninth
//! planted-mismatch evaluation of 2026-12-07 (orgs built by a helper to test `brain check`, not
//! copies of a public system), org Q's dispatch-console (`channel.bindQueue(queue,
//! TRACKING_EXCHANGE, ROUTING_KEYS.DELAYED)`, `ROUTING_KEYS` in `routingKeys.ts`) and
//! tracking-publisher, whose pika code sends every event through one exchange with the routing
//! key its event class holds, so its code names none of the document's channels.

mod support;

use support::{check_repos as check, finding_summary, org, summary};

const SPEC: &str = "asyncapi: 2.6.0\ninfo: {title: Tracking events, version: 1.0.0}\nchannels:\n  shipment.delayed:\n    bindings:\n      amqp:\n        is: routingKey\n        exchange: {name: tracking, type: topic}\n    subscribe:\n      operationId: shipmentDelayed\n      message:\n        name: ShipmentDelayed\n        payload:\n          type: object\n          properties:\n            shipmentId: {type: string}\n            newEta: {type: string, format: date-time}\n";
const PUBLISHER: &str = "import json\n\nimport pika\n\nEXCHANGE = \"tracking\"\n\n\nclass Publisher:\n    def __init__(self, url):\n        self._channel = pika.BlockingConnection(pika.URLParameters(url)).channel()\n\n    def publish(self, event):\n        self._channel.basic_publish(exchange=EXCHANGE, routing_key=event.routing_key, body=json.dumps(event.payload()))\n";
const KEYS: &str = "export const TRACKING_EXCHANGE = 'tracking';\n\nexport const ROUTING_KEYS = {\n  DELAYED: 'shipment.delayed',\n} as const;\n";
const CONSUMER: &str = "import amqp from 'amqplib';\nimport { ROUTING_KEYS, TRACKING_EXCHANGE } from './routingKeys.js';\n\nexport interface ShipmentDelayed {\n  shipmentId: string;\n  newEta: ETA;\n}\n\nexport async function start(): Promise<void> {\n  const connection = await amqp.connect('amqp://rabbitmq:5672');\n  const channel = await connection.createChannel();\n  const { queue } = await channel.assertQueue('dispatch.tracking', { durable: true });\n  await channel.bindQueue(queue, TRACKING_EXCHANGE, ROUTING_KEYS.DELAYED);\n  await channel.consume(queue, (msg) => {\n    if (!msg) return;\n    const evt = JSON.parse(msg.content.toString()) as ShipmentDelayed;\n    console.log(evt.shipmentId, new Date(evt.newEta));\n  });\n}\n";

fn repos(eta: &str) -> Vec<(String, Vec<(String, String)>)> {
    let file = |path: &str, text: &str| (path.to_string(), text.to_string());
    vec![
        ("tracking".to_string(), vec![file("asyncapi.yaml", SPEC), file("tracking/publisher.py", PUBLISHER), file("requirements.txt", "pika==1.3.2\n"), file("Dockerfile", "FROM python:3.12\n")]),
        ("dispatch".to_string(), vec![file("src/events/routingKeys.ts", KEYS), file("src/events/consumer.ts", &CONSUMER.replace("ETA", eta)), file("package.json", "{\"name\": \"dispatch\", \"dependencies\": {\"amqplib\": \"0.10.4\"}}\n"), file("Dockerfile", "FROM node:20\n")]),
    ]
}

fn listed(repos: &[(String, Vec<(String, String)>)]) -> Vec<(&str, Vec<(&str, &str)>)> {
    repos.iter().map(|(name, files)| (name.as_str(), support::borrowed(files))).collect()
}

/// The bound key is `ROUTING_KEYS.DELAYED`'s value, the document's channel is one tracking
/// publishes, and the consumer's `newEta: number` is not the message's string.
#[test]
fn a_routing_key_of_an_object_binds_the_providers_channel() {
    let repos = repos("number");
    let borrowed = listed(&repos);
    let repos: Vec<(&str, &[(&str, &str)])> = borrowed.iter().map(|(name, files)| (*name, files.as_slice())).collect();
    insta::assert_snapshot!(summary(&org(&repos)).lines().filter(|line| line.contains("depends_on")).collect::<Vec<_>>().join("\n"), @"component:tracking -depends_on-> component:dispatch");
    assert_eq!(finding_summary(&check(&repos)), ["type-mismatch newEta api:tracking-events"]);
}

/// Near miss: the consumer takes the string the message holds.
#[test]
fn the_messages_own_types_are_no_finding() {
    let repos = repos("string");
    let borrowed = listed(&repos);
    let repos: Vec<(&str, &[(&str, &str)])> = borrowed.iter().map(|(name, files)| (*name, files.as_slice())).collect();
    assert_eq!(finding_summary(&check(&repos)), Vec::<String>::new());
}

/// Near miss: an `operationId` that names the way (`onShipmentDelayed`: tracking receives it)
/// stands, so nothing links the two services by the channel.
#[test]
fn a_direction_the_operation_id_names_stands() {
    let mut repos = repos("number");
    repos[0].1[0].1 = SPEC.replace("operationId: shipmentDelayed", "operationId: onShipmentDelayed");
    let borrowed = listed(&repos);
    let repos: Vec<(&str, &[(&str, &str)])> = borrowed.iter().map(|(name, files)| (*name, files.as_slice())).collect();
    insta::assert_snapshot!(summary(&org(&repos)).lines().filter(|line| line.contains("depends_on")).collect::<Vec<_>>().join("\n"), @"");
}

/// Near miss: a member of that name declared in a folder the consumer shares nothing with (a
/// monorepo's other tool) names no channel of the consumer's.
#[test]
fn a_member_declared_far_away_binds_nothing() {
    let mut repos = repos("number");
    repos[1].1[0].0 = "tools/seed/routingKeys.ts".to_string();
    let borrowed = listed(&repos);
    let repos: Vec<(&str, &[(&str, &str)])> = borrowed.iter().map(|(name, files)| (*name, files.as_slice())).collect();
    insta::assert_snapshot!(summary(&org(&repos)).lines().filter(|line| line.contains("depends_on")).collect::<Vec<_>>().join("\n"), @"");
}
