//! Fields consumer code names through protobuf's generated code without reading them as
//! members: shapes of the seventh planted-mismatch evaluation of 2026-12-07 (orgs built by a
//! helper to test `brain check`, not copies of a public system), org L: dispatch-go's type switch
//! `case *shipmentv1.Shipment_Locker:` on a oneof `Shipment` has no `locker` member of, and
//! notify-py's `shipment.HasField("estimated_delivery")`.

mod support;

use support::{check_repos as check, finding_summary};

const SHIPMENT_PROTO: &str = "syntax = \"proto3\";\npackage acme.shipment.v1;\n\nservice ShipmentService {\n  rpc GetShipment(GetShipmentRequest) returns (Shipment);\n}\n\nmessage GetShipmentRequest { string shipment_id = 1; }\n\nmessage Home { string instructions = 1; }\nmessage Pickup { string point_id = 1; }\n\nmessage Shipment {\n  string shipment_id = 1;\n  string tracking_url = 2;\n  oneof delivery {\n    Home home = 3;\n    Pickup pickup = 4;\n  }\n}\n";

const SHIPMENT_SERVER: &str = "package main\n\nimport (\n\t\"net\"\n\n\t\"google.golang.org/grpc\"\n\tpb \"example.com/shipment/gen/acme/shipment/v1\"\n)\n\nfunc main() {\n\tlis, _ := net.Listen(\"tcp\", \":9090\")\n\ts := grpc.NewServer()\n\tpb.RegisterShipmentServiceServer(s, &server{})\n\t_ = s.Serve(lis)\n}\n";

/// The shipment service and a consumer `name` with `files`.
fn findings(name: &str, files: &[(&str, &str)]) -> Vec<String> {
    let findings = check(&[
        ("shipment-service", &[("proto/acme/shipment/v1/shipment.proto", SHIPMENT_PROTO), ("main.go", SHIPMENT_SERVER), ("go.mod", "module example.com/shipment\n\ngo 1.22\n"), ("Dockerfile", "FROM golang:1.22\n")]),
        (name, files),
    ]);
    finding_summary(&findings)
}

/// dispatch's findings, its type switch naming the oneof wrapper `member`.
fn dispatch_findings(member: &str) -> Vec<String> {
    let code = format!("package dispatch\n\nimport (\n\t\"context\"\n\n\tshipmentv1 \"github.com/acme/shipment-proto/gen/go/acme/shipment/v1\"\n\t\"google.golang.org/grpc\"\n)\n\nfunc note(ctx context.Context, conn *grpc.ClientConn, id string) string {{\n\tclient := shipmentv1.NewShipmentServiceClient(conn)\n\ts, _ := client.GetShipment(ctx, &shipmentv1.GetShipmentRequest{{ShipmentId: id}})\n\tswitch s.Delivery.(type) {{\n\tcase *shipmentv1.Shipment_Home:\n\t\treturn \"home\"\n\tcase *shipmentv1.Shipment_{member}:\n\t\treturn \"other\"\n\t}}\n\treturn s.GetShipmentId()\n}}\n");
    findings("dispatch", &[("planner.go", code.as_str()), ("go.mod", "module example.com/dispatch\n\ngo 1.22\n"), ("Dockerfile", "FROM golang:1.22\n")])
}

