//! Rpcs called on a stub another module of the component builds and exports: shapes of the
//! seventh planted-mismatch evaluation of 2026-12-07 (orgs built by a helper to test `brain
//! check`, not copies of a public system), org L's portal-ts, whose src/grpc/shipments.ts
//! exports `shipments = new pkg.acme.shipment.v1.ShipmentService(..)` and whose routes call
//! `shipments.GetShipment(..)` and `shipments.RescheduleShipment(..)` after importing it.

mod support;

use support::{check_repos as check, finding_summary};

const SHIPMENT_PROTO: &str = "syntax = \"proto3\";\npackage acme.shipment.v1;\n\nservice ShipmentService {\n  rpc GetShipment(GetShipmentRequest) returns (Shipment);\n  rpc CancelShipment(CancelShipmentRequest) returns (Shipment);\n}\n\nmessage GetShipmentRequest { string shipment_id = 1; }\nmessage CancelShipmentRequest { string shipment_id = 1; }\n\nmessage Shipment {\n  string shipment_id = 1;\n  string order_id = 2;\n}\n";

const SHIPMENT_SERVER: &str = "package main\n\nimport (\n\t\"net\"\n\n\t\"google.golang.org/grpc\"\n\tpb \"example.com/shipment/gen/acme/shipment/v1\"\n)\n\nfunc main() {\n\tlis, _ := net.Listen(\"tcp\", \":9090\")\n\ts := grpc.NewServer()\n\tpb.RegisterShipmentServiceServer(s, &server{})\n\t_ = s.Serve(lis)\n}\n";

/// The routes of portal-ts: reads `shipment.orderId` of GetShipment's reply (proto-loader keeps
/// the proto's case), calls an rpc the service lacks, and reads its own request's `date`.
const ROUTES: &str = "import { FastifyInstance } from 'fastify';\nimport { shipments } from '../grpc/shipments';\n\nexport async function shipmentRoutes(app: FastifyInstance) {\n  app.get('/shipments/:id', (req, reply) => {\n    shipments.GetShipment({ shipment_id: req.params.id }, (err: Error | null, shipment: any) => {\n      reply.send({ id: shipment.shipment_id, order: shipment.orderId });\n    });\n  });\n  app.post('/shipments/:id/reschedule', (req, reply) => {\n    shipments.RescheduleShipment({ shipment_id: req.params.id, new_date: req.body.date }, (err: Error | null) => reply.code(204).send());\n  });\n}\n";

/// portal-ts's findings, its src/grpc/shipments.ts being `client`.
fn portal_findings(client: &str) -> Vec<String> {
    let findings = check(&[
        ("shipment-service", &[("proto/acme/shipment/v1/shipment.proto", SHIPMENT_PROTO), ("main.go", SHIPMENT_SERVER), ("go.mod", "module example.com/shipment\n\ngo 1.22\n"), ("Dockerfile", "FROM golang:1.22\n")]),
        ("portal-ts", &[("src/grpc/shipments.ts", client), ("src/routes/shipments.ts", ROUTES), ("package.json", "{\"name\": \"portal-ts\", \"dependencies\": {\"fastify\": \"4.0.0\", \"@grpc/grpc-js\": \"1.10.0\"}}\n"), ("Dockerfile", "FROM node:20\n")]),
    ]);
    finding_summary(&findings)
}

/// The module exporting the stub; `keepCase: true` keeps the proto's names in replies.
const STUB_MODULE: &str = "import * as grpc from '@grpc/grpc-js';\nimport * as protoLoader from '@grpc/proto-loader';\n\nconst definition = protoLoader.loadSync('acme/shipment/v1/shipment.proto', { keepCase: true });\nconst pkg = grpc.loadPackageDefinition(definition) as any;\n\nexport const shipments = new pkg.acme.shipment.v1.ShipmentService('shipment-service:9090', grpc.credentials.createInsecure());\n";

