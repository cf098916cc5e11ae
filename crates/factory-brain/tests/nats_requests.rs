//! NATS request/reply: the asker calls whoever subscribes to the subject.

mod support;

use support::{channel_edges, org, summary};

/// moorara's microservices-demo: the GraphQL service (node-nats 1.x) asks the asset service
/// through `this.conn.requestOne(subject, JSON.stringify(request), {}, timeout, resp => ..)`
/// with `const subject = 'asset_service'`, which the Go asset service answers after
/// `conn.QueueSubscribe(subject, queueGroup, ..)`, and replies with `conn.Publish(subject, ..)`
/// in `reply(conn, subject string, ..)`, the parameter (the reply inbox, `msg.Reply`) and not
/// the constant; a Go client's `nc.Request("sensor_service",
/// data, time.Second)` asks too. A file with no NATS client calling `request(url, cb)` (the
/// `request` HTTP library) asks no subject.
#[test]
fn a_nats_request_calls_the_subjects_subscriber() {
    let asker = "const nats = require('nats')\n\nconst subject = 'asset_service'\nconst timeout = 1000\n\nclass AssetService {\n  constructor (conn) { this.conn = conn }\n\n  sendRequest (request, callback) {\n    this.conn.requestOne(subject, JSON.stringify(request), {}, timeout, resp => callback(null, JSON.parse(resp)))\n  }\n}\n\nmodule.exports = AssetService\n";
    let http = "const request = require('request')\n\nconst subject = 'sensor_service'\n\nfunction fetchSensors (callback) {\n  request(subject, callback)\n}\n\nmodule.exports = fetchSensors\n";
    let answerer = "package transport\n\nimport \"github.com/nats-io/go-nats\"\n\nconst (\n\tsubject    = \"asset_service\"\n\tqueueGroup = \"workers\"\n)\n\nfunc Listen(conn *nats.Conn) error {\n\t_, err := conn.QueueSubscribe(subject, queueGroup, func(msg *nats.Msg) {\n\t\treply(conn, msg.Reply, []byte(\"ok\"))\n\t})\n\treturn err\n}\n\nfunc reply(conn *nats.Conn, subject string, data []byte) {\n\tconn.Publish(subject, data)\n}\n";
    let go_asker = "package client\n\nimport (\n\t\"time\"\n\n\t\"github.com/nats-io/nats.go\"\n)\n\nfunc Ask(nc *nats.Conn, data []byte) (*nats.Msg, error) {\n\treturn nc.Request(\"sensor_service\", data, time.Second)\n}\n";
    let sensor = "package transport\n\nimport \"github.com/nats-io/nats.go\"\n\nfunc Listen(nc *nats.Conn) {\n\tnc.Subscribe(\"sensor_service\", func(m *nats.Msg) {})\n}\n";
    let compose = "services:\n  graphql-service:\n    build: ./graphql\n  asset-service:\n    build: ./asset\n  sensor-service:\n    build: ./sensor\n  gateway:\n    build: ./gateway\n";
    let resolved = org(&[(
        "demo",
        &[
            ("docker-compose.yml", compose),
            ("graphql/package.json", "{\"name\": \"graphql\", \"dependencies\": {\"nats\": \"1.4.9\"}}\n"),
            ("graphql/src/services/asset.js", asker),
            ("graphql/src/services/sensors.js", http),
            ("asset/go.mod", "module asset\n"),
            ("asset/internal/transport/nats.go", answerer),
            ("sensor/go.mod", "module sensor\n"),
            ("sensor/transport.go", sensor),
            ("gateway/go.mod", "module gateway\n"),
            ("gateway/client/ask.go", go_asker),
        ],
    )]);
    insta::assert_snapshot!(format!("{}\n{}", channel_edges(&resolved), summary(&resolved)), @r#"
    component:asset-service -subscribes-> channel:asset_service
    component:gateway -publishes-> channel:sensor_service
    component:graphql-service -publishes-> channel:asset_service
    component:sensor-service -subscribes-> channel:sensor_service
    component:asset-service repo="demo" root="asset"
    component:gateway repo="demo" root="gateway"
    component:graphql-service repo="demo" root="graphql"
    component:sensor-service repo="demo" root="sensor"
    component:gateway -depends_on-> component:sensor-service
    component:graphql-service -depends_on-> component:asset-service
    "#);
}