/// `case *shipmentv1.Shipment_Locker:` names a member the oneof lacks.
#[test]
fn a_go_type_switch_naming_a_oneof_member_the_message_lacks_is_a_finding() {
    insta::assert_debug_snapshot!(dispatch_findings("Locker"), @r#"
    [
        "missing-field locker api:acme.shipment.v1.shipmentservice",
    ]
    "#);
}

/// Near miss: a member the oneof has.
#[test]
fn a_go_type_switch_naming_the_oneofs_members_is_no_finding() {
    insta::assert_debug_snapshot!(dispatch_findings("Pickup"), @"[]");
}

/// notify's findings, its reply's presence checked for `field`.
fn notify_findings(field: &str) -> Vec<String> {
    let code = format!("import grpc\nfrom acme.shipment.v1 import shipment_pb2, shipment_pb2_grpc\n\nstub = shipment_pb2_grpc.ShipmentServiceStub(grpc.insecure_channel(\"shipment-service:9090\"))\n\n\ndef text(shipment_id):\n    shipment = stub.GetShipment(shipment_pb2.GetShipmentRequest(shipment_id=shipment_id))\n    if shipment.WhichOneof(\"delivery\") == \"pickup\" and shipment.HasField(\"{field}\"):\n        return \"soon\"\n    return shipment.shipment_id\n");
    findings("notify", &[("notify/messages.py", code.as_str()), ("requirements.txt", "grpcio==1.64.0\n"), ("Dockerfile", "FROM python:3.12\n")])
}

/// `shipment.HasField("estimated_delivery")` checks a field `Shipment` lacks.
#[test]
fn a_presence_check_of_a_field_the_message_lacks_is_a_finding() {
    insta::assert_debug_snapshot!(notify_findings("estimated_delivery"), @r#"
    [
        "missing-field estimated_delivery api:acme.shipment.v1.shipmentservice",
    ]
    "#);
}

/// Near miss: a field it has (and the oneof's name, which `WhichOneof` takes).
#[test]
fn a_presence_check_of_a_field_the_message_has_is_no_finding() {
    insta::assert_debug_snapshot!(notify_findings("tracking_url"), @"[]");
}

/// portal's findings: a grpc-js client calling `GetShipment` with the request object `request`.
fn portal_findings(request: &str) -> Vec<String> {
    let code = format!("import * as grpc from '@grpc/grpc-js';\nimport * as protoLoader from '@grpc/proto-loader';\n\nconst definition = protoLoader.loadSync('acme/shipment/v1/shipment.proto', {{ keepCase: true }});\nconst pkg = grpc.loadPackageDefinition(definition) as any;\nconst shipments = new pkg.acme.shipment.v1.ShipmentService('shipment-service:9090', grpc.credentials.createInsecure());\n\nexport function show(id: string, done: (s: any) => void) {{\n  shipments.GetShipment({request}, (err: Error | null, shipment: any) => done(shipment.shipment_id));\n}}\n");
    findings("portal", &[("src/shipments.ts", code.as_str()), ("package.json", "{\"name\": \"portal\"}\n"), ("Dockerfile", "FROM node:20\n")])
}

/// `{ shipment_id: id, priority: 'HIGH' }`: `GetShipmentRequest` has no `priority`, which
/// protobuf drops.
#[test]
fn an_rpc_request_key_its_message_lacks_is_a_finding() {
    insta::assert_debug_snapshot!(portal_findings("{ shipment_id: id, priority: 'HIGH' }"), @r#"
    [
        "unknown-request-field priority api:acme.shipment.v1.shipmentservice",
    ]
    "#);
}

/// Near miss: the request's own field, also in JSON's camel case.
#[test]
fn an_rpc_requests_own_fields_are_no_finding() {
    insta::assert_debug_snapshot!(portal_findings("{ shipmentId: id }"), @"[]");
}

/// notify's findings: a Python stub's `GetShipment` called with a message built with `arguments`.
fn python_request_findings(arguments: &str) -> Vec<String> {
    let code = format!("import grpc\nfrom acme.shipment.v1 import shipment_pb2, shipment_pb2_grpc\n\nstub = shipment_pb2_grpc.ShipmentServiceStub(grpc.insecure_channel(\"shipment-service:9090\"))\n\n\ndef link(shipment_id):\n    shipment = stub.GetShipment(shipment_pb2.GetShipmentRequest({arguments}), timeout=5)\n    return shipment.tracking_url\n");
    findings("notify", &[("notify/links.py", code.as_str()), ("requirements.txt", "grpcio==1.64.0\n"), ("Dockerfile", "FROM python:3.12\n")])
}

/// `GetShipmentRequest(shipment_id=.., warehouse_code=..)`: the message has no `warehouse_code`
/// (fulfillment-worker of the eighth planted-mismatch evaluation's org P, P7).
#[test]
fn a_python_request_messages_keyword_it_lacks_is_a_finding() {
    insta::assert_debug_snapshot!(python_request_findings("shipment_id=shipment_id, warehouse_code=\"W1\""), @r#"
    [
        "unknown-request-field warehouse_code api:acme.shipment.v1.shipmentservice",
    ]
    "#);
}

/// Near miss: the message's own field.
#[test]
fn a_python_request_messages_own_keywords_are_no_finding() {
    insta::assert_debug_snapshot!(python_request_findings("shipment_id=shipment_id"), @"[]");
}

/// planner's findings: a Go struct's exported field holds the client, and a method calls `rpc`
/// on it (order-service of the eighth planted-mismatch evaluation's org P keeps `Inventory
/// inventoryv1.InventoryServiceClient` and calls `s.Inventory.ReleaseReservation(..)`).
fn exported_field_findings(rpc: &str) -> Vec<String> {
    let code = format!("package planner\n\nimport (\n\t\"context\"\n\n\tshipmentv1 \"github.com/acme/shipment-proto/gen/go/acme/shipment/v1\"\n)\n\ntype Service struct {{\n\tShipments shipmentv1.ShipmentServiceClient\n}}\n\nfunc (s *Service) Drop(ctx context.Context, id string) error {{\n\t_, err := s.Shipments.{rpc}(ctx, &shipmentv1.GetShipmentRequest{{ShipmentId: id}})\n\treturn err\n}}\n");
    findings("planner", &[("internal/planner/service.go", code.as_str()), ("go.mod", "module example.com/planner\n\ngo 1.22\n"), ("Dockerfile", "FROM golang:1.22\n")])
}

/// `s.Shipments.CancelShipment(..)`: the service has no such rpc.
#[test]
fn an_rpc_called_on_an_exported_go_field_the_service_lacks_is_a_finding() {
    insta::assert_debug_snapshot!(exported_field_findings("CancelShipment"), @r#"
    [
        "consumed-operation-missing CancelShipment api:acme.shipment.v1.shipmentservice",
    ]
    "#);
}

/// Near miss: the service's rpc.
#[test]
fn an_rpc_called_on_an_exported_go_field_the_service_has_is_no_finding() {
    insta::assert_debug_snapshot!(exported_field_findings("GetShipment"), @"[]");
}
