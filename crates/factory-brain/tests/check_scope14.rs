//! Reads a consumer's check leaves alone, shapes of the seventh planted-mismatch evaluation of
//! 2026-12-07 (orgs built by a helper to test `brain check`, not copies of a public system), org L:
//! names a Fastify route destructures from its own request, and a proto oneof's name.

mod support;

use support::{check_repos as check, finding_summary};

const SHIPMENT_PROTO: &str = "syntax = \"proto3\";\npackage acme.shipment.v1;\n\nservice ShipmentService {\n  rpc GetShipment(GetShipmentRequest) returns (Shipment);\n}\n\nmessage GetShipmentRequest { string shipment_id = 1; }\n\nmessage Address {\n  string line1 = 1;\n  string postal_code = 2;\n}\n\nmessage Home { string instructions = 1; }\nmessage Pickup { string point_id = 1; }\n\nmessage Shipment {\n  string shipment_id = 1;\n  Address destination = 2;\n  oneof delivery {\n    Home home = 3;\n    Pickup pickup = 4;\n  }\n}\n";

const SHIPMENT_SERVER: &str = "package main\n\nimport (\n\t\"net\"\n\n\t\"google.golang.org/grpc\"\n\tpb \"example.com/shipment/gen/acme/shipment/v1\"\n)\n\nfunc main() {\n\tlis, _ := net.Listen(\"tcp\", \":9090\")\n\ts := grpc.NewServer()\n\tpb.RegisterShipmentServiceServer(s, &server{})\n\t_ = s.Serve(lis)\n}\n";

/// portal-ts's findings, its Fastify route `route`, beside a gRPC client of the service.
fn portal_findings(route: &str) -> Vec<String> {
    let client = "import * as grpc from '@grpc/grpc-js';\nimport * as protoLoader from '@grpc/proto-loader';\n\nconst definition = protoLoader.loadSync('proto/acme/shipment/v1/shipment.proto', { oneofs: true });\nconst pkg = grpc.loadPackageDefinition(definition) as any;\nexport const shipments = new pkg.acme.shipment.v1.ShipmentService('shipment-service:9090', grpc.credentials.createInsecure());\n";
    let findings = check(&[
        ("shipment-service", &[("proto/acme/shipment/v1/shipment.proto", SHIPMENT_PROTO), ("main.go", SHIPMENT_SERVER), ("go.mod", "module example.com/shipment\n\ngo 1.22\n"), ("Dockerfile", "FROM golang:1.22\n")]),
        ("portal-ts", &[("src/grpc/shipments.ts", client), ("src/routes/shipments.ts", route), ("package.json", "{\"name\": \"portal-ts\", \"dependencies\": {\"fastify\": \"4.0.0\", \"@grpc/grpc-js\": \"1.10.0\"}}\n"), ("Dockerfile", "FROM node:20\n")]),
    ]);
    finding_summary(&findings)
}

/// `const { orderId, address } = req.body` binds the route's own input: `address.postcode` is no
/// read of the provider's `Address`, however it is named; nor is the oneof `shipment.delivery` of a
/// `Shipment` a field its message lacks.
#[test]
fn a_routes_own_destructured_request_and_a_oneofs_name_are_no_findings() {
    let route = "import { FastifyInstance } from 'fastify';\nimport { shipments } from '../grpc/shipments';\n\nexport async function routes(app: FastifyInstance) {\n  app.post('/shipments', (req, reply) => {\n    const { orderId, address } = req.body;\n    reply.send({ order: orderId, postcode: address.postcode, country: address.country });\n  });\n  app.get('/shipments/:id', (req, reply) => {\n    shipments.GetShipment({ shipment_id: req.params.id }, (err, shipment) => reply.send({ delivery: shipment.delivery }));\n  });\n}\n";
    insta::assert_debug_snapshot!(portal_findings(route), @"[]");
}

/// Near miss: the same reads of an `address` the route did not take from its request (a value
/// named like the provider's `Address`) are the provider's, and `country` is no field of it.
#[test]
fn an_address_not_from_the_routes_request_is_checked() {
    let route = "import { FastifyInstance } from 'fastify';\nimport { shipments } from '../grpc/shipments';\n\nexport async function routes(app: FastifyInstance, address: any) {\n  app.post('/shipments', (req, reply) => {\n    const { orderId } = req.body;\n    reply.send({ order: orderId, postcode: address.postcode, country: address.country });\n  });\n}\n";
    insta::assert_debug_snapshot!(portal_findings(route), @r#"
    [
        "missing-field country api:acme.shipment.v1.shipmentservice",
        "missing-field postcode api:acme.shipment.v1.shipmentservice",
    ]
    "#);
}

/// An OpenAPI provider answering `GET /orders/{id}` with an `Order` of `id` and `total`.
const ORDERS_OPENAPI: &str = "openapi: 3.0.3\ninfo: {title: orders, version: '1'}\npaths:\n  /orders/{id}:\n    get:\n      operationId: getOrder\n      parameters:\n        - {name: id, in: path, required: true, schema: {type: string}}\n      responses:\n        '200':\n          description: the order\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/Order'\ncomponents:\n  schemas:\n    Order:\n      type: object\n      properties:\n        id: {type: string}\n        total: {type: number}\n";

/// The findings of a Python consumer of the orders API whose function body is `body`.
fn billing_findings(body: &str) -> Vec<String> {
    let code = format!("import requests\n\ndef invoice(order_id):\n    order = requests.get(f\"http://orders:8080/orders/{{order_id}}\").json()\n{body}");
    let findings = check(&[
        ("orders", &[("openapi.yaml", ORDERS_OPENAPI), ("main.py", "print('orders')\n"), ("Dockerfile", "FROM python:3.12\n")]),
        ("billing", &[("app/invoice.py", code.as_str()), ("requirements.txt", "requests==2.32.0\n"), ("Dockerfile", "FROM python:3.12\n")]),
    ]);
    finding_summary(&findings)
}

/// A key the code only sets on a response it holds (`order["note"] = ..`, as search-indexer-py of
/// org K sets `doc["price"]`) is no field it reads.
#[test]
fn a_key_the_code_sets_is_no_read() {
    insta::assert_debug_snapshot!(billing_findings("    order[\"note\"] = \"paid\"\n    return order[\"total\"]\n"), @"[]");
}

/// Near miss: the same key read is a field the provider lacks.
#[test]
fn a_key_the_code_reads_is_checked() {
    insta::assert_debug_snapshot!(billing_findings("    return order[\"note\"], order[\"total\"]\n"), @r#"
    [
        "missing-field note api:orders",
    ]
    "#);
}