/// The imported `shipments` is the other module's stub of `ShipmentService`: its reply read as
/// proto-loader names it, an rpc it lacks.
#[test]
fn rpcs_on_a_stub_imported_from_another_module_are_checked() {
    insta::assert_debug_snapshot!(portal_findings(STUB_MODULE), @r#"
    [
        "consumed-operation-missing RescheduleShipment api:acme.shipment.v1.shipmentservice",
        "naming-mismatch orderId api:acme.shipment.v1.shipmentservice",
    ]
    "#);
}

/// Near miss: the module builds the stub but keeps it to itself (no export), so the routes'
/// `shipments` is something else and calls no rpc.
#[test]
fn a_name_imported_from_a_module_exporting_no_stub_calls_no_rpc() {
    let private = STUB_MODULE.replace("export const shipments", "const shipments");
    insta::assert_debug_snapshot!(portal_findings(&private), @"[]");
}

/// notify's findings: `notify/grpc.py` builds a module-level stub; the messages module imports
/// it and reads `field` of a reply.
fn notify_findings(imported: &str, field: &str) -> Vec<String> {
    let stub = "import grpc\nfrom acme.shipment.v1 import shipment_pb2_grpc\n\n_channel = grpc.insecure_channel(\"shipment-service:9090\")\nstub = shipment_pb2_grpc.ShipmentServiceStub(_channel)\n";
    let messages = format!("from acme.shipment.v1 import shipment_pb2\nfrom notify.grpc import {imported}\n\n\ndef text(shipment_id):\n    reply = {imported}.GetShipment(shipment_pb2.GetShipmentRequest(shipment_id=shipment_id))\n    return reply.{field}\n");
    let findings = check(&[
        ("shipment-service", &[("proto/acme/shipment/v1/shipment.proto", SHIPMENT_PROTO), ("main.go", SHIPMENT_SERVER), ("go.mod", "module example.com/shipment\n\ngo 1.22\n"), ("Dockerfile", "FROM golang:1.22\n")]),
        ("notify", &[("notify/grpc.py", stub), ("notify/messages.py", messages.as_str()), ("requirements.txt", "grpcio==1.64.0\n"), ("Dockerfile", "FROM python:3.12\n")]),
    ]);
    finding_summary(&findings)
}

/// A Python module's top-level stub, imported by name: its reply's `orderId` is `order_id`.
#[test]
fn a_python_stub_imported_from_another_module_is_checked() {
    insta::assert_debug_snapshot!(notify_findings("stub", "orderId"), @r#"
    [
        "naming-mismatch orderId api:acme.shipment.v1.shipmentservice",
    ]
    "#);
}

/// Near miss: the reply's field as the proto names it.
#[test]
fn a_python_imported_stubs_reply_read_right_is_no_finding() {
    insta::assert_debug_snapshot!(notify_findings("stub", "order_id"), @"[]");
}

/// A wrapper in a third module returning the reply of an rpc on the imported stub: the reads of
/// what it returns are of that rpc's reply.
#[test]
fn a_wrapper_of_an_imported_stubs_rpc_is_followed() {
    let stub = "import grpc\nfrom acme.shipment.v1 import shipment_pb2_grpc\n\n_channel = grpc.insecure_channel(\"shipment-service:9090\")\nstub = shipment_pb2_grpc.ShipmentServiceStub(_channel)\n";
    let shipments = "from acme.shipment.v1 import shipment_pb2\nfrom notify.grpc import stub\n\n\ndef get_shipment(shipment_id):\n    return stub.GetShipment(shipment_pb2.GetShipmentRequest(shipment_id=shipment_id))\n";
    let messages = "from notify.shipments import get_shipment\n\n\ndef text(shipment_id):\n    shipment = get_shipment(shipment_id)\n    return f\"{shipment.shipment_id}: {shipment.orderId}\"\n";
    let findings = check(&[
        ("shipment-service", &[("proto/acme/shipment/v1/shipment.proto", SHIPMENT_PROTO), ("main.go", SHIPMENT_SERVER), ("go.mod", "module example.com/shipment\n\ngo 1.22\n"), ("Dockerfile", "FROM golang:1.22\n")]),
        ("notify", &[("notify/grpc.py", stub), ("notify/shipments.py", shipments), ("notify/messages.py", messages), ("requirements.txt", "grpcio==1.64.0\n"), ("Dockerfile", "FROM python:3.12\n")]),
    ]);
    insta::assert_debug_snapshot!(finding_summary(&findings), @r#"
    [
        "naming-mismatch orderId api:acme.shipment.v1.shipmentservice",
    ]
    "#);
}
