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
